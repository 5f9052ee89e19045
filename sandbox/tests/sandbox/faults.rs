//! Injected faults: −1 answers, latency, dropped / duplicated / reordered pushes, early
//! token expiry.

use std::time::Instant;

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn error_rate_and_latency() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let preauth = format!("/cgi-bin/component/api_create_preauthcode?access_token={cat}");
    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"error_rate": 1.0, "error_paths": ["/cgi-bin/component/api_create_preauthcode"]}"#,
        "application/json",
    )
    .await;
    let v = sb.api(&preauth, json!({"component_appid": APPID})).await;
    assert_eq!(errcode(&v), -1);
    assert!(v["errmsg"].as_str().unwrap().starts_with("system error"));
    assert!(sb.cat().await.len() > 64, "other paths are not affected");
    // Half the calls, drawn from the seeded RNG.
    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"error_rate": 0.5}"#,
        "application/json",
    )
    .await;
    let mut failed = 0;
    for _ in 0..200 {
        if errcode(&sb.api(&preauth, json!({"component_appid": APPID})).await) == -1 {
            failed += 1;
        }
    }
    assert!((60..=140).contains(&failed), "{failed} of 200");
    let (status, bad) = sb
        .request(
            "PUT",
            "/sandbox/faults",
            br#"{"error_rate": 2}"#,
            "application/json",
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"latency_ms": 150}"#,
        "application/json",
    )
    .await;
    let t = Instant::now();
    sb.api(&preauth, json!({"component_appid": APPID})).await;
    assert!(t.elapsed().as_millis() >= 150);
    assert_eq!(sb.get("/sandbox/faults").await["latency_ms"], 150);
    sb.stop().await;
}

#[tokio::test]
async fn dropped_duplicated_and_reordered_pushes() {
    let mut config = config();
    config.push.ticket_at_start = false;
    let sb = Sb::with(config).await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let ticket = format!("/sandbox/platforms/{APPID}/ticket");

    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"drop_rate": 1.0}"#,
        "application/json",
    )
    .await;
    sb.ctl(&ticket, json!({})).await;
    sb.settle().await;
    assert_eq!(
        sb.get("/sandbox/pushes?state=dropped")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(rx.all().is_empty());

    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"duplicate_rate": 1.0}"#,
        "application/json",
    )
    .await;
    sb.ctl(&ticket, json!({})).await;
    rx.wait_for("component_verify_ticket", 2).await;
    let got = rx.events_of("component_verify_ticket");
    assert_eq!(got[0], got[1], "the same push twice");
    let copies = sb.get("/sandbox/pushes?state=delivered").await;
    assert!(copies[1]["duplicate_of"].is_u64());

    sb.request(
        "PUT",
        "/sandbox/faults",
        br#"{"reorder_window": 3}"#,
        "application/json",
    )
    .await;
    for _ in 0..2 {
        sb.ctl(&ticket, json!({})).await;
    }
    assert_eq!(
        sb.get("/sandbox/pushes?state=held")
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    sb.ctl(&ticket, json!({})).await; // the third fills the window: newest first
    rx.wait_for("component_verify_ticket", 5).await;
    let tickets: Vec<String> = rx.events_of("component_verify_ticket")[2..]
        .iter()
        .map(|e| e["ticket"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(tickets[0], sb.ticket().await, "the newest arrives first");
    // The flush releases what is held.
    sb.ctl(&ticket, json!({})).await;
    assert_eq!(
        sb.ctl("/sandbox/pushes/flush", json!({})).await["released"],
        1
    );
    rx.wait_for("component_verify_ticket", 6).await;
    sb.stop().await;
}

#[tokio::test]
async fn early_token_expiry() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (aat, _) = sb.authorize(&cat, OA, None).await;
    let v = sb
        .ctl("/sandbox/faults/expire_tokens", json!({"appid": OA}))
        .await;
    assert_eq!(v["expired"], 1);
    assert_eq!(
        errcode(
            &sb.api(&format!("/cgi-bin/open/have?access_token={aat}"), json!({}))
                .await
        ),
        42001
    );
    let preauth = format!("/cgi-bin/component/api_create_preauthcode?access_token={cat}");
    assert!(sb.api(&preauth, json!({"component_appid": APPID})).await["pre_auth_code"].is_string());
    sb.ctl("/sandbox/faults/expire_tokens", json!({})).await;
    assert_eq!(
        errcode(&sb.api(&preauth, json!({"component_appid": APPID})).await),
        42001
    );
    sb.stop().await;
}

#[tokio::test]
async fn calls_are_counted_per_path_refused_ones_included() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let before = sb.get("/sandbox/calls").await;
    let beta = format!("/wxa/component/fastregisterbetaweapp?access_token={cat}");
    let ok = sb
        .api(&beta, json!({"name": "Trial shop", "openid": "oCount"}))
        .await;
    assert_eq!(errcode(&ok), 0, "{ok}");
    let refused = sb
        .api(
            "/wxa/component/fastregisterbetaweapp?access_token=bogus",
            json!({}),
        )
        .await;
    assert_ne!(errcode(&refused), 0);
    let after = sb.get("/sandbox/calls").await;
    assert_eq!(after["/wxa/component/fastregisterbetaweapp"], 2, "{after}");
    assert!(before.get("/wxa/component/fastregisterbetaweapp").is_none());
    assert!(after["/cgi-bin/component/api_component_token"].as_u64() >= Some(1));
    sb.ctl("/sandbox/reset", json!({})).await;
    assert_eq!(sb.get("/sandbox/calls").await, json!({}));
}
