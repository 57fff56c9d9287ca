//! Scenario files and output folders: missing, several bad, or in the way.

use super::*;

#[test]
fn missing_scenario_file() {
    rejected(None, &[], &["cannot read the file"]);
}

#[test]
fn several_problems_are_all_reported() {
    let mut text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:30:00Z");
    text = edit(&text, "pue = 1.2", "pue = 0.5");
    text = edit(&text, "host_busy_power_w = 1000", "host_busy_power_w = -5");
    text = edit(&text, "nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "4 problems:",
            "`simulation.start`: expected a whole UTC hour",
            "`sites[0].pue`: expected a PUE from 1 to 10",
            "`sites[0].cluster.host_busy_power_w`: expected watts",
            "`sites[0].cluster.nodes`: expected 1 to 10000000 nodes",
        ],
    );
}

#[test]
fn several_workload_problems_are_all_reported() {
    let mut text = edit(&with_classes(&base()), "gpus = 8\n", "gpus = 0\n");
    text = edit(&text, "duration_hours = 5", "duration_hours = -1");
    text = edit(&text, "share = 1", "share = 0");
    text = edit(
        &text,
        "jobs_per_day = 10",
        "jobs_per_day = 10\njobs_per_year = 100",
    );
    rejected_text(
        &text,
        &[
            "4 problems:",
            "`workload.jobs[0].gpus`: expected at least 1 GPU",
            "`workload.jobs[0].duration_hours`: expected hours from 1 s to 1,000 years, found -1",
            "`workload.arrivals`: expected exactly one of jobs_per_day or jobs_per_year",
            "`workload.classes[0].share`: expected a number > 0, found 0",
        ],
    );
}

#[test]
fn check_reports_every_bad_file_and_still_checks_the_good_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = dir.join("good.toml");
    let bad = dir.join("bad.toml");
    fs::write(&good, base()).unwrap();
    fs::write(&bad, edit(&base(), "pue = 1.2", "pue = 0.9")).unwrap();
    let out = footprint(dir)
        .arg("check")
        .arg(&bad)
        .arg(&good)
        .arg(dir.join("absent.toml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains(&format!("ok: {}", good.display())),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("{}: `sites[0].pue`", bad.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("absent.toml: cannot read the file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 of 3 scenario(s) failed the check"),
        "{stderr}"
    );
}

#[test]
fn run_into_a_non_empty_folder_is_refused_and_leaves_it_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, base()).unwrap();
    let out = dir.join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("keep.txt"), "precious results").unwrap();
    fs::create_dir(out.join("sub")).unwrap();
    fs::write(out.join("sub/summary.csv"), "old").unwrap();

    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_refused(
        "run",
        &run,
        &out.display().to_string(),
        &["already exists and is not empty"],
    );
    assert_eq!(
        fs::read_to_string(out.join("keep.txt")).unwrap(),
        "precious results"
    );
    assert_eq!(
        fs::read_to_string(out.join("sub/summary.csv")).unwrap(),
        "old"
    );
    assert_eq!(
        listing(&out),
        BTreeSet::from(["keep.txt".to_string(), "sub".to_string()])
    );
    assert_eq!(
        listing(&out.join("sub")),
        BTreeSet::from(["summary.csv".to_string()])
    );
    // No hidden `.out.partial-*` sibling either.
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string(), "out".to_string()])
    );
}

#[test]
fn run_into_an_existing_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(SCENARIO);
    fs::write(&path, base()).unwrap();
    let out = dir.join("out");
    fs::write(&out, "not a folder").unwrap();
    let run = footprint(dir)
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_refused("run", &run, &out.display().to_string(), &["already exists"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a folder");
    assert_eq!(
        listing(dir),
        BTreeSet::from([SCENARIO.to_string(), "out".to_string()])
    );
}
