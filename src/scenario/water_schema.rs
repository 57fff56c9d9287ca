//! `[sites.water]`: the water conventions of a site (see `site::water`).

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[sites.water]`; every key is optional.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaterSection {
    /// Share α of reservoir evaporation charged to power, 0–1 (default 0, as Li et al.
    /// 2023's code; needs a generation mix).
    pub hydro_allocation: Option<f64>,
    /// Reservoir evaporation per kWh of hydro at α = 1, L/kWh (default 17.0, Macknick et
    /// al. 2012 median).
    pub hydro_evaporation_l_per_kwh: Option<f64>,
    /// Off-site consumption factors by fuel, L/kWh, replacing those of
    /// `grid.water_factors` (needs a generation mix).
    pub consumption_l_per_kwh: Option<BTreeMap<String, f64>>,
    /// Off-site withdrawal factors by fuel, L/kWh (default: the larger of the consumption
    /// factor and Macknick's cooling-tower withdrawal; needs a generation mix).
    pub withdrawal_l_per_kwh: Option<BTreeMap<String, f64>>,
    /// Constant off-site withdrawal per facility kWh, L/kWh, with a constant
    /// `grid.ewif_l_per_kwh` (default: equal to it).
    pub ewif_withdrawal_l_per_kwh: Option<f64>,
    /// Scarcity factor, L world-eq per L consumed (default: AWARE 2.0 non-agricultural
    /// annual factor of the grid preset's region, else the world's).
    pub scarcity_factor: Option<f64>,
}
