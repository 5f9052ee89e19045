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
    input_json: &str,
    token_kind: &str,
    token_appid: Option<&str>,
    token_value: Option<&str>,
    api_base: &str,
    mp_base: &str,
    open_base: &str,
) -> PyResult<RequestParts<'py>> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = parse_json(input_json)?;
        let token = AnyToken::from_parts(token_kind, token_appid, token_value)?;
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

/// Parses the response of operation `op`; returns the output as JSON text (`null` for an ack).
#[pyfunction]
fn parse(py: Python<'_>, op: &str, input_json: &str, status: u16, body: &[u8]) -> PyResult<String> {
    let result = (|| {
        let info = registry::find(op)?;
        let input = parse_json(input_json)?;
        info.parse(&input, &Response::new(status, body))
    })();
    result.map(|v| v.to_string()).map_err(|e| to_py_err(py, &e))
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
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(explain_errcode, m)?)?;
    m.add_function(wrap_pyfunction!(redact_url, m)?)?;
    m.add_function(wrap_pyfunction!(secret_fields, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::signature, m)?)?;
    m.add_class::<webhook::PyWebhook>()?;
    m.add_class::<webhook::PyWebhookRouter>()?;
    m.add_class::<event::PyEvent>()?;
    m.add_class::<event::PyComponentVerifyTicket>()?;
    m.add_class::<event::PyAuthorized>()?;
    m.add_class::<event::PyUpdateAuthorized>()?;
    m.add_class::<event::PyUnauthorized>()?;
    m.add_class::<event::PyFastRegister>()?;
    m.add_class::<event::PyFastRegisterBeta>()?;
    m.add_class::<event::PyFastVerifyBeta>()?;
    m.add_class::<event::PyOtherEvent>()?;
    driver::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
