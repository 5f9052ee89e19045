//! Open-platform accounts (§2), official-account ↔ mini-program links (§4) and the admin
//! rebind API (§5, step 2).
//!
//! Open accounts: one per appid (89000), same subject only (89001), an unverified one binds
//! at most 5 accounts (89036), a verified one 100 (89004); only API-created ones can be
//! unbound (89003). Links: invitation 12 (OA admin) → 2 (mini-program admin) → 1 linked, or
//! 3 rejected; a pending invitation is 89010, an existing link 89015; a mini program shown in
//! "nearby" cannot be unlinked (89011).

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::tasks::{Action, Actor, Refusal, Task, TaskKind, TaskState};
use super::{Body, Fail, OpenAccount, Outcome, World};
use crate::config::AccountKind;

type LinkLogEntry = (String, String, bool, i64);

const UNVERIFIED_OPEN_MAX: usize = 5;
const OPEN_MAX: usize = 100;

/// An official-account ↔ mini-program link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The official account.
    pub oa: String,
    /// The mini program.
    pub appid: String,
    /// 1 linked, 2 waiting for the mini-program admin, 3 rejected, 12 waiting for the OA admin.
    pub status: i64,
    /// `notify_users`.
    pub notify_users: bool,
    /// `show_profile`.
    pub show_profile: bool,
    /// `source`.
    pub source: String,
    /// The invitation task.
    pub task: Option<String>,
}

impl World {
    /// `/cgi-bin/open/<op>` (§2).
    pub fn open_op(&mut self, op: &str, appid: &str, body: &Body) -> Outcome {
        if body.text("appid")?.is_some_and(|a| a != appid) {
            return Err(Fail::with(40013, "appid is not the token's account"));
        }
        let Some(account) = self.accounts.get(appid).cloned() else {
            return Err(Fail::code(40013));
        };
        let ok = |extra: Value| {
            let mut v = json!({"errcode": 0, "errmsg": "ok"});
            if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), extra) {
                obj.extend(more);
            }
            v
        };
        match op {
            "have" => Ok(ok(json!({"have_open": account.open_appid.is_some()}))),
            "get" => match account.open_appid {
                Some(o) => Ok(ok(json!({"open_appid": o}))),
                None => Err(Fail::code(89002)),
            },
            "create" => {
                if account.open_appid.is_some() {
                    return Err(Fail::code(89000));
                }
                if account.beta {
                    return Err(Fail::with(
                        48001,
                        "a trial mini program cannot create an open account",
                    ));
                }
                let open_appid = self.new_appid();
                self.open_accounts.insert(
                    open_appid.clone(),
                    OpenAccount {
                        open_appid: open_appid.clone(),
                        principal_name: account.principal_name,
                        created_by_api: true,
                        verified: false,
                    },
                );
                self.set_open(appid, Some(open_appid.clone()));
                Ok(ok(json!({"open_appid": open_appid})))
            }
            "bind" => {
                let open_appid = body.need("open_appid", 40097)?;
                let Some(open) = self.open_accounts.get(&open_appid).cloned() else {
                    return Err(Fail::with(40013, "open_appid is invalid"));
                };
                if account.open_appid.is_some() {
                    return Err(Fail::code(89000));
                }
                if open.principal_name != account.principal_name {
                    return Err(Fail::code(89001));
                }
                let bound = self
                    .accounts
                    .values()
                    .filter(|a| a.open_appid.as_deref() == Some(&open_appid))
                    .count();
                if !open.verified && bound >= UNVERIFIED_OPEN_MAX {
                    return Err(Fail::code(89036));
                }
                if bound >= OPEN_MAX {
                    return Err(Fail::code(89004));
                }
                self.set_open(appid, Some(open_appid));
                Ok(ok(json!({})))
            }
            "unbind" => {
                let open_appid = body.need("open_appid", 40097)?;
                let Some(open) = self.open_accounts.get(&open_appid).cloned() else {
                    return Err(Fail::with(40013, "open_appid is invalid"));
                };
                match account.open_appid.as_deref() {
                    None => return Err(Fail::code(89002)),
                    Some(o) if o != open_appid => {
                        return Err(Fail::with(40013, "bound to another open account"));
                    }
                    Some(_) => {}
                }
                if !open.created_by_api {
                    return Err(Fail::code(89003));
                }
                self.set_open(appid, None);
                Ok(ok(json!({})))
            }
            _ => Err(Fail::code(40097)),
        }
    }

    fn set_open(&mut self, appid: &str, open: Option<String>) {
        if let Some(a) = self.accounts.get_mut(appid) {
            a.open_appid = open;
        }
    }

    /// Records a link with `status`.
    pub fn add_link(&mut self, oa: &str, mini: &str, status: i64, source: &str) {
        self.links.insert(
            (oa.to_owned(), mini.to_owned()),
            Link {
                oa: oa.to_owned(),
                appid: mini.to_owned(),
                status,
                notify_users: false,
                show_profile: false,
                source: source.to_owned(),
                task: None,
            },
        );
    }

    /// `wxamplinkget` (§4.1).
    pub fn link_get(&self, oa: &str) -> Outcome {
        let items: Vec<Value> = self
            .links
            .values()
            .filter(|l| l.oa == oa)
            .filter_map(|l| {
                let a = self.accounts.get(&l.appid)?;
                Some(json!({
                    "status": l.status,
                    "appid": a.appid,
                    "username": a.user_name,
                    "nickname": a.nick_name,
                    "headimg_url": format!("{}/sandbox/static/head/{}.png", self.base_url, a.appid),
                    "source": l.source,
                    "selected": u8::from(l.show_profile),
                    "nearby_display_status": u8::from(a.nearby),
                    "released": 0,
                    "func_infos": [
                        {"id": 1, "status": u8::from(a.verified), "name": "微信认证"},
                        {"id": 2, "status": 0, "name": "微信支付"},
                    ],
                    "email": "",
                }))
            })
            .collect();
        Ok(json!({"errcode": 0, "errmsg": "ok", "wxopens": {"items": items}}))
    }

    /// `wxamplink` (§4.2): an invitation the OA admin, then the mini-program admin, confirms.
    pub fn link(&mut self, component: &str, oa: &str, body: &Body) -> Outcome {
        let appid = body.need("appid", 40097)?;
        let notify = body
            .flag("notify_users")?
            .ok_or_else(|| Fail::with(40097, "notify_users is missing"))?;
        let show = body
            .flag("show_profile")?
            .ok_or_else(|| Fail::with(40097, "show_profile is missing"))?;
        let Some(mini) = self
            .accounts
            .get(&appid)
            .filter(|a| a.kind == AccountKind::MiniProgram)
            .cloned()
        else {
            return Err(Fail::with(40013, "appid is not a mini program"));
        };
        if mini.overseas {
            return Err(Fail::code(89008));
        }
        match self
            .links
            .get(&(oa.to_owned(), appid.clone()))
            .map(|l| l.status)
        {
            Some(1) => return Err(Fail::code(89015)),
            Some(2 | 12) => return Err(Fail::code(89010)),
            _ => {}
        }
        let rules = self.config.rules.clone();
        let linked = self
            .links
            .values()
            .filter(|l| l.appid == appid && l.status == 1)
            .count();
        if linked >= usize::try_from(rules.mini_max_links).unwrap_or(usize::MAX) {
            return Err(Fail::code(89009));
        }
        let month = crate::clock::month_of(self.now());
        let this_month = |f: &dyn Fn(&LinkLogEntry) -> bool| {
            self.link_log
                .iter()
                .filter(|e| crate::clock::month_of(e.3) == month && f(e))
                .count()
        };
        if this_month(&|e| e.1 == appid)
            >= usize::try_from(rules.mini_linked_per_month).unwrap_or(usize::MAX)
        {
            return Err(Fail::code(89007));
        }
        let oa_subject = self
            .accounts
            .get(oa)
            .map(|a| a.principal_name.clone())
            .unwrap_or_default();
        let same = oa_subject == mini.principal_name;
        let oa_limit = usize::try_from(rules.oa_links_per_month).unwrap_or(usize::MAX);
        if this_month(&|e| e.0 == oa && e.2 == same) >= oa_limit {
            return Err(Fail::code(if same { 89016 } else { 89017 }));
        }
        let now = self.now();
        self.link_log
            .push((oa.to_owned(), appid.clone(), same, now));
        let id = self.hex(32);
        let mut fields = Map::new();
        fields.insert("appid".into(), json!(appid));
        fields.insert("oa_appid".into(), json!(oa));
        let task = self.new_task(
            id.clone(),
            TaskKind::Link,
            component,
            Actor::OaAdmin,
            fields,
            Some(appid.clone()),
            None,
        );
        task.oa_appid = Some(oa.to_owned());
        task.status = 12;
        self.links.insert(
            (oa.to_owned(), appid.clone()),
            Link {
                oa: oa.to_owned(),
                appid,
                status: 12,
                notify_users: notify,
                show_profile: show,
                source: "SOURCE_NORMAL".into(),
                task: Some(id),
            },
        );
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// `wxampunlink` (§4.3).
    pub fn unlink(&mut self, oa: &str, body: &Body) -> Outcome {
        let appid = body.need("appid", 40097)?;
        let key = (oa.to_owned(), appid.clone());
        let Some(link) = self.links.get(&key).filter(|l| l.status != 3).cloned() else {
            return Err(Fail::with(
                40013,
                "the mini program is not linked to this account",
            ));
        };
        if self.accounts.get(&appid).is_some_and(|a| a.nearby) {
            return Err(Fail::code(89011));
        }
        self.links.remove(&key);
        if let Some(task) = link.task.filter(|t| {
            self.tasks
                .get(t)
                .is_some_and(|t| t.state == TaskState::Pending)
        }) {
            self.close_task(
                &task,
                TaskState::Failed,
                link.status,
                "invitation withdrawn by unlink",
            );
        }
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// Control actions on link invitations.
    pub(super) fn link_action(&mut self, task: &Task, action: &Action) -> Result<(), Refusal> {
        let key = (
            task.oa_appid.clone().unwrap_or_default(),
            task.appid.clone().unwrap_or_default(),
        );
        let set = |w: &mut World, status: i64| {
            if let Some(l) = w.links.get_mut(&key) {
                l.status = status;
            }
        };
        match (action.name.as_str(), task.waiting_for) {
            ("approve", Some(Actor::OaAdmin)) => {
                set(self, 2);
                self.task_step(
                    &task.id,
                    Some(Actor::MiniAdmin),
                    2,
                    "official account admin agreed (status 2)",
                );
            }
            ("approve", _) => {
                set(self, 1);
                self.close_task(
                    &task.id,
                    TaskState::Succeeded,
                    1,
                    "mini program admin agreed: linked (status 1)",
                );
            }
            ("reject", Some(Actor::OaAdmin)) => {
                self.links.remove(&key);
                self.close_task(
                    &task.id,
                    TaskState::Failed,
                    12,
                    "official account admin refused",
                );
            }
            ("reject", _) => {
                set(self, 3);
                self.close_task(
                    &task.id,
                    TaskState::Failed,
                    3,
                    "mini program admin refused (status 3)",
                );
            }
            (other, _) => {
                return Err(format!(
                    "unknown action {other:?} for a link (approve, reject, expire)"
                ));
            }
        }
        Ok(())
    }

    /// `componentrebindadmin` (§5, step 2), with the mini program's token.
    pub fn rebind_admin(&mut self, component: &str, appid: &str, body: &Body) -> Outcome {
        let id = body.need("taskid", 85060)?;
        let Some(task) = self.tasks.get(&id).cloned().filter(|t| {
            t.kind == TaskKind::Rebind
                && t.state == TaskState::Pending
                && t.component == component
                && t.appid.as_deref() == Some(appid)
        }) else {
            return Err(Fail::code(85060));
        };
        let text = |k: &str| {
            task.fields
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (wechat, phone, idcard) = (text("wechat"), text("phone"), text("idcard"));
        let max = usize::try_from(self.config.rules.admin_max_mini_programs).unwrap_or(usize::MAX);
        let admin_of = |w: &World, pick: &dyn Fn(&super::Person) -> bool| -> usize {
            w.people
                .values()
                .filter(|p| pick(p))
                .map(|p| w.admin_count(&p.wechat))
                .sum()
        };
        if self.blacklisted(&phone) {
            return Err(Fail::code(85062));
        }
        if self.blacklisted(&idcard) {
            return Err(Fail::code(85063));
        }
        if self.admin_count(&wechat) >= max {
            return Err(Fail::code(85026));
        }
        if !idcard.is_empty() && admin_of(self, &|p| p.idcard.as_deref() == Some(&idcard)) >= max {
            return Err(Fail::code(85027));
        }
        if !phone.is_empty() && admin_of(self, &|p| p.phone.as_deref() == Some(&phone)) >= max {
            return Err(Fail::code(85061));
        }
        if let Some(p) = self.people.get_mut(&wechat) {
            p.phone.get_or_insert(phone);
            p.idcard.get_or_insert(idcard);
        }
        if let Some(a) = self.accounts.get_mut(appid) {
            a.admin = Some(wechat.clone());
        }
        self.close_task(
            &id,
            TaskState::Succeeded,
            0,
            &format!("admin of {appid} is now {wechat}"),
        );
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }
}
