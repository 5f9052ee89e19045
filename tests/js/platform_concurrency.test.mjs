// Several Node processes on one RedisStore (a real redis-server, $REDIS_URL) against a scripted
// WeChat on loopback that counts mints, with tokens expiring during the run and one forced
// 40001: exactly one mint per expiry (no stampede across processes), and no invalid-token
// error reaching a caller. The counts are asserted and printed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { Platform, RedisStore } from "wxopen";
import { AES_KEY, CID, MERCHANT, SECRET, TOKEN, closeRedis, redisClient, uniquePrefix } from "./platform_helpers.mjs";
import { close, gaps, wechat } from "./token_endpoint.mjs";

const PROCESSES = 6;
const CALLS = 200;
const LANES = 2;
const PAUSE_MS = 25;
const LIFE_S = 2; // every token lives 2 s …
const MARGIN_MS = 1000; // … and is refreshed 1 s early: a refresh is due every second
const SLACK_MS = 150; // clocks and latency between "due" and the mint reaching the server
const FORCE_AT = 300; // the 300th open.get gets a forced 40001 (its token revoked)

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

test(`${PROCESSES} processes × ${CALLS} calls on one RedisStore: one mint per expiry, no invalid token reaches a caller`, async (t) => {
  const redis = await redisClient();
  const { server, state } = wechat({ lifeS: LIFE_S, forceAt: FORCE_AT, ticket: "ticket@@@concurrency" });
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
    await close(server);
    await closeRedis(redis);
  }
});
