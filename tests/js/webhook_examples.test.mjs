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
