//! Hourly series, piecewise constant per UTC hour.

use crate::error::{DataError, DataErrorKind as Kind, find_column, open_csv};
use crate::time::{SECONDS_PER_HOUR_I64, UnixSeconds, unix_hours};
use std::sync::{Arc, Mutex};

/// A quantity that is constant within each UTC hour.
///
/// A finite series repeats cyclically beyond its ends, so a one-year series serves runs of
/// any length and any start year (hour-of-series alignment is kept).
#[derive(Clone, Debug, PartialEq)]
pub enum HourlySeries {
    /// One value per hour starting at `start_unix`, computed on demand a stretch of hours
    /// at a time ([`ChunkedColumn`]) rather than held for the whole window; the same values
    /// and the same cyclic repetition as a [`HourlySeries::Table`] of them.
    Chunked(ChunkedColumn),
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
            HourlySeries::Chunked(c) => c.at(hour_start_unix),
        }
    }

    /// Mean of the underlying values (one cycle).
    pub fn mean(&self) -> f64 {
        match self {
            HourlySeries::Constant(v) => *v,
            HourlySeries::Table { values, .. } => values.iter().sum::<f64>() / values.len() as f64,
            HourlySeries::Chunked(c) => {
                (0..c.hours).map(|i| c.value(i)).sum::<f64>() / c.hours as f64
            }
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
            HourlySeries::Chunked(c) => {
                (0..c.hours).map(|i| c.value(i).abs()).sum::<f64>() / c.hours as f64
            }
        }
    }
}

/// Several hourly columns computed together, a stretch of hours at a time (a synthetic
/// grid's intensities come from one generation mix per hour).
pub trait HourColumns: Send + std::fmt::Debug {
    /// The value of column `column` in hour `index` (`0 ≤ index <` the source's hours).
    fn value(&mut self, index: usize, column: usize) -> f64;
}

/// One series seen as a column source: its value in each hour of a window, so that a
/// [`ChunkedColumn`] can multiply it by factors of the hour as it is read rather than hold
/// the products for the whole window.
#[derive(Debug)]
pub struct SeriesColumns {
    series: HourlySeries,
    start_unix: UnixSeconds,
}

impl SeriesColumns {
    /// `series` over `hours` hours from `start_unix`, as column 0 of a source; beyond them
    /// it repeats cyclically, as a table of those hours would.
    pub fn column(series: HourlySeries, start_unix: UnixSeconds, hours: usize) -> ChunkedColumn {
        let source: Arc<Mutex<dyn HourColumns>> =
            Arc::new(Mutex::new(SeriesColumns { series, start_unix }));
        ChunkedColumn::new(start_unix, hours, 0, source)
    }
}

impl HourColumns for SeriesColumns {
    fn value(&mut self, index: usize, _column: usize) -> f64 {
        self.series.at(self.start_unix + unix_hours(index as i64))
    }
}

/// A multiplier applied to a column by the UTC instant of its hour (a decarbonisation
/// trend).
pub type HourFactor = Arc<dyn Fn(UnixSeconds) -> f64 + Send + Sync>;

/// One column of a [`HourColumns`] source, `hours` long from `start_unix`, optionally
/// multiplied by factors of the hour (applied in order, each rounding as a separate
/// multiplication would).
///
/// Clones share the source (and its cursor): values are the same whoever reads them; reads
/// in increasing hour order are the cheap ones.
#[derive(Clone)]
pub struct ChunkedColumn {
    start_unix: UnixSeconds,
    hours: usize,
    column: usize,
    source: Arc<Mutex<dyn HourColumns>>,
    factors: Vec<HourFactor>,
}

impl ChunkedColumn {
    /// Column `column` of `source`, `hours` (at least 1) long from `start_unix`.
    pub fn new(
        start_unix: UnixSeconds,
        hours: usize,
        column: usize,
        source: Arc<Mutex<dyn HourColumns>>,
    ) -> ChunkedColumn {
        ChunkedColumn {
            start_unix,
            hours: hours.max(1),
            column,
            source,
            factors: Vec::new(),
        }
    }

    /// This column multiplied, hour by hour, by `factor` of the hour's start.
    pub fn times(&self, factor: HourFactor) -> ChunkedColumn {
        let mut c = self.clone();
        c.factors.push(factor);
        c
    }

    /// Hours before the column repeats.
    pub fn hours(&self) -> usize {
        self.hours
    }

    /// The value of hour `index` (`0 ≤ index < hours`).
    pub fn value(&self, index: usize) -> f64 {
        let mut v = self
            .source
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .value(index, self.column);
        if !self.factors.is_empty() {
            let t = self.start_unix + unix_hours(index as i64);
            for f in &self.factors {
                v *= f(t);
            }
        }
        v
    }

    /// The value during the UTC hour starting at `hour_start_unix`, repeating cyclically
    /// as a [`HourlySeries::Table`] does.
    #[inline]
    pub fn at(&self, hour_start_unix: UnixSeconds) -> f64 {
        let elapsed_h = (hour_start_unix - self.start_unix).div_euclid(SECONDS_PER_HOUR_I64);
        self.value(elapsed_h.rem_euclid(self.hours as i64) as usize)
    }
}

impl std::fmt::Debug for ChunkedColumn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkedColumn")
            .field("start_unix", &self.start_unix)
            .field("hours", &self.hours)
            .field("column", &self.column)
            .field("factors", &self.factors.len())
            .finish_non_exhaustive()
    }
}

/// Two columns are equal when they read the same column of the same source with the same
/// factors (the same values, hour by hour).
impl PartialEq for ChunkedColumn {
    fn eq(&self, other: &ChunkedColumn) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
            && (self.start_unix, self.hours, self.column)
                == (other.start_unix, other.hours, other.column)
            && self.factors.len() == other.factors.len()
            && self
                .factors
                .iter()
                .zip(&other.factors)
                .all(|(a, b)| Arc::ptr_eq(a, b))
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
