//! Pushes and authorization codes.

use wxopen::api::open;
use wxopen::driver::AuthorizerStatus;
use wxopen::event::Event;

use crate::harness::*;

fn ticket_xml(ticket: &str, create_time: u64) -> String {
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{create_time}</CreateTime>\
         <InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>{ticket}</ComponentVerifyTicket></xml>"
    )
}

#[test]
fn a_ticket_push_is_stored_and_used_and_an_older_one_does_not_replace_it() {
    let mut w = World::new();
    let d = driver();
    let (q, body) = push(&ticket_xml("ticket@@@pushed", w.now / 1000), w.now);
    let event = w.run(d.handle(q, body)).unwrap();
    assert_eq!(event.kind(), "component_verify_ticket");
    // A redelivered older push keeps the newer ticket.
    let (q, body) = push(&ticket_xml("ticket@@@older", w.now / 1000 - 600), w.now);
    w.run(d.handle(q, body)).unwrap();
    assert_eq!(w.events_of("ticket_kept").len(), 1);
    w.on(CAT_PATH, [cat("CAT1")]);
    w.run(d.component_access_token()).unwrap();
    assert!(w.sent[0].body.contains("ticket@@@pushed"));
    // The ticket's age is reported with the mint.
    let minted = w.events_of("component_token_minted")[0].to_json();
    assert_eq!(minted["ticket_age_ms"], 0);
}

#[test]
fn a_forged_push_changes_nothing() {
    let mut w = World::new();
    let d = driver();
    let (mut q, body) = push(&ticket_xml("ticket@@@forged", w.now / 1000), w.now);
    q.msg_signature = "0".repeat(40);
    let err = w.run(d.handle(q, body)).unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
    assert!(w.store.keys(w.now).is_empty());
}

#[test]
fn redirect_and_push_race_exchange_the_code_exactly_once() {
    for first in [0usize, 1] {
        let mut w = World::new();
        let d = driver();
        let other_process = wxopen::driver::Driver::new(config(), 77).unwrap();
        w.seed_ticket(&d);
        w.on(CAT_PATH, [cat("CAT1")]).on(
            QUERY_AUTH_PATH,
            [query_auth_reply(AUTHORIZER, "AAT1", "refreshtoken@@@R1")],
        );
        let code = "queryauthcode@@@c1";
        let (q, body) = push(&authorized_xml(code, w.now), w.now);
        let redirect = d.authorize(code).map(|a| (a.authorizer_appid, a.exchanged));
        let pushed = other_process
            .handle(q, body)
            .map(|e| (e.kind().to_owned(), false));
        let mut n = 0;
        let results = w.run_all(vec![redirect, pushed], |live| {
            n += 1;
            (n + first) % live
        });
        assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1, "exchanged once");
        let (appid, _) = results[0].as_ref().unwrap();
        assert_eq!(appid, AUTHORIZER);
        assert_eq!(results[1].as_ref().unwrap().0, "authorized");
        // The tokens are stored: a call uses them without any refresh.
        w.on(OPEN_GET_PATH, [open_ok()]);
        w.run(d.call(open::Get::default(), Some(AUTHORIZER)))
            .unwrap();
        assert_eq!(token_of(w.sent.last().unwrap()), "AAT1");
        assert!(w.sent_to(AAT_PATH).is_empty());
        // A later copy of the same code (redelivered push) is not exchanged again.
        let (q, body) = push(&authorized_xml(code, w.now), w.now);
        w.run(d.handle(q, body)).unwrap();
        assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
    }
}

#[test]
fn a_transient_exchange_failure_releases_the_claim() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    let code = "queryauthcode@@@c2";
    w.on(CAT_PATH, [cat("CAT1")])
        .on(QUERY_AUTH_PATH, std::iter::repeat_n(errcode(-1), 4));
    assert!(w.run(d.authorize(code)).is_err());
    // The redelivered push may try again and succeeds.
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(AUTHORIZER, "AAT1", "refreshtoken@@@R1")],
    );
    let (q, body) = push(&authorized_xml(code, w.now), w.now);
    w.run(d.handle(q, body)).unwrap();
    assert_eq!(w.events_of("authorizer_authorized").len(), 1);
    // A final failure (61010 expired) is remembered for a redirect arriving later.
    let late = "queryauthcode@@@c3";
    w.on(QUERY_AUTH_PATH, [errcode(61010)]);
    let (q, body) = push(&authorized_xml(late, w.now), w.now);
    assert!(w.run(d.handle(q, body)).is_err());
    let err = w.run(d.authorize(late)).unwrap_err();
    assert_eq!(err.to_json()["errcode"], 61010);
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 4 + 1 + 1);
}

fn unauthorized_xml(create_time: u64) -> String {
    format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{create_time}</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>{AUTHORIZER}</AuthorizerAppid></xml>"
    )
}

#[test]
fn a_late_unauthorized_from_before_a_reauthorization_is_ignored() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.on(CAT_PATH, [cat("CAT1")]).on(
        QUERY_AUTH_PATH,
        [query_auth_reply(AUTHORIZER, "AAT1", "refreshtoken@@@R1")],
    );
    // The merchant revoked a minute ago and authorized again now; the revocation's push is
    // delivered after the new authorization (a WeChat retry).
    w.run(d.authorize("queryauthcode@@@late")).unwrap();
    let (q, body) = push(&unauthorized_xml(w.now / 1000 - 60), w.now);
    assert_eq!(w.run(d.handle(q, body)).unwrap().kind(), "unauthorized");
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(AuthorizerStatus::Authorized)
    );
    let ignored = w.events_of("unauthorized_ignored");
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].to_json()["create_time"], w.now / 1000 - 60);
    assert!(w.events_of("authorizer_revoked").is_empty());
    // The new tokens are still used.
    w.on(OPEN_GET_PATH, [open_ok()]);
    w.run(d.call(open::Get::default(), Some(AUTHORIZER)))
        .unwrap();
    assert_eq!(token_of(w.sent.last().unwrap()), "AAT1");
    // A revocation from the authorization's own second or later is obeyed.
    let (q, body) = push(&unauthorized_xml(w.now / 1000), w.now);
    w.run(d.handle(q, body)).unwrap();
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(AuthorizerStatus::Revoked)
    );
}

#[test]
fn unauthorized_for_an_imported_authorizer_is_obeyed_whatever_its_time() {
    // An imported record has no authorization time: nothing to compare with.
    let mut w = World::new();
    let d = driver();
    w.run(d.import_authorizer(AUTHORIZER, "refreshtoken@@@imported"))
        .unwrap();
    let (q, body) = push(&unauthorized_xml(w.now / 1000 - 3600), w.now);
    w.run(d.handle(q, body)).unwrap();
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(AuthorizerStatus::Revoked)
    );
}

#[test]
fn unauthorized_marks_revoked_and_drops_the_tokens() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.on(CAT_PATH, [cat("CAT1")]).on(
        QUERY_AUTH_PATH,
        [query_auth_reply(AUTHORIZER, "AAT1", "refreshtoken@@@R1")],
    );
    w.run(d.authorize("queryauthcode@@@c4")).unwrap();
    let xml = format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>{AUTHORIZER}</AuthorizerAppid></xml>",
        w.now / 1000
    );
    let (q, body) = push(&xml, w.now);
    assert_eq!(w.run(d.handle(q, body)).unwrap().kind(), "unauthorized");
    let rec = w
        .store
        .get(&format!("wxopen:{CID}:authorizer:{AUTHORIZER}"), w.now)
        .unwrap()
        .to_owned();
    assert!(
        !rec.contains("AAT1") && !rec.contains("refreshtoken"),
        "{rec}"
    );
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(AuthorizerStatus::Revoked)
    );
    // The warm cache forgot the token too: the call fails without sending.
    let before = w.sent.len();
    let err = w
        .run(d.call(open::Get::default(), Some(AUTHORIZER)))
        .unwrap_err();
    assert_eq!(err.code(), "authorizer_revoked");
    assert_eq!(w.sent.len(), before);
    // Re-authorization brings it back.
    w.on(
        QUERY_AUTH_PATH,
        [query_auth_reply(AUTHORIZER, "AAT2", "refreshtoken@@@R2")],
    );
    w.run(d.authorize("queryauthcode@@@c5")).unwrap();
    assert_eq!(
        w.run(d.authorizer_status(AUTHORIZER)).unwrap(),
        Some(AuthorizerStatus::Authorized)
    );
}

#[test]
fn a_successful_registration_push_exchanges_its_auth_code() {
    let mut w = World::new();
    let d = driver();
    w.seed_ticket(&d);
    w.on(CAT_PATH, [cat("CAT1")]).on(
        QUERY_AUTH_PATH,
        [query_auth_reply(
            "wxnewapp000000001",
            "AAT_NEW",
            "refreshtoken@@@N",
        )],
    );
    let xml = format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>notify_third_fasteregister</InfoType>\
         <appid>wxnewapp000000001</appid><status>0</status><auth_code>authcode@@@reg</auth_code><msg>OK</msg>\
         <info><taskid>t1</taskid></info></xml>",
        w.now / 1000
    );
    let (q, body) = push(&xml, w.now);
    let event = w.run(d.handle(q, body)).unwrap();
    assert!(matches!(event, Event::FastRegister(_)));
    assert!(
        w.sent_to(QUERY_AUTH_PATH)[0]
            .body
            .contains("authcode@@@reg")
    );
    assert_eq!(
        w.run(d.authorizer_status("wxnewapp000000001")).unwrap(),
        Some(AuthorizerStatus::Authorized)
    );
    // A failed registration carries no code and exchanges nothing.
    let xml = format!(
        "<xml><AppId>{CID}</AppId><CreateTime>{}</CreateTime><InfoType>notify_third_fasteregister</InfoType>\
         <status>89251</status><msg>waiting</msg></xml>",
        w.now / 1000
    );
    let (q, body) = push(&xml, w.now);
    w.run(d.handle(q, body)).unwrap();
    assert_eq!(w.sent_to(QUERY_AUTH_PATH).len(), 1);
}

#[test]
fn page_urls_carry_the_platform_appid_and_refuse_another() {
    let base = wxopen::ApiBase::with_pages(
        "http://127.0.0.1:9",
        "http://127.0.0.1:9/mp",
        "http://127.0.0.1:9/open",
    )
    .unwrap();
    let d = wxopen::driver::Driver::new(config().with_api_base(base), 7).unwrap();
    let url = d
        .page_url_json(
            "page.component_login",
            &serde_json::json!({"pre_auth_code": "preauthcode@@@x", "redirect_uri": "https://platform.example.com/cb"}),
        )
        .unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:9/mp/cgi-bin/componentloginpage?"),
        "{url}"
    );
    assert!(url.contains(&format!("component_appid={CID}")), "{url}");
    let rebind = d
        .page_url_json(
            "page.rebind_admin",
            &serde_json::json!({"appid": AUTHORIZER, "component_appid": CID, "redirect_uri": "https://platform.example.com/cb"}),
        )
        .unwrap();
    assert!(
        rebind.contains(&format!("component_appid={CID}")),
        "{rebind}"
    );
    let other = d
        .page_url_json(
            "page.bind_component",
            &serde_json::json!({"component_appid": "wxsomeoneelse00001", "pre_auth_code": "p", "redirect_uri": "https://platform.example.com/cb"}),
        )
        .unwrap_err();
    assert_eq!(other.to_json()["field"], "component_appid");
    let call = d
        .page_url_json("open.get", &serde_json::json!({}))
        .unwrap_err();
    assert_eq!(call.to_json()["field"], "operation");
    assert!(call.to_string().contains("not a page URL"), "{call}");
    let missing = d
        .page_url_json(
            "page.component_login",
            &serde_json::json!({"pre_auth_code": "p"}),
        )
        .unwrap_err();
    assert_eq!(missing.to_json()["field"], "redirect_uri");
}
