use super::*;
use crate::site::grid::genmix::{Mix, Source};
use crate::site::grid::presets::preset;
use crate::site::grid::synthetic::{generate_all, generate_evolving, series_stats};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// 2023-01-01T00:00:00Z.
const START_2023: i64 = 1_672_531_200;

fn table(years: Vec<i32>) -> CapacityTrajectory {
    CapacityTrajectory {
        years,
        solar: None,
        wind: None,
        coal: None,
        gas: None,
        demand: None,
        storage_mw: None,
        storage_duration_h: None,
        storage_round_trip_efficiency: None,
    }
}

#[test]
fn interpolates_between_years_and_checks_the_table() {
    let mut t = table(vec![2023, 2030, 2035]);
    t.solar = Some(vec![1.0, 2.4, 3.0]);
    t.storage_mw = Some(vec![0.0, 700.0, 1_000.0]);
    assert!(t.validate().is_ok());
    let s = t.scale_for_year(2025);
    assert!((s.solar - 1.4).abs() < 1e-12, "{}", s.solar);
    assert!((s.storage_mw - 200.0).abs() < 1e-9);
    assert_eq!(s.wind, 1.0);
    assert_eq!(s.coal, 1.0);
    assert_eq!(t.scale_for_year(2035).solar, 3.0);
    assert!(t.check_covers(2023, 2035).is_ok());
    let (field, msg) = t.check_covers(2023, 2036).unwrap_err();
    assert_eq!(field, "years");
    assert!(
        msg.contains("2023–2036") && msg.contains("2023–2035"),
        "{msg}"
    );
    assert_eq!(t.check_covers(2022, 2030).unwrap_err().0, "years");

    let mut short = t.clone();
    short.wind = Some(vec![1.0, 2.0]);
    let (field, msg) = short.validate().unwrap_err();
    assert_eq!(field, "wind");
    assert!(msg.contains("one value per year"), "{msg}");
    let mut unordered = t.clone();
    unordered.years = vec![2023, 2035, 2030];
    assert_eq!(unordered.validate().unwrap_err().0, "years");
    let mut negative = t.clone();
    negative.coal = Some(vec![1.0, -0.5, 0.0]);
    let (field, msg) = negative.validate().unwrap_err();
    assert_eq!(field, "coal");
    assert!(msg.contains("2030"), "{msg}");
    assert_eq!(table(vec![]).validate().unwrap_err().0, "years");
}

#[test]
fn unchanged_trajectory_gives_the_calibrated_output() {
    // Multipliers of 1 and no storage reproduce the calibrated generator exactly, so the
    // 2023 calibration holds with or without a trajectory.
    let p = preset("DE-LU").unwrap();
    let t = table(vec![2023]);
    let a = generate_all(p, START_2023, 24 * 20, &mut ChaCha8Rng::seed_from_u64(4));
    let b = generate_evolving(
        p,
        Some(&t),
        START_2023,
        24 * 20,
        &mut ChaCha8Rng::seed_from_u64(4),
    );
    assert_eq!(a, b);
    let plan = presets::de_lu();
    assert!(plan.validate().is_ok());
    assert_eq!(plan.scale_for_year(2023), CapacityScale::UNCHANGED);
}

/// Lifecycle intensity statistics of a year of `preset` generated with `trajectory`.
fn year_stats(
    name: &str,
    trajectory: Option<&CapacityTrajectory>,
    start: i64,
) -> (
    crate::site::grid::synthetic::SeriesStats,
    Vec<Mix>,
    Vec<Mix>,
) {
    let p = preset(name).unwrap();
    let g = generate_evolving(
        p,
        trajectory,
        start,
        8_760,
        &mut ChaCha8Rng::seed_from_u64(1),
    );
    let ci = p.lifecycle_ci(&g.mixes);
    (series_stats(&ci, start), g.mixes, g.margins)
}

fn share_of(mixes: &[Mix], s: Source) -> f64 {
    let total: f64 = mixes.iter().map(|m| m.total()).sum();
    mixes.iter().map(|m| m.get(s)).sum::<f64>() / total
}

#[test]
fn the_german_plan_cleans_and_reshapes_the_grid() {
    // The same weather (seed) under the 2023 and the 2035 fleets: the statutory plan
    // (3.2× solar by 2030, 4.6× by 2035; coal down to 17 % of 2023's in 2035) lowers the mean
    // intensity, and coal leaves the margin.
    let plan = presets::de_lu();
    let start_2035 = 2_051_222_400; // 2035-01-01T00:00:00Z
    let (s23, m23, g23) = year_stats("DE-LU", Some(&plan), START_2023);
    let (s35, m35, g35) = year_stats("DE-LU", Some(&plan), start_2035);
    println!("DE-LU, seed 1, lifecycle gCO2e/kWh: 2023 / 2035");
    println!("mean {:.1} / {:.1}", s23.mean, s35.mean);
    println!(
        "daily amplitude {:.1} / {:.1}",
        s23.daily_amplitude, s35.daily_amplitude
    );
    println!("hourly sd {:.1} / {:.1}", s23.sd, s35.sd);
    let p = preset("DE-LU").unwrap();
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    println!(
        "marginal intensity mean {:.1} / {:.1}",
        mean(p.lifecycle_ci(&g23)),
        mean(p.lifecycle_ci(&g35))
    );
    for s in Source::ALL {
        println!(
            "{}: share of consumption {:.3} / {:.3}; of the margin {:.3} / {:.3}",
            s.name(),
            share_of(&m23, s),
            share_of(&m35, s),
            share_of(&g23, s),
            share_of(&g35, s)
        );
    }
    assert!(s35.mean < 0.7 * s23.mean, "{s23:?} {s35:?}");
    assert!(share_of(&m35, Source::Coal) < 0.5 * share_of(&m23, Source::Coal));
    assert!(share_of(&g35, Source::Coal) < share_of(&g23, Source::Coal));
    // Four times the solar fleet with flat demand is mostly exported or curtailed at noon.
    assert!(share_of(&m35, Source::Solar) > share_of(&m23, Source::Solar));
    assert!(share_of(&m35, Source::Wind) > 1.3 * share_of(&m23, Source::Wind));
    assert!(s35.daily_amplitude < s23.daily_amplitude);
}

#[test]
fn storage_conserves_energy_and_moves_the_solar_surplus() {
    // Storage shifts energy within each day: consumption stays equal to demand (the
    // discharge carries the charging hours' mix, losses leave like exports), and with twice
    // California's solar fleet the midday surplus moved into the evening lowers the mean
    // intensity and its hourly spread.
    // Demand at 80 % so that no hour is short of supply (unserved demand would differ).
    let mut t = table(vec![2023]);
    t.solar = Some(vec![2.0]);
    t.demand = Some(vec![0.8]);
    let mut with_storage = t.clone();
    with_storage.storage_mw = Some(vec![8_000.0]);
    let (plain, mixes_plain, _) = year_stats("US-CAL-CISO", Some(&t), START_2023);
    let (stored, mixes_stored, _) = year_stats("US-CAL-CISO", Some(&with_storage), START_2023);
    let total = |m: &[Mix]| m.iter().map(|x| x.total()).sum::<f64>();
    let (a, b) = (total(&mixes_plain), total(&mixes_stored));
    assert!((a - b).abs() < 1e-9 * a, "{a} vs {b}");
    assert!(stored.mean < 0.97 * plain.mean, "{plain:?} {stored:?}");
    assert!(stored.sd < plain.sd, "{plain:?} {stored:?}");
}

/// 1 January of `year`, 00:00 UTC.
fn start_of(year: i64) -> i64 {
    crate::time::days_from_civil(year, 1, 1) * crate::time::SECONDS_PER_DAY_I64
}

#[test]
fn every_built_in_plan_starts_at_the_calibration_and_is_sourced() {
    // Each plan validates, leaves the calibration year (2023) unchanged, belongs to an
    // existing preset and is listed in the error message's list of regions with a plan.
    for name in presets::PRESETS_WITH_PLAN {
        let plan = presets::preset_trajectory(name).expect(name);
        assert!(plan.validate().is_ok(), "{name}");
        assert_eq!(plan.years[0], 2023, "{name}");
        assert_eq!(
            plan.scale_for_year(2023),
            CapacityScale::UNCHANGED,
            "{name}"
        );
        assert!(preset(name).is_some(), "{name}");
    }
    for name in crate::site::grid::presets::preset_names() {
        assert_eq!(
            presets::preset_trajectory(name).is_some(),
            presets::PRESETS_WITH_PLAN.contains(&name),
            "{name}"
        );
    }
    // The sourced figures, as multipliers of the 2023 fleets (docs/models-grid.md §6).
    let ca = presets::us_cal_ciso().scale_for_year(2035);
    assert!((ca.solar - 55_943.0 / 17_943.0).abs() < 1e-12, "{ca:?}");
    assert!((ca.wind - 19_414.0 / 6_114.0).abs() < 1e-12, "{ca:?}");
    assert_eq!(ca.storage_mw, 28_000.0);
    assert_eq!((ca.coal, ca.gas, ca.demand), (1.0, 1.0, 1.0));
    let za = presets::za().scale_for_year(2030);
    assert!((za.solar - 9_879.0 / 6_164.0).abs() < 1e-12, "{za:?}");
    assert!((za.wind - 7_910.0 / 3_442.0).abs() < 1e-12, "{za:?}");
    assert!((za.coal - 40.0 / 45.0).abs() < 1e-12, "{za:?}");
    assert_eq!(za.storage_mw, 4_103.0);
    // Halfway along a linear plan.
    let za_2026 = presets::za().scale_for_year(2026);
    assert!((za_2026.storage_mw - 4_103.0 * 3.0 / 7.0).abs() < 1e-9);
    // South Africa's plan ends in 2030: never extrapolated.
    assert_eq!(
        presets::za().check_covers(2023, 2031).unwrap_err().0,
        "years"
    );
}

/// One row of the table of built-in plans in docs/models-grid.md §6: lifecycle CI mean,
/// daily amplitude, hourly SD and mean marginal CI (g/kWh), seed 1, one year from
/// 1 January, generator only (no facility).
fn plan_row(name: &str, year: i64) -> (String, f64, f64) {
    let plan = presets::preset_trajectory(name).expect(name);
    let (s, _, margins) = year_stats(name, Some(&plan), start_of(year));
    let p = preset(name).unwrap();
    let marginal = p.lifecycle_ci(&margins);
    let marginal_mean = marginal.iter().sum::<f64>() / marginal.len() as f64;
    (
        format!(
            "| {name} | {year} | {:.1} | {:.1} | {:.1} | {:.1} |",
            s.mean, s.daily_amplitude, s.sd, marginal_mean
        ),
        s.mean,
        marginal_mean,
    )
}

#[test]
fn built_in_plans_clean_the_grid_as_the_docs_say() {
    // California to 2035 and South Africa to 2030 (the end of its plan): the mean lifecycle
    // intensity falls under each plan (same seed, so the same weather), and the figures
    // are those of the table in docs/models-grid.md §6.
    let docs = include_str!("../../../../docs/models-grid.md");
    let rows: Vec<_> = [("DE-LU", 2035), ("US-CAL-CISO", 2035), ("ZA", 2030)]
        .into_iter()
        .map(|(name, last)| (name, plan_row(name, 2023), plan_row(name, last)))
        .collect();
    for (_, (first, ..), (last, ..)) in &rows {
        println!("{first}\n{last}");
    }
    for (name, (first, mean_first, marginal_first), (last, mean_last, marginal_last)) in &rows {
        assert!(*mean_last < 0.95 * mean_first, "{name}: {first} {last}");
        assert!(*marginal_last < *marginal_first, "{name}: {first} {last}");
        for row in [first, last] {
            assert!(
                docs.contains(row.as_str()),
                "docs/models-grid.md lacks {row}"
            );
        }
    }
}

#[test]
fn the_docs_table_of_plans_gives_the_code_multipliers() {
    // docs/models-grid.md §6 lists each plan's multipliers, rounded: every year a cell
    // names is the code's value there (solar and wind to 2 decimals, coal to 3, 0 as "0"),
    // and the storage cell gives the plan's last-year storage.
    let docs = include_str!("../../../../docs/models-grid.md");
    let thousands = |v: f64| {
        let digits = format!("{v:.0}");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    for name in presets::PRESETS_WITH_PLAN {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| {name} | 2023–")))
            .unwrap_or_else(|| panic!("no table row for {name}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (solar_cell, wind_cell, coal_cell, storage_cell) =
            (cells[3], cells[4], cells[5], cells[6]);
        let plan = presets::preset_trajectory(name).unwrap();
        let mut named = 0;
        for &year in &plan.years[1..] {
            let k = plan.scale_for_year(i64::from(year));
            let tag = format!("({year})");
            for (cell, v, decimals) in [
                (solar_cell, k.solar, 2),
                (wind_cell, k.wind, 2),
                (coal_cell, k.coal, 3),
            ] {
                if !cell.contains(&tag) {
                    continue;
                }
                named += 1;
                let expected = if v == 0.0 {
                    format!("0 {tag}")
                } else {
                    format!("×{v:.decimals$} {tag}")
                };
                assert!(cell.contains(&expected), "{name}: {expected} not in {cell}");
            }
        }
        assert!(named >= 2, "{name}: {row}");
        let last = *plan.years.last().unwrap();
        let storage = plan.scale_for_year(i64::from(last)).storage_mw;
        if storage > 0.0 {
            let expected = format!("{} MW ({last})", thousands(storage));
            assert!(
                storage_cell.contains(&expected),
                "{name}: {expected} not in {storage_cell}"
            );
        } else {
            assert_eq!(storage_cell, "—", "{name}");
        }
    }
}

#[test]
fn plans_move_the_margin() {
    // Shares of the marginal MW, first against last year of each plan (seed 1): California's
    // gas margin shrinks; South Africa's margin stays mostly coal.
    let margin_share = |name: &str, year: i64, s: Source| {
        let plan = presets::preset_trajectory(name).unwrap();
        let (_, _, margins) = year_stats(name, Some(&plan), start_of(year));
        share_of(&margins, s)
    };
    let (ca_2023, ca_2035) = (
        margin_share("US-CAL-CISO", 2023, Source::Gas),
        margin_share("US-CAL-CISO", 2035, Source::Gas),
    );
    let (za_2023, za_2030) = (
        margin_share("ZA", 2023, Source::Coal),
        margin_share("ZA", 2030, Source::Coal),
    );
    println!("gas share of CAISO's margin {ca_2023:.3} / {ca_2035:.3}");
    println!("coal share of ZA's margin {za_2023:.3} / {za_2030:.3}");
    assert!(ca_2035 < ca_2023, "{ca_2023} {ca_2035}");
    assert!(za_2030 > 0.5, "{za_2023} {za_2030}");
}
