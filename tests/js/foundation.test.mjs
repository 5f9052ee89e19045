// The foundation issue's three facts, through `import` (ESM), plus secrets and fetch failures.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import { ApiError, AuthorizerToken, Client, ComponentToken, InvalidArgument, TransportError, WrongTokenError, WxOpenError, explainErrcode } from "wxopen";
import { VECTORS, fakeFetch } from "./helpers.mjs";

const SECRET = "S3CR3T_TOKEN_VALUE_do_not_print";
const TOKEN = new AuthorizerToken("wxmerchant0000001", "AAT_of_wxmerchant0000001");
const doc = JSON.parse(readFileSync(join(VECTORS, "api_open.json"), "utf8"));
const bindCase = doc.cases.find((c) => c.operation === "open.bind" && c.request && Object.keys(c.input).length === 1);

test("bind sends exactly the vector's request", async () => {
  const fetch = fakeFetch({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
  assert.equal(await new Client({ fetch }).openBind(TOKEN, { openAppid: "wxopen00000000001" }), undefined);
  const [sent] = fetch.calls;
  assert.equal(sent.method, bindCase.request.method);
  assert.equal(sent.url, bindCase.request.url);
  assert.equal(sent.body, bindCase.request.body);
});

test("errcode 89002 rejects with ApiError meaning not bound", async () => {
  const fetch = fakeFetch({ status: 200, body: '{"errcode":89002,"errmsg":"account not bind open rid: 1"}' });
  const err = await new Client({ fetch }).openBind(TOKEN, { openAppid: "wxopen00000000001" }).catch((e) => e);
  assert.ok(err instanceof ApiError && err instanceof WxOpenError && err instanceof Error);
  assert.equal(err.errcode, 89002);
  assert.match(err.meaning, /not bound/);
  assert.match(err.meaningZh, /未绑定/);
  assert.equal(err.category, "state");
  assert.equal(err.retryable, false);
  assert.ok(err.hint.length > 0);
  assert.equal(err.raw, '{"errcode":89002,"errmsg":"account not bind open rid: 1"}');
});

test("a missing openAppid is refused before anything is sent", async () => {
  const fetch = fakeFetch();
  const err = await new Client({ fetch }).openBind(TOKEN, {}).catch((e) => e);
  assert.ok(err instanceof InvalidArgument, String(err));
  assert.equal(err.field, "openAppid");
  assert.equal(err.wireField, "open_appid");
  assert.match(err.message, /`openAppid`/);
  assert.equal(fetch.calls.length, 0);
});

test("wrong token kind is a WrongTokenError", async () => {
  const fetch = fakeFetch();
  const err = await new Client({ fetch }).openGet(new ComponentToken("CAT")).catch((e) => e);
  assert.ok(err instanceof WrongTokenError);
  assert.equal(err.expected, "authorizer");
  const err2 = await new Client({ fetch }).openGet("bare string").catch((e) => e);
  assert.ok(err2 instanceof WrongTokenError);
});

test("no secret in token output, errors or messages", async () => {
  const tokens = [new ComponentToken(SECRET), new AuthorizerToken("wxa", SECRET)];
  for (const t of tokens) {
    assert.ok(!inspect(t).includes(SECRET) && !String(t).includes(SECRET) && !JSON.stringify(t).includes(SECRET));
    assert.equal(t.value, SECRET);
  }
  const bodies = [
    { status: 200, body: '{"errcode":40001,"errmsg":"invalid credential"}' },
    { status: 503, body: "busy" },
    { status: 200, body: "not json" },
  ];
  for (const b of bodies) {
    const err = await new Client({ fetch: fakeFetch(b) }).openGet(tokens[1]).catch((e) => e);
    assert.ok(err instanceof WxOpenError);
    const shown = `${err} ${err.stack} ${inspect(err)} ${JSON.stringify(err.details)}`;
    assert.ok(!shown.includes(SECRET), shown);
  }
  const failing = async (url) => { throw new TypeError(`fetch failed for ${url}`); };
  const err = await new Client({ fetch: failing }).openGet(tokens[1]).catch((e) => e);
  assert.ok(err instanceof TransportError && err.retryable);
  assert.ok(!`${err} ${inspect(err)}`.includes(SECRET), String(err));
  assert.match(String(err), /access_token=\*\*\*/);
});

test("results are camelCase with a hidden raw body", async () => {
  const body = '{"errcode":0,"have_open":"true"}';
  const result = await new Client({ fetch: fakeFetch({ status: 200, body }) }).openHave(TOKEN);
  assert.deepEqual(result.toObject(), { haveOpen: true });
  assert.equal(result.raw, body);
  assert.deepEqual(Object.keys(result), ["haveOpen"]);
});

test("explainErrcode knows the catalogue", () => {
  const e = explainErrcode(61004);
  assert.equal(e.known, true);
  assert.equal(e.category, "permission");
  assert.equal(explainErrcode(123456789).known, false);
});

test("the real fetch over loopback", async () => {
  const { createServer } = await import("node:http");
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ open_appid: `seen ${req.url} ${body}` }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const client = new Client({ apiBase: `http://127.0.0.1:${server.address().port}` });
    const result = await client.openGet(TOKEN);
    assert.equal(result.openAppid, "seen /cgi-bin/open/get?access_token=AAT_of_wxmerchant0000001 {}");
  } finally {
    server.close();
  }
});

test("a misspelt field is refused, named as the caller wrote it", async () => {
  const fetch = fakeFetch();
  const err = await new Client({ fetch }).openBind(TOKEN, { openAppId: "wxopen00000000001" }).catch((e) => e);
  assert.ok(err instanceof InvalidArgument, String(err));
  assert.equal(err.field, "openAppId");
  assert.equal(fetch.calls.length, 0);
});
