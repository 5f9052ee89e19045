//! Push events as Python objects that convert lazily: parsing builds one small object holding
//! the event's fields; a field becomes a Python value only when it is read. This keeps the
//! boundary cost far below the cost of decrypting the push.
//!
//! `Event` is the base class; each event kind is a direct subclass (`Authorized` and
//! `UpdateAuthorized` are siblings), so an `isinstance` branch matches one kind only.
//!
//! Statuses become the `wxopen.results` status class of their table (an `int`; which fields are
//! statuses is the core's [`Event::status_fields`]). An `OtherEvent` also answers for the
//! elements of its push: `event["info"]["taskid"]`, nesting kept, text as strings.
//!
//! The helpers here (plain values, Results, statuses, reprs) serve the message classes of
//! `message.rs` too.

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use std::sync::OnceLock;

use serde_json::{Map, Value};
use wxopen::event::Event;
use wxopen::status::StatusKind;

/// Base class of every push event: attribute and item access to its fields (WeChat's names,
/// snake_case), `to_dict()`, and a repr that hides credentials.
#[pyclass(subclass, frozen, module = "wxopen._native", name = "Event")]
pub(crate) struct PyEvent {
    event: Event,
    /// The serde form of `event`, made on first field access.
    fields: OnceLock<Map<String, Value>>,
}

impl PyEvent {
    fn data(&self) -> &Map<String, Value> {
        self.fields
            .get_or_init(|| match serde_json::to_value(&self.event) {
                Ok(Value::Object(map)) => map,
                Ok(_) | Err(_) => Map::new(),
            })
    }
}

macro_rules! kinds {
    ($($rust:ident => $py:literal),* $(,)?) => {
        $(
            #[doc = concat!("The `", $py, "` event class.")]
            #[pyclass(extends = PyEvent, frozen, module = "wxopen._native", name = $py)]
            pub(crate) struct $rust;
        )*
    };
}

kinds! {
    PyComponentVerifyTicket => "ComponentVerifyTicket",
    PyAuthorized => "Authorized",
    PyUpdateAuthorized => "UpdateAuthorized",
    PyUnauthorized => "Unauthorized",
    PyFastRegister => "FastRegister",
    PyFastRegisterBeta => "FastRegisterBeta",
    PyFastVerifyBeta => "FastVerifyBeta",
    PyWxaAuth => "WxaAuth",
    PyWxaVerifyReminder => "WxaVerifyReminder",
    PyIcpVerifyResult => "IcpVerifyResult",
    PyIcpFilingResult => "IcpFilingResult",
    PyWxaAuthAndIcp => "WxaAuthAndIcp",
    PyOrderPathApplyResult => "OrderPathApplyResult",
    PyOrderPathAuditResult => "OrderPathAuditResult",
    PyOtherEvent => "OtherEvent",
}

/// Adds the event classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEvent>()?;
    m.add_class::<PyComponentVerifyTicket>()?;
    m.add_class::<PyAuthorized>()?;
    m.add_class::<PyUpdateAuthorized>()?;
    m.add_class::<PyUnauthorized>()?;
    m.add_class::<PyFastRegister>()?;
    m.add_class::<PyFastRegisterBeta>()?;
    m.add_class::<PyFastVerifyBeta>()?;
    m.add_class::<PyWxaAuth>()?;
    m.add_class::<PyWxaVerifyReminder>()?;
    m.add_class::<PyIcpVerifyResult>()?;
    m.add_class::<PyIcpFilingResult>()?;
    m.add_class::<PyWxaAuthAndIcp>()?;
    m.add_class::<PyOrderPathApplyResult>()?;
    m.add_class::<PyOrderPathAuditResult>()?;
    m.add_class::<PyOtherEvent>()?;
    Ok(())
}

/// Wraps a parsed event in the Python class of its kind.
pub(crate) fn to_py_event(py: Python<'_>, event: Event) -> PyResult<Py<PyAny>> {
    let kind = event.kind();
    let base = PyClassInitializer::from(PyEvent {
        event,
        fields: OnceLock::new(),
    });
    let obj: Py<PyAny> = match kind {
        "component_verify_ticket" => {
            Py::new(py, base.add_subclass(PyComponentVerifyTicket))?.into_any()
        }
        "authorized" => Py::new(py, base.add_subclass(PyAuthorized))?.into_any(),
        "update_authorized" => Py::new(py, base.add_subclass(PyUpdateAuthorized))?.into_any(),
        "unauthorized" => Py::new(py, base.add_subclass(PyUnauthorized))?.into_any(),
        "fast_register" => Py::new(py, base.add_subclass(PyFastRegister))?.into_any(),
        "fast_register_beta" => Py::new(py, base.add_subclass(PyFastRegisterBeta))?.into_any(),
        "fast_verify_beta" => Py::new(py, base.add_subclass(PyFastVerifyBeta))?.into_any(),
        "wxa_auth" => Py::new(py, base.add_subclass(PyWxaAuth))?.into_any(),
        "wxa_verify_reminder" => Py::new(py, base.add_subclass(PyWxaVerifyReminder))?.into_any(),
        "icp_verify_result" => Py::new(py, base.add_subclass(PyIcpVerifyResult))?.into_any(),
        "icp_filing_result" => Py::new(py, base.add_subclass(PyIcpFilingResult))?.into_any(),
        "wxa_auth_and_icp" => Py::new(py, base.add_subclass(PyWxaAuthAndIcp))?.into_any(),
        "order_path_apply_result" => {
            Py::new(py, base.add_subclass(PyOrderPathApplyResult))?.into_any()
        }
        "order_path_audit_result" => {
            Py::new(py, base.add_subclass(PyOrderPathAuditResult))?.into_any()
        }
        _ => Py::new(py, base.add_subclass(PyOtherEvent))?.into_any(),
    };
    Ok(obj)
}

/// `wxopen.results.Result`, looked up once: nested objects (`info`) become Results.
fn result_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static RESULT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    RESULT
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("wxopen.results")?.getattr("Result")?.unbind())
        })
        .map(|cls| cls.bind(py))
}

/// `wxopen.results.describe_status`, looked up once: a status code of a table as the status
/// class of that table (`EnterpriseStatus`, `ReviewStatus`, …).
fn describe_status(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static DESCRIBE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    DESCRIBE
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("wxopen.results")?
                    .getattr("describe_status")?
                    .unbind(),
            )
        })
        .map(|f| f.bind(py))
}

/// A field as the user reads it, given the status fields of its event or message: a status
/// as its class, a nested object as a Result, anything else plain.
pub(crate) fn typed_field(
    py: Python<'_>,
    status_fields: &[(&str, StatusKind)],
    name: &str,
    value: &Value,
) -> PyResult<Py<PyAny>> {
    let kind = status_fields.iter().find(|(f, _)| *f == name).map(|f| f.1);
    match (kind, value) {
        (Some(kind), Value::Number(n)) => Ok(describe_status(py)?
            .call1((kind.as_str(), n.as_i64().unwrap_or_default()))?
            .unbind()),
        (_, other) => to_field(py, other),
    }
}

/// JSON value → plain Python value (dicts and lists, not Results). Integers beyond `i64` (a
/// `MsgId`) stay exact.
pub(crate) fn to_plain(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            (None, None) => n
                .as_f64()
                .unwrap_or_default()
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_plain(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => plain_dict(py, map)?.into_any().unbind(),
    })
}

pub(crate) fn plain_dict<'py>(
    py: Python<'py>,
    map: &Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, to_plain(py, v)?)?;
    }
    Ok(dict)
}

/// A field as the user reads it: nested objects (also inside lists) become `wxopen.Result`s.
pub(crate) fn to_field(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    match value {
        Value::Object(map) => Ok(result_class(py)?.call1((plain_dict(py, map)?,))?.unbind()),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_field(py, item)?)?;
            }
            Ok(list.into_any().unbind())
        }
        other => to_plain(py, other),
    }
}

fn is_secret(name: &str) -> bool {
    wxopen::secret::is_secret_field(name)
}

impl PyEvent {
    /// The elements of an unknown push (`OtherEvent`): looked up after the event's own fields.
    fn elements(&self) -> Option<&Map<String, Value>> {
        match &self.event {
            Event::Other(_) => self.data().get("fields").and_then(Value::as_object),
            _ => None,
        }
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.data()
            .get(name)
            .or_else(|| self.elements().and_then(|f| f.get(name)))
    }

    /// A field as the user reads it: statuses typed, nested objects as Results.
    fn field(&self, py: Python<'_>, name: &str, value: &Value) -> PyResult<Py<PyAny>> {
        typed_field(py, self.event.status_fields(), name, value)
    }
}

#[pymethods]
impl PyEvent {
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        match self.lookup(name) {
            Some(v) => self.field(py, name, v),
            None => Err(PyAttributeError::new_err(format!(
                "this event has no field {name:?}; fields: {:?}",
                self.keys()
            ))),
        }
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        match self.lookup(name) {
            Some(v) => self.field(py, name, v),
            None => Err(PyKeyError::new_err(name.to_owned())),
        }
    }

    fn __contains__(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }

    fn __len__(&self) -> usize {
        self.keys().len()
    }

    /// The field names (for an `OtherEvent`, followed by its push's element names).
    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.data().keys().cloned().collect();
        if let Some(elements) = self.elements() {
            keys.extend(
                elements
                    .keys()
                    .filter(|k| !self.data().contains_key(*k))
                    .cloned(),
            );
        }
        keys
    }

    /// A plain, deep copy as dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        plain_dict(py, self.data())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyEvent>()
            .is_ok_and(|o| o.get().event == self.event)
    }

    fn __dir__(&self) -> Vec<String> {
        self.keys()
    }

    /// The event as an HTML table for notebooks (`wxopen._html`): its kind, then each field
    /// as read (statuses with their meaning), credentials shown as `***`.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let render = slf.py().import("wxopen._html")?.getattr("event_html")?;
        Ok(render.call1((slf,))?.unbind())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        Ok(repr_fields(
            &slf.get_type().name()?.to_string(),
            slf.get().data(),
        ))
    }
}

/// `Name(key=value, …)` with credentials hidden at any depth.
pub(crate) fn repr_fields(name: &str, data: &Map<String, Value>) -> String {
    let fields: Vec<String> = data
        .iter()
        .map(|(k, v)| {
            if is_secret(k) && !v.is_null() {
                format!("{k}=***")
            } else {
                format!("{k}={}", repr_value(v))
            }
        })
        .collect();
    format!("{name}({})", fields.join(", "))
}

/// Python-like repr of a JSON value, hiding credentials at any depth.
fn repr_value(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(repr_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| if is_secret(k) {
                    format!("'{k}': ***")
                } else {
                    format!("'{k}': {}", repr_value(v))
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
