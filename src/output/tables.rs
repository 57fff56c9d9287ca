//! The CSV files: tidy, one header row, units in column names.
//!
//! The columns are defined in [`crate::metrics::jobs`] and [`crate::metrics::hourly`]
//! (`jobs.csv` is written by [`super::jobs_csv`]); numbers
//! are formatted by [`crate::metrics::cell`] (shortest round-trip), so equal results give
//! byte-identical files on every platform. Rows go through [`super::rows::RowWriter`]: one
//! buffer, no allocation per field or row.

use super::hour_spool::HourSpool;
use super::rows::RowWriter;
use crate::accounting::HourRow;
use crate::digest::FileDigest;
use crate::error::Result;
use crate::metrics::cell::{Cell, write_num};
use crate::metrics::hourly::{HOURLY_COLUMNS, HourInput};
use crate::output::axes::{PointColumns, after_point, insert_after_point};
use crate::results::ReplicationResult;
use crate::scenario::Scenario;
use crate::time::{SECONDS_PER_HOUR, hours};
use std::path::Path;

/// Formats a number for CSV: shortest round-trip representation (parsing gives back the
/// same bits), `0` for zero.
pub fn num(v: f64) -> String {
    let mut out = String::new();
    write_num(&mut out, v);
    out
}

/// Writes `hourly.csv`: one row per site and hour of the window (the point's sweep-axis
/// columns after `point`). The rows are those `spool` holds for each site (when the run
/// streamed them) followed by the site's kept rows in `result`. Returns the file's size and
/// BLAKE3 digest, recorded under `name` (its path in the run folder).
#[allow(clippy::too_many_arguments)]
pub fn write_hourly(
    path: &Path,
    name: &str,
    scenario: &Scenario,
    point: &str,
    sweep: &PointColumns,
    replication: u64,
    result: &ReplicationResult,
    mut spool: Option<&mut HourSpool>,
) -> Result<FileDigest> {
    let mut w = RowWriter::create(path)?;
    let names: Vec<&str> = HOURLY_COLUMNS.iter().map(|c| c.name).collect();
    w.header(insert_after_point(&names, sweep))?;
    let (before, after) = HOURLY_COLUMNS.split_at(after_point(names.iter().copied()));
    for (i, site) in result.sites.iter().enumerate() {
        let mut h = 0u64;
        let mut write = |row: &HourRow| -> Result<()> {
            let hour_start = hours(h);
            let input = HourInput {
                point,
                replication,
                site,
                hour: h,
                hour_unix: scenario.start_unix + hour_start as i64,
                seconds: (result.window_s.min(hour_start + SECONDS_PER_HOUR) - hour_start) as f64,
                row,
                charges: row.charges(),
            };
            h += 1;
            let cells = before
                .iter()
                .map(|c| (c.value)(&input))
                .chain(sweep.values.iter().map(|v| Cell::Text(v)))
                .chain(after.iter().map(|c| (c.value)(&input)));
            w.row(cells)
        };
        if let Some(spool) = spool.as_deref_mut() {
            spool.for_each(i, &mut write)?;
        }
        for row in &site.hours {
            write(row)?;
        }
    }
    let (_, hashing) = w.finish()?;
    Ok(hashing.finish(name.to_string()))
}
