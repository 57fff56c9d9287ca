//! Embodied impacts: no silent zeros for an accelerator outside the catalog, no negative
//! impacts, no conflicting sources.

use super::*;

/// The base scenario with a custom accelerator that gives power but not every impact.
fn custom(extra: &str) -> String {
    let text = edit(
        &base(),
        "accelerator = \"H100\"\n",
        "accelerator = \"X1\"\n",
    );
    edit(
        &text,
        "host_busy_power_w = 1000\n",
        &format!(
            "host_busy_power_w = 1000\n[sites.cluster.accelerator_overrides]\npeak_tflops = 100\ntdp_w = 300\n{extra}"
        ),
    )
}

#[test]
fn custom_accelerator_without_embodied_carbon() {
    rejected_text(
        &custom("adp_kg_sb_eq = 0.005\nembodied_water_l = 400\n"),
        &[
            "`sites[0].cluster.accelerator_overrides.embodied_kg_co2e`",
            "accelerator 'X1' is not in the catalog",
            "expected its embodied carbon",
        ],
    );
}

#[test]
fn custom_accelerator_without_minerals_or_water() {
    rejected_text(
        &custom("embodied_kg_co2e = 100\n"),
        &[
            "`sites[0].cluster.accelerator_overrides.adp_kg_sb_eq`",
            "expected its abiotic depletion",
            "`sites[0].cluster.accelerator_overrides.embodied_water_l`",
            "expected its fab water",
        ],
    );
}

#[test]
fn negative_embodied_minerals() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\nserver_adp_kg_sb_eq = -0.1\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.server_adp_kg_sb_eq`",
            "expected a number ≥ 0",
            "found -0.1",
        ],
    );
}

#[test]
fn negative_embodied_water() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n[sites.cluster.accelerator_overrides]\nembodied_water_l = -3\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator_overrides.embodied_water_l`",
            "expected a number ≥ 0",
            "found -3",
        ],
    );
}

#[test]
fn boavizta_model_and_a_carbon_value_together() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n[sites.cluster.accelerator_overrides]\nembodied_kg_co2e = 100\n\
         [sites.cluster.accelerator_overrides.boavizta]\ncasing_kg = 0.79\nheatsink_kg = 0.9\n\
         pwb_cm2 = 296\ncard_kg = 1.69\ndie_mm2 = 814\nvram_gb = 80\nvram_dies = 0\n\
         boat_km = 19000\ntruck_km = 1000\nplane_km = 0\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator_overrides.embodied_kg_co2e`",
            "give either boavizta",
            "`sites[0].cluster.accelerator_overrides.boavizta.vram_dies`",
            "expected at least 1 memory die",
        ],
    );
}
