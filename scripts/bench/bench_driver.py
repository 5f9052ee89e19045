"""The driver glue's warm path in Python vs the explicit-token Client, on the same call.

Same operation (``open.get`` for one authorizer), same canned response, no network:
- Client: ``client.open_get(token)`` with a transport returning the response.
- Driver warm call through the reference loop: ``Driver.call(...)`` (the core finds the token
  in its warm cache: the first step is the HTTP request) → send → ``Call.response(...)`` →
  ``json.loads`` of the Done value. No store round trip.
- The two native crossings alone (``Driver.call`` + ``Call.response``): the cost a Platform
  adds per warm call before its own Python wrapping.

Prints medians over interleaved rounds. Run via scripts/bench.sh.
"""

from __future__ import annotations

import json
import statistics
import time

import wxopen
from wxopen import _native
from wxopen._driver_loop import DictStore, now_ms, run

CID = "wxcomponent0000001"
AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wxminiprog00000001"
BODY = b'{"errcode":0,"errmsg":"ok","open_appid":"wxopen0123456789"}'


def per_call_us(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    response = wxopen.Response(200, BODY)
    driver = _native.Driver(CID, "secret", "token", AES, seed=1)
    store = DictStore()

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

    for start in (
        lambda: driver.store_ticket("ticket@@@t", now_ms() // 1000, now_ms()),
        lambda: driver.import_authorizer(APPID, "refreshtoken@@@r", now_ms()),
        lambda: driver.call("open.get", "{}", APPID, now_ms()),
    ):
        call, step = start()
        run(call, step, send=send, store=store)

    client = wxopen.Client(lambda request: response)
    token = wxopen.AuthorizerToken(APPID, "AAT")

    def client_call() -> None:
        client.open_get(token)

    def driver_loop() -> None:
        call, step = driver.call("open.get", "{}", APPID, now_ms())
        json.loads(run(call, step, send=send, store=store))

    def crossings() -> None:
        call, _ = driver.call("open.get", "{}", APPID, 0)
        call.response(200, BODY, 0)

    assert client.open_get(token).open_appid == "wxopen0123456789"
    first = driver.call("open.get", "{}", APPID, now_ms())[1]
    assert first[0] == _native.STEP_HTTP, "warm: the first step is the request"

    rounds: dict[str, list[float]] = {"client": [], "loop": [], "crossings": []}
    for _ in range(7):
        rounds["client"].append(per_call_us(client_call, 50000))
        rounds["loop"].append(per_call_us(driver_loop, 50000))
        rounds["crossings"].append(per_call_us(crossings, 50000))
    client_us = statistics.median(rounds["client"])
    loop_us = statistics.median(rounds["loop"])
    cross_us = statistics.median(rounds["crossings"])
    print(f"Client.open_get (explicit token)                 {client_us:6.2f} µs/call")
    print(f"driver warm call (reference loop + json.loads)   {loop_us:6.2f} µs/call")
    print(f"driver warm call, native crossings only (2 steps) {cross_us:5.2f} µs/call")
    print(f"difference: driver loop - Client = {loop_us - client_us:+.2f} µs (target <= +2 µs)")


if __name__ == "__main__":
    main()
