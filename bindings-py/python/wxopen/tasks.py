"""Registration tasks on a platform: ``platform.tasks`` (docs/tasks.md).

Fast registrations are asynchronous: the create call only starts them, a person must act, and
the result comes later — by push, by a query API, or never. The platform's driver keeps one
:class:`Task` per registration in the store and brings it up to date from everything WeChat
says (create answers, query answers, pushes handled by ``platform.handle`` in any process).
This module reads them::

    reg = platform.register_beta(name="咖啡体验店", openid="o…")
    print(reg.task.authorize_url)               # send it to the user
    task = platform.tasks.wait(reg.task.id, timeout=600, progress=True)
    if task.state == "succeeded" and task.authorized:
        platform.authorizer(task.appid).open_get()

:class:`Tasks` (``Platform.tasks``) and :class:`AsyncTasks` (``AsyncPlatform.tasks``) offer
``get``, ``list``, ``reconcile`` and ``wait``; the waiting policy (pauses, when WeChat's query
API is asked) is the core's, and progress comes as ``task_waiting`` events — shown as a line
per change on a terminal, an updating display in a notebook, or handed to a callable.
"""

from __future__ import annotations

import inspect
import json
import logging
import math
import sys
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, Union

from ._html import task_html, tasks_html, waiting_html
from .exceptions import _invalid
from .results import _STATUS_KINDS, Registration, Result, describe_status

if TYPE_CHECKING:
    from .platform import AsyncPlatform, Platform

__all__ = ["AsyncTasks", "Task", "TaskList", "Tasks"]

logger = logging.getLogger("wxopen.platform")

#: ``wait``'s ``timeout`` when none is given, in seconds.
DEFAULT_WAIT_TIMEOUT: float = 300.0

# The driver's largest timeout (u64): "no limit".
_FOREVER_MS = (1 << 64) - 1

Progress = Union[bool, None, Callable[[Any], Any]]


class Task(Result):
    """A registration task as the driver hands it out (docs/tasks.md §4): read-only, attribute
    or item access, ``to_dict()``, and an HTML table in notebooks. It never carries a
    credential; ``details`` fields whose name says code/key/token show as ``***`` in reprs.

    ``state`` is ``"created"``, ``"waiting"``, ``"succeeded"``, ``"failed"`` or ``"expired"``
    (compare with ``==``); ``settled`` is True once waiting is over (a terminal state — for a
    success with an appid, once its authorization was exchanged or failed for good).
    ``status`` is WeChat's code behind the state: a :class:`~wxopen.TaskStatus` or
    :class:`~wxopen.EnterpriseStatus` (``int`` subclasses with their meaning) as
    ``status_kind`` names the table, a plain ``int`` for the legacy search's errcodes, or
    ``None``. ``meaning`` / ``next_step`` say what it means and what to do, in English
    (``*_zh``: Chinese). Times are unix milliseconds.
    """

    id: str
    kind: str
    state: str
    settled: bool
    status: Optional[int]
    status_kind: Optional[str]
    source: str
    msg: Optional[str]
    meaning: str
    meaning_zh: str
    waiting_for: Optional[str]
    next_step: str
    next_step_zh: str
    authorize_url: Optional[str]
    appid: Optional[str]
    authorized: bool
    authorization_errcode: Optional[int]
    can_query: bool
    attempt: int
    created_at_ms: int
    updated_at_ms: int
    expires_at_ms: Optional[int]
    details: Result

    def __init__(self, data: dict[str, Any], raw: Optional[bytes] = None) -> None:
        super().__init__(data, raw)
        status, kind = data.get("status"), data.get("status_kind")
        if isinstance(status, int) and kind in _STATUS_KINDS:
            self._data["status"] = describe_status(kind, status)

    def __repr__(self) -> str:
        shown = ["id", "kind", "state", "settled", "status", "waiting_for", "appid", "authorized"]
        shown += [k for k in ("authorization_errcode", "msg") if self._data.get(k) is not None]
        shown += ["authorize_url", "next_step"]
        fields = ", ".join(f"{k}={self._data.get(k)!r}" for k in shown)
        return f"Task({fields})"

    def __str__(self) -> str:
        return summary(self)

    def _repr_html_(self) -> str:
        return task_html(self)


class TaskList(list):  # type: ignore[type-arg]
    """A list of :class:`Task` (newest first) that shows as one table in notebooks."""

    def _repr_html_(self) -> str:
        return tasks_html(self)


def summary(task: Task) -> str:
    """One line about ``task``: its id, state, and what matters for that state."""
    parts = [f"task {task['id']} {task['state']}"]
    state = task["state"]
    status = task["status"]
    if state == "waiting":
        if task["waiting_for"]:
            parts.append(f"for {task['waiting_for']}")
        if status is not None:
            parts.append(f"(status {int(status)})")
    elif state == "succeeded":
        if task["appid"]:
            parts.append(f"appid {task['appid']}")
        parts.append("authorized" if task["authorized"] else "not yet authorized")
    elif state in ("failed", "expired"):
        if status is not None:
            parts.append(f"status {int(status)}:")
        parts.append(task["meaning"])
    text = " ".join(parts)
    if not task["settled"] or state in ("failed", "expired"):
        text += f" — {task['next_step']}"
    return text


def _task_or_none(text: str) -> Optional[Task]:
    value = json.loads(text)
    return None if value is None else Task(value)


def _task_list(text: str) -> TaskList:
    return TaskList(Task(t) for t in json.loads(text))


def _registered(text: str, body: Optional[bytes], result: Any) -> Registration:
    """The Done value of the driver's ``register``: the operation's result (an empty
    :class:`Registration` for a bare acknowledgement) with its task attached."""
    done = json.loads(text)
    output, task = done["output"], done["task"]
    if output is not None and result is not None:
        reg = result(output, body)
    else:
        reg = Registration({}, body)
    object.__setattr__(reg, "_task", None if task is None else Task(task))
    return reg


def _timeout_ms(timeout: Optional[float]) -> int:
    if timeout is None:
        return _FOREVER_MS
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"timeout must be a number of seconds or None, not {type(timeout).__name__}"
        )
    if not math.isfinite(timeout) or timeout < 0:
        raise _invalid("timeout", "must be a finite, non-negative number of seconds (or None)")
    return min(int(timeout * 1000), _FOREVER_MS)


def _limit(limit: Optional[int]) -> Optional[int]:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int or None, not {type(limit).__name__}")
    if limit < 0:
        raise _invalid("limit", "must be a non-negative integer")
    return min(limit, _FOREVER_MS)


def _name(value: Optional[str], field: str) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{field} must be a str or None, not {type(value).__name__}")


# ----- progress -----------------------------------------------------------------------------


class _Progress(Protocol):
    """What ``wait`` does with its progress: ``event`` for each ``task_waiting`` record of the
    task, ``done`` with the task it returns (implemented by the classes below)."""

    def event(self, record: dict[str, Any]) -> Any: ...

    def done(self, task: Task, waited_ms: int) -> Any: ...


class _Callback(_Progress):
    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def event(self, record: dict[str, Any]) -> Any:
        return self.fn(record)

    def done(self, task: Task, waited_ms: int) -> Any:
        return self.fn(task)


def _key(record: Any) -> tuple[Any, ...]:
    return (record.get("state"), record.get("status"), record.get("waiting_for"))


class _Terminal(_Progress):
    """A line per change on ``stream``; on a terminal the last line also counts the wait."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.last: Optional[tuple[Any, ...]] = None
        self.pending = False  # a line without its newline (tty)

    def _write(self, text: str, *, final: bool) -> None:
        if self.tty:
            self.stream.write("\r\x1b[2K" + text + ("\n" if final else ""))
            self.pending = not final
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def event(self, record: dict[str, Any]) -> None:
        key = _key(record)
        waited = _secs(record.get("waited_ms"))
        nxt = _secs(record.get("next_check_ms"))
        text = f"wxopen: task {record.get('task_id')} {record.get('state')}"
        if record.get("waiting_for"):
            text += f" for {record['waiting_for']}"
        if record.get("status") is not None:
            text += f" (status {record['status']})"
        if key != self.last:
            if self.pending:
                self.stream.write("\n")
                self.pending = False
            self.last = key
            self._write(f"{text} — next check in {nxt}", final=not self.tty)
        elif self.tty:
            self._write(f"{text} — waited {waited}, next check in {nxt}", final=False)

    def done(self, task: Task, waited_ms: int) -> None:
        if self.pending:
            self.stream.write("\n")
            self.pending = False
        suffix = "" if task["settled"] else f" (still unsettled after {_secs(waited_ms)})"
        self._write(f"wxopen: {summary(task)}{suffix}", final=True)


class _Shown:
    """An object IPython displays as HTML, with a text form for plain front ends."""

    def __init__(self, html: str, text: str) -> None:
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


class _Notebook(_Progress):
    """One display (``IPython.display`` with a display id) updated in place."""

    def __init__(self) -> None:
        from IPython.display import display

        self.handle = display(_Shown("<div>waiting…</div>", "waiting…"), display_id=True)

    def event(self, record: dict[str, Any]) -> None:
        text = f"task {record.get('task_id')} {record.get('state')}"
        self.handle.update(_Shown(waiting_html(record), text))

    def done(self, task: Task, waited_ms: int) -> None:
        self.handle.update(_Shown(task_html(task), summary(task)))


def _in_notebook() -> bool:
    """Whether a Jupyter kernel runs this code: IPython is imported (never imported here) and
    its shell has a kernel."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def _progress_for(progress: Progress) -> Optional[_Progress]:
    if progress is None or progress is False:
        return None
    if progress is True:
        return _Notebook() if _in_notebook() else _Terminal(sys.stderr)
    if callable(progress):
        return _Callback(progress)
    raise TypeError(
        "progress must be True (terminal or notebook), False/None, or a callable receiving "
        f"each task_waiting event and the final Task, not {type(progress).__name__}"
    )


def _secs(ms: Any) -> str:
    if not isinstance(ms, (int, float)):
        return "?"
    return f"{ms / 1000:.0f}s" if ms >= 10_000 else f"{ms / 1000:.1f}s"


def _observer(task_id: str, shown: _Progress) -> Callable[[dict[str, Any]], Any]:
    """Hands the ``task_waiting`` records of ``task_id`` to ``shown``; returns what it returns
    (an awaitable from an async callable; the async host awaits it). An exception it raises is
    logged and ignored: progress never ends a wait."""

    def observe(record: dict[str, Any]) -> Any:
        if record.get("kind") != "task_waiting" or record.get("task_id") != task_id:
            return None
        try:
            return shown.event(record)
        except Exception:
            logger.warning("task progress callback failed", exc_info=True)
            return None

    return observe


async def _settle(out: Any) -> None:
    """Awaits what an async progress callable returned, logging (not raising) its failure."""
    if inspect.isawaitable(out):
        try:
            await out
        except Exception:
            logger.warning("task progress callback failed", exc_info=True)


def _waited(started: int, now: int) -> int:
    return max(0, now - started)


# ----- the handles --------------------------------------------------------------------------


class Tasks:
    """``platform.tasks`` of a :class:`~wxopen.Platform`: read, list, reconcile and wait for
    registration tasks. Cheap; holds nothing but the platform."""

    __slots__ = ("_platform",)

    def __init__(self, platform: Platform) -> None:
        self._platform = platform

    def get(self, task_id: str) -> Optional[Task]:
        """The task ``task_id`` as of now (an expiry derived from its window included), or
        ``None`` when the store has no such task. Sends nothing to WeChat."""
        p = self._platform
        call, step = p._driver.task(task_id, p._clock())
        return _task_or_none(p._run(call, step)[0])

    def list(
        self, kind: Optional[str] = None, state: Optional[str] = None, limit: Optional[int] = None
    ) -> TaskList:
        """The newest tasks first (the store indexes the last ``task_index_max``, default
        1000), only of ``kind`` (``enterprise``, ``enterprise_legacy``, ``personal``,
        ``beta``, ``beta_verify``, ``reuse_oa``) and/or in ``state`` (as of now), at most
        ``limit``. An unknown name is :class:`~wxopen.InvalidArgument` naming it."""
        p = self._platform
        call, step = p._driver.tasks(
            _name(kind, "kind"), _name(state, "state"), _limit(limit), p._clock()
        )
        return _task_list(p._run(call, step)[0])

    def reconcile(self, task_id: str) -> Task:
        """Asks WeChat about the task where it has a query API (personal registrations, legacy
        enterprise ones), applies the answer and returns the task; for the other flows (the
        push is their only source) returns it as stored. Unknown id:
        :class:`~wxopen.InvalidArgument` on ``task_id``."""
        p = self._platform
        call, step = p._driver.reconcile_task(task_id, p._clock())
        return Task(json.loads(p._run(call, step)[0]))

    def wait(
        self,
        task_id: str,
        timeout: Optional[float] = DEFAULT_WAIT_TIMEOUT,
        progress: Progress = False,
    ) -> Task:
        """Waits until the task is settled or ``timeout`` seconds passed (``None``: no limit
        but the task's own window) and returns it — settled, or as it stood at the timeout
        (check ``task.settled``). The driver looks at the store at growing intervals (a push
        handled by any process shows up) and asks WeChat's query API where there is one; the
        pauses are the core's policy (``task_poll_min_ms`` … ``task_poll_max_ms``).

        ``progress``: ``True`` shows it — an updating display in a Jupyter notebook, else a
        line per change on stderr (on a terminal the line also counts the wait); a callable
        receives each ``task_waiting`` event (a dict: ``state``, ``status``,
        ``waiting_for``, ``waited_ms``, ``next_check_ms``) and at the end the :class:`Task`
        (an exception it raises is logged and ignored); ``False``/``None``: nothing.
        """
        p = self._platform
        timeout_ms = _timeout_ms(timeout)
        shown = _progress_for(progress)
        started = p._clock()
        call, step = p._driver.wait_task(task_id, timeout_ms, started)
        if shown is None:
            return Task(json.loads(p._run(call, step)[0]))
        task = Task(json.loads(p._run(call, step, _observer(task_id, shown))[0]))
        try:
            shown.done(task, _waited(started, p._clock()))
        except Exception:
            logger.warning("task progress callback failed", exc_info=True)
        return task

    def __repr__(self) -> str:
        return f"Tasks({self._platform!r})"


class AsyncTasks:
    """``platform.tasks`` of an :class:`~wxopen.AsyncPlatform`: :class:`Tasks` with every
    method a coroutine; a ``progress`` callable may be a coroutine function."""

    __slots__ = ("_platform",)

    def __init__(self, platform: AsyncPlatform) -> None:
        self._platform = platform

    async def get(self, task_id: str) -> Optional[Task]:
        """See :meth:`Tasks.get`."""
        p = self._platform
        call, step = p._driver.task(task_id, p._clock())
        return _task_or_none((await p._run(call, step))[0])

    async def list(
        self, kind: Optional[str] = None, state: Optional[str] = None, limit: Optional[int] = None
    ) -> TaskList:
        """See :meth:`Tasks.list`."""
        p = self._platform
        call, step = p._driver.tasks(
            _name(kind, "kind"), _name(state, "state"), _limit(limit), p._clock()
        )
        return _task_list((await p._run(call, step))[0])

    async def reconcile(self, task_id: str) -> Task:
        """See :meth:`Tasks.reconcile`."""
        p = self._platform
        call, step = p._driver.reconcile_task(task_id, p._clock())
        return Task(json.loads((await p._run(call, step))[0]))

    async def wait(
        self,
        task_id: str,
        timeout: Optional[float] = DEFAULT_WAIT_TIMEOUT,
        progress: Progress = False,
    ) -> Task:
        """See :meth:`Tasks.wait`."""
        p = self._platform
        timeout_ms = _timeout_ms(timeout)
        shown = _progress_for(progress)
        started = p._clock()
        call, step = p._driver.wait_task(task_id, timeout_ms, started)
        if shown is None:
            return Task(json.loads((await p._run(call, step))[0]))
        observe = _observer(task_id, shown)

        async def observe_async(record: dict[str, Any]) -> None:
            await _settle(observe(record))

        task = Task(json.loads((await p._run(call, step, observe_async))[0]))
        try:
            out = shown.done(task, _waited(started, p._clock()))
        except Exception:
            logger.warning("task progress callback failed", exc_info=True)
        else:
            await _settle(out)
        return task

    def __repr__(self) -> str:
        return f"AsyncTasks({self._platform!r})"
