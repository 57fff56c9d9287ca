//! Water conventions: the hydro allocation α moves off-site water by exactly the charged
//! evaporation, withdrawal is never below consumption, and the scarcity-weighted total is
//! consumption × the site's factor.

use crate::common;

/// A constant mix, half hydro and half gas, for 48 hours from 2023-01-01.
fn genmix_csv() -> String {
    let mut s = String::from("timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH\n");
    for h in 0..48 {
        s += &format!(
            "2023-01-{:02} {:02}:00:00+00:00,0,0,500,0,500,0,0,0\n",
            1 + h / 24,
            h % 24
        );
    }
    s
}

const SCENARIO: &str = r#"
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 1
seed = 5

[[sites]]
name = "hydro-gas"
pue = 1.25
wue_l_per_kwh = 0.4

[sites.grid]
genmix_csv = "mix.csv"

[sites.water]
hydro_allocation = { sweep = [0.0, 1.0] }
hydro_evaporation_l_per_kwh = 17.0
scarcity_factor = 2.5

[sites.cluster]
nodes = 1
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 10
"#;

fn mean(summary: &[std::collections::HashMap<String, String>], point: &str, metric: &str) -> f64 {
    summary
        .iter()
        .find(|r| r["point"] == point && r["scope"] == "total" && r["metric"] == metric)
        .unwrap_or_else(|| panic!("{point} {metric}"))["mean"]
        .parse()
        .unwrap()
}

#[test]
fn hydro_allocation_withdrawal_and_scarcity_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("mix.csv"), genmix_csv()).unwrap();
    let scenario = tmp.path().join("water.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let out = tmp.path().join("out");
    common::run(&scenario, &out, &[]);
    let summary = common::read_csv(&out.join("summary.csv"));
    let (p0, p1) = (
        "sites[0].water.hydro_allocation=0.0",
        "sites[0].water.hydro_allocation=1.0",
    );
    let facility = mean(&summary, p0, "facility_energy_kwh");
    assert_eq!(facility, mean(&summary, p1, "facility_energy_kwh"));
    // Macknick fleet gas consumption 287 gal/MWh; tower withdrawal 253 gal/MWh is lower,
    // so gas withdraws what it consumes; hydro charges α × 17 L/kWh both ways.
    let gas_l_per_kwh = 287.0 * 3.785_411_784 / 1_000.0;
    for (point, alpha) in [(p0, 0.0), (p1, 1.0)] {
        let ewif = 0.5 * gas_l_per_kwh + 0.5 * alpha * 17.0;
        let offsite = mean(&summary, point, "water_offsite_l");
        common::assert_within(point, offsite, facility * ewif, 1e-9);
        let withdrawal = mean(&summary, point, "water_offsite_withdrawal_l");
        assert!(withdrawal >= offsite, "{point}: {withdrawal} < {offsite}");
        common::assert_within(point, withdrawal, facility * ewif, 1e-9);
        let total = mean(&summary, point, "water_total_l");
        let weighted = mean(&summary, point, "water_scarcity_weighted_l");
        common::assert_within(point, weighted, 2.5 * total, 1e-12);
    }
    // α = 1 moves off-site water by half the facility energy × 17 L/kWh.
    let moved = mean(&summary, p1, "water_offsite_l") - mean(&summary, p0, "water_offsite_l");
    common::assert_within("α 0 → 1", moved, facility * 0.5 * 17.0, 1e-9);
    // The manifest records the conventions of the base scenario.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let w = &manifest["water_conventions"][0];
    assert_eq!(w["site"], "hydro-gas");
    assert_eq!(w["scarcity_factor"], 2.5);
    assert_eq!(w["scarcity_source"], "scenario");
    assert_eq!(w["offsite_basis"], "generation mix");
}

#[test]
fn withdrawal_exceeds_consumption_where_towers_withdraw_more() {
    // Coal: fleet consumption 476 gal/MWh, tower withdrawal 1,005 gal/MWh.
    let tmp = tempfile::tempdir().unwrap();
    let csv = genmix_csv().replace(",0,0,500,0,500,0,0,0", ",0,0,0,0,0,1000,0,0");
    std::fs::write(tmp.path().join("mix.csv"), csv).unwrap();
    let text = SCENARIO
        .replace("hydro_allocation = { sweep = [0.0, 1.0] }\n", "")
        .replace("scarcity_factor = 2.5\n", "");
    let scenario = tmp.path().join("coal.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = tmp.path().join("out");
    common::run(&scenario, &out, &[]);
    let summary = common::read_csv(&out.join("summary.csv"));
    let get = |m: &str| common::summary_mean(&summary, "total", m);
    let facility = get("facility_energy_kwh");
    let gal = 3.785_411_784 / 1_000.0;
    common::assert_within(
        "coal consumption",
        get("water_offsite_l"),
        facility * 476.0 * gal,
        1e-9,
    );
    common::assert_within(
        "coal withdrawal",
        get("water_offsite_withdrawal_l"),
        facility * 1_005.0 * gal,
        1e-9,
    );
    // No preset: the world AWARE 2.0 factor, 17.9.
    common::assert_within(
        "scarcity",
        get("water_scarcity_weighted_l"),
        17.9 * get("water_total_l"),
        1e-12,
    );
}

#[test]
fn every_region_preset_weights_water_by_its_own_aware_factor() {
    for (region, factor) in [
        ("US-CAL-CISO", 34.4),
        ("US-TEX-ERCO", 13.5),
        ("DE-LU", 2.09),
        ("CA-ON", 1.15),
        ("ZA", 49.8),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let text = SCENARIO
            .replace(
                "genmix_csv = \"mix.csv\"",
                &format!("preset = \"{region}\""),
            )
            .replace("hydro_allocation = { sweep = [0.0, 1.0] }\n", "")
            .replace("scarcity_factor = 2.5\n", "");
        let scenario = tmp.path().join("preset.toml");
        std::fs::write(&scenario, text).unwrap();
        let out = tmp.path().join("out");
        common::run(&scenario, &out, &[]);
        let summary = common::read_csv(&out.join("summary.csv"));
        let get = |m: &str| common::summary_mean(&summary, "total", m);
        assert!(get("water_total_l") > 0.0, "{region}");
        common::assert_within(
            region,
            get("water_scarcity_weighted_l"),
            factor * get("water_total_l"),
            1e-12,
        );
        assert!(
            get("water_offsite_withdrawal_l") >= get("water_offsite_l"),
            "{region}"
        );
    }
}
