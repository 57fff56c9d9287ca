//! Spatial shifting weighs waiting for a busy clean site against moving to a dirty site now
//! (docs/models.md §4, `src/world/spatial.rs`).

use footprint::results::JobRecord;
use footprint::scenario::Scenario;
use std::path::Path;

use crate::common::run_audited as run;

/// Two sites of 2 × 8 H100: `dirty` (500 g/kWh) and `clean` (50 g/kWh). A 16-GPU job fills
/// the clean site for 4 h from hour 0; at hour 1 a 16-GPU job from the clean site arrives
/// with `big_deadline` (a `deadline_hours = …` line, or nothing).
fn two_sites(big_deadline: &str) -> Vec<JobRecord> {
    let site = |name: &str, ci: u32| {
        format!(
            r#"
[[sites]]
name = "{name}"
pue = 1.2
[sites.grid]
carbon_intensity_g_per_kwh = {ci}
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800
"#
        )
    };
    let text = format!(
        r#"
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 3
[scheduler]
policy = "easy_backfill"
[scheduler.spatial]
objective = "carbon"
{}{}
[[workload.jobs]]
name = "first"
gpus = 16
duration_hours = 4
site = "clean"
[[workload.jobs]]
name = "big"
gpus = 16
duration_hours = 10
arrival_hours = 1
site = "clean"
{big_deadline}
"#,
        site("dirty", 500),
        site("clean", 50),
    );
    let s = Scenario::from_toml(&text, "test", Path::new("."), "test")
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (_, jobs, _) = run(&s);
    jobs
}

fn big(jobs: &[JobRecord]) -> JobRecord {
    *jobs
        .iter()
        .find(|j| j.arrival_s == 3_600)
        .expect("the big job")
}

#[test]
fn a_large_job_waits_for_the_busy_clean_site_within_its_slack() {
    // 38 h of slack, half kept in reserve: it accepts starting up to hour 20; the clean
    // site is expected free at hour 4, and 10 h there emit a tenth of 10 h on the dirty
    // site. The earlier rule (a site free now first) sent it to the dirty site at once.
    let jobs = two_sites("deadline_hours = 48");
    let first = jobs.iter().find(|j| j.arrival_s == 0).expect("first job");
    assert_eq!(first.site, 1);
    let big = big(&jobs);
    assert_eq!(big.site, 1, "runs on the clean site");
    assert_eq!(
        big.start_s,
        Some(4 * 3_600),
        "starts when the clean site frees"
    );
}

#[test]
fn a_large_job_moves_now_when_the_clean_site_frees_after_its_latest_start() {
    // 2 h of slack, 1 h kept: it accepts starting up to hour 2, the clean site frees at 4.
    let big_tight = big(&two_sites("deadline_hours = 12"));
    assert_eq!(big_tight.site, 0, "runs on the dirty site");
    assert_eq!(big_tight.start_s, Some(3_600), "at once");
    // A job without a deadline does not wait either.
    let big_no_deadline = big(&two_sites(""));
    assert_eq!(big_no_deadline.site, 0);
    assert_eq!(big_no_deadline.start_s, Some(3_600));
}

#[test]
fn waiting_for_the_clean_site_emits_less_than_moving() {
    let waited = big(&two_sites("deadline_hours = 48"));
    let moved = big(&two_sites("deadline_hours = 12"));
    assert!(
        waited.charges.co2_operational_kg < 0.2 * moved.charges.co2_operational_kg,
        "waited {} kg, moved {} kg",
        waited.charges.co2_operational_kg,
        moved.charges.co2_operational_kg
    );
}
