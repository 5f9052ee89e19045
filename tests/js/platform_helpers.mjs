// Shared by the Platform tests: a scripted WeChat (fetch), a manual clock, a store that counts
// what it is asked, and a platform wired to them.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { MemoryStore, Platform, Webhook } from "wxopen";

export const CID = "wxcomponent0000001";
export const SECRET = "platform_appsecret_0001";
export const TOKEN = "msgtoken";
export const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
export const MERCHANT = "wxminiprog00000001";
export const T0 = 1_700_000_000_000;
export const PATHS = {
  cat: "/cgi-bin/component/api_component_token",
  aat: "/cgi-bin/component/api_authorizer_token",
  queryAuth: "/cgi-bin/component/api_query_auth",
  preauth: "/cgi-bin/component/api_create_preauthcode",
  openGet: "/cgi-bin/open/get",
  beta: "/wxa/component/fastregisterbetaweapp",
  personal: "/wxa/component/fastregisterpersonalweapp",
  quotaGet: "/cgi-bin/openapi/quota/get",
  clearV2: "/cgi-bin/component/clear_quota/v2",
  startPush: "/cgi-bin/component/api_start_push_ticket",
};

export const cat = (v, expiresIn = 7200) => ({ component_access_token: v, expires_in: expiresIn });
export const aat = (v, r = "refreshtoken@@@R1", expiresIn = 7200) => ({ authorizer_access_token: v, expires_in: expiresIn, authorizer_refresh_token: r });
export const OPEN = { errcode: 0, open_appid: "wxopen0123456789" };

/** A store that records every call (kind and key) on top of the memory store. */
export class SpyStore extends MemoryStore {
  calls = [];
  get(key, now) { this.calls.push(["get", key]); return super.get(key, now); }
  put(key, value, ttl, now) { this.calls.push(["put", key]); return super.put(key, value, ttl, now); }
  compareAndSet(key, e, n, ttl, now) { this.calls.push(["compare_and_set", key]); return super.compareAndSet(key, e, n, ttl, now); }
  lock(key, owner, lease, now) { this.calls.push(["lock", key, owner]); return super.lock(key, owner, lease, now); }
  unlock(key, owner, now) { this.calls.push(["unlock", key, owner]); return super.unlock(key, owner, now); }
}

/**
 * A scripted WeChat and a manual clock shared by the platforms of one test. `on(path, ...replies)`
 * queues replies: an object (JSON, status 200), `{status, text}`, an Error (nothing comes
 * back), or a function `(url, body) => reply`. An unscripted request fails the test.
 */
export function world() {
  const w = { now: T0, sent: [], events: [], script: new Map() };
  w.on = (path, ...replies) => {
    w.script.set(path, [...(w.script.get(path) ?? []), ...replies]);
    return w;
  };
  w.fetch = async (url, init = {}) => {
    const u = new URL(url);
    w.sent.push({ url, path: u.pathname, token: u.searchParams.get("access_token") ?? u.searchParams.get("component_access_token"), body: init.body, init });
    let next = w.script.get(u.pathname)?.shift();
    if (typeof next === "function") next = next(u, init.body);
    if (next === undefined) throw new Error(`unscripted request to ${u.pathname}`);
    if (next instanceof Error) throw next;
    if (next.status !== undefined && next.text !== undefined) return new Response(next.text, { status: next.status });
    return new Response(JSON.stringify(next), { status: 200 });
  };
  /** Requests sent to `path`. */
  w.to = (path) => w.sent.filter((s) => s.path === path);
  w.kinds = () => w.events.map((e) => e.kind);
  w.platform = (options = {}) =>
    new Platform({
      componentAppid: CID,
      componentAppsecret: SECRET,
      token: TOKEN,
      encodingAesKey: AES_KEY,
      store: options.store ?? new SpyStore(),
      fetch: w.fetch,
      clock: () => w.now,
      sleep: async (ms) => { w.now += ms; },
      onEvent: (e) => w.events.push(e),
      ...options,
    });
  return w;
}

/** A platform with a stored ticket and an imported merchant. */
export async function seeded(w, options = {}) {
  const platform = w.platform(options);
  assert.equal(await platform.storeTicket("ticket@@@latest", Math.floor(w.now / 1000)), true);
  await platform.importAuthorizer(MERCHANT, "refreshtoken@@@R1");
  return platform;
}

/** An encrypted push of `xml` as WeChat sends it at `nowMs`: [query, body]. */
export function push(xml, nowMs, { token = TOKEN, aesKey = AES_KEY, appid = CID } = {}) {
  const hook = new Webhook({ token, encodingAesKey: aesKey, componentAppid: appid });
  const ts = String(Math.floor(nowMs / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const { encrypt, msgSignature } = hook.encrypt(xml, { timestamp: ts, nonce });
  return [{ timestamp: ts, nonce, msg_signature: msgSignature }, `<xml><AppId>${appid}</AppId><Encrypt>${encrypt}</Encrypt></xml>`];
}

/** Push XML bodies. */
export const xml = {
  ticket: (secs, ticket, appid = CID) =>
    `<xml><AppId>${appid}</AppId><CreateTime>${secs}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>${ticket}</ComponentVerifyTicket></xml>`,
  authorized: (secs, code, appid = MERCHANT) =>
    `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>${appid}</AuthorizerAppid><AuthorizationCode>${code}</AuthorizationCode><AuthorizationCodeExpiredTime>${secs + 600}</AuthorizationCodeExpiredTime></xml>`,
  unauthorized: (secs, appid = MERCHANT) =>
    `<xml><AppId>${CID}</AppId><CreateTime>${secs}</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>${appid}</AuthorizerAppid></xml>`,
};

/** A key prefix no other test file shares (test files run in parallel on one Redis). */
export const uniquePrefix = () => `wxtest${randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** A connected node-redis client on $REDIS_URL. Tests that need Redis fail without it. */
export async function redisClient() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set: scripts/test.sh starts redis-server and passes it to the JS tests");
  const { createClient } = await import("redis");
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Closes a node-redis client (v5+: close; v4: quit). */
export const closeRedis = (client) => (typeof client?.close === "function" ? client.close() : client?.quit());
