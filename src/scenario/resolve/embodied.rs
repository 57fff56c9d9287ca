//! Embodied impacts of the cluster's accelerator and servers: catalog defaults, overrides,
//! Boavizta's GPU model; a device without a value for every impact is an error (no silent
//! zeros).

use super::Checker;
use crate::hardware::AcceleratorSpec;
use crate::hardware::embodied::{self, BoaviztaGpuInputs, Embodied};
use crate::scenario::schema::{AcceleratorOverrides, ClusterSection};

/// Embodied impacts of one accelerator `name` (`spec` when it is in the catalog).
pub(super) fn accelerator(
    c: &mut Checker,
    name: &str,
    spec: Option<&AcceleratorSpec>,
    o: &AcceleratorOverrides,
    okey: &str,
) -> Embodied {
    let catalog = spec.map(AcceleratorSpec::embodied_impacts);
    let pick =
        |c: &mut Checker, field: &str, given: Option<f64>, default: Option<f64>, what: &str| {
            let k = format!("{okey}.{field}");
            match (given, default) {
                (Some(v), _) => {
                    c.non_negative(&k, v);
                    v
                }
                (None, Some(v)) => v,
                (None, None) => {
                    c.fail(
                        &k,
                        format!(
                            "accelerator '{name}' is not in the catalog: expected its {what} \
                         (0 leaves it out deliberately)"
                        ),
                    );
                    0.0
                }
            }
        };
    if let Some(b) = &o.boavizta {
        let bkey = format!("{okey}.boavizta");
        for (field, given) in [
            ("embodied_kg_co2e", o.embodied_kg_co2e),
            ("adp_kg_sb_eq", o.adp_kg_sb_eq),
        ] {
            if given.is_some() {
                c.fail(
                    &format!("{okey}.{field}"),
                    "give either boavizta (which computes it) or this value, not both",
                );
            }
        }
        if !boavizta_inputs_ok(c, b, &bkey) {
            return Embodied::default();
        }
        let (co2_kg, adp_kg_sb_eq) = embodied::boavizta_gpu(b);
        let die_water = embodied::fab_water_l(
            b.die_mm2,
            embodied::TSMC_N7_MASK_LAYERS,
            embodied::TSMC_WATER_L_PER_WAFER_LAYER_2022,
        ) * f64::from(b.dies);
        let water_l = pick(
            c,
            "embodied_water_l",
            o.embodied_water_l,
            Some(die_water),
            "",
        );
        return Embodied {
            co2_kg,
            adp_kg_sb_eq,
            water_l,
        };
    }
    Embodied {
        co2_kg: pick(
            c,
            "embodied_kg_co2e",
            o.embodied_kg_co2e,
            catalog.map(|e| e.co2_kg),
            "embodied carbon, kg CO2e per accelerator",
        ),
        adp_kg_sb_eq: pick(
            c,
            "adp_kg_sb_eq",
            o.adp_kg_sb_eq,
            catalog.map(|e| e.adp_kg_sb_eq),
            "abiotic depletion, kg Sb-eq per accelerator",
        ),
        water_l: pick(
            c,
            "embodied_water_l",
            o.embodied_water_l,
            catalog.map(|e| e.water_l),
            "fab water, L per accelerator",
        ),
    }
}

fn boavizta_inputs_ok(c: &mut Checker, b: &BoaviztaGpuInputs, key: &str) -> bool {
    let before = c.problems.len();
    for (field, v) in [
        ("casing_kg", b.casing_kg),
        ("heatsink_kg", b.heatsink_kg),
        ("pwb_cm2", b.pwb_cm2),
        ("card_kg", b.card_kg),
        ("vram_gb", b.vram_gb),
        ("boat_km", b.boat_km),
        ("truck_km", b.truck_km),
        ("plane_km", b.plane_km),
    ] {
        c.non_negative(&format!("{key}.{field}"), v);
    }
    c.range(
        &format!("{key}.die_mm2"),
        b.die_mm2,
        1.0,
        10_000.0,
        "a die area from 1 to 10000 mm²",
    );
    if b.vram_gb > 0.0 && b.vram_dies == 0 {
        c.fail(
            &format!("{key}.vram_dies"),
            "expected at least 1 memory die when vram_gb > 0",
        );
    }
    c.problems.len() == before
}

/// Embodied impacts of one server without its accelerators.
pub(super) fn server(c: &mut Checker, cluster: &ClusterSection, key: &str) -> Embodied {
    let co2_kg = cluster.server_embodied_kg_co2e;
    c.non_negative(&format!("{key}.server_embodied_kg_co2e"), co2_kg);
    let adp_kg_sb_eq = cluster
        .server_adp_kg_sb_eq
        .unwrap_or(embodied::DEFAULT_SERVER_ADP_KG_SB_EQ);
    c.non_negative(&format!("{key}.server_adp_kg_sb_eq"), adp_kg_sb_eq);
    let water_l = cluster
        .server_embodied_water_l
        .unwrap_or_else(embodied::default_server_water_l);
    c.non_negative(&format!("{key}.server_embodied_water_l"), water_l);
    Embodied {
        co2_kg,
        adp_kg_sb_eq,
        water_l,
    }
}
