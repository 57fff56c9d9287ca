//! Failures, power caps and scheduling operations.

use super::*;

#[test]
fn failure_rate_above_one() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.failures]\nrate_per_gpu_hour = 2\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].failures.rate_per_gpu_hour`",
            "from 0 to 1",
            "found 2",
        ],
    );
}

fn with_failures(keys: &str) -> String {
    edit(
        &base(),
        "host_busy_power_w = 1000\n",
        &format!("host_busy_power_w = 1000\n\n[sites.failures]\n{keys}\n"),
    )
}

#[test]
fn failure_shares_not_adding_up_to_one() {
    rejected_text(
        &with_failures("gpu_share = 0.6\nnode_share = 0.3"),
        &[
            "`sites[0].failures`",
            "gpu_share + node_share + switch_share must add up to 1",
            "found 0.6 + 0.3 + 0 = 0.9000",
        ],
    );
}

#[test]
fn unknown_failure_preset() {
    rejected_text(
        &with_failures("preset = \"bloom\""),
        &[
            "`sites[0].failures.preset`",
            "unknown failure preset 'bloom'",
            "llama3-405b, opt-175b, rsc-1, rsc-2",
        ],
    );
}

#[test]
fn switch_domain_of_zero_accelerators() {
    rejected_text(
        &with_failures("gpus_per_switch = 0"),
        &["`sites[0].failures.gpus_per_switch`", "found 0"],
    );
}

#[test]
fn power_cap_window_out_of_range() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.power_cap]\ngpu_cap_w = 400\ndaily_windows_utc = [[25, 3]]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].power_cap.daily_windows_utc`",
            "hours 0–24 and start ≠ end",
        ],
    );
}

fn capped(cap: &str) -> String {
    edit(
        &base(),
        "host_busy_power_w = 1000\n",
        &format!("host_busy_power_w = 1000\n\n[sites.power_cap]\n{cap}\n"),
    )
}

#[test]
fn power_cap_below_the_settable_minimum() {
    rejected_text(
        &capped("gpu_cap_w = 150"),
        &[
            "`sites[0].power_cap.gpu_cap_w`",
            "150 W is outside the power limits H100-SXM5-80GB accepts, 200 to 700 W",
        ],
    );
}

#[test]
fn power_cap_above_the_settable_maximum() {
    rejected_text(
        &capped("gpu_cap_w = 800"),
        &[
            "`sites[0].power_cap.gpu_cap_w`",
            "800 W is outside the power limits H100-SXM5-80GB accepts, 200 to 700 W",
        ],
    );
}

#[test]
fn power_cap_at_or_below_the_static_power() {
    rejected_text(
        &capped("gpu_cap_w = 300\nstatic_power_w = 300"),
        &[
            "`sites[0].power_cap.static_power_w`",
            "below the cap 300 W",
            "found 300 W",
        ],
    );
}

#[test]
fn power_cap_with_the_old_throughput_exponent() {
    rejected_text(
        &capped("gpu_cap_w = 400\nthroughput_exponent = 0.4"),
        &["throughput_exponent"],
    );
}

#[test]
fn power_limit_overrides_out_of_order() {
    let text = edit(
        &capped("gpu_cap_w = 400"),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n[sites.cluster.accelerator_overrides]\nmin_power_limit_w = 500\nmax_power_limit_w = 300\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator_overrides.min_power_limit_w`",
            "expected 0 < min_power_limit_w ≤ max_power_limit_w, found 500 and 300 W",
        ],
    );
}

#[test]
fn gaussian_forecast_without_an_error() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nforecast = \"gaussian\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.temporal.forecast_error_sd`",
            "expected with forecast = \"gaussian\"",
        ],
    );
}

#[test]
fn weighted_objective_without_weights() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nobjective = \"weighted\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.temporal.weights`",
            "with objective = \"weighted\"",
        ],
    );
}

#[test]
fn spatial_and_temporal_objectives_differ() {
    let text = edit(
        &base(),
        "policy = \"fifo\"\n",
        "policy = \"fifo\"\n\n[scheduler.temporal]\nobjective = \"water\"\n\n[scheduler.spatial]\nobjective = \"carbon\"\n",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.spatial.objective`",
            "must equal scheduler.temporal.objective",
        ],
    );
}

#[test]
fn interruptible_job_without_a_deadline() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ninterruptible = true",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].interruptible`",
            "only applies to deferrable jobs (with deadline_hours)",
        ],
    );
}

#[test]
fn deadline_shorter_than_the_job() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ndeadline_hours = 3",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].deadline_hours`",
            "3 h is shorter than the job itself (5 h)",
        ],
    );
}

#[test]
fn allowed_site_that_does_not_exist() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nallowed_sites = [\"beta\"]",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].allowed_sites[0]`",
            "no site named 'beta'",
        ],
    );
}

#[test]
fn job_placed_outside_its_allowed_sites() {
    let site =
        &base()[base().find("[[sites]]").unwrap()..base().find("[[workload.jobs]]").unwrap()];
    let second = site.replace("name = \"alpha\"", "name = \"beta\"");
    let text = edit(
        &base(),
        "[[workload.jobs]]",
        &format!("{second}[[workload.jobs]]"),
    );
    let text = edit(
        &text,
        "duration_hours = 5",
        "duration_hours = 5\nallowed_sites = [\"beta\"]",
    );
    rejected_text(&text, &["`workload.jobs[0]", "allowed_sites"]);
}

#[test]
fn both_checkpoint_interval_and_young_daly() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ncheckpoint_interval_hours = 1\ncheckpoint_young_daly = true",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "give checkpoint_interval_hours or checkpoint_young_daly, not both",
        ],
    );
}
