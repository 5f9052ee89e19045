"""The platform's two push URLs in Flask, with wxopen verifying, decrypting and parsing every push.

* ``POST /wechat/component``: the 授权事件接收URL (tickets, authorizations, registration results).
* ``POST /wechat/<appid>/callback``: the 消息与事件接收URL, configured on the open platform as
  ``https://your.host/wechat/$APPID$/callback``; WeChat puts the authorized account's appid in
  the path. Messages are de-duplicated (WeChat retries), texts get an encrypted passive reply,
  and the full-network-release check (全网发布) is answered.

Run it (``pip install flask wxopen``)::

    WX_TOKEN=... WX_AES_KEY=... WX_COMPONENT_APPID=... \\
        flask --app examples/python/webhook_flask.py run

WeChat wants an answer within a few seconds; a push wxopen refuses (forged, replayed, malformed)
gets a 400 without details that would help an attacker.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Callable, Optional

from flask import Flask, request

import wxopen

log = logging.getLogger("wxopen.webhook")


def hook_from_env() -> wxopen.Webhook:
    return wxopen.Webhook(
        token=os.environ["WX_TOKEN"],
        encoding_aes_key=os.environ["WX_AES_KEY"],
        component_appid=os.environ["WX_COMPONENT_APPID"],
    )


def in_a_thread(job: Callable[[], None]) -> None:
    threading.Thread(target=job, daemon=True).start()


def create_app(
    hook: Optional[wxopen.Webhook] = None,
    store: Optional[dict[str, Any]] = None,
    *,
    client: Optional[wxopen.Client] = None,
    component_token: Optional[Callable[[], wxopen.ComponentToken]] = None,
    run_later: Callable[[Callable[[], None]], None] = in_a_thread,
):
    """The app. ``store`` stands in for your database: the latest ticket, results and messages
    seen. ``client`` and ``component_token`` (your token source) run the release check's
    follow-up calls, after the answer, through ``run_later``."""
    hook = hook or hook_from_env()
    if store is None:
        store = {}
    for key, empty in (("ticket", None), ("registrations", []), ("messages", []), ("seen", set())):
        store.setdefault(key, empty)
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
        return wxopen.SUCCESS

    @app.post("/wechat/<appid>/callback")
    def message_push(appid: str):
        try:
            message = hook.parse_message(appid, request.args, request.get_data())
        except wxopen.WxOpenError as e:
            log.warning("message refused: %s (%s)", e.code, e)
            return "refused", 400
        if message.dedup_key in store["seen"]:  # a retry of a push already handled
            return wxopen.SUCCESS
        store["seen"].add(message.dedup_key)
        nonce = request.args.get("nonce", "")
        check = hook.release_check(message, nonce=nonce)
        if check is not None:  # the full-network-release check's test accounts
            follow_up = check.follow_up
            if follow_up is not None and client is not None and component_token is not None:
                run_later(lambda: follow_up.run(client, component_token()))
            return check.body
        store["messages"].append(message)
        if isinstance(message, wxopen.WeappAuditFail):
            log.warning("%s: review failed: %s", appid, message.reason)
        if isinstance(message, wxopen.TextMessage):
            return hook.reply_text(message, f"received: {message.content}", nonce=nonce)
        return wxopen.SUCCESS

    return app
