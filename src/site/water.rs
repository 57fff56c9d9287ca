//! Water conventions of a site: how hydropower's reservoir evaporation is allocated,
//! withdrawal beside consumption, and the scarcity factor that turns consumed litres into
//! world-equivalent litres.
//!
//! - **Hydro allocation.** A share α ∈ [0, 1] of reservoir evaporation is charged to power:
//!   hydro factor = α × evaporation per kWh. α = 0 is the convention of Li et al. 2023's code
//!   (evaporation belongs to the reservoir's other uses); α = 1 charges it all to power as
//!   Macknick et al. 2012 do. No agreed allocation among a reservoir's purposes exists
//!   (Bakken et al. 2013), so α is explicit and recorded in the manifest.
//! - **Withdrawal ≥ consumption.** Withdrawal is the water taken in, consumption the part not
//!   returned. Off-site withdrawal factors default to Macknick's cooling-tower medians where
//!   they exist and to the consumption factor otherwise.
//! - **Scarcity.** AWARE 2.0 characterisation factors (m³ world-eq per m³ consumed,
//!   non-agricultural use, annual), applied to consumption (Boulay et al. 2018; Seitfudem et
//!   al. 2023). Sources and years are in `docs/accounting-water-materials.md`.

use crate::site::grid::genmix::{Source, WaterFactors, gal_per_mwh_to_l_per_kwh};

/// Macknick et al. 2012 median withdrawal of cooling-tower plants, gal/MWh, as quoted by
/// GCAM and by the kravitsjacob coefficient table (`reference/factors.md` C.2): coal 1,005,
/// natural gas combined cycle 253 (GCAM; 225 in the other), nuclear 1,101.
pub const TOWER_WITHDRAWAL_GAL_PER_MWH: [(Source, f64); 3] = [
    (Source::Coal, 1_005.0),
    (Source::Gas, 253.0),
    (Source::Nuclear, 1_101.0),
];

/// Default off-site withdrawal factors, L/kWh: per source, the larger of its consumption
/// factor and its cooling-tower withdrawal ([`TOWER_WITHDRAWAL_GAL_PER_MWH`]), so that
/// withdrawal is never below consumption. Once-through plants withdraw 35–45 times what tower
/// plants do (coal 36,350, NGCC 11,380 gal/MWh); a fleet with them needs its own factors.
pub fn default_withdrawal(consumption: &WaterFactors) -> WaterFactors {
    let mut out = *consumption;
    for (source, gal) in TOWER_WITHDRAWAL_GAL_PER_MWH {
        let w = gal_per_mwh_to_l_per_kwh(gal);
        if w > out.get(source) {
            out = out.with(source, w);
        }
    }
    out
}

/// Reservoir evaporation charged to power at α = 1, L/kWh: Macknick et al. 2012 median,
/// 4,491 gal/MWh = 17.0 L/kWh.
pub fn default_hydro_evaporation_l_per_kwh() -> f64 {
    gal_per_mwh_to_l_per_kwh(crate::site::grid::genmix::HYDRO_RESERVOIR_EVAPORATION_GAL_PER_MWH)
}

/// An AWARE 2.0 characterisation factor and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScarcityFactor {
    /// m³ world-eq per m³ consumed (= L world-eq per L).
    pub factor: f64,
    /// The AWARE entry used.
    pub entry: &'static str,
}

/// AWARE 2.0 non-agricultural annual factors for the shipped region presets (WULCA country
/// and region workbook `AWARE20_Countries_and_Regions.xlsx`, 2024-07-09, as read in
/// `reference/accounting.md` §5.4).
pub const AWARE_2_0_NON_AGRI: [(&str, ScarcityFactor); 5] = [
    (
        "US-CAL-CISO",
        ScarcityFactor {
            factor: 34.4,
            entry: "AWARE 2.0 US-CA, non-agricultural, annual",
        },
    ),
    (
        "US-TEX-ERCO",
        ScarcityFactor {
            factor: 13.5,
            entry: "AWARE 2.0 US-TX, non-agricultural, annual",
        },
    ),
    (
        "DE-LU",
        ScarcityFactor {
            factor: 2.09,
            entry: "AWARE 2.0 DE, non-agricultural, annual",
        },
    ),
    (
        "CA-ON",
        ScarcityFactor {
            factor: 1.15,
            entry: "AWARE 2.0 CA-ON, non-agricultural, annual",
        },
    ),
    (
        "ZA",
        ScarcityFactor {
            factor: 49.8,
            entry: "AWARE 2.0 ZA, non-agricultural, annual",
        },
    ),
];

/// AWARE 2.0 world average (GLO), non-agricultural, annual: the default for a site whose
/// grid is not a region preset.
pub const AWARE_2_0_WORLD: ScarcityFactor = ScarcityFactor {
    factor: 17.9,
    entry: "AWARE 2.0 GLO (world), non-agricultural, annual",
};

/// The default scarcity factor of a site whose grid is the region preset `preset` (the world
/// factor otherwise).
pub fn default_scarcity(preset: Option<&str>) -> ScarcityFactor {
    preset
        .and_then(|p| AWARE_2_0_NON_AGRI.iter().find(|(n, _)| *n == p))
        .map_or(AWARE_2_0_WORLD, |(_, f)| *f)
}

/// The water conventions a site was simulated with, as recorded in `manifest.json`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WaterConventions {
    /// Site name.
    pub site: String,
    /// How off-site water is obtained: `generation mix` or `constant`.
    pub offsite_basis: String,
    /// Share α of reservoir evaporation charged to power.
    pub hydro_allocation: f64,
    /// Reservoir evaporation per kWh of hydro at α = 1, L/kWh.
    pub hydro_evaporation_l_per_kwh: f64,
    /// Name of the consumption factor set (before per-fuel overrides).
    pub consumption_set: String,
    /// Off-site consumption factor per source, L/kWh (with α and overrides applied).
    pub consumption_l_per_kwh: Vec<(String, f64)>,
    /// Off-site withdrawal factor per source, L/kWh.
    pub withdrawal_l_per_kwh: Vec<(String, f64)>,
    /// Scarcity factor, L world-eq per L consumed.
    pub scarcity_factor: f64,
    /// Where it comes from (an AWARE entry, or `scenario`).
    pub scarcity_source: String,
}

/// Factors by source name, in [`Source::ALL`] order.
pub fn by_name(factors: &WaterFactors) -> Vec<(String, f64)> {
    Source::ALL
        .iter()
        .map(|s| (s.name().to_string(), factors.get(*s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::grid::genmix::MACKNICK_FLEET_MEDIAN;

    #[test]
    fn default_withdrawal_is_never_below_consumption() {
        let c = MACKNICK_FLEET_MEDIAN;
        let w = default_withdrawal(&c);
        for s in Source::ALL {
            assert!(w.get(s) >= c.get(s), "{}", s.name());
        }
        // Coal's tower withdrawal (1,005 gal/MWh) exceeds its fleet consumption (476); gas's
        // (253) does not exceed its fleet consumption (287), which it keeps.
        let gal = 3.785_411_784 / 1_000.0;
        assert!((w.get(Source::Coal) - 1_005.0 * gal).abs() < 1e-12);
        assert_eq!(w.get(Source::Gas), c.get(Source::Gas));
        assert_eq!(w.get(Source::Wind), 0.0);
    }

    #[test]
    fn every_region_preset_has_a_scarcity_factor() {
        for name in crate::site::grid::presets::preset_names() {
            let f = default_scarcity(Some(name));
            assert_ne!(f, AWARE_2_0_WORLD, "{name}");
            assert!(f.factor > 0.0);
        }
        assert_eq!(default_scarcity(None), AWARE_2_0_WORLD);
        // accounting.md W14: 1,000 m³ in ZA weigh 43.3 times 1,000 m³ in CA-ON.
        let ratio = default_scarcity(Some("ZA")).factor / default_scarcity(Some("CA-ON")).factor;
        assert!((ratio - 43.3).abs() < 0.05);
    }

    #[test]
    fn hydro_evaporation_default_is_macknick() {
        assert!((default_hydro_evaporation_l_per_kwh() - 17.0).abs() < 0.01);
    }
}
