//! One error type for the whole crate.
//!
//! Every failure the core can report is a variant of [`Error`]. Each variant has a stable
//! snake_case [`Error::code`] that the Python and JavaScript bindings use to pick the exception
//! class, so the three languages agree on what went wrong. Messages never contain secrets
//! (tokens, appsecrets, EncodingAESKeys): they name fields and rules, not values.

use std::borrow::Cow;
use std::fmt;

use crate::errcode::{self, Category, ErrcodeInfo};
use crate::token::TokenKind;

/// Everything that can go wrong while building a request, parsing a response or handling a push.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected before anything was sent: `field` broke `rule`.
    InvalidArgument {
        /// The wire name of the offending field (e.g. `open_appid`), or a path like `verify_info.code`.
        field: Cow<'static, str>,
        /// What the field must satisfy, in plain words.
        rule: Cow<'static, str>,
    },
    /// The operation needs another kind of credential than the one given.
    WrongToken {
        /// The operation's name, e.g. `open.bind`.
        operation: &'static str,
        /// What it takes.
        expected: TokenKind,
        /// What it was given.
        got: TokenKind,
    },
    /// WeChat answered with a non-zero `errcode`.
    Api(ApiError),
    /// The HTTP status was not 200 (WeChat reports business errors with 200; anything else is
    /// a transport or gateway failure).
    HttpStatus {
        /// The status received.
        status: u16,
    },
    /// The response body was not the JSON the operation expects.
    Decode {
        /// The field that was missing or malformed, as a path (`authorization_info.expires_in`,
        /// `wxopens.items[0].status`), when one field is to blame.
        field: Option<String>,
        /// What was wrong with it (never the value itself).
        detail: String,
    },
    /// Message encryption or signature failure, with the official WXBizMsgCrypt code.
    Crypto {
        /// Which of the official failures this is.
        kind: CryptoErrorKind,
        /// Extra detail (never key material).
        detail: Cow<'static, str>,
    },
    /// A push was refused before decryption or after it: stale, oversized, or unsafe XML.
    Webhook {
        /// Which rule the push broke.
        kind: WebhookErrorKind,
        /// Extra detail.
        detail: Cow<'static, str>,
    },
    /// The host could not send a request or got no response (network, timeout, DNS), as it
    /// reported to the [`crate::driver`].
    Transport {
        /// What the host said (it must not contain secrets; the driver adds none).
        detail: String,
    },
    /// No `component_verify_ticket` is stored yet for this platform: wait for WeChat's push
    /// (every 10 minutes, handled by the platform's `handle`) or call `start_push_ticket`.
    NoTicket {
        /// The platform.
        component_appid: String,
    },
    /// WeChat refused the stored ticket while minting the component token: 61005 (expired,
    /// older than 12 h) or 61006 (invalid). Code `ticket_expired` or `ticket_invalid`.
    TicketRejected(ApiError),
    /// The authorizer's refresh token no longer works (61023): the merchant must authorize
    /// the platform again. The authorizer is marked so in the store.
    NeedsReauthorization {
        /// The authorizer.
        authorizer_appid: String,
    },
    /// The authorizer cancelled the platform's authorization (61003 or an `unauthorized`
    /// push); its tokens were dropped.
    AuthorizerRevoked {
        /// The authorizer.
        authorizer_appid: String,
    },
    /// The store holds no authorization for this authorizer: complete the authorization
    /// (redirect `auth_code` or `authorized` push) or import its refresh token.
    UnknownAuthorizer {
        /// The authorizer.
        authorizer_appid: String,
    },
    /// A read-only platform found no usable token in the store and may not mint one.
    ReadOnly {
        /// Which token was missing.
        token: TokenKind,
        /// The authorizer, for an authorizer token.
        authorizer_appid: Option<String>,
    },
    /// Another holder of a refresh lock did not produce a token within the wait bound.
    LockTimeout {
        /// What was being refreshed (`component_token`, `authorizer_token`, `auth_code`).
        what: &'static str,
        /// How long this call waited, in milliseconds.
        waited_ms: u64,
    },
    /// The host's store failed (as it reported to the driver).
    Store {
        /// What the host said.
        detail: String,
    },
}

/// A WeChat business error: the `errcode`/`errmsg` pair plus what the catalogue knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operation that failed, e.g. `open.get`.
    pub operation: &'static str,
    /// WeChat's error code.
    pub errcode: i64,
    /// WeChat's message, verbatim (often with a trailing `rid: …`).
    pub errmsg: String,
    /// The catalogue entry, if the code is known (per-operation meaning first).
    pub info: Option<&'static ErrcodeInfo>,
}

impl ApiError {
    /// Builds the error for `operation`, looking the code up in the catalogue.
    pub fn new(operation: &'static str, errcode: i64, errmsg: impl Into<String>) -> Self {
        Self {
            operation,
            errcode,
            errmsg: errmsg.into(),
            info: errcode::lookup(operation, errcode),
        }
    }

    /// English meaning, or a generic text for codes the catalogue does not know.
    pub fn meaning(&self) -> &'static str {
        self.info.map_or("unknown error code", |i| i.en)
    }

    /// Chinese meaning, or a generic text for unknown codes.
    pub fn meaning_zh(&self) -> &'static str {
        self.info.map_or("未知错误码", |i| i.zh)
    }

    /// Category; unknown codes are [`Category::Unknown`].
    pub fn category(&self) -> Category {
        self.info.map_or(Category::Unknown, |i| i.category)
    }

    /// Whether retrying the same call later may succeed.
    pub fn retryable(&self) -> bool {
        self.info.is_some_and(|i| i.retryable)
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.info.map_or(
            "not in the wxopen catalogue; see errmsg and the WeChat documentation",
            |i| i.hint,
        )
    }
}

/// The official WXBizMsgCrypt failure kinds (spec §6.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CryptoErrorKind {
    /// −40001: `msg_signature` does not match.
    ValidateSignature,
    /// −40002: the envelope XML could not be parsed or has no `Encrypt`.
    ParseXml,
    /// −40003: the signature could not be computed.
    ComputeSignature,
    /// −40004: the EncodingAESKey is not 43 characters decoding to 32 bytes.
    IllegalAesKey,
    /// −40005: the receive id is not the expected platform appid.
    ValidateAppid,
    /// −40006: encryption failed.
    EncryptAes,
    /// −40007: decryption failed (e.g. length not a multiple of 16).
    DecryptAes,
    /// −40008: the decrypted buffer is too short or its length field is inconsistent.
    IllegalBuffer,
    /// −40009: Base64 encoding failed.
    EncodeBase64,
    /// −40010: Base64 decoding failed.
    DecodeBase64,
    /// −40011: the reply XML could not be generated.
    GenReturnXml,
}

impl CryptoErrorKind {
    /// The official numeric code (−40001 … −40011).
    pub fn official_code(self) -> i32 {
        match self {
            Self::ValidateSignature => -40001,
            Self::ParseXml => -40002,
            Self::ComputeSignature => -40003,
            Self::IllegalAesKey => -40004,
            Self::ValidateAppid => -40005,
            Self::EncryptAes => -40006,
            Self::DecryptAes => -40007,
            Self::IllegalBuffer => -40008,
            Self::EncodeBase64 => -40009,
            Self::DecodeBase64 => -40010,
            Self::GenReturnXml => -40011,
        }
    }

    /// Stable snake_case code used by the bindings.
    pub fn code(self) -> &'static str {
        match self {
            Self::ValidateSignature => "signature_mismatch",
            Self::ParseXml => "xml_parse",
            Self::ComputeSignature => "compute_signature",
            Self::IllegalAesKey => "illegal_aes_key",
            Self::ValidateAppid => "appid_mismatch",
            Self::EncryptAes => "encrypt_failed",
            Self::DecryptAes => "decrypt_failed",
            Self::IllegalBuffer => "illegal_buffer",
            Self::EncodeBase64 => "base64_encode",
            Self::DecodeBase64 => "base64_decode",
            Self::GenReturnXml => "reply_xml",
        }
    }

    /// Every kind, in official-code order.
    pub const ALL: &'static [Self] = &[
        Self::ValidateSignature,
        Self::ParseXml,
        Self::ComputeSignature,
        Self::IllegalAesKey,
        Self::ValidateAppid,
        Self::EncryptAes,
        Self::DecryptAes,
        Self::IllegalBuffer,
        Self::EncodeBase64,
        Self::DecodeBase64,
        Self::GenReturnXml,
    ];

    fn describe(self) -> &'static str {
        match self {
            Self::ValidateSignature => "msg_signature does not match",
            Self::ParseXml => "push XML could not be parsed",
            Self::ComputeSignature => "signature could not be computed",
            Self::IllegalAesKey => "EncodingAESKey must be 43 characters of [A-Za-z0-9]",
            Self::ValidateAppid => "receive id is not the expected platform appid",
            Self::EncryptAes => "AES encryption failed",
            Self::DecryptAes => "AES decryption failed",
            Self::IllegalBuffer => "decrypted buffer is invalid",
            Self::EncodeBase64 => "Base64 encoding failed",
            Self::DecodeBase64 => "Encrypt is not valid Base64",
            Self::GenReturnXml => "reply XML could not be generated",
        }
    }
}

/// Why a push was refused outside the cryptography proper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// `timestamp` is outside the freshness window (possible replay).
    StaleTimestamp,
    /// The body is larger than the configured limit.
    BodyTooLarge,
    /// The XML has a DOCTYPE or entity declaration (refused to prevent XXE).
    ForbiddenXml,
    /// A required query parameter (`timestamp`, `nonce`, `msg_signature`, …) is missing.
    MissingParameter,
    /// The decrypted event is not a well-formed push (e.g. no `InfoType`).
    MalformedEvent,
    /// The decrypted push names another platform in its `AppId` than the one whose key and
    /// receive id it was verified against (a push for platform A claiming to be for B).
    AppidConflict,
}

impl WebhookErrorKind {
    /// Stable snake_case code used by the bindings.
    pub fn code(self) -> &'static str {
        match self {
            Self::StaleTimestamp => "stale_timestamp",
            Self::BodyTooLarge => "body_too_large",
            Self::ForbiddenXml => "forbidden_xml",
            Self::MissingParameter => "missing_parameter",
            Self::MalformedEvent => "malformed_event",
            Self::AppidConflict => "appid_conflict",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: &'static [Self] = &[
        Self::StaleTimestamp,
        Self::BodyTooLarge,
        Self::ForbiddenXml,
        Self::MissingParameter,
        Self::MalformedEvent,
        Self::AppidConflict,
    ];
}

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(
        field: impl Into<Cow<'static, str>>,
        rule: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::InvalidArgument {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// Shorthand for [`Error::Crypto`].
    pub fn crypto(kind: CryptoErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self::Crypto {
            kind,
            detail: detail.into(),
        }
    }

    /// Shorthand for [`Error::Decode`] without a field.
    pub fn decode(detail: impl Into<String>) -> Self {
        Self::Decode {
            field: None,
            detail: detail.into(),
        }
    }

    /// Shorthand for [`Error::Webhook`].
    pub fn webhook(kind: WebhookErrorKind, detail: impl Into<Cow<'static, str>>) -> Self {
        Self::Webhook {
            kind,
            detail: detail.into(),
        }
    }

    /// The stable snake_case code of this error; the bindings map it to an exception class.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidArgument { .. } => "invalid_argument",
            Self::WrongToken { .. } => "wrong_token",
            Self::Api(_) => "api_error",
            Self::HttpStatus { .. } => "http_status",
            Self::Decode { .. } => "decode_error",
            Self::Crypto { kind, .. } => kind.code(),
            Self::Webhook { kind, .. } => kind.code(),
            Self::Transport { .. } => "transport_error",
            Self::NoTicket { .. } => "no_ticket",
            Self::TicketRejected(e) if e.errcode == 61005 => "ticket_expired",
            Self::TicketRejected(_) => "ticket_invalid",
            Self::NeedsReauthorization { .. } => "needs_reauthorization",
            Self::AuthorizerRevoked { .. } => "authorizer_revoked",
            Self::UnknownAuthorizer { .. } => "unknown_authorizer",
            Self::ReadOnly { .. } => "read_only",
            Self::LockTimeout { .. } => "lock_timeout",
            Self::Store { .. } => "store_error",
        }
    }

    /// The error as one JSON object: `code`, `message`, and the variant's fields. The bindings
    /// turn this into their exception classes, so every language sees the same data.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let mut v = json!({ "code": self.code(), "message": self.to_string(), "retryable": self.retryable() });
        let extra = match self {
            Self::InvalidArgument { field, rule } => json!({ "field": field, "rule": rule }),
            Self::WrongToken {
                operation,
                expected,
                got,
            } => {
                json!({ "operation": operation, "expected": expected, "got": got })
            }
            Self::Api(e) | Self::TicketRejected(e) => json!({
                "operation": e.operation,
                "errcode": e.errcode,
                "errmsg": e.errmsg,
                "meaning": e.meaning(),
                "meaning_zh": e.meaning_zh(),
                "category": e.category().as_str(),
                "hint": e.hint(),
            }),
            Self::HttpStatus { status } => json!({ "status": status }),
            Self::Decode { field, detail } => json!({ "field": field, "detail": detail }),
            Self::Crypto { kind, detail } => {
                json!({ "official_code": kind.official_code(), "detail": detail })
            }
            Self::Webhook { detail, .. } => json!({ "detail": detail }),
            Self::Transport { detail } | Self::Store { detail } => json!({ "detail": detail }),
            Self::NoTicket { component_appid } => json!({ "component_appid": component_appid }),
            Self::NeedsReauthorization { authorizer_appid }
            | Self::AuthorizerRevoked { authorizer_appid }
            | Self::UnknownAuthorizer { authorizer_appid } => {
                json!({ "authorizer_appid": authorizer_appid })
            }
            Self::ReadOnly {
                token,
                authorizer_appid,
            } => json!({ "token": token, "authorizer_appid": authorizer_appid }),
            Self::LockTimeout { what, waited_ms } => {
                json!({ "what": what, "waited_ms": waited_ms })
            }
        };
        if let (Some(obj), serde_json::Value::Object(extra)) = (v.as_object_mut(), extra) {
            obj.extend(extra);
        }
        v
    }

    /// Whether the same call may succeed if retried later.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Api(e) => e.retryable(),
            Self::HttpStatus { status } => *status >= 500 || *status == 429,
            Self::Transport { .. } | Self::LockTimeout { .. } => true,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidArgument { field, rule } => {
                write!(f, "invalid argument `{field}`: {rule}")
            }
            Self::WrongToken {
                operation,
                expected,
                got,
            } => write!(
                f,
                "{operation} needs {}, got {}",
                expected.describe(),
                got.describe()
            ),
            Self::Api(e) => write!(
                f,
                "{} failed: errcode {} ({}): {}",
                e.operation,
                e.errcode,
                e.meaning(),
                e.errmsg
            ),
            Self::HttpStatus { status } => write!(f, "unexpected HTTP status {status}"),
            Self::Decode { detail, .. } => write!(f, "response could not be decoded: {detail}"),
            Self::Crypto { kind, detail } => {
                write!(f, "{} ({})", kind.describe(), kind.official_code())?;
                if !detail.is_empty() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            Self::Webhook { kind, detail } => write!(f, "push refused ({}): {detail}", kind.code()),
            Self::Transport { detail } => write!(f, "request failed in transport: {detail}"),
            Self::NoTicket { component_appid } => write!(
                f,
                "no component_verify_ticket stored for platform {component_appid} yet: wait for WeChat's push (every 10 minutes, passed to handle) or call start_push_ticket"
            ),
            Self::TicketRejected(e) => write!(
                f,
                "{} refused the stored component_verify_ticket: errcode {} ({}): {}; wait for the next push or call start_push_ticket",
                e.operation,
                e.errcode,
                e.meaning(),
                e.errmsg
            ),
            Self::NeedsReauthorization { authorizer_appid } => write!(
                f,
                "authorizer {authorizer_appid} needs re-authorization: its refresh token is no longer valid (61023); send the merchant through the authorization page again"
            ),
            Self::AuthorizerRevoked { authorizer_appid } => write!(
                f,
                "authorizer {authorizer_appid} cancelled the platform's authorization; its tokens were dropped"
            ),
            Self::UnknownAuthorizer { authorizer_appid } => write!(
                f,
                "no authorization stored for authorizer {authorizer_appid}: complete the authorization (redirect auth_code or authorized push) or import its refresh token"
            ),
            Self::ReadOnly {
                token,
                authorizer_appid,
            } => {
                write!(
                    f,
                    "read-only platform: no usable {token} token in the store"
                )?;
                if let Some(appid) = authorizer_appid {
                    write!(f, " for {appid}")?;
                }
                f.write_str(", and a read-only platform never mints or refreshes one")
            }
            Self::LockTimeout { what, waited_ms } => write!(
                f,
                "waited {waited_ms} ms for another holder of the {what} lock to finish; giving up"
            ),
            Self::Store { detail } => write!(f, "store failed: {detail}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

/// How an error code answers "may the same call succeed later?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retryable {
    /// Never: the input, the credentials or the push must change first.
    Never,
    /// Always worth a retry after a pause (the network failed).
    Always,
    /// It depends on the WeChat `errcode` (the catalogue's `retryable`).
    ByErrcode,
    /// It depends on the HTTP status: 5xx and 429 are retryable.
    ByStatus,
}

/// One stable error code, as data: what the bindings build their exception maps from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ErrorCode {
    /// The stable snake_case code ([`Error::code`]).
    pub code: &'static str,
    /// The family the code belongs to: `crypto` (WXBizMsgCrypt failures, with an official
    /// code), `webhook` (a refused push) or `null`.
    pub family: Option<&'static str>,
    /// The official WXBizMsgCrypt code (−40001 … −40011), for the `crypto` family.
    pub official_code: Option<i32>,
    /// Whether the bindings attach the response body (`raw`) to it: errors decided from a
    /// response (`api_error`, `http_status`, `decode_error`).
    pub carries_raw: bool,
    /// Whether retrying may help.
    pub retryable: Retryable,
}

const fn plain(code: &'static str, carries_raw: bool, retryable: Retryable) -> ErrorCode {
    ErrorCode {
        code,
        family: None,
        official_code: None,
        carries_raw,
        retryable,
    }
}

/// Every error code any binding may raise, the core's and `transport_error`: the bindings'
/// code → class maps are checked against this list.
pub fn error_codes() -> Vec<ErrorCode> {
    let mut out = vec![
        plain("invalid_argument", false, Retryable::Never),
        plain("wrong_token", false, Retryable::Never),
        plain("api_error", true, Retryable::ByErrcode),
        plain("http_status", true, Retryable::ByStatus),
        plain("decode_error", true, Retryable::Never),
        // Raised by the host's transport, and by the driver when the host reports one.
        plain("transport_error", false, Retryable::Always),
        // The driver's (docs/driver.md).
        plain("no_ticket", false, Retryable::Never),
        plain("ticket_expired", false, Retryable::Never),
        plain("ticket_invalid", false, Retryable::Never),
        plain("needs_reauthorization", false, Retryable::Never),
        plain("authorizer_revoked", false, Retryable::Never),
        plain("unknown_authorizer", false, Retryable::Never),
        plain("read_only", false, Retryable::Never),
        plain("lock_timeout", false, Retryable::Always),
        plain("store_error", false, Retryable::Never),
    ];
    out.extend(CryptoErrorKind::ALL.iter().map(|k| ErrorCode {
        family: Some("crypto"),
        official_code: Some(k.official_code()),
        ..plain(k.code(), false, Retryable::Never)
    }));
    out.extend(WebhookErrorKind::ALL.iter().map(|k| ErrorCode {
        family: Some("webhook"),
        ..plain(k.code(), false, Retryable::Never)
    }));
    out
}

/// At most `max` characters of `text` (for echoing a caller's key or name in a message), with
/// `…` and the full length when cut.
pub(crate) fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!(
            "{}… ({} characters)",
            text.get(..cut).unwrap_or_default(),
            text.chars().count()
        )),
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
