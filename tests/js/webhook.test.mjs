// tests/vectors/webhook.json through the JS Webhook (ESM import of the packed package).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import * as wxopen from "wxopen";
import { VECTORS, camelDeep } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const PLATFORM = DOC.platform;
const platformOptions = (extra = {}) => ({
  token: PLATFORM.token,
  encodingAesKey: PLATFORM.encoding_aes_key,
  componentAppid: PLATFORM.component_appid,
  ...extra,
});
const hookFor = (c) => new wxopen.Webhook({ token: c.token, encodingAesKey: c.encoding_aes_key, componentAppid: c.appid });

function checkError(err, expected) {
  assert.ok(err instanceof wxopen.WxOpenError, String(err));
  assert.equal(err.code, expected.code, err.message);
  if (expected.official !== undefined) {
    assert.ok(err instanceof wxopen.CryptoError);
    assert.equal(err.officialCode, expected.official);
  }
}

for (const c of DOC.crypto_cases) {
  test(`crypto ${c.op}: ${c.name}`, () => {
    if (c.op === "encrypt") {
      const out = hookFor(c).encrypt(c.msg, { timestamp: c.timestamp, nonce: c.nonce, random: new TextEncoder().encode(c.random) });
      assert.equal(out.encrypt, c.expect.encrypt);
      assert.equal(out.msgSignature, c.expect.msg_signature);
    } else if (c.op === "decrypt") {
      const body = `<xml><Encrypt><![CDATA[${c.encrypt}]]></Encrypt></xml>`;
      const query = { timestamp: c.timestamp, nonce: c.nonce, msg_signature: c.msg_signature };
      const run = () => hookFor(c).decrypt(query, body, { now: Number(c.timestamp) });
      if (c.error) assert.throws(run, (e) => (checkError(e, c.error), true));
      else assert.equal(run(), c.expect.msg);
    } else if (c.op === "signature") {
      assert.equal(wxopen.signature(c.token, c.timestamp, c.nonce), c.expect.signature);
    } else if (c.op === "new") {
      assert.throws(() => hookFor(c), (e) => {
        checkError(e, c.error);
        assert.ok(e instanceof wxopen.InvalidAesKeyError);
        assert.ok(!e.message.includes(c.encoding_aes_key));
        return true;
      });
    } else {
      assert.fail(`unknown op ${c.op}`);
    }
  });
}

for (const c of DOC.push_cases) {
  for (const form of ["object", "string", "URLSearchParams"]) {
    test(`push (${form}): ${c.name}`, () => {
      const hook = new wxopen.Webhook(platformOptions(c.max_body_bytes ? { maxBodyBytes: c.max_body_bytes } : {}));
      const query = form === "object" ? c.query : form === "string" ? c.query_string : new URLSearchParams(c.query_string);
      const run = () => hook.parse(query, form === "string" ? c.body : Buffer.from(c.body), { now: c.now });
      if (c.error) assert.throws(run, (e) => (checkError(e, c.error), true));
      else assert.deepEqual(run().toObject(), camelDeep(c.expect));
    });
  }
}

for (const c of DOC.url_verification_cases) {
  test(`url verification: ${c.name}`, () => {
    const run = () => hookFor(c).verifyUrl(c.query, { now: c.now });
    if (c.error) assert.throws(run, (e) => (checkError(e, c.error), true));
    else assert.equal(run(), c.expect.echostr);
  });
}

test("webhook output hides the token and key", () => {
  const hook = new wxopen.Webhook(platformOptions());
  const shown = `${hook} ${inspect(hook)} ${JSON.stringify(hook)}`;
  assert.ok(!shown.includes(PLATFORM.token) && !shown.includes(PLATFORM.encoding_aes_key), shown);
  const c = DOC.push_cases.find((p) => p.name === "tampered msg_signature");
  const err = (() => { try { hook.parse(c.query, c.body, { now: c.now }); } catch (e) { return e; } })();
  assert.ok(err instanceof wxopen.SignatureError);
  const text = `${err} ${inspect(err)} ${JSON.stringify(err.details)}`;
  assert.ok(!text.includes(PLATFORM.token) && !text.includes(PLATFORM.encoding_aes_key));
});

test("default clock refuses an old recorded push; maxAge null turns it off", () => {
  const c = DOC.push_cases.find((p) => p.name === "component_verify_ticket");
  assert.throws(() => new wxopen.Webhook(platformOptions()).parse(c.query, c.body), wxopen.StaleTimestampError);
  assert.equal(new wxopen.Webhook(platformOptions({ maxAge: null })).parse(c.query, c.body).type, "component_verify_ticket");
});

test("router picks the platform by AppId", () => {
  const other = new wxopen.Webhook({ token: "t", encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", componentAppid: "wx0000000000000002" });
  const router = new wxopen.WebhookRouter(other, new wxopen.Webhook(platformOptions()));
  const c = DOC.push_cases.find((p) => p.name === "unauthorized");
  assert.equal(router.parse(c.query, c.body, { now: c.now }).componentAppid, PLATFORM.component_appid);
});

test("reply round trip", () => {
  const hook = new wxopen.Webhook(platformOptions());
  const reply = hook.encryptReply("<xml><Content>hi 你好</Content></xml>", { nonce: "99" });
  const field = (name) => reply.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)`))[1];
  const query = { timestamp: field("TimeStamp"), nonce: field("Nonce"), msg_signature: field("MsgSignature") };
  assert.equal(hook.decrypt(query, reply), "<xml><Content>hi 你好</Content></xml>");
});

test("an unknown InfoType keeps WeChat's element names in fields", () => {
  const c = DOC.push_cases.find((p) => p.name.startsWith("unknown InfoType"));
  const event = new wxopen.Webhook(platformOptions()).parse(c.query, c.body, { now: c.now });
  assert.equal(event.type, "other");
  assert.deepEqual(event.toObject().fields, c.expect.fields);
  assert.ok(Object.keys(event.fields).includes("AppId"));
  assert.equal(event.fields.info.taskid, "t-1");
});
