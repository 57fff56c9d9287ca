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
