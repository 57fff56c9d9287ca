//! Bad data files beside the scenario: the carbon-intensity CSV and a replayed job trace.

use super::*;

#[test]
fn missing_carbon_intensity_csv() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"grid/missing.csv\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.carbon_intensity_csv`",
            "cannot open",
            "missing.csv",
        ],
    );
}

#[test]
fn csv_with_a_gap_in_the_hours() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"ci.csv\"",
    );
    let csv = format!(
        "{CSV_HEADER}2023-01-01 00:00:00,X,1,2\n2023-01-01 01:00:00,X,1,2\n2023-01-01 03:00:00,X,1,2\n"
    );
    rejected(
        Some(&text),
        &[("ci.csv", &csv)],
        &[
            "`sites[0].grid.carbon_intensity_csv`",
            "ci.csv: line 4",
            "breaks the hourly sequence",
            "expected 2023-01-01T02:00:00Z",
        ],
    );
}

#[test]
fn csv_with_a_non_numeric_value() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"ci.csv\"",
    );
    let csv = format!("{CSV_HEADER}2023-01-01 00:00:00,X,1,2\n2023-01-01 01:00:00,X,1,n/a\n");
    rejected(
        Some(&text),
        &[("ci.csv", &csv)],
        &[
            "`sites[0].grid.carbon_intensity_csv`",
            "ci.csv: line 3",
            "carbon intensity `n/a` is not a number",
        ],
    );
}

#[test]
fn csv_without_the_requested_column() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"ci.csv\"\ncarbon_intensity_column = \"direct\"",
    );
    let csv = "Datetime (UTC),Carbon Intensity gCO₂eq/kWh (LCA)\n2023-01-01 00:00:00,2\n";
    rejected(
        Some(&text),
        &[("ci.csv", csv)],
        &[
            "`sites[0].grid.carbon_intensity_csv`",
            "no `Carbon Intensity gCO₂eq/kWh (direct)` column",
        ],
    );
}

#[test]
fn both_constant_and_csv_carbon_intensity() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\ncarbon_intensity_csv = \"ci.csv\"",
    );
    rejected(
        Some(&text),
        &[("ci.csv", &good_csv(24))],
        &[
            "`sites[0].grid`",
            "expected exactly one of carbon_intensity_g_per_kwh, carbon_intensity_csv",
        ],
    );
}

#[test]
fn neither_constant_nor_csv_carbon_intensity() {
    let text = edit(&base(), "carbon_intensity_g_per_kwh = 300", "");
    rejected_text(
        &text,
        &[
            "`sites[0].grid`",
            "expected exactly one of carbon_intensity_g_per_kwh, carbon_intensity_csv",
        ],
    );
}

#[test]
fn trace_replay_runs_and_its_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.csv");
    std::fs::write(
        &trace,
        "arrival_s,gpus,duration_s,name\n0,8,3600,a\n100,16,7200,b\n200,1,60,a\n",
    )
    .unwrap();
    let text = base().replace(
        "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n",
        "[workload]\ntrace_csv = \"trace.csv\"\n",
    );
    assert_ne!(text, base());
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, &text).unwrap();
    let out = dir.path().join("out");
    let status = Command::cargo_bin("footprint")
        .unwrap()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let jobs = std::fs::read_to_string(out.join("jobs.csv")).unwrap();
    assert_eq!(jobs.lines().count(), 4, "three trace jobs: {jobs}");
    std::fs::write(&trace, "arrival_s,gpus,duration_s\n0,8,3600\n0,64,5\n").unwrap();
    let bad = Command::cargo_bin("footprint")
        .unwrap()
        .arg("check")
        .arg(&scenario)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        !bad.status.success() && err.contains("trace.csv line 3") && err.contains("cannot fit"),
        "{err}"
    );
}
