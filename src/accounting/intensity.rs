//! Running integrals of the hourly factors, so that a job is charged in O(1) per
//! constant-power phase however many hours it spans.
//!
//! For a site, `K(t) = ∫₀ᵗ f(s) ds` for each factor `f` (PUE, PUE·CI, CI). All factors
//! are piecewise constant per UTC hour, so `K` is piecewise linear and exact: a job drawing
//! `P` watts over `[a, b)` is charged `P · (K(b) − K(a))`. DESIGN §3.

use crate::engine::{SECONDS_PER_HOUR, SimTime};
use crate::site::{HourlySeries, SiteConfig};
use crate::time::UnixSeconds;

/// The factors in force during one hour.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourFactors {
    /// Power usage effectiveness.
    pub pue: f64,
    /// Grid carbon intensity, gCO2e/kWh.
    pub carbon_intensity_g_per_kwh: f64,
}

/// `∫ f ds` for each factor, in factor·seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cumulative {
    /// ∫ PUE ds: facility energy per IT watt, W·s per W.
    pub pue_s: f64,
    /// ∫ PUE·CI ds: operational (facility) carbon per IT watt.
    pub pue_ci_s: f64,
    /// ∫ CI ds: carbon of IT energy alone (no PUE), as BLOOM reports "dynamic" emissions.
    pub ci_s: f64,
}

impl Cumulative {
    /// `self − earlier`.
    #[inline]
    pub fn since(&self, earlier: &Cumulative) -> Cumulative {
        Cumulative {
            pue_s: self.pue_s - earlier.pue_s,
            pue_ci_s: self.pue_ci_s - earlier.pue_ci_s,
            ci_s: self.ci_s - earlier.ci_s,
        }
    }
}

/// Hourly factors of one site over simulated time, extended on demand.
#[derive(Clone, Debug)]
pub struct SiteIntensity {
    start_unix: UnixSeconds,
    pue: HourlySeries,
    carbon_intensity: HourlySeries,
    hours: Vec<HourFactors>,
    /// `prefix[h]` = K at the start of hour h.
    prefix: Vec<Cumulative>,
}

impl SiteIntensity {
    /// Integrals for a site whose simulation starts at `start_unix` (a whole UTC hour).
    pub fn new(site: &SiteConfig, start_unix: UnixSeconds) -> Self {
        SiteIntensity {
            start_unix,
            pue: site.pue.clone(),
            carbon_intensity: site.carbon_intensity_g_per_kwh.clone(),
            hours: Vec::new(),
            prefix: vec![Cumulative::default()],
        }
    }

    /// Makes sure hours `0..=hour` are known.
    pub fn extend_to_hour(&mut self, hour: usize) {
        while self.hours.len() <= hour {
            let h = self.hours.len();
            let unix = self.start_unix + (h as i64) * SECONDS_PER_HOUR as i64;
            let f = HourFactors { pue: self.pue.at(unix), carbon_intensity_g_per_kwh: self.carbon_intensity.at(unix) };
            let last = self.prefix[h];
            let s = SECONDS_PER_HOUR as f64;
            self.prefix.push(Cumulative {
                pue_s: last.pue_s + f.pue * s,
                pue_ci_s: last.pue_ci_s + f.pue * f.carbon_intensity_g_per_kwh * s,
                ci_s: last.ci_s + f.carbon_intensity_g_per_kwh * s,
            });
            self.hours.push(f);
        }
    }

    /// K(t).
    #[inline]
    pub fn at(&mut self, t: SimTime) -> Cumulative {
        let hour = (t / SECONDS_PER_HOUR) as usize;
        self.extend_to_hour(hour);
        let base = self.prefix[hour];
        let f = self.hours[hour];
        let into = (t - hour as u64 * SECONDS_PER_HOUR) as f64;
        Cumulative {
            pue_s: base.pue_s + f.pue * into,
            pue_ci_s: base.pue_ci_s + f.pue * f.carbon_intensity_g_per_kwh * into,
            ci_s: base.ci_s + f.carbon_intensity_g_per_kwh * into,
        }
    }

    /// Factors of hour `hour` (extending if needed).
    pub fn hour(&mut self, hour: usize) -> HourFactors {
        self.extend_to_hour(hour);
        self.hours[hour]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hardware::{Accelerator, AcceleratorPower, NodeType, PowerCurve};
    use std::sync::Arc;

    pub(crate) fn site(pue: HourlySeries, ci: HourlySeries) -> SiteConfig {
        SiteConfig {
            name: "s".into(),
            nodes: 1,
            node: NodeType {
                accelerator: Accelerator {
                    name: "x".into(),
                    peak_flops: 1e15,
                    tdp_w: 700.0,
                    power: AcceleratorPower {
                        idle_w: 100.0,
                        max_w: 700.0,
                        checkpoint_w: 105.0,
                        curve: PowerCurve::Polynomial { exponent: 1.0 },
                    },
                    embodied_kg_co2e: 150.0,
                },
                gpus_per_node: 8,
                host_idle_w: 0.0,
                host_busy_w: 0.0,
                server_embodied_kg_co2e: 2_500.0,
            },
            pue,
            carbon_intensity_g_per_kwh: ci,
            embodied_amortisation_hours: 1.0,
        }
    }

    #[test]
    fn integral_across_hour_boundaries_is_exact() {
        let ci = HourlySeries::Table { start_unix: 0, values: Arc::new(vec![100.0, 300.0]) };
        let mut k = SiteIntensity::new(&site(HourlySeries::Constant(1.5), ci), 0);
        // from 30 min into hour 0 to 30 min into hour 2 (which wraps to 100):
        let d = k.at(2 * 3_600 + 1_800).since(&k.at(1_800));
        assert_eq!(d.ci_s, 100.0 * 1_800.0 + 300.0 * 3_600.0 + 100.0 * 1_800.0);
        assert_eq!(d.pue_s, 1.5 * 7_200.0);
        assert_eq!(d.pue_ci_s, 1.5 * d.ci_s);
    }
}
