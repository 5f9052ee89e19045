// Every WeChat operation, spelled once. The methods here are the Client's and — by the token
// each operation takes (the core's registry) — the Platform's and the Authorizer's: the same
// function objects, mixed into each class by `mixOperations`. Only the way to obtain the token
// differs, in the `_op(name, params)` each class supplies:
//
//   client.openBind(token, { openAppid })              the Client: the token first
//   platform.authorizer(appid).openBind({ openAppid })  the Platform: obtained (and refreshed)
//   client.registerBeta(cat, { name, openid })          component-token operations likewise
//   platform.registerBeta({ name, openid })
//
// Page URLs take no token and return the URL string synchronously; API calls return promises.
// Arguments are objects of camelCase fields (WeChat's wire names in camelCase).
import { native } from "./native.mjs";

/** The core's registry: operation name -> {name, kind, token, js, safety, managed, ...}. */
export const REGISTRY = new Map(native.operations().map((op) => [op.name, op]));

/** The operations. Not a class to instantiate: see `mixOperations`. */
export class Operations {
  // ---- §1 credentials and authorization ----

  /**
   * Ask WeChat to push a fresh `component_verify_ticket` now (spec §1.2).
   * `POST /cgi-bin/component/api_start_push_ticket`, no token. Resolves to `undefined`.
   * Errcodes: 40125 invalid appsecret, 61004 caller IP not whitelisted.
   */
  startPushTicket(...params) {
    return this._op("component.start_push_ticket", params);
  }

  /**
   * Get the component access token (spec §1.3). `POST /cgi-bin/component/api_component_token`,
   * no token. Resolves to `{componentAccessToken, expiresIn}` (7200 s).
   * Errcodes: 40001/40125 wrong secret, 61004 IP not whitelisted, 61005 ticket expired,
   * 61006 ticket invalid, 45009 daily quota.
   */
  componentToken(...params) {
    return this._op("component.api_component_token", params);
  }

  /**
   * A single-use pre-auth code for the authorization pages (spec §1.4).
   * `POST /cgi-bin/component/api_create_preauthcode`, component token.
   * Resolves to `{preAuthCode, expiresIn}` (1800 s per current docs).
   */
  createPreauthcode(...params) {
    return this._op("component.preauthcode", params);
  }

  /**
   * The PC authorization page URL (spec §1.5): `https://mp.weixin.qq.com/cgi-bin/componentloginpage?…`.
   * No token, not fetched; returns the URL string synchronously. `redirectUri`: absolute http(s)
   * URL on the platform's 登录授权的发起页域名. `authType` 1/2/3 (with `bizAppid`: omitted or 3);
   * `categoryIdList`: permission-set ids. Throws InvalidArgument for refused input.
   */
  componentLoginUrl(...params) {
    return this._op("page.component_login", params);
  }

  /**
   * The mobile authorization page URL, opened inside WeChat (spec §1.5):
   * `https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect`.
   * Same arguments and rules as `componentLoginUrl`; returns the URL string synchronously.
   */
  bindComponentUrl(...params) {
    return this._op("page.bind_component", params);
  }

  /**
   * Exchange an authorization code for the authorizer's tokens (spec §1.6).
   * `POST /cgi-bin/component/api_query_auth`, component token. Persist
   * `authorizationInfo.authorizerRefreshToken`. Errcodes: 61009 code invalid, 61010 expired.
   */
  queryAuth(...params) {
    return this._op("component.query_auth", params);
  }

  /**
   * Refresh an authorizer access token (spec §1.7). `POST /cgi-bin/component/api_authorizer_token`,
   * component token. Persist the returned `authorizerRefreshToken`.
   * Errcodes: 61023 refresh token invalid, 61003 authorization cancelled, 45009 quota.
   */
  authorizerToken(...params) {
    return this._op("component.authorizer_token", params);
  }

  /**
   * An authorizer's profile and granted permission sets (spec §1.8).
   * `POST /cgi-bin/component/api_get_authorizer_info`, component token.
   * Errcode 61003: the account cancelled the authorization.
   */
  getAuthorizerInfo(...params) {
    return this._op("component.authorizer_info", params);
  }

  // ---- §2 open-platform accounts (authorizer token; permission sets 24/25) ----

  /** Create an open-platform account and bind the token's account to it (spec §2, POST /cgi-bin/open/create). */
  openCreate(...params) {
    return this._op("open.create", params);
  }

  /** Bind the token's account to the open-platform account `openAppid` (spec §2, POST /cgi-bin/open/bind). */
  openBind(...params) {
    return this._op("open.bind", params);
  }

  /** Unbind the token's account from the open-platform account `openAppid` (spec §2, POST /cgi-bin/open/unbind). */
  openUnbind(...params) {
    return this._op("open.unbind", params);
  }

  /** The open-platform account the token's account is bound to (spec §2, POST /cgi-bin/open/get). */
  openGet(...params) {
    return this._op("open.get", params);
  }

  /** Whether the token's account already has an open-platform account (spec §2, POST /cgi-bin/open/have). */
  openHave(...params) {
    return this._op("open.have", params);
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
  registerEnterprise(...params) {
    return this._op("register.enterprise", params);
  }

  /**
   * Legacy enterprise registration (spec §3.1), `POST /cgi-bin/component/fastregisterweapp?action=create`,
   * component token. Resolves to `undefined`. Errcodes: 89249 task running (retry 24 h later),
   * 86004 invalid WeChat ID, 61070 name mismatch, 89248, 89254, 89255.
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise`.
   */
  registerEnterpriseLegacy(...params) {
    return this._op("register.enterprise_legacy", params);
  }

  /**
   * State of a legacy enterprise task (spec §3.1), `POST /cgi-bin/component/fastregisterweapp?action=search`,
   * component token; the state comes as an ApiError (89250 not found, 89251 waiting for the
   * face check, 89252 consistency check running).
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(...params) {
    return this._op("register.enterprise_legacy_search", params);
  }

  /**
   * The page where an official account's admin confirms reusing its subject (spec §3.2 step 1):
   * `https://mp.weixin.qq.com/cgi-bin/fastregisterauth?…`. No token, not fetched; returns the URL
   * string synchronously. `copyWxVerify` is required (government/media/other orgs: true, else
   * 61056). The redirect carries `ticket` for `registerByReuseOa`.
   */
  fastregisterAuthUrl(...params) {
    return this._op("page.fastregister_auth", params);
  }

  /**
   * Register a mini program reusing an official account's subject (spec §3.2 step 2).
   * `POST /cgi-bin/account/fastregister`, authorizer token of the official account. Exchange
   * the returned `authorizationCode` with `queryAuth` at once. At most 5 per OA per month.
   * Errcodes: 61051–61057; 61058 ticket invalid (also a retry while the first call runs: wait
   * more than 5 s before retrying).
   */
  registerByReuseOa(...params) {
    return this._op("register.reuse_oa", params);
  }

  /**
   * Start a personal registration (spec §3.3).
   * `POST /wxa/component/fastregisterpersonalweapp?action=create`, component token. `newVersion`
   * omitted or true sends the 2026 flag; false omits it. The user opens `authorizeUrl` within 24 h.
   * Errcodes: 89249 task running, 86004 invalid WeChat ID, 61070 name mismatch, 89253.
   */
  registerPersonal(...params) {
    return this._op("register.personal", params);
  }

  /**
   * A personal registration task's state (spec §3.3).
   * `POST /wxa/component/fastregisterpersonalweapp?action=query`, component token.
   * `status` 12 is success (`describeStatus("task", status)` gives the meaning); unknown codes are kept. Errcode 89250.
   */
  queryPersonal(...params) {
    return this._op("register.personal_query", params);
  }

  /**
   * Create a trial (beta) mini program (spec §3.4). `POST /wxa/component/fastregisterbetaweapp`,
   * component token. `name` 4–30 characters; `openid` any openid of the future admin. Deliver
   * `authorizeUrl` (valid 24 h); the push correlates by `uniqueId`.
   */
  registerBeta(...params) {
    return this._op("register.beta", params);
  }

  /**
   * Turn a trial mini program into a formal one (spec §3.5). `POST /wxa/verifybetaweapp`,
   * authorizer token of the beta app (set 81). `verifyInfo.enterpriseName` (not `name`), every
   * field required. Rate limit 5/min, 100/day. Errcodes: 89249, 89251, 91021 already formal.
   */
  verifyBeta(...params) {
    return this._op("register.beta_verify", params);
  }

  /**
   * Rename a trial mini program (spec §3.6). `POST /wxa/setbetaweappnickname`, authorizer token
   * of the beta app. Errcodes: 86011 protected keyword, 91020 not a trial mini program.
   */
  renameBeta(...params) {
    return this._op("register.beta_rename", params);
  }

  // ---- §4 official account <-> mini program links (authorizer token of the OA; set 33) ----

  /**
   * The mini programs linked to, or invited by, the official account (spec §4.1).
   * `POST /cgi-bin/wxopen/wxamplinkget` (body `{}`). Each item's `status`: 1 linked, 2 waiting
   * for the mini-program admin, 3 rejected, 12 waiting for the OA admin.
   */
  linkGet(...params) {
    return this._op("link.get", params);
  }

  /**
   * Invite a mini program to link to the official account (spec §4.2).
   * `POST /cgi-bin/wxopen/wxamplink`; `notifyUsers` and `showProfile` are sent as 1/0.
   * Errcodes: 89007, 89009, 89010 already invited, 89015 already linked, 89016/89017, 89035.
   */
  link(...params) {
    return this._op("link.link", params);
  }

  /**
   * Unlink a mini program (spec §4.3). `POST /cgi-bin/wxopen/wxampunlink`.
   * Errcodes: 89011 shown in "nearby", 89012 store mini program, 89018 already sent.
   */
  unlink(...params) {
    return this._op("link.unlink", params);
  }

  // ---- §5 mini-program admin rebind ----

  /**
   * The page where a mini program's old and new admins confirm an admin change (spec §5 step 1):
   * `https://mp.weixin.qq.com/wxopen/componentrebindadmin?…`. No token, not fetched; returns the
   * URL string synchronously. The redirect carries `taskid` for `rebindAdmin`.
   */
  rebindAdminUrl(...params) {
    return this._op("page.rebind_admin", params);
  }

  /**
   * Complete an admin change (spec §5 step 2). `POST /cgi-bin/account/componentrebindadmin`,
   * authorizer token of the mini program. Errcodes: 85060 invalid taskid, 85026/85027/85061
   * admin-binding limits, 85062/85063 blacklisted.
   */
  rebindAdmin(...params) {
    return this._op("admin.rebind", params);
  }

  // ---- §13.5 messages of authorized accounts ----

  /**
   * Send a customer-service message to a user who wrote to the account (spec §13.5; the
   * full-network-release check's QUERY_AUTH_CODE answer). `POST /cgi-bin/message/custom/send`,
   * authorizer token of the account. `{touser, msgtype: "text", text: {content}}`, or another
   * `msgtype` with its object; `customservice: {kfAccount}` sends as an agent. Resolves to
   * `undefined`. Errcodes: 45015 reply window closed, 45047 too many messages, 40003 bad openid.
   */
  sendCustomMessage(...params) {
    return this._op("message.custom_send", params);
  }

  // ---- §15 quotas ----

  /**
   * The daily quota of one of the platform's own APIs (spec §15.2, getApiQuota).
   * `POST /cgi-bin/openapi/quota/get`, component token. `cgiPath`: the API path alone, e.g.
   * `/cgi-bin/component/api_component_token`. Resolves to `{quota: {dailyLimit, used, remain},
   * rateLimit, componentRateLimit}`. Errcodes: 76021 unknown path, 76022 not callable with this token.
   */
  getApiQuota(...params) {
    return this._op("quota.get", params);
  }

  /**
   * The daily quota of one of an authorizer's APIs (spec §15.2, getApiQuota), authorizer token.
   * `POST /cgi-bin/openapi/quota/get`.
   */
  getAuthorizerApiQuota(...params) {
    return this._op("quota.get_authorizer", params);
  }

  /**
   * Reset the platform's own daily API counters (spec §15.3, clear_quota v1).
   * `POST /cgi-bin/clear_quota`, component token; `appid` is the component appid. Uses one of
   * the 10 resets per month (never re-sent automatically). Errcodes: 48006 limit reached, 40013.
   */
  clearQuota(...params) {
    return this._op("quota.clear", params);
  }

  /**
   * Reset an authorizer's daily API counters (spec §15.3, clear_quota v1), authorizer token;
   * `appid` defaults to the token's account. `POST /cgi-bin/clear_quota`. Errcode 48006.
   */
  clearAuthorizerQuota(...params) {
    return this._op("quota.clear_authorizer", params);
  }

  /**
   * Reset daily API counters with the platform AppSecret (spec §15.4, clear_quota v2),
   * `POST /cgi-bin/component/clear_quota/v2`, no token — the way out when 45009 blocks
   * `api_component_token`. Without `appid`: the platform's own quota; with it: that
   * authorizer's. Shares the 10 monthly resets with v1. Errcodes: 48006, 40013, 41004.
   */
  clearQuotaV2(...params) {
    return this._op("quota.clear_v2", params);
  }
}

/**
 * Copies onto `cls.prototype` the operation methods whose registry entry passes `filter` — the
 * very functions of `Operations.prototype`, not copies of their code. Every registry operation
 * must have its method here (a mismatch between the wasm module and this file throws at load).
 */
export function mixOperations(cls, filter) {
  for (const info of REGISTRY.values()) {
    const method = Object.getOwnPropertyDescriptor(Operations.prototype, info.js);
    if (method === undefined) throw new Error(`wxopen: no method ${info.js} for operation ${info.name}`);
    if (filter(info)) Object.defineProperty(cls.prototype, info.js, method);
  }
  return cls;
}
