//! Embodied impacts of every device: a sweep comparing accelerators charges each its own
//! carbon, minerals and fab water (no silent zeros), amortised by the hours held.

use crate::common;
use footprint::hardware::{Embodied, find};

const SWEEP: &str = r#"
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 1
seed = 3

[[sites]]
name = "a"
pue = 1.2

[sites.grid]
carbon_intensity_g_per_kwh = 300

[sites.cluster]
nodes = 1
gpus_per_node = 8
accelerator = { sweep = ["H100", "B200"] }
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 10
"#;

#[test]
fn b200_and_h100_both_carry_embodied_carbon_minerals_and_water() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("sweep.toml");
    std::fs::write(&scenario, SWEEP).unwrap();
    let out = tmp.path().join("out");
    common::run(&scenario, &out, &[]);
    let summary = common::read_csv(&out.join("summary.csv"));
    // 8 accelerators and one whole server held for 10 h; 6 years × 85% = 44,676 h.
    let amortisation_h = 6.0 * 8_760.0 * 0.85;
    let server = Embodied {
        co2_kg: 2_500.0,
        adp_kg_sb_eq: footprint::hardware::embodied::DEFAULT_SERVER_ADP_KG_SB_EQ,
        water_l: footprint::hardware::embodied::default_server_water_l(),
    };
    for name in ["H100", "B200"] {
        let gpu = find(name).unwrap().embodied_impacts();
        let mut want = gpu.scaled(80.0 / amortisation_h);
        want.add(&server.scaled(10.0 / amortisation_h));
        let point = format!("sites[0].cluster.accelerator={name}");
        let get = |metric: &str| {
            summary
                .iter()
                .find(|r| r["point"] == point && r["scope"] == "total" && r["metric"] == metric)
                .unwrap_or_else(|| panic!("{point} {metric}"))["mean"]
                .parse::<f64>()
                .unwrap()
        };
        for (metric, value, expected) in [
            ("co2_embodied_kg", get("co2_embodied_kg"), want.co2_kg),
            ("adp_kg_sb_eq", get("adp_kg_sb_eq"), want.adp_kg_sb_eq),
            ("water_embodied_l", get("water_embodied_l"), want.water_l),
        ] {
            assert!(value > 0.0, "{name} {metric} is {value}");
            common::assert_within(&format!("{name} {metric}"), value, expected, 1e-12);
        }
        // The accelerator's own share is not zero either (the server alone is not enough).
        assert!(gpu.co2_kg > 0.0 && gpu.adp_kg_sb_eq > 0.0 && gpu.water_l > 0.0);
    }
    // The vendor footprints: HGX B200 2,274 kg and HGX H100 1,312 kg per 8-GPU board.
    assert_eq!(find("B200").unwrap().embodied.co2_kg, 2_274.0 / 8.0);
    assert_eq!(find("H100").unwrap().embodied.co2_kg, 1_312.0 / 8.0);
}

#[test]
fn catalog_prints_every_factor_as_csv_and_json() {
    let csv = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["catalog", "--format", "csv"])
        .output()
        .unwrap();
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("kind,name,quantity,value,unit,method,source\n"));
    for a in footprint::hardware::CATALOG {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("accelerator,{},adp_kg_sb_eq,", a.name))),
            "{}",
            a.name
        );
    }
    let json = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["catalog", "--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(text.lines().count() - 1)
    );
    let plain = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .arg("catalog")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(plain.stdout)
            .unwrap()
            .starts_with("accelerator ")
    );
}
