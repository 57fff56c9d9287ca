//! Grids that evolve and weather that warms: a capacity plan and a warming offset keep the
//! common random numbers (sweep points that differ only in cooling see the same weather and
//! grid hours), and the warming offset moves every hour's dry-bulb by the same amount.

use crate::common;
use std::collections::HashMap;
use std::path::Path;

type Rows = Vec<HashMap<String, String>>;

/// A 10-day DE-LU scenario starting in `start` with synthetic weather and grid;
/// `weather_extra` and `grid_extra` go into the weather and grid tables and `cooling` is
/// the system (maybe a sweep).
fn scenario(
    dir: &Path,
    start: &str,
    weather_extra: &str,
    grid_extra: &str,
    cooling: &str,
) -> std::path::PathBuf {
    let text = format!(
        r#"
[simulation]
name = "evolving"
start = "{start}"
duration_days = 10
seed = 3

[scheduler]
policy = "fifo"

[[sites]]
name = "a"
[sites.cooling]
system = {cooling}
[sites.weather]
preset = "DE-LU"
{weather_extra}
[sites.grid]
preset = "DE-LU"
{grid_extra}
[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800

[[workload.jobs]]
name = "train"
gpus = 32
duration_hours = 200
"#
    );
    let path = dir.join("evolving.toml");
    std::fs::write(&path, text).expect("write scenario");
    path
}

/// Hourly rows of each sweep point, in file order.
fn run_points(file: &Path, out: &Path) -> Vec<Rows> {
    common::run(file, out, &[]);
    let rows = common::read_csv(&out.join("hourly.csv"));
    let mut points: Vec<(String, Rows)> = Vec::new();
    for r in rows {
        match points.iter_mut().find(|(p, _)| *p == r["point"]) {
            Some((_, v)) => v.push(r),
            None => points.push((r["point"].clone(), vec![r])),
        }
    }
    points.into_iter().map(|(_, r)| r).collect()
}

fn column(rows: &Rows, key: &str) -> Vec<f64> {
    rows.iter()
        .map(|r| r[key].parse::<f64>().expect("number"))
        .collect()
}

#[test]
fn cooling_points_share_the_evolved_grid_and_warmed_weather() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = scenario(
        dir.path(),
        "2031-06-01T00:00:00Z",
        "warming_c_per_decade = 0.3",
        "capacity_plan = true",
        "{ sweep = [\"airside_economizer_adiabatic\", \"water_cooled_chiller\"] }",
    );
    let points = run_points(&file, &dir.path().join("out"));
    assert_eq!(points.len(), 2);
    for key in [
        "dry_bulb_c",
        "wet_bulb_c",
        "carbon_intensity_g_per_kwh",
        "ewif_l_per_kwh",
    ] {
        assert_eq!(column(&points[0], key), column(&points[1], key), "{key}");
    }
    assert_ne!(column(&points[0], "pue"), column(&points[1], "pue"));
}

#[test]
fn warming_shifts_every_hour_and_the_plan_cleans_the_grid() {
    // The same replication with and without warming (1 °C per decade from 2013: 2.0 °C in
    // 2033) and with and without the German capacity plan.
    let dir = tempfile::tempdir().expect("tempdir");
    let cool = "\"air_cooled_chiller\"";
    let start = "2033-07-01T00:00:00Z";
    let plain = scenario(dir.path(), start, "", "", cool);
    let base = run_points(&plain, &dir.path().join("plain"));
    let warm = scenario(
        dir.path(),
        start,
        "warming_c_per_decade = 1.0\nwarming_base_year = 2013",
        "capacity_plan = true",
        cool,
    );
    let evolved = run_points(&warm, &dir.path().join("warm"));
    let (t0, t1) = (
        column(&base[0], "dry_bulb_c"),
        column(&evolved[0], "dry_bulb_c"),
    );
    assert_eq!(t0.len(), t1.len());
    for (a, b) in t0.iter().zip(&t1) {
        assert!((b - a - 2.0).abs() < 1e-3, "{a} → {b}");
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ci0, ci1) = (
        column(&base[0], "carbon_intensity_g_per_kwh"),
        column(&evolved[0], "carbon_intensity_g_per_kwh"),
    );
    assert!(
        mean(&ci1) < 0.8 * mean(&ci0),
        "{} vs {}",
        mean(&ci1),
        mean(&ci0)
    );
}

#[test]
fn californias_plan_is_accepted_and_cleans_its_grid() {
    // The built-in plans of the other presets resolve through the same key: California's
    // in 2034 (with the CPUC portfolio nearly built) against its calibrated 2023 fleet.
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |grid_extra: &str, out: &str| {
        let text = std::fs::read_to_string(scenario(
            dir.path(),
            "2034-06-01T00:00:00Z",
            "",
            grid_extra,
            "\"air_cooled_chiller\"",
        ))
        .expect("read scenario")
        .replace(
            "[sites.grid]\npreset = \"DE-LU\"",
            "[sites.grid]\npreset = \"US-CAL-CISO\"",
        );
        let file = dir.path().join(format!("{out}.toml"));
        std::fs::write(&file, text).expect("write scenario");
        run_points(&file, &dir.path().join(out))
    };
    let plain = run("", "plain");
    let planned = run("capacity_plan = true", "planned");
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ci0, ci1) = (
        mean(&column(&plain[0], "carbon_intensity_g_per_kwh")),
        mean(&column(&planned[0], "carbon_intensity_g_per_kwh")),
    );
    assert!(ci1 < 0.9 * ci0, "{ci1} vs {ci0}");
}
