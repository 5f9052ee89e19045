// Push events (spec §6, §7): verify, decrypt and parse what WeChat POSTs to the platform's
// 授权事件接收URL. The core does every check; this file adds the clock, random bytes, the
// crypto provider (crypto.mjs) and the error classes; event_tape.mjs builds the event object.
import { resolveCrypto, takeProviderFailure } from "./crypto.mjs";
import { fromCore } from "./errors.mjs";
import { readTape } from "./event_tape.mjs";
import { memory, native, utf16At } from "./native.mjs";

export const DEFAULT_MAX_AGE = 300;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const encoder = new TextEncoder();

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

/** Query as [raw string | undefined, keys, values]: a string, URLSearchParams, Map or object. */
function queryParts(query) {
  if (typeof query === "string") return [query, [], []];
  if (query === null || query === undefined) return [undefined, [], []];
  const entries = typeof query.entries === "function" && !(query.constructor === Object)
    ? Array.from(query.entries())
    : Object.entries(query);
  const keys = [];
  const values = [];
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue;
    keys.push(String(k));
    values.push(String(Array.isArray(v) ? v[0] : v));
  }
  return [undefined, keys, values];
}

const bytes = (body) =>
  typeof body === "string" ? encoder.encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);

const nowSecs = (now) => Math.trunc(now ?? Date.now() / 1000);

function randomBytes(n) {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

// The native parse leaves the event in wasm memory and returns where (see event_tape.mjs).
const toEvent = (ptr) => readTape(memory, ptr, utf16At);

// A plain object (also one without prototype, as node:querystring makes) whose three signed
// parameters are strings takes the direct path (no query object built in the core); anything
// else goes through the general one.
function parseWith(target, query, body, now) {
  const proto = query !== null && typeof query === "object" ? Object.getPrototypeOf(query) : undefined;
  if (proto === Object.prototype || proto === null) {
    const { timestamp, nonce, msg_signature: signature } = query;
    if (typeof timestamp === "string" && typeof nonce === "string" && typeof signature === "string") {
      return toEvent(call(() => target.parseParts(timestamp, nonce, signature, bytes(body), nowSecs(now))));
    }
  }
  const [raw, keys, values] = queryParts(query);
  return toEvent(call(() => target.parse(raw, keys, values, bytes(body), nowSecs(now))));
}

/** One platform's push endpoint. */
export class Webhook {
  #native;
  #crypto;

  /**
   * @param {{token: string, encodingAesKey: string, componentAppid: string, maxAge?: number|null, maxBodyBytes?: number, crypto?: "auto"|"node"|"pure"|object}} options
   */
  constructor({ token, encodingAesKey, componentAppid, maxAge = DEFAULT_MAX_AGE, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, crypto = "auto" }) {
    for (const [name, v] of [["token", token], ["encodingAesKey", encodingAesKey], ["componentAppid", componentAppid]]) {
      if (typeof v !== "string") throw new TypeError(`Webhook: ${name} must be a string`);
    }
    const [kind, provider] = resolveCrypto(crypto);
    this.#crypto = kind;
    this.#native = call(() => new native.Webhook(token, encodingAesKey, componentAppid, maxAge ?? -1, maxBodyBytes, provider));
  }

  /** @internal */
  get _native() { return this.#native; }

  /** Where SHA-1 and AES run: "node" (node:crypto), "pure" (Rust in wasm) or "custom". */
  get crypto() { return this.#crypto; }

  get componentAppid() { return this.#native.componentAppid; }
  get maxAge() { return this.#native.maxAgeSecs ?? null; }
  get maxBodyBytes() { return this.#native.maxBodyBytes; }

  /** Verifies, decrypts and parses a push. `query`: raw string, URLSearchParams or object. */
  parse(query, body, { now } = {}) {
    return parseWith(this.#native, query, body, now);
  }

  /** Verifies and decrypts a push, returning the XML (for the 消息与事件接收URL). */
  decrypt(query, body, { now } = {}) {
    const [raw, keys, values] = queryParts(query);
    return new TextDecoder().decode(call(() => this.#native.decrypt(raw, keys, values, bytes(body), nowSecs(now))));
  }

  /** Answers WeChat's URL verification (GET): returns the text to send back. */
  verifyUrl(query, { now } = {}) {
    const [raw, keys, values] = queryParts(query);
    return call(() => this.#native.verifyUrl(raw, keys, values, nowSecs(now)));
  }

  /** Encrypts and signs a reply, returning the reply XML (component events never need one). */
  encryptReply(xml, { nonce, timestamp } = {}) {
    return call(() => this.#native.encryptReply(bytes(xml), randomBytes(16), nowSecs(timestamp), String(nonce)));
  }

  /** Encrypts and signs a message as WeChat does: `{encrypt, msgSignature}` (tests, simulators). */
  encrypt(xml, { timestamp, nonce, random } = {}) {
    const [encrypt, msgSignature] = call(() =>
      this.#native.encrypt(bytes(xml), random ?? randomBytes(16), String(timestamp), String(nonce)));
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

  parse(query, body, { now } = {}) {
    return parseWith(this.#native, query, body, now);
  }

  toString() { return `WebhookRouter(${this.#appids.join(", ")})`; }
}

/** The SHA-1 signature of spec §6.6 over token, timestamp, nonce and (optionally) encrypt. */
export function signature(token, timestamp, nonce, encrypt) {
  const parts = [token, timestamp, nonce];
  if (encrypt !== undefined) parts.push(encrypt);
  return native.signature(parts.map(String));
}
