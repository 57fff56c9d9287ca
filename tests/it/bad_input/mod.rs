//! Bad input: every malformed scenario is refused by both `footprint check` and
//! `footprint run`, with a message on stderr that names the file, the offending key path
//! (or the line, for TOML syntax errors) and what was expected. Nothing panics, and no
//! output folder appears: neither `--out` nor the hidden `.out.partial-*` sibling.
//!
//! Each case starts from a valid minimal scenario ([`base`], checked to pass in
//! [`base_scenarios_pass_check`]) and changes one thing, so that a case can only fail for
//! the reason it is about.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::common::{MINIMAL_SCENARIO, edit};

mod carbon;
mod data_files;
mod evolving;
mod files;
mod marginal;
mod materials;
mod operations;
mod references;
mod site_models;
mod site_physics;
mod sweeps;
mod syntax;
mod time_zones;
mod traces;
mod values;
mod water_factors;
mod workload;

/// Name of the scenario file written into each temporary folder.
const SCENARIO: &str = "scenario.toml";

/// Header of an Electricity Maps hourly zone file.
const CSV_HEADER: &str = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n";

/// A valid minimal scenario: one site of 2 × 8 H100, one fixed 8-GPU job, two days
/// ([`MINIMAL_SCENARIO`] after a comment line, so that its keys sit one line lower).
fn base() -> String {
    format!("# Minimal valid scenario for the bad-input tests.\n{MINIMAL_SCENARIO}")
}

/// `text` plus a synthetic job class and its arrival rate.
fn with_classes(text: &str) -> String {
    format!(
        "{text}
[workload.arrivals]
jobs_per_day = 10

[[workload.classes]]
name = \"small\"
share = 1
gpus = [1, 8]
duration_lognormal_mu = 8
duration_lognormal_sigma = 1
duration_max_hours = 48
"
    )
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("test bug: `{needle}` not found"))
        + 1
}

/// An hourly CSV of `hours` contiguous rows from 2023-01-01 00:00 UTC.
fn good_csv(hours: usize) -> String {
    let mut s = CSV_HEADER.to_string();
    for h in 0..hours {
        s += &format!(
            "2023-01-{:02} {:02}:00:00,US-CAL-CISO,{}.5,{}\n",
            1 + h / 24,
            h % 24,
            200 + h,
            250 + h
        );
    }
    s
}

fn footprint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("footprint").expect("the footprint binary is built");
    // Anything written by mistake (e.g. a default `results/` folder) lands in the temp dir,
    // where the listing check below sees it.
    cmd.current_dir(dir);
    cmd
}

/// Names of everything in `dir`, hidden entries included.
fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Asserts one refusal: failure exit code, no panic, and every expected phrase on stderr.
fn assert_refused(what: &str, output: &std::process::Output, file: &str, expect: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "{what}: expected failure, got success\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{what}: expected exit code 1 (not a crash)\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "{what}: panicked\nstderr: {stderr}"
    );
    assert!(
        stderr.contains(file),
        "{what}: file name `{file}` missing from stderr:\n{stderr}"
    );
    for phrase in expect {
        assert!(
            stderr.contains(phrase),
            "{what}: `{phrase}` missing from stderr:\n{stderr}"
        );
    }
}

/// Writes `scenario` (unless `None`: a missing file) and the data `files` into a fresh
/// temp dir, then runs `check FILE` and `run FILE --out DIR/out` and asserts that both
/// refuse with `expect` on stderr and that nothing else appeared in the folder.
fn rejected(scenario: Option<&str>, files: &[(&str, &str)], expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    if let Some(text) = scenario {
        fs::write(&path, text).unwrap();
    }
    for (name, contents) in files {
        fs::write(dir.join(name), contents).unwrap();
    }
    let before = listing(dir);
    let file = path.display().to_string();

    let check = footprint(dir).arg("check").arg(&path).output().unwrap();
    assert_refused("check", &check, &file, expect);

    let out = dir.join("out");
    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_refused("run", &run, &file, expect);
    assert!(
        !out.exists(),
        "run created the output folder {}",
        out.display()
    );
    assert_eq!(listing(dir), before, "run left something in the folder");
    let mut expected: BTreeSet<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    if scenario.is_some() {
        expected.insert(SCENARIO.to_string());
    }
    assert_eq!(listing(dir), expected);
}

fn rejected_text(scenario: &str, expect: &[&str]) {
    rejected(Some(scenario), &[], expect);
}

#[test]
fn base_scenarios_pass_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("ci.csv"), good_csv(48)).unwrap();
    let variants = [
        ("fixed.toml", base()),
        ("classes.toml", with_classes(&base())),
        (
            "csv.toml",
            edit(
                &base(),
                "carbon_intensity_g_per_kwh = 300",
                "carbon_intensity_csv = \"ci.csv\"",
            ),
        ),
        (
            "model.toml",
            edit(
                &base(),
                "duration_hours = 5",
                "parameters = 1e9\ntokens = 1e10\nmfu = 0.4",
            ),
        ),
        (
            "gpuh.toml",
            edit(&base(), "duration_hours = 5", "gpu_hours = 40"),
        ),
    ];
    for (name, text) in &variants {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        let out = footprint(dir).arg("check").arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "{name} should pass check:\n{}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("ok:"));
    }
}

#[test]
fn base_scenario_runs_and_writes_the_folder() {
    // So that "no output folder" below is a real observation, not a vacuous one.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, base()).unwrap();
    let out = dir.join("out");
    footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    assert!(out.join("summary.csv").is_file());
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string(), "out".to_string()])
    );
}

/// `footprint run FILE --out DIR/out ARGS...` must refuse with `expect` on stderr and leave
/// nothing behind (for command-line options `check` does not have).
fn run_rejected(scenario: &str, args: &[&str], expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, scenario).unwrap();
    let out = dir.join("out");
    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(1),
        "expected exit code 1\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "panicked\nstderr: {stderr}");
    for phrase in expect {
        assert!(
            stderr.contains(phrase),
            "`{phrase}` missing from stderr:\n{stderr}"
        );
    }
    assert!(!out.exists(), "run created the output folder");
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string()]),
        "run left something in the folder"
    );
}
