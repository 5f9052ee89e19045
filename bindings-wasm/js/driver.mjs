// The reference host loop of the platform driver (async), with a Map-backed store.
//
// The core (wasm) decides everything: which token, when to mint or refresh it, what to store,
// when to retry. A host only carries out the steps it is given and answers each with the
// method for its kind. This module is that host in its smallest form — the contract the
// Platform classes and the real stores build on (see docs/driver.md).
//
// Steps are objects with a `kind`:
//   {kind: "http", method, url, headers, body}      -> call.response(status, bodyBytes, now)
//                                                      or call.transportFailed(detail, now)
//   {kind: "get", key}                              -> call.value(textOrNull, now)
//   {kind: "put", key, value, ttl_ms}               -> call.ack(now)
//   {kind: "compare_and_set", key, expected, new, ttl_ms} -> call.flag(swapped, now)
//   {kind: "lock", key, owner, lease_ms}            -> call.flag(acquired, now)
//   {kind: "unlock", key, owner}                    -> call.ack(now)
//   {kind: "sleep", ms}                             -> call.ack(now)   (after sleeping)
//   {kind: "event", event}                          -> call.ack(now)
//   {kind: "done", value}                           -> the call's result
// A store that throws is answered with call.storeFailed(detail, now): the call then throws a
// StoreError. A done-with-error throws from the answer that finished the call.
import { toSnake } from "./case.mjs";
import { ApiError, DecodeError, HttpStatusError, StoreError, fromCore } from "./errors.mjs";
import { native } from "./native.mjs";
import { eventFromJson, queryParts } from "./webhook.mjs";

function nativeCall(fn) {
  try {
    return fn();
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

const bytes = (body) =>
  typeof body === "string" ? new TextEncoder().encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);

/** A store in a Map, with the semantics docs/driver.md specifies. Times are unix ms. */
export class MapStore {
  #data = new Map();

  get(key, now) {
    const entry = this.#data.get(key);
    if (entry === undefined) return null;
    if (entry.expiry !== null && now >= entry.expiry) {
      this.#data.delete(key);
      return null;
    }
    return entry.value;
  }

  put(key, value, ttlMs, now) {
    this.#data.set(key, { value, expiry: ttlMs === null || ttlMs === undefined ? null : now + ttlMs });
  }

  compareAndSet(key, expected, next, ttlMs, now) {
    if (this.get(key, now) !== (expected ?? null)) return false;
    if (next === null || next === undefined) this.#data.delete(key);
    else this.put(key, next, ttlMs, now);
    return true;
  }

  lock(key, owner, leaseMs, now) {
    if (this.get(key, now) !== null) return false;
    this.put(key, owner, leaseMs, now);
    return true;
  }

  unlock(key, owner, now) {
    if (this.get(key, now) === owner) this.#data.delete(key);
  }

  keys(now) {
    return [...this.#data.keys()].filter((k) => this.get(k, now) !== null).sort();
  }

  toString() { return `MapStore(${this.#data.size} keys)`; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

/** Random bits for the driver's seed (jitter, lock owner ids). */
function randomSeed() {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0x1fffff) * 2 ** 32 + words[1];
}

/**
 * The native driver of one platform. Options are camelCase: componentAppid,
 * componentAppsecret, token, encodingAesKey, and optionally seed, apiBase, readOnly, policy
 * (an object of overrides, snake_case or camelCase keys), keyPrefix, webhookMaxAgeSecs.
 */
export function createDriver(options) {
  const { policy, seed = randomSeed(), ...rest } = options ?? {};
  const snake = toSnake({ ...rest, seed });
  if (policy !== undefined && policy !== null) snake.policy = toSnake(policy);
  return nativeCall(() => new native.Driver(snake));
}

/** The default policy (snake_case keys, as the core names them). */
export const defaultPolicy = () => JSON.parse(native.Driver.defaultPolicy());

/** Starts the operation `op` with camelCase `args`; `authorizerAppid` for authorizer operations. */
export function callOperation(driver, op, args = {}, authorizerAppid) {
  return nativeCall(() => driver.call(op, toSnake(args), authorizerAppid ?? undefined));
}

/**
 * Starts a registration create operation `op` (register.enterprise, …_legacy, ….personal,
 * ….beta, ….beta_verify, ….reuse_oa) with camelCase `args`; Done: `{output, task}` (wire names;
 * `task` null when none was recorded).
 */
export function registerOperation(driver, op, args = {}, authorizerAppid) {
  return nativeCall(() => driver.register(op, toSnake(args), authorizerAppid ?? undefined));
}

/** Starts listing registration tasks, newest first: `{kind, state, limit}` all optional. */
export function listTasks(driver, { kind, state, limit } = {}) {
  return nativeCall(() => driver.tasks(kind ?? undefined, state ?? undefined, limit ?? undefined));
}

/** Starts handling a push. `query`: raw string, URLSearchParams, Map or object. */
export function handlePush(driver, query, body) {
  const [raw, keys, values] = queryParts(query);
  return nativeCall(() => driver.handle(raw, keys, values, bytes(body)));
}

/** The Done value of a handle call as the JS event object. */
export const toEvent = eventFromJson;

/**
 * Drives `call` to its end and resolves to the Done value (wire-named JSON; events and
 * operation outputs are converted by the caller).
 * @param {{fetch?: typeof fetch, store: MapStore, clock?: () => number, sleep?: (ms: number) => Promise<void>, onEvent?: (e: object) => void}} host
 */
export async function run(call, { fetch = globalThis.fetch, store, clock = Date.now, sleep, onEvent } = {}) {
  const wait = sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  let lastBody;
  const answer = (fn) => {
    try {
      return JSON.parse(fn());
    } catch (thrown) {
      const err = fromCore(thrown);
      if ((err instanceof ApiError || err instanceof HttpStatusError || err instanceof DecodeError) && lastBody !== undefined) {
        err.raw = new TextDecoder().decode(lastBody);
      }
      throw err;
    }
  };
  let step = answer(() => call.start(clock()));
  for (;;) {
    switch (step.kind) {
      case "done":
        return step.value;
      case "http": {
        let response;
        let body;
        try {
          const doFetch = fetch;
          response = await doFetch(step.url, {
            method: step.method,
            headers: Object.fromEntries(step.headers),
            body: step.method === "GET" ? undefined : step.body,
          });
          body = new Uint8Array(await response.arrayBuffer());
        } catch (e) {
          const detail = `${step.method} ${native.redactUrl(step.url)} failed: ${e?.name ?? "Error"}`;
          step = answer(() => call.transportFailed(detail, clock()));
          break;
        }
        lastBody = body;
        step = answer(() => call.response(response.status, body, clock()));
        break;
      }
      case "sleep":
        await wait(step.ms);
        step = answer(() => call.ack(clock()));
        break;
      case "event":
        onEvent?.(step.event);
        step = answer(() => call.ack(clock()));
        break;
      default: {
        let result;
        try {
          result = await storeStep(store, step, clock());
        } catch (e) {
          try {
            answer(() => call.storeFailed(`${e?.name ?? "Error"}: ${e?.message ?? e}`, clock()));
          } catch (err) {
            if (err instanceof StoreError) err.cause = e;
            throw err;
          }
          throw new StoreError("store failed", { code: "store_error" });
        }
        step = answer(() => (result.kind === "ack" ? call.ack(clock()) : result.kind === "flag" ? call.flag(result.value, clock()) : call.value(result.value ?? undefined, clock())));
      }
    }
  }
}

async function storeStep(store, step, now) {
  switch (step.kind) {
    case "get":
      return { kind: "value", value: await store.get(step.key, now) };
    case "put":
      await store.put(step.key, step.value, step.ttl_ms, now);
      return { kind: "ack" };
    case "compare_and_set":
      return { kind: "flag", value: Boolean(await store.compareAndSet(step.key, step.expected, step.new, step.ttl_ms, now)) };
    case "lock":
      return { kind: "flag", value: Boolean(await store.lock(step.key, step.owner, step.lease_ms, now)) };
    case "unlock":
      await store.unlock(step.key, step.owner, now);
      return { kind: "ack" };
    default:
      throw new TypeError(`unknown driver step ${step.kind}`);
  }
}
