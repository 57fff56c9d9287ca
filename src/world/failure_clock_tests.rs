//! The failure clock across a pause: a job paused by temporal shifting resumes with its
//! failure clock where it stopped. The clock runs while the job holds its accelerators
//! (computing, writing a checkpoint or restarting) and stands still while it is paused, so
//! the first failure strikes after the same running time whatever the pauses.

use super::*;
use crate::engine::Simulation;
use crate::engine::rng::replication_seed;
use crate::results::NoJobs;
// The whole file is a test module (`#[cfg(test)] mod` in `world/mod.rs`); marking the import
// tells the layer check of `tests/it/architecture.rs`, which reads files one by one.
#[cfg(test)]
use crate::scenario::Scenario;

/// One interruptible 8-GPU job of 6 h with a 40 h deadline on a grid clean in hours 0–2
/// and 8–10 and dirty in between: shifting runs it in two windows, with a pause.
fn scenario(seed: u64, dir: &std::path::Path) -> Scenario {
    let mut csv = String::from(
        "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n",
    );
    for h in 0..48 {
        let v = if h < 3 || (8..11).contains(&h) {
            50
        } else {
            900
        };
        csv += &format!("2023-01-{:02} {:02}:00:00,X,{v},{v}\n", 1 + h / 24, h % 24);
    }
    std::fs::write(dir.join("ci.csv"), csv).expect("write csv");
    let text = format!(
        r#"
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 2
seed = {seed}
[scheduler]
policy = "fifo"
[scheduler.temporal]
objective = "carbon"
forecast = "perfect"
slack_reserve = 0
[[sites]]
name = "s"
pue = 1.2
[sites.grid]
carbon_intensity_csv = "ci.csv"
[sites.failures]
rate_per_gpu_hour = 0.03
[sites.cluster]
nodes = 1
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1500
[[workload.jobs]]
gpus = 8
duration_hours = 6
deadline_hours = 40
interruptible = true
checkpoint_interval_hours = 1
"#
    );
    Scenario::from_toml(&text, "failure clock", dir, "test").expect("valid scenario")
}

#[test]
fn a_paused_job_resumes_its_failure_clock_where_it_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cases_with_a_failure_after_a_pause = 0;
    for seed in 1..=24 {
        let scenario = scenario(seed, dir.path());
        let setup = Setup {
            start_unix: scenario.start_unix,
            policy: scenario.policy,
            operations: &scenario.operations,
            sites: &scenario.sites,
            workload: &scenario.workload,
        };
        let world = World::new(
            setup,
            replication_seed(scenario.seed, 0),
            2 * SECONDS_PER_DAY,
            NoJobs,
            true,
        );
        let mut sim = Simulation::new(world);
        for (time, rank, kind) in sim.model.initial_events() {
            sim.schedule_at(time, rank, kind);
        }
        // Running time left before the first failure, second by second.
        let mut left: Option<SimTime> = None;
        let mut first_draw: Option<SimTime> = None;
        let mut running_s = 0;
        let mut paused_before_failure = false;
        for t in 0..2 * SECONDS_PER_DAY {
            sim.run_until(t);
            let w = &sim.model;
            let Some(job) = w.jobs.first() else { break };
            if job.interruptions > 0 || job.state == SlotState::Free {
                if job.interruptions > 0 && paused_before_failure {
                    // The failure struck after exactly the first draw of running time.
                    assert_eq!(Some(running_s), first_draw, "seed {seed}");
                    cases_with_a_failure_after_a_pause += 1;
                }
                break;
            }
            let (due, left_now) = job
                .failure
                .as_ref()
                .map_or((None, None), |f| (f.due_s, f.left_s));
            let now_left = match (due, left_now) {
                (Some(due), _) => Some(due - t),
                (None, Some(left)) => Some(left),
                _ => None,
            };
            if first_draw.is_none() {
                first_draw = now_left;
            }
            if let (Some(before), Some(now)) = (left, now_left) {
                assert_eq!(
                    before, now,
                    "seed {seed} t {t}: the clock is not where it stood"
                );
            }
            if job.pauses > 0 {
                paused_before_failure = true;
            }
            // From t to t + 1 the clock runs iff a failure is scheduled.
            left = match due {
                Some(_) => {
                    running_s += 1;
                    now_left.map(|l| l - 1)
                }
                None => now_left,
            };
        }
    }
    assert!(
        cases_with_a_failure_after_a_pause >= 2,
        "only {cases_with_a_failure_after_a_pause} seeds failed after a pause"
    );
}
