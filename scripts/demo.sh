#!/usr/bin/env bash
# The main job: a third-party platform onboards a merchant against wxopen-sandbox — a local
# WeChat in auto mode, whose people act by themselves after a short delay — once in Python
# (examples/python/onboarding.py, from the wheels installed in .venv) and once in Node
# (examples/node/onboarding.mjs, from the packed npm tarball installed into a scratch project).
# Installs what it needs on first use; safe to run twice. DEMO_DELAY_MS sets how long each
# person takes (default 1000).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(date +%s%N)
delay="${DEMO_DELAY_MS:-1000}"

setup_rust
setup_demo_python
setup_node
build_python
build_sandbox_wheel
if npm_package_fresh; then
  step "npm package: target/npm/$(basename "$(ls "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz)") is newer than its sources (not rebuilt)"
else
  build_js
fi
demo_node="$CARGO_TARGET_DIR/demo-node"
install_tarball "$demo_node"
cp "$ROOT/examples/node/onboarding.mjs" "$demo_node/"

step "Python: examples/python/onboarding.py (wxopen and wxopen-sandbox from the installed wheels)"
(cd "$CARGO_TARGET_DIR" && "$PY" "$ROOT/examples/python/onboarding.py" --delay-ms "$delay")

step "Node: onboarding.mjs in $demo_node (wxopen from the packed tarball; wxopen-sandbox from the wheel)"
(cd "$demo_node" && PATH="$VENV/bin:$PATH" node onboarding.mjs --delay-ms "$delay")

step "demo finished in $(( ($(date +%s%N) - started) / 1000000 )) ms"
