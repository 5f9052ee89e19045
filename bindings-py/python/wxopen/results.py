"""Result objects: read-only, attribute access, credentials hidden in ``repr``.

Every API call returns a :class:`Result` subclass (or ``None`` for calls that only acknowledge).
Fields are WeChat's wire names; nested objects are Results too, lists are lists. ``raw`` is the
response body as received, ``to_dict()`` a plain copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Optional

from . import _native

__all__ = ["HaveOpen", "OpenAccount", "Result"]

_SECRET_FIELDS = frozenset(_native.secret_fields())


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Result(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Result(Mapping[str, Any]):
    """A decoded response payload: ``r.field`` or ``r["field"]``."""

    __slots__ = ("_data", "raw")

    def __init__(self, data: dict[str, Any], raw: Optional[bytes] = None) -> None:
        object.__setattr__(self, "_data", {k: _wrap(v) for k, v in data.items()})
        object.__setattr__(self, "raw", raw)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no field {name!r}; fields: {sorted(self._data)}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Result):
            return self.to_dict() == other.to_dict()
        if isinstance(other, dict):
            return self.to_dict() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._data]

    def to_dict(self) -> dict[str, Any]:
        """A plain, deep copy as dicts and lists."""

        def plain(v: Any) -> Any:
            if isinstance(v, Result):
                return v.to_dict()
            if isinstance(v, list):
                return [plain(x) for x in v]
            return v

        return {k: plain(v) for k, v in self._data.items()}

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}=***" if k in _SECRET_FIELDS else f"{k}={v!r}" for k, v in self._data.items()
        )
        return f"{type(self).__name__}({fields})"


class OpenAccount(Result):
    """``open.create`` / ``open.get``: the open-platform account (spec §2)."""

    open_appid: str


class HaveOpen(Result):
    """``open.have``: whether the account already has an open-platform account (spec §2)."""

    have_open: bool
