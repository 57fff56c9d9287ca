//! Hourly matching of a site's load with its contracted clean supply: 24/7 carbon-free
//! energy (CFE) and market-based Scope 2 under annual and hourly matching.
//!
//! Per hour `t`, with facility load `L`, contracted supply `P` (PPAs), grid CFE share `g`
//! (`reference/accounting.md` §3.2, the Xu & Jenkins formulation used by PyPSA/247-cfe):
//!
//! ```text
//! surplus = max(0, P − L)                deficit = max(0, L − P)
//! charge  = min(surplus, S_max − S, C_max·h)          (only contracted surplus is stored)
//! deliver = min(deficit, η·S, D_max·h)                (η applied on discharge)
//! S      += charge − deliver / η
//! matched = min(L, P) + deliver          grid import = L − matched
//! CFE     = matched + g · import         CFE score = Σ CFE / Σ L   (Google's definition:
//!                                        the hourly share of consumption met by carbon-free
//!                                        energy, contracted or on the grid, surplus in one
//!                                        hour earning nothing in another)
//! market (hourly matching) = Σ (min(L, P) + charge)·EF_contract + Σ import·EF_residual
//! ```
//!
//! Annual matching (the Scope 2 Guidance as written in 2015) compares volumes over the
//! window instead: contracted MWh (PPAs and certificates) cover load up to its total, the
//! rest is charged at the residual mix ([`annual_market_kg`]).

use super::{HourFactors, Sum};
use crate::site::procurement::{Battery, Procurement};

/// One hour's matching, energies in kWh (facility energy: what the site buys).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HourMatch {
    /// Facility energy consumed.
    pub load_kwh: f64,
    /// Contracted clean supply delivered.
    pub supply_kwh: f64,
    /// Load met by contracted supply in the same hour, directly or from the battery.
    pub matched_kwh: f64,
    /// Contracted supply beyond the load (before the battery takes its part).
    pub surplus_kwh: f64,
    /// Load beyond the contracted supply (before the battery delivers).
    pub deficit_kwh: f64,
    /// Surplus stored in the battery.
    pub battery_charge_kwh: f64,
    /// Energy delivered from the battery to the load.
    pub battery_discharge_kwh: f64,
    /// Load met from the grid: load − matched.
    pub grid_import_kwh: f64,
    /// Carbon-free energy consumed: matched + grid CFE share × import.
    pub cfe_kwh: f64,
    /// Market-based carbon under hourly matching, kg CO2e.
    pub co2_market_hourly_kg: f64,
    /// Uncovered energy's residual factor in force, gCO2e/kWh.
    pub residual_g_per_kwh: f64,
}

/// Running totals of a site's hourly matching, and the battery's state.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatchTotals {
    sums: [Sum; 11],
    /// Battery state of charge, kWh.
    pub battery_soc_kwh: f64,
}

/// Totals of a site's matching over the window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MatchSummary {
    /// Facility energy, kWh.
    pub load_kwh: f64,
    /// Contracted PPA supply over the window, kWh.
    pub supply_kwh: f64,
    /// Σ contracted supply × its factor, kg CO2e.
    pub supply_co2_kg: f64,
    /// Load met hour by hour by contracted supply (and the battery), kWh.
    pub matched_kwh: f64,
    /// Contracted surplus, kWh.
    pub surplus_kwh: f64,
    /// Uncovered load, kWh.
    pub deficit_kwh: f64,
    /// Battery discharge to the load, kWh.
    pub battery_discharge_kwh: f64,
    /// Carbon-free energy consumed, kWh.
    pub cfe_kwh: f64,
    /// Market-based carbon, hourly matching, kg CO2e.
    pub co2_market_hourly_kg: f64,
    /// Load met from the grid, kWh.
    pub grid_import_kwh: f64,
    /// Σ load × residual factor in force, kg CO2e (uncovered at the residual mix).
    pub load_residual_co2_kg: f64,
}

impl MatchSummary {
    /// Adds another site's totals.
    pub fn add(&mut self, o: &MatchSummary) {
        self.load_kwh += o.load_kwh;
        self.supply_kwh += o.supply_kwh;
        self.supply_co2_kg += o.supply_co2_kg;
        self.matched_kwh += o.matched_kwh;
        self.surplus_kwh += o.surplus_kwh;
        self.deficit_kwh += o.deficit_kwh;
        self.battery_discharge_kwh += o.battery_discharge_kwh;
        self.cfe_kwh += o.cfe_kwh;
        self.co2_market_hourly_kg += o.co2_market_hourly_kg;
        self.grid_import_kwh += o.grid_import_kwh;
        self.load_residual_co2_kg += o.load_residual_co2_kg;
    }
}

impl MatchTotals {
    /// Matches one hour of `seconds` (3,600, or less for the window's last hour) with
    /// `load_kwh` of facility energy under factors `f`.
    pub fn step(
        &mut self,
        load_kwh: f64,
        seconds: f64,
        f: &HourFactors,
        procurement: &Procurement,
    ) -> HourMatch {
        let hours = crate::time::to_hours(seconds);
        let supply = f.contract_supply_kw * hours;
        let surplus = (supply - load_kwh).max(0.0);
        let deficit = (load_kwh - supply).max(0.0);
        let (charge, deliver) = match procurement.battery {
            Some(b) => self.dispatch(&b, surplus, deficit, hours),
            None => (0.0, 0.0),
        };
        let matched = load_kwh.min(supply) + deliver;
        let import = load_kwh - matched;
        let residual = procurement
            .residual_mix_g_per_kwh
            .unwrap_or(f.carbon_intensity_direct_g_per_kwh);
        let co2 = ((load_kwh.min(supply) + charge) * f.contract_co2_g_per_kwh + import * residual)
            / 1_000.0;
        let m = HourMatch {
            load_kwh,
            supply_kwh: supply,
            matched_kwh: matched,
            surplus_kwh: surplus,
            deficit_kwh: deficit,
            battery_charge_kwh: charge,
            battery_discharge_kwh: deliver,
            grid_import_kwh: import,
            cfe_kwh: matched + f.grid_cfe_share * import,
            co2_market_hourly_kg: co2,
            residual_g_per_kwh: residual,
        };
        let values = [
            load_kwh,
            supply,
            supply * f.contract_co2_g_per_kwh / 1_000.0,
            matched,
            surplus,
            deficit,
            deliver,
            m.cfe_kwh,
            co2,
            import,
            load_kwh * residual / 1_000.0,
        ];
        for (s, v) in self.sums.iter_mut().zip(values) {
            s.add(v);
        }
        m
    }

    /// Charge from surplus, discharge into deficit; returns (charged, delivered), kWh.
    fn dispatch(&mut self, b: &Battery, surplus: f64, deficit: f64, hours: f64) -> (f64, f64) {
        let limit = b.power_kw * hours;
        let soc = self.battery_soc_kwh;
        let charge = surplus.min(b.energy_kwh - soc).min(limit).max(0.0);
        let deliver = deficit
            .min(b.round_trip_efficiency * soc)
            .min(limit)
            .max(0.0);
        self.battery_soc_kwh = soc + charge - deliver / b.round_trip_efficiency;
        (charge, deliver)
    }

    /// The totals so far.
    pub fn summary(&self) -> MatchSummary {
        let v = self.sums.map(|s| s.value());
        MatchSummary {
            load_kwh: v[0],
            supply_kwh: v[1],
            supply_co2_kg: v[2],
            matched_kwh: v[3],
            surplus_kwh: v[4],
            deficit_kwh: v[5],
            battery_discharge_kwh: v[6],
            cfe_kwh: v[7],
            co2_market_hourly_kg: v[8],
            grid_import_kwh: v[9],
            load_residual_co2_kg: v[10],
        }
    }
}

/// Market-based Scope 2 under annual matching, kg CO2e: contracted volumes over the window
/// (PPA supply, and certificates pro rata to `window_hours` of 8,760 a year) cover the
/// load up to its total, each at its own factor (scaled down together when they exceed
/// the load); uncovered energy is charged at the residual factor (its load-weighted mean
/// over the window when it falls back to the hourly location factor).
pub fn annual_market_kg(m: &MatchSummary, procurement: &Procurement, window_hours: f64) -> f64 {
    let years = window_hours / 8_760.0;
    let (mut contract_kwh, mut contract_kg) = (m.supply_kwh, m.supply_co2_kg);
    for c in &procurement.certificates {
        let kwh = c.mwh_per_year * 1_000.0 * years;
        contract_kwh += kwh;
        contract_kg += kwh * c.co2_g_per_kwh / 1_000.0;
    }
    // Covered energy is the smaller of the two, so the uncovered rest is never negative.
    let covered = contract_kwh.min(m.load_kwh);
    let scale = if contract_kwh > 0.0 {
        covered / contract_kwh
    } else {
        0.0
    };
    let residual_kg_per_kwh = if m.load_kwh > 0.0 {
        m.load_residual_co2_kg / m.load_kwh
    } else {
        0.0
    };
    contract_kg * scale + (m.load_kwh - covered) * residual_kg_per_kwh
}

/// CFE score: carbon-free energy consumed / load (0 without load).
pub fn cfe_score(m: &MatchSummary) -> f64 {
    if m.load_kwh > 0.0 {
        m.cfe_kwh / m.load_kwh
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hour(supply_kw: f64, g: f64, residual: f64) -> (HourFactors, Procurement) {
        (
            HourFactors {
                contract_supply_kw: supply_kw,
                grid_cfe_share: g,
                carbon_intensity_direct_g_per_kwh: 999.0,
                ..HourFactors::default()
            },
            Procurement {
                residual_mix_g_per_kwh: Some(residual),
                ..Procurement::default()
            },
        )
    }

    /// `reference/accounting.md` §8 W6 (constructed, exact): four hours of 100 MWh load,
    /// PPA [0, 150, 200, 50] MWh, grid CFE [0.3, 0.5, 0.6, 0.4], residual
    /// [600, 400, 300, 500] g/kWh.
    fn w6(battery: Option<Battery>) -> (MatchSummary, f64) {
        let mut t = MatchTotals::default();
        let supply = [0.0, 150_000.0, 200_000.0, 50_000.0];
        let g = [0.3, 0.5, 0.6, 0.4];
        let ef = [600.0, 400.0, 300.0, 500.0];
        for i in 0..4 {
            let (f, mut p) = hour(supply[i], g[i], ef[i]);
            p.battery = battery;
            t.step(100_000.0, 3_600.0, &f, &p);
        }
        (t.summary(), t.battery_soc_kwh)
    }

    #[test]
    fn w6_without_battery() {
        let (m, _) = w6(None);
        assert!((cfe_score(&m) - 0.75).abs() < 1e-12, "{}", cfe_score(&m));
        assert!((m.co2_market_hourly_kg - 85_000.0).abs() < 1e-6);
        assert_eq!(m.surplus_kwh, 150_000.0);
        // annual volume match is 1: annual matching charges nothing
        let p = hour(0.0, 0.0, 500.0).1;
        assert!(annual_market_kg(&m, &p, 4.0).abs() < 1e-9);
    }

    #[test]
    fn w6_with_battery() {
        let b = Battery {
            energy_kwh: 100_000.0,
            power_kw: f64::INFINITY,
            round_trip_efficiency: 0.9,
        };
        let (m, soc) = w6(Some(b));
        assert!((cfe_score(&m) - 0.825).abs() < 1e-12, "{}", cfe_score(&m));
        assert!((m.co2_market_hourly_kg - 60_000.0).abs() < 1e-6);
        assert!((soc - 44_444.444_444).abs() < 1e-3, "{soc}");
    }

    #[test]
    fn flat_supply_equal_to_load_scores_the_contracted_share() {
        for share in [0.0, 0.3, 1.0] {
            let mut t = MatchTotals::default();
            let (f, p) = hour(1_000.0 * share, 0.0, 400.0);
            for _ in 0..24 {
                t.step(1_000.0, 3_600.0, &f, &p);
            }
            let m = t.summary();
            assert!((cfe_score(&m) - share).abs() < 1e-12);
            // with zero contracts, market-based = uncovered energy × residual mix
            if share == 0.0 {
                assert_eq!(annual_market_kg(&m, &p, 24.0), 24_000.0 * 0.4);
                assert_eq!(m.co2_market_hourly_kg, 24_000.0 * 0.4);
            }
        }
    }

    #[test]
    fn orderings_hold_for_a_clean_contract() {
        // uncovered ≥ hourly-matched ≥ annual-matched ≥ 0 for any load and clean supply
        let mut t = MatchTotals::default();
        let p = Procurement {
            residual_mix_g_per_kwh: Some(450.0),
            ..Procurement::default()
        };
        for h in 0..200 {
            let f = HourFactors {
                contract_supply_kw: (f64::from(h) * 0.37).sin().max(0.0) * 2_000.0,
                grid_cfe_share: 0.2,
                ..HourFactors::default()
            };
            t.step(500.0 + f64::from(h % 7) * 100.0, 3_600.0, &f, &p);
        }
        let m = t.summary();
        let annual = annual_market_kg(&m, &p, 200.0);
        let uncovered = m.load_kwh * 0.45;
        assert!(uncovered >= m.co2_market_hourly_kg);
        assert!(m.co2_market_hourly_kg >= annual);
        assert!(annual >= 0.0);
        let score = cfe_score(&m);
        assert!((0.0..=1.0).contains(&score));
    }
}
