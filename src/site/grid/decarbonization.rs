//! A decarbonisation trend applied to an hourly carbon-intensity series.

use crate::time::{SECONDS_PER_DAY_I64, UnixSeconds, civil_from_days, unix_hours};

/// Decarbonisation trend applied to a carbon-intensity series: the intensity of calendar
/// year `y` (UTC) is multiplied by `annual_factor^(y − base_year)`.
///
/// `annual_factor` is the ratio of one year's intensity to the previous year's (e.g. 0.95
/// for −5 %/year); years before `base_year` get factors above 1 when `annual_factor < 1`.
/// The step happens at 1 January 00:00 UTC.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decarbonization {
    /// Year whose intensity is unchanged.
    pub base_year: i32,
    /// Year-on-year multiplier, > 0.
    pub annual_factor: f64,
}

impl Decarbonization {
    /// A trend; errors if `annual_factor` is not finite and > 0.
    pub fn new(base_year: i32, annual_factor: f64) -> Result<Self, String> {
        if !annual_factor.is_finite() || annual_factor <= 0.0 {
            return Err(format!(
                "decarbonization annual_factor {annual_factor} must be finite and > 0"
            ));
        }
        Ok(Decarbonization {
            base_year,
            annual_factor,
        })
    }

    /// The trend that leaves `remaining_fraction` of the base year's intensity in
    /// `target_year`: `annual_factor = remaining_fraction^(1/(target_year − base_year))`.
    pub fn from_target(
        base_year: i32,
        target_year: i32,
        remaining_fraction: f64,
    ) -> Result<Self, String> {
        if target_year == base_year {
            return Err(format!(
                "decarbonization target year {target_year} must differ from the base year"
            ));
        }
        if !remaining_fraction.is_finite() || remaining_fraction <= 0.0 {
            return Err(format!(
                "decarbonization remaining fraction {remaining_fraction} must be finite and > 0"
            ));
        }
        Self::new(
            base_year,
            remaining_fraction.powf(1.0 / f64::from(target_year - base_year)),
        )
    }

    /// The multiplier for calendar year `year`.
    pub fn factor_for_year(&self, year: i64) -> f64 {
        self.annual_factor
            .powf((year - i64::from(self.base_year)) as f64)
    }

    /// The multiplier for the UTC hour starting at `unix`.
    pub fn factor_at(&self, unix: UnixSeconds) -> f64 {
        let (year, _, _) = civil_from_days(unix.div_euclid(SECONDS_PER_DAY_I64));
        self.factor_for_year(year)
    }

    /// Applies the trend to hourly `ci` starting at `start_unix`.
    pub fn apply(&self, start_unix: UnixSeconds, ci: &[f64]) -> Vec<f64> {
        ci.iter()
            .enumerate()
            .map(|(i, v)| v * self.factor_at(start_unix + unix_hours(i as i64)))
            .collect()
    }
}
