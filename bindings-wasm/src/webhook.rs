//! wasm-bindgen glue for push handling; `js/webhook.mjs` wraps it with the clock and the error
//! classes. An event crosses as a tape in wasm memory that `js/event_tape.mjs` reads (see
//! `event_tape`): cheaper than JSON text, and than building the object through many boundary
//! calls.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wxopen::MsgCrypt;
use wxopen::message::release::ReleaseInput;
use wxopen::webhook::{Query, Webhook, WebhookRouter};

use crate::event_tape;
use crate::provider::{HostCrypto, HostProvider};
use crate::{to_js_err, whole};

/// The query: a raw query string when given, else the decoded `(key, value)` pairs.
pub(crate) fn query(raw: Option<String>, keys: Vec<String>, values: Vec<String>) -> Query {
    match raw {
        Some(raw) => Query::parse(&raw),
        None => Query::from_pairs(keys.into_iter().zip(values)),
    }
}

/// JS `number` → unix seconds (`field` names it in the error): whole, within ±2^53.
fn unix_secs(field: &'static str, now: f64) -> Result<i64, JsValue> {
    whole(field, now, -(1 << 53), 1 << 53).map_err(|e| to_js_err(&e))
}

/// Stores `event` (or a message) on the tape (see `event_tape`) and returns where JS reads it.
fn store_event<T: serde::Serialize>(event: wxopen::Result<T>) -> Result<usize, JsValue> {
    let event = event.map_err(|e| to_js_err(&e))?;
    event_tape::store(&event).map_err(|e| JsValue::from_str(&e))
}

/// What a release check answers, for JS (JSON text: rare, so no tape).
#[derive(serde::Serialize)]
struct ReleaseOut<'a> {
    action: &'static str,
    body: &'a str,
    follow_up: Option<FollowUpOut<'a>>,
}

/// The follow-up, with the inputs of its two calls as the core builds them.
#[derive(serde::Serialize)]
struct FollowUpOut<'a> {
    component_appid: &'a str,
    authorizer_appid: &'a str,
    authorization_code: &'a str,
    touser: &'a str,
    content: &'a str,
    query_auth: wxopen::api::component::QueryAuth,
    custom_send: wxopen::api::message::CustomSend,
}

/// One platform's push endpoint.
#[derive(Debug)]
#[wasm_bindgen(js_name = Webhook)]
pub struct JsWebhook {
    inner: Webhook,
}

#[wasm_bindgen(js_class = Webhook)]
impl JsWebhook {
    /// `maxAge` `undefined`/`null` turns the freshness check off (the JS wrapper passes the
    /// default for an absent option and `null` only when the caller wrote `null`). Both numbers
    /// must be whole and in range: anything else is an `InvalidArgument`, never a wrap.
    /// `crypto`: the host's SHA-1 and AES in the shape `provider.rs` describes; without it the
    /// pure-Rust primitives run in wasm.
    #[wasm_bindgen(constructor)]
    pub fn new(
        token: &str,
        encoding_aes_key: &str,
        component_appid: &str,
        max_age: Option<f64>,
        max_body_bytes: f64,
        crypto: Option<HostCrypto>,
    ) -> Result<JsWebhook, JsValue> {
        let limits = (|| {
            let max_age = max_age
                .map(|a| whole("max_age", a, 0, (1 << 53) - 1))
                .transpose()?;
            let max_body = whole("max_body_bytes", max_body_bytes, 0, i64::from(u32::MAX))?;
            Ok::<_, wxopen::Error>((max_age, max_body))
        })();
        let (max_age, max_body) = limits.map_err(|e| to_js_err(&e))?;
        let crypt = match crypto {
            Some(host) => {
                let provider = HostProvider::new(host).map_err(|e| {
                    to_js_err(&wxopen::Error::invalid("crypto", e.detail().to_owned()))
                })?;
                MsgCrypt::with_provider(
                    token,
                    encoding_aes_key,
                    component_appid,
                    Arc::new(provider),
                )
            }
            None => MsgCrypt::new(token, encoding_aes_key, component_appid),
        };
        let inner = Webhook::from_crypt(crypt.map_err(|e| to_js_err(&e))?)
            .with_max_age_secs(max_age.and_then(|a| u64::try_from(a).ok()))
            .with_max_body_bytes(usize::try_from(max_body).unwrap_or(usize::MAX));
        Ok(Self { inner })
    }

    /// Verifies, decrypts and parses a push; stores the event (see [`store_event`]).
    pub fn parse(
        &self,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        let query = query(raw_query, keys, values);
        store_event(self.inner.parse(&query, body, unix_secs("now", now)?))
    }

    /// [`JsWebhook::parse`] with the three query parameters it reads given directly.
    #[wasm_bindgen(js_name = parseParts)]
    pub fn parse_parts(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        store_event(self.inner.parse_parts(
            timestamp,
            nonce,
            msg_signature,
            body,
            unix_secs("now", now)?,
        ))
    }

    /// Verifies, decrypts and parses a push of the message URL for the account
    /// `authorizer_appid` (the request path's); stores the message (see [`store_event`]).
    #[wasm_bindgen(js_name = parseMessage)]
    pub fn parse_message(
        &self,
        authorizer_appid: &str,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        let query = query(raw_query, keys, values);
        let now = unix_secs("now", now)?;
        store_event(
            self.inner
                .parse_message(authorizer_appid, &query, body, now),
        )
    }

    /// [`JsWebhook::parse_message`] with the three query parameters given directly.
    #[wasm_bindgen(js_name = parseMessageParts)]
    pub fn parse_message_parts(
        &self,
        authorizer_appid: &str,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        let now = unix_secs("now", now)?;
        store_event(self.inner.parse_message_parts(
            authorizer_appid,
            timestamp,
            nonce,
            msg_signature,
            body,
            now,
        ))
    }

    /// The encrypted passive text reply to a message received by `to_user_name` from
    /// `from_user_name` (the message's own fields); `random` must be 16 bytes.
    #[wasm_bindgen(js_name = replyText)]
    pub fn reply_text(
        &self,
        to_user_name: &str,
        from_user_name: &str,
        content: &str,
        random: &[u8],
        timestamp: f64,
        nonce: &str,
    ) -> Result<String, JsValue> {
        let random = random16(random)?;
        let timestamp = unix_secs("timestamp", timestamp)?;
        self.inner
            .reply_text_to(
                to_user_name,
                from_user_name,
                content,
                &random,
                timestamp,
                nonce,
            )
            .map_err(|e| to_js_err(&e))
    }

    /// The full-network-release check on a message's parts: `undefined` when it is not one of
    /// the check's messages, else JSON text `{action, body, follow_up}`.
    // One argument per field the check reads; a struct would only move the unpacking to JS.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = releaseCheck)]
    pub fn release_check(
        &self,
        authorizer_appid: &str,
        to_user_name: Option<String>,
        from_user_name: Option<String>,
        msg_type: Option<String>,
        event: Option<String>,
        content: Option<String>,
        any_account: bool,
        random: &[u8],
        timestamp: f64,
        nonce: &str,
    ) -> Result<Option<String>, JsValue> {
        let random = random16(random)?;
        let timestamp = unix_secs("timestamp", timestamp)?;
        let input = ReleaseInput {
            authorizer_appid,
            to_user_name: to_user_name.as_deref(),
            from_user_name: from_user_name.as_deref(),
            msg_type: msg_type.as_deref(),
            event: event.as_deref(),
            content: content.as_deref(),
        };
        let check = self
            .inner
            .release_check_for(&input, &random, timestamp, nonce, any_account)
            .map_err(|e| to_js_err(&e))?;
        let Some(check) = check else {
            return Ok(None);
        };
        let follow_up = check.follow_up.as_ref().map(|f| FollowUpOut {
            component_appid: &f.component_appid,
            authorizer_appid: &f.authorizer_appid,
            authorization_code: f.authorization_code.expose(),
            touser: &f.touser,
            content: &f.content,
            query_auth: f.query_auth(),
            custom_send: f.custom_send(),
        });
        let out = ReleaseOut {
            action: if follow_up.is_some() {
                "query_auth_code"
            } else {
                "reply_text"
            },
            body: &check.body,
            follow_up,
        };
        serde_json::to_string(&out)
            .map(Some)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Verifies and decrypts a push; returns the decrypted XML bytes.
    pub fn decrypt(
        &self,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        body: &[u8],
        now: f64,
    ) -> Result<Vec<u8>, JsValue> {
        let now = unix_secs("now", now)?;
        self.inner
            .decrypt(&query(raw_query, keys, values), body, now)
            .map_err(|e| to_js_err(&e))
    }

    /// Answers a URL verification; returns the text to send back.
    #[wasm_bindgen(js_name = verifyUrl)]
    pub fn verify_url(
        &self,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        now: f64,
    ) -> Result<String, JsValue> {
        let now = unix_secs("now", now)?;
        self.inner
            .verify_url(&query(raw_query, keys, values), now)
            .map_err(|e| to_js_err(&e))
    }

    /// Encrypts and signs a reply; `random` must be 16 bytes.
    #[wasm_bindgen(js_name = encryptReply)]
    pub fn encrypt_reply(
        &self,
        msg: &[u8],
        random: &[u8],
        timestamp: f64,
        nonce: &str,
    ) -> Result<String, JsValue> {
        let random = random16(random)?;
        let timestamp = unix_secs("timestamp", timestamp)?;
        self.inner
            .encrypt_reply(msg, &random, timestamp, nonce)
            .map_err(|e| to_js_err(&e))
    }

    /// Encrypts a message and signs it as WeChat does: `[encrypt, msgSignature]`.
    pub fn encrypt(
        &self,
        msg: &[u8],
        random: &[u8],
        timestamp: &str,
        nonce: &str,
    ) -> Result<Vec<String>, JsValue> {
        let random = random16(random)?;
        let crypt = self.inner.crypt();
        let encrypt = crypt.encrypt(msg, &random).map_err(|e| to_js_err(&e))?;
        let signature = crypt.msg_signature(timestamp, nonce, &encrypt);
        Ok(vec![encrypt, signature])
    }

    /// The platform appid.
    #[wasm_bindgen(getter, js_name = componentAppid)]
    pub fn component_appid(&self) -> String {
        self.inner.component_appid().to_owned()
    }

    /// The freshness window in seconds (`undefined` = unchecked).
    #[wasm_bindgen(getter, js_name = maxAgeSecs)]
    pub fn max_age_secs(&self) -> Option<f64> {
        self.inner.max_age_secs().map(|s| s as f64)
    }

    /// The body limit in bytes.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> f64 {
        self.inner.max_body_bytes() as f64
    }
}

fn random16(random: &[u8]) -> Result<[u8; 16], JsValue> {
    random.try_into().map_err(|_| {
        to_js_err(&wxopen::Error::invalid(
            "random",
            "must be exactly 16 bytes",
        ))
    })
}

/// Several platforms behind one URL.
#[derive(Debug)]
#[wasm_bindgen(js_name = WebhookRouter)]
pub struct JsWebhookRouter {
    inner: WebhookRouter,
}

#[wasm_bindgen(js_class = WebhookRouter)]
impl JsWebhookRouter {
    /// An empty router.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsWebhookRouter {
        Self {
            inner: WebhookRouter::new(),
        }
    }

    /// Adds a platform (replacing one with the same appid).
    pub fn insert(&mut self, hook: &JsWebhook) {
        self.inner.insert(hook.inner.clone());
    }

    /// Routes by the envelope's AppId, then verifies, decrypts and parses; stores the event
    /// (see [`store_event`]).
    pub fn parse(
        &self,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        let query = query(raw_query, keys, values);
        store_event(self.inner.parse(&query, body, unix_secs("now", now)?))
    }

    /// [`JsWebhookRouter::parse`] with the three query parameters given directly.
    #[wasm_bindgen(js_name = parseParts)]
    pub fn parse_parts(
        &self,
        timestamp: &str,
        nonce: &str,
        msg_signature: &str,
        body: &[u8],
        now: f64,
    ) -> Result<usize, JsValue> {
        store_event(self.inner.parse_parts(
            timestamp,
            nonce,
            msg_signature,
            body,
            unix_secs("now", now)?,
        ))
    }
}

impl Default for JsWebhookRouter {
    fn default() -> Self {
        Self::new()
    }
}

/// The SHA-1 signature of spec §6.6 over `parts` (token, timestamp, nonce[, encrypt]).
#[wasm_bindgen]
pub fn signature(parts: Vec<String>) -> String {
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    wxopen::crypto::sha1_signature(&parts)
}

/// The plaintext XML of a passive text reply to a message received by `to_user_name` from
/// `from_user_name` (sender and receiver swapped by the core).
#[wasm_bindgen(js_name = textReply)]
pub fn text_reply(
    to_user_name: &str,
    from_user_name: &str,
    content: &str,
    create_time: f64,
) -> Result<String, JsValue> {
    let time = unix_secs("createTime", create_time)?;
    wxopen::message::text_reply_xml(to_user_name, from_user_name, content, time)
        .map_err(|e| to_js_err(&e))
}
