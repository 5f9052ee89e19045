"""The wxopen exception tree.

Every error the Rust core reports arrives here through one conversion, :func:`_from_core`,
which picks the class by the error's stable ``code``. Messages never contain secrets.

::

    WxOpenError
    ├── InvalidArgument (also ValueError)      input refused before anything was sent
    ├── WrongTokenError (also TypeError)       the operation takes another kind of token
    ├── ApiError                               WeChat answered a non-zero errcode
    ├── HttpStatusError                        HTTP status other than 200
    ├── DecodeError                            the response body was not what the API returns
    │   ├── TicketExpiredError                 61005 while minting the component token
    │   └── TicketInvalidError                 61006 while minting the component token
    ├── TransportError                         the request could not be sent / no response
    ├── NoTicketError                          no component_verify_ticket stored yet
    ├── AuthorizerError                        an authorizer cannot be called (authorizer_appid)
    │   ├── NeedsReauthorizationError          61023: refresh token dead, authorize again
    │   ├── AuthorizerRevokedError             61003 / unauthorized push: tokens dropped
    │   └── UnknownAuthorizerError             no authorization stored for it
    ├── ReadOnlyError                          read-only platform without a usable token
    ├── LockTimeoutError                       another refresher did not finish in time
    ├── StoreError                             the host's store failed
    ├── CryptoError                            push encryption / signature (official -400xx code)
    │   ├── SignatureError                     -40001 msg_signature mismatch
    │   ├── AppidMismatchError                 -40005 receive id is not the platform appid
    │   └── InvalidAesKeyError (also ValueError) -40004
    └── WebhookError                           push refused: stale, too large, unsafe XML, ...
        ├── StaleTimestampError
        ├── BodyTooLargeError
        ├── ForbiddenXmlError
        ├── MissingParameterError
        ├── MalformedEventError
        └── AppidConflictError                 the push names another platform in AppId

The codes, and which of them carry the response body (``raw``) or are always retryable, come from
the core (:data:`ERROR_CODES`); the code → class map below has an entry for every one of them
(``tests/python/test_hardening.py`` checks it).
"""

from __future__ import annotations

import json
from typing import Any, Optional

from . import _native

__all__ = [
    "ERROR_CODES",
    "ApiError",
    "AppidConflictError",
    "AppidMismatchError",
    "AuthorizerError",
    "AuthorizerRevokedError",
    "LockTimeoutError",
    "NeedsReauthorizationError",
    "NoTicketError",
    "ReadOnlyError",
    "StoreError",
    "TicketExpiredError",
    "TicketInvalidError",
    "UnknownAuthorizerError",
    "BodyTooLargeError",
    "CryptoError",
    "DecodeError",
    "ForbiddenXmlError",
    "HttpStatusError",
    "InvalidAesKeyError",
    "InvalidArgument",
    "MalformedEventError",
    "MissingParameterError",
    "SignatureError",
    "StaleTimestampError",
    "TransportError",
    "WebhookError",
    "WrongTokenError",
    "WxOpenError",
]


class WxOpenError(Exception):
    """Base class of every wxopen error.

    Attributes:
        code: stable snake_case code (the same in Rust, Python and JavaScript).
        message: human-readable message (no secrets).
        retryable: whether the same call may succeed later.
        details: every field the core reported, as a dict.
    """

    code: str = "wxopen_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = dict(details or {})
        self.code = self.details.get("code", type(self).code)
        self.retryable: bool = bool(self.details.get("retryable", False))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def _repr_html_(self) -> str:
        """The error as an HTML table for notebooks: message, code, and for an
        :class:`ApiError` errcode, meaning and hint first."""
        from ._html import error_html

        return error_html(self)


class InvalidArgument(WxOpenError, ValueError):
    """Input refused before anything was sent. ``field`` names it, ``rule`` says what it must be."""

    code = "invalid_argument"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.field: str = self.details.get("field", "")
        self.rule: str = self.details.get("rule", "")


class WrongTokenError(WxOpenError, TypeError):
    """The operation takes another kind of token (``expected``) than the one given (``got``)."""

    code = "wrong_token"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.operation: str = self.details.get("operation", "")
        self.expected: str = self.details.get("expected", "")
        self.got: str = self.details.get("got", "")


class ApiError(WxOpenError):
    """WeChat answered with a non-zero ``errcode``.

    Attributes:
        errcode: WeChat's code.
        errmsg: WeChat's message, verbatim.
        meaning / meaning_zh: what the code means (for this operation, when it has its own).
        category: credential, permission, quota, invalid_input, state, system or unknown.
        retryable: whether retrying later may succeed.
        hint: what to do about it.
        operation: the operation that failed, e.g. ``open.bind``.
        raw: the response body (bytes), when raised by a client.
    """

    code = "api_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        d = self.details
        self.operation: str = d.get("operation", "")
        self.errcode: int = int(d.get("errcode", 0))
        self.errmsg: str = d.get("errmsg", "")
        self.meaning: str = d.get("meaning", "")
        self.meaning_zh: str = d.get("meaning_zh", "")
        self.category: str = d.get("category", "unknown")
        self.hint: str = d.get("hint", "")
        self.raw: Optional[bytes] = None


class HttpStatusError(WxOpenError):
    """The HTTP status was not 200. ``status`` holds it; ``raw`` the body, when known."""

    code = "http_status"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.status: int = int(self.details.get("status", 0))
        self.raw: Optional[bytes] = None


class DecodeError(WxOpenError):
    """The response body was not the JSON the operation returns. ``field`` names the field at
    fault (a path such as ``authorization_info.expires_in``) when one is; ``raw`` holds the
    body. The message never quotes a value."""

    code = "decode_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.field: Optional[str] = self.details.get("field")
        self.raw: Optional[bytes] = None


class TransportError(WxOpenError):
    """The request could not be sent or no response came back (network, timeout, DNS, a
    malformed status line, an exception raised by a custom transport). The original exception is
    kept as ``__cause__``, with every credential of the request replaced by ``***``."""

    code = "transport_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        details = {"retryable": _ALWAYS_RETRYABLE.get("transport_error", True), **(details or {})}
        super().__init__(message, details=details)


class TicketExpiredError(ApiError):
    """61005: WeChat says the stored ``component_verify_ticket`` is older than 12 h.

    Wait for the next push (every 10 minutes) or call ``start_push_ticket``.
    """

    code = "ticket_expired"


class TicketInvalidError(ApiError):
    """61006: WeChat refused the stored ``component_verify_ticket``.

    Check that pushes reach ``handle``; wait for the next one or call ``start_push_ticket``.
    """

    code = "ticket_invalid"


class NoTicketError(WxOpenError):
    """No ``component_verify_ticket`` is stored for the platform yet.

    WeChat pushes one every 10 minutes to the authorization event URL (pass it to
    ``handle``); ``start_push_ticket`` asks for one now. ``component_appid`` names the platform.
    """

    code = "no_ticket"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.component_appid: str = self.details.get("component_appid", "")


class AuthorizerError(WxOpenError):
    """An authorizer cannot be called; ``authorizer_appid`` names it."""

    code = "authorizer_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.authorizer_appid: str = self.details.get("authorizer_appid", "")


class NeedsReauthorizationError(AuthorizerError):
    """61023: the authorizer's refresh token no longer works; the merchant must authorize the
    platform again. The store marks the authorizer so."""

    code = "needs_reauthorization"


class AuthorizerRevokedError(AuthorizerError):
    """The authorizer cancelled the authorization (61003 or an ``unauthorized`` push); its
    tokens were dropped."""

    code = "authorizer_revoked"


class UnknownAuthorizerError(AuthorizerError):
    """No authorization is stored for the authorizer: complete the authorization (redirect
    ``auth_code`` or ``authorized`` push) or import its refresh token."""

    code = "unknown_authorizer"


class ReadOnlyError(WxOpenError):
    """A read-only platform found no usable token and may not mint one.

    ``token`` is ``"component"`` or ``"authorizer"``; ``authorizer_appid`` is set for the
    latter.
    """

    code = "read_only"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.token: str = self.details.get("token", "")
        self.authorizer_appid: Optional[str] = self.details.get("authorizer_appid")


class LockTimeoutError(WxOpenError):
    """Another holder of a refresh lock did not produce a token within the wait bound.

    ``what`` names the lock (``component_token``, ``authorizer_token``, ``auth_code``);
    ``waited_ms`` how long this call waited. Retryable.
    """

    code = "lock_timeout"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.what: str = self.details.get("what", "")
        self.waited_ms: int = int(self.details.get("waited_ms", 0))


class StoreError(WxOpenError):
    """The host's store failed; ``detail`` says how."""

    code = "store_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.detail: str = self.details.get("detail", "")


class CryptoError(WxOpenError):
    """Push encryption or signature failure; ``official_code`` is the WXBizMsgCrypt code."""

    code = "crypto_error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message, details=details)
        self.official_code: int = int(self.details.get("official_code", 0))


class SignatureError(CryptoError):
    """-40001: the ``msg_signature`` does not match (tampered, or wrong Token)."""

    code = "signature_mismatch"


class AppidMismatchError(CryptoError):
    """-40005: the decrypted receive id is not the platform appid."""

    code = "appid_mismatch"


class InvalidAesKeyError(CryptoError, ValueError):
    """-40004: the EncodingAESKey is not 43 characters decoding to 32 bytes."""

    code = "illegal_aes_key"


class WebhookError(WxOpenError):
    """A push was refused outside the cryptography proper."""

    code = "webhook_error"


class StaleTimestampError(WebhookError):
    """``timestamp`` is outside the freshness window (possible replay)."""

    code = "stale_timestamp"


class BodyTooLargeError(WebhookError):
    """The push body is larger than the configured limit."""

    code = "body_too_large"


class ForbiddenXmlError(WebhookError):
    """The XML has a DOCTYPE or entity declaration (refused to prevent XXE)."""

    code = "forbidden_xml"


class MissingParameterError(WebhookError):
    """A required query parameter (timestamp, nonce, msg_signature, ...) is missing."""

    code = "missing_parameter"


class MalformedEventError(WebhookError):
    """The decrypted push is not a well-formed event."""

    code = "malformed_event"


class AppidConflictError(WebhookError):
    """The decrypted push names another platform in its ``AppId`` than the one whose key and
    receive id it was verified against: refused, so a push for one platform can never pass as
    another's (a ``WebhookRouter`` would otherwise store its ticket under the wrong platform)."""

    code = "appid_conflict"


#: Every error code the core (and the transports) may report, as the core lists it: ``code``,
#: ``family`` (``crypto``, ``webhook`` or None), ``official_code``, ``carries_raw``,
#: and ``retryable`` (``never``, ``always``, ``by_errcode``, ``by_status``).
ERROR_CODES: list[dict[str, Any]] = json.loads(_native.error_codes())

_ALWAYS_RETRYABLE = {c["code"]: c["retryable"] == "always" for c in ERROR_CODES}

#: The codes whose exceptions carry the response body as ``raw``.
RAW_CODES: frozenset[str] = frozenset(c["code"] for c in ERROR_CODES if c["carries_raw"])

# The class of every code. Crypto failures without a class of their own are CryptoError (their
# official code is in ``official_code``).
_BY_CODE: dict[str, type[WxOpenError]] = {
    "invalid_argument": InvalidArgument,
    "wrong_token": WrongTokenError,
    "api_error": ApiError,
    "http_status": HttpStatusError,
    "decode_error": DecodeError,
    "transport_error": TransportError,
    "signature_mismatch": SignatureError,
    "xml_parse": CryptoError,
    "compute_signature": CryptoError,
    "illegal_aes_key": InvalidAesKeyError,
    "appid_mismatch": AppidMismatchError,
    "encrypt_failed": CryptoError,
    "decrypt_failed": CryptoError,
    "illegal_buffer": CryptoError,
    "base64_encode": CryptoError,
    "base64_decode": CryptoError,
    "reply_xml": CryptoError,
    "stale_timestamp": StaleTimestampError,
    "body_too_large": BodyTooLargeError,
    "forbidden_xml": ForbiddenXmlError,
    "missing_parameter": MissingParameterError,
    "malformed_event": MalformedEventError,
    "appid_conflict": AppidConflictError,
    "no_ticket": NoTicketError,
    "ticket_expired": TicketExpiredError,
    "ticket_invalid": TicketInvalidError,
    "needs_reauthorization": NeedsReauthorizationError,
    "authorizer_revoked": AuthorizerRevokedError,
    "unknown_authorizer": UnknownAuthorizerError,
    "read_only": ReadOnlyError,
    "lock_timeout": LockTimeoutError,
    "store_error": StoreError,
}


def _from_core(payload: str) -> WxOpenError:
    """Builds the exception for a core error (called from Rust with the error's JSON form)."""
    details = json.loads(payload)
    code = details.get("code", "")
    cls = _BY_CODE.get(code)
    if cls is None:
        cls = CryptoError if "official_code" in details else WxOpenError
    return cls(details.get("message", code), details=details)


def _invalid(field: str, rule: str) -> InvalidArgument:
    """An InvalidArgument in the core's form, for a value whose type the core cannot take."""
    return InvalidArgument(
        f"invalid argument `{field}`: {rule}",
        details={"code": "invalid_argument", "field": field, "rule": rule, "retryable": False},
    )
