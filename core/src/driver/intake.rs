//! Pushes and authorizations coming in: store the ticket, exchange each authorization code
//! exactly once (the redirect's `auth_code` and the `authorized` push carry the same code),
//! mark revoked authorizers, and seed the store from another system.

use serde::Serialize;

use super::call::Target;
use super::event::DriverEvent;
use super::keys::{
    self, AuthorizerRecord, AuthorizerStatus, ClaimRecord, ClaimState, RECORD_VERSION, TicketRecord,
};
use super::retry::{self, Verdict};
use super::tokens::{Ctx, Lease, Which};
use crate::api::Safety;
use crate::api::component::{Authorization, QueryAuth};
use crate::error::{ApiError, CryptoErrorKind, Error, Result};
use crate::event::Event;
use crate::secret::Secret;
use crate::webhook::Query;

/// The three query parameters a push is verified with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandleQuery {
    /// `timestamp`.
    pub timestamp: String,
    /// `nonce`.
    pub nonce: String,
    /// `msg_signature`.
    pub msg_signature: String,
}

impl HandleQuery {
    /// Takes them from a parsed query string; a missing one is
    /// [`crate::WebhookErrorKind::MissingParameter`].
    pub fn from_query(query: &Query) -> Result<Self> {
        let need = |v: &Option<String>, name: &'static str| {
            v.clone().ok_or_else(|| {
                Error::webhook(
                    crate::WebhookErrorKind::MissingParameter,
                    format!("query parameter {name} is missing"),
                )
            })
        };
        Ok(Self {
            timestamp: need(&query.timestamp, "timestamp")?,
            nonce: need(&query.nonce, "nonce")?,
            msg_signature: need(&query.msg_signature, "msg_signature")?,
        })
    }
}

/// The outcome of an authorization-code exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authorized {
    /// The authorizer whose tokens are now stored.
    pub authorizer_appid: String,
    /// The permission-set ids it granted.
    pub func_info: Vec<i64>,
    /// Whether this call exchanged the code (`false`: another call — the push or the
    /// redirect — had claimed it and this one reports that call's outcome).
    pub exchanged: bool,
}

/// Where an authorization code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Redirect,
    Push,
    Registration,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Self::Redirect => "redirect",
            Self::Push => "push",
            Self::Registration => "registration",
        }
    }
}

impl Ctx {
    /// Verifies, parses and applies a push.
    pub(crate) async fn handle(mut self, query: HandleQuery, body: Vec<u8>) -> Result<Event> {
        let now_secs = i64::try_from(self.io.now() / 1000).unwrap_or(i64::MAX);
        let event = self.shared.config.webhook().parse_parts(
            &query.timestamp,
            &query.nonce,
            &query.msg_signature,
            &body,
            now_secs,
        )?;
        if event.header().component_appid != self.shared.config.component_appid() {
            return Err(Error::crypto(
                CryptoErrorKind::ValidateAppid,
                "the push's AppId is not this platform",
            ));
        }
        match &event {
            Event::ComponentVerifyTicket(t) => {
                // A ticket push without CreateTime is kept (peers read it): it counts as
                // created now.
                let now_secs = i64::try_from(self.io.now() / 1000).unwrap_or(i64::MAX);
                let created = t.header.create_time.unwrap_or(now_secs);
                self.put_ticket(t.ticket.clone(), created).await?;
            }
            Event::Authorized(a) => {
                let exchanged = self
                    .exchange(a.authorization_code.clone(), Source::Push)
                    .await;
                // The task that created this app (trial registration, 2026 flows) learns it.
                self.task_authorization(&a.authorizer_appid, exchanged.as_ref().err())
                    .await?;
                exchanged?;
            }
            Event::UpdateAuthorized(a) => {
                self.exchange(a.authorization_code.clone(), Source::Push)
                    .await?;
            }
            Event::Unauthorized(u) => {
                self.revoke(&u.authorizer_appid, u.header.create_time)
                    .await?;
            }
            Event::FastRegister(r) => {
                // The task first: the result is known even if the exchange below fails.
                self.track_push(&event).await?;
                let code = r
                    .auth_code
                    .as_ref()
                    .filter(|c| r.status == 0 && !c.expose().trim().is_empty());
                if let Some(code) = code {
                    let exchanged = self.exchange(code.clone(), Source::Registration).await;
                    if let Some(appid) = &r.appid {
                        self.task_authorization(appid, exchanged.as_ref().err())
                            .await?;
                    }
                    exchanged?;
                }
            }
            Event::FastRegisterBeta(_) | Event::FastVerifyBeta(_) => {
                self.track_push(&event).await?;
            }
            _ => {}
        }
        Ok(event)
    }

    /// The redirect's code: exchange it, or report the outcome of whoever claimed it.
    pub(crate) async fn authorize(mut self, code: Secret, source: Source) -> Result<Authorized> {
        match self.exchange(code, source).await? {
            Some(done) => {
                // A registration's app authorized through the redirect: its task learns it.
                self.task_authorization(&done.authorizer_appid, None)
                    .await?;
                Ok(done)
            }
            None => Err(Error::invalid("auth_code", "was not exchanged")),
        }
    }

    /// Claims `code` and exchanges it. `Ok(None)`: a push lost the claim (the other call
    /// does the work). A redirect that loses waits for the other call's outcome.
    pub(crate) async fn exchange(
        &mut self,
        code: Secret,
        source: Source,
    ) -> Result<Option<Authorized>> {
        let policy = self.shared.config.policy.clone();
        let key = self.shared.keys.auth_code(code.expose());
        let started = self.io.now();
        loop {
            let claim = ClaimRecord {
                v: RECORD_VERSION,
                state: ClaimState::Claimed,
                owner: self.owner(),
                at_ms: self.io.now(),
                authorizer_appid: None,
                func_info: Vec::new(),
                errcode: None,
            };
            let claim_text = keys::encode(&claim)?;
            let won = self
                .io
                .compare_and_set(
                    key.clone(),
                    None,
                    Some(claim_text.clone()),
                    Some(policy.auth_code_claim_ttl_ms),
                )
                .await?;
            if won {
                return self
                    .exchange_claimed(code, source, key, claim_text)
                    .await
                    .map(Some);
            }
            if source != Source::Redirect {
                self.event(DriverEvent::AuthCodeAlreadyClaimed {
                    source: source.as_str(),
                })
                .await?;
                return Ok(None);
            }
            // The push (or another redirect) holds the claim: wait for its outcome.
            loop {
                let Some(text) = self.io.get(key.clone()).await? else {
                    // The other call failed transiently and released the claim: try again.
                    break;
                };
                let record: ClaimRecord = keys::decode(&key, &text)?;
                match record.state {
                    ClaimState::Done => {
                        self.event(DriverEvent::AuthCodeAlreadyClaimed {
                            source: source.as_str(),
                        })
                        .await?;
                        return Ok(Some(Authorized {
                            authorizer_appid: record.authorizer_appid.unwrap_or_default(),
                            func_info: record.func_info,
                            exchanged: false,
                        }));
                    }
                    ClaimState::Failed => {
                        return Err(Error::Api(ApiError::new(
                            "component.query_auth",
                            record.errcode.unwrap_or(-1),
                            "the code was exchanged by another call, which failed",
                        )));
                    }
                    ClaimState::Claimed => {}
                }
                let waited = self.io.now().saturating_sub(started);
                if waited >= policy.lock_wait_ms {
                    let error = Error::LockTimeout {
                        what: "auth_code",
                        waited_ms: waited,
                    };
                    self.fail("component.query_auth", &error).await?;
                    return Err(error);
                }
                let poll = policy.lock_poll_ms;
                let pause = self
                    .rng
                    .between(poll / 2, poll + poll / 2)
                    .min(policy.lock_wait_ms - waited)
                    .max(1);
                self.io.sleep(pause).await?;
            }
        }
    }

    async fn exchange_claimed(
        &mut self,
        code: Secret,
        source: Source,
        key: String,
        claim_text: String,
    ) -> Result<Authorized> {
        let ttl = Some(self.shared.config.policy.auth_code_claim_ttl_ms);
        let op = QueryAuth {
            component_appid: self.shared.config.component_appid().to_owned(),
            authorization_code: code,
        };
        let result = self
            .run_operation(super::call::TypedOp(op), Safety::Token, Target::Component)
            .await;
        let info = match result {
            Ok(r) => r.authorization_info,
            Err(error) => {
                // A final answer about the code (61009 reused, 61010 expired …) is remembered;
                // anything else (transient, a refused component token, no ticket yet) releases
                // the claim.
                if let (Error::Api(api), Verdict::Fatal) = (&error, retry::verdict(&error)) {
                    let failed = ClaimRecord {
                        v: RECORD_VERSION,
                        state: ClaimState::Failed,
                        owner: self.owner(),
                        at_ms: self.io.now(),
                        authorizer_appid: None,
                        func_info: Vec::new(),
                        errcode: Some(api.errcode),
                    };
                    self.io
                        .compare_and_set(key, Some(claim_text), Some(keys::encode(&failed)?), ttl)
                        .await?;
                } else {
                    // Transient (or no answer at all): release the claim so that a redelivered
                    // push or the redirect may try again.
                    self.io
                        .compare_and_set(key, Some(claim_text), None, None)
                        .await?;
                }
                self.fail("component.query_auth", &error).await?;
                return Err(error);
            }
        };
        let authorized = self.store_authorization(info).await?;
        let done = ClaimRecord {
            v: RECORD_VERSION,
            state: ClaimState::Done,
            owner: self.owner(),
            at_ms: self.io.now(),
            authorizer_appid: Some(authorized.authorizer_appid.clone()),
            func_info: authorized.func_info.clone(),
            errcode: None,
        };
        self.io.put(key, keys::encode(&done)?, ttl).await?;
        self.event(DriverEvent::AuthorizerAuthorized {
            authorizer_appid: authorized.authorizer_appid.clone(),
            source: source.as_str(),
        })
        .await?;
        Ok(authorized)
    }

    /// Replaces the authorizer's record with the freshly exchanged tokens (a
    /// re-authorization invalidates the old access token).
    async fn store_authorization(&mut self, info: Authorization) -> Result<Authorized> {
        let appid = super::call::authorizer_appid(Some(&info.authorizer_appid))?;
        let now = self.io.now();
        let func_info: Vec<i64> = info
            .func_info
            .iter()
            .flatten()
            .map(|f| f.funcscope_category.id)
            .collect();
        let record = AuthorizerRecord {
            v: RECORD_VERSION,
            authorizer_appid: appid.clone(),
            status: AuthorizerStatus::Authorized,
            access_token: Some(info.authorizer_access_token.clone()),
            expires_at_ms: now + u64::try_from(info.expires_in).unwrap_or(0) * 1000,
            refresh_token: Some(info.authorizer_refresh_token),
            func_info: func_info.clone(),
            updated_at_ms: now,
            authorized_at_ms: Some(now),
        };
        let text = keys::encode(&record)?;
        self.io
            .put(self.shared.keys.authorizer(&appid), text.clone(), None)
            .await?;
        let which = Which::Authorizer(appid.clone());
        self.forget(&which, None);
        self.shared.cache().retry_after.remove(&Some(appid.clone()));
        self.remember(
            &which,
            &Lease {
                token: info.authorizer_access_token,
                expires_at_ms: record.expires_at_ms,
                raw: Some(text.as_str().into()),
            },
        );
        Ok(Authorized {
            authorizer_appid: appid,
            func_info,
            exchanged: true,
        })
    }

    /// `unauthorized`: mark revoked and drop the tokens — unless the push was created before
    /// the stored authorization was exchanged (a late or redelivered copy of a revocation the
    /// merchant has since undone by authorizing again). Ignoring a genuine revocation costs
    /// little (the next refresh gets 61003 and marks the authorizer revoked); obeying a stale
    /// one would drop a live authorization that only the merchant can restore.
    async fn revoke(&mut self, authorizer_appid: &str, create_time: Option<i64>) -> Result<()> {
        let appid = super::call::authorizer_appid(Some(authorizer_appid))?;
        let key = self.shared.keys.authorizer(&appid);
        let previous = match self.io.get(key.clone()).await? {
            Some(text) => keys::decode::<AuthorizerRecord>(&key, &text).ok(),
            None => None,
        };
        let authorized_at_ms = previous
            .as_ref()
            .filter(|p| p.status == AuthorizerStatus::Authorized)
            .and_then(|p| p.authorized_at_ms);
        if let (Some(created), Some(authorized_at_ms)) = (create_time, authorized_at_ms) {
            // CreateTime counts seconds: only a push from a second that ended before the
            // authorization is stale; one from the same second is obeyed.
            let created_end_ms = u64::try_from(created)
                .unwrap_or(0)
                .saturating_add(1)
                .saturating_mul(1000);
            if created_end_ms <= authorized_at_ms {
                return self
                    .event(DriverEvent::UnauthorizedIgnored {
                        authorizer_appid: appid,
                        create_time: created,
                        authorized_at_ms,
                    })
                    .await;
            }
        }
        let record = AuthorizerRecord {
            v: RECORD_VERSION,
            authorizer_appid: appid.clone(),
            status: AuthorizerStatus::Revoked,
            access_token: None,
            expires_at_ms: 0,
            refresh_token: None,
            func_info: previous.map(|p| p.func_info).unwrap_or_default(),
            updated_at_ms: self.io.now(),
            authorized_at_ms: None,
        };
        self.io.put(key, keys::encode(&record)?, None).await?;
        self.forget(&Which::Authorizer(appid.clone()), None);
        self.event(DriverEvent::AuthorizerRevoked {
            authorizer_appid: appid,
            reason: "unauthorized_push",
        })
        .await
    }

    /// Stores a ticket unless the stored one is newer (by `CreateTime`).
    async fn put_ticket(&mut self, ticket: Secret, create_time: i64) -> Result<bool> {
        let key = self.shared.keys.ticket();
        for _ in 0..3 {
            let raw = self.io.get(key.clone()).await?;
            let previous = raw
                .as_deref()
                .and_then(|t| keys::decode::<TicketRecord>(&key, t).ok());
            if let Some(prev) = &previous {
                if prev.create_time > create_time {
                    self.event(DriverEvent::TicketKept {
                        create_time,
                        stored_create_time: prev.create_time,
                    })
                    .await?;
                    return Ok(false);
                }
            }
            let now = self.io.now();
            let record = TicketRecord {
                v: RECORD_VERSION,
                ticket: ticket.clone(),
                create_time,
                received_at_ms: now,
            };
            let text = keys::encode(&record)?;
            if self
                .io
                .compare_and_set(key.clone(), raw, Some(text), None)
                .await?
            {
                self.event(DriverEvent::TicketStored {
                    create_time,
                    previous_age_ms: previous.map(|p| now.saturating_sub(p.received_at_ms)),
                })
                .await?;
                return Ok(true);
            }
        }
        Err(Error::Store {
            detail: format!("{key} kept changing under concurrent writers; ticket not stored"),
        })
    }

    pub(crate) async fn store_ticket(mut self, ticket: Secret, create_time: i64) -> Result<bool> {
        self.put_ticket(ticket, create_time).await
    }

    pub(crate) async fn import_authorizer(
        self,
        authorizer_appid: String,
        refresh_token: Secret,
    ) -> Result<()> {
        let record = AuthorizerRecord {
            v: RECORD_VERSION,
            authorizer_appid: authorizer_appid.clone(),
            status: AuthorizerStatus::Authorized,
            access_token: None,
            expires_at_ms: 0,
            refresh_token: Some(refresh_token),
            func_info: Vec::new(),
            updated_at_ms: self.io.now(),
            authorized_at_ms: None,
        };
        let key = self.shared.keys.authorizer(&authorizer_appid);
        self.io.put(key, keys::encode(&record)?, None).await?;
        self.forget(&Which::Authorizer(authorizer_appid.clone()), None);
        self.shared
            .cache()
            .retry_after
            .remove(&Some(authorizer_appid));
        Ok(())
    }

    pub(crate) async fn authorizer_status(
        self,
        authorizer_appid: String,
    ) -> Result<Option<AuthorizerStatus>> {
        let key = self.shared.keys.authorizer(&authorizer_appid);
        match self.io.get(key.clone()).await? {
            Some(text) => Ok(Some(keys::decode::<AuthorizerRecord>(&key, &text)?.status)),
            None => Ok(None),
        }
    }
}
