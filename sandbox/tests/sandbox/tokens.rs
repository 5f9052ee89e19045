//! §1.2, §1.3, §0.2, §15.5: tickets and the component access token.

use serde_json::json;

use crate::common::*;

fn token_body(ticket: &str) -> serde_json::Value {
    json!({"component_appid": APPID, "component_appsecret": SECRET, "component_verify_ticket": ticket})
}

#[tokio::test]
async fn component_token_checks_appid_secret_and_ticket() {
    let sb = Sb::start().await;
    let ticket = sb.ticket().await;
    let path = "/cgi-bin/component/api_component_token";
    let v = sb.api(path, token_body(&ticket)).await;
    assert_eq!(v["expires_in"], 7200);
    assert!(
        v.get("errcode").is_none(),
        "token endpoints answer without errcode: {v}"
    );
    assert!(v["component_access_token"].as_str().unwrap().len() > 64);

    let cases = [
        (
            json!({"component_appsecret": SECRET, "component_verify_ticket": ticket}),
            41002,
        ),
        (
            json!({"component_appid": APPID, "component_verify_ticket": ticket}),
            41004,
        ),
        (
            json!({"component_appid": "wx0000000000000000", "component_appsecret": SECRET, "component_verify_ticket": ticket}),
            40013,
        ),
        (
            json!({"component_appid": OA, "component_appsecret": SECRET, "component_verify_ticket": ticket}),
            61011,
        ),
        (
            json!({"component_appid": APPID, "component_appsecret": "wrong", "component_verify_ticket": ticket}),
            40125,
        ),
        (
            json!({"component_appid": APPID, "component_appsecret": SECRET, "component_verify_ticket": "ticket@@@nope"}),
            61006,
        ),
        (
            json!({"component_appid": APPID, "component_appsecret": SECRET}),
            61006,
        ),
    ];
    for (body, code) in cases {
        let v = sb.api(path, body.clone()).await;
        assert_eq!(errcode(&v), code, "{body} → {v}");
        assert!(v["errmsg"].as_str().unwrap().contains(" rid: "), "{v}");
    }
    let (status, v) = sb.request("POST", path, b"", "application/json").await;
    assert_eq!((status, errcode(&v)), (200, 44002));
    let (_, v) = sb
        .request("POST", path, b"{not json", "application/json")
        .await;
    assert_eq!(errcode(&v), 47001);
    let (_, v) = sb.request("GET", path, b"", "text/plain").await;
    assert_eq!(errcode(&v), 43002);
    let (status, v) = sb
        .request("POST", "/cgi-bin/nope", b"{}", "application/json")
        .await;
    assert_eq!(status, 404, "{v}");
    let (_, v) = sb
        .request(
            "GET",
            &format!("/cgi-bin/token?grant_type=client_credential&appid={APPID}&secret={SECRET}"),
            b"",
            "text/plain",
        )
        .await;
    assert_eq!(errcode(&v), 61024);
    sb.stop().await;
}

#[tokio::test]
async fn tickets_come_every_ten_minutes_and_last_twelve_hours() {
    let sb = Sb::start().await;
    let first = sb.ticket().await;
    sb.advance(599).await;
    assert_eq!(sb.ticket().await, first, "no new ticket before 10 minutes");
    sb.advance(1).await;
    let second = sb.ticket().await;
    assert_ne!(second, first);
    // An older ticket still works while it is younger than 12 h.
    let v = sb
        .api("/cgi-bin/component/api_component_token", token_body(&first))
        .await;
    assert!(v["component_access_token"].is_string(), "{v}");
    sb.advance(12 * 3600 - 600).await;
    let v = sb
        .api("/cgi-bin/component/api_component_token", token_body(&first))
        .await;
    assert_eq!(errcode(&v), 61005, "12 h old: {v}");
    let v = sb
        .api(
            "/cgi-bin/component/api_component_token",
            token_body(&second),
        )
        .await;
    assert!(v["component_access_token"].is_string(), "{v}");
    let ticket_pushes = sb.pushes("component_verify_ticket").await;
    assert_eq!(
        ticket_pushes.len(),
        3,
        "start, +10 min, and one for the long advance"
    );
    assert!(
        ticket_pushes.iter().all(|p| p["state"] == "no_url"),
        "no URL configured yet"
    );
    sb.stop().await;
}

#[tokio::test]
async fn start_push_ticket_issues_and_pushes_a_ticket_now() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let path = "/cgi-bin/component/api_start_push_ticket";
    let v = sb
        .api(
            path,
            json!({"component_appid": APPID, "component_secret": "bad"}),
        )
        .await;
    assert_eq!(errcode(&v), 40125);
    let v = sb
        .api(
            path,
            json!({"component_appid": APPID, "component_secret": SECRET}),
        )
        .await;
    assert_eq!(v, json!({"errcode": 0, "errmsg": "ok"}));
    let got = rx.wait_for("component_verify_ticket", 1).await;
    assert_eq!(got[0]["ticket"], sb.ticket().await);
    assert_eq!(got[0]["component_appid"], APPID);
    sb.stop().await;
}

#[tokio::test]
async fn a_new_token_leaves_the_previous_one_five_minutes() {
    let sb = Sb::start().await;
    let a = sb.cat().await;
    let call = |t: String| {
        let sb = &sb;
        async move {
            sb.api(
                &format!("/cgi-bin/component/api_create_preauthcode?component_access_token={t}"),
                json!({"component_appid": APPID}),
            )
            .await
        }
    };
    assert!(call(a.clone()).await["pre_auth_code"].is_string());
    let b = sb.cat().await;
    assert_ne!(a, b);
    sb.advance(299).await;
    assert!(
        call(a.clone()).await["pre_auth_code"].is_string(),
        "the replaced token works 5 more minutes"
    );
    sb.advance(1).await;
    assert_eq!(
        errcode(&call(a.clone()).await),
        40001,
        "then it is not the latest"
    );
    assert!(call(b.clone()).await["pre_auth_code"].is_string());
    // Two mints in a row: the oldest dies at once.
    let c = sb.cat().await;
    let _d = sb.cat().await;
    assert!(call(c).await["pre_auth_code"].is_string());
    assert_eq!(errcode(&call(b).await), 40001);
    sb.stop().await;
}

#[tokio::test]
async fn tokens_expire_after_7200_seconds() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let path = format!("/cgi-bin/component/api_create_preauthcode?component_access_token={cat}");
    sb.advance(7199).await;
    assert!(sb.api(&path, json!({"component_appid": APPID})).await["pre_auth_code"].is_string());
    sb.advance(1).await;
    assert_eq!(
        errcode(&sb.api(&path, json!({"component_appid": APPID})).await),
        42001
    );
    sb.stop().await;
}

#[tokio::test]
async fn both_token_parameter_names_and_the_kinds() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let body = json!({"component_appid": APPID});
    let ok1 = sb
        .api(
            &format!("/cgi-bin/component/api_create_preauthcode?component_access_token={cat}"),
            body.clone(),
        )
        .await;
    let ok2 = sb
        .api(
            &format!("/cgi-bin/component/api_create_preauthcode?access_token={cat}"),
            body.clone(),
        )
        .await;
    assert!(ok1["pre_auth_code"].is_string() && ok2["pre_auth_code"].is_string());
    assert_eq!(ok2["expires_in"], 1800);
    assert_eq!(
        errcode(
            &sb.api("/cgi-bin/component/api_create_preauthcode", body.clone())
                .await
        ),
        41001
    );
    assert_eq!(
        errcode(
            &sb.api(
                "/cgi-bin/component/api_create_preauthcode?access_token=nope",
                body.clone()
            )
            .await
        ),
        40001
    );
    let other = json!({"component_appid": "wx0000000000000001"});
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/component/api_create_preauthcode?access_token={cat}"),
                other
            )
            .await
        ),
        40013
    );
    let (aat, _) = sb.authorize(&cat, MINI, None).await;
    // An authorizer token on a component API, a component token on an authorizer API.
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/component/api_create_preauthcode?access_token={aat}"),
                body
            )
            .await
        ),
        61014
    );
    assert_eq!(
        errcode(
            &sb.api(&format!("/cgi-bin/open/have?access_token={cat}"), json!({}))
                .await
        ),
        40014
    );
    // Authorizer APIs take access_token only.
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/open/have?component_access_token={aat}"),
                json!({})
            )
            .await
        ),
        41001
    );
    sb.stop().await;
}

#[tokio::test]
async fn ip_whitelist_refuses_other_callers() {
    let mut config = config();
    config.platforms[0].ip_whitelist = vec!["10.1.2.3".into()];
    let sb = Sb::with(config).await;
    let ticket = sb.ticket().await;
    let v = sb
        .api(
            "/cgi-bin/component/api_component_token",
            token_body(&ticket),
        )
        .await;
    assert_eq!(errcode(&v), 61004, "{v}");
    let (status, _) = sb
        .request(
            "PATCH",
            &format!("/sandbox/platforms/{APPID}"),
            br#"{"ip_whitelist":["127.0.0.1"]}"#,
            "application/json",
        )
        .await;
    assert_eq!(status, 200);
    assert!(sb.cat().await.len() > 64);
    sb.stop().await;
}

#[tokio::test]
async fn same_seed_same_credentials() {
    let a = Sb::start().await;
    let b = Sb::start().await;
    assert_eq!(a.ticket().await, b.ticket().await);
    assert_eq!(a.cat().await, b.cat().await);
    a.ctl("/sandbox/reset", json!({})).await;
    assert_eq!(
        a.ticket().await,
        b.ticket().await,
        "reset = the state after start"
    );
    a.stop().await;
    b.stop().await;
}
