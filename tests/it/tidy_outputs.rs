//! Tidy, self-describing outputs: every file of a swept run carries one column per sweep
//! axis with the swept value, and every column of every file is described in
//! `docs/outputs.md`.

use crate::common;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Two lone axes (2 × 3 points; columns in key order) plus one uncertain value and synthetic
/// arrivals: every file and column a run can write (comparisons with their control variates,
/// bands, and sensitivity with per-point rows, which need more than two replications).
fn swept_scenario() -> String {
    let s = common::edit(
        common::MINIMAL_SCENARIO,
        "pue = 1.2",
        "pue = { sweep = [1.1, 1.3] }\nwue_l_per_kwh = { dist = \"uniform\", min = 0.1, max = 0.5 }",
    );
    let s = common::edit(
        &s,
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = { sweep = [100, 300, 500] }",
    );
    s + "\n[workload.arrivals]\njobs_per_day = 4\n\n[[workload.classes]]\nname = \"small\"\nshare = 1\ngpus = [1]\nduration_lognormal_mu = 8\nduration_lognormal_sigma = 1\n"
}

const AXES: &[(&str, &[&str])] = &[
    (
        "sweep:sites[0].grid.carbon_intensity_g_per_kwh",
        &["100", "300", "500"],
    ),
    ("sweep:sites[0].pue", &["1.1", "1.3"]),
];

fn header_and_rows(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a well-formed record"))
        .collect();
    (header, rows)
}

fn csv_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("run folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_output_of_a_swept_run_has_each_axis_as_a_column_with_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("swept.toml");
    std::fs::write(&scenario, swept_scenario()).unwrap();
    let out = dir.path().join("out");
    common::run(&scenario, &out, &["--reps", "5"]);
    let files = csv_files(&out);
    assert_eq!(
        files,
        [
            "comparisons.csv",
            "hourly.csv",
            "hourly_bands.csv",
            "jobs.csv",
            "replications.csv",
            "sensitivity.csv",
            "summary.csv"
        ]
    );
    for file in &files {
        let (header, rows) = header_and_rows(&out.join(file));
        let point = header.iter().position(|h| h == "point").expect("point");
        assert!(!rows.is_empty(), "{file} has no rows");
        for (k, (column, values)) in AXES.iter().enumerate() {
            let at = header
                .iter()
                .position(|h| h == column)
                .unwrap_or_else(|| panic!("{file}: no column {column} in {header:?}"));
            assert_eq!(at, point + 1 + k, "{file}: {column} right after point");
            let mut seen = BTreeSet::new();
            for row in &rows {
                if &row[point] == "all" {
                    // sensitivity.csv: the effect of a whole axis belongs to no point.
                    assert_eq!(&row[at], "", "{file}");
                    continue;
                }
                let key = column.trim_start_matches("sweep:");
                assert!(
                    row[point]
                        .split(';')
                        .any(|part| part == format!("{key}={}", &row[at])),
                    "{file}: {column} = {} but the point is {}",
                    &row[at],
                    &row[point]
                );
                seen.insert(row[at].to_string());
            }
            let want: BTreeSet<String> = values.iter().map(|v| v.to_string()).collect();
            assert_eq!(seen, want, "{file}: values of {column}");
        }
    }
    // The manifest stores the values, and the index of each at every point.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let axes = manifest["axes"].as_array().expect("axes");
    assert_eq!(axes.len(), AXES.len());
    for (axis, (column, values)) in axes.iter().zip(AXES) {
        assert_eq!(axis["column"], *column);
        assert_eq!(axis["values"], serde_json::json!(values));
        assert_eq!(axis["level_at_point"].as_array().unwrap().len(), 6);
    }
}

/// Documented columns of each file section of `docs/outputs.md` (first cell of each table
/// row, without its backticks), and the summary metric names.
fn documented() -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let text = std::fs::read_to_string(common::root().join("docs/outputs.md")).unwrap();
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            current = title.trim_matches('`').to_string();
        } else if let Some(cell) = line.strip_prefix("| `") {
            let name = cell.split('`').next().unwrap_or_default().to_string();
            sections.entry(current.clone()).or_default().push(name);
        }
    }
    let metrics = sections
        .remove("Summary metrics")
        .expect("a Summary metrics section");
    (sections, metrics)
}

/// Whether `column` is described by the documented name `doc` (`<...>` stands for any text;
/// `<metric>` for a summary metric).
fn matches(doc: &str, column: &str, metrics: &[String]) -> bool {
    match doc {
        "<scope>.<metric>" => column.rsplit_once('.').is_some_and(|(scope, metric)| {
            (scope == "total" || scope.starts_with("site:")) && metrics.iter().any(|m| m == metric)
        }),
        _ => match (doc.split_once('<'), doc.rsplit_once('>')) {
            // `prefix<...>suffix`: any non-empty text between them.
            (Some((prefix, _)), Some((_, suffix))) => {
                column.starts_with(prefix)
                    && column.ends_with(suffix)
                    && column.len() > prefix.len() + suffix.len()
            }
            _ => doc == column,
        },
    }
}

#[test]
fn every_column_of_every_output_file_is_documented() {
    let (sections, metrics) = documented();
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("swept.toml");
    std::fs::write(&scenario, swept_scenario()).unwrap();
    let out = dir.path().join("out");
    common::run(&scenario, &out, &["--reps", "5"]);
    for file in csv_files(&out) {
        let docs = sections
            .get(&file)
            .unwrap_or_else(|| panic!("docs/outputs.md has no section for {file}"));
        let (header, _) = header_and_rows(&out.join(&file));
        for column in &header {
            assert!(
                docs.iter().any(|d| matches(d, column, &metrics)),
                "{file}: column {column} is not described in docs/outputs.md"
            );
        }
        // and nothing is documented that the file does not have (generic rows aside)
        for d in docs.iter().filter(|d| !d.contains('<')) {
            assert!(
                header.contains(d),
                "docs/outputs.md describes {d} in {file}, which has no such column"
            );
        }
    }
}
