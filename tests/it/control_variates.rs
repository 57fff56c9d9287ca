//! Control variates of paired comparisons: the offered GPU-hours per site, their closed-form
//! expectation, and the `cv_` columns of `comparisons.csv` (present, consistent, merged
//! exactly from shards, absent where undefined).

use crate::common;
use footprint::montecarlo::control::{expected_offered_gpu_hours, offered_gpu_hours};
use std::collections::HashMap;
use std::path::Path;

/// Two sites; synthetic classes homed at each, `tail` appended.
fn text(arrivals_extra: &str, scheduler: &str, tail: &str) -> String {
    format!(
        r#"
[simulation]
name = "cv"
start = "2023-03-20T00:00:00Z"
duration_days = 14
seed = 3

[scheduler]
{scheduler}

[[sites]]
name = "dirty"
[sites.cooling]
system = "chiller_waterside_economizer"
[sites.weather]
preset = "DE-LU"
[sites.grid]
preset = "DE-LU"
[sites.cluster]
nodes = 6
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[[sites]]
name = "clean"
[sites.cooling]
system = "chiller_waterside_economizer"
[sites.weather]
preset = "DE-LU"
[sites.grid]
preset = "CA-ON"
[sites.cluster]
nodes = 6
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[workload.arrivals]
jobs_per_day = 40
{arrivals_extra}

[[workload.classes]]
name = "short"
share = 0.6
gpus = [1, 2, 4]
duration_lognormal_mu = 9.0
duration_lognormal_sigma = 1.5
duration_max_hours = 6
site = "dirty"
slack_hours = 24

[[workload.classes]]
name = "long"
share = 0.3
gpus = [8, 16]
duration_lognormal_mu = 10.5
duration_lognormal_sigma = 0.8
duration_max_hours = 48
site = "clean"
slack_hours = 24

[[workload.classes]]
name = "sized"
share = 0.1
gpus = [8, 16]
parameters = 1e9
tokens = 2e10
mfu = 0.4
site = "clean"
{tail}
"#
    )
}

#[test]
fn expected_offered_work_matches_a_monte_carlo_of_the_generator() {
    // The Helios profile on Berlin's clock across the 2023-03-26 daylight-saving change, a
    // cap that binds on a quarter of the short jobs, and a model-size class.
    let scenario = footprint::scenario::Scenario::from_toml(
        &text(
            "profile = \"helios-venus\"\ntimezone = \"Europe/Berlin\"",
            "policy = \"fifo\"",
            "",
        ),
        "cv.toml",
        Path::new("."),
        "cv",
    )
    .expect("valid scenario");
    let expected = expected_offered_gpu_hours(&scenario).expect("synthetic arrivals");
    let reps = 2_000;
    let draws: Vec<Vec<f64>> = (0..reps)
        .map(|r| offered_gpu_hours(&scenario, r).expect("defined"))
        .collect();
    for site in 0..2 {
        let values: Vec<f64> = draws.iter().map(|d| d[site]).collect();
        let mean = values.iter().sum::<f64>() / reps as f64;
        let sd =
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (reps - 1) as f64).sqrt();
        let se = sd / (reps as f64).sqrt();
        // Within four standard errors (a false alarm once in 16,000 runs).
        assert!(
            (mean - expected[site]).abs() < 4.0 * se,
            "site {site}: Monte Carlo {mean} ± {se} vs expected {}",
            expected[site]
        );
        // The test can tell a 2 % error apart.
        assert!(0.02 * expected[site] > 8.0 * se, "site {site}: se {se}");
    }
    // Without the cap the short jobs' mean would be far off: the closed form uses it.
    let uncapped = (9.0f64 + 1.5 * 1.5 / 2.0).exp();
    let capped = footprint::montecarlo::control::capped_lognormal_mean(9.0, 1.5, 6.0 * 3600.0);
    assert!(capped < 0.75 * uncapped, "{capped} vs {uncapped}");
}

type Rows = Vec<HashMap<String, String>>;

fn f(r: &HashMap<String, String>, k: &str) -> f64 {
    r[k].parse().unwrap_or_else(|_| panic!("{k} = {:?}", r[k]))
}

fn run_in(dir: &Path, name: &str, scheduler: &str, extra: &[&str]) -> std::path::PathBuf {
    let file = dir.join(format!("{name}.toml"));
    std::fs::write(&file, text("", scheduler, "")).expect("write");
    let out = dir.join(name);
    common::run(&file, &out, extra);
    out
}

#[test]
fn comparisons_carry_a_control_variate_estimate_that_shards_reproduce() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scheduler = r#"sweep = [
  { policy = "fifo" },
  { policy = "easy_backfill", spatial = { objective = "carbon", transfer_delay_hours = 0.5 } },
]
group = "policy"
labels = ["fifo", "spatial"]"#;
    let whole = run_in(dir.path(), "whole", scheduler, &["--reps", "8"]);
    let reps: Rows = common::read_csv(&whole.join("replications.csv"));
    // Control columns: both points drew the same jobs in each replication.
    for site in ["dirty", "clean"] {
        let offered = format!("control:{site}.offered_gpu_hours");
        let expected = format!("control:{site}.expected_offered_gpu_hours");
        for r in 0..8 {
            let at: Vec<&HashMap<String, String>> = reps
                .iter()
                .filter(|x| x["replication"] == r.to_string())
                .collect();
            assert_eq!(at.len(), 2);
            assert_eq!(at[0][&offered], at[1][&offered]);
            assert_eq!(at[0][&expected], at[1][&expected]);
            assert!(f(at[0], &offered) > 0.0);
        }
    }
    // Replication 0's control is the work of the jobs in jobs.csv, by home site (FIFO
    // runs every job at home).
    let jobs = common::read_csv(&whole.join("jobs.csv"));
    for site in ["dirty", "clean"] {
        let work: f64 = jobs
            .iter()
            .filter(|j| j["point"] == "policy=fifo" && j["site"] == site)
            .map(|j| f(j, "gpus") * f(j, "duration_s") / 3600.0)
            .sum();
        let control = reps
            .iter()
            .find(|x| x["point"] == "policy=fifo" && x["replication"] == "0")
            .map(|x| f(x, &format!("control:{site}.offered_gpu_hours")))
            .expect("row");
        assert!(
            (work - control).abs() <= 1e-9 * control,
            "{site}: {work} vs {control}"
        );
    }
    let comparisons: Rows = common::read_csv(&whole.join("comparisons.csv"));
    let co2 = comparisons
        .iter()
        .find(|r| r["scope"] == "total" && r["metric"] == "co2_operational_kg")
        .expect("row");
    assert_eq!(co2["cv_controls"], "2");
    assert!(f(co2, "cv_delta_ci95_low") <= f(co2, "cv_delta_mean"));
    assert!(f(co2, "cv_delta_mean") <= f(co2, "cv_delta_ci95_high"));
    let half = (f(co2, "cv_delta_ci95_high") - f(co2, "cv_delta_ci95_low")) / 2.0;
    assert!(
        (half / f(co2, "unpaired_ci95_half_width") - f(co2, "cv_to_unpaired_ci_width")).abs()
            < 1e-12
    );

    // Three shards merged give the same files, byte for byte.
    let file = dir.path().join("whole.toml");
    for i in 1..=3 {
        let out = dir.path().join(format!("s{i}"));
        common::run(&file, &out, &["--reps", "8", "--shard", &format!("{i}/3")]);
    }
    let merged = dir.path().join("merged");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .arg("merge")
        .args(["s3", "s1", "s2"].map(|s| dir.path().join(s)))
        .arg("--out")
        .arg(&merged)
        .output()
        .expect("merge runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["replications.csv", "comparisons.csv"] {
        assert_eq!(
            std::fs::read(whole.join(name)).expect("whole"),
            std::fs::read(merged.join(name)).expect("merged"),
            "{name}"
        );
    }

    // The terminal summary gives the adjusted carbon delta beside the paired one.
    let summary = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .arg("run")
        .arg(&file)
        .args(["--reps", "8", "--no-jobs", "--out"])
        .arg(dir.path().join("terminal"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&summary.stdout);
    let wanted = format!(
        "tCO2e op. adjusted for offered work (control variate, 2 controls): {:+.3}",
        f(co2, "cv_delta_mean") * 1e-3
    );
    assert!(stdout.contains(&wanted), "{stdout}");

    // Three replications cannot fit two controls (q + 3 pairs needed): the columns stay,
    // empty, with cv_controls 0.
    let few = run_in(dir.path(), "few", scheduler, &["--reps", "3", "--no-jobs"]);
    let comparisons: Rows = common::read_csv(&few.join("comparisons.csv"));
    assert!(
        comparisons
            .iter()
            .all(|r| r["cv_controls"] == "0" && r["cv_delta_mean"].is_empty())
    );
}

#[test]
fn fixed_jobs_alone_have_no_control() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("fixed.toml");
    let text = common::edit(
        common::MINIMAL_SCENARIO,
        "policy = \"fifo\"",
        "policy = { sweep = [\"fifo\", \"easy_backfill\"] }",
    );
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("out");
    common::run(&file, &out, &["--reps", "5", "--no-jobs"]);
    let header = std::fs::read_to_string(out.join("replications.csv")).expect("read");
    assert!(!header.lines().next().expect("header").contains("control:"));
    let comparisons: Rows = common::read_csv(&out.join("comparisons.csv"));
    assert!(!comparisons.is_empty());
    assert!(
        comparisons
            .iter()
            .all(|r| r["cv_controls"] == "0" && r["cv_delta_mean"].is_empty())
    );
}
