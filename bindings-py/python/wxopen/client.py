"""Clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio).

Both expose the same methods, one per WeChat operation; the Rust core builds each request,
validates its input and parses the response. The transport does the I/O.
"""

from __future__ import annotations

import inspect
import json
from typing import Any, Optional, Union

from . import _native
from .exceptions import ApiError, DecodeError, HttpStatusError, WrongTokenError
from .http import Request, Response
from .results import HaveOpen, OpenAccount, Result
from .tokens import AuthorizerToken, ComponentToken
from .transports import ThreadedAsyncTransport, UrllibTransport

__all__ = ["DEFAULT_API_BASE", "DEFAULT_MP_BASE", "DEFAULT_OPEN_BASE", "AsyncClient", "Client"]

DEFAULT_API_BASE = "https://api.weixin.qq.com"
DEFAULT_MP_BASE = "https://mp.weixin.qq.com"
DEFAULT_OPEN_BASE = "https://open.weixin.qq.com"

Token = Union[ComponentToken, AuthorizerToken]


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


def _input_json(args: dict[str, Any]) -> str:
    return json.dumps(
        {k: v for k, v in args.items() if v is not None and not isinstance(v, _Missing)},
        ensure_ascii=False,
        separators=(",", ":"),
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
    """The operations, shared by the blocking and the asyncio client.

    Each method returns what ``_call`` returns: the result itself for :class:`Client`, an
    awaitable of it for :class:`AsyncClient`.
    """

    _bases: tuple[str, str, str]

    def _call(self, op: str, token: Optional[Token], args: dict[str, Any], result: Any) -> Any:
        raise NotImplementedError  # pragma: no cover - each client defines it

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
        except (ApiError, HttpStatusError, DecodeError) as e:
            e.raw = response.body
            raise
        if output is None or result is None:
            return None
        return result(output, response.body)

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


class Client(_Operations):
    """A blocking client.

    Args:
        transport: an object with ``send(request) -> Response`` or a callable
            ``(request) -> Response``. Defaults to :class:`~wxopen.transports.UrllibTransport`.
        api_base: where API calls go; point it at a sandbox for tests.
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
        self._bases = (api_base, mp_base, open_base)

    def _call(self, op: str, token: Optional[Token], args: dict[str, Any], result: Any) -> Any:
        input_json, request = self._prepare(op, token, args)
        return self._finish(op, input_json, self._send(request), result)

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
        self._bases = (api_base, mp_base, open_base)

    async def _call(  # type: ignore[override]
        self, op: str, token: Optional[Token], args: dict[str, Any], result: Any
    ) -> Any:
        input_json, request = self._prepare(op, token, args)
        response = self._send(request)
        if inspect.isawaitable(response):
            response = await response
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
