//! pyo3 glue for `wxopen`: no logic here, only crossing the boundary. Values cross as JSON
//! text and bytes; errors cross through [`to_py_err`], the one conversion into the exception
//! classes defined in `python/wxopen/exceptions.py`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use wxopen::api::{ApiBase, registry};
use wxopen::{AnyToken, Response};

mod convert;
mod driver;
mod event;
mod message;
mod webhook;

use convert::{parse_json, to_py_err};

/// A built request: `(method, url, headers, body)`.
type RequestParts<'py> = (
    &'static str,
    String,
    Vec<(String, String)>,
    Bound<'py, PyBytes>,
);

/// Builds the request of operation `op` from its JSON input and a token given as parts. Page
/// operations give a `GET` of the page URL with no body.
// The arguments mirror one Python call site; bundling them would only move the unpacking.
#[allow(clippy::too_many_arguments)]
#[pyfunction]
#[pyo3(signature = (op, input_json, token_kind, token_appid, token_value, api_base, mp_base, open_base))]
fn build<'py>(
    py: Python<'py>,
    op: &str,
    input_json: &Bound<'py, PyAny>,
    token_kind: &str,
    token_appid: Option<&Bound<'py, PyAny>>,
    token_value: Option<&Bound<'py, PyAny>>,
    api_base: &str,
    mp_base: &str,
    open_base: &str,
) -> PyResult<RequestParts<'py>> {
    // Text that crosses here may hold credentials: a string Rust cannot take is refused by
    // name, never with an exception that quotes it.
    let input_json = convert::text_arg(input_json, "input")?;
    let token_appid = token_appid
        .map(|a| convert::text_arg(a, "authorizer_appid"))
        .transpose()?;
    let token_value = token_value
        .map(|v| convert::text_arg(v, "token"))
        .transpose()?;
    let result = (|| {
        let info = registry::find(op)?;
        let input = parse_json(&input_json)?;
        let token =
            AnyToken::from_parts(token_kind, token_appid.as_deref(), token_value.as_deref())?;
        let base = ApiBase::with_pages(api_base, mp_base, open_base)?;
        info.build(&input, &token, &base)
    })();
    let request = result.map_err(|e| to_py_err(py, &e))?;
    Ok((
        request.method.as_str(),
        request.url,
        request.headers,
        PyBytes::new(py, &request.body),
    ))
}

/// A request as `validate` shows it: `(method, url, body)`, credentials as `***`.
type Preview = (&'static str, String, String);

/// Checks the input of operation `op` without a token and without sending (the core's
/// `OperationInfo::validate`): `(preview, None)` when the core accepts it, `(None, error)` with
/// the core's InvalidArgument (not raised) when it refuses it. An unknown operation or a bad
/// base is raised: it is the caller's mistake, not the input's.
#[pyfunction]
fn validate<'py>(
    py: Python<'py>,
    op: &str,
    input_json: &Bound<'py, PyAny>,
    api_base: &str,
    mp_base: &str,
    open_base: &str,
) -> PyResult<(Option<Preview>, Option<Bound<'py, PyAny>>)> {
    let input_json = convert::text_arg(input_json, "input")?;
    let info = registry::find(op).map_err(|e| to_py_err(py, &e))?;
    let base = ApiBase::with_pages(api_base, mp_base, open_base).map_err(|e| to_py_err(py, &e))?;
    match parse_json(&input_json).and_then(|input| info.validate(&input, &base)) {
        Ok(p) => Ok((Some((p.method, p.url, p.body)), None)),
        Err(e) => Ok((
            None,
            Some(to_py_err(py, &e).into_value(py).into_bound(py).into_any()),
        )),
    }
}

/// Parses the response of operation `op`; returns the output as JSON text (`null` for an ack).
/// `status` is whatever integer the transport returned: the core refuses one outside 100–599.
#[pyfunction]
fn parse(py: Python<'_>, op: &str, input_json: &str, status: i64, body: &[u8]) -> PyResult<String> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = parse_json(input_json)?;
        info.parse(&input, &Response::from_status(status, body)?)
    })();
    result.map(|v| v.to_string()).map_err(|e| to_py_err(py, &e))
}

/// Validates and normalizes the three base URLs (`api_base`, `mp_base`, `open_base`).
#[pyfunction]
fn check_bases(
    py: Python<'_>,
    api_base: &Bound<'_, PyAny>,
    mp_base: &Bound<'_, PyAny>,
    open_base: &Bound<'_, PyAny>,
) -> PyResult<(String, String, String)> {
    let api = convert::text_arg(api_base, "api_base")?;
    let mp = convert::text_arg(mp_base, "mp_base")?;
    let open = convert::text_arg(open_base, "open_base")?;
    let base = ApiBase::with_pages(&api, &mp, &open).map_err(|e| to_py_err(py, &e))?;
    Ok((
        base.api().to_owned(),
        base.mp().to_owned(),
        base.open().to_owned(),
    ))
}

/// `text` with every credential of the request (`url` + `body`) and every `secret=value` pair
/// replaced by `***`: for the messages of exceptions a transport raised.
#[pyfunction]
fn redact(url: &str, body: &[u8], text: &str) -> String {
    let request = wxopen::Request {
        method: wxopen::Method::Post,
        url: url.to_owned(),
        headers: Vec::new(),
        body: body.to_vec(),
    };
    request.redact(text)
}

/// Whether the field `name` holds a credential (the core's one rule for display forms).
#[pyfunction]
fn is_secret_field(name: &str) -> bool {
    wxopen::secret::is_secret_field(name)
}

/// What status `code` means in the `kind` table (`enterprise`, `task`, `link`), as JSON text.
#[pyfunction]
fn explain_status(py: Python<'_>, kind: &str, code: i64) -> PyResult<String> {
    let info = wxopen::status::explain_named(kind, code).map_err(|e| to_py_err(py, &e))?;
    Ok(serde_json::to_string(&info).unwrap_or_default())
}

/// Every error code with its family, official code, `carries_raw` and `retryable`, as JSON text.
#[pyfunction]
fn error_codes() -> String {
    serde_json::to_string(&wxopen::error::error_codes()).unwrap_or_default()
}

/// Every operation's description, as JSON text.
#[pyfunction]
fn operations() -> String {
    serde_json::Value::Array(registry::all().iter().map(|o| o.to_json()).collect()).to_string()
}

/// What the catalogue says about `errcode` (for `operation`, if given), as JSON text.
#[pyfunction]
#[pyo3(signature = (errcode, operation=None))]
fn explain_errcode(errcode: i64, operation: Option<&str>) -> String {
    wxopen::errcode::explain(operation.unwrap_or(""), errcode).to_string()
}

/// The URL with token values replaced by `***`.
#[pyfunction]
fn redact_url(url: &str) -> String {
    wxopen::http::redact_url(url)
}

/// Wire field names whose values are credentials (hidden in reprs).
#[pyfunction]
fn secret_fields() -> Vec<&'static str> {
    wxopen::secret::SECRET_FIELDS.to_vec()
}

/// The native module `wxopen._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(explain_errcode, m)?)?;
    m.add_function(wrap_pyfunction!(redact_url, m)?)?;
    m.add_function(wrap_pyfunction!(secret_fields, m)?)?;
    m.add_function(wrap_pyfunction!(check_bases, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(is_secret_field, m)?)?;
    m.add_function(wrap_pyfunction!(explain_status, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::signature, m)?)?;
    m.add_class::<webhook::PyWebhook>()?;
    m.add_class::<webhook::PyWebhookRouter>()?;
    event::register(m)?;
    message::register(m)?;
    driver::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_API_BASE", wxopen::api::DEFAULT_API_BASE)?;
    m.add("DEFAULT_MP_BASE", wxopen::api::DEFAULT_MP_BASE)?;
    m.add("DEFAULT_OPEN_BASE", wxopen::api::DEFAULT_OPEN_BASE)?;
    m.add(
        "DEFAULT_MAX_AGE",
        wxopen::webhook::Webhook::DEFAULT_MAX_AGE_SECS,
    )?;
    m.add(
        "DEFAULT_MAX_BODY_BYTES",
        wxopen::webhook::Webhook::DEFAULT_MAX_BODY_BYTES,
    )?;
    m.add("QUERY_KEYS", wxopen::webhook::QUERY_KEYS.to_vec())?;
    m.add("SUCCESS", wxopen::webhook::SUCCESS)?;
    m.add(
        "RELEASE_TEST_ACCOUNTS",
        wxopen::message::release::RELEASE_TEST_ACCOUNTS.to_vec(),
    )?;
    m.add(
        "STATUS_KINDS",
        wxopen::status::StatusKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}
