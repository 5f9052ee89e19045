//! Wire-level helpers shared by every operation: the response envelope, tolerant decoding of
//! WeChat's loosely typed JSON (spec §0), and request-body encoding.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, Error, Result, excerpt};
use crate::http::Response;

/// Checks the status and `errcode` of a JSON response and decodes the payload as `T`.
///
/// A missing `errcode` or `errcode == 0` is success (spec §0.1); the errcode may be a number or
/// a numeric string. The envelope's `errcode` and `errmsg` are not part of the payload; every
/// other field is, and fields `T` does not model are kept in its [`Extra`].
pub(crate) fn parse_envelope<T: DeserializeOwned>(
    operation: &'static str,
    response: &Response,
) -> Result<T> {
    let mut value = envelope_value(operation, response)?;
    if let Value::Object(map) = &mut value {
        map.remove("errcode");
        map.remove("errmsg");
    }
    decode_value(operation, value)
}

/// Decodes a checked payload, naming the field at fault (a path such as
/// `authorization_info.expires_in`) and never quoting a value.
pub(crate) fn decode_value<T: DeserializeOwned>(
    operation: &'static str,
    value: Value,
) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let (field, what) = match message.strip_prefix("missing field `") {
            Some(rest) => {
                let name = rest.split('`').next().unwrap_or_default();
                let field = if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                };
                (Some(field), "is missing".to_owned())
            }
            None => (
                (path != ".").then_some(path),
                without_values(&message).into_owned(),
            ),
        };
        let detail = match &field {
            Some(f) => format!("{operation}: `{}` {what}", excerpt(f, 128)),
            None => format!("{operation}: {what}"),
        };
        Error::Decode { field, detail }
    })
}

/// Strips the values serde quotes in its messages (`invalid type: string "abc", expected …`
/// becomes `invalid type: string, expected …`), so no response or input value — which may be a
/// credential — reaches an error message.
pub(crate) fn without_values(message: &str) -> Cow<'_, str> {
    const MARKERS: [&str; 3] = ["invalid type: ", "invalid value: ", "unknown variant "];
    if !MARKERS.iter().any(|m| message.contains(m)) {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((at, marker)) = MARKERS
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)
    {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push_str(marker.trim_end());
        let after = after.get(marker.len()..).unwrap_or_default();
        // The kind of value (`string`, `integer`, `floating point`, …), then its quoted value.
        let quote = after.find(['"', '`', ',']).unwrap_or(after.len());
        let kind = after.get(..quote).unwrap_or_default().trim_end();
        if !kind.is_empty() {
            out.push(' ');
            out.push_str(kind);
        }
        rest = after.get(quote..).unwrap_or_default();
        rest = skip_quoted(rest);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Skips one leading `"…"` (with backslash escapes) or `` `…` `` value.
fn skip_quoted(s: &str) -> &str {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return s.get(i + 1..).unwrap_or_default(),
                    _ => escaped = false,
                }
            }
            ""
        }
        Some((_, '`')) => match s.get(1..).and_then(|r| r.find('`')) {
            Some(end) => s.get(end + 2..).unwrap_or_default(),
            None => "",
        },
        _ => s,
    }
}

/// Plain words for the kind of a JSON value, for messages that must not quote it.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Like [`parse_envelope`] but returns the checked JSON value itself.
///
/// A leading UTF-8 byte-order mark is skipped (RFC 8259 §8.1 allows ignoring one, and some
/// proxies and test fixtures add it).
pub(crate) fn envelope_value(operation: &'static str, response: &Response) -> Result<Value> {
    if response.status != 200 {
        return Err(Error::HttpStatus {
            status: response.status,
        });
    }
    let body = response
        .body
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&response.body);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Error::decode(format!(
            "{operation}: body is not JSON ({} at line {} column {})",
            json_error_kind(&e),
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(map) = &value else {
        return Err(Error::decode(format!(
            "{operation}: body is not a JSON object"
        )));
    };
    let errcode = match map.get("errcode") {
        None | Some(Value::Null) => 0,
        Some(v) => lenient_i64(v).ok_or_else(|| Error::Decode {
            field: Some("errcode".to_owned()),
            detail: format!("{operation}: `errcode` is not a number"),
        })?,
    };
    if errcode != 0 {
        let errmsg = match map.get("errmsg") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        return Err(ApiError::new(operation, errcode, errmsg).into());
    }
    Ok(value)
}

fn json_error_kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Eof => "unexpected end",
    }
}

/// Fields of a response (or of a nested object) that this version does not model, kept as
/// WeChat sent them: WeChat adds fields (`func_info[].confirm_info`, `idc`, `TCPDomain`, …) and
/// a user must be able to read them without waiting for a release. Serialized flat, beside the
/// modelled fields, so the bindings show them as ordinary fields.
///
/// `Debug` masks the values of secret-looking names ([`crate::secret::is_secret_field`]).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub serde_json::Map<String, Value>);

impl Extra {
    /// The field `name`, if WeChat sent it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Whether there is no unmodelled field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_masked_map(&self.0, f)
    }
}

/// A JSON object in `Debug` form with the values of secret-looking keys masked, at any depth.
pub(crate) fn debug_masked_map(
    map: &serde_json::Map<String, Value>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    struct Masked<'a>(&'a Value);
    impl fmt::Debug for Masked<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                Value::Object(map) => debug_masked_map(map, f),
                Value::Array(items) => f.debug_list().entries(items.iter().map(Masked)).finish(),
                other => write!(f, "{other}"),
            }
        }
    }
    let mut m = f.debug_map();
    for (k, v) in map {
        if crate::secret::is_secret_field(k) && !v.is_null() {
            m.entry(k, &format_args!("***"));
        } else {
            m.entry(k, &Masked(v));
        }
    }
    m.finish()
}

/// A number, or a string holding one (surrounding whitespace allowed).
pub(crate) fn lenient_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Serializes a request body. Serializing our own body types cannot fail; should it ever, the
/// error is reported rather than panicking.
pub(crate) fn json_body<T: Serialize>(operation: &'static str, body: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| {
        Error::decode(format!(
            "{operation}: request body could not be encoded ({})",
            without_values(&e.to_string())
        ))
    })
}

/// The payload of an operation that returns nothing but success (`errcode: 0`).
///
/// It decodes from any JSON and serializes as `null`, so the bindings return `None`/`undefined`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ack;

impl<'de> Deserialize<'de> for Ack {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Ack)
    }
}

impl Serialize for Ack {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

/// `serde(deserialize_with)`: a bool, `"true"`/`"false"`, or `1`/`0` (and their strings).
pub(crate) fn de_lenient_bool<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<bool, D::Error> {
    let v = Value::deserialize(d)?;
    match &v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(de::Error::custom(
                "expected a boolean (or 0/1), got another number",
            )),
        },
        Value::String(s) => match s.trim() {
            "true" | "True" | "TRUE" | "1" => Ok(true),
            "false" | "False" | "FALSE" | "0" | "" => Ok(false),
            _ => Err(de::Error::custom(
                "expected a boolean, got a string other than true/false/1/0",
            )),
        },
        other => Err(de::Error::custom(format!(
            "expected a boolean, got {}",
            kind_of(other)
        ))),
    }
}

/// `serde(deserialize_with)`: an integer or a numeric string.
pub(crate) fn de_lenient_i64<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    lenient_i64(&v).ok_or_else(|| not_integer(&v))
}

/// `serde(deserialize_with)`: an optional integer or numeric string (`null`/absent → `None`).
pub(crate) fn de_lenient_opt_i64<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<i64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => lenient_i64(&v).map(Some).ok_or_else(|| not_integer(&v)),
    }
}

/// `serde(deserialize_with)`: a required string, or a number taken as its decimal text. For
/// ids WeChat may send either way (`taskid`, `unique_id`).
pub(crate) fn de_lenient_string<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(de::Error::custom(format!(
            "expected a string, got {}",
            kind_of(&other)
        ))),
    }
}

fn not_integer<E: de::Error>(v: &Value) -> E {
    match v {
        Value::String(_) => E::custom("expected an integer, got a string that is not one"),
        Value::Number(_) => {
            E::custom("expected an integer, got a number out of range or with a fraction")
        }
        other => E::custom(format!("expected an integer, got {}", kind_of(other))),
    }
}

/// `serde(deserialize_with)`: an optional boolean in WeChat's loose forms ([`de_lenient_bool`]);
/// `null`/absent is `None`.
pub(crate) fn de_lenient_opt_bool<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<bool>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => de_lenient_bool(v).map(Some).map_err(de::Error::custom),
    }
}

/// `serde(deserialize_with)`: an optional id WeChat may send as a string or a number
/// ([`de_lenient_string`]); `null`/absent is `None`.
pub(crate) fn de_lenient_opt_string<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(de::Error::custom(format!(
            "expected a string, got {}",
            kind_of(&other)
        ))),
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

    #[derive(Debug, Deserialize)]
    struct Out {
        #[serde(deserialize_with = "de_lenient_bool")]
        flag: bool,
        #[serde(deserialize_with = "de_lenient_i64")]
        n: i64,
    }

    #[test]
    fn missing_errcode_is_success_and_strings_are_tolerated() {
        let r = Response::new(200, r#"{"flag":"true","n":"42","extra":1}"#);
        let out: Out = parse_envelope("t.op", &r).expect("decodes");
        assert!(out.flag);
        assert_eq!(out.n, 42);
    }

    #[test]
    fn string_errcode_is_an_error() {
        let r = Response::new(200, r#"{"errcode":"89002","errmsg":"no rid: 1"}"#);
        let err = parse_envelope::<Ack>("open.get", &r).unwrap_err();
        match err {
            Error::Api(e) => {
                assert_eq!(e.errcode, 89002);
                assert_eq!(e.errmsg, "no rid: 1");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn non_200_and_non_json_are_typed() {
        let err = parse_envelope::<Ack>("t", &Response::new(502, "bad gateway")).unwrap_err();
        assert_eq!(err, Error::HttpStatus { status: 502 });
        let err = parse_envelope::<Ack>("t", &Response::new(200, "<html>")).unwrap_err();
        assert_eq!(err.code(), "decode_error");
        let err = parse_envelope::<Ack>("t", &Response::new(200, "[1]")).unwrap_err();
        assert_eq!(err.code(), "decode_error");
    }
}
