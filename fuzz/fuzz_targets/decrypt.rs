//! `MsgCrypt` on arbitrary input. Byte 0 = mode: even → the rest is an `Encrypt` text;
//! odd → the rest is raw ciphertext, Base64-encoded first so it reaches AES and the frame
//! checks. Every input is also encrypted and must decrypt back to itself.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use wxopen::crypto::MsgCrypt;

fuzz_target!(|data: &[u8]| {
    let Ok(crypt) = MsgCrypt::new(
        "spamtest",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "wx2c2769f8efd9abc2",
    ) else {
        return;
    };
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let encrypt = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        base64::engine::general_purpose::STANDARD.encode(rest)
    };
    let _ = crypt.decrypt(&encrypt);
    let _ = crypt.decrypt_verified(
        "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
        "1",
        "2",
        &encrypt,
    );
    let _ = crypt.decrypt_message("x", "1", "2", rest);
    let _ = MsgCrypt::new("t", &String::from_utf8_lossy(rest), "wx");

    let sealed = crypt.encrypt(rest, b"0123456789abcdef").expect("encrypt");
    assert_eq!(crypt.decrypt(&sealed).expect("round trip"), rest);
});
