//! Checks every case of `tests/vectors/webhook.json` (shared with the Python and JS tests).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use wxopen::crypto::MsgCrypt;
use wxopen::event::Event;
use wxopen::webhook::{Query, Webhook};
use wxopen::{CryptoErrorKind, Error};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/webhook.json");
    let text = std::fs::read_to_string(path).expect("read webhook.json");
    serde_json::from_str(&text).expect("parse webhook.json")
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: `{key}` missing", case["name"]))
}

fn random(case: &Value) -> [u8; 16] {
    s(case, "random")
        .as_bytes()
        .try_into()
        .expect("16-byte random")
}

fn official(err: &Error) -> Option<i64> {
    match err {
        Error::Crypto { kind, .. } => Some(i64::from(kind.official_code())),
        _ => None,
    }
}

/// Asserts that `result` failed as the case's `error` says.
fn check_error<T: std::fmt::Debug>(case: &Value, result: Result<T, Error>) {
    let name = &case["name"];
    let err = result.expect_err(&format!("{name}: expected an error"));
    let want = &case["error"];
    assert_eq!(err.code(), want["code"].as_str().unwrap(), "{name}: {err}");
    assert_eq!(
        official(&err),
        want["official"].as_i64(),
        "{name}: official code"
    );
}

fn crypt_of(case: &Value) -> Result<MsgCrypt, Error> {
    MsgCrypt::new(
        s(case, "token"),
        s(case, "encoding_aes_key"),
        s(case, "appid"),
    )
}

#[test]
fn crypto_cases() {
    let v = vectors();
    let cases = v["crypto_cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = &case["name"];
        match s(case, "op") {
            "new" => check_error(case, crypt_of(case)),
            "encrypt" => {
                let crypt = crypt_of(case).unwrap();
                let encrypt = crypt
                    .encrypt(s(case, "msg").as_bytes(), &random(case))
                    .unwrap();
                assert_eq!(encrypt, case["expect"]["encrypt"], "{name}");
                let sig = crypt.msg_signature(s(case, "timestamp"), s(case, "nonce"), &encrypt);
                assert_eq!(sig, case["expect"]["msg_signature"], "{name}");
            }
            "decrypt" => {
                let crypt = crypt_of(case).unwrap();
                let result = crypt.decrypt_verified(
                    s(case, "msg_signature"),
                    s(case, "timestamp"),
                    s(case, "nonce"),
                    s(case, "encrypt"),
                );
                if case.get("error").is_some() {
                    check_error(case, result);
                    continue;
                }
                let msg = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(
                    String::from_utf8(msg).unwrap(),
                    case["expect"]["msg"],
                    "{name}"
                );
            }
            "signature" => {
                let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
                let crypt = MsgCrypt::new(s(case, "token"), key, "wx").unwrap();
                let sig = crypt.url_signature(s(case, "timestamp"), s(case, "nonce"));
                assert_eq!(sig, case["expect"]["signature"], "{name}");
                crypt
                    .verify_url_signature(&sig, s(case, "timestamp"), s(case, "nonce"))
                    .unwrap();
                assert_eq!(
                    wxopen::crypto::sha1_signature(&[
                        s(case, "token"),
                        s(case, "timestamp"),
                        s(case, "nonce")
                    ]),
                    sig
                );
            }
            other => panic!("{name}: unknown op {other}"),
        }
    }
}

fn platform(v: &Value, case: &Value) -> Webhook {
    let p = &v["platform"];
    let mut hook = Webhook::new(
        s(p, "token"),
        s(p, "encoding_aes_key"),
        s(p, "component_appid"),
    )
    .unwrap();
    if let Some(max) = case["max_body_bytes"].as_u64() {
        hook = hook.with_max_body_bytes(usize::try_from(max).unwrap());
    }
    hook
}

fn query_of(case: &Value) -> Query {
    let pairs = case["query"].as_object().unwrap();
    Query::from_pairs(pairs.iter().map(|(k, v)| (k, v.as_str().unwrap())))
}

#[test]
fn push_cases() {
    let v = vectors();
    let cases = v["push_cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = &case["name"];
        let hook = platform(&v, case);
        let now = case["now"].as_i64().unwrap();
        let body = s(case, "body").as_bytes();
        let from_pairs = hook.parse(&query_of(case), body, now);
        let from_string = hook.parse(&Query::parse(s(case, "query_string")), body, now);
        assert_eq!(from_pairs, from_string, "{name}: query forms disagree");
        if case.get("error").is_some() {
            check_error(case, from_pairs);
            continue;
        }
        let event = from_pairs.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            case["expect"],
            "{name}"
        );
        assert_eq!(event.kind(), case["expect"]["type"], "{name}");
        // Parse-only (with the verified receive id) gives the same event, and re-encrypting
        // reproduces the body's Encrypt.
        let plaintext = s(case, "plaintext");
        assert_eq!(
            Event::from_verified_xml(plaintext.as_bytes(), hook.component_appid()).unwrap(),
            event,
            "{name}"
        );
        let encrypt = hook
            .crypt()
            .encrypt(plaintext.as_bytes(), &random(case))
            .unwrap();
        assert!(
            s(case, "body").contains(&encrypt),
            "{name}: Encrypt differs"
        );
    }
}

#[test]
fn url_verification_cases() {
    let v = vectors();
    for case in v["url_verification_cases"].as_array().unwrap() {
        let name = &case["name"];
        let hook = Webhook::new(
            s(case, "token"),
            s(case, "encoding_aes_key"),
            s(case, "appid"),
        )
        .unwrap();
        let result = hook.verify_url(&query_of(case), case["now"].as_i64().unwrap());
        if case.get("error").is_some() {
            check_error(case, result);
            continue;
        }
        assert_eq!(result.unwrap(), case["expect"]["echostr"], "{name}");
    }
}

#[test]
fn encrypted_reply_round_trips() {
    let v = vectors();
    let hook = platform(&v, &Value::Null);
    let xml = hook
        .encrypt_reply(
            b"<xml><Content>hi</Content></xml>",
            b"replyrandom16byt",
            1767225600,
            "42",
        )
        .unwrap();
    assert!(xml.starts_with("<xml><Encrypt><![CDATA["));
    assert!(xml.contains("<TimeStamp>1767225600</TimeStamp><Nonce><![CDATA[42]]></Nonce></xml>"));
    let envelope = wxopen::webhook::Envelope::parse(xml.as_bytes()).unwrap();
    let sig = hook
        .crypt()
        .msg_signature("1767225600", "42", &envelope.encrypt);
    let plain = hook
        .crypt()
        .decrypt_message(&sig, "1767225600", "42", xml.as_bytes())
        .unwrap();
    assert_eq!(plain, b"<xml><Content>hi</Content></xml>");
    assert_eq!(
        hook.encrypt_reply(b"x", &[0; 16], 1, "]]>")
            .unwrap_err()
            .code(),
        CryptoErrorKind::GenReturnXml.code()
    );
}

fn message_platform(v: &Value, case: &Value) -> Webhook {
    let p = case.get("platform").unwrap_or(&v["platform"]);
    Webhook::new(
        s(p, "token"),
        s(p, "encoding_aes_key"),
        s(p, "component_appid"),
    )
    .unwrap()
}

fn check_invalid_field(case: &Value, err: &Error) {
    if let Some(field) = case["error"].get("field") {
        assert_eq!(&err.to_json()["field"], field, "{}", case["name"]);
    }
}

#[test]
fn message_cases() {
    let v = vectors();
    let cases = v["message_cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for case in cases {
        let name = &case["name"];
        let hook = message_platform(&v, case);
        let appid = s(case, "authorizer_appid");
        let now = case["now"].as_i64().unwrap();
        let body = s(case, "body").as_bytes();
        let from_pairs = hook.parse_message(appid, &query_of(case), body, now);
        let from_string =
            hook.parse_message(appid, &Query::parse(s(case, "query_string")), body, now);
        assert_eq!(from_pairs, from_string, "{name}: query forms disagree");
        if case.get("error").is_some() {
            check_invalid_field(case, from_pairs.as_ref().unwrap_err());
            check_error(case, from_pairs);
            continue;
        }
        let message = from_pairs.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            case["expect"],
            "{name}"
        );
        assert_eq!(message.kind_name(), case["expect"]["type"], "{name}");
        assert_eq!(message.dedup_key(), case["expect"]["dedup_key"], "{name}");
        let plaintext = s(case, "plaintext");
        assert_eq!(
            wxopen::Message::from_verified_xml(plaintext.as_bytes(), hook.component_appid(), appid)
                .unwrap(),
            message,
            "{name}"
        );
    }
}

#[test]
fn message_reply_cases() {
    let v = vectors();
    let hook = platform(&v, &Value::Null);
    let messages = v["message_cases"].as_array().unwrap();
    for case in v["message_reply_cases"].as_array().unwrap() {
        let name = &case["name"];
        let source = messages
            .iter()
            .find(|m| m["name"] == case["message"])
            .unwrap();
        let message = wxopen::Message::from_verified_xml(
            s(source, "plaintext").as_bytes(),
            hook.component_appid(),
            s(source, "authorizer_appid"),
        )
        .unwrap();
        let time = case["create_time"].as_i64().unwrap();
        let content = s(case, "content");
        let plain = message.text_reply(content, time);
        let body = hook.reply_text(&message, content, &random(case), time, s(case, "nonce"));
        if case.get("error").is_some() {
            check_invalid_field(case, plain.as_ref().unwrap_err());
            check_error(case, plain);
            check_error(case, body);
            continue;
        }
        assert_eq!(plain.unwrap(), case["expect"]["plaintext"], "{name}");
        assert_eq!(body.unwrap(), case["expect"]["body"], "{name}");
    }
}

#[test]
fn release_cases() {
    let v = vectors();
    let hook = platform(&v, &Value::Null);
    for case in v["release_cases"].as_array().unwrap() {
        let name = &case["name"];
        let message = hook
            .parse_message(
                s(case, "authorizer_appid"),
                &query_of(case),
                s(case, "body").as_bytes(),
                case["now"].as_i64().unwrap(),
            )
            .unwrap();
        let random: [u8; 16] = s(case, "reply_random").as_bytes().try_into().unwrap();
        let check = hook
            .release_check(
                &message,
                &random,
                case["reply_timestamp"].as_i64().unwrap(),
                s(case, "reply_nonce"),
                case["any_account"].as_bool().unwrap(),
            )
            .unwrap();
        let want = &case["expect"];
        let Some(check) = check else {
            assert!(want.is_null(), "{name}: expected an answer");
            continue;
        };
        assert_eq!(check.body, want["body"], "{name}");
        let action = wxopen::message::release::release_action(
            &message,
            case["any_account"].as_bool().unwrap(),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&action).unwrap()["action"],
            want["action"],
            "{name}"
        );
        match (&check.follow_up, want["follow_up"].as_object()) {
            (None, None) => {}
            (Some(f), Some(w)) => {
                assert_eq!(f.component_appid, w["component_appid"], "{name}");
                assert_eq!(f.authorizer_appid, w["authorizer_appid"], "{name}");
                assert_eq!(
                    f.authorization_code.expose(),
                    w["authorization_code"],
                    "{name}"
                );
                assert_eq!(f.touser, w["touser"], "{name}");
                assert_eq!(f.content, w["content"], "{name}");
                assert!(!format!("{f:?}").contains(f.authorization_code.expose()));
                assert_eq!(f.query_auth().authorization_code, f.authorization_code);
                assert_eq!(
                    f.custom_send().text.map(|t| t.content).as_deref(),
                    w["content"].as_str(),
                    "{name}"
                );
            }
            (got, want) => panic!("{name}: follow-up {got:?} vs {want:?}"),
        }
    }
}
