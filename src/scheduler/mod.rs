//! Queueing policies behind one small trait.
//!
//! A policy holds the waiting jobs of one site and, when asked, starts those it chooses
//! on the site's [`Cluster`]. It never over-allocates: it can only start a job through
//! [`Cluster::allocate`], which refuses what does not fit.

pub mod cluster;
pub mod easy;
pub mod fifo;
pub mod temporal;
pub mod waiting;

pub use cluster::{Allocation, Cluster};
pub use easy::EasyBackfill;
pub use fifo::Fifo;

use crate::engine::SimTime;

/// Operations layered on the queueing policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Operations {
    /// Order queues by job priority (higher first), then by arrival.
    pub priority: bool,
    /// EASY looks at most this many jobs behind the head for backfilling.
    pub backfill_depth: usize,
    /// Carbon-, water- or cost-aware temporal shifting of deferrable jobs.
    pub temporal: Option<temporal::TemporalConfig>,
    /// Spatial shifting across sites.
    pub spatial: Option<SpatialConfig>,
}

impl Default for Operations {
    fn default() -> Self {
        Operations {
            priority: false,
            backfill_depth: DEFAULT_BACKFILL_DEPTH,
            temporal: None,
            spatial: None,
        }
    }
}

/// The queueing policy of every site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PolicyKind {
    /// Strict first-come first-served: the head of the queue blocks everything behind it.
    #[default]
    Fifo,
    /// EASY backfill (Lifka 1995): later jobs may start if they do not delay the head.
    EasyBackfill,
}

impl PolicyKind {
    /// An empty cluster of `nodes` nodes for this policy: only EASY reads the free-time
    /// index, so FIFO skips maintaining it.
    pub fn cluster(self, nodes: u32, gpus_per_node: u32) -> Cluster {
        match self {
            PolicyKind::Fifo => Cluster::new(nodes, gpus_per_node),
            PolicyKind::EasyBackfill => Cluster::with_free_times(nodes, gpus_per_node),
        }
    }

    /// A fresh policy of this kind for one site; `audit` makes EASY record its reservations.
    pub fn build(self, ops: &Operations, audit: bool) -> Box<dyn Policy> {
        match self {
            PolicyKind::Fifo => Box::new(Fifo::new(ops.priority)),
            PolicyKind::EasyBackfill => {
                Box::new(EasyBackfill::new(ops.priority, ops.backfill_depth, audit))
            }
        }
    }
}

/// Default number of queued jobs EASY considers for backfilling per pass (Slurm's
/// `bf_max_job_test` default is 500; 100 keeps passes cheap on long queues).
pub const DEFAULT_BACKFILL_DEPTH: usize = 100;

/// Spatial shifting: each job goes to the allowed site with the lowest expected footprint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpatialConfig {
    /// What to minimise.
    pub objective: temporal::Objective,
    /// Delay before a job sent to another site than its own can start there, s (data
    /// transfer).
    pub transfer_delay_s: u64,
}

/// What a policy needs to know of a waiting job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuedJob {
    /// The job's slot in the simulator.
    pub slot: u32,
    /// The job's id (submission order).
    pub id: u64,
    /// Accelerators requested.
    pub gpus: u32,
    /// Expected run time, seconds (exact in this model: no user over-estimates).
    pub duration_s: u64,
    /// Priority (higher first when the policy orders by priority).
    pub priority: u8,
}

/// A job a policy decided to start, with the accelerators it got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    /// The job.
    pub job: QueuedJob,
    /// Its accelerators.
    pub allocation: Allocation,
}

/// A reservation made for the blocked head of the queue (for audits and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reservation {
    /// The head job's id.
    pub job_id: u64,
    /// When it was made.
    pub at: SimTime,
    /// The start time guaranteed to the head.
    pub start: SimTime,
}

/// A queueing policy for one site.
pub trait Policy: Send {
    /// Adds a job to the queue.
    fn submit(&mut self, job: QueuedJob);
    /// Starts what the policy chooses at time `now`, appending to `started`.
    fn schedule(&mut self, now: SimTime, cluster: &mut Cluster, started: &mut Vec<Started>);
    /// Jobs waiting.
    fn queued(&self) -> usize;
    /// Accelerators requested by waiting jobs.
    fn queued_gpus(&self) -> u64;
    /// Removes and returns every waiting job, in queue order (at the end of a run).
    fn drain(&mut self) -> Vec<QueuedJob>;
    /// Reservations made so far, when auditing is on (EASY only).
    fn reservations(&self) -> &[Reservation] {
        &[]
    }
    /// True only if [`Policy::schedule`] on `cluster` as it stands would start nothing, so
    /// the model may leave the pass out. `false` is always a correct answer (the default).
    fn blocked(&self, _cluster: &Cluster) -> bool {
        false
    }
}
