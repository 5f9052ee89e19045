//! API quotas (spec §15.2–§15.4): read an API's daily quota and reset an account's daily
//! counters.
//!
//! | Name | Spec | Token | Path |
//! |---|---|---|---|
//! | `quota.get` | §15.2 | component | `/cgi-bin/openapi/quota/get` |
//! | `quota.get_authorizer` | §15.2 | authorizer | `/cgi-bin/openapi/quota/get` |
//! | `quota.clear` | §15.3 | component | `/cgi-bin/clear_quota` |
//! | `quota.clear_authorizer` | §15.3 | authorizer | `/cgi-bin/clear_quota` |
//! | `quota.clear_v2` | §15.4 | none (AppSecret in the body) | `/cgi-bin/component/clear_quota/v2` |
//!
//! Every reset consumes one of the account's **10 resets per month** (v1 and v2 share the
//! budget), so the resets are never re-sent automatically. `quota.clear_v2` is the way out when
//! 45009 blocks `api_component_token` itself (no component token can be had then).
//! Tokens go as `access_token=…` (spec §0.2, "everything else").

use serde::{Deserialize, Serialize};

use super::validate::{id, optional_id, secret};
use super::{ApiBase, Operation, same_account};
use crate::error::{Error, Result};
use crate::http::Request;
use crate::secret::Secret;
use crate::token::{AuthorizerAccessToken, ComponentAccessToken, NoToken};
use crate::wire::{Ack, de_lenient_i64, json_body};

/// `POST /cgi-bin/openapi/quota/get` with the component token (spec §15.2): the daily quota of
/// one of the platform's own APIs, e.g. `/cgi-bin/component/api_component_token`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GetQuota {
    /// The API path: leading `/`, no host, no query (required).
    #[serde(default)]
    pub cgi_path: String,
}

/// `POST /cgi-bin/openapi/quota/get` with an authorizer token (spec §15.2): the daily quota of
/// one of the authorizer's APIs (calls made with its token count against its own quota).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GetAuthorizerQuota {
    /// The API path: leading `/`, no host, no query (required).
    #[serde(default)]
    pub cgi_path: String,
}

/// `POST /cgi-bin/clear_quota` with the component token (spec §15.3): reset the platform's own
/// daily API counters. Uses one of the 10 monthly resets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClearQuota {
    /// The platform's component appid (required; a platform driver fills it in).
    #[serde(default)]
    pub appid: String,
}

/// `POST /cgi-bin/clear_quota` with an authorizer token (spec §15.3): reset that authorizer's
/// daily API counters. Uses one of its 10 monthly resets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClearAuthorizerQuota {
    /// The authorizer (defaults to the token's account; if given it must be that account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
}

/// `POST /cgi-bin/component/clear_quota/v2` (spec §15.4, no token): reset daily counters with
/// the platform AppSecret — the platform's own (including `api_component_token`) when `appid`
/// is omitted, or an authorizer's when given. Shares the 10 monthly resets with v1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClearQuotaV2 {
    /// The platform appid (required; a platform driver fills it in).
    #[serde(default)]
    pub component_appid: String,
    /// The platform AppSecret (required; a platform driver fills it in).
    #[serde(default)]
    pub appsecret: Secret,
    /// An authorizer whose quota to reset; omit it for the platform's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
}

/// The payload of `quota.get` and `quota.get_authorizer` (spec §15.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiQuota {
    /// The daily quota.
    pub quota: Quota,
    /// The window limit of the account's own calls, where the response carries one.
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// The window limit of calls made on the account's behalf, where the response carries one.
    #[serde(default)]
    pub component_rate_limit: Option<RateLimit>,
}

/// `quota` of [`ApiQuota`]: counts for the current day (may be off by ~1 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quota {
    /// Calls allowed per day.
    #[serde(deserialize_with = "de_lenient_i64")]
    pub daily_limit: i64,
    /// Calls made today.
    #[serde(deserialize_with = "de_lenient_i64")]
    pub used: i64,
    /// Calls left today.
    #[serde(deserialize_with = "de_lenient_i64")]
    pub remain: i64,
}

/// A window limit: `call_count` calls per `refresh_second` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RateLimit {
    /// Calls allowed per window.
    #[serde(deserialize_with = "de_lenient_i64")]
    pub call_count: i64,
    /// The window, in seconds.
    #[serde(deserialize_with = "de_lenient_i64")]
    pub refresh_second: i64,
}

/// `cgi_path` must be a path: a leading `/`, no scheme or host, no query or fragment, no
/// whitespace (WeChat answers 76003 otherwise).
fn cgi_path(value: &str) -> Result<()> {
    id("cgi_path", value)?;
    if !value.starts_with('/') || value.starts_with("//") || value.contains(['?', '#']) {
        return Err(Error::invalid(
            "cgi_path",
            "must be an API path such as /cgi-bin/component/api_component_token: a leading /, no host, no query",
        ));
    }
    Ok(())
}

fn post(
    op: &'static str,
    path: &str,
    token: &str,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(path, Some(("access_token", token)), &[]);
    Ok(Request::post_json(url, json_body(op, body)?))
}

const QUOTA_GET: &str = "/cgi-bin/openapi/quota/get";
const CLEAR: &str = "/cgi-bin/clear_quota";

impl Operation for GetQuota {
    const NAME: &'static str = "quota.get";
    type Token = ComponentAccessToken;
    type Output = ApiQuota;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        cgi_path(&self.cgi_path)?;
        post(Self::NAME, QUOTA_GET, token.expose(), base, self)
    }
}

impl Operation for GetAuthorizerQuota {
    const NAME: &'static str = "quota.get_authorizer";
    type Token = AuthorizerAccessToken;
    type Output = ApiQuota;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        cgi_path(&self.cgi_path)?;
        post(Self::NAME, QUOTA_GET, token.expose(), base, self)
    }
}

impl Operation for ClearQuota {
    const NAME: &'static str = "quota.clear";
    type Token = ComponentAccessToken;
    type Output = Ack;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("appid", &self.appid)?;
        post(Self::NAME, CLEAR, token.expose(), base, self)
    }

    fn fill_platform(&mut self, platform: &super::PlatformIdentity<'_>) -> Result<()> {
        super::fill_appid("appid", &mut self.appid, platform.component_appid)
    }
}

impl Operation for ClearAuthorizerQuota {
    const NAME: &'static str = "quota.clear_authorizer";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        #[derive(Serialize)]
        struct Body<'a> {
            appid: &'a str,
        }
        let body = Body {
            appid: self.appid.as_deref().unwrap_or(token.appid()),
        };
        post(Self::NAME, CLEAR, token.expose(), base, &body)
    }
}

impl Operation for ClearQuotaV2 {
    const NAME: &'static str = "quota.clear_v2";
    type Token = NoToken;
    type Output = Ack;

    fn build(&self, _token: &NoToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        secret("appsecret", &self.appsecret)?;
        optional_id("appid", self.appid.as_deref())?;
        let url = base.url("/cgi-bin/component/clear_quota/v2", None, &[]);
        Ok(Request::post_json(url, json_body(Self::NAME, self)?))
    }

    fn fill_platform(&mut self, platform: &super::PlatformIdentity<'_>) -> Result<()> {
        super::fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )?;
        super::fill_secret("appsecret", &mut self.appsecret, platform.appsecret)
    }
}
