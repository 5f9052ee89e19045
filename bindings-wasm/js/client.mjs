// The client: one async method per WeChat operation. The core (wasm) builds and validates each
// request and parses the response; the injected `fetch` does the I/O.
import { toCamel, toSnake } from "./case.mjs";
import { ApiError, DecodeError, HttpStatusError, TransportError, WrongTokenError, fromCore } from "./errors.mjs";
import { native } from "./native.mjs";
import { AuthorizerToken, ComponentToken } from "./tokens.mjs";

export const DEFAULT_API_BASE = "https://api.weixin.qq.com";
export const DEFAULT_MP_BASE = "https://mp.weixin.qq.com";
export const DEFAULT_OPEN_BASE = "https://open.weixin.qq.com";

function tokenParts(token) {
  if (token === null || token === undefined) return ["none", undefined, undefined];
  if (token instanceof ComponentToken || token instanceof AuthorizerToken) return [token.kind, token.appid, token.value];
  throw new WrongTokenError(
    `pass a wxopen AuthorizerToken(appid, value) or ComponentToken(value), not ${typeof token === "object" ? token.constructor?.name : typeof token}`,
    { code: "wrong_token" },
  );
}

function callNative(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

/** Wraps the decoded output: camelCase keys, the raw body as a non-enumerable `raw`. */
function wrap(output, raw) {
  if (output === null || output === undefined) return undefined;
  const result = toCamel(output);
  Object.defineProperty(result, "raw", { value: raw, enumerable: false });
  return result;
}

export class Client {
  #fetch;
  #bases;

  /**
   * @param {{fetch?: typeof fetch, apiBase?: string, mpBase?: string, openBase?: string}} [options]
   *   `apiBase`: where API calls go; `mpBase`/`openBase`: the hosts of page URLs.
   */
  constructor({ fetch = globalThis.fetch, apiBase = DEFAULT_API_BASE, mpBase = DEFAULT_MP_BASE, openBase = DEFAULT_OPEN_BASE } = {}) {
    this.#fetch = fetch;
    this.#bases = [apiBase, mpBase, openBase];
  }

  /** Builds the request of `op` without sending it (for inspection and custom transports). */
  buildRequest(op, token, args = {}) {
    const [kind, appid, value] = tokenParts(token);
    return callNative(native.build, op, toSnake(args), kind, appid, value, ...this.#bases);
  }

  /** A page URL (for the person's browser): built and validated by the core, not fetched. */
  _page(op, args) {
    return this.buildRequest(op, null, args).url;
  }

  async _call(op, token, args) {
    const input = toSnake(args);
    const [kind, appid, value] = tokenParts(token);
    const request = callNative(native.build, op, input, kind, appid, value, ...this.#bases);
    if (typeof this.#fetch !== "function") throw new TypeError("no fetch: pass { fetch } (Node >= 18 and browsers have globalThis.fetch)");
    let response;
    let body;
    try {
      response = await this.#fetch(request.url, {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: request.method === "GET" ? undefined : request.body,
      });
      body = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      throw new TransportError(`${request.method} ${native.redactUrl(request.url)} failed: ${e?.name ?? "Error"}: ${native.redactUrl(String(e?.message ?? e))}`);
    }
    try {
      return wrap(native.parse(op, input, response.status, body), new TextDecoder().decode(body));
    } catch (thrown) {
      const err = fromCore(thrown);
      if (err instanceof ApiError || err instanceof HttpStatusError || err instanceof DecodeError) {
        err.raw = new TextDecoder().decode(body);
      }
      throw err;
    }
  }

  // ---- §2 open-platform accounts (authorizer token; permission sets 24/25) ----

  /** Create an open-platform account and bind the token's account to it (spec §2, POST /cgi-bin/open/create). */
  openCreate(token, args = {}) {
    return this._call("open.create", token, args);
  }

  /** Bind the token's account to the open-platform account `openAppid` (spec §2, POST /cgi-bin/open/bind). */
  openBind(token, args = {}) {
    return this._call("open.bind", token, args);
  }

  /** Unbind the token's account from the open-platform account `openAppid` (spec §2, POST /cgi-bin/open/unbind). */
  openUnbind(token, args = {}) {
    return this._call("open.unbind", token, args);
  }

  /** The open-platform account the token's account is bound to (spec §2, POST /cgi-bin/open/get). */
  openGet(token, args = {}) {
    return this._call("open.get", token, args);
  }

  /** Whether the token's account already has an open-platform account (spec §2, POST /cgi-bin/open/have). */
  openHave(token, args = {}) {
    return this._call("open.have", token, args);
  }
}

/** Every operation the core knows: name, spec section, token kind, path, method names. */
export function operations() {
  return callNative(native.operations).map((op) => toCamel(op));
}

/** What an errcode means (for `operation`, when it gives the code its own meaning). */
export function explainErrcode(errcode, operation) {
  return toCamel(callNative(native.explainErrcode, Number(errcode) | 0, operation));
}
