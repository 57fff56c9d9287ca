//! Tests of the climate module: psychrometric wet-bulb against the readers' records, the
//! readers' error messages, and the synthetic generator against the reference years.

use super::presets::*;
use super::psychro::{self, wet_bulb_stull};
use super::synthetic::*;
use super::weather::*;
use crate::time::{format_utc, parse_utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::io::Write;

fn write(text: &str, suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn stull_matches_the_published_value_and_stays_below_dry_bulb() {
    // Stull (2011): T = 20 °C, RH = 50 % → Tw = 13.7 °C.
    assert!(
        (wet_bulb_stull(20.0, 50.0) - 13.7).abs() < 0.05,
        "{}",
        wet_bulb_stull(20.0, 50.0)
    );
    // Within the validity range it agrees with the psychrometric solution to 1.2 K above
    // 0 °C (worst: 50 °C / 26 %); Stull notes larger errors when cold and dry (up to 2.3 K
    // here at −15 °C / 5 %).
    for t in (-20..=50).step_by(1) {
        for rh in (5..=99).step_by(2) {
            let (t, rh) = (f64::from(t), f64::from(rh));
            let s = wet_bulb_stull(t, rh);
            let p = psychro::wet_bulb_c(t, rh, psychro::STANDARD_PRESSURE_PA);
            let tolerance = if t >= 0.0 { 1.2 } else { 2.5 };
            assert!(
                (s - p).abs() < tolerance && s <= t,
                "t={t} rh={rh}: stull {s}, psychrometric {p}"
            );
        }
    }
    // Far outside the fit it is clamped to the dry-bulb instead of exceeding it.
    assert!(wet_bulb_stull(-30.0, 5.0) <= -30.0);
}

#[test]
fn weather_wraps_and_validates() {
    let w = Weather::new(7_200, vec![1.0, 2.0, 3.0], vec![10.0, 20.0, 30.0]).unwrap();
    assert_eq!(w.at_hour(7_200), (1.0, 10.0));
    assert_eq!(w.at_hour(7_200 + 3 * 3_600), (1.0, 10.0));
    assert_eq!(w.at_hour(3_600), (3.0, 30.0));
    assert_eq!(w.at_hour(7_200 + 3_599), (1.0, 10.0));
    assert_eq!(w.len(), 3);
    assert!(!w.is_empty());
    assert!(Weather::new(0, vec![], vec![]).is_err());
    assert!(
        Weather::new(0, vec![1.0], vec![1.0, 2.0])
            .unwrap_err()
            .to_string()
            .contains("same number")
    );
    assert!(
        Weather::new(60, vec![1.0], vec![1.0])
            .unwrap_err()
            .to_string()
            .contains("whole UTC hour")
    );
    assert!(
        Weather::new(0, vec![1.0, 99.0], vec![1.0, 2.0])
            .unwrap_err()
            .to_string()
            .contains("hour 1")
    );
    assert!(
        Weather::new(0, vec![1.0], vec![101.0])
            .unwrap_err()
            .to_string()
            .contains("0…100")
    );
}

const JSON_HEAD: &str = r#"{"latitude": 1, "utc_offset_seconds": -25200, "hourly": {"#;

#[test]
fn open_meteo_json_is_shifted_to_utc() {
    let f = write(
        &format!(
            r#"{JSON_HEAD}"time": ["2023-01-01T00:00", "2023-01-01T01:00"], "temperature_2m": [10.5, 9.3], "relative_humidity_2m": [88, 93], "cloudcover": [1, 2]}}}}"#
        ),
        ".json",
    );
    let w = read_open_meteo_json(f.path()).unwrap();
    // Local midnight at UTC−7 is 07:00 UTC.
    assert_eq!(w.start_unix, parse_utc("2023-01-01T07:00:00Z").unwrap());
    assert_eq!(w.dry_bulb_c, vec![10.5, 9.3]);
    assert_eq!(w.relative_humidity_pct, vec![88.0, 93.0]);
}

#[test]
fn open_meteo_json_errors_name_field_index_and_time() {
    let cases = [
        (
            r#""time": ["2023-01-01T00:00", "2023-01-01T02:00"], "temperature_2m": [1, 2], "relative_humidity_2m": [1, 2]}}"#,
            "hourly.time[1]",
        ),
        (
            r#""time": ["2023-01-01T00:00", "2023-01-01T01:00"], "temperature_2m": [1, null], "relative_humidity_2m": [1, 2]}}"#,
            "temperature_2m[1] (2023-01-01T01:00 local) is null",
        ),
        (
            r#""time": ["2023-01-01T00:00"], "temperature_2m": [1, 2], "relative_humidity_2m": [1]}}"#,
            "equal lengths",
        ),
        (
            r#""time": ["2023-01-01T00:00"], "temperature_2m": [1]}}"#,
            "relative_humidity_2m",
        ),
        (
            r#""time": ["yesterday"], "temperature_2m": [1], "relative_humidity_2m": [1]}}"#,
            "hourly.time[0] = `yesterday`",
        ),
        (
            r#""time": ["2023-01-01T00:00"], "temperature_2m": [1], "relative_humidity_2m": [140]}}"#,
            "relative_humidity_2m[0]",
        ),
    ];
    for (body, expected) in cases {
        let f = write(&format!("{JSON_HEAD}{body}"), ".json");
        let e = read_open_meteo_json(f.path()).unwrap_err().to_string();
        assert!(
            e.contains(expected) && e.contains(&f.path().display().to_string()),
            "{e}"
        );
    }
    let half_hour = write(
        r#"{"utc_offset_seconds": 19800, "hourly": {"time": ["2023-01-01T00:00"], "temperature_2m": [1], "relative_humidity_2m": [1]}}"#,
        ".json",
    );
    assert!(
        read_open_meteo_json(half_hour.path())
            .unwrap_err()
            .to_string()
            .contains("whole number of hours")
    );
    let garbage = write("{not json", ".json");
    assert!(
        read_open_meteo_json(garbage.path())
            .unwrap_err()
            .to_string()
            .contains("line 1")
    );
}

#[test]
fn csv_reads_and_reports_lines() {
    let ok = write(
        "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,1.5,50\n2023-01-01T01:00:00Z,2.5,60\n",
        ".csv",
    );
    let w = read_weather_csv(ok.path()).unwrap();
    assert_eq!(w.start_unix, 1_672_531_200);
    assert_eq!(w.dry_bulb_c, vec![1.5, 2.5]);
    let reordered = write(
        "relative_humidity_pct,time_utc,dry_bulb_c\n50,2023-01-01 00:00:00,1.5\n",
        ".csv",
    );
    assert_eq!(
        read_weather_csv(reordered.path())
            .unwrap()
            .relative_humidity_pct,
        vec![50.0]
    );
    let cases = [
        (
            "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,1,50\n2023-01-01 02:00:00,1,50\n",
            "line 3",
        ),
        (
            "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,abc,50\n",
            "line 2: dry_bulb_c `abc`",
        ),
        (
            "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,1,-5\n",
            "line 2: relative_humidity_pct",
        ),
        (
            "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:30:00,1,5\n",
            "whole hour",
        ),
        (
            "time_utc,temperature\n2023-01-01 00:00:00,1\n",
            "no `dry_bulb_c` column",
        ),
        (
            "time_utc,dry_bulb_c,relative_humidity_pct\n",
            "no data rows",
        ),
    ];
    for (text, expected) in cases {
        let f = write(text, ".csv");
        let e = read_weather_csv(f.path()).unwrap_err().to_string();
        assert!(e.contains(expected), "{e}");
    }
}

#[test]
fn synthesis_is_reproducible_and_plausible() {
    let p = preset("DE-LU").unwrap();
    assert!(p.validate().is_ok());
    let a = synthesize(p, 1_672_531_200, 1_000, &mut ChaCha8Rng::seed_from_u64(7));
    let b = synthesize(p, 1_672_531_200, 1_000, &mut ChaCha8Rng::seed_from_u64(7));
    assert_eq!(a, b);
    assert_eq!(a.len(), 1_000);
    assert!(
        a.relative_humidity_pct
            .iter()
            .all(|rh| (5.0..=100.0).contains(rh))
    );
    assert!(a.dry_bulb_c.iter().all(|t| t.is_finite()));
    assert_eq!(preset_names(), vec!["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"]);
    assert!(preset("nowhere").is_none());
    for name in preset_names() {
        assert!(preset(name).unwrap().validate().is_ok());
        assert!(reference_file_name(name).is_some());
    }
    let mut bad = p.clone();
    bad.noise_autocorrelation = 1.0;
    assert!(
        bad.validate()
            .unwrap_err()
            .to_string()
            .contains("noise_autocorrelation")
    );
    // Relative humidity is anti-correlated with the diurnal cycle: afternoons are drier.
    let year = synthesize(p, 1_672_531_200, 8_760, &mut ChaCha8Rng::seed_from_u64(1));
    let hour_mean = |h: usize, v: &Vec<f64>| {
        let xs: Vec<f64> = v.iter().skip(h).step_by(24).copied().collect();
        xs.iter().sum::<f64>() / xs.len() as f64
    };
    let warm = p.warmest_hour_utc.round() as usize % 24;
    let cold = (warm + 12) % 24;
    assert!(
        hour_mean(warm, &year.relative_humidity_pct)
            < hour_mean(cold, &year.relative_humidity_pct) - 5.0
    );
}

/// Tolerance on hours above 27 °C, as a factor either way, applied to the mean count of the
/// five synthetic years (a single year's count of tail hours varies by more than ×2 from
/// seed to seed, as real years do). Justification: in the reference files one kelvin moves
/// the count by ×1.3–1.5 (San Jose 438/328/235 h above 26/27/28 °C; Frankfurt 358/258/171),
/// so the ±1 K allowed on the mean alone is worth ×1.5; the model's upper tail is also known
/// to be thin in San Jose and Frankfurt (20-year calibration runs gave 0.66 and 0.72 of the
/// real count; see `docs/models-weather-cooling.md`). A factor of 2 covers both and still
/// catches a 2 K bias or a wrong seasonal phase.
const HOT_HOURS_FACTOR: f64 = 2.0;

#[test]
fn synthetic_years_match_the_reference_files() {
    let dir = reference_weather_dir();
    for name in preset_names() {
        let path = dir.join(reference_file_name(name).unwrap());
        let real = read_open_meteo_json(&path).unwrap();
        let r = real.stats();
        let p = preset(name).unwrap();
        const SEEDS: u64 = 5;
        let mut hot_hours = 0.0;
        for seed in 1..=SEEDS {
            let syn = synthesize(
                p,
                real.start_unix,
                real.len(),
                &mut ChaCha8Rng::seed_from_u64(seed),
            );
            let s = syn.stats();
            println!(
                "{name} seed {seed}: mean {:.2}/{:.2} sd {:.2}/{:.2} amp {:.2}/{:.2} Tw {:.2}/{:.2} RH {:.1}/{:.1} h>27 {}/{} Twmax {:.1}/{:.1} (synthetic/real)",
                s.mean_c,
                r.mean_c,
                s.sd_c,
                r.sd_c,
                s.mean_daily_amplitude_c,
                r.mean_daily_amplitude_c,
                s.mean_wet_bulb_c,
                r.mean_wet_bulb_c,
                s.mean_rh_pct,
                r.mean_rh_pct,
                s.hours_above_27c,
                r.hours_above_27c,
                s.max_wet_bulb_c,
                r.max_wet_bulb_c
            );
            assert!(
                (s.mean_c - r.mean_c).abs() <= 1.0,
                "{name} seed {seed}: mean {} vs {}",
                s.mean_c,
                r.mean_c
            );
            let amp = s.mean_daily_amplitude_c / r.mean_daily_amplitude_c;
            assert!(
                (0.8..=1.2).contains(&amp),
                "{name} seed {seed}: daily amplitude ratio {amp}"
            );
            let sd = s.sd_c / r.sd_c;
            assert!(
                (0.85..=1.15).contains(&sd),
                "{name} seed {seed}: SD ratio {sd}"
            );
            assert!(
                (s.mean_wet_bulb_c - r.mean_wet_bulb_c).abs() <= 1.5,
                "{name} seed {seed}: wet-bulb {} vs {}",
                s.mean_wet_bulb_c,
                r.mean_wet_bulb_c
            );
            hot_hours += s.hours_above_27c as f64 / SEEDS as f64;
        }
        let hot = hot_hours / r.hours_above_27c as f64;
        println!(
            "{name}: mean hours above 27 °C over {SEEDS} synthetic years {hot_hours:.0} vs {} real",
            r.hours_above_27c
        );
        assert!(
            (1.0 / HOT_HOURS_FACTOR..=HOT_HOURS_FACTOR).contains(&hot),
            "{name}: hours above 27 °C {hot_hours} (mean of {SEEDS} years) vs {}",
            r.hours_above_27c
        );
    }
}

#[test]
fn reference_files_read_as_documented() {
    let dir = reference_weather_dir();
    // README summary: hours above 27 °C 328 / 258 / 2518; Stull wet-bulb means 11.2 / 9.1 / 14.5 °C.
    for (name, hot, stull_mean, start) in [
        ("US-CAL-CISO", 328, 11.2, "2023-01-01T07:00:00Z"),
        ("DE-LU", 258, 9.1, "2022-12-31T23:00:00Z"),
        ("US-TEX-ERCO", 2518, 14.5, "2022-01-01T05:00:00Z"),
    ] {
        let w = read_open_meteo_json(&dir.join(reference_file_name(name).unwrap())).unwrap();
        assert_eq!(w.len(), 8_760);
        assert_eq!(format_utc(w.start_unix), start);
        assert_eq!(w.stats().hours_above_27c, hot);
        let stull: f64 = w
            .dry_bulb_c
            .iter()
            .zip(&w.relative_humidity_pct)
            .map(|(&t, &rh)| wet_bulb_stull(t, rh))
            .sum::<f64>()
            / w.len() as f64;
        assert!((stull - stull_mean).abs() < 0.06, "{name}: {stull}");
    }
}
