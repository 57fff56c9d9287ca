//! Carbon by scope on whole runs: Scope 2 location + Scope 3 category 3 = life-cycle
//! operational per job, per hour, per site and in total; market-based figures with and
//! without contracts; the 24/7 CFE score; `hourly.csv`'s matching columns; the `cfe`
//! scheduling objective. Equations: `docs/accounting-carbon.md`.

use crate::common;
use footprint::metrics::metrics;
use footprint::results::{JobRecord, ReplicationResult};
use footprint::scenario::Scenario;
use std::path::Path;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1e-300)
}

/// One site on a region preset (T&D losses and a life-cycle/combustion split by default),
/// with `procurement` appended to the site, and synthetic jobs.
fn scenario(preset: &str, procurement: &str) -> Scenario {
    let text = format!(
        r#"
[simulation]
start = "2023-03-01T00:00:00Z"
duration_days = 10
seed = 3

[scheduler]
policy = "easy_backfill"

[[sites]]
name = "s"
pue = 1.25
always_on_power_w = 20000

[sites.grid]
preset = "{preset}"

{procurement}

[sites.cluster]
nodes = 16
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[workload.arrivals]
jobs_per_day = 40

[[workload.classes]]
name = "mixed"
share = 1
gpus = [1, 8, 32]
duration_lognormal_mu = 9.0
duration_lognormal_sigma = 1.0
duration_max_hours = 48
"#
    );
    Scenario::from_toml(&text, "carbon_scopes test", Path::new("."), "t").expect("valid")
}

fn run(s: &Scenario) -> (ReplicationResult, Vec<JobRecord>) {
    let (result, jobs, _) = common::run_audited(s);
    (result, jobs)
}

fn total(result: &ReplicationResult, name: &str) -> f64 {
    metrics(result)
        .into_iter()
        .find(|m| m.scope == "total" && m.name == name)
        .unwrap_or_else(|| panic!("no metric {name}"))
        .value
}

#[test]
fn scope2_location_plus_scope3_cat3_is_life_cycle_operational() {
    for preset in ["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"] {
        let (result, jobs) = run(&scenario(preset, ""));
        for j in &jobs {
            let c = &j.charges;
            assert!(
                close(
                    c.co2_operational_kg,
                    c.co2_scope2_location_kg + c.co2_scope3_cat3_kg,
                    1e-9
                ),
                "{preset} job {}: {c:?}",
                j.id
            );
        }
        let site = &result.sites[0];
        for row in &site.hours {
            let c = row.charges();
            assert!(close(
                c.co2_operational_kg,
                c.co2_scope2_location_kg + c.co2_scope3_cat3_kg,
                1e-9
            ));
        }
        for c in [&site.site, &site.jobs, &site.idle] {
            assert!(close(
                c.co2_operational_kg,
                c.co2_scope2_location_kg + c.co2_scope3_cat3_kg,
                1e-9
            ));
        }
        let (loc, cat3, op) = (
            total(&result, "co2_scope2_location_kg"),
            total(&result, "co2_scope3_cat3_kg"),
            total(&result, "co2_operational_kg"),
        );
        assert!(
            close(op, loc + cat3, 1e-9),
            "{preset}: {op} vs {loc} + {cat3}"
        );
        // the preset's upstream and T&D losses make Scope 3 category 3 positive
        assert!(cat3 > 0.02 * op, "{preset}: {cat3} of {op}");
    }
}

#[test]
fn zero_contracts_charge_every_kwh_at_the_residual_mix() {
    let s = scenario("DE-LU", "[sites.procurement]\nresidual_mix_g_per_kwh = 650");
    let (result, _) = run(&s);
    let facility = total(&result, "facility_energy_kwh");
    let expected = facility * 0.650;
    assert!(close(
        total(&result, "co2_scope2_market_kg"),
        expected,
        1e-9
    ));
    assert!(close(
        total(&result, "co2_scope2_market_hourly_kg"),
        expected,
        1e-9
    ));
    // the preset's default (AIB 2023, 719.90) applies when no factor is given
    let (result, _) = run(&scenario("DE-LU", ""));
    let facility = total(&result, "facility_energy_kwh");
    assert!(close(
        total(&result, "co2_scope2_market_kg"),
        facility * 0.7199,
        1e-9
    ));
    // without a published residual mix (Ontario), uncovered energy is charged at the grid's
    // combustion factor: market-based = location-based
    let (result, _) = run(&scenario("CA-ON", ""));
    assert!(close(
        total(&result, "co2_scope2_market_kg"),
        total(&result, "co2_scope2_location_kg"),
        1e-9
    ));
}

#[test]
fn clean_contracts_order_the_market_based_figures() {
    let contracts = [
        "[[sites.procurement.certificates]]\nmwh_per_year = 5000",
        "[[sites.procurement.ppa]]\ntechnology = \"solar\"\ncapacity_mw = 1",
        "[[sites.procurement.ppa]]\ntechnology = \"wind\"\ncapacity_mw = 2",
        "[[sites.procurement.ppa]]\ntechnology = \"wind\"\ncapacity_mw = 1\n[[sites.procurement.ppa]]\ntechnology = \"solar\"\ncapacity_mw = 1\n[sites.procurement.battery]\nenergy_mwh = 2\npower_mw = 0.5\nround_trip_efficiency = 0.9",
    ];
    for preset in ["US-CAL-CISO", "DE-LU"] {
        let (none, _) = run(&scenario(preset, ""));
        let uncovered = total(&none, "co2_scope2_market_kg");
        for c in contracts {
            let (r, _) = run(&scenario(preset, c));
            let annual = total(&r, "co2_scope2_market_kg");
            let hourly = total(&r, "co2_scope2_market_hourly_kg");
            let uncovered_here = total(&r, "facility_energy_kwh")
                * (uncovered / total(&none, "facility_energy_kwh"));
            assert!(uncovered_here >= hourly - 1e-6, "{preset} {c}");
            assert!(hourly >= annual - 1e-6, "{preset} {c}: {hourly} < {annual}");
            assert!(annual >= 0.0);
            let score = total(&r, "cfe_score");
            assert!((0.0..=1.0).contains(&score), "{score}");
            // matched + unmatched load = load
            let matched = total(&r, "cfe_matched_kwh");
            assert!(matched <= total(&r, "facility_energy_kwh") * (1.0 + 1e-12));
        }
    }
}

#[test]
fn a_battery_never_lowers_the_cfe_score() {
    let ppa = "[[sites.procurement.ppa]]\ntechnology = \"solar\"\ncapacity_mw = 2";
    let (plain, _) = run(&scenario("US-CAL-CISO", ppa));
    let with = format!(
        "{ppa}\n[sites.procurement.battery]\nenergy_mwh = 4\npower_mw = 1\nround_trip_efficiency = 0.85"
    );
    let (stored, _) = run(&scenario("US-CAL-CISO", &with));
    assert!(total(&stored, "battery_discharge_kwh") > 0.0);
    assert!(total(&stored, "cfe_score") > total(&plain, "cfe_score"));
    assert!(
        total(&stored, "co2_scope2_market_hourly_kg")
            < total(&plain, "co2_scope2_market_hourly_kg")
    );
}

#[test]
fn hourly_csv_matching_columns_add_up_to_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("p.toml");
    let text = std::fs::read_to_string(common::root().join("scenarios/procurement.toml"))
        .unwrap()
        .replace("duration_days = 365", "duration_days = 20")
        .replace("duration_hours = 8760", "duration_hours = 300");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("out");
    common::run(&path, &out, &["--reps", "1"]);
    let hourly = common::read_csv(&out.join("hourly.csv"));
    let summary = common::read_csv(&out.join("summary.csv"));
    for (column, metric) in [
        ("cfe_matched_kwh", "cfe_matched_kwh"),
        ("contract_surplus_kwh", "contract_surplus_kwh"),
        ("contract_deficit_kwh", "contract_deficit_kwh"),
        ("contract_supply_kwh", "contract_supply_kwh"),
        ("co2_scope2_market_hourly_kg", "co2_scope2_market_hourly_kg"),
        ("co2_scope2_location_kg", "co2_scope2_location_kg"),
    ] {
        let sum = common::column_sum(&hourly, column);
        let mean = common::summary_mean(&summary, "total", metric);
        assert!(close(sum, mean, 1e-9), "{column}: {sum} vs {mean}");
    }
    // surplus − deficit = supply − load, hour by hour
    for r in &hourly {
        let v = |c: &str| r[c].parse::<f64>().unwrap();
        let lhs = v("contract_surplus_kwh") - v("contract_deficit_kwh");
        let rhs = v("contract_supply_kwh") - v("facility_energy_kwh");
        assert!((lhs - rhs).abs() <= 1e-6 * v("facility_energy_kwh").max(1.0));
    }
}

#[test]
fn scope1_is_charged_pro_rata_and_counted_in_the_life_cycle_total() {
    let s = scenario(
        "ZA",
        "[sites.scope1]\nrefrigerant_charge_kg = 500\nrefrigerant_leak_rate_per_year = 0.1\nrefrigerant_gwp = 1430\ngenerator_test_hours_per_year = 24\ngenerator_diesel_l_per_hour = 300",
    );
    let (result, _) = run(&s);
    // (500 × 0.1 × 1,430 + 24 × 300 × 10.21 / 3.785411784) × 10 / 365 days
    let per_year = 500.0 * 0.1 * 1_430.0 + 24.0 * 300.0 * 10.21 / 3.785_411_784;
    let expected = per_year * 10.0 / 365.0;
    assert!(close(total(&result, "co2_scope1_kg"), expected, 1e-9));
    let life_cycle = total(&result, "co2_scope1_kg")
        + total(&result, "co2_operational_kg")
        + total(&result, "co2_embodied_kg");
    assert!(close(total(&result, "co2_total_kg"), life_cycle, 1e-12));
}

#[test]
fn cfe_objective_moves_deferrable_jobs_into_contracted_supply() {
    // A PPA delivering only from 10:00 to 14:00 UTC; a job arriving at 00:00 with a day of
    // slack. Under the `cfe` objective (perfect forecast) it starts in the supply window
    // and its hourly-matched market-based carbon falls.
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = "time_utc,supply_mw\n".to_string();
    for h in 0..72 {
        let mw = if (10..14).contains(&(h % 24)) {
            5.0
        } else {
            0.0
        };
        csv += &format!("2023-06-{:02}T{:02}:00:00Z,{mw}\n", 1 + h / 24, h % 24);
    }
    std::fs::write(tmp.path().join("ppa.csv"), csv).unwrap();
    let text = |temporal: &str| {
        format!(
            r#"
[simulation]
start = "2023-06-01T00:00:00Z"
duration_days = 3
seed = 1

[scheduler]
policy = "fifo"
{temporal}

[[sites]]
name = "s"
pue = 1.2

[sites.grid]
carbon_intensity_g_per_kwh = 400
grid_cfe_share = 0.2

[sites.procurement]
residual_mix_g_per_kwh = 500

[[sites.procurement.ppa]]
csv = "ppa.csv"

[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 0
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 32
duration_hours = 4
deadline_hours = 30
"#
        )
    };
    let load = |t: &str| {
        Scenario::from_toml(&text(t), "cfe objective test", tmp.path(), "t").expect("valid")
    };
    let shifted = load("[scheduler.temporal]\nobjective = \"cfe\"\nforecast = \"perfect\"");
    let plain = load("");
    let (rs, js) = run(&shifted);
    let (rp, jp) = run(&plain);
    let start_h = js[0].start_s.unwrap() / 3_600;
    assert_eq!(jp[0].start_s, Some(0));
    assert!(
        (10..14).contains(&(start_h % 24)),
        "started at hour {start_h}"
    );
    assert!(total(&rs, "cfe_score") > total(&rp, "cfe_score"));
    assert!(total(&rs, "co2_scope2_market_hourly_kg") < total(&rp, "co2_scope2_market_hourly_kg"));
}
