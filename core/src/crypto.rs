//! Message encryption for push events (WXBizMsgCrypt, spec §6): signatures, AES-256-CBC with
//! PKCS#7 padding to 32-byte blocks, and the `random ‖ length ‖ msg ‖ receive_id` framing.
//!
//! [`MsgCrypt`] holds one platform's Token, EncodingAESKey and appid, with the AES key schedule
//! computed once. It never draws randomness: the 16-byte prefix, the timestamp and the nonce of
//! an encryption are arguments. Failures carry the official codes −40001 … −40011
//! ([`CryptoErrorKind`]).
//!
//! ```
//! use wxopen::crypto::MsgCrypt;
//!
//! let crypt = MsgCrypt::new("pamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6")?;
//! let encrypt = crypt.encrypt("我是中文abcd123".as_bytes(), b"aaaabbbbccccdddd")?;
//! assert_eq!(encrypt, "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
//!
//! let signature = crypt.msg_signature("1409304348", "xxxxxx", &encrypt);
//! let plain = crypt.decrypt_verified(&signature, "1409304348", "xxxxxx", &encrypt)?;
//! assert_eq!(plain, "我是中文abcd123".as_bytes());
//! # Ok::<(), wxopen::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use subtle::ConstantTimeEq;

use crate::error::{CryptoErrorKind, Error, Result};
use crate::secret::Secret;
use crate::webhook::Envelope;

pub mod provider;

use provider::{Aes256Cbc, CryptoProvider, RustCrypto};

/// Length of the EncodingAESKey in characters.
pub const ENCODING_AES_KEY_LEN: usize = 43;

/// The padding block size of WXBizMsgCrypt (PKCS#7 to 32 bytes, not 16).
pub const PAD_BLOCK: usize = 32;

/// Length of the random prefix of the plaintext frame.
pub const RANDOM_LEN: usize = 16;

/// Random prefix + 4-byte big-endian length.
const HEADER_LEN: usize = RANDOM_LEN + 4;

/// AES block size.
const AES_BLOCK: usize = 16;

/// Length of a lower-hex SHA-1 signature.
const SIGNATURE_LEN: usize = 40;

/// One platform's message crypto: Token, EncodingAESKey and the appid used as receive id.
///
/// Cheap to share (`&self` everywhere) and to clone. SHA-1 and AES come from a
/// [`CryptoProvider`] ([`RustCrypto`] unless [`MsgCrypt::with_provider`] says otherwise); every
/// rule around them is here. `Debug` shows the appid only — the Token and the key are redacted.
#[derive(Clone)]
pub struct MsgCrypt {
    token: Secret,
    appid: String,
    iv: [u8; AES_BLOCK],
    provider: Arc<dyn CryptoProvider>,
    aes: Arc<dyn Aes256Cbc>,
}

impl MsgCrypt {
    /// Builds the crypto of platform `appid` from its Token and 43-character EncodingAESKey.
    ///
    /// The key is decoded leniently (the last character's two spare bits may be non-zero, as in
    /// the official `…ABCDEFG` key). A key that is not 43 characters of `[A-Za-z0-9+/]` fails
    /// with −40004 ([`CryptoErrorKind::IllegalAesKey`]); an empty token or appid is an
    /// [`Error::InvalidArgument`].
    pub fn new(
        token: impl Into<String>,
        encoding_aes_key: &str,
        appid: impl Into<String>,
    ) -> Result<Self> {
        Self::with_provider(token, encoding_aes_key, appid, Arc::new(RustCrypto))
    }

    /// [`MsgCrypt::new`] with SHA-1 and AES from `provider` (see [`provider`]). Also fails with
    /// −40004 if the provider refuses the key.
    pub fn with_provider(
        token: impl Into<String>,
        encoding_aes_key: &str,
        appid: impl Into<String>,
        provider: Arc<dyn CryptoProvider>,
    ) -> Result<Self> {
        let token = token.into();
        let appid = appid.into();
        if token.is_empty() {
            return Err(Error::invalid("token", "must not be empty"));
        }
        if appid.is_empty() {
            return Err(Error::invalid("appid", "must not be empty"));
        }
        let key = decode_aes_key(encoding_aes_key)?;
        let Some(&iv) = key.first_chunk::<AES_BLOCK>() else {
            return Err(Error::crypto(
                CryptoErrorKind::IllegalAesKey,
                "key too short",
            ));
        };
        let aes = provider
            .aes256_cbc(&key)
            .map_err(|e| Error::crypto(CryptoErrorKind::IllegalAesKey, e.to_string()))?;
        Ok(Self {
            token: Secret::new(token),
            appid,
            iv,
            provider,
            aes: Arc::from(aes),
        })
    }

    /// The platform appid: the receive id expected in every decrypted frame.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// `msg_signature`: lower-hex SHA-1 of the sorted concatenation of
    /// `[token, timestamp, nonce, encrypt]` (spec §6.6).
    ///
    /// Computed with [`RustCrypto`] whatever the provider, so that it cannot fail; checking
    /// ([`MsgCrypt::verify_msg_signature`]) and [`MsgCrypt::encrypt_reply`] use the provider.
    pub fn msg_signature(&self, timestamp: &str, nonce: &str, encrypt: &str) -> String {
        hex_string(&provider::sha1(
            &self.signed_parts([timestamp, nonce, encrypt]),
        ))
    }

    /// `signature` of plain mode and URL verification: the same over `[token, timestamp, nonce]`
    /// (also computed with [`RustCrypto`]).
    pub fn url_signature(&self, timestamp: &str, nonce: &str) -> String {
        hex_string(&provider::sha1(&self.signed_parts([timestamp, nonce])))
    }

    /// Checks `msg_signature` in constant time; −40001 ([`CryptoErrorKind::ValidateSignature`])
    /// if it does not match.
    pub fn verify_msg_signature(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypt: &str,
    ) -> Result<()> {
        let expected = self.digest([timestamp, nonce, encrypt])?;
        check_signature(msg_signature, &expected, "msg_signature does not match")
    }

    /// Checks the plain `signature` (over token, timestamp, nonce) in constant time; −40001 if
    /// it does not match.
    pub fn verify_url_signature(
        &self,
        signature: &str,
        timestamp: &str,
        nonce: &str,
    ) -> Result<()> {
        let expected = self.digest([timestamp, nonce])?;
        check_signature(signature, &expected, "signature does not match")
    }

    /// Decrypts the Base64 `Encrypt` text **without** checking a signature and returns the
    /// message bytes verbatim. Use [`MsgCrypt::decrypt_verified`] unless the signature was
    /// checked already.
    ///
    /// Errors: −40010 bad Base64, −40007 length not a positive multiple of 16, −40008 frame too
    /// short or inconsistent, −40005 receive id is not [`MsgCrypt::appid`].
    pub fn decrypt(&self, encrypt: &str) -> Result<Vec<u8>> {
        let mut buf = vec![0; decoded_capacity(encrypt)];
        let range = self.decrypt_into(encrypt, &mut buf)?;
        buf.truncate(range.end);
        buf.drain(..range.start);
        Ok(buf)
    }

    /// Like [`MsgCrypt::decrypt`], but hands the message to `f` instead of returning it. A
    /// ciphertext of up to 3 KiB (every real push) is decrypted in a buffer on the stack, so
    /// this allocates nothing itself.
    pub fn decrypt_with<T>(&self, encrypt: &str, f: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        const STACK_BYTES: usize = 3072;
        let needed = decoded_capacity(encrypt);
        if needed > STACK_BYTES {
            return f(&self.decrypt(encrypt)?);
        }
        let mut stack = [0u8; STACK_BYTES];
        let buf = stack.get_mut(..needed).unwrap_or_default();
        let range = self.decrypt_into(encrypt, buf)?;
        f(buf.get(range).unwrap_or_default())
    }

    /// Decodes and decrypts `encrypt` in `buf` (at least [`decoded_capacity`] bytes) and returns
    /// where the message is in it.
    fn decrypt_into(&self, encrypt: &str, buf: &mut [u8]) -> Result<std::ops::Range<usize>> {
        let len = LENIENT
            .decode_slice(encrypt.as_bytes(), buf)
            .map_err(|_| Error::crypto(CryptoErrorKind::DecodeBase64, "Encrypt is not Base64"))?;
        let buf = buf.get_mut(..len).unwrap_or_default();
        if buf.is_empty() || buf.len() % AES_BLOCK != 0 {
            return Err(Error::crypto(
                CryptoErrorKind::DecryptAes,
                "ciphertext length is not a positive multiple of 16",
            ));
        }
        self.aes
            .decrypt(&self.iv, buf)
            .map_err(|e| Error::crypto(CryptoErrorKind::DecryptAes, e.to_string()))?;
        self.unframe(buf)
    }

    /// Checks `msg_signature` over `encrypt`, then decrypts it (the official `DecryptMsg` minus
    /// the XML step).
    pub fn decrypt_verified(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypt: &str,
    ) -> Result<Vec<u8>> {
        self.verify_msg_signature(msg_signature, timestamp, nonce, encrypt)?;
        self.decrypt(encrypt)
    }

    /// The official `DecryptMsg`: takes `Encrypt` out of the envelope XML (−40002 if absent,
    /// DOCTYPE refused), checks `msg_signature` and decrypts. No freshness or size rule is
    /// applied here; [`crate::webhook::Webhook`] adds those.
    pub fn decrypt_message(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        envelope_xml: &[u8],
    ) -> Result<Vec<u8>> {
        let envelope = Envelope::parse(envelope_xml)?;
        self.decrypt_verified(msg_signature, timestamp, nonce, &envelope.encrypt)
    }

    /// Encrypts `msg` with the given 16-byte random prefix and returns the Base64 `Encrypt`
    /// text. Deterministic: the same inputs give the same output.
    ///
    /// Fails with −40006 if `msg` is longer than 4 GiB (the length field is 32 bits) or the
    /// provider fails.
    pub fn encrypt(&self, msg: &[u8], random: &[u8; RANDOM_LEN]) -> Result<String> {
        let msg_len = u32::try_from(msg.len())
            .map_err(|_| Error::crypto(CryptoErrorKind::EncryptAes, "message longer than 4 GiB"))?;
        let framed = HEADER_LEN + msg.len() + self.appid.len();
        let pad = PAD_BLOCK - framed % PAD_BLOCK;
        let mut buf = Vec::with_capacity(framed + pad);
        buf.extend_from_slice(random);
        buf.extend_from_slice(&msg_len.to_be_bytes());
        buf.extend_from_slice(msg);
        buf.extend_from_slice(self.appid.as_bytes());
        // `pad` is in 1..=32, so the cast is exact.
        buf.resize(framed + pad, pad as u8);
        self.aes
            .encrypt(&self.iv, &mut buf)
            .map_err(|e| Error::crypto(CryptoErrorKind::EncryptAes, e.to_string()))?;
        Ok(LENIENT.encode(&buf))
    }

    /// Encrypts and signs a reply and returns the reply XML of spec §6.2:
    /// `<xml><Encrypt>…</Encrypt><MsgSignature>…</MsgSignature><TimeStamp>…</TimeStamp><Nonce>…</Nonce></xml>`.
    ///
    /// `random`, `timestamp` (unix seconds) and `nonce` are the caller's; the nonce may echo the
    /// request's. Fails with −40011 if `nonce` cannot be carried in CDATA (contains `]]>`).
    pub fn encrypt_reply(
        &self,
        msg: &[u8],
        random: &[u8; RANDOM_LEN],
        timestamp: i64,
        nonce: &str,
    ) -> Result<String> {
        if nonce.contains("]]>") {
            return Err(Error::crypto(
                CryptoErrorKind::GenReturnXml,
                "nonce contains `]]>`",
            ));
        }
        let encrypt = self.encrypt(msg, random)?;
        let timestamp = timestamp.to_string();
        let signature = hex_string(&self.digest([&timestamp, nonce, &encrypt])?);
        Ok(format!(
            "<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature><TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>"
        ))
    }

    /// SHA-1 (by the provider) over the token and `parts`, sorted byte-wise and concatenated
    /// without separators; −40003 if the provider fails.
    fn digest<const N: usize>(&self, parts: [&str; N]) -> Result<[u8; 20]> {
        self.provider
            .sha1(&self.signed_parts(parts))
            .map_err(|e| Error::crypto(CryptoErrorKind::ComputeSignature, e.to_string()))
    }

    /// The token and `parts` in the order they are signed: sorted byte-wise (spec §6.6).
    fn signed_parts<'a, const N: usize>(&'a self, mut parts: [&'a str; N]) -> SignedParts<'a> {
        // With the token, at most four parts are signed (token, timestamp, nonce, encrypt).
        const { assert!(N < 4) };
        parts.sort_unstable();
        let token = self.token.expose();
        let mut out = SignedParts::default();
        let mut token_done = false;
        for part in parts.iter() {
            if !token_done && token <= *part {
                out.push(token.as_bytes());
                token_done = true;
            }
            out.push(part.as_bytes());
        }
        if !token_done {
            out.push(token.as_bytes());
        }
        out
    }

    /// Strips the padding of a decrypted frame and returns the range of the message in it,
    /// after checking the receive id.
    fn unframe(&self, buf: &[u8]) -> Result<std::ops::Range<usize>> {
        let pad = match buf.last() {
            Some(&p) if (1..=PAD_BLOCK as u8).contains(&p) => usize::from(p),
            _ => 0,
        };
        let content = buf.len().saturating_sub(pad);
        let short = || Error::crypto(CryptoErrorKind::IllegalBuffer, "decrypted frame too short");
        let len_bytes: [u8; 4] = buf
            .get(RANDOM_LEN..HEADER_LEN)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(short)?;
        if content < HEADER_LEN {
            return Err(short());
        }
        let msg_end = usize::try_from(u32::from_be_bytes(len_bytes))
            .ok()
            .and_then(|len| len.checked_add(HEADER_LEN))
            .filter(|&end| end <= content)
            .ok_or_else(|| {
                Error::crypto(
                    CryptoErrorKind::IllegalBuffer,
                    "message length exceeds the decrypted frame",
                )
            })?;
        let receive_id = buf.get(msg_end..content).unwrap_or_default();
        if receive_id != self.appid.as_bytes() {
            return Err(Error::crypto(
                CryptoErrorKind::ValidateAppid,
                "receive id is not the platform appid",
            ));
        }
        Ok(HEADER_LEN..msg_end)
    }
}

impl fmt::Debug for MsgCrypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MsgCrypt")
            .field("appid", &self.appid)
            .field("token", &"***")
            .field("encoding_aes_key", &"***")
            .finish()
    }
}

/// Lower-hex SHA-1 signature of `parts` sorted byte-wise and concatenated (spec §6.6).
///
/// Include the token among `parts`; [`MsgCrypt::msg_signature`] does this for you.
pub fn sha1_signature(parts: &[&str]) -> String {
    let mut sorted: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
    sorted.sort_unstable();
    hex_string(&provider::sha1(&sorted))
}

/// Up to four byte strings on the stack: what [`MsgCrypt`] signs, in order.
#[derive(Default)]
struct SignedParts<'a> {
    parts: [&'a [u8]; 4],
    len: usize,
}

impl<'a> SignedParts<'a> {
    /// Appends `part` (`signed_parts` never pushes a fifth).
    fn push(&mut self, part: &'a [u8]) {
        if let Some(slot) = self.parts.get_mut(self.len) {
            *slot = part;
            self.len += 1;
        }
    }
}

impl<'a> std::ops::Deref for SignedParts<'a> {
    type Target = [&'a [u8]];

    fn deref(&self) -> &Self::Target {
        self.parts.get(..self.len).unwrap_or_default()
    }
}

/// Base64 with lenient trailing bits (the EncodingAESKey's last character) and optional padding.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Room [`MsgCrypt::decrypt_into`] needs to decode `encrypt`: 3 bytes per 4 characters, rounded
/// up.
fn decoded_capacity(encrypt: &str) -> usize {
    encrypt.len().div_ceil(4).saturating_mul(3)
}

/// Decodes a 43-character EncodingAESKey (+ `=`) to the 32-byte AES key.
fn decode_aes_key(encoding_aes_key: &str) -> Result<[u8; 32]> {
    let illegal = || {
        Error::crypto(
            CryptoErrorKind::IllegalAesKey,
            "EncodingAESKey must be 43 Base64 characters",
        )
    };
    if encoding_aes_key.len() != ENCODING_AES_KEY_LEN {
        return Err(illegal());
    }
    let mut key = [0u8; 32];
    let mut padded = [b'='; ENCODING_AES_KEY_LEN + 1];
    padded
        .get_mut(..ENCODING_AES_KEY_LEN)
        .ok_or_else(illegal)?
        .copy_from_slice(encoding_aes_key.as_bytes());
    match LENIENT.decode_slice(padded, &mut key) {
        Ok(32) => Ok(key),
        _ => Err(illegal()),
    }
}

/// Constant-time comparison of a received hex signature with the expected digest.
fn check_signature(received: &str, expected: &[u8; 20], detail: &'static str) -> Result<()> {
    let expected = hex(expected);
    if received.len() == SIGNATURE_LEN && bool::from(received.as_bytes().ct_eq(&expected)) {
        return Ok(());
    }
    Err(Error::crypto(CryptoErrorKind::ValidateSignature, detail))
}

fn hex(digest: &[u8; 20]) -> [u8; SIGNATURE_LEN] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; SIGNATURE_LEN];
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        if let [hi, lo] = pair {
            *hi = DIGITS.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
            *lo = DIGITS.get(usize::from(byte & 0xf)).copied().unwrap_or(b'0');
        }
    }
    out
}

fn hex_string(digest: &[u8; 20]) -> String {
    hex(digest).iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn lenient_key_decoding() {
        let key = decode_aes_key(KEY).unwrap();
        assert_eq!(hex_string(&provider::sha1(&[&key])).len(), 40, "sanity");
        assert_eq!(
            key.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051"
        );
        assert!(decode_aes_key(&KEY[..42]).is_err());
        assert!(decode_aes_key(&format!("{}!", &KEY[..42])).is_err());
        assert!(decode_aes_key(&format!("{}=", &KEY[..42])).is_err());
    }

    #[test]
    fn signature_sorting_matches_generic() {
        let crypt = MsgCrypt::new("spamtest", KEY, "wx2c2769f8efd9abc2").unwrap();
        for (ts, nonce, enc) in [("1", "2", "3"), ("zzz", "a", "spamtest0"), ("", "", "")] {
            assert_eq!(
                crypt.msg_signature(ts, nonce, enc),
                sha1_signature(&["spamtest", ts, nonce, enc])
            );
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let crypt = MsgCrypt::new("pamtest", KEY, "wxb11529c136998cb6").unwrap();
        let debug = format!("{crypt:?}");
        assert!(!debug.contains("pamtest"));
        assert!(!debug.contains("abcdefghij"));
        assert!(debug.contains("wxb11529c136998cb6"));
    }

    #[test]
    fn empty_and_unaligned_ciphertexts() {
        let crypt = MsgCrypt::new("t", KEY, "wx").unwrap();
        assert_eq!(
            crypt.decrypt("").unwrap_err().code(),
            CryptoErrorKind::DecryptAes.code()
        );
        assert_eq!(
            crypt.decrypt("YWJj").unwrap_err().code(),
            CryptoErrorKind::DecryptAes.code()
        );
    }

    #[test]
    fn reply_round_trip() {
        let crypt = MsgCrypt::new("t", KEY, "wx").unwrap();
        let xml = crypt
            .encrypt_reply(b"success", &[7; 16], 1700000000, "n")
            .unwrap();
        let envelope = Envelope::parse(xml.as_bytes()).unwrap();
        let sig = crypt.msg_signature("1700000000", "n", &envelope.encrypt);
        assert!(xml.contains(&sig));
        assert_eq!(
            crypt
                .decrypt_message(&sig, "1700000000", "n", xml.as_bytes())
                .unwrap(),
            b"success"
        );
        assert!(crypt.encrypt_reply(b"x", &[0; 16], 1, "a]]>b").is_err());
    }
}
