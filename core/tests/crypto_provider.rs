//! The crypto provider seam: a provider built differently from the default (`Reference`: CBC
//! chained by hand over single AES blocks, SHA-1 over one concatenated buffer) gives exactly the
//! default's results on every case of `tests/vectors/webhook.json` and on random round trips; a
//! provider that fails or returns garbage gives a typed error, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aes::Aes256;
use aes::cipher::array::Array;
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use proptest::prelude::*;
use serde_json::Value;
use sha1::{Digest, Sha1};
use wxopen::crypto::MsgCrypt;
use wxopen::crypto::provider::{Aes256Cbc, CryptoProvider, ProviderError, RustCrypto};
use wxopen::webhook::{Query, Webhook};
use wxopen::{CryptoErrorKind, Error};

/// An independent implementation, counting its calls (to prove the seam is used).
#[derive(Debug, Default)]
struct Reference {
    calls: Arc<AtomicUsize>,
}

impl CryptoProvider for Reference {
    fn sha1(&self, parts: &[&[u8]]) -> Result<[u8; 20], ProviderError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        Ok(Sha1::digest(parts.concat()).into())
    }

    fn aes256_cbc(&self, key: &[u8; 32]) -> Result<Box<dyn Aes256Cbc>, ProviderError> {
        Ok(Box::new(ReferenceAes {
            cipher: Aes256::new(&Array::from(*key)),
            calls: Arc::clone(&self.calls),
        }))
    }
}

#[derive(Debug)]
struct ReferenceAes {
    cipher: Aes256,
    calls: Arc<AtomicUsize>,
}

impl Aes256Cbc for ReferenceAes {
    fn decrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut prev = *iv;
        for chunk in blocks.chunks_exact_mut(16) {
            let cipher_block: [u8; 16] = chunk.try_into().unwrap();
            let mut block = Array::from(cipher_block);
            self.cipher.decrypt_block(&mut block);
            for (out, (p, c)) in chunk.iter_mut().zip(block.iter().zip(prev)) {
                *out = p ^ c;
            }
            prev = cipher_block;
        }
        Ok(())
    }

    fn encrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut prev = *iv;
        for chunk in blocks.chunks_exact_mut(16) {
            let mut block = Array::from(prev);
            for (b, p) in block.iter_mut().zip(chunk.iter()) {
                *b ^= p;
            }
            self.cipher.encrypt_block(&mut block);
            chunk.copy_from_slice(&block);
            prev = block.into();
        }
        Ok(())
    }
}

/// What a misbehaving provider does.
#[derive(Debug, Clone, Copy)]
enum Fault {
    HashFails,
    HashWrong,
    KeyRefused,
    DecryptFails,
    EncryptFails,
    /// Decryption "succeeds" with these bytes everywhere.
    DecryptGarbage(u8),
}

#[derive(Debug)]
struct Faulty(Fault);

impl CryptoProvider for Faulty {
    fn sha1(&self, parts: &[&[u8]]) -> Result<[u8; 20], ProviderError> {
        match self.0 {
            Fault::HashFails => Err(ProviderError::new("no SHA-1 today")),
            Fault::HashWrong => Ok([0x5a; 20]),
            _ => RustCrypto.sha1(parts),
        }
    }

    fn aes256_cbc(&self, key: &[u8; 32]) -> Result<Box<dyn Aes256Cbc>, ProviderError> {
        if let Fault::KeyRefused = self.0 {
            return Err(ProviderError::new("key refused"));
        }
        Ok(Box::new(FaultyAes {
            fault: self.0,
            inner: RustCrypto.aes256_cbc(key)?,
        }))
    }
}

#[derive(Debug)]
struct FaultyAes {
    fault: Fault,
    inner: Box<dyn Aes256Cbc>,
}

impl Aes256Cbc for FaultyAes {
    fn decrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        match self.fault {
            Fault::DecryptFails => Err(ProviderError::new("decrypt failed")),
            Fault::DecryptGarbage(b) => {
                blocks.fill(b);
                Ok(())
            }
            _ => self.inner.decrypt(iv, blocks),
        }
    }

    fn encrypt(&self, iv: &[u8; 16], blocks: &mut [u8]) -> Result<(), ProviderError> {
        match self.fault {
            Fault::EncryptFails => Err(ProviderError::new("encrypt failed")),
            _ => self.inner.encrypt(iv, blocks),
        }
    }
}

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/webhook.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_default()
}

fn crypt(
    token: &str,
    key: &str,
    appid: &str,
    provider: Arc<dyn CryptoProvider>,
) -> Result<MsgCrypt, Error> {
    MsgCrypt::with_provider(token, key, appid, provider)
}

/// Both providers' MsgCrypt for the same keys, or both errors (which must be equal).
fn pair(token: &str, key: &str, appid: &str) -> Result<(MsgCrypt, MsgCrypt), Error> {
    let pure = MsgCrypt::new(token, key, appid);
    let other = crypt(token, key, appid, Arc::new(Reference::default()));
    match (pure, other) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            Err(a)
        }
        (a, b) => panic!("providers disagree on construction: {a:?} vs {b:?}"),
    }
}

fn same<T: PartialEq + std::fmt::Debug>(what: &str, a: Result<T, Error>, b: Result<T, Error>) {
    assert_eq!(a, b, "{what}: results differ");
}

#[test]
fn every_vector_gives_the_same_result() {
    let v = vectors();
    let mut checked = 0;
    for case in v["crypto_cases"].as_array().unwrap() {
        let name = s(case, "name");
        let key = match s(case, "op") {
            "signature" => "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            _ => s(case, "encoding_aes_key"),
        };
        let appid = case["appid"].as_str().unwrap_or("wx");
        let Ok((a, b)) = pair(s(case, "token"), key, appid) else {
            checked += 1;
            continue;
        };
        let (ts, nonce) = (s(case, "timestamp"), s(case, "nonce"));
        match s(case, "op") {
            "encrypt" => {
                let random: [u8; 16] = s(case, "random").as_bytes().try_into().unwrap();
                let msg = s(case, "msg").as_bytes();
                same(name, a.encrypt(msg, &random), b.encrypt(msg, &random));
                same(
                    name,
                    a.encrypt_reply(msg, &random, 1_700_000_000, nonce),
                    b.encrypt_reply(msg, &random, 1_700_000_000, nonce),
                );
            }
            "decrypt" => {
                let sig = s(case, "msg_signature");
                let enc = s(case, "encrypt");
                same(
                    name,
                    a.decrypt_verified(sig, ts, nonce, enc),
                    b.decrypt_verified(sig, ts, nonce, enc),
                );
                same(name, a.decrypt(enc), b.decrypt(enc));
            }
            "signature" => {
                let sig = a.url_signature(ts, nonce);
                same(
                    name,
                    a.verify_url_signature(&sig, ts, nonce),
                    b.verify_url_signature(&sig, ts, nonce),
                );
                same(
                    name,
                    a.verify_url_signature("0", ts, nonce),
                    b.verify_url_signature("0", ts, nonce),
                );
            }
            other => panic!("{name}: unknown op {other}"),
        }
        checked += 1;
    }
    let p = &v["platform"];
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = Arc::new(Reference {
        calls: Arc::clone(&calls),
    });
    for case in v["push_cases"].as_array().unwrap() {
        let max = case["max_body_bytes"]
            .as_u64()
            .map(|m| usize::try_from(m).unwrap());
        let hook = |c: MsgCrypt| {
            let h = Webhook::from_crypt(c);
            match max {
                Some(m) => h.with_max_body_bytes(m),
                None => h,
            }
        };
        let (token, key, appid) = (
            s(p, "token"),
            s(p, "encoding_aes_key"),
            s(p, "component_appid"),
        );
        let a = hook(MsgCrypt::new(token, key, appid).unwrap());
        let b = hook(crypt(token, key, appid, provider.clone()).unwrap());
        let pairs = case["query"].as_object().unwrap();
        let query = Query::from_pairs(pairs.iter().map(|(k, v)| (k, v.as_str().unwrap())));
        let (body, now) = (s(case, "body").as_bytes(), case["now"].as_i64().unwrap());
        same(
            s(case, "name"),
            a.parse(&query, body, now),
            b.parse(&query, body, now),
        );
        same(
            s(case, "name"),
            a.decrypt(&query, body, now),
            b.decrypt(&query, body, now),
        );
        checked += 1;
    }
    for case in v["url_verification_cases"].as_array().unwrap() {
        let Ok((a, b)) = pair(
            s(case, "token"),
            s(case, "encoding_aes_key"),
            s(case, "appid"),
        ) else {
            continue;
        };
        let pairs = case["query"].as_object().unwrap();
        let query = Query::from_pairs(pairs.iter().map(|(k, v)| (k, v.as_str().unwrap())));
        let now = case["now"].as_i64().unwrap();
        same(
            s(case, "name"),
            Webhook::from_crypt(a).verify_url(&query, now),
            Webhook::from_crypt(b).verify_url(&query, now),
        );
        checked += 1;
    }
    assert!(checked >= 45, "{checked}");
    assert!(
        calls.load(Ordering::Relaxed) > 20,
        "the provider was not called"
    );
}

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wx7e3c9f0a1b2d4c68";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_round_trips_agree(
        msg in proptest::collection::vec(any::<u8>(), 0..3000),
        random in any::<[u8; 16]>(),
        nonce in "[0-9a-zA-Z]{1,12}",
    ) {
        let (a, b) = pair("token", KEY, APPID).unwrap();
        let enc_a = a.encrypt(&msg, &random).unwrap();
        prop_assert_eq!(&enc_a, &b.encrypt(&msg, &random).unwrap());
        let sig = a.msg_signature("1700000000", &nonce, &enc_a);
        prop_assert_eq!(
            b.decrypt_verified(&sig, "1700000000", &nonce, &enc_a).unwrap(),
            msg.clone()
        );
        prop_assert_eq!(
            a.encrypt_reply(&msg, &random, 1_700_000_000, &nonce),
            b.encrypt_reply(&msg, &random, 1_700_000_000, &nonce)
        );
    }

    #[test]
    fn random_ciphertexts_agree(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        use base64::Engine as _;
        let (a, b) = pair("token", KEY, APPID).unwrap();
        let enc = base64::engine::general_purpose::STANDARD.encode(&bytes);
        prop_assert_eq!(a.decrypt(&enc), b.decrypt(&enc));
    }

    #[test]
    fn garbage_from_the_provider_is_a_typed_error(fill in any::<u8>(), msg in "[a-z]{0,300}") {
        let good = MsgCrypt::new("token", KEY, APPID).unwrap();
        let enc = good.encrypt(msg.as_bytes(), &[3; 16]).unwrap();
        let bad = crypt("token", KEY, APPID, Arc::new(Faulty(Fault::DecryptGarbage(fill)))).unwrap();
        let err = bad.decrypt(&enc).unwrap_err();
        prop_assert!(matches!(
            err,
            Error::Crypto { kind: CryptoErrorKind::IllegalBuffer | CryptoErrorKind::ValidateAppid, .. }
        ), "{err:?}");
    }
}

fn kind_of(err: &Error) -> CryptoErrorKind {
    match err {
        Error::Crypto { kind, .. } => *kind,
        other => panic!("not a crypto error: {other:?}"),
    }
}

#[test]
fn provider_failures_map_to_the_official_codes() {
    let good = MsgCrypt::new("token", KEY, APPID).unwrap();
    let enc = good.encrypt(b"<xml/>", &[1; 16]).unwrap();
    let sig = good.msg_signature("1", "2", &enc);
    let with = |fault| crypt("token", KEY, APPID, Arc::new(Faulty(fault)));

    let err = with(Fault::KeyRefused).unwrap_err();
    assert_eq!(kind_of(&err), CryptoErrorKind::IllegalAesKey);
    assert!(err.to_string().contains("key refused"), "{err}");

    let hash_fails = with(Fault::HashFails).unwrap();
    let err = hash_fails
        .verify_msg_signature(&sig, "1", "2", &enc)
        .unwrap_err();
    assert_eq!(kind_of(&err), CryptoErrorKind::ComputeSignature);
    assert_eq!(err.code(), "compute_signature");
    assert_eq!(
        kind_of(
            &hash_fails
                .encrypt_reply(b"x", &[0; 16], 1, "n")
                .unwrap_err()
        ),
        CryptoErrorKind::ComputeSignature
    );
    // Producing a signature does not go through the provider (it cannot fail).
    assert_eq!(hash_fails.msg_signature("1", "2", &enc), sig);

    let hash_wrong = with(Fault::HashWrong).unwrap();
    assert_eq!(
        kind_of(
            &hash_wrong
                .verify_msg_signature(&sig, "1", "2", &enc)
                .unwrap_err()
        ),
        CryptoErrorKind::ValidateSignature
    );

    let err = with(Fault::DecryptFails)
        .unwrap()
        .decrypt(&enc)
        .unwrap_err();
    assert_eq!(kind_of(&err), CryptoErrorKind::DecryptAes);
    assert!(err.to_string().contains("decrypt failed"), "{err}");

    let err = with(Fault::EncryptFails)
        .unwrap()
        .encrypt(b"x", &[0; 16])
        .unwrap_err();
    assert_eq!(kind_of(&err), CryptoErrorKind::EncryptAes);
}

#[test]
fn webhook_with_a_failing_provider_refuses_the_push() {
    let good = Webhook::new("token", KEY, APPID).unwrap();
    let xml = format!(
        "<xml><AppId>{APPID}</AppId><CreateTime>5</CreateTime><InfoType>unauthorized</InfoType>\
         <AuthorizerAppid>wxa</AuthorizerAppid></xml>"
    );
    let enc = good.crypt().encrypt(xml.as_bytes(), &[1; 16]).unwrap();
    let sig = good.crypt().msg_signature("5", "n", &enc);
    let body = format!("<xml><AppId>{APPID}</AppId><Encrypt>{enc}</Encrypt></xml>");
    assert!(good.parse_parts("5", "n", &sig, body.as_bytes(), 5).is_ok());
    for (fault, code) in [
        (Fault::HashFails, "compute_signature"),
        (Fault::HashWrong, "signature_mismatch"),
        (Fault::DecryptFails, "decrypt_failed"),
        (Fault::DecryptGarbage(0), "appid_mismatch"),
        (Fault::DecryptGarbage(0xff), "illegal_buffer"),
    ] {
        let hook =
            Webhook::from_crypt(crypt("token", KEY, APPID, Arc::new(Faulty(fault))).unwrap());
        let err = hook
            .parse_parts("5", "n", &sig, body.as_bytes(), 5)
            .unwrap_err();
        assert_eq!(err.code(), code, "{fault:?}: {err}");
    }
}

#[test]
fn debug_output_hides_keys() {
    let c = crypt("s3cr3t-t0ken", KEY, APPID, Arc::new(RustCrypto)).unwrap();
    let shown = format!("{c:?} {:?}", RustCrypto.aes256_cbc(&[9; 32]).unwrap());
    assert!(
        !shown.contains("s3cr3t") && !shown.contains(&KEY[..20]),
        "{shown}"
    );
    assert!(
        !shown.contains("9, 9") && !shown.contains("0909"),
        "{shown}"
    );
    assert!(shown.contains(APPID), "{shown}");
}
