//! Data: per-region defaults for carbon accounting by scope, with their sources
//! (`reference/accounting.md` §2.2 and §4.5; `docs/accounting-carbon.md` lists them).
//!
//! - Residual mix: the factor for electricity not covered by contractual instruments
//!   (GHG Protocol Scope 2 Guidance). `None` where no residual mix is published: uncovered
//!   energy then falls back to the grid's location-based factor, as the Guidance's factor
//!   hierarchy allows, and the documentation says so.
//! - T&D losses: the share of generation lost between plant and meter (Scope 3 category 3
//!   for an end consumer), national where no regional figure was read. 0 for names without
//!   a preset.

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
        // No residual mix is published for Ontario (neither Green-e nor a provincial
        // programme). T&D: World Bank WDI EG.ELC.LOSS.ZS (IEA data; edition of 2026-02-24),
        // Canada 2023: 3.99983% of output (national, applied to Ontario).
        "CA-ON" => CarbonDefaults {
            residual_mix_g_per_kwh: None,
            td_loss_fraction: (0.0399983, 2023),
        },
        // No residual mix is published for South Africa. T&D: World Bank WDI EG.ELC.LOSS.ZS
        // (IEA data; edition of 2026-02-24), South Africa 2023: 10.2491% of output.
        "ZA" => CarbonDefaults {
            residual_mix_g_per_kwh: None,
            td_loss_fraction: (0.102491, 2023),
        },
        _ => CarbonDefaults {
            residual_mix_g_per_kwh: None,
            td_loss_fraction: (0.0, 0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::carbon_defaults;

    /// The rows of the table under `heading` in docs/accounting-carbon.md whose first cell
    /// names `region`, split into trimmed cells.
    fn doc_row(heading: &str, region: &str) -> Vec<String> {
        let doc = include_str!("../../../docs/accounting-carbon.md");
        let section = doc.split(heading).nth(1).expect("section in the doc");
        let section = section.split("\n## ").next().unwrap_or(section);
        section
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| {
                l.split('|')
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .find(|cells| cells[1].split(", ").any(|name| name == region))
            .unwrap_or_else(|| panic!("no row for {region} under {heading}"))
    }

    /// docs/accounting-carbon.md §2 and §5 state every region preset's residual mix and
    /// T&D loss rate; the code uses the same figures.
    #[test]
    fn documented_defaults_match_the_code() {
        for region in crate::site::grid::presets::preset_names() {
            let defaults = carbon_defaults(region);
            let loss = doc_row("## 5. T&D losses", region);
            let documented: f64 = loss[2].parse().expect("loss share is a number");
            assert!(
                (documented - defaults.td_loss_fraction.0).abs() < 5e-5,
                "{region}: doc {documented} vs code {:?}",
                defaults.td_loss_fraction
            );
            assert!(
                defaults.td_loss_fraction.0 > 0.0,
                "{region} has a sourced loss rate"
            );
            let residual = doc_row("## 2.", region);
            match defaults.residual_mix_g_per_kwh {
                Some((g, _)) => assert_eq!(residual[2].parse::<f64>().ok(), Some(g), "{region}"),
                None => assert_eq!(residual[2], "none published", "{region}"),
            }
        }
    }
}
