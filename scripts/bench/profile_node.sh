#!/usr/bin/env bash
# Per-stage profile of push handling in Node (not part of bench.sh: it needs its own build).
# Builds the npm package with wasm function names kept (own target dir, so the release build is
# untouched), then runs scripts/bench/profile_node.mjs against it.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
setup_rust
setup_node

OUT="$CARGO_TARGET_DIR/profile"
step "wasm build with names (target/profile)"
CARGO_TARGET_DIR="$OUT/cargo" CARGO_PROFILE_WASM_RELEASE_STRIP=none \
  cargo build --locked -p wxopen-wasm --target wasm32-unknown-unknown --profile wasm-release --quiet
rm -rf "$OUT/pkg" && mkdir -p "$OUT/pkg"
cp -r "$WASM_PKG/js" "$WASM_PKG/scripts" "$WASM_PKG/package.json" "$WASM_PKG/wasm-budget.json" "$OUT/pkg/"
ln -s "$WASM_PKG/node_modules" "$OUT/pkg/node_modules"
# The full module stands in for the lite one too (the profile loads `wxopen`).
(cd "$OUT/pkg" && WXOPEN_WASM_NAMES=1 node scripts/build.mjs "$OUT/cargo/wasm32-unknown-unknown/wasm-release/wxopen_wasm.wasm" "$OUT/cargo/wasm32-unknown-unknown/wasm-release/wxopen_wasm.wasm")

step "Node: Webhook.parse by stage"
node "$ROOT/scripts/bench/profile_node.mjs" "$OUT/pkg/dist/index.mjs"
