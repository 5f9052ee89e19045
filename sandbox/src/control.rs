//! The control API under `/sandbox/…` (JSON): look at everything, act for the people in the
//! flows, move the clock, inject faults. `GET /sandbox` lists every path.
//!
//! POST bodies are JSON, or form-encoded from the sandbox's own HTML pages (then the answer
//! is a redirect back to a page instead of JSON). Errors are HTTP 4xx with
//! `{"error": "…"}`.

use std::collections::HashMap;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use crate::config::{AccountConfig, AccountKind, FaultConfig, PersonConfig};
use crate::server::AppState;
use crate::world::pages::{Confirm, NewAdmin, PAGE_PATHS};
use crate::world::push::PushState;
use crate::world::tasks::Action;
use crate::world::{Account, Person, World};

/// Every control path, for `GET /sandbox`.
const PATHS: &[(&str, &str)] = &[
    ("GET /sandbox", "this overview"),
    ("GET /sandbox/clock", "sandbox time"),
    (
        "POST /sandbox/clock/advance",
        "{seconds}: move the clock, run what became due",
    ),
    (
        "GET /sandbox/platforms",
        "platforms, their URLs and latest ticket",
    ),
    (
        "PATCH /sandbox/platforms/{appid}",
        "{auth_event_url, message_url, ip_whitelist}",
    ),
    (
        "POST /sandbox/platforms/{appid}/ticket",
        "issue and push a ticket now",
    ),
    (
        "GET /sandbox/accounts",
        "accounts (official accounts, mini programs)",
    ),
    (
        "POST /sandbox/accounts",
        "{appid?, kind, nick_name, principal_name, subject_type?, verified?, overseas?, nearby?, admin?}",
    ),
    ("GET /sandbox/accounts/{appid}", "one account"),
    (
        "GET /sandbox/people",
        "people (legal persons, admins, users)",
    ),
    (
        "POST /sandbox/people",
        "{wechat, name, openid?, phone?, idcard?}",
    ),
    ("GET /sandbox/authorizations", "authorizations"),
    (
        "POST /sandbox/authorizations/revoke",
        "{appid, component?}: the merchant revokes (unauthorized push)",
    ),
    (
        "GET /sandbox/tasks",
        "?kind=&state=: registration, verification, link and rebind tasks",
    ),
    ("GET /sandbox/tasks/{id}", "one task"),
    (
        "POST /sandbox/tasks/{id}/{action}",
        "approve {stop_at?} | reject | fail_face | fail {status, msg?} | expire",
    ),
    (
        "GET /sandbox/links",
        "official account ↔ mini program links",
    ),
    (
        "GET /sandbox/open_accounts",
        "open-platform accounts and what is bound",
    ),
    (
        "POST /sandbox/pages/open",
        "{url}: a person opens a page URL (authorization, fastregisterauth, rebind)",
    ),
    (
        "POST /sandbox/pages/confirm",
        "{url, appid?, category_ids?, new_admin?}: open and confirm → {redirect}",
    ),
    ("GET /sandbox/pages/{id}", "one page session"),
    (
        "POST /sandbox/pages/{id}/confirm",
        "{appid?, category_ids?, new_admin?} → {redirect}",
    ),
    (
        "POST /sandbox/pages/{id}/cancel",
        "the person closes the page",
    ),
    (
        "GET /sandbox/pushes",
        "?component=&kind=&state=&target=: pushes and their attempts",
    ),
    ("GET /sandbox/pushes/{id}", "one push"),
    (
        "POST /sandbox/pushes/wait",
        "{timeout_ms?}: wait until no push is pending",
    ),
    (
        "POST /sandbox/pushes/flush",
        "send the pushes held by the reorder fault",
    ),
    (
        "POST /sandbox/pushes/message",
        "{appid, event, fields?} or {appid, xml}: a 消息与事件接收URL push",
    ),
    (
        "GET /sandbox/calls",
        "API calls received per path, refused ones included",
    ),
    ("GET /sandbox/faults", "faults in force"),
    (
        "PUT /sandbox/faults",
        "{error_rate, error_paths, latency_ms, drop_rate, duplicate_rate, reorder_window}",
    ),
    (
        "POST /sandbox/faults/expire_tokens",
        "{component?, appid?}: live access tokens expire now",
    ),
    (
        "GET /sandbox/messages",
        "?component=&appid=&touser=&msgtype=: messages sent through custom/send",
    ),
    (
        "POST /sandbox/release-check",
        "{component?, group? 1-5, account? official_account|mini_program, cases?}: run 全网发布",
    ),
    ("POST /sandbox/reset", "back to the state after start"),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sandbox", get(overview))
        .route("/sandbox/clock", get(clock))
        .route("/sandbox/clock/advance", post(advance))
        .route("/sandbox/platforms", get(platforms))
        .route(
            "/sandbox/platforms/{appid}",
            get(platform).patch(patch_platform),
        )
        .route("/sandbox/platforms/{appid}/ticket", post(ticket))
        .route("/sandbox/accounts", get(accounts).post(add_account))
        .route("/sandbox/accounts/{appid}", get(account))
        .route("/sandbox/people", get(people).post(add_person))
        .route("/sandbox/authorizations", get(authorizations))
        .route("/sandbox/authorizations/revoke", post(revoke))
        .route("/sandbox/tasks", get(tasks))
        .route("/sandbox/tasks/{id}", get(task))
        .route("/sandbox/tasks/{id}/{action}", post(task_action))
        .route("/sandbox/links", get(links))
        .route("/sandbox/open_accounts", get(open_accounts))
        .route("/sandbox/pages/open", post(page_open))
        .route("/sandbox/pages/confirm", post(page_open_confirm))
        .route("/sandbox/pages/{id}", get(page))
        .route("/sandbox/pages/{id}/confirm", post(page_confirm))
        .route("/sandbox/pages/{id}/cancel", post(page_cancel))
        .route("/sandbox/pushes", get(pushes))
        .route("/sandbox/pushes/wait", post(pushes_wait))
        .route("/sandbox/pushes/flush", post(pushes_flush))
        .route("/sandbox/pushes/message", post(push_message))
        .route("/sandbox/pushes/{id}", get(push_one))
        .route("/sandbox/calls", get(calls))
        .route("/sandbox/faults", get(faults).put(set_faults))
        .route("/sandbox/faults/expire_tokens", post(expire_tokens))
        .route("/sandbox/reset", post(reset))
}

pub(crate) type Answer = Result<Response, Refused>;

/// A refused control call: an HTTP status and `{"error": …}`.
#[derive(Debug)]
pub(crate) struct Refused(StatusCode, String);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.0, axum::Json(json!({"error": self.1}))).into_response()
    }
}

pub(crate) fn ok(v: Value) -> Answer {
    Ok(axum::Json(v).into_response())
}

pub(crate) fn refuse(status: StatusCode, msg: impl Into<String>) -> Refused {
    Refused(status, msg.into())
}

pub(crate) fn not_found(msg: impl Into<String>) -> Refused {
    refuse(StatusCode::NOT_FOUND, msg)
}

pub(crate) fn conflict(msg: impl Into<String>) -> Refused {
    refuse(StatusCode::CONFLICT, msg)
}

pub(crate) fn bad(msg: impl Into<String>) -> Refused {
    refuse(StatusCode::BAD_REQUEST, msg)
}

/// A POST body: JSON, or a form from the sandbox's pages (`form` is then true).
pub(crate) struct Input {
    pub(crate) fields: Map<String, Value>,
    pub(crate) form: bool,
}

pub(crate) fn input(headers: &HeaderMap, body: &[u8]) -> Result<Input, Refused> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let fields = form_urlencoded::parse(body)
            .into_owned()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        return Ok(Input { fields, form: true });
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Input {
            fields: Map::new(),
            form: false,
        });
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(Input {
            fields,
            form: false,
        }),
        _ => Err(bad("the body must be a JSON object")),
    }
}

pub(crate) fn text(fields: &Map<String, Value>, key: &str) -> Option<String> {
    match fields.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn int(fields: &Map<String, Value>, key: &str) -> Result<Option<i64>, Refused> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| bad(format!("{key} must be an integer"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| bad(format!("{key} must be an integer"))),
        Some(_) => Err(bad(format!("{key} must be an integer"))),
    }
}

/// The platform a call is about: `component` if given, else the only platform.
pub(crate) fn component(w: &World, given: Option<String>) -> Result<String, Refused> {
    match given {
        Some(c) if w.platforms.contains_key(&c) => Ok(c),
        Some(c) => Err(not_found(format!("no platform {c}"))),
        None if w.platforms.len() == 1 => {
            Ok(w.platforms.keys().next().cloned().unwrap_or_default())
        }
        None => Err(bad("several platforms: say which with \"component\"")),
    }
}

async fn overview(State(s): State<AppState>) -> Answer {
    let paths: Vec<Value> = PATHS
        .iter()
        .map(|(p, what)| json!({"path": p, "what": what}))
        .collect();
    ok(s.with(|w| {
        json!({
            "mode": w.config.mode,
            "now": w.now(),
            "now_china": crate::clock::china_time(w.now()),
            "api_base": w.base_url,
            "page_base": w.base_url,
            "pages": PAGE_PATHS,
            "platforms": w.platforms.keys().collect::<Vec<_>>(),
            "counts": {
                "accounts": w.accounts.len(),
                "authorizations": w.authorizations.len(),
                "tasks": w.tasks.len(),
                "pushes": w.pushes.len(),
            },
            "control": paths,
        })
    }))
}

async fn clock(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!({"now": w.now(), "now_ms": w.clock.now_ms(), "now_china": crate::clock::china_time(w.now()), "mode": w.config.mode})))
}

async fn advance(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let seconds = match inp.fields.get("seconds") {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(Value::String(t)) => t.parse().map_err(|_| bad("seconds must be a number"))?,
        _ => return Err(bad("{\"seconds\": N} is needed")),
    };
    if !(0.0..=1e9).contains(&seconds) {
        return Err(bad("seconds must be within 0..=1e9"));
    }
    ok(s.with(|w| {
        w.advance(seconds);
        json!({"now": w.now(), "now_china": crate::clock::china_time(w.now())})
    }))
}

fn platform_json(w: &World, appid: &str) -> Value {
    let Some(p) = w.platforms.get(appid) else {
        return Value::Null;
    };
    // The sandbox's own made-up credentials: test code needs them to build its clients.
    json!({
        "appid": p.cfg.appid,
        "secret": p.cfg.secret,
        "token": p.cfg.token,
        "encoding_aes_key": p.cfg.encoding_aes_key,
        "auth_event_url": p.cfg.auth_event_url,
        "message_url": p.cfg.message_url,
        "redirect_domains": p.cfg.redirect_domains,
        "ip_whitelist": p.cfg.ip_whitelist,
        "permission_sets": p.cfg.permission_sets,
        "ticket": p.tickets.back().map(|(t, _)| t),
        "ticket_issued_at": p.tickets.back().map(|(_, at)| at),
    })
}

async fn platforms(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| w.platforms.keys().map(|a| platform_json(w, a)).collect()))
}

async fn platform(State(s): State<AppState>, Path(appid): Path<String>) -> Answer {
    s.with(|w| match w.platforms.contains_key(&appid) {
        true => ok(platform_json(w, &appid)),
        false => Err(not_found(format!("no platform {appid}"))),
    })
}

async fn patch_platform(
    State(s): State<AppState>,
    Path(appid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let inp = input(&headers, &body)?;
    s.with(|w| {
        let Some(p) = w.platforms.get_mut(&appid) else {
            return Err(not_found(format!("no platform {appid}")));
        };
        for key in ["auth_event_url", "message_url"] {
            if let Some(v) = inp.fields.get(key) {
                let url = match v {
                    Value::Null => None,
                    Value::String(u) if u.starts_with("http://") || u.starts_with("https://") => {
                        Some(u.clone())
                    }
                    _ => return Err(bad(format!("{key} must be an http(s) URL or null"))),
                };
                if key == "auth_event_url" {
                    p.cfg.auth_event_url = url;
                } else {
                    p.cfg.message_url = url;
                }
            }
        }
        if let Some(v) = inp.fields.get("ip_whitelist") {
            p.cfg.ip_whitelist = serde_json::from_value(v.clone())
                .map_err(|_| bad("ip_whitelist must be a list of IPs"))?;
        }
        ok(platform_json(w, &appid))
    })
}

async fn ticket(State(s): State<AppState>, Path(appid): Path<String>) -> Answer {
    s.with(|w| {
        if !w.platforms.contains_key(&appid) {
            return Err(not_found(format!("no platform {appid}")));
        }
        let now = w.now();
        w.issue_ticket(&appid, now);
        w.push_ticket(&appid);
        ok(platform_json(w, &appid))
    })
}

async fn accounts(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.accounts.values().collect::<Vec<&Account>>())))
}

async fn account(State(s): State<AppState>, Path(appid): Path<String>) -> Answer {
    s.with(|w| match w.accounts.get(&appid) {
        Some(a) => ok(json!(a)),
        None => Err(not_found(format!("no account {appid}"))),
    })
}

async fn add_account(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let mut inp = input(&headers, &body)?;
    s.with(|w| {
        if !inp.fields.contains_key("appid") {
            let appid = w.new_appid();
            inp.fields.insert("appid".into(), json!(appid));
        }
        let cfg: AccountConfig =
            serde_json::from_value(Value::Object(inp.fields)).map_err(|e| bad(e.to_string()))?;
        if w.accounts.contains_key(&cfg.appid) || w.platforms.contains_key(&cfg.appid) {
            return Err(conflict(format!("appid {} exists", cfg.appid)));
        }
        let user_name = format!("gh_{}", w.hex(12));
        let account = Account {
            appid: cfg.appid.clone(),
            kind: cfg.kind,
            user_name,
            nick_name: cfg.nick_name,
            principal_name: cfg.principal_name,
            subject_type: cfg.subject_type,
            verified: cfg.verified,
            overseas: cfg.overseas,
            nearby: cfg.nearby,
            admin: cfg.admin,
            register_type: 0,
            beta: false,
            created_at: w.now(),
            created_via_oa: None,
            open_appid: None,
        };
        let v = json!(account);
        w.accounts.insert(cfg.appid, account);
        ok(v)
    })
}

async fn people(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.people.values().collect::<Vec<&Person>>())))
}

async fn add_person(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let cfg: PersonConfig =
        serde_json::from_value(Value::Object(inp.fields)).map_err(|e| bad(e.to_string()))?;
    s.with(|w| {
        if w.people.contains_key(&cfg.wechat) {
            return Err(conflict(format!("{} exists", cfg.wechat)));
        }
        let openid = cfg.openid.unwrap_or_else(|| w.openid());
        let person = Person {
            wechat: cfg.wechat.clone(),
            name: cfg.name,
            openid,
            phone: cfg.phone,
            idcard: cfg.idcard,
        };
        let v = json!(person);
        w.people.insert(cfg.wechat, person);
        ok(v)
    })
}

async fn authorizations(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.authorizations.values().collect::<Vec<_>>())))
}

async fn revoke(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let appid = text(&inp.fields, "appid").ok_or_else(|| bad("appid is needed"))?;
    s.with(|w| {
        let c = component(w, text(&inp.fields, "component"))?;
        if w.revoke(&c, &appid) {
            ok(json!({"revoked": appid, "component": c}))
        } else {
            Err(conflict(format!(
                "{appid} has no active authorization of {c}"
            )))
        }
    })
}

async fn tasks(State(s): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Answer {
    ok(s.with(|w| {
        w.tasks_json(
            q.get("kind").map(String::as_str),
            q.get("state").map(String::as_str),
        )
    }))
}

async fn task(State(s): State<AppState>, Path(id): Path<String>) -> Answer {
    s.with(|w| match w.tasks.contains_key(&id) {
        true => ok(w.task_json(&id)),
        false => Err(not_found(format!("no task {id}"))),
    })
}

async fn task_action(
    State(s): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let inp = input(&headers, &body)?;
    let action = Action {
        name,
        status: int(&inp.fields, "status")?,
        msg: text(&inp.fields, "msg"),
        stop_at: int(&inp.fields, "stop_at")?,
    };
    let result = s.with(|w| {
        if !w.tasks.contains_key(&id) {
            return Err(not_found(format!("no task {id}")));
        }
        w.task_action(&id, &action).map_err(conflict)
    });
    if inp.form {
        // From the task page: back to it, whatever happened.
        return Ok(Redirect::to(&format!("/sandbox/tasks/{id}/page")).into_response());
    }
    result.map(|v| axum::Json(v).into_response())
}

async fn links(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.links.values().collect::<Vec<_>>())))
}

async fn open_accounts(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| {
        w.open_accounts
            .values()
            .map(|o| {
                let bound: Vec<&String> = w.accounts.values().filter(|a| a.open_appid.as_ref() == Some(&o.open_appid)).map(|a| &a.appid).collect();
                json!({"open_appid": o.open_appid, "principal_name": o.principal_name, "created_by_api": o.created_by_api, "verified": o.verified, "bound": bound})
            })
            .collect()
    }))
}

/// Splits a page URL into its path and query parameters (any host: the URL an SDK built
/// with the sandbox as page base, or with WeChat's hosts).
fn page_url(url: &str) -> Result<(String, HashMap<String, String>), Refused> {
    let url = url.split('#').next().unwrap_or_default();
    let uri: axum::http::Uri = url
        .parse()
        .map_err(|_| bad(format!("{url:?} is not a URL")))?;
    let query = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    Ok((uri.path().to_owned(), query))
}

fn confirm_input(fields: &Map<String, Value>) -> Result<Confirm, Refused> {
    let new_admin = match fields.get("new_admin") {
        Some(v) => Some(
            serde_json::from_value::<NewAdmin>(v.clone())
                .map_err(|e| bad(format!("new_admin: {e}")))?,
        ),
        // The rebind page's form sends the fields flat.
        None => text(fields, "wechat").map(|wechat| NewAdmin {
            wechat,
            name: text(fields, "name").unwrap_or_default(),
            phone: text(fields, "phone").unwrap_or_default(),
            idcard: text(fields, "idcard").unwrap_or_default(),
        }),
    };
    let category_ids = match fields.get("category_ids") {
        Some(v) => Some(
            serde_json::from_value(v.clone())
                .map_err(|_| bad("category_ids must be a list of numbers"))?,
        ),
        None => None,
    };
    Ok(Confirm {
        appid: text(fields, "appid"),
        category_ids,
        new_admin,
    })
}

fn page_json(w: &World, id: &str) -> Value {
    w.pages.get(id).map_or(Value::Null, |p| json!(p))
}

async fn page_open(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let url = text(&inp.fields, "url").ok_or_else(|| bad("url is needed"))?;
    let (path, query) = page_url(&url)?;
    s.with(|w| match w.open_page(&path, &query) {
        Ok(id) => ok(page_json(w, &id)),
        Err(e) => Err(conflict(e)),
    })
}

async fn page_open_confirm(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let url = text(&inp.fields, "url").ok_or_else(|| bad("url is needed"))?;
    let (path, query) = page_url(&url)?;
    let confirm = confirm_input(&inp.fields)?;
    s.with(|w| {
        let id = w.open_page(&path, &query).map_err(conflict)?;
        let redirect = w.confirm_page(&id, &confirm).map_err(conflict)?;
        ok(json!({"session": id, "redirect": redirect, "page": page_json(w, &id)}))
    })
}

async fn page(State(s): State<AppState>, Path(id): Path<String>) -> Answer {
    s.with(|w| match w.pages.contains_key(&id) {
        true => ok(page_json(w, &id)),
        false => Err(not_found(format!("no page session {id}"))),
    })
}

async fn page_confirm(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let inp = input(&headers, &body)?;
    let confirm = confirm_input(&inp.fields)?;
    let redirect = s
        .with(|w| w.confirm_page(&id, &confirm))
        .map_err(conflict)?;
    if inp.form {
        return Ok(Redirect::to(&redirect).into_response());
    }
    ok(json!({"session": id, "redirect": redirect}))
}

async fn page_cancel(State(s): State<AppState>, Path(id): Path<String>) -> Answer {
    s.with(|w| w.cancel_page(&id)).map_err(conflict)?;
    ok(json!({"session": id, "state": "cancelled"}))
}

fn push_filter(
    q: &HashMap<String, String>,
) -> impl Fn(&&crate::world::push::PushRecord) -> bool + '_ {
    move |p| {
        q.get("component").is_none_or(|c| *c == p.component)
            && q.get("kind").is_none_or(|k| *k == p.kind)
            && q.get("target").is_none_or(|t| t == p.target)
            && q.get("state").is_none_or(|st| {
                serde_json::to_value(p.state)
                    .ok()
                    .and_then(|v| v.as_str().map(|x| x == st))
                    .unwrap_or(false)
            })
    }
}

async fn pushes(State(s): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Answer {
    ok(s.with(|w| json!(w.pushes.iter().filter(push_filter(&q)).collect::<Vec<_>>())))
}

async fn push_one(State(s): State<AppState>, Path(id): Path<u64>) -> Answer {
    s.with(|w| match w.push(id) {
        Some(p) => ok(json!(p)),
        None => Err(not_found(format!("no push {id}"))),
    })
}

async fn pushes_wait(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let timeout = int(&inp.fields, "timeout_ms")?
        .unwrap_or(10_000)
        .clamp(0, 120_000);
    let deadline =
        tokio::time::Instant::now() + Duration::from_millis(u64::try_from(timeout).unwrap_or(0));
    loop {
        let pending = s.with(|w| {
            w.pushes
                .iter()
                .filter(|p| p.state == PushState::Pending)
                .count()
        });
        if pending == 0 {
            return ok(json!({"pending": 0}));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(refuse(
                StatusCode::REQUEST_TIMEOUT,
                format!("{pending} pushes still pending after {timeout} ms"),
            ));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn pushes_flush(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!({"released": w.flush_held()})))
}

async fn push_message(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let appid = text(&inp.fields, "appid").ok_or_else(|| bad("appid is needed"))?;
    s.with(|w| {
        let c = component(w, text(&inp.fields, "component"))?;
        let id = match (text(&inp.fields, "xml"), text(&inp.fields, "event")) {
            (Some(xml), _) => w.push_raw_message(&c, &appid, xml),
            (None, Some(event)) => {
                let fields = match inp.fields.get("fields") {
                    Some(Value::Object(m)) => m.clone(),
                    None => Map::new(),
                    Some(_) => return Err(bad("fields must be an object")),
                };
                w.push_event(&c, &appid, &event, &fields)
            }
            (None, None) => return Err(bad("event (with fields) or xml is needed")),
        }
        .map_err(bad)?;
        let authorized = w.authorization(&c, &appid).is_some();
        let kind = w.accounts.get(&appid).map(|a| a.kind);
        let mut v = w.push(id).map_or(Value::Null, |p| json!(p));
        if let Some(obj) = v.as_object_mut() {
            obj.insert("authorized".into(), json!(authorized));
            obj.insert(
                "account_kind".into(),
                json!(kind.unwrap_or(AccountKind::MiniProgram)),
            );
        }
        ok(v)
    })
}

async fn faults(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.faults)))
}

async fn set_faults(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let faults: FaultConfig =
        serde_json::from_value(Value::Object(inp.fields)).map_err(|e| bad(e.to_string()))?;
    faults.check().map_err(bad)?;
    ok(s.with(|w| {
        w.faults = faults;
        if w.faults.reorder_window == 0 {
            w.flush_held();
        }
        json!(w.faults)
    }))
}

async fn expire_tokens(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let (c, a) = (text(&inp.fields, "component"), text(&inp.fields, "appid"));
    ok(s.with(|w| json!({"expired": w.expire_tokens(c.as_deref(), a.as_deref())})))
}

async fn calls(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| json!(w.calls)))
}

async fn reset(State(s): State<AppState>) -> Answer {
    ok(s.with(|w| {
        w.reset();
        json!({"reset": true, "now": w.now()})
    }))
}
