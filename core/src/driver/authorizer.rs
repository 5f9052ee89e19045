//! Authorizer tokens: refresh through `api_authorizer_token` with the stored refresh token
//! (the new access and refresh token written in one record), and the marks 61023/61003 leave.

use super::event::DriverEvent;
use super::keys::{self, AuthorizerRecord, AuthorizerStatus, RECORD_VERSION};
use super::retry;
use super::step::HttpOutcome;
use super::tokens::{Ctx, Lease, Which, serves_stale};
use crate::api::Operation;
use crate::api::component::RefreshAuthorizerToken;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::token::{ComponentAccessToken, TokenKind};

impl Ctx {
    pub(super) async fn refresh_authorizer(
        &mut self,
        appid: &str,
        raw: Option<String>,
        stale: Option<Lease>,
    ) -> Result<Lease> {
        let which = Which::Authorizer(appid.to_owned());
        let key = self.key(&which);
        let Some(raw_text) = raw.clone() else {
            return Err(Error::UnknownAuthorizer {
                authorizer_appid: appid.to_owned(),
            });
        };
        let record: AuthorizerRecord = keys::decode(&key, &raw_text)?;
        let Some(refresh_token) = record.refresh_token.clone().filter(|t| !t.is_empty()) else {
            return Err(Error::NeedsReauthorization {
                authorizer_appid: appid.to_owned(),
            });
        };
        let mut cat_avoid: Option<Secret> = None;
        let mut attempt = 0;
        loop {
            // Boxed: component_token → token → refresh is the same machinery one level down.
            let cat = self.component_token_boxed(cat_avoid.as_ref()).await?;
            let op = RefreshAuthorizerToken {
                component_appid: self.shared.config.component_appid.clone(),
                authorizer_appid: appid.to_owned(),
                authorizer_refresh_token: refresh_token.clone(),
            };
            let token = ComponentAccessToken::new(cat.token.expose())?;
            let request = op.build(&token, &self.shared.config.api_base)?;
            let result = match self.io.http(request).await? {
                HttpOutcome::Response(r) => op.parse(&r),
                HttpOutcome::Transport(detail) => Err(Error::Transport { detail }),
            };
            let error = match result {
                Ok(grant) => {
                    let now = self.io.now();
                    let rotated = grant.authorizer_refresh_token != refresh_token;
                    let lifetime = u64::try_from(grant.expires_in).unwrap_or(0) * 1000;
                    let updated = AuthorizerRecord {
                        v: RECORD_VERSION,
                        authorizer_appid: appid.to_owned(),
                        status: AuthorizerStatus::Authorized,
                        access_token: Some(grant.authorizer_access_token.clone()),
                        expires_at_ms: now + lifetime,
                        refresh_token: Some(grant.authorizer_refresh_token),
                        func_info: record.func_info.clone(),
                        updated_at_ms: now,
                        authorized_at_ms: record.authorized_at_ms,
                    };
                    self.clear_refresh_failures(&which);
                    self.event(DriverEvent::AuthorizerTokenRefreshed {
                        authorizer_appid: appid.to_owned(),
                        expires_at_ms: updated.expires_at_ms,
                        refresh_token_rotated: rotated,
                    })
                    .await?;
                    return self
                        .store_token(
                            &which,
                            raw,
                            &updated,
                            grant.authorizer_access_token,
                            updated.expires_at_ms,
                            None,
                        )
                        .await;
                }
                Err(e) => e,
            };
            if let Error::Api(api) = &error {
                if retry::INVALID_TOKEN.contains(&api.errcode) && cat_avoid.is_none() {
                    // The component token was refused: drop it (if still the stored one),
                    // mint or reuse another, and retry this refresh once.
                    self.event(DriverEvent::TokenRejected {
                        token: TokenKind::Component,
                        authorizer_appid: None,
                        operation: RefreshAuthorizerToken::NAME,
                        errcode: api.errcode,
                    })
                    .await?;
                    self.invalidate(&Which::Component, &cat).await?;
                    cat_avoid = Some(cat.token);
                    continue;
                }
                if api.errcode == 61023 || api.errcode == 61003 {
                    let marked = self
                        .mark_authorizer(appid, &refresh_token, api.errcode)
                        .await?;
                    // 61023 leaves the access token valid until it expires: keep serving it.
                    return match stale {
                        Some(lease)
                            if api.errcode == 61023 && self.io.now() < lease.expires_at_ms =>
                        {
                            Ok(lease)
                        }
                        _ => Err(marked),
                    };
                }
            }
            match self
                .after_refresh_failure(
                    &which,
                    &error,
                    stale.as_ref(),
                    attempt,
                    RefreshAuthorizerToken::NAME,
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

    /// 61023 → needs re-authorization; 61003 → revoked (tokens dropped). Marks the record
    /// only while it still holds the refresh token that failed (a newer one written meanwhile
    /// by a re-authorization wins). Returns the typed error to raise.
    async fn mark_authorizer(
        &mut self,
        appid: &str,
        used_refresh_token: &Secret,
        errcode: i64,
    ) -> Result<Error> {
        let which = Which::Authorizer(appid.to_owned());
        let key = self.key(&which);
        let revoked = errcode == 61003;
        for _ in 0..3 {
            let Some(raw) = self.io.get(key.clone()).await? else {
                break;
            };
            let mut record: AuthorizerRecord = keys::decode(&key, &raw)?;
            if record.refresh_token.as_ref() != Some(used_refresh_token) {
                break;
            }
            record.updated_at_ms = self.io.now();
            if revoked {
                record.status = AuthorizerStatus::Revoked;
                record.access_token = None;
                record.refresh_token = None;
                record.expires_at_ms = 0;
            } else {
                record.status = AuthorizerStatus::NeedsReauthorization;
            }
            let text = keys::encode(&record)?;
            if self
                .io
                .compare_and_set(key.clone(), Some(raw), Some(text), None)
                .await?
            {
                break;
            }
        }
        if revoked {
            self.forget(&which, None);
        }
        let authorizer_appid = appid.to_owned();
        let (event, error) = if revoked {
            (
                DriverEvent::AuthorizerRevoked {
                    authorizer_appid: authorizer_appid.clone(),
                    reason: "errcode_61003",
                },
                Error::AuthorizerRevoked { authorizer_appid },
            )
        } else {
            (
                DriverEvent::AuthorizerNeedsReauthorization {
                    authorizer_appid: authorizer_appid.clone(),
                },
                Error::NeedsReauthorization { authorizer_appid },
            )
        };
        self.event(event).await?;
        Ok(error)
    }
}
