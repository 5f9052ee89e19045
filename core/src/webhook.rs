//! The one call a host makes for a push: [`Webhook::parse`] takes the query parameters, the raw
//! body and the current time and returns the typed [`Event`] — or the reason it was refused.
//! Pushes of the 消息与事件接收URL go through [`Webhook::parse_message`] instead, which also
//! takes the authorizer appid of the request path and returns a [`Message`]; answer them with
//! [`SUCCESS`], a passive reply ([`Webhook::reply_text`]) or what the full-network-release
//! check expects ([`Webhook::release_check`]).
//!
//! The checks, in order: body size ([`WebhookErrorKind::BodyTooLarge`]), required query
//! parameters ([`WebhookErrorKind::MissingParameter`]), freshness of `timestamp`
//! ([`WebhookErrorKind::StaleTimestamp`]), the envelope XML (−40002, or
//! [`WebhookErrorKind::ForbiddenXml`] for a DOCTYPE), its `AppId` (−40005), `msg_signature`
//! (−40001), decryption and the receive id (−40010, −40007, −40008, −40005), and the event XML
//! — whose `AppId`, when present, must name the platform the push was verified for
//! ([`WebhookErrorKind::AppidConflict`]); the event reports that verified platform.
//!
//! ```
//! use wxopen::webhook::{Query, Webhook};
//!
//! let hook = Webhook::new("token", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx0123456789abcdef")?;
//! // A push as WeChat would send it (built here with the same keys).
//! let xml = "<xml><AppId>wx0123456789abcdef</AppId><CreateTime>1700000000</CreateTime>\
//!            <InfoType>unauthorized</InfoType><AuthorizerAppid>wxaaaa</AuthorizerAppid></xml>";
//! let encrypt = hook.crypt().encrypt(xml.as_bytes(), b"0123456789abcdef")?;
//! let signature = hook.crypt().msg_signature("1700000000", "42", &encrypt);
//! let body = format!("<xml><AppId><![CDATA[wx0123456789abcdef]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
//! let query = Query::parse(&format!("timestamp=1700000000&nonce=42&encrypt_type=aes&msg_signature={signature}"));
//!
//! let event = hook.parse(&query, body.as_bytes(), 1_700_000_010)?;
//! assert_eq!(event.kind(), "unauthorized");
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::api::{component, message as message_api};
use crate::crypto::{MsgCrypt, RANDOM_LEN};
use crate::error::{CryptoErrorKind, Error, Result, WebhookErrorKind};
use crate::event::Event;
use crate::event::xml::{XmlDoc, XmlError};
use crate::message::release::{ReleaseAction, ReleaseInput, release_action_for};
use crate::message::{Message, check_authorizer_appid, text_reply_xml};
use crate::secret::Secret;

/// The body that acknowledges a push without replying (spec §13.2: `success`, or an empty
/// body; WeChat then does not retry). Send it as plain text, unencrypted.
pub const SUCCESS: &str = "success";

/// One platform's push endpoint: its crypto plus the freshness and size rules.
///
/// `Debug` redacts the Token and the EncodingAESKey.
#[derive(Debug, Clone)]
pub struct Webhook {
    crypt: MsgCrypt,
    max_age_secs: Option<u64>,
    max_body_bytes: usize,
}

impl Webhook {
    /// Default freshness window: a push whose `timestamp` is more than 300 s away from "now"
    /// (either direction) is refused as a possible replay.
    pub const DEFAULT_MAX_AGE_SECS: u64 = 300;

    /// Default body limit: 64 KiB (real pushes are under 2 KiB).
    pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

    /// A webhook for the platform `component_appid` with its Token and EncodingAESKey, and the
    /// default limits. Fails like [`MsgCrypt::new`].
    pub fn new(
        token: impl Into<String>,
        encoding_aes_key: &str,
        component_appid: impl Into<String>,
    ) -> Result<Self> {
        Ok(Self::from_crypt(MsgCrypt::new(
            token,
            encoding_aes_key,
            component_appid,
        )?))
    }

    /// A webhook around an existing [`MsgCrypt`], with the default limits.
    pub fn from_crypt(crypt: MsgCrypt) -> Self {
        Self {
            crypt,
            max_age_secs: Some(Self::DEFAULT_MAX_AGE_SECS),
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Sets the freshness window in seconds; `None` turns the check off (only for replaying
    /// recorded pushes in tests — without it a captured push can be replayed forever).
    #[must_use]
    pub fn with_max_age_secs(mut self, max_age_secs: Option<u64>) -> Self {
        self.max_age_secs = max_age_secs;
        self
    }

    /// Sets the largest body accepted, in bytes.
    #[must_use]
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The platform appid this webhook accepts.
    pub fn component_appid(&self) -> &str {
        self.crypt.appid()
    }

    /// The freshness window (`None` = unchecked).
    pub fn max_age_secs(&self) -> Option<u64> {
        self.max_age_secs
    }

    /// The body limit in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The underlying crypto, e.g. to encrypt a reply.
    pub fn crypt(&self) -> &MsgCrypt {
        &self.crypt
    }

    /// Verifies, decrypts and parses a push. `now_unix_secs` is the current time.
    ///
    /// Needs the query parameters `timestamp`, `nonce` and `msg_signature` (`signature` and
    /// `encrypt_type` are not used: third-party platforms are safe-mode only).
    pub fn parse(&self, query: &Query, body: &[u8], now_unix_secs: i64) -> Result<Event> {
        self.check_body(body)?;
        let (timestamp, nonce, msg_signature) = required_parts(query)?;
        self.parse_parts(timestamp, nonce, msg_signature, body, now_unix_secs)
    }

    /// [`Webhook::parse`] with the three query parameters it reads given directly, for hosts
    /// that already have them as strings (no [`Query`] to build). Same checks, same errors.
    pub fn parse_parts(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now_unix_secs: i64,
    ) -> Result<Event> {
        let encrypt =
            self.verified_encrypt(timestamp, nonce, msg_signature, body, now_unix_secs)?;
        // `decrypt_with` has checked the receive id against this platform's appid, so the
        // event is for that platform whatever its inner `AppId` claims.
        self.crypt.decrypt_with(&encrypt, |xml| {
            Event::from_verified_xml(xml, self.crypt.appid())
        })
    }

    /// Verifies, decrypts and parses a push of the 消息与事件接收URL (spec §13): a message or
    /// event of the account `authorizer_appid`, the appid the request path carries (the URL's
    /// `$APPID$`). The envelope is `<ToUserName>`+`<Encrypt>`; the keys and the receive id are
    /// the platform's, as for [`Webhook::parse`], with the same checks in the same order. The
    /// `openid` query parameter is not needed.
    ///
    /// The path is not covered by the signature: see [`crate::message`] for what that means.
    /// An `authorizer_appid` that could not be an appid is an [`Error::InvalidArgument`],
    /// before anything else is checked.
    pub fn parse_message(
        &self,
        authorizer_appid: &str,
        query: &Query,
        body: &[u8],
        now_unix_secs: i64,
    ) -> Result<Message> {
        check_authorizer_appid(authorizer_appid)?;
        self.check_body(body)?;
        let (timestamp, nonce, msg_signature) = required_parts(query)?;
        self.parse_message_parts(
            authorizer_appid,
            timestamp,
            nonce,
            msg_signature,
            body,
            now_unix_secs,
        )
    }

    /// [`Webhook::parse_message`] with the three query parameters it reads given directly.
    pub fn parse_message_parts(
        &self,
        authorizer_appid: &str,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now_unix_secs: i64,
    ) -> Result<Message> {
        check_authorizer_appid(authorizer_appid)?;
        let encrypt =
            self.verified_encrypt(timestamp, nonce, msg_signature, body, now_unix_secs)?;
        self.crypt.decrypt_with(&encrypt, |xml| {
            Message::from_verified_xml(xml, self.crypt.appid(), authorizer_appid)
        })
    }

    /// The encrypted passive text reply to `message` (spec §13.2): the reply plaintext of
    /// [`Message::text_reply`] with `CreateTime` = `timestamp`, encrypted and signed with the
    /// platform's keys (receive id = the platform appid) as [`Webhook::encrypt_reply`] does.
    /// Answer the push with it as the body.
    pub fn reply_text(
        &self,
        message: &Message,
        content: &str,
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String> {
        let xml = message.text_reply(content, timestamp)?;
        self.encrypt_reply(xml.as_bytes(), random, timestamp, nonce)
    }

    /// [`Webhook::reply_text`] for a message given by its two users: `account` is its
    /// `ToUserName`, `user` its `FromUserName` (see [`text_reply_xml`]).
    pub fn reply_text_to(
        &self,
        account: &str,
        user: &str,
        content: &str,
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String> {
        let xml = text_reply_xml(account, user, content, timestamp)?;
        self.encrypt_reply(xml.as_bytes(), random, timestamp, nonce)
    }

    /// What to answer a message of the full-network-release check (spec §13.5; see
    /// [`crate::message::release`]): `None` when `message` is not one of its messages (or not
    /// for a test account and `any_account` is false). Otherwise the body to answer with (an
    /// encrypted text reply, or empty) and, for the `QUERY_AUTH_CODE` case, the calls to make
    /// next ([`ReleaseFollowUp`]).
    pub fn release_check(
        &self,
        message: &Message,
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
        any_account: bool,
    ) -> Result<Option<ReleaseCheck>> {
        let input = ReleaseInput::of(message);
        self.release_check_for(&input, random, timestamp, nonce, any_account)
    }

    /// [`Webhook::release_check`] on the parts of a message (for a host whose message object
    /// lives in its own language).
    pub fn release_check_for(
        &self,
        input: &ReleaseInput<'_>,
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
        any_account: bool,
    ) -> Result<Option<ReleaseCheck>> {
        check_authorizer_appid(input.authorizer_appid)?;
        let Some(action) = release_action_for(input, any_account) else {
            return Ok(None);
        };
        Ok(Some(match action {
            ReleaseAction::ReplyText { content } => {
                let account = input.to_user_name.unwrap_or_default();
                let user = input.from_user_name.unwrap_or_default();
                ReleaseCheck {
                    body: self.reply_text_to(account, user, &content, random, timestamp, nonce)?,
                    follow_up: None,
                }
            }
            ReleaseAction::QueryAuthCode {
                authorization_code,
                touser,
                content,
            } => ReleaseCheck {
                body: String::new(),
                follow_up: Some(ReleaseFollowUp {
                    component_appid: self.component_appid().to_owned(),
                    authorizer_appid: input.authorizer_appid.to_owned(),
                    authorization_code,
                    touser,
                    content,
                }),
            },
        }))
    }

    /// Like [`Webhook::parse`] but returns the decrypted XML instead of parsing it (for tools
    /// and pushes of either URL; [`Webhook::parse_message`] parses those of the message URL).
    pub fn decrypt(&self, query: &Query, body: &[u8], now_unix_secs: i64) -> Result<Vec<u8>> {
        self.check_body(body)?;
        let (timestamp, nonce, msg_signature) = required_parts(query)?;
        self.decrypt_parts(timestamp, nonce, msg_signature, body, now_unix_secs)
    }

    /// [`Webhook::decrypt`] with the three query parameters given directly (see
    /// [`Webhook::parse_parts`]).
    pub fn decrypt_parts(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now_unix_secs: i64,
    ) -> Result<Vec<u8>> {
        let encrypt =
            self.verified_encrypt(timestamp, nonce, msg_signature, body, now_unix_secs)?;
        self.crypt.decrypt(&encrypt)
    }

    /// Every check before decryption, in the documented order; returns the verified `Encrypt`.
    fn verified_encrypt<'b>(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &'b [u8],
        now_unix_secs: i64,
    ) -> Result<Cow<'b, str>> {
        self.check_body(body)?;
        self.check_freshness(timestamp, now_unix_secs)?;
        let envelope = Envelope::parse(body)?;
        if let Some(app_id) = &envelope.app_id {
            if app_id.trim() != self.crypt.appid() {
                return Err(Error::crypto(
                    CryptoErrorKind::ValidateAppid,
                    "envelope AppId is not this platform",
                ));
            }
        }
        self.crypt
            .verify_msg_signature(msg_signature, timestamp, nonce, &envelope.encrypt)?;
        Ok(envelope.encrypt)
    }

    fn check_body(&self, body: &[u8]) -> Result<()> {
        if body.len() > self.max_body_bytes {
            return Err(Error::webhook(
                WebhookErrorKind::BodyTooLarge,
                format!("body larger than {} bytes", self.max_body_bytes),
            ));
        }
        Ok(())
    }

    /// Answers WeChat's URL verification (GET): returns the text to send back as the body.
    ///
    /// With `msg_signature` (safe mode) `echostr` is encrypted: the signature is checked over
    /// it and the decrypted text is returned. Otherwise the plain `signature` (over token,
    /// timestamp, nonce) is checked and `echostr` is returned as is. The freshness rule applies.
    pub fn verify_url(&self, query: &Query, now_unix_secs: i64) -> Result<String> {
        let timestamp = required(&query.timestamp, "timestamp")?;
        let nonce = required(&query.nonce, "nonce")?;
        let echostr = required(&query.echostr, "echostr")?;
        self.check_freshness(timestamp, now_unix_secs)?;
        if let Some(msg_signature) = &query.msg_signature {
            let plain = self
                .crypt
                .decrypt_verified(msg_signature, timestamp, nonce, echostr)?;
            return String::from_utf8(plain).map_err(|_| {
                Error::crypto(CryptoErrorKind::IllegalBuffer, "echostr is not UTF-8")
            });
        }
        let signature = required(&query.signature, "signature")?;
        self.crypt
            .verify_url_signature(signature, timestamp, nonce)?;
        Ok(echostr.to_owned())
    }

    /// Encrypts and signs a reply body (see [`MsgCrypt::encrypt_reply`]). Component events
    /// never need one; answer them with plain `success`.
    pub fn encrypt_reply(
        &self,
        msg: &[u8],
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String> {
        self.crypt.encrypt_reply(msg, random, timestamp, nonce)
    }

    fn check_freshness(&self, timestamp: &str, now_unix_secs: i64) -> Result<()> {
        let Some(max_age) = self.max_age_secs else {
            return Ok(());
        };
        let Ok(sent) = timestamp.trim().parse::<i64>() else {
            return Err(Error::webhook(
                WebhookErrorKind::StaleTimestamp,
                "timestamp is not a unix time",
            ));
        };
        if sent.abs_diff(now_unix_secs) > max_age {
            return Err(Error::webhook(
                WebhookErrorKind::StaleTimestamp,
                format!("timestamp is more than {max_age} s away from now"),
            ));
        }
        Ok(())
    }
}

/// Several platforms behind one URL: picks the [`Webhook`] by the envelope's `AppId`.
///
/// The `AppId` is not covered by the signature; it only chooses which keys to try, and the
/// chosen platform's signature and receive id checks still apply.
#[derive(Debug, Clone, Default)]
pub struct WebhookRouter {
    hooks: Vec<Webhook>,
}

impl WebhookRouter {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a platform (replacing one with the same appid).
    pub fn insert(&mut self, hook: Webhook) {
        self.hooks
            .retain(|h| h.component_appid() != hook.component_appid());
        self.hooks.push(hook);
    }

    /// Builder form of [`WebhookRouter::insert`].
    #[must_use]
    pub fn with(mut self, hook: Webhook) -> Self {
        self.insert(hook);
        self
    }

    /// The platform with this appid.
    pub fn get(&self, component_appid: &str) -> Option<&Webhook> {
        self.hooks
            .iter()
            .find(|h| h.component_appid() == component_appid)
    }

    /// Routes by envelope `AppId` and parses with that platform's [`Webhook::parse`]. An
    /// envelope without `AppId` goes to the only platform if there is exactly one. No platform
    /// for the `AppId` is −40005 ([`CryptoErrorKind::ValidateAppid`]).
    pub fn parse(&self, query: &Query, body: &[u8], now_unix_secs: i64) -> Result<Event> {
        let hook = self.route(body)?;
        hook.parse(query, body, now_unix_secs)
    }

    /// [`WebhookRouter::parse`] with the three query parameters given directly (see
    /// [`Webhook::parse_parts`]).
    pub fn parse_parts(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now_unix_secs: i64,
    ) -> Result<Event> {
        let hook = self.route(body)?;
        hook.parse_parts(timestamp, nonce, msg_signature, body, now_unix_secs)
    }

    fn route(&self, body: &[u8]) -> Result<&Webhook> {
        let limit = self.hooks.iter().map(Webhook::max_body_bytes).max();
        if body.len() > limit.unwrap_or(Webhook::DEFAULT_MAX_BODY_BYTES) {
            return Err(Error::webhook(
                WebhookErrorKind::BodyTooLarge,
                "body larger than every platform's limit",
            ));
        }
        let hook = match (peek_app_id(body)?, self.hooks.as_slice()) {
            (Some(app_id), _) => self.get(app_id.trim()),
            (None, [only]) => Some(only),
            (None, _) => None,
        };
        hook.ok_or_else(|| {
            Error::crypto(
                CryptoErrorKind::ValidateAppid,
                "no platform configured for the envelope AppId",
            )
        })
    }
}

/// The answer to a message of the full-network-release check ([`Webhook::release_check`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseCheck {
    /// The HTTP body to answer the push with right away: an encrypted reply, or empty.
    pub body: String,
    /// The calls to make after answering (the `QUERY_AUTH_CODE` case), if any.
    pub follow_up: Option<ReleaseFollowUp>,
}

/// The `QUERY_AUTH_CODE` case's calls: exchange the code ([`ReleaseFollowUp::query_auth`], with
/// the component token), then send the text with the authorizer token the exchange returned
/// ([`ReleaseFollowUp::custom_send`]). `Debug` masks the code, also inside `content`.
#[derive(Clone, PartialEq, Eq)]
pub struct ReleaseFollowUp {
    /// The platform.
    pub component_appid: String,
    /// The test account (the request path's appid).
    pub authorizer_appid: String,
    /// The code to exchange.
    pub authorization_code: Secret,
    /// The user to send `content` to.
    pub touser: String,
    /// `<code>_from_api`.
    pub content: String,
}

impl ReleaseFollowUp {
    /// The `api_query_auth` call (component token).
    pub fn query_auth(&self) -> component::QueryAuth {
        component::QueryAuth {
            component_appid: self.component_appid.clone(),
            authorization_code: self.authorization_code.clone(),
        }
    }

    /// The `message/custom/send` call (authorizer token of the test account).
    pub fn custom_send(&self) -> message_api::CustomSend {
        message_api::CustomSend::text(self.touser.clone(), self.content.clone())
    }
}

impl std::fmt::Debug for ReleaseFollowUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseFollowUp")
            .field("component_appid", &self.component_appid)
            .field("authorizer_appid", &self.authorizer_appid)
            .field("authorization_code", &self.authorization_code)
            .field("touser", &self.touser)
            .field(
                "content",
                &crate::message::release::masked_content(&self.content),
            )
            .finish()
    }
}

/// The envelope's `AppId` (platform appid of a component push), without verifying anything —
/// for choosing which [`Webhook`] to use. `Ok(None)` if the envelope has no `AppId`.
pub fn peek_app_id(body: &[u8]) -> Result<Option<String>> {
    Ok(Envelope::parse(body)?.app_id.map(Cow::into_owned))
}

/// The outer XML of a push (spec §6.2), before decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// `AppId`: the platform appid (component pushes).
    pub app_id: Option<Cow<'a, str>>,
    /// `ToUserName`: the receiving account (pushes of authorized accounts).
    pub to_user_name: Option<Cow<'a, str>>,
    /// `Encrypt`: the Base64 ciphertext, exactly as signed.
    pub encrypt: Cow<'a, str>,
}

impl<'a> Envelope<'a> {
    /// Parses the envelope. −40002 ([`CryptoErrorKind::ParseXml`]) if it is not XML or has no
    /// `Encrypt`; [`WebhookErrorKind::ForbiddenXml`] for a DOCTYPE or entity declaration.
    pub fn parse(body: &'a [u8]) -> Result<Self> {
        let mut doc = XmlDoc::parse(body).map_err(|e| match e {
            XmlError::Forbidden(detail) => Error::webhook(WebhookErrorKind::ForbiddenXml, detail),
            XmlError::Malformed(detail) => Error::crypto(CryptoErrorKind::ParseXml, detail),
        })?;
        let encrypt = doc
            .take("Encrypt")
            .ok_or_else(|| Error::crypto(CryptoErrorKind::ParseXml, "envelope has no Encrypt"))?;
        Ok(Self {
            app_id: doc.take("AppId"),
            to_user_name: doc.take("ToUserName"),
            encrypt,
        })
    }
}

/// The query parameters the core reads from a push or a URL verification, by name. A binding
/// that receives a mapping reads only these keys.
pub const QUERY_KEYS: [&str; 7] = [
    "timestamp",
    "nonce",
    "msg_signature",
    "signature",
    "encrypt_type",
    "echostr",
    "openid",
];

/// The query parameters of a push or URL verification, percent-decoded.
///
/// Build it from the raw query string ([`Query::parse`]) or from the pairs a web framework has
/// already decoded ([`Query::from_pairs`]). Unknown parameters are ignored; for a repeated one
/// the first occurrence wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// `timestamp` (unix seconds, as sent — the signature covers the exact text).
    pub timestamp: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `msg_signature`: signature over token, timestamp, nonce and `Encrypt`.
    pub msg_signature: Option<String>,
    /// `signature`: signature over token, timestamp and nonce only.
    pub signature: Option<String>,
    /// `encrypt_type` (`aes` for safe mode).
    pub encrypt_type: Option<String>,
    /// `echostr` of a URL verification.
    pub echostr: Option<String>,
    /// `openid` (pushes of authorized accounts' users).
    pub openid: Option<String>,
}

impl Query {
    /// Parses a raw query string such as `timestamp=1&nonce=2&msg_signature=…` (a leading `?`
    /// is allowed). Values are percent-decoded; `+` is kept as `+` (not turned into a space),
    /// because a Base64 `echostr` may carry it unescaped. Invalid UTF-8 is replaced (U+FFFD).
    pub fn parse(raw: &str) -> Self {
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        Self::from_pairs(raw.split('&').filter(|p| !p.is_empty()).map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(key).decode_utf8_lossy(),
                percent_decode_str(value).decode_utf8_lossy(),
            )
        }))
    }

    /// Builds the query from already-decoded `(key, value)` pairs.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut query = Self::default();
        for (key, value) in pairs {
            let slot = match key.as_ref() {
                "timestamp" => &mut query.timestamp,
                "nonce" => &mut query.nonce,
                "msg_signature" => &mut query.msg_signature,
                "signature" => &mut query.signature,
                "encrypt_type" => &mut query.encrypt_type,
                "echostr" => &mut query.echostr,
                "openid" => &mut query.openid,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.as_ref().to_owned());
            }
        }
        query
    }
}

/// `timestamp`, `nonce` and `msg_signature`, or the first one missing.
fn required_parts(query: &Query) -> Result<(&str, &str, &str)> {
    Ok((
        required(&query.timestamp, "timestamp")?,
        required(&query.nonce, "nonce")?,
        required(&query.msg_signature, "msg_signature")?,
    ))
}

fn required<'q>(value: &'q Option<String>, name: &'static str) -> Result<&'q str> {
    value.as_deref().ok_or_else(|| {
        Error::webhook(
            WebhookErrorKind::MissingParameter,
            format!("missing query parameter {name}"),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn query_parsing() {
        let q =
            Query::parse("?timestamp=1&nonce=a%2Bb+c&x=1&nonce=second&echostr=ab%3D%3D&signature");
        assert_eq!(q.timestamp.as_deref(), Some("1"));
        assert_eq!(q.nonce.as_deref(), Some("a+b+c"));
        assert_eq!(q.echostr.as_deref(), Some("ab=="));
        assert_eq!(q.signature.as_deref(), Some(""));
        assert_eq!(q.msg_signature, None);
        let p = Query::from_pairs([("timestamp", "1"), ("nonce", "a+b+c"), ("echostr", "ab==")]);
        assert_eq!(p.timestamp, q.timestamp);
        assert_eq!(p.nonce, q.nonce);
    }

    #[test]
    fn freshness_window() {
        let hook = Webhook::new("t", KEY, "wx").unwrap();
        assert!(hook.check_freshness("1000", 1300).is_ok());
        assert!(hook.check_freshness("1000", 700).is_ok());
        assert!(hook.check_freshness("1000", 1301).is_err());
        assert!(hook.check_freshness("x", 1000).is_err());
        assert!(
            hook.check_freshness("-9223372036854775808", i64::MAX)
                .is_err()
        );
        let off = hook.with_max_age_secs(None);
        assert!(off.check_freshness("x", 0).is_ok());
    }

    #[test]
    fn router_picks_by_app_id() {
        let a = Webhook::new("ta", KEY, "wxa").unwrap();
        let b = Webhook::new("tb", KEY, "wxb").unwrap();
        let router = WebhookRouter::new().with(a).with(b.clone());
        let xml = "<xml><AppId>wxb</AppId><CreateTime>5</CreateTime><InfoType>x</InfoType></xml>";
        let enc = b.crypt().encrypt(xml.as_bytes(), &[1; 16]).unwrap();
        let sig = b.crypt().msg_signature("5", "n", &enc);
        let body = format!("<xml><AppId>wxb</AppId><Encrypt>{enc}</Encrypt></xml>");
        let q = Query::from_pairs([("timestamp", "5"), ("nonce", "n"), ("msg_signature", &sig)]);
        let event = router.parse(&q, body.as_bytes(), 5).unwrap();
        assert_eq!(event.header().component_appid, "wxb");
        assert_eq!(event.header().create_time, Some(5));
        assert_eq!(
            router
                .parse_parts("5", "n", &sig, body.as_bytes(), 5)
                .unwrap(),
            event
        );
        assert_eq!(
            b.parse_parts("5", "n", &sig, body.as_bytes(), 5).unwrap(),
            event
        );
        assert_eq!(
            b.decrypt_parts("5", "n", &sig, body.as_bytes(), 5).unwrap(),
            xml.as_bytes()
        );
        for (ts, nonce, s, now) in [
            ("5", "n", "0", 5),
            ("5", "m", sig.as_str(), 5),
            ("5", "n", sig.as_str(), 900),
        ] {
            let q = Query::from_pairs([("timestamp", ts), ("nonce", nonce), ("msg_signature", s)]);
            assert_eq!(
                b.parse_parts(ts, nonce, s, body.as_bytes(), now)
                    .unwrap_err()
                    .code(),
                b.parse(&q, body.as_bytes(), now).unwrap_err().code()
            );
        }
        let other = body.replace("wxb", "wxc");
        assert_eq!(
            router.parse(&q, other.as_bytes(), 5).unwrap_err().code(),
            "appid_mismatch"
        );
        assert_eq!(
            peek_app_id(body.as_bytes()).unwrap().as_deref(),
            Some("wxb")
        );
    }
}
