//! The one place where a cooling system meets a weather record: [`CoolingSeries::evaluate`],
//! and the [`CoolingCache`] that evaluates a (weather record, system, load) once however many
//! sweep points and replications use it.
//!
//! Real weather files go through the cache (the scenario layer holds one per run); synthetic
//! weather, drawn anew for every replication, calls [`CoolingSeries::evaluate`] directly.

use super::breakdown::CoolingBreakdown;
use super::system::CoolingSystem;
use crate::site::HourlySeries;
use crate::site::climate::weather::Weather;
use std::sync::{Arc, Mutex};

/// Hourly PUE and on-site WUE of one system on one weather record, aligned with it.
#[derive(Clone, Debug, PartialEq)]
pub struct CoolingSeries {
    /// Power usage effectiveness.
    pub pue: HourlySeries,
    /// On-site water per IT kWh, L/kWh.
    pub wue_l_per_kwh: HourlySeries,
    /// Fans and pumps (air handlers, heat-rejection fans, all pumps), kW per kW IT: the
    /// part that [`super::part_load`] keeps above its minimum flow.
    pub movers_kw_per_kw: HourlySeries,
}

impl CoolingSeries {
    /// One evaluation of `system` per hour of `weather`, whose wet-bulb temperatures
    /// `wet_bulb_c` are already known, at IT load fraction `load_fraction`.
    pub fn evaluate(
        system: &CoolingSystem,
        weather: &Weather,
        wet_bulb_c: &[f64],
        load_fraction: f64,
    ) -> CoolingSeries {
        let points = system.evaluate_hours(weather, wet_bulb_c, load_fraction);
        let series = |f: fn(&CoolingBreakdown) -> f64| HourlySeries::Table {
            start_unix: weather.start_unix,
            values: Arc::new(points.iter().map(f).collect()),
        };
        CoolingSeries {
            pue: series(CoolingBreakdown::pue),
            wue_l_per_kwh: series(CoolingBreakdown::wue),
            movers_kw_per_kw: series(CoolingBreakdown::movers),
        }
    }
}

/// One evaluated (weather record, system, load fraction).
struct Entry {
    /// Held so that the record, compared by address, cannot be freed and its address reused.
    weather: Arc<Weather>,
    system: CoolingSystem,
    load_fraction_bits: u64,
    series: CoolingSeries,
}

/// Cooling series evaluated once per weather record (by identity: the same `Arc`), system
/// (by value) and load fraction (bit for bit). Thread-safe.
#[derive(Default)]
pub struct CoolingCache {
    entries: Mutex<Vec<Entry>>,
}

impl std::fmt::Debug for CoolingCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CoolingCache")
    }
}

impl CoolingCache {
    /// The series of `system` on `weather` at `load_fraction`, evaluated the first time.
    pub fn series(
        &self,
        system: &CoolingSystem,
        weather: &Arc<Weather>,
        load_fraction: f64,
    ) -> CoolingSeries {
        let bits = load_fraction.to_bits();
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(e) = entries.iter().find(|e| {
            Arc::ptr_eq(&e.weather, weather) && e.load_fraction_bits == bits && e.system == *system
        }) {
            return e.series.clone();
        }
        let series =
            CoolingSeries::evaluate(system, weather, &weather.wet_bulb_series(), load_fraction);
        entries.push(Entry {
            weather: Arc::clone(weather),
            system: system.clone(),
            load_fraction_bits: bits,
            series: series.clone(),
        });
        series
    }

    /// Number of evaluated (weather, system, load) combinations.
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }

    /// True when nothing has been evaluated yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
