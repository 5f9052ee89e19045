"""Registration tasks through Platform and AsyncPlatform against the sandbox (wxopen-sandbox
over real HTTP, manual mode), pushes handled by the platform's own endpoint on loopback:

* trial registration → the person approves (control API) while ``tasks.wait`` runs → the
  registration push and the ``authorized`` push arrive → the wait settles: succeeded, the new
  appid, authorized (its tokens stored: an authorizer call works);
* personal registration rejected by the user (WeChat pushes nothing) → ``reconcile`` asks the
  query API → failed, with the status's meaning and what to do; ``wait`` on another rejected
  one reports the same;
* list and filter; a wait that times out returns the unsettled task."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
from platform_sandbox import AsyncReceiver, SandboxClock, ThreadedReceiver

import wxopen
from wxopen.testing import Sandbox

START = 1_790_035_200
OPENID = "oTrialUser0000000000000000001"
# Short pauses between looks at the store: the sandbox answers in milliseconds.
POLICY = {"task_poll_min_ms": 100, "task_poll_max_ms": 400, "task_query_interval_ms": 200}


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(start_time=START) as sb:
        yield sb


def make(kind: str, sb: Sandbox, tmp_path: Path, clock: SandboxClock) -> Any:
    cls = wxopen.AsyncPlatform if kind == "async" else wxopen.Platform
    return cls(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=wxopen.SqliteStore(tmp_path / "wxopen.sqlite3"),
        api_base=sb.base_url,
        mp_base=sb.base_url,
        open_base=sb.base_url,
        clock=clock,
        policy=POLICY,
    )


async def flow(sb: Sandbox, platform: Any, receiver: Any, sync: bool) -> None:
    async def do(fn: Callable[[Any], Any]) -> Any:
        if sync:
            return await asyncio.to_thread(fn, platform)
        return await fn(platform)

    async def control(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(fn, *args, **kwargs)

    await do(lambda p: p.start_push_ticket())
    await control(receiver.wait_for, "component_verify_ticket")

    # --- trial registration: approved while the wait runs ---
    reg = await do(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))
    assert isinstance(reg, wxopen.BetaRegistration) and reg.unique_id
    task = reg.task
    assert (task.kind, task.state, task.waiting_for) == ("beta", "waiting", "user")
    assert task.id == f"beta:{reg.unique_id}"
    assert task.authorize_url == reg.authorize_url and task.authorize_url.startswith(sb.base_url)

    seen: list[Any] = []
    approve = threading.Timer(0.5, sb.act, (reg.unique_id, "approve"))
    approve.start()
    try:
        done = await do(lambda p: p.tasks.wait(task.id, timeout=30, progress=seen.append))
    finally:
        approve.join()
    assert (done.state, done.settled, done.authorized) == ("succeeded", True, True), done
    assert done.appid and done.appid.startswith("wx") and done.source == "push"
    assert [e["state"] for e in seen if isinstance(e, dict)][:1] == ["waiting"]
    assert seen[-1] == done
    # The new app's authorization was exchanged through the push: its token works.
    assert await do(lambda p: p.authorizer_status(done.appid)) == "authorized"
    opened = await do(lambda p: p.authorizer(done.appid).open_have())
    assert opened.have_open is False

    # --- personal registrations the user rejects: no push, only the query tells ---
    regs = []
    for wxuser in ("user_aaaaaa", "user_bbbbbb"):
        r = await do(lambda p, w=wxuser: p.register_personal(idname="某人", wxuser=w))
        assert r.task.kind == "personal" and r.task.state == "waiting" and r.task.can_query
        await control(sb.act, r.taskid, "reject")
        regs.append(r)
    rejected = await do(lambda p: p.tasks.reconcile(regs[0].task.id))
    assert (rejected.state, rejected.status, rejected.settled) == ("failed", 2, True)
    assert isinstance(rejected.status, wxopen.TaskStatus) and rejected.source == "query"
    assert rejected.meaning == rejected.status.meaning
    assert "declined" in rejected.next_step and rejected.next_step_zh
    waited = await do(lambda p: p.tasks.wait(regs[1].task.id, timeout=30))
    assert (waited.state, waited.status, waited.meaning) == ("failed", 2, rejected.meaning)

    # --- a third one nobody acts on: the wait times out with it as it stands ---
    r = await do(lambda p: p.register_personal(idname="某人", wxuser="user_cccccc"))
    pending = await do(lambda p: p.tasks.wait(r.task.id, timeout=0.5))
    assert (pending.state, pending.settled, pending.status) == ("waiting", False, 0)

    # --- list and filter ---
    every = await do(lambda p: p.tasks.list())
    assert [t.id for t in every] == [r.task.id, regs[1].task.id, regs[0].task.id, task.id]
    failed = await do(lambda p: p.tasks.list(kind="personal", state="failed"))
    assert [t.id for t in failed] == [regs[1].task.id, regs[0].task.id]
    assert [t.id for t in await do(lambda p: p.tasks.list(state="succeeded"))] == [task.id]
    assert await do(lambda p: p.tasks.get(task.id)) == done
    assert receiver.errors == []


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_registration_tasks_against_the_sandbox(
    kind: str, sandbox: Sandbox, tmp_path: Path
) -> None:
    clock = SandboxClock(sandbox)
    platform = make(kind, sandbox, tmp_path, clock)
    if kind == "sync":
        receiver = ThreadedReceiver(platform, clock)
        sandbox.set_urls(receiver.url + "/component")
        try:
            asyncio.run(flow(sandbox, platform, receiver, sync=True))
        finally:
            receiver.close()
        return

    async def main() -> None:
        receiver = await AsyncReceiver(platform, clock).start()
        await asyncio.to_thread(sandbox.set_urls, receiver.url + "/component")
        try:
            await flow(sandbox, platform, receiver, sync=False)
        finally:
            await receiver.close()

    asyncio.run(main())
