// Type declarations of the wxopen package (ESM and CJS share them).

// ---------- credentials ----------

/** The platform's own component_access_token. */
export declare class ComponentToken {
  constructor(value: string);
  readonly kind: "component";
  readonly appid: undefined;
  /** The token itself. Never log it. */
  readonly value: string;
}

/** An authorizer_access_token together with the appid of the account it belongs to. */
export declare class AuthorizerToken {
  constructor(appid: string, value: string);
  readonly kind: "authorizer";
  readonly appid: string;
  /** The token itself. Never log it. */
  readonly value: string;
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
/** `message.custom_send` (spec §13.5): `msgtype` names the message object to send. */
export interface SendCustomMessageArgs {
  /** The user's openid. */
  touser: string;
  /** `text`, `image`, `voice`, `video`, `music`, `news`, `mpnews`, `msgmenu`, `wxcard`,
   * `miniprogrampage`, `link`… */
  msgtype: string;
  /** For `msgtype: "text"`: a non-blank `content`. */
  text?: { content: string };
  image?: { mediaId: string };
  voice?: { mediaId: string };
  video?: Record<string, unknown>;
  music?: Record<string, unknown>;
  news?: Record<string, unknown>;
  mpnews?: Record<string, unknown>;
  msgmenu?: Record<string, unknown>;
  wxcard?: Record<string, unknown>;
  miniprogrampage?: Record<string, unknown>;
  link?: Record<string, unknown>;
  /** Send as a given agent. */
  customservice?: { kfAccount: string };
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
  // §13.5 messages of authorized accounts
  /** Send a customer-service message (the release check's QUERY_AUTH_CODE answer). */
  sendCustomMessage(token: AuthorizerToken, args: SendCustomMessageArgs): Promise<void>;
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
  /** `api_query_auth` with the component token, then `message/custom/send` with the token it returns. */
  run(client: Client, componentToken: ComponentToken): Promise<void>;
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

/** The platform driver's low-level pieces: the reference host loop and a Map store. */
export declare namespace driver {
  /** A store in a Map with the semantics docs/driver.md specifies (times in unix ms). */
  class MapStore {
    get(key: string, now: number): string | null;
    put(key: string, value: string, ttlMs: number | null, now: number): void;
    compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number | null, now: number): boolean;
    lock(key: string, owner: string, leaseMs: number, now: number): boolean;
    unlock(key: string, owner: string, now: number): void;
    keys(now: number): string[];
  }
  /** A store the loop can drive (methods may return promises). */
  interface Store {
    get(key: string, now: number): string | null | Promise<string | null>;
    put(key: string, value: string, ttlMs: number | null, now: number): void | Promise<void>;
    compareAndSet(key: string, expected: string | null, next: string | null, ttlMs: number | null, now: number): boolean | Promise<boolean>;
    lock(key: string, owner: string, leaseMs: number, now: number): boolean | Promise<boolean>;
    unlock(key: string, owner: string, now: number): void | Promise<void>;
  }
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
    onEvent?: (event: Record<string, unknown> & { kind: string }) => void;
  }
  function createDriver(options: DriverOptions): NativeDriver;
  function defaultPolicy(): Record<string, number>;
  function callOperation(driver: NativeDriver, op: string, args?: object, authorizerAppid?: string): NativeCall;
  function registerOperation(driver: NativeDriver, op: string, args?: object, authorizerAppid?: string): NativeCall;
  function listTasks(driver: NativeDriver, filter?: { kind?: TaskKind; state?: TaskState; limit?: number }): NativeCall;
  function handlePush(driver: NativeDriver, query: string | URLSearchParams | Record<string, string>, body: string | Uint8Array): NativeCall;
  function toEvent(value: unknown): WebhookEvent;
  function run(call: NativeCall, host: Host): Promise<unknown>;
}
