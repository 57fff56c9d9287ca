//! `footprint validate` passes: every published figure carried by `scenarios/reference/`
//! (cases V01–V09, V12–V14 of `shared/reference/published-footprints.md`, the carbon
//! accounting cases W5, W6 and W8 of `shared/reference/accounting.md`, and PC1: McDonald et
//! al. 2022 power capping) is reproduced.

use crate::common;

#[test]
fn every_reference_case_is_reproduced() {
    let results = footprint::validate::validate_dir(&common::root().join("scenarios/reference"))
        .expect("runs");
    let cases: std::collections::BTreeSet<&str> = results.iter().map(|r| r.case.as_str()).collect();
    for case in [
        "V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V09", "V12", "V13", "V14", "W5",
        "W6a", "W6b", "W8a", "W8b", "PC1",
    ] {
        assert!(cases.contains(case), "no reference scenario checks {case}");
    }
    let misses: Vec<String> = results
        .iter()
        .filter(|r| !r.pass)
        .map(|r| {
            format!(
                "{} {} {}: published {} simulated {}",
                r.case, r.scenario, r.what, r.published, r.simulated
            )
        })
        .collect();
    assert!(misses.is_empty(), "missed:\n{}", misses.join("\n"));
}

#[test]
fn validate_command_prints_the_table_and_exits_zero() {
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .current_dir(common::root())
        .arg("validate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("| V13 |") && text.contains("published figures reproduced"),
        "{text}"
    );
}

#[test]
fn a_missed_figure_fails_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(common::root().join("scenarios/reference/gpt3-request.toml"))
            .unwrap();
    std::fs::write(
        dir.path().join("x.toml"),
        text.replace("published = 2.2\n", "published = 2.5\n"),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("MISS"));
}
