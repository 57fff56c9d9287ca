//! Marginal (consequential) emissions end to end: the marginal intensity of a synthetic
//! grid preset or a user file reaches the ledger (`co2_marginal_kg` per job, site, total and
//! hour), is empty with a note where no source exists, and is an objective of temporal
//! shifting. On ERCOT, shifting on average carbon saves under the average factor but not
//! under the marginal one (docs/models-grid.md §3.5).

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

type Rows = Vec<HashMap<String, String>>;

/// One ERCOT site of 16 × 8 H100, 28 days from 2023-06-01, deferrable jobs (24 h of
/// slack); `scheduler` is the body of `[scheduler]`, `extra` goes after it.
fn ercot(dir: &Path, scheduler: &str, extra: &str) -> PathBuf {
    let text = format!(
        r#"
[simulation]
name = "ercot-night-shift"
start = "2023-06-01T00:00:00Z"
duration_days = 28
seed = 3

[scheduler]
{scheduler}

{extra}

[[sites]]
name = "texas"
pue = 1.2
[sites.grid]
preset = "US-TEX-ERCO"
[sites.cluster]
nodes = 16
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[workload.arrivals]
jobs_per_day = 12

[[workload.classes]]
name = "batch"
share = 1
gpus = [8, 16]
duration_lognormal_mu = 9.0
duration_lognormal_sigma = 0.5
duration_max_hours = 12
slack_hours = 24
"#
    );
    let path = dir.join("ercot.toml");
    std::fs::write(&path, text).expect("write scenario");
    path
}

/// The comparison row of `point` against the baseline for a total metric.
fn delta(comparisons: &Rows, point: &str, metric: &str) -> (f64, f64, f64) {
    let r = comparisons
        .iter()
        .find(|r| {
            r["point"] == format!("shift={point}") && r["scope"] == "total" && r["metric"] == metric
        })
        .unwrap_or_else(|| panic!("no {point}/{metric} in comparisons.csv"));
    let f = |k: &str| {
        r[k].parse::<f64>()
            .unwrap_or_else(|_| panic!("{k}: {}", r[k]))
    };
    (
        f("delta_relative"),
        f("delta_ci95_low"),
        f("delta_ci95_high"),
    )
}

/// Runs the three ERCOT points (no shifting, shifting on average carbon, shifting on
/// marginal carbon; perfect forecasts) with paired replications and returns
/// `comparisons.csv`.
fn ercot_comparisons() -> (tempfile::TempDir, Rows) {
    let dir = tempfile::tempdir().expect("tempdir");
    let scheduler = r#"sweep = [
  { policy = "fifo" },
  { policy = "fifo", temporal = { objective = "carbon", forecast = "perfect" } },
  { policy = "fifo", temporal = { objective = "carbon_marginal", forecast = "perfect" } },
]
group = "shift"
labels = ["none", "carbon", "carbon_marginal"]"#;
    let file = ercot(dir.path(), scheduler, "[comparison]\nbaseline = \"none\"");
    let out = dir.path().join("out");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .arg("run")
        .arg(&file)
        .args(["--reps", "4", "--no-jobs", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    // The terminal's paired differences show marginal carbon next to operational carbon.
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("shift=carbon:"))
        .unwrap_or_else(|| panic!("no paired line:\n{stdout}"));
    assert!(
        line.contains("tCO2e op. -") && line.contains("tCO2e marg. "),
        "{line}"
    );
    let rows = common::read_csv(&out.join("comparisons.csv"));
    (dir, rows)
}

#[test]
fn ercot_night_shift_saves_on_average_but_not_at_the_margin() {
    let (_dir, c) = ercot_comparisons();
    let (avg_rel, avg_lo, avg_hi) = delta(&c, "carbon", "co2_operational_kg");
    let (mar_rel, _, _) = delta(&c, "carbon", "co2_marginal_kg");
    let (opt_rel, opt_lo, opt_hi) = delta(&c, "carbon_marginal", "co2_marginal_kg");
    let (opt_avg_rel, _, _) = delta(&c, "carbon_marginal", "co2_operational_kg");
    eprintln!(
        "ERCOT, shifting on average carbon: average factor {:+.2}% (CI {avg_lo:.0}..{avg_hi:.0} kg), marginal factor {:+.2}%; \
         shifting on marginal carbon: marginal factor {:+.2}% (CI {opt_lo:.0}..{opt_hi:.0} kg), average factor {:+.2}%",
        100.0 * avg_rel,
        100.0 * mar_rel,
        100.0 * opt_rel,
        100.0 * opt_avg_rel
    );
    // docs/models-grid.md §3.5 quotes these figures (the run is deterministic).
    for (what, got, doc) in [
        ("average objective, average factor", avg_rel, -0.0407),
        ("average objective, marginal factor", mar_rel, 0.0017),
        ("marginal objective, marginal factor", opt_rel, -0.0306),
        ("marginal objective, average factor", opt_avg_rel, -0.0013),
    ] {
        assert!(
            (got - doc).abs() < 0.00051,
            "{what}: {got} vs documented {doc}"
        );
    }
    // The average-factor saving is real (its paired CI excludes 0) and large against the
    // marginal-factor one, which is near zero or an increase.
    assert!(avg_hi < 0.0, "average saving CI {avg_lo}..{avg_hi}");
    assert!(avg_rel < -0.02, "average saving {avg_rel}");
    assert!(mar_rel > -0.005, "marginal saving {mar_rel}");
    // Shifting on the marginal factor beats shifting on the average one when judged by
    // marginal emissions.
    assert!(opt_hi < 0.0, "marginal-objective CI {opt_lo}..{opt_hi}");
    assert!(opt_rel < mar_rel - 0.005, "{opt_rel} vs {mar_rel}");
}

#[test]
fn marginal_carbon_reaches_jobs_hours_and_totals_and_is_conserved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = ercot(dir.path(), "policy = \"fifo\"", "");
    let out = dir.path().join("out");
    common::run(&file, &out, &[]);
    let hourly = common::read_csv(&out.join("hourly.csv"));
    let jobs = common::read_csv(&out.join("jobs.csv"));
    let summary = common::read_csv(&out.join("summary.csv"));
    // The hour's marginal carbon is its facility energy × the marginal intensity.
    for h in &hourly {
        let f = |k: &str| h[k].parse::<f64>().expect(k);
        let want = f("facility_energy_kwh") * f("marginal_carbon_intensity_g_per_kwh") / 1e3;
        assert!((f("co2_marginal_kg") - want).abs() <= 1e-9 * want.max(1.0));
    }
    // The marginal series differs from the average one (a merit-order margin).
    let mean = |k: &str| common::column_sum(&hourly, k) / hourly.len() as f64;
    let (avg, marginal) = (
        mean("carbon_intensity_g_per_kwh"),
        mean("marginal_carbon_intensity_g_per_kwh"),
    );
    assert!(marginal > avg * 1.1, "marginal {marginal} vs average {avg}");
    // Σ hours = site total; Σ jobs ≤ site total (the rest is idle).
    let site = common::summary_mean(&summary, "total", "co2_marginal_kg");
    let hours = common::column_sum(&hourly, "co2_marginal_kg");
    let job_sum = common::column_sum(&jobs, "co2_marginal_kg");
    assert!((site - hours).abs() <= 1e-9 * site, "{site} vs {hours}");
    assert!(job_sum > 0.0 && job_sum < site, "{job_sum} vs {site}");
}

#[test]
fn without_a_marginal_source_the_marginal_columns_are_empty_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = ercot(dir.path(), "policy = \"fifo\"", "");
    let text = std::fs::read_to_string(&file).expect("read").replace(
        "preset = \"US-TEX-ERCO\"",
        "carbon_intensity_g_per_kwh = 400",
    );
    std::fs::write(&file, text).expect("write");
    let out = dir.path().join("out");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .args(["run", file.to_str().expect("path"), "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let note = "no marginal emission factor (neither grid.preset nor grid.marginal_carbon_intensity_csv), so co2_marginal_kg and the marginal columns are empty";
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stderr.contains(note) || stdout.contains(note),
        "no note in the terminal:\n{stdout}\n{stderr}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(manifest.contains(note), "no note in the manifest");
    let summary = common::read_csv(&out.join("summary.csv"));
    let row = summary
        .iter()
        .find(|r| r["scope"] == "total" && r["metric"] == "co2_marginal_kg")
        .expect("row");
    assert_eq!(row["mean"], "", "absent, not zero");
    assert!(common::summary_mean(&summary, "total", "co2_operational_kg") > 0.0);
    for file in ["jobs.csv", "hourly.csv", "replications.csv"] {
        let rows = common::read_csv(&out.join(file));
        assert!(!rows.is_empty());
        for r in &rows {
            for (k, v) in r {
                if k.contains("marginal") {
                    assert_eq!(v, "", "{file} {k}");
                }
            }
        }
    }
}

#[test]
fn a_marginal_file_is_read_and_scaled_by_the_decarbonisation_trend() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = ercot(dir.path(), "policy = \"fifo\"", "");
    // Two years from 2023-12-31 22:00: a 5-hour marginal file that repeats, a constant
    // average intensity, −10 %/year from 2023.
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("start = \"2023-06-01T00:00:00Z\"", "start = \"2023-12-31T22:00:00Z\"")
        .replace("duration_days = 28", "duration_days = 2")
        .replace(
            "preset = \"US-TEX-ERCO\"",
            "carbon_intensity_g_per_kwh = 400\nmarginal_carbon_intensity_csv = \"mci.csv\"\ndecarbonization_per_year = 0.1",
        );
    std::fs::write(&file, text).expect("write");
    let mut csv = "time_utc,marginal_carbon_intensity_g_per_kwh\n".to_string();
    for (h, v) in [500, 600, 700, 800, 900].iter().enumerate() {
        csv += &format!("2023-12-31T{:02}:00:00Z,{v}\n", 19 + h);
    }
    std::fs::write(dir.path().join("mci.csv"), csv).expect("write csv");
    let out = dir.path().join("out");
    common::run(&file, &out, &[]);
    let hourly = common::read_csv(&out.join("hourly.csv"));
    let value = |i: usize, k: &str| hourly[i][k].parse::<f64>().expect(k);
    // 2023-12-31 22:00 and 23:00 are the file's 4th and 5th hours; 2024 is scaled by 0.9.
    assert_eq!(value(0, "marginal_carbon_intensity_g_per_kwh"), 800.0);
    assert_eq!(value(1, "marginal_carbon_intensity_g_per_kwh"), 900.0);
    assert_eq!(value(0, "carbon_intensity_g_per_kwh"), 400.0);
    // 2024-01-01 00:00 wraps to the file's first hour.
    let h2 = value(2, "marginal_carbon_intensity_g_per_kwh");
    assert!((h2 - 500.0 * 0.9).abs() < 1e-9, "{h2}");
    let c2 = value(2, "carbon_intensity_g_per_kwh");
    assert!((c2 - 400.0 * 0.9).abs() < 1e-9, "{c2}");
}

#[test]
fn a_marginal_file_replaces_the_presets_margin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = ercot(dir.path(), "policy = \"fifo\"", "");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("duration_days = 28", "duration_days = 2")
        .replace(
            "preset = \"US-TEX-ERCO\"",
            "preset = \"US-TEX-ERCO\"\nmarginal_carbon_intensity_csv = \"mci.csv\"",
        );
    std::fs::write(&file, text).expect("write");
    let csv = "time_utc,marginal_carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,123\n";
    std::fs::write(dir.path().join("mci.csv"), csv).expect("write csv");
    let out = dir.path().join("out");
    common::run(&file, &out, &[]);
    let hourly = common::read_csv(&out.join("hourly.csv"));
    assert_eq!(hourly.len(), 48);
    for h in &hourly {
        assert_eq!(h["marginal_carbon_intensity_g_per_kwh"], "123");
        assert_ne!(h["carbon_intensity_g_per_kwh"], "123");
    }
}

/// Two sites, one without a marginal source (`a`) and one with (`b`), two points.
const TWO_SITES: &str = r#"
[simulation]
start = "2023-03-01T00:00:00Z"
duration_days = 3
seed = 21

[scheduler]
policy = { sweep = ["fifo", "easy_backfill"] }

[[sites]]
name = "a"
pue = { dist = "uniform", min = 1.1, max = 1.3 }
[sites.grid]
carbon_intensity_g_per_kwh = 300
[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 900
host_busy_power_w = 2800

[[sites]]
name = "b"
pue = 1.2
[sites.grid]
preset = "US-TEX-ERCO"
[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 900
host_busy_power_w = 2800

[workload.arrivals]
jobs_per_day = 40

[[workload.classes]]
name = "on-a"
share = 0.5
gpus = [1, 8]
duration_lognormal_mu = 8.0
duration_lognormal_sigma = 1.0
site = "a"

[[workload.classes]]
name = "on-b"
share = 0.5
gpus = [1, 8]
duration_lognormal_mu = 8.0
duration_lognormal_sigma = 1.0
site = "b"
"#;

#[test]
fn marginal_columns_and_comparisons_are_identical_across_threads_and_shards() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("two.toml");
    std::fs::write(&file, TWO_SITES).expect("write");
    let o = |name: &str| dir.path().join(name);
    let run = |extra: &[&str], out: &str| common::run(&file, &o(out), extra);
    run(&["--reps", "6", "--threads", "1"], "t1");
    run(&["--reps", "6", "--threads", "2"], "t2");
    for i in 1..=3 {
        run(
            &[
                "--reps",
                "6",
                "--threads",
                "1",
                "--shard",
                &format!("{i}/3"),
            ],
            &format!("s{i}"),
        );
    }
    let merge = assert_cmd::Command::cargo_bin("footprint")
        .expect("binary")
        .arg("merge")
        .args([o("s2"), o("s3"), o("s1")])
        .arg("--out")
        .arg(o("m3"))
        .output()
        .expect("merge runs");
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    let files = [
        "replications.csv",
        "summary.csv",
        "comparisons.csv",
        "jobs.csv",
        "hourly.csv",
    ];
    for other in ["t2", "m3"] {
        for f in files {
            let a = std::fs::read(o("t1").join(f)).expect(f);
            let b = std::fs::read(o(other).join(f)).expect(f);
            assert!(a == b, "{f} differs between t1 and {other}");
        }
    }
    // The files hold marginal figures for site b and empty cells for site a and the total.
    let comparisons = common::read_csv(&o("t1").join("comparisons.csv"));
    let row = |scope: &str| {
        comparisons
            .iter()
            .find(|r| r["scope"] == scope && r["metric"] == "co2_marginal_kg")
            .unwrap_or_else(|| panic!("no {scope} row"))
    };
    assert!(
        row("site:b")["baseline_mean"]
            .parse::<f64>()
            .expect("number")
            > 0.0
    );
    assert!(!row("site:b")["delta_ci95_low"].is_empty());
    assert_eq!(row("site:a")["baseline_mean"], "");
    assert_eq!(row("total")["delta_mean"], "");
    let jobs = common::read_csv(&o("t1").join("jobs.csv"));
    for j in &jobs {
        let empty = j["co2_marginal_kg"].is_empty();
        assert_eq!(empty, j["site"] == "a", "{j:?}");
    }
}

/// Two ERCOT sites whose marginal intensity comes from files: `dirty` (900 g/kWh every
/// hour) and `clean` (100); both draw their own synthetic average intensity.
fn two_ercot_sites(dir: &Path, objective: &str) -> PathBuf {
    for (name, v) in [("dirty", 900), ("clean", 100)] {
        std::fs::write(
            dir.join(format!("{name}.csv")),
            format!("time_utc,marginal_carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,{v}\n"),
        )
        .expect("write csv");
    }
    let site = |name: &str| {
        format!(
            r#"
[[sites]]
name = "{name}"
pue = 1.2
[sites.grid]
preset = "US-TEX-ERCO"
marginal_carbon_intensity_csv = "{name}.csv"
[sites.cluster]
nodes = 16
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800
"#
        )
    };
    let text = format!(
        r#"
[simulation]
start = "2023-06-01T00:00:00Z"
duration_days = 14
seed = 3
[scheduler]
policy = "fifo"
[scheduler.spatial]
objective = "{objective}"
{}{}
[workload.arrivals]
jobs_per_day = 12
[[workload.classes]]
name = "batch"
share = 1
gpus = [8, 16]
duration_lognormal_mu = 9.0
duration_lognormal_sigma = 0.5
duration_max_hours = 12
"#,
        site("dirty"),
        site("clean")
    );
    let path = dir.join(format!("spatial-{objective}.toml"));
    std::fs::write(&path, text).expect("write scenario");
    path
}

#[test]
fn spatial_shifting_on_marginal_carbon_sends_jobs_where_the_margin_is_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut marginal_kg = Vec::new();
    let mut on_clean = Vec::new();
    for objective in ["carbon", "carbon_marginal"] {
        let file = two_ercot_sites(dir.path(), objective);
        let out = dir.path().join(objective);
        common::run(&file, &out, &[]);
        let jobs = common::read_csv(&out.join("jobs.csv"));
        let share = jobs.iter().filter(|j| j["site"] == "clean").count() as f64 / jobs.len() as f64;
        on_clean.push(share);
        let summary = common::read_csv(&out.join("summary.csv"));
        marginal_kg.push(common::summary_mean(&summary, "total", "co2_marginal_kg"));
    }
    eprintln!("share of jobs on the clean-margin site: {on_clean:?}; marginal kg {marginal_kg:?}");
    assert!(on_clean[1] > 0.95, "{on_clean:?}");
    assert!(on_clean[0] < 0.8, "{on_clean:?}");
    assert!(marginal_kg[1] < marginal_kg[0], "{marginal_kg:?}");
}
