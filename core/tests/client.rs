//! The Rust host (`client` feature) against a scripted WeChat on 127.0.0.1: a tiny tokio
//! HTTP server answers by path and counts requests.

#![cfg(all(feature = "client", not(target_arch = "wasm32")))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wxopen::api::{open, register};
use wxopen::client::{MemoryStore, Platform};
use wxopen::driver::{Config, Policy};
use wxopen::{ApiBase, Query, Webhook};

const CID: &str = "wxcomponent0000001";
const TOKEN: &str = "msgtoken";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const AUTHORIZER: &str = "wxminiprog00000001";

#[derive(Default)]
struct Script {
    replies: HashMap<String, VecDeque<(u16, String)>>,
    seen: Vec<(String, String)>,
}

type Shared = Arc<Mutex<Script>>;

/// Serves scripted replies on 127.0.0.1; returns the base URL.
async fn wechat(script: Shared) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head_end, length) = loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..pos]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse::<usize>().unwrap_or(0));
                        break (pos + 4, length);
                    }
                };
                while buf.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let path = target.split('?').next().unwrap_or("/").to_owned();
                let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
                let (status, reply) = {
                    let mut s = script.lock().unwrap();
                    s.seen.push((target.clone(), body));
                    s.replies
                        .get_mut(&path)
                        .and_then(VecDeque::pop_front)
                        .unwrap_or((404, format!("unscripted {path}")))
                };
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                    reply.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn on(script: &Shared, path: &str, replies: &[&str]) {
    let mut s = script.lock().unwrap();
    let queue = s.replies.entry(path.to_owned()).or_default();
    queue.extend(replies.iter().map(|r| (200, (*r).to_owned())));
}

fn seen(script: &Shared, path: &str) -> Vec<(String, String)> {
    let s = script.lock().unwrap();
    s.seen
        .iter()
        .filter(|(t, _)| t.starts_with(path))
        .cloned()
        .collect()
}

async fn platform(base: &str) -> Platform<MemoryStore> {
    let policy = Policy {
        backoff_base_ms: 1,
        backoff_max_ms: 5,
        ..Policy::default()
    };
    let config = Config::new(CID, "appsecret", TOKEN, AES_KEY)
        .unwrap()
        .with_api_base(ApiBase::new(base).unwrap())
        .with_policy(policy);
    Platform::new(config, MemoryStore::new()).unwrap()
}

fn push(xml: &str) -> (Query, Vec<u8>) {
    let hook = Webhook::new(TOKEN, AES_KEY, CID).unwrap();
    let encrypt = hook
        .crypt()
        .encrypt(xml.as_bytes(), b"0123456789abcdef")
        .unwrap();
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let sig = hook.crypt().msg_signature(&ts, "42", &encrypt);
    let body = format!("<xml><AppId>{CID}</AppId><Encrypt>{encrypt}</Encrypt></xml>");
    let query = Query::parse(&format!("timestamp={ts}&nonce=42&msg_signature={sig}"));
    (query, body.into_bytes())
}

#[tokio::test]
async fn push_ticket_mint_warm_call_and_42001_over_real_http() {
    let script: Shared = Arc::default();
    let base = wechat(Arc::clone(&script)).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let p = platform(&base)
        .await
        .on_event(move |e| sink.lock().unwrap().push(e.kind()));

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let ticket = format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{now}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>ticket@@@live</ComponentVerifyTicket></xml>"
    );
    let (q, body) = push(&ticket);
    assert_eq!(
        p.handle(&q, &body).await.unwrap().kind(),
        "component_verify_ticket"
    );

    on(
        &script,
        "/cgi-bin/component/api_component_token",
        &[r#"{"component_access_token":"CAT1","expires_in":7200}"#],
    );
    on(
        &script,
        "/wxa/component/fastregisterbetaweapp",
        &[r#"{"errcode":0,"unique_id":"u1","authorize_url":"https://x"}"#],
    );
    let beta = p
        .call(register::RegisterBeta {
            name: "Trial shop".into(),
            openid: "o_abc".into(),
        })
        .await
        .unwrap();
    assert_eq!(beta.unique_id, "u1");
    let mint = seen(&script, "/cgi-bin/component/api_component_token");
    assert!(mint[0].1.contains("ticket@@@live"));

    p.import_authorizer(AUTHORIZER, "refreshtoken@@@R1")
        .await
        .unwrap();
    on(
        &script,
        "/cgi-bin/component/api_authorizer_token",
        &[
            r#"{"authorizer_access_token":"AAT1","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@R1"}"#,
            r#"{"authorizer_access_token":"AAT2","expires_in":7200,"authorizer_refresh_token":"refreshtoken@@@R2"}"#,
        ],
    );
    on(
        &script,
        "/cgi-bin/open/get",
        &[
            r#"{"errcode":0,"open_appid":"wxopen1"}"#,
            r#"{"errcode":42001,"errmsg":"access_token expired"}"#,
            r#"{"errcode":0,"open_appid":"wxopen1"}"#,
        ],
    );
    let merchant = p.authorizer(AUTHORIZER);
    for _ in 0..2 {
        let account = merchant.call(open::Get::default()).await.unwrap();
        assert_eq!(account.open_appid, "wxopen1");
    }
    let calls = seen(&script, "/cgi-bin/open/get");
    let tokens: Vec<&str> = calls
        .iter()
        .map(|(t, _)| t.rsplit('=').next().unwrap())
        .collect();
    assert_eq!(tokens, ["AAT1", "AAT1", "AAT2"]);
    assert_eq!(
        seen(&script, "/cgi-bin/component/api_component_token").len(),
        1,
        "CAT cached"
    );
    let kinds = events.lock().unwrap().clone();
    assert!(kinds.contains(&"token_rejected") && kinds.contains(&"authorizer_token_refreshed"));
}

#[tokio::test]
async fn transport_failures_retry_reads_and_never_resend_writes() {
    let script: Shared = Arc::default();
    let base = wechat(Arc::clone(&script)).await;
    let p = platform(&base).await;
    p.store_ticket("ticket@@@x", 1_700_000_000).await.unwrap();
    on(
        &script,
        "/cgi-bin/component/api_component_token",
        &[
            r#"{"errcode":-1,"errmsg":"busy"}"#,
            r#"{"component_access_token":"CAT1","expires_in":7200}"#,
        ],
    );
    let token = p.component_access_token().await.unwrap();
    assert_eq!(token.access_token.expose(), "CAT1");
    assert_eq!(
        seen(&script, "/cgi-bin/component/api_component_token").len(),
        2
    );

    // A closed port: nothing comes back. A write fails at once with a typed error whose text
    // does not carry the token.
    let dead = platform("http://127.0.0.1:9").await;
    dead.store_ticket("ticket@@@x", 1_700_000_000)
        .await
        .unwrap();
    let err = dead.component_access_token().await.unwrap_err();
    assert_eq!(err.code(), "transport_error");
    assert!(err.retryable());
    assert!(!err.to_string().contains("appsecret"));
}

#[tokio::test]
async fn register_then_wait_polls_the_query_api_over_real_http() {
    let script: Shared = Arc::default();
    let base = wechat(Arc::clone(&script)).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let policy = Policy {
        task_poll_min_ms: 5,
        task_poll_max_ms: 20,
        task_query_interval_ms: 5,
        ..Policy::default()
    };
    let config = Config::new(CID, "appsecret", TOKEN, AES_KEY)
        .unwrap()
        .with_api_base(ApiBase::new(&base).unwrap())
        .with_policy(policy);
    let p = Platform::new(config, MemoryStore::new())
        .unwrap()
        .on_event(move |e| sink.lock().unwrap().push(e.to_json()));
    p.store_ticket("ticket@@@x", 1_700_000_000).await.unwrap();
    on(
        &script,
        "/cgi-bin/component/api_component_token",
        &[r#"{"component_access_token":"CAT1","expires_in":7200}"#],
    );
    on(
        &script,
        "/wxa/component/fastregisterpersonalweapp",
        &[
            r#"{"errcode":0,"taskid":"p9","authorize_url":"https://p","status":0}"#,
            r#"{"errcode":0,"taskid":"p9","authorize_url":"https://p","status":3}"#,
            r#"{"errcode":0,"taskid":"p9","authorize_url":"https://p","status":12}"#,
        ],
    );
    let reg = p
        .register(register::RegisterPersonal {
            idname: "李四".into(),
            wxuser: "lisi_wx".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(reg.output.taskid, "p9");
    let id = reg.task.unwrap().id;
    let task = p
        .wait_task(&id, std::time::Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(task.state, wxopen::task::TaskState::Succeeded);
    assert_eq!(
        seen(&script, "/wxa/component/fastregisterpersonalweapp").len(),
        3
    );
    let seen_events = events.lock().unwrap().clone();
    assert!(seen_events.iter().any(|e| e["kind"] == "task_waiting"));
    assert_eq!(p.tasks(Default::default()).await.unwrap().len(), 1);
    assert_eq!(
        p.reconcile_task(&id).await.unwrap().state,
        wxopen::task::TaskState::Succeeded
    );
    assert!(p.task("task:none").await.unwrap().is_none());
}
