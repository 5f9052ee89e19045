"""The driver policy of issue 8's "Done when", through the Python hosts: every case runs on
Platform and on AsyncPlatform, with a scripted WeChat and a manual clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Callable

import pytest
from platform_support import (
    AAT_PATH,
    AUTHORIZER,
    CAT_PATH,
    CID,
    OPEN_CREATE,
    OPEN_GET,
    OPEN_OK,
    PREAUTH,
    Clock,
    Host,
    aat,
    cat,
    err,
)

import wxopen

MIN = 60_000
HOUR = 3_600_000
PRE = {"pre_auth_code": "preauthcode@@@x", "expires_in": 1800}


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


def test_early_refresh_of_the_component_token(make: Callable[..., Host]) -> None:
    """Fresh until expires_in minus the 600 s margin; then the first caller refreshes it
    while it is still valid."""
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1"), cat("CAT2")).on(PREAUTH, PRE, PRE, PRE)
    host.run(lambda p: p.create_preauthcode())
    host.clock.advance(2 * HOUR - 10 * MIN - 1000)  # 1 s before the margin: still fresh
    host.run(lambda p: p.create_preauthcode())
    assert len(host.wechat.to(CAT_PATH)) == 1
    host.clock.advance(2000)  # inside the margin: refreshed before it expires
    host.run(lambda p: p.create_preauthcode())
    assert host.wechat.tokens_to(PREAUTH) == ["CAT1", "CAT1", "CAT2"]
    assert host.kinds().count("component_token_minted") == 2
    minted = [e for e in host.events if e["kind"] == "component_token_minted"]
    assert minted[1]["expires_at_ms"] == host.clock() + 2 * HOUR


def test_42001_mid_flight_refreshes_and_retries_once(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(
        AAT_PATH, aat("AAT1"), aat("AAT2", "refreshtoken@@@R2")
    )
    host.wechat.on(OPEN_GET, err(42001, "access_token expired"), OPEN_OK)
    account = host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert isinstance(account, wxopen.OpenAccount) and account.open_appid == "wxopen0123456789"
    assert host.wechat.tokens_to(OPEN_GET) == ["AAT1", "AAT2"]
    assert host.kinds().count("token_rejected") == 1
    record = json.loads(host.store.get(f"wxopen:{CID}:authorizer:{AUTHORIZER}", host.clock()))
    assert (record["access_token"], record["refresh_token"]) == ("AAT2", "refreshtoken@@@R2")
    # A second refusal in a row reaches the caller (one retry, never a loop), with its body.
    host.wechat.on(OPEN_GET, err(42001, "x"), err(42001, "y")).on(AAT_PATH, aat("AAT3"))
    with pytest.raises(wxopen.ApiError) as info:
        host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert info.value.errcode == 42001
    assert info.value.raw == b'{"errcode": 42001, "errmsg": "y"}'


def test_a_minus_one_burst_is_served_from_the_still_valid_token(
    make: Callable[..., Host],
) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(PREAUTH, *[PRE] * 6)
    host.run(lambda p: p.create_preauthcode())
    host.clock.advance(2 * HOUR - 5 * MIN)  # stale, still valid for 5 minutes
    host.wechat.on(CAT_PATH, err(-1, "system error"))
    host.run(lambda p: p.create_preauthcode())  # the refresh fails: the old token serves
    stale = [e for e in host.events if e["kind"] == "stale_token_served"]
    assert len(stale) == 1 and stale[0]["token"] == "component" and stale[0]["errcode"] == -1
    # retry_at_ms: the instant (unix ms) before which this process does not try again.
    assert host.clock() < stale[0]["retry_at_ms"] < stale[0]["expires_at_ms"]
    host.run(lambda p: p.create_preauthcode())  # within the backoff: no new refresh attempt
    assert len(host.wechat.to(CAT_PATH)) == 2
    host.clock.now = stale[0]["retry_at_ms"]
    host.wechat.on(CAT_PATH, err(-1), cat("CAT2"))
    host.run(lambda p: p.create_preauthcode())  # tries again: -1 once more, old token again
    again = [e for e in host.events if e["kind"] == "stale_token_served"][1]
    host.clock.now = again["retry_at_ms"]
    host.run(lambda p: p.create_preauthcode())  # and then the refresh succeeds
    assert host.wechat.tokens_to(PREAUTH) == ["CAT1"] * 4 + ["CAT2"]
    assert host.kinds().count("stale_token_served") == 2
    assert len(host.wechat.to(CAT_PATH)) == 4


def test_minus_one_without_a_valid_token_is_retried_with_backoff(
    make: Callable[..., Host],
) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, err(-1), err(-1), cat("CAT1")).on(PREAUTH, PRE)
    assert host.run(lambda p: p.create_preauthcode()).pre_auth_code == "preauthcode@@@x"
    retries = [e for e in host.events if e["kind"] == "retry"]
    assert [r["attempt"] for r in retries] == [1, 2]
    assert all(e.get("errcode") == -1 for e in retries)
    assert len(host.clock.slept) == 2 and all(0 < s <= 5 for s in host.clock.slept)


def test_61023_marks_the_authorizer_and_stops_refreshing(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1")).on(OPEN_GET, OPEN_OK, OPEN_OK)
    host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    host.clock.advance(2 * HOUR - 5 * MIN)  # stale: the refresh says 61023
    host.wechat.on(AAT_PATH, err(61023, "invalid refresh token"))
    host.run(lambda p: p.authorizer(AUTHORIZER).open_get())  # the valid token still serves
    assert "authorizer_needs_reauthorization" in host.kinds()
    assert host.run(lambda p: p.authorizer(AUTHORIZER).status()) == "needs_reauthorization"
    host.clock.advance(6 * MIN)  # expired: no refresh is tried any more
    sent = len(host.wechat.sent)
    with pytest.raises(wxopen.NeedsReauthorizationError) as info:
        host.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert info.value.authorizer_appid == AUTHORIZER
    assert isinstance(info.value, wxopen.AuthorizerError)
    assert len(host.wechat.sent) == sent


def test_no_ticket_yet_sends_nothing(make: Callable[..., Host]) -> None:
    host = make()
    with pytest.raises(wxopen.NoTicketError, match="start_push_ticket") as info:
        host.run(lambda p: p.register_beta(name="试用小程序", openid="o_user"))
    assert info.value.component_appid == CID
    assert host.wechat.sent == []


def test_a_create_call_is_not_re_sent(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1"))
    host.wechat.on(OPEN_CREATE, err(-1, "system error"))
    with pytest.raises(wxopen.ApiError) as info:
        host.run(lambda p: p.authorizer(AUTHORIZER).open_create())
    assert info.value.errcode == -1 and info.value.raw is not None
    assert len(host.wechat.to(OPEN_CREATE)) == 1
    # Nothing came back: still not re-sent; the transport's failure is the cause, redacted.
    host.wechat.on("/wxa/component/fastregisterbetaweapp", ConnectionResetError("reset by peer"))
    with pytest.raises(wxopen.TransportError) as failed:
        host.run(lambda p: p.register_beta(name="试用小程序", openid="o_user"))
    assert len(host.wechat.to("/wxa/component/fastregisterbetaweapp")) == 1
    assert "CAT1" not in str(failed.value) and "reset by peer" in str(failed.value)
    assert isinstance(failed.value.__cause__, ConnectionResetError)
    # A read with the same failure is retried.
    host.wechat.on(OPEN_GET, ConnectionResetError("reset"), OPEN_OK)
    assert host.run(lambda p: p.authorizer(AUTHORIZER).open_get()).open_appid
    assert "retry" in host.kinds()


def test_45009_is_not_retried(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.wechat.on(CAT_PATH, cat("CAT1")).on(PREAUTH, err(45009, "reach max api daily quota limit"))
    with pytest.raises(wxopen.ApiError) as info:
        host.run(lambda p: p.create_preauthcode())
    assert info.value.errcode == 45009
    assert "clear_quota" in (info.value.hint or "")
    assert len(host.wechat.to(PREAUTH)) == 1
    assert "retry" not in host.kinds()


def test_40001_for_a_token_someone_else_replaced(make: Callable[..., Host]) -> None:
    """Two processes (two platforms, two drivers) share a store. B refreshes the authorizer
    token; A still holds the old one: A's 40001 makes it reuse B's token, not refresh again."""
    first = make().seeded()
    clock, store = first.clock, first.store
    other = make(store=store, clock=clock)
    first.wechat.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1")).on(OPEN_GET, OPEN_OK)
    first.run(lambda p: p.authorizer(AUTHORIZER).open_get())  # A is warm with AAT1
    other.wechat.on(OPEN_GET, err(40001, "invalid credential"), OPEN_OK)
    other.wechat.on(AAT_PATH, aat("AAT2", "refreshtoken@@@R2"))
    other.run(lambda p: p.authorizer(AUTHORIZER).open_get())  # B: AAT1 refused → AAT2
    assert other.wechat.tokens_to(OPEN_GET) == ["AAT1", "AAT2"]
    first.wechat.on(OPEN_GET, err(40001, "invalid credential"), OPEN_OK)
    first.run(lambda p: p.authorizer(AUTHORIZER).open_get())
    assert first.wechat.tokens_to(OPEN_GET) == ["AAT1", "AAT1", "AAT2"]
    assert len(first.wechat.to(AAT_PATH)) == 1, "A did not refresh a second time"
    assert len(other.wechat.to(AAT_PATH)) == 1
    record = json.loads(store.get(f"wxopen:{CID}:authorizer:{AUTHORIZER}", clock()))
    assert (record["access_token"], record["refresh_token"]) == ("AAT2", "refreshtoken@@@R2")


def test_two_platforms_in_one_store(make: Callable[..., Host]) -> None:
    one = make().seeded()
    two = make(store=one.store, clock=one.clock, component_appid="wxcomponent0000002")
    two.seeded()
    one.wechat.on(CAT_PATH, cat("CAT-ONE")).on(PREAUTH, PRE)
    two.wechat.on(CAT_PATH, cat("CAT-TWO")).on(PREAUTH, PRE)
    one.run(lambda p: p.create_preauthcode())
    two.run(lambda p: p.create_preauthcode())
    assert one.wechat.tokens_to(PREAUTH) == ["CAT-ONE"]
    assert two.wechat.tokens_to(PREAUTH) == ["CAT-TWO"]
    assert json.loads(two.wechat.to(PREAUTH)[0].body) == {"component_appid": "wxcomponent0000002"}
    keys = one.store.keys(one.clock())
    assert {k.split(":")[1] for k in keys} == {CID, "wxcomponent0000002"}
    assert all(k.startswith("wxopen:") for k in keys)
    assert f"wxopen:{CID}:authorizer:{AUTHORIZER}" in keys
    assert f"wxopen:wxcomponent0000002:authorizer:{AUTHORIZER}" in keys


def test_read_only_uses_stored_tokens_and_never_mints(make: Callable[..., Host]) -> None:
    writer = make().seeded()
    reader = make(store=writer.store, clock=writer.clock, read_only=True)
    assert reader.platform.read_only is True
    with pytest.raises(wxopen.ReadOnlyError) as info:
        reader.run(lambda p: p.create_preauthcode())
    assert info.value.token == "component"
    assert reader.wechat.sent == []
    writer.wechat.on(CAT_PATH, cat("CAT1")).on(PREAUTH, PRE)
    writer.run(lambda p: p.create_preauthcode())
    reader.wechat.on(PREAUTH, PRE)
    reader.run(lambda p: p.create_preauthcode())
    assert reader.wechat.tokens_to(PREAUTH) == ["CAT1"]
    assert reader.run(lambda p: p.component_access_token()) == wxopen.ComponentToken("CAT1")
    # Stale (within the margin) is still used; expired is not refreshed.
    reader.clock.advance(2 * HOUR - 5 * MIN)
    reader.wechat.on(PREAUTH, PRE)
    reader.run(lambda p: p.create_preauthcode())
    reader.clock.advance(6 * MIN)
    with pytest.raises(wxopen.ReadOnlyError):
        reader.run(lambda p: p.create_preauthcode())
    assert reader.wechat.to(CAT_PATH) == []


def test_lock_timeout_when_another_refresher_never_finishes(make: Callable[..., Host]) -> None:
    host = make().seeded()
    host.store.lock(f"wxopen:{CID}:lock:component_token", "someone-else", HOUR, host.clock())
    with pytest.raises(wxopen.LockTimeoutError) as info:
        host.run(lambda p: p.component_access_token())
    assert info.value.retryable and info.value.what == "component_token"
    assert info.value.waited_ms >= 25_000
    assert host.wechat.sent == []


def test_policy_overrides_reach_the_driver(make: Callable[..., Host]) -> None:
    host = make(policy={"refresh_margin_ms": 3_600_000, "max_retries": 0}).seeded()
    assert host.platform.policy["refresh_margin_ms"] == 3_600_000
    assert wxopen.Platform.default_policy()["refresh_margin_ms"] == 600_000
    host.wechat.on(CAT_PATH, err(-1))
    with pytest.raises(wxopen.ApiError):
        host.run(lambda p: p.create_preauthcode())
    assert len(host.wechat.to(CAT_PATH)) == 1, "max_retries 0"
    with pytest.raises(wxopen.InvalidArgument):
        make(policy={"no_such_knob": 1})


def test_the_clock_is_the_hosts(make: Callable[..., Host]) -> None:
    """Tokens expire by the clock the platform is given (a manual one here)."""
    clock = Clock(T0 := 1_800_000_000_000)
    host = make(clock=clock).seeded()
    host.wechat.on(CAT_PATH, cat("CAT1", expires_in=1200))
    token = host.run(lambda p: p.component_access_token())
    assert token.value == "CAT1"
    minted = next(e for e in host.events if e["kind"] == "component_token_minted")
    assert minted["expires_at_ms"] == T0 + 1_200_000
