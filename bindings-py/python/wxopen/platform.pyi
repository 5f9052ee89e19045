# Typed signatures of the platform (wxopen/platform.py): the Client's operations without a token
# argument — the driver obtains the token — and the platform's own entry points. The operation
# declarations sit between the `# <generated:ops ClassName>` markers (to be written by the
# stubs generator from the core's registry); the other members are written by hand.
# tests/python/test_platform_stubs.py checks that these stubs and platform.py agree.
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, Callable, Optional, Union

from typing_extensions import deprecated

from .client import AuthType, CodeType, Flag, VerifyInfo
from .results import (
    ApiQuota,
    AuthorizeResult,
    AuthorizerInfoResult,
    BetaRegistration,
    HaveOpen,
    LinkedMiniPrograms,
    OpenAccount,
    PreAuthCode,
    RegistrationTask,
    ReuseOaRegistration,
)
from .stores import AsyncStore, Store
from .tokens import AuthorizerToken, ComponentToken
from .webhook import Event

Query = Union[str, bytes, Mapping[str, Any], Sequence[tuple[str, Any]]]
Body = Union[bytes, bytearray, str]
EventRecord = dict[str, Any]

def now_ms() -> int: ...

class Platform:
    component_appid: str  # read-only property
    read_only: bool  # read-only property
    store: Any  # read-only property (the store given)
    policy: dict[str, int]  # read-only property (defaults with the overrides)
    @staticmethod
    def default_policy() -> dict[str, int]: ...
    def clear_cache(self) -> None: ...
    def __init__(
        self,
        *,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        store: Store,
        transport: Any = None,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
        read_only: bool = False,
        policy: Optional[Mapping[str, int]] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age: Optional[int] = ...,
        on_event: Optional[Callable[[EventRecord], Any]] = None,
        clock: Optional[Callable[[], int]] = None,
        sleep: Optional[Callable[[float], Any]] = None,
    ) -> None: ...
    def handle(self, query: Query, body: Body) -> Event: ...
    def authorize(self, auth_code: str) -> AuthorizeResult: ...
    def authorizer(self, authorizer_appid: str) -> Authorizer: ...
    def component_access_token(self) -> ComponentToken: ...
    def authorizer_access_token(self, authorizer_appid: str) -> AuthorizerToken: ...
    def store_ticket(self, ticket: str, create_time: int) -> bool: ...
    def import_authorizer(self, authorizer_appid: str, refresh_token: str) -> None: ...
    def authorizer_status(self, authorizer_appid: str) -> Optional[str]: ...
    # <generated:ops Platform>
    def start_push_ticket(
        self, *, component_appid: Optional[str] = None, component_secret: Optional[str] = None
    ) -> None: ...
    def create_preauthcode(self, *, component_appid: Optional[str] = None) -> PreAuthCode: ...
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
    def get_authorizer_info(
        self, *, authorizer_appid: str, component_appid: Optional[str] = None
    ) -> AuthorizerInfoResult: ...
    def register_enterprise(
        self,
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
        self, *, name: str, legal_persona_wechat: str, legal_persona_name: str
    ) -> None: ...
    def fastregister_auth_url(
        self, *, appid: str, component_appid: str, copy_wx_verify: Flag, redirect_uri: str
    ) -> str: ...
    def register_personal(
        self,
        *,
        idname: str,
        wxuser: str,
        component_phone: Optional[str] = None,
        new_version: Optional[bool] = None,
    ) -> RegistrationTask: ...
    def query_personal(self, *, taskid: str) -> RegistrationTask: ...
    def register_beta(self, *, name: str, openid: str) -> BetaRegistration: ...
    def rebind_admin_url(self, *, appid: str, component_appid: str, redirect_uri: str) -> str: ...
    def get_api_quota(self, *, cgi_path: str) -> ApiQuota: ...
    def clear_quota(self, *, appid: Optional[str] = None) -> None: ...
    def clear_quota_v2(
        self,
        *,
        component_appid: Optional[str] = None,
        appsecret: Optional[str] = None,
        appid: Optional[str] = None,
    ) -> None: ...
    # </generated:ops Platform>

class AsyncPlatform:
    component_appid: str  # read-only property
    read_only: bool  # read-only property
    store: Any  # read-only property (the store given)
    policy: dict[str, int]  # read-only property (defaults with the overrides)
    @staticmethod
    def default_policy() -> dict[str, int]: ...
    def clear_cache(self) -> None: ...
    def __init__(
        self,
        *,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        store: Union[AsyncStore, Store],
        transport: Any = None,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
        read_only: bool = False,
        policy: Optional[Mapping[str, int]] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age: Optional[int] = ...,
        on_event: Optional[Callable[[EventRecord], Any]] = None,
        clock: Optional[Callable[[], int]] = None,
        sleep: Optional[Callable[[float], Any]] = None,
    ) -> None: ...
    def handle(self, query: Query, body: Body) -> Awaitable[Event]: ...
    def authorize(self, auth_code: str) -> Awaitable[AuthorizeResult]: ...
    def authorizer(self, authorizer_appid: str) -> AsyncAuthorizer: ...
    def component_access_token(self) -> Awaitable[ComponentToken]: ...
    def authorizer_access_token(self, authorizer_appid: str) -> Awaitable[AuthorizerToken]: ...
    def store_ticket(self, ticket: str, create_time: int) -> Awaitable[bool]: ...
    def import_authorizer(self, authorizer_appid: str, refresh_token: str) -> Awaitable[None]: ...
    def authorizer_status(self, authorizer_appid: str) -> Awaitable[Optional[str]]: ...
    # <generated:ops AsyncPlatform>
    def start_push_ticket(
        self, *, component_appid: Optional[str] = None, component_secret: Optional[str] = None
    ) -> Awaitable[None]: ...
    def create_preauthcode(
        self, *, component_appid: Optional[str] = None
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
    def get_authorizer_info(
        self, *, authorizer_appid: str, component_appid: Optional[str] = None
    ) -> Awaitable[AuthorizerInfoResult]: ...
    def register_enterprise(
        self,
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
        self, *, name: str, legal_persona_wechat: str, legal_persona_name: str
    ) -> Awaitable[None]: ...
    def fastregister_auth_url(
        self, *, appid: str, component_appid: str, copy_wx_verify: Flag, redirect_uri: str
    ) -> str: ...
    def register_personal(
        self,
        *,
        idname: str,
        wxuser: str,
        component_phone: Optional[str] = None,
        new_version: Optional[bool] = None,
    ) -> Awaitable[RegistrationTask]: ...
    def query_personal(self, *, taskid: str) -> Awaitable[RegistrationTask]: ...
    def register_beta(self, *, name: str, openid: str) -> Awaitable[BetaRegistration]: ...
    def rebind_admin_url(self, *, appid: str, component_appid: str, redirect_uri: str) -> str: ...
    def get_api_quota(self, *, cgi_path: str) -> Awaitable[ApiQuota]: ...
    def clear_quota(self, *, appid: Optional[str] = None) -> Awaitable[None]: ...
    def clear_quota_v2(
        self,
        *,
        component_appid: Optional[str] = None,
        appsecret: Optional[str] = None,
        appid: Optional[str] = None,
    ) -> Awaitable[None]: ...
    # </generated:ops AsyncPlatform>

class Authorizer:
    appid: str
    def __init__(self, platform: Platform, appid: str) -> None: ...
    def access_token(self) -> AuthorizerToken: ...
    def status(self) -> Optional[str]: ...
    # <generated:ops Authorizer>
    def open_create(self, *, appid: Optional[str] = None) -> OpenAccount: ...
    def open_bind(self, *, open_appid: str, appid: Optional[str] = None) -> None: ...
    def open_unbind(self, *, open_appid: str, appid: Optional[str] = None) -> None: ...
    def open_get(self, *, appid: Optional[str] = None) -> OpenAccount: ...
    def open_have(self, *, appid: Optional[str] = None) -> HaveOpen: ...
    def register_by_reuse_oa(self, *, ticket: str) -> ReuseOaRegistration: ...
    def verify_beta(
        self, *, verify_info: VerifyInfo, new_version: Optional[bool] = None
    ) -> None: ...
    def rename_beta(self, *, name: str) -> None: ...
    def link_get(self) -> LinkedMiniPrograms: ...
    def link(self, *, appid: str, notify_users: Flag, show_profile: Flag) -> None: ...
    def unlink(self, *, appid: str) -> None: ...
    def rebind_admin(self, *, taskid: str) -> None: ...
    def get_authorizer_api_quota(self, *, cgi_path: str) -> ApiQuota: ...
    def clear_authorizer_quota(self, *, appid: Optional[str] = None) -> None: ...
    # </generated:ops Authorizer>

class AsyncAuthorizer:
    appid: str
    def __init__(self, platform: AsyncPlatform, appid: str) -> None: ...
    def access_token(self) -> Awaitable[AuthorizerToken]: ...
    def status(self) -> Awaitable[Optional[str]]: ...
    # <generated:ops AsyncAuthorizer>
    def open_create(self, *, appid: Optional[str] = None) -> Awaitable[OpenAccount]: ...
    def open_bind(self, *, open_appid: str, appid: Optional[str] = None) -> Awaitable[None]: ...
    def open_unbind(self, *, open_appid: str, appid: Optional[str] = None) -> Awaitable[None]: ...
    def open_get(self, *, appid: Optional[str] = None) -> Awaitable[OpenAccount]: ...
    def open_have(self, *, appid: Optional[str] = None) -> Awaitable[HaveOpen]: ...
    def register_by_reuse_oa(self, *, ticket: str) -> Awaitable[ReuseOaRegistration]: ...
    def verify_beta(
        self, *, verify_info: VerifyInfo, new_version: Optional[bool] = None
    ) -> Awaitable[None]: ...
    def rename_beta(self, *, name: str) -> Awaitable[None]: ...
    def link_get(self) -> Awaitable[LinkedMiniPrograms]: ...
    def link(self, *, appid: str, notify_users: Flag, show_profile: Flag) -> Awaitable[None]: ...
    def unlink(self, *, appid: str) -> Awaitable[None]: ...
    def rebind_admin(self, *, taskid: str) -> Awaitable[None]: ...
    def get_authorizer_api_quota(self, *, cgi_path: str) -> Awaitable[ApiQuota]: ...
    def clear_authorizer_quota(self, *, appid: Optional[str] = None) -> Awaitable[None]: ...
    # </generated:ops AsyncAuthorizer>

__all__ = ["AsyncAuthorizer", "AsyncPlatform", "Authorizer", "Platform", "now_ms"]
