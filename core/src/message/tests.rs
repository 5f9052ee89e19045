use serde_json::json;

use super::release::{ReleaseAction, ReleaseInput, release_action, release_action_for};
use super::*;

const PLATFORM: &str = "wxcomponent0001";
const MINI: &str = "wxmini0001";

fn parse(xml: &str) -> Message {
    Message::from_verified_xml(xml.as_bytes(), PLATFORM, MINI).unwrap()
}

fn head(from: &str, time: i64, msg_type: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName>\
         <CreateTime>{time}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
    )
}

#[test]
fn spec_sample_weapp_audit_fail() {
    let m = parse(
        "<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oSys0000]]></FromUserName>\
         <CreateTime>1710000300</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_fail]]></Event>\
         <Reason><![CDATA[1:页面内容与类目不符<br>]]></Reason><FailTime>1710000300</FailTime><ScreenShot><![CDATA[mediaA|mediaB]]></ScreenShot></xml>",
    );
    let MessageKind::WeappAuditFail(fail) = &m.kind else {
        panic!("{m:?}")
    };
    assert_eq!(fail.screenshot_media_ids(), ["mediaA", "mediaB"]);
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        json!({
            "type": "weapp_audit_fail", "authorizer_appid": MINI, "component_appid": PLATFORM,
            "to_user_name": "gh_0a1b2c3d4e5f", "from_user_name": "oSys0000", "create_time": 1710000300,
            "msg_type": "event", "event": "weapp_audit_fail", "msg_id": null, "msg_data_id": null, "idx": null,
            "dedup_key": "wxmini0001:event:oSys0000:1710000300:weapp_audit_fail",
            "fail_time": 1710000300, "reason": "1:页面内容与类目不符<br>", "screen_shot": "mediaA|mediaB",
        })
    );
}

#[test]
fn quoted_and_padded_numbers_are_read_others_keep_the_push() {
    let privacy = parse(&format!(
        "{}<Event>wxa_privacy_apply</Event><result_info><api_name>wx.chooseAddress</api_name>\
         <status>\"2\"</status><audit_id> 555001 </audit_id></result_info></xml>",
        head("oSys0000", 1, "event")
    ));
    let MessageKind::WxaPrivacyApply(p) = &privacy.kind else {
        panic!("{privacy:?}")
    };
    let info = p.result_info.as_ref().unwrap();
    assert_eq!(
        (info.status, info.audit_id, info.apply_time),
        (Some(2), Some(555001), None)
    );

    let odd = parse(&format!(
        "{}<Event>wxa_category_audit</Event><ret>two</ret><first>304</first></xml>",
        head("oSys0000", 1, "event")
    ));
    let MessageKind::Other(o) = &odd.kind else {
        panic!("{odd:?}")
    };
    assert_eq!(o.fields.text("ret"), Some("two"));
    assert_eq!(odd.header.event.as_deref(), Some("wxa_category_audit"));
}

#[test]
fn msg_id_is_exact_and_a_bad_one_keeps_the_push() {
    let m = parse(&format!(
        "{}<Content>x</Content><MsgId>18446744073709551615</MsgId></xml>",
        head("oUser", 5, "text")
    ));
    assert_eq!(m.header.msg_id, Some(u64::MAX));
    assert_eq!(
        serde_json::to_value(&m).unwrap()["msg_id"],
        "18446744073709551615"
    );
    assert_eq!(m.dedup_key(), "wxmini0001:msg:18446744073709551615");
    let bad = parse(&format!(
        "{}<Content>x</Content><MsgId>-1</MsgId></xml>",
        head("oUser", 5, "text")
    ));
    assert_eq!(bad.kind_name(), "other");
    assert_eq!(bad.header.msg_id, None);
    assert_eq!(bad.dedup_key(), "wxmini0001:msg:-1");
}

#[test]
fn event_names_ignore_case_and_unknown_kinds_are_kept() {
    let scan = parse(&format!(
        "{}<Event>scan</Event><EventKey>42</EventKey><Ticket>gQT</Ticket></xml>",
        head("oUser", 7, "EVENT")
    ));
    assert_eq!(scan.kind_name(), "scan");
    assert!(!format!("{scan:?}").contains("gQT"), "ticket masked");
    let gone = parse(&format!(
        "{}<Event>unsubscribe</Event></xml>",
        head("oUser", 7, "event")
    ));
    let json = serde_json::to_value(&gone).unwrap();
    assert_eq!(
        (json["type"].as_str(), json.as_object().unwrap().len()),
        (Some("unsubscribe"), 12)
    );
    let here = parse(&format!(
        "{}<Location_X>23.134521</Location_X><Location_Y><![CDATA[113.358803]]></Location_Y><Scale>20</Scale></xml>",
        head("oUser", 7, "location")
    ));
    let MessageKind::Location(l) = &here.kind else {
        panic!("{here:?}")
    };
    assert_eq!(
        (l.location_x, l.location_y, l.scale, &l.label),
        (Some(23.134521), Some(113.358803), Some(20), &None)
    );
    let debug_demo = parse(&format!(
        "{}<Event>debug_demo</Event><debug_str><a>1</a><a>2</a></debug_str></xml>",
        head("oUser", 8, "event")
    ));
    assert_eq!(debug_demo.kind_name(), "other");
    assert_eq!(
        serde_json::to_value(&debug_demo).unwrap()["fields"]["debug_str"],
        json!({"a": ["1", "2"]})
    );
    assert_eq!(
        debug_demo.dedup_key(),
        "wxmini0001:event:oUser:8:debug_demo"
    );
    let file = parse(&format!(
        "{}<Title>t</Title></xml>",
        head("o:u%", 9, "file")
    ));
    assert_eq!(file.dedup_key(), "wxmini0001:event:o%3Au%25:9:file");
}

#[test]
fn info_type_at_the_message_url_is_a_component_event() {
    let m = parse(
        "<xml><AppId><![CDATA[wxcomponent0001]]></AppId><CreateTime>1710005000</CreateTime>\
         <InfoType><![CDATA[notify_apply_icpfiling_result]]></InfoType>\
         <authorizer_appid><![CDATA[wxmini0001]]></authorizer_appid><beian_status>6</beian_status></xml>",
    );
    let MessageKind::ComponentEvent(c) = &m.kind else {
        panic!("{m:?}")
    };
    let Event::IcpFilingResult(r) = &c.component_event else {
        panic!("{c:?}")
    };
    assert_eq!(r.beian_status, Some(crate::status::IcpFilingStatus::Filed));
    assert_eq!(
        m.dedup_key(),
        "wxmini0001:event::1710005000:notify_apply_icpfiling_result"
    );
    let conflict = Message::from_verified_xml(
        b"<xml><AppId>wxother</AppId><InfoType>x</InfoType></xml>",
        PLATFORM,
        MINI,
    );
    assert_eq!(conflict.unwrap_err().code(), "appid_conflict");
}

#[test]
fn refusals() {
    for appid in ["", "wx/../x", "wx 1", &"w".repeat(65)] {
        let err = Message::from_verified_xml(b"<xml/>", PLATFORM, appid).unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "{appid}");
    }
    let err = Message::from_verified_xml(
        b"<xml><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>",
        PLATFORM,
        MINI,
    );
    assert_eq!(err.unwrap_err().code(), "malformed_event");
    let err = Message::from_verified_xml(b"<!DOCTYPE x><xml/>", PLATFORM, MINI);
    assert_eq!(err.unwrap_err().code(), "forbidden_xml");
}

#[test]
fn text_reply_swaps_and_escapes() {
    let m = parse(&format!(
        "{}<Content>hi</Content></xml>",
        head("oUser0001", 1, "text")
    ));
    assert_eq!(
        m.text_reply("a]]>b", 1710000000).unwrap(),
        "<xml><ToUserName><![CDATA[oUser0001]]></ToUserName><FromUserName><![CDATA[gh_0a1b2c3d4e5f]]></FromUserName>\
         <CreateTime>1710000000</CreateTime><MsgType><![CDATA[text]]></MsgType>\
         <Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>"
    );
    let reparsed = XmlDoc::parse(m.text_reply("a]]>b", 1).unwrap().as_bytes())
        .unwrap()
        .get("Content")
        .map(str::to_owned);
    assert_eq!(reparsed.as_deref(), Some("a]]>b"));
    for bad in ["", "a\u{0}b"] {
        assert_eq!(m.text_reply(bad, 1).unwrap_err().code(), "invalid_argument");
    }
    let anonymous = parse("<xml><MsgType>text</MsgType></xml>");
    assert_eq!(
        anonymous.text_reply("x", 1).unwrap_err().to_json()["field"],
        "message"
    );
}

#[test]
fn release_actions() {
    let text = |appid: &str, to: &str, content: &str| {
        Message::from_verified_xml(
            format!(
                "<xml><ToUserName>{to}</ToUserName><FromUserName>oTest</FromUserName><CreateTime>1</CreateTime>\
                 <MsgType>text</MsgType><Content><![CDATA[{content}]]></Content></xml>"
            )
            .as_bytes(),
            PLATFORM,
            appid,
        )
        .unwrap()
    };
    let reply = text(
        "wx570bc396a51b8ff8",
        "gh_3c884a361561",
        "TESTCOMPONENT_MSG_TYPE_TEXT",
    );
    assert_eq!(
        release_action(&reply, false),
        Some(ReleaseAction::ReplyText {
            content: "TESTCOMPONENT_MSG_TYPE_TEXT_callback".into()
        })
    );
    // By original id alone (the path could name the account differently).
    let by_username = text("wxanything", "gh_7818dcb60240", "QUERY_AUTH_CODE:qac@@@x");
    let Some(ReleaseAction::QueryAuthCode {
        authorization_code,
        touser,
        content,
    }) = release_action(&by_username, false)
    else {
        panic!()
    };
    assert_eq!(
        (
            authorization_code.expose(),
            touser.as_str(),
            content.as_str()
        ),
        ("qac@@@x", "oTest", "qac@@@x_from_api")
    );
    let real_user = text("wxreal", "gh_real", "QUERY_AUTH_CODE:qac@@@x");
    assert_eq!(release_action(&real_user, false), None);
    assert!(release_action(&real_user, true).is_some());
    assert_eq!(
        release_action(&text("wxreal", "gh_real", "hello"), true),
        None
    );
    assert_eq!(
        release_action(&text("wxreal", "gh_real", "QUERY_AUTH_CODE:"), true),
        None
    );
    let event = ReleaseInput {
        authorizer_appid: "wx570bc396a51b8ff8",
        msg_type: Some("event"),
        event: Some("LOCATION"),
        ..ReleaseInput::default()
    };
    assert_eq!(
        release_action_for(&event, false),
        Some(ReleaseAction::ReplyText {
            content: "LOCATIONfrom_callback".into()
        })
    );
}
