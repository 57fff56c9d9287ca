//! The per-hour factors a site's physics yields (cooling overhead, grid intensity, water,
//! price, contracted clean supply), which the ledger turns into charges.

/// The factors in force during one hour.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourFactors {
    /// Power usage effectiveness.
    pub pue: f64,
    /// Grid carbon intensity, life-cycle basis (combustion + upstream fuel chain), gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: f64,
    /// Marginal (consequential) carbon intensity: what one more kWh drawn in this hour
    /// emits, gCO2e/kWh. NaN where the site has no marginal source, so that every charge
    /// computed from it is NaN and written as an empty cell, never as a silent zero.
    pub marginal_carbon_intensity_g_per_kwh: f64,
    /// Grid carbon intensity, combustion only (the Scope 2 location-based factor), gCO2e/kWh.
    pub carbon_intensity_direct_g_per_kwh: f64,
    /// Transmission and distribution losses as a share of generation, 0 ≤ λ < 1: each kWh
    /// delivered needs 1/(1 − λ) kWh generated (Scope 3 category 3).
    pub td_loss_fraction: f64,
    /// On-site water per kWh of IT energy, L/kWh (scope 1).
    pub wue_l_per_kwh: f64,
    /// Off-site water per kWh of facility energy, L/kWh (scope 2, electricity generation).
    pub ewif_l_per_kwh: f64,
    /// Off-site water withdrawn per kWh of facility energy, L/kWh (≥ `ewif_l_per_kwh`).
    pub ewif_withdrawal_l_per_kwh: f64,
    /// Electricity price, USD/MWh.
    pub price_usd_per_mwh: f64,
    /// Contracted clean supply delivered this hour (PPAs), mean kW.
    pub contract_supply_kw: f64,
    /// Emission factor of that contracted supply (supply-weighted over contracts), gCO2e/kWh.
    pub contract_co2_g_per_kwh: f64,
    /// Carbon-free share of the grid's own supply this hour, 0–1.
    pub grid_cfe_share: f64,
}
