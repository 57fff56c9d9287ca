//! Sweeps, uncertain values and `--set`.

use super::*;

#[test]
fn sweep_with_an_invalid_point() {
    let text = edit(&base(), "pue = 1.2", "pue = { sweep = [1.2, 0.5] }");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "expected a PUE from 1 to 10",
            "found 0.5",
            "point sites[0].pue=0.5",
        ],
    );
}

#[test]
fn empty_sweep() {
    let text = edit(&base(), "pue = 1.2", "pue = { sweep = [] }");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "a sweep is written { sweep = [v1, v2, ...] }",
        ],
    );
}

#[test]
fn unknown_distribution() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"gamma\", shape = 2 }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "unknown distribution 'gamma'",
            "expected one of fixed, uniform, normal",
        ],
    );
}

#[test]
fn distribution_with_min_above_max() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = { dist = \"uniform\", min = 300, max = 200 }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.carbon_intensity_g_per_kwh`",
            "expected min ≤ max",
        ],
    );
}

#[test]
fn distribution_missing_a_parameter() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"triangular\", min = 1.1, max = 1.4 }",
    );
    rejected_text(&text, &["`sites[0].pue`", "missing `mode`"]);
}

#[test]
fn swept_seed() {
    let text = edit(&base(), "seed = 7", "seed = { sweep = [1, 2] }");
    rejected_text(
        &text,
        &["`simulation.seed`", "cannot be swept or uncertain"],
    );
}

#[test]
fn unknown_key_in_a_swept_scenario() {
    let text = edit(
        &edit(&base(), "pue = 1.2", "pue = { sweep = [1.2, 1.3] }"),
        "nodes = 2",
        "nodez = 2",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cluster.nodez`",
            "unknown field `nodez`",
            "expected one of `nodes`",
        ],
    );
}

#[test]
fn uncertain_value_outside_its_range_in_a_later_replication() {
    // Replication 0 may be fine (check only samples it); some of 40 replications draw a
    // PUE below 1, and the run must then fail without leaving a folder.
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { dist = \"uniform\", min = 0.5, max = 1.3 }",
    );
    run_rejected(
        &text,
        &["--reps", "40", "-q"],
        &[
            "`sites[0].pue`",
            "expected a PUE from 1 to 10",
            "replication",
        ],
    );
}

#[test]
fn set_with_an_out_of_range_value() {
    run_rejected(
        &base(),
        &["--set", "sites[0].pue=0.5"],
        &[SCENARIO, "`sites[0].pue`", "expected a PUE from 1 to 10"],
    );
}

#[test]
fn set_sweep_with_an_invalid_value() {
    run_rejected(
        &base(),
        &["--set", "sites[0].cluster.nodes=2,0"],
        &[
            SCENARIO,
            "`sites[0].cluster.nodes`",
            "expected 1 to 10000000 nodes",
        ],
    );
}

#[test]
fn set_without_a_value() {
    run_rejected(
        &base(),
        &["--set", "nope"],
        &["--set nope", "expected key=value"],
    );
}

#[test]
fn sweep_group_with_unequal_lengths() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { sweep = [1.2, 1.3], group = \"g\" }",
    );
    let text = edit(
        &text,
        "host_busy_power_w = 1000",
        "host_busy_power_w = { sweep = [1000, 1100, 1200], group = \"g\" }",
    );
    rejected_text(&text, &["sweep group 'g' has", "need equal lengths"]);
}

#[test]
fn sweep_labels_that_do_not_name_every_value() {
    let text = edit(
        &base(),
        "pue = 1.2",
        "pue = { sweep = [1.2, 1.3], labels = [\"low\"] }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "`labels` must name every value of the sweep",
        ],
    );
}

#[test]
fn set_with_an_index_out_of_range_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, base()).unwrap();
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["check"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["run", "--set", "sites[3].pue=1.5", "--out"])
        .arg(dir.path().join("out"))
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("index 3 out of range"),
        "{err}"
    );
}
