//! Exact per-job charging when an hour's PUE and WUE depend on that hour's load.
//!
//! Jobs are charged through the running integrals of [`super::intensity`], which use the
//! series' (design-load) factors and are known in advance. With a part-load model the
//! hour's true PUE and WUE are known only once the hour is complete. The difference is a
//! *surcharge* per unit of IT energy, the same for every kWh drawn in that hour: a rate
//! vector `S_h` (ΔPUE, ΔPUE·CI, …, ΔWUE; see [`surcharge_rate`]). Every kWh of IT energy in
//! hour `h`, a job's or the idle capacity's, then carries the hour's own PUE and WUE, so
//! `Σ jobs + idle = site` holds exactly as before.
//!
//! To keep the cost O(1) amortised per phase, the ledger keeps `Kₓ(H)`, the prefix sum of
//! `3600·S_h` over closed hours, and for each hour since the oldest one still referenced,
//! its rate. A job holds one reference, on its *anchor* hour (the hour in which its current
//! phase started), with its IT energy in that hour not yet priced. A phase `[a, b)` at
//! power `P` that ends in a later hour is settled as: the anchor's energy (now known) ×
//! `S_anchor`, `P·(Kₓ(hour(b)) − Kₓ(anchor + 1))` for the whole hours between, and
//! `P·(b − start of hour(b))` becomes the new anchor's pending energy. A job that ends
//! mid-hour is settled when that hour closes (the world keeps its record until then).

use super::intensity::Cumulative;
use super::{Charges, HourFactors};
use std::collections::VecDeque;

/// The surcharge per IT watt-second of an hour whose factors `f` hold the series' PUE and
/// WUE, when its true values are `pue` and `wue_l_per_kwh`: the [`Cumulative::rates`] of
/// the differences, with the IT-only carbon left out (it has no PUE in it).
pub fn surcharge_rate(f: &HourFactors, pue: f64, wue_l_per_kwh: f64) -> Cumulative {
    let delta = HourFactors {
        pue: pue - f.pue,
        wue_l_per_kwh: wue_l_per_kwh - f.wue_l_per_kwh,
        ..*f
    };
    Cumulative {
        ci_s: 0.0,
        ..Cumulative::rates(&delta)
    }
}

/// Charges of `energy_ws` of IT energy (W·s) at surcharge `rate` (per W·s), or of a power
/// over an integral of rates: the surcharge adds no IT energy.
#[inline]
pub fn surcharge(energy_ws: f64, rate: &Cumulative) -> Charges {
    Charges::for_phase(energy_ws, 0.0, rate)
}

/// One hour in the ledger.
#[derive(Clone, Copy, Debug)]
struct Hour {
    /// `Kₓ` at the start of the hour.
    prefix: Cumulative,
    /// The surcharge per W·s, once the hour is closed.
    rate: Option<Cumulative>,
    /// Jobs anchored in this hour.
    refs: u32,
}

/// A job's unpriced IT energy in its anchor hour.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Anchor {
    /// The hour.
    pub hour: usize,
    /// IT energy of the job in that hour not yet priced, W·s.
    pub energy_ws: f64,
    /// Whether the job holds a reference (false before its first phase and once settled).
    pub held: bool,
}

/// The surcharges of one site, hour by hour.
#[derive(Clone, Debug)]
pub struct SurchargeLedger {
    /// Hour of `hours[0]`.
    base: usize,
    /// Hours `base ..`: closed ones, then the open one (always present, last).
    hours: VecDeque<Hour>,
}

impl Default for SurchargeLedger {
    fn default() -> Self {
        SurchargeLedger {
            base: 0,
            hours: VecDeque::from([Hour {
                prefix: Cumulative::default(),
                rate: None,
                refs: 0,
            }]),
        }
    }
}

impl SurchargeLedger {
    /// The open hour: every hour before it is closed.
    pub fn open_hour(&self) -> usize {
        self.base + self.hours.len() - 1
    }

    /// Hours held (for memory checks).
    pub fn held_hours(&self) -> usize {
        self.hours.len()
    }

    /// Closes the open hour with surcharge `rate` (per W·s) over `seconds` of it, and opens
    /// the next.
    pub fn close(&mut self, rate: Cumulative, seconds: f64) {
        let last = self.hours.back_mut().expect("the open hour is always held");
        last.rate = Some(rate);
        let prefix = last.prefix.advanced(&rate, seconds);
        self.hours.push_back(Hour {
            prefix,
            rate: None,
            refs: 0,
        });
        self.trim();
    }

    /// Forgets closed hours that no job refers to.
    fn trim(&mut self) {
        while self.hours.len() > 1 && self.hours[0].refs == 0 {
            self.hours.pop_front();
            self.base += 1;
        }
    }

    fn hour(&mut self, h: usize) -> &mut Hour {
        &mut self.hours[h - self.base]
    }

    /// Settles `anchor` if its hour is closed: returns its charges and releases it.
    #[inline]
    pub fn settle_closed(&mut self, anchor: &mut Anchor) -> Option<Charges> {
        if !anchor.held || anchor.hour >= self.open_hour() {
            return None;
        }
        let hour = self.hour(anchor.hour);
        let rate = hour.rate.expect("a closed hour has its rate");
        hour.refs -= 1;
        let charges = surcharge(anchor.energy_ws, &rate);
        *anchor = Anchor::default();
        self.trim();
        Some(charges)
    }

    /// Anchors a job that starts a phase at `t` (in the open hour): settles an older anchor
    /// first and returns what that cost.
    pub fn enter(&mut self, anchor: &mut Anchor, t_s: u64) -> Option<Charges> {
        let settled = self.settle_closed(anchor);
        let hour = (t_s / crate::time::SECONDS_PER_HOUR) as usize;
        assert_eq!(hour, self.open_hour(), "phases start in the open hour");
        if !anchor.held {
            self.hour(hour).refs += 1;
            *anchor = Anchor {
                hour,
                energy_ws: 0.0,
                held: true,
            };
        }
        settled
    }

    /// A phase at `power_w` from `a_s` (in the anchor's hour) to `b_s` (in the open hour)
    /// ends: prices what lies in closed hours, keeps the rest pending on the open hour.
    pub fn close_phase(
        &mut self,
        anchor: &mut Anchor,
        power_w: f64,
        a_s: u64,
        b_s: u64,
    ) -> Option<Charges> {
        assert!(anchor.held, "a phase ends after it was entered");
        let per_hour = crate::time::SECONDS_PER_HOUR;
        let hb = (b_s / per_hour) as usize;
        assert_eq!(hb, self.open_hour(), "phases end in the open hour");
        if hb == anchor.hour {
            anchor.energy_ws += power_w * (b_s - a_s) as f64;
            return None;
        }
        let ha = anchor.hour;
        let ha_end = (ha as u64 + 1) * per_hour;
        anchor.energy_ws += power_w * (ha_end - a_s) as f64;
        // Read the whole hours' integral and take the new reference before settling (which
        // may forget hours that nobody refers to any more).
        let from = self.hour(ha + 1).prefix;
        let middle = self.hour(hb).prefix.since(&from);
        self.hour(hb).refs += 1;
        let mut charges = self
            .settle_closed(anchor)
            .expect("the anchor's hour is closed");
        charges.add(&surcharge(power_w, &middle));
        *anchor = Anchor {
            hour: hb,
            energy_ws: power_w * (b_s - hb as u64 * per_hour) as f64,
            held: true,
        };
        Some(charges)
    }
}

#[cfg(test)]
mod tests;
