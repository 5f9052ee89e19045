// The client: one async method per WeChat operation. The core (wasm) builds and validates each
// request and parses the response; the injected `fetch` does the I/O.
import * as check from "./check.mjs";
import { toCamel, toSnake } from "./case.mjs";
import { InvalidArgument, RAW_CODES, TransportError, WrongTokenError, fromCore } from "./errors.mjs";
import { native } from "./native.mjs";
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

function callNative(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

/** Wraps the decoded output: Result objects (credentials hidden from display), the raw body as
 * a non-enumerable `raw`. */
function wrap(output, raw) {
  if (output === null || output === undefined) return undefined;
  return withRaw(present(output), raw);
}

/** The operation's arguments: an object of camelCase fields (or nothing). */
function argsOf(args) {
  if (args === undefined || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args)) throw new TypeError(`the arguments must be an object of named fields, not ${check.typeName(args)}`);
  return args;
}

/** `error` (thrown by fetch for `request`) with every credential of the request replaced by
 * `***`, its `cause` chain too: kept as the TransportError's `cause`. */
function redactedError(error, request, depth = 0) {
  const redact = (text) => native.redact(request.url, request.body ?? "", String(text));
  if (error === null || typeof error !== "object") return new Error(redact(String(error)));
  const copy = new Error(redact(error.message ?? String(error)));
  copy.name = typeof error.name === "string" ? error.name : "Error";
  if (typeof error.stack === "string") copy.stack = redact(error.stack);
  for (const key of ["code", "errno", "syscall", "type"]) {
    const v = error[key];
    if (typeof v === "string" || typeof v === "number") copy[key] = typeof v === "string" ? redact(v) : v;
  }
  if (error.cause !== undefined && depth < 4) {
    Object.defineProperty(copy, "cause", { value: redactedError(error.cause, request, depth + 1), enumerable: false, writable: true, configurable: true });
  }
  return copy;
}

export class Client {
  #fetch;
  #bases;

  /**
   * @param {{fetch?: typeof fetch, apiBase?: string|URL, mpBase?: string|URL, openBase?: string|URL}} [options]
   *   `apiBase`: where API calls go; `mpBase`/`openBase`: the hosts of page URLs. A string or a
   *   `URL`; the core checks them here (http/https, a host, no whitespace, user info, query or
   *   fragment) and throws InvalidArgument naming the option.
   */
  constructor(options = undefined) {
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

  async _call(op, token, args) {
    const input = toSnake(argsOf(args));
    const [kind, appid, value] = tokenParts(token);
    const request = callNative(native.build, op, input, kind, appid, value, ...this.#bases);
    if (typeof this.#fetch !== "function") throw new TypeError("no fetch: pass { fetch } (Node >= 18 and browsers have globalThis.fetch)");
    let response;
    let body;
    try {
      // Called as a plain function: browsers refuse window.fetch with another receiver.
      const doFetch = this.#fetch;
      response = await doFetch(request.url, {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: request.method === "GET" ? undefined : request.body,
        // WeChat answers every call itself: a 3xx is an error, never followed (following a 302
        // turns a POST into a bodyless GET whose answer looks like success).
        redirect: "manual",
      });
      body = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      const cause = redactedError(e, request);
      throw new TransportError(`${request.method} ${native.redactUrl(request.url)} failed: ${cause.name}: ${cause.message}`, {}, { cause });
    }
    if (response.type === "opaqueredirect") {
      // A browser answering redirect: "manual" hides the status and the target.
      throw fromCore({ code: "http_status", message: "unexpected HTTP redirect (the browser hides its status)", status: 0, retryable: false });
    }
    // `raw` is the body as received: a byte-order mark is kept.
    const raw = () => new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
    try {
      return wrap(native.parse(op, input, check.number("response.status", response.status), body), raw());
    } catch (thrown) {
      const err = fromCore(thrown);
      if (RAW_CODES.has(err.code)) err.raw = raw();
      throw err;
    }
  }

  // ---- §1 credentials and authorization ----

  /**
   * Ask WeChat to push a fresh `component_verify_ticket` now (spec §1.2).
   * `POST /cgi-bin/component/api_start_push_ticket`, no token. Resolves to `undefined`.
   * Errcodes: 40125 invalid appsecret, 61004 caller IP not whitelisted.
   * @param {{componentAppid: string, componentSecret: string}} args
   */
  startPushTicket(args = {}) {
    return this._call("component.start_push_ticket", null, args);
  }

  /**
   * Get the component access token (spec §1.3). `POST /cgi-bin/component/api_component_token`,
   * no token. Resolves to `{componentAccessToken, expiresIn}` (7200 s).
   * Errcodes: 40001/40125 wrong secret, 61004 IP not whitelisted, 61005 ticket expired,
   * 61006 ticket invalid, 45009 daily quota.
   * @param {{componentAppid: string, componentAppsecret: string, componentVerifyTicket: string}} args
   */
  componentToken(args = {}) {
    return this._call("component.api_component_token", null, args);
  }

  /**
   * A single-use pre-auth code for the authorization pages (spec §1.4).
   * `POST /cgi-bin/component/api_create_preauthcode`, component token.
   * Resolves to `{preAuthCode, expiresIn}` (1800 s per current docs).
   */
  createPreauthcode(token, args = {}) {
    return this._call("component.preauthcode", token, args);
  }

  /**
   * The PC authorization page URL (spec §1.5): `https://mp.weixin.qq.com/cgi-bin/componentloginpage?…`.
   * No token, not fetched; returns the URL string synchronously. `redirectUri`: absolute http(s)
   * URL on the platform's 登录授权的发起页域名. `authType` 1/2/3 (with `bizAppid`: omitted or 3);
   * `categoryIdList`: permission-set ids. Throws InvalidArgument for refused input.
   */
  componentLoginUrl(args = {}) {
    return this._page("page.component_login", args);
  }

  /**
   * The mobile authorization page URL, opened inside WeChat (spec §1.5):
   * `https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect`.
   * Same arguments and rules as `componentLoginUrl`; returns the URL string synchronously.
   */
  bindComponentUrl(args = {}) {
    return this._page("page.bind_component", args);
  }

  /**
   * Exchange an authorization code for the authorizer's tokens (spec §1.6).
   * `POST /cgi-bin/component/api_query_auth`, component token. Persist
   * `authorizationInfo.authorizerRefreshToken`. Errcodes: 61009 code invalid, 61010 expired.
   */
  queryAuth(token, args = {}) {
    return this._call("component.query_auth", token, args);
  }

  /**
   * Refresh an authorizer access token (spec §1.7). `POST /cgi-bin/component/api_authorizer_token`,
   * component token. Persist the returned `authorizerRefreshToken`.
   * Errcodes: 61023 refresh token invalid, 61003 authorization cancelled, 45009 quota.
   */
  authorizerToken(token, args = {}) {
    return this._call("component.authorizer_token", token, args);
  }

  /**
   * An authorizer's profile and granted permission sets (spec §1.8).
   * `POST /cgi-bin/component/api_get_authorizer_info`, component token.
   * Errcode 61003: the account cancelled the authorization.
   */
  getAuthorizerInfo(token, args = {}) {
    return this._call("component.authorizer_info", token, args);
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

  // ---- §3 fast registration of mini programs ----

  /**
   * Start an enterprise registration, the 2026 flow (spec §3.0).
   * `POST /wxa/component/fastregisterenterpriseweapp`, component token; `new_version: true` is
   * always sent. `codeType` 1/2/3 fixes the length of `code`; `legalPersonaOpenid` is an openid,
   * not a WeChat ID. Resolves to `{taskid, authorizeUrl, status}`: show `authorizeUrl` to the
   * legal person (valid 24 h); the result arrives by the `notify_third_fasteregister` push.
   * Errcodes: 89249 task running for the subject, 89247 internal error, 86004, 61070, 89253.
   */
  registerEnterprise(token, args = {}) {
    return this._call("register.enterprise", token, args);
  }

  /**
   * Legacy enterprise registration (spec §3.1), `POST /cgi-bin/component/fastregisterweapp?action=create`,
   * component token. Resolves to `undefined`. Errcodes: 89249 task running (retry 24 h later),
   * 86004 invalid WeChat ID, 61070 name mismatch, 89248, 89254, 89255.
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise`.
   */
  registerEnterpriseLegacy(token, args = {}) {
    return this._call("register.enterprise_legacy", token, args);
  }

  /**
   * State of a legacy enterprise task (spec §3.1), `POST /cgi-bin/component/fastregisterweapp?action=search`,
   * component token; the state comes as an ApiError (89250 not found, 89251 waiting for the
   * face check, 89252 consistency check running).
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(token, args = {}) {
    return this._call("register.enterprise_legacy_search", token, args);
  }

  /**
   * The page where an official account's admin confirms reusing its subject (spec §3.2 step 1):
   * `https://mp.weixin.qq.com/cgi-bin/fastregisterauth?…`. No token, not fetched; returns the URL
   * string synchronously. `copyWxVerify` is required (government/media/other orgs: true, else
   * 61056). The redirect carries `ticket` for `registerByReuseOa`.
   */
  fastregisterAuthUrl(args = {}) {
    return this._page("page.fastregister_auth", args);
  }

  /**
   * Register a mini program reusing an official account's subject (spec §3.2 step 2).
   * `POST /cgi-bin/account/fastregister`, authorizer token of the official account. Exchange
   * the returned `authorizationCode` with `queryAuth` at once. At most 5 per OA per month.
   * Errcodes: 61051–61057; 61058 ticket invalid (also a retry while the first call runs: wait
   * more than 5 s before retrying).
   */
  registerByReuseOa(token, args = {}) {
    return this._call("register.reuse_oa", token, args);
  }

  /**
   * Start a personal registration (spec §3.3).
   * `POST /wxa/component/fastregisterpersonalweapp?action=create`, component token. `newVersion`
   * omitted or true sends the 2026 flag; false omits it. The user opens `authorizeUrl` within 24 h.
   * Errcodes: 89249 task running, 86004 invalid WeChat ID, 61070 name mismatch, 89253.
   */
  registerPersonal(token, args = {}) {
    return this._call("register.personal", token, args);
  }

  /**
   * A personal registration task's state (spec §3.3).
   * `POST /wxa/component/fastregisterpersonalweapp?action=query`, component token.
   * `status` 12 is success (`describeStatus("task", status)` gives the meaning); unknown codes are kept. Errcode 89250.
   */
  queryPersonal(token, args = {}) {
    return this._call("register.personal_query", token, args);
  }

  /**
   * Create a trial (beta) mini program (spec §3.4). `POST /wxa/component/fastregisterbetaweapp`,
   * component token. `name` 4–30 characters; `openid` any openid of the future admin. Deliver
   * `authorizeUrl` (valid 24 h); the push correlates by `uniqueId`.
   */
  registerBeta(token, args = {}) {
    return this._call("register.beta", token, args);
  }

  /**
   * Turn a trial mini program into a formal one (spec §3.5). `POST /wxa/verifybetaweapp`,
   * authorizer token of the beta app (set 81). `verifyInfo.enterpriseName` (not `name`), every
   * field required. Rate limit 5/min, 100/day. Errcodes: 89249, 89251, 91021 already formal.
   */
  verifyBeta(token, args = {}) {
    return this._call("register.beta_verify", token, args);
  }

  /**
   * Rename a trial mini program (spec §3.6). `POST /wxa/setbetaweappnickname`, authorizer token
   * of the beta app. Errcodes: 86011 protected keyword, 91020 not a trial mini program.
   */
  renameBeta(token, args = {}) {
    return this._call("register.beta_rename", token, args);
  }

  // ---- §4 official account <-> mini program links (authorizer token of the OA; set 33) ----

  /**
   * The mini programs linked to, or invited by, the official account (spec §4.1).
   * `POST /cgi-bin/wxopen/wxamplinkget` (body `{}`). Each item's `status`: 1 linked, 2 waiting
   * for the mini-program admin, 3 rejected, 12 waiting for the OA admin.
   */
  linkGet(token, args = {}) {
    return this._call("link.get", token, args);
  }

  /**
   * Invite a mini program to link to the official account (spec §4.2).
   * `POST /cgi-bin/wxopen/wxamplink`; `notifyUsers` and `showProfile` are sent as 1/0.
   * Errcodes: 89007, 89009, 89010 already invited, 89015 already linked, 89016/89017, 89035.
   */
  link(token, args = {}) {
    return this._call("link.link", token, args);
  }

  /**
   * Unlink a mini program (spec §4.3). `POST /cgi-bin/wxopen/wxampunlink`.
   * Errcodes: 89011 shown in "nearby", 89012 store mini program, 89018 already sent.
   */
  unlink(token, args = {}) {
    return this._call("link.unlink", token, args);
  }

  // ---- §5 mini-program admin rebind ----

  /**
   * The page where a mini program's old and new admins confirm an admin change (spec §5 step 1):
   * `https://mp.weixin.qq.com/wxopen/componentrebindadmin?…`. No token, not fetched; returns the
   * URL string synchronously. The redirect carries `taskid` for `rebindAdmin`.
   */
  rebindAdminUrl(args = {}) {
    return this._page("page.rebind_admin", args);
  }

  /**
   * Complete an admin change (spec §5 step 2). `POST /cgi-bin/account/componentrebindadmin`,
   * authorizer token of the mini program. Errcodes: 85060 invalid taskid, 85026/85027/85061
   * admin-binding limits, 85062/85063 blacklisted.
   */
  rebindAdmin(token, args = {}) {
    return this._call("admin.rebind", token, args);
  }

  // ---- §13.5 messages of authorized accounts ----

  /**
   * Send a customer-service message to a user who wrote to the account (spec §13.5; the
   * full-network-release check's QUERY_AUTH_CODE answer). `POST /cgi-bin/message/custom/send`,
   * authorizer token of the account. `{touser, msgtype: "text", text: {content}}`, or another
   * `msgtype` with its object; `customservice: {kfAccount}` sends as an agent. Resolves to
   * `undefined`. Errcodes: 45015 reply window closed, 45047 too many messages, 40003 bad openid.
   */
  sendCustomMessage(token, args = {}) {
    return this._call("message.custom_send", token, args);
  }

  // ---- §15 quotas ----

  /**
   * The daily quota of one of the platform's own APIs (spec §15.2, getApiQuota).
   * `POST /cgi-bin/openapi/quota/get`, component token. `cgiPath`: the API path alone, e.g.
   * `/cgi-bin/component/api_component_token`. Resolves to `{quota: {dailyLimit, used, remain},
   * rateLimit, componentRateLimit}`. Errcodes: 76021 unknown path, 76022 not callable with this token.
   */
  getApiQuota(token, args = {}) {
    return this._call("quota.get", token, args);
  }

  /**
   * The daily quota of one of an authorizer's APIs (spec §15.2, getApiQuota), authorizer token.
   * `POST /cgi-bin/openapi/quota/get`.
   */
  getAuthorizerApiQuota(token, args = {}) {
    return this._call("quota.get_authorizer", token, args);
  }

  /**
   * Reset the platform's own daily API counters (spec §15.3, clear_quota v1).
   * `POST /cgi-bin/clear_quota`, component token; `appid` is the component appid. Uses one of
   * the 10 resets per month (never re-sent automatically). Errcodes: 48006 limit reached, 40013.
   */
  clearQuota(token, args = {}) {
    return this._call("quota.clear", token, args);
  }

  /**
   * Reset an authorizer's daily API counters (spec §15.3, clear_quota v1), authorizer token;
   * `appid` defaults to the token's account. `POST /cgi-bin/clear_quota`. Errcode 48006.
   */
  clearAuthorizerQuota(token, args = {}) {
    return this._call("quota.clear_authorizer", token, args);
  }

  /**
   * Reset daily API counters with the platform AppSecret (spec §15.4, clear_quota v2),
   * `POST /cgi-bin/component/clear_quota/v2`, no token — the way out when 45009 blocks
   * `api_component_token`. Without `appid`: the platform's own quota; with it: that
   * authorizer's. Shares the 10 monthly resets with v1. Errcodes: 48006, 40013, 41004.
   */
  clearQuotaV2(args = {}) {
    return this._call("quota.clear_v2", null, args);
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
