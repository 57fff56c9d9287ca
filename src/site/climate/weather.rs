//! Hourly outdoor weather (dry-bulb and relative humidity) for the cooling models: the
//! [`Weather`] record, its readers for Open-Meteo JSON and a simple CSV, and its summary
//! statistics. The synthetic generator is in [`super::synthetic`].

use super::psychro;
use crate::error::{DataError, DataErrorKind as Kind, find_column, open_csv};
use crate::site::series::HourlySequence;
use crate::time::{SECONDS_PER_HOUR_I64, UnixSeconds, format_utc, parse_utc, unix_hours};
use serde::Deserialize;
use std::path::Path;

/// Lowest dry-bulb a reader accepts, °C: below the lowest ever measured on Earth (−89.2 °C,
/// Vostok 1983, WMO archive), so anything lower is a unit or parsing error.
pub(super) const MIN_PLAUSIBLE_DRY_BULB_C: f64 = -90.0;
/// Highest dry-bulb a reader accepts, °C: above the highest WMO-accepted reading (56.7 °C,
/// Death Valley 1913).
pub(super) const MAX_PLAUSIBLE_DRY_BULB_C: f64 = 60.0;

/// Hourly weather: one dry-bulb and one relative humidity per UTC hour, contiguous from
/// `start_unix`.
///
/// Like [`HourlySeries`](crate::site::HourlySeries), a finite record repeats cyclically beyond its
/// ends ([`Weather::at_hour`]), so one year serves runs of any length.
#[derive(Clone, Debug, PartialEq)]
pub struct Weather {
    /// UTC instant of the first hour (a whole hour).
    pub start_unix: UnixSeconds,
    /// Dry-bulb temperature, °C, one per hour.
    pub dry_bulb_c: Vec<f64>,
    /// Relative humidity, %, one per hour (same length as `dry_bulb_c`).
    pub relative_humidity_pct: Vec<f64>,
    /// Elevation of the station above sea level, m: sets the barometric pressure of every
    /// psychrometric and air-density calculation ([`Weather::pressure_pa`]). 0 unless the
    /// file, the preset or `sites.weather.elevation_m` gives it.
    pub elevation_m: f64,
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
        if start_unix.rem_euclid(SECONDS_PER_HOUR_I64) != 0 {
            return Err(format!(
                "weather: start {} is not on a whole UTC hour",
                format_utc(start_unix)
            ));
        }
        for (i, (&t, &rh)) in dry_bulb_c.iter().zip(&relative_humidity_pct).enumerate() {
            let at = format_utc(start_unix + unix_hours(i as i64));
            check_dry_bulb("dry-bulb", t).map_err(|e| format!("weather: hour {i} ({at}): {e}"))?;
            check_rh("relative humidity", rh)
                .map_err(|e| format!("weather: hour {i} ({at}): {e}"))?;
        }
        Ok(Weather {
            start_unix,
            dry_bulb_c,
            relative_humidity_pct,
            elevation_m: 0.0,
        })
    }

    /// The same record at elevation `elevation_m` (checked by [`psychro::check_elevation_m`]).
    pub fn with_elevation(mut self, elevation_m: f64) -> Result<Self, String> {
        psychro::check_elevation_m(elevation_m).map_err(|e| format!("weather: {e}"))?;
        self.elevation_m = elevation_m;
        Ok(self)
    }

    /// Barometric pressure at the station, Pa: the standard atmosphere at
    /// [`Weather::elevation_m`] ([`psychro::pressure_at_elevation_pa`]).
    pub fn pressure_pa(&self) -> f64 {
        psychro::pressure_at_elevation_pa(self.elevation_m)
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
        self.start_unix + unix_hours(self.len() as i64)
    }

    /// Thermodynamic wet-bulb of hour `i`, °C, from the psychrometric balance at the
    /// station pressure ([`Weather::pressure_pa`], [`psychro::wet_bulb_c`]); within Stull's
    /// validity range (sea level) it differs from [`psychro::wet_bulb_stull`] by < 0.9 K
    /// (0.05–0.25 K on average over the three reference files).
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn wet_bulb_c(&self, i: usize) -> f64 {
        psychro::wet_bulb_c(
            self.dry_bulb_c[i],
            self.relative_humidity_pct[i],
            self.pressure_pa(),
        )
    }

    /// Wet-bulb of every hour, °C.
    pub fn wet_bulb_series(&self) -> Vec<f64> {
        let p = self.pressure_pa();
        (0..self.len())
            .map(|i| psychro::wet_bulb_c(self.dry_bulb_c[i], self.relative_humidity_pct[i], p))
            .collect()
    }

    /// Index of the hour that contains `unix` (cyclic: wraps around both ends).
    ///
    /// # Panics
    /// If the record is empty.
    pub fn index_at(&self, unix: UnixSeconds) -> usize {
        let elapsed_h = (unix - self.start_unix).div_euclid(SECONDS_PER_HOUR_I64);
        elapsed_h.rem_euclid(self.len() as i64) as usize
    }

    /// `(dry-bulb °C, relative humidity %)` during the UTC hour that starts at
    /// `hour_start_unix`, wrapping cyclically like [`HourlySeries`](crate::site::HourlySeries).
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

/// A dry-bulb temperature `t` (named `field` in the message) within the plausible range.
fn check_dry_bulb(field: &str, t: f64) -> Result<(), Kind> {
    if !t.is_finite() || !(MIN_PLAUSIBLE_DRY_BULB_C..=MAX_PLAUSIBLE_DRY_BULB_C).contains(&t) {
        return Err(Kind::OutOfRange {
            field: field.to_string(),
            value: format!("{t} °C"),
            requirement: format!(
                "is outside {MIN_PLAUSIBLE_DRY_BULB_C}…{MAX_PLAUSIBLE_DRY_BULB_C} °C; expected degrees Celsius"
            ),
        });
    }
    Ok(())
}

/// A relative humidity `rh` (named `field` in the message) within 0–100 %.
fn check_rh(field: &str, rh: f64) -> Result<(), Kind> {
    if !rh.is_finite() || !(0.0..=100.0).contains(&rh) {
        return Err(Kind::OutOfRange {
            field: field.to_string(),
            value: rh.to_string(),
            requirement: "is outside 0…100; expected a percentage".into(),
        });
    }
    Ok(())
}

/// The error for a file that cannot be opened.
fn cannot_open(path: &Path, e: std::io::Error) -> DataError {
    DataError::file(
        path,
        Kind::Open {
            reason: e.to_string(),
        },
    )
}

/// The fields of an Open-Meteo archive response that the reader needs.
#[derive(Deserialize)]
struct OpenMeteoFile {
    utc_offset_seconds: Option<i64>,
    elevation: Option<f64>,
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
/// the fixed offset `utc_offset_seconds`, and the station's `elevation` (m; 0 when absent).
///
/// Open-Meteo labels every hour with LOCAL wall-clock time at ONE fixed offset for the whole
/// series (no daylight-saving jumps), so UTC = label − `utc_offset_seconds`. Offsets that are
/// not whole hours are rejected (the hours would not align with UTC hours). Errors name the
/// file, the field, the index and the timestamp, and say what was expected.
pub fn read_open_meteo_json(path: &Path) -> Result<Weather, DataError> {
    let file = std::fs::File::open(path).map_err(|e| cannot_open(path, e))?;
    let bad = |kind| DataError::file(path, kind);
    let missing = |field: &str, expected: &str| {
        bad(Kind::MissingField {
            field: field.to_string(),
            expected: expected.to_string(),
        })
    };
    let parsed: OpenMeteoFile =
        serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| {
            bad(Kind::Malformed {
                reason: format!("not an Open-Meteo JSON response: {e}"),
            })
        })?;
    let offset = parsed.utc_offset_seconds.ok_or_else(|| {
        missing(
            "utc_offset_seconds",
            "the fixed offset of the `time` labels",
        )
    })?;
    if offset.rem_euclid(SECONDS_PER_HOUR_I64) != 0 {
        return Err(bad(Kind::OutOfRange {
            field: "utc_offset_seconds".into(),
            value: offset.to_string(),
            requirement:
                "is not a whole number of hours; hourly values would not fall on UTC hours".into(),
        }));
    }
    let elevation_m = parsed.elevation.unwrap_or(0.0);
    psychro::check_elevation_m(elevation_m).map_err(|e| {
        bad(Kind::Malformed {
            reason: format!("`elevation`: {e}"),
        })
    })?;
    let hourly = parsed
        .hourly
        .ok_or_else(|| missing("hourly", "an object of hourly arrays"))?;
    let time = hourly
        .time
        .ok_or_else(|| missing("hourly.time", "an array of local timestamps"))?;
    let temp = hourly
        .temperature_2m
        .ok_or_else(|| missing("hourly.temperature_2m", "an array of °C"))?;
    let rh = hourly
        .relative_humidity_2m
        .ok_or_else(|| missing("hourly.relative_humidity_2m", "an array of %"))?;
    if time.is_empty() {
        return Err(bad(Kind::Empty {
            field: "hourly.time".into(),
        }));
    }
    if temp.len() != time.len() || rh.len() != time.len() {
        return Err(bad(Kind::UnequalLengths {
            lengths: format!(
                "hourly.time has {} entries but temperature_2m has {} and relative_humidity_2m {}",
                time.len(),
                temp.len(),
                rh.len()
            ),
        }));
    }
    let mut start = 0;
    let mut dry = Vec::with_capacity(time.len());
    let mut hum = Vec::with_capacity(time.len());
    for (i, label) in time.iter().enumerate() {
        let local = parse_utc(label).map_err(|_| {
            bad(Kind::BadTimestamp {
                field: format!("hourly.time[{i}] ="),
                reason: format!("`{label}` is not a local timestamp like 2023-01-01T00:00"),
            })
        })?;
        let utc = local - offset;
        let expected = start + unix_hours(i as i64);
        if i == 0 {
            if utc.rem_euclid(SECONDS_PER_HOUR_I64) != 0 {
                return Err(bad(Kind::NotOnWholeHour {
                    field: "hourly.time[0] =".into(),
                    stamp: format!("`{label}`"),
                }));
            }
            start = utc;
        } else if utc != expected {
            return Err(bad(Kind::BrokenSequence {
                field: format!("hourly.time[{i}] ="),
                stamp: format!("`{label}`"),
                expected: format!(
                    "{} local, i.e. {}",
                    local_label(expected + offset),
                    format_utc(expected)
                ),
            }));
        }
        let t = temp[i].ok_or_else(|| {
            bad(Kind::Null {
                field: format!("hourly.temperature_2m[{i}] ({label} local)"),
                expected: "°C".into(),
            })
        })?;
        check_dry_bulb(
            &format!("hourly.temperature_2m[{i}] ({label} local): dry-bulb"),
            t,
        )
        .map_err(bad)?;
        let r = rh[i].ok_or_else(|| {
            bad(Kind::Null {
                field: format!("hourly.relative_humidity_2m[{i}] ({label} local)"),
                expected: "%".into(),
            })
        })?;
        check_rh(
            &format!("hourly.relative_humidity_2m[{i}] ({label} local): relative humidity"),
            r,
        )
        .map_err(bad)?;
        dry.push(t);
        hum.push(r);
    }
    Ok(Weather {
        start_unix: start,
        dry_bulb_c: dry,
        relative_humidity_pct: hum,
        elevation_m,
    })
}

/// `YYYY-MM-DDTHH:MM` for a "local" instant (seconds already shifted by the offset).
fn local_label(t: UnixSeconds) -> String {
    let s = format_utc(t);
    s[..16].to_string()
}

/// Reads a weather CSV with the header `time_utc,dry_bulb_c,relative_humidity_pct` (columns in
/// any order; extra columns ignored). A CSV carries no elevation: give
/// `sites.weather.elevation_m` for a site above sea level. Times are UTC, like `2023-01-01 00:00:00` or
/// `2023-01-01T00:00:00Z`; rows must be contiguous hours starting on a whole hour. Errors
/// name the file and line.
pub fn read_weather_csv(path: &Path) -> Result<Weather, DataError> {
    let (mut reader, headers) = open_csv(path)?;
    let column = |name: &str| {
        find_column(
            path,
            &headers,
            name,
            |h| h == name,
            " (expected time_utc,dry_bulb_c,relative_humidity_pct)",
        )
    };
    let (time_col, t_col, rh_col) = (
        column("time_utc")?,
        column("dry_bulb_c")?,
        column("relative_humidity_pct")?,
    );
    let mut hours = HourlySequence::new("time_utc");
    let mut dry = Vec::with_capacity(8_784);
    let mut hum = Vec::with_capacity(8_784);
    for (i, record) in reader.records().enumerate() {
        let fallback_line = i as u64 + 2;
        let record = record.map_err(|e| {
            DataError::at(
                path,
                fallback_line as usize,
                Kind::Malformed {
                    reason: e.to_string(),
                },
            )
        })?;
        let line = record.position().map_or(fallback_line, |pos| pos.line()) as usize;
        let at = |kind| DataError::at(path, line, kind);
        hours
            .next(record.get(time_col).unwrap_or("").trim())
            .map_err(at)?;
        let number = |col: usize, name: &str| -> Result<f64, DataError> {
            let raw = record.get(col).unwrap_or("").trim();
            raw.parse::<f64>().map_err(|_| {
                at(Kind::NotANumber {
                    field: name.to_string(),
                    raw: raw.to_string(),
                    expected: String::new(),
                })
            })
        };
        let tdb = number(t_col, "dry_bulb_c")?;
        check_dry_bulb("dry_bulb_c: dry-bulb", tdb).map_err(at)?;
        let rh = number(rh_col, "relative_humidity_pct")?;
        check_rh("relative_humidity_pct: relative humidity", rh).map_err(at)?;
        dry.push(tdb);
        hum.push(rh);
    }
    match hours.start() {
        Some(start_unix) => Ok(Weather {
            start_unix,
            dry_bulb_c: dry,
            relative_humidity_pct: hum,
            elevation_m: 0.0,
        }),
        None => Err(DataError::file(path, Kind::NoRows)),
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
