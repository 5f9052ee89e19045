//! Token acquisition: the warm cache, the store, single-flight refresh under a lease lock,
//! minting the component token from the ticket, refreshing authorizer tokens, and dropping a
//! token WeChat refused.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

use serde::Serialize;

use super::event::{DriverEvent, FailureReason};
use super::keys::{
    self, AuthorizerRecord, AuthorizerStatus, ComponentTokenRecord, RECORD_VERSION, TicketRecord,
};
use super::retry::{self, Rng, Verdict};
use super::step::{HttpOutcome, Io};
use super::{Cached, Shared};
use crate::api::Operation;
use crate::api::component::ComponentToken;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::token::{NoToken, TokenKind};

/// A token as a call of [`super::Driver::component_access_token`] or
/// [`super::Driver::authorizer_access_token`] returns it. `Debug` hides the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessToken {
    /// `component` or `authorizer`.
    pub kind: TokenKind,
    /// The authorizer, for an authorizer token.
    pub authorizer_appid: Option<String>,
    /// The token.
    pub access_token: Secret,
    /// When it expires (unix ms).
    pub expires_at_ms: u64,
}

/// A token a call is about to use, with the store text it came from. No `Debug`: both are
/// secrets.
#[derive(Clone)]
pub(crate) struct Lease {
    pub(crate) token: Secret,
    pub(crate) expires_at_ms: u64,
    pub(crate) raw: Option<Arc<str>>,
}

impl Lease {
    fn from_cached(c: &Cached) -> Self {
        Self {
            token: c.token.clone(),
            expires_at_ms: c.expires_at_ms,
            raw: c.raw.clone(),
        }
    }

    pub(crate) fn into_access_token(
        self,
        kind: TokenKind,
        authorizer_appid: Option<String>,
    ) -> AccessToken {
        AccessToken {
            kind,
            authorizer_appid,
            access_token: self.token,
            expires_at_ms: self.expires_at_ms,
        }
    }
}

/// Which token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Which {
    Component,
    Authorizer(String),
}

impl Which {
    fn kind(&self) -> TokenKind {
        match self {
            Self::Component => TokenKind::Component,
            Self::Authorizer(_) => TokenKind::Authorizer,
        }
    }

    fn appid(&self) -> Option<String> {
        match self {
            Self::Component => None,
            Self::Authorizer(a) => Some(a.clone()),
        }
    }

    fn what(&self) -> &'static str {
        match self {
            Self::Component => "component_token",
            Self::Authorizer(_) => "authorizer_token",
        }
    }
}

/// What the store says about a token.
enum Found {
    /// Valid beyond the refresh margin.
    Fresh(Lease),
    /// Still valid, but within the margin: refresh, serving it meanwhile.
    Stale(Lease),
    /// Nothing usable.
    None,
}

/// The running state of one call.
pub(crate) struct Ctx {
    pub(crate) shared: Arc<Shared>,
    pub(crate) io: Io,
    seq: u64,
    pub(crate) rng: Rng,
}

impl Ctx {
    pub(crate) fn new(shared: Arc<Shared>, io: Io, seq: u64, seed: u64) -> Self {
        Self {
            shared,
            io,
            seq,
            rng: Rng::new(seed),
        }
    }

    /// This call's unique id as a lock and claim owner: `{instance}:{sequence}` (built only
    /// when needed — the warm path takes no lock).
    pub(crate) fn owner(&self) -> String {
        format!("{}:{}", self.shared.instance, self.seq)
    }

    fn margin(&self) -> u64 {
        self.shared.config.policy.refresh_margin_ms
    }

    pub(crate) async fn event(&self, event: DriverEvent) -> Result<()> {
        self.io.emit(event).await
    }

    // ---- the warm cache ----

    fn cached(&self, which: &Which, avoid: Option<&Secret>) -> Option<Lease> {
        let now = self.io.now();
        let policy = &self.shared.config.policy;
        let cache = self.shared.cache();
        let entry = match which {
            Which::Component => cache.component.as_ref(),
            Which::Authorizer(appid) => cache.authorizers.get(appid),
        }?;
        let fresh = now.saturating_add(policy.refresh_margin_ms) < entry.expires_at_ms
            && now.saturating_sub(entry.fetched_at_ms) < policy.cache_recheck_ms
            && avoid != Some(&entry.token);
        fresh.then(|| Lease::from_cached(entry))
    }

    pub(crate) fn remember(&self, which: &Which, lease: &Lease) {
        let entry = Cached {
            token: lease.token.clone(),
            expires_at_ms: lease.expires_at_ms,
            raw: lease.raw.clone(),
            fetched_at_ms: self.io.now(),
        };
        let mut cache = self.shared.cache();
        match which {
            Which::Component => cache.component = Some(entry),
            Which::Authorizer(appid) => {
                cache.authorizers.insert(appid.clone(), entry);
            }
        }
    }

    pub(crate) fn forget(&self, which: &Which, token: Option<&Secret>) {
        let mut cache = self.shared.cache();
        let slot = match which {
            Which::Component => cache.component.as_ref(),
            Which::Authorizer(appid) => cache.authorizers.get(appid),
        };
        if token.is_some_and(|t| slot.is_some_and(|c| &c.token != t)) {
            return;
        }
        match which {
            Which::Component => cache.component = None,
            Which::Authorizer(appid) => {
                cache.authorizers.remove(appid);
            }
        }
    }

    /// After a transient refresh failure, the time before which no new attempt is made.
    fn retry_after(&self, which: &Which) -> Option<u64> {
        self.shared
            .cache()
            .retry_after
            .get(&which.appid())
            .map(|(at, _)| *at)
    }

    fn note_refresh_failure(&mut self, which: &Which) -> u64 {
        let policy = &self.shared.config.policy;
        let (base, max) = (policy.backoff_base_ms, policy.backoff_max_ms);
        let failures = self
            .shared
            .cache()
            .retry_after
            .get(&which.appid())
            .map_or(0, |(_, n)| *n)
            + 1;
        let at = self.io.now() + retry::backoff(&mut self.rng, base, max, failures);
        self.shared
            .cache()
            .retry_after
            .insert(which.appid(), (at, failures));
        at
    }

    pub(super) fn clear_refresh_failures(&self, which: &Which) {
        self.shared.cache().retry_after.remove(&which.appid());
    }

    // ---- reading the store ----

    pub(super) fn key(&self, which: &Which) -> String {
        match which {
            Which::Component => self.shared.keys.component_token(),
            Which::Authorizer(appid) => self.shared.keys.authorizer(appid),
        }
    }

    fn lock_key(&self, which: &Which) -> String {
        match which {
            Which::Component => self.shared.keys.component_lock(),
            Which::Authorizer(appid) => self.shared.keys.authorizer_lock(appid),
        }
    }

    /// Classifies the stored text of a token. For an authorizer, a missing record, a revoked
    /// one, or one needing re-authorization without a valid token are errors.
    fn classify(&self, which: &Which, raw: Option<&str>, avoid: Option<&Secret>) -> Result<Found> {
        let now = self.io.now();
        let Some(raw) = raw else {
            return match which {
                Which::Component => Ok(Found::None),
                Which::Authorizer(appid) => Err(Error::UnknownAuthorizer {
                    authorizer_appid: appid.clone(),
                }),
            };
        };
        let mut needs_reauthorization = false;
        let (token, expires_at_ms) = match which {
            Which::Component => {
                // A cache entry that does not parse is treated as absent and replaced.
                let Ok(rec) = keys::decode::<ComponentTokenRecord>("", raw) else {
                    return Ok(Found::None);
                };
                (Some(rec.access_token), rec.expires_at_ms)
            }
            Which::Authorizer(appid) => {
                let rec: AuthorizerRecord = keys::decode(&self.key(which), raw)?;
                match rec.status {
                    AuthorizerStatus::Revoked => {
                        return Err(Error::AuthorizerRevoked {
                            authorizer_appid: appid.clone(),
                        });
                    }
                    AuthorizerStatus::NeedsReauthorization
                        if rec.access_token.is_none() || now >= rec.expires_at_ms =>
                    {
                        return Err(Error::NeedsReauthorization {
                            authorizer_appid: appid.clone(),
                        });
                    }
                    AuthorizerStatus::NeedsReauthorization => needs_reauthorization = true,
                    AuthorizerStatus::Authorized => {}
                }
                (rec.access_token, rec.expires_at_ms)
            }
        };
        let Some(token) = token.filter(|t| !t.is_empty() && avoid != Some(t)) else {
            return Ok(Found::None);
        };
        let lease = Lease {
            token,
            expires_at_ms,
            raw: Some(Arc::from(raw)),
        };
        if needs_reauthorization && now < expires_at_ms {
            // Its refresh token is dead: use the access token until it expires, never refresh.
            return Ok(Found::Fresh(lease));
        }
        if now.saturating_add(self.margin()) < expires_at_ms {
            Ok(Found::Fresh(lease))
        } else if now < expires_at_ms {
            Ok(Found::Stale(lease))
        } else {
            Ok(Found::None)
        }
    }

    // ---- acquisition ----

    /// The component access token for a request. `avoid`: a token WeChat just refused.
    pub(crate) async fn component_token(&mut self, avoid: Option<&Secret>) -> Result<Lease> {
        self.token(Which::Component, avoid).await
    }

    /// [`Ctx::component_token`] behind a box with a declared `Send` type, which breaks the
    /// cycle of an authorizer refresh needing the component token.
    pub(super) fn component_token_boxed<'a>(
        &'a mut self,
        avoid: Option<&'a Secret>,
    ) -> BoxFuture<'a, Result<Lease>> {
        Box::pin(async move { self.token(Which::Component, avoid).await })
    }

    /// The access token of `appid` for a request.
    pub(crate) async fn authorizer_token(
        &mut self,
        appid: &str,
        avoid: Option<&Secret>,
    ) -> Result<Lease> {
        self.token(Which::Authorizer(appid.to_owned()), avoid).await
    }

    pub(crate) async fn token(&mut self, which: Which, avoid: Option<&Secret>) -> Result<Lease> {
        if let Some(hit) = self.cached(&which, avoid) {
            return Ok(hit);
        }
        let raw = self.io.get(self.key(&which)).await?;
        let stale = match self.classify(&which, raw.as_deref(), avoid)? {
            Found::Fresh(lease) => {
                self.remember(&which, &lease);
                return Ok(lease);
            }
            Found::Stale(lease) => Some(lease),
            Found::None => None,
        };
        if self.shared.config.read_only {
            return stale.ok_or_else(|| Error::ReadOnly {
                token: which.kind(),
                authorizer_appid: which.appid(),
            });
        }
        if let Some(lease) = &stale {
            if self
                .retry_after(&which)
                .is_some_and(|at| self.io.now() < at)
            {
                return Ok(lease.clone());
            }
        }
        // Boxed: the refresh path is cold, and keeping its state out of line keeps every
        // call's coroutine small (it is moved into its box at each call).
        Box::pin(self.refresh(which, stale, avoid)).await
    }

    /// Single flight: take the lease lock and refresh, or let the holder do it — serving the
    /// still-valid token meanwhile, or waiting (bounded) for the holder's result.
    async fn refresh(
        &mut self,
        which: Which,
        stale: Option<Lease>,
        avoid: Option<&Secret>,
    ) -> Result<Lease> {
        let policy = self.shared.config.policy.clone();
        let lock = self.lock_key(&which);
        let started = self.io.now();
        loop {
            let acquired = self
                .io
                .lock_key(lock.clone(), self.owner(), policy.lock_lease_ms)
                .await?;
            if acquired {
                let result = self.refresh_locked(&which, stale, avoid).await;
                // A failed unlock is harmless: the lease frees the lock.
                let _ = self.io.unlock(lock, self.owner()).await;
                return result;
            }
            if let Some(lease) = stale {
                return Ok(lease);
            }
            let waited = self.io.now().saturating_sub(started);
            if waited >= policy.lock_wait_ms {
                let error = Error::LockTimeout {
                    what: which.what(),
                    waited_ms: waited,
                };
                self.fail("lock", &error).await?;
                return Err(error);
            }
            let poll = policy.lock_poll_ms;
            let pause = self
                .rng
                .between(poll / 2, poll + poll / 2)
                .min(policy.lock_wait_ms - waited)
                .max(1);
            self.io.sleep(pause).await?;
            let raw = self.io.get(self.key(&which)).await?;
            match self.classify(&which, raw.as_deref(), avoid)? {
                Found::Fresh(lease) | Found::Stale(lease) => {
                    self.remember(&which, &lease);
                    return Ok(lease);
                }
                Found::None => {}
            }
        }
    }

    /// Holding the lock: re-read (someone may have refreshed meanwhile), then mint.
    async fn refresh_locked(
        &mut self,
        which: &Which,
        stale: Option<Lease>,
        avoid: Option<&Secret>,
    ) -> Result<Lease> {
        let raw = self.io.get(self.key(which)).await?;
        let stale = match self.classify(which, raw.as_deref(), avoid)? {
            Found::Fresh(lease) => {
                self.remember(which, &lease);
                return Ok(lease);
            }
            Found::Stale(lease) => Some(lease),
            Found::None => stale.filter(|s| self.io.now() < s.expires_at_ms),
        };
        match which {
            Which::Component => self.mint_component(raw, stale).await,
            Which::Authorizer(appid) => {
                let appid = appid.clone();
                self.refresh_authorizer(&appid, raw, stale).await
            }
        }
    }

    async fn mint_component(&mut self, raw: Option<String>, stale: Option<Lease>) -> Result<Lease> {
        let which = Which::Component;
        let ticket_key = self.shared.keys.ticket();
        let ticket: Option<TicketRecord> = match self.io.get(ticket_key.clone()).await? {
            Some(text) => Some(keys::decode(&ticket_key, &text)?),
            None => None,
        };
        let Some(ticket) = ticket else {
            let error = Error::NoTicket {
                component_appid: self.shared.config.component_appid.clone(),
            };
            self.fail(ComponentToken::NAME, &error).await?;
            return Err(error);
        };
        let op = ComponentToken {
            component_appid: self.shared.config.component_appid.clone(),
            component_appsecret: self.shared.appsecret().clone(),
            component_verify_ticket: ticket.ticket.clone(),
        };
        let mut attempt = 0;
        loop {
            let request = op.build(&NoToken, &self.shared.config.api_base)?;
            let result = match self.io.http(request).await? {
                HttpOutcome::Response(r) => op.parse(&r),
                HttpOutcome::Transport(detail) => Err(Error::Transport { detail }),
            };
            let error = match result {
                Ok(grant) => {
                    let now = self.io.now();
                    let lifetime = u64::try_from(grant.expires_in).unwrap_or(0) * 1000;
                    let record = ComponentTokenRecord {
                        v: RECORD_VERSION,
                        access_token: grant.component_access_token,
                        expires_at_ms: now + lifetime,
                        minted_at_ms: now,
                    };
                    self.clear_refresh_failures(&which);
                    self.event(DriverEvent::ComponentTokenMinted {
                        expires_at_ms: record.expires_at_ms,
                        ticket_age_ms: now.saturating_sub(ticket.received_at_ms),
                    })
                    .await?;
                    let ttl = (lifetime > 0).then_some(lifetime);
                    return self
                        .store_token(
                            &which,
                            raw,
                            &record,
                            record.access_token.clone(),
                            record.expires_at_ms,
                            ttl,
                        )
                        .await;
                }
                Err(Error::Api(e)) if e.errcode == 61005 || e.errcode == 61006 => {
                    Error::TicketRejected(e)
                }
                Err(e) => e,
            };
            match self
                .after_refresh_failure(
                    &which,
                    &error,
                    stale.as_ref(),
                    attempt,
                    ComponentToken::NAME,
                )
                .await?
            {
                Some(delay) => {
                    attempt += 1;
                    self.io.sleep(delay).await?;
                }
                None => {
                    return match stale {
                        Some(lease) if serves_stale(&error) => Ok(lease),
                        _ => Err(error),
                    };
                }
            }
        }
    }

    /// Decides after a failed mint/refresh: `Some(delay)` to retry, `None` to stop (serving
    /// `stale` when the failure was transient, failing otherwise). Emits the events.
    pub(super) async fn after_refresh_failure(
        &mut self,
        which: &Which,
        error: &Error,
        stale: Option<&Lease>,
        attempt: u32,
        operation: &'static str,
    ) -> Result<Option<u64>> {
        let policy = self.shared.config.policy.clone();
        let reason = FailureReason::of(error);
        let verdict = retry::verdict(error);
        if verdict == Verdict::Fatal || verdict == Verdict::InvalidToken {
            self.fail(operation, error).await?;
            return Ok(None);
        }
        if let Some(lease) = stale {
            let retry_at_ms = self.note_refresh_failure(which);
            self.event(DriverEvent::StaleTokenServed {
                token: which.kind(),
                authorizer_appid: which.appid(),
                expires_at_ms: lease.expires_at_ms,
                retry_at_ms,
                reason,
            })
            .await?;
            return Ok(None);
        }
        let delay = match verdict {
            Verdict::RateLimited => {
                let d = retry::until_next_minute(&mut self.rng, self.io.now());
                (attempt == 0 && d <= policy.rate_limit_max_wait_ms).then_some(d)
            }
            _ => (attempt < policy.max_retries).then(|| {
                retry::backoff(
                    &mut self.rng,
                    policy.backoff_base_ms,
                    policy.backoff_max_ms,
                    attempt + 1,
                )
            }),
        };
        match delay {
            Some(delay_ms) => {
                self.event(DriverEvent::Retry {
                    operation,
                    attempt: attempt + 1,
                    delay_ms,
                    reason,
                })
                .await?;
                Ok(Some(delay_ms))
            }
            None => {
                self.fail(operation, error).await?;
                Ok(None)
            }
        }
    }

    pub(crate) async fn fail(&self, operation: &'static str, error: &Error) -> Result<()> {
        self.event(DriverEvent::Failure {
            operation,
            code: error.code(),
            reason: FailureReason::of(error),
        })
        .await
    }

    /// Writes a freshly minted token unless a newer one was stored meanwhile (compare-and-set
    /// against the text read under the lock; on a lost race, the stored token wins if it
    /// expires later). Returns the lease to use.
    pub(super) async fn store_token<R: Serialize>(
        &mut self,
        which: &Which,
        mut expected: Option<String>,
        record: &R,
        token: Secret,
        expires_at_ms: u64,
        ttl_ms: Option<u64>,
    ) -> Result<Lease> {
        let key = self.key(which);
        let text = keys::encode(record)?;
        let mut lease = Lease {
            token,
            expires_at_ms,
            raw: None,
        };
        for _ in 0..3 {
            let written = self
                .io
                .compare_and_set(key.clone(), expected.clone(), Some(text.clone()), ttl_ms)
                .await?;
            if written {
                lease.raw = Some(Arc::from(text.as_str()));
                break;
            }
            let current = self.io.get(key.clone()).await?;
            if let Some(stored) = current.as_deref() {
                let now = self.io.now();
                if let Found::Fresh(theirs) | Found::Stale(theirs) =
                    self.classify(which, Some(stored), None)?
                {
                    if theirs.expires_at_ms >= expires_at_ms && now < theirs.expires_at_ms {
                        self.event(DriverEvent::NewerTokenKept {
                            token: which.kind(),
                            authorizer_appid: which.appid(),
                        })
                        .await?;
                        lease = theirs;
                        break;
                    }
                }
            }
            expected = current;
        }
        self.remember(which, &lease);
        Ok(lease)
    }

    /// WeChat refused `lease`: forget it locally, and drop it from the store only if the
    /// store still holds exactly it (a token someone else already replaced stays).
    pub(crate) async fn invalidate(&mut self, which: &Which, lease: &Lease) -> Result<()> {
        self.forget(which, Some(&lease.token));
        let Some(raw) = lease.raw.as_deref() else {
            return Ok(());
        };
        let key = self.key(which);
        let new = match which {
            Which::Component => None,
            Which::Authorizer(_) => {
                let mut record: AuthorizerRecord = keys::decode(&key, raw)?;
                record.access_token = None;
                record.expires_at_ms = 0;
                record.updated_at_ms = self.io.now();
                Some(keys::encode(&record)?)
            }
        };
        self.io
            .compare_and_set(key, Some(raw.to_owned()), new, None)
            .await?;
        Ok(())
    }
}

/// Whether a failed refresh leaves the still-valid token in service: only for transient
/// failures (−1, retryable errcodes, transport, HTTP 5xx) and the per-minute limit.
pub(super) fn serves_stale(error: &Error) -> bool {
    matches!(
        retry::verdict(error),
        Verdict::Transient | Verdict::RateLimited
    )
}
