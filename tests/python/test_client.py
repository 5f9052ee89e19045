"""The client's behaviour around the core: the three facts of the foundation issue, transports,
the asyncio client, and the exception tree."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

import wxopen

from conftest import FakeTransport

VECTORS = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "api_open.json").read_text("utf-8")
)
TOKEN = wxopen.AuthorizerToken("wxmerchant0000001", "AAT_of_wxmerchant0000001")


def bind_case() -> dict:
    return next(
        c
        for c in VECTORS["cases"]
        if c["operation"] == "open.bind" and c["input"] == {"open_appid": "wxopen00000000001"}
    )


def test_bind_sends_exactly_the_vector_request() -> None:
    case = bind_case()
    transport = FakeTransport(wxopen.Response(200, '{"errcode":0,"errmsg":"ok"}'))
    assert wxopen.Client(transport).open_bind(TOKEN, open_appid="wxopen00000000001") is None
    (sent,) = transport.sent
    assert (sent.method, sent.url, sent.body) == (
        case["request"]["method"],
        case["request"]["url"],
        case["request"]["body"].encode(),
    )


def test_89002_raises_api_error_saying_not_bound() -> None:
    transport = FakeTransport(
        wxopen.Response(200, '{"errcode":89002,"errmsg":"account not bind open rid: 1-2-3"}')
    )
    with pytest.raises(wxopen.ApiError) as info:
        wxopen.Client(transport).open_bind(TOKEN, open_appid="wxopen00000000001")
    err = info.value
    assert err.errcode == 89002
    assert "not bound" in err.meaning
    assert "未绑定" in err.meaning_zh
    assert err.category == "state"
    assert err.retryable is False
    assert err.hint
    assert err.errmsg == "account not bind open rid: 1-2-3"
    assert isinstance(err, wxopen.WxOpenError)


def test_missing_open_appid_is_refused_before_sending() -> None:
    transport = FakeTransport()
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(transport).open_bind(TOKEN)
    assert info.value.field == "open_appid"
    assert isinstance(info.value, ValueError)
    assert transport.sent == []


def test_callable_transport_and_tuple_response() -> None:
    seen = []

    def transport(request: wxopen.Request) -> tuple[int, bytes]:
        seen.append(request)
        return 200, b'{"have_open":true}'

    assert wxopen.Client(transport).open_have(TOKEN).have_open is True
    assert len(seen) == 1


def test_wrong_token_kind_is_a_type_error() -> None:
    with pytest.raises(wxopen.WrongTokenError) as info:
        wxopen.Client(FakeTransport()).open_get(wxopen.ComponentToken("CAT"))
    assert isinstance(info.value, TypeError)
    assert info.value.expected == "authorizer"
    with pytest.raises(wxopen.WrongTokenError):
        wxopen.Client(FakeTransport()).open_get("a bare string token")  # type: ignore[arg-type]


def test_result_is_read_only_mapping_with_attribute_access() -> None:
    transport = FakeTransport(wxopen.Response(200, '{"open_appid":"wxo","errcode":0}'))
    result = wxopen.Client(transport).open_get(TOKEN)
    assert isinstance(result, wxopen.OpenAccount)
    assert result.open_appid == result["open_appid"] == "wxo"
    assert dict(result) == {"open_appid": "wxo"}
    with pytest.raises(AttributeError):
        result.open_appid = "x"
    with pytest.raises(AttributeError, match="fields"):
        _ = result.nope


def test_async_client_with_async_transport() -> None:
    class AsyncFake:
        def __init__(self) -> None:
            self.sent: list[wxopen.Request] = []

        async def send(self, request: wxopen.Request) -> wxopen.Response:
            self.sent.append(request)
            await asyncio.sleep(0)
            return wxopen.Response(200, '{"errcode":89002,"errmsg":"not bind"}')

    transport = AsyncFake()
    client = wxopen.AsyncClient(transport)
    with pytest.raises(wxopen.ApiError) as info:
        asyncio.run(client.open_get(TOKEN))
    assert info.value.errcode == 89002
    assert transport.sent[0].url.endswith("/cgi-bin/open/get?access_token=AAT_of_wxmerchant0000001")


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        body = self.rfile.read(length)
        self.server.seen.append((self.path, body))  # type: ignore[attr-defined]
        payload = b'{"open_appid":"wxopen_from_loopback","errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_default_urllib_transport_over_loopback(loopback_server) -> None:
    base = f"http://127.0.0.1:{loopback_server.server_address[1]}"
    result = wxopen.Client(api_base=base).open_get(TOKEN)
    assert result.open_appid == "wxopen_from_loopback"
    path, body = loopback_server.seen[0]
    assert path == "/cgi-bin/open/get?access_token=AAT_of_wxmerchant0000001"
    assert body == b"{}"


def test_httpx_transports_over_loopback(loopback_server) -> None:
    base = f"http://127.0.0.1:{loopback_server.server_address[1]}"
    sync = wxopen.Client(wxopen.HttpxTransport(), api_base=base)
    assert sync.open_create(TOKEN).open_appid == "wxopen_from_loopback"
    client = wxopen.AsyncClient(wxopen.AsyncHttpxTransport(), api_base=base)
    assert asyncio.run(client.open_get(TOKEN)).open_appid == "wxopen_from_loopback"
    threaded = wxopen.AsyncClient(api_base=base)
    assert asyncio.run(threaded.open_get(TOKEN)).open_appid == "wxopen_from_loopback"


def test_transport_error_names_no_token() -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused.
    client = wxopen.Client(wxopen.UrllibTransport(timeout=2), api_base="http://127.0.0.1:9")
    with pytest.raises(wxopen.TransportError) as info:
        client.open_get(TOKEN)
    assert "AAT_of_wxmerchant0000001" not in str(info.value)
    assert "access_token=***" in str(info.value)
    assert info.value.retryable


def test_bad_api_base_is_invalid_argument() -> None:
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(FakeTransport(), api_base="ftp://x")
    assert info.value.field == "api_base"


def test_explain_errcode_and_operations() -> None:
    info = wxopen.explain_errcode(61004)
    assert info.known and info.category == "permission" and "whitelist" in info.meaning
    unknown = wxopen.explain_errcode(123456789)
    assert unknown.known is False and unknown.category == "unknown"
    names = {op["name"] for op in wxopen.operations()}
    assert {"open.create", "open.bind", "open.unbind", "open.get", "open.have"} <= names
