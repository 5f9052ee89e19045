//! Fast registration of mini programs (spec §3), current flows.
//!
//! | Name | Spec | Token | Path |
//! |---|---|---|---|
//! | `register.enterprise` | §3.0 | component (`access_token=`) | `/wxa/component/fastregisterenterpriseweapp` |
//! | `register.reuse_oa` | §3.2 | authorizer (the official account) | `/cgi-bin/account/fastregister` |
//! | `register.personal` | §3.3 | component (`component_access_token=`) | `/wxa/component/fastregisterpersonalweapp?action=create` |
//! | `register.personal_query` | §3.3 | component (`component_access_token=`) | `/wxa/component/fastregisterpersonalweapp?action=query` |
//! | `register.beta` | §3.4 | component (`access_token=`) | `/wxa/component/fastregisterbetaweapp` |
//! | `register.beta_verify` | §3.5 | authorizer (the beta app) | `/wxa/verifybetaweapp` |
//! | `register.beta_rename` | §3.6 | authorizer (the beta app) | `/wxa/setbetaweappnickname` |
//!
//! The legacy enterprise flow (§3.1) is in [`super::register_legacy`]. The reuse-OA page
//! (§3.2 step 1) is [`super::pages::FastRegisterAuthPage`].

use serde::{Deserialize, Serialize};

use super::fields::CodeType;
use super::validate::{enterprise_code, id, optional_text, present, secret, text, trial_name};
use super::{ApiBase, Operation};
use crate::error::Result;
use crate::http::Request;
use crate::secret::Secret;
use crate::status::TaskStatus;
use crate::token::{AuthorizerAccessToken, ComponentAccessToken};
use crate::wire::{
    Ack, Extra, de_lenient_opt_bool, de_lenient_opt_string, de_lenient_string, json_body,
};

/// `POST /wxa/component/fastregisterenterpriseweapp` (spec §3.0, the 2026 revision and the
/// default enterprise flow): start an enterprise registration. The response's
/// `authorize_url` must be shown to the legal person (no template message any more); the
/// result arrives by the `notify_third_fasteregister` push, correlated by `taskid`.
/// `new_version: true` is always sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterEnterprise {
    /// Enterprise name exactly as registered (required).
    #[serde(default)]
    pub name: String,
    /// Enterprise code; its length must fit `code_type` (required).
    #[serde(default)]
    pub code: String,
    /// Kind of `code`: 1, 2 or 3 (required; number or numeric string).
    #[serde(default)]
    pub code_type: Option<CodeType>,
    /// The legal person's **openid** under the platform (not a WeChat ID) (required).
    #[serde(default)]
    pub legal_persona_openid: String,
    /// The legal person's real name (required).
    #[serde(default)]
    pub legal_persona_name: String,
    /// Platform contact phone (optional).
    #[serde(default)]
    pub component_phone: Option<String>,
}

/// `POST /cgi-bin/account/fastregister` (spec §3.2 step 2, AAT of the official account):
/// register a mini program reusing the OA's subject, with the `ticket` the
/// `page.fastregister_auth` redirect carried. Exchange the returned `authorization_code` with
/// `component.query_auth` at once. A retry while the first call runs answers 61058 even though
/// the app may exist: wait more than 5 s before retrying.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterByReuseOa {
    /// The single-use ticket from the redirect (required).
    #[serde(default)]
    pub ticket: Secret,
}

/// `POST /wxa/component/fastregisterpersonalweapp?action=create` (spec §3.3): start a personal
/// registration; the user opens `authorize_url` within 24 h for ID, face and phone checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterPersonal {
    /// The user's real name (required).
    #[serde(default)]
    pub idname: String,
    /// The user's WeChat ID (required).
    #[serde(default)]
    pub wxuser: String,
    /// Platform contact phone (optional).
    #[serde(default)]
    pub component_phone: Option<String>,
    /// The 2026 flow (§3.0): omitted or true sends `"new_version": true` (the default); false
    /// omits the field, as older clients did.
    #[serde(default, deserialize_with = "super::fields::de_opt_flag")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Flag>"))]
    pub new_version: Option<bool>,
}

/// `POST /wxa/component/fastregisterpersonalweapp?action=query` (spec §3.3): a personal
/// registration task's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QueryPersonal {
    /// The task id from `register.personal` (required).
    #[serde(default)]
    pub taskid: String,
}

/// `POST /wxa/component/fastregisterbetaweapp` (spec §3.4): create a trial (beta) mini program
/// whose admin will be the user behind `openid`. Deliver `authorize_url` to them (valid 24 h);
/// the result arrives by the `notify_third_fastregisterbetaapp` push, correlated by
/// `unique_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterBeta {
    /// 4–30 characters; WeChat appends 的体验小程序 (required).
    #[serde(default)]
    pub name: String,
    /// Any openid the platform holds for the future admin (not a WeChat ID) (required).
    #[serde(default)]
    pub openid: String,
}

/// `POST /wxa/verifybetaweapp` (spec §3.5, AAT of the beta app; permission set 81): turn a
/// trial mini program into a formal one. Rate limit 5/min, 100/day. The result arrives by the
/// `notify_third_fastverifybetaapp` push (status: [`crate::status::EnterpriseStatus`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyBeta {
    /// The enterprise and legal-person data (required).
    #[serde(default)]
    pub verify_info: VerifyInfo,
    /// The 2026 flow flag (§3.0, "where documented"): sent only when given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::fields::de_opt_flag"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Flag>"))]
    pub new_version: Option<bool>,
}

/// `verify_info` of `register.beta_verify` (spec §3.5). Note `enterprise_name`, where §3.1
/// says `name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyInfo {
    /// Enterprise name exactly as registered (required).
    #[serde(default)]
    pub enterprise_name: String,
    /// Enterprise code; its length must fit `code_type` (required).
    #[serde(default)]
    pub code: String,
    /// Kind of `code`: 1, 2 or 3 (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_type: Option<CodeType>,
    /// The legal person's WeChat ID (required).
    #[serde(default)]
    pub legal_persona_wechat: String,
    /// The legal person's real name (required).
    #[serde(default)]
    pub legal_persona_name: String,
    /// The legal person's ID-card number (required).
    #[serde(default)]
    pub legal_persona_idcard: String,
    /// Platform contact phone (required here, unlike §3.1).
    #[serde(default)]
    pub component_phone: String,
}

/// `POST /wxa/setbetaweappnickname` (spec §3.6, AAT of the beta app): rename a trial mini
/// program before it becomes formal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RenameBeta {
    /// 4–30 characters (required).
    #[serde(default)]
    pub name: String,
}

/// The payload of `register.enterprise`, `register.personal` and `register.personal_query`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegistrationTask {
    /// The task id; correlates the result push (required).
    #[serde(deserialize_with = "de_lenient_string")]
    pub taskid: String,
    /// The page the person must open within 24 h (`None` if absent).
    #[serde(default, deserialize_with = "de_lenient_opt_string")]
    pub authorize_url: Option<String>,
    /// The task's state (`None` if absent), serialized as the wire integer.
    #[serde(default)]
    pub status: Option<TaskStatus>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `register.reuse_oa` (spec §3.2). The appid and the code are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReuseOaRegistration {
    /// The new mini program's appid.
    pub appid: String,
    /// Exchange it with `component.query_auth` immediately.
    pub authorization_code: Secret,
    /// Whether reusing the OA's verification succeeded (`true` or `"true"` on the wire; `None`
    /// when absent).
    #[serde(default, deserialize_with = "de_lenient_opt_bool")]
    pub is_wx_verify_succ: Option<bool>,
    /// Whether the mini program was linked to the OA (`None` when absent).
    #[serde(default, deserialize_with = "de_lenient_opt_bool")]
    pub is_link_succ: Option<bool>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `register.beta` (spec §3.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BetaRegistration {
    /// Correlates the user with the appid the push delivers later (required).
    #[serde(deserialize_with = "de_lenient_string")]
    pub unique_id: String,
    /// The page to deliver to the user (valid 24 h; `None` if absent).
    #[serde(default, deserialize_with = "de_lenient_opt_string")]
    pub authorize_url: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

fn post_cat(
    op: &'static str,
    path: &str,
    param: &'static str,
    extra: &[(&str, &str)],
    token: &ComponentAccessToken,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(path, Some((param, token.expose())), extra);
    Ok(Request::post_json(url, json_body(op, body)?))
}

fn post_aat(
    op: &'static str,
    path: &str,
    token: &AuthorizerAccessToken,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(path, Some(("access_token", token.expose())), &[]);
    Ok(Request::post_json(url, json_body(op, body)?))
}

#[derive(Serialize)]
struct EnterpriseBody<'a> {
    name: &'a str,
    code: &'a str,
    code_type: CodeType,
    legal_persona_openid: &'a str,
    legal_persona_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    component_phone: Option<&'a str>,
    new_version: bool,
}

impl Operation for RegisterEnterprise {
    const NAME: &'static str = "register.enterprise";
    type Token = ComponentAccessToken;
    type Output = RegistrationTask;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        text("name", &self.name)?;
        let code_type = present("code_type", self.code_type)?;
        enterprise_code("code", &self.code, code_type)?;
        id("legal_persona_openid", &self.legal_persona_openid)?;
        text("legal_persona_name", &self.legal_persona_name)?;
        optional_text("component_phone", self.component_phone.as_deref())?;
        let body = EnterpriseBody {
            name: &self.name,
            code: &self.code,
            code_type,
            legal_persona_openid: &self.legal_persona_openid,
            legal_persona_name: &self.legal_persona_name,
            component_phone: self.component_phone.as_deref(),
            new_version: true,
        };
        post_cat(
            Self::NAME,
            "/wxa/component/fastregisterenterpriseweapp",
            "access_token",
            &[],
            token,
            base,
            &body,
        )
    }
}

impl Operation for RegisterByReuseOa {
    const NAME: &'static str = "register.reuse_oa";
    type Token = AuthorizerAccessToken;
    type Output = ReuseOaRegistration;

    /// Nothing but the ticket, which is a credential: the task needs none of it.
    fn input_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::Object(serde_json::Map::new()))
    }

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        secret("ticket", &self.ticket)?;
        post_aat(
            Self::NAME,
            "/cgi-bin/account/fastregister",
            token,
            base,
            self,
        )
    }
}

#[derive(Serialize)]
struct PersonalBody<'a> {
    idname: &'a str,
    wxuser: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    component_phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_version: Option<bool>,
}

const PERSONAL_PATH: &str = "/wxa/component/fastregisterpersonalweapp";

impl Operation for RegisterPersonal {
    const NAME: &'static str = "register.personal";
    type Token = ComponentAccessToken;
    type Output = RegistrationTask;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        text("idname", &self.idname)?;
        id("wxuser", &self.wxuser)?;
        optional_text("component_phone", self.component_phone.as_deref())?;
        let body = PersonalBody {
            idname: &self.idname,
            wxuser: &self.wxuser,
            component_phone: self.component_phone.as_deref(),
            new_version: self.new_version.unwrap_or(true).then_some(true),
        };
        post_cat(
            Self::NAME,
            PERSONAL_PATH,
            "component_access_token",
            &[("action", "create")],
            token,
            base,
            &body,
        )
    }
}

impl Operation for QueryPersonal {
    const NAME: &'static str = "register.personal_query";
    type Token = ComponentAccessToken;
    type Output = RegistrationTask;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        id("taskid", &self.taskid)?;
        post_cat(
            Self::NAME,
            PERSONAL_PATH,
            "component_access_token",
            &[("action", "query")],
            token,
            base,
            self,
        )
    }
}

impl Operation for RegisterBeta {
    const NAME: &'static str = "register.beta";
    type Token = ComponentAccessToken;
    type Output = BetaRegistration;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        trial_name("name", &self.name)?;
        id("openid", &self.openid)?;
        post_cat(
            Self::NAME,
            "/wxa/component/fastregisterbetaweapp",
            "access_token",
            &[],
            token,
            base,
            self,
        )
    }
}

impl Operation for VerifyBeta {
    const NAME: &'static str = "register.beta_verify";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        let v = &self.verify_info;
        text("verify_info.enterprise_name", &v.enterprise_name)?;
        let code_type = present("verify_info.code_type", v.code_type)?;
        enterprise_code("verify_info.code", &v.code, code_type)?;
        id("verify_info.legal_persona_wechat", &v.legal_persona_wechat)?;
        text("verify_info.legal_persona_name", &v.legal_persona_name)?;
        id("verify_info.legal_persona_idcard", &v.legal_persona_idcard)?;
        text("verify_info.component_phone", &v.component_phone)?;
        post_aat(Self::NAME, "/wxa/verifybetaweapp", token, base, self)
    }
}

impl Operation for RenameBeta {
    const NAME: &'static str = "register.beta_rename";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        trial_name("name", &self.name)?;
        post_aat(Self::NAME, "/wxa/setbetaweappnickname", token, base, self)
    }
}
