//! Water conventions: unknown fuels, negative factors, an allocation share outside [0, 1],
//! withdrawal below consumption.

use super::*;

/// The base scenario on a region preset (a generation mix) with `[sites.water]` = `water`.
fn with_water(water: &str) -> String {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"DE-LU\"",
    );
    edit(
        &text,
        "[sites.cluster]\n",
        &format!("[sites.water]\n{water}\n[sites.cluster]\n"),
    )
}

/// The example of `docs/scenario.md` §5.10 is valid.
#[test]
fn water_base_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(SCENARIO);
    let example = "hydro_allocation = 0.5\nscarcity_factor = 34.4\n\
                   [sites.water.consumption_l_per_kwh]\ngas = 0.76\n";
    fs::write(&path, with_water(example)).unwrap();
    let out = footprint(tmp.path())
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unknown_fuel_in_a_water_factor_table() {
    rejected_text(
        &with_water("[sites.water.consumption_l_per_kwh]\ncoal = 1.8\npeat = 2.0\n"),
        &[
            "`sites[0].water.consumption_l_per_kwh.peat`",
            "unknown fuel 'peat'",
            "expected one of coal, gas, oil, nuclear, hydro, wind, solar, biomass, geothermal, other",
        ],
    );
}

#[test]
fn negative_withdrawal_factor() {
    rejected_text(
        &with_water("[sites.water.withdrawal_l_per_kwh]\ngas = -1\n"),
        &[
            "`sites[0].water.withdrawal_l_per_kwh.gas`",
            "expected L/kWh from 0 to 1000",
            "found -1",
        ],
    );
}

#[test]
fn withdrawal_below_consumption() {
    rejected_text(
        &with_water("[sites.water.withdrawal_l_per_kwh]\nnuclear = 0.5\n"),
        &[
            "`sites[0].water.withdrawal_l_per_kwh.nuclear`",
            "expected a withdrawal at least the consumption",
            "found 0.5",
        ],
    );
}

#[test]
fn hydro_allocation_above_one() {
    rejected_text(
        &with_water("hydro_allocation = 1.5\n"),
        &[
            "`sites[0].water.hydro_allocation`",
            "expected a share from 0 to 1",
            "found 1.5",
        ],
    );
}

#[test]
fn hydro_allocation_below_zero() {
    rejected_text(
        &with_water("hydro_allocation = -0.2\n"),
        &[
            "`sites[0].water.hydro_allocation`",
            "expected a share from 0 to 1",
            "found -0.2",
        ],
    );
}

#[test]
fn negative_scarcity_factor() {
    rejected_text(
        &with_water("scarcity_factor = -3\n"),
        &["`sites[0].water.scarcity_factor`", "found -3"],
    );
}

#[test]
fn fuel_factors_without_a_generation_mix() {
    let text = edit(
        &base(),
        "[sites.cluster]\n",
        "[sites.water]\nhydro_allocation = 1\n[sites.cluster]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].water.hydro_allocation`",
            "only applies with grid.preset or grid.genmix_csv",
        ],
    );
}
