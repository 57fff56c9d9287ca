//! What one replication produces: per-job records, per-site totals and hourly rows.

use crate::accounting::{Charges, HourRow};
use crate::engine::SimTime;

/// Where a job stood when the simulation stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStatus {
    /// Ran to completion.
    Completed,
    /// Still running at the end of the window (charged up to it).
    Running,
    /// Never started.
    Queued,
}

impl JobStatus {
    /// Lower-case name used in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Completed => "completed",
            JobStatus::Running => "running",
            JobStatus::Queued => "queued",
        }
    }
}

/// One job's footprint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobRecord {
    /// Submission-order id.
    pub id: u64,
    /// Label index (fixed job name or class).
    pub label: u32,
    /// Site index.
    pub site: u16,
    /// Accelerators used.
    pub gpus: u32,
    /// Accelerators held (whole nodes above one node).
    pub allocated_gpus: u32,
    /// Nodes touched.
    pub nodes: u32,
    /// Submission time, s.
    pub arrival_s: SimTime,
    /// Compute time at full speed asked for, s (the job's duration as submitted).
    pub duration_s: u64,
    /// Accelerator utilisation while computing, for the power curve.
    pub gpu_utilization: f64,
    /// Start time, s (None if never started).
    pub start_s: Option<SimTime>,
    /// End of the charged interval, s (completion, or the end of the window).
    pub end_s: Option<SimTime>,
    /// State at the end.
    pub status: JobStatus,
    /// Accelerator-hours of compute (gpus × run time).
    pub gpu_hours: f64,
    /// Energy and operational carbon.
    pub charges: Charges,
    /// Embodied carbon of the accelerators held, kg.
    pub co2_embodied_gpu_kg: f64,
    /// Embodied carbon of the servers' share held, kg.
    pub co2_embodied_server_kg: f64,
    /// Embodied minerals (abiotic depletion) of the accelerators and servers held, kg Sb-eq.
    pub adp_kg_sb_eq: f64,
    /// Embodied fab water of the accelerators and servers held, L.
    pub water_embodied_l: f64,
    /// Cost of the accelerator-hours held (amortised capital or cloud price), USD.
    pub hardware_cost_usd: f64,
    /// Operations: interruptions, checkpoints, pauses and what they cost.
    pub ops: JobOps,
}

/// What operations did to a job.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobOps {
    /// Total wait in queues (and held for shifting), s.
    pub wait_s: f64,
    /// Hardware interruptions.
    pub interruptions: u32,
    /// Checkpoints written.
    pub checkpoints: u32,
    /// Pauses (interruptible temporal shifting).
    pub pauses: u32,
    /// Accelerator-hours of compute lost to interruptions.
    pub lost_gpu_hours: f64,
    /// Energy and carbon of that lost compute.
    pub lost: Charges,
    /// Accelerator-hours of compute that counted.
    pub useful_gpu_hours: f64,
    /// Useful compute time / time holding accelerators.
    pub effective_training_fraction: f64,
    /// Deadline, s since the start, if any.
    pub deadline_at_s: Option<SimTime>,
    /// Completed after its deadline (or not completed by the end of the window while past it).
    pub deadline_missed: bool,
    /// Full-speed compute seconds done (= the job's duration when completed).
    pub work_done_s: f64,
}

impl JobRecord {
    /// Time between submission and start (or the end of the window if never started).
    pub fn wait_s(&self, window_end_s: SimTime) -> SimTime {
        self.start_s
            .unwrap_or(window_end_s)
            .saturating_sub(self.arrival_s)
    }
}

/// Receives job records as jobs end, so memory does not grow with the number of jobs.
pub trait JobSink {
    /// Whether the sink reads the records: one that discards them ([`NoJobs`]) lets the
    /// simulation skip what only a record reads (each job's own charges), which changes
    /// no total.
    const KEEPS_RECORDS: bool = true;

    /// One finished (or cut-off) job.
    fn record(&mut self, job: &JobRecord);
}

/// Receives each site's complete hourly rows in hour order, site by site interleaved, so
/// that a run writing `hourly.csv` need not keep them (see [`crate::run::RunOptions`]).
pub trait HourSink {
    /// The next complete hour of site `site`.
    fn hour(&mut self, site: usize, row: &crate::accounting::HourRow);
}

/// Discards records.
pub struct NoJobs;

impl JobSink for NoJobs {
    const KEEPS_RECORDS: bool = false;

    fn record(&mut self, _: &JobRecord) {}
}

impl JobSink for Vec<JobRecord> {
    fn record(&mut self, job: &JobRecord) {
        self.push(*job);
    }
}

/// Totals for one site over the simulated window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteTotals {
    /// Site name.
    pub name: String,
    /// Accelerators provisioned.
    pub gpus: u64,
    /// The whole site's charges, from node power states hour by hour.
    pub site: Charges,
    /// Σ jobs' charges.
    pub jobs: Charges,
    /// Idle capacity's charges (unallocated accelerators, idle hosts, always-on power).
    pub idle: Charges,
    /// Hourly matching of the site's load with its contracted supply.
    pub matching: crate::accounting::matching::MatchSummary,
    /// Market-based Scope 2 under annual matching, kg CO2e.
    pub co2_scope2_market_kg: f64,
    /// Scope 1 emissions over the window, kg CO2e.
    pub co2_scope1_kg: f64,
    /// Cost of accelerator-hours held by jobs (amortised capital or cloud price), USD.
    pub hardware_cost_usd: f64,
    /// Embodied carbon charged to jobs (usage-based), kg.
    pub co2_embodied_kg: f64,
    /// Embodied carbon of all provisioned hardware over the window, kg.
    pub co2_embodied_provisioned_kg: f64,
    /// Off-site water withdrawn (facility energy × withdrawal EWIF), L.
    pub water_offsite_withdrawal_l: f64,
    /// Operational water consumed × the site's scarcity factor, L world-eq.
    pub water_scarcity_weighted_l: f64,
    /// Embodied minerals (abiotic depletion) charged to jobs, kg Sb-eq.
    pub adp_kg_sb_eq: f64,
    /// Embodied fab water charged to jobs, L.
    pub water_embodied_l: f64,
    /// Accelerator-hours of compute.
    pub gpu_hours: f64,
    /// Allocated accelerator-seconds over the window.
    pub allocated_gpu_s: f64,
    /// Jobs submitted / completed / running at the end / never started.
    pub jobs_submitted: u64,
    /// Jobs completed.
    pub jobs_completed: u64,
    /// Jobs running at the end.
    pub jobs_running: u64,
    /// Jobs never started.
    pub jobs_queued: u64,
    /// Σ wait of started jobs, s.
    pub wait_sum_s: f64,
    /// Jobs started.
    pub jobs_started: u64,
    /// Longest wait among started jobs, s.
    pub wait_max_s: f64,
    /// Peak and p99 hourly facility power, hours above the grid-connection limit.
    pub peak: crate::accounting::peak::PeakSummary,
    /// Hourly rows from the start.
    pub hours: Vec<HourRow>,
    /// Outdoor weather of the replication, for `hourly.csv`.
    pub weather: WeatherColumns,
    /// Operational metrics.
    pub ops: SiteOps,
}

/// Operational metrics of a site.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteOps {
    /// 95th percentile of waits of started jobs, s (1% bins).
    pub wait_p95_s: f64,
    /// Mean bounded slowdown of completed jobs: max(1, (wait + run) / max(run, 10 s)).
    pub bounded_slowdown_mean: f64,
    /// Useful compute accelerator-hours.
    pub useful_gpu_hours: f64,
    /// Accelerator-hours held by jobs.
    pub held_gpu_hours: f64,
    /// Interruptions.
    pub interruptions: u64,
    /// Checkpoints written.
    pub checkpoints: u64,
    /// Pauses.
    pub pauses: u64,
    /// Lost compute, accelerator-hours.
    pub lost_gpu_hours: f64,
    /// Energy and carbon of lost compute.
    pub lost: Charges,
    /// Jobs with deadlines that ended (or were cut off) in the window.
    pub deadline_jobs: u64,
    /// Of which missed.
    pub deadline_misses: u64,
    /// Last completion, s.
    pub makespan_s: f64,
    /// Σ useful compute wall / Σ wall time holding accelerators, over jobs.
    pub effective_training_fraction: f64,
}

/// Outdoor dry- and wet-bulb series of a site, where a weather model is used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeatherColumns {
    /// Dry-bulb, °C.
    pub dry_bulb_c: Option<crate::site::HourlySeries>,
    /// Wet-bulb, °C.
    pub wet_bulb_c: Option<crate::site::HourlySeries>,
}

/// One replication's results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicationResult {
    /// Length of the accounted window, s.
    pub window_s: SimTime,
    /// Events handled by the engine.
    pub events: u64,
    /// Per-site totals.
    pub sites: Vec<SiteTotals>,
}
