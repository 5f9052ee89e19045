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

The classes are implemented in Rust (``wxopen._native``): an event holds its fields and turns a
field into a Python value only when it is read, so handling a push costs little more than
decrypting it. Events support ``event.field``, ``event["field"]``, ``"field" in event``,
``event.keys()``, ``event.to_dict()`` and ``==``; their repr hides tickets and codes.
"""

from __future__ import annotations

from ._native import (
    Authorized,
    ComponentVerifyTicket,
    Event,
    FastRegister,
    FastRegisterBeta,
    FastVerifyBeta,
    OtherEvent,
    Unauthorized,
    UpdateAuthorized,
    Webhook,
    WebhookRouter,
    signature,
)

__all__ = [
    "DEFAULT_MAX_AGE",
    "DEFAULT_MAX_BODY_BYTES",
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

#: Default freshness window for a push's ``timestamp``, in seconds.
DEFAULT_MAX_AGE = 300
#: Default largest push body accepted, in bytes.
DEFAULT_MAX_BODY_BYTES = 64 * 1024
