//! Built-in accelerator catalog.
//!
//! Values come from `shared/data/hardware/accelerator_specs.csv` (compiled from vendor
//! datasheets and the pages named in its `spec_source`/`power_source` columns); the
//! per-entry comments say which. A scenario can override any field.

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
    /// Embodied emissions of one accelerator, kgCO2e, where a source gives one.
    pub embodied_kg_co2e: Option<f64>,
    /// Release year.
    pub year: u32,
}

/// Idle power as a fraction of TDP where no measured idle power is published.
///
/// Derived from the two published points in `accelerator_specs.csv` and the benchmark
/// definition: A100 measured minimum 55.7 W of 400 W (14%), H100 100 W of 700 W (14%).
pub const DEFAULT_IDLE_FRACTION_OF_TDP: f64 = 0.14;

/// Embodied carbon per A100, kgCO2e: BLOOM (Luccioni et al. 2022), as quoted in
/// `reference/published-footprints.md` §2.2; also used for H100 by a later paper whose
/// 3,700 kg per 8-GPU H100 server equals 2,500 + 8 × 150.
const BLOOM_GPU_EMBODIED_KG: f64 = 150.0;

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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: Some(BLOOM_GPU_EMBODIED_KG),
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
        embodied_kg_co2e: Some(BLOOM_GPU_EMBODIED_KG),
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
        embodied_kg_co2e: Some(BLOOM_GPU_EMBODIED_KG),
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
        embodied_kg_co2e: None,
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
