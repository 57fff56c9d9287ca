//! Built-in accelerator catalog.
//!
//! Values come from `shared/data/hardware/accelerator_specs.csv` (compiled from vendor
//! datasheets and the pages named in its `spec_source`/`power_source` columns); the
//! per-entry comments say which. A scenario can override any field. Embodied carbon, die
//! areas and the methods behind them are in `docs/accounting-water-materials.md`.

use super::embodied::{self, BoaviztaGpuInputs, Embodied};

/// Static description of one accelerator model.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceleratorSpec {
    /// Canonical name, as in `accelerator_specs.csv`.
    pub name: &'static str,
    /// Short aliases accepted in scenarios (case-insensitive).
    pub aliases: &'static [&'static str],
    /// Peak dense BF16 (FP16 where no BF16) throughput, FLOP/s.
    pub peak_flops: f64,
    /// Thermal design power, W (for TPUs, the published measured maximum).
    pub tdp_w: f64,
    /// Power when powered but idle, W.
    pub idle_power_w: f64,
    /// High-bandwidth memory, GB.
    pub memory_gb: f64,
    /// Embodied carbon and the inputs of the mineral and water estimates.
    pub embodied: EmbodiedSpec,
    /// Release year.
    pub year: u32,
}

/// Idle power as a fraction of TDP where no measured idle power is published.
///
/// Derived from the two published points in `accelerator_specs.csv` and the benchmark
/// definition: A100 measured minimum 55.7 W of 400 W (14%), H100 100 W of 700 W (14%).
pub const DEFAULT_IDLE_FRACTION_OF_TDP: f64 = 0.14;

/// Embodied carbon per A100, kgCO2e: BLOOM (Luccioni et al. 2022, §4, for the A100-80GB
/// cards of Jean Zay), as quoted in `reference/published-footprints.md` §2.2.
const BLOOM_GPU_EMBODIED_KG: f64 = 150.0;

/// NVIDIA HGX H100 product carbon footprint: 1,312 kg CO2e per 8-GPU baseboard, cradle to
/// gate (NVIDIA PCF summary, third-party reviewed; `reference/accounting.md` §6.1, checked
/// against NVIDIA's published 0.66 g per EFLOP in §8 W13).
const HGX_H100_PCF_KG: f64 = 1_312.0;
/// NVIDIA HGX B200 product carbon footprint: 2,274 kg CO2e per 8-GPU baseboard (same
/// sources; W13 reproduces NVIDIA's 0.50 g per EFLOP).
const HGX_B200_PCF_KG: f64 = 2_274.0;
/// Share of the HGX H100 footprint in HBM (42%, the PCF summary's breakdown), per GB of its
/// 8 × 80 GB: 0.42 × 1,312 / 640 = 0.861 kg CO2e per GB.
const HGX_H100_HBM_KG_PER_GB: f64 = 0.42 * HGX_H100_PCF_KG / 640.0;
/// LLMCarbon (Faiz et al., ICLR 2024, `data/hardware.csv`): DRAM 0.4 kg CO2e per GB.
const LLMCARBON_DRAM_KG_PER_GB: f64 = 0.4;
/// LLMCarbon carbon per die area, kg CO2e per cm²: 16 nm 1.0, 12 nm 1.2, 7 nm 1.6, 4 nm 1.8.
const LLMCARBON_CPA_16NM: f64 = 1.0;
const LLMCARBON_CPA_12NM: f64 = 1.2;
const LLMCARBON_CPA_7NM: f64 = 1.6;
const LLMCARBON_CPA_4NM: f64 = 1.8;

/// How a catalog accelerator's embodied carbon was obtained, and what its mineral (ADP)
/// and fab water estimates are computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbodiedSpec {
    /// Embodied carbon of one accelerator, kg CO2e.
    pub co2_kg: f64,
    /// Method: `vendor PCF`, `published LCA`, `vendor PCF + HBM` or `LLMCarbon die area`.
    pub co2_method: &'static str,
    /// Source and the inputs of the arithmetic.
    pub co2_source: &'static str,
    /// Logic dies: (area of one die in mm², count).
    pub dies: &'static [(f64, u32)],
    /// Where the die areas come from.
    pub die_source: &'static str,
    /// Memory stacks (dies, in Boavizta's VRAM model) the memory is spread over.
    pub memory_stacks: u32,
}

impl AcceleratorSpec {
    /// Embodied impacts of one accelerator: the catalog carbon; ADP by Boavizta's GPU model
    /// with its large-GPU archetype masses and this part's dies and memory; fab water of its
    /// logic dies by the TSMC method (87 mask layers, 137.3 L per wafer-layer).
    pub fn embodied_impacts(&self) -> Embodied {
        Embodied {
            co2_kg: self.embodied.co2_kg,
            adp_kg_sb_eq: self.boavizta_adp_kg_sb_eq(),
            water_l: self.fab_water_l(),
        }
    }

    /// ADP of one card, kg Sb-eq (Boavizta GPU model, archetype masses).
    pub fn boavizta_adp_kg_sb_eq(&self) -> f64 {
        let card = BoaviztaGpuInputs {
            die_mm2: 0.0,
            dies: 0,
            vram_gb: self.memory_gb,
            vram_dies: self.embodied.memory_stacks,
            ..embodied::BOAVIZTA_LARGE_GPU
        };
        let mut q = embodied::boavizta_gpu_quantities(&card);
        q[3] = self
            .embodied
            .dies
            .iter()
            .map(|&(a, n)| embodied::effective_die_area_mm2(a) * f64::from(n))
            .sum();
        embodied::boavizta_gpu_from_quantities(&q, card.card_kg).1
    }

    /// Fab water of the logic dies, L.
    pub fn fab_water_l(&self) -> f64 {
        self.embodied
            .dies
            .iter()
            .map(|&(a, n)| {
                embodied::fab_water_l(
                    a,
                    embodied::TSMC_N7_MASK_LAYERS,
                    embodied::TSMC_WATER_L_PER_WAFER_LAYER_2022,
                ) * f64::from(n)
            })
            .sum()
    }
}

const TERA: f64 = 1e12;

/// The built-in catalog, oldest first.
pub const CATALOG: &[AcceleratorSpec] = &[
    // NVIDIA V100 whitepaper: 125 TFLOP/s FP16 tensor (no BF16), 300 W.
    AcceleratorSpec {
        name: "V100-SXM2-32GB",
        aliases: &["V100"],
        peak_flops: 125.0 * TERA,
        tdp_w: 300.0,
        idle_power_w: 300.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 32.0,
        embodied: EmbodiedSpec {
            co2_kg: 8.15 * LLMCARBON_CPA_12NM + 32.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon (Faiz et al. 2024): 8.15 cm2 x 1.2 kg/cm2 (12 nm) + 32 GB x 0.4 kg/GB; no board-level source found",
            dies: &[(815.0, 1)],
            die_source: "815 mm2 (NVIDIA V100 whitepaper; LLMCarbon hardware.csv 8.15 cm2)",
            memory_stacks: 4,
        },
        year: 2018,
    },
    // NVIDIA V100 datasheet, PCIe form factor: 112 TFLOP/s FP16 tensor, 250 W (the GPU of
    // McDonald et al. 2022, whose default limit is 250 W).
    AcceleratorSpec {
        name: "V100-PCIE-32GB",
        aliases: &["V100-PCIE"],
        peak_flops: 112.0 * TERA,
        tdp_w: 250.0,
        idle_power_w: 250.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 32.0,
        // Same GV100 die and 32 GB of HBM2 as the SXM2 part.
        embodied: EmbodiedSpec {
            co2_kg: 8.15 * LLMCARBON_CPA_12NM + 32.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon (Faiz et al. 2024): 8.15 cm2 x 1.2 kg/cm2 (12 nm) + 32 GB x 0.4 kg/GB, as for V100-SXM2 (same die and memory); no board-level source found",
            dies: &[(815.0, 1)],
            die_source: "815 mm2 (NVIDIA V100 whitepaper; LLMCarbon hardware.csv 8.15 cm2)",
            memory_stacks: 4,
        },
        year: 2018,
    },
    // NVIDIA A100 datasheet: 312 TFLOP/s dense BF16, 400 W; idle = Acme measured minimum 55.7 W.
    AcceleratorSpec {
        name: "A100-SXM4-40GB",
        aliases: &["A100-40GB", "A100"],
        peak_flops: 312.0 * TERA,
        tdp_w: 400.0,
        idle_power_w: 55.7,
        memory_gb: 40.0,
        embodied: EmbodiedSpec {
            co2_kg: BLOOM_GPU_EMBODIED_KG,
            co2_method: "published LCA",
            co2_source: "BLOOM (Luccioni et al. 2022, sec. 4): 150 kg per A100 (given for the 80 GB card; the same die)",
            dies: &[(826.0, 1)],
            die_source: "826 mm2 (NVIDIA A100 whitepaper; LLMCarbon 8.26 cm2)",
            memory_stacks: 5,
        },
        year: 2020,
    },
    // Same compute and power as the 40 GB part (glennklockwood.com, A100 page).
    AcceleratorSpec {
        name: "A100-SXM4-80GB",
        aliases: &["A100-80GB"],
        peak_flops: 312.0 * TERA,
        tdp_w: 400.0,
        idle_power_w: 55.7,
        memory_gb: 80.0,
        embodied: EmbodiedSpec {
            co2_kg: BLOOM_GPU_EMBODIED_KG,
            co2_method: "published LCA",
            co2_source: "BLOOM (Luccioni et al. 2022, sec. 4): 150 kg per A100-80GB",
            dies: &[(826.0, 1)],
            die_source: "826 mm2 (NVIDIA A100 whitepaper; LLMCarbon 8.26 cm2)",
            memory_stacks: 5,
        },
        year: 2021,
    },
    // NVIDIA Hopper whitepaper: 989.4 TFLOP/s dense BF16; 700 W (Llama 3 paper §3.3.1).
    AcceleratorSpec {
        name: "H100-SXM5-80GB",
        aliases: &["H100", "H100-SXM"],
        peak_flops: 989.4 * TERA,
        tdp_w: 700.0,
        idle_power_w: 100.0,
        memory_gb: 80.0,
        embodied: EmbodiedSpec {
            co2_kg: HGX_H100_PCF_KG / 8.0,
            co2_method: "vendor PCF",
            co2_source: "NVIDIA HGX H100 PCF summary: 1,312 kg per 8-GPU baseboard / 8",
            dies: &[(814.0, 1)],
            die_source: "814 mm2 (NVIDIA Hopper whitepaper; LLMCarbon 8.14 cm2)",
            memory_stacks: 5,
        },
        year: 2022,
    },
    // Compute identical to H100 SXM; 141 GB HBM3e.
    AcceleratorSpec {
        name: "H200-SXM-141GB",
        aliases: &["H200"],
        peak_flops: 989.4 * TERA,
        tdp_w: 700.0,
        idle_power_w: 100.0,
        memory_gb: 141.0,
        embodied: EmbodiedSpec {
            co2_kg: HGX_H100_PCF_KG / 8.0 + (141.0 - 80.0) * HGX_H100_HBM_KG_PER_GB,
            co2_method: "vendor PCF + HBM",
            co2_source: "same GH100 die as H100: HGX H100 PCF / 8 + 61 GB more HBM x 0.861 kg/GB (the PCF's 42% HBM share / 640 GB)",
            dies: &[(814.0, 1)],
            die_source: "814 mm2 (GH100, as H100)",
            memory_stacks: 6,
        },
        year: 2024,
    },
    // HGX B200 at 1,000 W: 2,250 TFLOP/s dense BF16 (glennklockwood.com, B200 page).
    AcceleratorSpec {
        name: "B200-HGX-180GB",
        aliases: &["B200"],
        peak_flops: 2_250.0 * TERA,
        tdp_w: 1_000.0,
        idle_power_w: 1_000.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 180.0,
        embodied: EmbodiedSpec {
            co2_kg: HGX_B200_PCF_KG / 8.0,
            co2_method: "vendor PCF",
            co2_source: "NVIDIA HGX B200 PCF summary: 2,274 kg per 8-GPU baseboard / 8",
            dies: &[(814.0, 2)],
            die_source: "2 reticle-limited dies (NVIDIA); 814 mm2 each assumed (GH100's area; NVIDIA publishes none)",
            memory_stacks: 8,
        },
        year: 2024,
    },
    // cloud.google.com/tpu/docs/v3: 123 TFLOP/s; measured min/mean/max 123/220/262 W.
    AcceleratorSpec {
        name: "TPU-v3",
        aliases: &["TPUv3"],
        peak_flops: 123.0 * TERA,
        tdp_w: 262.0,
        idle_power_w: 123.0,
        memory_gb: 32.0,
        embodied: EmbodiedSpec {
            co2_kg: 7.0 * LLMCARBON_CPA_16NM + 32.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon (Faiz et al. 2024): 7.0 cm2 x 1.0 kg/cm2 (16 nm) + 32 GB x 0.4 kg/GB",
            dies: &[(700.0, 1)],
            die_source: "700 mm2 (LLMCarbon hardware.csv)",
            memory_stacks: 4,
        },
        year: 2018,
    },
    // cloud.google.com/tpu/docs/v4: 275 TFLOP/s; measured min/mean/max 90/170/192 W.
    AcceleratorSpec {
        name: "TPU-v4",
        aliases: &["TPUv4"],
        peak_flops: 275.0 * TERA,
        tdp_w: 192.0,
        idle_power_w: 90.0,
        memory_gb: 32.0,
        embodied: EmbodiedSpec {
            co2_kg: 4.0 * LLMCARBON_CPA_7NM + 32.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon (Faiz et al. 2024): 4.0 cm2 x 1.6 kg/cm2 (7 nm) + 32 GB x 0.4 kg/GB",
            dies: &[(400.0, 1)],
            die_source: "400 mm2 (LLMCarbon hardware.csv)",
            memory_stacks: 4,
        },
        year: 2021,
    },
    // cloud.google.com/tpu/docs/v5p-training: 459 TFLOP/s. Power is not published:
    // 400 W is an assumption (about twice v4's measured maximum, scaled with peak FLOP/s
    // at v4's FLOP/W would give 320 W); override it when you know better.
    AcceleratorSpec {
        name: "TPU-v5p",
        aliases: &["TPUv5p"],
        peak_flops: 459.0 * TERA,
        tdp_w: 400.0,
        idle_power_w: 400.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 95.0,
        embodied: EmbodiedSpec {
            co2_kg: 1_101.0,
            co2_method: "published LCA",
            co2_source: "Schneider et al. 2025 (Google, arXiv 2502.01671), about 1,101 kg per TPU v5p as transcribed; its boundary may include a host share",
            dies: &[(814.0, 1)],
            die_source: "not published; 814 mm2 assumed (a reticle-sized die, as Boavizta's large-GPU archetype)",
            memory_stacks: 6,
        },
        year: 2023,
    },
    // AMD MI200 launch table: 383 TFLOP/s BF16, 560 W (dual-die OAM).
    AcceleratorSpec {
        name: "MI250X",
        aliases: &[],
        peak_flops: 383.0 * TERA,
        tdp_w: 560.0,
        idle_power_w: 560.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 128.0,
        embodied: EmbodiedSpec {
            co2_kg: 2.0 * 7.9 * LLMCARBON_CPA_7NM + 128.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon method: 2 x 7.9 cm2 x 1.6 kg/cm2 (N6 at the 7 nm factor) + 128 GB x 0.4 kg/GB; AMD publishes no PCF",
            dies: &[(790.0, 2)],
            die_source: "about 790 mm2 per GCD (Tom's Hardware estimate from photos, Nov 2021; AMD publishes none)",
            memory_stacks: 8,
        },
        year: 2021,
    },
    // AMD MI300X: 1,307 TFLOP/s dense FP16/BF16, 750 W.
    AcceleratorSpec {
        name: "MI300X",
        aliases: &[],
        peak_flops: 1_307.0 * TERA,
        tdp_w: 750.0,
        idle_power_w: 750.0 * DEFAULT_IDLE_FRACTION_OF_TDP,
        memory_gb: 192.0,
        embodied: EmbodiedSpec {
            co2_kg: 8.0 * 1.1 * LLMCARBON_CPA_4NM
                + 4.0 * 3.7 * LLMCARBON_CPA_7NM
                + 192.0 * LLMCARBON_DRAM_KG_PER_GB,
            co2_method: "LLMCarbon die area",
            co2_source: "LLMCarbon method: 8 XCD x 1.1 cm2 x 1.8 kg/cm2 (N5 at the 4 nm factor) + 4 IOD x 3.7 cm2 x 1.6 (N6 at 7 nm) + 192 GB x 0.4 kg/GB; AMD publishes no PCF",
            dies: &[(110.0, 8), (370.0, 4)],
            die_source: "estimates, AMD publishes none: XCD about 110 mm2 (press report of a leak, 2022), IOD about 370 mm2 (reference/accounting.md, unverified)",
            memory_stacks: 8,
        },
        year: 2023,
    },
];

/// Looks an accelerator up by name or alias, ignoring case.
pub fn find(name: &str) -> Option<&'static AcceleratorSpec> {
    CATALOG.iter().find(|spec| {
        spec.name.eq_ignore_ascii_case(name)
            || spec.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// Every accepted name, for error messages.
pub fn known_names() -> Vec<&'static str> {
    CATALOG.iter().map(|s| s.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name_and_alias() {
        assert_eq!(find("h100").map(|s| s.name), Some("H100-SXM5-80GB"));
        assert_eq!(find("A100-SXM4-80GB").map(|s| s.tdp_w), Some(400.0));
        assert!(find("Z80").is_none());
    }

    #[test]
    fn catalog_is_physically_plausible() {
        for spec in CATALOG {
            assert!(
                spec.idle_power_w > 0.0 && spec.idle_power_w < spec.tdp_w,
                "{}",
                spec.name
            );
            assert!(spec.peak_flops > 1e13, "{}", spec.name);
        }
        // names and aliases are unique
        let mut all: Vec<String> = CATALOG
            .iter()
            .flat_map(|s| std::iter::once(s.name).chain(s.aliases.iter().copied()))
            .map(str::to_ascii_lowercase)
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
