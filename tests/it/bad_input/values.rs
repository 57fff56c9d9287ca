//! Values out of range, from a negative power to absurd counts, durations and rates.

use super::*;

#[test]
fn negative_host_power() {
    let text = edit(
        &base(),
        "host_busy_power_w = 1000",
        "host_busy_power_w = -5",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.host_busy_power_w`",
            "expected watts from 0 to 100000",
            "found -5",
        ],
    );
}

#[test]
fn zero_gpus_in_a_job() {
    let text = edit(&base(), "gpus = 8\n", "gpus = 0\n");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpus`",
            "expected at least 1 GPU",
            "found 0",
        ],
    );
}

#[test]
fn zero_nodes() {
    let text = edit(&base(), "nodes = 2", "nodes = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodes`",
            "expected 1 to 10000000 nodes",
            "found 0",
        ],
    );
}

#[test]
fn zero_gpus_per_node() {
    let text = edit(&base(), "gpus_per_node = 8", "gpus_per_node = 0");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.gpus_per_node`",
            "expected 1 to 64",
            "found 0",
        ],
    );
}

#[test]
fn mfu_above_one() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "parameters = 1e9\ntokens = 1e10\nmfu = 1.5",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].mfu`",
            "expected a model FLOPs utilisation in (0, 1]",
            "found 1.5",
        ],
    );
}

#[test]
fn pue_below_one() {
    let text = edit(&base(), "pue = 1.2", "pue = 0.9");
    rejected_text(
        &text,
        &["`sites[0].pue`", "expected a PUE from 1 to 10", "found 0.9"],
    );
}

#[test]
fn utilisation_above_one() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ngpu_utilization = 1.2",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpu_utilization`",
            "expected a utilisation in [0, 1]",
            "found 1.2",
        ],
    );
}

#[test]
fn bad_power_curve() {
    // The curve must run from u = 0 to u = 1; this one stops at 0.5.
    let text = edit(
        &base(),
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.cluster.accelerator_overrides]\npower_curve = [[0.0, 100.0], [0.5, 400.0]]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator_overrides.power_curve`",
            "u strictly increasing from 0 to 1",
        ],
    );
}

#[test]
fn job_larger_than_the_cluster() {
    let text = edit(&base(), "gpus = 8\n", "gpus = 24\n");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].gpus`",
            "a job of 24 GPUs cannot fit on site 'alpha'",
            "16 GPUs",
        ],
    );
}

#[test]
fn class_size_larger_than_the_cluster() {
    let text = edit(&with_classes(&base()), "gpus = [1, 8]", "gpus = [1, 64]");
    rejected_text(
        &text,
        &[
            "`workload.classes[0].gpus[1]`",
            "a job of 64 GPUs cannot fit",
        ],
    );
}

#[test]
fn arrival_after_the_window() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\narrival_hours = 48",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].arrival_hours`",
            "48 h is not before the end of the window (48 h)",
        ],
    );
}

#[test]
fn absurd_job_duration_is_refused() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 1e300\narrival_hours = 1",
    );
    rejected_text(&text, &["`workload.jobs[0].duration_hours`", "expected"]);
}

#[test]
fn absurd_start_year_is_refused_as_a_bad_timestamp() {
    let text = edit(
        &base(),
        "2023-01-01T00:00:00Z",
        "999999999999-01-01T00:00:00Z",
    );
    rejected_text(&text, &["`simulation.start`", "is not a UTC timestamp"]);
}

#[test]
fn huge_counts_sizes_and_rates_are_refused_before_any_allocation() {
    for (from, to, expected) in [
        (
            "gpus = 8\n",
            "gpus = 8\ncount = 4000000000\n",
            "`workload.jobs[0].count`: expected 1 to 1000000",
        ),
        (
            "nodes = 2",
            "nodes = 4000000000",
            "`sites[0].cluster.nodes`: expected 1 to 10000000 nodes",
        ),
    ] {
        let text = base().replacen(from, to, 1);
        assert_ne!(text, base(), "mutation {to} applied");
        rejected_text(&text, &[expected]);
    }
}

#[test]
fn absurd_arrival_rate_is_refused() {
    let text = with_classes(&base()).replace("jobs_per_day = 10", "jobs_per_day = 1e300");
    rejected_text(
        &text,
        &["`workload.arrivals`", "expected arrivals in the window"],
    );
}
