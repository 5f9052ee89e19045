//! The full-network-release (全网发布) check as a control route, and the messages sent through
//! `custom/send`.
//!
//! `POST /sandbox/release-check` plays WeChat's automated check (spec §13.5) against a
//! platform's two URLs: the ticket case first, then the test account of the group authorizes
//! the platform (an `authorized` push with a new authorization code, delivered as usual), then
//! each other case is pushed and its answer read:
//!
//! - `ticket`: a `component_verify_ticket` push → the answer must be `success`;
//! - `text`: the tester writes `TESTCOMPONENT_MSG_TYPE_TEXT` → an encrypted passive text reply
//!   `TESTCOMPONENT_MSG_TYPE_TEXT_callback`, sender and receiver swapped, with a valid
//!   signature;
//! - `query_auth_code`: the tester writes `QUERY_AUTH_CODE:<code>` → an empty answer (or
//!   `success`) within 5 s, then, within 5 s, a text `<code>_from_api` to the tester through
//!   `custom/send` with the test account's authorizer token.
//!
//! The case pushes are sent by the check itself (not through the deliverer: no retry, no push
//! fault), one after the other, and listed with the other pushes. The answer is a JSON report,
//! per case `passed` and, when not, `reason` (what was expected, what came); the authorization
//! code never appears in it.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

use crate::config::AccountKind;
use crate::control::{Answer, bad, component, input, int, ok, text};
use crate::server::{AppState, post as send};
use crate::world::push::{Attempt, Delivery, PushState};
use crate::world::release::{
    FROM_API_SUFFIX, Plan, QUERY_AUTH_CODE_PREFIX, TEST_TEXT, TEST_TEXT_REPLY, shorten,
};

/// How long the check waits for an answer, and then for the follow-up message.
const CASE_MS: u64 = 5000;
/// How long it waits for the `authorized` push to be delivered (retries included).
const AUTHORIZED_WAIT_MS: u64 = 30_000;

type Http = Client<HttpConnector, Full<Bytes>>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sandbox/messages", get(messages))
        .route("/sandbox/release-check", post(release_check))
}

async fn messages(State(s): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Answer {
    let filters: BTreeMap<&str, &str> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    ok(s.with(|w| w.sent_json(&filters)))
}

/// A case of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Ticket,
    Text,
    QueryAuthCode,
}

impl Case {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "ticket" => Some(Self::Ticket),
            "text" => Some(Self::Text),
            "query_auth_code" => Some(Self::QueryAuthCode),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Ticket => "ticket",
            Self::Text => "text",
            Self::QueryAuthCode => "query_auth_code",
        }
    }
}

async fn release_check(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    let inp = input(&headers, &body)?;
    let group = int(&inp.fields, "group")?.unwrap_or(1);
    let kind = match text(&inp.fields, "account").as_deref() {
        None | Some("official_account") => AccountKind::OfficialAccount,
        Some("mini_program") => AccountKind::MiniProgram,
        Some(other) => {
            return Err(bad(format!(
                "account must be official_account or mini_program, not {other:?}"
            )));
        }
    };
    let cases = match inp.fields.get("cases") {
        // The text case is the official account's (message management); a mini program's
        // check is the QUERY_AUTH_CODE flow (customer service).
        None if kind == AccountKind::MiniProgram => vec![Case::Ticket, Case::QueryAuthCode],
        None => vec![Case::Ticket, Case::Text, Case::QueryAuthCode],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().and_then(Case::parse))
            .collect::<Option<Vec<Case>>>()
            .ok_or_else(|| bad("cases must name ticket, text or query_auth_code"))?,
        Some(_) => return Err(bad("cases must be a list")),
    };
    let mut plan = s.with(|w| {
        let c = component(w, text(&inp.fields, "component"))?;
        let group = usize::try_from(group).unwrap_or(0);
        w.release_prepare(&c, group, kind).map_err(bad)
    })?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    // The ticket comes first, as on WeChat, where tickets flow long before the check: the
    // platform then has what it needs to exchange the authorization's code.
    let mut outcomes = Vec::new();
    if cases.contains(&Case::Ticket) {
        outcomes.push((Case::Ticket, run_case(&s, &http, &plan, Case::Ticket).await));
    }
    s.with(|w| w.release_authorize(&mut plan));
    let authorized = wait_delivered(&s, plan.authorized_push).await;
    for &case in cases.iter().filter(|c| **c != Case::Ticket) {
        outcomes.push((case, run_case(&s, &http, &plan, case).await));
    }
    let mut results = Vec::new();
    for case in cases {
        let Some(i) = outcomes.iter().position(|(c, _)| *c == case) else {
            continue;
        };
        let (_, (passed, push, expected, outcome)) = outcomes.swap_remove(i);
        let key = if passed { "got" } else { "reason" };
        results.push(json!({
            "case": case.name(),
            "passed": passed,
            "push": push,
            "expected": expected,
            key: mask(&outcome, &plan.code),
        }));
    }
    let passed = results.iter().all(|r| r["passed"] == true);
    ok(json!({
        "passed": passed,
        "component": plan.component,
        "group": plan.group,
        "account": plan.kind,
        "appid": plan.appid,
        "user_name": plan.user_name,
        "tester": plan.user,
        "authorized_push": authorized,
        "cases": results,
    }))
}

/// Waits until the `authorized` push is delivered or given up; its id and state.
async fn wait_delivered(s: &AppState, id: Option<u64>) -> Value {
    let Some(id) = id else {
        return Value::Null;
    };
    let deadline = tokio::time::Instant::now() + Duration::from_millis(AUTHORIZED_WAIT_MS);
    loop {
        let state = s.with(|w| w.push(id).map(|p| p.state));
        let waiting = matches!(state, Some(PushState::Pending | PushState::Held));
        if !waiting || tokio::time::Instant::now() >= deadline {
            return json!({"id": id, "state": state});
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Runs one case: (passed, push id, what was expected, what came or why it failed).
async fn run_case(
    s: &AppState,
    http: &Http,
    plan: &Plan,
    case: Case,
) -> (bool, Option<u64>, String, String) {
    let (pushed, expected) = match case {
        Case::Ticket => (
            s.with(|w| w.release_ticket_push(plan)),
            "HTTP 200 \"success\" from the 授权事件接收URL".to_owned(),
        ),
        Case::Text => (
            s.with(|w| w.release_text_push(plan, TEST_TEXT)),
            format!(
                "an encrypted passive text reply {TEST_TEXT_REPLY:?} from {} to {}",
                plan.user_name, plan.user
            ),
        ),
        Case::QueryAuthCode => (
            s.with(|w| {
                w.release_text_push(plan, &format!("{QUERY_AUTH_CODE_PREFIX}{}", plan.code))
            }),
            format!(
                "an empty answer (or \"success\") within 5 s, then a text \"***{FROM_API_SUFFIX}\" to {} through custom/send",
                plan.user
            ),
        ),
    };
    let Some((id, delivery)) = pushed else {
        return (false, None, expected, "no such platform".to_owned());
    };
    let since = s.with(|w| w.now());
    let (status, answer) = match attempt(s, http, id, delivery).await {
        Ok(got) => got,
        Err(e) => return (false, Some(id), expected, e),
    };
    if status != 200 {
        let got = format!("HTTP {status} {:?}", shorten(&answer));
        return (false, Some(id), expected, got);
    }
    let result = match case {
        Case::Ticket if answer.trim() == "success" => Ok("HTTP 200 \"success\"".to_owned()),
        Case::Ticket => Err(format!("got {:?}", shorten(&answer))),
        Case::Text => s
            .with(|w| w.release_read_reply(plan, &answer))
            .map(|()| "the encrypted reply, signature valid, users swapped".to_owned()),
        Case::QueryAuthCode if !matches!(answer.trim(), "" | "success") => Err(format!(
            "expected an empty answer, got {:?}",
            shorten(&answer)
        )),
        Case::QueryAuthCode => follow_up(s, plan, since).await,
    };
    match result {
        Ok(got) => (true, Some(id), expected, got),
        Err(reason) => (false, Some(id), expected, reason),
    }
}

/// Sends a case's push and records the attempt: (status, answer) or why nothing came.
async fn attempt(
    s: &AppState,
    http: &Http,
    id: u64,
    delivery: Option<Delivery>,
) -> Result<(u16, String), String> {
    let Some(delivery) = delivery else {
        return Err("the platform has no URL configured for this push".to_owned());
    };
    let result = send(http, &delivery.url, delivery.body, CASE_MS).await;
    let (rec, state) = match &result {
        Ok((status, body)) => (
            Attempt {
                at: 0,
                status: Some(*status),
                answer: shorten(body),
            },
            if *status == 200 {
                PushState::Delivered
            } else {
                PushState::Failed
            },
        ),
        Err(e) => (
            Attempt {
                at: 0,
                status: None,
                answer: e.clone(),
            },
            PushState::Failed,
        ),
    };
    s.with(|w| w.record_attempt(id, rec, Some(state)));
    result
}

/// Waits (wall time; sandbox time too in auto mode) for the API case's follow-up message.
async fn follow_up(s: &AppState, plan: &Plan, since: i64) -> Result<String, String> {
    let deadline = tokio::time::Instant::now() + Duration::from_millis(CASE_MS);
    loop {
        if s.with(|w| w.release_follow_up(plan, since)) {
            return Ok(format!(
                "an empty answer, then \"***{FROM_API_SUFFIX}\" to {} through custom/send",
                plan.user
            ));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(s.with(|w| w.release_follow_up_miss(plan, since)));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// `text` with every occurrence of the code replaced by `***`.
fn mask(text: &str, code: &str) -> String {
    if code.is_empty() {
        return text.to_owned();
    }
    text.replace(code, "***")
}
