//! Messages an authorized account sends (spec §13.5): the customer-service message API, which
//! the full-network-release check uses to answer its `QUERY_AUTH_CODE` case.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::validate::{id, text};
use super::{ApiBase, Operation};
use crate::error::{Error, Result};
use crate::http::Request;
use crate::token::AuthorizerAccessToken;
use crate::wire::{Ack, json_body};

/// An object of a customer-service message, sent as given (`{"media_id": "…"}`, …).
pub type MessageObject = Map<String, Value>;

/// `POST /cgi-bin/message/custom/send` (spec §13.5, authorizer token of the account): send a
/// customer-service message to a user who wrote to the account recently.
///
/// The input is WeChat's body: `touser`, `msgtype`, and the message under the key `msgtype`
/// names (`{"msgtype": "text", "text": {"content": "…"}}`, `image` {`media_id`}, …), plus
/// `customservice` {`kf_account`} to send as a given agent. Exactly the object `msgtype` names
/// is sent; a text needs a non-blank `content`; the other objects are sent as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomSend {
    /// The user's openid (required).
    #[serde(default)]
    pub touser: String,
    /// The message type (required): `text`, `image`, `voice`, `video`, `music`, `news`,
    /// `mpnews`, `mpnewsarticle`, `msgmenu`, `wxcard`, `miniprogrampage` or `link`; the field of
    /// that name carries the message.
    #[serde(default)]
    pub msgtype: String,
    /// `msgtype` `text`: the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextContent>,
    /// `msgtype` `image`: `{media_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<MessageObject>,
    /// `msgtype` `voice`: `{media_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<MessageObject>,
    /// `msgtype` `video`: `{media_id, thumb_media_id, title, description}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<MessageObject>,
    /// `msgtype` `music`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub music: Option<MessageObject>,
    /// `msgtype` `news`: `{articles: [...]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub news: Option<MessageObject>,
    /// `msgtype` `mpnews`: `{media_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpnews: Option<MessageObject>,
    /// `msgtype` `mpnewsarticle`: `{article_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpnewsarticle: Option<MessageObject>,
    /// `msgtype` `msgmenu`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msgmenu: Option<MessageObject>,
    /// `msgtype` `wxcard`: `{card_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wxcard: Option<MessageObject>,
    /// `msgtype` `miniprogrampage`: `{title, appid, pagepath, thumb_media_id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub miniprogrampage: Option<MessageObject>,
    /// `msgtype` `link` (mini-program customer service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<MessageObject>,
    /// Send as a given agent: `{kf_account}` (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customservice: Option<MessageObject>,
}

/// The `text` of a text message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextContent {
    /// The text (required, non-blank).
    #[serde(default)]
    pub content: String,
}

impl CustomSend {
    /// A text message to `touser`.
    pub fn text(touser: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            touser: touser.into(),
            msgtype: "text".to_owned(),
            text: Some(TextContent {
                content: content.into(),
            }),
            ..Self::default()
        }
    }

    /// The message objects by name, `text` as present or not (its content is checked apart).
    fn objects(&self) -> [(&'static str, bool); 12] {
        [
            ("text", self.text.is_some()),
            ("image", self.image.is_some()),
            ("voice", self.voice.is_some()),
            ("video", self.video.is_some()),
            ("music", self.music.is_some()),
            ("news", self.news.is_some()),
            ("mpnews", self.mpnews.is_some()),
            ("mpnewsarticle", self.mpnewsarticle.is_some()),
            ("msgmenu", self.msgmenu.is_some()),
            ("wxcard", self.wxcard.is_some()),
            ("miniprogrampage", self.miniprogrampage.is_some()),
            ("link", self.link.is_some()),
        ]
    }

    fn validate(&self) -> Result<()> {
        id("touser", &self.touser)?;
        id("msgtype", &self.msgtype)?;
        let objects = self.objects();
        let Some(&(named, present)) = objects.iter().find(|(name, _)| *name == self.msgtype) else {
            return Err(Error::invalid(
                "msgtype",
                "must be text, image, voice, video, music, news, mpnews, mpnewsarticle, msgmenu, \
                 wxcard, miniprogrampage or link",
            ));
        };
        if !present {
            return Err(Error::invalid(
                named,
                "is required: the message object msgtype names",
            ));
        }
        if let Some(&(other, _)) = objects
            .iter()
            .find(|(name, present)| *present && *name != named)
        {
            return Err(Error::invalid(
                other,
                "must be left out: only the object msgtype names is sent",
            ));
        }
        if let Some(t) = &self.text {
            text("text.content", &t.content)?;
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
