//! JSON Schemas of every operation's input and output (feature `schema`), exported by
//! [`crate::api::registry::schema`] and committed as `schema/operations.json`, from which
//! `scripts/gen_stubs.py` writes the Python (`.pyi`) and TypeScript (`.d.ts`) declarations.
//!
//! The schemas come from the types themselves (`schemars` derives, serde attributes honoured);
//! the types whose serde form is hand-written get a hand-written schema here: [`Secret`]
//! (a string), [`Extra`] (the unmodelled fields: `additionalProperties`), [`Ack`] (`null`),
//! the input enums [`CodeType`], [`AuthType`] and [`CategoryId`] (integers), the 0/1 switches
//! ([`Flag`]) and the statuses (integers, in `status.rs`).
//!
//! Two contracts:
//! * an **input** is described as the bindings send it to the core (serde's deserialize
//!   side), in its canonical form: every value the schema allows is accepted (the core is more
//!   tolerant still — a numeric string for a number, `"true"` for a switch). A field is
//!   required when its doc comment says `(required` — the convention every input type follows,
//!   checked against the core's behaviour by a test that leaves each field out of a valid
//!   input.
//! * an **output** is described as the bindings receive it from the core (serde's serialize
//!   side): a field that may be absent is `null` (Python `None`; JavaScript leaves it out).
//!
//! Each operation also lists `platform_fills`: the input fields a platform driver fills with
//! the platform's own identity ([`crate::api::Operation::fill_platform`]), found by asking the
//! operation itself, so the `Platform` declarations make exactly those optional.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::api::fields::{AuthType, CategoryId, CodeType};
use crate::api::registry::{self, OperationInfo};
use crate::api::{Ack, Extra, Operation, OperationKind, PlatformIdentity};
use crate::error::Error;
use crate::secret::Secret;

/// What the registry keeps per operation: its input and output schemas, generated on demand.
pub(crate) type OpSchemaFn = fn(&mut Generators) -> (Schema, Schema);

/// The two generators every operation adds its types to.
#[derive(Debug)]
pub(crate) struct Generators {
    input: SchemaGenerator,
    output: SchemaGenerator,
}

impl Generators {
    fn new() -> Self {
        Self {
            input: SchemaSettings::draft2020_12()
                .for_deserialize()
                .into_generator(),
            output: SchemaSettings::draft2020_12()
                .for_serialize()
                .into_generator(),
        }
    }
}

/// The registry's [`OpSchemaFn`] for operation `O`: a `$ref` to its input type and one to its
/// output type (or the inline schema of a bare ack).
pub(crate) fn op_schemas<O>(generators: &mut Generators) -> (Schema, Schema)
where
    O: Operation + JsonSchema,
    O::Output: JsonSchema,
{
    (
        generators.input.subschema_for::<O>(),
        generators.output.subschema_for::<O::Output>(),
    )
}

/// The document `schema/operations.json` holds; see [`crate::api::registry::schema`].
pub(crate) fn document() -> Value {
    let mut generators = Generators::new();
    let refs: Vec<(&'static OperationInfo, Schema, Schema)> = registry::all()
        .iter()
        .map(|info| {
            let (input, output) = (info.schema)(&mut generators);
            (info, input, output)
        })
        .collect();
    let mut input_defs = generators.input.take_definitions(true);
    let output_defs = generators.output.take_definitions(true);

    let operations: Vec<Value> = refs
        .into_iter()
        .map(|(info, input_ref, output)| {
            // Each operation's own input type is inlined: it is used nowhere else.
            let mut input = take_ref(&mut input_defs, &input_ref);
            let doc = input
                .as_object_mut()
                .and_then(|o| o.remove("description"))
                .and_then(|d| d.as_str().map(str::to_owned))
                .unwrap_or_default();
            if let Some(o) = input.as_object_mut() {
                o.insert("title".into(), json!(info.rust));
                // `link.get` takes no field: still an object of (no) properties.
                o.entry("properties").or_insert_with(|| json!({}));
            }
            mark_required(&mut input);
            let output = match info.kind {
                OperationKind::Page => json!({
                    "description": "The page URL: built and validated, never sent.",
                    "type": "string",
                    "format": "uri",
                }),
                OperationKind::Api => output.to_value(),
            };
            let mut entry = info.to_json();
            if let Value::Object(map) = &mut entry {
                map.insert("deprecation".into(), json!(deprecation(info, &doc)));
                map.insert(
                    "driver_callable".into(),
                    json!(crate::driver::check_callable(info).is_ok()),
                );
                map.insert("doc".into(), json!(doc));
                map.insert("platform_fills".into(), json!(platform_fills(info, &input)));
                map.insert("input".into(), input);
                map.insert("output".into(), output);
            }
            entry
        })
        .collect();

    for schema in input_defs.values_mut() {
        mark_required(schema);
    }
    let mut defs = Map::new();
    for (name, schema) in input_defs.into_iter().chain(output_defs) {
        defs.entry(name).or_insert(schema);
    }
    let mut document = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from the wxopen core: WXOPEN_UPDATE_SCHEMA=1 cargo test -p wxopen --features schema. Do not edit.",
        "title": "wxopen operations",
        "description": "Every operation of the wxopen core in spec order: its registry entry, its input (the fields the bindings send, wire names) and its output (what the bindings receive; null where a field is absent). `platform_fills`: the input fields a platform driver fills with the platform's own identity; `driver_callable`: whether a platform driver calls it (page URLs and the token calls it manages itself are not); `task_kind`: the registration task a platform's `register` call of it records (null for other operations).",
        "operations": operations,
        "$defs": defs,
    });
    clean_descriptions(&mut document);
    document
}

/// Names the definitions the input and output sides both define differently (expected: none),
/// for the test that guards [`document`]'s merge.
#[cfg(test)]
pub(crate) fn colliding_definitions() -> Vec<String> {
    let mut generators = Generators::new();
    for info in registry::all() {
        let _ = (info.schema)(&mut generators);
    }
    let input = generators.input.take_definitions(true);
    let output = generators.output.take_definitions(true);
    input
        .iter()
        .filter(|(name, schema)| output.get(*name).is_some_and(|other| other != *schema))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The definition a `$ref` schema points at, taken out of `defs` (an inline schema as is).
fn take_ref(defs: &mut Map<String, Value>, schema: &Schema) -> Value {
    let name = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"));
    match name.and_then(|n| defs.remove(n)) {
        Some(def) => def,
        None => schema.clone().to_value(),
    }
}

/// Applies the input convention to an object schema: a property whose description says
/// `(required` is listed in `required`, loses its `default` and its `null` alternative.
fn mark_required(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    let mut required = Vec::new();
    for (name, property) in properties.iter_mut() {
        let says_required = property
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| d.contains("(required"));
        if !says_required {
            continue;
        }
        required.push(json!(name));
        if let Some(p) = property.as_object_mut() {
            p.remove("default");
            strip_null(p);
        }
    }
    if required.is_empty() {
        object.remove("required");
    } else {
        object.insert("required".into(), Value::Array(required));
    }
}

/// Removes the `null` alternative of an optional property (`"type": ["x", "null"]`, or an
/// `anyOf` with `{"type": "null"}`).
fn strip_null(property: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = property.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            property.insert("type".into(), only);
        }
    }
    let Some(Value::Array(any_of)) = property.get_mut("anyOf") else {
        return;
    };
    any_of.retain(|alternative| alternative.get("type").is_none_or(|t| t != "null"));
    if let [only] = any_of.as_slice() {
        let Value::Object(only) = only.clone() else {
            return;
        };
        property.remove("anyOf");
        property.extend(only);
    }
}

/// The input fields the driver fills with the platform's identity, in input order: those
/// for which [`Operation::fill_platform`] refuses a value that is not the platform's.
fn platform_fills(info: &'static OperationInfo, input: &Value) -> Vec<String> {
    let secret = Secret::new("probe-appsecret-of-the-platform");
    let platform = PlatformIdentity {
        component_appid: "wx_probe_platform_appid",
        appsecret: &secret,
    };
    let Some(Value::Object(properties)) = input.get("properties") else {
        return Vec::new();
    };
    properties
        .iter()
        .filter(|(_, p)| match p.get("type") {
            Some(Value::String(t)) => t == "string",
            Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
            _ => false,
        })
        .filter(|(name, _)| {
            let given = json!({ name.as_str(): "wx_probe_another_value" });
            let Ok(mut op) = info.decode(&given) else {
                return false;
            };
            matches!(
                op.fill_platform(&platform),
                Err(Error::InvalidArgument { field, .. }) if field == name.as_str()
            )
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// The note of a deprecated operation: the parenthesis of its doc's leading `Deprecated (…)`.
fn deprecation(info: &OperationInfo, doc: &str) -> Option<String> {
    if !info.deprecated {
        return None;
    }
    let note = doc
        .strip_prefix("Deprecated (")
        .and_then(|rest| rest.split_once(")."))
        .map_or("deprecated", |(note, _)| note);
    Some(note.to_owned())
}

/// Rustdoc links become plain code spans: ``[`crate::status::TaskStatus`]`` reads
/// `` `status::TaskStatus` ``.
fn clean_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" || key == "doc" => {
                        *text = unlink(text);
                    }
                    other => clean_descriptions(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_descriptions),
        _ => {}
    }
}

fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = after.find("`]") else {
            out.push_str(after);
            return out;
        };
        let inner = after.get(2..end).unwrap_or_default();
        let inner = ["crate::", "super::", "self::"]
            .iter()
            .find_map(|p| inner.strip_prefix(p))
            .unwrap_or(inner);
        out.push('`');
        out.push_str(inner);
        out.push('`');
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A 0/1 switch as an input describes it: a boolean, or the number 0 or 1 (sent as 1/0).
/// Schema-only: the fields are `Option<bool>` read by a tolerant deserializer.
#[derive(Debug)]
pub(crate) struct Flag;

impl JsonSchema for Flag {
    fn schema_name() -> Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A switch: true/false or 1/0, sent as 1/0.",
            "anyOf": [{ "type": "boolean" }, { "type": "integer", "enum": [0, 1] }],
        })
    }
}

impl JsonSchema for Secret {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "x-secret": true })
    }
}

/// Flattened into an object, it makes the object keep the fields it does not model.
impl JsonSchema for Extra {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "additionalProperties": true })
    }
}

impl JsonSchema for Ack {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Ack".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "Nothing but success.", "type": "null" })
    }
}

impl JsonSchema for CodeType {
    fn schema_name() -> Cow<'static, str> {
        "CodeType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "1 unified social credit code (18 characters), 2 organization code (`xxxxxxxx-x`), 3 business licence registration number (15 characters).",
            "type": "integer",
            "enum": [1, 2, 3],
        })
    }
}

impl JsonSchema for AuthType {
    fn schema_name() -> Cow<'static, str> {
        "AuthType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "1 official accounts only, 2 mini programs only, 3 both (WeChat's default); other positive values (e.g. 6) pass through.",
            "type": "integer",
            "minimum": 1,
            "maximum": u32::MAX,
        })
    }
}

impl JsonSchema for CategoryId {
    fn schema_name() -> Cow<'static, str> {
        "CategoryId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A permission-set id.",
            "type": "integer",
            "minimum": 1,
            "maximum": u32::MAX,
        })
    }
}

/// The schema of a status enum: the wire integer, its known codes listed.
pub(crate) fn status_schema(
    kind: crate::status::StatusKind,
    table: &[(i64, &str, &str, &str)],
) -> Schema {
    let known: Vec<String> = table
        .iter()
        .map(|(code, name, _, _)| format!("{code} {name}"))
        .collect();
    json_schema!({
        "description": format!(
            "A `{}` status: the wire integer; codes no table lists are kept. Known: {}.",
            kind.as_str(),
            known.join(", ")
        ),
        "type": "integer",
        "x-status-kind": kind.as_str(),
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn inputs_and_outputs_never_name_two_types_alike() {
        assert_eq!(colliding_definitions(), Vec::<String>::new());
    }

    #[test]
    fn links_become_code_spans() {
        assert_eq!(
            unlink("a [`crate::status::TaskStatus`] b [`super::pages::X`] [`Y`] c"),
            "a `status::TaskStatus` b `pages::X` `Y` c"
        );
        assert_eq!(unlink("no [`end"), "no [`end");
    }

    #[test]
    fn required_strips_null_and_default() {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "a": { "description": "A (required).", "type": ["string", "null"], "default": null },
                "b": { "description": "B (required; 1/0).", "anyOf": [{ "$ref": "#/$defs/Flag" }, { "type": "null" }] },
                "c": { "description": "C (optional).", "type": ["string", "null"] },
            },
        });
        mark_required(&mut schema);
        assert_eq!(schema["required"], json!(["a", "b"]));
        assert_eq!(
            schema["properties"]["a"],
            json!({ "description": "A (required).", "type": "string" })
        );
        assert_eq!(schema["properties"]["b"]["$ref"], "#/$defs/Flag");
        assert!(schema["properties"]["b"].get("anyOf").is_none());
        assert_eq!(schema["properties"]["c"]["type"], json!(["string", "null"]));
    }
}
