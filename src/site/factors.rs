//! The per-hour factors a site's physics yields (cooling overhead, grid intensity, water,
//! price), which the ledger turns into charges.

/// The factors in force during one hour.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourFactors {
    /// Power usage effectiveness.
    pub pue: f64,
    /// Grid carbon intensity, gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: f64,
    /// Marginal (consequential) carbon intensity: what one more kWh drawn in this hour
    /// emits, gCO2e/kWh. NaN where the site has no marginal source, so that every charge
    /// computed from it is NaN and written as an empty cell, never as a silent zero.
    pub marginal_carbon_intensity_g_per_kwh: f64,
    /// On-site water per kWh of IT energy, L/kWh (scope 1).
    pub wue_l_per_kwh: f64,
    /// Off-site water per kWh of facility energy, L/kWh (scope 2, electricity generation).
    pub ewif_l_per_kwh: f64,
    /// Off-site water withdrawn per kWh of facility energy, L/kWh (≥ `ewif_l_per_kwh`).
    pub ewif_withdrawal_l_per_kwh: f64,
    /// Electricity price, USD/MWh.
    pub price_usd_per_mwh: f64,
}
