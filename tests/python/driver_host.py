"""A driver-level test host: the glue's entry points (``_native.Driver``) run by the
Platform's own step loop (``Platform._run``) on a scripted WeChat, a MemoryStore and a manual
clock — for tests of driver features the Platform classes do not wrap (yet), such as
registration tasks. ``host.run(host.driver.<entry point>, *args)`` returns the Done value."""

from __future__ import annotations

from typing import Any, Callable

from platform_support import (
    AES_KEY,
    CAT_PATH,
    CID,
    SECRET,
    T0,
    TOKEN,
    Clock,
    CountingStore,
    WeChat,
    cat,
    push,
)

import wxopen

__all__ = ["CAT_PATH", "CID", "T0", "Host", "cat", "push"]


class Host:
    def __init__(self) -> None:
        self.clock = Clock()
        self.wechat = WeChat()
        self.store = CountingStore()
        self.events: list[dict[str, Any]] = []
        self.platform = wxopen.Platform(
            component_appid=CID,
            component_appsecret=SECRET,
            token=TOKEN,
            encoding_aes_key=AES_KEY,
            store=self.store,
            transport=self.wechat,
            clock=self.clock,
            sleep=self.clock.sleep,
            on_event=self.events.append,
        )
        self.driver = self.platform._driver

    def run(self, start: Callable[..., tuple[Any, tuple[Any, ...]]], *args: Any) -> Any:
        """``start(*args, now_ms)`` (a driver entry point), carried out to Done."""
        call, step = start(*args, self.clock())
        return self.platform._run(call, step)[0]
