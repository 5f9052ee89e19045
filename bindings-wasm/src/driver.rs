//! wasm-bindgen glue for the platform driver (`wxopen::driver`): `Driver` starts calls, `Call`
//! carries the step protocol. No logic. Each step crosses as one JSON text (one `JSON.parse`
//! on the JS side is cheaper than building the object through many boundary calls); answers
//! come back through one method per answer kind. Errors are thrown as the core's error object.

use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use wxopen::driver::{Call, Config, Driver, HandleQuery, Input, Policy, Step};
use wxopen::task::TaskFilter;
use wxopen::{ApiBase, Response};

use crate::webhook::query;
use crate::{from_js, to_js_err};

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JS number that must be a non-negative integer (time in ms, a seed, a TTL).
fn whole(field: &'static str, value: f64) -> Result<u64, JsValue> {
    if !value.is_finite() || !(0.0..=MAX_SAFE).contains(&value) || value.fract() != 0.0 {
        return Err(to_js_err(&wxopen::Error::invalid(
            field,
            "must be a non-negative integer number (at most 2^53 - 1)",
        )));
    }
    // Checked above: finite, integral and within u64 (and exactly representable).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(value as u64)
}

/// One platform's driver.
#[wasm_bindgen(js_name = Driver)]
#[derive(Debug)]
pub struct JsDriver {
    inner: Driver,
}

/// Every entry point's call, its result converted to JSON (one instantiation of the step
/// machinery, which keeps the module small).
fn json_call<T: serde::Serialize + Send + 'static>(call: Call<T>) -> JsCall {
    JsCall {
        inner: call.and_then(|v| {
            serde_json::to_value(v).map_err(|e| wxopen::Error::decode(e.to_string()))
        }),
    }
}

/// A call in progress: `start` it, then answer each step with the method for its kind.
#[wasm_bindgen(js_name = Call)]
#[derive(Debug)]
pub struct JsCall {
    inner: Call<Value>,
}

#[wasm_bindgen(js_class = Driver)]
impl JsDriver {
    /// `options`: `{component_appid, component_appsecret, token, encoding_aes_key, seed,
    /// api_base?, mp_base?, open_base? (with api_base), read_only?, policy?, key_prefix?,
    /// webhook_max_age_secs?}` (snake_case; the JS wrapper converts). `seed`: random bits as an integer number.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsDriver, JsValue> {
        let options = from_js("options", options).map_err(|e| to_js_err(&e))?;
        let text = |name: &'static str| -> Result<&str, JsValue> {
            options
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| to_js_err(&wxopen::Error::invalid(name, "is required (a string)")))
        };
        let seed = match options.get("seed").and_then(Value::as_f64) {
            Some(s) => whole("seed", s)?,
            None => {
                return Err(to_js_err(&wxopen::Error::invalid(
                    "seed",
                    "is required (random bits as an integer number)",
                )));
            }
        };
        let result = (|| {
            let mut config = Config::new(
                text("component_appid")?,
                text("component_appsecret")?,
                text("token")?,
                text("encoding_aes_key")?,
            )
            .map_err(|e| to_js_err(&e))?
            .read_only(
                options
                    .get("read_only")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            );
            let fail = |e: wxopen::Error| to_js_err(&e);
            if let Some(base) = options.get("api_base").and_then(Value::as_str) {
                let pages = |name: &str, default: &str| {
                    options
                        .get(name)
                        .and_then(Value::as_str)
                        .map_or_else(|| default.to_owned(), str::to_owned)
                };
                let defaults = ApiBase::default();
                let api = ApiBase::with_pages(
                    base,
                    &pages("mp_base", defaults.mp()),
                    &pages("open_base", defaults.open()),
                );
                config = config.with_api_base(api.map_err(fail)?);
            }
            if let Some(policy) = options.get("policy").filter(|p| !p.is_null()) {
                config = config.with_policy(Policy::from_json(policy).map_err(fail)?);
            }
            if let Some(prefix) = options.get("key_prefix").and_then(Value::as_str) {
                config = config.with_key_prefix(prefix).map_err(fail)?;
            }
            if let Some(age) = options.get("webhook_max_age_secs").filter(|a| !a.is_null()) {
                // A negative number turns the freshness check off (replaying recorded pushes).
                let age = age.as_f64().unwrap_or(-1.0);
                let max_age = if age < 0.0 {
                    None
                } else {
                    Some(whole("webhook_max_age_secs", age)?)
                };
                let webhook = config.webhook().clone().with_max_age_secs(max_age);
                config = config.with_webhook(webhook).map_err(fail)?;
            }
            Driver::new(config, seed).map_err(fail)
        })();
        result.map(|inner| JsDriver { inner })
    }

    /// The default policy as JSON text.
    #[wasm_bindgen(js_name = defaultPolicy)]
    pub fn default_policy() -> String {
        Policy::default().to_json().to_string()
    }

    /// The policy in force as JSON text.
    pub fn policy(&self) -> String {
        self.inner.config().policy().to_json().to_string()
    }

    /// The platform's component appid.
    #[wasm_bindgen(getter, js_name = componentAppid)]
    pub fn component_appid(&self) -> String {
        self.inner.config().component_appid().to_owned()
    }

    /// Whether the platform is read-only.
    #[wasm_bindgen(getter, js_name = readOnly)]
    pub fn read_only(&self) -> bool {
        self.inner.config().is_read_only()
    }

    /// The common prefix of the platform's store keys.
    #[wasm_bindgen(getter, js_name = keyBase)]
    pub fn key_base(&self) -> String {
        self.inner.keys().base().to_owned()
    }

    /// Forgets the process-local token cache.
    #[wasm_bindgen(js_name = clearCache)]
    pub fn clear_cache(&self) {
        self.inner.clear_cache();
    }

    /// The operation `op` (registry name) with its input object (wire names).
    pub fn call(
        &self,
        op: &str,
        input: JsValue,
        authorizer_appid: Option<String>,
    ) -> Result<JsCall, JsValue> {
        let input = from_js("input", input).map_err(|e| to_js_err(&e))?;
        let call = self
            .inner
            .call_json(op, &input, authorizer_appid.as_deref());
        Ok(JsCall { inner: call })
    }

    /// A page URL with the platform's `component_appid` filled in (`input`: wire names).
    #[wasm_bindgen(js_name = pageUrl)]
    pub fn page_url(&self, op: &str, input: JsValue) -> Result<String, JsValue> {
        let input = from_js("input", input).map_err(|e| to_js_err(&e))?;
        self.inner
            .page_url_json(op, &input)
            .map_err(|e| to_js_err(&e))
    }

    /// Reads the component access token.
    #[wasm_bindgen(js_name = componentAccessToken)]
    pub fn component_access_token(&self) -> JsCall {
        json_call(self.inner.component_access_token())
    }

    /// Reads an authorizer's access token.
    #[wasm_bindgen(js_name = authorizerAccessToken)]
    pub fn authorizer_access_token(&self, authorizer_appid: &str) -> JsCall {
        json_call(self.inner.authorizer_access_token(authorizer_appid))
    }

    /// Handles a push: the raw query string, or its decoded keys and values.
    pub fn handle(
        &self,
        raw_query: Option<String>,
        keys: Vec<String>,
        values: Vec<String>,
        body: &[u8],
    ) -> Result<JsCall, JsValue> {
        let query =
            HandleQuery::from_query(&query(raw_query, keys, values)).map_err(|e| to_js_err(&e))?;
        Ok(json_call(self.inner.handle(query, body.to_vec())))
    }

    /// Exchanges the redirect's `auth_code`.
    pub fn authorize(&self, auth_code: &str) -> JsCall {
        json_call(self.inner.authorize(auth_code))
    }

    /// Stores a ticket (migration, tests).
    #[wasm_bindgen(js_name = storeTicket)]
    pub fn store_ticket(&self, ticket: &str, create_time: f64) -> Result<JsCall, JsValue> {
        let create_time = i64::try_from(whole("create_time", create_time)?).unwrap_or(i64::MAX);
        Ok(json_call(self.inner.store_ticket(ticket, create_time)))
    }

    /// Stores an authorizer's refresh token (migration).
    #[wasm_bindgen(js_name = importAuthorizer)]
    pub fn import_authorizer(&self, authorizer_appid: &str, refresh_token: &str) -> JsCall {
        json_call(
            self.inner
                .import_authorizer(authorizer_appid, refresh_token),
        )
    }

    /// Reads an authorizer's stored status.
    #[wasm_bindgen(js_name = authorizerStatus)]
    pub fn authorizer_status(&self, authorizer_appid: &str) -> JsCall {
        json_call(self.inner.authorizer_status(authorizer_appid))
    }

    /// A registration create operation `op` with its input object (wire names); Done:
    /// `{output, task}` (task `null` when none was recorded).
    pub fn register(
        &self,
        op: &str,
        input: JsValue,
        authorizer_appid: Option<String>,
    ) -> Result<JsCall, JsValue> {
        let input = from_js("input", input).map_err(|e| to_js_err(&e))?;
        let call = self
            .inner
            .register_json(op, &input, authorizer_appid.as_deref());
        Ok(json_call(call))
    }

    /// Reads a registration task; Done: the task or `null`.
    pub fn task(&self, task_id: &str) -> JsCall {
        json_call(self.inner.task(task_id))
    }

    /// Lists registration tasks, newest first; `kind`/`state` are names, `limit` a count.
    pub fn tasks(
        &self,
        kind: Option<String>,
        state: Option<String>,
        limit: Option<f64>,
    ) -> Result<JsCall, JsValue> {
        let limit = limit.map(|l| whole("limit", l)).transpose()?;
        let filter = TaskFilter::from_names(kind.as_deref(), state.as_deref(), limit)
            .map_err(|e| to_js_err(&e))?;
        Ok(json_call(self.inner.tasks(filter)))
    }

    /// Asks WeChat's query API about a task (where there is one); Done: the task.
    #[wasm_bindgen(js_name = reconcileTask)]
    pub fn reconcile_task(&self, task_id: &str) -> JsCall {
        json_call(self.inner.reconcile_task(task_id))
    }

    /// Waits for a task (the core's polling policy; `task_waiting` events report progress);
    /// Done: the task, settled or as it stood when `timeoutMs` passed.
    #[wasm_bindgen(js_name = waitTask)]
    pub fn wait_task(&self, task_id: &str, timeout_ms: f64) -> Result<JsCall, JsValue> {
        let timeout = whole("timeout_ms", timeout_ms)?;
        Ok(json_call(self.inner.wait_task(task_id, timeout)))
    }
}

#[wasm_bindgen(js_class = Call)]
impl JsCall {
    /// Runs the call to its first step (JSON text).
    pub fn start(&mut self, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(None, now)
    }

    /// Answers an HTTP step with the response received.
    pub fn response(&mut self, status: u16, body: &[u8], now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::Response(Response::new(status, body))), now)
    }

    /// Answers an HTTP step when nothing came back (no secrets in `detail`).
    #[wasm_bindgen(js_name = transportFailed)]
    pub fn transport_failed(&mut self, detail: String, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::TransportFailed(detail)), now)
    }

    /// Answers a get step: the stored text, or `null`/`undefined`.
    pub fn value(&mut self, value: Option<String>, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::Value(value)), now)
    }

    /// Answers a compare-and-set (swapped?) or lock (acquired?) step.
    pub fn flag(&mut self, flag: bool, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::Flag(flag)), now)
    }

    /// Answers a put, unlock, sleep or event step.
    pub fn ack(&mut self, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::Ack), now)
    }

    /// Answers a store step whose store failed; the call ends with a store error.
    #[wasm_bindgen(js_name = storeFailed)]
    pub fn store_failed(&mut self, detail: String, now_ms: f64) -> Result<String, JsValue> {
        let now = whole("now_ms", now_ms)?;
        self.step(Some(Input::StoreFailed(detail)), now)
    }
}

impl JsCall {
    fn step(&mut self, input: Option<Input>, now: u64) -> Result<String, JsValue> {
        let step = match input {
            None => self.inner.start(now),
            Some(i) => self.inner.resume(i, now),
        };
        encode(step).map_err(|e| to_js_err(&e))
    }
}

/// A step as JSON text; `Done(Err)` is the error.
fn encode(step: Step<Value>) -> wxopen::Result<String> {
    let value = match step {
        Step::Http(r) => json!({
            "kind": "http",
            "method": r.method.as_str(),
            "url": r.url,
            "headers": r.headers,
            "body": String::from_utf8_lossy(&r.body),
        }),
        Step::Get { key } => json!({ "kind": "get", "key": key }),
        Step::Put { key, value, ttl_ms } => {
            json!({ "kind": "put", "key": key, "value": value, "ttl_ms": ttl_ms })
        }
        Step::CompareAndSet {
            key,
            expected,
            new,
            ttl_ms,
        } => json!({
            "kind": "compare_and_set", "key": key, "expected": expected, "new": new, "ttl_ms": ttl_ms,
        }),
        Step::Lock {
            key,
            owner,
            lease_ms,
        } => json!({ "kind": "lock", "key": key, "owner": owner, "lease_ms": lease_ms }),
        Step::Unlock { key, owner } => json!({ "kind": "unlock", "key": key, "owner": owner }),
        Step::Sleep { ms } => json!({ "kind": "sleep", "ms": ms }),
        Step::Event(e) => json!({ "kind": "event", "event": e.to_json() }),
        Step::Done(Ok(value)) => json!({ "kind": "done", "value": value }),
        Step::Done(Err(e)) => return Err(e),
        other => {
            return Err(wxopen::Error::invalid(
                "step",
                format!("unknown step {}", other.name()),
            ));
        }
    };
    Ok(value.to_string())
}
