// wxopen/push (ESM): the entry on the smallest wasm module (no platform driver, no Client) gives
// what it exports exactly as `wxopen` does — every push and message vector, replies, the release
// check — and its release follow-up runs with a Client or Platform of another entry.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as full from "wxopen";
import * as lite from "wxopen/lite";
import * as push from "wxopen/push";
import { VECTORS, camelDeep, fakeFetch } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const PLATFORM = DOC.platform;
const options = { token: PLATFORM.token, encodingAesKey: PLATFORM.encoding_aes_key, componentAppid: PLATFORM.component_appid };
const DRIVER_ONLY = ["Authorizer", "MemoryStore", "Platform", "RedisStore", "Task", "Tasks", "driver"];
const CLIENT_ONLY = ["Client", "DEFAULT_API_BASE", "DEFAULT_MP_BASE", "DEFAULT_OPEN_BASE", "describeStatus", "explainErrcode", "operations", "redactUrl", "validate"];

test("push: exports everything of wxopen but the driver's and the Client's pieces", () => {
  const expected = Object.keys(full).filter((name) => !DRIVER_ONLY.includes(name) && !CLIENT_ONLY.includes(name)).sort();
  assert.deepEqual(Object.keys(push).sort(), expected);
  for (const name of expected) assert.equal(typeof push[name], typeof full[name], name);
  for (const name of [...DRIVER_ONLY, ...CLIENT_ONLY]) assert.equal(name in push, false, name);
  assert.deepEqual(push.ERROR_CODES, full.ERROR_CODES);
  assert.deepEqual([push.DEFAULT_MAX_AGE, push.DEFAULT_MAX_BODY_BYTES, push.QUERY_KEYS, push.SUCCESS], [full.DEFAULT_MAX_AGE, full.DEFAULT_MAX_BODY_BYTES, full.QUERY_KEYS, full.SUCCESS]);
});

test("push: every push vector parses to the same event as with wxopen", () => {
  let parsed = 0;
  for (const c of DOC.push_cases) {
    const extra = c.max_body_bytes ? { maxBodyBytes: c.max_body_bytes } : {};
    const run = (m) => new m.Webhook({ ...options, ...extra }).parse(c.query_string, c.body, { now: c.now });
    if (c.error) {
      assert.throws(() => run(push), (e) => e instanceof push.WxOpenError && e.code === c.error.code, c.name);
      continue;
    }
    assert.deepEqual(JSON.parse(JSON.stringify(run(push))), JSON.parse(JSON.stringify(run(full))), c.name);
    parsed += 1;
  }
  assert.ok(parsed > 10, `${parsed} pushes parsed`);
});

test("push: every message vector parses as the vector says (coordinates too)", () => {
  let located = 0;
  for (const c of DOC.message_cases) {
    const p = c.platform ?? PLATFORM;
    const hook = new push.Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
    const run = () => hook.parseMessage(c.authorizer_appid, c.query, c.body, { now: c.now });
    if (c.error) {
      assert.throws(run, (e) => e instanceof push.WxOpenError && e.code === c.error.code, c.name);
      continue;
    }
    const message = run();
    assert.deepEqual(message.toObject(), camelDeep(c.expect), c.name);
    if (typeof message.locationX === "number" || typeof message.latitude === "number") located += 1;
  }
  assert.ok(located >= 2, `${located} messages with coordinates`);
});

test("push: replies and the release check answer as with wxopen; the follow-up runs with a lite Client", async () => {
  const hook = new push.Webhook(options);
  const message = { toUserName: "gh_account", fromUserName: "oUser" };
  assert.equal(push.textReply(message, "hello", { createTime: 1767225600 }), full.textReply(message, "hello", { createTime: 1767225600 }));
  const c = DOC.release_cases.find((x) => x.expect?.follow_up);
  const parsed = hook.parseMessage(c.authorizer_appid, c.query, c.body, { now: c.now });
  const check = hook.releaseCheck(parsed, { nonce: c.reply_nonce, timestamp: c.reply_timestamp, anyAccount: c.any_account, random: new TextEncoder().encode(c.reply_random) });
  assert.ok(check instanceof push.ReleaseCheck);
  assert.equal(check.body, c.expect.body);
  const want = c.expect.follow_up;
  const fetch = fakeFetch(
    { status: 200, body: JSON.stringify({ authorization_info: { authorizer_appid: want.authorizer_appid, authorizer_access_token: "AAT_push", expires_in: 7200, authorizer_refresh_token: "r" } }) },
    { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  );
  // The component token of this entry, the Client of another: tokens are recognized across entries.
  await check.followUp.run(new lite.Client({ fetch }), new push.ComponentToken("CAT_push"));
  const [queryAuth, send] = fetch.calls;
  assert.ok(queryAuth.url.endsWith("/cgi-bin/component/api_query_auth?component_access_token=CAT_push"));
  assert.equal(send.url, "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=AAT_push");
  assert.deepEqual(JSON.parse(send.body), { touser: want.touser, msgtype: "text", text: { content: want.content } });
});

test("push: tokens are the same kind in every entry, and only of their kind", () => {
  assert.ok(new push.AuthorizerToken("wx1", "v") instanceof full.AuthorizerToken);
  assert.ok(new full.ComponentToken("v") instanceof push.ComponentToken);
  assert.ok(!(new push.ComponentToken("v") instanceof full.AuthorizerToken));
  assert.ok(!({ kind: "component", value: "v" } instanceof push.ComponentToken));
  assert.ok(!(null instanceof push.ComponentToken));
});
