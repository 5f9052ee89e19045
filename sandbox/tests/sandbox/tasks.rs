//! Registration tasks end to end: the wxopen driver (its own host loop over real HTTP, an
//! in-memory store shared by the calls and the push endpoint) against the sandbox — a trial
//! registration whose pushes arrive duplicated and out of order while the platform waits, and
//! a personal registration reconciled through the query API.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::json;
use wxopen::api::register;
use wxopen::driver::{
    Call, Config as DriverConfig, Driver, DriverEvent, HandleQuery, Input, MemoryStore, Policy,
    Step,
};
use wxopen::task::{TaskKind, TaskState, WaitingFor};
use wxopen::{ApiBase, Response};

use crate::common::*;

/// The platform's side: one driver, one store, a clock that follows the sandbox's.
#[derive(Clone)]
struct Host {
    driver: Driver,
    store: Arc<Mutex<MemoryStore>>,
    events: Arc<Mutex<Vec<DriverEvent>>>,
    /// The kind of every push, in arrival order.
    arrivals: Arc<Mutex<Vec<&'static str>>>,
    http: Client<HttpConnector, Full<Bytes>>,
    sandbox_secs: Arc<std::sync::atomic::AtomicI64>,
    started: Instant,
}

impl Host {
    fn new(sb: &Sb) -> Self {
        let policy = Policy {
            task_poll_min_ms: 50,
            task_poll_max_ms: 400,
            task_query_interval_ms: 50,
            ..Policy::default()
        };
        let config = DriverConfig::new(APPID, SECRET, TOKEN, AES_KEY)
            .expect("config")
            .with_api_base(ApiBase::new(&sb.base).expect("base"))
            .with_policy(policy);
        Self {
            driver: Driver::new(config, 4242).expect("driver"),
            store: Arc::default(),
            events: Arc::default(),
            arrivals: Arc::default(),
            http: Client::builder(TokioExecutor::new()).build_http(),
            sandbox_secs: sb.now.clone(),
            started: Instant::now(),
        }
    }

    /// The sandbox's (manual) clock plus the real time this test has run.
    fn now_ms(&self) -> u64 {
        let secs = u64::try_from(self.sandbox_secs.load(std::sync::atomic::Ordering::SeqCst))
            .expect("time");
        secs * 1000 + u64::try_from(self.started.elapsed().as_millis()).expect("elapsed")
    }

    /// The host loop: HTTP to the sandbox, store steps to the shared store, real sleeps.
    async fn run<T: 'static>(&self, mut call: Call<T>) -> wxopen::Result<T> {
        let mut step = call.start(self.now_ms());
        loop {
            let input = match step {
                Step::Done(result) => return result,
                Step::Http(request) => {
                    let req = axum::http::Request::builder()
                        .method(request.method.as_str())
                        .uri(&request.url)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(request.body)))
                        .expect("request");
                    match self.http.request(req).await {
                        Ok(resp) => {
                            let status = resp.status().as_u16();
                            let body = resp.into_body().collect().await.expect("body").to_bytes();
                            Input::Response(Response::new(status, body.to_vec()))
                        }
                        Err(e) => Input::TransportFailed(e.to_string()),
                    }
                }
                Step::Sleep { ms } => {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    Input::Ack
                }
                Step::Event(e) => {
                    self.events.lock().expect("events").push(e);
                    Input::Ack
                }
                other => {
                    let now = self.now_ms();
                    self.store
                        .lock()
                        .expect("store")
                        .answer(&other, now)
                        .expect("a store step")
                }
            };
            step = call.resume(input, self.now_ms());
        }
    }

    /// The platform's push endpoint: `handle` through the same host loop.
    async fn serve(&self) -> String {
        let app = axum::Router::new()
            .fallback(receive)
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        url
    }

    fn events_of(&self, kind: &str) -> usize {
        let events = self.events.lock().expect("events");
        events.iter().filter(|e| e.kind() == kind).count()
    }
}

async fn receive(
    State(host): State<Host>,
    uri: Uri,
    body: Bytes,
) -> Result<(StatusCode, &'static str), Infallible> {
    let query = wxopen::Query::parse(uri.query().unwrap_or_default());
    if let Ok(event) = host.driver.config().webhook().parse(
        &query,
        &body,
        i64::try_from(host.now_ms() / 1000).expect("secs"),
    ) {
        host.arrivals.lock().expect("arrivals").push(event.kind());
    }
    let Ok(query) = HandleQuery::from_query(&query) else {
        return Ok((StatusCode::BAD_REQUEST, "bad query"));
    };
    Ok(
        match host.run(host.driver.handle(query, body.to_vec())).await {
            Ok(_) => (StatusCode::OK, "success"),
            // WeChat (here: the sandbox) redelivers a push that was not acknowledged.
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error"),
        },
    )
}

async fn platform(sb: &Sb) -> Host {
    let host = Host::new(sb);
    let url = host.serve().await;
    sb.set_urls(&format!("{url}/component"), None).await;
    let ticket = sb.ticket().await;
    assert!(
        host.run(host.driver.store_ticket(&ticket, START))
            .await
            .expect("ticket")
    );
    host
}

#[tokio::test]
async fn trial_registration_with_duplicated_and_reordered_pushes_while_waiting() {
    let sb = Sb::start().await;
    let host = platform(&sb).await;
    // Every push is sent twice, and held until four wait, then sent newest first: the
    // `authorized` push overtakes the trial result.
    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"duplicate_rate": 1.0, "reorder_window": 4}"#,
        "application/json",
    )
    .await;
    let reg = host
        .run(host.driver.register(
            register::RegisterBeta {
                name: "咖啡体验店".into(),
                openid: "oTrialUser0000000000000000001".into(),
            },
            None,
        ))
        .await
        .expect("registered");
    let unique_id = reg.output.unique_id.clone();
    let task = reg.task.expect("task recorded");
    assert_eq!(task.id, format!("beta:{unique_id}"));
    assert_eq!(
        (task.kind, task.state, task.waiting_for),
        (TaskKind::Beta, TaskState::Waiting, Some(WaitingFor::User))
    );
    assert!(
        task.authorize_url
            .as_deref()
            .is_some_and(|u| u.contains("fastregistertpbeta"))
    );

    // The platform waits while the user confirms.
    let waiter = {
        let host = host.clone();
        let id = task.id.clone();
        tokio::spawn(async move { host.run(host.driver.wait_task(&id, 20_000)).await })
    };
    tokio::time::sleep(Duration::from_millis(120)).await;
    sb.ctl(&format!("/sandbox/tasks/{unique_id}/approve"), json!({}))
        .await;
    sb.settle().await;
    let done = waiter.await.expect("joined").expect("waited");
    assert_eq!(done.state, TaskState::Succeeded, "{done:?}");
    assert!(done.authorized && done.settled);
    let appid = done.appid.clone().expect("appid");
    assert!(host.events_of("task_waiting") >= 1);
    // Four deliveries (two pushes, each twice), one exchange of the code.
    let delivered = sb.get("/sandbox/pushes?state=delivered").await;
    assert!(
        delivered.as_array().expect("list").len() >= 4,
        "{delivered}"
    );
    assert_eq!(host.events_of("authorizer_authorized"), 1);
    let arrivals = host.arrivals.lock().expect("arrivals").clone();
    assert_eq!(
        arrivals.first().copied(),
        Some("authorized"),
        "reordered: {arrivals:?}"
    );
    assert_eq!(
        arrivals
            .iter()
            .filter(|k| **k == "fast_register_beta")
            .count(),
        2,
        "duplicated: {arrivals:?}"
    );

    // The new app's tokens are in the store: rename it through the driver.
    host.run(host.driver.call(
        register::RenameBeta {
            name: "新名字的店".into(),
        },
        Some(&appid),
    ))
    .await
    .expect("renamed");
    assert_eq!(
        sb.get(&format!("/sandbox/accounts/{appid}")).await["nick_name"],
        "新名字的店的体验小程序"
    );
    let listed = host
        .run(host.driver.tasks(Default::default()))
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    sb.stop().await;
}

#[tokio::test]
async fn personal_registration_reconciled_through_the_query_api() {
    let sb = Sb::start().await;
    let host = platform(&sb).await;
    let task = host
        .run(host.driver.register(
            register::RegisterPersonal {
                idname: "王五".into(),
                wxuser: "wangwu_2026".into(),
                ..Default::default()
            },
            None,
        ))
        .await
        .expect("registered")
        .task
        .expect("task");
    assert!(task.id.starts_with("task:") && task.can_query);
    let taskid = task.details["taskid"].clone();
    // The user gets to the SMS step; the task only learns it by asking.
    sb.ctl(
        &format!("/sandbox/tasks/{taskid}/approve"),
        json!({"stop_at": 7}),
    )
    .await;
    let t = host
        .run(host.driver.reconcile_task(&task.id))
        .await
        .expect("reconciled");
    assert_eq!((t.state, t.status), (TaskState::Waiting, Some(7)));
    assert!(t.next_step.contains("SMS"));
    // Phone verification fails: WeChat pushes nothing for it, the query tells.
    sb.ctl(
        &format!("/sandbox/tasks/{taskid}/fail"),
        json!({"status": 8}),
    )
    .await;
    let t = host
        .run(host.driver.wait_task(&task.id, 10_000))
        .await
        .expect("waited");
    assert_eq!(
        (t.state, t.status, t.settled),
        (TaskState::Failed, Some(8), true)
    );
    assert_eq!(t.meaning, "phone verification failed");
    sb.stop().await;
}
