//! Runs every case of `tests/vectors/api_*.json` through the operation registry (which calls
//! the typed operations), and checks that every operation has vectors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use wxopen::api::{ApiBase, registry};
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
    assert!(!files.is_empty(), "no api_*.json vectors in {}", dir.display());
    files
}

fn cases() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for path in vector_files() {
        let text = std::fs::read_to_string(&path).expect("readable vector file");
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
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
        assert_eq!(&actual[k], v, "{ctx}: error field {k}; full error: {actual}");
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
        assert_eq!(request.url, want["url"].as_str().expect("url"), "{ctx}: url");
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
        for response in case["responses"].as_array().into_iter().flatten() {
            let rctx = format!("{ctx}: response {}", response["name"]);
            let status = u16::try_from(response["status"].as_u64().expect("status")).expect("u16 status");
            let body = response["body"].as_str().expect("body");
            let parsed = op.parse(&case["input"], &Response::new(status, body));
            match response.get("error") {
                Some(expected) => assert_error_matches(&rctx, &parsed.expect_err(&rctx), expected),
                None => assert_eq!(parsed.unwrap_or_else(|e| panic!("{rctx}: {e}")), response["result"], "{rctx}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    println!("{checked} vector checks");
}

/// Coverage cannot silently slip: every registered operation needs an exact request, a success
/// response and an error response (page URLs: a URL and a refused input).
#[test]
fn every_operation_has_vectors() {
    #[derive(Default)]
    struct Seen {
        request: bool,
        success: bool,
        error: bool,
    }
    let mut seen: BTreeMap<&str, Seen> = registry::all().iter().map(|o| (o.name, Seen::default())).collect();
    let cases = cases();
    for (_, case) in &cases {
        let name = case["operation"].as_str().expect("operation");
        let entry = seen.get_mut(name).unwrap_or_else(|| panic!("vector for unknown operation {name}"));
        if case.get("error").is_some() {
            entry.error = true;
        }
        if case.get("request").is_some() {
            entry.request = true;
            let is_page = case["request"]["method"] == "GET";
            for r in case["responses"].as_array().into_iter().flatten() {
                if r.get("error").is_some() {
                    entry.error = true;
                } else {
                    entry.success = true;
                }
            }
            if is_page {
                entry.success = true;
            }
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .filter(|(_, s)| !(s.request && s.success && s.error))
        .map(|(n, s)| format!("{n} (request {}, success {}, error {})", s.request, s.success, s.error))
        .collect();
    assert!(missing.is_empty(), "operations lacking vectors: {missing:#?}");
}
