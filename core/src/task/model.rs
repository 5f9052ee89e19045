//! The transition function: an observation is classified (which state its code means for the
//! flow), ranked, and merged into the task so that the task keeps the highest observation.
//! Every other field merges commutatively (minimum, maximum, logical or), so any order of the
//! same observations, duplicates included, ends in the same record.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::explain::{self, Table};
use super::{
    Accepted, CLOCK_SKEW_MS, Change, Phase, Source, Task, TaskKind, TaskRecord, TaskState, Update,
};
use crate::driver::keys::RECORD_VERSION;

/// What [`apply`] made of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
// Returned once per update and consumed at once: boxing the record would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Applied {
    /// The record to store: a new task, or the current one changed.
    Changed(TaskRecord),
    /// Nothing new (a duplicate, or an observation that ranks below what is known).
    Unchanged,
    /// Not applied, for the reason given (a push of an earlier attempt under a reused id).
    Ignored(&'static str),
}

/// Applies `update` to the task `id` (currently `current`, absent if never seen). `kind` is
/// the flow to record when the update creates the task (a create call knows it; a push
/// infers it). Any update creates a missing task, so that the order in which observations
/// arrive never matters (the driver itself only queries and authorizes tasks it has).
/// Pure: the same inputs give the same result.
pub fn apply(current: Option<&TaskRecord>, id: &str, kind: TaskKind, update: &Update) -> Applied {
    let Some(current) = current else {
        let mut record = TaskRecord::empty(id, kind, update.at_ms, 1);
        merge(&mut record, update);
        return Applied::Changed(record);
    };
    if starts_new_attempt(current, update) {
        let mut record = TaskRecord::empty(id, current.kind, update.at_ms, current.attempt + 1);
        record.stale_before = current.stale_before.max(current.result_create_time);
        merge(&mut record, update);
        return Applied::Changed(record);
    }
    if is_stale_push(current, update) {
        return Applied::Ignored("the push belongs to an earlier registration under this id");
    }
    let mut record = current.clone();
    merge(&mut record, update);
    record.updated_at_ms = current.updated_at_ms;
    if record == *current {
        return Applied::Unchanged;
    }
    record.updated_at_ms = current.updated_at_ms.max(update.at_ms);
    Applied::Changed(record)
}

impl TaskRecord {
    fn empty(id: &str, kind: TaskKind, at_ms: u64, attempt: u32) -> Self {
        Self {
            v: RECORD_VERSION,
            id: id.to_owned(),
            kind,
            attempt,
            created_at_ms: at_ms,
            updated_at_ms: at_ms,
            sent_at_ms: None,
            expires_at_ms: None,
            phase: Phase {
                state: TaskState::Created,
                status: None,
                source: Source::Create,
                msg: None,
            },
            authorize_url: None,
            appid: None,
            authorized: false,
            authorization_errcode: None,
            details: BTreeMap::new(),
            stale_before: None,
            result_create_time: None,
        }
    }

    /// Whether the window (plus `grace_ms`) passed at `now_ms` without a terminal state.
    pub fn lapsed(&self, now_ms: u64, grace_ms: u64) -> bool {
        !self.phase.state.is_terminal()
            && self
                .expires_at_ms
                .is_some_and(|end| now_ms >= end.saturating_add(grace_ms))
    }

    /// The task as of `now_ms`: an expiry derived from the window, what the state means, who
    /// must act and what to do.
    pub fn view(&self, now_ms: u64, grace_ms: u64) -> Task {
        let lapsed = self.lapsed(now_ms, grace_ms);
        let (state, source) = if lapsed {
            (TaskState::Expired, Source::Clock)
        } else {
            (self.phase.state, self.phase.source)
        };
        let said = explain::explain(self, lapsed);
        let waiting_on_authorization = state == TaskState::Succeeded
            && self.appid.is_some()
            && !self.authorized
            && self.authorization_errcode.is_none();
        Task {
            id: self.id.clone(),
            kind: self.kind,
            state,
            settled: state.is_terminal() && !waiting_on_authorization,
            status: self.phase.status,
            status_kind: self
                .phase
                .status
                .map(|code| explain::status_kind(self.kind, self.phase.source, code)),
            source,
            msg: self.phase.msg.clone(),
            meaning: said.meaning,
            meaning_zh: said.meaning_zh,
            waiting_for: (state == TaskState::Waiting)
                .then_some(said.waiting_for)
                .flatten(),
            next_step: said.next_step,
            next_step_zh: said.next_step_zh,
            authorize_url: self.authorize_url.clone(),
            appid: self.appid.clone(),
            authorized: self.authorized,
            authorization_errcode: self.authorization_errcode,
            can_query: self.kind.query_operation().is_some(),
            attempt: self.attempt,
            created_at_ms: self.created_at_ms,
            updated_at_ms: self.updated_at_ms,
            expires_at_ms: self.expires_at_ms,
            details: self.details.clone(),
        }
    }
}

/// A later accepted create call under a reused id: the earlier registration is over (WeChat
/// refuses a second one while it runs, 89249).
fn starts_new_attempt(current: &TaskRecord, update: &Update) -> bool {
    let Change::Created {
        sent_at_ms,
        accepted,
        ..
    } = &update.change
    else {
        return false;
    };
    if !current.kind.reuses_id() {
        return false;
    }
    match current.sent_at_ms {
        Some(previous) if *sent_at_ms > previous => {
            accepted.is_some()
                || current.phase.state.is_terminal()
                || current.lapsed(update.at_ms, 0)
        }
        Some(_) => false,
        // Known from a push only: that push came before this call was sent, so it reported
        // an earlier registration.
        None => current
            .result_create_time
            .is_some_and(|t| secs_to_ms(t).saturating_add(CLOCK_SKEW_MS) < *sent_at_ms),
    }
}

/// A push created before this attempt's create call was sent (or one already superseded)
/// reports an earlier registration under a reused id.
fn is_stale_push(current: &TaskRecord, update: &Update) -> bool {
    let Change::Pushed {
        create_time: Some(created),
        ..
    } = &update.change
    else {
        return false;
    };
    if !current.kind.reuses_id() {
        return false;
    }
    current.stale_before.is_some_and(|s| *created <= s)
        || current
            .sent_at_ms
            .is_some_and(|sent| secs_to_ms(*created).saturating_add(CLOCK_SKEW_MS) < sent)
}

fn secs_to_ms(secs: i64) -> u64 {
    u64::try_from(secs).unwrap_or(0).saturating_mul(1000)
}

/// Merges `update` into `record` (the same attempt).
fn merge(record: &mut TaskRecord, update: &Update) {
    let at = update.at_ms;
    record.created_at_ms = record.created_at_ms.min(at);
    let observed = match &update.change {
        Change::Created {
            kind,
            sent_at_ms,
            accepted,
            details,
        } => {
            record.kind = *kind;
            record.sent_at_ms = Some(
                record
                    .sent_at_ms
                    .map_or(*sent_at_ms, |s| s.min(*sent_at_ms)),
            );
            if let Some(window) = kind.window_ms() {
                record.expires_at_ms = record.expires_at_ms.max(Some(at.saturating_add(window)));
            }
            merge_details(&mut record.details, details);
            let Some(Accepted {
                status,
                authorize_url,
                appid,
            }) = accepted
            else {
                observe_lost_answer(record);
                return;
            };
            max_opt(&mut record.authorize_url, authorize_url);
            max_opt(&mut record.appid, appid);
            accepted_phase(*kind, *status)
        }
        Change::Queried {
            status,
            authorize_url,
        } => {
            max_opt(&mut record.authorize_url, authorize_url);
            Phase {
                state: classify(record.kind, Source::Query, *status).0,
                status: Some(*status),
                source: Source::Query,
                msg: None,
            }
        }
        Change::Pushed {
            create_time,
            status,
            appid,
            msg,
            details,
        } => {
            max_opt(&mut record.appid, appid);
            merge_details(&mut record.details, details);
            let state = classify(record.kind, Source::Push, *status).0;
            if state.is_terminal() {
                record.result_create_time = record.result_create_time.max(*create_time);
            }
            Phase {
                state,
                status: Some(*status),
                source: Source::Push,
                msg: msg.clone(),
            }
        }
        Change::Authorized { appid } => {
            max_opt(&mut record.appid, &Some(appid.clone()));
            record.authorized = true;
            return;
        }
        Change::AuthorizationFailed { appid, errcode } => {
            max_opt(&mut record.appid, &Some(appid.clone()));
            record.authorization_errcode = record.authorization_errcode.max(Some(*errcode));
            return;
        }
    };
    if rank(record.kind, &observed) > rank(record.kind, &record.phase) {
        record.phase = observed;
    }
}

/// The create call was sent and its answer lost: the lowest phase there is, which every other
/// observation outranks (the record starts there anyway).
fn observe_lost_answer(record: &mut TaskRecord) {
    let lost = Phase {
        state: TaskState::Created,
        status: None,
        source: Source::Create,
        msg: None,
    };
    if rank(record.kind, &lost) > rank(record.kind, &record.phase) {
        record.phase = lost;
    }
}

/// The phase of an accepted create call.
fn accepted_phase(kind: TaskKind, status: Option<i64>) -> Phase {
    let state = match (kind, status) {
        (TaskKind::ReuseOa, _) => TaskState::Succeeded,
        (_, Some(code)) => classify(kind, Source::Create, code).0,
        (_, None) => TaskState::Waiting,
    };
    Phase {
        state,
        status,
        source: Source::Create,
        msg: None,
    }
}

/// The state a code means for a flow, from a source, and the table that explains it.
pub(super) fn classify(kind: TaskKind, source: Source, code: i64) -> (TaskState, Table) {
    let tables = explain::tables(kind, source);
    if source == Source::Push && code == 0 {
        return (TaskState::Succeeded, Table::Enterprise);
    }
    for table in tables {
        if let Some(state) = table.state_of(code) {
            return (state, *table);
        }
    }
    let first = tables.first().copied().unwrap_or(Table::Enterprise);
    // Search errcodes outside 89250–89252 never reach a task; any other unknown code is an
    // opaque failure.
    (TaskState::Failed, first)
}

/// Orders phases: state first (created < waiting < expired < failed < succeeded), then the
/// progress of a waiting task along its flow, then the source (push > query > create), then
/// the code and message (only to make the order total).
fn rank(kind: TaskKind, phase: &Phase) -> (u8, u32, u8, i64, Option<&str>) {
    let state = match phase.state {
        TaskState::Created => 0,
        TaskState::Waiting => 1,
        TaskState::Expired => 2,
        TaskState::Failed => 3,
        TaskState::Succeeded => 4,
    };
    let progress = if phase.state == TaskState::Waiting {
        explain::progress(kind, phase.source, phase.status)
    } else {
        0
    };
    let source = match phase.source {
        Source::Create | Source::Clock => 0,
        Source::Query => 1,
        Source::Push => 2,
    };
    (
        state,
        progress,
        source,
        phase.status.unwrap_or(i64::MIN),
        phase.msg.as_deref(),
    )
}

/// `Some` beats `None`; two values keep the greater (they agree in practice; the rule only
/// makes the merge independent of order).
fn max_opt(slot: &mut Option<String>, new: &Option<String>) {
    let Some(new) = new.as_ref().filter(|v| !v.is_empty()) else {
        return;
    };
    match slot {
        Some(old) if old.as_str().cmp(new.as_str()) != Ordering::Less => {}
        _ => *slot = Some(new.clone()),
    }
}

fn merge_details(into: &mut BTreeMap<String, String>, from: &BTreeMap<String, String>) {
    for (key, value) in from {
        if value.is_empty() {
            continue;
        }
        match into.get(key) {
            Some(old) if old >= value => {}
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}
