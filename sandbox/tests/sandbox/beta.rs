//! §3.4–§3.6: trial registration, rename, verification to a formal app.

use serde_json::{Value, json};

use crate::common::*;

/// Registers a trial app and returns (appid, its authorizer token).
async fn trial(sb: &Sb, rx: &Receiver, cat: &str, name: &str) -> (String, String) {
    let v = sb
        .api(
            &format!("/wxa/component/fastregisterbetaweapp?access_token={cat}"),
            json!({"name": name, "openid": "oTrialUser0000000000000000001"}),
        )
        .await;
    assert_eq!(errcode(&v), 0, "{v}");
    let unique_id = v["unique_id"].as_str().unwrap().to_owned();
    let url = v["authorize_url"].as_str().unwrap();
    assert!(
        url.contains("/wxawap/fastregistertpbeta?action=show&create_token="),
        "{url}"
    );
    let (status, page) = sb
        .request("GET", url.trim_start_matches(&sb.base), b"", "text/plain")
        .await;
    assert!(status == 200 && page.as_str().unwrap().contains(&unique_id));
    let before = rx.events_of("fast_register_beta").len();
    sb.ctl(&format!("/sandbox/tasks/{unique_id}/approve"), json!({}))
        .await;
    let r = rx.wait_for("fast_register_beta", before + 1).await;
    let r = r.last().unwrap();
    assert_eq!(r["status"], 0);
    assert_eq!(r["info"]["unique_id"], unique_id.as_str());
    assert_eq!(r["info"]["name"], name);
    let appid = r["appid"].as_str().unwrap().to_owned();
    let auth = rx.wait_for("authorized", 1).await;
    let code = auth
        .iter()
        .find(|a| a["authorizer_appid"] == appid.as_str())
        .expect("authorized push for the trial app");
    let (aat, _) = sb
        .exchange(cat, code["authorization_code"].as_str().unwrap())
        .await;
    (appid, aat)
}

fn verify_info() -> Value {
    json!({"verify_info": {
        "enterprise_name": "Trial 转正有限公司", "code": "91440300MA5FAKE021", "code_type": 1,
        "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三",
        "legal_persona_idcard": "110101199003070011", "component_phone": "0755-1",
    }})
}

#[tokio::test]
async fn register_rename_verify() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let (appid, aat) = trial(&sb, &rx, &cat, "小店体验版").await;
    let account = sb.get(&format!("/sandbox/accounts/{appid}")).await;
    assert_eq!(account["nick_name"], "小店体验版的体验小程序");
    assert_eq!(
        (account["beta"].as_bool(), account["register_type"].as_i64()),
        (Some(true), Some(13))
    );

    let rename = format!("/wxa/setbetaweappnickname?access_token={aat}");
    assert_eq!(
        errcode(&sb.api(&rename, json!({"name": "微信小店"})).await),
        86011
    );
    assert_eq!(
        errcode(&sb.api(&rename, json!({"name": "短"})).await),
        40097
    );
    assert_eq!(
        sb.api(&rename, json!({"name": "新名字的店"})).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(
        sb.get(&format!("/sandbox/accounts/{appid}")).await["nick_name"],
        "新名字的店的体验小程序"
    );
    assert_eq!(
        errcode(
            &sb.api(
                &format!("/wxa/setbetaweappnickname?access_token={cat}"),
                json!({"name": "新名字的店"})
            )
            .await
        ),
        40014
    );

    let verify = format!("/wxa/verifybetaweapp?access_token={aat}");
    assert_eq!(
        sb.api(&verify, verify_info()).await,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(
        errcode(&sb.api(&verify, verify_info()).await),
        89251,
        "legal person not done yet"
    );
    let task = sb.tasks("beta_verify").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.ctl(&format!("/sandbox/tasks/{task}/approve"), json!({}))
        .await;
    assert_eq!(
        sb.get(&format!("/sandbox/tasks/{task}")).await["waiting_for"],
        "admin"
    );
    assert_eq!(
        errcode(&sb.api(&verify, verify_info()).await),
        89249,
        "admin confirmation running"
    );
    sb.ctl(&format!("/sandbox/tasks/{task}/approve"), json!({}))
        .await;
    let r = rx.wait_for("fast_verify_beta", 1).await;
    assert_eq!(
        (r[0]["status"].as_i64(), r[0]["appid"].as_str()),
        (Some(0), Some(appid.as_str()))
    );
    assert_eq!(
        r[0]["info"]["name"], "Trial 转正有限公司",
        "info.name carries enterprise_name"
    );
    let account = sb.get(&format!("/sandbox/accounts/{appid}")).await;
    assert_eq!(account["beta"], false);
    assert_eq!(
        account["nick_name"], "新名字的店的体验小程序",
        "the name keeps the suffix"
    );
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 91021);
    assert_eq!(
        errcode(&sb.api(&rename, json!({"name": "再改一次名"})).await),
        91020
    );
    sb.stop().await;
}

#[tokio::test]
async fn a_failed_face_check_can_be_repeated_and_calls_are_limited() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let (_, aat) = trial(&sb, &rx, &cat, "限流测试小店").await;
    let verify = format!("/wxa/verifybetaweapp?access_token={aat}");
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 0);
    let task = sb.tasks("beta_verify").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.ctl(&format!("/sandbox/tasks/{task}/fail_face"), json!({}))
        .await;
    let r = rx.wait_for("fast_verify_beta", 1).await;
    assert_eq!(r[0]["status"], -1);
    assert_eq!(r[0]["msg"], "人脸视频识别失败，请重试");
    assert_eq!(
        errcode(&sb.api(&verify, verify_info()).await),
        0,
        "may be repeated"
    );
    // 5 calls a minute: two were made; three more answer, the sixth is 45011.
    let mut missing = verify_info();
    missing["verify_info"]
        .as_object_mut()
        .unwrap()
        .remove("legal_persona_idcard");
    assert_eq!(errcode(&sb.api(&verify, missing.clone()).await), 89253);
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 89251);
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 89251);
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 45011);
    sb.advance(60).await;
    assert_eq!(errcode(&sb.api(&verify, verify_info()).await), 89251);
    sb.stop().await;
}

#[tokio::test]
async fn trial_names_are_checked() {
    let sb = Sb::start().await;
    let cat = sb.cat().await;
    let path = format!("/wxa/component/fastregisterbetaweapp?access_token={cat}");
    assert_eq!(
        errcode(
            &sb.api(&path, json!({"name": "腾讯小店", "openid": "oX"}))
                .await
        ),
        86011
    );
    assert_eq!(
        errcode(
            &sb.api(&path, json!({"name": "一二三", "openid": "oX"}))
                .await
        ),
        40097
    );
    assert_eq!(
        errcode(&sb.api(&path, json!({"name": "一二三四"})).await),
        89253
    );
    assert_eq!(
        errcode(
            &sb.api(&path, json!({"name": "一二三四", "openid": "oX"}))
                .await
        ),
        0
    );
    sb.stop().await;
}
