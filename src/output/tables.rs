//! The CSV files: tidy, one header row, units in column names.
//!
//! The columns are defined in [`crate::metrics::jobs`] and [`crate::metrics::hourly`]; numbers
//! are formatted by [`crate::metrics::cell`] (shortest round-trip), so equal results give
//! byte-identical files on every platform. Rows go through [`super::rows::RowWriter`]: one
//! buffer, no allocation per field or row.

use super::hour_spool::HourSpool;
use super::rows::RowWriter;
use crate::accounting::HourRow;
use crate::error::{Error, Result};
use crate::metrics::cell::{Cell, write_num};
use crate::metrics::hourly::{HOURLY_COLUMNS, HourInput};
use crate::metrics::jobs::{JOB_COLUMNS, JobRow};
use crate::output::axes::{PointColumns, after_point, insert_after_point};
use crate::results::{JobRecord, JobSink, ReplicationResult};
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

/// Streams job records to `jobs.csv` as jobs end.
pub struct JobsCsv {
    writer: RowWriter,
    labels: Vec<String>,
    sites: Vec<String>,
    point: String,
    sweep: PointColumns,
    /// Index of the first column after `point`, where the sweep columns go.
    sweep_at: usize,
    replication: u64,
    start_unix: crate::time::UnixSeconds,
    window_end_s: u64,
    error: Option<Error>,
}

impl JobsCsv {
    /// Creates the file and writes the header (the point's sweep-axis columns after
    /// `point`).
    pub fn create(
        path: &Path,
        scenario: &Scenario,
        point: &str,
        sweep: PointColumns,
        replication: u64,
    ) -> Result<JobsCsv> {
        let mut writer = RowWriter::create(path)?;
        let names: Vec<&str> = JOB_COLUMNS.iter().map(|c| c.name).collect();
        writer.header(insert_after_point(&names, &sweep))?;
        Ok(JobsCsv {
            writer,
            labels: scenario.workload.labels.clone(),
            sites: scenario.sites.iter().map(|s| s.name.clone()).collect(),
            point: point.to_string(),
            sweep_at: after_point(names.iter().copied()),
            sweep,
            replication,
            start_unix: scenario.start_unix,
            window_end_s: 0,
            error: None,
        })
    }

    /// Flushes; reports the first write error, if any.
    pub fn finish(mut self, window_end_s: u64) -> Result<()> {
        self.window_end_s = window_end_s;
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.writer.finish().map(drop)
    }
}

impl JobSink for JobsCsv {
    fn record(&mut self, j: &JobRecord) {
        if self.error.is_some() {
            return;
        }
        let row = JobRow {
            job: j,
            point: &self.point,
            replication: self.replication,
            label: self.labels.get(j.label as usize).map_or("", String::as_str),
            site: self.sites.get(j.site as usize).map_or("", String::as_str),
            start_unix: self.start_unix,
        };
        let (before, after) = JOB_COLUMNS.split_at(self.sweep_at);
        let cells = before
            .iter()
            .map(|c| c.cell(&row))
            .chain(self.sweep.values.iter().map(|v| Cell::Text(v)))
            .chain(after.iter().map(|c| c.cell(&row)));
        if let Err(e) = self.writer.row(cells) {
            self.error = Some(e);
        }
    }
}

/// Writes `hourly.csv`: one row per site and hour of the window (the point's sweep-axis
/// columns after `point`). The rows are those `spool` holds for each site (when the run
/// streamed them) followed by the site's kept rows in `result`.
pub fn write_hourly(
    path: &Path,
    scenario: &Scenario,
    point: &str,
    sweep: &PointColumns,
    replication: u64,
    result: &ReplicationResult,
    mut spool: Option<&mut HourSpool>,
) -> Result<()> {
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
    w.finish().map(drop)
}
