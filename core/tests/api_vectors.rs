//! Runs every case of `tests/vectors/api_*.json` through the operation registry (which calls
//! the typed operations), and checks that every operation has vectors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use wxopen::api::{ApiBase, OperationKind, registry};
use wxopen::{AnyToken, Response};

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("api_") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no api_*.json vectors in {}",
        dir.display()
    );
    files
}

fn cases() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for path in vector_files() {
        let text = std::fs::read_to_string(&path).expect("readable vector file");
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        for case in doc["cases"].as_array().expect("cases array") {
            out.push((file.clone(), case.clone()));
        }
    }
    out
}

fn token(v: &Value) -> AnyToken {
    AnyToken::from_parts(
        v["kind"].as_str().expect("token.kind"),
        v["appid"].as_str(),
        v["value"].as_str(),
    )
    .expect("vector token is valid")
}

/// Every key of `expected` must equal the same key of the error's JSON form.
fn assert_error_matches(ctx: &str, err: &wxopen::Error, expected: &Value) {
    let actual = err.to_json();
    for (k, v) in expected.as_object().expect("error object") {
        assert_eq!(
            &actual[k], v,
            "{ctx}: error field {k}; full error: {actual}"
        );
    }
}

#[test]
fn every_vector_case_holds() {
    let base = ApiBase::default();
    let mut checked = 0;
    for (file, case) in cases() {
        let op_name = case["operation"].as_str().expect("operation");
        let ctx = format!("{file}: {op_name}: {}", case["name"]);
        let op = registry::find(op_name).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let built = op.build(&case["input"], &token(&case["token"]), &base);
        if let Some(expected) = case.get("error") {
            let err = built.expect_err(&ctx);
            assert_error_matches(&ctx, &err, expected);
            checked += 1;
            continue;
        }
        let request = built.unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let want = &case["request"];
        assert_eq!(request.method.as_str(), want["method"], "{ctx}: method");
        assert_eq!(
            request.url,
            want["url"].as_str().expect("url"),
            "{ctx}: url"
        );
        let headers: Vec<Value> = request
            .headers
            .iter()
            .map(|(k, v)| Value::from(vec![k.as_str(), v.as_str()]))
            .collect();
        assert_eq!(Value::from(headers), want["headers"], "{ctx}: headers");
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            want["body"].as_str().expect("body"),
            "{ctx}: body"
        );
        if op.kind == OperationKind::Page {
            let err = op
                .parse(&case["input"], &Response::new(200, "{}"))
                .expect_err(&ctx);
            assert_error_matches(
                &ctx,
                &err,
                &serde_json::json!({"code": "invalid_argument", "field": "operation"}),
            );
            checked += 1;
        }
        for response in case["responses"].as_array().into_iter().flatten() {
            let rctx = format!("{ctx}: response {}", response["name"]);
            let status =
                u16::try_from(response["status"].as_u64().expect("status")).expect("u16 status");
            let body = response["body"].as_str().expect("body");
            let parsed = op.parse(&case["input"], &Response::new(status, body));
            if op.kind == OperationKind::Page {
                panic!("{rctx}: a page has no responses");
            }
            match response.get("error") {
                Some(expected) => assert_error_matches(&rctx, &parsed.expect_err(&rctx), expected),
                None => assert_eq!(
                    parsed.unwrap_or_else(|e| panic!("{rctx}: {e}")),
                    response["result"],
                    "{rctx}"
                ),
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    println!("{checked} vector checks");
}

/// Coverage cannot silently slip: every registered API operation needs an exact `POST`
/// request, a success response and a WeChat error response (an `api_error` with an errcode);
/// every page URL needs an exact `GET` request (no headers, no body, no responses) and a
/// refused input.
#[test]
fn every_operation_has_vectors() {
    #[derive(Default)]
    struct Seen {
        request: bool,
        success: bool,
        api_error: bool,
        refused: bool,
    }
    let mut seen: BTreeMap<&str, Seen> = registry::all()
        .iter()
        .map(|o| (o.name, Seen::default()))
        .collect();
    for (file, case) in &cases() {
        let name = case["operation"].as_str().expect("operation");
        let ctx = format!("{file}: {name}: {}", case["name"]);
        let op =
            registry::find(name).unwrap_or_else(|_| panic!("vector for unknown operation {name}"));
        let entry = seen.get_mut(name).expect("registered");
        if case.get("error").is_some() {
            assert!(
                case.get("request").is_none(),
                "{ctx}: a refused case has no request"
            );
            entry.refused = true;
            continue;
        }
        let request = &case["request"];
        assert!(request.is_object(), "{ctx}: needs request or error");
        entry.request = true;
        let responses = case["responses"].as_array().cloned().unwrap_or_default();
        match op.kind {
            OperationKind::Page => {
                assert_eq!(request["method"], "GET", "{ctx}");
                assert_eq!(request["headers"], Value::Array(Vec::new()), "{ctx}");
                assert_eq!(request["body"], "", "{ctx}");
                assert!(responses.is_empty(), "{ctx}: a page has no responses");
            }
            OperationKind::Api => {
                assert_eq!(request["method"], "POST", "{ctx}");
                assert!(!responses.is_empty(), "{ctx}: an API case needs responses");
            }
        }
        for r in &responses {
            match r.get("error") {
                Some(e) if e["code"] == "api_error" && e["errcode"].is_i64() => {
                    entry.api_error = true
                }
                Some(_) => {}
                None => entry.success = true,
            }
        }
    }
    let missing: Vec<String> = registry::all()
        .iter()
        .filter_map(|op| {
            let s = &seen[op.name];
            let ok = match op.kind {
                OperationKind::Page => s.request && s.refused,
                OperationKind::Api => s.request && s.success && s.api_error,
            };
            (!ok).then(|| {
                format!(
                    "{} ({}: request {}, success {}, api_error {}, refused {})",
                    op.name,
                    op.kind.as_str(),
                    s.request,
                    s.success,
                    s.api_error,
                    s.refused
                )
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "operations lacking vectors: {missing:#?}"
    );
}

/// A sandbox serving all three hosts on one origin gets every URL with only the origin swapped.
#[test]
fn sandbox_base_moves_every_url() {
    let origin = "http://127.0.0.1:18080";
    let sandbox = ApiBase::with_pages(origin, origin, origin).expect("valid base");
    let mut checked = 0;
    for (file, case) in cases() {
        let Some(want) = case["request"]["url"].as_str() else {
            continue;
        };
        let ctx = format!("{file}: {}: {}", case["operation"], case["name"]);
        let op = registry::find(case["operation"].as_str().expect("operation")).expect("known");
        let request = op
            .build(&case["input"], &token(&case["token"]), &sandbox)
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let expected = [
            "https://api.weixin.qq.com",
            "https://mp.weixin.qq.com",
            "https://open.weixin.qq.com",
        ]
        .iter()
        .find_map(|host| want.strip_prefix(host))
        .map(|rest| format!("{origin}{rest}"))
        .unwrap_or_else(|| panic!("{ctx}: unexpected host in {want}"));
        assert_eq!(request.url, expected, "{ctx}");
        checked += 1;
    }
    assert!(checked > 0);
}
