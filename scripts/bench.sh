#!/usr/bin/env bash
# Benchmarks (not tests): criterion for the core, then the Python and Node comparisons against
# their peers, each in one run so both sides see the same machine. Results go to
# docs/benchmarks.md by hand — this prints them.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
setup_rust
setup_python
setup_node

step "criterion: core push handling"
cargo bench --locked -q -p wxopen --bench webhook -- --warm-up-time 1 --measurement-time 3 2>&1 \
  | grep -E '^webhook/|time:'

step "criterion: driver warm call vs registry build + parse"
cargo bench --locked -q -p wxopen --bench driver -- --warm-up-time 1 --measurement-time 3 2>&1 \
  | grep -E '^driver/|time:'

build_python
step "Python: wxopen vs wechatpy"
"$PY" scripts/bench/bench_python.py
step "Python: Platform call with a warm token vs the explicit-token Client"
"$PY" scripts/bench/bench_platform.py

build_js
step "Node: wxopen (wasm) vs wechat-crypto + fast-xml-parser"
BENCH="$ROOT/scripts/bench"
(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
rm -rf "$BENCH/node_modules/wxopen" && mkdir -p "$BENCH/node_modules/wxopen"
tar xzf "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz -C "$BENCH/node_modules/wxopen" --strip-components=1
node "$BENCH/bench_node.mjs"
step "Node: Platform warm call vs the explicit-token Client"
node "$BENCH/bench_platform.mjs"
