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
            "wxa_auth": "WxaAuth",
            "wxa_verify_reminder": "WxaVerifyReminder",
            "icp_verify_result": "IcpVerifyResult",
            "icp_filing_result": "IcpFilingResult",
            "wxa_auth_and_icp": "WxaAuthAndIcp",
            "order_path_apply_result": "OrderPathApplyResult",
            "order_path_audit_result": "OrderPathAuditResult",
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


MESSAGE_CLASSES = {
    "text": "TextMessage",
    "image": "ImageMessage",
    "voice": "VoiceMessage",
    "video": "VideoMessage",
    "short_video": "ShortVideoMessage",
    "location": "LocationMessage",
    "link": "LinkMessage",
    "mini_program_page": "MiniProgramPageMessage",
    "subscribe": "SubscribeEvent",
    "unsubscribe": "UnsubscribeEvent",
    "scan": "ScanEvent",
    "location_event": "LocationEvent",
    "click": "ClickEvent",
    "view": "ViewEvent",
    "user_enter_tempsession": "UserEnterTempsessionEvent",
    "weapp_audit_success": "WeappAuditSuccess",
    "weapp_audit_fail": "WeappAuditFail",
    "weapp_audit_delay": "WeappAuditDelay",
    "wxa_nickname_audit": "WxaNicknameAudit",
    "wxa_category_audit": "WxaCategoryAudit",
    "wxa_privacy_apply": "WxaPrivacyApply",
    "wxa_appeal_record": "WxaAppealRecord",
    "component_event": "ComponentEventMessage",
    "other": "OtherMessage",
}


def message_hook(case: dict[str, Any]) -> wxopen.Webhook:
    return wxopen.Webhook(**case.get("platform", PLATFORM))


def python_form(expect: dict[str, Any]) -> dict[str, Any]:
    """The vectors' serialized form as Python's to_dict gives it: msg_id an int."""
    out = dict(expect)
    if out.get("msg_id") is not None:
        out["msg_id"] = int(out["msg_id"])
    return out


def parse_case(case: dict[str, Any], query_form: str = "mapping") -> wxopen.Message:
    query = case["query"] if query_form == "mapping" else case["query_string"]
    return message_hook(case).parse_message(
        case["authorizer_appid"], query, case["body"].encode("utf-8"), now=case["now"]
    )


@pytest.mark.parametrize("case", DOC["message_cases"], ids=lambda c: c["name"])
@pytest.mark.parametrize("query_form", ["mapping", "string"])
def test_message(case: dict[str, Any], query_form: str) -> None:
    if "error" in case:
        with pytest.raises(wxopen.WxOpenError) as info:
            parse_case(case, query_form)
        check_error(info.value, case["error"])
        if "field" in case["error"]:
            assert info.value.field == case["error"]["field"]
        return
    message = parse_case(case, query_form)
    want = case["expect"]
    assert message.to_dict() == python_form(want)
    assert isinstance(message, wxopen.Message) and not isinstance(message, wxopen.Event)
    assert type(message).__name__ == MESSAGE_CLASSES[want["type"]]
    assert isinstance(message, getattr(wxopen, MESSAGE_CLASSES[want["type"]]))
    assert message.dedup_key == want["dedup_key"]
    if want["msg_id"] is not None:
        assert message.msg_id == int(want["msg_id"]) and type(message.msg_id) is int
    if want["type"] == "component_event":
        inner = message.component_event
        assert isinstance(inner, wxopen.Event)
        assert inner.to_dict() == want["component_event"]
    if want["type"] == "other":
        for name, value in want["fields"].items():
            assert message[name] == value or isinstance(message[name], wxopen.Result)
    if "ticket" in want and want["ticket"] is not None:
        assert want["ticket"] not in repr(message)
        assert message.ticket == want["ticket"]


def test_message_statuses_are_typed() -> None:
    by_type: dict[str, dict[str, Any]] = {}
    for c in DOC["message_cases"]:
        if "expect" in c:
            by_type.setdefault(c["expect"]["type"], c)
    nickname = parse_case(by_type["wxa_nickname_audit"])
    assert isinstance(nickname.ret, wxopen.ReviewStatus) and nickname.ret == 3
    assert nickname.ret.name == "approved"
    appeal = parse_case(by_type["wxa_appeal_record"])
    assert isinstance(appeal.appeal_status, wxopen.AppealStatus) and appeal.appeal_status == 2
    assert isinstance(appeal.materials, wxopen.Result)


def test_event_statuses_are_typed() -> None:
    by_type: dict[str, dict[str, Any]] = {}
    for c in DOC["push_cases"]:
        if "expect" in c:
            by_type.setdefault(c["expect"]["type"], c)
    hook = wxopen.Webhook(**PLATFORM)

    def parsed(kind: str) -> wxopen.Event:
        case = by_type[kind]
        return hook.parse(case["query"], case["body"], now=case["now"])

    auth = parsed("wxa_auth")
    assert isinstance(auth, wxopen.WxaAuth)
    assert isinstance(auth.task_status, wxopen.WxaAuthTaskStatus) and auth.task_status == 12
    assert auth.apply_status.name == "under_review"
    assert auth.dispatch_info.provider == "Example Credit Co."
    icp = parsed("icp_filing_result")
    assert isinstance(icp.beian_status, wxopen.IcpFilingStatus) and icp.beian_status.name == "filed"
    assert isinstance(parsed("icp_verify_result").result, wxopen.IcpVerifyStatus)
    assert isinstance(parsed("wxa_auth_and_icp").procedure_status, wxopen.AuthAndIcpStatus)
    assert parsed("order_path_audit_result").list[0].status == 4
    assert "'ret_code': -2" in repr(parsed("order_path_apply_result"))  # a result code, shown


def source_message(name: str) -> wxopen.Message:
    (case,) = [c for c in DOC["message_cases"] if c["name"] == name]
    return parse_case(case)


@pytest.mark.parametrize("case", DOC["message_reply_cases"], ids=lambda c: c["name"])
def test_message_reply(case: dict[str, Any]) -> None:
    message = source_message(case["message"])
    hook = wxopen.Webhook(**PLATFORM)

    def both() -> tuple[str, str]:
        plain = message.text_reply(case["content"], create_time=case["create_time"])
        body = hook.reply_text(
            message,
            case["content"],
            nonce=case["nonce"],
            timestamp=case["create_time"],
            random=case["random"].encode(),
        )
        return plain, body

    if "error" in case:
        with pytest.raises(wxopen.InvalidArgument) as info:
            both()
        assert info.value.field == case["error"]["field"]
        return
    plain, body = both()
    assert plain == case["expect"]["plaintext"]
    assert body == case["expect"]["body"]


@pytest.mark.parametrize("case", DOC["release_cases"], ids=lambda c: c["name"])
def test_release_check(case: dict[str, Any], fake: Any) -> None:
    hook = wxopen.Webhook(**PLATFORM)
    message = hook.parse_message(
        case["authorizer_appid"], case["query"], case["body"], now=case["now"]
    )
    check = hook.release_check(
        message,
        nonce=case["reply_nonce"],
        timestamp=case["reply_timestamp"],
        any_account=case["any_account"],
        random=case["reply_random"].encode(),
    )
    want = case["expect"]
    if want is None:
        assert check is None
        return
    assert isinstance(check, wxopen.ReleaseCheck)
    assert check.body == want["body"]
    if want["follow_up"] is None:
        assert check.follow_up is None
        return
    follow_up = check.follow_up
    for key, value in want["follow_up"].items():
        assert getattr(follow_up, key) == value
    assert want["follow_up"]["authorization_code"] not in repr(follow_up)
    assert want["follow_up"]["authorization_code"] not in repr(check)
    # The follow-up: api_query_auth with the code, then the text with the token it returned.
    appid = want["follow_up"]["authorizer_appid"]
    grant = {
        "authorization_info": {
            "authorizer_appid": appid,
            "authorizer_access_token": "AAT_release",
            "expires_in": 7200,
            "authorizer_refresh_token": "refresh@@@release",
        }
    }
    transport = fake(
        wxopen.Response(200, json.dumps(grant).encode()),
        wxopen.Response(200, b'{"errcode":0,"errmsg":"ok"}'),
    )
    client = wxopen.Client(transport)
    follow_up.run(client, wxopen.ComponentToken("CAT_release"))
    first, second = transport.sent
    assert first.url.endswith(
        "/cgi-bin/component/api_query_auth?component_access_token=CAT_release"
    )
    assert json.loads(first.body) == {
        "component_appid": PLATFORM["component_appid"],
        "authorization_code": want["follow_up"]["authorization_code"],
    }
    assert (
        second.url
        == "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=AAT_release"
    )
    assert json.loads(second.body) == {
        "touser": want["follow_up"]["touser"],
        "msgtype": "text",
        "text": {"content": want["follow_up"]["content"]},
    }


def test_release_follow_up_async(fake: Any) -> None:
    import asyncio

    case = next(c for c in DOC["release_cases"] if (c["expect"] or {}).get("follow_up"))
    hook = wxopen.Webhook(**PLATFORM)
    message = hook.parse_message(
        case["authorizer_appid"], case["query"], case["body"], now=case["now"]
    )
    check = hook.release_check(message, nonce="1", any_account=case["any_account"])
    assert check is not None and check.follow_up is not None and check.body == ""
    sent: list[wxopen.Request] = []
    grant = {
        "authorization_info": {
            "authorizer_appid": case["authorizer_appid"],
            "authorizer_access_token": "AAT_async",
            "expires_in": 7200,
            "authorizer_refresh_token": "r",
        }
    }
    answers = [json.dumps(grant).encode(), b'{"errcode":0}']

    async def transport(request: wxopen.Request) -> wxopen.Response:
        sent.append(request)
        return wxopen.Response(200, answers.pop(0))

    asyncio.run(check.follow_up.arun(wxopen.AsyncClient(transport), wxopen.ComponentToken("C")))
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in sent] == ["api_query_auth", "send"]
    assert "AAT_async" in sent[1].url
