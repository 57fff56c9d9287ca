//! `[sites.water]`: off-site consumption and withdrawal factors by fuel, the hydro
//! allocation α and the scarcity factor of a site.

use super::Checker;
use crate::scenario::schema::{HydroWaterName, SiteSection};
use crate::site::grid::genmix::{self, Source, WaterFactors};
use crate::site::water::{self as conventions, WaterConventions};
use std::collections::BTreeMap;

/// Off-site consumption and withdrawal factors of a site's generation mix.
pub(super) struct MixWater {
    /// Consumption, L/kWh by source.
    pub consumption: WaterFactors,
    /// Withdrawal, L/kWh by source.
    pub withdrawal: WaterFactors,
}

/// The factors of a site's mix, and its conventions for the manifest (completed by
/// [`conventions_for`] once the grid is known).
pub(super) fn mix_water(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
) -> (MixWater, WaterConventions) {
    let grid = &site.grid;
    let water = &site.water;
    let wkey = format!("{key}.water");
    let mix_based = grid.preset.is_some() || grid.genmix_csv.is_some();
    for (name, given) in [
        ("hydro_allocation", water.hydro_allocation.is_some()),
        (
            "hydro_evaporation_l_per_kwh",
            water.hydro_evaporation_l_per_kwh.is_some(),
        ),
        (
            "consumption_l_per_kwh",
            water.consumption_l_per_kwh.is_some(),
        ),
        ("withdrawal_l_per_kwh", water.withdrawal_l_per_kwh.is_some()),
    ] {
        if given && !mix_based {
            c.fail(
                &format!("{wkey}.{name}"),
                "only applies with grid.preset or grid.genmix_csv (a generation mix)",
            );
        }
    }
    if water.hydro_allocation.is_some() && grid.hydro_water.is_some() {
        c.fail(
            &format!("{wkey}.hydro_allocation"),
            "give either grid.hydro_water or water.hydro_allocation, not both",
        );
    }
    let alpha = water.hydro_allocation.unwrap_or(match grid.hydro_water {
        Some(HydroWaterName::ReservoirEvaporation) => 1.0,
        _ => 0.0,
    });
    c.range(
        &format!("{wkey}.hydro_allocation"),
        alpha,
        0.0,
        1.0,
        "a share from 0 to 1",
    );
    let evaporation = water
        .hydro_evaporation_l_per_kwh
        .unwrap_or_else(conventions::default_hydro_evaporation_l_per_kwh);
    c.range(
        &format!("{wkey}.hydro_evaporation_l_per_kwh"),
        evaporation,
        0.0,
        1_000.0,
        "L/kWh from 0 to 1000",
    );
    let set_name = grid
        .water_factors
        .as_deref()
        .unwrap_or("macknick_fleet_median");
    let set = genmix::water_set(set_name, genmix::HydroWater::Zero).unwrap_or_else(|| {
        c.fail(
            &format!("{key}.grid.water_factors"),
            format!(
                "unknown set '{set_name}': expected one of {}",
                genmix::water_set_names().join(", ")
            ),
        );
        genmix::MACKNICK_FLEET_MEDIAN
    });
    let mut consumption = set.with(Source::Hydro, alpha * evaporation);
    if let Some(table) = &water.consumption_l_per_kwh {
        if table.contains_key("hydro") && water.hydro_allocation.is_some() {
            c.fail(
                &format!("{wkey}.consumption_l_per_kwh.hydro"),
                "give either a hydro consumption factor or hydro_allocation, not both",
            );
        }
        consumption = overridden(
            c,
            consumption,
            table,
            &format!("{wkey}.consumption_l_per_kwh"),
        );
    }
    let mut withdrawal = conventions::default_withdrawal(&consumption);
    if let Some(table) = &water.withdrawal_l_per_kwh {
        let wk = format!("{wkey}.withdrawal_l_per_kwh");
        withdrawal = overridden(c, withdrawal, table, &wk);
        for s in Source::ALL {
            if table.contains_key(s.name()) && withdrawal.get(s) < consumption.get(s) {
                c.fail(
                    &format!("{wk}.{}", s.name()),
                    format!(
                        "expected a withdrawal at least the consumption {} L/kWh (withdrawal includes what is consumed), found {}",
                        consumption.get(s),
                        withdrawal.get(s)
                    ),
                );
            }
        }
    }
    let scarcity = conventions::default_scarcity(grid.preset.as_deref());
    let (scarcity_factor, scarcity_source) = match water.scarcity_factor {
        Some(f) => {
            c.range(
                &format!("{wkey}.scarcity_factor"),
                f,
                0.0,
                1_000.0,
                "a factor from 0 to 1000 (AWARE factors run from 0.1 to 100)",
            );
            (f, "scenario".to_string())
        }
        None => (scarcity.factor, scarcity.entry.to_string()),
    };
    let record = WaterConventions {
        site: site.name.clone(),
        offsite_basis: if mix_based && grid.ewif_l_per_kwh.is_none() {
            "generation mix".into()
        } else {
            "constant".into()
        },
        hydro_allocation: alpha,
        hydro_evaporation_l_per_kwh: evaporation,
        consumption_set: set_name.to_string(),
        consumption_l_per_kwh: conventions::by_name(&consumption),
        withdrawal_l_per_kwh: conventions::by_name(&withdrawal),
        scarcity_factor,
        scarcity_source,
    };
    (
        MixWater {
            consumption,
            withdrawal,
        },
        record,
    )
}

/// `factors` with the entries of `table` (fuel name → L/kWh) replaced; an unknown fuel or a
/// negative value is an error naming the key.
fn overridden(
    c: &mut Checker,
    factors: WaterFactors,
    table: &BTreeMap<String, f64>,
    key: &str,
) -> WaterFactors {
    let mut out = factors;
    for (fuel, &v) in table {
        let k = format!("{key}.{fuel}");
        match Source::from_name(fuel) {
            Some(source) => {
                if c.range(&k, v, 0.0, 1_000.0, "L/kWh from 0 to 1000") {
                    out = out.with(source, v);
                }
            }
            None => c.fail(
                &k,
                format!(
                    "unknown fuel '{fuel}': expected one of {}",
                    Source::ALL.map(Source::name).join(", ")
                ),
            ),
        }
    }
    out
}

/// Constant off-site withdrawal of a site whose EWIF is the constant `ewif` (or 0).
pub(super) fn constant_withdrawal(
    c: &mut Checker,
    site: &SiteSection,
    key: &str,
    ewif: f64,
) -> f64 {
    match site.water.ewif_withdrawal_l_per_kwh {
        None => ewif,
        Some(w) => {
            let k = format!("{key}.water.ewif_withdrawal_l_per_kwh");
            if site.grid.ewif_l_per_kwh.is_none() {
                c.fail(&k, "only applies with a constant grid.ewif_l_per_kwh");
            } else {
                c.range(&k, w, ewif, 1e5, &format!("L/kWh from the consumption {ewif} (withdrawal includes what is consumed) to 100000"));
            }
            w
        }
    }
}
