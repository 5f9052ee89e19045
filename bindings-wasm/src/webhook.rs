//! wasm-bindgen glue for push handling; `js/webhook.mjs` wraps it with the clock and the error
//! classes. An event crosses as a tape in wasm memory that `js/event_tape.mjs` reads (see
//! `event_tape`): cheaper than JSON text, and than building the object through many boundary
//! calls.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wxopen::MsgCrypt;
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

/// Stores `event` on the tape (see `event_tape`) and returns where JS reads it.
fn store_event(event: wxopen::Result<wxopen::event::Event>) -> Result<usize, JsValue> {
    let event = event.map_err(|e| to_js_err(&e))?;
    event_tape::store(&event).map_err(|e| JsValue::from_str(&e))
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
