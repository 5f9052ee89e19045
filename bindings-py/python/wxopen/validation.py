"""``validate(op, **args)``: the core's rules for an operation's input, without a token and
without sending anything — for forms and back ends that check input before they send it.

The rules are the core's, the same a :class:`~wxopen.Client` call applies: nothing is checked
here but that the arguments are values the core can take.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from . import _native
from .client import DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE, _input_json
from .exceptions import InvalidArgument


@dataclass(frozen=True)
class Validation:
    """What :func:`validate` found. True when the core accepts the input.

    Accepted: ``method`` (``GET`` for a page URL, ``POST`` for an API call), ``url`` (the token
    and a page's ``pre_auth_code`` shown as ``***``) and ``body`` (the JSON body exactly as it
    would be sent, every secret field's value ``"***"``; empty for a page URL). Refused:
    ``error``, the core's :class:`~wxopen.InvalidArgument`; ``field`` (WeChat's name, e.g.
    ``verify_info.code_type``) and ``rule`` repeat its own.
    """

    ok: bool
    method: Optional[str] = None
    url: Optional[str] = None
    body: Optional[str] = None
    error: Optional[InvalidArgument] = None

    @property
    def field(self) -> str:
        """The field the core refused (``""`` when it accepted the input)."""
        return self.error.field if self.error is not None else ""

    @property
    def rule(self) -> str:
        """What is wrong with :attr:`field` (``""`` when the core accepted the input)."""
        return self.error.rule if self.error is not None else ""

    def __bool__(self) -> bool:
        return self.ok


def validate(op: str, /, **args: Any) -> Validation:
    """Check the arguments of operation ``op`` (e.g. ``"register.enterprise"``) against every
    rule the core applies before sending, without a token and without sending anything.

    Arguments are the operation's keyword arguments, by WeChat's field names, as a
    :class:`~wxopen.Client` method takes them (``None`` means not given). Returns a
    :class:`Validation`; a refused input is returned, not raised. An unknown operation raises
    :class:`~wxopen.InvalidArgument` on ``operation``; a value of a type the core cannot take
    raises ``TypeError``. Rules that compare the input with the token (an authorizer
    operation's ``appid`` is the token's own account) need the token and are not checked.

    >>> import wxopen
    >>> wxopen.validate("register.beta", name="abc", openid="o_1").field
    'name'
    """
    try:
        input_json = _input_json(args)
    except InvalidArgument as e:  # text the core cannot take (a lone surrogate), by name
        return Validation(ok=False, error=e)
    preview, error = _native.validate(
        op, input_json, DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE
    )
    if preview is not None:
        method, url, body = preview
        return Validation(ok=True, method=method, url=url, body=body)
    if isinstance(error, InvalidArgument):
        return Validation(ok=False, error=error)
    # The core reports every input problem as InvalidArgument; anything else is not the input's.
    raise error if error is not None else RuntimeError("validate returned neither result")
