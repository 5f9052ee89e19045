//! Wire-level helpers shared by every operation: the response envelope, tolerant decoding of
//! WeChat's loosely typed JSON (spec §0), and request-body encoding.

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, Error, Result};
use crate::http::Response;

/// Checks the status and `errcode` of a JSON response and decodes the payload as `T`.
///
/// A missing `errcode` or `errcode == 0` is success (spec §0.1); the errcode may be a number or
/// a numeric string. Unknown fields are ignored.
pub(crate) fn parse_envelope<T: DeserializeOwned>(
    operation: &'static str,
    response: &Response,
) -> Result<T> {
    let value = envelope_value(operation, response)?;
    T::deserialize(value).map_err(|e| Error::Decode {
        detail: format!("{operation}: {e}"),
    })
}

/// Like [`parse_envelope`] but returns the checked JSON value itself.
pub(crate) fn envelope_value(operation: &'static str, response: &Response) -> Result<Value> {
    if response.status != 200 {
        return Err(Error::HttpStatus {
            status: response.status,
        });
    }
    let value: Value = serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
        detail: format!("{operation}: body is not JSON ({e})"),
    })?;
    let Value::Object(map) = &value else {
        return Err(Error::Decode {
            detail: format!("{operation}: body is not a JSON object"),
        });
    };
    let errcode = match map.get("errcode") {
        None | Some(Value::Null) => 0,
        Some(v) => lenient_i64(v).ok_or_else(|| Error::Decode {
            detail: format!("{operation}: errcode is not a number"),
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
    serde_json::to_vec(body).map_err(|e| Error::Decode {
        detail: format!("{operation}: request body could not be encoded ({e})"),
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
            _ => Err(de::Error::custom(format!("expected a boolean, got {v}"))),
        },
        Value::String(s) => match s.trim() {
            "true" | "True" | "TRUE" | "1" => Ok(true),
            "false" | "False" | "FALSE" | "0" | "" => Ok(false),
            _ => Err(de::Error::custom(format!("expected a boolean, got {v}"))),
        },
        _ => Err(de::Error::custom(format!("expected a boolean, got {v}"))),
    }
}

/// `serde(deserialize_with)`: an integer or a numeric string.
pub(crate) fn de_lenient_i64<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    lenient_i64(&v).ok_or_else(|| de::Error::custom(format!("expected an integer, got {v}")))
}

/// `serde(deserialize_with)`: an optional integer or numeric string (`null`/absent → `None`).
pub(crate) fn de_lenient_opt_i64<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<i64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => lenient_i64(&v)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("expected an integer, got {v}"))),
    }
}

/// `serde(deserialize_with)`: an integer or numeric string; `null` is `0` (use with
/// `#[serde(default)]` so an absent field is `0` too).
pub(crate) fn de_lenient_i64_or_zero<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<i64, D::Error> {
    de_lenient_opt_i64(d).map(Option::unwrap_or_default)
}

/// `serde(deserialize_with)`: like [`de_lenient_bool`], but `null` is `false` (use with
/// `#[serde(default)]` so an absent field is `false` too).
pub(crate) fn de_lenient_bool_or_false<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<bool, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(false),
        Some(v) => de_lenient_bool(v).map_err(de::Error::custom),
    }
}

/// `serde(deserialize_with)`: a string, or a number taken as its decimal text; `null` is `""`
/// (use with `#[serde(default)]` so an absent field is `""` too). For ids WeChat may send
/// either way (`taskid`, `unique_id`).
pub(crate) fn de_lenient_string<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(de::Error::custom(format!("expected a string, got {other}"))),
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
