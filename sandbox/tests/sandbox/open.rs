//! §2: open-platform accounts.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn create_bind_get_unbind() {
    let mut config = config();
    config.open_accounts = vec![wxopen_sandbox::config::OpenAccountConfig {
        open_appid: "wxmanual000000001".into(),
        principal_name: "Acme 咖啡有限公司".into(),
        verified: true,
        bound: vec![],
    }];
    let sb = Sb::with(config).await;
    let cat = sb.cat().await;
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    let (mini, _) = sb.authorize(&cat, MINI, None).await;
    let call = |op: &str, token: &str, body: serde_json::Value| {
        let path = format!("/cgi-bin/open/{op}?access_token={token}");
        let sb = &sb;
        async move { sb.api(&path, body).await }
    };
    assert_eq!(
        call("have", &oa, json!({})).await,
        json!({"errcode": 0, "errmsg": "ok", "have_open": false})
    );
    assert_eq!(errcode(&call("get", &oa, json!({})).await), 89002);
    assert_eq!(
        errcode(&call("create", &oa, json!({"appid": MINI})).await),
        40013,
        "appid must be the token's account"
    );
    let created = call("create", &oa, json!({"appid": OA})).await;
    let open_appid = created["open_appid"].as_str().unwrap().to_owned();
    assert_eq!(errcode(&call("create", &oa, json!({})).await), 89000);
    assert_eq!(
        call("get", &oa, json!({})).await["open_appid"],
        open_appid.as_str()
    );
    assert_eq!(
        call("bind", &mini, json!({"open_appid": open_appid})).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(
        errcode(&call("bind", &mini, json!({"open_appid": open_appid})).await),
        89000
    );
    assert_eq!(
        errcode(&call("bind", &mini, json!({"open_appid": "wxnone"})).await),
        40013
    );
    assert_eq!(
        errcode(&call("unbind", &mini, json!({"open_appid": "wxmanual000000001"})).await),
        40013
    );
    assert_eq!(
        call("unbind", &mini, json!({"open_appid": open_appid})).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(
        errcode(&call("unbind", &mini, json!({"open_appid": open_appid})).await),
        89002
    );
    // An account created outside the API cannot be unbound through it.
    assert_eq!(
        errcode(&call("bind", &mini, json!({"open_appid": "wxmanual000000001"})).await),
        0
    );
    assert_eq!(
        errcode(&call("unbind", &mini, json!({"open_appid": "wxmanual000000001"})).await),
        89003
    );
    let listed = sb.get("/sandbox/open_accounts").await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    sb.stop().await;
}

#[tokio::test]
async fn subjects_and_limits() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    let open_appid = sb
        .api(
            &format!("/cgi-bin/open/create?access_token={oa}"),
            json!({}),
        )
        .await["open_appid"]
        .as_str()
        .unwrap()
        .to_owned();
    // Another subject: 89001.
    let other = sb
        .ctl(
            "/sandbox/accounts",
            json!({"kind": "mini_program", "nick_name": "Other", "principal_name": "Other Co"}),
        )
        .await["appid"]
        .as_str()
        .unwrap()
        .to_owned();
    let (other_aat, _) = sb.authorize(&cat, &other, None).await;
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/open/bind?access_token={other_aat}"),
                json!({"open_appid": open_appid})
            )
            .await
        ),
        89001
    );
    // An unverified API-created open account binds at most 5 accounts (the OA is the first).
    let mut codes = Vec::new();
    for i in 0..5 {
        let appid = sb
            .ctl("/sandbox/accounts", json!({"kind": "mini_program", "nick_name": format!("M{i}"), "principal_name": "Acme 咖啡有限公司"}))
            .await["appid"]
            .as_str()
            .unwrap()
            .to_owned();
        let (aat, _) = sb.authorize(&cat, &appid, None).await;
        codes.push(errcode(
            &sb.api(
                &format!("/cgi-bin/open/bind?access_token={aat}"),
                json!({"open_appid": open_appid}),
            )
            .await,
        ));
    }
    assert_eq!(codes, vec![0, 0, 0, 0, 89036]);
    sb.stop().await;
}
