//! An event as a "tape" that `js/event_tape.mjs` turns into the same object `JSON.parse` would
//! give for serde_json's output (key case aside, which JS converts), without JSON: a list of u32
//! words, the strings as one UTF-16 text, and the numbers that do not fit a word as f64s.
//!
//! Why not JSON text: per push, serializing the event to JSON, widening it to UTF-16 and
//! `JSON.parse` cost ~3 µs in Node 20 — a third of the whole push then — against ~1.3 µs for this. JS
//! reads everything straight from wasm memory; strings are copied as UTF-16 (JS engines decode
//! non-ASCII UTF-8 several times slower). Object keys are interned: the first time a key is
//! seen its text is sent with a new id, afterwards only the id, so JS converts each key to
//! camelCase once (`js/case.mjs` keeps the only copy of that rule).
//!
//! Layout, all little-endian u32 words, at the pointer [`store`] returns:
//! - header: `[words, text_ptr, text_units, nums_ptr, nums_len]`, then `words` tape words;
//! - a word is `payload << 3 | tag`:
//!   - tag 0 `MARK`: payload 0 object start, 1 object end, 2 array start, 3 array end, 4 null,
//!     5 true, 6 false;
//!   - tag 1 `KEY`: a key by id; tag 2 `KEY_NEW`: defines key `payload` (its text is next in the
//!     text, its length in UTF-16 units is the next word) and uses it; tag 6 `KEY_INLINE`: a key
//!     not interned (the table is full), length in the next word;
//!   - tag 3 `STR`: a string of `payload` UTF-16 units, next in the text; tag 7 `STR_LONG`: the
//!     same with the length in the next word;
//!   - tag 4 `NUM`: the next f64 of the numbers; tag 5 `INT`: the integer `payload`.
//!
//! Numbers are what `JSON.parse` makes of serde_json's text: integers become the nearest f64,
//! an `f32` goes through its shortest decimal form, and a non-finite float is `null`.

use std::cell::RefCell;
use std::fmt;

use serde::ser::{self, Serialize};

use keys::{KeySerializer, Keys};

mod keys;
#[cfg(test)]
mod tests;

const MARK: u32 = 0;
const KEY: u32 = 1;
const KEY_NEW: u32 = 2;
const STR: u32 = 3;
const NUM: u32 = 4;
const INT: u32 = 5;
const KEY_INLINE: u32 = 6;
const STR_LONG: u32 = 7;

const OBJECT_START: u32 = 0;
const OBJECT_END: u32 = 1;
const ARRAY_START: u32 = 2;
const ARRAY_END: u32 = 3;
const NULL: u32 = 4;
const TRUE: u32 = 5;
const FALSE: u32 = 6;

/// Largest payload of a word.
const MAX_PAYLOAD: u32 = u32::MAX >> 3;
/// Interned keys at most (event keys are a few dozen; `fields` may add WeChat's own names).
const MAX_KEYS: u32 = 4096;
/// Header words before the tape.
const HEADER: usize = 5;

/// The buffers of the last stored value and the key table, kept between calls.
#[derive(Default)]
struct Buffers {
    words: Vec<u32>,
    text: Vec<u16>,
    nums: Vec<f64>,
    keys: Keys,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

/// Writes `value` to the tape and returns the header's address in wasm memory (valid until the
/// next call into the module that stores a value).
pub(crate) fn store<T: Serialize>(value: &T) -> Result<usize, String> {
    BUFFERS.with_borrow_mut(|b| {
        b.words.clear();
        b.words.resize(HEADER, 0);
        b.text.clear();
        b.nums.clear();
        let mut tape = Tape {
            words: &mut b.words,
            text: &mut b.text,
            nums: &mut b.nums,
            keys: &mut b.keys,
        };
        value.serialize(&mut tape).map_err(|e| e.0)?;
        let too_large = |_| "event too large".to_owned();
        let header = [
            u32::try_from(b.words.len() - HEADER).map_err(too_large)?,
            // Addresses in wasm32 memory are 32-bit (elsewhere, as in tests, they are unused).
            b.text.as_ptr() as u32,
            u32::try_from(b.text.len()).map_err(too_large)?,
            b.nums.as_ptr() as u32,
            u32::try_from(b.nums.len()).map_err(too_large)?,
        ];
        for (slot, value) in b.words.iter_mut().zip(header) {
            *slot = value;
        }
        Ok(b.words.as_ptr() as usize)
    })
}

/// A serialization failure (only for values JSON cannot carry either, e.g. a map key that is
/// not a string or number).
#[derive(Debug)]
pub(crate) struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

struct Tape<'a> {
    words: &'a mut Vec<u32>,
    text: &'a mut Vec<u16>,
    nums: &'a mut Vec<f64>,
    keys: &'a mut Keys,
}

impl Tape<'_> {
    fn word(&mut self, tag: u32, payload: u32) {
        self.words.push(payload << 3 | tag);
    }

    fn mark(&mut self, mark: u32) {
        self.word(MARK, mark);
    }

    /// Appends `s` to the text; returns its length in UTF-16 units.
    fn push_text(&mut self, s: &str) -> Result<u32, TapeError> {
        let before = self.text.len();
        if s.is_ascii() {
            self.text.extend(s.bytes().map(u16::from));
        } else {
            self.text.extend(s.encode_utf16());
        }
        u32::try_from(self.text.len() - before).map_err(|_| TapeError("string too long".into()))
    }

    fn string(&mut self, s: &str) -> Result<(), TapeError> {
        let units = self.push_text(s)?;
        if units <= MAX_PAYLOAD {
            self.word(STR, units);
        } else {
            self.word(STR_LONG, 0);
            self.words.push(units);
        }
        Ok(())
    }

    fn key(&mut self, key: &str) -> Result<(), TapeError> {
        if let Some(id) = self.keys.find(key) {
            self.word(KEY, id);
            return Ok(());
        }
        let units = self.push_text(key)?;
        match self.keys.insert(key) {
            Some(id) => self.word(KEY_NEW, id),
            None => self.word(KEY_INLINE, 0),
        }
        self.words.push(units);
        Ok(())
    }

    fn number(&mut self, n: f64) {
        if !n.is_finite() {
            return self.mark(NULL);
        }
        if n >= 0.0
            && n <= f64::from(MAX_PAYLOAD)
            && n.fract() == 0.0
            && !(n == 0.0 && n.is_sign_negative())
        {
            // Exact: a whole number in 0..=MAX_PAYLOAD.
            return self.word(INT, n as u32);
        }
        self.nums.push(n);
        self.word(NUM, 0);
    }

    fn integer(&mut self, n: i128) {
        match u32::try_from(n) {
            Ok(small) if small <= MAX_PAYLOAD => self.word(INT, small),
            // The nearest f64, as JSON.parse reads serde_json's exact digits.
            _ => {
                self.nums.push(n as f64);
                self.word(NUM, 0);
            }
        }
    }
}

/// Closes what a compound opened: `extra` is an enclosing `{variant: …}` object.
struct Compound<'t, 'a> {
    tape: &'t mut Tape<'a>,
    end: u32,
    extra: bool,
}

impl Compound<'_, '_> {
    fn finish(self) -> Result<(), TapeError> {
        self.tape.mark(self.end);
        if self.extra {
            self.tape.mark(OBJECT_END);
        }
        Ok(())
    }
}

impl<'t, 'a> ser::Serializer for &'t mut Tape<'a> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Compound<'t, 'a>;
    type SerializeTuple = Compound<'t, 'a>;
    type SerializeTupleStruct = Compound<'t, 'a>;
    type SerializeTupleVariant = Compound<'t, 'a>;
    type SerializeMap = Compound<'t, 'a>;
    type SerializeStruct = Compound<'t, 'a>;
    type SerializeStructVariant = Compound<'t, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.mark(if v { TRUE } else { FALSE });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), TapeError> {
        self.integer(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.integer(v.into());
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), TapeError> {
        match i128::try_from(v) {
            Ok(v) => self.integer(v),
            Err(_) => {
                self.nums.push(v as f64);
                self.word(NUM, 0);
            }
        }
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), TapeError> {
        // serde_json writes the f32's shortest decimal; JSON.parse reads that as an f64.
        let n = if v.is_finite() {
            v.to_string().parse::<f64>().unwrap_or(f64::from(v))
        } else {
            f64::NAN
        };
        self.number(n);
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), TapeError> {
        self.number(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), TapeError> {
        self.mark(ARRAY_START);
        for &b in v {
            self.word(INT, b.into());
        }
        self.mark(ARRAY_END);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), TapeError> {
        self.mark(NULL);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), TapeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), TapeError> {
        self.mark(NULL);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        self.mark(NULL);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.mark(OBJECT_START);
        self.key(variant)?;
        value.serialize(&mut *self)?;
        self.mark(OBJECT_END);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'t, 'a>, TapeError> {
        self.mark(ARRAY_START);
        Ok(Compound {
            tape: self,
            end: ARRAY_END,
            extra: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'t, 'a>, TapeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'t, 'a>, TapeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'t, 'a>, TapeError> {
        self.mark(OBJECT_START);
        self.key(variant)?;
        self.mark(ARRAY_START);
        Ok(Compound {
            tape: self,
            end: ARRAY_END,
            extra: true,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'t, 'a>, TapeError> {
        self.mark(OBJECT_START);
        Ok(Compound {
            tape: self,
            end: OBJECT_END,
            extra: false,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'t, 'a>, TapeError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'t, 'a>, TapeError> {
        self.mark(OBJECT_START);
        self.key(variant)?;
        self.mark(OBJECT_START);
        Ok(Compound {
            tape: self,
            end: OBJECT_END,
            extra: true,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), TapeError> {
        key.serialize(KeySerializer(self.tape))
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.tape.key(key)?;
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.tape.key(key)?;
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}
