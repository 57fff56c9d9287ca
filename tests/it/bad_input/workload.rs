//! The time window and the shape of the workload.

use super::*;

#[test]
fn start_not_on_a_whole_hour() {
    let text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:30:00Z");
    rejected_text(
        &text,
        &[
            "`simulation.start`",
            "expected a whole UTC hour",
            "'2023-01-01T00:30:00Z'",
        ],
    );
}

#[test]
fn start_not_utc() {
    let text = edit(&base(), "2023-01-01T00:00:00Z", "2023-01-01T00:00:00+02:00");
    rejected_text(
        &text,
        &[
            "`simulation.start`",
            "is not a UTC timestamp like 2023-01-01T00:00:00Z",
        ],
    );
}

#[test]
fn synthetic_classes_without_duration_days() {
    let text = edit(&with_classes(&base()), "duration_days = 2\n", "");
    rejected_text(
        &text,
        &[
            "`simulation.duration_days`",
            "expected a window length",
            "[[workload.classes]]",
        ],
    );
}

#[test]
fn synthetic_classes_without_arrivals() {
    let text = edit(
        &with_classes(&base()),
        "[workload.arrivals]\njobs_per_day = 10\n",
        "",
    );
    rejected_text(
        &text,
        &[
            "`workload.arrivals`",
            "expected jobs_per_day or jobs_per_year",
        ],
    );
}

#[test]
fn class_without_a_duration_model() {
    let text = edit(
        &with_classes(&base()),
        "duration_lognormal_mu = 8\nduration_lognormal_sigma = 1\nduration_max_hours = 48\n",
        "",
    );
    rejected_text(
        &text,
        &[
            "`workload.classes[0]`",
            "expected exactly one duration model",
        ],
    );
}

#[test]
fn fixed_job_with_both_duration_hours_and_gpu_hours() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\ngpu_hours = 40",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "expected exactly one of duration_hours, gpu_hours, or parameters",
        ],
    );
}

#[test]
fn fixed_job_without_a_duration() {
    let text = edit(&base(), "duration_hours = 5\n", "");
    rejected_text(
        &text,
        &[
            "`workload.jobs[0]`",
            "expected exactly one of duration_hours, gpu_hours",
        ],
    );
}

#[test]
fn empty_workload() {
    let text = edit(
        &base(),
        "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n",
        "[workload]\n",
    );
    rejected_text(
        &text,
        &[
            "`workload`",
            "expected at least one [[workload.jobs]], [[workload.classes]], a trace_csv or a [workload.trace]",
        ],
    );
}

#[test]
fn bad_weekly_profiles_are_explained() {
    let text =
        with_classes(&base()).replace("jobs_per_day = 10", "jobs_per_day = 10\nprofile = \"nope\"");
    rejected_text(
        &text,
        &["`workload.arrivals.profile`", "expected helios-venus"],
    );
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nweekly_profile = [1.0, 2.0]",
    );
    rejected_text(
        &text,
        &["`workload.arrivals.weekly_profile`", "expected 168 factors"],
    );
    let text = with_classes(&base()).replace(
        "jobs_per_day = 10",
        "jobs_per_day = 10\nprofile = \"helios-venus\"\nutc_offset_hours = 30",
    );
    rejected_text(
        &text,
        &[
            "`workload.arrivals.utc_offset_hours`",
            "expected hours from -12 to 14",
        ],
    );
}
