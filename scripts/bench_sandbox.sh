#!/usr/bin/env bash
# Load test of the sandbox (not a test): wrk (Debian) drives the token endpoint on loopback and
# reports throughput and latency percentiles. Two cores here: wrk gets one thread, the sandbox a
# tuned runtime (--threads). Usage: scripts/bench_sandbox.sh [seconds] [connections]
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
DURATION="${1:-10}"
CONNS="${2:-32}"
WORK="$CARGO_TARGET_DIR/bench-sandbox"
mkdir -p "$WORK"

if ! command -v wrk >/dev/null 2>&1; then
  step "apt-get install wrk"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

step "cargo build --release -p wxopen-sandbox"
cargo build --locked --release -q -p wxopen-sandbox
BIN="$CARGO_TARGET_DIR/release/wxopen-sandbox"

# A daily quota large enough for the run (the default, 10,000, would answer 45009 within a
# second), a fixed clock and seed.
cat > "$WORK/config.toml" <<TOML
seed = 1
start_time = 1790000000
[limits]
daily_default = 1000000000
[limits.daily]
"/cgi-bin/component/api_component_token" = 1000000000
TOML

SB_PID=""
cleanup() { [ -n "$SB_PID" ] && kill "$SB_PID" 2>/dev/null && wait "$SB_PID" 2>/dev/null; true; }
trap cleanup EXIT

run() { # run THREADS NAME PATH BODY
  local threads="$1" name="$2" path="$3" body="$4"
  cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$body]]
LUA
  local before after
  before=$(cpu_ticks)
  $PIN_WRK wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$BASE$path" > "$WORK/wrk.txt"
  after=$(cpu_ticks)
  local rps p50 p99 total errs
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/wrk.txt")
  printf '%-22s threads=%s conns=%s  %10s req/s  p50 %-8s p99 %-8s  (%s requests) %s\n' \
    "$name" "$threads" "$CONNS" "$rps" "$p50" "$p99" "$total" "$errs"
  # Where the time goes: the sandbox's own CPU time (user + kernel) per request.
  read -r bu bs <<<"$before"; read -r au as <<<"$after"
  local hz; hz=$(getconf CLK_TCK)
  awk -v u=$((au - bu)) -v s=$((as - bs)) -v n="$total" -v hz="$hz" \
    'BEGIN { printf "  sandbox CPU per request: %.1f us (user %.1f, kernel %.1f)\n", (u+s)*1e6/hz/n, u*1e6/hz/n, s*1e6/hz/n }'
}

# utime and stime (clock ticks) of the sandbox process.
cpu_ticks() { awk '{print $14, $15}' "/proc/$SB_PID/stat"; }

# PIN=1: wrk on core 0, the sandbox on core 1 (no migration between them).
PIN_WRK=""; PIN_SB=""
if [ "${PIN:-0}" = 1 ]; then PIN_WRK="taskset -c 0"; PIN_SB="taskset -c 1"; fi

for threads in 1 2; do
  $PIN_SB "$BIN" --config "$WORK/config.toml" --port 0 --threads "$threads" > "$WORK/sandbox.out" 2>&1 &
  SB_PID=$!
  for _ in $(seq 50); do grep -q "listening on" "$WORK/sandbox.out" 2>/dev/null && break; sleep 0.1; done
  BASE=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/sandbox.out")
  platform=$(curl -s "$BASE/sandbox/platforms")
  appid=$(echo "$platform" | "${PY:-python3}" -c 'import json,sys; print(json.load(sys.stdin)[0]["appid"])')
  secret=$(echo "$platform" | "${PY:-python3}" -c 'import json,sys; print(json.load(sys.stdin)[0]["secret"])')
  ticket=$(echo "$platform" | "${PY:-python3}" -c 'import json,sys; print(json.load(sys.stdin)[0]["ticket"])')
  body="{\"component_appid\":\"$appid\",\"component_appsecret\":\"$secret\",\"component_verify_ticket\":\"$ticket\"}"
  # The answer must be a token, not an errcode.
  curl -s -XPOST "$BASE/cgi-bin/component/api_component_token" -d "$body" | grep -q component_access_token
  step "wrk: api_component_token (mints a token per call), sandbox --threads $threads"
  run "$threads" "api_component_token" "/cgi-bin/component/api_component_token" "$body"
  cat_token=$(curl -s -XPOST "$BASE/cgi-bin/component/api_component_token" -d "$body" | "${PY:-python3}" -c 'import json,sys; print(json.load(sys.stdin)["component_access_token"])')
  # Every call was counted: the quota's `used` equals wrk's total + the two curl calls.
  curl -s -XPOST "$BASE/cgi-bin/openapi/quota/get?access_token=$cat_token" \
    -d '{"cgi_path":"/cgi-bin/component/api_component_token"}' | sed 's/^/  quota after the run: /'; echo
  step "wrk: getApiQuota with the component token (a token-taking read), sandbox --threads $threads"
  run "$threads" "openapi/quota/get" "/cgi-bin/openapi/quota/get?access_token=$cat_token" '{"cgi_path":"/cgi-bin/component/api_component_token"}'
  cleanup; SB_PID=""
done
