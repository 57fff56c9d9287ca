//! The files of a projection run.
//!
//! - `projection.csv`: tidy, columns exactly `year,metric,statistic,value`; per year and
//!   metric of [`super::metrics::PROJECTION_METRICS`] the statistics `mean`, `p5`, `p50`,
//!   `p95` over replications (percentiles by linear interpolation, type 7).
//! - `projection_replications.csv`: `replication,year,metric,value`, every replication's
//!   value (what `footprint merge` gathers from shards).
//! - `projection_inputs.csv`: `replication,input,value`, the sampled uncertain inputs.
//! - `projection_sensitivity.csv`: `year,metric,input,method,value,rank`: standardised
//!   regression coefficients of each headline metric of the last year on the uncertain
//!   inputs (`montecarlo::sensitivity::src`), and the model's R² (`input` = `model_r2`).

use super::ProjectionRun;
use super::ReplicationValues;
use super::metrics::PROJECTION_METRICS;
use crate::error::{DataError, DataErrorKind, Error, Result};
use crate::montecarlo::stats::Statistics;
use crate::output::tables::num;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Header of `projection.csv` (the fan chart of `footprint report` reads it).
pub const PROJECTION_HEADER: &str = "year,metric,statistic,value";
/// Statistics of `projection.csv`, in row order.
pub const STATISTICS: [&str; 4] = ["mean", "p5", "p50", "p95"];
/// Metrics ranked in `projection_sensitivity.csv`.
pub const SENSITIVITY_METRICS: &[&str] = &[
    "energy_twh",
    "co2_total_mt",
    "water_total_gl",
    "adp_t_sb_eq",
    "largest_run_cost_usd",
];

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}

/// The values of metric `m` in year index `y` over replications.
fn column(run: &ProjectionRun, y: usize, m: usize) -> Vec<f64> {
    run.replications.iter().map(|r| r.values[y][m]).collect()
}

/// The text of `projection.csv`.
pub fn projection_csv(run: &ProjectionRun) -> String {
    let mut out = String::from(PROJECTION_HEADER);
    out.push('\n');
    for (y, year) in run.years.iter().enumerate() {
        for (m, metric) in PROJECTION_METRICS.iter().enumerate() {
            let Some(s) = Statistics::of(&column(run, y, m)) else {
                continue;
            };
            for (name, v) in STATISTICS.iter().zip([s.mean, s.p5, s.p50, s.p95]) {
                let _ = writeln!(out, "{year},{},{name},{}", metric.name, num(v));
            }
        }
    }
    out
}

/// The statistics of one year and metric (None when absent).
pub fn statistics(run: &ProjectionRun, year: i32, metric: &str) -> Option<Statistics> {
    let y = run.years.iter().position(|&v| v == year)?;
    let m = PROJECTION_METRICS.iter().position(|x| x.name == metric)?;
    Statistics::of(&column(run, y, m))
}

/// The caps that bound in `year`, each with the share of replications in which it bound
/// (the mean of its `binding_*_cap` metric), e.g. `"supply 85%, power 18%"`; `None` when no
/// cap bound in any replication. For the terminal summary, which would otherwise hide that
/// a projected year follows a cap rather than its growth trend.
pub fn binding_caps(run: &ProjectionRun, year: i32) -> Option<String> {
    let named: Vec<String> = [
        ("power", "binding_power_cap"),
        ("supply", "binding_supply_cap"),
        ("budget", "binding_budget_cap"),
    ]
    .iter()
    .filter_map(|&(label, metric)| {
        let share = statistics(run, year, metric)?.mean;
        (share > 0.0).then(|| format!("{label} {:.0}%", share * 100.0))
    })
    .collect();
    (!named.is_empty()).then(|| named.join(", "))
}

fn sensitivity_csv(run: &ProjectionRun) -> String {
    let mut out = String::from("year,metric,input,method,value,rank\n");
    let Some((y, year)) = run.years.iter().enumerate().next_back() else {
        return out;
    };
    let x: Vec<Vec<f64>> = (0..run.inputs.len())
        .map(|i| run.replications.iter().map(|r| r.inputs[i]).collect())
        .collect();
    for metric in SENSITIVITY_METRICS {
        let Some(m) = PROJECTION_METRICS.iter().position(|x| x.name == *metric) else {
            continue;
        };
        let yv = column(run, y, m);
        // log of the metric: growth inputs act multiplicatively.
        let logged: Vec<f64> = yv.iter().map(|v| v.max(f64::MIN_POSITIVE).ln()).collect();
        let Some((coefficients, r2)) = crate::montecarlo::sensitivity::src(&x, &logged) else {
            continue;
        };
        let mut order: Vec<usize> = (0..coefficients.len()).collect();
        order.sort_by(|&a, &b| {
            coefficients[b]
                .abs()
                .total_cmp(&coefficients[a].abs())
                .then(a.cmp(&b))
        });
        let mut rank = vec![0; coefficients.len()];
        for (r, i) in order.into_iter().enumerate() {
            rank[i] = r + 1;
        }
        for (i, c) in coefficients.iter().enumerate() {
            let _ = writeln!(
                out,
                "{year},{metric},{},src_log,{},{}",
                run.inputs[i],
                num(*c),
                rank[i]
            );
        }
        let _ = writeln!(out, "{year},{metric},model_r2,r2,{},0", num(r2));
    }
    out
}

/// Writes the four files into `dir`; returns their names.
pub fn write_all(dir: &Path, run: &ProjectionRun) -> Result<Vec<String>> {
    let mut files = Vec::new();
    write(&dir.join("projection.csv"), &projection_csv(run))?;
    files.push("projection.csv".to_string());
    let mut reps = String::from("replication,year,metric,value\n");
    let mut inputs = String::from("replication,input,value\n");
    for r in &run.replications {
        for (y, year) in run.years.iter().enumerate() {
            for (m, metric) in PROJECTION_METRICS.iter().enumerate() {
                let _ = writeln!(
                    reps,
                    "{},{year},{},{}",
                    r.replication,
                    metric.name,
                    num(r.values[y][m])
                );
            }
        }
        for (i, name) in run.inputs.iter().enumerate() {
            let _ = writeln!(inputs, "{},{name},{}", r.replication, num(r.inputs[i]));
        }
    }
    write(&dir.join("projection_replications.csv"), &reps)?;
    write(&dir.join("projection_inputs.csv"), &inputs)?;
    files.push("projection_replications.csv".to_string());
    files.push("projection_inputs.csv".to_string());
    if !run.inputs.is_empty() {
        write(
            &dir.join("projection_sensitivity.csv"),
            &sensitivity_csv(run),
        )?;
        files.push("projection_sensitivity.csv".to_string());
    }
    Ok(files)
}

fn bad(path: &Path, line: usize, what: &str) -> Error {
    Error::Data(DataError::at(
        path,
        line,
        DataErrorKind::Malformed {
            reason: format!("expected {what}"),
        },
    ))
}

/// Reads back the replications of shard folders (for `footprint merge`), in replication
/// order: the [`ProjectionRun`] one process would have made.
pub fn read_shards(dirs: &[std::path::PathBuf]) -> Result<ProjectionRun> {
    let mut years: Vec<i32> = Vec::new();
    let mut input_names: Vec<String> = Vec::new();
    let mut by_rep: BTreeMap<u64, ReplicationValues> = BTreeMap::new();
    let metric_index = |name: &str| PROJECTION_METRICS.iter().position(|m| m.name == name);
    for dir in dirs {
        let path = dir.join("projection_replications.csv");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Output {
            path: path.clone(),
            source,
        })?;
        let mut local: BTreeMap<u64, BTreeMap<i32, Vec<f64>>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            let parsed = match cells.as_slice() {
                [r, y, m, v] => r
                    .parse::<u64>()
                    .ok()
                    .zip(y.parse::<i32>().ok())
                    .zip(metric_index(m))
                    .zip(v.parse::<f64>().ok()),
                _ => None,
            };
            let Some((((r, y), m), v)) = parsed else {
                return Err(bad(&path, i + 1, "replication,year,metric,value"));
            };
            let row = local
                .entry(r)
                .or_default()
                .entry(y)
                .or_insert_with(|| vec![f64::NAN; PROJECTION_METRICS.len()]);
            row[m] = v;
        }
        let path = dir.join("projection_inputs.csv");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Output {
            path: path.clone(),
            source,
        })?;
        let mut inputs: BTreeMap<u64, Vec<f64>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            let [r, name, v] = cells.as_slice() else {
                return Err(bad(&path, i + 1, "replication,input,value"));
            };
            let (Ok(r), Ok(v)) = (r.parse::<u64>(), v.parse::<f64>()) else {
                return Err(bad(&path, i + 1, "replication,input,value"));
            };
            if !input_names.iter().any(|n| n == name) {
                input_names.push(name.to_string());
            }
            inputs.entry(r).or_default().push(v);
        }
        for (r, per_year) in local {
            let these: Vec<i32> = per_year.keys().copied().collect();
            if years.is_empty() {
                years = these.clone();
            } else if years != these {
                return Err(bad(
                    &dir.join("projection_replications.csv"),
                    1,
                    "the same years in every shard",
                ));
            }
            let values = per_year.into_values().collect();
            let previous = by_rep.insert(
                r,
                ReplicationValues {
                    replication: r,
                    inputs: inputs.remove(&r).unwrap_or_default(),
                    values,
                },
            );
            if previous.is_some() {
                return Err(bad(
                    &dir.join("projection_replications.csv"),
                    1,
                    "each replication in one shard only",
                ));
            }
        }
    }
    Ok(ProjectionRun {
        years,
        inputs: input_names,
        replications: by_rep.into_values().collect(),
        events: 0,
    })
}
