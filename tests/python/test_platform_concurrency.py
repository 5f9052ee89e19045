"""Many callers, one store: processes (multiprocessing) and threads sharing a SqliteStore or a
RedisStore against a scripted loopback WeChat whose tokens live 4 seconds. Tokens expire
several times during the run, and one valid token is refused with 40001: exactly one mint per
expiry (plus the one the forced 40001 needs), and no invalid-token error reaches a caller.
Prints the counts."""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import token_endpoint as te

LIFETIME_S = 4
MARGIN_MS = 2_000  # fresh for 2 s, then refreshed by the first caller while still valid
FRESH_MS = LIFETIME_S * 1000 - MARGIN_MS
SECONDS = 5.0
PROCESSES = 3
THREADS = 2
# Gaps are measured on the server's clock; the driver judges freshness on the callers' (the
# same machine): a little slack for the round trip of the mint that started the period.
SLACK_MS = 150


def run_race(spec: str) -> dict[str, Any]:
    server = te.TokenEndpoint(LIFETIME_S, force_40001_at=200)
    prefix = f"wxopen-race-{uuid.uuid4().hex[:8]}"
    try:
        seed = te.platform(spec, server.url, MARGIN_MS, prefix)
        assert seed.store_ticket("ticket@@@race", int(time.time()))
        seed.import_authorizer(te.APPID, "refreshtoken@@@stable")
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        args = (spec, server.url, MARGIN_MS, prefix, SECONDS)
        procs = [
            ctx.Process(target=te.worker, args=(*args, THREADS, queue)) for _ in range(PROCESSES)
        ]
        for p in procs:
            p.start()
        # This process takes part too: two threads on one more Platform (its own driver).
        local = threading.Thread(target=te.worker, args=(*args, THREADS, queue))
        local.start()
        results = [queue.get(timeout=120) for _ in range(PROCESSES + 1)]
        local.join()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
    finally:
        server.close()
    return {
        "mints": server.mints,
        "refused": server.refused,
        "forced": server.forced,
        "calls": server.calls,
        "window_ms": server.window[-1] - server.window[0],
        "ok": sum(r["ok"] for r in results),
        "errors": [e for r in results for e in r["errors"]],
    }


def check(name: str, out: dict[str, Any]) -> None:
    def gaps(times: list[int]) -> list[int]:
        return [b - a for a, b in zip(times, times[1:])]

    cat, aat = out["mints"]["component"], out["mints"]["authorizer"]
    print(
        f"\n{name}: {PROCESSES} processes x {THREADS} threads + {THREADS} local threads, "
        f"{SECONDS} s, tokens live {LIFETIME_S} s (fresh {FRESH_MS} ms): "
        f"{out['ok']} calls ok, {len(out['errors'])} errors; component mints {len(cat)} "
        f"(gaps {gaps(cat)} ms), authorizer mints {len(aat)} (gaps {gaps(aat)} ms); "
        f"refused {out['refused']} (forced 40001: {out['forced']}); "
        f"requests over {out['window_ms']} ms"
    )
    assert out["errors"] == [], out["errors"][:5]
    assert out["forced"] == 1 and out["ok"] > 200
    assert out["refused"] == {40001: 1}, "no token was used after it expired"
    # Component token: one mint per expiry period, never two. (The driver refreshes at the
    # first call after `expires_at - margin`, judged on the same clock the server records:
    # two mints are never closer than the fresh period.)
    periods = out["window_ms"] // FRESH_MS  # whole fresh periods the run spanned
    assert all(g >= FRESH_MS - SLACK_MS for g in gaps(cat)), gaps(cat)
    assert 2 <= len(cat) <= periods + 1, (len(cat), out["window_ms"])
    # Authorizer token: the same, plus exactly one refresh for the forced 40001 (its gap to
    # the previous mint is the only short one).
    short = [g for g in gaps(aat) if g < FRESH_MS - SLACK_MS]
    assert len(short) <= 1, gaps(aat)
    assert 3 <= len(aat) <= periods + 2, (len(aat), out["window_ms"])


def test_one_mint_per_expiry_with_sqlite(tmp_path: Path) -> None:
    check("SqliteStore", run_race(f"sqlite:{tmp_path / 'race.sqlite3'}"))


def test_one_mint_per_expiry_with_redis(redis_url: str) -> None:
    check("RedisStore", run_race(f"redis:{redis_url}"))


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_forked_children_of_one_platform_get_their_own_driver(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A Platform made and used before a fork: each child gets a new driver (new seed: lock
    owners differ, so one never releases another's lock) and its own store connections, and
    reuses the token the parent minted."""
    spec = (
        f"sqlite:{tmp_path / 'fork.sqlite3'}"
        if store == "sqlite"
        else f"redis:{request.getfixturevalue('redis_url')}"
    )
    server = te.TokenEndpoint(LIFETIME_S * 10, force_40001_at=0)
    try:
        parent = te.platform(spec, server.url, MARGIN_MS, f"wxopen-fork-{uuid.uuid4().hex[:8]}")
        parent.store_ticket("ticket@@@fork", int(time.time()))
        parent.create_preauthcode()  # mints, and opens the store's connection in the parent
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        procs = [ctx.Process(target=_child, args=(parent, queue)) for _ in range(3)]
        for p in procs:
            p.start()
        owners = [queue.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
        owners.append(_lock_owner(parent))
    finally:
        server.close()
    instances = {o.split(":")[0] for o in owners}
    assert len(instances) == 4, owners
    assert len(server.mints["component"]) == 1, "the children used the parent's token"
    assert server.calls == 4


def _lock_owner(p: Any) -> str:
    """The owner id the platform's driver puts in a Lock step (a call started as if the store
    were empty, then abandoned at the lock)."""
    from wxopen import _native

    now = te.now_ms()
    p.clear_cache()
    call, step = p._driver.component_access_token(now)
    while step[0] != _native.STEP_LOCK:
        step = call.value(None, now) if step[0] == _native.STEP_GET else call.ack(now)
    return step[2]


def _child(p: Any, queue: Any) -> None:
    """In a forked child: a real call through the inherited Platform, then its lock owner."""
    p.create_preauthcode()
    queue.put(_lock_owner(p))
