//! The datacenter model driven by the engine: jobs arrive, are placed in time and space,
//! policies start them on clusters, they compute, checkpoint, fail and restart, and the
//! ledger charges every phase.
//!
//! All power is kept in integer milliwatts, so that site power (from node states), idle
//! power (from free capacity) and the sum of job powers agree exactly at every instant;
//! energy conservation then only depends on the bookkeeping, which the tests check.

#[cfg(test)]
mod failure_clock_tests;
mod job;
mod part_load;
mod phases;
mod placement;
mod site_state;
mod spatial;
mod totals;

use crate::accounting::embodied::amortised;
use crate::engine::rng::{StreamId, site_forecast_seed, stream_rng};
use crate::engine::{Event, Model, Scheduler, SimTime};
use crate::results::{HourSink, JobOps, JobRecord, JobSink, JobStatus, ReplicationResult};
use crate::scheduler::temporal::ObjectiveScale;
use crate::scheduler::{Operations, PolicyKind, Reservation, Started};
use crate::site::SiteConfig;
use crate::time::{SECONDS_PER_DAY, SECONDS_PER_HOUR, UnixSeconds, to_hours};
use crate::workload::{JobSpec, JobStream, WorkloadConfig};
use job::{Job, Phase, SlotState};
use site_state::{PowerTable, SiteAggregates, SiteState, to_milliwatts};
use totals::site_totals;

/// Event kinds, in rank order at equal times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The current phase of a running job ends (rank 0: frees capacity first).
    Phase {
        /// Job slot.
        slot: u32,
        /// Phase generation it was scheduled with.
        generation: u32,
    },
    /// A running job's accelerators fail (rank 0).
    Failure {
        /// Job slot.
        slot: u32,
        /// Failure generation it was scheduled with.
        generation: u32,
    },
    /// The next job of the stream is submitted (rank 1).
    Arrival,
    /// A held job enters its site's queue (rank 1).
    Release {
        /// Job slot.
        slot: u32,
    },
    /// An interruptible job reaches the end of a planned window (rank 1).
    Pause {
        /// Job slot.
        slot: u32,
        /// Pause generation it was scheduled with.
        generation: u32,
    },
    /// A site's power cap may switch on or off (rank 1, at hour boundaries).
    CapCheck {
        /// Site index.
        site: u16,
    },
    /// A site's policy gets to start jobs (rank 2: after everything else of that second).
    Pass {
        /// Site index.
        site: u16,
    },
}

const RANK_FIRST: u8 = 0;
const RANK_ARRIVAL: u8 = 1;
const RANK_PASS: u8 = 2;
/// Work below this (seconds) counts as done: guards against float residue.
const EPS_S: f64 = 1e-6;

/// What a world is built from: the model inputs of a resolved scenario, borrowed.
#[derive(Clone, Copy)]
pub struct Setup<'a> {
    /// UTC start instant of the window.
    pub start_unix: UnixSeconds,
    /// Queueing policy of every site.
    pub policy: PolicyKind,
    /// Operations layered on it.
    pub operations: &'a Operations,
    /// Sites, in scenario order.
    pub sites: &'a [SiteConfig],
    /// Jobs.
    pub workload: &'a WorkloadConfig,
}

/// The model: sites, the job stream, jobs in flight.
pub struct World<'a, S: JobSink> {
    sites: Vec<SiteState>,
    stream: JobStream<'a>,
    next_job: Option<JobSpec>,
    jobs: Vec<Job>,
    free_slots: Vec<u32>,
    live_jobs: usize,
    started_buffer: Vec<Started>,
    /// Passes requested while handling the current event, with their places in the event
    /// order; handled in place or scheduled when the event is done (`run_due_passes`).
    due_passes: Vec<(u16, crate::engine::Reservation)>,
    sink: S,
    audit: bool,
    ops: Operations,
    replication_seed: u64,
    window_end_s: SimTime,
    /// The window's start instant (a whole UTC hour), for clock-time schedules.
    start_unix: UnixSeconds,
    /// Some site has part-load PUE, whose job records may wait for an hour to close
    /// (`flush_settled` has nothing to do otherwise).
    part_load_sites: bool,
}

impl<'a, S: JobSink> World<'a, S> {
    /// Jobs in the system (waiting or running), for the run's job budget.
    pub fn live_jobs(&self) -> usize {
        self.live_jobs
    }

    /// A world for one replication of `setup`; `audit` checks invariants after every
    /// event and makes EASY record reservations.
    pub fn new(
        setup: Setup<'a>,
        replication_seed: u64,
        window_end_s: SimTime,
        sink: S,
        audit: bool,
    ) -> Self {
        let ops = setup.operations.clone();
        let objective = ops
            .temporal
            .map(|t| t.objective)
            .or(ops.spatial.map(|s| s.objective));
        let sites = setup
            .sites
            .iter()
            .enumerate()
            .map(|(i, config)| {
                let node = &config.node;
                let gpn = u64::from(node.gpus_per_node);
                let policy = setup.policy.build(&ops, audit);
                // An objective normalises by whole-window means; otherwise the hours are
                // read in order and synthetic grids and weather are generated in stretches.
                let reading = match objective {
                    Some(_) => crate::site::Reading::Whole,
                    None => crate::site::Reading::InOrder,
                };
                let series = config.series_for(setup.start_unix, replication_seed, i, reading);
                let forecast = objective.map(|objective| {
                    let scale = ObjectiveScale::of(&series);
                    let error = ops
                        .temporal
                        .map_or(crate::scheduler::temporal::ForecastError::Perfect, |t| {
                            t.forecast
                        });
                    let site_seed = site_forecast_seed(replication_seed, i);
                    let rng = stream_rng(site_seed, StreamId::Forecast);
                    crate::scheduler::temporal::Forecast::new(
                        objective,
                        error,
                        scale,
                        rng,
                        site_seed,
                        (setup.start_unix.rem_euclid(SECONDS_PER_DAY as i64)
                            / SECONDS_PER_HOUR as i64) as u64,
                    )
                });
                SiteState {
                    // Spatial shifting estimates start times at busy sites from the
                    // free-time index, so it keeps one under FIFO too.
                    cluster: if ops.spatial.is_some() {
                        crate::scheduler::Cluster::with_free_times(config.nodes, node.gpus_per_node)
                    } else {
                        setup.policy.cluster(config.nodes, node.gpus_per_node)
                    },
                    policy,
                    intensity: crate::accounting::SiteIntensity::new(series, setup.start_unix),
                    forecast,
                    power: PowerTable {
                        gpu_idle_milliwatts: to_milliwatts(node.accelerator.power.idle_w),
                        host_idle_node_milliwatts: to_milliwatts(node.host_idle_w),
                        host_busy_slot_milliwatts: (to_milliwatts(node.host_busy_w) + gpn / 2)
                            / gpn,
                        always_on_milliwatts: to_milliwatts(config.always_on_power_w),
                    },
                    active_gpu_milliwatts: 0,
                    active_gpus: 0,
                    cap_active: false,
                    last_advance_s: 0,
                    hours: std::collections::VecDeque::new(),
                    hours_base: 0,
                    fold_hours: false,
                    spilled: None,
                    matching: Default::default(),
                    matched_through: 0,
                    folded: site_state::FoldedHours {
                        peak: crate::accounting::peak::PeakPower::new(
                            config.grid_connection_limit_kw,
                        ),
                        ..Default::default()
                    },
                    agg: SiteAggregates::default(),
                    pass_pending: false,
                    pass_reserved: None,
                    booked: Vec::new(),
                    part_load: config.part_load.clone().map(part_load::PartLoadState::new),
                    compute_w_memo: None,
                    config: config.clone(),
                }
            })
            .collect::<Vec<SiteState>>();
        let part_load_sites = sites.iter().any(|s| s.part_load.is_some());
        let stream = JobStream::new(setup.workload, replication_seed, window_end_s);
        World {
            sites,
            stream,
            next_job: None,
            jobs: Vec::new(),
            free_slots: Vec::new(),
            live_jobs: 0,
            started_buffer: Vec::new(),
            due_passes: Vec::new(),
            sink,
            audit,
            ops,
            replication_seed,
            window_end_s,
            start_unix: setup.start_unix,
            part_load_sites,
        }
    }

    /// The events to schedule before running: the first arrival and the power-cap checks.
    pub fn initial_events(&mut self) -> Vec<(SimTime, u8, Kind)> {
        let mut out = Vec::new();
        self.next_job = self.stream.next();
        if let Some(job) = &self.next_job {
            out.push((job.arrival_s, RANK_ARRIVAL, Kind::Arrival));
        }
        for (i, site) in self.sites.iter().enumerate() {
            if site.config.power_cap.is_some() {
                out.push((0, RANK_ARRIVAL, Kind::CapCheck { site: i as u16 }));
            }
        }
        out
    }

    /// Folds each complete hour into the sites' totals instead of keeping its row: the
    /// totals are the same, [`crate::results::SiteTotals::hours`] is left empty, and
    /// memory no longer grows with simulated time.
    pub fn fold_hours(&mut self) {
        for site in &mut self.sites {
            site.fold_hours = true;
        }
    }

    /// Folds each complete hour as [`World::fold_hours`] does, and also hands its row to
    /// the caller ([`World::take_spilled_hours`]), which writes it out: the hourly table is
    /// then streamed and memory stays flat in simulated time. The rows not yet complete at
    /// the end are left in [`crate::results::SiteTotals::hours`].
    pub fn spool_hours(&mut self) {
        for site in &mut self.sites {
            site.fold_hours = true;
            site.spilled = Some(Vec::new());
        }
    }

    /// Hands the rows folded since the last call to `sink`, site by site, each site's in
    /// hour order (when spooling; nothing otherwise). With `through_s`, an hour boundary no
    /// later than the next event, every site without part-load PUE is first brought up to it: a site without events
    /// for months would otherwise complete all those hours at once. Energy is integrated hour
    /// by hour anyway, so stopping at an hour's end adds the same terms in the same order.
    pub fn take_spilled_hours(&mut self, through_s: Option<SimTime>, sink: &mut dyn HourSink) {
        for (i, site) in self.sites.iter_mut().enumerate() {
            if site.spilled.is_none() {
                continue;
            }
            // Not with part-load PUE: closing its hours settles job records, and settling
            // them earlier would change their order in `jobs.csv` across sites.
            if let Some(t) = through_s
                && site.part_load.is_none()
            {
                debug_assert_eq!(t % SECONDS_PER_HOUR, 0, "an hour boundary");
                site.advance(t);
            }
            if let Some(spilled) = &mut site.spilled {
                for row in spilled.drain(..) {
                    sink.hour(i, &row);
                }
            }
        }
    }

    /// Reservations recorded by EASY policies (audit mode), per site.
    pub fn reservations(&self) -> Vec<Vec<Reservation>> {
        self.sites
            .iter()
            .map(|s| s.policy.reservations().to_vec())
            .collect()
    }

    /// Schedules a pass of the site's policy at the end of this instant, unless one is
    /// pending or nobody waits.
    ///
    /// A pass that would start nothing (the policy is blocked, and the site's ledger is
    /// already integrated up to now, so the pass's `advance` would add nothing) is left
    /// out, but its place in the event order is reserved: if something frees capacity
    /// before that place is reached, it asks again and the pass is scheduled there, so
    /// every event runs in the same order, with the same effects, as with the pass.
    /// This removes the pass per arrival that FIFO would otherwise handle while its head
    /// is blocked (about a third of site-100k's events).
    pub(super) fn request_pass(&mut self, site: u16, scheduler: &mut Scheduler<Kind>) {
        let state = &mut self.sites[site as usize];
        if state.pass_pending || state.policy.queued() == 0 {
            return;
        }
        let reserved = state.pass_reserved.filter(|r| scheduler.is_ahead(*r));
        if state.last_advance_s >= scheduler.now() && state.policy.blocked(&state.cluster) {
            state.pass_reserved = Some(reserved.unwrap_or_else(|| scheduler.reserve(RANK_PASS)));
            return;
        }
        state.pass_pending = true;
        state.pass_reserved = None;
        // The pass takes its place in the event order now (the place it would have as a
        // scheduled event); whether it goes through the queue is decided once the current
        // event is done, by `run_due_passes`.
        let place = reserved.unwrap_or_else(|| scheduler.reserve(RANK_PASS));
        self.due_passes.push((site, place));
    }

    /// Handles each pass requested during the current event in place if it is the next
    /// event in the order (nothing pending comes before it), and schedules it at its
    /// reserved place otherwise: the same events in the same order either way, but most
    /// passes (one per arrival and completion under FIFO) skip a push and a pop.
    fn run_due_passes(&mut self, scheduler: &mut Scheduler<Kind>) {
        // A pass handled in place could request more; they are taken in the next round.
        while !self.due_passes.is_empty() {
            let mut due = std::mem::take(&mut self.due_passes);
            due.sort_unstable_by_key(|(_, place)| place.seq);
            for &(site, place) in &due {
                if scheduler.take_reserved_now(place) {
                    self.run_pass(site, scheduler.now(), scheduler);
                    if self.audit {
                        self.check_site(site);
                    }
                } else if !scheduler.schedule_reserved(place, Kind::Pass { site }) {
                    unreachable!("a pass requested during this event keeps its place ahead");
                }
            }
            due.clear();
            if self.due_passes.is_empty() {
                self.due_passes = due;
            }
        }
    }

    /// A pass of a site's policy: it starts what it can now.
    fn run_pass(&mut self, site_index: u16, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let site = &mut self.sites[site_index as usize];
        site.pass_pending = false;
        site.advance(now);
        let mut started = std::mem::take(&mut self.started_buffer);
        site.policy.schedule(now, &mut site.cluster, &mut started);
        for s in started.drain(..) {
            self.start(site_index, s, now, scheduler);
        }
        self.started_buffer = started;
    }

    pub(super) fn start(
        &mut self,
        site_index: u16,
        started: Started,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let slot = started.job.slot;
        let job = &mut self.jobs[slot as usize];
        let site = &mut self.sites[site_index as usize];
        job.state = SlotState::Running;
        job.allocation = started.allocation;
        job.allocated_since_s = now;
        job.expected_end_s = now + started.job.duration_s;
        job.allocated_slots = job.allocation.slots() as u32;
        job.nodes = job.allocation.nodes() as u32;
        let resuming = job.first_start_s.is_some();
        if !resuming {
            job.first_start_s = Some(now);
            job.wait_s = (now - job.spec.arrival_s) as f64;
            site.agg.started += 1;
        }
        if self.ops.temporal.is_some() {
            book_start(job, site, now);
        }
        if let Some(&(_, end)) = job.windows.first()
            && end > now
        {
            schedule_pause(job, slot, end, scheduler);
        }
        if resuming {
            self.enter_phase(slot, Phase::Restart, now, scheduler);
            // The failure clock resumes with the restart, where it stood at the pause.
            self.schedule_failure(slot, now, scheduler);
        } else {
            self.enter_phase(slot, Phase::Compute, now, scheduler);
            self.schedule_failure(slot, now, scheduler);
        }
    }

    /// Releases a running job's accelerators, charging what holding them cost.
    pub(super) fn release(&mut self, slot: u32, now: SimTime) {
        let job = &mut self.jobs[slot as usize];
        let site = &mut self.sites[job.spec.site as usize];
        site.advance(now);
        let held = (now - job.allocated_since_s) as f64;
        let slots = job.allocation.slots();
        let node = &site.config.node;
        let (gpu, server) = amortised(
            slots,
            node.gpus_per_node,
            held,
            &node.accelerator.embodied,
            &node.server_embodied,
            site.config.embodied_amortisation_hours,
        );
        job.embodied_gpu_kg += gpu.co2_kg;
        job.embodied_server_kg += server.co2_kg;
        job.embodied_adp_kg_sb_eq += gpu.adp_kg_sb_eq + server.adp_kg_sb_eq;
        job.embodied_water_l += gpu.water_l + server.water_l;
        job.hardware_cost_usd += to_hours(slots as f64 * held) * site.config.gpu_hour_cost_usd;
        job.held_gpu_s += f64::from(job.spec.gpus) * held;
        job.held_wall_s += held;
        site.cluster.release(&job.allocation, job.expected_end_s);
        job.allocation = crate::scheduler::Allocation::default();
        // Without planned windows or bookings (every job but temporally shifted ones) there
        // is nothing to book again: the bookings stay empty.
        if !(job.windows.is_empty() && job.bookings.is_empty()) {
            rebook_after_release(job, site, now);
        }
        job.state = SlotState::Held;
    }

    /// Ends a job's life at `now` and emits its record.
    pub(super) fn finish(&mut self, slot: u32, now: SimTime, status: JobStatus) {
        if self.jobs[slot as usize].state == SlotState::Running {
            self.close_phase(slot, now);
            self.release(slot, now);
        }
        let job = &mut self.jobs[slot as usize];
        if status == JobStatus::Completed {
            job.useful_compute_wall_s += job.compute_wall_since_checkpoint_s;
            job.compute_wall_since_checkpoint_s = 0.0;
        }
        let started_ever = job.first_start_s.is_some();
        if !started_ever {
            job.wait_s = now.saturating_sub(job.spec.arrival_s) as f64;
        }
        let site = &mut self.sites[job.spec.site as usize];
        let spec = job.spec;
        let gpus = f64::from(spec.gpus);
        // Completed after the deadline, or still unfinished at the end of the window past it.
        let deadline_missed = spec.flex.deadline_at_s.is_some_and(|d| now > d);
        let a = &mut site.agg;
        // One term per lane of `site_state::job_lane`, in that order.
        a.per_job.add([
            job.embodied_gpu_kg + job.embodied_server_kg,
            job.embodied_adp_kg_sb_eq,
            job.embodied_water_l,
            job.hardware_cost_usd,
            to_hours(job.held_gpu_s),
            to_hours(gpus * job.useful_compute_wall_s),
            job.useful_compute_wall_s,
            job.held_wall_s,
        ]);
        // Nothing is lost before a first interruption; adding those +0.0 terms would leave
        // the (finite) totals' values unchanged (`accounting::sum` tests), so they are
        // skipped.
        if job.interruptions > 0 {
            a.lost_gpu_hours.add(to_hours(job.lost_gpu_s));
            a.lost.add(&job.lost());
        }
        a.interruptions += u64::from(job.interruptions);
        a.checkpoints += u64::from(job.checkpoints);
        a.pauses += u64::from(job.pauses);
        if started_ever {
            a.wait_sum_s.add(job.wait_s);
            a.wait_max_s = a.wait_max_s.max(job.wait_s);
            a.waits.add(job.wait_s);
        }
        if spec.flex.deadline_at_s.is_some() {
            a.deadline_jobs += 1;
            a.deadline_misses += u64::from(deadline_missed);
        }
        if status == JobStatus::Completed {
            a.completed += 1;
            a.makespan_s = a.makespan_s.max(now);
            let run = (now - job.first_start_s.unwrap_or(now)) as f64;
            a.slowdown_sum
                .add(((job.wait_s + run) / run.max(10.0)).max(1.0));
        } else if started_ever {
            a.cut_off += 1;
        } else {
            a.never_started += 1;
        }
        let record = JobRecord {
            id: spec.id,
            label: spec.label,
            site: spec.site,
            gpus: spec.gpus,
            allocated_gpus: job.allocated_slots,
            nodes: job.nodes,
            arrival_s: spec.arrival_s,
            duration_s: spec.duration_s,
            gpu_utilization: spec.gpu_utilization,
            start_s: job.first_start_s,
            end_s: started_ever.then_some(now),
            status: if started_ever {
                status
            } else {
                JobStatus::Queued
            },
            gpu_hours: to_hours(job.held_gpu_s),
            charges: job.charges,
            co2_embodied_gpu_kg: job.embodied_gpu_kg,
            co2_embodied_server_kg: job.embodied_server_kg,
            adp_kg_sb_eq: job.embodied_adp_kg_sb_eq,
            water_embodied_l: job.embodied_water_l,
            hardware_cost_usd: job.hardware_cost_usd,
            ops: JobOps {
                wait_s: job.wait_s,
                interruptions: job.interruptions,
                checkpoints: job.checkpoints,
                pauses: job.pauses,
                lost_gpu_hours: to_hours(job.lost_gpu_s),
                lost: job.lost(),
                useful_gpu_hours: to_hours(gpus * job.useful_compute_wall_s),
                effective_training_fraction: if job.held_wall_s > 0.0 {
                    job.useful_compute_wall_s / job.held_wall_s
                } else {
                    0.0
                },
                deadline_at_s: spec.flex.deadline_at_s,
                deadline_missed,
                work_done_s: spec.duration_s as f64 - job.remaining_work_s,
            },
        };
        job.state = SlotState::Free;
        job.phase_generation = job.phase_generation.wrapping_add(1);
        job.failure_generation = job.failure_generation.wrapping_add(1);
        job.pause_generation = job.pause_generation.wrapping_add(1);
        let anchor = std::mem::take(&mut job.anchor);
        self.free_slots.push(slot);
        self.live_jobs -= 1;
        match &mut site.part_load {
            // Its share of the open hour's part-load surcharge is known when the hour closes.
            Some(p) => part_load_finish(p, record, anchor, &mut self.sink),
            None => self.sink.record(&record),
        }
    }

    /// A new job slot for `spec`: only while the number of jobs in the system reaches a new
    /// high, so out of line.
    #[cold]
    #[inline(never)]
    fn new_slot(&mut self, spec: JobSpec) -> u32 {
        self.jobs.push(Job::new(spec));
        (self.jobs.len() - 1) as u32
    }

    /// Hands the records settled at hour closes to the sink, in order.
    fn flush_settled(&mut self) {
        if !self.part_load_sites {
            return;
        }
        for site in &mut self.sites {
            if let Some(p) = &mut site.part_load
                && p.settled > 0
            {
                for record in p.settled() {
                    self.sink.record(record);
                }
                p.clear_settled();
            }
        }
    }

    /// Closes the window at `end`: charges running jobs up to it, reports held and queued
    /// jobs, and returns the totals and the sink.
    pub fn finish_window(mut self, end: SimTime, events: u64) -> (ReplicationResult, S) {
        for site in &mut self.sites {
            for job in site.policy.drain() {
                self.jobs[job.slot as usize].state = SlotState::Held;
            }
        }
        let live: Vec<u32> = (0..self.jobs.len() as u32)
            .filter(|&s| self.jobs[s as usize].state != SlotState::Free)
            .collect();
        for slot in live {
            self.finish(slot, end, JobStatus::Running);
        }
        for site in &mut self.sites {
            site.advance(end);
            site.close_part_load_window(end);
        }
        self.flush_settled();
        let window_h = to_hours(end as f64);
        let sites = self
            .sites
            .into_iter()
            .map(|site| site_totals(site, end, window_h))
            .collect();
        (
            ReplicationResult {
                window_s: end,
                events,
                sites,
            },
            self.sink,
        )
    }

    /// Audit mode: the cluster's indices are consistent, no node is over-allocated, and
    /// site power equals idle power plus the running jobs' power.
    #[cold]
    #[inline(never)]
    pub(super) fn check_site(&self, site_index: u16) {
        let site = &self.sites[site_index as usize];
        site.cluster.check_invariants();
        let jobs_milliwatts: u64 = self
            .jobs
            .iter()
            .filter(|r| r.state == SlotState::Running && r.spec.site == site_index)
            .map(|r| r.power_milliwatts)
            .sum();
        assert_eq!(
            site.site_power_milliwatts(),
            site.idle_power_milliwatts() + jobs_milliwatts,
            "power bookkeeping of site {site_index}"
        );
    }
}

/// A job ending at a part-load site: its record goes out now if its last hour is settled,
/// or when that hour closes. Out of line: only sites with part-load PUE take it.
#[cold]
#[inline(never)]
fn part_load_finish<S: JobSink>(
    p: &mut part_load::PartLoadState,
    record: JobRecord,
    anchor: crate::accounting::part_load::Anchor,
    sink: &mut S,
) {
    if let Some(record) = p.finish(record, anchor) {
        sink.record(&record);
    }
}

/// Schedules the planned pause at the end of a starting job's window. Out of line: only
/// interruptible jobs planned in windows pause.
#[cold]
#[inline(never)]
fn schedule_pause(job: &mut Job, slot: u32, end: SimTime, scheduler: &mut Scheduler<Kind>) {
    job.pause_generation = job.pause_generation.wrapping_add(1);
    scheduler.schedule_at(
        end,
        RANK_ARRIVAL,
        Kind::Pause {
            slot,
            generation: job.pause_generation,
        },
    );
}

/// A released job's bookings end at `now`; its later planned windows stay booked. Out of
/// line: only temporal shifting books.
#[cold]
#[inline(never)]
fn rebook_after_release(job: &mut Job, site: &mut SiteState, now: SimTime) {
    let slots = job.allocated_slots;
    let keep: Vec<(SimTime, SimTime)> = job.windows.iter().skip(1).copied().collect();
    for (a, b) in std::mem::take(&mut job.bookings) {
        site.book(a.max(now), b, slots, false);
    }
    for &(a, b) in &keep {
        site.book(a, b, slots, true);
    }
    job.bookings = keep;
}

/// Books a starting job's hours on its site's occupancy profile (temporal shifting only):
/// its planned bookings are replaced by the run from `now` to its expected end and its
/// later windows. Out of line, as only temporal shifting books.
#[cold]
#[inline(never)]
fn book_start(job: &mut Job, site: &mut SiteState, now: SimTime) {
    let slots = job.allocated_slots;
    for (a, b) in std::mem::take(&mut job.bookings) {
        site.book(a, b, slots, false);
    }
    let mut bookings = vec![(now, job.expected_end_s)];
    bookings.extend(job.windows.iter().skip(1).copied());
    for &(a, b) in &bookings {
        site.book(a, b, slots, true);
    }
    job.bookings = bookings;
}

impl<S: JobSink> Model for World<'_, S> {
    type Kind = Kind;

    fn handle(&mut self, event: Event<Kind>, scheduler: &mut Scheduler<Kind>) {
        self.handle_event(event, scheduler);
        self.run_due_passes(scheduler);
    }
}

impl<S: JobSink> World<'_, S> {
    fn handle_event(&mut self, event: Event<Kind>, scheduler: &mut Scheduler<Kind>) {
        let now = event.time;
        let mut touched: Option<u16> = None;
        match event.kind {
            Kind::Arrival => {
                let Some(spec) = self.next_job.take() else {
                    return;
                };
                let slot = match self.free_slots.pop() {
                    Some(slot) => {
                        self.jobs[slot as usize].reuse(spec);
                        slot
                    }
                    None => self.new_slot(spec),
                };
                self.live_jobs += 1;
                self.sites[spec.site as usize].agg.submitted += 1;
                self.place(slot, now, scheduler);
                // Submission is counted at the home site; move it if the job was sent elsewhere.
                let placed = self.jobs[slot as usize].spec.site;
                if placed != spec.site {
                    self.sites[spec.site as usize].agg.submitted -= 1;
                    self.sites[placed as usize].agg.submitted += 1;
                }
                self.next_job = self.stream.next();
                if let Some(next) = &self.next_job {
                    scheduler.schedule_at(next.arrival_s, RANK_ARRIVAL, Kind::Arrival);
                }
            }
            Kind::Release { slot } => {
                if self.jobs[slot as usize].state == SlotState::Held {
                    self.submit(slot, now, scheduler);
                }
            }
            Kind::Phase { slot, generation } => {
                let job = &self.jobs[slot as usize];
                if job.state != SlotState::Running || job.phase_generation != generation {
                    return;
                }
                touched = Some(job.spec.site);
                self.on_phase_end(slot, now, scheduler);
            }
            Kind::Failure { slot, generation } => {
                let job = &self.jobs[slot as usize];
                if job.state != SlotState::Running || job.failure_generation != generation {
                    return;
                }
                touched = Some(job.spec.site);
                self.on_failure(slot, now, scheduler);
            }
            Kind::Pause { slot, generation } => {
                let job = &self.jobs[slot as usize];
                if job.state != SlotState::Running || job.pause_generation != generation {
                    return;
                }
                touched = Some(job.spec.site);
                self.on_pause(slot, now, scheduler);
            }
            Kind::CapCheck { site } => {
                touched = Some(site);
                self.on_cap_check(site, now, scheduler);
            }
            Kind::Pass { site: site_index } => {
                self.run_pass(site_index, now, scheduler);
                touched = Some(site_index);
            }
        }
        if self.audit
            && let Some(site) = touched
        {
            self.check_site(site);
        }
        self.flush_settled();
    }
}
