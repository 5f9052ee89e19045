//! §13.5: `custom/send` and its rules, the messages list, and the full-network-release check
//! (`POST /sandbox/release-check`) against a platform written with the wxopen core's
//! `Webhook::release_check` on loopback — one that answers as WeChat wants, and ones that do
//! not.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

use crate::common::*;

const SEND: &str = "/cgi-bin/message/custom/send";

/// A user writes to `appid` (a text through the message URL).
async fn user_writes(sb: &Sb, appid: &str, openid: &str) {
    let xml = format!(
        "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{START}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>1</MsgId></xml>"
    );
    sb.ctl(
        "/sandbox/pushes/message",
        json!({"appid": appid, "xml": xml}),
    )
    .await;
}

async fn send(sb: &Sb, token: &str, body: Value) -> Value {
    sb.api(&format!("{SEND}?access_token={token}"), body).await
}

#[tokio::test]
async fn custom_send_takes_the_accounts_token_and_a_user_who_wrote() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (oa_token, refresh) = sb.authorize(&cat, OA, None).await;
    let (mini_token, _) = sb.authorize(&cat, MINI, None).await;
    user_writes(&sb, OA, "oUserWhoWrote").await;
    let text = |to: &str| json!({"touser": to, "msgtype": "text", "text": {"content": "hello"}});

    // The component token is not the account's (40014); no token is 41001.
    assert_eq!(
        errcode(&send(&sb, &cat, text("oUserWhoWrote")).await),
        40014
    );
    assert_eq!(errcode(&sb.api(SEND, text("oUserWhoWrote")).await), 41001);
    // A user who never wrote to this account: 40003 — also one who wrote to another account.
    assert_eq!(
        errcode(&send(&sb, &oa_token, text("oStranger")).await),
        40003
    );
    assert_eq!(
        errcode(&send(&sb, &mini_token, text("oUserWhoWrote")).await),
        40003
    );
    // WeChat's body rules.
    let bodies = [
        (json!({"msgtype": "text", "text": {"content": "x"}}), 40003),
        (
            json!({"touser": "oUserWhoWrote", "text": {"content": "x"}}),
            40008,
        ),
        (
            json!({"touser": "oUserWhoWrote", "msgtype": "telegram"}),
            40008,
        ),
        (json!({"touser": "oUserWhoWrote", "msgtype": "text"}), 44004),
        (
            json!({"touser": "oUserWhoWrote", "msgtype": "text", "text": {"content": "  "}}),
            44004,
        ),
        (
            json!({"touser": "oUserWhoWrote", "msgtype": "text", "text": "x"}),
            47001,
        ),
        (
            json!({"touser": "oUserWhoWrote", "msgtype": "image"}),
            47001,
        ),
    ];
    for (body, code) in bodies {
        assert_eq!(
            errcode(&send(&sb, &oa_token, body.clone()).await),
            code,
            "{body}"
        );
    }
    assert_eq!(
        sb.get("/sandbox/messages").await,
        json!([]),
        "nothing refused is recorded"
    );

    // Accepted: errcode 0, recorded per account with the whole body.
    let v = send(&sb, &oa_token, text("oUserWhoWrote")).await;
    assert_eq!(v, json!({"errcode": 0, "errmsg": "ok"}));
    let image = json!({"touser": "oUserWhoWrote", "msgtype": "image", "image": {"media_id": "m1"}});
    assert_eq!(errcode(&send(&sb, &oa_token, image.clone()).await), 0);
    let all = sb.get(&format!("/sandbox/messages?appid={OA}")).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["touser"], "oUserWhoWrote");
    assert_eq!(all[0]["content"], "hello");
    assert_eq!(all[0]["component"], APPID);
    assert_eq!(all[1]["message"], image);
    let texts = sb
        .get("/sandbox/messages?msgtype=text&touser=oUserWhoWrote")
        .await;
    assert_eq!(texts.as_array().unwrap().len(), 1);
    assert_eq!(
        sb.get(&format!("/sandbox/messages?appid={MINI}")).await,
        json!([])
    );

    // 48 hours after the user wrote, the window is closed (45015), with a fresh token.
    sb.advance(48 * 3600 + 1).await;
    let cat = sb.cat().await;
    let v = sb
        .api(
            &format!("/cgi-bin/component/api_authorizer_token?component_access_token={cat}"),
            json!({"component_appid": APPID, "authorizer_appid": OA, "authorizer_refresh_token": refresh}),
        )
        .await;
    let fresh = v["authorizer_access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        errcode(&send(&sb, &fresh, text("oUserWhoWrote")).await),
        45015
    );
    user_writes(&sb, OA, "oUserWhoWrote").await;
    assert_eq!(errcode(&send(&sb, &fresh, text("oUserWhoWrote")).await), 0);
    sb.stop().await;
}

#[tokio::test]
async fn custom_send_needs_the_message_permission_set() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (token, _) = sb.authorize(&cat, OA, Some(vec![33])).await;
    user_writes(&sb, OA, "oUserWhoWrote").await;
    let v = send(
        &sb,
        &token,
        json!({"touser": "oUserWhoWrote", "msgtype": "text", "text": {"content": "x"}}),
    )
    .await;
    assert_eq!(errcode(&v), 61007);
    sb.stop().await;
}

/// How the platform under test answers the check.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    /// `Webhook::release_check`, and its follow-up right after the answer.
    Right,
    /// `success` to every message, nothing sent.
    Silent,
    /// The release check's body, but the follow-up sends the wrong text.
    WrongFollowUp,
}

#[derive(Clone)]
struct Platform {
    hook: Arc<wxopen::Webhook>,
    base: String,
    cat: String,
    now: i64,
    behaviour: Behaviour,
    http: Client<HttpConnector, Full<Bytes>>,
}

impl Platform {
    async fn call(&self, path: &str, body: Value) -> Value {
        let req = axum::http::Request::post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.to_string())))
            .unwrap();
        let resp = self.http.request(req).await.unwrap();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    }

    /// The follow-up: exchange the code, send the text with the authorizer token.
    async fn follow_up(self, f: wxopen::webhook::ReleaseFollowUp) {
        let v = self
            .call(
                &format!("/cgi-bin/component/api_query_auth?component_access_token={}", self.cat),
                json!({"component_appid": f.component_appid, "authorization_code": f.authorization_code.expose()}),
            )
            .await;
        let token = v["authorization_info"]["authorizer_access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let content = match self.behaviour {
            Behaviour::WrongFollowUp => "not the code".to_owned(),
            _ => f.content.clone(),
        };
        self.call(
            &format!("{SEND}?access_token={token}"),
            json!({"touser": f.touser, "msgtype": "text", "text": {"content": content}}),
        )
        .await;
    }
}

async fn platform_push(State(p): State<Platform>, uri: Uri, body: Bytes) -> String {
    let q = wxopen::Query::parse(uri.query().unwrap_or_default());
    let Some(appid) = uri.path().strip_prefix("/message/") else {
        // The authorization-event URL: verified, then acknowledged.
        p.hook.parse(&q, &body, p.now).expect("a valid push");
        return "success".into();
    };
    let message = p.hook.parse_message(appid, &q, &body, p.now).unwrap();
    if p.behaviour == Behaviour::Silent {
        return "success".into();
    }
    let nonce = q.nonce.clone().unwrap_or_default();
    let check = p
        .hook
        .release_check(&message, &[7; 16], p.now, &nonce, false)
        .unwrap()
        .expect("a message of the check");
    if let Some(f) = check.follow_up {
        tokio::spawn(p.clone().follow_up(f));
    }
    check.body
}

/// Starts the platform and points the sandbox's two URLs at it.
async fn platform(sb: &Sb, behaviour: Behaviour) {
    let state = Platform {
        hook: Arc::new(wxopen::Webhook::new(TOKEN, AES_KEY, APPID).unwrap()),
        base: sb.base.clone(),
        cat: sb.cat().await,
        now: START,
        behaviour,
        http: Client::builder(TokioExecutor::new()).build_http(),
    };
    let app = axum::Router::new()
        .fallback(platform_push)
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    sb.set_urls(
        &format!("{url}/component"),
        Some(&format!("{url}/message/$APPID$")),
    )
    .await;
}

fn case<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == name)
        .unwrap_or_else(|| panic!("no case {name}: {report}"))
}

#[tokio::test]
async fn the_release_check_passes_a_platform_that_answers_right() {
    let sb = Sb::start().await;
    platform(&sb, Behaviour::Right).await;
    let report = sb.ctl("/sandbox/release-check", json!({"group": 1})).await;
    assert_eq!(report["passed"], true, "{report:#}");
    assert_eq!(report["appid"], "wx570bc396a51b8ff8");
    assert_eq!(report["user_name"], "gh_3c884a361561");
    assert_eq!(report["account"], "official_account");
    assert_eq!(report["authorized_push"]["state"], "delivered");
    let names: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ticket", "text", "query_auth_code"]);

    // The test account exists with its real ids, and authorized the platform.
    let account = sb.get("/sandbox/accounts/wx570bc396a51b8ff8").await;
    assert_eq!(account["user_name"], "gh_3c884a361561");
    let auths = sb.get("/sandbox/authorizations").await;
    assert!(
        auths
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["appid"] == "wx570bc396a51b8ff8")
    );
    // The follow-up went through custom/send with the test account's token, to the tester;
    // the code in it is the one of the `authorized` push, which the report never shows.
    let tester = report["tester"].as_str().unwrap();
    let sent = sb.get("/sandbox/messages?appid=wx570bc396a51b8ff8").await;
    let content = sent[0]["content"].as_str().unwrap();
    assert_eq!(sent[0]["touser"], tester);
    let code = content.strip_suffix("_from_api").unwrap();
    let pushes = sb.pushes("authorized").await;
    assert!(pushes[0]["xml"].as_str().unwrap().contains(code));
    assert!(
        !report.to_string().contains(code),
        "the code is not in the report"
    );

    // Deterministic in manual mode: a second sandbox with the same seed gives the same report.
    let again = Sb::start().await;
    platform(&again, Behaviour::Right).await;
    let report2 = again
        .ctl("/sandbox/release-check", json!({"group": 1}))
        .await;
    assert_eq!(report2, report);
    again.stop().await;

    // The mini program of group 2: the QUERY_AUTH_CODE case (customer service).
    let mini = sb
        .ctl(
            "/sandbox/release-check",
            json!({"group": 2, "account": "mini_program"}),
        )
        .await;
    assert_eq!(mini["passed"], true, "{mini:#}");
    assert_eq!(mini["appid"], "wxc39235c15087f6f3");
    assert_eq!(mini["cases"].as_array().unwrap().len(), 2);
    sb.stop().await;
}

#[tokio::test]
async fn the_release_check_fails_a_platform_that_does_not_answer_and_says_why() {
    let sb = Sb::start().await;
    platform(&sb, Behaviour::Silent).await;
    let report = sb
        .ctl(
            "/sandbox/release-check",
            json!({"group": 3, "cases": ["text", "query_auth_code"]}),
        )
        .await;
    assert_eq!(report["passed"], false);
    let text = case(&report, "text");
    assert_eq!(text["passed"], false);
    let reason = text["reason"].as_str().unwrap();
    assert!(
        reason.contains("encrypted reply envelope") && reason.contains("\"success\""),
        "{reason}"
    );
    let api = case(&report, "query_auth_code");
    assert_eq!(api["passed"], false);
    let reason = api["reason"].as_str().unwrap();
    assert!(reason.contains("***_from_api"), "{reason}");
    assert!(
        reason.contains("never exchanged") && reason.contains("got no message"),
        "{reason}"
    );
    sb.stop().await;
}

#[tokio::test]
async fn a_wrong_follow_up_is_reported_without_the_code() {
    let sb = Sb::start().await;
    platform(&sb, Behaviour::WrongFollowUp).await;
    let report = sb
        .ctl(
            "/sandbox/release-check",
            json!({"cases": ["text", "query_auth_code"]}),
        )
        .await;
    assert_eq!(case(&report, "text")["passed"], true, "{report:#}");
    let api = case(&report, "query_auth_code");
    assert_eq!(api["passed"], false);
    let reason = api["reason"].as_str().unwrap();
    assert!(
        reason.contains("got text to o") && reason.contains("\"not the code\""),
        "{reason}"
    );
    assert!(!reason.contains("never exchanged"), "{reason}");
    assert!(!report.to_string().contains("queryauthcode@@@"), "{report}");
    sb.stop().await;
}

#[tokio::test]
async fn the_release_check_refuses_bad_requests_and_says_what_is_missing() {
    let sb = Sb::start().await;
    for body in [
        json!({"group": 6}),
        json!({"group": 0}),
        json!({"account": "service"}),
        json!({"cases": ["ticket", "event"]}),
        json!({"cases": "text"}),
        json!({"component": "wxnotaplatform00001"}),
    ] {
        let status = if body.get("component").is_some() {
            404
        } else {
            400
        };
        sb.ctl_expect("/sandbox/release-check", body, status).await;
    }
    // No URLs configured: every case fails and says so.
    let report = sb.ctl("/sandbox/release-check", json!({})).await;
    assert_eq!(report["passed"], false);
    for c in report["cases"].as_array().unwrap() {
        assert_eq!(
            c["reason"], "the platform has no URL configured for this push",
            "{c}"
        );
    }
    let overview = sb.get("/sandbox").await.to_string();
    assert!(overview.contains("/sandbox/release-check") && overview.contains("/sandbox/messages"));
    sb.stop().await;
}
