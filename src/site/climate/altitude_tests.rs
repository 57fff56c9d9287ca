//! Altitude: the wet-bulb at a station's pressure against an independent ASHRAE reference.

use super::psychro;
use super::weather::{self, Weather};

/// Saturation pressure over liquid water, Pa: Hyland & Wexler (1983) as given in ASHRAE
/// Fundamentals 2017 ch. 1 eq. 6 (T in K). Independent of the Buck formula the crate uses.
fn ashrae_saturation_pa(t_c: f64) -> f64 {
    let t = t_c + 273.15;
    (-5.800_220_6e3 / t + 1.391_499_3 - 4.864_023_9e-2 * t + 4.176_476_8e-5 * t * t
        - 1.445_209_3e-8 * t * t * t
        + 6.545_967_3 * t.ln())
    .exp()
}

/// Thermodynamic wet-bulb, °C, by ASHRAE Fundamentals 2017 ch. 1: station pressure from
/// eq. 3, humidity ratio from eq. 20 and 22, the adiabatic-saturation balance eq. 33
/// (above freezing), solved by bisection to 1e-9 K.
fn ashrae_wet_bulb_c(t_c: f64, rh_pct: f64, elevation_m: f64) -> f64 {
    let p_kpa = 101.325 * (1.0 - 2.255_77e-5 * elevation_m).powf(5.2559);
    let p = p_kpa * 1_000.0;
    let w_of = |pw: f64| 0.621_945 * pw / (p - pw);
    let w = w_of(rh_pct / 100.0 * ashrae_saturation_pa(t_c));
    let balance = |ts: f64| {
        let ws = w_of(ashrae_saturation_pa(ts));
        ((2_501.0 - 2.326 * ts) * ws - 1.006 * (t_c - ts)) / (2_501.0 + 1.86 * t_c - 4.186 * ts)
    };
    let (mut lo, mut hi) = (t_c - 60.0, t_c);
    while hi - lo > 1e-9 {
        let mid = 0.5 * (lo + hi);
        if balance(mid) > w {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn wet_bulb_at_1600_m_matches_the_ashrae_reference() {
    let cases = [
        (5.0, 80.0),
        (15.0, 50.0),
        (20.0, 30.0),
        (25.0, 20.0),
        (30.0, 15.0),
        (32.0, 40.0),
        (35.0, 10.0),
        (38.0, 25.0),
    ];
    let (dry, rh): (Vec<f64>, Vec<f64>) = cases.iter().copied().unzip();
    let record = Weather::new(0, dry, rh)
        .unwrap()
        .with_elevation(1_600.0)
        .unwrap();
    // 1,600 m: 83.5 kPa (ASHRAE Fundamentals table 1: 84.56 kPa at 1,500 m, 79.50 at 2,000 m).
    assert!(
        (record.pressure_pa() - 83_524.0).abs() < 100.0,
        "{}",
        record.pressure_pa()
    );
    let mut largest_sea_level_error: f64 = 0.0;
    for (i, &(t, rh)) in cases.iter().enumerate() {
        let reference = ashrae_wet_bulb_c(t, rh, 1_600.0);
        let ours = record.wet_bulb_c(i);
        assert!(
            (ours - reference).abs() < 0.05,
            "{t} °C {rh} %: {ours} vs ASHRAE {reference}"
        );
        let at_sea_level = psychro::wet_bulb_c(t, rh, psychro::STANDARD_PRESSURE_PA);
        largest_sea_level_error = largest_sea_level_error.max((at_sea_level - reference).abs());
    }
    // Standard pressure would be off by more than half a kelvin in warm dry air: the
    // correction matters.
    assert!(largest_sea_level_error > 0.5, "{largest_sea_level_error}");
}

#[test]
fn air_density_follows_the_pressure() {
    let p = psychro::pressure_at_elevation_pa(1_600.0);
    let ratio = psychro::air_density_kg_m3(20.0, p)
        / psychro::air_density_kg_m3(20.0, psychro::STANDARD_PRESSURE_PA);
    // −17.6 %: the "−18 %" of a 1,600 m site.
    assert!((ratio - 0.8243).abs() < 0.001, "{ratio}");
}

#[test]
fn open_meteo_files_and_presets_carry_their_elevation() {
    let dir = weather::reference_weather_dir();
    for (preset, elevation) in [
        ("US-CAL-CISO", 7.0),
        ("DE-LU", 111.0),
        ("US-TEX-ERCO", 142.0),
    ] {
        let file = dir.join(weather::reference_file_name(preset).unwrap());
        let record = weather::read_open_meteo_json(&file).unwrap();
        assert_eq!(record.elevation_m, elevation, "{preset}");
        assert_eq!(
            super::presets::preset(preset).unwrap().elevation_m,
            elevation,
            "{preset}"
        );
    }
}

#[test]
fn elevations_outside_the_earths_surface_are_refused() {
    let record = Weather::new(0, vec![10.0], vec![50.0]).unwrap();
    let err = record.clone().with_elevation(-431.0).unwrap_err();
    assert!(err.contains("Dead Sea") && err.contains("-431"), "{err}");
    assert!(record.clone().with_elevation(-430.0).is_ok());
    assert!(record.clone().with_elevation(f64::NAN).is_err());
    assert!(record.with_elevation(9_000.0).is_err());
}
