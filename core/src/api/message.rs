//! Messages an authorized account sends (spec §13.5): the customer-service message API, which
//! the full-network-release check uses to answer its `QUERY_AUTH_CODE` case.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::validate::id;
use super::{ApiBase, Operation};
use crate::error::{Error, Result, excerpt};
use crate::http::Request;
use crate::token::AuthorizerAccessToken;
use crate::wire::{Ack, json_body};

/// `POST /cgi-bin/message/custom/send` (spec §13.5, authorizer token of the account): send a
/// customer-service message to a user who wrote to the account recently.
///
/// The input is WeChat's body: `touser`, `msgtype`, and the message under the key named by
/// `msgtype` (`{"msgtype": "text", "text": {"content": "…"}}`; `image` {`media_id`}, …), plus
/// `customservice` {`kf_account`} to send as a given agent. A text must have a non-blank
/// `content`; any other type's object is sent as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomSend {
    /// The user's openid (required).
    #[serde(default)]
    pub touser: String,
    /// The message type: `text`, `image`, `voice`, `video`, `music`, `news`, `mpnews`,
    /// `msgmenu`, `wxcard`, `miniprogrampage`, `link` … (required).
    #[serde(default)]
    pub msgtype: String,
    /// The message object under the key `msgtype` names, and optionally `customservice`.
    #[serde(flatten)]
    pub body: Map<String, Value>,
}

impl CustomSend {
    /// A text message to `touser`.
    pub fn text(touser: impl Into<String>, content: impl Into<String>) -> Self {
        let mut body = Map::new();
        let mut text = Map::new();
        text.insert("content".to_owned(), Value::String(content.into()));
        body.insert("text".to_owned(), Value::Object(text));
        Self {
            touser: touser.into(),
            msgtype: "text".to_owned(),
            body,
        }
    }

    fn validate(&self) -> Result<()> {
        id("touser", &self.touser)?;
        id("msgtype", &self.msgtype)?;
        for (key, value) in &self.body {
            if key != &self.msgtype && key != "customservice" {
                return Err(Error::invalid(
                    excerpt(key, 64).into_owned(),
                    format!(
                        "is not a field of {}; expected `touser`, `msgtype`, `{}` or `customservice`",
                        Self::NAME,
                        excerpt(&self.msgtype, 32)
                    ),
                ));
            }
            if !value.is_object() {
                return Err(Error::invalid(
                    excerpt(key, 64).into_owned(),
                    "must be an object",
                ));
            }
        }
        let Some(message) = self.body.get(&self.msgtype) else {
            return Err(Error::invalid(
                excerpt(&self.msgtype, 64).into_owned(),
                "is required: the message object named by msgtype",
            ));
        };
        if self.msgtype == "text" {
            let content = message.get("content").and_then(Value::as_str);
            if content.is_none_or(|c| c.trim().is_empty()) {
                return Err(Error::invalid(
                    "text.content",
                    "is required (non-blank text)",
                ));
            }
        }
        Ok(())
    }
}

impl Operation for CustomSend {
    const NAME: &'static str = "message.custom_send";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        self.validate()?;
        let url = base.url(
            "/cgi-bin/message/custom/send",
            Some(("access_token", token.expose())),
            &[],
        );
        Ok(Request::post_json(url, json_body(Self::NAME, self)?))
    }
}
