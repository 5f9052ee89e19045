"""Rehearse the full-network-release (全网发布) check against the sandbox, before pressing the
button on open.weixin.qq.com.

A platform's two push URLs on 127.0.0.1 (a real HTTP server, as in production):

* ``POST /wechat/component`` — the 授权事件接收URL: ``platform.handle`` (tickets, the test
  account's authorization), answered ``success``;
* ``POST /wechat/<appid>/callback`` — the 消息与事件接收URL (``$APPID$`` in the configured URL):
  ``platform.handle_message``, then ``platform.release_check`` answers the check's messages —
  the encrypted ``TESTCOMPONENT_MSG_TYPE_TEXT_callback`` reply, or an empty answer to
  ``QUERY_AUTH_CODE:<code>`` whose follow-up (exchange the code, send ``<code>_from_api``
  through ``custom/send`` as the test account) runs right *after* the answer is written.

Then the sandbox plays WeChat's check (``sandbox.release_check(group=1)``) and reports each case.
Run: ``python examples/python/release_rehearsal.py`` (needs ``wxopen-sandbox`` on the PATH).
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

import wxopen
from wxopen.testing import Sandbox

Later = Optional[Callable[[], Any]]


class PlatformServer:
    """Both push URLs of ``platform`` on 127.0.0.1; ``url`` is its base. Override
    :meth:`on_message` to answer the message URL differently."""

    def __init__(self, platform: wxopen.Platform) -> None:
        self.platform = platform
        self.errors: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                parts = url.path.strip("/").split("/")
                later: Later = None
                try:
                    if parts == ["wechat", "component"]:
                        platform.handle(url.query, body)
                        answer = wxopen.SUCCESS
                    elif len(parts) == 3 and parts[0] == "wechat" and parts[2] == "callback":
                        answer, later = server.on_message(parts[1], url.query, body)
                    else:
                        self._answer(404, "not found")
                        return
                except wxopen.WxOpenError as e:
                    server.errors.append(f"{type(e).__name__}: {e}")
                    self._answer(500, "error")
                    return
                self._answer(200, answer)
                if later is not None:
                    later()  # after the answer: WeChat wants it within 5 s

            def _answer(self, status: int, text: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("content-type", "text/plain")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def on_message(self, appid: str, query: str, body: bytes) -> tuple[str, Later]:
        """The message URL: the answer, and what to run after it (or ``None``)."""
        message = self.platform.handle_message(appid, query, body)
        check = self.platform.release_check(message)
        if check is None:
            return wxopen.SUCCESS, None  # your own handling of the message goes here
        follow_up = check.follow_up
        if follow_up is None:
            return check.body, None
        return check.body, lambda: follow_up.run(self.platform)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def rehearse(sandbox: Sandbox, server_class: type[PlatformServer] = PlatformServer, **check: Any):
    """Serves a Platform on the sandbox with ``server_class``, points the sandbox's two URLs at
    it and runs the check; returns (report, server)."""
    platform = wxopen.Platform(
        component_appid=sandbox.appid,
        component_appsecret=sandbox.secret,
        token=sandbox.token,
        encoding_aes_key=sandbox.encoding_aes_key,
        store=wxopen.MemoryStore(),
        api_base=sandbox.base_url,
    )
    server = server_class(platform)
    sandbox.set_urls(f"{server.url}/wechat/component", f"{server.url}/wechat/$APPID$/callback")
    return sandbox.release_check(**check), server


def main() -> None:
    with Sandbox() as sandbox:
        report, server = rehearse(sandbox, group=1)
        server.close()
    for case in report["cases"]:
        mark = "PASS" if case["passed"] else "FAIL"
        print(f"{mark} {case['case']}: {case.get('got') or case.get('reason')}")
    print(json.dumps({"passed": report["passed"], "appid": report["appid"]}))


if __name__ == "__main__":
    main()
