"""Clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both expose the same methods, one per WeChat operation; the Rust core builds each request,
validates its input and parses the response. The transport does the I/O.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional, TypedDict, Union

from . import _native
from .exceptions import RAW_CODES, WrongTokenError, WxOpenError, _invalid
from .http import Request, Response
from .results import (
    ApiQuota,
    AuthorizerInfoResult,
    AuthorizerTokenGrant,
    BetaRegistration,
    ComponentTokenGrant,
    HaveOpen,
    LinkedMiniPrograms,
    OpenAccount,
    PreAuthCode,
    QueryAuthResult,
    RegistrationTask,
    Result,
    ReuseOaRegistration,
)
from .tokens import AuthorizerToken, ComponentToken
from .transports import ThreadedAsyncTransport, UrllibTransport, _wrap_error

__all__ = [
    "DEFAULT_API_BASE",
    "DEFAULT_MP_BASE",
    "DEFAULT_OPEN_BASE",
    "AsyncClient",
    "Client",
    "VerifyInfo",
]

#: WeChat's API host (the core's default).
DEFAULT_API_BASE: str = _native.DEFAULT_API_BASE
#: The mp.weixin.qq.com page host (the core's default).
DEFAULT_MP_BASE: str = _native.DEFAULT_MP_BASE
#: The open.weixin.qq.com page host (the core's default).
DEFAULT_OPEN_BASE: str = _native.DEFAULT_OPEN_BASE

Token = Union[ComponentToken, AuthorizerToken]


class VerifyInfo(TypedDict):
    """``verify_info`` of :meth:`Client.verify_beta` (spec §3.5); every key is required.

    ``code_type``: 1 unified social credit code (18 chars), 2 organization code
    (``xxxxxxxx-x``), 3 business licence registration number (15 chars).
    """

    enterprise_name: str
    code: str
    code_type: int
    legal_persona_wechat: str
    legal_persona_name: str
    legal_persona_idcard: str
    component_phone: str


class _Missing:
    """Marks a required argument left out; the core then reports it as InvalidArgument."""

    def __repr__(self) -> str:
        return "<required>"


REQUIRED: Any = _Missing()


def _token_parts(token: Optional[Token]) -> tuple[str, Optional[str], Optional[str]]:
    if token is None:
        return ("none", None, None)
    if isinstance(token, (ComponentToken, AuthorizerToken)):
        return (token.kind, token.appid, token.value)
    raise WrongTokenError(
        "pass a wxopen.AuthorizerToken(appid, value) or wxopen.ComponentToken(value), "
        f"not {type(token).__name__}",
        details={"code": "wrong_token", "got": type(token).__name__},
    )


def _plain(value: Any, path: str) -> Any:
    """``value`` as JSON the core can take, or an error naming ``path`` (never quoting the
    value, which may be a secret): text must be valid Unicode (a lone surrogate is refused),
    bytes must be UTF-8, numbers finite."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _invalid(path, "must be a finite number")
        return value
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _invalid(
                path, "must be valid Unicode text (it contains a lone surrogate)"
            ) from None
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid(path, "bytes must be UTF-8 text (or pass a str)") from None
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{path} must have str keys, not {type(k).__name__}")
            key = _plain(k, f"{path}.<key>")
            # A caller's key is echoed in messages, but never a huge one whole.
            shown = key if len(key) <= 64 else f"{key[:64]}... ({len(key)} characters)"
            out[key] = _plain(v, f"{path}.{shown}")
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    raise TypeError(
        f"{path} must be text, a number, a bool, a list or a mapping, not {type(value).__name__}"
    )


def _input_json(args: dict[str, Any]) -> str:
    return json.dumps(
        {k: _plain(v, k) for k, v in args.items() if v is not None and not isinstance(v, _Missing)},
        ensure_ascii=False,
        separators=(",", ":"),
    )


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside this package (the
    user's call), however many wxopen frames (operation body, Platform method) lie between."""
    level, frame = 1, sys._getframe(2)
    while frame is not None and os.path.dirname(frame.f_code.co_filename) == _PACKAGE_DIR:
        level += 1
        frame = frame.f_back
    return level + 1


def _deprecated(method: str, instead: str) -> None:
    warnings.warn(
        f"{method} is deprecated: WeChat took the legacy enterprise registration offline on "
        f"2026-04-30 (spec §3.0); use {instead}",
        DeprecationWarning,
        stacklevel=_caller_stacklevel(),
    )


def _coerce(response: Any) -> Response:
    if isinstance(response, Response):
        return response
    if isinstance(response, tuple) and len(response) == 2:
        return Response(response[0], response[1])
    raise TypeError(
        f"a transport must return wxopen.Response or (status, body), not {type(response).__name__}"
    )


class _Operations:
    """The operations: each spelled once, here, and shared by every host of them.

    :class:`Client` and :class:`AsyncClient` inherit these methods as they are (the caller
    passes the token). ``Platform``, ``AsyncPlatform`` and their ``Authorizer`` handles get the
    same methods without the ``token`` parameter (:func:`_without_token`): their ``_call``
    obtains the token from the driver. Each method returns what ``_call`` returns: the result
    itself for the blocking hosts, an awaitable of it for the asyncio ones (page URLs are built
    at once, never awaited).
    """

    _bases: tuple[str, str, str]
    # Sends one operation: Client returns the result, AsyncClient an awaitable of it.
    _call: Callable[[str, Optional[Token], dict[str, Any], Any], Any]

    def _prepare(
        self, op: str, token: Optional[Token], args: dict[str, Any]
    ) -> tuple[str, Request]:
        input_json = _input_json(args)
        kind, appid, value = _token_parts(token)
        method, url, headers, body = _native.build(op, input_json, kind, appid, value, *self._bases)
        return input_json, Request(method, url, headers, body)

    def _page(self, op: str, args: dict[str, Any]) -> str:
        """A page URL (for the person's browser): built and validated by the core, not sent."""
        return self._prepare(op, None, args)[1].url

    @staticmethod
    def _finish(op: str, input_json: str, response: Any, result: Any) -> Any:
        response = _coerce(response)
        try:
            output = json.loads(_native.parse(op, input_json, response.status, response.body))
        except WxOpenError as e:
            if e.code in RAW_CODES:
                e.raw = response.body  # type: ignore[attr-defined]
            raise
        if output is None or result is None:
            return None
        return result(output, response.body)

    # ---- §1 credentials and authorization ----

    def start_push_ticket(
        self, *, component_appid: str = REQUIRED, component_secret: str = REQUIRED
    ) -> Any:
        """Ask WeChat to push a fresh ``component_verify_ticket`` now (spec §1.2).

        ``POST /cgi-bin/component/api_start_push_ticket``, no token. ``component_secret`` is the
        platform AppSecret. Returns ``None``; the ticket arrives by push (every 10 min anyway).
        Errcodes: 40125 invalid appsecret, 61004 caller IP not whitelisted.
        """
        return self._call(
            "component.start_push_ticket",
            None,
            {"component_appid": component_appid, "component_secret": component_secret},
            None,
        )

    def component_token(
        self,
        *,
        component_appid: str = REQUIRED,
        component_appsecret: str = REQUIRED,
        component_verify_ticket: str = REQUIRED,
    ) -> Any:
        """Get the component access token (spec §1.3).

        ``POST /cgi-bin/component/api_component_token``, no token. Pass the latest pushed
        ``component_verify_ticket`` (valid 12 h). Returns :class:`ComponentTokenGrant`
        (``expires_in`` 7200 s; ``.token()`` gives a :class:`ComponentToken`). Errcodes: 40001 /
        40125 wrong secret, 61004 IP not whitelisted, 61005 ticket expired, 61006 ticket
        invalid, 45009 daily quota reached.
        """
        return self._call(
            "component.api_component_token",
            None,
            {
                "component_appid": component_appid,
                "component_appsecret": component_appsecret,
                "component_verify_ticket": component_verify_ticket,
            },
            ComponentTokenGrant,
        )

    def create_preauthcode(self, token: ComponentToken, *, component_appid: str = REQUIRED) -> Any:
        """Create a single-use pre-auth code for the authorization pages (spec §1.4).

        ``POST /cgi-bin/component/api_create_preauthcode``, component token. Returns
        :class:`PreAuthCode` (``expires_in`` 1800 s per current docs). Use it once, in
        :meth:`component_login_url` or :meth:`bind_component_url`.
        """
        return self._call(
            "component.preauthcode", token, {"component_appid": component_appid}, PreAuthCode
        )

    def component_login_url(
        self,
        *,
        component_appid: str = REQUIRED,
        pre_auth_code: str = REQUIRED,
        redirect_uri: str = REQUIRED,
        auth_type: Optional[int] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str:
        """The PC authorization page URL, where the merchant's admin scans a QR code (spec §1.5).

        ``https://mp.weixin.qq.com/cgi-bin/componentloginpage?...``: a page URL, no token, not
        sent. ``redirect_uri`` must be an absolute http(s) URL on the platform's 登录授权的发起页
        域名; afterwards the browser goes there with ``auth_code`` and ``expires_in``.
        ``auth_type``: 1 official accounts, 2 mini programs, 3 both (WeChat's default); other
        positive values pass through (integrators send e.g. 6); with ``biz_appid``, the
        account it names wins at WeChat.
        ``category_id_list``: permission-set ids (default: all published sets). Returns the URL.
        """
        return self._page(
            "page.component_login",
            {
                "component_appid": component_appid,
                "pre_auth_code": pre_auth_code,
                "redirect_uri": redirect_uri,
                "auth_type": auth_type,
                "biz_appid": biz_appid,
                "category_id_list": category_id_list,
            },
        )

    def bind_component_url(
        self,
        *,
        component_appid: str = REQUIRED,
        pre_auth_code: str = REQUIRED,
        redirect_uri: str = REQUIRED,
        auth_type: Optional[int] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str:
        """The mobile authorization page URL, opened inside WeChat (spec §1.5).

        ``https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1
        &...#wechat_redirect``: a page URL, no token, not sent. Same arguments and rules as
        :meth:`component_login_url`. Returns the URL.
        """
        return self._page(
            "page.bind_component",
            {
                "component_appid": component_appid,
                "pre_auth_code": pre_auth_code,
                "redirect_uri": redirect_uri,
                "auth_type": auth_type,
                "biz_appid": biz_appid,
                "category_id_list": category_id_list,
            },
        )

    def query_auth(
        self,
        token: ComponentToken,
        *,
        component_appid: str = REQUIRED,
        authorization_code: str = REQUIRED,
    ) -> Any:
        """Exchange an authorization code for the authorizer's tokens (spec §1.6).

        ``POST /cgi-bin/component/api_query_auth``, component token. The code is the redirect's
        ``auth_code``, the push's ``AuthorizationCode`` or §3.2's ``authorization_code``
        (single-use). Returns :class:`QueryAuthResult` (``.token()`` gives the
        :class:`AuthorizerToken`); persist ``authorizer_refresh_token``. Errcodes: 61009 code
        invalid (reused, another account's, or a pre_auth_code), 61010 code expired.
        """
        return self._call(
            "component.query_auth",
            token,
            {"component_appid": component_appid, "authorization_code": authorization_code},
            QueryAuthResult,
        )

    def authorizer_token(
        self,
        token: ComponentToken,
        *,
        component_appid: str = REQUIRED,
        authorizer_appid: str = REQUIRED,
        authorizer_refresh_token: str = REQUIRED,
    ) -> Any:
        """Refresh an authorizer access token (spec §1.7).

        ``POST /cgi-bin/component/api_authorizer_token``, component token. Returns
        :class:`AuthorizerTokenGrant` (``.token(authorizer_appid)`` gives the
        :class:`AuthorizerToken`); persist the returned ``authorizer_refresh_token``.
        Errcodes: 61023 refresh token invalid, 61003 authorization cancelled, 45009 quota.
        """
        return self._call(
            "component.authorizer_token",
            token,
            {
                "component_appid": component_appid,
                "authorizer_appid": authorizer_appid,
                "authorizer_refresh_token": authorizer_refresh_token,
            },
            AuthorizerTokenGrant,
        )

    def get_authorizer_info(
        self,
        token: ComponentToken,
        *,
        component_appid: str = REQUIRED,
        authorizer_appid: str = REQUIRED,
    ) -> Any:
        """An authorizer's profile and granted permission sets (spec §1.8).

        ``POST /cgi-bin/component/api_get_authorizer_info``, component token. Returns
        :class:`AuthorizerInfoResult` (``authorizer_info.MiniProgramInfo`` only for mini
        programs). Errcode 61003: the account cancelled the authorization.
        """
        return self._call(
            "component.authorizer_info",
            token,
            {"component_appid": component_appid, "authorizer_appid": authorizer_appid},
            AuthorizerInfoResult,
        )

    # ---- §2 open-platform accounts (authorizer token; permission sets 24/25) ----

    def open_create(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> Any:
        """Create an open-platform account and bind the token's account to it (spec §2).

        ``POST /cgi-bin/open/create``. ``appid`` defaults to the token's account; if given it must
        be that account. Returns :class:`OpenAccount`. Errcodes: 89000 already bound, 89001
        subject mismatch.
        """
        return self._call("open.create", token, {"appid": appid}, OpenAccount)

    def open_bind(
        self, token: AuthorizerToken, *, open_appid: str = REQUIRED, appid: Optional[str] = None
    ) -> Any:
        """Bind the token's account to the open-platform account ``open_appid`` (spec §2).

        ``POST /cgi-bin/open/bind``. Returns ``None``. Errcodes: 89000 already bound, 89001 not
        the same subject, 89004 open account full (100), 89036 open account not API-created or
        unverified.
        """
        return self._call("open.bind", token, {"appid": appid, "open_appid": open_appid}, None)

    def open_unbind(
        self, token: AuthorizerToken, *, open_appid: str = REQUIRED, appid: Optional[str] = None
    ) -> Any:
        """Unbind the token's account from the open-platform account ``open_appid`` (spec §2).

        ``POST /cgi-bin/open/unbind``. Returns ``None``. Errcodes: 89001, 89003 open account not
        created via the API.
        """
        return self._call("open.unbind", token, {"appid": appid, "open_appid": open_appid}, None)

    def open_get(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> Any:
        """The open-platform account the token's account is bound to (spec §2).

        ``POST /cgi-bin/open/get``. Returns :class:`OpenAccount`. Errcode 89002: not bound.
        """
        return self._call("open.get", token, {"appid": appid}, OpenAccount)

    def open_have(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> Any:
        """Whether the token's account already has an open-platform account (spec §2).

        ``POST /cgi-bin/open/have``. Returns :class:`HaveOpen`.
        """
        return self._call("open.have", token, {"appid": appid}, HaveOpen)

    # ---- §3 fast registration of mini programs ----

    def register_enterprise(
        self,
        token: ComponentToken,
        *,
        name: str = REQUIRED,
        code: str = REQUIRED,
        code_type: int = REQUIRED,
        legal_persona_openid: str = REQUIRED,
        legal_persona_name: str = REQUIRED,
        component_phone: Optional[str] = None,
    ) -> Any:
        """Start an enterprise mini-program registration, the 2026 flow (spec §3.0).

        ``POST /wxa/component/fastregisterenterpriseweapp``, component token (sent as
        ``access_token``); ``new_version: true`` is always sent. ``code_type``: 1 unified social
        credit code (18 chars), 2 organization code (``xxxxxxxx-x``), 3 business licence number
        (15 chars); ``code`` must fit it. ``legal_persona_openid`` is the legal person's openid
        under the platform, not a WeChat ID. Returns :class:`RegistrationTask`: show
        ``authorize_url`` to the legal person (valid 24 h, no template message any more); the
        result arrives by the ``notify_third_fasteregister`` push, correlated by ``taskid``.
        Errcodes: 89249 task already running for the subject, 89247 internal error, 86004
        invalid WeChat user, 61070 name mismatch, 89253 missing parameter.
        """
        return self._call(
            "register.enterprise",
            token,
            {
                "name": name,
                "code": code,
                "code_type": code_type,
                "legal_persona_openid": legal_persona_openid,
                "legal_persona_name": legal_persona_name,
                "component_phone": component_phone,
            },
            RegistrationTask,
        )

    def register_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str = REQUIRED,
        code: str = REQUIRED,
        code_type: int = REQUIRED,
        legal_persona_wechat: str = REQUIRED,
        legal_persona_name: str = REQUIRED,
        component_phone: Optional[str] = None,
    ) -> Any:
        """Deprecated: the legacy enterprise registration (spec §3.1), offline from 2026-04-30.

        Use :meth:`register_enterprise`. Emits :class:`DeprecationWarning`.
        ``POST /cgi-bin/component/fastregisterweapp?action=create``, component token. The legal
        person (``legal_persona_wechat``: WeChat ID) gets a template message to act on within
        24 h; the outcome arrives by the ``notify_third_fasteregister`` push. Returns ``None``
        (on a Platform: a :class:`Registration` whose ``.task`` follows the registration).
        Errcodes: 89249 the subject has a task running (retry 24 h after it), 89247 internal
        error, 86004 invalid WeChat ID, 61070 name mismatch, 89248 bad code_type, 89254
        platform lacks permission sets, 89255 code invalid.
        """
        _deprecated("register_enterprise_legacy", "register_enterprise")
        return self._call(
            "register.enterprise_legacy",
            token,
            {
                "name": name,
                "code": code,
                "code_type": code_type,
                "legal_persona_wechat": legal_persona_wechat,
                "legal_persona_name": legal_persona_name,
                "component_phone": component_phone,
            },
            None,
        )

    def search_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str = REQUIRED,
        legal_persona_wechat: str = REQUIRED,
        legal_persona_name: str = REQUIRED,
    ) -> Any:
        """Deprecated: the state of a legacy enterprise registration task (spec §3.1).

        Offline from 2026-04-30; tasks of :meth:`register_enterprise` report by push. Emits
        :class:`DeprecationWarning`. ``POST /cgi-bin/component/fastregisterweapp?action=search``,
        component token. Returns ``None``; the state comes as an :class:`ApiError`: 89250 task
        not found, 89251 waiting for the legal person's face check, 89252 consistency check
        running.
        """
        _deprecated("search_enterprise_legacy", "register_enterprise and its push")
        return self._call(
            "register.enterprise_legacy_search",
            token,
            {
                "name": name,
                "legal_persona_wechat": legal_persona_wechat,
                "legal_persona_name": legal_persona_name,
            },
            None,
        )

    def fastregister_auth_url(
        self,
        *,
        appid: str = REQUIRED,
        component_appid: str = REQUIRED,
        copy_wx_verify: Union[bool, int] = REQUIRED,
        redirect_uri: str = REQUIRED,
    ) -> str:
        """The page where an official account's admin confirms reusing the OA's subject to
        register a mini program (spec §3.2 step 1).

        ``https://mp.weixin.qq.com/cgi-bin/fastregisterauth?...``: a page URL, no token, not
        sent. ``appid`` is the official account; ``copy_wx_verify`` reuses its WeChat
        verification (government, media and other organisations must pass True, else 61056).
        The browser then goes to ``redirect_uri`` with ``ticket=...`` for
        :meth:`register_by_reuse_oa`. Returns the URL.
        """
        return self._page(
            "page.fastregister_auth",
            {
                "appid": appid,
                "component_appid": component_appid,
                "copy_wx_verify": copy_wx_verify,
                "redirect_uri": redirect_uri,
            },
        )

    def register_by_reuse_oa(self, token: AuthorizerToken, *, ticket: str = REQUIRED) -> Any:
        """Register a mini program reusing an official account's subject (spec §3.2 step 2).

        ``POST /cgi-bin/account/fastregister``, authorizer token of the official account.
        ``ticket`` is the single-use one from :meth:`fastregister_auth_url`'s redirect. Returns
        :class:`ReuseOaRegistration`: exchange ``authorization_code`` with :meth:`query_auth` at
        once. At most 5 per OA per month, one pending at a time. Errcodes: 61051 subject type not
        allowed, 61052 OA not verified, 61053 subject limit, 61055 monthly quota, 61056
        copy_wx_verify required, 61057 one already in progress, 61058 ticket invalid (a retry
        while the first call runs also gets it; wait > 5 s before retrying).
        """
        return self._call("register.reuse_oa", token, {"ticket": ticket}, ReuseOaRegistration)

    def register_personal(
        self,
        token: ComponentToken,
        *,
        idname: str = REQUIRED,
        wxuser: str = REQUIRED,
        component_phone: Optional[str] = None,
        new_version: Optional[bool] = None,
    ) -> Any:
        """Start a personal mini-program registration (spec §3.3).

        ``POST /wxa/component/fastregisterpersonalweapp?action=create``, component token.
        ``idname`` is the user's real name, ``wxuser`` their WeChat ID. ``new_version``: omitted
        or True sends the 2026 flow's ``new_version: true``; False omits it (old flow). Returns
        :class:`RegistrationTask`: the user opens ``authorize_url`` within 24 h for ID, face and
        phone checks. Errcodes: 89249 task running, 86004 invalid WeChat ID, 61070 name
        mismatch, 89253 missing parameter.
        """
        return self._call(
            "register.personal",
            token,
            {
                "idname": idname,
                "wxuser": wxuser,
                "component_phone": component_phone,
                "new_version": new_version,
            },
            RegistrationTask,
        )

    def query_personal(self, token: ComponentToken, *, taskid: str = REQUIRED) -> Any:
        """The state of a personal registration task (spec §3.3).

        ``POST /wxa/component/fastregisterpersonalweapp?action=query``, component token.
        Returns :class:`RegistrationTask` whose ``status`` is a :class:`Status` (12 creation
        succeeded; unknown codes kept with ``known`` False). Errcode 89250: task not found.
        """
        return self._call("register.personal_query", token, {"taskid": taskid}, RegistrationTask)

    def register_beta(
        self, token: ComponentToken, *, name: str = REQUIRED, openid: str = REQUIRED
    ) -> Any:
        """Create a trial (beta) mini program for the user behind ``openid`` (spec §3.4).

        ``POST /wxa/component/fastregisterbetaweapp``, component token (sent as
        ``access_token``). ``name``: 4-30 characters (WeChat appends 的体验小程序); ``openid``:
        any openid the platform holds for the future admin. Returns :class:`BetaRegistration`:
        deliver ``authorize_url`` to the user (valid 24 h, no template message); the result
        push ``notify_third_fastregisterbetaapp`` carries ``unique_id``. A WeChat user can admin
        at most 5 mini programs.
        """
        return self._call(
            "register.beta", token, {"name": name, "openid": openid}, BetaRegistration
        )

    def verify_beta(
        self,
        token: AuthorizerToken,
        *,
        verify_info: Union[VerifyInfo, Mapping[str, Any]] = REQUIRED,
        new_version: Optional[bool] = None,
    ) -> Any:
        """Turn a trial mini program into a formal one (spec §3.5).

        ``POST /wxa/verifybetaweapp``, authorizer token of the beta app (permission set 81).
        ``verify_info`` (all required): ``enterprise_name`` (not ``name``), ``code``,
        ``code_type`` (1/2/3), ``legal_persona_wechat``, ``legal_persona_name``,
        ``legal_persona_idcard``, ``component_phone``. ``new_version`` is sent only when given.
        Returns ``None`` (on a Platform's authorizer: a :class:`Registration` whose ``.task``
        follows it); the result arrives by the ``notify_third_fastverifybetaapp`` push. Rate
        limit 5/min, 100/day. Errcodes: 89249 a verification task is running, 89251 the legal
        person's template message is outstanding, 91021 already formal, plus the §3.1 family.
        """
        info = dict(verify_info) if isinstance(verify_info, Mapping) else verify_info
        return self._call(
            "register.beta_verify",
            token,
            {"verify_info": info, "new_version": new_version},
            None,
        )

    def rename_beta(self, token: AuthorizerToken, *, name: str = REQUIRED) -> Any:
        """Rename a trial mini program before it becomes formal (spec §3.6).

        ``POST /wxa/setbetaweappnickname``, authorizer token of the beta app (a component token
        would get 40014). ``name``: 4-30 characters. Returns ``None``. Errcodes: 86011 name hits a
        protected keyword, 91020 not a trial mini program.
        """
        return self._call("register.beta_rename", token, {"name": name}, None)

    # ---- §4 official account <-> mini program links (authorizer token of the OA; set 33) ----

    def link_get(self, token: AuthorizerToken) -> Any:
        """The mini programs linked to, or invited by, the official account (spec §4.1).

        ``POST /cgi-bin/wxopen/wxamplinkget`` (body ``{}``), authorizer token of the official
        account. Returns :class:`LinkedMiniPrograms` (``wxopens["items"]``, also
        ``.mini_programs``); each ``status`` is a :class:`Status`: 1 linked, 2 waiting for the
        mini-program admin, 3 rejected, 12 waiting for the OA admin.
        """
        return self._call("link.get", token, {}, LinkedMiniPrograms)

    def link(
        self,
        token: AuthorizerToken,
        *,
        appid: str = REQUIRED,
        notify_users: Union[bool, int] = REQUIRED,
        show_profile: Union[bool, int] = REQUIRED,
    ) -> Any:
        """Invite a mini program to link to the official account (spec §4.2).

        ``POST /cgi-bin/wxopen/wxamplink``, authorizer token of the official account.
        ``notify_users`` (template message to followers) and ``show_profile`` (show on the OA
        profile) are sent as 1/0. Returns ``None``; the OA admin, then the mini-program admin,
        agree; poll :meth:`link_get`. Errcodes: 89007 monthly quota of the mini program, 89009
        link limit, 89010 invitation already sent, 89015 already linked, 89016/89017 monthly
        limits of the OA, 89035 already initiated on mp.weixin.qq.com.
        """
        return self._call(
            "link.link",
            token,
            {"appid": appid, "notify_users": notify_users, "show_profile": show_profile},
            None,
        )

    def unlink(self, token: AuthorizerToken, *, appid: str = REQUIRED) -> Any:
        """Unlink a mini program from the official account (spec §4.3).

        ``POST /cgi-bin/wxopen/wxampunlink``, authorizer token of the official account. Returns
        ``None``. Errcodes: 89011 shown in "nearby", 89012 store mini program, 89018 unlink
        message already sent.
        """
        return self._call("link.unlink", token, {"appid": appid}, None)

    # ---- §5 mini-program admin rebind ----

    def rebind_admin_url(
        self,
        *,
        appid: str = REQUIRED,
        component_appid: str = REQUIRED,
        redirect_uri: str = REQUIRED,
    ) -> str:
        """The page where a mini program's old and new admins confirm an admin change (spec §5
        step 1).

        ``https://mp.weixin.qq.com/wxopen/componentrebindadmin?...``: a page URL, no token, not
        sent. ``appid`` is the mini program (it must have granted the account-management
        permission set). The browser then goes to ``redirect_uri?taskid=...`` for
        :meth:`rebind_admin`. Returns the URL.
        """
        return self._page(
            "page.rebind_admin",
            {"appid": appid, "component_appid": component_appid, "redirect_uri": redirect_uri},
        )

    def rebind_admin(self, token: AuthorizerToken, *, taskid: str = REQUIRED) -> Any:
        """Complete an admin change with the page's ``taskid`` (spec §5 step 2).

        ``POST /cgi-bin/account/componentrebindadmin``, authorizer token of the mini program.
        Returns ``None``. Errcodes: 85060 invalid taskid, 85026/85027/85061 WeChat ID, ID card or
        phone reached the admin-binding limit, 85062/85063 phone or ID card blacklisted.
        """
        return self._call("admin.rebind", token, {"taskid": taskid}, None)

    # ---- §13.5 messages of authorized accounts ----

    def send_custom_message(
        self,
        token: AuthorizerToken,
        *,
        touser: str = REQUIRED,
        msgtype: str = REQUIRED,
        text: Optional[Mapping[str, Any]] = None,
        image: Optional[Mapping[str, Any]] = None,
        voice: Optional[Mapping[str, Any]] = None,
        video: Optional[Mapping[str, Any]] = None,
        music: Optional[Mapping[str, Any]] = None,
        news: Optional[Mapping[str, Any]] = None,
        mpnews: Optional[Mapping[str, Any]] = None,
        mpnewsarticle: Optional[Mapping[str, Any]] = None,
        msgmenu: Optional[Mapping[str, Any]] = None,
        wxcard: Optional[Mapping[str, Any]] = None,
        miniprogrampage: Optional[Mapping[str, Any]] = None,
        link: Optional[Mapping[str, Any]] = None,
        customservice: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """Send a customer-service message to a user who wrote to the account (spec §13.5;
        the full-network-release check's ``QUERY_AUTH_CODE`` answer).

        ``POST /cgi-bin/message/custom/send``, authorizer token of the account. ``msgtype``
        names the message object to send, the only one given (``msgtype="text",
        text={"content": "hi"}``; a text needs a non-blank ``content``);
        ``customservice={"kf_account": ...}`` sends as an agent.
        Returns ``None``. Errcodes: 45015 reply window closed, 45047 too many messages for the
        user's action, 40003 invalid openid.
        """
        args: dict[str, Any] = {"touser": touser, "msgtype": msgtype}
        for key, value in (
            ("text", text),
            ("image", image),
            ("voice", voice),
            ("video", video),
            ("music", music),
            ("news", news),
            ("mpnews", mpnews),
            ("mpnewsarticle", mpnewsarticle),
            ("msgmenu", msgmenu),
            ("wxcard", wxcard),
            ("miniprogrampage", miniprogrampage),
            ("link", link),
            ("customservice", customservice),
        ):
            args[key] = value
        return self._call("message.custom_send", token, args, None)

    # ---- §15 quotas ----

    def get_api_quota(self, token: ComponentToken, *, cgi_path: str = REQUIRED) -> Any:
        """The daily quota of one of the platform's own APIs (spec §15.2, getApiQuota).

        ``POST /cgi-bin/openapi/quota/get``, component token. ``cgi_path`` is the API path
        alone, e.g. ``/cgi-bin/component/api_component_token`` (no host, no query). Returns
        :class:`ApiQuota`. Errcodes: 76021 unknown path, 76022 path not callable with this token.
        """
        return self._call("quota.get", token, {"cgi_path": cgi_path}, ApiQuota)

    def get_authorizer_api_quota(self, token: AuthorizerToken, *, cgi_path: str = REQUIRED) -> Any:
        """The daily quota of one of an authorizer's APIs (spec §15.2, getApiQuota).

        ``POST /cgi-bin/openapi/quota/get``, authorizer token (calls made with it count against
        the authorizer's own quota). Returns :class:`ApiQuota`.
        """
        return self._call("quota.get_authorizer", token, {"cgi_path": cgi_path}, ApiQuota)

    def clear_quota(self, token: ComponentToken, *, appid: str = REQUIRED) -> Any:
        """Reset the platform's own daily API counters (spec §15.3, clear_quota v1).

        ``POST /cgi-bin/clear_quota``, component token; ``appid`` is the component appid.
        Returns ``None``. Uses one of the 10 resets per month (shared with v2); never re-sent
        automatically. Errcodes: 48006 the 10 resets are used up, 40013 appid mismatch.
        """
        return self._call("quota.clear", token, {"appid": appid}, None)

    def clear_authorizer_quota(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> Any:
        """Reset an authorizer's daily API counters (spec §15.3, clear_quota v1).

        ``POST /cgi-bin/clear_quota``, authorizer token; ``appid`` defaults to the token's
        account (if given it must be that account). Returns ``None``. Uses one of the
        authorizer's 10 monthly resets. Errcode 48006: the resets are used up.
        """
        return self._call("quota.clear_authorizer", token, {"appid": appid}, None)

    def clear_quota_v2(
        self,
        *,
        component_appid: str = REQUIRED,
        appsecret: str = REQUIRED,
        appid: Optional[str] = None,
    ) -> Any:
        """Reset daily API counters with the platform AppSecret (spec §15.4, clear_quota v2).

        ``POST /cgi-bin/component/clear_quota/v2``, no token — the way out when 45009 blocks
        ``api_component_token`` itself. Without ``appid`` it resets the platform's own quota;
        with it, that authorizer's. Returns ``None``. Shares the 10 monthly resets with v1.
        Errcodes: 48006 limit reached, 40013 invalid appid, 41004 appsecret missing.
        """
        return self._call(
            "quota.clear_v2",
            None,
            {"component_appid": component_appid, "appsecret": appsecret, "appid": appid},
            None,
        )


#: The token calls the platform driver makes itself, so a Platform does not offer them: the
#: component token (``component_access_token()``), the authorizer-token refresh
#: (``authorizer_access_token()``) and the authorization-code exchange (``authorize()`` /
#: ``handle()``, which store the tokens exactly once). docs/driver.md §1.
MANAGED_OPERATIONS: frozenset[str] = frozenset(
    {"component.api_component_token", "component.authorizer_token", "component.query_auth"}
)

#: Inputs a Platform fills with the platform's own identity when left out — the core's
#: ``Operation::fill_platform`` (``platform_fills`` in schema/operations.json; a test checks the
#: two agree): optional on a Platform. The driver fills those of the calls; the Platform fills
#: the page URLs' ``component_appid`` itself (pages are built, not driver calls).
PLATFORM_FILLED: dict[str, frozenset[str]] = {
    "component.start_push_ticket": frozenset({"component_appid", "component_secret"}),
    "component.preauthcode": frozenset({"component_appid"}),
    "page.component_login": frozenset({"component_appid"}),
    "page.bind_component": frozenset({"component_appid"}),
    "component.authorizer_info": frozenset({"component_appid"}),
    "page.fastregister_auth": frozenset({"component_appid"}),
    "page.rebind_admin": frozenset({"component_appid"}),
    "quota.clear": frozenset({"appid"}),
    "quota.clear_v2": frozenset({"component_appid", "appsecret"}),
}


def _without_token(name: str, optional: frozenset[str] = frozenset()) -> Callable[..., Any]:
    """The operation method ``name`` of :class:`_Operations` for a host that obtains the token
    itself: the same body, called with ``token=None`` (the host's ``_call`` ignores it).

    The signature shown (``inspect.signature``, help, IDEs) drops ``token`` and makes the
    ``optional`` parameters (the platform's own appid/secret, which the driver fills in)
    default to ``None``. Only keyword arguments are taken, as on the Client.
    """
    body = _Operations.__dict__[name]
    sig = inspect.signature(body)
    takes_token = "token" in sig.parameters
    if takes_token:

        def method(self: Any, /, **kwargs: Any) -> Any:
            return body(self, None, **kwargs)

    else:

        def method(self: Any, /, **kwargs: Any) -> Any:
            return body(self, **kwargs)

    params = [
        p.replace(default=None, annotation=f"Optional[{p.annotation}]")
        if p.name in optional and p.default is REQUIRED
        else p
        for p in sig.parameters.values()
        if p.name != "token"
    ]
    # Keyword-only: required ones first, then those with a default (as the stubs list them).
    params.sort(key=lambda p: p.kind == p.KEYWORD_ONLY and p.default is not REQUIRED)
    method.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    method.__name__ = method.__qualname__ = name
    method.__doc__ = body.__doc__
    method.__module__ = body.__module__
    method.__wrapped__ = body  # type: ignore[attr-defined]
    return method


def _install_operations(cls: type, ops: Sequence[dict[str, Any]], *, platform: bool) -> None:
    """Puts the token-less form of each operation in ``ops`` (entries of :func:`operations`)
    on ``cls``."""
    for op in ops:
        optional = PLATFORM_FILLED.get(op["name"], frozenset()) if platform else frozenset()
        method = _without_token(op["python"], optional)
        method.__qualname__ = f"{cls.__name__}.{op['python']}"
        setattr(cls, op["python"], method)


class Client(_Operations):
    """A blocking client.

    Args:
        transport: an object with ``send(request) -> Response`` or a callable
            ``(request) -> Response``. Defaults to :class:`~wxopen.transports.UrllibTransport`.
            Whatever it raises (other than a :class:`~wxopen.WxOpenError`) reaches the caller as
            :class:`~wxopen.TransportError`, its cause kept with every credential redacted.
        api_base: where API calls go; point it at a sandbox for tests. Checked by the core when
            the client is made (http/https, a host, no whitespace, user info, query or
            fragment): :class:`~wxopen.InvalidArgument` on ``api_base``.
        mp_base, open_base: the hosts of the page URLs (authorization, fast-registration and
            admin-rebind pages); a sandbox serves them on its own origin.
    """

    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = DEFAULT_API_BASE,
        mp_base: str = DEFAULT_MP_BASE,
        open_base: str = DEFAULT_OPEN_BASE,
    ) -> None:
        self._transport = transport if transport is not None else UrllibTransport()
        send = getattr(self._transport, "send", None)
        self._send = send if callable(send) else self._transport
        if not callable(self._send):
            raise TypeError("transport must have a send(request) method or be callable")
        self._bases = _native.check_bases(api_base, mp_base, open_base)

    def _call(self, op: str, token: Optional[Token], args: dict[str, Any], result: Any) -> Any:
        input_json, request = self._prepare(op, token, args)
        failure = None
        try:
            response = self._send(request)
        except WxOpenError:
            raise
        except Exception as e:  # any transport's failure, custom ones included
            failure = _wrap_error(request, e)
        if failure is not None:
            raise failure
        return self._finish(op, input_json, response, result)

    def __repr__(self) -> str:
        return f"Client(api_base={self._bases[0]!r})"


class AsyncClient(_Operations):
    """An asyncio client: every operation method returns an awaitable.

    Args:
        transport: an object with ``async send(request) -> Response`` or an async callable.
            Defaults to the standard-library transport run in a worker thread.
        api_base: where API calls go; point it at a sandbox for tests.
        mp_base, open_base: the hosts of the page URLs.
    """

    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = DEFAULT_API_BASE,
        mp_base: str = DEFAULT_MP_BASE,
        open_base: str = DEFAULT_OPEN_BASE,
    ) -> None:
        self._transport = transport if transport is not None else ThreadedAsyncTransport()
        send = getattr(self._transport, "send", None)
        self._send = send if callable(send) else self._transport
        if not callable(self._send):
            raise TypeError("transport must have an async send(request) method or be callable")
        self._bases = _native.check_bases(api_base, mp_base, open_base)

    async def _call(
        self, op: str, token: Optional[Token], args: dict[str, Any], result: Any
    ) -> Any:
        input_json, request = self._prepare(op, token, args)
        failure = None
        try:
            response = self._send(request)
            if inspect.isawaitable(response):
                response = await response
        except WxOpenError:
            raise
        except Exception as e:  # any transport's failure, custom ones included
            failure = _wrap_error(request, e)
        if failure is not None:
            raise failure
        return self._finish(op, input_json, response, result)

    def __repr__(self) -> str:
        return f"AsyncClient(api_base={self._bases[0]!r})"


def operations() -> list[dict[str, Any]]:
    """Every operation the core knows: name, spec section, token kind, path, method names."""
    return json.loads(_native.operations())


def explain_errcode(errcode: int, operation: Optional[str] = None) -> Result:
    """What an errcode means (for ``operation``, when it gives the code its own meaning).

    Returns a :class:`Result` with ``known``, ``meaning``, ``meaning_zh``, ``category``,
    ``retryable`` and ``hint``.
    """
    return Result(json.loads(_native.explain_errcode(int(errcode), operation)))
