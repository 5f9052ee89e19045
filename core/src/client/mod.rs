//! The Rust host of the [`crate::driver`] (feature `client`): an async [`Platform`] that runs
//! the step loop with [`reqwest`] for HTTP, a [`Store`] of your choice ([`MemoryStore`] in
//! process; implement the trait for Redis or a database) and the runtime's timer (tokio on
//! native targets, `setTimeout` on wasm32).
//!
//! ```no_run
//! # async fn demo(query: wxopen::Query, body: Vec<u8>, auth_code: String) -> wxopen::Result<()> {
//! // The README's example, compiled here.
//! use wxopen::api::{open, register};
//! use wxopen::client::{MemoryStore, Platform};
//! use wxopen::driver::Config;
//!
//! let config = Config::new("wx_component_appid", "appsecret", "token",
//!                          "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?;
//! let platform = Platform::new(config, MemoryStore::new())?   // or your own Store (Redis, SQL)
//!     .on_event(|e| eprintln!("wxopen: {}", e.to_json()));    // mints, refreshes, retries, failures
//!
//! let event = platform.handle(&query, &body).await?;          // the push URL: verify, parse, apply
//! let beta = platform                                         // component token handled
//!     .call(register::RegisterBeta { name: "Trial shop".into(), openid: "o_abc".into() })
//!     .await?;
//! platform                                                    // authorizer token handled
//!     .authorizer("wx_merchant_appid")
//!     .call(open::Bind { appid: None, open_appid: "wxopen123".into() })
//!     .await?;
//! let merchant = platform.authorize(&auth_code).await?;      // the authorization redirect
//!
//! // Registration tasks (README "Registration tasks", compiled here).
//! # use std::time::Duration;
//! # use wxopen::task::{TaskFilter, TaskState};
//! let reg = platform                                          // output + the task it started
//!     .register(register::RegisterBeta { name: "Trial shop".into(), openid: "o_abc".into() })
//!     .await?;
//! let id = reg.task.map(|t| t.id).unwrap_or_default();        // e.g. "beta:<unique_id>"
//! let task = platform.wait_task(&id, Duration::from_secs(600)).await?;  // polls, asks WeChat when it can
//! println!("{:?}: {}", task.state, task.next_step);
//! let waiting = platform.tasks(TaskFilter { state: Some(TaskState::Waiting), ..Default::default() }).await?;
//! # let _ = (event, beta, merchant, waiting);
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;

use crate::api::Operation;
use crate::driver::{
    AccessToken, Authorized, AuthorizerStatus, Call, Config, Driver, DriverEvent, HandleQuery,
    Input, Registered, Step,
};
use crate::error::Result;
use crate::event::Event;
use crate::http::{Method, Request, Response};
use crate::task::{Task, TaskFilter};
use crate::webhook::Query;

mod memory;
mod rt;

pub use memory::MemoryStore;
pub use rt::MaybeSend;

/// A store shared by every process of a platform, with the semantics `docs/driver.md`
/// specifies for each step. Return [`Error::Store`] when the backend fails; the call then
/// ends with that error. `now_ms` is the host clock, for stores that keep expiry themselves.
pub trait Store: MaybeSend + rt::MaybeSync {
    /// The live value of `key`, or `None`.
    fn get(
        &self,
        key: &str,
        now_ms: u64,
    ) -> impl Future<Output = Result<Option<String>>> + MaybeSend;
    /// Writes `value`, expiring after `ttl_ms` (durable when `None`).
    fn put(
        &self,
        key: &str,
        value: &str,
        ttl_ms: Option<u64>,
        now_ms: u64,
    ) -> impl Future<Output = Result<()>> + MaybeSend;
    /// Atomically replaces the value iff it is exactly `expected` (`None` = absent); `new`
    /// `None` deletes. Returns whether it swapped.
    fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&str>,
        new: Option<&str>,
        ttl_ms: Option<u64>,
        now_ms: u64,
    ) -> impl Future<Output = Result<bool>> + MaybeSend;
    /// Takes the lease lock iff free (or its lease ended). Returns whether it did.
    fn lock(
        &self,
        key: &str,
        owner: &str,
        lease_ms: u64,
        now_ms: u64,
    ) -> impl Future<Output = Result<bool>> + MaybeSend;
    /// Releases the lock iff `owner` holds it.
    fn unlock(
        &self,
        key: &str,
        owner: &str,
        now_ms: u64,
    ) -> impl Future<Output = Result<()>> + MaybeSend;
}

type EventHook = Arc<dyn Fn(&DriverEvent) + Send + Sync>;

/// A WeChat third-party platform with managed tokens: every call obtains the token it needs
/// from the store (minting or refreshing it under the driver's policy) and retries what is
/// safe to retry.
pub struct Platform<S> {
    driver: Driver,
    store: S,
    http: reqwest::Client,
    on_event: Option<EventHook>,
}

impl<S> std::fmt::Debug for Platform<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform")
            .field("driver", &self.driver)
            .finish_non_exhaustive()
    }
}

impl<S: Store> Platform<S> {
    /// A platform over `store`, with a default HTTP client.
    pub fn new(config: Config, store: S) -> Result<Self> {
        Ok(Self {
            driver: Driver::new(config, rt::random_seed())?,
            store,
            http: reqwest::Client::new(),
            on_event: None,
        })
    }

    /// Uses this HTTP client (timeouts, proxies). Keep its timeout below the policy's
    /// `lock_lease_ms`.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Calls `hook` with every observability record (mint, refresh, retry, failure …).
    #[must_use]
    pub fn on_event(mut self, hook: impl Fn(&DriverEvent) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(hook));
        self
    }

    /// The driver (configuration, keys).
    pub fn driver(&self) -> &Driver {
        &self.driver
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Calls an operation that takes the component token (minted as needed) or no token.
    pub async fn call<O>(&self, op: O) -> Result<O::Output>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        self.run(self.driver.call(op, None)).await
    }

    /// Calls on behalf of one authorizer (its access token refreshed as needed).
    pub fn authorizer<'a>(&'a self, authorizer_appid: &'a str) -> AuthorizerHandle<'a, S> {
        AuthorizerHandle {
            platform: self,
            appid: authorizer_appid,
        }
    }

    /// Verifies, parses and applies a push (ticket stored, codes exchanged once, revoked
    /// authorizers marked).
    pub async fn handle(&self, query: &Query, body: &[u8]) -> Result<Event> {
        let query = HandleQuery::from_query(query)?;
        self.run(self.driver.handle(query, body.to_vec())).await
    }

    /// Exchanges the redirect's `auth_code` (exactly once, racing the `authorized` push).
    pub async fn authorize(&self, auth_code: &str) -> Result<Authorized> {
        self.run(self.driver.authorize(auth_code)).await
    }

    /// The component access token (minted if needed).
    pub async fn component_access_token(&self) -> Result<AccessToken> {
        self.run(self.driver.component_access_token()).await
    }

    /// Stores a ticket (e.g. migrating from another system).
    pub async fn store_ticket(&self, ticket: &str, create_time: i64) -> Result<bool> {
        self.run(self.driver.store_ticket(ticket, create_time))
            .await
    }

    /// Calls a registration create operation that takes the component token (enterprise,
    /// legacy enterprise, personal, trial) and returns its output with the task it started.
    /// (For the trial verification and the reuse-OA registration, use
    /// [`AuthorizerHandle::register`].)
    pub async fn register<O>(&self, op: O) -> Result<Registered<O::Output>>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        self.run(self.driver.register(op, None)).await
    }

    /// The registration task `task_id` (`None`: not in the store).
    pub async fn task(&self, task_id: &str) -> Result<Option<Task>> {
        self.run(self.driver.task(task_id)).await
    }

    /// The newest registration tasks, filtered.
    pub async fn tasks(&self, filter: TaskFilter) -> Result<Vec<Task>> {
        self.run(self.driver.tasks(filter)).await
    }

    /// Asks WeChat about a task where it has a query API and returns the task.
    pub async fn reconcile_task(&self, task_id: &str) -> Result<Task> {
        self.run(self.driver.reconcile_task(task_id)).await
    }

    /// Waits until the task is settled or `timeout` passed (the core's polling policy; events
    /// `task_waiting` report progress to [`Platform::on_event`]).
    pub async fn wait_task(&self, task_id: &str, timeout: std::time::Duration) -> Result<Task> {
        let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.run(self.driver.wait_task(task_id, timeout_ms)).await
    }

    /// Stores an authorizer's refresh token (e.g. migrating from another system).
    pub async fn import_authorizer(
        &self,
        authorizer_appid: &str,
        refresh_token: &str,
    ) -> Result<()> {
        self.run(
            self.driver
                .import_authorizer(authorizer_appid, refresh_token),
        )
        .await
    }

    /// Runs a driver call to its end: the whole host loop.
    pub async fn run<T: 'static>(&self, mut call: Call<T>) -> Result<T> {
        let mut step = call.start(rt::now_ms());
        loop {
            let input = match step {
                Step::Done(result) => return result,
                Step::Http(request) => self.send(request).await,
                Step::Get { key } => answer(self.store.get(&key, rt::now_ms()).await, Input::Value),
                Step::Put { key, value, ttl_ms } => answer(
                    self.store.put(&key, &value, ttl_ms, rt::now_ms()).await,
                    |()| Input::Ack,
                ),
                Step::CompareAndSet {
                    key,
                    expected,
                    new,
                    ttl_ms,
                } => answer(
                    self.store
                        .compare_and_set(
                            &key,
                            expected.as_deref(),
                            new.as_deref(),
                            ttl_ms,
                            rt::now_ms(),
                        )
                        .await,
                    Input::Flag,
                ),
                Step::Lock {
                    key,
                    owner,
                    lease_ms,
                } => answer(
                    self.store.lock(&key, &owner, lease_ms, rt::now_ms()).await,
                    Input::Flag,
                ),
                Step::Unlock { key, owner } => {
                    answer(self.store.unlock(&key, &owner, rt::now_ms()).await, |()| {
                        Input::Ack
                    })
                }
                Step::Sleep { ms } => {
                    rt::sleep(ms).await;
                    Input::Ack
                }
                Step::Event(event) => {
                    if let Some(hook) = &self.on_event {
                        hook(&event);
                    }
                    Input::Ack
                }
            };
            step = call.resume(input, rt::now_ms());
        }
    }

    async fn send(&self, request: Request) -> Input {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let described = format!("{} {}", request.method.as_str(), request.redacted_url());
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if request.method == Method::Post {
            builder = builder.body(request.body);
        }
        let response = match builder.send().await {
            Ok(r) => r,
            // `without_url`: reqwest's message would carry the token in the query.
            Err(e) => {
                return Input::TransportFailed(format!("{described} failed: {}", e.without_url()));
            }
        };
        let status = response.status().as_u16();
        match response.bytes().await {
            Ok(body) => Input::Response(Response::new(status, body.to_vec())),
            Err(e) => Input::TransportFailed(format!(
                "{described}: reading the body failed: {}",
                e.without_url()
            )),
        }
    }
}

fn answer<T>(result: Result<T>, ok: impl FnOnce(T) -> Input) -> Input {
    match result {
        Ok(v) => ok(v),
        Err(e) => Input::StoreFailed(e.to_string()),
    }
}

/// [`Platform`] calls on behalf of one authorizer.
#[derive(Debug)]
pub struct AuthorizerHandle<'a, S> {
    platform: &'a Platform<S>,
    appid: &'a str,
}

impl<S: Store> AuthorizerHandle<'_, S> {
    /// Calls an operation that takes this authorizer's access token.
    pub async fn call<O>(&self, op: O) -> Result<O::Output>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        self.platform
            .run(self.platform.driver.call(op, Some(self.appid)))
            .await
    }

    /// Calls a registration create operation that takes this authorizer's token (the trial
    /// app's verification; the reuse-OA registration with the official account's token) and
    /// returns its output with the task it started.
    pub async fn register<O>(&self, op: O) -> Result<Registered<O::Output>>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        self.platform
            .run(self.platform.driver.register(op, Some(self.appid)))
            .await
    }

    /// This authorizer's access token (refreshed if needed).
    pub async fn access_token(&self) -> Result<AccessToken> {
        self.platform
            .run(self.platform.driver.authorizer_access_token(self.appid))
            .await
    }

    /// This authorizer's stored status (`None`: the store has no record of it).
    pub async fn status(&self) -> Result<Option<AuthorizerStatus>> {
        self.platform
            .run(self.platform.driver.authorizer_status(self.appid))
            .await
    }
}
