//! The HTTP side: the API (every path of the route table), the pages, the control API, the
//! push deliverer and, in auto mode, the ticker that runs due timers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::json;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::config::{Config, Mode, PushConfig};
use crate::world::World;
use crate::world::api::Call;
use crate::world::push::{Attempt, PushState};

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    world: Mutex<World>,
    pushes: mpsc::UnboundedSender<u64>,
    pub(crate) push_cfg: PushConfig,
    /// Wakes the auto-mode ticker when a call scheduled a timer earlier than the one it sleeps
    /// for (a person's step due in `auto.delay_ms`, which may be well under its longest nap).
    timers_changed: Notify,
}

impl Shared {
    /// Runs `f` on the world, then hands the pushes it queued to the deliverer and prints its
    /// log lines.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut world = self.lock();
        let due_before = world.next_due_at_ms();
        let out = f(&mut world);
        let due_after = world.next_due_at_ms();
        let ids = world.take_outbox();
        let log = world.take_log();
        drop(world);
        if due_after.is_some_and(|after| due_before.is_none_or(|before| after < before)) {
            self.timers_changed.notify_one();
        }
        for id in ids {
            // The deliverer lives as long as the server; a send fails only during shutdown.
            let _ = self.pushes.send(id);
        }
        for line in log {
            eprintln!("[sandbox] {line}");
        }
        out
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves a consistent-enough world for a sandbox.
        self.world
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) type AppState = Arc<Shared>;

/// A running sandbox.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    background: Vec<JoinHandle<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the API base, and the base of the page URLs.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Stops the server and its background tasks.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.server).await;
        for task in &self.background {
            task.abort();
        }
    }

    /// Serves until the process is interrupted (Ctrl-C / SIGTERM), then stops.
    pub async fn run_until_signal(self) {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(s) => s,
                    Err(_) => {
                        let _ = ctrl_c.await;
                        self.shutdown().await;
                        return;
                    }
                };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = ctrl_c.await;
        }
        self.shutdown().await;
    }
}

/// Starts a sandbox with `config`: binds, pushes the first tickets, serves in the background.
pub async fn start(config: Config) -> std::io::Result<Running> {
    config
        .check()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let base_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_owned();
    let mode = config.mode;
    let push_cfg = config.push.clone();
    let (tx, rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        world: Mutex::new(World::new(config, base_url.clone())),
        pushes: tx.clone(),
        push_cfg,
        timers_changed: Notify::new(),
    });
    let mut background = vec![tokio::spawn(deliver(shared.clone(), rx, tx))];
    // The first tickets were queued while the world was built.
    shared.with(|_| ());
    if mode == Mode::Auto {
        background.push(tokio::spawn(tick(shared.clone())));
    }
    let app = router(shared);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    Ok(Running {
        addr,
        base_url,
        stop: Some(stop),
        server,
        background,
    })
}

fn router(shared: AppState) -> Router {
    crate::control::routes()
        .merge(crate::release::routes())
        .merge(crate::html::routes())
        .fallback(api)
        .with_state(shared)
}

/// Every API path (the route table decides which exist).
async fn api(
    State(shared): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let latency = shared.with(|w| w.faults.latency_ms);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let call = Call {
        post: method == Method::POST,
        path: uri.path(),
        query: uri.query().unwrap_or_default(),
        body: &body,
        peer: peer.ip(),
    };
    let (answer, deferred) = shared.with(|w| (w.call_api(&call), w.deferred.take()));
    let Some(mut answer) = answer else {
        let msg = format!("sandbox: no API at {}", uri.path());
        return (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"errcode": -1, "errmsg": msg})),
        )
            .into_response();
    };
    if let Some(d) = deferred {
        tokio::time::sleep(Duration::from_millis(d.ms)).await;
        answer = shared.with(|w| w.finish_reuse_oa(&d.ticket));
    }
    axum::Json(answer).into_response()
}

/// Delivers pushes one after the other; a failed attempt is retried after a backoff without
/// holding up the pushes behind it.
async fn deliver(
    shared: AppState,
    mut rx: mpsc::UnboundedReceiver<u64>,
    tx: mpsc::UnboundedSender<u64>,
) {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let cfg = shared.push_cfg.clone();
    while let Some(id) = rx.recv().await {
        let Some((delivery, tried)) = shared.with(|w| {
            let tried = w.push(id).map_or(0, |p| p.attempts.len());
            w.delivery(id).map(|d| (d, tried))
        }) else {
            continue;
        };
        let result = post(&client, &delivery.url, delivery.body, cfg.timeout_ms).await;
        let attempt = match &result {
            Ok((status, body)) => Attempt {
                at: 0,
                status: Some(*status),
                answer: body.chars().take(80).collect(),
            },
            Err(e) => Attempt {
                at: 0,
                status: None,
                answer: e.clone(),
            },
        };
        let delivered = matches!(&result, Ok((200, body)) if matches!(body.trim(), "success" | ""));
        let tries = tried + 1;
        let final_state = if delivered {
            Some(PushState::Delivered)
        } else if tries > cfg.retries as usize {
            Some(PushState::Failed)
        } else {
            None
        };
        shared.with(|w| w.record_attempt(id, attempt, final_state));
        if final_state.is_none() {
            let exp = u32::try_from(tries - 1).unwrap_or(16).min(16);
            let wait = cfg.backoff_ms.saturating_mul(1 << exp);
            let tx = tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(wait)).await;
                let _ = tx.send(id);
            });
        }
    }
}

pub(crate) async fn post(
    client: &Client<HttpConnector, Full<Bytes>>,
    url: &str,
    body: String,
    timeout_ms: u64,
) -> Result<(u16, String), String> {
    if !url.starts_with("http://") {
        return Err("only http:// push URLs are supported by the sandbox".into());
    }
    let request = axum::http::Request::post(url)
        .header("content-type", "text/xml")
        .header("user-agent", "Mozilla/4.0")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("bad push URL: {e}"))?;
    let send = async {
        let response = client
            .request(request)
            .await
            .map_err(|e| format!("connection failed: {e}"))?;
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("reading the answer failed: {e}"))?
            .to_bytes();
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    };
    match tokio::time::timeout(Duration::from_millis(timeout_ms), send).await {
        Ok(r) => r,
        Err(_) => Err(format!("no answer within {timeout_ms} ms")),
    }
}

/// Auto mode: runs due timers as real time passes.
async fn tick(shared: AppState) {
    loop {
        let wait = shared.with(|w| {
            w.run_due();
            w.next_due_ms()
        });
        let ms = wait.unwrap_or(1000).clamp(1, 1000);
        let nap = tokio::time::sleep(Duration::from_millis(u64::try_from(ms).unwrap_or(1000)));
        tokio::select! {
            () = nap => {}
            () = shared.timers_changed.notified() => {}
        }
    }
}
