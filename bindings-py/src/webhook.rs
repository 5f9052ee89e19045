//! pyo3 glue for push handling: `wxopen.Webhook` and `wxopen.WebhookRouter` are these classes.
//! The host-side inputs the core does not have — the clock and random bytes — are read here
//! when the caller does not pass them.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyInt, PyString, PyTuple};
use wxopen::webhook::{Query, Webhook, WebhookRouter};

use crate::convert::to_py_err;
use crate::event::to_py_event;

/// Query keys the core reads; a dict is asked only for these.
const QUERY_KEYS: [&str; 7] = [
    "timestamp",
    "nonce",
    "msg_signature",
    "signature",
    "encrypt_type",
    "echostr",
    "openid",
];

/// A raw query string, a mapping (dict, MultiDict, QueryParams) or an iterable of pairs.
pub(crate) fn to_query(query: &Bound<'_, PyAny>) -> PyResult<Query> {
    if let Ok(text) = query.cast::<PyString>() {
        return Ok(Query::parse(&text.to_cow()?));
    }
    // Only a plain dict takes the fast path: dict subclasses such as werkzeug's MultiDict store
    // lists internally and give single values through `.items()`.
    if let Ok(dict) = query.cast_exact::<PyDict>() {
        let py = query.py();
        let keys = [
            intern!(py, "timestamp"),
            intern!(py, "nonce"),
            intern!(py, "msg_signature"),
            intern!(py, "signature"),
            intern!(py, "encrypt_type"),
            intern!(py, "echostr"),
            intern!(py, "openid"),
        ];
        let mut pairs: Vec<(&str, String)> = Vec::with_capacity(keys.len());
        for (name, key) in QUERY_KEYS.iter().zip(keys) {
            if let Some(value) = dict.get_item(key)? {
                pairs.push((name, value.extract()?));
            }
        }
        return Ok(Query::from_pairs(pairs));
    }
    let pairs = if query.hasattr("items")? {
        query.call_method0("items")?
    } else {
        query.clone()
    };
    let mut collected: Vec<(String, String)> = Vec::new();
    for item in pairs.try_iter()? {
        collected.push(item?.extract()?);
    }
    Ok(Query::from_pairs(collected))
}

pub(crate) fn body_bytes<'a>(body: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = body.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = body.cast::<PyString>() {
        return Ok(Cow::Owned(s.to_cow()?.as_bytes().to_vec()));
    }
    Ok(Cow::Owned(body.extract::<Vec<u8>>()?))
}

/// A time argument in unix seconds: an `int` is read as is (no float conversion), anything
/// else as a float, truncated (NaN and infinities are 0).
pub(crate) struct UnixSecs(i64);

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
fn now_or_clock(now: Option<UnixSecs>) -> i64 {
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

fn message_bytes<'a>(msg: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    body_bytes(msg)
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
        token: &str,
        encoding_aes_key: &str,
        component_appid: &str,
        max_age: Option<u64>,
        max_body_bytes: usize,
    ) -> PyResult<Self> {
        let inner = Webhook::new(token, encoding_aes_key, component_appid)
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

    /// Verifies and decrypts a push, returning the XML (for the 消息与事件接收URL).
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
        nonce: &str,
        timestamp: Option<UnixSecs>,
    ) -> PyResult<String> {
        let random = random16(py, None)?;
        self.inner
            .encrypt_reply(
                &message_bytes(xml)?,
                &random,
                now_or_clock(timestamp),
                nonce,
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
        nonce: &str,
        random: Option<&[u8]>,
    ) -> PyResult<(String, String)> {
        let random = random16(py, random)?;
        let timestamp = timestamp.str()?.to_cow()?.into_owned();
        let crypt = self.inner.crypt();
        let encrypt = crypt
            .encrypt(&message_bytes(xml)?, &random)
            .map_err(|e| to_py_err(py, &e))?;
        let signature = crypt.msg_signature(&timestamp, nonce, &encrypt);
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
