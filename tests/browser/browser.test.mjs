// The npm package in a real browser (headless Chromium): the ESM build loads with no Node
// built-ins, validates and builds requests, calls through the page's own fetch, and verifies,
// decrypts and parses pushes. Results are written into the page, which tests/browser/run.sh
// reads with --dump-dom. Everything is served from 127.0.0.1. Pushes and messages go through
// every entry: `wxopen`, `wxopen/lite` (the smaller wasm module a page loads) and `wxopen/push`
// (the smallest, for push handlers).
import * as wxopen from "./pkg/dist/index.mjs";
import * as lite from "./pkg/dist/lite.mjs";
import * as push from "./pkg/dist/push.mjs";

const out = document.getElementById("out");
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(`ok - ${name}`);
  } catch (e) {
    results.push(`not ok - ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
// As tests/js/helpers.mjs: the vectors' snake_case keys in camelCase, except under `fields`,
// with `null` fields left out (absent fields read as `undefined`).
const snakeToCamel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
function camelDeep(v, camel = true) {
  if (Array.isArray(v)) return v.map((x) => camelDeep(x, camel));
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [camel ? snakeToCamel(k) : k, camelDeep(x, camel && k !== "fields")]),
  );
}
function sameValue(a, b) {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue(a[k], b[k]));
}

const vectors = await (await fetch("./vectors/webhook.json")).json();
const openVectors = await (await fetch("./vectors/api_open.json")).json();
const P = vectors.platform;

await check("no Node globals needed", () => {
  assert(typeof process === "undefined", "this must run without Node's process");
  assert(typeof wxopen.Client === "function" && typeof wxopen.Webhook === "function", "exports");
});

await check("bind builds exactly the vector request", () => {
  const c = openVectors.cases.find((x) => x.operation === "open.bind" && x.request && Object.keys(x.input).length === 1);
  const client = new wxopen.Client();
  const token = new wxopen.AuthorizerToken(c.token.appid, c.token.value);
  const req = client.buildRequest("open.bind", token, { openAppid: c.input.open_appid });
  assert(req.url === c.request.url, req.url);
  assert(req.body === c.request.body, req.body);
});

await check("a missing field is InvalidArgument, an errcode is ApiError", async () => {
  const token = new wxopen.AuthorizerToken("wxmerchant0000001", "AAT");
  const fakeFetch = async () => new Response('{"errcode":89002,"errmsg":"not bound"}', { status: 200 });
  const client = new wxopen.Client({ fetch: fakeFetch });
  const missing = await client.openBind(token, {}).catch((e) => e);
  assert(missing instanceof wxopen.InvalidArgument && missing.field === "openAppid", String(missing));
  const api = await client.openGet(token).catch((e) => e);
  assert(api instanceof wxopen.ApiError && api.errcode === 89002 && /not bound/.test(api.meaning), String(api));
});

await check("the page's real fetch reaches the API base", async () => {
  const client = new wxopen.Client({ apiBase: `${location.origin}/api` });
  const token = new wxopen.AuthorizerToken("wxmerchant0000001", "AAT");
  // run.sh serves api/cgi-bin/open/get as a static JSON answer.
  const result = await client.openGet(token);
  assert(result.openAppid === "wxopen_static_answer", JSON.stringify(result));
});

await check("credentials stay out of what the console lists and of JSON, readable by property", async () => {
  const body = '{"component_access_token":"CAT_S3CR3T_browser","expires_in":7200}';
  const client = new wxopen.Client({ fetch: async () => new Response(body, { status: 200 }) });
  const grant = await client.componentToken({ componentAppid: "wx1", componentAppsecret: "s", componentVerifyTicket: "t" });
  assert(grant.componentAccessToken === "CAT_S3CR3T_browser", "readable");
  assert(!Object.keys(grant).includes("componentAccessToken"), Object.keys(grant).join());
  assert(Object.getOwnPropertyDescriptor(grant, "componentAccessToken").enumerable === false, "not enumerable");
  assert(!JSON.stringify(grant).includes("S3CR3T") && !JSON.stringify({ ...grant }).includes("S3CR3T"), JSON.stringify(grant));
});

await check("a redirect is an HttpStatusError, not followed", async () => {
  const client = new wxopen.Client({ apiBase: `${location.origin}/redirect` });
  const err = await client.openGet(new wxopen.AuthorizerToken("wxmerchant0000001", "AAT")).catch((e) => e);
  assert(err instanceof wxopen.HttpStatusError, String(err));
});

await check("a URL object is a base; a number is a TypeError, and the module keeps working", () => {
  const client = new wxopen.Client({ apiBase: new URL(`${location.origin}/api`) });
  const url = client.buildRequest("open.get", new wxopen.AuthorizerToken("wx1", "AAT")).url;
  assert(url === `${location.origin}/api/cgi-bin/open/get?access_token=AAT`, url);
  let e;
  try { new wxopen.Client({ apiBase: 42 }); } catch (x) { e = x; }
  assert(e instanceof TypeError, String(e));
  assert(wxopen.explainErrcode(89002).known, "still alive");
});

await check("a Platform with a MemoryStore and a scripted fetch: mint, refresh, 42001 retry, a push", async () => {
  const CID = P.component_appid;
  const sent = [];
  const replies = {
    "/cgi-bin/component/api_component_token": [{ component_access_token: "CAT_browser", expires_in: 7200 }],
    "/cgi-bin/component/api_authorizer_token": [
      { authorizer_access_token: "AAT_1", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@R1" },
      { authorizer_access_token: "AAT_2", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@R2" },
    ],
    "/cgi-bin/open/get": [{ errcode: 42001, errmsg: "expired" }, { errcode: 0, open_appid: "wxopen_in_browser" }],
  };
  const events = [];
  let now = Date.now();
  const platform = new wxopen.Platform({
    componentAppid: CID,
    componentAppsecret: "browser_secret",
    token: P.token,
    encodingAesKey: P.encoding_aes_key,
    store: new wxopen.MemoryStore(),
    fetch: async (url, init) => {
      const u = new URL(url);
      sent.push(u.pathname + " " + (u.searchParams.get("access_token") ?? u.searchParams.get("component_access_token") ?? ""));
      return new Response(JSON.stringify(replies[u.pathname].shift()), { status: 200 });
    },
    clock: () => now,
    onEvent: (e) => events.push(e),
  });
  // The ticket arrives as a push, verified and stored in the page.
  const hook = new wxopen.Webhook({ token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: CID });
  const ts = String(Math.floor(now / 1000));
  const inner = `<xml><AppId>${CID}</AppId><CreateTime>${ts}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@browser</ComponentVerifyTicket></xml>`;
  const { encrypt, msgSignature } = hook.encrypt(inner, { timestamp: ts, nonce: "7" });
  const event = await platform.handle({ timestamp: ts, nonce: "7", msg_signature: msgSignature }, `<xml><AppId>${CID}</AppId><Encrypt>${encrypt}</Encrypt></xml>`);
  assert(event.type === "component_verify_ticket", event.type);
  await platform.importAuthorizer("wxmerchant0000001", "refreshtoken@@@R1");
  const account = await platform.authorizer("wxmerchant0000001").openGet();
  assert(account.openAppid === "wxopen_in_browser", JSON.stringify(account));
  assert(sent.join() === [
    "/cgi-bin/component/api_component_token ",
    "/cgi-bin/component/api_authorizer_token CAT_browser",
    "/cgi-bin/open/get AAT_1",
    "/cgi-bin/component/api_authorizer_token CAT_browser",
    "/cgi-bin/open/get AAT_2",
  ].join(), sent.join());
  const kinds = events.map((e) => e.kind).join();
  assert(kinds === "ticket_stored,component_token_minted,authorizer_token_refreshed,token_rejected,authorizer_token_refreshed", kinds);
  assert(!/CAT_browser|AAT_|@@@|browser_secret/.test(JSON.stringify(events)), "no secret in events");
  assert(await platform.authorizerStatus("wxmerchant0000001") === "authorized", "status");
  const token = await platform.authorizer("wxmerchant0000001").accessToken();
  assert(token.value === "AAT_2" && token.expiresAtMs === now + 7200 * 1000 && String(token) === "AuthorizerToken(wxmerchant0000001, ***)", String(token));
});

for (const [entry, m] of [["wxopen", wxopen], ["wxopen/lite", lite], ["wxopen/push", push]]) {
  for (const c of vectors.push_cases) {
    await check(`push (${entry}): ${c.name}`, () => {
      const hook = new m.Webhook({
        token: P.token,
        encodingAesKey: P.encoding_aes_key,
        componentAppid: P.component_appid,
        ...(c.max_body_bytes ? { maxBodyBytes: c.max_body_bytes } : {}),
      });
      let got;
      try {
        got = hook.parse(new URLSearchParams(c.query_string), c.body, { now: c.now });
      } catch (e) {
        assert(c.error && e instanceof m.WxOpenError && e.code === c.error.code, `${c.name}: ${e}`);
        return;
      }
      assert(!c.error, `${c.name}: expected ${c.error && c.error.code}`);
      assert(got.type === c.expect.type && got.componentAppid === c.expect.component_appid, JSON.stringify(got));
      assert(sameValue(got.toObject(), camelDeep(c.expect)), `${c.name}: ${JSON.stringify(got)}`);
    });
  }

  for (const c of vectors.message_cases) {
    await check(`message (${entry}): ${c.name}`, () => {
      const p = c.platform ?? P;
      const hook = new m.Webhook({ token: p.token, encodingAesKey: p.encoding_aes_key, componentAppid: p.component_appid });
      let got;
      try {
        got = hook.parseMessage(c.authorizer_appid, new URLSearchParams(c.query_string), c.body, { now: c.now });
      } catch (e) {
        assert(c.error && e instanceof m.WxOpenError && e.code === c.error.code, `${c.name}: ${e}`);
        return;
      }
      assert(!c.error, `${c.name}: expected ${c.error && c.error.code}`);
      assert(sameValue(got.toObject(), camelDeep(c.expect)), `${c.name}: ${JSON.stringify(got.toObject())}`);
    });
  }
}

await check("a release check's passive reply is byte-exact with the pure crypto", () => {
  const c = vectors.release_cases.find((x) => x.expect && x.expect.action === "reply_text");
  const hook = new wxopen.Webhook({ token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: P.component_appid });
  const message = hook.parseMessage(c.authorizer_appid, c.query, c.body, { now: c.now });
  const check = hook.releaseCheck(message, { nonce: c.reply_nonce, timestamp: c.reply_timestamp, random: new TextEncoder().encode(c.reply_random) });
  assert(check && check.body === c.expect.body, String(check && check.body));
});

await check("pushes use the pure-Rust crypto here (no node:crypto in a browser)", () => {
  const options = { token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: P.component_appid };
  assert(new wxopen.Webhook(options).crypto === "pure", "auto must pick pure in a browser");
  assert(new wxopen.Webhook({ ...options, crypto: "pure" }).crypto === "pure", "explicit pure");
  let refused;
  try {
    new wxopen.Webhook({ ...options, crypto: "node" });
  } catch (e) {
    refused = e;
  }
  assert(refused instanceof TypeError && /node:crypto|Node/.test(refused.message), String(refused));
});

const failed = results.filter((r) => r.startsWith("not ok")).length;
out.textContent = `${results.join("\n")}\nbrowser: ${results.length - failed} passed, ${failed} failed\n`;
out.dataset.done = "1";
