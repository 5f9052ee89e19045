"""wxopen.Webhook beyond the vectors: event objects, reprs without secrets, routing several
platforms, replies, the exception tree — and a cross-check against wechatpy in both directions."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

import wxopen

DOC = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "webhook.json").read_text("utf-8")
)
PLATFORM = DOC["platform"]
PUSH = {c["name"]: c for c in DOC["push_cases"]}


def parse(name: str, **kw: object) -> wxopen.Event:
    case = PUSH[name]
    return wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"], now=case["now"], **kw)


def test_event_attributes_and_repr_hide_credentials() -> None:
    ticket = parse("component_verify_ticket")
    assert isinstance(ticket, wxopen.ComponentVerifyTicket)
    assert ticket.component_appid == PLATFORM["component_appid"]
    assert ticket.ticket.startswith("ticket@@@")
    assert ticket.ticket not in repr(ticket)
    assert "ticket=***" in repr(ticket)
    auth = parse("authorized")
    assert isinstance(auth, wxopen.Authorized)
    assert auth.authorization_code not in repr(auth)
    assert auth.authorizer_appid in repr(auth)


def test_fast_register_info_is_nested() -> None:
    event = parse("notify_third_fasteregister 2026 enterprise task")
    assert isinstance(event, wxopen.FastRegister)
    assert event.info.taskid
    assert event.info["taskid"] == event.to_dict()["info"]["taskid"]


def test_unknown_info_type_is_kept() -> None:
    event = parse("unknown InfoType is kept, nesting kept")
    assert isinstance(event, wxopen.OtherEvent)
    assert event.type == "other"
    assert event.info_type


def test_webhook_repr_and_errors_hide_secrets() -> None:
    hook = wxopen.Webhook(**PLATFORM)
    shown = repr(hook)
    assert PLATFORM["token"] not in shown and PLATFORM["encoding_aes_key"] not in shown
    case = PUSH["tampered msg_signature"]
    with pytest.raises(wxopen.SignatureError) as info:
        hook.parse(case["query"], case["body"], now=case["now"])
    text = f"{info.value!r} {info.value} {info.value.details}"
    assert PLATFORM["token"] not in text and PLATFORM["encoding_aes_key"] not in text
    assert info.value.official_code == -40001
    assert isinstance(info.value, wxopen.CryptoError)


def test_default_clock_refuses_old_recorded_pushes() -> None:
    case = PUSH["component_verify_ticket"]
    assert case["now"] < time.time() - 3600
    with pytest.raises(wxopen.StaleTimestampError):
        wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"])
    assert wxopen.Webhook(**PLATFORM, max_age=None).parse(case["query"], case["body"]).ticket


def test_router_serves_several_platforms() -> None:
    other = wxopen.Webhook(
        token="othertoken",
        encoding_aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        component_appid="wx0000000000000002",
    )
    router = wxopen.WebhookRouter(other, wxopen.Webhook(**PLATFORM))
    case = PUSH["unauthorized"]
    event = router.parse(case["query"], case["body"], now=case["now"])
    assert event.component_appid == PLATFORM["component_appid"]
    now = int(time.time())
    plaintext = (
        "<xml><AppId>wx0000000000000002</AppId><CreateTime>1</CreateTime>"
        "<InfoType>unauthorized</InfoType><AuthorizerAppid>wxz</AuthorizerAppid></xml>"
    )
    encrypt, sig = other.encrypt(plaintext, timestamp=now, nonce="7")
    body = f"<xml><AppId>wx0000000000000002</AppId><Encrypt>{encrypt}</Encrypt></xml>"
    q = {"timestamp": str(now), "nonce": "7", "msg_signature": sig}
    assert router.parse(q, body).component_appid == "wx0000000000000002"


def test_reply_round_trip() -> None:
    hook = wxopen.Webhook(**PLATFORM)
    reply = hook.encrypt_reply("<xml><Content>hi 你好</Content></xml>", nonce="99")
    import xml.etree.ElementTree as ET

    root = ET.fromstring(reply)
    q = {
        "timestamp": root.findtext("TimeStamp"),
        "nonce": root.findtext("Nonce"),
        "msg_signature": root.findtext("MsgSignature"),
    }
    assert hook.decrypt(q, reply) == "<xml><Content>hi 你好</Content></xml>".encode()


# ---- cross-check with a peer: wechatpy ----

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <>/&;:\n\t"
    "中文微信第三方平台小程序注册绑定测试的了是在有和人这"
    "😀🚀"
)


def random_messages(count: int, seed: int) -> list[str]:
    """Messages of 0 to 4096 UTF-8 bytes mixing ASCII, XML punctuation, Chinese and emoji."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        budget = rng.randint(0, 4096)
        chars: list[str] = []
        size = 0
        while True:
            c = rng.choice(ALPHABET)
            if size + len(c.encode()) > budget:
                break
            chars.append(c)
            size += len(c.encode())
        out.append("".join(chars))
    return out


def peer():
    from wechatpy.crypto import WeChatCrypto

    return WeChatCrypto(
        PLATFORM["token"], PLATFORM["encoding_aes_key"], PLATFORM["component_appid"]
    )


def test_wxopen_decrypts_what_wechatpy_encrypts() -> None:
    crypto = peer()
    hook = wxopen.Webhook(**PLATFORM, max_age=None)
    messages = random_messages(2000, seed=1)
    assert max(len(m.encode()) for m in messages) > 4000  # up to 4 KB of UTF-8
    differences = 0
    for i, msg in enumerate(messages):
        xml = crypto.encrypt_message(msg, str(i), "1767225600")
        import xml.etree.ElementTree as ET

        root = ET.fromstring(xml)
        q = {
            "timestamp": root.findtext("TimeStamp"),
            "nonce": root.findtext("Nonce"),
            "msg_signature": root.findtext("MsgSignature"),
        }
        if hook.decrypt(q, xml) != msg.encode("utf-8"):
            differences += 1
    assert differences == 0


def test_wechatpy_decrypts_what_wxopen_encrypts() -> None:
    crypto = peer()
    hook = wxopen.Webhook(**PLATFORM)
    messages = random_messages(2000, seed=2)
    differences = 0
    for i, msg in enumerate(messages):
        encrypt, sig = hook.encrypt(msg, timestamp="1767225600", nonce=str(i))
        envelope = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        if crypto.decrypt_message(envelope, sig, "1767225600", str(i)) != msg:
            differences += 1
    assert differences == 0


def test_query_forms() -> None:
    """A dict, a raw string, pairs, and a dict subclass holding lists (like werkzeug's
    MultiDict, whose .items() gives single values) all work."""

    class MultiDict(dict):
        def items(self):  # type: ignore[override]
            return [(k, v[0]) for k, v in super().items()]

    case = PUSH["unauthorized"]
    hook = wxopen.Webhook(**PLATFORM)
    forms = [
        case["query"],
        case["query_string"],
        list(case["query"].items()),
        MultiDict({k: [v] for k, v in case["query"].items()}),
    ]
    for query in forms:
        event = hook.parse(query, case["body"], now=case["now"])
        assert event.authorizer_appid == case["expect"]["authorizer_appid"]


def test_query_forms_agree() -> None:
    # A plain dict of str takes the binding's fast path; every other form the general one.
    case = PUSH["component_verify_ticket"]
    hook = wxopen.Webhook(**PLATFORM)
    query = dict(case["query"])
    expected = hook.parse(query, case["body"], now=case["now"])

    class Sub(dict):
        pass

    for form in (Sub(query), list(query.items()), {**query, "openid": "o"}):
        assert hook.parse(form, case["body"], now=case["now"]) == expected
    del query["nonce"]
    with pytest.raises(wxopen.MissingParameterError):
        hook.parse(query, case["body"], now=case["now"])
    with pytest.raises(TypeError, match="msg_signature"):
        hook.parse({**case["query"], "msg_signature": 1.5}, case["body"], now=case["now"])


def test_now_accepts_int_and_float() -> None:
    case = PUSH["component_verify_ticket"]
    hook = wxopen.Webhook(**PLATFORM)
    expected = hook.parse(case["query"], case["body"], now=case["now"])
    assert hook.parse(case["query"], case["body"], now=case["now"] + 0.9) == expected
    with pytest.raises(wxopen.StaleTimestampError):
        hook.parse(case["query"], case["body"], now=float("nan"))
    with pytest.raises(TypeError, match="now"):
        hook.parse(case["query"], case["body"], now="1")
