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

setup_python() {
  if [ ! -x "$PY" ]; then
    step "python venv in .venv"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.wxopen-deps"
  local want="maturin==1.16.0 pytest==9.2.0 ruff==0.17.5 httpx==0.28.1 flask==3.1.3 fastapi==0.163.2 wechatpy[cryptography]==1.8.18 cryptography==50.0.2"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "pip install $want"
    "$PY" -m pip install --quiet --disable-pip-version-check $want
    echo "$want" > "$stamp"
  fi
}

setup_node() {
  if [ ! -d "$WASM_PKG/node_modules" ] || [ "$WASM_PKG/package-lock.json" -nt "$WASM_PKG/node_modules/.package-lock.json" ]; then
    step "npm ci (bindings-wasm)"
    (cd "$WASM_PKG" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Headless Chromium from Debian's packages, for the browser test of the npm package.
setup_browser() {
  if ! command -v chromium >/dev/null 2>&1; then
    step "apt-get install chromium (browser test)"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
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
build_js() {
  step "wasm build + wasm-bindgen + wasm-opt + bundle + npm pack"
  cargo build --locked -p wxopen-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet
  (cd "$WASM_PKG" && node scripts/build.mjs "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/wxopen_wasm.wasm")
  mkdir -p "$CARGO_TARGET_DIR/npm"
  rm -f "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz
  (cd "$WASM_PKG" && npm pack --silent --pack-destination "$CARGO_TARGET_DIR/npm" >/dev/null)
  ls "$CARGO_TARGET_DIR"/npm/wxopen-*.tgz
}
