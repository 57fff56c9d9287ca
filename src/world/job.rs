//! A job inside the simulator: where it is in its life, and what it has cost so far.

use crate::accounting::part_load::Anchor;
use crate::accounting::{Charges, Cumulative};
use crate::engine::SimTime;
use crate::scheduler::Allocation;
use crate::workload::JobSpec;
use rand_chacha::ChaCha8Rng;

/// Where a job slot stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotState {
    /// Unused slot.
    Free,
    /// Waiting for its planned start (temporal or spatial shifting, or a pause).
    Held,
    /// In a site's queue.
    Queued,
    /// Holding accelerators.
    Running,
}

/// What a running job's accelerators do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Training.
    Compute,
    /// Writing a checkpoint; then go on, or pause (release the accelerators).
    Checkpoint {
        /// Release the allocation when the checkpoint is written.
        then_pause: bool,
    },
    /// Recovering from an interruption (accelerators held at idle power).
    Restart,
}

/// What only a job at a site with a failure model needs.
#[derive(Default)]
pub struct FailureState {
    /// The job's own failure stream (common random numbers across policies), drawn from
    /// at its first failure clock.
    pub rng: Option<ChaCha8Rng>,
    /// When the scheduled failure strikes, s (while the failure clock runs).
    pub due_s: Option<SimTime>,
    /// Running time left until the next failure while the job is paused, s: the failure
    /// clock counts time holding running accelerators, so a pause neither redraws nor
    /// shortens it.
    pub left_s: Option<SimTime>,
    /// Charges of compute since the last checkpoint (lost on failure).
    pub charges_since_checkpoint: Charges,
    /// Charges lost to failures.
    pub lost: Charges,
}

impl Job {
    /// Charges lost to failures so far.
    pub fn lost(&self) -> Charges {
        self.failure
            .as_ref()
            .map_or_else(Charges::default, |i| i.lost)
    }
}

/// Everything the simulator tracks for one job.
///
/// Laid out in the order the handlers touch the fields (`repr(C)` keeps it): what a phase
/// end reads and writes first, then what a job's end adds to its site's totals, then the
/// fields only records and rarer features read (the job's own charges, kept only for a
/// sink that keeps records), so that a job ending touches as few cache lines as it can.
#[repr(C)]
pub struct Job {
    pub state: SlotState,
    pub phase: Phase,
    /// The current phase has been entered and not yet closed (charged).
    pub phase_open: bool,
    /// Incremented at every phase change: stale phase-end events are dropped.
    pub phase_generation: u32,
    /// Incremented whenever the failure clock is reset.
    pub failure_generation: u32,
    /// Incremented whenever a planned pause is (re)scheduled or cancelled.
    pub pause_generation: u32,
    pub interruptions: u32,
    pub checkpoints: u32,
    pub pauses: u32,
    /// Start of the current phase.
    pub phase_start_s: SimTime,
    /// IT power in the current phase, mW.
    pub power_milliwatts: u64,
    /// Accelerator part of that power (gpus × per-accelerator state power), mW.
    pub gpu_state_milliwatts: u64,
    /// Relative speed of the current compute phase (1 uncapped).
    pub speed: f64,
    /// Full-speed compute seconds still to do.
    pub remaining_work_s: f64,
    /// Compute seconds until the next checkpoint is due (infinite: never).
    pub until_checkpoint_s: f64,
    /// Work since the last checkpoint (lost on failure), full-speed seconds.
    pub work_since_checkpoint_s: f64,
    /// Compute wall time since the last checkpoint, s.
    pub compute_wall_since_checkpoint_s: f64,
    /// Running integrals at the start of the current phase.
    pub k_phase_start: Cumulative,
    /// The failure clock and what a failure would lose, once the job runs at a site with
    /// a failure model (`None` before, and for jobs at sites without one). Boxed: inline
    /// it would add its size (over 400 bytes, tested below) to every job, which every
    /// event touches; the box stays with the slot when it is reused.
    pub failure: Option<Box<FailureState>>,
    /// Start of the current allocation.
    pub allocated_since_s: SimTime,
    /// The end the cluster was told at allocation (for EASY reservations).
    pub expected_end_s: SimTime,
    pub held_gpu_s: f64,
    pub held_wall_s: f64,
    pub useful_compute_wall_s: f64,
    /// Total time waiting in queues (and held), s.
    pub wait_s: f64,
    pub lost_gpu_s: f64,
    /// First start, if started.
    pub first_start_s: Option<SimTime>,
    pub embodied_gpu_kg: f64,
    pub embodied_server_kg: f64,
    /// Embodied minerals (ADP) of the accelerators and servers held, kg Sb-eq.
    pub embodied_adp_kg_sb_eq: f64,
    /// Embodied fab water of the accelerators and servers held, L.
    pub embodied_water_l: f64,
    pub hardware_cost_usd: f64,
    /// Accelerators held.
    pub allocation: Allocation,
    /// Planned running windows of an interruptible job (after the current one).
    pub windows: Vec<(SimTime, SimTime)>,
    /// Hours booked on the site's occupancy profile (temporal shifting only).
    pub bookings: Vec<(SimTime, SimTime)>,
    pub spec: JobSpec,
    /// Unpriced IT energy in the hour the current phase started in (part-load sites).
    pub anchor: Anchor,
    /// Totals (for the job's record only: not kept for a sink that discards records).
    pub charges: Charges,
    /// The deadline plans must meet: the job's deadline less the slack reserve.
    pub plan_deadline_at_s: Option<SimTime>,
    /// Interval between checkpoints in compute seconds (infinite: never).
    pub checkpoint_every_s: f64,
    /// Accelerators held per allocation (whole nodes above one node).
    pub allocated_slots: u32,
    /// Nodes touched per allocation.
    pub nodes: u32,
}

impl Job {
    /// A fresh slot for `spec`.
    pub fn new(spec: JobSpec) -> Job {
        Job {
            spec,
            state: SlotState::Free,
            phase: Phase::Compute,
            phase_open: false,
            phase_generation: 0,
            failure_generation: 0,
            pause_generation: 0,
            remaining_work_s: spec.duration_s as f64,
            until_checkpoint_s: f64::INFINITY,
            checkpoint_every_s: f64::INFINITY,
            work_since_checkpoint_s: 0.0,
            compute_wall_since_checkpoint_s: 0.0,
            speed: 1.0,
            phase_start_s: 0,
            power_milliwatts: 0,
            gpu_state_milliwatts: 0,
            k_phase_start: Cumulative::default(),
            anchor: Anchor::default(),
            allocation: Allocation::default(),
            expected_end_s: 0,
            failure: None,
            windows: Vec::new(),
            plan_deadline_at_s: None,
            bookings: Vec::new(),
            first_start_s: None,
            wait_s: 0.0,
            charges: Charges::default(),
            held_gpu_s: 0.0,
            useful_compute_wall_s: 0.0,
            held_wall_s: 0.0,
            lost_gpu_s: 0.0,
            interruptions: 0,
            checkpoints: 0,
            pauses: 0,
            embodied_gpu_kg: 0.0,
            embodied_server_kg: 0.0,
            embodied_adp_kg_sb_eq: 0.0,
            embodied_water_l: 0.0,
            hardware_cost_usd: 0.0,
            allocated_since_s: 0,
            allocated_slots: 0,
            nodes: 0,
        }
    }

    /// Resets a slot for a new job, keeping generation counters increasing.
    pub fn reuse(&mut self, spec: JobSpec) {
        let (p, f, q) = (
            self.phase_generation,
            self.failure_generation,
            self.pause_generation,
        );
        let failure = self.failure.take().map(|mut i| {
            *i = FailureState::default();
            i
        });
        *self = Job::new(spec);
        self.failure = failure;
        self.phase_generation = p.wrapping_add(1);
        self.failure_generation = f.wrapping_add(1);
        self.pause_generation = q.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boxing the failure state keeps more than 400 bytes out of every job, which is
    /// 616 bytes (632 before two fields nothing read were dropped; 824 with the failure
    /// generator boxed alone and the two charge records inline).
    #[test]
    fn the_boxed_failure_state_keeps_its_bytes_out_of_the_job() {
        let boxed = std::mem::size_of::<FailureState>();
        assert!(boxed > 400, "failure state {boxed} B");
        assert_eq!(std::mem::size_of::<Option<Box<FailureState>>>(), 8);
        assert_eq!(std::mem::size_of::<Job>(), 616);
    }

    /// The layout follows the handlers: the phase state in the first cache line, the
    /// running phase before the totals a job's end adds to its site, and the fields only
    /// a record or a rarer feature reads after all of them.
    #[test]
    fn fields_are_laid_out_in_the_order_they_are_touched() {
        use std::mem::offset_of;
        assert!(offset_of!(Job, pause_generation) < 64);
        assert!(offset_of!(Job, phase_start_s) < offset_of!(Job, k_phase_start));
        assert!(offset_of!(Job, k_phase_start) < offset_of!(Job, held_gpu_s));
        assert!(offset_of!(Job, held_gpu_s) < offset_of!(Job, hardware_cost_usd));
        let last_hot = offset_of!(Job, spec) + std::mem::size_of::<JobSpec>();
        for cold in [
            offset_of!(Job, anchor),
            offset_of!(Job, charges),
            offset_of!(Job, plan_deadline_at_s),
            offset_of!(Job, checkpoint_every_s),
            offset_of!(Job, allocated_slots),
            offset_of!(Job, nodes),
        ] {
            assert!(cold >= last_hot, "{cold} before {last_hot}");
        }
    }

    /// A reused slot keeps its box, emptied: no failure clock, no charges carried over.
    #[test]
    fn a_reused_slot_starts_with_empty_failure_state() {
        let spec = JobSpec {
            id: 3,
            label: 0,
            site: 0,
            arrival_s: 10,
            gpus: 8,
            duration_s: 100,
            gpu_utilization: 0.9,
            flex: Default::default(),
        };
        let mut job = Job::new(spec);
        let mut state = FailureState {
            due_s: Some(50),
            left_s: Some(7),
            ..Default::default()
        };
        state.lost.it_energy_kwh = 2.0;
        state.charges_since_checkpoint.co2_operational_kg = 1.0;
        job.failure = Some(Box::new(state));
        let before = job.failure.as_deref().map(std::ptr::from_ref);
        job.reuse(JobSpec { id: 4, ..spec });
        let after = job.failure.as_deref();
        assert_eq!(after.map(std::ptr::from_ref), before, "the same box");
        let after = after.expect("kept");
        assert_eq!((after.due_s, after.left_s), (None, None));
        assert!(after.rng.is_none());
        assert_eq!(after.lost, Charges::default());
        assert_eq!(after.charges_since_checkpoint, Charges::default());
        assert_eq!(job.lost(), Charges::default());
    }
}
