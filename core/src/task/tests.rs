#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::explain::{Table, tables};
use super::model::classify;
use super::*;
use crate::status::{EnterpriseStatus, TaskStatus};

const T0: u64 = 1_790_000_000_000;
const GRACE: u64 = 300_000;

fn at(ms: u64, change: Change) -> Update {
    Update { at_ms: ms, change }
}

fn created(kind: TaskKind, sent: u64, accepted: Option<Accepted>) -> Change {
    Change::Created {
        kind,
        sent_at_ms: sent,
        accepted,
        details: BTreeMap::new(),
    }
}

fn accepted(status: Option<i64>, url: Option<&str>) -> Option<Accepted> {
    Some(Accepted {
        status,
        authorize_url: url.map(str::to_owned),
        appid: None,
    })
}

fn pushed(create_time_ms: u64, status: i64, appid: Option<&str>, msg: Option<&str>) -> Change {
    Change::Pushed {
        create_time: Some(i64::try_from(create_time_ms / 1000).unwrap()),
        status,
        appid: appid.map(str::to_owned),
        msg: msg.map(str::to_owned),
        details: BTreeMap::new(),
    }
}

fn queried(status: i64) -> Change {
    Change::Queried {
        status,
        authorize_url: None,
    }
}

/// Applies updates in order to task `id` of `kind`; returns the final record.
fn run(kind: TaskKind, updates: &[Update]) -> Option<TaskRecord> {
    let mut record: Option<TaskRecord> = None;
    for u in updates {
        if let Applied::Changed(r) = apply(record.as_ref(), "t", kind, u) {
            record = Some(r);
        }
    }
    record
}

fn step(record: &TaskRecord, kind: TaskKind, update: &Update) -> Applied {
    apply(Some(record), &record.id, kind, update)
}

fn changed(applied: Applied) -> TaskRecord {
    match applied {
        Applied::Changed(r) => r,
        other => panic!("expected a change, got {other:?}"),
    }
}

#[test]
fn personal_flow_from_create_to_authorized() {
    let k = TaskKind::Personal;
    let r = changed(apply(
        None,
        "task:abc",
        k,
        &at(T0, created(k, T0, accepted(Some(0), Some("https://page")))),
    ));
    assert_eq!(r.phase.state, TaskState::Waiting);
    assert_eq!(r.expires_at_ms, Some(T0 + WINDOW_MS));
    let v = r.view(T0, GRACE);
    assert_eq!(v.waiting_for, Some(WaitingFor::User));
    assert!(v.next_step.contains("authorize_url"), "{}", v.next_step);
    assert!(!v.next_step_zh.is_empty() && !v.meaning_zh.is_empty());
    assert_eq!(v.meaning, "task generated");
    assert!(v.can_query && !v.settled);

    let r = changed(step(&r, k, &at(T0 + 1, queried(7))));
    let v = r.view(T0 + 1, GRACE);
    assert_eq!(v.waiting_for, Some(WaitingFor::User));
    assert!(v.next_step.contains("SMS"));
    // A late query answer from an earlier step does not move it back.
    assert_eq!(step(&r, k, &at(T0 + 2, queried(3))), Applied::Unchanged);
    // 10: WeChat creates; nobody needs to act.
    let r = changed(step(&r, k, &at(T0 + 3, queried(10))));
    assert_eq!(r.view(T0 + 3, GRACE).waiting_for, Some(WaitingFor::Wechat));

    let push = at(
        T0 + 4,
        pushed(T0 + 4, 0, Some("wxnewapp00000001"), Some("OK")),
    );
    let r = changed(step(&r, k, &push));
    let v = r.view(T0 + 4, GRACE);
    assert_eq!(
        (v.state, v.appid.as_deref()),
        (TaskState::Succeeded, Some("wxnewapp00000001"))
    );
    assert!(!v.settled, "waits for the authorization");
    assert!(v.next_step.contains("authorization"));
    // The same push again changes nothing; an authorization completes it.
    assert_eq!(step(&r, k, &push), Applied::Unchanged);
    let auth = at(
        T0 + 5,
        Change::Authorized {
            appid: "wxnewapp00000001".into(),
        },
    );
    let r = changed(step(&r, k, &auth));
    let v = r.view(T0 + 5, GRACE);
    assert!(v.settled && v.authorized);
    assert!(v.next_step.starts_with("Done"));
    assert_eq!(step(&r, k, &auth), Applied::Unchanged);
    // A query answering 12 (creation succeeded) after the push keeps the push's word.
    assert_eq!(step(&r, k, &at(T0 + 6, queried(12))), Applied::Unchanged);
}

#[test]
fn a_query_can_end_a_personal_task_without_any_push() {
    let k = TaskKind::Personal;
    let r = run(
        k,
        &[
            at(T0, created(k, T0, accepted(Some(0), Some("u")))),
            at(T0 + 10, queried(2)),
        ],
    )
    .unwrap();
    let v = r.view(T0 + 10, GRACE);
    assert_eq!((v.state, v.status), (TaskState::Failed, Some(2)));
    assert_eq!(v.source, Source::Query);
    assert_eq!(v.meaning, "rejected by the user");
    assert!(v.next_step.contains("declined"));
    assert!(v.settled);
    // 12 without push: succeeded, but the appid is still to come.
    let r = run(
        k,
        &[
            at(T0, created(k, T0, accepted(Some(0), Some("u")))),
            at(T0 + 10, queried(12)),
        ],
    )
    .unwrap();
    let v = r.view(T0 + 10, GRACE);
    assert_eq!(v.state, TaskState::Succeeded);
    assert!(v.settled && v.appid.is_none());
    assert!(v.next_step.contains("appid"));
    // 1: the task timed out, as WeChat says.
    let r = run(
        k,
        &[
            at(T0, created(k, T0, accepted(Some(0), None))),
            at(T0 + 10, queried(1)),
        ],
    )
    .unwrap();
    assert_eq!(r.phase.state, TaskState::Expired);
}

#[test]
fn unknown_codes_are_opaque_failures_that_keep_msg() {
    for (kind, code) in [
        (TaskKind::Enterprise, 106),
        (TaskKind::EnterpriseLegacy, 107),
        (TaskKind::Beta, 42),
        (TaskKind::BetaVerify, 100_004),
        (TaskKind::Personal, 77),
    ] {
        let r = run(
            kind,
            &[at(T0, pushed(T0, code, None, Some("open verity failed")))],
        )
        .unwrap();
        let v = r.view(T0, GRACE);
        assert_eq!(v.state, TaskState::Failed, "{kind:?} {code}");
        assert_eq!(v.status, Some(code));
        assert_eq!(v.msg.as_deref(), Some("open verity failed"));
        assert!(v.meaning.contains("opaque"), "{}", v.meaning);
        assert!(v.next_step.contains("msg"));
    }
    // An unknown status in a query answer is a failure too.
    let k = TaskKind::Personal;
    let r = run(
        k,
        &[
            at(T0, created(k, T0, accepted(Some(0), None))),
            at(T0 + 1, queried(15)),
        ],
    )
    .unwrap();
    assert_eq!(r.phase.state, TaskState::Failed);
}

#[test]
fn every_catalogued_status_has_a_state_and_texts() {
    for &(code, ..) in TaskStatus::TABLE {
        let expect = match code {
            0 | 3 | 4 | 6 | 7 | 9 | 10 => TaskState::Waiting,
            12 | 13 => TaskState::Succeeded,
            1 => TaskState::Expired,
            _ => TaskState::Failed,
        };
        assert_eq!(
            classify(TaskKind::Personal, Source::Query, code).0,
            expect,
            "{code}"
        );
    }
    for &(code, ..) in EnterpriseStatus::TABLE {
        let expect = match code {
            0 => TaskState::Succeeded,
            100_001..=100_003 => TaskState::Expired,
            _ => TaskState::Failed,
        };
        assert_eq!(
            classify(TaskKind::EnterpriseLegacy, Source::Push, code).0,
            expect,
            "{code}"
        );
        assert_eq!(
            classify(TaskKind::BetaVerify, Source::Push, code).0,
            expect,
            "{code}"
        );
    }
    // A push's 0 is success everywhere, even where the task table reads 0 as "generated".
    for kind in TaskKind::ALL {
        assert_eq!(
            classify(kind, Source::Push, 0).0,
            TaskState::Succeeded,
            "{kind:?}"
        );
    }
    // A personal push reads the task table first (5: face check failed), then the
    // enterprise one.
    assert_eq!(
        classify(TaskKind::Personal, Source::Push, 5),
        (TaskState::Failed, Table::Task)
    );
    assert_eq!(
        classify(TaskKind::Personal, Source::Push, 100_002),
        (TaskState::Expired, Table::Enterprise)
    );
    assert_eq!(
        tables(TaskKind::EnterpriseLegacy, Source::Query),
        &[Table::Search]
    );
    // Texts exist for every kind, state and code the tables know.
    let codes: Vec<i64> = TaskStatus::TABLE
        .iter()
        .chain(EnterpriseStatus::TABLE)
        .map(|r| r.0)
        .chain([89250, 89251, 89252, 123_456])
        .collect();
    for kind in TaskKind::ALL {
        for source in [Source::Create, Source::Query, Source::Push] {
            for code in &codes {
                let (state, _) = classify(kind, source, *code);
                let mut r = run(kind, &[at(T0, created(kind, T0, accepted(None, None)))]).unwrap();
                r.phase = Phase {
                    state,
                    status: Some(*code),
                    source,
                    msg: None,
                };
                let v = r.view(T0, GRACE);
                for text in [v.meaning, v.meaning_zh, v.next_step, v.next_step_zh] {
                    assert!(!text.is_empty(), "{kind:?} {source:?} {code}");
                }
                assert_eq!(v.waiting_for.is_some(), state == TaskState::Waiting);
            }
        }
    }
}

#[test]
fn the_window_expires_a_task_and_a_late_result_still_counts() {
    let k = TaskKind::Beta;
    let r = run(
        k,
        &[at(T0, created(k, T0, accepted(None, Some("https://beta"))))],
    )
    .unwrap();
    let end = T0 + WINDOW_MS;
    assert_eq!(r.view(end, GRACE).state, TaskState::Waiting, "grace");
    let v = r.view(end + GRACE, GRACE);
    assert_eq!((v.state, v.source), (TaskState::Expired, Source::Clock));
    assert!(v.settled);
    assert!(v.meaning.contains("24-hour"));
    // WeChat's success, arriving late, is the truth.
    let late = at(
        end + GRACE + 1,
        pushed(end + 1000, 0, Some("wxbeta0000000001"), None),
    );
    let r = changed(step(&r, k, &late));
    assert_eq!(r.view(end + GRACE + 1, GRACE).state, TaskState::Succeeded);
    // An enterprise task ends expired on WeChat's own timeout push (100001–100003).
    let k = TaskKind::Enterprise;
    let r = run(
        k,
        &[
            at(T0, created(k, T0, accepted(Some(0), Some("u")))),
            at(end, pushed(end, 100_001, None, Some("timeout"))),
        ],
    )
    .unwrap();
    let v = r.view(end, GRACE);
    assert_eq!((v.state, v.source), (TaskState::Expired, Source::Push));
    assert!(v.meaning.contains("24 h"));
    assert!(v.next_step.starts_with("Start a new registration"));
}

#[test]
fn legacy_search_moves_forward_only_and_reports_who_acts() {
    let k = TaskKind::EnterpriseLegacy;
    let r = run(k, &[at(T0, created(k, T0, accepted(None, None)))]).unwrap();
    let v = r.view(T0, GRACE);
    assert_eq!(
        (v.state, v.waiting_for),
        (TaskState::Waiting, Some(WaitingFor::Wechat))
    );
    let r = changed(step(&r, k, &at(T0 + 1, queried(89252))));
    assert_eq!(r.view(T0, GRACE).waiting_for, Some(WaitingFor::Wechat));
    let r = changed(step(&r, k, &at(T0 + 2, queried(89251))));
    let v = r.view(T0 + 2, GRACE);
    assert_eq!(v.waiting_for, Some(WaitingFor::LegalPerson));
    assert!(v.meaning.contains("face verification"), "{}", v.meaning);
    assert!(v.next_step.contains("template message"));
    assert_eq!(step(&r, k, &at(T0 + 3, queried(89252))), Applied::Unchanged);
    let r = changed(step(&r, k, &at(T0 + 4, queried(89250))));
    assert!(r.view(T0 + 4, GRACE).next_step.contains("ended"));
    let r = changed(step(
        &r,
        k,
        &at(T0 + 5, pushed(T0 + 5, 103, None, Some("name mismatch"))),
    ));
    let v = r.view(T0 + 5, GRACE);
    assert_eq!((v.state, v.status), (TaskState::Failed, Some(103)));
    assert!(v.meaning.contains("legal representative name"));
    assert!(v.next_step.contains("business registry"));
}

#[test]
fn a_lost_create_answer_is_a_created_task_that_any_answer_outranks() {
    let k = TaskKind::BetaVerify;
    let r = run(k, &[at(T0, created(k, T0, None))]).unwrap();
    let v = r.view(T0, GRACE);
    assert_eq!(v.state, TaskState::Created);
    assert!(v.meaning.contains("lost"));
    assert!(v.next_step.contains("push"));
    assert!(v.waiting_for.is_none());
    let r = changed(step(&r, k, &at(T0 + 9, pushed(T0 + 9, 0, None, None))));
    assert_eq!(r.phase.state, TaskState::Succeeded);
    // No appid for a verification (it is the trial app's own): settled at once.
    assert!(r.view(T0 + 9, GRACE).settled);
}

#[test]
fn reused_ids_start_a_new_attempt_and_ignore_the_old_one_s_pushes() {
    let k = TaskKind::BetaVerify;
    let first = run(
        k,
        &[
            at(T0, created(k, T0, accepted(None, None))),
            at(
                T0 + 60_000,
                pushed(T0 + 60_000, 5, None, Some("face failed")),
            ),
        ],
    )
    .unwrap();
    assert_eq!((first.phase.state, first.attempt), (TaskState::Failed, 1));
    // The app is verified again later: attempt 2, waiting.
    let t1 = T0 + 120_000;
    let second = changed(step(
        &first,
        k,
        &at(t1, created(k, t1, accepted(None, None))),
    ));
    assert_eq!(
        (second.phase.state, second.attempt),
        (TaskState::Waiting, 2)
    );
    assert_eq!(
        second.stale_before,
        Some(i64::try_from((T0 + 60_000) / 1000).unwrap())
    );
    // The first attempt's failure push, redelivered, is ignored; so is any push from before
    // the new call was sent.
    let redelivered = at(t1 + 5, pushed(T0 + 60_000, 5, None, Some("face failed")));
    assert!(matches!(
        step(&second, k, &redelivered),
        Applied::Ignored(_)
    ));
    let older = at(t1 + 5, pushed(T0 + 30_000, 1003, None, None));
    assert!(matches!(step(&second, k, &older), Applied::Ignored(_)));
    // Its own result counts.
    let done = changed(step(
        &second,
        k,
        &at(t1 + 9, pushed(t1 + 9_000, 0, None, None)),
    ));
    assert_eq!((done.phase.state, done.attempt), (TaskState::Succeeded, 2));
    // A duplicate of the second create changes nothing.
    assert_eq!(
        step(&second, k, &at(t1, created(k, t1, accepted(None, None)))),
        Applied::Unchanged
    );
    // Ids of other flows never restart: a create after the push is the same task.
    let k = TaskKind::Beta;
    let pushed_first = run(k, &[at(T0 + 5, pushed(T0 + 5, 0, Some("wxb"), None))]).unwrap();
    let r = changed(step(
        &pushed_first,
        k,
        &at(T0 + 9, created(k, T0, accepted(None, Some("u")))),
    ));
    assert_eq!((r.phase.state, r.attempt), (TaskState::Succeeded, 1));
    assert_eq!(r.authorize_url.as_deref(), Some("u"));
}

#[test]
fn a_push_that_came_before_the_answer_belongs_to_the_same_attempt() {
    let k = TaskKind::EnterpriseLegacy;
    // The push of this very registration raced ahead of the recorded answer.
    let r = run(
        k,
        &[
            at(T0 + 3_000, pushed(T0 + 2_000, 101, None, None)),
            at(T0 + 4_000, created(k, T0, accepted(None, None))),
        ],
    )
    .unwrap();
    assert_eq!((r.phase.state, r.attempt), (TaskState::Failed, 1));
    // A push from long before the call reported an earlier registration: a new attempt.
    let r = run(
        k,
        &[
            at(T0, pushed(T0 - 3_600_000, 101, None, None)),
            at(T0 + 4_000, created(k, T0, accepted(None, None))),
        ],
    )
    .unwrap();
    assert_eq!((r.phase.state, r.attempt), (TaskState::Waiting, 2));
}

#[test]
fn reuse_oa_succeeds_at_once_and_settles_with_its_authorization() {
    let k = TaskKind::ReuseOa;
    let answer = Some(Accepted {
        status: None,
        authorize_url: None,
        appid: Some("wxreuse000000001".into()),
    });
    let r = run(k, &[at(T0, created(k, T0, answer))]).unwrap();
    let v = r.view(T0, GRACE);
    assert_eq!(v.state, TaskState::Succeeded);
    assert_eq!(v.expires_at_ms, None);
    assert!(!v.settled);
    let failed = changed(step(
        &r,
        k,
        &at(
            T0 + 1,
            Change::AuthorizationFailed {
                appid: "wxreuse000000001".into(),
                errcode: 61010,
            },
        ),
    ));
    let v = failed.view(T0 + 1, GRACE);
    assert!(v.settled && !v.authorized);
    assert!(v.next_step.contains("authorization_errcode"));
    // A successful exchange wins over a failed one.
    let ok = changed(step(
        &failed,
        k,
        &at(
            T0 + 2,
            Change::Authorized {
                appid: "wxreuse000000001".into(),
            },
        ),
    ));
    assert!(ok.view(T0 + 2, GRACE).next_step.starts_with("Done"));
}

#[test]
fn names_filters_and_ids() {
    for kind in TaskKind::ALL {
        assert_eq!(TaskKind::from_name(kind.as_str()), Some(kind));
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::json!(kind.as_str())
        );
        assert!(kind.operation().starts_with("register."));
    }
    for state in TaskState::ALL {
        assert_eq!(TaskState::from_name(state.as_str()), Some(state));
    }
    let f = TaskFilter::from_names(Some("personal"), Some("waiting"), Some(3)).unwrap();
    assert_eq!(
        f,
        TaskFilter {
            kind: Some(TaskKind::Personal),
            state: Some(TaskState::Waiting),
            limit: Some(3)
        }
    );
    let e = TaskFilter::from_names(Some("nope"), None, None).unwrap_err();
    assert_eq!(e.to_json()["field"], "kind");
    let e = TaskFilter::from_names(None, Some("done"), None).unwrap_err();
    assert_eq!(e.to_json()["field"], "state");
    assert!(check_id("task:abc").is_ok());
    for bad in ["", "task: x", "a\nb"] {
        assert_eq!(check_id(bad).unwrap_err().to_json()["field"], "task_id");
    }
    assert!(check_id(&"x".repeat(201)).is_err());
}

#[test]
fn ids_are_stable_and_keep_odd_input_out_of_keys() {
    use super::track::{by_taskid, component, legacy_id, personal_ref};
    assert_eq!(by_taskid(" abc123 "), "task:abc123");
    let odd = component("a:b c");
    assert!(odd.starts_with('~') && !odd.contains(':') && odd.len() == 41);
    assert_eq!(component(&"y".repeat(129)).len(), 41);
    let a = legacy_id("某某有限公司", "zhangsan_acme", "张三");
    assert_eq!(a, legacy_id(" 某某有限公司", "zhangsan_acme ", "张三"));
    assert_ne!(a, legacy_id("某某有限公司", "zhangsan_acme", "李四"));
    assert!(a.starts_with("legacy:") && !a.contains("张三"));
    assert!(!personal_ref("wx_user", "张三").contains("wx_user"));
}

#[test]
fn a_stored_record_reads_back_and_tolerates_unknown_fields() {
    let k = TaskKind::Personal;
    let r = run(k, &[at(T0, created(k, T0, accepted(Some(0), Some("u"))))]).unwrap();
    let mut json = serde_json::to_value(&r).unwrap();
    json["future_field"] = serde_json::json!(1);
    let back: TaskRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
    assert_eq!(
        serde_json::to_value(r.view(T0, GRACE)).unwrap()["state"],
        "waiting"
    );
}

// --- Any order, any duplication: the same task. ---

/// One registration's observations, as WeChat could report them.
fn scenario() -> impl Strategy<Value = (TaskKind, Vec<Update>)> {
    let kind = prop::sample::select(TaskKind::ALL.to_vec());
    (
        kind,
        0u64..1_000_000,
        prop::collection::vec(0usize..12, 0..4),
        prop::collection::vec((0usize..8, 0u64..200_000), 0..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(kind, offset, queries, pushes, lost, authorized)| {
            let sent = T0 + offset;
            let mut updates = Vec::new();
            let answer = match kind {
                TaskKind::Personal | TaskKind::Enterprise => accepted(Some(0), Some("https://p")),
                TaskKind::Beta => accepted(None, Some("https://b")),
                TaskKind::ReuseOa => Some(Accepted {
                    status: None,
                    authorize_url: None,
                    appid: Some("wxnew".to_owned()),
                }),
                _ => accepted(None, None),
            };
            let answer = if lost && kind.reuses_id() {
                None
            } else {
                answer
            };
            updates.push(at(sent + 300, created(kind, sent, answer)));
            let query_codes: &[i64] = match kind {
                TaskKind::Personal => &[0, 3, 4, 6, 7, 9, 10, 12, 2, 5, 8, 1],
                TaskKind::EnterpriseLegacy => &[89252, 89251, 89250],
                _ => &[],
            };
            for q in queries {
                if let Some(code) = query_codes.get(q % query_codes.len().max(1)) {
                    updates.push(at(sent + 1_000 + q as u64, queried(*code)));
                }
            }
            let push_codes = [0, -1, 101, 1003, 100_001, 5, 11, 777];
            for (p, delay) in pushes {
                let code = push_codes[p];
                let appid = (code == 0 && kind != TaskKind::BetaVerify).then_some("wxnew");
                updates.push(at(
                    sent + delay + 500,
                    pushed(sent + delay, code, appid, Some(&format!("m{code}"))),
                ));
            }
            if authorized {
                updates.push(at(
                    sent + 250_000,
                    Change::Authorized {
                        appid: "wxnew".into(),
                    },
                ));
            }
            (kind, updates)
        })
}

fn normalized(record: Option<TaskRecord>) -> Option<TaskRecord> {
    record.map(|mut r| {
        r.updated_at_ms = 0;
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_order_and_duplication_of_the_same_updates_ends_in_the_same_task(
        (kind, updates) in scenario(),
        order in prop::collection::vec(any::<prop::sample::Index>(), 1..24),
        now_offset in 0u64..(2 * WINDOW_MS),
    ) {
        let reference = normalized(run(kind, &updates));
        // Every update at least once, in an order and with repeats the indices pick.
        let mut shuffled: Vec<Update> = order.iter().map(|i| i.get(&updates).clone()).collect();
        shuffled.extend(updates.iter().rev().cloned());
        let mixed = normalized(run(kind, &shuffled));
        prop_assert_eq!(&mixed, &reference);
        // The view agrees too, at any time.
        let now = T0 + now_offset;
        let (a, b) = (mixed.unwrap().view(now, GRACE), reference.unwrap().view(now, GRACE));
        prop_assert_eq!((a.state, a.settled, a.meaning, a.next_step), (b.state, b.settled, b.meaning, b.next_step));
    }

    #[test]
    fn a_task_never_moves_backwards(
        (kind, updates) in scenario(),
        order in prop::collection::vec(any::<prop::sample::Index>(), 1..24),
    ) {
        let mut record: Option<TaskRecord> = None;
        let rank = |s: TaskState| match s {
            TaskState::Created => 0,
            TaskState::Waiting => 1,
            _ => 2,
        };
        for i in order {
            let u = i.get(&updates);
            if let Applied::Changed(r) = apply(record.as_ref(), "t", kind, u) {
                if let Some(old) = &record {
                    prop_assert!(rank(r.phase.state) >= rank(old.phase.state));
                    if old.phase.state.is_terminal() {
                        prop_assert!(r.phase.state.is_terminal());
                    }
                    prop_assert!(r.authorized >= old.authorized);
                    prop_assert!(r.appid.is_some() >= old.appid.is_some());
                }
                record = Some(r);
            }
        }
    }
}

#[test]
fn the_view_names_the_catalogue_of_its_status() {
    let k = TaskKind::Personal;
    let r = run(k, &[at(T0, created(k, T0, accepted(Some(7), None)))]).unwrap();
    let v = r.view(T0, GRACE);
    assert_eq!((v.status, v.status_kind), (Some(7), Some("task")));
    // A push's 0 is the push table's success, even for a personal task.
    let r = changed(step(
        &r,
        k,
        &at(T0 + 1, pushed(T0 + 1, 0, Some("wxa"), None)),
    ));
    assert_eq!(r.view(T0 + 1, GRACE).status_kind, Some("enterprise"));

    let k = TaskKind::EnterpriseLegacy;
    let r = run(k, &[at(T0, queried(89251))]).unwrap();
    assert_eq!(r.view(T0, GRACE).status_kind, Some("errcode"));

    let k = TaskKind::Beta;
    let r = run(
        k,
        &[at(T0, created(k, T0, accepted(None, Some("https://b"))))],
    )
    .unwrap();
    let v = r.view(T0, GRACE);
    assert_eq!((v.status, v.status_kind), (None, None));
    // A code no table knows is read in the flow's first table.
    let r = changed(step(
        &r,
        k,
        &at(T0 + 1, pushed(T0 + 1, 777_777, None, Some("?"))),
    ));
    assert_eq!(r.view(T0 + 1, GRACE).status_kind, Some("enterprise"));
    assert_eq!(
        serde_json::to_value(r.view(T0 + 1, GRACE)).unwrap()["status_kind"],
        "enterprise"
    );
}

#[test]
fn created_by_inverts_operation() {
    for k in TaskKind::ALL {
        assert_eq!(TaskKind::created_by(k.operation()), Some(k));
    }
    assert_eq!(TaskKind::created_by("register.personal_query"), None);
}
