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
  /** Raised by the JS transport (fetch) rather than the core. */
  readonly hostOnly: boolean;
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
/** `openCreate` / `openGet`. */
export interface OpenAccount extends WithRaw {
  openAppid: string;
}
/** `openHave`. */
export interface HaveOpen extends WithRaw {
  haveOpen: boolean;
}

/**
 * A status as WeChat sent it: a plain number in results and events alike (`task.status === 12`);
 * codes no table lists are kept. `describeStatus(kind, code)` gives its meaning.
 */
export type Status = number;
export type StatusKind = "task" | "personal" | "link" | "enterprise" | "beta_verify";
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

/** `componentToken` (§1.3). `componentAccessToken` is a secret: never log it. */
export interface ComponentTokenGrant extends WithRaw {
  componentAccessToken: string;
  /** Seconds (7200). */
  expiresIn: number;
}
/** `createPreauthcode` (§1.4): single-use. */
export interface PreAuthCode extends WithRaw {
  preAuthCode: string;
  /** Seconds (1800 per current docs). */
  expiresIn: number;
}
/** A permission set; newer responses also carry `type`, `name`, `desc`. */
export interface FuncscopeCategory extends Result {
  id: number;
  type?: number;
  name?: string;
  desc?: string;
}
/** One granted permission set (`funcInfo[]`). */
export interface FuncInfo extends Result {
  funcscopeCategory: FuncscopeCategory;
}
/** `authorizationInfo` of `queryAuth`. Persist `authorizerRefreshToken`. */
export interface Authorization extends Result {
  authorizerAppid: string;
  authorizerAccessToken: string;
  expiresIn: number;
  authorizerRefreshToken: string;
  funcInfo?: FuncInfo[];
}
/** `queryAuth` (§1.6). */
export interface QueryAuthResult extends WithRaw {
  authorizationInfo: Authorization;
}
/** `authorizerToken` (§1.7). Persist the new `authorizerRefreshToken`. */
export interface AuthorizerTokenGrant extends WithRaw {
  authorizerAccessToken: string;
  expiresIn: number;
  authorizerRefreshToken: string;
}
/** `businessInfo` switches (0/1). */
export interface BusinessInfo extends Result {
  openStore?: number;
  openScan?: number;
  openPay?: number;
  openCard?: number;
  openShake?: number;
}
/** `basicConfig`. */
export interface BasicConfig extends Result {
  isPhoneConfigured?: boolean;
  isEmailConfigured?: boolean;
}
/** `MiniProgramInfo.network`: WeChat's key names kept (newer lists such as `TCPDomain` too). */
export interface MiniProgramNetwork extends Result {
  RequestDomain?: string[];
  WsRequestDomain?: string[];
  UploadDomain?: string[];
  DownloadDomain?: string[];
  BizDomain?: string[];
  UDPDomain?: string[];
}
/** `MiniProgramInfo` (mini programs only). */
export interface MiniProgramInfo extends Result {
  network?: MiniProgramNetwork;
  categories?: { first?: string; second?: string }[];
  visitStatus?: number;
}
/** `authorizerInfo` of `getAuthorizerInfo` (§1.8): every field `undefined` when absent. */
export interface AuthorizerInfo extends Result {
  nickName?: string;
  headImg?: string;
  serviceTypeInfo?: { id: number };
  verifyTypeInfo?: { id: number };
  userName?: string;
  principalName?: string;
  alias?: string;
  qrcodeUrl?: string;
  signature?: string;
  businessInfo?: BusinessInfo;
  /** 1 normal, 14 cancelled, 16 banned, 18 warned, 19 frozen. */
  accountStatus?: number;
  /** 0 normal, 2 reuse-OA, 6 enterprise API, 13 beta API, 16 personal API, 19 beta→formal, … */
  registerType?: number;
  basicConfig?: BasicConfig;
  MiniProgramInfo?: MiniProgramInfo;
}
/** `authorizationInfo` of `getAuthorizerInfo`. */
export interface AuthorizerAuthorization extends Result {
  authorizerAppid?: string;
  authorizerRefreshToken?: string;
  funcInfo?: FuncInfo[];
}
/** `getAuthorizerInfo` (§1.8). */
export interface AuthorizerInfoResult extends WithRaw {
  authorizerInfo: AuthorizerInfo;
  authorizationInfo?: AuthorizerAuthorization;
}
/** `registerEnterprise` / `registerPersonal` / `queryPersonal` (§3.0, §3.3). */
export interface RegistrationTask extends WithRaw {
  taskid: string;
  /** The page the person must open within 24 h. */
  authorizeUrl?: string;
  /** 12 is creation succeeded (`describeStatus("task", status)`). */
  status?: Status;
}
/** `registerByReuseOa` (§3.2): exchange `authorizationCode` with `queryAuth` at once. */
export interface ReuseOaRegistration extends WithRaw {
  appid: string;
  authorizationCode: string;
  isWxVerifySucc?: boolean;
  isLinkSucc?: boolean;
}
/** `registerBeta` (§3.4): deliver `authorizeUrl` (valid 24 h); the push carries `uniqueId`. */
export interface BetaRegistration extends WithRaw {
  uniqueId: string;
  authorizeUrl?: string;
}
/** A capability of a linked mini program: id 1 微信认证, 2 微信支付; `status` 0 off, 1 on. */
export interface LinkFuncInfo extends Result {
  id: number;
  status?: number;
  name?: string;
}
/** One mini program of `linkGet` (§4.1). `status`: 1 linked, 2 waiting for the mini-program admin, 3 rejected, 12 waiting for the OA admin. */
export interface LinkedMiniProgram extends Result {
  status?: Status;
  appid?: string;
  username?: string;
  nickname?: string;
  headimgUrl?: string;
  source?: string;
  selected?: number;
  nearbyDisplayStatus?: number;
  released?: number;
  funcInfos?: LinkFuncInfo[];
  copyVerifyStatus?: number;
  email?: string;
}
/** `linkGet` (§4.1), wire shape kept; `wxopens`/`items` are `undefined` when absent. */
export interface LinkedMiniPrograms extends WithRaw {
  wxopens?: { items?: LinkedMiniProgram[] };
}

// ---------- operation arguments ----------

/** 1 unified social credit code (18 chars), 2 organization code (`xxxxxxxx-x`), 3 business licence number (15 chars). */
export type CodeType = 1 | 2 | 3;
/** 1 official accounts only, 2 mini programs only, 3 both (WeChat's default); other positive
 * values (e.g. 6) pass through. */
export type AuthType = number;
/** A switch, sent as 1/0. */
export type Flag = boolean | 0 | 1;

export interface StartPushTicketArgs {
  componentAppid: string;
  /** The platform AppSecret. */
  componentSecret: string;
}
export interface ComponentTokenArgs {
  componentAppid: string;
  componentAppsecret: string;
  /** The latest pushed ticket (valid 12 h). */
  componentVerifyTicket: string;
}
export interface CreatePreauthcodeArgs {
  componentAppid: string;
}
/** The two authorization pages (§1.5). */
export interface AuthorizationPageArgs {
  componentAppid: string;
  /** From `createPreauthcode`, single-use. */
  preAuthCode: string;
  /** Absolute http(s) URL on the platform's 登录授权的发起页域名. */
  redirectUri: string;
  /** With `bizAppid`, the account it names wins at WeChat. */
  authType?: AuthType;
  bizAppid?: string;
  /** Permission-set ids (default: all published sets). */
  categoryIdList?: number[];
}
export interface QueryAuthArgs {
  componentAppid: string;
  authorizationCode: string;
}
export interface AuthorizerTokenArgs {
  componentAppid: string;
  authorizerAppid: string;
  authorizerRefreshToken: string;
}
export interface GetAuthorizerInfoArgs {
  componentAppid: string;
  authorizerAppid: string;
}
export interface RegisterEnterpriseArgs {
  name: string;
  code: string;
  codeType: CodeType;
  /** The legal person's openid under the platform (not a WeChat ID). */
  legalPersonaOpenid: string;
  legalPersonaName: string;
  componentPhone?: string;
}
export interface RegisterEnterpriseLegacyArgs {
  name: string;
  code: string;
  codeType: CodeType;
  /** The legal person's WeChat ID (微信号). */
  legalPersonaWechat: string;
  legalPersonaName: string;
  componentPhone?: string;
}
export interface SearchEnterpriseLegacyArgs {
  name: string;
  legalPersonaWechat: string;
  legalPersonaName: string;
}
export interface FastregisterAuthArgs {
  /** The official account's appid. */
  appid: string;
  componentAppid: string;
  /** Reuse the OA's WeChat verification (government/media/other orgs: true). */
  copyWxVerify: Flag;
  redirectUri: string;
}
export interface RegisterByReuseOaArgs {
  /** The single-use ticket from the `fastregisterAuthUrl` redirect. */
  ticket: string;
}
export interface RegisterPersonalArgs {
  /** The user's real name. */
  idname: string;
  /** The user's WeChat ID. */
  wxuser: string;
  componentPhone?: string;
  /** Omitted or true: the 2026 flow; false: omit the flag (old flow). */
  newVersion?: boolean;
}
export interface QueryPersonalArgs {
  taskid: string;
}
export interface RegisterBetaArgs {
  /** 4–30 characters. */
  name: string;
  /** Any openid the platform holds for the future admin. */
  openid: string;
}
/** `verifyInfo` of `verifyBeta` (§3.5): every field required. */
export interface VerifyInfo {
  enterpriseName: string;
  code: string;
  codeType: CodeType;
  legalPersonaWechat: string;
  legalPersonaName: string;
  legalPersonaIdcard: string;
  componentPhone: string;
}
export interface VerifyBetaArgs {
  verifyInfo: VerifyInfo;
  /** Sent only when given. */
  newVersion?: boolean;
}
export interface RenameBetaArgs {
  /** 4–30 characters. */
  name: string;
}
export interface LinkArgs {
  /** The mini program's appid. */
  appid: string;
  notifyUsers: Flag;
  showProfile: Flag;
}
export interface UnlinkArgs {
  appid: string;
}
export interface RebindAdminPageArgs {
  /** The mini program's appid. */
  appid: string;
  componentAppid: string;
  redirectUri: string;
}
export interface RebindAdminArgs {
  /** From the `rebindAdminUrl` redirect. */
  taskid: string;
}

/** `getApiQuota` / `getAuthorizerApiQuota` (§15.2). */
export interface ApiQuota extends WithRaw {
  quota: { dailyLimit: number; used: number; remain: number };
  rateLimit: { callCount: number; refreshSecond: number } | null;
  componentRateLimit: { callCount: number; refreshSecond: number } | null;
}
export interface GetApiQuotaArgs {
  /** The API path alone, e.g. `/cgi-bin/component/api_component_token`. */
  cgiPath: string;
}
export interface ClearQuotaArgs {
  /** The component appid. */
  appid: string;
}
export interface ClearAuthorizerQuotaArgs {
  /** Defaults to the token's account. */
  appid?: string;
}
export interface ClearQuotaV2Args {
  componentAppid: string;
  /** The platform AppSecret. */
  appsecret: string;
  /** An authorizer whose quota to reset; omit it for the platform's own. */
  appid?: string;
}

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

  // §1 credentials and authorization
  /** Ask WeChat to push a fresh `component_verify_ticket` now (spec §1.2, no token). */
  startPushTicket(args: StartPushTicketArgs): Promise<void>;
  /** Get the component access token (spec §1.3, no token). */
  componentToken(args: ComponentTokenArgs): Promise<ComponentTokenGrant>;
  /** A single-use pre-auth code for the authorization pages (spec §1.4). */
  createPreauthcode(token: ComponentToken, args: CreatePreauthcodeArgs): Promise<PreAuthCode>;
  /** The PC authorization page URL (spec §1.5); built, not fetched. */
  componentLoginUrl(args: AuthorizationPageArgs): string;
  /** The mobile authorization page URL, opened inside WeChat (spec §1.5); built, not fetched. */
  bindComponentUrl(args: AuthorizationPageArgs): string;
  /** Exchange an authorization code for the authorizer's tokens (spec §1.6). */
  queryAuth(token: ComponentToken, args: QueryAuthArgs): Promise<QueryAuthResult>;
  /** Refresh an authorizer access token (spec §1.7). */
  authorizerToken(token: ComponentToken, args: AuthorizerTokenArgs): Promise<AuthorizerTokenGrant>;
  /** An authorizer's profile and granted permission sets (spec §1.8). */
  getAuthorizerInfo(token: ComponentToken, args: GetAuthorizerInfoArgs): Promise<AuthorizerInfoResult>;

  // §2 open-platform accounts
  /** Create an open-platform account and bind the token's account to it (spec §2). */
  openCreate(token: AuthorizerToken, args?: { appid?: string }): Promise<OpenAccount>;
  /** Bind the token's account to an open-platform account (spec §2). */
  openBind(token: AuthorizerToken, args: { openAppid: string; appid?: string }): Promise<void>;
  /** Unbind the token's account from an open-platform account (spec §2). */
  openUnbind(token: AuthorizerToken, args: { openAppid: string; appid?: string }): Promise<void>;
  /** The open-platform account the token's account is bound to (spec §2). */
  openGet(token: AuthorizerToken, args?: { appid?: string }): Promise<OpenAccount>;
  /** Whether the token's account already has an open-platform account (spec §2). */
  openHave(token: AuthorizerToken, args?: { appid?: string }): Promise<HaveOpen>;

  // §3 fast registration
  /** Start an enterprise registration, the 2026 flow (spec §3.0). */
  registerEnterprise(token: ComponentToken, args: RegisterEnterpriseArgs): Promise<RegistrationTask>;
  /**
   * Legacy enterprise registration (spec §3.1).
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise`.
   */
  registerEnterpriseLegacy(token: ComponentToken, args: RegisterEnterpriseLegacyArgs): Promise<void>;
  /**
   * State of a legacy enterprise task (spec §3.1), expressed through the errcode.
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(token: ComponentToken, args: SearchEnterpriseLegacyArgs): Promise<void>;
  /** The reuse-official-account page URL (spec §3.2 step 1); built, not fetched. */
  fastregisterAuthUrl(args: FastregisterAuthArgs): string;
  /** Register a mini program reusing an official account's subject (spec §3.2 step 2; the OA's token). */
  registerByReuseOa(token: AuthorizerToken, args: RegisterByReuseOaArgs): Promise<ReuseOaRegistration>;
  /** Start a personal registration (spec §3.3). */
  registerPersonal(token: ComponentToken, args: RegisterPersonalArgs): Promise<RegistrationTask>;
  /** A personal registration task's state (spec §3.3). */
  queryPersonal(token: ComponentToken, args: QueryPersonalArgs): Promise<RegistrationTask>;
  /** Create a trial mini program (spec §3.4). */
  registerBeta(token: ComponentToken, args: RegisterBetaArgs): Promise<BetaRegistration>;
  /** Turn a trial mini program into a formal one (spec §3.5; the beta app's token). */
  verifyBeta(token: AuthorizerToken, args: VerifyBetaArgs): Promise<void>;
  /** Rename a trial mini program (spec §3.6; the beta app's token). */
  renameBeta(token: AuthorizerToken, args: RenameBetaArgs): Promise<void>;

  // §4 official account <-> mini program links (the official account's token)
  /** The mini programs linked to, or invited by, the official account (spec §4.1). */
  linkGet(token: AuthorizerToken, args?: Record<string, never>): Promise<LinkedMiniPrograms>;
  /** Invite a mini program to link to the official account (spec §4.2). */
  link(token: AuthorizerToken, args: LinkArgs): Promise<void>;
  /** Unlink a mini program (spec §4.3). */
  unlink(token: AuthorizerToken, args: UnlinkArgs): Promise<void>;

  // §5 admin rebind
  /** The admin-rebind page URL (spec §5 step 1); built, not fetched. */
  rebindAdminUrl(args: RebindAdminPageArgs): string;
  /** Complete an admin change with the page's `taskid` (spec §5 step 2; the mini program's token). */
  rebindAdmin(token: AuthorizerToken, args: RebindAdminArgs): Promise<void>;
  getApiQuota(token: ComponentToken, args: GetApiQuotaArgs): Promise<ApiQuota>;
  getAuthorizerApiQuota(token: AuthorizerToken, args: GetApiQuotaArgs): Promise<ApiQuota>;
  clearQuota(token: ComponentToken, args: ClearQuotaArgs): Promise<void>;
  clearAuthorizerQuota(token: AuthorizerToken, args?: ClearAuthorizerQuotaArgs): Promise<void>;
  clearQuotaV2(args: ClearQuotaV2Args): Promise<void>;
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
/** `url` with token values replaced by `***`, for logs. */
export declare function redactUrl(url: string | URL): string;

/** What an errcode means (for `operation`, when it gives the code its own meaning). A whole
 * number (or its decimal text); anything else throws, nothing is wrapped. */
export declare function explainErrcode(errcode: number | string, operation?: string): ErrcodeExplanation;

// ---------- push events (spec §6, §7) ----------

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
  | OtherEvent;

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
  /** Verifies and decrypts a push, returning the XML. */
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
  | { kind: "authorizer_needs_reauthorization"; authorizerAppid: string }
  | { kind: "token_rejected"; token: TokenKind; authorizerAppid?: string; operation: string; errcode: number }
  | ({ kind: "retry"; operation: string; attempt: number; delayMs: number } & FailureReason)
  | ({ kind: "stale_token_served"; token: TokenKind; authorizerAppid?: string; expiresAtMs: number; retryAfterMs: number } & FailureReason)
  | ({ kind: "failure"; operation: string; code: string } & FailureReason);

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

/** The fields the platform fills in itself are optional on its methods. */
export type PlatformFilled<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

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

  // <generated:ops Platform>
  /** Ask WeChat to push a fresh `component_verify_ticket` now (spec §1.2, no token). */
  startPushTicket(args?: PlatformFilled<StartPushTicketArgs, "componentAppid" | "componentSecret">): Promise<void>;
  /** A single-use pre-auth code for the authorization pages (spec §1.4). */
  createPreauthcode(args?: PlatformFilled<CreatePreauthcodeArgs, "componentAppid">): Promise<PreAuthCode>;
  /** The PC authorization page URL (spec §1.5); built, not fetched. */
  componentLoginUrl(args: PlatformFilled<AuthorizationPageArgs, "componentAppid">): string;
  /** The mobile authorization page URL, opened inside WeChat (spec §1.5); built, not fetched. */
  bindComponentUrl(args: PlatformFilled<AuthorizationPageArgs, "componentAppid">): string;
  /** An authorizer's profile and granted permission sets (spec §1.8). */
  getAuthorizerInfo(args: PlatformFilled<GetAuthorizerInfoArgs, "componentAppid">): Promise<AuthorizerInfoResult>;
  /** Start an enterprise registration, the 2026 flow (spec §3.0). */
  registerEnterprise(args: RegisterEnterpriseArgs): Promise<RegistrationTask>;
  /**
   * Legacy enterprise registration (spec §3.1).
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise`.
   */
  registerEnterpriseLegacy(args: RegisterEnterpriseLegacyArgs): Promise<void>;
  /**
   * State of a legacy enterprise task (spec §3.1), expressed through the errcode.
   * @deprecated WeChat took it offline on 2026-04-30: use `registerEnterprise` and its push.
   */
  searchEnterpriseLegacy(args: SearchEnterpriseLegacyArgs): Promise<void>;
  /** The reuse-official-account page URL (spec §3.2 step 1); built, not fetched. */
  fastregisterAuthUrl(args: PlatformFilled<FastregisterAuthArgs, "componentAppid">): string;
  /** Start a personal registration (spec §3.3). */
  registerPersonal(args: RegisterPersonalArgs): Promise<RegistrationTask>;
  /** A personal registration task's state (spec §3.3). */
  queryPersonal(args: QueryPersonalArgs): Promise<RegistrationTask>;
  /** Create a trial mini program (spec §3.4). */
  registerBeta(args: RegisterBetaArgs): Promise<BetaRegistration>;
  /** The admin-rebind page URL (spec §5 step 1); built, not fetched. */
  rebindAdminUrl(args: PlatformFilled<RebindAdminPageArgs, "componentAppid">): string;
  /** The daily quota of one of the platform's own APIs (spec §15.2). */
  getApiQuota(args: GetApiQuotaArgs): Promise<ApiQuota>;
  /** Reset the platform's own daily API counters (spec §15.3). */
  clearQuota(args?: PlatformFilled<ClearQuotaArgs, "appid">): Promise<void>;
  /** Reset daily API counters with the platform AppSecret (spec §15.4). */
  clearQuotaV2(args?: PlatformFilled<ClearQuotaV2Args, "componentAppid" | "appsecret">): Promise<void>;
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
  /** Create an open-platform account and bind the authorizer to it (spec §2). */
  openCreate(args?: { appid?: string }): Promise<OpenAccount>;
  /** Bind the authorizer to an open-platform account (spec §2). */
  openBind(args: { openAppid: string; appid?: string }): Promise<void>;
  /** Unbind the authorizer from an open-platform account (spec §2). */
  openUnbind(args: { openAppid: string; appid?: string }): Promise<void>;
  /** The open-platform account the authorizer is bound to (spec §2). */
  openGet(args?: { appid?: string }): Promise<OpenAccount>;
  /** Whether the authorizer already has an open-platform account (spec §2). */
  openHave(args?: { appid?: string }): Promise<HaveOpen>;
  /** Register a mini program reusing this official account's subject (spec §3.2 step 2). */
  registerByReuseOa(args: RegisterByReuseOaArgs): Promise<ReuseOaRegistration>;
  /** Turn this trial mini program into a formal one (spec §3.5). */
  verifyBeta(args: VerifyBetaArgs): Promise<void>;
  /** Rename this trial mini program (spec §3.6). */
  renameBeta(args: RenameBetaArgs): Promise<void>;
  /** The mini programs linked to, or invited by, this official account (spec §4.1). */
  linkGet(args?: Record<string, never>): Promise<LinkedMiniPrograms>;
  /** Invite a mini program to link to this official account (spec §4.2). */
  link(args: LinkArgs): Promise<void>;
  /** Unlink a mini program (spec §4.3). */
  unlink(args: UnlinkArgs): Promise<void>;
  /** Complete an admin change with the page's `taskid` (spec §5 step 2). */
  rebindAdmin(args: RebindAdminArgs): Promise<void>;
  /** The daily quota of one of the authorizer's APIs (spec §15.2). */
  getAuthorizerApiQuota(args: GetApiQuotaArgs): Promise<ApiQuota>;
  /** Reset the authorizer's daily API counters (spec §15.3). */
  clearAuthorizerQuota(args?: ClearAuthorizerQuotaArgs): Promise<void>;
  // </generated:ops Authorizer>
}
