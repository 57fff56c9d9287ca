//! A warming offset for synthetic weather: presets are calibrated on one year, while a
//! facility runs for fifteen; the offset moves the whole climate up by a rate per decade.

use crate::time::{SECONDS_PER_DAY_I64, UnixSeconds, civil_from_days};

/// The IPCC's assessed rate of human-caused global warming, °C per decade: "currently
/// increasing at 0.2 °C (likely between 0.1 °C and 0.3 °C) per decade" (IPCC SR1.5,
/// Summary for Policymakers, A.1.1, 2018). A suggestion for `warming_c_per_decade`, not a
/// default: land warms faster than the global mean ([`LAND_TO_GLOBAL_WARMING_RATIO`]).
pub const IPCC_GLOBAL_WARMING_C_PER_DECADE: f64 = 0.2;

/// Ratio of warming over land to global surface warming, 1850–1900 to 2011–2020:
/// 1.59 °C over land against 1.09 °C globally (IPCC AR6 WG1, Summary for Policymakers,
/// A.1.2, 2021), so 1.46. Times [`IPCC_GLOBAL_WARMING_C_PER_DECADE`] it suggests about
/// 0.29 °C per decade for a land site.
pub const LAND_TO_GLOBAL_WARMING_RATIO: f64 = 1.59 / 1.09;

/// A linear warming trend: calendar year `y` (UTC) is `c_per_decade·(y − base_year)/10` °C
/// warmer than the base year (the year the climate preset was calibrated on). The step
/// happens at 1 January 00:00 UTC, as for the grid's decarbonisation trend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Warming {
    /// Year whose climate is the preset's, unchanged.
    pub base_year: i32,
    /// Warming rate, °C per decade (negative: cooling).
    pub c_per_decade: f64,
}

/// Largest warming rate accepted, °C per decade in absolute value: ten times the IPCC's
/// central global rate, to catch a rate per century or per year given by mistake.
pub const MAX_WARMING_C_PER_DECADE: f64 = 2.0;

impl Warming {
    /// A trend; errors unless `c_per_decade` is finite and within ±[`MAX_WARMING_C_PER_DECADE`].
    pub fn new(base_year: i32, c_per_decade: f64) -> Result<Self, String> {
        if !c_per_decade.is_finite() || c_per_decade.abs() > MAX_WARMING_C_PER_DECADE {
            return Err(format!(
                "warming of {c_per_decade} °C per decade: expected a finite rate within ±{MAX_WARMING_C_PER_DECADE} °C per decade"
            ));
        }
        Ok(Warming {
            base_year,
            c_per_decade,
        })
    }

    /// The trend that makes `target_year` warmer than `base_year` by `anomaly_c`.
    pub fn from_target(base_year: i32, target_year: i32, anomaly_c: f64) -> Result<Self, String> {
        if target_year == base_year {
            return Err(format!(
                "warming target year {target_year} must differ from the base year {base_year}"
            ));
        }
        if !anomaly_c.is_finite() {
            return Err(format!(
                "warming anomaly {anomaly_c} °C is not a finite number"
            ));
        }
        Self::new(
            base_year,
            anomaly_c * 10.0 / f64::from(target_year - base_year),
        )
    }

    /// The offset of calendar year `year`, °C.
    pub fn offset_for_year(&self, year: i64) -> f64 {
        self.c_per_decade * (year - i64::from(self.base_year)) as f64 / 10.0
    }

    /// The offset of the hour starting at `unix`, °C.
    pub fn offset_c(&self, unix: UnixSeconds) -> f64 {
        let (year, _, _) = civil_from_days(unix.div_euclid(SECONDS_PER_DAY_I64));
        self.offset_for_year(year)
    }
}
