//! The Client's exports (requests built, responses parsed, the registry, the errcode and status
//! explainers, redaction of request text). In the full and lite modules; the push module
//! (`wxopen/push`, cargo feature `client` off) leaves them out.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wxopen::api::{ApiBase, registry};
use wxopen::{AnyToken, Response};

use crate::{to_js, to_js_err, whole};

/// A JS value as the JSON the core decodes (`undefined`/`null` → `null`).
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

/// What status `code` means in the `kind` table (`enterprise`, `task`, `link`).
#[wasm_bindgen(js_name = describeStatus)]
pub fn describe_status(kind: &str, code: f64) -> Result<JsValue, JsValue> {
    let result = (|| {
        let code = whole("code", code, -(1 << 53), 1 << 53)?;
        wxopen::status::explain_named(kind, code)
    })();
    to_js(&result.map_err(|e| to_js_err(&e))?)
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
