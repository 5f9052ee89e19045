"""Test helpers: a local WeChat (``wxopen-sandbox``) for integration tests, and a push
receiver on loopback.

``pip install wxopen-sandbox`` puts the ``wxopen-sandbox`` binary on the PATH (or set
``WXOPEN_SANDBOX_BIN``). Then, in pytest (the fixtures are registered automatically)::

    def test_component_token(wxopen_sandbox):
        sb = wxopen_sandbox
        client = sb.client()                     # wxopen.Client pointed at the sandbox
        hook = sb.receiver()                     # loopback endpoint, set as the push URL
        client.start_push_ticket(component_appid=sb.appid, component_secret=sb.secret)
        ticket = hook.wait_for("component_verify_ticket").ticket
        grant = client.component_token(component_appid=sb.appid,
                                       component_appsecret=sb.secret,
                                       component_verify_ticket=ticket)

or without pytest::

    with wxopen.testing.Sandbox(mode="auto") as sb:
        ...

The sandbox's clock is manual by default: it moves only with :meth:`Sandbox.advance`. Pushes
carry sandbox time, so the receiver checks their freshness against :meth:`Sandbox.now`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional, Union

from . import webhook as _webhook
from .client import Client

__all__ = ["PushReceiver", "Sandbox", "SandboxError", "find_binary"]

_READY = re.compile(r"listening on (http://\S+)")


class SandboxError(RuntimeError):
    """The sandbox could not start, or a control call was refused (``status``, ``error``)."""

    def __init__(self, message: str, *, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.status = status


def find_binary() -> str:
    """The ``wxopen-sandbox`` executable: ``$WXOPEN_SANDBOX_BIN``, the PATH, or the scripts
    directory of this Python (a venv whose ``bin`` is not on the PATH)."""
    env = os.environ.get("WXOPEN_SANDBOX_BIN")
    if env:
        return env
    name = "wxopen-sandbox.exe" if os.name == "nt" else "wxopen-sandbox"
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    raise SandboxError(
        "wxopen-sandbox not found: `pip install wxopen-sandbox` or set WXOPEN_SANDBOX_BIN"
    )


class Sandbox:
    """A ``wxopen-sandbox`` process on a free loopback port, with its control API.

    Args:
        config: a TOML configuration file (path) for several platforms, accounts, limits…
        mode: ``"manual"`` (tests: the clock moves only with :meth:`advance`, people act only
            through :meth:`act` / :meth:`confirm_page`) or ``"auto"`` (demos).
        seed: RNG seed (same seed and calls → same ids, tokens, codes).
        start_time: manual mode: the clock's start (unix seconds; default: now).
        auto_delay_ms: auto mode: how long a person takes for each step.
        args: more command-line arguments.
        binary: the executable (default: :func:`find_binary`).
        timeout: seconds to wait for it to listen.
    """

    def __init__(
        self,
        *,
        config: Union[str, Path, None] = None,
        mode: str = "manual",
        seed: int = 1,
        start_time: Optional[int] = None,
        auto_delay_ms: Optional[int] = None,
        args: Sequence[str] = (),
        binary: Optional[str] = None,
        timeout: float = 15.0,
    ) -> None:
        cmd = [binary or find_binary(), "--port", "0", "--mode", mode, "--seed", str(seed)]
        if config is not None:
            cmd += ["--config", str(config)]
        if start_time is not None:
            cmd += ["--start-time", str(start_time)]
        if auto_delay_ms is not None:
            cmd += ["--auto-delay-ms", str(auto_delay_ms)]
        cmd += list(args)
        self._cmd = cmd
        self._timeout = timeout
        self._proc: Optional[subprocess.Popen[str]] = None
        self._receivers: list[PushReceiver] = []
        self.base_url = ""
        self.platform: dict[str, Any] = {}

    # ----- life cycle -------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Starts the process and waits until it listens."""
        self._proc = subprocess.Popen(
            self._cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        line = _readline(self._proc.stdout, self._timeout)
        match = _READY.search(line or "")
        if not match:
            err = self._proc.stderr.read() if self._proc.poll() is not None else ""
            self.stop()
            raise SandboxError(f"wxopen-sandbox did not start: {line!r} {err}".strip())
        self.base_url = match.group(1)
        self.platform = self.control("GET", "/sandbox/platforms")[0]
        return self

    def stop(self) -> None:
        """Stops the process and the receivers."""
        for r in self._receivers:
            r.close()
        self._receivers.clear()
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            for stream in (self._proc.stdout, self._proc.stderr):
                if stream is not None:
                    stream.close()
            self._proc = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Sandbox(base_url={self.base_url!r})"

    # ----- the first platform's credentials ---------------------------------------------

    @property
    def appid(self) -> str:
        """The (first) platform's component appid."""
        return str(self.platform["appid"])

    @property
    def secret(self) -> str:
        """Its component appsecret (made up by the sandbox)."""
        return str(self.platform["secret"])

    @property
    def token(self) -> str:
        """Its message Token."""
        return str(self.platform["token"])

    @property
    def encoding_aes_key(self) -> str:
        """Its EncodingAESKey."""
        return str(self.platform["encoding_aes_key"])

    def client(self, **kwargs: Any) -> Client:
        """A :class:`wxopen.Client` whose API and page bases are the sandbox."""
        bases = {"api_base": self.base_url, "mp_base": self.base_url, "open_base": self.base_url}
        return Client(**{**bases, **kwargs})

    def webhook(self) -> _webhook.Webhook:
        """A :class:`wxopen.Webhook` for the platform's pushes."""
        return _webhook.Webhook(
            token=self.token, encoding_aes_key=self.encoding_aes_key, component_appid=self.appid
        )

    # ----- the control API --------------------------------------------------------------

    def control(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        """Calls the control API; raises :class:`SandboxError` on a 4xx answer."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            raise SandboxError(f"{method} {path}: {e.code} {detail}", status=e.code) from None

    def now(self) -> int:
        """Sandbox time, unix seconds."""
        return int(self.control("GET", "/sandbox/clock")["now"])

    def advance(self, seconds: float) -> int:
        """Waits for pushes in flight, then moves the clock; returns the new time."""
        self.wait_pushes()
        return int(self.control("POST", "/sandbox/clock/advance", {"seconds": seconds})["now"])

    def wait_pushes(self, timeout_ms: int = 20_000) -> None:
        """Waits until no push is pending (delivered, failed, dropped or held)."""
        self.control("POST", "/sandbox/pushes/wait", {"timeout_ms": timeout_ms})

    def pushes(self, **filters: str) -> list[dict[str, Any]]:
        """Pushes (filters: component, kind, state, target)."""
        query = urllib.parse.urlencode(filters)
        return self.control("GET", "/sandbox/pushes" + (f"?{query}" if query else ""))

    def tasks(self, kind: Optional[str] = None) -> list[dict[str, Any]]:
        """Tasks, newest first (kinds: enterprise, enterprise_legacy, personal, beta,
        beta_verify, link, rebind)."""
        return self.control("GET", "/sandbox/tasks" + (f"?kind={kind}" if kind else ""))

    def act(self, task_id: str, action: str = "approve", **fields: Any) -> dict[str, Any]:
        """The person a task waits for acts: approve (``stop_at``), reject, fail_face,
        fail (``status``, ``msg``) or expire."""
        return self.control("POST", f"/sandbox/tasks/{task_id}/{action}", fields)

    def confirm_page(self, url: str, **fields: Any) -> str:
        """A person opens a page URL (authorization, fastregisterauth, rebind) and confirms
        (``appid``, ``category_ids``, ``new_admin``); returns the redirect URL."""
        return str(
            self.control("POST", "/sandbox/pages/confirm", {"url": url, **fields})["redirect"]
        )

    def revoke(self, appid: str) -> None:
        """The merchant revokes the authorization (an ``unauthorized`` push follows)."""
        self.control("POST", "/sandbox/authorizations/revoke", {"appid": appid})

    def release_check(
        self,
        group: int = 1,
        *,
        account: str = "official_account",
        cases: Optional[Sequence[str]] = None,
    ) -> dict[str, Any]:
        """Rehearses the full-network-release (全网发布) check against the platform's URLs:
        the test account of ``group`` (1 to 5; ``account`` ``"official_account"`` or
        ``"mini_program"``) authorizes the platform, then the cases (``"ticket"``, ``"text"``,
        ``"query_auth_code"``) are pushed and their answers read. Returns the report:
        ``passed``, and per case ``passed`` with ``got`` or ``reason``."""
        body: dict[str, Any] = {"group": group, "account": account}
        if cases is not None:
            body["cases"] = list(cases)
        return self.control("POST", "/sandbox/release-check", body)

    def messages(self, **filters: str) -> list[dict[str, Any]]:
        """Messages sent through ``custom/send`` (filters: component, appid, touser,
        msgtype)."""
        query = urllib.parse.urlencode(filters)
        return self.control("GET", "/sandbox/messages" + (f"?{query}" if query else ""))

    def set_urls(
        self, auth_event_url: Optional[str] = None, message_url: Optional[str] = None
    ) -> None:
        """Sets the platform's push URLs."""
        body = {"auth_event_url": auth_event_url, "message_url": message_url}
        self.control("PATCH", f"/sandbox/platforms/{self.appid}", body)

    def receiver(self, *, message_url: bool = True) -> PushReceiver:
        """Starts a :class:`PushReceiver` and makes it the platform's push URLs."""
        r = PushReceiver(self)
        self._receivers.append(r)
        self.set_urls(r.url + "/component", r.url + "/message/$APPID$" if message_url else None)
        return r


class PushReceiver:
    """A loopback endpoint for the sandbox's pushes: each is verified and parsed with
    :class:`wxopen.Webhook` against the sandbox clock and answered ``success`` (a push that
    does not verify is answered 400, and the sandbox retries it)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.events: list[Any] = []
        self.messages: list[tuple[str, bytes]] = []
        self.errors: list[str] = []
        self._cond = threading.Condition()
        hook, cond, events, messages, errors = (
            sandbox.webhook(),
            self._cond,
            self.events,
            self.messages,
            self.errors,
        )

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                now = sandbox.now()
                try:
                    if url.path.startswith("/message/"):
                        xml = hook.decrypt(url.query, body, now=now)
                        item: Any = (url.path.rsplit("/", 1)[-1], xml)
                        target: list[Any] = messages
                    else:
                        item, target = hook.parse(url.query, body, now=now), events
                except Exception as e:  # reported, and refused as an SDK handler does
                    with cond:
                        errors.append(f"{type(e).__name__}: {e}")
                        cond.notify_all()
                    self._answer(400, b"invalid push")
                    return
                with cond:
                    target.append(item)
                    cond.notify_all()
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

    def of(self, event_type: str) -> list[Any]:
        """Events received of one ``type`` (``component_verify_ticket``, ``authorized``,
        ``fast_register``, ``fast_register_beta``…)."""
        with self._cond:
            return [e for e in self.events if e.type == event_type]

    def wait_for(self, event_type: str, count: int = 1, timeout: float = 10.0) -> Any:
        """Waits until ``count`` events of ``event_type`` arrived; returns the last one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [e for e in self.events if e.type == event_type]
                if len(got) >= count:
                    return got[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"{count} x {event_type} not received; events "
                        f"{[e.type for e in self.events]}, errors {self.errors}"
                    )
                self._cond.wait(left)

    def close(self) -> None:
        """Stops the endpoint."""
        self._server.shutdown()
        self._server.server_close()


def _readline(stream: Any, timeout: float) -> Optional[str]:
    """One line from a pipe, or None after ``timeout`` seconds."""
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return out[0] if out else None


# ----- pytest -------------------------------------------------------------------------

try:
    import pytest
except ImportError:  # pragma: no cover - pytest is optional
    pytest = None  # type: ignore[assignment]

if pytest is not None:
    __all__ += ["wxopen_sandbox", "wxopen_sandbox_factory"]

    @pytest.fixture
    def wxopen_sandbox() -> Iterator[Sandbox]:
        """A fresh sandbox (manual mode, seed 1) for one test, stopped afterwards."""
        with Sandbox() as sb:
            yield sb

    @pytest.fixture
    def wxopen_sandbox_factory() -> Iterator[Any]:
        """Starts sandboxes with options (``Sandbox(**options)``); all are stopped after the
        test."""
        started: list[Sandbox] = []

        def make(**options: Any) -> Sandbox:
            sb = Sandbox(**options).start()
            started.append(sb)
            return sb

        yield make
        for sb in started:
            sb.stop()
