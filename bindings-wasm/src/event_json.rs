//! An event as the JSON text JS parses into the event object: camelCase keys (the JS naming of
//! `js/case.mjs`: `_x` → `X` for a lower-case letter or digit `x`), except below a `fields` key,
//! whose keys are WeChat's own element names; UTF-16 code units, which JS engines turn into a
//! string without decoding (measured in Node 20: 0.1 µs for a 0.8 KB event with Chinese text,
//! against 1.6 µs to decode the same as UTF-8). Converting keys here instead of walking the
//! parsed object in JS saves ~0.7 µs per push.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

/// Keys whose values keep their own keys verbatim (the JS `toCamel` `keep` set of events).
const KEEP: &[&[u8]] = &[b"fields"];

/// Writes `value` as camelCase JSON to `out` in UTF-16 code units, using `scratch` for the
/// UTF-8 serde_json produces.
pub(crate) fn write_utf16<T: Serialize>(
    out: &mut Vec<u16>,
    scratch: &mut Vec<u8>,
    value: &T,
) -> Result<(), String> {
    scratch.clear();
    let mut ser = serde_json::Serializer::with_formatter(&mut *scratch, CamelKeys::default());
    value.serialize(&mut ser).map_err(|e| e.to_string())?;
    out.clear();
    widen(scratch, out)
}

/// UTF-8 → UTF-16: ASCII runs byte by byte, the rest through `str::encode_utf16`. A non-ASCII
/// run ends at an ASCII byte or the end, so in valid UTF-8 it is whole characters.
fn widen(mut utf8: &[u8], out: &mut Vec<u16>) -> Result<(), String> {
    out.reserve(utf8.len());
    while !utf8.is_empty() {
        let ascii = utf8
            .iter()
            .position(|&b| !b.is_ascii())
            .unwrap_or(utf8.len());
        let (run, rest) = utf8.split_at(ascii);
        out.extend(run.iter().map(|&b| u16::from(b)));
        let other = rest.iter().position(u8::is_ascii).unwrap_or(rest.len());
        let (run, rest) = rest.split_at(other);
        let text = std::str::from_utf8(run).map_err(|e| e.to_string())?;
        out.extend(text.encode_utf16());
        utf8 = rest;
    }
    Ok(())
}

/// serde_json's compact output with object keys converted to camelCase.
#[derive(Default)]
struct CamelKeys {
    /// Object nesting depth.
    depth: usize,
    /// Inside an object key.
    in_key: bool,
    /// The key being written so far ends with a `_` not yet written.
    underscore: bool,
    /// The key being written, as received (to compare with [`KEEP`]).
    key: Vec<u8>,
    /// The last key was one of [`KEEP`].
    last_key_kept: bool,
    /// The depth of the object whose [`KEEP`] value is being written (keys verbatim below it).
    keeping_at: Option<usize>,
}

impl CamelKeys {
    fn converting(&self) -> bool {
        self.in_key && self.keeping_at.is_none()
    }
}

impl Formatter for CamelKeys {
    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        CompactFormatter.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        CompactFormatter.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.in_key = true;
        self.underscore = false;
        self.key.clear();
        CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.in_key = false;
        self.last_key_kept = self.keeping_at.is_none() && KEEP.contains(&self.key.as_slice());
        CompactFormatter.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.last_key_kept {
            self.keeping_at = Some(self.depth);
        }
        CompactFormatter.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.keeping_at == Some(self.depth) {
            self.keeping_at = None;
        }
        self.last_key_kept = false;
        CompactFormatter.end_object_value(writer)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.converting() && self.underscore {
            self.underscore = false;
            writer.write_all(b"_")?;
        }
        CompactFormatter.end_string(writer)
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        if self.converting() {
            // Not a KEEP key (those are plain words); only has to stop matching one.
            self.key.push(0);
            if self.underscore {
                self.underscore = false;
                writer.write_all(b"_")?;
            }
        }
        CompactFormatter.write_char_escape(writer, char_escape)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !self.converting() {
            return writer.write_all(fragment.as_bytes());
        }
        let bytes = fragment.as_bytes();
        self.key.extend_from_slice(bytes);
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if self.underscore {
                self.underscore = false;
                if b.is_ascii_lowercase() || b.is_ascii_digit() {
                    writer.write_all(&[b.to_ascii_uppercase()])?;
                    start = i + 1;
                    continue;
                }
                writer.write_all(b"_")?;
                start = i;
            }
            if b == b'_' {
                writer.write_all(bytes.get(start..i).unwrap_or_default())?;
                self.underscore = true;
                start = i + 1;
            }
        }
        writer.write_all(bytes.get(start..).unwrap_or_default())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_utf16(&mut out, &mut Vec::new(), value).unwrap();
        String::from_utf16(&out).unwrap()
    }

    /// The rule of `js/case.mjs`: `k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())`.
    fn js_camel(key: &str) -> String {
        let mut out = String::new();
        let mut chars = key.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('_', Some(&n)) if n.is_ascii_lowercase() || n.is_ascii_digit() => {
                    out.push(n.to_ascii_uppercase());
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn keys_follow_the_js_rule() {
        for key in [
            "component_appid",
            "a_1b",
            "__a",
            "a__b",
            "trailing_",
            "_lead",
            "x_Y",
            "中_文_a",
            "plain",
            "",
            "a\"_b",
            "a\n_b_c",
        ] {
            let got = text(&json!({ key: 1 }));
            let want = serde_json::to_string(&json!({ js_camel(key): 1 })).unwrap();
            assert_eq!(got, want, "{key:?}");
        }
    }

    #[test]
    fn fields_keep_their_keys_at_any_depth() {
        let value = json!({
            "info_type": "x_y",
            "fields": { "Foo_bar": "v_w", "a_b": { "c_d": [ { "e_f": 1 } ] } },
            "after_fields": { "g_h": null, "fields": [ { "i_j": true } ] },
            "fieldsx": { "k_l": 1 },
            "field": { "m_n": 1 },
        });
        assert_eq!(
            text(&value),
            // (serde_json's map sorts its keys.)
            r#"{"afterFields":{"fields":[{"i_j":true}],"gH":null},"field":{"mN":1},"fields":{"Foo_bar":"v_w","a_b":{"c_d":[{"e_f":1}]}},"fieldsx":{"kL":1},"infoType":"x_y"}"#
        );
    }

    #[test]
    fn text_is_utf16() {
        let value = json!({ "name_zh": "深圳 😀 \"q\"\n" });
        assert_eq!(text(&value), "{\"nameZh\":\"深圳 😀 \\\"q\\\"\\n\"}");
    }
}
