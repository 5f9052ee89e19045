// The driver glue end to end: the reference host loop (wxopen `driver` namespace) with a memory
// store and a scripted WeChat — a component token minted from a stored ticket, a warm call, a
// 42001 refresh, push intake, typed errors, and events that carry no secret.
import assert from "node:assert/strict";
import test from "node:test";
import * as wxopen from "wxopen";

const { driver } = wxopen;
const CID = "wxcomponent0000001";
const SECRET = "platform_appsecret_0001";
const TOKEN = "msgtoken";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const AUTHORIZER = "wxminiprog00000001";
const T0 = 1_700_000_000_000;
const CAT_PATH = "/cgi-bin/component/api_component_token";
const AAT_PATH = "/cgi-bin/component/api_authorizer_token";
const OPEN_GET = "/cgi-bin/open/get";

class CountingStore extends wxopen.MemoryStore {
  gets = 0;
  get(key, now) {
    this.gets += 1;
    return super.get(key, now);
  }
}

function host({ readOnly = false, store = new CountingStore() } = {}) {
  const h = {
    now: T0,
    store,
    events: [],
    sent: [],
    script: new Map(),
    driver: driver.createDriver({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, seed: 7, readOnly }),
  };
  h.on = (path, ...replies) => {
    h.script.set(path, [...(h.script.get(path) ?? []), ...replies]);
    return h;
  };
  h.fetch = async (url, init) => {
    h.sent.push({ url, ...init });
    const path = new URL(url).pathname;
    const next = h.script.get(path)?.shift();
    if (next === undefined) throw new Error(`unscripted request to ${path}`);
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next), { status: 200 });
  };
  h.run = (call) =>
    driver.run(call, {
      fetch: h.fetch,
      store: h.store,
      clock: () => h.now,
      sleep: async (ms) => { h.now += ms; },
      onEvent: (e) => h.events.push(e),
    });
  h.op = (op, args = {}, authorizer) => h.run(driver.callOperation(h.driver, op, args, authorizer));
  h.seed = async () => {
    assert.equal(await h.run(h.driver.storeTicket("ticket@@@latest", T0 / 1000)), true);
    assert.equal(await h.run(h.driver.importAuthorizer(AUTHORIZER, "refreshtoken@@@R1")), null);
    return h;
  };
  return h;
}

const cat = (v) => ({ component_access_token: v, expires_in: 7200 });
const aat = (v, r = "refreshtoken@@@R1") => ({ authorizer_access_token: v, expires_in: 7200, authorizer_refresh_token: r });

test("the component token is minted from the stored ticket; the appid is filled in", async () => {
  const h = await host().seed();
  h.on(CAT_PATH, cat("CAT1")).on("/cgi-bin/component/api_create_preauthcode", { pre_auth_code: "preauthcode@@@x", expires_in: 1800 });
  const out = await h.op("component.preauthcode");
  assert.deepEqual(out, { pre_auth_code: "preauthcode@@@x", expires_in: 1800 });
  assert.deepEqual(JSON.parse(h.sent[0].body), { component_appid: CID, component_appsecret: SECRET, component_verify_ticket: "ticket@@@latest" });
  assert.ok(h.sent[1].url.endsWith("component_access_token=CAT1"));
  assert.deepEqual(JSON.parse(h.sent[1].body), { component_appid: CID });
  assert.deepEqual(h.events.map((e) => e.kind), ["ticket_stored", "component_token_minted"]);
  const token = await h.run(h.driver.componentAccessToken());
  assert.equal(token.access_token, "CAT1");
});

test("a warm call goes straight to HTTP without touching the store", async () => {
  const h = await host().seed();
  h.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1")).on(OPEN_GET, { errcode: 0, open_appid: "wxopen0123456789" });
  await h.op("open.get", {}, AUTHORIZER);
  const gets = h.store.gets;
  const call = driver.callOperation(h.driver, "open.get", {}, AUTHORIZER);
  const first = JSON.parse(call.start(h.now));
  assert.equal(first.kind, "http");
  assert.ok(first.url.endsWith("access_token=AAT1"));
  const done = JSON.parse(call.response(200, new TextEncoder().encode('{"errcode":0,"open_appid":"wxopen0123456789"}'), h.now));
  assert.deepEqual(done, { kind: "done", value: { open_appid: "wxopen0123456789" } });
  assert.equal(h.store.gets, gets);
});

test("42001 refreshes the authorizer token and retries once, never in a loop", async () => {
  const h = await host().seed();
  h.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, aat("AAT1"), aat("AAT2", "refreshtoken@@@R2"));
  h.on(OPEN_GET, { errcode: 42001, errmsg: "expired" }, { errcode: 0, open_appid: "wxopen0123456789" });
  assert.deepEqual(await h.op("open.get", {}, AUTHORIZER), { open_appid: "wxopen0123456789" });
  const calls = h.sent.filter((s) => s.url.includes(OPEN_GET));
  assert.deepEqual(calls.map((s) => s.url.split("=").pop()), ["AAT1", "AAT2"]);
  const record = JSON.parse(h.store.get(`wxopen:${CID}:authorizer:${AUTHORIZER}`, h.now));
  assert.equal(record.refresh_token, "refreshtoken@@@R2");
  h.on(OPEN_GET, { errcode: 42001, errmsg: "x" }, { errcode: 42001, errmsg: "y" }).on(AAT_PATH, aat("AAT3"));
  await assert.rejects(h.op("open.get", {}, AUTHORIZER), (e) => e instanceof wxopen.ApiError && e.errcode === 42001 && e.raw.includes('"y"'));
});

test("typed errors: no ticket, unknown authorizer, ticket invalid, needs re-authorization", async () => {
  const h = host();
  await assert.rejects(h.run(h.driver.componentAccessToken()), (e) => e instanceof wxopen.NoTicketError && /start_push_ticket/.test(e.message) && e.componentAppid === CID);
  await assert.rejects(h.op("open.get", {}, "wxnobody0000000001"), (e) => e instanceof wxopen.UnknownAuthorizerError && e.authorizerAppid === "wxnobody0000000001");
  await h.seed();
  h.on(CAT_PATH, { errcode: 61006, errmsg: "invalid ticket" });
  await assert.rejects(h.run(h.driver.componentAccessToken()), (e) => e instanceof wxopen.TicketInvalidError && e instanceof wxopen.ApiError && e.errcode === 61006);
  h.on(CAT_PATH, cat("CAT1")).on(AAT_PATH, { errcode: 61023, errmsg: "rt invalid" });
  await assert.rejects(h.op("open.get", {}, AUTHORIZER), (e) => e instanceof wxopen.NeedsReauthorizationError && e instanceof wxopen.AuthorizerError);
  assert.equal(await h.run(h.driver.authorizerStatus(AUTHORIZER)), "needs_reauthorization");
  await assert.rejects(h.op("component.query_auth", {}), (e) => e instanceof wxopen.InvalidArgument && e.field === "operation");
});

test("read-only never mints", async () => {
  const store = new CountingStore();
  const writer = await host({ store }).seed();
  const reader = host({ store, readOnly: true });
  await assert.rejects(reader.run(reader.driver.componentAccessToken()), (e) => e instanceof wxopen.ReadOnlyError && e.token === "component");
  assert.equal(reader.sent.length, 0);
  writer.on(CAT_PATH, cat("CAT1"));
  await writer.run(writer.driver.componentAccessToken());
  assert.equal((await reader.run(reader.driver.componentAccessToken())).access_token, "CAT1");
});

test("a failing store ends the call with StoreError", async () => {
  class Broken extends wxopen.MemoryStore {
    get() { throw new Error("redis went away"); }
  }
  const h = host({ store: new Broken() });
  await assert.rejects(h.run(h.driver.componentAccessToken()), (e) => e instanceof wxopen.StoreError && /redis went away/.test(e.detail) && e.cause instanceof Error);
});

test("handle stores the ticket and exchanges an authorization code once", async () => {
  const h = host();
  const hook = new wxopen.Webhook({ token: TOKEN, encodingAesKey: AES_KEY, componentAppid: CID });
  const push = (xml) => {
    const ts = String(Math.floor(h.now / 1000));
    const { encrypt, msgSignature } = hook.encrypt(xml, { timestamp: ts, nonce: "42" });
    return [{ timestamp: ts, nonce: "42", msg_signature: msgSignature }, `<xml><AppId>${CID}</AppId><Encrypt>${encrypt}</Encrypt></xml>`];
  };
  const secs = Math.floor(h.now / 1000);
  const ticket = `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@pushed</ComponentVerifyTicket></xml>`;
  const event = driver.toEvent(await h.run(driver.handlePush(h.driver, ...push(ticket))));
  assert.equal(event.type, "component_verify_ticket");
  const code = "queryauthcode@@@abc";
  const authorized = `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>${AUTHORIZER}</AuthorizerAppid><AuthorizationCode>${code}</AuthorizationCode><AuthorizationCodeExpiredTime>${secs + 600}</AuthorizationCodeExpiredTime></xml>`;
  h.on(CAT_PATH, cat("CAT1")).on("/cgi-bin/component/api_query_auth", {
    authorization_info: { authorizer_appid: AUTHORIZER, authorizer_access_token: "AAT1", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@R1", func_info: [{ funcscope_category: { id: 17 } }] },
  });
  assert.equal(driver.toEvent(await h.run(driver.handlePush(h.driver, ...push(authorized)))).type, "authorized");
  assert.deepEqual(await h.run(h.driver.authorize(code)), { authorizer_appid: AUTHORIZER, func_info: [17], exchanged: false });
  assert.equal(h.sent.filter((s) => s.url.includes("api_query_auth")).length, 1);
  // Events never carry a secret.
  const shown = JSON.stringify(h.events);
  for (const secret of ["CAT1", "AAT1", "refreshtoken", "ticket@@@", SECRET, code]) assert.ok(!shown.includes(secret), secret);
});

test("numbers crossing into the core are checked, never wrapped", () => {
  const call = wxopen.driver.createDriver({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, seed: 1 }).componentAccessToken();
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
    assert.throws(() => call.start(bad), (e) => e.code === "invalid_argument" && e.field === "now_ms");
  }
  assert.throws(() => driver.createDriver({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, policy: { nope: 1 } }), (e) => e instanceof wxopen.InvalidArgument);
  assert.equal(driver.defaultPolicy().refresh_margin_ms, 600_000);
});

test("every driver error code has its class", () => {
  const cases = [
    ["no_ticket", wxopen.NoTicketError, wxopen.WxOpenError],
    ["ticket_expired", wxopen.TicketExpiredError, wxopen.ApiError],
    ["ticket_invalid", wxopen.TicketInvalidError, wxopen.ApiError],
    ["needs_reauthorization", wxopen.NeedsReauthorizationError, wxopen.AuthorizerError],
    ["authorizer_revoked", wxopen.AuthorizerRevokedError, wxopen.AuthorizerError],
    ["unknown_authorizer", wxopen.UnknownAuthorizerError, wxopen.AuthorizerError],
    ["read_only", wxopen.ReadOnlyError, wxopen.WxOpenError],
    ["lock_timeout", wxopen.LockTimeoutError, wxopen.WxOpenError],
    ["store_error", wxopen.StoreError, wxopen.WxOpenError],
    ["transport_error", wxopen.TransportError, wxopen.WxOpenError],
  ];
  for (const [code, cls, base] of cases) {
    const err = wxopen.fromCore({ code, message: "m", authorizer_appid: "wxa" });
    assert.ok(err instanceof cls && err instanceof base, code);
    assert.equal(err.code, code);
  }
});

test("a lock another process never releases ends in LockTimeoutError", async () => {
  const h = await host().seed();
  h.store.lock(`wxopen:${CID}:lock:component_token`, "someone-else", 60_000, h.now);
  await assert.rejects(h.run(h.driver.componentAccessToken()), (e) => e instanceof wxopen.LockTimeoutError && e.retryable && e.what === "component_token" && e.waitedMs >= 25_000);
  assert.equal(h.sent.length, 0);
});

test("the memory store keeps the store contract", async () => {
  const { checkStore } = await import("./store_contract.mjs");
  let now = T0;
  await checkStore(new wxopen.MemoryStore(), () => now, (ms) => { now += ms; });
});
