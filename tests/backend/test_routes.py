"""Every route of the service, end to end: the service process against the sandbox, its push
URL receiving the sandbox's real encrypted pushes."""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest
from wechatpy.crypto import WeChatCrypto

from wxopen.testing import Sandbox

from conftest import (
    API_KEY,
    MERCHANT_MP,
    MERCHANT_OA,
    Service,
    calls,
    push_ticket,
    sandbox_config,
    settle,
)

BETA = "/wxa/component/fastregisterbetaweapp"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One sandbox and one service for the module; the official account and the mini program
    of the sandbox authorize the platform through the service's authorization routes."""
    tmp = tmp_path_factory.mktemp("routes")
    with Sandbox(config=sandbox_config(tmp)) as sb:
        svc = Service(sb, tmp).start()
        try:
            sb.set_urls(svc.webhook, None)
            push_ticket(sb)
            for appid in (MERCHANT_OA, MERCHANT_MP):
                out = svc.authorize(appid)
                assert out["authorizer_appid"] == appid and out["func_info"]
            sb.wait_pushes()
            yield sb, svc
        finally:
            svc.stop()


def error_of(r: Any, status: int, error: str) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["error"] == error, body
    assert body["meaning"] and body["hint"], body
    return body


def test_api_key_health_and_unknown_paths(env: Any) -> None:
    _sb, svc = env
    snapshot = json.loads(Path(__file__).with_name("openapi.json").read_text("utf-8"))
    served = svc.ok("GET", "/openapi.json", key=None)
    assert served == snapshot, "the running service serves the committed schema"
    assert svc.ok("GET", "/api/health", key=None)["database"] == "sqlite"
    r = svc.call("GET", "/api/tasks", key=None)
    error_of(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "ApiKey"
    error_of(svc.call("GET", "/api/tasks", key="not-the-key"), 403, "forbidden")
    error_of(svc.call("GET", "/api/token/component", key=None), 401, "unauthorized")
    error_of(svc.call("POST", "/api/miniprogram/register/trial", {}, key=None), 401, "unauthorized")
    error_of(svc.call("GET", "/api/nothing-here"), 404, "not_found")
    error_of(svc.call("DELETE", "/api/tasks"), 405, "method_not_allowed")


def test_authorization_routes(env: Any) -> None:
    sb, svc = env
    start = svc.ok(
        "POST",
        "/api/authorization/start",
        {"auth_type": 2, "redirect_uri": "http://127.0.0.1/elsewhere"},
    )
    assert start["url"].startswith(sb.base_url + "/cgi-bin/componentloginpage?")
    assert start["mobile_url"].startswith(sb.base_url + "/wxaopen/safe/bindcomponent?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(start["url"]).query)
    assert query["redirect_uri"] == ["http://127.0.0.1/elsewhere"] and query["auth_type"] == ["2"]
    assert start["expires_in"] == 1800
    bad = error_of(
        svc.call("GET", "/api/authorization/callback", key=None, auth_code="queryauthcode@@@no"),
        400,
        "api_error",
    )
    assert bad["errcode"] == 61009 and bad["category"] == "credential"
    body = error_of(
        svc.call("POST", "/api/authorization/start", {"auth_type": "x"}), 400, "invalid_argument"
    )
    assert body["field"] == "auth_type"
    status = svc.ok("GET", "/api/authorization/status", appid=MERCHANT_OA)
    assert status == {"appid": MERCHANT_OA, "status": "authorized"}
    assert svc.ok("GET", "/api/authorization/status", appid="wxnobody00000001")["status"] is None
    # The redirect and the authorized push raced: one exchange per authorization (two), plus
    # the bogus code's.
    assert calls(sb, "/cgi-bin/component/api_query_auth") == 3


def test_the_push_url_keeps_every_push_and_answers_success_to_what_it_verified(env: Any) -> None:
    sb, svc = env
    inbox = svc.ok("GET", "/api/webhook/inbox")["items"]
    by_type = {i["info_type"] for i in inbox if i["outcome"] == "applied"}
    assert {"component_verify_ticket", "authorized"} <= by_type
    delivered = [p for p in sb.pushes() if p["state"] == "delivered"]
    assert len(inbox) >= len(delivered)
    assert all(i["body_bytes"] > 0 and i["worker"] for i in inbox)

    crypto = WeChatCrypto(sb.token, sb.encoding_aes_key, sb.appid)

    def post(xml: str, ts: int) -> Any:
        nonce = uuid.uuid4().hex[:10]
        sealed = crypto.encrypt_message(xml, nonce, ts)  # wechatpy: a real peer's envelope
        sig = sealed.split("<MsgSignature><![CDATA[")[1].split("]")[0]
        query = {"timestamp": str(ts), "nonce": nonce, "msg_signature": sig, "encrypt_type": "aes"}
        return svc.http.post("/api/webhook/wechat", params=query, content=sealed.encode())

    now = int(time.time())
    unknown = (
        f"<xml><AppId>{sb.appid}</AppId><CreateTime>{now}</CreateTime>"
        "<InfoType>notify_something_new</InfoType><info><x>1</x></info></xml>"
    )
    r = post(unknown, now)
    assert (r.status_code, r.text) == (200, "success")
    r = post("not xml at all", now)
    assert (r.status_code, r.text) == (200, "success")
    r = post(unknown, now - 3600)  # outside the freshness window: a replay
    assert r.status_code == 401 and r.text == "stale_timestamp"
    forged = WeChatCrypto("another-token", sb.encoding_aes_key, sb.appid)
    sealed = forged.encrypt_message(unknown, "12345", now)
    sig = sealed.split("<MsgSignature><![CDATA[")[1].split("]")[0]
    r = svc.http.post(
        "/api/webhook/wechat",
        params={"timestamp": str(now), "nonce": "12345", "msg_signature": sig},
        content=sealed.encode(),
    )
    assert r.status_code == 401 and r.text == "signature_mismatch"
    r = svc.http.post("/api/webhook/wechat", content=b"x" * (2 * 1024 * 1024))
    assert r.status_code == 413
    latest = svc.ok("GET", "/api/webhook/inbox", limit=4)["items"]
    assert [(i["outcome"], i["info_type"], i["error"]) for i in latest] == [
        ("refused", None, "signature_mismatch"),
        ("refused", None, "stale_timestamp"),
        ("uninterpreted", None, "malformed_event"),
        ("uninterpreted", "notify_something_new", None),
    ]
    assert svc.ok("GET", "/api/webhook/inbox", outcome="refused", limit=1000)["items"]


def test_open_platform_routes(env: Any) -> None:
    _sb, svc = env
    created = svc.ok("POST", "/api/open-platform/create", {"appid": MERCHANT_OA})
    open_appid = created["open_appid"]
    assert svc.ok("GET", "/api/open-platform/info", appid=MERCHANT_OA) == created
    again = error_of(
        svc.call("POST", "/api/open-platform/create", {"appid": MERCHANT_OA}), 409, "api_error"
    )
    assert again["errcode"] == 89000
    bound = svc.ok(
        "POST", "/api/open-platform/bind", {"appid": MERCHANT_MP, "open_appid": open_appid}
    )
    assert bound == {"appid": MERCHANT_MP, "open_appid": open_appid}
    assert svc.ok("GET", "/api/open-platform/info", appid=MERCHANT_MP)["open_appid"] == open_appid
    svc.ok("POST", "/api/open-platform/unbind", {"appid": MERCHANT_MP, "open_appid": open_appid})
    gone = error_of(svc.call("GET", "/api/open-platform/info", appid=MERCHANT_MP), 409, "api_error")
    assert gone["errcode"] == 89002 and gone["meaning_zh"]
    unknown = error_of(
        svc.call("GET", "/api/open-platform/info", appid="wxnobody00000001"),
        404,
        "unknown_authorizer",
    )
    assert unknown["authorizer_appid"] == "wxnobody00000001"
    body = error_of(
        svc.call("POST", "/api/open-platform/create", {"appid": MERCHANT_OA, "x": 1}),
        400,
        "invalid_argument",
    )
    assert body["field"] == "x"


def test_registrations_and_their_tasks(env: Any) -> None:
    sb, svc = env
    tag = uuid.uuid4().hex[:6]
    ent = svc.ok(
        "POST",
        "/api/miniprogram/register/enterprise",
        {
            "name": f"Acme {tag} Ltd",
            "code": f"91440300MA{tag.upper()}XX",
            "code_type": "1",  # as the browser page sends it: the core takes a numeric string
            "legal_persona_openid": f"oLegal{tag}",
            "legal_persona_name": "张三",
        },
        headers={"Origin": "http://127.0.0.1:8000"},
    )
    assert ent["task_id"] == f"task:{ent['taskid']}" and ent["authorize_url"]
    assert ent["task"]["state"] == "waiting" and ent["task"]["waiting_for"] == "legal_person"
    per = svc.ok(
        "POST",
        "/api/miniprogram/register/personal",
        {"idname": "李四", "wxuser": f"lisi_{tag}", "new_version": True},
    )
    assert per["task"]["kind"] == "personal" and per["task"]["can_query"]
    tri = svc.ok(
        "POST", "/api/miniprogram/register/trial", {"name": f"Shop {tag}", "openid": f"oT{tag}"}
    )
    assert tri["task_id"] == f"beta:{tri['unique_id']}"

    # The people act at the sandbox; the results come as pushes to the service.
    sb.act(ent["taskid"], "approve")
    sb.act(per["taskid"], "approve", stop_at=7)  # stops after the SMS was sent: no push yet
    sb.act(tri["unique_id"], "fail", status=-1, msg="the user gave up")
    sb.wait_pushes()
    task = svc.task(per["task_id"], reconcile="true")  # asks WeChat's query API
    assert (task["state"], task["status"], task["waiting_for"]) == ("waiting", 7, "user")
    sb.act(per["taskid"], "approve")
    tasks = settle(sb, svc, [ent["task_id"], per["task_id"], tri["task_id"]])
    e, p, t = tasks[ent["task_id"]], tasks[per["task_id"]], tasks[tri["task_id"]]
    assert (e["state"], e["authorized"]) == ("succeeded", True) and e["appid"]
    assert (p["state"], p["authorized"]) == ("succeeded", True) and p["appid"]
    assert (t["state"], t["status"], t["msg"]) == ("failed", -1, "the user gave up")
    assert svc.ok("GET", "/api/authorization/status", appid=e["appid"])["status"] == "authorized"

    listed = svc.ok("GET", "/api/tasks", kind="beta", state="failed")["tasks"]
    assert tri["task_id"] in [x["id"] for x in listed]
    assert (
        error_of(svc.call("GET", "/api/tasks", kind="nope"), 400, "invalid_argument")["field"]
        == "kind"
    )
    error_of(svc.call("GET", "/api/task/status", task_id="task:nope"), 404, "not_found")
    waited = svc.task(tri["task_id"], wait=5)
    assert waited["settled"]

    # Refused by the core before sending: 400 with field and rule; nothing reaches WeChat.
    before = calls(sb, BETA)
    bad = error_of(
        svc.call("POST", "/api/miniprogram/register/trial", {"name": "abc", "openid": "o1"}),
        400,
        "invalid_argument",
    )
    assert bad["field"] == "name" and "4\u201330" in bad["rule"]
    bad = error_of(
        svc.call("POST", "/api/miniprogram/register/trial", {"name": 5}), 400, "invalid_argument"
    )
    assert bad["field"] in ("name", "openid")
    assert calls(sb, BETA) == before


def test_idempotency_keys_send_a_registration_once(env: Any) -> None:
    sb, svc = env
    before = calls(sb, BETA)
    body = {"name": "Idempotent shop", "openid": "oIdem0001"}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = svc.call("POST", "/api/miniprogram/register/trial", body, headers=key)
    second = svc.call("POST", "/api/miniprogram/register/trial", body, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and second.headers["idempotent-replayed"] == "true"
    assert calls(sb, BETA) == before + 1
    other = svc.call(
        "POST", "/api/miniprogram/register/trial", {**body, "name": "Other shop"}, headers=key
    )
    error_of(other, 422, "idempotency_key_reused")
    # An answered error is replayed too: the refused call is not sent again.
    key2 = {"Idempotency-Key": str(uuid.uuid4())}
    r1 = svc.call(
        "POST",
        "/api/miniprogram/register/trial",
        {"name": "腾讯 shop", "openid": "o2"},
        headers=key2,
    )
    r2 = svc.call(
        "POST",
        "/api/miniprogram/register/trial",
        {"name": "腾讯 shop", "openid": "o2"},
        headers=key2,
    )
    assert r1.status_code == r2.status_code == 400 and r1.json()["errcode"] == 86011
    assert r1.json() == r2.json()
    assert calls(sb, BETA) == before + 2
    error_of(
        svc.call(
            "POST",
            "/api/miniprogram/register/trial",
            body,
            headers={"Idempotency-Key": "with space"},
        ),
        400,
        "invalid_argument",
    )


def test_trial_verify_and_rename(env: Any) -> None:
    sb, svc = env
    tri = svc.ok(
        "POST", "/api/miniprogram/register/trial", {"name": "Verify shop", "openid": "oVerify01"}
    )
    sb.act(tri["unique_id"], "approve")
    appid = settle(sb, svc, [tri["task_id"]])[tri["task_id"]]["appid"]
    renamed = svc.ok(
        "POST", "/api/miniprogram/trial/rename", {"appid": appid, "name": "Renamed shop"}
    )
    assert renamed == {"appid": appid, "name": "Renamed shop"}
    bad = error_of(
        svc.call("POST", "/api/miniprogram/trial/rename", {"appid": appid, "name": "微信 shop"}),
        400,
        "api_error",
    )
    assert bad["errcode"] == 86011
    info = {
        "enterprise_name": "Verify Co",
        "code": "91440300MA5VERIFY1",
        "code_type": 1,
        "legal_persona_wechat": "wangwu_legal",
        "legal_persona_name": "王五",
        "legal_persona_idcard": "110101199001010011",
        "component_phone": "13800000000",
    }
    ver = svc.ok("POST", "/api/miniprogram/trial/verify", {"appid": appid, "verify_info": info})
    assert ver["task_id"] == f"beta_verify:{appid}" and ver["task"]["state"] in (
        "created",
        "waiting",
    )
    assert "110101199001010011" not in str(ver), "the ID-card number is never echoed"
    sandbox_task = sb.tasks("beta_verify")[0]
    sb.act(sandbox_task["id"], "approve")  # the legal person
    sb.act(sandbox_task["id"], "approve")  # the admin
    done = settle(sb, svc, [ver["task_id"]])[ver["task_id"]]
    assert done["state"] == "succeeded"


def test_register_by_reusing_an_official_account(env: Any) -> None:
    sb, svc = env
    page = svc.ok(
        "POST",
        "/api/miniprogram/register/by-account/url",
        {"appid": MERCHANT_OA, "copy_wx_verify": 1},
    )
    assert page["url"].startswith(sb.base_url + "/cgi-bin/fastregisterauth?")
    redirect = sb.confirm_page(page["url"])
    assert redirect.startswith(svc.url + "/api/miniprogram/register/by-account/callback?appid=")
    path = redirect[len(svc.url) :]
    before = calls(sb, "/cgi-bin/account/fastregister")
    first = svc.http.get(path)
    assert first.status_code == 200, first.text
    out = first.json()
    assert out["appid"] and out["task_id"] == f"reuse_oa:{out['appid']}"
    assert "authorization_code" not in out
    assert out["task"]["state"] == "succeeded" and out["task"]["authorized"]
    reload = svc.http.get(path)  # the browser reloads: same answer, no second create call
    assert reload.json() == out and reload.headers["idempotent-replayed"] == "true"
    assert calls(sb, "/cgi-bin/account/fastregister") == before + 1
    assert svc.ok("GET", "/api/authorization/status", appid=out["appid"])["status"] == "authorized"
    # The same through the keyed route, with the ticket of a second confirmation.
    page = svc.ok(
        "POST",
        "/api/miniprogram/register/by-account/url",
        {"appid": MERCHANT_OA, "copy_wx_verify": 0, "redirect_uri": "http://127.0.0.1/back"},
    )
    ticket = urllib.parse.parse_qs(urllib.parse.urlsplit(sb.confirm_page(page["url"])).query)
    second = svc.ok(
        "POST",
        "/api/miniprogram/register/by-account",
        {"appid": MERCHANT_OA, "ticket": ticket["ticket"][0]},
    )
    assert second["appid"] != out["appid"] and second["task"]["authorized"]
    assert second["is_wx_verify_succ"] is False and second["is_link_succ"] is True
    used = error_of(
        svc.call(
            "POST",
            "/api/miniprogram/register/by-account",
            {"appid": MERCHANT_OA, "ticket": "used-or-bogus"},
        ),
        400,
        "api_error",
    )
    assert used["errcode"] == 61058


def test_official_account_links(env: Any) -> None:
    sb, svc = env
    out = svc.ok(
        "POST",
        "/api/official-account/link",
        {
            "appid": MERCHANT_OA,
            "miniprogram_appid": MERCHANT_MP,
            "notify_users": 1,
            "show_profile": 0,
        },
    )
    assert out == {"appid": MERCHANT_OA, "miniprogram_appid": MERCHANT_MP, "result": "invited"}
    items = {
        i["appid"]: i
        for i in svc.ok("GET", "/api/official-account/links", appid=MERCHANT_OA)["items"]
    }
    assert items[MERCHANT_MP]["status"] == 12 and items[MERCHANT_MP]["status_meaning"]
    link_task = next(t for t in sb.tasks("link") if t["state"] == "pending")
    sb.act(link_task["id"], "approve")
    sb.act(link_task["id"], "approve")
    items = {
        i["appid"]: i
        for i in svc.ok("GET", "/api/official-account/links", appid=MERCHANT_OA)["items"]
    }
    assert items[MERCHANT_MP]["status"] == 1
    out = svc.ok(
        "POST",
        "/api/official-account/unlink",
        {"appid": MERCHANT_OA, "miniprogram_appid": MERCHANT_MP},
    )
    assert out["result"] == "unlinked"
    bad = error_of(
        svc.call(
            "POST",
            "/api/official-account/link",
            {
                "appid": MERCHANT_OA,
                "miniprogram_appid": MERCHANT_MP,
                "notify_users": 7,
                "show_profile": 0,
            },
        ),
        400,
        "invalid_argument",
    )
    assert bad["field"] == "notify_users"


def test_admin_rebind(env: Any) -> None:
    sb, svc = env
    page = svc.ok("POST", "/api/miniprogram/admin/rebind-url", {"appid": MERCHANT_MP})
    assert page["url"].startswith(sb.base_url + "/wxopen/componentrebindadmin?")
    new_admin = {
        "wechat": "zhao_newadmin",
        "name": "赵六",
        "phone": "13900000002",
        "idcard": "110101199001010033",
    }
    redirect = sb.confirm_page(page["url"], new_admin=new_admin)
    assert redirect.startswith(svc.url + "/api/miniprogram/admin/rebind/callback?appid=")
    taskid = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect).query)["taskid"][0]
    r = svc.http.get(redirect[len(svc.url) :])
    assert r.status_code == 200 and r.json() == {"appid": MERCHANT_MP, "rebound": True}
    again = svc.call(
        "POST", "/api/miniprogram/admin/rebind", {"appid": MERCHANT_MP, "taskid": taskid}
    )
    assert again.status_code == 400 and again.json()["errcode"] == 85060  # used up
    bad = error_of(
        svc.call("POST", "/api/miniprogram/admin/rebind", {"appid": MERCHANT_MP, "taskid": "nope"}),
        400,
        "api_error",
    )
    assert bad["errcode"] == 85060 and bad["hint"]


def test_token_routes(env: Any) -> None:
    sb, svc = env
    r = svc.call("GET", "/api/token/component")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    token = r.json()["component_access_token"]
    # The token works at the sandbox.
    pre = svc.http.post(
        f"{sb.base_url}/cgi-bin/component/api_create_preauthcode",
        params={"component_access_token": token},
        json={"component_appid": sb.appid},
    ).json()
    assert pre.get("pre_auth_code"), pre
    aat = svc.ok("GET", "/api/token/authorizer", appid=MERCHANT_OA)
    assert aat["authorizer_appid"] == MERCHANT_OA
    have = svc.http.post(
        f"{sb.base_url}/cgi-bin/open/have",
        params={"access_token": aat["authorizer_access_token"]},
        json={},
    ).json()
    assert have.get("errcode", 0) == 0, have
    error_of(
        svc.call("GET", "/api/token/authorizer", appid="wxnobody00000001"),
        404,
        "unknown_authorizer",
    )
    error_of(svc.call("GET", "/api/token/authorizer"), 400, "invalid_argument")


def test_cors_for_the_browser_page(env: Any) -> None:
    _sb, svc = env
    pre = svc.http.options(
        "/api/miniprogram/register/trial",
        headers={
            "Origin": "http://127.0.0.1:8000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    assert "x-api-key" in pre.headers["access-control-allow-headers"].lower()
    other = svc.http.options(
        "/api/miniprogram/register/trial",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in other.headers
    r = svc.call("GET", "/api/tasks", headers={"Origin": "http://localhost:8000"}, limit=1)
    assert r.headers["access-control-allow-origin"] == "http://localhost:8000"
    assert API_KEY not in r.text
