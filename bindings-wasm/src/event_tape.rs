//! An event as a "tape" that `js/event_tape.mjs` turns into the same object `JSON.parse` would
//! give for serde_json's output (key case aside, which JS converts), without JSON: a list of u32
//! words, the strings as one UTF-16 text, and the numbers that do not fit a word as f64s.
//!
//! Why not JSON text: per push, serializing the event to JSON, widening it to UTF-16 and
//! `JSON.parse` cost ~3 µs in Node 20 — a third of the whole push — against ~1 µs for this. JS
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
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::ser::{self, Serialize};

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

/// Slots of [`Keys`]'s cache by address.
const RECENT: usize = 64;

/// The interned keys: ids by text, and a cache by address in front (serde's field names are
/// string literals, so a key usually arrives at the address it had the last time; the text is
/// still compared, since a map's own keys may reuse an address).
#[derive(Default)]
struct Keys {
    ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    texts: Vec<Box<str>>,
    /// `(address, id + 1)`; 0 = empty.
    recent: Vec<(usize, u32)>,
}

impl Keys {
    fn find(&mut self, key: &str) -> Option<u32> {
        let address = key.as_ptr() as usize;
        let slot = (address >> 2) % RECENT;
        if let Some(&(a, id1)) = self.recent.get(slot) {
            let id = id1.checked_sub(1);
            if a == address
                && id.and_then(|id| self.texts.get(id as usize)).is_some_and(|t| **t == *key)
            {
                return id;
            }
        }
        let id = *self.ids.get(key)?;
        if self.recent.is_empty() {
            self.recent.resize(RECENT, (0, 0));
        }
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (address, id + 1);
        }
        Some(id)
    }

    /// Interns `key` and returns its id, or `None` once [`MAX_KEYS`] are interned.
    fn insert(&mut self, key: &str) -> Option<u32> {
        let id = u32::try_from(self.texts.len()).ok().filter(|&id| id < MAX_KEYS)?;
        self.ids.insert(key.into(), id);
        self.texts.push(key.into());
        Some(id)
    }
}

/// FNV-1a, for the key table: keys are short and not attacker-chosen in a way that matters
/// (at most [`MAX_KEYS`] are interned).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
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

/// Map keys: strings, and the scalars serde_json writes as strings.
struct KeySerializer<'t, 'a>(&'t mut Tape<'a>);

impl KeySerializer<'_, '_> {
    fn display(self, v: impl fmt::Display) -> Result<(), TapeError> {
        self.0.key(&v.to_string())
    }
}

fn not_a_key() -> TapeError {
    TapeError("map key must be a string or a number".into())
}

impl ser::Serializer for KeySerializer<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = ser::Impossible<(), TapeError>;
    type SerializeTuple = ser::Impossible<(), TapeError>;
    type SerializeTupleStruct = ser::Impossible<(), TapeError>;
    type SerializeTupleVariant = ser::Impossible<(), TapeError>;
    type SerializeMap = ser::Impossible<(), TapeError>;
    type SerializeStruct = ser::Impossible<(), TapeError>;
    type SerializeStructVariant = ser::Impossible<(), TapeError>;

    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.0.key(v)
    }

    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.0.key(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), TapeError> {
        self.display(v)
    }

    fn serialize_f32(self, _v: f32) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_f64(self, _v: f64) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_none(self) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_unit(self) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.0.key(variant)
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
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), TapeError> {
        Err(not_a_key())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, TapeError> {
        Err(not_a_key())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, TapeError> {
        Err(not_a_key())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, TapeError> {
        Err(not_a_key())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, TapeError> {
        Err(not_a_key())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, TapeError> {
        Err(not_a_key())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, TapeError> {
        Err(not_a_key())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, TapeError> {
        Err(not_a_key())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
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
}
