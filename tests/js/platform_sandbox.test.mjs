// The Platform against the sandbox (wxopen-sandbox, `wxopen/testing`) over real HTTP, with a
// real push endpoint on loopback — examples/node/platform_http.mjs, whose handler calls
// platform.handle — and MemoryStore or RedisStore: ticket push → component token → pre-auth
// code → the merchant confirms (sandbox control API) → `authorized` push and redirect code →
// exactly one exchange → an authorizer operation → token expiry on the sandbox clock and a
// refresh → revocation → AuthorizerRevokedError. And the example run as its own process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { AuthorizerRevokedError, MemoryStore, Platform, RedisStore } from "wxopen";
import { Sandbox } from "wxopen/testing";
import { createHandler } from "./examples/platform_http.mjs";
import { closeRedis, redisClient, uniquePrefix } from "./platform_helpers.mjs";

const OA = "wxa11ce0000000000a";

/** The platform's clock follows the sandbox's manual clock (pushes carry sandbox time). */
async function sandboxClock(sb) {
  let offset = 0;
  const clock = () => Date.now() + offset;
  clock.sync = async () => { offset = (await sb.now()) * 1000 - Date.now(); };
  await clock.sync();
  return clock;
}

/** fetch that counts requests per path. */
function countingFetch() {
  const counts = {};
  const fn = (url, init) => {
    const path = new URL(url).pathname;
    counts[path] = (counts[path] ?? 0) + 1;
    return fetch(url, init);
  };
  fn.counts = counts;
  return fn;
}

async function listen(listener) {
  const server = createServer(listener);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function close(server) {
  const closed = new Promise((r) => server.close(r));
  server.closeAllConnections();
  return closed;
}

async function flow(store, keyPrefix) {
  const sb = await Sandbox.start({ startTime: 1790000000, seed: 11 });
  const fetch = countingFetch();
  const events = [];
  const clock = await sandboxClock(sb);
  const platform = new Platform({
    componentAppid: sb.appid,
    componentAppsecret: sb.secret,
    token: sb.token,
    encodingAesKey: sb.encodingAesKey,
    store,
    keyPrefix,
    apiBase: sb.baseUrl,
    mpBase: sb.baseUrl,
    openBase: sb.baseUrl,
    fetch,
    clock,
    onEvent: (e) => events.push(e),
  });
  let publicUrl;
  const { server, url } = await listen((req, res) => createHandler(platform, { publicUrl })(req, res));
  publicUrl = url;
  try {
    await sb.setUrls({ authEventUrl: `${url}/wechat/component` });
    // The ticket: pushed on request, stored by the push endpoint.
    await platform.startPushTicket();
    await sb.waitPushes();
    assert.ok(events.some((e) => e.kind === "ticket_stored"), JSON.stringify(events));
    // The merchant's admin starts the authorization: a pre-auth code (the component token is
    // minted from the pushed ticket) and WeChat's page.
    const start = await globalThis.fetch(`${url}/authorize`, { redirect: "manual" });
    assert.equal(start.status, 302);
    const page = start.headers.get("location");
    assert.ok(page.startsWith(`${sb.baseUrl}/cgi-bin/componentloginpage?`), page);
    assert.equal(new URL(page).searchParams.get("component_appid"), sb.appid);
    assert.equal(fetch.counts["/cgi-bin/component/api_component_token"], 1);
    // The admin confirms: WeChat pushes `authorized` and redirects the browser with the code.
    const redirect = await sb.confirmPage(page, { appid: OA });
    assert.ok(redirect.startsWith(`${url}/wechat/authorized?auth_code=`), redirect);
    const back = await (await globalThis.fetch(redirect)).json();
    await sb.waitPushes();
    assert.equal(back.authorizerAppid, OA);
    assert.ok(back.funcInfo.length > 0);
    assert.equal(fetch.counts["/cgi-bin/component/api_query_auth"], 1, "exactly one exchange (push and redirect raced)");
    assert.equal(events.filter((e) => e.kind === "authorizer_authorized").length, 1);
    assert.equal(events.filter((e) => e.kind === "auth_code_already_claimed").length, 1);
    assert.equal(await platform.authorizerStatus(OA), "authorized");
    // An operation with the merchant's token.
    assert.deepEqual(await (await globalThis.fetch(`${url}/merchants/${OA}/open`)).json(), { haveOpen: false });
    // Two hours of sandbox time: every token expired; the next call mints and refreshes.
    await sb.advance(7200);
    await clock.sync();
    await sb.waitPushes();
    assert.deepEqual(await (await globalThis.fetch(`${url}/merchants/${OA}/open`)).json(), { haveOpen: false });
    assert.equal(fetch.counts["/cgi-bin/component/api_authorizer_token"], 1, "one refresh");
    assert.equal(fetch.counts["/cgi-bin/component/api_component_token"], 2, "one more mint, from the newest ticket");
    const refreshed = events.filter((e) => e.kind === "authorizer_token_refreshed");
    assert.equal(refreshed.length, 1);
    assert.ok(refreshed[0].expiresAtMs > clock() + 7000 * 1000);
    // The merchant revokes: the `unauthorized` push marks it; calls fail at once.
    await sb.revoke(OA);
    await sb.waitPushes();
    assert.equal(await platform.authorizerStatus(OA), "revoked");
    const sent = Object.values(fetch.counts).reduce((a, b) => a + b, 0);
    const gone = await globalThis.fetch(`${url}/merchants/${OA}/open`);
    assert.equal(gone.status, 410);
    assert.deepEqual(await gone.json(), { error: "authorizer_revoked" });
    await assert.rejects(platform.authorizer(OA).openHave(), (e) => e instanceof AuthorizerRevokedError && e.authorizerAppid === OA);
    assert.equal(Object.values(fetch.counts).reduce((a, b) => a + b, 0), sent, "no request for a revoked authorizer");
    // Every push sent to the endpoint was answered `success` (the one at start had no URL yet).
    const pushes = (await sb.pushes()).filter((p) => p.state !== "no_url");
    assert.deepEqual(pushes.map((p) => [p.kind, p.state]), [
      ["component_verify_ticket", "delivered"],
      ["authorized", "delivered"],
      ["component_verify_ticket", "delivered"],
      ["unauthorized", "delivered"],
    ]);
    const shown = JSON.stringify(events);
    assert.ok(!shown.includes(sb.secret) && !/@@@/.test(shown), "events never carry a secret");
  } finally {
    await close(server);
    await sb.stop();
  }
}

test("sandbox: the whole authorization lifecycle on a MemoryStore, through the example's endpoints", async () => {
  await flow(new MemoryStore());
});

test("sandbox: the same lifecycle on a RedisStore", async () => {
  const redis = await redisClient();
  try {
    await flow(new RedisStore(redis), uniquePrefix());
  } finally {
    await closeRedis(redis);
  }
});

test("examples/node/platform_http.mjs runs as its own process against the sandbox (Redis store)", async () => {
  // The example uses the real clock: the sandbox starts at the real time.
  const sb = await Sandbox.start({ startTime: Math.floor(Date.now() / 1000), seed: 12 });
  const keyPrefix = uniquePrefix();
  const child = spawn(process.execPath, [fileURLToPath(new URL("./examples/platform_http.mjs", import.meta.url))], {
    env: { ...process.env, PORT: "0", WX_COMPONENT_APPID: sb.appid, WX_COMPONENT_SECRET: sb.secret, WX_TOKEN: sb.token, WX_AES_KEY: sb.encodingAesKey, WX_API_BASE: sb.baseUrl, REDIS_URL: process.env.REDIS_URL ?? "", WX_KEY_PREFIX: keyPrefix },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => { err += d; });
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`example exited ${code}: ${err}`)));
    });
    assert.ok(process.env.REDIS_URL, "REDIS_URL is not set: scripts/test.sh starts redis-server");
    await sb.setUrls({ authEventUrl: `${url}/wechat/component` });
    await sb.control("POST", `/sandbox/platforms/${sb.appid}/ticket`);
    await sb.waitPushes();
    const start = await fetch(`${url}/authorize`, { redirect: "manual" });
    assert.equal(start.status, 302, err);
    const redirect = await sb.confirmPage(start.headers.get("location"), { appid: OA });
    const back = await (await fetch(redirect)).json();
    await sb.waitPushes();
    assert.equal(back.authorizerAppid, OA);
    assert.deepEqual(await (await fetch(`${url}/merchants/${OA}/open`)).json(), { haveOpen: false });
    const kinds = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).kind);
    for (const kind of ["ticket_stored", "component_token_minted", "authorizer_authorized"]) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
    assert.ok(!out.includes(sb.secret) && !out.includes("@@@"), "the example logs no secret");
  } finally {
    child.kill();
    await sb.stop();
  }
});
