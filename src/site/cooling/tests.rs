//! Tests of the cooling systems: published values, physical limits, monotonicity, the
//! registry and the cache.

use super::breakdown::Ambient;
use super::*;
use crate::site::climate::psychro::{self, STANDARD_PRESSURE_PA};
use crate::site::climate::weather::{
    Weather, read_open_meteo_json, reference_file_name, reference_weather_dir,
};
use proptest::prelude::*;
use std::sync::Arc;

fn wb(t: f64, rh: f64) -> f64 {
    psychro::wet_bulb_c(t, rh, STANDARD_PRESSURE_PA)
}

#[test]
fn cop_regression_matches_quoted_values() {
    for (t, cop) in [
        (10.0, 13.3),
        (15.0, 10.8),
        (20.0, 8.8),
        (25.0, 7.2),
        (30.0, 6.0),
    ] {
        let c = cop_lei_masanet(0.5, t);
        assert!((c - cop).abs() < 0.05, "t={t}: {c} vs {cop}");
    }
    // The plant clamps the condenser water: colder than 12.8 °C or hotter than 35 °C does not help/hurt further.
    let plant = WaterCooledPlant::default();
    assert_eq!(
        plant.cop(0.5, -20.0),
        plant.cop(0.5, 12.8 - plant.tower_approach_c)
    );
    assert_eq!(
        plant.cop(0.5, 40.0),
        plant.cop(0.5, 35.0 - plant.tower_approach_c)
    );
}

#[test]
fn li_regression_uses_fahrenheit() {
    // Tw = 20 °C = 68 °F: 6e-5·68³ − 0.01·68² + 0.61·68 − 10.4 = 3.706; × 6/5 = 4.447.
    assert!(
        (wue_li2023(20.0, 6.0) - 4.447).abs() < 0.01,
        "{}",
        wue_li2023(20.0, 6.0)
    );
    assert_eq!(wue_li2023(-20.0, 6.0), 0.05);
}

#[test]
fn reproduces_lei_masanet_hyperscale_example() {
    // Lei & Masanet "Simple examples" notebook: PUE_WEC_Chiller(parameters_WEC, 20 °C, 40 %,
    // 101325 Pa, 1 kW) = 1.0887168 with their example parameters. At this point the
    // economiser carries the whole load, so their fixed chiller part load (0.224) and COP
    // error (+10.5 %) do not enter.
    let p = ChillerParams {
        electrical: Electrical {
            ups_efficiency: 0.980_302_734,
            distribution_loss_fraction: 0.005_605_468_75,
            lighting_fraction: 0.001_814_453_13,
        },
        crah: CrahLoop {
            supply_air_c: 27.367_187_5,
            delta_t_air_c: 18.885_633_7,
            fan_pressure_pa: 416.992_188,
            fan_efficiency: 0.713_720_703,
            coil_effectiveness: 0.816_601_563,
            delta_t_water_c: 7.504_882_81,
            sensible_heat_ratio: 0.986_289_063,
            humidifier_pump_pressure_pa: 6.500_976_56e6,
            humidifier_pump_efficiency: 0.674_023_438,
        },
        plant: WaterCooledPlant {
            tower_approach_c: 6.505_761_72,
            tower_range_c: 4.138_671_88,
            liquid_to_gas_ratio: 1.119_140_62,
            tower_fan_pressure_pa: 148.339_844,
            tower_fan_efficiency: 0.745_947_266,
            tower_pump_pressure_pa: 210_534.680,
            tower_pump_efficiency: 0.709_960_938,
            chilled_water_pump_pressure_pa: 171_884.552,
            chilled_water_pump_efficiency: 0.745_117_188,
            cop_relative_error: 0.105_488_281,
            ..WaterCooledPlant::default()
        },
        economizer_approach_c: 2.294_042_97,
        economizer_pump_pressure_pa: 156_284.191,
        economizer_pump_efficiency: 0.668_945_312,
    };
    let system = CoolingSystem::new(ChillerWaterSideEconomizer(p));
    let b = system.breakdown(20.0, wb(20.0, 40.0), 40.0, 0.7);
    assert_eq!(b.free_cooling_fraction, 1.0);
    assert!(
        (b.pue() - 1.088_716_8).abs() < 2e-4,
        "PUE {} vs 1.0887168; {b:?}",
        b.pue()
    );
}

#[test]
fn names_round_trip_and_defaults_validate() {
    assert_eq!(names().len(), 5);
    for &name in names() {
        let s = by_name(name).unwrap();
        assert_eq!(s.name(), name);
        assert_eq!(CoolingSystem::by_name(name), Some(s.clone()));
        s.validate().unwrap();
        let json = serde_json::to_string(&s).unwrap();
        let back: CoolingSystem = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
    assert!(by_name("swamp_cooler").is_none());
    assert_eq!(CoolingSystem::names(), names());
    let partial: CoolingSystem = serde_json::from_str(
        r#"{"type": "water_cooled_chiller", "plant": {"cycles_of_concentration": 4}}"#,
    )
    .unwrap();
    let WaterCooledChiller(p) = partial.downcast_ref::<WaterCooledChiller>().unwrap();
    assert_eq!(p.plant.cycles_of_concentration, 4.0);
    assert_eq!(p.crah, CrahLoop::default());
    assert!(
        partial
            .downcast_ref::<ChillerWaterSideEconomizer>()
            .is_none()
    );
    let mut bad = ChillerParams::large_site();
    bad.plant.cycles_of_concentration = 1.0;
    let e = CoolingSystem::new(WaterCooledChiller(bad))
        .validate()
        .unwrap_err();
    assert!(
        e.contains("water_cooled_chiller") && e.contains("plant.cycles_of_concentration"),
        "{e}"
    );
    assert!(
        serde_json::from_str::<CoolingSystem>(r#"{"type": "water_cooled_chiller", "bogus": 1}"#)
            .is_err()
    );
}

#[test]
fn spot_values_are_physical() {
    let wse = by_name("chiller_waterside_economizer").unwrap();
    let wcc = by_name("water_cooled_chiller").unwrap();
    let ae = by_name("airside_economizer_adiabatic").unwrap();
    let ac = by_name("air_cooled_chiller").unwrap();
    let dlc = by_name("direct_liquid_cooling").unwrap();
    for (t, rh) in [(5.0, 80.0), (20.0, 50.0), (35.0, 40.0)] {
        let w = wb(t, rh);
        let pw = wse.evaluate(t, w, rh, 0.7);
        let pc = wcc.evaluate(t, w, rh, 0.7);
        assert!(pw.pue <= pc.pue + 1e-12, "economiser never worse at {t} °C");
        assert!(
            dlc.evaluate(t, w, rh, 0.7).pue <= pw.pue + 1e-12,
            "DLC never worse than its air side at {t} °C"
        );
        assert!(
            ac.evaluate(t, w, rh, 0.7).wue_l_per_kwh < 0.05,
            "air-cooled: humidifier make-up only"
        );
    }
    // Air-side economiser at 20 °C / 40 %: free air, PUE ≈ 1.075 as Lei & Masanet's AE example.
    let b = ae.breakdown(20.0, wb(20.0, 40.0), 40.0, 0.7);
    assert_eq!(b.free_cooling_fraction, 1.0);
    assert!((b.pue() - 1.075).abs() < 0.01 && b.wue() == 0.0, "{b:?}");
    // Hot and dry: adiabatic cooling uses water but no chiller.
    let hot = ae.breakdown(38.0, wb(38.0, 20.0), 20.0, 0.7);
    assert!(
        hot.chiller == 0.0 && hot.adiabatic_l_per_kwh > 0.3,
        "{hot:?}"
    );
    // Hot and humid: the trim chiller runs and its tower evaporates water.
    let humid = ae.breakdown(33.0, wb(33.0, 75.0), 75.0, 0.7);
    assert!(
        humid.chiller > 0.0 && humid.evaporation_l_per_kwh > 0.0,
        "{humid:?}"
    );
    // Tower evaporation ≈ 1.5 L per kWh of heat rejected (factors.md D.4).
    let t = wcc.breakdown(25.0, wb(25.0, 60.0), 60.0, 0.7);
    let heat = 1.0 + t.ups_loss + t.distribution_loss + t.lighting;
    let rejected = heat / CrahLoop::default().sensible_heat_ratio + t.chiller;
    let per_kwh_th = t.evaporation_l_per_kwh / rejected;
    assert!((1.4..1.6).contains(&per_kwh_th), "{per_kwh_th}");
}

/// The chiller-based systems (all five have compressors for some hours).
fn all_systems() -> Vec<CoolingSystem> {
    names().iter().map(|n| by_name(n).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn hotter_or_more_humid_never_lowers_pue(
        t in -30.0f64..50.0, rh in 5.0f64..100.0, load in 0.05f64..1.0,
        dt in 0.0f64..10.0, drh in 0.0f64..30.0,
    ) {
        let t2 = (t + dt).min(50.0);
        let rh2 = (rh + drh).min(100.0);
        for s in all_systems() {
            let base = s.evaluate(t, wb(t, rh), rh, load).pue;
            let hotter = s.evaluate(t2, wb(t2, rh), rh, load).pue;
            let wetter = s.evaluate(t, wb(t, rh2), rh2, load).pue;
            prop_assert!(hotter >= base - 1e-12, "{}: PUE {} at {} °C but {} at {} °C (RH {}, load {})", s.name(), base, t, hotter, t2, rh, load);
            prop_assert!(wetter >= base - 1e-12, "{}: PUE {} at RH {} but {} at RH {} ({} °C, load {})", s.name(), base, rh, wetter, rh2, t, load);
        }
    }

    #[test]
    fn wue_is_finite_and_non_negative(t in -30.0f64..50.0, rh in 5.0f64..100.0, load in 0.01f64..1.0) {
        for s in all_systems() {
            let p = s.evaluate(t, wb(t, rh), rh, load);
            prop_assert!(p.wue_l_per_kwh.is_finite() && p.wue_l_per_kwh >= 0.0, "{}: WUE {} at {} °C {} %", s.name(), p.wue_l_per_kwh, t, rh);
            prop_assert!(p.pue.is_finite() && p.pue > 1.0, "{}: PUE {}", s.name(), p.pue);
        }
    }
}

#[test]
fn monotone_on_a_full_grid() {
    // The property test samples; this sweeps the whole grid −30…50 °C × 5…100 % × 3 loads.
    for s in all_systems() {
        for load in [0.1, 0.5, 1.0] {
            for rh in (5..=100).step_by(5) {
                let rh = f64::from(rh);
                let mut last = f64::NEG_INFINITY;
                for t in (-60..=100).map(|x| f64::from(x) / 2.0 + 0.0) {
                    let pue = s.evaluate(t, wb(t, rh), rh, load).pue;
                    assert!(
                        pue >= last - 1e-12,
                        "{} at {t} °C {rh} % load {load}: {pue} < {last}",
                        s.name()
                    );
                    last = pue;
                }
            }
            for t in (-30..=50).step_by(2) {
                let t = f64::from(t);
                let mut last = f64::NEG_INFINITY;
                for rh in 5..=100 {
                    let rh = f64::from(rh);
                    let p = s.evaluate(t, wb(t, rh), rh, load);
                    assert!(
                        p.pue >= last - 1e-12,
                        "{} at {t} °C {rh} % load {load}: {} < {last}",
                        s.name(),
                        p.pue
                    );
                    assert!(p.wue_l_per_kwh.is_finite() && p.wue_l_per_kwh >= 0.0);
                    last = p.pue;
                }
            }
        }
    }
}

#[test]
fn series_align_with_weather() {
    let w = Weather::new(3_600, vec![10.0, 30.0], vec![50.0, 40.0]).unwrap();
    let s = by_name("water_cooled_chiller").unwrap();
    let CoolingSeries {
        pue,
        wue_l_per_kwh: wue,
        ..
    } = CoolingSeries::evaluate(&s, &w, &w.wet_bulb_series(), 0.7);
    let second = s.evaluate(30.0, w.wet_bulb_c(1), 40.0, 0.7);
    assert_eq!(pue.at(3_600 * 2), second.pue);
    assert_eq!(wue.at(3_600 * 2), second.wue_l_per_kwh);
    assert_eq!(pue.at(3_600 * 3), pue.at(3_600));
    let a = s.annual(&w, 0.7);
    assert!((a.pue - 0.5 * (pue.at(3_600) + second.pue)).abs() < 1e-12);
    assert!((a.wue_l_per_kwh - wue.mean()).abs() < 1e-12);
    assert_eq!(a.max_pue, second.pue);
}

#[test]
fn synthetic_weather_gives_the_annual_results_of_real_weather() {
    use crate::site::climate::{presets::preset, synthetic::synthesize};
    use rand::SeedableRng;
    let dir = reference_weather_dir();
    for zone in ["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"] {
        let real = read_open_meteo_json(&dir.join(reference_file_name(zone).unwrap())).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let syn = synthesize(preset(zone).unwrap(), real.start_unix, real.len(), &mut rng);
        for &name in names() {
            let s = by_name(name).unwrap();
            let (a, b) = (s.annual(&real, 0.7), s.annual(&syn, 0.7));
            println!(
                "SYNTHETIC {zone:<12} {name:<30} PUE {:.3} vs real {:.3}; WUE {:.2} vs real {:.2}",
                b.pue, a.pue, b.wue_l_per_kwh, a.wue_l_per_kwh
            );
            assert!(
                (a.pue - b.pue).abs() <= 0.02,
                "{zone} {name}: PUE {} vs {}",
                b.pue,
                a.pue
            );
            assert!(
                (a.wue_l_per_kwh - b.wue_l_per_kwh).abs() <= 0.1 + 0.1 * a.wue_l_per_kwh,
                "{zone} {name}: WUE {} vs {}",
                b.wue_l_per_kwh,
                a.wue_l_per_kwh
            );
        }
    }
}

/// Published annual ranges the systems are tested against (Lei & Masanet 2022, UE.csv,
/// 5th–95th percentiles; factors.md D.2), as (PUE lo, PUE hi, WUE lo, WUE hi), with the
/// reason for each choice.
fn published_range(name: &str) -> (f64, f64, f64, f64) {
    match name {
        // Large-scale WSE row, all climate zones: PUE 1.07–1.29, WUE 1.73–2.63.
        "chiller_waterside_economizer" => (1.07, 1.29, 1.73, 2.63),
        // Large-scale airside economiser + adiabatic row: PUE 1.09 (3C) … 1.34 (1A);
        // WUE 0.00 (3C) … 2.36 (1A).
        // The PUE floor is lowered to 1.07 (a documented mismatch): the defaults are Lei &
        // Masanet's own hyperscale AE example, which gives 1.0747 at 20 °C / 40 % in their
        // code; their 5th percentile reflects their parameter sampling (UPS 0.90–0.99, fans
        // up to 1000 Pa), and Meta's reported fleet PUE for this design (1.08–1.09,
        // factors.md D.5) is below it too.
        "airside_economizer_adiabatic" => (1.07, 1.34, 0.0, 2.36),
        // No large-site row. Lower bounds: the large-site WSE row (the same plant without
        // an economiser cannot do better). Upper bounds: the midsize water-cooled chiller
        // row, 95th percentile in zone 1A (1.79, 3.74).
        "water_cooled_chiller" => (1.07, 1.79, 1.73, 3.74),
        // No large-site row. PUE: large-site WSE floor to the midsize air-cooled chiller
        // 95th percentile in zone 1A (2.45); WUE: midsize air-cooled row 0.00–0.10.
        "air_cooled_chiller" => (1.07, 2.45, 0.0, 0.10),
        // No published row. PUE: at least the electrical losses (≥ 1.03), and no worse than
        // the large-site WSE row's top (1.29) since its air side is that system. WUE: from
        // 0 to the WSE row's top (2.63); the test also checks it against its air side.
        "direct_liquid_cooling" => (1.03, 1.29, 0.0, 2.63),
        _ => (f64::NAN, f64::NAN, f64::NAN, f64::NAN),
    }
}

#[test]
fn annual_results_fall_in_published_ranges() {
    let dir = reference_weather_dir();
    let mut failures = Vec::new();
    for zone in ["US-CAL-CISO", "DE-LU", "US-TEX-ERCO"] {
        let weather = read_open_meteo_json(&dir.join(reference_file_name(zone).unwrap())).unwrap();
        for load in [0.7, 0.5] {
            let mut by_system = std::collections::BTreeMap::new();
            for &name in names() {
                // Lei & Masanet's bands assume every tower evaporates all of its heat.
                let s = super::tower_tests::with_latent_fraction_one(name);
                let a = s.annual(&weather, load);
                let (plo, phi, wlo, whi) = published_range(name);
                println!(
                    "ANNUAL {zone:<12} load {load:.1} {name:<30} PUE {:.3} (max {:.3}) WUE {:.2} L/kWh free {:.0} % | range PUE {plo}–{phi}, WUE {wlo}–{whi}",
                    a.pue,
                    a.max_pue,
                    a.wue_l_per_kwh,
                    100.0 * a.free_cooling_fraction
                );
                let d = a.breakdown;
                println!(
                    "  BREAKDOWN {zone} {name}: UPS {:.4} PD {:.4} light {:.4} air fans {:.4} pumps {:.4} chiller {:.4} rejection fans {:.4} | evap {:.3} blowdown {:.3} drift {:.3} humidif {:.3} adiabatic {:.3}",
                    d.ups_loss,
                    d.distribution_loss,
                    d.lighting,
                    d.air_fans,
                    d.pumps,
                    d.chiller,
                    d.heat_rejection_fans,
                    d.evaporation_l_per_kwh,
                    d.blowdown_l_per_kwh,
                    d.drift_l_per_kwh,
                    d.humidification_l_per_kwh,
                    d.adiabatic_l_per_kwh
                );
                if !(plo..=phi).contains(&a.pue) || !(wlo..=whi).contains(&a.wue_l_per_kwh) {
                    failures.push(format!(
                        "{zone} load {load} {name}: PUE {:.3} WUE {:.2}",
                        a.pue, a.wue_l_per_kwh
                    ));
                }
                by_system.insert(name, a);
            }
            let wse = by_system["chiller_waterside_economizer"];
            let wcc = by_system["water_cooled_chiller"];
            let dlc = by_system["direct_liquid_cooling"];
            assert!(
                wse.pue < wcc.pue && wse.wue_l_per_kwh < wcc.wue_l_per_kwh,
                "{zone}: economiser must save energy and water"
            );
            assert!(
                dlc.pue < wse.pue && dlc.wue_l_per_kwh < wse.wue_l_per_kwh,
                "{zone}: DLC must beat its air side"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "outside the published ranges: {failures:#?}"
    );
}

#[test]
fn the_registry_drives_names_defaults_and_parsing() {
    // Every entry: unique name, defaults that validate, an empty parameter table giving the
    // defaults, and the serde form naming the system.
    let mut seen = std::collections::HashSet::new();
    for entry in registry::SYSTEMS {
        assert!(seen.insert(entry.name), "{} registered twice", entry.name);
        let default = (entry.large_site)();
        assert_eq!(default.name(), entry.name);
        default.validate().unwrap();
        assert_eq!((entry.parse)(toml::Table::new()).unwrap(), default);
        let json = serde_json::to_value(&default).unwrap();
        assert_eq!(json["type"], entry.name);
        assert_eq!(registry::find(entry.name).map(|e| e.name), Some(entry.name));
    }
    assert_eq!(
        names(),
        registry::SYSTEMS.iter().map(|e| e.name).collect::<Vec<_>>()
    );
    // Unknown systems, a missing `type` and unknown fields are errors that say so.
    let e = serde_json::from_str::<CoolingSystem>(r#"{"type": "swamp_cooler"}"#).unwrap_err();
    assert!(
        e.to_string().contains("unknown variant `swamp_cooler`"),
        "{e}"
    );
    assert!(e.to_string().contains("water_cooled_chiller"), "{e}");
    let e = serde_json::from_str::<CoolingSystem>(r#"{"plant": {}}"#).unwrap_err();
    assert!(e.to_string().contains("missing field `type`"), "{e}");
    let e =
        (registry::find("air_cooled_chiller").unwrap().parse)(toml::from_str("bogus = 1").unwrap())
            .unwrap_err();
    assert!(e.contains("unknown field `bogus`"), "{e}");
}

#[test]
fn equality_compares_system_and_parameters() {
    let wcc = by_name("water_cooled_chiller").unwrap();
    let wse = by_name("chiller_waterside_economizer").unwrap();
    // Same parameters, different systems.
    assert_ne!(wcc, wse);
    let mut p = ChillerParams::large_site();
    assert_eq!(CoolingSystem::new(WaterCooledChiller(p.clone())), wcc);
    p.plant.cycles_of_concentration = 4.0;
    assert_ne!(CoolingSystem::new(WaterCooledChiller(p)), wcc);
}

#[test]
fn a_nested_air_side_hands_over_its_heat() {
    // The liquid system's air side is any registered system; its `cooling` terms are those
    // of the air share of the heat, and liquid cooling cannot be its own air side.
    let amb = Ambient::new(25.0, wb(25.0, 50.0), 50.0);
    let dlc = LiquidParams::default();
    let air = dlc.air_side.cooling(0.3, &amb, 0.7);
    let direct = by_name("chiller_waterside_economizer")
        .unwrap()
        .cooling(0.3, &amb, 0.7);
    assert_eq!(air, direct);
    let nested = LiquidParams {
        air_side: CoolingSystem::new(LiquidParams::default()),
        ..LiquidParams::default()
    };
    let e = CoolingSystem::new(nested).validate().unwrap_err();
    assert!(
        e.contains("air_side cannot itself be direct_liquid_cooling"),
        "{e}"
    );
}

#[test]
fn the_cache_evaluates_each_record_system_and_load_once() {
    let w = Arc::new(Weather::new(0, vec![10.0, 30.0, 20.0], vec![50.0, 40.0, 60.0]).unwrap());
    let s = by_name("chiller_waterside_economizer").unwrap();
    let cache = CoolingCache::default();
    assert!(cache.is_empty());
    let first = cache.series(&s, &w, 0.7);
    assert_eq!(
        first,
        CoolingSeries::evaluate(&s, &w, &w.wet_bulb_series(), 0.7)
    );
    assert_eq!(cache.series(&s, &w, 0.7), first);
    assert_eq!(cache.series(&s.clone(), &Arc::clone(&w), 0.7), first);
    assert_eq!(cache.len(), 1);
    // Another load, system or record (even with equal contents) is another entry.
    assert_ne!(cache.series(&s, &w, 0.3), first);
    cache.series(&by_name("water_cooled_chiller").unwrap(), &w, 0.7);
    let copy = Arc::new((*w).clone());
    assert_eq!(cache.series(&s, &copy, 0.7), first);
    assert_eq!(cache.len(), 4);
}
