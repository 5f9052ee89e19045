"""The routes: the handbook's §4 (open platform, registration, trial, task status, push URL,
tokens), the official account ↔ mini program links (seed 003), the admin rebind (seed 001)
and the authorization pages. Each WeChat call goes through the ``wxopen.Platform`` — tokens
obtained, refreshed and retried by the core's driver — and each input is checked by the core.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

import wxopen

from . import models as m
from .errors import ServiceError, responses
from .service import Service, idempotency_key, require_key, service
from .wechat import plain

KEYED = [Depends(require_key)]
Svc = Annotated[Service, Depends(service)]
IdemKey = Annotated[Optional[str], Depends(idempotency_key)]
# What every keyed route may answer besides its model.
E_KEY = (400, 401, 403)
E_WECHAT = (400, 401, 403, 404, 409, 422, 429, 502, 503)

router = APIRouter(prefix="/api")


def _task_out(task: Optional[dict[str, Any]]) -> dict[str, Any]:
    return {"task_id": task["id"] if task else None, "task": task}


# ----- 4.1 open platform account (spec §2) ----------------------------------------------------


@router.post(
    "/open-platform/create",
    tags=["open platform"],
    summary="Create an open-platform account and bind the account to it (createOpenAccount)",
    response_model=m.OpenAccountOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def open_create(
    body: m.OpenAccountIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.OpenAccountOut:
        out = svc.platform.authorizer(body.appid).open_create()
        return m.OpenAccountOut(appid=body.appid, open_appid=out.open_appid)

    return svc.once(key, "open.create", body.model_dump(), call)


@router.post(
    "/open-platform/bind",
    tags=["open platform"],
    summary="Bind the account to an existing open-platform account (bindOpenAccount)",
    response_model=m.OpenAccountOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def open_bind(
    body: m.OpenBindIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.OpenAccountOut:
        svc.platform.authorizer(body.appid).open_bind(open_appid=body.open_appid)
        return m.OpenAccountOut(appid=body.appid, open_appid=body.open_appid)

    return svc.once(key, "open.bind", body.model_dump(), call)


@router.post(
    "/open-platform/unbind",
    tags=["open platform"],
    summary="Unbind the account from its open-platform account (unbindOpenAccount)",
    response_model=m.OpenAccountOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def open_unbind(
    body: m.OpenBindIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.OpenAccountOut:
        svc.platform.authorizer(body.appid).open_unbind(open_appid=body.open_appid)
        return m.OpenAccountOut(appid=body.appid, open_appid=body.open_appid)

    return svc.once(key, "open.unbind", body.model_dump(), call)


@router.get(
    "/open-platform/info",
    tags=["open platform"],
    summary="The open-platform account the account is bound to (getOpenAccount)",
    response_model=m.OpenAccountOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def open_info(
    svc: Svc,
    appid: str = Query(description="The authorized account"),
) -> m.OpenAccountOut:
    out = svc.platform.authorizer(appid).open_get()
    return m.OpenAccountOut(appid=appid, open_appid=out.open_appid)


# ----- 4.2 registration (spec §3) -------------------------------------------------------------


@router.post(
    "/miniprogram/register/enterprise",
    tags=["registration"],
    summary="Register an enterprise mini program (2026 flow, fastregisterenterpriseweapp)",
    description="Starts the registration; the legal person must open `authorize_url` within "
    "24 h. Follow it with `GET /api/task/status?task_id=…`.",
    response_model=m.EnterpriseOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def register_enterprise(
    body: m.EnterpriseIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.EnterpriseOut:
        out, task = svc.tasks.register("register.enterprise", body.model_dump())
        return m.EnterpriseOut(**plain(out), **_task_out(task))

    return svc.once(key, "register.enterprise", body.model_dump(), call)


def _by_account(svc: Service, appid: str, ticket: str) -> m.ByAccountOut:
    out, task = svc.tasks.register("register.reuse_oa", {"ticket": ticket}, appid)
    return m.ByAccountOut(**plain(out), **_task_out(task))


@router.post(
    "/miniprogram/register/by-account",
    tags=["registration"],
    summary="Register a mini program reusing an official account's subject (fastregister)",
    description="`ticket` comes from the redirect of the page of "
    "`POST /api/miniprogram/register/by-account/url`; the new mini program's authorization "
    "is exchanged and stored by the platform.",
    response_model=m.ByAccountOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def register_by_account(
    body: m.ByAccountIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    return svc.once(
        key,
        "register.reuse_oa",
        body.model_dump(),
        lambda: _by_account(svc, body.appid, body.ticket),
    )


@router.post(
    "/miniprogram/register/by-account/url",
    tags=["registration"],
    summary="The page where the official account's admin confirms reusing its subject",
    response_model=m.UrlOut,
    dependencies=KEYED,
    responses=responses(*E_KEY),
)
def register_by_account_url(
    body: m.ByAccountUrlIn,
    request: Request,
    svc: Svc,
) -> m.UrlOut:
    redirect = body.redirect_uri or (
        f"{svc.base_url(request)}/api/miniprogram/register/by-account/callback?"
        + urllib.parse.urlencode({"appid": body.appid})
    )
    url = svc.platform.fastregister_auth_url(
        appid=body.appid, copy_wx_verify=body.copy_wx_verify, redirect_uri=redirect
    )
    return m.UrlOut(url=url)


@router.get(
    "/miniprogram/register/by-account/callback",
    tags=["registration"],
    summary="The page's redirect (?appid=…&ticket=…): registers the mini program",
    description="Opened by the admin's browser, so no API key: the single-use `ticket` is the "
    "proof. The ticket is also the idempotency key: a reloaded page gets the first answer "
    "and WeChat is called once.",
    response_model=m.ByAccountOut,
    responses=responses(400, 403, 404, 409, 422, 429, 502, 503),
)
def register_by_account_callback(
    svc: Svc,
    appid: str = Query(description="The official account (put on the redirect by the url route)"),
    ticket: str = Query(description="WeChat's single-use ticket"),
) -> Any:
    key = "reuse_oa:" + hashlib.sha256(ticket.encode("utf-8", "surrogatepass")).hexdigest()
    return svc.once(
        key,
        "register.reuse_oa",
        {"appid": appid, "ticket": ticket},
        lambda: _by_account(svc, appid, ticket),
    )


@router.post(
    "/miniprogram/register/personal",
    tags=["registration"],
    summary="Register a personal mini program (fastregisterpersonalweapp)",
    description="The user must open `authorize_url` within 24 h (ID, face and phone checks).",
    response_model=m.PersonalOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def register_personal(
    body: m.PersonalIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.PersonalOut:
        out, task = svc.tasks.register("register.personal", body.model_dump())
        return m.PersonalOut(**plain(out), **_task_out(task))

    return svc.once(key, "register.personal", body.model_dump(), call)


@router.post(
    "/miniprogram/register/trial",
    tags=["registration"],
    summary="Register a trial mini program (fastregisterbetaweapp)",
    description="The user must open `authorize_url` within 24 h and becomes its admin.",
    response_model=m.TrialOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def register_trial(
    body: m.TrialIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.TrialOut:
        out, task = svc.tasks.register("register.beta", body.model_dump())
        return m.TrialOut(**plain(out), **_task_out(task))

    return svc.once(key, "register.beta", body.model_dump(), call)


# ----- 4.3 trial mini programs (spec §3.5, §3.6) ----------------------------------------------


@router.post(
    "/miniprogram/trial/verify",
    tags=["trial"],
    summary="Turn a trial mini program into a formal one (verifybetaweapp)",
    description="The legal person confirms WeChat's message with a face check, then the trial "
    "app's admin confirms; the task follows it.",
    response_model=m.TrialVerifyOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def trial_verify(
    body: m.TrialVerifyIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.TrialVerifyOut:
        args = body.model_dump(exclude={"appid"}, exclude_none=True)
        _out, task = svc.tasks.register("register.beta_verify", args, body.appid)
        return m.TrialVerifyOut(appid=body.appid, **_task_out(task))

    return svc.once(key, "register.beta_verify", body.model_dump(), call)


@router.post(
    "/miniprogram/trial/rename",
    tags=["trial"],
    summary="Rename a trial mini program (setbetaweappnickname)",
    response_model=m.TrialRenameOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def trial_rename(
    body: m.TrialRenameIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.TrialRenameOut:
        svc.platform.authorizer(body.appid).rename_beta(name=body.name)
        return m.TrialRenameOut(appid=body.appid, name=body.name)

    return svc.once(key, "register.beta_rename", body.model_dump(), call)


# ----- 4.4 tasks ------------------------------------------------------------------------------


@router.get(
    "/task/status",
    tags=["tasks"],
    summary="A registration task: where it stands, who must act, what to do",
    description="`reconcile=true` asks WeChat's query API first (personal and legacy "
    "enterprise registrations have one); `wait=N` waits up to N seconds (at most "
    "BACKEND_WAIT_MAX) for the task to settle, asking WeChat as the core's policy says.",
    response_model=m.TaskOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 404, 502, 503),
)
def task_status(
    svc: Svc,
    task_id: str = Query(description="The task's id (`task_id` of the registration answer)"),
    reconcile: bool = Query(default=False),
    wait: float = Query(default=0, ge=0, le=3600, description="Seconds to wait for it to settle"),
) -> Any:
    task = svc.tasks.get(task_id)
    if task is None:
        raise ServiceError(
            404,
            "not_found",
            "no such task",
            "Use the task_id a registration answered, or GET /api/tasks.",
        )
    if reconcile:
        task = svc.tasks.reconcile(task_id)
    if wait > 0 and not task["settled"]:
        task = svc.tasks.wait(task_id, min(wait, svc.settings.wait_max))
    return task


@router.get(
    "/tasks",
    tags=["tasks"],
    summary="Registration tasks, newest first",
    response_model=m.TaskListOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 503),
)
def task_list(
    svc: Svc,
    kind: Optional[str] = Query(default=None, description="enterprise, personal, beta, …"),
    state: Optional[str] = Query(default=None, description="created, waiting, succeeded, …"),
    limit: int = Query(default=100, ge=1, le=1000),
) -> Any:
    return {"tasks": svc.tasks.list(kind, state, limit)}


# ----- 4.4 the push URL -----------------------------------------------------------------------


@router.post(
    "/webhook/wechat",
    tags=["push"],
    summary="WeChat's pushes (授权事件接收URL): ticket, authorizations, registration results",
    description="No API key: the push's signature is its authentication. Every request is "
    "kept in the inbox (body as received, still encrypted). Answers `success` to every "
    "verified push, understood or not; 4xx to one that does not verify; 503 when applying a "
    "verified push failed (WeChat redelivers).",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string", "enum": ["success"]}}}},
        400: {
            "description": "Malformed push",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        401: {
            "description": "Signature or timestamp refused",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        403: {
            "description": "A push for another platform",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        413: {
            "description": "Body too large",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        503: {
            "description": "Verified, not applied: redeliver",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
    },
)
async def webhook(request: Request) -> PlainTextResponse:
    svc: Service = request.app.state.service
    limit = wxopen.DEFAULT_MAX_BODY_BYTES
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return PlainTextResponse("body_too_large", status_code=413)
    status, text = await run_in_threadpool(svc.take_push, request.url.query, bytes(body))
    return PlainTextResponse(text, status_code=status)


@router.get(
    "/webhook/inbox",
    tags=["push"],
    summary="The pushes received, newest first (no bodies)",
    response_model=m.InboxOut,
    dependencies=KEYED,
    responses=responses(*E_KEY),
)
def inbox(
    svc: Svc,
    limit: int = Query(default=100, ge=1, le=1000),
    outcome: Optional[str] = Query(
        default=None, description="received, applied, uninterpreted, refused, failed"
    ),
    info_type: Optional[str] = Query(default=None),
) -> m.InboxOut:
    rows = svc.db.inbox(limit, outcome, info_type)
    return m.InboxOut(
        items=[
            m.InboxEntryOut(
                id=r.id,
                received_at_ms=r.received_at_ms,
                handled_at_ms=r.handled_at_ms,
                outcome=r.outcome,
                info_type=r.info_type,
                appid=r.appid,
                error=r.error,
                digest=r.digest,
                body_bytes=len(r.body),
                worker=r.worker,
            )
            for r in rows
        ]
    )


# ----- 4.4 tokens (spec §1) -------------------------------------------------------------------


@router.get(
    "/token/component",
    tags=["tokens"],
    summary="The platform's component_access_token (minted or refreshed when needed)",
    description="For calls outside this service. A credential: keep the API key secret.",
    response_model=m.ComponentTokenOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 502, 503),
)
def token_component(
    response: Response,
    svc: Svc,
) -> m.ComponentTokenOut:
    response.headers["Cache-Control"] = "no-store"
    token = svc.platform.component_access_token()
    return m.ComponentTokenOut(
        component_appid=svc.platform.component_appid, component_access_token=token.value
    )


@router.get(
    "/token/authorizer",
    tags=["tokens"],
    summary="An authorized account's authorizer_access_token (refreshed when needed)",
    response_model=m.AuthorizerTokenOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 404, 409, 502, 503),
)
def token_authorizer(
    response: Response,
    svc: Svc,
    appid: str = Query(description="The authorized account"),
) -> m.AuthorizerTokenOut:
    response.headers["Cache-Control"] = "no-store"
    token = svc.platform.authorizer_access_token(appid)
    return m.AuthorizerTokenOut(authorizer_appid=appid, authorizer_access_token=token.value)


# ----- official account <-> mini program links (seed 003, spec §4) ----------------------------


@router.get(
    "/official-account/links",
    tags=["links"],
    summary="The mini programs linked to (or invited by) an official account (wxamplinkget)",
    response_model=m.LinkListOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def links(
    svc: Svc,
    appid: str = Query(description="The official account"),
) -> m.LinkListOut:
    items = []
    for mp in svc.platform.authorizer(appid).link_get().mini_programs:
        item = plain(mp)
        status = mp["status"]
        item["status_meaning"] = status.meaning if status is not None else None
        items.append(item)
    return m.LinkListOut(appid=appid, items=items)


@router.post(
    "/official-account/link",
    tags=["links"],
    summary="Invite a mini program to link to the official account (wxamplink)",
    description="Both admins confirm by WeChat message; follow it with GET "
    "/api/official-account/links.",
    response_model=m.LinkOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def link(
    body: m.LinkIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.LinkOut:
        svc.platform.authorizer(body.appid).link(
            appid=body.miniprogram_appid,
            notify_users=body.notify_users,
            show_profile=body.show_profile,
        )
        return m.LinkOut(
            appid=body.appid, miniprogram_appid=body.miniprogram_appid, result="invited"
        )

    return svc.once(key, "link.link", body.model_dump(), call)


@router.post(
    "/official-account/unlink",
    tags=["links"],
    summary="Unlink a mini program from the official account (wxampunlink)",
    response_model=m.LinkOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def unlink(
    body: m.UnlinkIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    def call() -> m.LinkOut:
        svc.platform.authorizer(body.appid).unlink(appid=body.miniprogram_appid)
        return m.LinkOut(
            appid=body.appid, miniprogram_appid=body.miniprogram_appid, result="unlinked"
        )

    return svc.once(key, "link.unlink", body.model_dump(), call)


# ----- admin rebind (seed 001, spec §5) -------------------------------------------------------


@router.post(
    "/miniprogram/admin/rebind-url",
    tags=["admin rebind"],
    summary="The page where a mini program's old and new admins hand it over",
    response_model=m.UrlOut,
    dependencies=KEYED,
    responses=responses(*E_KEY),
)
def rebind_url(
    body: m.RebindUrlIn,
    request: Request,
    svc: Svc,
) -> m.UrlOut:
    redirect = body.redirect_uri or (
        f"{svc.base_url(request)}/api/miniprogram/admin/rebind/callback?"
        + urllib.parse.urlencode({"appid": body.appid})
    )
    return m.UrlOut(url=svc.platform.rebind_admin_url(appid=body.appid, redirect_uri=redirect))


def _rebind(svc: Service, appid: str, taskid: str) -> m.RebindOut:
    svc.platform.authorizer(appid).rebind_admin(taskid=taskid)
    return m.RebindOut(appid=appid, rebound=True)


@router.post(
    "/miniprogram/admin/rebind",
    tags=["admin rebind"],
    summary="Complete the admin change with the page's taskid (componentrebindadmin)",
    response_model=m.RebindOut,
    dependencies=KEYED,
    responses=responses(*E_WECHAT),
)
def rebind(
    body: m.RebindIn,
    key: IdemKey,
    svc: Svc,
) -> Any:
    return svc.once(
        key, "admin.rebind", body.model_dump(), lambda: _rebind(svc, body.appid, body.taskid)
    )


@router.get(
    "/miniprogram/admin/rebind/callback",
    tags=["admin rebind"],
    summary="The page's redirect (?appid=…&taskid=…): completes the admin change",
    description="Opened by the admin's browser, so no API key: the `taskid` is the proof (and "
    "the idempotency key: a reload does not call WeChat again).",
    response_model=m.RebindOut,
    responses=responses(400, 403, 404, 409, 422, 429, 502, 503),
)
def rebind_callback(
    svc: Svc,
    appid: str = Query(description="The mini program (put on the redirect by the url route)"),
    taskid: str = Query(description="WeChat's taskid"),
) -> Any:
    key = (
        "rebind:"
        + hashlib.sha256(f"{appid}\n{taskid}".encode("utf-8", "surrogatepass")).hexdigest()
    )
    return svc.once(
        key, "admin.rebind", {"appid": appid, "taskid": taskid}, lambda: _rebind(svc, appid, taskid)
    )


# ----- authorization (spec §1.4-§1.6) ---------------------------------------------------------


@router.post(
    "/authorization/start",
    tags=["authorization"],
    summary="A new pre-auth code and the authorization pages for a merchant's admin",
    response_model=m.AuthorizationStartOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 429, 502, 503),
)
def authorization_start(
    body: m.AuthorizationStartIn,
    request: Request,
    svc: Svc,
) -> m.AuthorizationStartOut:
    redirect = body.redirect_uri or f"{svc.base_url(request)}/api/authorization/callback"
    pre = svc.platform.create_preauthcode()
    args: dict[str, Any] = {
        "pre_auth_code": pre.pre_auth_code,
        "redirect_uri": redirect,
        "auth_type": body.auth_type,
        "biz_appid": body.biz_appid,
        "category_id_list": body.category_id_list,
    }
    args = {k: v for k, v in args.items() if v is not None}
    return m.AuthorizationStartOut(
        url=svc.platform.component_login_url(**args),
        mobile_url=svc.platform.bind_component_url(**args),
        expires_in=pre.expires_in,
    )


@router.get(
    "/authorization/callback",
    tags=["authorization"],
    summary="The authorization pages' redirect (?auth_code=…): stores the account's tokens",
    description="Opened by the admin's browser, so no API key: the single-use `auth_code` is "
    "the proof. The code is exchanged once, even when the `authorized` push races it.",
    response_model=m.AuthorizedOut,
    responses=responses(400, 403, 409, 429, 502, 503),
)
def authorization_callback(
    svc: Svc,
    auth_code: str = Query(description="WeChat's authorization code"),
    expires_in: Optional[int] = Query(default=None, description="Seconds the code is valid"),
) -> m.AuthorizedOut:
    result = svc.platform.authorize(auth_code)
    return m.AuthorizedOut(
        authorizer_appid=result.authorizer_appid,
        func_info=list(result.func_info),
        exchanged=bool(result.exchanged),
    )


@router.get(
    "/authorization/status",
    tags=["authorization"],
    summary="Whether an account's authorization is stored and usable",
    response_model=m.AuthorizerStatusOut,
    dependencies=KEYED,
    responses=responses(400, 401, 403, 503),
)
def authorization_status(
    svc: Svc,
    appid: str = Query(description="The account"),
) -> m.AuthorizerStatusOut:
    return m.AuthorizerStatusOut(appid=appid, status=svc.platform.authorizer_status(appid))


# ----- health ---------------------------------------------------------------------------------


@router.get(
    "/health",
    tags=["service"],
    summary="The service is up and its database answers",
    response_model=m.HealthOut,
    responses=responses(503),
)
def health(
    svc: Svc,
) -> m.HealthOut:
    try:
        svc.db.ping()
    except Exception as e:
        raise ServiceError(
            503, "database_down", "the database does not answer", "Check DATABASE_URL."
        ) from e
    return m.HealthOut(
        status="ok",
        component_appid=svc.platform.component_appid,
        store="redis" if svc.settings.redis_url else "sqlite",
        database=svc.db.dialect(),
    )
