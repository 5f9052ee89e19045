"""The platform (``wxopen.Platform``) of the service, its store, and the registration tasks.

The store: ``RedisStore`` when ``REDIS_URL`` is set (several processes or machines share the
ticket, tokens, refresh tokens and tasks), else ``SqliteStore`` (one machine). Either is
durable: a process killed at any moment leaves every task and refresh token in place.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Optional

import wxopen

from .config import Settings

log = logging.getLogger("examples.backend")


def make_platform(settings: Settings) -> wxopen.Platform:
    """The platform the routes share (thread-safe; one per process)."""
    if settings.redis_url:
        import redis

        store: Any = wxopen.RedisStore(redis.Redis.from_url(settings.redis_url))
    else:
        store = wxopen.SqliteStore(settings.store_path)
    return wxopen.Platform(
        component_appid=settings.component_appid,
        component_appsecret=settings.component_appsecret,
        token=settings.token,
        encoding_aes_key=settings.encoding_aes_key,
        store=store,
        api_base=settings.api_base,
        mp_base=settings.mp_base,
        open_base=settings.open_base,
        key_prefix=settings.key_prefix,
    )


def plain(value: Any) -> Any:
    """``value`` as plain JSON data with every credential field removed (the core's rule of
    which names are secret): what the routes may answer and store."""
    if isinstance(value, wxopen.Result):
        value = value.to_dict()
    if isinstance(value, dict):
        return {
            k: plain(v)
            for k, v in value.items()
            if not (wxopen.is_secret_field(k) and isinstance(v, str))
        }
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Tasks:
    """The registration tasks of the platform: register (the create call and its task),
    get, list, reconcile, wait — the driver's task entry points (docs/tasks.md §4)."""

    def __init__(self, platform: wxopen.Platform) -> None:
        self._p = platform

    def _done(self, start: Any, *args: Any) -> Any:
        p = self._p
        call, step = start(*args, p._clock())
        text, _ = p._run(call, step)
        return json.loads(text)

    def register(
        self, operation: str, args: dict[str, Any], appid: Optional[str] = None
    ) -> tuple[dict[str, Any], Optional[dict[str, Any]]]:
        """Sends the registration ``operation`` (never retried by the driver) and records its
        task; returns the operation's output and the task (None if it could not be recorded)."""
        body = {k: v for k, v in args.items() if v is not None}
        done = self._done(self._p._driver.register, operation, json.dumps(body), appid)
        return done["output"], done["task"]

    def get(self, task_id: str) -> Optional[dict[str, Any]]:
        return self._done(self._p._driver.task, task_id)

    def list(
        self, kind: Optional[str] = None, state: Optional[str] = None, limit: Optional[int] = None
    ) -> list[dict[str, Any]]:
        return self._done(self._p._driver.tasks, kind, state, limit)

    def reconcile(self, task_id: str) -> dict[str, Any]:
        return self._done(self._p._driver.reconcile_task, task_id)

    def wait(self, task_id: str, timeout: float) -> dict[str, Any]:
        return self._done(self._p._driver.wait_task, task_id, int(timeout * 1000))

    def reconcile_unsettled(self) -> int:
        """Asks WeChat's query APIs about every unsettled task that has one (a push lost while
        the service was down, a personal registration the user declined — no push tells);
        returns how many were asked."""
        asked = 0
        for state in ("created", "waiting"):
            for task in self.list(state=state, limit=1000):
                if task.get("can_query") and not task.get("settled"):
                    try:
                        self.reconcile(task["id"])
                        asked += 1
                    except wxopen.WxOpenError as e:
                        log.warning("reconcile %s: %s", task["id"], e.code)
        return asked
