"""The platform's 授权事件接收URL in Flask: verify, decrypt and parse every push with wxopen.

Run it (``pip install flask wxopen``)::

    WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... \\
        flask --app examples/python/webhook_flask.py run

WeChat wants the plain text ``success`` within a few seconds; a push wxopen refuses (forged,
replayed, malformed) gets a 400 without details that would help an attacker.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Optional

from flask import Flask, request

import wxopen

log = logging.getLogger("wxopen.webhook")


def hook_from_env() -> wxopen.Webhook:
    return wxopen.Webhook(
        token=os.environ["WX_TOKEN"],
        encoding_aes_key=os.environ["WX_AES_KEY"],
        component_appid=os.environ["WX_COMPONENT_APPID"],
    )


def create_app(hook: Optional[wxopen.Webhook] = None, store: Optional[dict[str, Any]] = None):
    """The app. ``store`` stands in for your database: the latest ticket and results seen."""
    hook = hook or hook_from_env()
    store = store if store is not None else {"ticket": None, "registrations": []}
    app = Flask(__name__)

    @app.post("/wechat/component")
    def component_push():
        try:
            event = hook.parse(request.args, request.get_data())
        except wxopen.WxOpenError as e:
            log.warning("push refused: %s (%s)", e.code, e)  # messages never hold secrets
            return "refused", 400
        if isinstance(event, wxopen.ComponentVerifyTicket):
            store["ticket"] = event.ticket
        elif isinstance(event, wxopen.FastRegister):
            store["registrations"].append((event.status, event.appid))
        elif isinstance(event, (wxopen.Authorized, wxopen.UpdateAuthorized, wxopen.Unauthorized)):
            log.info("%s by %s", event.info_type, event.authorizer_appid)
        else:
            log.info("push kept: %r", event)
        return "success"

    return app
