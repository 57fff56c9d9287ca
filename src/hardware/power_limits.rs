//! The power limits an operator may set on each accelerator (`nvidia-smi -pl`).
//!
//! A cap outside this range cannot be applied on the real device, so a scenario that asks for
//! one is refused. Kept apart from [`super::catalog`] so the table can grow without touching the
//! catalog's other columns. Accelerators without a published user-settable range (TPUs, AMD
//! parts here) are absent: their caps are only checked against the static power.

/// The settable power-limit range of one accelerator, W.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PowerLimitRange {
    /// Lowest limit the driver accepts, W.
    pub min_w: f64,
    /// Highest limit the driver accepts, W.
    pub max_w: f64,
}

/// `(catalog name, min W, max W)`, each from the source in the comment above it.
const LIMITS: &[(&str, f64, f64)] = &[
    // `nvidia-smi -q` on Tesla V100-SXM2 boards: "Min Power Limit 100.00 W / 150.00 W" (it
    // depends on the VBIOS: both appear in one 8-GPU node's listing), "Max Power Limit
    // 300.00 W". The lower of the two minima is kept.
    ("V100-SXM2-32GB", 100.0, 300.0),
    // `nvidia-smi -q` on a Tesla V100-PCIE (877 MHz memory, 1,230 MHz application clock):
    // "Min Power Limit 100.00 W", "Max Power Limit 250.00 W".
    ("V100-PCIE-32GB", 100.0, 250.0),
    // `nvidia-smi -q` on an A100-SXM4 (1,593 MHz memory clock): 100.00 W to 400.00 W.
    ("A100-SXM4-40GB", 100.0, 400.0),
    ("A100-SXM4-80GB", 100.0, 400.0),
    // `nvidia-smi -q` on H100-SXM5 (1,980 MHz application clock, 2,619 MHz memory), several
    // listings: "Min Power Limit 200.00 W", "Max Power Limit 700.00 W".
    ("H100-SXM5-80GB", 200.0, 700.0),
    // NVIDIA DGX B200 User Guide, "Managing Power Capping": Redfish `PowerLimitWatts`
    // `AllowableMin` 200, `AllowableMax` 1000.
    ("B200-HGX-180GB", 200.0, 1_000.0),
];

/// The settable range of a catalog accelerator, by its canonical name.
pub fn settable_range(catalog_name: &str) -> Option<PowerLimitRange> {
    LIMITS
        .iter()
        .find(|(name, _, _)| *name == catalog_name)
        .map(|&(_, min_w, max_w)| PowerLimitRange { min_w, max_w })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hardware::catalog;

    #[test]
    fn every_range_names_a_catalog_entry_and_ends_at_its_tdp() {
        for &(name, min_w, max_w) in LIMITS {
            let spec = catalog::find(name).unwrap_or_else(|| panic!("{name} not in the catalog"));
            assert_eq!(spec.name, name);
            assert!(0.0 < min_w && min_w < max_w, "{name}");
            assert_eq!(max_w, spec.tdp_w, "{name}");
            assert!(spec.idle_power_w < min_w, "{name}");
        }
        assert_eq!(
            settable_range("H100-SXM5-80GB"),
            Some(PowerLimitRange {
                min_w: 200.0,
                max_w: 700.0
            })
        );
        assert_eq!(settable_range("TPU-v4"), None);
    }
}
