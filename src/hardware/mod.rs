//! Accelerators, nodes and their power.

pub mod catalog;
pub mod embodied;
pub mod power;
pub mod power_limits;

pub use catalog::{AcceleratorSpec, CATALOG, find};
pub use embodied::Embodied;
pub use power::{AcceleratorPower, PowerCurve, PowerState};
pub use power_limits::PowerLimitRange;

/// A fully resolved accelerator (catalog entry plus scenario overrides).
#[derive(Clone, Debug, PartialEq)]
pub struct Accelerator {
    /// Name, as in the catalog or the scenario.
    pub name: String,
    /// Peak dense BF16/FP16 throughput, FLOP/s.
    pub peak_flops: f64,
    /// Thermal design power, W.
    pub tdp_w: f64,
    /// Power model.
    pub power: AcceleratorPower,
    /// Embodied impacts of one accelerator (carbon, minerals, fab water).
    pub embodied: Embodied,
    /// Power limits the driver accepts (catalog or overrides; `None` when unpublished).
    pub power_limit: Option<PowerLimitRange>,
}

/// A node type: n accelerators plus host (CPUs, memory, network, fans).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeType {
    /// Accelerator fitted in every node.
    pub accelerator: Accelerator,
    /// Accelerators per node.
    pub gpus_per_node: u32,
    /// Host power when no accelerator of the node is allocated, W.
    pub host_idle_w: f64,
    /// Host power when at least one accelerator is allocated, W.
    pub host_busy_w: f64,
    /// Embodied impacts of one server without its accelerators.
    pub server_embodied: Embodied,
}
