//! `footprint schema`: the JSON Schema of the scenario format accepts every shipped scenario
//! and flags unknown keys and wrong types.

use crate::common;
use std::path::{Path, PathBuf};

fn schema() -> serde_json::Value {
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary built")
        .arg("schema")
        .output()
        .expect("binary runs");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

/// A TOML text as the JSON document an editor validates.
fn as_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).expect("TOML");
    serde_json::to_value(value).expect("JSON")
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut files = Vec::new();
    toml_files(&common::root().join("scenarios"), &mut files);
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn the_schema_flags_unknown_keys_and_wrong_types_and_accepts_a_partial_file() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let ok = as_json(common::MINIMAL_SCENARIO);
    assert!(validator.is_valid(&ok));
    for bad in [
        common::edit(common::MINIMAL_SCENARIO, "pue = 1.2", "peu = 1.2"),
        common::edit(common::MINIMAL_SCENARIO, "pue = 1.2", "pue = \"1.2\""),
        common::edit(
            common::MINIMAL_SCENARIO,
            "policy = \"fifo\"",
            "policy = \"lifo\"",
        ),
        common::edit(
            common::MINIMAL_SCENARIO,
            "[simulation]",
            "typo = 1\n[simulation]",
        ),
    ] {
        assert!(!validator.is_valid(&as_json(&bad)), "{bad}");
    }
    // A sweep and an uncertain value in place of a number, and a study extending a base.
    let swept = common::edit(
        common::MINIMAL_SCENARIO,
        "pue = 1.2",
        "pue = { sweep = [1.1, 1.2] }\nwue_l_per_kwh = { dist = \"uniform\", min = 0.1, max = 0.2 }",
    );
    assert!(validator.is_valid(&as_json(&swept)));
    let bad_sweep = common::edit(
        common::MINIMAL_SCENARIO,
        "pue = 1.2",
        "pue = { swep = [1.1] }",
    );
    assert!(!validator.is_valid(&as_json(&bad_sweep)));
    let study = "extends = \"base.toml\"\n[simulation]\nseed = 9\n";
    assert!(validator.is_valid(&as_json(study)));
}
