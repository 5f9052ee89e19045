// The JS Platform host against a scripted WeChat and a manual clock: the policy cases of issue 8
// ("Done when") through the public API — early refresh, 42001 mid-flight, a −1 burst served
// from the still-valid token, 61023, no ticket, a create call not re-sent, 45009 not retried,
// 40001 for a token someone else replaced, two platforms in one store — plus push intake,
// read-only mode, events without secrets and the numbers crossing into the core.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import test from "node:test";
import * as wxopen from "wxopen";
import { AES_KEY, CID, MERCHANT, OPEN, PATHS, SECRET, SpyStore, T0, TOKEN, aat, cat, push, seeded, world, xml } from "./platform_helpers.mjs";

const { ApiError, MemoryStore, Platform } = wxopen;
const MIN = 60_000;
const HOUR = 60 * MIN;

test("early refresh: the component token is fresh until 10 minutes before it expires, then re-minted", async () => {
  const w = world();
  const platform = await seeded(w);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.preauth, { pre_auth_code: "preauthcode@@@1", expires_in: 1800 });
  const first = await platform.createPreauthcode();
  assert.equal(first.preAuthCode, "preauthcode@@@1");
  assert.deepEqual(JSON.parse(w.to(PATHS.cat)[0].body), { component_appid: CID, component_appsecret: SECRET, component_verify_ticket: "ticket@@@latest" });
  assert.deepEqual(JSON.parse(w.to(PATHS.preauth)[0].body), { component_appid: CID }, "the platform's appid is filled in");

  w.now = T0 + 2 * HOUR - 10 * MIN - 1;
  w.on(PATHS.preauth, { pre_auth_code: "preauthcode@@@2", expires_in: 1800 });
  await platform.createPreauthcode();
  assert.equal(w.to(PATHS.cat).length, 1, "still fresh: no mint");
  assert.equal(w.to(PATHS.preauth)[1].token, "CAT1");

  w.now += 2;
  w.on(PATHS.cat, cat("CAT2")).on(PATHS.preauth, { pre_auth_code: "preauthcode@@@3", expires_in: 1800 });
  await platform.createPreauthcode();
  assert.equal(w.to(PATHS.cat).length, 2, "within the margin: minted again before it expires");
  assert.equal(w.to(PATHS.preauth)[2].token, "CAT2");
  const minted = w.events.filter((e) => e.kind === "component_token_minted");
  assert.deepEqual(minted.map((e) => e.expiresAtMs), [T0 + 2 * HOUR, w.now + 2 * HOUR]);
  const token = await platform.componentAccessToken();
  assert.ok(token instanceof wxopen.ComponentToken);
  assert.equal(token.value, "CAT2");
  assert.equal(token.expiresAtMs, w.now + 2 * HOUR);
});

test("42001 mid-flight: the authorizer token is refreshed and the call re-sent once, never in a loop", async () => {
  const w = world();
  const platform = await seeded(w);
  const merchant = platform.authorizer(MERCHANT);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.aat, aat("AAT1"), aat("AAT2", "refreshtoken@@@R2"));
  w.on(PATHS.openGet, { errcode: 42001, errmsg: "access_token expired" }, OPEN);
  const account = await merchant.openGet();
  assert.equal(account.openAppid, "wxopen0123456789");
  assert.deepEqual(w.to(PATHS.openGet).map((s) => s.token), ["AAT1", "AAT2"]);
  const rejected = w.events.find((e) => e.kind === "token_rejected");
  assert.deepEqual(rejected, { kind: "token_rejected", token: "authorizer", authorizerAppid: MERCHANT, operation: "open.get", errcode: 42001 });
  const record = JSON.parse(platform.store.get(`wxopen:${CID}:authorizer:${MERCHANT}`, w.now));
  assert.equal(record.refresh_token, "refreshtoken@@@R2", "the rotated refresh token is stored with the access token");
  assert.equal(record.access_token, "AAT2");

  w.on(PATHS.openGet, { errcode: 42001, errmsg: "first" }, { errcode: 42001, errmsg: "second" }).on(PATHS.aat, aat("AAT3", "refreshtoken@@@R2"));
  await assert.rejects(merchant.openGet(), (e) => e instanceof ApiError && e.errcode === 42001 && e.raw.includes('"second"'));
  assert.equal(w.to(PATHS.openGet).length, 4, "one retry, then the refusal reaches the caller");
  assert.equal(w.to(PATHS.aat).length, 3);
});

test("a −1 burst while refreshing is served from the still-valid token", async () => {
  const w = world();
  const platform = await seeded(w);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.quotaGet, { errcode: 0, quota: { daily_limit: 10000, used: 1, remain: 9999 } });
  await platform.getApiQuota({ cgiPath: PATHS.cat });
  w.now = T0 + 2 * HOUR - 5 * MIN; // stale: inside the 10-minute margin, still valid
  for (let i = 0; i < 3; i++) {
    w.on(PATHS.cat, { errcode: -1, errmsg: "system error" }).on(PATHS.quotaGet, { errcode: 0, quota: { daily_limit: 10000, used: 2 + i, remain: 9998 - i } });
    const quota = await platform.getApiQuota({ cgiPath: PATHS.cat });
    assert.equal(quota.quota.used, 2 + i);
    assert.equal(w.to(PATHS.quotaGet).at(-1).token, "CAT1", "the old token keeps being served");
    const served = w.events.filter((e) => e.kind === "stale_token_served").at(-1);
    assert.equal(served.errcode, -1);
    assert.equal(served.token, "component");
    assert.ok(served.retryAtMs > w.now, "the next refresh waits for a backoff");
    // Within the backoff no refresh is attempted: the next call goes straight to the API.
    w.on(PATHS.quotaGet, { errcode: 0, quota: { daily_limit: 10000, used: 0, remain: 0 } });
    const mints = w.to(PATHS.cat).length;
    await platform.getApiQuota({ cgiPath: PATHS.cat });
    assert.equal(w.to(PATHS.cat).length, mints, "no refresh storm");
    w.now = served.retryAtMs;
  }
  w.on(PATHS.cat, cat("CAT2")).on(PATHS.quotaGet, { errcode: 0, quota: { daily_limit: 10000, used: 9, remain: 9991 } });
  await platform.getApiQuota({ cgiPath: PATHS.cat });
  assert.equal(w.to(PATHS.quotaGet).at(-1).token, "CAT2");
  assert.equal(w.to(PATHS.cat).length, 5, "one mint, three refused refreshes, one mint");
});

test("61023: the authorizer needs re-authorization; a still-valid token is served until it expires", async () => {
  const w = world();
  const platform = await seeded(w);
  const merchant = platform.authorizer(MERCHANT);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.aat, aat("AAT1")).on(PATHS.openGet, OPEN);
  await merchant.openGet();
  w.now = T0 + 2 * HOUR - 5 * MIN;
  w.on(PATHS.aat, { errcode: 61023, errmsg: "invalid refresh_token" }).on(PATHS.cat, cat("CAT2")).on(PATHS.openGet, OPEN);
  await merchant.openGet();
  assert.equal(w.to(PATHS.openGet).at(-1).token, "AAT1");
  assert.equal(await merchant.status(), "needs_reauthorization");
  assert.ok(w.kinds().includes("authorizer_needs_reauthorization"));
  w.on(PATHS.openGet, OPEN);
  await merchant.openGet();
  assert.equal(w.to(PATHS.aat).length, 2, "never refreshed again");
  w.now = T0 + 2 * HOUR + 1;
  const sent = w.sent.length;
  await assert.rejects(merchant.openGet(), (e) => e instanceof wxopen.NeedsReauthorizationError && e instanceof wxopen.AuthorizerError && e.authorizerAppid === MERCHANT);
  assert.equal(w.sent.length, sent, "fails at once, without a request");
  w.script.delete(PATHS.openGet);
});

test("no ticket yet: a typed error and no request; startPushTicket fills the platform's identity", async () => {
  const w = world();
  const platform = w.platform();
  await assert.rejects(platform.registerBeta({ name: "咖啡体验店", openid: "oTrial000000000000000000001" }), (e) => e instanceof wxopen.NoTicketError && e.componentAppid === CID && /start_push_ticket/.test(e.message));
  await assert.rejects(platform.componentAccessToken(), wxopen.NoTicketError);
  assert.equal(w.sent.length, 0);
  w.on(PATHS.startPush, { errcode: 0, errmsg: "ok" });
  assert.equal(await platform.startPushTicket(), undefined);
  assert.deepEqual(JSON.parse(w.to(PATHS.startPush)[0].body), { component_appid: CID, component_secret: SECRET });
  assert.equal(w.to(PATHS.startPush)[0].token, null, "no token on a no-token call");
  await assert.rejects(platform.startPushTicket({ componentAppid: "wxsomeoneelse00001" }), (e) => e instanceof wxopen.InvalidArgument && e.field === "componentAppid");
});

test("a create call is never re-sent; a read is retried with backoff", async () => {
  const w = world();
  const platform = await seeded(w);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.beta, { errcode: -1, errmsg: "system error" });
  await assert.rejects(platform.registerBeta({ name: "咖啡体验店", openid: "oTrial000000000000000000001" }), (e) => e instanceof ApiError && e.errcode === -1);
  assert.equal(w.to(PATHS.beta).length, 1);
  w.on(PATHS.beta, new Error("socket hang up"));
  await assert.rejects(platform.registerBeta({ name: "咖啡体验店", openid: "oTrial000000000000000000001" }), (e) => e instanceof wxopen.TransportError && e.cause?.message === "socket hang up");
  assert.equal(w.to(PATHS.beta).length, 2, "a transport failure is not re-sent either");
  assert.equal(w.kinds().filter((k) => k === "retry").length, 0);

  const before = w.now;
  w.on(PATHS.personal, { errcode: -1, errmsg: "busy" }, { status: 502, text: "bad gateway" }, { errcode: 0, taskid: "task_1", status: 12 });
  const task = await platform.queryPersonal({ taskid: "task_1" });
  assert.equal(task.status, 12);
  const retries = w.events.filter((e) => e.kind === "retry");
  assert.deepEqual(retries.map((r) => [r.operation, r.attempt, r.errcode ?? r.status]), [["register.personal_query", 1, -1], ["register.personal_query", 2, 502]]);
  assert.ok(w.now - before >= 100 && w.now - before <= 600, `backoff slept ${w.now - before} ms`);
});

test("45009 (daily quota) is never retried; clear_quota v2 carries the platform's secret", async () => {
  const w = world();
  const platform = await seeded(w);
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.quotaGet, { errcode: 45009, errmsg: "reach max api daily quota limit" });
  await assert.rejects(platform.getApiQuota({ cgiPath: PATHS.cat }), (e) => e instanceof ApiError && e.errcode === 45009 && /clear_quota/.test(e.hint));
  assert.equal(w.to(PATHS.quotaGet).length, 1);
  w.on(PATHS.clearV2, { errcode: 0, errmsg: "ok" });
  await platform.clearQuotaV2();
  assert.deepEqual(JSON.parse(w.to(PATHS.clearV2)[0].body), { component_appid: CID, appsecret: SECRET });
  await platform.clearQuotaV2({ appid: MERCHANT }).catch(() => {});
});

test("40001 for a token another process already replaced: reused, not refreshed again", async () => {
  const w = world();
  const store = new SpyStore();
  const one = await seeded(w, { store });
  const two = w.platform({ store });
  let valid = new Set(["AAT1"]);
  const openGet = (u) => (valid.has(u.searchParams.get("access_token")) ? OPEN : { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" });
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.aat, aat("AAT1")).on(PATHS.openGet, openGet, openGet);
  await one.authorizer(MERCHANT).openGet();
  await two.authorizer(MERCHANT).openGet();
  assert.deepEqual(w.to(PATHS.openGet).map((s) => s.token), ["AAT1", "AAT1"], "both processes hold AAT1 in their warm caches");

  valid = new Set(["AAT2"]);
  w.on(PATHS.aat, aat("AAT2")).on(PATHS.openGet, openGet, openGet, openGet, openGet);
  await one.authorizer(MERCHANT).openGet();
  await two.authorizer(MERCHANT).openGet();
  assert.deepEqual(w.to(PATHS.openGet).slice(2).map((s) => s.token), ["AAT1", "AAT2", "AAT1", "AAT2"]);
  assert.equal(w.to(PATHS.aat).length, 2, "only the first refusal refreshed");
  assert.equal(w.kinds().filter((k) => k === "token_rejected").length, 2);
  w.script.delete(PATHS.openGet);
});

test("two platforms in one store keep apart: keys, tickets, tokens and secrets", async () => {
  const w = world();
  const store = new MemoryStore();
  const a = await seeded(w, { store });
  const OTHER = "wxcomponent0000002";
  const b = w.platform({ store, componentAppid: OTHER, componentAppsecret: "other_secret" });
  await assert.rejects(b.componentAccessToken(), (e) => e instanceof wxopen.NoTicketError && e.componentAppid === OTHER);
  assert.equal(await b.authorizerStatus(MERCHANT), undefined, "the merchant is only A's");
  await b.storeTicket("ticket@@@other", Math.floor(w.now / 1000));
  w.on(PATHS.cat, cat("CAT-A"), cat("CAT-B"));
  assert.equal((await a.componentAccessToken()).value, "CAT-A");
  assert.equal((await b.componentAccessToken()).value, "CAT-B");
  assert.deepEqual(JSON.parse(w.to(PATHS.cat)[1].body), { component_appid: OTHER, component_appsecret: "other_secret", component_verify_ticket: "ticket@@@other" });
  const keys = store.keys(w.now);
  assert.ok(keys.length >= 5 && keys.every((k) => k.startsWith(`wxopen:${CID}:`) || k.startsWith(`wxopen:${OTHER}:`)), keys.join(" "));
  assert.ok(keys.includes(`wxopen:${OTHER}:component_token`) && keys.includes(`wxopen:${CID}:component_token`));
  const prefixed = w.platform({ store, keyPrefix: "tenant7" });
  await prefixed.storeTicket("ticket@@@t7", Math.floor(w.now / 1000));
  assert.ok(store.keys(w.now).includes(`tenant7:${CID}:ticket`));
});

test("read-only: uses the store's tokens, never locks, mints or refreshes", async () => {
  const w = world();
  const store = new SpyStore();
  const writer = await seeded(w, { store });
  const reader = w.platform({ store, readOnly: true });
  assert.equal(reader.readOnly, true);
  store.calls.length = 0;
  await assert.rejects(reader.componentAccessToken(), (e) => e instanceof wxopen.ReadOnlyError && e.token === "component");
  await assert.rejects(reader.authorizer(MERCHANT).openGet(), (e) => e instanceof wxopen.ReadOnlyError && e.authorizerAppid === MERCHANT);
  assert.equal(w.sent.length, 0);
  assert.deepEqual([...new Set(store.calls.map(([kind]) => kind))], ["get"], "the reader only reads");
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.aat, aat("AAT1")).on(PATHS.openGet, OPEN, OPEN, OPEN);
  await writer.authorizer(MERCHANT).openGet();
  store.calls.length = 0;
  await reader.authorizer(MERCHANT).openGet();
  assert.equal(w.to(PATHS.openGet)[1].token, "AAT1");
  w.now = T0 + 2 * HOUR - MIN; // stale: a writer would refresh; the reader serves it
  await reader.authorizer(MERCHANT).openGet();
  assert.equal(w.to(PATHS.openGet)[2].token, "AAT1");
  assert.deepEqual([...new Set(store.calls.map(([kind]) => kind))], ["get"], "the reader never locks or writes");
  assert.equal(w.to(PATHS.aat).length, 1);
  w.now = T0 + 2 * HOUR + 1;
  await assert.rejects(reader.authorizer(MERCHANT).openGet(), wxopen.ReadOnlyError);
  assert.throws(() => w.platform({ readOnly: "true" }), TypeError, "a string is not a switch");
});

test("each platform draws its own seed: lock owners differ", async () => {
  const w = world();
  const store = new SpyStore();
  const one = await seeded(w, { store });
  const two = w.platform({ store });
  w.on(PATHS.cat, cat("CAT1"));
  await one.componentAccessToken();
  await store.compareAndSet(`wxopen:${CID}:component_token`, store.get(`wxopen:${CID}:component_token`, w.now), null, null, w.now);
  two.clearCache();
  w.on(PATHS.cat, cat("CAT2"));
  await two.componentAccessToken();
  const owners = store.calls.filter(([kind]) => kind === "lock").map(([, , owner]) => owner.split(":")[0]);
  assert.equal(owners.length, 2);
  assert.match(owners[0], /^[0-9a-f]{16}$/);
  assert.notEqual(owners[0], owners[1]);
});

test("pushes: the ticket is stored, a code exchanged once (push and redirect), a revocation applied", async () => {
  const w = world();
  const platform = w.platform();
  const secs = Math.floor(w.now / 1000);
  const ticket = await platform.handle(...push(xml.ticket(secs, "ticket@@@pushed"), w.now));
  assert.equal(ticket.type, "component_verify_ticket");
  assert.ok(ticket instanceof wxopen.Result);
  const code = "queryauthcode@@@abc";
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.queryAuth, {
    authorization_info: { authorizer_appid: MERCHANT, authorizer_access_token: "AAT1", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@R1", func_info: [{ funcscope_category: { id: 17 } }, { funcscope_category: { id: 18 } }] },
  });
  const [query, body] = push(xml.authorized(secs, code), w.now);
  const event = await platform.handle(new URLSearchParams(query), Buffer.from(body));
  assert.equal(event.type, "authorized");
  assert.equal(event.authorizerAppid, MERCHANT);
  assert.equal(JSON.parse(w.to(PATHS.cat)[0].body).component_verify_ticket, "ticket@@@pushed");
  const again = await platform.handle(...push(xml.authorized(secs, code), w.now));
  assert.equal(again.type, "authorized", "a redelivery is answered");
  const redirect = await platform.authorize(code);
  assert.deepEqual(redirect.toObject(), { authorizerAppid: MERCHANT, funcInfo: [17, 18], exchanged: false });
  assert.equal(w.to(PATHS.queryAuth).length, 1, "exactly one exchange");
  assert.deepEqual(w.events.filter((e) => e.kind.startsWith("auth")).map((e) => [e.kind, e.source]), [["authorizer_authorized", "push"], ["auth_code_already_claimed", "push"], ["auth_code_already_claimed", "redirect"]]);
  assert.equal(await platform.authorizerStatus(MERCHANT), "authorized");
  assert.equal((await platform.authorizerAccessToken(MERCHANT)).value, "AAT1");

  // A late copy of a revocation from before this authorization is ignored.
  await platform.handle(...push(xml.unauthorized(secs - 60, MERCHANT), w.now));
  assert.equal(await platform.authorizer(MERCHANT).status(), "authorized");
  assert.deepEqual(w.events.filter((e) => e.kind === "unauthorized_ignored").map((e) => [e.authorizerAppid, e.createTime]), [[MERCHANT, secs - 60]]);
  await platform.handle(...push(xml.unauthorized(secs, MERCHANT), w.now));
  assert.equal(await platform.authorizer(MERCHANT).status(), "revoked");
  const sent = w.sent.length;
  await assert.rejects(platform.authorizer(MERCHANT).openGet(), (e) => e instanceof wxopen.AuthorizerRevokedError && e.authorizerAppid === MERCHANT);
  assert.equal(w.sent.length, sent);

  await assert.rejects(platform.handle(...push(xml.ticket(secs, "t"), w.now, { token: "another" })), wxopen.SignatureError);
  await assert.rejects(platform.handle({}, { parsed: true }), (e) => e instanceof TypeError && /raw request body/.test(e.message));
  const stale = push(xml.ticket(secs - 3600, "ticket@@@old"), w.now - HOUR);
  await assert.rejects(platform.handle(...stale), wxopen.StaleTimestampError);
});

test("events: every mint, refresh, retry and failure, with the ticket's age — never a secret", async () => {
  const w = world();
  const platform = w.platform();
  const secs = Math.floor(w.now / 1000);
  await platform.handle(...push(xml.ticket(secs, "ticket@@@SECRETTICKET"), w.now));
  w.now += 5 * MIN;
  w.on(PATHS.cat, cat("CATSECRET1")).on(PATHS.queryAuth, {
    authorization_info: { authorizer_appid: MERCHANT, authorizer_access_token: "AATSECRET1", expires_in: 7200, authorizer_refresh_token: "refreshtoken@@@RTSECRET1", func_info: [] },
  });
  await platform.authorize("queryauthcode@@@CODESECRET");
  w.on(PATHS.openGet, { errcode: 40014, errmsg: "invalid access_token AATSECRET1" }, OPEN).on(PATHS.aat, aat("AATSECRET2", "refreshtoken@@@RTSECRET2"));
  await platform.authorizer(MERCHANT).openGet();
  w.on(PATHS.personal, { errcode: -1 }, { errcode: -1 }, { errcode: -1 }, { errcode: -1 });
  await assert.rejects(platform.queryPersonal({ taskid: "t" }), ApiError);
  const kinds = w.kinds();
  for (const kind of ["ticket_stored", "component_token_minted", "authorizer_authorized", "token_rejected", "authorizer_token_refreshed", "retry", "failure"]) {
    assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  }
  assert.equal(w.events.find((e) => e.kind === "component_token_minted").ticketAgeMs, 5 * MIN, "the ticket's age");
  assert.equal(w.events.find((e) => e.kind === "authorizer_token_refreshed").refreshTokenRotated, true);
  assert.deepEqual(w.events.find((e) => e.kind === "ticket_stored"), { kind: "ticket_stored", createTime: secs }, "absent fields are left out, keys camelCase");
  const shown = JSON.stringify(w.events);
  for (const secret of ["SECRETTICKET", "CATSECRET", "AATSECRET", "RTSECRET", "CODESECRET", SECRET, TOKEN, AES_KEY]) {
    assert.ok(!shown.includes(secret), `${secret} leaked into ${shown}`);
  }
  assert.ok(!String(platform).includes(SECRET) && !JSON.stringify(platform).includes(SECRET));
});

test("a throwing or rejecting onEvent is reported and never changes the call's outcome", async () => {
  const w = world();
  const reported = [];
  const original = console.error;
  console.error = (...args) => reported.push(args);
  try {
    let n = 0;
    const platform = w.platform({ onEvent: (e) => { if (n++ % 2) return Promise.reject(new Error(`async ${e.kind}`)); throw new Error(`sync ${e.kind}`); } });
    await platform.storeTicket("ticket@@@x", Math.floor(w.now / 1000));
    w.on(PATHS.cat, cat("CAT1"));
    assert.equal((await platform.componentAccessToken()).value, "CAT1");
    await new Promise((r) => setImmediate(r));
  } finally {
    console.error = original;
  }
  assert.deepEqual(reported.map(([, e]) => e.message), ["sync ticket_stored", "async component_token_minted"]);
});

test("the store: failures are StoreError with the cause; a wrong answer type is a failure too", async () => {
  const w = world();
  class Broken extends MemoryStore {
    get() { throw new Error("connection reset"); }
  }
  await assert.rejects(w.platform({ store: new Broken() }).componentAccessToken(), (e) => e instanceof wxopen.StoreError && /connection reset/.test(e.detail) && e.cause?.message === "connection reset");
  class Numbers extends MemoryStore {
    async get() { return 42; }
  }
  await assert.rejects(w.platform({ store: new Numbers() }).componentAccessToken(), (e) => e instanceof wxopen.StoreError && /not a string/.test(e.detail));
  assert.throws(() => w.platform({ store: { get() {} } }), (e) => e instanceof TypeError && /put, compareAndSet, lock, unlock/.test(e.message));
  assert.throws(() => w.platform({ store: undefined }), (e) => e instanceof TypeError && /store is required/.test(e.message));
});

test("numbers crossing into the core are checked, never wrapped or rounded", async () => {
  const w = world();
  const platform = w.platform();
  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
    await assert.rejects(platform.storeTicket("ticket@@@x", bad), (e) => e instanceof wxopen.InvalidArgument && e.field === "createTime", String(bad));
  }
  await assert.rejects(platform.storeTicket("ticket@@@x", "1700000000"), TypeError);
  for (const bad of [-5, 0.5, Number.NaN, 2 ** 64]) {
    await assert.rejects(w.platform({ clock: () => bad }).componentAccessToken(), (e) => e instanceof wxopen.InvalidArgument && e.field === "nowMs", String(bad));
  }
  for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31, Number.POSITIVE_INFINITY]) {
    assert.throws(() => w.platform({ timeoutMs: bad }), (e) => e instanceof wxopen.InvalidArgument && e.field === "timeoutMs", String(bad));
  }
  assert.throws(() => w.platform({ timeoutMs: "100" }), TypeError);
  assert.doesNotThrow(() => w.platform({ timeoutMs: null }), "null: no timeout of the host's");
  for (const policy of [{ maxRetries: -1 }, { maxRetries: 1.5 }, { lockLeaseMs: 2 ** 64 }, { refreshMarginMs: Number.NaN }, { lockLeaseMs: "20000" }, { lockLeaseMs: 0 }, { nope: 1 }]) {
    assert.throws(() => w.platform({ policy }), wxopen.InvalidArgument, JSON.stringify(policy));
  }
  assert.equal(w.platform({ policy: { refresh_margin_ms: 1000, maxRetries: 0 } }).policy.refreshMarginMs, 1000);
  assert.equal(platform.policy.lockLeaseMs, 20_000);
  // A status the glue would wrap (70000 -> 4464) is no response at all.
  await platform.storeTicket("ticket@@@x", Math.floor(w.now / 1000));
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.beta, () => ({ status: 200, text: "{}" }));
  const weird = async (url, init) => {
    if (url.includes("fastregisterbetaweapp")) return { status: 70000, type: "basic", arrayBuffer: async () => new ArrayBuffer(0) };
    return w.fetch(url, init);
  };
  const odd = w.platform({ fetch: weird, store: platform.store });
  await assert.rejects(odd.registerBeta({ name: "咖啡体验店", openid: "o" }), (e) => e instanceof wxopen.TransportError && /invalid HTTP status \(70000\)/.test(e.message));
});

test("one surface: the Platform's and Authorizer's operation methods are the Client's own functions", () => {
  const ops = wxopen.operations();
  const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((m) => ops.some((o) => o.js === m)).sort();
  const platformOps = ops.filter((o) => o.token !== "authorizer" && !o.managed).map((o) => o.js).sort();
  const authorizerOps = ops.filter((o) => o.token === "authorizer").map((o) => o.js).sort();
  assert.deepEqual(methods(Platform), platformOps);
  assert.deepEqual(methods(wxopen.Authorizer), authorizerOps);
  assert.deepEqual(ops.filter((o) => o.managed).map((o) => o.name).sort(), ["component.api_component_token", "component.authorizer_token", "component.query_auth"]);
  for (const name of [...platformOps, ...authorizerOps]) {
    const own = Platform.prototype[name] ?? wxopen.Authorizer.prototype[name];
    assert.equal(own, wxopen.Client.prototype[name], `${name} is the Client's function`);
  }
  for (const op of ops) assert.equal(typeof wxopen.Client.prototype[op.js], "function", op.js);
  assert.equal(platformOps.length + authorizerOps.length + 3, ops.length);
});

test("the generated declarations (index.d.ts) name exactly the runtime methods of Platform and Authorizer", () => {
  const dts = readFileSync(createRequire(import.meta.url).resolve("wxopen/package.json").replace(/package\.json$/, "dist/index.d.ts"), "utf8");
  const declared = (cls) => {
    const region = new RegExp(`// <generated:ops ${cls}>([\\s\\S]*?)// </generated:ops ${cls}>`).exec(dts);
    assert.ok(region, `${cls} region`);
    return [...region[1].matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]).sort();
  };
  const ops = new Set(wxopen.operations().map((o) => o.js));
  const runtime = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((m) => ops.has(m)).sort();
  assert.deepEqual(declared("Platform"), runtime(Platform));
  assert.deepEqual(declared("Authorizer"), runtime(wxopen.Authorizer));
  assert.deepEqual(declared("Client"), [...ops].sort());
});

test("the platform fills its appid into page URLs and refuses a token where it obtains one itself", async () => {
  const w = world();
  const platform = w.platform({ mpBase: "http://127.0.0.1:9/mp" });
  const url = new URL(platform.componentLoginUrl({ preAuthCode: "preauthcode@@@x", redirectUri: "https://platform.example.com/cb", authType: 2 }));
  assert.equal(url.origin + url.pathname, "http://127.0.0.1:9/mp/cgi-bin/componentloginpage");
  assert.equal(url.searchParams.get("component_appid"), CID);
  assert.equal(new URL(platform.rebindAdminUrl({ appid: MERCHANT, redirectUri: "https://platform.example.com/cb" })).searchParams.get("component_appid"), CID);
  assert.throws(() => platform.bindComponentUrl({ componentAppid: "wxsomeoneelse00001", preAuthCode: "p", redirectUri: "https://platform.example.com/cb" }), (e) => e instanceof wxopen.InvalidArgument && e.field === "componentAppid");
  assert.throws(() => platform.componentLoginUrl({ preAuthCode: "p" }), (e) => e instanceof wxopen.InvalidArgument && e.field === "redirectUri");
  const cb = "https://platform.example.com/cb";
  assert.equal(platform.componentLoginUrl({ componentAppid: CID, preAuthCode: "p", redirectUri: cb }), platform.componentLoginUrl({ preAuthCode: "p", redirectUri: cb }), "its own appid may be given");
  assert.throws(() => w.platform({ mpBase: "ftp://example.com" }), (e) => e instanceof wxopen.InvalidArgument && e.field === "mpBase");
  await assert.rejects(platform.authorizer(MERCHANT).openBind(new wxopen.AuthorizerToken(MERCHANT, "AAT"), { openAppid: "wxopen" }), (e) => e instanceof TypeError && /obtains the token itself/.test(e.message));
  assert.throws(() => w.platform({ readonly: true }), (e) => e instanceof TypeError && /unknown Platform option\(s\) readonly/.test(e.message));
  assert.throws(() => new wxopen.Authorizer(), TypeError);
  assert.equal(String(platform.authorizer(MERCHANT)), `Authorizer(${MERCHANT})`);
  assert.ok(String(platform).startsWith(`Platform(${CID}`));
});

test("results carry raw and hide credentials, as the Client's do", async () => {
  const w = world();
  const platform = await seeded(w);
  const body = { pre_auth_code: "preauthcode@@@SECRET", expires_in: 1800 };
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.preauth, body);
  const pre = await platform.createPreauthcode();
  assert.equal(pre.raw, JSON.stringify(body));
  assert.equal(pre.preAuthCode, "preauthcode@@@SECRET");
  assert.ok(!JSON.stringify(pre).includes("SECRET"));
  assert.ok(pre instanceof wxopen.Result);
  const token = await platform.componentAccessToken();
  assert.equal(String(token), "ComponentToken(***)");
});

test("a request that hangs is aborted after timeoutMs", async () => {
  const w = world();
  const hanging = (url, init) =>
    url.includes("fastregisterbetaweapp")
      ? new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)))
      : w.fetch(url, init);
  const platform = await seeded(w, { fetch: hanging, timeoutMs: 30 });
  w.on(PATHS.cat, cat("CAT1"));
  // AbortSignal.timeout's timer does not keep the process alive (a real socket would).
  const alive = setTimeout(() => {}, 5000);
  try {
    await assert.rejects(platform.registerBeta({ name: "咖啡体验店", openid: "o" }), (e) => e instanceof wxopen.TransportError && /TimeoutError/.test(e.message) && !e.message.includes("CAT1"));
  } finally {
    clearTimeout(alive);
  }
});
