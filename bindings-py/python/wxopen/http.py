"""The request a transport sends and the response it returns."""

from __future__ import annotations

import operator
from typing import Optional, Union

from . import _native

__all__ = ["Request", "Response", "redact_url"]


def redact_url(url: str) -> str:
    """``url`` with every credential in its query (tokens, tickets, codes — the core's rule,
    ``wxopen::secret``) replaced by ``***``: for logs and for printing a page URL such as the
    authorization page's, whose ``pre_auth_code`` is a credential. JS: ``redactUrl``."""
    return _native.redact_url(url)


class Request:
    """A request built by the core, exactly as it must go on the wire.

    The URL carries the access token and the body may carry an appsecret, so ``repr`` hides both.
    """

    __slots__ = ("body", "headers", "method", "url")

    def __init__(self, method: str, url: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body

    @property
    def redacted_url(self) -> str:
        """The URL with token values replaced by ``***``, for logs."""
        return _native.redact_url(self.url)

    def __repr__(self) -> str:
        return f"Request({self.method} {self.redacted_url}, body=<{len(self.body)} bytes>)"


class Response:
    """What a transport returns: the HTTP status and the raw body. ``status`` must be an
    integer; the core refuses one outside 100-599 with InvalidArgument on ``status``."""

    __slots__ = ("body", "headers", "status")

    def __init__(
        self,
        status: int,
        body: Union[bytes, str],
        headers: Optional[dict[str, str]] = None,
    ) -> None:
        if isinstance(status, bool):
            raise TypeError("Response status must be an integer, not bool")
        try:
            self.status = operator.index(status)
        except TypeError:
            raise TypeError(
                f"Response status must be an integer, not {type(status).__name__}"
            ) from None
        if isinstance(body, str):
            self.body = body.encode("utf-8", "surrogatepass")
        elif isinstance(body, (bytes, bytearray, memoryview)):
            self.body = bytes(body)
        else:
            raise TypeError(f"Response body must be bytes or str, not {type(body).__name__}")
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"Response(status={self.status}, body=<{len(self.body)} bytes>)"
