//! The JSON Schema of the scenario format (`footprint schema`), for editors: derived from the
//! serde types of [`super::schema`] (so it cannot drift from what the parser accepts), then
//! adjusted for what the types alone do not say:
//!
//! - any value may be a sweep `{ sweep = [...] }` or an uncertain value `{ dist = ... }`;
//! - the top-level `extends` key names a base file;
//! - no key is required: a file that extends another may leave out what its base gives, so
//!   missing keys are left to `footprint check`; unknown keys and wrong types are flagged.

use serde_json::{Map, Value, json};

/// Name of the definition of a sweep value.
const SWEEP: &str = "Sweep";
/// Name of the definition of an uncertain value.
const UNCERTAIN: &str = "Uncertain";

/// Wraps every property of every object schema under `node` so that it also accepts a sweep
/// or an uncertain value, and drops `required`.
fn adjust(node: &mut Value) {
    match node {
        Value::Object(map) => {
            map.remove("required");
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (_, prop) in props.iter_mut() {
                    adjust(prop);
                    let original = std::mem::take(prop);
                    *prop = json!({
                        "anyOf": [
                            original,
                            { "$ref": format!("#/{DEFINITIONS}/{SWEEP}") },
                            { "$ref": format!("#/{DEFINITIONS}/{UNCERTAIN}") }
                        ]
                    });
                }
            }
            for (key, value) in map.iter_mut() {
                if key != "properties" {
                    adjust(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(adjust),
        _ => {}
    }
}

/// Where the definitions are, in draft 7.
const DEFINITIONS: &str = "definitions";

/// The JSON Schema of a scenario file, in draft 7 (an older draft than schemars' default, for
/// editors whose validators predate draft 2020-12).
pub fn scenario_schema() -> Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<super::ScenarioFile>();
    let mut root = schema.to_value();
    adjust(&mut root);
    let Value::Object(map) = &mut root else {
        return root;
    };
    map.insert(
        "title".into(),
        json!("footprint scenario (docs/scenario.md)"),
    );
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.insert(
            super::extends::EXTENDS_KEY.into(),
            json!({
                "type": "string",
                "description": "Path of the scenario file this one builds on, relative to this file's folder (docs/scenario.md §16)."
            }),
        );
    }
    let defs = map
        .entry(DEFINITIONS)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(defs) = defs {
        defs.insert(
            SWEEP.into(),
            json!({
                "description": "A sweep axis: the run is repeated for each value (docs/scenario.md §13).",
                "type": "object",
                "properties": {
                    "sweep": { "type": "array", "minItems": 1 },
                    "group": { "type": "string", "minLength": 1 },
                    "labels": { "type": "array", "items": { "type": "string" } }
                },
                "required": ["sweep"],
                "additionalProperties": false
            }),
        );
        defs.insert(
            UNCERTAIN.into(),
            json!({
                "description": "An uncertain value, drawn once per replication (docs/scenario.md §13).",
                "type": "object",
                "properties": { "dist": { "type": "string" } },
                "required": ["dist"]
            }),
        );
    }
    root
}
