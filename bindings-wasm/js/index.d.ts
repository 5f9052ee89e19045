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
}

/** A request as built by the core. */
export interface BuiltRequest {
  method: "GET" | "POST";
  url: string;
  headers: [string, string][];
  body: string;
}

export declare const DEFAULT_API_BASE: string;

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
