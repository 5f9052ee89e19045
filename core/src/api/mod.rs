//! The WeChat APIs, one module per family. Each operation is a typed request value that
//! [`Operation::build`]s a [`Request`] and [`Operation::parse`]s the [`Response`].
//!
//! The bindings reach the same operations by name through [`registry`].
//!
//! | Module | Spec | Operations |
//! |---|---|---|
//! | [`component`] | §1 | `component.start_push_ticket`, `component.api_component_token`, `component.preauthcode`, `component.query_auth`, `component.authorizer_token`, `component.authorizer_info` |
//! | [`pages`] | §1.5, §3.2, §5 | `page.component_login`, `page.bind_component`, `page.fastregister_auth`, `page.rebind_admin` |
//! | [`open`] | §2 | `open.create`, `open.bind`, `open.unbind`, `open.get`, `open.have` |
//! | [`register`] | §3.0, §3.2–§3.6 | `register.enterprise`, `register.reuse_oa`, `register.personal`, `register.personal_query`, `register.beta`, `register.beta_verify`, `register.beta_rename` |
//! | [`register_legacy`] | §3.1 | `register.enterprise_legacy`, `register.enterprise_legacy_search` (deprecated) |
//! | [`link`] | §4 | `link.get`, `link.link`, `link.unlink` |
//! | [`admin`] | §5 | `admin.rebind` |
//! | [`message`] | §13.5 | `message.custom_send` |
//!
//! Names are `<family>.<operation>`; the family is the module (pages share `page.`).
//!
//! Token query parameter (spec §0.2): the legacy component endpoints of §1, §3.1 and §3.3
//! send `component_access_token=…`; every other endpoint sends `access_token=…` (this includes
//! the 2026 enterprise registration of §3.0, as WxJava and SKIT send it, and beta registration
//! §3.4).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::token::Token;

pub mod admin;
pub mod component;
pub mod fields;
pub mod link;
pub mod message;
pub mod open;
pub mod pages;
pub mod quota;
pub mod register;
pub mod register_legacy;
pub mod registry;
mod validate;

pub use crate::wire::{Ack, Extra};

/// Whether an operation is an API call or a page URL the user's browser opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// An HTTPS `POST` to the API host with a JSON body and a JSON response.
    Api,
    /// A `GET` URL on `mp.weixin.qq.com` / `open.weixin.qq.com` for a browser; nothing to parse.
    Page,
}

impl OperationKind {
    /// `"api"` or `"page"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Page => "page",
        }
    }
}

/// One API call: a typed request that knows its path, token kind and response type.
///
/// The token kind is part of the type, so the right kind compiles:
///
/// ```
/// use wxopen::api::{Operation, open};
/// let token = wxopen::AuthorizerAccessToken::new("wxa1b2c3d4e5f6a7b8", "AAT").unwrap();
/// let request = open::Get::default().build(&token, &wxopen::ApiBase::default()).unwrap();
/// assert!(request.url.ends_with("/cgi-bin/open/get?access_token=AAT"));
/// ```
///
/// and the wrong kind does not (an open-account call takes an authorizer token):
///
/// ```compile_fail
/// use wxopen::api::{Operation, open};
/// let token = wxopen::ComponentAccessToken::new("CAT").unwrap();
/// let _ = open::Get::default().build(&token, &wxopen::ApiBase::default());
/// ```
///
/// ```compile_fail
/// use wxopen::api::{Operation, component};
/// let token = wxopen::AuthorizerAccessToken::new("wxa1b2c3d4e5f6a7b8", "AAT").unwrap();
/// let op = component::CreatePreAuthCode::default();
/// let _ = op.build(&token, &wxopen::ApiBase::default()); // needs the component token
/// ```
pub trait Operation {
    /// Stable dotted name, e.g. `open.bind`; also the key of [`registry`].
    const NAME: &'static str;
    /// An API call, or a page URL (whose [`Operation::parse`] always fails).
    const KIND: OperationKind = OperationKind::Api;
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

    /// Fills in the platform's own identity where the input left it out, for calls made
    /// through the [`crate::driver`] and page URLs a platform host builds: `component_appid`
    /// (and the AppSecret of the calls that carry it). A value given that differs from the
    /// platform's is refused. Operations without such fields keep the default (nothing to
    /// fill).
    fn fill_platform(&mut self, _platform: &PlatformIdentity<'_>) -> Result<()> {
        Ok(())
    }

    /// The input as JSON (wire names), for the registration calls whose tasks the
    /// [`crate::driver`] records ([`crate::task`]); credentials are left out. `None` (the
    /// default) for every other operation.
    fn input_json(&self) -> Option<serde_json::Value> {
        None
    }
}

/// Whether an operation may be sent again automatically after a failure whose outcome is
/// unknown or transient (−1, a retryable errcode, a transport failure, HTTP 5xx).
///
/// Every registry entry carries one ([`registry::OperationInfo::safety`]); the driver retries
/// only [`Safety::Read`] and [`Safety::Token`] operations. A request refused for its token
/// (40001/40014/42001) did not run, so it is re-sent once with a fresh token whatever its
/// safety.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Safety {
    /// Reads state or has only a harmless effect (starting the ticket push): safe to repeat.
    Read,
    /// Mints, refreshes or exchanges a credential: safe to repeat (at worst a second token
    /// or an "already used" code).
    Token,
    /// Creates or changes something (registrations, open/create, bind, link, rebind, rename,
    /// quota resets): never re-sent automatically.
    Write,
}

impl Safety {
    /// `"read"`, `"token"` or `"write"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Token => "token",
            Self::Write => "write",
        }
    }

    /// Whether the driver may re-send the operation after a transient failure.
    pub fn retry_safe(self) -> bool {
        !matches!(self, Self::Write)
    }
}

/// The platform's own identity, which [`Operation::fill_platform`] puts into inputs.
#[derive(Debug, Clone, Copy)]
pub struct PlatformIdentity<'a> {
    /// The component appid.
    pub component_appid: &'a str,
    /// The platform AppSecret.
    pub appsecret: &'a crate::Secret,
}

/// Fills an appid field with the platform's when empty; refuses another value.
pub(crate) fn fill_appid(field: &'static str, value: &mut String, platform: &str) -> Result<()> {
    if value.is_empty() {
        platform.clone_into(value);
        return Ok(());
    }
    if value != platform {
        return Err(Error::invalid(
            field,
            format!("must be this platform's component appid ({platform}) or be omitted"),
        ));
    }
    Ok(())
}

/// Fills a secret field with the platform AppSecret when empty; refuses another value.
pub(crate) fn fill_secret(
    field: &'static str,
    value: &mut crate::Secret,
    platform: &crate::Secret,
) -> Result<()> {
    if value.is_empty() {
        *value = platform.clone();
        return Ok(());
    }
    if value != platform {
        return Err(Error::invalid(
            field,
            "must be this platform's AppSecret or be omitted",
        ));
    }
    Ok(())
}

/// Where requests go. Defaults to WeChat's hosts; point it at a local sandbox for tests.
///
/// Three bases: the API host (`https://api.weixin.qq.com`) and the two page hosts,
/// `https://mp.weixin.qq.com` (PC authorization, reuse-OA registration and admin rebind pages)
/// and `https://open.weixin.qq.com` (mobile authorization page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    api: String,
    mp: String,
    open: String,
}

/// WeChat's API host, the default of [`ApiBase::api`].
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";
/// The `mp.weixin.qq.com` page host, the default of [`ApiBase::mp`].
pub const DEFAULT_MP_BASE: &str = "https://mp.weixin.qq.com";
/// The `open.weixin.qq.com` page host, the default of [`ApiBase::open`].
pub const DEFAULT_OPEN_BASE: &str = "https://open.weixin.qq.com";

impl Default for ApiBase {
    fn default() -> Self {
        Self {
            api: DEFAULT_API_BASE.to_owned(),
            mp: DEFAULT_MP_BASE.to_owned(),
            open: DEFAULT_OPEN_BASE.to_owned(),
        }
    }
}

impl ApiBase {
    /// The API host, e.g. `http://127.0.0.1:8080` for a sandbox. It must be an `http://` or
    /// `https://` URL with a host and an optional path: no whitespace or control characters
    /// anywhere (a trailing newline from a config file is refused, not carried into a URL that a
    /// transport would then quote, token included, in its error), no user info (`user@`), no
    /// query and no fragment. One trailing `/` is dropped. Errors name the field (`api_base`)
    /// and never quote the value. Page URLs keep WeChat's own hosts; use
    /// [`ApiBase::with_pages`] to move them too.
    pub fn new(api_base: &str) -> Result<Self> {
        Ok(Self {
            api: normalize_base("api_base", api_base)?,
            ..Self::default()
        })
    }

    /// All three bases: the API host, the `mp.weixin.qq.com` page host and the
    /// `open.weixin.qq.com` page host (fields `api_base`, `mp_base`, `open_base`). A sandbox
    /// serving everything on one origin passes the same value three times. Each follows the
    /// rules of [`ApiBase::new`].
    pub fn with_pages(api_base: &str, mp_base: &str, open_base: &str) -> Result<Self> {
        Ok(Self {
            api: normalize_base("api_base", api_base)?,
            mp: normalize_base("mp_base", mp_base)?,
            open: normalize_base("open_base", open_base)?,
        })
    }

    /// The API base URL without trailing slash.
    pub fn api(&self) -> &str {
        &self.api
    }

    /// The `mp.weixin.qq.com` page base URL without trailing slash.
    pub fn mp(&self) -> &str {
        &self.mp
    }

    /// The `open.weixin.qq.com` page base URL without trailing slash.
    pub fn open(&self) -> &str {
        &self.open
    }

    /// `{api}{path}?` followed by the `extra` query pairs, then `{token_param}={token}`.
    pub(crate) fn url(
        &self,
        path: &str,
        token: Option<(&str, &str)>,
        extra: &[(&str, &str)],
    ) -> String {
        let mut url = String::with_capacity(self.api.len() + path.len() + 64);
        url.push_str(&self.api);
        url.push_str(path);
        push_query(&mut url, extra.iter().copied().chain(token));
        url
    }
}

/// Appends `?k=v&k=v…` to `url`, percent-encoding every value with [`QUERY_VALUE`]. Keys are
/// our own constants and go out as they are.
pub(crate) fn push_query<'a>(
    url: &mut String,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) {
    let mut sep = '?';
    for (k, v) in pairs {
        url.push(sep);
        sep = '&';
        url.push_str(k);
        url.push('=');
        url.extend(utf8_percent_encode(v, QUERY_VALUE));
    }
}

fn normalize_base(field: &'static str, url: &str) -> Result<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain whitespace or control characters (check for a trailing newline)",
        ));
    }
    let scheme_len = match url.get(..8).map(str::to_ascii_lowercase) {
        Some(p) if p == "https://" => 8,
        _ => match url.get(..7).map(str::to_ascii_lowercase) {
            Some(p) if p == "http://" => 7,
            _ => {
                return Err(Error::invalid(field, "must start with http:// or https://"));
            }
        },
    };
    let rest = url.get(scheme_len..).unwrap_or_default();
    if rest.contains(['?', '#']) {
        return Err(Error::invalid(
            field,
            "must not carry a query (?) or fragment (#): the core appends the query",
        ));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Error::invalid(
            field,
            "must not carry user info (user@host): credentials do not belong in a base URL",
        ));
    }
    let host = match authority.strip_prefix('[') {
        // An IPv6 literal: `[::1]:8080`.
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(Error::invalid(field, "must name a host"));
    }
    if let Some(port) = authority.rsplit_once(']').map_or_else(
        || authority.split_once(':').map(|(_, p)| p),
        |(_, after)| after.strip_prefix(':'),
    ) {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
            return Err(Error::invalid(field, "has a port that is not a number"));
        }
    }
    Ok(url.strip_suffix('/').unwrap_or(url).to_owned())
}

/// Characters escaped in a query value: everything but the RFC 3986 unreserved set.
pub(crate) const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A required string field must be present and non-blank.
pub(crate) fn require(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    Ok(())
}

/// An optional appid in an authorizer-token call must, when given, be the token's own account.
pub(crate) fn same_account(
    field: &'static str,
    given: Option<&str>,
    token_appid: &str,
) -> Result<()> {
    match given {
        None => Ok(()),
        Some(v) if v.trim().is_empty() => Err(Error::invalid(
            field,
            "must not be empty when given (omit it to mean the token's account)",
        )),
        Some(v) if v == token_appid => Ok(()),
        Some(_) => Err(Error::invalid(
            field,
            Cow::Owned(format!(
                "must equal the appid of the authorizer token ({token_appid}) or be omitted; WeChat answers 40013 otherwise"
            )),
        )),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn new_keeps_page_hosts_and_with_pages_moves_them() {
        let base = ApiBase::new("http://127.0.0.1:9/").expect("valid");
        assert_eq!(base.api(), "http://127.0.0.1:9");
        assert_eq!(base.mp(), "https://mp.weixin.qq.com");
        assert_eq!(base.open(), "https://open.weixin.qq.com");
        let o = "http://127.0.0.1:9";
        let base = ApiBase::with_pages(o, o, o).expect("valid");
        assert_eq!((base.api(), base.mp(), base.open()), (o, o, o));
        let err = ApiBase::with_pages(o, "ftp://x", o).unwrap_err();
        assert_eq!(err.to_json()["field"], "mp_base");
    }

    #[test]
    fn bases_are_validated_without_quoting_them() {
        for good in [
            "https://api.weixin.qq.com",
            "HTTP://127.0.0.1:8080/",
            "http://[::1]:9/prefix",
            "http://localhost/a/b",
        ] {
            assert!(ApiBase::new(good).is_ok(), "{good}");
        }
        for bad in [
            "http://127.0.0.1:9/\n",
            "http://127.0.0.1:9\r",
            "http://h ost",
            "http://h/\u{7f}",
            "ftp://x",
            "//x",
            "http://",
            "http:///path",
            "http://:80",
            "http://u:SECRETPW@h",
            "http://h?access_token=x",
            "http://h#f",
            "http://h:80x",
            "http://h:",
        ] {
            let err = ApiBase::new(bad).expect_err(bad);
            assert_eq!(err.to_json()["field"], "api_base", "{bad}");
            assert!(!err.to_string().contains("SECRETPW"), "{err}");
        }
    }
}
