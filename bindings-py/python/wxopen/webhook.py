"""Push events (spec §6, §7, §13, §14): verify, decrypt and parse what WeChat POSTs to the
platform's 授权事件接收URL (:meth:`Webhook.parse` → an :class:`Event`) and to its
消息与事件接收URL (:meth:`Webhook.parse_message` → a :class:`Message`).

::

    hook = wxopen.Webhook(token="...", encoding_aes_key="...", component_appid="wx...")

    # in a Flask view
    event = hook.parse(request.args, request.get_data())
    if isinstance(event, wxopen.ComponentVerifyTicket):
        store.save_ticket(event.ticket)
    return "success"

``parse`` checks, in order: body size, the query parameters, the freshness of ``timestamp``
(default ±300 s, against replays), the envelope (DOCTYPE/entities refused), the platform appid,
``msg_signature`` (constant time), decryption and the receive id, and that the decrypted push's
``AppId`` names that same platform (else :class:`~wxopen.AppidConflictError`); then it returns
one of the event classes below, whose ``component_appid`` is the verified platform. An unknown
``InfoType`` comes back as :class:`OtherEvent` with all its elements, nesting kept
(``event["info"]["taskid"]``) — never an error, never dropped.

The message URL (``https://example.com/wechat/{appid}/callback``, configured with ``$APPID$``)
carries every message and event of every authorized account; WeChat names the account only in
the path, so pass its appid::

    @app.post("/wechat/<appid>/callback")
    def message_push(appid):
        message = hook.parse_message(appid, request.args, request.get_data())
        if seen.add(message.dedup_key):                  # WeChat retries: handle once
            ...
        if isinstance(message, wxopen.TextMessage):
            return hook.reply_text(message, "got it", nonce=request.args["nonce"])
        return wxopen.SUCCESS

Message classes: ``TextMessage``, ``ImageMessage``, ``VoiceMessage``, ``VideoMessage``,
``ShortVideoMessage``, ``LocationMessage``, ``LinkMessage``, ``MiniProgramPageMessage``, the
user events ``SubscribeEvent``, ``UnsubscribeEvent``, ``ScanEvent``, ``LocationEvent``,
``ClickEvent``, ``ViewEvent``, ``UserEnterTempsessionEvent``, the mini-program management events
``WeappAuditSuccess``, ``WeappAuditFail``, ``WeappAuditDelay``, ``WxaNicknameAudit``,
``WxaCategoryAudit``, ``WxaPrivacyApply``, ``WxaAppealRecord``, ``ComponentEventMessage`` (an
``InfoType`` push arriving there; ``component_event`` is its :class:`Event`) and
``OtherMessage`` (anything else, every element kept). ``msg_id`` is an ``int``. The path's
appid is not covered by the signature; ``to_user_name`` (the account's ``gh_`` id) is.
:meth:`Webhook.release_check` answers the full-network-release check (see
:mod:`wxopen.release`).

The query may be the raw query string (``str``, or ``bytes`` such as Flask's
``request.query_string``), a mapping (``request.args``, ``request.query_params``, a dict, the
lists of ``urllib.parse.parse_qs``) or pairs; values may be ``str``, UTF-8 ``bytes`` or an ``int``
timestamp. The body is the raw request body (``bytes`` or ``str``).

The classes are implemented in Rust (``wxopen._native``): an event holds its fields and turns a
field into a Python value only when it is read, so handling a push costs little more than
decrypting it. Events support ``event.field``, ``event["field"]``, ``"field" in event``,
``event.keys()``, ``event.to_dict()`` and ``==``; their repr hides tickets, codes and every field
whose name says token, ticket, code, secret or key. Each kind is its own class (``Authorized``
and ``UpdateAuthorized`` are siblings); registration statuses are
:class:`~wxopen.EnterpriseStatus` (an ``int``).
"""

from __future__ import annotations

from . import _native
from ._native import (
    Authorized,
    ClickEvent,
    ComponentEventMessage,
    ComponentVerifyTicket,
    Event,
    FastRegister,
    FastRegisterBeta,
    FastVerifyBeta,
    IcpFilingResult,
    IcpVerifyResult,
    ImageMessage,
    LinkMessage,
    LocationEvent,
    LocationMessage,
    Message,
    MiniProgramPageMessage,
    OrderPathApplyResult,
    OrderPathAuditResult,
    OtherEvent,
    OtherMessage,
    ScanEvent,
    ShortVideoMessage,
    SubscribeEvent,
    TextMessage,
    Unauthorized,
    UnsubscribeEvent,
    UpdateAuthorized,
    UserEnterTempsessionEvent,
    VideoMessage,
    ViewEvent,
    VoiceMessage,
    WeappAuditDelay,
    WeappAuditFail,
    WeappAuditSuccess,
    Webhook,
    WebhookRouter,
    WxaAppealRecord,
    WxaAuth,
    WxaAuthAndIcp,
    WxaCategoryAudit,
    WxaNicknameAudit,
    WxaPrivacyApply,
    WxaVerifyReminder,
    signature,
)
from .release import RELEASE_TEST_ACCOUNTS, ReleaseCheck, ReleaseFollowUp

__all__ = [
    "Authorized",
    "ClickEvent",
    "ComponentEventMessage",
    "ComponentVerifyTicket",
    "DEFAULT_MAX_AGE",
    "DEFAULT_MAX_BODY_BYTES",
    "Event",
    "FastRegister",
    "FastRegisterBeta",
    "FastVerifyBeta",
    "IcpFilingResult",
    "IcpVerifyResult",
    "ImageMessage",
    "LinkMessage",
    "LocationEvent",
    "LocationMessage",
    "Message",
    "MiniProgramPageMessage",
    "OrderPathApplyResult",
    "OrderPathAuditResult",
    "OtherEvent",
    "OtherMessage",
    "QUERY_KEYS",
    "RELEASE_TEST_ACCOUNTS",
    "ReleaseCheck",
    "ReleaseFollowUp",
    "SUCCESS",
    "ScanEvent",
    "ShortVideoMessage",
    "SubscribeEvent",
    "TextMessage",
    "Unauthorized",
    "UnsubscribeEvent",
    "UpdateAuthorized",
    "UserEnterTempsessionEvent",
    "VideoMessage",
    "ViewEvent",
    "VoiceMessage",
    "WeappAuditDelay",
    "WeappAuditFail",
    "WeappAuditSuccess",
    "Webhook",
    "WebhookRouter",
    "WxaAppealRecord",
    "WxaAuth",
    "WxaAuthAndIcp",
    "WxaCategoryAudit",
    "WxaNicknameAudit",
    "WxaPrivacyApply",
    "WxaVerifyReminder",
    "signature",
]

#: Default freshness window for a push's ``timestamp``, in seconds (the core's).
DEFAULT_MAX_AGE: int = _native.DEFAULT_MAX_AGE
#: Default largest push body accepted, in bytes (the core's).
DEFAULT_MAX_BODY_BYTES: int = _native.DEFAULT_MAX_BODY_BYTES
#: The query parameters a push's query is read for (the core's list).
QUERY_KEYS: tuple[str, ...] = tuple(_native.QUERY_KEYS)
#: The plain-text answer that acknowledges a push without replying (the core's ``success``).
SUCCESS: str = _native.SUCCESS
