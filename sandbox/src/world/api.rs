//! The API route table and the checks every call goes through, in WeChat's order: method,
//! injected faults, token (kind, liveness, authorization), caller IP, body, quota, the
//! authorizer's permission sets, then the operation itself.
//!
//! Token parameter names (spec §0.2): component-token APIs accept `component_access_token`
//! or `access_token`; authorizer-token APIs take `access_token`.

use std::collections::HashMap;
use std::net::IpAddr;

use serde_json::{Value, json};

use super::{Body, Fail, Outcome, Owner, World};

/// The token an API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// No token (the secret is in the body).
    None,
    /// The component access token.
    Component,
    /// The authorizer access token of the account acted on.
    Authorizer,
    /// Either kind (quota APIs).
    Either,
}

/// What a handler gets.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The body.
    pub body: &'a Body,
    /// The query parameters.
    pub query: &'a HashMap<String, String>,
    /// The token's owner (`None` for [`Auth::None`] routes).
    pub caller: Option<Owner>,
}

impl Ctx<'_> {
    /// The component of a component-token call.
    pub fn component(&self) -> &str {
        match &self.caller {
            Some(Owner::Component(c)) => c,
            Some(Owner::Authorizer { component, .. }) => component,
            None => "",
        }
    }

    /// The authorizer appid of an authorizer-token call.
    pub fn appid(&self) -> &str {
        match &self.caller {
            Some(Owner::Authorizer { appid, .. }) => appid,
            _ => "",
        }
    }
}

type Handler = fn(&mut World, &Ctx<'_>) -> Outcome;

/// One API.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// Its path.
    pub path: &'static str,
    /// The token it takes.
    pub auth: Auth,
    /// Checked against the platform's IP whitelist (the component token APIs).
    pub ip_checked: bool,
    /// Permission sets of which the authorizer must have granted one (61007 otherwise).
    pub sets: &'static [i64],
    handler: Handler,
}

const fn r(path: &'static str, auth: Auth, sets: &'static [i64], handler: Handler) -> Route {
    Route {
        path,
        auth,
        ip_checked: false,
        sets,
        handler,
    }
}

const fn ip(mut route: Route) -> Route {
    route.ip_checked = true;
    route
}

/// Every API the sandbox serves.
pub const ROUTES: &[Route] = &[
    ip(r(
        "/cgi-bin/component/api_start_push_ticket",
        Auth::None,
        &[],
        |w, c| w.start_push_ticket(c.body),
    )),
    ip(r(
        "/cgi-bin/component/api_component_token",
        Auth::None,
        &[],
        |w, c| w.component_token(c.body),
    )),
    r(
        "/cgi-bin/component/clear_quota/v2",
        Auth::None,
        &[],
        |w, c| w.clear_quota_v2(c.body),
    ),
    ip(r(
        "/cgi-bin/component/api_create_preauthcode",
        Auth::Component,
        &[],
        |w, c| w.create_preauthcode(c.component(), c.body),
    )),
    ip(r(
        "/cgi-bin/component/api_query_auth",
        Auth::Component,
        &[],
        |w, c| w.query_auth(c.component(), c.body),
    )),
    ip(r(
        "/cgi-bin/component/api_authorizer_token",
        Auth::Component,
        &[],
        |w, c| w.authorizer_token(c.component(), c.body),
    )),
    ip(r(
        "/cgi-bin/component/api_get_authorizer_info",
        Auth::Component,
        &[],
        |w, c| w.authorizer_info(c.component(), c.body),
    )),
    r(
        "/wxa/component/fastregisterenterpriseweapp",
        Auth::Component,
        &[],
        |w, c| w.register_enterprise(c.component(), c.body),
    ),
    r(
        "/cgi-bin/component/fastregisterweapp",
        Auth::Component,
        &[],
        |w, c| w.register_legacy(c.component(), c.query, c.body),
    ),
    r(
        "/wxa/component/fastregisterpersonalweapp",
        Auth::Component,
        &[],
        |w, c| w.register_personal(c.component(), c.query, c.body),
    ),
    r(
        "/wxa/component/fastregisterbetaweapp",
        Auth::Component,
        &[],
        |w, c| w.register_beta(c.component(), c.body),
    ),
    r(
        "/cgi-bin/open/create",
        Auth::Authorizer,
        &[24, 25],
        |w, c| w.open_op("create", c.appid(), c.body),
    ),
    r("/cgi-bin/open/bind", Auth::Authorizer, &[24, 25], |w, c| {
        w.open_op("bind", c.appid(), c.body)
    }),
    r(
        "/cgi-bin/open/unbind",
        Auth::Authorizer,
        &[24, 25],
        |w, c| w.open_op("unbind", c.appid(), c.body),
    ),
    r("/cgi-bin/open/get", Auth::Authorizer, &[24, 25], |w, c| {
        w.open_op("get", c.appid(), c.body)
    }),
    r("/cgi-bin/open/have", Auth::Authorizer, &[24, 25], |w, c| {
        w.open_op("have", c.appid(), c.body)
    }),
    r(
        "/cgi-bin/account/fastregister",
        Auth::Authorizer,
        &[27],
        |w, c| w.reuse_oa_register(c.component(), c.appid(), c.body),
    ),
    r("/wxa/verifybetaweapp", Auth::Authorizer, &[81], |w, c| {
        w.verify_beta(c.component(), c.appid(), c.body)
    }),
    r(
        "/wxa/setbetaweappnickname",
        Auth::Authorizer,
        &[81],
        |w, c| w.rename_beta(c.appid(), c.body),
    ),
    r(
        "/cgi-bin/wxopen/wxamplinkget",
        Auth::Authorizer,
        &[33],
        |w, c| w.link_get(c.appid()),
    ),
    r(
        "/cgi-bin/wxopen/wxamplink",
        Auth::Authorizer,
        &[33],
        |w, c| w.link(c.component(), c.appid(), c.body),
    ),
    r(
        "/cgi-bin/wxopen/wxampunlink",
        Auth::Authorizer,
        &[33],
        |w, c| w.unlink(c.appid(), c.body),
    ),
    r(
        "/cgi-bin/account/componentrebindadmin",
        Auth::Authorizer,
        &[17],
        |w, c| w.rebind_admin(c.component(), c.appid(), c.body),
    ),
    r(
        "/cgi-bin/openapi/quota/get",
        Auth::Either,
        &[],
        |w, c| match &c.caller {
            Some(owner) => w.api_quota_get(owner, c.body),
            None => Err(Fail::code(41001)),
        },
    ),
    r(
        "/cgi-bin/message/custom/send",
        Auth::Authorizer,
        &[1, 19],
        |w, c| w.custom_send(c.component(), c.appid(), c.body),
    ),
    r("/cgi-bin/clear_quota", Auth::Either, &[], |w, c| {
        match &c.caller {
            Some(owner) => w.clear_quota_v1(owner, c.body),
            None => Err(Fail::code(41001)),
        }
    }),
];

/// The route of `path`.
pub fn route(path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.path == path)
}

/// One HTTP call as the server hands it over.
#[derive(Debug)]
pub struct Call<'a> {
    /// `POST` or not.
    pub post: bool,
    /// The path.
    pub path: &'a str,
    /// The raw query string.
    pub query: &'a str,
    /// The raw body.
    pub body: &'a [u8],
    /// The caller's address.
    pub peer: IpAddr,
}

impl World {
    /// Answers an API call; `None` if no API has that path.
    pub fn call_api(&mut self, call: &Call<'_>) -> Option<Value> {
        let query: HashMap<String, String> = form_urlencoded::parse(call.query.as_bytes())
            .into_owned()
            .collect();
        if call.path == "/cgi-bin/token" {
            let out = self.plain_token(query.get("appid").map(String::as_str));
            return Some(self.answer(out));
        }
        let route = route(call.path)?;
        *self.calls.entry(route.path.to_owned()).or_default() += 1;
        let out = self.run(route, call, &query);
        if let (Err(f), "/cgi-bin/message/custom/send") = (&out, route.path) {
            let at = self.now();
            let errcode = f.errcode;
            self.custom_send_refused
                .push(super::release::Refusal { at, errcode });
        }
        Some(self.answer(out))
    }

    fn run(&mut self, route: &Route, call: &Call<'_>, query: &HashMap<String, String>) -> Outcome {
        if !call.post {
            return Err(Fail::code(43002));
        }
        let faults = &self.faults;
        let rate = faults.error_rate;
        let applies =
            faults.error_paths.is_empty() || faults.error_paths.iter().any(|p| p == call.path);
        if applies && self.chance(rate) {
            return Err(Fail::code(-1));
        }
        let caller = self.caller(route.auth, query)?;
        let body = Body::parse(call.body)?;
        let platform = match &caller {
            Some(owner) => Some(owner_component(owner).to_owned()),
            None => body.text("component_appid")?,
        };
        if route.ip_checked
            && let Some(p) = platform.as_ref().and_then(|c| self.platforms.get(c))
        {
            let list = &p.cfg.ip_whitelist;
            if !list.is_empty() && !list.iter().any(|ip| *ip == call.peer.to_string()) {
                return Err(Fail::with(
                    61004,
                    format!("{} is not whitelisted", call.peer),
                ));
            }
        }
        let account = match &caller {
            Some(Owner::Component(c)) => Some(c.clone()),
            Some(Owner::Authorizer { appid, .. }) => Some(appid.clone()),
            None => platform.filter(|c| self.platforms.contains_key(c)),
        };
        if let Some(account) = account {
            self.consume(&account, route.path)?;
        }
        if let (false, Some(Owner::Authorizer { component, appid })) =
            (route.sets.is_empty(), &caller)
        {
            let granted = self
                .authorization(component, appid)
                .is_some_and(|a| a.func_info.iter().any(|id| route.sets.contains(id)));
            if !granted {
                return Err(Fail::with(
                    61007,
                    format!("needs permission set {:?}", route.sets),
                ));
            }
        }
        let ctx = Ctx {
            body: &body,
            query,
            caller,
        };
        (route.handler)(self, &ctx)
    }

    /// Reads and checks the token a route takes.
    fn caller(&self, auth: Auth, query: &HashMap<String, String>) -> Result<Option<Owner>, Fail> {
        let param = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| query.get(*n).filter(|v| !v.is_empty()))
                .cloned()
        };
        let value = match auth {
            Auth::None => return Ok(None),
            Auth::Component | Auth::Either => param(&["component_access_token", "access_token"]),
            Auth::Authorizer => param(&["access_token"]),
        };
        let Some(value) = value else {
            return Err(Fail::code(41001));
        };
        let owner = self.check_token(&value)?;
        match (&owner, auth) {
            (Owner::Authorizer { .. }, Auth::Component) => return Err(Fail::code(61014)),
            (Owner::Component(_), Auth::Authorizer) => {
                return Err(Fail::with(40014, "this API takes the authorizer's token"));
            }
            _ => {}
        }
        if let Owner::Authorizer { component, appid } = &owner
            && self.authorization(component, appid).is_none()
        {
            return Err(Fail::code(61003));
        }
        Ok(Some(owner))
    }

    /// The JSON of an outcome; errors carry a `rid` suffix as WeChat's do.
    fn answer(&mut self, out: Outcome) -> Value {
        match out {
            Ok(v) => v,
            Err(f) => {
                let rid = self.rid();
                json!({"errcode": f.errcode, "errmsg": format!("{} rid: {rid}", f.message())})
            }
        }
    }
}

fn owner_component(owner: &Owner) -> &str {
    match owner {
        Owner::Component(c) => c,
        Owner::Authorizer { component, .. } => component,
    }
}
