// Python and Node processes on one Redis (issue 8, "many processes"): 4 Node processes
// (platform_worker.mjs) and 4 Python processes (tests/python/mixed_worker.py, the venv's wheel)
// × 200 calls each, every one a Platform on a RedisStore with the same key prefix — the store
// keys are the core's, identical in both languages (docs/driver.md §4) — against a scripted
// WeChat on loopback that counts mints. Tokens live 2 s and are refreshed 1 s early, so they
// expire several times during the run; one valid token is refused with 40001. Asserted:
// exactly one mint per expiry (each successor minted once, inside its predecessor's last
// second), exactly one extra authorizer mint for the forced 40001 (or none, when a due refresh
// was already under way), no invalid-token error reaching a caller, and tokens minted by one
// language used by the other. The counts are printed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { Platform, RedisStore } from "wxopen";
import { AES_KEY, CID, MERCHANT, SECRET, TOKEN, closeRedis, redisClient, uniquePrefix } from "./platform_helpers.mjs";
import { close, gaps, wechat } from "./token_endpoint.mjs";

const NODE_PROCESSES = 4;
const PYTHON_PROCESSES = 4;
const CALLS = 200;
const LANES = 2;
const PAUSE_MS = 25;
const LIFE_S = 2; // every token lives 2 s …
const MARGIN_MS = 1000; // … and is refreshed 1 s early: a refresh is due every second
const SLACK_MS = 150; // clocks and latency between "due" and the mint reaching the server
const FORCE_AT = 300; // the 300th open.get gets a forced 40001 (its token revoked)
const TICKET = "ticket@@@mixed";

/** The repository (tests/js/run.sh sets WXOPEN_ROOT): its venv's Python has the wheel. */
function python() {
  const root = process.env.WXOPEN_ROOT;
  if (!root) throw new Error("WXOPEN_ROOT is not set: tests/js/run.sh passes the repository to the JS tests");
  const exe = join(root, ".venv", "bin", "python");
  if (!existsSync(exe)) throw new Error(`${exe} is missing: scripts/test.sh builds the venv and installs the wheel first`);
  return [exe, join(root, "tests", "python", "mixed_worker.py")];
}

function worker(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1))) : reject(new Error(`${argv.at(-1)} exited ${code}: ${err}`))));
  });
}

test(`${NODE_PROCESSES} Node + ${PYTHON_PROCESSES} Python processes × ${CALLS} calls on one Redis: one mint per expiry, no invalid token reaches a caller`, async (t) => {
  const redis = await redisClient();
  const { server, state } = wechat({ lifeS: LIFE_S, forceAt: FORCE_AT, ticket: TICKET });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const apiBase = `http://127.0.0.1:${server.address().port}`;
  const keyPrefix = uniquePrefix();
  try {
    const seed = new Platform({ componentAppid: CID, componentAppsecret: SECRET, token: TOKEN, encodingAesKey: AES_KEY, store: new RedisStore(redis), apiBase, keyPrefix });
    await seed.storeTicket(TICKET, Math.floor(Date.now() / 1000));
    await seed.importAuthorizer(MERCHANT, "refreshtoken@@@stable");
    const env = {
      REDIS_URL: process.env.REDIS_URL,
      API_BASE: apiBase,
      KEY_PREFIX: keyPrefix,
      COMPONENT_APPID: CID,
      COMPONENT_SECRET: SECRET,
      MERCHANT,
      CALLS: String(CALLS),
      LANES: String(LANES),
      PAUSE_MS: String(PAUSE_MS),
      // snake_case: what both languages take (JS also takes camelCase).
      POLICY: JSON.stringify({ refresh_margin_ms: MARGIN_MS }),
    };
    const node = [process.execPath, fileURLToPath(new URL("./platform_worker.mjs", import.meta.url))];
    const started = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: NODE_PROCESSES }, () => worker(node, env)),
      ...Array.from({ length: PYTHON_PROCESSES }, () => worker(python(), env)),
    ]);
    const elapsed = Date.now() - started;
    const events = {};
    for (const r of results) for (const [k, n] of Object.entries(r.events)) events[k] = (events[k] ?? 0) + n;
    const by = (mints) => mints.reduce((o, m) => ({ ...o, [m.by]: (o[m.by] ?? 0) + 1 }), {});
    const shared = [...state.usedBy.values()].filter((langs) => langs.size === 2).length;
    const counts = {
      processes: results.reduce((o, r) => ({ ...o, [r.lang]: (o[r.lang] ?? 0) + 1 }), {}),
      callsEach: CALLS,
      okCalls: results.reduce((n, r) => n + r.ok, 0),
      elapsedMs: elapsed,
      componentMints: state.cats.length,
      componentMintsBy: by(state.cats),
      authorizerMints: state.aats.length,
      authorizerMintsBy: by(state.aats),
      componentGapsMs: gaps(state.cats),
      authorizerGapsMs: gaps(state.aats),
      tokensUsedByBothLanguages: shared,
      refusals: state.refusals,
      events,
    };
    t.diagnostic(JSON.stringify(counts));
    console.log(`mixed concurrency: ${JSON.stringify(counts)}`);

    assert.deepEqual(results.flatMap((r) => r.errors), [], "no error reached a caller");
    assert.deepEqual(counts.processes, { node: NODE_PROCESSES, python: PYTHON_PROCESSES });
    assert.equal(counts.okCalls, (NODE_PROCESSES + PYTHON_PROCESSES) * CALLS);
    assert.ok(state.forcedAt !== undefined, "the forced 40001 happened");
    assert.ok(state.refusals[40001] >= 1, "the revoked token was refused");
    assert.equal(state.refusals[42001], 0, "no token was used after it expired");
    // Tokens expired during the run: several mints of each kind.
    assert.ok(state.cats.length >= 3 && state.aats.length >= 3, `mints: ${state.cats.length} component, ${state.aats.length} authorizer`);
    // Exactly one mint per expiry: each successor came after its predecessor became due (a
    // second process minting the same expiry would show as a gap of a few milliseconds) and
    // before it expired (no expiry went without its mint).
    const due = LIFE_S * 1000 - MARGIN_MS - SLACK_MS;
    for (const [i, gap] of gaps(state.cats).entries()) {
      assert.ok(gap >= due && gap < LIFE_S * 1000, `component mint ${i + 2} came ${gap} ms after the previous one`);
    }
    for (const [i, gap] of gaps(state.aats).entries()) assert.ok(gap < LIFE_S * 1000, `authorizer mint ${i + 2} came ${gap} ms after the previous one`);
    // The forced 40001 adds exactly one early authorizer mint (the first after it), or none
    // when a due refresh was already under way.
    const forced = state.aats.findIndex((m) => m.at >= state.forcedAt);
    const early = gaps(state.aats).map((gap, i) => [i + 1, gap]).filter(([, gap]) => gap < due);
    assert.ok(early.length === 0 || (early.length === 1 && early[0][0] === forced), `early authorizer mints ${JSON.stringify(early)} (forced refresh at index ${forced})`);
    // One store, two languages: the processes of each used tokens the other's minted.
    assert.ok(shared >= 1, "a token was used by both languages");
    assert.equal(events.authorizer_token_refreshed, state.aats.length);
    assert.equal(events.component_token_minted, state.cats.length);
  } finally {
    await close(server);
    await closeRedis(redis);
  }
});
