"""Shared helpers of the API vector generators (credentials.py, register.py, link_admin.py).

Expected URLs and bodies are computed here independently of the Rust core (urllib.parse.quote
with safe='' matches the core's query encoding). Run from the repository root:
``python3 scripts/vectorgen/credentials.py`` (etc.).
"""
import os

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "vectors")
import json
from urllib.parse import quote

API = 'https://api.weixin.qq.com'
MP = 'https://mp.weixin.qq.com'
OPEN = 'https://open.weixin.qq.com'
HDR = [["content-type", "application/json; charset=utf-8"]]

COMPONENT_APPID = 'wxcomponent0000001'
NONE = {"kind": "none"}
CAT = {"kind": "component", "value": "CAT_0123456789"}
AAT_OA = {"kind": "authorizer", "appid": "wxofficial00000001", "value": "AAT_of_wxofficial00000001"}
AAT_MINI = {"kind": "authorizer", "appid": "wxminiprog00000001", "value": "AAT_of_wxminiprog00000001"}
AAT_BETA = {"kind": "authorizer", "appid": "wxbetaapp000000001", "value": "AAT_of_wxbetaapp000000001"}


def q(v):
    return quote(str(v), safe='')


def url(base, path, pairs=(), frag=''):
    s = base + path
    if pairs:
        s += '?' + '&'.join(f'{k}={q(v)}' for k, v in pairs)
    return s + frag


def body(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=False)


def post(u, obj):
    return {"method": "POST", "url": u, "headers": HDR, "body": body(obj)}


def get(u):
    return {"method": "GET", "url": u, "headers": [], "body": ""}


def ok(name, text, result, status=200):
    return {"name": name, "status": status, "body": text, "result": result}


def api_err(name, code, errmsg, **extra):
    e = {"code": "api_error", "errcode": code}
    e.update(extra)
    return {"name": name, "status": 200, "body": json.dumps({"errcode": code, "errmsg": errmsg}, ensure_ascii=False), "error": e}


def raw_err(name, status, text, error):
    return {"name": name, "status": status, "body": text, "error": error}


def case(op, name, token, inp, request=None, responses=None, error=None):
    c = {"operation": op, "name": name, "token": token, "input": inp}
    if error is not None:
        c["error"] = error
    else:
        c["request"] = request
        c["responses"] = responses or []
    return c


def refused(op, name, token, inp, field):
    return case(op, name, token, inp, error={"code": "invalid_argument", "field": field})


def wrong_token(op, name, token, expected, got):
    return case(op, name, token, {}, error={"code": "wrong_token", "expected": expected, "got": got})


DOC_COMMON = [
    "Each case: operation (registry name), name, token {kind: none|component|authorizer, appid?, value?}, input (wire field names; JS tests pass them camelCased).",
    "Then either request {method, url, headers, body (exact text)} + responses [{name, status, body (exact text), result (JSON) | error}] or, for input refused before sending, error.",
    "error: a subset of the core error's JSON form: code (stable snake_case) plus any of field, errcode, category, retryable, status, expected, got, meaning_zh.",
    "Page URLs (kind page in the registry): request {method: GET, url, headers: [], body: \"\"} and no responses; parsing a page is refused (invalid_argument on field operation).",
    "Expected URLs were computed with Python urllib.parse.quote(v, safe='') (RFC 3986 unreserved -._~ kept), bodies with json.dumps(separators=(',', ':'), ensure_ascii=False) in struct field order.",
    "Status values in results are the wire integers (a status compares equal to its number; its meaning is explain_status / describeStatus, core/src/status.rs).",
    "Results follow one rule: a field the response lacks is null (None/undefined), never an invented value; a field the spec makes the point of the call is required (decode_error naming it); fields the core does not model are kept beside the modelled ones; the envelope's errcode/errmsg are not part of a result.",
]


def write(path, doc, cases):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump({"_doc": doc + DOC_COMMON, "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write('\n')


def task_status(code):
    """A task status in results: the wire integer."""
    return code


def link_status(code):
    """A link status in results: the wire integer."""
    return code
