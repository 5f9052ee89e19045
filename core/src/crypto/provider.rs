//! The cryptographic primitives behind [`MsgCrypt`](super::MsgCrypt), and the host's way to
//! supply faster ones (the rustls "crypto provider" shape).
//!
//! A [`CryptoProvider`] computes SHA-1 and makes AES-256-CBC ciphers — nothing more. Everything
//! that decides whether a push is genuine stays in the core: which bytes are signed and in what
//! order, the constant-time signature comparison, Base64, the PKCS#7 padding to 32-byte blocks,
//! the length field and the receive-id check, and the error codes. A provider that fails turns
//! into the official error of the step it was asked for (−40003 for SHA-1, −40007 for
//! decryption, −40006 for encryption, −40004 for a refused key), never into a panic.
//!
//! [`RustCrypto`] (pure Rust: the `sha1`, `aes` and `cbc` crates) is the default and the right
//! choice natively, where those crates use the CPU's SHA and AES instructions. The JavaScript
//! package passes Node's `node:crypto` through this interface, because WebAssembly has no such
//! instructions.
//!
//! ```
//! use std::sync::Arc;
//! use wxopen::crypto::MsgCrypt;
//! use wxopen::crypto::provider::{CryptoProvider, RustCrypto};
//!
//! let provider: Arc<dyn CryptoProvider> = Arc::new(RustCrypto);
//! let crypt = MsgCrypt::with_provider("pamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6", provider)?;
//! assert_eq!(crypt.decrypt(&crypt.encrypt(b"hello", &[7; 16])?)?, b"hello");
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use aes::cipher::array::Array;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit};
use aes::{Aes256Dec, Aes256Enc};
use sha1::{Digest, Sha1};

/// SHA-1 and AES-256-CBC, supplied by the host.
///
/// Implementations must be pure functions of their inputs (no padding, no state carried from
/// one message to the next that changes a result) and must not print or log key material.
pub trait CryptoProvider: fmt::Debug + Send + Sync {
    /// SHA-1 of the concatenation of `parts` (the core passes the signed strings already
    /// sorted; this only hashes them).
    fn sha1(&self, parts: &[&[u8]]) -> Result<[u8; 20], ProviderError>;

    /// An AES-256-CBC cipher for `key`, made once per [`MsgCrypt`](super::MsgCrypt) so that a
    /// key schedule or an imported key object can be reused for every message.
    fn aes256_cbc(&self, key: &[u8; 32]) -> Result<Box<dyn Aes256Cbc>, ProviderError>;
}

/// AES-256 in CBC mode with one key, without padding (the core pads and unpads).
///
/// `Debug` must not show the key.
pub trait Aes256Cbc: fmt::Debug + Send + Sync {
    /// Decrypts `blocks` in place with `iv`. `blocks` is a whole, non-zero number of 16-byte
    /// blocks.
    fn decrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError>;

    /// Encrypts `blocks` in place with `iv`. `blocks` is a whole, non-zero number of 16-byte
    /// blocks.
    fn encrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError>;
}

/// A provider could not do what it was asked; the core reports it with the official code of
/// the step (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    detail: Cow<'static, str>,
}

impl ProviderError {
    /// An error with a short description. It ends up in the core error's message: never put
    /// key material or message contents in it.
    pub fn new(detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            detail: detail.into(),
        }
    }

    /// The description given to [`ProviderError::new`].
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "crypto provider failed: {}", self.detail)
    }
}

impl std::error::Error for ProviderError {}

/// The default provider: pure Rust (RustCrypto's `sha1`, `aes` and `cbc`), using the CPU's
/// SHA and AES instructions where it has them. Never fails.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

impl CryptoProvider for RustCrypto {
    fn sha1(&self, parts: &[&[u8]]) -> Result<[u8; 20], ProviderError> {
        Ok(sha1(parts))
    }

    fn aes256_cbc(&self, key: &[u8; 32]) -> Result<Box<dyn Aes256Cbc>, ProviderError> {
        let key = Array::from(*key);
        Ok(Box::new(RustCryptoAes {
            enc: Aes256Enc::new(&key),
            dec: Aes256Dec::new(&key),
        }))
    }
}

/// [`RustCrypto`]'s SHA-1, infallible.
pub(crate) fn sha1(parts: &[&[u8]]) -> [u8; 20] {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// [`RustCrypto`]'s cipher: both key schedules, computed once.
#[derive(Clone)]
struct RustCryptoAes {
    enc: Aes256Enc,
    dec: Aes256Dec,
}

impl Aes256Cbc for RustCryptoAes {
    fn decrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        let (blocks, rest) = Array::slice_as_chunks_mut(blocks);
        if !rest.is_empty() {
            return Err(ProviderError::new("input is not a whole number of blocks"));
        }
        cbc::Decryptor::<Aes256Dec>::inner_iv_init(self.dec.clone(), &Array::from(*iv))
            .decrypt_blocks(blocks);
        Ok(())
    }

    fn encrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        let (blocks, rest) = Array::slice_as_chunks_mut(blocks);
        if !rest.is_empty() {
            return Err(ProviderError::new("input is not a whole number of blocks"));
        }
        cbc::Encryptor::<Aes256Enc>::inner_iv_init(self.enc.clone(), &Array::from(*iv))
            .encrypt_blocks(blocks);
        Ok(())
    }
}

impl fmt::Debug for RustCryptoAes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RustCryptoAes(key=***)")
    }
}
