//! The platform driver: tokens, refreshes, retries and push side effects as one pure state
//! machine. The host runs a short loop; the core decides everything.
//!
//! A [`Driver`] holds one platform's configuration and [`Policy`] plus a process-local warm
//! cache of tokens. Each entry point returns a [`Call`]: the host calls [`Call::start`], does
//! what each [`Step`] says (send a request, read or write its store, sleep, log an event)
//! and answers with [`Call::resume`] until [`Step::Done`]. Time (unix milliseconds) comes
//! with every start and resume; randomness (jitter, lock owner ids) from the seed given to
//! [`Driver::new`].
//!
//! ```
//! use wxopen::driver::{Call, Config, Driver, Input, MemoryStore, Step};
//! use wxopen::api::open;
//! use wxopen::{Request, Response};
//!
//! /// The whole host loop: HTTP through `wechat`, store steps to the store, sleeps and events
//! /// acknowledged (a real host sleeps and logs).
//! fn drive<T: 'static>(mut call: Call<T>, store: &mut MemoryStore, now: u64,
//!                      wechat: &mut impl FnMut(&Request) -> &'static str) -> wxopen::Result<T> {
//!     let mut step = call.start(now);
//!     loop {
//!         step = match step {
//!             Step::Done(result) => return result,
//!             Step::Http(request) => {
//!                 let body = wechat(&request);
//!                 call.resume(Input::Response(Response::new(200, body)), now)
//!             }
//!             other => {
//!                 let input = store.answer(&other, now).unwrap_or(Input::Ack);
//!                 call.resume(input, now)
//!             }
//!         };
//!     }
//! }
//!
//! let config = Config::new("wx0123456789abcdef", "appsecret", "token",
//!                          "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?;
//! let driver = Driver::new(config, 42)?;
//! let mut store = MemoryStore::new();
//! let now = 1_700_000_000_000;
//! let mut sent = Vec::new();
//! let mut wechat = |request: &Request| {
//!     sent.push(request.redacted_url());
//!     if request.url.contains("api_component_token") {
//!         r#"{"component_access_token":"CAT","expires_in":7200}"#
//!     } else if request.url.contains("api_authorizer_token") {
//!         r#"{"authorizer_access_token":"AAT","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@r"}"#
//!     } else {
//!         r#"{"errcode":0,"open_appid":"wxopen0123456789"}"#
//!     }
//! };
//! // The store as a ticket push and an earlier authorization left it.
//! drive(driver.store_ticket("ticket@@@x", 1_700_000_000), &mut store, now, &mut wechat)?;
//! drive(driver.import_authorizer("wxa1b2c3d4e5f6a7b8", "refreshtoken@@@r"), &mut store, now, &mut wechat)?;
//!
//! let call = driver.call(open::Get::default(), Some("wxa1b2c3d4e5f6a7b8"));
//! let account = drive(call, &mut store, now, &mut wechat)?;
//! assert_eq!(account.open_appid, "wxopen0123456789");
//! // Minted the component token, refreshed the authorizer's, made the call.
//! assert_eq!(sent.len(), 3);
//! # Ok::<(), wxopen::Error>(())
//! ```
//!
//! The protocol, store semantics, key layout and policy are documented in `docs/driver.md`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::registry::{self, DecodedOperation};
use crate::api::{ApiBase, Operation, OperationKind, PlatformIdentity};
use crate::error::{Error, Result};
use crate::event::Event;
use crate::secret::Secret;
use crate::token::{AnyToken, Token, TokenKind};
use crate::webhook::Webhook;

mod authorizer;
mod call;
mod event;
mod intake;
pub mod keys;
mod memory;
mod retry;
mod step;
mod tasks;
mod tokens;

pub use event::{DriverEvent, FailureReason};
pub use intake::{Authorized, HandleQuery};
pub use keys::{AuthorizerStatus, Keys};
pub use memory::MemoryStore;
pub use step::{Call, Input, Step};
pub use tasks::Registered;
pub use tokens::AccessToken;

use step::Io;

/// Tunable policy. Every field has a default (see [`Policy::default`]); the bindings accept
/// the same fields as a JSON object of overrides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Refresh a token this long before it expires (default 600 000 ms: WeChat advises
    /// refreshing the 2 h component token at 1 h 50 min).
    pub refresh_margin_ms: u64,
    /// Retries after a transient failure (−1, catalogue-retryable errcode, transport, HTTP
    /// 5xx/429) of an operation safe to repeat (default 3).
    pub max_retries: u32,
    /// First backoff (default 200 ms); doubles per retry, with jitter in `[d/2, d]`.
    pub backoff_base_ms: u64,
    /// Backoff ceiling (default 5 000 ms).
    pub backoff_max_ms: u64,
    /// Longest wait for the next minute after 45011 (default 61 000 ms; 0 = never wait).
    pub rate_limit_max_wait_ms: u64,
    /// Lease of a refresh lock (default 20 000 ms); must exceed the host's HTTP timeout.
    pub lock_lease_ms: u64,
    /// How long a call waits for another holder's refresh before [`Error::LockTimeout`]
    /// (default 25 000 ms).
    pub lock_wait_ms: u64,
    /// Poll interval while waiting for a lock holder (default 50 ms, jittered ±50 %).
    pub lock_poll_ms: u64,
    /// How long the process-local cache trusts a token before re-reading the store (default
    /// 60 000 ms). The cache never outlives the refresh margin.
    pub cache_recheck_ms: u64,
    /// Least time between two sends of the same `register.reuse_oa` request (default
    /// 5 100 ms: WeChat answers 61058 to a retry within 5 s while the first still runs).
    pub reuse_oa_gap_ms: u64,
    /// TTL of an authorization-code claim (default 3 600 000 ms, the longest code lifetime).
    pub auth_code_claim_ttl_ms: u64,
    /// `wait_task`: the first pause between two looks at a task (default 2 000 ms); it doubles
    /// while nothing changes and starts over when something does.
    pub task_poll_min_ms: u64,
    /// `wait_task`: the longest pause (default 60 000 ms).
    pub task_poll_max_ms: u64,
    /// `wait_task`: least time between two query/search calls for one task (default
    /// 30 000 ms); the store is read at every look.
    pub task_query_interval_ms: u64,
    /// How long after its 24 h window a task without result counts as expired (default
    /// 300 000 ms: WeChat's own timeout push comes at the window's end).
    pub task_expiry_grace_ms: u64,
    /// Most tasks the listing index keeps, newest (default 1 000); older ones stay readable
    /// by id.
    pub task_index_max: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            refresh_margin_ms: 600_000,
            max_retries: 3,
            backoff_base_ms: 200,
            backoff_max_ms: 5_000,
            rate_limit_max_wait_ms: 61_000,
            lock_lease_ms: 20_000,
            lock_wait_ms: 25_000,
            lock_poll_ms: 50,
            cache_recheck_ms: 60_000,
            reuse_oa_gap_ms: 5_100,
            auth_code_claim_ttl_ms: 3_600_000,
            task_poll_min_ms: 2_000,
            task_poll_max_ms: 60_000,
            task_query_interval_ms: 30_000,
            task_expiry_grace_ms: 300_000,
            task_index_max: 1_000,
        }
    }
}

impl Policy {
    /// Reads overrides from a JSON object (`null` = defaults); unknown fields are refused.
    pub fn from_json(value: &Value) -> Result<Self> {
        let policy: Self = match value {
            Value::Null => Self::default(),
            v => serde_json::from_value(v.clone())
                .map_err(|e| Error::invalid("policy", e.to_string()))?,
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The policy as JSON (what the bindings show as defaults).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    fn validate(&self) -> Result<()> {
        for (field, value) in [
            ("lock_lease_ms", self.lock_lease_ms),
            ("lock_poll_ms", self.lock_poll_ms),
            ("backoff_max_ms", self.backoff_max_ms),
            ("task_poll_min_ms", self.task_poll_min_ms),
            ("task_index_max", self.task_index_max),
        ] {
            if value == 0 {
                return Err(Error::invalid(field, "must be greater than 0"));
            }
        }
        if self.backoff_base_ms > self.backoff_max_ms {
            return Err(Error::invalid(
                "backoff_base_ms",
                "must not exceed backoff_max_ms",
            ));
        }
        if self.task_poll_min_ms > self.task_poll_max_ms {
            return Err(Error::invalid(
                "task_poll_min_ms",
                "must not exceed task_poll_max_ms",
            ));
        }
        if self.refresh_margin_ms >= 7_200_000 {
            return Err(Error::invalid(
                "refresh_margin_ms",
                "must be shorter than a token's 2 h lifetime",
            ));
        }
        Ok(())
    }
}

/// One platform's configuration.
///
/// `Debug` hides the AppSecret, the message Token and the EncodingAESKey.
#[derive(Debug, Clone)]
pub struct Config {
    component_appid: String,
    component_appsecret: Secret,
    webhook: Webhook,
    api_base: ApiBase,
    policy: Policy,
    read_only: bool,
    key_prefix: String,
}

impl Config {
    /// A platform: its appid, AppSecret, message Token and EncodingAESKey (43 characters).
    /// Defaults: WeChat's hosts, [`Policy::default`], minting allowed, key prefix `wxopen`.
    pub fn new(
        component_appid: &str,
        component_appsecret: &str,
        token: &str,
        encoding_aes_key: &str,
    ) -> Result<Self> {
        crate::api::require("component_appid", component_appid)?;
        if component_appid.contains(|c: char| c.is_whitespace() || c == ':') {
            return Err(Error::invalid(
                "component_appid",
                "must not contain whitespace or ':'",
            ));
        }
        if component_appsecret.trim().is_empty() {
            return Err(Error::invalid("component_appsecret", "is required"));
        }
        let webhook = Webhook::new(token, encoding_aes_key, component_appid)?;
        Ok(Self {
            component_appid: component_appid.to_owned(),
            component_appsecret: Secret::new(component_appsecret),
            webhook,
            api_base: ApiBase::default(),
            policy: Policy::default(),
            read_only: false,
            key_prefix: "wxopen".to_owned(),
        })
    }

    /// Sends API calls to `base` (e.g. a sandbox).
    #[must_use]
    pub fn with_api_base(mut self, base: ApiBase) -> Self {
        self.api_base = base;
        self
    }

    /// Replaces the policy.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Read-only: use the tokens in the store, never mint or refresh them (for a developer's
    /// machine pointed at production's store; a second minter breaks production).
    #[must_use]
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    /// Replaces the webhook (e.g. its freshness window or body limit); its appid must be
    /// this platform's.
    pub fn with_webhook(mut self, webhook: Webhook) -> Result<Self> {
        if webhook.component_appid() != self.component_appid {
            return Err(Error::invalid(
                "webhook",
                "must be configured for this platform's component appid",
            ));
        }
        self.webhook = webhook;
        Ok(self)
    }

    /// The first part of every key (default `wxopen`); non-empty, no whitespace or `:`.
    pub fn with_key_prefix(mut self, prefix: &str) -> Result<Self> {
        if prefix.is_empty() || prefix.contains(|c: char| c.is_whitespace() || c == ':') {
            return Err(Error::invalid(
                "key_prefix",
                "must be non-empty without whitespace or ':'",
            ));
        }
        prefix.clone_into(&mut self.key_prefix);
        Ok(self)
    }

    /// The component appid.
    pub fn component_appid(&self) -> &str {
        &self.component_appid
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Whether the platform is read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The API base.
    pub fn api_base(&self) -> &ApiBase {
        &self.api_base
    }

    /// The webhook that verifies this platform's pushes.
    pub fn webhook(&self) -> &Webhook {
        &self.webhook
    }
}

/// A token as the warm cache keeps it. `Debug` shows only the expiry (the token and the
/// store text are secrets).
#[derive(Clone)]
pub(crate) struct Cached {
    pub(crate) token: Secret,
    pub(crate) expires_at_ms: u64,
    /// The exact store text it came from (for compare-and-set), if it was stored.
    pub(crate) raw: Option<Arc<str>>,
    pub(crate) fetched_at_ms: u64,
}

impl std::fmt::Debug for Cached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cached")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
pub(crate) struct Cache {
    pub(crate) component: Option<Cached>,
    pub(crate) authorizers: HashMap<String, Cached>,
    /// After a transient refresh failure: no new refresh attempt before this time (unix ms),
    /// per token (`None` key = component).
    pub(crate) retry_after: HashMap<Option<String>, (u64, u32)>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) keys: Keys,
    cache: Mutex<Cache>,
    seq: AtomicU64,
    seed: u64,
    pub(crate) instance: String,
}

impl Shared {
    pub(crate) fn cache(&self) -> MutexGuard<'_, Cache> {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn identity(&self) -> PlatformIdentity<'_> {
        PlatformIdentity {
            component_appid: &self.config.component_appid,
            appsecret: &self.config.component_appsecret,
        }
    }

    pub(crate) fn appsecret(&self) -> &Secret {
        &self.config.component_appsecret
    }
}

/// One platform's driver: configuration, policy and the process-local warm token cache.
/// Cheap to clone (shared); every clone sees the same cache.
#[derive(Debug, Clone)]
pub struct Driver {
    shared: Arc<Shared>,
}

/// Operations whose tokens the driver manages itself: calling them through it would bypass
/// the store and the single-flight rule.
const MANAGED: &[(&str, &str)] = &[
    (
        "component.api_component_token",
        "the platform mints the component token itself; use component_access_token() to read it",
    ),
    (
        "component.authorizer_token",
        "the platform refreshes authorizer tokens itself; use authorizer_access_token(appid) to read one",
    ),
    (
        "component.query_auth",
        "exchange authorization codes with authorize(auth_code) (redirect) or handle (push), which store the tokens exactly once",
    ),
];

/// Whether the driver manages `operation`'s token itself and refuses to call it (the
/// component token mint, the authorizer token refresh and the code exchange): the platform
/// classes of the bindings leave these out of their operation methods.
pub fn is_managed(operation: &str) -> bool {
    MANAGED.iter().any(|(name, _)| *name == operation)
}

impl Driver {
    /// A driver for `config`. `seed` feeds jitter and lock-owner ids: pass random bits (two
    /// processes must not share a seed).
    pub fn new(config: Config, seed: u64) -> Result<Self> {
        config.policy.validate()?;
        let keys = Keys::new(&config.key_prefix, &config.component_appid);
        let instance = format!("{:016x}", retry::Rng::new(seed).next_u64());
        Ok(Self {
            shared: Arc::new(Shared {
                config,
                keys,
                cache: Mutex::new(Cache::default()),
                seq: AtomicU64::new(0),
                seed,
                instance,
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// The store keys of this platform.
    pub fn keys(&self) -> &Keys {
        &self.shared.keys
    }

    /// Forgets the process-local token cache (the store is untouched).
    pub fn clear_cache(&self) {
        *self.shared.cache() = Cache::default();
    }

    fn context(&self) -> (tokens::Ctx, Io) {
        let seq = self.shared.seq.fetch_add(1, Ordering::Relaxed);
        let io = Io::default();
        let ctx = tokens::Ctx::new(
            Arc::clone(&self.shared),
            io.clone(),
            seq,
            self.shared.seed ^ seq.wrapping_mul(0xA24B_AED4_963E_E407),
        );
        (ctx, io)
    }

    /// Calls a typed operation, obtaining the token it takes: none, the component token, or
    /// the access token of `authorizer_appid` (required for authorizer operations).
    /// The platform's own appid (and AppSecret where the call carries it) is filled in.
    /// A registration call (create, personal query, legacy search) also records what its
    /// answer says about its task ([`crate::task`]); [`Driver::register`] hands the task back.
    pub fn call<O>(&self, mut op: O, authorizer_appid: Option<&str>) -> Call<O::Output>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        let plan = tasks::plan_for(O::NAME, || op.input_json(), authorizer_appid);
        let (safety, target) = match self.prepare_typed(&mut op, authorizer_appid) {
            Ok(p) => p,
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        let op = call::TypedOp(op);
        match plan {
            // Every other call keeps the plain coroutine (the warm path pays nothing).
            None => Call::new(
                io,
                async move { ctx.run_operation(op, safety, target).await },
            ),
            Some(plan) => Call::new(io, async move {
                let sent_at = ctx.io.now();
                let result = ctx.run_operation(op, safety, target).await;
                let json = tasks::json_result(&result);
                ctx.track_result(&plan, sent_at, json).await;
                result
            }),
        }
    }

    /// Calls the operation named `operation` (registry name) with JSON `input`, as
    /// [`Driver::call`] does; the result is the output's JSON form. The input is decoded once,
    /// here; the call keeps the decoded operation.
    pub fn call_json(
        &self,
        operation: &str,
        input: &Value,
        authorizer_appid: Option<&str>,
    ) -> Call<Value> {
        let plan = tasks::plan_for(operation, || Some(input.clone()), authorizer_appid);
        let (op, safety, target) = match self.prepare_json(operation, input, authorizer_appid) {
            Ok(p) => p,
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        let op = call::JsonOp(op);
        match plan {
            None => Call::new(
                io,
                async move { ctx.run_operation(op, safety, target).await },
            ),
            Some(plan) => Call::new(io, async move {
                let sent_at = ctx.io.now();
                let result = ctx.run_operation(op, safety, target).await;
                let json = tasks::json_result(&result);
                ctx.track_result(&plan, sent_at, json).await;
                result
            }),
        }
    }

    /// Checks a typed operation can be called through the driver and fills in the platform.
    fn prepare_typed<O: Operation>(
        &self,
        op: &mut O,
        authorizer_appid: Option<&str>,
    ) -> Result<(crate::api::Safety, call::Target)> {
        let info = registry::find(O::NAME)?;
        check_callable(info)?;
        op.fill_platform(&self.shared.identity())?;
        let target = call::Target::of(O::Token::KIND, authorizer_appid)?;
        Ok((info.safety, target))
    }

    /// Decodes a JSON operation, checks it can be called and fills in the platform.
    fn prepare_json(
        &self,
        operation: &str,
        input: &Value,
        authorizer_appid: Option<&str>,
    ) -> Result<(Decoded, crate::api::Safety, call::Target)> {
        let info = registry::find(operation)?;
        check_callable(info)?;
        let mut op = info.decode(input)?;
        op.fill_platform(&self.shared.identity())?;
        let target = call::Target::of(info.token, authorizer_appid)?;
        Ok((op, info.safety, target))
    }

    /// The URL of the page operation `operation` (registry name, e.g. `page.component_login`)
    /// for this platform: `input` (wire names) with the platform's `component_appid` filled in
    /// where left out (another one is refused, as for calls), built against the configured
    /// base's page hosts. Nothing is sent and no token is involved; any other operation is
    /// `invalid_argument` on `operation`.
    pub fn page_url_json(&self, operation: &str, input: &Value) -> Result<String> {
        let info = registry::find(operation)?;
        if info.kind != OperationKind::Page {
            return Err(Error::invalid(
                "operation",
                format!("{} is not a page URL: call it", info.name),
            ));
        }
        let mut op = info.decode(input)?;
        op.fill_platform(&self.shared.identity())?;
        Ok(op.build(&AnyToken::None, &self.shared.config.api_base)?.url)
    }

    /// The current component access token, minted or refreshed if needed.
    pub fn component_access_token(&self) -> Call<AccessToken> {
        let (mut ctx, io) = self.context();
        Call::new(io, async move {
            let lease = ctx.component_token(None).await?;
            Ok(lease.into_access_token(TokenKind::Component, None))
        })
    }

    /// The current access token of `authorizer_appid`, refreshed if needed.
    pub fn authorizer_access_token(&self, authorizer_appid: &str) -> Call<AccessToken> {
        let appid = match call::authorizer_appid(Some(authorizer_appid)) {
            Ok(a) => a,
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        Call::new(io, async move {
            let lease = ctx.authorizer_token(&appid, None).await?;
            Ok(lease.into_access_token(TokenKind::Authorizer, Some(appid)))
        })
    }

    /// Verifies and parses a push (as [`Webhook::parse_parts`], with the host's time) and
    /// applies its side effects: a ticket is stored, an authorization code (`authorized`,
    /// `updateauthorized`, a successful registration) is exchanged exactly once, an
    /// `unauthorized` authorizer is marked revoked and its tokens dropped.
    pub fn handle(&self, query: HandleQuery, body: Vec<u8>) -> Call<Event> {
        let (ctx, io) = self.context();
        Call::new(io, ctx.handle(query, body))
    }

    /// Exchanges the `auth_code` of the authorization redirect, exactly once across the
    /// redirect and the `authorized` push (whichever comes first). When the push won the
    /// race, waits (bounded) for its outcome.
    pub fn authorize(&self, auth_code: &str) -> Call<Authorized> {
        if auth_code.trim().is_empty() {
            return Call::failed(Error::invalid("auth_code", "is required"));
        }
        let code = Secret::new(auth_code);
        let (ctx, io) = self.context();
        Call::new(io, ctx.authorize(code, intake::Source::Redirect))
    }

    /// Stores a ticket as a push would (e.g. migrating from another system), unless the
    /// stored one is newer. Returns whether it was stored.
    pub fn store_ticket(&self, ticket: &str, create_time: i64) -> Call<bool> {
        if ticket.trim().is_empty() {
            return Call::failed(Error::invalid("ticket", "is required"));
        }
        let ticket = Secret::new(ticket);
        let (ctx, io) = self.context();
        Call::new(io, ctx.store_ticket(ticket, create_time))
    }

    /// Stores an authorizer's refresh token (e.g. migrating from another system), replacing
    /// its record: status authorized, no access token yet (the first call refreshes one).
    pub fn import_authorizer(&self, authorizer_appid: &str, refresh_token: &str) -> Call<()> {
        let appid = match call::authorizer_appid(Some(authorizer_appid)) {
            Ok(a) => a,
            Err(e) => return Call::failed(e),
        };
        if refresh_token.trim().is_empty() {
            return Call::failed(Error::invalid("authorizer_refresh_token", "is required"));
        }
        let refresh_token = Secret::new(refresh_token);
        let (ctx, io) = self.context();
        Call::new(io, ctx.import_authorizer(appid, refresh_token))
    }

    /// The stored status of an authorizer (`None` when the store has no record of it).
    pub fn authorizer_status(&self, authorizer_appid: &str) -> Call<Option<AuthorizerStatus>> {
        let appid = match call::authorizer_appid(Some(authorizer_appid)) {
            Ok(a) => a,
            Err(e) => return Call::failed(e),
        };
        let (ctx, io) = self.context();
        Call::new(io, ctx.authorizer_status(appid))
    }
}

pub(crate) fn check_callable(info: &registry::OperationInfo) -> Result<()> {
    if info.kind == OperationKind::Page {
        return Err(Error::invalid(
            "operation",
            format!(
                "{} is a page URL: build it with the client (no token, nothing to send)",
                info.name
            ),
        ));
    }
    if let Some((_, hint)) = MANAGED.iter().find(|(name, _)| *name == info.name) {
        return Err(Error::invalid(
            "operation",
            format!("{}: {hint}", info.name),
        ));
    }
    Ok(())
}

/// What a decoded operation needs to be driven: build with a token, parse a response.
pub(crate) trait DriverOp: Send {
    type Output;
    fn name(&self) -> &'static str;
    fn build(&self, token: &AnyToken, base: &ApiBase) -> Result<crate::Request>;
    fn parse(&self, response: &crate::Response) -> Result<Self::Output>;
}

impl DriverOp for call::JsonOp {
    type Output = Value;
    fn name(&self) -> &'static str {
        self.0.info().name
    }
    fn build(&self, token: &AnyToken, base: &ApiBase) -> Result<crate::Request> {
        self.0.build(token, base)
    }
    fn parse(&self, response: &crate::Response) -> Result<Value> {
        self.0.parse(response)
    }
}

impl<O: Operation + Send> DriverOp for call::TypedOp<O> {
    type Output = O::Output;
    fn name(&self) -> &'static str {
        O::NAME
    }
    fn build(&self, token: &AnyToken, base: &ApiBase) -> Result<crate::Request> {
        let Some(typed) = O::Token::from_any(token) else {
            return Err(Error::WrongToken {
                operation: O::NAME,
                expected: O::Token::KIND,
                got: token.kind(),
            });
        };
        self.0.build(typed, base)
    }
    fn parse(&self, response: &crate::Response) -> Result<O::Output> {
        self.0.parse(response)
    }
}

/// Keeps `Box<dyn DecodedOperation>` nameable in `call`.
pub(crate) type Decoded = Box<dyn DecodedOperation>;

/// Calls cross threads in the bindings (pyo3 classes must be `Send`): checked at compile time.
const _: () = {
    const fn is_send<T: Send>() {}
    is_send::<Call<Value>>();
    is_send::<Call<Event>>();
};
