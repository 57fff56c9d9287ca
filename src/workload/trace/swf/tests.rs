use super::*;
use std::io::Write;

fn write(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn jobs_that_ran_are_kept_whatever_their_status() {
    let text = "; Version: 2.2\n\
; MaxProcs: 16\n\
1 0 10 3600 8 -1 -1 8 7200 -1 1 1 1 -1 1 -1 -1 -1\n\
\n\
2 600 0 1800 4 -1 -1 4 3600 -1 0 2 1 -1 1 -1 -1 -1\n\
3 1200 -1 -1 -1 -1 -1 2 3600 -1 5 3 1 -1 1 -1 -1 -1\n\
4 7200 30 5400 -1 -1 -1 16 7200 -1 5 1 1 -1 1 -1 -1 -1\n";
    let log = read_swf(write(text).path()).unwrap();
    let kept: Vec<(usize, u64, u32, u64)> = log
        .jobs
        .iter()
        .map(|j| (j.line, j.arrival_s, j.gpus, j.duration_s))
        .collect();
    assert_eq!(
        kept,
        [(3, 0, 8, 3_600), (5, 600, 4, 1_800), (7, 7_200, 16, 5_400)]
    );
    assert_eq!(log.never_ran, 1);
}

#[test]
fn missing_fields_name_their_line() {
    let good = "1 0 10 3600 8 -1 -1 8 7200 -1 1 1 1 -1 1 -1 -1 -1\n";
    for (bad, expected) in [
        (
            "2 600 0 1800 4 -1 -1 4 3600 -1 0 2 1\n",
            "line 2: expected 18 fields, found 13",
        ),
        (
            "2 600 0 half 4 -1 -1 4 3600 -1 0 2 1 -1 1 -1 -1 -1\n",
            "line 2: field 4 (run time) `half` is not a number",
        ),
        (
            "2 -1 0 1800 4 -1 -1 4 3600 -1 0 2 1 -1 1 -1 -1 -1\n",
            "line 2: field 2 (submit time) -1 must be from 0",
        ),
        (
            "2 600 0 1800 -1 -1 -1 -1 3600 -1 0 2 1 -1 1 -1 -1 -1\n",
            "line 2: field 8 (requested processors) -1 must be a whole number ≥ 1",
        ),
    ] {
        let e = read_swf(write(&format!("{good}{bad}")).path())
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{bad}: {e}");
    }
    let e = read_swf(write("; only a header\n").path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no job that ran"), "{e}");
}
