"""What the routes share: the settings, the platform, its tasks, the database; the API-key
check, idempotency keys and the push intake."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import socket
import time
from typing import Any, Callable, Optional

from fastapi import Header, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

import wxopen

from . import errors
from .config import Settings
from .db import Database
from .errors import ServiceError
from .wechat import Tasks

log = logging.getLogger("examples.backend")

WORKER = f"{socket.gethostname()}:{os.getpid()}"
_KEY = re.compile(r"[\x21-\x7e]{1,200}")


class Service:
    """One process's service: built by :func:`examples.backend.app.create_app`."""

    def __init__(self, settings: Settings, platform: wxopen.Platform, db: Database) -> None:
        self.settings = settings
        self.platform = platform
        self.tasks = Tasks(platform)
        self.db = db
        self.hook = wxopen.Webhook(
            token=settings.token,
            encoding_aes_key=settings.encoding_aes_key,
            component_appid=settings.component_appid,
        )

    def base_url(self, request: Request) -> str:
        """The service's public base URL, for the redirect URIs it builds."""
        return self.settings.public_url or str(request.base_url).rstrip("/")

    # ----- idempotency ------------------------------------------------------------------

    def once(
        self,
        key: Optional[str],
        route: str,
        payload: Any,
        fn: Callable[[], BaseModel],
    ) -> Any:
        """Runs ``fn`` (a WeChat call) at most once per ``key``: the answer given is stored and
        given again for the same key; a key still pending (running, or its process died during
        the call) is 409. Without a key, ``fn`` just runs."""
        if key is None:
            return fn()
        if not _KEY.fullmatch(key):
            raise ServiceError(
                400,
                "invalid_argument",
                "invalid argument `Idempotency-Key`: 1-200 printable ASCII characters",
                "Send a unique printable ASCII key (a UUID) per request, or none.",
                field="Idempotency-Key",
                rule="1-200 printable ASCII characters",
            )
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()
        row = self.db.claim_key(key, route, digest)
        if row is not None:
            if row.route != route or row.digest != digest:
                raise ServiceError(
                    422,
                    "idempotency_key_reused",
                    "this Idempotency-Key was used for another request",
                    "Use a new key for a new request.",
                )
            if row.state == "done" and row.response is not None:
                return JSONResponse(
                    json.loads(row.response),
                    status_code=row.status_code or 200,
                    headers={"Idempotent-Replayed": "true"},
                )
            raise ServiceError(
                409,
                "idempotency_key_pending",
                "the first request with this Idempotency-Key has no answer yet: it is running, "
                "or the service stopped during its WeChat call and the outcome is unknown",
                "Retry the same key in a few seconds. If it stays pending, look the result up "
                "(GET /api/tasks, /api/task/status) before starting again with a new key.",
                retryable=True,
            )
        try:
            result = fn()
        except wxopen.WxOpenError as e:
            status, body = errors.from_wxopen(e)
            self.db.finish_key(key, status, json.dumps(body))
            raise
        except ServiceError as e:
            self.db.finish_key(key, e.status, json.dumps(e.body()))
            raise
        self.db.finish_key(key, 200, result.model_dump_json())
        return result

    # ----- the push URL -----------------------------------------------------------------

    def take_push(self, query: str, body: bytes) -> tuple[int, str]:
        """Keeps the push in the inbox, verifies it, hands it to the platform; returns the
        HTTP status and text to answer (``success`` for every verified push that needs no
        redelivery)."""
        digest = hashlib.sha256(body).hexdigest()
        row = self.db.inbox_received(query, body, digest, WORKER)
        try:
            self.hook.decrypt(query, body, now=int(time.time()))
        except (wxopen.WebhookError, wxopen.CryptoError) as e:
            self.db.inbox_done(row, "refused", error=e.code)
            log.warning("push refused: %s", e.code)
            return _refusal_status(e), e.code
        try:
            event = self.platform.handle(query, body)
        except (wxopen.WebhookError, wxopen.CryptoError) as e:
            if isinstance(e, wxopen.AppidConflictError):
                self.db.inbox_done(row, "refused", error=e.code)
                return 403, e.code
            # Verified, but not an event the core can read: redelivery would not help.
            self.db.inbox_done(row, "uninterpreted", error=e.code)
            log.warning("verified push not understood: %s", e.code)
            return 200, "success"
        except wxopen.WxOpenError as e:
            # Verified, but applying it failed (store down, exchange failed): WeChat
            # redelivers, and handling a redelivery is safe.
            self.db.inbox_done(row, "failed", error=e.code)
            log.warning("push not applied: %s", e.code)
            return 503, e.code
        kind = str(event.type)
        fields = event.keys()
        appid = next(
            (str(event[f]) for f in ("authorizer_appid", "appid") if f in fields and event[f]),
            None,
        )
        outcome = "uninterpreted" if kind == "other" else "applied"
        self.db.inbox_done(row, outcome, info_type=str(event.info_type), appid=appid)
        return 200, "success"


def _refusal_status(e: wxopen.WxOpenError) -> int:
    if isinstance(e, wxopen.BodyTooLargeError):
        return 413
    if isinstance(e, wxopen.AppidConflictError):
        return 403
    if isinstance(e, wxopen.CryptoError) and e.code not in ("xml_parse",):
        return 401
    if isinstance(e, wxopen.StaleTimestampError):
        return 401
    return 400


# ----- dependencies -----------------------------------------------------------------------

_api_key = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="The service's API key (BACKEND_API_KEY).",
)


def service(request: Request) -> Service:
    return request.app.state.service


def require_key(request: Request, key: Optional[str] = Security(_api_key)) -> None:
    """401 without ``X-API-Key``, 403 with a wrong one (compared in constant time)."""
    want = service(request).settings.api_key.encode()
    if not key:
        raise ServiceError(
            401,
            "unauthorized",
            "X-API-Key is missing",
            "Send the service's API key in the X-API-Key header.",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    if not hmac.compare_digest(key.encode("utf-8", "surrogateescape"), want):
        raise ServiceError(
            403, "forbidden", "X-API-Key is not this service's key", "Check the API key."
        )


def idempotency_key(
    key: Optional[str] = Header(
        default=None,
        alias="Idempotency-Key",
        description="Optional: the same key again gets the first answer, and WeChat is called "
        "once (1-200 printable ASCII characters; a UUID per request).",
    ),
) -> Optional[str]:
    return key
