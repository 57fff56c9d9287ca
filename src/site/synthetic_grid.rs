//! A synthetic hourly grid: installed capacities, weather-driven solar and wind, must-run
//! plants, a demand shape and a merit-order dispatch, producing an hourly generation
//! [`Mix`] and hence carbon intensity (any emission set) and off-site water intensity (any
//! water set).
//!
//! Model, for each UTC hour `t` (evaluated at the middle of the hour):
//!
//! * demand `D(t) = D̄ · S_D(doy) · H_D(h_local) · W(weekday) · max(0.05, 1 + ε_D(t))`, with
//!   `S` an annual + semi-annual harmonic, `H` a daily + half-daily harmonic in local
//!   (standard) time, `W` a weekend factor and `ε_D` an hourly AR(1) (weather);
//! * solar `P_S(t) = P̂ · g(sin e(t)) · k(day)`: `e` the sun elevation (Cooper declination,
//!   hour angle from longitude), `g` the Haurwitz clear-sky shape, `k` a daily clearness
//!   index (seasonal mean + AR(1) day to day, clipped to [0.05, 1]);
//! * wind `P_W(t) = C · min(1, σ_L(μ + s·z(t)) · S_W(doy) · H_W(h_local))`: `z` an hourly
//!   AR(1) with unit variance on the logit scale, `σ_L` the logistic function and `μ`
//!   solved so that `E[σ_L(μ + s·Z)]` equals the preset's mean capacity factor;
//! * must-run plants (nuclear, run-of-river hydro, biomass, geothermal…) at a seasonal mean;
//!   imports at a seasonal and daily shape, split into sources by a fixed blend;
//!   dispatchable units at their minimum (must-run) output;
//! * residual `R = D − Σ above`; a surplus up to the export capacity is exported, beyond it
//!   solar then wind are curtailed; flexible hydro takes a daily energy budget and shaves
//!   the highest residuals of each local day (water-filling); flexible imports take a fixed
//!   share of what remains; the dispatchable units fill the rest in merit order up to their
//!   capacity; demand beyond every capacity is unserved (load shedding);
//! * if supply exceeds demand (exports), every source is scaled down to the demand: the
//!   mix is a consumption mix, so exports carry the zone's own mix and leave the intensity
//!   unchanged.
//!
//! Presets are calibrated against the Electricity Maps 2023 hourly files and the EIA-930
//! ERCOT file (see [`preset`] and `docs/models-grid.md`).

use super::genmix::{
    ELECTRICITY_MAPS_DIRECT, ELECTRICITY_MAPS_LIFECYCLE, EmissionFactors, Mix, Source, WaterFactors,
};
use super::series::HourlySeries;
use crate::time::{UnixSeconds, civil_from_days, days_from_civil};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use std::f64::consts::PI;
use std::sync::Arc;

/// Mean length of a year in days (Gregorian), the period of the seasonal harmonics.
pub const DAYS_PER_YEAR: f64 = 365.2425;

/// A seasonal multiplier: `1 + a1·cos(2π(d − p1)/Y) + a2·cos(4π(d − p2)/Y)`, `d` the day of
/// the year (0 = 1 January 00:00 UTC), `Y` = [`DAYS_PER_YEAR`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seasonal {
    /// Relative amplitude of the annual harmonic.
    pub amp1: f64,
    /// Day of the year of the annual maximum.
    pub peak1_doy: f64,
    /// Relative amplitude of the semi-annual harmonic (two peaks, six months apart).
    pub amp2: f64,
    /// Day of the year of one semi-annual maximum.
    pub peak2_doy: f64,
}

impl Seasonal {
    /// No seasonal variation.
    pub const FLAT: Seasonal = Seasonal {
        amp1: 0.0,
        peak1_doy: 0.0,
        amp2: 0.0,
        peak2_doy: 0.0,
    };

    /// An annual harmonic only.
    pub const fn annual(amp: f64, peak_doy: f64) -> Seasonal {
        Seasonal {
            amp1: amp,
            peak1_doy: peak_doy,
            amp2: 0.0,
            peak2_doy: 0.0,
        }
    }

    /// The multiplier on day of the year `doy`.
    pub fn factor(&self, doy: f64) -> f64 {
        let w = 2.0 * PI / DAYS_PER_YEAR;
        1.0 + self.amp1 * (w * (doy - self.peak1_doy)).cos()
            + self.amp2 * (2.0 * w * (doy - self.peak2_doy)).cos()
    }
}

/// A daily multiplier in local (standard) time: `1 + a1·cos(2π(h − p1)/24) +
/// a2·cos(4π(h − p2)/24)`, `h` the local hour (fractional).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Daily {
    /// Relative amplitude of the daily harmonic.
    pub amp1: f64,
    /// Local hour of the daily maximum.
    pub peak1_hour: f64,
    /// Relative amplitude of the half-daily harmonic (two peaks, 12 h apart).
    pub amp2: f64,
    /// Local hour of one half-daily maximum.
    pub peak2_hour: f64,
}

impl Daily {
    /// No daily variation.
    pub const FLAT: Daily = Daily {
        amp1: 0.0,
        peak1_hour: 0.0,
        amp2: 0.0,
        peak2_hour: 0.0,
    };

    /// The multiplier at local hour `hour`.
    pub fn factor(&self, hour: f64) -> f64 {
        let w = 2.0 * PI / 24.0;
        1.0 + self.amp1 * (w * (hour - self.peak1_hour)).cos()
            + self.amp2 * (2.0 * w * (hour - self.peak2_hour)).cos()
    }
}

/// Consumption to be served, MW.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    /// Mean demand before the weekend factor and noise, MW.
    pub mean_mw: f64,
    /// Seasonal shape.
    pub seasonal: Seasonal,
    /// Daily shape (local time).
    pub daily: Daily,
    /// Multiplier on Saturdays and Sundays (local time).
    pub weekend_factor: f64,
    /// Standard deviation of the relative hourly noise (weather), stationary; the factor
    /// `1 + ε` is floored at 0.05.
    pub noise_sd: f64,
    /// Hour-to-hour autocorrelation of the noise.
    pub noise_phi: f64,
}

/// Solar photovoltaic fleet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Solar {
    /// Output with a clear sky and the sun at the zenith, MW (≈ 0.8 × AC capacity).
    pub peak_mw: f64,
    /// Mean daily clearness index (1 = clear sky).
    pub clearness_mean: f64,
    /// Seasonal shape of the mean clearness.
    pub clearness_seasonal: Seasonal,
    /// Standard deviation of the daily clearness around its seasonal mean.
    pub clearness_sd: f64,
    /// Day-to-day autocorrelation of the clearness.
    pub clearness_phi: f64,
}

/// Wind fleet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wind {
    /// Installed capacity, MW.
    pub capacity_mw: f64,
    /// Mean capacity factor before the seasonal and daily shapes.
    pub mean_cf: f64,
    /// Standard deviation of the latent process on the logit scale.
    pub logit_sd: f64,
    /// Hour-to-hour autocorrelation of the latent process.
    pub phi: f64,
    /// Seasonal shape (multiplies the capacity factor).
    pub seasonal: Seasonal,
    /// Daily shape, local time (multiplies the capacity factor).
    pub daily: Daily,
}

/// A must-run plant class at a seasonal mean output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MustRun {
    /// The source.
    pub source: Source,
    /// Mean output, MW.
    pub mean_mw: f64,
    /// Seasonal shape.
    pub seasonal: Seasonal,
}

/// Reservoir hydro dispatched against the residual: a daily energy budget placed on the
/// highest residual hours of each local day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HydroFlex {
    /// Mean output (daily budget / 24), MW.
    pub mean_mw: f64,
    /// Seasonal shape of the budget.
    pub seasonal: Seasonal,
    /// Maximum output, MW.
    pub max_mw: f64,
}

/// Imports counted as consumption (Electricity Maps traces them): a shaped flow split
/// into sources by a fixed blend standing for the neighbours' mix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Imports {
    /// Mean flow, MW.
    pub mean_mw: f64,
    /// Seasonal shape.
    pub seasonal: Seasonal,
    /// Daily shape, local time.
    pub daily: Daily,
    /// Share of each source in the imported energy; shares sum to 1.
    pub blend: &'static [(Source, f64)],
    /// Fraction of the residual left after flexible hydro that is imported on top of the
    /// shaped flow (market coupling: neighbours supply part of every marginal MW).
    pub flexible_share: f64,
    /// Cap on the flexible imports, MW.
    pub flexible_max_mw: f64,
    /// Export capacity, MW: a must-run surplus up to this is exported (carrying the zone's
    /// mix, so the intensity is unchanged); beyond it solar, then wind, are curtailed.
    pub export_max_mw: f64,
}

/// A dispatchable fleet in the merit order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dispatchable {
    /// The source.
    pub source: Source,
    /// Must-run minimum output (e.g. CHP, lignite baseload), MW.
    pub min_mw: f64,
    /// Available capacity, MW.
    pub max_mw: f64,
}

/// Figures of a preset's calibration: statistics ([`SeriesStats`]: mean, daily-profile
/// amplitude by UTC hour, hourly standard deviation, in gCO2e/kWh) of the reference series
/// and of the synthetic series for the same year, seed 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CalibrationFigures {
    /// Reference file in `shared/data/grid/` and its column.
    pub reference: &'static str,
    /// Calendar year of the reference (the synthetic year starts on its 1 January UTC).
    pub year: i32,
    /// Emission factor set used for the synthetic series.
    pub factors: &'static str,
    /// Reference: mean, daily amplitude, sd.
    pub real: [f64; 3],
    /// Synthetic, seed 1: mean, daily amplitude, sd.
    pub synthetic: [f64; 3],
    /// Direct-emission (reference, synthetic) figures, where the reference has a direct
    /// column.
    pub direct: Option<([f64; 3], [f64; 3])>,
}

/// A region's synthetic-grid parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegionPreset {
    /// Zone name (Electricity Maps zone id).
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// Offset of local standard time from UTC, hours (no daylight saving).
    pub utc_offset_hours: f64,
    /// Latitude of the solar fleet's centre, degrees north.
    pub latitude_deg: f64,
    /// Longitude of the solar fleet's centre, degrees east.
    pub longitude_deg: f64,
    /// Demand.
    pub demand: Demand,
    /// Solar fleet.
    pub solar: Solar,
    /// Wind fleet.
    pub wind: Wind,
    /// Must-run classes.
    pub must_run: &'static [MustRun],
    /// Flexible (reservoir) hydro.
    pub hydro_flex: HydroFlex,
    /// Imports.
    pub imports: Imports,
    /// Dispatchable fleets, cheapest first.
    pub merit_order: &'static [Dispatchable],
    /// Zone-specific lifecycle factors replacing Electricity Maps' defaults, as Electricity
    /// Maps itself does (`config/zones/<zone>.yaml`).
    pub lifecycle_overrides: &'static [(Source, f64)],
    /// Zone-specific direct factors.
    pub direct_overrides: &'static [(Source, f64)],
    /// Calibration figures (documentation; checked by the tests).
    pub calibration: CalibrationFigures,
}

impl RegionPreset {
    /// Electricity Maps default lifecycle factors with this zone's overrides.
    pub fn lifecycle_factors(&self) -> EmissionFactors {
        self.lifecycle_overrides
            .iter()
            .fold(ELECTRICITY_MAPS_LIFECYCLE, |f, (s, v)| f.with(*s, *v))
    }

    /// Electricity Maps default direct factors with this zone's overrides.
    pub fn direct_factors(&self) -> EmissionFactors {
        self.direct_overrides
            .iter()
            .fold(ELECTRICITY_MAPS_DIRECT, |f, (s, v)| f.with(*s, *v))
    }

    /// Hourly lifecycle carbon intensity of `mixes`, gCO2e/kWh ([`Self::lifecycle_factors`]).
    pub fn lifecycle_ci(&self, mixes: &[Mix]) -> Vec<f64> {
        ci_series(mixes, &self.lifecycle_factors())
    }

    /// Hourly direct carbon intensity of `mixes`, gCO2e/kWh ([`Self::direct_factors`]).
    pub fn direct_ci(&self, mixes: &[Mix]) -> Vec<f64> {
        ci_series(mixes, &self.direct_factors())
    }

    /// Checks the parameters: finite, non-negative, probabilities in range, blend summing
    /// to 1. Errors name the preset and the field.
    pub fn validate(&self) -> Result<(), String> {
        let name = self.name;
        let check = |field: &str, v: f64, lo: f64, hi: f64| -> Result<(), String> {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(format!(
                    "preset {name}: {field} = {v} must be within [{lo}, {hi}]"
                ))
            }
        };
        let d = &self.demand;
        check("demand.mean_mw", d.mean_mw, f64::MIN_POSITIVE, f64::MAX)?;
        check("demand.weekend_factor", d.weekend_factor, 0.0, 2.0)?;
        check("demand.noise_sd", d.noise_sd, 0.0, 0.5)?;
        check("demand.noise_phi", d.noise_phi, 0.0, 0.9999)?;
        check("utc_offset_hours", self.utc_offset_hours, -14.0, 14.0)?;
        check("latitude_deg", self.latitude_deg, -90.0, 90.0)?;
        check("longitude_deg", self.longitude_deg, -180.0, 180.0)?;
        let s = &self.solar;
        check("solar.peak_mw", s.peak_mw, 0.0, f64::MAX)?;
        check("solar.clearness_mean", s.clearness_mean, 0.0, 1.0)?;
        check("solar.clearness_sd", s.clearness_sd, 0.0, 1.0)?;
        check("solar.clearness_phi", s.clearness_phi, 0.0, 0.9999)?;
        let w = &self.wind;
        check("wind.capacity_mw", w.capacity_mw, 0.0, f64::MAX)?;
        check("wind.mean_cf", w.mean_cf, 0.001, 0.999)?;
        check("wind.logit_sd", w.logit_sd, 0.0, 5.0)?;
        check("wind.phi", w.phi, 0.0, 0.9999)?;
        for m in self.must_run {
            check(
                &format!("must_run.{}.mean_mw", m.source.name()),
                m.mean_mw,
                0.0,
                f64::MAX,
            )?;
        }
        check("hydro_flex.mean_mw", self.hydro_flex.mean_mw, 0.0, f64::MAX)?;
        check("hydro_flex.max_mw", self.hydro_flex.max_mw, 0.0, f64::MAX)?;
        check("imports.mean_mw", self.imports.mean_mw, 0.0, f64::MAX)?;
        check(
            "imports.flexible_share",
            self.imports.flexible_share,
            0.0,
            1.0,
        )?;
        check(
            "imports.flexible_max_mw",
            self.imports.flexible_max_mw,
            0.0,
            f64::MAX,
        )?;
        check(
            "imports.export_max_mw",
            self.imports.export_max_mw,
            0.0,
            f64::MAX,
        )?;
        let blend: f64 = self.imports.blend.iter().map(|(_, v)| v).sum();
        let imports_used = self.imports.mean_mw > 0.0
            || self.imports.flexible_share * self.imports.flexible_max_mw > 0.0;
        if imports_used && (blend - 1.0).abs() > 1e-9 {
            return Err(format!(
                "preset {name}: imports.blend sums to {blend}, expected 1"
            ));
        }
        for (_, v) in self.imports.blend {
            check("imports.blend share", *v, 0.0, 1.0)?;
        }
        for u in self.merit_order {
            check(
                &format!("merit_order.{}.min_mw", u.source.name()),
                u.min_mw,
                0.0,
                u.max_mw,
            )?;
        }
        for (s, v) in self.lifecycle_overrides.iter().chain(self.direct_overrides) {
            check(&format!("factor override {}", s.name()), *v, 0.0, 5_000.0)?;
        }
        // Every shape must stay positive.
        for k in 0..=365 {
            let doy = k as f64;
            for (field, f) in [
                ("demand.seasonal", d.seasonal.factor(doy)),
                ("wind.seasonal", w.seasonal.factor(doy)),
                ("solar.clearness_seasonal", s.clearness_seasonal.factor(doy)),
                ("hydro_flex.seasonal", self.hydro_flex.seasonal.factor(doy)),
                ("imports.seasonal", self.imports.seasonal.factor(doy)),
            ] {
                if f < 0.0 {
                    return Err(format!("preset {name}: {field} is negative on day {k}"));
                }
            }
        }
        for h in 0..24 {
            let hour = h as f64;
            for (field, f) in [
                ("demand.daily", d.daily.factor(hour)),
                ("wind.daily", w.daily.factor(hour)),
                ("imports.daily", self.imports.daily.factor(hour)),
            ] {
                if f < 0.0 {
                    return Err(format!("preset {name}: {field} is negative at hour {h}"));
                }
            }
        }
        Ok(())
    }
}

/// Hourly carbon intensity of `mixes`, gCO2e/kWh.
pub fn ci_series(mixes: &[Mix], factors: &EmissionFactors) -> Vec<f64> {
    mixes.iter().map(|m| m.ci_g_per_kwh(factors)).collect()
}

/// Hourly off-site water intensity of `mixes`, L/kWh.
pub fn ewif_series(mixes: &[Mix], factors: &WaterFactors) -> Vec<f64> {
    mixes.iter().map(|m| m.ewif_l_per_kwh(factors)).collect()
}

/// Wraps hourly values starting at `start_unix` as an [`HourlySeries`] (`values` must not
/// be empty).
pub fn hourly(start_unix: UnixSeconds, values: Vec<f64>) -> HourlySeries {
    HourlySeries::Table {
        start_unix,
        values: Arc::new(values),
    }
}

/// Calibration statistics of an hourly series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeriesStats {
    /// Mean.
    pub mean: f64,
    /// Amplitude of the mean daily profile: max − min of the 24 means by UTC hour of day.
    pub daily_amplitude: f64,
    /// Standard deviation of the hourly values (population).
    pub sd: f64,
}

/// Mean, daily-profile amplitude (by UTC hour) and standard deviation of hourly `values`
/// starting at `start_unix`.
pub fn series_stats(values: &[f64], start_unix: UnixSeconds) -> SeriesStats {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    let mut sum = [0.0; 24];
    let mut count = [0usize; 24];
    for (i, v) in values.iter().enumerate() {
        let h = ((start_unix + 3_600 * i as i64).rem_euclid(86_400) / 3_600) as usize;
        sum[h] += v;
        count[h] += 1;
    }
    let profile: Vec<f64> = sum
        .iter()
        .zip(count)
        .filter(|(_, c)| *c > 0)
        .map(|(s, c)| s / c as f64)
        .collect();
    let max = profile.iter().copied().fold(f64::MIN, f64::max);
    let min = profile.iter().copied().fold(f64::MAX, f64::min);
    SeriesStats {
        mean,
        daily_amplitude: max - min,
        sd,
    }
}

/// The Haurwitz clear-sky constant: `GHI = 1098·cos z·exp(−0.059/cos z)` W/m² (Haurwitz
/// 1945; as implemented in pvlib `clearsky.haurwitz`, after Reno, Hansen & Stein 2012,
/// Sandia SAND2012-2389).
pub const HAURWITZ_B: f64 = 0.059;

/// Earth's obliquity used in Cooper's (1969) declination formula, degrees:
/// `δ = 23.45°·sin(360°·(284 + n)/365)`.
pub const COOPER_OBLIQUITY_DEG: f64 = 23.45;

/// Sine of the sun's elevation at `unix` (UTC) seen from `(lat, lon)` degrees: Cooper's
/// declination and the hour angle of mean solar time (the equation of time, ±16 min, is
/// neglected).
pub fn sin_sun_elevation(lat_deg: f64, lon_deg: f64, unix: f64) -> f64 {
    let day = (unix / 86_400.0).floor();
    let (year, _, _) = civil_from_days(day as i64);
    let n = day - days_from_civil(year, 1, 1) as f64 + 1.0;
    let decl = (COOPER_OBLIQUITY_DEG * (2.0 * PI * (284.0 + n) / 365.0).sin()).to_radians();
    let utc_hours = (unix / 3_600.0).rem_euclid(24.0);
    let solar_hours = utc_hours + lon_deg / 15.0;
    let omega = (15.0 * (solar_hours - 12.0)).to_radians();
    let lat = lat_deg.to_radians();
    lat.sin() * decl.sin() + lat.cos() * decl.cos() * omega.cos()
}

/// Clear-sky output relative to the sun at the zenith: the Haurwitz shape
/// `sin e·exp(−b/sin e) / exp(−b)`, 0 below the horizon.
pub fn clear_sky_shape(sin_elevation: f64) -> f64 {
    if sin_elevation <= 0.0 {
        0.0
    } else {
        sin_elevation * (-HAURWITZ_B / sin_elevation).exp() / (-HAURWITZ_B).exp()
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// `μ` such that `E[logistic(μ + s·Z)] = mean_cf`, `Z` standard normal (midpoint
/// quadrature on [−8, 8], bisection).
fn logit_location(mean_cf: f64, s: f64) -> f64 {
    let expect = |mu: f64| {
        let steps = 800;
        let dz = 16.0 / steps as f64;
        (0..steps)
            .map(|i| {
                let z = -8.0 + (i as f64 + 0.5) * dz;
                logistic(mu + s * z) * (-0.5 * z * z).exp() * dz
            })
            .sum::<f64>()
            / (2.0 * PI).sqrt()
    };
    let (mut lo, mut hi) = (-30.0, 30.0);
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if expect(mid) < mean_cf {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Day of the year (0 = 1 January 00:00 UTC, fractional) of `unix`.
fn day_of_year(unix: f64) -> f64 {
    let day = (unix / 86_400.0).floor();
    let (year, _, _) = civil_from_days(day as i64);
    unix / 86_400.0 - days_from_civil(year, 1, 1) as f64
}

/// Water-filling: `x_h = clamp(r_h − L, 0, cap)` with `Σ x_h = budget` (or as much as the
/// positive residuals allow, never pushing a residual below 0).
fn water_fill(residual: &[f64], budget: f64, cap: f64) -> Vec<f64> {
    let alloc = |level: f64| -> Vec<f64> {
        residual
            .iter()
            .map(|r| (r - level).clamp(0.0, cap))
            .collect()
    };
    let full = alloc(0.0);
    if budget <= 0.0 || cap <= 0.0 {
        return vec![0.0; residual.len()];
    }
    if full.iter().sum::<f64>() <= budget {
        return full;
    }
    let (mut lo, mut hi) = (0.0, residual.iter().copied().fold(0.0, f64::max));
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if alloc(mid).iter().sum::<f64>() > budget {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    alloc(hi)
}

/// Generates `hours` hourly mixes (consumption by source, MWh per hour) from the UTC hour
/// starting at `start_unix`. Deterministic for a given generator state.
///
/// Random draws, in order: the initial wind, demand and clearness states (from their
/// stationary distributions); then for every later hour the wind innovation, the demand
/// innovation and, when the hour starts a new local day, the clearness innovation.
/// Call [`RegionPreset::validate`] first on a preset you built yourself.
pub fn generate(
    preset: &RegionPreset,
    start_unix: i64,
    hours: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<Mix> {
    let p = preset;
    let offset_s = p.utc_offset_hours * 3_600.0;
    let mu = logit_location(p.wind.mean_cf, p.wind.logit_sd);
    let mut z_wind: f64 = rng.sample(StandardNormal);
    let mut e_demand: f64 = rng.sample::<f64, _>(StandardNormal) * p.demand.noise_sd;
    let mut k_dev: f64 = rng.sample::<f64, _>(StandardNormal) * p.solar.clearness_sd;
    let innov = |phi: f64| (1.0 - phi * phi).max(0.0).sqrt();

    let mut demand = Vec::with_capacity(hours);
    let mut base = Vec::with_capacity(hours); // must-run, imports, VRE, thermal minimums
    let mut day_of = Vec::with_capacity(hours);
    let mut flex_budget = Vec::with_capacity(hours);
    let mut last_day = None;
    for i in 0..hours {
        let mid = start_unix as f64 + 3_600.0 * i as f64 + 1_800.0;
        let local = mid + offset_s;
        let local_day = (local / 86_400.0).floor() as i64;
        let local_hour = (local / 3_600.0).rem_euclid(24.0);
        let doy = day_of_year(mid);
        if i > 0 {
            z_wind = p.wind.phi * z_wind + innov(p.wind.phi) * rng.sample::<f64, _>(StandardNormal);
            e_demand = p.demand.noise_phi * e_demand
                + innov(p.demand.noise_phi)
                    * p.demand.noise_sd
                    * rng.sample::<f64, _>(StandardNormal);
        }
        if last_day.is_some_and(|d| d != local_day) {
            k_dev = p.solar.clearness_phi * k_dev
                + innov(p.solar.clearness_phi)
                    * p.solar.clearness_sd
                    * rng.sample::<f64, _>(StandardNormal);
        }
        last_day = Some(local_day);
        // 1970-01-01 was a Thursday: weekday 0 = Monday.
        let weekday = (local_day + 3).rem_euclid(7);
        let weekend = if weekday >= 5 {
            p.demand.weekend_factor
        } else {
            1.0
        };
        let d = p.demand.mean_mw
            * p.demand.seasonal.factor(doy)
            * p.demand.daily.factor(local_hour)
            * weekend
            * (1.0 + e_demand).max(0.05);

        let mut mix = Mix::default();
        let clearness = (p.solar.clearness_mean * p.solar.clearness_seasonal.factor(doy) + k_dev)
            .clamp(0.05, 1.0);
        let sin_e = sin_sun_elevation(p.latitude_deg, p.longitude_deg, mid);
        mix.add(
            Source::Solar,
            p.solar.peak_mw * clear_sky_shape(sin_e) * clearness,
        );
        let cf = (logistic(mu + p.wind.logit_sd * z_wind)
            * p.wind.seasonal.factor(doy)
            * p.wind.daily.factor(local_hour))
        .clamp(0.0, 1.0);
        mix.add(Source::Wind, p.wind.capacity_mw * cf);
        for m in p.must_run {
            mix.add(m.source, m.mean_mw * m.seasonal.factor(doy));
        }
        let imports =
            p.imports.mean_mw * p.imports.seasonal.factor(doy) * p.imports.daily.factor(local_hour);
        for (s, share) in p.imports.blend {
            mix.add(*s, imports * share);
        }
        for u in p.merit_order {
            mix.add(u.source, u.min_mw);
        }
        demand.push(d);
        base.push(mix);
        day_of.push(local_day);
        flex_budget.push(p.hydro_flex.mean_mw * p.hydro_flex.seasonal.factor(doy));
    }

    // Curtailment, then flexible hydro per local day, then merit order.
    let mut out = Vec::with_capacity(hours);
    let mut start = 0;
    while start < hours {
        let mut end = start;
        while end < hours && day_of[end] == day_of[start] {
            end += 1;
        }
        let mut residual = Vec::with_capacity(end - start);
        for i in start..end {
            let mix = &mut base[i];
            let mut r = demand[i] - mix.total();
            let mut excess = -r - p.imports.export_max_mw;
            for s in [Source::Solar, Source::Wind] {
                if excess > 0.0 {
                    let cut = excess.min(mix.get(s));
                    mix.add(s, -cut);
                    excess -= cut;
                    r += cut;
                }
            }
            residual.push(r);
        }
        let budget: f64 = flex_budget[start..end].iter().sum();
        let flex = water_fill(&residual, budget, p.hydro_flex.max_mw);
        for (k, i) in (start..end).enumerate() {
            let mut mix = base[i];
            mix.add(Source::Hydro, flex[k]);
            let mut r = residual[k] - flex[k];
            if r > 0.0 {
                let imported = (r * p.imports.flexible_share).min(p.imports.flexible_max_mw);
                for (s, share) in p.imports.blend {
                    mix.add(*s, imported * share);
                }
                r -= imported;
            }
            for u in p.merit_order {
                if r <= 0.0 {
                    break;
                }
                let add = r.min(u.max_mw - u.min_mw);
                mix.add(u.source, add);
                r -= add;
            }
            let total = mix.total();
            if total > demand[i] && total > 0.0 {
                mix = mix.scaled(demand[i] / total);
            }
            out.push(mix);
        }
        start = end;
    }
    out
}

/// Decarbonisation trend applied to a carbon-intensity series: the intensity of calendar
/// year `y` (UTC) is multiplied by `annual_factor^(y − base_year)`.
///
/// `annual_factor` is the ratio of one year's intensity to the previous year's (e.g. 0.95
/// for −5 %/year); years before `base_year` get factors above 1 when `annual_factor < 1`.
/// The step happens at 1 January 00:00 UTC.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decarbonization {
    /// Year whose intensity is unchanged.
    pub base_year: i32,
    /// Year-on-year multiplier, > 0.
    pub annual_factor: f64,
}

impl Decarbonization {
    /// A trend; errors if `annual_factor` is not finite and > 0.
    pub fn new(base_year: i32, annual_factor: f64) -> Result<Self, String> {
        if !annual_factor.is_finite() || annual_factor <= 0.0 {
            return Err(format!(
                "decarbonization annual_factor {annual_factor} must be finite and > 0"
            ));
        }
        Ok(Decarbonization {
            base_year,
            annual_factor,
        })
    }

    /// The trend that leaves `remaining_fraction` of the base year's intensity in
    /// `target_year`: `annual_factor = remaining_fraction^(1/(target_year − base_year))`.
    pub fn from_target(
        base_year: i32,
        target_year: i32,
        remaining_fraction: f64,
    ) -> Result<Self, String> {
        if target_year == base_year {
            return Err(format!(
                "decarbonization target year {target_year} must differ from the base year"
            ));
        }
        if !remaining_fraction.is_finite() || remaining_fraction <= 0.0 {
            return Err(format!(
                "decarbonization remaining fraction {remaining_fraction} must be finite and > 0"
            ));
        }
        Self::new(
            base_year,
            remaining_fraction.powf(1.0 / f64::from(target_year - base_year)),
        )
    }

    /// The multiplier for calendar year `year`.
    pub fn factor_for_year(&self, year: i64) -> f64 {
        self.annual_factor
            .powf((year - i64::from(self.base_year)) as f64)
    }

    /// The multiplier for the UTC hour starting at `unix`.
    pub fn factor_at(&self, unix: UnixSeconds) -> f64 {
        let (year, _, _) = civil_from_days(unix.div_euclid(86_400));
        self.factor_for_year(year)
    }

    /// Applies the trend to hourly `ci` starting at `start_unix`.
    pub fn apply(&self, start_unix: UnixSeconds, ci: &[f64]) -> Vec<f64> {
        ci.iter()
            .enumerate()
            .map(|(i, v)| v * self.factor_at(start_unix + 3_600 * i as i64))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// Region presets.
//
// Sources of the parameters. Installed capacities are those of the Electricity Maps zone
// configurations (`electricitymaps-contrib/config/zones/<zone>.yaml`, values dated 2023-01
// unless stated), read for this work. Zone-specific emission factors come from the same
// files (`emissionFactors`, 2023 entries). Consumption shares quoted as "EM 2023 mix" are
// the files' `fallbackZoneMixes.powerOriginRatios` for 2023 (consumption-based, imports
// traced). Every other number (shapes, means, noise, merit order) is a calibration
// parameter, fitted by hand with a script outside the repository to the 2023 hourly files
// in `shared/data/grid/` (three statistics of the lifecycle series: annual mean, amplitude
// of the mean daily profile by UTC hour, hourly standard deviation); the resulting figures
// are in each preset's `calibration` field and in `docs/models-grid.md`.
// ---------------------------------------------------------------------------------------

/// Lifecycle factor-set label of the four Electricity Maps presets.
const EM_LIFECYCLE_WITH_ZONE: &str = "electricity_maps_lifecycle + zone overrides";

/// California ISO (2023).
///
/// Capacities (EM zone file, EIA.gov, 2023-01): solar 17,943 MW, wind 6,114, gas 32,711,
/// hydro 6,052 (+ storage 1,878), nuclear 2,323, geothermal 2,038, biomass 970, batteries
/// 4,947 (growing to 8,056 by 2023-12). EM 2023 mix: gas 41.9 %, solar 16.7 %, hydro
/// 12.4 %, nuclear 10.4 %, wind 9.3 %, geothermal 3.0 %, battery 1.9 %, biomass 1.7 %,
/// coal 1.6 %, unknown 1.2 %. Synthetic seed 1: gas 45.5 %, solar 13.1 %, hydro 13.4 %,
/// nuclear 11.0 %, wind 9.6 %, geothermal 3.0 %, coal 1.8 %, biomass 1.6 %, other 1.1 %.
/// Imports (about a fifth of consumption: Northwest hydro, Palo Verde nuclear, Southwest
/// gas and coal, unspecified) are a fixed-blend flow. Batteries are not modelled: the solar
/// fleet is calibrated below its real share so that the midday trough keeps the real depth.
/// Zone factors (eGrid 2023 via EM): lifecycle gas 516.16, coal 577.6, oil 1,189.01,
/// geothermal 76.88, biomass 282.56, solar 25.6 (INCER ACV); direct gas 396.16, coal 517.6,
/// oil 945.01, geothermal 38.88.
///
/// Calibration (lifecycle, gCO2e/kWh, real / synthetic seed 1): mean 260.7 / 268.0, daily
/// amplitude 122.4 / 123.0, hourly sd 75.6 / 73.5. Direct: 194.0 / 196.5, 103.1 / 99.6,
/// 63.2 / 59.0.
pub static US_CAL_CISO: RegionPreset = RegionPreset {
    name: "US-CAL-CISO",
    description: "California ISO: solar-heavy with a midday trough, gas-balanced, large imports",
    utc_offset_hours: -8.0,
    latitude_deg: 35.5,
    longitude_deg: -119.5,
    demand: Demand {
        mean_mw: 25_000.0,
        seasonal: Seasonal {
            amp1: 0.14,
            peak1_doy: 220.0,
            amp2: 0.03,
            peak2_doy: 15.0,
        },
        daily: Daily {
            amp1: 0.12,
            peak1_hour: 18.0,
            amp2: 0.04,
            peak2_hour: 9.0,
        },
        weekend_factor: 0.94,
        noise_sd: 0.06,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 17_000.0,
        clearness_mean: 0.8,
        clearness_seasonal: Seasonal::annual(0.1, 180.0),
        clearness_sd: 0.12,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 6_000.0,
        mean_cf: 0.3,
        logit_sd: 1.0,
        phi: 0.97,
        seasonal: Seasonal::annual(0.35, 170.0),
        daily: Daily {
            amp1: 0.1,
            peak1_hour: 21.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 2_200.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Geothermal,
            mean_mw: 750.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 400.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 1_100.0,
            seasonal: Seasonal::annual(0.9, 140.0),
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 900.0,
        seasonal: Seasonal::annual(0.9, 140.0),
        max_mw: 4_000.0,
    },
    imports: Imports {
        mean_mw: 5_500.0,
        seasonal: Seasonal::annual(0.2, 150.0),
        daily: Daily::FLAT,
        blend: &[
            (Source::Hydro, 0.25),
            (Source::Gas, 0.35),
            (Source::Coal, 0.08),
            (Source::Nuclear, 0.10),
            (Source::Wind, 0.12),
            (Source::Solar, 0.05),
            (Source::Other, 0.05),
        ],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 4_000.0,
    },
    merit_order: &[Dispatchable {
        source: Source::Gas,
        min_mw: 4_300.0,
        max_mw: 30_000.0,
    }],
    lifecycle_overrides: &[
        (Source::Gas, 516.16),
        (Source::Coal, 577.6),
        (Source::Oil, 1_189.01),
        (Source::Geothermal, 76.88),
        (Source::Biomass, 282.56),
        (Source::Solar, 25.6),
    ],
    direct_overrides: &[
        (Source::Gas, 396.16),
        (Source::Coal, 517.6),
        (Source::Oil, 945.01),
        (Source::Geothermal, 38.88),
    ],
    calibration: CalibrationFigures {
        reference: "US-CAL-CISO_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [260.7, 122.4, 75.6],
        synthetic: [268.0, 123.0, 73.5],
        direct: Some(([194.0, 103.1, 63.2], [196.5, 99.6, 59.0])),
    },
};

/// Germany and Luxembourg (2023).
///
/// Capacities (EM zone file, Fraunhofer ISE, 2023-01): solar 83,270 MW, wind 69,449, coal
/// 37,028, gas 36,639, pumped and reservoir hydro 9,970 (2022), biomass 9,066, hydro 5,610,
/// oil 5,037, nuclear 4,056 until 2023-04-15 then 0. EM 2023 mix: wind 29.4 %, coal
/// 24.5 %, solar 11.6 %, gas 11.2 %, biomass 9.4 %, hydro 5.8 % + discharge 2.3 %,
/// nuclear 4.3 %, unknown 0.7 %, oil 0.6 %. Synthetic seed 1: wind 28.4 %, coal 22.3 %,
/// solar 12.2 %, gas 10.9 %, hydro 9.2 %, biomass 9.1 %, nuclear 6.6 % (imported),
/// other 0.8 %, oil 0.6 %. No domestic nuclear (the 2023 stub is folded into imports).
/// Market coupling is modelled by flexible imports taking half of every marginal MW
/// (nuclear/hydro/wind-heavy blend); lignite and CHP gas are must-run, so a solar surplus
/// is exported rather than displacing them (up to 15 GW). Zone factors (EU-ETS 2025,
/// ENTSO-E 2023 via EM): lifecycle coal 1,120.91, gas 518.98, oil 1,094.74, hydro 10.7
/// (UNECE 2022), nuclear 5.13 (UNECE 2022), solar 35.12 (INCER ACV), wind 12.62 (UNECE
/// 2022, WindEurope); direct coal 1,060.91, gas 398.98, oil 850.74. With EM's default
/// factors (coal 820) the same mixes average about 280 instead of 352.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 367.0 / 351.5, daily amplitude
/// 119.8 / 124.1, hourly sd 136.4 / 135.4. Direct: 307.7 / 292.1, 121.4 / 118.9,
/// 128.6 / 126.9.
pub static DE_LU: RegionPreset = RegionPreset {
    name: "DE-LU",
    description: "Germany: wind, coal and solar, high variance",
    utc_offset_hours: 1.0,
    latitude_deg: 51.0,
    longitude_deg: 10.0,
    demand: Demand {
        mean_mw: 52_000.0,
        seasonal: Seasonal::annual(0.06, 15.0),
        daily: Daily {
            amp1: 0.13,
            peak1_hour: 13.0,
            amp2: 0.02,
            peak2_hour: 19.0,
        },
        weekend_factor: 0.85,
        noise_sd: 0.02,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 58_000.0,
        clearness_mean: 0.6,
        clearness_seasonal: Seasonal::annual(0.25, 180.0),
        clearness_sd: 0.15,
        clearness_phi: 0.3,
    },
    wind: Wind {
        capacity_mw: 69_000.0,
        mean_cf: 0.23,
        logit_sd: 1.9,
        phi: 0.96,
        seasonal: Seasonal::annual(0.5, 15.0),
        daily: Daily {
            amp1: 0.12,
            peak1_hour: 1.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Hydro,
            mean_mw: 2_300.0,
            seasonal: Seasonal::annual(0.2, 170.0),
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 4_800.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Other,
            mean_mw: 400.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 1_200.0,
        seasonal: Seasonal::FLAT,
        max_mw: 6_000.0,
    },
    imports: Imports {
        mean_mw: 2_000.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[
            (Source::Nuclear, 0.50),
            (Source::Hydro, 0.20),
            (Source::Wind, 0.15),
            (Source::Gas, 0.10),
            (Source::Coal, 0.05),
        ],
        flexible_share: 0.5,
        flexible_max_mw: 10_000.0,
        export_max_mw: 15_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 6_000.0,
            max_mw: 16_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 4_500.0,
            max_mw: 8_000.0,
        },
        Dispatchable {
            source: Source::Coal,
            min_mw: 0.0,
            max_mw: 10_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 0.0,
            max_mw: 20_000.0,
        },
        Dispatchable {
            source: Source::Oil,
            min_mw: 300.0,
            max_mw: 1_500.0,
        },
    ],
    lifecycle_overrides: &[
        (Source::Coal, 1_120.91),
        (Source::Gas, 518.98),
        (Source::Oil, 1_094.74),
        (Source::Hydro, 10.7),
        (Source::Nuclear, 5.13),
        (Source::Solar, 35.116_666_67),
        (Source::Wind, 12.62),
    ],
    direct_overrides: &[
        (Source::Coal, 1_060.91),
        (Source::Gas, 398.98),
        (Source::Oil, 850.74),
    ],
    calibration: CalibrationFigures {
        reference: "DE-LU_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [367.0, 119.8, 136.4],
        synthetic: [351.5, 124.1, 135.4],
        direct: Some(([307.7, 121.4, 128.6], [292.1, 118.9, 126.9])),
    },
};

/// Ontario (2023).
///
/// Capacities (EM zone file, ieso.ca, 2023-12 / 2022-12): nuclear 13,144 MW, gas 10,470,
/// hydro 8,922, wind 4,883, solar 478 (grid-connected), biomass 296. EM 2021 mix (the
/// latest in the file): nuclear 55.5 %, hydro 26.8 %, gas 8.7 %, wind 8.3 %; 2023 had more
/// gas (direct mean 46.9 / 370 ⇒ about 13 %). Synthetic seed 1: nuclear 53.5 %, hydro
/// 24.3 %, gas 13.1 %, wind 8.5 %, solar 0.3 %, biomass 0.3 %. Nuclear availability dips
/// in autumn (outages), run-of-river hydro peaks with the spring freshet, gas is the only
/// dispatchable fleet, so CI follows demand. Zone lifecycle factors (Mallia & Lewis 2013,
/// Int J LCA 18:377, via EM): gas 497, hydro 22, nuclear 4.8, wind 10.69; direct: defaults.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 72.8 / 72.2, daily amplitude
/// 47.2 / 48.8, hourly sd 39.5 / 39.3. Direct: 46.9 / 46.5, 34.7 / 36.5, 29.9 / 29.8.
pub static CA_ON: RegionPreset = RegionPreset {
    name: "CA-ON",
    description: "Ontario: nuclear and hydro, gas at the margin, very low CI",
    utc_offset_hours: -5.0,
    latitude_deg: 44.0,
    longitude_deg: -79.5,
    demand: Demand {
        mean_mw: 17_000.0,
        seasonal: Seasonal {
            amp1: 0.03,
            peak1_doy: 200.0,
            amp2: 0.06,
            peak2_doy: 15.0,
        },
        daily: Daily {
            amp1: 0.105,
            peak1_hour: 18.0,
            amp2: 0.04,
            peak2_hour: 9.0,
        },
        weekend_factor: 0.93,
        noise_sd: 0.02,
        noise_phi: 0.97,
    },
    solar: Solar {
        peak_mw: 450.0,
        clearness_mean: 0.55,
        clearness_seasonal: Seasonal::annual(0.15, 180.0),
        clearness_sd: 0.2,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 4_900.0,
        mean_cf: 0.30,
        logit_sd: 1.1,
        phi: 0.975,
        seasonal: Seasonal::annual(0.35, 15.0),
        daily: Daily {
            amp1: 0.05,
            peak1_hour: 15.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 9_000.0,
            seasonal: Seasonal::annual(0.05, 60.0),
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 3_700.0,
            seasonal: Seasonal::annual(0.15, 130.0),
        },
        MustRun {
            source: Source::Biomass,
            mean_mw: 50.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 400.0,
        seasonal: Seasonal::annual(0.15, 130.0),
        max_mw: 1_500.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 6_000.0,
    },
    merit_order: &[Dispatchable {
        source: Source::Gas,
        min_mw: 300.0,
        max_mw: 10_000.0,
    }],
    lifecycle_overrides: &[
        (Source::Gas, 497.0),
        (Source::Hydro, 22.0),
        (Source::Nuclear, 4.8),
        (Source::Wind, 10.69),
    ],
    direct_overrides: &[],
    calibration: CalibrationFigures {
        reference: "CA-ON_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [72.8, 47.2, 39.5],
        synthetic: [72.2, 48.8, 39.3],
        direct: Some(([46.9, 34.7, 29.9], [46.5, 36.5, 29.8])),
    },
};

/// South Africa (2023).
///
/// Capacities (EM zone file, IRENA, 2023): coal 43,599 MW (available far less: Eskom's
/// energy availability factor was near 55 % in 2023), oil (diesel OCGT) 3,445, solar 6,164
/// (including rooftop, mostly invisible to Eskom's data), wind 3,442, nuclear 1,934,
/// pumped storage 2,732, hydro 748. EM 2023 mix: coal 80.9 %, wind 5.7 %, nuclear 4.0 %,
/// solar 3.1 %, hydro discharge 2.8 %, oil 2.5 %, hydro 1.0 %. Synthetic seed 1: coal
/// 87.5 %, wind 5.0 %, nuclear 4.1 %, solar 2.2 %, hydro 1.0 %, oil 0.3 %. Pumped storage
/// (charged from coal, counted by EM at the zone average ≈ 697) is folded into coal; demand
/// beyond coal + diesel capacity is unserved (load shedding). No zone-specific factors.
///
/// Calibration (lifecycle, real / synthetic seed 1): mean 702.1 / 720.6, daily amplitude
/// 57.6 / 59.1, hourly sd 31.0 / 30.9. Direct: 644.5 / 665.3, 61.4 / 56.3, 31.2 / 29.3.
pub static ZA: RegionPreset = RegionPreset {
    name: "ZA",
    description: "South Africa (Eskom): coal-heavy and flat, diesel peakers",
    utc_offset_hours: 2.0,
    latitude_deg: -28.5,
    longitude_deg: 24.5,
    demand: Demand {
        mean_mw: 25_000.0,
        seasonal: Seasonal::annual(0.05, 190.0),
        daily: Daily {
            amp1: 0.06,
            peak1_hour: 18.0,
            amp2: 0.06,
            peak2_hour: 8.0,
        },
        weekend_factor: 0.92,
        noise_sd: 0.02,
        noise_phi: 0.97,
    },
    solar: Solar {
        peak_mw: 2_650.0,
        clearness_mean: 0.75,
        clearness_seasonal: Seasonal::annual(0.05, 200.0),
        clearness_sd: 0.15,
        clearness_phi: 0.5,
    },
    wind: Wind {
        capacity_mw: 3_400.0,
        mean_cf: 0.36,
        logit_sd: 0.85,
        phi: 0.97,
        seasonal: Seasonal::annual(0.15, 250.0),
        daily: Daily {
            amp1: 0.1,
            peak1_hour: 20.0,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 1_000.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 250.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        max_mw: 0.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 1_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 15_000.0,
            max_mw: 25_000.0,
        },
        Dispatchable {
            source: Source::Oil,
            min_mw: 0.0,
            max_mw: 3_000.0,
        },
    ],
    lifecycle_overrides: &[],
    direct_overrides: &[],
    calibration: CalibrationFigures {
        reference: "ZA_2023_hourly.csv, Carbon Intensity gCO₂eq/kWh (LCA)",
        year: 2023,
        factors: EM_LIFECYCLE_WITH_ZONE,
        real: [702.1, 57.6, 31.0],
        synthetic: [720.6, 59.1, 30.9],
        direct: Some(([644.5, 61.4, 31.2], [665.3, 56.3, 29.3])),
    },
};

/// ERCOT, Texas (2022), calibrated to the EIA-930 generation-mix file
/// (`EIA930_ERCO_2022_genmix_hourly.csv`, production mix, no imports: ERCOT is nearly
/// isolated) with the Carbon Explorer factors that reproduce its `avg_CI` column.
///
/// From the file: mean generation 48,978 MW (min 31,806, max 79,406), peak at 17–18 h CST,
/// summer maximum; wind 12,254 MW mean with a night maximum (14.8 GW at 00 h CST, 9.9 GW
/// at 13 h); solar peak 6.9 GW mean at noon; nuclear 4,778 MW; hydro 36; other 131; coal
/// cycling between 7.0 GW (night) and 9.3 GW (evening), hence two coal tranches around a
/// gas tranche in the merit order. Annual mix, real / synthetic seed 1: gas 42.6 / 41.7 %,
/// wind 25.0 / 24.9 %, coal 16.8 / 17.6 %, nuclear 9.8 / 9.9 %, solar 5.5 / 5.5 %. Wind
/// capacity 37 GW is an assumption consistent with the file's mean at a 33 % capacity
/// factor. No zone overrides (Electricity Maps defaults apply to `lifecycle_ci`).
///
/// Calibration (Carbon Explorer factors, real `avg_CI` / synthetic seed 1): mean
/// 347.2 / 353.9, daily amplitude 65.2 / 63.1, hourly sd 76.2 / 75.1.
pub static US_TEX_ERCO: RegionPreset = RegionPreset {
    name: "US-TEX-ERCO",
    description: "ERCOT (Texas): gas-balanced, large wind fleet with night peaks, isolated grid",
    utc_offset_hours: -6.0,
    latitude_deg: 31.0,
    longitude_deg: -98.0,
    demand: Demand {
        mean_mw: 49_000.0,
        seasonal: Seasonal {
            amp1: 0.13,
            peak1_doy: 200.0,
            amp2: 0.07,
            peak2_doy: 20.0,
        },
        daily: Daily {
            amp1: 0.15,
            peak1_hour: 17.5,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
        weekend_factor: 0.95,
        noise_sd: 0.03,
        noise_phi: 0.98,
    },
    solar: Solar {
        peak_mw: 14_000.0,
        clearness_mean: 0.75,
        clearness_seasonal: Seasonal::annual(0.1, 190.0),
        clearness_sd: 0.15,
        clearness_phi: 0.3,
    },
    wind: Wind {
        capacity_mw: 37_000.0,
        mean_cf: 0.33,
        logit_sd: 0.85,
        phi: 0.97,
        seasonal: Seasonal::annual(0.3, 120.0),
        daily: Daily {
            amp1: 0.2,
            peak1_hour: 23.5,
            amp2: 0.0,
            peak2_hour: 0.0,
        },
    },
    must_run: &[
        MustRun {
            source: Source::Nuclear,
            mean_mw: 4_800.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Hydro,
            mean_mw: 36.0,
            seasonal: Seasonal::FLAT,
        },
        MustRun {
            source: Source::Other,
            mean_mw: 130.0,
            seasonal: Seasonal::FLAT,
        },
    ],
    hydro_flex: HydroFlex {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        max_mw: 0.0,
    },
    imports: Imports {
        mean_mw: 0.0,
        seasonal: Seasonal::FLAT,
        daily: Daily::FLAT,
        blend: &[],
        flexible_share: 0.0,
        flexible_max_mw: 0.0,
        export_max_mw: 1_000.0,
    },
    merit_order: &[
        Dispatchable {
            source: Source::Coal,
            min_mw: 5_500.0,
            max_mw: 7_000.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 3_000.0,
            max_mw: 18_000.0,
        },
        Dispatchable {
            source: Source::Coal,
            min_mw: 0.0,
            max_mw: 2_500.0,
        },
        Dispatchable {
            source: Source::Gas,
            min_mw: 0.0,
            max_mw: 60_000.0,
        },
    ],
    lifecycle_overrides: &[],
    direct_overrides: &[],
    calibration: CalibrationFigures {
        reference: "EIA930_ERCO_2022_genmix_hourly.csv, avg_CI",
        year: 2022,
        factors: "carbon_explorer",
        real: [347.2, 65.2, 76.2],
        synthetic: [353.9, 63.1, 75.1],
        direct: None,
    },
};

static PRESETS: [&RegionPreset; 5] = [&US_CAL_CISO, &DE_LU, &CA_ON, &ZA, &US_TEX_ERCO];

/// The preset for zone `name` (see [`preset_names`]).
pub fn preset(name: &str) -> Option<&'static RegionPreset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

/// Names of the region presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::CiColumn;
    use crate::site::grid::read_electricity_maps_csv;
    use rand::SeedableRng;
    use std::path::PathBuf;

    const START_2023: i64 = 1_672_531_200;

    /// The shipped Electricity Maps file of a zone (`data/grid`); `None` for ERCOT, whose
    /// reference is the EIA-930 generation-mix file instead.
    fn real_file(zone: &str) -> Option<PathBuf> {
        (zone != "US-TEX-ERCO").then(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(format!("data/grid/{zone}_2023_hourly.csv"))
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
            let real = crate::site::genmix::read_eia930_genmix_csv(&path).unwrap();
            let rs = series_stats(
                &real.ci_series(&crate::site::genmix::CARBON_EXPLORER),
                real.start_unix,
            );
            let m = generate(p, START_2022, 8_760, &mut ChaCha8Rng::seed_from_u64(seed));
            let ss = series_stats(
                &ci_series(&m, &crate::site::genmix::CARBON_EXPLORER),
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
            HourlySeries::Constant(_) => unreachable!(),
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
            let f =
                |s: SeriesStats| format!("[{:.1}, {:.1}, {:.1}]", s.mean, s.daily_amplitude, s.sd);
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
            use crate::site::genmix::{HydroWater, water_set, water_set_names};
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            for w in water_set_names() {
                let z = mean(&ewif_series(&m, &water_set(w, HydroWater::Zero).unwrap()));
                let e = mean(&ewif_series(
                    &m,
                    &water_set(w, HydroWater::ReservoirEvaporation).unwrap(),
                ));
                println!(
                    "   EWIF {w}: hydro zero {z:.2} L/kWh, reservoir evaporation {e:.2} L/kWh"
                );
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
                    (START_2022, crate::site::genmix::CARBON_EXPLORER)
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
                        let (_, mo, _) =
                            civil_from_days((start + 3_600 * i as i64).div_euclid(86_400));
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
        use crate::site::genmix::{HydroWater, water_set};
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
            HourlySeries::Constant(_) => panic!("expected a table"),
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
}
