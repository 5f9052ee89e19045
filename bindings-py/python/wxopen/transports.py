"""Transports: how requests reach WeChat (or the sandbox).

A transport is any object with ``send(request) -> Response`` or any callable
``(request) -> Response`` (async clients: an ``async`` method or coroutine function). It may also
return a ``(status, body)`` tuple. The default, :class:`UrllibTransport`, uses only the standard
library; :class:`HttpxTransport` and :class:`AsyncHttpxTransport` use httpx when it is installed.

Redirects are never followed: WeChat answers every call itself, and following a 302 would turn a
POST into a bodyless GET whose answer looks like success. A 3xx is an
:class:`~wxopen.HttpStatusError`. Every failure to get a response is a
:class:`~wxopen.TransportError` whose message and ``__cause__`` carry no credential.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

from . import _native
from .exceptions import TransportError
from .http import Request, Response

__all__ = ["AsyncHttpxTransport", "HttpxTransport", "ThreadedAsyncTransport", "UrllibTransport"]

# Attributes of standard exceptions that hold text outside ``args`` (URLError.reason,
# OSError.filename, UnicodeError.object, ...).
_TEXT_ATTRS = ("reason", "msg", "strerror", "filename", "filename2", "url", "object")


def _scrub(exc: BaseException, redact: Callable[[str], str], seen: set[int]) -> None:
    """Replaces every credential in ``exc``, its arguments and its cause/context chain."""
    if id(exc) in seen:
        return
    seen.add(id(exc))
    try:
        exc.args = tuple(redact(a) if isinstance(a, str) else a for a in exc.args)
    except Exception:  # an exception type with read-only args
        pass
    for arg in exc.args:
        if isinstance(arg, BaseException):
            _scrub(arg, redact, seen)
    for attr in _TEXT_ATTRS:
        try:
            value = getattr(exc, attr, None)
            if isinstance(value, str):
                setattr(exc, attr, redact(value))
            elif isinstance(value, BaseException):
                _scrub(value, redact, seen)
        except Exception:  # a read-only or computed attribute
            pass
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None:
            _scrub(linked, redact, seen)


def _describe(exc: BaseException) -> str:
    try:
        return f"{type(exc).__name__}: {exc}"
    except Exception:
        return type(exc).__name__


def _wrap_error(request: Request, exc: BaseException) -> TransportError:
    """``exc`` (raised while sending ``request``) as a :class:`TransportError`: the message names
    the request with its URL redacted; the cause is ``exc`` itself with every credential of the
    request replaced by ``***`` — or, if its text still shows one (a custom ``__str__``), a
    stand-in of the same message, redacted."""

    def redact(text: str) -> str:
        return _native.redact(request.url, request.body, text)

    _scrub(exc, redact, set())
    shown = _describe(exc)
    cause: BaseException = exc
    if redact(shown) != shown:
        cause = RuntimeError(redact(shown))
    error = TransportError(f"{request.method} {request.redacted_url} failed: {redact(shown)}")
    error.__cause__ = cause
    error.__suppress_context__ = True
    return error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answers every 3xx with the 3xx itself (an HTTPError) instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class UrllibTransport:
    """Sends requests with :mod:`urllib.request` (no third-party dependency). Redirects are not
    followed: a 3xx comes back as it is (and the client raises HttpStatusError)."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect())

    def send(self, request: Request) -> Response:
        failure = None
        try:
            req = urllib.request.Request(
                request.url,
                data=request.body if request.method != "GET" else None,
                headers=dict(request.headers),
                method=request.method,
            )
            with self._opener.open(req, timeout=self.timeout) as resp:
                return Response(resp.status, resp.read(), dict(resp.headers.items()))
        except urllib.error.HTTPError as e:
            try:
                body = e.read()
            except Exception:  # a truncated error body: the status is what counts
                body = b""
            return Response(e.code, body, dict(e.headers.items()) if e.headers else None)
        except Exception as e:  # URLError, OSError, http.client.HTTPException (BadStatusLine,
            # IncompleteRead, InvalidURL), ValueError: no response came back.
            failure = _wrap_error(request, e)
        raise failure


class ThreadedAsyncTransport:
    """Runs a synchronous transport in a worker thread, for :class:`AsyncClient`."""

    def __init__(self, inner: Optional[Any] = None) -> None:
        self.inner = inner if inner is not None else UrllibTransport()

    async def send(self, request: Request) -> Response:
        return await asyncio.to_thread(self.inner.send, request)


class HttpxTransport:
    """Sends requests with an ``httpx.Client`` (``pip install wxopen[httpx]``). The default
    client does not follow redirects (httpx's default)."""

    def __init__(self, client: Optional[Any] = None, timeout: float = 10.0) -> None:
        import httpx

        self.client = client if client is not None else httpx.Client(timeout=timeout)

    def send(self, request: Request) -> Response:
        failure = None
        try:
            r = self.client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
            return Response(r.status_code, r.content, dict(r.headers))
        except Exception as e:  # httpx.HTTPError, httpx.InvalidURL, ... : no response
            failure = _wrap_error(request, e)
        raise failure


class AsyncHttpxTransport:
    """Sends requests with an ``httpx.AsyncClient`` (``pip install wxopen[httpx]``)."""

    def __init__(self, client: Optional[Any] = None, timeout: float = 10.0) -> None:
        import httpx

        self.client = client if client is not None else httpx.AsyncClient(timeout=timeout)

    async def send(self, request: Request) -> Response:
        failure = None
        try:
            r = await self.client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
            return Response(r.status_code, r.content, dict(r.headers))
        except Exception as e:  # httpx.HTTPError, httpx.InvalidURL, ... : no response
            failure = _wrap_error(request, e)
        raise failure
