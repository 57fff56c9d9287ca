//! `manifest.json`: what produced a run folder, so that it can be reproduced.

use crate::error::{DataError, DataErrorKind, Error, Result};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Contents of `manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// footprint version.
    pub footprint_version: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Scenario source (path or "built-in default").
    pub scenario_source: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// Base seed.
    pub seed: u64,
    /// Replications per point (the maximum, with a precision target).
    pub replications: u64,
    /// Replications actually run per point.
    pub replications_run: u64,
    /// Sweep points.
    pub points: Vec<String>,
    /// Uncertain inputs.
    pub inputs: Vec<String>,
    /// Sweep axes: key path, column, dimension, the swept values and the index of the
    /// value at each point.
    pub axes: Vec<crate::output::axes::AxisColumn>,
    /// Index of the point the others are compared with in `comparisons.csv`.
    #[serde(default)]
    pub baseline: usize,
    /// Command-line overrides (`--set`).
    pub overrides: Vec<String>,
    /// `i/n` for one shard of a run, absent for a whole run.
    pub shard: Option<String>,
    /// Precision target, as given.
    pub precision: Option<String>,
    /// Worker threads.
    pub threads: usize,
    /// The command line.
    pub command: Vec<String>,
    /// UTC wall-clock time the run started.
    pub started_utc: String,
    /// Wall time, s.
    pub wall_time_s: f64,
    /// Engine events handled (all replications).
    pub events: u64,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings raised while loading or running.
    pub warnings: Vec<String>,
    /// Size and BLAKE3 of every file written but the manifest itself, checked by `merge`.
    #[serde(default)]
    pub file_digests: Vec<FileDigest>,
    /// Size and BLAKE3 of every input data file read (grid, weather, prices, traces), so that
    /// `merge` can refuse shards that read different data under the same name.
    #[serde(default)]
    pub input_digests: Vec<FileDigest>,
    /// Water conventions of each site of the base scenario (hydro allocation, consumption
    /// and withdrawal factors, scarcity factor and its source).
    #[serde(default)]
    pub water_conventions: Vec<crate::site::water::WaterConventions>,
}

pub use crate::digest::FileDigest;

impl Manifest {
    /// A manifest for `scenario`, run by the command line `command`, with the fields that do
    /// not depend on the run.
    pub fn for_scenario(scenario: &Scenario, command: &[String]) -> Manifest {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Manifest {
            footprint_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_name: scenario.name.clone(),
            scenario_source: scenario.source.clone(),
            scenario_sha256: scenario.sha256.clone(),
            seed: scenario.seed,
            replications: 1,
            replications_run: 1,
            points: vec!["base".into()],
            inputs: Vec::new(),
            axes: Vec::new(),
            baseline: 0,
            overrides: Vec::new(),
            shard: None,
            precision: None,
            threads: 1,
            command: command.to_vec(),
            started_utc: crate::time::format_utc(now),
            wall_time_s: 0.0,
            events: 0,
            files: Vec::new(),
            warnings: scenario.warnings.clone(),
            file_digests: Vec::new(),
            input_digests: Vec::new(),
            water_conventions: scenario.sites.iter().map(|s| s.water.clone()).collect(),
        }
    }

    /// Records the size and BLAKE3 of `files` (relative to `dir`; `manifest.json` skipped):
    /// those in `known` (computed as the file was written) as they are, the others read.
    pub fn record_files(
        &mut self,
        dir: &Path,
        files: &[String],
        known: &[FileDigest],
    ) -> Result<()> {
        self.file_digests = files
            .iter()
            .filter(|f| f.as_str() != "manifest.json")
            .map(|f| {
                if let Some(d) = known.iter().find(|d| &d.path == f) {
                    return Ok(d.clone());
                }
                FileDigest::of(&dir.join(f), f.clone()).map_err(|source| Error::Output {
                    path: dir.join(f),
                    source,
                })
            })
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// Writes the manifest as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Output {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        std::fs::write(path, text + "\n").map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a manifest written by [`Manifest::write`].
    pub fn read(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            DataError::file(
                path,
                DataErrorKind::Open {
                    reason: format!("{e} (is this a footprint run folder?)"),
                },
            )
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Error::Data(DataError::file(
                path,
                DataErrorKind::Malformed {
                    reason: format!("not a footprint manifest: {e}"),
                },
            ))
        })
    }
}
