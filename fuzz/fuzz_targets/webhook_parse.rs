//! The one-call push parse on arbitrary input. Input layout (see ../../docs/fuzzing.md):
//! byte 0 = mode; mode even: bytes 1..9 = `now` (i64 LE), then the raw query string up to the
//! first NUL, then the body — all fed to `Webhook::parse` / `verify_url` as received.
//! Mode odd: the rest is a *plaintext* push that the target encrypts and signs with the test
//! platform's keys, so the fuzzer reaches the event parser through the whole pipeline (and, in
//! this debug-assertion build, the fast-path/quick-xml agreement check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wxopen::webhook::{Query, Webhook};

const TOKEN: &str = "wxopenVectorToken2026";
const KEY: &str = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx";
const APPID: &str = "wx7e3c9f0a1b2d4c68";

fuzz_target!(|data: &[u8]| {
    let Ok(hook) = Webhook::new(TOKEN, KEY, APPID) else {
        return;
    };
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 1 {
        signed_plaintext(&hook, rest);
        return;
    }
    let (now, rest) = match rest.split_first_chunk::<8>() {
        Some((now, rest)) => (i64::from_le_bytes(*now), rest),
        None => (0, rest),
    };
    let (query, body) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            rest.get(at + 1..).unwrap_or_default(),
        ),
        None => (rest, &[][..]),
    };
    let query = Query::parse(&String::from_utf8_lossy(query));
    let _ = hook.parse(&query, body, now);
    let _ = hook.verify_url(&query, now);
    let _ = wxopen::webhook::peek_app_id(body);
    let _ = wxopen::event::Event::from_xml(body);
});

fn signed_plaintext(hook: &Webhook, plaintext: &[u8]) {
    let Ok(encrypt) = hook.crypt().encrypt(plaintext, b"fuzzrandom16byte") else {
        return;
    };
    let signature = hook.crypt().msg_signature("1767225600", "42", &encrypt);
    let body = format!(
        "<xml><AppId><![CDATA[{APPID}]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    let query = Query::from_pairs([
        ("timestamp", "1767225600"),
        ("nonce", "42"),
        ("msg_signature", signature.as_str()),
    ]);
    let parsed = hook.parse(&query, body.as_bytes(), 1_767_225_600);
    // The pipeline parses with the verified receive id (issue 7, item 1).
    let direct = wxopen::event::Event::from_verified_xml(plaintext, APPID);
    assert_eq!(parsed, direct, "pipeline and direct parse disagree");
    // Without a receive id the XML's own AppId is reported; where both succeed they agree but
    // for the platform named.
    if let (Ok(verified), Ok(standalone)) = (&direct, wxopen::event::Event::from_xml(plaintext)) {
        assert_eq!(verified.kind(), standalone.kind());
        assert_eq!(standalone.header().component_appid, APPID);
    }
    if let Ok(event) = parsed {
        let _ = serde_json::to_string(&event);
    }
}
