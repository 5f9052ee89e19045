"""Every api_*.json vector through the Python client: exact request, parsed result, errors."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import wxopen

from conftest import FakeTransport, api_cases, make_token

OPS = {op["name"]: op for op in wxopen.operations()}
CASES = api_cases()


def call(client: wxopen.Client, case: dict[str, Any]) -> Any:
    op = OPS[case["operation"]]
    if op["deprecated"]:
        with pytest.warns(DeprecationWarning, match=op["python"]):
            return call_method(client, op, case)
    return call_method(client, op, case)


def call_method(client: wxopen.Client, op: dict[str, Any], case: dict[str, Any]) -> Any:
    method = getattr(client, op["python"])
    args = case["input"] or {}
    if op["token"] == "none":
        token = make_token(case["token"])
        if token is not None:
            # The method takes no token, so Python refuses one; the core refuses it too.
            with pytest.raises(TypeError):
                method(token, **args)
            return client._prepare(op["name"], token, args)
        return method(**args)
    return method(make_token(case["token"]), **args)


def check_error(err: wxopen.WxOpenError, expected: dict[str, Any]) -> None:
    assert err.code == expected["code"], err.details
    for key, value in expected.items():
        assert err.details.get(key) == value, (key, err.details)


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_vector(case: dict[str, Any]) -> None:
    responses = case.get("responses", [])
    if "error" in case:
        transport = FakeTransport()
        op = OPS[case["operation"]]
        params = inspect.signature(getattr(wxopen.Client, op["python"])).parameters
        if (
            case["error"].get("field") in (case["input"] or {})
            and case["error"]["field"] not in params
        ):
            # A field the operation does not have: Python itself refuses the keyword.
            with pytest.raises(TypeError, match=case["error"]["field"]):
                call(wxopen.Client(transport), case)
            assert transport.sent == []
            return
        with pytest.raises(wxopen.WxOpenError) as info:
            call(wxopen.Client(transport), case)
        check_error(info.value, case["error"])
        assert transport.sent == [], "refused input must not be sent"
        return
    if OPS[case["operation"]]["kind"] == "page":
        transport = FakeTransport()
        url = call(wxopen.Client(transport), case)
        assert case["request"]["method"] == "GET"
        assert url == case["request"]["url"]
        assert transport.sent == [], "a page URL is for the browser, not sent"
        return
    assert responses, "an API case needs responses"
    for response in responses:
        transport = FakeTransport(wxopen.Response(response["status"], response["body"]))
        client = wxopen.Client(transport)
        if "error" in response:
            with pytest.raises(wxopen.WxOpenError) as info:
                call(client, case)
            check_error(info.value, response["error"])
            if isinstance(info.value, wxopen.ApiError):
                assert info.value.raw == response["body"].encode()
        else:
            result = call(client, case)
            expected = response["result"]
            if expected is None:
                assert result is None
            else:
                assert result.to_dict() == expected
                assert result.raw == response["body"].encode()
        (sent,) = transport.sent
        want = case["request"]
        assert sent.method == want["method"]
        assert sent.url == want["url"]
        assert [list(h) for h in sent.headers] == want["headers"]
        assert sent.body == want["body"].encode()


def test_every_operation_has_a_python_method() -> None:
    for op in OPS.values():
        assert callable(getattr(wxopen.Client, op["python"], None)), op["name"]
        assert callable(getattr(wxopen.AsyncClient, op["python"], None)), op["name"]
