//! Monte Carlo runs: identical bytes whatever the thread count or shard layout, statistics
//! that match a direct computation, and clear errors for bad distributions and bad merges.

use crate::common;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SCENARIO: &str = r#"
[simulation]
start = "2023-03-01T00:00:00Z"
duration_days = 4
seed = 11

[scheduler]
policy = "easy_backfill"

[[sites]]
name = "a"
pue = { dist = "triangular", min = 1.08, mode = 1.15, max = 1.4 }
wue_l_per_kwh = { sweep = [0.2, 1.8] }

[sites.grid]
carbon_intensity_g_per_kwh = { dist = "uniform", min = 50, max = 450 }
ewif_l_per_kwh = 2.0

[sites.cluster]
nodes = 8
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 900
host_busy_power_w = 2800

[workload.arrivals]
jobs_per_day = 60

[[workload.classes]]
name = "small"
share = 0.8
gpus = [1, 2]
duration_lognormal_mu = 8.0
duration_lognormal_sigma = 1.2
gpu_utilization = { dist = "pert", min = 0.3, mode = 0.6, max = 0.95 }

[[workload.classes]]
name = "large"
share = 0.2
gpus = [8, 16]
duration_lognormal_mu = 10.0
duration_lognormal_sigma = 0.7
"#;

fn scenario_file(dir: &Path) -> PathBuf {
    let path = dir.join("mc.toml");
    std::fs::write(&path, SCENARIO).unwrap();
    path
}

fn footprint(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("footprint")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn run_ok(args: &[&str]) {
    let out = footprint(args);
    assert!(
        out.status.success(),
        "footprint {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const FILES: &[&str] = &[
    "replications.csv",
    "summary.csv",
    "sensitivity.csv",
    "jobs.csv",
    "hourly.csv",
    "comparisons.csv",
    "hourly_bands.csv",
];

fn assert_same_files(a: &Path, b: &Path) {
    for f in FILES {
        // Bands need two replications: absent from both folders is the same.
        if *f == "hourly_bands.csv" && !a.join(f).exists() && !b.join(f).exists() {
            continue;
        }
        let x = std::fs::read(a.join(f)).unwrap_or_else(|e| panic!("{}/{f}: {e}", a.display()));
        let y = std::fs::read(b.join(f)).unwrap_or_else(|e| panic!("{}/{f}: {e}", b.display()));
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn threads_and_shards_do_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path());
    let f = file.to_str().unwrap();
    let out = |name: &str| dir.path().join(name);
    let o = |name: &str| out(name).to_str().unwrap().to_string();
    run_ok(&[
        "run",
        f,
        "--reps",
        "9",
        "--threads",
        "1",
        "--out",
        &o("t1"),
        "-q",
    ]);
    run_ok(&[
        "run",
        f,
        "--reps",
        "9",
        "--threads",
        "2",
        "--out",
        &o("t2"),
        "-q",
    ]);
    assert_same_files(&out("t1"), &out("t2"));

    run_ok(&[
        "run",
        f,
        "--reps",
        "9",
        "--shard",
        "1/1",
        "--out",
        &o("s11"),
        "-q",
    ]);
    run_ok(&["merge", &o("s11"), "--out", &o("m1")]);
    assert_same_files(&out("t1"), &out("m1"));

    for i in 1..=3 {
        run_ok(&[
            "run",
            f,
            "--reps",
            "9",
            "--threads",
            "1",
            "--shard",
            &format!("{i}/3"),
            "--out",
            &o(&format!("s{i}")),
            "-q",
        ]);
    }
    run_ok(&["merge", &o("s3"), &o("s1"), &o("s2"), "--out", &o("m3")]);
    assert_same_files(&out("t1"), &out("m3"));

    // 2 points × 9 replications, with the sampled inputs recorded
    let rows = common::read_csv(&out("t1").join("replications.csv"));
    assert_eq!(rows.len(), 18);
    assert!(rows[0].contains_key("input:sites[0].pue"));
    assert!(
        rows.iter()
            .all(|r| r["point"].starts_with("sites[0].wue_l_per_kwh="))
    );
}

#[test]
fn summary_statistics_match_a_direct_computation() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path());
    let out = dir.path().join("run");
    run_ok(&[
        "run",
        file.to_str().unwrap(),
        "--reps",
        "12",
        "--no-jobs",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let rows = common::read_csv(&out.join("replications.csv"));
    let summary = common::read_csv(&out.join("summary.csv"));
    for point in ["sites[0].wue_l_per_kwh=0.2", "sites[0].wue_l_per_kwh=1.8"] {
        let values: Vec<f64> = rows
            .iter()
            .filter(|r| r["point"] == point)
            .map(|r| r["total.co2_total_kg"].parse().unwrap())
            .collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let half = 2.201 * sd / n.sqrt(); // t(0.975, 11)
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let median = (sorted[5] + sorted[6]) / 2.0;
        let s = summary
            .iter()
            .find(|r| r["point"] == point && r["scope"] == "total" && r["metric"] == "co2_total_kg")
            .unwrap();
        let get = |k: &str| s[k].parse::<f64>().unwrap();
        assert_eq!(get("n"), 12.0);
        assert!((get("mean") - mean).abs() <= 1e-9 * mean.abs());
        assert!((get("sd") - sd).abs() <= 1e-9 * sd);
        assert!((get("mean_ci95_high") - (mean + half)).abs() <= 1e-9 * mean.abs());
        assert!((get("p50") - median).abs() <= 1e-9 * median);
        assert_eq!(get("min"), sorted[0]);
        assert_eq!(get("max"), sorted[11]);
    }
    // on-site water follows the WUE sweep
    let water = |p: &str| -> f64 {
        summary
            .iter()
            .find(|r| r["point"] == p && r["scope"] == "total" && r["metric"] == "water_onsite_l")
            .unwrap()["mean"]
            .parse()
            .unwrap()
    };
    assert!(water("sites[0].wue_l_per_kwh=1.8") > 5.0 * water("sites[0].wue_l_per_kwh=0.2"));
    // sensitivity ranks carbon intensity first for carbon, and the WUE sweep matters for water
    let sens = common::read_csv(&out.join("sensitivity.csv"));
    let top = sens
        .iter()
        .find(|r| r["metric"] == "co2_operational_kg" && r["method"] == "src" && r["rank"] == "1")
        .unwrap();
    assert_eq!(top["input"], "sites[0].grid.carbon_intensity_g_per_kwh");
    assert!(
        sens.iter()
            .any(|r| r["metric"] == "water_total_l" && r["method"] == "sweep_range")
    );
}

#[test]
fn precision_target_stops_early_and_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path());
    let f = file.to_str().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        run_ok(&[
            "run",
            f,
            "--reps",
            "200",
            "--precision",
            "co2_total_kg=0.1",
            "--threads",
            threads,
            "--no-jobs",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
    }
    let rows = common::read_csv(&a.join("replications.csv"));
    assert!(
        rows.len() < 400 && rows.len().is_multiple_of(20),
        "stopped after a whole batch: {}",
        rows.len()
    );
    assert_eq!(
        std::fs::read(a.join("replications.csv")).unwrap(),
        std::fs::read(b.join("replications.csv")).unwrap()
    );
}

#[test]
fn bad_distributions_and_merges_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("min = 50, max = 450", "min = 450, max = 50", "min ≤ max"),
        (
            "dist = \"pert\"",
            "dist = \"weibull\"",
            "unknown distribution 'weibull'",
        ),
        (
            "dist = \"triangular\"",
            "dist = \"normal\"",
            "unknown key `mode`",
        ),
    ];
    for (from, to, expected) in cases {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, SCENARIO.replacen(from, to, 1)).unwrap();
        let out = footprint(&["check", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains(expected) && err.contains("bad.toml"),
            "{to}: {err}"
        );
    }
    let path = dir.path().join("neg.toml");
    std::fs::write(
        &path,
        SCENARIO.replace(
            "ewif_l_per_kwh = 2.0",
            "ewif_l_per_kwh = { dist = \"normal\", mean = 2, sd = -1 }",
        ),
    )
    .unwrap();
    let err =
        String::from_utf8_lossy(&footprint(&["check", path.to_str().unwrap()]).stderr).to_string();
    assert!(
        err.contains("sites[0].grid.ewif_l_per_kwh") && err.contains("sd ≥ 0"),
        "{err}"
    );

    let file = scenario_file(dir.path());
    let f = file.to_str().unwrap();
    let o = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    run_ok(&[
        "run",
        f,
        "--reps",
        "2",
        "--shard",
        "1/2",
        "--no-jobs",
        "--out",
        &o("x1"),
        "-q",
    ]);
    run_ok(&[
        "run",
        f,
        "--reps",
        "2",
        "--shard",
        "2/2",
        "--no-jobs",
        "--out",
        &o("x2"),
        "-q",
    ]);
    run_ok(&[
        "run",
        f,
        "--reps",
        "2",
        "--shard",
        "2/2",
        "--seed",
        "5",
        "--no-jobs",
        "--out",
        &o("y2"),
        "-q",
    ]);
    run_ok(&[
        "run",
        f,
        "--reps",
        "2",
        "--no-jobs",
        "--out",
        &o("whole"),
        "-q",
    ]);
    let merge_err = |args: &[&str]| {
        let out = footprint(args);
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    assert!(merge_err(&["merge", &o("x1"), "--out", &o("m1")]).contains("missing shard(s) 2/2"));
    assert!(merge_err(&["merge", &o("x1"), &o("x1"), "--out", &o("m2")]).contains("given twice"));
    assert!(merge_err(&["merge", &o("x1"), &o("y2"), "--out", &o("m3")]).contains("scenario"));
    assert!(merge_err(&["merge", &o("whole"), "--out", &o("m4")]).contains("not a shard"));
    assert!(
        !dir.path().join("m1").exists() && !dir.path().join("m3").exists(),
        "no half-written merge"
    );
    run_ok(&["merge", &o("x2"), &o("x1"), "--out", &o("m5")]);
    assert_eq!(
        std::fs::read(dir.path().join("m5/summary.csv")).unwrap(),
        std::fs::read(dir.path().join("whole/summary.csv")).unwrap()
    );
}

#[test]
fn shards_without_pairs_merge() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_file(dir.path());
    let f = file.to_str().unwrap();
    let o = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    // 2 points × 1 replication over 3 shards: shard 3 owns nothing.
    for i in 1..=3 {
        run_ok(&[
            "run",
            f,
            "--reps",
            "1",
            "--shard",
            &format!("{i}/3"),
            "--out",
            &o(&format!("e{i}")),
            "-q",
        ]);
    }
    run_ok(&["merge", &o("e1"), &o("e2"), &o("e3"), "--out", &o("merged")]);
    run_ok(&["run", f, "--reps", "1", "--out", &o("whole"), "-q"]);
    assert_same_files(&dir.path().join("whole"), &dir.path().join("merged"));
}
