"""Platform and AsyncPlatform: the entry points (handle, authorize, tokens, tickets, imports,
status), the one operation surface shared with the Client, events and logs without secrets,
store and transport failures. Sync and asyncio alike, on a scripted WeChat and a manual clock."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import warnings
from collections.abc import Iterator
from typing import Any, Callable, Optional

import pytest
from platform_support import (
    AAT_PATH,
    AES_KEY,
    AUTHORIZER,
    CAT_PATH,
    CID,
    OPEN_GET,
    OPEN_OK,
    PREAUTH,
    QUERY_AUTH,
    SECRET,
    TOKEN,
    CountingStore,
    Host,
    aat,
    authorized_xml,
    cat,
    push,
    query_auth,
    ticket_xml,
    unauthorized_xml,
)

import wxopen
from wxopen import _native
from wxopen.client import MANAGED_OPERATIONS, _Operations

IDENTITY = {
    "component_appid": CID,
    "component_appsecret": SECRET,
    "token": TOKEN,
    "encoding_aes_key": AES_KEY,
}


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest) -> Iterator[Callable[..., Host]]:
    made: list[Host] = []

    def factory(**options: Any) -> Host:
        host = Host(request.param, **options)
        made.append(host)
        return host

    yield factory
    for host in made:
        host.close()


# ----- one surface ----------------------------------------------------------------------------


def test_the_operation_methods_are_the_clients() -> None:
    """Platform and Authorizer methods are the Client's bodies with the token left out: the
    same function underneath, the same docs, the same parameters but ``token``."""
    ops = wxopen.operations()
    platform_ops = [
        o
        for o in ops
        if o["token"] in ("component", "none") and o["name"] not in MANAGED_OPERATIONS
    ]
    authorizer_ops = [o for o in ops if o["token"] == "authorizer"]
    assert len(platform_ops) + len(authorizer_ops) + len(MANAGED_OPERATIONS) == len(ops)
    for classes, group in (
        ((wxopen.Platform, wxopen.AsyncPlatform), platform_ops),
        ((wxopen.Authorizer, wxopen.AsyncAuthorizer), authorizer_ops),
    ):
        for cls in classes:
            for op in group:
                method = getattr(cls, op["python"])
                body = _Operations.__dict__[op["python"]]
                assert method.__wrapped__ is body is getattr(wxopen.Client, op["python"])
                assert method.__doc__ == body.__doc__
                client_params = {p for p in inspect.signature(body).parameters if p != "token"}
                assert set(inspect.signature(method).parameters) == client_params
    for name in ("component_token", "query_auth", "authorizer_token", "open_get"):
        assert not hasattr(wxopen.Platform, name), name
    assert not hasattr(wxopen.Authorizer, "create_preauthcode")
    # The platform's own identity is optional where the driver fills it in.
    sig = inspect.signature(wxopen.Platform.start_push_ticket)
    assert sig.parameters["component_appid"].default is None
    assert sig.parameters["component_secret"].default is None
    assert inspect.signature(wxopen.Platform.clear_quota_v2).parameters["appsecret"].default is None
    assert inspect.signature(wxopen.Platform.register_beta).parameters["name"].default is not None


def test_component_operations_fill_in_the_platform(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        PREAUTH, {"pre_auth_code": "preauthcode@@@x", "expires_in": 1800}
    )
    pre = host.run(lambda p: p.create_preauthcode())
    assert isinstance(pre, wxopen.PreAuthCode) and pre.pre_auth_code == "preauthcode@@@x"
    assert pre.raw == b'{"pre_auth_code": "preauthcode@@@x", "expires_in": 1800}'
    mint, sent = host.wechat.sent
    assert json.loads(mint.body) == {
        "component_appid": CID,
        "component_appsecret": SECRET,
        "component_verify_ticket": "ticket@@@latest",
    }
    assert sent.url.endswith("component_access_token=CAT1")
    assert json.loads(sent.body) == {"component_appid": CID}
    with pytest.raises(wxopen.InvalidArgument) as info:  # another platform's appid is refused
        host.run(lambda p: p.create_preauthcode(component_appid="wxsomeoneelse00001"))
    assert info.value.field == "component_appid"
    host.wechat.on("/cgi-bin/component/api_start_push_ticket", {"errcode": 0, "errmsg": "ok"})
    assert host.run(lambda p: p.start_push_ticket()) is None
    push_ticket = host.wechat.to("/cgi-bin/component/api_start_push_ticket")[0]
    assert json.loads(push_ticket.body) == {"component_appid": CID, "component_secret": SECRET}


def test_page_urls_are_built_at_once_on_the_platforms_bases(make: Callable[..., Host]) -> None:
    host = make(mp_base="http://127.0.0.1:9", open_base="http://127.0.0.1:9")
    p = host.platform
    url = p.component_login_url(
        pre_auth_code="preauthcode@@@x", redirect_uri="https://example.com/back", auth_type=2
    )
    assert isinstance(url, str), "page URLs are not awaitables, on AsyncPlatform either"
    assert url.startswith("http://127.0.0.1:9/cgi-bin/componentloginpage?")
    assert f"component_appid={CID}" in url and "auth_type=2" in url
    assert (
        inspect.signature(type(p).component_login_url).parameters["component_appid"].default is None
    )
    rebind = p.rebind_admin_url(appid=AUTHORIZER, redirect_uri="https://e.com/r")
    assert f"component_appid={CID}" in rebind and f"appid={AUTHORIZER}" in rebind
    fast = p.fastregister_auth_url(
        appid=AUTHORIZER, copy_wx_verify=True, redirect_uri="https://e.com/r"
    )
    assert f"component_appid={CID}" in fast
    assert host.wechat.sent == []


def test_tokens_for_other_sdk_calls(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1"))
    assert host.run(lambda p: p.component_access_token()) == wxopen.ComponentToken("CAT1")
    token = host.run(lambda p: p.authorizer_access_token(AUTHORIZER))
    assert token == wxopen.AuthorizerToken(AUTHORIZER, "AAT1")
    assert host.run(lambda p: p.authorizer(AUTHORIZER).access_token()) == token
    assert "AAT1" not in repr(token)
    # They work with the explicit-token Client.
    client = wxopen.Client(lambda request: wxopen.Response(200, json.dumps(OPEN_OK)))
    assert client.open_get(token).open_appid == "wxopen0123456789"


def test_a_warm_call_goes_straight_to_http_without_the_store(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1")).on(OPEN_GET, OPEN_OK, OPEN_OK)
    merchant = host.platform.authorizer(AUTHORIZER)
    host.run(lambda p: merchant.open_get())
    before = host.store.ops
    host.run(lambda p: merchant.open_get())
    assert host.store.ops == before, "no store round trip on the warm path"


def test_typed_errors(make: Callable[..., Host]) -> None:
    host = make()
    with pytest.raises(wxopen.UnknownAuthorizerError) as unknown:
        host.run(lambda p: p.authorizer("wxnobody0000000001").open_get())
    assert unknown.value.authorizer_appid == "wxnobody0000000001"
    assert host.run(lambda p: p.authorizer_status("wxnobody0000000001")) is None
    host.seeded()
    assert host.run(lambda p: p.authorizer(AUTHORIZER).status()) == "authorized"
    host.wechat.on(CAT_PATH, {"errcode": 61006, "errmsg": "ticket invalid"})
    with pytest.raises(wxopen.TicketInvalidError) as ticket:
        host.run(lambda p: p.component_access_token())
    assert isinstance(ticket.value, wxopen.ApiError) and ticket.value.errcode == 61006
    with pytest.raises(wxopen.InvalidArgument):
        host.run(lambda p: p.authorizer("wx with space").open_get())


def test_handle_stores_tickets_and_exchanges_each_code_once(make: Callable[..., Host]) -> None:
    host = make()
    now = host.clock()
    event = host.run(lambda p: p.handle(*push(ticket_xml(now), now)))
    assert isinstance(event, wxopen.ComponentVerifyTicket)
    assert "ticket_stored" in host.kinds()
    code = "queryauthcode@@@abc"
    host.wechat.on(CAT_PATH, cat("CAT1")).on(QUERY_AUTH, query_auth())
    query, body = push(authorized_xml(now, code), now)
    event = host.run(lambda p: p.handle(query, body))
    assert isinstance(event, wxopen.Authorized)
    # The redirect brings the same code: not exchanged again; the outcome is reported.
    outcome = host.run(lambda p: p.authorize(code))
    assert isinstance(outcome, wxopen.AuthorizeResult)
    assert (outcome.authorizer_appid, outcome.func_info, outcome.exchanged) == (
        AUTHORIZER,
        [17],
        False,
    )
    # A redelivered push does nothing more.
    host.run(lambda p: p.handle(query, body))
    assert len(host.wechat.to(QUERY_AUTH)) == 1
    assert "auth_code_already_claimed" in host.kinds()
    assert host.run(lambda p: p.authorizer_status(AUTHORIZER)) == "authorized"
    # The tokens of the exchange serve calls at once.
    host.wechat.on(OPEN_GET, OPEN_OK)
    host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert host.wechat.tokens_to(OPEN_GET) == ["AAT1"]
    # A late copy of a revocation from before this authorization (WeChat redelivering it) is
    # ignored: the authorizer stays authorized.
    host.run(lambda p: p.handle(*push(unauthorized_xml(now - 60_000), now)))
    assert host.run(lambda p: p.authorizer_status(AUTHORIZER)) == "authorized"
    ignored = [e for e in host.events if e["kind"] == "unauthorized_ignored"]
    assert [(e["authorizer_appid"], e["create_time"]) for e in ignored] == [
        (AUTHORIZER, (now - 60_000) // 1000)
    ]
    # Revocation drops the tokens: the next call fails without a request.
    host.run(lambda p: p.handle(*push(unauthorized_xml(now), now)))
    assert host.run(lambda p: p.authorizer_status(AUTHORIZER)) == "revoked"
    with pytest.raises(wxopen.AuthorizerRevokedError):
        host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert len(host.wechat.to(OPEN_GET)) == 1


def test_the_redirect_first_exchanges_and_the_push_loses_the_claim(
    make: Callable[..., Host],
) -> None:
    host = make().seeded()
    code = "queryauthcode@@@redirect-first"
    host.wechat.on(CAT_PATH, cat("CAT1")).on(QUERY_AUTH, query_auth())
    outcome = host.run(lambda p: p.authorize(code))
    assert outcome.exchanged is True and outcome.authorizer_appid == AUTHORIZER
    now = host.clock()
    host.run(lambda p: p.handle(*push(authorized_xml(now, code), now)))
    assert len(host.wechat.to(QUERY_AUTH)) == 1
    assert host.kinds().count("authorizer_authorized") == 1
    # An invalid code: the error, with WeChat's body.
    host.wechat.on(QUERY_AUTH, {"errcode": 61009, "errmsg": "code is invalid"})
    with pytest.raises(wxopen.ApiError) as info:
        host.run(lambda p: p.authorize("queryauthcode@@@bogus"))
    assert info.value.errcode == 61009 and info.value.raw is not None


def test_a_push_that_does_not_verify_changes_nothing(make: Callable[..., Host]) -> None:
    host = make()
    now = host.clock()
    query, body = push(ticket_xml(now), now)
    query["msg_signature"] = "0" * 40
    with pytest.raises(wxopen.SignatureError):
        host.run(lambda p: p.handle(query, body))
    assert host.store.keys(now) == []
    # Another platform's push is refused too.
    with pytest.raises(wxopen.WxOpenError):
        host.run(lambda p: p.handle(*push(ticket_xml(now, appid="wxother000000001"), now)))
    stale_query, stale_body = push(ticket_xml(now - 600_000), now - 600_000)
    with pytest.raises(wxopen.StaleTimestampError):
        host.run(lambda p: p.handle(stale_query, stale_body))
    # With the freshness check off (replays), the same push is taken.
    replay = make(webhook_max_age=None, store=host.store, clock=host.clock)
    assert replay.run(lambda p: p.handle(stale_query, stale_body)).ticket == "ticket@@@pushed"


def test_handle_takes_the_query_and_body_in_every_form(make: Callable[..., Host]) -> None:
    host = make()
    now = host.clock()
    query, body = push(ticket_xml(now), now)
    raw_query = "&".join(f"{k}={v}" for k, v in query.items())
    assert host.run(lambda p: p.handle(raw_query, body.decode())).ticket == "ticket@@@pushed"
    assert host.run(lambda p: p.handle(raw_query.encode(), bytearray(body))).create_time


# ----- events, logs, secrets ----------------------------------------------------------------


def test_events_and_logs_never_carry_a_secret(
    make: Callable[..., Host], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="wxopen.platform")
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT_S3CR3T")).on(
        AAT_PATH, aat("AAT_S3CR3T", "refreshtoken@@@ROT"), aat("AAT_2_S3CR3T")
    )
    host.wechat.on(OPEN_GET, {"errcode": 40001, "errmsg": "invalid"}, OPEN_OK)
    host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    now = host.clock()
    code = "queryauthcode@@@S3CR3T"
    host.wechat.on(QUERY_AUTH, query_auth(access="AAT_Q_S3CR3T"))
    host.run(lambda p: p.handle(*push(authorized_xml(now, code), now)))
    host.run(lambda p: p.handle(*push(ticket_xml(now, "ticket@@@S3CR3T"), now)))
    kinds = host.kinds()
    for kind in (
        "ticket_stored",
        "component_token_minted",
        "authorizer_token_refreshed",
        "token_rejected",
        "authorizer_authorized",
    ):
        assert kind in kinds
    logged = [r for r in caplog.records if r.name == "wxopen.platform"]
    assert [r.wxopen_event["kind"] for r in logged] == kinds
    assert all(r.component_appid == CID for r in logged)
    minted = next(r for r in logged if r.wxopen_event["kind"] == "component_token_minted")
    assert minted.levelno == logging.INFO and "ticket_age_ms=" in minted.getMessage()
    merchant = host.platform.authorizer(AUTHORIZER)
    shown = "\n".join(
        [
            json.dumps(host.events),
            caplog.text,
            repr(host.platform),
            repr(host.store),
            repr(merchant),
        ]
    )
    for secret in ("S3CR3T", SECRET, "refreshtoken@@@", "ticket@@@", AES_KEY, "queryauthcode"):
        assert secret not in shown, secret
    assert CID in repr(host.platform)


def test_a_failing_event_callback_does_not_break_the_call(
    make: Callable[..., Host], caplog: pytest.LogCaptureFixture
) -> None:
    def boom(event: dict[str, Any]) -> None:
        raise RuntimeError("callback bug")

    host = make(on_event=boom)
    assert host.run(lambda p: p.store_ticket("ticket@@@t", host.clock() // 1000)) is True
    assert "on_event callback failed" in caplog.text


def test_an_async_event_callback_is_awaited() -> None:
    got: list[str] = []

    async def on_event(event: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        got.append(event["kind"])

    host = Host("async", on_event=on_event)
    host.run(lambda p: p.store_ticket("ticket@@@t", host.clock() // 1000))
    assert got == ["ticket_stored"]
    host.close()


def test_a_failing_store_raises_store_error_without_values(make: Callable[..., Host]) -> None:
    class Broken(CountingStore):
        def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
            raise OSError(f"disk full while writing {value!r} to {key}")

    host = make(store=Broken())
    with pytest.raises(wxopen.StoreError) as info:
        host.run(lambda p: p.import_authorizer(AUTHORIZER, "refreshtoken@@@S3CR3T"))
    assert "disk full" in info.value.detail
    assert "S3CR3T" not in str(info.value) and "refreshtoken@@@" not in info.value.detail
    assert isinstance(info.value.__cause__, OSError)
    assert "S3CR3T" not in json.dumps(host.events)


def test_a_transport_error_keeps_no_token(make: Callable[..., Host]) -> None:
    host = make().seeded()

    def failing(request: wxopen.Request) -> wxopen.Response:
        raise ConnectionError(f"cannot reach {request.url}")

    host.wechat.on(CAT_PATH, cat("CAT_S3CR3T"))
    host.run(lambda p: p.component_access_token())
    host.platform._send = failing
    with pytest.raises(wxopen.TransportError) as info:
        host.run(lambda p: p.register_beta(name="试用小程序", openid="o_user"))
    assert "S3CR3T" not in str(info.value) and "***" in str(info.value)
    assert "S3CR3T" not in str(info.value.__cause__)
    assert "S3CR3T" not in json.dumps(host.events)


def test_transport_shapes(make: Callable[..., Host]) -> None:
    """A transport may return a Response or (status, body); an HTTP error status is judged by
    the core; a non-response is a transport failure naming the mistake."""
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1"))
    host.wechat.on("/wxa/component/fastregisterbetaweapp", wxopen.Response(502, b"bad gateway"))
    with pytest.raises(wxopen.HttpStatusError) as info:
        host.run(lambda p: p.register_beta(name="试用小程序", openid="o_user"))
    assert info.value.status == 502 and info.value.raw == b"bad gateway"
    host.platform._send = lambda request: (200, '{"pre_auth_code":"p","expires_in":1800}')
    assert host.run(lambda p: p.create_preauthcode()).pre_auth_code == "p"
    host.platform._send = lambda request: "not a response"
    with pytest.raises(wxopen.TransportError, match=r"must return wxopen\.Response"):
        host.run(lambda p: p.register_beta(name="试用小程序", openid="o_user"))


def test_deprecated_operations_warn_at_the_callers_line(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        "/cgi-bin/component/fastregisterweapp", {"errcode": 0, "errmsg": "ok"}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        host.run(
            lambda p: p.register_enterprise_legacy(
                name="测试企业",
                code="91440300MA5FXXXX1X",
                code_type=1,
                legal_persona_wechat="wxid_legal",
                legal_persona_name="张三",
            )
        )
    (warning,) = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert warning.filename == __file__


def test_a_blocking_platform_refuses_an_asyncio_store() -> None:
    class AsyncOnly:
        async def get(self, key: str, now_ms: int) -> Optional[str]:
            return None

    with pytest.raises(TypeError, match="AsyncPlatform"):
        wxopen.Platform(**IDENTITY, store=AsyncOnly())
    with pytest.raises(TypeError, match="store is required"):
        wxopen.Platform(**IDENTITY, store=None)

    async def later(event: dict[str, Any]) -> None:
        pass

    with pytest.raises(TypeError, match="AsyncPlatform"):
        wxopen.Platform(**IDENTITY, store=wxopen.MemoryStore(), on_event=later)


def test_a_forked_child_gets_its_own_driver() -> None:
    import os

    platform = wxopen.Platform(**IDENTITY, store=wxopen.MemoryStore())
    parent_driver = platform._driver
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report whether the driver was replaced, then leave at once
        os.write(write, b"1" if platform._driver is not parent_driver else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert platform._driver is parent_driver


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


def test_the_step_constants_come_from_the_core() -> None:
    from wxopen import platform

    assert platform._HTTP == _native.STEP_HTTP and platform._DONE == _native.STEP_DONE


def test_the_optional_identity_arguments_are_those_the_core_fills() -> None:
    """PLATFORM_FILLED agrees with the core: with the registry's schema (``platform_fills``,
    written from ``Operation::fill_platform``), and with the driver, which refuses a value
    other than the platform's own exactly for those arguments of the calls it makes."""
    from pathlib import Path

    from wxopen.client import PLATFORM_FILLED

    schema = Path(__file__).resolve().parents[2] / "schema" / "operations.json"
    fills = {
        op["name"]: set(op["platform_fills"])
        for op in json.loads(schema.read_text("utf-8"))["operations"]
        if op["platform_fills"] and op["name"] not in MANAGED_OPERATIONS
    }
    assert {k: set(v) for k, v in PLATFORM_FILLED.items()} == fills

    driver = _native.Driver(CID, SECRET, TOKEN, AES_KEY, seed=1)
    for op in wxopen.operations():
        if op["kind"] == "page" or op["name"] in MANAGED_OPERATIONS or op["token"] == "authorizer":
            continue
        params = inspect.signature(_Operations.__dict__[op["python"]]).parameters
        refused = set()
        for name in params:
            if name in ("self", "token"):
                continue
            try:
                driver.call(op["name"], json.dumps({name: "wx_probe_another_value"}), None, 0)
            except wxopen.InvalidArgument as e:
                if e.field == name and "platform" in str(e):
                    refused.add(name)
        assert refused == set(PLATFORM_FILLED.get(op["name"], ())), op["name"]


def test_async_platform_runs_blocking_stores_off_the_event_loop(tmp_path: Any) -> None:
    """An asyncio store is awaited; a blocking one runs in a worker thread, unless it never
    waits (``blocking = False``: MemoryStore), which is called directly."""
    import threading

    from wxopen import platform as module

    loop_thread: list[int] = []
    seen: list[int] = []

    class Watching(wxopen.SqliteStore):
        def get(self, key: str, now_ms: int) -> Optional[str]:
            seen.append(threading.get_ident())
            return super().get(key, now_ms)

    def make(store: Any) -> Any:
        return wxopen.AsyncPlatform(**IDENTITY, store=store, transport=lambda r: None)

    assert isinstance(make(wxopen.MemoryStore())._astore, module._DirectStore)
    assert type(make(Watching(tmp_path / "s.db"))._astore) is module._ThreadedStore

    async def main() -> None:
        loop_thread.append(threading.get_ident())
        platform = make(Watching(tmp_path / "s.db"))
        assert await platform.authorizer_status(AUTHORIZER) is None

    asyncio.run(main())
    assert seen and loop_thread[0] not in seen
