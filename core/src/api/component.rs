//! Credentials and authorization (spec §1): start the ticket push, get the component access
//! token, create a pre-auth code, exchange an authorization code, refresh an authorizer token
//! and read an authorizer's profile.
//!
//! `component.start_push_ticket` and `component.api_component_token` take no token; the rest
//! take the component access token, sent as `component_access_token=…` (spec §0.2, legacy
//! component endpoints). Every body carries `component_appid`, since the component token does
//! not say which platform it belongs to.
//!
//! Credentials in inputs and outputs are [`Secret`]s: `Debug` prints `Secret(***)`, and the
//! JSON form (what the bindings return) carries the raw value.

use serde::{Deserialize, Serialize};

use super::validate::{id, secret};
use super::{ApiBase, Operation, PlatformIdentity, fill_appid, fill_secret};
use crate::error::Result;
use crate::http::Request;
use crate::secret::Secret;
use crate::token::{ComponentAccessToken, NoToken};
use crate::wire::{Ack, Extra, de_lenient_i64, de_lenient_opt_bool, de_lenient_opt_i64, json_body};

/// `POST /cgi-bin/component/api_start_push_ticket` (spec §1.2, no token): ask WeChat to push a
/// fresh `component_verify_ticket` now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StartPushTicket {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// The platform AppSecret (required).
    #[serde(default)]
    pub component_secret: Secret,
}

/// `POST /cgi-bin/component/api_component_token` (spec §1.3, no token): get the component
/// access token (valid `expires_in` = 7200 s).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ComponentToken {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// The platform AppSecret (required).
    #[serde(default)]
    pub component_appsecret: Secret,
    /// The latest pushed `component_verify_ticket` (required).
    #[serde(default)]
    pub component_verify_ticket: Secret,
}

/// `POST /cgi-bin/component/api_create_preauthcode` (spec §1.4): a single-use pre-auth code for
/// the authorization pages (§1.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePreAuthCode {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
}

/// `POST /cgi-bin/component/api_query_auth` (spec §1.6): exchange an authorization code
/// (`auth_code` of the redirect, `AuthorizationCode` of the push, or `authorization_code` of
/// §3.2) for the authorizer's tokens and granted permission sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryAuth {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// The authorization code, single-use (required).
    #[serde(default)]
    pub authorization_code: Secret,
}

/// `POST /cgi-bin/component/api_authorizer_token` (spec §1.7): refresh an authorizer access
/// token. Persist the refresh token the response returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshAuthorizerToken {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// The authorizer account's appid (required).
    #[serde(default)]
    pub authorizer_appid: String,
    /// The latest `authorizer_refresh_token` (required).
    #[serde(default)]
    pub authorizer_refresh_token: Secret,
}

/// `POST /cgi-bin/component/api_get_authorizer_info` (spec §1.8): an authorizer's profile and
/// granted permission sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GetAuthorizerInfo {
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// The authorizer account's appid (required).
    #[serde(default)]
    pub authorizer_appid: String,
}

/// The payload of `component.api_component_token` (spec §1.3). Both fields are required: a
/// response without them is a [`crate::Error::Decode`] naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComponentTokenGrant {
    /// The component access token.
    pub component_access_token: Secret,
    /// Lifetime in seconds (7200).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub expires_in: i64,
    /// Fields this version does not model, as WeChat sent them.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `component.preauthcode` (spec §1.4). Both fields are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreAuthCode {
    /// The single-use pre-auth code.
    pub pre_auth_code: Secret,
    /// Lifetime in seconds (1800 per current docs; the response is authoritative).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub expires_in: i64,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `component.query_auth` (spec §1.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QueryAuthResult {
    /// The authorizer's tokens and granted permission sets (required).
    pub authorization_info: Authorization,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `authorization_info` of `component.query_auth` (spec §1.6). The appid, both tokens and
/// `expires_in` are required (they are what the exchange is for); `func_info` is `None` when
/// absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Authorization {
    /// The authorizer account's appid.
    pub authorizer_appid: String,
    /// Its access token.
    pub authorizer_access_token: Secret,
    /// Lifetime of the access token in seconds (7200).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub expires_in: i64,
    /// The long-lived refresh token; persist it.
    pub authorizer_refresh_token: Secret,
    /// Granted permission sets.
    #[serde(default)]
    pub func_info: Option<Vec<FuncInfo>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One granted permission set (spec §1.6 `func_info[]`). Unmodelled fields such as
/// `confirm_info` are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FuncInfo {
    /// The permission set (required).
    pub funcscope_category: FuncscopeCategory,
    /// Fields this version does not model (e.g. `confirm_info`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `funcscope_category` of a granted permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FuncscopeCategory {
    /// The permission-set id (required).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub id: i64,
    /// Its type, where newer responses carry one.
    #[serde(rename = "type", default, deserialize_with = "de_lenient_opt_i64")]
    pub kind: Option<i64>,
    /// Its name, where newer responses carry one.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description, where newer responses carry one.
    #[serde(default)]
    pub desc: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `component.authorizer_token` (spec §1.7). All three fields are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthorizerTokenGrant {
    /// The new authorizer access token.
    pub authorizer_access_token: Secret,
    /// Lifetime in seconds (7200).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub expires_in: i64,
    /// The refresh token to use next time; persist it.
    pub authorizer_refresh_token: Secret,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `component.authorizer_info` (spec §1.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthorizerInfoResult {
    /// The account's profile (required).
    pub authorizer_info: AuthorizerInfo,
    /// The authorization (refresh token and permission sets), when present.
    #[serde(default)]
    pub authorization_info: Option<AuthorizerAuthorization>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `authorizer_info` (spec §1.8). Every field is `None` when absent (the fields present
/// depend on the account type); unmodelled ones (`idc`, …) are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthorizerInfo {
    /// Nickname.
    #[serde(default)]
    pub nick_name: Option<String>,
    /// Avatar URL.
    #[serde(default)]
    pub head_img: Option<String>,
    /// Account type (`id`).
    #[serde(default)]
    pub service_type_info: Option<IdInfo>,
    /// Verification type (`id`).
    #[serde(default)]
    pub verify_type_info: Option<IdInfo>,
    /// Original id (`gh_…`).
    #[serde(default)]
    pub user_name: Option<String>,
    /// Subject name.
    #[serde(default)]
    pub principal_name: Option<String>,
    /// WeChat alias.
    #[serde(default)]
    pub alias: Option<String>,
    /// QR code URL.
    #[serde(default)]
    pub qrcode_url: Option<String>,
    /// Signature / description.
    #[serde(default)]
    pub signature: Option<String>,
    /// Feature switches (0/1).
    #[serde(default)]
    pub business_info: Option<BusinessInfo>,
    /// 1 normal, 14 cancelled, 16 banned, 18 warned, 19 frozen.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub account_status: Option<i64>,
    /// How the account was registered (0 normal, 2 reuse-OA, 6 enterprise API, 13 beta API, 16
    /// personal API, 19 beta→formal, …).
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub register_type: Option<i64>,
    /// Whether phone and email are configured.
    #[serde(default)]
    pub basic_config: Option<BasicConfig>,
    /// Present only for mini programs.
    #[serde(rename = "MiniProgramInfo", default)]
    pub mini_program_info: Option<MiniProgramInfo>,
    /// Fields this version does not model (e.g. `idc`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An `{id}` object (`service_type_info`, `verify_type_info`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdInfo {
    /// The id (required).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub id: i64,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `business_info` switches (0/1), each `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BusinessInfo {
    /// Stores.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub open_store: Option<i64>,
    /// Scan.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub open_scan: Option<i64>,
    /// Payment.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub open_pay: Option<i64>,
    /// Cards.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub open_card: Option<i64>,
    /// Shake.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub open_shake: Option<i64>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `basic_config`, each `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BasicConfig {
    /// Whether a phone number is configured.
    #[serde(default, deserialize_with = "de_lenient_opt_bool")]
    pub is_phone_configured: Option<bool>,
    /// Whether an email is configured.
    #[serde(default, deserialize_with = "de_lenient_opt_bool")]
    pub is_email_configured: Option<bool>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `MiniProgramInfo` (spec §1.8), mini programs only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MiniProgramInfo {
    /// Configured server domains.
    #[serde(default)]
    pub network: Option<Network>,
    /// Categories (names).
    #[serde(default)]
    pub categories: Option<Vec<MiniProgramCategory>>,
    /// Visit status.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub visit_status: Option<i64>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `MiniProgramInfo.network`: domain lists, wire names kept, each `None` when absent. Newer
/// lists (`TCPDomain`, `PrefetchDNSDomain`, `NewRequestDomain`, …) are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Network {
    /// `RequestDomain`.
    #[serde(rename = "RequestDomain", default)]
    pub request_domain: Option<Vec<String>>,
    /// `WsRequestDomain`.
    #[serde(rename = "WsRequestDomain", default)]
    pub ws_request_domain: Option<Vec<String>>,
    /// `UploadDomain`.
    #[serde(rename = "UploadDomain", default)]
    pub upload_domain: Option<Vec<String>>,
    /// `DownloadDomain`.
    #[serde(rename = "DownloadDomain", default)]
    pub download_domain: Option<Vec<String>>,
    /// `BizDomain`.
    #[serde(rename = "BizDomain", default)]
    pub biz_domain: Option<Vec<String>>,
    /// `UDPDomain`.
    #[serde(rename = "UDPDomain", default)]
    pub udp_domain: Option<Vec<String>>,
    /// Lists this version does not model (`TCPDomain`, `PrefetchDNSDomain`, `New*Domain`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A mini-program category (`first`/`second` names, `None` when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MiniProgramCategory {
    /// First-level category.
    #[serde(default)]
    pub first: Option<String>,
    /// Second-level category.
    #[serde(default)]
    pub second: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `authorization_info` of `component.authorizer_info` (spec §1.8). Every field is `None`
/// when absent (old responses name the appid `appid`, kept in `extra`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthorizerAuthorization {
    /// The authorizer account's appid.
    #[serde(default)]
    pub authorizer_appid: Option<String>,
    /// The refresh token, when present.
    #[serde(default)]
    pub authorizer_refresh_token: Option<Secret>,
    /// Granted permission sets.
    #[serde(default)]
    pub func_info: Option<Vec<FuncInfo>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST {api}{path}?component_access_token=…` (spec §0.2: legacy component endpoint).
fn post_cat(
    op: &'static str,
    path: &str,
    token: &ComponentAccessToken,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(path, Some(("component_access_token", token.expose())), &[]);
    Ok(Request::post_json(url, json_body(op, body)?))
}

impl Operation for StartPushTicket {
    const NAME: &'static str = "component.start_push_ticket";
    type Token = NoToken;
    type Output = Ack;

    fn build(&self, _token: &NoToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        secret("component_secret", &self.component_secret)?;
        let url = base.url("/cgi-bin/component/api_start_push_ticket", None, &[]);
        Ok(Request::post_json(url, json_body(Self::NAME, self)?))
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )?;
        fill_secret(
            "component_secret",
            &mut self.component_secret,
            platform.appsecret,
        )
    }
}

impl Operation for ComponentToken {
    const NAME: &'static str = "component.api_component_token";
    type Token = NoToken;
    type Output = ComponentTokenGrant;

    fn build(&self, _token: &NoToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        secret("component_appsecret", &self.component_appsecret)?;
        secret("component_verify_ticket", &self.component_verify_ticket)?;
        let url = base.url("/cgi-bin/component/api_component_token", None, &[]);
        Ok(Request::post_json(url, json_body(Self::NAME, self)?))
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )?;
        fill_secret(
            "component_appsecret",
            &mut self.component_appsecret,
            platform.appsecret,
        )
    }
}

impl Operation for CreatePreAuthCode {
    const NAME: &'static str = "component.preauthcode";
    type Token = ComponentAccessToken;
    type Output = PreAuthCode;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        post_cat(
            Self::NAME,
            "/cgi-bin/component/api_create_preauthcode",
            token,
            base,
            self,
        )
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )
    }
}

impl Operation for QueryAuth {
    const NAME: &'static str = "component.query_auth";
    type Token = ComponentAccessToken;
    type Output = QueryAuthResult;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        secret("authorization_code", &self.authorization_code)?;
        post_cat(
            Self::NAME,
            "/cgi-bin/component/api_query_auth",
            token,
            base,
            self,
        )
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )
    }
}

impl Operation for RefreshAuthorizerToken {
    const NAME: &'static str = "component.authorizer_token";
    type Token = ComponentAccessToken;
    type Output = AuthorizerTokenGrant;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        id("authorizer_appid", &self.authorizer_appid)?;
        secret("authorizer_refresh_token", &self.authorizer_refresh_token)?;
        post_cat(
            Self::NAME,
            "/cgi-bin/component/api_authorizer_token",
            token,
            base,
            self,
        )
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )
    }
}

impl Operation for GetAuthorizerInfo {
    const NAME: &'static str = "component.authorizer_info";
    type Token = ComponentAccessToken;
    type Output = AuthorizerInfoResult;

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("component_appid", &self.component_appid)?;
        id("authorizer_appid", &self.authorizer_appid)?;
        post_cat(
            Self::NAME,
            "/cgi-bin/component/api_get_authorizer_info",
            token,
            base,
            self,
        )
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        fill_appid(
            "component_appid",
            &mut self.component_appid,
            platform.component_appid,
        )
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::http::Response;

    #[test]
    fn debug_hides_secrets_in_inputs_and_outputs() {
        let op = ComponentToken {
            component_appid: "wxcomponent".into(),
            component_appsecret: "SECRET_APPSECRET".into(),
            component_verify_ticket: "SECRET_TICKET".into(),
        };
        let shown = format!("{op:?}");
        assert!(!shown.contains("SECRET_"), "{shown}");
        let grant = op
            .parse(&Response::new(
                200,
                r#"{"component_access_token":"SECRET_CAT","expires_in":"7200"}"#,
            ))
            .expect("parses");
        assert!(!format!("{grant:?}").contains("SECRET_"));
        assert_eq!(grant.component_access_token.expose(), "SECRET_CAT");
        assert_eq!(grant.expires_in, 7200);
    }
}
