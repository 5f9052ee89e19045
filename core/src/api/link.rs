//! Official account ↔ mini program linking (spec §4). All three take the authorizer access
//! token of the **official account** (permission set 33) as `access_token=…`.
//!
//! Flow: `link.link` sends the invitation; the OA admin, then the mini-program admin, agree;
//! poll `link.get` (status: [`crate::status::LinkStatus`], 12 → 2 → 1, or 3 when rejected).

use serde::{Deserialize, Serialize};

use super::fields::{de_opt_flag, flag_number};
use super::validate::{id, present};
use super::{ApiBase, Operation};
use crate::error::Result;
use crate::http::Request;
use crate::status::LinkStatus;
use crate::token::AuthorizerAccessToken;
use crate::wire::{Ack, Extra, de_lenient_i64, de_lenient_opt_i64, json_body};

/// `POST /cgi-bin/wxopen/wxamplinkget` (spec §4.1): the mini programs linked to (or invited
/// by) the official account. Sends `{}` (a bodiless POST may get 44002).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Get {}

/// `POST /cgi-bin/wxopen/wxamplink` (spec §4.2): invite a mini program to link to the
/// official account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The mini program's appid (required).
    #[serde(default)]
    pub appid: String,
    /// Send a template message to the OA's followers (required; bool or 0/1, sent as 1/0).
    #[serde(default, deserialize_with = "de_opt_flag")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Flag>"))]
    pub notify_users: Option<bool>,
    /// Show the mini program on the OA's profile (required; bool or 0/1, sent as 1/0).
    #[serde(default, deserialize_with = "de_opt_flag")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Flag>"))]
    pub show_profile: Option<bool>,
}

/// `POST /cgi-bin/wxopen/wxampunlink` (spec §4.3): unlink a mini program.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unlink {
    /// The mini program's appid (required).
    #[serde(default)]
    pub appid: String,
}

/// The payload of `link.get` (spec §4.1), wire shape kept: `wxopens.items[]`. Absent
/// wrappers are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkedMiniPrograms {
    /// The list wrapper.
    #[serde(default)]
    pub wxopens: Option<WxOpens>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `wxopens` of `link.get`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WxOpens {
    /// One entry per linked or invited mini program.
    #[serde(default)]
    pub items: Option<Vec<LinkedMiniProgram>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One mini program of `link.get` (spec §4.1). Every field is `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkedMiniProgram {
    /// Link state: 1 linked, 2 waiting for the mini-program admin, 3 rejected, 12 waiting for
    /// the OA admin; unknown codes are kept. Serialized as the wire integer.
    #[serde(default)]
    pub status: Option<LinkStatus>,
    /// The mini program's appid.
    #[serde(default)]
    pub appid: Option<String>,
    /// Its original id (`gh_…`).
    #[serde(default)]
    pub username: Option<String>,
    /// Its nickname.
    #[serde(default)]
    pub nickname: Option<String>,
    /// Its avatar URL.
    #[serde(default)]
    pub headimg_url: Option<String>,
    /// How it was linked, e.g. `SOURCE_NORMAL`.
    #[serde(default)]
    pub source: Option<String>,
    /// Shown on the OA profile (1/0).
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub selected: Option<i64>,
    /// Shown in "nearby" (1/0).
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub nearby_display_status: Option<i64>,
    /// Published (1/0).
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub released: Option<i64>,
    /// Capabilities (id 1 微信认证, id 2 微信支付).
    #[serde(default)]
    pub func_infos: Option<Vec<LinkFuncInfo>>,
    /// Only on some items.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub copy_verify_status: Option<i64>,
    /// Only on some items.
    #[serde(default)]
    pub email: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One capability of a linked mini program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkFuncInfo {
    /// 1 微信认证, 2 微信支付 (required).
    #[serde(deserialize_with = "de_lenient_i64")]
    pub id: i64,
    /// 0 off, 1 on.
    #[serde(default, deserialize_with = "de_lenient_opt_i64")]
    pub status: Option<i64>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

fn post(
    op: &'static str,
    path: &str,
    token: &AuthorizerAccessToken,
    base: &ApiBase,
    body: &impl Serialize,
) -> Result<Request> {
    let url = base.url(path, Some(("access_token", token.expose())), &[]);
    Ok(Request::post_json(url, json_body(op, body)?))
}

impl Operation for Get {
    const NAME: &'static str = "link.get";
    type Token = AuthorizerAccessToken;
    type Output = LinkedMiniPrograms;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        post(
            Self::NAME,
            "/cgi-bin/wxopen/wxamplinkget",
            token,
            base,
            self,
        )
    }
}

#[derive(Serialize)]
struct LinkBody<'a> {
    appid: &'a str,
    notify_users: u8,
    show_profile: u8,
}

impl Operation for Link {
    const NAME: &'static str = "link.link";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        id("appid", &self.appid)?;
        let notify_users = present("notify_users", self.notify_users)?;
        let show_profile = present("show_profile", self.show_profile)?;
        let body = LinkBody {
            appid: &self.appid,
            notify_users: flag_number(notify_users),
            show_profile: flag_number(show_profile),
        };
        post(Self::NAME, "/cgi-bin/wxopen/wxamplink", token, base, &body)
    }
}

impl Operation for Unlink {
    const NAME: &'static str = "link.unlink";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        id("appid", &self.appid)?;
        post(Self::NAME, "/cgi-bin/wxopen/wxampunlink", token, base, self)
    }
}
