//! Replication rows: what every replication of every point produced, and the CSV files
//! made from them (`replications.csv`, `summary.csv`).
//!
//! A sharded run writes only its own rows; `footprint merge` reads them back (numbers are
//! written in shortest round-trip form, so they parse to the same bits) and writes the
//! same files a single process would have.

use super::Statistics;
use crate::error::{DataError, DataErrorKind, Error, Result};
use crate::metrics::run_files::{
    CONTROL_EXPECTED, CONTROL_OFFERED, CONTROL_PREFIX, INPUT_PREFIX, REPLICATION_COLUMNS,
    SUMMARY_COLUMNS,
};
use crate::output::axes::{self, AxisColumn};
use crate::output::tables::num;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// One replication of one point.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Point index.
    pub point: usize,
    /// Replication index.
    pub replication: u64,
    /// Replication seed.
    pub seed: u64,
    /// Sampled uncertain inputs (numeric reading), in [`Table::input_names`] order.
    pub inputs: Vec<f64>,
    /// Control variates: GPU-hours offered by the synthetic jobs homed at each site of
    /// [`Table::control_sites`], then their expectations (empty without controls; see
    /// [`super::control`]).
    pub controls: Vec<f64>,
    /// Metrics, in [`Table::metric_names`] order.
    pub metrics: Vec<f64>,
}

/// All rows of a run, with the names that give them meaning.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Point names, by index.
    pub point_names: Vec<String>,
    /// Sweep axes: a column each, after the point name.
    pub axes: Vec<AxisColumn>,
    /// Uncertain input key paths.
    pub input_names: Vec<String>,
    /// Sites of the control-variate columns (empty without them).
    pub control_sites: Vec<String>,
    /// `(scope, metric)` pairs.
    pub metric_names: Vec<(String, String)>,
    /// Rows, sorted by (point, replication).
    pub rows: Vec<Row>,
}

fn writer(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let file = File::create(path).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Writer::from_writer(BufWriter::new(file)))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

fn flush(w: &mut csv::Writer<BufWriter<File>>, path: &Path) -> Result<()> {
    w.flush().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}

impl Table {
    /// Header of `replications.csv`.
    fn header(&self) -> Vec<String> {
        let mut h: Vec<String> = axes::header_with(REPLICATION_COLUMNS, &self.axes)
            .into_iter()
            .map(str::to_string)
            .collect();
        h.extend(
            self.input_names
                .iter()
                .map(|n| format!("{INPUT_PREFIX}{n}")),
        );
        for suffix in [CONTROL_OFFERED, CONTROL_EXPECTED] {
            h.extend(
                self.control_sites
                    .iter()
                    .map(|s| format!("{CONTROL_PREFIX}{s}{suffix}")),
            );
        }
        h.extend(self.metric_names.iter().map(|(s, m)| format!("{s}.{m}")));
        h
    }

    /// Writes `replications.csv`: one row per point × replication.
    pub fn write_replications(&self, path: &Path) -> Result<()> {
        let mut w = writer(path)?;
        let e = csv_err(path);
        w.write_record(self.header()).map_err(&e)?;
        let mut record = Vec::new();
        for row in &self.rows {
            record.clear();
            record.push(self.point_names[row.point].clone());
            record.extend(axes::values_at(&self.axes, row.point).map(str::to_string));
            record.push(row.replication.to_string());
            record.push(row.seed.to_string());
            record.extend(
                row.inputs
                    .iter()
                    .chain(&row.controls)
                    .chain(&row.metrics)
                    .map(|&v| num(v)),
            );
            w.write_record(&record).map_err(&e)?;
        }
        flush(&mut w, path)
    }

    /// Reads rows written by [`Table::write_replications`]; `point_names` maps names to
    /// indices. The header must match this table's names.
    pub fn read_replications(&mut self, path: &Path) -> Result<()> {
        let bad = |line: usize, kind: DataErrorKind| Error::Data(DataError::at(path, line, kind));
        let mut reader = csv::Reader::from_path(path).map_err(csv_err(path))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_err(path))?
            .iter()
            .map(str::to_string)
            .collect();
        if header != self.header() {
            return Err(bad(
                1,
                DataErrorKind::WrongHeader {
                    expected: "the other shards' (another scenario or version?)".into(),
                },
            ));
        }
        let inputs = self.input_names.len();
        let controls = inputs + 2 * self.control_sites.len();
        // `point`, the axis columns, `replication`, `seed`.
        let first_value = REPLICATION_COLUMNS.len() + self.axes.len();
        let (replication_at, seed_at) = (first_value - 2, first_value - 1);
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(csv_err(path))?;
            let line = i + 2;
            let point = self
                .point_names
                .iter()
                .position(|p| p == &record[0])
                .ok_or_else(|| {
                    bad(
                        line,
                        DataErrorKind::Unknown {
                            field: "point".into(),
                            value: record[0].to_string(),
                        },
                    )
                })?;
            let not_a_number = |raw: &str, expected: &str| {
                bad(
                    line,
                    DataErrorKind::NotANumber {
                        field: "value".into(),
                        raw: raw.to_string(),
                        expected: expected.to_string(),
                    },
                )
            };
            let parse_u = |s: &str| {
                s.parse::<u64>()
                    .map_err(|_| not_a_number(s, " (expected a whole number)"))
            };
            let values: Result<Vec<f64>> = record
                .iter()
                .skip(first_value)
                .map(|s| {
                    // An empty cell is an absent value (NaN, as `num` writes it).
                    if s.is_empty() {
                        return Ok(f64::NAN);
                    }
                    s.parse::<f64>().map_err(|_| not_a_number(s, ""))
                })
                .collect();
            let values = values?;
            self.rows.push(Row {
                point,
                replication: parse_u(&record[replication_at])?,
                seed: parse_u(&record[seed_at])?,
                inputs: values[..inputs].to_vec(),
                controls: values[inputs..controls].to_vec(),
                metrics: values[controls..].to_vec(),
            });
        }
        Ok(())
    }

    /// Writes `summary.csv`: statistics per point × scope × metric over replications
    /// (sd and the confidence interval are empty below two replications).
    pub fn write_summary(&self, path: &Path) -> Result<()> {
        let mut w = writer(path)?;
        let e = csv_err(path);
        w.write_record(axes::header_with(SUMMARY_COLUMNS, &self.axes))
            .map_err(&e)?;
        for (p, name) in self.point_names.iter().enumerate() {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.point == p).collect();
            for (m, (scope, metric)) in self.metric_names.iter().enumerate() {
                let values: Vec<f64> = rows.iter().map(|r| r.metrics[m]).collect();
                let Some(s) = Statistics::of(&values) else {
                    continue;
                };
                let opt = |v: Option<f64>| v.map_or(String::new(), num);
                let stats = [
                    scope.clone(),
                    metric.clone(),
                    s.n.to_string(),
                    num(s.mean),
                    opt(s.sd),
                    opt(s.ci95.map(|c| c.0)),
                    opt(s.ci95.map(|c| c.1)),
                    num(s.p5),
                    num(s.p50),
                    num(s.p95),
                    num(s.min),
                    num(s.max),
                ];
                w.write_record(
                    std::iter::once(name.as_str())
                        .chain(axes::values_at(&self.axes, p))
                        .chain(stats.iter().map(String::as_str)),
                )
                .map_err(&e)?;
            }
        }
        flush(&mut w, path)
    }

    /// The sites of the control columns in a `replications.csv` header, which follow the
    /// `inputs` input columns that start at `first_input`.
    pub fn control_sites_in(header: &[String], first_input: usize, inputs: usize) -> Vec<String> {
        header
            .iter()
            .skip(first_input + inputs)
            .map_while(|h| {
                h.strip_prefix(CONTROL_PREFIX)
                    .and_then(|rest| rest.strip_suffix(CONTROL_OFFERED))
                    .map(str::to_string)
            })
            .collect()
    }

    /// Index of a `(scope, metric)` column.
    pub fn metric_index(&self, scope: &str, metric: &str) -> Option<usize> {
        self.metric_names
            .iter()
            .position(|(s, m)| s == scope && m == metric)
    }
}
