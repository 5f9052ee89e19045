//! Which task a registration call or a result push is about, and what it says about it. Pure:
//! the driver does the store work.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Accepted, Change, TaskKind, Update};
use crate::driver::keys::sha1_hex;
use crate::error::Error;
use crate::event::{Event, FastRegisterInfo};
use crate::secret::Secret;
use crate::wire::lenient_i64;

/// The legacy search's answers that report a registration's state (spec §3.1).
pub(crate) const SEARCH_STATES: [i64; 3] = [89250, 89251, 89252];

/// What a call through the driver means for a task, worked out before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CallPlan {
    /// A create call.
    Create {
        kind: TaskKind,
        /// The id, when known before the answer (legacy enterprise, trial verification).
        id_ahead: Option<String>,
        details: BTreeMap<String, String>,
        /// References to write once the task exists (`personal:{sha1}`).
        refs: Vec<String>,
    },
    /// `register.personal_query` for the task `id`.
    Query { id: String },
    /// `register.enterprise_legacy_search` for the task `id`.
    Search { id: String },
}

/// An update for one task, from a call.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    pub(crate) id: String,
    pub(crate) kind: TaskKind,
    pub(crate) update: Update,
    /// References (`personal:{sha1}`) that lead to this task.
    pub(crate) refs: Vec<String>,
    /// A reuse-OA registration's new appid and authorization code, to exchange at once.
    pub(crate) exchange: Option<(String, Secret)>,
}

/// Where a push leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PushTarget {
    /// Straight to a task (its id is in the push).
    Task { id: String, kind: TaskKind },
    /// Through a reference the create call wrote (`personal:{sha1(wxuser, idname)}`).
    Ref { part: String, kind: TaskKind },
}

/// A registration result push, read for its task.
#[derive(Debug, Clone)]
pub(crate) struct PushMatch {
    /// The task, or why none can be found from the push.
    pub(crate) target: Result<PushTarget, &'static str>,
    pub(crate) update: Update,
    pub(crate) info_type: String,
}

/// Whether a call to `operation` concerns a task (creates, queries, searches).
pub(crate) fn concerns(operation: &str) -> bool {
    creates(operation).is_some()
        || operation == "register.personal_query"
        || operation == "register.enterprise_legacy_search"
}

/// The kind of task a create operation starts.
pub(crate) fn creates(operation: &str) -> Option<TaskKind> {
    TaskKind::created_by(operation)
}

/// The plan for a call to `operation` with `input` (wire names), for `authorizer_appid`.
pub(crate) fn plan(
    operation: &str,
    input: &Value,
    authorizer_appid: Option<&str>,
) -> Option<CallPlan> {
    match operation {
        "register.personal_query" => Some(CallPlan::Query {
            id: by_taskid(&text(input, "taskid")?),
        }),
        "register.enterprise_legacy_search" => Some(CallPlan::Search {
            id: legacy_id(
                &text(input, "name")?,
                &text(input, "legal_persona_wechat")?,
                &text(input, "legal_persona_name")?,
            ),
        }),
        _ => {
            let kind = creates(operation)?;
            let mut details = BTreeMap::new();
            let mut refs = Vec::new();
            let mut id_ahead = None;
            let copy = |details: &mut BTreeMap<String, String>, from: &Value, keys: &[&str]| {
                for key in keys {
                    if let Some(v) = text(from, key) {
                        details.insert((*key).to_owned(), v);
                    }
                }
            };
            match kind {
                TaskKind::Enterprise => copy(
                    &mut details,
                    input,
                    &[
                        "name",
                        "code",
                        "code_type",
                        "legal_persona_openid",
                        "legal_persona_name",
                    ],
                ),
                TaskKind::EnterpriseLegacy => {
                    copy(
                        &mut details,
                        input,
                        &[
                            "name",
                            "code",
                            "code_type",
                            "legal_persona_wechat",
                            "legal_persona_name",
                        ],
                    );
                    id_ahead = Some(legacy_id(
                        &text(input, "name")?,
                        &text(input, "legal_persona_wechat")?,
                        &text(input, "legal_persona_name")?,
                    ));
                }
                TaskKind::Personal => {
                    copy(&mut details, input, &["wxuser", "idname"]);
                    refs.push(personal_ref(
                        &text(input, "wxuser")?,
                        &text(input, "idname")?,
                    ));
                }
                TaskKind::Beta => copy(&mut details, input, &["name", "openid"]),
                TaskKind::BetaVerify => {
                    let appid = authorizer_appid?;
                    copy(
                        &mut details,
                        input.get("verify_info").unwrap_or(&Value::Null),
                        &[
                            "enterprise_name",
                            "code",
                            "code_type",
                            "legal_persona_wechat",
                            "legal_persona_name",
                        ],
                    );
                    details.insert("appid".into(), appid.to_owned());
                    id_ahead = Some(format!("beta_verify:{}", component(appid)));
                }
                TaskKind::ReuseOa => {
                    details.insert("oa_appid".into(), authorizer_appid?.to_owned());
                }
            }
            Some(CallPlan::Create {
                kind,
                id_ahead,
                details,
                refs,
            })
        }
    }
}

/// What the call's result (its output as JSON, or its error) says, at `at_ms`, for a call
/// sent at `sent_at_ms`.
pub(crate) fn after_call(
    plan: &CallPlan,
    result: Result<&Value, &Error>,
    sent_at_ms: u64,
    at_ms: u64,
) -> Option<Tracked> {
    let update = |change| Update { at_ms, change };
    match plan {
        CallPlan::Query { id } => {
            let output = result.ok()?;
            let status = output.get("status").and_then(lenient_i64)?;
            Some(Tracked {
                id: id.clone(),
                kind: TaskKind::Personal,
                update: update(Change::Queried {
                    status,
                    authorize_url: text(output, "authorize_url"),
                }),
                refs: Vec::new(),
                exchange: None,
            })
        }
        CallPlan::Search { id } => {
            let Err(Error::Api(api)) = result else {
                return None;
            };
            SEARCH_STATES.contains(&api.errcode).then(|| Tracked {
                id: id.clone(),
                kind: TaskKind::EnterpriseLegacy,
                update: update(Change::Queried {
                    status: api.errcode,
                    authorize_url: None,
                }),
                refs: Vec::new(),
                exchange: None,
            })
        }
        CallPlan::Create {
            kind,
            id_ahead,
            details,
            refs,
        } => {
            let created = |accepted| {
                update(Change::Created {
                    kind: *kind,
                    sent_at_ms,
                    accepted,
                    details: details.clone(),
                })
            };
            let output = match result {
                Ok(output) => output,
                Err(error) if outcome_unknown(error) => {
                    return id_ahead.as_ref().map(|id| Tracked {
                        id: id.clone(),
                        kind: *kind,
                        update: created(None),
                        refs: refs.clone(),
                        exchange: None,
                    });
                }
                Err(_) => return None,
            };
            let mut extra = BTreeMap::new();
            let mut accepted = Accepted {
                status: None,
                authorize_url: text(output, "authorize_url"),
                appid: None,
            };
            let mut exchange = None;
            let id = match kind {
                TaskKind::Enterprise | TaskKind::Personal => {
                    let taskid = text(output, "taskid")?;
                    accepted.status = output.get("status").and_then(lenient_i64);
                    extra.insert("taskid".to_owned(), taskid.clone());
                    by_taskid(&taskid)
                }
                TaskKind::Beta => {
                    let unique_id = text(output, "unique_id")?;
                    extra.insert("unique_id".to_owned(), unique_id.clone());
                    format!("beta:{}", component(&unique_id))
                }
                TaskKind::ReuseOa => {
                    let appid = text(output, "appid")?;
                    for key in ["is_wx_verify_succ", "is_link_succ"] {
                        if let Some(v) = text(output, key) {
                            extra.insert(key.to_owned(), v);
                        }
                    }
                    if let Some(code) = text(output, "authorization_code") {
                        exchange = Some((appid.clone(), Secret::new(code)));
                    }
                    accepted.appid = Some(appid.clone());
                    format!("reuse_oa:{}", component(&appid))
                }
                TaskKind::EnterpriseLegacy | TaskKind::BetaVerify => id_ahead.clone()?,
            };
            let mut update = created(Some(accepted));
            if let Change::Created { details, .. } = &mut update.change {
                details.extend(extra);
            }
            Some(Tracked {
                id,
                kind: *kind,
                update,
                refs: refs.clone(),
                exchange,
            })
        }
    }
}

/// Whether a failed create call may still have created something: nothing or an unreadable
/// answer came back, or WeChat answered its generic `-1`.
fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Transport { .. } | Error::HttpStatus { .. } | Error::Decode { .. } => true,
        Error::Api(api) => api.errcode == -1,
        _ => false,
    }
}

/// The task a registration result push reports on; `None` for other pushes.
pub(crate) fn from_push(event: &Event, at_ms: u64) -> Option<PushMatch> {
    let header = event.header();
    let mut details = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            details.insert(key.to_owned(), v);
        }
    };
    let (target, status, appid, msg) = match event {
        Event::FastRegister(r) => {
            let target = match &r.info {
                Some(FastRegisterInfo::Task(t)) if !t.taskid.trim().is_empty() => {
                    put("taskid", Some(t.taskid.trim().to_owned()));
                    for (key, value) in [
                        ("name", &t.name),
                        ("code", &t.code),
                        ("legal_persona_openid", &t.legal_persona_openid),
                        ("legal_persona_wechat", &t.legal_persona_wechat),
                        ("legal_persona_name", &t.legal_persona_name),
                        ("wxuser", &t.wxuser),
                        ("idname", &t.idname),
                    ] {
                        put(key, value.clone());
                    }
                    put("code_type", t.code_type.map(|c| c.to_string()));
                    let personal = t.wxuser.is_some() || t.idname.is_some();
                    Ok(PushTarget::Task {
                        id: by_taskid(&t.taskid),
                        kind: if personal {
                            TaskKind::Personal
                        } else {
                            TaskKind::Enterprise
                        },
                    })
                }
                Some(FastRegisterInfo::Enterprise(e)) => {
                    for (key, value) in [
                        ("name", &e.name),
                        ("code", &e.code),
                        ("legal_persona_wechat", &e.legal_persona_wechat),
                        ("legal_persona_name", &e.legal_persona_name),
                    ] {
                        put(key, value.clone());
                    }
                    put("code_type", e.code_type.map(|c| c.to_string()));
                    match (&e.name, &e.legal_persona_wechat, &e.legal_persona_name) {
                        (Some(name), Some(wechat), Some(legal)) => Ok(PushTarget::Task {
                            id: legacy_id(name, wechat, legal),
                            kind: TaskKind::EnterpriseLegacy,
                        }),
                        _ => Err(
                            "the push's info lacks name, legal_persona_wechat or legal_persona_name",
                        ),
                    }
                }
                Some(FastRegisterInfo::Personal(p)) => {
                    put("wxuser", p.wxuser.clone());
                    put("idname", p.idname.clone());
                    match (&p.wxuser, &p.idname) {
                        (Some(wxuser), Some(idname)) => Ok(PushTarget::Ref {
                            part: personal_ref(wxuser, idname),
                            kind: TaskKind::Personal,
                        }),
                        _ => Err("the push's info lacks wxuser or idname"),
                    }
                }
                _ => Err("the push carries no taskid or subject to match a task"),
            };
            (target, r.status.code(), r.appid.clone(), r.msg.clone())
        }
        Event::FastRegisterBeta(r) => {
            let unique_id = r
                .info
                .as_ref()
                .and_then(|i| i.unique_id.clone())
                .filter(|u| !u.trim().is_empty());
            put("unique_id", unique_id.clone());
            put("name", r.info.as_ref().and_then(|i| i.name.clone()));
            let target = unique_id
                .map(|u| PushTarget::Task {
                    id: format!("beta:{}", component(u.trim())),
                    kind: TaskKind::Beta,
                })
                .ok_or("the push's info lacks unique_id");
            (target, r.status.code(), r.appid.clone(), r.msg.clone())
        }
        Event::FastVerifyBeta(r) => {
            if let Some(info) = &r.info {
                put("enterprise_name", info.name.clone());
                put("code", info.code.clone());
                put("code_type", info.code_type.map(|c| c.to_string()));
                put("legal_persona_wechat", info.legal_persona_wechat.clone());
                put("legal_persona_name", info.legal_persona_name.clone());
            }
            let appid = r.appid.clone().filter(|a| !a.trim().is_empty());
            put("appid", appid.clone());
            let target = appid
                .map(|a| PushTarget::Task {
                    id: format!("beta_verify:{}", component(a.trim())),
                    kind: TaskKind::BetaVerify,
                })
                .ok_or("the push lacks the trial app's appid");
            // The appid is the trial app being verified, not a new one.
            (target, r.status.code(), None, r.msg.clone())
        }
        _ => return None,
    };
    Some(PushMatch {
        target,
        update: Update {
            at_ms,
            change: Change::Pushed {
                create_time: header.create_time,
                status,
                appid: appid.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
                msg,
                details,
            },
        },
        info_type: header.info_type.clone(),
    })
}

/// `task:{taskid}`: 2026 enterprise and personal registrations share WeChat's task ids.
pub(crate) fn by_taskid(taskid: &str) -> String {
    format!("task:{}", component(taskid.trim()))
}

/// `legacy:{sha1}` of the subject the legacy search takes (name, legal person's WeChat id and
/// name; the push echoes all three).
pub(crate) fn legacy_id(name: &str, wechat: &str, legal_name: &str) -> String {
    let subject = [name.trim(), wechat.trim(), legal_name.trim()].join("\u{1f}");
    format!("legacy:{}", sha1_hex(subject.as_bytes()))
}

/// `personal:{sha1}` of (wxuser, idname): how a legacy personal push (no taskid) finds its
/// task.
pub(crate) fn personal_ref(wxuser: &str, idname: &str) -> String {
    let subject = [wxuser.trim(), idname.trim()].join("\u{1f}");
    format!("personal:{}", sha1_hex(subject.as_bytes()))
}

/// `appid:{appid}`: how an `authorized` push finds the task that created the app.
pub(crate) fn appid_ref(appid: &str) -> String {
    format!("appid:{}", component(appid.trim()))
}

/// A WeChat id as a key component: verbatim when plain (letters, digits, `-_.=@`, at most
/// 128 bytes), otherwise `~` and its SHA-1 (so that no id can reach outside its key).
pub(crate) fn component(raw: &str) -> String {
    let plain = !raw.is_empty()
        && raw.len() <= 128
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.=@".contains(&b));
    if plain {
        raw.to_owned()
    } else {
        format!("~{}", sha1_hex(raw.as_bytes()))
    }
}

/// A scalar input/output field as text (numbers and booleans spelled out); `None` if absent,
/// empty or not a scalar.
fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
