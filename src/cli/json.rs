//! The `--format json` reports of `check`, `validate` and `run`, one JSON document on
//! stdout each (pretty-printed; `docs/cli.md` describes every field). Human messages,
//! warnings as they happen and progress stay on stderr.

use footprint::montecarlo::runner::Outcome;
use footprint::montecarlo::stats::Statistics;
use footprint::scenario::Scenario;
use footprint::validate::CaseResult;
use serde::Serialize;
use std::collections::BTreeMap;

/// Output format of `check`, `validate` and `run`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people.
    #[default]
    Text,
    /// One JSON document on stdout.
    Json,
}

/// `footprint check --format json`.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// One entry per scenario argument, in order.
    pub scenarios: Vec<CheckEntry>,
    /// How many failed.
    pub failed: usize,
}

/// One checked scenario: the counts when it passed, the error when it did not.
#[derive(Debug, Default, Serialize)]
pub struct CheckEntry {
    /// The argument as given (`-` for standard input).
    pub path: String,
    /// Passed the check.
    pub ok: bool,
    /// `simulation.name` (or the file stem).
    pub name: Option<String>,
    /// Sites.
    pub sites: Option<usize>,
    /// Fixed jobs (`[[workload.jobs]]`, counting `count`).
    pub fixed_jobs: Option<usize>,
    /// Synthetic job classes.
    pub job_classes: Option<usize>,
    /// Sweep points.
    pub sweep_points: Option<usize>,
    /// Uncertain inputs.
    pub uncertain_inputs: Option<usize>,
    /// Warnings (also on stdout in text form).
    pub warnings: Vec<String>,
    /// The error message when it failed.
    pub error: Option<String>,
    /// The exit code this failure alone would give (0 when it passed).
    pub exit_code: u8,
}

/// `footprint validate --format json`.
#[derive(Debug, Serialize)]
pub struct ValidateReport {
    /// `built-in` or the folder read.
    pub source: String,
    /// Every published figure with its simulated value.
    pub cases: Vec<CaseResult>,
    /// Figures within tolerance.
    pub reproduced: usize,
    /// All figures.
    pub total: usize,
}

/// `footprint run --format json`: the terminal summary.
#[derive(Debug, Serialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Where it came from (path, `<stdin>` or `built-in default`).
    pub source: String,
    /// The run folder written.
    pub folder: String,
    /// Files in it.
    pub files: Vec<String>,
    /// Replications run per point (fewer than asked when `--precision` stopped early).
    pub replications_run: u64,
    /// The point the others are compared with in `comparisons.csv`.
    pub baseline: String,
    /// Every point with the mean of every metric over its replications.
    pub points: Vec<PointSummary>,
    /// Engine events, all replications.
    pub events: u64,
    /// Wall time, s.
    pub wall_time_s: f64,
    /// Warnings of the scenario and of the run.
    pub warnings: Vec<String>,
}

/// One sweep point.
#[derive(Debug, Serialize)]
pub struct PointSummary {
    /// Point name (as in `summary.csv`).
    pub name: String,
    /// Replications of this point in the run.
    pub replications: usize,
    /// scope (`total` or `site:<name>`, as in `summary.csv`) → metric (the `summary.csv` name, with its unit) →
    /// mean over the replications, as `summary.csv`'s `mean` column; `null` if not finite.
    pub mean: BTreeMap<String, BTreeMap<String, Option<f64>>>,
}

/// The run summary of `outcome`.
pub fn run_summary(scenario: &Scenario, outcome: &Outcome) -> RunSummary {
    let table = &outcome.table;
    let points = table
        .point_names
        .iter()
        .enumerate()
        .map(|(p, name)| {
            let rows: Vec<_> = table.rows.iter().filter(|r| r.point == p).collect();
            let mut mean: BTreeMap<String, BTreeMap<String, Option<f64>>> = BTreeMap::new();
            for (m, (scope, metric)) in table.metric_names.iter().enumerate() {
                let values: Vec<f64> = rows.iter().map(|r| r.metrics[m]).collect();
                let value = Statistics::of(&values)
                    .map(|s| s.mean)
                    .filter(|v| v.is_finite());
                mean.entry(scope.clone())
                    .or_default()
                    .insert(metric.clone(), value);
            }
            PointSummary {
                name: name.clone(),
                replications: rows.len(),
                mean,
            }
        })
        .collect();
    RunSummary {
        scenario: scenario.name.clone(),
        source: scenario.source.clone(),
        folder: outcome.folder.display().to_string(),
        files: outcome.files.clone(),
        replications_run: outcome.replications_run,
        baseline: table
            .point_names
            .get(outcome.baseline)
            .cloned()
            .unwrap_or_default(),
        points,
        events: outcome.events,
        wall_time_s: outcome.wall_time_s,
        warnings: outcome.warnings.clone(),
    }
}

/// Prints `value` as pretty JSON on stdout. A reader that closes the pipe early
/// (`| head`) is not an error.
pub fn print<T: Serialize>(value: &T) -> Result<(), footprint::Error> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| footprint::Error::Usage(format!("cannot format the JSON report: {e}")))?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(footprint::Error::Output {
            path: "standard output".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}
