//! The one conversion of core errors into Python exceptions, and JSON input decoding.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

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
