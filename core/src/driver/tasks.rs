//! Registration tasks in the platform's store: the driver records a task from every
//! registration call it makes and every result push it handles, and offers entry points to
//! read, list, reconcile (ask WeChat's query API) and wait for tasks. The model — states,
//! transitions, texts — is [`crate::task`]; this module only does its store and HTTP work.
//!
//! Store use, with the existing steps only: `task:{id}` records change by compare-and-set
//! (read, [`crate::task::apply`], write if the text is unchanged, else read again); the
//! listing index `task_index` is kept the same way; references (`task_ref:appid:…`,
//! `task_ref:personal:…`) are plain idempotent writes.

use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde_json::Value;

use super::call::{Target, TypedOp};
use super::event::DriverEvent;
use super::intake::Source as CodeSource;
use super::keys::{
    self, AuthorizerRecord, AuthorizerStatus, RECORD_VERSION, TaskIndexEntry, TaskIndexRecord,
    TaskRefRecord,
};
use super::retry::{self, Verdict};
use super::tokens::Ctx;
use super::{Call, Driver};
use crate::api::Safety;
use crate::api::register::QueryPersonal;
use crate::api::register_legacy::SearchEnterpriseLegacy;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::task::track::{self, CallPlan, PushTarget};
use crate::task::{
    self, Applied, Change, Task, TaskFilter, TaskKind, TaskRecord, TaskState, Update,
};

/// How often a compare-and-set is tried again after another writer changed the record.
const CAS_ATTEMPTS: usize = 8;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What [`Ctx::update_task`] left in the store.
pub(crate) struct Stored {
    /// The task as stored afterwards.
    pub(crate) record: Option<TaskRecord>,
    /// Why the update was not applied, if it was not.
    pub(crate) ignored: Option<&'static str>,
}

/// The result of [`Driver::register`]: the operation's output and the task it started (`None`
/// when none could be recorded: an answer without task id, or a store failure — reported by
/// a `failure` event with operation `task`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registered<T> {
    /// The operation's output.
    pub output: T,
    /// The task, as recorded right after the call.
    pub task: Option<Task>,
}

impl Driver {
    /// Calls a registration create operation (`register.enterprise`, `…_legacy`,
    /// `….personal`, `….beta`, `….beta_verify`, `….reuse_oa`) as [`Driver::call`] does, and
    /// returns its output together with the task it recorded. (A plain [`Driver::call`]
    /// records the task too; this one hands it back.)
    pub fn register<O>(
        &self,
        mut op: O,
        authorizer_appid: Option<&str>,
    ) -> Call<Registered<O::Output>>
    where
        O: crate::api::Operation + Send + Sync + 'static,
        O::Output: Send,
    {
        if track::creates(O::NAME).is_none() {
            return Call::failed(not_a_registration(O::NAME));
        }
        let plan = plan_for(O::NAME, || op.input_json(), authorizer_appid);
        let (safety, target) = match self.prepare_typed(&mut op, authorizer_appid) {
            Ok(p) => p,
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        let op = super::call::TypedOp(op);
        Call::new(io, async move {
            let sent_at = ctx.io.now();
            let result = ctx.run_operation(op, safety, target).await;
            let task = match plan.as_deref() {
                Some(plan) => ctx.track_result(plan, sent_at, json_result(&result)).await,
                None => None,
            };
            result.map(|output| Registered { output, task })
        })
    }

    /// [`Driver::register`] by registry name with JSON input; the output is JSON.
    pub fn register_json(
        &self,
        operation: &str,
        input: &Value,
        authorizer_appid: Option<&str>,
    ) -> Call<Registered<Value>> {
        if track::creates(operation).is_none() {
            return Call::failed(not_a_registration(operation));
        }
        let plan = plan_for(operation, || Some(input.clone()), authorizer_appid);
        let (op, safety, target) = match self.prepare_json(operation, input, authorizer_appid) {
            Ok(p) => p,
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        let op = super::call::JsonOp(op);
        Call::new(io, async move {
            let sent_at = ctx.io.now();
            let result = ctx.run_operation(op, safety, target).await;
            let task = match plan.as_deref() {
                Some(plan) => ctx.track_result(plan, sent_at, json_result(&result)).await,
                None => None,
            };
            result.map(|output| Registered { output, task })
        })
    }

    /// The task `task_id` as of now (`None`: the store has no such task).
    pub fn task(&self, task_id: &str) -> Call<Option<Task>> {
        let id = match task::check_id(task_id) {
            Ok(id) => id.to_owned(),
            Err(e) => return Call::failed(e),
        };
        let (ctx, io) = self.context();
        Call::new(io, async move {
            let grace = ctx.shared.config.policy.task_expiry_grace_ms;
            Ok(ctx
                .read_task(&id)
                .await?
                .map(|(_, r)| r.view(ctx.io.now(), grace)))
        })
    }

    /// The newest tasks (at most `task_index_max` are indexed), newest first, filtered.
    pub fn tasks(&self, filter: TaskFilter) -> Call<Vec<Task>> {
        let (ctx, io) = self.context();
        Call::new(io, ctx.list_tasks(filter))
    }

    /// Asks WeChat about the task where it has a query API (personal: `query`; legacy
    /// enterprise: `search`), applies the answer, checks whether the new app's authorization
    /// was stored meanwhile, and returns the task. For the other flows the push is the only
    /// source: the task is returned as stored. A task that is not in the store is an
    /// [`Error::InvalidArgument`] on `task_id`.
    pub fn reconcile_task(&self, task_id: &str) -> Call<Task> {
        let id = match task::check_id(task_id) {
            Ok(id) => id.to_owned(),
            Err(e) => return Call::failed(e),
        };
        let (mut ctx, io) = self.context();
        Call::new(io, async move {
            let record = ctx
                .read_task(&id)
                .await?
                .ok_or_else(|| no_such_task(&id))?
                .1;
            let record = ctx.reconcile_record(record).await?;
            let grace = ctx.shared.config.policy.task_expiry_grace_ms;
            Ok(record.view(ctx.io.now(), grace))
        })
    }

    /// Waits until the task is settled ([`Task::settled`]) or `timeout_ms` passed, and returns
    /// it as it stands. Looks at the store at growing intervals (`task_poll_min_ms` doubling
    /// up to `task_poll_max_ms`, back to the minimum after a change) and asks WeChat's query
    /// API at most every `task_query_interval_ms` where there is one; each pause is a `Sleep`
    /// step preceded by a `task_waiting` event (progress for the host to show). Dropping the
    /// call abandons the wait safely.
    pub fn wait_task(&self, task_id: &str, timeout_ms: u64) -> Call<Task> {
        let id = match task::check_id(task_id) {
            Ok(id) => id.to_owned(),
            Err(e) => return Call::failed(e),
        };
        let (ctx, io) = self.context();
        Call::new(io, ctx.wait_task(id, timeout_ms))
    }
}

/// The tracking plan of a call, for the operations that concern a task (boxed: it rides
/// along in the call's coroutine).
pub(crate) fn plan_for(
    operation: &str,
    input: impl FnOnce() -> Option<Value>,
    authorizer_appid: Option<&str>,
) -> Option<Box<CallPlan>> {
    if !track::concerns(operation) {
        return None;
    }
    track::plan(operation, &input()?, authorizer_appid).map(Box::new)
}

/// A call's result as the tracker reads it: the output's JSON form, or the error.
pub(crate) fn json_result<T: Serialize>(result: &Result<T>) -> std::result::Result<Value, Error> {
    match result {
        Ok(output) => Ok(serde_json::to_value(output).unwrap_or(Value::Null)),
        Err(e) => Err(e.clone()),
    }
}

fn not_a_registration(operation: &str) -> Error {
    Error::invalid(
        "operation",
        format!(
            "{operation} does not start a registration task; register takes register.enterprise, register.enterprise_legacy, register.personal, register.beta, register.beta_verify or register.reuse_oa (use call for the others)"
        ),
    )
}

fn no_such_task(id: &str) -> Error {
    Error::invalid(
        "task_id",
        format!(
            "no task {id} in the store (tasks come from registrations made through the driver and from result pushes)"
        ),
    )
}

impl Ctx {
    fn grace(&self) -> u64 {
        self.shared.config.policy.task_expiry_grace_ms
    }

    /// Records what a call's result (as JSON, see [`json_result`]) says about its task (see
    /// [`Ctx::track_call`]).
    pub(crate) async fn track_result(
        &mut self,
        plan: &CallPlan,
        sent_at_ms: u64,
        result: std::result::Result<Value, Error>,
    ) -> Option<Task> {
        Box::pin(self.track_call(plan, sent_at_ms, result.as_ref())).await
    }

    /// The task record and its exact text.
    pub(crate) async fn read_task(&self, id: &str) -> Result<Option<(String, TaskRecord)>> {
        let key = self.shared.keys.task(id);
        match self.io.get(key.clone()).await? {
            Some(text) => {
                let record = keys::decode(&key, &text)?;
                Ok(Some((text, record)))
            }
            None => Ok(None),
        }
    }

    /// Applies `update` to the task `id` (created as `kind` if new) under compare-and-set.
    /// A change is indexed, its new appid referenced, reported by a `task_updated` event, and
    /// a success checked against the authorizer record. (Boxed: it recurses through that
    /// check.)
    pub(crate) fn update_task<'a>(
        &'a mut self,
        id: &'a str,
        kind: TaskKind,
        update: &'a Update,
    ) -> BoxFuture<'a, Result<Stored>> {
        Box::pin(async move {
            let key = self.shared.keys.task(id);
            for _ in 0..CAS_ATTEMPTS {
                let current = self.read_task(id).await?;
                let (raw, record) = match current {
                    Some((raw, record)) => (Some(raw), Some(record)),
                    None => (None, None),
                };
                let new = match task::apply(record.as_ref(), id, kind, update) {
                    Applied::Changed(new) => new,
                    Applied::Unchanged => {
                        return Ok(Stored {
                            record,
                            ignored: None,
                        });
                    }
                    Applied::Ignored(reason) => {
                        return Ok(Stored {
                            record,
                            ignored: Some(reason),
                        });
                    }
                };
                let text = keys::encode(&new)?;
                if self
                    .io
                    .compare_and_set(key.clone(), raw, Some(text), None)
                    .await?
                {
                    self.after_task_write(record.as_ref(), &new, update).await?;
                    return Ok(Stored {
                        record: Some(new),
                        ignored: None,
                    });
                }
            }
            Err(Error::Store {
                detail: format!("{key} kept changing under concurrent writers; task not updated"),
            })
        })
    }

    async fn after_task_write(
        &mut self,
        previous: Option<&TaskRecord>,
        new: &TaskRecord,
        update: &Update,
    ) -> Result<()> {
        self.index_task(&new.id, new.created_at_ms).await?;
        if let Some(appid) = &new.appid {
            if previous.and_then(|p| p.appid.as_ref()) != Some(appid) {
                self.put_ref(&track::appid_ref(appid), &new.id).await?;
            }
        }
        self.event(DriverEvent::TaskUpdated {
            task_id: new.id.clone(),
            task_kind: new.kind,
            state: new.phase.state,
            status: new.phase.status,
            authorized: new.authorized,
            origin: update.origin(),
        })
        .await?;
        if !matches!(update.change, Change::Authorized { .. }) {
            self.check_authorization(new.clone()).await?;
        }
        Ok(())
    }

    /// A succeeded task whose app's authorization the store already holds (the `authorized`
    /// push may come before the registration push): mark it authorized.
    async fn check_authorization(&mut self, record: TaskRecord) -> Result<TaskRecord> {
        let pending = record.phase.state == TaskState::Succeeded
            && !record.authorized
            && record.authorization_errcode.is_none();
        let Some(appid) = record.appid.clone().filter(|_| pending) else {
            return Ok(record);
        };
        let Ok(appid_key) = super::call::authorizer_appid(Some(&appid)) else {
            return Ok(record);
        };
        let key = self.shared.keys.authorizer(&appid_key);
        let authorized = match self.io.get(key.clone()).await? {
            Some(text) => {
                keys::decode::<AuthorizerRecord>(&key, &text)?.status
                    == AuthorizerStatus::Authorized
            }
            None => false,
        };
        if !authorized {
            return Ok(record);
        }
        let update = Update {
            at_ms: self.io.now(),
            change: Change::Authorized { appid },
        };
        let id = record.id.clone();
        Ok(self
            .update_task(&id, record.kind, &update)
            .await?
            .record
            .unwrap_or(record))
    }

    /// After an exchange of `appid`'s authorization (`error`: how it failed, if it did):
    /// the task that created the app, if any, learns it.
    pub(crate) async fn task_authorization(
        &mut self,
        appid: &str,
        error: Option<&Error>,
    ) -> Result<()> {
        let Some(id) = self.resolve_ref(&track::appid_ref(appid)).await? else {
            return Ok(());
        };
        let Some((_, record)) = self.read_task(&id).await? else {
            return Ok(());
        };
        match error {
            None => {
                self.check_authorization(record).await?;
            }
            Some(e @ Error::Api(api)) if retry::verdict(e) == Verdict::Fatal => {
                let update = Update {
                    at_ms: self.io.now(),
                    change: Change::AuthorizationFailed {
                        appid: appid.to_owned(),
                        errcode: api.errcode,
                    },
                };
                self.update_task(&id, record.kind, &update).await?;
            }
            // Transient: the exchange will be tried again (redelivered push, the redirect).
            Some(_) => {}
        }
        Ok(())
    }

    /// Adds the task to the listing index (or moves it to its new attempt's time).
    async fn index_task(&mut self, id: &str, at_ms: u64) -> Result<()> {
        let key = self.shared.keys.task_index();
        let max = usize::try_from(self.shared.config.policy.task_index_max).unwrap_or(usize::MAX);
        for _ in 0..CAS_ATTEMPTS {
            let raw = self.io.get(key.clone()).await?;
            let mut index: TaskIndexRecord = match &raw {
                Some(text) => keys::decode(&key, text)?,
                None => TaskIndexRecord {
                    v: RECORD_VERSION,
                    tasks: Vec::new(),
                },
            };
            match index.tasks.iter_mut().find(|e| e.id == id) {
                Some(entry) if entry.at_ms >= at_ms => return Ok(()),
                Some(entry) => entry.at_ms = at_ms,
                None => index.tasks.push(TaskIndexEntry {
                    id: id.to_owned(),
                    at_ms,
                }),
            }
            index.tasks.sort_by_key(|e| e.at_ms);
            let excess = index.tasks.len().saturating_sub(max);
            index.tasks.drain(..excess);
            if self
                .io
                .compare_and_set(key.clone(), raw, Some(keys::encode(&index)?), None)
                .await?
            {
                return Ok(());
            }
        }
        Err(Error::Store {
            detail: format!("{key} kept changing under concurrent writers; task not indexed"),
        })
    }

    async fn put_ref(&self, part: &str, id: &str) -> Result<()> {
        let record = TaskRefRecord {
            v: RECORD_VERSION,
            task_id: id.to_owned(),
        };
        self.io
            .put(
                self.shared.keys.task_ref(part),
                keys::encode(&record)?,
                None,
            )
            .await
    }

    async fn resolve_ref(&self, part: &str) -> Result<Option<String>> {
        let key = self.shared.keys.task_ref(part);
        match self.io.get(key.clone()).await? {
            Some(text) => Ok(Some(keys::decode::<TaskRefRecord>(&key, &text)?.task_id)),
            None => Ok(None),
        }
    }

    /// Records what a registration call's result says about its task. Never fails the call:
    /// the call's answer (a task id, a new appid) must reach the caller whatever happens here;
    /// a failure is reported by a `failure` event with operation `task`.
    pub(crate) async fn track_call(
        &mut self,
        plan: &CallPlan,
        sent_at_ms: u64,
        result: std::result::Result<&Value, &Error>,
    ) -> Option<Task> {
        let tracked = track::after_call(plan, result, sent_at_ms, self.io.now())?;
        let outcome: Result<Option<TaskRecord>> = async {
            // A query or search updates a task the store has; it does not adopt one.
            if !matches!(plan, CallPlan::Create { .. })
                && self.read_task(&tracked.id).await?.is_none()
            {
                return Ok(None);
            }
            let mut record = self
                .update_task(&tracked.id, tracked.kind, &tracked.update)
                .await?
                .record;
            for part in &tracked.refs {
                self.put_ref(part, &tracked.id).await?;
            }
            if let Some((appid, code)) = tracked.exchange.clone() {
                // Spec §3.2: exchange the authorization code at once (exactly once, with the
                // redirect or a push racing for it).
                let exchanged = self.exchange(code, CodeSource::Registration).await;
                self.task_authorization(&appid, exchanged.as_ref().err())
                    .await?;
                record = self.read_task(&tracked.id).await?.map(|(_, r)| r);
            }
            Ok(record)
        }
        .await;
        match outcome {
            Ok(record) => record.map(|r| r.view(self.io.now(), self.grace())),
            Err(error) => {
                // Reported as an event; a failing event step ends the call's tracking only.
                let _ = self.fail("task", &error).await;
                None
            }
        }
    }

    /// Applies a registration result push to its task (pushes of other kinds: nothing).
    pub(crate) async fn track_push(&mut self, event: &Event) -> Result<()> {
        let Some(push) = track::from_push(event, self.io.now()) else {
            return Ok(());
        };
        let ignored = |task_id: Option<String>, reason| DriverEvent::TaskPushIgnored {
            info_type: push.info_type.clone(),
            task_id,
            reason,
        };
        let (id, kind) = match &push.target {
            Ok(PushTarget::Task { id, kind }) => (id.clone(), *kind),
            Ok(PushTarget::Ref { part, kind }) => match self.resolve_ref(part).await? {
                Some(id) => (id, *kind),
                None => {
                    let reason = "no personal registration of this wxuser and idname was recorded";
                    return self.event(ignored(None, reason)).await;
                }
            },
            Err(reason) => return self.event(ignored(None, reason)).await,
        };
        let stored = self.update_task(&id, kind, &push.update).await?;
        match stored.ignored {
            Some(reason) => self.event(ignored(Some(id), reason)).await,
            None => Ok(()),
        }
    }

    async fn list_tasks(self, filter: TaskFilter) -> Result<Vec<Task>> {
        let key = self.shared.keys.task_index();
        let index: TaskIndexRecord = match self.io.get(key.clone()).await? {
            Some(text) => keys::decode(&key, &text)?,
            None => TaskIndexRecord::default(),
        };
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        for entry in index.tasks.iter().rev() {
            if out.len() >= limit {
                break;
            }
            if let Some((_, record)) = self.read_task(&entry.id).await? {
                let task = record.view(self.io.now(), self.grace());
                if filter.matches(&task) {
                    out.push(task);
                }
            }
        }
        Ok(out)
    }

    /// Asks WeChat's query API about a task that has not ended, where the flow has one, and
    /// applies the answer; then checks its authorization.
    async fn reconcile_record(&mut self, record: TaskRecord) -> Result<TaskRecord> {
        if record.phase.state.is_terminal() {
            return self.check_authorization(record).await;
        }
        let detail = |key: &str| record.details.get(key).cloned();
        let status = match record.kind {
            TaskKind::Personal => match detail("taskid") {
                Some(taskid) => {
                    let op = TypedOp(QueryPersonal { taskid });
                    let out = self
                        .run_operation(op, Safety::Read, Target::Component)
                        .await?;
                    out.status
                        .map(|s| (s.code(), out.authorize_url.filter(|u| !u.is_empty())))
                }
                None => None,
            },
            TaskKind::EnterpriseLegacy => match (
                detail("name"),
                detail("legal_persona_wechat"),
                detail("legal_persona_name"),
            ) {
                (Some(name), Some(legal_persona_wechat), Some(legal_persona_name)) => {
                    let op = TypedOp(SearchEnterpriseLegacy {
                        name,
                        legal_persona_wechat,
                        legal_persona_name,
                    });
                    match self
                        .run_operation(op, Safety::Read, Target::Component)
                        .await
                    {
                        // errcode 0 tells nothing about the state.
                        Ok(_) => None,
                        Err(Error::Api(api)) if track::SEARCH_STATES.contains(&api.errcode) => {
                            Some((api.errcode, None))
                        }
                        Err(e) => return Err(e),
                    }
                }
                _ => None,
            },
            _ => None,
        };
        let record = match status {
            Some((status, authorize_url)) => {
                let update = Update {
                    at_ms: self.io.now(),
                    change: Change::Queried {
                        status,
                        authorize_url,
                    },
                };
                let id = record.id.clone();
                self.update_task(&id, record.kind, &update)
                    .await?
                    .record
                    .unwrap_or(record)
            }
            None => record,
        };
        self.check_authorization(record).await
    }

    async fn wait_task(mut self, id: String, timeout_ms: u64) -> Result<Task> {
        let policy = self.shared.config.policy.clone();
        let started = self.io.now();
        let mut pause = policy.task_poll_min_ms;
        let mut last_query: Option<u64> = None;
        let mut seen: Option<(task::Phase, Option<String>, bool)> = None;
        loop {
            let mut record = self
                .read_task(&id)
                .await?
                .ok_or_else(|| no_such_task(&id))?
                .1;
            let now = self.io.now();
            let query_due = record.kind.query_operation().is_some()
                && !record.phase.state.is_terminal()
                && last_query
                    .is_none_or(|at| now.saturating_sub(at) >= policy.task_query_interval_ms);
            if query_due {
                last_query = Some(now);
                match self.reconcile_record(record.clone()).await {
                    Ok(r) => record = r,
                    // Transient trouble asking WeChat (already retried and reported): the
                    // store may still learn the result from a push; keep waiting.
                    Err(e)
                        if matches!(
                            retry::verdict(&e),
                            Verdict::Transient | Verdict::RateLimited
                        ) => {}
                    Err(e) => return Err(e),
                }
            } else {
                record = self.check_authorization(record).await?;
            }
            let now = self.io.now();
            let task = record.view(now, policy.task_expiry_grace_ms);
            let waited = now.saturating_sub(started);
            if task.settled || waited >= timeout_ms {
                return Ok(task);
            }
            let fingerprint = (
                record.phase.clone(),
                record.appid.clone(),
                record.authorized,
            );
            if seen.as_ref() == Some(&fingerprint) {
                pause = pause.saturating_mul(2).min(policy.task_poll_max_ms);
            } else {
                pause = policy.task_poll_min_ms;
                seen = Some(fingerprint);
            }
            let jittered = self
                .rng
                .between(pause - pause / 4, pause + pause / 4)
                .min(timeout_ms - waited)
                .max(1);
            self.event(DriverEvent::TaskWaiting {
                task_id: id.clone(),
                task_kind: task.kind,
                state: task.state,
                status: task.status,
                waiting_for: task.waiting_for,
                waited_ms: waited,
                next_check_ms: jittered,
            })
            .await?;
            self.io.sleep(jittered).await?;
        }
    }
}
