//! The authorization-event InfoTypes of mini-program certification, ICP filing and the
//! order-page path (spec §14). Their field forms are documented but not all verified against
//! real pushes, so parsing is tolerant: every field is optional, numbers may be padded, in
//! CDATA or quoted; a push whose numbers are not numbers is kept as [`Event::Other`] with every
//! element, never refused and never dropped.

use serde::Serialize;

use super::xml::{Untyped, XmlDoc};
use super::{Event, EventHeader};
use crate::status::{
    AuthAndIcpStatus, IcpFilingStatus, IcpVerifyStatus, OrderPathApplyCode, OrderPathStatus,
    WxaAuthApplyStatus, WxaAuthTaskStatus,
};

/// Body of [`Event::WxaAuth`] (`notify_3rd_wxa_auth`, §14.1): progress of a mini-program
/// certification started with `/wxa/sec/wxaauth`. Poll with `/wxa/sec/queryauth` {taskid}.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WxaAuthProgress {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `appid`: the mini program.
    pub appid: Option<String>,
    /// `taskid`: the certification task.
    pub taskid: Option<String>,
    /// `task_status`: 0 initial … 12 audit order created, 14 failed, 15 awaiting payment.
    pub task_status: Option<WxaAuthTaskStatus>,
    /// `apply_status`: 0 no audit order … 4 passed, 5 finally failed.
    pub apply_status: Option<WxaAuthApplyStatus>,
    /// `message`: hint or failure reason.
    pub message: Option<String>,
    /// `dispatch_info`: the reviewing provider (meaningful when `apply_status` is 2).
    pub dispatch_info: Option<DispatchInfo>,
}

/// `dispatch_info` of a certification push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispatchInfo {
    /// `provider`: the reviewing company.
    pub provider: Option<String>,
    /// `contact`: its contact.
    pub contact: Option<String>,
    /// `dispatch_time`: when the order was dispatched, unix seconds.
    pub dispatch_time: Option<i64>,
}

/// Body of [`Event::WxaVerifyReminder`] (`notify_3rd_wxa_wxverify`, §14.2): the
/// certification's annual review is due or it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WxaVerifyReminder {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `appid`: the mini program.
    pub appid: Option<String>,
    /// `expired`: when the certification expires, unix seconds.
    pub expired: Option<i64>,
    /// `message`: the notice (may span lines).
    pub message: Option<String>,
}

/// Body of [`Event::IcpVerifyResult`] (`notify_icpfiling_verify_result`, §14.3): the ICP
/// admin's face verification finished. Poll with `/wxa/icp/query_icp_verifytask` {task_id}.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IcpVerifyResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `task_id`: from `create_icp_verifytask`.
    pub task_id: Option<String>,
    /// `verify_appid`: the mini program.
    pub verify_appid: Option<String>,
    /// `result`: 2 failed, 3 succeeded.
    pub result: Option<IcpVerifyStatus>,
    /// `along_with_auth_result`: only when started with `along_with_auth`; 9 = the
    /// certification's SMS check passed.
    pub along_with_auth_result: Option<i64>,
}

/// Body of [`Event::IcpFilingResult`] (`notify_apply_icpfiling_result`, §14.4): an ICP filing
/// was approved or rejected. Rejection reasons: `/wxa/icp/get_icp_entrance_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IcpFilingResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `authorizer_appid`: the mini program.
    pub authorizer_appid: Option<String>,
    /// `beian_status`: 2–5 in review / rejected, 6 filed, 1024 and up not filed.
    pub beian_status: Option<IcpFilingStatus>,
}

/// Body of [`Event::WxaAuthAndIcp`] (`notify_3rd_wxa_auth_and_icp`, §14.5): a milestone of the
/// combined certification + ICP flow. Only `procedure_id` and `procedure_status` are known
/// (no official sample); poll with `/wxa/sec/query_auth_and_icp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WxaAuthAndIcp {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// `procedure_id`: from `submit_auth_and_icp`.
    pub procedure_id: Option<String>,
    /// `procedure_status`: 9 … 29 (see [`AuthAndIcpStatus`]).
    pub procedure_status: Option<AuthAndIcpStatus>,
}

/// Body of [`Event::OrderPathApplyResult`] (`order_path_apply_result_notify`, §14.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderPathApplyResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// One item per `list` element (one per appid of the application), in document order.
    pub list: Vec<OrderPathApplyItem>,
}

/// One `list` item of an order-path application result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderPathApplyItem {
    /// `appid`.
    pub appid: Option<String>,
    /// `audit_id`.
    pub audit_id: Option<i64>,
    /// `ret_code`: 0 submitted, 1 duplicate, −1 busy, −2 invalid appid.
    pub ret_code: Option<OrderPathApplyCode>,
}

/// Body of [`Event::OrderPathAuditResult`] (`order_path_audit_result_notify`, §14.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderPathAuditResult {
    /// Common header.
    #[serde(flatten)]
    pub header: EventHeader,
    /// One item per `list` element, in document order.
    pub list: Vec<OrderPathAuditItem>,
}

/// One `list` item of an order-path audit result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderPathAuditItem {
    /// `appid`.
    pub appid: Option<String>,
    /// `audit_id`.
    pub audit_id: Option<i64>,
    /// `status`: 2 reviewing, 3 failed, 4 passed (may be absent).
    pub status: Option<OrderPathStatus>,
    /// `apply_time`, unix seconds.
    pub apply_time: Option<i64>,
    /// `audit_time`, unix seconds.
    pub audit_time: Option<i64>,
    /// `reason`.
    pub reason: Option<String>,
}

/// The typed event for one of this module's InfoTypes; `None` for another InfoType, or when a
/// number is not a number (the caller keeps the push as [`Event::Other`]).
pub(super) fn parse(info_type: &str, header: &EventHeader, doc: &XmlDoc<'_>) -> Option<Event> {
    let parsed = match info_type {
        "notify_3rd_wxa_auth" => wxa_auth(header, doc).map(Event::WxaAuth),
        "notify_3rd_wxa_wxverify" => Ok(Event::WxaVerifyReminder(WxaVerifyReminder {
            header: header.clone(),
            appid: doc.text_in(None, "appid"),
            expired: doc.lenient_int(None, "expired").ok()?,
            message: doc.text_in(None, "message"),
        })),
        "notify_icpfiling_verify_result" => Ok(Event::IcpVerifyResult(IcpVerifyResult {
            header: header.clone(),
            task_id: doc.text_in(None, "task_id"),
            verify_appid: doc.text_in(None, "verify_appid"),
            result: status(doc, None, "result").ok()?,
            along_with_auth_result: doc.lenient_int(None, "along_with_auth_result").ok()?,
        })),
        "notify_apply_icpfiling_result" => Ok(Event::IcpFilingResult(IcpFilingResult {
            header: header.clone(),
            authorizer_appid: doc.text_in(None, "authorizer_appid"),
            beian_status: status(doc, None, "beian_status").ok()?,
        })),
        "notify_3rd_wxa_auth_and_icp" => Ok(Event::WxaAuthAndIcp(WxaAuthAndIcp {
            header: header.clone(),
            procedure_id: doc.text_in(None, "procedure_id"),
            procedure_status: status(doc, None, "procedure_status").ok()?,
        })),
        "order_path_apply_result_notify" => list(doc, |item| {
            Ok(OrderPathApplyItem {
                appid: doc.text_in(item, "appid"),
                audit_id: doc.lenient_int(item, "audit_id")?,
                ret_code: status(doc, item, "ret_code")?,
            })
        })
        .map(|list| {
            Event::OrderPathApplyResult(OrderPathApplyResult {
                header: header.clone(),
                list,
            })
        }),
        "order_path_audit_result_notify" => list(doc, |item| {
            Ok(OrderPathAuditItem {
                appid: doc.text_in(item, "appid"),
                audit_id: doc.lenient_int(item, "audit_id")?,
                status: status(doc, item, "status")?,
                apply_time: doc.lenient_int(item, "apply_time")?,
                audit_time: doc.lenient_int(item, "audit_time")?,
                reason: doc.text_in(item, "reason"),
            })
        })
        .map(|list| {
            Event::OrderPathAuditResult(OrderPathAuditResult {
                header: header.clone(),
                list,
            })
        }),
        _ => return None,
    };
    parsed.ok()
}

fn wxa_auth(header: &EventHeader, doc: &XmlDoc<'_>) -> Result<WxaAuthProgress, Untyped> {
    let dispatch = doc.find(None, "dispatch_info");
    let dispatch_info = match dispatch {
        None => None,
        Some(at) => Some(DispatchInfo {
            provider: doc.text_in(Some(at), "provider"),
            contact: doc.text_in(Some(at), "contact"),
            dispatch_time: doc.lenient_int(Some(at), "dispatch_time")?,
        }),
    };
    Ok(WxaAuthProgress {
        header: header.clone(),
        appid: doc.text_in(None, "appid"),
        taskid: doc.text_in(None, "taskid"),
        task_status: status(doc, None, "task_status")?,
        apply_status: status(doc, None, "apply_status")?,
        message: doc.text_in(None, "message"),
        dispatch_info,
    })
}

/// A status field: absent is `None`; a number outside every table is kept as `Unknown`.
fn status<S: From<i64>>(
    doc: &XmlDoc<'_>,
    parent: Option<usize>,
    name: &str,
) -> Result<Option<S>, Untyped> {
    Ok(doc.lenient_int(parent, name)?.map(S::from))
}

/// Every top-level `list` element through `item`. The doc sample spells it `List` (with
/// PascalCase children) while observed pushes use lower case: only the lower-case form is
/// typed; a push with `List` and no `list` stays untyped, every element kept.
fn list<T>(
    doc: &XmlDoc<'_>,
    item: impl Fn(Option<usize>) -> Result<T, Untyped>,
) -> Result<Vec<T>, Untyped> {
    let items: Vec<usize> = doc.find_all(None, "list").collect();
    if items.is_empty() && doc.find(None, "List").is_some() {
        return Err(Untyped);
    }
    items.into_iter().map(|at| item(Some(at))).collect()
}
