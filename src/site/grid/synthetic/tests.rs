use super::*;
use crate::site::grid::decarbonization::Decarbonization;
use crate::site::grid::genmix::ELECTRICITY_MAPS_LIFECYCLE;
use crate::site::grid::presets::*;
use crate::site::grid::readers::{CiColumn, read_electricity_maps_csv};
use rand::SeedableRng;
use std::path::PathBuf;

const START_2023: i64 = 1_672_531_200;

/// The shipped Electricity Maps file of a zone (`data/grid`); `None` for ERCOT, whose
/// reference is the EIA-930 generation-mix file instead.
fn real_file(zone: &str) -> Option<PathBuf> {
    (zone != "US-TEX-ERCO").then(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("data/grid/{zone}_2023_hourly.csv"))
    })
}

const START_2022: i64 = 1_640_995_200;

/// Reference statistics of a preset and the synthetic statistics for `seed`: Electricity
/// Maps LCA (lifecycle factors with zone overrides) for the four EM zones, EIA-930
/// `avg_CI` (Carbon Explorer factors, production mix, 2022) for ERCOT.
fn compare(p: &RegionPreset, seed: u64) -> (SeriesStats, SeriesStats, Vec<Mix>) {
    if p.name == "US-TEX-ERCO" {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("data/grid/EIA930_ERCO_2022_genmix_hourly.csv");
        let real = crate::site::grid::genmix::read_eia930_genmix_csv(&path).unwrap();
        let rs = series_stats(
            &real.ci_series(&crate::site::grid::genmix::CARBON_EXPLORER),
            real.start_unix,
        );
        let m = generate(p, START_2022, 8_760, &mut ChaCha8Rng::seed_from_u64(seed));
        let ss = series_stats(
            &ci_series(&m, &crate::site::grid::genmix::CARBON_EXPLORER),
            START_2022,
        );
        return (rs, ss, m);
    }
    let path = real_file(p.name).expect("every other preset has an Electricity Maps file");
    let m = synth(p, seed);
    (
        real_stats(&path, CiColumn::Lca),
        series_stats(&p.lifecycle_ci(&m), START_2023),
        m,
    )
}

fn real_stats(path: &std::path::Path, column: CiColumn) -> SeriesStats {
    match read_electricity_maps_csv(path, column).unwrap() {
        HourlySeries::Table { start_unix, values } => series_stats(&values, start_unix),
        HourlySeries::Constant(_) | HourlySeries::Chunked(_) => unreachable!(),
    }
}

fn synth(p: &RegionPreset, seed: u64) -> Vec<Mix> {
    generate(p, START_2023, 8_760, &mut ChaCha8Rng::seed_from_u64(seed))
}

#[test]
#[ignore]
fn print_seed_spread() {
    for p in PRESETS {
        let mut dev = [(f64::MAX, f64::MIN); 3];
        for seed in 1..=20 {
            let (rl, sl, _) = compare(p, seed);
            for (k, (a, b)) in [
                (sl.mean, rl.mean),
                (sl.daily_amplitude, rl.daily_amplitude),
                (sl.sd, rl.sd),
            ]
            .iter()
            .enumerate()
            {
                let d = 100.0 * (a / b - 1.0);
                dev[k] = (dev[k].0.min(d), dev[k].1.max(d));
            }
        }
        println!(
            "{:12} 20 seeds: mean {:+.1}..{:+.1}%  amp {:+.1}..{:+.1}%  sd {:+.1}..{:+.1}%",
            p.name, dev[0].0, dev[0].1, dev[1].0, dev[1].1, dev[2].0, dev[2].1
        );
    }
}

#[test]
#[ignore]
fn print_figures() {
    for p in PRESETS {
        let (rl, sl, m) = compare(p, 1);
        let f = |s: SeriesStats| format!("[{:.1}, {:.1}, {:.1}]", s.mean, s.daily_amplitude, s.sd);
        let direct = real_file(p.name).map(|path| {
            (
                f(real_stats(&path, CiColumn::Direct)),
                f(series_stats(&p.direct_ci(&m), START_2023)),
            )
        });
        println!(
            "{}: real: {}, synthetic: {}, direct: {:?}",
            p.name,
            f(rl),
            f(sl),
            direct
        );
        use crate::site::grid::genmix::{HydroWater, water_set, water_set_names};
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        for w in water_set_names() {
            let z = mean(&ewif_series(&m, &water_set(w, HydroWater::Zero).unwrap()));
            let e = mean(&ewif_series(
                &m,
                &water_set(w, HydroWater::ReservoirEvaporation).unwrap(),
            ));
            println!("   EWIF {w}: hydro zero {z:.2} L/kWh, reservoir evaporation {e:.2} L/kWh");
        }
        let dflt = mean(&ci_series(&m, &ELECTRICITY_MAPS_LIFECYCLE));
        println!("   EM default lifecycle (no zone overrides) mean {dflt:.1}");
    }
}

#[test]
#[ignore]
fn print_calibration() {
    for p in PRESETS {
        for seed in [1, 2, 3] {
            let (rl, sl, m) = compare(p, seed);
            let r = |a: f64, b: f64| 100.0 * (a / b - 1.0);
            let (start, factors) = if p.name == "US-TEX-ERCO" {
                (START_2022, crate::site::grid::genmix::CARBON_EXPLORER)
            } else {
                (START_2023, p.lifecycle_factors())
            };
            let ci = ci_series(&m, &factors);
            println!(
                "{:12} seed {seed} LCA mean {:6.1}/{:6.1} ({:+5.1}%) amp {:6.1}/{:6.1} ({:+5.1}%) sd {:6.1}/{:6.1} ({:+5.1}%) min {:.0} max {:.0}",
                p.name,
                sl.mean,
                rl.mean,
                r(sl.mean, rl.mean),
                sl.daily_amplitude,
                rl.daily_amplitude,
                r(sl.daily_amplitude, rl.daily_amplitude),
                sl.sd,
                rl.sd,
                r(sl.sd, rl.sd),
                ci.iter().copied().fold(f64::MAX, f64::min),
                ci.iter().copied().fold(f64::MIN, f64::max)
            );
            if let Some(path) = real_file(p.name) {
                let rd = real_stats(&path, CiColumn::Direct);
                let sd = series_stats(&p.direct_ci(&m), start);
                let dflt = series_stats(&ci_series(&m, &ELECTRICITY_MAPS_LIFECYCLE), start);
                println!(
                    "     direct mean {:6.1}/{:6.1} ({:+5.1}%) amp {:5.1}/{:5.1} ({:+5.1}%) sd {:5.1}/{:5.1} ({:+5.1}%) | default EM lifecycle set mean {:6.1}",
                    sd.mean,
                    rd.mean,
                    r(sd.mean, rd.mean),
                    sd.daily_amplitude,
                    rd.daily_amplitude,
                    r(sd.daily_amplitude, rd.daily_amplitude),
                    sd.sd,
                    rd.sd,
                    r(sd.sd, rd.sd),
                    dflt.mean
                );
            }
            if seed == 1 {
                let mut prof = [0.0; 24];
                for (i, v) in ci.iter().enumerate() {
                    prof[i % 24] += v / 365.0;
                }
                println!(
                    "   profile {}",
                    prof.iter()
                        .map(|v| format!("{v:.0}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                let mut month = [(0.0, 0); 12];
                for (i, v) in ci.iter().enumerate() {
                    let (_, mo, _) = civil_from_days((start + 3_600 * i as i64).div_euclid(86_400));
                    month[mo as usize - 1].0 += v;
                    month[mo as usize - 1].1 += 1;
                }
                println!(
                    "   months  {}",
                    month
                        .iter()
                        .map(|(s, c)| format!("{:.0}", s / *c as f64))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                let mut tot = Mix::default();
                for x in &m {
                    for s in Source::ALL {
                        tot.add(s, x.get(s));
                    }
                }
                println!(
                    "   shares  {} | mean supply {:.0} MW",
                    Source::ALL
                        .iter()
                        .filter(|s| tot.get(**s) > 0.0)
                        .map(|s| format!("{} {:.1}%", s.name(), 100.0 * tot.share(*s)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    tot.total() / m.len() as f64
                );
            }
        }
    }
}

#[test]
fn presets_are_listed_and_valid() {
    assert_eq!(
        preset_names(),
        vec!["US-CAL-CISO", "DE-LU", "CA-ON", "ZA", "US-TEX-ERCO"]
    );
    for name in preset_names() {
        let p = preset(name).unwrap();
        assert_eq!(p.name, name);
        p.validate().unwrap();
    }
    assert!(preset("XX").is_none());
}

#[test]
fn validate_rejects_bad_parameters() {
    let mut p = CA_ON;
    p.demand.mean_mw = -1.0;
    assert!(p.validate().unwrap_err().contains("demand.mean_mw"));
    let mut p = DE_LU;
    p.imports.blend = &[(Source::Nuclear, 0.5)];
    assert!(
        p.validate()
            .unwrap_err()
            .contains("imports.blend sums to 0.5")
    );
    let mut p = ZA;
    p.wind.seasonal = Seasonal::annual(1.5, 0.0);
    assert!(
        p.validate()
            .unwrap_err()
            .contains("wind.seasonal is negative")
    );
    let mut p = ZA;
    p.merit_order = &[Dispatchable {
        source: Source::Coal,
        min_mw: 10.0,
        max_mw: 5.0,
    }];
    assert!(
        p.validate()
            .unwrap_err()
            .contains("merit_order.coal.min_mw")
    );
}

#[test]
fn generation_is_deterministic_non_negative_and_bounded() {
    let start = 1_678_863_600; // 2023-03-15T07:00:00Z: not a local midnight anywhere here
    for p in PRESETS {
        let a = generate(p, start, 240, &mut ChaCha8Rng::seed_from_u64(7));
        let b = generate(p, start, 240, &mut ChaCha8Rng::seed_from_u64(7));
        let c = generate(p, start, 240, &mut ChaCha8Rng::seed_from_u64(8));
        assert_eq!(a, b, "{}", p.name);
        assert_ne!(a, c, "{}", p.name);
        assert_eq!(a.len(), 240);
        let lca = p.lifecycle_factors();
        let (lo, hi) = (
            lca.0.iter().copied().fold(f64::MAX, f64::min),
            lca.0.iter().copied().fold(0.0, f64::max),
        );
        for m in &a {
            assert!(
                m.0.iter().all(|v| v.is_finite() && *v >= 0.0),
                "{}: {m:?}",
                p.name
            );
            assert!(m.total() > 0.0);
            let ci = m.ci_g_per_kwh(&lca);
            assert!(ci >= lo - 1e-9 && ci <= hi + 1e-9, "{}: {ci}", p.name);
        }
        let direct = p.direct_ci(&a);
        assert!(
            direct
                .iter()
                .zip(p.lifecycle_ci(&a))
                .all(|(d, l)| *d <= l + 1e-9),
            "{}",
            p.name
        );
    }
    assert!(generate(&ZA, start, 0, &mut ChaCha8Rng::seed_from_u64(1)).is_empty());
}

#[test]
fn shapes_sun_and_wind_helpers() {
    let s = Seasonal::annual(0.2, 100.0);
    assert!((s.factor(100.0) - 1.2).abs() < 1e-12);
    assert!((s.factor(100.0 + DAYS_PER_YEAR / 2.0) - 0.8).abs() < 1e-12);
    let d = Daily {
        amp1: 0.1,
        peak1_hour: 18.0,
        amp2: 0.05,
        peak2_hour: 6.0,
    };
    assert!((d.factor(18.0) - 1.15).abs() < 1e-12);
    assert!((d.factor(6.0) - 0.95).abs() < 1e-12);
    assert_eq!(Seasonal::FLAT.factor(42.0), 1.0);
    // Equator, March equinox (2023-03-20), noon at Greenwich: sun near the zenith.
    let noon = 1_679_313_600.0;
    assert!(sin_sun_elevation(0.0, 0.0, noon) > 0.99);
    assert!(sin_sun_elevation(0.0, 0.0, noon + 43_200.0) < -0.99);
    // Berlin-like latitude at the June solstice, local solar noon: elevation ≈ 62.5°.
    let june = 1_687_348_800.0 - 10.0 / 15.0 * 3_600.0; // 2023-06-21T12:00Z minus 40 min
    let e = sin_sun_elevation(51.0, 10.0, june).asin().to_degrees();
    assert!((e - 62.4).abs() < 0.5, "{e}");
    assert_eq!(clear_sky_shape(-0.1), 0.0);
    assert!((clear_sky_shape(1.0) - 1.0).abs() < 1e-12);
    assert!(clear_sky_shape(0.5) < 0.5);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for (m, sd) in [(0.23, 1.9), (0.36, 0.85), (0.5, 1.0)] {
        let mu = logit_location(m, sd);
        let n = 200_000;
        let mean = (0..n)
            .map(|_| logistic(mu + sd * rng.sample::<f64, _>(StandardNormal)))
            .sum::<f64>()
            / n as f64;
        assert!((mean - m).abs() < 0.003, "target {m}, Monte Carlo {mean}");
    }
}

#[test]
fn water_filling_respects_budget_cap_and_order() {
    let r = [1.0, 5.0, 3.0, -2.0];
    let x = water_fill(&r, 3.0, 10.0);
    assert!((x.iter().sum::<f64>() - 3.0).abs() < 1e-9);
    assert!(x[1] > x[2] && x[3] == 0.0 && x[0] == 0.0, "{x:?}");
    let capped = water_fill(&r, 3.0, 1.0);
    assert!(
        (capped[1] - 1.0).abs() < 1e-9
            && (capped[2] - 1.0).abs() < 1e-9
            && (capped[0] - 1.0).abs() < 1e-9
    );
    assert_eq!(water_fill(&r, 100.0, 10.0), vec![1.0, 5.0, 3.0, 0.0]);
    assert_eq!(water_fill(&r, 0.0, 10.0), vec![0.0; 4]);
}

#[test]
fn ewif_depends_on_the_hydro_choice() {
    use crate::site::grid::genmix::{HydroWater, water_set};
    let m = generate(
        &CA_ON,
        START_2023,
        24 * 14,
        &mut ChaCha8Rng::seed_from_u64(3),
    );
    let zero = ewif_series(
        &m,
        &water_set("macknick_fleet_median", HydroWater::Zero).unwrap(),
    );
    let evap = ewif_series(
        &m,
        &water_set("macknick_fleet_median", HydroWater::ReservoirEvaporation).unwrap(),
    );
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    // Ontario is about a quarter hydro: reservoir evaporation adds ≈ 0.25 × 17 L/kWh.
    assert!(mean(&zero) > 1.0 && mean(&zero) < 2.5, "{}", mean(&zero));
    assert!(
        mean(&evap) - mean(&zero) > 2.5,
        "{} {}",
        mean(&evap),
        mean(&zero)
    );
    match hourly(START_2023, zero.clone()) {
        HourlySeries::Table { start_unix, values } => {
            assert_eq!(start_unix, START_2023);
            assert_eq!(*values, zero);
        }
        HourlySeries::Constant(_) | HourlySeries::Chunked(_) => panic!("expected a table"),
    }
}

#[test]
fn decarbonization_steps_per_calendar_year() {
    let d = Decarbonization::new(2023, 0.9).unwrap();
    assert_eq!(d.factor_for_year(2023), 1.0);
    assert!((d.factor_for_year(2025) - 0.81).abs() < 1e-12);
    assert!((d.factor_for_year(2022) - 1.0 / 0.9).abs() < 1e-12);
    let last_hour_2023 = 1_704_063_600; // 2023-12-31T23:00:00Z
    assert_eq!(d.apply(last_hour_2023, &[100.0, 100.0]), vec![100.0, 90.0]);
    let t = Decarbonization::from_target(2023, 2033, 0.5).unwrap();
    assert!((t.factor_for_year(2033) - 0.5).abs() < 1e-12);
    assert!(Decarbonization::new(2023, 0.0).is_err());
    assert!(Decarbonization::new(2023, f64::NAN).is_err());
    assert!(Decarbonization::from_target(2023, 2023, 0.5).is_err());
    assert!(Decarbonization::from_target(2023, 2030, -1.0).is_err());
}

fn within(a: f64, b: f64, tol: f64) -> bool {
    (a / b - 1.0).abs() <= tol
}

#[test]
fn calibration_matches_reference_within_10_percent() {
    for p in PRESETS {
        let (real, syn, m) = compare(p, 1);
        let c = &p.calibration;
        let r = [real.mean, real.daily_amplitude, real.sd];
        let s = [syn.mean, syn.daily_amplitude, syn.sd];
        for k in 0..3 {
            assert!(
                within(s[k], r[k], 0.10),
                "{} stat {k}: synthetic {} vs real {}",
                p.name,
                s[k],
                r[k]
            );
            assert!(
                (c.real[k] - r[k]).abs() < 0.15,
                "{} recorded real {:?} vs {r:?}",
                p.name,
                c.real
            );
            assert!(
                (c.synthetic[k] - s[k]).abs() < 0.15,
                "{} recorded synthetic {:?} vs {s:?}",
                p.name,
                c.synthetic
            );
        }
        if let Some(path) = real_file(p.name) {
            let rd = real_stats(&path, CiColumn::Direct);
            let sd = series_stats(&p.direct_ci(&m), START_2023);
            assert!(
                within(sd.mean, rd.mean, 0.15),
                "{} direct mean {} vs {}",
                p.name,
                sd.mean,
                rd.mean
            );
            let (cr, cs) = c.direct.unwrap();
            assert!(
                (cr[0] - rd.mean).abs() < 0.15 && (cs[0] - sd.mean).abs() < 0.15,
                "{}",
                p.name
            );
        }
    }
}

#[test]
fn calibration_is_stable_across_three_seeds() {
    for p in PRESETS {
        for seed in [1, 2, 3] {
            let (real, syn, _) = compare(p, seed);
            for (name, s, r) in [
                ("mean", syn.mean, real.mean),
                ("daily amplitude", syn.daily_amplitude, real.daily_amplitude),
                ("sd", syn.sd, real.sd),
            ] {
                assert!(
                    within(s, r, 0.10),
                    "{} seed {seed} {name}: synthetic {s} vs real {r}",
                    p.name
                );
            }
        }
    }
}

/// Annual mean marginal intensity (the preset's own lifecycle factors) and the share of
/// hours in which each source is the largest part of the marginal supply, seed 1, 2023.
fn marginal_figures(p: &RegionPreset) -> (f64, Vec<(Source, f64)>) {
    let (_, margins) =
        generate_with_margins(p, START_2023, 8_760, &mut ChaCha8Rng::seed_from_u64(1));
    let factors = p.lifecycle_factors();
    let mean = margins
        .iter()
        .map(|m| m.ci_g_per_kwh(&factors))
        .sum::<f64>()
        / 8_760.0;
    let mut counts = [0usize; Source::ALL.len()];
    for m in &margins {
        let top = Source::ALL
            .iter()
            .copied()
            .max_by(|a, b| m.get(*a).total_cmp(&m.get(*b)))
            .unwrap_or(Source::Other);
        counts[top.index()] += 1;
    }
    let shares = Source::ALL
        .iter()
        .filter(|s| counts[s.index()] > 0)
        .map(|s| (*s, counts[s.index()] as f64 / 8_760.0))
        .collect();
    (mean, shares)
}

#[test]
fn marginal_supply_sums_to_one_and_follows_the_merit_order() {
    for p in PRESETS {
        let (mixes, margins) =
            generate_with_margins(p, START_2023, 24 * 30, &mut ChaCha8Rng::seed_from_u64(3));
        assert_eq!(
            mixes,
            generate(p, START_2023, 24 * 30, &mut ChaCha8Rng::seed_from_u64(3))
        );
        for m in &margins {
            assert!((m.total() - 1.0).abs() < 1e-9, "{}: {:?}", p.name, m);
            assert!(m.0.iter().all(|&x| x >= 0.0));
        }
    }
    // Curtailment puts the curtailed renewable at the margin; exports the zone's mix.
    let mix = {
        let mut m = Mix::default();
        m.add(Source::Gas, 3.0);
        m.add(Source::Wind, 1.0);
        m
    };
    let none = Margin {
        curtailed: None,
        exporting: false,
        imports_capped: false,
        unit: None,
        shortage: false,
    };
    let wind = marginal_supply(
        &US_TEX_ERCO,
        &mix,
        Margin {
            curtailed: Some(Source::Wind),
            ..none
        },
    );
    assert_eq!(wind.get(Source::Wind), 1.0);
    let own = marginal_supply(
        &US_TEX_ERCO,
        &mix,
        Margin {
            exporting: true,
            ..none
        },
    );
    assert!((own.get(Source::Gas) - 0.75).abs() < 1e-12);
    let coal = marginal_supply(
        &US_TEX_ERCO,
        &mix,
        Margin {
            unit: Some(Source::Coal),
            ..none
        },
    );
    assert_eq!(
        coal.get(Source::Coal),
        1.0,
        "ERCOT has no imports: the unit takes it all"
    );
}

#[test]
fn ercot_nights_are_cleaner_on_average_but_not_at_the_margin() {
    // ERCOT's wind peaks at night, so the average intensity is lowest then; the unit that
    // answers one more MW at night is still coal or gas (docs/models-grid.md).
    let p = &US_TEX_ERCO;
    let (mixes, margins) =
        generate_with_margins(p, START_2023, 8_760, &mut ChaCha8Rng::seed_from_u64(1));
    let f = p.lifecycle_factors();
    let local_hour = |h: usize| ((h as f64 + 0.5 + p.utc_offset_hours).rem_euclid(24.0)) as usize;
    let mean_over = |hours: &[usize], margin: bool| {
        let v: Vec<f64> = (0..8_760)
            .filter(|h| hours.contains(&local_hour(*h)))
            .map(|h| {
                if margin {
                    margins[h].ci_g_per_kwh(&f)
                } else {
                    mixes[h].ci_g_per_kwh(&f)
                }
            })
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let (night, afternoon) = ([0, 1, 2, 3, 4, 5], [14, 15, 16, 17, 18, 19]);
    let average_gain = 1.0 - mean_over(&night, false) / mean_over(&afternoon, false);
    let marginal_gain = 1.0 - mean_over(&night, true) / mean_over(&afternoon, true);
    eprintln!(
        "ERCOT night vs late afternoon: average −{:.1}%, marginal −{:.1}%",
        100.0 * average_gain,
        100.0 * marginal_gain
    );
    // docs/models-grid.md §3.5 quotes these figures.
    assert!(
        (average_gain - 0.055).abs() < 0.0005,
        "average {average_gain}"
    );
    assert!(
        (marginal_gain + 0.032).abs() < 0.0005,
        "marginal {marginal_gain}"
    );
}

/// One row of the marginal table: preset, mean marginal and mean average intensity, and
/// (source, share of hours).
type DocumentedRow = (String, f64, f64, Vec<(String, f64)>);

/// The rows of the marginal table of `docs/models-grid.md` §3.5: preset, mean marginal
/// intensity, mean average intensity, and (source, share of hours) in the order written.
fn documented_marginal_table() -> Vec<DocumentedRow> {
    let doc = include_str!("../../../../docs/models-grid.md");
    let header = "| preset | mean marginal gCO2e/kWh |";
    let start = doc
        .find(header)
        .expect("the marginal table in docs/models-grid.md");
    doc[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let shares = cells[4]
                .split(", ")
                .map(|part| {
                    let words: Vec<&str> = part.split_whitespace().collect();
                    let pct = words.iter().position(|w| *w == "%").expect("a % sign");
                    let share: f64 = words[pct - 1].parse().expect("a percentage");
                    (words[0].to_string(), share / 100.0)
                })
                .collect();
            (
                cells[1].to_string(),
                cells[2].parse().expect("mean marginal"),
                cells[3].parse().expect("mean average"),
                shares,
            )
        })
        .collect()
}

#[test]
fn documented_marginal_figures_hold() {
    // The table of docs/models-grid.md §3.5, read from the file: annual mean marginal and
    // average intensity (preset lifecycle factors, 2023, seed 1) and the share of hours in
    // which each source is the largest part of the marginal supply. Edit the doc or the
    // model and this fails until the two agree again; the expected rows are printed.
    let rows = documented_marginal_table();
    assert_eq!(rows.len(), PRESETS.len(), "one row per preset");
    let mut expected = String::new();
    let mut ok = true;
    for (name, mean_doc, average_doc, shares_doc) in &rows {
        let p = preset(name).unwrap_or_else(|| panic!("unknown preset {name}"));
        let (mean, shares) = marginal_figures(p);
        let mixes = generate(p, START_2023, 8_760, &mut ChaCha8Rng::seed_from_u64(1));
        let average = p.lifecycle_ci(&mixes).iter().sum::<f64>() / 8_760.0;
        let mut sorted = shares.clone();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        expected += &format!(
            "| {name} | {mean:.1} | {average:.1} | {} |\n",
            sorted
                .iter()
                .map(|(s, f)| format!("{} {:.1} %", s.name(), 100.0 * f))
                .collect::<Vec<_>>()
                .join(", ")
        );
        ok &= (mean - mean_doc).abs() < 0.051 && (average - average_doc).abs() < 0.051;
        ok &= shares.len() == shares_doc.len();
        for (s_doc, f_doc) in shares_doc {
            let f = shares
                .iter()
                .find(|(s, _)| s.name() == s_doc)
                .map_or(-1.0, |(_, f)| *f);
            ok &= (f - f_doc).abs() < 0.00051;
        }
    }
    assert!(
        ok,
        "docs/models-grid.md §3.5 disagrees; expected rows:\n{expected}"
    );
}

#[test]
fn ercot_direct_intensity_matches_independent_measurements() {
    // Recalibration of ERCOT's factors against series not built from them: eGRID2022 ERCT
    // total output rate 351.2 gCO2e/kWh (plant-measured emissions ÷ generation; EPA GHG
    // Emission Factors Hub 2024, Table 6; `reference/accounting.md` §4.4) and Google's
    // Dallas (us-south1) 2022 grid intensity 342 (region-carbon-info, §3.3). The preset's
    // US fleet direct factors (EIA 2022) on the synthetic 2022 mix, seeds 1–3.
    let p = &US_TEX_ERCO;
    for seed in [1, 2, 3] {
        let m = generate(p, START_2022, 8_760, &mut ChaCha8Rng::seed_from_u64(seed));
        let ci = p.direct_ci(&m);
        let mean = ci.iter().sum::<f64>() / ci.len() as f64;
        eprintln!("ERCOT direct, seed {seed}: {mean:.1} g/kWh");
        assert!(
            within(mean, 351.2, 0.05),
            "seed {seed}: {mean} vs eGRID 351.2"
        );
        assert!(
            within(mean, 342.0, 0.05),
            "seed {seed}: {mean} vs Google 342"
        );
    }
}
