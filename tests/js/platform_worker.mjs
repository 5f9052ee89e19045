// One process of the concurrency test (platform_concurrency.test.mjs): a Platform on a
// RedisStore shared with the other processes, making CALLS calls in LANES concurrent lanes
// against the scripted WeChat at API_BASE. Prints one JSON line: what it got and saw.
import { createClient } from "redis";
import { Platform, RedisStore } from "wxopen";

const env = (name) => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const calls = Number(env("CALLS"));
const lanes = Number(env("LANES"));
const pauseMs = Number(env("PAUSE_MS"));
const merchant = env("MERCHANT");

const client = createClient({ url: env("REDIS_URL"), socket: { reconnectStrategy: false } });
client.on("error", () => {});
await client.connect();
const events = {};
const platform = new Platform({
  componentAppid: env("COMPONENT_APPID"),
  componentAppsecret: env("COMPONENT_SECRET"),
  token: "msgtoken",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  store: new RedisStore(client),
  apiBase: env("API_BASE"),
  keyPrefix: env("KEY_PREFIX"),
  policy: JSON.parse(env("POLICY")),
  onEvent: (e) => { events[e.kind] = (events[e.kind] ?? 0) + 1; },
});

const errors = [];
let ok = 0;
async function lane(n) {
  for (let i = 0; i < n; i++) {
    try {
      // Mostly the merchant's calls (its token, refreshed with the component token); every
      // fifth a component-token call.
      if (i % 5 === 4) await platform.createPreauthcode();
      else await platform.authorizer(merchant).openGet();
      ok += 1;
    } catch (e) {
      errors.push(`${e.name} ${e.code} ${e.errcode ?? ""} ${e.message}`);
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
const perLane = Math.ceil(calls / lanes);
await Promise.all(Array.from({ length: lanes }, (_, i) => lane(Math.min(perLane, calls - i * perLane))));
await client.close();
console.log(JSON.stringify({ pid: process.pid, lang: "node", ok, errors, events }));
