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
