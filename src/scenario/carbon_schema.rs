//! The scenario tables of carbon accounting by scope: `[sites.procurement]` (contractual
//! instruments for market-based Scope 2), `[sites.scope1]` (on-site emissions) and
//! `[sites.grid.fuel_factors]` (custom per-fuel emission factors). Kept apart from
//! `schema.rs` so that each file owns one idea; every key is in `docs/scenario.md`.

use schemars::JsonSchema;
use serde::Deserialize;
use std::path::PathBuf;

/// `[sites.procurement]`: contractual instruments (GHG Protocol Scope 2 Guidance).
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcurementSection {
    /// Residual-mix factor for uncovered energy, gCO2e/kWh (default: the region preset's
    /// published residual mix, else the grid's location-based factor hour by hour).
    pub residual_mix_g_per_kwh: Option<f64>,
    /// `[[sites.procurement.certificates]]`: unbundled certificates.
    #[serde(default)]
    pub certificates: Vec<CertificatesSection>,
    /// `[[sites.procurement.ppa]]`: power purchase agreements.
    #[serde(default)]
    pub ppa: Vec<PpaSection>,
    /// `[sites.procurement.battery]`: storage of contracted surplus.
    pub battery: Option<BatterySection>,
}

/// `[[sites.procurement.certificates]]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificatesSection {
    /// Volume, MWh per year (pro rata over the window).
    pub mwh_per_year: f64,
    /// Emission factor of the certified generation, gCO2e/kWh (default 0).
    #[serde(default)]
    pub co2_g_per_kwh: f64,
}

/// `[[sites.procurement.ppa]]`: a fleet profile (`technology` + `capacity_mw`) or a CSV.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PpaSection {
    /// `solar` or `wind`: the site's grid preset's fleet, scaled to `capacity_mw`.
    pub technology: Option<String>,
    /// Contracted capacity, MW (with `technology`).
    pub capacity_mw: Option<f64>,
    /// Hourly delivered power: a CSV with `time_utc` and `supply_mw` (path relative to the
    /// scenario file), covering the whole window.
    pub csv: Option<PathBuf>,
    /// Emission factor of the contracted generation, gCO2e/kWh (default 0).
    #[serde(default)]
    pub co2_g_per_kwh: f64,
}

/// `[sites.procurement.battery]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatterySection {
    /// Usable energy, MWh.
    pub energy_mwh: f64,
    /// Charge and discharge power limit, MW.
    pub power_mw: f64,
    /// Round-trip efficiency, above 0 and at most 1 (applied on discharge).
    pub round_trip_efficiency: f64,
}

/// `[sites.scope1]`: the site's own emissions (all default 0, i.e. off).
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope1Section {
    /// Refrigerant charge of the cooling plant, kg.
    #[serde(default)]
    pub refrigerant_charge_kg: f64,
    /// Share of the charge leaking per year.
    #[serde(default)]
    pub refrigerant_leak_rate_per_year: f64,
    /// Global warming potential of the refrigerant, kg CO2e per kg.
    #[serde(default)]
    pub refrigerant_gwp: f64,
    /// Diesel generator test runs, hours per year.
    #[serde(default)]
    pub generator_test_hours_per_year: f64,
    /// Diesel burnt per hour of test run, L/h.
    #[serde(default)]
    pub generator_diesel_l_per_hour: f64,
}

/// One fuel's entry of `[sites.grid.fuel_factors]`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FuelFactor {
    /// Combustion emissions per kWh generated, gCO2e/kWh.
    pub direct_g_per_kwh: f64,
    /// Upstream (fuel chain, infrastructure) per kWh generated, gCO2e/kWh (default 0).
    #[serde(default)]
    pub upstream_g_per_kwh: f64,
}
