#!/usr/bin/env bash
# The browser page (examples/browser) in headless Chromium (Debian's package, installed by
# scripts/lib.sh setup_browser), driven by playwright-core — a test-runner dependency installed
# here, not one of the package's. The page is served by examples/browser/serve.mjs on 127.0.0.1
# with the packed tarball (target/npm/wxopen-*.tgz) unpacked as its node_modules/wxopen.
# Prints "browser-page: N passed, M failed"; screenshots stay in target/browser-page/*.png.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/browser-page"
PLAYWRIGHT_CORE="playwright-core@1.65.1"
rm -rf "$WORK" && mkdir -p "$WORK/pkg" "$WORK/runner"
tar xzf "$(ls "$TARGET"/npm/wxopen-*.tgz)" -C "$WORK/pkg" --strip-components=1
cp "$ROOT/tests/browser/page/page.test.mjs" "$WORK/runner/"
cat > "$WORK/runner/package.json" <<JSON
{ "name": "wxopen-browser-page-tests", "private": true, "type": "module" }
JSON
(cd "$WORK/runner" && npm install --no-audit --no-fund --loglevel=error --no-save "$PLAYWRIGHT_CORE" >/dev/null)
cd "$WORK/runner"
WXOPEN_PAGE_DIR="$ROOT/examples/browser" WXOPEN_PACKAGE_DIR="$WORK/pkg" WXOPEN_ARTIFACTS="$WORK" \
  timeout 300 node --test --test-reporter=tap ./page.test.mjs > "$WORK/tap.txt" 2>&1 || true
grep -E '^(not )?ok ' "$WORK/tap.txt" || true
if grep -q '^not ok' "$WORK/tap.txt"; then
  grep -A30 '^not ok' "$WORK/tap.txt" | grep -Ev '^\s*(stack|at |Test\.|TestContext|async )' | head -80
fi
passed=$(grep -Eo '^# pass [0-9]+' "$WORK/tap.txt" | awk '{print $3}')
failed=$(grep -Eo '^# fail [0-9]+' "$WORK/tap.txt" | awk '{print $3}')
ls "$WORK"/*.png
echo "browser-page: ${passed:-0} passed, ${failed:-1} failed"
[ "${passed:-0}" -gt 0 ] && [ "${failed:-1}" = 0 ]
