//! The two values the core exchanges with the host: a request to send, a response received.

use std::fmt;

/// The HTTP method of a request. WeChat's APIs are all `POST`; page URLs are `GET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// A request for the host to send, exactly as it must go on the wire.
///
/// `Debug` hides the token in the query string and the body (which may carry an appsecret).
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The full URL, query string included (it carries the access token).
    pub url: String,
    /// Header name/value pairs, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body (UTF-8 JSON for every API call).
    pub body: Vec<u8>,
}

impl Request {
    /// A `POST` with a JSON body.
    pub fn post_json(url: String, body: Vec<u8>) -> Self {
        Self {
            method: Method::Post,
            url,
            headers: vec![(
                "content-type".to_owned(),
                "application/json; charset=utf-8".to_owned(),
            )],
            body,
        }
    }

    /// The URL with every token-carrying query value replaced by `***`, for logs.
    pub fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }

    /// The body as text, exactly as it goes on the wire except that the value of every secret
    /// field of the JSON body, at any depth ([`crate::secret::is_secret_field`]), is `"***"`:
    /// for showing a request to a person (a preview, a log line). Key order and spacing are
    /// kept. A body that is not JSON is returned as it is (lossily decoded as UTF-8).
    pub fn redacted_body(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.body).into_owned();
        let Ok(body) = serde_json::from_slice::<serde_json::Value>(&self.body) else {
            return text;
        };
        let mut pairs = Vec::new();
        collect_secret_pairs(&body, &mut pairs);
        for (key, value) in pairs {
            // The core's bodies are compact serde_json output, so a field is `"key":"value"`
            // with both strings written as serde_json writes them.
            let (Ok(key), Ok(value)) = (serde_json::to_string(key), serde_json::to_string(value))
            else {
                continue;
            };
            text = text.replace(&format!("{key}:{value}"), &format!("{key}:\"***\""));
        }
        text
    }

    /// Every credential this request carries: the values of secret query parameters and of
    /// secret fields of the JSON body, at any depth ([`crate::secret::is_secret_field`]).
    pub fn secret_values(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((_, query)) = self.url.split_once('?') {
            let query = query.split('#').next().unwrap_or_default();
            for pair in query.split('&') {
                if let Some((k, v)) = pair.split_once('=') {
                    if crate::secret::is_secret_field(k) && !v.is_empty() {
                        out.push(
                            percent_encoding::percent_decode_str(v)
                                .decode_utf8_lossy()
                                .into_owned(),
                        );
                    }
                }
            }
        }
        if let Ok(body) = serde_json::from_slice::<serde_json::Value>(&self.body) {
            collect_secrets(&body, &mut out);
        }
        out
    }

    /// `text` (say, the message of an exception a transport raised while sending this request)
    /// with every credential of this request, and every `secret_name=value` pair, replaced by
    /// `***` (see [`crate::secret::redact_text`]).
    pub fn redact(&self, text: &str) -> String {
        let secrets = self.secret_values();
        crate::secret::redact_text(text, secrets.iter().map(String::as_str))
    }
}

/// The `(name, value)` of every non-empty string field of `value` whose name is secret.
fn collect_secret_pairs<'a>(value: &'a serde_json::Value, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s)
                        if crate::secret::is_secret_field(k) && !s.is_empty() =>
                    {
                        out.push((k, s));
                    }
                    other => collect_secret_pairs(other, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| collect_secret_pairs(v, out));
        }
        _ => {}
    }
}

fn collect_secrets(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s)
                        if crate::secret::is_secret_field(k) && !s.is_empty() =>
                    {
                        out.push(s.clone());
                    }
                    other => collect_secrets(other, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_secrets(v, out)),
        _ => {}
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.redacted_url())
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// A response as the host received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, raw.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with the given status and body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            body: body.into(),
        }
    }

    /// A response whose status comes from a host value of any integer type (a transport the
    /// user wrote): anything outside 100–599 is not an HTTP status and is refused with
    /// [`crate::Error::InvalidArgument`] on `status`, rather than wrapped or truncated.
    pub fn from_status(status: i64, body: impl Into<Vec<u8>>) -> crate::Result<Self> {
        match u16::try_from(status) {
            Ok(s) if (100..=599).contains(&s) => Ok(Self::new(s, body)),
            _ => Err(crate::Error::invalid(
                "status",
                "must be an HTTP status code between 100 and 599 (the transport returned something else)",
            )),
        }
    }
}

/// Replaces the values of credential-carrying query parameters in `url` (tokens, and the
/// `pre_auth_code`/`ticket` of page URLs: every name [`crate::secret::is_secret_field`]
/// accepts) with `***`.
pub fn redact_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, frag)) => (q, Some(frag)),
        None => (query, None),
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(base);
    out.push('?');
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((k, _)) if crate::secret::is_secret_field(k) => {
                out.push_str(k);
                out.push_str("=***");
            }
            _ => out.push_str(pair),
        }
    }
    if let Some(frag) = fragment {
        out.push('#');
        out.push_str(frag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_token_and_body() {
        let req = Request::post_json(
            "https://api.weixin.qq.com/cgi-bin/open/get?access_token=SECRET_AAT".to_owned(),
            br#"{"component_appsecret":"SECRET_APPSECRET"}"#.to_vec(),
        );
        let shown = format!("{req:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("access_token=***"), "{shown}");
    }

    #[test]
    fn redacted_body_masks_secret_fields_and_keeps_the_rest() {
        let body = r#"{"component_appid":"wx1","component_appsecret":"S\"ECRET","nested":{"ticket":"TICKET_1","n":3},"list":[{"auth_code":"AC"}],"code":"91440300MA5FXXXX1X","empty_token":""}"#;
        let req = Request::post_json("https://h/p".to_owned(), body.as_bytes().to_vec());
        assert_eq!(
            req.redacted_body(),
            r#"{"component_appid":"wx1","component_appsecret":"***","nested":{"ticket":"***","n":3},"list":[{"auth_code":"***"}],"code":"91440300MA5FXXXX1X","empty_token":""}"#
        );
        let plain = Request::post_json("https://h/p".to_owned(), b"not json".to_vec());
        assert_eq!(plain.redacted_body(), "not json");
    }

    #[test]
    fn redact_keeps_other_params_and_fragment() {
        assert_eq!(
            redact_url("https://h/p?action=create&component_access_token=abc#x"),
            "https://h/p?action=create&component_access_token=***#x"
        );
        assert_eq!(redact_url("https://h/p"), "https://h/p");
        assert_eq!(
            redact_url(
                "https://mp/page?component_appid=wx1&pre_auth_code=preauthcode@@@x&redirect_uri=r"
            ),
            "https://mp/page?component_appid=wx1&pre_auth_code=***&redirect_uri=r"
        );
    }
}
