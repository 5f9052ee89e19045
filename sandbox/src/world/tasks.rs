//! Tasks: the asynchronous flows that wait for a person (spec §10) — enterprise registration
//! (2026 and legacy), personal registration, trial registration and verification, link
//! invitations — plus admin rebind tasks, which wait for the platform's API call.
//!
//! A pending task waits for one [`Actor`]. The control API acts for that person
//! (`approve`, `reject`, `fail_face`, `fail`, `expire`); in auto mode the sandbox does after
//! `auto.delay_ms`. Every registration task has a 24-hour window.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Timer, World};

/// The flow a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// §3.0 `fastregisterenterpriseweapp`.
    Enterprise,
    /// §3.1 `fastregisterweapp` (legacy).
    EnterpriseLegacy,
    /// §3.3 `fastregisterpersonalweapp`.
    Personal,
    /// §3.4 `fastregisterbetaweapp`.
    Beta,
    /// §3.5 `verifybetaweapp`.
    BetaVerify,
    /// §4.2 `wxamplink`.
    Link,
    /// §5 admin rebind (created by the page, used by the API).
    Rebind,
}

/// Whom a pending task waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The enterprise's legal person (face check).
    LegalPerson,
    /// The person registering (personal / trial).
    User,
    /// The trial app's admin (second confirmation of a verification).
    Admin,
    /// The official account's admin (link).
    OaAdmin,
    /// The mini program's admin (link).
    MiniAdmin,
    /// The platform (rebind: the API call with the taskid).
    Platform,
}

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Waiting for [`Task::waiting_for`].
    Pending,
    /// Done.
    Succeeded,
    /// Ended without result.
    Failed,
    /// The 24-hour window closed.
    Expired,
}

/// One task.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Id (`taskid`, `unique_id`, or a sandbox id for flows WeChat keys otherwise).
    pub id: String,
    /// Flow.
    pub kind: TaskKind,
    /// Platform.
    pub component: String,
    /// Creation order.
    pub seq: u64,
    /// Created at.
    pub created_at: i64,
    /// End of its window (none for link invitations).
    pub deadline: Option<i64>,
    /// State.
    pub state: TaskState,
    /// Whom it waits for while pending.
    pub waiting_for: Option<Actor>,
    /// WeChat's status number: the task status (§3.3), the link status (§4.1), or the result
    /// status pushed (§3.1).
    pub status: i64,
    /// The request's fields.
    pub fields: Map<String, Value>,
    /// The account created or acted on.
    pub appid: Option<String>,
    /// Link: the official account.
    pub oa_appid: Option<String>,
    /// The page the person opens.
    pub authorize_url: Option<String>,
    /// Legacy enterprise: the consistency check ends at this time.
    pub front_check_until: Option<i64>,
    /// The person opened the authorize page.
    pub opened: bool,
    /// What happened, with sandbox times.
    pub history: Vec<(i64, String)>,
}

/// A control action on a task.
#[derive(Debug, Clone, Default)]
pub struct Action {
    /// `approve`, `reject`, `fail_face`, `fail` or `expire`.
    pub name: String,
    /// `fail`: the status to push / set.
    pub status: Option<i64>,
    /// `fail`: the message to push.
    pub msg: Option<String>,
    /// Personal `approve`: stop at this intermediate status (3, 4, 6, 7, 9 or 10).
    pub stop_at: Option<i64>,
}

/// A refused control action: HTTP 409 with this message.
pub type Refusal = String;

pub(crate) const DAY: i64 = 86_400;

impl World {
    /// Creates a pending task and arms its deadline (`window_secs`; `None` = no deadline)
    /// and, in auto mode, its human step.
    #[allow(clippy::too_many_arguments)]
    pub fn new_task(
        &mut self,
        id: String,
        kind: TaskKind,
        component: &str,
        waiting_for: Actor,
        fields: Map<String, Value>,
        appid: Option<String>,
        window_secs: Option<i64>,
    ) -> &mut Task {
        let now = self.now();
        let seq = self.next_seq();
        let deadline = window_secs.map(|w| now + w);
        if let Some(deadline) = deadline {
            self.schedule(deadline * 1000, Timer::TaskDeadline(id.clone()));
        }
        if self.auto() && waiting_for != Actor::Platform {
            let due = self.clock.now_ms() + self.auto_delay_ms();
            self.schedule(due, Timer::AutoTask(id.clone()));
        }
        self.note(format!(
            "task {id} ({kind:?}) created, waiting for {waiting_for:?}"
        ));
        let task = Task {
            id: id.clone(),
            kind,
            component: component.to_owned(),
            seq,
            created_at: now,
            deadline,
            state: TaskState::Pending,
            waiting_for: Some(waiting_for),
            status: 0,
            fields,
            appid,
            oa_appid: None,
            authorize_url: None,
            front_check_until: None,
            opened: false,
            history: vec![(now, "created".into())],
        };
        self.tasks.entry(id).or_insert(task)
    }

    fn auto_delay_ms(&self) -> i64 {
        i64::try_from(self.config.auto.delay_ms).unwrap_or(i64::MAX / 4)
    }

    /// Ends a task: state, no one to wait for, history, timers off.
    pub fn close_task(&mut self, id: &str, state: TaskState, status: i64, note: &str) {
        let now = self.now();
        if let Some(t) = self.tasks.get_mut(id) {
            t.state = state;
            t.waiting_for = None;
            t.status = status;
            t.history.push((now, note.to_owned()));
        }
        self.cancel(&Timer::TaskDeadline(id.to_owned()));
        self.cancel(&Timer::AutoTask(id.to_owned()));
        self.note(format!("task {id}: {note}"));
    }

    /// Notes a step of a still-pending task.
    pub fn task_step(&mut self, id: &str, waiting_for: Option<Actor>, status: i64, note: &str) {
        let now = self.now();
        if let Some(t) = self.tasks.get_mut(id) {
            t.waiting_for = waiting_for;
            t.status = status;
            t.history.push((now, note.to_owned()));
        }
        self.note(format!("task {id}: {note}"));
    }

    /// Performs a control action on task `id`.
    pub fn task_action(&mut self, id: &str, action: &Action) -> Result<Value, Refusal> {
        let Some(task) = self.tasks.get(id).cloned() else {
            return Err(format!("no task {id}"));
        };
        if task.state != TaskState::Pending {
            return Err(format!("task {id} is {:?}, not pending", task.state));
        }
        if action.name == "expire" {
            self.task_deadline(id);
            return Ok(self.task_json(id));
        }
        match task.kind {
            TaskKind::Enterprise | TaskKind::EnterpriseLegacy => {
                self.enterprise_action(&task, action)?
            }
            TaskKind::Personal => self.personal_action(&task, action)?,
            TaskKind::Beta => self.beta_action(&task, action)?,
            TaskKind::BetaVerify => self.verify_action(&task, action)?,
            TaskKind::Link => self.link_action(&task, action)?,
            TaskKind::Rebind => {
                return Err("a rebind task waits for the platform's API call".into());
            }
        }
        if self.auto()
            && self.tasks.get(id).is_some_and(|t| {
                t.state == TaskState::Pending && t.waiting_for != Some(Actor::Platform)
            })
        {
            self.cancel(&Timer::AutoTask(id.to_owned()));
            let due = self.clock.now_ms() + self.auto_delay_ms();
            self.schedule(due, Timer::AutoTask(id.to_owned()));
        }
        Ok(self.task_json(id))
    }

    /// The task as JSON (for the control API).
    pub fn task_json(&self, id: &str) -> Value {
        self.tasks
            .get(id)
            .and_then(|t| serde_json::to_value(t).ok())
            .unwrap_or(Value::Null)
    }

    /// The 24-hour window of task `id` closed.
    pub fn task_deadline(&mut self, id: &str) {
        let Some(task) = self.tasks.get(id).cloned() else {
            return;
        };
        if task.state != TaskState::Pending {
            return;
        }
        match task.kind {
            TaskKind::Enterprise | TaskKind::EnterpriseLegacy | TaskKind::BetaVerify => {
                // Not confirmed within 24 h: ID-card check not done (page never opened) or
                // face recognition not done.
                let status = if task.opened { 100_002 } else { 100_001 };
                self.registration_failed(&task, status, "not confirmed within 24 hours");
                if let Some(t) = self.tasks.get_mut(id) {
                    t.state = TaskState::Expired;
                }
            }
            TaskKind::Personal => {
                self.close_task(id, TaskState::Expired, 1, "timed out (status 1)");
            }
            TaskKind::Beta | TaskKind::Rebind | TaskKind::Link => {
                self.close_task(id, TaskState::Expired, task.status, "expired");
            }
        }
    }

    /// Auto mode: the person task `id` waits for acts.
    pub fn auto_task(&mut self, id: &str) {
        let Some(task) = self.tasks.get(id).cloned() else {
            return;
        };
        if task.state != TaskState::Pending || task.waiting_for == Some(Actor::Platform) {
            return;
        }
        if let Some(until) = task.front_check_until
            && until > self.now()
        {
            self.schedule(until * 1000, Timer::AutoTask(id.to_owned()));
            return;
        }
        let approve = Action {
            name: "approve".into(),
            ..Action::default()
        };
        if let Err(why) = self.task_action(id, &approve) {
            self.note(format!("auto: task {id}: {why}"));
        }
    }

    /// Pushes a failed registration result and closes the task.
    pub fn registration_failed(&mut self, task: &Task, status: i64, msg: &str) {
        let (info_type, info) = self.result_info(task);
        let xml = format!(
            "<xml><AppId><![CDATA[{c}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[{info_type}]]></InfoType>{appid}<status>{status}</status><msg>{msg}</msg>{info}</xml>",
            c = task.component,
            now = self.now(),
            appid = match (&task.kind, &task.appid) {
                (TaskKind::BetaVerify, Some(a)) =>
                    format!("<appid>{}</appid>", super::push::cdata(a)),
                _ => String::new(),
            },
            msg = super::push::cdata(msg),
        );
        self.push_component(&task.component, info_type, xml);
        self.close_task(
            &task.id,
            TaskState::Failed,
            status,
            &format!("failed: status {status} ({msg})"),
        );
    }

    /// The InfoType and `<info>` of a task's result push.
    pub fn result_info(&self, task: &Task) -> (&'static str, String) {
        let f = &task.fields;
        let text = |k: &str| {
            f.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let mut info = String::from("<info>");
        let mut put = |k: &str, v: &str| {
            info.push_str(&format!("<{k}>{}</{k}>", super::push::cdata(v)));
        };
        let info_type = match task.kind {
            TaskKind::Personal => {
                if f.get("new_version").and_then(Value::as_bool) == Some(true) {
                    put("taskid", &task.id);
                }
                put("wxuser", &text("wxuser"));
                put("idname", &text("idname"));
                put("component_phone", &text("component_phone"));
                "notify_third_fasteregister"
            }
            TaskKind::Beta => {
                put("unique_id", &task.id);
                put("name", &text("name"));
                "notify_third_fastregisterbetaapp"
            }
            TaskKind::BetaVerify | TaskKind::EnterpriseLegacy | TaskKind::Enterprise => {
                if task.kind == TaskKind::Enterprise {
                    put("taskid", &task.id);
                }
                let name = if task.kind == TaskKind::BetaVerify {
                    "enterprise_name"
                } else {
                    "name"
                };
                put("name", &text(name));
                put("code", &text("code"));
                let code_type = f
                    .get("code_type")
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                info.push_str(&format!("<code_type>{code_type}</code_type>"));
                let mut put = |k: &str, v: &str| {
                    info.push_str(&format!("<{k}>{}</{k}>", super::push::cdata(v)));
                };
                if task.kind == TaskKind::Enterprise {
                    put("legal_persona_openid", &text("legal_persona_openid"));
                } else {
                    put("legal_persona_wechat", &text("legal_persona_wechat"));
                }
                put("legal_persona_name", &text("legal_persona_name"));
                put("component_phone", &text("component_phone"));
                if task.kind == TaskKind::BetaVerify {
                    "notify_third_fastverifybetaapp"
                } else {
                    "notify_third_fasteregister"
                }
            }
            TaskKind::Link | TaskKind::Rebind => "",
        };
        info.push_str("</info>");
        (info_type, info)
    }

    /// Pushes a successful registration (`notify_third_fasteregister` with appid and
    /// auth_code, or `notify_third_fastregisterbetaapp`), then the `authorized` push.
    pub fn registration_succeeded(&mut self, task: &Task, appid: &str) {
        let sets = self.sets_for(&task.component, crate::config::AccountKind::MiniProgram);
        let grant = self.grant_quiet(&task.component, appid, sets);
        let (info_type, info) = self.result_info(task);
        let code = match task.kind {
            TaskKind::Beta => String::new(),
            _ => format!("<auth_code>{}</auth_code>", super::push::cdata(&grant.code)),
        };
        let xml = format!(
            "<xml><AppId><![CDATA[{c}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[{info_type}]]></InfoType><appid>{a}</appid><status>0</status>{code}<msg>OK</msg>{info}</xml>",
            c = task.component,
            now = self.now(),
            a = super::push::cdata(appid),
        );
        self.push_component(&task.component, info_type, xml);
        self.push_authorized(&grant, None);
        if let Some(t) = self.tasks.get_mut(&task.id) {
            t.appid = Some(appid.to_owned());
        }
        let status = if task.kind == TaskKind::Personal {
            12
        } else {
            0
        };
        self.close_task(
            &task.id,
            TaskState::Succeeded,
            status,
            &format!("succeeded: {appid}"),
        );
    }

    /// Tasks as JSON, newest first, filtered by kind and state names.
    pub fn tasks_json(&self, kind: Option<&str>, state: Option<&str>) -> Value {
        let name = |v: Result<Value, serde_json::Error>| {
            v.ok().and_then(|v| v.as_str().map(str::to_owned))
        };
        let mut list: Vec<&Task> = self
            .tasks
            .values()
            .filter(|t| {
                kind.is_none_or(|k| name(serde_json::to_value(t.kind)).as_deref() == Some(k))
            })
            .filter(|t| {
                state.is_none_or(|s| name(serde_json::to_value(t.state)).as_deref() == Some(s))
            })
            .collect();
        list.sort_by_key(|t| std::cmp::Reverse(t.seq));
        json!(list)
    }
}
