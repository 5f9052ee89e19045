"""Issue 7 (hardening), Python side: one test (or a few) per numbered item, named after it.

Each of them failed before the fix; the Rust (core/tests/hardening.rs) and JavaScript
(tests/js/hardening.test.mjs) suites carry the same items in their languages.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

import wxopen
from wxopen import _native, exceptions
from wxopen.transports import UrllibTransport

from conftest import FakeTransport

DOC = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "webhook.json").read_text("utf-8")
)
PLATFORM = DOC["platform"]
PUSH = {c["name"]: c for c in DOC["push_cases"]}
SECRET = "S3CR3T_never_shown_0123"
AAT = wxopen.AuthorizerToken("wxofficial00000001", "AAT_" + SECRET)
CAT = wxopen.ComponentToken("CAT_" + SECRET)
OTHER_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def shown(obj: object) -> str:
    """Every display form of an object or exception."""
    text = f"{obj!r} {obj!s}"
    if isinstance(obj, BaseException):
        text += "".join(traceback.format_exception(type(obj), obj, obj.__traceback__))
        text += repr(getattr(obj, "details", ""))
    return text


def answering(body: str, status: int = 200) -> wxopen.Client:
    return wxopen.Client(FakeTransport(wxopen.Response(status, body)))


def signed_push(hook: wxopen.Webhook, plaintext: str, envelope_appid: str) -> tuple[dict, str]:
    encrypt, sig = hook.encrypt(plaintext, timestamp="1767225600", nonce="77")
    body = f"<xml><AppId>{envelope_appid}</AppId><Encrypt>{encrypt}</Encrypt></xml>"
    return {"timestamp": "1767225600", "nonce": "77", "msg_signature": sig}, body


# ---- 1. the appid an event reports ----


def test_item01_push_naming_another_platform_is_refused() -> None:
    case = PUSH[
        "decrypted push naming another platform in AppId (valid for this one in every other check)"
    ]
    hook = wxopen.Webhook(**PLATFORM)
    with pytest.raises(wxopen.AppidConflictError) as info:
        hook.parse(case["query"], case["body"], now=case["now"])
    assert isinstance(info.value, wxopen.WebhookError)
    assert info.value.code == "appid_conflict"


def test_item01_router_cannot_overwrite_another_platforms_ticket() -> None:
    a = wxopen.Webhook(**PLATFORM)
    b = wxopen.Webhook(
        token="tokenB", encoding_aes_key=OTHER_KEY, component_appid="wx0000000000000002"
    )
    router = wxopen.WebhookRouter(a, b)
    tickets: dict[str, str] = {"wx0000000000000002": "ticket@@@B_own"}
    forged = (
        "<xml><AppId>wx0000000000000002</AppId><CreateTime>1767225600</CreateTime>"
        "<InfoType>component_verify_ticket</InfoType>"
        "<ComponentVerifyTicket>ticket@@@from_A</ComponentVerifyTicket></xml>"
    )
    query, body = signed_push(a, forged, PLATFORM["component_appid"])
    with pytest.raises(wxopen.AppidConflictError):
        event = router.parse(query, body, now=1767225600)
        tickets[event.component_appid] = event.ticket
    assert tickets == {"wx0000000000000002": "ticket@@@B_own"}
    # Without an inner AppId the event reports the platform it was verified for.
    case = PUSH["decrypted push without AppId reports the verified platform"]
    event = router.parse(case["query"], case["body"], now=case["now"])
    assert event.component_appid == PLATFORM["component_appid"]


# ---- 3. secrets in display forms ----


def test_item03_other_event_repr_and_fields_mask_credentials() -> None:
    case = PUSH["InfoType spelled Authorized is an unknown event, credentials kept as text"]
    event = wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"], now=case["now"])
    assert isinstance(event, wxopen.OtherEvent)
    for text in (repr(event), repr(event.fields), str(event.fields)):
        assert "queryauthcode@@@Other" not in text, text
        assert "preauthcode@@@Other" not in text, text
    assert "AuthorizationCodeExpiredTime" in repr(event.fields)
    # The values stay readable by name.
    assert event.fields["AuthorizationCode"] == "queryauthcode@@@Other"
    assert event["PreAuthCode"] == "preauthcode@@@Other"


def test_item03_unknown_result_fields_named_like_secrets_are_masked() -> None:
    grant = answering(
        '{"component_access_token":"CAT_NEW","expires_in":7200,"new_refresh_token":"RT_'
        + SECRET
        + '"}'
    ).component_token(component_appid="wx1", component_appsecret="s", component_verify_ticket="t")
    assert SECRET not in repr(grant)
    assert grant.new_refresh_token == "RT_" + SECRET
    assert wxopen.is_secret_field("ComponentVerifyTicket")
    assert not wxopen.is_secret_field("AuthorizationCodeExpiredTime")


def test_item03_flask_example_logs_no_credential(caplog: pytest.LogCaptureFixture) -> None:
    import importlib.util
    import sys

    root = Path(__file__).resolve().parent.parent.parent
    spec = importlib.util.spec_from_file_location(
        "webhook_flask_h", root / "examples" / "python" / "webhook_flask.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["webhook_flask_h"] = mod
    spec.loader.exec_module(mod)
    client = mod.create_app(wxopen.Webhook(**PLATFORM, max_age=None)).test_client()
    case = PUSH["InfoType spelled Authorized is an unknown event, credentials kept as text"]
    with caplog.at_level(logging.INFO, logger="wxopen.webhook"):
        resp = client.post(f"/wechat/component?{case['query_string']}", data=case["body"])
    assert resp.data == b"success"
    assert caplog.records, "the example logs the event it keeps"
    assert "@@@Other" not in caplog.text, caplog.text


# ---- 4. a token leaks through a malformed api_base ----


@pytest.mark.parametrize(
    "base",
    ["http://127.0.0.1:9/\n", "https://api.weixin.qq.com\r", "http://u:pw@h", "http://h/?a=1"],
)
def test_item04_api_base_is_validated_when_the_client_is_made(base: str) -> None:
    for make in (wxopen.Client, wxopen.AsyncClient):
        with pytest.raises(wxopen.InvalidArgument) as info:
            make(FakeTransport(), api_base=base)
        assert info.value.field == "api_base"
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(FakeTransport(), mp_base="mp.weixin.qq.com")
    assert info.value.field == "mp_base"


def test_item04_urllib_invalid_url_is_a_redacted_transport_error() -> None:
    request = wxopen.Request(
        "POST", "http://127.0.0.1:9/cgi-bin/open/get\n?access_token=AAT_" + SECRET, [], b"{}"
    )
    with pytest.raises(wxopen.TransportError) as info:
        UrllibTransport(timeout=2).send(request)
    assert SECRET not in shown(info.value)
    assert info.value.__cause__ is not None


def test_item04_custom_transport_exceptions_are_wrapped_and_redacted() -> None:
    def transport(request: wxopen.Request) -> wxopen.Response:
        raise ValueError(f"cannot send {request.url} with body {request.body!r}")

    with pytest.raises(wxopen.TransportError) as info:
        wxopen.Client(transport).open_get(AAT)
    err = info.value
    assert SECRET not in shown(err)
    assert isinstance(err.__cause__, ValueError)
    assert "access_token=***" in str(err.__cause__)
    with pytest.raises(wxopen.TransportError) as info:
        wxopen.Client(transport).component_token(
            component_appid="wx1",
            component_appsecret="APPSECRET_" + SECRET,
            component_verify_ticket="ticket@@@" + SECRET,
        )
    assert SECRET not in shown(info.value)

    class Weird(Exception):
        def __str__(self) -> str:  # a message not built from args
            return "failed for AAT_" + SECRET

    async def async_transport(request: wxopen.Request) -> wxopen.Response:
        raise Weird()

    with pytest.raises(wxopen.TransportError) as info:
        asyncio.run(wxopen.AsyncClient(async_transport).open_get(AAT))
    assert SECRET not in shown(info.value)
    assert SECRET not in shown(info.value.__cause__)


def test_item04_httpx_exceptions_are_wrapped_and_redacted() -> None:
    httpx = pytest.importorskip("httpx")

    def handler(request: Any) -> Any:
        raise httpx.InvalidURL(f"Invalid non-printable ASCII character in URL {request.url}")

    sync = wxopen.Client(
        wxopen.HttpxTransport(httpx.Client(transport=httpx.MockTransport(handler)))
    )
    with pytest.raises(wxopen.TransportError) as info:
        sync.open_get(AAT)
    assert SECRET not in shown(info.value)
    assert isinstance(info.value.__cause__, httpx.InvalidURL)

    async def run() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        try:
            await wxopen.AsyncClient(wxopen.AsyncHttpxTransport(client)).open_get(AAT)
        finally:
            await client.aclose()

    with pytest.raises(wxopen.TransportError) as info:
        asyncio.run(run())
    assert SECRET not in shown(info.value)


# ---- 5. smaller leaks ----


def test_item05_a_secret_of_the_wrong_type_is_not_quoted() -> None:
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(FakeTransport()).component_token(
            component_appid="wx1",
            component_appsecret=98765432123,  # type: ignore[arg-type]
            component_verify_ticket="t",
        )
    assert info.value.field == "component_appsecret"
    assert "98765432123" not in shown(info.value)


def test_item05_a_lone_surrogate_names_the_field_not_the_request() -> None:
    transport = FakeTransport()
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(transport).component_token(
            component_appid="wx1",
            component_appsecret="APPSECRET_" + SECRET + "\ud800",
            component_verify_ticket="ticket@@@" + SECRET,
        )
    assert info.value.field == "component_appsecret"
    assert SECRET not in shown(info.value)
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(transport).open_get(wxopen.AuthorizerToken("wx1", SECRET + "\udc00"))
    assert info.value.field == "token"
    assert SECRET not in shown(info.value)
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Webhook(token=SECRET + "\ud800", encoding_aes_key=OTHER_KEY, component_appid="wx1")
    assert info.value.field == "token"
    assert SECRET not in shown(info.value)
    assert transport.sent == []


def test_item05_decode_errors_name_the_field_not_the_value() -> None:
    with pytest.raises(wxopen.DecodeError) as info:
        answering(
            '{"component_access_token":"CAT_x","expires_in":"SEVEN_' + SECRET + '"}'
        ).component_token(
            component_appid="wx1", component_appsecret="s", component_verify_ticket="t"
        )
    assert info.value.field == "expires_in"
    assert SECRET not in shown(info.value)
    assert info.value.raw is not None  # the body itself is there for who asks for it


# ---- 6. the default transport follows redirects ----


class _Redirecting(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(302)
        self.send_header("location", "/landing")
        self.send_header("content-length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        payload = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def redirecting_server():
    server = HTTPServer(("127.0.0.1", 0), _Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_item06_a_redirect_is_an_http_status_error(redirecting_server: str) -> None:
    with pytest.raises(wxopen.HttpStatusError) as info:
        wxopen.Client(api_base=redirecting_server).rebind_admin(AAT, taskid="task_0001")
    assert info.value.status == 302
    with pytest.raises(wxopen.HttpStatusError) as info:
        asyncio.run(wxopen.AsyncClient(api_base=redirecting_server).rebind_admin(AAT, taskid="t1"))
    assert info.value.status == 302
    httpx = pytest.importorskip("httpx")
    with pytest.raises(wxopen.HttpStatusError):
        wxopen.Client(
            wxopen.HttpxTransport(httpx.Client()), api_base=redirecting_server
        ).rebind_admin(AAT, taskid="t1")


# ---- 8. missing response fields ----


def test_item08_absent_fields_are_none_and_required_ones_are_named() -> None:
    linked = answering(
        '{"errcode":0,"wxopens":{"items":[{"status":1,"username":"gh_x"}]}}'
    ).link_get(AAT)
    (item,) = linked.mini_programs
    assert item.appid is None
    assert item.selected is None and item.released is None
    assert item.nearby_display_status is None
    info = answering(
        '{"authorizer_info":{"nick_name":"n"},"authorization_info":{"appid":"wxold"}}'
    ).get_authorizer_info(CAT, component_appid="wxc", authorizer_appid="wxold")
    assert info.authorization_info.authorizer_appid is None
    assert info.authorizer_info.user_name is None
    with pytest.raises(wxopen.DecodeError) as err:
        answering(
            '{"authorization_info":{"authorizer_access_token":"a","expires_in":7200,'
            '"authorizer_refresh_token":"r"}}'
        ).query_auth(CAT, component_appid="wxc", authorization_code="code")
    assert err.value.field == "authorization_info.authorizer_appid"
    assert "authorization_info.authorizer_appid" in str(err.value)
    assert answering('{"errcode":0}').link_get(AAT).mini_programs == []


# ---- 9. a ticket without CreateTime, a JSON body with a BOM ----


def test_item09_ticket_without_create_time_is_read() -> None:
    case = PUSH["component_verify_ticket without CreateTime (peers read it)"]
    event = wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"], now=case["now"])
    assert isinstance(event, wxopen.ComponentVerifyTicket)
    assert event.ticket == "ticket@@@noCreateTime"
    assert event.create_time is None


def test_item09_json_with_a_bom_is_read() -> None:
    grant = answering(
        '\ufeff{"component_access_token":"CAT_bom","expires_in":7200}'
    ).component_token(component_appid="wx1", component_appsecret="s", component_verify_ticket="t")
    assert grant.expires_in == 7200


# ---- 10. unmodelled fields ----


def test_item10_unmodelled_fields_are_reachable_on_the_result() -> None:
    body = {
        "authorizer_info": {
            "idc": 1,
            "MiniProgramInfo": {"network": {"RequestDomain": [], "TCPDomain": ["tcp.example.com"]}},
        },
        "authorization_info": {
            "authorizer_appid": "wx1",
            "func_info": [{"funcscope_category": {"id": 17}, "confirm_info": {"can_confirm": 1}}],
        },
        "rid": "r-1",
    }
    info = answering(json.dumps(body)).get_authorizer_info(
        CAT, component_appid="wxc", authorizer_appid="wx1"
    )
    assert info.authorizer_info.idc == 1
    assert info.authorizer_info.MiniProgramInfo.network.TCPDomain == ["tcp.example.com"]
    assert info.authorizer_info["MiniProgramInfo"]["network"]["TCPDomain"] == ["tcp.example.com"]
    assert info.authorization_info.func_info[0].confirm_info.can_confirm == 1
    assert info.rid == "r-1"


# ---- 11. statuses ----


def test_item11_statuses_equal_their_wire_integer_in_results_and_events() -> None:
    linked = answering(
        '{"wxopens":{"items":[{"status":1},{"status":"12"},{"status":7}]}}'
    ).link_get(AAT)
    first, second, third = linked.mini_programs
    assert first.status == 1 and second.status == 12 and third.status == 7
    assert isinstance(first.status, wxopen.Status) and isinstance(first.status, int)
    assert first.status.name == "linked"
    assert (third.status.known, third.status.name) == (False, "unknown")
    assert json.loads(json.dumps(linked.to_dict()))["wxopens"]["items"][0]["status"] == 1
    task = answering('{"taskid":"t","status":12}').query_personal(CAT, taskid="t")
    assert task.status == 12 and task.status.meaning == "creation succeeded"
    case = PUSH["notify_third_fastverifybetaapp failure"]
    event = wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"], now=case["now"])
    assert event.status == 100001
    assert isinstance(event.status, wxopen.Status)
    assert event.status.name == "idcard_check_timeout"
    assert wxopen.describe_status("link", 3).name == "rejected_by_mini_program_admin"


# ---- 12. events ----


def test_item12_authorization_classes_are_siblings() -> None:
    hook = wxopen.Webhook(**PLATFORM)
    update = hook.parse(
        PUSH["updateauthorized"]["query"],
        PUSH["updateauthorized"]["body"],
        now=PUSH["updateauthorized"]["now"],
    )
    assert isinstance(update, wxopen.UpdateAuthorized)
    assert not isinstance(update, wxopen.Authorized)
    assert not issubclass(wxopen.UpdateAuthorized, wxopen.Authorized)


def test_item12_other_event_keeps_nesting_at_every_level() -> None:
    case = PUSH["unknown InfoType is kept, nesting kept"]
    event = wxopen.Webhook(**PLATFORM).parse(case["query"], case["body"], now=case["now"])
    assert event["info"]["taskid"] == "t-1"
    assert event.info.taskid == "t-1"
    assert event["info"]["item"] == ["a", "b"]
    assert event.fields["CreateTime"] == "1767225611"
    assert event["status"] == "7"
    assert "info" in event


# ---- 13. never stricter than WeChat ----


def test_item13_code_type_2_with_and_without_hyphen_and_auth_type_beyond_3() -> None:
    for code in ("12345678-9", "123456789"):
        transport = FakeTransport(wxopen.Response(200, '{"taskid":"t1"}'))
        wxopen.Client(transport).register_enterprise(
            CAT,
            name="某某公司",
            code=code,
            code_type=2,
            legal_persona_openid="oLegal0001",
            legal_persona_name="张三",
        )
        assert json.loads(transport.sent[0].body)["code"] == code
    client = wxopen.Client(FakeTransport())
    url = client.component_login_url(
        component_appid="wxc",
        pre_auth_code="p",
        redirect_uri="https://x.example.com/cb",
        auth_type=6,
    )
    assert url.endswith("&auth_type=6")
    url = client.bind_component_url(
        component_appid="wxc",
        pre_auth_code="p",
        redirect_uri="https://x.example.com/cb",
        auth_type=1,
        biz_appid="wxbiz",
    )
    assert "auth_type=1&biz_appid=wxbiz" in url


# ---- 14. clear errors ----


def test_item14_query_forms_people_pass() -> None:
    case = PUSH["unauthorized"]
    hook = wxopen.Webhook(**PLATFORM)
    expected = hook.parse(case["query"], case["body"], now=case["now"])
    qs = case["query_string"]
    forms = [
        qs.encode(),  # Flask's request.query_string
        urllib.parse.parse_qs(qs),  # lists
        {**case["query"], "timestamp": int(case["query"]["timestamp"])},  # an int timestamp
        {k: v.encode() for k, v in case["query"].items()},  # bytes from a store
    ]
    for form in forms:
        assert hook.parse(form, case["body"], now=case["now"]) == expected, form


def test_item14_bytes_arguments_are_utf8_or_named() -> None:
    hook = wxopen.Webhook(
        token=PLATFORM["token"].encode(),
        encoding_aes_key=PLATFORM["encoding_aes_key"].encode(),
        component_appid=PLATFORM["component_appid"].encode(),
    )
    assert hook.component_appid == PLATFORM["component_appid"]
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Webhook(
            token=b"\xff" + SECRET.encode(), encoding_aes_key=OTHER_KEY, component_appid="wx1"
        )
    assert info.value.field == "token"
    assert SECRET not in shown(info.value)
    with pytest.raises(TypeError, match="token"):
        wxopen.Webhook(token=123, encoding_aes_key=OTHER_KEY, component_appid="wx1")  # type: ignore[arg-type]


def test_item14_oversized_values_are_not_echoed() -> None:
    huge = "k" * 100_000
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(FakeTransport()).verify_beta(AAT, verify_info={huge: "v"})
    assert len(shown(info.value)) < 10_000


def test_item14_status_outside_http_range_is_a_clear_error() -> None:
    for status in (1000, -1, 0, 99):
        with pytest.raises(wxopen.InvalidArgument) as info:
            wxopen.Client(lambda request, s=status: (s, b"{}")).open_get(AAT)
        assert info.value.field == "status"


@pytest.fixture
def broken_http_server():
    """A server that answers with a malformed status line, then one that cuts the body short."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    replies = [
        b"HTTP/1.1 two hundred OK\r\n\r\n",
        b'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"open_appid":',
    ]

    def serve() -> None:
        for reply in replies:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_item14_bad_status_line_and_incomplete_read_are_transport_errors(
    broken_http_server: str,
) -> None:
    client = wxopen.Client(UrllibTransport(timeout=5), api_base=broken_http_server)
    for _ in range(2):
        with pytest.raises(wxopen.TransportError) as info:
            client.open_get(AAT)
        assert SECRET not in shown(info.value)


# ---- one rule, one place ----


def test_every_core_error_code_has_a_class() -> None:
    codes = {c["code"] for c in wxopen.ERROR_CODES}
    assert codes == set(exceptions._BY_CODE), codes ^ set(exceptions._BY_CODE)
    for info in wxopen.ERROR_CODES:
        cls = exceptions._BY_CODE[info["code"]]
        assert cls.code == info["code"] or cls.code == f"{info['family']}_error", info
    assert exceptions.RAW_CODES == {"api_error", "http_status", "decode_error"}
    assert wxopen.TransportError("x").retryable is True


def test_defaults_come_from_the_core() -> None:
    assert wxopen.DEFAULT_API_BASE == _native.DEFAULT_API_BASE == "https://api.weixin.qq.com"
    assert wxopen.DEFAULT_MP_BASE == _native.DEFAULT_MP_BASE
    assert wxopen.DEFAULT_OPEN_BASE == _native.DEFAULT_OPEN_BASE
    hook = wxopen.Webhook(**PLATFORM)
    assert (hook.max_age, hook.max_body_bytes) == (
        wxopen.DEFAULT_MAX_AGE,
        wxopen.DEFAULT_MAX_BODY_BYTES,
    )
    assert wxopen.QUERY_KEYS[:3] == ("timestamp", "nonce", "msg_signature")
