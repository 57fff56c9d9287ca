//! Hourly series, piecewise constant per UTC hour.

use crate::error::{DataError, DataErrorKind as Kind, find_column, open_csv};
use crate::time::{SECONDS_PER_HOUR_I64, UnixSeconds, unix_hours};
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
                let elapsed_h = (hour_start_unix - start_unix).div_euclid(SECONDS_PER_HOUR_I64);
                values[elapsed_h.rem_euclid(values.len() as i64) as usize]
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

    /// Mean of the absolute values (one cycle): the size of a quantity that may be
    /// negative (prices), equal to [`HourlySeries::mean`] when no value is negative.
    pub fn mean_abs(&self) -> f64 {
        match self {
            HourlySeries::Constant(v) => v.abs(),
            HourlySeries::Table { values, .. } => {
                values.iter().map(|v| v.abs()).sum::<f64>() / values.len() as f64
            }
        }
    }
}

/// Checks that the timestamps of an hourly file, row after row, are contiguous whole UTC
/// hours, and keeps the first.
#[derive(Debug)]
pub struct HourlySequence {
    /// The column name the messages use.
    field: &'static str,
    /// UTC instant of the first row.
    start: Option<UnixSeconds>,
    /// Rows seen.
    rows: i64,
}

impl HourlySequence {
    /// A sequence of timestamps from the column `field`.
    pub fn new(field: &'static str) -> HourlySequence {
        HourlySequence {
            field,
            start: None,
            rows: 0,
        }
    }

    /// Parses `stamp` (UTC) and checks that it starts on a whole hour (first row) or one hour
    /// after the previous row.
    pub fn next(&mut self, stamp: &str) -> Result<UnixSeconds, Kind> {
        let t = crate::time::parse_utc(stamp).map_err(|reason| Kind::BadTimestamp {
            field: self.field.to_string(),
            reason,
        })?;
        match self.start {
            None if t.rem_euclid(SECONDS_PER_HOUR_I64) != 0 => {
                return Err(Kind::NotOnWholeHour {
                    field: format!("first {}", self.field),
                    stamp: stamp.to_string(),
                });
            }
            None => self.start = Some(t),
            Some(s) => {
                let expected = s + unix_hours(self.rows);
                if t != expected {
                    return Err(Kind::BrokenSequence {
                        field: self.field.to_string(),
                        stamp: stamp.to_string(),
                        expected: crate::time::format_utc(expected),
                    });
                }
            }
        }
        self.rows += 1;
        Ok(t)
    }

    /// UTC instant of the first row; `None` before any row.
    pub fn start(&self) -> Option<UnixSeconds> {
        self.start
    }
}

/// Reads one value column of an hourly CSV into a series.
///
/// `time_column` and `value_column` pick columns by header predicate; `what` names the
/// quantity in errors. Rows must be contiguous whole UTC hours; values finite and at least
/// `min_value` (0 for physical quantities; prices may be negative).
pub fn read_hourly_csv(
    path: &std::path::Path,
    time_column: (&'static str, &dyn Fn(&str) -> bool),
    value_column: (&str, &dyn Fn(&str) -> bool),
    what: &str,
    min_value: f64,
) -> Result<HourlySeries, DataError> {
    let (mut reader, headers) = open_csv(path)?;
    let time_col = find_column(path, &headers, time_column.0, time_column.1, "")?;
    let value_col = find_column(path, &headers, value_column.0, value_column.1, "")?;
    let mut hours = HourlySequence::new(time_column.0);
    let mut values = Vec::with_capacity(8_784);
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let at = |kind| DataError::at(path, line, kind);
        let record = record.map_err(|e| {
            at(Kind::Malformed {
                reason: e.to_string(),
            })
        })?;
        hours.next(record.get(time_col).unwrap_or("")).map_err(at)?;
        let raw = record.get(value_col).unwrap_or("").trim();
        let v: f64 = raw.parse().map_err(|_| {
            at(Kind::NotANumber {
                field: what.to_string(),
                raw: raw.to_string(),
                expected: String::new(),
            })
        })?;
        if !v.is_finite() || v < min_value {
            return Err(at(Kind::OutOfRange {
                field: what.to_string(),
                value: v.to_string(),
                requirement: format!("must be finite and ≥ {min_value}"),
            }));
        }
        values.push(v);
    }
    match hours.start() {
        Some(start_unix) => Ok(HourlySeries::Table {
            start_unix,
            values: Arc::new(values),
        }),
        None => Err(DataError::file(path, Kind::NoRows)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_wraps_cyclically_in_both_directions() {
        let s = HourlySeries::Table {
            start_unix: 7_200,
            values: Arc::new(vec![1.0, 2.0, 3.0]),
        };
        assert_eq!(s.at(7_200), 1.0);
        assert_eq!(s.at(7_200 + 3_600 * 2), 3.0);
        assert_eq!(s.at(7_200 + 3_600 * 3), 1.0);
        assert_eq!(s.at(3_600), 3.0);
        assert_eq!(s.mean(), 2.0);
        assert_eq!(HourlySeries::Constant(5.0).at(-99_999), 5.0);
    }
}
