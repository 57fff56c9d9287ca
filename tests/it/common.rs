//! Helpers shared by the integration tests: run the binary, read its CSV output.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A valid minimal scenario: one site of 2 × 8 H100, one fixed 8-GPU job, two days. The
/// bad-input and hostile-input tests each change one thing in it.
pub const MINIMAL_SCENARIO: &str = r#"[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 2
seed = 7

[scheduler]
policy = "fifo"

[[sites]]
name = "alpha"
pue = 1.2

[sites.grid]
carbon_intensity_g_per_kwh = 300

[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 5
"#;

/// `text` with the first `from` replaced by `to`; `from` must occur, so that a typo in a
/// test cannot leave the scenario valid (or broken for another reason) by accident.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "test bug: `{from}` not in the scenario:\n{text}"
    );
    text.replacen(from, to, 1)
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `footprint run SCENARIO --out OUT` and panics with its stderr on failure.
pub fn run(scenario: &Path, out: &Path, extra: &[&str]) {
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary built")
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "footprint run {} failed:\n{}",
        scenario.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Reads a CSV file into rows of column → value.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The mean of `metric` in `scope` from a `summary.csv`.
pub fn summary_mean(summary: &[HashMap<String, String>], scope: &str, metric: &str) -> f64 {
    summary
        .iter()
        .find(|r| r["scope"] == scope && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no {scope}/{metric} in summary.csv"))["mean"]
        .parse()
        .expect("number")
}

/// Sum of a numeric column.
pub fn column_sum(rows: &[HashMap<String, String>], column: &str) -> f64 {
    rows.iter()
        .map(|r| r[column].parse::<f64>().expect("number"))
        .sum()
}

/// Asserts |simulated − published| ≤ tolerance × |published|.
pub fn assert_within(case: &str, simulated: f64, published: f64, tolerance: f64) {
    let error = (simulated - published).abs() / published.abs();
    assert!(
        error <= tolerance,
        "{case}: simulated {simulated} vs published {published}: relative error {error:.5} > {tolerance}"
    );
}

/// Runs replication 0 of a scenario in audit mode (invariants checked after every event),
/// keeping every job record.
pub fn run_audited(
    scenario: &footprint::scenario::Scenario,
) -> (
    footprint::results::ReplicationResult,
    Vec<footprint::results::JobRecord>,
    footprint::run::Audit,
) {
    footprint::run::run_replication_with(
        scenario,
        0,
        Vec::new(),
        footprint::run::RunOptions {
            progress: None,
            audit: true,
            limits: Default::default(),
            fold_hours: false,
            hour_sink: None,
        },
    )
    .expect("runs")
}
