#!/usr/bin/env python3
"""Independent generator of tests/vectors/webhook.json.

A from-scratch Python implementation of WXBizMsgCrypt (spec §6) on top of `cryptography`'s
AES-256-CBC (no padding; PKCS#7 to 32 bytes done here). It first re-checks the official vectors
of spec §12 (V1, V2, V3, V5), then writes every case with the expected results spelled out by
hand (events in their serde form), so the Rust side is checked against this code, not itself.
"""
import base64, hashlib, json, re, struct, sys, urllib.parse
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def aes_key(encoding_aes_key):
    assert len(encoding_aes_key) == 43
    key = base64.b64decode(encoding_aes_key + "=")  # lenient about the spare bits
    assert len(key) == 32
    return key


def sign(*parts):
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def aes_cbc(key, data, decrypt=False):
    c = Cipher(algorithms.AES(key), modes.CBC(key[:16]))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def frame(msg, receive_id, random16, pad=True):
    full = random16 + struct.pack(">I", len(msg)) + msg + receive_id
    if pad:
        n = 32 - len(full) % 32
        full += bytes([n]) * n
    return full


def encrypt(key_b64, msg, receive_id, random16, pad=True):
    return base64.b64encode(aes_cbc(aes_key(key_b64), frame(msg, receive_id, random16, pad))).decode()


def encrypt_raw(key_b64, plaintext_frame):
    return base64.b64encode(aes_cbc(aes_key(key_b64), plaintext_frame)).decode()


def decrypt(key_b64, b64, receive_id):
    plain = aes_cbc(aes_key(key_b64), base64.b64decode(b64), decrypt=True)
    pad = plain[-1]
    if not 1 <= pad <= 32:
        pad = 0
    content = plain[: len(plain) - pad]
    (n,) = struct.unpack(">I", content[16:20])
    assert content[20 + n :] == receive_id, content[20 + n :]
    return content[20 : 20 + n]


# --- official vectors (spec §12) -------------------------------------------------------------
KEY_OFF = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
assert aes_key(KEY_OFF).hex() == "69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051"
V1_A1_MSG = "我是中文abcd123"
V1_A1 = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
V1_A2_MSG = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>"
V1_A2 = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb"
V1_APPID = "wxb11529c136998cb6"
assert encrypt(KEY_OFF, V1_A1_MSG.encode(), V1_APPID.encode(), b"aaaabbbbccccdddd") == V1_A1
assert encrypt(KEY_OFF, V1_A2_MSG.encode(), V1_APPID.encode(), b"aaaabbbbccccdddd") == V1_A2

V2 = dict(token="spamtest", appid="wx2c2769f8efd9abc2", timestamp="1409735669", nonce="1320562132",
          msg_signature="5d197aaffba7e9b25a30732f161a50dee96bd5fa",
          encrypt="hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
          msg="<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>")
V3 = dict(token="spamtest", appid="wx2c2769f8efd9abc2", timestamp="1410349438", nonce="298025754",
          msg_signature="003fee52ecc56afb46c00b5c7721be87860ce785",
          encrypt="mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=",
          msg="<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1410349438</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6057404712141979648</MsgId>\n</xml>")
for v in (V2, V3):
    assert sign(v["token"], v["timestamp"], v["nonce"], v["encrypt"]) == v["msg_signature"]
    assert decrypt(KEY_OFF, v["encrypt"], v["appid"].encode()).decode() == v["msg"]
assert sign("AAAAA", "1714036504", "1514711492") == "f464b24fc39322e44b38aa78f5edd27bd1441696"
assert sign("AAAAA", "1714037059", "486452656") == "899cf89e464efb63f54ddac96b0a0a235f53aa78"


def err(code, official=None):
    e = {"code": code}
    if official is not None:
        e["official"] = official
    return e


# --- crypto cases ----------------------------------------------------------------------------
V1 = dict(token="pamtest", encoding_aes_key=KEY_OFF, appid=V1_APPID)
V2K = dict(token="spamtest", encoding_aes_key=KEY_OFF, appid="wx2c2769f8efd9abc2")
crypto = []
for name, msg, enc in (("V1 A1 encrypt", V1_A1_MSG, V1_A1), ("V1 A2 encrypt", V1_A2_MSG, V1_A2)):
    crypto.append(dict(name=name, op="encrypt", **V1, random="aaaabbbbccccdddd", msg=msg,
                       timestamp="1409304348", nonce="xxxxxx",
                       expect=dict(encrypt=enc, msg_signature=sign("pamtest", "1409304348", "xxxxxx", enc))))
    crypto.append(dict(name=name.replace("encrypt", "round trip"), op="decrypt", **V1,
                       timestamp="1409304348", nonce="xxxxxx",
                       msg_signature=sign("pamtest", "1409304348", "xxxxxx", enc), encrypt=enc,
                       expect=dict(msg=msg)))
for name, v in (("V2 Python sample decrypt", V2), ("V3 C++ sample decrypt", V3)):
    crypto.append(dict(name=name, op="decrypt", **V2K, timestamp=v["timestamp"], nonce=v["nonce"],
                       msg_signature=v["msg_signature"], encrypt=v["encrypt"], expect=dict(msg=v["msg"])))
crypto.append(dict(name="V5 URL signature (GET)", op="signature", token="AAAAA", timestamp="1714036504",
                   nonce="1514711492", expect=dict(signature="f464b24fc39322e44b38aa78f5edd27bd1441696")))
crypto.append(dict(name="V5 URL signature (POST plain)", op="signature", token="AAAAA", timestamp="1714037059",
                   nonce="486452656", expect=dict(signature="899cf89e464efb63f54ddac96b0a0a235f53aa78")))
# negatives
crypto.append(dict(name="V1 tampered msg_signature", op="decrypt", **V1, timestamp="1409304348", nonce="xxxxxx",
                   msg_signature="12345", encrypt=V1_A1, error=err("signature_mismatch", -40001)))
crypto.append(dict(name="V2 one-digit-off msg_signature", op="decrypt", **V2K, timestamp=V2["timestamp"],
                   nonce=V2["nonce"], msg_signature="5d197aaffba7e9b25a30732f161a50dee96bd5fb",
                   encrypt=V2["encrypt"], error=err("signature_mismatch", -40001)))
crypto.append(dict(name="V2 expecting another appid", op="decrypt", token="spamtest", encoding_aes_key=KEY_OFF,
                   appid="wx_other", timestamp=V2["timestamp"], nonce=V2["nonce"],
                   msg_signature=V2["msg_signature"], encrypt=V2["encrypt"], error=err("appid_mismatch", -40005)))


def neg(name, enc, error, **extra):
    ts, nonce = "1700000000", "123456"
    crypto.append(dict(name=name, op="decrypt", **V2K, timestamp=ts, nonce=nonce,
                       msg_signature=sign("spamtest", ts, nonce, enc), encrypt=enc, error=error, **extra))


R = b"0123456789abcdef"
neg("Encrypt is not Base64", "!!!", err("base64_decode", -40010))
neg("Encrypt decodes to 3 bytes", "YWJj", err("decrypt_failed", -40007))
neg("Encrypt is empty", "", err("decrypt_failed", -40007))
neg("decrypted frame shorter than 20 bytes", encrypt_raw(KEY_OFF, R + bytes([16]) * 16),
    err("illegal_buffer", -40008))
neg("length field larger than the frame",
    encrypt_raw(KEY_OFF, frame(b"hello", b"wx2c2769f8efd9abc2", R)[:16] + struct.pack(">I", 1000)
                + frame(b"hello", b"wx2c2769f8efd9abc2", R)[20:]), err("illegal_buffer", -40008))
unpadded = frame(b"hello world! 0123456789abc", b"wx2c2769f8efd9abc2", R, pad=False)
assert len(unpadded) % 16 == 0 and unpadded[-1] > 32
neg("frame without padding (last byte > 32 is not a pad)", encrypt_raw(KEY_OFF, unpadded), None,
    expect=dict(msg="hello world! 0123456789abc"))
crypto[-1].pop("error")
crypto.append(dict(name="42-character EncodingAESKey", op="new", token="t", encoding_aes_key=KEY_OFF[:42],
                   appid="wx", error=err("illegal_aes_key", -40004)))
crypto.append(dict(name="EncodingAESKey with a non-Base64 character", op="new", token="t",
                   encoding_aes_key=KEY_OFF[:42] + "!", appid="wx", error=err("illegal_aes_key", -40004)))
crypto.append(dict(name="44-character EncodingAESKey", op="new", token="t", encoding_aes_key=KEY_OFF + "A",
                   appid="wx", error=err("illegal_aes_key", -40004)))

# --- push cases ------------------------------------------------------------------------------
TOKEN = "wxopenVectorToken2026"
KEY = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwxyZ"[:43]
assert "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".index(KEY[-1]) & 3 != 0, "want spare bits"
APPID = "wx7e3c9f0a1b2d4c68"
PLATFORM = dict(token=TOKEN, encoding_aes_key=KEY, component_appid=APPID)
pushes = []


def header(create_time, info_type):
    return dict(component_appid=APPID, create_time=create_time, info_type=info_type)


def push(name, plaintext, expect=None, error=None, ts="1767225600", nonce="1320562132", now=None,
         body_fmt="<xml>\n    <AppId><![CDATA[{appid}]]></AppId>\n    <Encrypt><![CDATA[{enc}]]></Encrypt>\n</xml>",
         receive_id=APPID, query_edit=None, **extra):
    random16 = hashlib.sha256(name.encode()).hexdigest()[:16]
    enc = encrypt(KEY, plaintext.encode(), receive_id.encode(), random16.encode())
    if receive_id == APPID:
        assert decrypt(KEY, enc, APPID.encode()).decode() == plaintext
    query = dict(signature=sign(TOKEN, ts, nonce), timestamp=ts, nonce=nonce, encrypt_type="aes",
                 msg_signature=sign(TOKEN, ts, nonce, enc))
    if query_edit:
        query_edit(query)
    case = dict(name=name, random=random16, plaintext=plaintext, query=query,
                query_string=urllib.parse.urlencode(query), body=body_fmt.format(appid=APPID, enc=enc),
                now=int(ts) + 7 if now is None else now)
    case.update(extra)
    if error:
        case["error"] = error
    else:
        case["expect"] = expect
    pushes.append(case)


H = f"<AppId><![CDATA[{APPID}]]></AppId>"
push("component_verify_ticket",
     f"<xml>{H}<CreateTime>1767225600</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType>"
     "<ComponentVerifyTicket><![CDATA[ticket@@@v7_GqYbXm0-2A9yJ3pnbzhX4Rw]]></ComponentVerifyTicket></xml>",
     dict(type="component_verify_ticket", **header(1767225600, "component_verify_ticket"),
          ticket="ticket@@@v7_GqYbXm0-2A9yJ3pnbzhX4Rw"))
push("component_verify_ticket without CDATA, padded numbers, declaration",
     f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <AppId>{APPID}</AppId>\n  <CreateTime>\n    1767225600\n  </CreateTime>\n"
     "  <InfoType>component_verify_ticket</InfoType>\n  <ComponentVerifyTicket>ticket@@@a&amp;b</ComponentVerifyTicket>\n</xml>\n",
     dict(type="component_verify_ticket", **header(1767225600, "component_verify_ticket"), ticket="ticket@@@a&b"),
     body_fmt="<xml><AppId>{appid}</AppId><Encrypt>{enc}</Encrypt></xml>")
auth_fields = ("<AuthorizerAppid><![CDATA[wxf8b4f85f3a794e77]]></AuthorizerAppid>"
               "<AuthorizationCode><![CDATA[queryauthcode@@@SozCwT_ve8WQI6Poum-qdG]]></AuthorizationCode>"
               "<AuthorizationCodeExpiredTime>1767229200</AuthorizationCodeExpiredTime>"
               "<PreAuthCode><![CDATA[preauthcode@@@rGYJ0k5c5kfL]]></PreAuthCode>")
auth_expect = dict(authorizer_appid="wxf8b4f85f3a794e77", authorization_code="queryauthcode@@@SozCwT_ve8WQI6Poum-qdG",
                   authorization_code_expired_time=1767229200, pre_auth_code="preauthcode@@@rGYJ0k5c5kfL")
push("authorized",
     f"<xml>{H}<CreateTime>1767225601</CreateTime><InfoType><![CDATA[authorized]]></InfoType>{auth_fields}</xml>",
     dict(type="authorized", **header(1767225601, "authorized"), **auth_expect))
push("updateauthorized",
     f"<xml>{H}<CreateTime>1767225602</CreateTime><InfoType><![CDATA[updateauthorized]]></InfoType>{auth_fields}</xml>",
     dict(type="update_authorized", **header(1767225602, "updateauthorized"), **auth_expect))
push("authorized without PreAuthCode (fast-registered account)",
     f"<xml>{H}<CreateTime>1767225603</CreateTime><InfoType>authorized</InfoType>"
     "<AuthorizerAppid>wx1234567890abcdef</AuthorizerAppid><AuthorizationCode>queryauthcode@@@X</AuthorizationCode>"
     "<AuthorizationCodeExpiredTime>1767229203</AuthorizationCodeExpiredTime></xml>",
     dict(type="authorized", **header(1767225603, "authorized"), authorizer_appid="wx1234567890abcdef",
          authorization_code="queryauthcode@@@X", authorization_code_expired_time=1767229203, pre_auth_code=None))
push("unauthorized",
     f"<xml>{H}<CreateTime>1767225604</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType>"
     "<AuthorizerAppid><![CDATA[wxf8b4f85f3a794e77]]></AuthorizerAppid></xml>",
     dict(type="unauthorized", **header(1767225604, "unauthorized"), authorizer_appid="wxf8b4f85f3a794e77"))
push("notify_third_fasteregister enterprise legacy (pretty-printed)",
     f"<xml>\n  {H}\n  <CreateTime>1767225605</CreateTime>\n  <InfoType><![CDATA[notify_third_fasteregister]]></InfoType>\n"
     "  <appid>wx3f1a2b3c4d5e6f70</appid>\n  <status>0</status>\n  <auth_code>queryauthcode@@@ent</auth_code>\n  <msg>OK</msg>\n"
     "  <info>\n    <name><![CDATA[深圳市腾讯计算机系统有限公司]]></name>\n    <code><![CDATA[91440300708461136T]]></code>\n"
     "    <code_type>1</code_type>\n    <legal_persona_wechat><![CDATA[pony_ma]]></legal_persona_wechat>\n"
     "    <legal_persona_name><![CDATA[马化腾]]></legal_persona_name>\n    <component_phone><![CDATA[0755-86013388]]></component_phone>\n"
     "  </info>\n</xml>",
     dict(type="fast_register", **header(1767225605, "notify_third_fasteregister"), appid="wx3f1a2b3c4d5e6f70",
          auth_code="queryauthcode@@@ent", status=0, msg="OK",
          info=dict(form="enterprise", name="深圳市腾讯计算机系统有限公司", code="91440300708461136T", code_type=1,
                    legal_persona_wechat="pony_ma", legal_persona_name="马化腾", component_phone="0755-86013388")))
push("notify_third_fasteregister personal",
     f"<xml>{H}<CreateTime>1767225606</CreateTime><InfoType><![CDATA[notify_third_fasteregister]]></InfoType>"
     "<appid><![CDATA[wx0a0b0c0d0e0f1011]]></appid><status>0</status><auth_code><![CDATA[queryauthcode@@@per]]></auth_code>"
     "<msg><![CDATA[OK]]></msg><info><wxuser><![CDATA[zhangsan_wx]]></wxuser><idname><![CDATA[张三]]></idname>"
     "<component_phone><![CDATA[13800138000]]></component_phone></info></xml>",
     dict(type="fast_register", **header(1767225606, "notify_third_fasteregister"), appid="wx0a0b0c0d0e0f1011",
          auth_code="queryauthcode@@@per", status=0, msg="OK",
          info=dict(form="personal", wxuser="zhangsan_wx", idname="张三", component_phone="13800138000")))
push("notify_third_fasteregister 2026 enterprise task",
     f"<xml>{H}<CreateTime>1767225607</CreateTime><InfoType><![CDATA[notify_third_fasteregister]]></InfoType>"
     "<appid><![CDATA[wx5566778899aabbcc]]></appid><status>0</status><auth_code><![CDATA[queryauthcode@@@task]]></auth_code>"
     "<msg><![CDATA[OK]]></msg><info><taskid><![CDATA[e8f3a1c2b4d5]]></taskid><name><![CDATA[某某科技有限公司]]></name>"
     "<code><![CDATA[91110000MA01ABCD2X]]></code><code_type><![CDATA[1]]></code_type>"
     "<legal_persona_openid><![CDATA[oABCD1234efgh5678ijkl]]></legal_persona_openid>"
     "<legal_persona_name><![CDATA[李四]]></legal_persona_name></info></xml>",
     dict(type="fast_register", **header(1767225607, "notify_third_fasteregister"), appid="wx5566778899aabbcc",
          auth_code="queryauthcode@@@task", status=0, msg="OK",
          info=dict(form="task", taskid="e8f3a1c2b4d5", name="某某科技有限公司", code="91110000MA01ABCD2X", code_type=1,
                    legal_persona_openid="oABCD1234efgh5678ijkl", legal_persona_wechat=None, legal_persona_name="李四",
                    wxuser=None, idname=None, component_phone=None)))
push("notify_third_fasteregister failure without appid, auth_code, info",
     f"<xml>{H}<CreateTime>1767225608</CreateTime><InfoType>notify_third_fasteregister</InfoType>"
     "<status>-1</status><msg>open verity failed</msg></xml>",
     dict(type="fast_register", **header(1767225608, "notify_third_fasteregister"), appid=None, auth_code=None,
          status=-1, msg="open verity failed", info=None))
push("notify_third_fastregisterbetaapp",
     f"<xml>{H}<CreateTime>1767225609</CreateTime><InfoType><![CDATA[notify_third_fastregisterbetaapp]]></InfoType>"
     "<appid>wxbeta0123456789a</appid><status>0</status><msg>OK</msg>"
     "<info><unique_id><![CDATA[0a1b2c3d4e5f]]></unique_id><name><![CDATA[测试小程序]]></name></info></xml>",
     dict(type="fast_register_beta", **header(1767225609, "notify_third_fastregisterbetaapp"), appid="wxbeta0123456789a",
          status=0, msg="OK", info=dict(unique_id="0a1b2c3d4e5f", name="测试小程序")))
push("notify_third_fastverifybetaapp failure",
     f"<xml>{H}<CreateTime>1767225610</CreateTime><InfoType><![CDATA[notify_third_fastverifybetaapp]]></InfoType>"
     "<appid>wxbeta0123456789a</appid><status>100001</status><msg><![CDATA[legal person did not confirm]]></msg>"
     "<info><name><![CDATA[某某科技有限公司]]></name><code><![CDATA[91110000MA01ABCD2X]]></code><code_type>1</code_type>"
     "<legal_persona_wechat><![CDATA[lisi_wx]]></legal_persona_wechat><legal_persona_name><![CDATA[李四]]></legal_persona_name>"
     "<component_phone><![CDATA[13900139000]]></component_phone></info></xml>",
     dict(type="fast_verify_beta", **header(1767225610, "notify_third_fastverifybetaapp"), appid="wxbeta0123456789a",
          status=100001, msg="legal person did not confirm",
          info=dict(name="某某科技有限公司", code="91110000MA01ABCD2X", code_type=1, legal_persona_wechat="lisi_wx",
                    legal_persona_name="李四", component_phone="13900139000")))
push("unknown InfoType is kept, nesting kept",
     f"<xml>{H}<CreateTime>1767225611</CreateTime><InfoType><![CDATA[notify_third_future_event]]></InfoType>"
     "<appid>wxfuture000000001</appid><status> 7 </status><info><taskid>t-1</taskid><item>a</item><item>b</item><empty/></info></xml>",
     dict(type="other", **header(1767225611, "notify_third_future_event"),
          fields={"AppId": APPID, "CreateTime": "1767225611", "InfoType": "notify_third_future_event",
                  "appid": "wxfuture000000001", "status": "7",
                  "info": {"taskid": "t-1", "item": ["a", "b"], "empty": ""}}))
push("InfoType spelled Authorized is an unknown event, credentials kept as text",
     f"<xml>{H}<CreateTime>1767225612</CreateTime><InfoType>Authorized</InfoType>"
     "<AuthorizerAppid>wxf8b4f85f3a794e77</AuthorizerAppid><AuthorizationCode>queryauthcode@@@Other</AuthorizationCode>"
     "<AuthorizationCodeExpiredTime>1767229212</AuthorizationCodeExpiredTime><PreAuthCode>preauthcode@@@Other</PreAuthCode></xml>",
     dict(type="other", **header(1767225612, "Authorized"),
          fields={"AppId": APPID, "CreateTime": "1767225612", "InfoType": "Authorized",
                  "AuthorizerAppid": "wxf8b4f85f3a794e77", "AuthorizationCode": "queryauthcode@@@Other",
                  "AuthorizationCodeExpiredTime": "1767229212", "PreAuthCode": "preauthcode@@@Other"}))
push("component_verify_ticket without CreateTime (peers read it)",
     f"<xml>{H}<InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@noCreateTime</ComponentVerifyTicket></xml>",
     dict(type="component_verify_ticket", component_appid=APPID, create_time=None, info_type="component_verify_ticket",
          ticket="ticket@@@noCreateTime"))
push("decrypted push without AppId reports the verified platform",
     "<xml><CreateTime>1767225613</CreateTime><InfoType>unauthorized</InfoType>"
     "<AuthorizerAppid>wxf8b4f85f3a794e77</AuthorizerAppid></xml>",
     dict(type="unauthorized", **header(1767225613, "unauthorized"), authorizer_appid="wxf8b4f85f3a794e77"))
# errors
TICKET = (f"<xml>{H}<CreateTime>1767225600</CreateTime><InfoType>component_verify_ticket</InfoType>"
          "<ComponentVerifyTicket>ticket@@@x</ComponentVerifyTicket></xml>")
push("stale timestamp (301 s old)", TICKET, error=err("stale_timestamp"), now=1767225600 + 301)
push("timestamp 301 s in the future", TICKET, error=err("stale_timestamp"), now=1767225600 - 301)
push("timestamp exactly 300 s old is accepted", TICKET,
     dict(type="component_verify_ticket", **header(1767225600, "component_verify_ticket"), ticket="ticket@@@x"),
     now=1767225600 + 300)
push("body larger than max_body_bytes", TICKET, error=err("body_too_large"), max_body_bytes=256)
push("DOCTYPE in the envelope", TICKET, error=err("forbidden_xml"),
     body_fmt='<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
              "<xml><AppId>{appid}</AppId><Encrypt>{enc}</Encrypt><X>&xxe;</X></xml>")
push("DOCTYPE in the decrypted push",
     '<!DOCTYPE xml [<!ENTITY t "ticket@@@x">]>' + TICKET.replace("ticket@@@x", "&t;"), error=err("forbidden_xml"))
push("undeclared entity in the decrypted push", TICKET.replace("ticket@@@x", "&t;"), error=err("forbidden_xml"))
push("missing msg_signature", TICKET, error=err("missing_parameter"), query_edit=lambda q: q.pop("msg_signature"))
push("tampered msg_signature", TICKET, error=err("signature_mismatch", -40001),
     query_edit=lambda q: q.update(msg_signature=q["msg_signature"][::-1]))
push("signature over another nonce", TICKET, error=err("signature_mismatch", -40001),
     query_edit=lambda q: q.update(nonce="1320562133"))
push("envelope AppId of another platform", TICKET, error=err("appid_mismatch", -40005),
     body_fmt="<xml><AppId><![CDATA[wx0000000000000000]]></AppId><Encrypt><![CDATA[{enc}]]></Encrypt></xml>")
push("encrypted for another receive id", TICKET, error=err("appid_mismatch", -40005), receive_id="wx0000000000000000")
push("envelope without Encrypt", TICKET, error=err("xml_parse", -40002),
     body_fmt="<xml><AppId>{appid}</AppId><Encrypted>{enc}</Encrypted></xml>")
push("envelope is not XML", TICKET, error=err("xml_parse", -40002), body_fmt="Encrypt={enc}")
push("decrypted push without InfoType", f"<xml>{H}<CreateTime>1767225600</CreateTime></xml>",
     error=err("malformed_event"))
push("decrypted push with a CreateTime that is not a number", TICKET.replace("1767225600</CreateTime>", "soon</CreateTime>"),
     error=err("malformed_event"))
push("decrypted push naming another platform in AppId (valid for this one in every other check)",
     TICKET.replace(f"<AppId><![CDATA[{APPID}]]></AppId>", "<AppId><![CDATA[wx0000000000000000]]></AppId>"),
     error=err("appid_conflict"))

# --- §14 InfoTypes on the authorization-event URL (samples of spec §14) ------------------------
CA = f"<AppId><![CDATA[{APPID}]]></AppId>"
push("notify_3rd_wxa_auth (spec §14.1 sample)",
     f"<xml>{CA}<CreateTime>1710002000</CreateTime>"
     "<InfoType><![CDATA[notify_3rd_wxa_auth]]></InfoType><appid><![CDATA[wxmini0001]]></appid><taskid><![CDATA[task0001]]></taskid>"
     "<task_status>12</task_status><apply_status>2</apply_status><message><![CDATA[dispatched]]></message>"
     "<dispatch_info><provider><![CDATA[Example Credit Co.]]></provider><contact><![CDATA[400-000-0000]]></contact>"
     "<dispatch_time>1710001900</dispatch_time></dispatch_info></xml>",
     dict(type="wxa_auth", **header(1710002000, "notify_3rd_wxa_auth"), appid="wxmini0001", taskid="task0001",
          task_status=12, apply_status=2, message="dispatched",
          dispatch_info=dict(provider="Example Credit Co.", contact="400-000-0000", dispatch_time=1710001900)),
     ts="1710002000")
push("notify_3rd_wxa_auth without dispatch_info, quoted status",
     f"<xml>{CA}<CreateTime>1710002100</CreateTime><InfoType>notify_3rd_wxa_auth</InfoType>"
     "<appid>wxmini0001</appid><taskid>task0001</taskid><task_status>\"6\"</task_status></xml>",
     dict(type="wxa_auth", **header(1710002100, "notify_3rd_wxa_auth"), appid="wxmini0001", taskid="task0001",
          task_status=6, apply_status=None, message=None, dispatch_info=None),
     ts="1710002100")
push("notify_3rd_wxa_wxverify (spec §14.2 sample)",
     f"<xml>{CA}<CreateTime>1710003000</CreateTime>"
     "<InfoType><![CDATA[notify_3rd_wxa_wxverify]]></InfoType><appid><![CDATA[wxmini0001]]></appid>"
     "<expired>1712600000</expired><message><![CDATA[annual review due]]></message></xml>",
     dict(type="wxa_verify_reminder", **header(1710003000, "notify_3rd_wxa_wxverify"), appid="wxmini0001",
          expired=1712600000, message="annual review due"),
     ts="1710003000")
push("notify_icpfiling_verify_result (spec §14.3 sample)",
     f"<xml>{CA}<CreateTime>1710004000</CreateTime>"
     "<InfoType><![CDATA[notify_icpfiling_verify_result]]></InfoType><task_id><![CDATA[R5exampleTaskId000001]]></task_id>"
     "<verify_appid><![CDATA[wxmini0001]]></verify_appid><result>3</result></xml>",
     dict(type="icp_verify_result", **header(1710004000, "notify_icpfiling_verify_result"),
          task_id="R5exampleTaskId000001", verify_appid="wxmini0001", result=3, along_with_auth_result=None),
     ts="1710004000")
push("notify_apply_icpfiling_result (spec §14.4 sample)",
     f"<xml>{CA}<CreateTime>1710005000</CreateTime>"
     "<InfoType><![CDATA[notify_apply_icpfiling_result]]></InfoType><authorizer_appid><![CDATA[wxmini0001]]></authorizer_appid>"
     "<beian_status>6</beian_status></xml>",
     dict(type="icp_filing_result", **header(1710005000, "notify_apply_icpfiling_result"),
          authorizer_appid="wxmini0001", beian_status=6),
     ts="1710005000")
push("notify_apply_icpfiling_result with a status no table lists (kept)",
     f"<xml>{CA}<CreateTime>1710005100</CreateTime><InfoType>notify_apply_icpfiling_result</InfoType>"
     "<authorizer_appid>wxmini0001</authorizer_appid><beian_status>1026</beian_status></xml>",
     dict(type="icp_filing_result", **header(1710005100, "notify_apply_icpfiling_result"),
          authorizer_appid="wxmini0001", beian_status=1026),
     ts="1710005100")
push("notify_3rd_wxa_auth_and_icp (spec §14.5 sample)",
     f"<xml>{CA}<CreateTime>1710006000</CreateTime>"
     "<InfoType><![CDATA[notify_3rd_wxa_auth_and_icp]]></InfoType><procedure_id><![CDATA[44e0example0procedure0000000001]]></procedure_id>"
     "<procedure_status>19</procedure_status></xml>",
     dict(type="wxa_auth_and_icp", **header(1710006000, "notify_3rd_wxa_auth_and_icp"),
          procedure_id="44e0example0procedure0000000001", procedure_status=19),
     ts="1710006000")
push("order_path_audit_result_notify (spec §14.6 sample)",
     f"<xml>{CA}<CreateTime>1710007000</CreateTime>"
     "<InfoType><![CDATA[order_path_audit_result_notify]]></InfoType>"
     "<list><appid><![CDATA[wxmini0001]]></appid><audit_id>90001</audit_id><status>4</status>"
     "<apply_time>1710000000</apply_time><audit_time>1710007000</audit_time><reason><![CDATA[]]></reason></list></xml>",
     dict(type="order_path_audit_result", **header(1710007000, "order_path_audit_result_notify"),
          list=[dict(appid="wxmini0001", audit_id=90001, status=4, apply_time=1710000000, audit_time=1710007000, reason="")]),
     ts="1710007000")
push("order_path_apply_result_notify, two appids (§14.6 items)",
     f"<xml>{CA}<CreateTime>1710007100</CreateTime><InfoType>order_path_apply_result_notify</InfoType>"
     "<list><appid>wxmini0001</appid><audit_id>90001</audit_id><ret_code>0</ret_code></list>"
     "<list><appid>wxmini0002</appid><ret_code>-2</ret_code></list></xml>",
     dict(type="order_path_apply_result", **header(1710007100, "order_path_apply_result_notify"),
          list=[dict(appid="wxmini0001", audit_id=90001, ret_code=0), dict(appid="wxmini0002", audit_id=None, ret_code=-2)]),
     ts="1710007100")
push("order_path_audit_result_notify in the doc sample's PascalCase is kept untyped",
     f"<xml>{CA}<CreateTime>1710007200</CreateTime><InfoType>order_path_audit_result_notify</InfoType>"
     "<List><Appid>wxmini0001</Appid><Status>4</Status></List></xml>",
     dict(type="other", **header(1710007200, "order_path_audit_result_notify"),
          fields={"AppId": APPID, "CreateTime": "1710007200", "InfoType": "order_path_audit_result_notify",
                  "List": {"Appid": "wxmini0001", "Status": "4"}}),
     ts="1710007200")
push("notify_icpfiling_verify_result whose result is not a number is kept untyped",
     f"<xml>{CA}<CreateTime>1710004100</CreateTime><InfoType>notify_icpfiling_verify_result</InfoType>"
     "<task_id>R5x</task_id><result>ok</result></xml>",
     dict(type="other", **header(1710004100, "notify_icpfiling_verify_result"),
          fields={"AppId": APPID, "CreateTime": "1710004100", "InfoType": "notify_icpfiling_verify_result",
                  "task_id": "R5x", "result": "ok"}),
     ts="1710004100")

# --- the message URL (spec §13) ---------------------------------------------------------------
AUTHORIZER = "wxf8b4f85f3a794e77"
messages = []


def piece(s):
    return s.replace("%", "%25").replace(":", "%3A")


def dedup(appid, msg_id, frm, ct, event):
    """The dedup key rule, written out here independently of the core."""
    if msg_id is not None:
        return f"{appid}:msg:{piece(msg_id)}"
    return f"{appid}:event:{piece(frm or '')}:{'' if ct is None else ct}:{piece(event or '')}"


def expect_msg(type_, to, frm, ct, msg_type, event=None, msg_id=None, msg_data_id=None, idx=None,
               authorizer=AUTHORIZER, component=APPID, dedup_event=None, **kind):
    out = dict(type=type_, authorizer_appid=authorizer, component_appid=component, to_user_name=to,
               from_user_name=frm, create_time=ct, msg_type=msg_type, event=event, msg_id=msg_id,
               msg_data_id=msg_data_id, idx=idx,
               dedup_key=dedup(authorizer, msg_id, frm, ct, dedup_event or event or msg_type))
    out.update(kind)
    return out


def message(name, plaintext, expect=None, error=None, authorizer=AUTHORIZER, to_user="gh_0a1b2c3d4e5f",
            ts="1767225700", nonce="1989", now=None, openid="oUser0001", platform=None, encrypt_text=None,
            body_fmt="<xml>\n    <ToUserName><![CDATA[{to}]]></ToUserName>\n    <Encrypt><![CDATA[{enc}]]></Encrypt>\n</xml>",
            receive_id=APPID, query_edit=None, **extra):
    token, key = (platform["token"], platform["encoding_aes_key"]) if platform else (TOKEN, KEY)
    random16 = hashlib.sha256(name.encode()).hexdigest()[:16]
    enc = encrypt_text or encrypt(key, plaintext.encode(), receive_id.encode(), random16.encode())
    query = dict(signature=sign(token, ts, nonce), timestamp=ts, nonce=nonce, openid=openid, encrypt_type="aes",
                 msg_signature=sign(token, ts, nonce, enc))
    if openid is None:
        query.pop("openid")
    if query_edit:
        query_edit(query)
    case = dict(name=name, authorizer_appid=authorizer, random=random16, plaintext=plaintext, query=query,
                query_string=urllib.parse.urlencode(query), body=body_fmt.format(to=to_user, enc=enc),
                now=int(ts) + 3 if now is None else now)
    if platform:
        case["platform"] = platform
    case.update(extra)
    if error:
        case["error"] = error
    else:
        case["expect"] = expect
    messages.append(case)
    return case


# The official sample's real push (spec §12 V2: its own platform keys), arriving at a message URL.
V2_PLATFORM = dict(token="spamtest", encoding_aes_key=KEY_OFF, component_appid="wx2c2769f8efd9abc2")
message("spec §12 V2: the official sample's text message, at the message URL", V2["msg"],
        expect_msg("text", "gh_10f6c3c3ac5a", "oyORnuP8q7ou2gfYjqLzSIWZf0rs", 1409735668, "text",
                   msg_id="6054768590064713728", authorizer="wxauthorizer0v2", component="wx2c2769f8efd9abc2",
                   content="abcdteT"),
        authorizer="wxauthorizer0v2", to_user="gh_10f6c3c3ac5a", ts=V2["timestamp"], nonce=V2["nonce"],
        platform=V2_PLATFORM, encrypt_text=V2["encrypt"], openid="oyORnuP8q7ou2gfYjqLzSIWZf0rs")
assert messages[-1]["query"]["msg_signature"] == V2["msg_signature"]

# Documented examples of the official-account pages (receiving messages / events), verbatim.
DOCHEAD = "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
message("text (documented example)",
        DOCHEAD + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("text", "toUser", "fromUser", 1348831860, "text", msg_id="1234567890123456", content="this is a test"),
        to_user="toUser")
message("text from an article (documented example with MsgDataId, Idx), pretty-printed",
        "<xml>\n  <ToUserName><![CDATA[toUser]]></ToUserName>\n  <FromUserName><![CDATA[fromUser]]></FromUserName>\n"
        "  <CreateTime>1348831860</CreateTime>\n  <MsgType><![CDATA[text]]></MsgType>\n  <Content><![CDATA[this is a test]]></Content>\n"
        "  <MsgId>1234567890123456</MsgId>\n  <MsgDataId>xxxx</MsgDataId>\n  <Idx>xxxx</Idx>\n</xml>",
        expect_msg("text", "toUser", "fromUser", 1348831860, "text", msg_id="1234567890123456", msg_data_id="xxxx",
                   idx="xxxx", content="this is a test"),
        to_user="toUser")
message("image (documented example)",
        DOCHEAD + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        "<PicUrl><![CDATA[this is a url]]></PicUrl><MediaId><![CDATA[media_id]]></MediaId><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("image", "toUser", "fromUser", 1348831860, "image", msg_id="1234567890123456",
                   pic_url="this is a url", media_id="media_id"),
        to_user="toUser")
message("voice (documented example)",
        DOCHEAD + "<CreateTime>1357290913</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
        "<MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[Format]]></Format><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("voice", "toUser", "fromUser", 1357290913, "voice", msg_id="1234567890123456",
                   media_id="media_id", format="Format", recognition=None),
        to_user="toUser")
message("voice with speech recognition (documented example)",
        DOCHEAD + "<CreateTime>1357290913</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
        "<MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[Format]]></Format>"
        "<Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("voice", "toUser", "fromUser", 1357290913, "voice", msg_id="1234567890123456",
                   media_id="media_id", format="Format", recognition="腾讯微信团队"),
        to_user="toUser")
message("video (documented example)",
        DOCHEAD + "<CreateTime>1357290913</CreateTime><MsgType><![CDATA[video]]></MsgType>"
        "<MediaId><![CDATA[media_id]]></MediaId><ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("video", "toUser", "fromUser", 1357290913, "video", msg_id="1234567890123456",
                   media_id="media_id", thumb_media_id="thumb_media_id"),
        to_user="toUser")
message("shortvideo (documented example)",
        DOCHEAD + "<CreateTime>1357290913</CreateTime><MsgType><![CDATA[shortvideo]]></MsgType>"
        "<MediaId><![CDATA[media_id]]></MediaId><ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("short_video", "toUser", "fromUser", 1357290913, "shortvideo", msg_id="1234567890123456",
                   media_id="media_id", thumb_media_id="thumb_media_id"),
        to_user="toUser")
message("location (documented example)",
        DOCHEAD + "<CreateTime>1351776360</CreateTime><MsgType><![CDATA[location]]></MsgType>"
        "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>"
        "<Label><![CDATA[位置信息]]></Label><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("location", "toUser", "fromUser", 1351776360, "location", msg_id="1234567890123456",
                   location_x=23.134521, location_y=113.358803, scale=20, label="位置信息"),
        to_user="toUser")
message("link (documented example)",
        DOCHEAD + "<CreateTime>1351776360</CreateTime><MsgType><![CDATA[link]]></MsgType>"
        "<Title><![CDATA[公众平台官网链接]]></Title><Description><![CDATA[公众平台官网链接]]></Description>"
        "<Url><![CDATA[url]]></Url><MsgId>1234567890123456</MsgId></xml>",
        expect_msg("link", "toUser", "fromUser", 1351776360, "link", msg_id="1234567890123456",
                   title="公众平台官网链接", description="公众平台官网链接", url="url"),
        to_user="toUser")
EVHEAD = "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType>"
message("subscribe (documented example)", EVHEAD + "<Event><![CDATA[subscribe]]></Event></xml>",
        expect_msg("subscribe", "toUser", "FromUser", 123456789, "event", event="subscribe", event_key=None, ticket=None),
        to_user="toUser")
message("unsubscribe (documented example)", EVHEAD + "<Event><![CDATA[unsubscribe]]></Event></xml>",
        expect_msg("unsubscribe", "toUser", "FromUser", 123456789, "event", event="unsubscribe"),
        to_user="toUser")
message("subscribe through a parametric QR code (spec §13.4 sample)",
        "<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser0001]]></FromUserName>"
        "<CreateTime>1710001100</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>"
        "<EventKey><![CDATA[qrscene_42]]></EventKey><Ticket><![CDATA[gQExampleTicket]]></Ticket></xml>",
        expect_msg("subscribe", "gh_0a1b2c3d4e5f", "oUser0001", 1710001100, "event", event="subscribe",
                   event_key="qrscene_42", ticket="gQExampleTicket"),
        ts="1710001100")
message("SCAN (documented example)",
        EVHEAD + "<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>",
        expect_msg("scan", "toUser", "FromUser", 123456789, "event", event="SCAN", event_key="SCENE_VALUE", ticket="TICKET"),
        to_user="toUser")
message("LOCATION (documented example)",
        "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>"
        "<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event>"
        "<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision></xml>",
        expect_msg("location_event", "toUser", "fromUser", 123456789, "event", event="LOCATION",
                   latitude=23.137466, longitude=113.352425, precision=119.38504),
        to_user="toUser")
message("CLICK (documented example)",
        EVHEAD + "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[EVENTKEY]]></EventKey></xml>",
        expect_msg("click", "toUser", "FromUser", 123456789, "event", event="CLICK", event_key="EVENTKEY", menu_id=None),
        to_user="toUser")
message("VIEW (documented example)",
        EVHEAD + "<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[www.qq.com]]></EventKey></xml>",
        expect_msg("view", "toUser", "FromUser", 123456789, "event", event="VIEW", event_key="www.qq.com", menu_id=None),
        to_user="toUser")
message("miniprogrampage (mini-program customer-service example)",
        DOCHEAD + "<CreateTime>1482048670</CreateTime><MsgType><![CDATA[miniprogrampage]]></MsgType>"
        "<MsgId>1234567890123456</MsgId><Title><![CDATA[Title]]></Title><AppId><![CDATA[AppId]]></AppId>"
        "<PagePath><![CDATA[PagePath]]></PagePath><ThumbUrl><![CDATA[ThumbUrl]]></ThumbUrl>"
        "<ThumbMediaId><![CDATA[ThumbMediaId]]></ThumbMediaId></xml>",
        expect_msg("mini_program_page", "toUser", "fromUser", 1482048670, "miniprogrampage", msg_id="1234567890123456",
                   title="Title", app_id="AppId", page_path="PagePath", thumb_url="ThumbUrl", thumb_media_id="ThumbMediaId"),
        to_user="toUser")
message("user_enter_tempsession (mini-program customer-service example)",
        DOCHEAD + "<CreateTime>1482048670</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        "<Event><![CDATA[user_enter_tempsession]]></Event><SessionFrom><![CDATA[sessionFrom]]></SessionFrom></xml>",
        expect_msg("user_enter_tempsession", "toUser", "fromUser", 1482048670, "event", event="user_enter_tempsession",
                   session_from="sessionFrom"),
        to_user="toUser")
GH = "<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oSys0000]]></FromUserName>"
message("weapp_audit_fail (spec §13.3 sample)",
        GH + "<CreateTime>1710000300</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_fail]]></Event>"
        "<Reason><![CDATA[1:页面内容与类目不符<br>]]></Reason><FailTime>1710000300</FailTime><ScreenShot><![CDATA[mediaA|mediaB]]></ScreenShot></xml>",
        expect_msg("weapp_audit_fail", "gh_0a1b2c3d4e5f", "oSys0000", 1710000300, "event", event="weapp_audit_fail",
                   fail_time=1710000300, reason="1:页面内容与类目不符<br>", screen_shot="mediaA|mediaB"),
        ts="1710000300")
message("weapp_audit_success (spec §13.3: header and SuccTime)",
        GH + "<CreateTime>1710000200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_success]]></Event>"
        "<SuccTime>1710000200</SuccTime></xml>",
        expect_msg("weapp_audit_success", "gh_0a1b2c3d4e5f", "oSys0000", 1710000200, "event", event="weapp_audit_success",
                   succ_time=1710000200),
        ts="1710000200")
message("weapp_audit_delay (spec §13.3: header, DelayTime and Reason)",
        GH + "<CreateTime>1710000250</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_delay]]></Event>"
        "<Reason><![CDATA[审核排队中]]></Reason><DelayTime>1710000250</DelayTime></xml>",
        expect_msg("weapp_audit_delay", "gh_0a1b2c3d4e5f", "oSys0000", 1710000250, "event", event="weapp_audit_delay",
                   delay_time=1710000250, reason="审核排队中"),
        ts="1710000250")
message("wxa_nickname_audit (spec §13.3 sample)",
        GH + "<CreateTime>1710000500</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_nickname_audit]]></Event>"
        "<ret>3</ret><nickname><![CDATA[示例小店]]></nickname><reason><![CDATA[]]></reason></xml>",
        expect_msg("wxa_nickname_audit", "gh_0a1b2c3d4e5f", "oSys0000", 1710000500, "event", event="wxa_nickname_audit",
                   ret=3, nickname="示例小店", reason=""),
        ts="1710000500")
message("wxa_category_audit (spec §13.3 sample)",
        GH + "<CreateTime>1710000600</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_category_audit]]></Event>"
        "<ret>2</ret><first>304</first><second>1001</second><reason><![CDATA[资质不全]]></reason></xml>",
        expect_msg("wxa_category_audit", "gh_0a1b2c3d4e5f", "oSys0000", 1710000600, "event", event="wxa_category_audit",
                   ret=2, first=304, second=1001, reason="资质不全"),
        ts="1710000600")
message("wxa_privacy_apply (spec §13.3 sample)",
        GH + "<CreateTime>1710000700</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_privacy_apply]]></Event>"
        "<result_info><api_name>wx.chooseAddress</api_name><apply_time>1710000000</apply_time><audit_id>555001</audit_id>"
        "<audit_time>1710000700</audit_time><reason>无使用场景</reason><status>2</status></result_info></xml>",
        expect_msg("wxa_privacy_apply", "gh_0a1b2c3d4e5f", "oSys0000", 1710000700, "event", event="wxa_privacy_apply",
                   result_info=dict(api_name="wx.chooseAddress", audit_id=555001, status=2, apply_time=1710000000,
                                    audit_time=1710000700, reason="无使用场景")),
        ts="1710000700")
message("wxa_privacy_apply with the doc's quoted status",
        GH + "<CreateTime>1710000800</CreateTime><MsgType>event</MsgType><Event>wxa_privacy_apply</Event>"
        "<result_info><api_name>wx.getLocation</api_name><status>\"2\"</status></result_info></xml>",
        expect_msg("wxa_privacy_apply", "gh_0a1b2c3d4e5f", "oSys0000", 1710000800, "event", event="wxa_privacy_apply",
                   result_info=dict(api_name="wx.getLocation", audit_id=None, status=2, apply_time=None,
                                    audit_time=None, reason=None)),
        ts="1710000800")
message("wxa_appeal_record (spec §13.3 fields; materials kept as sent)",
        GH + "<CreateTime>1710000900</CreateTime><MsgType>event</MsgType><Event>wxa_appeal_record</Event>"
        "<appeal_record_id>7001</appeal_record_id><appid>wxmini0001</appid><appeal_time>1710000000</appeal_time>"
        "<appeal_count>1</appeal_count><appeal_from>1</appeal_from><appeal_status>2</appeal_status>"
        "<audit_time>1710000900</audit_time><audit_reason>通过</audit_reason><punish_description>违规内容</punish_description>"
        "<materials><item><illegal_material><content>c</content></illegal_material></item></materials></xml>",
        expect_msg("wxa_appeal_record", "gh_0a1b2c3d4e5f", "oSys0000", 1710000900, "event", event="wxa_appeal_record",
                   appeal_record_id=7001, appid="wxmini0001", appeal_time=1710000000, appeal_count=1, appeal_from=1,
                   appeal_status=2, audit_time=1710000900, audit_reason="通过", punish_description="违规内容",
                   materials={"item": {"illegal_material": {"content": "c"}}}),
        ts="1710000900")
message("wxa_category_audit whose ret is not a number is kept untyped",
        GH + "<CreateTime>1710000650</CreateTime><MsgType>event</MsgType><Event>wxa_category_audit</Event>"
        "<ret>rejected</ret><first>304</first></xml>",
        expect_msg("other", "gh_0a1b2c3d4e5f", "oSys0000", 1710000650, "event", event="wxa_category_audit",
                   fields={"ToUserName": "gh_0a1b2c3d4e5f", "FromUserName": "oSys0000", "CreateTime": "1710000650",
                           "MsgType": "event", "Event": "wxa_category_audit", "ret": "rejected", "first": "304"}),
        ts="1710000650")
message("an event this version does not type (view_miniprogram) is kept with every element",
        "<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser0001]]></FromUserName>"
        "<CreateTime>1710001200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[view_miniprogram]]></Event>"
        "<EventKey><![CDATA[pages/index/index]]></EventKey><MenuId>3</MenuId><MenuId>4</MenuId></xml>",
        expect_msg("other", "gh_0a1b2c3d4e5f", "oUser0001", 1710001200, "event", event="view_miniprogram",
                   fields={"ToUserName": "gh_0a1b2c3d4e5f", "FromUserName": "oUser0001", "CreateTime": "1710001200",
                           "MsgType": "event", "Event": "view_miniprogram", "EventKey": "pages/index/index",
                           "MenuId": ["3", "4"]}),
        ts="1710001200")
message("a message whose MsgId is not a 64-bit unsigned integer is kept untyped (its key uses the text)",
        DOCHEAD + "<CreateTime>1348831860</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>99999999999999999999</MsgId></xml>",
        dict(expect_msg("other", "toUser", "fromUser", 1348831860, "text",
                        fields={"ToUserName": "toUser", "FromUserName": "fromUser", "CreateTime": "1348831860",
                                "MsgType": "text", "Content": "x", "MsgId": "99999999999999999999"}),
             dedup_key=dedup(AUTHORIZER, "99999999999999999999", None, None, None)),
        to_user="toUser")
message("an InfoType at the message URL is a component event (spec §14.4 sample)",
        f"<xml>{CA}<CreateTime>1710005000</CreateTime>"
        "<InfoType><![CDATA[notify_apply_icpfiling_result]]></InfoType><authorizer_appid><![CDATA[wxmini0001]]></authorizer_appid>"
        "<beian_status>6</beian_status></xml>",
        expect_msg("component_event", None, None, 1710005000, None, authorizer="wxmini0001",
                   dedup_event="notify_apply_icpfiling_result",
                   component_event=dict(type="icp_filing_result", **header(1710005000, "notify_apply_icpfiling_result"),
                                        authorizer_appid="wxmini0001", beian_status=6)),
        authorizer="wxmini0001", ts="1710005000", openid=None)
message("no openid in the query (it is optional)",
        DOCHEAD + "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[hi]]></Content><MsgId>1234567890123457</MsgId></xml>",
        expect_msg("text", "toUser", "fromUser", 1348831860, "text", msg_id="1234567890123457", content="hi"),
        to_user="toUser", openid=None)
# errors
MTEXT = DOCHEAD + "<CreateTime>1348831860</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>"
message("message: tampered msg_signature", MTEXT, error=err("signature_mismatch", -40001),
        query_edit=lambda q: q.update(msg_signature=q["msg_signature"][::-1]))
message("message: stale timestamp", MTEXT, error=err("stale_timestamp"), now=1767225700 + 301)
message("message: missing nonce", MTEXT, error=err("missing_parameter"), query_edit=lambda q: q.pop("nonce"))
message("message: encrypted for another receive id (an authorizer's appid is not the receive id)", MTEXT,
        error=err("appid_mismatch", -40005), receive_id=AUTHORIZER)
message("message: DOCTYPE in the decrypted push", '<!DOCTYPE xml [<!ENTITY e "x">]>' + MTEXT.replace(">x<", ">&e;<"),
        error=err("forbidden_xml"))
message("message: envelope is not XML", MTEXT, error=err("xml_parse", -40002), body_fmt="ToUserName={to}&Encrypt={enc}")
message("message: CreateTime that is not a number", MTEXT.replace(">1348831860<", ">soon<"), error=err("malformed_event"))
message("message: the path's appid is not an appid", MTEXT, error=dict(code="invalid_argument", field="authorizer_appid"),
        authorizer="wx/../admin")
message("message: empty path appid", MTEXT, error=dict(code="invalid_argument", field="authorizer_appid"), authorizer="")
message("message: an InfoType push naming another platform", MTEXT.replace(DOCHEAD, "<xml><AppId>wx0000000000000000</AppId><InfoType>x</InfoType>").replace("<MsgType>text</MsgType>", ""),
        error=err("appid_conflict"))

# Passive replies: plaintext (spec §13.2) and the encrypted envelope (§6.2), exactly.
def by_name(name):
    (case,) = [m for m in messages if m["name"] == name]
    return case


def reply_envelope(plain, random16, ts, nonce):
    enc = encrypt(KEY, plain.encode(), APPID.encode(), random16.encode())
    sig = sign(TOKEN, str(ts), nonce, enc)
    return (f"<xml><Encrypt><![CDATA[{enc}]]></Encrypt><MsgSignature><![CDATA[{sig}]]></MsgSignature>"
            f"<TimeStamp>{ts}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>")


replies = []


def reply(name, message_name, content, create_time=1710000000, nonce="1989", random16="replyrandom16byt", error=None):
    m = by_name(message_name)
    case = dict(name=name, message=message_name, content=content, create_time=create_time, nonce=nonce,
                random=random16)
    if error:
        case["error"] = error
    else:
        frm = re.search(r"<FromUserName><!\[CDATA\[(.*?)\]\]>", m["plaintext"]).group(1)
        to = re.search(r"<ToUserName><!\[CDATA\[(.*?)\]\]>", m["plaintext"]).group(1)
        text = content.replace("]]>", "]]]]><![CDATA[>")
        plain = (f"<xml><ToUserName><![CDATA[{frm}]]></ToUserName><FromUserName><![CDATA[{to}]]></FromUserName>"
                 f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                 f"<Content><![CDATA[{text}]]></Content></xml>")
        case["expect"] = dict(plaintext=plain, body=reply_envelope(plain, random16, create_time, nonce))
    replies.append(case)


reply("text reply to the §13.4 sample (the §13.2 plaintext)", "subscribe through a parametric QR code (spec §13.4 sample)", "hi")
assert replies[-1]["expect"]["plaintext"] == (
    "<xml><ToUserName><![CDATA[oUser0001]]></ToUserName><FromUserName><![CDATA[gh_0a1b2c3d4e5f]]></FromUserName>"
    "<CreateTime>1710000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>")
reply("text reply with non-ASCII text and a ]]> inside", "text (documented example)", "你好 ]]> 世界", create_time=1348831861)
reply("empty reply text is refused (answer success instead)", "text (documented example)", "",
      error=dict(code="invalid_argument", field="content"))
reply("reply text with a NUL is refused", "text (documented example)", "a\u0000b",
      error=dict(code="invalid_argument", field="content"))

# The full-network-release check (spec §13.5).
release = []


def release_case(name, authorizer, to_user, plaintext_tail, expect, any_account=False, msg_type="text",
                 frm="ozy4qt1eDxSxzCr0aNT0mXCWfrDE", ts="1767225800", nonce="777", random16="releaserandom16b"):
    plain = (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><FromUserName><![CDATA[{frm}]]></FromUserName>"
             f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{plaintext_tail}</xml>")
    case = message(name, plain, None, authorizer=authorizer, to_user=to_user, ts=ts, nonce=nonce, openid=frm)
    messages.remove(case)  # kept in release_cases only
    case.pop("expect")
    case.update(any_account=any_account, reply_random=random16, reply_timestamp=int(ts), reply_nonce=nonce)
    if expect is None:
        case["expect"] = None
    elif expect[0] == "reply_text":
        content = expect[1]
        reply_plain = (f"<xml><ToUserName><![CDATA[{frm}]]></ToUserName><FromUserName><![CDATA[{to_user}]]></FromUserName>"
                       f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                       f"<Content><![CDATA[{content}]]></Content></xml>")
        case["expect"] = dict(action="reply_text", content=content,
                              body=reply_envelope(reply_plain, random16, int(ts), nonce), follow_up=None)
    else:
        code = expect[1]
        case["expect"] = dict(action="query_auth_code", body="",
                              follow_up=dict(component_appid=APPID, authorizer_appid=authorizer,
                                             authorization_code=code, touser=frm, content=f"{code}_from_api"))
    release.append(case)


release_case("TESTCOMPONENT_MSG_TYPE_TEXT to the group-1 official account", "wx570bc396a51b8ff8", "gh_3c884a361561",
             "<Content><![CDATA[TESTCOMPONENT_MSG_TYPE_TEXT]]></Content><MsgId>6170000000000000001</MsgId>",
             ("reply_text", "TESTCOMPONENT_MSG_TYPE_TEXT_callback"))
release_case("QUERY_AUTH_CODE to the group-5 mini program", "wx5910277cae6fd970", "gh_7818dcb60240",
             "<Content><![CDATA[QUERY_AUTH_CODE:queryauthcode@@@release-test-0001]]></Content><MsgId>6170000000000000002</MsgId>",
             ("query_auth_code", "queryauthcode@@@release-test-0001"))
release_case("an event to a test account (older revisions: <Event>from_callback)", "wx9252c5e0bb1836fc", "gh_c0f28a78b318",
             "<Event><![CDATA[LOCATION]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>10</Precision>",
             ("reply_text", "LOCATIONfrom_callback"), msg_type="event")
release_case("QUERY_AUTH_CODE to an account that is not a test account: nothing", AUTHORIZER, "gh_0a1b2c3d4e5f",
             "<Content><![CDATA[QUERY_AUTH_CODE:queryauthcode@@@not-a-test]]></Content><MsgId>6170000000000000003</MsgId>", None)
release_case("the same with any_account", AUTHORIZER, "gh_0a1b2c3d4e5f",
             "<Content><![CDATA[QUERY_AUTH_CODE:queryauthcode@@@not-a-test]]></Content><MsgId>6170000000000000004</MsgId>",
             ("query_auth_code", "queryauthcode@@@not-a-test"), any_account=True)
release_case("an ordinary text to a test account: nothing", "wx570bc396a51b8ff8", "gh_3c884a361561",
             "<Content><![CDATA[hello]]></Content><MsgId>6170000000000000005</MsgId>", None)

# URL verification (GET)
verify = [
    dict(name="V5 plain URL verification", token="AAAAA", encoding_aes_key=KEY_OFF, appid="wx2c2769f8efd9abc2",
         query=dict(signature="f464b24fc39322e44b38aa78f5edd27bd1441696", timestamp="1714036504",
                    nonce="1514711492", echostr="4375120948345356249"), now=1714036504,
         expect=dict(echostr="4375120948345356249")),
    dict(name="V5 plain URL verification, wrong signature", token="AAAAB", encoding_aes_key=KEY_OFF,
         appid="wx2c2769f8efd9abc2",
         query=dict(signature="f464b24fc39322e44b38aa78f5edd27bd1441696", timestamp="1714036504",
                    nonce="1514711492", echostr="4375120948345356249"), now=1714036504,
         error=err("signature_mismatch", -40001)),
]
echo_enc = encrypt(KEY, b"8164932757301543219", APPID.encode(), b"echostrrandom016")
verify.append(dict(name="safe-mode URL verification (encrypted echostr)", token=TOKEN, encoding_aes_key=KEY,
                   appid=APPID, query=dict(timestamp="1767225600", nonce="99", echostr=echo_enc,
                                           msg_signature=sign(TOKEN, "1767225600", "99", echo_enc)),
                   now=1767225600, expect=dict(echostr="8164932757301543219")))

DOC = [
    "Webhook crypto and push vectors for wxopen (read by cargo test, pytest and node --test).",
    "Produced by an independent Python implementation (hashlib + cryptography's AES-256-CBC, PKCS#7 to 32 bytes done by hand; the script scripts/vectorgen/webhook.py, run as `python3 scripts/vectorgen/webhook.py tests/vectors/webhook.json`), which first re-checks the official vectors of spec §12 (V1 A1/A2 exact ciphertexts, V2/V3 signature + plaintext, V5 signatures). Expected events are written by hand in that script, not copied from the Rust output.",
    "Strings are UTF-8 text; 'random' is the 16-byte prefix as ASCII; timestamps in query are strings (signed as text), 'now' is unix seconds.",
    "crypto_cases[].op: 'encrypt' (token, encoding_aes_key, appid, random, msg, timestamp, nonce -> expect.encrypt and expect.msg_signature over them), 'decrypt' (verify msg_signature over token/timestamp/nonce/encrypt, then decrypt -> expect.msg verbatim), 'signature' (token, timestamp, nonce -> expect.signature, the plain/URL signature), 'new' (constructing the crypto fails).",
    "push_cases: an event's component_appid is the platform the push was verified for (the receive id); a decrypted AppId naming another platform is refused (appid_conflict). Platform is the top-level 'platform' object (token, encoding_aes_key, component_appid) with default limits (max_age 300 s, max_body 64 KiB) unless the case sets max_body_bytes; feed 'query' (object) or 'query_string' (raw, percent-encoded), 'body' and 'now' to the one-call parse; 'plaintext' is the decrypted push and 'random' the prefix used, so encrypt(plaintext, random) reproduces the body's Encrypt (except where the case encrypts for another receive id). 'expect' is the event in its serialized form (type discriminator, header, fields; absent optionals null).",
    "url_verification_cases: GET verification: query (+ now) -> expect.echostr (the body to answer), using that case's token/encoding_aes_key/appid.",
    "Errors: 'error': {'code': stable snake_case Error::code(), 'official': WXBizMsgCrypt code when the failure is one of -40001..-40011}; an invalid_argument also names its 'field'.",
    "message_cases (the 消息与事件接收URL, spec §13): like push_cases, plus 'authorizer_appid' (the appid of the request path, passed to the one-call parse_message) and, where the case has its own keys, 'platform'. The envelope is <ToUserName>+<Encrypt>; the query carries openid (optional). 'expect' is the message in its serialized form: type, header (authorizer_appid, component_appid, to_user_name, from_user_name, create_time, msg_type, event, msg_id, msg_data_id, idx), dedup_key, and the kind's fields. msg_id is a decimal STRING (64-bit ids do not fit a JS number); Python's message objects give it as an int. dedup_key: '{appid}:msg:{MsgId}' for a message with MsgId, else '{appid}:event:{FromUserName}:{CreateTime}:{Event or InfoType or MsgType}', each piece with % and : percent-encoded (this script computes it independently).",
    "message_reply_cases: a passive text reply to the message_cases entry named 'message': content + create_time -> expect.plaintext (sender and receiver swapped, text in CDATA, a ]]> split across two sections) and expect.body (the encrypted reply envelope with random/create_time as TimeStamp/nonce, platform keys, receive id = component appid), or 'error'.",
    "release_cases (full-network-release check, spec §13.5): a message push (fields as in message_cases) plus any_account, reply_random, reply_timestamp, reply_nonce -> expect null (not a check message) or {action: reply_text, content, body (exact encrypted reply), follow_up: null} or {action: query_auth_code, body: '' (answer empty), follow_up: {component_appid, authorizer_appid, authorization_code, touser, content}} (then api_query_auth with the code, then message.custom_send of the text content to touser with the authorizer token).",
]
out = {"_doc": DOC, "platform": PLATFORM, "crypto_cases": crypto, "push_cases": pushes,
       "url_verification_cases": verify, "message_cases": messages, "message_reply_cases": replies,
       "release_cases": release}
json.dump(out, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
print(f"{len(crypto)} crypto, {len(pushes)} push, {len(verify)} verify, {len(messages)} message, "
      f"{len(replies)} reply, {len(release)} release cases")
