# Typed signatures of the clients. At run time a left-out required argument reaches the core,
# which raises InvalidArgument naming it; type checkers flag it here first.
# tests/python/test_stubs.py checks that these stubs and client.py agree.
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, Literal, Optional, TypedDict, Union

from typing_extensions import deprecated

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

DEFAULT_API_BASE: str
DEFAULT_MP_BASE: str
DEFAULT_OPEN_BASE: str
REQUIRED: Any
Token = Union[ComponentToken, AuthorizerToken]

# 1 unified social credit code (18 chars), 2 organization code (xxxxxxxx-x), 3 business licence
# registration number (15 chars).
CodeType = Literal[1, 2, 3]
# 1 official accounts only, 2 mini programs only, 3 both; other positive values pass through.
AuthType = int
# A 0/1 switch: a bool or the number.
Flag = Union[bool, Literal[0, 1]]

class VerifyInfo(TypedDict):
    """``verify_info`` of ``verify_beta`` (spec §3.5): every key is required."""

    enterprise_name: str
    code: str
    code_type: CodeType
    legal_persona_wechat: str
    legal_persona_name: str
    legal_persona_idcard: str
    component_phone: str

class Client:
    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
    ) -> None: ...
    # §1 credentials and authorization
    def start_push_ticket(self, *, component_appid: str, component_secret: str) -> None: ...
    def component_token(
        self, *, component_appid: str, component_appsecret: str, component_verify_ticket: str
    ) -> ComponentTokenGrant: ...
    def create_preauthcode(self, token: ComponentToken, *, component_appid: str) -> PreAuthCode: ...
    def component_login_url(
        self,
        *,
        component_appid: str,
        pre_auth_code: str,
        redirect_uri: str,
        auth_type: Optional[AuthType] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str: ...
    def bind_component_url(
        self,
        *,
        component_appid: str,
        pre_auth_code: str,
        redirect_uri: str,
        auth_type: Optional[AuthType] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str: ...
    def query_auth(
        self, token: ComponentToken, *, component_appid: str, authorization_code: str
    ) -> QueryAuthResult: ...
    def authorizer_token(
        self,
        token: ComponentToken,
        *,
        component_appid: str,
        authorizer_appid: str,
        authorizer_refresh_token: str,
    ) -> AuthorizerTokenGrant: ...
    def get_authorizer_info(
        self, token: ComponentToken, *, component_appid: str, authorizer_appid: str
    ) -> AuthorizerInfoResult: ...
    # §2 open-platform accounts
    def open_create(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> OpenAccount: ...
    def open_bind(
        self, token: AuthorizerToken, *, open_appid: str, appid: Optional[str] = None
    ) -> None: ...
    def open_unbind(
        self, token: AuthorizerToken, *, open_appid: str, appid: Optional[str] = None
    ) -> None: ...
    def open_get(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> OpenAccount: ...
    def open_have(self, token: AuthorizerToken, *, appid: Optional[str] = None) -> HaveOpen: ...
    # §3 fast registration
    def register_enterprise(
        self,
        token: ComponentToken,
        *,
        name: str,
        code: str,
        code_type: CodeType,
        legal_persona_openid: str,
        legal_persona_name: str,
        component_phone: Optional[str] = None,
    ) -> RegistrationTask: ...
    @deprecated("offline from 2026-04-30; use register_enterprise")
    def register_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str,
        code: str,
        code_type: CodeType,
        legal_persona_wechat: str,
        legal_persona_name: str,
        component_phone: Optional[str] = None,
    ) -> None: ...
    @deprecated("offline from 2026-04-30; use register_enterprise and its push")
    def search_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str,
        legal_persona_wechat: str,
        legal_persona_name: str,
    ) -> None: ...
    def fastregister_auth_url(
        self, *, appid: str, component_appid: str, copy_wx_verify: Flag, redirect_uri: str
    ) -> str: ...
    def register_by_reuse_oa(
        self, token: AuthorizerToken, *, ticket: str
    ) -> ReuseOaRegistration: ...
    def register_personal(
        self,
        token: ComponentToken,
        *,
        idname: str,
        wxuser: str,
        component_phone: Optional[str] = None,
        new_version: Optional[bool] = None,
    ) -> RegistrationTask: ...
    def query_personal(self, token: ComponentToken, *, taskid: str) -> RegistrationTask: ...
    def register_beta(
        self, token: ComponentToken, *, name: str, openid: str
    ) -> BetaRegistration: ...
    def verify_beta(
        self,
        token: AuthorizerToken,
        *,
        verify_info: VerifyInfo,
        new_version: Optional[bool] = None,
    ) -> None: ...
    def rename_beta(self, token: AuthorizerToken, *, name: str) -> None: ...
    # §4 official account <-> mini program links
    def link_get(self, token: AuthorizerToken) -> LinkedMiniPrograms: ...
    def link(
        self, token: AuthorizerToken, *, appid: str, notify_users: Flag, show_profile: Flag
    ) -> None: ...
    def unlink(self, token: AuthorizerToken, *, appid: str) -> None: ...
    # §5 admin rebind
    def rebind_admin_url(self, *, appid: str, component_appid: str, redirect_uri: str) -> str: ...
    def rebind_admin(self, token: AuthorizerToken, *, taskid: str) -> None: ...
    # §13.5 messages of authorized accounts
    def send_custom_message(
        self,
        token: AuthorizerToken,
        *,
        touser: str,
        msgtype: str,
        text: Optional[Mapping[str, Any]] = None,
        image: Optional[Mapping[str, Any]] = None,
        voice: Optional[Mapping[str, Any]] = None,
        video: Optional[Mapping[str, Any]] = None,
        music: Optional[Mapping[str, Any]] = None,
        news: Optional[Mapping[str, Any]] = None,
        mpnews: Optional[Mapping[str, Any]] = None,
        msgmenu: Optional[Mapping[str, Any]] = None,
        wxcard: Optional[Mapping[str, Any]] = None,
        miniprogrampage: Optional[Mapping[str, Any]] = None,
        link: Optional[Mapping[str, Any]] = None,
        customservice: Optional[Mapping[str, Any]] = None,
    ) -> None: ...
    def get_api_quota(self, token: ComponentToken, *, cgi_path: str) -> ApiQuota: ...
    def get_authorizer_api_quota(self, token: AuthorizerToken, *, cgi_path: str) -> ApiQuota: ...
    def clear_quota(self, token: ComponentToken, *, appid: str) -> None: ...
    def clear_authorizer_quota(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> None: ...
    def clear_quota_v2(
        self, *, component_appid: str, appsecret: str, appid: Optional[str] = None
    ) -> None: ...

class AsyncClient:
    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
    ) -> None: ...
    # §1 credentials and authorization
    def start_push_ticket(
        self, *, component_appid: str, component_secret: str
    ) -> Awaitable[None]: ...
    def component_token(
        self, *, component_appid: str, component_appsecret: str, component_verify_ticket: str
    ) -> Awaitable[ComponentTokenGrant]: ...
    def create_preauthcode(
        self, token: ComponentToken, *, component_appid: str
    ) -> Awaitable[PreAuthCode]: ...
    def component_login_url(
        self,
        *,
        component_appid: str,
        pre_auth_code: str,
        redirect_uri: str,
        auth_type: Optional[AuthType] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str: ...
    def bind_component_url(
        self,
        *,
        component_appid: str,
        pre_auth_code: str,
        redirect_uri: str,
        auth_type: Optional[AuthType] = None,
        biz_appid: Optional[str] = None,
        category_id_list: Optional[Sequence[int]] = None,
    ) -> str: ...
    def query_auth(
        self, token: ComponentToken, *, component_appid: str, authorization_code: str
    ) -> Awaitable[QueryAuthResult]: ...
    def authorizer_token(
        self,
        token: ComponentToken,
        *,
        component_appid: str,
        authorizer_appid: str,
        authorizer_refresh_token: str,
    ) -> Awaitable[AuthorizerTokenGrant]: ...
    def get_authorizer_info(
        self, token: ComponentToken, *, component_appid: str, authorizer_appid: str
    ) -> Awaitable[AuthorizerInfoResult]: ...
    # §2 open-platform accounts
    def open_create(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> Awaitable[OpenAccount]: ...
    def open_bind(
        self, token: AuthorizerToken, *, open_appid: str, appid: Optional[str] = None
    ) -> Awaitable[None]: ...
    def open_unbind(
        self, token: AuthorizerToken, *, open_appid: str, appid: Optional[str] = None
    ) -> Awaitable[None]: ...
    def open_get(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> Awaitable[OpenAccount]: ...
    def open_have(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> Awaitable[HaveOpen]: ...
    # §3 fast registration
    def register_enterprise(
        self,
        token: ComponentToken,
        *,
        name: str,
        code: str,
        code_type: CodeType,
        legal_persona_openid: str,
        legal_persona_name: str,
        component_phone: Optional[str] = None,
    ) -> Awaitable[RegistrationTask]: ...
    @deprecated("offline from 2026-04-30; use register_enterprise")
    def register_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str,
        code: str,
        code_type: CodeType,
        legal_persona_wechat: str,
        legal_persona_name: str,
        component_phone: Optional[str] = None,
    ) -> Awaitable[None]: ...
    @deprecated("offline from 2026-04-30; use register_enterprise and its push")
    def search_enterprise_legacy(
        self,
        token: ComponentToken,
        *,
        name: str,
        legal_persona_wechat: str,
        legal_persona_name: str,
    ) -> Awaitable[None]: ...
    def fastregister_auth_url(
        self, *, appid: str, component_appid: str, copy_wx_verify: Flag, redirect_uri: str
    ) -> str: ...
    def register_by_reuse_oa(
        self, token: AuthorizerToken, *, ticket: str
    ) -> Awaitable[ReuseOaRegistration]: ...
    def register_personal(
        self,
        token: ComponentToken,
        *,
        idname: str,
        wxuser: str,
        component_phone: Optional[str] = None,
        new_version: Optional[bool] = None,
    ) -> Awaitable[RegistrationTask]: ...
    def query_personal(
        self, token: ComponentToken, *, taskid: str
    ) -> Awaitable[RegistrationTask]: ...
    def register_beta(
        self, token: ComponentToken, *, name: str, openid: str
    ) -> Awaitable[BetaRegistration]: ...
    def verify_beta(
        self,
        token: AuthorizerToken,
        *,
        verify_info: VerifyInfo,
        new_version: Optional[bool] = None,
    ) -> Awaitable[None]: ...
    def rename_beta(self, token: AuthorizerToken, *, name: str) -> Awaitable[None]: ...
    # §4 official account <-> mini program links
    def link_get(self, token: AuthorizerToken) -> Awaitable[LinkedMiniPrograms]: ...
    def link(
        self, token: AuthorizerToken, *, appid: str, notify_users: Flag, show_profile: Flag
    ) -> Awaitable[None]: ...
    def unlink(self, token: AuthorizerToken, *, appid: str) -> Awaitable[None]: ...
    # §5 admin rebind
    def rebind_admin_url(self, *, appid: str, component_appid: str, redirect_uri: str) -> str: ...
    def rebind_admin(self, token: AuthorizerToken, *, taskid: str) -> Awaitable[None]: ...
    # §13.5 messages of authorized accounts
    def send_custom_message(
        self,
        token: AuthorizerToken,
        *,
        touser: str,
        msgtype: str,
        text: Optional[Mapping[str, Any]] = None,
        image: Optional[Mapping[str, Any]] = None,
        voice: Optional[Mapping[str, Any]] = None,
        video: Optional[Mapping[str, Any]] = None,
        music: Optional[Mapping[str, Any]] = None,
        news: Optional[Mapping[str, Any]] = None,
        mpnews: Optional[Mapping[str, Any]] = None,
        msgmenu: Optional[Mapping[str, Any]] = None,
        wxcard: Optional[Mapping[str, Any]] = None,
        miniprogrampage: Optional[Mapping[str, Any]] = None,
        link: Optional[Mapping[str, Any]] = None,
        customservice: Optional[Mapping[str, Any]] = None,
    ) -> Awaitable[None]: ...
    def get_api_quota(self, token: ComponentToken, *, cgi_path: str) -> Awaitable[ApiQuota]: ...
    def get_authorizer_api_quota(
        self, token: AuthorizerToken, *, cgi_path: str
    ) -> Awaitable[ApiQuota]: ...
    def clear_quota(self, token: ComponentToken, *, appid: str) -> Awaitable[None]: ...
    def clear_authorizer_quota(
        self, token: AuthorizerToken, *, appid: Optional[str] = None
    ) -> Awaitable[None]: ...
    def clear_quota_v2(
        self, *, component_appid: str, appsecret: str, appid: Optional[str] = None
    ) -> Awaitable[None]: ...

def operations() -> list[dict[str, Any]]: ...
def explain_errcode(errcode: int, operation: Optional[str] = None) -> Result: ...

__all__ = [
    "DEFAULT_API_BASE",
    "DEFAULT_MP_BASE",
    "DEFAULT_OPEN_BASE",
    "AsyncClient",
    "Client",
    "VerifyInfo",
]
_unused = (Request, Response)
