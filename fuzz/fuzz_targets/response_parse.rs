//! Every operation's response parser on arbitrary input (issue 7). Input layout (see
//! ../../docs/fuzzing.md): byte 0 = operation (index into the registry, modulo its length —
//! page operations included, which must refuse); bytes 1..3 = HTTP status (u16 little-endian;
//! 0 means 200, anything else goes through `Response::from_status`, so statuses outside
//! 100–599 reach its refusal); the rest = the response body.
//!
//! Beyond "no panic", it checks that a successful parse is stable: the JSON the core returns,
//! fed back as a response body, parses to the same JSON (no value invented or lost on the way),
//! and that errors never quote the body's values (a decode error names fields, never values).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use wxopen::Response;
use wxopen::api::registry;

fuzz_target!(|data: &[u8]| {
    let ops = registry::all();
    let Some((&[op, lo, hi], body)) = data.split_first_chunk::<3>().map(|(h, b)| (h, b)) else {
        return;
    };
    let Some(info) = ops.get(usize::from(op) % ops.len()) else {
        return;
    };
    let status = match u16::from_le_bytes([lo, hi]) {
        0 => 200,
        s => i64::from(s),
    };
    let response = match Response::from_status(status, body) {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.code(), "invalid_argument");
            return;
        }
    };
    match info.parse(&Value::Null, &response) {
        Ok(value) => {
            let text = serde_json::to_string(&value).expect("output serializes");
            if value.is_object() {
                let again = info
                    .parse(&Value::Null, &Response::new(200, text.clone()))
                    .expect("a parsed result parses again");
                assert_eq!(again, value, "parse is not stable for {}", info.name);
            }
        }
        Err(e) => {
            let shown = format!("{e} {}", e.to_json());
            // A decode error never quotes a string value of the body: a 12-character string
            // value of the body must not show up in the message unless it is also a key or a
            // known word (keys and the operation name may appear).
            if e.code() == "decode_error" {
                if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
                    for v in map.values() {
                        if let Value::String(s) = v {
                            if s.len() >= 12
                                && s.chars().all(|c| c.is_ascii_alphanumeric())
                                && !map.contains_key(s)
                            {
                                assert!(!shown.contains(s.as_str()), "value quoted: {shown}");
                            }
                        }
                    }
                }
            }
        }
    }
});
