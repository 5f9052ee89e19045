// The foundation issue's three facts again, through `require` (CommonJS).
const assert = require("node:assert/strict");
const { test } = require("node:test");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const wxopen = require("wxopen");

const TOKEN = new wxopen.AuthorizerToken("wxmerchant0000001", "AAT_of_wxmerchant0000001");
const doc = JSON.parse(readFileSync(join(process.env.WXOPEN_VECTORS, "api_open.json"), "utf8"));
const bindCase = doc.cases.find((c) => c.operation === "open.bind" && c.request && Object.keys(c.input).length === 1);

function fakeFetch(...responses) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, ...init });
    const r = responses.shift();
    if (!r) throw new Error("unexpected fetch");
    return new Response(r.body, { status: r.status });
  };
  fn.calls = calls;
  return fn;
}

test("cjs: bind sends exactly the vector's request", async () => {
  const fetch = fakeFetch({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
  await new wxopen.Client({ fetch }).openBind(TOKEN, { openAppid: "wxopen00000000001" });
  assert.equal(fetch.calls[0].url, bindCase.request.url);
  assert.equal(fetch.calls[0].body, bindCase.request.body);
  assert.equal(fetch.calls[0].method, "POST");
});

test("cjs: errcode 89002 rejects with ApiError meaning not bound", async () => {
  const fetch = fakeFetch({ status: 200, body: '{"errcode":89002,"errmsg":"not bind"}' });
  const err = await new wxopen.Client({ fetch }).openBind(TOKEN, { openAppid: "x" }).catch((e) => e);
  assert.ok(err instanceof wxopen.ApiError);
  assert.equal(err.errcode, 89002);
  assert.match(err.meaning, /not bound/);
});

test("cjs: a missing openAppid is refused before anything is sent", async () => {
  const fetch = fakeFetch();
  const err = await new wxopen.Client({ fetch }).openBind(TOKEN).catch((e) => e);
  assert.ok(err instanceof wxopen.InvalidArgument);
  assert.ok(err instanceof wxopen.WxOpenError);
  assert.equal(err.field, "openAppid");
  assert.equal(fetch.calls.length, 0);
});
