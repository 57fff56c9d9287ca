//! `footprint report`: a run folder as one self-contained HTML page of charts and tables.
//!
//! The page has inline CSS and SVG only (no script, nothing fetched), so it opens offline
//! and can be mailed as one file. Charts are drawn with plotters' SVG backend (see
//! [`chart`]). Hourly series are drawn as daily means over the whole window and hour by
//! hour over one week, which keeps the page small however long the window is.
//!
//! Nothing is written unless every file the report reads passes its checks: the manifest
//! must come from this version of footprint and describe a whole run, and every CSV file
//! must have the size `manifest.json` records, end with a line end and have whole rows.
//! The page is written to a hidden temporary file beside the target and renamed onto it.

pub mod chart;
pub mod csv_file;
pub mod html;
pub mod options;
pub mod read;
pub mod sections;

pub use options::Options;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The report's file name in the run folder when `--out` is not given.
pub const DEFAULT_FILE: &str = "report.html";

/// The report of the run folder `dir` as an HTML document.
pub fn render(dir: &Path, options: &Options) -> Result<String> {
    options.check()?;
    let run = read::run(dir)?;
    let m = &run.manifest;
    let title = format!("footprint report: {}", m.scenario_name);
    let lead = format!(
        "Scenario '{}' ({}), seed {}, {} point(s) × {} replication(s), footprint {}, started {}.",
        m.scenario_name,
        m.scenario_source,
        m.seed,
        m.points.len(),
        m.replications_run,
        m.footprint_version,
        m.started_utc
    );
    let mut all = vec![sections::summary(&run), sections::provenance(&run)];
    let mut sites = sections::sites(&run, options)?;
    let procurement = if sites.len() > 1 { sites.pop() } else { None };
    all.extend(sites);
    all.extend(sections::jobs(&run)?);
    all.extend(sections::distributions(&run)?);
    all.extend(sections::sensitivity(&run)?);
    all.extend(sections::sweep(&run, options)?);
    all.extend(procurement);
    all.extend(sections::projection(&run)?);
    Ok(html::page(&title, &lead, &all))
}

/// Writes the report of `dir` to `out` (default `dir/report.html`) and returns the path.
/// On any error nothing is written.
pub fn write(dir: &Path, out: Option<&Path>, options: &Options) -> Result<PathBuf> {
    let page = render(dir, options)?;
    let target = out.map_or_else(|| dir.join(DEFAULT_FILE), Path::to_path_buf);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DEFAULT_FILE.into());
    let partial = target.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Output { path, source }
    };
    std::fs::write(&partial, page).map_err(fail(&target))?;
    std::fs::rename(&partial, &target).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        fail(&target)(e)
    })?;
    Ok(target)
}
