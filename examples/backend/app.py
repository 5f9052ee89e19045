"""The FastAPI application: ``create_app()`` reads the settings from the environment
(:mod:`examples.backend.config`) — ``uvicorn --factory examples.backend.app:create_app``."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Optional

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

import wxopen

from . import errors
from .config import Settings
from .db import Database
from .routes import router
from .service import Service
from .wechat import make_platform

log = logging.getLogger("examples.backend")

DESCRIPTION = """\
A WeChat third-party platform's back end on [wxopen](https://github.com/): the routes of the
API handbook's §4 — open-platform accounts, mini-program registration (enterprise, reuse of an
official account, personal, trial), trial verification and rename, registration task status,
WeChat's push URL, tokens — plus official account ↔ mini program links, the admin rebind and
the authorization pages.

Authentication: every route but the push URL, the three browser redirects and `/api/health`
wants the service's key in `X-API-Key`. Errors are JSON (`ErrorOut`): `error`, `errcode`,
`meaning`, `hint`; `field` and `rule` when the core refused an input.
"""


def _reconciler(svc: Service, interval: float, stop: threading.Event) -> None:
    """Asks WeChat's query APIs about unsettled tasks at start, then every ``interval`` s."""
    while not stop.is_set():
        try:
            asked = svc.tasks.reconcile_unsettled()
            if asked:
                log.info("reconciled %d unsettled task(s)", asked)
        except wxopen.WxOpenError as e:  # no ticket yet, store down: next round
            log.warning("reconcile round: %s", e.code)
        if interval <= 0:
            return
        stop.wait(interval)


def create_app(
    settings: Optional[Settings] = None,
    *,
    platform: Optional[wxopen.Platform] = None,
    reconcile: bool = True,
) -> FastAPI:
    """The app. ``settings`` default to the environment's; ``platform`` to one built from
    them (tests pass one with a fake clock); ``reconcile`` runs the task reconciler."""
    settings = settings or Settings.from_env()
    db = Database(settings.database_url)
    db.create_tables()
    svc = Service(settings, platform or make_platform(settings), db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        if reconcile:
            threading.Thread(
                target=_reconciler,
                args=(svc, settings.reconcile_interval, stop),
                name="task-reconciler",
                daemon=True,
            ).start()
        yield
        stop.set()

    app = FastAPI(
        title="wxopen back end",
        version=wxopen.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.service = svc
    errors.install(app)
    origins = list(settings.cors_origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["content-type", "x-api-key", "idempotency-key"],
        expose_headers=["idempotent-replayed"],
        max_age=600,
    )
    app.include_router(router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema without its 422 ``HTTPValidationError`` answers: this service answers
    a malformed request with 400 and an ``ErrorOut`` (``field``, ``rule``)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            answer = operation.get("responses", {}).get("422", {})
            ref = str(answer.get("content", {}).get("application/json", {}).get("schema", {}))
            if "HTTPValidationError" in ref:
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    app.openapi_schema = schema
    return schema
