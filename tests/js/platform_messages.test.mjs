// The Platform at the message URL (消息与事件接收URL): handleMessage (verify and parse with the
// platform's keys and clock, the dedup key), replyText, and the full-network-release check whose
// follow-up runs with the platform's own tokens — as the Python Platform's handle_message,
// reply_text and release_check (tests/python/test_platform_messages.py).
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { Client, InvalidArgument, Result, StaleTimestampError, Webhook } from "wxopen";
import { AES_KEY, CID, PATHS, TOKEN, cat, world } from "./platform_helpers.mjs";

const TEST_OA = "wx570bc396a51b8ff8"; // group 1 of the release check's test accounts (spec §13.5)
const TEST_OA_USER = "gh_3c884a361561";
const TESTER = "ozy4qt1eDxSxzCr0aNT0mXCWfrDE";
const SEND = "/cgi-bin/message/custom/send";

/** A push of the message URL as WeChat sends it at `nowMs`: [query, body]. */
function messagePush(xml, nowMs, to = TEST_OA_USER) {
  const hook = new Webhook({ token: TOKEN, encodingAesKey: AES_KEY, componentAppid: CID });
  const timestamp = String(Math.floor(nowMs / 1000));
  const { encrypt, msgSignature } = hook.encrypt(xml, { timestamp, nonce: "77" });
  return [{ timestamp, nonce: "77", msg_signature: msgSignature, openid: TESTER }, `<xml><ToUserName>${to}</ToUserName><Encrypt>${encrypt}</Encrypt></xml>`];
}

const textXml = (content, nowMs, msgId = "6170000000000000001", to = TEST_OA_USER) =>
  `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${TESTER}]]></FromUserName><CreateTime>${Math.floor(nowMs / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;

/** The plaintext of an encrypted reply (any time: the freshness check off). */
function open(reply) {
  const hook = new Webhook({ token: TOKEN, encodingAesKey: AES_KEY, componentAppid: CID, maxAge: null });
  const field = (name) => new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>|<${name}>(\\d+)</${name}>`).exec(reply).slice(1).find((v) => v !== undefined);
  return hook.decrypt({ timestamp: field("TimeStamp"), nonce: field("Nonce"), msg_signature: field("MsgSignature") }, reply);
}

const tag = (xml, name) => new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>`).exec(xml)?.[1];

test("handleMessage verifies and parses with the platform's keys and clock; replyText answers", async () => {
  const w = world();
  const platform = w.platform();
  const [query, body] = messagePush(textXml("hello", w.now), w.now);
  const message = await platform.handleMessage(TEST_OA, query, body);
  assert.ok(message instanceof Result);
  assert.equal(message.type, "text");
  assert.equal(message.content, "hello");
  assert.equal(message.dedupKey, `${TEST_OA}:msg:6170000000000000001`);
  assert.equal(message.componentAppid, CID);
  assert.deepEqual(w.sent, [], "parsing sends nothing");
  assert.deepEqual(platform.store.calls, [], "and stores nothing");
  // The raw query string and URLSearchParams work as with `handle`.
  const raw = new URLSearchParams(query).toString();
  assert.equal((await platform.handleMessage(TEST_OA, raw, Buffer.from(body))).content, "hello");
  assert.equal((await platform.handleMessage(TEST_OA, new URLSearchParams(raw), body)).content, "hello");

  const reply = await platform.replyText(message, "hi", { nonce: "77" });
  assert.equal(/<TimeStamp>(\d+)<\/TimeStamp>/.exec(reply)[1], String(Math.floor(w.now / 1000)), "timed by the platform's clock");
  const plain = open(reply);
  assert.deepEqual([tag(plain, "Content"), tag(plain, "ToUserName"), tag(plain, "FromUserName")], ["hi", TESTER, TEST_OA_USER]);
  // Without a nonce the platform draws one (the signature covers it; each reply its own).
  const [a, b] = [await platform.replyText(message, "hi"), await platform.replyText(message, "hi", {})];
  const nonces = [a, b].map((r) => tag(r, "Nonce"));
  assert.match(nonces[0], /^[0-9a-f]{16}$/);
  assert.notEqual(nonces[0], nonces[1]);
  assert.equal(tag(open(a), "Content"), "hi");

  // The platform's clock is the freshness reference: an hour later the push is a replay.
  w.now += 3_600_000;
  await assert.rejects(platform.handleMessage(TEST_OA, query, body), StaleTimestampError);
  await assert.rejects(platform.handleMessage("../x", query, body), InvalidArgument);
  await assert.rejects(platform.handleMessage(42, query, body), TypeError);
  // webhookMaxAge: null turns the window off (replaying recorded pushes); a number sets it.
  assert.equal((await w.platform({ webhookMaxAge: null }).handleMessage(TEST_OA, query, body)).content, "hello");
  assert.equal((await w.platform({ webhookMaxAge: 7200 }).handleMessage(TEST_OA, query, body)).content, "hello");
  assert.throws(() => w.platform({ webhookMaxAge: "300" }), TypeError);
  assert.ok(!inspect(platform).includes(AES_KEY) && !inspect(platform).includes(TOKEN));
});

test("the release check's follow-up runs with the platform's tokens: the code through authorize", async () => {
  const w = world();
  const platform = w.platform();
  await platform.storeTicket("ticket@@@t", Math.floor(w.now / 1000));
  const code = "queryauthcode@@@release-test-0001";
  const [query, body] = messagePush(textXml(`QUERY_AUTH_CODE:${code}`, w.now), w.now);
  const message = await platform.handleMessage(TEST_OA, query, body);
  const check = await platform.releaseCheck(message, { nonce: query.nonce });
  assert.equal(check.action, "query_auth_code");
  assert.equal(check.body, "");
  assert.ok(check.followUp !== null);
  assert.ok(!inspect(check).includes(code) && !JSON.stringify(check).includes(code));
  w.on(PATHS.cat, cat("CAT1"));
  w.on(PATHS.queryAuth, { authorization_info: { authorizer_appid: TEST_OA, authorizer_access_token: "AAT_test_account", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@test", func_info: [{ funcscope_category: { id: 1 } }] } });
  w.on(SEND, { errcode: 0, errmsg: "ok" });
  await check.followUp.run(platform);
  const [exchange] = w.to(PATHS.queryAuth);
  assert.equal(JSON.parse(exchange.body).authorization_code, code);
  const [send] = w.to(SEND);
  assert.equal(send.token, "AAT_test_account");
  assert.deepEqual(JSON.parse(send.body), { touser: TESTER, msgtype: "text", text: { content: `${code}_from_api` } });
  // The test account's tokens are the platform's now.
  assert.equal(await platform.authorizerStatus(TEST_OA), "authorized");
  assert.ok(w.kinds().includes("authorizer_authorized"));
});

test("the release check's passive reply; ordinary messages and other accounts are not the check's", async () => {
  const w = world();
  const platform = w.platform();
  const [query, body] = messagePush(textXml("TESTCOMPONENT_MSG_TYPE_TEXT", w.now), w.now);
  const check = await platform.releaseCheck(await platform.handleMessage(TEST_OA, query, body), { nonce: "77" });
  assert.equal(check.followUp, null);
  const reply = open(check.body);
  assert.equal(tag(reply, "Content"), "TESTCOMPONENT_MSG_TYPE_TEXT_callback");
  assert.deepEqual([tag(reply, "ToUserName"), tag(reply, "FromUserName")], [TESTER, TEST_OA_USER]);
  const plain = await platform.handleMessage(TEST_OA, ...messagePush(textXml("hi", w.now), w.now));
  assert.equal(await platform.releaseCheck(plain, { nonce: "77" }), null);
  // Another account (not one of the check's): only with anyAccount.
  const to = "gh_0123456789ab";
  const other = await platform.handleMessage("wxother000000001", ...messagePush(textXml("TESTCOMPONENT_MSG_TYPE_TEXT", w.now, "1", to), w.now, to));
  assert.equal(await platform.releaseCheck(other, { nonce: "77" }), null);
  assert.notEqual(await platform.releaseCheck(other, { nonce: "77", anyAccount: true }), null);
  assert.deepEqual(w.sent, []);
});

test("a Client follow-up needs the component token", async () => {
  const w = world();
  const platform = w.platform();
  const [query, body] = messagePush(textXml("QUERY_AUTH_CODE:x", w.now), w.now);
  const check = await platform.releaseCheck(await platform.handleMessage(TEST_OA, query, body), { nonce: "1" });
  await assert.rejects(check.followUp.run(new Client({ fetch: w.fetch })), /component token/);
  assert.deepEqual(w.sent, []);
});
