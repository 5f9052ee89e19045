//! pyo3 glue for push handling: `wxopen.Webhook` and `wxopen.WebhookRouter` are these classes.
//! The host-side inputs the core does not have — the clock and random bytes — are read here
//! when the caller does not pass them.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyList, PyMemoryView, PyString, PyTuple,
};
use wxopen::webhook::{QUERY_KEYS, Query, Webhook, WebhookRouter};

use crate::convert::{text_arg, to_py_err};
use crate::event::to_py_event;
use crate::message::{PyMessage, to_py_message};

/// A query as people pass it: the raw query string (`str`, or `bytes` such as Flask's
/// `request.query_string`), a mapping (dict, werkzeug's MultiDict, Starlette's QueryParams,
/// `urllib.parse.parse_qs` output whose values are lists) or an iterable of pairs. Only the
/// keys the core reads ([`wxopen::webhook::QUERY_KEYS`]) are looked at; their values may be
/// `str`, UTF-8 `bytes`, an `int` (a timestamp) or a list of those (the first is used).
pub(crate) fn to_query(query: &Bound<'_, PyAny>) -> PyResult<Query> {
    if let Ok(text) = query.cast::<PyString>() {
        return Ok(Query::parse(&text_arg(text.as_any(), "query")?));
    }
    if query.cast::<PyBytes>().is_ok() || query.cast::<PyByteArray>().is_ok() {
        let raw: Vec<u8> = query.extract()?;
        // Percent-decoding happens in the core; the raw query itself is ASCII in practice.
        return Ok(Query::parse(&String::from_utf8_lossy(&raw)));
    }
    // Only a plain dict takes the fast path: dict subclasses such as werkzeug's MultiDict store
    // lists internally and give single values through `.items()`.
    if let Ok(dict) = query.cast_exact::<PyDict>() {
        let mut pairs: Vec<(&str, String)> = Vec::with_capacity(QUERY_KEYS.len());
        for name in QUERY_KEYS {
            if let Some(value) = dict.get_item(name)?
                && let Some(value) = query_value(&value, name)?
            {
                pairs.push((name, value));
            }
        }
        return Ok(Query::from_pairs(pairs));
    }
    let pairs = if query.hasattr("items")? {
        query.call_method0("items")?
    } else {
        query.clone()
    };
    let mut collected: Vec<(&str, String)> = Vec::new();
    for item in pairs.try_iter()? {
        let item = item?;
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(|_| {
            PyTypeError::new_err("a query must be a str, bytes, a mapping or (key, value) pairs")
        })?;
        let Ok(key) = key
            .cast::<PyString>()
            .map(|k| k.to_cow().map(|c| c.into_owned()))
        else {
            continue;
        };
        let key = key?;
        let Some(name) = QUERY_KEYS.iter().find(|k| **k == key) else {
            continue;
        };
        if let Some(value) = query_value(&value, name)? {
            collected.push((name, value));
        }
    }
    Ok(Query::from_pairs(collected))
}

/// One query value: `str`, UTF-8 `bytes`, an `int`, or a list/tuple of those (first element;
/// an empty list is absent).
fn query_value(value: &Bound<'_, PyAny>, name: &'static str) -> PyResult<Option<String>> {
    if let Ok(list) = value.cast::<PyList>() {
        return match list.iter().next() {
            Some(first) => query_value(&first, name),
            None => Ok(None),
        };
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return match tuple.iter().next() {
            Some(first) => query_value(&first, name),
            None => Ok(None),
        };
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return Ok(Some(value.str()?.to_cow()?.into_owned()));
    }
    if value.is_none() {
        return Ok(None);
    }
    if value.cast::<PyString>().is_ok() || value.cast::<PyBytes>().is_ok() {
        return text_arg(value, name).map(Some);
    }
    Err(PyTypeError::new_err(format!(
        "query parameter {name} must be a str, UTF-8 bytes or an int, not {}",
        value.get_type().name()?
    )))
}

/// The raw body: `bytes`, `bytearray`, `memoryview` or `str`. Anything else (a parsed dict, a
/// file object) is a `TypeError` saying what to pass.
pub(crate) fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = body.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if body.cast::<PyString>().is_ok() {
        return Ok(Cow::Owned(text_arg(body, "body")?.into_bytes()));
    }
    if body.cast::<PyByteArray>().is_ok() || body.cast::<PyMemoryView>().is_ok() {
        return Ok(Cow::Owned(body.extract::<Vec<u8>>()?));
    }
    Err(PyTypeError::new_err(format!(
        "body must be the raw request body as bytes or str (e.g. Flask request.get_data(), \
         await request.body()), not {}",
        body.get_type().name()?
    )))
}

/// A time argument in unix seconds: an `int` is read as is (no float conversion), anything
/// else as a float, truncated (NaN and infinities are 0).
pub(crate) struct UnixSecs(pub(crate) i64);

impl<'py> FromPyObject<'_, 'py> for UnixSecs {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let exact_int = obj.is_exact_instance_of::<PyInt>();
        if let Some(secs) = exact_int.then(|| obj.extract::<i64>().ok()).flatten() {
            return Ok(Self(secs));
        }
        let secs: f64 = obj.extract()?;
        Ok(Self(if secs.is_finite() {
            secs.trunc() as i64
        } else {
            0
        }))
    }
}

/// `now` as given, or the system clock (the host's clock: the core never reads one).
pub(crate) fn now_or_clock(now: Option<UnixSecs>) -> i64 {
    match now {
        Some(UnixSecs(t)) => t,
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    }
}

/// 16 random bytes from `os.urandom` unless given.
fn random16(py: Python<'_>, random: Option<&[u8]>) -> PyResult<[u8; 16]> {
    let bytes: Vec<u8> = match random {
        Some(r) => r.to_vec(),
        None => py.import("os")?.call_method1("urandom", (16,))?.extract()?,
    };
    bytes.try_into().map_err(|_| {
        to_py_err(
            py,
            &wxopen::Error::invalid("random", "must be exactly 16 bytes"),
        )
    })
}

/// A message to encrypt (`xml`): `bytes`, `bytearray`, `memoryview` or `str`.
fn message_bytes<'a>(msg: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = msg.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if msg.cast::<PyString>().is_ok() {
        return Ok(Cow::Owned(text_arg(msg, "xml")?.into_bytes()));
    }
    if msg.cast::<PyByteArray>().is_ok() || msg.cast::<PyMemoryView>().is_ok() {
        return Ok(Cow::Owned(msg.extract::<Vec<u8>>()?));
    }
    Err(PyTypeError::new_err(format!(
        "xml must be bytes or str, not {}",
        msg.get_type().name()?
    )))
}

/// A timestamp to sign: a `str` (signed as written) or an `int`.
fn timestamp_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return Ok(value.str()?.to_cow()?.into_owned());
    }
    if value.cast::<PyString>().is_ok() || value.cast::<PyBytes>().is_ok() {
        return text_arg(value, "timestamp");
    }
    Err(PyTypeError::new_err(format!(
        "timestamp must be a str or an int, not {}",
        value.get_type().name()?
    )))
}

/// One of `Webhook(...)`'s text arguments.
fn arg(obj: &Bound<'_, PyAny>, name: &'static str) -> PyResult<String> {
    text_arg(obj, name)
}

/// `timestamp`, `nonce` and `msg_signature` of a plain `dict` whose three values are `str`,
/// borrowed from Python (no `Query` to build). `None` for anything else, which takes the general
/// path (and its errors).
fn dict_parts(query: &Bound<'_, PyAny>) -> Option<[PyBackedStr; 3]> {
    let dict = query.cast_exact::<PyDict>().ok()?;
    let py = query.py();
    let get = |key: &Bound<'_, PyString>| -> Option<PyBackedStr> {
        dict.get_item(key).ok()??.extract().ok()
    };
    Some([
        get(intern!(py, "timestamp"))?,
        get(intern!(py, "nonce"))?,
        get(intern!(py, "msg_signature"))?,
    ])
}

/// The shared steps of `Webhook.parse` and `WebhookRouter.parse`: convert the inputs, run the
/// core's parse, wrap the event or raise its error. `parse_parts` takes timestamp, nonce and
/// msg_signature directly (the common case: a dict); `parse` takes a full `Query`.
fn parse_with(
    py: Python<'_>,
    query: &Bound<'_, PyAny>,
    body: &Bound<'_, PyAny>,
    now: Option<UnixSecs>,
    parse_parts: impl FnOnce(&str, &str, &str, &[u8], i64) -> wxopen::Result<wxopen::Event>,
    parse: impl FnOnce(&Query, &[u8], i64) -> wxopen::Result<wxopen::Event>,
) -> PyResult<Py<PyAny>> {
    let result = match dict_parts(query) {
        Some([timestamp, nonce, msg_signature]) => {
            let body = body_bytes(body)?;
            parse_parts(&timestamp, &nonce, &msg_signature, &body, now_or_clock(now))
        }
        None => {
            let query = to_query(query)?;
            let body = body_bytes(body)?;
            parse(&query, &body, now_or_clock(now))
        }
    };
    match result {
        Ok(event) => to_py_event(py, event),
        Err(e) => Err(to_py_err(py, &e)),
    }
}

/// One platform's push endpoint (spec §6, §7).
///
/// `Webhook(*, token, encoding_aes_key, component_appid, max_age=300, max_body_bytes=65536)`.
/// `max_age` is the freshness window for `timestamp` in seconds; `None` turns it off (only for
/// replaying recorded pushes in tests).
#[pyclass(frozen, module = "wxopen._native", name = "Webhook")]
pub(crate) struct PyWebhook {
    inner: Webhook,
}

#[pymethods]
impl PyWebhook {
    #[new]
    #[pyo3(signature = (*, token, encoding_aes_key, component_appid, max_age=Some(Webhook::DEFAULT_MAX_AGE_SECS), max_body_bytes=Webhook::DEFAULT_MAX_BODY_BYTES))]
    fn new(
        py: Python<'_>,
        token: &Bound<'_, PyAny>,
        encoding_aes_key: &Bound<'_, PyAny>,
        component_appid: &Bound<'_, PyAny>,
        max_age: Option<u64>,
        max_body_bytes: usize,
    ) -> PyResult<Self> {
        let token = arg(token, "token")?;
        let encoding_aes_key = arg(encoding_aes_key, "encoding_aes_key")?;
        let component_appid = arg(component_appid, "component_appid")?;
        let inner = Webhook::new(token, &encoding_aes_key, component_appid)
            .map_err(|e| to_py_err(py, &e))?
            .with_max_age_secs(max_age)
            .with_max_body_bytes(max_body_bytes);
        Ok(Self { inner })
    }

    /// Verifies, decrypts and parses a push into its event object. `query`: the raw query
    /// string or a mapping (Flask `request.args`, FastAPI `request.query_params`, a dict);
    /// `body`: the raw request body; `now`: unix seconds (default: the system clock).
    #[pyo3(signature = (query, body, *, now=None))]
    fn parse(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<UnixSecs>,
    ) -> PyResult<Py<PyAny>> {
        parse_with(
            py,
            query,
            body,
            now,
            |ts, n, s, b, t| self.inner.parse_parts(ts, n, s, b, t),
            |q, b, t| self.inner.parse(q, b, t),
        )
    }

    /// Verifies, decrypts and parses a push of the 消息与事件接收URL into its message object.
    /// `authorizer_appid`: the appid of the request path (the URL's `$APPID$`); `query`, `body`
    /// and `now` as for `parse`.
    #[pyo3(signature = (authorizer_appid, query, body, *, now=None))]
    fn parse_message(
        &self,
        py: Python<'_>,
        authorizer_appid: &Bound<'_, PyAny>,
        query: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<UnixSecs>,
    ) -> PyResult<Py<PyAny>> {
        let appid = arg(authorizer_appid, "authorizer_appid")?;
        let now = now_or_clock(now);
        let result = match dict_parts(query) {
            Some([timestamp, nonce, msg_signature]) => {
                let body = body_bytes(body)?;
                self.inner.parse_message_parts(
                    &appid,
                    &timestamp,
                    &nonce,
                    &msg_signature,
                    &body,
                    now,
                )
            }
            None => {
                let query = to_query(query)?;
                let body = body_bytes(body)?;
                self.inner.parse_message(&appid, &query, &body, now)
            }
        };
        match result {
            Ok(message) => to_py_message(py, message),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// The encrypted passive text reply to `message` (a `Message` from `parse_message`):
    /// answer the push with it. `nonce` is required (the request's may be echoed);
    /// `timestamp` (also the reply's CreateTime) defaults to the clock; `random` (16 bytes,
    /// for tests) to `os.urandom`.
    #[pyo3(signature = (message, content, *, nonce, timestamp=None, random=None))]
    fn reply_text(
        &self,
        py: Python<'_>,
        message: &Bound<'_, PyMessage>,
        content: &Bound<'_, PyAny>,
        nonce: &Bound<'_, PyAny>,
        timestamp: Option<UnixSecs>,
        random: Option<&[u8]>,
    ) -> PyResult<String> {
        let content = arg(content, "content")?;
        let nonce = arg(nonce, "nonce")?;
        let random = random16(py, random)?;
        self.inner
            .reply_text(
                message.get().message(),
                &content,
                &random,
                now_or_clock(timestamp),
                &nonce,
            )
            .map_err(|e| to_py_err(py, &e))
    }

    /// What to answer a message of the full-network-release check (spec §13.5): `None` when
    /// `message` is not one of its messages (or not for a test account, unless
    /// `any_account`), else a `wxopen.ReleaseCheck` with the `body` to answer with now and
    /// the `follow_up` to run after (for `QUERY_AUTH_CODE`). `timestamp` and `random` as for
    /// `reply_text`.
    #[pyo3(signature = (message, *, nonce, timestamp=None, any_account=false, random=None))]
    fn release_check(
        &self,
        py: Python<'_>,
        message: &Bound<'_, PyMessage>,
        nonce: &Bound<'_, PyAny>,
        timestamp: Option<UnixSecs>,
        any_account: bool,
        random: Option<&[u8]>,
    ) -> PyResult<Py<PyAny>> {
        let nonce = arg(nonce, "nonce")?;
        let random = random16(py, random)?;
        let check = self
            .inner
            .release_check(
                message.get().message(),
                &random,
                now_or_clock(timestamp),
                &nonce,
                any_account,
            )
            .map_err(|e| to_py_err(py, &e))?;
        let Some(check) = check else {
            return Ok(py.None());
        };
        let release = py.import("wxopen.release")?;
        let follow_up = match &check.follow_up {
            None => py.None(),
            Some(f) => {
                let query_auth = serde_json::to_string(&f.query_auth()).unwrap_or_default();
                let custom_send = serde_json::to_string(&f.custom_send()).unwrap_or_default();
                release
                    .getattr("ReleaseFollowUp")?
                    .call1((
                        f.component_appid.as_str(),
                        f.authorizer_appid.as_str(),
                        f.authorization_code.expose(),
                        f.touser.as_str(),
                        f.content.as_str(),
                        query_auth,
                        custom_send,
                    ))?
                    .unbind()
            }
        };
        Ok(release
            .getattr("ReleaseCheck")?
            .call1((check.body, follow_up))?
            .unbind())
    }

    /// Verifies and decrypts a push, returning the XML (either URL; for tools).
    #[pyo3(signature = (query, body, *, now=None))]
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        body: &Bound<'py, PyAny>,
        now: Option<UnixSecs>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let query = to_query(query)?;
        let body = body_bytes(body)?;
        match self.inner.decrypt(&query, &body, now_or_clock(now)) {
            Ok(xml) => Ok(PyBytes::new(py, &xml)),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// Answers WeChat's URL verification (GET): returns the text to send back.
    #[pyo3(signature = (query, *, now=None))]
    fn verify_url(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        now: Option<UnixSecs>,
    ) -> PyResult<String> {
        let query = to_query(query)?;
        self.inner
            .verify_url(&query, now_or_clock(now))
            .map_err(|e| to_py_err(py, &e))
    }

    /// Encrypts and signs a reply, returning the reply XML. Component events never need one:
    /// answer them with `success`.
    #[pyo3(signature = (xml, *, nonce, timestamp=None))]
    fn encrypt_reply(
        &self,
        py: Python<'_>,
        xml: &Bound<'_, PyAny>,
        nonce: &Bound<'_, PyAny>,
        timestamp: Option<UnixSecs>,
    ) -> PyResult<String> {
        let nonce = arg(nonce, "nonce")?;
        let random = random16(py, None)?;
        self.inner
            .encrypt_reply(
                &message_bytes(xml)?,
                &random,
                now_or_clock(timestamp),
                &nonce,
            )
            .map_err(|e| to_py_err(py, &e))
    }

    /// Encrypts and signs a message as WeChat does: `(encrypt, msg_signature)`. For tests,
    /// simulators and tools; `random` (16 bytes) defaults to `os.urandom`.
    #[pyo3(signature = (xml, *, timestamp, nonce, random=None))]
    fn encrypt(
        &self,
        py: Python<'_>,
        xml: &Bound<'_, PyAny>,
        timestamp: &Bound<'_, PyAny>,
        nonce: &Bound<'_, PyAny>,
        random: Option<&[u8]>,
    ) -> PyResult<(String, String)> {
        let random = random16(py, random)?;
        let timestamp = timestamp_text(timestamp)?;
        let nonce = arg(nonce, "nonce")?;
        let crypt = self.inner.crypt();
        let encrypt = crypt
            .encrypt(&message_bytes(xml)?, &random)
            .map_err(|e| to_py_err(py, &e))?;
        let signature = crypt.msg_signature(&timestamp, &nonce, &encrypt);
        Ok((encrypt, signature))
    }

    /// The platform appid.
    #[getter]
    fn component_appid(&self) -> &str {
        self.inner.component_appid()
    }

    /// The freshness window in seconds (`None`: unchecked).
    #[getter]
    fn max_age(&self) -> Option<u64> {
        self.inner.max_age_secs()
    }

    /// The body limit in bytes.
    #[getter]
    fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes()
    }

    fn __repr__(&self) -> String {
        format!(
            "Webhook(component_appid={:?}, token=***, encoding_aes_key=***, max_age={})",
            self.inner.component_appid(),
            self.inner
                .max_age_secs()
                .map_or_else(|| "None".to_owned(), |s| s.to_string())
        )
    }
}

/// Several platforms behind one URL: `WebhookRouter(hook_a, hook_b)` picks the Webhook by the
/// envelope's AppId (which only chooses the keys; that platform's checks still apply).
#[pyclass(frozen, module = "wxopen._native", name = "WebhookRouter")]
pub(crate) struct PyWebhookRouter {
    inner: WebhookRouter,
    appids: Vec<String>,
}

#[pymethods]
impl PyWebhookRouter {
    #[new]
    #[pyo3(signature = (*hooks))]
    fn new(hooks: &Bound<'_, PyTuple>) -> PyResult<Self> {
        let mut inner = WebhookRouter::new();
        let mut appids = Vec::new();
        for hook in hooks.iter() {
            let hook = hook.cast::<PyWebhook>()?;
            appids.push(hook.get().inner.component_appid().to_owned());
            inner.insert(hook.get().inner.clone());
        }
        Ok(Self { inner, appids })
    }

    /// Like `Webhook.parse`, for whichever platform the push is for.
    #[pyo3(signature = (query, body, *, now=None))]
    fn parse(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<UnixSecs>,
    ) -> PyResult<Py<PyAny>> {
        parse_with(
            py,
            query,
            body,
            now,
            |ts, n, s, b, t| self.inner.parse_parts(ts, n, s, b, t),
            |q, b, t| self.inner.parse(q, b, t),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "WebhookRouter({})",
            self.appids
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The SHA-1 signature WeChat computes (spec §6.6): over token, timestamp, nonce and, for
/// `msg_signature`, the `Encrypt` text.
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
