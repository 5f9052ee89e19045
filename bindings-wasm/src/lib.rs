//! wasm-bindgen glue for `wxopen`: no logic here, only crossing the boundary. Values cross as
//! plain JS objects (serde-wasm-bindgen, JSON-compatible: no `Map`, no `BigInt`); errors cross as
//! the core's error JSON object, which `js/errors.js` turns into `Error` subclasses.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wxopen::api::{ApiBase, registry};
use wxopen::{AnyToken, Response};

// Only in the full module: the lite one (`wxopen/lite`) is built without the driver.
#[cfg(feature = "driver")]
mod driver;
mod event_tape;
mod provider;
mod webhook;

/// Serializes to a plain JS value (objects, not `Map`s; numbers, not `BigInt`s).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The core error as a plain object `{code, message, ...}`.
pub(crate) fn to_js_err(error: &wxopen::Error) -> JsValue {
    to_js(&error.to_json()).unwrap_or_else(|e| e)
}

pub(crate) fn from_js(
    field: &'static str,
    value: JsValue,
) -> Result<serde_json::Value, wxopen::Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| wxopen::Error::invalid(field, format!("is not plain JSON-like data ({e})")))
}

#[derive(Serialize)]
struct JsRequest {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Builds the request of operation `op`. `token` is `{kind, appid?, value?}`.
// The arguments mirror one JS call site; bundling them would only move the unpacking.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn build(
    op: &str,
    input: JsValue,
    token_kind: &str,
    token_appid: Option<String>,
    token_value: Option<String>,
    api_base: &str,
    mp_base: &str,
    open_base: &str,
) -> Result<JsValue, JsValue> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = from_js("input", input)?;
        let token =
            AnyToken::from_parts(token_kind, token_appid.as_deref(), token_value.as_deref())?;
        let base = ApiBase::with_pages(api_base, mp_base, open_base)?;
        info.build(&input, &token, &base)
    })();
    let request = result.map_err(|e| to_js_err(&e))?;
    to_js(&JsRequest {
        method: request.method.as_str(),
        url: request.url,
        headers: request.headers,
        body: String::from_utf8_lossy(&request.body).into_owned(),
    })
}

/// Checks the input of operation `op` without a token and without sending (the core's
/// [`registry::OperationInfo::validate`]): `{ok: true, method, url, body}` (credentials shown
/// as `***`) or `{ok: false, error}` with the core's InvalidArgument. An unknown operation or
/// a bad base is thrown, not returned: it is the caller's mistake, not the input's.
#[wasm_bindgen]
pub fn validate(
    op: &str,
    input: JsValue,
    api_base: &str,
    mp_base: &str,
    open_base: &str,
) -> Result<JsValue, JsValue> {
    let info = registry::find(op).map_err(|e| to_js_err(&e))?;
    let base = ApiBase::with_pages(api_base, mp_base, open_base).map_err(|e| to_js_err(&e))?;
    let checked = from_js("input", input).and_then(|input| info.validate(&input, &base));
    match checked {
        Ok(preview) => to_js(&serde_json::json!({
            "ok": true,
            "method": preview.method,
            "url": preview.url,
            "body": preview.body,
        })),
        Err(e) => to_js(&serde_json::json!({ "ok": false, "error": e.to_json() })),
    }
}

/// Parses the response of operation `op` to its output object (`null` for an ack). `status`
/// is whatever number the fetch returned: one outside 100–599 is refused, never wrapped.
#[wasm_bindgen]
pub fn parse(op: &str, input: JsValue, status: f64, body: &[u8]) -> Result<JsValue, JsValue> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = from_js("input", input)?;
        let status = whole("status", status, -(1 << 53), 1 << 53)?;
        info.parse(&input, &Response::from_status(status, body)?)
    })();
    let output = result.map_err(|e| to_js_err(&e))?;
    to_js(&output)
}

/// A JS number that must be a whole number in `min..=max`: NaN, infinities, fractions and
/// out-of-range values are an `InvalidArgument` on `field`, never truncated or wrapped.
pub(crate) fn whole(field: &'static str, value: f64, min: i64, max: i64) -> wxopen::Result<i64> {
    // Both bounds are within ±2^53, where every integer is exact in an f64.
    #[allow(clippy::cast_precision_loss)]
    let in_range = value >= min as f64 && value <= max as f64;
    if !value.is_finite() || value.fract() != 0.0 || !in_range {
        return Err(wxopen::Error::invalid(
            field,
            format!("must be a whole number from {min} to {max}"),
        ));
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(value as i64)
}

/// Validates and normalizes the three base URLs (`apiBase`, `mpBase`, `openBase`).
#[wasm_bindgen(js_name = checkBases)]
pub fn check_bases(api_base: &str, mp_base: &str, open_base: &str) -> Result<Vec<String>, JsValue> {
    let base = ApiBase::with_pages(api_base, mp_base, open_base).map_err(|e| to_js_err(&e))?;
    Ok(vec![
        base.api().to_owned(),
        base.mp().to_owned(),
        base.open().to_owned(),
    ])
}

/// `text` with every credential of the request (`url` + `body`) replaced by `***`.
#[wasm_bindgen]
pub fn redact(url: &str, body: &str, text: &str) -> String {
    let request = wxopen::Request {
        method: wxopen::Method::Post,
        url: url.to_owned(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    };
    request.redact(text)
}

/// Whether the field `name` holds a credential (the core's one rule for display forms).
#[wasm_bindgen(js_name = isSecretField)]
pub fn is_secret_field(name: &str) -> bool {
    wxopen::secret::is_secret_field(name)
}

/// What status `code` means in the `kind` table (`enterprise`, `task`, `link`).
#[wasm_bindgen(js_name = describeStatus)]
pub fn describe_status(kind: &str, code: f64) -> Result<JsValue, JsValue> {
    let result = (|| {
        let code = whole("code", code, -(1 << 53), 1 << 53)?;
        wxopen::status::explain_named(kind, code)
    })();
    to_js(&result.map_err(|e| to_js_err(&e))?)
}

/// Every error code with its family, official code, `carries_raw` and `retryable`.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Result<JsValue, JsValue> {
    to_js(&wxopen::error::error_codes())
}

/// The core's defaults: base URLs, webhook limits, the query keys a push is read for, the
/// acknowledging body, the release check's test accounts and the status tables.
#[wasm_bindgen]
pub fn defaults() -> Result<JsValue, JsValue> {
    use wxopen::webhook::{QUERY_KEYS, Webhook};
    to_js(&serde_json::json!({
        "apiBase": wxopen::api::DEFAULT_API_BASE,
        "mpBase": wxopen::api::DEFAULT_MP_BASE,
        "openBase": wxopen::api::DEFAULT_OPEN_BASE,
        "maxAge": Webhook::DEFAULT_MAX_AGE_SECS,
        "maxBodyBytes": Webhook::DEFAULT_MAX_BODY_BYTES,
        "queryKeys": QUERY_KEYS,
        "success": wxopen::webhook::SUCCESS,
        "releaseTestAccounts": wxopen::message::release::RELEASE_TEST_ACCOUNTS,
        "statusKinds": wxopen::status::StatusKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
    }))
}

/// Every operation's description.
#[wasm_bindgen]
pub fn operations() -> Result<JsValue, JsValue> {
    let all: Vec<serde_json::Value> = registry::all().iter().map(|o| o.to_json()).collect();
    to_js(&all)
}

/// What the catalogue says about `errcode` (for `operation`, if given). The number is checked,
/// not wrapped: 2^32 + 1 is not errcode 1.
#[wasm_bindgen(js_name = explainErrcode)]
pub fn explain_errcode(errcode: f64, operation: Option<String>) -> Result<JsValue, JsValue> {
    let errcode = whole("errcode", errcode, -(1 << 53), 1 << 53).map_err(|e| to_js_err(&e))?;
    to_js(&wxopen::errcode::explain(
        operation.as_deref().unwrap_or(""),
        errcode,
    ))
}

/// The URL with token values replaced by `***`.
#[wasm_bindgen(js_name = redactUrl)]
pub fn redact_url(url: &str) -> String {
    wxopen::http::redact_url(url)
}
