//! Every operation by name, for the bindings: build from JSON input and an [`AnyToken`], parse
//! to a JSON value. The token kind is checked here, so Python and JavaScript get the same
//! [`Error::WrongToken`] that Rust gets at compile time.
//!
//! Each entry says what the operation is (`kind`: `api` or `page`), which section of the spec
//! describes it, the token it takes, its path, its Rust type and its Python and JavaScript
//! method names (the JavaScript name is the camelCase of the Python name). Page URLs build a
//! `GET` request (url only); parsing a page's "response" is refused.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    ApiBase, Operation, OperationKind, PlatformIdentity, Safety, admin, component, link, message,
    open, pages, quota, register, register_legacy,
};
use crate::error::{Error, Result, excerpt};
use crate::http::{Request, Response};
use crate::token::{AnyToken, AuthorizerAccessToken, ComponentAccessToken, Token, TokenKind};
use crate::wire::without_values;

/// What an operation is and how to call it dynamically.
#[derive(Debug)]
pub struct OperationInfo {
    /// Dotted name, e.g. `open.bind`.
    pub name: &'static str,
    /// Spec section, e.g. `2` or `3.4`.
    pub section: &'static str,
    /// An API call or a page URL.
    pub kind: OperationKind,
    /// The credential it takes.
    pub token: TokenKind,
    /// HTTP path (or page URL path) it targets.
    pub path: &'static str,
    /// The Rust type, as a path under `wxopen::api`.
    pub rust: &'static str,
    /// Python method name.
    pub python: &'static str,
    /// JavaScript method name.
    pub js: &'static str,
    /// Whether it is kept only for old flows.
    pub deprecated: bool,
    /// Whether the driver may re-send it after a transient failure.
    pub safety: Safety,
    // The one generic entry per operation: `build` and `parse` go through it too, so each
    // operation's input decoding, request building and response parsing is compiled once
    // (measured: direct `build`/`parse` copies next to it cost 4 KiB of wasm; docs/benchmarks.md,
    // "wasm size").
    decode: fn(&'static OperationInfo, &Value) -> Result<Box<dyn DecodedOperation>>,
    #[cfg(feature = "schema")]
    pub(crate) schema: crate::schema::OpSchemaFn,
}

impl OperationInfo {
    /// Builds the request from JSON input (an object of wire-named fields, or `null` for none).
    /// Entries are `'static` (from [`all`] or [`find`]), as [`OperationInfo::decode`] needs.
    pub fn build(
        &'static self,
        input: &Value,
        token: &AnyToken,
        base: &ApiBase,
    ) -> Result<Request> {
        if token.kind() != self.token {
            return Err(Error::WrongToken {
                operation: self.name,
                expected: self.token,
                got: token.kind(),
            });
        }
        self.decode(input)?.build(token, base)
    }

    /// Parses a response to the JSON form of the operation's output (`null` for a bare ack).
    /// A page URL has no response: that is an [`Error::InvalidArgument`] on `operation`.
    pub fn parse(&'static self, input: &Value, response: &Response) -> Result<Value> {
        if self.kind == OperationKind::Page {
            return Err(Error::invalid(
                "operation",
                format!("{} is a page URL; there is no response to parse", self.name),
            ));
        }
        self.decode(input)?.parse(response)
    }

    /// Checks `input` against every rule the core applies before sending, without a token and
    /// without sending anything, and shows the request it would send: for forms that validate
    /// as the user types (the browser page) and for back ends that check a request before
    /// queueing it. The errors are exactly those of [`OperationInfo::build`]
    /// ([`Error::InvalidArgument`] naming the wire field and the rule), so a form and the
    /// server that sends the request refuse the same input.
    ///
    /// The request is built with a stand-in token of the kind the operation takes, kept here:
    /// no credential is needed and none appears in the result. The stand-in authorizer token
    /// belongs to the input's `appid` when it names one, so the rule that `appid` must be the
    /// token's own account (open accounts, quota reset) is not checked — it needs the real
    /// token; without an `appid` the stand-in account is [`PLACEHOLDER_AUTHORIZER_APPID`].
    pub fn validate(&'static self, input: &Value, base: &ApiBase) -> Result<RequestPreview> {
        let token = match self.token {
            TokenKind::None => AnyToken::None,
            TokenKind::Component => {
                AnyToken::Component(ComponentAccessToken::new(PLACEHOLDER_TOKEN)?)
            }
            TokenKind::Authorizer => {
                let appid = input
                    .get("appid")
                    .and_then(Value::as_str)
                    .filter(|a| !a.is_empty())
                    .unwrap_or(PLACEHOLDER_AUTHORIZER_APPID);
                AnyToken::Authorizer(AuthorizerAccessToken::new(appid, PLACEHOLDER_TOKEN)?)
            }
        };
        let request = self.build(input, &token, base)?;
        Ok(RequestPreview {
            method: request.method.as_str(),
            url: request.redacted_url(),
            body: request.redacted_body(),
        })
    }

    /// Decodes the input once into the typed operation, for a caller that builds and later
    /// parses the same call (the [`crate::driver`]): the handle keeps the decoded value, so
    /// parsing its response does not decode the input again.
    pub fn decode(&'static self, input: &Value) -> Result<Box<dyn DecodedOperation>> {
        (self.decode)(self, input)
    }
}

/// The value of the stand-in token [`OperationInfo::validate`] builds with (never sent).
const PLACEHOLDER_TOKEN: &str = "***";

/// The account of the stand-in authorizer token of [`OperationInfo::validate`] when the input
/// names no `appid`; a body that carries the token's account shows it.
pub const PLACEHOLDER_AUTHORIZER_APPID: &str = "wx_authorizer_appid";

/// A request as [`OperationInfo::validate`] shows it: what would be sent, with nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequestPreview {
    /// `GET` for a page URL, `POST` for an API call.
    pub method: &'static str,
    /// The URL, with every credential in its query as `***` (the token; a page's
    /// `pre_auth_code`).
    pub url: String,
    /// The JSON body exactly as it would be sent, except that every secret field's value is
    /// `"***"` ([`crate::http::Request::redacted_body`]); empty for a page URL.
    pub body: String,
}

/// An operation whose input has been decoded: build its request (as often as needed, e.g.
/// with a fresh token) and parse its response, without touching the JSON input again.
pub trait DecodedOperation: Send + Sync + std::fmt::Debug {
    /// The registry entry.
    fn info(&self) -> &'static OperationInfo;
    /// See [`Operation::fill_platform`].
    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()>;
    /// Builds the request with `token` (its kind is checked).
    fn build(&self, token: &AnyToken, base: &ApiBase) -> Result<Request>;
    /// Parses a response to the JSON form of the output (`null` for a bare ack).
    fn parse(&self, response: &Response) -> Result<Value>;
}

struct Decoded<O> {
    info: &'static OperationInfo,
    op: O,
}

impl<O: std::fmt::Debug> std::fmt::Debug for Decoded<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded").field("op", &self.op).finish()
    }
}

impl<O> DecodedOperation for Decoded<O>
where
    O: Operation + std::fmt::Debug + Send + Sync + 'static,
{
    fn info(&self) -> &'static OperationInfo {
        self.info
    }

    fn fill_platform(&mut self, platform: &PlatformIdentity<'_>) -> Result<()> {
        self.op.fill_platform(platform)
    }

    fn build(&self, token: &AnyToken, base: &ApiBase) -> Result<Request> {
        let Some(typed) = O::Token::from_any(token) else {
            return Err(Error::WrongToken {
                operation: O::NAME,
                expected: O::Token::KIND,
                got: token.kind(),
            });
        };
        self.op.build(typed, base)
    }

    fn parse(&self, response: &Response) -> Result<Value> {
        if self.info.kind == OperationKind::Page {
            return Err(Error::invalid(
                "operation",
                format!("{} is a page URL; there is no response to parse", O::NAME),
            ));
        }
        let output = self.op.parse(response)?;
        encode_output(O::NAME, &output)
    }
}

fn decode_dyn<O>(info: &'static OperationInfo, input: &Value) -> Result<Box<dyn DecodedOperation>>
where
    O: Operation + DeserializeOwned + std::fmt::Debug + Send + Sync + 'static,
{
    let op: O = decode_input(info.name, input)?;
    Ok(Box::new(Decoded { info, op }))
}

fn encode_output<T: serde::Serialize>(name: &'static str, output: &T) -> Result<Value> {
    serde_json::to_value(output).map_err(|e| {
        Error::decode(format!(
            "{name}: output could not be encoded ({})",
            without_values(&e.to_string())
        ))
    })
}

/// Every operation, in spec order.
pub fn all() -> &'static [OperationInfo] {
    OPERATIONS
}

/// The operation called `name`.
pub fn find(name: &str) -> Result<&'static OperationInfo> {
    OPERATIONS.iter().find(|op| op.name == name).ok_or_else(|| {
        Error::invalid(
            "operation",
            format!("unknown operation {:?}", excerpt(name, 64)),
        )
    })
}

/// JSON Schemas of every operation (feature `schema`), the document committed as
/// `schema/operations.json`: `operations` lists, in spec order, each registry entry (as
/// [`OperationInfo::to_json`]) with
/// * `doc`: the operation's documentation (its input type's doc comment),
/// * `deprecation`: for a deprecated operation, what to use instead,
/// * `input`: the object of wire-named fields the bindings send (JSON Schema 2020-12; a field
///   is required when its documentation says so, and nothing the schema allows is refused
///   for its type),
/// * `output`: what the bindings receive (a `$ref` into `$defs`, `null` for a bare ack, the
///   URL string for a page),
/// * `platform_fills`: the input fields a platform driver fills with the platform's own
///   identity ([`Operation::fill_platform`]),
/// * `driver_callable`: whether a platform driver calls it (not a page URL, nor one of the
///   token calls the driver manages itself),
///
/// and `$defs` the named types they reference (nested inputs such as `VerifyInfo`, results
/// such as `QueryAuthResult`, statuses, `CodeType`, `Flag`). Objects that keep unmodelled
/// fields say `additionalProperties: true`; credentials say `x-secret: true`.
#[cfg(feature = "schema")]
pub fn schema() -> Value {
    crate::schema::document()
}

impl OperationInfo {
    /// The descriptive fields as JSON (for the bindings' `operations()` listing). `task_kind`
    /// names the registration task a platform's `register` call of this operation records
    /// ([`crate::task::TaskKind::created_by`]; `null` for every other operation): the platform
    /// classes of the bindings route exactly these through the driver's `register`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "name": self.name,
            "section": self.section,
            "kind": self.kind,
            "token": self.token,
            "path": self.path,
            "rust": self.rust,
            "python": self.python,
            "js": self.js,
            "task_kind": crate::task::TaskKind::created_by(self.name).map(|k| k.as_str()),
            "deprecated": self.deprecated,
            "safety": self.safety.as_str(),
            "managed": crate::driver::is_managed(self.name),
        })
    }
}

macro_rules! op {
    ($ty:ty, $safety:ident, section: $sec:literal, path: $path:literal, python: $py:literal, js: $js:literal $(, deprecated: $dep:literal)?) => {
        OperationInfo {
            name: <$ty as Operation>::NAME,
            section: $sec,
            kind: <$ty as Operation>::KIND,
            token: <<$ty as Operation>::Token as Token>::KIND,
            path: $path,
            rust: stringify!($ty),
            python: $py,
            js: $js,
            deprecated: false $(|| $dep)?,
            safety: Safety::$safety,
            decode: decode_dyn::<$ty>,
            #[cfg(feature = "schema")]
            schema: crate::schema::op_schemas::<$ty>,
        }
    };
}

#[rustfmt::skip]
static OPERATIONS: &[OperationInfo] = &[
    // §1 credentials and authorization
    op!(component::StartPushTicket, Read, section: "1.2", path: "/cgi-bin/component/api_start_push_ticket", python: "start_push_ticket", js: "startPushTicket"),
    op!(component::ComponentToken, Token, section: "1.3", path: "/cgi-bin/component/api_component_token", python: "component_token", js: "componentToken"),
    op!(component::CreatePreAuthCode, Token, section: "1.4", path: "/cgi-bin/component/api_create_preauthcode", python: "create_preauthcode", js: "createPreauthcode"),
    op!(pages::ComponentLoginPage, Read, section: "1.5", path: "/cgi-bin/componentloginpage", python: "component_login_url", js: "componentLoginUrl"),
    op!(pages::BindComponentPage, Read, section: "1.5", path: "/wxaopen/safe/bindcomponent", python: "bind_component_url", js: "bindComponentUrl"),
    op!(component::QueryAuth, Token, section: "1.6", path: "/cgi-bin/component/api_query_auth", python: "query_auth", js: "queryAuth"),
    op!(component::RefreshAuthorizerToken, Token, section: "1.7", path: "/cgi-bin/component/api_authorizer_token", python: "authorizer_token", js: "authorizerToken"),
    op!(component::GetAuthorizerInfo, Read, section: "1.8", path: "/cgi-bin/component/api_get_authorizer_info", python: "get_authorizer_info", js: "getAuthorizerInfo"),
    // §2 open-platform accounts
    op!(open::Create, Write, section: "2", path: "/cgi-bin/open/create", python: "open_create", js: "openCreate"),
    op!(open::Bind, Write, section: "2", path: "/cgi-bin/open/bind", python: "open_bind", js: "openBind"),
    op!(open::Unbind, Write, section: "2", path: "/cgi-bin/open/unbind", python: "open_unbind", js: "openUnbind"),
    op!(open::Get, Read, section: "2", path: "/cgi-bin/open/get", python: "open_get", js: "openGet"),
    op!(open::Have, Read, section: "2", path: "/cgi-bin/open/have", python: "open_have", js: "openHave"),
    // §3 fast registration
    op!(register::RegisterEnterprise, Write, section: "3.0", path: "/wxa/component/fastregisterenterpriseweapp", python: "register_enterprise", js: "registerEnterprise"),
    op!(register_legacy::RegisterEnterpriseLegacy, Write, section: "3.1", path: "/cgi-bin/component/fastregisterweapp", python: "register_enterprise_legacy", js: "registerEnterpriseLegacy", deprecated: true),
    op!(register_legacy::SearchEnterpriseLegacy, Read, section: "3.1", path: "/cgi-bin/component/fastregisterweapp", python: "search_enterprise_legacy", js: "searchEnterpriseLegacy", deprecated: true),
    op!(pages::FastRegisterAuthPage, Read, section: "3.2", path: "/cgi-bin/fastregisterauth", python: "fastregister_auth_url", js: "fastregisterAuthUrl"),
    op!(register::RegisterByReuseOa, Write, section: "3.2", path: "/cgi-bin/account/fastregister", python: "register_by_reuse_oa", js: "registerByReuseOa"),
    op!(register::RegisterPersonal, Write, section: "3.3", path: "/wxa/component/fastregisterpersonalweapp", python: "register_personal", js: "registerPersonal"),
    op!(register::QueryPersonal, Read, section: "3.3", path: "/wxa/component/fastregisterpersonalweapp", python: "query_personal", js: "queryPersonal"),
    op!(register::RegisterBeta, Write, section: "3.4", path: "/wxa/component/fastregisterbetaweapp", python: "register_beta", js: "registerBeta"),
    op!(register::VerifyBeta, Write, section: "3.5", path: "/wxa/verifybetaweapp", python: "verify_beta", js: "verifyBeta"),
    op!(register::RenameBeta, Write, section: "3.6", path: "/wxa/setbetaweappnickname", python: "rename_beta", js: "renameBeta"),
    // §4 official account <-> mini program links
    op!(link::Get, Read, section: "4.1", path: "/cgi-bin/wxopen/wxamplinkget", python: "link_get", js: "linkGet"),
    op!(link::Link, Write, section: "4.2", path: "/cgi-bin/wxopen/wxamplink", python: "link", js: "link"),
    op!(link::Unlink, Write, section: "4.3", path: "/cgi-bin/wxopen/wxampunlink", python: "unlink", js: "unlink"),
    // §5 admin rebind
    op!(pages::RebindAdminPage, Read, section: "5", path: "/wxopen/componentrebindadmin", python: "rebind_admin_url", js: "rebindAdminUrl"),
    op!(admin::RebindAdmin, Write, section: "5", path: "/cgi-bin/account/componentrebindadmin", python: "rebind_admin", js: "rebindAdmin"),
    // §13.5 messages of authorized accounts (the full-network-release check)
    op!(message::CustomSend, Write, section: "13.5", path: "/cgi-bin/message/custom/send", python: "send_custom_message", js: "sendCustomMessage"),
    // §15 quotas
    op!(quota::GetQuota, Read, section: "15.2", path: "/cgi-bin/openapi/quota/get", python: "get_api_quota", js: "getApiQuota"),
    op!(quota::GetAuthorizerQuota, Read, section: "15.2", path: "/cgi-bin/openapi/quota/get", python: "get_authorizer_api_quota", js: "getAuthorizerApiQuota"),
    op!(quota::ClearQuota, Write, section: "15.3", path: "/cgi-bin/clear_quota", python: "clear_quota", js: "clearQuota"),
    op!(quota::ClearAuthorizerQuota, Write, section: "15.3", path: "/cgi-bin/clear_quota", python: "clear_authorizer_quota", js: "clearAuthorizerQuota"),
    op!(quota::ClearQuotaV2, Write, section: "15.4", path: "/cgi-bin/component/clear_quota/v2", python: "clear_quota_v2", js: "clearQuotaV2"),
];

/// Decodes the input object, turning serde's complaints into [`Error::InvalidArgument`].
fn decode_input<O: DeserializeOwned>(name: &'static str, input: &Value) -> Result<O> {
    let empty = Value::Object(serde_json::Map::new());
    let input = match input {
        Value::Null => &empty,
        Value::Object(_) => input,
        _ => {
            return Err(Error::invalid(
                "input",
                format!("{name} takes an object of named fields"),
            ));
        }
    };
    serde_path_to_error::deserialize(input).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or_default();
            let expected = rest.split_once(", ").map_or("", |(_, exp)| exp).to_owned();
            // A nested unknown field is named by its full path, e.g. `verify_info.name`.
            let field = match path.as_str() {
                "." => field.to_owned(),
                p if p == field || p.ends_with(&format!(".{field}")) => p.to_owned(),
                p => format!("{p}.{field}"),
            };
            // The caller's key is echoed (it is not a value), but never a huge one whole.
            return Error::invalid(
                excerpt(&field, 64).into_owned(),
                format!("is not a field of {name}; {expected}"),
            );
        }
        let field = if path == "." {
            "input".to_owned()
        } else {
            excerpt(&path, 128).into_owned()
        };
        // serde quotes the offending value ("invalid type: integer `5`"); a misplaced secret
        // must not reach a message, so only its kind is kept.
        Error::invalid(field, without_values(&message).into_owned())
    })
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
    use serde_json::json;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = all().iter().map(|o| o.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn method_names_are_unique_and_js_is_camel_case_of_python() {
        fn camel(s: &str) -> String {
            let mut out = String::new();
            let mut upper = false;
            for c in s.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        let mut py: Vec<_> = all().iter().map(|o| o.python).collect();
        let mut js: Vec<_> = all().iter().map(|o| o.js).collect();
        for op in all() {
            assert_eq!(op.js, camel(op.python), "{}", op.name);
            assert!(op.rust.contains("::"), "{}", op.rust);
        }
        py.sort_unstable();
        py.dedup();
        js.sort_unstable();
        js.dedup();
        assert_eq!(py.len(), all().len());
        assert_eq!(js.len(), all().len());
    }

    #[test]
    fn pages_take_no_token_and_cannot_be_parsed() {
        let pages: Vec<_> = all()
            .iter()
            .filter(|o| o.kind == OperationKind::Page)
            .collect();
        assert_eq!(pages.len(), 4);
        for op in pages {
            assert_eq!(op.token, TokenKind::None, "{}", op.name);
            assert!(op.name.starts_with("page."), "{}", op.name);
            assert_eq!(op.to_json()["kind"], "page");
            let err = op
                .parse(&Value::Null, &Response::new(200, "{}"))
                .unwrap_err();
            assert_eq!(err.to_json()["field"], "operation");
            assert!(err.to_string().contains("is a page URL"), "{err}");
        }
        assert_eq!(find("open.get").expect("known").to_json()["kind"], "api");
    }

    #[test]
    fn the_registration_creates_name_their_task_kind_and_nothing_else() {
        let creates: Vec<_> = all()
            .iter()
            .filter_map(|o| Some((o.name, o.to_json()["task_kind"].as_str()?.to_owned())))
            .collect();
        let expected: Vec<_> = crate::task::TaskKind::ALL
            .iter()
            .map(|k| (k.operation(), k.as_str().to_owned()))
            .collect();
        assert_eq!(creates.len(), expected.len());
        for pair in &expected {
            assert!(creates.contains(pair), "{pair:?}");
        }
        assert!(find("register.personal_query").expect("known").to_json()["task_kind"].is_null());
    }

    #[test]
    fn the_managed_token_calls_are_listed_and_nothing_else() {
        let managed: Vec<_> = all()
            .iter()
            .filter(|o| o.to_json()["managed"] == true)
            .map(|o| o.name)
            .collect();
        assert_eq!(
            managed,
            [
                "component.api_component_token",
                "component.query_auth",
                "component.authorizer_token"
            ]
        );
        assert_eq!(find("open.get").expect("known").to_json()["managed"], false);
    }

    #[test]
    fn legacy_enterprise_is_deprecated_and_nothing_else() {
        let deprecated: Vec<_> = all()
            .iter()
            .filter(|o| o.deprecated)
            .map(|o| o.name)
            .collect();
        assert_eq!(
            deprecated,
            [
                "register.enterprise_legacy",
                "register.enterprise_legacy_search"
            ]
        );
    }

    #[test]
    fn errcode_overrides_name_registered_operations() {
        for (op, info) in crate::errcode::overrides() {
            assert!(
                find(op).is_ok(),
                "override for unknown operation {op} ({})",
                info.code
            );
        }
    }

    /// A real token of the kind `op` takes, for comparing `validate` with `build`.
    fn real_token(op: &OperationInfo, appid: &str) -> AnyToken {
        match op.token {
            TokenKind::None => AnyToken::None,
            TokenKind::Component => {
                AnyToken::Component(ComponentAccessToken::new("REAL_CAT_S3CRET").expect("valid"))
            }
            TokenKind::Authorizer => AnyToken::Authorizer(
                AuthorizerAccessToken::new(appid, "REAL_AAT_S3CRET").expect("valid"),
            ),
        }
    }

    #[test]
    fn validate_refuses_what_build_refuses_for_every_operation() {
        let inputs = [
            Value::Null,
            json!({}),
            json!([]),
            json!({"not_a_field": 1}),
            json!({"name": "ab", "openid": "o1"}),
            json!({"name": "Trial shop", "openid": "o1"}),
            json!({"name": "Acme", "code": "123", "code_type": 1, "legal_persona_openid": "o", "legal_persona_name": "Li"}),
            json!({"name": "Acme", "code": "91440300MA5FXXXX1X", "code_type": 1, "legal_persona_openid": "o", "legal_persona_name": "Li"}),
            json!({"idname": "Li", "wxuser": "li_wx", "component_phone": " "}),
            json!({"component_appid": "wxc", "pre_auth_code": "p", "redirect_uri": "ftp://x"}),
            json!({"component_appid": "wxc", "pre_auth_code": "p", "redirect_uri": "https://a.example/cb", "category_id_list": []}),
            json!({"taskid": "t1"}),
            json!({"appid": "wx_merchant", "open_appid": "wxopen1"}),
        ];
        for op in all() {
            for input in &inputs {
                let validated = op.validate(input, &ApiBase::default());
                // The real token belongs to the account the stand-in takes (see validate).
                let account = input
                    .get("appid")
                    .and_then(Value::as_str)
                    .filter(|a| !a.is_empty())
                    .unwrap_or(PLACEHOLDER_AUTHORIZER_APPID);
                let built = op.build(input, &real_token(op, account), &ApiBase::default());
                match (&validated, &built) {
                    (Ok(preview), Ok(request)) => {
                        assert_eq!(preview.method, request.method.as_str(), "{}", op.name);
                        assert_eq!(preview.url, request.redacted_url(), "{}", op.name);
                        assert_eq!(preview.body, request.redacted_body(), "{}", op.name);
                    }
                    (Err(v), Err(b)) => assert_eq!(v.to_json(), b.to_json(), "{} {input}", op.name),
                    _ => panic!(
                        "{} {input}: validate {validated:?}, build {built:?}",
                        op.name
                    ),
                }
                if let Err(e) = &validated {
                    assert_eq!(e.code(), "invalid_argument", "{} {input}: {e}", op.name);
                }
            }
        }
    }

    #[test]
    fn validate_shows_the_request_without_credentials() {
        let enterprise = find("register.enterprise").expect("known");
        let input = json!({"name": "深圳市某某科技有限公司", "code": "91440300MA5FXXXX1X", "code_type": "1",
            "legal_persona_openid": "o_legal", "legal_persona_name": "张三"});
        let preview = enterprise
            .validate(&input, &ApiBase::default())
            .expect("valid");
        assert_eq!(preview.method, "POST");
        assert_eq!(
            preview.url,
            "https://api.weixin.qq.com/wxa/component/fastregisterenterpriseweapp?access_token=***"
        );
        let built = enterprise
            .build(&input, &real_token(enterprise, ""), &ApiBase::default())
            .expect("valid");
        assert_eq!(
            preview.body.as_bytes(),
            built.body.as_slice(),
            "the exact body"
        );
        assert!(
            preview.body.ends_with(r#""new_version":true}"#),
            "{}",
            preview.body
        );

        let err = enterprise
            .validate(
                &json!({"name": "Acme", "code": "9144", "code_type": 1}),
                &ApiBase::default(),
            )
            .unwrap_err();
        assert_eq!(err.to_json()["field"], "code");
        assert!(err.to_string().contains("18 letters or digits"), "{err}");

        let token = find("component.api_component_token").expect("known");
        let preview = token
            .validate(
                &json!({"component_appid": "wxc", "component_appsecret": "APPSECRET_1",
                    "component_verify_ticket": "ticket@@@1"}),
                &ApiBase::default(),
            )
            .expect("valid");
        assert!(!preview.body.contains("APPSECRET_1") && !preview.body.contains("ticket@@@1"));
        assert!(
            preview.body.contains(r#""component_appid":"wxc""#),
            "{}",
            preview.body
        );

        let page = find("page.component_login").expect("known");
        let preview = page
            .validate(
                &json!({"component_appid": "wxc", "pre_auth_code": "preauthcode@@@x",
                    "redirect_uri": "https://a.example/cb", "auth_type": 2}),
                &ApiBase::default(),
            )
            .expect("valid");
        assert_eq!(preview.method, "GET");
        assert_eq!(preview.body, "");
        assert_eq!(
            preview.url,
            "https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxc&pre_auth_code=***&redirect_uri=https%3A%2F%2Fa.example%2Fcb&auth_type=2"
        );
    }

    #[test]
    fn validate_stands_in_for_the_authorizer_account() {
        let clear = find("quota.clear_authorizer").expect("known");
        let preview = clear
            .validate(&Value::Null, &ApiBase::default())
            .expect("valid");
        assert_eq!(
            preview.body,
            format!(r#"{{"appid":"{PLACEHOLDER_AUTHORIZER_APPID}"}}"#)
        );
        let preview = clear
            .validate(&json!({"appid": "wx_merchant"}), &ApiBase::default())
            .expect("the account cannot be compared without the token");
        assert_eq!(preview.body, r#"{"appid":"wx_merchant"}"#);
        let err = clear
            .validate(&json!({"appid": ""}), &ApiBase::default())
            .unwrap_err();
        assert_eq!(err.to_json()["field"], "appid");
    }

    #[test]
    fn unknown_field_names_the_field() {
        let op = find("open.bind").expect("known");
        let token =
            AnyToken::Authorizer(crate::AuthorizerAccessToken::new("wx1", "t").expect("valid"));
        let err = op
            .build(
                &json!({"open_appid": "o", "opne_appid": "x"}),
                &token,
                &ApiBase::default(),
            )
            .unwrap_err();
        match err {
            Error::InvalidArgument { field, .. } => assert_eq!(field, "opne_appid"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_field() {
        let op = find("open.bind").expect("known");
        let token =
            AnyToken::Authorizer(crate::AuthorizerAccessToken::new("wx1", "t").expect("valid"));
        let err = op
            .build(&json!({"open_appid": 5}), &token, &ApiBase::default())
            .unwrap_err();
        match err {
            Error::InvalidArgument { field, .. } => assert_eq!(field, "open_appid"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_token_kind_is_reported() {
        let op = find("open.get").expect("known");
        let token = AnyToken::Component(crate::ComponentAccessToken::new("c").expect("valid"));
        let err = op
            .build(&Value::Null, &token, &ApiBase::default())
            .unwrap_err();
        assert_eq!(err.code(), "wrong_token");
        assert_eq!(
            err.to_string(),
            "open.get needs an authorizer access token, got a component access token"
        );
    }
}
