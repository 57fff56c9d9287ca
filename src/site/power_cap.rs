//! Accelerator power capping and its cost in throughput.
//!
//! A cap limits each accelerator's power while computing; the job slows down. The
//! throughput–power relation is an assumption, stated here and configurable:
//! `speed = (P_capped / P_uncapped)^k` with `k = 0.4` by default. With it a cap at 70% of
//! the uncapped draw keeps 87% of the throughput, 50% keeps 76%. This is in the range
//! reported for large-model training, where throughput falls much more slowly than power
//! because training is partly memory- and communication-bound (e.g. Patel et al. 2024,
//! "Characterizing Power Management Opportunities for LLMs in the Cloud", ASPLOS; the
//! exponent itself is not taken from a published fit: calibrate it to your hardware).

/// When the cap applies.
#[derive(Clone, Debug, PartialEq)]
pub enum CapSchedule {
    /// Always.
    Constant,
    /// During daily windows `[start_hour, end_hour)` in UTC (e.g. demand response).
    Daily(Vec<(u32, u32)>),
    /// During hours whose grid carbon intensity is above a threshold, gCO2e/kWh.
    CarbonAbove(f64),
}

/// A site's accelerator power cap.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerCap {
    /// Cap per accelerator, W.
    pub gpu_cap_w: f64,
    /// When.
    pub schedule: CapSchedule,
    /// Exponent k of `speed = (P_capped / P_uncapped)^k`.
    pub throughput_exponent: f64,
}

/// Default exponent of the throughput–power curve (see the module documentation).
pub const DEFAULT_THROUGHPUT_EXPONENT: f64 = 0.4;

impl PowerCap {
    /// Whether the cap applies during an hour starting at `hour_of_day_utc` with carbon
    /// intensity `ci`.
    pub fn active(&self, hour_of_day_utc: u32, ci: f64) -> bool {
        match &self.schedule {
            CapSchedule::Constant => true,
            CapSchedule::Daily(windows) => windows.iter().any(|&(s, e)| {
                if s <= e {
                    (s..e).contains(&hour_of_day_utc)
                } else {
                    hour_of_day_utc >= s || hour_of_day_utc < e
                }
            }),
            CapSchedule::CarbonAbove(threshold) => ci > *threshold,
        }
    }

    /// Relative speed of an accelerator that would draw `uncapped_w` under the cap.
    pub fn speed(&self, uncapped_w: f64) -> f64 {
        if uncapped_w <= self.gpu_cap_w || uncapped_w <= 0.0 {
            1.0
        } else {
            (self.gpu_cap_w / uncapped_w).powf(self.throughput_exponent)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_follows_the_stated_curve() {
        let cap = PowerCap {
            gpu_cap_w: 490.0,
            schedule: CapSchedule::Constant,
            throughput_exponent: 0.4,
        };
        assert_eq!(cap.speed(400.0), 1.0);
        assert!((cap.speed(700.0) - 0.7f64.powf(0.4)).abs() < 1e-12);
        assert!((cap.speed(700.0) - 0.867).abs() < 0.001);
    }

    #[test]
    fn schedules() {
        let daily = PowerCap {
            gpu_cap_w: 1.0,
            schedule: CapSchedule::Daily(vec![(17, 21), (23, 2)]),
            throughput_exponent: 0.4,
        };
        assert!(
            daily.active(18, 0.0)
                && !daily.active(21, 0.0)
                && daily.active(0, 0.0)
                && !daily.active(12, 0.0)
        );
        let ci = PowerCap {
            gpu_cap_w: 1.0,
            schedule: CapSchedule::CarbonAbove(300.0),
            throughput_exponent: 0.4,
        };
        assert!(ci.active(0, 301.0) && !ci.active(0, 300.0));
    }
}
