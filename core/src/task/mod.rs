//! Registration tasks: one model for every fast-registration flow of spec §3, kept up to date
//! from what WeChat says about it — the create call's answer, the query/search APIs and the
//! result pushes — idempotently.
//!
//! | Flow | [`TaskKind`] | Task id | Sources of truth |
//! |---|---|---|---|
//! | enterprise 2026 (§3.0) | `enterprise` | `task:{taskid}` | response; push `notify_third_fasteregister` (`info.taskid`) |
//! | enterprise legacy (§3.1) | `enterprise_legacy` | `legacy:{sha1(name, legal_persona_wechat, legal_persona_name)}` | response; search (errcodes 89250/89251/89252); push (`info` echoes the subject) |
//! | personal (§3.3) | `personal` | `task:{taskid}` | response; query (statuses 0–14, 1001–1008); push (`info.taskid`, or `wxuser`+`idname`) |
//! | trial (§3.4) | `beta` | `beta:{unique_id}` | response; push `notify_third_fastregisterbetaapp` (`info.unique_id`, then the appid) |
//! | trial verification (§3.5) | `beta_verify` | `beta_verify:{beta appid}` | response; push `notify_third_fastverifybetaapp` |
//! | reuse an official account (§3.2) | `reuse_oa` | `reuse_oa:{new appid}` | the synchronous response |
//!
//! A task moves `created → waiting → succeeded | failed | expired` ([`TaskState`]):
//! * **created**: the create call was sent but its answer was lost (transport failure, a
//!   gateway error, `-1`); only flows whose id is known before the answer (legacy enterprise,
//!   trial verification) can record it.
//! * **waiting**: WeChat accepted the task; someone must act ([`WaitingFor`]): the legal
//!   person, the user, the trial app's admin, or WeChat itself. The view ([`Task`]) carries the
//!   `authorize_url` and what they must do, in plain words.
//! * **succeeded**: the mini program exists (`appid`, when WeChat said it); `authorized` once
//!   its authorization was exchanged through the driver's intake and its tokens are stored.
//! * **failed**: WeChat's status code, its meaning from the catalogue ([`crate::status`]) and
//!   what to do. Codes no table knows are opaque failures that keep the push's `msg`.
//! * **expired**: WeChat said the 24 h window passed (statuses 100001–100003, personal 1), or
//!   the window plus a grace period passed without any result (derived when the task is read;
//!   a later result from WeChat replaces it).
//!
//! Updates ([`Update`]) are merged by [`apply`], a pure function: every observation ranks, and
//! a task keeps the highest one (terminal above waiting, waiting progress in the order WeChat
//! moves through it, a push above a query above a response). A duplicated, late or reordered
//! observation therefore never moves a task backwards, and any order of the same observations
//! ends in the same task. Flows whose id is reused (the same enterprise subject, the same trial
//! app) start a new *attempt* when a later create call is accepted; a push created before that
//! attempt's create call was sent is ignored.
//!
//! The driver ([`crate::driver::Driver`]) keeps tasks in the platform's store and applies
//! updates from the calls and pushes it handles; `docs/tasks.md` describes the whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

mod explain;
mod model;
pub(crate) mod track;

pub use model::{Applied, apply};

/// How long the person has, for the flows with a window (spec §3: 24 h everywhere).
pub const WINDOW_MS: u64 = 24 * 60 * 60 * 1000;

/// How far a push's `CreateTime` may lie before the create call of the attempt it is applied
/// to (clock differences between WeChat and the host): older pushes belong to an earlier
/// attempt of a reused id.
pub const CLOCK_SKEW_MS: u64 = 60_000;

/// The registration flow a task follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// `register.enterprise` (§3.0, the 2026 flow): keyed by `taskid`.
    Enterprise,
    /// `register.enterprise_legacy` (§3.1, deprecated): keyed by the subject.
    EnterpriseLegacy,
    /// `register.personal` (§3.3): keyed by `taskid`.
    Personal,
    /// `register.beta` (§3.4): keyed by `unique_id`; the push brings the appid.
    Beta,
    /// `register.beta_verify` (§3.5): keyed by the trial app's appid.
    BetaVerify,
    /// `register.reuse_oa` (§3.2): synchronous; keyed by the new appid.
    ReuseOa,
}

impl TaskKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::Enterprise,
        Self::EnterpriseLegacy,
        Self::Personal,
        Self::Beta,
        Self::BetaVerify,
        Self::ReuseOa,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::EnterpriseLegacy => "enterprise_legacy",
            Self::Personal => "personal",
            Self::Beta => "beta",
            Self::BetaVerify => "beta_verify",
            Self::ReuseOa => "reuse_oa",
        }
    }

    /// The kind named `name` (as [`TaskKind::as_str`] spells it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The registry operation that creates such a task.
    pub fn operation(self) -> &'static str {
        match self {
            Self::Enterprise => "register.enterprise",
            Self::EnterpriseLegacy => "register.enterprise_legacy",
            Self::Personal => "register.personal",
            Self::Beta => "register.beta",
            Self::BetaVerify => "register.beta_verify",
            Self::ReuseOa => "register.reuse_oa",
        }
    }

    /// The kind of task a `register` call of `operation` (a registry name) records: the
    /// inverse of [`TaskKind::operation`]; `None` for every other operation.
    pub fn created_by(operation: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.operation() == operation)
    }

    /// The operation WeChat offers to ask about such a task, if any: `register.personal_query`
    /// and `register.enterprise_legacy_search`. For the other flows the push is the only
    /// source of the result.
    pub fn query_operation(self) -> Option<&'static str> {
        match self {
            Self::Personal => Some("register.personal_query"),
            Self::EnterpriseLegacy => Some("register.enterprise_legacy_search"),
            _ => None,
        }
    }

    /// The window the person has to act ([`WINDOW_MS`]); `None` for the synchronous flow.
    pub fn window_ms(self) -> Option<u64> {
        match self {
            Self::ReuseOa => None,
            _ => Some(WINDOW_MS),
        }
    }

    /// Whether the id is reused by later registrations (same subject, same trial app), so that
    /// a later accepted create call starts a new attempt.
    pub fn reuses_id(self) -> bool {
        matches!(self, Self::EnterpriseLegacy | Self::BetaVerify)
    }
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// The create call was sent; its answer was lost.
    Created,
    /// WeChat accepted it; someone must act.
    Waiting,
    /// The mini program exists.
    Succeeded,
    /// WeChat said it failed.
    Failed,
    /// The window passed without result.
    Expired,
}

impl TaskState {
    /// Every state.
    pub const ALL: [Self; 5] = [
        Self::Created,
        Self::Waiting,
        Self::Succeeded,
        Self::Failed,
        Self::Expired,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Waiting => "waiting",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Expired => "expired",
        }
    }

    /// The state named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Succeeded, failed or expired.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Expired)
    }
}

/// Where an observation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The create call's answer (or its loss).
    Create,
    /// A query or search answer.
    Query,
    /// A result push.
    Push,
    /// The clock: the window passed (only in views, never stored).
    Clock,
}

impl Source {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Query => "query",
            Self::Push => "push",
            Self::Clock => "clock",
        }
    }
}

/// Who must act for a waiting task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitingFor {
    /// The enterprise's legal person (template message or `authorize_url`, face check).
    LegalPerson,
    /// The person registering (personal, trial).
    User,
    /// The trial app's admin (second confirmation of a verification).
    Admin,
    /// Nobody: WeChat is checking or creating.
    Wechat,
}

impl WaitingFor {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LegalPerson => "legal_person",
            Self::User => "user",
            Self::Admin => "admin",
            Self::Wechat => "wechat",
        }
    }
}

/// The stored state of a task: the highest observation so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// The state it puts the task in.
    pub state: TaskState,
    /// WeChat's code: a task status (§3.3), a push status (§3.1), or a search errcode
    /// (89250–89252); `None` when the answer carried none.
    pub status: Option<i64>,
    /// Where it came from.
    pub source: Source,
    /// The push's `msg`, verbatim.
    #[serde(default)]
    pub msg: Option<String>,
}

/// `…:task:{id}`: one task as the store keeps it (durable). Hosts never parse it; the driver
/// hands out [`Task`] views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// Format version.
    pub v: u32,
    /// The task id (see the module table).
    pub id: String,
    /// The flow.
    pub kind: TaskKind,
    /// 1 for the first registration under this id; counts up when a reused id starts again.
    pub attempt: u32,
    /// When this attempt was first seen (unix ms).
    pub created_at_ms: u64,
    /// When it last changed (unix ms).
    pub updated_at_ms: u64,
    /// When its create call was sent (unix ms); `None` when known from a push only.
    #[serde(default)]
    pub sent_at_ms: Option<u64>,
    /// When its window ends (unix ms); `None` without window or create answer.
    #[serde(default)]
    pub expires_at_ms: Option<u64>,
    /// The highest observation.
    pub phase: Phase,
    /// The page the person must open (`None` for flows without one).
    #[serde(default)]
    pub authorize_url: Option<String>,
    /// The mini program, once known.
    #[serde(default)]
    pub appid: Option<String>,
    /// Whether its authorization was exchanged and the tokens stored.
    #[serde(default)]
    pub authorized: bool,
    /// The errcode of a failed exchange (61009, 61010 …), when it failed for good.
    #[serde(default)]
    pub authorization_errcode: Option<i64>,
    /// What the registration was asked with and told (names, ids, codes; never a credential,
    /// ID-card number or phone number).
    #[serde(default)]
    pub details: BTreeMap<String, String>,
    /// Pushes created at or before this `CreateTime` (unix s) belong to earlier attempts.
    #[serde(default)]
    pub stale_before: Option<i64>,
    /// `CreateTime` of the latest result push applied to this attempt.
    #[serde(default)]
    pub result_create_time: Option<i64>,
}

/// A task as the driver hands it out: the record plus what its state means, who must act and
/// what to do, for the time it was read. Serialized (serde) with these field names; it never
/// carries a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The task id.
    pub id: String,
    /// The flow.
    pub kind: TaskKind,
    /// The state, expiry included.
    pub state: TaskState,
    /// Whether a wait is over: a terminal state, and for a success with an appid, its
    /// authorization exchanged (or failed for good).
    pub settled: bool,
    /// WeChat's code behind the state (see [`Phase::status`]).
    pub status: Option<i64>,
    /// The catalogue `status` is read in: `task` (the task statuses of §3.3 — personal and
    /// 2026 enterprise creates and queries), `enterprise` (result-push statuses, §3.1 — also
    /// trial registration and verification) or `errcode` (the legacy search's errcodes
    /// 89250–89252); `None` without a status. The bindings type `status` by it
    /// (`describe_status(status_kind, status)`).
    pub status_kind: Option<&'static str>,
    /// Where the state came from (`clock` for an expiry derived from the window).
    pub source: Source,
    /// The push's `msg`, verbatim.
    pub msg: Option<String>,
    /// What the state and code mean.
    pub meaning: &'static str,
    /// The same in Chinese.
    pub meaning_zh: &'static str,
    /// Who must act, while waiting.
    pub waiting_for: Option<WaitingFor>,
    /// What happens next or what to do, in plain words.
    pub next_step: &'static str,
    /// The same in Chinese.
    pub next_step_zh: &'static str,
    /// The page the person must open.
    pub authorize_url: Option<String>,
    /// The mini program, once known.
    pub appid: Option<String>,
    /// Whether its authorization was exchanged and the tokens stored.
    pub authorized: bool,
    /// The errcode of a failed exchange.
    pub authorization_errcode: Option<i64>,
    /// Whether WeChat has a query API for this flow (`reconcile` asks it).
    pub can_query: bool,
    /// Attempt number under a reused id.
    pub attempt: u32,
    /// When first seen (unix ms).
    pub created_at_ms: u64,
    /// When last changed (unix ms).
    pub updated_at_ms: u64,
    /// When the window ends (unix ms).
    pub expires_at_ms: Option<u64>,
    /// What the registration was asked with and told.
    pub details: BTreeMap<String, String>,
}

/// Which tasks a listing returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// Only this flow.
    pub kind: Option<TaskKind>,
    /// Only this state (as of the listing, expiry included).
    pub state: Option<TaskState>,
    /// At most this many (newest first).
    pub limit: Option<usize>,
}

impl TaskFilter {
    /// A filter from the names the bindings pass; an unknown name is an
    /// [`Error::InvalidArgument`] on `kind` / `state`.
    pub fn from_names(kind: Option<&str>, state: Option<&str>, limit: Option<u64>) -> Result<Self> {
        let kind = match kind {
            None => None,
            Some(name) => Some(TaskKind::from_name(name).ok_or_else(|| {
                Error::invalid(
                    "kind",
                    "must be enterprise, enterprise_legacy, personal, beta, beta_verify or reuse_oa",
                )
            })?),
        };
        let state = match state {
            None => None,
            Some(name) => Some(TaskState::from_name(name).ok_or_else(|| {
                Error::invalid(
                    "state",
                    "must be created, waiting, succeeded, failed or expired",
                )
            })?),
        };
        let limit = limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX));
        Ok(Self { kind, state, limit })
    }

    /// Whether `task` passes.
    pub fn matches(&self, task: &Task) -> bool {
        self.kind.is_none_or(|k| k == task.kind) && self.state.is_none_or(|s| s == task.state)
    }
}

/// One observation about a task, at the host's time `at_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// When the host learned it (unix ms).
    pub at_ms: u64,
    /// What it learned.
    pub change: Change,
}

/// What an [`Update`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The create call: WeChat's answer (`accepted`), or `None` when it was sent and its
    /// answer lost.
    Created {
        /// The flow (authoritative: a task first seen by a push may have guessed it).
        kind: TaskKind,
        /// When the call was sent (unix ms).
        sent_at_ms: u64,
        /// WeChat's answer.
        accepted: Option<Accepted>,
        /// What the registration was asked with.
        details: BTreeMap<String, String>,
    },
    /// A query or search answer: a task status (§3.3) or a search errcode (89250–89252).
    Queried {
        /// The code.
        status: i64,
        /// The page, when the answer carried it.
        authorize_url: Option<String>,
    },
    /// A result push.
    Pushed {
        /// Its `CreateTime` (unix s).
        create_time: Option<i64>,
        /// Its `status`.
        status: i64,
        /// Its `appid`.
        appid: Option<String>,
        /// Its `msg`.
        msg: Option<String>,
        /// What its `info` echoed.
        details: BTreeMap<String, String>,
    },
    /// The authorization of `appid` was exchanged; its tokens are stored.
    Authorized {
        /// The mini program.
        appid: String,
    },
    /// The exchange of `appid`'s authorization failed for good.
    AuthorizationFailed {
        /// The mini program.
        appid: String,
        /// WeChat's errcode.
        errcode: i64,
    },
}

/// WeChat's answer to a create call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accepted {
    /// The task status it reported (personal, enterprise 2026).
    pub status: Option<i64>,
    /// The page the person must open.
    pub authorize_url: Option<String>,
    /// The mini program (reuse-OA registration).
    pub appid: Option<String>,
}

impl Update {
    /// A stable name for events: `create`, `query`, `push`, `authorization`.
    pub fn origin(&self) -> &'static str {
        match &self.change {
            Change::Created { .. } => "create",
            Change::Queried { .. } => "query",
            Change::Pushed { .. } => "push",
            Change::Authorized { .. } | Change::AuthorizationFailed { .. } => "authorization",
        }
    }
}

/// Checks a task id given by a caller (ids come from tasks the driver recorded).
pub fn check_id(task_id: &str) -> Result<&str> {
    if task_id.is_empty() {
        return Err(Error::invalid("task_id", "is required"));
    }
    if task_id.len() > 200 || task_id.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            "task_id",
            "must be a task id as the driver returned it (no whitespace, at most 200 bytes)",
        ));
    }
    Ok(task_id)
}

#[cfg(test)]
mod tests;
