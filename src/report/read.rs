//! Reading a run folder for the report: the manifest (which must come from this version of
//! footprint and describe a whole run, not a shard) and the parts of each CSV file the
//! charts draw. Every column is found by the name its table in `src/metrics/` or
//! `src/metrics/run_files.rs` gives it; the names read here are listed in [`columns`] and a unit test
//! checks each against those tables, so a renamed column fails a test instead of a report.

use super::csv_file::CsvFile;
use crate::error::{DataError, DataErrorKind, Result};
use crate::output::manifest::Manifest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Column names the report reads, by file.
pub mod columns {
    /// `summary.csv` (`metrics::run_files::SUMMARY_COLUMNS`).
    pub mod summary {
        /// Point name.
        pub const POINT: &str = "point";
        /// `total` or `site:<name>`.
        pub const SCOPE: &str = "scope";
        /// Metric name.
        pub const METRIC: &str = "metric";
        /// Replications.
        pub const N: &str = "n";
        /// Mean over replications.
        pub const MEAN: &str = "mean";
        /// Lower end of the 95% interval of the mean.
        pub const CI_LOW: &str = "mean_ci95_low";
        /// Upper end of the 95% interval of the mean.
        pub const CI_HIGH: &str = "mean_ci95_high";
        /// 5th percentile over replications.
        pub const P5: &str = "p5";
        /// 95th percentile over replications.
        pub const P95: &str = "p95";
    }
    /// `hourly.csv` (`metrics::hourly::HOURLY_COLUMNS`).
    pub mod hourly {
        /// Point name.
        pub const POINT: &str = "point";
        /// Replication index.
        pub const REPLICATION: &str = "replication";
        /// Site name.
        pub const SITE: &str = "site";
        /// Hour index.
        pub const HOUR: &str = "hour";
        /// Start of the hour, UTC.
        pub const TIME: &str = "time_utc";
        /// Mean IT power of the hour.
        pub const IT_POWER: &str = "it_power_kw";
        /// Facility energy of the hour (its mean power in kW over a whole hour).
        pub const FACILITY_ENERGY: &str = "facility_energy_kwh";
        /// PUE of the hour.
        pub const PUE: &str = "pue";
        /// Average carbon intensity.
        pub const CARBON: &str = "carbon_intensity_g_per_kwh";
        /// Marginal carbon intensity (empty without a source).
        pub const MARGINAL: &str = "marginal_carbon_intensity_g_per_kwh";
        /// On-site water.
        pub const WATER_ONSITE: &str = "water_onsite_l";
        /// Off-site water.
        pub const WATER_OFFSITE: &str = "water_offsite_l";
        /// Contracted clean supply.
        pub const SUPPLY: &str = "contract_supply_kwh";
        /// Load matched by clean supply.
        pub const MATCHED: &str = "cfe_matched_kwh";
    }
    /// `hourly_bands.csv` (`metrics::run_files::BAND_COLUMNS`, quantities in
    /// `montecarlo::bands::QUANTITIES`).
    pub mod bands {
        /// Point name.
        pub const POINT: &str = "point";
        /// Site name.
        pub const SITE: &str = "site";
        /// Hour index.
        pub const HOUR: &str = "hour";
        /// Quantity name.
        pub const QUANTITY: &str = "quantity";
        /// 5th percentile.
        pub const P5: &str = "p5";
        /// 95th percentile.
        pub const P95: &str = "p95";
    }
    /// `jobs.csv` (`metrics::jobs::JOB_COLUMNS`).
    pub mod jobs {
        /// Point name.
        pub const POINT: &str = "point";
        /// Replication index.
        pub const REPLICATION: &str = "replication";
        /// Job class (or fixed job name).
        pub const CLASS: &str = "name";
        /// Facility energy of the job.
        pub const ENERGY: &str = "facility_energy_kwh";
        /// Life-cycle carbon of the job.
        pub const CO2: &str = "co2_total_kg";
        /// On-site water of the job.
        pub const WATER_ONSITE: &str = "water_onsite_l";
        /// Off-site water of the job.
        pub const WATER_OFFSITE: &str = "water_offsite_l";
    }
    /// `comparisons.csv` (`metrics::run_files::COMPARISON_COLUMNS`).
    pub mod comparisons {
        /// Point name.
        pub const POINT: &str = "point";
        /// Scope.
        pub const SCOPE: &str = "scope";
        /// Metric.
        pub const METRIC: &str = "metric";
        /// Mean paired difference.
        pub const DELTA: &str = "delta_mean";
        /// Its 95% interval, lower end.
        pub const DELTA_LOW: &str = "delta_ci95_low";
        /// Its 95% interval, upper end.
        pub const DELTA_HIGH: &str = "delta_ci95_high";
    }
    /// `sensitivity.csv` (`metrics::run_files::SENSITIVITY_COLUMNS`).
    pub mod sensitivity {
        /// Point name, or `all`.
        pub const POINT: &str = "point";
        /// Metric.
        pub const METRIC: &str = "metric";
        /// Input key path or sweep group.
        pub const INPUT: &str = "input";
        /// `src`, `r2` or `sweep_range`.
        pub const METHOD: &str = "method";
        /// The effect.
        pub const VALUE: &str = "value";
    }
    /// `projection.csv`, written by the projections (`year,metric,statistic,value`).
    pub mod projection {
        /// Calendar year.
        pub const YEAR: &str = "year";
        /// Metric.
        pub const METRIC: &str = "metric";
        /// `mean`, `p5`, `p50` or `p95`.
        pub const STATISTIC: &str = "statistic";
        /// The value.
        pub const VALUE: &str = "value";
    }
}

/// One row of `summary.csv`.
#[derive(Clone, Debug)]
pub struct SummaryRow {
    /// Point name.
    pub point: String,
    /// Scope.
    pub scope: String,
    /// Metric.
    pub metric: String,
    /// Replications.
    pub n: f64,
    /// Mean.
    pub mean: f64,
    /// 95% interval of the mean (NaN with one replication).
    pub ci: (f64, f64),
    /// 5th and 95th percentiles.
    pub p5_p95: (f64, f64),
}

/// The hourly series of one site (replication 0 of the shown point).
#[derive(Clone, Debug, Default)]
pub struct SiteHours {
    /// Site name.
    pub site: String,
    /// Start of each hour, UTC, as written.
    pub time_utc: Vec<String>,
    /// Series by `hourly.csv` column name.
    pub series: BTreeMap<&'static str, Vec<f64>>,
}

/// 5th and 95th percentiles of one quantity by hour.
#[derive(Clone, Debug, Default)]
pub struct Band {
    /// 5th percentile by hour (NaN where the file has no row).
    pub p5: Vec<f64>,
    /// 95th percentile by hour.
    pub p95: Vec<f64>,
}

/// Per-job values of one job class.
#[derive(Clone, Debug, Default)]
pub struct JobClass {
    /// Class name.
    pub name: String,
    /// Facility energy per job, kWh.
    pub energy_kwh: Vec<f64>,
    /// Life-cycle carbon per job, kg CO2e.
    pub co2_kg: Vec<f64>,
    /// Water (on-site + off-site) per job, L.
    pub water_l: Vec<f64>,
}

/// One paired difference of `comparisons.csv` (scope `total`).
#[derive(Clone, Debug)]
pub struct Delta {
    /// Point name.
    pub point: String,
    /// Metric.
    pub metric: String,
    /// Mean difference.
    pub mean: f64,
    /// 95% interval.
    pub ci: (f64, f64),
}

/// One row of `sensitivity.csv`.
#[derive(Clone, Debug)]
pub struct Effect {
    /// Point name, or `all`.
    pub point: String,
    /// Metric.
    pub metric: String,
    /// Input.
    pub input: String,
    /// Method.
    pub method: String,
    /// Value.
    pub value: f64,
}

/// One row of `projection.csv`.
#[derive(Clone, Debug)]
pub struct ProjectionRow {
    /// Calendar year.
    pub year: f64,
    /// Metric.
    pub metric: String,
    /// Statistic.
    pub statistic: String,
    /// Value.
    pub value: f64,
}

/// Everything the report draws from one run folder.
pub struct Run {
    /// The folder.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// The point the per-site, per-job and distribution charts show: the baseline.
    pub shown_point: String,
    /// `summary.csv`.
    pub summary: Vec<SummaryRow>,
    /// Replication values of the shown point by `total.<metric>` column, when the run has
    /// more than one replication.
    pub replications: BTreeMap<String, Vec<f64>>,
    /// `hourly.csv` of the shown point, by site in file order.
    pub hours: Vec<SiteHours>,
    /// `hourly_bands.csv` of the shown point, by (site, quantity).
    pub bands: BTreeMap<(String, String), Band>,
    /// `jobs.csv` of the shown point, by class in order of first appearance.
    pub jobs: Vec<JobClass>,
    /// Paired differences (scope `total`).
    pub deltas: Vec<Delta>,
    /// Sensitivity effects.
    pub effects: Vec<Effect>,
    /// Projection rows.
    pub projection: Vec<ProjectionRow>,
}

fn manifest_error(path: &Path, reason: String) -> crate::error::Error {
    DataError::file(path, DataErrorKind::Malformed { reason }).into()
}

/// Reads and checks `manifest.json` of `dir`.
pub fn manifest(dir: &Path) -> Result<Manifest> {
    if !dir.is_dir() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Open {
                reason: "not a folder (expected a run folder written by `footprint run`)".into(),
            },
        )
        .into());
    }
    let path = dir.join("manifest.json");
    if !path.exists() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Open {
                reason: "not a footprint run folder: it has no manifest.json".into(),
            },
        )
        .into());
    }
    let manifest = Manifest::read(&path)?;
    let this = env!("CARGO_PKG_VERSION");
    if manifest.footprint_version != this {
        return Err(manifest_error(
            &path,
            format!(
                "the run was written by footprint {}, this is footprint {this}: rerun the scenario with this version, or report it with footprint {}",
                manifest.footprint_version, manifest.footprint_version
            ),
        ));
    }
    if let Some(shard) = &manifest.shard {
        return Err(manifest_error(
            &path,
            format!(
                "this folder is shard {shard} of a run: combine the shards with `footprint merge` and report the merged folder"
            ),
        ));
    }
    Ok(manifest)
}

/// Reads everything the report draws from the run folder `dir`.
pub fn run(dir: &Path) -> Result<Run> {
    let manifest = manifest(dir)?;
    let shown_point = manifest
        .points
        .get(manifest.baseline)
        .or(manifest.points.first())
        .cloned()
        .unwrap_or_else(|| "base".into());
    let open = |name: &str| CsvFile::open(dir, name, &manifest);
    let summary_file = open("summary.csv")?.ok_or_else(|| {
        crate::error::Error::from(DataError::file(
            &dir.join("summary.csv"),
            DataErrorKind::Open {
                reason: "missing: every run folder has one".into(),
            },
        ))
    })?;
    // The largest files (hourly and bands; jobs) are parsed on two threads.
    let (first, second) = rayon::join(
        || -> Result<_> {
            let hours = match open("hourly.csv")? {
                Some(f) => read_hours(&f, &shown_point)?,
                None => Vec::new(),
            };
            let bands = match open("hourly_bands.csv")? {
                Some(f) if manifest.replications_run > 1 => read_bands(&f, &shown_point)?,
                _ => BTreeMap::new(),
            };
            Ok((hours, bands))
        },
        || -> Result<_> {
            let jobs = match open("jobs.csv")? {
                Some(f) => read_jobs(&f, &shown_point)?,
                None => Vec::new(),
            };
            let summary = read_summary(&summary_file)?;
            let replications = match open("replications.csv")? {
                Some(f) if manifest.replications_run > 1 => read_replications(&f, &shown_point)?,
                _ => BTreeMap::new(),
            };
            Ok((jobs, summary, replications))
        },
    );
    let (hours, bands) = first?;
    let (jobs, summary, replications) = second?;
    let deltas = match open("comparisons.csv")? {
        Some(f) => read_deltas(&f)?,
        None => Vec::new(),
    };
    let effects = match open("sensitivity.csv")? {
        Some(f) => read_effects(&f)?,
        None => Vec::new(),
    };
    let projection = match open("projection.csv")? {
        Some(f) => read_projection(&f)?,
        None => Vec::new(),
    };
    Ok(Run {
        dir: dir.to_path_buf(),
        manifest,
        shown_point,
        summary,
        replications,
        hours,
        bands,
        jobs,
        deltas,
        effects,
        projection,
    })
}

/// Calls `f` with the rows of `f` whose column `point` is `shown`: the fast line filter of
/// [`CsvFile::for_each_where`] when the point is the first column.
fn rows_of_point(
    file: &CsvFile,
    point: usize,
    shown: &str,
    mut f: impl FnMut(&super::csv_file::Row<'_>) -> Result<()>,
) -> Result<()> {
    if point == 0 {
        file.for_each_where(shown, f)
    } else {
        file.for_each(|r| {
            if r.bytes(point) == shown.as_bytes() {
                f(r)
            } else {
                Ok(())
            }
        })
    }
}

fn read_summary(f: &CsvFile) -> Result<Vec<SummaryRow>> {
    use columns::summary as c;
    let [point, scope, metric, n, mean, lo, hi, p5, p95] = [
        c::POINT,
        c::SCOPE,
        c::METRIC,
        c::N,
        c::MEAN,
        c::CI_LOW,
        c::CI_HIGH,
        c::P5,
        c::P95,
    ]
    .map(|name| f.column(name));
    let [point, scope, metric, n, mean, lo, hi, p5, p95] =
        [point?, scope?, metric?, n?, mean?, lo?, hi?, p5?, p95?];
    let mut rows = Vec::new();
    f.for_each(|r| {
        rows.push(SummaryRow {
            point: r.text(point)?.to_string(),
            scope: r.text(scope)?.to_string(),
            metric: r.text(metric)?.to_string(),
            n: r.num(n)?,
            mean: r.num(mean)?,
            ci: (r.num(lo)?, r.num(hi)?),
            p5_p95: (r.num(p5)?, r.num(p95)?),
        });
        Ok(())
    })?;
    if rows.is_empty() {
        return Err(DataError::file(&f.path, DataErrorKind::NoRows).into());
    }
    Ok(rows)
}

/// The `hourly.csv` columns drawn as series (those the file has).
const HOURLY_SERIES: [&str; 9] = [
    columns::hourly::IT_POWER,
    columns::hourly::FACILITY_ENERGY,
    columns::hourly::PUE,
    columns::hourly::CARBON,
    columns::hourly::MARGINAL,
    columns::hourly::WATER_ONSITE,
    columns::hourly::WATER_OFFSITE,
    columns::hourly::SUPPLY,
    columns::hourly::MATCHED,
];

fn read_hours(f: &CsvFile, shown_point: &str) -> Result<Vec<SiteHours>> {
    use columns::hourly as c;
    let point = f.column(c::POINT)?;
    let replication = f.column(c::REPLICATION)?;
    let site = f.column(c::SITE)?;
    let hour = f.column(c::HOUR)?;
    let time = f.column(c::TIME)?;
    let series: Vec<(&'static str, usize)> = HOURLY_SERIES
        .iter()
        .filter_map(|&name| f.has_column(name).map(|i| (name, i)))
        .collect();
    let mut sites: Vec<SiteHours> = Vec::new();
    let mut first_replication: Option<Vec<u8>> = None;
    rows_of_point(f, point, shown_point, |r| {
        let rep = r.bytes(replication);
        match &first_replication {
            Some(first) if first.as_slice() != rep => return Ok(()),
            Some(_) => {}
            None => first_replication = Some(rep.to_vec()),
        }
        let name = r.text(site)?;
        let s = match sites.iter().position(|s| s.site == name) {
            Some(i) => i,
            None => {
                sites.push(SiteHours {
                    site: name.to_string(),
                    ..Default::default()
                });
                sites.len() - 1
            }
        };
        let s = &mut sites[s];
        let h = r.num(hour)?;
        if h != s.time_utc.len() as f64 {
            return Err(DataError::at(
                &f.path,
                r.line,
                DataErrorKind::OutOfRange {
                    field: c::HOUR.into(),
                    value: h.to_string(),
                    requirement: format!(
                        "breaks the hourly sequence of site '{}' (expected {})",
                        s.site,
                        s.time_utc.len()
                    ),
                },
            )
            .into());
        }
        s.time_utc.push(r.text(time)?.to_string());
        for &(name, i) in &series {
            let v = r.num(i)?;
            s.series.entry(name).or_default().push(v);
        }
        Ok(())
    })?;
    Ok(sites)
}

fn read_bands(f: &CsvFile, shown_point: &str) -> Result<BTreeMap<(String, String), Band>> {
    use columns::bands as c;
    let point = f.column(c::POINT)?;
    let site = f.column(c::SITE)?;
    let hour = f.column(c::HOUR)?;
    let quantity = f.column(c::QUANTITY)?;
    let p5 = f.column(c::P5)?;
    let p95 = f.column(c::P95)?;
    let mut bands: BTreeMap<(String, String), Band> = BTreeMap::new();
    let mut last: Option<(Vec<u8>, Vec<u8>)> = None;
    let mut current: Option<(String, String)> = None;
    rows_of_point(f, point, shown_point, |r| {
        let key_bytes = (r.bytes(site).to_vec(), r.bytes(quantity).to_vec());
        if last.as_ref() != Some(&key_bytes) {
            current = Some((r.text(site)?.to_string(), r.text(quantity)?.to_string()));
            last = Some(key_bytes);
        }
        let key = current.clone().unwrap_or_default();
        let h = r.num(hour)?;
        // 10⁷ hours (over 1,000 years) is no hour index of a run: a damaged cell.
        if !(0.0..1e7).contains(&h) {
            return Err(DataError::at(
                &f.path,
                r.line,
                DataErrorKind::OutOfRange {
                    field: c::HOUR.into(),
                    value: h.to_string(),
                    requirement: "must be an hour index ≥ 0".into(),
                },
            )
            .into());
        }
        let h = h as usize;
        let band = bands.entry(key).or_default();
        if band.p5.len() <= h {
            band.p5.resize(h + 1, f64::NAN);
            band.p95.resize(h + 1, f64::NAN);
        }
        band.p5[h] = r.num(p5)?;
        band.p95[h] = r.num(p95)?;
        Ok(())
    })?;
    Ok(bands)
}

fn read_jobs(f: &CsvFile, shown_point: &str) -> Result<Vec<JobClass>> {
    use columns::jobs as c;
    let point = f.column(c::POINT)?;
    let replication = f.column(c::REPLICATION)?;
    let class = f.column(c::CLASS)?;
    let energy = f.column(c::ENERGY)?;
    let co2 = f.column(c::CO2)?;
    let onsite = f.column(c::WATER_ONSITE)?;
    let offsite = f.column(c::WATER_OFFSITE)?;
    let mut classes: Vec<JobClass> = Vec::new();
    let mut first_replication: Option<Vec<u8>> = None;
    rows_of_point(f, point, shown_point, |r| {
        let rep = r.bytes(replication);
        match &first_replication {
            Some(first) if first.as_slice() != rep => return Ok(()),
            Some(_) => {}
            None => first_replication = Some(rep.to_vec()),
        }
        let name = r.bytes(class);
        let k = match classes.iter().position(|k| k.name.as_bytes() == name) {
            Some(k) => k,
            None => {
                classes.push(JobClass {
                    name: r.text(class)?.to_string(),
                    ..Default::default()
                });
                classes.len() - 1
            }
        };
        let k = &mut classes[k];
        k.energy_kwh.push(r.num(energy)?);
        k.co2_kg.push(r.num(co2)?);
        k.water_l.push(r.num(onsite)? + r.num(offsite)?);
        Ok(())
    })?;
    Ok(classes)
}

fn read_replications(f: &CsvFile, shown_point: &str) -> Result<BTreeMap<String, Vec<f64>>> {
    let point = f.column(columns::summary::POINT)?;
    let wanted: Vec<(String, usize)> = f
        .headers()
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("total.").map(|m| (m.to_string(), i)))
        .collect();
    let mut values: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    rows_of_point(f, point, shown_point, |r| {
        for (name, i) in &wanted {
            let v = r.num(*i)?;
            values.entry(name.clone()).or_default().push(v);
        }
        Ok(())
    })?;
    Ok(values)
}

fn read_deltas(f: &CsvFile) -> Result<Vec<Delta>> {
    use columns::comparisons as c;
    let point = f.column(c::POINT)?;
    let scope = f.column(c::SCOPE)?;
    let metric = f.column(c::METRIC)?;
    let delta = f.column(c::DELTA)?;
    let lo = f.column(c::DELTA_LOW)?;
    let hi = f.column(c::DELTA_HIGH)?;
    let mut out = Vec::new();
    f.for_each(|r| {
        if r.bytes(scope) != b"total" {
            return Ok(());
        }
        out.push(Delta {
            point: r.text(point)?.to_string(),
            metric: r.text(metric)?.to_string(),
            mean: r.num(delta)?,
            ci: (r.num(lo)?, r.num(hi)?),
        });
        Ok(())
    })?;
    Ok(out)
}

fn read_effects(f: &CsvFile) -> Result<Vec<Effect>> {
    use columns::sensitivity as c;
    let point = f.column(c::POINT)?;
    let metric = f.column(c::METRIC)?;
    let input = f.column(c::INPUT)?;
    let method = f.column(c::METHOD)?;
    let value = f.column(c::VALUE)?;
    let mut out = Vec::new();
    f.for_each(|r| {
        out.push(Effect {
            point: r.text(point)?.to_string(),
            metric: r.text(metric)?.to_string(),
            input: r.text(input)?.to_string(),
            method: r.text(method)?.to_string(),
            value: r.num(value)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Statistics a `projection.csv` row may hold.
pub const PROJECTION_STATISTICS: [&str; 4] = ["mean", "p5", "p50", "p95"];

fn read_projection(f: &CsvFile) -> Result<Vec<ProjectionRow>> {
    use columns::projection as c;
    let year = f.column(c::YEAR)?;
    let metric = f.column(c::METRIC)?;
    let statistic = f.column(c::STATISTIC)?;
    let value = f.column(c::VALUE)?;
    let mut out = Vec::new();
    f.for_each(|r| {
        let s = r.text(statistic)?;
        if !PROJECTION_STATISTICS.contains(&s) {
            return Err(DataError::at(
                &f.path,
                r.line,
                DataErrorKind::Unknown {
                    field: "statistic (expected mean, p5, p50 or p95)".into(),
                    value: s.to_string(),
                },
            )
            .into());
        }
        out.push(ProjectionRow {
            year: r.num(year)?,
            metric: r.text(metric)?.to_string(),
            statistic: s.to_string(),
            value: r.num(value)?,
        });
        Ok(())
    })?;
    Ok(out)
}
