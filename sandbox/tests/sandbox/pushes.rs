//! §6, §7, §13: pushes as WeChat sends them, verified and decrypted by `wxopen::Webhook`;
//! retries; the message URL with `$APPID$`.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn pushes_carry_the_real_query_parameters() {
    let mut config = config();
    config.push.ticket_at_start = false;
    let sb = Sb::with(config).await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component?from=wx", rx.url), None)
        .await;
    sb.ctl(&format!("/sandbox/platforms/{APPID}/ticket"), json!({}))
        .await;
    let got = rx.wait_for("component_verify_ticket", 1).await;
    assert_eq!(got[0]["create_time"], START);
    let raw = &rx.all()[0];
    let q: std::collections::HashMap<String, String> = form_urlencoded::parse(raw.query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(q["from"], "wx", "the URL's own query is kept");
    assert_eq!(q["encrypt_type"], "aes");
    assert_eq!(q["timestamp"], START.to_string());
    assert!(q["nonce"].chars().all(|c| c.is_ascii_digit()));
    // `signature` covers token, timestamp and nonce only (§6.6).
    let crypt = wxopen::MsgCrypt::new(TOKEN, AES_KEY, APPID).unwrap();
    assert_eq!(
        q["signature"],
        crypt.url_signature(&q["timestamp"], &q["nonce"])
    );
    let pushes = sb.pushes("component_verify_ticket").await;
    assert_eq!(pushes[0]["state"], "delivered");
    assert_eq!(pushes[0]["attempts"][0]["status"], 200);
    sb.stop().await;
}

#[tokio::test]
async fn a_receiver_that_fails_is_retried_with_backoff_then_given_up() {
    let mut config = config();
    config.push.backoff_ms = 20;
    config.push.ticket_at_start = false;
    let sb = Sb::with(config).await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    rx.fail_next(2);
    sb.ctl(&format!("/sandbox/platforms/{APPID}/ticket"), json!({}))
        .await;
    sb.settle().await;
    let p = &sb.pushes("component_verify_ticket").await[0];
    assert_eq!(p["state"], "delivered");
    let answers: Vec<&str> = p["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["answer"].as_str().unwrap())
        .collect();
    assert_eq!(answers, vec!["fail", "fail", "success"]);
    assert_eq!(
        rx.events_of("component_verify_ticket").len(),
        3,
        "the same push three times"
    );

    rx.fail_next(10);
    sb.ctl(&format!("/sandbox/platforms/{APPID}/ticket"), json!({}))
        .await;
    sb.settle().await;
    let p = &sb.pushes("component_verify_ticket").await[1];
    assert_eq!(p["state"], "failed");
    assert_eq!(
        p["attempts"].as_array().unwrap().len(),
        4,
        "first attempt + 3 retries"
    );

    // Nobody listening: a connection error, also retried.
    sb.set_urls("http://127.0.0.1:9/nobody", None).await;
    sb.ctl(&format!("/sandbox/platforms/{APPID}/ticket"), json!({}))
        .await;
    sb.settle().await;
    let p = &sb.pushes("component_verify_ticket").await[2];
    assert_eq!(p["state"], "failed");
    assert!(p["attempts"][0]["status"].is_null());
    sb.stop().await;
}

#[tokio::test]
async fn message_url_pushes_replace_appid_and_decrypt() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(
        &format!("{}/component", rx.url),
        Some(&format!("{}/message/$APPID$", rx.url)),
    )
    .await;
    let cat = sb.cat().await;
    sb.authorize(&cat, MINI, None).await;
    let v = sb
        .ctl("/sandbox/pushes/message", json!({"appid": MINI, "event": "weapp_audit_fail", "fields": {"Reason": "1:页面内容与类目不符<br>", "FailTime": START, "ScreenShot": "mediaA|mediaB"}}))
        .await;
    assert_eq!(v["target"], "message");
    assert_eq!(v["authorized"], true);
    sb.settle().await;
    let got = rx
        .all()
        .into_iter()
        .find(|r| r.path.starts_with("/message/"))
        .expect("message push");
    assert_eq!(got.path, format!("/message/{MINI}"));
    assert!(got.query.contains("openid="), "{}", got.query);
    let xml = got
        .xml
        .expect("decrypted with the platform key and receive id");
    let account = sb.get(&format!("/sandbox/accounts/{MINI}")).await;
    assert!(
        xml.contains(&format!(
            "<ToUserName><![CDATA[{}]]></ToUserName>",
            account["user_name"].as_str().unwrap()
        )),
        "{xml}"
    );
    assert!(xml.contains("<Event><![CDATA[weapp_audit_fail]]></Event>"));
    assert!(xml.contains("<Reason><![CDATA[1:页面内容与类目不符<br>]]></Reason>"));
    assert!(xml.contains(&format!("<FailTime>{START}</FailTime>")));

    sb.ctl(
        "/sandbox/pushes/message",
        json!({"appid": MINI, "xml": "<xml><MsgType><![CDATA[text]]></MsgType></xml>"}),
    )
    .await;
    sb.settle().await;
    let raw = rx
        .all()
        .into_iter()
        .filter(|r| r.path.starts_with("/message/"))
        .nth(1)
        .expect("raw push");
    assert_eq!(
        raw.xml.as_deref(),
        Some("<xml><MsgType><![CDATA[text]]></MsgType></xml>")
    );
    sb.ctl_expect(
        "/sandbox/pushes/message",
        json!({"appid": "wxnone", "event": "x"}),
        400,
    )
    .await;
    sb.ctl_expect(
        "/sandbox/pushes/message",
        json!({"appid": MINI, "event": "x", "fields": {"bad name": 1}}),
        400,
    )
    .await;
    sb.stop().await;
}

#[tokio::test]
async fn auto_mode_people_act_by_themselves() {
    let mut config = config();
    config.mode = wxopen_sandbox::Mode::Auto;
    config.start_time = None;
    config.auto.delay_ms = 50;
    let sb = Sb::with(config).await;
    sb.now.store(
        sb.get("/sandbox/clock").await["now"].as_i64().unwrap(),
        std::sync::atomic::Ordering::SeqCst,
    );
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    // Four people act below (a page, a trial user, two admins), each after 50 ms — not at the
    // ticker's next nap (up to 1 s): a new timer wakes it.
    let started = std::time::Instant::now();
    // The merchant opens the authorization page; it confirms itself.
    let url = sb.login_url(&cat, &format!("&biz_appid={MINI}")).await;
    let opened = sb.ctl("/sandbox/pages/open", json!({"url": url})).await;
    let authorized = rx.wait_for("authorized", 1).await;
    assert_eq!(authorized[0]["authorizer_appid"], MINI);
    let session = sb
        .get(&format!(
            "/sandbox/pages/{}",
            opened["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(session["state"], "done");
    // A trial registration completes without the control API.
    let v = sb
        .api(
            &format!("/wxa/component/fastregisterbetaweapp?access_token={cat}"),
            json!({"name": "自动体验小店", "openid": "oAuto"}),
        )
        .await;
    assert_eq!(errcode(&v), 0);
    let r = rx.wait_for("fast_register_beta", 1).await;
    assert_eq!(r[0]["info"]["unique_id"], v["unique_id"]);
    // A link goes through both admins.
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    sb.api(
        &format!("/cgi-bin/wxopen/wxamplink?access_token={oa}"),
        json!({"appid": MINI, "notify_users": 0, "show_profile": 0}),
    )
    .await;
    for _ in 0..100 {
        let links = sb.get("/sandbox/links").await;
        if links[0]["status"] == 1 {
            let took = started.elapsed();
            assert!(
                took < std::time::Duration::from_millis(2500),
                "four 50 ms steps took {took:?}"
            );
            sb.stop().await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "the link never completed: {}",
        sb.get("/sandbox/links").await
    );
}
