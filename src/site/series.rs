//! Hourly series, piecewise constant per UTC hour.

use crate::time::UnixSeconds;
use std::sync::Arc;

/// A quantity that is constant within each UTC hour.
///
/// A finite series repeats cyclically beyond its ends, so a one-year series serves runs of
/// any length and any start year (hour-of-series alignment is kept).
#[derive(Clone, Debug, PartialEq)]
pub enum HourlySeries {
    /// The same value every hour.
    Constant(f64),
    /// One value per hour starting at `start_unix` (a whole UTC hour).
    Table {
        /// UTC instant of the first value.
        start_unix: UnixSeconds,
        /// Values, one per hour; never empty.
        values: Arc<Vec<f64>>,
    },
}

impl HourlySeries {
    /// The value during the UTC hour that starts at `hour_start_unix`.
    #[inline]
    pub fn at(&self, hour_start_unix: UnixSeconds) -> f64 {
        match self {
            HourlySeries::Constant(v) => *v,
            HourlySeries::Table { start_unix, values } => {
                let hours = (hour_start_unix - start_unix).div_euclid(3_600);
                values[hours.rem_euclid(values.len() as i64) as usize]
            }
        }
    }

    /// Mean of the underlying values (one cycle).
    pub fn mean(&self) -> f64 {
        match self {
            HourlySeries::Constant(v) => *v,
            HourlySeries::Table { values, .. } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_wraps_cyclically_in_both_directions() {
        let s = HourlySeries::Table { start_unix: 7_200, values: Arc::new(vec![1.0, 2.0, 3.0]) };
        assert_eq!(s.at(7_200), 1.0);
        assert_eq!(s.at(7_200 + 3_600 * 2), 3.0);
        assert_eq!(s.at(7_200 + 3_600 * 3), 1.0);
        assert_eq!(s.at(3_600), 3.0);
        assert_eq!(s.mean(), 2.0);
        assert_eq!(HourlySeries::Constant(5.0).at(-99_999), 5.0);
    }
}
