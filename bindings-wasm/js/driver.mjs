// The host loop of the platform driver (async): the Platform runs every call through `drive`;
// `run` is the same loop for the low-level pieces exported as `wxopen.driver`.
//
// The core (wasm) decides everything: which token, when to mint or refresh it, what to store,
// when to retry. A host only carries out the steps it is given and answers each with the
// method for its kind (see docs/driver.md):
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
// StoreError (its `cause`: what the store threw). A done-with-error throws from the answer that
// finished the call.
import { toSnake } from "./case.mjs";
import { RAW_CODES, TransportError, fromCore } from "./errors.mjs";
import { bodyText, exchange } from "./http.mjs";
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

/** 64 random bits for the driver's seed (jitter, lock owner ids), as a whole number ≤ 2^53 − 1. */
export function randomSeed() {
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

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An observer's failure is reported, never allowed to change the call's outcome. */
function report(error) {
  if (typeof globalThis.reportError === "function") globalThis.reportError(error);
  else console.error("wxopen: the onEvent callback threw:", error);
}

/**
 * Drives `call` to its end and resolves to the Done value (wire-named JSON; events and
 * operation outputs are converted by the caller).
 * @param {{fetch?: typeof fetch, store: object, clock?: () => number, sleep?: (ms: number) => Promise<void>, onEvent?: (e: object) => void, timeoutMs?: number}} host
 */
export async function run(call, host = {}) {
  return (await drive(call, host)).value;
}

/**
 * The loop: `{value, raw}` — the Done value and the body of the last HTTP response as text
 * (`undefined` when the call sent nothing). `onEvent` receives the core's event records as
 * they are (snake_case). HTTP requests are sent as the Client sends them (http.mjs), aborted
 * after `timeoutMs` when given.
 */
export async function drive(call, { fetch = globalThis.fetch, store, clock = Date.now, sleep = wait, onEvent, timeoutMs } = {}) {
  let lastBody;
  let transportCause;
  let storeCause;
  const answer = (fn) => {
    let text;
    try {
      text = fn();
    } catch (thrown) {
      const err = fromCore(thrown);
      if (RAW_CODES.has(err.code) && lastBody !== undefined) err.raw = bodyText(lastBody);
      const cause = err.code === "transport_error" ? transportCause : err.code === "store_error" ? storeCause : undefined;
      if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause, enumerable: false, writable: true, configurable: true });
      throw err;
    }
    return JSON.parse(text);
  };
  let step = answer(() => call.start(clock()));
  for (;;) {
    switch (step.kind) {
      case "done":
        return { value: step.value, raw: lastBody === undefined ? undefined : bodyText(lastBody) };
      case "http": {
        let response;
        try {
          response = await exchange(fetch, step, timeoutMs);
        } catch (e) {
          if (!(e instanceof TransportError)) throw e;
          transportCause = e.cause;
          step = answer(() => call.transportFailed(e.message, clock()));
          break;
        }
        const { status, body } = response;
        // The glue takes a u16: anything else would be wrapped, so it is no response at all.
        if (!Number.isInteger(status) || status < 0 || status > 0xffff) {
          transportCause = undefined;
          const detail = `${step.method} ${native.redactUrl(step.url)}: fetch returned an invalid HTTP status (${typeof status === "number" ? status : typeof status})`;
          step = answer(() => call.transportFailed(detail, clock()));
          break;
        }
        lastBody = body;
        step = answer(() => call.response(status, body, clock()));
        break;
      }
      case "sleep":
        await sleep(step.ms);
        step = answer(() => call.ack(clock()));
        break;
      case "event":
        if (onEvent !== undefined) {
          try {
            const result = onEvent(step.event);
            if (result !== null && typeof result === "object" && typeof result.then === "function") result.then(undefined, report);
          } catch (e) {
            report(e);
          }
        }
        step = answer(() => call.ack(clock()));
        break;
      case "get":
      case "put":
      case "compare_and_set":
      case "lock":
      case "unlock": {
        let result;
        try {
          result = await storeStep(store, step, clock());
        } catch (e) {
          storeCause = e;
          const detail = `${step.kind}: ${e?.name ?? "Error"}: ${e?.message ?? String(e)}`;
          step = answer(() => call.storeFailed(detail, clock()));
          break;
        }
        step = answer(() => (result.kind === "ack" ? call.ack(clock()) : result.kind === "flag" ? call.flag(result.value, clock()) : call.value(result.value, clock())));
        break;
      }
      default:
        // A step this host does not know (a newer core): fail loudly rather than guess.
        throw new Error(`wxopen: unknown driver step ${JSON.stringify(step.kind)}`);
    }
  }
}

async function storeStep(store, step, now) {
  switch (step.kind) {
    case "get": {
      const value = await store.get(step.key, now);
      if (value !== null && value !== undefined && typeof value !== "string") {
        throw new TypeError(`the store's get returned ${typeof value}, not a string or null`);
      }
      return { kind: "value", value: value ?? undefined };
    }
    case "put":
      await store.put(step.key, step.value, step.ttl_ms, now);
      return { kind: "ack" };
    case "compare_and_set":
      return { kind: "flag", value: Boolean(await store.compareAndSet(step.key, step.expected, step.new, step.ttl_ms, now)) };
    case "lock":
      return { kind: "flag", value: Boolean(await store.lock(step.key, step.owner, step.lease_ms, now)) };
    default:
      await store.unlock(step.key, step.owner, now);
      return { kind: "ack" };
  }
}
