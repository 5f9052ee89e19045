//! Property tests: encrypt → decrypt round trips, and no panic on arbitrary input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use wxopen::crypto::MsgCrypt;
use wxopen::event::Event;
use wxopen::webhook::{Query, Webhook};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wx7e3c9f0a1b2d4c68";

fn crypt() -> MsgCrypt {
    MsgCrypt::new("token", KEY, APPID).unwrap()
}

fn query(timestamp: &str, nonce: &str, msg_signature: &str) -> Query {
    Query::from_pairs([
        ("timestamp", timestamp),
        ("nonce", nonce),
        ("msg_signature", msg_signature),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn round_trip_bytes(msg in proptest::collection::vec(any::<u8>(), 0..4096), random in any::<[u8; 16]>()) {
        let crypt = crypt();
        let encrypt = crypt.encrypt(&msg, &random).unwrap();
        let sig = crypt.msg_signature("1", "2", &encrypt);
        prop_assert_eq!(crypt.decrypt_verified(&sig, "1", "2", &encrypt).unwrap(), msg);
    }

    #[test]
    fn round_trip_utf8(msg in "\\PC{0,1400}", random in any::<[u8; 16]>(), nonce in "[0-9a-zA-Z]{1,16}") {
        let crypt = crypt();
        let reply = crypt.encrypt_reply(msg.as_bytes(), &random, 1_700_000_000, &nonce).unwrap();
        let encrypt = wxopen::webhook::Envelope::parse(reply.as_bytes()).unwrap().encrypt.into_owned();
        let sig = crypt.msg_signature("1700000000", &nonce, &encrypt);
        let plain = crypt.decrypt_message(&sig, "1700000000", &nonce, reply.as_bytes()).unwrap();
        prop_assert_eq!(String::from_utf8(plain).unwrap(), msg);
    }

    #[test]
    fn any_ticket_value_survives(ticket in "[^\\x00-\\x1f<&\\]]{1,200}", create_time in any::<i64>()) {
        // Any text (without markup characters) in CDATA comes back verbatim.
        let xml = format!(
            "<xml><AppId>{APPID}</AppId><CreateTime>{create_time}</CreateTime>\
             <InfoType>component_verify_ticket</InfoType>\
             <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
        );
        let Event::ComponentVerifyTicket(e) = Event::from_xml(xml.as_bytes()).unwrap() else {
            panic!("wrong variant");
        };
        prop_assert_eq!(e.ticket.expose(), ticket);
        prop_assert_eq!(e.header.create_time, Some(create_time));
    }

    #[test]
    fn decrypt_with_agrees_with_decrypt(
        bytes in proptest::collection::vec(any::<u8>(), 0..3200),
        valid in any::<bool>(),
        random in any::<[u8; 16]>(),
    ) {
        // Up to 3200 bytes: both the stack buffer (≤ 3 KiB decoded) and the heap fallback.
        use base64::Engine as _;
        let crypt = crypt();
        let encrypt = if valid {
            crypt.encrypt(&bytes, &random).unwrap()
        } else {
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        };
        let with = crypt.decrypt_with(&encrypt, |msg| Ok(msg.to_vec()));
        let plain = crypt.decrypt(&encrypt);
        prop_assert_eq!(with.map_err(|e| e.to_string()), plain.map_err(|e| e.to_string()));
    }

    #[test]
    fn decrypt_never_panics(encrypt in "[A-Za-z0-9+/=!]{0,300}") {
        let _ = crypt().decrypt(&encrypt);
    }

    #[test]
    fn decrypt_arbitrary_ciphertext_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        use base64::Engine as _;
        let encrypt = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let _ = crypt().decrypt(&encrypt);
    }

    #[test]
    fn parse_never_panics(
        body in proptest::collection::vec(any::<u8>(), 0..2048),
        timestamp in "[0-9-]{0,20}",
        nonce in ".{0,10}",
        sig in "[0-9a-f]{0,41}",
        now in any::<i64>(),
    ) {
        let hook = Webhook::new("token", KEY, APPID).unwrap();
        let _ = hook.parse(&query(&timestamp, &nonce, &sig), &body, now);
        let _ = hook.verify_url(&Query::parse(&String::from_utf8_lossy(&body)), now);
        let _ = Event::from_xml(&body);
    }

    #[test]
    fn parse_of_signed_garbage_never_panics(plain in "(<[a-zA-Z]{1,8}>|</[a-zA-Z]{1,8}>|<!\\[CDATA\\[|\\]\\]>|&[a-z#0-9]{0,5};|[ a-z0-9\\n])*", random in any::<[u8; 16]>()) {
        // Correctly encrypted and signed, so the arbitrary XML reaches the event parser.
        let hook = Webhook::new("token", KEY, APPID).unwrap().with_max_age_secs(None);
        let encrypt = hook.crypt().encrypt(plain.as_bytes(), &random).unwrap();
        let sig = hook.crypt().msg_signature("1", "n", &encrypt);
        let body = format!("<xml><Encrypt>{encrypt}</Encrypt></xml>");
        let _ = hook.parse(&query("1", "n", &sig), body.as_bytes(), 0);
    }

    #[test]
    fn message_pushes_of_any_shape_parse_or_fail_cleanly(
        msg_type in prop_oneof![Just("text"), Just("event"), Just("EVENT"), Just("location"), Just("voice"), Just("x"), Just("")],
        event in prop_oneof![Just("subscribe"), Just("SCAN"), Just("LOCATION"), Just("wxa_privacy_apply"), Just("wxa_appeal_record"), Just("weapp_audit_fail"), Just("other")],
        fields in proptest::collection::vec(
            (prop_oneof![Just("Content"), Just("MsgId"), Just("Latitude"), Just("Location_X"), Just("Scale"), Just("ret"), Just("status"), Just("result_info"), Just("materials"), Just("InfoType"), Just("CreateTime")],
             "[ a-z0-9\".-]{0,24}"),
            0..6,
        ),
        random in any::<[u8; 16]>(),
    ) {
        let mut plain = format!("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><MsgType>{msg_type}</MsgType><Event>{event}</Event>");
        for (name, value) in &fields {
            if *name == "result_info" || *name == "materials" {
                plain.push_str(&format!("<{name}><status>{value}</status><audit_id>{value}</audit_id></{name}>"));
            } else {
                plain.push_str(&format!("<{name}>{value}</{name}>"));
            }
        }
        plain.push_str("</xml>");
        let hook = Webhook::new("token", KEY, APPID).unwrap().with_max_age_secs(None);
        let encrypt = hook.crypt().encrypt(plain.as_bytes(), &random).unwrap();
        let sig = hook.crypt().msg_signature("1", "n", &encrypt);
        let body = format!("<xml><ToUserName>gh_1</ToUserName><Encrypt>{encrypt}</Encrypt></xml>");
        let parsed = hook.parse_message("wxauthorizer", &query("1", "n", &sig), body.as_bytes(), 0);
        let direct = wxopen::Message::from_verified_xml(plain.as_bytes(), APPID, "wxauthorizer");
        prop_assert_eq!(&parsed, &direct);
        if let Ok(message) = parsed {
            // Only the documented refusals; a typed or kept message serializes with its key.
            let json = serde_json::to_value(&message).unwrap();
            let key = message.dedup_key();
            prop_assert_eq!(json["dedup_key"].as_str(), Some(key.as_str()));
            prop_assert_eq!(json["type"].as_str(), Some(message.kind_name()));
            prop_assert!(message.dedup_key().starts_with("wxauthorizer:"));
        } else if let Err(e) = parsed {
            prop_assert!(["malformed_event", "appid_conflict"].contains(&e.code()), "{}", e);
        }
    }
}
