"""Test support for the Platform classes: a fake clock, a scripted WeChat (sync and asyncio),
encrypted pushes, and a host that runs a Platform or an AsyncPlatform the same way."""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any, Callable, Optional

import wxopen

CID = "wxcomponent0000001"
SECRET = "platform_appsecret_0001"
TOKEN = "msgtoken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
AUTHORIZER = "wxminiprog00000001"
T0 = 1_700_000_000_000

CAT_PATH = "/cgi-bin/component/api_component_token"
AAT_PATH = "/cgi-bin/component/api_authorizer_token"
QUERY_AUTH = "/cgi-bin/component/api_query_auth"
PREAUTH = "/cgi-bin/component/api_create_preauthcode"
OPEN_GET = "/cgi-bin/open/get"
OPEN_CREATE = "/cgi-bin/open/create"


class Clock:
    """A manual clock (unix ms); ``sleep`` moves it instead of waiting."""

    def __init__(self, now: int = T0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += round(seconds * 1000)


class WeChat:
    """Answers by URL path from scripted queues; records every request."""

    def __init__(self) -> None:
        self.script: dict[str, list[Any]] = {}
        self.sent: list[wxopen.Request] = []

    def on(self, path: str, *replies: Any) -> WeChat:
        self.script.setdefault(path, []).extend(replies)
        return self

    def send(self, request: wxopen.Request) -> wxopen.Response:
        self.sent.append(request)
        path = "/" + request.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
        queue = self.script.get(path)
        if not queue:
            raise AssertionError(f"unscripted request to {path}")
        reply = queue.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, wxopen.Response):
            return reply
        return wxopen.Response(200, json.dumps(reply))

    def to(self, path: str) -> list[wxopen.Request]:
        """The requests sent to ``path``."""
        return [r for r in self.sent if r.url.split("?", 1)[0].endswith(path)]

    def tokens_to(self, path: str) -> list[str]:
        """The access token each request to ``path`` carried."""
        return [r.url.rsplit("=", 1)[1] for r in self.to(path)]


class AsyncWeChat(WeChat):
    async def send(self, request: wxopen.Request) -> wxopen.Response:  # type: ignore[override]
        await asyncio.sleep(0)
        return WeChat.send(self, request)


class CountingStore(wxopen.MemoryStore):
    """A MemoryStore that counts the operations made on it."""

    def __init__(self) -> None:
        super().__init__()
        self.ops = 0

    def get(self, key: str, now_ms: int) -> Optional[str]:
        self.ops += 1
        return super().get(key, now_ms)

    def lock(self, key: str, owner: str, lease_ms: int, now_ms: int) -> bool:
        self.ops += 1
        return super().lock(key, owner, lease_ms, now_ms)


def cat(value: str, expires_in: int = 7200) -> dict[str, Any]:
    return {"component_access_token": value, "expires_in": expires_in}


def aat(value: str, refresh: str = "refreshtoken@@@R1", expires_in: int = 7200) -> dict[str, Any]:
    return {
        "authorizer_access_token": value,
        "expires_in": expires_in,
        "authorizer_refresh_token": refresh,
    }


def query_auth(appid: str = AUTHORIZER, access: str = "AAT1") -> dict[str, Any]:
    return {
        "authorization_info": {
            "authorizer_appid": appid,
            "authorizer_access_token": access,
            "expires_in": 7200,
            "authorizer_refresh_token": "refreshtoken@@@R1",
            "func_info": [{"funcscope_category": {"id": 17}}],
        }
    }


def err(code: int, msg: str = "x") -> dict[str, Any]:
    return {"errcode": code, "errmsg": msg}


OPEN_OK = {"errcode": 0, "errmsg": "ok", "open_appid": "wxopen0123456789"}


def push(xml: str, now_ms: int, appid: str = CID) -> tuple[dict[str, str], bytes]:
    """An encrypted push of ``xml`` as WeChat sends it: (query, body)."""
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=AES_KEY, component_appid=appid)
    ts = str(now_ms // 1000)
    encrypt, sig = hook.encrypt(xml, timestamp=ts, nonce="42")
    body = f"<xml><AppId>{appid}</AppId><Encrypt>{encrypt}</Encrypt></xml>".encode()
    return {"timestamp": ts, "nonce": "42", "msg_signature": sig}, body


def ticket_xml(now_ms: int, ticket: str = "ticket@@@pushed", appid: str = CID) -> str:
    return (
        f"<xml><AppId>{appid}</AppId><CreateTime>{now_ms // 1000}</CreateTime>"
        "<InfoType>component_verify_ticket</InfoType>"
        f"<ComponentVerifyTicket>{ticket}</ComponentVerifyTicket></xml>"
    )


def authorized_xml(now_ms: int, code: str, appid: str = AUTHORIZER) -> str:
    return (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now_ms // 1000}</CreateTime>"
        f"<InfoType>authorized</InfoType><AuthorizerAppid>{appid}</AuthorizerAppid>"
        f"<AuthorizationCode>{code}</AuthorizationCode>"
        f"<AuthorizationCodeExpiredTime>{now_ms // 1000 + 600}</AuthorizationCodeExpiredTime></xml>"
    )


def unauthorized_xml(now_ms: int, appid: str = AUTHORIZER) -> str:
    return (
        f"<xml><AppId>{CID}</AppId><CreateTime>{now_ms // 1000}</CreateTime>"
        f"<InfoType>unauthorized</InfoType><AuthorizerAppid>{appid}</AuthorizerAppid></xml>"
    )


class Host:
    """A Platform (``kind`` "sync") or AsyncPlatform ("async") on a fake clock and a scripted
    WeChat; :meth:`run` calls a method either way and returns its result."""

    def __init__(
        self,
        kind: str,
        *,
        store: Any = None,
        clock: Optional[Clock] = None,
        component_appid: str = CID,
        **options: Any,
    ) -> None:
        self.kind = kind
        self.clock = clock or Clock()
        self.wechat: WeChat = AsyncWeChat() if kind == "async" else WeChat()
        self.store = store if store is not None else CountingStore()
        self.events: list[dict[str, Any]] = []
        cls = wxopen.AsyncPlatform if kind == "async" else wxopen.Platform
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        self.platform = cls(
            component_appid=component_appid,
            component_appsecret=SECRET,
            token=TOKEN,
            encoding_aes_key=AES_KEY,
            store=self.store,
            transport=self.wechat,
            clock=self.clock,
            sleep=self.clock.sleep,
            **{"on_event": self.events.append, **options},
        )

    def run(self, fn: Callable[[Any], Any]) -> Any:
        """``fn(platform)``, awaited when it returns an awaitable."""
        out = fn(self.platform)
        if inspect.isawaitable(out):
            assert self.loop is not None, "a sync platform returned an awaitable"
            out = self.loop.run_until_complete(out)
        return out

    def kinds(self) -> list[str]:
        return [e["kind"] for e in self.events]

    def seeded(self) -> Host:
        """A stored ticket and an imported authorizer."""
        assert self.run(lambda p: p.store_ticket("ticket@@@latest", self.clock() // 1000))
        assert self.run(lambda p: p.import_authorizer(AUTHORIZER, "refreshtoken@@@R1")) is None
        return self

    def close(self) -> None:
        if self.loop is not None:
            self.loop.close()
