"""wxopen.validate(op, **args): the core's rules without a token and without sending, checked
against every request vector — the same input is refused exactly when a Client call refuses
it, and the request shown is the vector's with the credentials masked."""

from __future__ import annotations

import json
from typing import Any

import pytest

import wxopen

from conftest import api_cases

CASES = [(i, c) for i, c in api_cases() if c.get("error", {}).get("code") != "wrong_token"]


def masked(value: Any) -> Any:
    """The vector's body with every secret field's value "***" (the core's rule)."""
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, dict):
        return {
            k: "***" if isinstance(v, str) and v and wxopen.is_secret_field(k) else masked(v)
            for k, v in value.items()
        }
    return value


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_validate_agrees_with_the_vector(case: dict[str, Any]) -> None:
    args = case["input"] or {}
    v = wxopen.validate(case["operation"], **args)
    if "error" in case:
        appid = args.get("appid")
        if v.ok and case["token"]["kind"] == "authorizer" and case["error"]["field"] == "appid":
            # Refused only because the vector's token is another account's: with a token of
            # the input's own account the client accepts it.
            assert isinstance(appid, str) and appid.strip()
            token = wxopen.AuthorizerToken(appid, "AAT")
            wxopen.Client()._prepare(case["operation"], token, args)
            return
        assert not v and not v.ok
        assert isinstance(v.error, wxopen.InvalidArgument)
        assert v.field == case["error"]["field"] == v.error.field
        assert v.rule == v.error.rule and v.rule
        return
    assert v.ok, v.error
    request = case["request"]
    assert v.method == request["method"]
    assert v.url == wxopen.client._native.redact_url(request["url"])
    if request["method"] == "GET":
        assert v.body == ""
        return
    expected = masked(json.loads(request["body"]))
    token = case["token"]
    stand_in = token["kind"] == "authorizer" and "appid" not in args
    if stand_in and expected.get("appid") == token["appid"]:
        expected["appid"] = "wx_authorizer_appid"  # the stand-in account, documented
    assert json.loads(v.body or "") == expected
    if json.dumps(expected, ensure_ascii=False, separators=(",", ":")) == request["body"]:
        assert v.body == request["body"], "the exact bytes"


def test_validate_shows_the_registration_request() -> None:
    args = dict(name="Acme", code_type=1, legal_persona_openid="o_legal", legal_persona_name="Li")
    bad = wxopen.validate("register.enterprise", code="9144030", **args)
    assert (bad.ok, bad.field) == (False, "code")
    assert "18 letters or digits" in bad.rule
    good = wxopen.validate("register.enterprise", code="91440300MA5FXXXX1X", **args)
    assert good and good.field == "" and good.rule == ""
    assert good.url == (
        "https://api.weixin.qq.com/wxa/component/fastregisterenterpriseweapp?access_token=***"
    )
    assert good.body == (
        '{"name":"Acme","code":"91440300MA5FXXXX1X","code_type":1,'
        '"legal_persona_openid":"o_legal","legal_persona_name":"Li","new_version":true}'
    )
    nested = wxopen.validate("register.beta_verify", verify_info={"code_type": 9})
    assert nested.field == "verify_info.code_type"


def test_validate_never_shows_a_credential() -> None:
    v = wxopen.validate(
        "component.api_component_token",
        component_appid="wxc0ffee0000000001",
        component_appsecret="APPSECRET_S3CR3T",
        component_verify_ticket="ticket@@@S3CR3T",
    )
    assert v.ok and "S3CR3T" not in repr(v)
    page = wxopen.validate(
        "page.component_login",
        component_appid="wxc0ffee0000000001",
        pre_auth_code="preauthcode@@@S3CR3T",
        redirect_uri="https://p.example.com/cb",
    )
    assert page.ok and "pre_auth_code=***" in (page.url or "") and "S3CR3T" not in repr(page)
    lone = wxopen.validate("register.beta", name="\ud800S3CR3T", openid="o")
    assert lone.field == "name" and "S3CR3T" not in repr(lone)


def test_unknown_operation_and_wrong_types_raise() -> None:
    with pytest.raises(wxopen.InvalidArgument) as e:
        wxopen.validate("register.nope")
    assert e.value.field == "operation"
    with pytest.raises(TypeError):
        wxopen.validate("register.beta", name=object())
    assert wxopen.validate("register.beta").field == "name"
    assert wxopen.validate("register.beta", name="Trial shop", openid=None).field == "openid"
