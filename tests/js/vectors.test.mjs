// Every api_*.json vector through the JS client (ESM import of the packed package).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as wxopen from "wxopen";
import { apiCases, camelDeep, fakeFetch } from "./helpers.mjs";

const OPS = new Map(wxopen.operations().map((op) => [op.name, op]));

function token(spec) {
  if (spec.kind === "authorizer") return new wxopen.AuthorizerToken(spec.appid, spec.value);
  if (spec.kind === "component") return new wxopen.ComponentToken(spec.value);
  return null;
}

/** Always a promise: page URLs are built synchronously, and may throw synchronously. */
async function call(client, c) {
  const op = OPS.get(c.operation);
  assert.ok(op, `unknown operation ${c.operation}`);
  const method = client[op.js].bind(client);
  const args = camelDeep(c.input ?? {});
  if (op.token !== "none") return method(token(c.token), args);
  const given = token(c.token);
  // These methods take no token argument; the core refuses one given through buildRequest.
  if (given !== null) return client.buildRequest(op.name, given, args);
  return method(args);
}

function checkError(err, expected) {
  assert.ok(err instanceof wxopen.WxOpenError, `not a WxOpenError: ${err}`);
  assert.equal(err.code, expected.code, err.message);
  for (const [k, v] of Object.entries(expected)) {
    const actual = k === "field" ? err.wireField : err.details[camelKey(k)] ?? err.details[k];
    assert.deepEqual(actual, v, `error field ${k}: ${JSON.stringify(err.details)}`);
  }
}
const camelKey = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

for (const [id, c] of apiCases()) {
  test(id, async () => {
    if (c.error) {
      const fetch = fakeFetch();
      await assert.rejects(call(new wxopen.Client({ fetch }), c), (e) => (checkError(e, c.error), true));
      assert.equal(fetch.calls.length, 0, "refused input must not be sent");
      return;
    }
    if (OPS.get(c.operation).kind === "page") {
      const fetch = fakeFetch();
      const url = await call(new wxopen.Client({ fetch }), c);
      assert.equal(c.request.method, "GET");
      assert.equal(url, c.request.url);
      assert.equal(fetch.calls.length, 0, "a page URL is for the browser, not fetched");
      return;
    }
    assert.ok((c.responses ?? []).length > 0, "an API case needs responses");
    for (const r of c.responses) {
      const fetch = fakeFetch({ status: r.status, body: r.body });
      const client = new wxopen.Client({ fetch });
      if (r.error) {
        await assert.rejects(call(client, c), (e) => (checkError(e, r.error), true));
      } else {
        const result = await call(client, c);
        if (r.result === null) assert.equal(result, undefined);
        else {
          assert.deepEqual(result.toObject(), camelDeep(r.result));
          assert.equal(result.raw, r.body);
        }
      }
      const [sent] = fetch.calls;
      assert.equal(sent.method, c.request.method);
      assert.equal(sent.url, c.request.url);
      assert.deepEqual(Object.entries(sent.headers), c.request.headers);
      assert.equal(sent.body ?? "", c.request.body);
    }
  });
}

test("every operation has a JS method", () => {
  for (const op of OPS.values()) assert.equal(typeof wxopen.Client.prototype[op.js], "function", op.name);
});
