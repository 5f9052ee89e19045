//! No secret (token, appsecret, EncodingAESKey, refresh token) appears in `Debug` output or in
//! an error's message or JSON form, whatever goes wrong.

// Tests: a failed expectation is the report.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::json;
use wxopen::api::{ApiBase, registry};
use wxopen::{AnyToken, AuthorizerAccessToken, ComponentAccessToken, Response, Webhook};

const SECRET: &str = "S3CR3T_value_never_printed";

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
}

#[test]
fn tokens_hide_their_value() {
    let cat = ComponentAccessToken::new(SECRET).expect("valid");
    let aat = AuthorizerAccessToken::new("wxa", SECRET).expect("valid");
    assert_hidden("ComponentAccessToken", &format!("{cat:?}"));
    assert_hidden("AuthorizerAccessToken", &format!("{aat:?}"));
    assert_hidden(
        "AnyToken",
        &format!("{:?}", AnyToken::Authorizer(aat.clone())),
    );
    assert_eq!(aat.expose(), SECRET);
}

#[test]
fn errors_never_carry_the_token() {
    let base = ApiBase::default();
    let cat = AnyToken::Component(ComponentAccessToken::new(SECRET).expect("valid"));
    let aat = AnyToken::Authorizer(AuthorizerAccessToken::new("wxa", SECRET).expect("valid"));
    let mut errors = Vec::new();
    // Wrong kind, refused input, and every failing response, for every operation.
    for op in registry::all() {
        for token in [&cat, &aat, &AnyToken::None] {
            if let Err(e) = op.build(&json!({"unknown_field": SECRET}), token, &base) {
                errors.push(e);
            }
            if let Err(e) = op.build(&json!({}), token, &base) {
                errors.push(e);
            }
        }
        for (status, body) in [
            (
                200,
                r#"{"errcode":40001,"errmsg":"invalid credential"}"#.to_owned(),
            ),
            (502, "bad gateway".to_owned()),
            (200, "not json".to_owned()),
        ] {
            if let Err(e) = op.parse(&json!({}), &Response::new(status, body)) {
                errors.push(e);
            }
        }
    }
    assert!(
        errors.len() > 100,
        "expected many errors, got {}",
        errors.len()
    );
    for e in &errors {
        let shown = format!("{e} {e:?} {}", e.to_json());
        // An unknown field is named (it is the caller's key, not a value); values never are.
        assert_hidden("error", &shown.replace("unknown_field", ""));
    }
}

#[test]
fn request_inputs_with_secrets_hide_them() {
    let base = ApiBase::default();
    let input = json!({
        "component_appid": "wx1",
        "component_appsecret": SECRET,
        "component_verify_ticket": SECRET,
    });
    let op = registry::find("component.api_component_token").expect("known");
    let request = op.build(&input, &AnyToken::None, &base).expect("valid");
    assert!(
        String::from_utf8_lossy(&request.body).contains(SECRET),
        "the wire needs it"
    );
    assert_hidden("Request", &format!("{request:?}"));
}

#[test]
fn webhook_hides_token_and_key() {
    let key = "S3CR3Tvaluenevrprinted0123456789abcdefghijk"; // 43 characters
    assert_eq!(key.len(), 43);
    let hook = Webhook::new(SECRET, key, "wx7e3c9f0a1b2d4c68").expect("valid");
    let shown = format!("{hook:?}");
    assert_hidden("Webhook", &shown);
    assert!(!shown.contains(key), "{shown}");
    let bad_key = format!("{}!", &key[..42]);
    let err = Webhook::new(SECRET, &bad_key, "wx1").expect_err("invalid key");
    let shown = format!("{err} {err:?} {}", err.to_json());
    assert_hidden("key error", &shown);
    assert!(!shown.contains(&bad_key), "{shown}");
}
