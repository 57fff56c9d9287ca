//! Hostile input (issue 8): inputs that used to run away, lose results, write NaN, merge
//! damaged shards or panic. Each ends with a clear error, a bounded run or a warning, and
//! each runs under a 60 s timeout and (on Linux) a 1 GiB address-space limit, so a runaway
//! fails the test instead of the machine.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{MINIMAL_SCENARIO as BASE, edit};

/// `footprint ARGS` in `dir`, bounded: 60 s, and 1 GiB of address space on Linux.
fn bounded(dir: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("footprint");
    let mut cmd = if cfg!(target_os = "linux") {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Both `check` and `run` refuse `scenario` with every phrase of `expect` on stderr, exit
/// code 1 (bad input), and `run` leaves nothing in the folder.
fn refused(scenario: &str, extra: &[&str], expect: &[&str]) {
    refused_with(1, scenario, extra, expect);
}

/// As [`refused`], by a run budget predicted before the start: exit code 4.
fn refused_by_budget(scenario: &str, extra: &[&str], expect: &[&str]) {
    refused_with(4, scenario, extra, expect);
}

fn refused_with(code: i32, scenario: &str, extra: &[&str], expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("s.toml"), scenario).unwrap();
    let mut check_args = vec![os("check"), os("s.toml")];
    check_args.extend(extra.iter().map(|a| os(a)));
    let mut run_args = vec![os("run"), os("s.toml"), os("--out"), os("out")];
    run_args.extend(extra.iter().map(|a| os(a)));
    for (what, args) in [("check", check_args), ("run", run_args)] {
        let out = bounded(dir, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        for phrase in expect {
            assert!(
                stderr.contains(phrase),
                "{what}: `{phrase}` not in\n{stderr}"
            );
        }
    }
    assert_eq!(listing(dir), BTreeSet::from(["s.toml".to_string()]));
}

/// `run` stops (exit 1) with every phrase of `expect` and leaves nothing behind.
fn stopped(scenario: &str, extra: &[&str], expect: &[&str]) {
    stopped_with(1, scenario, extra, expect);
}

/// As [`stopped`], by a run budget met while running: exit code 4.
fn stopped_by_budget(scenario: &str, extra: &[&str], expect: &[&str]) {
    stopped_with(4, scenario, extra, expect);
}

fn stopped_with(code: i32, scenario: &str, extra: &[&str], expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("s.toml"), scenario).unwrap();
    let mut args = vec![os("run"), os("s.toml"), os("--out"), os("out"), os("-q")];
    args.extend(extra.iter().map(|a| os(a)));
    let out = bounded(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    for phrase in expect {
        assert!(stderr.contains(phrase), "`{phrase}` not in\n{stderr}");
    }
    assert_eq!(listing(dir), BTreeSet::from(["s.toml".to_string()]));
}

/// `run` succeeds; returns its stderr.
fn runs(dir: &Path, args: &[&str]) -> String {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| os(a)).collect();
    let out = bounded(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

// ---- runaway runs: refused before they start, or stopped by a budget ----------------------

/// Llama 3's 16,384 GPUs for 54 days, no checkpoints, the default failure rate, no window:
/// used to restart from zero forever (+190 MB/s).
fn no_checkpoint_job() -> String {
    let s = edit(BASE, "duration_days = 2\n", "");
    let s = edit(&s, "nodes = 2\n", "nodes = 2048\n");
    let s = edit(
        &s,
        "gpus = 8\nduration_hours = 5",
        "gpus = 16384\nduration_hours = 1296",
    );
    format!("{s}\n[sites.failures]\n")
}

#[test]
fn uncheckpointed_job_far_beyond_its_mtbf_is_refused() {
    refused_by_budget(
        &no_checkpoint_job(),
        &[],
        &[
            "job 'train'",
            "failure every 3.093 h",
            "horizon of 100 years",
            "checkpoint_interval_hours",
        ],
    );
}

#[test]
fn the_same_job_with_checkpoints_is_accepted() {
    let s = edit(
        &no_checkpoint_job(),
        "duration_hours = 1296",
        "duration_hours = 1296\ncheckpoint_young_daly = true",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), &s).unwrap();
    runs(tmp.path(), &["check", "s.toml"]);
}

#[test]
fn uncheckpointed_job_in_a_window_warns_with_the_figure() {
    let s = edit(
        &no_checkpoint_job(),
        "seed = 7\n",
        "seed = 7\nduration_days = 3\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), &s).unwrap();
    let stderr = runs(tmp.path(), &["run", "s.toml", "--out", "out", "-q"]);
    assert!(
        stderr.contains("warning: job 'train' is expected to need about"),
        "{stderr}"
    );
}

/// `scenarios/bench/site-10k.toml` with `jobs_per_day` where `jobs_per_year` was meant:
/// used to reach 12.7 GB in 20 s.
#[test]
fn arrivals_far_above_capacity_are_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("scenarios/bench/site-10k.toml")).unwrap();
    let data = root.join("data/grid").display().to_string();
    let s = edit(&text, "jobs_per_year", "jobs_per_day").replace("../../data/grid", &data);
    refused_by_budget(
        &s,
        &[],
        &[
            "offered load is 118.8 times the capacity of 10000 GPUs",
            "--max-jobs",
            "jobs_per_year",
        ],
    );
}

#[test]
fn moderate_overload_warns_with_the_figure() {
    let s = format!(
        "{BASE}\n[workload.arrivals]\njobs_per_day = 100\n\n[[workload.classes]]\nname = \"c\"\nshare = 1\ngpus = [8]\nduration_lognormal_mu = 10.491274\nduration_lognormal_sigma = 0.01\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), &s).unwrap();
    let out = bounded(tmp.path(), &[os("check"), os("s.toml")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("warning: the offered load is 20.8 times the capacity of 16 GPUs"),
        "{stdout}"
    );
}

/// A 200 W permanent cap over 199.999 W of static power leaves 1 mW for the clock; with a
/// linear DVFS law and a wholly compute-bound step the clock falls to 0.001 / 500 and a 5-hour
/// job slows 500,000-fold (285 years).
#[test]
fn extreme_power_cap_without_window_is_refused() {
    let s = edit(BASE, "duration_days = 2\n", "");
    let s = format!(
        "{s}\n[sites.power_cap]\ngpu_cap_w = 200\nstatic_power_w = 199.999\ndvfs_exponent = 1\ncompute_bound_share = 1\n"
    );
    refused_by_budget(&s, &[], &["power cap at site 'alpha' slows it", "horizon"]);
}

#[test]
fn extreme_power_cap_in_a_window_warns() {
    let s = BASE.replace(
        "[[workload.jobs]]",
        "[sites.power_cap]\ngpu_cap_w = 200\nstatic_power_w = 199.999\n\n[[workload.jobs]]",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), &s).unwrap();
    let stderr = runs(tmp.path(), &["run", "s.toml", "--out", "out", "-q"]);
    assert!(stderr.contains("slows it"), "{stderr}");
}

#[test]
fn event_budget_stops_the_run_naming_it() {
    let s = format!(
        "{BASE}\n[workload.arrivals]\njobs_per_day = 50\n\n[[workload.classes]]\nname = \"c\"\nshare = 1\ngpus = [1]\nduration_lognormal_mu = 6\nduration_lognormal_sigma = 1\n"
    );
    stopped_by_budget(
        &s,
        &["--max-events", "250"],
        &[
            "stopped:",
            "above the budget of 250 per replication",
            "--max-events",
        ],
    );
}

#[test]
fn arrivals_beyond_the_event_budget_are_refused() {
    // 1e9 jobs a day for half a day on 80 million GPUs: found by the fuzzer (170 s in one
    // simulated hour before the hourly budget check).
    let s = edit(BASE, "duration_days = 2", "duration_days = 0.5");
    let s = format!(
        "{s}\n[workload.arrivals]\njobs_per_day = 1e9\n\n[[workload.classes]]\nname = \"c\"\nshare = 1\ngpus = [1]\nduration_lognormal_mu = 2\nduration_lognormal_sigma = 0.8\n"
    );
    let s = edit(&s, "nodes = 2", "nodes = 10000000");
    refused_by_budget(
        &s,
        &["--max-events", "500000"],
        &[
            "5.000e8 arrivals",
            "above the budget of 500000 per replication",
            "--max-events",
        ],
    );
}

#[test]
fn job_budget_stops_the_run_naming_it() {
    // Twelve 100-hour jobs submitted an hour apart on room for two: the twelfth makes 12 in
    // the system, above a budget of 10.
    let jobs: String = (0..12)
        .map(|h| format!("\n[[workload.jobs]]\nname = \"j{h}\"\ngpus = 8\nduration_hours = 100\narrival_hours = {h}\n"))
        .collect();
    let s = format!("{}{jobs}", BASE.split("[[workload.jobs]]").next().unwrap());
    stopped_by_budget(
        &s,
        &["--max-jobs", "10"],
        &[
            "stopped:",
            "jobs in the system",
            "above the budget of 10",
            "--max-jobs",
        ],
    );
}

#[test]
fn burst_of_fixed_jobs_above_the_job_budget_is_refused() {
    let s = edit(
        BASE,
        "duration_hours = 5",
        "duration_hours = 5\ncount = 100",
    );
    refused_by_budget(
        &s,
        &["--max-jobs", "10"],
        &[
            "more than 10 fixed jobs are submitted at hour 0",
            "--max-jobs",
        ],
    );
}

#[test]
fn horizon_stops_an_endless_run_naming_it() {
    // Two years of work, no window, a 1-year horizon.
    let s = edit(BASE, "duration_days = 2\n", "");
    let s = edit(&s, "duration_hours = 5", "duration_hours = 17520");
    stopped_by_budget(
        &s,
        &["--max-years", "1"],
        &[
            "stopped:",
            "unfinished at the horizon of 1 years",
            "--max-years",
        ],
    );
}

#[test]
fn window_beyond_the_horizon_is_refused() {
    let s = edit(BASE, "duration_days = 2", "duration_days = 40000");
    refused_by_budget(&s, &[], &["beyond the horizon of 100 years", "--max-years"]);
}

#[test]
fn budget_flags_are_checked() {
    refused(
        BASE,
        &["--max-years", "0"],
        &["--max-years must be at least 1"],
    );
    refused(BASE, &["--max-years", "5000"], &["at most 1000"]);
}

// ---- replications and threads ---------------------------------------------------------------

#[test]
fn a_billion_replications_are_refused_before_any_memory_is_taken() {
    stopped(
        BASE,
        &["--reps", "1000000000"],
        &["--reps 1000000000", "GB", "--shard"],
    );
}

#[test]
fn reps_times_points_overflow_is_refused() {
    let s = edit(BASE, "pue = 1.2", "pue = { sweep = [1.1, 1.2] }");
    stopped(
        &s,
        &["--reps", "18446744073709551615"],
        &["does not fit in 64 bits"],
    );
}

#[test]
fn absurd_thread_counts_are_refused() {
    stopped(
        BASE,
        &["--threads", "10000"],
        &["--threads 10000: at most 1024"],
    );
    stopped(BASE, &["--threads", "0"], &["--threads must be at least 1"]);
}

#[test]
fn many_replications_run_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), BASE).unwrap();
    runs(
        tmp.path(),
        &["run", "s.toml", "--out", "out", "-q", "--reps", "2000"],
    );
    let rows = fs::read_to_string(tmp.path().join("out/replications.csv")).unwrap();
    assert_eq!(rows.lines().count(), 2001);
}

#[test]
fn sweep_point_count_is_bounded() {
    let values: Vec<String> = (0..1001)
        .map(|i| format!("{}", 1.0 + i as f64 * 1e-4))
        .collect();
    let sweep = format!("pue = {{ sweep = [{}] }}", values.join(", "));
    let s = edit(BASE, "pue = 1.2", &sweep);
    let s = edit(
        &s,
        "host_idle_power_w = 500",
        &format!(
            "host_idle_power_w = {{ sweep = [{}] }}",
            (500..1501)
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    refused(&s, &[], &["more than 1000000 points"]);
}

// ---- run folders ----------------------------------------------------------------------------

#[test]
fn eight_concurrent_runs_without_out_all_keep_their_results() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("s.toml"), BASE).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("footprint");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(&bin)
                .current_dir(dir)
                .args(["run", "s.toml", "-q"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut folders = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        folders.insert(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    assert_eq!(folders.len(), 8, "{folders:?}");
    let listed = listing(&dir.join("results"));
    assert_eq!(listed.len(), 8, "{listed:?}");
    for f in &folders {
        assert!(dir.join(f).join("summary.csv").is_file(), "{f}");
    }
}

#[test]
fn stale_partial_folders_of_dead_processes_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("s.toml"), BASE).unwrap();
    // Process ids above the kernel maximum (2^22) are never alive.
    let stale = dir.join("results/.s-20230101T000000.partial-4999999");
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join("jobs.csv"), "x").unwrap();
    let stderr = runs(dir, &["run", "s.toml", "-q"]);
    assert!(
        stderr.contains("4999999") && stderr.contains("no longer running"),
        "{stderr}"
    );
    assert!(!stale.exists());
    assert!(
        listing(&dir.join("results"))
            .iter()
            .all(|n| !n.starts_with('.'))
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s = edit(BASE, "duration_days = 2", "duration_days = 3650");
    fs::write(dir.join("s.toml"), s).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("footprint");
    let child = std::process::Command::new(&bin)
        .current_dir(dir)
        .args(["run", "s.toml", "-q", "--reps", "100000"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run folder is reserved, then interrupt.
    let results = dir.join("results");
    for _ in 0..200 {
        if results.is_dir() && !listing(&results).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!listing(&results).is_empty(), "the run never started");
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(listing(&results).is_empty(), "{:?}", listing(&results));
}

// ---- non-finite results ---------------------------------------------------------------------

#[test]
fn decarbonisation_base_year_far_ahead_is_refused() {
    let s = edit(
        BASE,
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\ndecarbonization_per_year = 0.99\ndecarbonization_base_year = 2200",
    );
    refused(
        &s,
        &[],
        &[
            "sites[0].grid.decarbonization_base_year",
            "base year 2200",
            "above the maximum 5000",
        ],
    );
    // The same with a synthetic preset grid.
    let s = edit(
        BASE,
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"ZA\"\ndecarbonization_per_year = 0.5\ndecarbonization_base_year = 2200",
    );
    refused(
        &s,
        &[],
        &["decarbonization_base_year", "above the maximum 5000"],
    );
}

#[test]
fn decarbonisation_within_range_still_runs() {
    let s = edit(
        BASE,
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\ndecarbonization_per_year = 0.05\ndecarbonization_base_year = 2030",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), s).unwrap();
    runs(tmp.path(), &["run", "s.toml", "--out", "out", "-q"]);
}

const CSV_HEADER: &str = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n";

fn hourly_csv(bad_hour: usize, bad: &str) -> String {
    let mut s = CSV_HEADER.to_string();
    for h in 0..48 {
        let v = if h == bad_hour { bad } else { "300" };
        s.push_str(&format!(
            "2023-01-{:02} {:02}:00:00,X,{v},{v}\n",
            1 + h / 24,
            h % 24
        ));
    }
    s
}

#[test]
fn hourly_carbon_intensity_above_the_constant_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("ci.csv"), hourly_csv(5, "1e300")).unwrap();
    let s = edit(
        BASE,
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"ci.csv\"",
    );
    fs::write(dir.join("s.toml"), s).unwrap();
    for cmd in ["check", "run"] {
        let out = bounded(dir, &[os(cmd), os("s.toml")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("ci.csv, line 7")
                && stderr.contains("1e300")
                && stderr.contains("above the maximum 5000"),
            "{stderr}"
        );
    }
    assert!(!dir.join("results").exists());
}

#[test]
fn hourly_price_above_the_constant_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut price = "time_utc,price_usd_per_mwh\n".to_string();
    for h in 0..48 {
        let v = if h == 3 { "1e300" } else { "50" };
        price.push_str(&format!(
            "2023-01-{:02}T{:02}:00:00Z,{v}\n",
            1 + h / 24,
            h % 24
        ));
    }
    fs::write(dir.join("p.csv"), price).unwrap();
    let s = format!("{BASE}\n[sites.cost]\nelectricity_price_csv = \"p.csv\"\n");
    fs::write(dir.join("s.toml"), &s).unwrap();
    let out = bounded(dir, &[os("check"), os("s.toml")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("electricity_price_csv"), "{stderr}");
}

// ---- merge verifies the shards ------------------------------------------------------------

/// Runs two shards of a 2-point sweep into `dir/s1`, `dir/s2`.
fn two_shards(dir: &Path) {
    let s = edit(BASE, "pue = 1.2", "pue = { sweep = [1.1, 1.2] }");
    fs::write(dir.join("s.toml"), s).unwrap();
    for i in 1..=2 {
        runs(
            dir,
            &[
                "run",
                "s.toml",
                "-q",
                "--reps",
                "2",
                "--shard",
                &format!("{i}/2"),
                "--out",
                &format!("s{i}"),
            ],
        );
    }
}

fn merge_refused(dir: &Path, expect: &[&str]) {
    let out = bounded(
        dir,
        &[os("merge"), os("s1"), os("s2"), os("--out"), os("m")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for phrase in expect {
        assert!(stderr.contains(phrase), "`{phrase}` not in {stderr}");
    }
    assert!(!dir.join("m").exists());
}

#[test]
fn merge_of_intact_shards_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    let out = bounded(
        tmp.path(),
        &[os("merge"), os("s1"), os("s2"), os("--out"), os("m")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tmp.path().join("m/hourly.csv").is_file());
}

#[test]
fn merge_refuses_a_shard_without_its_parts() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    fs::remove_dir_all(tmp.path().join("s1/parts")).unwrap();
    merge_refused(tmp.path(), &["s1/parts/", "missing"]);
}

#[test]
fn merge_refuses_a_truncated_part() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    // Shard 1 of 2 ran replication 0 of both points, so it holds every detail part.
    let part = tmp.path().join("s1/parts/hourly-00001.csv");
    let text = fs::read(&part).unwrap();
    fs::write(&part, &text[..text.len() / 2]).unwrap();
    merge_refused(tmp.path(), &["s1/parts/hourly-00001.csv", "truncated"]);
}

#[test]
fn merge_refuses_an_edited_file() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    let rows = tmp.path().join("s1/replications.csv");
    let text = fs::read_to_string(&rows).unwrap();
    // Same length, one digit changed.
    let pos = text
        .rfind(|c: char| c.is_ascii_digit() && c != '9')
        .unwrap();
    let mut bytes = text.into_bytes();
    bytes[pos] += 1;
    fs::write(&rows, bytes).unwrap();
    merge_refused(tmp.path(), &["s1/replications.csv", "BLAKE3", "edited"]);
}

/// A shard whose manifest records SHA-256 digests (written before they were BLAKE3) is
/// refused as written by an older footprint, not reported as edited.
#[test]
fn merge_refuses_a_manifest_with_sha256_digests() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    let path = tmp.path().join("s2/manifest.json");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"blake3\""));
    fs::write(&path, text.replace("\"blake3\"", "\"sha256\"")).unwrap();
    merge_refused(
        tmp.path(),
        &["s2", "no file sizes and BLAKE3 digests", "older footprint"],
    );
}

#[test]
fn merge_refuses_a_part_the_manifest_does_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    two_shards(tmp.path());
    let parts = tmp.path().join("s1/parts");
    fs::copy(
        parts.join("hourly-00001.csv"),
        parts.join("hourly-00002.csv"),
    )
    .unwrap();
    merge_refused(
        tmp.path(),
        &["hourly-00002.csv", "not written by this shard"],
    );
}

#[test]
fn merge_refuses_shards_that_read_different_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("ci.csv"), hourly_csv(0, "300")).unwrap();
    let s = edit(
        BASE,
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_csv = \"ci.csv\"",
    );
    fs::write(dir.join("s.toml"), s).unwrap();
    runs(
        dir,
        &[
            "run", "s.toml", "-q", "--reps", "2", "--shard", "1/2", "--out", "s1",
        ],
    );
    fs::write(dir.join("ci.csv"), hourly_csv(0, "301")).unwrap();
    runs(
        dir,
        &[
            "run", "s.toml", "-q", "--reps", "2", "--shard", "2/2", "--out", "s2",
        ],
    );
    merge_refused(dir, &["read different contents of the data file", "ci.csv"]);
}

// ---- paths as the OS gives them -------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_folder_and_file_names_do_not_panic() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let weird = tmp.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    fs::create_dir(&weird).unwrap();
    let scenario = weird.join(std::ffi::OsStr::from_bytes(b"sc\xe9nario.toml"));
    fs::write(&scenario, BASE).unwrap();
    let out_dir: PathBuf = weird.join(std::ffi::OsStr::from_bytes(b"out\xff"));
    for args in [
        vec![os("check"), scenario.as_os_str()],
        vec![
            os("run"),
            scenario.as_os_str(),
            os("--out"),
            out_dir.as_os_str(),
            os("-q"),
        ],
    ] {
        let out = bounded(tmp.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
    }
    assert!(out_dir.join("summary.csv").is_file());
    // Without --out: the run name comes from the non-UTF-8 file stem, shown lossily.
    let out = bounded(&weird, &[os("run"), scenario.as_os_str(), os("-q")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listing(&weird.join("results")).len(), 1);
}

// ---- messages that blamed the wrong thing ---------------------------------------------------

#[test]
fn range_messages_state_the_real_limit() {
    let s = edit(BASE, "pue = 1.2", "pue = 1.2\nalways_on_power_w = 2e10");
    refused(
        &s,
        &[],
        &[
            "always_on_power_w",
            "from 0 to 1e10",
            "found 20000000000",
            "above the maximum 1e10",
        ],
    );
}

#[test]
fn unquoted_datetime_is_named() {
    let s = edit(
        BASE,
        "start = \"2023-01-01T00:00:00Z\"",
        "start = 2023-01-01T00:00:00Z",
    );
    refused(
        &s,
        &[],
        &[
            "simulation.start",
            "unquoted TOML date-time",
            "\"2023-01-01T00:00:00Z\"",
            "line 2",
        ],
    );
}

#[test]
fn sixty_four_bit_seed_is_named() {
    let s = edit(BASE, "seed = 7", "seed = 18446744073709551615");
    refused(
        &s,
        &[],
        &[
            "18446744073709551615",
            "does not fit in a TOML integer",
            "9223372036854775807",
            "line 4",
        ],
    );
}
