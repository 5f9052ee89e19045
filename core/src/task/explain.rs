//! What a task's state means, who must act and what to do — in plain words, English and
//! Chinese. Status meanings come from the catalogues ([`crate::status`] for registration
//! statuses, [`crate::errcode`] for the legacy search's errcodes); what to do is written here.

use super::{Source, TaskKind, TaskRecord, TaskState, WaitingFor};
use crate::errcode;
use crate::status::{EnterpriseStatus, TaskStatus};

/// The table a code is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// Task statuses (§3.3): personal registration, 2026 enterprise registration.
    Task,
    /// Result-push statuses (§3.1), also trial registration and verification.
    Enterprise,
    /// The legacy enterprise search's errcodes (§3.1): 89250, 89251, 89252.
    Search,
}

/// The success path of a task status (§3.3), in order.
const TASK_PATH: [i64; 7] = [0, 3, 4, 6, 7, 9, 10];

/// The legacy search's answers, in the order a registration moves through them.
const SEARCH_PATH: [i64; 3] = [89252, 89251, 89250];

const SEARCH_OPERATION: &str = "register.enterprise_legacy_search";

impl Table {
    /// The state `code` means in this table; `None` when the table does not know it.
    pub(crate) fn state_of(self, code: i64) -> Option<TaskState> {
        match self {
            Self::Task => TaskStatus::from_code(code)
                .is_known()
                .then_some(match code {
                    0 | 3 | 4 | 6 | 7 | 9 | 10 => TaskState::Waiting,
                    12 | 13 => TaskState::Succeeded,
                    1 => TaskState::Expired,
                    _ => TaskState::Failed,
                }),
            Self::Enterprise => {
                EnterpriseStatus::from_code(code)
                    .is_known()
                    .then_some(match code {
                        0 => TaskState::Succeeded,
                        100_001..=100_003 => TaskState::Expired,
                        _ => TaskState::Failed,
                    })
            }
            Self::Search => SEARCH_PATH.contains(&code).then_some(TaskState::Waiting),
        }
    }

    /// The meaning of `code` in this table (English, Chinese); `None` if unknown.
    fn meaning(self, code: i64) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Task => {
                let s = TaskStatus::from_code(code);
                s.is_known().then(|| (s.meaning(), s.meaning_zh()))
            }
            Self::Enterprise => {
                let s = EnterpriseStatus::from_code(code);
                s.is_known().then(|| (s.meaning(), s.meaning_zh()))
            }
            Self::Search => errcode::lookup(SEARCH_OPERATION, code).map(|i| (i.en, i.zh)),
        }
    }
}

impl Table {
    /// The table's name as the task view gives it ([`super::Task::status_kind`]).
    fn name(self) -> &'static str {
        match self {
            Self::Task => "task",
            Self::Enterprise => "enterprise",
            Self::Search => "errcode",
        }
    }
}

/// The name of the table `code` from `source` is read in for `kind`: the one its meaning
/// comes from ([`meaning`]), or the flow's first table for a code none knows.
pub(crate) fn status_kind(kind: TaskKind, source: Source, code: i64) -> &'static str {
    if source == Source::Push && code == 0 {
        return Table::Enterprise.name();
    }
    let tables = tables(kind, source);
    tables
        .iter()
        .find(|t| t.meaning(code).is_some())
        .or(tables.first())
        .map_or(Table::Enterprise.name(), |t| t.name())
}

/// The tables a code from `source` is read in for `kind`, first match wins. A push's `0` is
/// success everywhere (handled before the tables).
pub(crate) fn tables(kind: TaskKind, source: Source) -> &'static [Table] {
    match (kind, source) {
        (TaskKind::Personal, Source::Push) => &[Table::Task, Table::Enterprise],
        (TaskKind::Personal | TaskKind::Enterprise, Source::Create | Source::Query) => {
            &[Table::Task]
        }
        (TaskKind::Enterprise, Source::Push) => &[Table::Enterprise, Table::Task],
        (TaskKind::EnterpriseLegacy, Source::Query) => &[Table::Search],
        _ => &[Table::Enterprise],
    }
}

/// How far along its flow a waiting task is (higher = further).
pub(crate) fn progress(kind: TaskKind, source: Source, status: Option<i64>) -> u32 {
    let Some(code) = status else {
        return 0;
    };
    let path: &[i64] = if kind == TaskKind::EnterpriseLegacy && source == Source::Query {
        &SEARCH_PATH
    } else {
        &TASK_PATH
    };
    path.iter()
        .position(|c| *c == code)
        .map_or(0, |i| u32::try_from(i).unwrap_or(0) + 1)
}

/// Texts for one task.
pub(crate) struct Said {
    pub(crate) meaning: &'static str,
    pub(crate) meaning_zh: &'static str,
    pub(crate) waiting_for: Option<WaitingFor>,
    pub(crate) next_step: &'static str,
    pub(crate) next_step_zh: &'static str,
}

fn said(
    (meaning, meaning_zh): (&'static str, &'static str),
    waiting_for: Option<WaitingFor>,
    (next_step, next_step_zh): (&'static str, &'static str),
) -> Said {
    Said {
        meaning,
        meaning_zh,
        waiting_for,
        next_step,
        next_step_zh,
    }
}

const UNKNOWN: (&str, &str) = (
    "a status WeChat does not document: an opaque failure (see msg)",
    "微信未公开的状态码：按失败处理（见 msg）",
);

const START_AGAIN: (&str, &str) = (
    "Start a new registration if it is still wanted; the person must act within 24 hours.",
    "如仍需注册，请重新发起；相关人员须在 24 小时内完成操作。",
);

/// What `record` means; `lapsed`: its window passed without result.
pub(crate) fn explain(record: &TaskRecord, lapsed: bool) -> Said {
    let kind = record.kind;
    if lapsed {
        let next = if kind.query_operation().is_some() {
            (
                "Reconcile once to ask WeChat; otherwise start a new registration if it is still wanted.",
                "可调用 reconcile 再向微信查询一次；否则如仍需注册，请重新发起。",
            )
        } else {
            START_AGAIN
        };
        return said(
            (
                "the 24-hour window passed without a result from WeChat",
                "24 小时内未收到微信的结果，已过期",
            ),
            None,
            next,
        );
    }
    let phase = &record.phase;
    let code_meaning = phase.status.map(|code| meaning(kind, phase.source, code));
    match phase.state {
        TaskState::Created => said(
            (
                "the create call was sent but its answer was lost: WeChat may or may not have started the registration",
                "创建请求已发出但未收到应答：微信可能已开始、也可能未开始该注册",
            ),
            None,
            if kind.query_operation().is_some() {
                (
                    "Reconcile (WeChat's search tells whether the registration runs); its result push tells the outcome.",
                    "调用 reconcile（微信的查询接口会告知注册是否在进行）；结果以推送为准。",
                )
            } else {
                (
                    "Wait for the result push (WeChat has no query for this flow); the task expires after 24 hours without one.",
                    "等待结果推送（该流程没有查询接口）；24 小时内未收到则视为过期。",
                )
            },
        ),
        TaskState::Waiting => waiting(kind, phase.status, code_meaning),
        TaskState::Succeeded => said(
            code_meaning.unwrap_or(match kind {
                TaskKind::ReuseOa => (
                    "registered with the official account's subject",
                    "已复用公众号主体注册",
                ),
                _ => ("the mini program was created", "小程序已创建"),
            }),
            None,
            succeeded_next(record),
        ),
        TaskState::Failed => said(
            code_meaning.unwrap_or(UNKNOWN),
            None,
            failure_hint(phase.status),
        ),
        TaskState::Expired => said(
            code_meaning.unwrap_or((
                "the person did not act within 24 hours",
                "相关人员未在 24 小时内完成操作",
            )),
            None,
            START_AGAIN,
        ),
    }
}

/// The meaning of `code` for `kind` from `source`: the first table that knows it, or the
/// opaque-failure text.
fn meaning(kind: TaskKind, source: Source, code: i64) -> (&'static str, &'static str) {
    if source == Source::Push && code == 0 {
        return Table::Enterprise.meaning(0).unwrap_or(UNKNOWN);
    }
    tables(kind, source)
        .iter()
        .find_map(|t| t.meaning(code))
        .unwrap_or(UNKNOWN)
}

fn waiting(
    kind: TaskKind,
    status: Option<i64>,
    code_meaning: Option<(&'static str, &'static str)>,
) -> Said {
    use WaitingFor::{LegalPerson, User, Wechat};
    let accepted = (
        "accepted by WeChat; waiting for the person",
        "微信已受理，等待相关人员操作",
    );
    let creating = (
        Wechat,
        (
            "The checks passed; WeChat is creating the mini program. Nobody needs to act.",
            "校验已通过，微信正在创建小程序，无需任何操作。",
        ),
    );
    let (who, next) = match (kind, status) {
        (TaskKind::Enterprise, Some(9 | 10)) | (TaskKind::Personal, Some(9 | 10)) => creating,
        (TaskKind::Enterprise, Some(3 | 4 | 6 | 7)) => (
            LegalPerson,
            (
                "The legal person is going through the checks on the authorization page; they continue there.",
                "法人正在授权页面完成校验，请其继续操作。",
            ),
        ),
        (TaskKind::Enterprise, _) => (
            LegalPerson,
            (
                "Send authorize_url to the legal person (WeChat sends no message); within 24 hours they open it and confirm with face verification.",
                "请将 authorize_url 发给法人（微信不会下发消息），法人须在 24 小时内打开并完成人脸核验确认。",
            ),
        ),
        (TaskKind::Personal, Some(3)) => (
            User,
            (
                "The user agreed; face verification comes next on the same page.",
                "用户已同意，接下来在同一页面进行人脸核验。",
            ),
        ),
        (TaskKind::Personal, Some(4)) => (
            User,
            (
                "The user is doing face verification.",
                "用户正在进行人脸核验。",
            ),
        ),
        (TaskKind::Personal, Some(6)) => (
            User,
            (
                "Face verification passed; the user must submit their phone number.",
                "人脸核验已通过，用户须提交手机号码。",
            ),
        ),
        (TaskKind::Personal, Some(7)) => (
            User,
            (
                "The user must enter the SMS code sent to their phone.",
                "用户须输入发送到其手机的短信验证码。",
            ),
        ),
        (TaskKind::Personal, _) => (
            User,
            (
                "Send authorize_url to the user; within 24 hours they open it and pass the ID, face and phone checks.",
                "请将 authorize_url 发给用户，用户须在 24 小时内打开并完成身份证、人脸和手机号校验。",
            ),
        ),
        (TaskKind::EnterpriseLegacy, Some(89251)) => (
            LegalPerson,
            (
                "The legal person must confirm WeChat's template message (ID check and face verification) within 24 hours.",
                "法人须在 24 小时内确认微信下发的模板消息（身份证校验与人脸核验）。",
            ),
        ),
        (TaskKind::EnterpriseLegacy, Some(89250)) => (
            Wechat,
            (
                "WeChat no longer lists this registration: it has ended, and its result push tells how (an authorized push follows a success). If no result arrives, it did not succeed.",
                "微信已查不到该注册任务：任务已结束，结果以推送为准（成功后还会推送授权事件）。若一直没有结果，则注册未成功。",
            ),
        ),
        (TaskKind::EnterpriseLegacy, _) => (
            Wechat,
            (
                "WeChat checks the enterprise against the legal person's data, then sends the legal person a template message in WeChat.",
                "微信正在核验企业与法人信息，之后会向法人下发微信模板消息。",
            ),
        ),
        (TaskKind::Beta, _) => (
            User,
            (
                "Send authorize_url to the user (WeChat sends no message); within 24 hours they open it and confirm, becoming the trial app's admin.",
                "请将 authorize_url 发给用户（微信不会下发消息），用户须在 24 小时内打开并确认，成为试用小程序的管理员。",
            ),
        ),
        (TaskKind::BetaVerify, _) => (
            LegalPerson,
            (
                "The legal person must confirm WeChat's template message with face verification within 24 hours; then the trial app's admin confirms.",
                "法人须在 24 小时内确认微信模板消息并完成人脸核验，之后由试用小程序管理员确认。",
            ),
        ),
        (TaskKind::ReuseOa, _) => creating,
    };
    said(code_meaning.unwrap_or(accepted), Some(who), next)
}

fn succeeded_next(record: &TaskRecord) -> (&'static str, &'static str) {
    match (
        &record.appid,
        record.authorized,
        record.authorization_errcode,
    ) {
        (None, _, _) => (
            "WeChat's result push brings the new appid (the query answer does not carry it).",
            "新小程序的 appid 会随结果推送送达（查询接口不返回 appid）。",
        ),
        (Some(_), true, _) => (
            "Done: the mini program's tokens are stored; call its APIs with its appid.",
            "已完成：小程序的令牌已保存，可用其 appid 调用接口。",
        ),
        (Some(_), false, Some(_)) => (
            "Its authorization could not be exchanged (see authorization_errcode): have the mini program authorize the platform again.",
            "授权码换取失败（见 authorization_errcode）：请让该小程序重新授权给第三方平台。",
        ),
        (Some(_), false, None) => (
            "Waiting for its authorization to be exchanged (the registration push's auth_code or the authorized push); the tokens are then stored.",
            "正在等待换取授权（注册结果推送中的 auth_code 或授权推送），换取后令牌即被保存。",
        ),
    }
}

/// What to do after a failure with `code`.
fn failure_hint(code: Option<i64>) -> (&'static str, &'static str) {
    match code {
        Some(-1) => (
            "Check that the enterprise name and the legal person's name match the business registry and the legal person's WeChat real name (msg may say more), then register again.",
            "核对企业名称、法人姓名与工商登记及法人微信实名是否一致（msg 可能有更多信息），然后重新注册。",
        ),
        Some(101) => (
            "The enterprise is deregistered: it cannot register a mini program.",
            "企业已注销，无法注册小程序。",
        ),
        Some(102) => (
            "Check the enterprise name and code; if they are right, the registry is not updated yet: try again later.",
            "核对企业名称和代码；若无误，说明工商信息尚未更新，请稍后再试。",
        ),
        Some(103 | 104 | 1000) => (
            "Correct the legal representative's name or ID number to match the business registry, then register again.",
            "按工商登记信息更正法定代表人姓名或身份证号后重新注册。",
        ),
        Some(105) => (
            "Register again after 5–15 working days, once the business registry is updated.",
            "请在 5-15 个工作日后（工商信息更新后）重新注册。",
        ),
        Some(1001) => (
            "This subject cannot create more mini programs.",
            "该主体已无法再创建小程序。",
        ),
        Some(1002 | 1004 | 1006 | 1008) => (
            "WeChat blacklisted this subject or admin: register with another one, or appeal to WeChat.",
            "该主体或管理员已被微信列入黑名单：请更换后注册，或向微信申诉。",
        ),
        Some(1003 | 1005 | 1007) => (
            "The admin (WeChat user, phone or ID card) reached its limit: register with another admin.",
            "管理员（微信号、手机号或身份证）已达上限：请更换管理员后注册。",
        ),
        Some(2) => (
            "The user declined; register again if they change their mind.",
            "用户已拒绝；如用户改变主意，请重新发起注册。",
        ),
        Some(5) => (
            "Face verification failed: register again and ask the user to retry the face check.",
            "人脸核验失败：请重新发起注册，并请用户重新进行人脸核验。",
        ),
        Some(8) => (
            "Phone verification failed: register again with a phone number the user controls.",
            "手机号验证失败：请使用用户本人可接收短信的手机号重新注册。",
        ),
        Some(11) => (
            "WeChat could not create the mini program: show msg and try again later.",
            "微信未能创建小程序：请展示 msg 并稍后重试。",
        ),
        Some(14) => (
            "WeChat's verification failed: check the subject's data and try again.",
            "微信认证失败：请核对主体信息后重试。",
        ),
        _ => (
            "WeChat does not document this code: show msg to the person and try again later; contact WeChat if it persists.",
            "微信未公开该状态码：请向相关人员展示 msg 并稍后重试；如持续出现请联系微信。",
        ),
    }
}
