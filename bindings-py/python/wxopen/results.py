"""Result objects: read-only, attribute access, credentials hidden in ``repr``.

Every API call returns a :class:`Result` subclass (or ``None`` for calls that only acknowledge).
Fields are WeChat's wire names; nested objects are Results too, lists are lists. ``raw`` is the
response body as received, ``to_dict()`` a plain copy.

One rule for every field, set by the core: a field the response lacks is ``None`` (never an
invented ``""`` or ``0``); a field the spec makes the point of the call (a token, the appid of
``query_auth``, ...) is required and its absence a :class:`~wxopen.DecodeError` naming it; fields
this version does not model are kept and read like the others (``r.idc``, ``r["TCPDomain"]``).
Statuses are :class:`Status` objects: ``int`` subclasses equal to the wire number, with their
meaning attached. In a notebook every result shows as an HTML table (``_repr_html_``), its
credentials as ``***`` like the ``repr``.

On a :class:`~wxopen.Platform` (and its authorizers) the registration operations return a
:class:`Registration`: the usual result with ``.task``, the registration task the platform
recorded (:class:`~wxopen.Task`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from . import _native
from .tokens import AuthorizerToken, ComponentToken

if TYPE_CHECKING:
    from .tasks import Task

__all__ = [
    "ApiQuota",
    "Authorization",
    "AuthorizerAuthorization",
    "AuthorizerInfo",
    "AuthorizerInfoResult",
    "AuthorizerTokenGrant",
    "AuthorizeResult",
    "BasicConfig",
    "BetaRegistration",
    "BusinessInfo",
    "ComponentTokenGrant",
    "AppealStatus",
    "AuthAndIcpStatus",
    "EnterpriseStatus",
    "IcpFilingStatus",
    "IcpVerifyStatus",
    "OrderPathApplyCode",
    "OrderPathStatus",
    "ReviewStatus",
    "WxaAuthApplyStatus",
    "WxaAuthTaskStatus",
    "FuncInfo",
    "FuncscopeCategory",
    "HaveOpen",
    "IdInfo",
    "LinkFuncInfo",
    "LinkStatus",
    "LinkedMiniProgram",
    "LinkedMiniPrograms",
    "MiniProgramCategory",
    "MiniProgramInfo",
    "Network",
    "OpenAccount",
    "PreAuthCode",
    "Quota",
    "QueryAuthResult",
    "RateLimit",
    "Registration",
    "RegistrationTask",
    "Result",
    "ReuseOaRegistration",
    "Status",
    "TaskStatus",
    "WxOpens",
    "describe_status",
    "is_secret_field",
]


@functools.lru_cache(maxsize=1024)
def is_secret_field(name: str) -> bool:
    """Whether the field ``name`` holds a credential (the core's rule: known credential names,
    and any name ending in token, ticket, code, secret or key, e.g. ``AuthorizationCode``).
    Reprs show such fields as ``***``."""
    return _native.is_secret_field(name)


def _wrap(value: Any, cls: type) -> Any:
    if isinstance(value, dict):
        return cls(value) if issubclass(cls, Result) else Result(value)
    if isinstance(value, list):
        return [_wrap(v, cls) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and issubclass(cls, Status):
        return cls(value)
    return value


class Status(int):
    """A status code as WeChat sent it: an ``int`` (``status == 12`` holds), kept even when no
    table lists it, with its meaning attached (looked up in the core's tables on first use):
    ``code``, ``name`` (stable snake_case, ``"unknown"`` for unlisted codes), ``meaning``,
    ``meaning_zh``, ``known`` and ``kind`` (the table: ``task``, ``link`` or ``enterprise``).

    Results and push events use the subclasses :class:`TaskStatus`, :class:`LinkStatus` and
    :class:`EnterpriseStatus`; ``json.dumps`` writes the number."""

    kind: ClassVar[str] = "task"

    @property
    def code(self) -> int:
        """The number itself."""
        return int(self)

    def _info(self) -> dict[str, Any]:
        return _explain(type(self).kind, int(self))

    @property
    def name(self) -> str:
        """Stable snake_case name; ``"unknown"`` for codes no table lists."""
        return self._info()["name"]

    @property
    def meaning(self) -> str:
        """What the code means, in English."""
        return self._info()["meaning"]

    @property
    def meaning_zh(self) -> str:
        """What the code means, in Chinese."""
        return self._info()["meaning_zh"]

    @property
    def known(self) -> bool:
        """Whether a table lists the code."""
        return self._info()["known"]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)}, {self.name!r})"

    __str__ = int.__repr__


@functools.lru_cache(maxsize=512)
def _explain(kind: str, code: int) -> dict[str, Any]:
    return json.loads(_native.explain_status(kind, code))


class TaskStatus(Status):
    """A registration task's status (spec §3.3, §3.0): 0 task generated ... 12 creation
    succeeded; 1001-1008 as in the enterprise table."""

    kind: ClassVar[str] = "task"


class LinkStatus(Status):
    """An official account <-> mini program link's status (spec §4.1): 1 linked, 2 waiting for
    the mini-program admin, 3 rejected, 12 waiting for the OA admin."""

    kind: ClassVar[str] = "link"


class EnterpriseStatus(Status):
    """The status of a registration result push (spec §3.1, §3.5): 0 success; anything else,
    known or not, is a failure (show the push's ``msg``)."""

    kind: ClassVar[str] = "enterprise"


class ReviewStatus(Status):
    """A name or category audit result (spec §13.3 ``ret``): 1 reviewing, 2 rejected,
    3 approved."""

    kind: ClassVar[str] = "review"


class AppealStatus(Status):
    """An appeal record's status (spec §13.3): 1 processing, 2 passed, 3 rejected,
    4 withdrawn."""

    kind: ClassVar[str] = "appeal"


class WxaAuthTaskStatus(Status):
    """A certification task's ``task_status`` (spec §14.1): 0 initial ... 12 audit order
    created, 14 failed, 15 awaiting payment."""

    kind: ClassVar[str] = "wxa_auth_task"


class WxaAuthApplyStatus(Status):
    """A certification audit order's ``apply_status`` (spec §14.1): 0 none ... 4 passed,
    5 finally failed."""

    kind: ClassVar[str] = "wxa_auth_apply"


class IcpVerifyStatus(Status):
    """An ICP face verification's ``result`` (spec §14.3): 2 failed, 3 succeeded."""

    kind: ClassVar[str] = "icp_verify"


class IcpFilingStatus(Status):
    """An ICP filing's ``beian_status`` (spec §14.4): 2-5 in review or rejected, 6 filed,
    1024 and up not filed."""

    kind: ClassVar[str] = "icp_filing"


class AuthAndIcpStatus(Status):
    """The combined certification + ICP flow's ``procedure_status`` (spec §14.5): 9 ... 29."""

    kind: ClassVar[str] = "auth_and_icp"


class OrderPathApplyCode(Status):
    """An order-page path application item's ``ret_code`` (spec §14.6): 0 submitted,
    1 duplicate, -1 busy, -2 invalid appid."""

    kind: ClassVar[str] = "order_path_apply"


class OrderPathStatus(Status):
    """An order-page path audit item's ``status`` (spec §14.6): 2 reviewing, 3 failed,
    4 passed."""

    kind: ClassVar[str] = "order_path_audit"


_STATUS_KINDS: dict[str, type[Status]] = {
    "task": TaskStatus,
    "personal": TaskStatus,
    "link": LinkStatus,
    "enterprise": EnterpriseStatus,
    "beta_verify": EnterpriseStatus,
    "review": ReviewStatus,
    "appeal": AppealStatus,
    "wxa_auth_task": WxaAuthTaskStatus,
    "wxa_auth_apply": WxaAuthApplyStatus,
    "icp_verify": IcpVerifyStatus,
    "icp_filing": IcpFilingStatus,
    "auth_and_icp": AuthAndIcpStatus,
    "order_path_apply": OrderPathApplyCode,
    "order_path_audit": OrderPathStatus,
}


def describe_status(kind: str, code: int) -> Status:
    """The status ``code`` of table ``kind`` (``task``, ``link``, ``enterprise``, ``review``,
    ``appeal``, ``wxa_auth_task``, ``wxa_auth_apply``, ``icp_verify``, ``icp_filing``,
    ``auth_and_icp``, ``order_path_apply``, ``order_path_audit``; aliases ``personal`` and
    ``beta_verify``) with its meaning: for a code read elsewhere (a database, a log). An unknown
    kind is :class:`~wxopen.InvalidArgument`."""
    cls = _STATUS_KINDS.get(kind)
    if cls is None:
        _native.explain_status(str(kind), 0)  # raises InvalidArgument naming the kind
        raise AssertionError("unreachable: the core accepted an unknown status kind")
    return cls(code)


class Result(Mapping[str, Any]):
    """A decoded response payload: ``r.field`` or ``r["field"]``."""

    __slots__ = ("_data", "raw")

    #: The class of each nested field: a Result subclass for objects, a Status subclass for
    #: status numbers (other objects are plain :class:`Result`).
    _nested: ClassVar[dict[str, type]] = {}

    def __init__(self, data: dict[str, Any], raw: Optional[bytes] = None) -> None:
        nested = type(self)._nested
        object.__setattr__(
            self, "_data", {k: _wrap(v, nested.get(k, Result)) for k, v in data.items()}
        )
        object.__setattr__(self, "raw", raw)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no field {name!r}; fields: {sorted(self._data)}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Result):
            return self.to_dict() == other.to_dict()
        if isinstance(other, dict):
            return self.to_dict() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._data]

    def to_dict(self) -> dict[str, Any]:
        """A plain, deep copy as dicts, lists, strings and numbers (statuses as plain ints),
        credentials included: it is data, not a display form."""

        def plain(v: Any) -> Any:
            if isinstance(v, Result):
                return v.to_dict()
            if isinstance(v, list):
                return [plain(x) for x in v]
            if isinstance(v, Status):
                return int(v)
            return v

        return {k: plain(v) for k, v in self._data.items()}

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}=***" if is_secret_field(k) and v is not None else f"{k}={v!r}"
            for k, v in self._data.items()
        )
        return f"{type(self).__name__}({fields})"

    def _repr_html_(self) -> str:
        """The result as an HTML table (notebooks), credentials as ``***``."""
        from ._html import result_html

        return result_html(self)


class OpenAccount(Result):
    """``open.create`` / ``open.get``: the open-platform account (spec §2)."""

    open_appid: str


class HaveOpen(Result):
    """``open.have``: whether the account already has an open-platform account (spec §2)."""

    have_open: bool


# ---- §1 credentials and authorization ----


class ComponentTokenGrant(Result):
    """``component_token``: the component access token (spec §1.3). ``repr`` hides it."""

    component_access_token: str
    expires_in: int

    def token(self) -> ComponentToken:
        """The token as a :class:`~wxopen.ComponentToken`, ready to pass to operations."""
        return ComponentToken(self["component_access_token"])


class PreAuthCode(Result):
    """``create_preauthcode``: a single-use pre-auth code for the authorization pages (§1.4)."""

    pre_auth_code: str
    expires_in: int


class FuncscopeCategory(Result):
    """A permission set: ``id``; newer responses also carry ``type``, ``name``, ``desc``."""

    id: int
    type: Optional[int]
    name: Optional[str]
    desc: Optional[str]


class FuncInfo(Result):
    """One granted permission set (``func_info[]``); newer responses add ``confirm_info``."""

    _nested: ClassVar[dict[str, type[Result]]] = {"funcscope_category": FuncscopeCategory}

    funcscope_category: FuncscopeCategory


class Authorization(Result):
    """``authorization_info`` of ``query_auth``: the authorizer's tokens and permission sets."""

    _nested: ClassVar[dict[str, type[Result]]] = {"func_info": FuncInfo}

    authorizer_appid: str
    authorizer_access_token: str
    expires_in: int
    authorizer_refresh_token: str
    func_info: Optional[list[FuncInfo]]


class QueryAuthResult(Result):
    """``query_auth``: what an authorization code was exchanged for (spec §1.6). Persist
    ``authorization_info.authorizer_refresh_token``."""

    _nested: ClassVar[dict[str, type[Result]]] = {"authorization_info": Authorization}

    authorization_info: Authorization

    def token(self) -> AuthorizerToken:
        """The authorizer access token as a :class:`~wxopen.AuthorizerToken` of
        ``authorization_info.authorizer_appid``."""
        info = self["authorization_info"]
        return AuthorizerToken(info["authorizer_appid"], info["authorizer_access_token"])


class AuthorizerTokenGrant(Result):
    """``authorizer_token``: a refreshed authorizer access token (spec §1.7). Persist the new
    ``authorizer_refresh_token``."""

    authorizer_access_token: str
    expires_in: int
    authorizer_refresh_token: str

    def token(self, authorizer_appid: str) -> AuthorizerToken:
        """The access token as a :class:`~wxopen.AuthorizerToken` of ``authorizer_appid`` (the
        account it was refreshed for; the response does not name it)."""
        return AuthorizerToken(authorizer_appid, self["authorizer_access_token"])


class IdInfo(Result):
    """An ``{id}`` object (``service_type_info``, ``verify_type_info``)."""

    id: int


class BusinessInfo(Result):
    """``business_info`` feature switches (0/1; ``None`` when absent)."""

    open_store: Optional[int]
    open_scan: Optional[int]
    open_pay: Optional[int]
    open_card: Optional[int]
    open_shake: Optional[int]


class BasicConfig(Result):
    """``basic_config``: whether phone and email are configured (``None`` when absent)."""

    is_phone_configured: Optional[bool]
    is_email_configured: Optional[bool]


class Network(Result):
    """``MiniProgramInfo.network``: configured domains, WeChat's key names kept; newer lists
    (``TCPDomain``, ``PrefetchDNSDomain``, ``NewRequestDomain``, ...) are kept as well."""

    RequestDomain: Optional[list[str]]
    WsRequestDomain: Optional[list[str]]
    UploadDomain: Optional[list[str]]
    DownloadDomain: Optional[list[str]]
    BizDomain: Optional[list[str]]
    UDPDomain: Optional[list[str]]


class MiniProgramCategory(Result):
    """A mini-program category: ``first`` and ``second`` level names."""

    first: Optional[str]
    second: Optional[str]


class MiniProgramInfo(Result):
    """``MiniProgramInfo`` (mini programs only): domains, categories, visit status."""

    _nested: ClassVar[dict[str, type[Result]]] = {
        "network": Network,
        "categories": MiniProgramCategory,
    }

    network: Optional[Network]
    categories: Optional[list[MiniProgramCategory]]
    visit_status: Optional[int]


_MiniProgramInfo = MiniProgramInfo  # the field below shares the class's name


class AuthorizerInfo(Result):
    """``authorizer_info`` (spec §1.8). Every field is ``None`` when absent; unmodelled ones
    (``idc``, ...) are kept. ``account_status``: 1 normal, 14 cancelled, 16 banned, 18 warned, 19
    frozen; ``register_type``: 0 normal, 2 reuse-OA, 6 enterprise API, 13 beta API, 16 personal
    API, 19 beta to formal, ..."""

    _nested: ClassVar[dict[str, type[Result]]] = {
        "service_type_info": IdInfo,
        "verify_type_info": IdInfo,
        "business_info": BusinessInfo,
        "basic_config": BasicConfig,
        "MiniProgramInfo": _MiniProgramInfo,
    }

    nick_name: Optional[str]
    head_img: Optional[str]
    service_type_info: Optional[IdInfo]
    verify_type_info: Optional[IdInfo]
    user_name: Optional[str]
    principal_name: Optional[str]
    alias: Optional[str]
    qrcode_url: Optional[str]
    signature: Optional[str]
    business_info: Optional[BusinessInfo]
    account_status: Optional[int]
    register_type: Optional[int]
    basic_config: Optional[BasicConfig]
    MiniProgramInfo: Optional[_MiniProgramInfo]


class AuthorizerAuthorization(Result):
    """``authorization_info`` of ``get_authorizer_info``: refresh token and permission sets
    (each ``None`` when absent; old responses name the appid ``appid``, kept as is)."""

    _nested: ClassVar[dict[str, type[Result]]] = {"func_info": FuncInfo}

    authorizer_appid: Optional[str]
    authorizer_refresh_token: Optional[str]
    func_info: Optional[list[FuncInfo]]


class AuthorizerInfoResult(Result):
    """``get_authorizer_info``: an authorizer's profile and authorization (spec §1.8)."""

    _nested: ClassVar[dict[str, type[Result]]] = {
        "authorizer_info": AuthorizerInfo,
        "authorization_info": AuthorizerAuthorization,
    }

    authorizer_info: AuthorizerInfo
    authorization_info: Optional[AuthorizerAuthorization]


# ---- §3 fast registration ----


class Registration(Result):
    """What a registration call returns: its result, and on a :class:`~wxopen.Platform` (or an
    authorizer of one) :attr:`task`, the registration task the platform recorded
    (docs/tasks.md). The operations whose answer is a bare acknowledgement
    (``register_enterprise_legacy``, ``verify_beta``) return an empty ``Registration`` on a
    platform (``None`` on a :class:`~wxopen.Client`); the others return their own subclass."""

    __slots__ = ("_task",)

    def __init__(self, data: dict[str, Any], raw: Optional[bytes] = None) -> None:
        super().__init__(data, raw)
        object.__setattr__(self, "_task", None)

    @property
    def task(self) -> Optional[Task]:
        """The task the platform recorded for this call (``platform.tasks.wait(r.task.id)``);
        ``None`` from a :class:`~wxopen.Client`, from ``query_personal``, or when the platform
        could not record it (a ``failure`` event with operation ``task`` says why)."""
        return self._task

    def __repr__(self) -> str:
        text = super().__repr__()
        if self._task is None:
            return text
        return f"{text[:-1]}{', ' if self._data else ''}task={self._task!r})"

    def _repr_html_(self) -> str:
        from ._html import result_html

        return result_html(self, task=self._task)


class RegistrationTask(Registration):
    """``register_enterprise`` / ``register_personal`` / ``query_personal``: a registration
    task (spec §3.0, §3.3). Show ``authorize_url`` to the person (valid 24 h); ``status`` is a
    :class:`TaskStatus` (``== 12``: creation succeeded) or ``None`` when the response has none."""

    _nested: ClassVar[dict[str, type]] = {"status": TaskStatus}

    taskid: str
    authorize_url: Optional[str]
    status: Optional[TaskStatus]


class ReuseOaRegistration(Registration):
    """``register_by_reuse_oa``: the new mini program (spec §3.2). Exchange
    ``authorization_code`` with ``query_auth`` at once."""

    appid: str
    authorization_code: str
    is_wx_verify_succ: Optional[bool]
    is_link_succ: Optional[bool]


class AuthorizeResult(Result):
    """``Platform.authorize``: the account that authorized the platform. ``func_info`` lists
    the granted permission-set ids; ``exchanged`` is False when the ``authorized`` push had
    already exchanged the same code (the outcome is the same)."""

    authorizer_appid: str
    func_info: list[int]
    exchanged: bool


class BetaRegistration(Registration):
    """``register_beta``: deliver ``authorize_url`` to the user (valid 24 h); the result push
    is correlated by ``unique_id`` (spec §3.4)."""

    unique_id: str
    authorize_url: Optional[str]


# ---- §4 official account <-> mini program links ----


class LinkFuncInfo(Result):
    """A capability of a linked mini program: id 1 微信认证, 2 微信支付; ``status`` 0 off, 1 on."""

    id: int
    status: Optional[int]
    name: Optional[str]


class LinkedMiniProgram(Result):
    """One mini program of ``link_get`` (spec §4.1); every field ``None`` when absent.
    ``status`` is a :class:`LinkStatus`: 1 linked, 2 waiting for the mini-program admin, 3
    rejected, 12 waiting for the OA admin."""

    _nested: ClassVar[dict[str, type]] = {"status": LinkStatus, "func_infos": LinkFuncInfo}

    status: Optional[LinkStatus]
    appid: Optional[str]
    username: Optional[str]
    nickname: Optional[str]
    headimg_url: Optional[str]
    source: Optional[str]
    selected: Optional[int]
    nearby_display_status: Optional[int]
    released: Optional[int]
    func_infos: Optional[list[LinkFuncInfo]]
    copy_verify_status: Optional[int]
    email: Optional[str]


class WxOpens(Result):
    """``wxopens`` of ``link_get``. Its one field is ``items`` (a list of
    :class:`LinkedMiniProgram`); read it as ``wxopens["items"]``, since ``.items`` is the
    mapping method."""

    _nested: ClassVar[dict[str, type[Result]]] = {"items": LinkedMiniProgram}


class LinkedMiniPrograms(Result):
    """``link_get``: the mini programs linked to (or invited by) the official account, wire
    shape kept (``wxopens["items"]``, each ``None`` when absent); :attr:`mini_programs` is the
    same list."""

    _nested: ClassVar[dict[str, type[Result]]] = {"wxopens": WxOpens}

    wxopens: Optional[WxOpens]

    @property
    def mini_programs(self) -> list[LinkedMiniProgram]:
        """``wxopens["items"]``; an empty list when the response has no ``wxopens`` or
        ``items`` (an account with nothing linked)."""
        wxopens = self["wxopens"]
        items = wxopens.get("items") if wxopens is not None else None
        return items if items is not None else []


# ---- §15 quotas ----


class Quota(Result):
    """``quota`` of :class:`ApiQuota`: today's ``daily_limit``, ``used`` and ``remain``."""

    daily_limit: int
    used: int
    remain: int


class RateLimit(Result):
    """A window limit: ``call_count`` calls per ``refresh_second`` seconds."""

    call_count: int
    refresh_second: int


class ApiQuota(Result):
    """``get_api_quota`` / ``get_authorizer_api_quota`` (spec §15.2): the daily ``quota`` and,
    where WeChat returns them, ``rate_limit`` and ``component_rate_limit`` (else ``None``)."""

    _nested: ClassVar[dict[str, type[Result]]] = {
        "quota": Quota,
        "rate_limit": RateLimit,
        "component_rate_limit": RateLimit,
    }

    quota: Quota
    rate_limit: Optional[RateLimit]
    component_rate_limit: Optional[RateLimit]
