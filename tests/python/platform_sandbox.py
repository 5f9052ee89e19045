"""A Platform's push endpoint on loopback for sandbox tests: a blocking receiver (http.server,
for Platform) and an asyncio one (asyncio.start_server, for AsyncPlatform), each calling
``platform.handle`` for every push; and a clock that follows the sandbox's manual clock."""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

from wxopen.testing import Sandbox


class SandboxClock:
    """Unix ms on the sandbox's clock: its time at the last :meth:`sync`, plus the real time
    elapsed since (the manual clock stands still; ours moves on, a little ahead of it)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.sync()

    def sync(self) -> None:
        now_ms = int(self.sandbox.control("GET", "/sandbox/clock")["now_ms"])
        self._base = (now_ms, time.monotonic())

    def __call__(self) -> int:
        base_ms, at = self._base
        return base_ms + int((time.monotonic() - at) * 1000)


class _Pushes:
    """What a receiver saw: handled events (by type) and refusals."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.errors: list[str] = []
        self._cond = threading.Condition()

    def add(self, event: Any = None, error: Optional[str] = None) -> None:
        with self._cond:
            if error is None:
                self.events.append(event)
            else:
                self.errors.append(error)
            self._cond.notify_all()

    def wait_for(self, event_type: str, count: int = 1, timeout: float = 20.0) -> Any:
        """Waits until ``count`` events of ``event_type`` were handled; returns the last."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [e for e in self.events if e.type == event_type]
                if len(got) >= count:
                    return got[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"{count} x {event_type} not handled; handled "
                        f"{[e.type for e in self.events]}, errors {self.errors}"
                    )
                self._cond.wait(left)


class ThreadedReceiver(_Pushes):
    """http.server on 127.0.0.1 whose POST handler is ``platform.handle(query, body)``.
    ``clock`` (a :class:`SandboxClock`) is synced first: pushes sent while the sandbox clock
    jumps carry the new time."""

    def __init__(self, platform: Any, clock: Optional[SandboxClock] = None) -> None:
        super().__init__()
        pushes = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    if clock is not None:
                        clock.sync()
                    event = platform.handle(url.query, body)
                except Exception as e:  # refused: WeChat (the sandbox) redelivers
                    pushes.add(error=f"{type(e).__name__}: {e}")
                    self._answer(500, b"error")
                    return
                pushes.add(event)
                self._answer(200, b"success")

            def _answer(self, status: int, text: bytes) -> None:
                self.send_response(status)
                self.send_header("content-type", "text/plain")
                self.send_header("content-length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class AsyncReceiver(_Pushes):
    """A minimal HTTP/1.1 endpoint on asyncio (one request per connection) whose handler is
    ``await platform.handle(query, body)``: the push runs on the platform's event loop."""

    def __init__(self, platform: Any, clock: Optional[SandboxClock] = None) -> None:
        super().__init__()
        self.platform = platform
        self.clock = clock
        self._server: Optional[asyncio.AbstractServer] = None
        self.url = ""

    async def start(self) -> AsyncReceiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            target = lines[0].split(" ")[1]
            headers = dict(
                (k.strip().lower(), v.strip())
                for k, _, v in (line.partition(":") for line in lines[1:] if line)
            )
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            try:
                if self.clock is not None:
                    await asyncio.to_thread(self.clock.sync)
                event = await self.platform.handle(urllib.parse.urlsplit(target).query, body)
                self.add(event)
                status, text = "200 OK", b"success"
            except Exception as e:
                self.add(error=f"{type(e).__name__}: {e}")
                status, text = "500 Internal Server Error", b"error"
            writer.write(
                f"HTTP/1.1 {status}\r\ncontent-type: text/plain\r\n"
                f"content-length: {len(text)}\r\nconnection: close\r\n\r\n".encode()
                + text
            )
            await writer.drain()
        finally:
            writer.close()

    async def wait_for_async(self, event_type: str, count: int = 1, timeout: float = 20.0) -> Any:
        return await asyncio.to_thread(self.wait_for, event_type, count, timeout)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
