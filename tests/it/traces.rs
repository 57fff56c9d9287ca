//! Job logs replayed: a Slurm `sacct` log and an SWF file from `tests/data/`, checked job by
//! job against the files, and a run's own `jobs.csv` replayed into the same jobs.

use crate::common::{MINIMAL_SCENARIO, column_sum, edit, read_csv, root, run};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

const FIXED_JOB: &str = "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n";

/// Runs MINIMAL_SCENARIO from `start` for `days` days (draining) with `workload` instead of
/// its fixed job; returns the rows of `jobs.csv`.
fn replay(
    dir: &Path,
    name: &str,
    start: &str,
    days: u32,
    workload: &str,
) -> Vec<HashMap<String, String>> {
    let text = edit(
        MINIMAL_SCENARIO,
        "start = \"2023-01-01T00:00:00Z\"\nduration_days = 2",
        &format!("start = \"{start}\"\nduration_days = {days}\ndrain = true"),
    );
    let text = edit(&text, FIXED_JOB, workload);
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    let out = dir.join(name);
    run(&path, &out, &[]);
    read_csv(&out.join("jobs.csv"))
}

fn column(rows: &[HashMap<String, String>], name: &str) -> BTreeSet<String> {
    rows.iter().map(|r| r[name].clone()).collect()
}

#[test]
fn sacct_sample_replays_its_ended_gpu_jobs_at_their_submit_times() {
    let tmp = tempfile::tempdir().unwrap();
    let log = root().join("tests/data/sacct-sample.txt");
    let rows = replay(
        tmp.path(),
        "sacct",
        "2023-03-25T00:00:00Z",
        3,
        &format!(
            "[workload.trace]\npath = {:?}\nformat = \"sacct\"\ntimezone = \"Europe/Berlin\"\n",
            log.display().to_string()
        ),
    );
    // Of the file's 10 allocations: 1001 (8 GPUs, 2 h), 1002 (failed, 4 typed GPUs, 0.5 h),
    // 1004 (cancelled after 600 s, 2 GPUs) and 1006 (timed out, 16 GPUs, 24 h). Left out:
    // the step 1001.batch, 1003 (cancelled before it ran), 1005 (no GPU), 1007 (running),
    // 1008 (pending) and 1009 (submitted before the window).
    assert_eq!(rows.len(), 4);
    let gpu_hours = 8.0 * 2.0 + 4.0 * 0.5 + 2.0 * 600.0 / 3_600.0 + 16.0 * 24.0;
    assert!((column_sum(&rows, "gpu_hours") - gpu_hours).abs() < 1e-9);
    // Submit times in Berlin: CET (UTC+1) until 2023-03-26 01:00 UTC, then CEST (UTC+2).
    assert_eq!(
        column(&rows, "arrival_time_utc"),
        BTreeSet::from(
            [
                "2023-03-25T08:00:00Z",
                "2023-03-25T22:30:00Z",
                "2023-03-26T01:30:00Z",
                "2023-03-26T10:00:00Z"
            ]
            .map(String::from)
        )
    );
    assert_eq!(
        column(&rows, "name"),
        BTreeSet::from(["pretrain", "finetune", "eval"].map(String::from))
    );
    assert!(rows.iter().all(|r| r["status"] == "completed"));
}

#[test]
fn swf_sample_replays_the_jobs_that_ran() {
    let tmp = tempfile::tempdir().unwrap();
    let log = root().join("tests/data/sample.swf");
    let rows = replay(
        tmp.path(),
        "swf",
        "2023-01-01T00:00:00Z",
        2,
        &format!(
            "[workload.trace]\npath = {:?}\nformat = \"swf\"\n",
            log.display().to_string()
        ),
    );
    // Jobs 1 (8 procs, 1 h), 2 (failed, 4 procs, 0.5 h) and 4 (cancelled after 1.5 h,
    // 16 requested procs); 3 and 5 never ran.
    assert_eq!(rows.len(), 3);
    assert!((column_sum(&rows, "gpu_hours") - (8.0 + 2.0 + 24.0)).abs() < 1e-9);
    assert_eq!(
        column(&rows, "arrival_time_utc"),
        BTreeSet::from(
            [
                "2023-01-01T00:00:00Z",
                "2023-01-01T00:10:00Z",
                "2023-01-01T02:00:00Z"
            ]
            .map(String::from)
        )
    );
}

#[test]
fn a_runs_own_jobs_csv_replays_into_the_same_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let synthetic = "[workload.arrivals]\njobs_per_day = 40\n\n\
[[workload.classes]]\nname = \"small\"\nshare = 2\ngpus = [1, 2, 4]\ngpu_utilization = 0.6\n\
duration_lognormal_mu = 8\nduration_lognormal_sigma = 1\n\n\
[[workload.classes]]\nname = \"big\"\nshare = 1\ngpus = [8, 16]\n\
duration_lognormal_mu = 9\nduration_lognormal_sigma = 0.5\n";
    let first = replay(tmp.path(), "first", "2023-01-01T00:00:00Z", 2, synthetic);
    assert!(first.len() > 40, "{} jobs", first.len());
    let jobs_csv = tmp.path().join("first/jobs.csv");
    let second = replay(
        tmp.path(),
        "second",
        "2023-01-01T00:00:00Z",
        2,
        &format!(
            "[workload.trace]\npath = {:?}\nformat = \"jobs_csv\"\n",
            jobs_csv.display().to_string()
        ),
    );
    assert_eq!(second.len(), first.len());
    assert_eq!(
        std::fs::read_to_string(&jobs_csv).unwrap(),
        std::fs::read_to_string(tmp.path().join("second/jobs.csv")).unwrap()
    );
}
