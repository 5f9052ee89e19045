//! Push events of the 授权事件接收URL (spec §7, §14): decrypted XML → typed [`Event`].
//!
//! Known `InfoType`s become typed variants; any other `InfoType` becomes [`Event::Other`] with
//! every element kept, nesting included, so a new kind of push is never an error and never
//! dropped.
//!
//! Parsing rules, the same for every event:
//! - element names are case-sensitive (`AppId`, but `appid` in registration results);
//! - a value may be plain text or CDATA; plain text is trimmed, CDATA is kept verbatim
//!   (whitespace-only text around CDATA is ignored); the five XML entities and character
//!   references are resolved;
//! - numbers may be padded with whitespace or wrapped in CDATA (`<status> 0 </status>`);
//! - a DOCTYPE, an entity declaration or a reference to an undeclared entity is refused with
//!   [`WebhookErrorKind::ForbiddenXml`] (no XXE, no entity expansion);
//! - an absent optional element is `None`, never an invented empty value; `CreateTime` is
//!   optional too (peers read a ticket push without it, so must we);
//! - anything else that is not a well-formed push (no `InfoType`, a `CreateTime` that is not an
//!   integer, a missing required field) is [`WebhookErrorKind::MalformedEvent`].
//!
//! # Which platform a push is for
//!
//! [`Event::from_xml`] reports the `AppId` the XML names. A push that arrives through
//! [`crate::Webhook`] is parsed with [`Event::from_verified_xml`] instead: its
//! `component_appid` is the receive id the ciphertext was verified against (the platform whose
//! key decrypted it), and a push whose inner `AppId` names another platform is refused with
//! [`WebhookErrorKind::AppidConflict`] — otherwise a push valid for platform A could claim to be
//! for B and, say, overwrite B's ticket.
//!
//! # Serialized form
//!
//! [`Event`] serializes (serde) to a flat object: `type` is the variant in snake_case
//! (`component_verify_ticket`, `authorized`, `update_authorized`, `unauthorized`,
//! `fast_register`, `fast_register_beta`, `fast_verify_beta`, `wxa_auth`,
//! `wxa_verify_reminder`, `icp_verify_result`, `icp_filing_result`, `wxa_auth_and_icp`,
//! `order_path_apply_result`, `order_path_audit_result`, `other`), followed by the header
//! (`component_appid`, `create_time`, `info_type` — the raw `InfoType`) and the variant's
//! fields. Absent optional fields are `null`; statuses are the wire integer. Credentials
//! (`ticket`, `authorization_code`, `pre_auth_code`, `auth_code`) are [`Secret`]s: `Debug`
//! masks them, the serialized form carries them.
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
//! assert!(!format!("{event:?}").contains("ticket@@@xyz"));
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result, WebhookErrorKind, excerpt};
use crate::secret::Secret;
use crate::status::{EnterpriseStatus, StatusKind};

mod wxa;
pub(crate) mod xml;

pub use wxa::{
    DispatchInfo, IcpFilingResult, IcpVerifyResult, OrderPathApplyItem, OrderPathApplyResult,
    OrderPathAuditItem, OrderPathAuditResult, WxaAuthAndIcp, WxaAuthProgress, WxaVerifyReminder,
};
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
    /// `notify_3rd_wxa_auth`: progress of a mini-program certification (§14.1).
    WxaAuth(WxaAuthProgress),
    /// `notify_3rd_wxa_wxverify`: certification annual review / expiry reminder (§14.2).
    WxaVerifyReminder(WxaVerifyReminder),
    /// `notify_icpfiling_verify_result`: the ICP admin's face verification finished (§14.3).
    IcpVerifyResult(IcpVerifyResult),
    /// `notify_apply_icpfiling_result`: an ICP filing was approved or rejected (§14.4).
    IcpFilingResult(IcpFilingResult),
    /// `notify_3rd_wxa_auth_and_icp`: a milestone of certification + ICP together (§14.5).
    WxaAuthAndIcp(WxaAuthAndIcp),
    /// `order_path_apply_result_notify`: order-page path application results (§14.6).
    OrderPathApplyResult(OrderPathApplyResult),
    /// `order_path_audit_result_notify`: order-page path audit results (§14.6).
    OrderPathAuditResult(OrderPathAuditResult),
    /// Any other `InfoType`, with all its elements (also a §14 push whose numbers are not
    /// numbers: kept, never refused).
    Other(OtherEvent),
}

/// The header every component push carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventHeader {
    /// The third-party platform the push is for: through [`crate::Webhook`], the receive id the
    /// push was verified against; from [`Event::from_xml`], the XML's `AppId`.
    pub component_appid: String,
    /// `CreateTime`: when WeChat created the push, unix seconds (`None` if absent).
    pub create_time: Option<i64>,
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
    pub ticket: Secret,
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
    pub authorization_code: Secret,
    /// `AuthorizationCodeExpiredTime`: when the code expires, unix seconds.
    pub authorization_code_expired_time: i64,
    /// `PreAuthCode`: the pre-authorization code the flow started from (absent for accounts
    /// created by fast registration).
    pub pre_auth_code: Option<Secret>,
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
    pub auth_code: Option<Secret>,
    /// `status`: 0 on success; failures follow the enterprise table (spec §3.1); unknown
    /// values are kept (opaque failures). Serialized as the integer; equal to it in Rust.
    pub status: EnterpriseStatus,
    /// `msg`, verbatim (`None` if absent).
    pub msg: Option<String>,
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
    /// An `info` with none of the known fields; every element kept (see [`XmlFields`]).
    Other {
        /// The elements, by name, nesting kept.
        fields: XmlFields,
    },
}

/// Enterprise subject data echoed in a push (`info` of §3.1 and §3.5 results). Absent fields
/// are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseInfo {
    /// `name`: the enterprise name.
    pub name: Option<String>,
    /// `code`: the enterprise code.
    pub code: Option<String>,
    /// `code_type`: 1 unified social credit code, 2 organization code, 3 licence number.
    pub code_type: Option<i64>,
    /// `legal_persona_wechat`: the legal person's WeChat ID.
    pub legal_persona_wechat: Option<String>,
    /// `legal_persona_name`: the legal person's name.
    pub legal_persona_name: Option<String>,
    /// `component_phone`: the platform's contact phone.
    pub component_phone: Option<String>,
}

/// Personal registration data echoed in a push (§3.3). Absent fields are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalInfo {
    /// `wxuser`: the person's WeChat ID.
    pub wxuser: Option<String>,
    /// `idname`: the person's real name.
    pub idname: Option<String>,
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
    pub status: EnterpriseStatus,
    /// `msg`, verbatim (`None` if absent).
    pub msg: Option<String>,
    /// `info`: `unique_id` (from the registration call) and `name`.
    pub info: Option<BetaAppInfo>,
}

/// `info` of a beta registration result. Absent fields are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BetaAppInfo {
    /// `unique_id` returned by `fastregisterbetaweapp`: correlate with it.
    pub unique_id: Option<String>,
    /// `name` of the mini program.
    pub name: Option<String>,
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
    pub status: EnterpriseStatus,
    /// `msg`, verbatim (`None` if absent).
    pub msg: Option<String>,
    /// `info`: the enterprise data of the request (`name` is the enterprise name).
    pub info: Option<EnterpriseInfo>,
}

/// Body of [`Event::Other`]: a push whose `InfoType` this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherEvent {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// Every element of the push, header included, by name: `fields["info"]["taskid"]`.
    pub fields: XmlFields,
}

/// Elements by name, as a push carries them: the value of an element is its text
/// ([`XmlValue::Text`], kept as the string the XML gives — numbers too), its children
/// ([`XmlValue::Element`]), or, when the name repeats, every occurrence in document order
/// ([`XmlValue::List`]). Serialized as a JSON object of strings, objects and arrays.
///
/// `Debug` masks the values of secret-looking names ([`crate::secret::is_secret_field`]:
/// `AuthorizationCode`, `ComponentVerifyTicket`, …) at any depth.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct XmlFields(pub BTreeMap<String, XmlValue>);

/// The value of one element of an [`XmlFields`].
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum XmlValue {
    /// A leaf: its text.
    Text(String),
    /// An element with children.
    Element(XmlFields),
    /// A name that occurs more than once: every occurrence, in document order.
    List(Vec<XmlValue>),
}

impl XmlFields {
    /// The element `name`.
    pub fn get(&self, name: &str) -> Option<&XmlValue> {
        self.0.get(name)
    }

    /// The text of the leaf `name` (the first occurrence if it repeats).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(XmlValue::as_text)
    }

    /// Adds an occurrence of `name`: the first is stored as is, the second turns the entry into
    /// a list.
    pub(crate) fn push(&mut self, name: &str, value: XmlValue) {
        match self.0.get_mut(name) {
            None => {
                self.0.insert(name.to_owned(), value);
            }
            Some(XmlValue::List(items)) => items.push(value),
            Some(existing) => {
                let first = std::mem::replace(existing, XmlValue::List(Vec::with_capacity(2)));
                if let XmlValue::List(items) = existing {
                    items.push(first);
                    items.push(value);
                }
            }
        }
    }
}

impl XmlValue {
    /// The text of a leaf (of the first occurrence, for a list).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            Self::List(items) => items.first().and_then(Self::as_text),
            Self::Element(_) => None,
        }
    }

    /// The child `name` of an element (of the first occurrence, for a list).
    pub fn get(&self, name: &str) -> Option<&XmlValue> {
        match self {
            Self::Element(fields) => fields.get(name),
            Self::List(items) => items.first().and_then(|v| v.get(name)),
            Self::Text(_) => None,
        }
    }
}

impl fmt::Debug for XmlFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in &self.0 {
            if crate::secret::is_secret_field(k) {
                m.entry(k, &format_args!("***"));
            } else {
                m.entry(k, v);
            }
        }
        m.finish()
    }
}

impl fmt::Debug for XmlValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => write!(f, "{t:?}"),
            Self::Element(fields) => fields.fmt(f),
            Self::List(items) => f.debug_list().entries(items).finish(),
        }
    }
}

impl Event {
    /// Parses a decrypted push (the plaintext XML of spec §7). The header's `component_appid`
    /// is the XML's `AppId` (required here: nothing else names the platform). Use
    /// [`Event::from_verified_xml`] for a push whose receive id was verified.
    pub fn from_xml(xml: &[u8]) -> Result<Self> {
        Self::parse(xml, None)
    }

    /// Parses a push that was decrypted and whose receive id was verified as `receive_id` (the
    /// platform appid): the event reports that platform. The XML's `AppId` may be absent; if
    /// present it must name the same platform, else the push is refused with
    /// [`WebhookErrorKind::AppidConflict`].
    pub fn from_verified_xml(xml: &[u8], receive_id: &str) -> Result<Self> {
        Self::parse(xml, Some(receive_id))
    }

    fn parse(xml: &[u8], receive_id: Option<&str>) -> Result<Self> {
        let doc = XmlDoc::parse(xml).map_err(xml_error)?;
        Self::from_doc(&doc, receive_id)
    }

    /// Parses an already-parsed push (the message URL dispatches on `InfoType` too).
    pub(crate) fn from_doc(doc: &XmlDoc<'_>, receive_id: Option<&str>) -> Result<Self> {
        let info_type = doc.get("InfoType").map(str::trim).unwrap_or_default();
        if info_type.is_empty() {
            return Err(malformed("missing InfoType"));
        }
        let inner = doc.get("AppId").map(str::trim);
        let component_appid = match (receive_id, inner) {
            (Some(verified), Some(named)) if named != verified => {
                return Err(Error::webhook(
                    WebhookErrorKind::AppidConflict,
                    format!(
                        "the push was encrypted for platform {} but its AppId names {}",
                        excerpt(verified, 64),
                        excerpt(named, 64)
                    ),
                ));
            }
            (Some(verified), _) => verified.to_owned(),
            (None, Some(named)) => named.to_owned(),
            (None, None) => return Err(malformed("missing AppId")),
        };
        let create_time = match doc.get("CreateTime") {
            None => None,
            Some(text) => Some(parse_int(text).ok_or_else(|| {
                Error::webhook(
                    WebhookErrorKind::MalformedEvent,
                    "CreateTime is not an integer",
                )
            })?),
        };
        let header = EventHeader {
            component_appid,
            create_time,
            info_type: info_type.to_owned(),
        };
        Ok(match info_type {
            "component_verify_ticket" => Self::ComponentVerifyTicket(ComponentVerifyTicket {
                header,
                ticket: Secret::new(doc.require("ComponentVerifyTicket")?),
            }),
            "authorized" => Self::Authorized(Authorization::parse(header, doc)?),
            "updateauthorized" => Self::UpdateAuthorized(Authorization::parse(header, doc)?),
            "unauthorized" => Self::Unauthorized(Unauthorization {
                header,
                authorizer_appid: doc.require("AuthorizerAppid")?.trim().to_owned(),
            }),
            "notify_third_fasteregister" => Self::FastRegister(FastRegisterResult {
                header,
                appid: doc.opt("appid"),
                auth_code: doc.opt("auth_code").map(Secret::new),
                status: EnterpriseStatus::from_code(doc.require_int("status")?),
                msg: doc.opt("msg"),
                info: FastRegisterInfo::parse(doc),
            }),
            "notify_third_fastregisterbetaapp" => Self::FastRegisterBeta(BetaRegisterResult {
                header,
                appid: doc.opt("appid"),
                status: EnterpriseStatus::from_code(doc.require_int("status")?),
                msg: doc.opt("msg"),
                info: doc.find(None, "info").map(|_| BetaAppInfo {
                    unique_id: doc.info_opt("unique_id"),
                    name: doc.info_opt("name"),
                }),
            }),
            "notify_third_fastverifybetaapp" => Self::FastVerifyBeta(BetaVerifyResult {
                header,
                appid: doc.opt("appid"),
                status: EnterpriseStatus::from_code(doc.require_int("status")?),
                msg: doc.opt("msg"),
                info: doc.find(None, "info").map(|_| EnterpriseInfo::parse(doc)),
            }),
            other => match wxa::parse(other, &header, doc) {
                Some(event) => event,
                None => Self::Other(OtherEvent {
                    header,
                    fields: doc.tree(None),
                }),
            },
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
            Self::WxaAuth(e) => &e.header,
            Self::WxaVerifyReminder(e) => &e.header,
            Self::IcpVerifyResult(e) => &e.header,
            Self::IcpFilingResult(e) => &e.header,
            Self::WxaAuthAndIcp(e) => &e.header,
            Self::OrderPathApplyResult(e) => &e.header,
            Self::OrderPathAuditResult(e) => &e.header,
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
            Self::WxaAuth(_) => "wxa_auth",
            Self::WxaVerifyReminder(_) => "wxa_verify_reminder",
            Self::IcpVerifyResult(_) => "icp_verify_result",
            Self::IcpFilingResult(_) => "icp_filing_result",
            Self::WxaAuthAndIcp(_) => "wxa_auth_and_icp",
            Self::OrderPathApplyResult(_) => "order_path_apply_result",
            Self::OrderPathAuditResult(_) => "order_path_audit_result",
            Self::Other(_) => "other",
        }
    }

    /// The top-level fields of this kind whose values are codes of a status table, with the
    /// table: what the bindings turn into their status types (an `int` subclass in Python).
    /// Nested statuses (the items of an order-path push) stay plain integers there.
    pub fn status_fields(&self) -> &'static [(&'static str, StatusKind)] {
        match self {
            Self::FastRegister(_) | Self::FastRegisterBeta(_) | Self::FastVerifyBeta(_) => {
                &[("status", StatusKind::Enterprise)]
            }
            Self::WxaAuth(_) => &[
                ("task_status", StatusKind::WxaAuthTask),
                ("apply_status", StatusKind::WxaAuthApply),
            ],
            Self::IcpVerifyResult(_) => &[("result", StatusKind::IcpVerify)],
            Self::IcpFilingResult(_) => &[("beian_status", StatusKind::IcpFiling)],
            Self::WxaAuthAndIcp(_) => &[("procedure_status", StatusKind::AuthAndIcp)],
            _ => &[],
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
            authorization_code: Secret::new(doc.require("AuthorizationCode")?),
            authorization_code_expired_time: doc.require_int("AuthorizationCodeExpiredTime")?,
            pre_auth_code: doc.opt("PreAuthCode").map(Secret::new),
        })
    }
}

impl FastRegisterInfo {
    fn parse(doc: &XmlDoc<'_>) -> Option<Self> {
        let info = doc.find(None, "info")?;
        let has = |name| doc.find(Some(info), name).is_some();
        let opt = |name| doc.info_opt(name);
        if has("taskid") {
            return Some(Self::Task(TaskInfo {
                taskid: doc.info_opt("taskid").unwrap_or_default(),
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
                wxuser: opt("wxuser"),
                idname: opt("idname"),
                component_phone: opt("component_phone"),
            }));
        }
        let enterprise = ["name", "code", "legal_persona_wechat", "legal_persona_name"];
        if enterprise.into_iter().any(has) {
            return Some(Self::Enterprise(EnterpriseInfo::parse(doc)));
        }
        Some(Self::Other {
            fields: doc.tree(Some(info)),
        })
    }
}

impl EnterpriseInfo {
    fn parse(doc: &XmlDoc<'_>) -> Self {
        Self {
            name: doc.info_opt("name"),
            code: doc.info_opt("code"),
            code_type: doc.info_int("code_type"),
            legal_persona_wechat: doc.info_opt("legal_persona_wechat"),
            legal_persona_name: doc.info_opt("legal_persona_name"),
            component_phone: doc.info_opt("component_phone"),
        }
    }
}

/// The error for XML the push parser refused.
pub(crate) fn xml_error(e: XmlError) -> Error {
    match e {
        XmlError::Forbidden(detail) => Error::webhook(WebhookErrorKind::ForbiddenXml, detail),
        XmlError::Malformed(detail) => malformed(detail),
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
        assert_eq!(
            (e.status, e.header.create_time, &e.info),
            (EnterpriseStatus::from_code(-1), Some(1), &None)
        );
        assert!(!e.is_success());
    }
}
