//! Slurm accounting logs: the output of `sacct --parsable2`.
//!
//! Ask Slurm for one line per job allocation with these fields (the header line is needed;
//! columns may come in any order and others are ignored):
//!
//! ```text
//! sacct --allusers --allocations --parsable2 --starttime 2023-03-01 --endtime 2023-04-01 \
//!       --format=JobIDRaw,JobName,State,Submit,ElapsedRaw,AllocTRES > jobs.sacct
//! ```
//!
//! `JobID` may replace `JobIDRaw` and `Elapsed` (`[D-]HH:MM:SS`) may replace `ElapsedRaw`
//! (seconds). Job steps (`123.batch`, `123.0`), which `--allocations` leaves out, are
//! skipped if present. `Submit` is the wall-clock time of the machine that ran sacct,
//! without a zone, so the scenario names that zone; this reader keeps it as civil seconds
//! (the wall clock read as if it were UTC) and the caller converts it.
//!
//! Which jobs are replayed: every job that ran (`ElapsedRaw` > 0) and has ended, whatever
//! its end state (`COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, `NODE_FAIL`,
//! `OUT_OF_MEMORY`, `PREEMPTED`, `DEADLINE`, `BOOT_FAIL`), for its elapsed time: a failed or
//! cancelled job held its accelerators and drew power until it stopped. Left out: jobs that
//! never ran (cancelled while pending), jobs not ended when the log was taken (`PENDING`,
//! `RUNNING`, `REQUEUED`, `RESIZING`, `SUSPENDED`: their run time is not known yet), and
//! jobs without `gres/gpu` in `AllocTRES` (CPU-only jobs). Any other state is an error.

use crate::error::{DataError, DataErrorKind as Kind};
use std::path::Path;
use std::sync::Arc;

/// States of a job that has ended (Slurm's `sacct --helpformat` job state codes).
const ENDED: &[&str] = &[
    "COMPLETED",
    "FAILED",
    "CANCELLED",
    "TIMEOUT",
    "NODE_FAIL",
    "OUT_OF_MEMORY",
    "PREEMPTED",
    "DEADLINE",
    "BOOT_FAIL",
];

/// States of a job that has not ended when the log was taken.
const NOT_ENDED: &[&str] = &[
    "PENDING",
    "RUNNING",
    "REQUEUED",
    "RESIZING",
    "SUSPENDED",
    "REVOKED",
];

/// One job allocation of a Slurm log that is replayed.
#[derive(Clone, Debug, PartialEq)]
pub struct SacctJob {
    /// Line in the file (for messages).
    pub line: usize,
    /// `JobName`, if the log has the column and the job a name.
    pub name: Option<String>,
    /// The end state, its first word (`CANCELLED by 1000` is `CANCELLED`).
    pub state: String,
    /// `Submit` as civil seconds: the local wall clock read as if it were UTC.
    pub submit_civil_s: i64,
    /// Elapsed time, s (> 0).
    pub elapsed_s: u64,
    /// Accelerators: the `gres/gpu` count of `AllocTRES`.
    pub gpus: u32,
}

/// A Slurm log: the jobs replayed and how many were left out, by reason.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SacctLog {
    /// Jobs that ran, ended and used accelerators, in file order.
    pub jobs: Vec<SacctJob>,
    /// Allocations that never ran (elapsed 0).
    pub never_ran: usize,
    /// Allocations not ended when the log was taken.
    pub not_ended: usize,
    /// Allocations without accelerators.
    pub without_gpus: usize,
}

/// Reads a `sacct --parsable2` log; every error names the file, the line and what was
/// expected.
pub fn read_sacct(path: &Path) -> Result<Arc<SacctLog>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        DataError::file(
            path,
            Kind::Open {
                reason: e.to_string(),
            },
        )
    })?;
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.split('|').map(str::trim).collect(),
        None => return Err(DataError::file(path, Kind::NoRows)),
    };
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h == n))
    };
    let required = |names: &[&str]| {
        column(names).ok_or_else(|| {
            DataError::at(
                path,
                1,
                Kind::MissingColumn {
                    column: names.join("` or `"),
                    expected: " (expected the header of sacct --parsable2 --format=JobIDRaw,JobName,State,Submit,ElapsedRaw,AllocTRES)".to_string(),
                },
            )
        })
    };
    let id = required(&["JobIDRaw", "JobID"])?;
    let state = required(&["State"])?;
    let submit = required(&["Submit"])?;
    let elapsed = required(&["ElapsedRaw", "Elapsed"])?;
    let tres = required(&["AllocTRES"])?;
    let name = column(&["JobName"]);
    let mut log = SacctLog::default();
    for (line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let at = |kind| DataError::at(path, line, kind);
        let fields: Vec<&str> = text.split('|').map(str::trim).collect();
        if fields.len() != header.len() {
            return Err(at(Kind::FieldCount {
                expected: header.len(),
                found: fields.len(),
            }));
        }
        if fields[id].contains('.') {
            continue; // a job step
        }
        let state_word = fields[state].split_whitespace().next().unwrap_or("");
        let ended = ENDED.contains(&state_word);
        if !ended && !NOT_ENDED.contains(&state_word) {
            return Err(at(Kind::Unknown {
                field: "State".to_string(),
                value: fields[state].to_string(),
            }));
        }
        let elapsed_s = parse_elapsed(fields[elapsed]).ok_or_else(|| {
            at(Kind::NotANumber {
                field: header[elapsed].to_string(),
                raw: fields[elapsed].to_string(),
                expected: " (expected seconds, or [D-]HH:MM:SS for Elapsed)".to_string(),
            })
        })?;
        if !ended {
            log.not_ended += 1;
            continue;
        }
        if elapsed_s == 0 {
            log.never_ran += 1;
            continue;
        }
        let gpus = alloc_gpus(fields[tres]).map_err(|raw| {
            at(Kind::NotANumber {
                field: "AllocTRES gres/gpu".to_string(),
                raw,
                expected: " (expected a whole number of GPUs)".to_string(),
            })
        })?;
        if gpus == 0 {
            log.without_gpus += 1;
            continue;
        }
        let submit_civil_s = parse_civil(fields[submit]).map_err(|reason| {
            at(Kind::BadTimestamp {
                field: "Submit".to_string(),
                reason,
            })
        })?;
        log.jobs.push(SacctJob {
            line,
            name: name
                .map(|c| fields[c])
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            state: state_word.to_string(),
            submit_civil_s,
            elapsed_s,
            gpus,
        });
    }
    if log.jobs.is_empty() {
        return Err(DataError::file(
            path,
            Kind::Malformed {
                reason: "no job that ran and used GPUs (expected at least one line with ElapsedRaw > 0, an ended State and gres/gpu in AllocTRES)".to_string(),
            },
        ));
    }
    Ok(Arc::new(log))
}

/// Seconds of an `ElapsedRaw` (`5400`) or `Elapsed` (`1-02:03:04`, `02:03:04`, `03:04`)
/// field.
fn parse_elapsed(text: &str) -> Option<u64> {
    if let Ok(s) = text.parse::<u64>() {
        return Some(s);
    }
    let (days, clock) = match text.split_once('-') {
        Some((d, c)) => (d.parse::<u64>().ok()?, c),
        None => (0, text),
    };
    let parts: Vec<u64> = clock
        .split(':')
        .map(|p| p.parse::<u64>().ok())
        .collect::<Option<_>>()?;
    let (h, m, s) = match parts[..] {
        [h, m, s] => (h, m, s),
        [m, s] => (0, m, s),
        _ => return None,
    };
    if m >= 60 || s >= 60 {
        return None;
    }
    Some(crate::time::days(days) + crate::time::hours(h) + m * 60 + s)
}

/// The accelerators of an `AllocTRES` field: the `gres/gpu=N` entry, or the sum of the typed
/// `gres/gpu:TYPE=N` entries when there is no untyped one; 0 when there is none.
fn alloc_gpus(tres: &str) -> Result<u32, String> {
    let mut untyped = None;
    let mut typed = 0u32;
    for entry in tres.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((key, value)) = entry.split_once('=') else {
            continue;
        };
        let is_untyped = key == "gres/gpu";
        if !is_untyped && !key.starts_with("gres/gpu:") {
            continue;
        }
        let n: u32 = value.parse().map_err(|_| entry.to_string())?;
        if is_untyped {
            untyped = Some(n);
        } else {
            typed = typed.saturating_add(n);
        }
    }
    Ok(untyped.unwrap_or(typed))
}

/// Civil seconds of a zone-less `YYYY-MM-DDTHH:MM:SS` timestamp.
fn parse_civil(text: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "`{text}` is not a local time like 2023-03-26T14:05:00 (sacct's default format, without a zone)"
        )
    };
    if text.ends_with('Z') || text.contains('+') || text.len() < 19 {
        return Err(bad());
    }
    crate::time::parse_utc(text).map_err(|_| bad())
}

#[cfg(test)]
mod tests;
