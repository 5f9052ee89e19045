"""The reference host loop of the platform driver (blocking), with a dict-backed store.

The core (``_native.Driver``) decides everything: which token to use, when to mint or
refresh it, what to store, when to retry. A host only carries out the steps it is given and
answers each with the method for its kind. This module is that host in its smallest form —
the contract the ``Platform`` classes and the real stores build on (see docs/driver.md).

Steps are tuples whose first item is a ``_native.STEP_*`` constant::

    (STEP_HTTP, method, url, headers, body)        -> call.response(status, body, now_ms)
                                                      or call.transport_failed(detail, now_ms)
    (STEP_GET, key)                                -> call.value(text_or_None, now_ms)
    (STEP_PUT, key, value, ttl_ms_or_None)         -> call.ack(now_ms)
    (STEP_COMPARE_AND_SET, key, expected, new, ttl_ms) -> call.flag(swapped, now_ms)
    (STEP_LOCK, key, owner, lease_ms)              -> call.flag(acquired, now_ms)
    (STEP_UNLOCK, key, owner)                      -> call.ack(now_ms)
    (STEP_SLEEP, ms)                               -> call.ack(now_ms)   (after sleeping)
    (STEP_EVENT, event_json)                       -> call.ack(now_ms)
    (STEP_DONE, value)                             -> the call's result

A store step whose store raised is answered with ``call.store_failed(detail, now_ms)``; the
call then raises :class:`~wxopen.StoreError`. ``Done`` with an error raises from the answer
that finished the call.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Optional

from . import _native
from .exceptions import ApiError, DecodeError, HttpStatusError, StoreError, TransportError
from .http import Request, Response

__all__ = ["DictStore", "now_ms", "run"]

STEP_HTTP = _native.STEP_HTTP
STEP_GET = _native.STEP_GET
STEP_PUT = _native.STEP_PUT
STEP_COMPARE_AND_SET = _native.STEP_COMPARE_AND_SET
STEP_LOCK = _native.STEP_LOCK
STEP_UNLOCK = _native.STEP_UNLOCK
STEP_SLEEP = _native.STEP_SLEEP
STEP_EVENT = _native.STEP_EVENT
STEP_DONE = _native.STEP_DONE


def now_ms() -> int:
    """The wall clock in unix milliseconds (what every step answer carries)."""
    return time.time_ns() // 1_000_000


class DictStore:
    """A store in a dict, with the semantics docs/driver.md specifies.

    Values are kept verbatim with an optional expiry (unix ms). ``repr`` shows keys only:
    values hold tokens.
    """

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, Optional[int]]] = {}

    def get(self, key: str, now: int) -> Optional[str]:
        entry = self._data.get(key)
        if entry is None:
            return None
        value, expiry = entry
        if expiry is not None and now >= expiry:
            del self._data[key]
            return None
        return value

    def put(self, key: str, value: str, ttl_ms: Optional[int], now: int) -> None:
        self._data[key] = (value, None if ttl_ms is None else now + ttl_ms)

    def compare_and_set(
        self,
        key: str,
        expected: Optional[str],
        new: Optional[str],
        ttl_ms: Optional[int],
        now: int,
    ) -> bool:
        if self.get(key, now) != expected:
            return False
        if new is None:
            self._data.pop(key, None)
        else:
            self.put(key, new, ttl_ms, now)
        return True

    def lock(self, key: str, owner: str, lease_ms: int, now: int) -> bool:
        if self.get(key, now) is not None:
            return False
        self.put(key, owner, lease_ms, now)
        return True

    def unlock(self, key: str, owner: str, now: int) -> None:
        if self.get(key, now) == owner:
            del self._data[key]

    def keys(self, now: int) -> list[str]:
        return sorted(k for k in list(self._data) if self.get(k, now) is not None)

    def __repr__(self) -> str:
        return f"DictStore(keys={sorted(self._data)!r})"


def _store_step(store: DictStore, step: tuple[Any, ...], now: int) -> tuple[str, Any]:
    """Applies a store step; returns the answer method's name and its argument."""
    kind = step[0]
    if kind == STEP_GET:
        return "value", store.get(step[1], now)
    if kind == STEP_PUT:
        store.put(step[1], step[2], step[3], now)
        return "ack", None
    if kind == STEP_COMPARE_AND_SET:
        return "flag", store.compare_and_set(step[1], step[2], step[3], step[4], now)
    if kind == STEP_LOCK:
        return "flag", store.lock(step[1], step[2], step[3], now)
    if kind == STEP_UNLOCK:
        store.unlock(step[1], step[2], now)
        return "ack", None
    raise ValueError(f"not a store step: {kind!r}")


def run(
    call: Any,
    step: tuple[Any, ...],
    *,
    send: Callable[[Request], Any],
    store: DictStore,
    clock: Callable[[], int] = now_ms,
    sleep: Callable[[float], None] = time.sleep,
    on_event: Optional[Callable[[dict[str, Any]], None]] = None,
) -> Any:
    """Drives ``call`` from its first ``step`` to the end and returns the Done value.

    ``send(request) -> Response | (status, body)`` does the HTTP; raising
    :class:`~wxopen.TransportError` means nothing came back.
    """
    response_body: Optional[bytes] = None
    while True:
        kind = step[0]
        if kind == STEP_DONE:
            return step[1]
        try:
            if kind == STEP_HTTP:
                _, method, url, headers, body = step
                try:
                    response = send(Request(method, url, headers, body))
                except TransportError as e:
                    step = call.transport_failed(str(e), clock())
                    continue
                if isinstance(response, tuple):
                    response = Response(response[0], response[1])
                response_body = response.body
                step = call.response(response.status, response.body, clock())
            elif kind == STEP_SLEEP:
                sleep(step[1] / 1000)
                step = call.ack(clock())
            elif kind == STEP_EVENT:
                if on_event is not None:
                    on_event(json.loads(step[1]))
                step = call.ack(clock())
            else:
                now = clock()
                try:
                    method, arg = _store_step(store, step, now)
                except Exception as exc:
                    try:
                        step = call.store_failed(f"{type(exc).__name__}: {exc}", clock())
                    except StoreError as err:
                        raise err from exc
                    continue
                answer = getattr(call, method)
                step = answer(clock()) if method == "ack" else answer(arg, clock())
        except (ApiError, HttpStatusError, DecodeError) as e:
            if response_body is not None and e.raw is None:
                e.raw = response_body
            raise
