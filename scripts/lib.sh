# Shared by the README's commands. Sourced, not run. Every step is idempotent: a second run
# reuses what the first installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
WASM_PKG="$ROOT/bindings-wasm"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/bindings-wasm/Cargo.toml"
}

setup_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want; want="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
    step "cargo install wasm-bindgen-cli $want (pinned to the crate's version)"
    # --locked fails against this registry mirror (see shared/TOOLCHAIN.md); --debug with no
    # debuginfo builds in a third of the time and produces identical output.
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$ROOT/target/tools" \
      cargo install wasm-bindgen-cli --version "$want" --debug --quiet
  fi
}

MATURIN="maturin==1.16.0"

setup_python() {
  if [ ! -x "$PY" ]; then
    step "python venv in .venv"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.wxopen-deps"
  local want="$MATURIN pytest==9.2.0 ruff==0.17.5 httpx==0.28.1 flask==3.1.3 fastapi==0.163.2 wechatpy[cryptography]==1.8.18 cryptography==50.0.2 redis==8.1.0 uvicorn==0.54.0 sqlalchemy==2.1.9 psycopg[binary]==3.3.9 schemathesis==4.32.5"
  # The notebook test: nbclient executes examples/notebook.ipynb in an ipykernel of this venv.
  want="$want nbclient==0.11.0 ipykernel==7.4.0"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "pip install $want"
    "$PY" -m pip install --quiet --disable-pip-version-check $want
    echo "$want" > "$stamp"
  fi
}

# What the demo needs of the venv: only maturin, to build the wheels (the demo runs on what
# they install). A venv set up by setup_python has it already.
setup_demo_python() {
  if [ ! -x "$PY" ]; then
    step "python venv in .venv"
    python3 -m venv "$VENV"
  fi
  if ! "$VENV/bin/maturin" --version 2>/dev/null | grep -qx "maturin ${MATURIN#maturin==}"; then
    step "pip install $MATURIN"
    "$PY" -m pip install --quiet --disable-pip-version-check "$MATURIN"
  fi
}

setup_node() {
  if [ ! -d "$WASM_PKG/node_modules" ] || [ "$WASM_PKG/package-lock.json" -nt "$WASM_PKG/node_modules/.package-lock.json" ]; then
    step "npm ci (bindings-wasm)"
    (cd "$WASM_PKG" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Headless Chromium from Debian's packages, for the browser tests of the npm package, and a
# small CJK font (5 MB) so the browser page's Chinese labels render in its screenshot.
setup_browser() {
  if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    step "apt-get install chromium fonts-wqy-microhei (browser tests)"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  fi
}

# Builds the abi3 wheel and installs it into the venv.
build_python() {
  step "maturin build --release (abi3 wheel)"
  rm -f "$CARGO_TARGET_DIR"/wheels/wxopen-*.whl
  (cd "$ROOT/bindings-py" && "$VENV/bin/maturin" build --release --locked --quiet --out "$CARGO_TARGET_DIR/wheels")
  "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$CARGO_TARGET_DIR"/wheels/wxopen-*.whl
}

# Builds the wxopen-sandbox binary wheel (maturin "bin" bindings) and installs it into the venv:
# what `pip install wxopen-sandbox` gives (the binary on the venv's PATH). The tests take the
# dev profile, which reuses `cargo test`'s build (measured: 6 s instead of 76 s cold for
# --release; same behaviour, nothing here times it); SANDBOX_WHEEL_PROFILE=release builds the
# wheel to publish (scripts/bench_sandbox.sh measures the release binary).
build_sandbox_wheel() {
  local profile="${SANDBOX_WHEEL_PROFILE:-dev}"
  step "maturin build --profile $profile (wxopen-sandbox bin wheel)"
  rm -f "$CARGO_TARGET_DIR"/wheels/wxopen_sandbox-*.whl
  (cd "$ROOT/sandbox/python" && "$VENV/bin/maturin" build --profile "$profile" --locked --quiet --out "$CARGO_TARGET_DIR/wheels")
  "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$CARGO_TARGET_DIR"/wheels/wxopen_sandbox-*.whl
}

# Builds the npm package (wasm + glue + wrapper) and packs it to target/npm/wxopen-<v>.tgz.
# Three wasm modules: the full one (`wxopen`), the lite one without the platform driver
# (`wxopen/lite`, cargo's --no-default-features --features client) and the push one without
# the driver and the Client (`wxopen/push`, --no-default-features); build.mjs checks each
# against bindings-wasm/wasm-budget.json.
build_js() {
  step "wasm builds (full, lite, push) + wasm-bindgen + wasm-opt + size budget + bundle + npm pack"
  local out="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release"
  cargo build --locked -p wxopen-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet
  cp "$out/wxopen_wasm.wasm" "$out/wxopen_wasm_full.wasm"
  cargo build --locked -p wxopen-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet --no-default-features --features client
  cp "$out/wxopen_wasm.wasm" "$out/wxopen_wasm_lite.wasm"
  cargo build --locked -p wxopen-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet --no-default-features
  cp "$out/wxopen_wasm.wasm" "$out/wxopen_wasm_push.wasm"
  (cd "$WASM_PKG" && node scripts/build.mjs "$out/wxopen_wasm_full.wasm" "$out/wxopen_wasm_lite.wasm" "$out/wxopen_wasm_push.wasm")
  mkdir -p "$CARGO_TARGET_DIR/npm"
  rm -f "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz
  (cd "$WASM_PKG" && npm pack --silent --pack-destination "$CARGO_TARGET_DIR/npm" >/dev/null)
  ls "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz
}

# Whether target/npm/wxopen-*.tgz exists and is newer than everything it is built from (the
# core, the wasm crate, its JS, its build script and package files, the lock files): then
# build_js would repack the same package.
npm_package_fresh() {
  local tgz
  tgz="$(ls "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz 2>/dev/null | head -1)"
  [ -n "$tgz" ] || return 1
  [ -z "$(find "$ROOT/core" "$ROOT/bindings-wasm/src" "$ROOT/bindings-wasm/js" "$ROOT/bindings-wasm/scripts" \
      "$ROOT/bindings-wasm/Cargo.toml" "$ROOT/bindings-wasm/package.json" "$ROOT/bindings-wasm/wasm-budget.json" "$ROOT/bindings-wasm/package-lock.json" \
      "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" -newer "$tgz" -print -quit)" ]
}

# Installs the packed tarball into the scratch project $1 (a package.json of its own), as
# `npm install wxopen` would; skipped when that very tarball is installed already.
install_tarball() {
  local dir="$1" tgz sum
  tgz="$(ls "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz)"
  sum="$(sha256sum "$tgz" | cut -d' ' -f1)"
  mkdir -p "$dir"
  if [ "$(cat "$dir/.wxopen-tarball" 2>/dev/null)" != "$sum" ] || [ ! -d "$dir/node_modules/wxopen" ]; then
    step "npm install $(basename "$tgz") into $dir"
    printf '{ "name": "wxopen-demo", "private": true, "type": "module" }\n' > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --no-save "$tgz" >/dev/null)
    echo "$sum" > "$dir/.wxopen-tarball"
  fi
}

# ---- real servers for tests (Debian packages), on 127.0.0.1, data under the target dir ----

# Installs Debian package $1 when command $2 is missing (as root, or via sudo).
ensure_apt() {
  local pkg="$1" cmd="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  [ -x "$cmd" ] && return 0
  step "apt-get install $pkg"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -f "$ROOT/target/.apt-updated" ]; then
    $sudo apt-get update -qq >/dev/null
    mkdir -p "$ROOT/target" && touch "$ROOT/target/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

SERVICES_DIR="$CARGO_TARGET_DIR/services"
_service_pids=()
stop_services() {
  local pid
  for pid in "${_service_pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    _pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
  _service_pids=()
}

# Starts redis-server on a free port; exports REDIS_URL. Stopped by stop_services (trap it).
start_redis() {
  ensure_apt redis-server redis-server
  local port dir; port="$(free_port)"; dir="$SERVICES_DIR/redis-$port"
  rm -rf "$dir" && mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
    --logfile "$dir/redis.log" --daemonize no &
  _service_pids+=("$!")
  local i; for i in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05
  done
  redis-cli -p "$port" ping >/dev/null
  export REDIS_URL="redis://127.0.0.1:$port/0"
  echo "redis-server on $REDIS_URL (data in $dir)"
}

_pg_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a throwaway PostgreSQL cluster on a free port (initdb in the target dir; run as the
# postgres user when we are root, since the server refuses to run as root); exports DATABASE_URL
# (postgresql://wxopen@127.0.0.1:PORT/wxopen, trust auth on loopback). Stopped by stop_services.
start_postgres() {
  ensure_apt postgresql /usr/lib/postgresql/15/bin/initdb
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local port; port="$(free_port)"
  PG_DATA="$SERVICES_DIR/pg-$port"
  rm -rf "$PG_DATA" && mkdir -p "$PG_DATA"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$SERVICES_DIR" && chmod 755 "$CARGO_TARGET_DIR" "$SERVICES_DIR"
  _pg_as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U wxopen --auth=trust -E UTF8 >/dev/null
  _pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-p $port -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  _pg_as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U wxopen wxopen
  export DATABASE_URL="postgresql://wxopen@127.0.0.1:$port/wxopen"
  echo "postgresql on $DATABASE_URL (data in $PG_DATA)"
}
