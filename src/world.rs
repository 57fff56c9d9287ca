//! The datacenter model driven by the engine: jobs arrive, policies start them on
//! clusters, the ledger charges them.
//!
//! All power is kept in integer milliwatts, so that site power (from node states), idle
//! power (from free capacity) and the sum of job powers agree exactly at every instant;
//! energy conservation then only depends on the bookkeeping, which the tests check.

use crate::accounting::{Charges, ChargeTotals, Cumulative, HourRow, SiteIntensity, Sum, embodied_kg};
use crate::engine::{Event, Model, Scheduler, SimTime, SECONDS_PER_HOUR};
use crate::results::{JobRecord, JobSink, JobStatus, ReplicationResult, SiteTotals, WeatherColumns};
use crate::scenario::{PolicyName, Scenario};
use crate::scheduler::{Allocation, Cluster, EasyBackfill, Fifo, Policy, QueuedJob, Reservation, Started};
use crate::site::SiteConfig;
use crate::workload::{JobSpec, JobStream};

/// Event kinds, in rank order at equal times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A job finishes (rank 0: frees capacity before anything else at that second).
    End {
        /// Job slot.
        slot: u32,
        /// Generation the completion was scheduled with; stale ones are dropped.
        generation: u32,
    },
    /// The next job of the stream is submitted (rank 1).
    Arrival,
    /// A site's policy gets to start jobs (rank 2: after all arrivals and ends of the second).
    Pass {
        /// Site index.
        site: u16,
    },
}

const RANK_END: u8 = 0;
const RANK_ARRIVAL: u8 = 1;
const RANK_PASS: u8 = 2;

/// Integer power constants of one site, mW.
#[derive(Clone, Copy, Debug)]
struct PowerTable {
    gpu_idle_mw: u64,
    host_idle_node_mw: u64,
    host_busy_slot_mw: u64,
    always_on_mw: u64,
}

fn to_mw(w: f64) -> u64 {
    (w * 1_000.0).round().max(0.0) as u64
}

struct Running {
    spec: JobSpec,
    generation: u32,
    start_s: SimTime,
    expected_end_s: SimTime,
    allocation: Allocation,
    power_mw: u64,
    compute_mw: u64,
    k_start: Cumulative,
    state: SlotState,
}

/// What a job slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SlotState {
    Free,
    Queued,
    Running,
}

struct SiteState {
    config: SiteConfig,
    cluster: Cluster,
    policy: Box<dyn Policy>,
    intensity: SiteIntensity,
    power: PowerTable,
    /// Σ over running jobs of gpus × compute power, mW.
    computing_mw: u64,
    /// Σ over running jobs of gpus.
    computing_gpus: u64,
    last_advance_s: SimTime,
    hours: Vec<HourRow>,
    job_totals: ChargeTotals,
    embodied: Sum,
    hardware_cost: Sum,
    gpu_hours: Sum,
    wait_sum_s: Sum,
    wait_max_s: f64,
    submitted: u64,
    started: u64,
    completed: u64,
    pass_pending: bool,
}

impl SiteState {
    /// Site IT power from node states, mW.
    fn site_power_mw(&self) -> u64 {
        let gpn = u64::from(self.cluster.gpus_per_node());
        let total_gpus = u64::from(self.cluster.nodes()) * gpn;
        let idle_nodes = u64::from(self.cluster.idle_nodes());
        let busy_nodes = u64::from(self.cluster.nodes()) - idle_nodes;
        busy_nodes * gpn * self.power.host_busy_slot_mw
            + idle_nodes * self.power.host_idle_node_mw
            + self.computing_mw
            + (total_gpus - self.computing_gpus) * self.power.gpu_idle_mw
            + self.power.always_on_mw
    }

    /// Power of unallocated capacity, mW.
    fn idle_power_mw(&self) -> u64 {
        let gpn = u64::from(self.cluster.gpus_per_node());
        let idle_nodes = u64::from(self.cluster.idle_nodes());
        idle_nodes * (gpn * self.power.gpu_idle_mw + self.power.host_idle_node_mw)
            + self.cluster.free_slots_on_busy_nodes() * (self.power.gpu_idle_mw + self.power.host_busy_slot_mw)
            + self.power.always_on_mw
    }

    /// Integrates the current (constant) state from the last change up to `now`.
    fn advance(&mut self, now: SimTime) {
        let mut t = self.last_advance_s;
        if now <= t {
            return;
        }
        let site_w = self.site_power_mw() as f64 / 1_000.0;
        let idle_w = self.idle_power_mw() as f64 / 1_000.0;
        let allocated = self.cluster.allocated_slots() as f64;
        let queued = self.policy.queued() as f64;
        while t < now {
            let hour = (t / SECONDS_PER_HOUR) as usize;
            let hour_end = (hour as u64 + 1) * SECONDS_PER_HOUR;
            let until = now.min(hour_end);
            let dt = (until - t) as f64;
            while self.hours.len() <= hour {
                let h = self.hours.len();
                self.hours.push(HourRow { factors: self.intensity.hour(h), ..HourRow::default() });
            }
            let row = &mut self.hours[hour];
            row.it_energy_ws += site_w * dt;
            row.idle_energy_ws += idle_w * dt;
            row.allocated_gpu_s += allocated * dt;
            row.queued_job_s += queued * dt;
            t = until;
        }
        self.last_advance_s = now;
    }
}

/// The model: sites, the job stream, running jobs.
pub struct World<'a, S: JobSink> {
    sites: Vec<SiteState>,
    stream: JobStream<'a>,
    next_job: Option<JobSpec>,
    running: Vec<Running>,
    free_slots: Vec<u32>,
    started_buffer: Vec<Started>,
    sink: S,
    audit: bool,
}

impl<'a, S: JobSink> World<'a, S> {
    /// A world for one replication of `scenario`; `audit` makes EASY record reservations.
    pub fn new(scenario: &'a Scenario, replication_seed: u64, window_end_s: SimTime, sink: S, audit: bool) -> Self {
        let sites = scenario
            .sites
            .iter()
            .map(|config| {
                let node = &config.node;
                let gpn = u64::from(node.gpus_per_node);
                let policy: Box<dyn Policy> = match (scenario.policy, audit) {
                    (PolicyName::Fifo, _) => Box::new(Fifo::default()),
                    (PolicyName::EasyBackfill, false) => Box::new(EasyBackfill::default()),
                    (PolicyName::EasyBackfill, true) => Box::new(EasyBackfill::with_audit()),
                };
                SiteState {
                    cluster: Cluster::new(config.nodes, node.gpus_per_node),
                    policy,
                    intensity: SiteIntensity::new(config.series_for(scenario.start_unix, replication_seed), scenario.start_unix),
                    power: PowerTable {
                        gpu_idle_mw: to_mw(node.accelerator.power.idle_w),
                        host_idle_node_mw: to_mw(node.host_idle_w),
                        host_busy_slot_mw: (to_mw(node.host_busy_w) + gpn / 2) / gpn,
                        always_on_mw: to_mw(config.always_on_power_w),
                    },
                    computing_mw: 0,
                    computing_gpus: 0,
                    last_advance_s: 0,
                    hours: Vec::new(),
                    job_totals: ChargeTotals::default(),
                    embodied: Sum::default(),
                    hardware_cost: Sum::default(),
                    gpu_hours: Sum::default(),
                    wait_sum_s: Sum::default(),
                    wait_max_s: 0.0,
                    submitted: 0,
                    started: 0,
                    completed: 0,
                    pass_pending: false,
                    config: config.clone(),
                }
            })
            .collect();
        let stream = JobStream::new(&scenario.workload, replication_seed, window_end_s);
        World {
            sites,
            stream,
            next_job: None,
            running: Vec::new(),
            free_slots: Vec::new(),
            started_buffer: Vec::new(),
            sink,
            audit,
        }
    }

    /// Takes the first job from the stream and returns the event that submits it; the
    /// caller schedules it before running.
    pub fn first_arrival(&mut self) -> Option<(SimTime, u8, Kind)> {
        self.next_job = self.stream.next();
        self.next_job.as_ref().map(|job| (job.arrival_s, RANK_ARRIVAL, Kind::Arrival))
    }

    /// Reservations recorded by EASY policies (audit mode), per site.
    pub fn reservations(&self) -> Vec<Vec<Reservation>> {
        self.sites.iter().map(|s| s.policy.reservations().to_vec()).collect()
    }

    /// Audit mode: the cluster's indices are consistent, no node is over-allocated, and
    /// site power equals idle power plus the running jobs' power.
    fn check_site(&self, site_index: u16) {
        let site = &self.sites[site_index as usize];
        site.cluster.check_invariants();
        let jobs_mw: u64 = self
            .running
            .iter()
            .filter(|r| r.state == SlotState::Running && r.spec.site == site_index)
            .map(|r| r.power_mw)
            .sum();
        assert_eq!(site.site_power_mw(), site.idle_power_mw() + jobs_mw, "power bookkeeping of site {site_index}");
    }

    fn request_pass(&mut self, site: u16, scheduler: &mut Scheduler<Kind>) {
        let state = &mut self.sites[site as usize];
        if !state.pass_pending && state.policy.queued() > 0 {
            state.pass_pending = true;
            scheduler.schedule_in(0, RANK_PASS, Kind::Pass { site });
        }
    }

    fn start(&mut self, site_index: u16, started: Started, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let slot = started.job.slot;
        let site = &mut self.sites[site_index as usize];
        let run = &mut self.running[slot as usize];
        let gpus = u64::from(run.spec.gpus);
        let slots = started.allocation.slots();
        let compute_mw = to_mw(site.config.node.accelerator.power.compute_w(run.spec.gpu_utilization));
        run.compute_mw = compute_mw;
        run.power_mw = gpus * compute_mw + (slots - gpus) * site.power.gpu_idle_mw + slots * site.power.host_busy_slot_mw;
        run.state = SlotState::Running;
        run.start_s = now;
        run.expected_end_s = now + run.spec.duration_s;
        run.allocation = started.allocation;
        run.k_start = site.intensity.at(now);
        site.computing_mw += gpus * compute_mw;
        site.computing_gpus += gpus;
        site.started += 1;
        let wait = (now - run.spec.arrival_s) as f64;
        site.wait_sum_s.add(wait);
        site.wait_max_s = site.wait_max_s.max(wait);
        scheduler.schedule_at(run.expected_end_s, RANK_END, Kind::End { slot, generation: run.generation });
    }

    /// Charges a running job up to `now`, frees its capacity and emits its record.
    fn finish(&mut self, slot: u32, now: SimTime, status: JobStatus) {
        let run = &mut self.running[slot as usize];
        run.state = SlotState::Free;
        run.generation = run.generation.wrapping_add(1);
        let site = &mut self.sites[run.spec.site as usize];
        site.advance(now);
        let seconds = (now - run.start_s) as f64;
        let delta = site.intensity.at(now).since(&run.k_start);
        let charges = Charges::for_phase(run.power_mw as f64 / 1_000.0, seconds, &delta);
        let node = &site.config.node;
        let slots = run.allocation.slots();
        let (gpu_kg, server_kg) = embodied_kg(
            slots,
            node.gpus_per_node,
            seconds,
            node.accelerator.embodied_kg_co2e,
            node.server_embodied_kg_co2e,
            site.config.embodied_amortisation_hours,
        );
        let gpus = u64::from(run.spec.gpus);
        let gpu_hours = gpus as f64 * seconds / 3_600.0;
        let hardware_cost_usd = slots as f64 * seconds / 3_600.0 * site.config.gpu_hour_cost_usd;
        site.hardware_cost.add(hardware_cost_usd);
        site.cluster.release(&run.allocation, run.expected_end_s);
        site.computing_mw -= gpus * run.compute_mw;
        site.computing_gpus -= gpus;
        site.job_totals.add(&charges);
        site.embodied.add(gpu_kg + server_kg);
        site.gpu_hours.add(gpu_hours);
        if status == JobStatus::Completed {
            site.completed += 1;
        }
        let record = JobRecord {
            id: run.spec.id,
            label: run.spec.label,
            site: run.spec.site,
            gpus: run.spec.gpus,
            allocated_gpus: slots as u32,
            nodes: run.allocation.nodes() as u32,
            arrival_s: run.spec.arrival_s,
            start_s: Some(run.start_s),
            end_s: Some(now),
            status,
            gpu_hours,
            charges,
            co2_embodied_gpu_kg: gpu_kg,
            co2_embodied_server_kg: server_kg,
            hardware_cost_usd,
        };
        run.allocation = Allocation::default();
        self.free_slots.push(slot);
        self.sink.record(&record);
    }

    /// Closes the window at `end`: charges running jobs up to it, reports jobs never
    /// started, and returns the totals and the sink.
    pub fn finish_window(mut self, end: SimTime, events: u64) -> (ReplicationResult, S) {
        let live: Vec<u32> =
            self.running.iter().enumerate().filter(|(_, r)| r.state == SlotState::Running).map(|(i, _)| i as u32).collect();
        for slot in live {
            self.finish(slot, end, JobStatus::Running);
        }
        for site in &mut self.sites {
            site.advance(end);
        }
        let mut queued_records = Vec::new();
        for site in &mut self.sites {
            for job in site.policy.drain() {
                queued_records.push(job.slot);
            }
        }
        for slot in queued_records {
            let spec = self.running[slot as usize].spec;
            let record = JobRecord {
                id: spec.id,
                label: spec.label,
                site: spec.site,
                gpus: spec.gpus,
                allocated_gpus: 0,
                nodes: 0,
                arrival_s: spec.arrival_s,
                start_s: None,
                end_s: None,
                status: JobStatus::Queued,
                gpu_hours: 0.0,
                charges: Charges::default(),
                co2_embodied_gpu_kg: 0.0,
                co2_embodied_server_kg: 0.0,
                hardware_cost_usd: 0.0,
            };
            self.sink.record(&record);
        }
        let window_h = end as f64 / 3_600.0;
        let sites = self
            .sites
            .into_iter()
            .map(|mut site| {
                let hours_needed = end.div_ceil(SECONDS_PER_HOUR) as usize;
                while site.hours.len() < hours_needed {
                    let h = site.hours.len();
                    site.hours.push(HourRow { factors: site.intensity.hour(h), ..HourRow::default() });
                }
                site.hours.truncate(hours_needed);
                let mut totals = ChargeTotals::default();
                let mut idle = ChargeTotals::default();
                let mut allocated = Sum::default();
                for row in &site.hours {
                    totals.add(&row.charges());
                    idle.add(&row.idle_charges());
                    allocated.add(row.allocated_gpu_s);
                }
                let totals = totals.value();
                let config = &site.config;
                let gpus = config.total_gpus();
                let provisioned = (config.node.accelerator.embodied_kg_co2e * gpus as f64
                    + config.node.server_embodied_kg_co2e * f64::from(config.nodes))
                    * window_h
                    / config.embodied_amortisation_hours;
                let running = site.started - site.completed;
                SiteTotals {
                    name: config.name.clone(),
                    gpus,
                    site: totals,
                    jobs: site.job_totals.value(),
                    idle: idle.value(),
                    clean_energy_share: config.clean_energy_share,
                    hardware_cost_usd: site.hardware_cost.value(),
                    co2_embodied_kg: site.embodied.value(),
                    co2_embodied_provisioned_kg: provisioned,
                    gpu_hours: site.gpu_hours.value(),
                    allocated_gpu_s: allocated.value(),
                    jobs_submitted: site.submitted,
                    jobs_completed: site.completed,
                    jobs_running: running,
                    jobs_queued: site.submitted - site.started,
                    wait_sum_s: site.wait_sum_s.value(),
                    jobs_started: site.started,
                    wait_max_s: site.wait_max_s,
                    weather: WeatherColumns {
                        dry_bulb_c: site.intensity.series().dry_bulb_c.clone(),
                        wet_bulb_c: site.intensity.series().wet_bulb_c.clone(),
                    },
                    hours: site.hours,
                }
            })
            .collect();
        (ReplicationResult { window_s: end, events, sites }, self.sink)
    }
}

impl<S: JobSink> Model for World<'_, S> {
    type Kind = Kind;

    fn handle(&mut self, event: Event<Kind>, scheduler: &mut Scheduler<Kind>) {
        let now = event.time;
        match event.kind {
            Kind::Arrival => {
                let Some(spec) = self.next_job.take() else { return };
                let site_index = spec.site;
                let site = &mut self.sites[site_index as usize];
                site.advance(now);
                site.submitted += 1;
                let slot = match self.free_slots.pop() {
                    Some(slot) => slot,
                    None => {
                        self.running.push(Running {
                            spec,
                            generation: 0,
                            start_s: 0,
                            expected_end_s: 0,
                            allocation: Allocation::default(),
                            power_mw: 0,
                            compute_mw: 0,
                            k_start: Cumulative::default(),
                            state: SlotState::Free,
                        });
                        (self.running.len() - 1) as u32
                    }
                };
                let run = &mut self.running[slot as usize];
                run.spec = spec;
                run.state = SlotState::Queued;
                site.policy.submit(QueuedJob { slot, id: spec.id, gpus: spec.gpus, duration_s: spec.duration_s });
                self.request_pass(site_index, scheduler);
                self.next_job = self.stream.next();
                if let Some(next) = &self.next_job {
                    scheduler.schedule_at(next.arrival_s, RANK_ARRIVAL, Kind::Arrival);
                }
            }
            Kind::End { slot, generation } => {
                let run = &self.running[slot as usize];
                if run.state != SlotState::Running || run.generation != generation {
                    return;
                }
                let site = run.spec.site;
                self.finish(slot, now, JobStatus::Completed);
                self.request_pass(site, scheduler);
                if self.audit {
                    self.check_site(site);
                }
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
                if self.audit {
                    self.check_site(site_index);
                }
            }
        }
    }
}
