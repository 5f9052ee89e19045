//! §3.3 personal registration: taskid, query, statuses.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn statuses_move_step_by_step_to_12_and_push() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let create = format!(
        "/wxa/component/fastregisterpersonalweapp?action=create&component_access_token={cat}"
    );
    let query = format!("/wxa/component/fastregisterpersonalweapp?action=query&access_token={cat}");
    let v = sb.api(&create, json!({"idname": "王五", "wxuser": "wangwu_2026", "component_phone": "1", "new_version": true})).await;
    assert_eq!((errcode(&v), v["status"].as_i64()), (0, Some(0)));
    let taskid = v["taskid"].as_str().unwrap().to_owned();
    assert_eq!(
        errcode(
            &sb.api(&create, json!({"idname": "王五", "wxuser": "wangwu_2026"}))
                .await
        ),
        89249
    );

    let status = |v: serde_json::Value| v["status"].as_i64().unwrap();
    assert_eq!(status(sb.api(&query, json!({"taskid": taskid})).await), 0);
    sb.ctl(
        &format!("/sandbox/tasks/{taskid}/approve"),
        json!({"stop_at": 4}),
    )
    .await;
    assert_eq!(status(sb.api(&query, json!({"taskid": taskid})).await), 4);
    sb.ctl(
        &format!("/sandbox/tasks/{taskid}/approve"),
        json!({"stop_at": 9}),
    )
    .await;
    assert_eq!(status(sb.api(&query, json!({"taskid": taskid})).await), 9);
    sb.ctl_expect(
        &format!("/sandbox/tasks/{taskid}/approve"),
        json!({"stop_at": 5}),
        409,
    )
    .await;
    sb.ctl(&format!("/sandbox/tasks/{taskid}/approve"), json!({}))
        .await;
    assert_eq!(status(sb.api(&query, json!({"taskid": taskid})).await), 12);
    let history: Vec<String> = sb.get(&format!("/sandbox/tasks/{taskid}")).await["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[1].as_str().unwrap().to_owned())
        .collect();
    assert!(
        history.iter().any(|h| h.starts_with("status 7")),
        "{history:?}"
    );

    let r = rx.wait_for("fast_register", 1).await;
    assert_eq!(r[0]["status"], 0);
    assert_eq!(
        r[0]["info"]["taskid"],
        taskid.as_str(),
        "new_version tasks carry the taskid"
    );
    let appid = r[0]["appid"].as_str().unwrap();
    let account = sb.get(&format!("/sandbox/accounts/{appid}")).await;
    assert_eq!(
        (
            account["register_type"].as_i64(),
            account["subject_type"].as_str()
        ),
        (Some(16), Some("personal"))
    );
    assert_eq!(account["admin"], "wangwu_2026");
    sb.stop().await;
}

#[tokio::test]
async fn refusals_failures_and_timeouts() {
    let sb = Sb::start().await;
    let rx = sb.receiver().await;
    sb.set_urls(&format!("{}/component", rx.url), None).await;
    let cat = sb.cat().await;
    let create =
        format!("/wxa/component/fastregisterpersonalweapp?action=create&access_token={cat}");
    let new = |wx: &'static str| {
        let (sb, create) = (&sb, create.clone());
        async move {
            sb.api(&create, json!({"idname": "某人", "wxuser": wx}))
                .await["taskid"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (a, b, c, d) = (
        new("user_aaaaaa").await,
        new("user_bbbbbb").await,
        new("user_cccccc").await,
        new("user_dddddd").await,
    );
    sb.ctl(&format!("/sandbox/tasks/{a}/reject"), json!({}))
        .await;
    sb.ctl(&format!("/sandbox/tasks/{b}/fail_face"), json!({}))
        .await;
    sb.ctl(&format!("/sandbox/tasks/{c}/fail"), json!({"status": 1003}))
        .await;
    sb.advance(86_400).await;
    let cat = sb.cat().await;
    let query = format!("/wxa/component/fastregisterpersonalweapp?action=query&access_token={cat}");
    let create =
        format!("/wxa/component/fastregisterpersonalweapp?action=create&access_token={cat}");
    let status = |id: String| {
        let (sb, query) = (&sb, query.clone());
        async move {
            sb.api(&query, json!({"taskid": id})).await["status"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(status(a).await, 2);
    assert_eq!(status(b).await, 5);
    assert_eq!(status(c).await, 1003);
    assert_eq!(status(d).await, 1, "timed out");
    let pushed = rx.wait_for("fast_register", 1).await;
    assert_eq!(
        pushed.len(),
        1,
        "only the creation failure is pushed: {pushed:?}"
    );
    assert_eq!(pushed[0]["status"], 1003);

    assert_eq!(
        errcode(&sb.api(&query, json!({"taskid": "nope"})).await),
        89250
    );
    assert_eq!(
        errcode(&sb.api(&create, json!({"idname": "某人"})).await),
        89253
    );
    assert_eq!(
        errcode(
            &sb.api(&create, json!({"idname": "某人", "wxuser": "no"}))
                .await
        ),
        86004
    );
    assert_eq!(
        errcode(
            &sb.api(
                &create,
                json!({"idname": "李四", "wxuser": "zhangsan_acme"})
            )
            .await
        ),
        61070
    );
    sb.stop().await;
}
