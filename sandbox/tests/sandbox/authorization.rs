//! §1.4–§1.8: pre-auth code → page → merchant confirms → redirect with auth_code + push;
//! api_query_auth, api_authorizer_token, api_get_authorizer_info; revocation.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_merchant_authorizes_and_the_platform_exchanges_the_code() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let url = sb.login_url(&cat, "&auth_type=2").await;

    // The page as a person sees it: the mini program only (auth_type=2).
    let (status, html) = sb
        .request("GET", url.trim_start_matches(&sb.base), b"", "text/plain")
        .await;
    assert_eq!(status, 200);
    let html = html.as_str().unwrap().to_owned();
    assert!(html.contains(MINI) && !html.contains(OA), "{html}");

    // The control API opens the same URL and confirms.
    let opened = sb.ctl("/sandbox/pages/open", json!({"url": url})).await;
    assert_eq!(opened["choices"], json!([MINI]));
    let session = opened["id"].as_str().unwrap();
    let done = sb
        .ctl(&format!("/sandbox/pages/{session}/confirm"), json!({}))
        .await;
    let redirect = done["redirect"].as_str().unwrap();
    assert!(
        redirect.starts_with("http://127.0.0.1:9/back?auth_code=queryauthcode%40%40%40"),
        "{redirect}"
    );
    assert_eq!(query_param(redirect, "expires_in"), "3600");
    let code = query_param(redirect, "auth_code");

    // The push carries the same code.
    let pushed = rx.wait_for("authorized", 1).await;
    assert_eq!(pushed[0]["authorizer_appid"], MINI);
    assert_eq!(pushed[0]["authorization_code"], code.as_str());
    assert_eq!(pushed[0]["authorization_code_expired_time"], START + 3600);
    assert!(
        pushed[0]["pre_auth_code"]
            .as_str()
            .unwrap()
            .starts_with("preauthcode@@@")
    );

    // The pre-auth code was used: the page refuses it now.
    let again = sb
        .ctl_expect("/sandbox/pages/open", json!({"url": url}), 409)
        .await;
    assert!(again["error"].as_str().unwrap().contains("used"), "{again}");

    let path = format!("/cgi-bin/component/api_query_auth?component_access_token={cat}");
    let v = sb
        .api(
            &path,
            json!({"component_appid": APPID, "authorization_code": code}),
        )
        .await;
    let info = &v["authorization_info"];
    assert_eq!(info["authorizer_appid"], MINI);
    assert_eq!(info["expires_in"], 7200);
    assert!(
        info["authorizer_refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("refreshtoken@@@")
    );
    let ids: Vec<i64> = info["func_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["funcscope_category"]["id"].as_i64().unwrap())
        .collect();
    assert!(
        ids.contains(&17) && ids.contains(&81) && !ids.contains(&27),
        "mini-program sets: {ids:?}"
    );
    // Single use.
    let v = sb
        .api(
            &path,
            json!({"component_appid": APPID, "authorization_code": code}),
        )
        .await;
    assert_eq!(errcode(&v), 61009);
    let v = sb
        .api(
            &path,
            json!({"component_appid": APPID, "authorization_code": "preauthcode@@@x"}),
        )
        .await;
    assert_eq!(errcode(&v), 61009);

    let info_path =
        format!("/cgi-bin/component/api_get_authorizer_info?component_access_token={cat}");
    let v = sb
        .api(
            &info_path,
            json!({"component_appid": APPID, "authorizer_appid": MINI}),
        )
        .await;
    assert_eq!(v["authorizer_info"]["principal_name"], "Acme 咖啡有限公司");
    assert!(
        v["authorizer_info"]["user_name"]
            .as_str()
            .unwrap()
            .starts_with("gh_")
    );
    assert!(v["authorizer_info"]["MiniProgramInfo"].is_object());
    assert_eq!(v["authorization_info"]["authorizer_appid"], MINI);
    let v = sb
        .api(
            &info_path,
            json!({"component_appid": APPID, "authorizer_appid": OA}),
        )
        .await;
    assert_eq!(errcode(&v), 61003, "the OA never authorized");
    sb.stop().await;
}

#[tokio::test]
async fn authorization_codes_expire() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let url = sb.login_url(&cat, "").await;
    let v = sb
        .ctl("/sandbox/pages/confirm", json!({"url": url, "appid": OA}))
        .await;
    let code = query_param(v["redirect"].as_str().unwrap(), "auth_code");
    sb.advance(3600).await;
    let cat = sb.cat().await;
    let v = sb
        .api(
            &format!("/cgi-bin/component/api_query_auth?component_access_token={cat}"),
            json!({"component_appid": APPID, "authorization_code": code}),
        )
        .await;
    assert_eq!(errcode(&v), 61010);
    sb.stop().await;
}

#[tokio::test]
async fn pages_check_their_parameters() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let url = sb.login_url(&cat, "").await;
    let bad_domain = url.replace(
        "http%3A%2F%2F127.0.0.1%3A9%2Fback",
        "https%3A%2F%2Fevil.example%2Fback",
    );
    let v = sb
        .ctl_expect("/sandbox/pages/open", json!({"url": bad_domain}), 409)
        .await;
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("authorization domain"),
        "{v}"
    );
    let v = sb
        .ctl_expect(
            "/sandbox/pages/open",
            json!({"url": url.replace("pre_auth_code=", "pre_auth_code=x")}),
            409,
        )
        .await;
    assert!(
        v["error"].as_str().unwrap().contains("pre_auth_code"),
        "{v}"
    );
    // The mobile page (both paths), restricted to one account with biz_appid.
    let mobile = url.replace(
        "/cgi-bin/componentloginpage?",
        "/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&",
    ) + &format!("&biz_appid={OA}#wechat_redirect");
    let v = sb.ctl("/sandbox/pages/open", json!({"url": mobile})).await;
    assert_eq!(v["choices"], json!([OA]));
    assert_eq!(v["page"]["mobile"], true);
    let v = sb
        .ctl_expect(
            &format!("/sandbox/pages/{}/confirm", v["id"].as_str().unwrap()),
            json!({"appid": MINI}),
            409,
        )
        .await;
    assert!(v["error"].as_str().unwrap().contains("not offered"), "{v}");
    // Expired pre-auth code (1800 s).
    let url = sb.login_url(&cat, "").await;
    sb.advance(1800).await;
    let v = sb
        .ctl_expect("/sandbox/pages/open", json!({"url": url}), 409)
        .await;
    assert!(v["error"].as_str().unwrap().contains("expired"), "{v}");
    sb.stop().await;
}

#[tokio::test]
async fn refresh_revoke_and_reauthorize() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let (aat, rt) = sb.authorize(&cat, OA, None).await;
    let refresh_path =
        format!("/cgi-bin/component/api_authorizer_token?component_access_token={cat}");
    let refresh = |rt: String| {
        let sb = &sb;
        let p = refresh_path.clone();
        async move {
            sb.api(&p, json!({"component_appid": APPID, "authorizer_appid": OA, "authorizer_refresh_token": rt})).await
        }
    };
    let v = refresh(rt.clone()).await;
    let aat2 = v["authorizer_access_token"].as_str().unwrap().to_owned();
    assert_ne!(aat2, aat);
    assert_eq!(v["authorizer_refresh_token"], rt.as_str());
    assert_eq!(v["expires_in"], 7200);
    let v = sb.api(&refresh_path, json!({"component_appid": APPID, "authorizer_appid": MINI, "authorizer_refresh_token": rt})).await;
    assert_eq!(errcode(&v), 61023, "another account's refresh token");
    assert_eq!(errcode(&refresh("refreshtoken@@@nope".into()).await), 61023);
    let have = format!("/cgi-bin/open/have?access_token={aat2}");
    assert_eq!(errcode(&sb.api(&have, json!({})).await), 0);

    sb.ctl("/sandbox/authorizations/revoke", json!({"appid": OA}))
        .await;
    let gone = rx.wait_for("unauthorized", 1).await;
    assert_eq!(gone[0]["authorizer_appid"], OA);
    assert_eq!(
        errcode(&sb.api(&have, json!({})).await),
        61003,
        "its access token"
    );
    assert_eq!(
        errcode(&refresh(rt.clone()).await),
        61023,
        "its refresh token"
    );
    sb.ctl_expect("/sandbox/authorizations/revoke", json!({"appid": OA}), 409)
        .await;

    // Authorizing again gives a new refresh token; the old one stays invalid.
    let (aat3, rt2) = sb.authorize(&cat, OA, None).await;
    assert_ne!(rt2, rt);
    assert_eq!(errcode(&refresh(rt).await), 61023);
    assert!(refresh(rt2).await["authorizer_access_token"].is_string());
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/open/have?access_token={aat3}"),
                json!({})
            )
            .await
        ),
        0
    );
    sb.stop().await;
}

#[tokio::test]
async fn a_second_confirmation_is_an_update() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    sb.authorize(&cat, MINI, Some(vec![17, 18])).await;
    let (aat, _) = sb.authorize(&cat, MINI, Some(vec![17, 18, 25])).await;
    rx.wait_for("update_authorized", 1).await;
    let list = sb.get("/sandbox/authorizations").await;
    assert_eq!(list[0]["func_info"], json!([17, 18, 25]));
    // Sets decide what the authorizer token may call: 81 was not granted.
    let v = sb
        .api(
            &format!("/wxa/setbetaweappnickname?access_token={aat}"),
            json!({"name": "四个字的名"}),
        )
        .await;
    assert_eq!(errcode(&v), 61007);
    sb.stop().await;
}
