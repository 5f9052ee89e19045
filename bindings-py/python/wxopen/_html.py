"""HTML forms of results, events, errors and tasks, for notebooks (``_repr_html_``).

One rule for secrets, the core's (:func:`~wxopen.is_secret_field`): a field whose name says it
holds a credential is shown as ``***`` at any depth, exactly as the plain ``repr`` does. Every
text is escaped; nothing here is executed or fetched by the page (links are plain anchors).
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from .results import Result, Status, is_secret_field

# Kept small and inline: notebooks strip <style> blocks in some viewers, attributes survive.
_TABLE = (
    '<table class="wxopen" style="border-collapse:collapse;text-align:left;'
    'font-size:0.9em;margin:0.2em 0">'
)
_CAPTION = '<caption style="text-align:left;font-weight:bold;padding:0.2em 0">{}</caption>'
_TH = '<th style="text-align:left;vertical-align:top;padding:0.15em 0.6em 0.15em 0">{}</th>'
_TD = '<td style="text-align:left;vertical-align:top;padding:0.15em 0.6em 0.15em 0">{}</td>'
_MASK = "<code>***</code>"
_NONE = '<span style="opacity:0.5">None</span>'

# Colours of the task states (text on a light background, readable in dark themes too).
_STATE_COLOURS = {
    "created": "#6b7280",
    "waiting": "#b45309",
    "succeeded": "#15803d",
    "failed": "#b91c1c",
    "expired": "#6b7280",
}

# Task fields in the order a person reads them; the rest follow in the core's order.
_TASK_ORDER = (
    "id",
    "kind",
    "state",
    "settled",
    "status",
    "status_kind",
    "meaning",
    "meaning_zh",
    "waiting_for",
    "next_step",
    "next_step_zh",
    "authorize_url",
    "appid",
    "authorized",
    "authorization_errcode",
    "msg",
    "source",
    "can_query",
    "attempt",
    "created_at_ms",
    "updated_at_ms",
    "expires_at_ms",
    "details",
)

# Error attributes worth a row, in order (others are in ``details``).
_ERROR_FIELDS = (
    "code",
    "errcode",
    "errmsg",
    "meaning",
    "meaning_zh",
    "hint",
    "category",
    "retryable",
    "operation",
    "field",
    "rule",
    "status",
    "authorizer_appid",
)


def esc(text: Any) -> str:
    """``text`` as HTML text."""
    return html.escape(str(text), quote=True)


def value_html(value: Any, name: str = "") -> str:
    """One value: masked when ``name`` is a credential's, nested tables for objects, the
    meaning beside a status, links for URLs."""
    if value is None:
        return _NONE
    if name and is_secret_field(name):
        return _MASK
    if isinstance(value, Status):
        return f"<code>{int(value)}</code> {esc(value.meaning)}"
    if isinstance(value, bool):
        return f"<code>{value}</code>"
    if isinstance(value, (int, float)):
        return f"<code>{value}</code>"
    if isinstance(value, (Result, Mapping)):
        return rows_table(_items(value))
    if isinstance(value, (list, tuple)):
        if not value:
            return "<code>[]</code>"
        return "<br>".join(value_html(v) for v in value)
    text = str(value)
    if text.startswith(("https://", "http://")):
        return (
            f'<a href="{esc(text)}" target="_blank" rel="noopener noreferrer" '
            f'style="word-break:break-all">{esc(text)}</a>'
        )
    return esc(text)


def _items(value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Result):
        return ((k, value[k]) for k in value)
    return value.items()


def rows_table(rows: Iterable[tuple[str, Any]], caption: Optional[str] = None) -> str:
    """A two-column table, field | value (values through :func:`value_html`)."""
    out = [_TABLE]
    if caption is not None:
        out.append(_CAPTION.format(caption))
    for name, value in rows:
        out.append(f"<tr>{_TH.format(esc(name))}{_TD.format(value_html(value, name))}</tr>")
    out.append("</table>")
    return "".join(out)


def result_html(result: Result, task: Any = None) -> str:
    """A :class:`~wxopen.Result` (and the task a registration recorded)."""
    rows = list(_items(result))
    body = rows_table(rows, esc(type(result).__name__)) if rows else ""
    if task is not None:
        body += task_html(task)
    return body or f"<code>{esc(type(result).__name__)}()</code>"


def event_html(event: Any) -> str:
    """A push event (``wxopen.Event``): its class, then each field as read."""
    return rows_table(((k, event[k]) for k in event.keys()), esc(type(event).__name__))


def error_html(error: Any) -> str:
    """A :class:`~wxopen.WxOpenError`: the message, then errcode, meaning, hint and the other
    fields the core reported."""
    rows: list[tuple[str, Any]] = []
    seen = set()
    details = getattr(error, "details", {}) or {}
    for name in _ERROR_FIELDS:
        value = getattr(error, name, details.get(name))
        if value is None or value == "" or (name == "errcode" and not details.get("errcode")):
            continue
        rows.append((name, value))
        seen.add(name)
    rows += [(k, v) for k, v in details.items() if k not in seen and k != "message"]
    caption = (
        f'<span style="color:{_STATE_COLOURS["failed"]}">{esc(type(error).__name__)}</span>: '
        f"{esc(getattr(error, 'message', str(error)))}"
    )
    return rows_table(rows, caption)


def _time(ms: Optional[int]) -> str:
    if ms is None:
        return _NONE
    at = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return f"{at.strftime('%Y-%m-%d %H:%M:%S')} UTC <code>{ms}</code>"


def state_badge(state: str) -> str:
    colour = _STATE_COLOURS.get(state, "inherit")
    return f'<b style="color:{colour}">{esc(state)}</b>'


def _task_rows(task: Any) -> list[tuple[str, str]]:
    data = {k: task[k] for k in task}
    order = [k for k in _TASK_ORDER if k in data] + [k for k in data if k not in _TASK_ORDER]
    rows = []
    for name in order:
        value = data[name]
        if name == "state":
            cell = state_badge(value)
        elif name.endswith("_at_ms"):
            cell = _time(value)
        elif name == "status" and value is not None and not isinstance(value, Status):
            cell = f"<code>{value}</code> {esc(data.get('meaning', ''))}"
        else:
            cell = value_html(value, name)
        rows.append((name, cell))
    return rows


def task_html(task: Any) -> str:
    """A registration task: every field, state coloured, times readable."""
    out = [_TABLE, _CAPTION.format(f"Task {esc(task['id'])} {state_badge(task['state'])}")]
    for name, cell in _task_rows(task):
        out.append(f"<tr>{_TH.format(esc(name))}{_TD.format(cell)}</tr>")
    out.append("</table>")
    return "".join(out)


_LIST_COLUMNS = ("id", "kind", "state", "status", "waiting_for", "appid", "authorized")


def tasks_html(tasks: Iterable[Any]) -> str:
    """Tasks as one table, a row each (newest first, as listed)."""
    tasks = list(tasks)
    head = "".join(_TH.format(esc(c)) for c in (*_LIST_COLUMNS, "updated"))
    out = [_TABLE, _CAPTION.format(f"{len(tasks)} task{'s' if len(tasks) != 1 else ''}")]
    out.append(f"<tr>{head}</tr>")
    for t in tasks:
        cells = [
            state_badge(t["state"]) if c == "state" else value_html(t[c], c) for c in _LIST_COLUMNS
        ]
        cells.append(_time(t["updated_at_ms"]))
        out.append("<tr>" + "".join(_TD.format(c) for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def waiting_html(record: Mapping[str, Any]) -> str:
    """A ``task_waiting`` event, as the notebook progress display shows it."""
    status = record.get("status")
    said = [
        f"Waiting for task <code>{esc(record.get('task_id'))}</code>: "
        f"{state_badge(str(record.get('state')))}",
    ]
    if record.get("waiting_for"):
        said.append(f"for <b>{esc(record['waiting_for'])}</b>")
    if status is not None:
        said.append(f"status <code>{esc(status)}</code>")
    said.append(
        f"— waited {_seconds(record.get('waited_ms'))}, "
        f"next check in {_seconds(record.get('next_check_ms'))}"
    )
    return f'<div class="wxopen-progress">{" ".join(said)}</div>'


def _seconds(ms: Any) -> str:
    if not isinstance(ms, (int, float)):
        return "?"
    return f"{ms / 1000:.0f} s" if ms >= 10_000 else f"{ms / 1000:.1f} s"
