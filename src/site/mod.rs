//! A site: its cluster, its grid and its cooling (PUE), as hourly series.

pub mod genmix;
pub mod grid;
pub mod power_cap;
pub mod series;
pub mod synthetic_grid;
pub mod weather;
pub mod cooling;
pub mod psychro;

pub use series::HourlySeries;

use crate::accounting::HourFactors;
use crate::hardware::NodeType;
use crate::time::UnixSeconds;

/// The hourly series of one site for one replication: everything the ledger multiplies
/// IT power by.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteSeries {
    /// Power usage effectiveness.
    pub pue: HourlySeries,
    /// On-site water per IT kWh, L/kWh.
    pub wue_l_per_kwh: HourlySeries,
    /// Grid carbon intensity, gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: HourlySeries,
    /// Off-site water per facility kWh, L/kWh.
    pub ewif_l_per_kwh: HourlySeries,
    /// Electricity price, USD/MWh.
    pub price_usd_per_mwh: HourlySeries,
    /// Outdoor dry-bulb temperature, °C, where a weather model is used.
    pub dry_bulb_c: Option<HourlySeries>,
    /// Outdoor wet-bulb temperature, °C, where a weather model is used.
    pub wet_bulb_c: Option<HourlySeries>,
}

impl SiteSeries {
    /// Constant PUE and carbon intensity; no water, no price, no weather.
    pub fn constant(pue: f64, carbon_intensity_g_per_kwh: f64) -> SiteSeries {
        SiteSeries {
            pue: HourlySeries::Constant(pue),
            wue_l_per_kwh: HourlySeries::Constant(0.0),
            carbon_intensity_g_per_kwh: HourlySeries::Constant(carbon_intensity_g_per_kwh),
            ewif_l_per_kwh: HourlySeries::Constant(0.0),
            price_usd_per_mwh: HourlySeries::Constant(0.0),
            dry_bulb_c: None,
            wet_bulb_c: None,
        }
    }

    /// The factors during the UTC hour starting at `hour_start_unix`.
    #[inline]
    pub fn factors_at(&self, hour_start_unix: UnixSeconds) -> HourFactors {
        HourFactors {
            pue: self.pue.at(hour_start_unix),
            carbon_intensity_g_per_kwh: self.carbon_intensity_g_per_kwh.at(hour_start_unix),
            wue_l_per_kwh: self.wue_l_per_kwh.at(hour_start_unix),
            ewif_l_per_kwh: self.ewif_l_per_kwh.at(hour_start_unix),
            price_usd_per_mwh: self.price_usd_per_mwh.at(hour_start_unix),
        }
    }
}

/// A resolved site, ready to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    /// Unique name.
    pub name: String,
    /// Number of nodes.
    pub nodes: u32,
    /// The node type (all nodes alike).
    pub node: NodeType,
    /// Hourly series that do not depend on the replication.
    pub series: SiteSeries,
    /// Hours over which embodied emissions (and capital cost) are spread: lifetime ×
    /// expected utilisation.
    pub embodied_amortisation_hours: f64,
    /// Share of electricity covered by contracted clean energy (market-based accounting).
    pub clean_energy_share: f64,
    /// Always-on site power outside the nodes (storage, network, spare nodes), W; counted
    /// as idle.
    pub always_on_power_w: f64,
    /// Cost of holding one accelerator for one hour (amortised capital or cloud price), USD.
    pub gpu_hour_cost_usd: f64,
    /// Accelerator failures, if modelled.
    pub failures: Option<crate::workload::failures::FailureModel>,
    /// Accelerator power cap, if any.
    pub power_cap: Option<power_cap::PowerCap>,
}

impl SiteConfig {
    /// Total accelerators.
    pub fn total_gpus(&self) -> u64 {
        u64::from(self.nodes) * u64::from(self.node.gpus_per_node)
    }

    /// The hourly series of one replication.
    pub fn series_for(&self, _start_unix: UnixSeconds, _replication_seed: u64) -> SiteSeries {
        self.series.clone()
    }
}
