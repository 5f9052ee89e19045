"""The Platform at the message URL: handle_message (verify + parse with the platform's keys,
the dedup key), reply_text, and the full-network-release check's follow-up run with the
platform's own tokens — sync and asyncio."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Optional

import pytest
from platform_support import AES_KEY, CAT_PATH, CID, QUERY_AUTH, TOKEN, Host, cat, query_auth

import wxopen

TEST_OA = "wx570bc396a51b8ff8"  # group 1 of the release check's test accounts (spec §13.5)
TEST_OA_USER = "gh_3c884a361561"
TESTER = "ozy4qt1eDxSxzCr0aNT0mXCWfrDE"
SEND = "/cgi-bin/message/custom/send"


def message_push(xml: str, now_ms: int) -> tuple[dict[str, str], bytes]:
    """A push of the message URL as WeChat sends it: (query, body)."""
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=AES_KEY, component_appid=CID)
    ts = str(now_ms // 1000)
    encrypt, sig = hook.encrypt(xml, timestamp=ts, nonce="77")
    body = f"<xml><ToUserName>{TEST_OA_USER}</ToUserName><Encrypt>{encrypt}</Encrypt></xml>"
    return {"timestamp": ts, "nonce": "77", "msg_signature": sig, "openid": TESTER}, body.encode()


def handle(host: Host, appid: str, query: dict[str, str], body: bytes) -> wxopen.Message:
    return host.run(lambda p: p.handle_message(appid, query, body))


def release(host: Host, message: wxopen.Message, nonce: str) -> Optional[wxopen.ReleaseCheck]:
    return host.run(lambda p: p.release_check(message, nonce=nonce))


def text_xml(content: str, now_ms: int, msg_id: int = 6170000000000000001) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{TEST_OA_USER}]]></ToUserName>"
        f"<FromUserName><![CDATA[{TESTER}]]></FromUserName>"
        f"<CreateTime>{now_ms // 1000}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_handle_message_and_reply(kind: str) -> None:
    host = Host(kind)
    query, body = message_push(text_xml("hello", host.clock()), host.clock())
    message = handle(host, TEST_OA, query, body)
    assert isinstance(message, wxopen.TextMessage) and message.content == "hello"
    assert message.dedup_key == f"{TEST_OA}:msg:6170000000000000001"
    assert message.component_appid == CID
    assert host.wechat.sent == [] and host.store.ops == 0  # parsing stores nothing
    reply = host.run(lambda p: p.reply_text(message, "hi", nonce="77"))
    root = ET.fromstring(reply)
    assert root.findtext("TimeStamp") == str(host.clock() // 1000)
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=AES_KEY, component_appid=CID, max_age=None)
    q = {
        "timestamp": root.findtext("TimeStamp"),
        "nonce": "77",
        "msg_signature": root.findtext("MsgSignature"),
    }
    assert ET.fromstring(hook.decrypt(q, reply)).findtext("Content") == "hi"
    # Without a nonce the platform draws one (the signature covers it; each reply its own).
    drawn = [ET.fromstring(host.run(lambda p: p.reply_text(message, "hi"))) for _ in range(2)]
    nonces = [r.findtext("Nonce") or "" for r in drawn]
    assert re.fullmatch("[0-9a-f]{16}", nonces[0]) and nonces[0] != nonces[1]
    q = {
        "timestamp": drawn[0].findtext("TimeStamp"),
        "nonce": nonces[0],
        "msg_signature": drawn[0].findtext("MsgSignature"),
    }
    assert ET.fromstring(hook.decrypt(q, ET.tostring(drawn[0]))).findtext("Content") == "hi"
    # The platform's clock is the freshness reference: an hour later the push is a replay.
    host.clock.advance(3_600_000)
    with pytest.raises(wxopen.StaleTimestampError):
        handle(host, TEST_OA, query, body)
    with pytest.raises(wxopen.InvalidArgument):
        handle(host, "../x", query, body)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_release_check_follow_up_uses_the_platforms_tokens(kind: str) -> None:
    host = Host(kind)
    host.run(lambda p: p.store_ticket("ticket@@@t", host.clock() // 1000))
    code = "queryauthcode@@@release-test-0001"
    query, body = message_push(text_xml(f"QUERY_AUTH_CODE:{code}", host.clock()), host.clock())
    message = handle(host, TEST_OA, query, body)
    check = release(host, message, query["nonce"])
    assert check is not None and check.body == "" and check.follow_up is not None
    assert code not in repr(check)
    host.wechat.on(CAT_PATH, cat("CAT1"))
    host.wechat.on(QUERY_AUTH, query_auth(TEST_OA, "AAT_test_account"))
    host.wechat.on(SEND, {"errcode": 0, "errmsg": "ok"})
    follow_up = check.follow_up
    host.run(lambda p: follow_up.arun(p) if kind == "async" else follow_up.run(p))
    (exchange,) = host.wechat.to(QUERY_AUTH)
    assert json.loads(exchange.body)["authorization_code"] == code
    (send,) = host.wechat.to(SEND)
    assert send.url.endswith("access_token=AAT_test_account")
    assert json.loads(send.body) == {
        "touser": TESTER,
        "msgtype": "text",
        "text": {"content": f"{code}_from_api"},
    }
    # The test account's tokens are the platform's now: no second exchange.
    assert host.run(lambda p: p.authorizer_status(TEST_OA)) == "authorized"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_release_check_passive_reply_and_ordinary_messages(kind: str) -> None:
    host = Host(kind)
    query, body = message_push(text_xml("TESTCOMPONENT_MSG_TYPE_TEXT", host.clock()), host.clock())
    message = handle(host, TEST_OA, query, body)
    check = release(host, message, "77")
    assert check is not None and check.follow_up is None
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=AES_KEY, component_appid=CID, max_age=None)
    root = ET.fromstring(check.body)
    q = {
        "timestamp": root.findtext("TimeStamp"),
        "nonce": "77",
        "msg_signature": root.findtext("MsgSignature"),
    }
    reply = ET.fromstring(hook.decrypt(q, check.body))
    assert reply.findtext("Content") == "TESTCOMPONENT_MSG_TYPE_TEXT_callback"
    assert (reply.findtext("ToUserName"), reply.findtext("FromUserName")) == (TESTER, TEST_OA_USER)
    plain = handle(host, TEST_OA, *message_push(text_xml("hi", host.clock()), host.clock()))
    assert release(host, plain, "77") is None


def test_a_client_follow_up_needs_the_component_token() -> None:
    host = Host("sync")
    query, body = message_push(text_xml("QUERY_AUTH_CODE:x", host.clock()), host.clock())
    check = host.platform.release_check(handle(host, TEST_OA, query, body), nonce="1")
    assert check is not None and check.follow_up is not None
    with pytest.raises(TypeError, match="component token"):
        check.follow_up.run(wxopen.Client(host.wechat))
