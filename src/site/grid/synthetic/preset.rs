//! The parameters of a synthetic grid region: seasonal and daily shapes, demand, solar,
//! wind, must-run, flexible hydro, imports and dispatchable units, gathered in a
//! [`RegionPreset`] with its validation. The generator that turns them into hourly mixes is
//! in [`super`].

use super::super::genmix::{
    ELECTRICITY_MAPS_DIRECT, ELECTRICITY_MAPS_LIFECYCLE, EmissionFactors, Mix, Source,
};
use super::ci_series;
use std::f64::consts::PI;

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

/// Figures of a preset's calibration: statistics ([`SeriesStats`](super::SeriesStats): mean, daily-profile
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
