//! The ledger: energy, carbon and embodied emissions, per job, per site and per hour.
//!
//! Power is piecewise constant between events. Site IT power is integrated exactly over
//! each interval, split at UTC hour boundaries into hourly rows; jobs are charged through
//! the running integrals of [`intensity`]. Idle power (provisioned, unallocated capacity)
//! is integrated separately, so that `Σ job IT energy + idle IT energy = site IT energy`
//! can be checked rather than assumed.

pub mod intensity;
pub mod sum;

pub use intensity::{Cumulative, HourFactors, SiteIntensity};
pub use sum::Sum;

/// Watt-seconds per kilowatt-hour.
pub const WS_PER_KWH: f64 = 3.6e6;

/// One hour of one site.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourRow {
    /// Site IT energy, W·s.
    pub it_energy_ws: f64,
    /// Of which idle (unallocated capacity), W·s.
    pub idle_energy_ws: f64,
    /// Allocated accelerator-seconds.
    pub allocated_gpu_s: f64,
    /// Waiting jobs × seconds (for the hour's mean queue length).
    pub queued_job_s: f64,
    /// Factors in force.
    pub factors: HourFactors,
}

impl HourRow {
    /// Facility energy of the hour, kWh.
    pub fn facility_energy_kwh(&self) -> f64 {
        self.it_energy_ws * self.factors.pue / WS_PER_KWH
    }
    /// Operational carbon of the hour, kg.
    pub fn co2_operational_kg(&self) -> f64 {
        self.facility_energy_kwh() * self.factors.carbon_intensity_g_per_kwh / 1_000.0
    }
}

/// Energy and carbon charged to one job (or to the idle capacity of a site).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Charges {
    /// IT energy, kWh.
    pub it_energy_kwh: f64,
    /// Facility energy (IT × PUE), kWh.
    pub facility_energy_kwh: f64,
    /// Operational carbon of facility energy, kg CO2e (location-based).
    pub co2_operational_kg: f64,
    /// Carbon of IT energy alone, kg CO2e (no PUE; BLOOM's "dynamic" emissions).
    pub co2_it_only_kg: f64,
}

impl Charges {
    /// Charges for `power_w` drawn over `seconds` with integrals `delta` over the same span.
    #[inline]
    pub fn for_phase(power_w: f64, seconds: f64, delta: &Cumulative) -> Charges {
        Charges {
            it_energy_kwh: power_w * seconds / WS_PER_KWH,
            facility_energy_kwh: power_w * delta.pue_s / WS_PER_KWH,
            co2_operational_kg: power_w * delta.pue_ci_s / WS_PER_KWH / 1_000.0,
            co2_it_only_kg: power_w * delta.ci_s / WS_PER_KWH / 1_000.0,
        }
    }

    /// Adds another phase.
    pub fn add(&mut self, other: &Charges) {
        self.it_energy_kwh += other.it_energy_kwh;
        self.facility_energy_kwh += other.facility_energy_kwh;
        self.co2_operational_kg += other.co2_operational_kg;
        self.co2_it_only_kg += other.co2_it_only_kg;
    }
}

/// Compensated running totals of [`Charges`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ChargeTotals {
    /// Σ IT energy, kWh.
    pub it_energy_kwh: Sum,
    /// Σ facility energy, kWh.
    pub facility_energy_kwh: Sum,
    /// Σ operational carbon, kg.
    pub co2_operational_kg: Sum,
    /// Σ IT-only carbon, kg.
    pub co2_it_only_kg: Sum,
}

impl ChargeTotals {
    /// Adds one job's or phase's charges.
    pub fn add(&mut self, c: &Charges) {
        self.it_energy_kwh.add(c.it_energy_kwh);
        self.facility_energy_kwh.add(c.facility_energy_kwh);
        self.co2_operational_kg.add(c.co2_operational_kg);
        self.co2_it_only_kg.add(c.co2_it_only_kg);
    }

    /// The totals.
    pub fn value(&self) -> Charges {
        Charges {
            it_energy_kwh: self.it_energy_kwh.value(),
            facility_energy_kwh: self.facility_energy_kwh.value(),
            co2_operational_kg: self.co2_operational_kg.value(),
            co2_it_only_kg: self.co2_it_only_kg.value(),
        }
    }
}

/// Embodied emissions charged for holding `slots` accelerators (and their share of
/// servers) for `seconds`, amortised over `amortisation_hours` (BLOOM: 6 years × 85%;
/// formula F9 in `reference/published-footprints.md`).
pub fn embodied_kg(
    slots: u64,
    gpus_per_node: u32,
    seconds: f64,
    gpu_embodied_kg: f64,
    server_embodied_kg: f64,
    amortisation_hours: f64,
) -> (f64, f64) {
    let gpu_hours = slots as f64 * seconds / 3_600.0;
    let node_hours = gpu_hours / f64::from(gpus_per_node);
    (gpu_embodied_kg * gpu_hours / amortisation_hours, server_embodied_kg * node_hours / amortisation_hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bloom_embodied_reproduces_published_split() {
        // V05: 1,082,990 GPU-h; 2,500 kg per 8-GPU server, 150 kg per GPU, 6 y × 85%.
        let amort = 6.0 * 8_760.0 * 0.85;
        let (gpu, server) = embodied_kg(384, 8, 1_082_990.0 / 384.0 * 3_600.0, 150.0, 2_500.0, amort);
        assert!((gpu / 1_000.0 - 3.636).abs() < 0.001, "{gpu}");
        assert!((server / 1_000.0 - 7.575).abs() < 0.001, "{server}");
    }
}
