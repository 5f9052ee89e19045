import json
from common import *

cases = []
# The full-network-release check's test account (spec §13.5, group 1) and its user.
AAT_TEST = {"kind": "authorizer", "appid": "wx570bc396a51b8ff8", "value": "AAT_of_wx570bc396a51b8ff8"}
USER = "ozy4qt1eDxSxzCr0aNT0mXCWfrDE"
op = 'message.custom_send'
PATH = '/cgi-bin/message/custom/send'
u = url(API, PATH, [("access_token", AAT_TEST["value"])])

inp = {"touser": USER, "msgtype": "text", "text": {"content": "queryauthcode@@@release-test-0001_from_api"}}
cases.append(case(op, "the release check's text (spec §13.5)", AAT_TEST, inp, post(u, inp), [
    ok("sent", '{"errcode":0,"errmsg":"ok"}', None),
    api_err("reply window closed", 45015, "response out of time limit or subscription is canceled", category="state"),
    api_err("too many messages for the user's action", 45047, "out of response count limit", category="quota"),
    api_err("invalid openid", 40003, "invalid openid", category="invalid_input"),
    api_err("permission set not granted", 61007, "api is unauthorized to component", category="permission"),
]))
inp = {"touser": USER, "msgtype": "image", "image": {"media_id": "MEDIA_ID"}, "customservice": {"kf_account": "test1@kftest"}}
cases.append(case(op, "an image as a given agent (customservice last)", AAT_TEST, inp,
    post(u, {"touser": USER, "msgtype": "image", "image": {"media_id": "MEDIA_ID"}, "customservice": {"kf_account": "test1@kftest"}}), [
        ok("sent", '{"errcode":0}', None),
    ]))
cases.append(refused(op, "missing touser", AAT_TEST, {"msgtype": "text", "text": {"content": "x"}}, "touser"))
cases.append(refused(op, "missing msgtype", AAT_TEST, {"touser": USER, "text": {"content": "x"}}, "msgtype"))
cases.append(refused(op, "no object for the msgtype", AAT_TEST, {"touser": USER, "msgtype": "text"}, "text"))
cases.append(refused(op, "blank text content", AAT_TEST, {"touser": USER, "msgtype": "text", "text": {"content": "  "}}, "text.content"))
cases.append(refused(op, "another type's object beside it", AAT_TEST,
                     {"touser": USER, "msgtype": "text", "text": {"content": "x"}, "image": {"media_id": "M"}}, "image"))
cases.append(refused(op, "the message is not an object", AAT_TEST, {"touser": USER, "msgtype": "text", "text": "x"}, "text"))
cases.append(refused(op, "a msgtype the API does not have", AAT_TEST, {"touser": USER, "msgtype": "file", "text": {"content": "x"}}, "msgtype"))
cases.append(refused(op, "an unknown field", AAT_TEST, {"touser": USER, "msgtype": "text", "text": {"content": "x"}, "file": {}}, "file"))
cases.append(wrong_token(op, "a component token is the wrong kind", CAT, "authorizer", "component"))

write(VECTORS + '/api_message.json', [
    "Request/response vectors for spec §13.5 (message.custom_send, the customer-service message API the full-network-release check uses; authorizer token of the account). One source of truth for cargo test, pytest and node --test.",
], cases)
print(len(cases), "message cases")
