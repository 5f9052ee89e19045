"""The service (`examples/backend`) run as a real process — `python -m examples.backend` under
uvicorn on a loopback port — against a sandbox (`wxopen-sandbox`, manual mode) whose push URL
is the service's `/api/webhook/wechat`. The sandbox's clock starts at the wall clock and stays
there, so the service checks the freshness of pushes against its own clock as in production."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import httpx
import pytest

from wxopen.testing import Sandbox

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

API_KEY = "test-api-key-0123456789abcdef"
MERCHANT_OA = "wxa11ce0000000000a"  # the sandbox's official account
MERCHANT_MP = "wxa11ce0000000000b"  # and mini program


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sandbox_config(tmp: Path, *, retries: int = 3, backoff_ms: int = 300) -> Path:
    """A sandbox config: the default platform and accounts, push retries as given."""
    path = tmp / f"sandbox-{retries}-{backoff_ms}.toml"
    path.write_text(f"[push]\nretries = {retries}\nbackoff_ms = {backoff_ms}\n")
    return path


class Service:
    """One service process. ``env`` extends the sandbox's credentials; :meth:`kill` sends
    SIGKILL, :meth:`start` starts it again on the same port with the same data."""

    def __init__(self, sb: Sandbox, data: Path, name: str = "svc", **env: str) -> None:
        self.sb = sb
        self.data = data
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "WX_COMPONENT_APPID": sb.appid,
            "WX_COMPONENT_APPSECRET": sb.secret,
            "WX_TOKEN": sb.token,
            "WX_AES_KEY": sb.encoding_aes_key,
            "WX_API_BASE": sb.base_url,
            "WX_MP_BASE": sb.base_url,
            "WX_OPEN_BASE": sb.base_url,
            "BACKEND_API_KEY": API_KEY,
            "DATABASE_URL": f"sqlite:///{data / 'backend.sqlite3'}",
            "WX_STORE": str(data / "wxopen-store.sqlite3"),
            "BACKEND_RECONCILE_INTERVAL": "0",
            **env,
        }
        for var in ("REDIS_URL",):  # only when a test asks for it
            if var not in env:
                self.env.pop(var, None)
        self.proc: Optional[subprocess.Popen[bytes]] = None
        self.http = httpx.Client(base_url=self.url, timeout=60)
        self.log = data / f"{name}.log"

    @property
    def webhook(self) -> str:
        return self.url + "/api/webhook/wechat"

    def start(self, timeout: float = 30.0) -> Service:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "examples.backend",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited: {self.log.read_text()[-3000:]}")
            try:
                if self.http.get("/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"service did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.http.close()

    # ----- calls ----------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        key: Optional[str] = API_KEY,
        headers: Optional[dict[str, str]] = None,
        **params: Any,
    ) -> httpx.Response:
        hdrs = dict(headers or {})
        if key is not None:
            hdrs["X-API-Key"] = key
        return self.http.request(method, path, json=body, params=params or None, headers=hdrs)

    def ok(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        r = self.call(method, path, body, **kw)
        assert r.status_code == 200, (method, path, r.status_code, r.text)
        return r.json()

    def task(self, task_id: str, **params: Any) -> dict[str, Any]:
        return self.ok("GET", "/api/task/status", task_id=task_id, **params)

    def authorize(self, appid: str) -> dict[str, Any]:
        """The merchant's admin authorizes the platform: start → page → redirect → callback."""
        start = self.ok("POST", "/api/authorization/start", {})
        redirect = self.sb.confirm_page(start["url"], appid=appid)
        assert redirect.startswith(self.url + "/api/authorization/callback?"), redirect
        r = self.http.get(redirect[len(self.url) :])
        assert r.status_code == 200, r.text
        return r.json()


def push_ticket(sb: Sandbox) -> None:
    """The sandbox pushes a ticket now (its first went out before any URL was set)."""
    sb.control("POST", f"/sandbox/platforms/{sb.appid}/ticket")
    sb.wait_pushes()


def calls(sb: Sandbox, path: str) -> int:
    """API calls the sandbox received on ``path`` (refused ones included)."""
    return int(sb.control("GET", "/sandbox/calls").get(path, 0))


def settle(sb: Sandbox, svc: Any, task_ids: list[str], timeout: float = 30.0) -> dict[str, dict]:
    """Waits for every push, then until every task is settled; returns them by id."""
    sb.control("POST", "/sandbox/pushes/flush")
    sb.wait_pushes()
    deadline = time.monotonic() + timeout
    while True:
        tasks = {t: svc.task(t) for t in task_ids}
        if all(t["settled"] for t in tasks.values()) or time.monotonic() > deadline:
            return tasks
        time.sleep(0.2)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(config=sandbox_config(tmp_path)) as sb:
        yield sb


@pytest.fixture
def service_factory(tmp_path: Path) -> Iterator[Any]:
    """Makes services (started); all stopped after the test."""
    made: list[Service] = []

    def make(sb: Sandbox, name: str = "svc", start: bool = True, **env: str) -> Service:
        data = tmp_path / name
        data.mkdir(exist_ok=True)
        svc = Service(sb, data, name, **env)
        made.append(svc)
        return svc.start() if start else svc

    yield make
    for svc in made:
        svc.stop()


def need_env(var: str) -> str:
    """A server the test script started (scripts/test.sh: start_postgres, start_redis)."""
    value = os.environ.get(var)
    if not value:
        raise RuntimeError(
            f"{var} is not set: run through scripts/test.sh, or `source scripts/lib.sh; "
            "trap stop_services EXIT; start_redis; start_postgres` first"
        )
    return value
