//! Input rules shared by the operations. Each check names the wire field it refuses
//! ([`Error::InvalidArgument`]) and runs before anything is sent.

use crate::api::fields::CodeType;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// A required value must be present.
pub(crate) fn present<T>(field: &'static str, value: Option<T>) -> Result<T> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

/// A required free-text field (a name) must be present and non-blank.
pub(crate) fn text(field: &'static str, value: &str) -> Result<()> {
    super::require(field, value)
}

/// A required identifier (appid, openid, WeChat ID, taskid): non-blank and without
/// whitespace or control characters.
pub(crate) fn id(field: &'static str, value: &str) -> Result<()> {
    text(field, value)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

/// A required credential (secret, ticket, code) must be non-blank; its value is never quoted.
pub(crate) fn secret(field: &'static str, value: &Secret) -> Result<()> {
    if value.expose().trim().is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    Ok(())
}

/// An optional free-text field must be non-blank when given (omit it instead).
pub(crate) fn optional_text(field: &'static str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if v.trim().is_empty() => Err(Error::invalid(
            field,
            "must not be empty when given (omit it instead)",
        )),
        _ => Ok(()),
    }
}

/// An optional identifier must follow [`id`] when given.
pub(crate) fn optional_id(field: &'static str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if v.trim().is_empty() => Err(Error::invalid(
            field,
            "must not be empty when given (omit it instead)",
        )),
        Some(v) => id(field, v),
        None => Ok(()),
    }
}

/// The enterprise `code` must fit its `code_type` (spec §3.1): 18 characters for a unified
/// social credit code, 9 for an organization code — written `xxxxxxxx-x` (10 characters with
/// the hyphen) or without it — and 15 for a business licence number; letters and digits only
/// apart from that hyphen. WeChat answers 89255 for anything else.
pub(crate) fn enterprise_code(field: &'static str, code: &str, code_type: CodeType) -> Result<()> {
    text(field, code)?;
    let len = code.chars().count();
    let rule = match code_type {
        CodeType::UnifiedSocialCreditCode => {
            "must be 18 letters or digits for code_type 1 (unified social credit code)"
        }
        CodeType::OrganizationCode => {
            "must be 9 letters or digits, written xxxxxxxx-x or without the hyphen, for code_type 2 (organization code)"
        }
        CodeType::BusinessLicenceNumber => {
            "must be 15 letters or digits for code_type 3 (business licence registration number)"
        }
    };
    let fits = match code_type {
        CodeType::UnifiedSocialCreditCode => {
            len == 18 && code.chars().all(|c| c.is_ascii_alphanumeric())
        }
        CodeType::BusinessLicenceNumber => {
            len == 15 && code.chars().all(|c| c.is_ascii_alphanumeric())
        }
        CodeType::OrganizationCode => {
            let bytes = code.as_bytes();
            let hyphenated = bytes.len() == 10
                && bytes.iter().enumerate().all(|(i, b)| {
                    if i == 8 {
                        *b == b'-'
                    } else {
                        b.is_ascii_alphanumeric()
                    }
                });
            let plain = bytes.len() == 9 && bytes.iter().all(u8::is_ascii_alphanumeric);
            hyphenated || plain
        }
    };
    if !fits {
        return Err(Error::invalid(
            field,
            format!("{rule}; got {len} characters (WeChat answers 89255 otherwise)"),
        ));
    }
    Ok(())
}

/// A trial (beta) mini-program name (spec §3.4, §3.6): 4–30 characters, counted as Unicode
/// characters (WeChat appends 的体验小程序 itself).
pub(crate) fn trial_name(field: &'static str, name: &str) -> Result<()> {
    text(field, name)?;
    let len = name.chars().count();
    if !(4..=30).contains(&len) {
        return Err(Error::invalid(
            field,
            format!("must be 4–30 characters (got {len}); WeChat appends 的体验小程序 itself"),
        ));
    }
    Ok(())
}

/// A `redirect_uri` must be an absolute `http`/`https` URL with a host and no fragment
/// (WeChat appends its own query parameters to it), free of whitespace and control characters.
pub(crate) fn redirect_uri(field: &'static str, url: &str) -> Result<()> {
    text(field, url)?;
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    };
    let Some(rest) = rest else {
        return Err(Error::invalid(
            field,
            "must be an absolute http:// or https:// URL",
        ));
    };
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err(Error::invalid(
            field,
            "must be an absolute http:// or https:// URL with a host",
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    if url.contains('#') {
        return Err(Error::invalid(
            field,
            "must not contain a fragment (#); WeChat appends query parameters to it",
        ));
    }
    Ok(())
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
    fn codes_fit_their_type() {
        assert!(
            enterprise_code(
                "code",
                "91440300MA5FXXXX1X",
                CodeType::UnifiedSocialCreditCode
            )
            .is_ok()
        );
        assert!(
            enterprise_code(
                "code",
                "91440300MA5FXXXX1",
                CodeType::UnifiedSocialCreditCode
            )
            .is_err()
        );
        assert!(enterprise_code("code", "12345678-9", CodeType::OrganizationCode).is_ok());
        assert!(enterprise_code("code", "123456789", CodeType::OrganizationCode).is_ok());
        assert!(enterprise_code("code", "12345678", CodeType::OrganizationCode).is_err());
        assert!(enterprise_code("code", "1234567890", CodeType::OrganizationCode).is_err());
        assert!(enterprise_code("code", "1234567-89", CodeType::OrganizationCode).is_err());
        assert!(enterprise_code("code", "12345678-９", CodeType::OrganizationCode).is_err());
        assert!(
            enterprise_code("code", "440301000000001", CodeType::BusinessLicenceNumber).is_ok()
        );
        assert!(
            enterprise_code("code", "44030100000000", CodeType::BusinessLicenceNumber).is_err()
        );
    }

    #[test]
    fn trial_names_count_characters() {
        assert!(trial_name("name", "体验小店").is_ok());
        assert!(trial_name("name", "体验店").is_err());
        assert!(trial_name("name", &"字".repeat(30)).is_ok());
        assert!(trial_name("name", &"字".repeat(31)).is_err());
        assert!(trial_name("name", "    ").is_err());
    }

    #[test]
    fn redirect_uris_are_absolute_http() {
        assert!(redirect_uri("redirect_uri", "https://a.example.com/cb?x=1").is_ok());
        assert!(redirect_uri("redirect_uri", "HTTP://a.example.com").is_ok());
        for bad in [
            "/cb",
            "ftp://a/b",
            "https://",
            "https:///x",
            "https://a b",
            "https://a/#x",
            "javascript:alert(1)",
            "https://u@h/",
        ] {
            assert!(redirect_uri("redirect_uri", bad).is_err(), "{bad}");
        }
    }
}
