//! A string that must never be printed: tokens, appsecrets, EncodingAESKeys.

use std::fmt;

/// A secret string. `Debug` and `Display` print `***`; read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for building a request. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// Wire field names whose values are credentials. Bindings hide them in reprs and logs.
pub const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "component_access_token",
    "authorizer_access_token",
    "authorizer_refresh_token",
    "component_appsecret",
    "appsecret",
    "component_secret",
    "component_verify_ticket",
    "pre_auth_code",
    "authorization_code",
    "auth_code",
    "ticket",
    "encoding_aes_key",
    "appsecret",
    "token",
];

/// The words that make a field name secret when it ends with one of them (see
/// [`is_secret_field`]): `…_token`, `…Ticket`, `…_code`, `…secret`, `…Key`.
pub const SECRET_NAME_WORDS: &[&str] = &["token", "ticket", "code", "secret", "key"];

/// Field names that end with a secret word but carry no credential: the enterprise `code` of a
/// registration (a public registry number, spec §3.1), the `code` of a status or errcode, a menu
/// `EventKey`, a message's `dedup_key` (spec §13.2) and an order-path item's `ret_code` (§14.6).
pub const PUBLIC_FIELDS: &[&str] = &[
    "code",
    "errcode",
    "EventKey",
    "event_key",
    "dedup_key",
    "ret_code",
];

/// Whether the value of the field `name` is a credential that display forms (Debug, reprs,
/// `util.inspect`, the browser console) must mask. The one rule every binding follows:
///
/// * a name in [`SECRET_FIELDS`] is secret;
/// * a name in [`PUBLIC_FIELDS`] is not;
/// * any other name is secret when its last word (snake_case, camelCase or PascalCase) is one
///   of [`SECRET_NAME_WORDS`], or ends with `token` or `secret` (`appsecret`, `accesstoken`) —
///   so fields WeChat adds later (`ComponentVerifyTicket`, `PreAuthCode`, `new_refresh_token`)
///   are masked without a release.
///
/// ```
/// use wxopen::secret::is_secret_field;
/// assert!(is_secret_field("authorizer_access_token"));
/// assert!(is_secret_field("AuthorizationCode"));
/// assert!(is_secret_field("componentVerifyTicket"));
/// assert!(!is_secret_field("AuthorizationCodeExpiredTime"));
/// assert!(!is_secret_field("code_type"));
/// assert!(!is_secret_field("qrcode_url"));
/// ```
pub fn is_secret_field(name: &str) -> bool {
    if SECRET_FIELDS.contains(&name) {
        return true;
    }
    if PUBLIC_FIELDS.contains(&name) {
        return false;
    }
    let Some(last) = last_word(name) else {
        return false;
    };
    let last = last.to_ascii_lowercase();
    SECRET_NAME_WORDS.contains(&last.as_str())
        || last.ends_with("token")
        || last.ends_with("secret")
}

/// The last word of a snake_case, kebab-case, camelCase or PascalCase name (`None` if the name
/// has no letters or digits).
fn last_word(name: &str) -> Option<&str> {
    let trimmed = name.trim_end_matches(|c: char| !c.is_alphanumeric());
    let chars: Vec<(usize, char)> = trimmed.char_indices().collect();
    let mut start = 0;
    for (k, window) in chars.windows(2).enumerate().rev() {
        let [(_, prev), (at, c)] = window else {
            continue;
        };
        let next_lower = chars.get(k + 2).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = !prev.is_alphanumeric()
            || (c.is_uppercase() && (prev.is_lowercase() || prev.is_ascii_digit()))
            // Within a run of capitals (`UDPDomain`) the last capital starts the next word.
            || (c.is_uppercase() && prev.is_uppercase() && next_lower);
        if boundary {
            start = *at;
            break;
        }
    }
    trimmed.get(start..).filter(|w| !w.is_empty())
}

/// Replaces every credential in `text` by `***`: the value of every `name=value` pair whose name
/// [`is_secret_field`] (as in a URL query or a form body), and every literal occurrence of the
/// `known` secret values (those of at least 4 characters; shorter strings are not credentials and
/// replacing them would garble the text). For messages of exceptions raised by transports, which
/// quote URLs and bodies.
pub fn redact_text<'a>(text: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = redact_pairs(text);
    let mut values: Vec<&str> = known
        .into_iter()
        .filter(|v| v.chars().count() >= 4)
        .collect();
    // Longest first, so a value that contains another is replaced whole.
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in values {
        if out.contains(value) {
            out = out.replace(value, "***");
        }
        let encoded: String =
            percent_encoding::utf8_percent_encode(value, crate::api::QUERY_VALUE).collect();
        if encoded != value && out.contains(&encoded) {
            out = out.replace(&encoded, "***");
        }
    }
    out
}

/// `name=value` pairs with a secret name get `***` as value. A value runs to the next `&`,
/// whitespace, quote, `#`, `)`, `]`, `>` or `,`.
fn redact_pairs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let (before, after) = rest.split_at(eq);
        let name_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |i| i + 1);
        let name = before.get(name_start..).unwrap_or_default();
        out.push_str(before);
        out.push('=');
        let value = after.get(1..).unwrap_or_default();
        let end = value
            .find(|c: char| {
                c == '&'
                    || c.is_whitespace()
                    || matches!(c, '\'' | '"' | '#' | ')' | ']' | '>' | ',' | ';')
            })
            .unwrap_or(value.len());
        if !name.is_empty() && end > 0 && is_secret_field(name) {
            out.push_str("***");
        } else {
            out.push_str(value.get(..end).unwrap_or_default());
        }
        rest = value.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_name_rule() {
        for secret in [
            "access_token",
            "component_verify_ticket",
            "ComponentVerifyTicket",
            "AuthorizationCode",
            "PreAuthCode",
            "preAuthCode",
            "auth_code",
            "authorizerRefreshToken",
            "new_refresh_token",
            "appsecret",
            "EncodingAESKey",
            "encodingAesKey",
            "api_key",
            "ticket",
            "token",
            "Ticket",
        ] {
            assert!(is_secret_field(secret), "{secret}");
        }
        for public in [
            "code",
            "code_type",
            "codeType",
            "errcode",
            "AuthorizationCodeExpiredTime",
            "authorization_code_expired_time",
            "qrcode_url",
            "expires_in",
            "taskid",
            "EventKey",
            "dedup_key",
            "ret_code",
            "UDPDomain",
            "",
            "__",
            "status",
        ] {
            assert!(!is_secret_field(public), "{public}");
        }
        assert_eq!(last_word("UDPDomain"), Some("Domain"));
        assert_eq!(last_word("EncodingAESKey"), Some("Key"));
        assert_eq!(last_word("a_b-c"), Some("c"));
        assert_eq!(last_word("x2Token"), Some("Token"));
    }

    #[test]
    fn redacts_pairs_and_known_values() {
        let text = "GET /cgi-bin/open/get?access_token=AAT%2Fx&appid=wx1 failed: 'ticket=T1' token ABCDEF, see ABCDEF";
        let out = redact_text(text, ["ABCDEF", "x"]);
        assert_eq!(
            out,
            "GET /cgi-bin/open/get?access_token=***&appid=wx1 failed: 'ticket=***' token ***, see ***"
        );
        assert_eq!(redact_text("a=b=c", []), "a=b=c");
        assert_eq!(redact_text("code=123&x", []), "code=123&x");
        assert_eq!(redact_text("v=a/bc d", ["a/bc"]), "v=*** d");
        assert_eq!(redact_text("u=a%2Fbc", ["a/bc"]), "u=***");
    }
}
