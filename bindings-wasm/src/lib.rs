//! wasm-bindgen glue for `wxopen`: no logic here, only crossing the boundary. Values cross as
//! plain JS objects (serde-wasm-bindgen, JSON-compatible: no `Map`, no `BigInt`); errors cross as
//! the core's error JSON object, which `js/errors.js` turns into `Error` subclasses.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wxopen::api::{ApiBase, registry};
use wxopen::{AnyToken, Response};

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

fn from_js(field: &'static str, value: JsValue) -> Result<serde_json::Value, wxopen::Error> {
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

/// Parses the response of operation `op` to its output object (`null` for an ack).
#[wasm_bindgen]
pub fn parse(op: &str, input: JsValue, status: u16, body: &[u8]) -> Result<JsValue, JsValue> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = from_js("input", input)?;
        info.parse(&input, &Response::new(status, body))
    })();
    let output = result.map_err(|e| to_js_err(&e))?;
    to_js(&output)
}

/// Every operation's description.
#[wasm_bindgen]
pub fn operations() -> Result<JsValue, JsValue> {
    let all: Vec<serde_json::Value> = registry::all().iter().map(|o| o.to_json()).collect();
    to_js(&all)
}

/// What the catalogue says about `errcode` (for `operation`, if given).
#[wasm_bindgen(js_name = explainErrcode)]
pub fn explain_errcode(errcode: i32, operation: Option<String>) -> Result<JsValue, JsValue> {
    to_js(&wxopen::errcode::explain(
        operation.as_deref().unwrap_or(""),
        i64::from(errcode),
    ))
}

/// The URL with token values replaced by `***`.
#[wasm_bindgen(js_name = redactUrl)]
pub fn redact_url(url: &str) -> String {
    wxopen::http::redact_url(url)
}
