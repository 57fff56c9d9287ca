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

/// Name of the scenario file written into each temporary folder.
const SCENARIO: &str = "scenario.toml";

/// Header of an Electricity Maps hourly zone file.
const CSV_HEADER: &str = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n";

/// A valid minimal scenario: one site of 2 × 8 H100, one fixed 8-GPU job, two days.
fn base() -> String {
    r#"# Minimal valid scenario for the bad-input tests.
[simulation]
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
"#
    .to_string()
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

/// `text` with the first `from` replaced by `to`; `from` must occur, so that a typo in a
/// test cannot leave the scenario valid (or broken for another reason) by accident.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "test bug: `{from}` not in the scenario:\n{text}"
    );
    text.replacen(from, to, 1)
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

// ---- controls: the unmutated scenarios are valid ----------------------------------------

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

// ---- parse errors: unknown keys, wrong types, syntax -----------------------------------

#[test]
fn unknown_top_level_key() {
    let text = format!("colour = \"red\"\n{}", base());
    rejected_text(
        &text,
        &[
            "at `colour`",
            "unknown field `colour`",
            "expected one of `simulation`",
            "line 1",
        ],
    );
}

#[test]
fn unknown_table() {
    let text = format!("{}\n[outputs]\njobs_csv = false\n", base());
    let line = format!("line {}", line_of(&text, "[outputs]"));
    rejected_text(
        &text,
        &["at `outputs`", "unknown field `outputs`", "`output`", &line],
    );
}

#[test]
fn unknown_nested_key() {
    let text = edit(&base(), "nodes = 2", "nodez = 2");
    let line = format!("line {}", line_of(&text, "nodez"));
    rejected_text(
        &text,
        &[
            "at `sites[0].cluster.nodez`",
            "unknown field `nodez`",
            "expected one of `nodes`",
            &line,
        ],
    );
}

#[test]
fn unknown_key_in_a_job() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nduration_days = 1",
    );
    rejected_text(
        &text,
        &[
            "at `workload.jobs[0].duration_days`",
            "unknown field",
            "`duration_hours`",
        ],
    );
}

#[test]
fn string_for_a_number() {
    let text = edit(&base(), "pue = 1.2", "pue = \"1.2\"");
    let line = format!("line {}", line_of(&text, "pue ="));
    rejected_text(
        &text,
        &[
            "at `sites[0].pue`",
            "invalid type: string",
            "expected f64",
            &line,
        ],
    );
}

#[test]
fn string_for_an_integer() {
    let text = edit(&base(), "gpus = 8\n", "gpus = \"eight\"\n");
    rejected_text(
        &text,
        &[
            "at `workload.jobs[0].gpus`",
            "invalid type: string",
            "expected u32",
        ],
    );
}

#[test]
fn negative_count() {
    let text = edit(&base(), "nodes = 2", "nodes = -2");
    rejected_text(
        &text,
        &[
            "at `sites[0].cluster.nodes`",
            "invalid value",
            "expected u32",
        ],
    );
}

#[test]
fn missing_required_key() {
    let text = edit(&base(), "start = \"2023-01-01T00:00:00Z\"\n", "");
    rejected_text(&text, &["`simulation`", "missing field `start`"]);
}

#[test]
fn syntax_error_unclosed_table() {
    let text = edit(&base(), "[sites.grid]", "[sites.grid");
    let line = format!("line {}", line_of(&text, "[sites.grid"));
    rejected_text(&text, &["unclosed table", "expected `]`", &line]);
}

#[test]
fn syntax_error_unterminated_string() {
    let text = edit(&base(), "name = \"alpha\"", "name = \"alpha");
    let line = format!("line {}", line_of(&text, "name = \"alpha"));
    rejected_text(&text, &["string", &line]);
}

#[test]
fn unknown_scheduler_policy() {
    let text = edit(&base(), "policy = \"fifo\"", "policy = \"shortest_first\"");
    let line = format!("line {}", line_of(&text, "policy ="));
    rejected_text(
        &text,
        &[
            "at `scheduler.policy`",
            "unknown variant `shortest_first`",
            "expected `fifo` or `easy_backfill`",
            &line,
        ],
    );
}

// ---- values out of range ---------------------------------------------------------------

#[test]
fn negative_host_power() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000",
        "host_busy_power_w = -5",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.host_busy_power_w`",
            "expected watts from 0 to 100000",
            "found -5",
        ],
    );
}

#[test]
fn zero_gpus_in_a_job() {
    let text = edit(&base(), "gpus = 8\n", "gpus = 0\n");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpus`",
            "expected at least 1 GPU",
            "found 0",
        ],
    );
}

#[test]
fn zero_nodes() {
    let text = edit(&base(), "nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodes`",
            "expected 1 to 10000000 nodes",
            "found 0",
        ],
    );
}

#[test]
fn zero_gpus_per_node() {
    let text = edit(&base(), "gpus_per_node = 8", "gpus_per_node = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.gpus_per_node`",
            "expected 1 to 64",
            "found 0",
        ],
    );
}

#[test]
fn mfu_above_one() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "parameters = 1e9\ntokens = 1e10\nmfu = 1.5",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].mfu`",
            "expected a model FLOPs utilisation in (0, 1]",
            "found 1.5",
        ],
    );
}

#[test]
fn pue_below_one() {
    let text = edit(&base(), "pue = 1.2", "pue = 0.9");
    rejected_text(
        &text,
        &["`sites[0].pue`", "expected a PUE from 1 to 10", "found 0.9"],
    );
}

#[test]
fn utilisation_above_one() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ngpu_utilization = 1.2",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpu_utilization`",
            "expected a utilisation in [0, 1]",
            "found 1.2",
        ],
    );
}

#[test]
fn bad_power_curve() {
    // The curve must run from u = 0 to u = 1; this one stops at 0.5.
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.cluster.accelerator_overrides]\npower_curve = [[0.0, 100.0], [0.5, 400.0]]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator_overrides.power_curve`",
            "u strictly increasing from 0 to 1",
        ],
    );
}

#[test]
fn job_larger_than_the_cluster() {
    let text = edit(&base(), "gpus = 8\n", "gpus = 24\n");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpus`",
            "a job of 24 GPUs cannot fit on site 'alpha'",
            "16 GPUs",
        ],
    );
}

#[test]
fn class_size_larger_than_the_cluster() {
    let text = edit(&with_classes(&base()), "gpus = [1, 8]", "gpus = [1, 64]");
    rejected_text(
        &text,
        &[
            "`workload.classes[0].gpus[1]`",
            "a job of 64 GPUs cannot fit",
        ],
    );
}

#[test]
fn arrival_after_the_window() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\narrival_hours = 48",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].arrival_hours`",
            "48 h is not before the end of the window (48 h)",
        ],
    );
}

// ---- the carbon-intensity CSV ----------------------------------------------------------

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

// ---- names and references --------------------------------------------------------------

#[test]
fn unknown_accelerator_lists_the_known_ones() {
    let text = edit(&base(), "accelerator = \"H100\"", "accelerator = \"H900\"");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator`",
            "unknown accelerator 'H900'",
            "expected one of",
            "A100-SXM4-80GB",
            "H100-SXM5-80GB",
            "footprint catalog",
        ],
    );
}

#[test]
fn duplicate_site_names() {
    let site =
        &base()[base().find("[[sites]]").unwrap()..base().find("[[workload.jobs]]").unwrap()];
    let text = edit(
        &base(),
        "[[workload.jobs]]",
        &format!("{site}[[workload.jobs]]"),
    );
    rejected_text(
        &text,
        &["`sites[1].name`", "site name 'alpha' is used twice"],
    );
}

#[test]
fn job_on_a_site_that_does_not_exist() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nsite = \"beta\"",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].site`",
            "no site named 'beta'",
            "expected one of alpha",
        ],
    );
}

#[test]
fn class_on_a_site_that_does_not_exist() {
    let text = edit(
        &with_classes(&base()),
        "name = \"small\"",
        "name = \"small\"\nsite = \"beta\"",
    );
    rejected_text(
        &text,
        &["`workload.classes[0].site`", "no site named 'beta'"],
    );
}

#[test]
fn run_name_that_is_not_a_folder_name() {
    let text = edit(
        &base(),
        "[simulation]\n",
        "[simulation]\nname = \"../escape\"\n",
    );
    rejected_text(
        &text,
        &[
            "`simulation.name`",
            "expected letters, digits",
            "'../escape'",
        ],
    );
}

// ---- time window and workload shape ----------------------------------------------------

#[test]
fn start_not_on_a_whole_hour() {
    let text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:30:00Z");
    rejected_text(
        &text,
        &[
            "`simulation.start`",
            "expected a whole UTC hour",
            "'2023-01-01T00:30:00Z'",
        ],
    );
}

#[test]
fn start_not_utc() {
    let text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:00:00+02:00");
    rejected_text(
        &text,
        &[
            "`simulation.start`",
            "is not a UTC timestamp like 2023-01-01T00:00:00Z",
        ],
    );
}

#[test]
fn synthetic_classes_without_duration_days() {
    let text = edit(&with_classes(&base()), "duration_days = 2\n", "");
    rejected_text(
        &text,
        &[
            "`simulation.duration_days`",
            "expected a window length",
            "[[workload.classes]]",
        ],
    );
}

#[test]
fn synthetic_classes_without_arrivals() {
    let text = edit(
        &with_classes(&base()),
        "[workload.arrivals]\njobs_per_day = 10\n",
        "",
    );
    rejected_text(
        &text,
        &[
            "`workload.arrivals`",
            "expected jobs_per_day or jobs_per_year",
        ],
    );
}

#[test]
fn class_without_a_duration_model() {
    let text = edit(
        &with_classes(&base()),
        "duration_lognormal_mu = 8\nduration_lognormal_sigma = 1\nduration_max_hours = 48\n",
        "",
    );
    rejected_text(
        &text,
        &[
            "`workload.classes[0]`",
            "expected exactly one duration model",
        ],
    );
}

#[test]
fn fixed_job_with_both_duration_hours_and_gpu_hours() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ngpu_hours = 40",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "expected exactly one of duration_hours, gpu_hours, or parameters",
        ],
    );
}

#[test]
fn fixed_job_without_a_duration() {
    let text = edit(&base(), "duration_hours = 5\n", "");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "expected exactly one of duration_hours, gpu_hours",
        ],
    );
}

#[test]
fn empty_workload() {
    let text = edit(
        &base(),
        "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n",
        "[workload]\n",
    );
    rejected_text(
        &text,
        &[
            "`workload`",
            "expected at least one [[workload.jobs]], [[workload.classes]] or a trace_csv",
        ],
    );
}

// ---- files and folders ------------------------------------------------------------------

#[test]
fn missing_scenario_file() {
    rejected(None, &[], &["cannot read the file"]);
}

#[test]
fn several_problems_are_all_reported() {
    let mut text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:30:00Z");
    text = edit(&text, "pue = 1.2", "pue = 0.5");
    text = edit(&text, "host_busy_power_w = 1000", "host_busy_power_w = -5");
    text = edit(&text, "nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "4 problems:",
            "`simulation.start`: expected a whole UTC hour",
            "`sites[0].pue`: expected a PUE from 1 to 10",
            "`sites[0].cluster.host_busy_power_w`: expected watts",
            "`sites[0].cluster.nodes`: expected 1 to 10000000 nodes",
        ],
    );
}

#[test]
fn several_workload_problems_are_all_reported() {
    let mut text = edit(&with_classes(&base()), "gpus = 8\n", "gpus = 0\n");
    text = edit(&text, "duration_hours = 5", "duration_hours = -1");
    text = edit(&text, "share = 1", "share = 0");
    text = edit(
        &text,
        "jobs_per_day = 10",
        "jobs_per_day = 10\njobs_per_year = 100",
    );
    rejected_text(
        &text,
        &[
            "4 problems:",
            "`workload.jobs[0].gpus`: expected at least 1 GPU",
            "`workload.jobs[0].duration_hours`: expected hours from 1 s to 1,000 years, found -1",
            "`workload.arrivals`: expected exactly one of jobs_per_day or jobs_per_year",
            "`workload.classes[0].share`: expected a number > 0, found 0",
        ],
    );
}

#[test]
fn check_reports_every_bad_file_and_still_checks_the_good_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = dir.join("good.toml");
    let bad = dir.join("bad.toml");
    fs::write(&good, base()).unwrap();
    fs::write(&bad, edit(&base(), "pue = 1.2", "pue = 0.9")).unwrap();
    let out = footprint(dir)
        .arg("check")
        .arg(&bad)
        .arg(&good)
        .arg(dir.join("absent.toml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains(&format!("ok: {}", good.display())),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("{}: `sites[0].pue`", bad.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("absent.toml: cannot read the file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 of 3 scenario(s) failed the check"),
        "{stderr}"
    );
}

#[test]
fn run_into_a_non_empty_folder_is_refused_and_leaves_it_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, base()).unwrap();
    let out = dir.join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("keep.txt"), "precious results").unwrap();
    fs::create_dir(out.join("sub")).unwrap();
    fs::write(out.join("sub/summary.csv"), "old").unwrap();

    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_refused(
        "run",
        &run,
        &out.display().to_string(),
        &["already exists and is not empty"],
    );
    assert_eq!(
        fs::read_to_string(out.join("keep.txt")).unwrap(),
        "precious results"
    );
    assert_eq!(
        fs::read_to_string(out.join("sub/summary.csv")).unwrap(),
        "old"
    );
    assert_eq!(
        listing(&out),
        BTreeSet::from(["keep.txt".to_string(), "sub".to_string()])
    );
    assert_eq!(
        listing(&out.join("sub")),
        BTreeSet::from(["summary.csv".to_string()])
    );
    // No hidden `.out.partial-*` sibling either.
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string(), "out".to_string()])
    );
}

#[test]
fn run_into_an_existing_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, base()).unwrap();
    let out = dir.join("out");
    fs::write(&out, "not a folder").unwrap();
    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_refused("run", &run, &out.display().to_string(), &["already exists"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a folder");
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string(), "out".to_string()])
    );
}

// ---- sweeps, uncertain values and --set ---------------------------------------------------

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

#[test]
fn sweep_with_an_invalid_point() {
    let text = edit(&base(), "pue = 1.2", "pue = { sweep = [1.2, 0.5] }");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "expected a PUE from 1 to 10",
            "found 0.5",
            "point sites[0].pue=0.5",
        ],
    );
}

#[test]
fn empty_sweep() {
    let text = edit(&base(), "pue = 1.2", "pue = { sweep = [] }");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "a sweep is written { sweep = [v1, v2, ...] }",
        ],
    );
}

#[test]
fn unknown_distribution() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"gamma\", shape = 2 }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "unknown distribution 'gamma'",
            "expected one of fixed, uniform, normal",
        ],
    );
}

#[test]
fn distribution_with_min_above_max() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = { dist = \"uniform\", min = 300, max = 200 }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.carbon_intensity_g_per_kwh`",
            "expected min ≤ max",
        ],
    );
}

#[test]
fn distribution_missing_a_parameter() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"triangular\", min = 1.1, max = 1.4 }",
    );
    rejected_text(&text, &["`sites[0].pue`", "missing `mode`"]);
}

#[test]
fn swept_seed() {
    let text = edit(&base(), "seed = 7", "seed = { sweep = [1, 2] }");
    rejected_text(
        &text,
        &["`simulation.seed`", "cannot be swept or uncertain"],
    );
}

#[test]
fn unknown_key_in_a_swept_scenario() {
    let text = edit(
        &edit(&base(), "pue = 1.2", "pue = { sweep = [1.2, 1.3] }"),
        "nodes = 2",
        "nodez = 2",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodez`",
            "unknown field `nodez`",
            "expected one of `nodes`",
        ],
    );
}

#[test]
fn uncertain_value_outside_its_range_in_a_later_replication() {
    // Replication 0 may be fine (check only samples it); some of 40 replications draw a
    // PUE below 1, and the run must then fail without leaving a folder.
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"uniform\", min = 0.5, max = 1.3 }",
    );
    run_rejected(
        &text,
        &["--reps", "40", "-q"],
        &[
            "`sites[0].pue`",
            "expected a PUE from 1 to 10",
            "replication",
        ],
    );
}

#[test]
fn set_with_an_out_of_range_value() {
    run_rejected(
        &base(),
        &["--set", "sites[0].pue=0.5"],
        &[SCENARIO, "`sites[0].pue`", "expected a PUE from 1 to 10"],
    );
}

#[test]
fn set_sweep_with_an_invalid_value() {
    run_rejected(
        &base(),
        &["--set", "sites[0].cluster.nodes=2,0"],
        &[
            SCENARIO,
            "`sites[0].cluster.nodes`",
            "expected 1 to 10000000 nodes",
        ],
    );
}

#[test]
fn set_without_a_value() {
    run_rejected(
        &base(),
        &["--set", "nope"],
        &["--set nope", "expected key=value"],
    );
}

// ---- extreme values ------------------------------------------------------------------------

#[test]
fn absurd_job_duration_is_refused() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 1e300\narrival_hours = 1",
    );
    rejected_text(&text, &["`workload.jobs[0].duration_hours`", "expected"]);
}

#[test]
fn absurd_start_year_is_refused_as_a_bad_timestamp() {
    let text = edit(
        &base(),
        "2023-01-01T00:00:00Z",
        "999999999999-01-01T00:00:00Z",
    );
    rejected_text(&text, &["`simulation.start`", "is not a UTC timestamp"]);
}

// ---- weather, cooling, grid models ----------------------------------------------------------

#[test]
fn cooling_without_weather() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cooling`",
            "a cooling system needs [sites.weather]",
        ],
    );
}

#[test]
fn constant_pue_and_cooling() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "pue = 1.2\n\n[sites.weather]\npreset = \"DE-LU\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "give either a constant pue or [sites.cooling], not both",
        ],
    );
}

#[test]
fn neither_pue_nor_cooling() {
    let text = edit(&base(), "pue = 1.2\n", "");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "expected a constant pue, or a [sites.cooling] table",
        ],
    );
}

#[test]
fn unknown_cooling_system_lists_the_known_ones() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\npreset = \"DE-LU\"\n\n[sites.cooling]\nsystem = \"swamp_cooler\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cooling.system`",
            "unknown system 'swamp_cooler'",
            "expected one of",
            "air_cooled_chiller",
        ],
    );
}

#[test]
fn two_weather_sources() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "pue = 1.2\n\n[sites.weather]\npreset = \"DE-LU\"\ncsv = \"weather.csv\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].weather`",
            "expected exactly one of preset, open_meteo_json or csv",
        ],
    );
}

#[test]
fn weather_csv_with_humidity_out_of_range() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\ncsv = \"weather.csv\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let csv = "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,10,50\n2023-01-01 01:00:00,10,150\n";
    rejected(
        Some(&text),
        &[("weather.csv", csv)],
        &[
            "`sites[0].weather.csv`",
            "weather.csv: line 3",
            "relative humidity 150",
            "expected a percentage",
        ],
    );
}

#[test]
fn bad_weather_file_is_not_reported_as_missing_weather() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\ncsv = \"weather.csv\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(SCENARIO), &text).unwrap();
    fs::write(
        tmp.path().join("weather.csv"),
        "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,x,50\n",
    )
    .unwrap();
    let out = footprint(tmp.path())
        .arg("check")
        .arg(tmp.path().join(SCENARIO))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`sites[0].weather.csv`"), "{stderr}");
    assert!(
        !stderr.contains("needs [sites.weather]"),
        "misleading second error:\n{stderr}"
    );
}

#[test]
fn unknown_grid_preset_lists_the_known_ones() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"Atlantis\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.preset`",
            "unknown region 'Atlantis'",
            "expected one of",
            "US-CAL-CISO",
        ],
    );
}

#[test]
fn emission_factors_without_a_generation_mix() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\nemission_factors = \"li_et_al\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.emission_factors`",
            "only applies with preset or genmix_csv",
        ],
    );
}

#[test]
fn genmix_csv_with_negative_generation() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "genmix_csv = \"mix.csv\"",
    );
    let csv = "timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH\n\
               2023-01-01 00:00:00+00:00,1,1,1,1,1,1,1,1\n\
               2023-01-01 01:00:00+00:00,1,1,1,1,-1,1,1,1\n";
    rejected(
        Some(&text),
        &[("mix.csv", csv)],
        &[
            "`sites[0].grid.genmix_csv`",
            "mix.csv: line 3",
            "NG -1 must be finite and ≥ 0",
        ],
    );
}

#[test]
fn decarbonisation_rate_out_of_range() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\ndecarbonization_per_year = 1.5",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.decarbonization_per_year`",
            "a yearly fall from 0 to 0.99",
            "found 1.5",
        ],
    );
}

// ---- failures, power caps, scheduling operations -------------------------------------------

#[test]
fn failure_rate_above_one() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.failures]\nrate_per_gpu_hour = 2\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].failures.rate_per_gpu_hour`",
            "from 0 to 1",
            "found 2",
        ],
    );
}

#[test]
fn power_cap_window_out_of_range() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.power_cap]\ngpu_cap_w = 400\ndaily_windows_utc = [[25, 3]]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].power_cap.daily_windows_utc`",
            "hours 0–24 and start ≠ end",
        ],
    );
}

#[test]
fn gaussian_forecast_without_an_error() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nforecast = \"gaussian\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.temporal.forecast_error_sd`",
            "expected with forecast = \"gaussian\"",
        ],
    );
}

#[test]
fn weighted_objective_without_weights() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nobjective = \"weighted\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.temporal.weights`",
            "with objective = \"weighted\"",
        ],
    );
}

#[test]
fn spatial_and_temporal_objectives_differ() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nobjective = \"water\"\n\n[scheduler.spatial]\nobjective = \"carbon\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.spatial.objective`",
            "must equal scheduler.temporal.objective",
        ],
    );
}

#[test]
fn interruptible_job_without_a_deadline() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ninterruptible = true",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].interruptible`",
            "only applies to deferrable jobs (with deadline_hours)",
        ],
    );
}

#[test]
fn deadline_shorter_than_the_job() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ndeadline_hours = 3",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].deadline_hours`",
            "3 h is shorter than the job itself (5 h)",
        ],
    );
}

#[test]
fn allowed_site_that_does_not_exist() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nallowed_sites = [\"beta\"]",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].allowed_sites[0]`",
            "no site named 'beta'",
        ],
    );
}

#[test]
fn job_placed_outside_its_allowed_sites() {
    let site =
        &base()[base().find("[[sites]]").unwrap()..base().find("[[workload.jobs]]").unwrap()];
    let second = site.replace("name = \"alpha\"", "name = \"beta\"");
    let text = edit(
        &base(),
        "[[workload.jobs]]",
        &format!("{second}[[workload.jobs]]"),
    );
    let text = edit(
        &text,
        "duration_hours = 5",
        "duration_hours = 5\nallowed_sites = [\"beta\"]",
    );
    rejected_text(&text, &["`workload.jobs[0]", "allowed_sites"]);
}

#[test]
fn both_checkpoint_interval_and_young_daly() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ncheckpoint_interval_hours = 1\ncheckpoint_young_daly = true",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "give checkpoint_interval_hours or checkpoint_young_daly, not both",
        ],
    );
}

#[test]
fn sweep_group_with_unequal_lengths() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { sweep = [1.2, 1.3], group = \"g\" }",
    );
    let text = edit(
        &text,
        "host_busy_power_w = 1000",
        "host_busy_power_w = { sweep = [1000, 1100, 1200], group = \"g\" }",
    );
    rejected_text(&text, &["sweep group 'g' has", "need equal lengths"]);
}

#[test]
fn sweep_labels_that_do_not_name_every_value() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { sweep = [1.2, 1.3], labels = [\"low\"] }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "`labels` must name every value of the sweep",
        ],
    );
}

#[test]
fn huge_counts_sizes_and_rates_are_refused_before_any_allocation() {
    for (from, to, expected) in [
        (
            "gpus = 8\n",
            "gpus = 8\ncount = 4000000000\n",
            "`workload.jobs[0].count`: expected 1 to 1000000",
        ),
        (
            "nodes = 2",
            "nodes = 4000000000",
            "`sites[0].cluster.nodes`: expected 1 to 10000000 nodes",
        ),
    ] {
        let text = base().replacen(from, to, 1);
        assert_ne!(text, base(), "mutation {to} applied");
        rejected_text(&text, &[expected]);
    }
}

#[test]
fn set_with_an_index_out_of_range_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, base()).unwrap();
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["run", "--set", "sites[3].pue=1.5", "--out"])
        .arg(dir.path().join("out"))
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("index 3 out of range"),
        "{err}"
    );
}

#[test]
fn absurd_arrival_rate_is_refused() {
    let text = with_classes(&base()).replace("jobs_per_day = 10", "jobs_per_day = 1e300");
    rejected_text(
        &text,
        &["`workload.arrivals`", "expected arrivals in the window"],
    );
}

#[test]
fn validation_errors_give_the_line_of_the_key() {
    // base(): `nodes = 2` is on line 18 of the file.
    let line = base().lines().position(|l| l == "nodes = 2").unwrap() + 1;
    let text = base().replace("nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodes`",
            &format!("(line {line}, column 1)"),
        ],
    );
    // In a swept scenario too (the typed check runs on the expanded scenario).
    let swept = base().replace("nodes = 2", "nodes = 2\nnodez = { sweep = [1, 2] }");
    rejected_text(
        &swept,
        &[
            "unknown field `nodez`",
            &format!("line {}, column 1", line + 1),
        ],
    );
}

#[test]
fn bad_weekly_profiles_are_explained() {
    let text =
        with_classes(&base()).replace("jobs_per_day = 10", "jobs_per_day = 10\nprofile = \"nope\"");
    rejected_text(
        &text,
        &["`workload.arrivals.profile`", "expected helios-venus"],
    );
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nweekly_profile = [1.0, 2.0]",
    );
    rejected_text(
        &text,
        &["`workload.arrivals.weekly_profile`", "expected 168 factors"],
    );
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nprofile = \"helios-venus\"\nutc_offset_hours = 30",
    );
    rejected_text(
        &text,
        &[
            "`workload.arrivals.utc_offset_hours`",
            "expected hours from -12 to 14",
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
