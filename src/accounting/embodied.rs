//! Embodied impacts charged for holding hardware: every impact of a device (carbon,
//! minerals, fab water) is spread over the same amortisation hours and charged by the
//! accelerator-hours (and node-hours) a job holds, as BLOOM does for carbon (formula F9 of
//! `reference/published-footprints.md`).

use crate::hardware::Embodied;

/// Impacts charged for holding `slots` accelerators (and their share of servers) for
/// `seconds`: `(accelerators, servers)`.
pub fn amortised(
    slots: u64,
    gpus_per_node: u32,
    seconds: f64,
    gpu: &Embodied,
    server: &Embodied,
    amortisation_hours: f64,
) -> (Embodied, Embodied) {
    let gpu_hours = crate::time::to_hours(slots as f64 * seconds);
    let node_hours = gpu_hours / f64::from(gpus_per_node);
    (
        gpu.scaled(gpu_hours / amortisation_hours),
        server.scaled(node_hours / amortisation_hours),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_impact_is_amortised_like_carbon() {
        // Holding 8 accelerators (one node) for the whole amortisation charges each device
        // once; the carbon equals the carbon-only formula's.
        let gpu = Embodied {
            co2_kg: 164.0,
            adp_kg_sb_eq: 0.0058,
            water_l: 475.0,
        };
        let server = Embodied {
            co2_kg: 2_500.0,
            adp_kg_sb_eq: 0.37,
            water_l: 569.0,
        };
        let hours = 1_000.0;
        let (g, s) = amortised(8, 8, hours * 3_600.0, &gpu, &server, hours);
        assert_eq!(g, gpu.scaled(8.0));
        assert_eq!(s, server);
        let (gpu_kg, server_kg) =
            super::super::embodied_kg(8, 8, hours * 3_600.0, 164.0, 2_500.0, hours);
        assert_eq!((g.co2_kg, s.co2_kg), (gpu_kg, server_kg));
    }
}
