// The stores: MemoryStore and RedisStore keep the store contract of docs/driver.md §3
// (tests/js/store_contract.mjs) — RedisStore against a real redis-server ($REDIS_URL, started by
// scripts/test.sh; these tests fail without it) — and the package never loads `redis` itself.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, test } from "node:test";
import * as wxopen from "wxopen";
import { checkStore } from "./store_contract.mjs";
import { CID, MERCHANT, OPEN, PATHS, aat, cat, closeRedis, redisClient, uniquePrefix, world } from "./platform_helpers.mjs";

const { MemoryStore, RedisStore } = wxopen;
// One client for the Redis tests, connected by the first (a test without Redis fails; the
// memory-store tests do not need it).
let connecting;
const connected = () => (connecting ??= redisClient());
after(async () => { if (connecting) await closeRedis(await connecting.catch(() => undefined)); });

test("MemoryStore keeps the store contract (manual clock)", async () => {
  let now = 1_700_000_000_000;
  await checkStore(new MemoryStore(), () => now, (ms) => { now += ms; });
});

test("MemoryStore refuses what is not a string or whole milliseconds, and sweeps expired keys", () => {
  const store = new MemoryStore();
  assert.throws(() => store.put("k", 1, null, 0), TypeError);
  assert.throws(() => store.put("k", "v", 1.5, 0), TypeError);
  assert.throws(() => store.put("k", "v", -1, 0), TypeError);
  assert.throws(() => store.lock("k", "o", 0, 0), TypeError);
  const fresh = new MemoryStore();
  for (let i = 0; i < 255; i++) fresh.put(`k${i}`, "v", 10, 0);
  assert.equal(String(fresh), "MemoryStore(255 keys)");
  fresh.put("durable", "v", null, 100);
  assert.equal(String(fresh), "MemoryStore(1 keys)", "expired entries are swept every 256 writes");
  assert.deepEqual(fresh.keys(100), ["durable"]);
  store.put("durable", "v", null, 100);
  assert.deepEqual(store.keys(100), ["durable"]);
});

test("RedisStore keeps the store contract against a real redis-server", async () => {
  const redis = await connected();
  await checkStore(new RedisStore(redis), Date.now, (ms) => new Promise((r) => setTimeout(r, ms)));
});

test("RedisStore: expiry is Redis's own (PX), scripts reload after a flush, the client is the one given", async () => {
  const redis = await connected();
  const store = new RedisStore(redis);
  const key = `${uniquePrefix()}:ttl`;
  await store.put(key, "v", 60_000);
  const pttl = Number(await redis.sendCommand(["PTTL", key]));
  assert.ok(pttl > 59_000 && pttl <= 60_000, `PTTL ${pttl}`);
  await store.put(key, "v", null);
  assert.equal(Number(await redis.sendCommand(["PTTL", key])), -1, "a durable write drops the expiry");
  assert.equal(await store.lock(`${key}:lock`, "me", 5_000), true);
  const lease = Number(await redis.sendCommand(["PTTL", `${key}:lock`]));
  assert.ok(lease > 4_000 && lease <= 5_000, `lease ${lease}`);
  assert.equal(await store.compareAndSet(key, "v", "w", 30_000), true);
  await redis.sendCommand(["SCRIPT", "FLUSH"]);
  assert.equal(await store.compareAndSet(key, "w", "x", null), true, "NOSCRIPT: loaded again");
  await store.unlock(`${key}:lock`, "me");
  assert.equal(await store.get(`${key}:lock`), null);
  assert.equal(store.client, redis);
  assert.equal(String(store), "RedisStore");
  assert.throws(() => new RedisStore({}), (e) => e instanceof TypeError && /createClient/.test(e.message));
  assert.throws(() => new RedisStore("redis://127.0.0.1"), TypeError);
});

test("a Platform on RedisStore: tokens, refresh token and events in Redis, under the platform's keys", async () => {
  const redis = await connected();
  const w = world();
  const keyPrefix = uniquePrefix();
  const platform = w.platform({ store: new RedisStore(redis), keyPrefix });
  await platform.storeTicket("ticket@@@redis", Math.floor(w.now / 1000));
  await platform.importAuthorizer(MERCHANT, "refreshtoken@@@R1");
  w.on(PATHS.cat, cat("CAT1")).on(PATHS.aat, aat("AAT1", "refreshtoken@@@R2")).on(PATHS.openGet, OPEN);
  assert.equal((await platform.authorizer(MERCHANT).openGet()).openAppid, OPEN.open_appid);
  const keys = (await redis.sendCommand(["KEYS", `${keyPrefix}:*`])).sort();
  assert.deepEqual(keys, [`${keyPrefix}:${CID}:authorizer:${MERCHANT}`, `${keyPrefix}:${CID}:component_token`, `${keyPrefix}:${CID}:ticket`]);
  const record = JSON.parse(await redis.sendCommand(["GET", `${keyPrefix}:${CID}:authorizer:${MERCHANT}`]));
  assert.equal(record.refresh_token, "refreshtoken@@@R2");
  assert.equal(Number(await redis.sendCommand(["PTTL", `${keyPrefix}:${CID}:authorizer:${MERCHANT}`])), -1, "refresh tokens are durable");
  assert.ok(Number(await redis.sendCommand(["PTTL", `${keyPrefix}:${CID}:component_token`])) > 7_000_000);
  // A second process (another driver, no warm cache) reads the token from Redis: no request.
  const other = w.platform({ store: new RedisStore(redis), keyPrefix });
  assert.equal((await other.authorizerAccessToken(MERCHANT)).value, "AAT1");
  assert.equal(w.to(PATHS.aat).length, 1);
});

test("a Redis failure is a StoreError whose cause is the client's error", async () => {
  const client = await redisClient();
  await closeRedis(client);
  const platform = world().platform({ store: new RedisStore(client), keyPrefix: uniquePrefix() });
  await assert.rejects(platform.componentAccessToken(), (e) => e instanceof wxopen.StoreError && e.cause instanceof Error && e.detail.startsWith("get: "));
});

test("the package never loads redis: an optional peer dependency, not imported by any build", () => {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve("wxopen/package.json"), "utf8"));
  assert.equal(pkg.peerDependenciesMeta?.redis?.optional, true);
  assert.ok(pkg.peerDependencies?.redis);
  assert.equal(pkg.dependencies, undefined);
  const dist = require.resolve("wxopen/package.json").replace(/package\.json$/, "dist/");
  for (const file of ["index.mjs", "index.cjs"]) {
    const code = readFileSync(dist + file, "utf8");
    assert.ok(!/\b(from|require\(|import\()\s*["']redis["']/.test(code), `${file} imports redis`);
  }
});
