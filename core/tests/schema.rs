//! `schema/operations.json` is what the core's registry exports (feature `schema`).
//!
//! Run `WXOPEN_UPDATE_SCHEMA=1 cargo test -p wxopen --features schema --test schema` to
//! rewrite it after changing an operation, then `python3 scripts/gen_stubs.py` to regenerate
//! the Python and TypeScript declarations from it.
#![cfg(feature = "schema")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/operations.json")
}

#[test]
fn committed_schema_is_current() {
    let mut text = serde_json::to_string_pretty(&wxopen::api::registry::schema()).unwrap();
    text.push('\n');
    let path = committed();
    if std::env::var_os("WXOPEN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "{} is out of date: run WXOPEN_UPDATE_SCHEMA=1 cargo test -p wxopen --features schema --test schema, then python3 scripts/gen_stubs.py",
        path.display()
    );
}

use serde_json::{Map, Value, json};
use wxopen::api::registry;
use wxopen::{AnyToken, ApiBase, AuthorizerAccessToken, ComponentAccessToken};

fn schema() -> Value {
    registry::schema()
}

/// One input per operation that the core builds (the first successful case of the shared
/// vectors), with the token it was built with.
fn valid_inputs() -> Vec<(String, AnyToken, Map<String, Value>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out: Vec<(String, AnyToken, Map<String, Value>)> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("api_"))
        .collect();
    files.sort();
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let name = case["operation"].as_str().unwrap();
            if case.get("request").is_none() || out.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            let Some(input) = case["input"].as_object() else {
                continue;
            };
            let t = &case["token"];
            let token = match t["kind"].as_str().unwrap() {
                "none" => AnyToken::None,
                "component" => AnyToken::Component(
                    ComponentAccessToken::new(t["value"].as_str().unwrap()).unwrap(),
                ),
                _ => AnyToken::Authorizer(
                    AuthorizerAccessToken::new(
                        t["appid"].as_str().unwrap(),
                        t["value"].as_str().unwrap(),
                    )
                    .unwrap(),
                ),
            };
            out.push((name.to_owned(), token, input.clone()));
        }
    }
    out
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => &doc["$defs"][r.strip_prefix("#/$defs/").unwrap()],
        None => schema,
    }
}

/// Required is what the core requires: leaving a required field out of a valid input is an
/// `invalid_argument` naming it; leaving an optional one out still builds. Nested input
/// objects (`verify_info`) are checked the same way.
/// Optional fields an input requires by its other fields: a customer-service message's object
/// is required when `msgtype` names it (the vector sends a text).
const CONDITIONAL: &[(&str, &str)] = &[("message.custom_send", "text")];

#[test]
fn required_fields_are_what_the_core_requires() {
    let doc = schema();
    let inputs = valid_inputs();
    let mut checked = 0;
    for op in doc["operations"].as_array().unwrap() {
        let name = op["name"].as_str().unwrap();
        let (_, token, input) = inputs
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no successful vector for {name}"));
        let info = registry::find(name).unwrap();
        let base = ApiBase::default();
        info.build(&Value::Object(input.clone()), token, &base)
            .unwrap_or_else(|e| panic!("{name}: the vector's input does not build: {e}"));
        let mut objects = vec![(String::new(), &op["input"], input.clone())];
        let mut i = 0;
        while i < objects.len() {
            let (prefix, object_schema, given) = objects[i].clone();
            i += 1;
            let required: Vec<&str> = object_schema["required"]
                .as_array()
                .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            for (field, property) in object_schema["properties"].as_object().unwrap() {
                let path = format!("{prefix}{field}");
                let target = resolve(&doc, property);
                if target["type"] == "object" {
                    if let Some(Value::Object(nested)) = given.get(field) {
                        objects.push((format!("{path}."), target, nested.clone()));
                    }
                }
                if !given.contains_key(field) {
                    assert!(
                        !required.contains(&field.as_str()),
                        "{name}: the vector leaves out required `{path}`"
                    );
                    continue;
                }
                let mut without = Value::Object(input.clone());
                let mut at = &mut without;
                for part in prefix.split('.').filter(|p| !p.is_empty()) {
                    at = &mut at[part];
                }
                at.as_object_mut().unwrap().remove(field);
                let result = info.build(&without, token, &base);
                if required.contains(&field.as_str()) {
                    let err = result.expect_err(&format!("{name}: `{path}` is required"));
                    let named = err.to_json()["field"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    // An object left out is reported by its first required field.
                    let nested =
                        target["type"] == "object" && named.starts_with(&format!("{path}."));
                    assert!(named == path || nested, "{name}: {err}");
                } else if CONDITIONAL.contains(&(name, path.as_str())) {
                    // Required only in the input at hand (the object its msgtype names).
                    let err = result.expect_err(&format!("{name}: `{path}` is required here"));
                    assert_eq!(err.to_json()["field"], path.as_str(), "{name}: {err}");
                } else {
                    result.unwrap_or_else(|e| panic!("{name}: `{path}` is optional: {e}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} fields checked");
}

#[test]
fn every_reference_resolves_and_names_are_the_types() {
    fn walk(value: &Value, refs: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    refs.push(r.clone());
                }
                map.values().for_each(|v| walk(v, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }
    let doc = schema();
    let mut refs = Vec::new();
    walk(&doc, &mut refs);
    let defs = doc["$defs"].as_object().unwrap();
    for r in &refs {
        let name = r.strip_prefix("#/$defs/").expect("local reference");
        assert!(defs.contains_key(name), "{r} does not resolve");
    }
    for name in defs.keys() {
        assert!(
            !name.ends_with(|c: char| c.is_ascii_digit()),
            "{name}: two types share a name; rename one"
        );
        assert!(
            refs.iter().any(|r| r.ends_with(&format!("/{name}"))),
            "{name} unused"
        );
    }
}

#[test]
fn operations_carry_the_registry_and_their_documentation() {
    let doc = schema();
    let ops = doc["operations"].as_array().unwrap();
    assert_eq!(ops.len(), registry::all().len());
    for (op, info) in ops.iter().zip(registry::all()) {
        let mut entry = info.to_json();
        for key in [
            "doc",
            "deprecation",
            "driver_callable",
            "platform_fills",
            "input",
            "output",
        ] {
            entry[key] = op[key].clone();
        }
        assert_eq!(op, &entry);
        let doc_text = op["doc"].as_str().unwrap();
        assert!(
            !doc_text.is_empty() && !doc_text.contains("[`"),
            "{}",
            info.name
        );
        assert_eq!(op["input"]["type"], "object", "{}", info.name);
        assert_eq!(op["input"]["additionalProperties"], false, "{}", info.name);
        match info.deprecated {
            true => {
                let note = op["deprecation"].as_str().unwrap();
                assert!(note.contains("use `register.enterprise`"), "{note}");
            }
            false => assert_eq!(op["deprecation"], Value::Null),
        }
        for (field, property) in op["input"]["properties"].as_object().unwrap() {
            let described = property["description"].as_str().unwrap_or_default();
            assert!(
                !described.is_empty(),
                "{}.{field} is undocumented",
                info.name
            );
        }
    }
}

#[test]
fn the_driver_calls_everything_but_pages_and_its_own_token_calls() {
    let doc = schema();
    let refused: Vec<&str> = doc["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["kind"] == "api" && op["driver_callable"] == false)
        .map(|op| op["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        refused,
        [
            "component.api_component_token",
            "component.query_auth",
            "component.authorizer_token"
        ]
    );
    for op in doc["operations"].as_array().unwrap() {
        if op["kind"] == "page" {
            assert_eq!(op["driver_callable"], false);
        }
    }
}

/// The fields the driver fills are exactly those the platform's identity answers: leaving
/// them out of an input and filling it gives the platform's values; nothing else is filled.
#[test]
fn platform_fills_are_the_platform_identity() {
    let doc = schema();
    let fills: Vec<(&str, Vec<&str>)> = doc["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| {
            let f = op["platform_fills"].as_array().unwrap();
            (
                op["name"].as_str().unwrap(),
                f.iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert_eq!(
        fills,
        [
            (
                "component.start_push_ticket",
                vec!["component_appid", "component_secret"]
            ),
            (
                "component.api_component_token",
                vec!["component_appid", "component_appsecret"]
            ),
            ("component.preauthcode", vec!["component_appid"]),
            ("page.component_login", vec!["component_appid"]),
            ("page.bind_component", vec!["component_appid"]),
            ("component.query_auth", vec!["component_appid"]),
            ("component.authorizer_token", vec!["component_appid"]),
            ("component.authorizer_info", vec!["component_appid"]),
            ("page.fastregister_auth", vec!["component_appid"]),
            ("page.rebind_admin", vec!["component_appid"]),
            ("quota.clear", vec!["appid"]),
            ("quota.clear_v2", vec!["component_appid", "appsecret"]),
        ]
    );
    // Every component-token call and page carrying the platform's appid gets it filled.
    for op in doc["operations"].as_array().unwrap() {
        let has_appid = op["input"]["properties"].get("component_appid").is_some();
        if op["token"] != "authorizer" && has_appid {
            assert!(
                op["platform_fills"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("component_appid")),
                "{}",
                op["name"]
            );
        }
    }
}

#[test]
fn outputs_describe_what_the_bindings_receive() {
    let doc = schema();
    let defs = &doc["$defs"];
    // A token is a required string; an absent optional field is null; unmodelled fields kept.
    let grant = &defs["ComponentTokenGrant"];
    assert_eq!(
        grant["properties"]["component_access_token"]["type"],
        "string"
    );
    assert_eq!(
        grant["properties"]["component_access_token"]["x-secret"],
        true
    );
    assert_eq!(grant["properties"]["expires_in"]["type"], "integer");
    assert_eq!(grant["additionalProperties"], true);
    assert_eq!(
        defs["RegistrationTask"]["properties"]["authorize_url"]["type"],
        json!(["string", "null"])
    );
    assert_eq!(defs["TaskStatus"]["type"], "integer");
    assert_eq!(defs["TaskStatus"]["x-status-kind"], "task");
    assert_eq!(defs["LinkStatus"]["x-status-kind"], "link");
    assert_eq!(defs["CodeType"]["enum"], json!([1, 2, 3]));
    // Wire names, renames included.
    assert!(
        defs["AuthorizerInfo"]["properties"]
            .get("MiniProgramInfo")
            .is_some()
    );
    assert!(
        defs["FuncscopeCategory"]["properties"]
            .get("type")
            .is_some()
    );
    let ops = doc["operations"].as_array().unwrap();
    for op in ops {
        let output = &op["output"];
        match (op["kind"].as_str().unwrap(), output.get("$ref")) {
            ("page", _) => assert_eq!(output["type"], "string"),
            (_, Some(_)) => {}
            _ => assert_eq!(output["type"], "null", "{}", op["name"]),
        }
    }
}
