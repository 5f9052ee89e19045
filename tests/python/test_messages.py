"""The message URL in Python: a cross-check against wechatpy's parser on generated pushes, and
the message objects' behaviour (fields, reprs, replies, errors)."""

from __future__ import annotations

import json
import random
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable

import pytest

import wxopen

DOC = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "webhook.json").read_text("utf-8")
)
PLATFORM = DOC["platform"]
APPID = "wxf8b4f85f3a794e77"

# Values WeChat could send: ASCII, XML punctuation, Chinese, emoji. Leading and trailing
# whitespace is left out on purpose: wechatpy (xmltodict) strips it even inside CDATA, while
# wxopen keeps CDATA verbatim (spec §7).
ALPHABET = "abcXYZ019 <>&'\"/:;_-.中文微信小程序😀"


def text(rng: random.Random) -> str:
    while True:
        s = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))).strip()
        if s:
            return s


def element(rng: random.Random, name: str, value: str) -> str:
    """`value` in CDATA, or escaped as plain text: both forms WeChat's peers accept."""
    if rng.random() < 0.5:
        return f"<{name}><![CDATA[{value}]]></{name}>"
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<{name}>{escaped}</{name}>"


def coordinate(rng: random.Random) -> str:
    return f"{rng.uniform(-90, 90):.6f}"


# kind -> (MsgType, Event, fields builder)
KINDS: dict[str, tuple[str, str, Callable[[random.Random], dict[str, str]]]] = {
    "text": ("text", "", lambda r: {"Content": text(r)}),
    "image": ("image", "", lambda r: {"PicUrl": text(r), "MediaId": text(r)}),
    "voice": (
        "voice",
        "",
        lambda r: {"MediaId": text(r), "Format": "amr", "Recognition": text(r)},
    ),
    "video": ("video", "", lambda r: {"MediaId": text(r), "ThumbMediaId": text(r)}),
    "short_video": ("shortvideo", "", lambda r: {"MediaId": text(r), "ThumbMediaId": text(r)}),
    "location": (
        "location",
        "",
        lambda r: {
            "Location_X": coordinate(r),
            "Location_Y": coordinate(r),
            "Scale": str(r.randint(1, 20)),
            "Label": text(r),
        },
    ),
    "link": (
        "link",
        "",
        lambda r: {"Title": text(r), "Description": text(r), "Url": text(r)},
    ),
    "mini_program_page": (
        "miniprogrampage",
        "",
        lambda r: {
            "Title": text(r),
            "AppId": "wx" + str(r.randint(10**15, 10**16)),
            "PagePath": text(r),
            "ThumbUrl": text(r),
            "ThumbMediaId": text(r),
        },
    ),
    "subscribe": ("event", "subscribe", lambda r: {}),
    "subscribe_qr": (
        "event",
        "subscribe",
        lambda r: {"EventKey": f"qrscene_{r.randint(1, 10**6)}", "Ticket": text(r)},
    ),
    "unsubscribe": ("event", "unsubscribe", lambda r: {}),
    "scan": ("event", "SCAN", lambda r: {"EventKey": str(r.randint(1, 10**6)), "Ticket": text(r)}),
    "location_event": (
        "event",
        "LOCATION",
        lambda r: {
            "Latitude": coordinate(r),
            "Longitude": coordinate(r),
            "Precision": f"{r.uniform(0, 500):.6f}",
        },
    ),
    "click": ("event", "CLICK", lambda r: {"EventKey": text(r)}),
    "view": ("event", "VIEW", lambda r: {"EventKey": text(r)}),
    "user_enter_tempsession": (
        "event",
        "user_enter_tempsession",
        lambda r: {"SessionFrom": text(r)},
    ),
}

PER_KIND = 150


def generated() -> list[tuple[str, str, dict[str, str]]]:
    rng = random.Random(11)
    out = []
    for kind, (msg_type, event, build) in KINDS.items():
        for _ in range(PER_KIND):
            fields = {
                "ToUserName": "gh_" + "".join(rng.choice("0123456789abcdef") for _ in range(12)),
                "FromUserName": "o" + "".join(rng.choice("abcXYZ019_-") for _ in range(27)),
                "CreateTime": str(rng.randint(1_400_000_000, 1_900_000_000)),
                "MsgType": msg_type,
            }
            if event:
                fields["Event"] = event
            else:
                fields["MsgId"] = str(rng.randint(1, 2**63 - 1))
            fields.update(build(rng))
            xml = "<xml>" + "".join(element(rng, k, v) for k, v in fields.items()) + "</xml>"
            out.append((kind, xml, fields))
    return out


def test_the_same_messages_as_wechatpy() -> None:
    from wechatpy import parse_message
    from wechatpy.crypto import WeChatCrypto

    crypto = WeChatCrypto(
        PLATFORM["token"], PLATFORM["encoding_aes_key"], PLATFORM["component_appid"]
    )
    hook = wxopen.Webhook(**PLATFORM, max_age=None)
    cases = generated()
    assert len(cases) == PER_KIND * len(KINDS)
    compared = 0
    for i, (kind, xml, fields) in enumerate(cases):
        envelope = crypto.encrypt_message(xml, str(i), "1767225600")
        root = ET.fromstring(envelope)
        query = {
            "timestamp": root.findtext("TimeStamp"),
            "nonce": root.findtext("Nonce"),
            "msg_signature": root.findtext("MsgSignature"),
        }
        ours = hook.parse_message(APPID, query, envelope)
        theirs = parse_message(xml)
        # The header, field by field.
        assert ours.to_user_name == theirs.target == fields["ToUserName"]
        assert ours.from_user_name == theirs.source == fields["FromUserName"]
        assert ours.create_time == theirs.time
        if "MsgId" in fields:
            assert ours.msg_id == theirs.id == int(fields["MsgId"])
            assert ours.dedup_key == f"{APPID}:msg:{theirs.id}"
        else:
            assert ours.msg_id is None
            assert (
                ours.dedup_key == f"{APPID}:event:{theirs.source}:{theirs.time}:{fields['Event']}"
            )
        expected_kind = "subscribe" if kind == "subscribe_qr" else kind
        assert ours.type == expected_kind, (kind, xml)
        compare = COMPARE[kind]
        compare(ours, theirs)
        compared += 1
    assert compared == len(cases)


def _assert(condition: bool) -> None:
    assert condition


def same(*pairs: tuple[str, str]) -> Callable[[Any, Any], None]:
    def check(ours: Any, theirs: Any) -> None:
        for mine, peer in pairs:
            assert getattr(ours, mine) == getattr(theirs, peer), (mine, peer)

    return check


def location(ours: Any, theirs: Any) -> None:
    assert ours.location_x == float(theirs.location_x)
    assert ours.location_y == float(theirs.location_y)
    assert ours.scale == int(theirs.scale)
    assert ours.label == theirs.label


def location_event(ours: Any, theirs: Any) -> None:
    for name in ("latitude", "longitude", "precision"):
        assert getattr(ours, name) == getattr(theirs, name)


def subscribe_qr(ours: Any, theirs: Any) -> None:
    # wechatpy turns it into a "subscribe_scan" event and strips the qrscene_ prefix.
    assert theirs.event == "subscribe_scan"
    assert ours.event_key == "qrscene_" + theirs.scene_id
    assert ours.ticket == theirs.ticket


COMPARE: dict[str, Callable[[Any, Any], None]] = {
    "text": same(("content", "content")),
    "image": same(("pic_url", "image"), ("media_id", "media_id")),
    "voice": same(("media_id", "media_id"), ("format", "format"), ("recognition", "recognition")),
    "video": same(("media_id", "media_id"), ("thumb_media_id", "thumb_media_id")),
    "short_video": same(("media_id", "media_id"), ("thumb_media_id", "thumb_media_id")),
    "location": location,
    "link": same(("title", "title"), ("description", "description"), ("url", "url")),
    "mini_program_page": same(
        ("title", "title"),
        ("app_id", "app_id"),
        ("page_path", "page_path"),
        ("thumb_url", "thumb_url"),
        ("thumb_media_id", "thumb_media_id"),
    ),
    "subscribe": lambda ours, theirs: _assert((ours.event_key, theirs.key) == (None, "")),
    "subscribe_qr": subscribe_qr,
    "unsubscribe": lambda ours, theirs: None,
    "scan": same(("event_key", "scene_id"), ("ticket", "ticket")),
    "location_event": location_event,
    "click": same(("event_key", "key")),
    "view": same(("event_key", "url")),
    "user_enter_tempsession": same(("session_from", "session_from")),
}


def vector(name: str) -> dict[str, Any]:
    (case,) = [c for c in DOC["message_cases"] if c["name"] == name]
    return case


def parse(name: str) -> wxopen.Message:
    case = vector(name)
    hook = wxopen.Webhook(**case.get("platform", PLATFORM))
    return hook.parse_message(
        case["authorizer_appid"], case["query"], case["body"], now=case["now"]
    )


def test_message_objects_behave_like_events() -> None:
    msg = parse("subscribe through a parametric QR code (spec §13.4 sample)")
    assert isinstance(msg, wxopen.SubscribeEvent)
    assert "ticket" in msg and msg["ticket"] == "gQExampleTicket" == msg.ticket
    assert "gQExampleTicket" not in repr(msg) and "ticket=***" in repr(msg)
    assert f"dedup_key='{msg.dedup_key}'" in repr(msg)  # a key, not a credential
    assert msg.to_dict()["ticket"] == "gQExampleTicket"  # data, not a display form
    assert msg == parse("subscribe through a parametric QR code (spec §13.4 sample)")
    assert msg != parse("text (documented example)")
    assert len(msg) == len(msg.keys()) and "dedup_key" in msg.keys()
    with pytest.raises(AttributeError, match='no field "nope"'):
        _ = msg.nope
    with pytest.raises(KeyError):
        _ = msg["nope"]
    other = parse(
        "an event this version does not type (view_miniprogram) is kept with every element"
    )
    assert isinstance(other, wxopen.OtherMessage)
    assert other["MenuId"] == ["3", "4"] and other.EventKey == "pages/index/index"
    assert "EventKey" in other.keys()


def test_text_reply_uses_the_clock_by_default() -> None:
    msg = parse("text (documented example)")
    before = int(time.time())
    root = ET.fromstring(msg.text_reply("hello"))
    assert before <= int(root.findtext("CreateTime") or 0) <= int(time.time()) + 1
    assert (root.findtext("ToUserName"), root.findtext("FromUserName")) == ("fromUser", "toUser")
    hook = wxopen.Webhook(**PLATFORM)
    body = hook.reply_text(msg, "hello", nonce="5")
    reply = ET.fromstring(body)
    q = {
        "timestamp": reply.findtext("TimeStamp"),
        "nonce": "5",
        "msg_signature": reply.findtext("MsgSignature"),
    }
    assert ET.fromstring(hook.decrypt(q, body)).findtext("Content") == "hello"


def test_refusals_are_typed() -> None:
    hook = wxopen.Webhook(**PLATFORM)
    case = vector("text (documented example)")
    with pytest.raises(TypeError, match="raw request body"):
        hook.parse_message(APPID, case["query"], {"xml": 1})
    with pytest.raises(wxopen.InvalidArgument) as info:
        hook.parse_message("../etc", case["query"], case["body"], now=case["now"])
    assert info.value.field == "authorizer_appid" and isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        hook.reply_text("not a message", "x", nonce="1")  # type: ignore[arg-type]
    msg = parse("text (documented example)")
    with pytest.raises(wxopen.CryptoError) as crypto:
        hook.reply_text(msg, "x", nonce="a]]>b")  # CDATA cannot carry this nonce
    assert crypto.value.official_code == -40011


def test_constants_come_from_the_core() -> None:
    assert wxopen.SUCCESS == "success"
    assert len(wxopen.RELEASE_TEST_ACCOUNTS) == 10
    assert ("wx570bc396a51b8ff8", "gh_3c884a361561") in wxopen.RELEASE_TEST_ACCOUNTS
    for kind in wxopen._native.STATUS_KINDS:
        assert wxopen.describe_status(kind, 0).kind == kind
    assert wxopen.describe_status("icp_filing", 6).name == "filed"
    assert isinstance(wxopen.describe_status("review", 3), wxopen.ReviewStatus)
    with pytest.raises(wxopen.InvalidArgument, match="wxa_auth_task"):
        wxopen.describe_status("nope", 1)
