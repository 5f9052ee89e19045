import json
from common import *

cases = []
ENT = "深圳市示例科技有限公司"
USCC = "91440300MA5G8XXX1B"
ORG = "12345678-9"
LIC = "440301000123456"
OPENID = "oLegalPerson0000000000000001"
PHONE = "13800000000"
AUTH_URL = "https://mp.weixin.qq.com/wxawap/fastregistertp?action=show&token=abc"

# §3.0 enterprise (new version)
op = 'register.enterprise'
inp = {"name": ENT, "code": USCC, "code_type": "1", "legal_persona_openid": OPENID, "legal_persona_name": "张三", "component_phone": PHONE}
req_body = {"name": ENT, "code": USCC, "code_type": 1, "legal_persona_openid": OPENID, "legal_persona_name": "张三",
            "component_phone": PHONE, "new_version": True}
cases.append(case(op, "enterprise registration, new flow (code_type as a string)", CAT, inp,
    post(url(API, '/wxa/component/fastregisterenterpriseweapp', [("access_token", CAT["value"])]), req_body), [
        ok("task created", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_ent_0001", "authorize_url": AUTH_URL, "status": 0}),
           {"taskid": "task_ent_0001", "authorize_url": AUTH_URL, "status": task_status(0)}),
        ok("numeric taskid, no status", json.dumps({"taskid": 98765, "authorize_url": AUTH_URL}),
           {"taskid": "98765", "authorize_url": AUTH_URL, "status": None}),
        api_err("task running", 89249, "task running", category="state", retryable=False),
        api_err("code inconsistent with code_type", 89255, "invalid code", category="invalid_input"),
        api_err("platform lacks permission sets", 89254, "lack of some component rights", category="permission"),
        api_err("name mismatch", 61070, "name, wechat name not in accordance", category="invalid_input"),
    ]))
inp = {"name": "个体户张三", "code": ORG, "code_type": 2, "legal_persona_openid": OPENID, "legal_persona_name": "张三"}
cases.append(case(op, "organization code, no phone", CAT, inp,
    post(url(API, '/wxa/component/fastregisterenterpriseweapp', [("access_token", CAT["value"])]),
         {"name": "个体户张三", "code": ORG, "code_type": 2, "legal_persona_openid": OPENID, "legal_persona_name": "张三", "new_version": True}), [
        ok("task created", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_ent_0002", "authorize_url": AUTH_URL, "status": "3"}),
           {"taskid": "task_ent_0002", "authorize_url": AUTH_URL, "status": task_status(3)}),
    ]))
inp = {"name": ENT, "code": LIC, "code_type": 3, "legal_persona_openid": OPENID, "legal_persona_name": "张三"}
cases.append(case(op, "business licence number", CAT, inp,
    post(url(API, '/wxa/component/fastregisterenterpriseweapp', [("access_token", CAT["value"])]),
         {"name": ENT, "code": LIC, "code_type": 3, "legal_persona_openid": OPENID, "legal_persona_name": "张三", "new_version": True}), [
        api_err("system busy", -1, "system error", category="system", retryable=True),
    ]))
good = {"name": ENT, "code": USCC, "code_type": 1, "legal_persona_openid": OPENID, "legal_persona_name": "张三"}
cases.append(refused(op, "17-character code for code_type 1", CAT, dict(good, code=USCC[:-1]), "code"))
org_plain = dict(good, code="123456789", code_type=2)
cases.append(case(op, "organization code without the hyphen (both forms are written)", CAT, org_plain,
    post(url(API, '/wxa/component/fastregisterenterpriseweapp', [("access_token", CAT["value"])]),
         {"name": ENT, "code": "123456789", "code_type": 2, "legal_persona_openid": OPENID, "legal_persona_name": "张三", "new_version": True}), [
        ok("task created, extra fields kept", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_ent_0003", "status": 0, "new_field": {"x": 1}}),
           {"taskid": "task_ent_0003", "authorize_url": None, "status": 0, "new_field": {"x": 1}}),
        raw_err("taskid missing", 200, '{"errcode":0,"authorize_url":"https://x"}', {"code": "decode_error", "field": "taskid"}),
    ]))
cases.append(refused(op, "8-character organization code", CAT, dict(good, code="12345678", code_type=2), "code"))
cases.append(refused(op, "18-character code for code_type 2", CAT, dict(good, code_type=2), "code"))
cases.append(refused(op, "14-digit code for code_type 3", CAT, dict(good, code=LIC[:-1], code_type=3), "code"))
cases.append(refused(op, "code_type 4", CAT, dict(good, code_type=4), "code_type"))
cases.append(refused(op, "missing code_type", CAT, {k: v for k, v in good.items() if k != "code_type"}, "code_type"))
cases.append(refused(op, "missing legal_persona_openid", CAT, {k: v for k, v in good.items() if k != "legal_persona_openid"}, "legal_persona_openid"))
cases.append(refused(op, "legacy field legal_persona_wechat is not part of the new flow", CAT, dict(good, legal_persona_wechat="zhangsan_wx"), "legal_persona_wechat"))
cases.append(refused(op, "blank component_phone", CAT, dict(good, component_phone=""), "component_phone"))
cases.append(refused(op, "blank name", CAT, dict(good, name="  "), "name"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "component", "authorizer"))

# §3.1 legacy
op = 'register.enterprise_legacy'
inp = {"name": ENT, "code": USCC, "code_type": 1, "legal_persona_wechat": "zhangsan_wx", "legal_persona_name": "张三", "component_phone": PHONE}
cases.append(case(op, "legacy enterprise registration", CAT, inp,
    post(url(API, '/cgi-bin/component/fastregisterweapp', [("action", "create"), ("component_access_token", CAT["value"])]), inp), [
        ok("accepted", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("task running", 89249, "task running", category="state"),
        api_err("invalid wechat", 86004, "invalid wechat", category="invalid_input"),
        api_err("name mismatch", 61070, "name, wechat name not in accordance", category="invalid_input"),
        api_err("invalid code type", 89248, "invalid code type", category="invalid_input"),
        api_err("lacking permission sets", 89254, "lack of some component rights", category="permission"),
        api_err("inner error", 89247, "inner error", category="system", retryable=True),
    ]))
legacy = {"name": ENT, "code": ORG, "code_type": "2", "legal_persona_wechat": "zhangsan_wx", "legal_persona_name": "张三"}
cases.append(case(op, "legacy registration with an organization code", CAT, legacy,
    post(url(API, '/cgi-bin/component/fastregisterweapp', [("action", "create"), ("component_access_token", CAT["value"])]),
         dict(legacy, code_type=2)), [
        api_err("invalid code", 89255, "", category="invalid_input"),
    ]))
cases.append(refused(op, "organization code of the wrong shape", CAT, dict(legacy, code="1234567-89"), "code"))
cases.append(refused(op, "WeChat ID with a space", CAT, dict(legacy, legal_persona_wechat="zhang san"), "legal_persona_wechat"))
cases.append(refused(op, "missing legal_persona_name", CAT, {k: v for k, v in legacy.items() if k != "legal_persona_name"}, "legal_persona_name"))

op = 'register.enterprise_legacy_search'
inp = {"name": ENT, "legal_persona_wechat": "zhangsan_wx", "legal_persona_name": "张三"}
cases.append(case(op, "legacy task state", CAT, inp,
    post(url(API, '/cgi-bin/component/fastregisterweapp', [("action", "search"), ("component_access_token", CAT["value"])]), inp), [
        ok("ok", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("waiting for face check (a state, not a failure)", 89251, "legal person checking", category="state", retryable=False),
        api_err("consistency check running (a state)", 89252, "front checking", category="state"),
        api_err("no such task", 89250, "task not found", category="state"),
        api_err("missing params", 89253, "lack of some params", category="invalid_input"),
    ]))
cases.append(refused(op, "missing legal_persona_name", CAT, {"name": ENT, "legal_persona_wechat": "zhangsan_wx"}, "legal_persona_name"))
cases.append(wrong_token(op, "no token is the wrong kind", NONE, "component", "none"))

# §3.2 reuse OA: page + API
REDIRECT = "https://platform.example.com/wx/fastregister/callback?from=mp"
op = 'page.fastregister_auth'
inp = {"appid": "wxofficial00000001", "component_appid": COMPONENT_APPID, "copy_wx_verify": True, "redirect_uri": REDIRECT}
cases.append(case(op, "reuse the OA's verification", NONE, inp,
    get(url(MP, '/cgi-bin/fastregisterauth', [("appid", "wxofficial00000001"), ("component_appid", COMPONENT_APPID),
        ("copy_wx_verify", 1), ("redirect_uri", REDIRECT)]))))
inp = {"appid": "wxofficial00000001", "component_appid": COMPONENT_APPID, "copy_wx_verify": "0", "redirect_uri": "https://platform.example.com/cb"}
cases.append(case(op, "without the OA's verification (0 as a string)", NONE, inp,
    get(url(MP, '/cgi-bin/fastregisterauth', [("appid", "wxofficial00000001"), ("component_appid", COMPONENT_APPID),
        ("copy_wx_verify", 0), ("redirect_uri", "https://platform.example.com/cb")]))))
base = {"appid": "wxofficial00000001", "component_appid": COMPONENT_APPID, "copy_wx_verify": 1, "redirect_uri": REDIRECT}
cases.append(refused(op, "copy_wx_verify 2", NONE, dict(base, copy_wx_verify=2), "copy_wx_verify"))
cases.append(refused(op, "missing copy_wx_verify", NONE, {k: v for k, v in base.items() if k != "copy_wx_verify"}, "copy_wx_verify"))
cases.append(refused(op, "relative redirect_uri", NONE, dict(base, redirect_uri="callback"), "redirect_uri"))
cases.append(refused(op, "missing appid", NONE, {k: v for k, v in base.items() if k != "appid"}, "appid"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "none", "authorizer"))

op = 'register.reuse_oa'
inp = {"ticket": "b25519093b1e97239eff9d2bfc07e08e"}
succ = {"errcode": 0, "errmsg": "", "appid": "wxnewminiprog00001", "authorization_code": "queryauthcode@@@Q1",
        "is_wx_verify_succ": "true", "is_link_succ": True}
cases.append(case(op, "register by reusing the OA", AAT_OA, inp,
    post(url(API, '/cgi-bin/account/fastregister', [("access_token", AAT_OA["value"])]), inp), [
        ok("created (\"true\" as a string)", json.dumps(succ),
           {"appid": "wxnewminiprog00001", "authorization_code": "queryauthcode@@@Q1", "is_wx_verify_succ": True, "is_link_succ": True}),
        api_err("ticket invalid or retried too early", 61058, "invalid ticket", category="credential",
                meaning_zh="扫码 ticket 无效（或首次调用仍在处理中时的重试）"),
        api_err("monthly quota", 61055, "exceed quota per month", category="quota"),
        api_err("must copy verification", 61056, "copy_wx_verify is required option", category="invalid_input"),
        api_err("not verified", 61052, "need to be certified", category="state"),
    ]))
cases.append(refused(op, "missing ticket", AAT_OA, {}, "ticket"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

# §3.3 personal
op = 'register.personal'
P_URL = "https://mp.weixin.qq.com/wxawap/fastregisterpersonal?action=show&token=xyz"
inp = {"idname": "李四", "wxuser": "lisi_wx", "component_phone": "13900000000"}
cases.append(case(op, "personal registration (new flow by default)", CAT, inp,
    post(url(API, '/wxa/component/fastregisterpersonalweapp', [("action", "create"), ("component_access_token", CAT["value"])]),
         dict(inp, new_version=True)), [
        ok("task created", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_p_0001", "authorize_url": P_URL, "status": 0}),
           {"taskid": "task_p_0001", "authorize_url": P_URL, "status": task_status(0)}),
        api_err("user has a task running", 89249, "task running", category="state",
                meaning_zh="该用户已有注册任务执行中"),
        api_err("invalid wechat", 86004, "invalid wechat", category="invalid_input"),
        api_err("name mismatch", 61070, "name, wechat name not in accordance"),
    ]))
inp = {"idname": "李四", "wxuser": "lisi_wx", "new_version": False}
cases.append(case(op, "personal registration, legacy flow (new_version false omits the field)", CAT, inp,
    post(url(API, '/wxa/component/fastregisterpersonalweapp', [("action", "create"), ("component_access_token", CAT["value"])]),
         {"idname": "李四", "wxuser": "lisi_wx"}), [
        ok("task created", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_p_0002", "authorize_url": P_URL, "status": 0}),
           {"taskid": "task_p_0002", "authorize_url": P_URL, "status": task_status(0)}),
    ]))
cases.append(refused(op, "blank wxuser", CAT, {"idname": "李四", "wxuser": ""}, "wxuser"))
cases.append(refused(op, "missing idname", CAT, {"wxuser": "lisi_wx"}, "idname"))
cases.append(refused(op, "new_version not a boolean", CAT, {"idname": "李四", "wxuser": "lisi_wx", "new_version": "maybe"}, "new_version"))

op = 'register.personal_query'
inp = {"taskid": "task_p_0001"}
cases.append(case(op, "personal task state", CAT, inp,
    post(url(API, '/wxa/component/fastregisterpersonalweapp', [("action", "query"), ("component_access_token", CAT["value"])]), inp), [
        ok("created (status as a string)", json.dumps({"errcode": 0, "errmsg": "ok", "taskid": "task_p_0001", "authorize_url": P_URL, "status": "12"}),
           {"taskid": "task_p_0001", "authorize_url": P_URL, "status": task_status(12)}),
        ok("unknown status kept", json.dumps({"errcode": 0, "taskid": "task_p_0001", "status": 99}),
           {"taskid": "task_p_0001", "authorize_url": None, "status": task_status(99)}),
        api_err("task not found", 89250, "task not found", category="state", meaning_zh="未找到该任务"),
    ]))
cases.append(refused(op, "missing taskid", CAT, {}, "taskid"))

# §3.4 beta
op = 'register.beta'
B_URL = "https://mp.weixin.qq.com/wxawap/fastregistertpbeta?action=show&create_token=abc"
inp = {"name": "示例体验小店", "openid": "oUser00000000000000000000001"}
cases.append(case(op, "create a trial mini program", CAT, inp,
    post(url(API, '/wxa/component/fastregisterbetaweapp', [("access_token", CAT["value"])]), inp), [
        ok("created", json.dumps({"errcode": 0, "errmsg": "ok", "unique_id": "beta_unique_0001", "authorize_url": B_URL}),
           {"unique_id": "beta_unique_0001", "authorize_url": B_URL}),
        api_err("protected keyword", 86011, "hit protected keyword", category="invalid_input"),
        api_err("daily quota", 45009, "reach max api daily quota limit", category="quota"),
    ]))
thirty = "体验" * 13 + "abcd"  # 26 + 4 = 30 characters
assert len(thirty) == 30
inp = {"name": thirty, "openid": "oUser00000000000000000000001"}
cases.append(case(op, "30-character name (characters, not bytes)", CAT, inp,
    post(url(API, '/wxa/component/fastregisterbetaweapp', [("access_token", CAT["value"])]), inp), [
        ok("created", '{"unique_id":"beta_unique_0002","authorize_url":"https://mp.weixin.qq.com/x"}',
           {"unique_id": "beta_unique_0002", "authorize_url": "https://mp.weixin.qq.com/x"}),
    ]))
inp = {"name": "abcd", "openid": "oUser00000000000000000000001"}
cases.append(case(op, "4-character name", CAT, inp,
    post(url(API, '/wxa/component/fastregisterbetaweapp', [("access_token", CAT["value"])]), inp), [
        api_err("platform unpublished", 61028, "component is unpublished", category="permission"),
    ]))
cases.append(refused(op, "3-character name", CAT, {"name": "体验店", "openid": "oUser00000000000000000000001"}, "name"))
cases.append(refused(op, "31-character name", CAT, {"name": thirty + "x", "openid": "oUser00000000000000000000001"}, "name"))
cases.append(refused(op, "missing openid", CAT, {"name": "示例体验小店"}, "openid"))
cases.append(wrong_token(op, "an authorizer token is the wrong kind", AAT_OA, "component", "authorizer"))

# §3.5 beta verify
op = 'register.beta_verify'
vi = {"enterprise_name": ENT, "code": USCC, "code_type": 1, "legal_persona_wechat": "zhangsan_wx", "legal_persona_name": "张三",
      "legal_persona_idcard": "440301199001011234", "component_phone": PHONE}
inp = {"verify_info": vi}
cases.append(case(op, "turn a trial mini program formal", AAT_BETA, inp,
    post(url(API, '/wxa/verifybetaweapp', [("access_token", AAT_BETA["value"])]), inp), [
        ok("accepted", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("verification already running", 89249, "task running", category="state", meaning_zh="该 appid 已有转正任务执行中"),
        api_err("legal person's message outstanding", 89251, "legal person checking", category="state"),
        api_err("already formal", 91021, "not a beta mini program", category="state"),
        api_err("rate limit", 45011, "api minute-quota reach limit", category="quota", retryable=True),
    ]))
inp = {"verify_info": dict(vi, code_type="3", code=LIC), "new_version": True}
cases.append(case(op, "with the new-version flag", AAT_BETA, inp,
    post(url(API, '/wxa/verifybetaweapp', [("access_token", AAT_BETA["value"])]),
         {"verify_info": dict(vi, code_type=3, code=LIC), "new_version": True}), [
        ok("accepted", '{"errcode":"0","errmsg":"ok"}', None),
    ]))
cases.append(refused(op, "name instead of enterprise_name", AAT_BETA,
    {"verify_info": dict({k: v for k, v in vi.items() if k != "enterprise_name"}, name=ENT)}, "verify_info.name"))
cases.append(refused(op, "missing component_phone (required here)", AAT_BETA,
    {"verify_info": {k: v for k, v in vi.items() if k != "component_phone"}}, "verify_info.component_phone"))
cases.append(refused(op, "code too short for code_type 1", AAT_BETA, {"verify_info": dict(vi, code=USCC[:10])}, "verify_info.code"))
cases.append(refused(op, "code_type not a number", AAT_BETA, {"verify_info": dict(vi, code_type="x")}, "verify_info.code_type"))
cases.append(refused(op, "missing verify_info", AAT_BETA, {}, "verify_info.enterprise_name"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

# §3.6 beta rename
op = 'register.beta_rename'
inp = {"name": "新的体验小程序名"}
cases.append(case(op, "rename a trial mini program", AAT_BETA, inp,
    post(url(API, '/wxa/setbetaweappnickname', [("access_token", AAT_BETA["value"])]), inp), [
        ok("renamed", '{"errcode":0,"errmsg":"ok"}', None),
        api_err("protected keyword", 86011, "hit protected keyword", category="invalid_input"),
        api_err("not a trial mini program", 91020, "register type error", category="state"),
        api_err("component token used", 40014, "invalid access_token", category="credential"),
    ]))
cases.append(refused(op, "2-character name", AAT_BETA, {"name": "体验"}, "name"))
cases.append(refused(op, "31-character name", AAT_BETA, {"name": "名" * 31}, "name"))
cases.append(refused(op, "missing name", AAT_BETA, {}, "name"))
cases.append(wrong_token(op, "a component token is the wrong kind (WeChat would answer 40014)", CAT, "authorizer", "component"))

write(VECTORS + '/api_register.json', [
    "Request/response vectors for spec §3 (fast registration: 2026 enterprise flow, legacy enterprise create/search (deprecated), reuse-OA page and API, personal, beta create/verify/rename). One source of truth for cargo test, pytest and node --test.",
], cases)
print(len(cases), "register cases")
