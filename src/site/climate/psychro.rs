//! Moist-air psychrometrics: saturation pressure, humidity ratio, enthalpy, wet-bulb and
//! dew point, air density and the latent heat of water.
//!
//! Temperatures are °C, pressures Pa, humidity ratios kg of water vapour per kg of dry air
//! and enthalpies kJ per kg of dry air. The formulas are the ideal-gas relations of the
//! ASHRAE Handbook of Fundamentals (ch. 1, "Psychrometrics"), with the Buck saturation
//! pressure that Lei & Masanet use in their PUE tool, so that the cooling models here and
//! theirs see the same air. Saturation is always taken over liquid water (also below 0 °C,
//! the meteorological convention for relative humidity); the error this makes in the
//! wet-bulb below freezing is a few tenths of a kelvin and does not matter for cooling.

/// Standard sea-level barometric pressure, Pa (ICAO standard atmosphere; ASHRAE
/// Fundamentals ch. 1, table 1). A site's pressure is [`pressure_at_elevation_pa`] of its
/// elevation (from the weather file, the climate preset or `sites.weather.elevation_m`);
/// this value is what elevation 0 gives.
pub const STANDARD_PRESSURE_PA: f64 = 101_325.0;

/// Ratio of the molar masses of water vapour and dry air, 18.015268/28.966 = 0.621945
/// (ASHRAE Fundamentals 2017 ch. 1 eq. 20): turns a vapour partial pressure into a humidity ratio.
pub const MOLAR_MASS_RATIO: f64 = 0.621_945;

/// Specific heat of dry air, kJ/(kg·K) (ASHRAE Fundamentals ch. 1 eq. 30).
pub const CP_DRY_AIR: f64 = 1.006;

/// Specific heat of water vapour, kJ/(kg·K) (ASHRAE Fundamentals ch. 1 eq. 30).
pub const CP_VAPOUR: f64 = 1.86;

/// Latent heat of vaporisation of water at 0 °C, kJ/kg (ASHRAE Fundamentals ch. 1 eq. 30).
pub const H_FG_0C: f64 = 2_501.0;

/// Specific heat of liquid water, kJ/(kg·K) (ASHRAE Fundamentals ch. 1 eq. 35: 4.186).
pub const CP_LIQUID_WATER: f64 = 4.186;

/// Saturation vapour pressure over liquid water, Pa: Buck (1981, 1996),
/// `611.21·exp((18.678 − T/234.5)·T/(257.14 + T))`.
///
/// The same expression is in Lei & Masanet's `PUE_internalfunctions.ipynb` (`P_sat`), so the
/// economiser thresholds here match theirs. Buck quotes < 0.05 % error from −40 to 50 °C.
pub fn saturation_vapour_pressure_pa(t_c: f64) -> f64 {
    611.21 * ((18.678 - t_c / 234.5) * (t_c / (257.14 + t_c))).exp()
}

/// Lowest elevation accepted for a site, m: the shore of the Dead Sea, the lowest dry land
/// on Earth (about 430 m below sea level). Anything lower is a sign error or a unit mix-up.
pub const MIN_ELEVATION_M: f64 = -430.0;

/// Highest elevation accepted for a site, m: the summit of Mount Everest (8,849 m).
pub const MAX_ELEVATION_M: f64 = 8_849.0;

/// Checks a site elevation: finite and from [`MIN_ELEVATION_M`] to [`MAX_ELEVATION_M`].
pub fn check_elevation_m(elevation_m: f64) -> Result<(), String> {
    if !elevation_m.is_finite() || !(MIN_ELEVATION_M..=MAX_ELEVATION_M).contains(&elevation_m) {
        return Err(format!(
            "elevation {elevation_m} m is outside {MIN_ELEVATION_M}…{MAX_ELEVATION_M} m (the Dead Sea shore to Mount Everest); expected metres above sea level"
        ));
    }
    Ok(())
}

/// Barometric pressure at an elevation above sea level, Pa, in the standard atmosphere:
/// `101325·(1 − 2.25577e-5·Z)^5.2559` (ASHRAE Fundamentals ch. 1 eq. 3).
pub fn pressure_at_elevation_pa(elevation_m: f64) -> f64 {
    STANDARD_PRESSURE_PA * (1.0 - 2.255_77e-5 * elevation_m).powf(5.2559)
}

/// Humidity ratio (kg/kg dry air) of air with water-vapour partial pressure `vapour_pa`.
pub fn humidity_ratio_from_vapour_pressure(vapour_pa: f64, pressure_pa: f64) -> f64 {
    MOLAR_MASS_RATIO * vapour_pa / (pressure_pa - vapour_pa)
}

/// Humidity ratio (kg/kg dry air) at dry-bulb `t_c` and relative humidity `rh_pct`
/// (clamped to 0–100 %).
pub fn humidity_ratio(t_c: f64, rh_pct: f64, pressure_pa: f64) -> f64 {
    let vapour = saturation_vapour_pressure_pa(t_c) * rh_pct.clamp(0.0, 100.0) / 100.0;
    humidity_ratio_from_vapour_pressure(vapour, pressure_pa)
}

/// Humidity ratio of saturated air at `t_c`.
pub fn saturation_humidity_ratio(t_c: f64, pressure_pa: f64) -> f64 {
    humidity_ratio_from_vapour_pressure(saturation_vapour_pressure_pa(t_c), pressure_pa)
}

/// Relative humidity, %, of air at `t_c` with humidity ratio `w` (not clamped: above 100 %
/// means supersaturated).
pub fn relative_humidity_pct(t_c: f64, w: f64, pressure_pa: f64) -> f64 {
    let vapour = pressure_pa * w / (MOLAR_MASS_RATIO + w);
    100.0 * vapour / saturation_vapour_pressure_pa(t_c)
}

/// Specific enthalpy of moist air, kJ/kg dry air: `1.006·T + w·(2501 + 1.86·T)`
/// (ASHRAE Fundamentals ch. 1 eq. 30; zero for dry air at 0 °C).
pub fn enthalpy_kj_per_kg(t_c: f64, w: f64) -> f64 {
    CP_DRY_AIR * t_c + w * (H_FG_0C + CP_VAPOUR * t_c)
}

/// Humidity ratio on the line of constant enthalpy `h` at temperature `t_c` (the state that
/// direct evaporative cooling reaches), from inverting [`enthalpy_kj_per_kg`].
pub fn humidity_ratio_at_enthalpy(h_kj_per_kg: f64, t_c: f64) -> f64 {
    (h_kj_per_kg - CP_DRY_AIR * t_c) / (H_FG_0C + CP_VAPOUR * t_c)
}

/// Temperature, °C, of saturated air whose enthalpy is `h_kj_per_kg` at `pressure_pa`: the
/// state of a cooling tower's exhaust in the saturated-exit model (EnergyPlus "SaturatedExit").
///
/// The saturated enthalpy rises monotonically and convexly with temperature, so Newton's
/// method (numerical slope) converges from any start in a few steps; bisection on
/// [−60, 80] °C to 1e-9 K is the fallback should it not.
pub fn saturation_temperature_at_enthalpy_c(h_kj_per_kg: f64, pressure_pa: f64) -> f64 {
    let h_sat = |t: f64| enthalpy_kj_per_kg(t, saturation_humidity_ratio(t, pressure_pa));
    let mut t = 20.0;
    for _ in 0..30 {
        let f = h_sat(t) - h_kj_per_kg;
        let slope = (h_sat(t + 1e-4) - h_sat(t - 1e-4)) / 2e-4;
        let next = t - f / slope;
        if !next.is_finite() || !(-60.0..=80.0).contains(&next) {
            break;
        }
        if (next - t).abs() < 1e-10 {
            return next;
        }
        t = next;
    }
    let (mut lo, mut hi) = (-60.0, 80.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if h_sat(mid) > h_kj_per_kg {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo < 1e-9 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Thermodynamic wet-bulb temperature, °C, of air at dry-bulb `t_c` and relative humidity
/// `rh_pct` (clamped to 0–100 %), from the adiabatic-saturation balance
/// `w = ((2501 − 2.326·T*)·w_s(T*) − 1.006·(T − T*)) / (2501 + 1.86·T − 4.186·T*)`
/// (ASHRAE Fundamentals ch. 1 eq. 35), solved by bisection (as psychrolib does).
///
/// Valid for any temperature where the Buck formula holds (−80…+100 °C); unlike the Stull
/// closed form it is monotone in both temperature and humidity everywhere, which the cooling
/// models' monotonicity relies on. Returns NaN for non-finite input.
pub fn wet_bulb_c(t_c: f64, rh_pct: f64, pressure_pa: f64) -> f64 {
    if !t_c.is_finite() || !rh_pct.is_finite() || !pressure_pa.is_finite() {
        return f64::NAN;
    }
    let w = humidity_ratio(t_c, rh_pct, pressure_pa);
    let w_of = |t_star: f64| {
        let ws = saturation_humidity_ratio(t_star, pressure_pa);
        ((H_FG_0C - (CP_LIQUID_WATER - CP_VAPOUR) * t_star) * ws - CP_DRY_AIR * (t_c - t_star))
            / (H_FG_0C + CP_VAPOUR * t_c - CP_LIQUID_WATER * t_star)
    };
    // Secant iterations from Stull's closed form converge in 3–5 steps; bisection below
    // is the fallback should they leave the bracket.
    let f = |t_star: f64| w_of(t_star) - w;
    let mut x0 = wet_bulb_stull(t_c, rh_pct).min(t_c);
    let mut x1 = x0 - 0.25;
    let (mut f0, mut f1) = (f(x0), f(x1));
    for _ in 0..30 {
        if f1 == f0 {
            break;
        }
        let x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
        if !x2.is_finite() || x2 > t_c + 1e-9 || x2 < t_c - 100.0 {
            break;
        }
        if (x2 - x1).abs() < 1e-9 {
            return x2;
        }
        (x0, f0) = (x1, f1);
        x1 = x2;
        f1 = f(x1);
    }
    let (mut lo, mut hi) = (t_c - 100.0, t_c);
    for _ in 0..64 {
        let mid = 0.5 * (lo + hi);
        if w_of(mid) > w {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo < 1e-9 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Dew-point temperature, °C: where the Buck saturation pressure equals the vapour pressure
/// of air at `t_c`, `rh_pct` (bisection). Returns −∞ for dry air (RH ≤ 0).
pub fn dew_point_c(t_c: f64, rh_pct: f64) -> f64 {
    if rh_pct <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let vapour = saturation_vapour_pressure_pa(t_c) * rh_pct.min(100.0) / 100.0;
    let (mut lo, mut hi) = (t_c - 150.0, t_c);
    for _ in 0..64 {
        let mid = 0.5 * (lo + hi);
        if saturation_vapour_pressure_pa(mid) > vapour {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Relative humidity, %, of air at `t_c` whose dew point is `dew_point_c` (≤ 100 % when the
/// dew point does not exceed the temperature).
pub fn relative_humidity_from_dew_point_pct(t_c: f64, dew_point_c: f64) -> f64 {
    100.0 * saturation_vapour_pressure_pa(dew_point_c) / saturation_vapour_pressure_pa(t_c)
}

/// Density of (dry) air, kg/m³: `1.293·(P/101325)·(273.15/(273.15 + T))`, the expression of
/// Lei & Masanet's `air_density` (1.293 kg/m³ is dry air at 0 °C and 1 atm). Used to turn
/// fan mass flows into volume flows.
pub fn air_density_kg_m3(t_c: f64, pressure_pa: f64) -> f64 {
    1.293 * (pressure_pa / STANDARD_PRESSURE_PA) * (273.15 / (273.15 + t_c))
}

/// Latent heat of vaporisation of water, kJ/kg: `−0.0013·T² − 2.3097·T + 2500.5`
/// (Lei & Masanet, `Latent_heat_vaporization`; 2442 kJ/kg at 25 °C).
pub fn latent_heat_kj_per_kg(t_water_c: f64) -> f64 {
    -0.0013 * t_water_c * t_water_c - 2.3097 * t_water_c + 2500.5
}

/// Wet-bulb temperature, °C, from dry-bulb `t_c` (°C) and relative humidity `rh_pct` (%) by
/// Stull's (2011) empirical closed form:
/// `Tw = T·atan(0.151977·√(RH + 8.313659)) + atan(T + RH) − atan(RH − 1.676331)
///       + 0.00391838·RH^1.5·atan(0.023101·RH) − 4.686035`.
///
/// Stull fitted it at sea-level pressure for RH 5–99 % and T −20…50 °C (mean absolute error
/// 0.28 K; J. Appl. Meteor. Climatol. 50, 2267). RH is clamped to [5, 99] %, and the result to
/// at most `t_c` (a wet-bulb can never exceed the dry-bulb; far below −20 °C the fit breaks
/// down and would violate that). Outside the validity range prefer [`wet_bulb_c`].
pub fn wet_bulb_stull(t_c: f64, rh_pct: f64) -> f64 {
    let rh = rh_pct.clamp(5.0, 99.0);
    let tw = t_c * (0.151_977 * (rh + 8.313_659).sqrt()).atan() + (t_c + rh).atan()
        - (rh - 1.676_331).atan()
        + 0.003_918_38 * rh.powf(1.5) * (0.023_101 * rh).atan()
        - 4.686_035;
    tw.min(t_c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_pressure_matches_tables() {
        // ASHRAE Fundamentals table 3: 2.3392 kPa at 20 °C, 0.6112 kPa at 0 °C, 7.3849 kPa at 40 °C.
        assert!((saturation_vapour_pressure_pa(20.0) - 2_339.2).abs() < 3.0);
        assert!((saturation_vapour_pressure_pa(0.0) - 611.2).abs() < 0.5);
        assert!((saturation_vapour_pressure_pa(40.0) - 7_384.9).abs() < 15.0);
    }

    #[test]
    fn wet_bulb_matches_psychrometric_chart() {
        // Psychrometric chart / psychrolib at 101.325 kPa: 20 °C 50 % → 13.8 °C; 35 °C 40 % → 24.0 °C;
        // saturated air has Tw = T; dry air at 30 °C → 10.5 °C.
        assert!((wet_bulb_c(20.0, 50.0, STANDARD_PRESSURE_PA) - 13.8).abs() < 0.15);
        assert!((wet_bulb_c(35.0, 40.0, STANDARD_PRESSURE_PA) - 24.0).abs() < 0.2);
        assert!((wet_bulb_c(25.0, 100.0, STANDARD_PRESSURE_PA) - 25.0).abs() < 0.01);
        assert!((wet_bulb_c(30.0, 0.0, STANDARD_PRESSURE_PA) - 10.5).abs() < 0.3);
        assert!(wet_bulb_c(f64::NAN, 50.0, STANDARD_PRESSURE_PA).is_nan());
    }

    #[test]
    fn wet_bulb_is_monotone_and_below_dry_bulb() {
        for t in (-30..=50).step_by(5) {
            let t = f64::from(t);
            let mut last = f64::NEG_INFINITY;
            for rh in (5..=100).step_by(5) {
                let tw = wet_bulb_c(t, f64::from(rh), STANDARD_PRESSURE_PA);
                assert!(tw <= t + 1e-6 && tw >= last, "t={t} rh={rh} tw={tw}");
                last = tw;
            }
        }
    }

    #[test]
    fn saturation_temperature_inverts_the_saturated_enthalpy() {
        for p in [STANDARD_PRESSURE_PA, pressure_at_elevation_pa(2_000.0)] {
            for t in [-40.0, -5.0, 0.0, 12.3, 25.0, 38.0, 55.0] {
                let h = enthalpy_kj_per_kg(t, saturation_humidity_ratio(t, p));
                let back = saturation_temperature_at_enthalpy_c(h, p);
                assert!((back - t).abs() < 1e-7, "{t} °C at {p} Pa: {back}");
            }
        }
    }

    #[test]
    fn dew_point_round_trips_and_enthalpy_inverts() {
        let td = dew_point_c(25.0, 60.0);
        assert!((td - 16.7).abs() < 0.1, "{td}");
        assert!((relative_humidity_from_dew_point_pct(25.0, td) - 60.0).abs() < 1e-6);
        let w = humidity_ratio(25.0, 60.0, STANDARD_PRESSURE_PA);
        assert!((relative_humidity_pct(25.0, w, STANDARD_PRESSURE_PA) - 60.0).abs() < 1e-9);
        let h = enthalpy_kj_per_kg(25.0, w);
        assert!((humidity_ratio_at_enthalpy(h, 25.0) - w).abs() < 1e-12);
        // 25 °C, 60 %: w ≈ 11.9 g/kg, h ≈ 55.5 kJ/kg (psychrometric chart).
        assert!(
            (w - 0.0119).abs() < 2e-4 && (h - 55.5).abs() < 0.5,
            "{w} {h}"
        );
        assert!((pressure_at_elevation_pa(1_000.0) - 89_875.0).abs() < 50.0);
        assert!((latent_heat_kj_per_kg(25.0) - 2_442.0).abs() < 1.0);
        assert!((air_density_kg_m3(20.0, STANDARD_PRESSURE_PA) - 1.205).abs() < 0.002);
    }
}
