// wxopen/push through `require` (CommonJS): dist/push.cjs, the smallest wasm module.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const push = require("wxopen/push");

const DOC = JSON.parse(readFileSync(join(process.env.WXOPEN_VECTORS, "webhook.json"), "utf8"));

test("cjs push: a component_verify_ticket push parses; no Client or Platform here", () => {
  const p = DOC.platform;
  const hook = new push.Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
  const c = DOC.push_cases.find((x) => x.name === "component_verify_ticket");
  assert.equal(hook.crypto, "node");
  const event = hook.parse(c.query_string, c.body, { now: c.now });
  assert.equal(event.type, "component_verify_ticket");
  assert.equal(event.ticket, c.expect.ticket);
  assert.equal(push.Client, undefined);
  assert.equal(push.Platform, undefined);
});
