"""The API fuzzed from its own OpenAPI schema (schemathesis): the running service against the
sandbox, with two authorized accounts and a few registrations so the generated calls reach
WeChat's answers too. Every answer: no 500, the status and body the schema documents, and no
secret — the platform's AppSecret, Token and EncodingAESKey, and every ticket, token and
refresh token in the platform's store at that moment. The two token routes answer the one
token they are for, and nothing else secret."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

import wxopen
from wxopen.testing import Sandbox

from conftest import API_KEY, MERCHANT_MP, MERCHANT_OA, Service, push_ticket, sandbox_config

STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("fuzz")
    with Sandbox(config=sandbox_config(tmp)) as sb:
        svc = Service(sb, tmp).start()
        try:
            sb.set_urls(svc.webhook, None)
            push_ticket(sb)
            for appid in (MERCHANT_OA, MERCHANT_MP):
                svc.authorize(appid)
            reg = svc.ok(
                "POST", "/api/miniprogram/register/trial", {"name": "Fuzz shop", "openid": "oFuzz"}
            )
            sb.act(reg["unique_id"], "approve")
            sb.wait_pushes()
            STATE.update(sb=sb, svc=svc, store=svc.data / "wxopen-store.sqlite3")
            yield schemathesis.openapi.from_url(svc.url + "/openapi.json")
        finally:
            svc.stop()


def secrets_now() -> set[str]:
    """The platform's credentials and every secret value in its store right now."""
    sb = STATE["sb"]
    found = {sb.secret, sb.token, sb.encoding_aes_key}
    with sqlite3.connect(STATE["store"]) as db:
        for (value,) in db.execute("SELECT value FROM wxopen_store"):
            try:
                record = json.loads(value)
            except ValueError:
                continue
            stack = [record]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    for k, v in item.items():
                        if isinstance(v, str) and wxopen.is_secret_field(k) and len(v) >= 8:
                            found.add(v)
                        else:
                            stack.append(v)
                elif isinstance(item, list):
                    stack.extend(item)
    for ticket in (p.get("ticket") for p in sb.control("GET", "/sandbox/platforms")):
        if ticket:
            found.add(str(ticket))
    return found


DESIGNED = {  # the one secret a token route exists to give
    "/api/token/component": "component_access_token",
    "/api/token/authorizer": "authorizer_access_token",
}


def no_secret(ctx: Any, response: Any, case: Any) -> bool:
    text = response.text
    field = DESIGNED.get(case.path)
    if field is not None and response.status_code == 200:
        body = json.loads(text)
        assert body.pop(field) in secrets_now(), "a token route answers a live token"
        text = json.dumps(body)
    leaked = [s for s in secrets_now() if s in text]
    assert not leaked, f"{case.method} {case.path} answered a secret"
    return True


# One test per operation of the committed schema (test_openapi checks it is the served one).
# Driven through Hypothesis directly: schemathesis' pytest plugin does not run on pytest 9.
OPERATIONS = [
    (method.upper(), path)
    for path, item in json.loads(Path(__file__).with_name("openapi.json").read_text())[
        "paths"
    ].items()
    for method in item
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_from_its_schema(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]

    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),  # what the schema allows
        operation.as_strategy(GenerationMode.NEGATIVE),  # and what it does not
    )

    @given(case=cases)
    @settings(
        max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            headers={"X-API-Key": API_KEY},
            checks=[
                checks.not_a_server_error,
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
                no_secret,
            ],
        )

    run()
