//! wasm-bindgen glue for `wxopen`: no logic here, only crossing the boundary. Values cross as
//! plain JS objects (serde-wasm-bindgen, JSON-compatible: no `Map`, no `BigInt`); errors cross as
//! the core's error JSON object, which `js/errors.js` turns into `Error` subclasses.

use serde::Serialize;
use wasm_bindgen::prelude::*;

// The Client's exports: in the full and lite modules, not in the push module (`wxopen/push`).
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::*;
// Only in the full module: the lite and push ones are built without the driver.
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

/// Whether the field `name` holds a credential (the core's one rule for display forms).
#[wasm_bindgen(js_name = isSecretField)]
pub fn is_secret_field(name: &str) -> bool {
    wxopen::secret::is_secret_field(name)
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
