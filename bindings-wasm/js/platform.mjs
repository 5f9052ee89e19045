// The Platform: WeChat's operations with managed tokens. The core's driver owns the credential
// lifecycle (ticket, component token, authorizer tokens, retries, single flight across
// processes); this file runs its steps (driver.mjs `drive`) with `fetch`, a store, the clock
// and timers. The operation methods are the Client's own (operations.mjs): only `_op`, the
// way to obtain the token, differs.
import * as check from "./check.mjs";
import { toCamel, toSnake } from "./case.mjs";
import { DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE, argsOf, callNative, wrap } from "./client.mjs";
import { createDriver, drive } from "./driver.mjs";
import { InvalidArgument } from "./errors.mjs";
import { native } from "./native.mjs";
import { REGISTRY, mixOperations } from "./operations.mjs";
import { present } from "./result.mjs";
import { PLATFORM } from "./release.mjs";
import { registered, tasksOf } from "./tasks.mjs";
import { AuthorizerToken, ComponentToken, tokenFromDriver } from "./tokens.mjs";
import { DEFAULT_MAX_AGE, Webhook, eventFromJson, pushBody, queryParts } from "./webhook.mjs";

const STORE_METHODS = ["get", "put", "compareAndSet", "lock", "unlock"];
const OPTIONS = new Set([
  "componentAppid", "componentAppsecret", "token", "encodingAesKey", "store", "fetch", "apiBase", "mpBase",
  "openBase", "readOnly", "policy", "keyPrefix", "onEvent", "clock", "sleep", "timeoutMs", "webhookMaxAge",
]);

function fn(name, value) {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${name} must be a function, not ${check.typeName(value)}`);
  return value;
}

/** The store option: an object with the five store methods (see stores.mjs). */
function storeOf(store) {
  if (store === undefined || store === null) {
    throw new TypeError("store is required: new MemoryStore() for one process, new RedisStore(client) for several (or your own, see the Store interface)");
  }
  const missing = STORE_METHODS.filter((m) => typeof store[m] !== "function");
  if (missing.length > 0) throw new TypeError(`store lacks the method(s) ${missing.join(", ")} of the Store interface`);
  return store;
}

/** Whole milliseconds for setTimeout/AbortSignal (> 0, ≤ 2^31 − 1): never rounded or wrapped. */
function timeout(value) {
  check.number("timeoutMs", value);
  if (!Number.isInteger(value) || value <= 0 || value > 0x7fffffff) {
    throw new InvalidArgument("`timeout_ms` must be a whole number of milliseconds between 1 and 2^31 - 1", { code: "invalid_argument", field: "timeout_ms", rule: "range" });
  }
  return value;
}

/** A driver event record for JS: camelCase keys, absent (null) fields left out; `kind` and the
 * other values as the core wrote them. Records never hold a secret (the core's rule). */
function eventRecord(event) {
  const out = {};
  for (const [k, v] of Object.entries(toCamel(event))) if (v !== null) out[k] = v;
  return out;
}

/** The arguments of a Platform/Authorizer operation: the token is the platform's business. */
function platformArgs(args) {
  if (args instanceof ComponentToken || args instanceof AuthorizerToken) {
    throw new TypeError("the platform obtains the token itself: pass only the arguments (platform.registerBeta({...}), platform.authorizer(appid).openBind({...}))");
  }
  return argsOf(args);
}

/**
 * One WeChat third-party platform with managed tokens. Every call obtains the token it needs
 * from the store — minting the component token from the pushed ticket, refreshing an
 * authorizer's token with its refresh token, one refresher at a time across processes — and
 * retries what is safe to retry. Component-token and no-token operations are methods of the
 * platform (`platform.registerBeta({name, openid})`); an authorizer's are methods of
 * `platform.authorizer(appid)`. The platform's own appid and AppSecret are filled in.
 */
export class Platform {
  /** @internal Marks a Platform for ReleaseFollowUp.run (release.mjs). */
  get [PLATFORM]() { return true; }

  #driver;
  #store;
  #host;
  #webhook;

  /**
   * @param {object} options `componentAppid`, `componentAppsecret`, `token`, `encodingAesKey`
   *   (the platform's credentials), `store` (required: MemoryStore, RedisStore or your own);
   *   optional `fetch`, `apiBase`/`mpBase`/`openBase`, `readOnly`, `policy` (overrides of
   *   `driver.defaultPolicy()`), `keyPrefix`, `onEvent(event)`, `timeoutMs` (per request;
   *   default half the policy's `lock_lease_ms`; `null`: none of ours, for a fetch that has its
   *   own below the lease), `webhookMaxAge` (the freshness window of pushes, seconds: default
   *   300; `null` turns the check off), and for tests `clock()` (unix ms) and `sleep(ms)`.
   */
  constructor(options) {
    const o = check.options("Platform options", options);
    const unknown = Object.keys(o).filter((k) => !OPTIONS.has(k));
    if (unknown.length > 0) throw new TypeError(`unknown Platform option(s) ${unknown.join(", ")}; known: ${[...OPTIONS].join(", ")}`);
    const { componentAppid, componentAppsecret, token, encodingAesKey, store, fetch = globalThis.fetch, apiBase = DEFAULT_API_BASE, mpBase = DEFAULT_MP_BASE, openBase = DEFAULT_OPEN_BASE, readOnly = false, policy, keyPrefix, onEvent, clock = Date.now, sleep, timeoutMs, webhookMaxAge = DEFAULT_MAX_AGE } = o;
    for (const [name, v] of [["componentAppid", componentAppid], ["componentAppsecret", componentAppsecret], ["token", token], ["encodingAesKey", encodingAesKey]]) {
      check.string(name, v);
    }
    if (typeof readOnly !== "boolean") throw new TypeError(`readOnly must be true or false, not ${check.typeName(readOnly)}`);
    check.optionalString("keyPrefix", keyPrefix);
    if (policy !== undefined && policy !== null) check.options("policy", policy);
    if (typeof fetch !== "function") throw new TypeError(`fetch must be a function (Node >= 18 and browsers have globalThis.fetch), not ${check.typeName(fetch)}`);
    fn("onEvent", onEvent);
    fn("clock", clock);
    fn("sleep", sleep);
    // The core checks the bases (InvalidArgument naming the option), as the Client's.
    const bases = callNative(native.checkBases, check.url("apiBase", apiBase), check.url("mpBase", mpBase), check.url("openBase", openBase));
    // The message URL's parser, with the same keys and freshness window (the core checks the
    // number: whole, in range); `null` turns the window off in both.
    const maxAge = webhookMaxAge === null ? null : check.number("webhookMaxAge", webhookMaxAge);
    this.#webhook = new Webhook({ token, encodingAesKey, componentAppid, maxAge });
    this.#store = storeOf(store);
    this.#driver = createDriver({ componentAppid, componentAppsecret, token, encodingAesKey, apiBase: bases[0], mpBase: bases[1], openBase: bases[2], readOnly, policy: policy ?? undefined, keyPrefix, webhookMaxAgeSecs: maxAge === null ? -1 : maxAge });
    const lease = JSON.parse(this.#driver.policy()).lock_lease_ms;
    this.#host = {
      fetch,
      store,
      clock,
      sleep,
      onEvent: onEvent && ((event) => onEvent(eventRecord(event))),
      // Below the lock lease, so a refresh never outlives its lock (docs/driver.md §9).
      // `null`: no timeout of ours (a fetch with its own, e.g. an undici Agent's).
      timeoutMs: timeoutMs === undefined ? Math.floor(lease / 2) : timeoutMs === null ? undefined : timeout(timeoutMs),
    };
  }

  /** The platform's component appid. */
  get componentAppid() { return this.#driver.componentAppid; }
  /** Whether it only reads tokens (never mints or refreshes them). */
  get readOnly() { return this.#driver.readOnly; }
  /** The store given. */
  get store() { return this.#store; }
  /** The policy in force (camelCase: refreshMarginMs, maxRetries, …). */
  get policy() { return toCamel(JSON.parse(this.#driver.policy())); }

  /** Forgets the process-local token cache (the store is untouched). */
  clearCache() { this.#driver.clearCache(); }

  /** Runs a started native call; `{value, raw}`. */
  #run(call) {
    return drive(call, this.#host);
  }

  /** An operation through the driver (`appid`: the authorizer's, for authorizer operations); a
   * registration (the core's `task_kind`) through `register`, its result carrying the task. */
  async #operation(op, args, appid) {
    const input = toSnake(platformArgs(args));
    if (REGISTRY.get(op).task_kind) {
      const call = callNative(() => this.#driver.register(op, input, appid));
      const { value, raw } = await this.#run(call);
      return registered(value, raw);
    }
    const call = callNative(() => this.#driver.call(op, input, appid));
    const { value, raw } = await this.#run(call);
    return wrap(value, raw);
  }

  /** Runs operation `op` with the parameters its method was given (operations.mjs). */
  _op(op, params) {
    const [args] = params;
    if (REGISTRY.get(op).kind !== "page") return this.#operation(op, args, undefined);
    // A page URL is built, not sent (synchronously), with this platform's appid filled in.
    const input = toSnake(platformArgs(args));
    return callNative(() => this.#driver.pageUrl(op, input));
  }

  /**
   * The registration tasks (`get`, `list`, `reconcile`, `wait`): every registration this
   * platform starts (its result's `task`) and every result push it handles updates them, in the
   * store (docs/tasks.md).
   */
  get tasks() {
    return tasksOf({
      driver: this.#driver,
      clock: this.#host.clock,
      // `observe` also gets this call's event records (snake_case; it never throws), then
      // `onEvent` as for every call.
      run: (call, observe) => {
        if (observe === undefined) return this.#run(call);
        const { onEvent } = this.#host;
        return drive(call, {
          ...this.#host,
          onEvent: (event) => {
            observe(event);
            return onEvent?.(event);
          },
        });
      },
    });
  }

  /** The calls on behalf of one authorizer (its access token refreshed as needed). */
  authorizer(authorizerAppid) {
    check.string("authorizerAppid", authorizerAppid);
    return new Authorizer(KEY, authorizerAppid, {
      operation: (op, args) => this.#operation(op, args, authorizerAppid),
      accessToken: () => this.authorizerAccessToken(authorizerAppid),
      status: () => this.authorizerStatus(authorizerAppid),
    });
  }

  /**
   * The push endpoint (授权事件接收URL): verifies, decrypts and parses a push, then applies it —
   * a ticket is stored, an authorization code (authorized, updateauthorized, a successful
   * registration) is exchanged exactly once, an `unauthorized` authorizer is marked revoked.
   * Resolves to the event (as `Webhook.parse` returns it); answer WeChat `success`. A refused
   * push or a failed side effect rejects: answer an error and WeChat redelivers (safely).
   * `query`: the raw query string, URLSearchParams or an object; `body`: the raw body.
   */
  async handle(query, body) {
    const [raw, keys, values] = queryParts(query);
    const data = pushBody(body);
    const call = callNative(() => this.#driver.handle(raw, keys, values, data));
    return eventFromJson((await this.#run(call)).value);
  }

  /**
   * The 消息与事件接收URL (configured with `$APPID$`: pass the path's appid): verifies the
   * signature and freshness with the platform's keys and clock, decrypts and parses a message or
   * event of the authorized account `authorizerAppid` — as `Webhook.parseMessage`. Nothing is
   * stored and no component event is applied (those belong to `handle`). Its `dedupKey` is what
   * WeChat's retries share: skip a key already handled (answer `success`). Answer with `SUCCESS`,
   * `replyText`, or — for the full-network-release test accounts — what `releaseCheck` gives.
   */
  async handleMessage(authorizerAppid, query, body) {
    return this.#webhook.parseMessage(authorizerAppid, query, body, { now: this.#nowSecs() });
  }

  /** The encrypted passive text reply to `message` (see `Webhook.replyText`), timed by the
   * platform's clock; `nonce` defaults to a random one. */
  async replyText(message, content, { nonce, random } = {}) {
    return this.#webhook.replyText(message, content, { nonce: nonce ?? randomNonce(), random, timestamp: this.#nowSecs() });
  }

  /**
   * The full-network-release check's answer to `message` (see `Webhook.releaseCheck`): `null`,
   * or a ReleaseCheck whose `body` to answer with now and whose `followUp` to run after, with
   * this platform's tokens — `await check.followUp.run(platform)` exchanges the code through
   * `authorize` (the test account's tokens are stored) and sends the text as the test account.
   */
  async releaseCheck(message, { nonce, anyAccount = false, random } = {}) {
    return this.#webhook.releaseCheck(message, { nonce: nonce ?? randomNonce(), anyAccount, random, timestamp: this.#nowSecs() });
  }

  /** The platform's clock in unix seconds. */
  #nowSecs() {
    return Math.floor(this.#host.clock() / 1000);
  }

  /**
   * The authorization redirect: exchanges its `auth_code` exactly once (racing the
   * `authorized` push, whichever comes first) and stores the tokens. Resolves to
   * `{authorizerAppid, funcInfo, exchanged}` (`exchanged` false when the push did it).
   */
  async authorize(authCode) {
    const call = callNative(() => this.#driver.authorize(check.string("authCode", authCode)));
    return present((await this.#run(call)).value);
  }

  /** The component access token (minted if needed), a ComponentToken with `expiresAtMs`. */
  async componentAccessToken() {
    return tokenFromDriver((await this.#run(this.#driver.componentAccessToken())).value);
  }

  /** An authorizer's access token (refreshed if needed), an AuthorizerToken with `expiresAtMs`. */
  async authorizerAccessToken(authorizerAppid) {
    const call = this.#driver.authorizerAccessToken(check.string("authorizerAppid", authorizerAppid));
    return tokenFromDriver((await this.#run(call)).value);
  }

  /**
   * Stores a ticket as a push would (migrating from another system; tests). `createTime`:
   * unix seconds. Resolves to true when stored, false when a newer stored one was kept.
   */
  async storeTicket(ticket, createTime) {
    check.string("ticket", ticket);
    check.number("createTime", createTime);
    return (await this.#run(callNative(() => this.#driver.storeTicket(ticket, createTime)))).value;
  }

  /** Stores an authorizer's refresh token (migrating from another system). */
  async importAuthorizer(authorizerAppid, refreshToken) {
    check.string("authorizerAppid", authorizerAppid);
    check.string("refreshToken", refreshToken);
    await this.#run(this.#driver.importAuthorizer(authorizerAppid, refreshToken));
  }

  /** `"authorized"`, `"needs_reauthorization"`, `"revoked"`, or `undefined` when unknown. */
  async authorizerStatus(authorizerAppid) {
    const call = this.#driver.authorizerStatus(check.string("authorizerAppid", authorizerAppid));
    return (await this.#run(call)).value ?? undefined;
  }

  toString() { return `Platform(${this.componentAppid}${this.readOnly ? ", read-only" : ""}, ${String(this.#store)})`; }
  toJSON() { return { componentAppid: this.componentAppid, readOnly: this.readOnly }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

const KEY = Symbol("wxopen.Authorizer");

/** A platform's calls on behalf of one authorizer: `platform.authorizer(appid)`. */
export class Authorizer {
  #appid;
  #ops;

  /** @internal Use `platform.authorizer(appid)`. */
  constructor(key, appid, ops) {
    if (key !== KEY) throw new TypeError("an Authorizer comes from platform.authorizer(appid)");
    this.#appid = appid;
    this.#ops = ops;
  }

  /** The authorizer's appid. */
  get appid() { return this.#appid; }

  /** Runs operation `op` with this authorizer's token (operations.mjs). */
  _op(op, params) {
    return this.#ops.operation(op, params[0]);
  }

  /** Its access token (refreshed if needed), an AuthorizerToken with `expiresAtMs`. */
  accessToken() { return this.#ops.accessToken(); }

  /** Its stored status (`undefined`: the store has no record of it). */
  status() { return this.#ops.status(); }

  toString() { return `Authorizer(${this.#appid})`; }
  toJSON() { return { appid: this.#appid }; }
  [Symbol.for("nodejs.util.inspect.custom")]() { return this.toString(); }
}

// Component-token and no-token operations on the platform, except the token calls the driver
// manages itself (the core's `managed` flag); every authorizer-token operation on Authorizer.
mixOperations(Platform, (info) => info.token !== "authorizer" && !info.managed);
mixOperations(Authorizer, (info) => info.token === "authorizer");

/** A reply envelope's nonce when the caller gives none: 16 hex digits from the host's CSPRNG
 * (WeChat only checks that the signature covers it). */
function randomNonce() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
