"""The stores keep the driver's store contract (docs/driver.md §3): MemoryStore and SqliteStore
with a fake clock, RedisStore and AsyncRedisStore against a real redis-server (scripts/test.sh
starts one and sets REDIS_URL). Plus what each adds: thread and process safety of SQLite,
EVALSHA after the server lost its scripts, failures as StoreError without values."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import redis
import redis.asyncio
from store_contract import Blocking, check_store

import wxopen
from wxopen.stores import AsyncStore, Store

T0 = 1_700_000_000_000


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms


def real_clock() -> int:
    return time.time_ns() // 1_000_000


def real_advance(ms: int) -> None:
    time.sleep(ms / 1000)


def test_memory_store_keeps_the_contract() -> None:
    clock = FakeClock()
    store = wxopen.MemoryStore(sweep_every=3)
    check_store(store, clock, clock.advance)
    assert isinstance(store, Store)
    assert "contract" not in repr(store) and "MemoryStore(" in repr(store)


def test_memory_store_sweeps_expired_entries() -> None:
    store = wxopen.MemoryStore(sweep_every=4)
    for i in range(3):
        store.put(f"k{i}", "v", 10, T0)
    store.put("durable", "v", None, T0 + 100)  # the 4th write sweeps the expired three
    assert list(store._data) == ["durable"]


def test_sqlite_store_keeps_the_contract(tmp_path: Path) -> None:
    clock = FakeClock()
    with wxopen.SqliteStore(tmp_path / "wxopen.sqlite3", sweep_every=5) as store:
        check_store(store, clock, clock.advance)
        assert isinstance(store, Store)
    # Durable: a new store on the same file sees what the first wrote.
    again = wxopen.SqliteStore(tmp_path / "wxopen.sqlite3")
    assert any(k.endswith(":durable") for k in again.keys(clock()))
    mode = sqlite3.connect(tmp_path / "wxopen.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)
    again.close()


def test_sqlite_store_refuses_in_memory_databases_and_odd_tables(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="MemoryStore"):
        wxopen.SqliteStore(":memory:")
    with pytest.raises(ValueError, match="table"):
        wxopen.SqliteStore(tmp_path / "x.db", table="t; DROP TABLE t")


def test_sqlite_store_sweeps_expired_rows(tmp_path: Path) -> None:
    store = wxopen.SqliteStore(tmp_path / "s.db", sweep_every=2)
    store.put("a", "v", 10, T0)
    store.put("b", "v", None, T0 + 50)  # 2nd write: sweeps the expired row
    rows = store._conn().execute("SELECT key FROM wxopen_store").fetchall()
    assert rows == [("b",)]


def _sqlite_lock_worker(path: str, owner: str, rounds: int, queue: multiprocessing.Queue) -> None:
    store = wxopen.SqliteStore(path)
    won = 0
    for i in range(rounds):
        if store.lock(f"lock:{i}", owner, 60_000, real_clock()):
            won += 1
        store.compare_and_set(f"counter:{owner}", None if i == 0 else str(i), str(i + 1), None, 0)
    queue.put((owner, won))


def test_sqlite_locks_have_one_winner_across_processes_and_threads(tmp_path: Path) -> None:
    """4 processes and 4 threads race for the same 60 locks: each lock has exactly one
    winner (BEGIN IMMEDIATE), and every process's own compare-and-set chain is intact."""
    path = str(tmp_path / "race.db")
    wxopen.SqliteStore(path)  # create the file before the race
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = ctx.Queue()
    procs = [
        ctx.Process(target=_sqlite_lock_worker, args=(path, f"p{i}", 60, queue)) for i in range(4)
    ]
    for p in procs:
        p.start()
    threads = [
        threading.Thread(target=_sqlite_lock_worker, args=(path, f"t{i}", 60, queue))
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    results = dict(queue.get(timeout=10) for _ in range(8))
    assert sum(results.values()) == 60, results
    store = wxopen.SqliteStore(path)
    for owner in results:
        assert store.get(f"counter:{owner}", 0) == "60"


@pytest.fixture
def redis_client(redis_url: str):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def test_redis_store_keeps_the_contract(redis_client) -> None:
    store = wxopen.RedisStore(redis_client)
    check_store(store, real_clock, real_advance)
    assert isinstance(store, Store)


def test_redis_store_with_decoded_responses(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    check_store(wxopen.RedisStore(client), real_clock, real_advance)
    client.close()


def test_redis_store_reloads_its_scripts_after_a_script_flush(redis_client) -> None:
    store = wxopen.RedisStore(redis_client)
    key = "wxopen-test:flush"
    redis_client.delete(key)
    assert store.compare_and_set(key, None, "a", None, 0) is True
    redis_client.script_flush()  # the server forgets the scripts: EVALSHA fails, then loads
    assert store.compare_and_set(key, "a", "b", 60_000, 0) is True
    assert 0 < redis_client.pttl(key) <= 60_000, "the TTL is Redis's own (PX)"
    redis_client.script_flush()
    assert store.lock(key + ":lock", "me", 1000, 0) is True
    store.unlock(key + ":lock", "me", 0)
    assert redis_client.exists(key + ":lock") == 0
    # A lock is SET NX PX: its lease is a Redis expiry.
    assert store.lock(key + ":lock", "me", 5000, 0) is True
    assert 0 < redis_client.pttl(key + ":lock") <= 5000
    # A write whose TTL already ended is a deletion (PX 0 would be an error).
    store.put(key, "gone", 0, 0)
    assert redis_client.exists(key) == 0


def test_async_redis_store_keeps_the_contract(redis_url: str) -> None:
    loop = asyncio.new_event_loop()
    try:
        client = redis.asyncio.Redis.from_url(redis_url)
        store = wxopen.AsyncRedisStore(client)
        assert isinstance(store, AsyncStore)
        check_store(Blocking(store, loop), real_clock, real_advance)
        loop.run_until_complete(client.script_flush())
        assert loop.run_until_complete(store.compare_and_set("wxopen-test:a", None, None, None, 0))
        loop.run_until_complete(client.aclose())
    finally:
        loop.close()


def test_unreachable_redis_is_a_store_error_without_values() -> None:
    """A store that fails ends the call with StoreError; the message never carries a value."""
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    platform = wxopen.Platform(
        component_appid="wxcomponent0000001",
        component_appsecret="secret_0001",
        token="token",
        encoding_aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        store=wxopen.RedisStore(dead),
        transport=lambda request: pytest.fail("nothing may be sent"),
    )
    with pytest.raises(wxopen.StoreError) as info:
        platform.store_ticket("ticket@@@secret-ticket-value", 1_700_000_000)
    assert "ticket@@@" not in str(info.value) and "secret-ticket-value" not in info.value.detail
    assert isinstance(info.value.__cause__, redis.ConnectionError)


def test_redis_tests_fail_rather_than_skip_when_redis_url_is_unreachable() -> None:
    """scripts/test.sh always sets REDIS_URL: a Redis that is not there is a failure."""
    import os
    import subprocess
    import sys

    here = Path(__file__).resolve().parent
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{here / 'test_stores.py'}::test_redis_store_keeps_the_contract",
        ],
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0, done.stdout
    assert "is set but Redis is unreachable" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("1 error in"), done.stdout[-300:]
