// The Webhook through `require` (CommonJS): one push of the shared vectors.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Webhook, ComponentToken } = require("wxopen");

const DOC = JSON.parse(readFileSync(join(process.env.WXOPEN_VECTORS, "webhook.json"), "utf8"));

test("cjs: a component_verify_ticket push parses", () => {
  const p = DOC.platform;
  const hook = new Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
  const c = DOC.push_cases.find((x) => x.name === "component_verify_ticket");
  assert.equal(hook.crypto, "node", "the CJS build finds node:crypto too");
  const event = hook.parse(c.query_string, c.body, { now: c.now });
  assert.equal(event.type, "component_verify_ticket");
  assert.equal(event.ticket, c.expect.ticket);
  assert.equal(typeof ComponentToken, "function");
});
