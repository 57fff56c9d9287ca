//! Trace replay: jobs read from a log, one per line.
//!
//! footprint's own CSV: columns (header names, any order) `arrival_s` (submission, seconds
//! after the start), `gpus`, `duration_s` (compute time), and optionally `name`, `site` and
//! `gpu_utilization`; other columns are ignored. A `jobs.csv` written by footprint has all
//! of them, plus `point`, `replication` and `job_id` to pick one replication
//! ([`read_jobs_csv`]). Slurm accounting logs are read by [`sacct`], Standard Workload Format
//! files by [`swf`].

pub mod sacct;
pub mod swf;

use crate::error::{DataError, DataErrorKind as Kind, find_column, open_csv};
use std::path::Path;
use std::sync::Arc;

/// One job of a trace, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceJob {
    /// Line in the file (for messages).
    pub line: usize,
    /// Submission, s after the start.
    pub arrival_s: u64,
    /// Accelerators.
    pub gpus: u32,
    /// Compute time, s.
    pub duration_s: u64,
    /// Name, if the trace has one.
    pub name: Option<String>,
    /// Site name, if the trace has one.
    pub site: Option<String>,
    /// Utilisation, if the trace has one.
    pub gpu_utilization: Option<f64>,
}

/// The columns of a job trace in a CSV header.
struct Columns {
    arrival: usize,
    gpus: usize,
    duration: usize,
    name: Option<usize>,
    site: Option<usize>,
    utilization: Option<usize>,
}

impl Columns {
    fn find(path: &Path, headers: &csv::StringRecord) -> Result<Columns, DataError> {
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let required = |name: &str| find_column(path, headers, name, |h| h == name, "");
        Ok(Columns {
            arrival: required("arrival_s")?,
            gpus: required("gpus")?,
            duration: required("duration_s")?,
            name: column("name"),
            site: column("site"),
            utilization: column("gpu_utilization"),
        })
    }
}

/// Reads a trace; every error names the file, the line and what was expected.
pub fn read_trace_csv(path: &Path) -> Result<Arc<Vec<TraceJob>>, DataError> {
    let (mut reader, headers) = open_csv(path)?;
    let columns = Columns::find(path, &headers)?;
    let mut jobs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| malformed(path, line, e))?;
        jobs.push(parse_job(path, line, &record, &columns)?);
    }
    if jobs.is_empty() {
        return Err(DataError::file(path, Kind::NoRows));
    }
    Ok(Arc::new(jobs))
}

/// One row of a footprint `jobs.csv`, read as a trace job.
#[derive(Clone, Debug, PartialEq)]
pub struct JobsCsvRow {
    /// Sweep point of the row.
    pub point: String,
    /// Replication of the row.
    pub replication: u64,
    /// Job number within its replication.
    pub job_id: u64,
    /// The job as submitted.
    pub job: TraceJob,
}

/// Reads a `jobs.csv` written by footprint: every row with its point, replication and job
/// number, so that the caller can pick one replication and submit its jobs in their order.
pub fn read_jobs_csv(path: &Path) -> Result<Arc<Vec<JobsCsvRow>>, DataError> {
    let (mut reader, headers) = open_csv(path)?;
    let columns = Columns::find(path, &headers)?;
    let required = |name: &str| {
        find_column(
            path,
            &headers,
            name,
            |h| h == name,
            " (expected a jobs.csv written by footprint)",
        )
    };
    let (point, replication, job_id) = (
        required("point")?,
        required("replication")?,
        required("job_id")?,
    );
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| malformed(path, line, e))?;
        let whole = |c: usize, what: &str| -> Result<u64, DataError> {
            let raw = record.get(c).unwrap_or("").trim();
            raw.parse().map_err(|_| {
                DataError::at(
                    path,
                    line,
                    Kind::NotANumber {
                        field: what.to_string(),
                        raw: raw.to_string(),
                        expected: " (expected a whole number)".to_string(),
                    },
                )
            })
        };
        rows.push(JobsCsvRow {
            point: record.get(point).unwrap_or("").to_string(),
            replication: whole(replication, "replication")?,
            job_id: whole(job_id, "job_id")?,
            job: parse_job(path, line, &record, &columns)?,
        });
    }
    if rows.is_empty() {
        return Err(DataError::file(path, Kind::NoRows));
    }
    Ok(Arc::new(rows))
}

fn malformed(path: &Path, line: usize, e: csv::Error) -> DataError {
    DataError::at(
        path,
        line,
        Kind::Malformed {
            reason: e.to_string(),
        },
    )
}

/// The job of one trace row.
fn parse_job(
    path: &Path,
    line: usize,
    record: &csv::StringRecord,
    columns: &Columns,
) -> Result<TraceJob, DataError> {
    let at = |kind| DataError::at(path, line, kind);
    let field = |c: usize| record.get(c).unwrap_or("").trim();
    let number = |c: usize, what: &str| -> Result<f64, DataError> {
        field(c)
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                at(Kind::NotANumber {
                    field: what.to_string(),
                    raw: field(c).to_string(),
                    expected: String::new(),
                })
            })
    };
    let out_of_range = |what: &str, value: f64, requirement: &str| {
        at(Kind::OutOfRange {
            field: what.to_string(),
            value: value.to_string(),
            requirement: requirement.to_string(),
        })
    };
    let arrival_s = number(columns.arrival, "arrival_s")?;
    if !(0.0..=1e12).contains(&arrival_s) {
        return Err(out_of_range(
            "arrival_s",
            arrival_s,
            "must be from 0 to 1e12",
        ));
    }
    let g = number(columns.gpus, "gpus")?;
    if g < 1.0 || g.fract() != 0.0 || g > f64::from(u32::MAX) {
        return Err(out_of_range("gpus", g, "must be a whole number ≥ 1"));
    }
    let d = number(columns.duration, "duration_s")?;
    if d <= 0.0 {
        return Err(out_of_range("duration_s", d, "must be > 0"));
    }
    let gpu_utilization = match columns.utilization {
        Some(c) if !field(c).is_empty() => {
            let u = number(c, "gpu_utilization")?;
            if !(0.0..=1.0).contains(&u) {
                return Err(out_of_range("gpu_utilization", u, "must be in [0, 1]"));
            }
            Some(u)
        }
        _ => None,
    };
    let text = |c: Option<usize>| c.map(field).filter(|s| !s.is_empty()).map(str::to_string);
    Ok(TraceJob {
        line,
        arrival_s: arrival_s.round() as u64,
        gpus: g as u32,
        duration_s: super::seconds_to_whole(d),
        name: text(columns.name),
        site: text(columns.site),
        gpu_utilization,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn reads_required_and_optional_columns() {
        let f = write("gpus,extra,arrival_s,duration_s,name\n8,x,0,3600,a\n1,y,12.6,10.2,\n");
        let jobs = read_trace_csv(f.path()).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(
            (jobs[0].gpus, jobs[0].duration_s, jobs[0].name.as_deref()),
            (8, 3_600, Some("a"))
        );
        assert_eq!(
            (
                jobs[1].arrival_s,
                jobs[1].duration_s,
                jobs[1].name.as_deref()
            ),
            (13, 10, None)
        );
    }

    #[test]
    fn bad_rows_name_their_line() {
        for (text, expected) in [
            ("arrival_s,gpus\n0,1\n", "no `duration_s` column"),
            (
                "arrival_s,gpus,duration_s\n0,1,5\n0,1.5,5\n",
                "line 3: gpus 1.5",
            ),
            (
                "arrival_s,gpus,duration_s\n-1,1,5\n",
                "line 2: arrival_s -1",
            ),
            (
                "arrival_s,gpus,duration_s\n0,1,abc\n",
                "line 2: duration_s `abc` is not a number",
            ),
            (
                "arrival_s,gpus,duration_s,gpu_utilization\n0,1,5,2\n",
                "line 2: gpu_utilization 2",
            ),
            ("arrival_s,gpus,duration_s\n", "no data rows"),
        ] {
            let e = read_trace_csv(write(text).path()).unwrap_err().to_string();
            assert!(e.contains(expected), "{text}: {e}");
        }
    }
}
