//! Running a template: every (point, replication) pair, in parallel, into a run folder.
//!
//! Replication `r` of point `p` depends only on (seed, p, r), so the rows are the same with
//! one thread or many and whichever shard runs them. Pairs are generated lazily, a chunk at a
//! time, so memory does not grow with `--reps` except for the rows: each row is kept for exact
//! statistics and takes [`row_bytes`] bytes (`8 × (3 + inputs + metrics) + 72`, where
//! `inputs` counts the control columns too). Jobs and
//! hourly rows are streamed to files, for replication 0 of each point only.

use super::bands::Bands;
use super::sensitivity;
use super::table::{Row, Table};
use crate::digest::{FileDigest, Hashing};
use crate::engine::SimTime;
use crate::engine::rng::replication_seed;
use crate::error::{Error, Result};
use crate::metrics::metrics;
use crate::output::hour_spool::HourSpool;
use crate::output::jobs_csv::JobsCsv;
use crate::output::manifest::Manifest;
use crate::output::{RunFolder, tables};
use crate::results::{HourSink, NoJobs};
use crate::run::{RunOptions, run_replication_with};
use crate::scenario::template::ScenarioTemplate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A shard's raw band histograms, merged by `footprint merge` into `hourly_bands.csv`.
pub const BANDS_PART: &str = "hourly_bands.part.csv";

/// One slice of a run: pairs whose index `p × reps + r` is `index − 1` modulo `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard number.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parses `i/n`.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || {
            Error::Usage(format!(
                "--shard {text}: expected i/n with 1 ≤ i ≤ n, e.g. 2/4"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    fn owns(&self, pair: u64) -> bool {
        pair % self.count as u64 == (self.index - 1) as u64
    }
}

/// Stop early once the 95% CI half-width of a metric is within a fraction of its mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Precision {
    /// Scope (`total` or `site:<name>`).
    pub scope: String,
    /// Metric.
    pub metric: String,
    /// Target half-width / |mean|.
    pub relative_half_width: f64,
}

/// Pairs run in parallel before their results are gathered.
const PAIRS_PER_CHUNK: usize = 64;

/// Largest `--threads`: more threads than this cannot help on any machine footprint targets
/// and only cost their creation (10,000 threads took a minute for a 0.07 s run).
pub const MAX_THREADS: usize = 1_024;

/// Memory the replication rows of one process may take, bytes (4 GiB): a run whose rows
/// would exceed it is refused before it starts (split it with `--shard`).
pub const ROW_MEMORY_BUDGET_BYTES: u64 = 4 << 30;

/// Bytes one replication row takes in memory: the point, replication and seed (3 × 8 bytes),
/// the sampled inputs and control values (`inputs`) and metrics (8 bytes each) and the
/// three vector headers (3 × 24 bytes).
pub fn row_bytes(inputs: usize, metrics: usize) -> u64 {
    (8 * (3 + inputs + metrics) + 72) as u64
}

/// Number of pairs among `0..total` that `shard` owns (all without a shard).
pub fn owned_pairs(total: u64, shard: Option<Shard>) -> u64 {
    match shard {
        None => total,
        Some(s) => {
            let (n, k) = (s.count as u64, (s.index - 1) as u64);
            total / n + u64::from(total % n > k)
        }
    }
}

/// `points × replications`, or an error naming both when the product does not fit.
pub fn total_pairs(points: usize, replications: u64) -> Result<u64> {
    (points as u64).checked_mul(replications).ok_or_else(|| {
        Error::Usage(format!(
            "{points} sweep point(s) × --reps {replications} replications does not fit in 64 bits"
        ))
    })
}

/// Refuses plans that cannot run: no replication, thread counts outside 1..=[`MAX_THREADS`],
/// and rows that would not fit in [`ROW_MEMORY_BUDGET_BYTES`].
pub fn check_plan(plan: &Plan, points: usize, inputs: usize, metrics: usize) -> Result<u64> {
    if plan.replications == 0 {
        return Err(Error::Usage("--reps must be at least 1".into()));
    }
    match plan.threads {
        Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
        Some(t) if t > MAX_THREADS => {
            return Err(Error::Usage(format!(
                "--threads {t}: at most {MAX_THREADS} (results do not depend on the thread count; more threads than cores only cost their creation)"
            )));
        }
        _ => {}
    }
    let owned = owned_pairs(total_pairs(points, plan.replications)?, plan.shard);
    let bytes = owned.saturating_mul(row_bytes(inputs, metrics));
    if bytes > ROW_MEMORY_BUDGET_BYTES {
        return Err(Error::Usage(format!(
            "--reps {}: {owned} replication rows of {} bytes would take {:.1} GB, above the {:.1} GB this process keeps for rows; use fewer replications, --precision, or split the run with --shard i/n",
            plan.replications,
            row_bytes(inputs, metrics),
            bytes as f64 / 1e9,
            ROW_MEMORY_BUDGET_BYTES as f64 / 1e9
        )));
    }
    Ok(owned)
}

/// Replications are checked against a precision target after every batch of this many
/// (per point): fixed, so the stopping point does not depend on the thread count.
pub const PRECISION_BATCH: u64 = 10;

impl Precision {
    /// Parses `metric=0.01` or `scope.metric=0.01`.
    pub fn parse(text: &str) -> Result<Precision> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "--precision {text}: {why} (e.g. co2_total_kg=0.01)"
            ))
        };
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| bad("expected metric=fraction"))?;
        let relative_half_width: f64 = value
            .trim()
            .parse()
            .map_err(|_| bad("the fraction is not a number"))?;
        if !(relative_half_width > 0.0 && relative_half_width < 1.0) {
            return Err(bad("the fraction must be in (0, 1)"));
        }
        let (scope, metric) = match name.rsplit_once('.') {
            Some((s, m)) => (s.to_string(), m.to_string()),
            None => ("total".to_string(), name.trim().to_string()),
        };
        if crate::metrics::metric(&metric).is_none() {
            return Err(bad(&format!("unknown metric '{metric}'")));
        }
        Ok(Precision {
            scope,
            metric,
            relative_half_width,
        })
    }
}

/// How to run a template.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Replications per point (the maximum with a precision target). At least 1.
    pub replications: u64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Run one slice only.
    pub shard: Option<Shard>,
    /// Precision target.
    pub precision: Option<Precision>,
    /// Force `jobs.csv` off.
    pub no_jobs: bool,
    /// Horizon, event and job budgets of each replication.
    pub limits: crate::budget::Limits,
    /// The command line, recorded in `manifest.json` (the library never reads the process
    /// arguments itself).
    pub command: Vec<String>,
}

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    /// The run folder.
    pub folder: PathBuf,
    /// All rows.
    pub table: Table,
    /// Files written.
    pub files: Vec<String>,
    /// Wall time, s.
    pub wall_time_s: f64,
    /// Engine events, all replications.
    pub events: u64,
    /// Replications run per point.
    pub replications_run: u64,
    /// Warnings of the scenario.
    pub warnings: Vec<String>,
    /// The point the others are compared with.
    pub baseline: usize,
}

fn part_name(kind: &str, point: usize) -> String {
    format!("parts/{kind}-{point:05}.csv")
}

struct PairResult {
    row: Row,
    names: Vec<(String, String)>,
    events: u64,
    warnings: Vec<String>,
    /// Size and BLAKE3 of the part files written, hashed as they were written.
    digests: Vec<FileDigest>,
}

// One argument more than clippy's default: each is a different shared piece of the run.
#[allow(clippy::too_many_arguments)]
fn run_pair(
    template: &ScenarioTemplate,
    point: usize,
    replication: u64,
    folder: &RunFolder,
    plan: &Plan,
    bands: Option<&Mutex<Bands>>,
    on_sim_time: Option<&(dyn Fn(SimTime) + Sync)>,
    with_controls: bool,
) -> Result<PairResult> {
    let mut tick = |t: SimTime| {
        if let Some(f) = on_sim_time {
            f(t)
        }
    };
    let no_jobs = plan.no_jobs;
    let (mut scenario, inputs) = template.instantiate(point, replication)?;
    let predicted = crate::budget::predict(&scenario, &plan.limits)?;
    scenario.warnings.extend(predicted);
    let name = template.point_name(point);
    let sweep = crate::output::axes::at_point(&crate::output::axes::of_template(template), point);
    let detail = replication == 0;
    let hourly = detail && scenario.output.hourly_csv;
    // Hourly rows are kept for the bands over replications; for hourly.csv alone they are
    // streamed to a scratch file as each hour completes, so memory stays flat in sites and
    // simulated time.
    let keep_hours = bands.is_some() && scenario.output.hourly_csv;
    let hourly_path = folder.file(&part_name("hourly", point));
    let mut spool = if hourly && !keep_hours {
        let scratch = folder.file(&format!("{}.spool", part_name("hourly", point)));
        Some(HourSpool::create(&scratch, scenario.sites.len())?)
    } else {
        None
    };
    let fold_hours = !keep_hours;
    let (result, jobs_sink) = if detail && scenario.output.jobs_csv && !no_jobs {
        let jobs_name = part_name("jobs", point);
        let sink = JobsCsv::create(
            &folder.file(&jobs_name),
            &jobs_name,
            &scenario,
            &name,
            sweep.clone(),
            replication,
        )?;
        let options = RunOptions {
            progress: Some(&mut tick),
            audit: false,
            limits: plan.limits,
            fold_hours,
            hour_sink: spool.as_mut().map(|s| s as &mut dyn HourSink),
        };
        let (result, sink, _) = run_replication_with(&scenario, replication, sink, options)?;
        (result, Some(sink))
    } else {
        let options = RunOptions {
            progress: Some(&mut tick),
            audit: false,
            limits: plan.limits,
            fold_hours,
            hour_sink: spool.as_mut().map(|s| s as &mut dyn HourSink),
        };
        (
            run_replication_with(&scenario, replication, NoJobs, options)?.0,
            None,
        )
    };
    // `hourly.csv` is written while the `jobs.csv` writer thread formats its last batches,
    // and only then is that file waited for.
    let hourly_digest = if hourly {
        Some(tables::write_hourly(
            &hourly_path,
            &part_name("hourly", point),
            &scenario,
            &name,
            &sweep,
            replication,
            &result,
            spool.as_mut(),
        )?)
    } else {
        None
    };
    drop(spool);
    let mut digests = Vec::new();
    if let Some(sink) = jobs_sink {
        digests.push(sink.finish()?);
    }
    digests.extend(hourly_digest);
    if let Some(bands) = bands
        && scenario.output.hourly_csv
    {
        // Histograms add in any order, so the lock order does not change the bands.
        bands
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .add(point, &result);
    }
    let all = metrics(&result);
    if let Some(bad) = all
        .iter()
        .find(|m| !crate::metrics::is_valid_value(m.name, m.value))
    {
        let sampled: Vec<String> = template
            .uncertain
            .iter()
            .zip(&inputs)
            .map(|(u, v)| format!("{} = {v}", u.path))
            .collect();
        return Err(Error::BadResult(format!(
            "{}: metric {} of {} is {} in replication {replication} of point '{name}'{}: an input out of its physical range (check carbon intensities, prices, factors, decarbonisation and overrides); nothing was written",
            scenario.source,
            bad.name,
            bad.scope,
            bad.value,
            if sampled.is_empty() {
                String::new()
            } else {
                format!(" (sampled inputs: {})", sampled.join(", "))
            }
        )));
    }
    // A point whose scenario has no synthetic arrivals in a window (a sweep may remove
    // them) gets empty (NaN) control cells.
    let controls = if with_controls {
        let offered = super::control::offered_gpu_hours(&scenario, replication);
        let expected = super::control::expected_offered_gpu_hours(&scenario);
        let n = scenario.sites.len();
        match (offered, expected) {
            (Some(o), Some(e)) => o.into_iter().chain(e).collect(),
            _ => vec![f64::NAN; 2 * n],
        }
    } else {
        Vec::new()
    };
    Ok(PairResult {
        row: Row {
            point,
            replication,
            seed: replication_seed(scenario.seed, replication),
            inputs,
            controls,
            metrics: all.iter().map(|m| m.value).collect(),
        },
        names: all
            .iter()
            .map(|m| (m.scope.clone(), m.name.to_string()))
            .collect(),
        events: result.events,
        warnings: if detail && point == 0 {
            scenario.warnings
        } else {
            Vec::new()
        },
        digests,
    })
}

/// Concatenates `parts/<kind>-*.csv` in point order into `<kind>.csv` (one header): the
/// first part whole (moved when it is the only one), then each other part after its header
/// line, byte for byte (no per-line work: `jobs.csv` may hold millions of rows). Returns the
/// target's size and BLAKE3 digest under the name `name`: a moved part's from `known` (the digests
/// its writer computed), otherwise hashed while copying; `None` without parts.
pub fn concatenate_parts(
    parts: &[PathBuf],
    target: &Path,
    name: &str,
    known: &[FileDigest],
) -> Result<Option<FileDigest>> {
    use std::io::{BufRead, Read, Write};
    let Some(first) = parts.first() else {
        return Ok(None);
    };
    if parts.len() == 1 && std::fs::rename(first, target).is_ok() {
        let first_digest = known
            .iter()
            .find(|d| Path::new(&d.path).file_name() == first.file_name());
        return Ok(Some(match first_digest {
            Some(d) => FileDigest {
                path: name.to_string(),
                ..d.clone()
            },
            None => FileDigest::of(target, name.to_string()).map_err(|source| Error::Output {
                path: target.to_path_buf(),
                source,
            })?,
        }));
    }
    let write_error = |source| Error::Output {
        path: target.to_path_buf(),
        source,
    };
    let out = std::fs::File::create(target).map_err(write_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut hashing = Hashing::new();
    let mut buffer = vec![0u8; 1 << 16];
    for (i, part) in parts.iter().enumerate() {
        let read_error = |source| Error::Output {
            path: part.clone(),
            source,
        };
        let file = std::fs::File::open(part).map_err(read_error)?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        if i > 0 {
            let mut header = Vec::new();
            reader.read_until(b'\n', &mut header).map_err(read_error)?;
        }
        loop {
            let n = reader.read(&mut buffer).map_err(read_error)?;
            if n == 0 {
                break;
            }
            hashing.update(&buffer[..n]);
            out.write_all(&buffer[..n]).map_err(write_error)?;
        }
    }
    out.flush().map_err(write_error)?;
    Ok(Some(hashing.finish(name.to_string())))
}

/// The part files of `kind` in a folder, in point order.
pub fn part_files(dir: &Path, kind: &str) -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir.join("parts"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("{kind}-")))
                })
                .collect()
        })
        .unwrap_or_default();
    parts.sort();
    parts
}

/// Writes the files computed from all rows: `replications.csv`, `summary.csv`,
/// `sensitivity.csv`, and `jobs.csv` / `hourly.csv` from the parts (then removed). Returns
/// the files written and the digests of `jobs.csv` and `hourly.csv` (from `known`, the parts'
/// digests, or hashed while concatenating).
pub fn write_whole_run(
    dir: &Path,
    baseline: usize,
    table: &Table,
    bands: Option<&Bands>,
    known: &[FileDigest],
) -> Result<(Vec<String>, Vec<FileDigest>)> {
    let mut files = Vec::new();
    let mut digests = Vec::new();
    for kind in ["jobs", "hourly"] {
        let parts = part_files(dir, kind);
        let name = format!("{kind}.csv");
        if let Some(d) = concatenate_parts(&parts, &dir.join(&name), &name, known)? {
            files.push(name);
            digests.push(d);
        }
    }
    let _ = std::fs::remove_dir_all(dir.join("parts"));
    table.write_replications(&dir.join("replications.csv"))?;
    table.write_summary(&dir.join("summary.csv"))?;
    files.push("replications.csv".into());
    files.push("summary.csv".into());
    if table.point_names.len() > 1 {
        super::compare::write(&dir.join("comparisons.csv"), table, baseline)?;
        files.push("comparisons.csv".into());
    }
    if let Some(bands) = bands {
        bands.write_csv(
            &dir.join("hourly_bands.csv"),
            &table.point_names,
            &table.axes,
        )?;
        files.push("hourly_bands.csv".into());
    }
    if !table.input_names.is_empty() || !table.axes.is_empty() {
        let dimensions = crate::output::axes::dimension_levels(&table.axes);
        sensitivity::write(
            &dir.join("sensitivity.csv"),
            &sensitivity::effects(table, &dimensions),
            table,
        )?;
        files.push("sensitivity.csv".into());
    }
    Ok((files, digests))
}

fn precise_enough(table: &Table, precision: &Precision) -> Result<bool> {
    let m = table
        .metric_index(&precision.scope, &precision.metric)
        .ok_or_else(|| {
            Error::Usage(format!(
                "--precision: no metric {}.{} in this scenario",
                precision.scope, precision.metric
            ))
        })?;
    Ok((0..table.point_names.len()).all(|p| {
        let values: Vec<f64> = table
            .rows
            .iter()
            .filter(|r| r.point == p)
            .map(|r| r.metrics[m])
            .collect();
        match super::Statistics::of(&values) {
            Some(s) => match s.ci95 {
                Some((lo, hi)) => (hi - lo) / 2.0 <= precision.relative_half_width * s.mean.abs(),
                None => false,
            },
            None => false,
        }
    }))
}

/// Runs a template into `folder` and commits it.
/// `on_replication` is called as each replication ends; `on_sim_time`, if given, with the
/// simulated time reached inside each replication (about once per simulated day), which
/// is useful for a single long replication.
pub fn run(
    template: &ScenarioTemplate,
    plan: &Plan,
    folder: RunFolder,
    on_replication: &(dyn Fn() + Sync),
    on_sim_time: Option<&(dyn Fn(SimTime) + Sync)>,
) -> Result<Outcome> {
    let started = std::time::Instant::now();
    if plan.shard.is_some() && plan.precision.is_some() {
        return Err(Error::Usage("--precision needs every replication in one process: it cannot be combined with --shard".into()));
    }
    let (first, _) = template.instantiate(0, 0)?;
    std::fs::create_dir_all(folder.file("parts")).map_err(|source| Error::Output {
        path: folder.file("parts"),
        source,
    })?;
    let points = template.points();
    let site_names: Vec<String> = first.sites.iter().map(|s| s.name.clone()).collect();
    // Control variates for the comparisons: with two or more points and synthetic
    // arrivals in a window (`super::control`).
    let control_sites =
        if points > 1 && super::control::expected_offered_gpu_hours(&first).is_some() {
            site_names.clone()
        } else {
            Vec::new()
        };
    let owned = check_plan(
        plan,
        points,
        template.uncertain.len() + 2 * control_sites.len(),
        crate::metrics::metric_names(&site_names).len(),
    )?;
    // No more threads than pairs: they could not be used, and results do not depend on it.
    let threads = plan
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(usize::try_from(owned).unwrap_or(usize::MAX))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let mut table = Table {
        point_names: (0..points).map(|p| template.point_name(p)).collect(),
        axes: crate::output::axes::of_template(template),
        input_names: template
            .uncertain
            .iter()
            .map(|u| u.path.to_string())
            .collect(),
        control_sites,
        metric_names: crate::metrics::metric_names(&site_names),
        rows: Vec::new(),
    };
    // Bands need at least two replications and the hourly series (`output.hourly_csv`).
    let bands = (plan.replications > 1 && first.output.hourly_csv).then(|| {
        Mutex::new(Bands::new(
            points,
            first.sites.iter().map(|s| s.name.clone()).collect(),
        ))
    });
    let batch = if plan.precision.is_some() {
        PRECISION_BATCH
    } else {
        plan.replications
    };
    let with_controls = !table.control_sites.is_empty();
    let mut events = 0;
    let mut digests = Vec::new();
    let mut warnings = first.warnings.clone();
    let mut done = 0;
    while done < plan.replications {
        let upto = (done + batch).min(plan.replications);
        // Generated lazily, a chunk at a time: memory does not grow with --reps.
        let mut pairs = (0..points)
            .flat_map(|p| (done..upto).map(move |r| (p, r)))
            .filter(|&(p, r)| {
                plan.shard
                    .is_none_or(|s| s.owns(p as u64 * plan.replications + r))
            });
        let mut chunk: Vec<(usize, u64)> = Vec::with_capacity(PAIRS_PER_CHUNK);
        loop {
            chunk.clear();
            chunk.extend(pairs.by_ref().take(PAIRS_PER_CHUNK));
            if chunk.is_empty() {
                break;
            }
            let results: Vec<Result<PairResult>> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|&(p, r)| {
                        let out = run_pair(
                            template,
                            p,
                            r,
                            &folder,
                            plan,
                            bands.as_ref(),
                            on_sim_time,
                            with_controls,
                        );
                        on_replication();
                        out
                    })
                    .collect()
            });
            for result in results {
                let pair = result?;
                if table.metric_names != pair.names {
                    return Err(Error::Usage(format!(
                        "point '{}' reports other metrics than the first point (sweeps must not change site names)",
                        table.point_names[pair.row.point]
                    )));
                }
                events += pair.events;
                warnings.extend(pair.warnings);
                digests.extend(pair.digests);
                table.rows.push(pair.row);
            }
        }
        done = upto;
        if let Some(precision) = &plan.precision
            && done >= 2
            && precise_enough(&table, precision)?
        {
            break;
        }
    }
    table.rows.sort_by_key(|r| (r.point, r.replication));
    warnings.dedup();

    let mut manifest = Manifest::for_scenario(&first, &plan.command);
    manifest.scenario_sha256 = template.sha256.clone();
    manifest.replications = plan.replications;
    manifest.replications_run = done;
    manifest.points = table.point_names.clone();
    manifest.inputs = table.input_names.clone();
    manifest.axes = table.axes.clone();
    manifest.baseline = template.baseline;
    manifest.overrides = template.overrides().to_vec();
    manifest.shard = plan.shard.map(|s| format!("{}/{}", s.index, s.count));
    manifest.precision = plan
        .precision
        .as_ref()
        .map(|p| format!("{}.{}={}", p.scope, p.metric, p.relative_half_width));
    manifest.threads = threads;
    manifest.events = events;
    manifest.warnings = warnings.clone();
    let dir = folder.path().to_path_buf();
    let bands = bands.map(|b| {
        b.into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    });
    let (mut files, known) = if plan.shard.is_some() {
        table.write_replications(&folder.file("replications.csv"))?;
        if let Some(bands) = &bands {
            bands.write_part(&folder.file(BANDS_PART))?;
        }
        let mut f: Vec<String> = ["jobs", "hourly"]
            .iter()
            .flat_map(|k| part_files(&dir, k))
            .filter_map(|p| p.strip_prefix(&dir).ok().map(|x| x.display().to_string()))
            .collect();
        f.push("replications.csv".into());
        if bands.is_some() {
            f.push(BANDS_PART.into());
        }
        (f, digests)
    } else {
        write_whole_run(&dir, template.baseline, &table, bands.as_ref(), &digests)?
    };
    files.push("manifest.json".into());
    let wall_time_s = started.elapsed().as_secs_f64();
    manifest.wall_time_s = wall_time_s;
    manifest.files = files.clone();
    manifest.record_files(&dir, &files, &known)?;
    manifest.input_digests = template.data_digests();
    manifest.write(&folder.file("manifest.json"))?;
    let folder = folder.commit()?;
    Ok(Outcome {
        folder,
        table,
        files,
        wall_time_s,
        events,
        replications_run: done,
        warnings,
        baseline: template.baseline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_pairs() {
        let shards: Vec<Shard> = (1..=3).map(|i| Shard { index: i, count: 3 }).collect();
        for pair in 0..100u64 {
            assert_eq!(shards.iter().filter(|s| s.owns(pair)).count(), 1);
        }
        assert!(Shard::parse("0/3").is_err());
        assert!(Shard::parse("4/3").is_err());
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { index: 2, count: 3 });
    }

    #[test]
    fn precision_parses() {
        let p = Precision::parse("co2_total_kg=0.01").unwrap();
        assert_eq!(
            (p.scope.as_str(), p.metric.as_str()),
            ("total", "co2_total_kg")
        );
        assert!(Precision::parse("nope=0.1").is_err());
        assert!(Precision::parse("co2_total_kg=2").is_err());
    }
}
