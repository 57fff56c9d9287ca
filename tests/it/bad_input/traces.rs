//! Job logs: malformed Slurm and SWF lines, and the keys of `[workload.trace]`.

use super::*;

const FIXED_JOB: &str = "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n";

fn with_trace(table: &str) -> String {
    edit(&base(), FIXED_JOB, &format!("[workload.trace]\n{table}"))
}

const SACCT_HEADER: &str = "JobIDRaw|JobName|State|Submit|ElapsedRaw|AllocTRES\n";

#[test]
fn malformed_sacct_lines_name_the_file_and_line() {
    let log = format!(
        "{SACCT_HEADER}1|a|COMPLETED|2023-01-01T10:00:00|3600|gres/gpu=1\n2|b|COMPLETED|2023-01-01T11:00:00|3600\n"
    );
    rejected(
        Some(&with_trace(
            "path = \"jobs.sacct\"\nformat = \"sacct\"\ntimezone = \"UTC\"\n",
        )),
        &[("jobs.sacct", &log)],
        &[
            "`workload.trace.path`",
            "jobs.sacct: line 3: expected 6 fields, found 5",
        ],
    );
    let log = format!("{SACCT_HEADER}1|a|COMPLETED|01/01/2023|3600|gres/gpu=1\n");
    rejected(
        Some(&with_trace(
            "path = \"jobs.sacct\"\nformat = \"sacct\"\ntimezone = \"UTC\"\n",
        )),
        &[("jobs.sacct", &log)],
        &["jobs.sacct: line 2: Submit `01/01/2023` is not a local time"],
    );
}

#[test]
fn sacct_needs_a_known_time_zone() {
    let log = format!("{SACCT_HEADER}1|a|COMPLETED|2023-01-01T10:00:00|3600|gres/gpu=1\n");
    rejected(
        Some(&with_trace("path = \"jobs.sacct\"\nformat = \"sacct\"\n")),
        &[("jobs.sacct", &log)],
        &[
            "`workload.trace.timezone`",
            "required with format = \"sacct\"",
        ],
    );
    rejected(
        Some(&with_trace(
            "path = \"jobs.sacct\"\nformat = \"sacct\"\ntimezone = \"Mars/Olympus\"\n",
        )),
        &[("jobs.sacct", &log)],
        &[
            "`workload.trace.timezone`",
            "unknown time zone `Mars/Olympus`",
        ],
    );
}

#[test]
fn swf_with_missing_fields_names_the_file_and_line() {
    let log =
        "; Version: 2.2\n1 0 10 3600 8 -1 -1 8 7200 -1 1 1 1 -1 1 -1 -1 -1\n2 600 0 1800 4 -1\n";
    rejected(
        Some(&with_trace("path = \"log.swf\"\nformat = \"swf\"\n")),
        &[("log.swf", log)],
        &[
            "`workload.trace.path`",
            "log.swf: line 3: expected 18 fields, found 6",
        ],
    );
}

#[test]
fn trace_keys_of_another_format_and_two_traces_are_refused() {
    let log = "arrival_s,gpus,duration_s\n0,8,3600\n";
    rejected(
        Some(&with_trace(
            "path = \"t.csv\"\ntimezone = \"Europe/Berlin\"\n",
        )),
        &[("t.csv", log)],
        &[
            "`workload.trace.timezone`",
            "does not apply to format = \"csv\"",
        ],
    );
    rejected(
        Some(&edit(
            &with_trace("path = \"t.csv\"\n"),
            "[workload.trace]",
            "[workload]\ntrace_csv = \"t.csv\"\n\n[workload.trace]",
        )),
        &[("t.csv", log)],
        &["`workload`", "not both"],
    );
}

#[test]
fn jobs_csv_selection_and_trace_site_are_checked() {
    let jobs = "point,replication,job_id,name,site,arrival_s,gpus,duration_s,gpu_utilization\nbase,0,0,a,alpha,0,8,3600,1\n";
    rejected(
        Some(&with_trace(
            "path = \"jobs.csv\"\nformat = \"jobs_csv\"\npoint = \"nope\"\n",
        )),
        &[("jobs.csv", jobs)],
        &[
            "`workload.trace`",
            "no job of point 'nope' and replication 0",
        ],
    );
    rejected(
        Some(&with_trace(
            "path = \"jobs.csv\"\nformat = \"jobs_csv\"\nreplication = 4\n",
        )),
        &[("jobs.csv", jobs)],
        &["no job of point 'base' and replication 4"],
    );
    let log = "1 0 10 3600 8 -1 -1 8 7200 -1 1 1 1 -1 1 -1 -1 -1\n";
    rejected(
        Some(&with_trace(
            "path = \"log.swf\"\nformat = \"swf\"\nsite = \"nowhere\"\n",
        )),
        &[("log.swf", log)],
        &["log.swf line 1", "no site named 'nowhere'"],
    );
}
