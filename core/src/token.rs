//! Credentials an operation is called with, and the kind each operation takes.
//!
//! In Rust an operation's [`crate::api::Operation::Token`] type makes the wrong kind a compile
//! error. The bindings pass an [`AnyToken`], which the core checks against the operation
//! ([`crate::Error::WrongToken`]).

use std::fmt;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Which credential an operation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// No token (e.g. `api_component_token` itself, or a page URL).
    None,
    /// The platform's own `component_access_token`.
    Component,
    /// An `authorizer_access_token` of one authorized account.
    Authorizer,
}

impl TokenKind {
    /// Plain words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::None => "no token",
            Self::Component => "a component access token",
            Self::Authorizer => "an authorizer access token",
        }
    }

    /// Stable snake_case name (`none`, `component`, `authorizer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Component => "component",
            Self::Authorizer => "authorizer",
        }
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Marker for operations that take no token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoToken;

/// The platform's `component_access_token` (CAT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentAccessToken(Secret);

impl ComponentAccessToken {
    /// Wraps a token value. An empty value is rejected.
    pub fn new(value: impl Into<String>) -> Result<Self> {
        let value = value.into();
        if value.is_empty() {
            return Err(Error::invalid(
                "component_access_token",
                "must not be empty",
            ));
        }
        Ok(Self(Secret::new(value)))
    }

    /// The token value, for the query string.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// An `authorizer_access_token` (AAT) together with the appid of the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerAccessToken {
    appid: String,
    token: Secret,
}

impl AuthorizerAccessToken {
    /// Wraps a token of the account `authorizer_appid`. Empty values are rejected.
    pub fn new(authorizer_appid: impl Into<String>, value: impl Into<String>) -> Result<Self> {
        let appid = authorizer_appid.into();
        let value = value.into();
        if appid.is_empty() {
            return Err(Error::invalid("authorizer_appid", "must not be empty"));
        }
        if value.is_empty() {
            return Err(Error::invalid(
                "authorizer_access_token",
                "must not be empty",
            ));
        }
        Ok(Self {
            appid,
            token: Secret::new(value),
        })
    }

    /// The appid of the account the token belongs to.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// The token value, for the query string.
    pub fn expose(&self) -> &str {
        self.token.expose()
    }
}

/// A credential of any kind, as the bindings pass it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyToken {
    /// No token.
    None,
    /// A component access token.
    Component(ComponentAccessToken),
    /// An authorizer access token.
    Authorizer(AuthorizerAccessToken),
}

impl AnyToken {
    /// Its kind.
    pub fn kind(&self) -> TokenKind {
        match self {
            Self::None => TokenKind::None,
            Self::Component(_) => TokenKind::Component,
            Self::Authorizer(_) => TokenKind::Authorizer,
        }
    }
}

/// A credential type usable as [`crate::api::Operation::Token`].
pub trait Token: Sized {
    /// The kind this type stands for.
    const KIND: TokenKind;

    /// Takes the matching variant out of an [`AnyToken`], or `None` if it is another kind.
    fn from_any(any: &AnyToken) -> Option<&Self>;
}

impl Token for NoToken {
    const KIND: TokenKind = TokenKind::None;

    fn from_any(any: &AnyToken) -> Option<&Self> {
        match any {
            AnyToken::None => Some(&NoToken),
            _ => None,
        }
    }
}

impl Token for ComponentAccessToken {
    const KIND: TokenKind = TokenKind::Component;

    fn from_any(any: &AnyToken) -> Option<&Self> {
        match any {
            AnyToken::Component(t) => Some(t),
            _ => None,
        }
    }
}

impl Token for AuthorizerAccessToken {
    const KIND: TokenKind = TokenKind::Authorizer;

    fn from_any(any: &AnyToken) -> Option<&Self> {
        match any {
            AnyToken::Authorizer(t) => Some(t),
            _ => None,
        }
    }
}

impl AnyToken {
    /// Builds a token from the parts the bindings pass: `kind` is `none`, `component` or
    /// `authorizer`; `appid` is required for `authorizer`.
    pub fn from_parts(kind: &str, appid: Option<&str>, value: Option<&str>) -> Result<Self> {
        match kind {
            "none" => Ok(Self::None),
            "component" => {
                ComponentAccessToken::new(value.unwrap_or_default()).map(Self::Component)
            }
            "authorizer" => {
                AuthorizerAccessToken::new(appid.unwrap_or_default(), value.unwrap_or_default())
                    .map(Self::Authorizer)
            }
            _ => Err(Error::invalid(
                "token",
                "kind must be none, component or authorizer",
            )),
        }
    }
}
