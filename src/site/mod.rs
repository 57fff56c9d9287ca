//! A site: its cluster, its grid and its cooling (PUE), as hourly series.

pub mod grid;
pub mod series;

pub use series::HourlySeries;

use crate::hardware::NodeType;

/// A resolved site, ready to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    /// Unique name.
    pub name: String,
    /// Number of nodes.
    pub nodes: u32,
    /// The node type (all nodes alike).
    pub node: NodeType,
    /// Power usage effectiveness per hour.
    pub pue: HourlySeries,
    /// Grid carbon intensity per hour, gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: HourlySeries,
    /// Hours over which embodied emissions are spread: lifetime × expected utilisation.
    pub embodied_amortisation_hours: f64,
}

impl SiteConfig {
    /// Total accelerators.
    pub fn total_gpus(&self) -> u64 {
        u64::from(self.nodes) * u64::from(self.node.gpus_per_node)
    }
}
