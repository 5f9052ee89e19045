//! Spec §1: tickets, component and authorizer tokens, pre-auth and authorization codes,
//! refresh tokens, and the authorizations themselves.
//!
//! Token rules: every mint makes a new token valid 7200 s; the token it replaces stays valid
//! for 5 more minutes (then 40001); an expired token is 42001; an unknown one 40001. A ticket
//! is valid 12 h (then 61005); an unknown ticket is 61006. Pre-auth codes and authorization
//! codes are single-use (61009) and expire (61010 for authorization codes). A revoked
//! authorization answers 61003 to its access tokens; its refresh token is then 61023, as is a
//! refresh token replaced by a newer authorization once its grace period is over.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Body, Chain, Fail, Outcome, Owner, TokenRec, World};
use crate::config::AccountKind;

/// Access tokens live this long (`expires_in`).
pub const TOKEN_SECS: i64 = 7200;
/// A replaced access token stays valid this long.
pub const OVERLAP_SECS: i64 = 300;
/// A ticket is valid this long.
pub const TICKET_SECS: i64 = 12 * 3600;
const MAX_TICKETS: usize = 200;

/// Codes of the authorization flow. `Debug` shows counts only.
#[derive(Default)]
pub struct Creds {
    /// Pre-auth codes.
    pub pre_auth: HashMap<String, PreAuth>,
    /// Authorization codes.
    pub auth_codes: HashMap<String, AuthCode>,
    /// Refresh tokens.
    pub refresh: HashMap<String, Refresh>,
}

/// A pre-auth code.
#[derive(Debug, Clone)]
pub struct PreAuth {
    /// Its platform.
    pub component: String,
    /// Expiry.
    pub expires_at: i64,
    /// Consumed by an authorization.
    pub used: bool,
}

/// An authorization code.
#[derive(Debug, Clone)]
pub struct AuthCode {
    /// Its platform.
    pub component: String,
    /// The authorizer.
    pub appid: String,
    /// Expiry.
    pub expires_at: i64,
    /// Exchanged already.
    pub used: bool,
}

/// A refresh token.
#[derive(Debug, Clone)]
pub struct Refresh {
    /// Its platform.
    pub component: String,
    /// The authorizer.
    pub appid: String,
    /// When a newer authorization replaced it.
    pub superseded_at: Option<i64>,
    /// When its authorization was revoked.
    pub revoked: bool,
}

impl std::fmt::Debug for Creds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Creds")
            .field("pre_auth", &self.pre_auth.len())
            .field("auth_codes", &self.auth_codes.len())
            .field("refresh", &self.refresh.len())
            .finish()
    }
}

/// An account's authorization of a platform. `Debug` hides the refresh token.
#[derive(Clone, Serialize)]
pub struct Authorization {
    /// The platform.
    pub component: String,
    /// The authorizer.
    pub appid: String,
    /// Permission sets granted.
    pub func_info: Vec<i64>,
    /// Current refresh token (not shown in listings).
    #[serde(skip)]
    pub refresh_token: String,
    /// Granted at.
    pub authorized_at: i64,
    /// Revoked at.
    pub revoked_at: Option<i64>,
    /// Its access tokens.
    #[serde(skip)]
    pub aat: Chain,
}

/// The result of granting an authorization.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The platform.
    pub component: String,
    /// The authorizer.
    pub appid: String,
    /// `authorized` or `updateauthorized`.
    pub info_type: &'static str,
    /// The authorization code.
    pub code: String,
    /// Its expiry.
    pub expires_at: i64,
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("component", &self.component)
            .field("appid", &self.appid)
            .field("func_info", &self.func_info)
            .field("authorized_at", &self.authorized_at)
            .field("revoked_at", &self.revoked_at)
            .field("aat", &self.aat)
            .finish_non_exhaustive()
    }
}

impl Authorization {
    /// Still granted.
    pub fn active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

impl World {
    // ----- tickets --------------------------------------------------------------------

    /// Issues a ticket to `component` at `at` (unix seconds).
    pub fn issue_ticket(&mut self, component: &str, at: i64) {
        let ticket = format!("ticket@@@{}", self.token_chars(86));
        if let Some(p) = self.platforms.get_mut(component) {
            p.tickets.push_back((ticket, at));
            while p.tickets.len() > MAX_TICKETS {
                p.tickets.pop_front();
            }
        }
    }

    /// Pushes the newest ticket of `component`.
    pub fn push_ticket(&mut self, component: &str) {
        let Some((ticket, _)) = self
            .platforms
            .get(component)
            .and_then(|p| p.tickets.back().cloned())
        else {
            return;
        };
        let xml = format!(
            "<xml><AppId><![CDATA[{component}]]></AppId><CreateTime>{}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>",
            self.now()
        );
        self.push_component(component, "component_verify_ticket", xml);
    }

    /// `api_start_push_ticket` (§1.2): checks the secret, issues and pushes a ticket now.
    pub fn start_push_ticket(&mut self, body: &Body) -> Outcome {
        let component = self.platform_by_secret(body, "component_secret")?;
        let now = self.now();
        self.issue_ticket(&component, now);
        self.push_ticket(&component);
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// The platform named by `component_appid` whose secret (`secret_key`) matches.
    pub fn platform_by_secret(&self, body: &Body, secret_key: &str) -> Result<String, Fail> {
        let appid = body.need("component_appid", 41002)?;
        let secret = body.need(secret_key, 41004)?;
        let Some(p) = self.platforms.get(&appid) else {
            return Err(if self.accounts.contains_key(&appid) {
                Fail::code(61011)
            } else {
                Fail::code(40013)
            });
        };
        if p.cfg.secret != secret {
            return Err(Fail::code(40125));
        }
        Ok(appid)
    }

    // ----- component access token -----------------------------------------------------

    /// `api_component_token` (§1.3).
    pub fn component_token(&mut self, body: &Body) -> Outcome {
        let component = self.platform_by_secret(body, "component_appsecret")?;
        let ticket = body.need("component_verify_ticket", 61006)?;
        let now = self.now();
        let issued = self
            .platforms
            .get(&component)
            .and_then(|p| p.tickets.iter().rev().find(|(t, _)| *t == ticket))
            .map(|(_, at)| *at);
        match issued {
            None => return Err(Fail::code(61006)),
            Some(at) if now >= at + TICKET_SECS => return Err(Fail::code(61005)),
            Some(_) => {}
        }
        let value = self.mint(Owner::Component(component));
        Ok(json!({"component_access_token": value, "expires_in": TOKEN_SECS}))
    }

    /// Mints a new access token for `owner`; the owner's previous token gets its grace period
    /// and the one before that dies.
    pub fn mint(&mut self, owner: Owner) -> String {
        let prefix = self.rng_prefix();
        let value = format!("{prefix}_{}", self.token_chars(104));
        let now = self.now();
        let chain = match &owner {
            Owner::Component(c) => self.platforms.get_mut(c).map(|p| &mut p.cat),
            Owner::Authorizer { component, appid } => self
                .authorizations
                .get_mut(&(component.clone(), appid.clone()))
                .map(|a| &mut a.aat),
        };
        let Some(chain) = chain else {
            return value;
        };
        let dead = chain.previous.take();
        let replaced = chain.current.replace(value.clone());
        chain.previous = replaced.clone();
        if let Some(dead) = dead {
            self.tokens.remove(&dead);
        }
        if let Some(old) = replaced.and_then(|r| self.tokens.get_mut(&r)) {
            old.superseded_at.get_or_insert(now);
        }
        self.tokens.insert(
            value.clone(),
            TokenRec {
                owner,
                expires_at: now + TOKEN_SECS,
                superseded_at: None,
            },
        );
        value
    }

    fn rng_prefix(&mut self) -> String {
        // Real tokens start with a small number and an underscore ("87_…").
        let n: u8 = (self.hex(2).bytes().map(u32::from).sum::<u32>() % 90 + 10) as u8;
        n.to_string()
    }

    /// Who `value` belongs to, if it is a live token: 40001 unknown or replaced more than five
    /// minutes ago, 42001 expired.
    pub fn check_token(&self, value: &str) -> Result<Owner, Fail> {
        let now = self.now();
        let Some(rec) = self.tokens.get(value) else {
            return Err(Fail::code(40001));
        };
        if rec.superseded_at.is_some_and(|at| now >= at + OVERLAP_SECS) {
            return Err(Fail::with(40001, "a newer token replaced it"));
        }
        if now >= rec.expires_at {
            return Err(Fail::code(42001));
        }
        Ok(rec.owner.clone())
    }

    /// Fault: the matching live tokens expire now (all when both filters are `None`).
    pub fn expire_tokens(&mut self, component: Option<&str>, appid: Option<&str>) -> usize {
        let now = self.now();
        let mut n = 0;
        for rec in self.tokens.values_mut() {
            let hit = match &rec.owner {
                Owner::Component(c) => appid.is_none() && component.is_none_or(|x| x == c),
                Owner::Authorizer {
                    component: c,
                    appid: a,
                } => component.is_none_or(|x| x == c) && appid.is_none_or(|x| x == a),
            };
            if hit && rec.expires_at > now {
                rec.expires_at = now;
                n += 1;
            }
        }
        n
    }

    // ----- pre-auth and authorization codes -------------------------------------------

    /// `api_create_preauthcode` (§1.4).
    pub fn create_preauthcode(&mut self, component: &str, body: &Body) -> Outcome {
        check_component_appid(component, body)?;
        let code = format!("preauthcode@@@{}", self.token_chars(64));
        let secs = self.config.rules.pre_auth_code_secs;
        let expires_at = self.now() + secs;
        self.creds.pre_auth.insert(
            code.clone(),
            PreAuth {
                component: component.to_owned(),
                expires_at,
                used: false,
            },
        );
        Ok(json!({"pre_auth_code": code, "expires_in": secs}))
    }

    /// A new single-use authorization code for (`component`, `appid`); returns it and its
    /// expiry (unix seconds).
    pub fn new_auth_code(&mut self, component: &str, appid: &str) -> (String, i64) {
        let code = format!("queryauthcode@@@{}", self.token_chars(86));
        let expires_at = self.now() + self.config.rules.auth_code_secs;
        self.creds.auth_codes.insert(
            code.clone(),
            AuthCode {
                component: component.to_owned(),
                appid: appid.to_owned(),
                expires_at,
                used: false,
            },
        );
        (code, expires_at)
    }

    /// `api_query_auth` (§1.6).
    pub fn query_auth(&mut self, component: &str, body: &Body) -> Outcome {
        check_component_appid(component, body)?;
        let code = body.need("authorization_code", 61009)?;
        let now = self.now();
        let Some(rec) = self.creds.auth_codes.get_mut(&code) else {
            return Err(Fail::code(61009));
        };
        if rec.component != component || rec.used {
            return Err(Fail::code(61009));
        }
        if now >= rec.expires_at {
            return Err(Fail::code(61010));
        }
        rec.used = true;
        let appid = rec.appid.clone();
        let key = (component.to_owned(), appid.clone());
        let Some(authz) = self.authorizations.get(&key).filter(|a| a.active()) else {
            return Err(Fail::code(61003));
        };
        let (refresh, func_info) = (authz.refresh_token.clone(), authz.func_info.clone());
        let aat = self.mint(Owner::Authorizer {
            component: component.to_owned(),
            appid: appid.clone(),
        });
        Ok(json!({"authorization_info": {
            "authorizer_appid": appid,
            "authorizer_access_token": aat,
            "expires_in": TOKEN_SECS,
            "authorizer_refresh_token": refresh,
            "func_info": func_json(&func_info),
        }}))
    }

    /// `api_authorizer_token` (§1.7).
    pub fn authorizer_token(&mut self, component: &str, body: &Body) -> Outcome {
        check_component_appid(component, body)?;
        let appid = body.need("authorizer_appid", 41002)?;
        let refresh = body.need("authorizer_refresh_token", 61023)?;
        let now = self.now();
        let grace = self.config.rules.refresh_token_grace_secs;
        let Some(rec) = self.creds.refresh.get(&refresh) else {
            return Err(Fail::code(61023));
        };
        if rec.component != component || rec.appid != appid || rec.revoked {
            return Err(Fail::code(61023));
        }
        if rec.superseded_at.is_some_and(|at| now >= at + grace) {
            return Err(Fail::with(61023, "a newer authorization replaced it"));
        }
        let key = (component.to_owned(), appid.clone());
        let Some(authz) = self.authorizations.get(&key).filter(|a| a.active()) else {
            return Err(Fail::code(61003));
        };
        let current = authz.refresh_token.clone();
        let aat = self.mint(Owner::Authorizer {
            component: component.to_owned(),
            appid,
        });
        Ok(json!({
            "authorizer_access_token": aat,
            "expires_in": TOKEN_SECS,
            "authorizer_refresh_token": current,
        }))
    }

    /// `api_get_authorizer_info` (§1.8).
    pub fn authorizer_info(&mut self, component: &str, body: &Body) -> Outcome {
        check_component_appid(component, body)?;
        let appid = body.need("authorizer_appid", 41002)?;
        let key = (component.to_owned(), appid.clone());
        let Some(authz) = self.authorizations.get(&key).filter(|a| a.active()) else {
            return Err(Fail::code(61003));
        };
        let Some(a) = self.accounts.get(&appid) else {
            return Err(Fail::code(40013));
        };
        let mini = a.kind == AccountKind::MiniProgram;
        let mut info = json!({
            "nick_name": a.nick_name,
            "head_img": format!("{}/sandbox/static/head/{}.png", self.base_url, a.appid),
            "service_type_info": {"id": if mini { 0 } else { 2 }},
            "verify_type_info": {"id": if a.verified { 0 } else { -1 }},
            "user_name": a.user_name,
            "principal_name": a.principal_name,
            "alias": "",
            "qrcode_url": format!("{}/sandbox/static/qrcode/{}.jpg", self.base_url, a.appid),
            "signature": "",
            "business_info": {"open_store": 0, "open_scan": 0, "open_pay": 0, "open_card": 0, "open_shake": 0},
            "account_status": 1,
            "register_type": a.register_type,
            "basic_config": {"is_phone_configured": true, "is_email_configured": !a.beta},
        });
        if mini && let Some(obj) = info.as_object_mut() {
            obj.insert(
                "MiniProgramInfo".into(),
                json!({
                    "network": {"RequestDomain": [], "WsRequestDomain": [], "UploadDomain": [],
                                "DownloadDomain": [], "BizDomain": [], "UDPDomain": []},
                    "categories": [],
                    "visit_status": 0,
                }),
            );
        }
        Ok(json!({
            "authorizer_info": info,
            "authorization_info": {
                "authorizer_appid": appid,
                "authorizer_refresh_token": authz.refresh_token,
                "func_info": func_json(&authz.func_info),
            },
        }))
    }

    // ----- authorizations -------------------------------------------------------------

    /// Grants (`component`, `appid`) the permission sets `func_info` and pushes `authorized`
    /// (`updateauthorized` when an active authorization is confirmed again). Returns the
    /// authorization code and its expiry.
    pub fn grant(
        &mut self,
        component: &str,
        appid: &str,
        func_info: Vec<i64>,
        pre_auth: Option<&str>,
    ) -> (String, i64) {
        let grant = self.grant_quiet(component, appid, func_info);
        self.push_authorized(&grant, pre_auth);
        (grant.code, grant.expires_at)
    }

    /// [`World::grant`] without the push (registration results push theirs first).
    pub fn grant_quiet(&mut self, component: &str, appid: &str, func_info: Vec<i64>) -> Grant {
        let now = self.now();
        let key = (component.to_owned(), appid.to_owned());
        let still_active = self.authorizations.get(&key).is_some_and(|a| a.active());
        let info_type = if still_active {
            "updateauthorized"
        } else {
            "authorized"
        };
        if still_active {
            if let Some(a) = self.authorizations.get_mut(&key) {
                a.func_info = func_info;
            }
        } else {
            // A new authorization: a new refresh token; an old one is superseded.
            let refresh = format!("refreshtoken@@@{}", self.token_chars(43));
            if let Some(old) = self
                .authorizations
                .get(&key)
                .map(|a| a.refresh_token.clone())
                && let Some(rec) = self.creds.refresh.get_mut(&old)
            {
                rec.superseded_at.get_or_insert(now);
            }
            self.creds.refresh.insert(
                refresh.clone(),
                Refresh {
                    component: component.to_owned(),
                    appid: appid.to_owned(),
                    superseded_at: None,
                    revoked: false,
                },
            );
            self.authorizations.insert(
                key,
                Authorization {
                    component: component.to_owned(),
                    appid: appid.to_owned(),
                    func_info,
                    refresh_token: refresh,
                    authorized_at: now,
                    revoked_at: None,
                    aat: Chain::default(),
                },
            );
        }
        let (code, expires_at) = self.new_auth_code(component, appid);
        Grant {
            component: component.to_owned(),
            appid: appid.to_owned(),
            info_type,
            code,
            expires_at,
        }
    }

    /// Pushes the `authorized` / `updateauthorized` of a grant.
    pub fn push_authorized(&mut self, grant: &Grant, pre_auth: Option<&str>) {
        let now = self.now();
        let Grant {
            component,
            appid,
            info_type,
            code,
            expires_at,
        } = grant;
        let pre = pre_auth.map_or(String::new(), |p| {
            format!("<PreAuthCode><![CDATA[{p}]]></PreAuthCode>")
        });
        let xml = format!(
            "<xml><AppId><![CDATA[{component}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[{info_type}]]></InfoType><AuthorizerAppid><![CDATA[{appid}]]></AuthorizerAppid><AuthorizationCode><![CDATA[{code}]]></AuthorizationCode><AuthorizationCodeExpiredTime>{expires_at}</AuthorizationCodeExpiredTime>{pre}</xml>"
        );
        self.push_component(component, info_type, xml);
        self.note(format!("{info_type}: {appid} → platform {component}"));
    }

    /// Revokes (`component`, `appid`): its tokens answer 61003, its refresh token 61023, and
    /// an `unauthorized` push goes out. `false` if there was nothing to revoke.
    pub fn revoke(&mut self, component: &str, appid: &str) -> bool {
        let now = self.now();
        let key = (component.to_owned(), appid.to_owned());
        let Some(a) = self.authorizations.get_mut(&key).filter(|a| a.active()) else {
            return false;
        };
        a.revoked_at = Some(now);
        let refresh = a.refresh_token.clone();
        if let Some(rec) = self.creds.refresh.get_mut(&refresh) {
            rec.revoked = true;
        }
        let xml = format!(
            "<xml><AppId><![CDATA[{component}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType><AuthorizerAppid><![CDATA[{appid}]]></AuthorizerAppid></xml>"
        );
        self.push_component(component, "unauthorized", xml);
        self.note(format!(
            "unauthorized: {appid} revoked platform {component}"
        ));
        true
    }

    /// The active authorization of (`component`, `appid`), if any.
    pub fn authorization(&self, component: &str, appid: &str) -> Option<&Authorization> {
        self.authorizations
            .get(&(component.to_owned(), appid.to_owned()))
            .filter(|a| a.active())
    }

    /// The platform's published sets that suit an account of `kind`.
    pub fn sets_for(&self, component: &str, kind: AccountKind) -> Vec<i64> {
        let sets = self
            .platforms
            .get(component)
            .map(|p| p.cfg.permission_sets.clone())
            .unwrap_or_default();
        sets.into_iter()
            .filter(|id| match kind {
                // 17–21, 25, 30, 81 are mini-program sets; 27 and 33 are official-account ones.
                AccountKind::MiniProgram => !matches!(id, 27 | 33 | 24),
                AccountKind::OfficialAccount => !matches!(id, 17..=21 | 25 | 30 | 81),
            })
            .collect()
    }

    /// `/cgi-bin/token` with a component appid (§1.3): 61024; other appids are unknown here.
    pub fn plain_token(&self, appid: Option<&str>) -> Outcome {
        match appid {
            Some(a) if self.platforms.contains_key(a) => Err(Fail::code(61024)),
            Some(_) => Err(Fail::code(40013)),
            None => Err(Fail::code(41002)),
        }
    }
}

/// The body's `component_appid` must be the token's platform (40013 otherwise; absent is
/// 41002).
fn check_component_appid(component: &str, body: &Body) -> Result<(), Fail> {
    let appid = body.need("component_appid", 41002)?;
    if appid != component {
        return Err(Fail::with(
            40013,
            "component_appid is not the token's platform",
        ));
    }
    Ok(())
}

/// `func_info` as WeChat lists it.
pub fn func_json(ids: &[i64]) -> Value {
    ids.iter()
        .map(|id| json!({"funcscope_category": {"id": id}}))
        .collect()
}
