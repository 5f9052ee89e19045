"""The open-platform account flow (spec §2) end to end over real HTTP on 127.0.0.1.

A small stand-in for WeChat's §2 endpoints runs on loopback with the rules of spec §10 (one open
account per appid → 89000, same subject only → 89001, not bound → 89002, at most 100 accounts →
89004). The wxopen client, with its default standard-library transport, drives it:
have → create → get → bind a second account → unbind → errors explained.

Run: ``scripts/demo.sh`` (or ``python examples/python/demo.py`` with wxopen installed).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import wxopen

# Two mini programs of one merchant (same subject) and one of another merchant.
ACCOUNTS = {
    "AAT-shop-a": ("wx_shop_a_000001", "Acme Ltd"),
    "AAT-shop-b": ("wx_shop_b_000002", "Acme Ltd"),
    "AAT-other": ("wx_other_0000003", "Other Co"),
}


class OpenPlatformStandIn:
    """Open-account state: which open account each appid is bound to, and each one's subject."""

    def __init__(self) -> None:
        self.bound: dict[str, str] = {}
        self.subject_of_open: dict[str, str] = {}
        self.lock = threading.Lock()

    def handle(self, op: str, token: str, body: dict) -> dict:
        if token not in ACCOUNTS:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        appid, subject = ACCOUNTS[token]
        if body.get("appid", appid) != appid:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        with self.lock:
            current = self.bound.get(appid)
            if op == "have":
                return {"errcode": 0, "errmsg": "ok", "have_open": current is not None}
            if op == "get":
                if current is None:
                    return {"errcode": 89002, "errmsg": "account not bind open"}
                return {"errcode": 0, "errmsg": "ok", "open_appid": current}
            if op == "create":
                if current is not None:
                    return {"errcode": 89000, "errmsg": "account has bound open"}
                open_appid = f"wxopen{len(self.subject_of_open) + 1:011d}"
                self.subject_of_open[open_appid] = subject
                self.bound[appid] = open_appid
                return {"errcode": 0, "errmsg": "ok", "open_appid": open_appid}
            open_appid = body.get("open_appid", "")
            if open_appid not in self.subject_of_open:
                return {"errcode": 40013, "errmsg": "invalid open_appid"}
            if self.subject_of_open[open_appid] != subject:
                return {"errcode": 89001, "errmsg": "not same contractor"}
            if op == "bind":
                if current is not None:
                    return {"errcode": 89000, "errmsg": "account has bound open"}
                if sum(1 for o in self.bound.values() if o == open_appid) >= 100:
                    return {"errcode": 89004, "errmsg": "open's account reach limit"}
                self.bound[appid] = open_appid
                return {"errcode": 0, "errmsg": "ok"}
            if op == "unbind":
                if current != open_appid:
                    return {"errcode": 89002, "errmsg": "account not bind open"}
                del self.bound[appid]
                return {"errcode": 0, "errmsg": "ok"}
        return {"errcode": 40097, "errmsg": "invalid args"}


def serve(state: OpenPlatformStandIn) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            url = urlsplit(self.path)
            token = parse_qs(url.query).get("access_token", [""])[0]
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            op = url.path.rsplit("/", 1)[-1] if url.path.startswith("/cgi-bin/open/") else ""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                reply = {"errcode": 47001, "errmsg": "data format error"}
            else:
                reply = state.handle(op, token, body)
            payload = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    server = serve(OpenPlatformStandIn())
    base = f"http://127.0.0.1:{server.server_address[1]}"
    client = wxopen.Client(api_base=base)
    shop_a = wxopen.AuthorizerToken("wx_shop_a_000001", "AAT-shop-a")
    shop_b = wxopen.AuthorizerToken("wx_shop_b_000002", "AAT-shop-b")
    other = wxopen.AuthorizerToken("wx_other_0000003", "AAT-other")
    print(f"WeChat stand-in on {base}; client {client!r}; token {shop_a!r}")

    print("1. shop A has an open account?", client.open_have(shop_a).have_open)
    created = client.open_create(shop_a)
    print("2. created", created)
    print("3. shop A is bound to", client.open_get(shop_a).open_appid)
    client.open_bind(shop_b, open_appid=created.open_appid)
    print("4. shop B bound to", client.open_get(shop_b).open_appid)
    try:
        client.open_bind(other, open_appid=created.open_appid)
    except wxopen.ApiError as e:
        print(f"5. other merchant refused: {e.errcode} {e.meaning} — hint: {e.hint}")
    client.open_unbind(shop_b, open_appid=created.open_appid)
    try:
        client.open_get(shop_b)
    except wxopen.ApiError as e:
        print(f"6. shop B after unbind: {e.errcode} {e.meaning_zh} ({e.category})")
    try:
        client.open_bind(shop_b)
    except wxopen.InvalidArgument as e:
        print(f"7. refused before sending: {e}")
    server.shutdown()
    print("demo finished")


if __name__ == "__main__":
    main()
