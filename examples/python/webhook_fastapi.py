"""The platform's two push URLs in FastAPI, with wxopen verifying, decrypting and parsing every
push: ``POST /wechat/component`` (授权事件接收URL) and ``POST /wechat/{appid}/callback``
(消息与事件接收URL, configured as ``https://your.host/wechat/$APPID$/callback``).

Run it (``pip install fastapi uvicorn wxopen``)::

    WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... \\
        uvicorn --factory examples.python.webhook_fastapi:create_app

``Webhook.parse`` and ``parse_message`` take a few microseconds, so calling them inline in an
async handler does not block the event loop. The release check's follow-up calls run as a
background task, after the (empty) answer has been sent.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable
from typing import Callable, Optional, Union

from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import PlainTextResponse

import wxopen


def create_app(
    hook: Optional[wxopen.Webhook] = None,
    events: Optional[list[Union[wxopen.Event, wxopen.Message]]] = None,
    *,
    client: Optional[wxopen.AsyncClient] = None,
    component_token: Optional[Callable[[], Awaitable[wxopen.ComponentToken]]] = None,
) -> FastAPI:
    """The app. ``events`` stands in for your storage or task queue; ``client`` and
    ``component_token`` run the release check's follow-up."""
    if hook is None:
        hook = wxopen.Webhook(
            token=os.environ["WX_TOKEN"],
            encoding_aes_key=os.environ["WX_AES_KEY"],
            component_appid=os.environ["WX_COMPONENT_APPID"],
        )
    seen = events if events is not None else []
    handled: set[str] = set()
    app = FastAPI()

    @app.post("/wechat/component", response_class=PlainTextResponse)
    async def component_push(request: Request) -> PlainTextResponse:
        try:
            event = hook.parse(request.query_params, await request.body())
        except wxopen.WxOpenError as e:
            return PlainTextResponse(f"refused: {e.code}", status_code=400)
        seen.append(event)
        return PlainTextResponse(wxopen.SUCCESS)

    @app.post("/wechat/{appid}/callback", response_class=PlainTextResponse)
    async def message_push(
        appid: str, request: Request, background: BackgroundTasks
    ) -> PlainTextResponse:
        try:
            message = hook.parse_message(appid, request.query_params, await request.body())
        except wxopen.WxOpenError as e:
            return PlainTextResponse(f"refused: {e.code}", status_code=400)
        if message.dedup_key in handled:  # WeChat retried: answered already
            return PlainTextResponse(wxopen.SUCCESS)
        handled.add(message.dedup_key)
        nonce = request.query_params.get("nonce", "")
        check = hook.release_check(message, nonce=nonce)
        if check is not None:
            follow_up = check.follow_up
            if follow_up is not None and client is not None and component_token is not None:

                async def run_follow_up() -> None:
                    await follow_up.arun(client, await component_token())

                background.add_task(run_follow_up)
            return PlainTextResponse(check.body)
        seen.append(message)
        if isinstance(message, wxopen.TextMessage):
            reply = hook.reply_text(message, f"received: {message.content}", nonce=nonce)
            return PlainTextResponse(reply)
        return PlainTextResponse(wxopen.SUCCESS)

    return app
