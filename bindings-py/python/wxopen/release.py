"""The full-network-release (全网发布) automatic check (spec §13.5).

Before a platform goes live, WeChat authorizes test accounts to it and sends them scripted
messages that the platform must answer. :meth:`Webhook.release_check` decides (in the core) what
a message calls for; this module carries the answer::

    message = hook.parse_message(appid, request.args, request.get_data())
    check = hook.release_check(message, nonce=request.args["nonce"])
    if check is not None:
        if check.follow_up is not None:          # QUERY_AUTH_CODE: answer now, call after
            threading.Thread(target=check.follow_up.run, args=(client, component_token)).start()
        return check.body                        # an encrypted reply, or "" (answer empty)

The follow-up exchanges the test's authorization code (``api_query_auth``, component token) and
sends ``<code>_from_api`` to the tester (``message/custom/send``, the test account's authorizer
token from the exchange). Run it after answering: WeChat wants the empty answer within 5 s.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _native

if TYPE_CHECKING:
    from .client import AsyncClient, Client
    from .platform import AsyncPlatform, Platform
    from .tokens import ComponentToken

__all__ = ["RELEASE_TEST_ACCOUNTS", "ReleaseCheck", "ReleaseFollowUp"]

#: The check's test accounts (spec §13.5): (appid, original id) of five groups of an official
#: account and a mini program (the core's list).
RELEASE_TEST_ACCOUNTS: tuple[tuple[str, str], ...] = tuple(
    (appid, username) for appid, username in _native.RELEASE_TEST_ACCOUNTS
)


class ReleaseFollowUp:
    """The ``QUERY_AUTH_CODE`` case's calls, to run after answering the push: ``run`` with a
    :class:`~wxopen.Client`, ``arun`` with an :class:`~wxopen.AsyncClient`, each with the
    component token. The repr hides the code (also inside ``content``)."""

    __slots__ = (
        "_custom_send",
        "_query_auth",
        "authorization_code",
        "authorizer_appid",
        "component_appid",
        "content",
        "touser",
    )

    def __init__(
        self,
        component_appid: str,
        authorizer_appid: str,
        authorization_code: str,
        touser: str,
        content: str,
        query_auth: str,
        custom_send: str,
    ) -> None:
        self.component_appid = component_appid
        self.authorizer_appid = authorizer_appid
        self.authorization_code = authorization_code
        self.touser = touser
        self.content = content
        # The two calls' inputs, as the core built them (JSON text).
        self._query_auth: dict[str, Any] = json.loads(query_auth)
        self._custom_send: dict[str, Any] = json.loads(custom_send)

    def run(
        self, client: Union[Client, Platform], component_token: Optional[ComponentToken] = None
    ) -> None:
        """Exchanges the code, then sends the text with the authorizer token it returns. With
        a :class:`~wxopen.Client`, pass the component token; with a
        :class:`~wxopen.Platform`, the platform's tokens are used: the code goes through
        :meth:`~wxopen.Platform.authorize` (the test account's tokens are stored) and the text
        through ``platform.authorizer(appid).send_custom_message``."""
        from .platform import Platform

        if isinstance(client, Platform):
            granted = client.authorize(self.authorization_code)
            account = client.authorizer(granted.authorizer_appid)
            account.send_custom_message(**self._custom_send)
            return
        grant = client.query_auth(_needs_token(component_token), **self._query_auth)
        client.send_custom_message(grant.token(), **self._custom_send)

    async def arun(
        self,
        client: Union[AsyncClient, AsyncPlatform],
        component_token: Optional[ComponentToken] = None,
    ) -> None:
        """:meth:`run` with an :class:`~wxopen.AsyncClient` or an
        :class:`~wxopen.AsyncPlatform`."""
        from .platform import AsyncPlatform

        if isinstance(client, AsyncPlatform):
            granted = await client.authorize(self.authorization_code)
            account = client.authorizer(granted.authorizer_appid)
            await account.send_custom_message(**self._custom_send)
            return
        grant = await client.query_auth(_needs_token(component_token), **self._query_auth)
        await client.send_custom_message(grant.token(), **self._custom_send)

    def __repr__(self) -> str:
        return (
            f"ReleaseFollowUp(authorizer_appid={self.authorizer_appid!r}, "
            f"touser={self.touser!r}, authorization_code=***, content='***_from_api')"
        )


def _needs_token(token: Optional[ComponentToken]) -> ComponentToken:
    if token is None:
        raise TypeError("a Client needs the component token: follow_up.run(client, token)")
    return token


class ReleaseCheck:
    """The answer to a message of the check: ``body`` (answer the push with it now: an
    encrypted text reply, or ``""``) and ``follow_up`` (a :class:`ReleaseFollowUp` for the
    ``QUERY_AUTH_CODE`` case, else ``None``)."""

    __slots__ = ("body", "follow_up")

    def __init__(self, body: str, follow_up: Optional[ReleaseFollowUp]) -> None:
        self.body = body
        self.follow_up = follow_up

    def __repr__(self) -> str:
        kind = "reply" if self.body else "empty"
        return f"ReleaseCheck(body=<{kind}>, follow_up={self.follow_up!r})"
