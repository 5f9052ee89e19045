"""Push events (spec §6, §7): verify, decrypt and parse what WeChat POSTs to the platform's
授权事件接收URL.

::

    hook = wxopen.Webhook(token="...", encoding_aes_key="...", component_appid="wx...")

    # in a Flask view
    event = hook.parse(request.args, request.get_data())
    if isinstance(event, wxopen.ComponentVerifyTicket):
        store.save_ticket(event.ticket)
    return "success"

``parse`` checks, in order: body size, the query parameters, the freshness of ``timestamp``
(default ±300 s, against replays), the envelope (DOCTYPE/entities refused), the platform appid,
``msg_signature`` (constant time), decryption and the receive id; then it returns one of the
event classes below. An unknown ``InfoType`` comes back as :class:`OtherEvent` with all its
fields — never an error, never dropped.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Optional, Union

from . import _native
from .results import Result

__all__ = [
    "Authorized",
    "ComponentVerifyTicket",
    "Event",
    "FastRegister",
    "FastRegisterBeta",
    "FastVerifyBeta",
    "OtherEvent",
    "Unauthorized",
    "UpdateAuthorized",
    "Webhook",
    "WebhookRouter",
    "signature",
]

Query = Union[str, Any]
Body = Union[bytes, bytearray, str]

DEFAULT_MAX_AGE = 300
DEFAULT_MAX_BODY_BYTES = 64 * 1024


class Event(Result):
    """A push event. Every event has ``type``, ``component_appid`` (the platform the push is
    for), ``create_time`` (unix seconds) and ``info_type`` (WeChat's ``InfoType``, verbatim)."""

    type: str
    component_appid: str
    create_time: int
    info_type: str


class ComponentVerifyTicket(Event):
    """``component_verify_ticket``: store ``ticket``; the latest one gets component tokens."""

    ticket: str


class Authorized(Event):
    """``authorized``: an account authorized the platform; exchange ``authorization_code``."""

    authorizer_appid: str
    authorization_code: str
    authorization_code_expired_time: int
    pre_auth_code: Optional[str]


class UpdateAuthorized(Authorized):
    """``updateauthorized``: an account changed the permission sets it grants."""


class Unauthorized(Event):
    """``unauthorized``: an account revoked the authorization; drop its tokens."""

    authorizer_appid: str


class FastRegister(Event):
    """``notify_third_fasteregister``: result of a fast registration (enterprise, personal, or a
    2026 task with ``info.taskid``). ``status`` 0 is success, with ``appid`` and ``auth_code``."""

    appid: Optional[str]
    auth_code: Optional[str]
    status: int
    msg: str
    info: Optional[Result]


class FastRegisterBeta(Event):
    """``notify_third_fastregisterbetaapp``: result of a trial mini-program registration."""

    appid: Optional[str]
    status: int
    msg: str
    info: Optional[Result]


class FastVerifyBeta(Event):
    """``notify_third_fastverifybetaapp``: result of a trial app's verification (转正)."""

    appid: Optional[str]
    status: int
    msg: str
    info: Optional[Result]


class OtherEvent(Event):
    """Any other ``InfoType``, with every field kept."""


_EVENT_CLASSES: dict[str, type[Event]] = {
    "component_verify_ticket": ComponentVerifyTicket,
    "authorized": Authorized,
    "update_authorized": UpdateAuthorized,
    "unauthorized": Unauthorized,
    "fast_register": FastRegister,
    "fast_register_beta": FastRegisterBeta,
    "fast_verify_beta": FastVerifyBeta,
    "other": OtherEvent,
}


def _event(payload: str) -> Event:
    data = json.loads(payload)
    return _EVENT_CLASSES.get(data.get("type", ""), OtherEvent)(data)


def _now(now: Optional[float]) -> int:
    return int(time.time() if now is None else now)


class Webhook:
    """One platform's push endpoint.

    Args:
        token: the platform's message-check Token.
        encoding_aes_key: the 43-character EncodingAESKey.
        component_appid: the platform's appid (the receive id every push must carry).
        max_age: freshness window in seconds for ``timestamp`` (default 300); ``None`` turns the
            check off (only for replaying recorded pushes in tests).
        max_body_bytes: the largest body accepted (default 64 KiB).

    Raises:
        InvalidAesKeyError: the EncodingAESKey is not 43 characters decoding to 32 bytes.
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        *,
        token: str,
        encoding_aes_key: str,
        component_appid: str,
        max_age: Optional[int] = DEFAULT_MAX_AGE,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._native = _native.Webhook(
            token, encoding_aes_key, component_appid, max_age, max_body_bytes
        )

    @property
    def component_appid(self) -> str:
        return self._native.component_appid

    @property
    def max_age(self) -> Optional[int]:
        return self._native.max_age_secs

    @property
    def max_body_bytes(self) -> int:
        return self._native.max_body_bytes

    def parse(self, query: Query, body: Body, *, now: Optional[float] = None) -> Event:
        """Verifies, decrypts and parses a push.

        Args:
            query: the request's query parameters: the raw query string, or a mapping such as
                Flask's ``request.args`` / FastAPI's ``request.query_params`` / a dict.
            body: the raw request body.
            now: the current unix time (default: the system clock).
        """
        return _event(self._native.parse(query, body, _now(now)))

    def decrypt(self, query: Query, body: Body, *, now: Optional[float] = None) -> bytes:
        """Verifies and decrypts a push, returning the XML (for pushes of the 消息与事件接收URL)."""
        return self._native.decrypt(query, body, _now(now))

    def verify_url(self, query: Query, *, now: Optional[float] = None) -> str:
        """Answers WeChat's URL verification (GET): returns the text to send back."""
        return self._native.verify_url(query, _now(now))

    def encrypt_reply(
        self, xml: Union[str, bytes], *, nonce: str, timestamp: Optional[int] = None
    ) -> str:
        """Encrypts and signs a reply, returning the reply XML. Component events never need one:
        answer them with ``success``."""
        msg = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
        return self._native.encrypt_reply(msg, os.urandom(16), _now(timestamp), nonce)

    def encrypt(
        self,
        xml: Union[str, bytes],
        *,
        timestamp: Union[str, int],
        nonce: str,
        random: Optional[bytes] = None,
    ) -> tuple[str, str]:
        """Encrypts and signs a message as WeChat does: ``(encrypt, msg_signature)``. For tests,
        simulators and tools; ``random`` (16 bytes) defaults to ``os.urandom``."""
        msg = xml.encode("utf-8") if isinstance(xml, str) else bytes(xml)
        rnd = os.urandom(16) if random is None else random
        return self._native.encrypt(msg, rnd, str(timestamp), nonce)

    def __repr__(self) -> str:
        return (
            f"Webhook(component_appid={self.component_appid!r}, token=***, "
            f"encoding_aes_key=***, max_age={self.max_age!r})"
        )


class WebhookRouter:
    """Several platforms behind one URL: picks the :class:`Webhook` by the envelope's AppId
    (which only chooses the keys; that platform's signature and appid checks still apply)."""

    __slots__ = ("_hooks", "_native")

    def __init__(self, *hooks: Webhook) -> None:
        self._hooks = hooks
        self._native = _native.WebhookRouter([h._native for h in hooks])

    def parse(self, query: Query, body: Body, *, now: Optional[float] = None) -> Event:
        """Like :meth:`Webhook.parse`, for whichever platform the push is for."""
        return _event(self._native.parse(query, body, _now(now)))

    def __repr__(self) -> str:
        return f"WebhookRouter({', '.join(repr(h.component_appid) for h in self._hooks)})"


def signature(token: str, timestamp: str, nonce: str, encrypt: Optional[str] = None) -> str:
    """The SHA-1 signature WeChat computes (spec §6.6): over token, timestamp, nonce and, for
    ``msg_signature``, the ``Encrypt`` text."""
    return _native.signature(token, timestamp, nonce, encrypt)
