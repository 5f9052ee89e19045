//! The driver's warm path: a call whose token is in the process-local cache, from `call_json`
//! to `Done` (two steps), against building and parsing the same call through the registry
//! the way the explicit-token clients do (which decodes the JSON input twice).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use wxopen::api::registry;
use wxopen::driver::{Config, Driver, Input, MemoryStore, Step};
use wxopen::{AnyToken, ApiBase, AuthorizerAccessToken, Response};

const APPID: &str = "wxminiprog00000001";
const NOW: u64 = 1_700_000_000_000;
const BODY: &str = r#"{"errcode":0,"errmsg":"ok","open_appid":"wxopen0123456789"}"#;

fn drive<T: 'static>(store: &mut MemoryStore, mut call: wxopen::driver::Call<T>) -> T {
    let mut step = call.start(NOW);
    loop {
        step = match step {
            Step::Done(r) => return r.unwrap(),
            Step::Http(req) => {
                let body = if req.url.contains("api_component_token") {
                    r#"{"component_access_token":"CAT","expires_in":7200}"#
                } else if req.url.contains("api_authorizer_token") {
                    r#"{"authorizer_access_token":"AAT","expires_in":7200,"authorizer_refresh_token":"r"}"#
                } else {
                    BODY
                };
                call.resume(Input::Response(Response::new(200, body)), NOW)
            }
            other => {
                let input = store.answer(&other, NOW).unwrap_or(Input::Ack);
                call.resume(input, NOW)
            }
        };
    }
}

fn bench(c: &mut Criterion) {
    let config = Config::new(
        "wxcomponent0000001",
        "secret",
        "token",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    )
    .unwrap();
    let driver = Driver::new(config, 1).unwrap();
    let mut store = MemoryStore::new();
    drive(&mut store, driver.store_ticket("ticket@@@t", 1_700_000_000));
    drive(
        &mut store,
        driver.import_authorizer(APPID, "refreshtoken@@@r"),
    );
    let input = json!({});
    drive(
        &mut store,
        driver.call_json("open.get", &input, Some(APPID)),
    );

    let mut group = c.benchmark_group("driver");
    group.bench_function("warm call (call_json → Http → Done)", |b| {
        b.iter(|| {
            let mut call = driver.call_json("open.get", black_box(&input), Some(APPID));
            let Step::Http(request) = call.start(NOW) else {
                panic!("not warm")
            };
            black_box(&request);
            let Step::Done(out) = call.resume(Input::Response(Response::new(200, BODY)), NOW)
            else {
                panic!("not done")
            };
            black_box(out.unwrap())
        });
    });
    let info = registry::find("open.get").unwrap();
    let token = AnyToken::Authorizer(AuthorizerAccessToken::new(APPID, "AAT").unwrap());
    let base = ApiBase::default();
    group.bench_function("registry build + parse (input decoded twice)", |b| {
        b.iter(|| {
            let request = info.build(black_box(&input), &token, &base).unwrap();
            black_box(&request);
            black_box(info.parse(&input, &Response::new(200, BODY)).unwrap())
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
