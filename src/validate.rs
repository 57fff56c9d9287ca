//! `footprint validate`: reference scenarios against the published figures they carry.
//!
//! Each scenario in `scenarios/reference/` lists, in `[[expect]]` tables, the published
//! figures it must reproduce (cases of `shared/reference/published-footprints.md`). The
//! check runs the scenario and compares the same numbers the CSV files hold.

use crate::error::{Error, Result};
use crate::metrics::jobs::job_column;
use crate::metrics::metrics;
use crate::results::JobRecord;
use crate::run::run_replication;
use crate::scenario::Scenario;
use std::path::Path;

/// The reference scenarios of `scenarios/reference/`, built into the binary so that
/// `footprint validate` works from any folder: (file name, text). The carbon-accounting ones
/// (`cfe-grid`, `cfe-hourly`, `residual-mix`) read hourly files; their relative paths are
/// resolved from the `scenarios/reference/` folder of the source tree the binary was built
/// from ([`BUILT_IN_BASE_DIR`]). A test fails when a file of that folder is missing here.
pub const REFERENCE_SCENARIOS: &[(&str, &str)] = &[
    (
        "bloom.toml",
        include_str!("../scenarios/reference/bloom.toml"),
    ),
    (
        "boavizta-gpu.toml",
        include_str!("../scenarios/reference/boavizta-gpu.toml"),
    ),
    (
        "cfe-grid.toml",
        include_str!("../scenarios/reference/cfe-grid.toml"),
    ),
    (
        "cfe-hourly.toml",
        include_str!("../scenarios/reference/cfe-hourly.toml"),
    ),
    (
        "gpt3-cost.toml",
        include_str!("../scenarios/reference/gpt3-cost.toml"),
    ),
    (
        "gpt3-request.toml",
        include_str!("../scenarios/reference/gpt3-request.toml"),
    ),
    (
        "gpt3-water.toml",
        include_str!("../scenarios/reference/gpt3-water.toml"),
    ),
    (
        "mcdonald-power-cap.toml",
        include_str!("../scenarios/reference/mcdonald-power-cap.toml"),
    ),
    (
        "patterson.toml",
        include_str!("../scenarios/reference/patterson.toml"),
    ),
    (
        "residual-mix.toml",
        include_str!("../scenarios/reference/residual-mix.toml"),
    ),
    (
        "strubell.toml",
        include_str!("../scenarios/reference/strubell.toml"),
    ),
];

/// Where the built-in reference scenarios' relative data paths start: the
/// `scenarios/reference/` folder of the source tree at build time.
pub const BUILT_IN_BASE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/reference");

/// One published figure next to its simulated value.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CaseResult {
    /// Scenario name.
    pub scenario: String,
    /// Case id.
    pub case: String,
    /// What the figure is.
    pub what: String,
    /// Published value.
    pub published: f64,
    /// Simulated value (after `scale` / `numerator`).
    pub simulated: f64,
    /// |simulated − published| / |published|.
    pub relative_error: f64,
    /// Allowed relative error.
    pub tolerance: f64,
    /// Within tolerance.
    pub pass: bool,
    /// Source of the published value.
    pub source: String,
}

/// Runs one scenario and checks its expectations.
pub fn validate_scenario(scenario: &Scenario) -> Result<Vec<CaseResult>> {
    let (result, jobs): (_, Vec<JobRecord>) = run_replication(scenario, 0, Vec::new())?;
    let all = metrics(&result);
    let mut out = Vec::new();
    for e in &scenario.expectations {
        let raw = match &e.job {
            Some(name) => {
                let column = job_column(&e.metric).filter(|c| c.is_number());
                column.map(|c| {
                    jobs.iter()
                        .filter(|j| scenario.workload.labels.get(j.label as usize) == Some(name))
                        .filter_map(|j| c.number(j))
                        .sum()
                })
            }
            None => {
                let scope = e.scope.as_deref().unwrap_or("total");
                all.iter()
                    .find(|m| m.scope == scope && m.name == e.metric)
                    .map(|m| m.value)
            }
        };
        let raw = raw.ok_or_else(|| Error::Scenario {
            file: scenario.source.clone(),
            message: format!("expectation {}: no value for `{}`", e.case, e.metric),
        })?;
        let scaled = raw * e.scale;
        let simulated = match e.numerator {
            Some(n) => n / scaled,
            None => scaled,
        };
        let relative_error = (simulated - e.published).abs() / e.published.abs();
        out.push(CaseResult {
            scenario: scenario.name.clone(),
            case: e.case.clone(),
            what: e.what.clone(),
            published: e.published,
            simulated,
            relative_error,
            tolerance: e.tolerance,
            pass: relative_error <= e.tolerance,
            source: e.source.clone(),
        });
    }
    Ok(out)
}

/// Runs every `*.toml` in `dir` (sorted by name) that has expectations.
pub fn validate_dir(dir: &Path) -> Result<Vec<CaseResult>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::Usage(format!(
            "cannot read {}: {e} (without a folder, `footprint validate` runs the built-in reference scenarios)",
            dir.display()
        ))
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no scenario files in {}",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for file in files {
        let scenario = Scenario::from_file(&file)?;
        out.extend(validate_scenario(&scenario)?);
    }
    Ok(out)
}

/// Runs the built-in reference scenarios ([`REFERENCE_SCENARIOS`], in name order); each is
/// named `built-in scenarios/reference/<file>` in messages.
pub fn validate_built_in() -> Result<Vec<CaseResult>> {
    let mut out = Vec::new();
    for (file, text) in REFERENCE_SCENARIOS {
        let stem = file.strip_suffix(".toml").unwrap_or(file);
        let scenario = Scenario::from_toml(
            text,
            &format!("built-in scenarios/reference/{file}"),
            Path::new(BUILT_IN_BASE_DIR),
            stem,
        )?;
        out.extend(validate_scenario(&scenario)?);
    }
    Ok(out)
}

fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e5 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.4}")
    }
}

/// The results as a Markdown table (the README shows it).
pub fn table(results: &[CaseResult]) -> String {
    let mut s = String::from(
        "| case | scenario | figure | published | simulated | error | tolerance | |\n|---|---|---|---:|---:|---:|---:|---|\n",
    );
    for r in results {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.3}% | ±{}% | {} |\n",
            r.case,
            r.scenario,
            r.what,
            short(r.published),
            short(r.simulated),
            100.0 * r.relative_error,
            100.0 * r.tolerance,
            if r.pass { "ok" } else { "MISS" }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `scenarios/reference/` is built in, with the same text, in name order.
    #[test]
    fn built_in_references_are_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("reference folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| {
                (
                    p.file_name().expect("name").to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).expect("text"),
                )
            })
            .collect();
        files.sort();
        let built_in: Vec<(String, String)> = REFERENCE_SCENARIOS
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        assert_eq!(
            built_in.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "add the new file of scenarios/reference/ to REFERENCE_SCENARIOS"
        );
        assert_eq!(built_in, files);
    }
}
