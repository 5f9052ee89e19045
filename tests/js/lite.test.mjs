// wxopen/lite (ESM): the entry on the smaller wasm module (no platform driver) gives what it
// exports exactly as `wxopen` does — every push vector, requests, validation, errcodes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as full from "wxopen";
import * as lite from "wxopen/lite";
import { VECTORS } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const PLATFORM = DOC.platform;
const options = { token: PLATFORM.token, encodingAesKey: PLATFORM.encoding_aes_key, componentAppid: PLATFORM.component_appid };
const DRIVER_ONLY = ["Authorizer", "MemoryStore", "Platform", "RedisStore", "Task", "Tasks", "driver"];

test("lite: exports everything of wxopen but the platform driver's pieces", () => {
  const expected = Object.keys(full).filter((name) => !DRIVER_ONLY.includes(name)).sort();
  assert.deepEqual(Object.keys(lite).sort(), expected);
  for (const name of expected) assert.equal(typeof lite[name], typeof full[name], name);
  for (const name of DRIVER_ONLY) assert.equal(name in lite, false, name);
});

test("lite: every push vector parses to the same event as with wxopen", () => {
  let parsed = 0;
  for (const c of DOC.push_cases) {
    const extra = c.max_body_bytes ? { maxBodyBytes: c.max_body_bytes } : {};
    const run = (m) => new m.Webhook({ ...options, ...extra }).parse(c.query_string, c.body, { now: c.now });
    if (c.error) {
      assert.throws(() => run(lite), (e) => e instanceof lite.WxOpenError && e.code === c.error.code, c.name);
      continue;
    }
    assert.deepEqual(JSON.parse(JSON.stringify(run(lite))), JSON.parse(JSON.stringify(run(full))), c.name);
    parsed += 1;
  }
  assert.ok(parsed > 10, `${parsed} pushes parsed`);
});

test("lite: operations, validation, errcodes and statuses are the core's, as in wxopen", () => {
  assert.deepEqual(lite.operations(), full.operations());
  assert.deepEqual(lite.ERROR_CODES, full.ERROR_CODES);
  assert.deepEqual(lite.explainErrcode(89002), full.explainErrcode(89002));
  assert.deepEqual(lite.describeStatus("link", 1), full.describeStatus("link", 1));
  const args = { appid: "wxmerchant0000001", openAppid: "wxopen0000000001" };
  assert.deepEqual(JSON.parse(JSON.stringify(lite.validate("open.bind", args))), JSON.parse(JSON.stringify(full.validate("open.bind", args))));
  const bad = lite.validate("open.bind", {});
  assert.equal(bad.ok, false);
  assert.ok(bad.error instanceof lite.InvalidArgument);
  assert.equal(bad.field, "openAppid");
});

test("lite: the Client builds and parses a call (fetch injected)", async () => {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url: String(url), body: init.body });
    return new Response('{"errcode":0,"errmsg":"ok","open_appid":"wxopen0000000001"}', { status: 200 });
  };
  const client = new lite.Client({ fetch });
  const account = await client.openGet(new lite.AuthorizerToken("wxmerchant0000001", "AAT"));
  assert.equal(account.openAppid, "wxopen0000000001");
  assert.equal(seen.length, 1);
  assert.match(seen[0].url, /\/cgi-bin\/open\/get\?access_token=AAT$/);
});

test("lite: a text reply and the encrypted reply envelope round-trip", () => {
  const hook = new lite.Webhook(options);
  const message = { toUserName: "gh_account", fromUserName: "oUser" };
  const reply = lite.textReply(message, "hello", { createTime: 1767225600 });
  assert.equal(reply, full.textReply(message, "hello", { createTime: 1767225600 }));
  assert.match(reply, /<Content><!\[CDATA\[hello\]\]><\/Content>/);
  const sealed = hook.encrypt(reply, { timestamp: "1767225600", nonce: "42", random: new TextEncoder().encode("0123456789abcdef") });
  const query = { timestamp: "1767225600", nonce: "42", msg_signature: sealed.msgSignature };
  const body = `<xml><Encrypt><![CDATA[${sealed.encrypt}]]></Encrypt></xml>`;
  assert.equal(new full.Webhook(options).decrypt(query, body, { now: 1767225600 }), reply);
});
