//! Trial (beta) mini programs — registration (§3.4), verification to a formal app (§3.5) and
//! renaming (§3.6) — and registration by reusing an official account's subject (§3.2, API
//! step; the page step is in `pages`).

use serde_json::{Map, Value, json};

use super::tasks::{Action, Actor, DAY, Refusal, Task, TaskKind, TaskState};
use super::{Body, Fail, NewMini, Outcome, World};
use crate::config::{AccountKind, SubjectType};
use crate::world::fail::{check_enterprise_code, is_wechat_id};
use crate::world::register::field;

/// The suffix WeChat appends to trial names.
pub const BETA_SUFFIX: &str = "的体验小程序";
/// Reuse-OA: successful registrations per official account per month (§3.2).
const REUSE_OA_PER_MONTH: usize = 5;
/// Mini programs per subject (61053; the sandbox's figure).
const SUBJECT_MAX_MINI_PROGRAMS: usize = 50;

/// A reuse-OA ticket (§3.2), handed to the redirect after the admin confirms the page.
#[derive(Debug, Clone)]
pub struct FrTicket {
    /// The official account.
    pub oa: String,
    /// The platform.
    pub component: String,
    /// `copy_wx_verify` of the page.
    pub copy_wx_verify: bool,
    /// Issued at.
    pub issued_at: i64,
    /// Consumed by a registration.
    pub used: bool,
    /// A registration with it is running.
    pub in_use: bool,
}

/// A reuse-OA registration that takes time (`rules.reuse_oa_processing_ms`).
#[derive(Debug, Clone)]
pub struct Deferred {
    /// The ticket being used.
    pub ticket: String,
    /// Real milliseconds to wait before finishing.
    pub ms: u64,
}

impl World {
    fn check_trial_name(&self, name: &str) -> Result<(), Fail> {
        let len = name.chars().count();
        if !(4..=30).contains(&len) {
            return Err(Fail::with(
                40097,
                format!("name must be 4–30 characters, got {len}"),
            ));
        }
        let lower = name.to_lowercase();
        if let Some(word) = self
            .config
            .rules
            .protected_names
            .iter()
            .find(|w| lower.contains(&w.to_lowercase()))
        {
            return Err(Fail::with(86011, format!("contains {word:?}")));
        }
        Ok(())
    }

    /// `fastregisterbetaweapp` (§3.4).
    pub fn register_beta(&mut self, component: &str, body: &Body) -> Outcome {
        let name = body.need("name", 89253)?;
        let openid = body.need("openid", 89253)?;
        self.check_trial_name(&name)?;
        let id = self.hex(32);
        let token = self.alnum(32);
        let url = format!(
            "{}/wxawap/fastregistertpbeta?action=show&create_token={token}",
            self.base_url
        );
        let mut fields = Map::new();
        fields.insert("name".into(), json!(name));
        fields.insert("openid".into(), json!(openid));
        fields.insert("create_token".into(), json!(token));
        let task = self.new_task(
            id.clone(),
            TaskKind::Beta,
            component,
            Actor::User,
            fields,
            None,
            Some(DAY),
        );
        task.authorize_url = Some(url.clone());
        Ok(json!({"errcode": 0, "errmsg": "ok", "unique_id": id, "authorize_url": url}))
    }

    /// Control actions on trial registrations.
    pub(super) fn beta_action(&mut self, task: &Task, action: &Action) -> Result<(), Refusal> {
        match action.name.as_str() {
            "approve" => {
                let person = self.person_by_openid(&field(task, "openid"));
                if let Some(status) = self.creation_blocker("", &person.wechat) {
                    self.registration_failed(task, status, "creation refused");
                    return Ok(());
                }
                let appid = self.create_mini_program(NewMini {
                    nick_name: format!("{}{BETA_SUFFIX}", field(task, "name")),
                    principal_name: String::new(),
                    subject_type: SubjectType::Personal,
                    verified: false,
                    admin: Some(person.wechat),
                    register_type: 13,
                    beta: true,
                    created_via_oa: None,
                });
                self.registration_succeeded(task, &appid);
                Ok(())
            }
            "reject" | "fail_face" | "fail" => {
                let msg = action
                    .msg
                    .as_deref()
                    .unwrap_or("the user did not complete the registration");
                self.registration_failed(task, action.status.unwrap_or(-1), msg);
                Ok(())
            }
            other => Err(format!(
                "unknown action {other:?} (approve, reject, fail, expire)"
            )),
        }
    }

    /// `verifybetaweapp` (§3.5), with the trial app's token.
    pub fn verify_beta(&mut self, component: &str, appid: &str, body: &Body) -> Outcome {
        let is_trial = self.accounts.get(appid).is_some_and(|a| a.beta);
        if !is_trial {
            return Err(Fail::code(91021));
        }
        let info = body
            .object("verify_info")?
            .ok_or_else(|| Fail::with(89253, "verify_info is missing"))?;
        let name = info.need("enterprise_name", 89253)?;
        let code = info.need("code", 89253)?;
        let code_type = info
            .int("code_type")?
            .ok_or_else(|| Fail::with(89253, "code_type is missing"))?;
        let wechat = info.need("legal_persona_wechat", 89253)?;
        let legal_name = info.need("legal_persona_name", 89253)?;
        let idcard = info.need("legal_persona_idcard", 89253)?;
        let phone = info.need("component_phone", 89253)?;
        check_enterprise_code(&code, code_type)?;
        if !is_wechat_id(&wechat) {
            return Err(Fail::code(86004));
        }
        let person = self.person_by_wechat(&wechat, &legal_name)?;
        if person.idcard.as_ref().is_some_and(|known| *known != idcard) {
            return Err(Fail::with(
                61070,
                "the ID card does not match the legal person",
            ));
        }
        let pending = self.tasks.values().find(|t| {
            t.kind == TaskKind::BetaVerify
                && t.state == TaskState::Pending
                && t.appid.as_deref() == Some(appid)
        });
        match pending.map(|t| t.waiting_for) {
            Some(Some(Actor::LegalPerson)) => return Err(Fail::code(89251)),
            Some(_) => {
                return Err(Fail::with(
                    89249,
                    "this appid already has a verification task running",
                ));
            }
            None => {}
        }
        let mut fields = Map::new();
        for (k, v) in [
            ("enterprise_name", json!(name)),
            ("code", json!(code)),
            ("code_type", json!(code_type)),
            ("legal_persona_wechat", json!(wechat)),
            ("legal_persona_name", json!(legal_name)),
            ("legal_persona_idcard", json!(idcard)),
            ("component_phone", json!(phone)),
        ] {
            fields.insert(k.into(), v);
        }
        let id = self.hex(32);
        let url = format!("{}/sandbox/tasks/{id}/page", self.base_url);
        let task = self.new_task(
            id,
            TaskKind::BetaVerify,
            component,
            Actor::LegalPerson,
            fields,
            Some(appid.to_owned()),
            Some(DAY),
        );
        task.authorize_url = Some(url);
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// Control actions on trial verifications: the legal person, then the admin.
    pub(super) fn verify_action(&mut self, task: &Task, action: &Action) -> Result<(), Refusal> {
        match (action.name.as_str(), task.waiting_for) {
            ("approve", Some(Actor::LegalPerson)) => {
                self.task_step(
                    &task.id,
                    Some(Actor::Admin),
                    0,
                    "legal person passed the face check; waiting for the admin",
                );
                Ok(())
            }
            ("approve", _) => {
                let appid = task.appid.clone().unwrap_or_default();
                let name = field(task, "enterprise_name");
                if self.blacklisted(&name) {
                    self.registration_failed(task, 1002, "subject blacklisted");
                    return Ok(());
                }
                if let Some(a) = self.accounts.get_mut(&appid) {
                    a.beta = false;
                    a.principal_name = name;
                    a.subject_type = SubjectType::Enterprise;
                }
                let (info_type, info) = self.result_info(task);
                let xml = format!(
                    "<xml><AppId><![CDATA[{c}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[{info_type}]]></InfoType><appid>{a}</appid><status>0</status><msg>OK</msg>{info}</xml>",
                    c = task.component,
                    now = self.now(),
                    a = super::push::cdata(&appid),
                );
                self.push_component(&task.component, info_type, xml);
                self.close_task(
                    &task.id,
                    TaskState::Succeeded,
                    0,
                    &format!("succeeded: {appid} is formal"),
                );
                Ok(())
            }
            ("reject", _) => {
                let msg = action.msg.as_deref().unwrap_or(match task.waiting_for {
                    Some(Actor::Admin) => "the admin rejected",
                    _ => "the legal person rejected",
                });
                self.registration_failed(task, action.status.unwrap_or(-1), msg);
                Ok(())
            }
            ("fail_face", Some(Actor::LegalPerson)) => {
                let msg = action.msg.as_deref().unwrap_or("人脸视频识别失败，请重试");
                self.registration_failed(task, action.status.unwrap_or(-1), msg);
                Ok(())
            }
            ("fail", _) => {
                let status = action
                    .status
                    .ok_or("fail needs a status (e.g. 103, 1000)")?;
                self.registration_failed(task, status, action.msg.as_deref().unwrap_or("failed"));
                Ok(())
            }
            (other, _) => Err(format!(
                "cannot {other} now (approve, reject, fail_face, fail, expire)"
            )),
        }
    }

    /// `setbetaweappnickname` (§3.6).
    pub fn rename_beta(&mut self, appid: &str, body: &Body) -> Outcome {
        let is_trial = self.accounts.get(appid).is_some_and(|a| a.beta);
        if !is_trial {
            return Err(Fail::code(91020));
        }
        let name = body.need("name", 89253)?;
        self.check_trial_name(&name)?;
        if let Some(a) = self.accounts.get_mut(appid) {
            a.nick_name = format!("{name}{BETA_SUFFIX}");
        }
        self.note(format!("{appid} renamed"));
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// `account/fastregister` (§3.2), with the official account's token.
    pub fn reuse_oa_register(&mut self, component: &str, oa: &str, body: &Body) -> Outcome {
        let ticket = body.need("ticket", 61058)?;
        let Some(t) = self.fr_tickets.get(&ticket).cloned() else {
            return Err(Fail::code(61058));
        };
        if t.used || t.in_use || t.oa != oa || t.component != component {
            return Err(Fail::code(61058));
        }
        let Some(account) = self.accounts.get(oa).cloned() else {
            return Err(Fail::code(40013));
        };
        if account.kind != AccountKind::OfficialAccount {
            return Err(Fail::code(61051));
        }
        if account.overseas {
            return Err(Fail::code(61061));
        }
        if matches!(
            account.subject_type,
            SubjectType::Personal | SubjectType::Individual
        ) {
            return Err(Fail::code(61051));
        }
        if !account.verified {
            return Err(Fail::code(61052));
        }
        if self.blacklisted(&account.principal_name) {
            return Err(Fail::code(61054));
        }
        let must_copy = matches!(
            account.subject_type,
            SubjectType::Government | SubjectType::Media | SubjectType::Other
        );
        if must_copy && !t.copy_wx_verify {
            return Err(Fail::code(61056));
        }
        if self.fr_tickets.values().any(|x| x.oa == oa && x.in_use) {
            return Err(Fail::code(61057));
        }
        let month = crate::clock::month_of(self.now());
        let this_month = self
            .accounts
            .values()
            .filter(|a| {
                a.created_via_oa.as_deref() == Some(oa)
                    && crate::clock::month_of(a.created_at) == month
            })
            .count();
        if this_month >= REUSE_OA_PER_MONTH {
            return Err(Fail::code(61055));
        }
        let subject_count = self
            .accounts
            .values()
            .filter(|a| {
                a.kind == AccountKind::MiniProgram && a.principal_name == account.principal_name
            })
            .count();
        if subject_count >= SUBJECT_MAX_MINI_PROGRAMS {
            return Err(Fail::code(61053));
        }
        let ms = self.config.rules.reuse_oa_processing_ms;
        if ms > 0 {
            if let Some(x) = self.fr_tickets.get_mut(&ticket) {
                x.in_use = true;
            }
            self.deferred = Some(Deferred { ticket, ms });
            return Ok(Value::Null);
        }
        Ok(self.finish_reuse_oa(&ticket))
    }

    /// Completes a reuse-OA registration: the mini program exists, is linked to the official
    /// account and authorized to the platform.
    pub fn finish_reuse_oa(&mut self, ticket: &str) -> Value {
        let Some(t) = self.fr_tickets.get_mut(ticket) else {
            return json!({"errcode": 61058, "errmsg": "ticket is invalid"});
        };
        t.used = true;
        t.in_use = false;
        let t = t.clone();
        let Some(oa) = self.accounts.get(&t.oa).cloned() else {
            return json!({"errcode": 40013, "errmsg": "invalid appid"});
        };
        let verified = t.copy_wx_verify && oa.verified;
        let appid = self.create_mini_program(NewMini {
            nick_name: String::new(),
            principal_name: oa.principal_name.clone(),
            subject_type: oa.subject_type,
            verified,
            admin: oa.admin.clone(),
            register_type: 2,
            beta: false,
            created_via_oa: Some(t.oa.clone()),
        });
        self.add_link(&t.oa, &appid, 1, "SOURCE_FASTREGISTER");
        let sets = self.sets_for(&t.component, AccountKind::MiniProgram);
        let grant = self.grant_quiet(&t.component, &appid, sets);
        self.note(format!("reuse-OA registration: {appid} for {}", t.oa));
        json!({
            "errcode": 0,
            "errmsg": "ok",
            "appid": appid,
            "authorization_code": grant.code,
            "is_wx_verify_succ": verified,
            "is_link_succ": true,
        })
    }
}
