//! Pushes as WeChat sends them (spec §6, §7, §13): the plaintext XML is encrypted with the
//! platform's key (receive id = the platform appid), wrapped in the envelope of its URL
//! (`AppId` for the 授权事件接收URL, `ToUserName` for the 消息与事件接收URL) and POSTed with
//! `signature`, `timestamp`, `nonce`, `encrypt_type=aes` and `msg_signature` (plus `openid`
//! for message pushes). The push faults (drop, duplicate, reorder) are applied here; the
//! server does the HTTP and reports each attempt back.

use serde::Serialize;
use serde_json::Value;

use super::World;

/// Where a push is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushState {
    /// Waiting for (another) attempt.
    Pending,
    /// Held back by the reorder fault.
    Held,
    /// The receiver answered `success` (or an empty body).
    Delivered,
    /// Every attempt failed.
    Failed,
    /// Dropped by the drop fault; never sent.
    Dropped,
    /// The platform has no URL for it; never sent.
    NoUrl,
}

/// One delivery attempt.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// Sandbox time of the attempt (unix seconds).
    pub at: i64,
    /// HTTP status, if an answer came.
    pub status: Option<u16>,
    /// The start of the answer body, or the transport error.
    pub answer: String,
}

/// One push.
#[derive(Debug, Clone, Serialize)]
pub struct PushRecord {
    /// Sequence number.
    pub id: u64,
    /// The platform.
    pub component: String,
    /// `auth_event` (授权事件接收URL) or `message` (消息与事件接收URL).
    pub target: &'static str,
    /// For message pushes: the authorizer appid put into `$APPID$`.
    pub authorizer: Option<String>,
    /// `InfoType` (auth events) or `Event`/`MsgType` (messages).
    pub kind: String,
    /// Sandbox time it was created (its `CreateTime` and `timestamp`).
    pub created_at: i64,
    /// The URL (with `$APPID$` replaced), if configured.
    pub url: Option<String>,
    /// The query string sent.
    pub query: String,
    /// The decrypted XML (tickets and codes included: this is a test tool).
    pub xml: String,
    /// The encrypted envelope POSTed.
    pub body: String,
    /// State.
    pub state: PushState,
    /// Attempts so far.
    pub attempts: Vec<Attempt>,
    /// Set on the copy the duplicate fault made.
    pub duplicate_of: Option<u64>,
}

/// What the server needs to send a push.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// URL with the query string.
    pub url: String,
    /// The envelope.
    pub body: String,
}

impl World {
    /// Queues a push to the platform's 授权事件接收URL.
    pub fn push_component(&mut self, component: &str, kind: &str, xml: String) -> Option<u64> {
        let p = self.platforms.get(component)?;
        let url = p.cfg.auth_event_url.clone();
        self.build_push(component, "auth_event", None, kind, xml, url, None)
    }

    /// Queues a push to the platform's 消息与事件接收URL for `appid`.
    pub fn push_message(
        &mut self,
        component: &str,
        appid: &str,
        kind: &str,
        xml: String,
        openid: Option<&str>,
    ) -> Option<u64> {
        let p = self.platforms.get(component)?;
        let url = p
            .cfg
            .message_url
            .as_ref()
            .map(|u| u.replace("$APPID$", appid));
        self.build_push(component, "message", Some(appid), kind, xml, url, openid)
    }

    #[allow(clippy::too_many_arguments)]
    fn build_push(
        &mut self,
        component: &str,
        target: &'static str,
        authorizer: Option<&str>,
        kind: &str,
        xml: String,
        url: Option<String>,
        openid: Option<&str>,
    ) -> Option<u64> {
        let record = self.make_push(component, target, authorizer, kind, xml, url, openid)?;
        let id = record.id;
        self.enqueue(record);
        Some(id)
    }

    /// Encrypts, signs and wraps a push (not stored, not queued).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn make_push(
        &mut self,
        component: &str,
        target: &'static str,
        authorizer: Option<&str>,
        kind: &str,
        xml: String,
        url: Option<String>,
        openid: Option<&str>,
    ) -> Option<PushRecord> {
        let random = self.random16();
        let nonce = self.digits(10);
        let now = self.now();
        let to_user = authorizer
            .and_then(|a| self.accounts.get(a))
            .map(|a| a.user_name.clone());
        let p = self.platforms.get(component)?;
        let encrypt = p.crypt.encrypt(xml.as_bytes(), &random).ok()?;
        let timestamp = now.to_string();
        let signature = p.crypt.url_signature(&timestamp, &nonce);
        let msg_signature = p.crypt.msg_signature(&timestamp, &nonce, &encrypt);
        let body = match target {
            "message" => format!(
                "<xml><ToUserName>{}</ToUserName><Encrypt>{}</Encrypt></xml>",
                cdata(&to_user.unwrap_or_default()),
                cdata(&encrypt)
            ),
            _ => format!(
                "<xml><AppId>{}</AppId><Encrypt>{}</Encrypt></xml>",
                cdata(component),
                cdata(&encrypt)
            ),
        };
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("signature", &signature)
            .append_pair("timestamp", &timestamp)
            .append_pair("nonce", &nonce);
        if let Some(openid) = openid {
            q.append_pair("openid", openid);
        }
        q.append_pair("encrypt_type", "aes")
            .append_pair("msg_signature", &msg_signature);
        let id = self.next_seq();
        let record = PushRecord {
            id,
            component: component.to_owned(),
            target,
            authorizer: authorizer.map(str::to_owned),
            kind: kind.to_owned(),
            created_at: now,
            url,
            query: q.finish(),
            xml,
            body,
            state: PushState::Pending,
            attempts: Vec::new(),
            duplicate_of: None,
        };
        Some(record)
    }

    /// Applies the push faults and queues the push (and its duplicate) for delivery.
    fn enqueue(&mut self, mut record: PushRecord) {
        let id = record.id;
        if record.url.is_none() {
            record.state = PushState::NoUrl;
            self.note(format!("push #{id} {}: no URL configured", record.kind));
            self.store_push(record);
            return;
        }
        let (drop, dup, window) = (
            self.faults.drop_rate,
            self.faults.duplicate_rate,
            self.faults.reorder_window,
        );
        if self.chance(drop) {
            record.state = PushState::Dropped;
            self.note(format!("push #{id} {}: dropped (fault)", record.kind));
            self.store_push(record);
            return;
        }
        let copy = self.chance(dup).then(|| {
            let mut c = record.clone();
            c.duplicate_of = Some(id);
            c
        });
        let mut ids = vec![id];
        self.store_push(record);
        if let Some(mut c) = copy {
            c.id = self.next_seq();
            ids.push(c.id);
            self.store_push(c);
        }
        for id in ids {
            if window > 0 {
                self.set_state(id, PushState::Held);
                self.held.push(id);
            } else {
                self.send(id);
            }
        }
        if window > 0 && self.held.len() >= window {
            self.flush_held();
        }
    }

    /// Releases the pushes held by the reorder fault, newest first; returns how many.
    pub fn flush_held(&mut self) -> usize {
        let held = std::mem::take(&mut self.held);
        for &id in held.iter().rev() {
            self.set_state(id, PushState::Pending);
            self.send(id);
        }
        held.len()
    }

    pub(super) fn store_push(&mut self, record: PushRecord) {
        const KEEP: usize = 10_000;
        if self.pushes.len() >= KEEP {
            self.pushes.drain(..KEEP / 10);
        }
        self.pushes.push(record);
    }

    /// The push with `id`.
    pub fn push(&self, id: u64) -> Option<&PushRecord> {
        self.pushes
            .binary_search_by_key(&id, |p| p.id)
            .ok()
            .and_then(|i| self.pushes.get(i))
    }

    fn push_mut(&mut self, id: u64) -> Option<&mut PushRecord> {
        let i = self.pushes.binary_search_by_key(&id, |p| p.id).ok()?;
        self.pushes.get_mut(i)
    }

    fn set_state(&mut self, id: u64, state: PushState) {
        if let Some(p) = self.push_mut(id) {
            p.state = state;
        }
    }

    /// What to send for push `id`.
    pub fn delivery(&self, id: u64) -> Option<Delivery> {
        let p = self.push(id)?;
        let url = p.url.as_ref()?;
        let sep = if url.contains('?') { '&' } else { '?' };
        Some(Delivery {
            url: format!("{url}{sep}{}", p.query),
            body: p.body.clone(),
        })
    }

    /// Records an attempt; `final_state` ends the push (delivered or given up).
    pub fn record_attempt(&mut self, id: u64, attempt: Attempt, final_state: Option<PushState>) {
        let now = self.now();
        let Some(p) = self.push_mut(id) else {
            return;
        };
        let line = format!(
            "push #{id} {} → {}: {} {}",
            p.kind,
            p.url.as_deref().unwrap_or(""),
            attempt
                .status
                .map_or("no answer".to_owned(), |s| s.to_string()),
            attempt.answer
        );
        p.attempts.push(Attempt { at: now, ..attempt });
        if let Some(state) = final_state {
            p.state = state;
        }
        self.note(line);
    }

    /// `n` random decimal digits (push nonces are numeric).
    pub fn digits(&mut self, n: usize) -> String {
        let hex = self.hex(n);
        hex.bytes().map(|b| char::from(b'0' + (b % 10))).collect()
    }

    /// Builds and queues a message-URL event (§13.3) for authorizer `appid`: the common
    /// header plus `fields` (strings as CDATA, numbers plain, objects nested).
    pub fn push_event(
        &mut self,
        component: &str,
        appid: &str,
        event: &str,
        fields: &serde_json::Map<String, Value>,
    ) -> Result<u64, String> {
        let account = self
            .accounts
            .get(appid)
            .ok_or_else(|| format!("no account {appid}"))?;
        let gh = account.user_name.clone();
        let system = "oSandboxSystem0000000000000";
        let mut xml = format!(
            "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName><CreateTime>{}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event>{}</Event>",
            cdata(&gh),
            cdata(system),
            self.now(),
            cdata(event)
        );
        for (k, v) in fields {
            element(&mut xml, k, v)?;
        }
        xml.push_str("</xml>");
        self.push_message(component, appid, event, xml, Some(system))
            .ok_or_else(|| format!("no platform {component}"))
    }

    /// Queues a raw message-URL push (any plaintext XML). A user message (not an event) lets
    /// the account send its `FromUserName` customer-service messages for 48 hours.
    pub fn push_raw_message(
        &mut self,
        component: &str,
        appid: &str,
        xml: String,
    ) -> Result<u64, String> {
        if !self.accounts.contains_key(appid) {
            return Err(format!("no account {appid}"));
        }
        if let Ok(fields) = super::release::xml_fields(&xml)
            && let Some(user) = fields.get("FromUserName").filter(|u| !u.trim().is_empty())
            && fields.get("MsgType").is_some_and(|t| t != "event")
        {
            self.user_wrote(appid, user);
        }
        self.push_message(component, appid, "raw", xml, None)
            .ok_or_else(|| format!("no platform {component}"))
    }
}

/// `value` in CDATA (a `]]>` inside is split across two sections).
pub fn cdata(value: &str) -> String {
    format!("<![CDATA[{}]]>", value.replace("]]>", "]]]]><![CDATA[>"))
}

fn element(xml: &mut String, name: &str, value: &Value) -> Result<(), String> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("{name:?} is not an XML element name"));
    }
    match value {
        Value::String(s) => xml.push_str(&format!("<{name}>{}</{name}>", cdata(s))),
        Value::Number(n) => xml.push_str(&format!("<{name}>{n}</{name}>")),
        Value::Bool(b) => xml.push_str(&format!("<{name}>{}</{name}>", u8::from(*b))),
        Value::Object(map) => {
            xml.push_str(&format!("<{name}>"));
            for (k, v) in map {
                element(xml, k, v)?;
            }
            xml.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => {
            for v in items {
                element(xml, name, v)?;
            }
        }
        Value::Null => xml.push_str(&format!("<{name}></{name}>")),
    }
    Ok(())
}
