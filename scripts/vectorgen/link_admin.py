import json
from common import *

cases = []
MINI = "wxminiprog00000001"
op = 'link.get'
items = {"errcode": 0, "errmsg": "ok", "wxopens": {"items": [
    {"status": 1, "username": "gh_d43f693ca31f", "appid": MINI, "source": "SOURCE_NORMAL", "nickname": "示例小程序",
     "selected": 1, "nearby_display_status": 0, "released": 1, "headimg_url": "http://wx.qlogo.cn/x/0",
     "func_infos": [{"status": 0, "id": 2, "name": "微信支付"}, {"status": 1, "id": 1, "name": "微信认证"}]},
    {"status": "12", "username": "gh_000000000002", "appid": "wxminiprog00000002", "source": "SOURCE_NORMAL", "nickname": "待确认",
     "selected": "0", "nearby_display_status": "0", "released": "0", "headimg_url": "", "func_infos": []},
    {"status": 7, "appid": "wxminiprog00000003", "copy_verify_status": 1, "email": "admin@example.com"},
]}}
def item(status, appid, username=None, nickname=None, headimg_url=None, source=None, selected=None, nearby=None, released=None, func_infos=None, cvs=None, email=None):
    return {"status": status, "appid": appid, "username": username, "nickname": nickname, "headimg_url": headimg_url, "source": source,
            "selected": selected, "nearby_display_status": nearby, "released": released,
            "func_infos": None if func_infos is None else list(func_infos),
            "copy_verify_status": cvs, "email": email}
result = {"wxopens": {"items": [
    item(link_status(1), MINI, "gh_d43f693ca31f", "示例小程序", "http://wx.qlogo.cn/x/0", "SOURCE_NORMAL", 1, 0, 1,
         [{"id": 2, "status": 0, "name": "微信支付"}, {"id": 1, "status": 1, "name": "微信认证"}]),
    item(link_status(12), "wxminiprog00000002", "gh_000000000002", "待确认", "", "SOURCE_NORMAL", 0, 0, 0, []),
    item(link_status(7), "wxminiprog00000003", cvs=1, email="admin@example.com"),
]}}
cases.append(case(op, "list linked mini programs", AAT_OA, {},
    post(url(API, '/cgi-bin/wxopen/wxamplinkget', [("access_token", AAT_OA["value"])]), {}), [
        ok("three items: linked, waiting for the OA admin, unknown status kept", json.dumps(items, ensure_ascii=False), result),
        ok("nothing linked: no wxopens", '{"errcode":0,"errmsg":"ok"}', {"wxopens": None}),
        ok("an item without appid or flags: null, not '' or 0", json.dumps({"wxopens": {"items": [{"status": 3, "username": "gh_x", "func_infos": [{"id": 1, "confirm": 1}]}]}}),
           {"wxopens": {"items": [item(3, None, "gh_x", func_infos=[{"id": 1, "status": None, "name": None, "confirm": 1}])]}}),
        api_err("permission set not granted", 61007, "api is unauthorized to component", category="permission"),
        api_err("empty post data", 44002, "empty post data", category="invalid_input"),
    ]))
cases.append(case(op, "null input is no fields", AAT_OA, None,
    post(url(API, '/cgi-bin/wxopen/wxamplinkget', [("access_token", AAT_OA["value"])]), {}), [
        ok("one waiting for the mini-program admin", json.dumps({"wxopens": {"items": [{"status": 2, "appid": MINI}]}}),
           {"wxopens": {"items": [item(link_status(2), MINI)]}}),
    ]))
cases.append(refused(op, "unknown field", AAT_OA, {"appid": MINI}, "appid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

op = 'link.link'
inp = {"appid": MINI, "notify_users": True, "show_profile": 0}
cases.append(case(op, "invite a mini program (bool and number input, numbers sent)", AAT_OA, inp,
    post(url(API, '/cgi-bin/wxopen/wxamplink', [("access_token", AAT_OA["value"])]), {"appid": MINI, "notify_users": 1, "show_profile": 0}), [
        ok("invited", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("invitation already sent", 89010, "link message has sent", category="state"),
        api_err("already linked", 89015, "has linked wxa", category="state"),
        api_err("monthly quota of the mini program", 89007, "wxa quota limit", category="quota"),
        api_err("different-subject monthly limit", 89017, "", category="quota"),
        api_err("different realname limit (undocumented)", 89407, "reach different realname limit", category="quota"),
        api_err("admin bound-account limit (link page)", 1003, "", category="quota", meaning_zh="管理员绑定账号数量达到上限"),
        api_err("initiated on mp.weixin.qq.com", 89035, "", category="state"),
    ]))
inp = {"appid": MINI, "notify_users": "1", "show_profile": "1"}
cases.append(case(op, "invite with string flags", AAT_OA, inp,
    post(url(API, '/cgi-bin/wxopen/wxamplink', [("access_token", AAT_OA["value"])]), {"appid": MINI, "notify_users": 1, "show_profile": 1}), [
        api_err("banned", 89013, "wxa banned", category="state"),
    ]))
inp = {"appid": MINI, "notify_users": False, "show_profile": "true"}
cases.append(case(op, "invite with false and \"true\"", AAT_OA, inp,
    post(url(API, '/cgi-bin/wxopen/wxamplink', [("access_token", AAT_OA["value"])]), {"appid": MINI, "notify_users": 0, "show_profile": 1}), [
        ok("invited", '{"errcode":0}', None),
    ]))
cases.append(refused(op, "missing notify_users", AAT_OA, {"appid": MINI, "show_profile": 1}, "notify_users"))
cases.append(refused(op, "show_profile 2", AAT_OA, {"appid": MINI, "notify_users": 1, "show_profile": 2}, "show_profile"))
cases.append(refused(op, "blank appid", AAT_OA, {"appid": "", "notify_users": 1, "show_profile": 1}, "appid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

op = 'link.unlink'
inp = {"appid": MINI}
cases.append(case(op, "unlink a mini program", AAT_OA, inp,
    post(url(API, '/cgi-bin/wxopen/wxampunlink', [("access_token", AAT_OA["value"])]), inp), [
        ok("unlinked", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("shown in nearby", 89011, "", category="state"),
        api_err("store mini program", 89012, "", category="state"),
        api_err("unlink message already sent", 89018, "", category="state"),
    ]))
cases.append(refused(op, "missing appid", AAT_OA, {}, "appid"))
cases.append(wrong_token(op, "no token is the wrong kind", NONE, "authorizer", "none"))

write(VECTORS + '/api_link.json', [
    "Request/response vectors for spec §4 (official account <-> mini program links; authorizer token of the official account). One source of truth for cargo test, pytest and node --test.",
], cases)
print(len(cases), "link cases")

cases = []
REDIRECT = "https://platform.example.com/wx/rebind?merchant=42&from=mp"
op = 'page.rebind_admin'
inp = {"appid": MINI, "component_appid": COMPONENT_APPID, "redirect_uri": REDIRECT}
cases.append(case(op, "admin rebind page", NONE, inp,
    get(url(MP, '/wxopen/componentrebindadmin', [("appid", MINI), ("component_appid", COMPONENT_APPID), ("redirect_uri", REDIRECT)]))))
inp = {"appid": MINI, "component_appid": COMPONENT_APPID, "redirect_uri": "https://platform.example.com/回调?名=值"}
cases.append(case(op, "non-ASCII redirect_uri is UTF-8 percent-encoded", NONE, inp,
    get(url(MP, '/wxopen/componentrebindadmin', [("appid", MINI), ("component_appid", COMPONENT_APPID),
        ("redirect_uri", "https://platform.example.com/回调?名=值")]))))
base = {"appid": MINI, "component_appid": COMPONENT_APPID, "redirect_uri": REDIRECT}
cases.append(refused(op, "redirect_uri without scheme", NONE, dict(base, redirect_uri="platform.example.com/cb"), "redirect_uri"))
cases.append(refused(op, "redirect_uri with a space", NONE, dict(base, redirect_uri="https://platform.example.com/a b"), "redirect_uri"))
cases.append(refused(op, "missing appid", NONE, {k: v for k, v in base.items() if k != "appid"}, "appid"))
cases.append(refused(op, "missing component_appid", NONE, {k: v for k, v in base.items() if k != "component_appid"}, "component_appid"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_MINI, "none", "authorizer"))

op = 'admin.rebind'
inp = {"taskid": "rebind_task_0001"}
cases.append(case(op, "complete an admin rebind", AAT_MINI, inp,
    post(url(API, '/cgi-bin/account/componentrebindadmin', [("access_token", AAT_MINI["value"])]), inp), [
        ok("rebound", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("invalid taskid", 85060, "invalid taskid", category="invalid_input"),
        api_err("WeChat ID admin limit", 85026, "", category="quota"),
        api_err("phone admin limit", 85061, "", category="quota"),
        api_err("ID card blacklisted", 85063, "", category="permission"),
    ]))
cases.append(refused(op, "missing taskid", AAT_MINI, {}, "taskid"))
cases.append(refused(op, "taskid with a space", AAT_MINI, {"taskid": "rebind task"}, "taskid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

write(VECTORS + '/api_admin.json', [
    "Request/response vectors for spec §5 (mini-program admin rebind: page URL and API with the mini program's authorizer token). One source of truth for cargo test, pytest and node --test.",
], cases)
print(len(cases), "admin cases")
