//! Page URLs (spec §1.5, §3.2, §5): addresses the user's browser opens, not API calls.
//!
//! Each is an [`Operation`] of kind [`OperationKind::Page`] taking no token: `build` returns a
//! `GET` [`Request`] whose `url` is the page and whose headers and body are empty, and `parse`
//! always fails (there is no response to parse). [`ComponentLoginPage::url`] and friends return
//! the URL alone.
//!
//! Every query value is percent-encoded (RFC 3986 unreserved characters kept), so
//! `redirect_uri` arrives URL-encoded and `category_id_list` `17|18` becomes `17%7C18`.
//!
//! | Name | Host | Path |
//! |---|---|---|
//! | `page.component_login` | `mp` | `/cgi-bin/componentloginpage` (PC, QR code) |
//! | `page.bind_component` | `open` | `/wxaopen/safe/bindcomponent` (mobile, inside WeChat; `#wechat_redirect`) |
//! | `page.fastregister_auth` | `mp` | `/cgi-bin/fastregisterauth` (§3.2 step 1) |
//! | `page.rebind_admin` | `mp` | `/wxopen/componentrebindadmin` (§5 step 1) |

use serde::Deserialize;

use super::fields::{AuthType, CategoryId, de_opt_flag};
use super::validate::{id, optional_id, present, redirect_uri, secret};
use super::{ApiBase, Operation, OperationKind, PlatformIdentity, fill_appid, push_query};
use crate::error::{Error, Result};
use crate::http::{Method, Request, Response};
use crate::secret::Secret;
use crate::token::NoToken;
use crate::wire::Ack;

/// The error `parse` gives for a page.
fn no_response(name: &'static str) -> Error {
    Error::invalid(
        "operation",
        format!("{name} is a page URL; there is no response to parse"),
    )
}

/// A `GET` request for a page URL: no headers, no body.
fn page_request(url: String) -> Request {
    Request {
        method: Method::Get,
        url,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

macro_rules! page_operation {
    ($ty:ident, $name:literal, |$this:ident, $base:ident| $url:expr) => {
        impl $ty {
            /// The page URL alone (what `build` puts in the request).
            pub fn url(&self, base: &ApiBase) -> Result<String> {
                let $this = self;
                let $base = base;
                $url
            }
        }

        impl Operation for $ty {
            const NAME: &'static str = $name;
            const KIND: OperationKind = OperationKind::Page;
            type Token = NoToken;
            type Output = Ack;

            fn build(&self, _token: &NoToken, base: &ApiBase) -> Result<Request> {
                self.url(base).map(page_request)
            }

            fn parse(&self, _response: &Response) -> Result<Ack> {
                Err(no_response(Self::NAME))
            }

            /// A platform host builds the page with its own `component_appid`.
            fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
                fill_appid(
                    "component_appid",
                    &mut self.component_appid,
                    platform.component_appid,
                )
            }
        }
    };
}

macro_rules! authorization_page {
    ($(#[$meta:meta])* $ty:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(deny_unknown_fields)]
        pub struct $ty {
            /// The platform appid (required).
            #[serde(default)]
            pub component_appid: String,
            /// From `component.preauthcode` (required, single-use).
            #[serde(default)]
            pub pre_auth_code: Secret,
            /// Where the browser goes afterwards, with `auth_code` and `expires_in` appended
            /// (required; absolute http(s) URL on the platform's 登录授权的发起页域名).
            #[serde(default)]
            pub redirect_uri: String,
            /// Which accounts the page offers (optional; WeChat's default is 3, both; other
            /// positive values pass through). When `biz_appid` is given it wins (spec §1.5).
            #[serde(default)]
            pub auth_type: Option<AuthType>,
            /// Restrict the page to exactly this account (optional).
            #[serde(default)]
            pub biz_appid: Option<String>,
            /// Permission-set ids to request (optional; default: all published sets).
            /// Numbers or numeric strings; sent joined by `|`.
            #[serde(default)]
            pub category_id_list: Option<Vec<CategoryId>>,
        }
    };
}

authorization_page! {
    /// PC authorization page (spec §1.5): `{mp}/cgi-bin/componentloginpage?…`; the merchant's
    /// admin scans a QR code.
    ComponentLoginPage
}

authorization_page! {
    /// Mobile authorization page (spec §1.5), opened inside WeChat:
    /// `{open}/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect`
    /// (the current form; the legacy `mp.weixin.qq.com/safe/bindcomponent` is not produced).
    BindComponentPage
}

/// `page.fastregister_auth` (spec §3.2 step 1): the official account's admin confirms reusing
/// the OA's subject to register a mini program; the browser then goes to `redirect_uri` with
/// `ticket=…` for `register.reuse_oa`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FastRegisterAuthPage {
    /// The official account's appid (required).
    #[serde(default)]
    pub appid: String,
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// Reuse the OA's WeChat verification (required; `true`/`1` or `false`/`0`, sent as 1/0).
    /// Government, media and other organisations must pass 1 (else 61056).
    #[serde(default, deserialize_with = "de_opt_flag")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Flag>"))]
    pub copy_wx_verify: Option<bool>,
    /// Where the browser goes afterwards (required; absolute http(s) URL).
    #[serde(default)]
    pub redirect_uri: String,
}

/// `page.rebind_admin` (spec §5 step 1): the mini program's old and new admins confirm an
/// admin change; the browser then goes to `redirect_uri?taskid=…` for `admin.rebind`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RebindAdminPage {
    /// The mini program's appid (required; the official table's "公众号的 appid" label is a
    /// copy-paste slip, spec §5).
    #[serde(default)]
    pub appid: String,
    /// The platform appid (required).
    #[serde(default)]
    pub component_appid: String,
    /// Where the browser goes afterwards (required; absolute http(s) URL).
    #[serde(default)]
    pub redirect_uri: String,
}

/// The shared fields of the two authorization pages, checked and turned into query pairs.
fn authorization_query(
    component_appid: &str,
    pre_auth_code: &Secret,
    redirect: &str,
    auth_type: Option<AuthType>,
    biz_appid: Option<&str>,
    category_id_list: Option<&[CategoryId]>,
) -> Result<Vec<(&'static str, String)>> {
    id("component_appid", component_appid)?;
    secret("pre_auth_code", pre_auth_code)?;
    redirect_uri("redirect_uri", redirect)?;
    optional_id("biz_appid", biz_appid)?;
    // With `biz_appid` and a conflicting `auth_type`, WeChat lets `biz_appid` win (spec §1.5):
    // not an error, so both go out as given.
    let mut pairs = vec![
        ("component_appid", component_appid.to_owned()),
        ("pre_auth_code", pre_auth_code.expose().to_owned()),
        ("redirect_uri", redirect.to_owned()),
    ];
    if let Some(t) = auth_type {
        pairs.push(("auth_type", t.code().to_string()));
    }
    if let Some(b) = biz_appid {
        pairs.push(("biz_appid", b.to_owned()));
    }
    if let Some(ids) = category_id_list {
        if ids.is_empty() {
            return Err(Error::invalid(
                "category_id_list",
                "must list at least one id when given (omit it to request all published sets)",
            ));
        }
        let joined: Vec<String> = ids.iter().map(ToString::to_string).collect();
        pairs.push(("category_id_list", joined.join("|")));
    }
    Ok(pairs)
}

/// `{host}{path}` + lead pairs + pairs + optional fragment.
fn page_url(
    host: &str,
    path: &str,
    lead: &[(&str, &str)],
    pairs: &[(&'static str, String)],
    fragment: &str,
) -> String {
    let mut url = String::with_capacity(host.len() + path.len() + 256);
    url.push_str(host);
    url.push_str(path);
    push_query(
        &mut url,
        lead.iter()
            .copied()
            .chain(pairs.iter().map(|(k, v)| (*k, v.as_str()))),
    );
    url.push_str(fragment);
    url
}

page_operation!(ComponentLoginPage, "page.component_login", |this, base| {
    let pairs = authorization_query(
        &this.component_appid,
        &this.pre_auth_code,
        &this.redirect_uri,
        this.auth_type,
        this.biz_appid.as_deref(),
        this.category_id_list.as_deref(),
    )?;
    Ok(page_url(
        base.mp(),
        "/cgi-bin/componentloginpage",
        &[],
        &pairs,
        "",
    ))
});

page_operation!(BindComponentPage, "page.bind_component", |this, base| {
    let pairs = authorization_query(
        &this.component_appid,
        &this.pre_auth_code,
        &this.redirect_uri,
        this.auth_type,
        this.biz_appid.as_deref(),
        this.category_id_list.as_deref(),
    )?;
    Ok(page_url(
        base.open(),
        "/wxaopen/safe/bindcomponent",
        &[("action", "bindcomponent"), ("no_scan", "1")],
        &pairs,
        "#wechat_redirect",
    ))
});

page_operation!(
    FastRegisterAuthPage,
    "page.fastregister_auth",
    |this, base| {
        id("appid", &this.appid)?;
        id("component_appid", &this.component_appid)?;
        let copy = present("copy_wx_verify", this.copy_wx_verify)?;
        redirect_uri("redirect_uri", &this.redirect_uri)?;
        let pairs = [
            ("appid", this.appid.clone()),
            ("component_appid", this.component_appid.clone()),
            ("copy_wx_verify", if copy { "1" } else { "0" }.to_owned()),
            ("redirect_uri", this.redirect_uri.clone()),
        ];
        Ok(page_url(
            base.mp(),
            "/cgi-bin/fastregisterauth",
            &[],
            &pairs,
            "",
        ))
    }
);

page_operation!(RebindAdminPage, "page.rebind_admin", |this, base| {
    id("appid", &this.appid)?;
    id("component_appid", &this.component_appid)?;
    redirect_uri("redirect_uri", &this.redirect_uri)?;
    let pairs = [
        ("appid", this.appid.clone()),
        ("component_appid", this.component_appid.clone()),
        ("redirect_uri", this.redirect_uri.clone()),
    ];
    Ok(page_url(
        base.mp(),
        "/wxopen/componentrebindadmin",
        &[],
        &pairs,
        "",
    ))
});

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
    fn pages_follow_the_page_bases_and_refuse_parsing() {
        let o = "http://127.0.0.1:9";
        let base = ApiBase::with_pages("http://api.invalid", o, o).expect("valid");
        let page = RebindAdminPage {
            appid: "wxmini".into(),
            component_appid: "wxcomp".into(),
            redirect_uri: "https://p.example.com/cb".into(),
        };
        assert_eq!(
            page.url(&base).expect("builds"),
            "http://127.0.0.1:9/wxopen/componentrebindadmin?appid=wxmini&component_appid=wxcomp&redirect_uri=https%3A%2F%2Fp.example.com%2Fcb"
        );
        let err = page.parse(&Response::new(200, "{}")).unwrap_err();
        assert_eq!(err.to_json()["field"], "operation");
    }

    #[test]
    fn a_platform_fills_its_own_appid() {
        let secret = Secret::new("appsecret");
        let platform = PlatformIdentity {
            component_appid: "wxcomp",
            appsecret: &secret,
        };
        let mut page = RebindAdminPage::default();
        page.fill_platform(&platform).expect("fills");
        assert_eq!(page.component_appid, "wxcomp");
        let mut page = ComponentLoginPage {
            component_appid: "wxother".into(),
            ..Default::default()
        };
        let err = page.fill_platform(&platform).unwrap_err();
        assert_eq!(err.to_json()["field"], "component_appid");
    }

    #[test]
    fn debug_hides_the_pre_auth_code() {
        let page = ComponentLoginPage {
            pre_auth_code: "SECRET_PAC".into(),
            ..Default::default()
        };
        assert!(!format!("{page:?}").contains("SECRET_PAC"));
    }
}
