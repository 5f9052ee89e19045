//! Small HTML pages a person (or a headless browser) can act on: WeChat's authorization,
//! reuse-OA and rebind pages, and the pages behind the `authorize_url`s of registration
//! tasks. Every value is HTML-escaped; forms post to the control API.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::Value;

use crate::server::AppState;
use crate::world::pages::{PAGE_PATHS, Page};
use crate::world::tasks::{Actor, Task, TaskKind, TaskState};

pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/sandbox/tasks/{id}/page", get(task_page))
        .route("/wxawap/fastregistertpbeta", get(beta_page))
        .route("/sandbox/pages/{id}/go", get(page_go));
    for path in PAGE_PATHS {
        router = router.route(path, get(open_page));
    }
    router
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn layout(title: &str, body: &str, refresh: Option<&str>) -> Html<String> {
    let meta = refresh.map_or(String::new(), |url| {
        format!(
            "<meta http-equiv=\"refresh\" content=\"1;url={}\">",
            esc(url)
        )
    });
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{meta}<title>{t}</title>\
         <style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}}\
         .box{{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}}\
         button{{padding:.4em 1em;margin:.2em}} .err{{color:#b00}} code{{background:#f4f4f4}}</style></head>\
         <body><p><small>wxopen-sandbox — not WeChat</small></p><h1>{t}</h1>{body}</body></html>",
        t = esc(title)
    ))
}

/// A WeChat page URL opened in a browser: the page, or its error.
async fn open_page(
    State(s): State<AppState>,
    uri: axum::http::Uri,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let path = uri.path().to_owned();
    let opened = s.with(|w| {
        w.open_page(&path, &q)
            .map(|id| (id.clone(), w.pages.get(&id).cloned(), w.auto()))
    });
    let (id, session, auto) = match opened {
        Ok((id, Some(session), auto)) => (id, session, auto),
        Ok(_) => {
            return layout(
                "出错了",
                "<p class=\"err\">the page session vanished</p>",
                None,
            )
            .into_response();
        }
        Err(e) => {
            return layout(
                "出错了 / Error",
                &format!("<p class=\"err\">{}</p>", esc(&e)),
                None,
            )
            .into_response();
        }
    };
    let action = format!("/sandbox/pages/{}/confirm", esc(&id));
    let mut body = String::new();
    match &session.page {
        Page::Authorize { redirect_uri, .. } => {
            body.push_str(&format!(
                "<p>Platform <code>{}</code> asks for authorization. After confirming you go to <code>{}</code>.</p>",
                esc(&session.component),
                esc(redirect_uri)
            ));
            let accounts: Vec<String> = s.with(|w| {
                session
                    .choices
                    .iter()
                    .map(|a| {
                        let name = w.accounts.get(a).map(|x| x.nick_name.clone()).unwrap_or_default();
                        format!(
                            "<form class=\"box\" method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"appid\" value=\"{}\"><b>{}</b> <code>{}</code> <button>授权 Authorize</button></form>",
                            esc(a),
                            esc(&name),
                            esc(a)
                        )
                    })
                    .collect()
            });
            if accounts.is_empty() {
                body.push_str(
                    "<p class=\"err\">No account of yours can authorize on this page.</p>",
                );
            }
            body.push_str(&accounts.concat());
        }
        Page::FastRegisterAuth {
            oa_appid,
            copy_wx_verify,
            ..
        } => {
            body.push_str(&format!(
                "<p>Official account <code>{}</code>: create a mini program with its subject (reuse verification: {}).</p>\
                 <form method=\"post\" action=\"{action}\"><button>确认 Confirm</button></form>",
                esc(oa_appid),
                if *copy_wx_verify { "yes" } else { "no" }
            ));
        }
        Page::RebindAdmin { appid, .. } => {
            body.push_str(&format!(
                "<p>Mini program <code>{}</code>: the old admin has confirmed; the new admin fills in:</p>\
                 <form method=\"post\" action=\"{action}\">\
                 <p>WeChat ID <input name=\"wechat\"></p><p>Name <input name=\"name\"></p>\
                 <p>Phone <input name=\"phone\"></p><p>ID card <input name=\"idcard\"></p>\
                 <button>提交 Submit</button></form>",
                esc(appid)
            ));
        }
    }
    body.push_str(&format!(
        "<p><small>Control API: <code>POST /sandbox/pages/{id}/confirm</code>, <code>POST /sandbox/pages/{id}/cancel</code>.</small></p>",
        id = esc(&id)
    ));
    let go = format!("/sandbox/pages/{id}/go");
    if auto {
        body.push_str("<p>Auto mode: this page confirms itself shortly.</p>");
    }
    layout("wxopen sandbox", &body, auto.then_some(go.as_str())).into_response()
}

/// Auto mode: the page polls here until its session is done, then follows the redirect.
async fn page_go(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let session = s.with(|w| w.pages.get(&id).cloned());
    match session {
        Some(p) if p.redirect.is_some() => {
            Redirect::to(p.redirect.as_deref().unwrap_or("/")).into_response()
        }
        Some(p) if p.state == "open" => {
            let go = format!("/sandbox/pages/{id}/go");
            layout(
                "wxopen sandbox",
                "<p>Waiting for the confirmation…</p>",
                Some(&go),
            )
            .into_response()
        }
        Some(p) => layout(
            "wxopen sandbox",
            &format!("<p>Page {}.</p>", esc(p.state)),
            None,
        )
        .into_response(),
        None => layout("出错了", "<p class=\"err\">no such page session</p>", None).into_response(),
    }
}

/// The trial-registration `authorize_url` (§3.4).
async fn beta_page(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let token = q.get("create_token").cloned().unwrap_or_default();
    let id = s.with(|w| {
        w.tasks
            .values()
            .find(|t| {
                t.kind == TaskKind::Beta
                    && t.fields.get("create_token").and_then(Value::as_str) == Some(token.as_str())
            })
            .map(|t| t.id.clone())
    });
    match id {
        Some(id) => render_task(&s, &id),
        None => layout(
            "出错了",
            "<p class=\"err\">链接已失效 (create_token is invalid)</p>",
            None,
        )
        .into_response(),
    }
}

/// The page behind a registration task's `authorize_url`.
async fn task_page(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    render_task(&s, &id)
}

fn render_task(s: &AppState, id: &str) -> Response {
    let task: Option<Task> = s.with(|w| {
        let now = w.now();
        let t = w.tasks.get_mut(id)?;
        if t.state == TaskState::Pending && !t.opened {
            t.opened = true;
            t.history.push((now, "authorize page opened".into()));
        }
        Some(t.clone())
    });
    let Some(task) = task else {
        return layout("出错了", "<p class=\"err\">no such task</p>", None).into_response();
    };
    let who = match task.waiting_for {
        Some(Actor::LegalPerson) => "the legal person",
        Some(Actor::User) => "the user",
        Some(Actor::Admin) => "the admin",
        Some(Actor::OaAdmin) => "the official account's admin",
        Some(Actor::MiniAdmin) => "the mini program's admin",
        Some(Actor::Platform) => "the platform",
        None => "nobody",
    };
    let fields: String = task
        .fields
        .iter()
        .filter(|(k, _)| *k != "create_token")
        .map(|(k, v)| {
            format!(
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(k),
                esc(&v.to_string())
            )
        })
        .collect();
    let mut body = format!(
        "<p>Task <code>{}</code> ({:?}) is <b>{:?}</b>, status {}, waiting for {who}.</p><table class=\"box\">{fields}</table>",
        esc(&task.id),
        task.kind,
        task.state,
        task.status
    );
    if task.state == TaskState::Pending && task.waiting_for != Some(Actor::Platform) {
        for (action, label) in [
            ("approve", "同意 Approve"),
            ("reject", "拒绝 Reject"),
            ("fail_face", "人脸识别失败 Fail face check"),
        ] {
            body.push_str(&format!(
                "<form style=\"display:inline\" method=\"post\" action=\"/sandbox/tasks/{}/{action}\"><button>{label}</button></form>",
                esc(&task.id)
            ));
        }
    }
    let history: String = task
        .history
        .iter()
        .map(|(at, what)| {
            format!(
                "<li>{} — {}</li>",
                esc(&crate::clock::china_time(*at)),
                esc(what)
            )
        })
        .collect();
    body.push_str(&format!("<ul>{history}</ul>"));
    layout("wxopen sandbox — task", &body, None).into_response()
}
