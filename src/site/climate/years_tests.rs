//! Tests of weather years and warming: the hot tail of the synthetic years against the
//! reference files, and the warming offset.

use super::presets::*;
use super::synthetic::*;
use super::weather::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The `q`-quantile (0–1) of `values` (nearest rank on the sorted values).
fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let k = ((v.len() - 1) as f64 * q).round() as usize;
    v[k]
}

/// Synthetic years averaged for the tail test: one year's p99 wet-bulb moves by about
/// ±0.7 K from seed to seed (as real years do), so the test compares the mean of five.
const TAIL_YEARS: u64 = 5;

#[test]
fn p99_wet_bulb_matches_the_reference_files() {
    // The hot and humid tail is what sizes evaporative cooling: the 99th percentile of the
    // hourly wet-bulb of the synthetic years is within 1 K of the reference record's.
    let dir = reference_weather_dir();
    for name in preset_names() {
        let real = read_open_meteo_json(&dir.join(reference_file_name(name).unwrap())).unwrap();
        let real_p99 = quantile(&real.wet_bulb_series(), 0.99);
        let p = preset(name).unwrap();
        let mut sum = 0.0;
        for seed in 1..=TAIL_YEARS {
            let syn = synthesize(
                p,
                real.start_unix,
                real.len(),
                &mut ChaCha8Rng::seed_from_u64(seed),
            );
            let p99 = quantile(&syn.wet_bulb_series(), 0.99);
            println!("{name} seed {seed}: p99 wet-bulb {p99:.2} synthetic vs {real_p99:.2} real");
            sum += p99;
        }
        let mean = sum / TAIL_YEARS as f64;
        assert!(
            (mean - real_p99).abs() <= 1.0,
            "{name}: p99 wet-bulb {mean:.2} (mean of {TAIL_YEARS} years) vs {real_p99:.2}"
        );
    }
}

#[test]
fn warming_shifts_the_year_and_keeps_the_draws() {
    // A warming trend moves every hour's dry-bulb by the offset of its calendar year, leaves
    // relative humidity nearly unchanged (dew point moved by the same offset) and draws the
    // same random numbers, so a warmed year is the same weather, shifted.
    let p = preset("DE-LU").unwrap();
    let start_2043 = 2_303_683_200; // 2043-01-01T00:00:00Z
    let w = Warming::new(2023, 0.3).unwrap();
    assert!((w.offset_c(start_2043) - 0.6).abs() < 1e-12);
    assert_eq!(w.offset_c(1_672_531_200), 0.0);
    let plain = synthesize(p, start_2043, 8_760, &mut ChaCha8Rng::seed_from_u64(2));
    let warm = synthesize_warmed(
        p,
        start_2043,
        8_760,
        &mut ChaCha8Rng::seed_from_u64(2),
        Some(&w),
    );
    for (a, b) in plain.dry_bulb_c.iter().zip(&warm.dry_bulb_c) {
        assert!((b - a - 0.6).abs() < 1e-9, "{a} → {b}");
    }
    let rh = |x: &Weather| x.relative_humidity_pct.iter().sum::<f64>() / x.len() as f64;
    assert!(
        (rh(&warm) - rh(&plain)).abs() < 1.0,
        "{} vs {}",
        rh(&warm),
        rh(&plain)
    );
    assert!(warm.stats().mean_wet_bulb_c > plain.stats().mean_wet_bulb_c + 0.3);
    let none = synthesize_warmed(p, start_2043, 100, &mut ChaCha8Rng::seed_from_u64(2), None);
    assert_eq!(none.dry_bulb_c[..], plain.dry_bulb_c[..100]);

    let target = Warming::from_target(2023, 2050, 1.35).unwrap();
    assert!((target.c_per_decade - 0.5).abs() < 1e-12);
    assert!(Warming::new(2023, 2.5).is_err());
    assert!(Warming::new(2023, f64::NAN).is_err());
    assert!(Warming::from_target(2023, 2023, 1.0).is_err());
    // The suggested land rate: 0.2 °C per decade × 1.59 / 1.09.
    let land = super::warming::IPCC_GLOBAL_WARMING_C_PER_DECADE
        * super::warming::LAND_TO_GLOBAL_WARMING_RATIO;
    assert!((land - 0.29).abs() < 0.005, "{land}");
}
