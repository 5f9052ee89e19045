//! The bodies of the typed message-URL pushes: user messages and events (spec §13.4) and the
//! mini-program management events (§13.3). Every field is optional (absent is `None`, never an
//! invented value); numbers are read leniently (see [`XmlDoc::lenient_int`]) and a push whose
//! numbers are not numbers is kept as [`MessageKind::Other`] by the caller.

use serde::Serialize;

use super::MessageKind;
use crate::event::XmlValue;
use crate::event::xml::{Untyped, XmlDoc};
use crate::secret::Secret;
use crate::status::{AppealStatus, ReviewStatus};

/// `text`: a text message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextMessage {
    /// `Content`, verbatim.
    pub content: Option<String>,
}

/// `image`: a picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageMessage {
    /// `PicUrl`: where to download it.
    pub pic_url: Option<String>,
    /// `MediaId`: fetch it with the temporary-material API.
    pub media_id: Option<String>,
}

/// `voice`: a voice message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceMessage {
    /// `MediaId`.
    pub media_id: Option<String>,
    /// `Format`: `amr`, `speex`, …
    pub format: Option<String>,
    /// `Recognition`: speech-to-text, when enabled.
    pub recognition: Option<String>,
}

/// `video` and `shortvideo`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoMessage {
    /// `MediaId`.
    pub media_id: Option<String>,
    /// `ThumbMediaId`: the thumbnail.
    pub thumb_media_id: Option<String>,
}

/// `location`: a location the user sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationMessage {
    /// `Location_X`: latitude.
    pub location_x: Option<f64>,
    /// `Location_Y`: longitude.
    pub location_y: Option<f64>,
    /// `Scale`: map zoom.
    pub scale: Option<i64>,
    /// `Label`: the place's description.
    pub label: Option<String>,
}

/// `link`: a link the user shared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkMessage {
    /// `Title`.
    pub title: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Url`.
    pub url: Option<String>,
}

/// `miniprogrampage`: a mini-program card sent to customer service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MiniProgramPageMessage {
    /// `Title`.
    pub title: Option<String>,
    /// `AppId`: the mini program of the card.
    pub app_id: Option<String>,
    /// `PagePath`.
    pub page_path: Option<String>,
    /// `ThumbUrl`.
    pub thumb_url: Option<String>,
    /// `ThumbMediaId`.
    pub thumb_media_id: Option<String>,
}

/// Event `subscribe` (with `EventKey` `qrscene_<scene>` and `Ticket` when through a
/// parametric QR code) and event `SCAN` (an already-subscribed user scanned one: `EventKey`
/// is the scene, no prefix).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanEvent {
    /// `EventKey`.
    pub event_key: Option<String>,
    /// `Ticket`: the QR code's ticket (masked in display forms, like every ticket).
    pub ticket: Option<Secret>,
}

/// Event `unsubscribe`: no fields beyond the header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnsubscribeEvent {}

/// Event `LOCATION`: the user's location, reported when they enter the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationEvent {
    /// `Latitude`.
    pub latitude: Option<f64>,
    /// `Longitude`.
    pub longitude: Option<f64>,
    /// `Precision`.
    pub precision: Option<f64>,
}

/// Events `CLICK` (a menu key) and `VIEW` (a menu link: `EventKey` is the URL, `MenuId` the
/// menu).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuEvent {
    /// `EventKey`.
    pub event_key: Option<String>,
    /// `MenuId` (`VIEW` only, when present).
    pub menu_id: Option<String>,
}

/// Event `user_enter_tempsession`: a user opened a mini program's customer-service chat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserEnterTempsessionEvent {
    /// `SessionFrom`: what the button passed.
    pub session_from: Option<String>,
}

/// Event `weapp_audit_success`: a code submission passed review (poll
/// `/wxa/get_latest_auditstatus`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeappAuditSuccess {
    /// `SuccTime`, unix seconds.
    pub succ_time: Option<i64>,
}

/// Event `weapp_audit_fail`: a code submission was rejected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeappAuditFail {
    /// `FailTime`, unix seconds.
    pub fail_time: Option<i64>,
    /// `Reason`, verbatim (may contain `<br>`).
    pub reason: Option<String>,
    /// `ScreenShot`: media ids joined by `|` (see [`WeappAuditFail::screenshot_media_ids`]).
    pub screen_shot: Option<String>,
}

impl WeappAuditFail {
    /// The media ids of `ScreenShot`, split at `|` (empty pieces left out).
    pub fn screenshot_media_ids(&self) -> Vec<&str> {
        self.screen_shot
            .as_deref()
            .map(|s| s.split('|').filter(|p| !p.trim().is_empty()).collect())
            .unwrap_or_default()
    }
}

/// Event `weapp_audit_delay`: a review takes longer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeappAuditDelay {
    /// `DelayTime`, unix seconds.
    pub delay_time: Option<i64>,
    /// `Reason`.
    pub reason: Option<String>,
}

/// Event `wxa_nickname_audit`: the result of a name audit (poll `/wxa/api_wxa_querynickname`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WxaNicknameAudit {
    /// `ret`: 2 failed, 3 succeeded.
    pub ret: Option<ReviewStatus>,
    /// `nickname`.
    pub nickname: Option<String>,
    /// `reason`.
    pub reason: Option<String>,
}

/// Event `wxa_category_audit`: the result of a category audit (poll
/// `/cgi-bin/wxopen/getcategory`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WxaCategoryAudit {
    /// `ret`: the values are not tabulated by WeChat; read on the review scale (1 reviewing,
    /// 2 rejected, 3 approved — not verified).
    pub ret: Option<ReviewStatus>,
    /// `first`: the first-level category id.
    pub first: Option<i64>,
    /// `second`: the second-level category id.
    pub second: Option<i64>,
    /// `reason`.
    pub reason: Option<String>,
}

/// Event `wxa_privacy_apply`: the result of a privacy-interface application (poll
/// `/wxa/security/get_privacy_interface`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WxaPrivacyApply {
    /// `result_info`; `None` if absent.
    pub result_info: Option<PrivacyApplyResult>,
}

/// `result_info` of a `wxa_privacy_apply` push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacyApplyResult {
    /// `api_name`, e.g. `wx.chooseAddress`.
    pub api_name: Option<String>,
    /// `audit_id`.
    pub audit_id: Option<i64>,
    /// `status`: not tabulated by WeChat (it disagrees with `get_privacy_interface`'s); the
    /// integer as sent (the doc quotes it, `"2"`: read either way).
    pub status: Option<i64>,
    /// `apply_time`, unix seconds.
    pub apply_time: Option<i64>,
    /// `audit_time`, unix seconds.
    pub audit_time: Option<i64>,
    /// `reason`.
    pub reason: Option<String>,
}

/// Event `wxa_appeal_record`: an appeal against a violation record changed state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WxaAppealRecord {
    /// `appeal_record_id`.
    pub appeal_record_id: Option<i64>,
    /// `appid`: the mini program.
    pub appid: Option<String>,
    /// `appeal_time`, unix seconds.
    pub appeal_time: Option<i64>,
    /// `appeal_count`.
    pub appeal_count: Option<i64>,
    /// `appeal_from`: 0 the user, 1 the service provider.
    pub appeal_from: Option<i64>,
    /// `appeal_status`: 1 processing, 2 passed, 3 rejected, 4 withdrawn.
    pub appeal_status: Option<AppealStatus>,
    /// `audit_time`, unix seconds.
    pub audit_time: Option<i64>,
    /// `audit_reason`.
    pub audit_reason: Option<String>,
    /// `punish_description`.
    pub punish_description: Option<String>,
    /// `materials` (or `material`), kept as sent with its nesting: its layout is not
    /// documented.
    pub materials: Option<XmlValue>,
}

/// The typed body for a message of `msg_type` (and, for `event`, `event`); `None` for a kind
/// this version does not type. `Err` when a number is not a number.
pub(super) fn parse(
    msg_type: &str,
    event: &str,
    doc: &XmlDoc<'_>,
) -> Option<Result<MessageKind, Untyped>> {
    let text = |name| doc.text_in(None, name);
    let int = |name| doc.lenient_int(None, name);
    let float = |name| doc.lenient_float(None, name);
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let video = || VideoMessage {
        media_id: text("MediaId"),
        thumb_media_id: text("ThumbMediaId"),
    };
    let scan = || ScanEvent {
        event_key: text("EventKey"),
        ticket: text("Ticket").map(Secret::new),
    };
    let menu = || MenuEvent {
        event_key: text("EventKey"),
        menu_id: text("MenuId"),
    };
    let kind = if !is(msg_type, "event") {
        match msg_type.to_ascii_lowercase().as_str() {
            "text" => MessageKind::Text(TextMessage {
                content: text("Content"),
            }),
            "image" => MessageKind::Image(ImageMessage {
                pic_url: text("PicUrl"),
                media_id: text("MediaId"),
            }),
            "voice" => MessageKind::Voice(VoiceMessage {
                media_id: text("MediaId"),
                format: text("Format"),
                recognition: text("Recognition"),
            }),
            "video" => MessageKind::Video(video()),
            "shortvideo" => MessageKind::ShortVideo(video()),
            "location" => {
                return Some(location(doc).map(MessageKind::Location));
            }
            "link" => MessageKind::Link(LinkMessage {
                title: text("Title"),
                description: text("Description"),
                url: text("Url"),
            }),
            "miniprogrampage" => MessageKind::MiniProgramPage(MiniProgramPageMessage {
                title: text("Title"),
                app_id: text("AppId"),
                page_path: text("PagePath"),
                thumb_url: text("ThumbUrl"),
                thumb_media_id: text("ThumbMediaId"),
            }),
            _ => return None,
        }
    } else {
        let typed = (|| -> Result<Option<MessageKind>, Untyped> {
            Ok(Some(match event.to_ascii_lowercase().as_str() {
                "subscribe" => MessageKind::Subscribe(scan()),
                "unsubscribe" => MessageKind::Unsubscribe(UnsubscribeEvent {}),
                "scan" => MessageKind::Scan(scan()),
                "location" => MessageKind::LocationEvent(LocationEvent {
                    latitude: float("Latitude")?,
                    longitude: float("Longitude")?,
                    precision: float("Precision")?,
                }),
                "click" => MessageKind::Click(menu()),
                "view" => MessageKind::View(menu()),
                "user_enter_tempsession" => {
                    MessageKind::UserEnterTempsession(UserEnterTempsessionEvent {
                        session_from: text("SessionFrom"),
                    })
                }
                "weapp_audit_success" => MessageKind::WeappAuditSuccess(WeappAuditSuccess {
                    succ_time: int("SuccTime")?,
                }),
                "weapp_audit_fail" => MessageKind::WeappAuditFail(WeappAuditFail {
                    fail_time: int("FailTime")?,
                    reason: text("Reason"),
                    screen_shot: text("ScreenShot"),
                }),
                "weapp_audit_delay" => MessageKind::WeappAuditDelay(WeappAuditDelay {
                    delay_time: int("DelayTime")?,
                    reason: text("Reason"),
                }),
                "wxa_nickname_audit" => MessageKind::WxaNicknameAudit(WxaNicknameAudit {
                    ret: int("ret")?.map(ReviewStatus::from_code),
                    nickname: text("nickname"),
                    reason: text("reason"),
                }),
                "wxa_category_audit" => MessageKind::WxaCategoryAudit(WxaCategoryAudit {
                    ret: int("ret")?.map(ReviewStatus::from_code),
                    first: int("first")?,
                    second: int("second")?,
                    reason: text("reason"),
                }),
                "wxa_privacy_apply" => MessageKind::WxaPrivacyApply(privacy(doc)?),
                "wxa_appeal_record" => MessageKind::WxaAppealRecord(appeal(doc)?),
                _ => return Ok(None),
            }))
        })();
        return typed.transpose();
    };
    Some(Ok(kind))
}

fn location(doc: &XmlDoc<'_>) -> Result<LocationMessage, Untyped> {
    Ok(LocationMessage {
        location_x: doc.lenient_float(None, "Location_X")?,
        location_y: doc.lenient_float(None, "Location_Y")?,
        scale: doc.lenient_int(None, "Scale")?,
        label: doc.text_in(None, "Label"),
    })
}

fn privacy(doc: &XmlDoc<'_>) -> Result<WxaPrivacyApply, Untyped> {
    let Some(at) = doc.find(None, "result_info") else {
        return Ok(WxaPrivacyApply { result_info: None });
    };
    let info = Some(at);
    Ok(WxaPrivacyApply {
        result_info: Some(PrivacyApplyResult {
            api_name: doc.text_in(info, "api_name"),
            audit_id: doc.lenient_int(info, "audit_id")?,
            status: doc.lenient_int(info, "status")?,
            apply_time: doc.lenient_int(info, "apply_time")?,
            audit_time: doc.lenient_int(info, "audit_time")?,
            reason: doc.text_in(info, "reason"),
        }),
    })
}

fn appeal(doc: &XmlDoc<'_>) -> Result<WxaAppealRecord, Untyped> {
    let int = |name| doc.lenient_int(None, name);
    let tree = doc.tree(None);
    let materials = tree
        .get("materials")
        .or_else(|| tree.get("material"))
        .cloned();
    Ok(WxaAppealRecord {
        appeal_record_id: int("appeal_record_id")?,
        appid: doc.text_in(None, "appid"),
        appeal_time: int("appeal_time")?,
        appeal_count: int("appeal_count")?,
        appeal_from: int("appeal_from")?,
        appeal_status: int("appeal_status")?.map(AppealStatus::from_code),
        audit_time: int("audit_time")?,
        audit_reason: doc.text_in(None, "audit_reason"),
        punish_description: doc.text_in(None, "punish_description"),
        materials,
    })
}
