//! WeChat's error answers and the reading of request bodies, written from the spec (not from
//! the wxopen core, which the sandbox exists to check).
//!
//! Bodies are read leniently, as WeChat does (spec §0.3): a number may come as a numeric
//! string, a boolean as `"true"`/`"false"` or `1`/`0`. A value of the wrong shape (an object
//! where text is expected) is 47001.

use serde_json::{Map, Value};

/// An error answer: `{"errcode": …, "errmsg": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    /// WeChat's errcode.
    pub errcode: i64,
    /// A detail appended to the standard message (never a secret).
    pub detail: Option<String>,
}

impl Fail {
    /// The answer `errcode` with its standard message.
    pub fn code(errcode: i64) -> Self {
        Self {
            errcode,
            detail: None,
        }
    }

    /// The answer `errcode` with a detail after the standard message.
    pub fn with(errcode: i64, detail: impl Into<String>) -> Self {
        Self {
            errcode,
            detail: Some(detail.into()),
        }
    }

    /// The message WeChat sends for this errcode (without the `rid` suffix).
    pub fn message(&self) -> String {
        let base = errmsg(self.errcode);
        match &self.detail {
            Some(d) => format!("{base}: {d}"),
            None => base.to_owned(),
        }
    }
}

/// Result of an API handler.
pub type Outcome = Result<Value, Fail>;

/// The standard `errmsg` of each errcode the sandbox answers.
pub fn errmsg(errcode: i64) -> &'static str {
    match errcode {
        -1 => "system error",
        0 => "ok",
        40001 => "invalid credential, access_token is invalid or not latest",
        40003 => "invalid openid",
        40008 => "invalid message type",
        40013 => "invalid appid",
        40014 => "invalid access_token",
        40097 => "invalid args",
        40125 => "invalid appsecret",
        41001 => "access_token missing",
        41002 => "appid missing",
        41004 => "appsecret missing",
        42001 => "access_token expired",
        43002 => "require POST method",
        44002 => "empty post data",
        44004 => "empty content",
        45009 => "reach max api daily quota limit",
        45011 => "api minute-quota reach limit, must slower, retry next minute",
        45015 => "response out of time limit or subscription is canceled",
        47001 => "data format error",
        48001 => "api unauthorized",
        48006 => "forbid to clear quota because of reaching the limit",
        61003 => "component is not authorized by this account",
        61004 => "access clientip is not registered",
        61005 => "component ticket is expired",
        61006 => "component ticket is invalid",
        61007 => "api is unauthorized to component",
        61009 => "code is invalid",
        61010 => "code is expired",
        61011 => "invalid component",
        61014 => "must use component token",
        61023 => "refresh_token is invalid",
        61024 => "must use api(api_component_token) to get token for component acct",
        61028 => "component is unpublished",
        61029 => "component needs republish with base permission set",
        61051 => "official account subject type is not allowed",
        61052 => "official account is not verified",
        61053 => "subject registration limit exceeded",
        61054 => "subject is blacklisted",
        61055 => "official account monthly fast registration quota exceeded",
        61056 => "this subject type must copy the wechat verification",
        61057 => "official account has a fast registration in progress",
        61058 => "ticket is invalid",
        61060 => "redirect uri is invalid",
        61061 => "overseas accounts are not allowed",
        61070 => "name, idcard, wechat name not in accordance",
        76003 => "invalid cgi_path",
        76021 => "cgi_path not found",
        76022 => "could not use this cgi_path, no permission",
        85026 => "wechat id reached the admin binding limit",
        85027 => "id card reached the admin binding limit",
        85060 => "invalid taskid",
        85061 => "phone number reached the admin binding limit",
        85062 => "phone number is blacklisted",
        85063 => "id card is blacklisted",
        86004 => "invalid wechat",
        86011 => "name hits a protected keyword",
        89000 => "account has bound open",
        89001 => "not same contractor",
        89002 => "account not bind open",
        89003 => "open account not created by api, operation not allowed",
        89004 => "open's account reach limit",
        89007 => "wxa quota limit",
        89008 => "overseas account can not link",
        89009 => "wxa reach link limit",
        89010 => "link message has sent",
        89011 => "can not unlink nearby wxa",
        89012 => "can not unlink store or mall wxa",
        89013 => "wxa is banned",
        89015 => "has linked wxa",
        89016 => "reach same realname quota",
        89017 => "reach different realname quota",
        89036 => "open account not created by api or not verified",
        89247 => "inner error",
        89248 => "invalid code type",
        89249 => "task running",
        89250 => "task not found",
        89251 => "legal person checking",
        89252 => "front checking",
        89253 => "lack of some params",
        89254 => "lack of some component rights",
        89255 => "code is invalid",
        91020 => "registration type wrong, only trial mini programs may call",
        91021 => "not a trial mini program that is still unverified",
        _ => "error",
    }
}

/// A request body: the top-level JSON object.
#[derive(Debug, Default)]
pub struct Body(pub Map<String, Value>);

impl Body {
    /// Parses a body: empty → 44002; not JSON, or not an object → 47001.
    pub fn parse(raw: &[u8]) -> Result<Self, Fail> {
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(Fail::code(44002));
        }
        match serde_json::from_slice::<Value>(raw) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(_) => Err(Fail::with(47001, "the body is not a JSON object")),
            Err(_) => Err(Fail::with(47001, "the body is not JSON")),
        }
    }

    /// A text field: absent, `null` or blank → `None`; a number is taken as its text.
    pub fn text(&self, key: &str) -> Result<Option<String>, Fail> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(Fail::with(47001, format!("{key} must be a string"))),
        }
    }

    /// A required text field; absent → `missing`.
    pub fn need(&self, key: &str, missing: i64) -> Result<String, Fail> {
        self.text(key)?
            .ok_or_else(|| Fail::with(missing, format!("{key} is missing")))
    }

    /// An integer field: a number or a numeric string.
    pub fn int(&self, key: &str) -> Result<Option<i64>, Fail> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| Fail::with(47001, format!("{key} must be an integer"))),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Fail::with(47001, format!("{key} must be an integer"))),
            Some(_) => Err(Fail::with(47001, format!("{key} must be an integer"))),
        }
    }

    /// A boolean field: `true`/`false`, `"true"`/`"false"`, `1`/`0`, `"1"`/`"0"`.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, Fail> {
        let bad = || Fail::with(47001, format!("{key} must be a boolean"));
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(0) => Ok(Some(false)),
                Some(1) => Ok(Some(true)),
                _ => Err(bad()),
            },
            Some(Value::String(s)) => match s.trim() {
                "true" | "1" => Ok(Some(true)),
                "false" | "0" => Ok(Some(false)),
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }

    /// A nested object (e.g. `verify_info`); absent → `None`, another shape → 47001.
    pub fn object(&self, key: &str) -> Result<Option<Body>, Fail> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Body(map.clone()))),
            Some(_) => Err(Fail::with(47001, format!("{key} must be an object"))),
        }
    }
}

/// Enterprise code rules (spec §3.1): type 1 = 18 characters, 2 = 9 (`xxxxxxxx-x`, the dash
/// optional), 3 = 15. Returns 89248 for an unknown type and 89255 for a code that does not fit.
pub fn check_enterprise_code(code: &str, code_type: i64) -> Result<(), Fail> {
    let alnum = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
    let fits = match code_type {
        1 => code.len() == 18 && alnum(code),
        2 => match code.split_once('-') {
            Some((head, tail)) => head.len() == 8 && tail.len() == 1 && alnum(head) && alnum(tail),
            None => code.len() == 9 && alnum(code),
        },
        3 => code.len() == 15 && alnum(code),
        _ => return Err(Fail::with(89248, format!("code_type {code_type}"))),
    };
    if fits {
        Ok(())
    } else {
        Err(Fail::with(
            89255,
            format!("code does not fit code_type {code_type}"),
        ))
    }
}

/// A WeChat ID (微信号): 6–20 characters, a letter first, then letters, digits, `-` or `_`.
pub fn is_wechat_id(id: &str) -> bool {
    let mut chars = id.chars();
    (6..=20).contains(&id.len())
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_read_leniently() {
        let body = Body::parse(br#"{"a":"1","b":2,"c":"true","d":0,"e":{"x":1},"f":" "}"#).unwrap();
        assert_eq!(body.int("a").unwrap(), Some(1));
        assert_eq!(body.text("b").unwrap().as_deref(), Some("2"));
        assert_eq!(body.flag("c").unwrap(), Some(true));
        assert_eq!(body.flag("d").unwrap(), Some(false));
        assert_eq!(body.text("e").unwrap_err().errcode, 47001);
        assert_eq!(body.text("f").unwrap(), None);
        assert_eq!(Body::parse(b"").unwrap_err().errcode, 44002);
        assert_eq!(Body::parse(b"[1]").unwrap_err().errcode, 47001);
        assert_eq!(Body::parse(b"{").unwrap_err().errcode, 47001);
    }

    #[test]
    fn enterprise_codes() {
        assert!(check_enterprise_code("91440300MA5FAKE001", 1).is_ok());
        assert_eq!(check_enterprise_code("123", 1).unwrap_err().errcode, 89255);
        assert!(check_enterprise_code("12345678-9", 2).is_ok());
        assert!(check_enterprise_code("123456789", 2).is_ok());
        assert!(check_enterprise_code("440301000000001", 3).is_ok());
        assert_eq!(check_enterprise_code("x", 4).unwrap_err().errcode, 89248);
        assert!(is_wechat_id("zhangsan_acme"));
        assert!(!is_wechat_id("1zhangsan"));
        assert!(!is_wechat_id("abc"));
    }
}
