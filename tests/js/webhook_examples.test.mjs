// The Node http and Express webhook examples, served on 127.0.0.1 and fed the encrypted pushes
// of the shared vectors over real HTTP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { Webhook } from "wxopen";
import { VECTORS } from "./helpers.mjs";
import { createApp } from "./examples/webhook_express.mjs";
import { createHandler } from "./examples/webhook_http.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const PUSH = Object.fromEntries(DOC.push_cases.map((c) => [c.name, c]));
const P = DOC.platform;
// The vectors were recorded at fixed times: replaying them needs the freshness check off.
const replay = new Webhook({ token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: P.component_appid, maxAge: null });

async function serve(listener, fn) {
  const server = createServer(listener);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn(`http://127.0.0.1:${server.address().port}/wechat/component`);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const post = (url, c) => fetch(`${url}?${c.query_string}`, { method: "POST", body: c.body, headers: { "content-type": "text/xml" } });

for (const [name, make] of [
  ["http", (onEvent) => createHandler(replay, onEvent)],
  ["express", (onEvent) => createApp(replay, onEvent)],
]) {
  test(`${name} example: pushes are verified, parsed and answered`, async () => {
    const events = [];
    await serve(make((e) => events.push(e)), async (url) => {
      const ticket = await post(url, PUSH["component_verify_ticket"]);
      assert.equal(ticket.status, 200);
      assert.equal(await ticket.text(), "success");
      const reg = await post(url, PUSH["notify_third_fasteregister 2026 enterprise task"]);
      assert.equal(await reg.text(), "success");
      const forged = await post(url, PUSH["tampered msg_signature"]);
      assert.equal(forged.status, 400);
    });
    assert.deepEqual(events.map((e) => e.type), ["component_verify_ticket", "fast_register"]);
    assert.equal(events[0].ticket, PUSH["component_verify_ticket"].expect.ticket);
    assert.equal(events[1].info.taskid, PUSH["notify_third_fasteregister 2026 enterprise task"].expect.info.taskid);
  });
}

// ---- the message URL: /wechat/{appid}/callback ----

import { Client, ComponentToken } from "wxopen";
import { fakeFetch } from "./helpers.mjs";

const MESSAGE = Object.fromEntries(DOC.message_cases.map((c) => [c.name, c]));
const RELEASE = Object.fromEntries(DOC.release_cases.map((c) => [c.name, c]));

/** The Content of an encrypted passive reply. */
function replyText(body) {
  const field = (name) => body.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)`))[1];
  const query = { timestamp: field("TimeStamp"), nonce: field("Nonce"), msg_signature: field("MsgSignature") };
  return replay.decrypt(query, body).match(/<Content><!\[CDATA\[(.*)\]\]><\/Content>/)[1];
}

const postMessage = (base, c) => fetch(`${base}/wechat/${c.authorizer_appid}/callback?${c.query_string}`, { method: "POST", body: c.body });

for (const [name, make] of [
  ["http", (onEvent, options) => createHandler(replay, onEvent, options)],
  ["express", (onEvent, options) => createApp(replay, onEvent, options)],
]) {
  test(`${name} example: the message URL router`, async () => {
    const messages = [];
    const jobs = [];
    const wechat = fakeFetch(
      { status: 200, body: JSON.stringify({ authorization_info: { authorizer_appid: "wx5910277cae6fd970", authorizer_access_token: "AAT_test", expires_in: 7200, authorizer_refresh_token: "r" } }) },
      { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
    );
    const handler = make(() => {}, {
      onMessage: (m) => (messages.push(m), m.type === "text" ? `received: ${m.content}` : undefined),
      client: new Client({ fetch: wechat }),
      componentToken: async () => new ComponentToken("CAT_example"),
      afterAnswer: (job) => jobs.push(job),
    });
    await serve(handler, async (url) => {
      const base = url.replace("/wechat/component", "");
      const text = MESSAGE["text (documented example)"];
      const first = await postMessage(base, text);
      assert.equal(first.status, 200);
      assert.equal(replyText(await first.text()), "received: this is a test");
      assert.equal(await (await postMessage(base, text)).text(), "success"); // a retry
      assert.equal(await (await postMessage(base, MESSAGE["weapp_audit_fail (spec §13.3 sample)"])).text(), "success");
      assert.equal((await postMessage(base, MESSAGE["message: tampered msg_signature"])).status, 400);
      assert.equal((await fetch(`${base}/wechat/wx%2F..%2Fx/callback?${text.query_string}`, { method: "POST", body: text.body })).status, 400);
      const reply = RELEASE["TESTCOMPONENT_MSG_TYPE_TEXT to the group-1 official account"];
      assert.equal(replyText(await (await postMessage(base, reply)).text()), reply.expect.content);
      const code = RELEASE["QUERY_AUTH_CODE to the group-5 mini program"];
      const empty = await postMessage(base, code);
      assert.equal((await empty.text()), "");
      assert.equal(wechat.calls.length, 0); // nothing sent before the answer
    });
    assert.deepEqual(messages.map((m) => m.type), ["text", "weapp_audit_fail"]);
    assert.equal(jobs.length, 1);
    await jobs[0]();
    const [queryAuth, send] = wechat.calls;
    assert.ok(queryAuth.url.includes("/cgi-bin/component/api_query_auth?component_access_token=CAT_example"));
    assert.ok(send.url.endsWith("/cgi-bin/message/custom/send?access_token=AAT_test"));
    assert.equal(JSON.parse(send.body).text.content, RELEASE["QUERY_AUTH_CODE to the group-5 mini program"].expect.follow_up.content);
  });
}
