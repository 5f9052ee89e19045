"""A third-party platform's back end in Flask, with the tokens handled by wxopen.Platform.

Four routes:

* ``POST /wechat/component`` — the 授权事件接收URL: every push goes to ``platform.handle``,
  which verifies it, stores the ``component_verify_ticket``, exchanges the code of an
  ``authorized`` push (once) and marks revoked authorizers.
* ``GET /wechat/authorize`` — sends the merchant's admin to WeChat's authorization page.
* ``GET /wechat/authorized?auth_code=…`` — the page's redirect: ``platform.authorize`` stores
  the merchant's tokens (exchanging the code once, even if the push carrying it came first).
* ``GET /merchants/<appid>/open-account`` — an operation on the merchant's behalf: create (or
  read) its open-platform account; the authorizer token is fetched, cached and refreshed by the
  platform.

Run it (``pip install flask wxopen``)::

    WX_COMPONENT_APPID=... WX_COMPONENT_APPSECRET=... WX_TOKEN=... WX_AES_KEY=... \\
        flask --app examples/python/platform_flask.py run

The tokens live in ``wxopen.sqlite3`` (``WX_STORE``): durable, shared by every worker process
of this server. Point ``WX_REDIS_URL`` at a Redis to share them between machines instead.
"""

from __future__ import annotations

import logging
import os
from typing import Optional

from flask import Flask, jsonify, redirect, request, url_for

import wxopen

log = logging.getLogger("platform_flask")


def platform_from_env() -> wxopen.Platform:
    """The platform, configured from the environment."""
    if os.environ.get("WX_REDIS_URL"):
        import redis

        store = wxopen.RedisStore(redis.Redis.from_url(os.environ["WX_REDIS_URL"]))
    else:
        store = wxopen.SqliteStore(os.environ.get("WX_STORE", "wxopen.sqlite3"))
    return wxopen.Platform(
        component_appid=os.environ["WX_COMPONENT_APPID"],
        component_appsecret=os.environ["WX_COMPONENT_APPSECRET"],
        token=os.environ["WX_TOKEN"],
        encoding_aes_key=os.environ["WX_AES_KEY"],
        store=store,
    )


def create_app(platform: Optional[wxopen.Platform] = None) -> Flask:
    """The app; ``platform`` defaults to :func:`platform_from_env`."""
    platform = platform or platform_from_env()
    app = Flask(__name__)

    @app.post("/wechat/component")
    def component_push():
        try:
            event = platform.handle(request.query_string, request.get_data())
        except (wxopen.WebhookError, wxopen.CryptoError) as e:
            log.warning("push refused: %s", e.code)  # forged, replayed or malformed
            return "refused", 400
        except wxopen.WxOpenError as e:
            # Storing or exchanging failed: answer an error, WeChat redelivers (safely).
            log.error("push not applied: %s (%s)", e.code, e)
            return "error", 500
        log.info("push %s handled", event.type)
        return "success"

    @app.get("/wechat/authorize")
    def start_authorization():
        pre = platform.create_preauthcode()  # the component token is handled
        page = platform.component_login_url(
            pre_auth_code=pre.pre_auth_code,
            redirect_uri=url_for("authorized", _external=True),
        )
        return redirect(page)

    @app.get("/wechat/authorized")
    def authorized():
        code = request.args.get("auth_code")
        if not code:
            return jsonify(error="auth_code missing"), 400
        try:
            merchant = platform.authorize(code)
        except wxopen.ApiError as e:  # 61009 / 61010: an invalid or expired code
            return jsonify(error=e.code, errcode=e.errcode, meaning=e.meaning), 400
        return jsonify(
            authorizer_appid=merchant.authorizer_appid,
            permission_sets=merchant.func_info,
        )

    @app.get("/merchants/<appid>/open-account")
    def open_account(appid: str):
        merchant = platform.authorizer(appid)
        try:
            if merchant.open_have().have_open:
                account = merchant.open_get()
            else:
                account = merchant.open_create()
        except wxopen.AuthorizerError as e:  # unknown, revoked or needs re-authorization
            return jsonify(error=e.code), 409
        except wxopen.ApiError as e:
            return jsonify(error=e.code, errcode=e.errcode, meaning=e.meaning), 502
        return jsonify(open_appid=account.open_appid)

    return app
