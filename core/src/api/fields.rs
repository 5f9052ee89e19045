//! Typed request fields shared by several operations, each accepting WeChat's loose input
//! forms (spec §0.3: a number or a numeric string) and emitting the documented JSON type.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::wire::lenient_i64;

/// `code_type` of an enterprise registration (spec §3.1, §3.5): which kind of enterprise code
/// `code` is, which fixes its length. Sent as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeType {
    /// `1`: unified social credit code (统一社会信用代码), 18 characters.
    UnifiedSocialCreditCode,
    /// `2`: organization code (组织机构代码), 9 characters in the form `xxxxxxxx-x`.
    OrganizationCode,
    /// `3`: business licence registration number (营业执照注册号), 15 characters.
    BusinessLicenceNumber,
}

impl CodeType {
    /// The wire number (1, 2 or 3).
    pub fn code(self) -> u8 {
        match self {
            Self::UnifiedSocialCreditCode => 1,
            Self::OrganizationCode => 2,
            Self::BusinessLicenceNumber => 3,
        }
    }

    /// The type for a wire number.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::UnifiedSocialCreditCode),
            2 => Some(Self::OrganizationCode),
            3 => Some(Self::BusinessLicenceNumber),
            _ => None,
        }
    }

    /// Plain words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::UnifiedSocialCreditCode => "unified social credit code",
            Self::OrganizationCode => "organization code",
            Self::BusinessLicenceNumber => "business licence registration number",
        }
    }
}

impl Serialize for CodeType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

impl<'de> Deserialize<'de> for CodeType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        lenient_i64(&v).and_then(Self::from_code).ok_or_else(|| {
            de::Error::custom(format!(
                "must be 1 (unified social credit code), 2 (organization code) or 3 (business licence number), got {}",
                describe_number(&v)
            ))
        })
    }
}

/// `auth_type` of an authorization page (spec §1.5): which accounts the page offers.
///
/// The documented values are 1–3. Integrators send others (the spec notes 6) and WeChat is not
/// known to refuse them, so any positive integer passes through as [`AuthType::Other`]: the core
/// refuses only what WeChat refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthType {
    /// `1`: only official accounts.
    OfficialAccount,
    /// `2`: only mini programs.
    MiniProgram,
    /// `3`: both (WeChat's default when absent).
    Both,
    /// Any other positive value, sent as given (undocumented; e.g. `6`).
    Other(u32),
}

impl AuthType {
    /// The wire number.
    pub fn code(self) -> u32 {
        match self {
            Self::OfficialAccount => 1,
            Self::MiniProgram => 2,
            Self::Both => 3,
            Self::Other(n) => n,
        }
    }

    /// The type for a wire number: 1–3 by name, any other positive value as [`AuthType::Other`];
    /// `None` for 0, negatives and values beyond `u32`.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::OfficialAccount),
            2 => Some(Self::MiniProgram),
            3 => Some(Self::Both),
            n if n > 0 => u32::try_from(n).ok().map(Self::Other),
            _ => None,
        }
    }
}

impl Serialize for AuthType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.code())
    }
}

impl<'de> Deserialize<'de> for AuthType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        lenient_i64(&v).and_then(Self::from_code).ok_or_else(|| {
            de::Error::custom(format!(
                "must be a positive integer (1 official accounts, 2 mini programs, 3 both; other values pass through), got {}",
                describe_number(&v)
            ))
        })
    }
}

/// Describes a refused value without quoting a string (which might be a misplaced secret):
/// numbers are shown, anything else by its kind.
fn describe_number(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        other => crate::wire::kind_of(other).to_owned(),
    }
}

/// A permission-set id for `category_id_list` (spec §1.5): a positive integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryId(pub u32);

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for CategoryId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for CategoryId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        lenient_i64(&v)
            .filter(|n| *n > 0)
            .and_then(|n| u32::try_from(n).ok())
            .map(Self)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "must be a positive permission-set id, got {}",
                    describe_number(&v)
                ))
            })
    }
}

/// `serde(deserialize_with)` for an optional 0/1 switch: a bool, `0`/`1`, or their strings
/// (`"true"`, `"false"`, `"0"`, `"1"`). `null`/absent is `None`.
pub(crate) fn de_opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    let flag = match &v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => match lenient_i64(other) {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => match other.as_str().map(str::trim) {
                Some("true") => Some(true),
                Some("false") => Some(false),
                _ => None,
            },
        },
    };
    flag.map(Some).ok_or_else(|| {
        de::Error::custom(format!(
            "must be 0 or 1 (or false/true), got {}",
            describe_number(&v.unwrap_or(Value::Null))
        ))
    })
}

/// Serializes a switch as the number WeChat documents (`1`/`0`).
pub(crate) fn flag_number(on: bool) -> u8 {
    u8::from(on)
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

    #[derive(Debug, Deserialize)]
    struct F {
        #[serde(default, deserialize_with = "de_opt_flag")]
        f: Option<bool>,
    }

    #[test]
    fn code_type_from_number_or_string() {
        let t: CodeType = serde_json::from_value(json!("2")).expect("string");
        assert_eq!(t, CodeType::OrganizationCode);
        assert_eq!(serde_json::to_string(&t).expect("ser"), "2");
        assert!(serde_json::from_value::<CodeType>(json!(4)).is_err());
        assert_eq!(
            serde_json::from_value::<AuthType>(json!(6)).expect("passes through"),
            AuthType::Other(6)
        );
        assert!(serde_json::from_value::<AuthType>(json!(0)).is_err());
        assert!(serde_json::from_value::<AuthType>(json!(-1)).is_err());
        assert_eq!(
            serde_json::from_value::<AuthType>(json!(" 3 ")).expect("ok"),
            AuthType::Both
        );
    }

    #[test]
    fn flags_accept_bool_number_and_string() {
        for (v, want) in [
            (json!(true), Some(true)),
            (json!(0), Some(false)),
            (json!("1"), Some(true)),
            (json!("false"), Some(false)),
            (Value::Null, None),
        ] {
            let f: F = serde_json::from_value(json!({ "f": v })).expect("flag");
            assert_eq!(f.f, want);
        }
        assert!(serde_json::from_value::<F>(json!({"f": 2})).is_err());
        assert!(serde_json::from_value::<F>(json!({"f": "yes"})).is_err());
        let f: F = serde_json::from_value(json!({})).expect("absent");
        assert_eq!(f.f, None);
    }

    #[test]
    fn category_ids_are_positive() {
        assert_eq!(
            serde_json::from_value::<CategoryId>(json!("17")).expect("ok"),
            CategoryId(17)
        );
        assert!(serde_json::from_value::<CategoryId>(json!(0)).is_err());
        assert!(serde_json::from_value::<CategoryId>(json!("x")).is_err());
    }
}
