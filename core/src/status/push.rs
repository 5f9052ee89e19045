//! Status tables of the mini-program management pushes (spec §13.3, §14). Same shape as the
//! registration tables: unknown codes are kept as `Unknown(code)`, the serialized form is the
//! wire integer.

use super::{StatusInfo, StatusKind, de_code};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

status_enum! {
    /// The result of a name or category audit (spec §13.3): `wxa_nickname_audit.ret` (2 failed,
    /// 3 succeeded) and `wxa_category_audit.ret`, on the `audit_stat` / getcategory scale. The
    /// category push's values are not tabulated by WeChat (assumed the same scale, not verified).
    ReviewStatus,
    kind: Review,
    unknown: ("unknown audit result; poll the query API", "未知审核结果，请调用查询接口"),
    Reviewing = 1, "reviewing", "under review", "审核中";
    Rejected = 2, "rejected", "rejected", "审核驳回";
    Approved = 3, "approved", "approved", "审核通过";
}

status_enum! {
    /// `appeal_status` of a `wxa_appeal_record` push (spec §13.3).
    AppealStatus,
    kind: Appeal,
    unknown: ("unknown appeal status", "未知申诉状态"),
    Processing = 1, "processing", "being processed", "处理中";
    Passed = 2, "passed", "appeal passed", "申诉通过";
    Rejected = 3, "rejected", "appeal rejected", "申诉驳回";
    Withdrawn = 4, "withdrawn", "appeal withdrawn", "已撤销";
}

status_enum! {
    /// `task_status` of a mini-program certification task (spec §14.1, `notify_3rd_wxa_auth`
    /// and `/wxa/sec/queryauth`).
    WxaAuthTaskStatus,
    kind: WxaAuthTask,
    unknown: ("unknown certification task status; poll /wxa/sec/queryauth",
              "未知认证任务状态，请调用 queryauth 查询"),
    Initial = 0, "initial", "task created", "初始";
    TimedOut = 1, "timed_out", "timed out (24 h)", "任务超时（24 小时）";
    RefusedByUser = 2, "refused_by_user", "the user refused", "用户拒绝";
    UserAgreed = 3, "user_agreed", "the user agreed", "用户同意";
    FaceCheckStarted = 4, "face_check_started", "face verification started", "发起人脸";
    FaceCheckFailed = 5, "face_check_failed", "face verification failed", "人脸失败";
    FaceCheckPassed = 6, "face_check_passed", "face verification passed", "人脸成功";
    PhoneSmsSent = 7, "phone_sms_sent", "SMS code sent to the phone", "已发送手机验证码";
    PhoneCheckFailed = 8, "phone_check_failed", "phone verification failed", "手机验证失败";
    PhoneCheckPassed = 9, "phone_check_passed", "phone verification passed", "手机验证成功";
    AuditOrderFailed = 11, "audit_order_failed", "creating the audit order failed", "创建审核单失败";
    AuditOrderCreated = 12, "audit_order_created", "audit order created", "创建审核单成功";
    VerificationFailed = 14, "verification_failed", "verification failed", "验证失败";
    AwaitingPayment = 15, "awaiting_payment", "awaiting payment", "等待支付";
}

status_enum! {
    /// `apply_status` of a mini-program certification's audit order (spec §14.1).
    WxaAuthApplyStatus,
    kind: WxaAuthApply,
    unknown: ("unknown audit order status; poll /wxa/sec/queryauth", "未知审核单状态，请调用 queryauth 查询"),
    NoOrder = 0, "no_order", "no audit order", "审核单不存在";
    AwaitingPayment = 1, "awaiting_payment", "awaiting payment", "待支付";
    UnderReview = 2, "under_review", "under review (dispatched to a provider)", "审核中（已派单）";
    SentBack = 3, "sent_back", "sent back to be filled in again", "打回重填";
    Passed = 4, "passed", "certification passed", "认证通过";
    Failed = 5, "failed", "certification finally failed", "认证最终失败";
}

status_enum! {
    /// `result` of an ICP admin face verification (spec §14.3: 2 failed, 3 succeeded), on the
    /// `face_status` scale of `/wxa/icp/query_icp_verifytask`.
    IcpVerifyStatus,
    kind: IcpVerify,
    unknown: ("unknown face verification status; poll query_icp_verifytask",
              "未知人脸核验状态，请调用 query_icp_verifytask 查询"),
    NotStarted = 0, "not_started", "not started", "未开始";
    Waiting = 1, "waiting", "waiting for the admin", "等待中";
    Failed = 2, "failed", "face verification failed", "失败";
    Succeeded = 3, "succeeded", "face verification succeeded", "成功";
}

status_enum! {
    /// `beian_status` of an ICP filing (spec §14.4), the `get_icp_entrance_info` scale. Codes
    /// from 1025 up are further "not filed" variants (see the rejection reasons in
    /// `audit_data[]`).
    IcpFilingStatus,
    kind: IcpFiling,
    unknown: ("unknown filing status (1025 and up: not filed); see get_icp_entrance_info",
              "未知备案状态（1025 及以上为未备案），请调用 get_icp_entrance_info 查询"),
    PlatformReview = 2, "platform_review", "under the platform's review", "平台审核中";
    PlatformRejected = 3, "platform_rejected", "rejected by the platform", "平台审核驳回";
    AuthorityReview = 4, "authority_review", "under the filing authority's review", "管局审核中";
    AuthorityRejected = 5, "authority_rejected", "rejected by the filing authority", "管局审核驳回";
    Filed = 6, "filed", "filed", "已备案";
    NotFiled = 1024, "not_filed", "not filed", "未备案";
}

status_enum! {
    /// `procedure_status` of the combined certification + ICP flow (spec §14.5,
    /// `/wxa/sec/query_auth_and_icp`).
    AuthAndIcpStatus,
    kind: AuthAndIcp,
    unknown: ("unknown procedure status; poll /wxa/sec/query_auth_and_icp",
              "未知流程状态，请调用 query_auth_and_icp 查询"),
    PhoneCheckPassed = 9, "phone_check_passed", "phone verification passed", "手机验证成功";
    AwaitingFee = 15, "awaiting_fee", "awaiting the fee", "等待支付认证审核费用";
    FeePaid = 16, "fee_paid", "fee paid", "已支付认证审核费用";
    CertificationReview = 17, "certification_review", "certification under review", "认证审核中";
    SentBack = 18, "sent_back", "certification sent back", "认证打回重填";
    CertificationPassed = 19, "certification_passed", "certification passed", "认证通过";
    CertificationFailed = 20, "certification_failed", "certification finally failed", "认证最终失败";
    IcpOrderFailed = 21, "icp_order_failed", "creating the ICP order failed", "创建备案审核单失败";
    PlatformIcpReview = 22, "platform_icp_review", "ICP under the platform's review", "备案平台审核中";
    PlatformIcpRejected = 23, "platform_icp_rejected", "ICP rejected by the platform", "备案平台审核驳回";
    AuthorityReview = 24, "authority_review", "ICP under the filing authority's review", "备案管局审核中";
    AuthorityRejected = 25, "authority_rejected", "ICP rejected by the filing authority", "备案管局审核驳回";
    Done = 26, "done", "certification and filing done", "认证及备案完成";
    Expired = 27, "expired", "the procedure expired", "流程已过期";
    Terminated = 28, "terminated", "the procedure was terminated", "流程已终止";
    IcpWithdrawn = 29, "icp_withdrawn", "the ICP filing was withdrawn", "备案已撤回";
}

status_enum! {
    /// `ret_code` of an order-page path application item (spec §14.6).
    OrderPathApplyCode,
    kind: OrderPathApply,
    unknown: ("unknown application result", "未知申请结果"),
    Submitted = 0, "submitted", "submitted", "提交成功";
    Duplicate = 1, "duplicate", "already submitted", "重复提交";
    Busy = -1, "busy", "system busy; apply again later", "系统繁忙，请稍后重试";
    InvalidAppid = -2, "invalid_appid", "invalid appid", "appid 无效";
}

status_enum! {
    /// `status` of an order-page path audit item (spec §14.6), the `getorderpathinfo` scale.
    OrderPathStatus,
    kind: OrderPathAudit,
    unknown: ("unknown audit status; see getorderpathinfo", "未知审核状态，请调用 getorderpathinfo 查询"),
    Reviewing = 2, "reviewing", "under review", "审核中";
    Failed = 3, "failed", "audit failed", "审核失败";
    Passed = 4, "passed", "audit passed", "审核通过";
}
