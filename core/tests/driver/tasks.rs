//! Registration tasks through the driver: every flow with scripted WeChat answers, encrypted
//! pushes and a manual clock — create → push success, create → push failure, duplicated and
//! reordered pushes, a late push after expiry, reconcile through query and search, the
//! `authorized` push for the new appid, the legacy enterprise's subject key, waiting.

use serde_json::{Value, json};
use wxopen::api::register;
use wxopen::driver::{Input, Policy, Step};
use wxopen::task::{Task, TaskFilter, TaskKind, TaskState, WaitingFor};

use crate::harness::*;

const BETA_PATH: &str = "/wxa/component/fastregisterbetaweapp";
const PERSONAL_PATH: &str = "/wxa/component/fastregisterpersonalweapp";
const ENTERPRISE_PATH: &str = "/wxa/component/fastregisterenterpriseweapp";
const LEGACY_PATH: &str = "/cgi-bin/component/fastregisterweapp";
const VERIFY_PATH: &str = "/wxa/verifybetaweapp";
const REUSE_PATH: &str = "/cgi-bin/account/fastregister";
const NEW_APP: &str = "wxnewapp00000001";
const DAY_MS: u64 = 86_400_000;

/// A world with a ticket and a component token ready.
fn ready() -> (World, wxopen::driver::Driver) {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.on(CAT_PATH, [cat("CAT1")]);
    w.run(d.component_access_token()).unwrap();
    (w, d)
}

fn secs(ms: u64) -> u64 {
    ms / 1000
}

fn push_to(xml: &str, w: &mut World, d: &wxopen::driver::Driver) -> wxopen::Result<wxopen::Event> {
    let (q, body) = push(xml, w.now);
    w.run(d.handle(q, body))
}

fn beta_xml(now: u64, unique_id: &str, status: i64, appid: Option<&str>) -> String {
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>notify_third_fastregisterbetaapp</InfoType>\
         {}<status>{status}</status><msg>OK</msg><info><unique_id>{unique_id}</unique_id><name>咖啡体验店</name></info></xml>",
        secs(now),
        appid
            .map(|a| format!("<appid>{a}</appid>"))
            .unwrap_or_default()
    )
}

fn authorized_for(appid: &str, code: &str, now: u64) -> String {
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>authorized</InfoType>\
         <AuthorizerAppid>{appid}</AuthorizerAppid><AuthorizationCode>{code}</AuthorizationCode>\
         <AuthorizationCodeExpiredTime>{}</AuthorizationCodeExpiredTime></xml>",
        secs(now),
        secs(now) + 600
    )
}

fn fasteregister_xml(
    now: u64,
    status: i64,
    appid_code: Option<(&str, &str)>,
    info: &str,
) -> String {
    let (appid, code) = appid_code
        .map(|(a, c)| {
            (
                format!("<appid>{a}</appid>"),
                format!("<auth_code>{c}</auth_code>"),
            )
        })
        .unwrap_or_default();
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>notify_third_fasteregister</InfoType>\
         {appid}<status>{status}</status>{code}<msg>m{status}</msg><info>{info}</info></xml>",
        secs(now)
    )
}

fn beta() -> register::RegisterBeta {
    register::RegisterBeta {
        name: "咖啡体验店".into(),
        openid: "oTrialUser0000000000000000001".into(),
    }
}

fn task_of(w: &mut World, d: &wxopen::driver::Driver, id: &str) -> Task {
    w.run(d.task(id)).unwrap().expect("task stored")
}

#[test]
fn trial_create_then_push_success_then_authorized_push() {
    let (mut w, d) = ready();
    w.on(
        BETA_PATH,
        [json(r#"{"errcode":0,"errmsg":"ok","unique_id":"u1","authorize_url":"https://mp.weixin.qq.com/wxawap/fastregistertpbeta?action=show&create_token=t"}"#)],
    );
    let reg = w.run(d.register(beta(), None)).unwrap();
    assert_eq!(reg.output.unique_id, "u1");
    let task = reg.task.expect("recorded");
    assert_eq!(task.id, "beta:u1");
    assert_eq!(
        (task.kind, task.state, task.waiting_for),
        (TaskKind::Beta, TaskState::Waiting, Some(WaitingFor::User))
    );
    assert!(task.authorize_url.unwrap().contains("create_token"));
    assert_eq!(task.expires_at_ms, Some(w.now + DAY_MS));
    assert_eq!(task.details["openid"], "oTrialUser0000000000000000001");
    // The record lives under the platform's key prefix.
    assert!(
        w.store
            .get(&format!("wxopen:{CID}:task:beta:u1"), w.now)
            .is_some()
    );

    w.now += 60_000;
    push_to(&beta_xml(w.now, "u1", 0, Some(NEW_APP)), &mut w, &d).unwrap();
    let t = task_of(&mut w, &d, "beta:u1");
    assert_eq!(
        (t.state, t.appid.as_deref()),
        (TaskState::Succeeded, Some(NEW_APP))
    );
    assert!(!t.authorized && !t.settled);
    assert!(
        w.sent_to(QUERY_AUTH_PATH).is_empty(),
        "a trial push carries no code"
    );

    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(NEW_APP, "AAT_NEW", "refreshtoken@@@N")],
    );
    push_to(
        &authorized_for(NEW_APP, "queryauthcode@@@b1", w.now),
        &mut w,
        &d,
    )
    .unwrap();
    let t = task_of(&mut w, &d, "beta:u1");
    assert!(t.authorized && t.settled);
    let updates: Vec<Value> = w
        .events_of("task_updated")
        .iter()
        .map(|e| e.to_json())
        .collect();
    let origins: Vec<&str> = updates
        .iter()
        .map(|e| e["origin"].as_str().unwrap())
        .collect();
    assert_eq!(origins, ["create", "push", "authorization"]);
    assert_eq!(updates[2]["authorized"], true);
    // Listed, newest first, filtered.
    let all = w.run(d.tasks(TaskFilter::default())).unwrap();
    assert_eq!(all.len(), 1);
    let none = w
        .run(d.tasks(TaskFilter {
            state: Some(TaskState::Failed),
            ..TaskFilter::default()
        }))
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn enterprise_create_then_push_failure_explains_what_to_do() {
    let (mut w, d) = ready();
    w.on(
        ENTERPRISE_PATH,
        [json(
            r#"{"errcode":0,"taskid":"ent1","authorize_url":"https://ent/page","status":0}"#,
        )],
    );
    let input = json!({"name": "某某科技有限公司", "code": "91440300MA5FAKE021", "code_type": 1,
        "legal_persona_openid": "oLegal000000000000000000001", "legal_persona_name": "张三"});
    let reg = w
        .run(d.register_json("register.enterprise", &input, None))
        .unwrap();
    assert_eq!(reg.output["taskid"], "ent1");
    let t = reg.task.unwrap();
    assert_eq!(t.id, "task:ent1");
    assert_eq!(t.waiting_for, Some(WaitingFor::LegalPerson));
    assert!(t.next_step.contains("legal person"));
    assert!(!t.can_query, "the 2026 enterprise flow has no query API");

    w.now += 3_600_000;
    let info = "<taskid>ent1</taskid><name>某某科技有限公司</name><code>91440300MA5FAKE021</code>\
                <code_type>1</code_type><legal_persona_openid>oLegal000000000000000000001</legal_persona_openid>\
                <legal_persona_name>张三</legal_persona_name>";
    push_to(&fasteregister_xml(w.now, 104, None, info), &mut w, &d).unwrap();
    let t = task_of(&mut w, &d, "task:ent1");
    assert_eq!((t.state, t.status), (TaskState::Failed, Some(104)));
    assert_eq!(t.msg.as_deref(), Some("m104"));
    assert!(t.meaning.contains("ID number"), "{}", t.meaning);
    assert!(t.next_step.contains("business registry"));
    assert!(t.settled);
    // Reconcile has no API to ask: the task is returned as stored, nothing sent.
    let before = w.sent.len();
    assert_eq!(
        w.run(d.reconcile_task("task:ent1")).unwrap().state,
        TaskState::Failed
    );
    assert_eq!(w.sent.len(), before);
}

#[test]
fn duplicated_and_reordered_pushes_end_in_the_right_state() {
    let (mut w, d) = ready();
    w.on(
        BETA_PATH,
        [json(
            r#"{"errcode":0,"unique_id":"u2","authorize_url":"https://b"}"#,
        )],
    );
    w.run(d.call(beta(), None)).unwrap();
    // The authorized push overtakes the trial push: its exchange stores the tokens, but no
    // task knows the appid yet.
    w.now += 1_000;
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(NEW_APP, "AAT_NEW", "refreshtoken@@@N")],
    );
    push_to(
        &authorized_for(NEW_APP, "queryauthcode@@@b2", w.now),
        &mut w,
        &d,
    )
    .unwrap();
    assert!(!task_of(&mut w, &d, "beta:u2").authorized);
    // The trial push then finds the authorization already stored.
    let result = beta_xml(w.now, "u2", 0, Some(NEW_APP));
    push_to(&result, &mut w, &d).unwrap();
    let t = task_of(&mut w, &d, "beta:u2");
    assert!(t.authorized && t.settled && t.state == TaskState::Succeeded);
    // Redeliveries change nothing and report nothing; the code is not exchanged again.
    let updates = w.events_of("task_updated").len();
    push_to(&result, &mut w, &d).unwrap();
    push_to(
        &authorized_for(NEW_APP, "queryauthcode@@@b2", w.now),
        &mut w,
        &d,
    )
    .unwrap();
    assert_eq!(w.events_of("task_updated").len(), updates);
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
    // A failure push arriving after the success does not undo it.
    push_to(&beta_xml(w.now, "u2", -1, None), &mut w, &d).unwrap();
    assert_eq!(task_of(&mut w, &d, "beta:u2").state, TaskState::Succeeded);
}

#[test]
fn a_late_push_after_expiry_still_counts() {
    let (mut w, d) = ready();
    w.on(
        BETA_PATH,
        [json(
            r#"{"errcode":0,"unique_id":"u3","authorize_url":"https://b"}"#,
        )],
    );
    w.run(d.call(beta(), None)).unwrap();
    let grace = Policy::default().task_expiry_grace_ms;
    w.now += DAY_MS + grace;
    let t = task_of(&mut w, &d, "beta:u3");
    assert_eq!(t.state, TaskState::Expired);
    assert!(t.settled);
    let expired = w
        .run(d.tasks(TaskFilter {
            state: Some(TaskState::Expired),
            ..TaskFilter::default()
        }))
        .unwrap();
    assert_eq!(expired.len(), 1);
    // WeChat's success, late, is the truth (its redelivery too).
    push_to(
        &beta_xml(w.now - 60_000, "u3", 0, Some(NEW_APP)),
        &mut w,
        &d,
    )
    .unwrap();
    assert_eq!(task_of(&mut w, &d, "beta:u3").state, TaskState::Succeeded);
}

#[test]
fn personal_reconcile_through_query_and_the_query_call_itself() {
    let (mut w, d) = ready();
    w.on(
        PERSONAL_PATH,
        [json(
            r#"{"errcode":0,"taskid":"p1","authorize_url":"https://p","status":0}"#,
        )],
    );
    let input = json!({"idname": "李四", "wxuser": "lisi_wx"});
    let t = w
        .run(d.register_json("register.personal", &input, None))
        .unwrap()
        .task
        .unwrap();
    assert_eq!((t.id.as_str(), t.can_query), ("task:p1", true));
    assert!(w.sent_to(PERSONAL_PATH)[0].url.contains("action=create"));
    // Reconcile asks WeChat: status 7, the SMS step.
    w.on(
        PERSONAL_PATH,
        [json(
            r#"{"errcode":0,"taskid":"p1","authorize_url":"https://p","status":7}"#,
        )],
    );
    let t = w.run(d.reconcile_task("task:p1")).unwrap();
    let query = &w.sent_to(PERSONAL_PATH)[1];
    assert!(query.url.contains("action=query") && query.body.contains("p1"));
    assert_eq!((t.state, t.status), (TaskState::Waiting, Some(7)));
    assert!(t.next_step.contains("SMS"));
    // A query made through `call` updates the task too: the user rejected (no push comes).
    w.on(
        PERSONAL_PATH,
        [json(
            r#"{"errcode":0,"taskid":"p1","authorize_url":"https://p","status":2}"#,
        )],
    );
    w.run(d.call_json("register.personal_query", &json!({"taskid": "p1"}), None))
        .unwrap();
    let t = task_of(&mut w, &d, "task:p1");
    assert_eq!((t.state, t.status), (TaskState::Failed, Some(2)));
    // A terminal task is not asked about again.
    let before = w.sent.len();
    w.run(d.reconcile_task("task:p1")).unwrap();
    assert_eq!(w.sent.len(), before);
    // A query for a task the store does not have adopts nothing.
    w.on(
        PERSONAL_PATH,
        [json(r#"{"errcode":0,"taskid":"zz","status":3}"#)],
    );
    w.run(d.call_json("register.personal_query", &json!({"taskid": "zz"}), None))
        .unwrap();
    assert!(w.run(d.task("task:zz")).unwrap().is_none());
    let err = w.run(d.reconcile_task("task:zz")).unwrap_err();
    assert_eq!(err.to_json()["field"], "task_id");
}

#[test]
fn a_legacy_personal_push_finds_its_task_by_the_person() {
    let (mut w, d) = ready();
    w.on(
        PERSONAL_PATH,
        [json(r#"{"errcode":0,"taskid":"p2","status":0}"#)],
    );
    let input = json!({"idname": "王五", "wxuser": "wangwu_wx", "new_version": false});
    w.run(d.call_json("register.personal", &input, None))
        .unwrap();
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(NEW_APP, "AAT_NEW", "refreshtoken@@@N")],
    );
    let info =
        "<wxuser>wangwu_wx</wxuser><idname>王五</idname><component_phone>1</component_phone>";
    push_to(
        &fasteregister_xml(w.now, 0, Some((NEW_APP, "authcode@@@p2")), info),
        &mut w,
        &d,
    )
    .unwrap();
    let t = task_of(&mut w, &d, "task:p2");
    assert_eq!(
        (t.state, t.appid.as_deref()),
        (TaskState::Succeeded, Some(NEW_APP))
    );
    assert!(t.authorized, "the push's auth_code was exchanged");
    // A person nobody registered: the push is handled, the task side reports why it matched
    // nothing.
    let info = "<wxuser>nobody_wx</wxuser><idname>无名</idname>";
    push_to(&fasteregister_xml(w.now, 5, None, info), &mut w, &d).unwrap();
    let ignored = w.events_of("task_push_ignored")[0].to_json();
    assert_eq!(ignored["info_type"], "notify_third_fasteregister");
    assert!(ignored["reason"].as_str().unwrap().contains("wxuser"));
}

#[test]
fn legacy_enterprise_is_keyed_by_its_subject_and_reconciled_through_search() {
    let (mut w, d) = ready();
    w.on(LEGACY_PATH, [json(r#"{"errcode":0,"errmsg":"ok"}"#)]);
    let input = json!({"name": "某某有限公司", "code": "91440300MA5FAKE021", "code_type": 1,
        "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三"});
    let t = w
        .run(d.register_json("register.enterprise_legacy", &input, None))
        .unwrap()
        .task
        .unwrap();
    assert!(t.id.starts_with("legacy:") && !t.id.contains("张三"));
    assert_eq!(
        (t.state, t.waiting_for),
        (TaskState::Waiting, Some(WaitingFor::Wechat))
    );
    // The search answers through errcodes: 89252 (checking), then 89251 (the legal person).
    w.on(LEGACY_PATH, [errcode(89252), errcode(89251)]);
    let t = w.run(d.reconcile_task(&t.id)).unwrap();
    assert_eq!(t.status, Some(89252));
    let search = (*w.sent_to(LEGACY_PATH).last().unwrap()).clone();
    assert!(search.url.contains("action=search"));
    assert_eq!(
        serde_json::from_str::<Value>(&search.body).unwrap(),
        json!({"name": "某某有限公司", "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三"})
    );
    let t = w.run(d.reconcile_task(&t.id)).unwrap();
    assert_eq!(
        (t.status, t.waiting_for),
        (Some(89251), Some(WaitingFor::LegalPerson))
    );
    // The result push echoes the subject (whitespace and CDATA as WeChat sends it).
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(NEW_APP, "AAT_NEW", "refreshtoken@@@N")],
    );
    let info = "<name><![CDATA[某某有限公司]]></name><code>91440300MA5FAKE021</code><code_type>1</code_type>\
                <legal_persona_wechat> zhangsan_acme </legal_persona_wechat><legal_persona_name>张三</legal_persona_name>";
    push_to(
        &fasteregister_xml(w.now, 0, Some((NEW_APP, "authcode@@@L1")), info),
        &mut w,
        &d,
    )
    .unwrap();
    let t = task_of(&mut w, &d, &t.id);
    assert_eq!(
        (t.state, t.appid.as_deref(), t.authorized),
        (TaskState::Succeeded, Some(NEW_APP), true)
    );
    // The `authorized` push WeChat also sends for the new app carries the same code: it is
    // not exchanged twice, and the task is unchanged.
    let before = w.events_of("task_updated").len();
    push_to(&authorized_for(NEW_APP, "authcode@@@L1", w.now), &mut w, &d).unwrap();
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
    assert_eq!(w.events_of("task_updated").len(), before);
    // The search is also tracked when called directly: 89250 after the end changes nothing
    // (the task has ended).
    w.on(LEGACY_PATH, [errcode(89250)]);
    let search = json!({"name": "某某有限公司", "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三"});
    let err = w
        .run(d.call_json("register.enterprise_legacy_search", &search, None))
        .unwrap_err();
    assert_eq!(err.to_json()["errcode"], 89250);
    assert_eq!(task_of(&mut w, &d, &t.id).state, TaskState::Succeeded);
}

#[test]
fn an_authorized_push_for_the_new_appid_completes_an_enterprise_task() {
    let (mut w, d) = ready();
    w.on(
        ENTERPRISE_PATH,
        [json(
            r#"{"errcode":0,"taskid":"ent2","authorize_url":"https://e","status":0}"#,
        )],
    );
    let input = json!({"name": "某某科技有限公司", "code": "91440300MA5FAKE021", "code_type": 1,
        "legal_persona_openid": "oLegal000000000000000000001", "legal_persona_name": "张三"});
    w.run(d.call_json("register.enterprise", &input, None))
        .unwrap();
    // The result push's exchange fails for a moment (system busy): the result is recorded,
    // the push fails so WeChat redelivers, and the claim is released.
    w.on(QUERY_AUTH_PATH, std::iter::repeat_n(errcode(-1), 4));
    let xml = fasteregister_xml(
        w.now,
        0,
        Some((NEW_APP, "authcode@@@E2")),
        "<taskid>ent2</taskid>",
    );
    assert!(push_to(&xml, &mut w, &d).is_err());
    let t = task_of(&mut w, &d, "task:ent2");
    assert_eq!(
        (t.state, t.authorized, t.settled),
        (TaskState::Succeeded, false, false)
    );
    // The `authorized` push for the new appid then brings the tokens: the task counts it.
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(NEW_APP, "AAT_NEW", "refreshtoken@@@N")],
    );
    push_to(&authorized_for(NEW_APP, "authcode@@@E2", w.now), &mut w, &d).unwrap();
    let t = task_of(&mut w, &d, "task:ent2");
    assert!(t.authorized && t.settled);
    // A final exchange failure (61010: code expired) is recorded on a task too.
    w.on(
        ENTERPRISE_PATH,
        [json(r#"{"errcode":0,"taskid":"ent3","status":0}"#)],
    );
    w.run(d.call_json("register.enterprise", &input, None))
        .unwrap();
    w.on(QUERY_AUTH_PATH, [errcode(61010)]);
    let xml = fasteregister_xml(
        w.now,
        0,
        Some(("wxnewapp00000003", "authcode@@@E3")),
        "<taskid>ent3</taskid>",
    );
    assert!(push_to(&xml, &mut w, &d).is_err());
    let t = task_of(&mut w, &d, "task:ent3");
    assert_eq!(t.authorization_errcode, Some(61010));
    assert!(t.settled && !t.authorized);
}

#[test]
fn trial_verification_lost_answer_then_push_then_a_second_attempt() {
    let (mut w, d) = ready();
    w.seed_authorizer(&d, NEW_APP);
    w.on(AAT_PATH, [aat("AAT_B", "refreshtoken@@@R1")]);
    w.on(VERIFY_PATH, [Reply::Transport]);
    let input = json!({"verify_info": {"enterprise_name": "某某有限公司", "code": "91440300MA5FAKE021",
        "code_type": 1, "legal_persona_wechat": "zhangsan_acme", "legal_persona_name": "张三",
        "legal_persona_idcard": "110101199003070011", "component_phone": "0755-1"}});
    let err = w
        .run(d.register_json("register.beta_verify", &input, Some(NEW_APP)))
        .unwrap_err();
    assert_eq!(err.code(), "transport_error");
    assert_eq!(
        w.sent_to(VERIFY_PATH).len(),
        1,
        "a create call is never re-sent"
    );
    let id = format!("beta_verify:{NEW_APP}");
    let t = task_of(&mut w, &d, &id);
    assert_eq!(t.state, TaskState::Created);
    assert!(!t.details.contains_key("legal_persona_idcard"));
    assert!(
        !serde_json::to_string(&t)
            .unwrap()
            .contains("110101199003070011")
    );
    // The push tells: the face check failed.
    w.now += 600_000;
    let verify_xml = |now: u64, status: i64| {
        format!(
            "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>notify_third_fastverifybetaapp</InfoType>\
             <appid>{NEW_APP}</appid><status>{status}</status><msg>m</msg><info><name>某某有限公司</name></info></xml>",
            secs(now)
        )
    };
    let failed = verify_xml(w.now, -1);
    push_to(&failed, &mut w, &d).unwrap();
    assert_eq!(task_of(&mut w, &d, &id).state, TaskState::Failed);
    // Verified again: a new attempt, and the old failure push redelivered is ignored.
    w.now += 600_000;
    w.on(VERIFY_PATH, [json(r#"{"errcode":0,"errmsg":"ok"}"#)]);
    let t = w
        .run(d.register_json("register.beta_verify", &input, Some(NEW_APP)))
        .unwrap()
        .task
        .unwrap();
    assert_eq!((t.state, t.attempt), (TaskState::Waiting, 2));
    push_to(&failed, &mut w, &d).unwrap();
    assert_eq!(task_of(&mut w, &d, &id).state, TaskState::Waiting);
    assert!(
        w.events_of("task_push_ignored")[0].to_json()["reason"]
            .as_str()
            .unwrap()
            .contains("earlier")
    );
    push_to(&verify_xml(w.now, 0), &mut w, &d).unwrap();
    let t = task_of(&mut w, &d, &id);
    assert_eq!(
        (t.state, t.attempt, t.settled),
        (TaskState::Succeeded, 2, true)
    );
}

#[test]
fn reuse_oa_is_synchronous_and_its_code_is_exchanged_once() {
    let (mut w, d) = ready();
    w.seed_authorizer(&d, AUTHORIZER);
    w.on(AAT_PATH, [aat("AAT_OA", "refreshtoken@@@R1")]);
    w.on(
        REUSE_PATH,
        [json(r#"{"errcode":0,"appid":"wxreuse000000001","authorization_code":"authcode@@@R","is_wx_verify_succ":"true","is_link_succ":true}"#)],
    );
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(
            "wxreuse000000001",
            "AAT_R",
            "refreshtoken@@@R",
        )],
    );
    let reg = w
        .run(d.register(
            register::RegisterByReuseOa {
                ticket: "scanticket@@@t".into(),
            },
            Some(AUTHORIZER),
        ))
        .unwrap();
    let t = reg.task.unwrap();
    assert_eq!(t.id, "reuse_oa:wxreuse000000001");
    assert_eq!(
        (t.state, t.authorized, t.settled),
        (TaskState::Succeeded, true, true)
    );
    assert_eq!(t.details["oa_appid"], AUTHORIZER);
    assert_eq!(t.details["is_wx_verify_succ"], "true");
    // The caller exchanging the same code (the old way) gets the outcome, not a second call.
    let again = w.run(d.authorize("authcode@@@R")).unwrap();
    assert!(!again.exchanged);
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
    let shown = serde_json::to_string(&t).unwrap()
        + &w.events
            .iter()
            .map(|e| e.to_json().to_string())
            .collect::<String>();
    for secret in ["authcode@@@R", "scanticket", "AAT_R", "refreshtoken"] {
        assert!(!shown.contains(secret), "{secret}");
    }
}

#[test]
fn register_refuses_other_operations() {
    let (mut w, d) = ready();
    let err = w
        .run(d.register_json("register.personal_query", &json!({"taskid": "x"}), None))
        .unwrap_err();
    assert_eq!(err.to_json()["field"], "operation");
    assert!(w.sent.iter().all(|s| s.path == CAT_PATH));
    let err = w
        .run(d.register(register::QueryPersonal { taskid: "x".into() }, None))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
}

#[test]
fn wait_polls_with_backoff_queries_when_due_and_returns_when_settled() {
    let (mut w, d) = ready();
    let p = Policy::default();
    w.on(
        PERSONAL_PATH,
        [json(
            r#"{"errcode":0,"taskid":"p3","authorize_url":"https://p","status":0}"#,
        )],
    );
    w.run(d.call_json(
        "register.personal",
        &json!({"idname": "赵六", "wxuser": "zhaoliu_wx"}),
        None,
    ))
    .unwrap();
    // Queries answer 0, 0, 3, then 12 (creation succeeded).
    let answer = |s: i64| {
        json(&format!(
            r#"{{"errcode":0,"taskid":"p3","authorize_url":"https://p","status":{s}}}"#
        ))
    };
    w.on(PERSONAL_PATH, [answer(0), answer(0), answer(3), answer(12)]);
    let start = w.now;
    w.sleeps.clear();
    let t = w.run(d.wait_task("task:p3", 3_600_000)).unwrap();
    assert_eq!((t.state, t.settled), (TaskState::Succeeded, true));
    assert_eq!(w.sent_to(PERSONAL_PATH).len(), 1 + 4);
    // Queries are at least task_query_interval_ms apart.
    let queries: Vec<u64> = w.sent_to(PERSONAL_PATH)[1..].iter().map(|s| s.at).collect();
    assert!(
        queries
            .windows(2)
            .all(|p2| p2[1] - p2[0] >= p.task_query_interval_ms),
        "{queries:?}"
    );
    // Pauses double while nothing changes (±25 % jitter), up to the maximum, and restart at
    // the minimum after a change; each is announced by a task_waiting event.
    let waiting = w.events_of("task_waiting");
    assert_eq!(waiting.len(), w.sleeps.len());
    let first = w.sleeps[0];
    assert!((p.task_poll_min_ms * 3 / 4..=p.task_poll_min_ms * 5 / 4).contains(&first));
    assert!(w.sleeps.iter().all(|s| *s <= p.task_poll_max_ms * 5 / 4));
    assert!(w.sleeps[1] > first, "{:?}", w.sleeps);
    let progress: Vec<Value> = waiting.iter().map(|e| e.to_json()).collect();
    assert_eq!(progress[0]["task_id"], "task:p3");
    assert_eq!(progress[0]["waiting_for"], "user");
    assert!(progress.iter().any(|e| e["status"] == 3));
    assert_eq!(w.now - start, w.sleeps.iter().sum::<u64>());
}

#[test]
fn wait_returns_the_task_as_it_stands_at_the_timeout_and_sees_other_processes() {
    let (mut w, d) = ready();
    w.on(
        BETA_PATH,
        [json(
            r#"{"errcode":0,"unique_id":"u4","authorize_url":"https://b"}"#,
        )],
    );
    w.run(d.call(beta(), None)).unwrap();
    let start = w.now;
    let sent = w.sent.len();
    let t = w.run(d.wait_task("beta:u4", 10_000)).unwrap();
    assert_eq!((t.state, t.settled), (TaskState::Waiting, false));
    assert_eq!(
        w.now - start,
        10_000,
        "the last pause is cut to the timeout"
    );
    assert_eq!(w.sent.len(), sent, "nothing to query for a trial");
    // Another process handles the push while this one waits: the wait sees it in the store.
    let other = wxopen::driver::Driver::new(config(), 99).unwrap();
    let mut call = d.wait_task("beta:u4", 3_600_000);
    let mut step = call.start(w.now);
    let mut pushed = false;
    let task = loop {
        step = match step {
            Step::Done(r) => break r.unwrap(),
            Step::Sleep { ms } if !pushed => {
                pushed = true;
                w.now += ms;
                let (q, body) = push(&beta_xml(w.now, "u4", 1002, None), w.now);
                w.run(other.handle(q, body)).unwrap();
                call.resume(Input::Ack, w.now)
            }
            s => w.step(&mut call, s),
        };
    };
    assert_eq!((task.state, task.status), (TaskState::Failed, Some(1002)));
    assert!(task.next_step.contains("blacklisted"));
}

#[test]
fn a_store_failure_while_recording_does_not_lose_the_answer() {
    let (mut w, d) = ready();
    w.on(
        BETA_PATH,
        [json(
            r#"{"errcode":0,"unique_id":"u5","authorize_url":"https://b"}"#,
        )],
    );
    let mut call = d.register(beta(), None);
    let mut step = call.start(w.now);
    let mut http_done = false;
    let reg = loop {
        step = match step {
            Step::Done(r) => break r.unwrap(),
            Step::Http(_) if !http_done => {
                http_done = true;
                w.step(&mut call, step)
            }
            Step::Get { .. } if http_done => {
                call.resume(Input::StoreFailed("redis down".into()), w.now)
            }
            s => w.step(&mut call, s),
        };
    };
    assert_eq!(reg.output.unique_id, "u5");
    assert!(reg.task.is_none());
    let failure = w.events_of("failure").last().unwrap().to_json();
    assert_eq!(
        (failure["operation"].as_str(), failure["code"].as_str()),
        (Some("task"), Some("store_error"))
    );
    // A corrupt task record is reported, never overwritten.
    w.store.put(
        &format!("wxopen:{CID}:task:beta:u6"),
        "not json",
        None,
        w.now,
    );
    assert_eq!(w.run(d.task("beta:u6")).unwrap_err().code(), "store_error");
    push_to(&beta_xml(w.now, "u6", 0, Some(NEW_APP)), &mut w, &d).unwrap_err();
    assert_eq!(
        w.store.get(&format!("wxopen:{CID}:task:beta:u6"), w.now),
        Some("not json")
    );
}

#[test]
fn the_index_keeps_the_newest_tasks_and_old_ones_stay_readable() {
    let mut w = World::new();
    let policy = Policy {
        task_index_max: 2,
        ..Policy::default()
    };
    let d = wxopen::driver::Driver::new(config().with_policy(policy), 7).unwrap();
    for (i, u) in ["a", "b", "c"].iter().enumerate() {
        w.now += 1_000;
        push_to(
            &beta_xml(w.now, u, i64::try_from(i).unwrap() + 101, None),
            &mut w,
            &d,
        )
        .unwrap();
    }
    let listed: Vec<String> = w
        .run(d.tasks(TaskFilter::default()))
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, ["beta:c", "beta:b"]);
    assert!(w.run(d.task("beta:a")).unwrap().is_some());
    let limited = w
        .run(d.tasks(TaskFilter {
            kind: Some(TaskKind::Beta),
            limit: Some(1),
            ..TaskFilter::default()
        }))
        .unwrap();
    assert_eq!(limited.len(), 1);
    assert!(
        w.run(d.tasks(TaskFilter {
            kind: Some(TaskKind::Personal),
            ..TaskFilter::default()
        }))
        .unwrap()
        .is_empty()
    );
    // Task ids given by callers are checked.
    assert_eq!(
        w.run(d.task("beta: x")).unwrap_err().to_json()["field"],
        "task_id"
    );
    assert_eq!(
        w.run(d.wait_task("", 1)).unwrap_err().to_json()["field"],
        "task_id"
    );
}
