//! `extends`: scenarios built on other files, two levels deep, with data paths relative to
//! the file that writes them; cycles, missing bases and bad keys in a base are errors that
//! name the file and line, and leave no output folder.

use crate::common;
use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// The hourly carbon intensity file of the shared site (48 h from the scenario start, in
/// the Electricity Maps layout).
fn ci_csv() -> String {
    let mut s = String::from(
        "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n",
    );
    for h in 0..48 {
        let v = 200 + 10 * (h % 7);
        s.push_str(&format!(
            "2023-01-{:02} {:02}:00:00,X,{v},{v}\n",
            1 + h / 24,
            h % 24
        ));
    }
    s
}

const SITE: &str = r#"# The shared site definition: a whole scenario's sites and workload.
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 1
seed = 3

[[sites]]
name = "alpha"
pue = 1.2

[sites.grid]
carbon_intensity_csv = "ci.csv"

[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 5
"#;

const BASE: &str = r#"extends = "../common/site.toml"
[simulation]
duration_days = 2
"#;

const STUDY: &str = r#"extends = "base.toml"
[simulation]
seed = 9
"#;

/// The study written out in one file (what the three files merge into).
const FLAT: &str = r#"[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 2
seed = 9

[[sites]]
name = "alpha"
pue = 1.2

[sites.grid]
carbon_intensity_csv = "common/ci.csv"

[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1000

[[workload.jobs]]
name = "train"
gpus = 8
duration_hours = 5
"#;

fn layout(dir: &Path) {
    fs::create_dir_all(dir.join("common")).unwrap();
    fs::create_dir_all(dir.join("studies")).unwrap();
    fs::write(dir.join("common/ci.csv"), ci_csv()).unwrap();
    fs::write(dir.join("common/site.toml"), SITE).unwrap();
    fs::write(dir.join("studies/base.toml"), BASE).unwrap();
    fs::write(dir.join("studies/study.toml"), STUDY).unwrap();
    fs::write(dir.join("flat.toml"), FLAT).unwrap();
}

fn footprint() -> Command {
    Command::cargo_bin("footprint").expect("binary built")
}

#[test]
fn two_levels_deep_give_the_same_results_as_the_merged_file() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    common::run(&dir.path().join("studies/study.toml"), &a, &["--reps", "2"]);
    common::run(&dir.path().join("flat.toml"), &b, &["--reps", "2"]);
    for f in ["summary.csv", "replications.csv", "jobs.csv", "hourly.csv"] {
        assert_eq!(
            fs::read_to_string(a.join(f)).unwrap(),
            fs::read_to_string(b.join(f)).unwrap(),
            "{f}"
        );
    }
    // The manifest records every file read: both bases and the data file of the shared site.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(a.join("manifest.json")).unwrap()).unwrap();
    let read: Vec<String> = manifest["input_digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["blake3"].as_str().unwrap().len(), 64);
            d["path"].as_str().unwrap().replace('\\', "/")
        })
        .collect();
    for name in ["studies/base.toml", "common/site.toml", "common/ci.csv"] {
        assert!(
            read.iter().any(|p| p.ends_with(name)),
            "{name} not in {read:?}"
        );
    }
    // The scenario digest covers the bases: editing one changes it.
    let sha = |m: &serde_json::Value| m["scenario_sha256"].as_str().unwrap().to_string();
    fs::write(
        dir.path().join("studies/base.toml"),
        BASE.replace("duration_days = 2", "duration_days = 2 # edited"),
    )
    .unwrap();
    let c = dir.path().join("c");
    common::run(&dir.path().join("studies/study.toml"), &c, &[]);
    let edited: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(c.join("manifest.json")).unwrap()).unwrap();
    assert_ne!(sha(&manifest), sha(&edited));
}

#[test]
fn check_and_stdin_read_bases_too() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    footprint()
        .args(["check", "studies/study.toml"])
        .current_dir(dir.path())
        .assert()
        .success();
    // A sweep in the study and --set both act on the merged scenario.
    fs::write(
        dir.path().join("studies/swept.toml"),
        "extends = \"base.toml\"\n[simulation]\nduration_days = { sweep = [1, 2] }\n",
    )
    .unwrap();
    let out = dir.path().join("swept");
    common::run(
        &dir.path().join("studies/swept.toml"),
        &out,
        &["--set", "sites[0].pue=1.1,1.3"],
    );
    let rows = common::read_csv(&out.join("replications.csv"));
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().any(|r| r["sweep:simulation.duration_days"] == "2"
        && r["sweep:sites[0].pue"] == "1.3"));
    // From standard input, `extends` is relative to the current folder.
    footprint()
        .args(["check", "-"])
        .current_dir(dir.path().join("studies"))
        .write_stdin(STUDY)
        .assert()
        .success();
}

/// Runs `footprint run FILE --out OUT` expecting failure; returns stderr and checks that no
/// output folder appeared.
fn refused(dir: &Path, file: &str) -> String {
    let out = dir.join("out");
    let output = footprint()
        .args(["run", file, "--out"])
        .arg(&out)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(!output.status.success(), "{file} ran");
    assert!(!out.exists(), "an output folder appeared");
    let partial = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".partial-"));
    assert!(!partial, "a partial folder was left");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_missing_base_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    fs::write(
        dir.path().join("studies/study.toml"),
        "# a study\nextends = \"nope.toml\"\n",
    )
    .unwrap();
    let e = refused(dir.path(), "studies/study.toml");
    assert!(e.contains("studies/study.toml"), "{e}");
    assert!(e.contains("`extends` (line 2, column 1)"), "{e}");
    assert!(e.contains("nope.toml"), "{e}");
}

#[test]
fn a_cycle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    fs::write(dir.path().join("b.toml"), "\nextends = \"a.toml\"\n").unwrap();
    let e = refused(dir.path(), "a.toml");
    assert!(e.contains("cycle"), "{e}");
    assert!(e.contains("b.toml: `extends` (line 2, column 1)"), "{e}");
    // and a file extending itself
    fs::write(dir.path().join("c.toml"), "extends = \"./c.toml\"\n").unwrap();
    assert!(refused(dir.path(), "c.toml").contains("cycle"));
}

#[test]
fn problems_in_a_base_name_the_base_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    // An unknown key in the grand-base.
    fs::write(
        dir.path().join("common/site.toml"),
        SITE.replace("pue = 1.2", "pue = 1.2\npeu = 1.3"),
    )
    .unwrap();
    let e = refused(dir.path(), "studies/study.toml");
    assert!(e.contains("site.toml"), "{e}");
    assert!(e.contains("unknown field `peu`"), "{e}");
    assert!(e.contains("line 10, column 1"), "{e}");
    // A value out of range in the grand-base.
    fs::write(
        dir.path().join("common/site.toml"),
        SITE.replace("pue = 1.2", "pue = 0.5"),
    )
    .unwrap();
    let e = refused(dir.path(), "studies/study.toml");
    assert!(e.contains("`sites[0].pue`"), "{e}");
    assert!(e.contains("site.toml, line 9, column 1"), "{e}");
    // The same value set in the study itself is reported there.
    fs::write(dir.path().join("common/site.toml"), SITE).unwrap();
    fs::write(
        dir.path().join("studies/study.toml"),
        format!("{STUDY}[[sites]]\nname = \"alpha\"\npue = 0.5\n[sites.grid]\ncarbon_intensity_g_per_kwh = 1\n[sites.cluster]\nnodes = 1\ngpus_per_node = 8\naccelerator = \"H100\"\nhost_idle_power_w = 500\nhost_busy_power_w = 1000\n"),
    )
    .unwrap();
    let e = refused(dir.path(), "studies/study.toml");
    assert!(e.contains("`sites[0].pue`"), "{e}");
    assert!(
        e.contains("(line 6, column 1)") && !e.contains("site.toml"),
        "{e}"
    );
    // A syntax error in a base names it.
    fs::write(dir.path().join("studies/base.toml"), "extends = \n").unwrap();
    let e = refused(dir.path(), "studies/study.toml");
    assert!(e.contains("base.toml") && e.contains("line 1"), "{e}");
}
