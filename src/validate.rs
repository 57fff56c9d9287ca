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

/// One published figure next to its simulated value.
#[derive(Clone, Debug, PartialEq)]
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
                        .filter_map(|j| {
                            c.number(j, scenario.sites[j.site as usize].clean_energy_share)
                        })
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
            "cannot read {}: {e} (run from the repository root or give the folder)",
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
