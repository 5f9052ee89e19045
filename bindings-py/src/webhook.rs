//! pyo3 glue for push handling (`wxopen.Webhook`): the Python class in `webhook.py` holds one
//! of these and adds the clock and the event classes.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use wxopen::webhook::{Query, Webhook, WebhookRouter};

use crate::convert::to_py_err;

/// Turns a raw query string, a mapping (dict, MultiDict, QueryParams) or an iterable of
/// `(key, value)` pairs into the core's [`Query`].
fn to_query(query: &Bound<'_, PyAny>) -> PyResult<Query> {
    if let Ok(text) = query.cast::<PyString>() {
        return Ok(Query::parse(&text.to_cow()?));
    }
    let pairs = if query.hasattr("items")? {
        query.call_method0("items")?
    } else {
        query.clone()
    };
    let mut collected: Vec<(String, String)> = Vec::new();
    for item in pairs.try_iter()? {
        let (key, value): (String, String) = item?.extract()?;
        collected.push((key, value));
    }
    Ok(Query::from_pairs(collected))
}

fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<std::borrow::Cow<'a, [u8]>> {
    if let Ok(b) = body.cast::<PyBytes>() {
        return Ok(std::borrow::Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = body.cast::<PyString>() {
        return Ok(std::borrow::Cow::Owned(s.to_cow()?.as_bytes().to_vec()));
    }
    let owned: Vec<u8> = body.extract()?;
    Ok(std::borrow::Cow::Owned(owned))
}

fn event_json(event: &wxopen::event::Event) -> String {
    serde_json::to_string(event)
        .unwrap_or_else(|e| format!("{{\"type\":\"other\",\"error\":{:?}}}", e.to_string()))
}

/// One platform's push endpoint.
#[pyclass(frozen, module = "wxopen._native", name = "Webhook")]
pub(crate) struct PyWebhook {
    inner: Webhook,
}

#[pymethods]
impl PyWebhook {
    #[new]
    #[pyo3(signature = (token, encoding_aes_key, component_appid, max_age_secs, max_body_bytes))]
    fn new(
        py: Python<'_>,
        token: &str,
        encoding_aes_key: &str,
        component_appid: &str,
        max_age_secs: Option<u64>,
        max_body_bytes: usize,
    ) -> PyResult<Self> {
        let inner = Webhook::new(token, encoding_aes_key, component_appid)
            .map_err(|e| to_py_err(py, &e))?
            .with_max_age_secs(max_age_secs)
            .with_max_body_bytes(max_body_bytes);
        Ok(Self { inner })
    }

    /// Verifies, decrypts and parses a push; returns the event as JSON text.
    fn parse(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: i64,
    ) -> PyResult<String> {
        let query = to_query(query)?;
        let body = body_bytes(body)?;
        match self.inner.parse(&query, &body, now) {
            Ok(event) => Ok(event_json(&event)),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// Verifies and decrypts a push; returns the decrypted XML.
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        body: &Bound<'py, PyAny>,
        now: i64,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let query = to_query(query)?;
        let body = body_bytes(body)?;
        match self.inner.decrypt(&query, &body, now) {
            Ok(xml) => Ok(PyBytes::new(py, &xml)),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// Answers a URL verification; returns the text to send back.
    fn verify_url(&self, py: Python<'_>, query: &Bound<'_, PyAny>, now: i64) -> PyResult<String> {
        let query = to_query(query)?;
        self.inner
            .verify_url(&query, now)
            .map_err(|e| to_py_err(py, &e))
    }

    /// Encrypts and signs a reply; returns the reply XML.
    fn encrypt_reply(
        &self,
        py: Python<'_>,
        msg: &[u8],
        random: [u8; 16],
        timestamp: i64,
        nonce: &str,
    ) -> PyResult<String> {
        self.inner
            .encrypt_reply(msg, &random, timestamp, nonce)
            .map_err(|e| to_py_err(py, &e))
    }

    /// Encrypts a message and signs it: `(encrypt, msg_signature)` — what WeChat itself sends.
    fn encrypt(
        &self,
        py: Python<'_>,
        msg: &[u8],
        random: [u8; 16],
        timestamp: &str,
        nonce: &str,
    ) -> PyResult<(String, String)> {
        let crypt = self.inner.crypt();
        let encrypt = crypt.encrypt(msg, &random).map_err(|e| to_py_err(py, &e))?;
        let signature = crypt.msg_signature(timestamp, nonce, &encrypt);
        Ok((encrypt, signature))
    }

    #[getter]
    fn component_appid(&self) -> &str {
        self.inner.component_appid()
    }

    #[getter]
    fn max_age_secs(&self) -> Option<u64> {
        self.inner.max_age_secs()
    }

    #[getter]
    fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes()
    }
}

/// Several platforms behind one URL.
#[pyclass(module = "wxopen._native", name = "WebhookRouter")]
pub(crate) struct PyWebhookRouter {
    inner: WebhookRouter,
}

#[pymethods]
impl PyWebhookRouter {
    #[new]
    fn new(hooks: Vec<PyRef<'_, PyWebhook>>) -> Self {
        let mut inner = WebhookRouter::new();
        for hook in hooks {
            inner.insert(hook.inner.clone());
        }
        Self { inner }
    }

    /// Routes by the envelope's AppId, then verifies, decrypts and parses; event as JSON text.
    fn parse(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: i64,
    ) -> PyResult<String> {
        let query = to_query(query)?;
        let body = body_bytes(body)?;
        match self.inner.parse(&query, &body, now) {
            Ok(event) => Ok(event_json(&event)),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }
}

/// Lower-hex SHA-1 signature of a push (for tests and tools): over token, timestamp, nonce and
/// encrypt (or the first three only when `encrypt` is None).
#[pyfunction]
#[pyo3(signature = (token, timestamp, nonce, encrypt=None))]
pub(crate) fn signature(
    token: &str,
    timestamp: &str,
    nonce: &str,
    encrypt: Option<&str>,
) -> String {
    let mut parts: Vec<&str> = vec![token, timestamp, nonce];
    parts.extend(encrypt);
    wxopen::crypto::sha1_signature(&parts)
}
