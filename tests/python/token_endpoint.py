"""A scripted WeChat on loopback that counts mints, for the concurrency tests: short-lived
tokens (seconds), every mint recorded with its time, every token checked on use, and one
forced 40001; plus the worker that processes and threads run against it.

Tokens live ``lifetime_s`` seconds from their mint. A call with an unknown token gets 40001, an
expired one 42001 — a refusal that reaches no caller shows up here only in ``refused``.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import wxopen

CID = "wxcomponent00000c1"
SECRET = "concurrency_secret_01"
TOKEN = "msgtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wxmerchant00000c01"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class TokenEndpoint:
    """The server. ``mints[kind]``: the server time (ms) of each mint; ``refused``: refusals
    by errcode; ``calls``: operation calls served."""

    def __init__(self, lifetime_s: int, force_40001_at: int) -> None:
        self.lifetime_ms = lifetime_s * 1000
        self.lifetime_s = lifetime_s
        self.force_at = force_40001_at
        self.lock = threading.Lock()
        self.mints: dict[str, list[int]] = {"component": [], "authorizer": []}
        self.live: dict[str, int] = {}  # token -> expiry (ms)
        self.refused: dict[int, int] = {}
        self.calls = 0
        self.have_calls = 0
        self.window: list[int] = []  # [first, last] server time of a request
        self.forced = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                token = dict(urllib.parse.parse_qsl(url.query)).get(
                    "component_access_token"
                ) or dict(urllib.parse.parse_qsl(url.query)).get("access_token")
                self.rfile.read(int(self.headers.get("content-length", 0)))
                answer = endpoint.answer(url.path, token)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _check(self, token: Any, now: int) -> int:
        expiry = self.live.get(token or "")
        if expiry is None:
            return 40001
        if now >= expiry:
            return 42001
        return 0

    def _mint(self, kind: str, now: int) -> str:
        self.mints[kind].append(now)
        value = f"{kind}-{len(self.mints[kind])}-{now}"
        self.live[value] = now + self.lifetime_ms
        return value

    def answer(self, path: str, token: Any) -> dict[str, Any]:
        with self.lock:
            now = now_ms()
            if self.window:
                self.window[1] = now
            else:
                self.window = [now, now]
            if path.endswith("/api_component_token"):
                value = self._mint("component", now)
                return {"component_access_token": value, "expires_in": self.lifetime_s}
            code = self._check(token, now)
            if code == 0 and path.endswith("/open/have"):
                self.calls += 1
                self.have_calls += 1
                if self.have_calls == self.force_at:
                    self.forced += 1
                    code = 40001  # as if another system had replaced the token
            if code:
                self.refused[code] = self.refused.get(code, 0) + 1
                return {"errcode": code, "errmsg": "invalid credential or access_token expired"}
            if path.endswith("/api_authorizer_token"):
                value = self._mint("authorizer", now)
                return {
                    "authorizer_access_token": value,
                    "expires_in": self.lifetime_s,
                    "authorizer_refresh_token": "refreshtoken@@@stable",
                }
            if path.endswith("/api_create_preauthcode"):
                self.calls += 1
                return {"pre_auth_code": "preauthcode@@@x", "expires_in": 1800}
            if path.endswith("/open/have"):
                return {"errcode": 0, "errmsg": "ok", "have_open": False}
            return {"errcode": 40066, "errmsg": f"invalid url {path}"}

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def open_store(spec: str) -> Any:
    """``sqlite:PATH`` or ``redis:URL``."""
    kind, _, where = spec.partition(":")
    if kind == "sqlite":
        return wxopen.SqliteStore(where)
    import redis

    return wxopen.RedisStore(redis.Redis.from_url(where))


def platform(spec: str, base: str, margin_ms: int, key_prefix: str) -> wxopen.Platform:
    return wxopen.Platform(
        component_appid=CID,
        component_appsecret=SECRET,
        token=TOKEN,
        encoding_aes_key=AES_KEY,
        store=open_store(spec),
        api_base=base,
        key_prefix=key_prefix,
        policy={"refresh_margin_ms": margin_ms},
    )


def hammer(p: wxopen.Platform, until: float) -> dict[str, Any]:
    """Calls a component-token and an authorizer-token operation in turn until ``until``
    (monotonic); counts successes and the errors that reached the caller."""
    ok, errors = 0, []
    merchant = p.authorizer(APPID)
    while time.monotonic() < until:
        try:
            p.create_preauthcode()
            merchant.open_have()
            ok += 2
        except wxopen.WxOpenError as e:
            errors.append(f"{e.code}: {e}")
    return {"ok": ok, "errors": errors}


def worker(
    spec: str, base: str, margin_ms: int, key_prefix: str, seconds: float, threads: int, queue: Any
) -> None:
    """A process: one Platform shared by ``threads`` threads, all calling for ``seconds``."""
    p = platform(spec, base, margin_ms, key_prefix)
    until = time.monotonic() + seconds
    results: list[dict[str, Any]] = []
    pool = [
        threading.Thread(target=lambda: results.append(hammer(p, until))) for _ in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put(
        {
            "ok": sum(r["ok"] for r in results),
            "errors": [e for r in results for e in r["errors"]],
        }
    )
