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
    let (result, sink, _) =
        run_replication_with(scenario, point, replication, sink, RunOptions::default())?;
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
    let world = World::new(
        scenario,
        seed,
        window.unwrap_or(SimTime::MAX),
        sink,
        options.audit,
    );
    let mut sim = Simulation::new(world);
    for (time, rank, kind) in sim.model.initial_events() {
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
    let audit = Audit {
        reservations: sim.model.reservations(),
    };
    let (result, sink) = sim.model.finish_window(end, events);
    Ok((result, sink, audit))
}
