//! Running integrals of the hourly factors, so that a job is charged in O(1) per
//! constant-power phase however many hours it spans.
//!
//! For a site, `K(t) = ∫₀ᵗ f(s) ds` for each factor `f` (PUE, PUE·CI, CI, PUE·MCI with
//! MCI the marginal intensity, WUE, PUE·EWIF, PUE·price). All factors
//! are piecewise constant per UTC hour, so `K` is piecewise linear and exact: a job drawing
//! `P` watts over `[a, b)` is charged `P · (K(b) − K(a))`. DESIGN §3.

use crate::engine::{SECONDS_PER_HOUR, SimTime};
pub use crate::site::HourFactors;
use crate::site::SiteSeries;
use crate::time::UnixSeconds;
use std::collections::VecDeque;

/// `∫ f ds` for each factor product that a watt of IT power accrues, in factor·seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cumulative {
    /// ∫ PUE ds: facility energy per IT watt.
    pub pue_s: f64,
    /// ∫ PUE·CI ds: operational (facility) carbon per IT watt.
    pub pue_ci_s: f64,
    /// ∫ CI ds: carbon of IT energy alone (no PUE), as BLOOM reports "dynamic" emissions.
    pub ci_s: f64,
    /// ∫ PUE·MCI ds: marginal (consequential) carbon of facility energy per IT watt (NaN
    /// where the site has no marginal source).
    pub pue_mci_s: f64,
    /// ∫ PUE·CI_direct ds: Scope 2 location-based (combustion) carbon per IT watt.
    pub pue_ci_direct_s: f64,
    /// ∫ PUE·CI·λ/(1 − λ) ds: life-cycle carbon of the T&D losses per IT watt.
    pub pue_ci_loss_s: f64,
    /// ∫ WUE ds: on-site water per IT watt.
    pub wue_s: f64,
    /// ∫ PUE·EWIF ds: off-site water per IT watt.
    pub pue_ewif_s: f64,
    /// ∫ PUE·price ds: electricity cost per IT watt.
    pub pue_price_s: f64,
}

impl Cumulative {
    /// The integrand of one hour: each product of factors.
    #[inline]
    pub fn rates(f: &HourFactors) -> Cumulative {
        Cumulative {
            pue_s: f.pue,
            pue_ci_s: f.pue * f.carbon_intensity_g_per_kwh,
            ci_s: f.carbon_intensity_g_per_kwh,
            pue_mci_s: f.pue * f.marginal_carbon_intensity_g_per_kwh,
            pue_ci_direct_s: f.pue * f.carbon_intensity_direct_g_per_kwh,
            pue_ci_loss_s: f.pue * f.carbon_intensity_g_per_kwh * loss_gross_up(f.td_loss_fraction),
            wue_s: f.wue_l_per_kwh,
            pue_ewif_s: f.pue * f.ewif_l_per_kwh,
            pue_price_s: f.pue * f.price_usd_per_mwh,
        }
    }

    /// `self + rate · seconds`.
    #[inline]
    pub fn advanced(&self, rate: &Cumulative, seconds: f64) -> Cumulative {
        Cumulative {
            pue_s: self.pue_s + rate.pue_s * seconds,
            pue_ci_s: self.pue_ci_s + rate.pue_ci_s * seconds,
            ci_s: self.ci_s + rate.ci_s * seconds,
            pue_mci_s: self.pue_mci_s + rate.pue_mci_s * seconds,
            pue_ci_direct_s: self.pue_ci_direct_s + rate.pue_ci_direct_s * seconds,
            pue_ci_loss_s: self.pue_ci_loss_s + rate.pue_ci_loss_s * seconds,
            wue_s: self.wue_s + rate.wue_s * seconds,
            pue_ewif_s: self.pue_ewif_s + rate.pue_ewif_s * seconds,
            pue_price_s: self.pue_price_s + rate.pue_price_s * seconds,
        }
    }

    /// `self − earlier`.
    #[inline]
    pub fn since(&self, earlier: &Cumulative) -> Cumulative {
        Cumulative {
            pue_s: self.pue_s - earlier.pue_s,
            pue_ci_s: self.pue_ci_s - earlier.pue_ci_s,
            ci_s: self.ci_s - earlier.ci_s,
            pue_mci_s: self.pue_mci_s - earlier.pue_mci_s,
            pue_ci_direct_s: self.pue_ci_direct_s - earlier.pue_ci_direct_s,
            pue_ci_loss_s: self.pue_ci_loss_s - earlier.pue_ci_loss_s,
            wue_s: self.wue_s - earlier.wue_s,
            pue_ewif_s: self.pue_ewif_s - earlier.pue_ewif_s,
            pue_price_s: self.pue_price_s - earlier.pue_price_s,
        }
    }
}

/// Generation lost in transmission and distribution per kWh delivered, for a loss share
/// `λ` of generation: `λ / (1 − λ)` (`reference/accounting.md` §4.5: `E_gen = E / (1 − λ)`).
#[inline]
pub fn loss_gross_up(td_loss_fraction: f64) -> f64 {
    td_loss_fraction / (1.0 - td_loss_fraction)
}

/// Hourly factors of one site over simulated time, extended on demand and forgotten once
/// the simulation has passed them ([`SiteIntensity::forget_before`]), so that memory does
/// not grow with simulated years.
#[derive(Clone, Debug)]
pub struct SiteIntensity {
    start_unix: UnixSeconds,
    series: SiteSeries,
    /// First hour still held: `hours[i]` and `rates[i]` are hour `base + i`.
    base: usize,
    hours: VecDeque<HourFactors>,
    rates: VecDeque<Cumulative>,
    /// `prefix[i]` = K at the start of hour `base + i` (one more entry than `hours`).
    prefix: VecDeque<Cumulative>,
}

impl SiteIntensity {
    /// Integrals over a site's hourly series, for a simulation that starts at
    /// `start_unix` (a whole UTC hour).
    pub fn new(series: SiteSeries, start_unix: UnixSeconds) -> Self {
        SiteIntensity {
            start_unix,
            series,
            base: 0,
            hours: VecDeque::new(),
            rates: VecDeque::new(),
            prefix: VecDeque::from([Cumulative::default()]),
        }
    }

    /// The hourly series being integrated.
    pub fn series(&self) -> &SiteSeries {
        &self.series
    }

    /// UTC instant at which hour `hour` of the simulation starts.
    pub fn hour_start_unix(&self, hour: usize) -> UnixSeconds {
        self.start_unix + (hour as i64) * SECONDS_PER_HOUR as i64
    }

    /// Makes sure hours `0..=hour` are known.
    pub fn extend_to_hour(&mut self, hour: usize) {
        while self.base + self.hours.len() <= hour {
            let i = self.hours.len();
            let h = self.base + i;
            let unix = self.start_unix + (h as i64) * SECONDS_PER_HOUR as i64;
            let f = self.series.factors_at(unix);
            let rate = Cumulative::rates(&f);
            let next = self.prefix[i].advanced(&rate, SECONDS_PER_HOUR as f64);
            self.prefix.push_back(next);
            self.rates.push_back(rate);
            self.hours.push_back(f);
        }
    }

    /// Forgets the hours before `hour` (the caller will not ask for them again); K keeps
    /// its exact values, as it is extended from the last prefix.
    pub fn forget_before(&mut self, hour: usize) {
        while self.base < hour && !self.hours.is_empty() {
            self.hours.pop_front();
            self.rates.pop_front();
            self.prefix.pop_front();
            self.base += 1;
        }
    }

    /// K(t); `t` must not lie in a forgotten hour.
    #[inline]
    pub fn at(&mut self, t: SimTime) -> Cumulative {
        let hour = (t / SECONDS_PER_HOUR) as usize;
        self.extend_to_hour(hour);
        let into = (t - hour as u64 * SECONDS_PER_HOUR) as f64;
        let i = hour - self.base;
        self.prefix[i].advanced(&self.rates[i], into)
    }

    /// Factors of hour `hour` (extending if needed); it must not be forgotten.
    pub fn hour(&mut self, hour: usize) -> HourFactors {
        self.extend_to_hour(hour);
        self.hours[hour - self.base]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::HourlySeries;
    use std::sync::Arc;

    #[test]
    fn integral_across_hour_boundaries_is_exact() {
        let ci = HourlySeries::Table {
            start_unix: 0,
            values: Arc::new(vec![100.0, 300.0]),
        };
        let marginal = HourlySeries::Table {
            start_unix: 0,
            values: Arc::new(vec![600.0, 200.0]),
        };
        let series = SiteSeries {
            pue: HourlySeries::Constant(1.5),
            carbon_intensity_g_per_kwh: ci,
            marginal_carbon_intensity_g_per_kwh: Some(marginal),
            ..SiteSeries::constant(1.0, 0.0)
        };
        let mut k = SiteIntensity::new(series, 0);
        // from 30 min into hour 0 to 30 min into hour 2 (which wraps to 100):
        let d = k.at(2 * 3_600 + 1_800).since(&k.at(1_800));
        assert_eq!(d.ci_s, 100.0 * 1_800.0 + 300.0 * 3_600.0 + 100.0 * 1_800.0);
        assert_eq!(d.pue_s, 1.5 * 7_200.0);
        assert_eq!(d.pue_ci_s, 1.5 * d.ci_s);
        assert_eq!(
            d.pue_mci_s,
            1.5 * (600.0 * 1_800.0 + 200.0 * 3_600.0 + 600.0 * 1_800.0)
        );
    }

    #[test]
    fn without_a_marginal_series_marginal_carbon_is_nan_and_the_rest_is_unchanged() {
        let mut k = SiteIntensity::new(SiteSeries::constant(1.2, 400.0), 0);
        let d = k.at(5_400).since(&k.at(0));
        assert!(d.pue_mci_s.is_nan());
        assert_eq!(d.pue_ci_s, 1.2 * 400.0 * 5_400.0);
        let c = crate::accounting::Charges::for_phase(1_000.0, 5_400.0, &d);
        assert!(c.co2_marginal_kg.is_nan());
        assert_eq!(c.co2_operational_kg, 1.2 * 400.0 * 1.5 / 1_000.0);
    }

    #[test]
    fn td_gross_up_reproduces_w11() {
        // `reference/accounting.md` §8 W11: CAMX 226.5 g/kWh, 5% losses → 238.4 g/kWh at the
        // consumer, of which 11.9 g/kWh are losses (Scope 3 category 3).
        let losses = 226.5 * loss_gross_up(0.05);
        assert!((losses - 11.92).abs() < 0.005, "{losses}");
        assert!((226.5 + losses - 238.42).abs() < 0.005);
        // and through the ledger: one kWh at PUE 1, direct = life cycle
        let f = HourFactors {
            pue: 1.0,
            carbon_intensity_g_per_kwh: 226.5,
            carbon_intensity_direct_g_per_kwh: 226.5,
            td_loss_fraction: 0.05,
            ..HourFactors::default()
        };
        let c = crate::accounting::Charges::from_energy(3.6e6, &f);
        assert!((c.co2_operational_kg - 0.238_42).abs() < 5e-6);
        assert!((c.co2_scope2_location_kg - 0.2265).abs() < 1e-12);
        assert!((c.co2_scope3_cat3_kg - 0.011_92).abs() < 5e-6);
    }

    #[test]
    fn forgetting_past_hours_keeps_the_integral() {
        let ci = HourlySeries::Table {
            start_unix: 0,
            values: Arc::new((0..50).map(|h| 100.0 + f64::from(h)).collect()),
        };
        let series = SiteSeries {
            carbon_intensity_g_per_kwh: ci.clone(),
            marginal_carbon_intensity_g_per_kwh: Some(ci),
            ..SiteSeries::constant(1.0, 0.0)
        };
        let mut kept = SiteIntensity::new(series.clone(), 0);
        let mut forgetful = SiteIntensity::new(series, 0);
        for t in (0..40 * 3_600).step_by(1_234) {
            assert_eq!(kept.at(t), forgetful.at(t));
            let hour = (t / 3_600) as usize;
            assert_eq!(kept.hour(hour + 2), forgetful.hour(hour + 2));
            forgetful.forget_before(hour);
        }
        assert!(
            forgetful.hours.len() <= 4,
            "{} hours held",
            forgetful.hours.len()
        );
    }
}
