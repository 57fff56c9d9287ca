//! Running a scenario: one replication, start to end of window.

use crate::engine::rng::replication_seed;
use crate::engine::{SimTime, Simulation};
use crate::error::Result;
use crate::results::{JobSink, ReplicationResult};
use crate::scenario::Scenario;
use crate::scheduler::Reservation;
use crate::world::World;

/// Simulated seconds between progress callbacks.
const PROGRESS_STEP_S: SimTime = 86_400;

/// Options of one replication run.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Called with the simulated time reached, about once per simulated day.
    pub progress: Option<&'a mut dyn FnMut(SimTime)>,
    /// Record EASY reservations (for audits and tests).
    pub audit: bool,
}

/// What an audited run also returns.
#[derive(Debug, Default)]
pub struct Audit {
    /// Reservations per site.
    pub reservations: Vec<Vec<Reservation>>,
}

/// Runs replication `replication` of sweep point `point` of `scenario`, sending every
/// job's record to `sink` as it ends.
pub fn run_replication<S: JobSink>(
    scenario: &Scenario,
    point: u64,
    replication: u64,
    sink: S,
) -> Result<(ReplicationResult, S)> {
    let (result, sink, _) = run_replication_with(scenario, point, replication, sink, RunOptions::default())?;
    Ok((result, sink))
}

/// [`run_replication`] with progress reporting and auditing.
pub fn run_replication_with<S: JobSink>(
    scenario: &Scenario,
    point: u64,
    replication: u64,
    sink: S,
    mut options: RunOptions<'_>,
) -> Result<(ReplicationResult, S, Audit)> {
    let seed = replication_seed(scenario.seed, point, replication);
    let window = scenario.duration_s;
    let world = World::new(scenario, seed, window.unwrap_or(SimTime::MAX), sink, options.audit);
    let mut sim = Simulation::new(world);
    if let Some((time, rank, kind)) = sim.model.first_arrival() {
        sim.schedule_at(time, rank, kind);
    }
    let stop = match window {
        Some(h) if !scenario.drain => h - 1,
        _ => SimTime::MAX,
    };
    let mut reached = 0;
    while reached < stop {
        reached = reached.saturating_add(PROGRESS_STEP_S).min(stop);
        sim.run_until(reached);
        if let Some(progress) = options.progress.as_deref_mut() {
            progress(reached);
        }
        if sim.pending() == 0 {
            break;
        }
    }
    let end = match window {
        Some(h) if !scenario.drain => h,
        Some(h) => h.max(sim.now()),
        None => sim.now().max(1),
    };
    let events = sim.events_handled();
    let audit = Audit { reservations: sim.model.reservations() };
    let (result, sink) = sim.model.finish_window(end, events);
    Ok((result, sink, audit))
}

/// What [`run_to_folder`] produced.
#[derive(Debug)]
pub struct FolderRun {
    /// The committed run folder.
    pub folder: std::path::PathBuf,
    /// The replication's results.
    pub result: ReplicationResult,
    /// Its headline metrics.
    pub metrics: Vec<crate::metrics::Metric>,
    /// Files written, by name.
    pub files: Vec<String>,
    /// Wall time, s.
    pub wall_time_s: f64,
}

/// Runs `scenario` once and writes `jobs.csv` (unless disabled), `hourly.csv`,
/// `replications.csv`, `summary.csv` and `manifest.json` into `folder`, which appears only
/// when complete.
pub fn run_to_folder(
    scenario: &Scenario,
    folder: crate::output::RunFolder,
    progress: Option<&mut dyn FnMut(SimTime)>,
) -> Result<FolderRun> {
    use crate::output::{manifest::Manifest, tables};
    let started = std::time::Instant::now();
    let point = "base";
    let mut manifest = Manifest::for_scenario(scenario);
    let mut files = Vec::new();
    let options = RunOptions { progress, audit: false };
    let (result, _) = if scenario.output.jobs_csv {
        let path = folder.file("jobs.csv");
        let sink = tables::JobsCsv::create(&path, scenario, point, 0)?;
        let (result, sink, audit) = run_replication_with(scenario, 0, 0, sink, options)?;
        sink.finish(result.window_s)?;
        files.push("jobs.csv".to_string());
        (result, audit)
    } else {
        let (result, _, audit) = run_replication_with(scenario, 0, 0, crate::results::NoJobs, options)?;
        (result, audit)
    };
    if scenario.output.hourly_csv {
        tables::write_hourly(&folder.file("hourly.csv"), scenario, point, 0, &result)?;
        files.push("hourly.csv".to_string());
    }
    let metrics = crate::metrics::metrics(&result);
    let seed = replication_seed(scenario.seed, 0, 0);
    let reps = [(0u64, seed, metrics.clone())];
    let points = [tables::PointMetrics { point, replications: &reps }];
    tables::write_replications(&folder.file("replications.csv"), &points)?;
    tables::write_summary(&folder.file("summary.csv"), &points)?;
    files.push("replications.csv".to_string());
    files.push("summary.csv".to_string());
    files.push("manifest.json".to_string());
    let wall_time_s = started.elapsed().as_secs_f64();
    manifest.wall_time_s = wall_time_s;
    manifest.events = result.events;
    manifest.files = files.clone();
    manifest.write(&folder.file("manifest.json"))?;
    let folder = folder.commit()?;
    Ok(FolderRun { folder, result, metrics, files, wall_time_s })
}
