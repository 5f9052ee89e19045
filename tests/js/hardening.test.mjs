// Issue 7 (hardening), JavaScript side: one test (or a few) per numbered item, named after it.
// Each failed before the fix; core/tests/hardening.rs and tests/python/test_hardening.py carry
// the same items in Rust and Python.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import * as wxopen from "wxopen";
import { VECTORS, fakeFetch } from "./helpers.mjs";

const DOC = JSON.parse(readFileSync(join(VECTORS, "webhook.json"), "utf8"));
const P = DOC.platform;
const PUSH = Object.fromEntries(DOC.push_cases.map((c) => [c.name, c]));
const SECRET = "S3CR3T_never_shown_0123";
const AAT = new wxopen.AuthorizerToken("wxofficial00000001", `AAT_${SECRET}`);
const CAT = new wxopen.ComponentToken(`CAT_${SECRET}`);
const OTHER_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const platform = (extra = {}) => ({ token: P.token, encodingAesKey: P.encoding_aes_key, componentAppid: P.component_appid, ...extra });
const parseCase = (name, hook = new wxopen.Webhook(platform())) => {
  const c = PUSH[name];
  return hook.parse(c.query, c.body, { now: c.now });
};
const answering = (body, status = 200) => new wxopen.Client({ fetch: fakeFetch({ status, body }) });
const caught = async (promise) => promise.then((v) => assert.fail(`expected a rejection, got ${inspect(v)}`), (e) => e);
const thrown = (fn) => { try { fn(); } catch (e) { return e; } return assert.fail("expected a throw"); };
/** Every display form of a value or error (what console.log, logs and JSON show). */
const shown = (v) => `${inspect(v, { depth: 8, showHidden: false })} ${JSON.stringify(v)} ${v instanceof Error ? `${v} ${v.stack} ${inspect(v.cause, { depth: 8 })}` : ""}`;

// ---- 1. the appid an event reports ----

test("item01: a push naming another platform in AppId is refused (Webhook and router)", () => {
  const err = thrown(() => parseCase("decrypted push naming another platform in AppId (valid for this one in every other check)"));
  assert.ok(err instanceof wxopen.AppidConflictError && err instanceof wxopen.WebhookError, String(err));
  assert.equal(err.code, "appid_conflict");
  const a = new wxopen.Webhook(platform());
  const b = new wxopen.Webhook({ token: "tokenB", encodingAesKey: OTHER_KEY, componentAppid: "wx0000000000000002" });
  const router = new wxopen.WebhookRouter(a, b);
  const tickets = { wx0000000000000002: "ticket@@@B_own" };
  const forged = "<xml><AppId>wx0000000000000002</AppId><CreateTime>1767225600</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@from_A</ComponentVerifyTicket></xml>";
  const { encrypt, msgSignature } = a.encrypt(forged, { timestamp: "1767225600", nonce: "77" });
  const body = `<xml><AppId>${P.component_appid}</AppId><Encrypt>${encrypt}</Encrypt></xml>`;
  assert.throws(() => {
    const event = router.parse({ timestamp: "1767225600", nonce: "77", msg_signature: msgSignature }, body, { now: 1767225600 });
    tickets[event.componentAppid] = event.ticket;
  }, wxopen.AppidConflictError);
  assert.deepEqual(tickets, { wx0000000000000002: "ticket@@@B_own" });
  const event = parseCase("decrypted push without AppId reports the verified platform", router);
  assert.equal(event.componentAppid, P.component_appid);
});

// ---- 2. JS numeric options ----

test("item02: maxAge and maxBodyBytes refuse every bad value; only null turns the window off", () => {
  for (const bad of [NaN, -1, Infinity, 1.5, 2 ** 60]) {
    const e = thrown(() => new wxopen.Webhook(platform({ maxAge: bad })));
    assert.ok(e instanceof wxopen.InvalidArgument && e.field === "maxAge", `${bad}: ${e}`);
  }
  for (const bad of ["300", {}, [], true]) {
    assert.throws(() => new wxopen.Webhook(platform({ maxAge: bad })), (e) => e instanceof TypeError && /maxAge/.test(e.message), String(bad));
  }
  assert.equal(new wxopen.Webhook(platform({ maxAge: Number(process.env.WXOPEN_UNSET_VARIABLE ?? "x") === 1 ? 1 : 300 })).maxAge, 300);
  assert.throws(() => new wxopen.Webhook(platform({ maxAge: Number(process.env.WXOPEN_UNSET_VARIABLE) })), wxopen.InvalidArgument);
  assert.equal(new wxopen.Webhook(platform({ maxAge: null })).maxAge, null);
  assert.equal(new wxopen.Webhook(platform({ maxAge: undefined })).maxAge, wxopen.DEFAULT_MAX_AGE);
  for (const bad of [-1, 2 ** 32, 1.5, NaN]) {
    const e = thrown(() => new wxopen.Webhook(platform({ maxBodyBytes: bad })));
    assert.ok(e instanceof wxopen.InvalidArgument && e.field === "maxBodyBytes", `${bad}: ${e}`);
  }
  assert.equal(new wxopen.Webhook(platform({ maxBodyBytes: 2 ** 32 - 1 })).maxBodyBytes, 2 ** 32 - 1);
  // A stale push stays stale whatever `now` is passed: NaN and strings are refused, not 0.
  const c = PUSH["stale timestamp (301 s old)"];
  const hook = new wxopen.Webhook(platform());
  assert.throws(() => hook.parse(c.query, c.body, { now: NaN }), wxopen.InvalidArgument);
  assert.throws(() => hook.parse(c.query, c.body, { now: "1767225600" }), TypeError);
});

test("item02: errcodes, reply nonces, timestamps and random bytes are never wrapped or invented", () => {
  assert.equal(wxopen.explainErrcode(61004).known, true);
  assert.equal(wxopen.explainErrcode("61004").known, true);
  // 2^32 + 61004 is not 61004: the number is taken whole, never wrapped to 32 bits.
  const big = wxopen.explainErrcode(2 ** 32 + 61004);
  assert.equal(big.known, false);
  assert.equal(big.errcode, 2 ** 32 + 61004);
  assert.throws(() => wxopen.explainErrcode(2 ** 60), wxopen.InvalidArgument);
  assert.throws(() => wxopen.explainErrcode(1.5), wxopen.InvalidArgument);
  assert.throws(() => wxopen.explainErrcode({}), TypeError);
  const hook = new wxopen.Webhook(platform());
  assert.throws(() => hook.encryptReply("<xml/>", {}), (err) => err instanceof TypeError && /nonce/.test(err.message));
  assert.throws(() => hook.encryptReply("<xml/>"), TypeError);
  assert.throws(() => hook.encryptReply("<xml/>", { nonce: "1", timestamp: "soon" }), TypeError);
  assert.throws(() => hook.encryptReply("<xml/>", { nonce: "1", timestamp: NaN }), wxopen.InvalidArgument);
  assert.throws(() => hook.encrypt("<xml/>", { timestamp: "1", nonce: "2", random: "0123456789abcdef" }), TypeError);
  assert.throws(() => hook.encrypt("<xml/>", { timestamp: "1", nonce: "2", random: new Uint8Array(3) }), wxopen.InvalidArgument);
  assert.throws(() => hook.encrypt("<xml/>", { nonce: "2" }), TypeError);
});

// ---- 3. secrets in display forms ----

test("item03: results hide credentials from console.log, util.inspect and JSON; values stay readable", async () => {
  const body = JSON.stringify({
    authorization_info: {
      authorizer_appid: "wxmini0001",
      authorizer_access_token: `AAT_${SECRET}`,
      expires_in: 7200,
      authorizer_refresh_token: `refreshtoken@@@${SECRET}`,
      func_info: [{ funcscope_category: { id: 17 } }],
    },
    new_ticket: `T_${SECRET}`,
  });
  const result = await answering(body).queryAuth(CAT, { componentAppid: "wxc", authorizationCode: "code" });
  assert.ok(!shown(result).includes(SECRET), shown(result));
  assert.ok(!shown(result.authorizationInfo).includes(SECRET));
  assert.match(inspect(result, { depth: 5 }), /authorizerAccessToken: '\*\*\*'/);
  assert.equal(result.authorizationInfo.authorizerAccessToken, `AAT_${SECRET}`);
  assert.equal(result.authorizationInfo.authorizerRefreshToken, `refreshtoken@@@${SECRET}`);
  assert.equal(result.newTicket, `T_${SECRET}`);
  // The browser console lists own enumerable properties: the credentials are not among them.
  assert.ok(!Object.keys(result.authorizationInfo).includes("authorizerAccessToken"));
  assert.ok(!JSON.stringify({ ...result.authorizationInfo }).includes(SECRET));
  assert.equal(result.toObject().authorizationInfo.authorizerAccessToken, `AAT_${SECRET}`);
  assert.ok(result instanceof wxopen.Result);
});

test("item03: events hide tickets, codes and secret-looking unknown elements", () => {
  const ticket = parseCase("component_verify_ticket");
  assert.ok(!shown(ticket).includes("ticket@@@"), shown(ticket));
  assert.equal(ticket.ticket, PUSH.component_verify_ticket.expect.ticket);
  const other = parseCase("InfoType spelled Authorized is an unknown event, credentials kept as text");
  const text = shown(other);
  assert.ok(!text.includes("@@@Other"), text);
  assert.match(text, /AuthorizationCodeExpiredTime/);
  assert.equal(other.fields.AuthorizationCode, "queryauthcode@@@Other");
  assert.equal(other.fields.PreAuthCode, "preauthcode@@@Other");
  assert.equal(wxopen.isSecretField("ComponentVerifyTicket"), true);
});

// ---- 4. base URLs validated, transport errors redacted with their cause ----

test("item04: a bad base URL is refused when the client is made, without quoting it", () => {
  for (const bad of ["http://127.0.0.1:9/\n", "https://api.weixin.qq.com\r", "http://user:pw@h", "http://h/?access_token=x", "ftp://h"]) {
    const e = thrown(() => new wxopen.Client({ apiBase: bad }));
    assert.ok(e instanceof wxopen.InvalidArgument && e.field === "apiBase", `${JSON.stringify(bad)}: ${e}`);
    assert.ok(!e.message.includes("pw@"), e.message);
  }
  assert.throws(() => new wxopen.Client({ openBase: "open.weixin.qq.com" }), (e) => e.field === "openBase");
});

test("item04: a fetch failure keeps its cause, every credential redacted", async () => {
  const failing = async (url, init) => {
    const inner = new Error(`connect ECONNREFUSED for ${url}`);
    inner.code = "ECONNREFUSED";
    throw new TypeError(`fetch failed: ${url} ${init.body}`, { cause: inner });
  };
  const err = await caught(new wxopen.Client({ fetch: failing }).openGet(AAT));
  assert.ok(err instanceof wxopen.TransportError && err.retryable, String(err));
  assert.ok(err.cause instanceof Error, "the cause is kept");
  assert.equal(err.cause.name, "TypeError");
  assert.equal(err.cause.cause.code, "ECONNREFUSED");
  assert.match(err.cause.message, /access_token=\*\*\*/);
  assert.ok(!shown(err).includes(SECRET), shown(err));
  const err2 = await caught(new wxopen.Client({ fetch: failing }).componentToken({ componentAppid: "wx1", componentAppsecret: `APPSECRET_${SECRET}`, componentVerifyTicket: `ticket@@@${SECRET}` }));
  assert.ok(!shown(err2).includes(SECRET), shown(err2));
});

// ---- 5. smaller leaks ----

test("item05: a secret of the wrong type and a bad response value are named, never quoted", async () => {
  const fetch = fakeFetch();
  const err = await caught(new wxopen.Client({ fetch }).componentToken({ componentAppid: "wx1", componentAppsecret: 98765432123, componentVerifyTicket: "t" }));
  assert.ok(err instanceof wxopen.InvalidArgument && err.field === "componentAppsecret", String(err));
  assert.ok(!shown(err).includes("98765432123") && !JSON.stringify(err.details).includes("98765432123"), shown(err));
  assert.equal(fetch.calls.length, 0);
  const decode = await caught(answering(`{"component_access_token":"CAT_x","expires_in":"SEVEN_${SECRET}"}`).componentToken({ componentAppid: "wx1", componentAppsecret: "s", componentVerifyTicket: "t" }));
  assert.ok(decode instanceof wxopen.DecodeError && decode.field === "expiresIn", String(decode));
  assert.ok(!`${decode} ${decode.stack} ${JSON.stringify(decode.details)}`.includes(SECRET));
  assert.ok(decode.raw.includes(SECRET), "the body itself is there for who asks for it");
});

// ---- 6. redirects are not followed ----

test("item06: a 302 on a POST is an HttpStatusError, not a followed GET that looks like success", async () => {
  const server = createServer((req, res) => {
    if (req.method === "POST") {
      res.writeHead(302, { location: "/landing" });
      res.end();
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"errcode":0,"errmsg":"ok"}');
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const client = new wxopen.Client({ apiBase: `http://127.0.0.1:${server.address().port}` });
    const err = await caught(client.rebindAdmin(AAT, { taskid: "task_0001" }));
    assert.ok(err instanceof wxopen.HttpStatusError, String(err));
    assert.equal(err.status, 302);
  } finally {
    server.close();
  }
});

// ---- 7. no wasm trap: every JS value reaches the glue with the type it expects ----

test("item07: URL objects are accepted; other non-strings are TypeErrors naming the argument", async () => {
  const base = new URL("http://127.0.0.1:9/prefix/");
  const url = new wxopen.Client({ apiBase: base, fetch: fakeFetch() }).buildRequest("open.get", AAT).url;
  assert.equal(url, `http://127.0.0.1:9/prefix/cgi-bin/open/get?access_token=AAT_${SECRET}`);
  for (const [options, name] of [[{ apiBase: 42 }, "apiBase"], [{ mpBase: {} }, "mpBase"], [{ openBase: null }, "openBase"], [{ fetch: "fetch" }, "fetch"]]) {
    assert.throws(() => new wxopen.Client(options), (e) => e instanceof TypeError && e.message.includes(name), name);
  }
  const client = new wxopen.Client({ fetch: fakeFetch() });
  assert.throws(() => client.buildRequest(42, AAT), (e) => e instanceof TypeError && /op/.test(e.message));
  assert.throws(() => client.buildRequest(Symbol("x"), AAT), TypeError);
  assert.throws(() => wxopen.explainErrcode(61004, 7), (e) => e instanceof TypeError && /operation/.test(e.message));
  assert.throws(() => wxopen.signature({}, 1, 2), TypeError);
  await assert.rejects(client.openGet(AAT, "appid"), TypeError);
  // The module still works after all of that.
  assert.equal(wxopen.explainErrcode(89002).known, true);
});

// ---- 8. missing response fields ----

test("item08: absent fields are undefined, required ones are a DecodeError naming them", async () => {
  const linked = await answering('{"errcode":0,"wxopens":{"items":[{"status":1,"username":"gh_x"}]}}').linkGet(AAT);
  const [item] = linked.wxopens.items;
  for (const field of ["appid", "selected", "released", "nearbyDisplayStatus", "funcInfos"]) {
    assert.equal(item[field], undefined, field);
    assert.ok(!(field in item), field);
  }
  const info = await answering('{"authorizer_info":{"nick_name":"n"},"authorization_info":{"appid":"wxold"}}').getAuthorizerInfo(CAT, { componentAppid: "wxc", authorizerAppid: "wxold" });
  assert.equal(info.authorizationInfo.authorizerAppid, undefined);
  assert.equal(info.authorizationInfo.appid, "wxold");
  const err = await caught(answering('{"authorization_info":{"authorizer_access_token":"a","expires_in":7200,"authorizer_refresh_token":"r"}}').queryAuth(CAT, { componentAppid: "wxc", authorizationCode: "code" }));
  assert.ok(err instanceof wxopen.DecodeError, String(err));
  assert.equal(err.field, "authorizationInfo.authorizerAppid");
  assert.equal(err.wireField, "authorization_info.authorizer_appid");
});

// ---- 9. a ticket without CreateTime, a JSON body with a BOM ----

test("item09: a ticket push without CreateTime and a JSON body with a BOM are read", async () => {
  const event = parseCase("component_verify_ticket without CreateTime (peers read it)");
  assert.equal(event.ticket, "ticket@@@noCreateTime");
  assert.equal(event.createTime, undefined);
  const grant = await answering('\ufeff{"component_access_token":"CAT_bom","expires_in":7200}').componentToken({ componentAppid: "wx1", componentAppsecret: "s", componentVerifyTicket: "t" });
  assert.equal(grant.expiresIn, 7200);
});

// ---- 10. unmodelled fields ----

test("item10: unmodelled fields are properties of the result", async () => {
  const body = JSON.stringify({
    authorizer_info: { idc: 1, MiniProgramInfo: { network: { RequestDomain: [], TCPDomain: ["tcp.example.com"], NewRequestDomain: [] } } },
    authorization_info: { authorizer_appid: "wx1", func_info: [{ funcscope_category: { id: 17 }, confirm_info: { can_confirm: 1 } }] },
  });
  const info = await answering(body).getAuthorizerInfo(CAT, { componentAppid: "wxc", authorizerAppid: "wx1" });
  assert.equal(info.authorizerInfo.idc, 1);
  assert.deepEqual(info.authorizerInfo.MiniProgramInfo.network.TCPDomain, ["tcp.example.com"]);
  assert.deepEqual(info.authorizerInfo.MiniProgramInfo.network.NewRequestDomain, []);
  assert.equal(info.authorizationInfo.funcInfo[0].confirmInfo.canConfirm, 1);
});

// ---- 11. statuses ----

test("item11: statuses are numbers in results and events; describeStatus gives the meaning", async () => {
  const linked = await answering('{"wxopens":{"items":[{"status":1},{"status":"12"},{"status":7}]}}').linkGet(AAT);
  const [a, b, c] = linked.wxopens.items;
  assert.ok(a.status === 1 && b.status === 12 && c.status === 7);
  assert.equal(wxopen.describeStatus("link", a.status).name, "linked");
  assert.equal(wxopen.describeStatus("link", c.status).known, false);
  const event = parseCase("notify_third_fastverifybetaapp failure");
  assert.equal(event.status, 100001);
  assert.equal(typeof event.status, typeof a.status);
  assert.equal(wxopen.describeStatus("enterprise", event.status).name, "idcard_check_timeout");
});

// ---- 12. events ----

test("item12: unknown events keep nesting; values stay text", () => {
  const event = parseCase("unknown InfoType is kept, nesting kept");
  assert.equal(event.fields.info.taskid, "t-1");
  assert.deepEqual(event.fields.info.item, ["a", "b"]);
  assert.equal(event.fields.CreateTime, "1767225611");
  assert.equal(event.fields.status, "7");
});

// ---- 13. never stricter than WeChat ----

test("item13: code_type 2 with and without hyphen; auth_type beyond 1-3 passes through", async () => {
  for (const code of ["12345678-9", "123456789"]) {
    const fetch = fakeFetch({ status: 200, body: '{"taskid":"t1"}' });
    await new wxopen.Client({ fetch }).registerEnterprise(CAT, { name: "某某公司", code, codeType: 2, legalPersonaOpenid: "oLegal0001", legalPersonaName: "张三" });
    assert.equal(JSON.parse(fetch.calls[0].body).code, code);
  }
  const client = new wxopen.Client({ fetch: fakeFetch() });
  assert.ok(client.componentLoginUrl({ componentAppid: "wxc", preAuthCode: "p", redirectUri: "https://x.example.com/cb", authType: 6 }).endsWith("&auth_type=6"));
  assert.ok(client.bindComponentUrl({ componentAppid: "wxc", preAuthCode: "p", redirectUri: "https://x.example.com/cb", authType: 1, bizAppid: "wxbiz" }).includes("auth_type=1&biz_appid=wxbiz"));
});

// ---- 14. clear errors ----

test("item14: a parsed object as the push body says to pass the raw body", () => {
  const c = PUSH.unauthorized;
  const hook = new wxopen.Webhook(platform());
  for (const parsed of [{ xml: { AppId: "wx" } }, 42, null]) {
    assert.throws(() => hook.parse(c.query, parsed, { now: c.now }), (e) => e instanceof TypeError && /raw request body/.test(e.message), String(parsed));
  }
  // Query values as query parsers give them: arrays, a number timestamp.
  const query = { ...c.query, timestamp: Number(c.query.timestamp), nonce: [c.query.nonce] };
  assert.equal(hook.parse(query, Buffer.from(c.body), { now: c.now }).type, "unauthorized");
  const huge = "k".repeat(100_000);
  const err = thrown(() => new wxopen.Client({ fetch: fakeFetch() }).buildRequest("register.beta_verify", AAT, { verifyInfo: { [huge]: "v" } }));
  assert.ok(err instanceof wxopen.InvalidArgument && err.message.length < 2000, err.message.length);
});

test("item14: a status outside 100-599 from a custom fetch is a clear error", async () => {
  const weird = async () => ({ status: 0, type: "basic", arrayBuffer: async () => new ArrayBuffer(0) });
  const err = await caught(new wxopen.Client({ fetch: weird }).openGet(AAT));
  assert.ok(err instanceof wxopen.InvalidArgument && err.field === "status", String(err));
});

// ---- one rule, one place ----

test("every core error code has a class; defaults come from the core", () => {
  const codes = new Set(wxopen.ERROR_CODES.map((c) => c.code));
  assert.deepEqual([...codes].sort(), [...wxopen.BY_CODE.keys()].sort());
  for (const info of wxopen.ERROR_CODES) {
    const cls = wxopen.BY_CODE.get(info.code);
    assert.ok(cls.code === info.code || cls.code === `${info.family}_error`, info.code);
  }
  assert.deepEqual([...wxopen.RAW_CODES].sort(), ["api_error", "decode_error", "http_status"]);
  assert.equal(new wxopen.TransportError("x").retryable, true);
  assert.equal(wxopen.DEFAULT_API_BASE, "https://api.weixin.qq.com");
  assert.equal(wxopen.DEFAULT_MAX_AGE, 300);
  assert.equal(wxopen.DEFAULT_MAX_BODY_BYTES, 65536);
  assert.deepEqual(wxopen.QUERY_KEYS.slice(0, 3), ["timestamp", "nonce", "msg_signature"]);
});
