//! Object keys on the tape: the interned key table and the serializer for map keys.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::ser::{self, Serialize};

use super::{MAX_KEYS, Tape, TapeError};

/// Slots of [`Keys`]'s cache by address.
const RECENT: usize = 64;

/// The interned keys: ids by text, and a cache by address in front (serde's field names are
/// string literals, so a key usually arrives at the address it had the last time; the text is
/// still compared, since a map's own keys may reuse an address).
#[derive(Default)]
pub(super) struct Keys {
    ids: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    texts: Vec<Box<str>>,
    /// `(address, id + 1)`; 0 = empty.
    recent: Vec<(usize, u32)>,
}

impl Keys {
    pub(super) fn find(&mut self, key: &str) -> Option<u32> {
        let address = key.as_ptr() as usize;
        let slot = (address >> 2) % RECENT;
        if let Some(&(a, id1)) = self.recent.get(slot) {
            let id = id1.checked_sub(1);
            if a == address
                && id
                    .and_then(|id| self.texts.get(id as usize))
                    .is_some_and(|t| **t == *key)
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
    pub(super) fn insert(&mut self, key: &str) -> Option<u32> {
        let id = u32::try_from(self.texts.len())
            .ok()
            .filter(|&id| id < MAX_KEYS)?;
        self.ids.insert(key.into(), id);
        self.texts.push(key.into());
        Some(id)
    }
}

/// FNV-1a for the key table: keys are short, come from verified pushes, and at most
/// [`MAX_KEYS`] are interned, so SipHash's flooding resistance is not worth its cost here.
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

/// Map keys: strings, and the scalars serde_json writes as strings.
pub(super) struct KeySerializer<'t, 'a>(pub(super) &'t mut Tape<'a>);

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
