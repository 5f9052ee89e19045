"""The platform: :class:`Platform` (blocking) and :class:`AsyncPlatform` (asyncio) — the
operations of :class:`~wxopen.Client` with the tokens handled.

The credential lifecycle lives in the Rust core's driver (docs/driver.md): it keeps the pushed
``component_verify_ticket``, mints and refreshes the component token and every authorizer's
token, retries what is safe to retry, exchanges each authorization code once and keeps it all
in a store that processes (and platforms) share. It does no I/O itself: it hands this module
one step at a time — send this request, read or write this store key, sleep, log this event —
and the loops below carry the steps out.

::

    platform = wxopen.Platform(
        component_appid="wx…", component_appsecret="…", token="…", encoding_aes_key="…",
        store=wxopen.SqliteStore("wxopen.sqlite3"),
    )
    event = platform.handle(query, body)                  # the push URL: verify, parse, apply
    message = platform.handle_message(appid, query, body) # the message URL ($APPID$ in the path)
    merchant = platform.authorize(auth_code)              # the authorization redirect
    platform.authorizer(merchant.authorizer_appid).open_get()   # authorizer token handled
    reg = platform.register_beta(name="…", openid="…")    # component token handled
    platform.tasks.wait(reg.task.id, progress=True)       # the registration's task, settled

Every driver event (mint, refresh, retry, failure, …) goes to the ``on_event`` callback and to
the :mod:`logging` logger ``wxopen.platform``; events never carry a token, ticket, code,
refresh token or secret.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import secrets
import time
import weakref
from collections.abc import Mapping
from typing import Any, Callable, Optional

from . import _native
from .client import (
    DEFAULT_API_BASE,
    DEFAULT_MP_BASE,
    DEFAULT_OPEN_BASE,
    MANAGED_OPERATIONS,
    PLATFORM_FILLED,
    _coerce,
    _input_json,
    _install_operations,
    _Missing,
    operations,
)
from .exceptions import RAW_CODES, StoreError, TransportError, WxOpenError
from .http import Request, Response
from .release import ReleaseCheck
from .results import AuthorizeResult
from .tasks import AsyncTasks, Tasks, _registered
from .tokens import AuthorizerToken, ComponentToken
from .transports import ThreadedAsyncTransport, UrllibTransport, _wrap_error
from .webhook import DEFAULT_MAX_AGE, Message, Webhook

__all__ = ["AsyncAuthorizer", "AsyncPlatform", "Authorizer", "Platform", "now_ms"]

#: The logger every driver event goes to (``logging.getLogger("wxopen.platform")``).
logger = logging.getLogger("wxopen.platform")

_HTTP = _native.STEP_HTTP
_GET = _native.STEP_GET
_PUT = _native.STEP_PUT
_CAS = _native.STEP_COMPARE_AND_SET
_LOCK = _native.STEP_LOCK
_UNLOCK = _native.STEP_UNLOCK
_SLEEP = _native.STEP_SLEEP
_EVENT = _native.STEP_EVENT
_DONE = _native.STEP_DONE

# Log level of each event kind (others: INFO).
_LEVELS = {
    "failure": logging.WARNING,
    "authorizer_revoked": logging.WARNING,
    "authorizer_needs_reauthorization": logging.WARNING,
    "unauthorized_ignored": logging.WARNING,
    "stale_token_served": logging.WARNING,
    "ticket_kept": logging.DEBUG,
    "auth_code_already_claimed": logging.DEBUG,
}


def _nonce(given: Optional[str]) -> str:
    """The reply envelope's nonce: the caller's, or a fresh random one (WeChat only checks that
    the signature covers it)."""
    return secrets.token_hex(8) if given is None else given


def now_ms() -> int:
    """The wall clock in unix milliseconds (the driver's time unit)."""
    return time.time_ns() // 1_000_000


# Platforms alive in this process: a forked child gives each a new driver (new random seed and
# an empty warm cache), so parent and children never share lock-owner ids.
_LIVE: weakref.WeakSet[_Base] = weakref.WeakSet()


def _after_fork() -> None:
    for platform in list(_LIVE):
        platform._driver = platform._new_driver()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _transport_failure(request: Request, exc: BaseException) -> TransportError:
    """``exc`` (raised while sending) as a TransportError whose message names the request with
    its credentials redacted."""
    if isinstance(exc, TransportError):
        text = _native.redact(request.url, request.body, str(exc))
        if text == str(exc):
            return exc
        return TransportError(text)
    return _wrap_error(request, exc)


def _store_detail(exc: BaseException, step: tuple[Any, ...]) -> str:
    """A store failure's text for the driver (it reaches error messages and events): the
    exception, with any value of the step (records hold tokens) and any credential inside it
    replaced by ``***``."""
    try:
        text = f"{type(exc).__name__}: {exc}"
    except Exception:
        text = type(exc).__name__
    hidden: list[str] = []
    for item in step[2:]:
        if isinstance(item, str) and len(item) >= 6:
            hidden.append(item)
            try:
                record = json.loads(item)
            except ValueError:
                continue
            if isinstance(record, dict):
                hidden += [v for v in record.values() if isinstance(v, str) and len(v) >= 6]
    for secret in sorted(hidden, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _decorate(error: WxOpenError, body: Optional[bytes], failure: Optional[BaseException]) -> None:
    """Attaches the last response body (``raw``) or the last transport failure (the cause)."""
    if body is not None and error.code in RAW_CODES and getattr(error, "raw", None) is None:
        error.raw = body  # type: ignore[attr-defined]
    if failure is not None and isinstance(error, TransportError) and error.__cause__ is None:
        error.__cause__ = failure.__cause__ or failure
        error.__suppress_context__ = True


def _send_of(transport: Any) -> Callable[[Request], Any]:
    send = getattr(transport, "send", None)
    send = send if callable(send) else transport
    if not callable(send):
        raise TypeError("transport must have a send(request) method or be callable")
    return send


def _token_of(text: str) -> Any:
    token = json.loads(text)
    if token["kind"] == "component":
        return ComponentToken(token["access_token"])
    return AuthorizerToken(token["authorizer_appid"], token["access_token"])


class _Base:
    """What the blocking and the asyncio platform share: configuration, the driver, events,
    page URLs, results. The loop that carries the steps out is each one's own."""

    def __init__(
        self,
        *,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        store: Any,
        api_base: str = DEFAULT_API_BASE,
        mp_base: str = DEFAULT_MP_BASE,
        open_base: str = DEFAULT_OPEN_BASE,
        read_only: bool = False,
        policy: Optional[Mapping[str, int]] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age: Optional[int] = DEFAULT_MAX_AGE,
        on_event: Optional[Callable[[dict[str, Any]], Any]] = None,
        clock: Optional[Callable[[], int]] = None,
    ) -> None:
        if store is None:
            raise TypeError(
                "store is required: wxopen.SqliteStore(path) for one machine, "
                "wxopen.RedisStore(client) for several, wxopen.MemoryStore() for tests"
            )
        self._bases = _native.check_bases(api_base, mp_base, open_base)
        policy_json = None if policy is None else json.dumps(dict(policy))
        max_age = -1 if webhook_max_age is None else int(webhook_max_age)

        # The secrets stay inside this closure and the driver: no attribute, repr or partial
        # shows them.
        def new_driver() -> Any:
            return _native.Driver(
                component_appid,
                component_appsecret,
                token,
                encoding_aes_key,
                seed=secrets.randbits(64),
                api_base=self._bases[0],
                read_only=read_only,
                policy_json=policy_json,
                key_prefix=key_prefix,
                webhook_max_age_secs=max_age,
            )

        self._driver = new_driver()
        self._new_driver = new_driver
        # The message URL's parser, with the same keys (its repr redacts them).
        self._webhook = Webhook(
            token=token,
            encoding_aes_key=encoding_aes_key,
            component_appid=component_appid,
            max_age=webhook_max_age,
        )
        self._component_appid: str = self._driver.component_appid
        self._store = store
        self._on_event = on_event
        self._clock: Callable[[], int] = clock or now_ms
        _LIVE.add(self)

    # ----- what the platform is ------------------------------------------------------------

    @property
    def component_appid(self) -> str:
        """The platform's component appid."""
        return self._component_appid

    @property
    def read_only(self) -> bool:
        """Whether this platform only uses stored tokens (never mints or refreshes them)."""
        return bool(self._driver.read_only)

    @property
    def store(self) -> Any:
        """The store given to the constructor."""
        return self._store

    @property
    def policy(self) -> dict[str, int]:
        """The driver policy in force (defaults with the overrides given), docs/driver.md §5."""
        return json.loads(self._driver.policy())

    @staticmethod
    def default_policy() -> dict[str, int]:
        """The core's default policy (docs/driver.md §5)."""
        return json.loads(_native.Driver.default_policy())

    def clear_cache(self) -> None:
        """Forgets this process's warm token cache (the next call reads the store)."""
        self._driver.clear_cache()

    # ----- the message URL (no I/O; the public methods are each platform's) -----------------

    def _parse_message(self, authorizer_appid: str, query: Any, body: Any) -> Message:
        return self._webhook.parse_message(authorizer_appid, query, body, now=self._clock() // 1000)

    def _reply_text(self, message: Message, content: str, nonce: Optional[str]) -> str:
        return self._webhook.reply_text(
            message, content, nonce=_nonce(nonce), timestamp=self._clock() // 1000
        )

    def _release_check(
        self, message: Message, nonce: Optional[str], any_account: bool
    ) -> Optional[ReleaseCheck]:
        return self._webhook.release_check(
            message,
            nonce=_nonce(nonce),
            timestamp=self._clock() // 1000,
            any_account=any_account,
        )

    # ----- shared helpers -------------------------------------------------------------------

    def _page(self, op: str, args: dict[str, Any]) -> str:
        """A page URL, built and validated by the core on the platform's page bases (not
        sent), with the platform's ``component_appid`` where it was left out."""
        given = args.get("component_appid")
        filled = "component_appid" in PLATFORM_FILLED.get(op, ())
        if filled and (given is None or isinstance(given, _Missing)):
            args["component_appid"] = self._component_appid
        return _native.build(op, _input_json(args), "none", None, None, *self._bases)[1]

    @staticmethod
    def _result(text: str, body: Optional[bytes], result: Any) -> Any:
        output = json.loads(text)
        if output is None or result is None:
            return None
        return result(output, body)

    def _log_event(self, text: str) -> dict[str, Any]:
        record: dict[str, Any] = json.loads(text)
        kind = record.get("kind", "event")
        level = _LEVELS.get(kind, logging.INFO)
        if logger.isEnabledFor(level):
            fields = " ".join(f"{k}={v}" for k, v in record.items() if k != "kind")
            logger.log(
                level,
                "%s %s",
                kind,
                fields,
                extra={"wxopen_event": record, "component_appid": self._component_appid},
            )
        return record

    def __repr__(self) -> str:
        ro = ", read_only=True" if self.read_only else ""
        return (
            f"{type(self).__name__}(component_appid={self._component_appid!r}, "
            f"store={self._store!r}{ro})"
        )


# ----- blocking -----------------------------------------------------------------------------


class Platform(_Base):
    """A WeChat third-party platform with its tokens handled (blocking).

    Args (keyword-only):
        component_appid, component_appsecret: the platform's appid and AppSecret.
        token, encoding_aes_key: the message Token and EncodingAESKey of its push URLs.
        store: where the ticket, tokens, refresh tokens, locks and claims live — a
            :class:`~wxopen.SqliteStore` (one machine), :class:`~wxopen.RedisStore` (several),
            :class:`~wxopen.MemoryStore` (tests) or any :class:`~wxopen.Store`. Required:
            refresh tokens are durable state.
        transport: as for :class:`~wxopen.Client` (default: standard library). Keep its
            timeout below the policy's ``lock_lease_ms`` (20 s).
        api_base, mp_base, open_base: WeChat's hosts, or a sandbox's.
        read_only: use the tokens in the store but never mint or refresh them (a developer's
            machine pointed at production's store); none usable → :class:`~wxopen.ReadOnlyError`.
        policy: overrides of the driver policy (``refresh_margin_ms``, ``max_retries``, …;
            :meth:`default_policy` lists them); an unknown name is InvalidArgument.
        key_prefix: the first part of every store key (default ``wxopen``).
        webhook_max_age: the freshness window of pushes in seconds (default 300); ``None``
            turns the check off (replaying recorded pushes).
        on_event: called with each driver event (a dict with ``kind``; never a secret).
            Events also go to the ``wxopen.platform`` logger. An exception it raises is
            logged and otherwise ignored.
        clock: unix-milliseconds clock (tests pass a fake one); default the wall clock.
        sleep: ``sleep(seconds)`` for backoff and lock waits (tests advance their clock).

    Every operation of :class:`~wxopen.Client` that takes a component token or none is a
    method here without the token (the same method, written once); those that take an
    authorizer token are on :meth:`authorizer`. The three token calls the driver makes itself
    are not offered: see :meth:`component_access_token`, :meth:`authorizer_access_token` and
    :meth:`authorize`. The platform's own ``component_appid``, AppSecret and
    (``clear_quota``) ``appid`` are optional: filled in by the driver for the calls, by the
    platform for the page URLs (built, not sent).
    The registrations (``register_*``, ``verify_beta``, ``register_by_reuse_oa``) return a
    :class:`~wxopen.Registration`: the usual result with ``.task``, the registration task
    recorded in the store; :attr:`tasks` reads, lists and waits for tasks.
    Thread-safe: share one Platform between threads; give each process its own (a forked
    child gets a fresh driver automatically).
    """

    def __init__(
        self,
        *,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        store: Any,
        transport: Any = None,
        api_base: str = DEFAULT_API_BASE,
        mp_base: str = DEFAULT_MP_BASE,
        open_base: str = DEFAULT_OPEN_BASE,
        read_only: bool = False,
        policy: Optional[Mapping[str, int]] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age: Optional[int] = DEFAULT_MAX_AGE,
        on_event: Optional[Callable[[dict[str, Any]], Any]] = None,
        clock: Optional[Callable[[], int]] = None,
        sleep: Optional[Callable[[float], Any]] = None,
    ) -> None:
        if inspect.iscoroutinefunction(getattr(store, "get", None)):
            raise TypeError(
                f"{type(store).__name__} is an asyncio store: use it with wxopen.AsyncPlatform "
                "(Platform takes a blocking store such as wxopen.RedisStore)"
            )
        if inspect.iscoroutinefunction(on_event) or inspect.iscoroutinefunction(sleep):
            raise TypeError(
                "on_event and sleep of a Platform are called, not awaited: pass plain "
                "functions (or use wxopen.AsyncPlatform)"
            )
        super().__init__(
            component_appid=component_appid,
            component_appsecret=component_appsecret,
            token=token,
            encoding_aes_key=encoding_aes_key,
            store=store,
            api_base=api_base,
            mp_base=mp_base,
            open_base=open_base,
            read_only=read_only,
            policy=policy,
            key_prefix=key_prefix,
            webhook_max_age=webhook_max_age,
            on_event=on_event,
            clock=clock,
        )
        self._transport = transport if transport is not None else UrllibTransport()
        self._send = _send_of(self._transport)
        self._sleep: Callable[[float], Any] = sleep or time.sleep

    # ----- entry points ---------------------------------------------------------------------

    def handle(self, query: Any, body: Any) -> Any:
        """Handles a push to the 授权事件接收URL: verifies the signature and freshness,
        decrypts, parses, and applies its side effects — a ticket is stored, an authorization
        code (``authorized``, ``updateauthorized``, a successful fast registration) is
        exchanged exactly once, ``unauthorized`` marks the authorizer revoked. Returns the
        typed event (:class:`~wxopen.Event`); answer WeChat ``success``.

        ``query``: the raw query string (str or bytes), a mapping or pairs; ``body``: the raw
        body (bytes, bytearray or str). A push that does not verify raises a
        :class:`~wxopen.WebhookError` / :class:`~wxopen.CryptoError` before anything is stored;
        a failing side effect raises too (answer an error: WeChat redelivers, and the
        redelivery is safe).
        """
        call, step = self._driver.handle(query, body, self._clock())
        return self._run(call, step)[0]

    def handle_message(self, authorizer_appid: str, query: Any, body: Any) -> Message:
        """Handles a push to the 消息与事件接收URL (configured with ``$APPID$``: pass the path's
        appid): verifies the signature and freshness with the platform's keys (and its clock),
        decrypts and parses it. Returns the typed :class:`~wxopen.Message`; nothing is stored
        and no component event is applied (those belong to :meth:`handle`). Its ``dedup_key``
        is what WeChat's retries share: skip a key already handled (answer ``success``).
        Answer with :data:`~wxopen.SUCCESS`, :meth:`reply_text`, or — for the
        full-network-release test accounts — what :meth:`release_check` gives. A push that does
        not verify raises a :class:`~wxopen.WebhookError` / :class:`~wxopen.CryptoError`."""
        return self._parse_message(authorizer_appid, query, body)

    def reply_text(self, message: Message, content: str, *, nonce: Optional[str] = None) -> str:
        """The encrypted passive text reply to ``message`` (see
        :meth:`wxopen.Webhook.reply_text`), timed by the platform's clock; ``nonce`` defaults
        to a random one."""
        return self._reply_text(message, content, nonce)

    def release_check(
        self, message: Message, *, nonce: Optional[str] = None, any_account: bool = False
    ) -> Optional[ReleaseCheck]:
        """The full-network-release check's answer to ``message`` (see
        :meth:`wxopen.Webhook.release_check`): ``None``, or the ``body`` to answer with now and
        a ``follow_up`` to run after, with this platform's tokens:
        ``check.follow_up.run(platform)`` exchanges the code through :meth:`authorize` (the
        test account's tokens are stored) and sends the text as the test account."""
        return self._release_check(message, nonce, any_account)

    def authorize(self, auth_code: str) -> AuthorizeResult:
        """Exchanges the authorization redirect's ``auth_code`` (``redirect_uri?auth_code=…``)
        and stores the authorizer's tokens — once, even when the ``authorized`` push with the
        same code arrives at the same time (then the push's exchange is awaited and reported
        with ``exchanged`` False). Returns :class:`~wxopen.AuthorizeResult`
        (``authorizer_appid``, ``func_info``, ``exchanged``). Errcodes 61009/61010: the code is
        invalid or expired."""
        call, step = self._driver.authorize(auth_code, self._clock())
        return AuthorizeResult(json.loads(self._run(call, step)[0]))

    def authorizer(self, authorizer_appid: str) -> Authorizer:
        """The handle of one authorized account: every operation that takes an authorizer
        token, with the token handled (``platform.authorizer("wx…").open_get()``)."""
        return Authorizer(self, authorizer_appid)

    def component_access_token(self) -> ComponentToken:
        """The component access token (minted or refreshed when needed), for calls outside
        wxopen: a :class:`~wxopen.ComponentToken`; ``.value`` is the token."""
        call, step = self._driver.component_access_token(self._clock())
        return _token_of(self._run(call, step)[0])

    def authorizer_access_token(self, authorizer_appid: str) -> AuthorizerToken:
        """An authorizer's access token (refreshed when needed), for calls outside wxopen (the
        account's own APIs): a :class:`~wxopen.AuthorizerToken`."""
        call, step = self._driver.authorizer_access_token(authorizer_appid, self._clock())
        return _token_of(self._run(call, step)[0])

    def store_ticket(self, ticket: str, create_time: int) -> bool:
        """Stores a ``component_verify_ticket`` received elsewhere (``handle`` stores pushed
        ones itself). ``create_time``: the push's CreateTime (unix seconds). Returns False when
        the store keeps a newer one."""
        call, step = self._driver.store_ticket(ticket, create_time, self._clock())
        return bool(self._run(call, step)[0])

    def import_authorizer(self, authorizer_appid: str, refresh_token: str) -> None:
        """Stores an authorizer's refresh token from another system (migrating to wxopen): its
        access token is then refreshed on first use."""
        call, step = self._driver.import_authorizer(authorizer_appid, refresh_token, self._clock())
        self._run(call, step)

    def authorizer_status(self, authorizer_appid: str) -> Optional[str]:
        """``"authorized"``, ``"needs_reauthorization"`` (61023: the refresh token died),
        ``"revoked"`` (unauthorized push or 61003), or ``None`` (nothing stored)."""
        call, step = self._driver.authorizer_status(authorizer_appid, self._clock())
        return self._run(call, step)[0]

    @property
    def tasks(self) -> Tasks:
        """The registration tasks (:class:`~wxopen.Tasks`): ``get``, ``list``, ``reconcile``,
        ``wait``. Every registration this platform starts (``register_*``, ``verify_beta``,
        ``register_by_reuse_oa``; the result's ``.task``) and every result push it handles
        updates them, in the store (docs/tasks.md)."""
        return Tasks(self)

    # ----- the loop -------------------------------------------------------------------------

    def _op(self, op: str, appid: Optional[str], args: dict[str, Any], result: Any) -> Any:
        """Runs the operation ``op`` (for the authorizer ``appid``, or the platform); a
        registration through the driver's ``register``, its result carrying the task."""
        if op in _REGISTERS:
            call, step = self._driver.register(op, _input_json(args), appid, self._clock())
            text, body = self._run(call, step)
            return _registered(text, body, result)
        call, step = self._driver.call(op, _input_json(args), appid, self._clock())
        text, body = self._run(call, step)
        return self._result(text, body, result)

    # The operation bodies call ``_call(op, token, args, result)``; on the platform the token
    # argument is always None, which is exactly "no authorizer" for ``_op`` (one frame less).
    _call = _op

    def _run(
        self,
        call: Any,
        step: tuple[Any, ...],
        observe: Optional[Callable[[dict[str, Any]], Any]] = None,
    ) -> tuple[Any, Optional[bytes]]:
        """Carries out ``call``'s steps from ``step`` to Done; returns the Done value and the
        last response body. ``observe`` also gets each event record of this call (after the
        logger and ``on_event``)."""
        clock = self._clock
        body: Optional[bytes] = None
        failure: Optional[BaseException] = None
        try:
            while True:
                kind = step[0]
                if kind == _HTTP:
                    request = Request(step[1], step[2], step[3], step[4])
                    try:
                        response = self._send(request)
                        if type(response) is not Response:
                            response = _coerce(response)
                    except Exception as e:  # nothing usable came back
                        failure = _transport_failure(request, e)
                        step = call.transport_failed(str(failure), clock())
                        continue
                    body = response.body
                    step = call.response(response.status, body, clock())
                elif kind == _DONE:
                    return step[1], body
                elif kind == _EVENT:
                    record = self._event(step[1])
                    if observe is not None:
                        observe(record)
                    step = call.ack(clock())
                elif kind == _SLEEP:
                    self._sleep(step[1] / 1000)
                    step = call.ack(clock())
                else:
                    step = self._store_step(call, step)
        except WxOpenError as e:
            _decorate(e, body, failure)
            raise

    def _store_step(self, call: Any, step: tuple[Any, ...]) -> tuple[Any, ...]:
        store, kind = self._store, step[0]
        now = self._clock()
        value: Any = None
        try:
            if kind == _GET:
                value = store.get(step[1], now)
            elif kind == _PUT:
                store.put(step[1], step[2], step[3], now)
            elif kind == _CAS:
                value = store.compare_and_set(step[1], step[2], step[3], step[4], now)
            elif kind == _LOCK:
                value = store.lock(step[1], step[2], step[3], now)
            else:
                store.unlock(step[1], step[2], now)
        except Exception as exc:  # the backend failed: the call ends with StoreError
            try:
                return call.store_failed(_store_detail(exc, step), self._clock())
            except StoreError as err:
                raise err from exc
        if kind == _GET:
            return call.value(value, self._clock())
        if kind == _CAS or kind == _LOCK:
            return call.flag(bool(value), self._clock())
        return call.ack(self._clock())

    def _event(self, text: str) -> dict[str, Any]:
        record = self._log_event(text)
        if self._on_event is not None:
            try:
                self._on_event(record)
            except Exception:
                logger.warning("on_event callback failed", exc_info=True)
        return record


class Authorizer:
    """One authorized account of a :class:`Platform`: every operation that takes an
    authorizer token, with the token obtained (and refreshed) by the platform.

    Made by :meth:`Platform.authorizer`; cheap, holds no state of its own.
    """

    __slots__ = ("_platform", "appid")

    def __init__(self, platform: Platform, appid: str) -> None:
        self._platform = platform
        #: The authorizer's appid.
        self.appid = appid

    def _call(self, op: str, token: Any, args: dict[str, Any], result: Any) -> Any:
        return self._platform._op(op, self.appid, args, result)

    def access_token(self) -> AuthorizerToken:
        """Its access token, for calls outside wxopen (see
        :meth:`Platform.authorizer_access_token`)."""
        return self._platform.authorizer_access_token(self.appid)

    def status(self) -> Optional[str]:
        """Its stored status (see :meth:`Platform.authorizer_status`)."""
        return self._platform.authorizer_status(self.appid)

    def __repr__(self) -> str:
        return f"Authorizer({self.appid!r})"


# ----- asyncio -----------------------------------------------------------------------------


class _DirectStore:
    """A blocking store that never waits (``blocking = False``), called from the event loop."""

    __slots__ = ("_s",)

    def __init__(self, store: Any) -> None:
        self._s = store

    async def get(self, *a: Any) -> Any:
        return self._s.get(*a)

    async def put(self, *a: Any) -> Any:
        return self._s.put(*a)

    async def compare_and_set(self, *a: Any) -> Any:
        return self._s.compare_and_set(*a)

    async def lock(self, *a: Any) -> Any:
        return self._s.lock(*a)

    async def unlock(self, *a: Any) -> Any:
        return self._s.unlock(*a)


class _ThreadedStore(_DirectStore):
    """A blocking store, called in a worker thread so the event loop never waits on it."""

    __slots__ = ()

    async def get(self, *a: Any) -> Any:
        return await asyncio.to_thread(self._s.get, *a)

    async def put(self, *a: Any) -> Any:
        return await asyncio.to_thread(self._s.put, *a)

    async def compare_and_set(self, *a: Any) -> Any:
        return await asyncio.to_thread(self._s.compare_and_set, *a)

    async def lock(self, *a: Any) -> Any:
        return await asyncio.to_thread(self._s.lock, *a)

    async def unlock(self, *a: Any) -> Any:
        return await asyncio.to_thread(self._s.unlock, *a)


class AsyncPlatform(_Base):
    """:class:`Platform` for asyncio: the same arguments and methods; every method that may
    do I/O returns an awaitable (page URLs are returned at once, and :meth:`authorizer` gives
    an :class:`AsyncAuthorizer`).

    ``transport``: as for :class:`~wxopen.AsyncClient` (default: the standard library in a
    worker thread). ``store``: an :class:`~wxopen.AsyncStore` (``AsyncRedisStore``) is
    awaited; a blocking :class:`~wxopen.Store` runs in a worker thread (``SqliteStore``,
    ``RedisStore``) or directly when it never waits (``MemoryStore``). ``sleep`` may be a
    coroutine function; ``on_event`` may be one too.
    """

    def __init__(
        self,
        *,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        store: Any,
        transport: Any = None,
        api_base: str = DEFAULT_API_BASE,
        mp_base: str = DEFAULT_MP_BASE,
        open_base: str = DEFAULT_OPEN_BASE,
        read_only: bool = False,
        policy: Optional[Mapping[str, int]] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age: Optional[int] = DEFAULT_MAX_AGE,
        on_event: Optional[Callable[[dict[str, Any]], Any]] = None,
        clock: Optional[Callable[[], int]] = None,
        sleep: Optional[Callable[[float], Any]] = None,
    ) -> None:
        super().__init__(
            component_appid=component_appid,
            component_appsecret=component_appsecret,
            token=token,
            encoding_aes_key=encoding_aes_key,
            store=store,
            api_base=api_base,
            mp_base=mp_base,
            open_base=open_base,
            read_only=read_only,
            policy=policy,
            key_prefix=key_prefix,
            webhook_max_age=webhook_max_age,
            on_event=on_event,
            clock=clock,
        )
        if store is not None and inspect.iscoroutinefunction(getattr(store, "get", None)):
            self._astore: Any = store
        elif getattr(store, "blocking", True) is False:
            self._astore = _DirectStore(store)
        else:
            self._astore = _ThreadedStore(store)
        self._transport = transport if transport is not None else ThreadedAsyncTransport()
        self._send = _send_of(self._transport)
        self._sleep: Callable[[float], Any] = sleep or asyncio.sleep

    # ----- entry points ---------------------------------------------------------------------

    async def handle(self, query: Any, body: Any) -> Any:
        """See :meth:`Platform.handle`."""
        call, step = self._driver.handle(query, body, self._clock())
        return (await self._run(call, step))[0]

    async def handle_message(self, authorizer_appid: str, query: Any, body: Any) -> Message:
        """See :meth:`Platform.handle_message` (no I/O: awaitable for symmetry)."""
        return self._parse_message(authorizer_appid, query, body)

    async def reply_text(
        self, message: Message, content: str, *, nonce: Optional[str] = None
    ) -> str:
        """See :meth:`Platform.reply_text`."""
        return self._reply_text(message, content, nonce)

    async def release_check(
        self, message: Message, *, nonce: Optional[str] = None, any_account: bool = False
    ) -> Optional[ReleaseCheck]:
        """See :meth:`Platform.release_check`; run the follow-up with
        ``await check.follow_up.arun(platform)``."""
        return self._release_check(message, nonce, any_account)

    async def authorize(self, auth_code: str) -> AuthorizeResult:
        """See :meth:`Platform.authorize`."""
        call, step = self._driver.authorize(auth_code, self._clock())
        return AuthorizeResult(json.loads((await self._run(call, step))[0]))

    def authorizer(self, authorizer_appid: str) -> AsyncAuthorizer:
        """See :meth:`Platform.authorizer`; its methods return awaitables."""
        return AsyncAuthorizer(self, authorizer_appid)

    async def component_access_token(self) -> ComponentToken:
        """See :meth:`Platform.component_access_token`."""
        call, step = self._driver.component_access_token(self._clock())
        return _token_of((await self._run(call, step))[0])

    async def authorizer_access_token(self, authorizer_appid: str) -> AuthorizerToken:
        """See :meth:`Platform.authorizer_access_token`."""
        call, step = self._driver.authorizer_access_token(authorizer_appid, self._clock())
        return _token_of((await self._run(call, step))[0])

    async def store_ticket(self, ticket: str, create_time: int) -> bool:
        """See :meth:`Platform.store_ticket`."""
        call, step = self._driver.store_ticket(ticket, create_time, self._clock())
        return bool((await self._run(call, step))[0])

    async def import_authorizer(self, authorizer_appid: str, refresh_token: str) -> None:
        """See :meth:`Platform.import_authorizer`."""
        call, step = self._driver.import_authorizer(authorizer_appid, refresh_token, self._clock())
        await self._run(call, step)

    async def authorizer_status(self, authorizer_appid: str) -> Optional[str]:
        """See :meth:`Platform.authorizer_status`."""
        call, step = self._driver.authorizer_status(authorizer_appid, self._clock())
        return (await self._run(call, step))[0]

    @property
    def tasks(self) -> AsyncTasks:
        """See :attr:`Platform.tasks`; the methods of :class:`~wxopen.AsyncTasks` are
        coroutines."""
        return AsyncTasks(self)

    # ----- the loop -------------------------------------------------------------------------

    async def _op(self, op: str, appid: Optional[str], args: dict[str, Any], result: Any) -> Any:
        """See :meth:`Platform._op`."""
        if op in _REGISTERS:
            call, step = self._driver.register(op, _input_json(args), appid, self._clock())
            text, body = await self._run(call, step)
            return _registered(text, body, result)
        call, step = self._driver.call(op, _input_json(args), appid, self._clock())
        text, body = await self._run(call, step)
        return self._result(text, body, result)

    _call = _op  # see Platform._call

    async def _run(
        self,
        call: Any,
        step: tuple[Any, ...],
        observe: Optional[Callable[[dict[str, Any]], Any]] = None,
    ) -> tuple[Any, Optional[bytes]]:
        """See :meth:`Platform._run`; ``observe`` is a coroutine function here."""
        clock = self._clock
        body: Optional[bytes] = None
        failure: Optional[BaseException] = None
        try:
            while True:
                kind = step[0]
                if kind == _HTTP:
                    request = Request(step[1], step[2], step[3], step[4])
                    try:
                        response = self._send(request)
                        if inspect.isawaitable(response):
                            response = await response
                        if type(response) is not Response:
                            response = _coerce(response)
                    except Exception as e:  # nothing usable came back
                        failure = _transport_failure(request, e)
                        step = call.transport_failed(str(failure), clock())
                        continue
                    body = response.body
                    step = call.response(response.status, body, clock())
                elif kind == _DONE:
                    return step[1], body
                elif kind == _EVENT:
                    record = await self._event(step[1])
                    if observe is not None:
                        await observe(record)
                    step = call.ack(clock())
                elif kind == _SLEEP:
                    slept = self._sleep(step[1] / 1000)
                    if inspect.isawaitable(slept):
                        await slept
                    step = call.ack(clock())
                else:
                    step = await self._store_step(call, step)
        except WxOpenError as e:
            _decorate(e, body, failure)
            raise

    async def _store_step(self, call: Any, step: tuple[Any, ...]) -> tuple[Any, ...]:
        store, kind = self._astore, step[0]
        now = self._clock()
        value: Any = None
        try:
            if kind == _GET:
                value = await store.get(step[1], now)
            elif kind == _PUT:
                await store.put(step[1], step[2], step[3], now)
            elif kind == _CAS:
                value = await store.compare_and_set(step[1], step[2], step[3], step[4], now)
            elif kind == _LOCK:
                value = await store.lock(step[1], step[2], step[3], now)
            else:
                await store.unlock(step[1], step[2], now)
        except Exception as exc:  # the backend failed: the call ends with StoreError
            try:
                return call.store_failed(_store_detail(exc, step), self._clock())
            except StoreError as err:
                raise err from exc
        if kind == _GET:
            return call.value(value, self._clock())
        if kind == _CAS or kind == _LOCK:
            return call.flag(bool(value), self._clock())
        return call.ack(self._clock())

    async def _event(self, text: str) -> dict[str, Any]:
        record = self._log_event(text)
        if self._on_event is not None:
            try:
                done = self._on_event(record)
                if inspect.isawaitable(done):
                    await done
            except Exception:
                logger.warning("on_event callback failed", exc_info=True)
        return record


class AsyncAuthorizer:
    """:class:`Authorizer` of an :class:`AsyncPlatform`: its methods return awaitables."""

    __slots__ = ("_platform", "appid")

    def __init__(self, platform: AsyncPlatform, appid: str) -> None:
        self._platform = platform
        #: The authorizer's appid.
        self.appid = appid

    def _call(self, op: str, token: Any, args: dict[str, Any], result: Any) -> Any:
        return self._platform._op(op, self.appid, args, result)

    async def access_token(self) -> AuthorizerToken:
        """See :meth:`Authorizer.access_token`."""
        return await self._platform.authorizer_access_token(self.appid)

    async def status(self) -> Optional[str]:
        """See :meth:`Authorizer.status`."""
        return await self._platform.authorizer_status(self.appid)

    def __repr__(self) -> str:
        return f"AsyncAuthorizer({self.appid!r})"


# The operation methods: the Client's own bodies (client._Operations), token-less.
_OPS = operations()
_PLATFORM_OPS = [
    op
    for op in _OPS
    if op["token"] in ("component", "none") and op["name"] not in MANAGED_OPERATIONS
]
_AUTHORIZER_OPS = [op for op in _OPS if op["token"] == "authorizer"]
# The registration create calls (the core's ``task_kind``): run through the driver's
# ``register``, so their result carries the task (:class:`~wxopen.Registration`).
_REGISTERS = frozenset(op["name"] for op in _OPS if op.get("task_kind"))
for _cls in (Platform, AsyncPlatform):
    _install_operations(_cls, _PLATFORM_OPS, platform=True)
for _cls in (Authorizer, AsyncAuthorizer):
    _install_operations(_cls, _AUTHORIZER_OPS, platform=False)
