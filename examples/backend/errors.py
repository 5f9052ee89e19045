"""Errors as JSON: every failure is an :class:`~examples.backend.models.ErrorOut` with the
stable ``error`` code, WeChat's ``errcode`` when WeChat refused, the ``meaning`` and the
``hint`` (what to do) - the core's for WeChat's codes and for the input it refuses.

HTTP status by cause (examples/backend/README.md has the table):

* 400: input the core refuses (``invalid_argument``: ``field``, ``rule``), a malformed body;
* 401 / 403: no ``X-API-Key`` / a wrong one;
* WeChat refused (``api_error``), by the core's category of the errcode: ``invalid_input`` and
  ``credential`` 400, ``permission`` 403, ``state`` 409, ``quota`` 429, ``system`` and
  ``unknown`` 502;
* 404 / 409: the account never authorized the platform / revoked it or must authorize again;
  404 an unknown task or path;
* 503: the platform cannot call WeChat yet (no ticket, ticket refused, read-only, lock
  timeout, store down); 502: WeChat could not be reached or answered nonsense;
* 500: a bug (no detail).
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import wxopen

log = logging.getLogger("examples.backend")

_CATEGORY_STATUS = {
    "invalid_input": 400,
    "credential": 400,
    "permission": 403,
    "state": 409,
    "quota": 429,
}

# The hint of every error the core raises outside WeChat's errcodes (those carry the core's).
_HINTS = {
    "invalid_argument": "Correct the field named by `field` as `rule` says; nothing was sent.",
    "no_ticket": "WeChat pushes the component_verify_ticket every 10 minutes to "
    "/api/webhook/wechat: wait for it (check that the push URL is configured on "
    "open.weixin.qq.com and reaches this service).",
    "ticket_expired": "Wait for the next component_verify_ticket push (every 10 minutes).",
    "ticket_invalid": "Check that pushes reach /api/webhook/wechat; wait for the next ticket.",
    "unknown_authorizer": "The account has not authorized the platform: start an "
    "authorization (POST /api/authorization/start) and have its admin confirm.",
    "authorizer_revoked": "The account revoked the authorization: its admin must authorize "
    "the platform again.",
    "needs_reauthorization": "The account's refresh token no longer works: its admin must "
    "authorize the platform again.",
    "read_only": "This service is read-only and no usable token is stored.",
    "lock_timeout": "Another process is refreshing the token: retry in a moment.",
    "store_error": "The token store failed: check REDIS_URL / WX_STORE; retry later.",
    "transport_error": "WeChat could not be reached: retry later.",
    "http_status": "WeChat answered with an HTTP error: retry later.",
    "decode_error": "WeChat's answer was not what the API returns: retry later; report it if "
    "it persists.",
    "wrong_token": "A bug in this service: report it.",
}

_STATUS = {
    "invalid_argument": 400,
    "no_ticket": 503,
    "ticket_expired": 503,
    "ticket_invalid": 503,
    "unknown_authorizer": 404,
    "authorizer_revoked": 409,
    "needs_reauthorization": 409,
    "read_only": 503,
    "lock_timeout": 503,
    "store_error": 503,
    "transport_error": 502,
    "http_status": 502,
    "decode_error": 502,
}


class ServiceError(Exception):
    """An error of the service itself (authentication, idempotency, unknown task, …)."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        hint: str,
        *,
        headers: Optional[dict[str, str]] = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.hint = hint
        self.headers = headers
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "message": self.message,
            "meaning": self.message,
            "hint": self.hint,
            **self.extra,
        }


def from_wxopen(e: wxopen.WxOpenError) -> tuple[int, dict[str, Any]]:
    """The status and body of a core error. Messages never carry secrets (the core's rule)."""
    body: dict[str, Any] = {
        "error": e.code,
        "message": e.message,
        "meaning": e.message,
        "hint": _HINTS.get(e.code, "Retry later." if e.retryable else "See `message`."),
        "retryable": bool(e.retryable),
    }
    if isinstance(e, wxopen.ApiError):
        body.update(
            errcode=e.errcode,
            errmsg=e.errmsg,
            meaning=e.meaning or e.message,
            meaning_zh=e.meaning_zh or None,
            hint=e.hint or body["hint"],
            category=e.category,
            operation=e.operation or None,
        )
        if e.code in _STATUS:  # ticket_expired / ticket_invalid: the platform's, not the caller's
            return _STATUS[e.code], body
        return _CATEGORY_STATUS.get(e.category, 502), body
    if isinstance(e, wxopen.InvalidArgument):
        body.update(field=e.field or None, rule=e.rule or None)
    if isinstance(e, wxopen.AuthorizerError):
        body["authorizer_appid"] = e.authorizer_appid or None
    return _STATUS.get(e.code, 500), body


def _json(
    status: int, body: dict[str, Any], headers: Optional[dict[str, str]] = None
) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


async def wxopen_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, wxopen.WxOpenError)
    status, body = from_wxopen(exc)
    if status >= 500:
        log.warning("%s: %s", exc.code, exc.message)
    return _json(status, body, {"Retry-After": "5"} if status == 503 else None)


async def service_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return _json(exc.status, exc.body(), exc.headers)


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """A body or parameter of the wrong type: 400 naming the field, like the core's refusals."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "header", "path")]
    field = ".".join(loc) or None
    rule = str(first.get("msg", "is malformed"))
    return _json(
        400,
        {
            "error": "invalid_argument",
            "message": f"invalid argument `{field}`: {rule}" if field else rule,
            "meaning": "The request was refused before anything was sent to WeChat.",
            "hint": _HINTS["invalid_argument"],
            "field": field,
            "rule": rule,
        },
    )


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    error = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    text = exc.detail if isinstance(exc.detail, str) else "refused"
    return _json(
        exc.status_code,
        {"error": error, "message": text, "meaning": text, "hint": "See /docs for the routes."},
        dict(exc.headers or {}),
    )


async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected %s", type(exc).__name__, exc_info=exc)
    return _json(
        500,
        {
            "error": "internal",
            "message": "internal error",
            "meaning": "The service failed unexpectedly.",
            "hint": "Retry later; the service's log has the details.",
        },
    )


def install(app: Any) -> None:
    app.add_exception_handler(wxopen.WxOpenError, wxopen_error)
    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)


#: The error responses documented on every route (OpenAPI), by status.
def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    from .models import ErrorOut

    text = {
        400: "Refused input (field, rule) or WeChat refused it",
        401: "No X-API-Key",
        403: "Wrong X-API-Key, or the account lacks the permission set",
        404: "Unknown account, task or authorization",
        409: "The account or task is in a state that forbids it; idempotency conflicts",
        422: "Idempotency-Key reused with another body",
        429: "A WeChat quota is used up",
        502: "WeChat failed or could not be reached",
        503: "The platform cannot call WeChat yet (no ticket, store down)",
    }
    return {s: {"model": ErrorOut, "description": text[s]} for s in statuses}
