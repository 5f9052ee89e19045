//! The one conversion of core errors into Python exceptions, and JSON input decoding.

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// Raises the Python exception for a core error: `wxopen.exceptions._from_core(json)` picks
/// the class from the error's stable `code` and fills its attributes.
pub(crate) fn to_py_err(py: Python<'_>, error: &wxopen::Error) -> PyErr {
    let payload = error.to_json().to_string();
    let made = py
        .import("wxopen.exceptions")
        .and_then(|m| m.call_method1("_from_core", (payload,)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        // Only if the Python package itself is broken; keep the message rather than lose it.
        Err(import_error) => {
            let e = PyRuntimeError::new_err(error.to_string());
            e.set_cause(py, Some(import_error));
            e
        }
    }
}

/// Decodes JSON input sent by the Python layer (`json.dumps` of the call's arguments).
pub(crate) fn parse_json(text: &str) -> wxopen::Result<serde_json::Value> {
    serde_json::from_str(text)
        .map_err(|e| wxopen::Error::invalid("input", format!("is not valid JSON ({e})")))
}

/// A text argument as the core takes it: a `str` (valid Unicode: a lone surrogate is refused), or
/// `bytes` holding UTF-8 (e.g. read from Redis). Anything else, or bytes that are not UTF-8, is
/// an `InvalidArgument` naming `field` — never an exception that quotes the value (a
/// `UnicodeEncodeError` carries the whole string, secret included).
pub(crate) fn text_arg(obj: &Bound<'_, PyAny>, field: &'static str) -> PyResult<String> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(text) => Ok(text.into_owned()),
            Err(_) => Err(to_py_err(
                py,
                &wxopen::Error::invalid(
                    field,
                    "must be valid Unicode text (it contains a lone surrogate)",
                ),
            )),
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|_| {
            to_py_err(
                py,
                &wxopen::Error::invalid(field, "bytes must be UTF-8 text (or pass a str)"),
            )
        });
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be a str (or UTF-8 bytes), not {}",
        obj.get_type().name()?
    )))
}
