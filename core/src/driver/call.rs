//! One operation call: obtain the token, send, parse, and react — a refused token is dropped
//! and the call re-sent once with a fresh one; transient failures are retried with backoff
//! only for operations safe to repeat; 45011 waits for the next minute; everything else
//! fails at once.

use super::event::{DriverEvent, FailureReason};
use super::keys::{self, RECORD_VERSION, SentRecord};
use super::retry::{self, Verdict};
use super::step::HttpOutcome;
use super::tokens::{Ctx, Lease, Which};
use super::{Decoded, DriverOp};
use crate::api::Safety;
use crate::error::{Error, Result};
use crate::http::Request;
use crate::secret::Secret;
use crate::token::{AnyToken, AuthorizerAccessToken, ComponentAccessToken, TokenKind};

/// A registry operation decoded from JSON.
pub(crate) struct JsonOp(pub(crate) Decoded);

/// A typed operation.
pub(crate) struct TypedOp<O>(pub(crate) O);

/// Which token a call sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    None,
    Component,
    Authorizer(String),
}

impl Target {
    /// The target of an operation taking `kind`, called for `authorizer_appid` (which only
    /// authorizer operations take, and require).
    pub(crate) fn of(kind: TokenKind, authorizer_appid: Option<&str>) -> Result<Self> {
        match (kind, authorizer_appid) {
            (TokenKind::Authorizer, appid) => Ok(Self::Authorizer(self::authorizer_appid(appid)?)),
            (TokenKind::Component, None) => Ok(Self::Component),
            (TokenKind::None, None) => Ok(Self::None),
            (kind, Some(_)) => Err(Error::invalid(
                "authorizer_appid",
                format!(
                    "is only for operations that take an authorizer token; this one takes {}",
                    kind.describe()
                ),
            )),
        }
    }
}

/// Validates an authorizer appid used in store keys.
pub(crate) fn authorizer_appid(appid: Option<&str>) -> Result<String> {
    let Some(appid) = appid.filter(|a| !a.trim().is_empty()) else {
        return Err(Error::invalid(
            "authorizer_appid",
            "is required: the operation takes an authorizer token",
        ));
    };
    if appid.contains(|c: char| c.is_whitespace() || c.is_control() || c == ':') {
        return Err(Error::invalid(
            "authorizer_appid",
            "must not contain whitespace, control characters or ':'",
        ));
    }
    Ok(appid.to_owned())
}

impl Ctx {
    /// Runs one operation to its end.
    pub(crate) async fn run_operation<D: DriverOp>(
        &mut self,
        op: D,
        safety: Safety,
        target: Target,
    ) -> Result<D::Output> {
        let policy = self.shared.config.policy.clone();
        let mut retries = 0u32;
        let mut token_retried = false;
        let mut rate_waited = false;
        let mut avoid: Option<Secret> = None;
        loop {
            let (token, lease) = self.token_for(&target, avoid.as_ref()).await?;
            let request = op.build(&token, &self.shared.config.api_base)?;
            drop(token);
            if op.name() == "register.reuse_oa" {
                Box::pin(self.space_resends(op.name(), &request)).await?;
            }
            let result = match self.io.http(request).await? {
                HttpOutcome::Response(r) => op.parse(&r),
                HttpOutcome::Transport(detail) => Err(Error::Transport { detail }),
            };
            let error = match result {
                Ok(output) => return Ok(output),
                Err(e) => e,
            };
            let verdict = retry::verdict(&error);
            match (verdict, lease) {
                (Verdict::InvalidToken, Some((which, lease))) if !token_retried => {
                    token_retried = true;
                    let errcode = match &error {
                        Error::Api(e) => e.errcode,
                        _ => 0,
                    };
                    self.event(DriverEvent::TokenRejected {
                        token: match which {
                            Which::Component => TokenKind::Component,
                            Which::Authorizer(_) => TokenKind::Authorizer,
                        },
                        authorizer_appid: match &which {
                            Which::Component => None,
                            Which::Authorizer(a) => Some(a.clone()),
                        },
                        operation: op.name(),
                        errcode,
                    })
                    .await?;
                    Box::pin(self.invalidate(&which, &lease)).await?;
                    avoid = Some(lease.token);
                    continue;
                }
                (Verdict::RateLimited, _) if safety.retry_safe() && !rate_waited => {
                    let delay = retry::until_next_minute(&mut self.rng, self.io.now());
                    if delay <= policy.rate_limit_max_wait_ms {
                        rate_waited = true;
                        self.retry_event(op.name(), retries + 1, delay, &error)
                            .await?;
                        self.io.sleep(delay).await?;
                        continue;
                    }
                }
                (Verdict::Transient, _) if safety.retry_safe() && retries < policy.max_retries => {
                    retries += 1;
                    let delay = retry::backoff(
                        &mut self.rng,
                        policy.backoff_base_ms,
                        policy.backoff_max_ms,
                        retries,
                    );
                    self.retry_event(op.name(), retries, delay, &error).await?;
                    self.io.sleep(delay).await?;
                    continue;
                }
                _ => {}
            }
            if matches!(verdict, Verdict::Transient | Verdict::RateLimited) {
                self.fail(op.name(), &error).await?;
            }
            return Err(error);
        }
    }

    async fn retry_event(
        &self,
        operation: &'static str,
        attempt: u32,
        delay_ms: u64,
        error: &Error,
    ) -> Result<()> {
        self.event(DriverEvent::Retry {
            operation,
            attempt,
            delay_ms,
            reason: FailureReason::of(error),
        })
        .await
    }

    async fn token_for(
        &mut self,
        target: &Target,
        avoid: Option<&Secret>,
    ) -> Result<(AnyToken, Option<(Which, Lease)>)> {
        match target {
            Target::None => Ok((AnyToken::None, None)),
            Target::Component => {
                let lease = self.component_token(avoid).await?;
                let token = ComponentAccessToken::new(lease.token.expose())?;
                Ok((AnyToken::Component(token), Some((Which::Component, lease))))
            }
            Target::Authorizer(appid) => {
                let lease = self.authorizer_token(appid, avoid).await?;
                let token = AuthorizerAccessToken::new(appid.as_str(), lease.token.expose())?;
                Ok((
                    AnyToken::Authorizer(token),
                    Some((Which::Authorizer(appid.clone()), lease)),
                ))
            }
        }
    }

    /// Keeps two sends of the same request at least `reuse_oa_gap_ms` apart, across
    /// processes: WeChat answers 61058 to a retry within 5 s while the first still runs.
    async fn space_resends(&mut self, operation: &str, request: &Request) -> Result<()> {
        let gap = self.shared.config.policy.reuse_oa_gap_ms;
        let key = self.shared.keys.sent(operation, &request.body);
        if let Some(text) = self.io.get(key.clone()).await? {
            if let Ok(previous) = keys::decode::<SentRecord>(&key, &text) {
                let elapsed = self.io.now().saturating_sub(previous.sent_at_ms);
                if elapsed < gap {
                    self.io.sleep(gap - elapsed).await?;
                }
            }
        }
        let record = SentRecord {
            v: RECORD_VERSION,
            sent_at_ms: self.io.now(),
        };
        let ttl = gap.saturating_mul(2).max(60_000);
        self.io.put(key, keys::encode(&record)?, Some(ttl)).await
    }
}
