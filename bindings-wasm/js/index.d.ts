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
/** The response body was not what the operation returns. */
export declare class DecodeError extends WxOpenError {
  raw: string | undefined;
}
/** fetch failed: network, timeout, DNS. */
export declare class TransportError extends WxOpenError {}
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

// ---------- results ----------

/** Every result carries the response body as a non-enumerable `raw`. */
export interface WithRaw {
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

// ---------- client ----------

export interface ClientOptions {
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Where API calls go; point it at a sandbox for tests. Default `https://api.weixin.qq.com`. */
  apiBase?: string;
  /** Host of the mp.weixin.qq.com page URLs. */
  mpBase?: string;
  /** Host of the open.weixin.qq.com page URLs. */
  openBase?: string;
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
}

export interface OperationInfo {
  name: string;
  section: string;
  token: "none" | "component" | "authorizer";
  path: string;
  rust: string;
  python: string;
  js: string;
  deprecated: boolean;
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
/** What an errcode means (for `operation`, when it gives the code its own meaning). */
export declare function explainErrcode(errcode: number, operation?: string): ErrcodeExplanation;

// ---------- push events (spec §6, §7) ----------

interface EventHeader {
  /** The platform the push is for (`AppId`). */
  componentAppid: string;
  /** `CreateTime`, unix seconds. */
  createTime: number;
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
  preAuthCode: string | null;
}
/** `unauthorized`: drop the account's tokens. */
export interface UnauthorizedEvent extends EventHeader {
  type: "unauthorized";
  authorizerAppid: string;
}
/** `info` of a fast-registration result, tagged by `form`. */
export type FastRegisterInfo =
  | { form: "enterprise"; name: string; code: string; codeType: number | null; legalPersonaWechat: string; legalPersonaName: string; componentPhone: string | null }
  | { form: "personal"; wxuser: string; idname: string; componentPhone: string | null }
  | { form: "task"; taskid: string; name: string | null; code: string | null; codeType: number | null; legalPersonaOpenid: string | null; legalPersonaWechat: string | null; legalPersonaName: string | null; wxuser: string | null; idname: string | null; componentPhone: string | null }
  | { form: "other"; fields: Record<string, string> };
/** `notify_third_fasteregister`: status 0 = success, with `appid` and `authCode`. */
export interface FastRegisterEvent extends EventHeader {
  type: "fast_register";
  appid: string | null;
  authCode: string | null;
  status: number;
  msg: string;
  info: FastRegisterInfo | null;
}
/** `notify_third_fastregisterbetaapp`. */
export interface FastRegisterBetaEvent extends EventHeader {
  type: "fast_register_beta";
  appid: string | null;
  status: number;
  msg: string;
  info: { uniqueId: string; name: string } | null;
}
/** `notify_third_fastverifybetaapp`. */
export interface FastVerifyBetaEvent extends EventHeader {
  type: "fast_verify_beta";
  appid: string | null;
  status: number;
  msg: string;
  info: { name: string; code: string; codeType: number | null; legalPersonaWechat: string; legalPersonaName: string; componentPhone: string | null } | null;
}
/** Any other `InfoType`: every leaf element kept, keyed by WeChat's element name (`info.taskid`). */
export interface OtherEvent extends EventHeader {
  type: "other";
  fields: Record<string, string>;
}
export type WebhookEvent =
  | ComponentVerifyTicketEvent
  | AuthorizationEvent
  | UnauthorizedEvent
  | FastRegisterEvent
  | FastRegisterBetaEvent
  | FastVerifyBetaEvent
  | OtherEvent;

/** A push's query: the raw string, URLSearchParams, or a plain object of strings. */
export type WebhookQuery = string | URLSearchParams | Record<string, string | string[] | undefined>;
export type WebhookBody = string | Uint8Array | ArrayBuffer;

export interface WebhookOptions {
  token: string;
  encodingAesKey: string;
  componentAppid: string;
  /** Freshness window for `timestamp` in seconds (default 300); `null` turns it off. */
  maxAge?: number | null;
  /** Largest body accepted (default 65536). */
  maxBodyBytes?: number;
}

export declare const DEFAULT_MAX_AGE: number;
export declare const DEFAULT_MAX_BODY_BYTES: number;

/** One platform's push endpoint. */
export declare class Webhook {
  constructor(options: WebhookOptions);
  readonly componentAppid: string;
  readonly maxAge: number | null;
  readonly maxBodyBytes: number;
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
export declare function signature(token: string, timestamp: string, nonce: string, encrypt?: string): string;
