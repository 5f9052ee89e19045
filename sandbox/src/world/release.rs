//! Spec §13.5 in the world: the customer-service message API the full-network-release check's
//! follow-up calls (`POST /cgi-bin/message/custom/send`), the messages sent through it, and
//! the world's half of the automated check — the test accounts with their real appids and
//! original ids, their test user, the pushes, and the reading of the platform's answers. The
//! HTTP half (sending the pushes, waiting for the follow-up) is `crate::release`.
//!
//! `custom/send` rules: the authorizer token of the account that sends (a component token is
//! 40014, as for every authorizer API), permission set 1 (official-account message management)
//! or 19 (mini-program customer service) granted (61007); `touser` must be a user who wrote to
//! *that* account (40003 otherwise) within the last 48 hours (45015); `msgtype` one of WeChat's
//! (40008); the object `msgtype` names present (47001), and a text's `content` non-blank
//! (44004).

use std::collections::BTreeMap;

use quick_xml::events::Event;
use serde::Serialize;
use serde_json::{Value, json};

use super::push::{Delivery, PushRecord, PushState};
use super::{Account, Body, Fail, Outcome, World};
use crate::config::{AccountKind, SubjectType};

/// The test accounts of the check, one group per row: (official account appid, its original
/// id, mini program appid, its original id) (spec §13.5).
pub const TEST_GROUPS: [(&str, &str, &str, &str); 5] = [
    (
        "wx570bc396a51b8ff8",
        "gh_3c884a361561",
        "wxd101a85aa106f53e",
        "gh_8dad206e9538",
    ),
    (
        "wx9252c5e0bb1836fc",
        "gh_c0f28a78b318",
        "wxc39235c15087f6f3",
        "gh_905ae9d01059",
    ),
    (
        "wx8e1097c5bc82cde9",
        "gh_3f222ed8d140",
        "wx7720d01d4b2a4500",
        "gh_393666f1fdf4",
    ),
    (
        "wx14550af28c71a144",
        "gh_26128078e9ab",
        "wx05d483572dcd5d8b",
        "gh_39abb5d4e1b7",
    ),
    (
        "wxa35b9c23cfe664eb",
        "gh_2b3713f184a6",
        "wx5910277cae6fd970",
        "gh_7818dcb60240",
    ),
];

/// The text of the passive-reply case.
pub const TEST_TEXT: &str = "TESTCOMPONENT_MSG_TYPE_TEXT";
/// The reply that case expects.
pub const TEST_TEXT_REPLY: &str = "TESTCOMPONENT_MSG_TYPE_TEXT_callback";
/// The API case's text is this prefix and the authorization code.
pub const QUERY_AUTH_CODE_PREFIX: &str = "QUERY_AUTH_CODE:";
/// The API case expects the code with this suffix through `custom/send`.
pub const FROM_API_SUFFIX: &str = "_from_api";
/// A user may be sent customer-service messages this long after writing to the account.
pub const SERVICE_WINDOW_SECS: i64 = 48 * 3600;

const MSG_TYPES: &[&str] = &[
    "text",
    "image",
    "voice",
    "video",
    "music",
    "news",
    "mpnews",
    "mpnewsarticle",
    "msgmenu",
    "wxcard",
    "miniprogrampage",
    "link",
];

/// A message an account sent through `custom/send` (the control API lists them; codes inside
/// are shown: this is a test tool).
#[derive(Debug, Clone, Serialize)]
pub struct SentMessage {
    /// Sequence number.
    pub id: u64,
    /// The platform whose authorizer token sent it.
    pub component: String,
    /// The account that sent it (the token's).
    pub appid: String,
    /// The user.
    pub touser: String,
    /// `msgtype`.
    pub msgtype: String,
    /// A text's content.
    pub content: Option<String>,
    /// The whole body as received.
    pub message: Value,
    /// Sandbox time (unix seconds).
    pub sent_at: i64,
}

/// A refused `custom/send` call: what the report of the check can tell (never the body).
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// Sandbox time (unix seconds).
    pub at: i64,
    /// The errcode answered.
    pub errcode: i64,
}

/// One run of the check: the test account, its user and the authorization code. `Debug`
/// hides the code.
#[derive(Clone)]
pub struct Plan {
    /// The platform checked.
    pub component: String,
    /// The group (1–5).
    pub group: usize,
    /// The test account's appid.
    pub appid: String,
    /// Its original id.
    pub user_name: String,
    /// `official_account` or `mini_program`.
    pub kind: AccountKind,
    /// The tester's openid for that account.
    pub user: String,
    /// The authorization code pushed with the authorization and sent in `QUERY_AUTH_CODE`
    /// (empty until [`World::release_authorize`]).
    pub code: String,
    /// The `authorized` (or `updateauthorized`) push.
    pub authorized_push: Option<u64>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("component", &self.component)
            .field("appid", &self.appid)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl World {
    /// `custom/send` (§13.5) with `appid`'s authorizer token.
    pub fn custom_send(&mut self, component: &str, appid: &str, body: &Body) -> Outcome {
        let touser = body.need("touser", 40003)?;
        let msgtype = body.need("msgtype", 40008)?;
        if !MSG_TYPES.contains(&msgtype.as_str()) {
            return Err(Fail::with(40008, format!("msgtype {msgtype:?}")));
        }
        let object = body.object(&msgtype)?;
        let content = match (msgtype.as_str(), object) {
            ("text", None) => return Err(Fail::with(44004, "text is missing")),
            ("text", Some(text)) => Some(text.need("content", 44004)?),
            (_, None) => return Err(Fail::with(47001, format!("{msgtype} is missing"))),
            (_, Some(_)) => None,
        };
        let now = self.now();
        match self.users.get(&(appid.to_owned(), touser.clone())) {
            None => {
                return Err(Fail::with(40003, "touser never wrote to this account"));
            }
            Some(at) if now - at > SERVICE_WINDOW_SECS => return Err(Fail::code(45015)),
            Some(_) => {}
        }
        let id = self.next_seq();
        self.sent.push(SentMessage {
            id,
            component: component.to_owned(),
            appid: appid.to_owned(),
            touser,
            msgtype,
            content,
            message: Value::Object(body.0.clone()),
            sent_at: now,
        });
        self.note(format!("custom/send #{id} by {appid}"));
        Ok(json!({"errcode": 0, "errmsg": "ok"}))
    }

    /// Notes that `openid` wrote to `appid` now (it may be sent messages for 48 hours).
    pub fn user_wrote(&mut self, appid: &str, openid: &str) {
        let now = self.now();
        self.users
            .insert((appid.to_owned(), openid.to_owned()), now);
    }

    /// The sent messages that match the filters (each `None` matches all).
    pub fn sent_json(&self, filters: &BTreeMap<&str, &str>) -> Value {
        let hit = |m: &&SentMessage| {
            [
                ("component", m.component.as_str()),
                ("appid", m.appid.as_str()),
                ("touser", m.touser.as_str()),
                ("msgtype", m.msgtype.as_str()),
            ]
            .iter()
            .all(|(k, v)| filters.get(k).is_none_or(|want| want == v))
        };
        json!(self.sent.iter().filter(hit).collect::<Vec<_>>())
    }

    /// Readies a run of the check on `component` with the `kind` test account of `group`: the
    /// account is created with its real appid and original id if new, and its tester gets an
    /// openid ([`World::release_authorize`] then authorizes).
    pub fn release_prepare(
        &mut self,
        component: &str,
        group: usize,
        kind: AccountKind,
    ) -> Result<Plan, String> {
        let Some(&(oa, oa_gh, mini, mini_gh)) =
            group.checked_sub(1).and_then(|i| TEST_GROUPS.get(i))
        else {
            return Err(format!("group must be 1 to {}", TEST_GROUPS.len()));
        };
        let (appid, user_name) = match kind {
            AccountKind::OfficialAccount => (oa, oa_gh),
            AccountKind::MiniProgram => (mini, mini_gh),
        };
        match self.accounts.get(appid) {
            Some(a) if a.kind != kind => return Err(format!("{appid} is not a {kind:?}")),
            Some(_) => {}
            None => {
                let account = test_account(appid, user_name, kind, group, self.now());
                self.accounts.insert(appid.to_owned(), account);
            }
        }
        let user = match self.testers.get(appid) {
            Some(u) => u.clone(),
            None => {
                let u = self.openid();
                self.testers.insert(appid.to_owned(), u.clone());
                u
            }
        };
        self.note(format!("release check: group {group}, {appid}"));
        Ok(Plan {
            component: component.to_owned(),
            group,
            appid: appid.to_owned(),
            user_name: user_name.to_owned(),
            kind,
            user,
            code: String::new(),
            authorized_push: None,
        })
    }

    /// The test account authorizes the platform (every published set that suits it): an
    /// `authorized` push with a new authorization code goes out, as WeChat does; the plan
    /// learns the code and the push.
    pub fn release_authorize(&mut self, plan: &mut Plan) {
        let sets = self.sets_for(&plan.component, plan.kind);
        let (code, _) = self.grant(&plan.component, &plan.appid, sets, None);
        plan.code = code;
        plan.authorized_push = self
            .pushes
            .iter()
            .rev()
            .find(|p| p.target == "auth_event" && p.kind.ends_with("authorized"))
            .map(|p| p.id);
    }

    /// A ticket push for the check's first case: stored, not queued (the check sends it).
    pub fn release_ticket_push(&mut self, plan: &Plan) -> Option<(u64, Option<Delivery>)> {
        let now = self.now();
        self.issue_ticket(&plan.component, now);
        let (ticket, _) = self.platforms.get(&plan.component)?.tickets.back()?.clone();
        let xml = format!(
            "<xml><AppId><![CDATA[{}]]></AppId><CreateTime>{now}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>",
            plan.component
        );
        let url = self
            .platforms
            .get(&plan.component)?
            .cfg
            .auth_event_url
            .clone();
        let record = self.make_push(
            &plan.component,
            "auth_event",
            None,
            "component_verify_ticket",
            xml,
            url,
            None,
        )?;
        self.direct(record)
    }

    /// A text from the tester to the test account: stored, not queued (the check sends it
    /// and reads the answer itself, without the push faults).
    pub fn release_text_push(
        &mut self,
        plan: &Plan,
        content: &str,
    ) -> Option<(u64, Option<Delivery>)> {
        self.user_wrote(&plan.appid, &plan.user);
        let msg_id = self.digits(19).trim_start_matches('0').to_owned();
        let xml = format!(
            "<xml><ToUserName>{}</ToUserName><FromUserName>{}</FromUserName><CreateTime>{}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>{}</Content><MsgId>{}</MsgId></xml>",
            super::push::cdata(&plan.user_name),
            super::push::cdata(&plan.user),
            self.now(),
            super::push::cdata(content),
            if msg_id.is_empty() { "1" } else { &msg_id },
        );
        let url = self
            .platforms
            .get(&plan.component)?
            .cfg
            .message_url
            .as_ref()
            .map(|u| u.replace("$APPID$", &plan.appid));
        let record = self.make_push(
            &plan.component,
            "message",
            Some(&plan.appid),
            "text",
            xml,
            url,
            Some(&plan.user),
        )?;
        self.direct(record)
    }

    fn direct(&mut self, record: PushRecord) -> Option<(u64, Option<Delivery>)> {
        let id = record.id;
        let no_url = record.url.is_none();
        self.store_push(PushRecord {
            state: if no_url {
                PushState::NoUrl
            } else {
                PushState::Pending
            },
            ..record
        });
        Some((id, self.delivery(id)))
    }

    /// Reads the platform's answer to the text case: an encrypted envelope (§6.2) whose
    /// signature verifies and whose plaintext is a text reply with [`TEST_TEXT_REPLY`], from
    /// the account to the tester. The error says what was expected and what came (no secret:
    /// the reply is the platform's own text).
    pub fn release_read_reply(&self, plan: &Plan, answer: &str) -> Result<(), String> {
        let Some(p) = self.platforms.get(&plan.component) else {
            return Err(format!("no platform {}", plan.component));
        };
        let envelope = xml_fields(answer).map_err(|e| {
            format!(
                "expected an encrypted reply envelope, got {:?} ({e})",
                shorten(answer)
            )
        })?;
        let field = |name: &str| {
            envelope
                .get(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    format!(
                        "expected an encrypted reply envelope with {name}, got {:?}",
                        shorten(answer)
                    )
                })
        };
        let (encrypt, signature) = (field("Encrypt")?, field("MsgSignature")?);
        let (timestamp, nonce) = (field("TimeStamp")?, field("Nonce")?);
        p.crypt
            .verify_msg_signature(signature, timestamp, nonce, encrypt)
            .map_err(|_| {
                "the reply's MsgSignature does not verify with the platform's Token".to_owned()
            })?;
        let plain = p
            .crypt
            .decrypt(encrypt)
            .map_err(|e| format!("the reply does not decrypt with the platform's key: {e}"))?;
        let plain = String::from_utf8_lossy(&plain).into_owned();
        let reply =
            xml_fields(&plain).map_err(|e| format!("the decrypted reply is not XML: {e}"))?;
        let expect = [
            ("MsgType", "text"),
            ("Content", TEST_TEXT_REPLY),
            ("ToUserName", plan.user.as_str()),
            ("FromUserName", plan.user_name.as_str()),
        ];
        for (name, want) in expect {
            let got = reply.get(name).map(String::as_str);
            if got != Some(want) {
                return Err(format!(
                    "expected {name} {want:?} in the decrypted reply, got {}",
                    got.map_or("none".to_owned(), |g| format!("{:?}", shorten(g)))
                ));
            }
        }
        if reply
            .get("CreateTime")
            .is_none_or(|t| t.trim().parse::<i64>().is_err())
        {
            return Err("expected a numeric CreateTime in the decrypted reply".to_owned());
        }
        Ok(())
    }

    /// Whether the follow-up of the API case has reached the tester: a text
    /// `<code>_from_api` sent by the test account (so with its authorizer token) since `since`.
    pub fn release_follow_up(&self, plan: &Plan, since: i64) -> bool {
        let want = format!("{}{FROM_API_SUFFIX}", plan.code);
        self.sent.iter().any(|m| {
            m.sent_at >= since
                && m.appid == plan.appid
                && m.component == plan.component
                && m.touser == plan.user
                && m.content.as_deref() == Some(want.as_str())
        })
    }

    /// Why the follow-up did not arrive, as far as the world can tell (no secret: the code is
    /// shown as `***`).
    pub fn release_follow_up_miss(&self, plan: &Plan, since: i64) -> String {
        let mut why = format!(
            "expected a text \"***{FROM_API_SUFFIX}\" to {} through custom/send with {}'s token within 5 s",
            plan.user, plan.appid
        );
        let exchanged = self
            .creds
            .auth_codes
            .get(&plan.code)
            .is_some_and(|c| c.used);
        if !exchanged {
            why.push_str("; the code was never exchanged (api_query_auth)");
        }
        let sent: Vec<String> = self
            .sent
            .iter()
            .filter(|m| m.sent_at >= since && m.appid == plan.appid)
            .map(|m| match &m.content {
                Some(c) if c.contains(&plan.code) => {
                    format!(
                        "{} to {}: {:?}",
                        m.msgtype,
                        m.touser,
                        c.replace(&plan.code, "***")
                    )
                }
                Some(c) => format!("{} to {}: {:?}", m.msgtype, m.touser, shorten(c)),
                None => format!("{} to {}", m.msgtype, m.touser),
            })
            .collect();
        if sent.is_empty() {
            why.push_str("; got no message");
        } else {
            why.push_str(&format!("; got {}", sent.join(", ")));
        }
        let refused: Vec<String> = self
            .custom_send_refused
            .iter()
            .filter(|r| r.at >= since)
            .map(|r| r.errcode.to_string())
            .collect();
        if !refused.is_empty() {
            why.push_str(&format!(
                "; custom/send refused with errcode {}",
                refused.join(", ")
            ));
        }
        why
    }
}

fn test_account(
    appid: &str,
    user_name: &str,
    kind: AccountKind,
    group: usize,
    now: i64,
) -> Account {
    let what = match kind {
        AccountKind::OfficialAccount => "公众号",
        AccountKind::MiniProgram => "小程序",
    };
    Account {
        appid: appid.to_owned(),
        kind,
        user_name: user_name.to_owned(),
        nick_name: format!("全网发布测试{what}{group}"),
        principal_name: "全网发布测试".to_owned(),
        subject_type: SubjectType::Enterprise,
        verified: true,
        overseas: false,
        nearby: false,
        admin: None,
        register_type: 0,
        beta: false,
        created_at: now,
        created_via_oa: None,
        open_appid: None,
    }
}

/// The first 80 characters of an answer, for reports.
pub fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The text of each child element of the root of `xml` (CDATA or text; nested elements are
/// skipped). Refuses a DOCTYPE, as WeChat's parsers do.
pub fn xml_fields(xml: &str) -> Result<BTreeMap<String, String>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut fields = BTreeMap::new();
    let mut depth = 0usize;
    // The element being read: name, text, whether CDATA was part of it (then kept verbatim).
    let mut current: Option<(String, String, bool)> = None;
    let mut root = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                root = true;
                if depth == 2 {
                    let name = String::from(e.name().as_ref());
                    current = Some((name, String::new(), false));
                }
            }
            Event::End(_) => {
                if depth == 2
                    && let Some((name, value, cdata)) = current.take()
                {
                    let value = if cdata {
                        value
                    } else {
                        value.trim().to_owned()
                    };
                    fields.insert(name, value);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(e) => {
                root = true;
                if depth == 1 {
                    let name = String::from(e.name().as_ref());
                    fields.insert(name, String::new());
                }
            }
            Event::Text(t) if depth == 2 => {
                if let Some((_, value, _)) = current.as_mut() {
                    value.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) if depth == 2 => {
                if let Some((_, value, cdata)) = current.as_mut() {
                    value.push_str(&c.xml10_content());
                    *cdata = true;
                }
            }
            Event::GeneralRef(r) if depth == 2 => {
                let name = r.xml10_content();
                let resolved = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                let c = resolved.ok_or_else(|| format!("unknown entity &{name};"))?;
                if let Some((_, value, _)) = current.as_mut() {
                    value.push(c);
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is refused".to_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !root {
        return Err("no XML element".to_owned());
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::xml_fields;

    #[test]
    fn xml_fields_reads_the_roots_children() {
        let f = xml_fields(
            "<xml><A><![CDATA[ kept ]]></A><B> a &amp; b &#x4e2d; </B><C/><D><E>nested</E></D></xml>",
        )
        .unwrap();
        assert_eq!(f["A"], " kept ", "CDATA is verbatim");
        assert_eq!(f["B"], "a & b 中", "text is trimmed, references resolved");
        assert_eq!(f["C"], "");
        assert_eq!(f["D"], "", "nested elements are not read");
        assert!(!f.contains_key("E"));
    }

    #[test]
    fn xml_fields_refuses_what_is_not_xml() {
        assert!(xml_fields("success").is_err());
        assert!(xml_fields("").is_err());
        assert!(xml_fields("<!DOCTYPE x [<!ENTITY a \"b\">]><xml><A>&a;</A></xml>").is_err());
        assert!(xml_fields("<xml><A>&unknown;</A></xml>").is_err());
    }
}
