// wxopen/lite through `require` (CommonJS): dist/lite.cjs, the smaller wasm module.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const lite = require("wxopen/lite");

const DOC = JSON.parse(readFileSync(join(process.env.WXOPEN_VECTORS, "webhook.json"), "utf8"));

test("cjs lite: a component_verify_ticket push parses; no Platform here", () => {
  const p = DOC.platform;
  const hook = new lite.Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
  const c = DOC.push_cases.find((x) => x.name === "component_verify_ticket");
  assert.equal(hook.crypto, "node");
  const event = hook.parse(c.query_string, c.body, { now: c.now });
  assert.equal(event.type, "component_verify_ticket");
  assert.equal(event.ticket, c.expect.ticket);
  assert.equal(lite.Platform, undefined);
  assert.ok(lite.operations().length > 30);
});
