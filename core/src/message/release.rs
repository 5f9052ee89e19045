//! The full-network-release (全网发布) automatic check (spec §13.5): before a platform goes
//! live, WeChat authorizes dedicated test accounts to it and sends them scripted messages that
//! the platform must answer. [`release_action`] says what to do with a message; the host
//! answers and, for the `QUERY_AUTH_CODE` case, runs the follow-up calls
//! ([`crate::Webhook::release_check`] builds the answer body and the follow-up in one call).
//!
//! The cases (safe mode):
//! - text `TESTCOMPONENT_MSG_TYPE_TEXT` → a passive (encrypted) text reply
//!   `TESTCOMPONENT_MSG_TYPE_TEXT_callback`;
//! - text `QUERY_AUTH_CODE:<code>` → answer an **empty** body at once, then exchange `<code>`
//!   with `api_query_auth` and send `<code>_from_api` to the sender with
//!   `POST /cgi-bin/message/custom/send` and the test account's authorizer token;
//! - any event (older revisions of the check) → a passive text reply `<Event>from_callback`.
//!
//! Only messages to the test accounts of [`RELEASE_TEST_ACCOUNTS`] (by the path's appid or the
//! `ToUserName`) are answered, unless the caller asks for any account (should WeChat add
//! accounts): a real user who types `QUERY_AUTH_CODE:…` must not make the platform call
//! `api_query_auth`.

use serde::Serialize;

use super::{Message, MessageKind};
use crate::secret::Secret;

/// The test accounts of the check, five groups of (official account, mini program), each as
/// (appid, original id) (spec §13.5).
pub const RELEASE_TEST_ACCOUNTS: &[(&str, &str)] = &[
    ("wx570bc396a51b8ff8", "gh_3c884a361561"),
    ("wxd101a85aa106f53e", "gh_8dad206e9538"),
    ("wx9252c5e0bb1836fc", "gh_c0f28a78b318"),
    ("wxc39235c15087f6f3", "gh_905ae9d01059"),
    ("wx8e1097c5bc82cde9", "gh_3f222ed8d140"),
    ("wx7720d01d4b2a4500", "gh_393666f1fdf4"),
    ("wx14550af28c71a144", "gh_26128078e9ab"),
    ("wx05d483572dcd5d8b", "gh_39abb5d4e1b7"),
    ("wxa35b9c23cfe664eb", "gh_2b3713f184a6"),
    ("wx5910277cae6fd970", "gh_7818dcb60240"),
];

/// The text the check sends for the passive-reply case.
pub const TEST_TEXT: &str = "TESTCOMPONENT_MSG_TYPE_TEXT";
/// What the platform must answer to [`TEST_TEXT`].
pub const TEST_TEXT_REPLY: &str = "TESTCOMPONENT_MSG_TYPE_TEXT_callback";
/// The prefix of the API case's text; the authorization code follows it.
pub const QUERY_AUTH_CODE_PREFIX: &str = "QUERY_AUTH_CODE:";
/// Appended to the code in the API case's answer.
pub const FROM_API_SUFFIX: &str = "_from_api";
/// Appended to the event name in the event case's answer.
pub const FROM_CALLBACK_SUFFIX: &str = "from_callback";

/// What to do with a message of the check. Serialized with an `action` tag: `reply_text` or
/// `query_auth_code`. `Debug` masks the code (a [`Secret`]), also inside `content`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReleaseAction {
    /// Answer with a passive (encrypted) text reply of `content`.
    ReplyText {
        /// The reply's text.
        content: String,
    },
    /// Answer an empty body now; then exchange `authorization_code` (`api_query_auth`) and
    /// send the text `content` to `touser` (`message.custom_send` with the authorizer token
    /// the exchange returns).
    QueryAuthCode {
        /// The code to exchange.
        authorization_code: Secret,
        /// Who to send `content` to: the message's sender.
        touser: String,
        /// `<code>_from_api`.
        content: String,
    },
}

impl std::fmt::Debug for ReleaseAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ReplyText { content } => f
                .debug_struct("ReplyText")
                .field("content", content)
                .finish(),
            Self::QueryAuthCode {
                authorization_code,
                touser,
                content,
            } => f
                .debug_struct("QueryAuthCode")
                .field("authorization_code", authorization_code)
                .field("touser", touser)
                .field("content", &masked_content(content))
                .finish(),
        }
    }
}

/// `<code>_from_api` as display forms show it: `***_from_api`.
pub fn masked_content(content: &str) -> String {
    match content.strip_suffix(FROM_API_SUFFIX) {
        Some(_) => format!("***{FROM_API_SUFFIX}"),
        None => "***".to_owned(),
    }
}

/// The parts of a message the check reads: what a binding passes when its message object
/// lives in the host language.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReleaseInput<'a> {
    /// The appid of the request path.
    pub authorizer_appid: &'a str,
    /// `ToUserName`.
    pub to_user_name: Option<&'a str>,
    /// `FromUserName`.
    pub from_user_name: Option<&'a str>,
    /// `MsgType`.
    pub msg_type: Option<&'a str>,
    /// `Event`.
    pub event: Option<&'a str>,
    /// `Content` of a text message.
    pub content: Option<&'a str>,
}

impl<'a> ReleaseInput<'a> {
    /// The parts of `message`.
    pub fn of(message: &'a Message) -> Self {
        let h = &message.header;
        Self {
            authorizer_appid: &h.authorizer_appid,
            to_user_name: h.to_user_name.as_deref(),
            from_user_name: h.from_user_name.as_deref(),
            msg_type: h.msg_type.as_deref(),
            event: h.event.as_deref(),
            content: match &message.kind {
                MessageKind::Text(t) => t.content.as_deref(),
                _ => None,
            },
        }
    }
}

/// Whether the message is for one of [`RELEASE_TEST_ACCOUNTS`] (by appid or original id).
pub fn is_test_account(authorizer_appid: &str, to_user_name: Option<&str>) -> bool {
    RELEASE_TEST_ACCOUNTS.iter().any(|(appid, username)| {
        *appid == authorizer_appid || to_user_name.is_some_and(|u| u.trim() == *username)
    })
}

/// What the check expects for `message`; `None` when it is not one of the check's messages
/// (or not for a test account, unless `any_account`).
pub fn release_action(message: &Message, any_account: bool) -> Option<ReleaseAction> {
    release_action_for(&ReleaseInput::of(message), any_account)
}

/// [`release_action`] on the parts of a message.
pub fn release_action_for(input: &ReleaseInput<'_>, any_account: bool) -> Option<ReleaseAction> {
    if !any_account && !is_test_account(input.authorizer_appid, input.to_user_name) {
        return None;
    }
    let msg_type = input.msg_type.unwrap_or_default();
    if msg_type.eq_ignore_ascii_case("event") {
        let event = input.event.filter(|e| !e.is_empty())?;
        return Some(ReleaseAction::ReplyText {
            content: format!("{event}{FROM_CALLBACK_SUFFIX}"),
        });
    }
    if !msg_type.eq_ignore_ascii_case("text") {
        return None;
    }
    let content = input.content?;
    if content == TEST_TEXT {
        return Some(ReleaseAction::ReplyText {
            content: TEST_TEXT_REPLY.to_owned(),
        });
    }
    let code = content.strip_prefix(QUERY_AUTH_CODE_PREFIX)?.trim();
    let touser = input.from_user_name.filter(|u| !u.trim().is_empty())?;
    if code.is_empty() {
        return None;
    }
    Some(ReleaseAction::QueryAuthCode {
        authorization_code: Secret::new(code),
        touser: touser.to_owned(),
        content: format!("{code}{FROM_API_SUFFIX}"),
    })
}
