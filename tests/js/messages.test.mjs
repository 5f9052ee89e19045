// The message URL through the JS Webhook: tests/vectors/webhook.json's message, reply and
// release cases, and the message objects' display forms.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import * as wxopen from "wxopen";
import { VECTORS, camelDeep, fakeFetch, snakeToCamel } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const PLATFORM = DOC.platform;
const hookOf = (p = PLATFORM) => new wxopen.Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
const byName = (name) => DOC.message_cases.find((c) => c.name === name);
const parse = (c, query = c.query) => hookOf(c.platform).parseMessage(c.authorizer_appid, query, c.body, { now: c.now });

function checkError(err, expected) {
  assert.ok(err instanceof wxopen.WxOpenError, String(err));
  assert.equal(err.code, expected.code, err.message);
  if (expected.official !== undefined) assert.equal(err.officialCode, expected.official);
  // JS errors name fields as JS callers write them (camelCase).
  if (expected.field !== undefined) assert.equal(err.field, snakeToCamel(expected.field));
}

for (const c of DOC.message_cases) {
  for (const form of ["object", "string", "URLSearchParams"]) {
    test(`message (${form}): ${c.name}`, () => {
      const query = form === "object" ? c.query : form === "string" ? c.query_string : new URLSearchParams(c.query_string);
      const run = () => hookOf(c.platform).parseMessage(c.authorizer_appid, query, form === "string" ? c.body : Buffer.from(c.body), { now: c.now });
      if (c.error) {
        assert.throws(run, (e) => (checkError(e, c.error), true));
        return;
      }
      const message = run();
      assert.deepEqual(message.toObject(), camelDeep(c.expect));
      assert.ok(message instanceof wxopen.Result);
      assert.equal(message.dedupKey, c.expect.dedup_key);
      if (c.expect.msg_id !== null) assert.equal(message.msgId, c.expect.msg_id); // exact: a string
    });
  }
}

test("a 64-bit MsgId crosses exactly (a JS number would round it)", () => {
  const c = byName("spec §12 V2: the official sample's text message, at the message URL");
  const message = parse(c);
  assert.equal(message.msgId, "6054768590064713728");
  assert.notEqual(String(Number(message.msgId)), message.msgId);
  assert.equal(BigInt(message.msgId), 6054768590064713728n);
});

test("display forms hide the QR ticket; the data keeps it", () => {
  const message = parse(byName("subscribe through a parametric QR code (spec §13.4 sample)"));
  assert.equal(message.ticket, "gQExampleTicket");
  for (const shown of [inspect(message), JSON.stringify(message), Object.keys(message).join()]) {
    assert.ok(!shown.includes("gQExampleTicket"), shown);
  }
  assert.equal(message.toObject().ticket, "gQExampleTicket");
  // The dedup key is no credential (its name ends in "key"): shown like any field.
  assert.ok(Object.keys(message).includes("dedupKey") && inspect(message).includes(message.dedupKey));
});

test("statuses are numbers; component events arrive as events", () => {
  assert.equal(parse(byName("wxa_nickname_audit (spec §13.3 sample)")).ret, 3);
  assert.equal(wxopen.describeStatus("review", 3).name, "approved");
  const c = parse(byName("an InfoType at the message URL is a component event (spec §14.4 sample)"));
  assert.equal(c.type, "component_event");
  assert.equal(c.componentEvent.type, "icp_filing_result");
  assert.equal(c.componentEvent.beianStatus, 6);
  assert.equal(wxopen.describeStatus("icp_filing", c.componentEvent.beianStatus).name, "filed");
});

for (const c of DOC.message_reply_cases) {
  test(`reply: ${c.name}`, () => {
    const message = parse(byName(c.message));
    const hook = hookOf();
    const both = () => [
      wxopen.textReply(message, c.content, { createTime: c.create_time }),
      hook.replyText(message, c.content, { nonce: c.nonce, timestamp: c.create_time, random: new TextEncoder().encode(c.random) }),
    ];
    if (c.error) {
      assert.throws(both, (e) => (checkError(e, c.error), true));
      return;
    }
    const [plain, body] = both();
    assert.equal(plain, c.expect.plaintext);
    assert.equal(body, c.expect.body);
  });
}

for (const c of DOC.release_cases) {
  test(`release check: ${c.name}`, async () => {
    const hook = hookOf();
    const message = hook.parseMessage(c.authorizer_appid, c.query, c.body, { now: c.now });
    const check = hook.releaseCheck(message, {
      nonce: c.reply_nonce, timestamp: c.reply_timestamp, anyAccount: c.any_account, random: new TextEncoder().encode(c.reply_random),
    });
    if (c.expect === null) {
      assert.equal(check, null);
      return;
    }
    assert.ok(check instanceof wxopen.ReleaseCheck);
    assert.equal(check.action, c.expect.action);
    assert.equal(check.body, c.expect.body);
    if (c.expect.follow_up === null) {
      assert.equal(check.followUp, null);
      return;
    }
    const f = check.followUp;
    const want = c.expect.follow_up;
    assert.deepEqual(
      [f.componentAppid, f.authorizerAppid, f.authorizationCode, f.touser, f.content],
      [want.component_appid, want.authorizer_appid, want.authorization_code, want.touser, want.content],
    );
    for (const shown of [inspect(check), String(check), JSON.stringify(check), inspect(f)]) {
      assert.ok(!shown.includes(want.authorization_code), shown);
    }
    const fetch = fakeFetch(
      { status: 200, body: JSON.stringify({ authorization_info: { authorizer_appid: want.authorizer_appid, authorizer_access_token: "AAT_release", expires_in: 7200, authorizer_refresh_token: "r" } }) },
      { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
    );
    await f.run(new wxopen.Client({ fetch }), new wxopen.ComponentToken("CAT_release"));
    const [queryAuth, send] = fetch.calls;
    assert.ok(queryAuth.url.endsWith("/cgi-bin/component/api_query_auth?component_access_token=CAT_release"));
    assert.deepEqual(JSON.parse(queryAuth.body), { component_appid: PLATFORM.component_appid, authorization_code: want.authorization_code });
    assert.equal(send.url, "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=AAT_release");
    assert.deepEqual(JSON.parse(send.body), { touser: want.touser, msgtype: "text", text: { content: want.content } });
  });
}

test("refusals are typed: a parsed body, a bad path appid, a non-message", () => {
  const hook = hookOf();
  const c = byName("text (documented example)");
  assert.throws(() => hook.parseMessage(c.authorizer_appid, c.query, { xml: 1 }, { now: c.now }), TypeError);
  assert.throws(() => hook.parseMessage(42, c.query, c.body, { now: c.now }), /authorizerAppid must be a string/);
  assert.throws(() => hook.parseMessage("wx/..", c.query, c.body, { now: c.now }), (e) => e instanceof wxopen.InvalidArgument && e.field === "authorizerAppid");
  assert.throws(() => hook.replyText("nope", "x", { nonce: "1" }), TypeError);
  assert.throws(() => hook.replyText(parse(c), "x", {}), /nonce must be a string/);
  assert.throws(() => hook.releaseCheck(null, { nonce: "1" }), TypeError);
});

test("constants come from the core", () => {
  assert.equal(wxopen.SUCCESS, "success");
  assert.equal(wxopen.RELEASE_TEST_ACCOUNTS.length, 10);
  assert.deepEqual([...wxopen.RELEASE_TEST_ACCOUNTS[0]], ["wx570bc396a51b8ff8", "gh_3c884a361561"]);
  for (const kind of ["review", "appeal", "wxa_auth_task", "wxa_auth_apply", "icp_verify", "icp_filing", "auth_and_icp", "order_path_apply", "order_path_audit"]) {
    assert.equal(wxopen.describeStatus(kind, 0).kind, kind);
  }
});
