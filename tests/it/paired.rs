//! Common random numbers: sweep points that differ only in one key see the same jobs,
//! failures, weather and grid, so their differences are the sweep's effect alone; and
//! `comparisons.csv` reports the paired differences against the baseline.

use crate::common;
use std::collections::HashMap;
use std::path::Path;

/// A 14-day, two-site scenario with synthetic arrivals, failures, weather and grid; `extra`
/// is appended (a sweep).
fn scenario(dir: &Path, site_a_extra: &str, scheduler: &str, tail: &str) -> std::path::PathBuf {
    // A line starting with `grid:` goes into site a's [sites.grid] table.
    let (site_a_grid, site_a_extra) = match site_a_extra.strip_prefix("grid:") {
        Some(rest) => rest.split_once('\n').unwrap_or((rest, "")),
        None => ("", site_a_extra),
    };
    let text = format!(
        r#"
[simulation]
name = "paired"
start = "2023-03-20T00:00:00Z"
duration_days = 14
seed = 5

[scheduler]
{scheduler}

[[sites]]
name = "a"
{site_a_extra}
[sites.weather]
preset = "DE-LU"
[sites.grid]
preset = "DE-LU"
{site_a_grid}
[sites.failures]
rate_per_gpu_hour = 0.002
[sites.cluster]
nodes = 8
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[[sites]]
name = "b"
[sites.cooling]
system = "chiller_waterside_economizer"
[sites.weather]
preset = "US-CAL-CISO"
[sites.grid]
preset = "US-CAL-CISO"
[sites.failures]
rate_per_gpu_hour = 0.002
[sites.cluster]
nodes = 8
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[workload.arrivals]
jobs_per_day = 60

[[workload.classes]]
name = "small"
share = 0.8
gpus = [1, 2]
duration_lognormal_mu = 8.0
duration_lognormal_sigma = 1.2
duration_max_hours = 72

[[workload.classes]]
name = "large"
share = 0.2
gpus = [8, 16]
duration_lognormal_mu = 10.0
duration_lognormal_sigma = 0.8
duration_max_hours = 120
slack_hours = 24
interruptible = true
checkpoint_interval_hours = 1
{tail}
"#
    );
    let path = dir.join("paired.toml");
    std::fs::write(&path, text).expect("write scenario");
    path
}

type Rows = Vec<HashMap<String, String>>;

/// Rows of a file grouped by point, in file order.
type ByPoint = Vec<(String, Rows)>;

/// Rows of `file` for each point, in file order.
fn by_point(rows: &Rows) -> Vec<(String, Rows)> {
    let mut out: Vec<(String, Rows)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|(p, _)| *p == r["point"]) {
            Some((_, v)) => v.push(r.clone()),
            None => out.push((r["point"].clone(), vec![r.clone()])),
        }
    }
    out
}

fn columns(rows: &Rows, keys: &[&str], sort_by_job: bool) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| keys.iter().map(|k| r[*k].clone()).collect())
        .collect();
    if sort_by_job {
        out.sort_by_key(|v| v[0].parse::<u64>().expect("job id"));
    }
    out
}

fn run_two_points(site_a_extra: &str, scheduler: &str) -> (tempfile::TempDir, ByPoint, ByPoint) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = scenario(dir.path(), site_a_extra, scheduler, "");
    let out = dir.path().join("out");
    common::run(&file, &out, &[]);
    let jobs = by_point(&common::read_csv(&out.join("jobs.csv")));
    let hourly = by_point(&common::read_csv(&out.join("hourly.csv")));
    assert_eq!(jobs.len(), 2);
    assert_eq!(hourly.len(), 2);
    (dir, jobs, hourly)
}

const PHYSICS_JOB_COLUMNS: &[&str] = &[
    "job_id",
    "gpus",
    "arrival_s",
    "start_s",
    "end_s",
    "gpu_hours",
    "it_energy_kwh",
    "facility_energy_kwh",
    "interruptions",
    "work_done_s",
];

#[test]
fn accounting_keys_leave_the_physics_untouched() {
    for (what, sweep) in [
        (
            "T&D loss share",
            "grid:td_loss_fraction = { sweep = [0.0, 0.06] }\n[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"",
        ),
        (
            "emission factor set",
            "grid:emission_factors = { sweep = [\"electricity_maps_lifecycle\", \"ipcc_ar5_lifecycle\"] }\n[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"",
        ),
        (
            "price",
            "[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"\n[sites.cost]\nelectricity_usd_per_mwh = { sweep = [40, 120] }",
        ),
    ] {
        let (_dir, jobs, hourly) = run_two_points(sweep, "policy = \"easy_backfill\"");
        assert_eq!(
            columns(&jobs[0].1, PHYSICS_JOB_COLUMNS, false),
            columns(&jobs[1].1, PHYSICS_JOB_COLUMNS, false),
            "{what}: jobs differ"
        );
        let physics = [
            "site",
            "hour",
            "it_energy_kwh",
            "facility_energy_kwh",
            "pue",
            "wue_l_per_kwh",
        ];
        assert_eq!(
            columns(&hourly[0].1, &physics, false),
            columns(&hourly[1].1, &physics, false),
            "{what}: hours differ"
        );
    }
}

#[test]
fn policies_see_the_same_jobs_and_failure_histories() {
    let (_dir, jobs, _) = run_two_points(
        "[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"",
        "policy = { sweep = [\"fifo\", \"easy_backfill\"] }",
    );
    let same = ["job_id", "name", "gpus", "arrival_s", "deadline_s"];
    let fifo = columns(&jobs[0].1, &same, true);
    let easy = columns(&jobs[1].1, &same, true);
    assert_eq!(fifo, easy);
    assert!(fifo.len() > 500, "{} jobs", fifo.len());
    // Without pauses or caps a job computes at the same speed under both policies, so its
    // failure history in running time, and hence what it lost, is the same wherever it
    // was placed in time.
    let completed = |rows: &Rows| -> HashMap<String, (String, String, String)> {
        rows.iter()
            .filter(|r| r["status"] == "completed")
            .map(|r| {
                (
                    r["job_id"].clone(),
                    (
                        r["interruptions"].clone(),
                        r["lost_gpu_hours"].clone(),
                        r["work_done_s"].clone(),
                    ),
                )
            })
            .collect()
    };
    let (a, b) = (completed(&jobs[0].1), completed(&jobs[1].1));
    let mut both = 0;
    let mut interrupted = 0;
    for (id, x) in &a {
        if let Some(y) = b.get(id) {
            assert_eq!(x, y, "job {id}");
            both += 1;
            interrupted += usize::from(x.0 != "0");
        }
    }
    assert!(
        both > 500 && interrupted > 0,
        "{both} jobs in both, {interrupted} interrupted"
    );
}

#[test]
fn cooling_systems_see_the_same_weather_and_grid() {
    let (_dir, _, hourly) = run_two_points(
        "[sites.cooling]\nsystem = { sweep = [\"airside_economizer_adiabatic\", \"water_cooled_chiller\"] }",
        "policy = \"easy_backfill\"",
    );
    let shared = [
        "site",
        "hour",
        "dry_bulb_c",
        "wet_bulb_c",
        "carbon_intensity_g_per_kwh",
        "ewif_l_per_kwh",
    ];
    assert_eq!(
        columns(&hourly[0].1, &shared, false),
        columns(&hourly[1].1, &shared, false)
    );
    let pue = |rows: &Rows| columns(rows, &["pue"], false);
    assert_ne!(
        pue(&hourly[0].1),
        pue(&hourly[1].1),
        "the sweep changes something"
    );
}

#[test]
fn comparisons_are_paired_against_the_named_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = scenario(
        dir.path(),
        "[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"",
        "policy = { sweep = [\"fifo\", \"easy_backfill\"], labels = [\"fifo\", \"easy\"] }",
        "[comparison]\nbaseline = \"easy\"\n",
    );
    let out = dir.path().join("out");
    common::run(&file, &out, &["--reps", "6", "--no-jobs"]);
    let rows = common::read_csv(&out.join("comparisons.csv"));
    let co2: Vec<&HashMap<String, String>> = rows
        .iter()
        .filter(|r| r["scope"] == "total" && r["metric"] == "co2_operational_kg")
        .collect();
    assert_eq!(co2.len(), 1);
    let c = co2[0];
    assert_eq!(
        (c["point"].as_str(), c["baseline"].as_str()),
        ("scheduler.policy=fifo", "scheduler.policy=easy")
    );
    assert_eq!(c["n_pairs"], "6");
    // The mean difference is the difference of the means, and it is inside its interval.
    let f = |k: &str| c[k].parse::<f64>().expect(k);
    assert!(
        (f("delta_mean") - (f("point_mean") - f("baseline_mean"))).abs()
            <= 1e-9 * f("baseline_mean")
    );
    assert!(f("delta_ci95_low") <= f("delta_mean") && f("delta_mean") <= f("delta_ci95_high"));
    // Both points share their jobs, weather and grid: the paired interval is narrower.
    assert!(
        f("paired_to_unpaired_ci_width") < 1.0,
        "{}",
        c["paired_to_unpaired_ci_width"]
    );
    // Bands over the six replications.
    let bands = common::read_csv(&out.join("hourly_bands.csv"));
    assert!(bands.iter().all(|r| r["n"] == "6"));
    assert!(bands.iter().all(|r| {
        let v = |k: &str| r[k].parse::<f64>().expect(k);
        v("p5") <= v("p50") && v("p50") <= v("p95")
    }));
    assert_eq!(bands.len(), 2 * 2 * 14 * 24 * 4);

    // A baseline that does not exist is an error naming the key and the choices, and
    // leaves no output folder.
    let bad = scenario(
        dir.path(),
        "[sites.cooling]\nsystem = \"airside_economizer_adiabatic\"",
        "policy = { sweep = [\"fifo\", \"easy_backfill\"], labels = [\"fifo\", \"easy\"] }",
        "[comparison]\nbaseline = \"sjf\"\n",
    );
    let out2 = dir.path().join("out2");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .args(["run"])
        .arg(&bad)
        .arg("--out")
        .arg(&out2)
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("comparison.baseline")
            && err.contains("sjf")
            && err.contains("scheduler.policy=easy")
            && err.contains("line"),
        "{err}"
    );
    assert!(!out2.exists());
}
