//! The synthetic climate generator: a [`ClimatePreset`] (harmonics plus AR(1) noise, see its
//! documentation) turned into an hourly [`Weather`] record. The calibrated presets themselves
//! are data, in [`super::presets`], which depends on this file (not the reverse).

use super::psychro;
pub use super::warming::Warming;
use super::weather::{MAX_PLAUSIBLE_DRY_BULB_C, MIN_PLAUSIBLE_DRY_BULB_C, Weather};
use crate::time::{
    SECONDS_PER_DAY_I64, SECONDS_PER_HOUR_I64, UnixSeconds, civil_from_days, days_from_civil,
    to_days, to_hours, unix_hours,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

/// Hourly lag-one autocorrelation of the day-to-day variation of the diurnal amplitude: an
/// e-folding time of one day (cloudy and clear spells last about a day). This is a modelling
/// assumption, not fitted; with it the synthetic day-to-day standard deviation of the daily
/// half-range matches the reference files (1.8 °C in all three) once
/// [`ClimatePreset::diurnal_amplitude_sd_c`] is calibrated.
pub const DIURNAL_AMPLITUDE_AUTOCORRELATION: f64 = 0.959_189_9; // exp(−1/24)

/// Length of the mean tropical year, days: the period of the seasonal harmonic.
const YEAR_DAYS: f64 = 365.25;

/// A synthetic climate: seasonal and diurnal harmonics of dry-bulb temperature plus
/// autocorrelated (AR(1)) weather noise, and a dew point that follows its own seasonal
/// harmonic, the temperature anomaly and its own AR(1) noise.
///
/// Relative humidity is derived from temperature and dew point, so it is anti-correlated with
/// the diurnal temperature cycle (humid nights, drier afternoons) as observed, and the wet-bulb
/// comes out consistent with both. `sea(d) = −cos(2π(d − coldest_day)/365.25)` runs from −1
/// on the coldest day to +1 half a year later; parameters named `…_seasonal_…` are the change
/// of a quantity per unit of `sea`.
///
/// Hourly model, with `x`, `y`, `e` unit-variance AR(1) states:
/// ```text
/// A(t)  = max(0, diurnal_amplitude + diurnal_amplitude_seasonal·sea + diurnal_amplitude_sd·y)
/// σ(t)  = max(0.1, noise_sd + noise_sd_seasonal·sea)
/// T     = annual_mean + seasonal_amplitude·sea + A(t)·cos(2π(h_utc − warmest_hour_utc)/24) + σ(t)·x
/// κ(t)  = dew_point_coupling + dew_point_coupling_seasonal·sea
/// Td    = min(dew_point_mean + dew_point_seasonal_amplitude·sea + κ(t)·σ(t)·x
///             − dew_point_diurnal_amplitude·cos(2π(h_utc − warmest_hour_utc)/24)
///             + max(0.1, dew_point_noise_sd + dew_point_noise_sd_seasonal·sea)·e,  T, dew_point_max)
/// RH    = 100·e_s(Td)/e_s(T), clamped to [5, 100] %
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClimatePreset {
    /// Name (the presets use the grid-zone names of the matching data files).
    pub name: String,
    /// Annual mean dry-bulb, °C.
    pub annual_mean_c: f64,
    /// Half the peak-to-peak range of the seasonal harmonic, °C.
    pub seasonal_amplitude_c: f64,
    /// Day of year (0 = 1 January 00:00 UTC, fractional) of the seasonal minimum.
    pub coldest_day_of_year: f64,
    /// Mean amplitude (half range) of the diurnal harmonic, °C.
    pub diurnal_amplitude_c: f64,
    /// Change of the diurnal amplitude per unit of `sea` (larger in summer), °C.
    pub diurnal_amplitude_seasonal_c: f64,
    /// Standard deviation of the day-to-day variation of the diurnal amplitude, °C
    /// (clear versus overcast days), with autocorrelation [`DIURNAL_AMPLITUDE_AUTOCORRELATION`].
    pub diurnal_amplitude_sd_c: f64,
    /// UTC hour (fractional) of the diurnal maximum.
    pub warmest_hour_utc: f64,
    /// Standard deviation of the temperature noise at `sea = 0`, °C.
    pub noise_sd_c: f64,
    /// Change of the noise standard deviation per unit of `sea` (negative: calmer summers), °C.
    pub noise_sd_seasonal_c: f64,
    /// Hourly lag-one autocorrelation φ of the temperature noise (AR(1)).
    pub noise_autocorrelation: f64,
    /// Annual mean of the dew-point harmonic, °C.
    pub dew_point_mean_c: f64,
    /// Seasonal amplitude of the dew point (same phase as temperature), °C.
    pub dew_point_seasonal_amplitude_c: f64,
    /// Highest dew point, °C (the most humid hour of the calibration year): without this cap
    /// the warm-anomaly coupling would produce tropical dew points in hot spells.
    pub dew_point_max_c: f64,
    /// Regression slope of the dew-point anomaly on the temperature anomaly (air masses that
    /// are warmer than usual are also moister).
    pub dew_point_coupling: f64,
    /// Change of that slope per unit of `sea` (default 0). Negative where hot summer spells
    /// are dry ones (Dallas: winter cold fronts bring dry air, summer heat comes with
    /// continental air), which keeps the wet-bulb tail as thin as the record's.
    #[serde(default)]
    pub dew_point_coupling_seasonal: f64,
    /// Half-range of the dew point's daily cycle, °C (default 0): the dew point is lowest at
    /// the warmest hour, as afternoon mixing dries the surface air.
    #[serde(default)]
    pub dew_point_diurnal_amplitude_c: f64,
    /// Standard deviation of the dew-point noise not explained by temperature at `sea = 0`, °C.
    pub dew_point_noise_sd_c: f64,
    /// Change of the dew-point noise standard deviation per unit of `sea`, °C.
    pub dew_point_noise_sd_seasonal_c: f64,
    /// Hourly lag-one autocorrelation of the dew-point noise.
    pub dew_point_noise_autocorrelation: f64,
    /// Calendar year of the calibration record: the year a warming trend leaves unchanged
    /// (by default).
    pub calibration_year: i32,
    /// Elevation of the calibration station, m (the `elevation` of its Open-Meteo file):
    /// the synthetic records carry it, so their wet-bulb and air density are at the site's
    /// pressure.
    pub elevation_m: f64,
}

impl ClimatePreset {
    /// Checks that the parameters are usable: finite, autocorrelations in [0, 1), standard
    /// deviations and amplitudes ≥ 0. Errors name the field.
    pub fn validate(&self) -> Result<(), String> {
        let fields = [
            ("annual_mean_c", self.annual_mean_c),
            ("seasonal_amplitude_c", self.seasonal_amplitude_c),
            ("coldest_day_of_year", self.coldest_day_of_year),
            ("diurnal_amplitude_c", self.diurnal_amplitude_c),
            (
                "diurnal_amplitude_seasonal_c",
                self.diurnal_amplitude_seasonal_c,
            ),
            ("diurnal_amplitude_sd_c", self.diurnal_amplitude_sd_c),
            ("warmest_hour_utc", self.warmest_hour_utc),
            ("noise_sd_c", self.noise_sd_c),
            ("noise_sd_seasonal_c", self.noise_sd_seasonal_c),
            ("noise_autocorrelation", self.noise_autocorrelation),
            ("dew_point_mean_c", self.dew_point_mean_c),
            (
                "dew_point_seasonal_amplitude_c",
                self.dew_point_seasonal_amplitude_c,
            ),
            ("dew_point_max_c", self.dew_point_max_c),
            ("dew_point_coupling", self.dew_point_coupling),
            (
                "dew_point_coupling_seasonal",
                self.dew_point_coupling_seasonal,
            ),
            (
                "dew_point_diurnal_amplitude_c",
                self.dew_point_diurnal_amplitude_c,
            ),
            ("dew_point_noise_sd_c", self.dew_point_noise_sd_c),
            (
                "dew_point_noise_sd_seasonal_c",
                self.dew_point_noise_sd_seasonal_c,
            ),
            (
                "dew_point_noise_autocorrelation",
                self.dew_point_noise_autocorrelation,
            ),
        ];
        psychro::check_elevation_m(self.elevation_m)
            .map_err(|e| format!("climate `{}`: elevation_m: {e}", self.name))?;
        for (name, v) in fields {
            if !v.is_finite() {
                return Err(format!(
                    "climate `{}`: {name} = {v} is not a finite number",
                    self.name
                ));
            }
        }
        for (name, v) in [
            ("noise_autocorrelation", self.noise_autocorrelation),
            (
                "dew_point_noise_autocorrelation",
                self.dew_point_noise_autocorrelation,
            ),
        ] {
            if !(0.0..1.0).contains(&v) {
                return Err(format!(
                    "climate `{}`: {name} = {v}; expected 0 ≤ φ < 1",
                    self.name
                ));
            }
        }
        for (name, v) in [
            ("seasonal_amplitude_c", self.seasonal_amplitude_c),
            ("diurnal_amplitude_c", self.diurnal_amplitude_c),
            ("diurnal_amplitude_sd_c", self.diurnal_amplitude_sd_c),
            ("noise_sd_c", self.noise_sd_c),
            ("dew_point_noise_sd_c", self.dew_point_noise_sd_c),
        ] {
            if v < 0.0 {
                return Err(format!(
                    "climate `{}`: {name} = {v}; expected ≥ 0",
                    self.name
                ));
            }
        }
        Ok(())
    }
}

/// Fractional day of the year (0 at 1 January 00:00 UTC) and UTC hour of an instant.
fn day_of_year_and_hour(t: UnixSeconds) -> (f64, f64) {
    let days = t.div_euclid(SECONDS_PER_DAY_I64);
    let (year, _, _) = civil_from_days(days);
    let jan1 = days_from_civil(year, 1, 1) * SECONDS_PER_DAY_I64;
    let seconds_in_year = (t - jan1) as f64;
    (
        to_days(seconds_in_year),
        to_hours(t.rem_euclid(SECONDS_PER_DAY_I64) as f64),
    )
}

/// Generates `hours` hours of synthetic weather from `start_unix` (rounded down to a whole UTC
/// hour) with the model documented on [`ClimatePreset`].
///
/// The AR(1) states start from their stationary distribution, so there is no spin-up. The
/// same preset, start and generator state give the same record.
pub fn synthesize(
    preset: &ClimatePreset,
    start_unix: UnixSeconds,
    hours: usize,
    rng: &mut ChaCha8Rng,
) -> Weather {
    synthesize_warmed(preset, start_unix, hours, rng, None)
}

/// [`synthesize`], with every hour's dry-bulb, dew point and dew-point cap raised by the
/// warming offset of its calendar year ([`Warming::offset_c`]). The random draws are the
/// same with and without warming, so a warmed year is the same weather, shifted.
pub fn synthesize_warmed(
    preset: &ClimatePreset,
    start_unix: UnixSeconds,
    hours: usize,
    rng: &mut ChaCha8Rng,
    warming: Option<&Warming>,
) -> Weather {
    let mut state = WeatherState::new(start_unix, rng.clone());
    let weather = state.generate(preset, hours, warming);
    *rng = state.rng;
    weather
}

/// The synthetic generator between two stretches of hours: its random stream, its AR(1)
/// states and the next hour, so that a window can be generated a stretch at a time with the
/// same draws in the same order as in one go ([`synthesize_warmed`] is one stretch).
#[derive(Clone, Debug)]
pub struct WeatherState {
    /// UTC instant of hour 0 (a whole hour).
    start_unix: UnixSeconds,
    rng: ChaCha8Rng,
    /// The AR(1) states of the temperature anomaly, the dew point and the diurnal amplitude;
    /// `None` before the first hour (they are drawn then, from the stationary distribution).
    states: Option<[f64; 3]>,
    next_hour: usize,
}

impl WeatherState {
    /// The generator before hour 0 of a window starting at `start_unix` (rounded down to a
    /// whole UTC hour), drawing from `rng`.
    pub fn new(start_unix: UnixSeconds, rng: ChaCha8Rng) -> WeatherState {
        WeatherState {
            start_unix: start_unix - start_unix.rem_euclid(SECONDS_PER_HOUR_I64),
            rng,
            states: None,
            next_hour: 0,
        }
    }

    /// The first hour the next stretch generates.
    pub fn next_hour(&self) -> usize {
        self.next_hour
    }

    /// The next `hours` hours (a record starting at the first of them) with the model
    /// documented on [`ClimatePreset`], warmed as [`synthesize_warmed`] says.
    pub fn generate(
        &mut self,
        preset: &ClimatePreset,
        hours: usize,
        warming: Option<&Warming>,
    ) -> Weather {
        let phi = preset.noise_autocorrelation.clamp(0.0, 0.999_999);
        let phi_d = preset.dew_point_noise_autocorrelation.clamp(0.0, 0.999_999);
        let phi_a = DIURNAL_AMPLITUDE_AUTOCORRELATION;
        let (innov, innov_d, innov_a) = (
            (1.0 - phi * phi).sqrt(),
            (1.0 - phi_d * phi_d).sqrt(),
            (1.0 - phi_a * phi_a).sqrt(),
        );
        let rng = &mut self.rng;
        let mut normal = || -> f64 { rng.sample(StandardNormal) };
        let [mut x, mut e, mut y] = match self.states {
            Some(states) => states,
            None => [normal(), normal(), normal()],
        };
        let omega_year = 2.0 * std::f64::consts::PI / YEAR_DAYS;
        let omega_day = 2.0 * std::f64::consts::PI / 24.0;
        let first = self.next_hour;
        let start = self.start_unix + unix_hours(first as i64);
        let mut dry = Vec::with_capacity(hours);
        let mut hum = Vec::with_capacity(hours);
        for i in 0..hours {
            let t_unix = start + unix_hours(i as i64);
            let (doy, hour) = day_of_year_and_hour(t_unix);
            let warm = warming.map_or(0.0, |w| w.offset_c(t_unix));
            let sea = -(omega_year * (doy - preset.coldest_day_of_year)).cos();
            let amplitude = (preset.diurnal_amplitude_c
                + preset.diurnal_amplitude_seasonal_c * sea
                + preset.diurnal_amplitude_sd_c * y)
                .max(0.0);
            let sd = (preset.noise_sd_c + preset.noise_sd_seasonal_c * sea).max(0.1);
            let sd_d =
                (preset.dew_point_noise_sd_c + preset.dew_point_noise_sd_seasonal_c * sea).max(0.1);
            let anomaly = sd * x;
            let diurnal = (omega_day * (hour - preset.warmest_hour_utc)).cos();
            let t = preset.annual_mean_c
                + preset.seasonal_amplitude_c * sea
                + amplitude * diurnal
                + anomaly
                + warm;
            let coupling = preset.dew_point_coupling + preset.dew_point_coupling_seasonal * sea;
            let td = (preset.dew_point_mean_c
                + preset.dew_point_seasonal_amplitude_c * sea
                + coupling * anomaly
                - preset.dew_point_diurnal_amplitude_c * diurnal
                + sd_d * e
                + warm)
                .min(t)
                .min(preset.dew_point_max_c + warm);
            let rh = psychro::relative_humidity_from_dew_point_pct(t, td).clamp(5.0, 100.0);
            dry.push(t.clamp(MIN_PLAUSIBLE_DRY_BULB_C, MAX_PLAUSIBLE_DRY_BULB_C));
            hum.push(rh);
            x = phi * x + innov * normal();
            e = phi_d * e + innov_d * normal();
            y = phi_a * y + innov_a * normal();
        }
        self.states = Some([x, e, y]);
        self.next_hour = first + hours;
        Weather {
            start_unix: start,
            dry_bulb_c: dry,
            relative_humidity_pct: hum,
            elevation_m: preset.elevation_m,
        }
    }
}
