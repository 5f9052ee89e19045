"""examples/python/platform_flask.py served on loopback (werkzeug) against the sandbox: the
sandbox pushes to its push endpoint, a person confirms the authorization page its /authorize
route redirects to, the browser follows the redirect to its /authorized route, and its
operation route creates the merchant's open-platform account."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from platform_sandbox import SandboxClock
from test_webhook_examples import load
from werkzeug.serving import make_server

import wxopen

MERCHANT = "wxa11ce0000000000a"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(url, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_flask_platform_example_against_the_sandbox(
    wxopen_sandbox_factory, tmp_path: Path
) -> None:
    sb = wxopen_sandbox_factory(start_time=1_790_035_200, seed=9)
    events: list[dict] = []
    platform = wxopen.Platform(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=wxopen.SqliteStore(tmp_path / "wxopen.sqlite3"),
        api_base=sb.base_url,
        mp_base=sb.base_url,
        open_base=sb.base_url,
        clock=SandboxClock(sb),
        on_event=events.append,
    )
    app = load("platform_flask").create_app(platform)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        sb.set_urls(base + "/wechat/component", None)
        sb.control("POST", f"/sandbox/platforms/{sb.appid}/ticket")  # the 10-minute push
        sb.wait_pushes()
        assert sb.pushes(kind="component_verify_ticket")[-1]["state"] == "delivered"

        status, headers, _ = get(base + "/wechat/authorize")
        assert status == 302
        page = headers["Location"]
        assert page.startswith(sb.base_url + "/cgi-bin/componentloginpage?")
        redirect = sb.confirm_page(page, appid=MERCHANT)  # the admin scans and confirms
        assert redirect.startswith(base + "/wechat/authorized?auth_code=")
        status, _, body = get(redirect)  # the browser follows; the push races it
        assert status == 200, body
        assert json.loads(body)["authorizer_appid"] == MERCHANT
        sb.wait_pushes()
        assert [p["state"] for p in sb.pushes(kind="authorized")] == ["delivered"]
        assert [e["kind"] for e in events].count("authorizer_authorized") == 1

        status, _, body = get(f"{base}/merchants/{MERCHANT}/open-account")
        assert status == 200, body
        open_appid = json.loads(body)["open_appid"]
        status, _, body = get(f"{base}/merchants/{MERCHANT}/open-account")
        assert json.loads(body)["open_appid"] == open_appid, "the second time it is read"

        status, _, body = get(base + "/wechat/authorized?auth_code=queryauthcode@@@bogus")
        assert status == 400 and json.loads(body)["errcode"] == 61009
        status, _, body = get(f"{base}/merchants/wxnobody0000000001/open-account")
        assert (status, json.loads(body)["error"]) == (409, "unknown_authorizer")
    finally:
        server.shutdown()
