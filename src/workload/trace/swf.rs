//! The Standard Workload Format (SWF) of the Parallel Workloads Archive (Feitelson et al.,
//! "Experience with using the Parallel Workloads Archive", JPDC 2014): one job per line,
//! 18 whitespace-separated numbers, `-1` where a value is unknown; lines starting with `;`
//! are header comments.
//!
//! Fields read (1-based, as the format numbers them): 1 job number, 2 submit time (s since
//! the log's start, which becomes the window's start), 4 run time (s), 5 allocated
//! processors (or 8, requested processors, when 5 is `-1`) and 11 status (1 completed,
//! 0 failed, 5 cancelled). Each processor is read as one accelerator: a log whose processors
//! are CPU cores has to be converted first.
//!
//! Which jobs are replayed: every job with a run time > 0, whatever its status, for its run
//! time (a failed or cancelled job held its processors until it stopped); jobs with run
//! time 0 or unknown (`-1`) never ran and are left out. A line with fewer or more than 18
//! fields, a field that is not a number, or a job that ran without a submit time or a
//! processor count is an error naming the line.

use super::TraceJob;
use crate::error::{DataError, DataErrorKind as Kind};
use std::path::Path;
use std::sync::Arc;

/// Fields on every SWF line.
const FIELDS: usize = 18;

/// An SWF log: the jobs replayed and the number left out (run time 0 or unknown).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SwfLog {
    /// Jobs that ran, in file order.
    pub jobs: Vec<TraceJob>,
    /// Jobs with run time 0 or -1.
    pub never_ran: usize,
}

/// Reads an SWF file; every error names the file, the line and what was expected.
pub fn read_swf(path: &Path) -> Result<Arc<SwfLog>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        DataError::file(
            path,
            Kind::Open {
                reason: e.to_string(),
            },
        )
    })?;
    let mut log = SwfLog::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with(';') {
            continue;
        }
        let at = |kind| DataError::at(path, line, kind);
        let fields: Vec<&str> = trimmed.split_whitespace().collect();
        if fields.len() != FIELDS {
            return Err(at(Kind::FieldCount {
                expected: FIELDS,
                found: fields.len(),
            }));
        }
        // `n` is the format's 1-based field number.
        let number = |n: usize, what: &str| -> Result<f64, DataError> {
            fields[n - 1]
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    at(Kind::NotANumber {
                        field: format!("field {n} ({what})"),
                        raw: fields[n - 1].to_string(),
                        expected: " (expected a number, -1 if unknown)".to_string(),
                    })
                })
        };
        let out_of_range = |n: usize, what: &str, value: f64, requirement: &str| {
            at(Kind::OutOfRange {
                field: format!("field {n} ({what})"),
                value: value.to_string(),
                requirement: requirement.to_string(),
            })
        };
        let run = number(4, "run time")?;
        let submit = number(2, "submit time")?;
        let allocated = number(5, "allocated processors")?;
        let requested = number(8, "requested processors")?;
        number(11, "status")?;
        if run <= 0.0 {
            log.never_ran += 1;
            continue;
        }
        if !(0.0..=1e12).contains(&submit) {
            return Err(out_of_range(
                2,
                "submit time",
                submit,
                "must be from 0 to 1e12 s for a job that ran",
            ));
        }
        let (n, what, processors) = if allocated > 0.0 {
            (5, "allocated processors", allocated)
        } else {
            (8, "requested processors", requested)
        };
        if processors < 1.0 || processors.fract() != 0.0 || processors > f64::from(u32::MAX) {
            return Err(out_of_range(
                n,
                what,
                processors,
                "must be a whole number ≥ 1 for a job that ran (field 8 is used when 5 is -1)",
            ));
        }
        log.jobs.push(TraceJob {
            line,
            arrival_s: submit.round() as u64,
            gpus: processors as u32,
            duration_s: super::super::seconds_to_whole(run),
            name: None,
            site: None,
            gpu_utilization: None,
        });
    }
    if log.jobs.is_empty() {
        return Err(DataError::file(
            path,
            Kind::Malformed {
                reason:
                    "no job that ran (expected at least one line of 18 fields with a run time > 0)"
                        .to_string(),
            },
        ));
    }
    Ok(Arc::new(log))
}

#[cfg(test)]
mod tests;
