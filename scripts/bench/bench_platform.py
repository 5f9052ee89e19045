"""A Python Platform call with a warm token vs the same call on the explicit-token Client.

Same operation (``open.get`` for one authorizer), same fake in-process transport returning the
same canned response, no network:

- Client: ``client.open_get(token)`` — the caller holds the token.
- Platform: ``merchant.open_get()`` with ``merchant = platform.authorizer(APPID)`` made once —
  the driver finds the token in its warm cache (no store round trip), so the first step is the
  request; the Platform loop sends it, answers the call and builds the result.
- Platform, handle made per call: ``platform.authorizer(APPID).open_get()``.
- The driver's two native crossings alone (``Driver.call`` → HTTP step, ``Call.response`` →
  Done), the floor under any Python host.

Issue 8's goal: the Platform call costs at most 2 µs more than the Client call. Prints medians
over interleaved rounds, and the median of the per-round differences (both sides see
the same machine). Run via scripts/bench.sh.
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

import wxopen
from wxopen import _native

CID = "wxcomponent0000001"
AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wxminiprog00000001"
BODY = b'{"errcode":0,"errmsg":"ok","open_appid":"wxopen0123456789"}'
ROUNDS, CALLS = 15, 20_000


def per_call_us(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    response = wxopen.Response(200, BODY)

    def send(request: wxopen.Request) -> wxopen.Response:
        if "api_component_token" in request.url:
            return wxopen.Response(200, '{"component_access_token":"CAT","expires_in":7200}')
        if "api_authorizer_token" in request.url:
            return wxopen.Response(
                200,
                '{"authorizer_access_token":"AAT","expires_in":7200,'
                '"authorizer_refresh_token":"refreshtoken@@@r"}',
            )
        return response

    platform = wxopen.Platform(
        component_appid=CID,
        component_appsecret="secret",
        token="token",
        encoding_aes_key=AES,
        store=wxopen.MemoryStore(),
        transport=send,
    )
    platform.store_ticket("ticket@@@t", time.time_ns() // 1_000_000_000)
    platform.import_authorizer(APPID, "refreshtoken@@@r")
    merchant = platform.authorizer(APPID)
    assert merchant.open_get().open_appid == "wxopen0123456789"  # warms the token cache

    client = wxopen.Client(lambda request: response)
    token = wxopen.AuthorizerToken(APPID, "AAT")
    assert client.open_get(token).open_appid == "wxopen0123456789"

    driver = platform._driver  # warm: holds the token in its cache
    now = time.time_ns() // 1_000_000
    first = driver.call("open.get", "{}", APPID, now)[1]
    assert first[0] == _native.STEP_HTTP, "warm: the first step is the request"

    def client_call() -> None:
        client.open_get(token)

    def platform_call() -> None:
        merchant.open_get()

    def platform_handle_per_call() -> None:
        platform.authorizer(APPID).open_get()

    def crossings() -> None:
        call, _ = driver.call("open.get", "{}", APPID, now)
        call.response(200, BODY, now)

    cases = {
        "client": client_call,
        "platform": platform_call,
        "platform_handle": platform_handle_per_call,
        "crossings": crossings,
    }
    rounds: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(ROUNDS):
        for name, fn in cases.items():
            rounds[name].append(per_call_us(fn, CALLS))
    med = {name: statistics.median(values) for name, values in rounds.items()}
    # The machine's load changes between rounds: the difference within each round (both sides
    # measured back to back) is steadier than the difference of the two medians.
    paired = statistics.median(p - c for p, c in zip(rounds["platform"], rounds["client"]))
    print(f"Client.open_get(token) (explicit token)             {med['client']:6.2f} µs/call")
    print(f"Platform: merchant.open_get() (warm token)          {med['platform']:6.2f} µs/call")
    print(
        f"Platform: platform.authorizer(appid).open_get()     {med['platform_handle']:6.2f} µs/call"
    )
    print(f"driver's two native crossings alone                 {med['crossings']:6.2f} µs/call")
    verdict = "met" if paired <= 2.0 else "NOT met"
    print(
        f"difference: Platform - Client = {paired:+.2f} µs (median of {ROUNDS} paired rounds; "
        f"goal <= +2 µs: {verdict})"
    )


if __name__ == "__main__":
    main()
