import json
from common import *

cases = []
APPSECRET = 'platform_appsecret_0001'
PATH = '/cgi-bin/component/api_component_token'

# §15.2 getApiQuota (component token)
op = 'quota.get'
inp = {"cgi_path": PATH}
quota = {"quota": {"daily_limit": 10000, "used": 12, "remain": 9988}}
cases.append(case(op, "read the quota of api_component_token", CAT, inp,
    post(url(API, '/cgi-bin/openapi/quota/get', [("access_token", CAT["value"])]), inp), [
        ok("quota only", json.dumps({"errcode": 0, "errmsg": "ok", **quota}),
           {**quota, "rate_limit": None, "component_rate_limit": None}),
        ok("with window limits, numbers as strings", json.dumps({
            "errcode": 0, "errmsg": "ok", "quota": {"daily_limit": "10000", "used": "1", "remain": "9999"},
            "rate_limit": {"call_count": 100, "refresh_second": 60},
            "component_rate_limit": {"call_count": "50", "refresh_second": "60"}, "extra": 1}),
           {"quota": {"daily_limit": 10000, "used": 1, "remain": 9999},
            "rate_limit": {"call_count": 100, "refresh_second": 60},
            "component_rate_limit": {"call_count": 50, "refresh_second": 60}}),
        api_err("unknown path", 76021, "cgi_path not found, please check", category="invalid_input"),
        api_err("token of the wrong account", 76022, "could not use this cgi_path, no permission", category="permission"),
        api_err("token expired", 42001, "access_token expired rid: 1", category="credential"),
    ]))
cases.append(refused(op, "missing cgi_path", CAT, {}, "cgi_path"))
cases.append(refused(op, "a full URL is not a path", CAT, {"cgi_path": "https://api.weixin.qq.com" + PATH}, "cgi_path"))
cases.append(refused(op, "a query is not part of the path", CAT, {"cgi_path": PATH + "?x=1"}, "cgi_path"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "component", "authorizer"))

# §15.2 getApiQuota (authorizer token)
op = 'quota.get_authorizer'
inp = {"cgi_path": "/cgi-bin/open/get"}
cases.append(case(op, "read an authorizer's quota", AAT_OA, inp,
    post(url(API, '/cgi-bin/openapi/quota/get', [("access_token", AAT_OA["value"])]), inp), [
        ok("quota", json.dumps({"errcode": 0, "errmsg": "ok", **quota}),
           {**quota, "rate_limit": None, "component_rate_limit": None}),
        api_err("path of another token kind", 76022, "could not use this cgi_path, no permission", category="permission"),
    ]))
cases.append(refused(op, "path without leading slash", AAT_OA, {"cgi_path": "cgi-bin/open/get"}, "cgi_path"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

# §15.3 clear_quota v1 (component token: the platform's own quota)
op = 'quota.clear'
inp = {"appid": COMPONENT_APPID}
cases.append(case(op, "reset the platform's quota", CAT, inp,
    post(url(API, '/cgi-bin/clear_quota', [("access_token", CAT["value"])]), inp), [
        ok("reset", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("10 resets used this month", 48006, "forbid to clear quota because of reaching the limit", category="quota", retryable=False),
        api_err("appid is not the token's", 40013, "invalid appid", category="invalid_input"),
    ]))
cases.append(refused(op, "missing appid", CAT, {}, "appid"))
cases.append(wrong_token(op, "no token is the wrong kind", NONE, "component", "none"))

# §15.3 clear_quota v1 (authorizer token: that authorizer's quota)
op = 'quota.clear_authorizer'
cases.append(case(op, "reset the authorizer's quota (appid defaults to the token's)", AAT_OA, {},
    post(url(API, '/cgi-bin/clear_quota', [("access_token", AAT_OA["value"])]), {"appid": AAT_OA["appid"]}), [
        ok("reset", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("limit reached", 48006, "forbid to clear quota because of reaching the limit", category="quota"),
    ]))
cases.append(refused(op, "appid of another account", AAT_OA, {"appid": "wxsomeoneelse00001"}, "appid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

# §15.4 clear_quota v2 (AppSecret, no token)
op = 'quota.clear_v2'
inp = {"component_appid": COMPONENT_APPID, "appsecret": APPSECRET}
cases.append(case(op, "reset the platform's own quota with the AppSecret", NONE, inp,
    post(url(API, '/cgi-bin/component/clear_quota/v2'), inp), [
        ok("reset", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("limit reached", 48006, "forbid to clear quota because of reaching the limit", category="quota"),
        api_err("system busy", -1, "system error", category="system", retryable=True),
    ]))
inp = {"component_appid": COMPONENT_APPID, "appsecret": APPSECRET, "appid": "wxminiprog00000001"}
cases.append(case(op, "reset an authorizer's quota with the AppSecret", NONE, inp,
    post(url(API, '/cgi-bin/component/clear_quota/v2'), inp), [
        ok("reset", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("not an authorizer", 40013, "invalid appid", category="invalid_input"),
    ]))
cases.append(refused(op, "missing appsecret", NONE, {"component_appid": COMPONENT_APPID}, "appsecret"))
cases.append(refused(op, "blank appid", NONE, {"component_appid": COMPONENT_APPID, "appsecret": APPSECRET, "appid": " "}, "appid"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "none", "component"))

write(VECTORS + '/api_quota.json', [
    "Request/response vectors for spec §15.2-§15.4 (getApiQuota, clear_quota v1 and v2). One source of truth for cargo test (core/tests/api_vectors.rs), pytest and node --test.",
], cases)
print(len(cases), "quota cases")
