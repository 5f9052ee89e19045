"""SIGKILL in the middle of registrations, then a restart on the same data: no task is lost;
the pushes that came while the service was down arrive through the sandbox's redelivery, and
what no push tells (a personal registration the user declined) through the query API."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from wxopen.testing import Sandbox

from conftest import API_KEY, calls, push_ticket, sandbox_config, settle

BETA = "/wxa/component/fastregisterbetaweapp"


def register(svc: Any, kind: str, tag: str) -> dict[str, Any]:
    if kind == "trial":
        return svc.ok(
            "POST", "/api/miniprogram/register/trial", {"name": f"Shop {tag}", "openid": f"o{tag}"}
        )
    if kind == "personal":
        return svc.ok(
            "POST", "/api/miniprogram/register/personal", {"idname": "李四", "wxuser": f"wx_{tag}"}
        )
    return svc.ok(
        "POST",
        "/api/miniprogram/register/enterprise",
        {
            "name": f"Acme {tag}",
            "code": f"9144030{tag.upper()[:9]:0<9}XX",
            "code_type": 1,
            "legal_persona_openid": f"oLegal{tag}",
            "legal_persona_name": "张三",
        },
    )


def sandbox_id(reg: dict[str, Any]) -> str:
    return reg.get("taskid") or reg["unique_id"]


def test_sigkill_mid_registrations_loses_no_task(tmp_path: Path, service_factory: Any) -> None:
    # Redelivery for ~30 s (0.5 + 1 + 2 + 4 + 8 + 16): longer than a restart.
    with Sandbox(config=sandbox_config(tmp_path, retries=6, backoff_ms=500)) as sb:
        svc = service_factory(sb)
        sb.set_urls(svc.webhook, None)
        push_ticket(sb)
        regs = {
            name: register(svc, kind, uuid.uuid4().hex[:8])
            for name, kind in [
                ("t_ok", "trial"),
                ("t_fail", "trial"),
                ("p_ok", "personal"),
                ("p_declined", "personal"),
                ("e_ok", "enterprise"),
                ("e_fail", "enterprise"),
            ]
        }
        before = {t["id"] for t in svc.ok("GET", "/api/tasks")["tasks"]}
        assert {r["task_id"] for r in regs.values()} <= before

        # Registrations in flight when the process dies: WeChat answers slowly.
        sb.control("PUT", "/sandbox/faults", {"latency_ms": 400})
        keys = [str(uuid.uuid4()) for _ in range(4)]
        answers: dict[str, Any] = {}

        def post(key: str, i: int) -> None:
            try:
                with httpx.Client(base_url=svc.url, timeout=10) as c:
                    answers[key] = c.post(
                        "/api/miniprogram/register/trial",
                        json={"name": f"Inflight {i} shop", "openid": f"oInflight{i}"},
                        headers={"X-API-Key": API_KEY, "Idempotency-Key": key},
                    )
            except httpx.HTTPError as e:
                answers[key] = e

        threads = [threading.Thread(target=post, args=(k, i)) for i, k in enumerate(keys)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        svc.kill()
        for t in threads:
            t.join()
        sb.control("PUT", "/sandbox/faults", {"latency_ms": 0})
        assert all(isinstance(a, httpx.HTTPError) for a in answers.values()), answers

        # While it is down, the people act; the result pushes find nobody.
        sb.act(sandbox_id(regs["t_ok"]), "approve")
        sb.act(sandbox_id(regs["t_fail"]), "fail", status=-1, msg="gave up")
        sb.act(sandbox_id(regs["p_ok"]), "approve")
        sb.act(sandbox_id(regs["p_declined"]), "reject")  # no push: only the query tells
        sb.act(sandbox_id(regs["e_ok"]), "approve")
        sb.act(sandbox_id(regs["e_fail"]), "fail", status=103, msg="legal person mismatch")
        inflight = [t for t in sb.tasks("beta") if t["state"] == "pending"]
        for t in inflight:  # those in-flight calls WeChat processed (if any)
            sb.act(t["id"], "approve")
        time.sleep(0.3)
        missed = [p for p in sb.pushes() if p["attempts"] and p["attempts"][0]["status"] is None]
        assert missed, "pushes were attempted while the service was down"

        svc.start()  # same port, same database and store
        tasks = settle(sb, svc, [r["task_id"] for r in regs.values()], timeout=60)
        after = {t["id"] for t in svc.ok("GET", "/api/tasks", limit=1000)["tasks"]}
        assert before <= after, "no task lost"
        state = {
            n: (tasks[r["task_id"]]["state"], tasks[r["task_id"]]["status"])
            for n, r in regs.items()
        }
        assert state == {
            "t_ok": ("succeeded", 0),
            "t_fail": ("failed", -1),
            "p_ok": ("succeeded", 0),
            "p_declined": ("failed", 2),
            "e_ok": ("succeeded", 0),
            "e_fail": ("failed", 103),
        }
        for n in ("t_ok", "p_ok", "e_ok"):
            assert tasks[regs[n]["task_id"]]["authorized"], n
        assert tasks[regs["p_declined"]["task_id"]]["source"] == "query"
        for p in sb.pushes():
            assert p["state"] in ("delivered", "no_url"), p
        recovered = [p for p in sb.pushes() if p["state"] == "delivered" and len(p["attempts"]) > 1]
        assert len(recovered) >= 5, "the results pushed while it was down came by redelivery"

        # Every registration WeChat started is known, the in-flight ones included (their
        # result push records them); and retrying an in-flight key never calls WeChat again.
        for t in inflight:
            task = svc.task(f"beta:{t['id']}")
            assert task["state"] == "succeeded", task
        sent = calls(sb, BETA)
        for key in keys:
            r = svc.call(
                "POST",
                "/api/miniprogram/register/trial",
                {"name": "x", "openid": "y"},
                headers={"Idempotency-Key": key},
            )
            assert r.status_code == 422  # another body: refused without a call
            r = svc.call(
                "POST",
                "/api/miniprogram/register/trial",
                {
                    "name": f"Inflight {keys.index(key)} shop",
                    "openid": f"oInflight{keys.index(key)}",
                },
                headers={"Idempotency-Key": key},
            )
            assert r.status_code in (200, 409), r.text
            if r.status_code == 409:
                assert r.json()["error"] == "idempotency_key_pending"
        assert calls(sb, BETA) == sent
        inbox = svc.ok("GET", "/api/webhook/inbox", limit=1000)["items"]
        assert {"notify_third_fasteregister", "notify_third_fastregisterbetaapp", "authorized"} <= {
            i["info_type"] for i in inbox if i["outcome"] == "applied"
        }
