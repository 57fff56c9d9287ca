use super::*;
use std::io::Write;

fn write(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

const HEADER: &str = "JobIDRaw|JobName|State|Submit|ElapsedRaw|AllocTRES\n";

#[test]
fn ended_jobs_that_ran_on_gpus_are_kept_whatever_their_state() {
    let text = format!(
        "{HEADER}\
1|a|COMPLETED|2023-01-01T10:00:00|3600|billing=8,cpu=8,gres/gpu=8,mem=64G,node=1
1.batch|batch|COMPLETED|2023-01-01T10:00:01|3599|cpu=8,gres/gpu=8
2|b|FAILED|2023-01-01T11:00:00|60|gres/gpu:a100=2,gres/gpu:v100=1
3|c|CANCELLED by 1000|2023-01-01T12:00:00|0|
4|d|CANCELLED by 1000|2023-01-01T12:30:00|120|gres/gpu=1
5|e|RUNNING|2023-01-01T13:00:00|500|gres/gpu=1
6|f|COMPLETED|2023-01-01T14:00:00|500|cpu=4,mem=1G
7|g|TIMEOUT|2023-01-01T15:00:00|1-00:00:00|gres/gpu=4
"
    );
    let text = text.replace("|1-00:00:00|", "|86400|");
    let log = read_sacct(write(&text).path()).unwrap();
    let kept: Vec<(&str, u32, u64)> = log
        .jobs
        .iter()
        .map(|j| (j.state.as_str(), j.gpus, j.elapsed_s))
        .collect();
    assert_eq!(
        kept,
        [
            ("COMPLETED", 8, 3_600),
            ("FAILED", 3, 60),
            ("CANCELLED", 1, 120),
            ("TIMEOUT", 4, 86_400)
        ]
    );
    assert_eq!((log.never_ran, log.not_ended, log.without_gpus), (1, 1, 1));
    assert_eq!(log.jobs[0].line, 2);
    assert_eq!(log.jobs[0].name.as_deref(), Some("a"));
    assert_eq!(
        log.jobs[0].submit_civil_s,
        crate::time::parse_utc("2023-01-01T10:00:00Z").unwrap()
    );
}

#[test]
fn elapsed_in_clock_form_and_columns_in_any_order() {
    let text = "AllocTRES|Elapsed|Submit|State|JobID|Partition\n\
gres/gpu=2|1-02:03:04|2023-01-01T00:00:00|COMPLETED|9|gpu\n\
gres/gpu=2|05:06|2023-01-01T00:00:00|COMPLETED|10|gpu\n";
    let log = read_sacct(write(text).path()).unwrap();
    assert_eq!(log.jobs[0].elapsed_s, 86_400 + 2 * 3_600 + 3 * 60 + 4);
    assert_eq!(log.jobs[1].elapsed_s, 5 * 60 + 6);
    assert_eq!(log.jobs[0].name, None);
}

#[test]
fn malformed_lines_name_their_line_and_what_was_expected() {
    for (body, expected) in [
        (
            "1|a|COMPLETED|2023-01-01T10:00:00|3600\n",
            "line 2: expected 6 fields, found 5",
        ),
        (
            "1|a|DONE|2023-01-01T10:00:00|3600|gres/gpu=1\n",
            "line 2: unknown State 'DONE'",
        ),
        (
            "1|a|COMPLETED|2023-01-01T10:00:00|3600|gres/gpu=1\n2|a|COMPLETED|yesterday|3600|gres/gpu=1\n",
            "line 3: Submit `yesterday` is not a local time",
        ),
        (
            "1|a|COMPLETED|2023-01-01T10:00:00+01:00|3600|gres/gpu=1\n",
            "line 2: Submit `2023-01-01T10:00:00+01:00` is not a local time",
        ),
        (
            "1|a|COMPLETED|2023-01-01T10:00:00|an hour|gres/gpu=1\n",
            "line 2: ElapsedRaw `an hour` is not a number",
        ),
        (
            "1|a|COMPLETED|2023-01-01T10:00:00|3600|gres/gpu=four\n",
            "line 2: AllocTRES gres/gpu `gres/gpu=four` is not a number",
        ),
        (
            "1|a|PENDING|2023-01-01T10:00:00|0|\n",
            "no job that ran and used GPUs",
        ),
    ] {
        let e = read_sacct(write(&format!("{HEADER}{body}")).path())
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{body}: {e}");
    }
    let e = read_sacct(write("JobID|State|Submit|AllocTRES\n").path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 1: no `ElapsedRaw` or `Elapsed` column"),
        "{e}"
    );
}
