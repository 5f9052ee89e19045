"""The store contract of the platform driver (docs/driver.md §3), as one function every store
implementation runs in its tests: ``check_store(store, clock, advance)``.

``clock()`` returns the time passed to the store (unix ms); ``advance(ms)`` lets that much time
pass (a fake clock moves; a real store sleeps). Keys are prefixed with a random tag, so a shared
server (Redis) can run it next to other data. An asyncio store runs through :class:`Blocking`.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Callable


class Blocking:
    """An asyncio store (``async def get``…) driven through the blocking contract, each call
    run to completion on ``loop``."""

    def __init__(self, store: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.store, self.loop = store, loop

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.store, name)
        return lambda *args: self.loop.run_until_complete(method(*args))


def check_store(store: Any, clock: Callable[[], int], advance: Callable[[int], None]) -> None:
    k = f"contract:{uuid.uuid4().hex}:"
    now = clock

    # get / put, verbatim values (JSON with non-ASCII, quotes), durable and with TTL
    assert store.get(k + "absent", now()) is None
    value = '{"v":1,"access_token":"tok\\"en","name":"试用"}'
    store.put(k + "durable", value, None, now())
    assert store.get(k + "durable", now()) == value
    store.put(k + "ttl", "x", 200, now())
    assert store.get(k + "ttl", now()) == "x"
    store.put(k + "ttl", "y", 200, now())  # put replaces the value and the expiry
    assert store.get(k + "ttl", now()) == "y"
    store.put(k + "was-ttl", "short", 200, now())
    store.put(k + "was-ttl", "durable now", None, now())  # a put without TTL clears the expiry
    store.put(k + "empty", "", None, now())
    assert store.get(k + "empty", now()) == "", "the empty string is a value, not absence"
    big = "refreshtoken@@@" + "é" * 5000 + "\U0001f600"
    store.put(k + "big", big, None, now())
    assert store.get(k + "big", now()) == big, "values are kept character for character"

    # compare_and_set: absent expected, exact match, mismatch, delete
    assert store.compare_and_set(k + "cas", None, "a", None, now()) is True
    assert store.compare_and_set(k + "cas", None, "b", None, now()) is False
    assert store.compare_and_set(k + "cas", "A", "b", None, now()) is False, "exact, case-sensitive"
    assert store.compare_and_set(k + "cas", "a ", "b", None, now()) is False, "no trimming"
    assert store.compare_and_set(k + "cas", "a", "b", 200, now()) is True
    assert store.get(k + "cas", now()) == "b"
    assert store.compare_and_set(k + "cas", "b", None, None, now()) is True
    assert store.get(k + "cas", now()) is None
    assert store.compare_and_set(k + "cas", "b", None, None, now()) is False
    assert store.compare_and_set(k + "cas-absent", None, None, None, now()) is True, (
        "deleting an absent key when absence is expected succeeds"
    )
    assert store.get(k + "cas-absent", now()) is None
    assert store.compare_and_set(k + "empty", "", "filled", None, now()) is True
    assert store.compare_and_set(k + "empty", None, "x", None, now()) is False
    store.put(k + "cas-keep", "v1", 200, now())
    assert store.compare_and_set(k + "cas-keep", "v1", "v2", None, now()) is True, (
        "a cas without TTL makes the value durable"
    )

    # lock / unlock: only the owner releases; a second owner is refused
    assert store.lock(k + "lock", "owner-1", 200, now()) is True
    assert store.lock(k + "lock", "owner-2", 200, now()) is False
    assert store.lock(k + "lock", "owner-1", 200, now()) is False, "not re-entrant"
    store.unlock(k + "lock", "owner-2", now())
    assert store.lock(k + "lock", "owner-2", 200, now()) is False, "not released by another owner"
    store.unlock(k + "lock", "owner-1", now())
    assert store.lock(k + "lock", "owner-2", 200, now()) is True
    assert store.lock(k + "lease", "owner-1", 200, now()) is True
    store.unlock(k + "never-locked", "owner-1", now())  # unlocking nothing is not an error
    assert store.lock(k + "durable", "owner-1", 200, now()) is False, "a live value blocks a lock"

    # expiry: ttl values, cas-written ttl, lock leases
    store.compare_and_set(k + "cas-ttl", None, "z", 200, now())
    store.put(k + "expired-value", "old", 200, now())
    advance(400)
    assert store.get(k + "ttl", now()) is None
    assert store.get(k + "cas-ttl", now()) is None
    assert store.get(k + "durable", now()) == value
    assert store.get(k + "was-ttl", now()) == "durable now"
    assert store.get(k + "cas-keep", now()) == "v2"
    assert store.compare_and_set(k + "ttl", None, "again", None, now()) is True, (
        "an expired key counts as absent"
    )
    assert store.compare_and_set(k + "expired-value", "old", "new", None, now()) is False, (
        "an expired value no longer matches"
    )
    assert store.lock(k + "lease", "owner-3", 200, now()) is True, "an ended lease frees the lock"
    store.unlock(k + "lease", "owner-1", now())  # the old owner's late unlock
    assert store.lock(k + "lease", "owner-4", 200, now()) is False, (
        "a late unlock by an expired owner does not release the new owner's lock"
    )
    store.unlock(k + "lease", "owner-3", now())
    assert store.lock(k + "lease", "owner-4", 200, now()) is True
