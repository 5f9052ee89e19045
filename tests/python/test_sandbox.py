"""The sandbox (wxopen-sandbox, installed from its wheel) driven by wxopen.Client over real
HTTP, with pushes received by wxopen.testing.PushReceiver on loopback; and wechatpy, unchanged,
against it."""

from __future__ import annotations

import urllib.parse

import pytest

import wxopen
from wxopen.testing import Sandbox, SandboxError, find_binary


def component_token(sb: Sandbox, client: wxopen.Client, hook) -> wxopen.ComponentToken:
    client.start_push_ticket(component_appid=sb.appid, component_secret=sb.secret)
    ticket = hook.wait_for("component_verify_ticket").ticket
    grant = client.component_token(
        component_appid=sb.appid, component_appsecret=sb.secret, component_verify_ticket=ticket
    )
    assert grant.expires_in == 7200
    return wxopen.ComponentToken(grant.component_access_token)


def test_component_token_from_a_pushed_ticket(wxopen_sandbox: Sandbox) -> None:
    sb = wxopen_sandbox
    client, hook = sb.client(), sb.receiver()
    cat = component_token(sb, client, hook)
    assert client.create_preauthcode(cat, component_appid=sb.appid).expires_in == 1800
    with pytest.raises(wxopen.ApiError) as e:
        client.component_token(
            component_appid=sb.appid, component_appsecret="wrong", component_verify_ticket="x"
        )
    assert e.value.errcode == 40125
    assert " rid: " in e.value.errmsg


def test_authorization_flow(wxopen_sandbox: Sandbox) -> None:
    sb = wxopen_sandbox
    client, hook = sb.client(), sb.receiver()
    cat = component_token(sb, client, hook)
    pre = client.create_preauthcode(cat, component_appid=sb.appid)
    url = client.component_login_url(
        component_appid=sb.appid,
        pre_auth_code=pre.pre_auth_code,
        redirect_uri="http://127.0.0.1/authorized",
    )
    assert url.startswith(sb.base_url + "/cgi-bin/componentloginpage?")
    redirect = sb.confirm_page(url, appid="wxa11ce0000000000a")
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(redirect).query)["auth_code"][0]
    pushed = hook.wait_for("authorized")
    assert isinstance(pushed, wxopen.Authorized)
    assert (pushed.authorizer_appid, pushed.authorization_code) == ("wxa11ce0000000000a", code)

    info = client.query_auth(cat, component_appid=sb.appid, authorization_code=code)
    auth = info.authorization_info
    token = wxopen.AuthorizerToken(auth.authorizer_appid, auth.authorizer_access_token)
    assert client.open_have(token).have_open is False
    with pytest.raises(wxopen.ApiError) as e:
        client.query_auth(cat, component_appid=sb.appid, authorization_code=code)
    assert e.value.errcode == 61009

    sb.revoke("wxa11ce0000000000a")
    assert hook.wait_for("unauthorized").authorizer_appid == "wxa11ce0000000000a"
    with pytest.raises(wxopen.ApiError) as e:
        client.open_have(token)
    assert e.value.errcode == 61003
    with pytest.raises(wxopen.ApiError) as e:
        client.authorizer_token(
            cat,
            component_appid=sb.appid,
            authorizer_appid="wxa11ce0000000000a",
            authorizer_refresh_token=auth.authorizer_refresh_token,
        )
    assert e.value.errcode == 61023


def test_trial_registration_with_its_push(wxopen_sandbox: Sandbox) -> None:
    sb = wxopen_sandbox
    client, hook = sb.client(), sb.receiver()
    cat = component_token(sb, client, hook)
    reg = client.register_beta(cat, name="咖啡体验店", openid="oTrialUser0000000000000000001")
    assert reg.authorize_url.startswith(sb.base_url)
    sb.act(reg.unique_id)  # the user confirms on the page
    result = hook.wait_for("fast_register_beta")
    assert isinstance(result, wxopen.FastRegisterBeta)
    assert result.status == 0
    assert result.info["unique_id"] == reg.unique_id
    auth = hook.wait_for("authorized")
    assert auth.authorizer_appid == result.appid
    grant = client.query_auth(
        cat, component_appid=sb.appid, authorization_code=auth.authorization_code
    ).authorization_info
    trial = wxopen.AuthorizerToken(grant.authorizer_appid, grant.authorizer_access_token)
    client.rename_beta(trial, name="新咖啡体验店")
    with pytest.raises(wxopen.ApiError) as e:
        client.rename_beta(trial, name="微信咖啡店")
    assert e.value.errcode == 86011


def test_the_manual_clock_expires_tokens(wxopen_sandbox_factory) -> None:
    sb = wxopen_sandbox_factory(start_time=1_790_000_000, seed=3)
    assert sb.now() == 1_790_000_000
    client, hook = sb.client(), sb.receiver()
    cat = component_token(sb, client, hook)
    sb.advance(7200)
    with pytest.raises(wxopen.ApiError) as e:
        client.create_preauthcode(cat, component_appid=sb.appid)
    assert e.value.errcode == 42001
    # The advance crossed ten-minute marks: the newest ticket was pushed, at sandbox time.
    assert hook.wait_for("component_verify_ticket", 2).create_time == 1_790_007_200


def test_control_errors_and_the_binary() -> None:
    assert find_binary().endswith("wxopen-sandbox")
    with Sandbox(mode="auto", auto_delay_ms=50) as sb:
        assert sb.control("GET", "/sandbox/clock")["mode"] == "auto"
        with pytest.raises(SandboxError) as e:
            sb.act("no-such-task")
        assert e.value.status == 404
    with pytest.raises(SandboxError):
        Sandbox(args=["--bogus"]).start()


def test_wechatpy_component_against_the_sandbox(wxopen_sandbox: Sandbox) -> None:
    """wechatpy's WeChatComponent, unchanged but for its API base, parses a sandbox push and
    gets a component token."""
    from wechatpy.component import WeChatComponent

    sb = wxopen_sandbox
    client, hook = sb.client(), sb.receiver()
    client.start_push_ticket(component_appid=sb.appid, component_secret=sb.secret)
    hook.wait_for("component_verify_ticket")
    push = sb.pushes(kind="component_verify_ticket")[-1]
    q = dict(urllib.parse.parse_qsl(push["query"]))

    component = WeChatComponent(sb.appid, sb.secret, sb.token, sb.encoding_aes_key)
    component.API_BASE_URL = sb.base_url + "/cgi-bin"
    message = component.parse_message(push["body"], q["msg_signature"], q["timestamp"], q["nonce"])
    assert message.type == "component_verify_ticket"
    assert message.verify_ticket == sb.control("GET", f"/sandbox/platforms/{sb.appid}")["ticket"]
    assert component.component_verify_ticket == message.verify_ticket
    token = component.fetch_access_token()
    assert token["expires_in"] == 7200
    assert len(component.access_token) > 64
    # The token wechatpy got works for wxopen too.
    cat = wxopen.ComponentToken(component.access_token)
    assert client.create_preauthcode(cat, component_appid=sb.appid).pre_auth_code
