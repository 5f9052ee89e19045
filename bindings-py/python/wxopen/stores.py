"""Stores for :class:`~wxopen.Platform` / :class:`~wxopen.AsyncPlatform`: where the platform
driver keeps the ticket, the tokens, the refresh tokens, its locks and its auth-code claims.

Which to choose:

* :class:`SqliteStore` — one machine: scripts, notebooks, a single server with several worker
  processes. Durable (a file), safe across threads and processes. The sensible default.
* :class:`RedisStore` (blocking) / :class:`AsyncRedisStore` (asyncio) — several machines, or
  several platforms sharing one Redis. Every key carries the component appid.
* :class:`MemoryStore` — tests and throwaway experiments: one process, nothing survives it
  (refresh tokens included: an authorizer must authorize again after a restart).
* Your own: any object with the five methods of :class:`Store` (or :class:`AsyncStore`), with
  exactly the semantics written there — run ``tests/python/store_contract.py`` against it.

The driver decides every key and value; a store keeps strings verbatim. Values hold tokens,
so no store here shows them in its ``repr`` or its error messages. The semantics are those of
docs/driver.md §3; times are unix milliseconds, passed by the driver (``now_ms``) for stores
that keep expiry themselves.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any, Optional, Protocol, Union, runtime_checkable

__all__ = [
    "AsyncRedisStore",
    "AsyncStore",
    "MemoryStore",
    "RedisStore",
    "SqliteStore",
    "Store",
]


@runtime_checkable
class Store(Protocol):
    """The store protocol of the blocking :class:`~wxopen.Platform` (docs/driver.md §3).

    A store maps string keys to string values, each with an optional expiry instant. Keep
    values byte for byte (compare-and-set compares exact strings). ``now_ms`` is the driver's
    clock (unix ms): a store that keeps expiry itself (Redis ``PX``) may ignore it. Raise any
    exception when the backend fails — the call then ends with :class:`~wxopen.StoreError`
    (never put a value in the message: values hold tokens).

    ``AsyncPlatform`` also takes a blocking store: it calls it in a worker thread, unless the
    store's class sets ``blocking = False`` (it never waits on I/O, like :class:`MemoryStore`).
    """

    def get(self, key: str, now_ms: int) -> Optional[str]:
        """The value if present and ``now_ms < expiry`` (or no expiry), else ``None``."""
        ...

    def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """Sets ``key``, replacing any value and expiry; expires at ``now_ms + ttl_ms``, or
        never when ``ttl_ms`` is ``None``."""
        ...

    def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """Atomically: if the live value (absent or expired counts as ``None``) equals
        ``expected``, write ``new`` with ``ttl_ms`` as in :meth:`put` — or delete the key when
        ``new`` is ``None`` — and return True; otherwise change nothing and return False."""
        ...

    def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """Iff ``key`` is absent or expired, set it to ``owner`` expiring at
        ``now_ms + lease_ms`` and return True; else False."""
        ...

    def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """Deletes ``key`` iff its live value equals ``owner`` (only the owner releases a lock;
        otherwise it expires)."""
        ...


@runtime_checkable
class AsyncStore(Protocol):
    """The store protocol of :class:`~wxopen.AsyncPlatform`: :class:`Store`'s five methods,
    as coroutines, with the same semantics."""

    async def get(self, key: str, now_ms: int) -> Optional[str]:
        """See :meth:`Store.get`."""
        ...

    async def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """See :meth:`Store.put`."""
        ...

    async def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """See :meth:`Store.compare_and_set`."""
        ...

    async def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """See :meth:`Store.lock`."""
        ...

    async def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """See :meth:`Store.unlock`."""
        ...


def _expiry(ttl_ms: Optional[int], now_ms: int) -> Optional[int]:
    return None if ttl_ms is None else now_ms + ttl_ms


# ----- memory -----------------------------------------------------------------------------


class MemoryStore:
    """A store in this process's memory: thread-safe, with TTLs, gone when the process ends.

    For tests and experiments. It holds the refresh tokens too, so after a restart every
    authorizer must authorize again — use :class:`SqliteStore` or :class:`RedisStore` for
    anything that lasts. Expired entries are dropped when read, and swept every
    ``sweep_every`` writes.
    """

    #: It never waits on I/O: :class:`~wxopen.AsyncPlatform` calls it directly.
    blocking = False

    def __init__(self, *, sweep_every: int = 1024) -> None:
        self._data: dict[str, tuple[str, Optional[int]]] = {}
        self._lock = threading.Lock()
        self._writes = 0
        self._sweep_every = max(1, sweep_every)

    def _live(self, key: str, now_ms: int) -> Optional[str]:
        entry = self._data.get(key)
        if entry is None:
            return None
        value, expiry = entry
        if expiry is not None and now_ms >= expiry:
            del self._data[key]
            return None
        return value

    def _write(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        self._data[key] = (value, _expiry(ttl_ms, now_ms))
        self._writes += 1
        if self._writes % self._sweep_every == 0:
            dead = [k for k, (_, e) in self._data.items() if e is not None and now_ms >= e]
            for k in dead:
                del self._data[k]

    def get(self, key: str, now_ms: int) -> Optional[str]:
        """See :meth:`Store.get`."""
        with self._lock:
            return self._live(key, now_ms)

    def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """See :meth:`Store.put`."""
        with self._lock:
            self._write(key, value, ttl_ms, now_ms)

    def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """See :meth:`Store.compare_and_set`."""
        with self._lock:
            if self._live(key, now_ms) != expected:
                return False
            if new is None:
                self._data.pop(key, None)
            else:
                self._write(key, new, ttl_ms, now_ms)
            return True

    def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """See :meth:`Store.lock`."""
        with self._lock:
            if self._live(key, now_ms) is not None:
                return False
            self._write(key, owner, lease_ms, now_ms)
            return True

    def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """See :meth:`Store.unlock`."""
        with self._lock:
            if self._live(key, now_ms) == owner:
                del self._data[key]

    def keys(self, now_ms: int) -> list[str]:
        """The live keys, sorted (for tests and inspection; values are not shown)."""
        with self._lock:
            return sorted(k for k in list(self._data) if self._live(k, now_ms) is not None)

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._data)} keys)"


# ----- SQLite -----------------------------------------------------------------------------


class SqliteStore:
    """A durable store in an SQLite file (standard-library :mod:`sqlite3`): safe across
    threads and processes on one machine — the sensible default for scripts, notebooks and a
    single server.

    Args:
        path: the database file (created with its table when missing). Every process and
            thread that shares it shares the platform's tokens and locks.
        table: the table name (letters, digits, underscores).
        timeout: seconds a write waits for another process's write transaction (SQLite's busy
            timeout) before the call fails with :class:`~wxopen.StoreError`.

    The file is put in WAL mode (readers never wait for the writer). Compare-and-set and lock
    run in ``BEGIN IMMEDIATE`` transactions, so two processes never both win. Expiry is stored
    as a time (``expires_at_ms``) and judged with the driver's clock: an expired row counts as
    absent and is swept every ``sweep_every`` writes. Each thread of each process gets its own
    connection (opened on first use; a forked child opens new ones).
    """

    def __init__(
        self,
        path: Union[str, os.PathLike],
        *,
        table: str = "wxopen_store",
        timeout: float = 30.0,
        sweep_every: int = 256,
    ) -> None:
        path = os.fspath(path)
        if path == ":memory:" or path.startswith("file::memory:") or path == "":
            raise ValueError(
                "an in-memory SQLite database is private to one connection: "
                "use wxopen.MemoryStore, or give SqliteStore a file path"
            )
        if not table.replace("_", "").isalnum() or not table.isascii():
            raise ValueError("table must be letters, digits and underscores")
        self.path = path
        self.table = table
        self.timeout = timeout
        self._sweep_every = max(1, sweep_every)
        self._local = threading.local()
        self._all: list[tuple[int, sqlite3.Connection]] = []
        self._all_lock = threading.Lock()
        self._sql_get = f"SELECT value, expires_at_ms FROM {table} WHERE key = ?"
        self._sql_put = (
            f"INSERT OR REPLACE INTO {table} (key, value, expires_at_ms) VALUES (?, ?, ?)"
        )
        self._sql_del = f"DELETE FROM {table} WHERE key = ?"
        self._sql_unlock = f"DELETE FROM {table} WHERE key = ? AND value = ?"
        self._sql_sweep = (
            f"DELETE FROM {table} WHERE expires_at_ms IS NOT NULL AND expires_at_ms <= ?"
        )
        self._conn()  # create the file and table now: a bad path fails here, not mid-call

    #: It waits on file locks: :class:`~wxopen.AsyncPlatform` calls it in a worker thread.
    blocking = True

    def _conn(self) -> sqlite3.Connection:
        pid = os.getpid()
        local = self._local
        conn = getattr(local, "conn", None)
        if conn is not None and local.pid == pid:
            return conn
        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} "
            "(key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at_ms INTEGER) WITHOUT ROWID"
        )
        local.conn, local.pid, local.writes = conn, pid, 0
        with self._all_lock:
            self._all.append((pid, conn))
        return conn

    def _wrote(self, conn: sqlite3.Connection, now_ms: int) -> None:
        local = self._local
        local.writes += 1
        if local.writes % self._sweep_every == 0:
            conn.execute(self._sql_sweep, (now_ms,))

    @staticmethod
    def _alive(row: Optional[tuple[str, Optional[int]]], now_ms: int) -> Optional[str]:
        if row is None:
            return None
        value, expiry = row
        if expiry is not None and now_ms >= expiry:
            return None
        return value

    def get(self, key: str, now_ms: int) -> Optional[str]:
        """See :meth:`Store.get`."""
        row = self._conn().execute(self._sql_get, (key,)).fetchone()
        return self._alive(row, now_ms)

    def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """See :meth:`Store.put`."""
        conn = self._conn()
        conn.execute(self._sql_put, (key, value, _expiry(ttl_ms, now_ms)))
        self._wrote(conn, now_ms)

    def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """See :meth:`Store.compare_and_set` (one ``BEGIN IMMEDIATE`` transaction)."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = self._alive(conn.execute(self._sql_get, (key,)).fetchone(), now_ms)
            if current != expected:
                conn.execute("COMMIT")
                return False
            if new is None:
                conn.execute(self._sql_del, (key,))
            else:
                conn.execute(self._sql_put, (key, new, _expiry(ttl_ms, now_ms)))
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        self._wrote(conn, now_ms)
        return True

    def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """See :meth:`Store.lock` (one ``BEGIN IMMEDIATE`` transaction)."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self._alive(conn.execute(self._sql_get, (key,)).fetchone(), now_ms) is not None:
                conn.execute("COMMIT")
                return False
            conn.execute(self._sql_put, (key, owner, now_ms + lease_ms))
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        self._wrote(conn, now_ms)
        return True

    def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """See :meth:`Store.unlock` (one statement: delete where the value is ``owner``; an
        expired lease still holding ``owner`` was taken by nobody since, so deleting it is the
        same as letting it lapse)."""
        self._conn().execute(self._sql_unlock, (key, owner))

    def keys(self, now_ms: int) -> list[str]:
        """The live keys, sorted (for tests and inspection; values are not shown)."""
        rows = self._conn().execute(f"SELECT key, value, expires_at_ms FROM {self.table}")
        return sorted(k for k, v, e in rows if self._alive((v, e), now_ms) is not None)

    def close(self) -> None:
        """Closes the connections this process opened (call it when no call is running)."""
        pid = os.getpid()
        with self._all_lock:
            mine = [c for p, c in self._all if p == pid]
            self._all = [(p, c) for p, c in self._all if p != pid]
        for conn in mine:
            conn.close()
        self._local = threading.local()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteStore({self.path!r}, table={self.table!r})"


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:  # no transaction left to roll back (it failed to begin)
        pass


# ----- Redis ------------------------------------------------------------------------------

# KEYS[1]; ARGV: expected? ("1"/"0"), expected, new? ("1"/"0"), new, ttl_ms ("" = none).
# GET answers false for a missing (or expired: Redis expires keys itself) key.
_CAS = """
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[3] == '1' then
  if ARGV[5] == '' then
    redis.call('SET', KEYS[1], ARGV[4])
  else
    redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
  end
else
  redis.call('DEL', KEYS[1])
end
return 1
"""

# KEYS[1]; ARGV[1] = owner.
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def _text(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    return bytes(value).decode("utf-8")


def _cas_args(expected: Optional[str], new: Optional[str], ttl_ms: Optional[int]) -> list[str]:
    """The compare-and-set script's ARGV. A write whose TTL already ended is a deletion (the
    value would expire at once; Redis refuses ``PX 0``)."""
    write = new is not None and (ttl_ms is None or ttl_ms > 0)
    return [
        "0" if expected is None else "1",
        expected or "",
        "1" if write else "0",
        (new or "") if write else "",
        str(int(ttl_ms)) if write and ttl_ms is not None else "",
    ]


class RedisStore:
    """A store in Redis, through a redis-py client (``pip install redis``): shared by every
    process and machine that uses the same Redis, and by several platforms (every key carries
    the component appid).

    Args:
        client: a ``redis.Redis`` (or ``redis.RedisCluster``; every operation touches one key).
            ``decode_responses`` may be either.

    ``get`` is ``GET``; ``put`` is ``SET`` (with ``PX`` for a TTL); ``lock`` is
    ``SET key owner NX PX lease``; compare-and-set and unlock are Lua scripts (``EVALSHA``,
    loading the script again when the server lost it). Redis keeps the expiry itself; the
    driver's ``now_ms`` is not used. Persistence is Redis's: refresh tokens are durable only
    if the server persists (AOF or RDB) — configure it so.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self._cas = client.register_script(_CAS)
        self._unlock = client.register_script(_UNLOCK)

    def get(self, key: str, now_ms: int) -> Optional[str]:
        """See :meth:`Store.get`."""
        return _text(self.client.get(key))

    def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """See :meth:`Store.put`."""
        if ttl_ms is None:
            self.client.set(key, value)
        elif ttl_ms <= 0:
            self.client.delete(key)
        else:
            self.client.set(key, value, px=int(ttl_ms))

    def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """See :meth:`Store.compare_and_set` (a Lua script)."""
        args = _cas_args(expected, new, ttl_ms)
        return bool(self._cas(keys=[key], args=args))

    def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """See :meth:`Store.lock` (``SET NX PX``)."""
        return bool(self.client.set(key, owner, nx=True, px=max(1, int(lease_ms))))

    def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """See :meth:`Store.unlock` (a Lua compare-and-delete)."""
        self._unlock(keys=[key], args=[owner])

    #: Network round trips: :class:`~wxopen.AsyncPlatform` calls it in a worker thread (use
    #: :class:`AsyncRedisStore` there instead).
    blocking = True

    def __repr__(self) -> str:
        return f"RedisStore({type(self.client).__name__})"


class AsyncRedisStore:
    """:class:`RedisStore` for :class:`~wxopen.AsyncPlatform`, on ``redis.asyncio`` (the same
    commands and scripts, awaited).

    Args:
        client: a ``redis.asyncio.Redis`` (or ``redis.asyncio.RedisCluster``).
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self._cas = client.register_script(_CAS)
        self._unlock = client.register_script(_UNLOCK)

    async def get(self, key: str, now_ms: int) -> Optional[str]:
        """See :meth:`Store.get`."""
        return _text(await self.client.get(key))

    async def put(self, key: str, value: str, ttl_ms: Optional[int], now_ms: int) -> None:
        """See :meth:`Store.put`."""
        if ttl_ms is None:
            await self.client.set(key, value)
        elif ttl_ms <= 0:
            await self.client.delete(key)
        else:
            await self.client.set(key, value, px=int(ttl_ms))

    async def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now_ms: int,
    ) -> bool:
        """See :meth:`Store.compare_and_set` (a Lua script)."""
        args = _cas_args(expected, new, ttl_ms)
        return bool(await self._cas(keys=[key], args=args))

    async def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        """See :meth:`Store.lock` (``SET NX PX``)."""
        return bool(await self.client.set(key, owner, nx=True, px=max(1, int(lease_ms))))

    async def unlock(self, key: str, owner: str, now_ms: int) -> None:
        """See :meth:`Store.unlock` (a Lua compare-and-delete)."""
        await self._unlock(keys=[key], args=[owner])

    def __repr__(self) -> str:
        return f"AsyncRedisStore({type(self.client).__name__})"
