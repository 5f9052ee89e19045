//! Push handling cost: verify + decrypt + parse of a ~1 KB `notify_third_fasteregister` push,
//! and each step alone.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wxopen::event::Event;
use wxopen::webhook::{Query, Webhook};

const APPID: &str = "wx7e3c9f0a1b2d4c68";

/// A pretty-printed enterprise registration result of about 1 KB (long company name and
/// authorization code; real ones are 600–900 bytes).
fn plaintext() -> String {
    let xml = format!(
        "<xml>\n  <AppId><![CDATA[{APPID}]]></AppId>\n  <CreateTime>1767225605</CreateTime>\n  \
         <InfoType><![CDATA[notify_third_fasteregister]]></InfoType>\n  <appid>wx3f1a2b3c4d5e6f70</appid>\n  \
         <status>0</status>\n  <auth_code><![CDATA[queryauthcode@@@{}]]></auth_code>\n  \
         <msg><![CDATA[OK]]></msg>\n  <info>\n    \
         <name><![CDATA[{}]]></name>\n    \
         <code><![CDATA[91440300708461136T]]></code>\n    <code_type>1</code_type>\n    \
         <legal_persona_wechat><![CDATA[legal_person_wechat_id_0123456789]]></legal_persona_wechat>\n    \
         <legal_persona_name><![CDATA[欧阳张三丰]]></legal_persona_name>\n    \
         <component_phone><![CDATA[0755-86013388]]></component_phone>\n  </info>\n</xml>",
        "Aw6e8WQI6Poum-qdGs5PZ1bnx0fl3yXbZ8TGvW0T2cJmn4".repeat(2),
        "深圳市前海某某某某某某信息技术服务有限公司（分支机构）".repeat(4),
    );
    assert!((950..1100).contains(&xml.len()), "{}", xml.len());
    xml
}

fn bench(c: &mut Criterion) {
    let hook = Webhook::new(
        "wxopenVectorToken2026",
        "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx",
        APPID,
    )
    .unwrap();
    let plain = plaintext();
    let encrypt = hook
        .crypt()
        .encrypt(plain.as_bytes(), b"0123456789abcdef")
        .unwrap();
    let (ts, nonce) = ("1767225600", "1320562132");
    let signature = hook.crypt().msg_signature(ts, nonce, &encrypt);
    let body = format!(
        "<xml>\n    <AppId><![CDATA[{APPID}]]></AppId>\n    <Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>"
    );
    let query = Query::from_pairs([
        ("timestamp", ts),
        ("nonce", nonce),
        ("encrypt_type", "aes"),
        ("msg_signature", signature.as_str()),
    ]);
    let now = 1_767_225_607;
    assert!(matches!(
        hook.parse(&query, body.as_bytes(), now).unwrap(),
        Event::FastRegister(_)
    ));

    let mut group = c.benchmark_group("webhook");
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function(
        "verify+decrypt+parse ~1KB notify_third_fasteregister push",
        |b| b.iter(|| hook.parse(black_box(&query), black_box(body.as_bytes()), now)),
    );
    group.bench_function("verify+decrypt ~1KB push (Webhook::decrypt)", |b| {
        b.iter(|| hook.decrypt(black_box(&query), black_box(body.as_bytes()), now))
    });
    group.bench_function("decrypt only (MsgCrypt::decrypt)", |b| {
        b.iter(|| hook.crypt().decrypt(black_box(&encrypt)))
    });
    group.bench_function("verify msg_signature only", |b| {
        b.iter(|| {
            hook.crypt()
                .verify_msg_signature(black_box(&signature), ts, nonce, black_box(&encrypt))
        })
    });
    group.bench_function("parse only (Event::from_xml)", |b| {
        b.iter(|| Event::from_xml(black_box(plain.as_bytes())))
    });
    group.bench_function("encrypt ~1KB (MsgCrypt::encrypt)", |b| {
        b.iter(|| {
            hook.crypt()
                .encrypt(black_box(plain.as_bytes()), b"0123456789abcdef")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
