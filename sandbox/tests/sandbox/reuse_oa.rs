//! §3.2: registration reusing an official account's subject (page → ticket → fastregister).

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::*;

fn page(sb: &Sb, oa: &str, copy: u8) -> String {
    format!(
        "{}/cgi-bin/fastregisterauth?appid={oa}&component_appid={APPID}&copy_wx_verify={copy}&redirect_uri=http%3A%2F%2Flocalhost%2Fcb%3Ffrom%3Dmp",
        sb.base
    )
}

async fn ticket(sb: &Sb, oa: &str, copy: u8) -> String {
    let v = sb
        .ctl("/sandbox/pages/confirm", json!({"url": page(sb, oa, copy)}))
        .await;
    let redirect = v["redirect"].as_str().unwrap();
    assert!(
        redirect.starts_with("http://localhost/cb?from=mp&ticket="),
        "{redirect}"
    );
    query_param(redirect, "ticket")
}

async fn new_oa(sb: &Sb, subject_type: &str, verified: bool) -> String {
    let v = sb
        .ctl("/sandbox/accounts", json!({"kind": "official_account", "nick_name": "OA", "principal_name": format!("{subject_type} 主体"), "subject_type": subject_type, "verified": verified}))
        .await;
    v["appid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_official_account_admin_confirms_and_the_platform_registers() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    // Without permission set 27 the page refuses.
    let (aat, _) = sb.authorize(&cat, OA, Some(vec![1, 24, 33])).await;
    let v = sb
        .ctl_expect("/sandbox/pages/open", json!({"url": page(&sb, OA, 1)}), 409)
        .await;
    assert!(v["error"].as_str().unwrap().contains("27"), "{v}");
    let api = format!("/cgi-bin/account/fastregister?access_token={aat}");
    assert_eq!(errcode(&sb.api(&api, json!({"ticket": "x"})).await), 61007);

    let (aat, _) = sb.authorize(&cat, OA, None).await;
    let api = format!("/cgi-bin/account/fastregister?access_token={aat}");
    let t = ticket(&sb, OA, 1).await;
    let v = sb.api(&api, json!({"ticket": t})).await;
    assert_eq!(errcode(&v), 0, "{v}");
    assert_eq!(
        (
            v["is_wx_verify_succ"].as_bool(),
            v["is_link_succ"].as_bool()
        ),
        (Some(true), Some(true))
    );
    let appid = v["appid"].as_str().unwrap().to_owned();
    let (mini_aat, _) = sb
        .exchange(&cat, v["authorization_code"].as_str().unwrap())
        .await;
    assert!(mini_aat.len() > 64);
    assert_eq!(
        errcode(&sb.api(&api, json!({"ticket": t})).await),
        61058,
        "single use"
    );

    let account = sb.get(&format!("/sandbox/accounts/{appid}")).await;
    assert_eq!(
        (
            account["register_type"].as_i64(),
            account["verified"].as_bool()
        ),
        (Some(2), Some(true))
    );
    assert_eq!(account["principal_name"], "Acme 咖啡有限公司");
    let links = sb
        .api(
            &format!("/cgi-bin/wxopen/wxamplinkget?access_token={aat}"),
            json!({}),
        )
        .await;
    let item = &links["wxopens"]["items"][0];
    assert_eq!(
        (item["appid"].as_str(), item["status"].as_i64()),
        (Some(appid.as_str()), Some(1))
    );

    // Without copying the verification the new app is unverified.
    let v = sb
        .api(&api, json!({"ticket": ticket(&sb, OA, 0).await}))
        .await;
    assert_eq!(v["is_wx_verify_succ"], false);
    // Five a month.
    for _ in 0..3 {
        assert_eq!(
            errcode(
                &sb.api(&api, json!({"ticket": ticket(&sb, OA, 1).await}))
                    .await
            ),
            0
        );
    }
    assert_eq!(
        errcode(
            &sb.api(&api, json!({"ticket": ticket(&sb, OA, 1).await}))
                .await
        ),
        61055
    );
    sb.stop().await;
}

#[tokio::test]
async fn subject_rules() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    for (subject_type, verified, copy, code) in [
        ("enterprise", false, 1, 61052),
        ("government", true, 0, 61056),
        ("personal", true, 1, 61051),
        ("media", true, 1, 0),
    ] {
        let oa = new_oa(&sb, subject_type, verified).await;
        let (aat, _) = sb.authorize(&cat, &oa, None).await;
        let t = ticket(&sb, &oa, copy).await;
        let v: Value = sb
            .api(
                &format!("/cgi-bin/account/fastregister?access_token={aat}"),
                json!({"ticket": t}),
            )
            .await;
        assert_eq!(errcode(&v), code, "{subject_type}: {v}");
    }
    sb.stop().await;
}

#[tokio::test]
async fn a_call_while_the_first_is_running() {
    let mut config = config();
    config.rules.reuse_oa_processing_ms = 300;
    let sb = Sb::with(config).await;
    let cat = sb.cat().await;
    let (aat, _) = sb.authorize(&cat, OA, None).await;
    let api = format!("/cgi-bin/account/fastregister?access_token={aat}");
    let (t1, t2) = (ticket(&sb, OA, 1).await, ticket(&sb, OA, 1).await);
    let first = sb.api(&api, json!({"ticket": t1}));
    let later = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let retry = sb.api(&api, json!({"ticket": t1})).await;
        let other = sb.api(&api, json!({"ticket": t2})).await;
        (retry, other)
    };
    let (first, (retry, other)) = tokio::join!(first, later);
    assert_eq!(errcode(&first), 0, "{first}");
    assert_eq!(errcode(&retry), 61058, "a retry with the running ticket");
    assert_eq!(
        errcode(&other),
        61057,
        "another registration while one is running"
    );
    assert_eq!(
        errcode(&sb.api(&api, json!({"ticket": t2})).await),
        0,
        "fine once the first is done"
    );
    sb.stop().await;
}
