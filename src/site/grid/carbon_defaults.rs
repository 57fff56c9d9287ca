//! Data: per-region defaults for carbon accounting by scope, with their sources
//! (`reference/accounting.md` §2.2 and §4.5; `docs/accounting-carbon.md` lists them).
//!
//! - Residual mix: the factor for electricity not covered by contractual instruments
//!   (GHG Protocol Scope 2 Guidance). `None` where no residual mix is published: uncovered
//!   energy then falls back to the grid's location-based factor, as the Guidance's factor
//!   hierarchy allows, and the documentation says so.
//! - T&D losses: the share of generation lost between plant and meter (Scope 3 category 3
//!   for an end consumer). 0 where no source was read.

/// Carbon-accounting defaults of one region preset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CarbonDefaults {
    /// Residual-mix factor, gCO2/kWh, and the year of the data.
    pub residual_mix_g_per_kwh: Option<(f64, i32)>,
    /// Transmission and distribution loss share of generation, and the year of the data.
    pub td_loss_fraction: (f64, i32),
}

/// Defaults by region preset name; unknown names have neither (fallback, no losses).
pub fn carbon_defaults(region: &str) -> CarbonDefaults {
    match region {
        // Green-e Energy Residual Mix Emissions Rates (2018 edition), CAMX 0.240141 kg/kWh;
        // US T&D 4.7%: Argonne GREET "Update of T&D losses" (2018), mean of EPA and EIA.
        "US-CAL-CISO" => CarbonDefaults {
            residual_mix_g_per_kwh: Some((240.141, 2018)),
            td_loss_fraction: (0.047, 2018),
        },
        // Green-e 2018 edition, ERCT 0.485453 kg/kWh; T&D as above.
        "US-TEX-ERCO" => CarbonDefaults {
            residual_mix_g_per_kwh: Some((485.453, 2018)),
            td_loss_fraction: (0.047, 2018),
        },
        // AIB European Residual Mixes 2023 (v1.0, 2024-05-30), Germany 719.90 g CO2/kWh;
        // World Bank EG.ELC.LOSS.ZS (IEA) Germany 2014: 3.88%.
        "DE-LU" => CarbonDefaults {
            residual_mix_g_per_kwh: Some((719.90, 2023)),
            td_loss_fraction: (0.0388, 2014),
        },
        // Ontario and South Africa: no official residual mix and no loss rate read.
        _ => CarbonDefaults {
            residual_mix_g_per_kwh: None,
            td_loss_fraction: (0.0, 0),
        },
    }
}
