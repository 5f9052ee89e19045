//! Push events of the 授权事件接收URL (spec §7): decrypted XML → typed [`Event`].
//!
//! Known `InfoType`s become typed variants; any other `InfoType` becomes [`Event::Other`] with
//! every field kept, so a new kind of push is never an error and never dropped.
//!
//! Parsing rules, the same for every event:
//! - element names are case-sensitive (`AppId`, but `appid` in registration results);
//! - a value may be plain text or CDATA; plain text is trimmed, CDATA is kept verbatim
//!   (whitespace-only text around CDATA is ignored); the five XML entities and character
//!   references are resolved;
//! - numbers may be padded with whitespace or wrapped in CDATA (`<status> 0 </status>`);
//! - a DOCTYPE, an entity declaration or a reference to an undeclared entity is refused with
//!   [`WebhookErrorKind::ForbiddenXml`] (no XXE, no entity expansion);
//! - anything else that is not a well-formed push (no `InfoType`, no `AppId`, bad
//!   `CreateTime`, missing required field) is [`WebhookErrorKind::MalformedEvent`].
//!
//! # Serialized form
//!
//! [`Event`] serializes (serde) to a flat object: `type` is the variant in snake_case
//! (`component_verify_ticket`, `authorized`, `update_authorized`, `unauthorized`,
//! `fast_register`, `fast_register_beta`, `fast_verify_beta`, `other`), followed by the header
//! (`component_appid`, `create_time`, `info_type` — the raw `InfoType`) and the variant's
//! fields. Absent optional fields are `null`.
//!
//! ```
//! use wxopen::event::Event;
//!
//! let xml = b"<xml><AppId>wx0123456789abcdef</AppId><CreateTime>1413192605</CreateTime>\
//!     <InfoType>component_verify_ticket</InfoType>\
//!     <ComponentVerifyTicket>ticket@@@xyz</ComponentVerifyTicket></xml>";
//! let event = Event::from_xml(xml)?;
//! assert_eq!(
//!     serde_json::to_value(&event).unwrap(),
//!     serde_json::json!({
//!         "type": "component_verify_ticket",
//!         "component_appid": "wx0123456789abcdef",
//!         "create_time": 1413192605,
//!         "info_type": "component_verify_ticket",
//!         "ticket": "ticket@@@xyz",
//!     })
//! );
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result, WebhookErrorKind};

pub(crate) mod xml;

use xml::{XmlDoc, XmlError};

/// A push event received on the 授权事件接收URL, decrypted and parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// `component_verify_ticket`: the ticket WeChat pushes every 10 minutes; store it and use the
    /// latest one to request a `component_access_token`.
    ComponentVerifyTicket(ComponentVerifyTicket),
    /// `authorized`: an account authorized the platform. Exchange `authorization_code` with
    /// `api_query_auth` for its tokens.
    Authorized(Authorization),
    /// `updateauthorized`: an account changed the permission sets it grants the platform.
    UpdateAuthorized(Authorization),
    /// `unauthorized`: an account revoked the platform's authorization; drop its tokens.
    Unauthorized(Unauthorization),
    /// `notify_third_fasteregister` (sic): result of a fast registration (enterprise, personal,
    /// or a 2026 task). On success it carries the new `appid` and an `auth_code`.
    FastRegister(FastRegisterResult),
    /// `notify_third_fastregisterbetaapp`: result of a beta (trial) mini-program registration.
    FastRegisterBeta(BetaRegisterResult),
    /// `notify_third_fastverifybetaapp`: result of a beta app's verification (转正).
    FastVerifyBeta(BetaVerifyResult),
    /// Any other `InfoType`, with all its fields.
    Other(OtherEvent),
}

/// The header every component push carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventHeader {
    /// `AppId`: the third-party platform's own appid (component_appid).
    pub component_appid: String,
    /// `CreateTime`: when WeChat created the push, unix seconds.
    pub create_time: i64,
    /// `InfoType`, verbatim (trimmed).
    pub info_type: String,
}

/// Body of [`Event::ComponentVerifyTicket`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentVerifyTicket {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `ComponentVerifyTicket`.
    pub ticket: String,
}

/// Body of [`Event::Authorized`] and [`Event::UpdateAuthorized`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authorization {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `AuthorizerAppid`: the account that (re)authorized the platform.
    pub authorizer_appid: String,
    /// `AuthorizationCode`: exchange it with `api_query_auth`.
    pub authorization_code: String,
    /// `AuthorizationCodeExpiredTime`: when the code expires, unix seconds.
    pub authorization_code_expired_time: i64,
    /// `PreAuthCode`: the pre-authorization code the flow started from (absent for accounts
    /// created by fast registration).
    pub pre_auth_code: Option<String>,
}

/// Body of [`Event::Unauthorized`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unauthorization {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `AuthorizerAppid`: the account that revoked the authorization.
    pub authorizer_appid: String,
}

/// Body of [`Event::FastRegister`] (`notify_third_fasteregister`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FastRegisterResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `appid` of the new mini program; absent on failure.
    pub appid: Option<String>,
    /// `auth_code`: exchange it with `api_query_auth`; absent on failure.
    pub auth_code: Option<String>,
    /// `status`: 0 on success; see spec §3.1/§3.3 for the failure codes (kept as a number;
    /// unknown values are opaque failures).
    pub status: i64,
    /// `msg`, verbatim (empty if absent).
    pub msg: String,
    /// `info`: what the registration was asked with, for correlation; `None` if absent.
    pub info: Option<FastRegisterInfo>,
}

/// The `info` of a fast-registration result, by request form. Serialized with a `form` tag:
/// `enterprise`, `personal`, `task` or `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FastRegisterInfo {
    /// Legacy enterprise registration (§3.1); correlate by
    /// (`name`, `code`, `legal_persona_wechat`, `legal_persona_name`).
    Enterprise(EnterpriseInfo),
    /// Legacy personal registration (§3.3); correlate by (`wxuser`, `idname`).
    Personal(PersonalInfo),
    /// 2026 registration flows (§3.0): correlate by `taskid`.
    Task(TaskInfo),
    /// An `info` with none of the known fields; every leaf kept (see [`OtherEvent::fields`]).
    Other {
        /// The fields, keyed by name (nested ones as `parent.child`).
        fields: BTreeMap<String, String>,
    },
}

/// Enterprise subject data echoed in a push (`info` of §3.1 and §3.5 results). A field that is
/// absent from the push is an empty string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseInfo {
    /// `name`: the enterprise name.
    pub name: String,
    /// `code`: the enterprise code.
    pub code: String,
    /// `code_type`: 1 unified social credit code, 2 organization code, 3 licence number.
    pub code_type: Option<i64>,
    /// `legal_persona_wechat`: the legal person's WeChat ID.
    pub legal_persona_wechat: String,
    /// `legal_persona_name`: the legal person's name.
    pub legal_persona_name: String,
    /// `component_phone`: the platform's contact phone.
    pub component_phone: Option<String>,
}

/// Personal registration data echoed in a push (§3.3). Absent fields are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalInfo {
    /// `wxuser`: the person's WeChat ID.
    pub wxuser: String,
    /// `idname`: the person's real name.
    pub idname: String,
    /// `component_phone`: the platform's contact phone.
    pub component_phone: Option<String>,
}

/// `info` of a 2026-style registration result: the task id plus whatever subject data the
/// push echoes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskInfo {
    /// `taskid` returned when the task was created.
    pub taskid: String,
    /// `name` (enterprise).
    pub name: Option<String>,
    /// `code` (enterprise).
    pub code: Option<String>,
    /// `code_type` (enterprise).
    pub code_type: Option<i64>,
    /// `legal_persona_openid` (new enterprise flow: an openid, not a WeChat ID).
    pub legal_persona_openid: Option<String>,
    /// `legal_persona_wechat` (if echoed).
    pub legal_persona_wechat: Option<String>,
    /// `legal_persona_name` (enterprise).
    pub legal_persona_name: Option<String>,
    /// `wxuser` (personal).
    pub wxuser: Option<String>,
    /// `idname` (personal).
    pub idname: Option<String>,
    /// `component_phone`.
    pub component_phone: Option<String>,
}

/// Body of [`Event::FastRegisterBeta`] (`notify_third_fastregisterbetaapp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BetaRegisterResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `appid` of the new beta mini program; absent on failure.
    pub appid: Option<String>,
    /// `status`: 0 on success.
    pub status: i64,
    /// `msg`, verbatim (empty if absent).
    pub msg: String,
    /// `info`: `unique_id` (from the registration call) and `name`.
    pub info: Option<BetaAppInfo>,
}

/// `info` of a beta registration result. Absent fields are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BetaAppInfo {
    /// `unique_id` returned by `fastregisterbetaweapp`: correlate with it.
    pub unique_id: String,
    /// `name` of the mini program.
    pub name: String,
}

/// Body of [`Event::FastVerifyBeta`] (`notify_third_fastverifybetaapp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BetaVerifyResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `appid` of the beta app being verified.
    pub appid: Option<String>,
    /// `status`: 0 on success; failures follow the enterprise table (§3.1).
    pub status: i64,
    /// `msg`, verbatim (empty if absent).
    pub msg: String,
    /// `info`: the enterprise data of the request (`name` is the enterprise name).
    pub info: Option<EnterpriseInfo>,
}

/// Body of [`Event::Other`]: a push whose `InfoType` this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherEvent {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// Every leaf element of the push, header included, keyed by element name. Nested elements
    /// are flattened with dots (`info.taskid`); a repeated name gets `#2`, `#3`, … appended
    /// (`item`, `item#2`). Values follow the module's text rules.
    pub fields: BTreeMap<String, String>,
}

impl Event {
    /// Parses a decrypted push (the plaintext XML of spec §7).
    pub fn from_xml(xml: &[u8]) -> Result<Self> {
        let doc = XmlDoc::parse(xml).map_err(|e| match e {
            XmlError::Forbidden(detail) => Error::webhook(WebhookErrorKind::ForbiddenXml, detail),
            XmlError::Malformed(detail) => malformed(detail),
        })?;
        let info_type = doc.get("InfoType").map(str::trim).unwrap_or_default();
        if info_type.is_empty() {
            return Err(malformed("missing InfoType"));
        }
        let header = EventHeader {
            component_appid: doc.require("AppId")?.trim().to_owned(),
            create_time: doc.require_int("CreateTime")?,
            info_type: info_type.to_owned(),
        };
        Ok(match info_type {
            "component_verify_ticket" => Self::ComponentVerifyTicket(ComponentVerifyTicket {
                header,
                ticket: doc.require("ComponentVerifyTicket")?.to_owned(),
            }),
            "authorized" => Self::Authorized(Authorization::parse(header, &doc)?),
            "updateauthorized" => Self::UpdateAuthorized(Authorization::parse(header, &doc)?),
            "unauthorized" => Self::Unauthorized(Unauthorization {
                header,
                authorizer_appid: doc.require("AuthorizerAppid")?.trim().to_owned(),
            }),
            "notify_third_fasteregister" => Self::FastRegister(FastRegisterResult {
                header,
                appid: doc.opt("appid"),
                auth_code: doc.opt("auth_code"),
                status: doc.require_int("status")?,
                msg: doc.get("msg").unwrap_or_default().to_owned(),
                info: FastRegisterInfo::parse(&doc),
            }),
            "notify_third_fastregisterbetaapp" => Self::FastRegisterBeta(BetaRegisterResult {
                header,
                appid: doc.opt("appid"),
                status: doc.require_int("status")?,
                msg: doc.get("msg").unwrap_or_default().to_owned(),
                info: doc.find(None, "info").map(|_| BetaAppInfo {
                    unique_id: doc.info_str("unique_id"),
                    name: doc.info_str("name"),
                }),
            }),
            "notify_third_fastverifybetaapp" => Self::FastVerifyBeta(BetaVerifyResult {
                header,
                appid: doc.opt("appid"),
                status: doc.require_int("status")?,
                msg: doc.get("msg").unwrap_or_default().to_owned(),
                info: doc.find(None, "info").map(|_| EnterpriseInfo::parse(&doc)),
            }),
            _ => Self::Other(OtherEvent {
                header,
                fields: doc.flatten(None),
            }),
        })
    }

    /// The common header.
    pub fn header(&self) -> &EventHeader {
        match self {
            Self::ComponentVerifyTicket(e) => &e.header,
            Self::Authorized(e) | Self::UpdateAuthorized(e) => &e.header,
            Self::Unauthorized(e) => &e.header,
            Self::FastRegister(e) => &e.header,
            Self::FastRegisterBeta(e) => &e.header,
            Self::FastVerifyBeta(e) => &e.header,
            Self::Other(e) => &e.header,
        }
    }

    /// The serialized `type` discriminator (`component_verify_ticket`, …, `other`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ComponentVerifyTicket(_) => "component_verify_ticket",
            Self::Authorized(_) => "authorized",
            Self::UpdateAuthorized(_) => "update_authorized",
            Self::Unauthorized(_) => "unauthorized",
            Self::FastRegister(_) => "fast_register",
            Self::FastRegisterBeta(_) => "fast_register_beta",
            Self::FastVerifyBeta(_) => "fast_verify_beta",
            Self::Other(_) => "other",
        }
    }
}

impl FastRegisterResult {
    /// Whether the registration succeeded (`status == 0`).
    pub fn is_success(&self) -> bool {
        self.status == 0
    }
}

impl BetaRegisterResult {
    /// Whether the beta app was created (`status == 0`).
    pub fn is_success(&self) -> bool {
        self.status == 0
    }
}

impl BetaVerifyResult {
    /// Whether the verification succeeded (`status == 0`).
    pub fn is_success(&self) -> bool {
        self.status == 0
    }
}

impl Authorization {
    fn parse(header: EventHeader, doc: &XmlDoc<'_>) -> Result<Self> {
        Ok(Self {
            header,
            authorizer_appid: doc.require("AuthorizerAppid")?.trim().to_owned(),
            authorization_code: doc.require("AuthorizationCode")?.to_owned(),
            authorization_code_expired_time: doc.require_int("AuthorizationCodeExpiredTime")?,
            pre_auth_code: doc.opt("PreAuthCode"),
        })
    }
}

impl FastRegisterInfo {
    fn parse(doc: &XmlDoc<'_>) -> Option<Self> {
        let info = doc.find(None, "info")?;
        let has = |name| doc.find(Some(info), name).is_some();
        if has("taskid") {
            let opt = |name| doc.info_opt(name);
            return Some(Self::Task(TaskInfo {
                taskid: doc.info_str("taskid"),
                name: opt("name"),
                code: opt("code"),
                code_type: doc.info_int("code_type"),
                legal_persona_openid: opt("legal_persona_openid"),
                legal_persona_wechat: opt("legal_persona_wechat"),
                legal_persona_name: opt("legal_persona_name"),
                wxuser: opt("wxuser"),
                idname: opt("idname"),
                component_phone: opt("component_phone"),
            }));
        }
        if has("wxuser") || has("idname") {
            return Some(Self::Personal(PersonalInfo {
                wxuser: doc.info_str("wxuser"),
                idname: doc.info_str("idname"),
                component_phone: doc.info_opt("component_phone"),
            }));
        }
        let enterprise = ["name", "code", "legal_persona_wechat", "legal_persona_name"];
        if enterprise.into_iter().any(has) {
            return Some(Self::Enterprise(EnterpriseInfo::parse(doc)));
        }
        Some(Self::Other {
            fields: doc.flatten(Some(info)),
        })
    }
}

impl EnterpriseInfo {
    fn parse(doc: &XmlDoc<'_>) -> Self {
        Self {
            name: doc.info_str("name"),
            code: doc.info_str("code"),
            code_type: doc.info_int("code_type"),
            legal_persona_wechat: doc.info_str("legal_persona_wechat"),
            legal_persona_name: doc.info_str("legal_persona_name"),
            component_phone: doc.info_opt("component_phone"),
        }
    }
}

fn malformed(detail: &'static str) -> Error {
    Error::webhook(WebhookErrorKind::MalformedEvent, detail)
}

/// Parses an integer leniently: surrounding whitespace allowed, optional sign.
fn parse_int(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

/// Event-level accessors of the XML tree.
impl XmlDoc<'_> {
    fn require(&self, name: &'static str) -> Result<&str> {
        self.get(name).ok_or_else(|| {
            Error::webhook(WebhookErrorKind::MalformedEvent, format!("missing {name}"))
        })
    }

    fn require_int(&self, name: &'static str) -> Result<i64> {
        parse_int(self.require(name)?).ok_or_else(|| {
            Error::webhook(
                WebhookErrorKind::MalformedEvent,
                format!("{name} is not an integer"),
            )
        })
    }

    /// Top-level leaf as an owned string, `None` if absent.
    fn opt(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    fn info_str(&self, name: &str) -> String {
        self.child("info", name).unwrap_or_default().to_owned()
    }

    fn info_opt(&self, name: &str) -> Option<String> {
        self.child("info", name).map(str::to_owned)
    }

    fn info_int(&self, name: &str) -> Option<i64> {
        self.child("info", name).and_then(parse_int)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn status_padding_and_cdata() {
        let xml = "<xml><AppId>wx</AppId><CreateTime> 1 </CreateTime><InfoType>notify_third_fastregisterbetaapp</InfoType>\
                   <status><![CDATA[ -1 ]]></status></xml>";
        let Event::FastRegisterBeta(e) = Event::from_xml(xml.as_bytes()).unwrap() else {
            unreachable!()
        };
        assert_eq!((e.status, e.header.create_time, &e.info), (-1, 1, &None));
        assert!(!e.is_success());
    }
}
