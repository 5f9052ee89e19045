//! The test host: a manual clock, the in-memory store, a scripted WeChat that answers by URL
//! path, and a recorder of requests, sleeps and events.

use std::collections::{BTreeMap, VecDeque};

use wxopen::driver::{Call, Config, Driver, DriverEvent, HandleQuery, Input, MemoryStore, Step};
use wxopen::{Response, Webhook};

pub const CID: &str = "wxcomponent0000001";
pub const SECRET: &str = "platform_appsecret_0001";
pub const TOKEN: &str = "msgtoken";
pub const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
pub const AUTHORIZER: &str = "wxminiprog00000001";
pub const T0: u64 = 1_700_000_000_000;

pub const CAT_PATH: &str = "/cgi-bin/component/api_component_token";
pub const AAT_PATH: &str = "/cgi-bin/component/api_authorizer_token";
pub const QUERY_AUTH_PATH: &str = "/cgi-bin/component/api_query_auth";
pub const OPEN_GET_PATH: &str = "/cgi-bin/open/get";

/// What the scripted WeChat answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Json(String),
    Status(u16),
    Transport,
}

pub fn json(text: &str) -> Reply {
    Reply::Json(text.to_owned())
}

pub fn errcode(code: i64) -> Reply {
    Reply::Json(format!(
        r#"{{"errcode":{code},"errmsg":"scripted {code}"}}"#
    ))
}

pub fn cat(value: &str) -> Reply {
    Reply::Json(format!(
        r#"{{"component_access_token":"{value}","expires_in":7200}}"#
    ))
}

pub fn aat(value: &str, refresh: &str) -> Reply {
    Reply::Json(format!(
        r#"{{"authorizer_access_token":"{value}","expires_in":7200,"authorizer_refresh_token":"{refresh}"}}"#
    ))
}

pub fn open_ok() -> Reply {
    json(r#"{"errcode":0,"errmsg":"ok","open_appid":"wxopen0123456789"}"#)
}

/// One request as WeChat saw it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub path: String,
    pub url: String,
    pub body: String,
    pub at: u64,
}

/// The host side of every test.
pub struct World {
    pub now: u64,
    pub store: MemoryStore,
    pub script: BTreeMap<String, VecDeque<Reply>>,
    pub sent: Vec<Sent>,
    pub sleeps: Vec<u64>,
    pub events: Vec<DriverEvent>,
}

impl World {
    pub fn new() -> Self {
        Self {
            now: T0,
            store: MemoryStore::new(),
            script: BTreeMap::new(),
            sent: Vec::new(),
            sleeps: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Queues replies for requests to `path`.
    pub fn on(&mut self, path: &str, replies: impl IntoIterator<Item = Reply>) -> &mut Self {
        self.script
            .entry(path.to_owned())
            .or_default()
            .extend(replies);
        self
    }

    pub fn sent_to(&self, path: &str) -> Vec<&Sent> {
        self.sent.iter().filter(|s| s.path == path).collect()
    }

    pub fn events_of(&self, kind: &str) -> Vec<&DriverEvent> {
        self.events.iter().filter(|e| e.kind() == kind).collect()
    }

    /// Does one step; returns the call's next step.
    pub fn step<T: 'static>(&mut self, call: &mut Call<T>, step: Step<T>) -> Step<T> {
        match step {
            Step::Done(_) => panic!("step after done"),
            Step::Http(request) => {
                let url = request.url.clone();
                let path = url
                    .split_once("://")
                    .map_or(url.as_str(), |(_, rest)| rest)
                    .split_once('/')
                    .map_or("", |(_, p)| p)
                    .split('?')
                    .next()
                    .unwrap_or_default();
                let path = format!("/{path}");
                self.sent.push(Sent {
                    path: path.clone(),
                    url: url.clone(),
                    body: String::from_utf8_lossy(&request.body).into_owned(),
                    at: self.now,
                });
                let reply = self
                    .script
                    .get_mut(&path)
                    .and_then(VecDeque::pop_front)
                    .unwrap_or_else(|| panic!("unscripted request to {path}"));
                let input = match reply {
                    Reply::Json(text) => Input::Response(Response::new(200, text)),
                    Reply::Status(s) => Input::Response(Response::new(s, "gateway")),
                    Reply::Transport => Input::TransportFailed("connection reset".into()),
                };
                call.resume(input, self.now)
            }
            Step::Sleep { ms } => {
                self.sleeps.push(ms);
                self.now += ms;
                call.resume(Input::Ack, self.now)
            }
            Step::Event(e) => {
                self.events.push(e);
                call.resume(Input::Ack, self.now)
            }
            other => {
                let input = self
                    .store
                    .answer(&other, self.now)
                    .unwrap_or_else(|| panic!("not a store step: {other:?}"));
                call.resume(input, self.now)
            }
        }
    }

    /// Runs a call to its end.
    pub fn run<T: 'static>(&mut self, mut call: Call<T>) -> wxopen::Result<T> {
        let mut step = call.start(self.now);
        loop {
            if let Step::Done(result) = step {
                return result;
            }
            step = self.step(&mut call, step);
        }
    }

    /// Runs several calls at once: `pick(live)` chooses which of the still-running calls
    /// (index below `live`) does its next step. Results in the calls' order.
    pub fn run_all<T: 'static>(
        &mut self,
        calls: Vec<Call<T>>,
        mut pick: impl FnMut(usize) -> usize,
    ) -> Vec<wxopen::Result<T>> {
        let n = calls.len();
        let mut running: Vec<(usize, Call<T>, Step<T>)> = calls
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                let s = c.start(self.now);
                (i, c, s)
            })
            .collect();
        let mut results: Vec<Option<wxopen::Result<T>>> = (0..n).map(|_| None).collect();
        while !running.is_empty() {
            let k = pick(running.len()) % running.len();
            let (i, mut call, step) = running.swap_remove(k);
            match step {
                Step::Done(r) => results[i] = Some(r),
                s => {
                    let next = self.step(&mut call, s);
                    running.push((i, call, next));
                    let last = running.len() - 1;
                    running.swap(k.min(last), last);
                }
            }
        }
        results.into_iter().map(|r| r.expect("finished")).collect()
    }

    /// The first step of a call (to see whether a warm call goes straight to HTTP).
    pub fn first_step<T: 'static>(&mut self, call: &mut Call<T>) -> Step<T> {
        call.start(self.now)
    }

    pub fn seed_ticket(&mut self, driver: &Driver) {
        let create = i64::try_from(self.now / 1000).unwrap();
        assert!(
            self.run(driver.store_ticket("ticket@@@latest", create))
                .unwrap()
        );
    }

    pub fn seed_authorizer(&mut self, driver: &Driver, appid: &str) {
        self.run(driver.import_authorizer(appid, "refreshtoken@@@R1"))
            .unwrap();
    }
}

pub fn config() -> Config {
    Config::new(CID, SECRET, TOKEN, AES_KEY).unwrap()
}

pub fn driver() -> Driver {
    Driver::new(config(), 7).unwrap()
}

/// A push encrypted and signed as WeChat would send it, and its query, at `now_ms`.
pub fn push(xml: &str, now_ms: u64) -> (HandleQuery, Vec<u8>) {
    let hook = Webhook::new(TOKEN, AES_KEY, CID).unwrap();
    let encrypt = hook
        .crypt()
        .encrypt(xml.as_bytes(), b"0123456789abcdef")
        .unwrap();
    let timestamp = (now_ms / 1000).to_string();
    let signature = hook.crypt().msg_signature(&timestamp, "42", &encrypt);
    let body = format!(
        "<xml><AppId><![CDATA[{CID}]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    (
        HandleQuery {
            timestamp,
            nonce: "42".into(),
            msg_signature: signature,
        },
        body.into_bytes(),
    )
}

pub fn authorized_xml(code: &str, now_ms: u64) -> String {
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>authorized</InfoType>\
         <AuthorizerAppid>{AUTHORIZER}</AuthorizerAppid><AuthorizationCode>{code}</AuthorizationCode>\
         <AuthorizationCodeExpiredTime>{}</AuthorizationCodeExpiredTime><PreAuthCode>preauthcode@@@p</PreAuthCode></xml>",
        now_ms / 1000,
        now_ms / 1000 + 600
    )
}

pub fn query_auth_reply(appid: &str, access: &str, refresh: &str) -> Reply {
    Reply::Json(format!(
        r#"{{"authorization_info":{{"authorizer_appid":"{appid}","authorizer_access_token":"{access}","expires_in":7200,"authorizer_refresh_token":"{refresh}","func_info":[{{"funcscope_category":{{"id":17}}}},{{"funcscope_category":{{"id":18}}}}]}}}}"#
    ))
}

/// The access token a request carried.
pub fn token_of(sent: &Sent) -> String {
    sent.url
        .split(['?', '&'])
        .find_map(|p| {
            p.strip_prefix("access_token=")
                .or_else(|| p.strip_prefix("component_access_token="))
        })
        .unwrap_or_default()
        .to_owned()
}
