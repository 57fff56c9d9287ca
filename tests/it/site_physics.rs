//! Site physics through the whole program: elevation, peak power.

use crate::common::{read_csv, run, summary_mean};
use std::fs;

/// One site of 4 × 8 H100 with a synthetic Frankfurt climate and an air-cooled chiller,
/// one 16-GPU job; `extra_weather` goes into `[sites.weather]`, `extra_site` into `[[sites]]`.
fn scenario(extra_weather: &str, extra_site: &str) -> String {
    format!(
        r#"[simulation]
start = "2023-07-01T00:00:00Z"
duration_days = 3
seed = 11

[scheduler]
policy = "fifo"

[[sites]]
name = "alpha"
{extra_site}

[sites.weather]
preset = "DE-LU"
{extra_weather}

[sites.cooling]
system = "air_cooled_chiller"

[sites.grid]
carbon_intensity_g_per_kwh = 300

[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 16
duration_hours = 30
"#
    )
}

/// Runs `text` and returns the mean of `metric` at scope `total` in summary.csv.
fn total(text: &str, metric: &str) -> f64 {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.toml");
    fs::write(&path, text).unwrap();
    let out = tmp.path().join("out");
    run(&path, &out, &[]);
    summary_mean(&read_csv(&out.join("summary.csv")), "total", metric)
}

#[test]
fn elevation_key_raises_fan_power_and_so_pue() {
    let p0 = total(&scenario("", ""), "pue_effective");
    let p1 = total(&scenario("elevation_m = 1600", ""), "pue_effective");
    assert!(
        p1 > p0,
        "PUE at 1,600 m {p1} not above the preset's 111 m {p0}"
    );
}

#[test]
fn peak_power_is_reported_with_hours_above_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.toml");
    // Idle: 32 H100 at 100 W and 4 hosts at 500 W, 5.2 kW IT (≈ 6.5 kW facility); the job
    // adds 16 busy H100 and two busy hosts, ≈ 10 kW IT more.
    fs::write(&path, scenario("", "grid_connection_limit_kw = 12")).unwrap();
    let out = tmp.path().join("out");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("peak power"), "{stdout}");
    let summary = read_csv(&out.join("summary.csv"));
    let peak = summary_mean(&summary, "site:alpha", "peak_facility_power_kw");
    let p99 = summary_mean(&summary, "site:alpha", "p99_facility_power_kw");
    let above = summary_mean(&summary, "site:alpha", "grid_limit_exceeded_hours");
    let facility_kwh = summary_mean(&summary, "site:alpha", "facility_energy_kwh");
    let window_h = summary_mean(&summary, "site:alpha", "window_hours");
    // The peak is at least the mean power and at least the p99; the 16-GPU job runs
    // 30 of the 72 hours, and exactly those hours exceed 12 kW.
    assert!(
        peak >= facility_kwh / window_h && peak >= p99 * 0.99,
        "{peak} {p99}"
    );
    assert_eq!(above, 30.0, "hours above 12 kW");
    // Without a limit nothing is counted.
    let total_none = total(&scenario("", ""), "grid_limit_exceeded_hours");
    assert_eq!(total_none, 0.0);
}
