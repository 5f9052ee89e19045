//! Issue 7 (hardening), Rust side: one test per numbered item that applies to the core. The
//! Python and JavaScript suites (`tests/python/test_hardening.py`, `tests/js/hardening.test.mjs`)
//! carry the same items through the bindings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};
use wxopen::api::{ApiBase, registry};
use wxopen::error::error_codes;
use wxopen::event::{Event, XmlValue};
use wxopen::status::{EnterpriseStatus, LinkStatus, TaskStatus};
use wxopen::webhook::{Query, Webhook, WebhookRouter};
use wxopen::{AnyToken, AuthorizerAccessToken, ComponentAccessToken, Error, Request, Response};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const A: &str = "wx00000000000000aa";
const B: &str = "wx00000000000000bb";

/// An encrypted, signed push of `plaintext` for `hook`'s platform: (query, body).
fn push_for(hook: &Webhook, envelope_appid: &str, plaintext: &str) -> (Query, String) {
    let encrypt = hook
        .crypt()
        .encrypt(plaintext.as_bytes(), &[7; 16])
        .unwrap();
    let signature = hook.crypt().msg_signature("1700000000", "n1", &encrypt);
    let body = format!("<xml><AppId>{envelope_appid}</AppId><Encrypt>{encrypt}</Encrypt></xml>");
    let query = Query::from_pairs([
        ("timestamp", "1700000000"),
        ("nonce", "n1"),
        ("msg_signature", signature.as_str()),
    ]);
    (query, body)
}

fn ticket_xml(inner_appid: Option<&str>) -> String {
    let app = inner_appid.map_or(String::new(), |a| format!("<AppId>{a}</AppId>"));
    format!(
        "<xml>{app}<CreateTime>1700000000</CreateTime><InfoType>component_verify_ticket</InfoType>\
         <ComponentVerifyTicket>ticket@@@S3CR3T</ComponentVerifyTicket></xml>"
    )
}

fn parse_op(op: &str, body: &str) -> wxopen::Result<Value> {
    registry::find(op)
        .unwrap()
        .parse(&Value::Null, &Response::new(200, body))
}

#[test]
fn item01_event_reports_the_verified_platform_and_refuses_a_conflicting_appid() {
    let a = Webhook::new("token-a", KEY, A).unwrap();
    let b = Webhook::new("token-b", KEY, B).unwrap();
    // Valid for A in every check, but the decrypted XML names B.
    let (q, body) = push_for(&a, A, &ticket_xml(Some(B)));
    let err = a.parse(&q, body.as_bytes(), 1_700_000_000).unwrap_err();
    assert_eq!(err.code(), "appid_conflict");
    assert!(matches!(err, Error::Webhook { .. }));
    // The router routes by the envelope (A) and refuses the same push: B's ticket is safe.
    let router = WebhookRouter::new().with(a.clone()).with(b);
    let err = router
        .parse(&q, body.as_bytes(), 1_700_000_000)
        .unwrap_err();
    assert_eq!(err.code(), "appid_conflict");
    // No inner AppId: the event is for the verified platform.
    let (q, body) = push_for(&a, A, &ticket_xml(None));
    let event = router.parse(&q, body.as_bytes(), 1_700_000_000).unwrap();
    assert_eq!(event.header().component_appid, A);
    // A matching inner AppId (with padding) is fine.
    let (q, body) = push_for(&a, A, &ticket_xml(Some(&format!(" {A} "))));
    assert_eq!(
        a.parse(&q, body.as_bytes(), 1_700_000_000)
            .unwrap()
            .header()
            .component_appid,
        A
    );
}

#[test]
fn item03_debug_masks_event_credentials_and_secret_looking_unknown_fields() {
    let event = Event::from_xml(ticket_xml(Some(A)).as_bytes()).unwrap();
    let shown = format!("{event:?}");
    assert!(!shown.contains("S3CR3T"), "{shown}");
    // The serialized form (what the bindings read) keeps the value.
    assert_eq!(
        serde_json::to_value(&event).unwrap()["ticket"],
        "ticket@@@S3CR3T"
    );
    // An InfoType this version does not know: fields named like credentials are masked.
    let other = Event::from_xml(
        format!(
            "<xml><AppId>{A}</AppId><InfoType>Authorized</InfoType>\
             <AuthorizationCode>queryauthcode@@@S3CR3T</AuthorizationCode>\
             <AuthorizationCodeExpiredTime>1700003600</AuthorizationCodeExpiredTime>\
             <info><PreAuthCode>preauthcode@@@S3CR3T</PreAuthCode></info></xml>"
        )
        .as_bytes(),
    )
    .unwrap();
    let shown = format!("{other:?}");
    assert!(!shown.contains("S3CR3T"), "{shown}");
    assert!(shown.contains("1700003600"), "{shown}");
    // Unmodelled response fields named like credentials are masked too.
    let grant = registry::find("component.api_component_token").unwrap();
    let input = json!({"component_appid": "wx", "component_appsecret": "s", "component_verify_ticket": "t"});
    let parsed = grant
        .parse(
            &input,
            &Response::new(
                200,
                r#"{"component_access_token":"CAT_S3CR3T","expires_in":7200,"new_refresh_token":"RT_S3CR3T"}"#,
            ),
        )
        .unwrap();
    assert_eq!(parsed["new_refresh_token"], "RT_S3CR3T");
    let typed: wxopen::api::component::ComponentTokenGrant =
        serde_json::from_value(parsed).unwrap();
    let shown = format!("{typed:?}");
    assert!(!shown.contains("S3CR3T"), "{shown}");
}

#[test]
fn item04_api_base_is_validated_and_transport_text_is_redacted() {
    for bad in [
        "http://127.0.0.1:9/\n",
        "https://api.example.com\t",
        "http://user:pw@h",
        "http://h/p?x=1",
        "http://h/#f",
        "file:///etc/passwd",
        "http://",
    ] {
        let err = ApiBase::new(bad).expect_err(bad);
        assert_eq!(err.code(), "invalid_argument");
        assert_eq!(err.to_json()["field"], "api_base", "{bad:?}");
    }
    // Through the registry too: nothing is built on a bad base.
    let op = registry::find("open.get").unwrap();
    let token = AnyToken::Authorizer(AuthorizerAccessToken::new("wxa", "AAT_S3CR3T").unwrap());
    assert!(ApiBase::with_pages("http://127.0.0.1:9\n", "http://a", "http://b").is_err());
    let request = op
        .build(
            &Value::Null,
            &token,
            &ApiBase::new("http://127.0.0.1:9").unwrap(),
        )
        .unwrap();
    // What urllib/httpx put in their exceptions, redacted with the request's own credentials.
    let message = format!(
        "URL can't contain control characters. '{}' (found at least '\\n'); token AAT_S3CR3T",
        request.url.trim_start_matches("http://127.0.0.1:9")
    );
    let redacted = request.redact(&message);
    assert!(!redacted.contains("S3CR3T"), "{redacted}");
    assert!(redacted.contains("access_token=***"), "{redacted}");
    // Body secrets (the appsecret of api_component_token) are known to the request as well.
    let body_op = registry::find("component.api_component_token").unwrap();
    let request: Request = body_op
        .build(
            &json!({"component_appid": "wx1", "component_appsecret": "APPSECRET_S3CR3T", "component_verify_ticket": "ticket@@@T1CK3T"}),
            &AnyToken::None,
            &ApiBase::default(),
        )
        .unwrap();
    let text = request.redact(&String::from_utf8(request.body.clone()).unwrap());
    assert!(
        !text.contains("S3CR3T") && !text.contains("T1CK3T"),
        "{text}"
    );
}

#[test]
fn item05_errors_name_the_field_never_the_value() {
    let op = registry::find("component.api_component_token").unwrap();
    let err = op
        .build(
            &json!({"component_appid": "wx1", "component_appsecret": 98_765_432_123_i64, "component_verify_ticket": "t"}),
            &AnyToken::None,
            &ApiBase::default(),
        )
        .unwrap_err();
    let shown = format!("{err} {err:?} {}", err.to_json());
    assert_eq!(err.to_json()["field"], "component_appsecret");
    assert!(!shown.contains("98765432123"), "{shown}");
    // A response value of the wrong type is not quoted either; the field is named.
    let err = parse_op(
        "component.api_component_token",
        r#"{"component_access_token":"CAT_S3CR3T","expires_in":"SEVEN_S3CR3T"}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert_eq!(err.to_json()["field"], "expires_in");
    let shown = format!("{err} {err:?} {}", err.to_json());
    assert!(!shown.contains("S3CR3T"), "{shown}");
    let err = parse_op(
        "component.api_component_token",
        r#"{"component_access_token":12345678901234,"expires_in":7200}"#,
    )
    .unwrap_err();
    assert!(!err.to_string().contains("12345678901234"), "{err}");
}

#[test]
fn item08_absent_fields_are_none_and_mandatory_ones_are_named() {
    let linked = parse_op(
        "link.get",
        r#"{"errcode":0,"wxopens":{"items":[{"status":3,"username":"gh_x"}]}}"#,
    )
    .unwrap();
    let item = &linked["wxopens"]["items"][0];
    for field in [
        "appid",
        "selected",
        "released",
        "nearby_display_status",
        "func_infos",
    ] {
        assert_eq!(item[field], Value::Null, "{field}: {item}");
    }
    assert_eq!(item["status"], 3);
    let info = parse_op(
        "component.authorizer_info",
        r#"{"authorizer_info":{"nick_name":"n"},"authorization_info":{"appid":"wxold","func_info":[]}}"#,
    )
    .unwrap();
    assert_eq!(info["authorization_info"]["authorizer_appid"], Value::Null);
    assert_eq!(info["authorization_info"]["appid"], "wxold");
    assert_eq!(info["authorizer_info"]["user_name"], Value::Null);
    let err = parse_op(
        "component.query_auth",
        r#"{"authorization_info":{"authorizer_access_token":"a","expires_in":7200,"authorizer_refresh_token":"r"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert_eq!(
        err.to_json()["field"],
        "authorization_info.authorizer_appid"
    );
    assert!(
        err.to_string()
            .contains("`authorization_info.authorizer_appid` is missing"),
        "{err}"
    );
    // Envelope fields are not part of a result.
    let have = parse_op(
        "open.have",
        r#"{"errcode":0,"errmsg":"ok","have_open":true}"#,
    )
    .unwrap();
    assert_eq!(have, json!({"have_open": true}));
}

#[test]
fn item09_ticket_without_create_time_and_json_with_a_bom_are_read() {
    let xml = format!(
        "<xml><AppId>{A}</AppId><InfoType>component_verify_ticket</InfoType>\
         <ComponentVerifyTicket>mock-verify-ticket</ComponentVerifyTicket></xml>"
    );
    let event = Event::from_xml(xml.as_bytes()).unwrap();
    let Event::ComponentVerifyTicket(ticket) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(ticket.ticket.expose(), "mock-verify-ticket");
    assert_eq!(ticket.header.create_time, None);
    let hook = Webhook::new("t", KEY, A).unwrap();
    let (q, body) = push_for(&hook, A, &xml);
    assert_eq!(
        hook.parse(&q, body.as_bytes(), 1_700_000_000).unwrap(),
        event
    );
    // A CreateTime that is there but not a number is still refused.
    let bad = xml.replace("<InfoType>", "<CreateTime>soon</CreateTime><InfoType>");
    assert_eq!(
        Event::from_xml(bad.as_bytes()).unwrap_err().code(),
        "malformed_event"
    );
    let grant = parse_op(
        "component.api_component_token",
        "\u{feff}{\"component_access_token\":\"c\",\"expires_in\":7200}",
    )
    .unwrap();
    assert_eq!(grant["expires_in"], 7200);
}

#[test]
fn item10_unmodelled_fields_are_kept_on_the_result() {
    let info = parse_op(
        "component.authorizer_info",
        r#"{"authorizer_info":{"idc":1,"MiniProgramInfo":{"network":{"RequestDomain":["https://a"],"TCPDomain":["tcp.a"],"NewRequestDomain":[]},"categories":[]}},
            "authorization_info":{"authorizer_appid":"wx1","func_info":[{"funcscope_category":{"id":17},"confirm_info":{"need_confirm":0,"already_confirm":0,"can_confirm":0}}]}}"#,
    )
    .unwrap();
    assert_eq!(info["authorizer_info"]["idc"], 1);
    let network = &info["authorizer_info"]["MiniProgramInfo"]["network"];
    assert_eq!(network["TCPDomain"], json!(["tcp.a"]));
    assert_eq!(network["NewRequestDomain"], json!([]));
    assert_eq!(network["RequestDomain"], json!(["https://a"]));
    assert_eq!(
        info["authorization_info"]["func_info"][0]["confirm_info"]["can_confirm"],
        0
    );
    let typed: wxopen::api::component::AuthorizerInfoResult = serde_json::from_value(info).unwrap();
    assert_eq!(typed.authorizer_info.extra.get("idc"), Some(&json!(1)));
}

#[test]
fn item11_statuses_equal_their_wire_integer_in_results_and_events() {
    let task = parse_op(
        "register.personal_query",
        r#"{"errcode":0,"taskid":"t1","authorize_url":"https://x","status":12}"#,
    )
    .unwrap();
    assert_eq!(task["status"], 12);
    let typed: wxopen::api::register::RegistrationTask = serde_json::from_value(task).unwrap();
    assert!(typed.status.unwrap() == 12);
    assert_eq!(typed.status, Some(TaskStatus::CreationSucceeded));
    assert_eq!(LinkStatus::from_code(1), 1);
    assert_eq!(LinkStatus::from_code(99), 99);
    let push = format!(
        "<xml><AppId>{A}</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType>\
         <status>100001</status></xml>"
    );
    let Event::FastRegister(result) = Event::from_xml(push.as_bytes()).unwrap() else {
        panic!()
    };
    assert!(result.status == 100_001);
    assert_eq!(result.status, EnterpriseStatus::IdcardCheckTimeout);
    let json = serde_json::to_value(Event::FastRegister(result)).unwrap();
    assert_eq!(json["status"], 100_001);
}

#[test]
fn item12_unknown_events_keep_nesting_and_text() {
    // (notify_3rd_wxa_auth, this test's first subject, is typed since issue 11: an InfoType no
    // version knows stands in for it.)
    let xml = format!(
        "<xml><AppId>{A}</AppId><CreateTime>1767225611</CreateTime><InfoType>notify_3rd_wxa_future</InfoType>\
         <taskid>t-1</taskid><task_status>12</task_status>\
         <dispatch_info><provider>P</provider><contact>400</contact></dispatch_info>\
         <list><appid>a1</appid></list><list><appid>a2</appid></list></xml>"
    );
    let Event::Other(event) = Event::from_xml(xml.as_bytes()).unwrap() else {
        panic!()
    };
    let fields = &event.fields;
    assert_eq!(fields.text("task_status"), Some("12"));
    assert_eq!(fields.text("CreateTime"), Some("1767225611"));
    assert_eq!(
        fields
            .get("dispatch_info")
            .and_then(|d| d.get("provider"))
            .and_then(XmlValue::as_text),
        Some("P")
    );
    assert_eq!(
        serde_json::to_value(fields).unwrap()["list"],
        json!([{"appid": "a1"}, {"appid": "a2"}])
    );
}

#[test]
fn item13_never_stricter_than_wechat() {
    let cat = AnyToken::Component(ComponentAccessToken::new("CAT").unwrap());
    let register = registry::find("register.enterprise").unwrap();
    for code in ["12345678-9", "123456789"] {
        let request = register
            .build(
                &json!({"name": "n", "code": code, "code_type": 2, "legal_persona_openid": "o", "legal_persona_name": "l"}),
                &cat,
                &ApiBase::default(),
            )
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert!(String::from_utf8_lossy(&request.body).contains(code));
    }
    let page = registry::find("page.component_login").unwrap();
    let base = json!({"component_appid": "wxc", "pre_auth_code": "p", "redirect_uri": "https://x.example.com/cb"});
    let mut input = base.clone();
    input["auth_type"] = json!(6);
    let url = page
        .build(&input, &AnyToken::None, &ApiBase::default())
        .unwrap()
        .url;
    assert!(url.contains("&auth_type=6"), "{url}");
    // biz_appid wins over a conflicting auth_type at WeChat (spec §1.5): not refused.
    let mut input = base;
    input["auth_type"] = json!(1);
    input["biz_appid"] = json!("wxbiz");
    assert!(
        page.build(&input, &AnyToken::None, &ApiBase::default())
            .is_ok()
    );
}

#[test]
fn item14_oversized_input_is_not_echoed_and_statuses_are_http_statuses() {
    let op = registry::find("register.beta_verify").unwrap();
    let token = AnyToken::Authorizer(AuthorizerAccessToken::new("wxb", "AAT").unwrap());
    let huge = "k".repeat(100_000);
    let err = op
        .build(
            &json!({"verify_info": {huge.clone(): "v"}}),
            &token,
            &ApiBase::default(),
        )
        .unwrap_err();
    let shown = format!("{err} {}", err.to_json());
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
    let err = registry::find("nope.".repeat(10_000).as_str()).unwrap_err();
    assert!(err.to_string().len() < 500);
    for bad in [-1, 0, 99, 600, 1000, 70_000, i64::MAX] {
        let err = Response::from_status(bad, "x").unwrap_err();
        assert_eq!(err.to_json()["field"], "status");
    }
    assert_eq!(Response::from_status(302, "").unwrap().status, 302);
}

#[test]
fn one_rule_one_place_every_error_code_is_listed_once() {
    let codes = error_codes();
    let mut names: Vec<_> = codes.iter().map(|c| c.code).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate code");
    // Every error the core produces has its code in the list.
    let samples = [
        Error::invalid("f", "r"),
        Error::decode("d"),
        Error::HttpStatus { status: 500 },
        parse_op("open.get", r#"{"errcode":1}"#).unwrap_err(),
        registry::find("open.get")
            .unwrap()
            .build(
                &Value::Null,
                &AnyToken::Component(ComponentAccessToken::new("c").unwrap()),
                &ApiBase::default(),
            )
            .unwrap_err(),
    ];
    for e in samples {
        assert!(names.contains(&e.code()), "{}", e.code());
    }
    for kind in wxopen::CryptoErrorKind::ALL {
        assert!(names.contains(&kind.code()));
    }
    for kind in wxopen::WebhookErrorKind::ALL {
        assert!(names.contains(&kind.code()));
    }
    assert!(names.contains(&"transport_error"));
    assert!(names.contains(&"appid_conflict"));
    let raw: Vec<_> = codes
        .iter()
        .filter(|c| c.carries_raw)
        .map(|c| c.code)
        .collect();
    assert_eq!(raw, ["api_error", "http_status", "decode_error"]);
}
