//! pyo3 glue for the platform driver (`wxopen::driver`): `_native.Driver` starts calls,
//! `_native.Call` carries the step protocol. No logic: steps cross as plain tuples of
//! `str`/`bytes`/`int`/`None` (the cheapest objects to build), answers come back through one
//! method per [`Input`] kind. Errors raise the usual exception classes.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use wxopen::driver::{
    AccessToken, Authorized, AuthorizerStatus, Call, Config, Driver, HandleQuery, Input, Policy,
    Step,
};
use wxopen::event::Event;
use wxopen::task::TaskFilter;
use wxopen::{ApiBase, Response};

use crate::convert::{parse_json, to_py_err};
use crate::event::to_py_event;
use crate::webhook::{body_bytes, to_query};

/// Step kinds: the first item of every step tuple.
pub(crate) const STEP_HTTP: u8 = 0;
pub(crate) const STEP_GET: u8 = 1;
pub(crate) const STEP_PUT: u8 = 2;
pub(crate) const STEP_COMPARE_AND_SET: u8 = 3;
pub(crate) const STEP_LOCK: u8 = 4;
pub(crate) const STEP_UNLOCK: u8 = 5;
pub(crate) const STEP_SLEEP: u8 = 6;
pub(crate) const STEP_EVENT: u8 = 7;
pub(crate) const STEP_DONE: u8 = 8;

/// One platform's driver (`wxopen.driver.Driver` in the core).
#[pyclass(name = "Driver", module = "wxopen._native", frozen)]
pub(crate) struct PyDriver {
    inner: Driver,
}

/// A call in progress; answer its last step with the method for that step's kind.
#[pyclass(name = "Call", module = "wxopen._native", frozen)]
pub(crate) struct PyCall {
    inner: Mutex<AnyCall>,
}

/// The calls of the different entry points, by result type.
enum AnyCall {
    Json(Call<serde_json::Value>),
    Event(Call<Event>),
    Token(Call<AccessToken>),
    Authorized(Call<Authorized>),
    Flag(Call<bool>),
    Unit(Call<()>),
    Status(Call<Option<AuthorizerStatus>>),
}

#[pymethods]
impl PyDriver {
    /// A driver for one platform. `seed`: random bits (jitter, lock owner ids).
    /// `policy_json`: a JSON object of policy overrides (see `default_policy()`).
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (component_appid, component_appsecret, token, encoding_aes_key, *, seed, api_base=None, read_only=false, policy_json=None, key_prefix=None, webhook_max_age_secs=None))]
    fn new(
        py: Python<'_>,
        component_appid: &str,
        component_appsecret: &str,
        token: &str,
        encoding_aes_key: &str,
        seed: u64,
        api_base: Option<&str>,
        read_only: bool,
        policy_json: Option<&str>,
        key_prefix: Option<&str>,
        webhook_max_age_secs: Option<i64>,
    ) -> PyResult<Self> {
        let result = (|| {
            let mut config = Config::new(
                component_appid,
                component_appsecret,
                token,
                encoding_aes_key,
            )?
            .read_only(read_only);
            if let Some(base) = api_base {
                config = config.with_api_base(ApiBase::new(base)?);
            }
            if let Some(text) = policy_json {
                config = config.with_policy(Policy::from_json(&parse_json(text)?)?);
            }
            if let Some(prefix) = key_prefix {
                config = config.with_key_prefix(prefix)?;
            }
            if let Some(age) = webhook_max_age_secs {
                // Negative: no freshness check (replaying recorded pushes in tests).
                let webhook = config
                    .webhook()
                    .clone()
                    .with_max_age_secs(u64::try_from(age).ok());
                config = config.with_webhook(webhook)?;
            }
            Driver::new(config, seed)
        })();
        result
            .map(|inner| Self { inner })
            .map_err(|e| to_py_err(py, &e))
    }

    /// The default policy as JSON text.
    #[staticmethod]
    fn default_policy() -> String {
        Policy::default().to_json().to_string()
    }

    /// The policy in force as JSON text.
    fn policy(&self) -> String {
        self.inner.config().policy().to_json().to_string()
    }

    /// The platform's component appid.
    #[getter]
    fn component_appid(&self) -> &str {
        self.inner.config().component_appid()
    }

    /// Whether the platform is read-only.
    #[getter]
    fn read_only(&self) -> bool {
        self.inner.config().is_read_only()
    }

    /// The common prefix of the platform's store keys.
    #[getter]
    fn key_base(&self) -> &str {
        self.inner.keys().base()
    }

    /// Forgets the process-local token cache.
    fn clear_cache(&self) {
        self.inner.clear_cache();
    }

    /// Starts the operation `op` (registry name) with JSON input; returns `(call, step)`.
    #[pyo3(signature = (op, input_json, authorizer_appid, now_ms))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        input_json: &str,
        authorizer_appid: Option<&str>,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let input = parse_json(input_json).map_err(|e| to_py_err(py, &e))?;
        start(
            py,
            AnyCall::Json(self.inner.call_json(op, &input, authorizer_appid)),
            now_ms,
        )
    }

    /// Starts reading the component access token.
    fn component_access_token<'py>(
        &self,
        py: Python<'py>,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        start(
            py,
            AnyCall::Token(self.inner.component_access_token()),
            now_ms,
        )
    }

    /// Starts reading an authorizer's access token.
    fn authorizer_access_token<'py>(
        &self,
        py: Python<'py>,
        authorizer_appid: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.authorizer_access_token(authorizer_appid);
        start(py, AnyCall::Token(call), now_ms)
    }

    /// Starts handling a push: `query` is a raw query string, a mapping or pairs; `body` is
    /// bytes, bytearray or str.
    fn handle<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        body: &Bound<'py, PyAny>,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let query = to_query(query)?;
        let query = HandleQuery::from_query(&query).map_err(|e| to_py_err(py, &e))?;
        let call = self.inner.handle(query, body_bytes(body)?.into_owned());
        start(py, AnyCall::Event(call), now_ms)
    }

    /// Starts exchanging the redirect's `auth_code`.
    fn authorize<'py>(
        &self,
        py: Python<'py>,
        auth_code: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        start(
            py,
            AnyCall::Authorized(self.inner.authorize(auth_code)),
            now_ms,
        )
    }

    /// Starts storing a ticket (migration, tests).
    fn store_ticket<'py>(
        &self,
        py: Python<'py>,
        ticket: &str,
        create_time: i64,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.store_ticket(ticket, create_time);
        start(py, AnyCall::Flag(call), now_ms)
    }

    /// Starts storing an authorizer's refresh token (migration).
    fn import_authorizer<'py>(
        &self,
        py: Python<'py>,
        authorizer_appid: &str,
        refresh_token: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self
            .inner
            .import_authorizer(authorizer_appid, refresh_token);
        start(py, AnyCall::Unit(call), now_ms)
    }

    /// Starts reading an authorizer's stored status.
    fn authorizer_status<'py>(
        &self,
        py: Python<'py>,
        authorizer_appid: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.authorizer_status(authorizer_appid);
        start(py, AnyCall::Status(call), now_ms)
    }

    /// Starts a registration create operation (`register.enterprise`, `…_legacy`,
    /// `….personal`, `….beta`, `….beta_verify`, `….reuse_oa`); Done: JSON text
    /// `{"output": …, "task": … | null}`.
    #[pyo3(signature = (op, input_json, authorizer_appid, now_ms))]
    fn register<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        input_json: &str,
        authorizer_appid: Option<&str>,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let input = parse_json(input_json).map_err(|e| to_py_err(py, &e))?;
        let call = self.inner.register_json(op, &input, authorizer_appid);
        start(py, AnyCall::Json(to_json_call(call)), now_ms)
    }

    /// Starts reading a registration task; Done: JSON text of the task, or `null`.
    fn task<'py>(
        &self,
        py: Python<'py>,
        task_id: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.task(task_id);
        start(py, AnyCall::Json(to_json_call(call)), now_ms)
    }

    /// Starts listing registration tasks, newest first (`kind`, `state`: names or `None`);
    /// Done: JSON text of the list.
    #[pyo3(signature = (kind, state, limit, now_ms))]
    fn tasks<'py>(
        &self,
        py: Python<'py>,
        kind: Option<&str>,
        state: Option<&str>,
        limit: Option<u64>,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let filter = TaskFilter::from_names(kind, state, limit).map_err(|e| to_py_err(py, &e))?;
        let call = self.inner.tasks(filter);
        start(py, AnyCall::Json(to_json_call(call)), now_ms)
    }

    /// Starts reconciling a registration task with WeChat's query API; Done: JSON text of the
    /// task.
    fn reconcile_task<'py>(
        &self,
        py: Python<'py>,
        task_id: &str,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.reconcile_task(task_id);
        start(py, AnyCall::Json(to_json_call(call)), now_ms)
    }

    /// Starts waiting for a registration task (the core's polling policy; `task_waiting`
    /// events report progress); Done: JSON text of the task, settled or as it stood when
    /// `timeout_ms` passed.
    fn wait_task<'py>(
        &self,
        py: Python<'py>,
        task_id: &str,
        timeout_ms: u64,
        now_ms: u64,
    ) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
        let call = self.inner.wait_task(task_id, timeout_ms);
        start(py, AnyCall::Json(to_json_call(call)), now_ms)
    }

    fn __repr__(&self) -> String {
        format!(
            "Driver(component_appid={:?}, read_only={})",
            self.inner.config().component_appid(),
            self.inner.config().is_read_only()
        )
    }
}

#[pymethods]
impl PyCall {
    /// Answers an HTTP step with the response received.
    fn response<'py>(
        &self,
        py: Python<'py>,
        status: u16,
        body: &[u8],
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::Response(Response::new(status, body)), now_ms)
    }

    /// Answers an HTTP step when nothing came back (no secrets in `detail`).
    fn transport_failed<'py>(
        &self,
        py: Python<'py>,
        detail: String,
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::TransportFailed(detail), now_ms)
    }

    /// Answers a get step: the stored text or `None`.
    #[pyo3(signature = (value, now_ms))]
    fn value<'py>(
        &self,
        py: Python<'py>,
        value: Option<String>,
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::Value(value), now_ms)
    }

    /// Answers a compare-and-set (swapped?) or lock (acquired?) step.
    fn flag<'py>(&self, py: Python<'py>, flag: bool, now_ms: u64) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::Flag(flag), now_ms)
    }

    /// Answers a put, unlock, sleep or event step.
    fn ack<'py>(&self, py: Python<'py>, now_ms: u64) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::Ack, now_ms)
    }

    /// Answers a store step whose store failed; the call ends with `StoreError`.
    fn store_failed<'py>(
        &self,
        py: Python<'py>,
        detail: String,
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.resume(py, Input::StoreFailed(detail), now_ms)
    }

    fn __repr__(&self) -> String {
        "Call(...)".to_owned()
    }
}

impl PyCall {
    fn resume<'py>(
        &self,
        py: Python<'py>,
        input: Input,
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut call = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        call.step(py, Some(input), now_ms)
    }
}

impl AnyCall {
    fn step<'py>(
        &mut self,
        py: Python<'py>,
        input: Option<Input>,
        now_ms: u64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        fn go<T: 'static>(call: &mut Call<T>, input: Option<Input>, now_ms: u64) -> Step<T> {
            match input {
                None => call.start(now_ms),
                Some(i) => call.resume(i, now_ms),
            }
        }
        match self {
            Self::Json(c) => to_tuple(py, go(c, input, now_ms), |py, v| {
                Ok(v.to_string().into_pyobject(py)?.into_any())
            }),
            Self::Event(c) => to_tuple(py, go(c, input, now_ms), |py, e| {
                Ok(to_py_event(py, e)?.into_bound(py))
            }),
            Self::Token(c) => to_tuple(py, go(c, input, now_ms), json_text),
            Self::Authorized(c) => to_tuple(py, go(c, input, now_ms), json_text),
            Self::Flag(c) => to_tuple(py, go(c, input, now_ms), |py, b| {
                Ok(pyo3::types::PyBool::new(py, b).to_owned().into_any())
            }),
            Self::Unit(c) => to_tuple(py, go(c, input, now_ms), |py, ()| {
                Ok(py.None().into_bound(py))
            }),
            Self::Status(c) => to_tuple(py, go(c, input, now_ms), |py, s| {
                Ok(s.map(AuthorizerStatus::as_str)
                    .into_pyobject(py)?
                    .into_any())
            }),
        }
    }
}

/// A call whose result crosses as JSON text.
fn to_json_call<T: serde::Serialize + Send + 'static>(call: Call<T>) -> Call<serde_json::Value> {
    call.and_then(|v| serde_json::to_value(v).map_err(|e| wxopen::Error::decode(e.to_string())))
}

fn json_text<'py, T: serde::Serialize>(py: Python<'py>, value: T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(&value)
        .map_err(|e| to_py_err(py, &wxopen::Error::decode(e.to_string())))?;
    Ok(text.into_pyobject(py)?.into_any())
}

fn start<'py>(
    py: Python<'py>,
    mut call: AnyCall,
    now_ms: u64,
) -> PyResult<(PyCall, Bound<'py, PyTuple>)> {
    let first = call.step(py, None, now_ms)?;
    Ok((
        PyCall {
            inner: Mutex::new(call),
        },
        first,
    ))
}

/// A step as a tuple; `Done(Err)` raises.
fn to_tuple<'py, T>(
    py: Python<'py>,
    step: Step<T>,
    done: impl FnOnce(Python<'py>, T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let tuple = match step {
        Step::Http(r) => (
            STEP_HTTP,
            r.method.as_str(),
            r.url,
            r.headers,
            PyBytes::new(py, &r.body),
        )
            .into_pyobject(py)?,
        Step::Get { key } => (STEP_GET, key).into_pyobject(py)?,
        Step::Put { key, value, ttl_ms } => (STEP_PUT, key, value, ttl_ms).into_pyobject(py)?,
        Step::CompareAndSet {
            key,
            expected,
            new,
            ttl_ms,
        } => (STEP_COMPARE_AND_SET, key, expected, new, ttl_ms).into_pyobject(py)?,
        Step::Lock {
            key,
            owner,
            lease_ms,
        } => (STEP_LOCK, key, owner, lease_ms).into_pyobject(py)?,
        Step::Unlock { key, owner } => (STEP_UNLOCK, key, owner).into_pyobject(py)?,
        Step::Sleep { ms } => (STEP_SLEEP, ms).into_pyobject(py)?,
        Step::Event(e) => (STEP_EVENT, e.to_json().to_string()).into_pyobject(py)?,
        Step::Done(Ok(value)) => (STEP_DONE, done(py, value)?).into_pyobject(py)?,
        Step::Done(Err(e)) => return Err(to_py_err(py, &e)),
        // A step kind this glue does not know yet: refuse rather than guess.
        other => {
            return Err(to_py_err(
                py,
                &wxopen::Error::invalid("step", format!("unknown step {}", other.name())),
            ));
        }
    };
    Ok(tuple)
}

/// Registers the classes and step constants.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDriver>()?;
    m.add_class::<PyCall>()?;
    m.add("STEP_HTTP", STEP_HTTP)?;
    m.add("STEP_GET", STEP_GET)?;
    m.add("STEP_PUT", STEP_PUT)?;
    m.add("STEP_COMPARE_AND_SET", STEP_COMPARE_AND_SET)?;
    m.add("STEP_LOCK", STEP_LOCK)?;
    m.add("STEP_UNLOCK", STEP_UNLOCK)?;
    m.add("STEP_SLEEP", STEP_SLEEP)?;
    m.add("STEP_EVENT", STEP_EVENT)?;
    m.add("STEP_DONE", STEP_DONE)?;
    Ok(())
}
