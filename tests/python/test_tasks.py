"""``platform.tasks`` and the registrations' ``.task`` on Platform and AsyncPlatform, against a
scripted WeChat on a manual clock: register → pushes → get/list/wait; personal queries through
reconcile and wait (progress callable, terminal lines); timeouts; the Task object (typed status,
repr, HTML); argument errors."""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from platform_support import CAT_PATH, CID, QUERY_AUTH, T0, Host, cat, push, query_auth

import wxopen
from wxopen.tasks import _Terminal

BETA = "/wxa/component/fastregisterbetaweapp"
PERSONAL = "/wxa/component/fastregisterpersonalweapp"
LEGACY = "/cgi-bin/component/fastregisterweapp"
VERIFY = "/wxa/verifybetaweapp"
AAT = "/cgi-bin/component/api_authorizer_token"
NEW_APP = "wxnewapp00000001"
OPENID = "oTrialUser0000000000000000001"


@pytest.fixture(params=["sync", "async"])
def host(request: pytest.FixtureRequest) -> Iterator[Host]:
    h = Host(request.param)
    assert h.run(lambda p: p.store_ticket("ticket@@@latest", T0 // 1000))
    h.wechat.on(CAT_PATH, cat("CAT1"))
    yield h
    h.close()


def beta_push(now: int, unique_id: str, status: int, appid: str | None = None) -> str:
    app = f"<appid>{appid}</appid>" if appid else ""
    return (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now // 1000}</CreateTime>"
        f"<InfoType>notify_third_fastregisterbetaapp</InfoType>{app}<status>{status}</status>"
        f"<msg>m</msg><info><unique_id>{unique_id}</unique_id><name>咖啡体验店</name></info></xml>"
    )


def authorized_push(now: int, appid: str, code: str) -> str:
    return (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now // 1000}</CreateTime>"
        f"<InfoType>authorized</InfoType><AuthorizerAppid>{appid}</AuthorizerAppid>"
        f"<AuthorizationCode>{code}</AuthorizationCode>"
        f"<AuthorizationCodeExpiredTime>{now // 1000 + 600}</AuthorizationCodeExpiredTime></xml>"
    )


def personal(status: int) -> dict[str, Any]:
    return {"errcode": 0, "taskid": "p1", "authorize_url": "https://wx/p1", "status": status}


def test_trial_registration_returns_its_task_and_settles_from_pushes(host: Host) -> None:
    host.wechat.on(BETA, {"errcode": 0, "unique_id": "u1", "authorize_url": "https://beta/u1"})
    reg = host.run(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))
    assert isinstance(reg, wxopen.BetaRegistration) and isinstance(reg, wxopen.Registration)
    assert reg.unique_id == "u1"  # the usual result
    task = reg.task
    assert isinstance(task, wxopen.Task)
    assert (task.id, task.kind, task.state, task.waiting_for) == (
        "beta:u1",
        "beta",
        "waiting",
        "user",
    )
    assert task.authorize_url == "https://beta/u1" and not task.settled
    assert task.expires_at_ms == T0 + 86_400_000 and task.status is None
    assert "task=Task(id='beta:u1'" in repr(reg)

    # The registration push (with the new appid), then the authorized push for that appid.
    host.run(lambda p: p.handle(*push(beta_push(host.clock(), "u1", 0, NEW_APP), T0)))
    got = host.run(lambda p: p.tasks.get("beta:u1"))
    assert (got.state, got.appid, got.authorized, got.settled) == (
        "succeeded",
        NEW_APP,
        False,
        False,
    )
    assert got.status == 0 and isinstance(got.status, wxopen.EnterpriseStatus)
    assert got.status_kind == "enterprise"
    host.wechat.on(QUERY_AUTH, query_auth(NEW_APP))
    host.run(lambda p: p.handle(*push(authorized_push(T0, NEW_APP, "queryauthcode@@@t"), T0)))

    done = host.run(lambda p: p.tasks.wait("beta:u1", timeout=60))
    assert (done.state, done.appid, done.authorized, done.settled) == (
        "succeeded",
        NEW_APP,
        True,
        True,
    )
    assert host.clock.slept == [], "a settled task is returned without a pause"
    assert host.run(lambda p: p.authorizer_status(NEW_APP)) == "authorized"
    assert host.run(lambda p: p.tasks.get("beta:none")) is None


def test_list_filters_by_kind_and_state_newest_first(host: Host) -> None:
    host.wechat.on(
        BETA,
        *({"errcode": 0, "unique_id": f"u{i}", "authorize_url": "https://b"} for i in range(3)),
    )
    for _ in range(3):
        host.run(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))
        host.clock.advance(1000)
    host.wechat.on(PERSONAL, personal(0))
    host.run(lambda p: p.register_personal(idname="李四", wxuser="lisi_wx"))
    host.clock.advance(1000)
    host.run(lambda p: p.handle(*push(beta_push(host.clock(), "u1", 100001), host.clock())))

    every = host.run(lambda p: p.tasks.list())
    assert isinstance(every, wxopen.TaskList)
    # Newest first by when each task was first seen.
    assert [t.id for t in every] == ["task:p1", "beta:u2", "beta:u1", "beta:u0"]
    assert [t.state for t in every] == ["waiting", "waiting", "expired", "waiting"]
    betas = host.run(lambda p: p.tasks.list(kind="beta", state="waiting"))
    assert [t.id for t in betas] == ["beta:u2", "beta:u0"]
    assert [t.id for t in host.run(lambda p: p.tasks.list(state="expired"))] == ["beta:u1"]
    assert [t.id for t in host.run(lambda p: p.tasks.list(limit=1))] == ["task:p1"]
    assert host.run(lambda p: p.tasks.list(kind="enterprise")) == []
    assert "<table" in every._repr_html_() and "4 tasks" in every._repr_html_()

    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(lambda p: p.tasks.list(kind="trial"))
    assert info.value.field == "kind"
    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(lambda p: p.tasks.list(state="done"))
    assert info.value.field == "state"
    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(lambda p: p.tasks.list(limit=-1))
    assert info.value.field == "limit"
    with pytest.raises(TypeError):
        host.run(lambda p: p.tasks.list(limit=True))


def test_personal_reconcile_and_wait_report_the_failure_with_progress(host: Host) -> None:
    host.wechat.on(PERSONAL, personal(0), personal(7), personal(7), personal(5))
    reg = host.run(lambda p: p.register_personal(idname="李四", wxuser="lisi_wx"))
    assert isinstance(reg, wxopen.RegistrationTask) and reg.task.id == "task:p1"
    assert reg.task.can_query and reg.task.status == 0

    task = host.run(lambda p: p.tasks.reconcile("task:p1"))
    assert (task.state, task.status, task.waiting_for) == ("waiting", 7, "user")
    assert isinstance(task.status, wxopen.TaskStatus) and task.status.meaning == task.meaning
    assert "SMS" in task.next_step

    seen: list[Any] = []
    start = host.clock()
    task = host.run(lambda p: p.tasks.wait("task:p1", timeout=3600, progress=seen.append))
    assert (task.state, task.status, task.settled) == ("failed", 5, True)
    assert task.meaning and "face" in task.next_step.lower() and task.next_step_zh
    waiting = [s for s in seen if isinstance(s, dict)]
    assert waiting and all(e["kind"] == "task_waiting" for e in waiting)
    assert all(e["task_id"] == "task:p1" for e in waiting)
    assert sum(e["next_check_ms"] for e in waiting) == host.clock() - start
    assert seen[-1] == task and isinstance(seen[-1], wxopen.Task)
    # create, reconcile, then the wait's queries: at once (7 again), and once the query
    # interval passed (5); the pauses between are the core's.
    assert len(host.wechat.to(PERSONAL)) == 4
    assert host.clock() - start >= wxopen.Platform.default_policy()["task_query_interval_ms"]

    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(lambda p: p.tasks.reconcile("task:unknown"))
    assert info.value.field == "task_id"
    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(lambda p: p.tasks.wait("has space", timeout=1))
    assert info.value.field == "task_id"


def test_wait_times_out_with_the_task_as_it_stands(host: Host) -> None:
    host.wechat.on(BETA, {"errcode": 0, "unique_id": "u2", "authorize_url": "https://b"})
    host.run(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))
    start = host.clock()
    task = host.run(lambda p: p.tasks.wait("beta:u2", timeout=10))
    assert (task.state, task.settled) == ("waiting", False)
    assert host.clock() - start == 10_000
    task = host.run(lambda p: p.tasks.wait("beta:u2", timeout=0))
    assert host.clock() - start == 10_000 and not task.settled
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(wxopen.InvalidArgument) as info:
            host.run(lambda p, bad=bad: p.tasks.wait("beta:u2", timeout=bad))
        assert info.value.field == "timeout"
    with pytest.raises(TypeError):
        host.run(lambda p: p.tasks.wait("beta:u2", timeout="10"))
    with pytest.raises(TypeError):
        host.run(lambda p: p.tasks.wait("beta:u2", progress="yes"))
    # No limit: the window passes (on the manual clock) and the task expires.
    task = host.run(lambda p: p.tasks.wait("beta:u2", timeout=None))
    assert (task.state, task.source, task.settled) == ("expired", "clock", True)


def test_a_failing_progress_callable_does_not_end_the_wait(host: Host) -> None:
    host.wechat.on(BETA, {"errcode": 0, "unique_id": "u3", "authorize_url": "https://b"})
    host.run(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))

    def boom(_: Any) -> None:
        raise RuntimeError("display broke")

    task = host.run(lambda p: p.tasks.wait("beta:u3", timeout=5, progress=boom))
    assert task.state == "waiting"


def test_async_progress_may_be_a_coroutine_function() -> None:
    h = Host("async")
    assert h.run(lambda p: p.store_ticket("ticket@@@latest", T0 // 1000))
    h.wechat.on(CAT_PATH, cat("CAT1"))
    h.wechat.on(BETA, {"errcode": 0, "unique_id": "u4", "authorize_url": "https://b"})
    h.run(lambda p: p.register_beta(name="咖啡体验店", openid=OPENID))
    seen: list[Any] = []

    async def show(item: Any) -> None:
        seen.append(item)

    task = h.run(lambda p: p.tasks.wait("beta:u4", timeout=8, progress=show))
    assert seen and seen[-1] == task and seen[0]["kind"] == "task_waiting"
    h.close()


def test_terminal_progress_prints_a_line_per_change(host: Host, monkeypatch: Any) -> None:
    host.wechat.on(PERSONAL, personal(0), personal(4), personal(7), personal(12))
    host.run(lambda p: p.register_personal(idname="李四", wxuser="lisi_wx"))
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    task = host.run(lambda p: p.tasks.wait("task:p1", timeout=3600, progress=True))
    assert task.state == "succeeded"
    lines = err.getvalue().splitlines()
    # Not a tty: one line per change (status 4 from the first query, 7 from the next, then
    # the end), however many pauses there were.
    assert len(lines) == 3, lines
    assert lines[0].startswith("wxopen: task task:p1 waiting for user (status 4)")
    assert "(status 7)" in lines[1]
    waits = [e for e in host.events if e["kind"] == "task_waiting"]
    assert len(waits) > len(lines)
    assert lines[2].startswith("wxopen: task task:p1 succeeded")
    assert "\r" not in err.getvalue()


def test_terminal_progress_on_a_tty_rewrites_its_line() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    shown = _Terminal(out)
    base = {"kind": "task_waiting", "task_id": "beta:u1", "state": "waiting"}
    shown.event({**base, "waiting_for": "user", "waited_ms": 0, "next_check_ms": 2000})
    shown.event({**base, "waiting_for": "user", "waited_ms": 2000, "next_check_ms": 4000})
    task = wxopen.Task(
        {
            "id": "beta:u1",
            "kind": "beta",
            "state": "expired",
            "settled": True,
            "status": None,
            "status_kind": None,
            "meaning": "the 24-hour window passed",
            "next_step": "Start again.",
            "waiting_for": None,
            "appid": None,
            "authorized": False,
        }
    )
    shown.done(task, 6000)
    text = out.getvalue()
    assert text.count("\r\x1b[2K") == 3 and text.endswith("\n")
    assert "waited 2.0s" in text and "beta:u1 expired" in text


def test_bare_acknowledgements_return_an_empty_registration_with_the_task(host: Host) -> None:
    host.wechat.on(LEGACY, {"errcode": 0, "errmsg": "ok"}, {"errcode": 89251, "errmsg": "x"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        reg = host.run(
            lambda p: p.register_enterprise_legacy(
                name="某某科技有限公司",
                code="91110000000000000X",
                code_type=1,
                legal_persona_wechat="zhangsan_wx",
                legal_persona_name="张三",
            )
        )
    assert type(reg) is wxopen.Registration and len(reg) == 0 and reg.raw is not None
    task = reg.task
    assert task.kind == "enterprise_legacy" and task.id.startswith("legacy:")
    assert "zhangsan_wx" not in task.id  # the subject is hashed
    task = host.run(lambda p: p.tasks.reconcile(task.id))
    # The legacy search answers errcodes, not statuses: a plain int, its meaning beside it.
    assert task.status == 89251 and type(task.status) is int and task.status_kind == "errcode"
    assert task.waiting_for == "legal_person"

    assert host.run(lambda p: p.import_authorizer(NEW_APP, "refreshtoken@@@B")) is None
    host.wechat.on(
        AAT,
        {
            "authorizer_access_token": "AAT",
            "expires_in": 7200,
            "authorizer_refresh_token": "refreshtoken@@@B",
        },
    )
    host.wechat.on(VERIFY, {"errcode": 0, "errmsg": "ok"})
    info = {
        "enterprise_name": "某某科技有限公司",
        "code": "91110000000000000X",
        "code_type": 1,
        "legal_persona_wechat": "zhangsan_wx",
        "legal_persona_name": "张三",
        "legal_persona_idcard": "110101199001011234",
        "component_phone": "13800000000",
    }
    reg = host.run(lambda p: p.authorizer(NEW_APP).verify_beta(verify_info=info))
    assert type(reg) is wxopen.Registration
    assert (reg.task.id, reg.task.kind) == (f"beta_verify:{NEW_APP}", "beta_verify")
    shown = repr(reg.task) + reg.task._repr_html_() + json.dumps(reg.task.to_dict())
    for secret in ("110101199001011234", "13800000000"):
        assert secret not in shown


def test_a_client_result_has_no_task(fake: Any) -> None:
    body = json.dumps({"errcode": 0, "unique_id": "u1", "authorize_url": "https://b"})
    client = wxopen.Client(fake(wxopen.Response(200, body)))
    reg = client.register_beta(wxopen.ComponentToken("CAT"), name="咖啡体验店", openid=OPENID)
    assert isinstance(reg, wxopen.BetaRegistration) and reg.task is None
    assert "task=" not in repr(reg)


def test_the_task_object() -> None:
    data = {
        "id": "legacy:abc",
        "kind": "enterprise_legacy",
        "state": "failed",
        "settled": True,
        "status": 103,
        "status_kind": "enterprise",
        "source": "push",
        "msg": "legal person mismatch",
        "meaning": "m",
        "meaning_zh": "m",
        "waiting_for": None,
        "next_step": "Correct the data.",
        "next_step_zh": "更正",
        "authorize_url": "https://mp.weixin.qq.com/very/long/page?id=1",
        "appid": None,
        "authorized": False,
        "authorization_errcode": None,
        "can_query": True,
        "attempt": 1,
        "created_at_ms": T0,
        "updated_at_ms": T0 + 1,
        "expires_at_ms": T0 + 86_400_000,
        "details": {"name": "某某科技", "code": "91110000000000000X", "auth_code": "code@@@S"},
    }
    task = wxopen.Task(data)
    assert task.state == "failed" and task.status == 103 and task.status > 100
    assert isinstance(task.status, wxopen.EnterpriseStatus) and task.status.known
    assert task.details.name == "某某科技" and task.to_dict() == data
    assert task == wxopen.Task(json.loads(json.dumps(data)))
    text = repr(task)
    assert "authorize_url='https://mp.weixin.qq.com/very/long/page?id=1'" in text
    assert "msg='legal person mismatch'" in text and "code@@@S" not in text
    assert str(task).startswith("task legacy:abc failed status 103:")
    html = task._repr_html_()
    # Masked by the core's rule (`auth_code`); `code` (an enterprise's) is public.
    assert "code@@@S" not in html and "<code>***</code>" in html and "91110000000000000X" in html
    assert "某某科技" in html and 'href="https://mp.weixin.qq.com/very/long/page?id=1"' in html
    assert "UTC" in html and "failed" in html
    with pytest.raises(AttributeError):
        task.state = "succeeded"  # type: ignore[misc]


def test_reuse_oa_registration_is_settled_at_once_and_shows_no_code(host: Host) -> None:
    oa = "wxofficial0000001"
    assert host.run(lambda p: p.import_authorizer(oa, "refreshtoken@@@OA")) is None
    host.wechat.on(
        AAT,
        {
            "authorizer_access_token": "AAT_OA",
            "expires_in": 7200,
            "authorizer_refresh_token": "refreshtoken@@@OA",
        },
    )
    host.wechat.on(
        "/cgi-bin/account/fastregister",
        {
            "errcode": 0,
            "appid": NEW_APP,
            "authorization_code": "authcode@@@R",
            "is_link_succ": True,
        },
    )
    host.wechat.on(QUERY_AUTH, query_auth(NEW_APP))
    reg = host.run(lambda p: p.authorizer(oa).register_by_reuse_oa(ticket="scanticket@@@secret"))
    assert isinstance(reg, wxopen.ReuseOaRegistration) and reg.appid == NEW_APP
    assert (reg.task.id, reg.task.state, reg.task.authorized, reg.task.settled) == (
        f"reuse_oa:{NEW_APP}",
        "succeeded",
        True,
        True,
    )
    shown = repr(reg) + reg._repr_html_() + str(reg.task)
    for secret in ("authcode@@@R", "scanticket", "AAT_NEW", "refreshtoken"):
        assert secret not in shown
    assert host.run(lambda p: p.authorizer_status(NEW_APP)) == "authorized"
