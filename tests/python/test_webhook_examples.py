"""The Flask and FastAPI webhook examples, driven by their frameworks' test clients with the
encrypted pushes of the shared vectors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import wxopen

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = json.loads((ROOT / "tests" / "vectors" / "webhook.json").read_text("utf-8"))
PUSH = {c["name"]: c for c in DOC["push_cases"]}


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / "python" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def replay_hook() -> wxopen.Webhook:
    """The vectors were recorded at fixed times: replaying them needs the freshness check off."""
    return wxopen.Webhook(**DOC["platform"], max_age=None)


def post_flask(client, name: str):
    case = PUSH[name]
    return client.post(f"/wechat/component?{case['query_string']}", data=case["body"].encode())


def test_flask_handler() -> None:
    mod = load("webhook_flask")
    store: dict = {"ticket": None, "registrations": []}
    client = mod.create_app(replay_hook(), store).test_client()
    resp = post_flask(client, "component_verify_ticket")
    assert (resp.status_code, resp.data) == (200, b"success")
    assert store["ticket"] == PUSH["component_verify_ticket"]["expect"]["ticket"]
    reg = PUSH["notify_third_fasteregister personal"]
    assert post_flask(client, reg["name"]).data == b"success"
    assert store["registrations"] == [(reg["expect"]["status"], reg["expect"]["appid"])]
    assert post_flask(client, "tampered msg_signature").status_code == 400
    # With the real clock (the default), a recorded push is a replay.
    live = mod.create_app(wxopen.Webhook(**DOC["platform"]), store).test_client()
    assert post_flask(live, "authorized").status_code == 400


def test_fastapi_handler() -> None:
    from fastapi.testclient import TestClient

    mod = load("webhook_fastapi")
    events: list = []
    client = TestClient(mod.create_app(replay_hook(), events))
    case = PUSH["authorized"]
    resp = client.post(f"/wechat/component?{case['query_string']}", content=case["body"])
    assert (resp.status_code, resp.text) == (200, "success")
    (event,) = events
    assert isinstance(event, wxopen.Authorized)
    assert event.authorizer_appid == case["expect"]["authorizer_appid"]
    live = TestClient(mod.create_app(wxopen.Webhook(**DOC["platform"]), events))
    resp = live.post(f"/wechat/component?{case['query_string']}", content=case["body"])
    assert (resp.status_code, resp.text) == (400, "refused: stale_timestamp")


# ---- the message URL: /wechat/<appid>/callback ----

MESSAGE = {c["name"]: c for c in DOC["message_cases"]}
RELEASE = {c["name"]: c for c in DOC["release_cases"]}
GRANT = {
    "authorization_info": {
        "authorizer_appid": "wx5910277cae6fd970",
        "authorizer_access_token": "AAT_of_the_test_account",
        "expires_in": 7200,
        "authorizer_refresh_token": "refresh@@@x",
    }
}


def message_url(case: dict) -> str:
    return f"/wechat/{case['authorizer_appid']}/callback?{case['query_string']}"


def reply_text_of(hook: wxopen.Webhook, body: str) -> str:
    """The Content of an encrypted passive reply."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(body)
    query = {
        "timestamp": root.findtext("TimeStamp"),
        "nonce": root.findtext("Nonce"),
        "msg_signature": root.findtext("MsgSignature"),
    }
    return (
        ET.fromstring(hook.decrypt(query, body, now=int(query["timestamp"] or 0))).findtext(
            "Content"
        )
        or ""
    )


def test_flask_message_router() -> None:
    from conftest import FakeTransport

    mod = load("webhook_flask")
    store: dict = {}
    transport = FakeTransport(
        wxopen.Response(200, json.dumps(GRANT).encode()),
        wxopen.Response(200, b'{"errcode":0,"errmsg":"ok"}'),
    )
    jobs: list = []
    client = mod.create_app(
        replay_hook(),
        store,
        client=wxopen.Client(transport),
        component_token=lambda: wxopen.ComponentToken("CAT_example"),
        run_later=jobs.append,
    ).test_client()
    hook = replay_hook()
    text = MESSAGE["text (documented example)"]
    resp = client.post(message_url(text), data=text["body"].encode())
    assert resp.status_code == 200
    assert reply_text_of(hook, resp.get_data(as_text=True)) == "received: this is a test"
    # WeChat's retry of the same push: answered, not handled again.
    assert client.post(message_url(text), data=text["body"].encode()).data == b"success"
    audit = MESSAGE["weapp_audit_fail (spec §13.3 sample)"]
    assert client.post(message_url(audit), data=audit["body"].encode()).data == b"success"
    assert [m.type for m in store["messages"]] == ["text", "weapp_audit_fail"]
    bad = MESSAGE["message: tampered msg_signature"]
    assert client.post(message_url(bad), data=bad["body"].encode()).status_code == 400
    assert client.post("/wechat/wx..x/callback?" + text["query_string"]).status_code == 400
    # The release check: the passive reply, then QUERY_AUTH_CODE answered empty with its
    # follow-up run after the answer.
    reply = RELEASE["TESTCOMPONENT_MSG_TYPE_TEXT to the group-1 official account"]
    resp = client.post(message_url(reply), data=reply["body"].encode())
    assert reply_text_of(hook, resp.get_data(as_text=True)) == reply["expect"]["content"]
    code = RELEASE["QUERY_AUTH_CODE to the group-5 mini program"]
    resp = client.post(message_url(code), data=code["body"].encode())
    assert (resp.status_code, resp.data) == (200, b"")
    assert transport.sent == []  # nothing sent before the answer
    (job,) = jobs
    job()
    query_auth, send = transport.sent
    assert (
        json.loads(query_auth.body)["authorization_code"]
        == (code["expect"]["follow_up"]["authorization_code"])
    )
    assert send.url.endswith("access_token=AAT_of_the_test_account")
    assert json.loads(send.body)["text"]["content"] == code["expect"]["follow_up"]["content"]


def test_fastapi_message_router() -> None:
    from fastapi.testclient import TestClient

    mod = load("webhook_fastapi")
    events: list = []
    sent: list = []
    answers = [json.dumps(GRANT).encode(), b'{"errcode":0}']

    async def transport(request: wxopen.Request) -> wxopen.Response:
        sent.append(request)
        return wxopen.Response(200, answers.pop(0))

    async def token() -> wxopen.ComponentToken:
        return wxopen.ComponentToken("CAT_example")

    app = mod.create_app(
        replay_hook(), events, client=wxopen.AsyncClient(transport), component_token=token
    )
    client = TestClient(app)
    hook = replay_hook()
    text = MESSAGE["text (documented example)"]
    resp = client.post(message_url(text), content=text["body"])
    assert reply_text_of(hook, resp.text) == "received: this is a test"
    assert client.post(message_url(text), content=text["body"]).text == "success"
    event = MESSAGE["an InfoType at the message URL is a component event (spec §14.4 sample)"]
    assert client.post(message_url(event), content=event["body"]).text == "success"
    assert isinstance(events[-1], wxopen.ComponentEventMessage)
    assert isinstance(events[-1].component_event, wxopen.IcpFilingResult)
    stale = MESSAGE["message: stale timestamp"]
    live = TestClient(mod.create_app(wxopen.Webhook(**DOC["platform"]), events))
    resp = live.post(message_url(stale), content=stale["body"])
    assert (resp.status_code, resp.text) == (400, "refused: stale_timestamp")
    code = RELEASE["QUERY_AUTH_CODE to the group-5 mini program"]
    resp = client.post(message_url(code), content=code["body"])
    assert (resp.status_code, resp.text) == (200, "")
    # The TestClient runs background tasks before returning.
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in sent] == ["api_query_auth", "send"]
