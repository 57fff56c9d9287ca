//! Hourly outdoor weather (dry-bulb and relative humidity) for the cooling models: readers for
//! Open-Meteo JSON and a simple CSV, the Stull wet-bulb formula, and a calibrated synthetic
//! climate generator.

use super::psychro;
use crate::time::{UnixSeconds, civil_from_days, days_from_civil, format_utc, parse_utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::LazyLock;

/// Lowest dry-bulb a reader accepts, °C: below the lowest ever measured on Earth (−89.2 °C,
/// Vostok 1983, WMO archive), so anything lower is a unit or parsing error.
const MIN_PLAUSIBLE_DRY_BULB_C: f64 = -90.0;
/// Highest dry-bulb a reader accepts, °C: above the highest WMO-accepted reading (56.7 °C,
/// Death Valley 1913).
const MAX_PLAUSIBLE_DRY_BULB_C: f64 = 60.0;

/// Hourly weather: one dry-bulb and one relative humidity per UTC hour, contiguous from
/// `start_unix`.
///
/// Like [`HourlySeries`](super::HourlySeries), a finite record repeats cyclically beyond its
/// ends ([`Weather::at_hour`]), so one year serves runs of any length.
#[derive(Clone, Debug, PartialEq)]
pub struct Weather {
    /// UTC instant of the first hour (a whole hour).
    pub start_unix: UnixSeconds,
    /// Dry-bulb temperature, °C, one per hour.
    pub dry_bulb_c: Vec<f64>,
    /// Relative humidity, %, one per hour (same length as `dry_bulb_c`).
    pub relative_humidity_pct: Vec<f64>,
}

impl Weather {
    /// Builds a record after checking it: non-empty, equal lengths, a start on a whole UTC
    /// hour, finite temperatures and humidities within 0–100 %.
    pub fn new(
        start_unix: UnixSeconds,
        dry_bulb_c: Vec<f64>,
        relative_humidity_pct: Vec<f64>,
    ) -> Result<Self, String> {
        if dry_bulb_c.is_empty() {
            return Err("weather: no hours".to_string());
        }
        if dry_bulb_c.len() != relative_humidity_pct.len() {
            return Err(format!(
                "weather: {} dry-bulb values but {} relative humidities; expected the same number",
                dry_bulb_c.len(),
                relative_humidity_pct.len()
            ));
        }
        if start_unix.rem_euclid(3_600) != 0 {
            return Err(format!(
                "weather: start {} is not on a whole UTC hour",
                format_utc(start_unix)
            ));
        }
        for (i, (&t, &rh)) in dry_bulb_c.iter().zip(&relative_humidity_pct).enumerate() {
            let at = format_utc(start_unix + 3_600 * i as i64);
            check_dry_bulb(t).map_err(|e| format!("weather: hour {i} ({at}): {e}"))?;
            check_rh(rh).map_err(|e| format!("weather: hour {i} ({at}): {e}"))?;
        }
        Ok(Weather {
            start_unix,
            dry_bulb_c,
            relative_humidity_pct,
        })
    }

    /// Number of hours.
    pub fn len(&self) -> usize {
        self.dry_bulb_c.len()
    }

    /// True when there are no hours (never the case for a record from [`Weather::new`] or a
    /// reader).
    pub fn is_empty(&self) -> bool {
        self.dry_bulb_c.is_empty()
    }

    /// UTC instant at which the record ends (exclusive).
    pub fn end_unix(&self) -> UnixSeconds {
        self.start_unix + 3_600 * self.len() as i64
    }

    /// Thermodynamic wet-bulb of hour `i`, °C, from the psychrometric balance at standard
    /// pressure ([`psychro::wet_bulb_c`]); within Stull's validity range it differs from
    /// [`wet_bulb_stull`] by < 0.9 K (0.05–0.25 K on average over the three reference files).
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn wet_bulb_c(&self, i: usize) -> f64 {
        psychro::wet_bulb_c(
            self.dry_bulb_c[i],
            self.relative_humidity_pct[i],
            psychro::STANDARD_PRESSURE_PA,
        )
    }

    /// Wet-bulb of every hour, °C.
    pub fn wet_bulb_series(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.wet_bulb_c(i)).collect()
    }

    /// Index of the hour that contains `unix` (cyclic: wraps around both ends).
    ///
    /// # Panics
    /// If the record is empty.
    pub fn index_at(&self, unix: UnixSeconds) -> usize {
        let hours = (unix - self.start_unix).div_euclid(3_600);
        hours.rem_euclid(self.len() as i64) as usize
    }

    /// `(dry-bulb °C, relative humidity %)` during the UTC hour that starts at
    /// `hour_start_unix`, wrapping cyclically like [`HourlySeries`](super::HourlySeries).
    ///
    /// # Panics
    /// If the record is empty.
    pub fn at_hour(&self, hour_start_unix: UnixSeconds) -> (f64, f64) {
        let i = self.index_at(hour_start_unix);
        (self.dry_bulb_c[i], self.relative_humidity_pct[i])
    }

    /// Mean dry-bulb, °C.
    pub fn mean_dry_bulb_c(&self) -> f64 {
        self.dry_bulb_c.iter().sum::<f64>() / self.len() as f64
    }
}

fn check_dry_bulb(t: f64) -> Result<(), String> {
    if !t.is_finite() || !(MIN_PLAUSIBLE_DRY_BULB_C..=MAX_PLAUSIBLE_DRY_BULB_C).contains(&t) {
        return Err(format!(
            "dry-bulb {t} °C is outside {MIN_PLAUSIBLE_DRY_BULB_C}…{MAX_PLAUSIBLE_DRY_BULB_C} °C; expected degrees Celsius"
        ));
    }
    Ok(())
}

fn check_rh(rh: f64) -> Result<(), String> {
    if !rh.is_finite() || !(0.0..=100.0).contains(&rh) {
        return Err(format!(
            "relative humidity {rh} is outside 0…100; expected a percentage"
        ));
    }
    Ok(())
}

pub use super::psychro::wet_bulb_stull;

/// The fields of an Open-Meteo archive response that the reader needs.
#[derive(Deserialize)]
struct OpenMeteoFile {
    utc_offset_seconds: Option<i64>,
    hourly: Option<OpenMeteoHourly>,
}

#[derive(Deserialize)]
struct OpenMeteoHourly {
    time: Option<Vec<String>>,
    temperature_2m: Option<Vec<Option<f64>>>,
    relative_humidity_2m: Option<Vec<Option<f64>>>,
}

/// Reads an Open-Meteo hourly JSON response (the format of `shared/data/weather/*.json`):
/// `hourly.time`, `hourly.temperature_2m` (°C) and `hourly.relative_humidity_2m` (%), with
/// the fixed offset `utc_offset_seconds`.
///
/// Open-Meteo labels every hour with LOCAL wall-clock time at ONE fixed offset for the whole
/// series (no daylight-saving jumps), so UTC = label − `utc_offset_seconds`. Offsets that are
/// not whole hours are rejected (the hours would not align with UTC hours). Errors name the
/// file, the field, the index and the timestamp, and say what was expected.
pub fn read_open_meteo_json(path: &Path) -> Result<Weather, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let parsed: OpenMeteoFile = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| format!("{}: not an Open-Meteo JSON response: {e}", path.display()))?;
    let p = path.display();
    let offset = parsed.utc_offset_seconds.ok_or_else(|| {
        format!("{p}: no `utc_offset_seconds`; expected the fixed offset of the `time` labels")
    })?;
    if offset.rem_euclid(3_600) != 0 {
        return Err(format!(
            "{p}: utc_offset_seconds = {offset} is not a whole number of hours; hourly values would not fall on UTC hours"
        ));
    }
    let hourly = parsed
        .hourly
        .ok_or_else(|| format!("{p}: no `hourly` object"))?;
    let time = hourly
        .time
        .ok_or_else(|| format!("{p}: no `hourly.time` array"))?;
    let temp = hourly
        .temperature_2m
        .ok_or_else(|| format!("{p}: no `hourly.temperature_2m` array"))?;
    let rh = hourly
        .relative_humidity_2m
        .ok_or_else(|| format!("{p}: no `hourly.relative_humidity_2m` array"))?;
    if time.is_empty() {
        return Err(format!("{p}: `hourly.time` is empty"));
    }
    if temp.len() != time.len() || rh.len() != time.len() {
        return Err(format!(
            "{p}: hourly.time has {} entries but temperature_2m has {} and relative_humidity_2m {}; expected equal lengths",
            time.len(),
            temp.len(),
            rh.len()
        ));
    }
    let mut start = 0;
    let mut dry = Vec::with_capacity(time.len());
    let mut hum = Vec::with_capacity(time.len());
    for (i, label) in time.iter().enumerate() {
        let local = parse_utc(label).map_err(|_| {
            format!(
                "{p}: hourly.time[{i}] = `{label}` is not a local timestamp like 2023-01-01T00:00"
            )
        })?;
        let utc = local - offset;
        if i == 0 {
            if utc.rem_euclid(3_600) != 0 {
                return Err(format!(
                    "{p}: hourly.time[0] = `{label}` is not on a whole hour"
                ));
            }
            start = utc;
        } else if utc != start + 3_600 * i as i64 {
            return Err(format!(
                "{p}: hourly.time[{i}] = `{label}` breaks the hourly sequence (expected {} local, i.e. {})",
                local_label(start + 3_600 * i as i64 + offset),
                format_utc(start + 3_600 * i as i64)
            ));
        }
        let t = temp[i].ok_or_else(|| {
            format!("{p}: hourly.temperature_2m[{i}] ({label} local) is null; expected °C")
        })?;
        check_dry_bulb(t)
            .map_err(|e| format!("{p}: hourly.temperature_2m[{i}] ({label} local): {e}"))?;
        let r = rh[i].ok_or_else(|| {
            format!("{p}: hourly.relative_humidity_2m[{i}] ({label} local) is null; expected %")
        })?;
        check_rh(r)
            .map_err(|e| format!("{p}: hourly.relative_humidity_2m[{i}] ({label} local): {e}"))?;
        dry.push(t);
        hum.push(r);
    }
    Ok(Weather {
        start_unix: start,
        dry_bulb_c: dry,
        relative_humidity_pct: hum,
    })
}

/// `YYYY-MM-DDTHH:MM` for a "local" instant (seconds already shifted by the offset).
fn local_label(t: UnixSeconds) -> String {
    let s = format_utc(t);
    s[..16].to_string()
}

/// Reads a weather CSV with the header `time_utc,dry_bulb_c,relative_humidity_pct` (columns in
/// any order; extra columns ignored). Times are UTC, like `2023-01-01 00:00:00` or
/// `2023-01-01T00:00:00Z`; rows must be contiguous hours starting on a whole hour. Errors
/// name the file and line.
pub fn read_weather_csv(path: &Path) -> Result<Weather, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let p = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(std::io::BufReader::new(file));
    let headers = reader
        .headers()
        .map_err(|e| format!("{p}: cannot read the header: {e}"))?
        .clone();
    let column = |name: &str| {
        headers.iter().position(|h| h.trim() == name).ok_or_else(|| {
            format!("{p}: line 1: no `{name}` column; expected the header time_utc,dry_bulb_c,relative_humidity_pct")
        })
    };
    let (time_col, t_col, rh_col) = (
        column("time_utc")?,
        column("dry_bulb_c")?,
        column("relative_humidity_pct")?,
    );
    let mut start = None;
    let mut dry = Vec::with_capacity(8_784);
    let mut hum = Vec::with_capacity(8_784);
    for (i, record) in reader.records().enumerate() {
        let fallback_line = i as u64 + 2;
        let record = record.map_err(|e| format!("{p}: line {fallback_line}: {e}"))?;
        let line = record.position().map_or(fallback_line, |pos| pos.line());
        let stamp = record.get(time_col).unwrap_or("").trim();
        let t = parse_utc(stamp).map_err(|e| format!("{p}: line {line}: time_utc: {e}"))?;
        match start {
            None => {
                if t.rem_euclid(3_600) != 0 {
                    return Err(format!(
                        "{p}: line {line}: first time_utc {stamp} is not on a whole hour"
                    ));
                }
                start = Some(t);
            }
            Some(s) => {
                let expected = s + 3_600 * dry.len() as i64;
                if t != expected {
                    return Err(format!(
                        "{p}: line {line}: time_utc {stamp} breaks the hourly sequence (expected {})",
                        format_utc(expected)
                    ));
                }
            }
        }
        let number = |col: usize, name: &str| -> Result<f64, String> {
            let raw = record.get(col).unwrap_or("").trim();
            raw.parse::<f64>()
                .map_err(|_| format!("{p}: line {line}: {name} `{raw}` is not a number"))
        };
        let tdb = number(t_col, "dry_bulb_c")?;
        check_dry_bulb(tdb).map_err(|e| format!("{p}: line {line}: dry_bulb_c: {e}"))?;
        let rh = number(rh_col, "relative_humidity_pct")?;
        check_rh(rh).map_err(|e| format!("{p}: line {line}: relative_humidity_pct: {e}"))?;
        dry.push(tdb);
        hum.push(rh);
    }
    match start {
        Some(start_unix) => Ok(Weather {
            start_unix,
            dry_bulb_c: dry,
            relative_humidity_pct: hum,
        }),
        None => Err(format!("{p}: no data rows")),
    }
}

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
/// Td    = min(dew_point_mean + dew_point_seasonal_amplitude·sea + dew_point_coupling·σ(t)·x
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
    /// Standard deviation of the dew-point noise not explained by temperature at `sea = 0`, °C.
    pub dew_point_noise_sd_c: f64,
    /// Change of the dew-point noise standard deviation per unit of `sea`, °C.
    pub dew_point_noise_sd_seasonal_c: f64,
    /// Hourly lag-one autocorrelation of the dew-point noise.
    pub dew_point_noise_autocorrelation: f64,
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

/// Presets calibrated on the reference files in `shared/data/weather/` (Open-Meteo, converted
/// to UTC). The harmonic, noise and dew-point parameters are least-squares fits to the hourly
/// record (seasonal + diurnal harmonics with a seasonally modulated diurnal term; noise φ is the
/// lag-one autocorrelation of the residual; noise standard deviations are linear fits of the
/// monthly residual SD on `sea`). `diurnal_amplitude_c` and `diurnal_amplitude_sd_c` were then
/// tuned by simulation (eight synthetic years) so that the mean and the day-to-day SD of the
/// daily half-range match the record, because the noise and the amplitude variation widen the
/// daily range beyond the harmonic's amplitude. The derived figures are quoted per preset.
static PRESETS: LazyLock<Vec<ClimatePreset>> = LazyLock::new(|| {
    vec![
        // San Jose / Santa Clara, CA, 2023 (openmeteo_US-CAL-CISO_2023_hourly.json). Record:
        // mean 14.86 °C, SD 5.96 °C, mean daily half-range 5.33 °C, Tw mean 11.40 °C, RH 69.8 %,
        // 328 h > 27 °C. Harmonic fit: diurnal amplitude 4.51 °C at 22.5 UTC (14.5 PST);
        // residual SD 2.79 °C, φ 0.948 (sea breeze: short memory). Dew point 8.72 ± 3.93 °C,
        // max 17.4 °C, coupling 0.41.
        ClimatePreset {
            name: "US-CAL-CISO".into(),
            annual_mean_c: 14.86,
            seasonal_amplitude_c: 5.79,
            coldest_day_of_year: 41.5,
            diurnal_amplitude_c: 4.30,
            diurnal_amplitude_seasonal_c: 1.73,
            diurnal_amplitude_sd_c: 1.35,
            warmest_hour_utc: 22.54,
            noise_sd_c: 2.76,
            noise_sd_seasonal_c: -0.03,
            noise_autocorrelation: 0.948,
            dew_point_mean_c: 8.72,
            dew_point_seasonal_amplitude_c: 3.93,
            dew_point_max_c: 17.4,
            dew_point_coupling: 0.41,
            dew_point_noise_sd_c: 2.57,
            dew_point_noise_sd_seasonal_c: -0.42,
            dew_point_noise_autocorrelation: 0.954,
        },
        // Frankfurt am Main, 2023 (openmeteo_DE-LU_2023_hourly.json). Record: mean 12.09 °C,
        // SD 7.77 °C, daily half-range 4.10 °C, Tw mean 9.40 °C, RH 74.9 %, 258 h > 27 °C.
        // Harmonic fit: diurnal amplitude 3.27 °C at 14.1 UTC; residual SD 3.58 °C, φ 0.979.
        // Dew point 7.19 ± 6.27 °C, max 23.0 °C, coupling 0.76.
        ClimatePreset {
            name: "DE-LU".into(),
            annual_mean_c: 12.08,
            seasonal_amplitude_c: 9.10,
            coldest_day_of_year: 21.6,
            diurnal_amplitude_c: 2.50,
            diurnal_amplitude_seasonal_c: 1.85,
            diurnal_amplitude_sd_c: 2.30,
            warmest_hour_utc: 14.07,
            noise_sd_c: 3.55,
            noise_sd_seasonal_c: -0.47,
            noise_autocorrelation: 0.979,
            dew_point_mean_c: 7.19,
            dew_point_seasonal_amplitude_c: 6.27,
            dew_point_max_c: 23.0,
            dew_point_coupling: 0.76,
            dew_point_noise_sd_c: 2.75,
            dew_point_noise_sd_seasonal_c: 1.06,
            dew_point_noise_autocorrelation: 0.962,
        },
        // Dallas, TX, 2022 (openmeteo_US-TEX-ERCO_2022_hourly.json). Record: mean 19.85 °C,
        // SD 10.65 °C, daily half-range 5.58 °C, Tw mean 14.51 °C, RH 59.3 %, 2518 h > 27 °C.
        // Harmonic fit: seasonal amplitude 12.56 °C, diurnal 4.33 °C at 21.4 UTC; residual SD
        // 7.5 °C in winter (cold fronts) but 2.3 °C in July, hence the large negative
        // noise_sd_seasonal_c; φ 0.981. Dew point 10.65 ± 10.69 °C, max 27.0 °C, coupling 0.83.
        ClimatePreset {
            name: "US-TEX-ERCO".into(),
            annual_mean_c: 19.84,
            seasonal_amplitude_c: 12.56,
            coldest_day_of_year: 15.8,
            diurnal_amplitude_c: 4.45,
            diurnal_amplitude_seasonal_c: 0.40,
            diurnal_amplitude_sd_c: 1.45,
            warmest_hour_utc: 21.45,
            noise_sd_c: 4.71,
            noise_sd_seasonal_c: -2.29,
            noise_autocorrelation: 0.981,
            dew_point_mean_c: 10.65,
            dew_point_seasonal_amplitude_c: 10.69,
            dew_point_max_c: 27.0,
            dew_point_coupling: 0.83,
            dew_point_noise_sd_c: 4.92,
            dew_point_noise_sd_seasonal_c: -0.16,
            dew_point_noise_autocorrelation: 0.965,
        },
    ]
});

/// The preset named `name` (exact match), if any.
pub fn preset(name: &str) -> Option<&'static ClimatePreset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Names of the built-in presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name.as_str()).collect()
}

/// Fractional day of the year (0 at 1 January 00:00 UTC) and UTC hour of an instant.
fn day_of_year_and_hour(t: UnixSeconds) -> (f64, f64) {
    let days = t.div_euclid(86_400);
    let (year, _, _) = civil_from_days(days);
    let jan1 = days_from_civil(year, 1, 1) * 86_400;
    let seconds_in_year = (t - jan1) as f64;
    (
        seconds_in_year / 86_400.0,
        t.rem_euclid(86_400) as f64 / 3_600.0,
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
    let start = start_unix - start_unix.rem_euclid(3_600);
    let phi = preset.noise_autocorrelation.clamp(0.0, 0.999_999);
    let phi_d = preset.dew_point_noise_autocorrelation.clamp(0.0, 0.999_999);
    let phi_a = DIURNAL_AMPLITUDE_AUTOCORRELATION;
    let (innov, innov_d, innov_a) = (
        (1.0 - phi * phi).sqrt(),
        (1.0 - phi_d * phi_d).sqrt(),
        (1.0 - phi_a * phi_a).sqrt(),
    );
    let mut normal = || -> f64 { rng.sample(StandardNormal) };
    let (mut x, mut e, mut y) = (normal(), normal(), normal());
    let omega_year = 2.0 * std::f64::consts::PI / YEAR_DAYS;
    let omega_day = 2.0 * std::f64::consts::PI / 24.0;
    let mut dry = Vec::with_capacity(hours);
    let mut hum = Vec::with_capacity(hours);
    for i in 0..hours {
        let (doy, hour) = day_of_year_and_hour(start + 3_600 * i as i64);
        let sea = -(omega_year * (doy - preset.coldest_day_of_year)).cos();
        let amplitude = (preset.diurnal_amplitude_c
            + preset.diurnal_amplitude_seasonal_c * sea
            + preset.diurnal_amplitude_sd_c * y)
            .max(0.0);
        let sd = (preset.noise_sd_c + preset.noise_sd_seasonal_c * sea).max(0.1);
        let sd_d =
            (preset.dew_point_noise_sd_c + preset.dew_point_noise_sd_seasonal_c * sea).max(0.1);
        let anomaly = sd * x;
        let t = preset.annual_mean_c
            + preset.seasonal_amplitude_c * sea
            + amplitude * (omega_day * (hour - preset.warmest_hour_utc)).cos()
            + anomaly;
        let td = (preset.dew_point_mean_c
            + preset.dew_point_seasonal_amplitude_c * sea
            + preset.dew_point_coupling * anomaly
            + sd_d * e)
            .min(t)
            .min(preset.dew_point_max_c);
        let rh = psychro::relative_humidity_from_dew_point_pct(t, td).clamp(5.0, 100.0);
        dry.push(t.clamp(MIN_PLAUSIBLE_DRY_BULB_C, MAX_PLAUSIBLE_DRY_BULB_C));
        hum.push(rh);
        x = phi * x + innov * normal();
        e = phi_d * e + innov_d * normal();
        y = phi_a * y + innov_a * normal();
    }
    Weather {
        start_unix: start,
        dry_bulb_c: dry,
        relative_humidity_pct: hum,
    }
}

/// Summary statistics used to compare a synthetic year with a measured one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeatherStats {
    /// Mean dry-bulb, °C.
    pub mean_c: f64,
    /// Population standard deviation of hourly dry-bulb, °C.
    pub sd_c: f64,
    /// Mean over consecutive 24-hour blocks (from the first hour) of half the block's range, °C.
    pub mean_daily_amplitude_c: f64,
    /// Mean wet-bulb ([`Weather::wet_bulb_c`]), °C.
    pub mean_wet_bulb_c: f64,
    /// Mean relative humidity, %.
    pub mean_rh_pct: f64,
    /// Number of hours with dry-bulb above 27 °C.
    pub hours_above_27c: usize,
    /// Highest wet-bulb, °C.
    pub max_wet_bulb_c: f64,
}

impl Weather {
    /// Summary statistics ([`WeatherStats`]).
    pub fn stats(&self) -> WeatherStats {
        let n = self.len() as f64;
        let mean = self.mean_dry_bulb_c();
        let sd = (self
            .dry_bulb_c
            .iter()
            .map(|t| (t - mean).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        let blocks: Vec<f64> = self
            .dry_bulb_c
            .chunks_exact(24)
            .map(|day| {
                let (lo, hi) = day
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &t| {
                        (l.min(t), h.max(t))
                    });
                (hi - lo) / 2.0
            })
            .collect();
        let amplitude = if blocks.is_empty() {
            f64::NAN
        } else {
            blocks.iter().sum::<f64>() / blocks.len() as f64
        };
        let wet = self.wet_bulb_series();
        WeatherStats {
            mean_c: mean,
            sd_c: sd,
            mean_daily_amplitude_c: amplitude,
            mean_wet_bulb_c: wet.iter().sum::<f64>() / n,
            mean_rh_pct: self.relative_humidity_pct.iter().sum::<f64>() / n,
            hours_above_27c: self.dry_bulb_c.iter().filter(|&&t| t > 27.0).count(),
            max_wet_bulb_c: wet.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// Folder of the reference weather files shipped with the crate (`data/weather`, attribution
/// and licence in `data/README.md`), for tests and examples.
pub fn reference_weather_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/weather")
}

/// File name of the reference Open-Meteo file for a preset name.
pub fn reference_file_name(preset_name: &str) -> Option<&'static str> {
    match preset_name {
        "US-CAL-CISO" => Some("openmeteo_US-CAL-CISO_2023_hourly.json"),
        "DE-LU" => Some("openmeteo_DE-LU_2023_hourly.json"),
        "US-TEX-ERCO" => Some("openmeteo_US-TEX-ERCO_2022_hourly.json"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
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
                .contains("same number")
        );
        assert!(
            Weather::new(60, vec![1.0], vec![1.0])
                .unwrap_err()
                .contains("whole UTC hour")
        );
        assert!(
            Weather::new(0, vec![1.0, 99.0], vec![1.0, 2.0])
                .unwrap_err()
                .contains("hour 1")
        );
        assert!(
            Weather::new(0, vec![1.0], vec![101.0])
                .unwrap_err()
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
            let e = read_open_meteo_json(f.path()).unwrap_err();
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
                .contains("whole number of hours")
        );
        let garbage = write("{not json", ".json");
        assert!(
            read_open_meteo_json(garbage.path())
                .unwrap_err()
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
            let e = read_weather_csv(f.path()).unwrap_err();
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
}
