//! Caps on one training run (`[projection.caps]`, issue 15): each cap binds when growth
//! exceeds it and not otherwise, the binding constraint is reported, growth past a cap is
//! held at the cap, bad cap values are refused naming the key, and capped runs do not
//! depend on threads.

use crate::common::edit;
use crate::projection::{SMALL, rejected};
use footprint::projection::{self, output};
use footprint::scenario::template::ScenarioTemplate;
use std::path::Path;

/// SMALL's run of 1e23 FLOP over 10 days at MFU 0.4 on H100s needs 296 accelerators
/// (1e23 / (864,000 s × 989.4e12 × 0.4) = 292.4, rounded up to whole servers of 8); each
/// draws (700 + 1,500 / 8) W × PUE 1.2 = 1,065 W: 0.315 MW.
fn with_caps(caps: &str) -> String {
    // Every cap given holds from mid-2024.
    let mut text = format!("{SMALL}\n[projection.caps]\n{caps}\n");
    for (value, year) in [
        ("largest_run_power_mw", "largest_run_power_year"),
        ("accelerator_supply_h100e", "accelerator_supply_year"),
        ("largest_run_cost_usd", "largest_run_cost_year"),
    ] {
        if caps.contains(&format!("{value} =")) && !caps.contains(year) {
            text.push_str(&format!("{year} = 2024.5\n"));
        }
    }
    text
}

fn template(text: &str) -> ScenarioTemplate {
    ScenarioTemplate::from_toml(text, "test.toml", Path::new("."), "test", &[]).expect("valid")
}

fn run(text: &str, reps: u64) -> projection::ProjectionRun {
    projection::run(&template(text), reps, None, Some(1), &|| {}).expect("runs")
}

fn mean(run: &projection::ProjectionRun, year: i32, metric: &str) -> f64 {
    output::statistics(run, year, metric).expect("metric").mean
}

fn max(run: &projection::ProjectionRun, year: i32, metric: &str) -> f64 {
    let m = projection::metrics::PROJECTION_METRICS
        .iter()
        .position(|x| x.name == metric)
        .expect("metric");
    let y = run.years.iter().position(|&v| v == year).expect("year");
    run.replications
        .iter()
        .map(|r| r.values[y][m])
        .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn the_power_cap_binds_when_growth_exceeds_it() {
    let capped = run(&with_caps("largest_run_power_mw = 0.2"), 2);
    let named = output::binding_caps(&capped, 2026).expect("a cap binds in 2026");
    assert!(named.starts_with("power "), "{named}");
    assert!(
        !named.contains("supply") && !named.contains("budget"),
        "{named}"
    );
    for year in 2024..=2026 {
        let mw = max(&capped, year, "largest_run_peak_power_mw");
        assert!(
            mw <= 0.2 && mw > 0.18,
            "{year}: {mw} MW against a 0.2 MW cap"
        );
        // 0.2 MW / 1,065 W = 187.8 → 184 accelerators (23 servers).
        assert_eq!(mean(&capped, year, "largest_run_accelerators"), 184.0);
        assert_eq!(mean(&capped, year, "binding_power_cap"), 1.0);
        assert_eq!(mean(&capped, year, "binding_supply_cap"), 0.0);
        assert_eq!(mean(&capped, year, "binding_budget_cap"), 0.0);
        assert!(
            mean(&capped, year, "largest_run_compute_flop")
                < mean(&capped, year, "frontier_trend_compute_flop")
        );
    }
}

#[test]
fn a_cap_above_the_runs_changes_nothing() {
    let free = run(SMALL, 2);
    let loose = run(&with_caps("largest_run_power_mw = 0.4"), 2);
    for year in 2024..=2026 {
        assert_eq!(mean(&loose, year, "binding_power_cap"), 0.0);
        assert_eq!(output::binding_caps(&loose, year), None);
        assert!(mean(&loose, year, "frontier_cap_compute_flop") > 1e23);
        assert_eq!(mean(&free, year, "frontier_cap_compute_flop"), 0.0);
        for metric in [
            "energy_twh",
            "co2_total_mt",
            "water_total_gl",
            "largest_run_cost_usd",
            "largest_run_peak_power_mw",
        ] {
            assert_eq!(
                mean(&loose, year, metric),
                mean(&free, year, metric),
                "{year} {metric}"
            );
        }
    }
}

#[test]
fn the_supply_and_budget_caps_bind_and_are_named() {
    // 10% of 1,000 H100-equivalents = 100 H100s → 96 (12 servers).
    let supply = run(
        &with_caps("accelerator_supply_h100e = 1000\nlargest_run_supply_share = 0.1"),
        1,
    );
    assert_eq!(mean(&supply, 2025, "largest_run_accelerators"), 96.0);
    assert_eq!(mean(&supply, 2025, "binding_supply_cap"), 1.0);
    assert_eq!(mean(&supply, 2025, "binding_power_cap"), 0.0);
    // The unlimited run costs about $60k; a $30k budget holds it below $30k.
    let free = run(SMALL, 1);
    assert!(mean(&free, 2025, "largest_run_cost_usd") > 45_000.0);
    let budget = run(&with_caps("largest_run_cost_usd = 30000"), 1);
    let cost = mean(&budget, 2025, "largest_run_cost_usd");
    assert!(cost <= 30_000.0 && cost > 25_000.0, "{cost}");
    assert_eq!(mean(&budget, 2025, "binding_budget_cap"), 1.0);
    // Both: the tighter (supply, 96 accelerators, about $20k) is named.
    let both = run(
        &with_caps(
            "accelerator_supply_h100e = 1000\nlargest_run_supply_share = 0.1\nlargest_run_cost_usd = 30000",
        ),
        1,
    );
    assert_eq!(mean(&both, 2025, "binding_supply_cap"), 1.0);
    assert_eq!(mean(&both, 2025, "binding_budget_cap"), 0.0);
}

#[test]
fn growth_past_a_cap_follows_the_cap() {
    // Compute grows 10× a year; the power cap grows 1.5× a year from 0.2 MW in mid-2024.
    let text = edit(
        &with_caps("largest_run_power_mw = 0.2\nlargest_run_power_growth_per_year = 1.5"),
        "frontier_compute_growth_per_year = 1.0",
        "frontier_compute_growth_per_year = 10.0",
    );
    let r = run(&text, 1);
    let mut last = 0.0;
    for (year, cap_mw) in [(2024, 0.2), (2025, 0.3), (2026, 0.45)] {
        let mw = mean(&r, year, "largest_run_peak_power_mw");
        assert!(
            mw <= cap_mw && mw > 0.85 * cap_mw,
            "{year}: {mw} MW, cap {cap_mw}"
        );
        let trend = mean(&r, year, "frontier_trend_compute_flop");
        let flop = mean(&r, year, "largest_run_compute_flop");
        assert!(flop < trend, "{year}");
        assert!(
            flop > last,
            "{year}: the capped frontier still grows with its cap"
        );
        last = flop;
        assert_eq!(mean(&r, year, "binding_power_cap"), 1.0);
    }
}

#[test]
fn bad_caps_are_refused_naming_the_key() {
    rejected(
        &with_caps("largest_run_power_mw = -5"),
        &[
            "projection.caps.largest_run_power_mw",
            "expected a number > 0",
        ],
    );
    rejected(
        &with_caps("accelerator_supply_h100e = 1e6\nlargest_run_supply_share = 1.5"),
        &[
            "projection.caps.largest_run_supply_share",
            "expected a fraction in (0, 1]",
        ],
    );
    rejected(
        &with_caps("largest_run_cost_usd = 1e9\nlargest_run_cost_growth_per_year = 1e300"),
        &[
            "projection.caps.largest_run_cost_growth_per_year",
            "overflows",
        ],
    );
    rejected(
        &with_caps("largest_run_power_mw = 10\nlargest_run_power_growth_per_year = 0"),
        &[
            "projection.caps.largest_run_power_growth_per_year",
            "expected a number > 0",
        ],
    );
    rejected(&with_caps("largest_run_watts = 10"), &["largest_run_watts"]);
    rejected(
        &format!("{SMALL}\n[projection.caps]\naccelerator_supply_year = 2030.5\n"),
        &[
            "projection.caps.accelerator_supply_h100e",
            "expected a value with accelerator_supply_year",
        ],
    );
    rejected(
        &with_caps("largest_run_power_mw = 10\nlargest_run_power_year = 99999"),
        &["projection.caps.largest_run_power_year", "expected a year"],
    );
    rejected(
        &format!("{SMALL}\n[projection.caps]\nlargest_run_cost_usd = 1e9\n"),
        &[
            "projection.caps.largest_run_cost_year",
            "expected the decimal year of largest_run_cost_usd",
        ],
    );
}

#[test]
fn capped_projections_do_not_depend_on_threads() {
    // The cap is uncertain: it binds in some replications and not in others.
    let text = edit(
        &with_caps("largest_run_power_mw = { dist = \"uniform\", min = 0.3, max = 1.5 }"),
        "compute_fraction_of_frontier = 1.0",
        "compute_fraction_of_frontier = 1.0\ncompute_sd_log10 = 0.3",
    );
    let t = template(&text);
    let one = projection::run(&t, 16, None, Some(1), &|| {}).unwrap();
    let two = projection::run(&t, 16, None, Some(2), &|| {}).unwrap();
    assert_eq!(output::projection_csv(&one), output::projection_csv(&two));
    let share = mean(&one, 2025, "binding_power_cap");
    assert!(
        share > 0.0 && share < 1.0,
        "binding in {share} of replications"
    );
}
