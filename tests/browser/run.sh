#!/usr/bin/env bash
# Loads the packed npm package in headless Chromium (Debian's package, installed by
# scripts/test.sh) from a static server on 127.0.0.1 and prints the page's verdict line
# "browser: N passed, M failed". Exit status 1 on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$TARGET/browser-test"
rm -rf "$WORK" && mkdir -p "$WORK/pkg" "$WORK/vectors" "$WORK/api/cgi-bin/open"
tar xzf "$(ls "$TARGET"/npm/wxopen-*.tgz)" -C "$WORK/pkg" --strip-components=1
cp "$ROOT"/tests/browser/index.html "$ROOT"/tests/browser/browser.test.mjs "$WORK/"
cp "$ROOT"/tests/vectors/webhook.json "$ROOT"/tests/vectors/api_open.json "$WORK/vectors/"
printf '{"open_appid":"wxopen_static_answer","errcode":0}' > "$WORK/api/cgi-bin/open/get"

PY="${PYTHON:-python3}"
# A static server that answers GET and POST alike (the client POSTs to the API base).
"$PY" - "$WORK" <<'PYEOF' &
import functools, http.server, socketserver, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript"}
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.path = self.path.split("?", 1)[0]
        if self.path.startswith("/redirect/"):
            # A redirecting gateway: the client must not follow it (issue 7, item 6).
            self.send_response(302)
            self.send_header("location", "/api/cgi-bin/open/get")
            self.send_header("content-length", "0")
            self.end_headers()
            return
        return self.do_GET()
    def log_message(self, *a):
        pass
handler = functools.partial(Handler, directory=sys.argv[1])
with socketserver.TCPServer(("127.0.0.1", 0), handler) as srv:
    open(sys.argv[1] + "/port", "w").write(str(srv.server_address[1]))
    srv.serve_forever()
PYEOF
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
port=$(cat "$WORK/port")

profile=$(mktemp -d)
out=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=20000 --dump-dom \
  "http://127.0.0.1:$port/index.html" 2>/dev/null || true)
rm -rf "$profile"
echo "$out" | sed -n '/<pre id="out"/,/<\/pre>/p' | sed 's/<[^>]*>//g' | grep -E '^(not ok|browser:)' || true
echo "$out" | grep -qE '^browser: [0-9]+ passed, 0 failed' || { echo "browser tests failed or did not finish"; exit 1; }
