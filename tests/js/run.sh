#!/usr/bin/env bash
# Installs the packed tarball (target/npm/wxopen-*.tgz) into a scratch project and runs every
# JS test there with node --test, so the tests see exactly what `npm install wxopen` gives.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/js-test"
tgz=$(ls "$TARGET"/npm/wxopen-*.tgz)
rm -rf "$WORK" && mkdir -p "$WORK"
# The tests and their helpers (store contract, platform helpers, the worker processes).
cp "$ROOT"/tests/js/*.mjs "$ROOT"/tests/js/*.test.cjs "$WORK"/
# The Node examples import "wxopen"; copied next to the installed package they resolve it as a
# user's project would (examples.test.mjs runs them from here).
mkdir -p "$WORK/examples" && cp "$ROOT"/examples/node/*.mjs "$WORK/examples/"
cat > "$WORK/package.json" <<JSON
{ "name": "wxopen-tests", "private": true, "type": "module" }
JSON
# express: only for examples/node/webhook_express.mjs; wechat-crypto: the peer that decrypts a
# sandbox push (sandbox.test.mjs); redis (node-redis): the client RedisStore is given (an
# optional peer dependency of wxopen; @types/node for its typings) — test-runner dependencies,
# not the package's.
(cd "$WORK" && npm install --no-audit --no-fund --loglevel=error --no-save "$tgz" express@5.3.0 wechat-crypto@0.0.2 redis@6.3.1 @types/node@20.19.43 >/dev/null)
cd "$WORK"
# The package's typings as ESM and CJS consumers see them through its exports map.
mkdir -p "$WORK/types" && cp "$ROOT"/tests/js/types/* "$WORK/types/"
"$ROOT/bindings-wasm/node_modules/.bin/tsc" -p "$WORK/types/tsconfig.json"
echo "typings: ESM and CJS consumers type-check"
# sandbox.test.mjs finds wxopen-sandbox on the PATH, as after `pip install wxopen-sandbox` in
# the venv (scripts/lib.sh build_sandbox_wheel).
PATH="$ROOT/.venv/bin:$PATH" WXOPEN_VECTORS="$ROOT/tests/vectors" WXOPEN_ROOT="$ROOT" node --test --test-reporter=tap ./*.test.mjs ./*.test.cjs | tee "$WORK/tap.txt" | grep -Ev '^\s*(ok|#|1\.\.|TAP|---|\.\.\.|duration_ms|type:)' || true
# The concurrency tests' counts (mints, gaps, refusals), printed by the tests themselves.
grep -h 'concurrency: {' "$WORK/tap.txt" | sed 's/^# //' || true
tail -n 9 "$WORK/tap.txt"
grep -q '^# fail 0$' "$WORK/tap.txt"
