# Typed signatures of the clients. At run time a left-out required argument reaches the core,
# which raises InvalidArgument naming it; type checkers flag it here first.
# tests/python/test_stubs.py checks that these stubs and client.py agree.
from collections.abc import Awaitable
from typing import Any, Optional, Union

from .http import Request, Response
from .results import HaveOpen, OpenAccount, Result
from .tokens import AuthorizerToken, ComponentToken

DEFAULT_API_BASE: str
DEFAULT_MP_BASE: str
DEFAULT_OPEN_BASE: str
REQUIRED: Any
Token = Union[ComponentToken, AuthorizerToken]

class Client:
    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
    ) -> None: ...
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

class AsyncClient:
    def __init__(
        self,
        transport: Any = None,
        *,
        api_base: str = ...,
        mp_base: str = ...,
        open_base: str = ...,
    ) -> None: ...
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

def operations() -> list[dict[str, Any]]: ...
def explain_errcode(errcode: int, operation: Optional[str] = None) -> Result: ...

__all__ = ["DEFAULT_API_BASE", "AsyncClient", "Client"]
_unused = (Request, Response)
