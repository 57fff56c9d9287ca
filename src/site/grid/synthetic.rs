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
//! ERCOT file (see [`super::presets`] and `docs/models-grid.md`).

use super::genmix::{EmissionFactors, Mix, Source, WaterFactors};
use crate::site::series::HourlySeries;
use crate::time::{
    SECONDS_PER_DAY_I64, SECONDS_PER_HOUR_I64, UnixSeconds, civil_from_days, days_from_civil,
    hours_to_s, to_days, to_hours, unix_hours,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use std::f64::consts::PI;
use std::sync::Arc;

mod preset;

pub use preset::{
    CalibrationFigures, DAYS_PER_YEAR, Daily, Demand, Dispatchable, HydroFlex, Imports, MustRun,
    RegionPreset, Seasonal, Solar, Wind,
};

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
        let h = ((start_unix + unix_hours(i as i64)).rem_euclid(SECONDS_PER_DAY_I64)
            / SECONDS_PER_HOUR_I64) as usize;
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
    let day = to_days(unix).floor();
    let (year, _, _) = civil_from_days(day as i64);
    let n = day - days_from_civil(year, 1, 1) as f64 + 1.0;
    let decl = (COOPER_OBLIQUITY_DEG * (2.0 * PI * (284.0 + n) / 365.0).sin()).to_radians();
    let utc_hours = to_hours(unix).rem_euclid(24.0);
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
    let day = to_days(unix).floor();
    let (year, _, _) = civil_from_days(day as i64);
    to_days(unix) - days_from_civil(year, 1, 1) as f64
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
    generate_with_margins(preset, start_unix, hours, rng).0
}

/// [`generate`], with the marginal supply of each hour: the sources (shares summing to 1)
/// that would serve one more MW of demand in that hour, given the dispatch rules above
/// (see [`marginal_supply`] and `docs/models-grid.md`). The same draws as [`generate`].
pub fn generate_with_margins(
    preset: &RegionPreset,
    start_unix: i64,
    hours: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<Mix>, Vec<Mix>) {
    let g = generate_all(preset, start_unix, hours, rng);
    (g.mixes, g.margins)
}

/// What one draw of the generator yields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Generated {
    /// Hourly mixes ([`generate`]).
    pub mixes: Vec<Mix>,
    /// Hourly marginal supply ([`generate_with_margins`]).
    pub margins: Vec<Mix>,
    /// Output of one MW of the region's solar fleet in each hour, before curtailment, MW
    /// (the clear-sky shape × clearness of the weather model).
    pub solar_cf: Vec<f64>,
    /// Capacity factor of the region's wind fleet in each hour, before curtailment.
    pub wind_cf: Vec<f64>,
}

/// [`generate_with_margins`], with the solar and wind fleets' hourly capacity factors (the
/// same draws): a contracted wind or solar farm in the region follows its fleet's weather.
pub fn generate_all(
    preset: &RegionPreset,
    start_unix: i64,
    hours: usize,
    rng: &mut ChaCha8Rng,
) -> Generated {
    generate_evolving(preset, None, start_unix, hours, rng)
}

/// [`generate_all`] with the fleets of each hour's calendar year scaled by `trajectory`
/// (see [`super::trajectory`]): solar and wind capacity, the coal and gas units of the merit
/// order (minimum and maximum output), demand, and storage added beyond the calibration
/// year's. The same draws as [`generate_all`], whatever the trajectory (common random
/// numbers: two trajectories see the same weather); without one, the same output.
///
/// Added storage runs one cycle per local day: it charges `E = P·duration` on the hours of
/// lowest residual demand (valley filling, at most `P` an hour, a surplus before any
/// curtailment) and gives back `η·E` on the hours of highest residual (peak shaving).
/// Charging is served like demand; the hour's consumption mix is then scaled back to its
/// demand, so the charge carries that hour's mix. The discharged energy carries the
/// charge-weighted mix of the day's charging hours (the order of hours within the day is
/// ignored, as for reservoir hydro); the losses leave the consumption mix, as exports do.
/// Storage is never at the margin (a fixed daily cycle).
pub fn generate_evolving(
    preset: &RegionPreset,
    trajectory: Option<&super::trajectory::CapacityTrajectory>,
    start_unix: i64,
    hours: usize,
    rng: &mut ChaCha8Rng,
) -> Generated {
    let mut state = GridState::new(preset, rng.clone());
    let g = state.generate(preset, trajectory, start_unix, hours);
    *rng = state.rng;
    g
}

/// The local (standard-time) day of hour `i` of a series starting at `start_unix`: the day
/// the generator's daily dispatch (flexible hydro, storage) groups the hour into.
pub fn local_day(preset: &RegionPreset, start_unix: i64, i: usize) -> i64 {
    let mid = start_unix as f64 + hours_to_s(i as f64) + hours_to_s(0.5);
    to_days(mid + hours_to_s(preset.utc_offset_hours)).floor() as i64
}

/// The first hour `h` with `at_least ≤ h ≤ limit` that starts a local day ([`local_day`]),
/// or `limit`: where a stretch of [`GridState::generate`] may end without changing values.
pub fn day_start_at_or_after(
    preset: &RegionPreset,
    start_unix: i64,
    at_least: usize,
    limit: usize,
) -> usize {
    let mut h = at_least.max(1);
    while h < limit && local_day(preset, start_unix, h) == local_day(preset, start_unix, h - 1) {
        h += 1;
    }
    h.min(limit)
}

/// The generator between two stretches of hours: its random stream and the states of its
/// AR(1) processes. [`generate_evolving`] is one stretch over the whole window; generating
/// the same window as consecutive stretches that each end at the start of a local day
/// ([`day_start_at_or_after`]) gives the same values, draw for draw, since the daily
/// dispatch (flexible hydro, storage) never looks beyond the local day.
#[derive(Clone, Debug)]
pub struct GridState {
    rng: ChaCha8Rng,
    /// Location of the logit of the wind capacity factor ([`logit_location`]), computed once.
    mu: f64,
    /// Index of the next hour to generate.
    next_hour: usize,
    z_wind: f64,
    e_demand: f64,
    k_dev: f64,
    last_day: Option<i64>,
}

impl GridState {
    /// The state before hour 0: draws the initial wind, demand and clearness states from
    /// their stationary distributions.
    pub fn new(preset: &RegionPreset, mut rng: ChaCha8Rng) -> GridState {
        let p = preset;
        let mu = logit_location(p.wind.mean_cf, p.wind.logit_sd);
        let z_wind: f64 = rng.sample(StandardNormal);
        let e_demand: f64 = rng.sample::<f64, _>(StandardNormal) * p.demand.noise_sd;
        let k_dev: f64 = rng.sample::<f64, _>(StandardNormal) * p.solar.clearness_sd;
        GridState {
            rng,
            mu,
            next_hour: 0,
            z_wind,
            e_demand,
            k_dev,
            last_day: None,
        }
    }

    /// Index of the next hour [`GridState::generate`] produces.
    pub fn next_hour(&self) -> usize {
        self.next_hour
    }

    /// Generates the hours from [`GridState::next_hour`] up to `end_hour` (excluded), which
    /// must start a local day or end the window, for a series starting at `start_unix`.
    pub fn generate(
        &mut self,
        preset: &RegionPreset,
        trajectory: Option<&super::trajectory::CapacityTrajectory>,
        start_unix: i64,
        end_hour: usize,
    ) -> Generated {
        use super::trajectory::CapacityScale;
        let p = preset;
        let mut year_scale: Option<(i64, CapacityScale)> = None;
        let mut scale_of = |unix: f64| -> CapacityScale {
            let Some(t) = trajectory else {
                return CapacityScale::UNCHANGED;
            };
            let (year, _, _) = civil_from_days(to_days(unix).floor() as i64);
            match year_scale {
                Some((y, k)) if y == year => k,
                _ => {
                    let k = t.scale_for_year(year);
                    year_scale = Some((year, k));
                    k
                }
            }
        };
        let first = self.next_hour;
        let hours = end_hour.saturating_sub(first);
        let mut scales = Vec::with_capacity(hours);
        let mut solar_cf = Vec::with_capacity(hours);
        let mut wind_cf = Vec::with_capacity(hours);
        let offset_s = hours_to_s(p.utc_offset_hours);
        let mu = self.mu;
        let rng = &mut self.rng;
        let (mut z_wind, mut e_demand, mut k_dev) = (self.z_wind, self.e_demand, self.k_dev);
        let innov = |phi: f64| (1.0 - phi * phi).max(0.0).sqrt();

        let mut demand = Vec::with_capacity(hours);
        let mut base = Vec::with_capacity(hours); // must-run, imports, VRE, thermal minimums
        let mut day_of = Vec::with_capacity(hours);
        let mut flex_budget = Vec::with_capacity(hours);
        let mut last_day = self.last_day;
        for i in first..first + hours {
            let mid = start_unix as f64 + hours_to_s(i as f64) + hours_to_s(0.5);
            let local = mid + offset_s;
            let local_day = to_days(local).floor() as i64;
            let local_hour = to_hours(local).rem_euclid(24.0);
            let doy = day_of_year(mid);
            if i > 0 {
                z_wind =
                    p.wind.phi * z_wind + innov(p.wind.phi) * rng.sample::<f64, _>(StandardNormal);
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
            let k = scale_of(mid);
            scales.push(k);
            let d = p.demand.mean_mw
                * k.demand
                * p.demand.seasonal.factor(doy)
                * p.demand.daily.factor(local_hour)
                * weekend
                * (1.0 + e_demand).max(0.05);

            let mut mix = Mix::default();
            let clearness = (p.solar.clearness_mean * p.solar.clearness_seasonal.factor(doy)
                + k_dev)
                .clamp(0.05, 1.0);
            let sin_e = sin_sun_elevation(p.latitude_deg, p.longitude_deg, mid);
            let solar = clear_sky_shape(sin_e) * clearness;
            solar_cf.push(solar);
            mix.add(Source::Solar, p.solar.peak_mw * k.solar * solar);
            let cf = (logistic(mu + p.wind.logit_sd * z_wind)
                * p.wind.seasonal.factor(doy)
                * p.wind.daily.factor(local_hour))
            .clamp(0.0, 1.0);
            wind_cf.push(cf);
            mix.add(Source::Wind, p.wind.capacity_mw * k.wind * cf);
            for m in p.must_run {
                mix.add(m.source, m.mean_mw * m.seasonal.factor(doy));
            }
            let imports = p.imports.mean_mw
                * p.imports.seasonal.factor(doy)
                * p.imports.daily.factor(local_hour);
            for (s, share) in p.imports.blend {
                mix.add(*s, imports * share);
            }
            for u in p.merit_order {
                mix.add(u.source, u.min_mw * k.unit(u.source));
            }
            demand.push(d);
            base.push(mix);
            day_of.push(local_day);
            flex_budget.push(p.hydro_flex.mean_mw * p.hydro_flex.seasonal.factor(doy));
        }

        (self.z_wind, self.e_demand, self.k_dev) = (z_wind, e_demand, k_dev);
        self.last_day = last_day;
        self.next_hour = first + hours;

        // Storage, curtailment, then flexible hydro per local day, then merit order.
        let mut stored = Mix::default();
        let mut out = Vec::with_capacity(hours);
        let mut margins = Vec::with_capacity(hours);
        let mut start = 0;
        while start < hours {
            let mut end = start;
            while end < hours && day_of[end] == day_of[start] {
                end += 1;
            }
            let mut residual = Vec::with_capacity(end - start);
            let mut curtailed = Vec::with_capacity(end - start);
            let cycle = trajectory.and_then(|t| {
                storage_cycle(
                    &demand[start..end],
                    &base[start..end],
                    scales[start].storage_mw,
                    t.storage_duration_h(),
                    t.storage_round_trip_efficiency(),
                )
            });
            for i in start..end {
                let mix = &mut base[i];
                let served = match &cycle {
                    Some(c) => demand[i] + c.charge_mw[i - start] - c.discharge_mw[i - start],
                    None => demand[i],
                };
                let mut r = served - mix.total();
                let mut excess = -r - p.imports.export_max_mw;
                let mut last_cut = None;
                for s in [Source::Solar, Source::Wind] {
                    if excess > 0.0 {
                        let cut = excess.min(mix.get(s));
                        mix.add(s, -cut);
                        excess -= cut;
                        r += cut;
                        if cut > 0.0 {
                            last_cut = Some(s);
                        }
                    }
                }
                residual.push(r);
                curtailed.push(last_cut);
            }
            let budget: f64 = flex_budget[start..end].iter().sum();
            let flex = water_fill(&residual, budget, p.hydro_flex.max_mw);
            for (k, i) in (start..end).enumerate() {
                let mut mix = base[i];
                mix.add(Source::Hydro, flex[k]);
                let mut r = residual[k] - flex[k];
                let mut imports_capped = false;
                if r > 0.0 {
                    let wanted = r * p.imports.flexible_share;
                    imports_capped = wanted >= p.imports.flexible_max_mw;
                    let imported = wanted.min(p.imports.flexible_max_mw);
                    for (s, share) in p.imports.blend {
                        mix.add(*s, imported * share);
                    }
                    r -= imported;
                }
                // The first unit with spare capacity once the residual is met.
                let mut marginal_unit = None;
                for u in p.merit_order {
                    let room = (u.max_mw - u.min_mw) * scales[i].unit(u.source);
                    if r <= 0.0 {
                        if marginal_unit.is_none() && room > 0.0 {
                            marginal_unit = Some(u.source);
                        }
                        continue;
                    }
                    let add = r.min(room);
                    mix.add(u.source, add);
                    r -= add;
                    if add < room {
                        marginal_unit = Some(u.source);
                    }
                }
                let shortage = r > 0.0;
                let total = mix.total();
                if let Some(x) = cycle_stored(&cycle, k)
                    && total > 0.0
                {
                    // The charge carries this hour's generation mix.
                    stored = stored_add(stored, mix.scaled(x.min(total) / total));
                }
                // Generation consumed in the zone: demand, less what storage gives back.
                let own = match &cycle {
                    Some(c) => demand[i] - c.discharge_mw[k],
                    None => demand[i],
                };
                let exporting = total > own && total > 0.0;
                if exporting {
                    mix = mix.scaled(own / total);
                }
                margins.push(marginal_supply(
                    p,
                    &mix,
                    Margin {
                        curtailed: curtailed[k],
                        exporting: residual[k] <= 0.0 && curtailed[k].is_none(),
                        imports_capped,
                        unit: marginal_unit,
                        shortage,
                    },
                ));
                out.push(mix);
            }
            if let Some(c) = &cycle {
                // The discharge carries the charge-weighted mix of the day's charging hours.
                let stored_mwh = stored.total();
                if stored_mwh > 0.0 {
                    for (k, y) in c.discharge_mw.iter().enumerate() {
                        if *y > 0.0 {
                            out[start + k] =
                                stored_add(out[start + k], stored.scaled(y / stored_mwh));
                        }
                    }
                }
                stored = Mix::default();
            }
            start = end;
        }
        Generated {
            mixes: out,
            margins,
            solar_cf,
            wind_cf,
        }
    }
}

/// One day's cycle of added storage: charge and discharge power per hour, MW.
#[derive(Clone, Debug, PartialEq)]
struct StorageCycle {
    charge_mw: Vec<f64>,
    discharge_mw: Vec<f64>,
}

/// The charge of hour `k` of the day, if the day has a cycle and the hour charges.
fn cycle_stored(cycle: &Option<StorageCycle>, k: usize) -> Option<f64> {
    cycle.as_ref().map(|c| c.charge_mw[k]).filter(|x| *x > 0.0)
}

/// `a + b`, source by source.
fn stored_add(mut a: Mix, b: Mix) -> Mix {
    for s in Source::ALL {
        a.add(s, b.get(s));
    }
    a
}

/// The daily cycle of `power_mw` of storage holding `power_mw·duration_h` (see
/// [`generate_evolving`]): charge by valley filling the residual demand (demand − `base`),
/// discharge `efficiency` × the charge by peak shaving (never below a zero residual; the
/// charge shrinks to match what can be discharged). `None` without storage.
fn storage_cycle(
    demand: &[f64],
    base: &[Mix],
    power_mw: f64,
    duration_h: f64,
    efficiency: f64,
) -> Option<StorageCycle> {
    if power_mw <= 0.0 || demand.is_empty() {
        return None;
    }
    let residual: Vec<f64> = demand
        .iter()
        .zip(base)
        .map(|(d, m)| d - m.total())
        .collect();
    let top = residual.iter().copied().fold(f64::MIN, f64::max);
    let depth: Vec<f64> = residual.iter().map(|r| top - r).collect();
    let mut charge = water_fill(&depth, power_mw * duration_h, power_mw);
    let charged: f64 = charge.iter().sum();
    let discharge = water_fill(&residual, efficiency * charged, power_mw);
    let discharged: f64 = discharge.iter().sum();
    if charged <= 0.0 || discharged <= 0.0 {
        return None;
    }
    let k = (discharged / (efficiency * charged)).min(1.0);
    charge.iter_mut().for_each(|x| *x *= k);
    Some(StorageCycle {
        charge_mw: charge,
        discharge_mw: discharge,
    })
}

/// What the dispatch of one hour left at the margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margin {
    /// The variable renewable curtailed last, if any was curtailed.
    pub curtailed: Option<Source>,
    /// The zone had a surplus below the export capacity (nothing curtailed).
    pub exporting: bool,
    /// Flexible imports were at their cap.
    pub imports_capped: bool,
    /// The first dispatchable unit with spare capacity (`None`: every unit full or none).
    pub unit: Option<Source>,
    /// Demand exceeded every capacity.
    pub shortage: bool,
}

/// The sources, as shares summing to 1, that would serve one more MW of demand in an hour
/// (the consequential, "marginal" supply; `mix` is the hour's consumption mix):
///
/// * renewables being curtailed: the last one curtailed (its output is simply curtailed
///   less);
/// * a surplus exported below the export capacity: the zone's own mix, since in this model
///   exports carry the zone's mix (one more MW consumed is one less MW exported);
/// * otherwise the residual after flexible hydro is met by flexible imports (their share
///   of it, in the import blend, unless they are at their cap) and the rest by the first
///   dispatchable unit with spare capacity, cheapest first; reservoir hydro has a fixed
///   daily energy budget and so is never at the margin;
/// * demand beyond every capacity: the last unit of the merit order (the most expensive).
pub fn marginal_supply(preset: &RegionPreset, mix: &Mix, margin: Margin) -> Mix {
    let mut out = Mix::default();
    if let Some(source) = margin.curtailed {
        out.add(source, 1.0);
        return out;
    }
    if margin.exporting && mix.total() > 0.0 {
        return mix.scaled(1.0 / mix.total());
    }
    let imported = if margin.imports_capped || preset.imports.blend.is_empty() {
        0.0
    } else {
        preset.imports.flexible_share
    };
    for (s, share) in preset.imports.blend {
        out.add(*s, imported * share);
    }
    let unit = if margin.shortage {
        preset.merit_order.last().map(|u| u.source)
    } else {
        margin
            .unit
            .or_else(|| preset.merit_order.last().map(|u| u.source))
    };
    match unit {
        Some(source) => out.add(source, 1.0 - imported),
        None if imported > 0.0 => out = out.scaled(1.0 / imported),
        // No dispatchable unit and no imports: the zone's own mix.
        None if mix.total() > 0.0 => out = mix.scaled(1.0 / mix.total()),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests;
