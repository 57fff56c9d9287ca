//! Peak facility power: what the grid connection of a site must carry.
//!
//! Each hour's mean facility power (facility energy of the hour over the seconds of the
//! window it covers) goes through [`PeakPower::add_hour`]; the tracker keeps the largest,
//! a fixed-memory histogram for the 99th percentile, and the number of hours above an
//! optional grid-connection limit. Memory does not grow with simulated time.

use super::histogram::LogHistogram;

/// Peak, p99 and hours above a limit of a site's hourly facility power.
#[derive(Clone, Debug, Default)]
pub struct PeakPower {
    limit_kw: Option<f64>,
    peak_kw: f64,
    hours_above: u64,
    /// Hourly facility power in watts (1 % log bins from 1 W up).
    watts: LogHistogram,
}

/// What [`PeakPower`] reports.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeakSummary {
    /// Largest hourly mean facility power, kW (exact).
    pub peak_facility_kw: f64,
    /// 99th percentile of the hourly mean facility power, kW (within 1 %: log bins).
    pub p99_facility_kw: f64,
    /// Hours whose mean facility power exceeded the grid-connection limit (0 without one).
    pub hours_above_limit: u64,
}

impl PeakPower {
    /// A tracker counting hours above `limit_kw` (none: no limit).
    pub fn new(limit_kw: Option<f64>) -> Self {
        PeakPower {
            limit_kw,
            ..PeakPower::default()
        }
    }

    /// Records one hour that drew `facility_kwh` over `seconds` (> 0) of the window.
    pub fn add_hour(&mut self, facility_kwh: f64, seconds: f64) {
        if seconds <= 0.0 {
            return;
        }
        let kw = facility_kwh / crate::time::to_hours(seconds);
        self.peak_kw = self.peak_kw.max(kw);
        self.watts.add(kw * 1_000.0);
        if self.limit_kw.is_some_and(|limit| kw > limit) {
            self.hours_above += 1;
        }
    }

    /// The figures so far.
    pub fn summary(&self) -> PeakSummary {
        PeakSummary {
            peak_facility_kw: self.peak_kw,
            p99_facility_kw: (self.watts.quantile(0.99) / 1_000.0).min(self.peak_kw),
            hours_above_limit: self.hours_above,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_p99_and_hours_above_the_limit() {
        let mut p = PeakPower::new(Some(150.0));
        // 99 hours at 100 kW, one at 200 kW, one partial half hour at 160 kW.
        for _ in 0..99 {
            p.add_hour(100.0, 3_600.0);
        }
        p.add_hour(200.0, 3_600.0);
        p.add_hour(80.0, 1_800.0);
        let s = p.summary();
        assert_eq!(s.peak_facility_kw, 200.0);
        assert_eq!(s.hours_above_limit, 2);
        // Rank 100 of 101 is the 160 kW half hour.
        assert!((s.p99_facility_kw / 160.0 - 1.0).abs() < 0.01, "{s:?}");
        let none = PeakPower::new(None);
        assert_eq!(none.summary(), PeakSummary::default());
    }
}
