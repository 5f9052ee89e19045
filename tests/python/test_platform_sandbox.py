"""Platform and AsyncPlatform against the sandbox (wxopen-sandbox over real HTTP), with their
push endpoint on loopback: ticket push → component token → pre-auth code → the authorization
page confirmed through the control API → the authorized push and the redirect code both
arriving → exactly one exchange → authorizer operations → token expiry on the sandbox clock and
one refresh for a burst of callers → revocation → AuthorizerRevokedError. With MemoryStore,
SqliteStore and Redis (RedisStore / AsyncRedisStore)."""

from __future__ import annotations

import asyncio
import threading
import urllib.parse
from pathlib import Path
from typing import Any, Callable

import pytest
import redis
import redis.asyncio
from platform_sandbox import AsyncReceiver, SandboxClock, ThreadedReceiver

import wxopen
from wxopen.testing import Sandbox

# 08:00 China time: two hours later is the same China day, so daily call counts add up.
START = 1_790_035_200
MERCHANT = "wxa11ce0000000000a"
MINT = "/cgi-bin/component/api_component_token"
REFRESH = "/cgi-bin/component/api_authorizer_token"
EXCHANGE = "/cgi-bin/component/api_query_auth"


def make_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    if kind == "memory":
        return wxopen.MemoryStore()
    if kind == "sqlite":
        return wxopen.SqliteStore(tmp_path / "wxopen.sqlite3")
    url = request.getfixturevalue("redis_url")
    if kind == "redis":
        return wxopen.RedisStore(redis.Redis.from_url(url))
    return wxopen.AsyncRedisStore(redis.asyncio.Redis.from_url(url))


async def flow(sb: Sandbox, platform: Any, receiver: Any, clock: SandboxClock, sync: bool) -> None:
    """The whole life of a platform and one merchant, against the sandbox."""

    async def do(fn: Callable[[Any], Any]) -> Any:
        if sync:
            return await asyncio.to_thread(fn, platform)
        return await fn(platform)

    async def control(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def used(path: str) -> int:
        quota = await do(lambda p: p.get_api_quota(cgi_path=path))
        return int(quota.quota.used)

    # 1. The ticket push reaches handle, which stores it.
    await do(lambda p: p.start_push_ticket())
    ticket = await control(receiver.wait_for, "component_verify_ticket")
    assert isinstance(ticket, wxopen.ComponentVerifyTicket)

    # 2. The component token is minted from it, for the pre-auth code.
    pre = await do(lambda p: p.create_preauthcode())
    assert pre.expires_in == 1800
    url = platform.component_login_url(
        pre_auth_code=pre.pre_auth_code,
        redirect_uri="http://127.0.0.1/authorized",
    )
    assert url.startswith(sb.base_url + "/cgi-bin/componentloginpage?")

    # 3. The admin confirms; the redirect's code and the authorized push race to the platform.
    redirect = await control(sb.confirm_page, url, appid=MERCHANT)
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect).query)["auth_code"][0]
    outcome = await do(lambda p: p.authorize(code))
    pushed = await control(receiver.wait_for, "authorized")
    await control(sb.wait_pushes)
    assert pushed.authorization_code == code
    assert outcome.authorizer_appid == MERCHANT and outcome.func_info
    assert await used(EXCHANGE) == 1, "the code was exchanged exactly once"
    assert await used(MINT) == 1
    assert await do(lambda p: p.authorizer_status(MERCHANT)) == "authorized"

    # 4. Authorizer operations, the token handled.
    merchant = platform.authorizer(MERCHANT)
    assert (await do(lambda p: merchant.open_have())).have_open is False
    created = await do(lambda p: p.authorizer(MERCHANT).open_create())
    assert created.open_appid
    got = await do(lambda p: p.authorizer(MERCHANT).open_get())
    assert got.open_appid == created.open_appid

    # 5. Two hours on the sandbox clock: every token expired. A burst of 8 callers refreshes
    #    each token exactly once.
    await control(sb.advance, 7200)
    clock.sync()
    await control(receiver.wait_for, "component_verify_ticket", 2)
    if sync:
        results: list[Any] = []
        barrier = threading.Barrier(8)

        def one() -> None:
            barrier.wait()
            results.append(platform.authorizer(MERCHANT).open_get().open_appid)

        def burst() -> None:
            threads = [threading.Thread(target=one) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        await control(burst)
    else:
        results = [
            r.open_appid
            for r in await asyncio.gather(
                *(platform.authorizer(MERCHANT).open_get() for _ in range(8))
            )
        ]
    assert results == [created.open_appid] * 8
    assert await used(REFRESH) == 1, "one refresh of the authorizer token for 8 callers"
    assert await used(MINT) == 2, "one new component token"

    # 6. The merchant revokes: the unauthorized push marks it, calls fail without a request.
    await control(sb.revoke, MERCHANT)
    await control(receiver.wait_for, "unauthorized")
    assert await do(lambda p: p.authorizer_status(MERCHANT)) == "revoked"
    with pytest.raises(wxopen.AuthorizerRevokedError):
        await do(lambda p: p.authorizer(MERCHANT).open_get())
    assert receiver.errors == []


@pytest.mark.parametrize("store_kind", ["memory", "sqlite", "redis"])
def test_platform_against_the_sandbox(
    store_kind: str, wxopen_sandbox_factory, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sb = wxopen_sandbox_factory(start_time=START, seed=5)
    clock = SandboxClock(sb)
    events: list[dict[str, Any]] = []
    store = make_store(store_kind, tmp_path, request)
    platform = wxopen.Platform(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=store,
        api_base=sb.base_url,
        mp_base=sb.base_url,
        open_base=sb.base_url,
        key_prefix=f"wxopen-sandbox-{store_kind}-{id(sb)}",
        clock=clock,
        on_event=events.append,
    )
    receiver = ThreadedReceiver(platform, clock)
    sb.set_urls(receiver.url + "/component", None)
    try:
        asyncio.run(flow(sb, platform, receiver, clock, sync=True))
    finally:
        receiver.close()
    kinds = [e["kind"] for e in events]
    assert kinds.count("authorizer_authorized") == 1
    assert kinds.count("authorizer_token_refreshed") == 1
    assert kinds.count("component_token_minted") == 2
    assert "authorizer_revoked" in kinds


@pytest.mark.parametrize("store_kind", ["memory", "sqlite", "async-redis"])
def test_async_platform_against_the_sandbox(
    store_kind: str, wxopen_sandbox_factory, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sb = wxopen_sandbox_factory(start_time=START, seed=6)
    clock = SandboxClock(sb)
    events: list[dict[str, Any]] = []

    async def main() -> None:
        store = make_store(store_kind, tmp_path, request)
        platform = wxopen.AsyncPlatform(
            component_appid=sb.appid,
            component_appsecret=sb.secret,
            token=sb.token,
            encoding_aes_key=sb.encoding_aes_key,
            store=store,
            api_base=sb.base_url,
            mp_base=sb.base_url,
            open_base=sb.base_url,
            key_prefix=f"wxopen-sandbox-{store_kind}-{id(sb)}",
            clock=clock,
            on_event=events.append,
        )
        receiver = await AsyncReceiver(platform, clock).start()
        await asyncio.to_thread(sb.set_urls, receiver.url + "/component", None)
        try:
            await flow(sb, platform, receiver, clock, sync=False)
        finally:
            await receiver.close()
            if store_kind == "async-redis":
                await store.client.aclose()

    asyncio.run(main())
    kinds = [e["kind"] for e in events]
    assert kinds.count("authorizer_authorized") == 1
    assert kinds.count("authorizer_token_refreshed") == 1
    assert kinds.count("component_token_minted") == 2
