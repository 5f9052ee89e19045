//! Spec §15: daily quotas (45009) and per-minute limits (45011) per account and API path,
//! `getApiQuota`, and `clear_quota` v1 (token) and v2 (secret), which share a budget of
//! resets per account per month (48006).
//!
//! Calls made with a component token, or by a platform without a token, count against the
//! platform; calls made with an authorizer token count against the authorizer (§15.1). Days
//! and months are China time. A refused call is not counted.

use std::collections::HashMap;

use serde_json::json;

use super::api::{Auth, route};
use super::{Body, Fail, Outcome, Owner, World};
use crate::clock::{day_of, minute_of, month_of};

/// Counters.
#[derive(Debug, Default)]
pub struct Quota {
    daily: HashMap<(String, String), (i64, u64)>,
    minute: HashMap<(String, String), (i64, u64)>,
    clears: HashMap<String, (i64, u32)>,
}

impl World {
    /// The daily limit of `path`.
    pub fn daily_limit(&self, path: &str) -> u64 {
        let limits = &self.config.limits;
        limits
            .daily
            .get(path)
            .copied()
            .unwrap_or(limits.daily_default)
    }

    /// Counts one call of `path` by `account`: 45009 when the day's quota is used up, 45011
    /// when the minute's is.
    pub fn consume(&mut self, account: &str, path: &str) -> Result<(), Fail> {
        let now = self.now();
        let (day, minute) = (day_of(now), minute_of(now));
        let daily_limit = self.daily_limit(path);
        let minute_limit = self.config.limits.per_minute.get(path).copied();
        let key = (account.to_owned(), path.to_owned());
        let used_today = match self.quota.daily.get(&key) {
            Some(&(d, used)) if d == day => used,
            _ => 0,
        };
        if used_today >= daily_limit {
            return Err(Fail::code(45009));
        }
        let used_minute = match self.quota.minute.get(&key) {
            Some(&(m, used)) if m == minute => used,
            _ => 0,
        };
        if let Some(limit) = minute_limit {
            if used_minute >= limit {
                return Err(Fail::code(45011));
            }
            self.quota
                .minute
                .insert(key.clone(), (minute, used_minute + 1));
        }
        self.quota.daily.insert(key, (day, used_today + 1));
        Ok(())
    }

    fn used_today(&self, account: &str, path: &str) -> u64 {
        let day = day_of(self.now());
        match self.quota.daily.get(&(account.to_owned(), path.to_owned())) {
            Some(&(d, used)) if d == day => used,
            _ => 0,
        }
    }

    /// `POST /cgi-bin/openapi/quota/get` (§15.2).
    pub fn api_quota_get(&mut self, caller: &Owner, body: &Body) -> Outcome {
        let path = body.need("cgi_path", 76003)?;
        if !path.starts_with('/') || path.contains("://") || path.contains('?') {
            return Err(Fail::with(76003, "cgi_path is a path with a leading /"));
        }
        if path.contains("/sns/") {
            return Err(Fail::code(76022));
        }
        let Some(r) = route(&path) else {
            return Err(Fail::code(76021));
        };
        let account = match (caller, r.auth) {
            (Owner::Component(c), Auth::None | Auth::Component | Auth::Either) => c.clone(),
            (Owner::Authorizer { appid, .. }, Auth::Authorizer | Auth::Either) => appid.clone(),
            _ => return Err(Fail::with(76022, "this token kind cannot read that path")),
        };
        let limit = self.daily_limit(&path);
        let used = self.used_today(&account, &path);
        let mut answer = json!({
            "errcode": 0,
            "errmsg": "ok",
            "quota": {"daily_limit": limit, "used": used, "remain": limit.saturating_sub(used)},
        });
        if let (Some(per_minute), Some(obj)) = (
            self.config.limits.per_minute.get(&path).copied(),
            answer.as_object_mut(),
        ) {
            obj.insert(
                "rate_limit".into(),
                json!({"call_count": per_minute, "refresh_second": 60}),
            );
        }
        Ok(answer)
    }

    /// `POST /cgi-bin/clear_quota` (§15.3): the token's own account only.
    pub fn clear_quota_v1(&mut self, caller: &Owner, body: &Body) -> Outcome {
        let appid = body.need("appid", 41002)?;
        let own = match caller {
            Owner::Component(c) => c,
            Owner::Authorizer { appid, .. } => appid,
        };
        if *own != appid {
            return Err(Fail::with(40013, "appid is not the token's account"));
        }
        self.clear(&appid)
    }

    /// `POST /cgi-bin/component/clear_quota/v2` (§15.4): the platform's own quota, or with
    /// `appid` that of one of its authorizers.
    pub fn clear_quota_v2(&mut self, body: &Body) -> Outcome {
        let component = self.platform_by_secret(body, "appsecret")?;
        let target = match body.text("appid")? {
            None => component,
            Some(a) if a == component => component,
            Some(a) if self.authorization(&component, &a).is_some() => a,
            Some(_) => return Err(Fail::with(40013, "appid is not an authorizer")),
        };
        self.clear(&target)
    }

    fn clear(&mut self, account: &str) -> Outcome {
        let month = month_of(self.now());
        let limit = self.config.limits.clear_per_month;
        let used = match self.quota.clears.get(account) {
            Some(&(m, n)) if m == month => n,
            _ => 0,
        };
        if used >= limit {
            return Err(Fail::code(48006));
        }
        self.quota
            .clears
            .insert(account.to_owned(), (month, used + 1));
        // Daily counts only: per-minute limits are rate limits, not quota.
        self.quota.daily.retain(|(a, _), _| a != account);
        self.note(format!("quota cleared for {account}"));
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }
}
