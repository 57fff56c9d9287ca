//! Negative electricity prices (issue 14, item 7): markets with much wind and solar pay
//! consumers to take power, so prices below zero are accepted, in a price CSV and as a
//! constant, and costs fall with them; below −100,000 USD/MWh a price is refused.

use crate::common;
use std::fs;
use std::path::Path;

/// One site of 2 × 8 H100 at PUE 1.2, one 8-GPU job of 30 hours, two days, hourly output.
const SCENARIO: &str = r#"[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 2
seed = 7

[[sites]]
name = "alpha"
pue = 1.2

[sites.grid]
carbon_intensity_g_per_kwh = 300

[sites.cost]
PRICE
gpu_capex_usd = 30000

[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 30

[output]
hourly_csv = true
"#;

fn run_with(dir: &Path, price: &str, out: &str) -> std::collections::HashMap<String, String> {
    let file = dir.join(format!("{out}.toml"));
    fs::write(&file, SCENARIO.replace("PRICE", price)).unwrap();
    common::run(&file, &dir.join(out), &[]);
    common::read_csv(&dir.join(out).join("replications.csv")).remove(0)
}

fn num(row: &std::collections::HashMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {}", row[column]))
}

#[test]
fn a_negative_constant_price_makes_energy_cost_negative() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let paid = run_with(dir, "electricity_usd_per_mwh = -20", "paid");
    let paying = run_with(dir, "electricity_usd_per_mwh = 20", "paying");
    // Same energy; the cost changes sign exactly.
    assert_eq!(
        paid["total.facility_energy_kwh"],
        paying["total.facility_energy_kwh"]
    );
    let energy = num(&paid, "total.facility_energy_kwh");
    assert!(energy > 0.0);
    assert_eq!(
        num(&paid, "total.energy_cost_usd"),
        -num(&paying, "total.energy_cost_usd")
    );
    assert!((num(&paid, "total.energy_cost_usd") + energy * 20.0 / 1_000.0).abs() < 1e-9 * energy);
    // Total cost = energy + hardware, lower by twice the energy cost.
    for row in [&paid, &paying] {
        assert!(
            (num(row, "total.cost_total_usd")
                - num(row, "total.energy_cost_usd")
                - num(row, "total.hardware_cost_usd"))
            .abs()
                < 1e-6
        );
    }
    assert!(num(&paid, "total.cost_total_usd") < num(&paying, "total.cost_total_usd"));
}

#[test]
fn hourly_negative_prices_lower_the_cost_and_the_outputs_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Midday hours at −50 USD/MWh, the rest at 40: a windy, sunny market.
    let mut prices = "time_utc,price_usd_per_mwh\n".to_string();
    for h in 0..48 {
        let p = if (10..16).contains(&(h % 24)) {
            -50
        } else {
            40
        };
        prices.push_str(&format!(
            "2023-01-{:02}T{:02}:00:00Z,{p}\n",
            1 + h / 24,
            h % 24
        ));
    }
    fs::write(dir.join("p.csv"), prices).unwrap();
    let mixed = run_with(dir, "electricity_price_csv = \"p.csv\"", "mixed");
    let flat = run_with(dir, "electricity_usd_per_mwh = 40", "flat");
    assert_eq!(
        mixed["total.facility_energy_kwh"],
        flat["total.facility_energy_kwh"]
    );
    let cost = num(&mixed, "total.energy_cost_usd");
    assert!(cost < num(&flat, "total.energy_cost_usd"));
    // hourly.csv: each hour's cost is its energy × its price, negative in the paid hours,
    // and the hours add up to the replication's total.
    let hours = common::read_csv(&dir.join("mixed/hourly.csv"));
    let mut sum = 0.0;
    let mut negative_hours = 0;
    for h in &hours {
        let c = num(h, "energy_cost_usd");
        let e = num(h, "facility_energy_kwh");
        let p = num(h, "price_usd_per_mwh");
        assert!((c - e * p / 1_000.0).abs() <= 1e-9 * e.max(1.0), "{h:?}");
        if p < 0.0 && e > 0.0 {
            assert!(c < 0.0);
            negative_hours += 1;
        }
        sum += c;
    }
    assert!(negative_hours >= 12, "{negative_hours}");
    assert!(
        (sum - cost).abs() <= 1e-9 * cost.abs().max(1.0),
        "{sum} vs {cost}"
    );
    // jobs.csv: the job's energy cost is part of the site's.
    let jobs = common::read_csv(&dir.join("mixed/jobs.csv"));
    let job_cost: f64 = jobs.iter().map(|j| num(j, "energy_cost_usd")).sum();
    let flat_jobs = common::read_csv(&dir.join("flat/jobs.csv"));
    let flat_job_cost: f64 = flat_jobs.iter().map(|j| num(j, "energy_cost_usd")).sum();
    assert!(job_cost < flat_job_cost);
    // summary.csv carries the negative mean as it is.
    let summary = common::read_csv(&dir.join("mixed/summary.csv"));
    let row = summary
        .iter()
        .find(|r| r["scope"] == "total" && r["metric"] == "energy_cost_usd")
        .expect("row");
    assert_eq!(num(row, "mean"), cost);
}

#[test]
fn prices_below_the_floor_are_refused_naming_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut prices = "time_utc,price_usd_per_mwh\n".to_string();
    for h in 0..24 {
        let p = if h == 5 { "-250000" } else { "-30" };
        prices.push_str(&format!("2023-01-01T{h:02}:00:00Z,{p}\n"));
    }
    fs::write(dir.join("p.csv"), prices).unwrap();
    for (name, price, expect) in [
        (
            "csv",
            "electricity_price_csv = \"p.csv\"",
            &["p.csv: line 7", "-250000", "≥ -100000"][..],
        ),
        (
            "constant",
            "electricity_usd_per_mwh = -100001",
            &[
                "sites[0].cost.electricity_usd_per_mwh",
                "below the minimum -100000",
            ][..],
        ),
    ] {
        fs::write(dir.join("s.toml"), SCENARIO.replace("PRICE", price)).unwrap();
        let out = assert_cmd::Command::cargo_bin("footprint")
            .unwrap()
            .current_dir(dir)
            .args(["run", "s.toml", "--out", "o"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        for phrase in expect {
            assert!(
                stderr.contains(phrase),
                "{name}: `{phrase}` not in {stderr}"
            );
        }
        assert!(!dir.join("o").exists());
    }
}
