"""Credentials. Which kind an operation takes is part of its signature; passing another kind
raises :class:`~wxopen.WrongTokenError`. Reprs never show the token value."""

from __future__ import annotations

__all__ = ["AuthorizerToken", "ComponentToken"]


class ComponentToken:
    """The platform's own ``component_access_token`` (from :meth:`Client.component_token`)."""

    __slots__ = ("_value",)
    kind = "component"

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("ComponentToken(value) takes the token as a str")
        self._value = value

    @property
    def appid(self) -> None:
        """Component tokens belong to the platform, not to one authorizer."""
        return None

    @property
    def value(self) -> str:
        """The token itself. Never log it."""
        return self._value

    def __repr__(self) -> str:
        return "ComponentToken(***)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ComponentToken) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("component", self._value))


class AuthorizerToken:
    """An ``authorizer_access_token`` together with the appid of the account it belongs to."""

    __slots__ = ("_appid", "_value")
    kind = "authorizer"

    def __init__(self, appid: str, value: str) -> None:
        if not isinstance(appid, str) or not isinstance(value, str):
            raise TypeError("AuthorizerToken(appid, value) takes two str")
        self._appid = appid
        self._value = value

    @property
    def appid(self) -> str:
        """The authorizer account's appid."""
        return self._appid

    @property
    def value(self) -> str:
        """The token itself. Never log it."""
        return self._value

    def __repr__(self) -> str:
        return f"AuthorizerToken(appid={self._appid!r}, value=***)"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AuthorizerToken)
            and other._appid == self._appid
            and other._value == self._value
        )

    def __hash__(self) -> int:
        return hash(("authorizer", self._appid, self._value))
