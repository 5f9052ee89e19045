//! Open-platform accounts (开放平台账号), spec §2: create an open account for an authorized
//! account, bind/unbind accounts to it, and ask which one an account belongs to.
//!
//! All five take the authorizer access token of the account concerned (permission sets 24/25).
//! The body's `appid` is optional: omitted, it means the token's own account; given, it must be
//! that same account (WeChat answers 40013 otherwise, so it is checked before sending).

use serde::{Deserialize, Serialize};

use super::{ApiBase, Operation, require, same_account};
use crate::error::Result;
use crate::http::Request;
use crate::token::AuthorizerAccessToken;
use crate::wire::{Ack, Extra, de_lenient_bool, json_body};

/// `POST /cgi-bin/open/create`: create an open account and bind the token's account to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Create {
    /// The account to bind (defaults to the token's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
}

/// `POST /cgi-bin/open/bind`: bind the token's account to an existing open account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bind {
    /// The account to bind (defaults to the token's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// The open account's appid (required).
    #[serde(default)]
    pub open_appid: String,
}

/// `POST /cgi-bin/open/unbind`: unbind the token's account from an open account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unbind {
    /// The account to unbind (defaults to the token's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// The open account's appid (required).
    #[serde(default)]
    pub open_appid: String,
}

/// `POST /cgi-bin/open/get`: the open account the token's account is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Get {
    /// The account to ask about (defaults to the token's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
}

/// `POST /cgi-bin/open/have`: whether the token's account already has an open account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Have {
    /// The account to ask about (defaults to the token's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
}

/// The payload of `open.create` and `open.get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenAccount {
    /// The open account's appid (required).
    pub open_appid: String,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payload of `open.have`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HaveOpen {
    /// Whether the account already has an open account (required).
    #[serde(deserialize_with = "de_lenient_bool")]
    pub have_open: bool,
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

impl Operation for Create {
    const NAME: &'static str = "open.create";
    type Token = AuthorizerAccessToken;
    type Output = OpenAccount;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        post(Self::NAME, "/cgi-bin/open/create", token, base, self)
    }
}

impl Operation for Bind {
    const NAME: &'static str = "open.bind";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        require("open_appid", &self.open_appid)?;
        post(Self::NAME, "/cgi-bin/open/bind", token, base, self)
    }
}

impl Operation for Unbind {
    const NAME: &'static str = "open.unbind";
    type Token = AuthorizerAccessToken;
    type Output = Ack;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        require("open_appid", &self.open_appid)?;
        post(Self::NAME, "/cgi-bin/open/unbind", token, base, self)
    }
}

impl Operation for Get {
    const NAME: &'static str = "open.get";
    type Token = AuthorizerAccessToken;
    type Output = OpenAccount;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        post(Self::NAME, "/cgi-bin/open/get", token, base, self)
    }
}

impl Operation for Have {
    const NAME: &'static str = "open.have";
    type Token = AuthorizerAccessToken;
    type Output = HaveOpen;

    fn build(&self, token: &AuthorizerAccessToken, base: &ApiBase) -> Result<Request> {
        same_account("appid", self.appid.as_deref(), token.appid())?;
        post(Self::NAME, "/cgi-bin/open/have", token, base, self)
    }
}
