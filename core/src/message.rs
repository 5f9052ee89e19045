//! Pushes of the 消息与事件接收URL (spec §13): every message and event of every account that
//! authorized the platform, decrypted XML → typed [`Message`].
//!
//! WeChat posts them to the URL configured with `$APPID$`, replaced by the appid of the account
//! the push is for; the envelope names the account only by its original id (`ToUserName`,
//! `gh_…`). So the authorizer appid comes from the request path, and
//! [`crate::Webhook::parse_message`] takes it as an argument. **The path is not covered by the
//! signature**: a captured push replayed (within the freshness window) to another account's
//! path passes every check. The authenticated identity is `to_user_name` (inside the signed
//! ciphertext): a host that keeps each authorizer's original id (`authorizer_info.user_name` of
//! `api_get_authorizer_info`) can compare the two.
//!
//! Kinds ([`MessageKind`], serialized `type`):
//! - user messages (§13.4): `text`, `image`, `voice`, `video`, `short_video`, `location`,
//!   `link`, `mini_program_page`; events `subscribe`, `unsubscribe`, `scan`, `location_event`
//!   (event `LOCATION`), `click`, `view`, `user_enter_tempsession`;
//! - mini-program management events (§13.3): `weapp_audit_success`, `weapp_audit_fail`,
//!   `weapp_audit_delay`, `wxa_nickname_audit`, `wxa_category_audit`, `wxa_privacy_apply`,
//!   `wxa_appeal_record`;
//! - `component_event`: a push with an `InfoType` (and no `MsgType`) — an authorization-URL
//!   event arriving here (spec §14.4 note) — parsed as an [`Event`];
//! - `other`: anything else, with every element and its nesting (the [`XmlFields`] model of
//!   [`crate::event::OtherEvent`]) — never an error, never dropped. A push of a typed kind whose
//!   numbers are not numbers (or whose `MsgId` is not a 64-bit unsigned integer) is kept as
//!   `other` too.
//!
//! Parsing follows the rules of [`crate::event`] (CDATA or plain text, entities, no DOCTYPE);
//! `MsgType` and `Event` are matched without regard to ASCII case (`SCAN`, `scan`). Every field
//! is optional: an absent element is `None`. `CreateTime`, when present, must be an integer
//! (else [`WebhookErrorKind::MalformedEvent`]), as for component events.
//!
//! # Serialized form
//!
//! A flat object: `type`, the header (`authorizer_appid`, `component_appid`, `to_user_name`,
//! `from_user_name`, `create_time`, `msg_type`, `event`, `msg_id`, `msg_data_id`, `idx`),
//! `dedup_key` ([`Message::dedup_key`]) and the kind's fields. **`msg_id` is a decimal string**
//! (`"6054768590064713728"`): a 64-bit id does not fit a JavaScript number, and a string
//! crosses every JSON reader exactly. (Python's message objects give it back as an `int`.)
//!
//! ```
//! use wxopen::message::{Message, MessageKind};
//!
//! let xml = b"<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName>\
//!     <FromUserName><![CDATA[oUser0001]]></FromUserName><CreateTime>1710001000</CreateTime>\
//!     <MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>\
//!     <MsgId>6054768590064713728</MsgId></xml>";
//! let msg = Message::from_verified_xml(xml, "wxcomponent0001", "wxauthorizer0001")?;
//! assert!(matches!(&msg.kind, MessageKind::Text(t) if t.content.as_deref() == Some("hi")));
//! assert_eq!(msg.header.msg_id, Some(6054768590064713728));
//! assert_eq!(msg.dedup_key(), "wxauthorizer0001:msg:6054768590064713728");
//! let json = serde_json::to_value(&msg).unwrap();
//! assert_eq!(json["type"], "text");
//! assert_eq!(json["msg_id"], "6054768590064713728");
//!
//! let reply = msg.text_reply("hello", 1710001001)?;
//! assert!(reply.starts_with("<xml><ToUserName><![CDATA[oUser0001]]></ToUserName>"));
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::fmt::Write as _;

use serde::{Serialize, Serializer};

use crate::error::{Error, Result, WebhookErrorKind};
use crate::event::xml::XmlDoc;
use crate::event::{Event, XmlFields, xml_error};
use crate::status::StatusKind;

mod kinds;
pub mod release;

pub use kinds::{
    ImageMessage, LinkMessage, LocationEvent, LocationMessage, MenuEvent, MiniProgramPageMessage,
    PrivacyApplyResult, ScanEvent, TextMessage, UnsubscribeEvent, UserEnterTempsessionEvent,
    VideoMessage, VoiceMessage, WeappAuditDelay, WeappAuditFail, WeappAuditSuccess,
    WxaAppealRecord, WxaCategoryAudit, WxaNicknameAudit, WxaPrivacyApply,
};

/// A push of the message URL, decrypted and parsed: the header and the typed body.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Who the push is for and the common elements.
    pub header: MessageHeader,
    /// What it is.
    pub kind: MessageKind,
}

/// The elements every message-URL push may carry, plus the two appids it was received for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageHeader {
    /// The authorized account, as the request path named it (`$APPID$`; not signed, see the
    /// module documentation).
    pub authorizer_appid: String,
    /// The platform: the receive id the push was verified against.
    pub component_appid: String,
    /// `ToUserName`: the account's original id (`gh_…`).
    pub to_user_name: Option<String>,
    /// `FromUserName`: the sender (a user's openid; a system id for management events).
    pub from_user_name: Option<String>,
    /// `CreateTime`, unix seconds.
    pub create_time: Option<i64>,
    /// `MsgType`, trimmed (`text`, `event`, …).
    pub msg_type: Option<String>,
    /// `Event`, trimmed, as sent (`subscribe`, `SCAN`, `weapp_audit_success`, …).
    pub event: Option<String>,
    /// `MsgId` of a user message: a 64-bit id, serialized as a decimal string.
    #[serde(serialize_with = "decimal_string")]
    pub msg_id: Option<u64>,
    /// `MsgDataId` (messages from an article), as sent.
    pub msg_data_id: Option<String>,
    /// `Idx` (messages from an article), as sent.
    pub idx: Option<String>,
}

/// The kinds of message-URL pushes; the name of each is [`MessageKind::name`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum MessageKind {
    /// `text`.
    Text(TextMessage),
    /// `image`.
    Image(ImageMessage),
    /// `voice`.
    Voice(VoiceMessage),
    /// `video`.
    Video(VideoMessage),
    /// `shortvideo` (`short_video`).
    ShortVideo(VideoMessage),
    /// `location`.
    Location(LocationMessage),
    /// `link`.
    Link(LinkMessage),
    /// `miniprogrampage` (`mini_program_page`).
    MiniProgramPage(MiniProgramPageMessage),
    /// Event `subscribe`.
    Subscribe(ScanEvent),
    /// Event `unsubscribe`.
    Unsubscribe(UnsubscribeEvent),
    /// Event `SCAN` (`scan`).
    Scan(ScanEvent),
    /// Event `LOCATION` (`location_event`).
    LocationEvent(LocationEvent),
    /// Event `CLICK` (`click`).
    Click(MenuEvent),
    /// Event `VIEW` (`view`).
    View(MenuEvent),
    /// Event `user_enter_tempsession`.
    UserEnterTempsession(UserEnterTempsessionEvent),
    /// Event `weapp_audit_success`.
    WeappAuditSuccess(WeappAuditSuccess),
    /// Event `weapp_audit_fail`.
    WeappAuditFail(WeappAuditFail),
    /// Event `weapp_audit_delay`.
    WeappAuditDelay(WeappAuditDelay),
    /// Event `wxa_nickname_audit`.
    WxaNicknameAudit(WxaNicknameAudit),
    /// Event `wxa_category_audit`.
    WxaCategoryAudit(WxaCategoryAudit),
    /// Event `wxa_privacy_apply`.
    WxaPrivacyApply(WxaPrivacyApply),
    /// Event `wxa_appeal_record`.
    WxaAppealRecord(WxaAppealRecord),
    /// A push with an `InfoType` (no `MsgType`): an authorization-URL event.
    ComponentEvent(ComponentEventMessage),
    /// Anything else, every element kept.
    Other(OtherMessage),
}

/// Body of [`MessageKind::ComponentEvent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentEventMessage {
    /// The event, parsed as on the authorization-event URL (its `component_appid` is the
    /// verified platform).
    pub component_event: Event,
}

/// Body of [`MessageKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherMessage {
    /// Every element of the push, header included, by name, nesting kept.
    pub fields: XmlFields,
}

impl Message {
    /// Parses the decrypted XML of a message-URL push whose receive id was verified as
    /// `component_appid`, received on the path of `authorizer_appid`.
    ///
    /// Errors: `authorizer_appid` empty or not made of ASCII letters, digits, `_` and `-`
    /// ([`Error::InvalidArgument`]); XML refused as in [`Event::from_xml`]
    /// ([`WebhookErrorKind::ForbiddenXml`], [`WebhookErrorKind::MalformedEvent`]); a
    /// `CreateTime` that is not an integer; for a `component_event`, whatever
    /// [`Event::from_verified_xml`] refuses.
    pub fn from_verified_xml(
        xml: &[u8],
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Result<Self> {
        check_authorizer_appid(authorizer_appid)?;
        let doc = XmlDoc::parse(xml).map_err(xml_error)?;
        Self::from_doc(&doc, component_appid, authorizer_appid)
    }

    fn from_doc(doc: &XmlDoc<'_>, component_appid: &str, authorizer_appid: &str) -> Result<Self> {
        let text = |name| doc.text_in(None, name);
        let trimmed = |name| doc.get(name).map(|t| t.trim().to_owned());
        let create_time = match doc.get("CreateTime") {
            None => None,
            Some(t) => Some(t.trim().parse::<i64>().map_err(|_| {
                Error::webhook(
                    WebhookErrorKind::MalformedEvent,
                    "CreateTime is not an integer",
                )
            })?),
        };
        let raw_msg_id = doc.get("MsgId").map(str::trim);
        let msg_id = raw_msg_id.and_then(|id| id.parse::<u64>().ok());
        let header = MessageHeader {
            authorizer_appid: authorizer_appid.to_owned(),
            component_appid: component_appid.to_owned(),
            to_user_name: text("ToUserName"),
            from_user_name: text("FromUserName"),
            create_time,
            msg_type: trimmed("MsgType"),
            event: trimmed("Event"),
            msg_id,
            msg_data_id: text("MsgDataId"),
            idx: text("Idx"),
        };
        let other = || {
            MessageKind::Other(OtherMessage {
                fields: doc.tree(None),
            })
        };
        let kind = match (&header.msg_type, doc.get("InfoType")) {
            (None, Some(_)) => MessageKind::ComponentEvent(ComponentEventMessage {
                component_event: Event::from_doc(doc, Some(component_appid))?,
            }),
            // A MsgId that is not a u64 keeps the push untyped: its text stays in `fields`.
            _ if raw_msg_id.is_some() && msg_id.is_none() => other(),
            (msg_type, _) => {
                let msg_type = msg_type.as_deref().unwrap_or_default();
                let event = header.event.as_deref().unwrap_or_default();
                match kinds::parse(msg_type, event, doc) {
                    Some(Ok(kind)) => kind,
                    Some(Err(_)) | None => other(),
                }
            }
        };
        Ok(Self { header, kind })
    }

    /// The serialized `type` of the kind (`text`, …, `other`).
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }

    /// The key WeChat's retries of this push share (spec §13.2), prefixed with the authorizer
    /// appid because a platform serves many accounts:
    /// - a user message (it has `MsgId`): `{appid}:msg:{MsgId}`;
    /// - an event: `{appid}:event:{FromUserName}:{CreateTime}:{Event}` — for a
    ///   `component_event` the `InfoType` stands in for `Event`, for an `other` push without
    ///   `Event` the `MsgType`; an absent piece is empty.
    ///
    /// Each piece has `%` and `:` percent-encoded, so the key is unambiguous. Stable across
    /// versions and languages (the bindings read it from here).
    pub fn dedup_key(&self) -> String {
        let h = &self.header;
        let mut key = String::with_capacity(64);
        push_piece(&mut key, &h.authorizer_appid);
        let raw_msg_id = match &self.kind {
            MessageKind::Other(o) => o.fields.text("MsgId").map(str::trim),
            _ => None,
        };
        if let Some(id) = h.msg_id {
            let _ = write!(key, ":msg:{id}");
            return key;
        }
        if let Some(id) = raw_msg_id {
            key.push_str(":msg:");
            push_piece(&mut key, id);
            return key;
        }
        key.push_str(":event:");
        push_piece(&mut key, h.from_user_name.as_deref().unwrap_or_default());
        key.push(':');
        if let Some(t) = h.create_time {
            let _ = write!(key, "{t}");
        }
        key.push(':');
        let event = match &self.kind {
            MessageKind::ComponentEvent(c) => Some(c.component_event.header().info_type.as_str()),
            _ => h.event.as_deref().or(h.msg_type.as_deref()),
        };
        push_piece(&mut key, event.unwrap_or_default());
        key
    }

    /// The plaintext XML of a passive text reply to this message (spec §13.2): sent to its
    /// sender by the account it was sent to, `create_time` the host's clock (unix seconds).
    /// Encrypt it with [`crate::Webhook::encrypt_reply`], or use
    /// [`crate::Webhook::reply_text`] for both steps. See [`text_reply_xml`] for the errors.
    pub fn text_reply(&self, content: &str, create_time: i64) -> Result<String> {
        let user = self.header.from_user_name.as_deref().ok_or_else(|| {
            Error::invalid(
                "message",
                "has no FromUserName: there is nobody to reply to",
            )
        })?;
        let account = self.header.to_user_name.as_deref().ok_or_else(|| {
            Error::invalid(
                "message",
                "has no ToUserName: there is no account to reply as",
            )
        })?;
        text_reply_xml(account, user, content, create_time)
    }

    /// The top-level fields of this kind whose values are codes of a status table (as
    /// [`Event::status_fields`]).
    pub fn status_fields(&self) -> &'static [(&'static str, StatusKind)] {
        match self.kind {
            MessageKind::WxaNicknameAudit(_) | MessageKind::WxaCategoryAudit(_) => {
                &[("ret", StatusKind::Review)]
            }
            MessageKind::WxaAppealRecord(_) => &[("appeal_status", StatusKind::Appeal)],
            _ => &[],
        }
    }
}

impl MessageKind {
    /// The serialized `type`: `text`, `image`, `voice`, `video`, `short_video`, `location`,
    /// `link`, `mini_program_page`, `subscribe`, `unsubscribe`, `scan`, `location_event`,
    /// `click`, `view`, `user_enter_tempsession`, `weapp_audit_success`, `weapp_audit_fail`,
    /// `weapp_audit_delay`, `wxa_nickname_audit`, `wxa_category_audit`, `wxa_privacy_apply`,
    /// `wxa_appeal_record`, `component_event` or `other`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Image(_) => "image",
            Self::Voice(_) => "voice",
            Self::Video(_) => "video",
            Self::ShortVideo(_) => "short_video",
            Self::Location(_) => "location",
            Self::Link(_) => "link",
            Self::MiniProgramPage(_) => "mini_program_page",
            Self::Subscribe(_) => "subscribe",
            Self::Unsubscribe(_) => "unsubscribe",
            Self::Scan(_) => "scan",
            Self::LocationEvent(_) => "location_event",
            Self::Click(_) => "click",
            Self::View(_) => "view",
            Self::UserEnterTempsession(_) => "user_enter_tempsession",
            Self::WeappAuditSuccess(_) => "weapp_audit_success",
            Self::WeappAuditFail(_) => "weapp_audit_fail",
            Self::WeappAuditDelay(_) => "weapp_audit_delay",
            Self::WxaNicknameAudit(_) => "wxa_nickname_audit",
            Self::WxaCategoryAudit(_) => "wxa_category_audit",
            Self::WxaPrivacyApply(_) => "wxa_privacy_apply",
            Self::WxaAppealRecord(_) => "wxa_appeal_record",
            Self::ComponentEvent(_) => "component_event",
            Self::Other(_) => "other",
        }
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            #[serde(rename = "type")]
            kind_name: &'static str,
            #[serde(flatten)]
            header: &'a MessageHeader,
            dedup_key: String,
            #[serde(flatten)]
            kind: &'a MessageKind,
        }
        Flat {
            kind_name: self.kind.name(),
            header: &self.header,
            dedup_key: self.dedup_key(),
            kind: &self.kind,
        }
        .serialize(s)
    }
}

/// The plaintext XML of a passive text reply (spec §13.2) to a message that `user` sent to
/// `account`: `<xml><ToUserName>user</ToUserName><FromUserName>account</FromUserName>
/// <CreateTime>…</CreateTime><MsgType>text</MsgType><Content>…</Content></xml>` — `account` is
/// the message's `ToUserName` (`gh_…`), `user` its `FromUserName`.
///
/// Text goes in CDATA (a `]]>` inside is split across two sections, so any text is carried
/// exactly). Errors ([`Error::InvalidArgument`]): an empty `account` or `user`, an empty
/// `content` (answer [`crate::webhook::SUCCESS`] to send nothing), or text with a character
/// XML 1.0 cannot carry (a C0 control other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF).
pub fn text_reply_xml(
    account: &str,
    user: &str,
    content: &str,
    create_time: i64,
) -> Result<String> {
    for (field, value) in [("to_user_name", account), ("from_user_name", user)] {
        if value.trim().is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
        check_xml_text(field, value)?;
    }
    if content.is_empty() {
        return Err(Error::invalid(
            "content",
            "must not be empty (answer `success` to reply nothing)",
        ));
    }
    check_xml_text("content", content)?;
    let mut xml = String::with_capacity(160 + content.len());
    xml.push_str("<xml><ToUserName>");
    push_cdata(&mut xml, user);
    xml.push_str("</ToUserName><FromUserName>");
    push_cdata(&mut xml, account);
    let _ = write!(xml, "</FromUserName><CreateTime>{create_time}</CreateTime>");
    xml.push_str("<MsgType><![CDATA[text]]></MsgType><Content>");
    push_cdata(&mut xml, content);
    xml.push_str("</Content></xml>");
    Ok(xml)
}

/// Refuses an authorizer appid that could not come from WeChat's `$APPID$` substitution.
pub(crate) fn check_authorizer_appid(appid: &str) -> Result<()> {
    if appid.is_empty() {
        return Err(Error::invalid(
            "authorizer_appid",
            "is required (the appid of the request path)",
        ));
    }
    let ok = appid.len() <= 64
        && appid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !ok {
        return Err(Error::invalid(
            "authorizer_appid",
            "must be at most 64 ASCII letters, digits, `_` or `-`",
        ));
    }
    Ok(())
}

/// Refuses what XML 1.0 cannot carry: C0 controls other than tab and line breaks, U+FFFE and
/// U+FFFF (WeChat's parser would refuse the reply).
fn check_xml_text(field: &'static str, text: &str) -> Result<()> {
    let illegal = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(illegal) {
        return Err(Error::invalid(
            field,
            "must not contain characters XML cannot carry (control characters other than tab and line breaks)",
        ));
    }
    Ok(())
}

/// Appends `text` as CDATA, splitting it where it contains `]]>`.
fn push_cdata(out: &mut String, text: &str) {
    out.push_str("<![CDATA[");
    out.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

/// Appends a dedup-key piece with `%` and `:` percent-encoded.
fn push_piece(out: &mut String, piece: &str) {
    for c in piece.chars() {
        match c {
            '%' => out.push_str("%25"),
            ':' => out.push_str("%3A"),
            c => out.push(c),
        }
    }
}

fn decimal_string<S: Serializer>(
    value: &Option<u64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests;
