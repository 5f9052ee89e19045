//! Fast registration of mini programs for enterprises (§3.0 2026 API, §3.1 legacy API) and
//! persons (§3.3).
//!
//! * 2026 enterprise: `taskid` + `authorize_url`; the legal person (by openid) confirms; the
//!   result push `notify_third_fasteregister` carries `info.taskid`.
//! * Legacy enterprise: keyed by (name, legal_persona_wechat, legal_persona_name); `search`
//!   answers through errcodes: 89252 during the consistency check, 89251 while the legal
//!   person has not confirmed, 89250 when there is no pending task.
//! * Personal: `taskid`; `query` shows the status (0 → 3 → 4 → 6 → 7 → 9 → 10 → 12, or
//!   1/2/5/8/11); a push on success (12) and on creation failure.
//!
//! One pending task per subject (89249). Accounts created here start unverified.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::tasks::{Action, Actor, DAY, Refusal, Task, TaskKind, TaskState};
use super::{Body, Fail, NewMini, Outcome, World};
use crate::config::SubjectType;
use crate::world::fail::{check_enterprise_code, is_wechat_id};

/// Permission sets a platform must have published to register mini programs (89254).
const REGISTRATION_SETS: &[i64] = &[17, 18, 30];

/// The personal task's success path.
const PERSONAL_STEPS: &[(i64, &str)] = &[
    (3, "user agreed"),
    (4, "face flow started"),
    (6, "face verification ok"),
    (7, "phone submitted, SMS sent"),
    (9, "phone verification ok"),
    (10, "creation submitted"),
];

impl World {
    fn check_registration_rights(&self, component: &str) -> Result<(), Fail> {
        let sets = self
            .platforms
            .get(component)
            .map(|p| p.cfg.permission_sets.clone())
            .unwrap_or_default();
        if REGISTRATION_SETS.iter().all(|s| sets.contains(s)) {
            Ok(())
        } else {
            Err(Fail::code(89254))
        }
    }

    fn subject_busy(&self, kinds: &[TaskKind], same: impl Fn(&Task) -> bool) -> bool {
        self.tasks
            .values()
            .any(|t| t.state == TaskState::Pending && kinds.contains(&t.kind) && same(t))
    }

    fn task_page(&self, id: &str) -> String {
        format!("{}/sandbox/tasks/{id}/page", self.base_url)
    }

    /// `fastregisterenterpriseweapp` (§3.0).
    pub fn register_enterprise(&mut self, component: &str, body: &Body) -> Outcome {
        let name = body.need("name", 89253)?;
        let code = body.need("code", 89253)?;
        let code_type = body
            .int("code_type")?
            .ok_or_else(|| Fail::with(89253, "code_type is missing"))?;
        let openid = body.need("legal_persona_openid", 89253)?;
        let legal_name = body.need("legal_persona_name", 89253)?;
        let phone = body.text("component_phone")?;
        let new_version = body.flag("new_version")?;
        check_enterprise_code(&code, code_type)?;
        self.check_registration_rights(component)?;
        let person = self.person_by_openid(&openid);
        if !person.name.is_empty() && person.name != legal_name {
            return Err(Fail::with(
                61070,
                "the name does not match the legal person",
            ));
        }
        if let Some(p) = self.people.get_mut(&person.wechat) {
            p.name = legal_name.clone();
        }
        let busy = |t: &Task| field(t, "name") == name || field(t, "code") == code;
        if self.subject_busy(&[TaskKind::Enterprise, TaskKind::EnterpriseLegacy], busy) {
            return Err(Fail::with(89249, "this subject has a task in progress"));
        }
        let id = self.hex(32);
        let mut fields = Map::new();
        fields.insert("name".into(), json!(name));
        fields.insert("code".into(), json!(code));
        fields.insert("code_type".into(), json!(code_type));
        fields.insert("legal_persona_openid".into(), json!(openid));
        fields.insert("legal_persona_wechat".into(), json!(person.wechat));
        fields.insert("legal_persona_name".into(), json!(legal_name));
        fields.insert("component_phone".into(), json!(phone.unwrap_or_default()));
        fields.insert("new_version".into(), json!(new_version.unwrap_or(false)));
        let url = self.task_page(&id);
        let task = self.new_task(
            id.clone(),
            TaskKind::Enterprise,
            component,
            Actor::LegalPerson,
            fields,
            None,
            Some(DAY),
        );
        task.authorize_url = Some(url.clone());
        Ok(json!({"errcode": 0, "errmsg": "ok", "taskid": id, "authorize_url": url, "status": 0}))
    }

    /// `fastregisterweapp?action=create|search` (§3.1, legacy).
    pub fn register_legacy(
        &mut self,
        component: &str,
        query: &HashMap<String, String>,
        body: &Body,
    ) -> Outcome {
        let name = body.need("name", 89253)?;
        let wechat = body.need("legal_persona_wechat", 89253)?;
        let legal_name = body.need("legal_persona_name", 89253)?;
        match query.get("action").map(String::as_str) {
            Some("create") => {}
            Some("search") => return self.search_legacy(&name, &wechat, &legal_name),
            _ => return Err(Fail::with(-1, "invalid action")),
        }
        let code = body.need("code", 89253)?;
        let code_type = body
            .int("code_type")?
            .ok_or_else(|| Fail::with(89253, "code_type is missing"))?;
        let phone = body.text("component_phone")?;
        if !is_wechat_id(&wechat) {
            return Err(Fail::code(86004));
        }
        check_enterprise_code(&code, code_type)?;
        self.check_registration_rights(component)?;
        self.person_by_wechat(&wechat, &legal_name)?;
        let busy = |t: &Task| field(t, "name") == name || field(t, "code") == code;
        if self.subject_busy(&[TaskKind::Enterprise, TaskKind::EnterpriseLegacy], busy) {
            return Err(Fail::with(89249, "this subject has a task in progress"));
        }
        let id = self.hex(32);
        let mut fields = Map::new();
        fields.insert("name".into(), json!(name));
        fields.insert("code".into(), json!(code));
        fields.insert("code_type".into(), json!(code_type));
        fields.insert("legal_persona_wechat".into(), json!(wechat));
        fields.insert("legal_persona_name".into(), json!(legal_name));
        fields.insert("component_phone".into(), json!(phone.unwrap_or_default()));
        let until = self.now() + self.config.rules.front_check_secs;
        let url = self.task_page(&id);
        let task = self.new_task(
            id,
            TaskKind::EnterpriseLegacy,
            component,
            Actor::LegalPerson,
            fields,
            None,
            Some(DAY),
        );
        task.front_check_until = Some(until);
        task.authorize_url = Some(url);
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    fn search_legacy(&self, name: &str, wechat: &str, legal_name: &str) -> Outcome {
        let now = self.now();
        let task = self.tasks.values().find(|t| {
            t.kind == TaskKind::EnterpriseLegacy
                && t.state == TaskState::Pending
                && field(t, "name") == name
                && field(t, "legal_persona_wechat") == wechat
                && field(t, "legal_persona_name") == legal_name
        });
        match task {
            None => Err(Fail::code(89250)),
            Some(t) if t.front_check_until.is_some_and(|u| now < u) => Err(Fail::code(89252)),
            Some(_) => Err(Fail::code(89251)),
        }
    }

    /// `fastregisterpersonalweapp?action=create|query` (§3.3).
    pub fn register_personal(
        &mut self,
        component: &str,
        query: &HashMap<String, String>,
        body: &Body,
    ) -> Outcome {
        match query.get("action").map(String::as_str) {
            Some("create") => {}
            Some("query") => {
                let id = body.need("taskid", 89253)?;
                let Some(t) = self
                    .tasks
                    .get(&id)
                    .filter(|t| t.kind == TaskKind::Personal && t.component == component)
                else {
                    return Err(Fail::code(89250));
                };
                return Ok(
                    json!({"errcode": 0, "errmsg": "ok", "taskid": t.id, "authorize_url": t.authorize_url, "status": t.status}),
                );
            }
            _ => return Err(Fail::with(-1, "invalid action")),
        }
        let idname = body.need("idname", 89253)?;
        let wxuser = body.need("wxuser", 89253)?;
        let phone = body.text("component_phone")?;
        let new_version = body.flag("new_version")?;
        if !is_wechat_id(&wxuser) {
            return Err(Fail::code(86004));
        }
        self.check_registration_rights(component)?;
        self.person_by_wechat(&wxuser, &idname)?;
        if self.subject_busy(&[TaskKind::Personal], |t| field(t, "wxuser") == wxuser) {
            return Err(Fail::with(89249, "this person has a task in progress"));
        }
        let id = self.hex(32);
        let mut fields = Map::new();
        fields.insert("idname".into(), json!(idname));
        fields.insert("wxuser".into(), json!(wxuser));
        fields.insert("component_phone".into(), json!(phone.unwrap_or_default()));
        fields.insert("new_version".into(), json!(new_version.unwrap_or(false)));
        let url = self.task_page(&id);
        let task = self.new_task(
            id.clone(),
            TaskKind::Personal,
            component,
            Actor::User,
            fields,
            None,
            Some(DAY),
        );
        task.authorize_url = Some(url.clone());
        Ok(json!({"errcode": 0, "errmsg": "ok", "taskid": id, "authorize_url": url, "status": 0}))
    }

    /// Control actions on enterprise tasks (2026 and legacy).
    pub(super) fn enterprise_action(
        &mut self,
        task: &Task,
        action: &Action,
    ) -> Result<(), Refusal> {
        match action.name.as_str() {
            "approve" => {
                if let Some(until) = task.front_check_until.filter(|u| self.now() < *u) {
                    return Err(format!(
                        "the consistency check runs until {until} (sandbox time); the legal person is asked after it — advance the clock"
                    ));
                }
                let wechat = field(task, "legal_persona_wechat");
                let name = field(task, "name");
                if let Some(status) = self.creation_blocker(&name, &wechat) {
                    self.registration_failed(task, status, "creation refused");
                    return Ok(());
                }
                let subject_type = if name.starts_with("个体户") {
                    SubjectType::Individual
                } else {
                    SubjectType::Enterprise
                };
                let appid = self.create_mini_program(NewMini {
                    nick_name: String::new(),
                    principal_name: name,
                    subject_type,
                    verified: false,
                    admin: Some(wechat),
                    register_type: 6,
                    beta: false,
                    created_via_oa: None,
                });
                self.registration_succeeded(task, &appid);
                Ok(())
            }
            "reject" => {
                self.registration_failed(
                    task,
                    action.status.unwrap_or(-1),
                    action.msg.as_deref().unwrap_or("legal person rejected"),
                );
                Ok(())
            }
            "fail_face" => {
                self.registration_failed(
                    task,
                    action.status.unwrap_or(-1),
                    action.msg.as_deref().unwrap_or("face verification failed"),
                );
                Ok(())
            }
            "fail" => {
                let status = action
                    .status
                    .ok_or("fail needs a status (e.g. 103, 1001)")?;
                self.registration_failed(task, status, action.msg.as_deref().unwrap_or("failed"));
                Ok(())
            }
            other => Err(format!(
                "unknown action {other:?} (approve, reject, fail_face, fail, expire)"
            )),
        }
    }

    /// Why a new mini program cannot be created for this subject and admin: a status of the
    /// §3.1 push table (1002 subject blacklisted, 1003 admin limit, 1004 admin blacklisted).
    pub fn creation_blocker(&self, subject: &str, admin: &str) -> Option<i64> {
        if self.blacklisted(subject) {
            return Some(1002);
        }
        if self.blacklisted(admin) {
            return Some(1004);
        }
        let max = usize::try_from(self.config.rules.admin_max_mini_programs).unwrap_or(usize::MAX);
        if self.admin_count(admin) >= max {
            return Some(1003);
        }
        None
    }

    /// Control actions on personal tasks.
    pub(super) fn personal_action(&mut self, task: &Task, action: &Action) -> Result<(), Refusal> {
        let id = task.id.as_str();
        match action.name.as_str() {
            "approve" => {
                if let Some(stop) = action.stop_at
                    && !PERSONAL_STEPS.iter().any(|(s, _)| *s == stop)
                {
                    return Err(format!(
                        "stop_at must be one of 3, 4, 6, 7, 9, 10; got {stop}"
                    ));
                }
                for &(status, note) in PERSONAL_STEPS.iter().filter(|(s, _)| *s > task.status) {
                    self.task_step(
                        id,
                        Some(Actor::User),
                        status,
                        &format!("status {status}: {note}"),
                    );
                    if action.stop_at == Some(status) {
                        return Ok(());
                    }
                }
                let wxuser = field(task, "wxuser");
                let idname = field(task, "idname");
                if let Some(status) = self.creation_blocker(&idname, &wxuser) {
                    self.registration_failed(task, status, "creation failed");
                    return Ok(());
                }
                let appid = self.create_mini_program(NewMini {
                    nick_name: String::new(),
                    principal_name: idname,
                    subject_type: SubjectType::Personal,
                    verified: false,
                    admin: Some(wxuser),
                    register_type: 16,
                    beta: false,
                    created_via_oa: None,
                });
                self.registration_succeeded(task, &appid);
                Ok(())
            }
            "reject" if task.status < 3 => {
                self.close_task(id, TaskState::Failed, 2, "rejected by user (status 2)");
                Ok(())
            }
            "fail_face" if task.status < 6 => {
                self.close_task(
                    id,
                    TaskState::Failed,
                    5,
                    "face verification failed (status 5)",
                );
                Ok(())
            }
            "reject" | "fail_face" => Err(format!(
                "the task is past that step (status {})",
                task.status
            )),
            "fail" => match action.status {
                Some(8) if task.status < 9 => {
                    self.close_task(
                        id,
                        TaskState::Failed,
                        8,
                        "phone verification failed (status 8)",
                    );
                    Ok(())
                }
                Some(status @ (11 | 1001..=1008)) => {
                    self.registration_failed(
                        task,
                        status,
                        action.msg.as_deref().unwrap_or("creation failed"),
                    );
                    Ok(())
                }
                other => Err(format!(
                    "a personal task fails with status 8, 11 or 1001–1008; got {other:?}"
                )),
            },
            other => Err(format!(
                "unknown action {other:?} (approve, reject, fail_face, fail, expire)"
            )),
        }
    }
}

/// A text field of a task's request.
pub fn field(task: &Task, key: &str) -> String {
    task.fields
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
