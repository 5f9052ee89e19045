import json
from common import *

cases = []
APPSECRET = 'platform_appsecret_0001'
TICKET = 'ticket@@@Xx-yZ_09+/='

# §1.2 start push ticket
op = 'component.start_push_ticket'
inp = {"component_appid": COMPONENT_APPID, "component_secret": APPSECRET}
cases.append(case(op, "start the ticket push", NONE, inp,
    post(url(API, '/cgi-bin/component/api_start_push_ticket'), inp), [
        ok("started", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("wrong appsecret", 40125, "invalid appsecret rid: 6390e1c4-1a2b3c4d-5e6f7a8b", category="credential", retryable=False),
        api_err("ip not whitelisted", 61004, "access clientip is not registered requestIP: 203.0.113.9 rid: 1", category="permission"),
    ]))
cases.append(refused(op, "missing component_secret", NONE, {"component_appid": COMPONENT_APPID}, "component_secret"))
cases.append(refused(op, "blank component_appid", NONE, {"component_appid": " ", "component_secret": APPSECRET}, "component_appid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "none", "component"))

# §1.3 component token
op = 'component.api_component_token'
inp = {"component_appid": COMPONENT_APPID, "component_appsecret": APPSECRET, "component_verify_ticket": TICKET}
cases.append(case(op, "get the component access token", NONE, inp,
    post(url(API, '/cgi-bin/component/api_component_token'), inp), [
        ok("token (no errcode on success)", '{"component_access_token":"61_CAT_abcdefghijklmnop","expires_in":7200}',
           {"component_access_token": "61_CAT_abcdefghijklmnop", "expires_in": 7200}),
        ok("expires_in as a string, unknown field kept", '{"component_access_token":"61_CAT_x","expires_in":"7200","extra":true}',
           {"component_access_token": "61_CAT_x", "expires_in": 7200, "extra": True}),
        ok("a leading UTF-8 byte-order mark is skipped", '\ufeff{"component_access_token":"61_CAT_bom","expires_in":7200}',
           {"component_access_token": "61_CAT_bom", "expires_in": 7200}),
        api_err("ticket expired", 61005, "component ticket is expired rid: 5ff2b9ea-1f3943cd-3bfc90b8", category="credential", retryable=False),
        api_err("ticket invalid", 61006, "component ticket is invalid", category="credential"),
        api_err("ip not whitelisted", 61004, "access clientip is not registered", category="permission"),
        api_err("system busy", -1, "system error", category="system", retryable=True),
        api_err("daily quota", 45009, "reach max api daily quota limit", category="quota"),
        raw_err("token missing from a success", 200, '{"expires_in":7200}', {"code": "decode_error", "field": "component_access_token"}),
        raw_err("expires_in not a number", 200, '{"component_access_token":"61_CAT_x","expires_in":"soon"}', {"code": "decode_error", "field": "expires_in"}),
        raw_err("gateway error", 503, "Service Unavailable", {"code": "http_status", "status": 503, "retryable": True}),
    ]))
cases.append(refused(op, "missing component_verify_ticket", NONE,
    {"component_appid": COMPONENT_APPID, "component_appsecret": APPSECRET}, "component_verify_ticket"))
cases.append(refused(op, "blank component_appsecret", NONE,
    {"component_appid": COMPONENT_APPID, "component_appsecret": "", "component_verify_ticket": TICKET}, "component_appsecret"))
cases.append(refused(op, "component_appid with a space", NONE,
    {"component_appid": "wx component", "component_appsecret": APPSECRET, "component_verify_ticket": TICKET}, "component_appid"))
cases.append(refused(op, "misspelt field", NONE,
    {"component_appid": COMPONENT_APPID, "component_secret": APPSECRET, "component_verify_ticket": TICKET}, "component_secret"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "none", "authorizer"))

# §1.4 pre-auth code
op = 'component.preauthcode'
inp = {"component_appid": COMPONENT_APPID}
cases.append(case(op, "create a pre-auth code", CAT, inp,
    post(url(API, '/cgi-bin/component/api_create_preauthcode', [("component_access_token", CAT["value"])]), inp), [
        ok("created", '{"pre_auth_code":"preauthcode@@@Cx_Dee-abc","expires_in":1800}',
           {"pre_auth_code": "preauthcode@@@Cx_Dee-abc", "expires_in": 1800}),
        api_err("invalid component", 61011, "invalid component", category="credential"),
        api_err("token expired", 42001, "access_token expired rid: 1", category="credential"),
    ]))
odd = {"kind": "component", "value": "61_CAT+a/b=c&d"}
cases.append(case(op, "token value is percent-encoded", odd, inp,
    post(url(API, '/cgi-bin/component/api_create_preauthcode', [("component_access_token", odd["value"])]), inp), [
        ok("created (600 s, old docs)", '{"pre_auth_code":"preauthcode@@@x","expires_in":600}',
           {"pre_auth_code": "preauthcode@@@x", "expires_in": 600}),
    ]))
cases.append(refused(op, "missing component_appid", CAT, {}, "component_appid"))
cases.append(wrong_token(op, "no token is the wrong kind", NONE, "component", "none"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "component", "authorizer"))

# §1.5 pages
REDIRECT = 'https://platform.example.com/wx/auth/callback?from=pc&uid=42'
PAC = 'preauthcode@@@Cx_Dee-abc'
op = 'page.component_login'
inp = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": REDIRECT, "auth_type": 2}
cases.append(case(op, "PC page for mini programs only", NONE, inp,
    get(url(MP, '/cgi-bin/componentloginpage', [("component_appid", COMPONENT_APPID), ("pre_auth_code", PAC),
        ("redirect_uri", REDIRECT), ("auth_type", 2)]))))
inp = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": REDIRECT,
       "biz_appid": "wxminiprog00000001", "category_id_list": [17, "18"]}
cases.append(case(op, "PC page for one account with chosen permission sets", NONE, inp,
    get(url(MP, '/cgi-bin/componentloginpage', [("component_appid", COMPONENT_APPID), ("pre_auth_code", PAC),
        ("redirect_uri", REDIRECT), ("biz_appid", "wxminiprog00000001"), ("category_id_list", "17|18")]))))
inp = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": "http://127.0.0.1:8080/cb",
       "auth_type": "3", "biz_appid": "wxminiprog00000001"}
cases.append(case(op, "auth_type 3 (as a string) with biz_appid", NONE, inp,
    get(url(MP, '/cgi-bin/componentloginpage', [("component_appid", COMPONENT_APPID), ("pre_auth_code", PAC),
        ("redirect_uri", "http://127.0.0.1:8080/cb"), ("auth_type", 3), ("biz_appid", "wxminiprog00000001")]))))
base = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": REDIRECT}
cases.append(case(op, "auth_type 6 (undocumented, sent by integrators) passes through", NONE, dict(base, auth_type=6),
    get(url(MP, '/cgi-bin/componentloginpage', [("component_appid", COMPONENT_APPID), ("pre_auth_code", PAC),
        ("redirect_uri", REDIRECT), ("auth_type", 6)]))))
cases.append(refused(op, "auth_type 0", NONE, dict(base, auth_type="0"), "auth_type"))
cases.append(refused(op, "auth_type -1", NONE, dict(base, auth_type=-1), "auth_type"))
cases.append(case(op, "auth_type 1 with biz_appid (biz_appid wins at WeChat, spec 1.5)", NONE,
    dict(base, auth_type=1, biz_appid="wxminiprog00000001"),
    get(url(MP, '/cgi-bin/componentloginpage', [("component_appid", COMPONENT_APPID), ("pre_auth_code", PAC),
        ("redirect_uri", REDIRECT), ("auth_type", 1), ("biz_appid", "wxminiprog00000001")]))))
cases.append(refused(op, "blank biz_appid", NONE, dict(base, biz_appid=""), "biz_appid"))
cases.append(refused(op, "relative redirect_uri", NONE, dict(base, redirect_uri="/wx/auth/callback"), "redirect_uri"))
cases.append(refused(op, "redirect_uri without scheme", NONE, dict(base, redirect_uri="platform.example.com/cb"), "redirect_uri"))
cases.append(refused(op, "ftp redirect_uri", NONE, dict(base, redirect_uri="ftp://platform.example.com/cb"), "redirect_uri"))
cases.append(refused(op, "missing pre_auth_code", NONE, {"component_appid": COMPONENT_APPID, "redirect_uri": REDIRECT}, "pre_auth_code"))
cases.append(refused(op, "empty category_id_list", NONE, dict(base, category_id_list=[]), "category_id_list"))
cases.append(refused(op, "category id 0", NONE, dict(base, category_id_list=[17, 0]), "category_id_list[1]"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "none", "component"))

op = 'page.bind_component'
inp = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": REDIRECT, "auth_type": 3}
cases.append(case(op, "mobile page for both kinds", NONE, inp,
    get(url(OPEN, '/wxaopen/safe/bindcomponent', [("action", "bindcomponent"), ("no_scan", 1), ("component_appid", COMPONENT_APPID),
        ("pre_auth_code", PAC), ("redirect_uri", REDIRECT), ("auth_type", 3)], '#wechat_redirect'))))
inp = {"component_appid": COMPONENT_APPID, "pre_auth_code": PAC, "redirect_uri": REDIRECT,
       "biz_appid": "wxofficial00000001", "category_id_list": ["1", 15, 24]}
cases.append(case(op, "mobile page for one account with chosen permission sets", NONE, inp,
    get(url(OPEN, '/wxaopen/safe/bindcomponent', [("action", "bindcomponent"), ("no_scan", 1), ("component_appid", COMPONENT_APPID),
        ("pre_auth_code", PAC), ("redirect_uri", REDIRECT), ("biz_appid", "wxofficial00000001"), ("category_id_list", "1|15|24")],
        '#wechat_redirect'))))
cases.append(refused(op, "redirect_uri with a fragment", NONE, dict(base, redirect_uri="https://platform.example.com/#/cb"), "redirect_uri"))
cases.append(case(op, "auth_type 2 with biz_appid (biz_appid wins at WeChat, spec 1.5)", NONE,
    dict(base, auth_type=2, biz_appid="wxofficial00000001"),
    get(url(OPEN, '/wxaopen/safe/bindcomponent', [("action", "bindcomponent"), ("no_scan", 1), ("component_appid", COMPONENT_APPID),
        ("pre_auth_code", PAC), ("redirect_uri", REDIRECT), ("auth_type", 2), ("biz_appid", "wxofficial00000001")],
        '#wechat_redirect'))))
cases.append(refused(op, "unknown field", NONE, dict(base, no_scan=1), "no_scan"))

# §1.6 query auth
op = 'component.query_auth'
inp = {"component_appid": COMPONENT_APPID, "authorization_code": "queryauthcode@@@AbC-123"}
success = {
    "authorization_info": {
        "authorizer_appid": "wxminiprog00000001",
        "authorizer_access_token": "AAT_fresh_0001",
        "expires_in": 7200,
        "authorizer_refresh_token": "refreshtoken@@@R1",
        "func_info": [
            {"funcscope_category": {"id": 17}},
            {"funcscope_category": {"id": "18", "type": 1, "name": "小程序开发与数据分析", "desc": "..."}, "confirm_info": {"need_confirm": 0}},
        ],
    }
}
cases.append(case(op, "exchange an authorization code", CAT, inp,
    post(url(API, '/cgi-bin/component/api_query_auth', [("component_access_token", CAT["value"])]), inp), [
        ok("authorized", json.dumps(success, ensure_ascii=False), {
            "authorization_info": {
                "authorizer_appid": "wxminiprog00000001",
                "authorizer_access_token": "AAT_fresh_0001",
                "expires_in": 7200,
                "authorizer_refresh_token": "refreshtoken@@@R1",
                "func_info": [
                    {"funcscope_category": {"id": 17, "type": None, "name": None, "desc": None}},
                    {"funcscope_category": {"id": 18, "type": 1, "name": "小程序开发与数据分析", "desc": "..."}, "confirm_info": {"need_confirm": 0}},
                ],
            }
        }),
        ok("without func_info", json.dumps({"authorization_info": {k: v for k, v in success["authorization_info"].items() if k != "func_info"}}), {
            "authorization_info": {
                "authorizer_appid": "wxminiprog00000001",
                "authorizer_access_token": "AAT_fresh_0001",
                "expires_in": 7200,
                "authorizer_refresh_token": "refreshtoken@@@R1",
                "func_info": None,
            }
        }),
        raw_err("authorizer_appid missing", 200,
            json.dumps({"authorization_info": {k: v for k, v in success["authorization_info"].items() if k != "authorizer_appid"}}),
            {"code": "decode_error", "field": "authorization_info.authorizer_appid"}),
        api_err("code invalid or reused", 61009, "code is invalid rid: 5ff2b9ea-1f3943cd-3bfc90b8", category="credential"),
        api_err("code expired", 61010, "code is expired", category="credential"),
    ]))
cases.append(refused(op, "missing authorization_code", CAT, {"component_appid": COMPONENT_APPID}, "authorization_code"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_MINI, "component", "authorizer"))

# §1.7 authorizer token
op = 'component.authorizer_token'
inp = {"component_appid": COMPONENT_APPID, "authorizer_appid": "wxminiprog00000001", "authorizer_refresh_token": "refreshtoken@@@R1"}
cases.append(case(op, "refresh an authorizer token", CAT, inp,
    post(url(API, '/cgi-bin/component/api_authorizer_token', [("component_access_token", CAT["value"])]), inp), [
        ok("refreshed", '{"authorizer_access_token":"AAT_fresh_0002","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@R2"}',
           {"authorizer_access_token": "AAT_fresh_0002", "expires_in": 7200, "authorizer_refresh_token": "refreshtoken@@@R2"}),
        api_err("refresh token invalid", 61023, "refresh_token is invalid rid: 1", category="credential"),
        api_err("authorization cancelled", 61003, "component is not authorized by this account", category="permission"),
        api_err("quota", 45009, "reach max api daily quota limit", category="quota", retryable=False),
    ]))
cases.append(refused(op, "missing authorizer_appid", CAT,
    {"component_appid": COMPONENT_APPID, "authorizer_refresh_token": "refreshtoken@@@R1"}, "authorizer_appid"))
cases.append(refused(op, "blank refresh token", CAT,
    {"component_appid": COMPONENT_APPID, "authorizer_appid": "wxminiprog00000001", "authorizer_refresh_token": "  "}, "authorizer_refresh_token"))

# §1.8 authorizer info
op = 'component.authorizer_info'
inp = {"component_appid": COMPONENT_APPID, "authorizer_appid": "wxminiprog00000001"}
mini = {
    "authorizer_info": {
        "nick_name": "示例小程序", "head_img": "http://wx.qlogo.cn/mmopen/x/0",
        "service_type_info": {"id": 0}, "verify_type_info": {"id": "0"},
        "user_name": "gh_eb5e3a772040", "principal_name": "示例科技有限公司", "alias": "",
        "qrcode_url": "http://mmbiz.qpic.cn/mmbiz/x/0", "signature": "一个示例",
        "business_info": {"open_pay": 1, "open_shake": 0, "open_scan": 0, "open_card": 0, "open_store": "0"},
        "account_status": "1", "register_type": 6,
        "basic_config": {"is_phone_configured": True, "is_email_configured": "false"},
        "MiniProgramInfo": {
            "network": {"RequestDomain": ["https://api.example.com"], "WsRequestDomain": [], "UploadDomain": [],
                        "DownloadDomain": [], "BizDomain": [], "UDPDomain": [], "TCPDomain": []},
            "categories": [{"first": "工具", "second": "效率"}],
            "visit_status": 0,
        },
        "idc": 1,
    },
    "authorization_info": {
        "authorizer_appid": "wxminiprog00000001",
        "authorizer_refresh_token": "refreshtoken@@@R2",
        "func_info": [{"funcscope_category": {"id": 17}}],
    },
}
mini_result = {
    "authorizer_info": {
        "nick_name": "示例小程序", "head_img": "http://wx.qlogo.cn/mmopen/x/0",
        "service_type_info": {"id": 0}, "verify_type_info": {"id": 0},
        "user_name": "gh_eb5e3a772040", "principal_name": "示例科技有限公司", "alias": "",
        "qrcode_url": "http://mmbiz.qpic.cn/mmbiz/x/0", "signature": "一个示例",
        "business_info": {"open_store": 0, "open_scan": 0, "open_pay": 1, "open_card": 0, "open_shake": 0},
        "account_status": 1, "register_type": 6,
        "basic_config": {"is_phone_configured": True, "is_email_configured": False},
        "MiniProgramInfo": {
            "network": {"RequestDomain": ["https://api.example.com"], "WsRequestDomain": [], "UploadDomain": [],
                        "DownloadDomain": [], "BizDomain": [], "UDPDomain": [], "TCPDomain": []},
            "categories": [{"first": "工具", "second": "效率"}],
            "visit_status": 0,
        },
        "idc": 1,
    },
    "authorization_info": {
        "authorizer_appid": "wxminiprog00000001",
        "authorizer_refresh_token": "refreshtoken@@@R2",
        "func_info": [{"funcscope_category": {"id": 17, "type": None, "name": None, "desc": None}}],
    },
}
oa = {"authorizer_info": {"nick_name": "示例公众号", "service_type_info": {"id": 2}, "verify_type_info": {"id": 0},
                          "user_name": "gh_0000000000aa", "account_status": 1}}
oa_result = {
    "authorizer_info": {
        "nick_name": "示例公众号", "head_img": None, "service_type_info": {"id": 2}, "verify_type_info": {"id": 0},
        "user_name": "gh_0000000000aa", "principal_name": None, "alias": None, "qrcode_url": None, "signature": None,
        "business_info": None, "account_status": 1, "register_type": None, "basic_config": None, "MiniProgramInfo": None,
    },
    "authorization_info": None,
}
# An old-style response (wechatpy's fixture): `appid` instead of `authorizer_appid`, no refresh token.
old = {"authorizer_info": {"nick_name": "旧", "user_name": "gh_old"},
       "authorization_info": {"appid": "wxf8b4f85f3a794e77", "func_info": [{"funcscope_category": {"id": 1}}]}}
old_result = {
    "authorizer_info": {
        "nick_name": "旧", "head_img": None, "service_type_info": None, "verify_type_info": None,
        "user_name": "gh_old", "principal_name": None, "alias": None, "qrcode_url": None, "signature": None,
        "business_info": None, "account_status": None, "register_type": None, "basic_config": None, "MiniProgramInfo": None,
    },
    "authorization_info": {
        "authorizer_appid": None, "authorizer_refresh_token": None,
        "func_info": [{"funcscope_category": {"id": 1, "type": None, "name": None, "desc": None}}],
        "appid": "wxf8b4f85f3a794e77",
    },
}
cases.append(case(op, "read a mini program's profile", CAT, inp,
    post(url(API, '/cgi-bin/component/api_get_authorizer_info', [("component_access_token", CAT["value"])]), inp), [
        ok("mini program (stringly numbers and bools tolerated)", json.dumps(mini, ensure_ascii=False), mini_result),
        ok("official account, sparse: absent fields are null", json.dumps(oa, ensure_ascii=False), oa_result),
        ok("old response shape: authorizer_appid absent, appid kept", json.dumps(old, ensure_ascii=False), old_result),
        raw_err("authorizer_info missing", 200, '{"authorization_info":{"authorizer_appid":"wx1"}}',
            {"code": "decode_error", "field": "authorizer_info"}),
        api_err("not authorized", 61003, "component is not authorized by this account", category="permission"),
    ]))
cases.append(refused(op, "blank authorizer_appid", CAT, {"component_appid": COMPONENT_APPID, "authorizer_appid": ""}, "authorizer_appid"))
cases.append(wrong_token(op, "no token is the wrong kind", NONE, "component", "none"))

write(VECTORS + '/api_credentials.json', [
    "Request/response vectors for spec §1 (credentials, authorization, authorization page URLs). One source of truth for cargo test (core/tests/api_vectors.rs), pytest and node --test.",
], cases)
print(len(cases), "credential cases")
