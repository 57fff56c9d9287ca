//! The ledger: energy, carbon and embodied emissions, per job, per site and per hour.
//!
//! Power is piecewise constant between events. Site IT power is integrated exactly over
//! each interval, split at UTC hour boundaries into hourly rows; jobs are charged through
//! the running integrals of [`intensity`]. Idle power (provisioned, unallocated capacity)
//! is integrated separately, so that `Σ job IT energy + idle IT energy = site IT energy`
//! can be checked rather than assumed.

pub mod embodied;
pub mod histogram;
pub mod intensity;
pub mod matching;
pub mod part_load;
pub mod peak;
pub mod sum;

pub use intensity::{Cumulative, HourFactors, SiteIntensity};
pub use sum::{Sum, Sums};

/// Watt-seconds per kilowatt-hour.
pub const WS_PER_KWH: f64 = 3.6e6;

/// One hour of one site.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourRow {
    /// Site IT energy, W·s.
    pub it_energy_ws: f64,
    /// Of which idle (unallocated capacity and always-on power), W·s.
    pub idle_energy_ws: f64,
    /// Allocated accelerator-seconds.
    pub allocated_gpu_s: f64,
    /// Waiting jobs × seconds (for the hour's mean queue length).
    pub queued_job_s: f64,
    /// Factors in force.
    pub factors: HourFactors,
    /// Matching with contracted supply (filled once the hour is complete).
    pub matched: matching::HourMatch,
}

impl HourRow {
    /// What the hour's site energy costs.
    pub fn charges(&self) -> Charges {
        Charges::from_energy(self.it_energy_ws, &self.factors)
    }
    /// What the hour's idle energy costs.
    pub fn idle_charges(&self) -> Charges {
        Charges::from_energy(self.idle_energy_ws, &self.factors)
    }
}

/// Energy, carbon, water and electricity cost charged to a job, the idle capacity or a
/// site.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Charges {
    /// IT energy, kWh.
    pub it_energy_kwh: f64,
    /// Facility energy (IT × PUE), kWh.
    pub facility_energy_kwh: f64,
    /// Life-cycle operational carbon of facility energy, kg CO2e: Scope 2 location-based
    /// + Scope 3 category 3 (upstream fuel chain and T&D losses), location-based.
    pub co2_operational_kg: f64,
    /// Scope 2 location-based carbon: facility energy × combustion factor, kg CO2e.
    pub co2_scope2_location_kg: f64,
    /// Scope 3 category 3: upstream fuel chain (life-cycle − combustion factor) and the
    /// life-cycle carbon of T&D losses, kg CO2e.
    pub co2_scope3_cat3_kg: f64,
    /// Carbon of IT energy alone, kg CO2e (no PUE; BLOOM's "dynamic" emissions).
    pub co2_it_only_kg: f64,
    /// Marginal (consequential) carbon of facility energy, kg CO2e: facility energy × the
    /// marginal intensity, hour by hour; NaN where the site has no marginal source.
    pub co2_marginal_kg: f64,
    /// On-site (scope 1) water: IT energy × WUE, L.
    pub water_onsite_l: f64,
    /// Off-site (scope 2) water: facility energy × EWIF, L.
    pub water_offsite_l: f64,
    /// Electricity cost: facility energy × price, USD.
    pub energy_cost_usd: f64,
}

impl Charges {
    /// Charges for `power_w` drawn over `seconds`, with integrals `delta` over the same span
    /// (formula F7 of Li et al. for water).
    #[inline]
    pub fn for_phase(power_w: f64, seconds: f64, delta: &Cumulative) -> Charges {
        let per_kwh = power_w / WS_PER_KWH;
        Charges {
            it_energy_kwh: power_w * seconds / WS_PER_KWH,
            facility_energy_kwh: per_kwh * delta.pue_s,
            co2_operational_kg: per_kwh * (delta.pue_ci_s + delta.pue_ci_loss_s) / 1_000.0,
            co2_scope2_location_kg: per_kwh * delta.pue_ci_direct_s / 1_000.0,
            co2_scope3_cat3_kg: per_kwh
                * (delta.pue_ci_s - delta.pue_ci_direct_s + delta.pue_ci_loss_s)
                / 1_000.0,
            co2_it_only_kg: per_kwh * delta.ci_s / 1_000.0,
            co2_marginal_kg: per_kwh * delta.pue_mci_s / 1_000.0,
            water_onsite_l: per_kwh * delta.wue_s,
            water_offsite_l: per_kwh * delta.pue_ewif_s,
            energy_cost_usd: per_kwh * delta.pue_price_s / 1_000.0,
        }
    }

    /// Charges for `energy_ws` of IT energy within one hour with factors `f`.
    #[inline]
    pub fn from_energy(energy_ws: f64, f: &HourFactors) -> Charges {
        let kwh = energy_ws / WS_PER_KWH;
        let rate = Cumulative::rates(f);
        Charges {
            it_energy_kwh: kwh,
            facility_energy_kwh: kwh * f.pue,
            co2_operational_kg: kwh * (rate.pue_ci_s + rate.pue_ci_loss_s) / 1_000.0,
            co2_scope2_location_kg: kwh * rate.pue_ci_direct_s / 1_000.0,
            co2_scope3_cat3_kg: kwh * (rate.pue_ci_s - rate.pue_ci_direct_s + rate.pue_ci_loss_s)
                / 1_000.0,
            co2_it_only_kg: kwh * f.carbon_intensity_g_per_kwh / 1_000.0,
            co2_marginal_kg: kwh * f.pue * f.marginal_carbon_intensity_g_per_kwh / 1_000.0,
            water_onsite_l: kwh * f.wue_l_per_kwh,
            water_offsite_l: kwh * f.pue * f.ewif_l_per_kwh,
            energy_cost_usd: kwh * f.pue * f.price_usd_per_mwh / 1_000.0,
        }
    }

    /// Adds another phase.
    pub fn add(&mut self, other: &Charges) {
        self.it_energy_kwh += other.it_energy_kwh;
        self.facility_energy_kwh += other.facility_energy_kwh;
        self.co2_operational_kg += other.co2_operational_kg;
        self.co2_scope2_location_kg += other.co2_scope2_location_kg;
        self.co2_scope3_cat3_kg += other.co2_scope3_cat3_kg;
        self.co2_it_only_kg += other.co2_it_only_kg;
        self.co2_marginal_kg += other.co2_marginal_kg;
        self.water_onsite_l += other.water_onsite_l;
        self.water_offsite_l += other.water_offsite_l;
        self.energy_cost_usd += other.energy_cost_usd;
    }

    /// On-site plus off-site water, L.
    pub fn water_total_l(&self) -> f64 {
        self.water_onsite_l + self.water_offsite_l
    }
}

/// Compensated running totals of [`Charges`].
///
/// Scope 3 category 3 is not summed apart: its total is the life-cycle total minus the
/// Scope 2 total (each phase's three figures satisfy that identity, and both of those
/// totals are summed), which saves one compensated addition per phase.
///
/// The figures are lanes of one [`Sums`] (the operations of one [`Sum`] each, so the same
/// bits), padded with a tenth lane that adds zeros and is never read, so that the compiler
/// does two figures per instruction.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChargeTotals {
    sums: Sums<10>,
}

impl ChargeTotals {
    /// Adds one job's or phase's charges.
    #[inline]
    pub fn add(&mut self, c: &Charges) {
        self.sums.add([
            c.it_energy_kwh,
            c.facility_energy_kwh,
            c.co2_operational_kg,
            c.co2_scope2_location_kg,
            c.co2_it_only_kg,
            c.co2_marginal_kg,
            c.water_onsite_l,
            c.water_offsite_l,
            c.energy_cost_usd,
            0.0,
        ]);
    }

    /// The totals.
    pub fn value(&self) -> Charges {
        let v: [f64; 9] = std::array::from_fn(|i| self.sums.value(i));
        Charges {
            it_energy_kwh: v[0],
            facility_energy_kwh: v[1],
            co2_operational_kg: v[2],
            co2_scope2_location_kg: v[3],
            co2_scope3_cat3_kg: v[2] - v[3],
            co2_it_only_kg: v[4],
            co2_marginal_kg: v[5],
            water_onsite_l: v[6],
            water_offsite_l: v[7],
            energy_cost_usd: v[8],
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
    let gpu_hours = crate::time::to_hours(slots as f64 * seconds);
    let node_hours = gpu_hours / f64::from(gpus_per_node);
    (
        gpu_embodied_kg * gpu_hours / amortisation_hours,
        server_embodied_kg * node_hours / amortisation_hours,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each figure of `ChargeTotals` is the sum of that figure over the phases added, as a
    /// `Sum` gives it, and Scope 3 is life cycle minus Scope 2.
    #[test]
    fn charge_totals_sum_each_figure() {
        let mut totals = ChargeTotals::default();
        let mut it = Sum::default();
        let mut water = Sum::default();
        let mut co2 = (Sum::default(), Sum::default());
        for i in 0..1_000 {
            let x = f64::from(i);
            let c = Charges {
                it_energy_kwh: 1e12 / (x + 1.0),
                co2_operational_kg: x * 0.3,
                co2_scope2_location_kg: x * 0.1,
                water_offsite_l: -1e-9 * x,
                ..Charges::default()
            };
            totals.add(&c);
            it.add(c.it_energy_kwh);
            water.add(c.water_offsite_l);
            co2.0.add(c.co2_operational_kg);
            co2.1.add(c.co2_scope2_location_kg);
        }
        let v = totals.value();
        assert_eq!(v.it_energy_kwh.to_bits(), it.value().to_bits());
        assert_eq!(v.water_offsite_l.to_bits(), water.value().to_bits());
        assert_eq!(v.co2_scope3_cat3_kg, co2.0.value() - co2.1.value());
        assert_eq!(v.facility_energy_kwh, 0.0);
    }

    #[test]
    fn bloom_embodied_reproduces_published_split() {
        // V05: 1,082,990 GPU-h; 2,500 kg per 8-GPU server, 150 kg per GPU, 6 y × 85%.
        let amort = 6.0 * 8_760.0 * 0.85;
        let (gpu, server) =
            embodied_kg(384, 8, 1_082_990.0 / 384.0 * 3_600.0, 150.0, 2_500.0, amort);
        assert!((gpu / 1_000.0 - 3.636).abs() < 0.001, "{gpu}");
        assert!((server / 1_000.0 - 7.575).abs() < 0.001, "{server}");
    }
}
