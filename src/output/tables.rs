//! The CSV files: tidy, one header row, units in column names.
//!
//! The columns are defined in [`crate::metrics::jobs`] and [`crate::metrics::hourly`]; numbers
//! are formatted by [`crate::metrics::cell`] (shortest round-trip), so equal results give
//! byte-identical files on every platform.

use crate::error::{Error, Result};
use crate::metrics::cell::{Cell, write_num};
use crate::metrics::hourly::{HOURLY_COLUMNS, HourInput};
use crate::metrics::jobs::{JOB_COLUMNS, JobRow};
use crate::results::{JobRecord, JobSink, ReplicationResult};
use crate::scenario::Scenario;
use crate::time::{SECONDS_PER_HOUR, hours};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

type Writer = csv::Writer<BufWriter<File>>;

fn open(path: &Path) -> Result<Writer> {
    let file = File::create(path).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(
        1 << 16,
        file,
    )))
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// Formats a number for CSV: shortest round-trip representation (parsing gives back the
/// same bits), `0` for zero.
pub fn num(v: f64) -> String {
    let mut out = String::new();
    write_num(&mut out, v);
    out
}

/// Writes one row: each cell formatted into `buf` (reused, so nothing is allocated per
/// field), then handed to the CSV writer, which quotes where needed.
fn write_row<'a>(
    writer: &mut Writer,
    buf: &mut String,
    cells: impl Iterator<Item = Cell<'a>>,
) -> csv::Result<()> {
    for c in cells {
        buf.clear();
        c.write(buf);
        writer.write_field(buf.as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// Streams job records to `jobs.csv` as jobs end.
pub struct JobsCsv {
    writer: Writer,
    path: PathBuf,
    labels: Vec<String>,
    sites: Vec<String>,
    point: String,
    replication: u64,
    start_unix: crate::time::UnixSeconds,
    window_end_s: u64,
    error: Option<csv::Error>,
    buf: String,
}

impl JobsCsv {
    /// Creates the file and writes the header.
    pub fn create(
        path: &Path,
        scenario: &Scenario,
        point: &str,
        replication: u64,
    ) -> Result<JobsCsv> {
        let mut writer = open(path)?;
        writer
            .write_record(JOB_COLUMNS.iter().map(|c| c.name))
            .map_err(csv_error(path))?;
        Ok(JobsCsv {
            writer,
            path: path.to_path_buf(),
            labels: scenario.workload.labels.clone(),
            sites: scenario.sites.iter().map(|s| s.name.clone()).collect(),
            point: point.to_string(),
            replication,
            start_unix: scenario.start_unix,
            window_end_s: 0,
            error: None,
            buf: String::with_capacity(64),
        })
    }

    /// Flushes; reports the first write error, if any.
    pub fn finish(mut self, window_end_s: u64) -> Result<()> {
        self.window_end_s = window_end_s;
        if let Some(e) = self.error.take() {
            return Err(Error::Csv {
                path: self.path,
                source: e,
            });
        }
        self.writer.flush().map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })
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
        let cells = JOB_COLUMNS.iter().map(|c| c.cell(&row));
        if let Err(e) = write_row(&mut self.writer, &mut self.buf, cells) {
            self.error = Some(e);
        }
    }
}

/// Writes `hourly.csv`: one row per site and hour of the window.
pub fn write_hourly(
    path: &Path,
    scenario: &Scenario,
    point: &str,
    replication: u64,
    result: &ReplicationResult,
) -> Result<()> {
    let mut w = open(path)?;
    let e = csv_error(path);
    w.write_record(HOURLY_COLUMNS.iter().map(|c| c.name))
        .map_err(&e)?;
    let mut buf = String::with_capacity(64);
    for site in &result.sites {
        for (h, row) in site.hours.iter().enumerate() {
            let hour_start = hours(h as u64);
            let input = HourInput {
                point,
                replication,
                site,
                hour: h as u64,
                hour_unix: scenario.start_unix + hour_start as i64,
                seconds: (result.window_s.min(hour_start + SECONDS_PER_HOUR) - hour_start) as f64,
                row,
                charges: row.charges(),
            };
            let cells = HOURLY_COLUMNS.iter().map(|c| (c.value)(&input));
            write_row(&mut w, &mut buf, cells).map_err(&e)?;
        }
    }
    w.flush().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}
