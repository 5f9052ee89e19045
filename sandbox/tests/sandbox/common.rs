//! Test harness: a sandbox on a free loopback port, a JSON client, and a push receiver that
//! verifies and decrypts every push with the wxopen core's `Webhook` (the SDK side).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use wxopen_sandbox::{Config, Running};

/// The default platform's credentials (see `PlatformConfig::default`).
pub const APPID: &str = "wxc0ffee0000000001";
pub const SECRET: &str = "5ba0db0c5ba0db0c5ba0db0c5ba0db0c";
pub const TOKEN: &str = "sandboxtoken";
pub const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
/// The default merchant accounts.
pub const OA: &str = "wxa11ce0000000000a";
pub const MINI: &str = "wxa11ce0000000000b";
/// Where the sandbox clock starts in these tests (2026-09-21 22:13:20 UTC+8).
pub const START: i64 = 1_790_000_000;

pub struct Sb {
    pub run: Option<Running>,
    pub base: String,
    pub now: Arc<AtomicI64>,
    http: Client<HttpConnector, Full<Bytes>>,
}

pub fn config() -> Config {
    Config {
        seed: 7,
        start_time: Some(START),
        ..Config::default()
    }
}

impl Sb {
    pub async fn start() -> Self {
        Self::with(config()).await
    }

    pub async fn with(config: Config) -> Self {
        let start = config.start_time.unwrap_or(START);
        let run = wxopen_sandbox::start(config).await.expect("sandbox starts");
        Self {
            base: run.base_url().to_owned(),
            run: Some(run),
            now: Arc::new(AtomicI64::new(start)),
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    pub async fn stop(mut self) {
        if let Some(run) = self.run.take() {
            run.shutdown().await;
        }
    }

    /// Any request; returns (status, body as JSON or as a string value).
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: &str,
    ) -> (u16, Value) {
        let req = axum::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(Full::new(Bytes::copy_from_slice(body)))
            .expect("request");
        let resp = self.http.request(req).await.expect("sandbox answers");
        let status = resp.status().as_u16();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value)
    }

    /// A WeChat API call (POST JSON); the HTTP status must be 200.
    pub async fn api(&self, path: &str, body: Value) -> Value {
        let (status, v) = self
            .request(
                "POST",
                path,
                body.to_string().as_bytes(),
                "application/json",
            )
            .await;
        assert_eq!(status, 200, "{path}: {v}");
        v
    }

    /// A control call (POST JSON), expecting `status`.
    pub async fn ctl_expect(&self, path: &str, body: Value, status: u16) -> Value {
        let (got, v) = self
            .request(
                "POST",
                path,
                body.to_string().as_bytes(),
                "application/json",
            )
            .await;
        assert_eq!(got, status, "{path}: {v}");
        v
    }

    /// A control call (POST JSON) that must succeed.
    pub async fn ctl(&self, path: &str, body: Value) -> Value {
        self.ctl_expect(path, body, 200).await
    }

    pub async fn get(&self, path: &str) -> Value {
        let (status, v) = self.request("GET", path, b"", "text/plain").await;
        assert_eq!(status, 200, "{path}: {v}");
        v
    }

    /// Moves the sandbox clock. Pushes in flight are delivered first (their timestamps are
    /// of the old time), and the receivers' clock moves before the sandbox's, as pushes go
    /// out during the advance.
    pub async fn advance(&self, seconds: i64) {
        self.settle().await;
        self.now.fetch_add(seconds, Ordering::SeqCst);
        let v = self
            .ctl("/sandbox/clock/advance", json!({"seconds": seconds}))
            .await;
        self.now
            .store(v["now"].as_i64().expect("now"), Ordering::SeqCst);
    }

    /// Waits until every push was delivered or given up.
    pub async fn settle(&self) {
        self.ctl("/sandbox/pushes/wait", json!({"timeout_ms": 20_000}))
            .await;
    }

    pub async fn set_urls(&self, auth: &str, message: Option<&str>) {
        let (status, v) = self
            .request(
                "PATCH",
                &format!("/sandbox/platforms/{APPID}"),
                json!({"auth_event_url": auth, "message_url": message})
                    .to_string()
                    .as_bytes(),
                "application/json",
            )
            .await;
        assert_eq!(status, 200, "{v}");
    }

    pub async fn ticket(&self) -> String {
        self.get(&format!("/sandbox/platforms/{APPID}")).await["ticket"]
            .as_str()
            .expect("ticket")
            .to_owned()
    }

    /// A fresh component access token.
    pub async fn cat(&self) -> String {
        let ticket = self.ticket().await;
        let v = self
            .api("/cgi-bin/component/api_component_token", json!({"component_appid": APPID, "component_appsecret": SECRET, "component_verify_ticket": ticket}))
            .await;
        v["component_access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {v}"))
            .to_owned()
    }

    /// The authorization URL of a new pre-auth code (page base = the sandbox).
    pub async fn login_url(&self, cat: &str, extra: &str) -> String {
        let v = self
            .api(
                &format!("/cgi-bin/component/api_create_preauthcode?component_access_token={cat}"),
                json!({"component_appid": APPID}),
            )
            .await;
        let code = v["pre_auth_code"].as_str().expect("pre_auth_code");
        format!(
            "{}/cgi-bin/componentloginpage?component_appid={APPID}&pre_auth_code={}&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fback{extra}",
            self.base,
            enc(code)
        )
    }

    /// Authorizes `appid` (all sets, or `sets`) and exchanges the code: (AAT, refresh token).
    pub async fn authorize(
        &self,
        cat: &str,
        appid: &str,
        sets: Option<Vec<i64>>,
    ) -> (String, String) {
        let url = self.login_url(cat, "").await;
        let mut body = json!({"url": url, "appid": appid});
        if let Some(sets) = sets {
            body["category_ids"] = json!(sets);
        }
        let v = self.ctl("/sandbox/pages/confirm", body).await;
        let code = query_param(v["redirect"].as_str().expect("redirect"), "auth_code");
        self.exchange(cat, &code).await
    }

    /// `api_query_auth`: (AAT, refresh token).
    pub async fn exchange(&self, cat: &str, code: &str) -> (String, String) {
        let v = self
            .api(
                &format!("/cgi-bin/component/api_query_auth?component_access_token={cat}"),
                json!({"component_appid": APPID, "authorization_code": code}),
            )
            .await;
        let info = &v["authorization_info"];
        (
            info["authorizer_access_token"]
                .as_str()
                .unwrap_or_else(|| panic!("{v}"))
                .to_owned(),
            info["authorizer_refresh_token"]
                .as_str()
                .expect("rt")
                .to_owned(),
        )
    }

    pub async fn tasks(&self, kind: &str) -> Vec<Value> {
        self.get(&format!("/sandbox/tasks?kind={kind}"))
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn pushes(&self, kind: &str) -> Vec<Value> {
        self.get(&format!("/sandbox/pushes?kind={kind}"))
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A receiver that checks pushes against this sandbox's clock.
    pub async fn receiver(&self) -> Receiver {
        Receiver::start(self.now.clone()).await
    }
}

pub fn errcode(v: &Value) -> i64 {
    v["errcode"].as_i64().unwrap_or(0)
}

pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub fn query_param(url: &str, key: &str) -> String {
    let uri: Uri = url.parse().expect("url");
    form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{key} not in {url}"))
}

/// What a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub query: String,
    /// The parsed component event (authorization-event URL).
    pub event: Option<wxopen::Event>,
    /// The decrypted XML (message URL).
    pub xml: Option<String>,
    pub error: Option<String>,
}

#[derive(Clone)]
struct RxState {
    hook: wxopen::Webhook,
    now: Arc<AtomicI64>,
    got: Arc<Mutex<Vec<Received>>>,
    fail_first: Arc<AtomicUsize>,
}

/// A push endpoint on loopback, verifying with `wxopen::Webhook` (±300 s freshness against
/// the sandbox clock).
pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Received>>>,
    fail_first: Arc<AtomicUsize>,
    _task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start(now: Arc<AtomicI64>) -> Self {
        let hook = wxopen::Webhook::new(TOKEN, AES_KEY, APPID).expect("webhook");
        let got = Arc::new(Mutex::new(Vec::new()));
        let fail_first = Arc::new(AtomicUsize::new(0));
        let state = RxState {
            hook,
            now,
            got: got.clone(),
            fail_first: fail_first.clone(),
        };
        let app = axum::Router::new().fallback(receive).with_state(state);
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            got,
            fail_first,
            _task: task,
        }
    }

    /// Answer `fail` to the next `n` pushes.
    pub fn fail_next(&self, n: usize) {
        self.fail_first.store(n, Ordering::SeqCst);
    }

    pub fn all(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }

    /// The parsed events, in arrival order, as JSON (`type`, fields…).
    pub fn events(&self) -> Vec<Value> {
        self.all()
            .iter()
            .filter_map(|r| {
                r.event
                    .as_ref()
                    .map(|e| serde_json::to_value(e).expect("json"))
            })
            .collect()
    }

    pub fn events_of(&self, ty: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|e| e["type"] == ty)
            .collect()
    }

    /// Waits (real time) until `n` events of type `ty` arrived.
    pub async fn wait_for(&self, ty: &str, n: usize) -> Vec<Value> {
        for _ in 0..500 {
            let got = self.events_of(ty);
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("{n} × {ty} never arrived; got {:?}", self.all());
    }
}

async fn receive(
    State(s): State<RxState>,
    uri: Uri,
    body: Bytes,
) -> Result<(axum::http::StatusCode, String), Infallible> {
    let query = uri.query().unwrap_or_default().to_owned();
    let q = wxopen::Query::parse(&query);
    let now = s.now.load(Ordering::SeqCst);
    let mut rec = Received {
        path: uri.path().to_owned(),
        query: query.clone(),
        event: None,
        xml: None,
        error: None,
    };
    if uri.path().starts_with("/message/") {
        match s.hook.decrypt(&q, &body, now) {
            Ok(xml) => rec.xml = Some(String::from_utf8_lossy(&xml).into_owned()),
            Err(e) => rec.error = Some(e.to_string()),
        }
    } else {
        match s.hook.parse(&q, &body, now) {
            Ok(event) => rec.event = Some(event),
            Err(e) => rec.error = Some(e.to_string()),
        }
    }
    let refused = rec.error.is_some();
    s.got.lock().expect("lock").push(rec);
    if refused {
        // As an SDK handler does: a push that does not verify is refused.
        return Ok((axum::http::StatusCode::BAD_REQUEST, "invalid push".into()));
    }
    let failing = s
        .fail_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    Ok((
        axum::http::StatusCode::OK,
        if failing {
            "fail".into()
        } else {
            "success".into()
        },
    ))
}
