//! The WeChat APIs, one module per family. Each operation is a typed request value that
//! [`Operation::build`]s a [`Request`] and [`Operation::parse`]s the [`Response`].
//!
//! The bindings reach the same operations by name through [`registry`].

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::token::Token;

pub mod open;
pub mod registry;

pub use crate::wire::Ack;

/// One API call: a typed request that knows its path, token kind and response type.
pub trait Operation {
    /// Stable dotted name, e.g. `open.bind`; also the key of [`registry`].
    const NAME: &'static str;
    /// The credential it takes. Passing another kind does not compile.
    type Token: Token;
    /// The decoded success payload.
    type Output: DeserializeOwned + Serialize;

    /// Validates the input and builds the request. Nothing WeChat would reject gets through.
    fn build(&self, token: &Self::Token, base: &ApiBase) -> Result<Request>;

    /// Decodes a response: the payload on success, [`Error::Api`] for a non-zero `errcode`.
    fn parse(&self, response: &Response) -> Result<Self::Output> {
        crate::wire::parse_envelope(Self::NAME, response)
    }
}

/// Where requests go. Defaults to WeChat's hosts; point it at a local sandbox for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    api: String,
}

impl Default for ApiBase {
    fn default() -> Self {
        Self {
            api: "https://api.weixin.qq.com".to_owned(),
        }
    }
}

impl ApiBase {
    /// The API host, e.g. `http://127.0.0.1:8080` for a sandbox. It must start with `http://`
    /// or `https://` and carry no query or fragment; a trailing `/` is dropped.
    pub fn new(api_base_url: &str) -> Result<Self> {
        Ok(Self {
            api: normalize_base("api_base_url", api_base_url)?,
        })
    }

    /// The API base URL without trailing slash.
    pub fn api(&self) -> &str {
        &self.api
    }

    /// `{api}{path}?{token_param}={token}` followed by `extra` query pairs.
    pub(crate) fn url(&self, path: &str, token: Option<(&str, &str)>, extra: &[(&str, &str)]) -> String {
        let mut url = String::with_capacity(self.api.len() + path.len() + 64);
        url.push_str(&self.api);
        url.push_str(path);
        let mut sep = '?';
        for (k, v) in extra.iter().copied().chain(token) {
            url.push(sep);
            sep = '&';
            url.push_str(k);
            url.push('=');
            url.extend(utf8_percent_encode(v, QUERY_VALUE));
        }
        url
    }
}

fn normalize_base(field: &'static str, url: &str) -> Result<String> {
    let url = url.trim_end_matches('/');
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return Err(Error::invalid(field, "must start with http:// or https://"));
    };
    if rest.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(Error::invalid(field, "must be a scheme and host (and optional path) without query or fragment"));
    }
    Ok(url.to_owned())
}

/// Characters escaped in a query value: everything but the RFC 3986 unreserved set.
pub(crate) const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A required string field must be present and non-blank.
pub(crate) fn require(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    Ok(())
}

/// An optional appid in an authorizer-token call must, when given, be the token's own account.
pub(crate) fn same_account(field: &'static str, given: Option<&str>, token_appid: &str) -> Result<()> {
    match given {
        None => Ok(()),
        Some(v) if v.trim().is_empty() => Err(Error::invalid(field, "must not be empty when given (omit it to mean the token's account)")),
        Some(v) if v == token_appid => Ok(()),
        Some(_) => Err(Error::invalid(
            field,
            Cow::Owned(format!(
                "must equal the appid of the authorizer token ({token_appid}) or be omitted; WeChat answers 40013 otherwise"
            )),
        )),
    }
}
