//! §15: daily quotas, getApiQuota, clear_quota v1 and v2.

use serde_json::json;

use crate::common::*;

const TOKEN_PATH: &str = "/cgi-bin/component/api_component_token";

#[tokio::test]
async fn the_daily_quota_and_its_reset() {
    let mut config = config();
    config.limits.daily.insert(TOKEN_PATH.into(), 3);
    let sb = Sb::with(config).await;
    let ticket = sb.ticket().await;
    let body = json!({"component_appid": APPID, "component_appsecret": SECRET, "component_verify_ticket": ticket});
    let mut cat = String::new();
    for _ in 0..3 {
        cat = sb.api(TOKEN_PATH, body.clone()).await["component_access_token"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    assert_eq!(errcode(&sb.api(TOKEN_PATH, body.clone()).await), 45009);
    let quota = sb
        .api(
            &format!("/cgi-bin/openapi/quota/get?access_token={cat}"),
            json!({"cgi_path": TOKEN_PATH}),
        )
        .await;
    assert_eq!(
        quota["quota"],
        json!({"daily_limit": 3, "used": 3, "remain": 0})
    );

    // v2 needs no token: the way out when 45009 blocks the token itself.
    let v2 = "/cgi-bin/component/clear_quota/v2";
    assert_eq!(
        errcode(&sb.api(v2, json!({"component_appid": APPID})).await),
        41004
    );
    assert_eq!(
        errcode(
            &sb.api(v2, json!({"component_appid": APPID, "appsecret": "bad"}))
                .await
        ),
        40125
    );
    assert_eq!(
        errcode(
            &sb.api(
                v2,
                json!({"component_appid": APPID, "appsecret": SECRET, "appid": OA})
            )
            .await
        ),
        40013,
        "not an authorizer"
    );
    assert_eq!(
        sb.api(v2, json!({"component_appid": APPID, "appsecret": SECRET}))
            .await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    let cat = sb.api(TOKEN_PATH, body.clone()).await["component_access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // The next China-time day starts a new count.
    sb.api(TOKEN_PATH, body.clone()).await;
    sb.api(TOKEN_PATH, body.clone()).await;
    assert_eq!(errcode(&sb.api(TOKEN_PATH, body.clone()).await), 45009);
    let quota = sb
        .api(
            &format!("/cgi-bin/openapi/quota/get?access_token={cat}"),
            json!({"cgi_path": TOKEN_PATH}),
        )
        .await;
    assert_eq!(
        errcode(&quota),
        40001,
        "that token was replaced twice since"
    );
    sb.advance(86_400).await;
    let ticket = sb.ticket().await;
    let body = json!({"component_appid": APPID, "component_appsecret": SECRET, "component_verify_ticket": ticket});
    assert!(sb.api(TOKEN_PATH, body).await["component_access_token"].is_string());
    sb.stop().await;
}

#[tokio::test]
async fn get_api_quota_checks_the_path_and_the_token_kind() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (aat, _) = sb.authorize(&cat, OA, None).await;
    let with_cat = format!("/cgi-bin/openapi/quota/get?access_token={cat}");
    let with_aat = format!("/cgi-bin/openapi/quota/get?access_token={aat}");
    let v = sb
        .api(
            &with_cat,
            json!({"cgi_path": "/cgi-bin/component/api_authorizer_token"}),
        )
        .await;
    assert_eq!(v["quota"]["daily_limit"], 10_000);
    let v = sb
        .api(&with_aat, json!({"cgi_path": "/cgi-bin/open/have"}))
        .await;
    assert_eq!(v["quota"]["used"], 0);
    sb.api(&format!("/cgi-bin/open/have?access_token={aat}"), json!({}))
        .await;
    let v = sb
        .api(&with_aat, json!({"cgi_path": "/cgi-bin/open/have"}))
        .await;
    assert_eq!(v["quota"]["used"], 1, "counted against the authorizer");
    let v = sb
        .api(&with_cat, json!({"cgi_path": "/wxa/verifybetaweapp"}))
        .await;
    assert_eq!(
        errcode(&v),
        76022,
        "an authorizer API with the component token"
    );
    let v = sb
        .api(&with_aat, json!({"cgi_path": "/wxa/verifybetaweapp"}))
        .await;
    assert_eq!(
        (
            v["quota"]["daily_limit"].as_i64(),
            v["rate_limit"]["call_count"].as_i64()
        ),
        (Some(100), Some(5))
    );
    assert_eq!(
        errcode(&sb.api(&with_aat, json!({"cgi_path": TOKEN_PATH})).await),
        76022
    );
    assert_eq!(
        errcode(
            &sb.api(
                &with_cat,
                json!({"cgi_path": "https://api.weixin.qq.com/cgi-bin/x"})
            )
            .await
        ),
        76003
    );
    assert_eq!(
        errcode(
            &sb.api(&with_cat, json!({"cgi_path": "/cgi-bin/unknown"}))
                .await
        ),
        76021
    );
    assert_eq!(
        errcode(
            &sb.api(&with_cat, json!({"cgi_path": "/sns/jscode2session"}))
                .await
        ),
        76022
    );
    sb.stop().await;
}

#[tokio::test]
async fn clear_quota_v1_resets_the_tokens_own_account_ten_times_a_month() {
    let mut config = config();
    config.limits.daily.insert("/cgi-bin/open/have".into(), 1);
    let sb = Sb::with(config).await;
    let cat = sb.cat().await;
    let (aat, _) = sb.authorize(&cat, OA, None).await;
    let have = format!("/cgi-bin/open/have?access_token={aat}");
    let clear = format!("/cgi-bin/clear_quota?access_token={aat}");
    assert_eq!(
        errcode(&sb.api(&clear, json!({"appid": MINI})).await),
        40013
    );
    assert_eq!(errcode(&sb.api(&clear, json!({})).await), 41002);
    for _ in 0..10 {
        assert_eq!(errcode(&sb.api(&have, json!({})).await), 0);
        assert_eq!(errcode(&sb.api(&have, json!({})).await), 45009);
        assert_eq!(errcode(&sb.api(&clear, json!({"appid": OA})).await), 0);
    }
    assert_eq!(errcode(&sb.api(&clear, json!({"appid": OA})).await), 48006);
    // v2 shares the same budget for the authorizer.
    let v2 = json!({"component_appid": APPID, "appsecret": SECRET, "appid": OA});
    assert_eq!(
        errcode(&sb.api("/cgi-bin/component/clear_quota/v2", v2).await),
        48006
    );
    // The platform's own budget is separate (v1 with the component token).
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/clear_quota?access_token={cat}"),
                json!({"appid": APPID})
            )
            .await
        ),
        0
    );
    sb.stop().await;
}
