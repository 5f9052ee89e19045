#!/usr/bin/env python3
"""Independent generator of tests/vectors/webhook.json.

A from-scratch Python implementation of WXBizMsgCrypt (spec §6) on top of `cryptography`'s
AES-256-CBC (no padding; PKCS#7 to 32 bytes done here). It first re-checks the official vectors
of spec §12 (V1, V2, V3, V5), then writes every case with the expected results spelled out by
hand (events in their serde form), so the Rust side is checked against this code, not itself.
"""
import base64, hashlib, json, struct, sys, urllib.parse
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
    "Errors: 'error': {'code': stable snake_case Error::code(), 'official': WXBizMsgCrypt code when the failure is one of -40001..-40011}.",
]
out = {"_doc": DOC, "platform": PLATFORM, "crypto_cases": crypto, "push_cases": pushes,
       "url_verification_cases": verify}
json.dump(out, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
print(f"{len(crypto)} crypto, {len(pushes)} push, {len(verify)} verify cases")
