"""The store contract of the platform driver (docs/driver.md §3), as one function every store
implementation runs in its tests: ``check_store(store, clock, advance)``.

``clock()`` returns the time passed to the store (unix ms); ``advance(ms)`` lets that much time
pass (a fake clock moves; a real store sleeps). Keys are prefixed with a random tag, so a shared
server (Redis) can run it next to other data.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable


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

    # compare_and_set: absent expected, exact match, mismatch, delete
    assert store.compare_and_set(k + "cas", None, "a", None, now()) is True
    assert store.compare_and_set(k + "cas", None, "b", None, now()) is False
    assert store.compare_and_set(k + "cas", "A", "b", None, now()) is False, "exact, case-sensitive"
    assert store.compare_and_set(k + "cas", "a", "b", 200, now()) is True
    assert store.get(k + "cas", now()) == "b"
    assert store.compare_and_set(k + "cas", "b", None, None, now()) is True
    assert store.get(k + "cas", now()) is None
    assert store.compare_and_set(k + "cas", "b", None, None, now()) is False

    # lock / unlock: only the owner releases; a second owner is refused
    assert store.lock(k + "lock", "owner-1", 200, now()) is True
    assert store.lock(k + "lock", "owner-2", 200, now()) is False
    store.unlock(k + "lock", "owner-2", now())
    assert store.lock(k + "lock", "owner-2", 200, now()) is False, "not released by another owner"
    store.unlock(k + "lock", "owner-1", now())
    assert store.lock(k + "lock", "owner-2", 200, now()) is True
    assert store.lock(k + "lease", "owner-1", 200, now()) is True

    # expiry: ttl values, cas-written ttl, lock leases
    store.compare_and_set(k + "cas-ttl", None, "z", 200, now())
    advance(400)
    assert store.get(k + "ttl", now()) is None
    assert store.get(k + "cas-ttl", now()) is None
    assert store.get(k + "durable", now()) == value
    assert store.compare_and_set(k + "ttl", None, "again", None, now()) is True, (
        "an expired key counts as absent"
    )
    assert store.lock(k + "lease", "owner-3", 200, now()) is True, "an ended lease frees the lock"
