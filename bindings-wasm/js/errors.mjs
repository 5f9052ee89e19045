// The wxopen error classes. Every core error arrives as `{code, message, ...}` and is turned
// into one of these by `fromCore`, keyed by the stable `code` (the same as in Rust and Python).
// The list of codes, which carry the response body (`raw`) and which are always retryable come
// from the core (`ERROR_CODES`); BY_CODE below has an entry for each (a test checks it).
import { camelPath, toCamel } from "./case.mjs";
import { native } from "./native.mjs";

/** Every error code the core (and the transport) may report, as the core lists it. */
export const ERROR_CODES = Object.freeze(native.errorCodes().map((c) => Object.freeze(toCamel(c))));
const ALWAYS_RETRYABLE = new Set(ERROR_CODES.filter((c) => c.retryable === "always").map((c) => c.code));
/** The codes whose errors carry the response body as `raw`. */
export const RAW_CODES = new Set(ERROR_CODES.filter((c) => c.carriesRaw).map((c) => c.code));

/** Base class of every wxopen error. */
export class WxOpenError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = new.target.name;
    this.code = details.code ?? new.target.code;
    this.retryable = Boolean(details.retryable);
    this.details = details;
  }
}
WxOpenError.code = "wxopen_error";

/** Input refused before anything was sent; `field` (camelCase) names it, `rule` says why. */
export class InvalidArgument extends WxOpenError {
  constructor(message, details = {}) {
    const field = details.field ? camelPath(details.field) : "";
    super(details.field ? message.replace(`\`${details.field}\``, `\`${field}\``) : message, details);
    this.field = field;
    this.wireField = details.field ?? "";
    this.rule = details.rule ?? "";
  }
}
InvalidArgument.code = "invalid_argument";

/** The operation takes another kind of token. */
export class WrongTokenError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.operation = details.operation ?? "";
    this.expected = details.expected ?? "";
    this.got = details.got ?? "";
  }
}
WrongTokenError.code = "wrong_token";

/** WeChat answered with a non-zero errcode. */
export class ApiError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.operation = details.operation ?? "";
    this.errcode = details.errcode ?? 0;
    this.errmsg = details.errmsg ?? "";
    this.meaning = details.meaning ?? "";
    this.meaningZh = details.meaning_zh ?? "";
    this.category = details.category ?? "unknown";
    this.hint = details.hint ?? "";
    this.raw = undefined;
  }
}
ApiError.code = "api_error";

/** The HTTP status was not 200. */
export class HttpStatusError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.status = details.status ?? 0;
    this.raw = undefined;
  }
}
HttpStatusError.code = "http_status";

/** The response body was not what the operation returns; `field` (camelCase path) names the
 * field at fault when one is (`wireField`: WeChat's name). The message never quotes a value. */
export class DecodeError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.field = details.field ? camelPath(details.field) : undefined;
    this.wireField = details.field ?? undefined;
    this.raw = undefined;
  }
}
DecodeError.code = "decode_error";

/** fetch failed (network, timeout, DNS, a refused redirect in a browser's opaque mode). `cause`
 * is the original error with every credential of the request replaced by `***`. */
export class TransportError extends WxOpenError {
  constructor(message, details = {}, options = undefined) {
    super(message, { retryable: ALWAYS_RETRYABLE.has("transport_error"), ...details });
    if (options && "cause" in options) {
      Object.defineProperty(this, "cause", { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
  }
}
TransportError.code = "transport_error";

/** 61005 while minting the component token: the stored ticket is older than 12 h. */
export class TicketExpiredError extends ApiError {}
TicketExpiredError.code = "ticket_expired";
/** 61006 while minting the component token: WeChat refused the stored ticket. */
export class TicketInvalidError extends ApiError {}
TicketInvalidError.code = "ticket_invalid";

/** No component_verify_ticket stored yet: wait for the push or call startPushTicket. */
export class NoTicketError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.componentAppid = details.component_appid ?? "";
  }
}
NoTicketError.code = "no_ticket";

/** An authorizer cannot be called; `authorizerAppid` names it. */
export class AuthorizerError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.authorizerAppid = details.authorizer_appid ?? "";
  }
}
AuthorizerError.code = "authorizer_error";
/** 61023: the refresh token no longer works; the merchant must authorize again. */
export class NeedsReauthorizationError extends AuthorizerError {}
NeedsReauthorizationError.code = "needs_reauthorization";
/** The authorizer cancelled the authorization (61003 or an unauthorized push). */
export class AuthorizerRevokedError extends AuthorizerError {}
AuthorizerRevokedError.code = "authorizer_revoked";
/** No authorization stored for the authorizer. */
export class UnknownAuthorizerError extends AuthorizerError {}
UnknownAuthorizerError.code = "unknown_authorizer";

/** A read-only platform found no usable token and may not mint one. */
export class ReadOnlyError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.token = details.token ?? "";
    this.authorizerAppid = details.authorizer_appid ?? undefined;
  }
}
ReadOnlyError.code = "read_only";

/** Another holder of a refresh lock did not finish in time (retryable). */
export class LockTimeoutError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.what = details.what ?? "";
    this.waitedMs = details.waited_ms ?? 0;
  }
}
LockTimeoutError.code = "lock_timeout";

/** The host's store failed. */
export class StoreError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.detail = details.detail ?? "";
  }
}
StoreError.code = "store_error";

/** Push encryption or signature failure; `officialCode` is the WXBizMsgCrypt code. */
export class CryptoError extends WxOpenError {
  constructor(message, details = {}) {
    super(message, details);
    this.officialCode = details.official_code ?? 0;
  }
}
CryptoError.code = "crypto_error";

/** -40001: msg_signature mismatch. */
export class SignatureError extends CryptoError {}
SignatureError.code = "signature_mismatch";
/** -40005: the receive id is not the platform appid. */
export class AppidMismatchError extends CryptoError {}
AppidMismatchError.code = "appid_mismatch";
/** -40004: the EncodingAESKey is invalid. */
export class InvalidAesKeyError extends CryptoError {}
InvalidAesKeyError.code = "illegal_aes_key";

/** A push was refused outside the cryptography proper. */
export class WebhookError extends WxOpenError {}
WebhookError.code = "webhook_error";
export class StaleTimestampError extends WebhookError {}
StaleTimestampError.code = "stale_timestamp";
export class BodyTooLargeError extends WebhookError {}
BodyTooLargeError.code = "body_too_large";
export class ForbiddenXmlError extends WebhookError {}
ForbiddenXmlError.code = "forbidden_xml";
export class MissingParameterError extends WebhookError {}
MissingParameterError.code = "missing_parameter";
export class MalformedEventError extends WebhookError {}
MalformedEventError.code = "malformed_event";
/** The decrypted push names another platform in `AppId` than the one it was verified for. */
export class AppidConflictError extends WebhookError {}
AppidConflictError.code = "appid_conflict";

/** The class of every code; crypto failures without a class of their own are CryptoError. */
export const BY_CODE = new Map([
  ["invalid_argument", InvalidArgument],
  ["wrong_token", WrongTokenError],
  ["api_error", ApiError],
  ["http_status", HttpStatusError],
  ["decode_error", DecodeError],
  ["transport_error", TransportError],
  ["signature_mismatch", SignatureError],
  ["xml_parse", CryptoError],
  ["compute_signature", CryptoError],
  ["illegal_aes_key", InvalidAesKeyError],
  ["appid_mismatch", AppidMismatchError],
  ["encrypt_failed", CryptoError],
  ["decrypt_failed", CryptoError],
  ["illegal_buffer", CryptoError],
  ["base64_encode", CryptoError],
  ["base64_decode", CryptoError],
  ["reply_xml", CryptoError],
  ["stale_timestamp", StaleTimestampError],
  ["body_too_large", BodyTooLargeError],
  ["forbidden_xml", ForbiddenXmlError],
  ["missing_parameter", MissingParameterError],
  ["malformed_event", MalformedEventError],
  ["appid_conflict", AppidConflictError],
  ["no_ticket", NoTicketError],
  ["ticket_expired", TicketExpiredError],
  ["ticket_invalid", TicketInvalidError],
  ["needs_reauthorization", NeedsReauthorizationError],
  ["authorizer_revoked", AuthorizerRevokedError],
  ["unknown_authorizer", UnknownAuthorizerError],
  ["read_only", ReadOnlyError],
  ["lock_timeout", LockTimeoutError],
  ["store_error", StoreError],
]);

/** Turns what the core threw into a wxopen error (anything else is rethrown as is). */
export function fromCore(thrown) {
  if (thrown instanceof Error || thrown === null || typeof thrown !== "object" || typeof thrown.code !== "string") {
    return thrown instanceof Error ? thrown : new WxOpenError(String(thrown));
  }
  const cls = BY_CODE.get(thrown.code) ?? ("official_code" in thrown ? CryptoError : WxOpenError);
  const err = new cls(thrown.message ?? thrown.code, thrown);
  err.details = toCamel(thrown);
  return err;
}
