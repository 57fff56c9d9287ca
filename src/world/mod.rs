//! The datacenter model driven by the engine: jobs arrive, are placed in time and space,
//! policies start them on clusters, they compute, checkpoint, fail and restart, and the
//! ledger charges every phase.
//!
//! All power is kept in integer milliwatts, so that site power (from node states), idle
//! power (from free capacity) and the sum of job powers agree exactly at every instant;
//! energy conservation then only depends on the bookkeeping, which the tests check.

mod job;
mod site_state;

use crate::accounting::{Charges, Sum, embodied_kg};
use crate::engine::rng::{StreamId, splitmix64, stream_rng};
use crate::engine::{Event, Model, SECONDS_PER_HOUR, Scheduler, SimTime};
use crate::results::{
    JobOps, JobRecord, JobSink, JobStatus, ReplicationResult, SiteOps, SiteTotals, WeatherColumns,
};
use crate::scenario::{PolicyName, Scenario};
use crate::scheduler::temporal::{ObjectiveScale, best_start, cheapest_windows};
use crate::scheduler::{EasyBackfill, Fifo, Operations, Policy, QueuedJob, Reservation, Started};
use crate::workload::{JobSpec, JobStream};
use job::{Job, Phase, SlotState};
use site_state::{PowerTable, SiteAggregates, SiteState, to_mw};

/// Forecast objective of running a power profile from `start`.
fn run_cost(
    forecast: &crate::scheduler::temporal::Forecast,
    profile: &[(u64, f64)],
    start: SimTime,
) -> f64 {
    let mut t = start;
    let mut cost = 0.0;
    for &(seconds, watts) in profile {
        cost += watts * forecast.cost(t, seconds);
        t += seconds;
    }
    cost
}

/// Forecast objective of running a power profile in windows, with a checkpoint write and a
/// restart between windows (approximated at the profile's first power).
fn windows_cost(
    forecast: &crate::scheduler::temporal::Forecast,
    profile: &[(u64, f64)],
    windows: &[(SimTime, SimTime)],
    write_restart: u64,
) -> f64 {
    let watts = profile.first().map_or(0.0, |p| p.1);
    let mut left: u64 = profile.iter().map(|p| p.0).sum();
    let mut cost = 0.0;
    for (i, &(a, b)) in windows.iter().enumerate() {
        let overhead = if i > 0 { write_restart } else { 0 };
        let used = (b - a).min(left + overhead);
        cost += watts * forecast.cost(a, used);
        left = left.saturating_sub(used.saturating_sub(overhead));
        if left == 0 {
            break;
        }
    }
    cost
}

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

/// The model: sites, the job stream, jobs in flight.
pub struct World<'a, S: JobSink> {
    sites: Vec<SiteState>,
    stream: JobStream<'a>,
    next_job: Option<JobSpec>,
    jobs: Vec<Job>,
    free_slots: Vec<u32>,
    live_jobs: usize,
    started_buffer: Vec<Started>,
    sink: S,
    audit: bool,
    ops: Operations,
    replication_seed: u64,
    window_end_s: SimTime,
    start_hour_of_day: u64,
}

impl<'a, S: JobSink> World<'a, S> {
    /// A world for one replication of `scenario`; `audit` checks invariants after every
    /// event and makes EASY record reservations.
    pub fn new(
        scenario: &'a Scenario,
        replication_seed: u64,
        window_end_s: SimTime,
        sink: S,
        audit: bool,
    ) -> Self {
        let ops = scenario.operations.clone();
        let objective = ops
            .temporal
            .map(|t| t.objective)
            .or(ops.spatial.map(|s| s.objective));
        let sites = scenario
            .sites
            .iter()
            .enumerate()
            .map(|(i, config)| {
                let node = &config.node;
                let gpn = u64::from(node.gpus_per_node);
                let policy: Box<dyn Policy> = match scenario.policy {
                    PolicyName::Fifo => Box::new(Fifo::new(ops.priority)),
                    PolicyName::EasyBackfill => {
                        Box::new(EasyBackfill::new(ops.priority, ops.backfill_depth, audit))
                    }
                };
                let series = config.series_for(scenario.start_unix, replication_seed, i);
                let forecast = objective.map(|objective| {
                    let mean = |s: &crate::site::HourlySeries| s.mean();
                    let scale = ObjectiveScale {
                        carbon: mean(&series.pue) * mean(&series.carbon_intensity_g_per_kwh),
                        water: mean(&series.wue_l_per_kwh)
                            + mean(&series.pue) * mean(&series.ewif_l_per_kwh),
                        cost: mean(&series.pue) * mean(&series.price_usd_per_mwh),
                    };
                    let error = ops
                        .temporal
                        .map_or(crate::scheduler::temporal::ForecastError::Perfect, |t| {
                            t.forecast
                        });
                    let rng = stream_rng(
                        splitmix64(replication_seed ^ (i as u64 + 1)),
                        StreamId::Forecast,
                    );
                    crate::scheduler::temporal::Forecast::new(objective, error, scale, rng)
                });
                SiteState {
                    cluster: crate::scheduler::Cluster::new(config.nodes, node.gpus_per_node),
                    policy,
                    intensity: crate::accounting::SiteIntensity::new(series, scenario.start_unix),
                    forecast,
                    power: PowerTable {
                        gpu_idle_mw: to_mw(node.accelerator.power.idle_w),
                        host_idle_node_mw: to_mw(node.host_idle_w),
                        host_busy_slot_mw: (to_mw(node.host_busy_w) + gpn / 2) / gpn,
                        always_on_mw: to_mw(config.always_on_power_w),
                    },
                    active_gpu_mw: 0,
                    active_gpus: 0,
                    cap_active: false,
                    last_advance_s: 0,
                    hours: Vec::new(),
                    agg: SiteAggregates::default(),
                    pass_pending: false,
                    booked: Vec::new(),
                    config: config.clone(),
                }
            })
            .collect();
        let stream = JobStream::new(&scenario.workload, replication_seed, window_end_s);
        World {
            sites,
            stream,
            next_job: None,
            jobs: Vec::new(),
            free_slots: Vec::new(),
            live_jobs: 0,
            started_buffer: Vec::new(),
            sink,
            audit,
            ops,
            replication_seed,
            window_end_s,
            start_hour_of_day: (scenario.start_unix.rem_euclid(86_400) / 3_600) as u64,
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

    /// Reservations recorded by EASY policies (audit mode), per site.
    pub fn reservations(&self) -> Vec<Vec<Reservation>> {
        self.sites
            .iter()
            .map(|s| s.policy.reservations().to_vec())
            .collect()
    }

    fn request_pass(&mut self, site: u16, scheduler: &mut Scheduler<Kind>) {
        let state = &mut self.sites[site as usize];
        if !state.pass_pending && state.policy.queued() > 0 {
            state.pass_pending = true;
            scheduler.schedule_in(0, RANK_PASS, Kind::Pass { site });
        }
    }

    /// Checkpoint interval of a job at its site, compute seconds (infinite: never).
    fn checkpoint_every(&self, spec: &JobSpec) -> f64 {
        let site = &self.sites[spec.site as usize];
        let mtbf = site
            .config
            .failures
            .map_or(f64::INFINITY, |f| f.job_mtbf_s(spec.gpus));
        spec.flex
            .checkpoint
            .interval_s(mtbf)
            .unwrap_or(f64::INFINITY)
    }

    /// Expected wall time of the remaining work, with checkpoint writes.
    fn expected_wall_s(&self, slot: u32) -> u64 {
        let job = &self.jobs[slot as usize];
        let every = job.checkpoint_every_s;
        let checkpoints = if every.is_finite() {
            (job.remaining_work_s / every).floor()
        } else {
            0.0
        };
        (job.remaining_work_s + checkpoints * job.spec.flex.checkpoint.write_s as f64)
            .ceil()
            .max(1.0) as u64
    }

    fn submit(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let duration_s = self.expected_wall_s(slot);
        let job = &mut self.jobs[slot as usize];
        job.state = SlotState::Queued;
        job.queued_since_s = now;
        let site_index = job.spec.site;
        let queued = QueuedJob {
            slot,
            id: job.spec.id,
            gpus: job.spec.gpus,
            duration_s,
            priority: job.spec.flex.priority,
        };
        let site = &mut self.sites[site_index as usize];
        site.advance(now);
        site.policy.submit(queued);
        self.request_pass(site_index, scheduler);
    }

    /// Where and when a newly arrived job should run.
    fn place(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let spec = self.jobs[slot as usize].spec;
        let mut site = spec.site;
        let mut earliest = now;
        let length = self.expected_wall_s(slot);
        if let Some(spatial) = self.ops.spatial
            && self.sites.len() > 1
        {
            let mut best: Option<(bool, f64, u16)> = None;
            for i in 0..self.sites.len() {
                let s = &self.sites[i];
                let slots = u64::from(s.cluster.slots_for(spec.gpus));
                if spec.flex.allowed_sites & (1 << i.min(63)) == 0 || slots > s.config.total_gpus()
                {
                    continue;
                }
                let delay = if i as u16 == spec.site {
                    0
                } else {
                    spatial.transfer_delay_s
                };
                let node = &s.config.node;
                let power_w = f64::from(spec.gpus)
                    * node.accelerator.power.compute_w(spec.gpu_utilization)
                    + slots as f64 * node.host_busy_w / f64::from(node.gpus_per_node);
                let start = now + delay;
                self.sites[i].extend_forecast(start + length);
                let s = &self.sites[i];
                let cost = s.forecast.as_ref().map_or(0.0, |f| f.cost(start, length)) * power_w;
                let free_now = s.cluster.fits(spec.gpus) && s.policy.queued() == 0;
                let key = (!free_now, cost, i as u16);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
            if let Some((_, _, i)) = best {
                if i != spec.site {
                    earliest = now + spatial.transfer_delay_s;
                }
                site = i;
            }
        }
        self.jobs[slot as usize].spec.site = site;
        self.jobs[slot as usize].checkpoint_every_s =
            self.checkpoint_every(&self.jobs[slot as usize].spec);
        self.jobs[slot as usize].until_checkpoint_s = self.jobs[slot as usize].checkpoint_every_s;
        let length = self.expected_wall_s(slot);
        let mut start = earliest;
        if let (Some(temporal), Some(deadline)) = (self.ops.temporal, spec.flex.deadline_s)
            && deadline > earliest + length
        {
            let reserve =
                ((deadline - earliest - length) as f64 * temporal.slack_reserve).round() as u64;
            let deadline = deadline - reserve;
            self.jobs[slot as usize].plan_deadline_s = Some(deadline);
            let profile = self.power_profile(slot);
            let site_state = &mut self.sites[site as usize];
            site_state.extend_forecast(deadline + length);
            let slots = site_state.cluster.slots_for(spec.gpus);
            if let Some(forecast) = &site_state.forecast {
                let write_restart = spec.flex.checkpoint.write_s + spec.flex.checkpoint.restart_s;
                let hour_room = |h: usize| {
                    site_state.has_room(
                        h as u64 * SECONDS_PER_HOUR,
                        (h as u64 + 1) * SECONDS_PER_HOUR,
                        slots,
                    )
                };
                let windows = (temporal.allow_pause && spec.flex.interruptible)
                    .then(|| {
                        let plan =
                            cheapest_windows(forecast, earliest, deadline, length, hour_room)?;
                        let overhead = (plan.len() as u64).saturating_sub(1) * write_restart;
                        cheapest_windows(forecast, earliest, deadline, length + overhead, hour_room)
                    })
                    .flatten();
                let room = |s: SimTime| site_state.has_room(s, s + length, slots);
                let shift = best_start(forecast, earliest, deadline - length, length, room);
                // The planner ranks starts by the objective at constant power; the job's
                // real profile (compute, checkpoint writes) is then compared with starting
                // at once, so that a shift never costs more than not shifting.
                let profile_cost = |s: SimTime| run_cost(forecast, &profile, s);
                let shift = if shift != earliest && profile_cost(shift) >= profile_cost(earliest) {
                    earliest
                } else {
                    shift
                };
                match windows {
                    Some(w)
                        if w.len() > 1
                            && windows_cost(forecast, &profile, &w, write_restart)
                                < profile_cost(shift) =>
                    {
                        start = w[0].0.max(earliest);
                        self.jobs[slot as usize].windows = w;
                    }
                    _ => start = shift,
                }
            }
            let planned: Vec<(SimTime, SimTime)> = match self.jobs[slot as usize].windows.as_slice()
            {
                [] => vec![(start, start + length)],
                w => w.to_vec(),
            };
            for &(a, b) in &planned {
                self.sites[site as usize].book(a, b, slots, true);
            }
            self.jobs[slot as usize].bookings = planned;
        }
        if start > now {
            self.jobs[slot as usize].state = SlotState::Held;
            self.jobs[slot as usize].queued_since_s = now;
            scheduler.schedule_at(start, RANK_ARRIVAL, Kind::Release { slot });
        } else {
            self.submit(slot, now, scheduler);
        }
    }

    /// The job's expected IT power over its run from a start: (seconds, watts) segments of
    /// compute and checkpoint writes.
    fn power_profile(&self, slot: u32) -> Vec<(u64, f64)> {
        let job = &self.jobs[slot as usize];
        let site = &self.sites[job.spec.site as usize];
        let node = &site.config.node;
        let gpus = f64::from(job.spec.gpus);
        let slots = f64::from(site.cluster.slots_for(job.spec.gpus));
        let host = slots * node.host_busy_w / f64::from(node.gpus_per_node);
        let idle = (slots - gpus) * node.accelerator.power.idle_w;
        let compute_w =
            gpus * node.accelerator.power.compute_w(job.spec.gpu_utilization) + idle + host;
        let write_w = gpus * node.accelerator.power.checkpoint_w + idle + host;
        let mut out = Vec::new();
        let mut left = job.remaining_work_s;
        let every = job.checkpoint_every_s;
        while left > EPS_S {
            let chunk = left.min(every);
            out.push((chunk.ceil() as u64, compute_w));
            left -= chunk;
            if left > EPS_S {
                out.push((job.spec.flex.checkpoint.write_s.max(1), write_w));
            }
            if out.len() > 100_000 {
                // a pathological interval: one segment for the rest
                out.push((left.ceil() as u64, compute_w));
                break;
            }
        }
        out
    }

    /// Power an accelerator of `job` draws in `phase` at its site now, mW, and the speed.
    fn phase_power(&self, slot: u32, phase: Phase) -> (u64, f64) {
        let job = &self.jobs[slot as usize];
        let site = &self.sites[job.spec.site as usize];
        let accel = &site.config.node.accelerator.power;
        let cap = site.config.power_cap.as_ref().filter(|_| site.cap_active);
        match phase {
            Phase::Compute => {
                let uncapped = accel.compute_w(job.spec.gpu_utilization);
                match cap {
                    Some(c) => (to_mw(uncapped.min(c.gpu_cap_w)), c.speed(uncapped)),
                    None => (to_mw(uncapped), 1.0),
                }
            }
            Phase::Checkpoint { .. } => {
                let w = cap.map_or(accel.checkpoint_w, |c| accel.checkpoint_w.min(c.gpu_cap_w));
                (to_mw(w), 1.0)
            }
            Phase::Restart => (site.power.gpu_idle_mw, 1.0),
        }
    }

    /// Starts `phase` for a running job at `now` (the previous phase is closed).
    fn enter_phase(
        &mut self,
        slot: u32,
        phase: Phase,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let (state_mw, speed) = self.phase_power(slot, phase);
        let job = &mut self.jobs[slot as usize];
        let site = &mut self.sites[job.spec.site as usize];
        let gpus = u64::from(job.spec.gpus);
        let slots = job.allocation.slots();
        debug_assert!(
            !job.phase_open,
            "entering a phase before closing the previous one"
        );
        job.phase = phase;
        job.phase_open = true;
        job.speed = speed;
        job.gpu_state_mw = gpus * state_mw;
        job.power_mw = gpus * state_mw
            + (slots - gpus) * site.power.gpu_idle_mw
            + slots * site.power.host_busy_slot_mw;
        job.phase_start_s = now;
        job.k_phase_start = site.intensity.at(now);
        job.phase_generation = job.phase_generation.wrapping_add(1);
        site.active_gpu_mw += job.gpu_state_mw;
        site.active_gpus += gpus;
        let length = match phase {
            Phase::Compute => {
                let work = job.remaining_work_s.min(job.until_checkpoint_s);
                (work / speed).ceil().max(1.0) as u64
            }
            Phase::Checkpoint { .. } => job.spec.flex.checkpoint.write_s.max(1),
            Phase::Restart => job.spec.flex.checkpoint.restart_s.max(1),
        };
        scheduler.schedule_at(
            now + length,
            RANK_FIRST,
            Kind::Phase {
                slot,
                generation: job.phase_generation,
            },
        );
    }

    /// Charges the current phase up to `now` and takes the job's power off the site.
    fn close_phase(&mut self, slot: u32, now: SimTime) {
        let job = &mut self.jobs[slot as usize];
        if !job.phase_open {
            return;
        }
        job.phase_open = false;
        let site = &mut self.sites[job.spec.site as usize];
        site.advance(now);
        let seconds = (now - job.phase_start_s) as f64;
        let delta = site.intensity.at(now).since(&job.k_phase_start);
        let charges = Charges::for_phase(job.power_mw as f64 / 1_000.0, seconds, &delta);
        job.charges.add(&charges);
        site.agg.job_totals.add(&charges);
        site.active_gpu_mw -= job.gpu_state_mw;
        site.active_gpus -= u64::from(job.spec.gpus);
        job.gpu_state_mw = 0;
        if job.phase == Phase::Compute {
            let work = (seconds * job.speed).min(job.remaining_work_s);
            job.remaining_work_s -= work;
            job.until_checkpoint_s -= work;
            job.work_since_checkpoint_s += work;
            job.compute_wall_s += seconds;
            job.compute_wall_since_checkpoint_s += seconds;
            job.charges_since_checkpoint.add(&charges);
        }
        job.phase_start_s = now;
        job.k_phase_start = site.intensity.at(now);
    }

    fn schedule_failure(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let job = &mut self.jobs[slot as usize];
        job.failure_generation = job.failure_generation.wrapping_add(1);
        let Some(model) = self.sites[job.spec.site as usize].config.failures else {
            return;
        };
        let rng = job.failure_rng.get_or_insert_with(|| {
            stream_rng(
                splitmix64(self.replication_seed ^ splitmix64(job.spec.id)),
                StreamId::Failures,
            )
        });
        let ttf = model.time_to_failure_s(job.spec.gpus, rng);
        if ttf.is_finite() && ttf < 1e15 {
            let at = now + ttf.ceil().max(1.0) as u64;
            scheduler.schedule_at(
                at,
                RANK_FIRST,
                Kind::Failure {
                    slot,
                    generation: job.failure_generation,
                },
            );
        }
    }

    fn start(
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
        if let Some(&(_, end)) = job.windows.first()
            && end > now
        {
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
        if resuming {
            self.enter_phase(slot, Phase::Restart, now, scheduler);
        } else {
            self.enter_phase(slot, Phase::Compute, now, scheduler);
            self.schedule_failure(slot, now, scheduler);
        }
    }

    /// Releases a running job's accelerators, charging what holding them cost.
    fn release(&mut self, slot: u32, now: SimTime) {
        let job = &mut self.jobs[slot as usize];
        let site = &mut self.sites[job.spec.site as usize];
        site.advance(now);
        let held = (now - job.allocated_since_s) as f64;
        let slots = job.allocation.slots();
        let node = &site.config.node;
        let (gpu_kg, server_kg) = embodied_kg(
            slots,
            node.gpus_per_node,
            held,
            node.accelerator.embodied_kg_co2e,
            node.server_embodied_kg_co2e,
            site.config.embodied_amortisation_hours,
        );
        job.embodied_gpu_kg += gpu_kg;
        job.embodied_server_kg += server_kg;
        job.hardware_cost_usd += slots as f64 * held / 3_600.0 * site.config.gpu_hour_cost_usd;
        job.held_gpu_s += f64::from(job.spec.gpus) * held;
        job.held_wall_s += held;
        site.cluster.release(&job.allocation, job.expected_end_s);
        job.allocation = crate::scheduler::Allocation::default();
        let slots = job.allocated_slots;
        let keep: Vec<(SimTime, SimTime)> = job.windows.iter().skip(1).copied().collect();
        for (a, b) in std::mem::take(&mut job.bookings) {
            site.book(a.max(now), b, slots, false);
        }
        for &(a, b) in &keep {
            site.book(a, b, slots, true);
        }
        job.bookings = keep;
        job.state = SlotState::Held;
    }

    /// Ends a job's life at `now` and emits its record.
    fn finish(&mut self, slot: u32, now: SimTime, status: JobStatus) {
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
        let deadline_missed = spec.flex.deadline_s.is_some_and(|d| now > d);
        let a = &mut site.agg;
        a.embodied.add(job.embodied_gpu_kg + job.embodied_server_kg);
        a.hardware_cost.add(job.hardware_cost_usd);
        a.gpu_hours.add(job.held_gpu_s / 3_600.0);
        a.useful_gpu_hours
            .add(gpus * job.useful_compute_wall_s / 3_600.0);
        a.lost_gpu_hours.add(job.lost_gpu_s / 3_600.0);
        a.lost.add(&job.lost);
        a.useful_wall_s.add(job.useful_compute_wall_s);
        a.held_wall_s.add(job.held_wall_s);
        a.interruptions += u64::from(job.interruptions);
        a.checkpoints += u64::from(job.checkpoints);
        a.pauses += u64::from(job.pauses);
        if started_ever {
            a.wait_sum_s.add(job.wait_s);
            a.wait_max_s = a.wait_max_s.max(job.wait_s);
            a.waits.add(job.wait_s);
        }
        if spec.flex.deadline_s.is_some() {
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
            start_s: job.first_start_s,
            end_s: started_ever.then_some(now),
            status: if started_ever {
                status
            } else {
                JobStatus::Queued
            },
            gpu_hours: job.held_gpu_s / 3_600.0,
            charges: job.charges,
            co2_embodied_gpu_kg: job.embodied_gpu_kg,
            co2_embodied_server_kg: job.embodied_server_kg,
            hardware_cost_usd: job.hardware_cost_usd,
            ops: JobOps {
                wait_s: job.wait_s,
                interruptions: job.interruptions,
                checkpoints: job.checkpoints,
                pauses: job.pauses,
                lost_gpu_hours: job.lost_gpu_s / 3_600.0,
                lost: job.lost,
                useful_gpu_hours: gpus * job.useful_compute_wall_s / 3_600.0,
                effective_training_fraction: if job.held_wall_s > 0.0 {
                    job.useful_compute_wall_s / job.held_wall_s
                } else {
                    0.0
                },
                deadline_s: spec.flex.deadline_s,
                deadline_missed,
                work_done_s: spec.duration_s as f64 - job.remaining_work_s,
            },
        };
        job.state = SlotState::Free;
        job.phase_generation = job.phase_generation.wrapping_add(1);
        job.failure_generation = job.failure_generation.wrapping_add(1);
        job.pause_generation = job.pause_generation.wrapping_add(1);
        self.free_slots.push(slot);
        self.live_jobs -= 1;
        self.sink.record(&record);
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
        }
        let window_h = end as f64 / 3_600.0;
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
    fn check_site(&self, site_index: u16) {
        let site = &self.sites[site_index as usize];
        site.cluster.check_invariants();
        let jobs_mw: u64 = self
            .jobs
            .iter()
            .filter(|r| r.state == SlotState::Running && r.spec.site == site_index)
            .map(|r| r.power_mw)
            .sum();
        assert_eq!(
            site.site_power_mw(),
            site.idle_power_mw() + jobs_mw,
            "power bookkeeping of site {site_index}"
        );
    }

    fn on_phase_end(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let phase = self.jobs[slot as usize].phase;
        self.close_phase(slot, now);
        let site = self.jobs[slot as usize].spec.site;
        match phase {
            Phase::Compute => {
                let job = &self.jobs[slot as usize];
                if job.remaining_work_s <= EPS_S {
                    self.finish(slot, now, JobStatus::Completed);
                    self.request_pass(site, scheduler);
                } else if job.until_checkpoint_s <= EPS_S {
                    self.enter_phase(
                        slot,
                        Phase::Checkpoint { then_pause: false },
                        now,
                        scheduler,
                    );
                } else {
                    self.enter_phase(slot, Phase::Compute, now, scheduler);
                }
            }
            Phase::Checkpoint { then_pause } => {
                let job = &mut self.jobs[slot as usize];
                job.checkpoints += 1;
                job.useful_compute_wall_s += job.compute_wall_since_checkpoint_s;
                job.compute_wall_since_checkpoint_s = 0.0;
                job.work_since_checkpoint_s = 0.0;
                job.charges_since_checkpoint = Charges::default();
                job.until_checkpoint_s = job.checkpoint_every_s;
                if then_pause {
                    job.pauses += 1;
                    job.failure_generation = job.failure_generation.wrapping_add(1);
                    self.release(slot, now);
                    let job = &mut self.jobs[slot as usize];
                    if !job.windows.is_empty() {
                        job.windows.remove(0);
                    }
                    job.queued_since_s = now;
                    match job.windows.first() {
                        Some(&(start, _)) if start > now => {
                            scheduler.schedule_at(start, RANK_ARRIVAL, Kind::Release { slot });
                        }
                        _ => self.submit(slot, now, scheduler),
                    }
                    self.request_pass(site, scheduler);
                } else {
                    self.enter_phase(slot, Phase::Compute, now, scheduler);
                }
            }
            Phase::Restart => {
                self.enter_phase(slot, Phase::Compute, now, scheduler);
                self.schedule_failure(slot, now, scheduler);
            }
        }
    }

    fn on_failure(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        self.close_phase(slot, now);
        let job = &mut self.jobs[slot as usize];
        job.interruptions += 1;
        job.lost_gpu_s += f64::from(job.spec.gpus) * job.compute_wall_since_checkpoint_s;
        job.lost.add(&job.charges_since_checkpoint);
        job.remaining_work_s += job.work_since_checkpoint_s;
        job.until_checkpoint_s = job.checkpoint_every_s;
        job.work_since_checkpoint_s = 0.0;
        job.compute_wall_since_checkpoint_s = 0.0;
        job.charges_since_checkpoint = Charges::default();
        job.failure_generation = job.failure_generation.wrapping_add(1);
        if let Phase::Checkpoint { then_pause: true } = job.phase {
            // the pause is abandoned with the checkpoint; keep running
            job.windows.clear();
        }
        self.enter_phase(slot, Phase::Restart, now, scheduler);
    }

    fn on_pause(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let job = &mut self.jobs[slot as usize];
        if job.phase == Phase::Restart {
            job.windows.clear();
            return;
        }
        // Work left as of now (a compute phase is still open; a checkpoint write is not work).
        let computing = job.phase == Phase::Compute;
        let done = if computing {
            ((now - job.phase_start_s) as f64 * job.speed).min(job.remaining_work_s)
        } else {
            0.0
        };
        let remaining = job.remaining_work_s - done;
        let every = job.checkpoint_every_s;
        let writes = if every.is_finite() {
            (remaining / every).floor()
        } else {
            0.0
        };
        let checkpoint = job.spec.flex.checkpoint;
        let needed = (remaining + writes * checkpoint.write_s as f64).ceil() as u64
            + checkpoint.write_s
            + checkpoint.restart_s;
        let feasible = match (job.windows.get(1).map(|w| w.0), job.plan_deadline_s) {
            (Some(start), Some(deadline)) => start.max(now) + needed <= deadline,
            _ => false,
        };
        if !feasible {
            // Deadlines are never missed by choice: keep running to the end.
            job.windows.clear();
            return;
        }
        if !computing {
            // The checkpoint being written becomes the pause's checkpoint.
            job.phase = Phase::Checkpoint { then_pause: true };
            return;
        }
        self.close_phase(slot, now);
        self.enter_phase(slot, Phase::Checkpoint { then_pause: true }, now, scheduler);
    }

    fn on_cap_check(&mut self, site_index: u16, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let hour = (now / SECONDS_PER_HOUR) as usize;
        let hour_of_day = ((self.start_hour_of_day + hour as u64) % 24) as u32;
        let site = &mut self.sites[site_index as usize];
        let ci = site.intensity.hour(hour).carbon_intensity_g_per_kwh;
        let active = site
            .config
            .power_cap
            .as_ref()
            .is_some_and(|c| c.active(hour_of_day, ci));
        if active != site.cap_active {
            site.advance(now);
            site.cap_active = active;
            let running: Vec<u32> = (0..self.jobs.len() as u32)
                .filter(|&s| {
                    let j = &self.jobs[s as usize];
                    j.state == SlotState::Running
                        && j.spec.site == site_index
                        && j.phase != Phase::Restart
                })
                .collect();
            for slot in running {
                let phase = self.jobs[slot as usize].phase;
                self.close_phase(slot, now);
                self.enter_phase(slot, phase, now, scheduler);
            }
        }
        let more = self.live_jobs > 0 || self.next_job.is_some();
        let next = (hour as u64 + 1) * SECONDS_PER_HOUR;
        if more && next < self.window_end_s {
            scheduler.schedule_at(next, RANK_ARRIVAL, Kind::CapCheck { site: site_index });
        }
    }
}

fn site_totals(site: SiteState, end: SimTime, window_h: f64) -> SiteTotals {
    let mut site = site;
    let hours_needed = end.div_ceil(SECONDS_PER_HOUR) as usize;
    while site.hours.len() < hours_needed {
        let h = site.hours.len();
        site.hours.push(crate::accounting::HourRow {
            factors: site.intensity.hour(h),
            ..Default::default()
        });
    }
    site.hours.truncate(hours_needed);
    let mut totals = crate::accounting::ChargeTotals::default();
    let mut idle = crate::accounting::ChargeTotals::default();
    let mut allocated = Sum::default();
    for row in &site.hours {
        totals.add(&row.charges());
        idle.add(&row.idle_charges());
        allocated.add(row.allocated_gpu_s);
    }
    let config = &site.config;
    let gpus = config.total_gpus();
    let provisioned = (config.node.accelerator.embodied_kg_co2e * gpus as f64
        + config.node.server_embodied_kg_co2e * f64::from(config.nodes))
        * window_h
        / config.embodied_amortisation_hours;
    let a = &site.agg;
    let held = a.held_wall_s.value();
    SiteTotals {
        name: config.name.clone(),
        gpus,
        site: totals.value(),
        jobs: a.job_totals.value(),
        idle: idle.value(),
        clean_energy_share: config.clean_energy_share,
        hardware_cost_usd: a.hardware_cost.value(),
        co2_embodied_kg: a.embodied.value(),
        co2_embodied_provisioned_kg: provisioned,
        gpu_hours: a.gpu_hours.value(),
        allocated_gpu_s: allocated.value(),
        jobs_submitted: a.submitted,
        jobs_completed: a.completed,
        jobs_running: a.cut_off,
        jobs_queued: a.never_started,
        wait_sum_s: a.wait_sum_s.value(),
        jobs_started: a.started,
        wait_max_s: a.wait_max_s,
        weather: WeatherColumns {
            dry_bulb_c: site.intensity.series().dry_bulb_c.clone(),
            wet_bulb_c: site.intensity.series().wet_bulb_c.clone(),
        },
        ops: SiteOps {
            wait_p95_s: a.waits.quantile(0.95),
            bounded_slowdown_mean: if a.completed > 0 {
                a.slowdown_sum.value() / a.completed as f64
            } else {
                0.0
            },
            useful_gpu_hours: a.useful_gpu_hours.value(),
            held_gpu_hours: a.gpu_hours.value(),
            interruptions: a.interruptions,
            checkpoints: a.checkpoints,
            pauses: a.pauses,
            lost_gpu_hours: a.lost_gpu_hours.value(),
            lost: a.lost.value(),
            deadline_jobs: a.deadline_jobs,
            deadline_misses: a.deadline_misses,
            makespan_s: a.makespan_s as f64,
            effective_training_fraction: if held > 0.0 {
                a.useful_wall_s.value() / held
            } else {
                0.0
            },
        },
        hours: site.hours,
    }
}

impl<S: JobSink> Model for World<'_, S> {
    type Kind = Kind;

    fn handle(&mut self, event: Event<Kind>, scheduler: &mut Scheduler<Kind>) {
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
                    None => {
                        self.jobs.push(Job::new(spec));
                        (self.jobs.len() - 1) as u32
                    }
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
                if job.state != SlotState::Running
                    || job.failure_generation != generation
                    || job.phase == Phase::Restart
                {
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
                let site = &mut self.sites[site_index as usize];
                site.pass_pending = false;
                site.advance(now);
                let mut started = std::mem::take(&mut self.started_buffer);
                site.policy.schedule(now, &mut site.cluster, &mut started);
                for s in started.drain(..) {
                    self.start(site_index, s, now, scheduler);
                }
                self.started_buffer = started;
                touched = Some(site_index);
            }
        }
        if self.audit
            && let Some(site) = touched
        {
            self.check_site(site);
        }
    }
}
