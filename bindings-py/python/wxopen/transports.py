"""Transports: how requests reach WeChat (or the sandbox).

A transport is any object with ``send(request) -> Response`` or any callable
``(request) -> Response`` (async clients: an ``async`` method or coroutine function). It may also
return a ``(status, body)`` tuple. The default, :class:`UrllibTransport`, uses only the standard
library; :class:`HttpxTransport` and :class:`AsyncHttpxTransport` use httpx when it is installed.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from typing import Any, Optional

from .exceptions import TransportError
from .http import Request, Response

__all__ = ["AsyncHttpxTransport", "HttpxTransport", "ThreadedAsyncTransport", "UrllibTransport"]


class UrllibTransport:
    """Sends requests with :mod:`urllib.request` (no third-party dependency)."""

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        # WeChat answers 200 for business errors; do not follow redirects silently elsewhere.
        self._opener = urllib.request.build_opener()

    def send(self, request: Request) -> Response:
        req = urllib.request.Request(
            request.url,
            data=request.body if request.method != "GET" else None,
            headers=dict(request.headers),
            method=request.method,
        )
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return Response(resp.status, resp.read(), dict(resp.headers.items()))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read(), dict(e.headers.items()) if e.headers else None)
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise TransportError(
                f"{request.method} {request.redacted_url} failed: {reason}"
            ) from None


class ThreadedAsyncTransport:
    """Runs a synchronous transport in a worker thread, for :class:`AsyncClient`."""

    def __init__(self, inner: Optional[Any] = None) -> None:
        self.inner = inner if inner is not None else UrllibTransport()

    async def send(self, request: Request) -> Response:
        return await asyncio.to_thread(self.inner.send, request)


class HttpxTransport:
    """Sends requests with an ``httpx.Client`` (``pip install wxopen[httpx]``)."""

    def __init__(self, client: Optional[Any] = None, timeout: float = 10.0) -> None:
        import httpx

        self._httpx = httpx
        self.client = client if client is not None else httpx.Client(timeout=timeout)

    def send(self, request: Request) -> Response:
        try:
            r = self.client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
        except self._httpx.HTTPError as e:
            raise TransportError(
                f"{request.method} {request.redacted_url} failed: {type(e).__name__}"
            ) from None
        return Response(r.status_code, r.content, dict(r.headers))


class AsyncHttpxTransport:
    """Sends requests with an ``httpx.AsyncClient`` (``pip install wxopen[httpx]``)."""

    def __init__(self, client: Optional[Any] = None, timeout: float = 10.0) -> None:
        import httpx

        self._httpx = httpx
        self.client = client if client is not None else httpx.AsyncClient(timeout=timeout)

    async def send(self, request: Request) -> Response:
        try:
            r = await self.client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
        except self._httpx.HTTPError as e:
            raise TransportError(
                f"{request.method} {request.redacted_url} failed: {type(e).__name__}"
            ) from None
        return Response(r.status_code, r.content, dict(r.headers))
