//! Names and references: accelerators, sites, jobs and the run name.

use super::*;

#[test]
fn unknown_accelerator_lists_the_known_ones() {
    let text = edit(&base(), "accelerator = \"H100\"", "accelerator = \"H900\"");
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.accelerator`",
            "unknown accelerator 'H900'",
            "expected one of",
            "A100-SXM4-80GB",
            "H100-SXM5-80GB",
            "footprint catalog",
        ],
    );
}

#[test]
fn duplicate_site_names() {
    let site =
        &base()[base().find("[[sites]]").unwrap()..base().find("[[workload.jobs]]").unwrap()];
    let text = edit(
        &base(),
        "[[workload.jobs]]",
        &format!("{site}[[workload.jobs]]"),
    );
    rejected_text(
        &text,
        &["`sites[1].name`", "site name 'alpha' is used twice"],
    );
}

#[test]
fn job_on_a_site_that_does_not_exist() {
    let text = edit(
        &base(),
        "duration_hours = 5",
        "duration_hours = 5\nsite = \"beta\"",
    );
    rejected_text(
        &text,
        &[
            "`workload.jobs[0].site`",
            "no site named 'beta'",
            "expected one of alpha",
        ],
    );
}

#[test]
fn class_on_a_site_that_does_not_exist() {
    let text = edit(
        &with_classes(&base()),
        "name = \"small\"",
        "name = \"small\"\nsite = \"beta\"",
    );
    rejected_text(
        &text,
        &["`workload.classes[0].site`", "no site named 'beta'"],
    );
}

#[test]
fn run_name_that_is_not_a_folder_name() {
    let text = edit(
        &base(),
        "[simulation]\n",
        "[simulation]\nname = \"../escape\"\n",
    );
    rejected_text(
        &text,
        &[
            "`simulation.name`",
            "expected letters, digits",
            "'../escape'",
        ],
    );
}
