//! Legacy enterprise fast registration (spec §3.1) — **deprecated**.
//!
//! WeChat takes `cgi-bin/component/fastregisterweapp` offline on 2026-04-30 (spec §3.0); use
//! [`super::register::RegisterEnterprise`] (`register.enterprise`). These stay available (and
//! are flagged `deprecated` in the [`super::registry`]) because platforms still see legacy
//! pushes and old tasks.
//!
//! Both take the component access token as `component_access_token=…` and an `action` query
//! parameter (`create` / `search`). Both answer only `errcode`/`errmsg`; the outcome of a
//! create arrives by the `notify_third_fasteregister` push (status: [`crate::status::EnterpriseStatus`]).
//! The search reports the task *state* through errcodes 89250–89253 (see
//! [`crate::errcode::overrides`]): 89251 and 89252 mean "still in progress — wait for the push".

use serde::{Deserialize, Serialize};

use super::fields::CodeType;
use super::validate::{enterprise_code, id, optional_text, present, text};
use super::{ApiBase, Operation};
use crate::error::Result;
use crate::http::Request;
use crate::token::ComponentAccessToken;
use crate::wire::{Ack, json_body};

const PATH: &str = "/cgi-bin/component/fastregisterweapp";

/// Deprecated (offline from 2026-04-30; use `register.enterprise`).
/// `POST /cgi-bin/component/fastregisterweapp?action=create` (spec §3.1): start a legacy
/// enterprise registration; the legal person gets a template message to verify within 24 h.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterEnterpriseLegacy {
    /// Enterprise name exactly as registered (an unnamed sole proprietor: `个体户` + legal-person
    /// name) (required).
    #[serde(default)]
    pub name: String,
    /// Enterprise code; its length must fit `code_type` (required).
    #[serde(default)]
    pub code: String,
    /// Kind of `code`: 1, 2 or 3 (required; number or numeric string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_type: Option<CodeType>,
    /// The legal person's WeChat ID (微信号, not phone/QQ) (required).
    #[serde(default)]
    pub legal_persona_wechat: String,
    /// The legal person's real name (required).
    #[serde(default)]
    pub legal_persona_name: String,
    /// Platform contact phone shown to the legal person (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_phone: Option<String>,
}

/// Deprecated (offline from 2026-04-30; use `register.enterprise` and its push).
/// `POST /cgi-bin/component/fastregisterweapp?action=search` (spec §3.1): the state of a legacy
/// enterprise task, expressed through the errcode (89250 not found, 89251 waiting for the
/// legal person's face check, 89252 consistency check running).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SearchEnterpriseLegacy {
    /// Enterprise name, as in the create call (required).
    #[serde(default)]
    pub name: String,
    /// The legal person's WeChat ID (required).
    #[serde(default)]
    pub legal_persona_wechat: String,
    /// The legal person's real name (required).
    #[serde(default)]
    pub legal_persona_name: String,
}

fn post(
    op: &'static str,
    action: &str,
    token: &ComponentAccessToken,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(
        PATH,
        Some(("component_access_token", token.expose())),
        &[("action", action)],
    );
    Ok(Request::post_json(url, json_body(op, body)?))
}

impl Operation for RegisterEnterpriseLegacy {
    const NAME: &'static str = "register.enterprise_legacy";
    type Token = ComponentAccessToken;
    type Output = Ack;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        text("name", &self.name)?;
        let code_type = present("code_type", self.code_type)?;
        enterprise_code("code", &self.code, code_type)?;
        id("legal_persona_wechat", &self.legal_persona_wechat)?;
        text("legal_persona_name", &self.legal_persona_name)?;
        optional_text("component_phone", self.component_phone.as_deref())?;
        post(Self::NAME, "create", token, base, self)
    }
}

impl Operation for SearchEnterpriseLegacy {
    const NAME: &'static str = "register.enterprise_legacy_search";
    type Token = ComponentAccessToken;
    type Output = Ack;

    fn input_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }

    fn build(&self, token: &ComponentAccessToken, base: &ApiBase) -> Result<Request> {
        text("name", &self.name)?;
        id("legal_persona_wechat", &self.legal_persona_wechat)?;
        text("legal_persona_name", &self.legal_persona_name)?;
        post(Self::NAME, "search", token, base, self)
    }
}
