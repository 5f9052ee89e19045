//! §4: official account ↔ mini program links: 12 → 2 → 1 (or 3).

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn an_invitation_goes_through_both_admins() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    let link = format!("/cgi-bin/wxopen/wxamplink?access_token={oa}");
    let get = format!("/cgi-bin/wxopen/wxamplinkget?access_token={oa}");
    let status = || {
        let (sb, get) = (&sb, get.clone());
        async move { sb.api(&get, json!({})).await["wxopens"]["items"][0]["status"].as_i64() }
    };
    assert_eq!(sb.api(&get, json!({})).await["wxopens"]["items"], json!([]));
    let v = sb
        .api(
            &link,
            json!({"appid": MINI, "notify_users": "1", "show_profile": 1}),
        )
        .await;
    assert_eq!(v, json!({"errcode": 0, "errmsg": "ok"}));
    assert_eq!(status().await, Some(12));
    assert_eq!(
        errcode(
            &sb.api(
                &link,
                json!({"appid": MINI, "notify_users": 1, "show_profile": 1})
            )
            .await
        ),
        89010
    );
    let task = sb.tasks("link").await[0].clone();
    assert_eq!(task["waiting_for"], "oa_admin");
    let id = task["id"].as_str().unwrap();
    sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
        .await;
    assert_eq!(status().await, Some(2));
    sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
        .await;
    assert_eq!(status().await, Some(1));
    let item = sb.api(&get, json!({})).await["wxopens"]["items"][0].clone();
    assert_eq!(
        (item["appid"].as_str(), item["selected"].as_i64()),
        (Some(MINI), Some(1))
    );
    assert!(item["username"].as_str().unwrap().starts_with("gh_"));
    assert_eq!(
        errcode(
            &sb.api(
                &link,
                json!({"appid": MINI, "notify_users": 1, "show_profile": 1})
            )
            .await
        ),
        89015
    );
    assert_eq!(errcode(&sb.api(&link, json!({"appid": MINI})).await), 40097);
    assert_eq!(
        errcode(
            &sb.api(
                &link,
                json!({"appid": OA, "notify_users": 1, "show_profile": 1})
            )
            .await
        ),
        40013
    );

    let unlink = format!("/cgi-bin/wxopen/wxampunlink?access_token={oa}");
    assert_eq!(
        sb.api(&unlink, json!({"appid": MINI})).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(sb.api(&get, json!({})).await["wxopens"]["items"], json!([]));
    assert_eq!(
        errcode(&sb.api(&unlink, json!({"appid": MINI})).await),
        40013
    );
    sb.stop().await;
}

#[tokio::test]
async fn rejections_limits_and_nearby() {
    let mut config = config();
    config.rules.oa_links_per_month = 2;
    config.accounts.push(wxopen_sandbox::config::AccountConfig {
        appid: "wxnearby000000001".into(),
        kind: wxopen_sandbox::config::AccountKind::MiniProgram,
        nick_name: "Nearby".into(),
        principal_name: "Acme 咖啡有限公司".into(),
        subject_type: wxopen_sandbox::config::SubjectType::Enterprise,
        verified: true,
        overseas: false,
        nearby: true,
        admin: None,
    });
    let sb = Sb::with(config).await;
    let cat = sb.cat().await;
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    let link = format!("/cgi-bin/wxopen/wxamplink?access_token={oa}");
    sb.api(
        &link,
        json!({"appid": MINI, "notify_users": 0, "show_profile": 0}),
    )
    .await;
    let id = sb.tasks("link").await[0]["id"].as_str().unwrap().to_owned();
    sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
        .await;
    sb.ctl(&format!("/sandbox/tasks/{id}/reject"), json!({}))
        .await;
    let items = sb
        .api(
            &format!("/cgi-bin/wxopen/wxamplinkget?access_token={oa}"),
            json!({}),
        )
        .await;
    assert_eq!(
        items["wxopens"]["items"][0]["status"], 3,
        "rejected by the mini program admin"
    );
    // The second link of the month; a third is over the (configured) limit.
    sb.api(
        &link,
        json!({"appid": "wxnearby000000001", "notify_users": 0, "show_profile": 0}),
    )
    .await;
    assert_eq!(
        errcode(
            &sb.api(
                &link,
                json!({"appid": MINI, "notify_users": 0, "show_profile": 0})
            )
            .await
        ),
        89016
    );
    let id = sb.tasks("link").await[0]["id"].as_str().unwrap().to_owned();
    sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
        .await;
    sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
        .await;
    let unlink = format!("/cgi-bin/wxopen/wxampunlink?access_token={oa}");
    assert_eq!(
        errcode(&sb.api(&unlink, json!({"appid": "wxnearby000000001"})).await),
        89011
    );
    // Without permission set 33 the official account cannot link.
    let (no33, _) = sb.authorize(&cat, OA, Some(vec![1, 2])).await;
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/wxopen/wxamplinkget?access_token={no33}"),
                json!({})
            )
            .await
        ),
        61007
    );
    sb.stop().await;
}
