#!/usr/bin/env bash
# Runs every test in every language (the README's test command). Safe to run twice.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
start=$(date +%s)
summary=()

setup_rust
setup_python
setup_node
trap stop_services EXIT
start_redis

step "rustfmt"
cargo fmt --all --check

step "clippy -D warnings"
cargo clippy --locked --workspace --all-targets --quiet -- -D warnings

step "cargo test (Rust)"
cargo test --locked --workspace 2>&1 | tee "$CARGO_TARGET_DIR/rust-tests.log"

step "client feature: clippy + tests against a loopback HTTP server (reqwest, tokio)"
cargo clippy --locked -p wxopen --features client --all-targets --quiet -- -D warnings
cargo test --locked -p wxopen --features client --test client 2>&1 | tee -a "$CARGO_TARGET_DIR/rust-tests.log"
cargo test --locked -p wxopen --features client --doc client 2>&1 | tee -a "$CARGO_TARGET_DIR/rust-tests.log"

step "schema feature: clippy + schema/operations.json is current + the generated .pyi/.d.ts are current"
cargo clippy --locked -p wxopen --features schema --all-targets --quiet -- -D warnings
cargo test --locked -p wxopen --features schema --test schema 2>&1 | tee -a "$CARGO_TARGET_DIR/rust-tests.log"
cargo test --locked -p wxopen --features schema --lib schema:: 2>&1 | tee -a "$CARGO_TARGET_DIR/rust-tests.log"
python3 "$ROOT/scripts/gen_stubs.py" --check

rust_passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$CARGO_TARGET_DIR/rust-tests.log" | awk '{s+=$4} END {print s+0}')
summary+=("rust: $rust_passed passed")

step "core builds for wasm32-unknown-unknown (no I/O dependencies)"
cargo build --locked -p wxopen --target wasm32-unknown-unknown --quiet
if cargo tree --locked -p wxopen -e normal --target wasm32-unknown-unknown | grep -q reqwest; then
  echo "the default core build must not depend on reqwest" >&2; exit 1
fi
if cargo tree --locked --workspace -e normal | grep -q schemars; then
  echo "no default build may depend on schemars (feature schema)" >&2; exit 1
fi

step "client feature builds for wasm32-unknown-unknown (reqwest over fetch)"
cargo clippy --locked -p wxopen --features client --target wasm32-unknown-unknown --quiet -- -D warnings

build_python
build_sandbox_wheel
step "ruff"
"$VENV/bin/ruff" check --quiet bindings-py/python tests/python tests/backend examples scripts/gen_stubs.py
"$VENV/bin/ruff" format --check --quiet bindings-py/python tests/python tests/backend examples scripts/gen_stubs.py
step "pytest (Python)"
"$PY" -m pytest -q tests/python 2>&1 | tee "$CARGO_TARGET_DIR/py-tests.log"
py_passed=$(grep -Eo '[0-9]+ passed' "$CARGO_TARGET_DIR/py-tests.log" | tail -1 | awk '{print $1}')
summary+=("python: ${py_passed:-0} passed")

step "back end (examples/backend as processes against the sandbox; two on PostgreSQL + Redis)"
start_postgres
backend_start=$(date +%s)
"$PY" -m pytest -q tests/backend 2>&1 | tee "$CARGO_TARGET_DIR/backend-tests.log"
backend_passed=$(grep -Eo '[0-9]+ passed' "$CARGO_TARGET_DIR/backend-tests.log" | tail -1 | awk '{print $1}')
summary+=("back end: ${backend_passed:-0} passed ($(( $(date +%s) - backend_start )) s)")

build_js
step "tsc --noEmit (type declarations)"
(cd "$WASM_PKG" && npx --no-install tsc -p tsconfig.json --noEmit)
step "node --test (JavaScript, from the packed tarball)"
bash "$ROOT/tests/js/run.sh" 2>&1 | tee "$CARGO_TARGET_DIR/js-tests.log"
js_passed=$(grep -Eo '^# pass [0-9]+' "$CARGO_TARGET_DIR/js-tests.log" | tail -1 | awk '{print $3}')
summary+=("javascript: ${js_passed:-0} passed")

setup_browser
step "browser (headless Chromium, the packed package's ESM build)"
bash "$ROOT/tests/browser/run.sh" | tee "$CARGO_TARGET_DIR/browser-tests.log"
browser_passed=$(grep -Eo '^browser: [0-9]+ passed' "$CARGO_TARGET_DIR/browser-tests.log" | awk '{print $2}')
summary+=("browser: ${browser_passed:-0} passed")

step "browser page (examples/browser in headless Chromium, driven by playwright-core)"
bash "$ROOT/tests/browser/page/run.sh" | tee "$CARGO_TARGET_DIR/browser-page-tests.log"
page_passed=$(grep -Eo '^browser-page: [0-9]+ passed' "$CARGO_TARGET_DIR/browser-page-tests.log" | awk '{print $2}')
summary+=("browser page: ${page_passed:-0} passed")

step "summary ($(( $(date +%s) - start )) s)"
printf '  %s\n' "${summary[@]}"
total=$(( rust_passed + ${py_passed:-0} + ${backend_passed:-0} + ${js_passed:-0} + ${browser_passed:-0} + ${page_passed:-0} ))
echo "all: $total passed, 0 failed"
