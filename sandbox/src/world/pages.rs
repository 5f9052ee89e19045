//! The pages a person opens in a browser (§1.5 authorization, §3.2 reuse-OA registration, §5
//! admin rebind). Opening one checks its parameters as WeChat's page does and creates a
//! session; confirming the session does what the person's confirmation does on WeChat and
//! gives the URL the browser is redirected to:
//!
//! * authorization → `redirect_uri?auth_code=…&expires_in=…`, plus the `authorized` push;
//! * reuse-OA → `redirect_uri?ticket=…`;
//! * admin rebind → `redirect_uri?taskid=…`.

use serde::{Deserialize, Serialize};

use super::beta::FrTicket;
use super::tasks::{Actor, DAY, TaskKind};
use super::{Timer, World};
use crate::config::AccountKind;
use crate::world::fail::is_wechat_id;

/// What a page is for.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Page {
    /// §1.5: the merchant admin authorizes the platform.
    Authorize {
        /// The pre-auth code the URL carries.
        pre_auth_code: String,
        /// Where the browser goes after confirming.
        redirect_uri: String,
        /// 1 official accounts, 2 mini programs, 3 both.
        auth_type: i64,
        /// Restricts to this account.
        biz_appid: Option<String>,
        /// Restricts the permission sets.
        category_ids: Option<Vec<i64>>,
        /// The mobile (bindcomponent) form.
        mobile: bool,
    },
    /// §3.2: the official account's admin allows a registration reusing its subject.
    FastRegisterAuth {
        /// The official account.
        oa_appid: String,
        /// Reuse its WeChat verification.
        copy_wx_verify: bool,
        /// Where the browser goes after confirming.
        redirect_uri: String,
    },
    /// §5: old and new admin confirm the rebind.
    RebindAdmin {
        /// The mini program.
        appid: String,
        /// Where the browser goes after confirming.
        redirect_uri: String,
    },
}

/// An opened page.
#[derive(Debug, Clone, Serialize)]
pub struct PageSession {
    /// Session id.
    pub id: String,
    /// The platform.
    pub component: String,
    /// Opened at.
    pub opened_at: i64,
    /// The page.
    pub page: Page,
    /// Accounts the person may pick (authorization).
    pub choices: Vec<String>,
    /// `open`, `done` or `cancelled`.
    pub state: &'static str,
    /// Where the browser was sent.
    pub redirect: Option<String>,
}

/// The person's input when confirming a page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Confirm {
    /// Authorization: the account that authorizes (default: `biz_appid`, else the first).
    pub appid: Option<String>,
    /// Authorization: the permission sets granted (default: all the page offers).
    pub category_ids: Option<Vec<i64>>,
    /// Rebind: the new admin (default in auto mode: a new person).
    pub new_admin: Option<NewAdmin>,
}

/// The new admin of a rebind.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NewAdmin {
    /// WeChat ID.
    pub wechat: String,
    /// Real name.
    pub name: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// ID card.
    #[serde(default)]
    pub idcard: String,
}

/// Page paths and their kinds.
pub const PAGE_PATHS: &[&str] = &[
    "/cgi-bin/componentloginpage",
    "/wxaopen/safe/bindcomponent",
    "/safe/bindcomponent",
    "/cgi-bin/fastregisterauth",
    "/wxopen/componentrebindadmin",
];

type Params = std::collections::HashMap<String, String>;

impl World {
    /// Opens the page at `path` with `query`: a session id, or what the page shows as error.
    pub fn open_page(&mut self, path: &str, query: &Params) -> Result<String, String> {
        let get = |k: &str| query.get(k).filter(|v| !v.is_empty()).cloned();
        let component = get("component_appid").ok_or("component_appid is missing")?;
        if !self.platforms.contains_key(&component) {
            return Err(format!(
                "component_appid {component} is not a third-party platform"
            ));
        }
        let redirect_uri = get("redirect_uri").ok_or("redirect_uri is missing")?;
        self.check_redirect(&component, &redirect_uri)?;
        let mut choices = Vec::new();
        let page = match path {
            "/cgi-bin/componentloginpage"
            | "/wxaopen/safe/bindcomponent"
            | "/safe/bindcomponent" => {
                let code = get("pre_auth_code").ok_or("pre_auth_code is missing")?;
                self.check_pre_auth(&component, &code)?;
                let auth_type = match get("auth_type") {
                    None => 3,
                    Some(t) => t
                        .parse()
                        .map_err(|_| format!("auth_type {t:?} is not a number"))?,
                };
                let biz_appid = get("biz_appid");
                let category_ids = match get("category_id_list") {
                    None => None,
                    Some(list) => Some(
                        list.split('|')
                            .map(|s| {
                                s.trim().parse::<i64>().map_err(|_| {
                                    format!("category_id_list {list:?} is not ids joined by |")
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                choices = self
                    .accounts
                    .values()
                    .filter(|a| match auth_type {
                        1 => a.kind == AccountKind::OfficialAccount,
                        2 => a.kind == AccountKind::MiniProgram,
                        _ => true,
                    })
                    .filter(|a| biz_appid.as_ref().is_none_or(|b| *b == a.appid))
                    .map(|a| a.appid.clone())
                    .collect();
                if let Some(b) = &biz_appid
                    && !self.accounts.contains_key(b)
                {
                    return Err(format!("biz_appid {b} is not an account"));
                }
                Page::Authorize {
                    pre_auth_code: code,
                    redirect_uri,
                    auth_type,
                    biz_appid,
                    category_ids,
                    mobile: path != "/cgi-bin/componentloginpage",
                }
            }
            "/cgi-bin/fastregisterauth" => {
                let oa = get("appid").ok_or("appid is missing")?;
                let is_oa = self
                    .accounts
                    .get(&oa)
                    .is_some_and(|a| a.kind == AccountKind::OfficialAccount);
                if !is_oa {
                    return Err(format!("appid {oa} is not an official account"));
                }
                let granted = self
                    .authorization(&component, &oa)
                    .is_some_and(|a| a.func_info.contains(&27));
                if !granted {
                    return Err("此公众号未将“快速注册小程序”权限集授权给此第三方平台 (permission set 27 not granted)".into());
                }
                let copy_wx_verify = match get("copy_wx_verify").as_deref() {
                    Some("1") => true,
                    Some("0") | None => false,
                    Some(other) => {
                        return Err(format!("copy_wx_verify must be 0 or 1, got {other:?}"));
                    }
                };
                Page::FastRegisterAuth {
                    oa_appid: oa,
                    copy_wx_verify,
                    redirect_uri,
                }
            }
            "/wxopen/componentrebindadmin" => {
                let appid = get("appid").ok_or("appid is missing")?;
                let granted = self
                    .authorization(&component, &appid)
                    .is_some_and(|a| a.func_info.contains(&17));
                if !granted {
                    return Err("此帐号未将“帐号管理权限集”授权给此第三方平台 (permission set 17 not granted)".into());
                }
                Page::RebindAdmin {
                    appid,
                    redirect_uri,
                }
            }
            other => return Err(format!("{other} is not a page")),
        };
        let id = self.hex(16);
        let now = self.now();
        self.pages.insert(
            id.clone(),
            PageSession {
                id: id.clone(),
                component,
                opened_at: now,
                page,
                choices,
                state: "open",
                redirect: None,
            },
        );
        if self.auto() {
            let due = self.clock.now_ms() + i64::try_from(self.config.auto.delay_ms).unwrap_or(0);
            self.schedule(due, Timer::AutoPage(id.clone()));
        }
        self.note(format!("page {id} opened ({path})"));
        Ok(id)
    }

    fn check_redirect(&self, component: &str, uri: &str) -> Result<(), String> {
        let parsed: axum::http::Uri = uri
            .parse()
            .map_err(|_| format!("redirect_uri {uri:?} is not a URL"))?;
        let scheme_ok = matches!(parsed.scheme_str(), Some("http" | "https"));
        let host = parsed
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let domains = self
            .platforms
            .get(component)
            .map(|p| p.cfg.redirect_domains.clone())
            .unwrap_or_default();
        if !scheme_ok || !domains.iter().any(|d| d.eq_ignore_ascii_case(host)) {
            return Err(format!(
                "redirect_uri host {host:?} is not the platform's authorization domain ({})",
                domains.join(", ")
            ));
        }
        Ok(())
    }

    fn check_pre_auth(&self, component: &str, code: &str) -> Result<(), String> {
        match self.creds.pre_auth.get(code) {
            Some(p) if p.component == component && !p.used && self.now() < p.expires_at => Ok(()),
            Some(p) if p.used => Err("pre_auth_code was used already".into()),
            Some(p) if p.component == component => Err("pre_auth_code expired".into()),
            _ => Err("pre_auth_code is invalid".into()),
        }
    }

    /// The person confirms page `id`; returns the redirect URL.
    pub fn confirm_page(&mut self, id: &str, input: &Confirm) -> Result<String, String> {
        let Some(session) = self.pages.get(id).cloned() else {
            return Err(format!("no page session {id}"));
        };
        if session.state != "open" {
            return Err(format!("page session {id} is {}", session.state));
        }
        let component = session.component.clone();
        let redirect = match &session.page {
            Page::Authorize {
                pre_auth_code,
                redirect_uri,
                biz_appid,
                category_ids,
                ..
            } => {
                self.check_pre_auth(&component, pre_auth_code)?;
                let appid = input
                    .appid
                    .clone()
                    .or_else(|| biz_appid.clone())
                    .or_else(|| session.choices.first().cloned())
                    .ok_or("no account can authorize on this page")?;
                if !session.choices.contains(&appid) {
                    return Err(format!("{appid} is not offered on this page"));
                }
                let kind = self
                    .accounts
                    .get(&appid)
                    .map_or(AccountKind::MiniProgram, |a| a.kind);
                let offered = self.sets_for(&component, kind);
                let wanted = input.category_ids.clone().or_else(|| category_ids.clone());
                let sets: Vec<i64> = match wanted {
                    Some(ids) => offered.into_iter().filter(|s| ids.contains(s)).collect(),
                    None => offered,
                };
                if sets.is_empty() {
                    return Err("no permission set left to grant".into());
                }
                if let Some(p) = self.creds.pre_auth.get_mut(pre_auth_code) {
                    p.used = true;
                }
                let (code, _) = self.grant(&component, &appid, sets, Some(pre_auth_code));
                let secs = self.config.rules.auth_code_secs;
                with_query(
                    redirect_uri,
                    &[("auth_code", &code), ("expires_in", &secs.to_string())],
                )
            }
            Page::FastRegisterAuth {
                oa_appid,
                copy_wx_verify,
                redirect_uri,
            } => {
                let ticket = self.hex(32);
                let now = self.now();
                self.fr_tickets.insert(
                    ticket.clone(),
                    FrTicket {
                        oa: oa_appid.clone(),
                        component: component.clone(),
                        copy_wx_verify: *copy_wx_verify,
                        issued_at: now,
                        used: false,
                        in_use: false,
                    },
                );
                with_query(redirect_uri, &[("ticket", &ticket)])
            }
            Page::RebindAdmin {
                appid,
                redirect_uri,
            } => {
                let admin = match input.new_admin.clone() {
                    Some(a) => a,
                    None if self.auto() => self.invent_admin(),
                    None => return Err("new_admin {wechat, name, phone, idcard} is needed".into()),
                };
                if !is_wechat_id(&admin.wechat) {
                    return Err(format!("{:?} is not a WeChat ID", admin.wechat));
                }
                self.person_by_wechat(&admin.wechat, &admin.name)
                    .map_err(|f| f.message())?;
                let taskid = self.hex(32);
                let mut fields = serde_json::Map::new();
                for (k, v) in [
                    ("wechat", &admin.wechat),
                    ("name", &admin.name),
                    ("phone", &admin.phone),
                    ("idcard", &admin.idcard),
                ] {
                    fields.insert(k.into(), serde_json::json!(v));
                }
                self.new_task(
                    taskid.clone(),
                    TaskKind::Rebind,
                    &component,
                    Actor::Platform,
                    fields,
                    Some(appid.clone()),
                    Some(DAY),
                );
                with_query(redirect_uri, &[("taskid", &taskid)])
            }
        };
        if let Some(s) = self.pages.get_mut(id) {
            s.state = "done";
            s.redirect = Some(redirect.clone());
        }
        self.cancel(&Timer::AutoPage(id.to_owned()));
        self.note(format!("page {id} confirmed"));
        Ok(redirect)
    }

    /// The person closes page `id` without confirming.
    pub fn cancel_page(&mut self, id: &str) -> Result<(), String> {
        match self.pages.get_mut(id) {
            Some(s) if s.state == "open" => {
                s.state = "cancelled";
                self.cancel(&Timer::AutoPage(id.to_owned()));
                Ok(())
            }
            Some(s) => Err(format!("page session {id} is {}", s.state)),
            None => Err(format!("no page session {id}")),
        }
    }

    /// Auto mode: the person who opened page `id` confirms with the defaults.
    pub fn auto_page(&mut self, id: &str) {
        if let Err(why) = self.confirm_page(id, &Confirm::default()) {
            self.note(format!("auto: page {id}: {why}"));
        }
    }

    fn invent_admin(&mut self) -> NewAdmin {
        let n = self.digits(8);
        NewAdmin {
            wechat: format!("newadmin_{n}"),
            name: "李四".into(),
            phone: format!("139{n}"),
            idcard: format!("1101011990{n}"),
        }
    }
}

/// `url` with `pairs` appended to its query (before any `#fragment`).
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}{}", q.finish());
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}
