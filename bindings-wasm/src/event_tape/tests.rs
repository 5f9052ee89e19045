//! The tape against serde_json: what `js/event_tape.mjs` reads back is what `JSON.parse` makes
//! of serde_json's text.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use serde::Serialize;
use serde_json::{Value, json};

/// The reader of `js/event_tape.mjs`, in Rust and without the key case: the same `Value`
/// serde_json makes (with JSON's numbers, i.e. f64).
struct Reader<'a> {
    words: &'a [u32],
    text: &'a [u16],
    nums: &'a [f64],
    keys: &'a mut Vec<String>,
    w: usize,
    t: usize,
    n: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> u32 {
        self.w += 1;
        self.words[self.w - 1]
    }

    fn take(&mut self, units: u32) -> String {
        let end = self.t + units as usize;
        let s = String::from_utf16(&self.text[self.t..end]).unwrap();
        self.t = end;
        s
    }

    fn value(&mut self) -> Value {
        let word = self.next();
        let payload = word >> 3;
        match word & 7 {
            STR => Value::from(self.take(payload)),
            STR_LONG => {
                let units = self.next();
                Value::from(self.take(units))
            }
            INT => json!(f64::from(payload)),
            NUM => {
                self.n += 1;
                json!(self.nums[self.n - 1])
            }
            MARK => match payload {
                OBJECT_START => {
                    let mut map = serde_json::Map::new();
                    loop {
                        let word = self.next();
                        let id = (word >> 3) as usize;
                        let key = match word & 7 {
                            MARK => break,
                            KEY => self.keys[id].clone(),
                            KEY_NEW => {
                                let units = self.next();
                                let key = self.take(units);
                                assert_eq!(id, self.keys.len());
                                self.keys.push(key.clone());
                                key
                            }
                            KEY_INLINE => {
                                let units = self.next();
                                self.take(units)
                            }
                            other => panic!("bad key tag {other}"),
                        };
                        let value = self.value();
                        map.insert(key, value);
                    }
                    Value::Object(map)
                }
                ARRAY_START => {
                    let mut items = Vec::new();
                    while self.words[self.w] != ARRAY_END << 3 {
                        items.push(self.value());
                    }
                    self.w += 1;
                    Value::Array(items)
                }
                NULL => Value::Null,
                TRUE => Value::Bool(true),
                FALSE => Value::Bool(false),
                other => panic!("bad mark {other}"),
            },
            other => panic!("bad tag {other}"),
        }
    }
}

/// Stores `value` and reads it back (the key table persists, as in the module).
fn round_trip<T: Serialize>(value: &T, keys: &mut Vec<String>) -> Value {
    let ptr = store(value).unwrap();
    BUFFERS.with_borrow(|b| {
        assert_eq!(ptr, b.words.as_ptr() as usize);
        assert_eq!(b.words[0] as usize, b.words.len() - HEADER);
        assert_eq!(b.words[2] as usize, b.text.len());
        assert_eq!(b.words[4] as usize, b.nums.len());
        let mut reader = Reader {
            words: &b.words[HEADER..],
            text: &b.text,
            nums: &b.nums,
            keys,
            w: 0,
            t: 0,
            n: 0,
        };
        let out = reader.value();
        assert_eq!(reader.w, reader.words.len(), "words left over");
        assert_eq!(reader.t, reader.text.len(), "text left over");
        out
    })
}

/// serde_json's value as JSON.parse sees it: every number an f64.
fn as_json_parse_sees<T: Serialize>(value: &T) -> Value {
    fn numbers_to_f64(v: Value) -> Value {
        match v {
            Value::Number(n) => {
                let f: f64 = n.to_string().parse().unwrap();
                json!(f)
            }
            Value::Array(a) => Value::Array(a.into_iter().map(numbers_to_f64).collect()),
            Value::Object(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, numbers_to_f64(v))).collect())
            }
            other => other,
        }
    }
    let text = serde_json::to_string(value).unwrap();
    numbers_to_f64(serde_json::from_str(&text).unwrap())
}

#[derive(Serialize)]
enum Shapes {
    Unit,
    Newtype(u8),
    Tuple(i32, String),
    Struct { a_b: Option<bool>, c: Vec<u8> },
}

#[derive(Serialize)]
struct Everything {
    small: u32,
    big: u64,
    negative: i64,
    huge: i128,
    float: f64,
    single: f32,
    not_finite: f64,
    negative_zero: f64,
    text: String,
    empty: String,
    chinese: &'static str,
    ch: char,
    none: Option<u8>,
    unit: (),
    #[serde(with = "serde_bytes_like")]
    bytes: Vec<u8>,
    shapes: Vec<Shapes>,
    map: std::collections::BTreeMap<String, String>,
    int_keys: std::collections::BTreeMap<i32, bool>,
    #[serde(flatten)]
    flat: Flat,
}

#[derive(Serialize)]
struct Flat {
    flat_a: &'static str,
    fields: std::collections::BTreeMap<&'static str, &'static str>,
}

mod serde_bytes_like {
    pub(super) fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

#[test]
fn every_shape_reads_back_as_json_parse_would() {
    let value = Everything {
        small: 7,
        big: u64::MAX,
        negative: -3,
        huge: i128::MIN,
        float: 0.1,
        single: 0.1,
        not_finite: f64::NAN,
        negative_zero: -0.0,
        text: "a\"b\\c\n\u{0}".into(),
        empty: String::new(),
        chinese: "深圳市 😀 前海",
        ch: '中',
        none: None,
        unit: (),
        bytes: vec![0, 255],
        shapes: vec![
            Shapes::Unit,
            Shapes::Newtype(9),
            Shapes::Tuple(-1, "x".into()),
            Shapes::Struct {
                a_b: Some(false),
                c: vec![1],
            },
        ],
        map: [
            ("__proto__".to_owned(), "p".to_owned()),
            ("k_1".into(), "v".into()),
        ]
        .into_iter()
        .collect(),
        int_keys: [(-5, true), (3, false)].into_iter().collect(),
        flat: Flat {
            flat_a: "f",
            fields: [("Some_Name", "v")].into_iter().collect(),
        },
    };
    let mut keys = Vec::new();
    let first = round_trip(&value, &mut keys);
    assert_eq!(first, as_json_parse_sees(&value));
    // The second time every key is interned: only ids cross.
    let defined = keys.len();
    assert_eq!(round_trip(&value, &mut keys), first);
    assert_eq!(keys.len(), defined);
    assert_eq!(first["single"], json!(0.1), "f32 through its decimal form");
    assert!(first["negative_zero"].as_f64().unwrap().is_sign_negative());
}

#[test]
fn events_read_back_as_json_parse_would() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/webhook.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let p = &doc["platform"];
    let hook = wxopen::Webhook::new(
        p["token"].as_str().unwrap(),
        p["encoding_aes_key"].as_str().unwrap(),
        p["component_appid"].as_str().unwrap(),
    )
    .unwrap()
    .with_max_age_secs(None);
    let mut keys = Vec::new();
    let mut events = 0;
    for case in doc["push_cases"].as_array().unwrap() {
        let q = case["query"].as_object().unwrap();
        let query = wxopen::Query::from_pairs(q.iter().map(|(k, v)| (k, v.as_str().unwrap())));
        let body = case["body"].as_str().unwrap().as_bytes();
        if let Ok(event) = hook.parse(&query, body, 0) {
            assert_eq!(round_trip(&event, &mut keys), as_json_parse_sees(&event));
            events += 1;
        }
    }
    assert!(events >= 10, "{events}");
}

#[test]
fn long_strings_and_many_keys() {
    let long = "x".repeat(100);
    let many: std::collections::BTreeMap<String, &str> = (0..(MAX_KEYS as usize + 10))
        .map(|i| (format!("key_{i}"), long.as_str()))
        .collect();
    // (Each test runs on its own thread, so with its own key table.)
    let mut keys = Vec::new();
    assert_eq!(round_trip(&many, &mut keys), as_json_parse_sees(&many));
    assert_eq!(keys.len(), MAX_KEYS as usize, "table is bounded");
}
