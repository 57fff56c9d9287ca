//! The machine-readable factor table `footprint catalog --format csv|json` prints: every
//! built-in accelerator's embodied impacts and the factors behind them, with method and
//! source, so that a figure can be traced without reading the code.

use crate::hardware::CATALOG;
use crate::hardware::embodied;
use serde::Serialize;

/// One factor: what it belongs to, its value and unit, and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactorRow {
    /// Family: `accelerator`, `server`, `boavizta_gpu`, `fab_water`, ….
    pub kind: &'static str,
    /// The thing it describes (an accelerator, a part, a fuel, a region).
    pub name: String,
    /// The quantity, with its unit in its name.
    pub quantity: &'static str,
    /// Value.
    pub value: f64,
    /// Unit.
    pub unit: &'static str,
    /// How the value was obtained.
    pub method: String,
    /// Source and year.
    pub source: String,
}

fn row(
    kind: &'static str,
    name: impl Into<String>,
    quantity: &'static str,
    value: f64,
    unit: &'static str,
    method: impl Into<String>,
    source: impl Into<String>,
) -> FactorRow {
    FactorRow {
        kind,
        name: name.into(),
        quantity,
        value,
        unit,
        method: method.into(),
        source: source.into(),
    }
}

const BOAVIZTA: &str = "BoaviztAPI factors.yml gpu section (PR #440, 2026)";
const TSMC_METHOD: &str = "TSMC method: 137.3 L per wafer-layer (TSMC 2022 ESG report) x 87 layers (N7) / good dies per wafer";

/// Every built-in factor, accelerators first.
pub fn rows() -> Vec<FactorRow> {
    let mut out = Vec::new();
    for a in CATALOG {
        let e = a.embodied_impacts();
        let dies: Vec<String> = a
            .embodied
            .dies
            .iter()
            .map(|(mm2, n)| format!("{n} x {mm2} mm2"))
            .collect();
        out.push(row(
            "accelerator",
            a.name,
            "embodied_co2_kg",
            e.co2_kg,
            "kg CO2e",
            a.embodied.co2_method,
            a.embodied.co2_source,
        ));
        out.push(row(
            "accelerator",
            a.name,
            "adp_kg_sb_eq",
            e.adp_kg_sb_eq,
            "kg Sb-eq",
            format!(
                "Boavizta GPU model, large-GPU archetype masses; dies {}; {} GB on {} stacks",
                dies.join(" + "),
                a.memory_gb,
                a.embodied.memory_stacks
            ),
            format!("{BOAVIZTA}; die areas: {}", a.embodied.die_source),
        ));
        out.push(row(
            "accelerator",
            a.name,
            "water_embodied_l",
            e.water_l,
            "L",
            format!("{TSMC_METHOD}; logic dies {}", dies.join(" + ")),
            format!("scope3 methodology; die areas: {}", a.embodied.die_source),
        ));
    }
    out.push(row(
        "server",
        "default",
        "embodied_co2_kg",
        2_500.0,
        "kg CO2e",
        "published LCA",
        "BLOOM (Luccioni et al. 2022), 8-GPU server without GPUs",
    ));
    out.push(row(
        "server",
        "default",
        "adp_kg_sb_eq",
        embodied::DEFAULT_SERVER_ADP_KG_SB_EQ,
        "kg Sb-eq",
        "BoaviztAPI server model",
        "EcoLogits ecologits/impacts/llm.py (commit 5be90dadc8, 2026), AWS p5.48xlarge host without GPUs via BoaviztAPI",
    ));
    out.push(row(
        "server",
        "default",
        "water_embodied_l",
        embodied::default_server_water_l(),
        "L",
        format!(
            "{TSMC_METHOD}; 2 host CPU dies of {} mm2",
            embodied::BOAVIZTA_SERVER_CPU_DIE_MM2
        ),
        "CPU die of BoaviztAPI test_complete_config_server; memory, storage, board not included",
    ));
    for f in embodied::BOAVIZTA_GPU_FACTORS
        .iter()
        .chain(std::iter::once(&embodied::BOAVIZTA_GPU_END_OF_LIFE))
    {
        out.push(row(
            "boavizta_gpu",
            f.part,
            "gwp_kg_per_unit",
            f.gwp_kg,
            "kg CO2e",
            format!("per {}", f.per),
            BOAVIZTA,
        ));
        out.push(row(
            "boavizta_gpu",
            f.part,
            "adp_kg_sb_eq_per_unit",
            f.adp_kg_sb_eq,
            "kg Sb-eq",
            format!("per {}", f.per),
            BOAVIZTA,
        ));
    }
    out.push(row(
        "fab_water",
        "TSMC",
        "water_l_per_wafer_layer",
        embodied::TSMC_WATER_L_PER_WAFER_LAYER_2022,
        "L",
        "unit water consumption, 12-inch equivalent wafer per mask layer",
        "TSMC 2022 ESG report, as cited by the scope3 methodology",
    ));
    out.push(row(
        "fab_water",
        "TSMC N7",
        "mask_layers",
        embodied::TSMC_N7_MASK_LAYERS,
        "count",
        "used for every node (no N5/N4 count found)",
        "3D InCites 2021, as cited by the scope3 methodology",
    ));
    water_rows(&mut out);
    out
}

/// Off-site water factors by fuel, withdrawal, hydro evaporation and scarcity factors.
fn water_rows(out: &mut Vec<FactorRow>) {
    use crate::site::grid::genmix::{self, HydroWater, Source, gal_per_mwh_to_l_per_kwh};
    use crate::site::water;
    for name in genmix::water_set_names() {
        let Some(set) = genmix::water_set(name, HydroWater::Zero) else {
            continue;
        };
        let source = match name {
            "macknick_fleet_median" => {
                "Macknick et al. 2012 (NREL) median consumption, fleet defaults; oil and other from Li et al. 2023"
            }
            _ => {
                "Li et al. 2023, utils/dataloader.py::load_indirect_WUE (from Macknick et al. 2012)"
            }
        };
        for s in Source::ALL {
            if s == Source::Hydro {
                continue;
            }
            out.push(row(
                "water_consumption",
                format!("{name}:{}", s.name()),
                "consumption_l_per_kwh",
                set.get(s),
                "L/kWh",
                "off-site consumption per kWh generated",
                source,
            ));
        }
    }
    out.push(row(
        "water_consumption",
        "hydro",
        "reservoir_evaporation_l_per_kwh",
        water::default_hydro_evaporation_l_per_kwh(),
        "L/kWh",
        "charged to power times the hydro allocation share (default 0)",
        "Macknick et al. 2012 median, 4,491 gal/MWh",
    ));
    for (s, gal) in water::TOWER_WITHDRAWAL_GAL_PER_MWH {
        out.push(row(
            "water_withdrawal",
            s.name(),
            "tower_withdrawal_l_per_kwh",
            gal_per_mwh_to_l_per_kwh(gal),
            "L/kWh",
            "cooling-tower median; default withdrawal = max(consumption, this)",
            "Macknick et al. 2012 as quoted by GCAM and kravitsjacob (reference factors.md C.2)",
        ));
    }
    for (region, f) in water::AWARE_2_0_NON_AGRI
        .iter()
        .map(|(r, f)| (*r, *f))
        .chain(std::iter::once(("world", water::AWARE_2_0_WORLD)))
    {
        out.push(row(
            "water_scarcity",
            region,
            "scarcity_factor",
            f.factor,
            "L world-eq/L",
            f.entry,
            "WULCA AWARE 2.0 countries and regions workbook (2024-07-09); Seitfudem et al. 2023",
        ));
    }
}

/// The accelerator table of `docs/accounting-water-materials.md`: embodied carbon, ADP and
/// fab water per catalog accelerator with the carbon method and source (a test keeps the
/// document and the catalog in step).
pub fn accelerator_markdown() -> String {
    let mut out = String::from(
        "| accelerator | kg CO2e | method | source | kg Sb-eq | fab water, L | logic dies | die areas from |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for a in CATALOG {
        let e = a.embodied_impacts();
        let dies: Vec<String> = a
            .embodied
            .dies
            .iter()
            .map(|(mm2, n)| format!("{n} × {mm2} mm²"))
            .collect();
        out += &format!(
            "| {} | {:.1} | {} | {} | {:.5} | {:.0} | {} | {} |\n",
            a.name,
            e.co2_kg,
            a.embodied.co2_method,
            a.embodied.co2_source,
            e.adp_kg_sb_eq,
            e.water_l,
            dies.join(" + "),
            a.embodied.die_source
        );
    }
    out
}

/// The rows as CSV (header `kind,name,quantity,value,unit,method,source`).
pub fn to_csv(rows: &[FactorRow]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The rows as a JSON array of objects.
pub fn to_json(rows: &[FactorRow]) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accelerator_has_non_zero_sourced_impacts() {
        let rows = rows();
        for a in CATALOG {
            for q in ["embodied_co2_kg", "adp_kg_sb_eq", "water_embodied_l"] {
                let r = rows
                    .iter()
                    .find(|r| r.name == a.name && r.quantity == q)
                    .unwrap_or_else(|| panic!("{} {q}", a.name));
                assert!(r.value > 0.0 && r.value.is_finite(), "{} {q}", a.name);
                assert!(!r.source.is_empty() && !r.method.is_empty());
            }
        }
    }

    #[test]
    fn the_document_carries_the_catalog_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/accounting-water-materials.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            doc.contains(&accelerator_markdown()),
            "docs/accounting-water-materials.md lacks the current accelerator table:\n{}",
            accelerator_markdown()
        );
    }

    #[test]
    fn every_region_preset_and_fuel_has_its_water_rows() {
        let rows = rows();
        for region in crate::site::grid::presets::preset_names() {
            assert!(
                rows.iter()
                    .any(|r| r.kind == "water_scarcity" && r.name == region && r.value > 0.0),
                "{region}"
            );
        }
        let consumption = rows
            .iter()
            .filter(|r| r.kind == "water_consumption")
            .count();
        // two sets × nine fuels (hydro apart), plus the hydro evaporation row
        assert_eq!(consumption, 2 * 9 + 1);
    }

    #[test]
    fn csv_and_json_carry_every_row() {
        let rows = rows();
        let csv = to_csv(&rows).expect("csv");
        assert_eq!(csv.lines().count(), rows.len() + 1);
        assert!(csv.starts_with("kind,name,quantity,value,unit,method,source\n"));
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&rows).expect("json")).expect("valid json");
        assert_eq!(json.as_array().map(Vec::len), Some(rows.len()));
    }
}
