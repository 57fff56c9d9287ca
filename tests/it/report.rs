//! `footprint report`: the page of a small run of each kind (single, replicated, swept,
//! procurement, with a projection) is well-formed, every chart is an SVG with its title and
//! axis labels drawn and at least one data element, and nothing is fetched from outside;
//! bad run folders give clear errors and write nothing. The browser test is in
//! `report_browser.rs`.

use crate::common::{MINIMAL_SCENARIO, edit, run};
use assert_cmd::Command;
use footprint::report::chart::PALETTE;
use std::path::{Path, PathBuf};

/// A run folder of `scenario` run with `extra` flags, in a fresh temporary folder.
pub fn run_folder(scenario: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario).expect("write scenario");
    let out = dir.path().join("run");
    run(&path, &out, extra);
    (dir, out)
}

fn report(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::cargo_bin("footprint")
        .expect("binary built")
        .arg("report")
        .args(args)
        .output()
        .expect("binary runs")
}

/// Writes the report of `run_dir` (default place) and returns its text.
pub fn report_of(run_dir: &Path) -> String {
    let out = report(&[run_dir.as_os_str()]);
    assert!(
        out.status.success(),
        "footprint report failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = run_dir.join("report.html");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        path.display().to_string(),
        "prints the report's path"
    );
    std::fs::read_to_string(path).expect("report written")
}

fn palette_hex() -> Vec<String> {
    PALETTE
        .iter()
        .map(|c| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2))
        .collect()
}

/// A chart of the page: its title and the ids of the sections it is in.
#[derive(Debug)]
pub struct ChartSeen {
    pub section: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
}

/// Checks the page and returns its charts: well-formed markup, nothing external, every
/// chart an SVG with its title and both axis labels drawn as text and one data element.
pub fn check_page(html: &str) -> Vec<ChartSeen> {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the report is not well-formed markup: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(
            ![
                "script", "link", "img", "iframe", "object", "embed", "use", "image", "base",
            ]
            .contains(&tag),
            "element <{tag}> may load something"
        );
        for a in node.attributes() {
            assert!(
                !["href", "src", "srcset", "action", "data", "poster"].contains(&a.name()),
                "attribute {}=\"{}\" on <{tag}> refers to something",
                a.name(),
                a.value()
            );
            assert!(!a.value().contains("url("), "url() in an attribute");
        }
        if tag == "style" {
            let css = node.text().unwrap_or("");
            assert!(
                !css.contains("url(") && !css.contains("@import"),
                "style loads something"
            );
        }
    }
    let palette = palette_hex();
    let mut charts = Vec::new();
    for fig in doc
        .descendants()
        .filter(|n| n.has_tag_name("figure") && n.attribute("class") == Some("chart"))
    {
        let svg = fig
            .children()
            .find(|n| n.has_tag_name("svg"))
            .expect("a chart is an <svg>");
        let texts: Vec<String> = svg
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect();
        let title = texts.first().cloned().unwrap_or_default();
        assert!(!title.is_empty(), "a chart without a title");
        let x_label = fig.attribute("data-x-label").expect("x label").to_string();
        let y_label = fig.attribute("data-y-label").expect("y label").to_string();
        for label in [&x_label, &y_label] {
            assert!(!label.is_empty(), "{title}: an empty axis label");
            assert!(
                texts.contains(label),
                "{title}: the axis label '{label}' is not drawn"
            );
        }
        let caption = fig
            .children()
            .find(|n| n.has_tag_name("figcaption"))
            .and_then(|n| n.text())
            .unwrap_or("");
        assert!(caption.len() > 20, "{title}: no caption");
        let data = svg.descendants().any(|n| {
            ["polyline", "polygon", "rect", "circle", "line", "path"].contains(&n.tag_name().name())
                && ["stroke", "fill"].iter().any(|a| {
                    n.attribute(*a)
                        .is_some_and(|v| palette.iter().any(|p| p.eq_ignore_ascii_case(v)))
                })
        });
        assert!(data, "{title}: no data element");
        let section = fig
            .ancestors()
            .find(|n| n.has_tag_name("section"))
            .and_then(|n| n.attribute("id"))
            .unwrap_or("")
            .to_string();
        charts.push(ChartSeen {
            section,
            title,
            x_label,
            y_label,
        });
    }
    assert!(!charts.is_empty(), "no chart at all");
    charts
}

fn sections(charts: &[ChartSeen]) -> Vec<&str> {
    let mut out: Vec<&str> = charts.iter().map(|c| c.section.as_str()).collect();
    out.dedup();
    out
}

/// The replicated test scenario: the minimal one with an uncertain PUE.
pub fn replicated_scenario() -> String {
    edit(
        MINIMAL_SCENARIO,
        "pue = 1.2",
        "pue = { dist = \"uniform\", min = 1.1, max = 1.4 }",
    )
}

#[test]
fn a_single_run_has_the_summary_hourly_and_job_charts() {
    let (_dir, out) = run_folder(MINIMAL_SCENARIO, &[]);
    let html = report_of(&out);
    let charts = check_page(&html);
    assert_eq!(sections(&charts), ["sites", "jobs"]);
    // Units on the axes: power in kW, carbon intensity in gCO2e/kWh.
    assert!(charts.iter().any(|c| c.y_label == "power (kW)"));
    assert!(
        charts
            .iter()
            .any(|c| c.y_label == "carbon intensity (gCO2e/kWh)")
    );
    // Whole window and the week of peak power, per quantity.
    assert_eq!(
        charts.iter().filter(|c| c.section == "sites").count(),
        8,
        "{charts:#?}"
    );
    // Summary with units and provenance with the scenario hash.
    assert!(html.contains("<td>co2_total_kg</td><td>kg CO2e</td>"));
    assert!(html.contains("scenario SHA-256"));
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_replicated_run_adds_bands_distributions_and_the_tornado() {
    let (_dir, out) = run_folder(&replicated_scenario(), &["--reps", "8"]);
    let html = report_of(&out);
    let charts = check_page(&html);
    assert_eq!(
        sections(&charts),
        ["sites", "jobs", "distributions", "sensitivity"]
    );
    assert!(html.contains("p5–p95 over replications"), "bands drawn");
    assert!(
        charts
            .iter()
            .any(|c| c.title == "what drives co2_total_kg" && c.y_label == "uncertain input")
    );
}

#[test]
fn a_swept_run_adds_paired_differences_and_the_pareto_chart() {
    let (_dir, out) = run_folder(
        MINIMAL_SCENARIO,
        &["--set", "sites[0].pue=1.1,1.3", "--reps", "3"],
    );
    let html = report_of(&out);
    let charts = check_page(&html);
    assert!(sections(&charts).contains(&"sweep"), "{charts:#?}");
    let pareto = charts
        .iter()
        .find(|c| c.title.starts_with("trade-off"))
        .expect("a Pareto chart");
    assert_eq!(pareto.x_label, "co2_total_kg (kg CO2e)");
    assert_eq!(pareto.y_label, "wait_mean_s (s)");
    assert!(charts.iter().any(|c| {
        c.title
            .starts_with("co2_total_kg: paired difference against")
    }));
    // Hourly and per-job charts show the baseline point of manifest.json, replication 0.
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    let baseline = manifest["baseline"].as_u64().expect("baseline") as usize;
    let name = manifest["points"][baseline].as_str().expect("point name");
    assert!(
        html.contains(&format!("replication 0 of point {name}")),
        "charts of {name}"
    );
    // Other metrics on request.
    let again = report(&[
        out.as_os_str(),
        "--pareto".as_ref(),
        "water_total_l,cost_total_usd".as_ref(),
    ]);
    assert!(again.status.success());
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(html.contains("trade-off: cost_total_usd against water_total_l"));
}

#[test]
fn a_procurement_run_shows_supply_against_load_and_the_cfe_score() {
    let scenario = edit(
        MINIMAL_SCENARIO,
        "[sites.grid]\ncarbon_intensity_g_per_kwh = 300",
        "[sites.grid]\npreset = \"US-CAL-CISO\"\n\n[[sites.procurement.ppa]]\ntechnology = \"solar\"\ncapacity_mw = 0.01",
    );
    let (_dir, out) = run_folder(&scenario, &[]);
    let html = report_of(&out);
    let charts = check_page(&html);
    assert!(sections(&charts).contains(&"procurement"), "{charts:#?}");
    assert!(html.contains("CFE score"));
    assert!(
        charts
            .iter()
            .any(|c| c.title.contains("clean supply against load"))
    );
}

#[test]
fn a_projection_file_gives_a_fan_chart_per_metric() {
    let (_dir, out) = run_folder(MINIMAL_SCENARIO, &[]);
    let mut text = String::from("year,metric,statistic,value\n");
    for (k, year) in (2025..=2030).enumerate() {
        let m = 100.0 + 10.0 * k as f64;
        for (stat, v) in [("mean", m), ("p5", m * 0.8), ("p50", m), ("p95", m * 1.3)] {
            text.push_str(&format!("{year},co2_total_kg,{stat},{v}\n"));
            text.push_str(&format!("{year},water_total_l,{stat},{}\n", v * 5.0));
        }
    }
    std::fs::write(out.join("projection.csv"), text).expect("write fixture");
    let html = report_of(&out);
    let charts = check_page(&html);
    let fans: Vec<&ChartSeen> = charts
        .iter()
        .filter(|c| c.section == "projection")
        .collect();
    assert_eq!(fans.len(), 2, "{charts:#?}");
    assert_eq!(fans[0].title, "co2_total_kg: projection by year");
    assert_eq!(fans[0].y_label, "co2_total_kg (kg CO2e)");
    assert!(html.contains("p5–p95"));
    // A statistic the file may not hold: a clear error naming file and line.
    std::fs::write(
        out.join("projection.csv"),
        "year,metric,statistic,value\n2025,co2_total_kg,p99,1\n",
    )
    .expect("write fixture");
    std::fs::remove_file(out.join("report.html")).expect("remove");
    let failed = report(&[out.as_os_str()]);
    let err = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        err.contains("projection.csv: line 2") && err.contains("p99"),
        "{err}"
    );
    assert!(!out.join("report.html").exists());
}

#[test]
fn run_with_report_writes_the_page_into_the_run_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, MINIMAL_SCENARIO).expect("write");
    let out = dir.path().join("run");
    run(&path, &out, &["--report"]);
    check_page(&std::fs::read_to_string(out.join("report.html")).expect("report.html"));
    // --out elsewhere.
    let page = dir.path().join("page.html");
    let written = report(&[out.as_os_str(), "--out".as_ref(), page.as_os_str()]);
    assert!(written.status.success());
    assert!(page.exists());
    // A shard cannot be reported, so `run --report --shard` is refused before it runs.
    let refused = Command::cargo_bin("footprint")
        .expect("binary")
        .args(["run", "--report", "--shard", "1/2", "--out"])
        .arg(dir.path().join("shard"))
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--report"));
    assert!(!dir.path().join("shard").exists());
}

fn refused(args: &[&std::ffi::OsStr], expected: &[&str], nothing_at: &Path) {
    let out = report(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for e in expected {
        assert!(err.contains(e), "'{e}' not in: {err}");
    }
    assert!(!nothing_at.exists(), "{} written", nothing_at.display());
}

#[test]
fn bad_run_folders_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Not a run.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    refused(
        &[empty.as_os_str()],
        &["empty", "not a footprint run folder"],
        &empty.join("report.html"),
    );
    let missing = dir.path().join("missing");
    refused(
        &[missing.as_os_str()],
        &["missing", "not a folder"],
        &missing.join("report.html"),
    );
    let (_keep, out) = run_folder(MINIMAL_SCENARIO, &[]);
    let page = out.join("report.html");
    // Another version.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    let version = format!("\"footprint_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    std::fs::write(
        out.join("manifest.json"),
        edit(&manifest, &version, "\"footprint_version\": \"0.0.1\""),
    )
    .expect("write");
    refused(
        &[out.as_os_str()],
        &["manifest.json", "written by footprint 0.0.1", "rerun"],
        &page,
    );
    // A shard.
    std::fs::write(
        out.join("manifest.json"),
        edit(&manifest, "\"shard\": null", "\"shard\": \"1/2\""),
    )
    .expect("write");
    refused(&[out.as_os_str()], &["shard 1/2", "footprint merge"], &page);
    std::fs::write(out.join("manifest.json"), &manifest).expect("restore");
    // A CSV cut in the middle of a line.
    let hourly = std::fs::read(out.join("hourly.csv")).expect("hourly");
    let lines = hourly.iter().filter(|&&b| b == b'\n').count();
    std::fs::write(out.join("hourly.csv"), &hourly[..hourly.len() - 7]).expect("truncate");
    refused(
        &[out.as_os_str()],
        &[
            "hourly.csv",
            &format!("line {lines}"),
            "manifest.json records",
        ],
        &page,
    );
    // Cut at a line end: the size recorded in the manifest tells.
    let cut = hourly[..hourly.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("lines");
    std::fs::write(out.join("hourly.csv"), &hourly[..=cut]).expect("truncate");
    refused(&[out.as_os_str()], &["hourly.csv", "truncated"], &page);
    std::fs::write(out.join("hourly.csv"), &hourly).expect("restore");
    // A file the manifest lists is gone.
    std::fs::rename(out.join("jobs.csv"), dir.path().join("jobs.csv")).expect("move");
    refused(&[out.as_os_str()], &["jobs.csv", "incomplete"], &page);
    std::fs::rename(dir.path().join("jobs.csv"), out.join("jobs.csv")).expect("move back");
    // A bad row (a number that is not one), with the manifest's record of the size removed.
    let text = String::from_utf8(hourly.clone()).expect("utf-8");
    let line2 = text.lines().nth(1).expect("a row");
    let field = line2.split(',').nth(5).expect("it_power_kw");
    let bad_line2 = line2.replacen(field, &"x".repeat(field.len()), 1);
    std::fs::write(out.join("hourly.csv"), text.replacen(line2, &bad_line2, 1)).expect("write");
    refused(
        &[out.as_os_str()],
        &["hourly.csv: line 2", "it_power_kw"],
        &page,
    );
    std::fs::write(out.join("hourly.csv"), &hourly).expect("restore");
    // A flag value footprint refuses.
    refused(
        &[
            out.as_os_str(),
            "--week-start".as_ref(),
            "1999-01-01".as_ref(),
        ],
        &["--week-start 1999-01-01", "no hour on that day"],
        &page,
    );
    refused(
        &[
            out.as_os_str(),
            "--pareto".as_ref(),
            "co2_total_kg".as_ref(),
        ],
        &["--pareto"],
        &page,
    );
    // An output that cannot be written.
    let nowhere = dir.path().join("no/such/folder/r.html");
    refused(
        &[out.as_os_str(), "--out".as_ref(), nowhere.as_os_str()],
        &["cannot write"],
        &nowhere,
    );
    // And the repaired folder reports.
    assert!(report_of(&out).contains("footprint report"));
}

#[test]
fn a_chosen_week_is_drawn_hour_by_hour() {
    let (_dir, out) = run_folder(MINIMAL_SCENARIO, &[]);
    let written = report(&[
        out.as_os_str(),
        "--week-start".as_ref(),
        "2023-01-02".as_ref(),
    ]);
    assert!(written.status.success());
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(html.contains("alpha: IT and facility power, week from 2023-01-02T00:00:00Z"));
    assert!(html.contains("the week chosen with --week-start"));
}

#[test]
fn the_default_runs_report_is_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("run");
    run(
        &crate::common::root().join("scenarios/default.toml"),
        &out,
        &[],
    );
    let html = report_of(&out);
    check_page(&html);
    // README: about 90 KB, kept under 150 KB.
    assert!(html.len() < 150_000, "{} bytes", html.len());
    assert!(html.len() > 60_000, "{} bytes", html.len());
}
