"""tests/vectors/webhook.json through wxopen.Webhook: spec §12 V1/V2/V3/V5, the negative cases,
and one encrypted push of every event kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import wxopen

DOC = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "webhook.json").read_text("utf-8")
)
PLATFORM = DOC["platform"]


def hook_for(case: dict[str, Any], **limits: Any) -> wxopen.Webhook:
    return wxopen.Webhook(
        token=case["token"],
        encoding_aes_key=case["encoding_aes_key"],
        component_appid=case["appid"],
        **limits,
    )


def check_error(err: wxopen.WxOpenError, expected: dict[str, Any]) -> None:
    assert err.code == expected["code"], (err.code, str(err))
    if "official" in expected:
        assert isinstance(err, wxopen.CryptoError)
        assert err.official_code == expected["official"]


def by_op(op: str) -> list[dict[str, Any]]:
    return [c for c in DOC["crypto_cases"] if c["op"] == op]


@pytest.mark.parametrize("case", by_op("encrypt"), ids=lambda c: c["name"])
def test_encrypt(case: dict[str, Any]) -> None:
    encrypt, signature = hook_for(case).encrypt(
        case["msg"],
        timestamp=case["timestamp"],
        nonce=case["nonce"],
        random=case["random"].encode(),
    )
    assert encrypt == case["expect"]["encrypt"]
    assert signature == case["expect"]["msg_signature"]


@pytest.mark.parametrize("case", by_op("decrypt"), ids=lambda c: c["name"])
def test_decrypt(case: dict[str, Any]) -> None:
    hook = hook_for(case)
    body = f"<xml><Encrypt><![CDATA[{case['encrypt']}]]></Encrypt></xml>"
    query = {
        "timestamp": case["timestamp"],
        "nonce": case["nonce"],
        "msg_signature": case["msg_signature"],
    }
    now = int(case["timestamp"])
    if "error" in case:
        with pytest.raises(wxopen.WxOpenError) as info:
            hook.decrypt(query, body, now=now)
        check_error(info.value, case["error"])
    else:
        assert hook.decrypt(query, body, now=now) == case["expect"]["msg"].encode("utf-8")


@pytest.mark.parametrize("case", by_op("signature"), ids=lambda c: c["name"])
def test_signature(case: dict[str, Any]) -> None:
    got = wxopen.signature(case["token"], case["timestamp"], case["nonce"])
    assert got == case["expect"]["signature"]


@pytest.mark.parametrize("case", by_op("new"), ids=lambda c: c["name"])
def test_bad_key(case: dict[str, Any]) -> None:
    with pytest.raises(wxopen.InvalidAesKeyError) as info:
        hook_for(case)
    check_error(info.value, case["error"])
    assert isinstance(info.value, ValueError)
    assert case["encoding_aes_key"] not in str(info.value)


PUSHES = DOC["push_cases"]


@pytest.mark.parametrize("case", PUSHES, ids=lambda c: c["name"])
@pytest.mark.parametrize("query_form", ["mapping", "string"])
def test_push(case: dict[str, Any], query_form: str) -> None:
    limits = {"max_body_bytes": case["max_body_bytes"]} if "max_body_bytes" in case else {}
    hook = wxopen.Webhook(**PLATFORM, **limits)
    query = case["query"] if query_form == "mapping" else case["query_string"]
    if "error" in case:
        with pytest.raises(wxopen.WxOpenError) as info:
            hook.parse(query, case["body"].encode("utf-8"), now=case["now"])
        check_error(info.value, case["error"])
        return
    event = hook.parse(query, case["body"], now=case["now"])
    assert event.to_dict() == case["expect"]
    assert isinstance(event, wxopen.Event)
    assert (
        type(event).__name__
        == {
            "component_verify_ticket": "ComponentVerifyTicket",
            "authorized": "Authorized",
            "update_authorized": "UpdateAuthorized",
            "unauthorized": "Unauthorized",
            "fast_register": "FastRegister",
            "fast_register_beta": "FastRegisterBeta",
            "fast_verify_beta": "FastVerifyBeta",
            "other": "OtherEvent",
        }[case["expect"]["type"]]
    )


@pytest.mark.parametrize("case", DOC["url_verification_cases"], ids=lambda c: c["name"])
def test_url_verification(case: dict[str, Any]) -> None:
    hook = hook_for(case)
    if "error" in case:
        with pytest.raises(wxopen.WxOpenError) as info:
            hook.verify_url(case["query"], now=case["now"])
        check_error(info.value, case["error"])
    else:
        assert hook.verify_url(case["query"], now=case["now"]) == case["expect"]["echostr"]
