//! `footprint run` of a scenario with a `[projection]`, and `footprint merge` of its shards.

use super::exit::Failure;
use super::progress::{Progress, Unit};
use footprint::Error;
use footprint::montecarlo::runner::Shard;
use footprint::output::RunFolder;
use footprint::output::manifest::Manifest;
use footprint::projection::{self, ProjectionRun, output};
use footprint::scenario::template::ScenarioTemplate;
use std::path::PathBuf;

/// The options of `run` that a projection uses.
pub struct Options {
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--reps`.
    pub reps: u64,
    /// `--threads`.
    pub threads: Option<usize>,
    /// `--shard`.
    pub shard: Option<Shard>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--progress-every`.
    pub progress_every: std::time::Duration,
    /// The command line, for the manifest.
    pub command: Vec<String>,
}

/// Years printed in the summary: the first, every fifth and the last.
fn shown_years(years: &[i32]) -> Vec<i32> {
    years
        .iter()
        .copied()
        .filter(|&y| y == years[0] || y == years[years.len() - 1] || y % 5 == 0)
        .collect()
}

fn print_summary(run: &ProjectionRun, folder: &std::path::Path, wall_s: f64) {
    let cell = |year: i32, metric: &str, scale: f64| -> String {
        match output::statistics(run, year, metric) {
            Some(s) => format!(
                "{:.3} [{:.3}, {:.3}]",
                s.p50 * scale,
                s.p5 * scale,
                s.p95 * scale
            ),
            None => "–".into(),
        }
    };
    println!(
        "footprint projection: {} replication(s), {}–{}; median [90% interval]:",
        run.replications.len(),
        run.years.first().copied().unwrap_or(0),
        run.years.last().copied().unwrap_or(0)
    );
    for year in shown_years(&run.years) {
        println!(
            "  {year}: {} TWh; {} MtCO2e; {} GL water; {} t Sb-eq; largest run {} M$",
            cell(year, "energy_twh", 1.0),
            cell(year, "co2_total_mt", 1.0),
            cell(year, "water_total_gl", 1.0),
            cell(year, "adp_t_sb_eq", 1.0),
            cell(year, "largest_run_cost_usd", 1e-6),
        );
        if let Some(caps) = output::binding_caps(run, year) {
            println!("        caps binding (share of replications): {caps}");
        }
    }
    println!("  wrote {} in {wall_s:.1} s", folder.display());
}

/// Checks, runs and writes a projection; nothing is created before the checks pass.
pub fn run(template: &ScenarioTemplate, options: Options) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let years = projection::check(template)?;
    let (first, _) = template.instantiate(0, 0)?;
    let folder = match options.out {
        Some(dir) => RunFolder::create(dir)?,
        None => RunFolder::create_timestamped(&PathBuf::from("results"), &first.name)?,
    };
    let owned = footprint::montecarlo::runner::owned_pairs(options.reps, options.shard);
    let progress = Progress::start(
        owned,
        Unit::Replications,
        options.quiet,
        options.progress_every,
    );
    let tick = || progress.replication_done();
    let result = projection::run(
        template,
        options.reps,
        options.shard,
        options.threads,
        &tick,
    );
    progress.finish(result.is_ok());
    let run = result?;
    let files = output::write_all(folder.path(), &run)?;
    let mut manifest = Manifest::for_scenario(&first, &options.command);
    manifest.replications = options.reps;
    manifest.replications_run = options.reps;
    manifest.inputs = run.inputs.clone();
    manifest.overrides = template.overrides().to_vec();
    manifest.shard = options.shard.map(|s| format!("{}/{}", s.index, s.count));
    manifest.threads = options.threads.unwrap_or_else(rayon::current_num_threads);
    manifest.events = run.events;
    manifest.wall_time_s = started.elapsed().as_secs_f64();
    let mut all = files.clone();
    all.push("manifest.json".into());
    manifest.files = all;
    manifest.record_files(folder.path(), &files, &[])?;
    manifest.write(&folder.file("manifest.json"))?;
    let path = folder.commit()?;
    if options.quiet {
        println!("{}", path.display());
    } else {
        let _ = years;
        print_summary(&run, &path, started.elapsed().as_secs_f64());
    }
    Ok(())
}

/// `footprint merge` of projection shards: the files one process would have written.
pub fn merge(shards: &[PathBuf], out: PathBuf, command: &[String]) -> Result<(), Failure> {
    let manifests: Vec<Manifest> = shards
        .iter()
        .map(|d| Manifest::read(&d.join("manifest.json")))
        .collect::<Result<_, Error>>()?;
    let first = &manifests[0];
    for (dir, m) in shards.iter().zip(&manifests) {
        if m.scenario_sha256 != first.scenario_sha256 || m.replications != first.replications {
            return Err(Error::Usage(format!(
                "{} is a shard of another projection (scenario or replications differ from {}): shards of different runs cannot be merged",
                dir.display(),
                shards[0].display()
            ))
            .into());
        }
        if m.shard.is_none() {
            return Err(Error::Usage(format!(
                "{}: not a shard (run with --shard i/n); nothing to merge",
                dir.display()
            ))
            .into());
        }
    }
    let run = output::read_shards(shards)?;
    if run.replications.len() as u64 != first.replications {
        return Err(Error::Usage(format!(
            "the shards hold {} of {} replications: give every shard",
            run.replications.len(),
            first.replications
        ))
        .into());
    }
    let folder = RunFolder::create(out)?;
    let files = output::write_all(folder.path(), &run)?;
    let events = manifests.iter().map(|m| m.events).sum();
    let mut manifest = manifests
        .into_iter()
        .next()
        .ok_or_else(|| Error::Usage("merge needs at least one shard folder".into()))?;
    manifest.shard = None;
    manifest.command = command.to_vec();
    manifest.events = events;
    let mut all = files.clone();
    all.push("manifest.json".into());
    manifest.files = all;
    manifest.record_files(folder.path(), &files, &[])?;
    manifest.write(&folder.file("manifest.json"))?;
    let path = folder.commit()?;
    println!(
        "merged {} projection shard(s): {} replication(s) into {}",
        shards.len(),
        run.replications.len(),
        path.display()
    );
    Ok(())
}
