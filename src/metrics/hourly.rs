//! The columns of `hourly.csv`, one row per site and hour of the window: each defined once
//! with its name, unit, meaning and value.

use super::cell::Cell;
use crate::accounting::{Charges, HourRow};
use crate::results::SiteTotals;
use crate::site::HourlySeries;
use crate::time::UnixSeconds;

/// What an `hourly.csv` row is computed from.
pub struct HourInput<'a> {
    /// Sweep point name.
    pub point: &'a str,
    /// Replication index.
    pub replication: u64,
    /// The site.
    pub site: &'a SiteTotals,
    /// Hour index from the window start.
    pub hour: u64,
    /// Start of the hour, Unix seconds.
    pub hour_unix: UnixSeconds,
    /// Seconds of the hour inside the window (the last hour may be short).
    pub seconds: f64,
    /// The hour's accumulated row.
    pub row: &'a HourRow,
    /// The hour's charges (`row.charges()`).
    pub charges: Charges,
}

impl HourInput<'_> {
    fn weather(&self, series: &Option<HourlySeries>) -> Cell<'static> {
        series
            .as_ref()
            .map_or(Cell::Empty, |s| Cell::Num(s.at(self.hour_unix)))
    }
}

/// One column of `hourly.csv`.
#[derive(Clone, Copy)]
pub struct HourlyColumn {
    /// Column name (with its unit).
    pub name: &'static str,
    /// Unit (`1` dimensionless, `count`, or empty for text).
    pub unit: &'static str,
    /// One-line meaning.
    pub doc: &'static str,
    /// The value.
    pub value: for<'a> fn(&HourInput<'a>) -> Cell<'a>,
}

const fn col(
    name: &'static str,
    unit: &'static str,
    doc: &'static str,
    value: for<'a> fn(&HourInput<'a>) -> Cell<'a>,
) -> HourlyColumn {
    HourlyColumn {
        name,
        unit,
        doc,
        value,
    }
}

/// Joules (W·s) in a kWh.
const WS_PER_KWH: f64 = 3.6e6;

/// The columns of `hourly.csv`, in order.
pub const HOURLY_COLUMNS: &[HourlyColumn] = &[
    col("point", "", "sweep point name", |h| Cell::Text(h.point)),
    col("replication", "count", "replication index", |h| {
        Cell::Int(h.replication)
    }),
    col("site", "", "site name", |h| Cell::Text(&h.site.name)),
    col("hour", "count", "hour index from the window start", |h| {
        Cell::Int(h.hour)
    }),
    col("time_utc", "", "start of the hour, UTC", |h| {
        Cell::Utc(h.hour_unix)
    }),
    col(
        "it_power_kw",
        "kW",
        "mean IT power over the hour's part inside the window",
        |h| Cell::Num(h.row.it_energy_ws / h.seconds / 1_000.0),
    ),
    col("it_energy_kwh", "kWh", "site IT energy", |h| {
        Cell::Num(h.row.it_energy_ws / WS_PER_KWH)
    }),
    col(
        "idle_energy_kwh",
        "kWh",
        "of which idle capacity and always-on power",
        |h| Cell::Num(h.row.idle_energy_ws / WS_PER_KWH),
    ),
    col("facility_energy_kwh", "kWh", "IT energy × PUE", |h| {
        Cell::Num(h.charges.facility_energy_kwh)
    }),
    col("pue", "1", "power usage effectiveness in force", |h| {
        Cell::Num(h.row.factors.pue)
    }),
    col(
        "wue_l_per_kwh",
        "L/kWh",
        "on-site water per kWh of IT energy in force",
        |h| Cell::Num(h.row.factors.wue_l_per_kwh),
    ),
    col(
        "carbon_intensity_g_per_kwh",
        "gCO2e/kWh",
        "grid carbon intensity in force, life-cycle basis",
        |h| Cell::Num(h.row.factors.carbon_intensity_g_per_kwh),
    ),
    col(
        "marginal_carbon_intensity_g_per_kwh",
        "gCO2e/kWh",
        "marginal carbon intensity in force (empty without a marginal source)",
        |h| Cell::Num(h.row.factors.marginal_carbon_intensity_g_per_kwh),
    ),
    col(
        "ewif_l_per_kwh",
        "L/kWh",
        "off-site water per kWh of facility energy in force",
        |h| Cell::Num(h.row.factors.ewif_l_per_kwh),
    ),
    col(
        "price_usd_per_mwh",
        "USD/MWh",
        "electricity price in force (may be negative)",
        |h| Cell::Num(h.row.factors.price_usd_per_mwh),
    ),
    col(
        "dry_bulb_c",
        "°C",
        "outdoor dry-bulb temperature (empty without a weather model)",
        |h| h.weather(&h.site.weather.dry_bulb_c),
    ),
    col(
        "wet_bulb_c",
        "°C",
        "outdoor wet-bulb temperature (empty without a weather model)",
        |h| h.weather(&h.site.weather.wet_bulb_c),
    ),
    col(
        "co2_operational_kg",
        "kg CO2e",
        "life-cycle operational carbon: Scope 2 location-based + Scope 3 category 3",
        |h| Cell::Num(h.charges.co2_operational_kg),
    ),
    col(
        "co2_marginal_kg",
        "kg CO2e",
        "consequential carbon of facility energy (empty without a marginal source)",
        |h| Cell::Num(h.charges.co2_marginal_kg),
    ),
    col(
        "co2_scope2_location_kg",
        "kg CO2e",
        "Scope 2 location-based: facility energy × combustion factor",
        |h| Cell::Num(h.charges.co2_scope2_location_kg),
    ),
    col(
        "co2_scope2_market_hourly_kg",
        "kg CO2e",
        "Scope 2 market-based, hourly matching",
        |h| Cell::Num(h.row.matched.co2_market_hourly_kg),
    ),
    col(
        "grid_cfe_share",
        "1",
        "carbon-free share of the grid's supply in force",
        |h| Cell::Num(h.row.factors.grid_cfe_share),
    ),
    col(
        "contract_supply_kwh",
        "kWh",
        "contracted clean supply (PPAs) delivered in the hour",
        |h| Cell::Num(h.row.matched.supply_kwh),
    ),
    col(
        "cfe_matched_kwh",
        "kWh",
        "facility energy met by contracted supply or the battery in the hour",
        |h| Cell::Num(h.row.matched.matched_kwh),
    ),
    col(
        "contract_surplus_kwh",
        "kWh",
        "max(0, contracted supply − facility energy)",
        |h| Cell::Num(h.row.matched.surplus_kwh),
    ),
    col(
        "contract_deficit_kwh",
        "kWh",
        "max(0, facility energy − contracted supply)",
        |h| Cell::Num(h.row.matched.deficit_kwh),
    ),
    col(
        "battery_discharge_kwh",
        "kWh",
        "stored contracted surplus delivered to the load",
        |h| Cell::Num(h.row.matched.battery_discharge_kwh),
    ),
    col(
        "water_onsite_l",
        "L",
        "scope-1 water: IT energy × WUE",
        |h| Cell::Num(h.charges.water_onsite_l),
    ),
    col(
        "water_offsite_l",
        "L",
        "scope-2 water: facility energy × EWIF",
        |h| Cell::Num(h.charges.water_offsite_l),
    ),
    col(
        "energy_cost_usd",
        "USD",
        "facility energy × the hour's electricity price (negative prices lower it, below zero too)",
        |h| Cell::Num(h.charges.energy_cost_usd),
    ),
    col(
        "utilization",
        "1",
        "allocated accelerator-time / provisioned accelerator-time",
        |h| {
            let capacity = h.site.gpus as f64;
            Cell::Num(if capacity > 0.0 {
                h.row.allocated_gpu_s / (capacity * h.seconds)
            } else {
                0.0
            })
        },
    ),
    col(
        "queued_jobs_mean",
        "count",
        "mean number of waiting jobs",
        |h| Cell::Num(h.row.queued_job_s / h.seconds),
    ),
];
