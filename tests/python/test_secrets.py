"""No secret (token, appsecret) appears in any error message, repr or log-friendly form."""

from __future__ import annotations

import pytest

import wxopen

from conftest import FakeTransport

SECRET = "S3CR3T_TOKEN_VALUE_do_not_print"


def all_text(obj: object) -> str:
    return f"{obj!r} {obj!s}"


def test_token_reprs_hide_the_value() -> None:
    for token in (wxopen.ComponentToken(SECRET), wxopen.AuthorizerToken("wxa", SECRET)):
        assert SECRET not in all_text(token)
        assert token.value == SECRET


def test_request_repr_hides_token_and_body() -> None:
    transport = FakeTransport(wxopen.Response(200, '{"open_appid":"wxo"}'))
    wxopen.Client(transport).open_get(wxopen.AuthorizerToken("wxa", SECRET))
    (request,) = transport.sent
    assert SECRET in request.url  # the wire needs it ...
    assert SECRET not in all_text(request)  # ... the logs do not
    assert "access_token=***" in repr(request)


@pytest.mark.parametrize(
    "response",
    [
        wxopen.Response(200, '{"errcode":40001,"errmsg":"invalid credential"}'),
        wxopen.Response(500, "upstream failed"),
        wxopen.Response(200, "not json"),
    ],
)
def test_error_messages_hide_the_token(response: wxopen.Response) -> None:
    transport = FakeTransport(response)
    with pytest.raises(wxopen.WxOpenError) as info:
        wxopen.Client(transport).open_get(wxopen.AuthorizerToken("wxa", SECRET))
    err = info.value
    assert SECRET not in all_text(err)
    assert SECRET not in str(err.details)


def test_wrong_token_and_invalid_argument_hide_the_token() -> None:
    with pytest.raises(wxopen.WrongTokenError) as info:
        wxopen.Client(FakeTransport()).open_get(wxopen.ComponentToken(SECRET))
    assert SECRET not in all_text(info.value) + str(info.value.details)
    with pytest.raises(wxopen.InvalidArgument) as info2:
        wxopen.Client(FakeTransport()).open_bind(wxopen.AuthorizerToken("wxa", SECRET))
    assert SECRET not in all_text(info2.value) + str(info2.value.details)


def test_result_repr_hides_secret_fields() -> None:
    result = wxopen.Result({"authorizer_access_token": SECRET, "expires_in": 7200})
    assert SECRET not in repr(result)
    assert "authorizer_access_token=***" in repr(result)
    assert result.authorizer_access_token == SECRET
