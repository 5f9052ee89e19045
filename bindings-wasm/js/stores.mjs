// Stores for the platform driver: where tickets, tokens, refresh tokens, locks and auth-code
// claims live (docs/driver.md §3 gives the exact semantics; §4 the keys and values).
//
// A store is any object with these five methods; each may return its result directly or as a
// promise (the Platform awaits every one). Keys and values are strings, stored and returned
// byte for byte; `now` is the platform's clock (unix ms), for stores that keep expiry
// themselves; `ttlMs`/`leaseMs` are whole milliseconds, `null` meaning "never expires".
//
//   get(key, now)                                   -> the live value, or null (absent/expired)
//   put(key, value, ttlMs, now)                     -> write, replacing value and expiry
//   compareAndSet(key, expected, next, ttlMs, now)  -> atomically: iff the live value equals
//                                                      `expected` (null = absent), write `next`
//                                                      (null = delete); return whether it did
//   lock(key, owner, leaseMs, now)                  -> iff absent/expired, set it to `owner`
//                                                      for `leaseMs`; return whether it did
//   unlock(key, owner, now)                         -> delete iff the live value is `owner`
//
// A method that throws (or rejects) ends the call with a StoreError whose `cause` is that error.
// Never put a secret in such an error's message: it reaches the StoreError and the events.
// tests/js/store_contract.mjs checks an implementation (`await checkStore(store, clock, advance)`).

const typeName = (v) => (v === null ? "null" : typeof v === "object" ? (v.constructor?.name ?? "an object") : typeof v);

/** A TTL or lease: `null`/`undefined` (never expires) or whole milliseconds. */
function duration(name, value) {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be whole milliseconds (a non-negative integer) or null, not ${typeof value === "number" ? value : typeName(value)}`);
  return value;
}

function text(name, value) {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, not ${typeName(value)}`);
  return value;
}

/** Expired entries are swept after this many writes (reads drop the ones they meet). */
const SWEEP_EVERY = 256;

/**
 * A store in this process's memory: for one process (tests, scripts, a single server).
 * Nothing survives a restart — a refresh token lost with it means the merchant must authorize
 * again — so a service of several processes or one that restarts uses RedisStore (or a store
 * of its own). Synchronous methods; expiry follows the `now` it is given.
 */
export class MemoryStore {
  #data = new Map();
  #writes = 0;

  /** The live value of `key`, or null. */
  get(key, now) {
    const entry = this.#data.get(key);
    if (entry === undefined) return null;
    if (entry.expiry !== null && now >= entry.expiry) {
      this.#data.delete(key);
      return null;
    }
    return entry.value;
  }

  /** Writes `value`; it expires `ttlMs` after `now` (never when null). */
  put(key, value, ttlMs, now) {
    text("key", key);
    text("value", value);
    const ttl = duration("ttlMs", ttlMs);
    this.#data.set(key, { value, expiry: ttl === null ? null : now + ttl });
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep(now);
  }

  /** Iff the live value is `expected` (null: absent), writes `next` (null: deletes). */
  compareAndSet(key, expected, next, ttlMs, now) {
    if (this.get(key, now) !== (expected ?? null)) return false;
    if (next === null || next === undefined) this.#data.delete(key);
    else this.put(key, next, ttlMs, now);
    return true;
  }

  /** Takes the lease iff the key is absent or expired. */
  lock(key, owner, leaseMs, now) {
    const lease = duration("leaseMs", leaseMs);
    if (!lease) throw new TypeError("leaseMs must be a positive number of milliseconds");
    if (this.get(key, now) !== null) return false;
    this.put(key, text("owner", owner), lease, now);
    return true;
  }

  /** Releases the lease iff `owner` holds it. */
  unlock(key, owner, now) {
    if (this.get(key, now) === owner) this.#data.delete(key);
  }

  /** The live keys, sorted (for tests and inspection). */
  keys(now) {
    return [...this.#data.keys()].filter((k) => this.get(k, now) !== null).sort();
  }

  #sweep(now) {
    for (const [key, entry] of this.#data) {
      if (entry.expiry !== null && now >= entry.expiry) this.#data.delete(key);
    }
  }

  toString() { return `MemoryStore(${this.#data.size} keys)`; }
  toJSON() { return { store: "MemoryStore", keys: this.#data.size }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

// Compare-and-set: KEYS[1]; ARGV = has-expected ("1"/"0"), expected, has-next, next, ttl ("" = none).
const CAS = `local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
if ARGV[3] ~= '1' then
  redis.call('DEL', KEYS[1])
elseif ARGV[5] == '' then
  redis.call('SET', KEYS[1], ARGV[4])
elseif tonumber(ARGV[5]) > 0 then
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
else
  redis.call('DEL', KEYS[1])
end
return 1`;

// Owner-only unlock: KEYS[1]; ARGV[1] = owner.
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

const decoder = new TextDecoder();

/** A reply as the stored text (a client configured to return Buffers gives bytes). */
function replyText(reply) {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "string") return reply;
  if (reply instanceof Uint8Array) return decoder.decode(reply);
  throw new TypeError(`unexpected Redis reply type ${typeName(reply)}`);
}

/**
 * A store in Redis, shared by every process (and every platform: keys carry the component
 * appid). Give it a connected client of the `redis` package (node-redis, an optional peer
 * dependency this module never imports):
 *
 *   import { createClient } from "redis";
 *   const store = new RedisStore(await createClient({ url: process.env.REDIS_URL }).connect());
 *
 * Expiry is Redis's own (`PX`); compare-and-set and unlock are Lua scripts (atomic on the
 * server), locks are `SET key owner NX PX lease`. Only `client.sendCommand([...])` is used, so
 * any client with that method (node-redis 4, 5 and 6) works; a cluster client is not supported
 * (its `sendCommand` takes a routing key first).
 */
export class RedisStore {
  #client;
  #shas = new Map();

  /** @param client a connected node-redis client (`await createClient(...).connect()`). */
  constructor(client) {
    if (client === null || typeof client !== "object" || typeof client.sendCommand !== "function") {
      throw new TypeError(`RedisStore takes a connected client of the \`redis\` package (await createClient({ url }).connect()), not ${typeName(client)}`);
    }
    this.#client = client;
  }

  /** The client given. */
  get client() { return this.#client; }

  async get(key) {
    return replyText(await this.#client.sendCommand(["GET", text("key", key)]));
  }

  async put(key, value, ttlMs) {
    const args = ["SET", text("key", key), text("value", value)];
    const ttl = duration("ttlMs", ttlMs);
    // A zero TTL expires at once (Redis refuses PX 0).
    if (ttl === 0) await this.#client.sendCommand(["DEL", key]);
    else await this.#client.sendCommand(ttl === null ? args : [...args, "PX", String(ttl)]);
  }

  async compareAndSet(key, expected, next, ttlMs) {
    const has = (v) => (v === null || v === undefined ? ["0", ""] : ["1", text("value", v)]);
    const ttl = duration("ttlMs", ttlMs);
    const reply = await this.#script("cas", CAS, text("key", key), [...has(expected), ...has(next), ttl === null ? "" : String(ttl)]);
    return Number(reply) === 1;
  }

  async lock(key, owner, leaseMs) {
    const lease = duration("leaseMs", leaseMs);
    if (!lease) throw new TypeError("leaseMs must be a positive number of milliseconds");
    const reply = await this.#client.sendCommand(["SET", text("key", key), text("owner", owner), "NX", "PX", String(lease)]);
    return reply !== null && reply !== undefined;
  }

  async unlock(key, owner) {
    await this.#script("unlock", UNLOCK, text("key", key), [text("owner", owner)]);
  }

  /** EVALSHA with the script loaded once per store (again after a server restart or flush). */
  async #script(name, source, key, args) {
    for (let attempt = 0; ; attempt++) {
      let sha = this.#shas.get(name);
      if (sha === undefined) {
        sha = replyText(await this.#client.sendCommand(["SCRIPT", "LOAD", source]));
        this.#shas.set(name, sha);
      }
      try {
        return await this.#client.sendCommand(["EVALSHA", sha, "1", key, ...args]);
      } catch (e) {
        if (attempt > 0 || !String(e?.message ?? "").startsWith("NOSCRIPT")) throw e;
        this.#shas.delete(name);
      }
    }
  }

  toString() { return "RedisStore"; }
  toJSON() { return { store: "RedisStore" }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}
