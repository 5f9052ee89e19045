"""One Python process of the mixed-language concurrency test (tests/js/platform_mixed.test.mjs):
a Platform on a RedisStore shared with Node processes, making CALLS calls in LANES threads
against the scripted WeChat at API_BASE. Prints one JSON line: what it got and saw.

Configured by the environment, as tests/js/platform_worker.mjs is: REDIS_URL, API_BASE,
KEY_PREFIX, COMPONENT_APPID, COMPONENT_SECRET, MERCHANT, CALLS, LANES, PAUSE_MS, POLICY (JSON,
snake_case)."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

import redis

import wxopen


def env(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise SystemExit(f"{name} is required")
    return value


def main() -> None:
    calls, lanes, pause = int(env("CALLS")), int(env("LANES")), int(env("PAUSE_MS")) / 1000
    merchant = env("MERCHANT")
    events: dict[str, int] = {}
    lock = threading.Lock()

    def count(event: dict[str, Any]) -> None:
        with lock:
            events[event["kind"]] = events.get(event["kind"], 0) + 1

    client = redis.Redis.from_url(env("REDIS_URL"))
    platform = wxopen.Platform(
        component_appid=env("COMPONENT_APPID"),
        component_appsecret=env("COMPONENT_SECRET"),
        token="msgtoken",
        encoding_aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        store=wxopen.RedisStore(client),
        api_base=env("API_BASE"),
        key_prefix=env("KEY_PREFIX"),
        policy=json.loads(env("POLICY")),
        on_event=count,
    )
    ok = [0]
    errors: list[str] = []

    def lane(n: int) -> None:
        for i in range(n):
            try:
                # Mostly the merchant's calls (its token, refreshed with the component token);
                # every fifth a component-token call — the same mix as the Node worker.
                if i % 5 == 4:
                    platform.create_preauthcode()
                else:
                    platform.authorizer(merchant).open_get()
                with lock:
                    ok[0] += 1
            except wxopen.WxOpenError as e:
                with lock:
                    errors.append(f"{type(e).__name__} {e.code} {getattr(e, 'errcode', '')} {e}")
            time.sleep(pause)

    per_lane = -(-calls // lanes)
    threads = [
        threading.Thread(target=lane, args=(min(per_lane, calls - i * per_lane),))
        for i in range(lanes)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    print(
        json.dumps(
            {"pid": os.getpid(), "lang": "python", "ok": ok[0], "errors": errors, "events": events}
        )
    )


if __name__ == "__main__":
    main()
