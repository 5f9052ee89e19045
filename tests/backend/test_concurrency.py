"""Duplicated and reordered pushes (the sandbox's faults), one service process on SQLite; and
two service processes on one PostgreSQL and one Redis with pushes delivered to either (a
round-robin proxy on loopback): every task ends in its right final state, and no create call
is sent twice — also when the same Idempotency-Key reaches both processes at once."""

from __future__ import annotations

import itertools
import threading
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from test_recovery import register, sandbox_id

from wxopen.testing import Sandbox

from conftest import API_KEY, calls, need_env, push_ticket, sandbox_config, settle

BETA = "/wxa/component/fastregisterbetaweapp"
PERSONAL = "/wxa/component/fastregisterpersonalweapp"
ENTERPRISE = "/wxa/component/fastregisterenterpriseweapp"

# name: (kind, action at the sandbox, expected (state, status))
PLAN = {
    "t1": ("trial", ("approve", {}), ("succeeded", 0)),
    "t2": ("trial", ("fail", {"status": -1, "msg": "gave up"}), ("failed", -1)),
    "t3": ("trial", ("approve", {}), ("succeeded", 0)),
    "t4": ("trial", ("approve", {}), ("succeeded", 0)),
    "p1": ("personal", ("approve", {}), ("succeeded", 0)),
    "p2": ("personal", ("fail", {"status": 1004, "msg": "admin blacklisted"}), ("failed", 1004)),
    "e1": ("enterprise", ("approve", {}), ("succeeded", 0)),
    "e2": ("enterprise", ("fail", {"status": 1001, "msg": "limit"}), ("failed", 1001)),
    "e3": ("enterprise", ("expire", {}), ("expired", 100001)),  # not confirmed in 24 h
}


class RoundRobin:
    """A loopback proxy sending each push to the next service in turn."""

    def __init__(self, targets: list[str]) -> None:
        turn = itertools.cycle(targets)
        lock = threading.Lock()
        self.sent: dict[str, int] = {t: 0 for t in targets}
        sent = self.sent

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with lock:
                    target = next(turn)
                    sent[target] += 1
                req = urllib.request.Request(target + self.path, data=body, method="POST")
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        status, text = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, text = e.code, e.read()
                except OSError:
                    status, text = 502, b"upstream down"
                self.send_response(status)
                self.send_header("content-length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def scenario(sb: Sandbox, services: list[Any]) -> None:
    """Registrations spread over ``services``, pushes duplicated and reordered."""
    first = services[0]
    push_ticket(sb)
    sb.control("PUT", "/sandbox/faults", {"duplicate_rate": 1.0, "reorder_window": 3})
    regs = {}
    for i, (name, (kind, _act, _want)) in enumerate(PLAN.items()):
        regs[name] = register(services[i % len(services)], kind, uuid.uuid4().hex[:8])

    # One Idempotency-Key sent to every process at the same moment, twice over.
    keyed: list[httpx.Response] = []
    for n in range(2):
        key = str(uuid.uuid4())
        barrier = threading.Barrier(len(services) * 2)

        def post(svc: Any, key: str = key, n: int = n, barrier: Any = barrier) -> None:
            with httpx.Client(base_url=svc.url, timeout=30) as c:
                barrier.wait()
                keyed.append(
                    c.post(
                        "/api/miniprogram/register/trial",
                        json={"name": f"Keyed {n} shop", "openid": f"oKeyed{n}"},
                        headers={"X-API-Key": API_KEY, "Idempotency-Key": key},
                    )
                )

        threads = [threading.Thread(target=post, args=(s,)) for s in services * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert all(r.status_code in (200, 409) for r in keyed), [r.text for r in keyed]
    assert any(r.status_code == 200 for r in keyed)

    for name, (_kind, (action, fields), _want) in PLAN.items():
        sb.act(sandbox_id(regs[name]), action, **fields)
    ids = [r["task_id"] for r in regs.values()]
    for svc in services:
        tasks = settle(sb, svc, ids)
        for name, (_kind, _act, want) in PLAN.items():
            task = tasks[regs[name]["task_id"]]
            assert (task["state"], task["status"]) == want, (name, task)
            assert task["authorized"] == (want[0] == "succeeded"), (name, task)
            assert task["settled"]
    dup = [p for p in sb.pushes() if p["duplicate_of"] is not None]
    assert dup and all(p["state"] == "delivered" for p in sb.pushes() if p["url"]), (
        "every copy delivered"
    )
    # Every create call once: 4 trials + the 2 keyed ones, 2 personal, 3 enterprise.
    assert calls(sb, BETA) == 6
    assert calls(sb, PERSONAL) == 2
    assert calls(sb, ENTERPRISE) == 3
    applied = first.ok("GET", "/api/webhook/inbox", limit=1000, outcome="applied")["items"]
    assert len({i["worker"] for i in applied}) == len(services)


def test_duplicated_and_reordered_pushes_one_process(tmp_path: Path, service_factory: Any) -> None:
    with Sandbox(config=sandbox_config(tmp_path)) as sb:
        svc = service_factory(sb)
        sb.set_urls(svc.webhook, None)
        scenario(sb, [svc])


def test_two_processes_on_postgresql_and_redis(tmp_path: Path, service_factory: Any) -> None:
    env = {
        "DATABASE_URL": need_env("DATABASE_URL"),
        "REDIS_URL": need_env("REDIS_URL"),
        "WX_KEY_PREFIX": f"backend-{uuid.uuid4().hex[:8]}",
    }
    with Sandbox(config=sandbox_config(tmp_path)) as sb:
        a = service_factory(sb, "a", start=False, **env)
        b = service_factory(sb, "b", start=False, **env)
        # Started together: both create the tables at once.
        starters = [threading.Thread(target=s.start) for s in (a, b)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        for s in (a, b):
            health = s.ok("GET", "/api/health", key=None)
            assert (health["database"], health["store"]) == ("postgresql", "redis")
        proxy = RoundRobin([a.url, b.url])
        try:
            sb.set_urls(proxy.url + "/api/webhook/wechat", None)
            scenario(sb, [a, b])
            assert min(proxy.sent.values()) > 3
        finally:
            proxy.close()
