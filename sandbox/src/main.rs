//! `wxopen-sandbox`: a local WeChat third-party platform. See `wxopen-sandbox --help`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use wxopen_sandbox::{Config, Mode};

/// A local WeChat third-party platform (第三方平台) for tests, demos and CI.
///
/// It serves the WeChat APIs of the wxopen spec (§1–§5, custom/send §13.5, quota §15) at
/// http://HOST:PORT — point an SDK's API base there, and its page bases (mp.weixin.qq.com,
/// open.weixin.qq.com) too — with WeChat's validation, errcodes, token and quota rules, and
/// pushes encrypted events (component_verify_ticket every 10 minutes of sandbox time,
/// authorization and registration results) to each platform's configured URLs. The control
/// API under /sandbox (GET /sandbox lists it) plays the people in the flows, moves the clock
/// and injects faults.
///
/// Rehearse the full-network-release (全网发布) check before pressing the button: point the
/// platform's two URLs at your server (--auth-event-url, --message-url with $APPID$), then
/// POST /sandbox/release-check {"group": 1} — a test account authorizes the platform, the
/// check pushes its ticket, TESTCOMPONENT_MSG_TYPE_TEXT and QUERY_AUTH_CODE cases and
/// answers a JSON report (per case passed, or the reason). GET /sandbox/messages lists what
/// was sent through /cgi-bin/message/custom/send.
///
/// Without --config there is one platform: appid wxc0ffee0000000001, secret
/// 5ba0db0c5ba0db0c5ba0db0c5ba0db0c, token sandboxtoken, EncodingAESKey
/// abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, and two merchant accounts of one verified
/// enterprise. --print-config shows every setting.
///
/// The first line on stdout is "wxopen-sandbox listening on http://HOST:PORT".
#[derive(Debug, Parser)]
#[command(name = "wxopen-sandbox", version, verbatim_doc_comment)]
struct Cli {
    /// TOML configuration file (platforms, accounts, people, limits, faults…).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 = a free port). Overrides `listen`.
    #[arg(short, long)]
    port: Option<u16>,
    /// Address to listen on, e.g. 127.0.0.1:8080. Overrides `listen`.
    #[arg(long, conflicts_with = "port")]
    listen: Option<SocketAddr>,
    /// manual: time moves only through POST /sandbox/clock/advance and people act only
    /// through the control API (tests). auto: real clock, people act after --auto-delay-ms
    /// (demos).
    #[arg(long, value_parser = ["manual", "auto"])]
    mode: Option<String>,
    /// RNG seed: the same seed and the same calls give the same ids, tokens and codes.
    #[arg(long)]
    seed: Option<u64>,
    /// Manual mode: start the clock at this unix time (default: now).
    #[arg(long, value_name = "UNIX_SECS")]
    start_time: Option<i64>,
    /// Auto mode: milliseconds before each human step completes by itself.
    #[arg(long, value_name = "MS")]
    auto_delay_ms: Option<u64>,
    /// 授权事件接收URL of the (first) platform.
    #[arg(long, value_name = "URL")]
    auth_event_url: Option<String>,
    /// 消息与事件接收URL of the (first) platform; $APPID$ is replaced by the authorizer appid.
    #[arg(long, value_name = "URL")]
    message_url: Option<String>,
    /// Tokio worker threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print one line per push attempt and per step of a flow to stderr (no secrets).
    #[arg(long)]
    log: bool,
    /// Print the effective configuration as TOML and exit.
    #[arg(long)]
    print_config: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match build_config(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("wxopen-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    if cli.print_config {
        return match config.to_toml() {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wxopen-sandbox: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(n) = cli.threads {
        runtime.worker_threads(n.max(1));
    }
    let runtime = match runtime.build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wxopen-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match wxopen_sandbox::start(config).await {
            Ok(sandbox) => {
                println!("wxopen-sandbox listening on {}", sandbox.base_url());
                sandbox.run_until_signal().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wxopen-sandbox: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn build_config(cli: &Cli) -> Result<Config, String> {
    let mut config = match &cli.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Config::default(),
    };
    if let Some(port) = cli.port {
        config.listen = SocketAddr::from(([127, 0, 0, 1], port));
    }
    if let Some(listen) = cli.listen {
        config.listen = listen;
    }
    if let Some(mode) = &cli.mode {
        config.mode = if mode == "auto" {
            Mode::Auto
        } else {
            Mode::Manual
        };
    }
    if let Some(seed) = cli.seed {
        config.seed = seed;
    }
    if cli.start_time.is_some() {
        config.start_time = cli.start_time;
    }
    if let Some(ms) = cli.auto_delay_ms {
        config.auto.delay_ms = ms;
    }
    if cli.log {
        config.log = true;
    }
    if cli.auth_event_url.is_some() || cli.message_url.is_some() {
        let Some(first) = config.platforms.first_mut() else {
            return Err("no platform to set the URLs of".into());
        };
        if let Some(url) = &cli.auth_event_url {
            first.auth_event_url = Some(url.clone());
        }
        if let Some(url) = &cli.message_url {
            first.message_url = Some(url.clone());
        }
    }
    config.check()?;
    Ok(config)
}
