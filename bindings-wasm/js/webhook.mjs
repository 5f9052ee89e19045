// Push events (spec §6, §7, §13, §14): verify, decrypt and parse what WeChat POSTs to the
// platform's 授权事件接收URL (`parse` → an event) and to its 消息与事件接收URL (`parseMessage`
// → a message). The core does every check; this file adds the clock, random bytes, type checks
// at the boundary (check.mjs), the crypto provider (crypto.mjs) and the error classes;
// event_tape.mjs builds the event object (Result objects, credentials hidden).
import * as check from "./check.mjs";
import { resolveCrypto, takeProviderFailure } from "./crypto.mjs";
import { fromCore } from "./errors.mjs";
import { readTape } from "./event_tape.mjs";
import { memory, native, utf16At } from "./native.mjs";
import { ReleaseCheck } from "./release.mjs";
import { present } from "./result.mjs";

const DEFAULTS = native.defaults();
/** Default freshness window for a push's `timestamp`, in seconds (the core's). */
export const DEFAULT_MAX_AGE = DEFAULTS.maxAge;
/** Default largest push body accepted, in bytes (the core's). */
export const DEFAULT_MAX_BODY_BYTES = DEFAULTS.maxBodyBytes;
/** The query parameters a push's query is read for (the core's list). */
export const QUERY_KEYS = Object.freeze([...DEFAULTS.queryKeys]);
/** The plain-text answer that acknowledges a push without replying (the core's `success`). */
export const SUCCESS = DEFAULTS.success;
/** The full-network-release check's test accounts: [appid, original id] pairs (the core's). */
export const RELEASE_TEST_ACCOUNTS = Object.freeze(DEFAULTS.releaseTestAccounts.map((pair) => Object.freeze([...pair])));
const READ = new Set(QUERY_KEYS);

function call(fn) {
  try {
    return fn();
  } catch (thrown) {
    const error = fromCore(thrown);
    // A crypto provider's own exception (the core's message names only the step).
    const cause = takeProviderFailure();
    if (cause !== undefined) error.cause = cause;
    throw error;
  }
}

const decoder = new TextDecoder();

/** One query value: a string, a number (a timestamp), bytes, or an array of those (the first). */
function queryValue(key, v) {
  if (Array.isArray(v)) return v.length === 0 ? undefined : queryValue(key, v[0]);
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return decoder.decode(v);
  throw new TypeError(`query parameter ${key} must be a string (or a number), not ${check.typeName(v)}`);
}

/** Query as [raw string | undefined, keys, values]: a string, URLSearchParams, Map or object.
 * Only the keys the core reads are passed on. */
export function queryParts(query) {
  if (typeof query === "string") return [query, [], []];
  if (query === null || query === undefined) return [undefined, [], []];
  if (typeof query !== "object") throw new TypeError(`query must be the raw query string, URLSearchParams or an object, not ${check.typeName(query)}`);
  const entries = typeof query.entries === "function" && !(query.constructor === Object)
    ? Array.from(query.entries())
    : Object.entries(query);
  const keys = [];
  const values = [];
  for (const [k, v] of entries) {
    if (!READ.has(k) || v === undefined || v === null) continue;
    const value = queryValue(k, v);
    if (value === undefined) continue;
    keys.push(k);
    values.push(value);
  }
  return [undefined, keys, values];
}

const RAW_BODY_HINT = " — pass the raw request body (with Express: express.raw({ type: () => true })), not a parsed object";
/** A push's raw body as bytes (a parsed object is refused with a hint). */
export const pushBody = (body) => check.bytes("body", body, RAW_BODY_HINT);
const bytes = pushBody;

/** `now` of the options (unix seconds; the clock when absent). The core checks it is whole. */
function nowSecs(options) {
  const { now } = check.options("options", options);
  return now === undefined ? Math.trunc(Date.now() / 1000) : check.number("now", now);
}

/** A caller's 16 random bytes (tests), or fresh ones. */
function randomOf(random) {
  if (random === undefined) return randomBytes(16);
  if (!(random instanceof Uint8Array)) throw new TypeError(`random must be a Uint8Array of 16 bytes, not ${check.typeName(random)}`);
  return random;
}

function randomBytes(n) {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** An event's decoded JSON form (as the driver returns it) as the JS event object. */
export const eventFromJson = (value) => present(value);
// The native parse leaves the event in wasm memory and returns where (see event_tape.mjs).
const toEvent = (ptr) => readTape(memory, ptr, utf16At);

// A plain object (also one without prototype, as node:querystring makes) whose three signed
// parameters are strings takes the direct path (no query object built in the core); anything
// else goes through the general one.
function parseWith(target, query, body, options) {
  const data = bytes(body);
  const now = nowSecs(options);
  const proto = query !== null && typeof query === "object" ? Object.getPrototypeOf(query) : undefined;
  if (proto === Object.prototype || proto === null) {
    const { timestamp, nonce, msg_signature: signature } = query;
    if (typeof timestamp === "string" && typeof nonce === "string" && typeof signature === "string") {
      return toEvent(call(() => target.parseParts(timestamp, nonce, signature, data, now)));
    }
  }
  const [raw, keys, values] = queryParts(query);
  return toEvent(call(() => target.parse(raw, keys, values, data, now)));
}

/** The `timestamp` of the options (unix seconds; the clock when absent). */
function timestampOf(options, name = "timestamp") {
  const value = options[name];
  return value === undefined ? Math.trunc(Date.now() / 1000) : check.number(name, value);
}

/** A message's two users, as the core's reply needs them (strings; the core checks the rest). */
function usersOf(message) {
  if (message === null || typeof message !== "object") throw new TypeError(`message must be a message from parseMessage, not ${check.typeName(message)}`);
  const to = check.optionalString("message.toUserName", message.toUserName) ?? "";
  const from = check.optionalString("message.fromUserName", message.fromUserName) ?? "";
  return [to, from];
}

/** The plaintext XML of a passive text reply to `message` (sender and receiver swapped by the
 * core). `createTime` (unix seconds) defaults to the clock. Encrypt it with `encryptReply`, or
 * use `Webhook.replyText` for both steps. */
export function textReply(message, content, options) {
  const [to, from] = usersOf(message);
  const opts = check.options("options", options);
  const time = timestampOf(opts, "createTime");
  return call(() => native.textReply(to, from, check.string("content", content), time));
}

/** One platform's push endpoint. */
export class Webhook {
  #native;
  #crypto;

  /**
   * @param {{token: string, encodingAesKey: string, componentAppid: string, maxAge?: number|null, maxBodyBytes?: number, crypto?: "auto"|"node"|"pure"|object}} options
   *   `maxAge`: the freshness window in seconds (default 300); only an explicit `null` turns it
   *   off. Numbers must be whole and in range: NaN, negatives, Infinity, strings are refused.
   *   `crypto`: where SHA-1 and AES run — `"auto"` (node:crypto in Node, else pure), `"node"`,
   *   `"pure"` (Rust in wasm), or a provider object `{sha1(data), aes256Cbc(key)}`.
   */
  constructor(options) {
    const { token, encodingAesKey, componentAppid, maxAge = DEFAULT_MAX_AGE, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, crypto = "auto" } =
      check.options("Webhook options", options);
    for (const [name, v] of [["token", token], ["encodingAesKey", encodingAesKey], ["componentAppid", componentAppid]]) {
      check.string(name, v);
    }
    const age = maxAge === null ? undefined : check.number("maxAge", maxAge);
    check.number("maxBodyBytes", maxBodyBytes);
    const [kind, provider] = resolveCrypto(crypto);
    this.#crypto = kind;
    this.#native = call(() => new native.Webhook(token, encodingAesKey, componentAppid, age, maxBodyBytes, provider));
  }

  /** @internal */
  get _native() { return this.#native; }

  get componentAppid() { return this.#native.componentAppid; }
  /** Where SHA-1 and AES run: "node" (node:crypto), "pure" (Rust in wasm) or "custom". */
  get crypto() { return this.#crypto; }
  get maxAge() { return this.#native.maxAgeSecs ?? null; }
  get maxBodyBytes() { return this.#native.maxBodyBytes; }

  /** Verifies, decrypts and parses a push. `query`: raw string, URLSearchParams or object;
   * `body`: the raw body (string, Buffer/Uint8Array or ArrayBuffer). */
  parse(query, body, options) {
    return parseWith(this.#native, query, body, options);
  }

  /** Verifies, decrypts and parses a push of the 消息与事件接收URL: a message or event of the
   * account `authorizerAppid`, the appid of the request path (the URL's `$APPID$`). Returns
   * the message object (`type`, the header, `msgId` as a decimal string, `dedupKey`, the
   * kind's fields). The path is not covered by the signature; `toUserName` (the account's
   * `gh_` id) is. */
  parseMessage(authorizerAppid, query, body, options) {
    const appid = check.string("authorizerAppid", authorizerAppid);
    const data = bytes(body);
    const now = nowSecs(options);
    const proto = query !== null && typeof query === "object" ? Object.getPrototypeOf(query) : undefined;
    if (proto === Object.prototype || proto === null) {
      const { timestamp, nonce, msg_signature: signature } = query;
      if (typeof timestamp === "string" && typeof nonce === "string" && typeof signature === "string") {
        return toEvent(call(() => this.#native.parseMessageParts(appid, timestamp, nonce, signature, data, now)));
      }
    }
    const [raw, keys, values] = queryParts(query);
    return toEvent(call(() => this.#native.parseMessage(appid, raw, keys, values, data, now)));
  }

  /** The encrypted passive text reply to `message` (from `parseMessage`): answer the push with
   * it. `nonce` is required (the request's may be echoed); `timestamp` (also the reply's
   * CreateTime) defaults to the clock; `random` (16 bytes, for tests) to crypto.getRandomValues. */
  replyText(message, content, options) {
    const [to, from] = usersOf(message);
    const opts = check.options("options", options);
    const nonce = check.string("nonce", opts.nonce);
    const ts = timestampOf(opts);
    const random = randomOf(opts.random);
    return call(() => this.#native.replyText(to, from, check.string("content", content), random, ts, nonce));
  }

  /** What to answer a message of the full-network-release check (spec §13.5): `null` when
   * `message` is not one of its messages (or not for a test account, unless `anyAccount`), else
   * a ReleaseCheck with the `body` to answer with now and the `followUp` to run after. */
  releaseCheck(message, options) {
    if (message === null || typeof message !== "object") throw new TypeError(`message must be a message from parseMessage, not ${check.typeName(message)}`);
    const opts = check.options("options", options);
    const nonce = check.string("nonce", opts.nonce);
    const ts = timestampOf(opts);
    const random = randomOf(opts.random);
    const s = (name) => check.optionalString(`message.${name}`, message[name]);
    const answer = call(() =>
      this.#native.releaseCheck(
        check.string("message.authorizerAppid", message.authorizerAppid),
        s("toUserName"), s("fromUserName"), s("msgType"), s("event"), message.type === "text" ? s("content") : undefined,
        opts.anyAccount === true, random, ts, nonce,
      ),
    );
    return answer === undefined ? null : new ReleaseCheck(JSON.parse(answer));
  }

  /** Verifies and decrypts a push, returning the XML (either URL; for tools). */
  decrypt(query, body, options) {
    const [raw, keys, values] = queryParts(query);
    const data = bytes(body);
    const now = nowSecs(options);
    return decoder.decode(call(() => this.#native.decrypt(raw, keys, values, data, now)));
  }

  /** Answers WeChat's URL verification (GET): returns the text to send back. */
  verifyUrl(query, options) {
    const [raw, keys, values] = queryParts(query);
    const now = nowSecs(options);
    return call(() => this.#native.verifyUrl(raw, keys, values, now));
  }

  /** Encrypts and signs a reply, returning the reply XML (component events never need one).
   * `nonce` is required; `timestamp` (unix seconds) defaults to the clock. */
  encryptReply(xml, options) {
    const opts = check.options("options", options);
    const nonce = check.string("nonce", opts.nonce);
    const ts = timestampOf(opts);
    const msg = check.bytes("xml", xml);
    return call(() => this.#native.encryptReply(msg, randomBytes(16), ts, nonce));
  }

  /** Encrypts and signs a message as WeChat does: `{encrypt, msgSignature}` (tests, simulators).
   * `timestamp` and `nonce` are required; `random`, if given, is a 16-byte Uint8Array. */
  encrypt(xml, options) {
    const { timestamp, nonce, random } = check.options("options", options);
    const ts = check.text("timestamp", timestamp);
    check.string("nonce", nonce);
    if (random !== undefined && !(random instanceof Uint8Array)) throw new TypeError(`random must be a Uint8Array of 16 bytes, not ${check.typeName(random)}`);
    const msg = check.bytes("xml", xml);
    const [encrypt, msgSignature] = call(() => this.#native.encrypt(msg, random ?? randomBytes(16), ts, nonce));
    return { encrypt, msgSignature };
  }

  toString() { return `Webhook(${this.componentAppid}, token=***, encodingAesKey=***)`; }
  toJSON() { return { componentAppid: this.componentAppid, maxAge: this.maxAge }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

/** Several platforms behind one URL: picks the Webhook by the envelope's AppId. */
export class WebhookRouter {
  #native;
  #appids;

  constructor(...hooks) {
    this.#native = new native.WebhookRouter();
    for (const hook of hooks) {
      if (!(hook instanceof Webhook)) throw new TypeError("WebhookRouter takes Webhook instances");
      this.#native.insert(hook._native);
    }
    this.#appids = hooks.map((h) => h.componentAppid);
  }

  /** Like `Webhook.parse`, for whichever platform the push is for. */
  parse(query, body, options) {
    return parseWith(this.#native, query, body, options);
  }

  toString() { return `WebhookRouter(${this.#appids.join(", ")})`; }
}

/** The SHA-1 signature of spec §6.6 over token, timestamp, nonce and (optionally) encrypt. */
export function signature(token, timestamp, nonce, encrypt) {
  const parts = [check.string("token", token), check.text("timestamp", timestamp), check.text("nonce", nonce)];
  if (encrypt !== undefined) parts.push(check.string("encrypt", encrypt));
  return native.signature(parts);
}
