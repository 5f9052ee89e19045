// Several Node processes on one RedisStore (a real redis-server, $REDIS_URL) against a scripted
// WeChat on loopback that counts mints, with tokens expiring during the run and one forced
// 40001: exactly one mint per expiry (no stampede across processes), and no invalid-token
// error reaching a caller. The counts are asserted and printed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { Platform, RedisStore } from "wxopen";
import { AES_KEY, CID, MERCHANT, SECRET, TOKEN, closeRedis, redisClient, uniquePrefix } from "./platform_helpers.mjs";

const PROCESSES = 6;
const CALLS = 200;
const LANES = 2;
const PAUSE_MS = 25;
const LIFE_S = 2; // every token lives 2 s …
const MARGIN_MS = 1000; // … and is refreshed 1 s early: a refresh is due every second
const SLACK_MS = 150; // clocks and latency between "due" and the mint reaching the server
const FORCE_AT = 300; // the 300th open.get gets a forced 40001 (its token revoked)

/** The scripted WeChat: mints and checks tokens on its own clock, and records every mint. */
function wechat() {
  const tokens = new Map(); // token -> expiry (ms)
  const revoked = new Set();
  const state = { cats: [], aats: [], opens: 0, forcedAt: undefined, refusals: { 40001: 0, 42001: 0 } };
  const check = (token) => {
    const expiry = tokens.get(token);
    if (expiry === undefined || revoked.has(token)) return 40001;
    return Date.now() >= expiry ? 42001 : 0;
  };
  const mint = (kind, list) => {
    const value = `${kind}${list.length + 1}`;
    tokens.set(value, Date.now() + LIFE_S * 1000);
    list.push({ value, at: Date.now() });
    return value;
  };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (obj) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(obj));
    const refuse = (code) => {
      state.refusals[code] = (state.refusals[code] ?? 0) + 1;
      send({ errcode: code, errmsg: code === 42001 ? "access_token expired" : "invalid credential" });
    };
    switch (url.pathname) {
      case "/cgi-bin/component/api_component_token":
        assert.equal(body.component_verify_ticket, "ticket@@@concurrency");
        return send({ component_access_token: mint("CAT", state.cats), expires_in: LIFE_S });
      case "/cgi-bin/component/api_authorizer_token": {
        const code = check(url.searchParams.get("component_access_token"));
        if (code) return refuse(code);
        return send({ authorizer_access_token: mint("AAT", state.aats), expires_in: LIFE_S, authorizer_refresh_token: "refreshtoken@@@stable" });
      }
      case "/cgi-bin/component/api_create_preauthcode": {
        const code = check(url.searchParams.get("component_access_token"));
        return code ? refuse(code) : send({ pre_auth_code: "preauthcode@@@x", expires_in: 1800 });
      }
      case "/cgi-bin/open/get": {
        const token = url.searchParams.get("access_token");
        state.opens += 1;
        if (state.opens === FORCE_AT) {
          revoked.add(token);
          state.forcedAt = Date.now();
        }
        const code = check(token);
        return code ? refuse(code) : send({ errcode: 0, open_appid: "wxopen0123456789" });
      }
      default:
        res.writeHead(404).end();
    }
  });
  return { server, state };
}

function worker(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("./platform_worker.mjs", import.meta.url))], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1))) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

/** Gaps between consecutive mints (ms). */
const gaps = (mints) => mints.slice(1).map((m, i) => m.at - mints[i].at);

test(`${PROCESSES} processes × ${CALLS} calls on one RedisStore: one mint per expiry, no invalid token reaches a caller`, async (t) => {
  const redis = await redisClient();
  const { server, state } = wechat();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const apiBase = `http://127.0.0.1:${server.address().port}`;
  const keyPrefix = uniquePrefix();
  try {
    const seed = new Platform({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, store: new RedisStore(redis), apiBase, keyPrefix });
    await seed.storeTicket("ticket@@@concurrency", Math.floor(Date.now() / 1000));
    await seed.importAuthorizer(MERCHANT, "refreshtoken@@@stable");
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        worker({
          REDIS_URL: process.env.REDIS_URL,
          API_BASE: apiBase,
          KEY_PREFIX: keyPrefix,
          COMPONENT_APPID: CID,
          COMPONENT_SECRET: SECRET,
          MERCHANT,
          CALLS: String(CALLS),
          LANES: String(LANES),
          PAUSE_MS: String(PAUSE_MS),
          POLICY: JSON.stringify({ refreshMarginMs: MARGIN_MS }),
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const events = {};
    for (const r of results) for (const [k, n] of Object.entries(r.events)) events[k] = (events[k] ?? 0) + n;
    const counts = {
      processes: PROCESSES,
      callsEach: CALLS,
      okCalls: results.reduce((n, r) => n + r.ok, 0),
      elapsedMs: elapsed,
      componentMints: state.cats.length,
      authorizerMints: state.aats.length,
      componentGapsMs: gaps(state.cats),
      authorizerGapsMs: gaps(state.aats),
      refusals: state.refusals,
      events,
    };
    t.diagnostic(JSON.stringify(counts));
    console.log(`concurrency: ${JSON.stringify(counts)}`);

    assert.deepEqual(results.flatMap((r) => r.errors), [], "no error reached a caller");
    assert.equal(counts.okCalls, PROCESSES * CALLS);
    assert.ok(state.forcedAt !== undefined, "the forced 40001 happened");
    assert.ok(state.refusals[40001] >= 1, "the revoked token was refused");
    // Tokens expired during the run: several mints of each kind.
    assert.ok(state.cats.length >= 3 && state.aats.length >= 3, `mints: ${state.cats.length} component, ${state.aats.length} authorizer`);
    // One mint per expiry: a refresh is due LIFE − MARGIN after the previous mint; a second
    // process minting the same expiry would show as a gap of a few milliseconds.
    const due = LIFE_S * 1000 - MARGIN_MS - SLACK_MS;
    for (const [i, gap] of gaps(state.cats).entries()) assert.ok(gap >= due, `component mint ${i + 2} came ${gap} ms after the previous one`);
    // The forced 40001 adds exactly one early authorizer mint (the first after it), or none
    // when a due refresh was already under way.
    const forced = state.aats.findIndex((m) => m.at >= state.forcedAt);
    const early = gaps(state.aats).map((gap, i) => [i + 1, gap]).filter(([, gap]) => gap < due);
    assert.ok(early.length === 0 || (early.length === 1 && early[0][0] === forced), `early authorizer mints ${JSON.stringify(early)} (forced refresh at index ${forced})`);
    // Mint counts bounded by the run's length: nothing beyond one per due interval (+1 forced).
    const bound = Math.floor(elapsed / due) + 2;
    assert.ok(state.cats.length <= bound && state.aats.length <= bound + 1, `mints ${state.cats.length}/${state.aats.length} over ${elapsed} ms (bound ${bound})`);
    assert.equal(events.authorizer_token_refreshed, state.aats.length);
    assert.equal(events.component_token_minted, state.cats.length);
  } finally {
    const closed = new Promise((r) => server.close(r));
    server.closeAllConnections();
    await closed;
    await closeRedis(redis);
  }
});
