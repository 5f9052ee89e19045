"""The platform's 授权事件接收URL in FastAPI: verify, decrypt and parse every push with wxopen.

Run it (``pip install fastapi uvicorn wxopen``)::

    WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... \\
        uvicorn --factory examples.python.webhook_fastapi:create_app

``Webhook.parse`` takes a few microseconds, so calling it inline in an async handler does not
block the event loop.
"""

from __future__ import annotations

import os
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

import wxopen


def create_app(
    hook: Optional[wxopen.Webhook] = None, events: Optional[list[wxopen.Event]] = None
) -> FastAPI:
    """The app. ``events`` stands in for your storage or task queue."""
    if hook is None:
        hook = wxopen.Webhook(
            token=os.environ["WX_TOKEN"],
            encoding_aes_key=os.environ["WX_AES_KEY"],
            component_appid=os.environ["WX_COMPONENT_APPID"],
        )
    seen = events if events is not None else []
    app = FastAPI()

    @app.post("/wechat/component", response_class=PlainTextResponse)
    async def component_push(request: Request) -> PlainTextResponse:
        try:
            event = hook.parse(request.query_params, await request.body())
        except wxopen.WxOpenError as e:
            return PlainTextResponse(f"refused: {e.code}", status_code=400)
        seen.append(event)
        return PlainTextResponse("success")

    return app
