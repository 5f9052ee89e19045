//! Status codes that registration results and link listings carry, as typed enums with their
//! meanings (Chinese and English). Unknown codes are kept, never dropped: every enum has an
//! `Unknown(i64)` variant, and WeChat documents new values from time to time.
//!
//! The tables:
//! * [`EnterpriseStatus`]: the `status` of the enterprise registration push
//!   `notify_third_fasteregister` (spec §3.1); also used by the beta→formal push
//!   `notify_third_fastverifybetaapp` (§3.5).
//! * [`TaskStatus`]: the task status of personal registration (§3.3) and of the 2026
//!   enterprise registration response (§3.0, "like personal registration").
//! * [`LinkStatus`]: the status of an official-account ↔ mini-program link (§4.1).
//! * Push statuses of the mini-program management flows (spec §13.3, §14): [`ReviewStatus`]
//!   (name and category audits), [`AppealStatus`], [`WxaAuthTaskStatus`] and
//!   [`WxaAuthApplyStatus`] (certification), [`IcpVerifyStatus`] (ICP face verification),
//!   [`IcpFilingStatus`] (ICP filing), [`AuthAndIcpStatus`] (combined certification + ICP),
//!   [`OrderPathApplyCode`] and [`OrderPathStatus`] (order-page path).
//!
//! Serialized form: the wire integer (`12`), in results and push events alike, so a status
//! compares equal to its number in every language (`PartialEq<i64>` in Rust; an `int`
//! subclass in Python; a `number` in JavaScript). What a code means is one call away:
//! [`explain`] (and the bindings' `describe_status` / `describeStatus`) gives
//! `{"code": 12, "kind": "task", "name": "creation_succeeded", "meaning": "creation succeeded",
//! "meaning_zh": "创建成功", "known": true}`; unknown codes have `name: "unknown"` and
//! `known: false`. Deserialization takes a number, a numeric string, or that object.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::wire::lenient_i64;

/// Which status table a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Enterprise registration result (§3.1 push table); also beta→formal results (§3.5).
    Enterprise,
    /// Personal registration task (§3.3) and 2026 enterprise registration task (§3.0).
    Task,
    /// Official-account ↔ mini-program link (§4.1).
    Link,
    /// Name / category audit result (§13.3 `ret`; the `audit_stat` scale).
    Review,
    /// Appeal record status (§13.3 `appeal_status`).
    Appeal,
    /// Certification task progress (§14.1 `task_status`).
    WxaAuthTask,
    /// Certification audit order (§14.1 `apply_status`).
    WxaAuthApply,
    /// ICP admin face verification (§14.3 `result`; the `face_status` scale).
    IcpVerify,
    /// ICP filing (§14.4 `beian_status`).
    IcpFiling,
    /// Combined certification + ICP procedure (§14.5 `procedure_status`).
    AuthAndIcp,
    /// Order-page path application (§14.6 `ret_code`).
    OrderPathApply,
    /// Order-page path audit (§14.6 `status`).
    OrderPathAudit,
}

impl StatusKind {
    /// Every kind, in table order.
    pub const ALL: &'static [StatusKind] = &[
        Self::Enterprise,
        Self::Task,
        Self::Link,
        Self::Review,
        Self::Appeal,
        Self::WxaAuthTask,
        Self::WxaAuthApply,
        Self::IcpVerify,
        Self::IcpFiling,
        Self::AuthAndIcp,
        Self::OrderPathApply,
        Self::OrderPathAudit,
    ];

    /// Stable snake_case name (`enterprise`, `task`, `link`, `review`, `appeal`,
    /// `wxa_auth_task`, `wxa_auth_apply`, `icp_verify`, `icp_filing`, `auth_and_icp`,
    /// `order_path_apply`, `order_path_audit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::Task => "task",
            Self::Link => "link",
            Self::Review => "review",
            Self::Appeal => "appeal",
            Self::WxaAuthTask => "wxa_auth_task",
            Self::WxaAuthApply => "wxa_auth_apply",
            Self::IcpVerify => "icp_verify",
            Self::IcpFiling => "icp_filing",
            Self::AuthAndIcp => "auth_and_icp",
            Self::OrderPathApply => "order_path_apply",
            Self::OrderPathAudit => "order_path_audit",
        }
    }

    /// The kind for a name the bindings pass: any [`StatusKind::as_str`] name, or the aliases
    /// `beta_verify` (enterprise) and `personal` (task).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "beta_verify" => Some(Self::Enterprise),
            "personal" => Some(Self::Task),
            _ => Self::ALL.iter().copied().find(|k| k.as_str() == name),
        }
    }
}

/// What one status code means ([`explain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusInfo {
    /// The code as WeChat sent it.
    pub code: i64,
    /// The table it was looked up in.
    pub kind: StatusKind,
    /// Stable snake_case name, `unknown` for codes not in the table.
    pub name: &'static str,
    /// Meaning in English.
    pub meaning: &'static str,
    /// Meaning in Chinese.
    pub meaning_zh: &'static str,
    /// Whether the code is in the table.
    pub known: bool,
}

/// What `code` means in the `kind` table. Unknown codes get a generic meaning and
/// `known: false`.
pub fn explain(kind: StatusKind, code: i64) -> StatusInfo {
    match kind {
        StatusKind::Enterprise => EnterpriseStatus::from_code(code).info(),
        StatusKind::Task => TaskStatus::from_code(code).info(),
        StatusKind::Link => LinkStatus::from_code(code).info(),
        StatusKind::Review => ReviewStatus::from_code(code).info(),
        StatusKind::Appeal => AppealStatus::from_code(code).info(),
        StatusKind::WxaAuthTask => WxaAuthTaskStatus::from_code(code).info(),
        StatusKind::WxaAuthApply => WxaAuthApplyStatus::from_code(code).info(),
        StatusKind::IcpVerify => IcpVerifyStatus::from_code(code).info(),
        StatusKind::IcpFiling => IcpFilingStatus::from_code(code).info(),
        StatusKind::AuthAndIcp => AuthAndIcpStatus::from_code(code).info(),
        StatusKind::OrderPathApply => OrderPathApplyCode::from_code(code).info(),
        StatusKind::OrderPathAudit => OrderPathStatus::from_code(code).info(),
    }
}

/// [`explain`] with the kind given by name, as the bindings pass it (see
/// [`StatusKind::from_name`]). An unknown kind is an [`crate::Error::InvalidArgument`] on
/// `kind` that lists the names.
pub fn explain_named(kind: &str, code: i64) -> crate::Result<StatusInfo> {
    StatusKind::from_name(kind)
        .map(|k| explain(k, code))
        .ok_or_else(|| {
            let names: Vec<&str> = StatusKind::ALL.iter().map(|k| k.as_str()).collect();
            crate::Error::invalid(
                "kind",
                format!(
                    "must be one of {} (or the aliases beta_verify, personal)",
                    names.join(", ")
                ),
            )
        })
}

/// Reads a status from a number, a numeric string, or the serialized object form.
fn de_code<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    let code = match &v {
        Value::Object(map) => map.get("code").and_then(lenient_i64),
        other => lenient_i64(other),
    };
    code.ok_or_else(|| {
        de::Error::custom(format!(
            "expected a status code (an integer), got {}",
            crate::wire::kind_of(&v)
        ))
    })
}

macro_rules! status_enum {
    (
        $(#[$meta:meta])*
        $name:ident, kind: $kind:ident, unknown: ($unknown_en:literal, $unknown_zh:literal),
        $( $variant:ident = $code:literal, $snake:literal, $en:literal, $zh:literal; )+
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", stringify!($code), "`: ", $en, " (", $zh, ")")]
                $variant,
            )+
            /// A code not in the table, kept as received.
            Unknown(i64),
        }

        impl $name {
            /// Every known code with its name and meanings, in table order.
            pub const TABLE: &'static [(i64, &'static str, &'static str, &'static str)] =
                &[$(($code, $snake, $en, $zh)),+];

            /// The status for a wire code; codes not in the table become `Unknown`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)+
                    other => Self::Unknown(other),
                }
            }

            /// The wire code.
            pub fn code(self) -> i64 {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Unknown(code) => code,
                }
            }

            /// Whether the code is in the table.
            pub fn is_known(self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// Stable snake_case name (`unknown` for codes not in the table).
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $snake,)+
                    Self::Unknown(_) => "unknown",
                }
            }

            /// Meaning in English.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Self::$variant => $en,)+
                    Self::Unknown(_) => $unknown_en,
                }
            }

            /// Meaning in Chinese.
            pub fn meaning_zh(self) -> &'static str {
                match self {
                    $(Self::$variant => $zh,)+
                    Self::Unknown(_) => $unknown_zh,
                }
            }

            /// The table this status belongs to.
            pub const KIND: StatusKind = StatusKind::$kind;

            /// Code, table, name, meanings and whether the code is known.
            pub fn info(self) -> StatusInfo {
                StatusInfo {
                    code: self.code(),
                    kind: Self::KIND,
                    name: self.name(),
                    meaning: self.meaning(),
                    meaning_zh: self.meaning_zh(),
                    known: self.is_known(),
                }
            }
        }

        /// Serialized as the wire integer.
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                crate::schema::status_schema(StatusKind::$kind, Self::TABLE)
            }
        }

        impl PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.code() == *other
            }
        }

        impl PartialEq<$name> for i64 {
            fn eq(&self, other: &$name) -> bool {
                *self == other.code()
            }
        }

        impl From<i64> for $name {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }

        impl From<$name> for i64 {
            fn from(status: $name) -> Self {
                status.code()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                de_code(d).map(Self::from_code)
            }
        }
    };
}

status_enum! {
    /// The `status` of an enterprise registration result push (spec §3.1), also used by the
    /// beta→formal verification push (§3.5). `0` is success; everything else is a failure,
    /// including codes not in the table (show the push's `msg`).
    EnterpriseStatus,
    kind: Enterprise,
    unknown: ("unknown status; treat as an opaque failure and show the push's msg",
              "未知状态，按失败处理并展示推送中的 msg"),
    Success = 0, "success", "success", "成功";
    NameMismatch = -1, "name_mismatch",
        "enterprise and legal-person name inconsistent (also seen as a generic failure)",
        "企业与法人姓名不一致（也见于一般性失败）";
    IdcardCheckTimeout = 100001, "idcard_check_timeout",
        "legal person did not confirm the template message within 24 h; ID-card check not done",
        "已下发的模板消息法人并未确认且已超时（24h），未进行身份证校验";
    FaceCheckTimeout = 100002, "face_check_timeout",
        "legal person did not confirm the template message within 24 h; face recognition not done",
        "已下发的模板消息法人并未确认且已超时（24h），未进行人脸识别校验";
    ConfirmTimeout = 100003, "confirm_timeout",
        "legal person did not confirm the template message within 24 h",
        "已下发的模板消息法人并未确认且已超时（24h）";
    EnterpriseDeregistered = 101, "enterprise_deregistered",
        "business registry: the enterprise is deregistered",
        "工商数据返回：企业已注销";
    EnterpriseNotFound = 102, "enterprise_not_found",
        "business registry: the enterprise does not exist or its information is not updated",
        "工商数据返回：企业不存在或企业信息未更新";
    LegalRepNameMismatch = 103, "legal_rep_name_mismatch",
        "business registry: legal representative name does not match",
        "工商数据返回：企业法定代表人姓名不一致";
    LegalRepIdcardMismatch = 104, "legal_rep_idcard_mismatch",
        "business registry: legal representative ID number does not match",
        "工商数据返回：企业法定代表人身份证号码不一致";
    LegalRepIdcardNotUpdated = 105, "legal_rep_idcard_not_updated",
        "legal representative ID not yet updated in the business registry; retry after 5–15 working days",
        "法定代表人身份证号码工商数据未更新，请 5-15 个工作日之后尝试";
    RegistryInconsistent = 1000, "registry_inconsistent",
        "business registry: enterprise or legal-representative information inconsistent",
        "工商数据返回：企业信息或法定代表人信息不一致";
    SubjectCreationLimit = 1001, "subject_creation_limit",
        "the subject reached its mini-program creation limit",
        "主体创建小程序数量达到上限";
    SubjectBlacklisted = 1002, "subject_blacklisted",
        "the subject is blacklisted",
        "主体违规命中黑名单";
    AdminBoundLimit = 1003, "admin_bound_limit",
        "the admin reached the bound-account limit",
        "管理员绑定账号数量达到上限";
    AdminBlacklisted = 1004, "admin_blacklisted",
        "the admin is blacklisted",
        "管理员违规命中黑名单";
    AdminPhoneBoundLimit = 1005, "admin_phone_bound_limit",
        "the admin's phone reached the bound-account limit",
        "管理员手机绑定账号数量达到上限";
    AdminPhoneBlacklisted = 1006, "admin_phone_blacklisted",
        "the admin's phone is blacklisted",
        "管理员手机号违规命中黑名单";
    AdminIdcardCreationLimit = 1007, "admin_idcard_creation_limit",
        "the admin's ID card reached the account-creation limit",
        "管理员身份证创建账号数量达到上限";
    AdminIdcardBlacklisted = 1008, "admin_idcard_blacklisted",
        "the admin's ID card is blacklisted",
        "管理员身份证违规命中黑名单";
}

status_enum! {
    /// The task `status` of personal registration (spec §3.3), also returned by the 2026
    /// enterprise registration (§3.0). `12` is success; 1001–1008 mean what they mean in
    /// [`EnterpriseStatus`].
    TaskStatus,
    kind: Task,
    unknown: ("unknown task status; keep polling or wait for the push, and show errmsg/msg",
              "未知任务状态，请继续查询或等待推送"),
    TaskGenerated = 0, "task_generated", "task generated", "任务已生成";
    TaskTimedOut = 1, "task_timed_out", "task timed out", "任务超时";
    RejectedByUser = 2, "rejected_by_user", "rejected by the user", "用户拒绝";
    UserAgreed = 3, "user_agreed", "the user agreed", "用户同意";
    FaceCheckStarted = 4, "face_check_started", "face verification started", "发起人脸流程";
    FaceCheckFailed = 5, "face_check_failed", "face verification failed", "人脸认证失败";
    FaceCheckPassed = 6, "face_check_passed", "face verification passed", "人脸认证成功";
    PhoneSmsSent = 7, "phone_sms_sent",
        "after face verification the phone number was submitted and an SMS sent",
        "人脸认证后，手机号码已提交并已发送验证短信";
    PhoneCheckFailed = 8, "phone_check_failed", "phone verification failed", "手机号码验证失败";
    PhoneCheckPassed = 9, "phone_check_passed", "phone verification passed", "手机号码验证成功";
    CreationSubmitted = 10, "creation_submitted",
        "creation submitted after phone verification", "手机号码验证成功后已提交创建";
    CreationFailed = 11, "creation_failed", "creation failed", "创建失败";
    CreationSucceeded = 12, "creation_succeeded", "creation succeeded", "创建成功";
    VerificationSucceeded = 13, "verification_succeeded", "verification succeeded", "认证成功";
    VerificationFailed = 14, "verification_failed", "verification failed", "认证失败";
    SubjectCreationLimit = 1001, "subject_creation_limit",
        "the subject reached its mini-program creation limit", "主体创建小程序数量达到上限";
    SubjectBlacklisted = 1002, "subject_blacklisted", "the subject is blacklisted", "主体违规命中黑名单";
    AdminBoundLimit = 1003, "admin_bound_limit",
        "the admin reached the bound-account limit", "管理员绑定账号数量达到上限";
    AdminBlacklisted = 1004, "admin_blacklisted", "the admin is blacklisted", "管理员违规命中黑名单";
    AdminPhoneBoundLimit = 1005, "admin_phone_bound_limit",
        "the admin's phone reached the bound-account limit", "管理员手机绑定账号数量达到上限";
    AdminPhoneBlacklisted = 1006, "admin_phone_blacklisted",
        "the admin's phone is blacklisted", "管理员手机号违规命中黑名单";
    AdminIdcardCreationLimit = 1007, "admin_idcard_creation_limit",
        "the admin's ID card reached the account-creation limit", "管理员身份证创建账号数量达到上限";
    AdminIdcardBlacklisted = 1008, "admin_idcard_blacklisted",
        "the admin's ID card is blacklisted", "管理员身份证违规命中黑名单";
}

status_enum! {
    /// The `status` of an official-account ↔ mini-program link (spec §4.1).
    LinkStatus,
    kind: Link,
    unknown: ("unknown link status", "未知关联状态"),
    Linked = 1, "linked", "linked", "已关联";
    WaitingForMiniProgramAdmin = 2, "waiting_for_mini_program_admin",
        "waiting for the mini-program admin to confirm", "等待小程序管理员确认中";
    RejectedByMiniProgramAdmin = 3, "rejected_by_mini_program_admin",
        "rejected by the mini-program admin", "小程序管理员拒绝关联";
    WaitingForOfficialAccountAdmin = 12, "waiting_for_official_account_admin",
        "waiting for the official-account admin to confirm", "等待公众号管理员确认中";
}

mod push;

pub use push::{
    AppealStatus, AuthAndIcpStatus, IcpFilingStatus, IcpVerifyStatus, OrderPathApplyCode,
    OrderPathStatus, ReviewStatus, WxaAuthApplyStatus, WxaAuthTaskStatus,
};

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_table(table: &[(i64, &str, &str, &str)]) {
        let mut codes: Vec<i64> = table.iter().map(|r| r.0).collect();
        let mut names: Vec<&str> = table.iter().map(|r| r.1).collect();
        codes.sort_unstable();
        codes.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(codes.len(), table.len(), "duplicate code");
        assert_eq!(names.len(), table.len(), "duplicate name");
        assert!(
            table
                .iter()
                .all(|r| !r.2.is_empty() && !r.3.is_empty() && r.1 != "unknown")
        );
    }

    #[test]
    fn tables_are_unique_and_filled_in() {
        check_table(EnterpriseStatus::TABLE);
        check_table(TaskStatus::TABLE);
        check_table(LinkStatus::TABLE);
        for table in [
            ReviewStatus::TABLE,
            AppealStatus::TABLE,
            WxaAuthTaskStatus::TABLE,
            WxaAuthApplyStatus::TABLE,
            IcpVerifyStatus::TABLE,
            IcpFilingStatus::TABLE,
            AuthAndIcpStatus::TABLE,
            OrderPathApplyCode::TABLE,
            OrderPathStatus::TABLE,
        ] {
            check_table(table);
        }
        assert_eq!(WxaAuthTaskStatus::TABLE.len(), 14);
        assert_eq!(AuthAndIcpStatus::TABLE.len(), 16);
        assert_eq!(EnterpriseStatus::TABLE.len(), 19);
        assert_eq!(TaskStatus::TABLE.len(), 23);
        assert_eq!(LinkStatus::TABLE.len(), 4);
    }

    #[test]
    fn codes_round_trip_and_unknown_is_kept() {
        for &(code, ..) in EnterpriseStatus::TABLE {
            assert_eq!(EnterpriseStatus::from_code(code).code(), code);
        }
        let s = EnterpriseStatus::from_code(106);
        assert_eq!(s, EnterpriseStatus::Unknown(106));
        assert_eq!(s.code(), 106);
        assert!(!s.is_known());
        assert_eq!(
            EnterpriseStatus::from_code(-1),
            EnterpriseStatus::NameMismatch
        );
    }

    #[test]
    fn serialized_form_is_the_integer_and_reads_back() {
        let v = serde_json::to_value(TaskStatus::CreationSucceeded).expect("serializes");
        assert_eq!(v, json!(12));
        assert_eq!(TaskStatus::CreationSucceeded, 12);
        assert_eq!(12, TaskStatus::CreationSucceeded);
        let info = serde_json::to_value(TaskStatus::CreationSucceeded.info()).expect("info");
        assert_eq!(
            info,
            json!({"code": 12, "kind": "task", "name": "creation_succeeded", "meaning": "creation succeeded", "meaning_zh": "创建成功", "known": true})
        );
        assert_eq!(
            serde_json::from_value::<TaskStatus>(info).expect("object"),
            TaskStatus::CreationSucceeded
        );
        assert_eq!(
            serde_json::from_value::<LinkStatus>(json!("12")).expect("string"),
            LinkStatus::WaitingForOfficialAccountAdmin
        );
        assert_eq!(
            serde_json::from_value::<LinkStatus>(json!(7)).expect("number"),
            LinkStatus::Unknown(7)
        );
        assert!(serde_json::from_value::<LinkStatus>(json!("x")).is_err());
        let unknown = serde_json::to_value(LinkStatus::Unknown(7).info()).expect("serializes");
        assert_eq!(unknown["known"], false);
        assert_eq!(unknown["name"], "unknown");
        assert_eq!(unknown["code"], 7);
        assert_eq!(
            serde_json::to_value(LinkStatus::Unknown(7)).expect("int"),
            json!(7)
        );
    }

    #[test]
    fn explain_matches_the_enums() {
        assert_eq!(
            explain(StatusKind::Enterprise, 1003).name,
            "admin_bound_limit"
        );
        assert_eq!(explain(StatusKind::Task, 1003).name, "admin_bound_limit");
        assert_eq!(
            explain(StatusKind::Link, 3).name,
            "rejected_by_mini_program_admin"
        );
        assert!(!explain(StatusKind::Enterprise, 100004).known);
        assert_eq!(
            StatusKind::from_name("beta_verify"),
            Some(StatusKind::Enterprise)
        );
        assert_eq!(StatusKind::from_name("nope"), None);
        assert_eq!(
            explain_named("personal", 12).expect("known kind").name,
            "creation_succeeded"
        );
        assert!(explain_named("nope", 1).is_err());
        for kind in StatusKind::ALL {
            assert_eq!(StatusKind::from_name(kind.as_str()), Some(*kind));
            assert_eq!(explain(*kind, 123_456).kind, *kind);
        }
        assert_eq!(explain_named("icp_filing", 6).expect("kind").name, "filed");
        assert!(!explain_named("icp_filing", 1025).expect("kind").known);
        assert_eq!(
            explain_named("order_path_apply", -2).expect("kind").name,
            "invalid_appid"
        );
        let err = explain_named("nope", 1).unwrap_err().to_string();
        assert!(err.contains("wxa_auth_task"), "{err}");
    }
}
