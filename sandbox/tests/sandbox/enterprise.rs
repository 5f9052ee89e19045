//! §3.0 (2026) and §3.1 (legacy) enterprise registration.

use serde_json::{Value, json};

use crate::common::*;

const CODE: &str = "91440300MA5FAKE001";

fn enterprise_body(name: &str, openid: &str) -> Value {
    json!({
        "name": name, "code": CODE, "code_type": 1,
        "legal_persona_openid": openid, "legal_persona_name": "张三",
        "component_phone": "0755-0000000", "new_version": true,
    })
}

#[tokio::test]
async fn the_2026_flow_pushes_the_result_with_the_taskid() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let path = format!("/wxa/component/fastregisterenterpriseweapp?access_token={cat}");
    let zhangsan = "oSandboxZhangSan000000000001";
    let v = sb
        .api(&path, enterprise_body("Acme 新店有限公司", zhangsan))
        .await;
    assert_eq!((errcode(&v), v["status"].as_i64()), (0, Some(0)), "{v}");
    let taskid = v["taskid"].as_str().unwrap().to_owned();
    let authorize_url = v["authorize_url"].as_str().unwrap();
    assert!(authorize_url.starts_with(&sb.base), "{authorize_url}");

    // One task per subject at a time.
    assert_eq!(
        errcode(
            &sb.api(&path, enterprise_body("Acme 新店有限公司", zhangsan))
                .await
        ),
        89249
    );
    // The legal person is a known person: another name is 61070.
    let mut wrong = enterprise_body("Other Co", zhangsan);
    wrong["legal_persona_name"] = json!("李四");
    wrong["code"] = json!("91440300MA5FAKE002");
    assert_eq!(errcode(&sb.api(&path, wrong).await), 61070);

    // The legal person opens the page and approves.
    let (status, page) = sb
        .request(
            "GET",
            authorize_url.trim_start_matches(&sb.base),
            b"",
            "text/plain",
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.as_str().unwrap().contains("approve"));
    let task = sb
        .ctl(&format!("/sandbox/tasks/{taskid}/approve"), json!({}))
        .await;
    assert_eq!(task["state"], "succeeded");
    let appid = task["appid"].as_str().unwrap().to_owned();

    let result = rx.wait_for("fast_register", 1).await;
    let r = &result[0];
    assert_eq!(
        (r["status"].as_i64(), r["appid"].as_str()),
        (Some(0), Some(appid.as_str()))
    );
    assert_eq!(r["info"]["form"], "task");
    assert_eq!(r["info"]["taskid"], taskid.as_str());
    let authorized = rx.wait_for("authorized", 1).await;
    assert_eq!(authorized[0]["authorizer_appid"], appid.as_str());
    assert_eq!(
        authorized[0]["authorization_code"], r["auth_code"],
        "one code for both pushes"
    );
    // The code gives the new app's tokens.
    let (aat, _) = sb.exchange(&cat, r["auth_code"].as_str().unwrap()).await;
    assert!(aat.len() > 64);
    let account = sb.get(&format!("/sandbox/accounts/{appid}")).await;
    assert_eq!(
        (
            account["register_type"].as_i64(),
            account["verified"].as_bool()
        ),
        (Some(6), Some(false))
    );
    assert_eq!(account["principal_name"], "Acme 新店有限公司");
    // The subject is free again.
    let v = sb
        .api(&path, enterprise_body("Acme 新店有限公司", zhangsan))
        .await;
    assert_eq!(errcode(&v), 0);
    sb.stop().await;
}

#[tokio::test]
async fn registration_input_is_checked() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let path = format!("/wxa/component/fastregisterenterpriseweapp?component_access_token={cat}");
    let mut missing = enterprise_body("A", "oX");
    missing
        .as_object_mut()
        .unwrap()
        .remove("legal_persona_name");
    assert_eq!(errcode(&sb.api(&path, missing).await), 89253);
    let mut bad_type = enterprise_body("A", "oX");
    bad_type["code_type"] = json!(4);
    assert_eq!(errcode(&sb.api(&path, bad_type).await), 89248);
    let mut short = enterprise_body("A", "oX");
    short["code"] = json!("123");
    assert_eq!(errcode(&sb.api(&path, short).await), 89255);
    let mut string_type = enterprise_body("B 公司", "oY");
    string_type["code_type"] = json!("1");
    assert_eq!(
        errcode(&sb.api(&path, string_type).await),
        0,
        "a numeric string is a number (§0.3)"
    );
    sb.stop().await;
}

#[tokio::test]
async fn failures_and_the_24_hour_window() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let path = format!("/wxa/component/fastregisterenterpriseweapp?access_token={cat}");
    let a = sb.api(&path, enterprise_body("Reject Co", "oA")).await["taskid"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = enterprise_body("Registry Co", "oB");
    body["code"] = json!("91440300MA5FAKE003");
    let b = sb.api(&path, body).await["taskid"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = enterprise_body("Late Co", "oC");
    body["code"] = json!("91440300MA5FAKE004");
    let c = sb.api(&path, body).await["taskid"]
        .as_str()
        .unwrap()
        .to_owned();

    sb.ctl(&format!("/sandbox/tasks/{a}/reject"), json!({}))
        .await;
    sb.ctl(
        &format!("/sandbox/tasks/{b}/fail"),
        json!({"status": 103, "msg": "法定代表人姓名不一致"}),
    )
    .await;
    sb.ctl_expect(&format!("/sandbox/tasks/{b}/approve"), json!({}), 409)
        .await;
    sb.advance(86_400).await;
    let results = rx.wait_for("fast_register", 3).await;
    let by_task = |id: &str| {
        results
            .iter()
            .find(|r| r["info"]["taskid"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_task(&a)["status"], -1);
    assert!(by_task(&a)["appid"].is_null());
    assert_eq!(by_task(&b)["status"], 103);
    assert_eq!(by_task(&b)["msg"], "法定代表人姓名不一致");
    assert_eq!(
        by_task(&c)["status"],
        100_001,
        "never opened: ID-card step not done"
    );
    assert_eq!(
        sb.get(&format!("/sandbox/tasks/{c}")).await["state"],
        "expired"
    );
    sb.stop().await;
}

#[tokio::test]
async fn legacy_search_answers_through_errcodes() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let create =
        format!("/cgi-bin/component/fastregisterweapp?action=create&component_access_token={cat}");
    let search =
        format!("/cgi-bin/component/fastregisterweapp?action=search&component_access_token={cat}");
    let body = json!({
        "name": "Legacy 有限公司", "code": CODE, "code_type": 1,
        "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三", "component_phone": "1",
    });
    let key = json!({"name": "Legacy 有限公司", "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三"});
    assert_eq!(errcode(&sb.api(&search, key.clone()).await), 89250);
    assert_eq!(
        sb.api(&create, body.clone()).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(errcode(&sb.api(&create, body.clone()).await), 89249);
    assert_eq!(
        errcode(&sb.api(&search, key.clone()).await),
        89252,
        "consistency check"
    );
    let task = sb.tasks("enterprise_legacy").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = sb
        .ctl_expect(&format!("/sandbox/tasks/{task}/approve"), json!({}), 409)
        .await;
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("consistency check"),
        "{refused}"
    );
    sb.advance(10).await;
    assert_eq!(
        errcode(&sb.api(&search, key.clone()).await),
        89251,
        "waiting for the legal person"
    );
    sb.ctl(&format!("/sandbox/tasks/{task}/approve"), json!({}))
        .await;
    assert_eq!(
        errcode(&sb.api(&search, key).await),
        89250,
        "terminal: not found"
    );
    let r = rx.wait_for("fast_register", 1).await;
    assert_eq!(r[0]["status"], 0);
    assert_eq!(r[0]["info"]["form"], "enterprise");
    assert_eq!(r[0]["info"]["legal_persona_wechat"], "zhangsan_acme");
    assert_eq!(r[0]["info"]["code_type"], 1);

    let mut bad = body.clone();
    bad["legal_persona_wechat"] = json!("1x");
    assert_eq!(errcode(&sb.api(&create, bad).await), 86004);
    let mut mismatch = body.clone();
    mismatch["legal_persona_name"] = json!("李四");
    assert_eq!(errcode(&sb.api(&create, mismatch).await), 61070);
    let v = sb
        .api(
            &format!(
                "/cgi-bin/component/fastregisterweapp?action=nope&component_access_token={cat}"
            ),
            body,
        )
        .await;
    assert_eq!(errcode(&v), -1);
    sb.stop().await;
}

#[tokio::test]
async fn blacklists_and_admin_limits_fail_the_creation() {
    let mut config = config();
    config.blacklist.subjects = vec!["Black 有限公司".into()];
    config.rules.admin_max_mini_programs = 2; // zhangsan_acme administers one already
    let sb = Sb::with(config).await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let path = format!("/wxa/component/fastregisterenterpriseweapp?access_token={cat}");
    let zhangsan = "oSandboxZhangSan000000000001";
    for (name, code) in [
        ("Black 有限公司", "91440300MA5FAKE011"),
        ("Second 有限公司", "91440300MA5FAKE012"),
        ("Third 有限公司", "91440300MA5FAKE013"),
    ] {
        let mut body = enterprise_body(name, zhangsan);
        body["code"] = json!(code);
        let id = sb.api(&path, body).await["taskid"]
            .as_str()
            .unwrap()
            .to_owned();
        sb.ctl(&format!("/sandbox/tasks/{id}/approve"), json!({}))
            .await;
    }
    let r = rx.wait_for("fast_register", 3).await;
    let statuses: Vec<i64> = r.iter().map(|e| e["status"].as_i64().unwrap()).collect();
    assert_eq!(statuses, vec![1002, 0, 1003]);
    sb.stop().await;
}
