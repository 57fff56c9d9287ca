//! A site's synthetic weather, and the wet-bulb, PUE, WUE and fan-and-pump series derived
//! from it, generated a stretch of hours at a time, so that a run holds a few weeks of
//! hourly values per site instead of the whole window (issue 11: memory per site and per
//! simulated year).
//!
//! [`WeatherColumns`] owns the generator's state ([`WeatherState`]: the `Weather` random stream and
//! the AR(1) states) and the two most recent stretches of hourly values (`site::stretches`). The
//! draws are consumed in the same order as one generation over the window, and each hour's wet bulb
//! and cooling point depend on that hour's weather alone ([`CoolingSystem::evaluate_hours`]), so
//! the values equal the whole-window tables of
//! [`SiteConfig::series_before_trend`](super::SiteConfig::series_before_trend) bit for bit
//! (tested). Reading an hour before the two held stretches generates again from the start of the
//! window (the ledger reads hours in increasing order; the cyclic repetition beyond the window's
//! end, and `hourly.csv` written after the run, go back to hour 0).

use super::HourlySeries;
use super::climate::synthetic::{ClimatePreset, WeatherState};
use super::climate::warming::Warming;
use super::cooling::{CoolingBreakdown, CoolingSystem};
use super::series::{ChunkedColumn, HourColumns};
use super::stretches::{StretchGenerator, Stretches};
use crate::time::{SECONDS_PER_HOUR_I64, UnixSeconds};
use rand_chacha::ChaCha8Rng;
use std::sync::{Arc, Mutex};

/// Hours a stretch covers (four weeks; any length gives the same values). Two stretches are
/// held: 2 × 672 h × [`COLUMNS`] × 8 bytes ≈ 54 KB a site, whatever the window.
pub const STRETCH_HOURS: usize = 672;

/// Column of the dry-bulb temperature, °C.
pub const DRY_BULB: usize = 0;
/// Column of the wet-bulb temperature, °C.
pub const WET_BULB: usize = 1;
/// Column of the PUE at the cooling system's load fraction (NaN without a system).
pub const PUE: usize = 2;
/// Column of the on-site water, L per IT kWh (NaN without a system).
pub const WUE: usize = 3;
/// Column of the fans and pumps, kW per kW IT (NaN without a system).
pub const MOVERS: usize = 4;
/// Number of columns.
pub const COLUMNS: usize = 5;

/// What the synthetic weather columns of a site are generated from.
#[derive(Debug)]
struct WeatherSource {
    preset: &'static ClimatePreset,
    elevation_m: Option<f64>,
    warming: Option<Warming>,
    cooling: Option<(CoolingSystem, f64)>,
    /// The window's start, a whole UTC hour.
    start_unix: UnixSeconds,
}

/// The synthetic weather columns of one site and replication, generated on demand.
#[derive(Debug)]
pub struct WeatherColumns {
    source: WeatherSource,
    stretches: Stretches<WeatherState>,
}

impl WeatherColumns {
    /// The weather of `preset` (at `elevation_m` when given, warmed by `warming`) over
    /// `hours` hours from `start_unix` (rounded down to a whole UTC hour), drawn from `rng`
    /// (the site's `Weather` stream), with the PUE, WUE and movers of `cooling` (a system
    /// and its load fraction).
    pub fn new(
        preset: &'static ClimatePreset,
        elevation_m: Option<f64>,
        warming: Option<Warming>,
        cooling: Option<(CoolingSystem, f64)>,
        start_unix: UnixSeconds,
        hours: usize,
        rng: ChaCha8Rng,
    ) -> WeatherColumns {
        let initial = WeatherState::new(start_unix, rng);
        WeatherColumns {
            source: WeatherSource {
                preset,
                elevation_m,
                warming,
                cooling,
                start_unix: start_unix - start_unix.rem_euclid(SECONDS_PER_HOUR_I64),
            },
            stretches: Stretches::new(initial, hours),
        }
    }

    /// Column `column` as a series.
    pub fn series(this: &Arc<Mutex<WeatherColumns>>, column: usize) -> HourlySeries {
        let (start_unix, hours) = {
            let w = this.lock().unwrap_or_else(|p| p.into_inner());
            (w.source.start_unix, w.stretches.hours)
        };
        let source: Arc<Mutex<dyn HourColumns>> = this.clone();
        HourlySeries::Chunked(ChunkedColumn::new(start_unix, hours, column, source))
    }
}

impl StretchGenerator for WeatherSource {
    type State = WeatherState;
    const COLUMNS: usize = COLUMNS;

    fn next_hour(state: &Self::State) -> usize {
        state.next_hour()
    }

    /// Generates [`STRETCH_HOURS`] hours, fewer at the window's end.
    fn generate(&self, state: &mut Self::State, hours: usize, values: &mut Vec<f64>) {
        let len = STRETCH_HOURS.min(hours - state.next_hour());
        let mut weather = state.generate(self.preset, len, self.warming.as_ref());
        if let Some(elevation_m) = self.elevation_m {
            weather.elevation_m = elevation_m;
        }
        let wet_bulb = weather.wet_bulb_series();
        let points = self
            .cooling
            .as_ref()
            .map(|(system, load)| system.evaluate_hours(&weather, &wet_bulb, *load));
        values.reserve(len * COLUMNS);
        for k in 0..len {
            let point = points.as_ref().map(|p| &p[k]);
            let of = |f: fn(&CoolingBreakdown) -> f64| point.map_or(f64::NAN, f);
            let row: [f64; COLUMNS] = [
                weather.dry_bulb_c[k],
                wet_bulb[k],
                of(CoolingBreakdown::pue),
                of(CoolingBreakdown::wue),
                of(CoolingBreakdown::movers),
            ];
            values.extend_from_slice(&row);
        }
    }
}

impl HourColumns for WeatherColumns {
    fn value(&mut self, index: usize, column: usize) -> f64 {
        self.stretches.value(&self.source, index, column)
    }
}

#[cfg(test)]
mod tests;
