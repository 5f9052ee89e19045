"""Request and response models: WeChat's field names, the types the core takes. The models
check types only; every rule about the values (lengths, code formats, flags) is the core's,
applied when the route calls it — a refused value is a 400 naming the field and the rule.
``tests/backend/test_openapi.py`` checks that each registration model has exactly the fields
and required fields of its operation's input in ``schema/operations.json``."""

from __future__ import annotations

from typing import Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Flag = Union[bool, int]
CodeType = Union[int, str]
AppId = Field(description="The authorizer account's appid (the platform acts with its token).")


class Input(BaseModel):
    """A request body: unknown fields are refused (a typo is not silently dropped)."""

    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    """A response body."""

    model_config = ConfigDict(extra="forbid")


# ----- errors -------------------------------------------------------------------------------


class ErrorOut(Output):
    """Every error. ``error`` is the stable code (the core's error codes, plus the service's
    own: ``unauthorized``, ``forbidden``, ``not_found``, ``idempotency_*``, ``internal``);
    ``errcode``/``errmsg`` are WeChat's when WeChat refused the call; ``meaning`` and ``hint``
    say what happened and what to do; ``field`` and ``rule`` name the input the core refused."""

    error: str
    message: str
    errcode: Optional[int] = None
    errmsg: Optional[str] = None
    meaning: str
    meaning_zh: Optional[str] = None
    hint: str
    category: Optional[str] = None
    retryable: bool = False
    field: Optional[str] = None
    rule: Optional[str] = None
    operation: Optional[str] = None
    authorizer_appid: Optional[str] = None


# ----- tasks --------------------------------------------------------------------------------


class TaskOut(BaseModel):
    """A registration task as the core keeps it (docs/tasks.md): where it stands, who must act
    and what to do. Fields the core adds later pass through."""

    model_config = ConfigDict(extra="allow")

    id: str
    kind: str = Field(
        description="enterprise, enterprise_legacy, personal, beta, beta_verify, reuse_oa"
    )
    state: str = Field(description="created, waiting, succeeded, failed, expired")
    settled: bool
    status: Optional[int] = None
    source: Optional[str] = None
    msg: Optional[str] = None
    meaning: Optional[str] = None
    meaning_zh: Optional[str] = None
    waiting_for: Optional[str] = None
    next_step: Optional[str] = None
    next_step_zh: Optional[str] = None
    authorize_url: Optional[str] = None
    appid: Optional[str] = None
    authorized: bool = False
    authorization_errcode: Optional[int] = None
    can_query: bool = False
    attempt: Optional[int] = None
    created_at_ms: Optional[int] = None
    updated_at_ms: Optional[int] = None
    expires_at_ms: Optional[int] = None
    details: dict[str, Any] = Field(default_factory=dict)


class TaskListOut(Output):
    tasks: list[TaskOut]


# ----- registration -------------------------------------------------------------------------


class EnterpriseIn(Input):
    """``register.enterprise`` (spec §3.0, the 2026 flow)."""

    name: str
    code: str
    code_type: CodeType
    legal_persona_openid: str
    legal_persona_name: str
    component_phone: Optional[str] = None


class PersonalIn(Input):
    """``register.personal`` (spec §3.3)."""

    idname: str
    wxuser: str
    component_phone: Optional[str] = None
    new_version: Optional[Flag] = None


class TrialIn(Input):
    """``register.beta`` (spec §3.4)."""

    name: str
    openid: str


class ByAccountIn(Input):
    """``register.reuse_oa`` (spec §3.2): ``appid`` is the official account whose subject is
    reused, ``ticket`` the one its admin's confirmation put on the redirect."""

    appid: str = AppId
    ticket: str


class VerifyInfoIn(Input):
    """``verify_info`` of ``register.beta_verify`` (note ``enterprise_name``)."""

    enterprise_name: str
    code: str
    code_type: CodeType
    legal_persona_wechat: str
    legal_persona_name: str
    legal_persona_idcard: str
    component_phone: str


class TrialVerifyIn(Input):
    """``register.beta_verify`` (spec §3.5) for the trial mini program ``appid``."""

    appid: str = AppId
    verify_info: VerifyInfoIn
    new_version: Optional[Flag] = None


class TrialRenameIn(Input):
    """``register.beta_rename`` (spec §3.6) for the trial mini program ``appid``."""

    appid: str = AppId
    name: str


class RegistrationOut(Output):
    """A registration started: its task (``task_id`` for ``/api/task/status``) and the page the
    person must open (``authorize_url``), when the flow has one."""

    task_id: Optional[str] = Field(
        description="The task's id; null only when the store could not record it"
    )
    task: Optional[TaskOut]
    authorize_url: Optional[str] = None


class EnterpriseOut(RegistrationOut):
    taskid: str
    status: Optional[int] = None


class PersonalOut(RegistrationOut):
    taskid: str
    status: Optional[int] = None


class TrialOut(RegistrationOut):
    unique_id: str


class ByAccountOut(RegistrationOut):
    """The new mini program exists at once; its authorization code was exchanged by the
    platform (never returned)."""

    appid: str
    is_wx_verify_succ: Optional[bool] = None
    is_link_succ: Optional[bool] = None


class TrialVerifyOut(RegistrationOut):
    appid: str


class TrialRenameOut(Output):
    appid: str
    name: str


class ByAccountUrlIn(Input):
    """The page where the official account's admin confirms reusing its subject (spec §3.2)."""

    appid: str = AppId
    copy_wx_verify: Flag = Field(description="1/true: reuse the OA's WeChat verification")
    redirect_uri: Optional[str] = Field(
        default=None,
        description="Where the page sends the browser with ?ticket=…; default: this service's "
        "/api/miniprogram/register/by-account/callback",
    )


class UrlOut(Output):
    url: str


# ----- open platform account ----------------------------------------------------------------


class OpenAccountIn(Input):
    appid: str = AppId


class OpenBindIn(Input):
    appid: str = AppId
    open_appid: str


class OpenAccountOut(Output):
    appid: str
    open_appid: str


# ----- official account <-> mini program links ----------------------------------------------


class LinkIn(Input):
    """Invite the mini program ``miniprogram_appid`` to link to the official account
    ``appid`` (spec §4.2; both admins confirm)."""

    appid: str = AppId
    miniprogram_appid: str
    notify_users: Flag
    show_profile: Flag


class UnlinkIn(Input):
    appid: str = AppId
    miniprogram_appid: str


class LinkOut(Output):
    appid: str
    miniprogram_appid: str
    result: str = Field(description="invited (both admins must confirm) or unlinked")


class LinkedMiniProgramOut(BaseModel):
    """One mini program linked to (or invited by) the official account; WeChat's fields."""

    model_config = ConfigDict(extra="allow")

    status: Optional[int] = Field(
        default=None,
        description="1 linked, 2 waiting for the mini-program admin, 3 rejected, "
        "12 waiting for the OA admin",
    )
    status_meaning: Optional[str] = None
    appid: Optional[str] = None
    username: Optional[str] = None
    nickname: Optional[str] = None


class LinkListOut(Output):
    appid: str
    items: list[LinkedMiniProgramOut]


# ----- admin rebind -------------------------------------------------------------------------


class RebindUrlIn(Input):
    """The page where a mini program's admins hand it over (spec §5)."""

    appid: str = AppId
    redirect_uri: Optional[str] = Field(
        default=None,
        description="Where the page sends the browser with ?taskid=…; default: this service's "
        "/api/miniprogram/admin/rebind/callback",
    )


class RebindIn(Input):
    appid: str = AppId
    taskid: str


class RebindOut(Output):
    appid: str
    rebound: bool


# ----- authorization ------------------------------------------------------------------------


class AuthorizationStartIn(Input):
    """The authorization pages (spec §1.5) for a new pre-auth code."""

    redirect_uri: Optional[str] = Field(
        default=None,
        description="Where WeChat sends the admin's browser with ?auth_code=…; default: this "
        "service's /api/authorization/callback",
    )
    auth_type: Optional[int] = Field(
        default=None, description="1 official accounts, 2 mini programs, 3 both"
    )
    biz_appid: Optional[str] = None
    category_id_list: Optional[list[int]] = None


class AuthorizationStartOut(Output):
    """``url`` for a PC browser (QR code), ``mobile_url`` inside WeChat. Both carry the
    single-use pre-auth code; hand them only to the merchant's admin."""

    url: str
    mobile_url: str
    expires_in: int


class AuthorizedOut(Output):
    authorizer_appid: str
    func_info: list[int]
    exchanged: bool = Field(
        description="false when the authorized push had exchanged the same code first"
    )


class AuthorizerStatusOut(Output):
    appid: str
    status: Optional[str] = Field(
        description="authorized, needs_reauthorization, revoked, or null (unknown)"
    )


# ----- tokens -------------------------------------------------------------------------------


class ComponentTokenOut(Output):
    component_appid: str
    component_access_token: str


class AuthorizerTokenOut(Output):
    authorizer_appid: str
    authorizer_access_token: str


# ----- webhook inbox, health ----------------------------------------------------------------


class InboxEntryOut(Output):
    id: int
    received_at_ms: int
    handled_at_ms: Optional[int]
    outcome: str
    info_type: Optional[str]
    appid: Optional[str]
    error: Optional[str]
    digest: str
    body_bytes: int
    worker: str


class InboxOut(Output):
    items: list[InboxEntryOut]


class HealthOut(Output):
    status: str
    component_appid: str
    store: str
    database: str
