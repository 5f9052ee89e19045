// Type declarations of the wxopen package (ESM and CJS share them).

// ---------- credentials ----------

/** The platform's own component_access_token. */
export declare class ComponentToken {
  constructor(value: string);
  readonly kind: "component";
  readonly appid: undefined;
  /** The token itself. Never log it. */
  readonly value: string;
  /** When it expires (unix ms), for a token a Platform handed out; else `undefined`. */
  readonly expiresAtMs: number | undefined;
}

/** An authorizer_access_token together with the appid of the account it belongs to. */
export declare class AuthorizerToken {
  constructor(appid: string, value: string);
  readonly kind: "authorizer";
  readonly appid: string;
  /** The token itself. Never log it. */
  readonly value: string;
  /** When it expires (unix ms), for a token a Platform handed out; else `undefined`. */
  readonly expiresAtMs: number | undefined;
}

// ---------- errors ----------

/** Base class of every wxopen error; `code` is stable across Rust, Python and JS. */
export declare class WxOpenError extends Error {
  constructor(message: string, details?: Record<string, unknown>);
  readonly code: string;
  readonly retryable: boolean;
  details: Record<string, unknown>;
}
/** Input refused before anything was sent. */
export declare class InvalidArgument extends WxOpenError {
  /** The offending field, camelCase (e.g. `openAppid`). */
  readonly field: string;
  /** The same field's WeChat wire name (e.g. `open_appid`). */
  readonly wireField: string;
  readonly rule: string;
}
/** The operation takes another kind of token. */
export declare class WrongTokenError extends WxOpenError {
  readonly operation: string;
  readonly expected: string;
  readonly got: string;
}
export type ErrcodeCategory =
  | "credential" | "permission" | "quota" | "invalid_input" | "state" | "system" | "unknown";
/** WeChat answered with a non-zero errcode. */
export declare class ApiError extends WxOpenError {
  readonly operation: string;
  readonly errcode: number;
  readonly errmsg: string;
  readonly meaning: string;
  readonly meaningZh: string;
  readonly category: ErrcodeCategory;
  readonly hint: string;
  /** The response body as received. */
  raw: string | undefined;
}
/** The HTTP status was not 200. */
export declare class HttpStatusError extends WxOpenError {
  readonly status: number;
  raw: string | undefined;
}
/** The response body was not what the operation returns; `field` names the field at fault. */
export declare class DecodeError extends WxOpenError {
  /** The field at fault, camelCase path (e.g. `authorizationInfo.authorizerAppid`), when one is. */
  readonly field: string | undefined;
  /** The same path in WeChat's wire names. */
  readonly wireField: string | undefined;
  raw: string | undefined;
}
/** fetch failed: network, timeout, DNS. `cause`: the original error, credentials redacted. */
export declare class TransportError extends WxOpenError {
  readonly cause?: Error;
}
/** Push encryption or signature failure (official WXBizMsgCrypt code in `officialCode`). */
export declare class CryptoError extends WxOpenError {
  readonly officialCode: number;
}
export declare class SignatureError extends CryptoError {}
export declare class AppidMismatchError extends CryptoError {}
export declare class InvalidAesKeyError extends CryptoError {}
/** A push was refused outside the cryptography proper. */
export declare class WebhookError extends WxOpenError {}
export declare class StaleTimestampError extends WebhookError {}
export declare class BodyTooLargeError extends WebhookError {}
export declare class ForbiddenXmlError extends WebhookError {}
export declare class MissingParameterError extends WebhookError {}
export declare class MalformedEventError extends WebhookError {}
/** The decrypted push names another platform in `AppId` than the one it was verified for. */
export declare class AppidConflictError extends WebhookError {}

/** One stable error code as the core lists it. */
export interface ErrorCodeInfo {
  readonly code: string;
  /** `crypto` (WXBizMsgCrypt failures), `webhook` (a refused push) or null. */
  readonly family: "crypto" | "webhook" | null;
  readonly officialCode: number | null;
  /** Whether the error carries the response body as `raw`. */
  readonly carriesRaw: boolean;
  readonly retryable: "never" | "always" | "by_errcode" | "by_status";
}
/** Every error code the core and the transport may report. */
export declare const ERROR_CODES: readonly ErrorCodeInfo[];
/** The codes whose errors carry the response body as `raw`. */
export declare const RAW_CODES: ReadonlySet<string>;
/** The class of every error code. */
export declare const BY_CODE: ReadonlyMap<string, typeof WxOpenError>;

/** 61005 while minting the component token: the stored ticket is older than 12 h. */
export declare class TicketExpiredError extends ApiError {}
/** 61006 while minting the component token: WeChat refused the stored ticket. */
export declare class TicketInvalidError extends ApiError {}
/** No component_verify_ticket stored yet: wait for the push or call `startPushTicket`. */
export declare class NoTicketError extends WxOpenError {
  readonly componentAppid: string;
}
/** An authorizer cannot be called. */
export declare class AuthorizerError extends WxOpenError {
  readonly authorizerAppid: string;
}
/** 61023: the refresh token no longer works; the merchant must authorize again. */
export declare class NeedsReauthorizationError extends AuthorizerError {}
/** The authorizer cancelled the authorization (61003 or an unauthorized push). */
export declare class AuthorizerRevokedError extends AuthorizerError {}
/** No authorization stored for the authorizer. */
export declare class UnknownAuthorizerError extends AuthorizerError {}
/** A read-only platform found no usable token and may not mint one. */
export declare class ReadOnlyError extends WxOpenError {
  readonly token: "component" | "authorizer";
  readonly authorizerAppid: string | undefined;
}
/** Another holder of a refresh lock did not finish in time (retryable). */
export declare class LockTimeoutError extends WxOpenError {
  readonly what: string;
  readonly waitedMs: number;
}
/** The host's store failed. */
export declare class StoreError extends WxOpenError {
  readonly detail: string;
}

// ---------- results ----------

/**
 * Every result, event and nested object is a `Result`: fields as properties (camelCase; absent
 * fields are `undefined`; fields the core does not model are kept too). Credentials (tokens,
 * tickets, codes, secrets, keys — the core's name rule) are non-enumerable getters: readable by
 * property, shown as `***` by `console.log`/`util.inspect` and `JSON.stringify`, skipped by
 * spread and `Object.keys`. `toObject()` gives a plain copy with every value.
 */
export declare class Result {
  /** A plain deep copy with every value, credentials included. */
  toObject(): Record<string, any>;
  /** The masked JSON form (credentials `***`). */
  toJSON(): Record<string, any>;
  /** Fields WeChat sent that this version does not model (typed `unknown`: narrow before use). */
  readonly [unmodelled: string]: unknown;
}
/** Whether the field `name` (its wire name) holds a credential: the core's rule. */
export declare function isSecretField(name: string): boolean;

/** Every result carries the response body as a non-enumerable `raw`. */
export interface WithRaw extends Result {
  readonly raw: string;
}
/**
 * A status as WeChat sent it: a plain number in results and events alike (`task.status === 12`);
 * codes no table lists are kept. `describeStatus(kind, code)` gives its meaning.
 */
export type Status = number;
export type StatusKind =
  | "task" | "personal" | "link" | "enterprise" | "beta_verify"
  | "review" | "appeal" | "wxa_auth_task" | "wxa_auth_apply" | "icp_verify" | "icp_filing"
  | "auth_and_icp" | "order_path_apply" | "order_path_audit";
/** What a status code means. `name` is stable snake_case (`"unknown"` for unlisted codes). */
export interface StatusDescription {
  code: number;
  kind: "task" | "link" | "enterprise";
  name: string;
  meaning: string;
  meaningZh: string;
  known: boolean;
}
/** What status `code` means in the `kind` table. */
export declare function describeStatus(kind: StatusKind, code: number): StatusDescription;

// ---------- operation arguments and results ----------

// <generated:types>
// Generated by scripts/gen_stubs.py from schema/operations.json; do not edit.
// Argument types: the operations' fields in camelCase (WeChat's names otherwise).
/**
 * 1 official accounts only, 2 mini programs only, 3 both (WeChat's default); other positive values
 * (e.g. 6) pass through.
 */
export type AuthType = number;
/** A permission-set id. */
export type CategoryId = number;
/**
 * 1 unified social credit code (18 characters), 2 organization code (`xxxxxxxx-x`), 3 business
 * licence registration number (15 characters).
 */
export type CodeType = 1 | 2 | 3;
/** A switch: true/false or 1/0, sent as 1/0. */
export type Flag = boolean | 0 | 1;
/** `verifyInfo` of `verifyBeta` (spec §3.5). Note `enterpriseName`, where §3.1 says `name`. */
export interface VerifyInfo {
  /** Enterprise name exactly as registered (required). */
  enterpriseName: string;
  /** Enterprise code; its length must fit `codeType` (required). */
  code: string;
  /** Kind of `code`: 1, 2 or 3 (required). */
  codeType: CodeType;
  /** The legal person's WeChat ID (required). */
  legalPersonaWechat: string;
  /** The legal person's real name (required). */
  legalPersonaName: string;
  /** The legal person's ID-card number (required). */
  legalPersonaIdcard: string;
  /** Platform contact phone (required here, unlike §3.1). */
  componentPhone: string;
}
/** The `text` of a text message. */
export interface TextContent {
  /** The text (required, non-blank). */
  content: string;
}
/** The arguments of `startPushTicket` (spec §1.2). */
export interface StartPushTicketArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** The platform AppSecret (required). */
  componentSecret: string;
}
/** The arguments of `componentToken` (spec §1.3). */
export interface ComponentTokenArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** The platform AppSecret (required). */
  componentAppsecret: string;
  /** The latest pushed `componentVerifyTicket` (required). */
  componentVerifyTicket: string;
}
/** The arguments of `createPreauthcode` (spec §1.4). */
export interface CreatePreauthcodeArgs {
  /** The platform appid (required). */
  componentAppid: string;
}
/** The arguments of `componentLoginUrl` (spec §1.5). */
export interface ComponentLoginUrlArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** From `createPreauthcode` (required, single-use). */
  preAuthCode: string;
  /**
   * Where the browser goes afterwards, with `auth_code` and `expires_in` appended (required;
   * absolute http(s) URL on the platform's 登录授权的发起页域名).
   */
  redirectUri: string;
  /**
   * Which accounts the page offers (optional; WeChat's default is 3, both; other positive values
   * pass through). When `bizAppid` is given it wins (spec §1.5).
   */
  authType?: AuthType;
  /** Restrict the page to exactly this account (optional). */
  bizAppid?: string;
  /**
   * Permission-set ids to request (optional; default: all published sets). Numbers or numeric
   * strings; sent joined by `|`.
   */
  categoryIdList?: readonly CategoryId[];
}
/** The arguments of `bindComponentUrl` (spec §1.5). */
export interface BindComponentUrlArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** From `createPreauthcode` (required, single-use). */
  preAuthCode: string;
  /**
   * Where the browser goes afterwards, with `auth_code` and `expires_in` appended (required;
   * absolute http(s) URL on the platform's 登录授权的发起页域名).
   */
  redirectUri: string;
  /**
   * Which accounts the page offers (optional; WeChat's default is 3, both; other positive values
   * pass through). When `bizAppid` is given it wins (spec §1.5).
   */
  authType?: AuthType;
  /** Restrict the page to exactly this account (optional). */
  bizAppid?: string;
  /**
   * Permission-set ids to request (optional; default: all published sets). Numbers or numeric
   * strings; sent joined by `|`.
   */
  categoryIdList?: readonly CategoryId[];
}
/** The arguments of `queryAuth` (spec §1.6). */
export interface QueryAuthArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** The authorization code, single-use (required). */
  authorizationCode: string;
}
/** The arguments of `authorizerToken` (spec §1.7). */
export interface AuthorizerTokenArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** The authorizer account's appid (required). */
  authorizerAppid: string;
  /** The latest `authorizerRefreshToken` (required). */
  authorizerRefreshToken: string;
}
/** The arguments of `getAuthorizerInfo` (spec §1.8). */
export interface GetAuthorizerInfoArgs {
  /** The platform appid (required). */
  componentAppid: string;
  /** The authorizer account's appid (required). */
  authorizerAppid: string;
}
/** The arguments of `openCreate` (spec §2). */
export interface OpenCreateArgs {
  /** The account to bind (defaults to the token's account). */
  appid?: string;
}
/** The arguments of `openBind` (spec §2). */
export interface OpenBindArgs {
  /** The open account's appid (required). */
  openAppid: string;
  /** The account to bind (defaults to the token's account). */
  appid?: string;
}
/** The arguments of `openUnbind` (spec §2). */
export interface OpenUnbindArgs {
  /** The open account's appid (required). */
  openAppid: string;
  /** The account to unbind (defaults to the token's account). */
  appid?: string;
}
/** The arguments of `openGet` (spec §2). */
export interface OpenGetArgs {
  /** The account to ask about (defaults to the token's account). */
  appid?: string;
}
/** The arguments of `openHave` (spec §2). */
export interface OpenHaveArgs {
  /** The account to ask about (defaults to the token's account). */
  appid?: string;
}
/** The arguments of `registerEnterprise` (spec §3.0). */
export interface RegisterEnterpriseArgs {
  /** Enterprise name exactly as registered (required). */
  name: string;
  /** Enterprise code; its length must fit `codeType` (required). */
  code: string;
  /** Kind of `code`: 1, 2 or 3 (required; number or numeric string). */
  codeType: CodeType;
  /** The legal person's **openid** under the platform (not a WeChat ID) (required). */
  legalPersonaOpenid: string;
  /** The legal person's real name (required). */
  legalPersonaName: string;
  /** Platform contact phone (optional). */
  componentPhone?: string;
}
/** The arguments of `registerEnterpriseLegacy` (spec §3.1). */
export interface RegisterEnterpriseLegacyArgs {
  /**
   * Enterprise name exactly as registered (an unnamed sole proprietor: `个体户` + legal-person
   * name) (required).
   */
  name: string;
  /** Enterprise code; its length must fit `codeType` (required). */
  code: string;
  /** Kind of `code`: 1, 2 or 3 (required; number or numeric string). */
  codeType: CodeType;
  /** The legal person's WeChat ID (微信号, not phone/QQ) (required). */
  legalPersonaWechat: string;
  /** The legal person's real name (required). */
  legalPersonaName: string;
  /** Platform contact phone shown to the legal person (optional). */
  componentPhone?: string;
}
/** The arguments of `searchEnterpriseLegacy` (spec §3.1). */
export interface SearchEnterpriseLegacyArgs {
  /** Enterprise name, as in the create call (required). */
  name: string;
  /** The legal person's WeChat ID (required). */
  legalPersonaWechat: string;
  /** The legal person's real name (required). */
  legalPersonaName: string;
}
/** The arguments of `fastregisterAuthUrl` (spec §3.2). */
export interface FastregisterAuthUrlArgs {
  /** The official account's appid (required). */
  appid: string;
  /** The platform appid (required). */
  componentAppid: string;
  /**
   * Reuse the OA's WeChat verification (required; `true`/`1` or `false`/`0`, sent as 1/0).
   * Government, media and other organisations must pass 1 (else 61056).
   */
  copyWxVerify: Flag;
  /** Where the browser goes afterwards (required; absolute http(s) URL). */
  redirectUri: string;
}
/** The arguments of `registerByReuseOa` (spec §3.2). */
export interface RegisterByReuseOaArgs {
  /** The single-use ticket from the redirect (required). */
  ticket: string;
}
/** The arguments of `registerPersonal` (spec §3.3). */
export interface RegisterPersonalArgs {
  /** The user's real name (required). */
  idname: string;
  /** The user's WeChat ID (required). */
  wxuser: string;
  /** Platform contact phone (optional). */
  componentPhone?: string;
  /**
   * The 2026 flow (§3.0): omitted or true sends `"new_version": true` (the default); false omits
   * the field, as older clients did.
   */
  newVersion?: Flag;
}
/** The arguments of `queryPersonal` (spec §3.3). */
export interface QueryPersonalArgs {
  /** The task id from `registerPersonal` (required). */
  taskid: string;
}
/** The arguments of `registerBeta` (spec §3.4). */
export interface RegisterBetaArgs {
  /** 4–30 characters; WeChat appends 的体验小程序 (required). */
  name: string;
  /** Any openid the platform holds for the future admin (not a WeChat ID) (required). */
  openid: string;
}
/** The arguments of `verifyBeta` (spec §3.5). */
export interface VerifyBetaArgs {
  /** The enterprise and legal-person data (required). */
  verifyInfo: VerifyInfo;
  /** The 2026 flow flag (§3.0, "where documented"): sent only when given. */
  newVersion?: Flag;
}
/** The arguments of `renameBeta` (spec §3.6). */
export interface RenameBetaArgs {
  /** 4–30 characters (required). */
  name: string;
}
/** The arguments of `linkGet` (spec §4.1). */
export interface LinkGetArgs {
}
/** The arguments of `link` (spec §4.2). */
export interface LinkArgs {
  /** The mini program's appid (required). */
  appid: string;
  /** Send a template message to the OA's followers (required; bool or 0/1, sent as 1/0). */
  notifyUsers: Flag;
  /** Show the mini program on the OA's profile (required; bool or 0/1, sent as 1/0). */
  showProfile: Flag;
}
/** The arguments of `unlink` (spec §4.3). */
export interface UnlinkArgs {
  /** The mini program's appid (required). */
  appid: string;
}
/** The arguments of `rebindAdminUrl` (spec §5). */
export interface RebindAdminUrlArgs {
  /**
   * The mini program's appid (required; the official table's "公众号的 appid" label is a copy-paste
   * slip, spec §5).
   */
  appid: string;
  /** The platform appid (required). */
  componentAppid: string;
  /** Where the browser goes afterwards (required; absolute http(s) URL). */
  redirectUri: string;
}
/** The arguments of `rebindAdmin` (spec §5). */
export interface RebindAdminArgs {
  /** The task id from `redirect_uri?taskid=…` (required). */
  taskid: string;
}
/** The arguments of `sendCustomMessage` (spec §13.5). */
export interface SendCustomMessageArgs {
  /** The user's openid (required). */
  touser: string;
  /**
   * The message type (required): `text`, `image`, `voice`, `video`, `music`, `news`, `mpnews`,
   * `mpnewsarticle`, `msgmenu`, `wxcard`, `miniprogrampage` or `link`; the field of that name
   * carries the message.
   */
  msgtype: string;
  /** `msgtype` `text`: the text. */
  text?: TextContent;
  /** `msgtype` `image`: `{media_id}`. */
  image?: Record<string, unknown>;
  /** `msgtype` `voice`: `{media_id}`. */
  voice?: Record<string, unknown>;
  /** `msgtype` `video`: `{media_id, thumb_media_id, title, description}`. */
  video?: Record<string, unknown>;
  /** `msgtype` `music`. */
  music?: Record<string, unknown>;
  /** `msgtype` `news`: `{articles: [...]}`. */
  news?: Record<string, unknown>;
  /** `msgtype` `mpnews`: `{media_id}`. */
  mpnews?: Record<string, unknown>;
  /** `msgtype` `mpnewsarticle`: `{article_id}`. */
  mpnewsarticle?: Record<string, unknown>;
  /** `msgtype` `msgmenu`. */
  msgmenu?: Record<string, unknown>;
  /** `msgtype` `wxcard`: `{card_id}`. */
  wxcard?: Record<string, unknown>;
  /** `msgtype` `miniprogrampage`: `{title, appid, pagepath, thumb_media_id}`. */
  miniprogrampage?: Record<string, unknown>;
  /** `msgtype` `link` (mini-program customer service). */
  link?: Record<string, unknown>;
  /** Send as a given agent: `{kf_account}` (optional). */
  customservice?: Record<string, unknown>;
}
/** The arguments of `getApiQuota` (spec §15.2). */
export interface GetApiQuotaArgs {
  /** The API path: leading `/`, no host, no query (required). */
  cgiPath: string;
}
/** The arguments of `getAuthorizerApiQuota` (spec §15.2). */
export interface GetAuthorizerApiQuotaArgs {
  /** The API path: leading `/`, no host, no query (required). */
  cgiPath: string;
}
/** The arguments of `clearQuota` (spec §15.3). */
export interface ClearQuotaArgs {
  /** The platform's component appid (required; a platform driver fills it in). */
  appid: string;
}
/** The arguments of `clearAuthorizerQuota` (spec §15.3). */
export interface ClearAuthorizerQuotaArgs {
  /** The authorizer (defaults to the token's account; if given it must be that account). */
  appid?: string;
}
/** The arguments of `clearQuotaV2` (spec §15.4). */
export interface ClearQuotaV2Args {
  /** The platform appid (required; a platform driver fills it in). */
  componentAppid: string;
  /** The platform AppSecret (required; a platform driver fills it in). */
  appsecret: string;
  /** An authorizer whose quota to reset; omit it for the platform's own. */
  appid?: string;
}
/**
 * The arguments of `Platform.startPushTicket`: those of `startPushTicket`, the platform's own
 * identity optional.
 */
export interface PlatformStartPushTicketArgs {
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
  /** The platform AppSecret. Optional: defaults to the platform's own. */
  componentSecret?: string;
}
/**
 * The arguments of `Platform.createPreauthcode`: those of `createPreauthcode`, the platform's own
 * identity optional.
 */
export interface PlatformCreatePreauthcodeArgs {
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
}
/**
 * The arguments of `Platform.componentLoginUrl`: those of `componentLoginUrl`, the platform's own
 * identity optional.
 */
export interface PlatformComponentLoginUrlArgs {
  /** From `createPreauthcode` (required, single-use). */
  preAuthCode: string;
  /**
   * Where the browser goes afterwards, with `auth_code` and `expires_in` appended (required;
   * absolute http(s) URL on the platform's 登录授权的发起页域名).
   */
  redirectUri: string;
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
  /**
   * Which accounts the page offers (optional; WeChat's default is 3, both; other positive values
   * pass through). When `bizAppid` is given it wins (spec §1.5).
   */
  authType?: AuthType;
  /** Restrict the page to exactly this account (optional). */
  bizAppid?: string;
  /**
   * Permission-set ids to request (optional; default: all published sets). Numbers or numeric
   * strings; sent joined by `|`.
   */
  categoryIdList?: readonly CategoryId[];
}
/**
 * The arguments of `Platform.bindComponentUrl`: those of `bindComponentUrl`, the platform's own
 * identity optional.
 */
export interface PlatformBindComponentUrlArgs {
  /** From `createPreauthcode` (required, single-use). */
  preAuthCode: string;
  /**
   * Where the browser goes afterwards, with `auth_code` and `expires_in` appended (required;
   * absolute http(s) URL on the platform's 登录授权的发起页域名).
   */
  redirectUri: string;
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
  /**
   * Which accounts the page offers (optional; WeChat's default is 3, both; other positive values
   * pass through). When `bizAppid` is given it wins (spec §1.5).
   */
  authType?: AuthType;
  /** Restrict the page to exactly this account (optional). */
  bizAppid?: string;
  /**
   * Permission-set ids to request (optional; default: all published sets). Numbers or numeric
   * strings; sent joined by `|`.
   */
  categoryIdList?: readonly CategoryId[];
}
/**
 * The arguments of `Platform.getAuthorizerInfo`: those of `getAuthorizerInfo`, the platform's own
 * identity optional.
 */
export interface PlatformGetAuthorizerInfoArgs {
  /** The authorizer account's appid (required). */
  authorizerAppid: string;
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
}
/**
 * The arguments of `Platform.fastregisterAuthUrl`: those of `fastregisterAuthUrl`, the platform's
 * own identity optional.
 */
export interface PlatformFastregisterAuthUrlArgs {
  /** The official account's appid (required). */
  appid: string;
  /**
   * Reuse the OA's WeChat verification (required; `true`/`1` or `false`/`0`, sent as 1/0).
   * Government, media and other organisations must pass 1 (else 61056).
   */
  copyWxVerify: Flag;
  /** Where the browser goes afterwards (required; absolute http(s) URL). */
  redirectUri: string;
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
}
/**
 * The arguments of `Platform.rebindAdminUrl`: those of `rebindAdminUrl`, the platform's own
 * identity optional.
 */
export interface PlatformRebindAdminUrlArgs {
  /**
   * The mini program's appid (required; the official table's "公众号的 appid" label is a copy-paste
   * slip, spec §5).
   */
  appid: string;
  /** Where the browser goes afterwards (required; absolute http(s) URL). */
  redirectUri: string;
  /** The platform appid. Optional: defaults to the platform's own. */
  componentAppid?: string;
}
/**
 * The arguments of `Platform.clearQuota`: those of `clearQuota`, the platform's own identity
 * optional.
 */
export interface PlatformClearQuotaArgs {
  /**
   * The platform's component appid (a platform driver fills it in). Optional: defaults to the
   * platform's own.
   */
  appid?: string;
}
/**
 * The arguments of `Platform.clearQuotaV2`: those of `clearQuotaV2`, the platform's own identity
 * optional.
 */
export interface PlatformClearQuotaV2Args {
  /**
   * The platform appid (a platform driver fills it in). Optional: defaults to the platform's own.
   */
  componentAppid?: string;
  /**
   * The platform AppSecret (a platform driver fills it in). Optional: defaults to the platform's
   * own.
   */
  appsecret?: string;
  /** An authorizer whose quota to reset; omit it for the platform's own. */
  appid?: string;
}

// Result types: fields in camelCase, absent ones `undefined`.
/**
 * The payload of `componentToken` (spec §1.3). Both fields are required: a response without them is
 * a `DecodeError` naming the field.
 */
export interface ComponentTokenGrant extends WithRaw {
  /** The component access token. A credential: never log it. */
  componentAccessToken: string;
  /** Lifetime in seconds (7200). */
  expiresIn: number;
}
/** The payload of `createPreauthcode` (spec §1.4). Both fields are required. */
export interface PreAuthCode extends WithRaw {
  /** The single-use pre-auth code. A credential: never log it. */
  preAuthCode: string;
  /** Lifetime in seconds (1800 per current docs; the response is authoritative). */
  expiresIn: number;
}
/** The payload of `queryAuth` (spec §1.6). */
export interface QueryAuthResult extends WithRaw {
  /** The authorizer's tokens and granted permission sets (required). */
  authorizationInfo: Authorization;
}
/**
 * `authorizationInfo` of `queryAuth` (spec §1.6). The appid, both tokens and `expiresIn` are
 * required (they are what the exchange is for); `funcInfo` is `undefined` when absent.
 */
export interface Authorization extends Result {
  /** The authorizer account's appid. */
  authorizerAppid: string;
  /** Its access token. A credential: never log it. */
  authorizerAccessToken: string;
  /** Lifetime of the access token in seconds (7200). */
  expiresIn: number;
  /** The long-lived refresh token; persist it. A credential: never log it. */
  authorizerRefreshToken: string;
  /** Granted permission sets. */
  funcInfo?: FuncInfo[];
}
/**
 * One granted permission set (spec §1.6 `funcInfo[]`). Unmodelled fields such as `confirm_info` are
 * kept.
 */
export interface FuncInfo extends Result {
  /** The permission set (required). */
  funcscopeCategory: FuncscopeCategory;
}
/** `funcscopeCategory` of a granted permission set. */
export interface FuncscopeCategory extends Result {
  /** The permission-set id (required). */
  id: number;
  /** Its type, where newer responses carry one. */
  type?: number;
  /** Its name, where newer responses carry one. */
  name?: string;
  /** Its description, where newer responses carry one. */
  desc?: string;
}
/** The payload of `authorizerToken` (spec §1.7). All three fields are required. */
export interface AuthorizerTokenGrant extends WithRaw {
  /** The new authorizer access token. A credential: never log it. */
  authorizerAccessToken: string;
  /** Lifetime in seconds (7200). */
  expiresIn: number;
  /** The refresh token to use next time; persist it. A credential: never log it. */
  authorizerRefreshToken: string;
}
/** The payload of `getAuthorizerInfo` (spec §1.8). */
export interface AuthorizerInfoResult extends WithRaw {
  /** The account's profile (required). */
  authorizerInfo: AuthorizerInfo;
  /** The authorization (refresh token and permission sets), when present. */
  authorizationInfo?: AuthorizerAuthorization;
}
/**
 * `authorizerInfo` (spec §1.8). Every field is `undefined` when absent (the fields present depend
 * on the account type); unmodelled ones (`idc`, …) are kept.
 */
export interface AuthorizerInfo extends Result {
  /** Nickname. */
  nickName?: string;
  /** Avatar URL. */
  headImg?: string;
  /** Account type (`id`). */
  serviceTypeInfo?: IdInfo;
  /** Verification type (`id`). */
  verifyTypeInfo?: IdInfo;
  /** Original id (`gh_…`). */
  userName?: string;
  /** Subject name. */
  principalName?: string;
  /** WeChat alias. */
  alias?: string;
  /** QR code URL. */
  qrcodeUrl?: string;
  /** Signature / description. */
  signature?: string;
  /** Feature switches (0/1). */
  businessInfo?: BusinessInfo;
  /** 1 normal, 14 cancelled, 16 banned, 18 warned, 19 frozen. */
  accountStatus?: number;
  /**
   * How the account was registered (0 normal, 2 reuse-OA, 6 enterprise API, 13 beta API, 16
   * personal API, 19 beta→formal, …).
   */
  registerType?: number;
  /** Whether phone and email are configured. */
  basicConfig?: BasicConfig;
  /** Present only for mini programs. */
  MiniProgramInfo?: MiniProgramInfo;
}
/** An `{id}` object (`serviceTypeInfo`, `verifyTypeInfo`). */
export interface IdInfo extends Result {
  /** The id (required). */
  id: number;
}
/** `businessInfo` switches (0/1), each `undefined` when absent. */
export interface BusinessInfo extends Result {
  /** Stores. */
  openStore?: number;
  /** Scan. */
  openScan?: number;
  /** Payment. */
  openPay?: number;
  /** Cards. */
  openCard?: number;
  /** Shake. */
  openShake?: number;
}
/** `basicConfig`, each `undefined` when absent. */
export interface BasicConfig extends Result {
  /** Whether a phone number is configured. */
  isPhoneConfigured?: boolean;
  /** Whether an email is configured. */
  isEmailConfigured?: boolean;
}
/** `MiniProgramInfo` (spec §1.8), mini programs only. */
export interface MiniProgramInfo extends Result {
  /** Configured server domains. */
  network?: Network;
  /** Categories (names). */
  categories?: MiniProgramCategory[];
  /** Visit status. */
  visitStatus?: number;
}
/**
 * `MiniProgramInfo.network`: domain lists, wire names kept, each `undefined` when absent. Newer
 * lists (`TCPDomain`, `PrefetchDNSDomain`, `NewRequestDomain`, …) are kept.
 */
export interface Network extends Result {
  /** `RequestDomain`. */
  RequestDomain?: string[];
  /** `WsRequestDomain`. */
  WsRequestDomain?: string[];
  /** `UploadDomain`. */
  UploadDomain?: string[];
  /** `DownloadDomain`. */
  DownloadDomain?: string[];
  /** `BizDomain`. */
  BizDomain?: string[];
  /** `UDPDomain`. */
  UDPDomain?: string[];
}
/** A mini-program category (`first`/`second` names, `undefined` when absent). */
export interface MiniProgramCategory extends Result {
  /** First-level category. */
  first?: string;
  /** Second-level category. */
  second?: string;
}
/**
 * `authorizationInfo` of `getAuthorizerInfo` (spec §1.8). Every field is `undefined` when absent
 * (old responses name the appid `appid`, kept).
 */
export interface AuthorizerAuthorization extends Result {
  /** The authorizer account's appid. */
  authorizerAppid?: string;
  /** The refresh token, when present. A credential: never log it. */
  authorizerRefreshToken?: string;
  /** Granted permission sets. */
  funcInfo?: FuncInfo[];
}
/** The payload of `openCreate` and `openGet`. */
export interface OpenAccount extends WithRaw {
  /** The open account's appid (required). */
  openAppid: string;
}
/** The payload of `openHave`. */
export interface HaveOpen extends WithRaw {
  /** Whether the account already has an open account (required). */
  haveOpen: boolean;
}
/** The payload of `registerEnterprise`, `registerPersonal` and `queryPersonal`. */
export interface RegistrationTask extends WithRaw {
  /** The task id; correlates the result push (required). */
  taskid: string;
  /** The page the person must open within 24 h (`undefined` if absent). */
  authorizeUrl?: string;
  /**
   * The task's state (`undefined` if absent), serialized as the wire integer. Its meaning:
   * `describeStatus("task", code)`.
   */
  status?: Status;
}
/** The payload of `registerByReuseOa` (spec §3.2). The appid and the code are required. */
export interface ReuseOaRegistration extends WithRaw {
  /** The new mini program's appid. */
  appid: string;
  /** Exchange it with `queryAuth` immediately. A credential: never log it. */
  authorizationCode: string;
  /**
   * Whether reusing the OA's verification succeeded (`true` or `"true"` on the wire; `undefined`
   * when absent).
   */
  isWxVerifySucc?: boolean;
  /** Whether the mini program was linked to the OA (`undefined` when absent). */
  isLinkSucc?: boolean;
}
/** The payload of `registerBeta` (spec §3.4). */
export interface BetaRegistration extends WithRaw {
  /** Correlates the user with the appid the push delivers later (required). */
  uniqueId: string;
  /** The page to deliver to the user (valid 24 h; `undefined` if absent). */
  authorizeUrl?: string;
}
/**
 * The payload of `linkGet` (spec §4.1), wire shape kept: `wxopens.items[]`. Absent wrappers are
 * `undefined`.
 */
export interface LinkedMiniPrograms extends WithRaw {
  /** The list wrapper. */
  wxopens?: WxOpens;
}
/** `wxopens` of `linkGet`. */
export interface WxOpens extends Result {
  /** One entry per linked or invited mini program. */
  items?: LinkedMiniProgram[];
}
/** One mini program of `linkGet` (spec §4.1). Every field is `undefined` when absent. */
export interface LinkedMiniProgram extends Result {
  /**
   * Link state: 1 linked, 2 waiting for the mini-program admin, 3 rejected, 12 waiting for the OA
   * admin; unknown codes are kept. Serialized as the wire integer. Its meaning:
   * `describeStatus("link", code)`.
   */
  status?: Status;
  /** The mini program's appid. */
  appid?: string;
  /** Its original id (`gh_…`). */
  username?: string;
  /** Its nickname. */
  nickname?: string;
  /** Its avatar URL. */
  headimgUrl?: string;
  /** How it was linked, e.g. `SOURCE_NORMAL`. */
  source?: string;
  /** Shown on the OA profile (1/0). */
  selected?: number;
  /** Shown in "nearby" (1/0). */
  nearbyDisplayStatus?: number;
  /** Published (1/0). */
  released?: number;
  /** Capabilities (id 1 微信认证, id 2 微信支付). */
  funcInfos?: LinkFuncInfo[];
  /** Only on some items. */
  copyVerifyStatus?: number;
  /** Only on some items. */
  email?: string;
}
/** One capability of a linked mini program. */
export interface LinkFuncInfo extends Result {
  /** 1 微信认证, 2 微信支付 (required). */
  id: number;
  /** 0 off, 1 on. */
  status?: number;
  /** Its name. */
  name?: string;
}
/** The payload of `getApiQuota` and `getAuthorizerApiQuota` (spec §15.2). */
export interface ApiQuota extends WithRaw {
  /** The daily quota. */
  quota: Quota;
  /** The window limit of the account's own calls, where the response carries one. */
  rateLimit?: RateLimit;
  /** The window limit of calls made on the account's behalf, where the response carries one. */
  componentRateLimit?: RateLimit;
}
/** `quota` of `ApiQuota`: counts for the current day (may be off by ~1 %). */
export interface Quota extends Result {
  /** Calls allowed per day. */
  dailyLimit: number;
  /** Calls made today. */
  used: number;
  /** Calls left today. */
  remain: number;
}
/** A window limit: `callCount` calls per `refreshSecond` seconds. */
export interface RateLimit extends Result {
  /** Calls allowed per window. */
  callCount: number;
  /** The window, in seconds. */
  refreshSecond: number;
}
// </generated:types>

// ---------- client ----------

export interface ClientOptions {
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Where API calls go; point it at a sandbox for tests. Default `https://api.weixin.qq.com`.
   * Checked by the core at construction (InvalidArgument `apiBase`). */
  apiBase?: string | URL;
  /** Host of the mp.weixin.qq.com page URLs. */
  mpBase?: string | URL;
  /** Host of the open.weixin.qq.com page URLs. */
  openBase?: string | URL;
}

/** A request as built by the core. */
export interface BuiltRequest {
  method: "GET" | "POST";
  url: string;
  headers: [string, string][];
  body: string;
}

export declare const DEFAULT_API_BASE: string;
export declare const DEFAULT_MP_BASE: string;
export declare const DEFAULT_OPEN_BASE: string;

export declare class Client {
  constructor(options?: ClientOptions);
  /** Builds the request of an operation without sending it. */
  buildRequest(op: string, token: ComponentToken | AuthorizerToken | null, args?: Record<string, unknown>): BuiltRequest;

  // <generated:ops Client>
  // Generated by scripts/gen_stubs.py from schema/operations.json; do not edit.
  /**
   * `POST /cgi-bin/component/api_start_push_ticket` (spec §1.2, no token): ask WeChat to push a
   * fresh `componentVerifyTicket` now.
   *
   * Spec §1.2, operation `component.start_push_ticket`: `POST
   * /cgi-bin/component/api_start_push_ticket`, no token.
   */
  startPushTicket(args: StartPushTicketArgs): Promise<void>;
  /**
   * `POST /cgi-bin/component/api_component_token` (spec §1.3, no token): get the component access
   * token (valid `expiresIn` = 7200 s).
   *
   * Spec §1.3, operation `component.api_component_token`: `POST
   * /cgi-bin/component/api_component_token`, no token.
   */
  componentToken(args: ComponentTokenArgs): Promise<ComponentTokenGrant>;
  /**
   * `POST /cgi-bin/component/api_create_preauthcode` (spec §1.4): a single-use pre-auth code for
   * the authorization pages (§1.5).
   *
   * Spec §1.4, operation `component.preauthcode`: `POST /cgi-bin/component/api_create_preauthcode`,
   * the component token.
   */
  createPreauthcode(token: ComponentToken, args: CreatePreauthcodeArgs): Promise<PreAuthCode>;
  /**
   * PC authorization page (spec §1.5): `{mp}/cgi-bin/componentloginpage?…`; the merchant's admin
   * scans a QR code.
   *
   * Spec §1.5, operation `page.component_login`: the page `/cgi-bin/componentloginpage` (a URL for
   * the browser, built and checked, never sent).
   */
  componentLoginUrl(args: ComponentLoginUrlArgs): string;
  /**
   * Mobile authorization page (spec §1.5), opened inside WeChat:
   * `{open}/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect` (the
   * current form; the legacy `mp.weixin.qq.com/safe/bindcomponent` is not produced).
   *
   * Spec §1.5, operation `page.bind_component`: the page `/wxaopen/safe/bindcomponent` (a URL for
   * the browser, built and checked, never sent).
   */
  bindComponentUrl(args: BindComponentUrlArgs): string;
  /**
   * `POST /cgi-bin/component/api_query_auth` (spec §1.6): exchange an authorization code
   * (`auth_code` of the redirect, `AuthorizationCode` of the push, or `authorizationCode` of §3.2)
   * for the authorizer's tokens and granted permission sets.
   *
   * Spec §1.6, operation `component.query_auth`: `POST /cgi-bin/component/api_query_auth`, the
   * component token.
   */
  queryAuth(token: ComponentToken, args: QueryAuthArgs): Promise<QueryAuthResult>;
  /**
   * `POST /cgi-bin/component/api_authorizer_token` (spec §1.7): refresh an authorizer access token.
   * Persist the refresh token the response returns.
   *
   * Spec §1.7, operation `component.authorizer_token`: `POST
   * /cgi-bin/component/api_authorizer_token`, the component token.
   */
  authorizerToken(token: ComponentToken, args: AuthorizerTokenArgs): Promise<AuthorizerTokenGrant>;
  /**
   * `POST /cgi-bin/component/api_get_authorizer_info` (spec §1.8): an authorizer's profile and
   * granted permission sets.
   *
   * Spec §1.8, operation `component.authorizer_info`: `POST
   * /cgi-bin/component/api_get_authorizer_info`, the component token.
   */
  getAuthorizerInfo(token: ComponentToken, args: GetAuthorizerInfoArgs): Promise<AuthorizerInfoResult>;
  /**
   * `POST /cgi-bin/open/create`: create an open account and bind the token's account to it.
   *
   * Spec §2, operation `open.create`: `POST /cgi-bin/open/create`, an authorizer token.
   */
  openCreate(token: AuthorizerToken, args?: OpenCreateArgs): Promise<OpenAccount>;
  /**
   * `POST /cgi-bin/open/bind`: bind the token's account to an existing open account.
   *
   * Spec §2, operation `open.bind`: `POST /cgi-bin/open/bind`, an authorizer token.
   */
  openBind(token: AuthorizerToken, args: OpenBindArgs): Promise<void>;
  /**
   * `POST /cgi-bin/open/unbind`: unbind the token's account from an open account.
   *
   * Spec §2, operation `open.unbind`: `POST /cgi-bin/open/unbind`, an authorizer token.
   */
  openUnbind(token: AuthorizerToken, args: OpenUnbindArgs): Promise<void>;
  /**
   * `POST /cgi-bin/open/get`: the open account the token's account is bound to.
   *
   * Spec §2, operation `open.get`: `POST /cgi-bin/open/get`, an authorizer token.
   */
  openGet(token: AuthorizerToken, args?: OpenGetArgs): Promise<OpenAccount>;
  /**
   * `POST /cgi-bin/open/have`: whether the token's account already has an open account.
   *
   * Spec §2, operation `open.have`: `POST /cgi-bin/open/have`, an authorizer token.
   */
  openHave(token: AuthorizerToken, args?: OpenHaveArgs): Promise<HaveOpen>;
  /**
   * `POST /wxa/component/fastregisterenterpriseweapp` (spec §3.0, the 2026 revision and the default
   * enterprise flow): start an enterprise registration. The response's `authorizeUrl` must be shown
   * to the legal person (no template message any more); the result arrives by the
   * `notify_third_fasteregister` push, correlated by `taskid`. `new_version: true` is always sent.
   *
   * Spec §3.0, operation `register.enterprise`: `POST /wxa/component/fastregisterenterpriseweapp`,
   * the component token.
   */
  registerEnterprise(token: ComponentToken, args: RegisterEnterpriseArgs): Promise<RegistrationTask>;
  /**
   * Deprecated (offline from 2026-04-30; use `registerEnterprise`). `POST
   * /cgi-bin/component/fastregisterweapp?action=create` (spec §3.1): start a legacy enterprise
   * registration; the legal person gets a template message to verify within 24 h.
   *
   * Spec §3.1, operation `register.enterprise_legacy`: `POST /cgi-bin/component/fastregisterweapp`,
   * the component token.
   * @deprecated offline from 2026-04-30; use `registerEnterprise`.
   */
  registerEnterpriseLegacy(token: ComponentToken, args: RegisterEnterpriseLegacyArgs): Promise<void>;
  /**
   * Deprecated (offline from 2026-04-30; use `registerEnterprise` and its push). `POST
   * /cgi-bin/component/fastregisterweapp?action=search` (spec §3.1): the state of a legacy
   * enterprise task, expressed through the errcode (89250 not found, 89251 waiting for the legal
   * person's face check, 89252 consistency check running).
   *
   * Spec §3.1, operation `register.enterprise_legacy_search`: `POST
   * /cgi-bin/component/fastregisterweapp`, the component token.
   * @deprecated offline from 2026-04-30; use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(token: ComponentToken, args: SearchEnterpriseLegacyArgs): Promise<void>;
  /**
   * `fastregisterAuthUrl` (spec §3.2 step 1): the official account's admin confirms reusing the
   * OA's subject to register a mini program; the browser then goes to `redirectUri` with `ticket=…`
   * for `registerByReuseOa`.
   *
   * Spec §3.2, operation `page.fastregister_auth`: the page `/cgi-bin/fastregisterauth` (a URL for
   * the browser, built and checked, never sent).
   */
  fastregisterAuthUrl(args: FastregisterAuthUrlArgs): string;
  /**
   * `POST /cgi-bin/account/fastregister` (spec §3.2 step 2, AAT of the official account): register
   * a mini program reusing the OA's subject, with the `ticket` the `fastregisterAuthUrl` redirect
   * carried. Exchange the returned `authorizationCode` with `queryAuth` at once. A retry while the
   * first call runs answers 61058 even though the app may exist: wait more than 5 s before
   * retrying.
   *
   * Spec §3.2, operation `register.reuse_oa`: `POST /cgi-bin/account/fastregister`, an authorizer
   * token.
   */
  registerByReuseOa(token: AuthorizerToken, args: RegisterByReuseOaArgs): Promise<ReuseOaRegistration>;
  /**
   * `POST /wxa/component/fastregisterpersonalweapp?action=create` (spec §3.3): start a personal
   * registration; the user opens `authorizeUrl` within 24 h for ID, face and phone checks.
   *
   * Spec §3.3, operation `register.personal`: `POST /wxa/component/fastregisterpersonalweapp`, the
   * component token.
   */
  registerPersonal(token: ComponentToken, args: RegisterPersonalArgs): Promise<RegistrationTask>;
  /**
   * `POST /wxa/component/fastregisterpersonalweapp?action=query` (spec §3.3): a personal
   * registration task's state.
   *
   * Spec §3.3, operation `register.personal_query`: `POST
   * /wxa/component/fastregisterpersonalweapp`, the component token.
   */
  queryPersonal(token: ComponentToken, args: QueryPersonalArgs): Promise<RegistrationTask>;
  /**
   * `POST /wxa/component/fastregisterbetaweapp` (spec §3.4): create a trial (beta) mini program
   * whose admin will be the user behind `openid`. Deliver `authorizeUrl` to them (valid 24 h); the
   * result arrives by the `notify_third_fastregisterbetaapp` push, correlated by `uniqueId`.
   *
   * Spec §3.4, operation `register.beta`: `POST /wxa/component/fastregisterbetaweapp`, the
   * component token.
   */
  registerBeta(token: ComponentToken, args: RegisterBetaArgs): Promise<BetaRegistration>;
  /**
   * `POST /wxa/verifybetaweapp` (spec §3.5, AAT of the beta app; permission set 81): turn a trial
   * mini program into a formal one. Rate limit 5/min, 100/day. The result arrives by the
   * `notify_third_fastverifybetaapp` push (status: `describeStatus("enterprise", status)`).
   *
   * Spec §3.5, operation `register.beta_verify`: `POST /wxa/verifybetaweapp`, an authorizer token.
   */
  verifyBeta(token: AuthorizerToken, args: VerifyBetaArgs): Promise<void>;
  /**
   * `POST /wxa/setbetaweappnickname` (spec §3.6, AAT of the beta app): rename a trial mini program
   * before it becomes formal.
   *
   * Spec §3.6, operation `register.beta_rename`: `POST /wxa/setbetaweappnickname`, an authorizer
   * token.
   */
  renameBeta(token: AuthorizerToken, args: RenameBetaArgs): Promise<void>;
  /**
   * `POST /cgi-bin/wxopen/wxamplinkget` (spec §4.1): the mini programs linked to (or invited by)
   * the official account. Sends `{}` (a bodiless POST may get 44002).
   *
   * Spec §4.1, operation `link.get`: `POST /cgi-bin/wxopen/wxamplinkget`, an authorizer token.
   */
  linkGet(token: AuthorizerToken, args?: Record<string, never>): Promise<LinkedMiniPrograms>;
  /**
   * `POST /cgi-bin/wxopen/wxamplink` (spec §4.2): invite a mini program to link to the official
   * account.
   *
   * Spec §4.2, operation `link.link`: `POST /cgi-bin/wxopen/wxamplink`, an authorizer token.
   */
  link(token: AuthorizerToken, args: LinkArgs): Promise<void>;
  /**
   * `POST /cgi-bin/wxopen/wxampunlink` (spec §4.3): unlink a mini program.
   *
   * Spec §4.3, operation `link.unlink`: `POST /cgi-bin/wxopen/wxampunlink`, an authorizer token.
   */
  unlink(token: AuthorizerToken, args: UnlinkArgs): Promise<void>;
  /**
   * `rebindAdminUrl` (spec §5 step 1): the mini program's old and new admins confirm an admin
   * change; the browser then goes to `redirect_uri?taskid=…` for `rebindAdmin`.
   *
   * Spec §5, operation `page.rebind_admin`: the page `/wxopen/componentrebindadmin` (a URL for the
   * browser, built and checked, never sent).
   */
  rebindAdminUrl(args: RebindAdminUrlArgs): string;
  /**
   * `POST /cgi-bin/account/componentrebindadmin` (spec §5, AAT of the **mini program**): complete
   * an admin change with the `taskid` from the page's redirect.
   *
   * Spec §5, operation `admin.rebind`: `POST /cgi-bin/account/componentrebindadmin`, an authorizer
   * token.
   */
  rebindAdmin(token: AuthorizerToken, args: RebindAdminArgs): Promise<void>;
  /**
   * `POST /cgi-bin/message/custom/send` (spec §13.5, authorizer token of the account): send a
   * customer-service message to a user who wrote to the account recently.
   *
   * The input is WeChat's body: `touser`, `msgtype`, and the message under the key `msgtype` names
   * (`{"msgtype": "text", "text": {"content": "…"}}`, `image` {`media_id`}, …), plus
   * `customservice` {`kf_account`} to send as a given agent. Exactly the object `msgtype` names is
   * sent; a text needs a non-blank `content`; the other objects are sent as given.
   *
   * Spec §13.5, operation `message.custom_send`: `POST /cgi-bin/message/custom/send`, an authorizer
   * token.
   */
  sendCustomMessage(token: AuthorizerToken, args: SendCustomMessageArgs): Promise<void>;
  /**
   * `POST /cgi-bin/openapi/quota/get` with the component token (spec §15.2): the daily quota of one
   * of the platform's own APIs, e.g. `/cgi-bin/component/api_component_token`.
   *
   * Spec §15.2, operation `quota.get`: `POST /cgi-bin/openapi/quota/get`, the component token.
   */
  getApiQuota(token: ComponentToken, args: GetApiQuotaArgs): Promise<ApiQuota>;
  /**
   * `POST /cgi-bin/openapi/quota/get` with an authorizer token (spec §15.2): the daily quota of one
   * of the authorizer's APIs (calls made with its token count against its own quota).
   *
   * Spec §15.2, operation `quota.get_authorizer`: `POST /cgi-bin/openapi/quota/get`, an authorizer
   * token.
   */
  getAuthorizerApiQuota(token: AuthorizerToken, args: GetAuthorizerApiQuotaArgs): Promise<ApiQuota>;
  /**
   * `POST /cgi-bin/clear_quota` with the component token (spec §15.3): reset the platform's own
   * daily API counters. Uses one of the 10 monthly resets.
   *
   * Spec §15.3, operation `quota.clear`: `POST /cgi-bin/clear_quota`, the component token.
   */
  clearQuota(token: ComponentToken, args: ClearQuotaArgs): Promise<void>;
  /**
   * `POST /cgi-bin/clear_quota` with an authorizer token (spec §15.3): reset that authorizer's
   * daily API counters. Uses one of its 10 monthly resets.
   *
   * Spec §15.3, operation `quota.clear_authorizer`: `POST /cgi-bin/clear_quota`, an authorizer
   * token.
   */
  clearAuthorizerQuota(token: AuthorizerToken, args?: ClearAuthorizerQuotaArgs): Promise<void>;
  /**
   * `POST /cgi-bin/component/clear_quota/v2` (spec §15.4, no token): reset daily counters with the
   * platform AppSecret — the platform's own (including `api_component_token`) when `appid` is
   * omitted, or an authorizer's when given. Shares the 10 monthly resets with v1.
   *
   * Spec §15.4, operation `quota.clear_v2`: `POST /cgi-bin/component/clear_quota/v2`, no token.
   */
  clearQuotaV2(args: ClearQuotaV2Args): Promise<void>;
  // </generated:ops Client>
}

export interface OperationInfo {
  name: string;
  section: string;
  /** An API call, or a page URL for the browser. */
  kind: "api" | "page";
  token: "none" | "component" | "authorizer";
  path: string;
  rust: string;
  python: string;
  js: string;
  deprecated: boolean;
  /** `read`/`token`: retried after transient failures by the platform driver; `write`: never re-sent. */
  safety: "read" | "token" | "write";
  /** A token call the platform driver makes itself (mint, refresh, code exchange): not a
   * Platform method. */
  managed: boolean;
}
/** Every operation the core knows. */
export declare function operations(): OperationInfo[];

export interface ErrcodeExplanation {
  known: boolean;
  errcode: number;
  meaning: string;
  meaningZh: string;
  category: ErrcodeCategory;
  retryable: boolean;
  hint: string;
}
/** `validate`: the core accepts the input; the request it would send, credentials as `***`. */
export interface ValidationOk {
  readonly ok: true;
  /** `GET` for a page URL, `POST` for an API call. */
  readonly method: "GET" | "POST";
  /** The URL, the token (and a page's `preAuthCode`) shown as `***`. */
  readonly url: string;
  /** The JSON body exactly as it would be sent, every secret field's value `"***"`; empty for a page URL. */
  readonly body: string;
}
/** `validate`: the core refuses the input. */
export interface ValidationFailure {
  readonly ok: false;
  readonly error: InvalidArgument;
  /** The field at fault, camelCase (`verifyInfo.codeType` for a nested one). */
  readonly field: string;
  /** The same field by WeChat's name. */
  readonly wireField: string;
  /** What is wrong with it (English). */
  readonly rule: string;
  /** `invalid argument \`field\`: rule`. */
  readonly message: string;
}
export type Validation = ValidationOk | ValidationFailure;
/** Checks `args` for operation `op` (e.g. `"register.enterprise"`) against every rule the core
 * applies before sending, without a token and without sending; the same rules as a `Client`
 * call. An unknown operation, or `args` that is not an object, throws. Rules comparing the input
 * with the token (an authorizer operation's `appid`) need the token and are not checked. */
export declare function validate(op: string, args?: Record<string, unknown>): Validation;

/** `url` with token values replaced by `***`, for logs. */
export declare function redactUrl(url: string | URL): string;

/** What an errcode means (for `operation`, when it gives the code its own meaning). A whole
 * number (or its decimal text); anything else throws, nothing is wrapped. */
export declare function explainErrcode(errcode: number | string, operation?: string): ErrcodeExplanation;

// ---------- push events (spec §6, §7, §14) ----------

interface EventHeader extends Result {
  /** The platform the push is for: the one it was verified against (a push whose `AppId` names
   * another platform is refused with AppidConflictError). */
  componentAppid: string;
  /** `CreateTime`, unix seconds (`undefined` if the push has none). */
  createTime?: number;
  /** `InfoType`, verbatim. */
  infoType: string;
}
/** `component_verify_ticket`: store `ticket`; the latest one gets component tokens. */
export interface ComponentVerifyTicketEvent extends EventHeader {
  type: "component_verify_ticket";
  ticket: string;
}
/** `authorized` / `updateauthorized`: exchange `authorizationCode` with `queryAuth`. */
export interface AuthorizationEvent extends EventHeader {
  type: "authorized" | "update_authorized";
  authorizerAppid: string;
  authorizationCode: string;
  authorizationCodeExpiredTime: number;
  preAuthCode?: string;
}
/** `unauthorized`: drop the account's tokens. */
export interface UnauthorizedEvent extends EventHeader {
  type: "unauthorized";
  authorizerAppid: string;
}
/** `info` of a fast-registration result, tagged by `form`. */
/** The elements of a push by WeChat's names: text (numbers too, as text), nested elements, or a
 * list when a name repeats. */
export interface PushFields {
  readonly [element: string]: string | PushFields | (string | PushFields)[];
}
export type FastRegisterInfo =
  | { form: "enterprise"; name?: string; code?: string; codeType?: number; legalPersonaWechat?: string; legalPersonaName?: string; componentPhone?: string }
  | { form: "personal"; wxuser?: string; idname?: string; componentPhone?: string }
  | { form: "task"; taskid: string; name?: string; code?: string; codeType?: number; legalPersonaOpenid?: string; legalPersonaWechat?: string; legalPersonaName?: string; wxuser?: string; idname?: string; componentPhone?: string }
  | { form: "other"; fields: PushFields };
/** `notify_third_fasteregister`: status 0 = success, with `appid` and `authCode`. */
export interface FastRegisterEvent extends EventHeader {
  type: "fast_register";
  appid?: string;
  authCode?: string;
  /** 0 success; `describeStatus("enterprise", status)` for the rest. */
  status: Status;
  msg?: string;
  info?: FastRegisterInfo;
}
/** `notify_third_fastregisterbetaapp`. */
export interface FastRegisterBetaEvent extends EventHeader {
  type: "fast_register_beta";
  appid?: string;
  status: Status;
  msg?: string;
  info?: { uniqueId?: string; name?: string };
}
/** `notify_third_fastverifybetaapp`. */
export interface FastVerifyBetaEvent extends EventHeader {
  type: "fast_verify_beta";
  appid?: string;
  status: Status;
  msg?: string;
  info?: { name?: string; code?: string; codeType?: number; legalPersonaWechat?: string; legalPersonaName?: string; componentPhone?: string };
}
/** `notify_3rd_wxa_auth` (spec §14.1): mini-program certification progress. */
export interface WxaAuthEvent extends EventHeader {
  type: "wxa_auth";
  appid?: string;
  taskid?: string;
  /** `describeStatus("wxa_auth_task", …)`: 12 audit order created, 14 failed, 15 awaiting payment. */
  taskStatus?: Status;
  /** `describeStatus("wxa_auth_apply", …)`: 2 under review, 4 passed, 5 failed. */
  applyStatus?: Status;
  message?: string;
  dispatchInfo?: { provider?: string; contact?: string; dispatchTime?: number };
}
/** `notify_3rd_wxa_wxverify` (spec §14.2): certification annual review / expiry. */
export interface WxaVerifyReminderEvent extends EventHeader {
  type: "wxa_verify_reminder";
  appid?: string;
  /** Unix seconds. */
  expired?: number;
  message?: string;
}
/** `notify_icpfiling_verify_result` (spec §14.3). */
export interface IcpVerifyResultEvent extends EventHeader {
  type: "icp_verify_result";
  taskId?: string;
  verifyAppid?: string;
  /** 2 failed, 3 succeeded (`describeStatus("icp_verify", …)`). */
  result?: Status;
  alongWithAuthResult?: number;
}
/** `notify_apply_icpfiling_result` (spec §14.4). */
export interface IcpFilingResultEvent extends EventHeader {
  type: "icp_filing_result";
  authorizerAppid?: string;
  /** 6 filed, 1024+ not filed (`describeStatus("icp_filing", …)`). */
  beianStatus?: Status;
}
/** `notify_3rd_wxa_auth_and_icp` (spec §14.5). */
export interface WxaAuthAndIcpEvent extends EventHeader {
  type: "wxa_auth_and_icp";
  procedureId?: string;
  /** `describeStatus("auth_and_icp", …)`. */
  procedureStatus?: Status;
}
/** `order_path_apply_result_notify` (spec §14.6). */
export interface OrderPathApplyResultEvent extends EventHeader {
  type: "order_path_apply_result";
  /** `retCode`: 0 submitted, 1 duplicate, −1 busy, −2 invalid appid. */
  list: { appid?: string; auditId?: number; retCode?: Status }[];
}
/** `order_path_audit_result_notify` (spec §14.6). */
export interface OrderPathAuditResultEvent extends EventHeader {
  type: "order_path_audit_result";
  /** `status`: 2 reviewing, 3 failed, 4 passed. */
  list: { appid?: string; auditId?: number; status?: Status; applyTime?: number; auditTime?: number; reason?: string }[];
}
/** Any other `InfoType`: every element kept by WeChat's name, nesting kept
 * (`event.fields.info.taskid`). */
export interface OtherEvent extends EventHeader {
  type: "other";
  fields: PushFields;
}
export type WebhookEvent =
  | ComponentVerifyTicketEvent
  | AuthorizationEvent
  | UnauthorizedEvent
  | FastRegisterEvent
  | FastRegisterBetaEvent
  | FastVerifyBetaEvent
  | WxaAuthEvent
  | WxaVerifyReminderEvent
  | IcpVerifyResultEvent
  | IcpFilingResultEvent
  | WxaAuthAndIcpEvent
  | OrderPathApplyResultEvent
  | OrderPathAuditResultEvent
  | OtherEvent;

// ---------- the message URL (spec §13) ----------

/** The header of every message-URL push. Absent elements are left out (`undefined`). */
interface MessageHeader extends Result {
  /** The account, as the request path named it (not covered by the signature). */
  authorizerAppid: string;
  /** The platform the push was verified for. */
  componentAppid: string;
  /** The account's original id (`gh_…`): inside the signed ciphertext. */
  toUserName?: string;
  /** The sender: a user's openid (a system id for management events). */
  fromUserName?: string;
  createTime?: number;
  msgType?: string;
  /** `Event`, as sent (`subscribe`, `SCAN`, …). */
  event?: string;
  /** `MsgId`: a 64-bit id as a decimal string (exact; a JS number would round it). */
  msgId?: string;
  msgDataId?: string;
  idx?: string;
  /** The key WeChat's retries share: `{appid}:msg:{MsgId}` or
   * `{appid}:event:{FromUserName}:{CreateTime}:{Event}`. */
  dedupKey: string;
}
export interface TextMessage extends MessageHeader { type: "text"; content?: string }
export interface ImageMessage extends MessageHeader { type: "image"; picUrl?: string; mediaId?: string }
export interface VoiceMessage extends MessageHeader { type: "voice"; mediaId?: string; format?: string; recognition?: string }
export interface VideoMessage extends MessageHeader { type: "video" | "short_video"; mediaId?: string; thumbMediaId?: string }
export interface LocationMessage extends MessageHeader { type: "location"; locationX?: number; locationY?: number; scale?: number; label?: string }
export interface LinkMessage extends MessageHeader { type: "link"; title?: string; description?: string; url?: string }
export interface MiniProgramPageMessage extends MessageHeader { type: "mini_program_page"; title?: string; appId?: string; pagePath?: string; thumbUrl?: string; thumbMediaId?: string }
/** `subscribe` (`eventKey` `qrscene_…` through a QR code) and `SCAN`. `ticket` is hidden from
 * display forms. */
export interface ScanEventMessage extends MessageHeader { type: "subscribe" | "scan"; eventKey?: string; ticket?: string }
export interface UnsubscribeEventMessage extends MessageHeader { type: "unsubscribe" }
export interface LocationEventMessage extends MessageHeader { type: "location_event"; latitude?: number; longitude?: number; precision?: number }
export interface MenuEventMessage extends MessageHeader { type: "click" | "view"; eventKey?: string; menuId?: string }
export interface UserEnterTempsessionMessage extends MessageHeader { type: "user_enter_tempsession"; sessionFrom?: string }
export interface WeappAuditSuccessMessage extends MessageHeader { type: "weapp_audit_success"; succTime?: number }
/** `screenShot`: media ids joined by `|`. */
export interface WeappAuditFailMessage extends MessageHeader { type: "weapp_audit_fail"; failTime?: number; reason?: string; screenShot?: string }
export interface WeappAuditDelayMessage extends MessageHeader { type: "weapp_audit_delay"; delayTime?: number; reason?: string }
/** `ret`: 2 failed, 3 succeeded (`describeStatus("review", ret)`). */
export interface WxaNicknameAuditMessage extends MessageHeader { type: "wxa_nickname_audit"; ret?: Status; nickname?: string; reason?: string }
export interface WxaCategoryAuditMessage extends MessageHeader { type: "wxa_category_audit"; ret?: Status; first?: number; second?: number; reason?: string }
export interface WxaPrivacyApplyMessage extends MessageHeader {
  type: "wxa_privacy_apply";
  resultInfo?: { apiName?: string; auditId?: number; status?: number; applyTime?: number; auditTime?: number; reason?: string };
}
/** `appealStatus`: 1 processing, 2 passed, 3 rejected, 4 withdrawn; `materials` kept as sent. */
export interface WxaAppealRecordMessage extends MessageHeader {
  type: "wxa_appeal_record";
  appealRecordId?: number; appid?: string; appealTime?: number; appealCount?: number; appealFrom?: number;
  appealStatus?: Status; auditTime?: number; auditReason?: string; punishDescription?: string;
  materials?: string | PushFields | (string | PushFields)[];
}
/** A push with an `InfoType` at the message URL: `componentEvent` is the event. */
export interface ComponentEventMessage extends MessageHeader { type: "component_event"; componentEvent: WebhookEvent }
/** Anything else: every element by WeChat's name, nesting kept (`message.fields.MenuId`). */
export interface OtherMessage extends MessageHeader { type: "other"; fields: PushFields }
export type WebhookMessage =
  | TextMessage | ImageMessage | VoiceMessage | VideoMessage | LocationMessage | LinkMessage
  | MiniProgramPageMessage | ScanEventMessage | UnsubscribeEventMessage | LocationEventMessage
  | MenuEventMessage | UserEnterTempsessionMessage | WeappAuditSuccessMessage
  | WeappAuditFailMessage | WeappAuditDelayMessage | WxaNicknameAuditMessage
  | WxaCategoryAuditMessage | WxaPrivacyApplyMessage | WxaAppealRecordMessage
  | ComponentEventMessage | OtherMessage;

/** The full-network-release check's QUERY_AUTH_CODE calls, to run after answering. */
export declare class ReleaseFollowUp {
  readonly componentAppid: string;
  readonly authorizerAppid: string;
  readonly touser: string;
  /** The code to exchange (never shown). */
  readonly authorizationCode: string;
  /** `<code>_from_api`. */
  readonly content: string;
  /** `api_query_auth` with the component token, then `message/custom/send` with the token it
   * returns. With a Platform, its own tokens: the code goes through `platform.authorize` (the
   * test account's tokens are stored), the text through its authorizer. */
  run(client: Client, componentToken: ComponentToken): Promise<void>;
  run(platform: Platform): Promise<void>;
}
/** The answer to a message of the full-network-release check. */
export declare class ReleaseCheck {
  readonly action: "reply_text" | "query_auth_code";
  /** Answer the push with it now: an encrypted text reply, or `""`. */
  readonly body: string;
  readonly followUp: ReleaseFollowUp | null;
}
/** The plain-text answer that acknowledges a push without replying: `"success"`. */
export declare const SUCCESS: string;
/** The release check's test accounts: [appid, original id]. */
export declare const RELEASE_TEST_ACCOUNTS: readonly (readonly [string, string])[];
/** The plaintext XML of a passive text reply to `message` (sender and receiver swapped). */
export declare function textReply(message: WebhookMessage, content: string, options?: { createTime?: number }): string;

/** A push's query: the raw string, URLSearchParams, or a plain object of strings (a number
 * timestamp and arrays, as query parsers give them, are accepted). */
export type WebhookQuery = string | URLSearchParams | Record<string, string | number | string[] | undefined>;
/** The raw request body (with Express: `express.raw()`), never a parsed object. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * SHA-1 and AES-256-CBC supplied by the host (the core keeps every rule around them: which bytes
 * are signed, the signature comparison, Base64, padding, the receive id, the error codes). Gets
 * copies of its inputs. A throw becomes a `CryptoError` with the exception as `cause`.
 */
export interface CryptoProvider {
  /** SHA-1 of `data`: 20 bytes. */
  sha1(data: Uint8Array): Uint8Array;
  /** A cipher for a 32-byte key, made once per Webhook. */
  aes256Cbc(key: Uint8Array): Aes256CbcCipher;
}
/** AES-256-CBC with one key, without padding: outputs have the input's length. */
export interface Aes256CbcCipher {
  decrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  encrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
}
/**
 * Where a Webhook's SHA-1 and AES run: `"auto"` (default: `node:crypto` in Node >= 20.16, the
 * pure-Rust code in wasm elsewhere), `"node"`, `"pure"`, or a provider.
 */
export type WebhookCrypto = "auto" | "node" | "pure" | CryptoProvider;

export interface WebhookOptions {
  token: string;
  encodingAesKey: string;
  componentAppid: string;
  /** Freshness window for `timestamp` in whole seconds (default 300); only `null` turns it off.
   * NaN, negatives, fractions, Infinity and non-numbers are refused. */
  maxAge?: number | null;
  /** Largest body accepted, whole bytes up to 2^32 − 1 (default 65536). */
  maxBodyBytes?: number;
  /** Where SHA-1 and AES run (default `"auto"`). */
  crypto?: WebhookCrypto;
}

/** The core's defaults. */
export declare const DEFAULT_MAX_AGE: number;
export declare const DEFAULT_MAX_BODY_BYTES: number;
/** The query parameters a push's query is read for. */
export declare const QUERY_KEYS: readonly string[];

/** One platform's push endpoint. */
export declare class Webhook {
  constructor(options: WebhookOptions);
  readonly componentAppid: string;
  readonly maxAge: number | null;
  readonly maxBodyBytes: number;
  /** Where SHA-1 and AES run: `"node"` (node:crypto), `"pure"` (Rust in wasm) or `"custom"`. */
  readonly crypto: "node" | "pure" | "custom";
  /** Verifies, decrypts and parses a push. `now`: unix seconds (default: the clock). */
  parse(query: WebhookQuery, body: WebhookBody, options?: { now?: number }): WebhookEvent;
  /** Verifies, decrypts and parses a push of the message URL for `authorizerAppid` (the
   * request path's appid). */
  parseMessage(authorizerAppid: string, query: WebhookQuery, body: WebhookBody, options?: { now?: number }): WebhookMessage;
  /** The encrypted passive text reply to `message`; answer the push with it. */
  replyText(message: WebhookMessage, content: string, options: { nonce: string; timestamp?: number; random?: Uint8Array }): string;
  /** The full-network-release check's answer to `message`, or `null` when it is not one of its messages. */
  releaseCheck(message: WebhookMessage, options: { nonce: string; timestamp?: number; anyAccount?: boolean; random?: Uint8Array }): ReleaseCheck | null;
  /** Verifies and decrypts a push (either URL), returning the XML. */
  decrypt(query: WebhookQuery, body: WebhookBody, options?: { now?: number }): string;
  /** Answers WeChat's URL verification: the text to send back. */
  verifyUrl(query: WebhookQuery, options?: { now?: number }): string;
  /** Encrypts and signs a reply, returning the reply XML. */
  encryptReply(xml: string | Uint8Array, options: { nonce: string; timestamp?: number }): string;
  /** Encrypts and signs a message as WeChat does (tests, simulators). */
  encrypt(xml: string | Uint8Array, options: { timestamp: string | number; nonce: string; random?: Uint8Array }): { encrypt: string; msgSignature: string };
}

/** Several platforms behind one URL. */
export declare class WebhookRouter {
  constructor(...hooks: Webhook[]);
  parse(query: WebhookQuery, body: WebhookBody, options?: { now?: number }): WebhookEvent;
}

/** The SHA-1 signature of spec §6.6. */
export declare function signature(token: string, timestamp: string | number, nonce: string | number, encrypt?: string): string;

/** The platform driver's low-level pieces: the host loop the Platform runs and the native driver. */
export declare namespace driver {
  /** A call in progress (native). */
  interface NativeCall {
    start(nowMs: number): string;
    response(status: number, body: Uint8Array, nowMs: number): string;
    transportFailed(detail: string, nowMs: number): string;
    value(value: string | null | undefined, nowMs: number): string;
    flag(flag: boolean, nowMs: number): string;
    ack(nowMs: number): string;
    storeFailed(detail: string, nowMs: number): string;
  }
  /** One platform's native driver. */
  interface NativeDriver {
    readonly componentAppid: string;
    readonly readOnly: boolean;
    readonly keyBase: string;
    policy(): string;
    clearCache(): void;
    call(op: string, input: object, authorizerAppid?: string): NativeCall;
    componentAccessToken(): NativeCall;
    authorizerAccessToken(authorizerAppid: string): NativeCall;
    authorize(authCode: string): NativeCall;
    storeTicket(ticket: string, createTime: number): NativeCall;
    importAuthorizer(authorizerAppid: string, refreshToken: string): NativeCall;
    authorizerStatus(authorizerAppid: string): NativeCall;
    /** A page URL with the platform's `component_appid` filled in (input: wire names). */
    pageUrl(op: string, input: object): string;
    /** A registration create operation; Done: `{output, task}` (wire names). */
    register(op: string, input: object, authorizerAppid?: string): NativeCall;
    /** Done: the task, or null. */
    task(taskId: string): NativeCall;
    /** Done: the newest tasks, filtered. */
    tasks(kind?: TaskKind, state?: TaskState, limit?: number): NativeCall;
    /** Asks WeChat's query API where there is one; Done: the task. */
    reconcileTask(taskId: string): NativeCall;
    /** Waits (the core's polling policy); Done: the task, settled or as it stood at the timeout. */
    waitTask(taskId: string, timeoutMs: number): NativeCall;
  }
  /** The registration flow of a task. */
  type TaskKind = "enterprise" | "enterprise_legacy" | "personal" | "beta" | "beta_verify" | "reuse_oa";
  /** Where a task stands (`expired` includes an expiry derived from the 24 h window). */
  type TaskState = "created" | "waiting" | "succeeded" | "failed" | "expired";
  /** A registration task as the core hands it out (wire names, see docs/tasks.md). */
  interface Task {
    id: string;
    kind: TaskKind;
    state: TaskState;
    settled: boolean;
    status: number | null;
    /** The catalogue `status` is read in (`describeStatus(status_kind, status)`; `errcode`: the
     * legacy search's errcodes, `explainErrcode`). */
    status_kind: "task" | "enterprise" | "errcode" | null;
    source: "create" | "query" | "push" | "clock";
    msg: string | null;
    meaning: string;
    meaning_zh: string;
    waiting_for: "legal_person" | "user" | "admin" | "wechat" | null;
    next_step: string;
    next_step_zh: string;
    authorize_url: string | null;
    appid: string | null;
    authorized: boolean;
    authorization_errcode: number | null;
    can_query: boolean;
    attempt: number;
    created_at_ms: number;
    updated_at_ms: number;
    expires_at_ms: number | null;
    details: Record<string, string>;
  }
  interface DriverOptions {
    componentAppid: string;
    componentAppsecret: string;
    token: string;
    encodingAesKey: string;
    /** Random bits (default: from crypto.getRandomValues). */
    seed?: number;
    apiBase?: string;
    /** Page hosts (with `apiBase`). */
    mpBase?: string;
    openBase?: string;
    readOnly?: boolean;
    /** Policy overrides (see `defaultPolicy()`). */
    policy?: Record<string, number>;
    keyPrefix?: string;
    /** Negative: no freshness check (replaying recorded pushes). */
    webhookMaxAgeSecs?: number;
  }
  interface Host {
    fetch?: typeof fetch;
    store: Store;
    clock?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** The core's records as they are (snake_case keys). */
    onEvent?: (event: Record<string, unknown> & { kind: string }) => void;
    /** Abort each request after this many ms. */
    timeoutMs?: number;
  }
  function createDriver(options: DriverOptions): NativeDriver;
  function defaultPolicy(): Record<string, number>;
  function callOperation(driver: NativeDriver, op: string, args?: object, authorizerAppid?: string): NativeCall;
  function registerOperation(driver: NativeDriver, op: string, args?: object, authorizerAppid?: string): NativeCall;
  function listTasks(driver: NativeDriver, filter?: { kind?: TaskKind; state?: TaskState; limit?: number }): NativeCall;
  function handlePush(driver: NativeDriver, query: string | URLSearchParams | Record<string, string>, body: string | Uint8Array): NativeCall;
  function toEvent(value: unknown): WebhookEvent;
  /** Drives a call to its end: its Done value (wire names). */
  function run(call: NativeCall, host: Host): Promise<unknown>;
  /** The same loop: the Done value and the last response body as text. */
  function drive(call: NativeCall, host: Host): Promise<{ value: unknown; raw: string | undefined }>;
  /** 64 random bits (crypto.getRandomValues) as a whole number ≤ 2^53 − 1. */
  function randomSeed(): number;
}

// ---------- platform: managed tokens (docs/driver.md) ----------

/**
 * Where a Platform keeps tickets, tokens, refresh tokens, locks and auth-code claims — shared by
 * every process of the platform. Keys and values are strings, stored and returned byte for
 * byte; `now` is the platform's clock (unix ms), for stores that keep expiry themselves;
 * `ttlMs`/`leaseMs` are whole milliseconds, `null` meaning durable. Each method may return its
 * result or a promise of it; one that throws ends the call with a StoreError (`cause`: what it
 * threw; never put a secret in its message). docs/driver.md §3 gives the exact semantics.
 */
export interface Store {
  /** The live value, or `null` when absent or expired. */
  get(key: string, now: number): string | null | undefined | Promise<string | null | undefined>;
  /** Writes, replacing any value and its expiry; expires `ttlMs` after `now` (`null`: never). */
  put(key: string, value: string, ttlMs: number | null, now: number): void | Promise<void>;
  /** Atomically: iff the live value is exactly `expected` (`null`: absent or expired), writes
   * `next` (`null`: deletes) and returns true; else changes nothing and returns false. */
  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number | null, now: number): boolean | Promise<boolean>;
  /** Iff the key is absent or expired, sets it to `owner` expiring after `leaseMs`; returns whether it did. */
  lock(key: string, owner: string, leaseMs: number, now: number): boolean | Promise<boolean>;
  /** Deletes the key iff its live value is `owner`. */
  unlock(key: string, owner: string, now: number): void | Promise<void>;
}

/** A store in this process's memory (one process; nothing survives a restart). Synchronous. */
export declare class MemoryStore implements Store {
  constructor();
  get(key: string, now: number): string | null;
  put(key: string, value: string, ttlMs: number | null, now: number): void;
  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number | null, now: number): boolean;
  lock(key: string, owner: string, leaseMs: number, now: number): boolean;
  unlock(key: string, owner: string, now: number): void;
  /** The live keys, sorted (tests, inspection). */
  keys(now: number): string[];
}

/** What RedisStore needs of a client: node-redis's `sendCommand` (v4, v5, v6). */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A store in Redis, shared by every process and platform (keys carry the component appid).
 * Takes a connected client of the `redis` package (an optional peer dependency, never imported
 * by wxopen): `new RedisStore(await createClient({ url }).connect())`. Compare-and-set and
 * unlock are Lua scripts; locks are `SET NX PX`; expiry is Redis's own.
 */
export declare class RedisStore implements Store {
  constructor(client: RedisClientLike);
  readonly client: RedisClientLike;
  get(key: string, now?: number): Promise<string | null>;
  put(key: string, value: string, ttlMs: number | null, now?: number): Promise<void>;
  compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number | null, now?: number): Promise<boolean>;
  lock(key: string, owner: string, leaseMs: number, now?: number): Promise<boolean>;
  unlock(key: string, owner: string, now?: number): Promise<void>;
}

/** The driver's policy (docs/driver.md §5); every field overridable through `PlatformOptions.policy`. */
export interface Policy {
  /** A token is refreshed this long before it expires (600 000). */
  refreshMarginMs: number;
  /** Retries after transient failures of reads and token calls (3). */
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** 45011: wait for the next minute when it is at most this far (61 000). */
  rateLimitMaxWaitMs: number;
  /** The refresh lock's lease (20 000); requests time out below it. */
  lockLeaseMs: number;
  /** How long a call without a valid token waits for another refresher (25 000). */
  lockWaitMs: number;
  lockPollMs: number;
  /** How long the process-local cache trusts a token before re-reading the store (60 000). */
  cacheRecheckMs: number;
  /** Least time between two sends of the same reuse-OA registration (5 100). */
  reuseOaGapMs: number;
  /** Lifetime of an auth-code claim (3 600 000). */
  authCodeClaimTtlMs: number;
}

/** Which token an event is about. */
export type TokenKind = "component" | "authorizer";
/** Why something failed (no secrets): WeChat's errcode, the HTTP status, or nothing came back. */
export interface FailureReason {
  errcode?: number;
  status?: number;
  transport?: true;
}
/**
 * An observability record (`onEvent`): every mint, refresh, retry and failure, and the
 * ticket's age. Never holds a token, ticket, code, refresh token or secret. Absent fields are
 * left out.
 */
export type PlatformEvent =
  | { kind: "ticket_stored"; createTime: number; previousAgeMs?: number }
  | { kind: "ticket_kept"; createTime: number; storedCreateTime: number }
  | { kind: "component_token_minted"; expiresAtMs: number; ticketAgeMs: number }
  | { kind: "authorizer_token_refreshed"; authorizerAppid: string; expiresAtMs: number; refreshTokenRotated: boolean }
  | { kind: "newer_token_kept"; token: TokenKind; authorizerAppid?: string }
  | { kind: "authorizer_authorized"; authorizerAppid: string; source: "redirect" | "push" | "registration" }
  | { kind: "auth_code_already_claimed"; source: "redirect" | "push" | "registration" }
  | { kind: "authorizer_revoked"; authorizerAppid: string; reason: "unauthorized_push" | "errcode_61003" }
  | { kind: "unauthorized_ignored"; authorizerAppid: string; createTime: number; authorizedAtMs: number }
  | { kind: "authorizer_needs_reauthorization"; authorizerAppid: string }
  | { kind: "token_rejected"; token: TokenKind; authorizerAppid?: string; operation: string; errcode: number }
  | ({ kind: "retry"; operation: string; attempt: number; delayMs: number } & FailureReason)
  | ({ kind: "stale_token_served"; token: TokenKind; authorizerAppid?: string; expiresAtMs: number; retryAtMs: number } & FailureReason)
  | ({ kind: "failure"; operation: string; code: string } & FailureReason)
  | { kind: "task_updated"; taskId: string; taskKind: TaskKind; state: TaskState; status?: number; authorized: boolean; origin: "create" | "query" | "push" | "authorization" }
  | { kind: "task_push_ignored"; infoType: string; taskId?: string; reason: string }
  | { kind: "task_waiting"; taskId: string; taskKind: TaskKind; state: TaskState; status?: number; waitingFor?: "legal_person" | "user" | "admin" | "wechat"; waitedMs: number; nextCheckMs: number };

export interface PlatformOptions {
  componentAppid: string;
  /** The platform AppSecret (filled into the calls that carry it). */
  componentAppsecret: string;
  /** The push token (消息校验Token). */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAesKey: string;
  /** Required: `new MemoryStore()` for one process, `new RedisStore(client)` for several, or your own. */
  store: Store;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  apiBase?: string | URL;
  mpBase?: string | URL;
  openBase?: string | URL;
  /** Use the tokens in the store; never mint or refresh them (a developer's machine pointed at
   * production's store). No usable token → ReadOnlyError. */
  readOnly?: boolean;
  /** Overrides of the driver's policy (camelCase or snake_case keys; the core checks them). */
  policy?: Partial<Policy> | Record<string, number>;
  /** Prefix of every store key (default `wxopen`). */
  keyPrefix?: string;
  /** Every mint, refresh, retry and failure. A throw is reported, never changes the call. */
  onEvent?: (event: PlatformEvent) => void | Promise<void>;
  /** Per-request timeout, whole ms (default: half the policy's `lockLeaseMs`); `null`: none of
   * ours, for a fetch with its own timeout (keep it below `lockLeaseMs`). */
  timeoutMs?: number | null;
  /** Freshness window of pushes (both URLs), whole seconds (default 300); `null`: no check. */
  webhookMaxAge?: number | null;
  /** The clock, unix ms (tests, simulations; default `Date.now`). */
  clock?: () => number;
  /** Waiting, for retries and lock polls (tests; default `setTimeout`). */
  sleep?: (ms: number) => Promise<void>;
}

/** An authorizer's stored state. */
export type AuthorizerStatus = "authorized" | "needs_reauthorization" | "revoked";

/** The outcome of an authorization code exchange. */
export interface Authorized extends Result {
  authorizerAppid: string;
  /** Granted permission-set ids. */
  funcInfo: number[];
  /** false when another copy of the code (the push, or the redirect) was exchanged first. */
  exchanged: boolean;
}

/** The registration flow of a task. */
export type TaskKind = "enterprise" | "enterprise_legacy" | "personal" | "beta" | "beta_verify" | "reuse_oa";
/** Where a task stands (`expired` includes an expiry derived from the 24 h window). */
export type TaskState = "created" | "waiting" | "succeeded" | "failed" | "expired";

/**
 * A registration task (docs/tasks.md §4), camelCase; absent fields are `undefined`. It never
 * carries a credential (display forms mask credential-named fields like every Result).
 * `String(task)` is one line for logs.
 */
export declare class Task extends Result {
  private constructor();
  /** `task:{taskid}`, `legacy:{sha1}`, `beta:{unique_id}`, `beta_verify:{appid}`, `reuse_oa:{appid}`. */
  readonly id: string;
  readonly kind: TaskKind;
  readonly state: TaskState;
  /** The wait is over: a terminal state (a success with an appid: its authorization exchanged or failed for good). */
  readonly settled: boolean;
  /** WeChat's code behind the state; its meaning: `describeStatus(statusKind, status)`. */
  readonly status?: number;
  /** The catalogue of `status`: `task`, `enterprise`, or `errcode` (the legacy search's). */
  readonly statusKind?: "task" | "enterprise" | "errcode";
  /** `clock`: an expiry derived from the window. */
  readonly source: "create" | "query" | "push" | "clock";
  /** The push's `msg`, verbatim. */
  readonly msg?: string;
  readonly meaning: string;
  readonly meaningZh: string;
  /** Who must act, while waiting. */
  readonly waitingFor?: "legal_person" | "user" | "admin" | "wechat";
  /** What happens next or what to do, in plain words. */
  readonly nextStep: string;
  readonly nextStepZh: string;
  /** The page the person must open. */
  readonly authorizeUrl?: string;
  /** The new mini program, once WeChat said it. */
  readonly appid?: string;
  /** Its authorization was exchanged and its tokens stored. */
  readonly authorized: boolean;
  /** The errcode of an exchange that failed for good. */
  readonly authorizationErrcode?: number;
  /** WeChat has a query API for this flow (`reconcile` asks it). */
  readonly canQuery: boolean;
  readonly attempt: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly expiresAtMs?: number;
  /** What the registration was asked with and told (names, ids; camelCase keys). */
  readonly details: Result & Record<string, string>;
}

/** A `task_waiting` event: the progress of a wait. */
export interface TaskWaitingEvent {
  kind: "task_waiting";
  taskId: string;
  taskKind: TaskKind;
  state: TaskState;
  status?: number;
  waitingFor?: "legal_person" | "user" | "admin" | "wechat";
  waitedMs: number;
  nextCheckMs: number;
}

/** Options of `tasks.wait`. */
export interface TaskWaitOptions {
  /** Whole ms (default 300 000); `null`: no limit but the task's own window. */
  timeoutMs?: number | null;
  /**
   * `true`: a line per change (Node: stderr, rewritten on a terminal; elsewhere `console.info`);
   * a function: each `task_waiting` event, then the final Task (a throw or rejection is
   * reported, never ends the wait).
   */
  progress?: boolean | ((update: TaskWaitingEvent | Task) => void | Promise<void>);
}

/** `platform.tasks`: the platform's registration tasks. */
export declare class Tasks {
  private constructor();
  /** The task as of now, or `undefined` when the store has none. Sends nothing. */
  get(taskId: string): Promise<Task | undefined>;
  /** The newest first, filtered (an unknown name is InvalidArgument). */
  list(filter?: { kind?: TaskKind; state?: TaskState; limit?: number }): Promise<Task[]>;
  /** Asks WeChat's query API where there is one (personal, legacy enterprise); the task. */
  reconcile(taskId: string): Promise<Task>;
  /** Until settled or `timeoutMs` passed: the task, settled or as it stood. */
  wait(taskId: string, options?: TaskWaitOptions): Promise<Task>;
}

/** A registration's result on a Platform (or its Authorizer): the usual result with `task`,
 * the registration task recorded (`undefined` if it could not be). */
export interface Registered extends Result {
  readonly task?: Task;
}

/**
 * One WeChat third-party platform with managed tokens: component-token and no-token
 * operations are its methods, an authorizer's are methods of `platform.authorizer(appid)` —
 * the Client's own methods, without the token argument.
 */
export declare class Platform {
  constructor(options: PlatformOptions);
  readonly componentAppid: string;
  readonly readOnly: boolean;
  readonly store: Store;
  /** The policy in force. */
  readonly policy: Policy;
  /** Forgets the process-local token cache (the store is untouched). */
  clearCache(): void;
  /** The calls on behalf of one authorizer. */
  authorizer(authorizerAppid: string): Authorizer;
  /** The push endpoint: verifies, parses and applies a push; resolves to the event. */
  handle(query: WebhookQuery, body: WebhookBody): Promise<WebhookEvent>;
  /** The message URL (`$APPID$` in its path): verifies, decrypts and parses a message of the
   * account `authorizerAppid` with the platform's keys and clock; stores nothing. */
  handleMessage(authorizerAppid: string, query: WebhookQuery, body: WebhookBody): Promise<WebhookMessage>;
  /** The encrypted passive text reply to `message`, timed by the platform's clock. */
  replyText(message: WebhookMessage, content: string, options?: { nonce?: string; random?: Uint8Array }): Promise<string>;
  /** The full-network-release check's answer to `message` (`null`: not one of its messages);
   * run its `followUp` with this platform: `await check.followUp?.run(platform)`. */
  releaseCheck(message: WebhookMessage, options?: { nonce?: string; anyAccount?: boolean; random?: Uint8Array }): Promise<ReleaseCheck | null>;
  /** The authorization redirect: exchanges its `auth_code` exactly once. */
  authorize(authCode: string): Promise<Authorized>;
  /** The component access token (minted if needed). */
  componentAccessToken(): Promise<ComponentToken>;
  /** An authorizer's access token (refreshed if needed). */
  authorizerAccessToken(authorizerAppid: string): Promise<AuthorizerToken>;
  /** Stores a ticket as a push would (`createTime`: unix seconds); false when a newer one was kept. */
  storeTicket(ticket: string, createTime: number): Promise<boolean>;
  /** Stores an authorizer's refresh token (migration). */
  importAuthorizer(authorizerAppid: string, refreshToken: string): Promise<void>;
  /** An authorizer's stored status (`undefined`: unknown). */
  authorizerStatus(authorizerAppid: string): Promise<AuthorizerStatus | undefined>;
  /** The registration tasks: `get`, `list`, `reconcile`, `wait` (docs/tasks.md). */
  readonly tasks: Tasks;

  // <generated:ops Platform>
  // Generated by scripts/gen_stubs.py from schema/operations.json; do not edit.
  /**
   * `POST /cgi-bin/component/api_start_push_ticket` (spec §1.2, no token): ask WeChat to push a
   * fresh `componentVerifyTicket` now.
   *
   * Spec §1.2, operation `component.start_push_ticket`: `POST
   * /cgi-bin/component/api_start_push_ticket`, no token.
   */
  startPushTicket(args?: PlatformStartPushTicketArgs): Promise<void>;
  /**
   * `POST /cgi-bin/component/api_create_preauthcode` (spec §1.4): a single-use pre-auth code for
   * the authorization pages (§1.5).
   *
   * Spec §1.4, operation `component.preauthcode`: `POST /cgi-bin/component/api_create_preauthcode`,
   * the platform obtains the component token.
   */
  createPreauthcode(args?: PlatformCreatePreauthcodeArgs): Promise<PreAuthCode>;
  /**
   * PC authorization page (spec §1.5): `{mp}/cgi-bin/componentloginpage?…`; the merchant's admin
   * scans a QR code.
   *
   * Spec §1.5, operation `page.component_login`: the page `/cgi-bin/componentloginpage` (a URL for
   * the browser, built and checked, never sent).
   */
  componentLoginUrl(args: PlatformComponentLoginUrlArgs): string;
  /**
   * Mobile authorization page (spec §1.5), opened inside WeChat:
   * `{open}/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect` (the
   * current form; the legacy `mp.weixin.qq.com/safe/bindcomponent` is not produced).
   *
   * Spec §1.5, operation `page.bind_component`: the page `/wxaopen/safe/bindcomponent` (a URL for
   * the browser, built and checked, never sent).
   */
  bindComponentUrl(args: PlatformBindComponentUrlArgs): string;
  /**
   * `POST /cgi-bin/component/api_get_authorizer_info` (spec §1.8): an authorizer's profile and
   * granted permission sets.
   *
   * Spec §1.8, operation `component.authorizer_info`: `POST
   * /cgi-bin/component/api_get_authorizer_info`, the platform obtains the component token.
   */
  getAuthorizerInfo(args: PlatformGetAuthorizerInfoArgs): Promise<AuthorizerInfoResult>;
  /**
   * `POST /wxa/component/fastregisterenterpriseweapp` (spec §3.0, the 2026 revision and the default
   * enterprise flow): start an enterprise registration. The response's `authorizeUrl` must be shown
   * to the legal person (no template message any more); the result arrives by the
   * `notify_third_fasteregister` push, correlated by `taskid`. `new_version: true` is always sent.
   *
   * Spec §3.0, operation `register.enterprise`: `POST /wxa/component/fastregisterenterpriseweapp`,
   * the platform obtains the component token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   */
  registerEnterprise(args: RegisterEnterpriseArgs): Promise<RegistrationTask & Registered>;
  /**
   * Deprecated (offline from 2026-04-30; use `registerEnterprise`). `POST
   * /cgi-bin/component/fastregisterweapp?action=create` (spec §3.1): start a legacy enterprise
   * registration; the legal person gets a template message to verify within 24 h.
   *
   * Spec §3.1, operation `register.enterprise_legacy`: `POST /cgi-bin/component/fastregisterweapp`,
   * the platform obtains the component token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   * @deprecated offline from 2026-04-30; use `registerEnterprise`.
   */
  registerEnterpriseLegacy(args: RegisterEnterpriseLegacyArgs): Promise<Registered>;
  /**
   * Deprecated (offline from 2026-04-30; use `registerEnterprise` and its push). `POST
   * /cgi-bin/component/fastregisterweapp?action=search` (spec §3.1): the state of a legacy
   * enterprise task, expressed through the errcode (89250 not found, 89251 waiting for the legal
   * person's face check, 89252 consistency check running).
   *
   * Spec §3.1, operation `register.enterprise_legacy_search`: `POST
   * /cgi-bin/component/fastregisterweapp`, the platform obtains the component token.
   * @deprecated offline from 2026-04-30; use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(args: SearchEnterpriseLegacyArgs): Promise<void>;
  /**
   * `fastregisterAuthUrl` (spec §3.2 step 1): the official account's admin confirms reusing the
   * OA's subject to register a mini program; the browser then goes to `redirectUri` with `ticket=…`
   * for `registerByReuseOa`.
   *
   * Spec §3.2, operation `page.fastregister_auth`: the page `/cgi-bin/fastregisterauth` (a URL for
   * the browser, built and checked, never sent).
   */
  fastregisterAuthUrl(args: PlatformFastregisterAuthUrlArgs): string;
  /**
   * `POST /wxa/component/fastregisterpersonalweapp?action=create` (spec §3.3): start a personal
   * registration; the user opens `authorizeUrl` within 24 h for ID, face and phone checks.
   *
   * Spec §3.3, operation `register.personal`: `POST /wxa/component/fastregisterpersonalweapp`, the
   * platform obtains the component token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   */
  registerPersonal(args: RegisterPersonalArgs): Promise<RegistrationTask & Registered>;
  /**
   * `POST /wxa/component/fastregisterpersonalweapp?action=query` (spec §3.3): a personal
   * registration task's state.
   *
   * Spec §3.3, operation `register.personal_query`: `POST
   * /wxa/component/fastregisterpersonalweapp`, the platform obtains the component token.
   */
  queryPersonal(args: QueryPersonalArgs): Promise<RegistrationTask>;
  /**
   * `POST /wxa/component/fastregisterbetaweapp` (spec §3.4): create a trial (beta) mini program
   * whose admin will be the user behind `openid`. Deliver `authorizeUrl` to them (valid 24 h); the
   * result arrives by the `notify_third_fastregisterbetaapp` push, correlated by `uniqueId`.
   *
   * Spec §3.4, operation `register.beta`: `POST /wxa/component/fastregisterbetaweapp`, the platform
   * obtains the component token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   */
  registerBeta(args: RegisterBetaArgs): Promise<BetaRegistration & Registered>;
  /**
   * `rebindAdminUrl` (spec §5 step 1): the mini program's old and new admins confirm an admin
   * change; the browser then goes to `redirect_uri?taskid=…` for `rebindAdmin`.
   *
   * Spec §5, operation `page.rebind_admin`: the page `/wxopen/componentrebindadmin` (a URL for the
   * browser, built and checked, never sent).
   */
  rebindAdminUrl(args: PlatformRebindAdminUrlArgs): string;
  /**
   * `POST /cgi-bin/openapi/quota/get` with the component token (spec §15.2): the daily quota of one
   * of the platform's own APIs, e.g. `/cgi-bin/component/api_component_token`.
   *
   * Spec §15.2, operation `quota.get`: `POST /cgi-bin/openapi/quota/get`, the platform obtains the
   * component token.
   */
  getApiQuota(args: GetApiQuotaArgs): Promise<ApiQuota>;
  /**
   * `POST /cgi-bin/clear_quota` with the component token (spec §15.3): reset the platform's own
   * daily API counters. Uses one of the 10 monthly resets.
   *
   * Spec §15.3, operation `quota.clear`: `POST /cgi-bin/clear_quota`, the platform obtains the
   * component token.
   */
  clearQuota(args?: PlatformClearQuotaArgs): Promise<void>;
  /**
   * `POST /cgi-bin/component/clear_quota/v2` (spec §15.4, no token): reset daily counters with the
   * platform AppSecret — the platform's own (including `api_component_token`) when `appid` is
   * omitted, or an authorizer's when given. Shares the 10 monthly resets with v1.
   *
   * Spec §15.4, operation `quota.clear_v2`: `POST /cgi-bin/component/clear_quota/v2`, no token.
   */
  clearQuotaV2(args?: PlatformClearQuotaV2Args): Promise<void>;
  // </generated:ops Platform>
}

/** A platform's calls on behalf of one authorizer (`platform.authorizer(appid)`). */
export declare class Authorizer {
  private constructor();
  readonly appid: string;
  /** Its access token (refreshed if needed). */
  accessToken(): Promise<AuthorizerToken>;
  /** Its stored status (`undefined`: unknown). */
  status(): Promise<AuthorizerStatus | undefined>;

  // <generated:ops Authorizer>
  // Generated by scripts/gen_stubs.py from schema/operations.json; do not edit.
  /**
   * `POST /cgi-bin/open/create`: create an open account and bind the token's account to it.
   *
   * Spec §2, operation `open.create`: `POST /cgi-bin/open/create`, the platform obtains the
   * authorizer's token.
   */
  openCreate(args?: OpenCreateArgs): Promise<OpenAccount>;
  /**
   * `POST /cgi-bin/open/bind`: bind the token's account to an existing open account.
   *
   * Spec §2, operation `open.bind`: `POST /cgi-bin/open/bind`, the platform obtains the
   * authorizer's token.
   */
  openBind(args: OpenBindArgs): Promise<void>;
  /**
   * `POST /cgi-bin/open/unbind`: unbind the token's account from an open account.
   *
   * Spec §2, operation `open.unbind`: `POST /cgi-bin/open/unbind`, the platform obtains the
   * authorizer's token.
   */
  openUnbind(args: OpenUnbindArgs): Promise<void>;
  /**
   * `POST /cgi-bin/open/get`: the open account the token's account is bound to.
   *
   * Spec §2, operation `open.get`: `POST /cgi-bin/open/get`, the platform obtains the authorizer's
   * token.
   */
  openGet(args?: OpenGetArgs): Promise<OpenAccount>;
  /**
   * `POST /cgi-bin/open/have`: whether the token's account already has an open account.
   *
   * Spec §2, operation `open.have`: `POST /cgi-bin/open/have`, the platform obtains the
   * authorizer's token.
   */
  openHave(args?: OpenHaveArgs): Promise<HaveOpen>;
  /**
   * `POST /cgi-bin/account/fastregister` (spec §3.2 step 2, AAT of the official account): register
   * a mini program reusing the OA's subject, with the `ticket` the `fastregisterAuthUrl` redirect
   * carried. Exchange the returned `authorizationCode` with `queryAuth` at once. A retry while the
   * first call runs answers 61058 even though the app may exist: wait more than 5 s before
   * retrying.
   *
   * Spec §3.2, operation `register.reuse_oa`: `POST /cgi-bin/account/fastregister`, the platform
   * obtains the authorizer's token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   */
  registerByReuseOa(args: RegisterByReuseOaArgs): Promise<ReuseOaRegistration & Registered>;
  /**
   * `POST /wxa/verifybetaweapp` (spec §3.5, AAT of the beta app; permission set 81): turn a trial
   * mini program into a formal one. Rate limit 5/min, 100/day. The result arrives by the
   * `notify_third_fastverifybetaapp` push (status: `describeStatus("enterprise", status)`).
   *
   * Spec §3.5, operation `register.beta_verify`: `POST /wxa/verifybetaweapp`, the platform obtains
   * the authorizer's token.
   *
   * Resolves to the result with `task`: the registration task the platform recorded
   * (`platform.tasks.wait(result.task.id)`).
   */
  verifyBeta(args: VerifyBetaArgs): Promise<Registered>;
  /**
   * `POST /wxa/setbetaweappnickname` (spec §3.6, AAT of the beta app): rename a trial mini program
   * before it becomes formal.
   *
   * Spec §3.6, operation `register.beta_rename`: `POST /wxa/setbetaweappnickname`, the platform
   * obtains the authorizer's token.
   */
  renameBeta(args: RenameBetaArgs): Promise<void>;
  /**
   * `POST /cgi-bin/wxopen/wxamplinkget` (spec §4.1): the mini programs linked to (or invited by)
   * the official account. Sends `{}` (a bodiless POST may get 44002).
   *
   * Spec §4.1, operation `link.get`: `POST /cgi-bin/wxopen/wxamplinkget`, the platform obtains the
   * authorizer's token.
   */
  linkGet(args?: Record<string, never>): Promise<LinkedMiniPrograms>;
  /**
   * `POST /cgi-bin/wxopen/wxamplink` (spec §4.2): invite a mini program to link to the official
   * account.
   *
   * Spec §4.2, operation `link.link`: `POST /cgi-bin/wxopen/wxamplink`, the platform obtains the
   * authorizer's token.
   */
  link(args: LinkArgs): Promise<void>;
  /**
   * `POST /cgi-bin/wxopen/wxampunlink` (spec §4.3): unlink a mini program.
   *
   * Spec §4.3, operation `link.unlink`: `POST /cgi-bin/wxopen/wxampunlink`, the platform obtains
   * the authorizer's token.
   */
  unlink(args: UnlinkArgs): Promise<void>;
  /**
   * `POST /cgi-bin/account/componentrebindadmin` (spec §5, AAT of the **mini program**): complete
   * an admin change with the `taskid` from the page's redirect.
   *
   * Spec §5, operation `admin.rebind`: `POST /cgi-bin/account/componentrebindadmin`, the platform
   * obtains the authorizer's token.
   */
  rebindAdmin(args: RebindAdminArgs): Promise<void>;
  /**
   * `POST /cgi-bin/message/custom/send` (spec §13.5, authorizer token of the account): send a
   * customer-service message to a user who wrote to the account recently.
   *
   * The input is WeChat's body: `touser`, `msgtype`, and the message under the key `msgtype` names
   * (`{"msgtype": "text", "text": {"content": "…"}}`, `image` {`media_id`}, …), plus
   * `customservice` {`kf_account`} to send as a given agent. Exactly the object `msgtype` names is
   * sent; a text needs a non-blank `content`; the other objects are sent as given.
   *
   * Spec §13.5, operation `message.custom_send`: `POST /cgi-bin/message/custom/send`, the platform
   * obtains the authorizer's token.
   */
  sendCustomMessage(args: SendCustomMessageArgs): Promise<void>;
  /**
   * `POST /cgi-bin/openapi/quota/get` with an authorizer token (spec §15.2): the daily quota of one
   * of the authorizer's APIs (calls made with its token count against its own quota).
   *
   * Spec §15.2, operation `quota.get_authorizer`: `POST /cgi-bin/openapi/quota/get`, the platform
   * obtains the authorizer's token.
   */
  getAuthorizerApiQuota(args: GetAuthorizerApiQuotaArgs): Promise<ApiQuota>;
  /**
   * `POST /cgi-bin/clear_quota` with an authorizer token (spec §15.3): reset that authorizer's
   * daily API counters. Uses one of its 10 monthly resets.
   *
   * Spec §15.3, operation `quota.clear_authorizer`: `POST /cgi-bin/clear_quota`, the platform
   * obtains the authorizer's token.
   */
  clearAuthorizerQuota(args?: ClearAuthorizerQuotaArgs): Promise<void>;
  // </generated:ops Authorizer>
}
