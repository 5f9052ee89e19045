//! Every operation by name, for the bindings: build from JSON input and an [`AnyToken`], parse
//! to a JSON value. The token kind is checked here, so Python and JavaScript get the same
//! [`Error::WrongToken`] that Rust gets at compile time.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiBase, Operation, open};
use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::token::{AnyToken, Token, TokenKind};

/// What an operation is and how to call it dynamically.
#[derive(Debug)]
pub struct OperationInfo {
    /// Dotted name, e.g. `open.bind`.
    pub name: &'static str,
    /// Spec section, e.g. `2`.
    pub section: &'static str,
    /// The credential it takes.
    pub token: TokenKind,
    /// HTTP path (or page URL path) it targets.
    pub path: &'static str,
    /// Method name in Rust (type path), Python and JavaScript.
    pub rust: &'static str,
    /// Python method name.
    pub python: &'static str,
    /// JavaScript method name.
    pub js: &'static str,
    /// Whether it is kept only for old flows.
    pub deprecated: bool,
    build: fn(&'static str, &Value, &AnyToken, &ApiBase) -> Result<Request>,
    parse: fn(&'static str, &Value, &Response) -> Result<Value>,
}

impl OperationInfo {
    /// Builds the request from JSON input (an object of wire-named fields, or `null` for none).
    pub fn build(&self, input: &Value, token: &AnyToken, base: &ApiBase) -> Result<Request> {
        if token.kind() != self.token {
            return Err(Error::WrongToken {
                operation: self.name,
                expected: self.token,
                got: token.kind(),
            });
        }
        (self.build)(self.name, input, token, base)
    }

    /// Parses a response to the JSON form of the operation's output (`null` for a bare ack).
    pub fn parse(&self, input: &Value, response: &Response) -> Result<Value> {
        (self.parse)(self.name, input, response)
    }
}

/// Every operation, in spec order.
pub fn all() -> &'static [OperationInfo] {
    OPERATIONS
}

/// The operation called `name`.
pub fn find(name: &str) -> Result<&'static OperationInfo> {
    OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .ok_or_else(|| Error::invalid("operation", format!("unknown operation {name:?}")))
}

impl OperationInfo {
    /// The descriptive fields as JSON (for the bindings' `operations()` listing).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "name": self.name,
            "section": self.section,
            "token": self.token,
            "path": self.path,
            "rust": self.rust,
            "python": self.python,
            "js": self.js,
            "deprecated": self.deprecated,
        })
    }
}

macro_rules! op {
    ($ty:ty, section: $sec:literal, path: $path:literal, python: $py:literal, js: $js:literal $(, deprecated: $dep:literal)?) => {
        OperationInfo {
            name: <$ty as Operation>::NAME,
            section: $sec,
            token: <<$ty as Operation>::Token as Token>::KIND,
            path: $path,
            rust: stringify!($ty),
            python: $py,
            js: $js,
            deprecated: false $(|| $dep)?,
            build: build_dyn::<$ty>,
            parse: parse_dyn::<$ty>,
        }
    };
}

static OPERATIONS: &[OperationInfo] = &[
    op!(open::Create, section: "2", path: "/cgi-bin/open/create", python: "open_create", js: "openCreate"),
    op!(open::Bind, section: "2", path: "/cgi-bin/open/bind", python: "open_bind", js: "openBind"),
    op!(open::Unbind, section: "2", path: "/cgi-bin/open/unbind", python: "open_unbind", js: "openUnbind"),
    op!(open::Get, section: "2", path: "/cgi-bin/open/get", python: "open_get", js: "openGet"),
    op!(open::Have, section: "2", path: "/cgi-bin/open/have", python: "open_have", js: "openHave"),
];

fn build_dyn<O>(name: &'static str, input: &Value, token: &AnyToken, base: &ApiBase) -> Result<Request>
where
    O: Operation + DeserializeOwned,
{
    let op: O = decode_input(name, input)?;
    let Some(token) = O::Token::from_any(token) else {
        return Err(Error::WrongToken {
            operation: name,
            expected: O::Token::KIND,
            got: token.kind(),
        });
    };
    op.build(token, base)
}

fn parse_dyn<O>(name: &'static str, input: &Value, response: &Response) -> Result<Value>
where
    O: Operation + DeserializeOwned,
{
    let op: O = decode_input(name, input)?;
    let output = op.parse(response)?;
    serde_json::to_value(output).map_err(|e| Error::Decode {
        detail: format!("{name}: output could not be encoded ({e})"),
    })
}

/// Decodes the input object, turning serde's complaints into [`Error::InvalidArgument`].
fn decode_input<O: DeserializeOwned>(name: &'static str, input: &Value) -> Result<O> {
    let empty = Value::Object(serde_json::Map::new());
    let input = match input {
        Value::Null => &empty,
        Value::Object(_) => input,
        _ => return Err(Error::invalid("input", format!("{name} takes an object of named fields"))),
    };
    serde_path_to_error::deserialize(input).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or_default().to_owned();
            let expected = rest.split_once(", ").map_or("", |(_, exp)| exp).to_owned();
            return Error::invalid(field, format!("is not a field of {name}; {expected}"));
        }
        let field = if path == "." { "input".to_owned() } else { path };
        Error::invalid(field, message)
    })
}

#[cfg(test)]
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
    fn unknown_field_names_the_field() {
        let op = find("open.bind").expect("known");
        let token = AnyToken::Authorizer(crate::AuthorizerAccessToken::new("wx1", "t").expect("valid"));
        let err = op
            .build(&json!({"open_appid": "o", "opne_appid": "x"}), &token, &ApiBase::default())
            .unwrap_err();
        match err {
            Error::InvalidArgument { field, .. } => assert_eq!(field, "opne_appid"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_field() {
        let op = find("open.bind").expect("known");
        let token = AnyToken::Authorizer(crate::AuthorizerAccessToken::new("wx1", "t").expect("valid"));
        let err = op.build(&json!({"open_appid": 5}), &token, &ApiBase::default()).unwrap_err();
        match err {
            Error::InvalidArgument { field, .. } => assert_eq!(field, "open_appid"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_token_kind_is_reported() {
        let op = find("open.get").expect("known");
        let token = AnyToken::Component(crate::ComponentAccessToken::new("c").expect("valid"));
        let err = op.build(&Value::Null, &token, &ApiBase::default()).unwrap_err();
        assert_eq!(err.code(), "wrong_token");
        assert_eq!(err.to_string(), "open.get needs an authorizer access token, got a component access token");
    }
}
