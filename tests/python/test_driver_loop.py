"""The driver glue end to end: the reference host loop (wxopen._driver_loop) with a dict store
and a scripted WeChat — a component token minted from a stored ticket, a warm call, a 42001
refresh, push intake, typed errors, and steps that carry no secret."""

from __future__ import annotations

import json
from typing import Any, Callable, Optional

import pytest

import wxopen
from wxopen import _native
from wxopen._driver_loop import DictStore, run

CID = "wxcomponent0000001"
SECRET = "platform_appsecret_0001"
TOKEN = "msgtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
AUTHORIZER = "wxminiprog00000001"
T0 = 1_700_000_000_000


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> int:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += int(seconds * 1000)


class WeChat:
    """Answers by URL path from scripted queues; records every request."""

    def __init__(self) -> None:
        self.script: dict[str, list[Any]] = {}
        self.sent: list[wxopen.Request] = []

    def on(self, path: str, *replies: Any) -> WeChat:
        self.script.setdefault(path, []).extend(replies)
        return self

    def __call__(self, request: wxopen.Request) -> wxopen.Response:
        self.sent.append(request)
        path = "/" + request.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
        queue = self.script.get(path)
        if not queue:
            raise AssertionError(f"unscripted request to {path}")
        reply = queue.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return wxopen.Response(200, json.dumps(reply))

    def to(self, path: str) -> list[wxopen.Request]:
        return [r for r in self.sent if f"/{path.lstrip('/')}?" in r.url or r.url.endswith(path)]


class CountingStore(DictStore):
    def __init__(self) -> None:
        super().__init__()
        self.ops = 0

    def get(self, key: str, now: int) -> Optional[str]:
        self.ops += 1
        return super().get(key, now)


class Host:
    def __init__(self, driver: Optional[Any] = None, store: Optional[CountingStore] = None) -> None:
        self.clock = Clock()
        self.wechat = WeChat()
        self.store = store if store is not None else CountingStore()
        self.events: list[dict[str, Any]] = []
        self.driver = driver or _native.Driver(CID, SECRET, TOKEN, AES_KEY, seed=7)

    def run(self, start: Callable[..., tuple[Any, tuple[Any, ...]]], *args: Any) -> Any:
        call, step = start(*args, self.clock())
        return run(
            call,
            step,
            send=self.wechat,
            store=self.store,
            clock=self.clock,
            sleep=self.clock.sleep,
            on_event=self.events.append,
        )

    def op(self, name: str, args: dict[str, Any], authorizer: Optional[str] = None) -> Any:
        result = self.run(self.driver.call, name, json.dumps(args), authorizer)
        return json.loads(result)

    def seeded(self) -> Host:
        assert self.run(self.driver.store_ticket, "ticket@@@latest", T0 // 1000) is True
        assert self.run(self.driver.import_authorizer, AUTHORIZER, "refreshtoken@@@R1") is None
        return self


CAT_PATH = "/cgi-bin/component/api_component_token"
AAT_PATH = "/cgi-bin/component/api_authorizer_token"
OPEN_GET = "/cgi-bin/open/get"


def cat(value: str) -> dict[str, Any]:
    return {"component_access_token": value, "expires_in": 7200}


def aat(value: str, refresh: str = "refreshtoken@@@R1") -> dict[str, Any]:
    return {
        "authorizer_access_token": value,
        "expires_in": 7200,
        "authorizer_refresh_token": refresh,
    }


def test_mints_the_component_token_from_the_stored_ticket() -> None:
    host = Host().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        "/cgi-bin/component/api_create_preauthcode",
        {"pre_auth_code": "preauthcode@@@x", "expires_in": 1800},
    )
    out = host.op("component.preauthcode", {})
    assert out == {"pre_auth_code": "preauthcode@@@x", "expires_in": 1800}
    mint, preauth = host.wechat.sent
    assert json.loads(mint.body) == {
        "component_appid": CID,
        "component_appsecret": SECRET,
        "component_verify_ticket": "ticket@@@latest",
    }
    assert preauth.url.endswith("component_access_token=CAT1")
    assert json.loads(preauth.body) == {"component_appid": CID}, "appid filled in by the core"
    assert [e["kind"] for e in host.events] == ["ticket_stored", "component_token_minted"]
    token = json.loads(host.run(host.driver.component_access_token))
    assert token["access_token"] == "CAT1" and token["kind"] == "component"


def test_a_warm_call_goes_straight_to_http_without_the_store() -> None:
    host = Host().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1"))
    host.wechat.on(OPEN_GET, {"errcode": 0, "open_appid": "wxopen0123456789"})
    host.op("open.get", {}, AUTHORIZER)
    before = host.store.ops
    call, step = host.driver.call("open.get", "{}", AUTHORIZER, host.clock())
    assert step[0] == _native.STEP_HTTP
    assert step[2].endswith("access_token=AAT1")
    done = call.response(200, b'{"errcode":0,"open_appid":"wxopen0123456789"}', host.clock())
    assert done[0] == _native.STEP_DONE
    assert json.loads(done[1]) == {"open_appid": "wxopen0123456789"}
    assert host.store.ops == before, "no store round trip on the warm path"


def test_42001_refreshes_the_authorizer_token_and_retries_once() -> None:
    host = Host().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        AAT_PATH, aat("AAT1"), aat("AAT2", "refreshtoken@@@R2")
    )
    host.wechat.on(
        OPEN_GET,
        {"errcode": 42001, "errmsg": "access_token expired"},
        {"errcode": 0, "open_appid": "wxopen0123456789"},
    )
    assert host.op("open.get", {}, AUTHORIZER) == {"open_appid": "wxopen0123456789"}
    sent = [r for r in host.wechat.sent if OPEN_GET in r.url]
    assert [r.url.rsplit("=", 1)[1] for r in sent] == ["AAT1", "AAT2"]
    assert [e["kind"] for e in host.events].count("token_rejected") == 1
    record = json.loads(host.store.get(f"wxopen:{CID}:authorizer:{AUTHORIZER}", host.clock()))
    assert record["access_token"] == "AAT2"
    assert record["refresh_token"] == "refreshtoken@@@R2", "rotated refresh token, same write"
    # A second 42001 in a row reaches the caller (one retry, never a loop), with the raw body.
    host.wechat.on(OPEN_GET, {"errcode": 42001, "errmsg": "x"}, {"errcode": 42001, "errmsg": "y"})
    host.wechat.on(AAT_PATH, aat("AAT3"))
    with pytest.raises(wxopen.ApiError) as info:
        host.op("open.get", {}, AUTHORIZER)
    assert info.value.errcode == 42001
    assert info.value.raw == b'{"errcode": 42001, "errmsg": "y"}'


def test_typed_errors() -> None:
    host = Host()
    with pytest.raises(wxopen.NoTicketError, match="start_push_ticket") as info:
        host.run(host.driver.component_access_token)
    assert info.value.component_appid == CID
    with pytest.raises(wxopen.UnknownAuthorizerError) as unknown:
        host.op("open.get", {}, "wxnobody0000000001")
    assert unknown.value.authorizer_appid == "wxnobody0000000001"
    host.seeded()
    host.wechat.on(CAT_PATH, {"errcode": 61006, "errmsg": "ticket invalid"})
    with pytest.raises(wxopen.TicketInvalidError) as ticket:
        host.run(host.driver.component_access_token)
    assert isinstance(ticket.value, wxopen.ApiError) and ticket.value.errcode == 61006
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, {"errcode": 61023, "errmsg": "rt invalid"})
    with pytest.raises(wxopen.NeedsReauthorizationError) as reauth:
        host.op("open.get", {}, AUTHORIZER)
    assert isinstance(reauth.value, wxopen.AuthorizerError)
    assert host.run(host.driver.authorizer_status, AUTHORIZER) == "needs_reauthorization"
    with pytest.raises(wxopen.InvalidArgument) as managed:
        host.op("component.api_component_token", {})
    assert managed.value.field == "operation"


def test_read_only_never_mints() -> None:
    store = CountingStore()
    host = Host(store=store).seeded()
    ro = _native.Driver(CID, SECRET, TOKEN, AES_KEY, seed=9, read_only=True)
    reader = Host(driver=ro, store=store)
    with pytest.raises(wxopen.ReadOnlyError) as info:
        reader.run(ro.component_access_token)
    assert info.value.token == "component"
    assert reader.wechat.sent == []
    host.wechat.on(CAT_PATH, cat("CAT1"))
    host.run(host.driver.component_access_token)
    assert json.loads(reader.run(ro.component_access_token))["access_token"] == "CAT1"


def test_a_failing_store_raises_store_error() -> None:
    class Broken(CountingStore):
        def get(self, key: str, now: int) -> Optional[str]:
            raise ConnectionError("redis went away")

    host = Host(store=Broken())
    with pytest.raises(wxopen.StoreError) as info:
        host.run(host.driver.component_access_token)
    assert "redis went away" in info.value.detail
    assert isinstance(info.value.__cause__, ConnectionError)


def test_transport_failures_of_reads_are_retried() -> None:
    host = Host().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1"))
    host.wechat.on(
        OPEN_GET,
        wxopen.TransportError("reset"),
        {"errcode": 0, "open_appid": "wxopen0123456789"},
    )
    assert host.op("open.get", {}, AUTHORIZER)["open_appid"] == "wxopen0123456789"
    assert [e["kind"] for e in host.events].count("retry") == 1
    # A write is not re-sent: the transport error reaches the caller.
    host.wechat.on("/cgi-bin/open/bind", wxopen.TransportError("reset"))
    with pytest.raises(wxopen.TransportError):
        host.op("open.bind", {"open_appid": "wxopen0123456789"}, AUTHORIZER)


def push(xml: str, now_ms: int) -> tuple[dict[str, str], bytes]:
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=AES_KEY, component_appid=CID)
    ts = str(now_ms // 1000)
    encrypt, sig = hook.encrypt(xml, timestamp=ts, nonce="42")
    body = f"<xml><AppId>{CID}</AppId><Encrypt>{encrypt}</Encrypt></xml>".encode()
    return {"timestamp": ts, "nonce": "42", "msg_signature": sig}, body


def test_handle_stores_tickets_and_exchanges_authorization_codes_once() -> None:
    host = Host()
    now = host.clock()
    ticket = (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now // 1000}</CreateTime>"
        "<InfoType>component_verify_ticket</InfoType>"
        "<ComponentVerifyTicket>ticket@@@pushed</ComponentVerifyTicket></xml>"
    )
    event = host.run(host.driver.handle, *push(ticket, now))
    assert isinstance(event, wxopen.ComponentVerifyTicket)
    code = "queryauthcode@@@abc"
    authorized = (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now // 1000}</CreateTime>"
        f"<InfoType>authorized</InfoType><AuthorizerAppid>{AUTHORIZER}</AuthorizerAppid>"
        f"<AuthorizationCode>{code}</AuthorizationCode>"
        f"<AuthorizationCodeExpiredTime>{now // 1000 + 600}</AuthorizationCodeExpiredTime></xml>"
    )
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        "/cgi-bin/component/api_query_auth",
        {
            "authorization_info": {
                "authorizer_appid": AUTHORIZER,
                "authorizer_access_token": "AAT1",
                "expires_in": 7200,
                "authorizer_refresh_token": "refreshtoken@@@R1",
                "func_info": [{"funcscope_category": {"id": 17}}],
            }
        },
    )
    event = host.run(host.driver.handle, *push(authorized, now))
    assert isinstance(event, wxopen.Authorized)
    # The redirect brings the same code: not exchanged again; the outcome is reported.
    outcome = json.loads(host.run(host.driver.authorize, code))
    assert outcome == {"authorizer_appid": AUTHORIZER, "func_info": [17], "exchanged": False}
    assert len([r for r in host.wechat.sent if "api_query_auth" in r.url]) == 1
    assert host.run(host.driver.authorizer_status, AUTHORIZER) == "authorized"


def test_steps_and_events_carry_no_secret() -> None:
    host = Host().seeded()
    host.wechat.on(CAT_PATH, cat("CAT_S3CR3T")).on(AAT_PATH, aat("AAT_S3CR3T"))
    host.wechat.on(OPEN_GET, {"errcode": 0, "open_appid": "wxopen0123456789"})
    host.op("open.get", {}, AUTHORIZER)
    shown = json.dumps(host.events) + repr(host.driver) + repr(host.store)
    for secret in ("S3CR3T", SECRET, "refreshtoken", "ticket@@@"):
        assert secret not in shown
    policy = json.loads(_native.Driver.default_policy())
    assert policy["refresh_margin_ms"] == 600_000
    with pytest.raises(wxopen.InvalidArgument):
        _native.Driver(CID, SECRET, TOKEN, AES_KEY, seed=1, policy_json='{"nope": 1}')


@pytest.mark.parametrize(
    ("code", "cls", "base"),
    [
        ("no_ticket", wxopen.NoTicketError, wxopen.WxOpenError),
        ("ticket_expired", wxopen.TicketExpiredError, wxopen.ApiError),
        ("ticket_invalid", wxopen.TicketInvalidError, wxopen.ApiError),
        ("needs_reauthorization", wxopen.NeedsReauthorizationError, wxopen.AuthorizerError),
        ("authorizer_revoked", wxopen.AuthorizerRevokedError, wxopen.AuthorizerError),
        ("unknown_authorizer", wxopen.UnknownAuthorizerError, wxopen.AuthorizerError),
        ("read_only", wxopen.ReadOnlyError, wxopen.WxOpenError),
        ("lock_timeout", wxopen.LockTimeoutError, wxopen.WxOpenError),
        ("store_error", wxopen.StoreError, wxopen.WxOpenError),
        ("transport_error", wxopen.TransportError, wxopen.WxOpenError),
    ],
)
def test_every_driver_error_code_has_its_class(code: str, cls: type, base: type) -> None:
    from wxopen.exceptions import _from_core

    err = _from_core(json.dumps({"code": code, "message": "m", "authorizer_appid": "wxa"}))
    assert type(err) is cls and isinstance(err, base)
    assert err.code == code


def test_lock_timeout_when_another_refresher_never_finishes() -> None:
    host = Host().seeded()
    # Another process holds the component-token lock and never writes a token.
    host.store.lock(f"wxopen:{CID}:lock:component_token", "someone-else", 60_000, host.clock())
    with pytest.raises(wxopen.LockTimeoutError) as info:
        host.run(host.driver.component_access_token)
    assert info.value.retryable and info.value.what == "component_token"
    assert info.value.waited_ms >= 25_000
    assert host.wechat.sent == []


def test_the_dict_store_keeps_the_store_contract() -> None:
    from store_contract import check_store

    clock = Clock()
    check_store(DictStore(), clock, lambda ms: setattr(clock, "now", clock.now + ms))
