//! Embodied impacts of a device: carbon, abiotic depletion (minerals) and manufacturing
//! water, and the published methods that estimate them from a device's parts.
//!
//! - [`boavizta_gpu`]: Boavizta's bottom-up GPU model (BoaviztAPI `gpu.py` and the `gpu`
//!   section of `factors.yml`, PR #440, January 2026), which gives carbon (GWP) and abiotic
//!   depletion (ADP, kg Sb-eq) of a card from its masses, board area, die area and memory.
//! - [`fab_water_l`]: the water a foundry uses to make logic dies, from TSMC's published
//!   unit water use per 12-inch wafer per mask layer (the scope3 methodology's formula).
//!
//! Sources, years and the derived per-device values are in `docs/accounting-water-materials.md`.

/// Embodied impacts of one device (an accelerator, or a server without its accelerators),
/// cradle to gate unless its source says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Embodied {
    /// Carbon, kg CO2e.
    pub co2_kg: f64,
    /// Abiotic depletion potential of minerals and metals, kg Sb-eq.
    pub adp_kg_sb_eq: f64,
    /// Manufacturing (fab) water, L.
    pub water_l: f64,
}

impl Embodied {
    /// Every impact multiplied by `k` (an amortised share).
    pub fn scaled(&self, k: f64) -> Embodied {
        Embodied {
            co2_kg: self.co2_kg * k,
            adp_kg_sb_eq: self.adp_kg_sb_eq * k,
            water_l: self.water_l * k,
        }
    }

    /// Adds another device's impacts.
    pub fn add(&mut self, other: &Embodied) {
        self.co2_kg += other.co2_kg;
        self.adp_kg_sb_eq += other.adp_kg_sb_eq;
        self.water_l += other.water_l;
    }
}

/// Diameter of a 300 mm (12-inch) wafer, mm.
pub const WAFER_DIAMETER_MM: f64 = 300.0;
/// Kerf (saw street) added to each die edge, mm (BoaviztAPI `gpu.py`, `_KERF`).
pub const KERF_MM: f64 = 0.2;
/// VRAM die area per GB of memory, mm² (BoaviztAPI `gpu.py`, `VRAM_DIE_SURFACE_PER_GB`,
/// the average of the GPUs Boavizta studied).
pub const VRAM_DIE_MM2_PER_GB: f64 = 15.5;

/// Area of a 300 mm wafer, mm².
pub fn wafer_area_mm2() -> f64 {
    std::f64::consts::PI * (WAFER_DIAMETER_MM / 2.0).powi(2)
}

/// Wafer area one good die costs, mm²: BoaviztAPI's `_calculate_effective_area_on_circular_wafer`.
/// The die plus kerf is a square; the wafer holds `S/a − π·D/√(2a)` of them (the edge loss
/// of squares in a circle); the whole wafer is shared among them; a yield
/// `exp(−√(a/100 · 0.1))` (a in mm²) divides the result.
pub fn effective_die_area_mm2(die_mm2: f64) -> f64 {
    let side = die_mm2.sqrt() + KERF_MM;
    let a = side * side;
    let wafer = wafer_area_mm2();
    let dies_per_wafer = wafer / a - std::f64::consts::PI * WAFER_DIAMETER_MM / (2.0 * a).sqrt();
    let effective = a * wafer / (dies_per_wafer * a);
    let yield_fraction = (-(a / 100.0 * 0.1).sqrt()).exp();
    effective / yield_fraction
}

/// What Boavizta's bottom-up GPU model needs to know about one card.
#[derive(Clone, Copy, Debug, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BoaviztaGpuInputs {
    /// Casing mass, kg.
    pub casing_kg: f64,
    /// Heatsink mass, kg.
    pub heatsink_kg: f64,
    /// Printed wiring board area, cm².
    pub pwb_cm2: f64,
    /// Mass of the whole card, kg (transport and end of life).
    pub card_kg: f64,
    /// Area of one logic die, mm².
    pub die_mm2: f64,
    /// Number of logic dies (default 1).
    #[serde(default = "one")]
    pub dies: u32,
    /// Memory on the card, GB.
    pub vram_gb: f64,
    /// Number of memory dies (stacks) the memory is spread over.
    pub vram_dies: u32,
    /// Distance by boat, km.
    pub boat_km: f64,
    /// Distance by truck, km.
    pub truck_km: f64,
    /// Distance by plane, km.
    pub plane_km: f64,
}

fn one() -> u32 {
    1
}

/// One factor of Boavizta's GPU model: kg CO2e and kg Sb-eq per unit of the quantity it
/// multiplies (BoaviztAPI `factors.yml`, `gpu` section, `gwp` and `adpe` impacts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoaviztaFactor {
    /// Part of the card.
    pub part: &'static str,
    /// What the factor multiplies.
    pub per: &'static str,
    /// kg CO2e per unit.
    pub gwp_kg: f64,
    /// kg Sb-eq per unit.
    pub adp_kg_sb_eq: f64,
}

/// Boavizta's GPU factors, in the order of [`boavizta_gpu_quantities`].
pub const BOAVIZTA_GPU_FACTORS: [BoaviztaFactor; 9] = [
    BoaviztaFactor {
        part: "casing",
        per: "kg",
        gwp_kg: 8.2542,
        adp_kg_sb_eq: 4.0835e-4,
    },
    BoaviztaFactor {
        part: "heatsink",
        per: "kg",
        gwp_kg: 5.7412,
        adp_kg_sb_eq: 1.8669e-3,
    },
    BoaviztaFactor {
        part: "pwb",
        per: "cm2",
        gwp_kg: 3.2549e-2,
        adp_kg_sb_eq: 1.2707e-5,
    },
    BoaviztaFactor {
        part: "gpu die",
        per: "effective mm2",
        gwp_kg: 4.2592e-2,
        adp_kg_sb_eq: 1.5550e-8,
    },
    BoaviztaFactor {
        part: "vram",
        per: "effective mm2",
        gwp_kg: 1.8379e-1,
        adp_kg_sb_eq: 5.0731e-9,
    },
    BoaviztaFactor {
        part: "upstream transport",
        per: "kg of card",
        gwp_kg: 2.5955e-1,
        adp_kg_sb_eq: 1.0196e-8,
    },
    BoaviztaFactor {
        part: "boat",
        per: "kg·km",
        gwp_kg: 1.33e-5,
        adp_kg_sb_eq: 4.62e-13,
    },
    BoaviztaFactor {
        part: "truck",
        per: "kg·km",
        gwp_kg: 5.04e-5,
        adp_kg_sb_eq: 1.98e-12,
    },
    BoaviztaFactor {
        part: "plane",
        per: "kg·km",
        gwp_kg: 2.11e-3,
        adp_kg_sb_eq: 8.31e-11,
    },
];

/// End of life, per kg of card (BoaviztAPI `factors.yml`, `gpu.end_of_life.eol`).
pub const BOAVIZTA_GPU_END_OF_LIFE: BoaviztaFactor = BoaviztaFactor {
    part: "end of life",
    per: "kg of card",
    gwp_kg: 1.5062,
    adp_kg_sb_eq: 3.7140e-6,
};

/// The quantities the [`BOAVIZTA_GPU_FACTORS`] multiply, in their order.
pub fn boavizta_gpu_quantities(g: &BoaviztaGpuInputs) -> [f64; 9] {
    let die = effective_die_area_mm2(g.die_mm2) * f64::from(g.dies);
    let vram = if g.vram_dies == 0 || g.vram_gb <= 0.0 {
        0.0
    } else {
        let per_die = g.vram_gb * VRAM_DIE_MM2_PER_GB / f64::from(g.vram_dies);
        effective_die_area_mm2(per_die) * f64::from(g.vram_dies)
    };
    [
        g.casing_kg,
        g.heatsink_kg,
        g.pwb_cm2,
        die,
        vram,
        g.card_kg,
        g.card_kg * g.boat_km,
        g.card_kg * g.truck_km,
        g.card_kg * g.plane_km,
    ]
}

/// Carbon (kg CO2e) and ADP (kg Sb-eq) of one card by Boavizta's bottom-up GPU model:
/// manufacture, upstream transport, distribution and end of life.
pub fn boavizta_gpu(g: &BoaviztaGpuInputs) -> (f64, f64) {
    boavizta_gpu_from_quantities(&boavizta_gpu_quantities(g), g.card_kg)
}

/// [`boavizta_gpu`] from the quantities the factors multiply and the card's mass.
pub fn boavizta_gpu_from_quantities(q: &[f64; 9], card_kg: f64) -> (f64, f64) {
    let eol = BOAVIZTA_GPU_END_OF_LIFE;
    let sum = |f: fn(&BoaviztaFactor) -> f64| {
        BOAVIZTA_GPU_FACTORS
            .iter()
            .zip(q)
            .map(|(factor, x)| f(factor) * x)
            .sum::<f64>()
            + f(&eol) * card_kg
    };
    (sum(|f| f.gwp_kg), sum(|f| f.adp_kg_sb_eq))
}

/// Boavizta's default "large GPU" archetype masses and distances, as its unit test
/// `test_empty_gpu` uses them (BoaviztAPI `tests/api/test_component.py`): casing 0.79 kg,
/// heatsink 0.90 kg, board 296 cm², card 1.69 kg; 19,000 km by boat, 1,000 km by truck.
/// The die and memory fields are those of the test (814 mm², 80 GB on 6 dies).
pub const BOAVIZTA_LARGE_GPU: BoaviztaGpuInputs = BoaviztaGpuInputs {
    casing_kg: 0.79,
    heatsink_kg: 0.90,
    pwb_cm2: 296.0,
    card_kg: 1.69,
    die_mm2: 814.0,
    dies: 1,
    vram_gb: 80.0,
    vram_dies: 6,
    boat_km: 19_000.0,
    truck_km: 1_000.0,
    plane_km: 0.0,
};

/// TSMC unit water consumption, L per 12-inch-equivalent wafer per mask layer, 2022
/// (TSMC 2022 ESG report, as cited by the scope3 methodology page for the NVIDIA A100;
/// `reference/accounting.md` §7.2).
pub const TSMC_WATER_L_PER_WAFER_LAYER_2022: f64 = 137.3;

/// Mask layers of TSMC's 7 nm process (3D InCites 2021, as cited by the scope3 methodology;
/// `reference/accounting.md` §7.2). No count for N5/N4 was found; it is used for them too.
pub const TSMC_N7_MASK_LAYERS: f64 = 87.0;

/// Fab water of one logic die, L: water per wafer-layer × layers ÷ good dies per wafer,
/// where good dies per wafer = wafer area ÷ Boavizta's effective area (which includes edge
/// loss and yield). Memory, substrate and assembly water are not included.
pub fn fab_water_l(die_mm2: f64, mask_layers: f64, l_per_wafer_layer: f64) -> f64 {
    let good_dies_per_wafer = wafer_area_mm2() / effective_die_area_mm2(die_mm2);
    l_per_wafer_layer * mask_layers / good_dies_per_wafer
}

/// Abiotic depletion of one server without its accelerators, kg Sb-eq: EcoLogits' AWS
/// p5.48xlarge host without GPUs, computed with BoaviztAPI (`reference/accounting.md` §6.2,
/// read in EcoLogits `ecologits/impacts/llm.py`).
pub const DEFAULT_SERVER_ADP_KG_SB_EQ: f64 = 0.37;

/// Host CPU die of Boavizta's server test (`test_complete_config_server`: 24 cores ×
/// 24.5 mm² per core), mm².
pub const BOAVIZTA_SERVER_CPU_DIE_MM2: f64 = 588.0;

/// Fab water of one server without its accelerators, L: its two host CPU dies
/// ([`BOAVIZTA_SERVER_CPU_DIE_MM2`]) by [`fab_water_l`]. Memory, storage and board water are
/// not included, so this is a lower bound.
pub fn default_server_water_l() -> f64 {
    2.0 * fab_water_l(
        BOAVIZTA_SERVER_CPU_DIE_MM2,
        TSMC_N7_MASK_LAYERS,
        TSMC_WATER_L_PER_WAFER_LAYER_2022,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    #[test]
    fn effective_area_reproduces_boavizta() {
        // accounting.md §8 W1: 814 mm² → 2,808.445 mm²; 80 GB on 6 dies → 2,343.2 mm².
        assert!(close(effective_die_area_mm2(814.0), 2_808.445, 1e-5));
        let q = boavizta_gpu_quantities(&BOAVIZTA_LARGE_GPU);
        assert!(close(q[4], 2_343.2, 1e-4), "{}", q[4]);
    }

    #[test]
    fn boavizta_default_gpu_matches_its_unit_test() {
        // BoaviztAPI test_empty_gpu: GWP 575.1 kg CO2e, ADP 0.005826 kg Sb-eq (4 s.f.).
        let (gwp, adp) = boavizta_gpu(&BOAVIZTA_LARGE_GPU);
        assert!(close(gwp, 575.1, 1e-4), "{gwp}");
        assert!(close(adp, 0.005826, 1e-4), "{adp}");
    }

    #[test]
    fn boavizta_two_unit_gpu_matches_its_unit_test() {
        // BoaviztAPI test_complete_gpu_verbose (W1b): 2.2 kg card, 24 GB on 12 dies,
        // otherwise the archetype; GWP 477.2, ADP 0.01164 for 2 units.
        let g = BoaviztaGpuInputs {
            card_kg: 2.2,
            vram_gb: 24.0,
            vram_dies: 12,
            ..BOAVIZTA_LARGE_GPU
        };
        let (gwp, adp) = boavizta_gpu(&g);
        assert!(close(2.0 * gwp, 477.2, 1e-3), "{}", 2.0 * gwp);
        assert!(close(2.0 * adp, 0.01164, 1e-3), "{}", 2.0 * adp);
    }

    #[test]
    fn fab_water_reproduces_the_derived_table() {
        // accounting.md §7.3: 475 L for 814 mm² at 87 layers, 137.3 L/layer.
        let w = fab_water_l(
            814.0,
            TSMC_N7_MASK_LAYERS,
            TSMC_WATER_L_PER_WAFER_LAYER_2022,
        );
        assert!((w - 474.6).abs() < 1.0, "{w}");
    }

    #[test]
    fn server_default_water_and_the_die_share_of_adp() {
        // docs/accounting-water-materials.md: two 588 mm² CPU dies ≈ 569 L.
        assert!((default_server_water_l() - 569.0).abs() < 0.5);
        // The die adds about 4e-5 of the default card's ~0.0058 kg Sb-eq (under 1%).
        let q = boavizta_gpu_quantities(&BOAVIZTA_LARGE_GPU);
        let die = q[3] * BOAVIZTA_GPU_FACTORS[3].adp_kg_sb_eq;
        let (_, adp) = boavizta_gpu(&BOAVIZTA_LARGE_GPU);
        assert!(
            (die - 4.4e-5).abs() < 0.1e-5 && die / adp < 0.01,
            "{die} {adp}"
        );
    }

    #[test]
    fn scaling_and_adding() {
        let mut e = Embodied {
            co2_kg: 2.0,
            adp_kg_sb_eq: 4.0,
            water_l: 6.0,
        };
        e.add(&e.scaled(0.5));
        assert_eq!(
            e,
            Embodied {
                co2_kg: 3.0,
                adp_kg_sb_eq: 6.0,
                water_l: 9.0
            }
        );
    }
}
