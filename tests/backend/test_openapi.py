"""The service's OpenAPI schema: served at /openapi.json, equal to the committed snapshot
(`tests/backend/openapi.json`; `WXOPEN_UPDATE_OPENAPI=1` rewrites it; test_routes checks the
running service serves it), every route documented
with its request and response models and its error answers, and the request models of the
WeChat operations equal to the core's input schemas (`schema/operations.json`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from examples.backend import models as m
from examples.backend.app import create_app
from examples.backend.config import Settings

from conftest import API_KEY, ROOT

SNAPSHOT = Path(__file__).with_name("openapi.json")
OPEN = {  # routes without the API key
    ("POST", "/api/webhook/wechat"),
    ("GET", "/api/authorization/callback"),
    ("GET", "/api/miniprogram/register/by-account/callback"),
    ("GET", "/api/miniprogram/admin/rebind/callback"),
    ("GET", "/api/health"),
}
HANDBOOK = {  # the seed handbook's §4 and the seeds' link and rebind flows
    ("POST", "/api/open-platform/create"),
    ("POST", "/api/open-platform/bind"),
    ("POST", "/api/open-platform/unbind"),
    ("GET", "/api/open-platform/info"),
    ("POST", "/api/miniprogram/register/enterprise"),
    ("POST", "/api/miniprogram/register/by-account"),
    ("POST", "/api/miniprogram/register/personal"),
    ("POST", "/api/miniprogram/register/trial"),
    ("POST", "/api/miniprogram/trial/verify"),
    ("POST", "/api/miniprogram/trial/rename"),
    ("GET", "/api/task/status"),
    ("POST", "/api/webhook/wechat"),
    ("GET", "/api/token/component"),
    ("GET", "/api/token/authorizer"),
    ("GET", "/api/official-account/links"),
    ("POST", "/api/official-account/link"),
    ("POST", "/api/official-account/unlink"),
    ("POST", "/api/miniprogram/admin/rebind-url"),
    ("POST", "/api/miniprogram/admin/rebind"),
    ("POST", "/api/authorization/start"),
    ("GET", "/api/authorization/callback"),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("openapi")
    settings = Settings(
        component_appid="wxc0ffee0000000001",
        component_appsecret="5ba0db0c5ba0db0c5ba0db0c5ba0db0c",
        token="sandboxtoken",
        encoding_aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        api_key=API_KEY,
        api_base="http://127.0.0.1:9",
        database_url=f"sqlite:///{tmp / 'db.sqlite3'}",
        store_path=str(tmp / "store.sqlite3"),
    )
    return create_app(settings, reconcile=False)


def test_the_schema_matches_the_snapshot(app: Any) -> None:
    """(test_routes checks that the running service serves this schema.)"""
    text = json.dumps(app.openapi(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("WXOPEN_UPDATE_OPENAPI"):
        SNAPSHOT.write_text(text, "utf-8")
    assert SNAPSHOT.read_text("utf-8") == text, (
        "the API changed: review it, then "
        "WXOPEN_UPDATE_OPENAPI=1 pytest tests/backend/test_openapi.py"
    )


def test_every_route_is_documented(app: Any) -> None:
    schema = app.openapi()
    ops = {
        (method.upper(), path): op
        for path, item in schema["paths"].items()
        for method, op in item.items()
    }
    assert HANDBOOK <= set(ops), HANDBOOK - set(ops)
    for (method, path), op in ops.items():
        where = f"{method} {path}"
        assert op.get("summary") and op.get("tags"), where
        ok = op["responses"]["200"]["content"]
        if path == "/api/webhook/wechat":
            assert ok["text/plain"]["schema"]["enum"] == ["success"]
        else:
            assert ok["application/json"]["schema"]["$ref"].startswith("#/components/schemas/"), (
                where
            )
        errors = {s: r for s, r in op["responses"].items() if s != "200"}
        assert errors, where
        for status, answer in errors.items():
            assert 400 <= int(status) < 600, where
            if path != "/api/webhook/wechat":
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (where, status)
        assert "422" not in errors or "Idempotency" in errors["422"]["description"], where
        if method == "POST" and path != "/api/webhook/wechat":
            body = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert body.startswith("#/components/schemas/"), where
        keyed = (method, path) not in OPEN
        assert bool(op.get("security")) == keyed, where
        if keyed:
            assert {"401", "403"} <= set(errors), where
        if op.get("parameters") or op.get("requestBody"):
            assert "400" in errors, where
    assert schema["components"]["securitySchemes"]["APIKeyHeader"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "The service's API key (BACKEND_API_KEY).",
    }


OPERATIONS = {
    o["name"]: o
    for o in json.loads((ROOT / "schema" / "operations.json").read_text())["operations"]
}


def fields_of(
    model: Any, drop: tuple[str, ...] = (), rename: dict[str, str] | None = None
) -> tuple[set[str], set[str]]:
    rename = rename or {}
    names = {rename.get(n, n) for n in model.model_fields if n not in drop}
    required = {
        rename.get(n, n) for n, f in model.model_fields.items() if f.is_required() and n not in drop
    }
    return names, required


@pytest.mark.parametrize(
    ("operation", "model", "drop", "rename"),
    [
        ("register.enterprise", m.EnterpriseIn, (), {}),
        ("register.personal", m.PersonalIn, (), {}),
        ("register.beta", m.TrialIn, (), {}),
        ("register.reuse_oa", m.ByAccountIn, ("appid",), {}),
        ("register.beta_verify", m.TrialVerifyIn, ("appid",), {}),
        ("register.beta_rename", m.TrialRenameIn, ("appid",), {}),
        ("link.link", m.LinkIn, ("appid",), {"miniprogram_appid": "appid"}),
        ("link.unlink", m.UnlinkIn, ("appid",), {"miniprogram_appid": "appid"}),
        ("admin.rebind", m.RebindIn, ("appid",), {}),
        ("open.bind", m.OpenBindIn, ("appid",), {}),
    ],
)
def test_request_models_are_the_core_operations_inputs(
    operation: str, model: Any, drop: tuple[str, ...], rename: dict[str, str]
) -> None:
    schema = OPERATIONS[operation]["input"]
    names, required = fields_of(model, drop, rename)
    wire = set(schema["properties"]) - ({"appid"} if operation.startswith("open.") else set())
    assert names == wire, operation
    assert required == set(schema.get("required", [])) - (
        {"appid"} if operation.startswith("open.") else set()
    )


def test_verify_info_is_the_core_verify_info() -> None:
    schema = OPERATIONS["register.beta_verify"]["input"]
    defs = json.loads((ROOT / "schema" / "operations.json").read_text())["$defs"]
    verify = defs["VerifyInfo"]
    names, required = fields_of(m.VerifyInfoIn)
    assert names == set(verify["properties"]) and required == set(verify["required"])
    assert schema["properties"]["verify_info"]["$ref"].endswith("/VerifyInfo")
