//! The scriptable command line (issue 14, items 4 and 5): JSON reports that parse, exit
//! codes a script can tell apart, completions, examples in `--help`, `validate` from any
//! folder, a scenario on standard input, and progress lines in non-terminal logs.

use crate::common;
use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A small valid scenario: one site of 2 × 8 H100, one fixed 8-GPU job, two days.
const SMALL: &str = r#"[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 2
seed = 7

[[sites]]
name = "alpha"
pue = 1.2

[sites.grid]
carbon_intensity_g_per_kwh = 300

[sites.cost]
electricity_usd_per_mwh = 50

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

fn footprint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("footprint").expect("binary built");
    c.current_dir(dir);
    c
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---- JSON reports -------------------------------------------------------------------------

#[test]
fn check_json_reports_each_scenario_and_fails_with_the_first_code() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("good.toml"), SMALL).unwrap();
    fs::write(
        dir.join("bad.toml"),
        SMALL.replace("pue = 1.2", "pue = 0.5"),
    )
    .unwrap();
    let out = footprint(dir)
        .args(["check", "good.toml", "bad.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["failed"], 1);
    let s = v["scenarios"].as_array().expect("array");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0]["path"], "good.toml");
    assert_eq!(s[0]["ok"], true);
    assert_eq!(s[0]["name"], "good");
    assert_eq!(s[0]["sites"], 1);
    assert_eq!(s[0]["fixed_jobs"], 1);
    assert_eq!(s[0]["sweep_points"], 1);
    assert_eq!(s[0]["exit_code"], 0);
    assert!(s[0]["error"].is_null());
    assert_eq!(s[1]["ok"], false);
    assert_eq!(s[1]["exit_code"], 1);
    let e = s[1]["error"].as_str().expect("error text");
    assert!(e.contains("bad.toml") && e.contains("sites[0].pue"), "{e}");
    // The human line still goes to stderr.
    assert!(stderr(&out).contains("error: bad.toml"));
}

#[test]
fn validate_runs_the_built_in_references_from_the_root_folder() {
    let out = footprint(Path::new("/")).arg("validate").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("| V13 |"));
    let out = footprint(Path::new("/"))
        .args(["validate", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["source"], "built-in");
    let cases = v["cases"].as_array().expect("cases");
    assert_eq!(v["total"].as_u64(), Some(cases.len() as u64));
    assert_eq!(v["reproduced"], v["total"]);
    let v13 = cases.iter().find(|c| c["case"] == "V13").expect("V13");
    for key in [
        "scenario",
        "what",
        "published",
        "simulated",
        "relative_error",
        "tolerance",
        "source",
    ] {
        assert!(!v13[key].is_null(), "{key} missing");
    }
    assert_eq!(v13["pass"], true);
}

#[test]
fn a_missed_figure_exits_with_the_validation_code() {
    let tmp = tempfile::tempdir().unwrap();
    let text =
        fs::read_to_string(common::root().join("scenarios/reference/gpt3-request.toml")).unwrap();
    fs::write(
        tmp.path().join("x.toml"),
        text.replace("published = 2.2\n", "published = 2.5\n"),
    )
    .unwrap();
    let out = footprint(tmp.path())
        .args(["validate", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v = json(&out);
    assert!(v["reproduced"].as_u64() < v["total"].as_u64());
    assert!(stderr(&out).contains("published figure(s) missed"));
}

#[test]
fn run_json_summary_matches_summary_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("s.toml"), SMALL).unwrap();
    let out = footprint(dir)
        .args([
            "run",
            "s.toml",
            "--out",
            "out",
            "--reps",
            "3",
            "--set",
            "sites[0].pue=1.1,1.3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["scenario"], "s");
    assert_eq!(v["replications_run"], 3);
    assert_eq!(v["folder"], "out");
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "summary.csv")
    );
    let points = v["points"].as_array().expect("points");
    assert_eq!(points.len(), 2);
    assert_eq!(v["baseline"], points[0]["name"]);
    let summary = common::read_csv(&dir.join("out/summary.csv"));
    for p in points {
        assert_eq!(p["replications"], 3);
        for metric in ["co2_total_kg", "facility_energy_kwh", "energy_cost_usd"] {
            let row = summary
                .iter()
                .find(|r| r["point"] == p["name"] && r["scope"] == "total" && r["metric"] == metric)
                .expect("summary row");
            let csv_mean: f64 = row["mean"].parse().unwrap();
            assert_eq!(
                p["mean"]["total"][metric].as_f64(),
                Some(csv_mean),
                "{metric}"
            );
        }
        assert!(p["mean"]["site:alpha"]["co2_total_kg"].as_f64().is_some());
    }
}

#[test]
fn quiet_json_run_prints_only_the_json() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), SMALL).unwrap();
    let out = footprint(tmp.path())
        .args(["run", "s.toml", "--out", "o", "-q", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["points"][0]["replications"], 1);
    assert!(!stderr(&out).contains("progress:"), "{}", stderr(&out));
}

#[test]
fn a_failed_json_run_prints_nothing_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("s.toml"),
        SMALL.replace("pue = 1.2", "pue = 0.5"),
    )
    .unwrap();
    let out = footprint(tmp.path())
        .args(["run", "s.toml", "--out", "o", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr(&out).contains("sites[0].pue"));
    let out = footprint(tmp.path())
        .args(["validate", "no-such-folder", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("no-such-folder"));
}

// ---- exit codes ---------------------------------------------------------------------------

#[test]
fn refusals_by_the_argument_parser_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["check", "x.toml", "--format", "yaml"][..],
        &["completions", "tcsh"],
        &["run", "--progress-every", "0"],
        &["run", "--no-such-flag"],
    ] {
        let out = footprint(tmp.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("error:"), "{args:?}");
    }
    let out = footprint(tmp.path()).arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit codes: 0 ok"));
}

#[test]
fn a_run_budget_exits_4_whether_predicted_or_met() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Predicted: a window beyond the horizon, refused by check and run alike.
    fs::write(
        dir.join("far.toml"),
        SMALL.replace("duration_days = 2", "duration_days = 40000"),
    )
    .unwrap();
    for cmd in ["check", "run"] {
        let out = footprint(dir).args([cmd, "far.toml"]).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{cmd}: {}", stderr(&out));
        assert!(stderr(&out).contains("--max-years"));
    }
    // Met while running: the event budget.
    let busy = format!(
        "{SMALL}\n[workload.arrivals]\njobs_per_day = 50\n\n[[workload.classes]]\nname = \"c\"\nshare = 1\ngpus = [1]\nduration_lognormal_mu = 6\nduration_lognormal_sigma = 1\n"
    );
    fs::write(dir.join("busy.toml"), busy).unwrap();
    let out = footprint(dir)
        .args([
            "run",
            "busy.toml",
            "--out",
            "o",
            "-q",
            "--max-events",
            "250",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("stopped:"));
    assert!(!dir.join("o").exists());
}

// ---- completions and help -----------------------------------------------------------------

#[test]
fn bash_completions_know_every_subcommand() {
    let out = footprint(Path::new("/"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("complete -F _footprint"), "{script}");
    for sub in [
        "run",
        "check",
        "merge",
        "validate",
        "catalog",
        "completions",
    ] {
        assert!(
            script.contains(&format!("footprint,{sub})")),
            "{sub} missing from the bash completions"
        );
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = footprint(Path::new("/"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
}

#[test]
fn every_command_help_shows_an_example() {
    for sub in [
        "run",
        "check",
        "merge",
        "validate",
        "catalog",
        "completions",
    ] {
        let out = footprint(Path::new("/"))
            .args([sub, "--help"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Example") && text.contains(&format!("footprint {sub}")),
            "{sub} --help:\n{text}"
        );
    }
}

// ---- standard input -----------------------------------------------------------------------

#[test]
fn a_scenario_is_read_from_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = footprint(dir)
        .args(["check", "-", "--format", "json"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["scenarios"][0]["path"], "-");
    assert_eq!(v["scenarios"][0]["name"], "stdin");
    let out = footprint(dir)
        .args(["run", "-", "--out", "o", "-q"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("o/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["scenario_source"], "<stdin>");
    // Without --out: results/stdin-<UTC time>.
    let out = footprint(dir)
        .args(["run", "-", "-q"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = fs::read_dir(dir.join("results"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.len() == 1 && names[0].starts_with("stdin-"),
        "{names:?}"
    );
    // Same results as the file.
    fs::write(dir.join("s.toml"), SMALL).unwrap();
    common::run(&dir.join("s.toml"), &dir.join("f"), &[]);
    assert_eq!(
        fs::read(dir.join("o/replications.csv")).unwrap(),
        fs::read(dir.join("f/replications.csv")).unwrap()
    );
}

#[test]
fn stdin_data_paths_start_from_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("data")).unwrap();
    let mut prices = "time_utc,price_usd_per_mwh\n".to_string();
    for h in 0..24 {
        prices.push_str(&format!("2023-01-01T{h:02}:00:00Z,40\n"));
    }
    fs::write(dir.join("data/p.csv"), prices).unwrap();
    let scenario = SMALL.replace(
        "electricity_usd_per_mwh = 50",
        "electricity_price_csv = \"data/p.csv\"",
    );
    let ok = footprint(dir)
        .args(["check", "-"])
        .write_stdin(scenario.clone())
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    let elsewhere = footprint(&dir.join("data"))
        .args(["check", "-"])
        .write_stdin(scenario)
        .output()
        .unwrap();
    assert_eq!(elsewhere.status.code(), Some(1));
    let e = stderr(&elsewhere);
    assert!(e.contains("<stdin>") && e.contains("data/p.csv"), "{e}");
}

#[test]
fn empty_stdin_and_a_second_dash_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in ["check", "run"] {
        let out = footprint(tmp.path())
            .args([cmd, "-"])
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&out).contains("<stdin>: standard input is empty"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!tmp.path().join("results").exists());
    let out = footprint(tmp.path())
        .args(["check", "-", "-"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("may be given once"),
        "{}",
        stderr(&out)
    );
}

// ---- progress -----------------------------------------------------------------------------

fn progress_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("progress: "))
        .collect()
}

/// The acceptance run of issue 14: `scenarios/uncertainty.toml --reps 200` with stderr
/// captured (not a terminal) writes a line at each tenth with rate and ETA.
#[test]
fn non_terminal_runs_write_progress_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let out = footprint(tmp.path())
        .arg("run")
        .arg(common::root().join("scenarios/uncertainty.toml"))
        .args(["--reps", "200", "--out", "o"])
        .env_remove("FOOTPRINT_PROGRESS_SECONDS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stderr(&out);
    let lines = progress_lines(&text);
    for tenth in 1..=10 {
        let done = format!(
            "progress: {}/200 replications ({}%)",
            20 * tenth,
            10 * tenth
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&done)),
            "no `{done}` line in\n{text}"
        );
    }
    for l in &lines {
        assert!(
            l.contains("replications/s") && l.contains("elapsed") && l.contains("eta"),
            "{l}"
        );
    }
    // The summary still goes to stdout, untouched.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("progress:"));
}

#[test]
fn a_single_replication_reports_simulated_days_and_quiet_silences_it() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        footprint(tmp.path())
            .arg("run")
            .args(extra)
            .env_remove("FOOTPRINT_PROGRESS_SECONDS")
            .output()
            .unwrap()
    };
    let out = run(&["--out", "a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stderr(&out);
    let lines = progress_lines(&text);
    // The built-in default: 30 simulated days, a line at each tenth.
    assert!(lines.len() >= 10, "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("progress: 30.0/30.0 simulated days (100%)")),
        "{text}"
    );
    let quiet = run(&["--out", "b", "-q"]);
    assert!(progress_lines(&stderr(&quiet)).is_empty());
}

/// With a short interval, set by flag or environment variable, the ticker adds lines
/// between the tenths.
#[test]
fn the_interval_adds_lines_between_tenths() {
    let tmp = tempfile::tempdir().unwrap();
    for (out_dir, flag, env) in [("a", Some("0.01"), None), ("b", None, Some("0.01"))] {
        let mut cmd = footprint(tmp.path());
        cmd.arg("run")
            .arg(common::root().join("scenarios/uncertainty.toml"))
            .args(["--reps", "200", "--out", out_dir, "--threads", "1"])
            .env_remove("FOOTPRINT_PROGRESS_SECONDS");
        if let Some(f) = flag {
            cmd.args(["--progress-every", f]);
        }
        if let Some(e) = env {
            cmd.env("FOOTPRINT_PROGRESS_SECONDS", e);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stderr(&out);
        // At most ten lines come from the tenths (and one at the end); a run of 200
        // replications lasts well over 0.1 s, so the 10 ms ticker adds more.
        assert!(progress_lines(&text).len() > 11, "{out_dir}: {text}");
    }
}
