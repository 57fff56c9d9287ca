//! Running a scenario: one replication, start to end of window.

use crate::budget::{Limits, exceeded};
use crate::engine::rng::replication_seed;
use crate::engine::{SimTime, Simulation};
use crate::error::Result;
use crate::results::{HourSink, JobSink, ReplicationResult};
use crate::scenario::Scenario;
use crate::scheduler::Reservation;
use crate::world::{Setup, World};

/// Simulated seconds between progress callbacks.
const PROGRESS_STEP_S: SimTime = crate::time::SECONDS_PER_DAY;
/// Simulated seconds between budget checks (a divisor of [`PROGRESS_STEP_S`]).
const BUDGET_STEP_S: SimTime = crate::time::SECONDS_PER_HOUR;

/// Options of one replication run.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Called with the simulated time reached, about once per simulated day.
    pub progress: Option<&'a mut dyn FnMut(SimTime)>,
    /// Record EASY reservations (for audits and tests).
    pub audit: bool,
    /// Horizon, event and job budgets: a run that meets one stops with an error naming it.
    pub limits: Limits,
    /// Do not keep hourly rows (no hourly table will be written): the totals are the
    /// same and memory stays flat in simulated time, but `SiteTotals::hours` is empty.
    pub fold_hours: bool,
    /// Stream each complete hourly row to this sink instead of keeping it (implies folding):
    /// `SiteTotals::hours` then holds only the rows after the last one streamed.
    pub hour_sink: Option<&'a mut dyn HourSink>,
}

/// What an audited run also returns.
#[derive(Debug, Default)]
pub struct Audit {
    /// Reservations per site.
    pub reservations: Vec<Vec<Reservation>>,
}

/// Runs replication `replication` of `scenario`, sending every job's record to `sink` as
/// it ends. The sweep point plays no part: replication `r` of every point of a sweep
/// draws the same random numbers (see [`crate::engine::rng`]).
pub fn run_replication<S: JobSink>(
    scenario: &Scenario,
    replication: u64,
    sink: S,
) -> Result<(ReplicationResult, S)> {
    let (result, sink, _) =
        run_replication_with(scenario, replication, sink, RunOptions::default())?;
    Ok((result, sink))
}

/// [`run_replication`] with progress reporting and auditing.
pub fn run_replication_with<S: JobSink>(
    scenario: &Scenario,
    replication: u64,
    sink: S,
    mut options: RunOptions<'_>,
) -> Result<(ReplicationResult, S, Audit)> {
    let seed = replication_seed(scenario.seed, replication);
    let window = scenario.duration_s;
    let setup = Setup {
        start_unix: scenario.start_unix,
        policy: scenario.policy,
        operations: &scenario.operations,
        sites: &scenario.sites,
        workload: &scenario.workload,
    };
    let world = World::new(
        setup,
        seed,
        window.unwrap_or(SimTime::MAX),
        sink,
        options.audit,
    );
    let mut sim = Simulation::new(world);
    if options.fold_hours {
        sim.model.fold_hours();
    }
    if options.hour_sink.is_some() {
        sim.model.spool_hours();
    }
    for (time, rank, kind) in sim.model.initial_events() {
        sim.schedule_at(time, rank, kind);
    }
    let stop = match window {
        Some(h) if !scenario.drain => h - 1,
        _ => SimTime::MAX,
    };
    let mut reached = 0;
    let limits = options.limits;
    while reached < stop {
        reached = reached.saturating_add(BUDGET_STEP_S).min(stop);
        sim.run_until(reached);
        if let Some(hours) = options.hour_sink.as_deref_mut() {
            // Every event up to `reached` is handled; sites are brought up to it only at an
            // hour boundary (the last step, `stop`, may end inside an hour) that the accounted
            // window is sure to reach (it ends at the window's end or, draining, later; a run
            // without a window ends at its last event, not known yet).
            let through = (reached % crate::time::SECONDS_PER_HOUR == 0
                && window.is_some_and(|h| reached <= h))
            .then_some(reached);
            sim.model.take_spilled_hours(through, hours);
        }
        if (reached % PROGRESS_STEP_S == 0 || reached == stop)
            && let Some(progress) = options.progress.as_deref_mut()
        {
            progress(reached);
        }
        if sim.pending() == 0 {
            break;
        }
        // Budgets, checked once per simulated hour: a run that meets one stops here.
        if sim.events_handled() > limits.max_events {
            return Err(exceeded(
                scenario,
                format!(
                    "{} engine events handled by hour {}, above the budget of {} per replication (raise it with --max-events)",
                    sim.events_handled(),
                    reached / crate::time::SECONDS_PER_HOUR,
                    limits.max_events
                ),
            ));
        }
        if sim.model.live_jobs() as u64 > limits.max_jobs {
            return Err(exceeded(
                scenario,
                format!(
                    "{} jobs in the system (waiting or running) at hour {}, above the budget of {} (raise it with --max-jobs); the arrival rate is likely far above the sites' capacity",
                    sim.model.live_jobs(),
                    reached / crate::time::SECONDS_PER_HOUR,
                    limits.max_jobs
                ),
            ));
        }
        if reached >= limits.horizon_s {
            return Err(exceeded(
                scenario,
                format!(
                    "{} job(s) still unfinished at the horizon of {} years (raise it with --max-years); a job that restarts from zero after each failure, or a severe power cap, never ends",
                    sim.model.live_jobs(),
                    limits.horizon_s / crate::time::days(365)
                ),
            ));
        }
    }
    let end = match window {
        Some(h) if !scenario.drain => h,
        Some(h) => h.max(sim.now()),
        None => sim.now().max(1),
    };
    if let Some(hours) = options.hour_sink.as_deref_mut() {
        sim.model.take_spilled_hours(None, hours);
    }
    let events = sim.events_handled();
    let audit = Audit {
        reservations: sim.model.reservations(),
    };
    let (result, sink) = sim.model.finish_window(end, events);
    Ok((result, sink, audit))
}
