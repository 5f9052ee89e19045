"""The §1, §3, §4 and §5 methods beyond the vectors: typed results, token helpers, secrets in
reprs, deprecation warnings, page URLs on both clients."""

from __future__ import annotations

import asyncio
import json
import warnings

import pytest

import wxopen
from wxopen.results import (
    Authorization,
    FuncscopeCategory,
    LinkedMiniProgram,
    MiniProgramInfo,
    Network,
)

from conftest import FakeTransport

CAT = wxopen.ComponentToken("CAT_S3CR3T_do_not_print")
AAT = wxopen.AuthorizerToken("wxofficial00000001", "AAT_S3CR3T_do_not_print")


def client_answering(payload: dict) -> tuple[wxopen.Client, FakeTransport]:
    transport = FakeTransport(wxopen.Response(200, json.dumps(payload, ensure_ascii=False)))
    return wxopen.Client(transport), transport


def test_component_token_result_hides_the_token_and_converts() -> None:
    client, _ = client_answering({"component_access_token": "61_CAT_S3CR3T", "expires_in": "7200"})
    grant = client.component_token(
        component_appid="wxcomponent0000001",
        component_appsecret="appsecret",
        component_verify_ticket="ticket@@@x",
    )
    assert isinstance(grant, wxopen.ComponentTokenGrant)
    assert "61_CAT_S3CR3T" not in repr(grant)
    assert "component_access_token=***" in repr(grant)
    assert grant.expires_in == 7200
    token = grant.token()
    assert token == wxopen.ComponentToken("61_CAT_S3CR3T")
    assert "61_CAT_S3CR3T" not in repr(token)


def test_query_auth_result_is_typed_and_gives_the_authorizer_token() -> None:
    client, transport = client_answering(
        {
            "authorization_info": {
                "authorizer_appid": "wxminiprog00000001",
                "authorizer_access_token": "AAT_FRESH_S3CR3T",
                "expires_in": 7200,
                "authorizer_refresh_token": "refreshtoken@@@S3CR3T",
                "func_info": [{"funcscope_category": {"id": 17}}],
            }
        }
    )
    result = client.query_auth(
        CAT, component_appid="wxcomponent0000001", authorization_code="queryauthcode@@@x"
    )
    assert isinstance(result, wxopen.QueryAuthResult)
    info = result.authorization_info
    assert isinstance(info, Authorization)
    assert isinstance(info.func_info[0].funcscope_category, FuncscopeCategory)
    assert info.func_info[0].funcscope_category.id == 17
    assert "S3CR3T" not in repr(result)
    assert result.token() == wxopen.AuthorizerToken("wxminiprog00000001", "AAT_FRESH_S3CR3T")
    (sent,) = transport.sent
    assert "CAT_S3CR3T" not in repr(sent)


def test_authorizer_token_result_takes_the_appid() -> None:
    client, _ = client_answering(
        {
            "authorizer_access_token": "AAT_NEXT_S3CR3T",
            "expires_in": 7200,
            "authorizer_refresh_token": "refreshtoken@@@NEXT",
        }
    )
    grant = client.authorizer_token(
        CAT,
        component_appid="wxcomponent0000001",
        authorizer_appid="wxminiprog00000001",
        authorizer_refresh_token="refreshtoken@@@R1",
    )
    assert isinstance(grant, wxopen.AuthorizerTokenGrant)
    assert "S3CR3T" not in repr(grant) and "NEXT" not in repr(grant)
    assert grant.token("wxminiprog00000001") == wxopen.AuthorizerToken(
        "wxminiprog00000001", "AAT_NEXT_S3CR3T"
    )


def test_authorizer_info_nested_objects_are_typed() -> None:
    client, _ = client_answering(
        {
            "authorizer_info": {
                "nick_name": "示例小程序",
                "MiniProgramInfo": {
                    "network": {"RequestDomain": ["https://api.example.com"]},
                    "categories": [{"first": "工具", "second": "效率"}],
                },
            }
        }
    )
    result = client.get_authorizer_info(
        CAT, component_appid="wxcomponent0000001", authorizer_appid="wxminiprog00000001"
    )
    assert isinstance(result, wxopen.AuthorizerInfoResult)
    mini = result.authorizer_info.MiniProgramInfo
    assert isinstance(mini, MiniProgramInfo)
    assert isinstance(mini.network, Network)
    assert mini.network.RequestDomain == ["https://api.example.com"]
    assert mini.categories[0].second == "效率"
    assert result.authorization_info is None


def test_registration_status_is_a_status_with_its_meaning() -> None:
    client, transport = client_answering(
        {
            "errcode": 0,
            "errmsg": "ok",
            "taskid": "task_ent_0001",
            "authorize_url": "https://mp.weixin.qq.com/wxawap/fastregistertp?action=show",
            "status": 0,
        }
    )
    task = client.register_enterprise(
        CAT,
        name="深圳市示例科技有限公司",
        code="91440300MA5G8XXX1B",
        code_type=1,
        legal_persona_openid="oLegalPerson0000000000000001",
        legal_persona_name="张三",
    )
    assert isinstance(task, wxopen.RegistrationTask)
    assert isinstance(task.status, wxopen.Status)
    assert (task.status.code, task.status.name, task.status.known) == (0, "task_generated", True)
    assert task.status.meaning_zh == "任务已生成"
    (sent,) = transport.sent
    assert json.loads(sent.body)["new_version"] is True


def test_link_get_items_are_typed_and_unknown_status_is_kept() -> None:
    client, _ = client_answering(
        {
            "errcode": 0,
            "wxopens": {
                "items": [
                    {"status": 12, "appid": "wxminiprog00000001"},
                    {"status": "7", "appid": "wxminiprog00000002"},
                ]
            },
        }
    )
    linked = client.link_get(AAT)
    assert isinstance(linked, wxopen.LinkedMiniPrograms)
    assert linked.mini_programs is linked.wxopens["items"]
    first, second = linked.mini_programs
    assert isinstance(first, LinkedMiniProgram)
    assert first.status.name == "waiting_for_official_account_admin"
    assert (second.status.code, second.status.known) == (7, False)


@pytest.mark.parametrize(
    ("method", "args"),
    [
        (
            "register_enterprise_legacy",
            {
                "name": "深圳市示例科技有限公司",
                "code": "91440300MA5G8XXX1B",
                "code_type": 1,
                "legal_persona_wechat": "zhangsan_wx",
                "legal_persona_name": "张三",
            },
        ),
        (
            "search_enterprise_legacy",
            {
                "name": "深圳市示例科技有限公司",
                "legal_persona_wechat": "zhangsan_wx",
                "legal_persona_name": "张三",
            },
        ),
    ],
)
def test_legacy_enterprise_methods_warn_at_the_caller(method: str, args: dict) -> None:
    client, _ = client_answering({"errcode": 0, "errmsg": "ok"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert getattr(client, method)(CAT, **args) is None
    (warning,) = caught
    assert issubclass(warning.category, DeprecationWarning)
    assert "register_enterprise" in str(warning.message)
    assert warning.filename == __file__


def test_page_urls_are_strings_on_both_clients_and_nothing_is_sent() -> None:
    args = {
        "appid": "wxofficial00000001",
        "component_appid": "wxcomponent0000001",
        "copy_wx_verify": True,
        "redirect_uri": "https://platform.example.com/cb",
    }
    transport = FakeTransport()
    url = wxopen.Client(transport).fastregister_auth_url(**args)
    assert url == (
        "https://mp.weixin.qq.com/cgi-bin/fastregisterauth?appid=wxofficial00000001"
        "&component_appid=wxcomponent0000001&copy_wx_verify=1"
        "&redirect_uri=https%3A%2F%2Fplatform.example.com%2Fcb"
    )
    assert wxopen.AsyncClient(transport).fastregister_auth_url(**args) == url
    assert transport.sent == []
    login = wxopen.Client(transport, mp_base="http://127.0.0.1:9").component_login_url(
        component_appid="wxcomponent0000001",
        pre_auth_code="preauthcode@@@x",
        redirect_uri="https://platform.example.com/cb",
        auth_type=2,
        category_id_list=(17, 18),
    )
    assert login.startswith("http://127.0.0.1:9/cgi-bin/componentloginpage?")
    assert login.endswith("&auth_type=2&category_id_list=17%7C18")
    with pytest.raises(wxopen.InvalidArgument) as info:
        wxopen.Client(transport).rebind_admin_url(
            appid="wxminiprog00000001", component_appid="wxcomponent0000001"
        )
    assert info.value.details["field"] == "redirect_uri"


def test_async_client_runs_the_new_operations() -> None:
    class AsyncFake:
        def __init__(self) -> None:
            self.sent: list[wxopen.Request] = []

        async def send(self, request: wxopen.Request) -> wxopen.Response:
            self.sent.append(request)
            return wxopen.Response(200, '{"unique_id":"beta_1","authorize_url":"https://x"}')

    transport = AsyncFake()
    client = wxopen.AsyncClient(transport)
    result = asyncio.run(client.register_beta(CAT, name="示例体验小店", openid="oUser0001"))
    assert isinstance(result, wxopen.BetaRegistration)
    assert result.unique_id == "beta_1"
    (sent,) = transport.sent
    assert sent.url.endswith("/wxa/component/fastregisterbetaweapp?access_token=" + CAT.value)


def test_verify_beta_accepts_a_typed_dict() -> None:
    client, transport = client_answering({"errcode": 0, "errmsg": "ok"})
    info: wxopen.VerifyInfo = {
        "enterprise_name": "深圳市示例科技有限公司",
        "code": "91440300MA5G8XXX1B",
        "code_type": 1,
        "legal_persona_wechat": "zhangsan_wx",
        "legal_persona_name": "张三",
        "legal_persona_idcard": "440301199001011234",
        "component_phone": "13800000000",
    }
    beta = wxopen.AuthorizerToken("wxbeta0000000001", "AAT_beta")
    assert client.verify_beta(beta, verify_info=info) is None
    (sent,) = transport.sent
    assert json.loads(sent.body) == {"verify_info": info}
