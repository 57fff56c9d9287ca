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
    assert!(s35.mean < 0.7 * s23.mean, "{s23:?} {s35:?}");
    assert!(share_of(&m35, Source::Coal) < 0.5 * share_of(&m23, Source::Coal));
    assert!(share_of(&g35, Source::Coal) < share_of(&g23, Source::Coal));
    assert!(share_of(&m35, Source::Solar) > 2.0 * share_of(&m23, Source::Solar));
}

#[test]
fn storage_conserves_energy_and_flattens_the_day() {
    // Storage shifts energy within each day: consumption stays equal to demand hour by hour
    // (the discharge carries the charging hours' mix), and solar-heavy midday charging and
    // evening discharge shrink the daily amplitude of the intensity.
    let mut t = table(vec![2023]);
    t.solar = Some(vec![2.0]);
    let mut with_storage = t.clone();
    with_storage.storage_mw = Some(vec![8_000.0]);
    let (plain, mixes_plain, _) = year_stats("US-CAL-CISO", Some(&t), START_2023);
    let (stored, mixes_stored, _) = year_stats("US-CAL-CISO", Some(&with_storage), START_2023);
    let total = |m: &[Mix]| m.iter().map(|x| x.total()).sum::<f64>();
    let (a, b) = (total(&mixes_plain), total(&mixes_stored));
    assert!((a - b).abs() < 1e-6 * a, "{a} vs {b}");
    assert!(
        stored.daily_amplitude < 0.8 * plain.daily_amplitude,
        "{plain:?} {stored:?}"
    );
    assert_ne!(plain.mean, stored.mean);
}
