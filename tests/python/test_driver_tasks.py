"""Registration tasks through the driver glue, run by the Platform's step loop (driver_host):
register, pushes, get, list, reconcile, wait — the entry points the Python `platform.tasks`
builds on. Scripted WeChat, memory store, manual clock."""

from __future__ import annotations

import json
from typing import Any

import pytest
from driver_host import CAT_PATH, CID, T0, Host, cat, push

import wxopen
from wxopen import _native

BETA_PATH = "/wxa/component/fastregisterbetaweapp"
PERSONAL_PATH = "/wxa/component/fastregisterpersonalweapp"
QUERY_AUTH = "/cgi-bin/component/api_query_auth"
NEW_APP = "wxnewapp00000001"


def ready() -> Host:
    host = Host()
    assert host.run(host.driver.store_ticket, "ticket@@@latest", T0 // 1000) is True
    host.wechat.on(CAT_PATH, cat("CAT1"))
    return host


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


def query_auth(appid: str) -> dict[str, Any]:
    return {
        "authorization_info": {
            "authorizer_appid": appid,
            "authorizer_access_token": "AAT_NEW",
            "expires_in": 7200,
            "authorizer_refresh_token": "refreshtoken@@@N",
            "func_info": [{"funcscope_category": {"id": 17}}],
        }
    }


def test_trial_register_push_authorized_then_get_and_list() -> None:
    host = ready()
    host.wechat.on(
        BETA_PATH, {"errcode": 0, "unique_id": "u1", "authorize_url": "https://beta/page"}
    )
    args = json.dumps({"name": "咖啡体验店", "openid": "oTrialUser0000000000000000001"})
    done = json.loads(host.run(host.driver.register, "register.beta", args, None))
    assert done["output"]["unique_id"] == "u1"
    task = done["task"]
    assert task["id"] == "beta:u1"
    assert (task["kind"], task["state"], task["waiting_for"]) == ("beta", "waiting", "user")
    assert task["authorize_url"] == "https://beta/page"
    assert task["next_step"] and task["next_step_zh"] and not task["settled"]
    assert task["expires_at_ms"] == T0 + 86_400_000

    event = host.run(host.driver.handle, *push(beta_push(host.clock(), "u1", 0, NEW_APP), T0))
    assert isinstance(event, wxopen.FastRegisterBeta)
    task = json.loads(host.run(host.driver.task, "beta:u1"))
    assert (task["state"], task["appid"], task["authorized"]) == ("succeeded", NEW_APP, False)

    host.wechat.on(QUERY_AUTH, query_auth(NEW_APP))
    host.run(host.driver.handle, *push(authorized_push(T0, NEW_APP, "queryauthcode@@@t"), T0))
    task = json.loads(host.run(host.driver.task, "beta:u1"))
    assert task["authorized"] and task["settled"]
    updates = [e for e in host.events if e["kind"] == "task_updated"]
    assert [e["origin"] for e in updates] == ["create", "push", "authorization"]

    assert [t["id"] for t in json.loads(host.run(host.driver.tasks, None, None, None))] == [
        "beta:u1"
    ]
    assert json.loads(host.run(host.driver.tasks, "beta", "succeeded", 1))[0]["id"] == "beta:u1"
    assert json.loads(host.run(host.driver.tasks, "personal", None, None)) == []
    assert json.loads(host.run(host.driver.task, "beta:none")) is None
    # Bad names are refused by the core before anything runs.
    with pytest.raises(wxopen.InvalidArgument) as info:
        host.driver.tasks("nope", None, None, host.clock())
    assert info.value.field == "kind"
    with pytest.raises(wxopen.InvalidArgument):
        host.run(host.driver.register, "open.get", "{}", None)


def test_personal_reconcile_and_wait_follow_the_core_policy() -> None:
    host = ready()
    policy = json.loads(_native.Driver.default_policy())
    for field in ("task_poll_min_ms", "task_poll_max_ms", "task_query_interval_ms"):
        assert policy[field] > 0
    answer = lambda s: {  # noqa: E731
        "errcode": 0,
        "taskid": "p1",
        "authorize_url": "https://p",
        "status": s,
    }
    host.wechat.on(PERSONAL_PATH, answer(0), answer(7), answer(9), answer(12))
    args = json.dumps({"idname": "李四", "wxuser": "lisi_wx"})
    task = json.loads(host.run(host.driver.register, "register.personal", args, None))["task"]
    assert (task["id"], task["can_query"]) == ("task:p1", True)
    task = json.loads(host.run(host.driver.reconcile_task, "task:p1"))
    assert (task["state"], task["status"]) == ("waiting", 7)
    assert "SMS" in task["next_step"]
    start = host.clock()
    task = json.loads(host.run(host.driver.wait_task, "task:p1", 3_600_000))
    assert (task["state"], task["settled"]) == ("succeeded", True)
    waiting = [e for e in host.events if e["kind"] == "task_waiting"]
    assert waiting and waiting[0]["task_id"] == "task:p1"
    assert sum(e["next_check_ms"] for e in waiting) == host.clock() - start
    assert waiting[0]["next_check_ms"] <= policy["task_poll_min_ms"] * 5 // 4
    with pytest.raises(wxopen.InvalidArgument) as info:
        host.run(host.driver.reconcile_task, "task:unknown")
    assert info.value.field == "task_id"


def test_wait_times_out_with_the_task_as_it_stands() -> None:
    host = ready()
    host.wechat.on(BETA_PATH, {"errcode": 0, "unique_id": "u2", "authorize_url": "https://b"})
    args = json.dumps({"name": "咖啡体验店", "openid": "oTrialUser0000000000000000001"})
    host.run(host.driver.call, "register.beta", args, None)
    start = host.clock()
    task = json.loads(host.run(host.driver.wait_task, "beta:u2", 10_000))
    assert (task["state"], task["settled"]) == ("waiting", False)
    assert host.clock() - start == 10_000
    # The window passes: expired, derived from the clock.
    host.clock.now += 86_400_000 + 300_000
    task = json.loads(host.run(host.driver.task, "beta:u2"))
    assert (task["state"], task["source"], task["settled"]) == ("expired", "clock", True)
    expired = json.loads(host.run(host.driver.tasks, None, "expired", None))
    assert [t["id"] for t in expired] == ["beta:u2"]


def test_task_json_never_carries_a_secret() -> None:
    host = ready()
    host.run(host.driver.import_authorizer, "wxofficial0000001", "refreshtoken@@@OA")
    host.wechat.on(
        "/cgi-bin/component/api_authorizer_token",
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
    done = host.run(
        host.driver.register,
        "register.reuse_oa",
        json.dumps({"ticket": "scanticket@@@secret"}),
        "wxofficial0000001",
    )
    task = json.loads(done)["task"]
    assert (task["state"], task["authorized"], task["settled"]) == ("succeeded", True, True)
    shown = json.dumps(task) + json.dumps(host.events)
    for secret in ("scanticket", "authcode@@@R", "AAT_NEW", "refreshtoken"):
        assert secret not in shown
