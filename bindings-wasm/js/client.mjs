// The client: the operations (operations.mjs) with an explicit token. The core (wasm) builds and
// validates each request and parses the response; the injected `fetch` does the I/O.
import * as check from "./check.mjs";
import { toCamel, toSnake } from "./case.mjs";
import { InvalidArgument, RAW_CODES, WrongTokenError, fromCore } from "./errors.mjs";
import { bodyText, exchange } from "./http.mjs";
import { native } from "./native.mjs";
import { Operations, REGISTRY } from "./operations.mjs";
import { present, withRaw } from "./result.mjs";
import { AuthorizerToken, ComponentToken } from "./tokens.mjs";

const DEFAULTS = native.defaults();
/** WeChat's API host (the core's default). */
export const DEFAULT_API_BASE = DEFAULTS.apiBase;
/** The mp.weixin.qq.com page host (the core's default). */
export const DEFAULT_MP_BASE = DEFAULTS.mpBase;
/** The open.weixin.qq.com page host (the core's default). */
export const DEFAULT_OPEN_BASE = DEFAULTS.openBase;

function tokenParts(token) {
  if (token === null || token === undefined) return ["none", undefined, undefined];
  if (token instanceof ComponentToken || token instanceof AuthorizerToken) return [token.kind, token.appid, token.value];
  throw new WrongTokenError(
    `pass a wxopen AuthorizerToken(appid, value) or ComponentToken(value), not ${typeof token === "object" ? token.constructor?.name : typeof token}`,
    { code: "wrong_token" },
  );
}

export function callNative(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

/** Wraps the decoded output: Result objects (credentials hidden from display), the raw body as
 * a non-enumerable `raw`. */
export function wrap(output, raw) {
  if (output === null || output === undefined) return undefined;
  return withRaw(present(output), raw);
}

/** The operation's arguments: an object of camelCase fields (or nothing). */
export function argsOf(args) {
  if (args === undefined || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args)) throw new TypeError(`the arguments must be an object of named fields, not ${check.typeName(args)}`);
  return args;
}

/** WeChat's operations with explicit tokens: `client.openGet(token)`. Every operation method
 * (operations.mjs) takes the token first when it takes one. */
export class Client extends Operations {
  #fetch;
  #bases;

  /**
   * @param {{fetch?: typeof fetch, apiBase?: string|URL, mpBase?: string|URL, openBase?: string|URL}} [options]
   *   `apiBase`: where API calls go; `mpBase`/`openBase`: the hosts of page URLs. A string or a
   *   `URL`; the core checks them here (http/https, a host, no whitespace, user info, query or
   *   fragment) and throws InvalidArgument naming the option.
   */
  constructor(options = undefined) {
    super();
    const { fetch = globalThis.fetch, apiBase = DEFAULT_API_BASE, mpBase = DEFAULT_MP_BASE, openBase = DEFAULT_OPEN_BASE } = check.options("Client options", options);
    if (fetch !== undefined && typeof fetch !== "function") throw new TypeError(`fetch must be a function, not ${check.typeName(fetch)}`);
    this.#fetch = fetch;
    const bases = [check.url("apiBase", apiBase), check.url("mpBase", mpBase), check.url("openBase", openBase)];
    this.#bases = callNative(native.checkBases, ...bases);
  }

  /** Builds the request of `op` without sending it (for inspection and custom transports). */
  buildRequest(op, token, args = {}) {
    check.string("op", op);
    const [kind, appid, value] = tokenParts(token);
    return callNative(native.build, op, toSnake(argsOf(args)), kind, appid, value, ...this.#bases);
  }

  /** A page URL (for the person's browser): built and validated by the core, not fetched. */
  _page(op, args) {
    return this.buildRequest(op, null, args).url;
  }

  /** Runs `op` (registry name) with the parameters its method was given: the token first
   * for operations that take one, then the arguments. */
  _op(op, params) {
    const info = REGISTRY.get(op);
    if (info.kind === "page") return this._page(op, params[0]);
    return info.token === "none" ? this._call(op, null, params[0]) : this._call(op, params[0], params[1]);
  }

  async _call(op, token, args) {
    const input = toSnake(argsOf(args));
    const [kind, appid, value] = tokenParts(token);
    const request = callNative(native.build, op, input, kind, appid, value, ...this.#bases);
    const response = await exchange(this.#fetch, request);
    if (response.type === "opaqueredirect") {
      // A browser answering redirect: "manual" hides the status and the target.
      throw fromCore({ code: "http_status", message: "unexpected HTTP redirect (the browser hides its status)", status: 0, retryable: false });
    }
    const { body } = response;
    try {
      return wrap(native.parse(op, input, check.number("response.status", response.status), body), bodyText(body));
    } catch (thrown) {
      const err = fromCore(thrown);
      if (RAW_CODES.has(err.code)) err.raw = bodyText(body);
      throw err;
    }
  }
}

/** Every operation the core knows: name, spec section, token kind, path, method names. */
export function operations() {
  return callNative(native.operations).map((op) => toCamel(op));
}

/**
 * Checks `args` for operation `op` against every rule the core applies before sending — the
 * same rules a `Client` call (and a server on the Python package) applies — without a token
 * and without sending anything. For forms that validate as the user types.
 *
 * Returns `{ok: true, method, url, body}`: the request that would be sent, the token and every
 * other credential shown as `***` (the body is otherwise exact); or `{ok: false, error, field,
 * wireField, rule, message}`: the core's InvalidArgument, `field` in camelCase. An unknown
 * operation, or `args` that is not an object, is thrown. Rules that compare the input with the
 * token (an authorizer operation's `appid` is the token's own account) need the token and are
 * not checked here.
 */
export function validate(op, args = {}) {
  check.string("op", op);
  const result = callNative(native.validate, op, toSnake(argsOf(args)), DEFAULT_API_BASE, DEFAULT_MP_BASE, DEFAULT_OPEN_BASE);
  if (result.ok) return Object.freeze({ ok: true, method: result.method, url: result.url, body: result.body });
  const error = fromCore(result.error);
  if (!(error instanceof InvalidArgument)) throw error;
  return Object.freeze({ ok: false, error, field: error.field, wireField: error.wireField, rule: error.rule, message: error.message });
}

/** `url` with token values replaced by `***`, for logs (the URLs `buildRequest` returns carry them). */
export function redactUrl(url) {
  return native.redactUrl(check.url("url", url));
}

/** What an errcode means (for `operation`, when it gives the code its own meaning). `errcode`
 * is a whole number (or its decimal text); anything else throws, nothing is wrapped. */
export function explainErrcode(errcode, operation) {
  const code = typeof errcode === "string" && /^\s*-?\d+\s*$/.test(errcode) ? Number(errcode) : check.number("errcode", errcode);
  return toCamel(callNative(native.explainErrcode, code, check.optionalString("operation", operation)));
}

/** What status `code` means in the `kind` table (`task`, `link` or `enterprise`; aliases
 * `personal`, `beta_verify`): `{code, kind, name, meaning, meaningZh, known}`. Statuses in
 * results and events are plain numbers; this is their meaning. */
export function describeStatus(kind, code) {
  return toCamel(callNative(native.describeStatus, check.string("kind", kind), check.number("code", code)));
}
