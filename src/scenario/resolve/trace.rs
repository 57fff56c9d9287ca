//! Job logs to replay: `workload.trace_csv` and `[workload.trace]` in each format, read
//! into trace jobs whose arrivals count from the window's start.

use super::*;
use crate::scenario::schema::{TraceFormat, WorkloadSection};
use crate::time::zone::Zone;
use crate::workload::trace::{TraceJob, read_jobs_csv, read_trace_csv, sacct, swf};

/// A log read for replay.
pub(super) struct LoadedTrace {
    /// The scenario key it came from (for messages).
    pub(super) key: &'static str,
    /// The file.
    pub(super) path: PathBuf,
    /// Its jobs, arrivals in seconds after the window's start.
    pub(super) jobs: Vec<TraceJob>,
}

/// The log of `trace_csv` or `[workload.trace]`, if one is given and it can be read.
pub(super) fn load_trace(
    c: &mut Checker,
    w: &WorkloadSection,
    start_unix: i64,
    data: (&Path, &DataCache),
) -> Option<LoadedTrace> {
    let (base_dir, cache) = data;
    let t = match (&w.trace_csv, &w.trace) {
        (Some(_), Some(_)) => {
            c.fail("workload", "give trace_csv or [workload.trace], not both");
            return None;
        }
        (Some(path), None) => {
            let key = "workload.trace_csv";
            let path = base_dir.join(path);
            return match cache.load("trace", &path, read_trace_csv) {
                Ok(jobs) => Some(LoadedTrace {
                    key,
                    path,
                    jobs: jobs.to_vec(),
                }),
                Err(e) => {
                    c.fail(key, e);
                    None
                }
            };
        }
        (None, Some(t)) => t,
        (None, None) => return None,
    };
    let key = "workload.trace.path";
    let path = base_dir.join(&t.path);
    for (given, name, allowed) in [
        (
            t.timezone.is_some(),
            "timezone",
            t.format == TraceFormat::Sacct,
        ),
        (t.point.is_some(), "point", t.format == TraceFormat::JobsCsv),
        (
            t.replication.is_some(),
            "replication",
            t.format == TraceFormat::JobsCsv,
        ),
    ] {
        if given && !allowed {
            c.fail(
                &format!("workload.trace.{name}"),
                format!("does not apply to format = \"{}\"", format_name(t.format)),
            );
        }
    }
    let mut jobs = match t.format {
        TraceFormat::Csv => cache
            .load("trace", &path, read_trace_csv)
            .map(|jobs| jobs.to_vec()),
        TraceFormat::Swf => cache
            .load("trace-swf", &path, swf::read_swf)
            .map(|log| log.jobs.clone()),
        TraceFormat::JobsCsv => cache
            .load("trace-jobs-csv", &path, read_jobs_csv)
            .map(|rows| one_replication(c, &rows, t.point.as_deref(), t.replication)),
        TraceFormat::Sacct => {
            let zone = match &t.timezone {
                None => {
                    c.fail(
                        "workload.trace.timezone",
                        "required with format = \"sacct\": the IANA time zone of the log's Submit times (the clock of the machine that ran sacct), e.g. Europe/Berlin",
                    );
                    return None;
                }
                Some(name) => match Zone::named(name) {
                    Ok(z) => z,
                    Err(e) => {
                        c.fail("workload.trace.timezone", e);
                        return None;
                    }
                },
            };
            cache
                .load("trace-sacct", &path, sacct::read_sacct)
                .map(|log| sacct_jobs(&log, &zone, start_unix))
        }
    }
    .map_err(|e| c.fail(key, e))
    .ok()?;
    if t.site.is_some() {
        for job in jobs.iter_mut().filter(|j| j.site.is_none()) {
            job.site = t.site.clone();
        }
    }
    Some(LoadedTrace { key, path, jobs })
}

fn format_name(f: TraceFormat) -> &'static str {
    match f {
        TraceFormat::Csv => "csv",
        TraceFormat::JobsCsv => "jobs_csv",
        TraceFormat::Sacct => "sacct",
        TraceFormat::Swf => "swf",
    }
}

/// The jobs of one point and replication of a `jobs.csv`, in job-number order (the order
/// the run submitted them in).
fn one_replication(
    c: &mut Checker,
    rows: &[crate::workload::trace::JobsCsvRow],
    point: Option<&str>,
    replication: Option<u64>,
) -> Vec<TraceJob> {
    let point = point.unwrap_or(&rows[0].point);
    let replication = replication.unwrap_or(rows[0].replication);
    let mut chosen: Vec<_> = rows
        .iter()
        .filter(|r| r.point == point && r.replication == replication)
        .collect();
    if chosen.is_empty() {
        c.fail(
            "workload.trace",
            format!("no job of point '{point}' and replication {replication} in the jobs.csv"),
        );
    }
    chosen.sort_by_key(|r| r.job_id);
    chosen.into_iter().map(|r| r.job.clone()).collect()
}

/// The replayed jobs of a Slurm log, their `Submit` times read on `zone`; jobs submitted
/// before the window's start are left out.
fn sacct_jobs(log: &sacct::SacctLog, zone: &Zone, start_unix: i64) -> Vec<TraceJob> {
    log.jobs
        .iter()
        .filter_map(|j| {
            let submit = zone.instant_of_civil(j.submit_civil_s).ok()?;
            let arrival_s = u64::try_from(submit - start_unix).ok()?;
            Some(TraceJob {
                line: j.line,
                arrival_s,
                gpus: j.gpus,
                duration_s: j.elapsed_s,
                name: j.name.clone(),
                site: None,
                gpu_utilization: None,
            })
        })
        .collect()
}
