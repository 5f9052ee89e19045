//! Message-URL pushes as Python objects, lazy like the events (`event.rs`): `Message` is the
//! base class, each kind a direct subclass (`TextMessage`, `SubscribeEvent`, `WeappAuditFail`,
//! …, `OtherMessage`).
//!
//! Two fields differ from the serialized form: `msg_id` is an `int` (the serialized form's
//! decimal string, exact), and a `ComponentEventMessage`'s `component_event` is the event
//! object of its kind (`IcpFilingResult`, …).

use std::sync::OnceLock;

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{Map, Value};
use wxopen::message::{Message, MessageKind};

use crate::convert::{text_arg, to_py_err};
use crate::event::{plain_dict, repr_fields, to_py_event, typed_field};

/// Base class of every message-URL push: attribute and item access to its fields (WeChat's
/// names, snake_case), `to_dict()`, `text_reply()`, and a repr that hides credentials.
#[pyclass(subclass, frozen, module = "wxopen._native", name = "Message")]
pub(crate) struct PyMessage {
    message: Message,
    /// The serde form of `message` (with `msg_id` as a number), made on first field access.
    fields: OnceLock<Map<String, Value>>,
}

impl PyMessage {
    /// The parsed message.
    pub(crate) fn message(&self) -> &Message {
        &self.message
    }

    fn data(&self) -> &Map<String, Value> {
        self.fields.get_or_init(|| {
            let mut map = match serde_json::to_value(&self.message) {
                Ok(Value::Object(map)) => map,
                Ok(_) | Err(_) => Map::new(),
            };
            if let Some(id) = self.message.header.msg_id {
                map.insert("msg_id".to_owned(), Value::from(id));
            }
            map
        })
    }

    /// The elements of an untyped push (`OtherMessage`): looked up after the fields.
    fn elements(&self) -> Option<&Map<String, Value>> {
        match &self.message.kind {
            MessageKind::Other(_) => self.data().get("fields").and_then(Value::as_object),
            _ => None,
        }
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.data()
            .get(name)
            .or_else(|| self.elements().and_then(|f| f.get(name)))
    }

    fn field(&self, py: Python<'_>, name: &str, value: &Value) -> PyResult<Py<PyAny>> {
        if let (MessageKind::ComponentEvent(c), "component_event") = (&self.message.kind, name) {
            return to_py_event(py, c.component_event.clone());
        }
        typed_field(py, self.message.status_fields(), name, value)
    }
}

macro_rules! kinds {
    ($($rust:ident => $py:literal),* $(,)?) => {
        $(
            #[doc = concat!("The `", $py, "` message class.")]
            #[pyclass(extends = PyMessage, frozen, module = "wxopen._native", name = $py)]
            pub(crate) struct $rust;
        )*

        /// Adds the message classes to the module.
        pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<PyMessage>()?;
            $(m.add_class::<$rust>()?;)*
            Ok(())
        }
    };
}

kinds! {
    PyTextMessage => "TextMessage",
    PyImageMessage => "ImageMessage",
    PyVoiceMessage => "VoiceMessage",
    PyVideoMessage => "VideoMessage",
    PyShortVideoMessage => "ShortVideoMessage",
    PyLocationMessage => "LocationMessage",
    PyLinkMessage => "LinkMessage",
    PyMiniProgramPageMessage => "MiniProgramPageMessage",
    PySubscribeEvent => "SubscribeEvent",
    PyUnsubscribeEvent => "UnsubscribeEvent",
    PyScanEvent => "ScanEvent",
    PyLocationEvent => "LocationEvent",
    PyClickEvent => "ClickEvent",
    PyViewEvent => "ViewEvent",
    PyUserEnterTempsessionEvent => "UserEnterTempsessionEvent",
    PyWeappAuditSuccess => "WeappAuditSuccess",
    PyWeappAuditFail => "WeappAuditFail",
    PyWeappAuditDelay => "WeappAuditDelay",
    PyWxaNicknameAudit => "WxaNicknameAudit",
    PyWxaCategoryAudit => "WxaCategoryAudit",
    PyWxaPrivacyApply => "WxaPrivacyApply",
    PyWxaAppealRecord => "WxaAppealRecord",
    PyComponentEventMessage => "ComponentEventMessage",
    PyOtherMessage => "OtherMessage",
}

/// Wraps a parsed message in the Python class of its kind.
pub(crate) fn to_py_message(py: Python<'_>, message: Message) -> PyResult<Py<PyAny>> {
    let kind = message.kind_name();
    let base = PyClassInitializer::from(PyMessage {
        message,
        fields: OnceLock::new(),
    });
    macro_rules! new {
        ($cls:expr) => {
            Py::new(py, base.add_subclass($cls))?.into_any()
        };
    }
    Ok(match kind {
        "text" => new!(PyTextMessage),
        "image" => new!(PyImageMessage),
        "voice" => new!(PyVoiceMessage),
        "video" => new!(PyVideoMessage),
        "short_video" => new!(PyShortVideoMessage),
        "location" => new!(PyLocationMessage),
        "link" => new!(PyLinkMessage),
        "mini_program_page" => new!(PyMiniProgramPageMessage),
        "subscribe" => new!(PySubscribeEvent),
        "unsubscribe" => new!(PyUnsubscribeEvent),
        "scan" => new!(PyScanEvent),
        "location_event" => new!(PyLocationEvent),
        "click" => new!(PyClickEvent),
        "view" => new!(PyViewEvent),
        "user_enter_tempsession" => new!(PyUserEnterTempsessionEvent),
        "weapp_audit_success" => new!(PyWeappAuditSuccess),
        "weapp_audit_fail" => new!(PyWeappAuditFail),
        "weapp_audit_delay" => new!(PyWeappAuditDelay),
        "wxa_nickname_audit" => new!(PyWxaNicknameAudit),
        "wxa_category_audit" => new!(PyWxaCategoryAudit),
        "wxa_privacy_apply" => new!(PyWxaPrivacyApply),
        "wxa_appeal_record" => new!(PyWxaAppealRecord),
        "component_event" => new!(PyComponentEventMessage),
        _ => new!(PyOtherMessage),
    })
}

#[pymethods]
impl PyMessage {
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        match self.lookup(name) {
            Some(v) => self.field(py, name, v),
            None => Err(PyAttributeError::new_err(format!(
                "this message has no field {name:?}; fields: {:?}",
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

    /// The field names (for an `OtherMessage`, followed by its push's element names).
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

    /// A plain, deep copy as dicts and lists (`msg_id` an `int`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        plain_dict(py, self.data())
    }

    /// The plaintext XML of a passive text reply to this message (sender and receiver
    /// swapped). `create_time`: unix seconds, default the clock. Encrypt it with
    /// `Webhook.encrypt_reply`, or use `Webhook.reply_text` for both steps.
    #[pyo3(signature = (content, *, create_time=None))]
    fn text_reply(
        &self,
        py: Python<'_>,
        content: &Bound<'_, PyAny>,
        create_time: Option<crate::webhook::UnixSecs>,
    ) -> PyResult<String> {
        let content = text_arg(content, "content")?;
        let time = crate::webhook::now_or_clock(create_time);
        self.message
            .text_reply(&content, time)
            .map_err(|e| to_py_err(py, &e))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyMessage>()
            .is_ok_and(|o| o.get().message == self.message)
    }

    fn __dir__(&self) -> Vec<String> {
        let mut names = self.keys();
        names.push("text_reply".to_owned());
        names
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        Ok(repr_fields(
            &slf.get_type().name()?.to_string(),
            slf.get().data(),
        ))
    }
}
