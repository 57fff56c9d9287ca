//! A site's synthetic-grid series generated a stretch of local days at a time, so that a
//! run over many simulated years holds a few weeks of hourly values per site instead of the
//! whole window (issue 11: memory flat in simulated years).
//!
//! [`GridColumns`] owns the generator's state ([`grid::synthetic::GridState`]) and the two most
//! recent stretches of derived hourly values (`site::stretches`): carbon intensity on both bases,
//! marginal intensity, carbon-free share, off-site water, contracted supply. A stretch ends where a
//! local day starts ([`grid::synthetic::day_start_at_or_after`]), the random stream is consumed in
//! the same order as a single generation over the window, and every derived value is computed by
//! the same function of the same hour's mix, so the values equal those of
//! [`SiteConfig::series_before_trend`](super::SiteConfig::series_before_trend)'s tables bit for bit
//! (tested). Reading an hour before the two held stretches regenerates from the start of the window
//! (the ledger reads hours in increasing order; only the cyclic repetition beyond the window's end
//! goes back, to hour 0).

use super::series::{ChunkedColumn, HourColumns};
use super::stretches::{StretchGenerator, Stretches};
use super::{HourlySeries, SyntheticGrid, grid, procurement};
use crate::time::{UnixSeconds, unix_hours};
use rand_chacha::ChaCha8Rng;
use std::sync::{Arc, Mutex};

/// Hours a stretch covers at least (four weeks), before it is extended to the next start
/// of a local day. Two stretches are held: 2 × 672 h × [`COLUMNS`] × 8 bytes ≈ 86 KB a
/// site, whatever the window.
pub const STRETCH_HOURS: usize = 672;

/// Windows longer than this many hours (a leap year) are generated in stretches; shorter
/// ones as whole tables when the series are read whole ([`super::Reading::Whole`]: shared
/// by the replications of a projection, or normalised by an objective's means); read in
/// order ([`super::Reading::InOrder`]), every window is generated in stretches.
pub const CHUNKED_ABOVE_HOURS: usize = 8_784;

/// Column of the lifecycle carbon intensity, gCO2e/kWh.
pub const CI: usize = 0;
/// Column of the direct (combustion) carbon intensity, gCO2e/kWh.
pub const CI_DIRECT: usize = 1;
/// Column of the marginal carbon intensity, gCO2e/kWh.
pub const CI_MARGINAL: usize = 2;
/// Column of the carbon-free share of the mix.
pub const CFE_SHARE: usize = 3;
/// Column of the off-site water consumption, L/kWh.
pub const EWIF: usize = 4;
/// Column of the off-site water withdrawal, L/kWh.
pub const EWIF_WITHDRAWAL: usize = 5;
/// Column of the contracted supply, kW.
pub const CONTRACT_KW: usize = 6;
/// Column of the contracted supply's emission factor, gCO2e/kWh.
pub const CONTRACT_CO2: usize = 7;
/// Number of columns.
pub const COLUMNS: usize = 8;

/// What the synthetic-grid columns of a site are generated from.
#[derive(Debug)]
struct GridSource {
    grid: SyntheticGrid,
    ppas: Vec<procurement::Ppa>,
    start_unix: UnixSeconds,
}

/// The synthetic-grid columns of one site and replication, generated on demand.
#[derive(Debug)]
pub struct GridColumns {
    source: GridSource,
    stretches: Stretches<grid::synthetic::GridState>,
}

impl GridColumns {
    /// The columns of `grid` over `hours` hours from `start_unix`, drawn from `rng` (the
    /// site's `Grid` stream), with the contracted supply of `ppas`.
    pub fn new(
        grid: SyntheticGrid,
        ppas: Vec<procurement::Ppa>,
        start_unix: UnixSeconds,
        hours: usize,
        rng: ChaCha8Rng,
    ) -> GridColumns {
        let initial = grid::synthetic::GridState::new(grid.preset, rng);
        GridColumns {
            source: GridSource {
                grid,
                ppas,
                start_unix,
            },
            stretches: Stretches::new(initial, hours),
        }
    }

    /// Column `column` as a series.
    pub fn series(this: &Arc<Mutex<GridColumns>>, column: usize) -> HourlySeries {
        let (start_unix, hours) = {
            let g = this.lock().unwrap_or_else(|p| p.into_inner());
            (g.source.start_unix, g.stretches.hours)
        };
        let source: Arc<Mutex<dyn HourColumns>> = this.clone();
        HourlySeries::Chunked(ChunkedColumn::new(start_unix, hours, column, source))
    }
}

impl StretchGenerator for GridSource {
    type State = grid::synthetic::GridState;
    const COLUMNS: usize = COLUMNS;

    fn next_hour(state: &Self::State) -> usize {
        state.next_hour()
    }

    /// Generates hours up to the first start of a local day at least [`STRETCH_HOURS`] on.
    fn generate(&self, state: &mut Self::State, hours: usize, values: &mut Vec<f64>) {
        let p = self.grid.preset;
        let first = state.next_hour();
        let end = grid::synthetic::day_start_at_or_after(
            p,
            self.start_unix,
            first + STRETCH_HOURS,
            hours,
        );
        let g = state.generate(p, self.grid.trajectory.as_ref(), self.start_unix, end);
        values.reserve(g.mixes.len() * COLUMNS);
        for (k, (mix, margin)) in g.mixes.iter().zip(&g.margins).enumerate() {
            let unix = self.start_unix + unix_hours((first + k) as i64);
            let (kw, co2) =
                procurement::contract_hour(&self.ppas, unix, g.solar_cf[k], g.wind_cf[k]);
            let row: [f64; COLUMNS] = [
                mix.ci_g_per_kwh(&self.grid.emission),
                mix.ci_g_per_kwh(&self.grid.direct),
                margin.ci_g_per_kwh(&self.grid.emission),
                mix.low_carbon_share(),
                mix.ewif_l_per_kwh(&self.grid.water),
                mix.ewif_l_per_kwh(&self.grid.withdrawal),
                kw,
                co2,
            ];
            values.extend_from_slice(&row);
        }
    }
}

impl HourColumns for GridColumns {
    fn value(&mut self, index: usize, column: usize) -> f64 {
        self.stretches.value(&self.source, index, column)
    }
}

/// Whether a window of `hours` hours is generated in stretches.
pub fn chunked(hours: usize) -> bool {
    hours > CHUNKED_ABOVE_HOURS
}

#[cfg(test)]
mod tests;
