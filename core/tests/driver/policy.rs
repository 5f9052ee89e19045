//! Tokens, refreshes and retries.

use serde_json::json;
use wxopen::api::{open, register};
use wxopen::driver::{Driver, Policy, Step};

use crate::harness::*;

fn open_get(driver: &Driver) -> wxopen::driver::Call<open::OpenAccount> {
    driver.call(open::Get::default(), Some(AUTHORIZER))
}

/// A world with a ticket, an imported authorizer, and one call made (tokens minted).
fn warm() -> (World, Driver) {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.seed_authorizer(&d, AUTHORIZER);
    w.on(CAT_PATH, [cat("CAT1")])
        .on(AAT_PATH, [aat("AAT1", "refreshtoken@@@R1")])
        .on(OPEN_GET_PATH, [open_ok()]);
    w.run(open_get(&d)).unwrap();
    (w, d)
}

#[test]
fn mints_from_the_stored_ticket_and_a_warm_call_goes_straight_to_http() {
    let (mut w, d) = warm();
    let mint = &w.sent_to(CAT_PATH)[0];
    assert_eq!(
        mint.body,
        json!({"component_appid": CID, "component_appsecret": SECRET, "component_verify_ticket": "ticket@@@latest"}).to_string()
    );
    assert_eq!(token_of(w.sent_to(AAT_PATH)[0]), "CAT1");
    assert!(w.sent_to(AAT_PATH)[0].body.contains("refreshtoken@@@R1"));
    assert_eq!(token_of(w.sent_to(OPEN_GET_PATH)[0]), "AAT1");
    // Warm: the first step is the request itself, no store round trip.
    let mut call = open_get(&d);
    let step = w.first_step(&mut call);
    let Step::Http(request) = &step else {
        panic!("warm call started with {step:?}")
    };
    assert!(request.url.ends_with("access_token=AAT1"));
    w.on(OPEN_GET_PATH, [open_ok()]);
    let step = w.step(&mut call, step);
    assert!(matches!(step, Step::Done(Ok(_))));
    // The authorizer record holds access and refresh token in one durable value.
    let record: serde_json::Value = serde_json::from_str(
        w.store
            .get(
                &format!("wxopen:{CID}:authorizer:{AUTHORIZER}"),
                w.now + 86_400_000,
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(record["access_token"], "AAT1");
    assert_eq!(record["refresh_token"], "refreshtoken@@@R1");
    assert_eq!(w.events_of("component_token_minted").len(), 1);
}

#[test]
fn refreshes_early_at_the_margin_and_not_before() {
    let (mut w, d) = warm();
    // 1 h 49 min later: still fresh (cache re-check reads the store, no refresh).
    w.now += 6_540_000;
    w.on(OPEN_GET_PATH, [open_ok()]);
    w.run(open_get(&d)).unwrap();
    assert_eq!(w.sent_to(AAT_PATH).len(), 1);
    // Past 1 h 50 min: inside the 600 s margin, so the authorizer token is refreshed (the
    // component token too, as the refresh needs it and it is as old).
    w.now += 61_000;
    w.on(CAT_PATH, [cat("CAT2")])
        .on(AAT_PATH, [aat("AAT2", "refreshtoken@@@R2")])
        .on(OPEN_GET_PATH, [open_ok()]);
    w.run(open_get(&d)).unwrap();
    assert_eq!(w.sent_to(AAT_PATH).len(), 2);
    assert_eq!(token_of(w.sent_to(AAT_PATH)[1]), "CAT2");
    assert_eq!(token_of(w.sent.last().unwrap()), "AAT2");
    // The rotated refresh token was written with the access token.
    let rec = w
        .store
        .get(&format!("wxopen:{CID}:authorizer:{AUTHORIZER}"), w.now)
        .unwrap();
    assert!(rec.contains("refreshtoken@@@R2") && rec.contains("AAT2"));
}

#[test]
fn expired_mid_flight_42001_refreshes_and_retries_once() {
    let (mut w, d) = warm();
    w.on(OPEN_GET_PATH, [errcode(42001), open_ok()])
        .on(AAT_PATH, [aat("AAT2", "refreshtoken@@@R1")]);
    w.run(open_get(&d)).unwrap();
    let calls = w.sent_to(OPEN_GET_PATH);
    assert_eq!(calls.len(), 3);
    assert_eq!(token_of(calls[1]), "AAT1");
    assert_eq!(token_of(calls[2]), "AAT2");
    assert_eq!(w.events_of("token_rejected").len(), 1);
    // Twice in a row: one retry only, then the error reaches the caller.
    w.on(OPEN_GET_PATH, [errcode(42001), errcode(42001)])
        .on(AAT_PATH, [aat("AAT3", "refreshtoken@@@R1")]);
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.to_json()["errcode"], 42001);
    assert_eq!(w.sent_to(OPEN_GET_PATH).len(), 5);
    assert_eq!(w.sent_to(AAT_PATH).len(), 3);
}

#[test]
fn a_minus_one_burst_is_served_from_the_still_valid_token() {
    let (mut w, d) = warm();
    // Into the margin: a refresh is due, but WeChat is busy.
    w.now += 6_700_000;
    w.on(CAT_PATH, [errcode(-1)])
        .on(OPEN_GET_PATH, [open_ok(), open_ok()]);
    // The authorizer token is due too; its refresh needs the component token.
    w.on(AAT_PATH, [errcode(-1)]);
    w.run(open_get(&d)).unwrap();
    assert_eq!(token_of(w.sent.last().unwrap()), "AAT1", "old token served");
    assert!(!w.events_of("stale_token_served").is_empty());
    let attempts = w.sent_to(CAT_PATH).len() + w.sent_to(AAT_PATH).len();
    // The next call, within the backoff, does not hammer WeChat again.
    w.run(open_get(&d)).unwrap();
    assert_eq!(
        w.sent_to(CAT_PATH).len() + w.sent_to(AAT_PATH).len(),
        attempts
    );
    assert!(
        w.sleeps.is_empty(),
        "serving the old token needs no waiting"
    );
}

#[test]
fn refresh_token_61023_needs_reauthorization_and_marks_the_authorizer() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.seed_authorizer(&d, AUTHORIZER);
    w.on(CAT_PATH, [cat("CAT1")]).on(AAT_PATH, [errcode(61023)]);
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.code(), "needs_reauthorization");
    assert_eq!(err.to_json()["authorizer_appid"], AUTHORIZER);
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(wxopen::driver::AuthorizerStatus::NeedsReauthorization)
    );
    // Marked: the next call fails at once, without asking WeChat again.
    let before = w.sent.len();
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.code(), "needs_reauthorization");
    assert_eq!(w.sent.len(), before);
    assert_eq!(w.events_of("authorizer_needs_reauthorization").len(), 1);
}

#[test]
fn after_61023_a_still_valid_token_is_served_until_it_expires() {
    let (mut w, d) = warm();
    w.now += 6_700_000; // inside the margin: a refresh is due
    w.on(CAT_PATH, [cat("CAT2")])
        .on(AAT_PATH, [errcode(61023)])
        .on(OPEN_GET_PATH, [open_ok(), open_ok()]);
    w.run(open_get(&d)).unwrap();
    assert_eq!(token_of(w.sent.last().unwrap()), "AAT1");
    assert_eq!(w.events_of("authorizer_needs_reauthorization").len(), 1);
    // No more refresh attempts while it lasts…
    w.now += 60_000;
    w.run(open_get(&d)).unwrap();
    assert_eq!(w.sent_to(AAT_PATH).len(), 2);
    // …and once it expired, the typed error without a request.
    w.now += 600_000;
    let before = w.sent.len();
    assert_eq!(
        w.run(open_get(&d)).unwrap_err().code(),
        "needs_reauthorization"
    );
    assert_eq!(w.sent.len(), before);
}

#[test]
fn refresh_61003_marks_revoked() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.seed_authorizer(&d, AUTHORIZER);
    w.on(CAT_PATH, [cat("CAT1")]).on(AAT_PATH, [errcode(61003)]);
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.code(), "authorizer_revoked");
    let rec = w
        .store
        .get(&format!("wxopen:{CID}:authorizer:{AUTHORIZER}"), w.now)
        .unwrap();
    assert!(rec.contains(r#""status":"revoked""#) && !rec.contains("refreshtoken"));
}

#[test]
fn no_ticket_yet_is_a_typed_error_pointing_at_the_push() {
    let mut w = World::new();
    let d = driver();
    let err = w.run(d.component_access_token()).unwrap_err();
    assert_eq!(err.code(), "no_ticket");
    assert!(err.to_string().contains("start_push_ticket"), "{err}");
    assert!(w.sent.is_empty());
    assert_eq!(w.events_of("failure").len(), 1);
}

#[test]
fn ticket_errors_61005_and_61006_are_typed() {
    for (code, name) in [(61005, "ticket_expired"), (61006, "ticket_invalid")] {
        let mut w = World::new();
        let d = driver();
        w.seed_ticket(&d);
        w.on(CAT_PATH, [errcode(code)]);
        let err = w.run(d.component_access_token()).unwrap_err();
        assert_eq!(err.code(), name);
        assert_eq!(err.to_json()["errcode"], code);
        assert_eq!(w.sent_to(CAT_PATH).len(), 1, "not retried");
    }
}

#[test]
fn a_create_call_is_never_re_sent() {
    let (mut w, d) = warm();
    let beta = || register::RegisterBeta {
        name: "Trial shop".into(),
        openid: "o_abc".into(),
    };
    let path = "/wxa/component/fastregisterbetaweapp";
    for reply in [errcode(-1), Reply::Transport, Reply::Status(502)] {
        w.on(path, [reply]);
        let err = w.run(d.call(beta(), None)).unwrap_err();
        assert!(err.retryable(), "{err}");
    }
    assert_eq!(w.sent_to(path).len(), 3, "one request per call");
    assert!(w.sleeps.is_empty());
    // A refused token did not run the request: that one is re-sent once with a fresh token.
    w.on(
        path,
        [
            errcode(40001),
            json(r#"{"errcode":0,"unique_id":"u1","authorize_url":"https://x"}"#),
        ],
    )
    .on(CAT_PATH, [cat("CAT2")]);
    let ok = w.run(d.call(beta(), None)).unwrap();
    assert_eq!(ok.unique_id, "u1");
    assert_eq!(w.sent_to(path).len(), 5);
}

#[test]
fn reads_retry_transient_failures_with_bounded_jittered_backoff() {
    let (mut w, d) = warm();
    w.on(
        OPEN_GET_PATH,
        [errcode(-1), Reply::Transport, Reply::Status(503), open_ok()],
    );
    w.run(open_get(&d)).unwrap();
    let p = Policy::default();
    assert_eq!(w.sleeps.len(), 3);
    for (i, ms) in w.sleeps.iter().enumerate() {
        let cap = (p.backoff_base_ms << i).min(p.backoff_max_ms);
        assert!(*ms >= cap / 2 && *ms <= cap, "retry {i}: {ms} ms");
    }
    assert_eq!(w.events_of("retry").len(), 3);
    // Budget exhausted: the error surfaces after max_retries.
    w.on(OPEN_GET_PATH, std::iter::repeat_n(errcode(-1), 4));
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.to_json()["errcode"], -1);
    assert_eq!(w.sent_to(OPEN_GET_PATH).len(), 1 + 4 + 4);
}

#[test]
fn daily_quota_45009_is_never_retried_and_ip_whitelist_fails_at_once() {
    let (mut w, d) = warm();
    for code in [45009, 61004, 40164] {
        w.on(OPEN_GET_PATH, [errcode(code)]);
        let err = w.run(open_get(&d)).unwrap_err();
        assert_eq!(err.to_json()["errcode"], code);
        assert!(!err.to_json()["hint"].as_str().unwrap().is_empty());
    }
    assert_eq!(w.sent_to(OPEN_GET_PATH).len(), 4);
    assert!(w.sleeps.is_empty());
}

#[test]
fn rate_limit_45011_waits_for_the_next_minute() {
    let (mut w, d) = warm();
    w.now = w.now - w.now % 60_000 + 20_000; // 20 s into a minute
    w.on(OPEN_GET_PATH, [errcode(45011), open_ok()]);
    w.run(open_get(&d)).unwrap();
    assert_eq!(w.sleeps.len(), 1);
    assert!((40_000..=41_000).contains(&w.sleeps[0]), "{:?}", w.sleeps);
    let sent = w.sent_to(OPEN_GET_PATH);
    assert!(
        sent.last().unwrap().at % 60_000 <= 1_000,
        "sent in the first second of the minute"
    );
    // Once only: a second 45011 is the caller's.
    w.on(OPEN_GET_PATH, [errcode(45011), errcode(45011)]);
    assert_eq!(w.run(open_get(&d)).unwrap_err().to_json()["errcode"], 45011);
    // A write is not re-sent even after 45011.
    let path = "/cgi-bin/open/bind";
    w.on(path, [errcode(45011)]);
    let bind = open::Bind {
        appid: None,
        open_appid: "wxopen0123456789".into(),
    };
    assert!(w.run(d.call(bind, Some(AUTHORIZER))).is_err());
    assert_eq!(w.sent_to(path).len(), 1);
}

#[test]
fn a_token_someone_else_already_replaced_is_reused_not_refreshed_again() {
    let (mut w, a) = warm();
    // Process B (same store) refreshed the authorizer token meanwhile: AAT1 → AAT_B.
    let b = Driver::new(config(), 99).unwrap();
    w.now += 6_700_000;
    w.on(CAT_PATH, [cat("CAT_B")])
        .on(AAT_PATH, [aat("AAT_B", "refreshtoken@@@R1")])
        .on(OPEN_GET_PATH, [open_ok()]);
    w.run(open_get(&b)).unwrap();
    let refreshes = w.sent_to(AAT_PATH).len();
    let mints = w.sent_to(CAT_PATH).len();
    // A still caches AAT1 (its cache window) and gets 40001 for it.
    w.now = T0 + 30_000;
    w.on(OPEN_GET_PATH, [errcode(40001), open_ok()]);
    w.run(open_get(&a)).unwrap();
    let sent = w.sent_to(OPEN_GET_PATH);
    assert_eq!(token_of(sent[sent.len() - 2]), "AAT1");
    assert_eq!(token_of(sent[sent.len() - 1]), "AAT_B", "B's token reused");
    assert_eq!(w.sent_to(AAT_PATH).len(), refreshes, "no second refresh");
    assert_eq!(w.sent_to(CAT_PATH).len(), mints);
    // The store still holds B's token: A's compare-and-delete did not drop it.
    let rec = w
        .store
        .get(&format!("wxopen:{CID}:authorizer:{AUTHORIZER}"), w.now)
        .unwrap();
    assert!(rec.contains("AAT_B"));
}

#[test]
fn two_platforms_share_one_store_without_mixing() {
    let mut w = World::new();
    let one = driver();
    let other_config =
        wxopen::driver::Config::new("wxcomponent0000002", "secret2", TOKEN, AES_KEY).unwrap();
    let two = Driver::new(other_config, 8).unwrap();
    w.seed_ticket(&one);
    let err = w.run(two.component_access_token()).unwrap_err();
    assert_eq!(
        err.code(),
        "no_ticket",
        "a ticket of platform 1 is not platform 2's"
    );
    w.seed_ticket(&two);
    w.on(CAT_PATH, [cat("CAT_ONE"), cat("CAT_TWO")]);
    let t1 = w.run(one.component_access_token()).unwrap();
    let t2 = w.run(two.component_access_token()).unwrap();
    assert_eq!(t1.access_token.expose(), "CAT_ONE");
    assert_eq!(t2.access_token.expose(), "CAT_TWO");
    assert!(w.sent_to(CAT_PATH)[1].body.contains("wxcomponent0000002"));
    let keys = w.store.keys(w.now);
    assert!(
        keys.iter()
            .all(|k| k.starts_with("wxopen:wxcomponent000000")),
        "{keys:?}"
    );
    assert!(keys.contains(&"wxopen:wxcomponent0000001:component_token"));
    assert!(keys.contains(&"wxopen:wxcomponent0000002:component_token"));
    // Fresh processes read each platform's own token from the store.
    let one_again = driver();
    assert_eq!(
        w.run(one_again.component_access_token())
            .unwrap()
            .access_token
            .expose(),
        "CAT_ONE"
    );
}

#[test]
fn single_flight_two_concurrent_calls_mint_once() {
    let mut w = World::new();
    let a = driver();
    let b = Driver::new(config(), 1234).unwrap();
    w.seed_ticket(&a);
    w.on(CAT_PATH, [cat("CAT1")]);
    // Strict alternation: each step of one call is followed by a step of the other.
    let mut turn = 0;
    let results = w.run_all(
        vec![a.component_access_token(), b.component_access_token()],
        |live| {
            turn += 1;
            turn % live
        },
    );
    for r in results {
        assert_eq!(r.unwrap().access_token.expose(), "CAT1");
    }
    assert_eq!(w.sent_to(CAT_PATH).len(), 1, "exactly one mint");
    assert!(!w.sleeps.is_empty(), "the second call waited for the first");
}

#[test]
fn read_only_uses_stored_tokens_and_never_mints() {
    let (mut w, _) = warm();
    let ro = Driver::new(config().read_only(true), 5).unwrap();
    w.on(OPEN_GET_PATH, [open_ok()]);
    w.run(open_get(&ro)).unwrap();
    assert_eq!(token_of(w.sent.last().unwrap()), "AAT1");
    // Once they expire, a read-only platform fails instead of minting.
    w.now += 7_300_000;
    let before = w.sent.len();
    let err = w.run(open_get(&ro)).unwrap_err();
    assert_eq!(err.code(), "read_only");
    assert_eq!(err.to_json()["token"], "authorizer");
    let err = w.run(ro.component_access_token()).unwrap_err();
    assert_eq!(err.code(), "read_only");
    assert_eq!(w.sent.len(), before, "nothing sent");
    assert!(w.store.keys(w.now).iter().all(|k| !k.contains(":lock:")));
}

#[test]
fn managed_token_calls_and_pages_are_refused_and_inputs_are_filled() {
    let d = driver();
    let mut w = World::new();
    for op in [
        "component.api_component_token",
        "component.authorizer_token",
        "component.query_auth",
        "page.component_login",
    ] {
        let err = w.run(d.call_json(op, &json!({}), None)).unwrap_err();
        assert_eq!(err.to_json()["field"], "operation", "{op}");
    }
    let err = w
        .run(d.call_json("open.get", &json!({}), None))
        .unwrap_err();
    assert_eq!(err.to_json()["field"], "authorizer_appid");
    let err = w
        .run(d.call_json(
            "component.preauthcode",
            &json!({"component_appid": "wxother"}),
            None,
        ))
        .unwrap_err();
    assert_eq!(err.to_json()["field"], "component_appid");
    // Filled in: the platform's appid (and AppSecret for clear_quota v2).
    w.on(
        "/cgi-bin/component/clear_quota/v2",
        [json(r#"{"errcode":0,"errmsg":"ok"}"#)],
    );
    assert_eq!(
        w.run(d.call_json("quota.clear_v2", &json!({}), None))
            .unwrap(),
        serde_json::Value::Null
    );
    assert_eq!(
        w.sent[0].body,
        format!(r#"{{"component_appid":"{CID}","appsecret":"{SECRET}"}}"#)
    );
}

#[test]
fn reuse_oa_retries_are_spaced_more_than_five_seconds() {
    let (mut w, d) = warm();
    let path = "/cgi-bin/account/fastregister";
    let op = || register::RegisterByReuseOa {
        ticket: "scanticket@@@t".into(),
    };
    w.on(path, [Reply::Transport, json(r#"{"errcode":0,"appid":"wxnew","authorization_code":"c","is_wx_verify_succ":true,"is_link_succ":true}"#)]);
    assert_eq!(
        w.run(d.call(op(), Some(AUTHORIZER))).unwrap_err().code(),
        "transport_error"
    );
    w.now += 1_000;
    // The registration's authorization code is exchanged at once (spec §3.2).
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply("wxnew", "AAT_NEW", "refreshtoken@@@N")],
    );
    w.run(d.call(op(), Some(AUTHORIZER))).unwrap();
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
    let sent = w.sent_to(path);
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].at - sent[0].at > 5_000,
        "{} ms",
        sent[1].at - sent[0].at
    );
}

#[test]
fn events_and_step_debug_never_show_secrets() {
    let (mut w, d) = warm();
    w.now += 6_700_000;
    w.on(CAT_PATH, [errcode(-1), cat("CAT_S3CR3T")])
        .on(
            AAT_PATH,
            [errcode(40001), aat("AAT_S3CR3T", "refreshtoken@@@S3CR3T")],
        )
        .on(OPEN_GET_PATH, [open_ok()]);
    let mut call = open_get(&d);
    let mut step = call.start(w.now);
    let mut shown = String::new();
    while !matches!(step, Step::Done(_)) {
        shown.push_str(&format!("{step:?}\n"));
        step = w.step(&mut call, step);
    }
    for e in &w.events {
        shown.push_str(&e.to_json().to_string());
    }
    // The driver itself (configuration, warm cache) and the store print no secret either.
    shown.push_str(&format!("{d:?}{:?}{:?}", w.store, d.config()));
    for secret in [
        "CAT1",
        "AAT1",
        "refreshtoken",
        "S3CR3T",
        SECRET,
        "ticket@@@",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn host_mistakes_and_store_failures_end_the_call_with_typed_errors() {
    let d = driver();
    // A store step answered with a transport failure: the wrong kind of answer.
    let mut call = d.component_access_token();
    let step = call.start(T0);
    assert!(matches!(step, Step::Get { .. }), "{step:?}");
    let step = call.resume(wxopen::driver::Input::TransportFailed("x".into()), T0);
    let Step::Done(Err(err)) = step else {
        panic!("{step:?}")
    };
    assert_eq!(err.to_json()["field"], "input");
    // Resuming a finished call, or before start.
    let step = call.resume(wxopen::driver::Input::Ack, T0);
    assert!(matches!(step, Step::Done(Err(ref e)) if e.to_json()["field"] == "call"));
    let mut fresh = d.component_access_token();
    let step = fresh.resume(wxopen::driver::Input::Ack, T0);
    assert!(matches!(step, Step::Done(Err(ref e)) if e.to_json()["field"] == "call"));
    // The store failing.
    let mut call = d.component_access_token();
    let _ = call.start(T0);
    let step = call.resume(
        wxopen::driver::Input::StoreFailed("redis: connection refused".into()),
        T0,
    );
    let Step::Done(Err(err)) = step else {
        panic!("{step:?}")
    };
    assert_eq!(err.code(), "store_error");
    assert!(err.to_string().contains("connection refused"));
}

#[test]
fn a_corrupt_authorizer_record_is_reported_not_overwritten() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    let key = format!("wxopen:{CID}:authorizer:{AUTHORIZER}");
    w.store.put(&key, "not json", None, w.now);
    let err = w.run(open_get(&d)).unwrap_err();
    assert_eq!(err.code(), "store_error");
    assert!(err.to_string().contains(&key), "{err}");
    assert_eq!(w.store.get(&key, w.now), Some("not json"));
    assert!(w.sent.is_empty());
}

#[test]
fn gateway_errors_while_minting_are_retried_then_reported() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.on(
        CAT_PATH,
        [Reply::Status(502), Reply::Transport, cat("CAT1")],
    );
    let token = w.run(d.component_access_token()).unwrap();
    assert_eq!(token.access_token.expose(), "CAT1");
    assert_eq!(w.events_of("retry").len(), 2);
    // Lock released after the mint: nothing of it is left in the store.
    assert!(w.store.keys(w.now).iter().all(|k| !k.contains(":lock:")));
    let d2 = driver();
    let mut w2 = World::new();
    w2.seed_ticket(&d2);
    w2.on(CAT_PATH, std::iter::repeat_n(Reply::Status(503), 4));
    let err = w2.run(d2.component_access_token()).unwrap_err();
    assert_eq!(err.code(), "http_status");
    assert_eq!(w2.sent_to(CAT_PATH).len(), 4, "1 + max_retries");
    assert_eq!(w2.events_of("failure").len(), 1);
}

#[test]
fn a_key_prefix_moves_every_key() {
    let mut w = World::new();
    let d = Driver::new(config().with_key_prefix("tenant7").unwrap(), 3).unwrap();
    w.seed_ticket(&d);
    w.on(CAT_PATH, [cat("CAT1")]);
    w.run(d.component_access_token()).unwrap();
    let keys = w.store.keys(w.now);
    assert!(
        keys.iter()
            .all(|k| k.starts_with(&format!("tenant7:{CID}:"))),
        "{keys:?}"
    );
    assert!(config().with_key_prefix("a:b").is_err());
}
