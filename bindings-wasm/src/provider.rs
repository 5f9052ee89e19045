//! The host's crypto as a `wxopen` [`CryptoProvider`]: `js/crypto.mjs` hands over an object
//! (Node's `node:crypto`, or a user's provider wrapped to the same shape) and the core calls it
//! for SHA-1 and AES-256-CBC. Only the primitives cross; every rule stays in the core.
//!
//! The JS objects live in a per-module table and the Rust side keeps their slot numbers, so the
//! provider is `Send + Sync` as the core requires (a `JsValue` is neither). A slot is freed when
//! the last `MsgCrypt` using it is dropped.
//!
//! Wire shape (all byte arguments are views into wasm memory, valid during the call only):
//! - `provider.sha1(data, out) -> number`: writes the digest of `data` to `out` (20 bytes) and
//!   returns how many bytes it wrote;
//! - `provider.aes256Cbc(key) -> cipher` for a 32-byte key;
//! - `cipher.decrypt(iv, blocks) -> number` and `cipher.encrypt(iv, blocks) -> number`: in
//!   place, without padding; return how many bytes they wrote.
//!
//! A throw or a wrong count becomes a [`ProviderError`], which the core reports with the official
//! code of the step (−40003, −40007, −40006, −40004).

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wxopen::crypto::provider::{Aes256Cbc, CryptoProvider, ProviderError};

#[wasm_bindgen]
extern "C" {
    /// A provider object in the wire shape above.
    pub type HostCrypto;

    #[wasm_bindgen(method, catch)]
    fn sha1(this: &HostCrypto, data: &[u8], out: &mut [u8]) -> Result<f64, JsValue>;

    #[wasm_bindgen(method, catch, js_name = aes256Cbc)]
    fn aes256_cbc(this: &HostCrypto, key: &[u8]) -> Result<JsValue, JsValue>;

    /// What `aes256Cbc` returns.
    type HostCipher;

    #[wasm_bindgen(method, catch)]
    fn decrypt(this: &HostCipher, iv: &[u8], blocks: &mut [u8]) -> Result<f64, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn encrypt(this: &HostCipher, iv: &[u8], blocks: &mut [u8]) -> Result<f64, JsValue>;
}

/// JS objects by slot, with a free list. wasm32 without threads: one instance per module.
#[derive(Default)]
struct Table {
    slots: Vec<Option<JsValue>>,
    free: Vec<usize>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::default();
    /// The signed parts, concatenated: one call and one view instead of one per part.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A re-entrant host (a provider that builds a Webhook while the core waits for it) finds the
/// table borrowed: it gets an error instead of a panic (a panic would trap the module).
fn insert(value: JsValue) -> Result<usize, ProviderError> {
    TABLE.with(|cell| {
        let mut t = cell
            .try_borrow_mut()
            .map_err(|_| ProviderError::new("crypto provider re-entered the module"))?;
        Ok(match t.free.pop() {
            Some(slot) => {
                if let Some(entry) = t.slots.get_mut(slot) {
                    *entry = Some(value);
                }
                slot
            }
            None => {
                t.slots.push(Some(value));
                t.slots.len() - 1
            }
        })
    })
}

/// Frees `slot`; during a re-entrant host call the table is borrowed and the slot is left
/// allocated instead (a leak of one entry, never a panic).
fn remove(slot: usize) {
    TABLE.with(|cell| {
        let Ok(mut t) = cell.try_borrow_mut() else {
            return;
        };
        if t.slots.get_mut(slot).and_then(Option::take).is_some() {
            t.free.push(slot);
        }
    });
}

/// Runs `f` on the object in `slot` (the table stays borrowed for shared use only).
fn with_slot<T>(
    slot: usize,
    f: impl FnOnce(&JsValue) -> Result<T, ProviderError>,
) -> Result<T, ProviderError> {
    TABLE.with(|cell| {
        let t = cell
            .try_borrow()
            .map_err(|_| ProviderError::new("crypto provider re-entered the module"))?;
        match t.slots.get(slot) {
            Some(Some(value)) => f(value),
            _ => Err(ProviderError::new("host crypto object was released")),
        }
    })
}

/// Checks the count a host function returned against what it had to write.
fn wrote(
    what: &'static str,
    result: Result<f64, JsValue>,
    expected: usize,
) -> Result<(), ProviderError> {
    match result {
        Ok(n) if n == expected as f64 => Ok(()),
        Ok(n) => Err(ProviderError::new(format!(
            "host {what} wrote {n} bytes instead of {expected}"
        ))),
        Err(_) => Err(ProviderError::new(format!("host {what} threw"))),
    }
}

/// A host provider, by slot.
#[derive(Debug)]
pub(crate) struct HostProvider {
    slot: usize,
}

impl HostProvider {
    pub(crate) fn new(host: HostCrypto) -> Result<Self, ProviderError> {
        Ok(Self {
            slot: insert(host.into())?,
        })
    }
}

impl Drop for HostProvider {
    fn drop(&mut self) {
        remove(self.slot);
    }
}

impl CryptoProvider for HostProvider {
    fn sha1(&self, parts: &[&[u8]]) -> Result<[u8; 20], ProviderError> {
        let mut digest = [0u8; 20];
        // Taken out of its cell for the call, so a re-entrant host gets a fresh buffer.
        let mut data = SCRATCH.take();
        data.clear();
        for part in parts {
            data.extend_from_slice(part);
        }
        let result = with_slot(self.slot, |host| {
            let result = host.unchecked_ref::<HostCrypto>().sha1(&data, &mut digest);
            wrote("SHA-1", result, digest.len())
        });
        SCRATCH.set(data);
        result?;
        Ok(digest)
    }

    fn aes256_cbc(&self, key: &[u8; 32]) -> Result<Box<dyn Aes256Cbc>, ProviderError> {
        let cipher = with_slot(self.slot, |host| {
            host.unchecked_ref::<HostCrypto>()
                .aes256_cbc(key)
                .map_err(|_| ProviderError::new("host aes256Cbc threw"))
        })?;
        if cipher.is_undefined() || cipher.is_null() {
            return Err(ProviderError::new("host aes256Cbc returned no cipher"));
        }
        Ok(Box::new(HostAes {
            slot: insert(cipher)?,
        }))
    }
}

/// A host cipher, by slot.
#[derive(Debug)]
struct HostAes {
    slot: usize,
}

impl Drop for HostAes {
    fn drop(&mut self) {
        remove(self.slot);
    }
}

impl Aes256Cbc for HostAes {
    fn decrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        with_slot(self.slot, |cipher| {
            let len = blocks.len();
            let result = cipher.unchecked_ref::<HostCipher>().decrypt(iv, blocks);
            wrote("AES decrypt", result, len)
        })
    }

    fn encrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        with_slot(self.slot, |cipher| {
            let len = blocks.len();
            let result = cipher.unchecked_ref::<HostCipher>().encrypt(iv, blocks);
            wrote("AES encrypt", result, len)
        })
    }
}
