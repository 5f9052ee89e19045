//! §5: admin rebind (page → taskid → API).

use serde_json::json;

use crate::common::*;

fn page(sb: &Sb, appid: &str) -> String {
    format!(
        "{}/wxopen/componentrebindadmin?appid={appid}&component_appid={APPID}&redirect_uri=http%3A%2F%2F127.0.0.1%2Frebound",
        sb.base
    )
}

#[tokio::test]
async fn the_new_admin_confirms_and_the_platform_completes() {
    let mut config = config();
    config.blacklist.phones = vec!["13900000000".into()];
    let sb = Sb::with(config).await;
    let cat = sb.cat().await;
    let (no17, _) = sb.authorize(&cat, MINI, Some(vec![18])).await;
    let v = sb
        .ctl_expect("/sandbox/pages/open", json!({"url": page(&sb, MINI)}), 409)
        .await;
    assert!(
        v["error"].as_str().unwrap().contains("帐号管理权限集"),
        "{v}"
    );
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/account/componentrebindadmin?access_token={no17}"),
                json!({"taskid": "x"})
            )
            .await
        ),
        61007
    );

    let (aat, _) = sb.authorize(&cat, MINI, None).await;
    // A person needs the page; the manual mode has no default new admin.
    sb.ctl_expect(
        "/sandbox/pages/confirm",
        json!({"url": page(&sb, MINI)}),
        409,
    )
    .await;
    let new_admin = json!({"wechat": "lisi_newadmin", "name": "李四", "phone": "13900000001", "idcard": "110101199001010022"});
    let v = sb
        .ctl(
            "/sandbox/pages/confirm",
            json!({"url": page(&sb, MINI), "new_admin": new_admin}),
        )
        .await;
    let taskid = query_param(v["redirect"].as_str().unwrap(), "taskid");
    let api = format!("/cgi-bin/account/componentrebindadmin?access_token={aat}");
    assert_eq!(
        errcode(&sb.api(&api, json!({"taskid": "nope"})).await),
        85060
    );
    assert_eq!(
        sb.api(&api, json!({"taskid": taskid})).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(
        sb.get(&format!("/sandbox/accounts/{MINI}")).await["admin"],
        "lisi_newadmin"
    );
    assert_eq!(
        errcode(&sb.api(&api, json!({"taskid": taskid})).await),
        85060,
        "used"
    );

    // Another mini program's token cannot use the task; a blacklisted phone is refused.
    let blocked =
        json!({"wechat": "wangwu_admin", "name": "王五", "phone": "13900000000", "idcard": "1"});
    let v = sb
        .ctl(
            "/sandbox/pages/confirm",
            json!({"url": page(&sb, MINI), "new_admin": blocked}),
        )
        .await;
    let taskid = query_param(v["redirect"].as_str().unwrap(), "taskid");
    let (oa, _) = sb.authorize(&cat, OA, None).await;
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/cgi-bin/account/componentrebindadmin?access_token={oa}"),
                json!({"taskid": taskid})
            )
            .await
        ),
        61007
    );
    assert_eq!(
        errcode(&sb.api(&api, json!({"taskid": taskid})).await),
        85062
    );
    sb.stop().await;
}

#[tokio::test]
async fn the_rebind_page_is_a_form_a_person_can_submit() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    sb.authorize(&cat, MINI, None).await;
    let (status, html) = sb
        .request(
            "GET",
            page(&sb, MINI).trim_start_matches(&sb.base),
            b"",
            "text/plain",
        )
        .await;
    assert_eq!(status, 200);
    let html = html.as_str().unwrap().to_owned();
    let action = html
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (status, _) = sb
        .request(
            "POST",
            &action,
            b"wechat=zhaoliu_admin&name=%E8%B5%B5%E5%85%AD&phone=13700000000&idcard=2",
            "application/x-www-form-urlencoded",
        )
        .await;
    assert_eq!(status, 303, "the browser is redirected");
    let task = &sb.tasks("rebind").await[0];
    assert_eq!(task["fields"]["name"], "赵六");
    assert_eq!(task["waiting_for"], "platform");
    sb.stop().await;
}
