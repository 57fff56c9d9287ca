//! Jobs and the streams that submit them.
//!
//! A job is gang-scheduled on `gpus` accelerators for `duration_s` seconds of compute.
//! Jobs come from a fixed list (to replicate published runs) and from synthetic classes
//! with Poisson arrivals; [`JobStream`] merges both in submission order, lazily, so memory
//! does not grow with the number of jobs.

pub mod arrivals;
pub mod failures;
pub mod synthetic;
pub mod trace;

pub use synthetic::{DurationModel, JobClassConfig, SyntheticConfig};

use crate::engine::SimTime;
use crate::engine::rng::{StreamId, stream_rng};

/// One submitted job, fully determined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobSpec {
    /// Unique id, in submission order from 0.
    pub id: u64,
    /// Index into [`WorkloadConfig::labels`]: the fixed job's name or the class name.
    pub label: u32,
    /// Index of the site the job runs on.
    pub site: u16,
    /// Submission time.
    pub arrival_s: SimTime,
    /// Accelerators used.
    pub gpus: u32,
    /// Compute time at full speed, seconds (≥ 1).
    pub duration_s: u64,
    /// Accelerator utilisation while computing, for the power curve.
    pub gpu_utilization: f64,
    /// What the job may be moved and delayed for.
    pub flex: Flexibility,
}

/// How a job may be scheduled beyond first-come first-served.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flexibility {
    /// Latest completion, an instant: s after the start of the simulation (deferrable jobs
    /// only). Set when the job is submitted, from its fixed deadline or its class's slack.
    pub deadline_at_s: Option<SimTime>,
    /// Sites the job may run at (bit i = site i); data residency.
    pub allowed_sites: u64,
    /// Higher runs first under priority scheduling.
    pub priority: u8,
    /// May be paused and resumed (at a checkpoint) by temporal shifting.
    pub interruptible: bool,
    /// Checkpoint and restart behaviour.
    pub checkpoint: failures::CheckpointPolicy,
}

impl Default for Flexibility {
    fn default() -> Self {
        Flexibility {
            deadline_at_s: None,
            allowed_sites: u64::MAX,
            priority: 0,
            interruptible: false,
            checkpoint: failures::CheckpointPolicy::default(),
        }
    }
}

/// A fixed job (already expanded from `count`), minus its id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedJobConfig {
    /// Label index.
    pub label: u32,
    /// Site index.
    pub site: u16,
    /// Submission time.
    pub arrival_s: SimTime,
    /// Accelerators.
    pub gpus: u32,
    /// Compute time, seconds.
    pub duration_s: u64,
    /// Utilisation.
    pub gpu_utilization: f64,
    /// Latest completion, s after the arrival (deferrable jobs only).
    pub deadline_after_arrival_s: Option<SimTime>,
    /// Flexibility (its `deadline_at_s` is set at submission).
    pub flex: Flexibility,
}

/// Everything that defines the submitted jobs.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WorkloadConfig {
    /// Names of fixed jobs and classes, referenced by [`JobSpec::label`].
    pub labels: Vec<String>,
    /// Fixed jobs, sorted by arrival (stable).
    pub fixed: Vec<FixedJobConfig>,
    /// Synthetic arrivals, if any.
    pub synthetic: Option<SyntheticConfig>,
}

/// Submitted jobs in order of arrival (ties: fixed jobs first, then by id).
pub struct JobStream<'a> {
    config: &'a WorkloadConfig,
    next_fixed: usize,
    synthetic: Option<synthetic::SyntheticStream<'a>>,
    next_id: u64,
}

impl<'a> JobStream<'a> {
    /// A stream for one replication; synthetic arrivals stop before `window_end_s`.
    pub fn new(config: &'a WorkloadConfig, replication_seed: u64, window_end_s: SimTime) -> Self {
        let synthetic = config.synthetic.as_ref().map(|s| {
            synthetic::SyntheticStream::new(
                s,
                window_end_s,
                stream_rng(replication_seed, StreamId::Arrivals),
                stream_rng(replication_seed, StreamId::Sizes),
                stream_rng(replication_seed, StreamId::Durations),
            )
        });
        JobStream {
            config,
            next_fixed: 0,
            synthetic,
            next_id: 0,
        }
    }
}

impl Iterator for JobStream<'_> {
    type Item = JobSpec;

    fn next(&mut self) -> Option<JobSpec> {
        let fixed = self.config.fixed.get(self.next_fixed);
        let synthetic_s = self
            .synthetic
            .as_mut()
            .and_then(|s| s.peek())
            .map(|d| d.arrival_s);
        let take_fixed = match (fixed, synthetic_s) {
            (Some(f), Some(s)) => f.arrival_s <= s,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let id = self.next_id;
        self.next_id += 1;
        if take_fixed {
            let f = *fixed?;
            self.next_fixed += 1;
            let mut flex = f.flex;
            flex.deadline_at_s = f
                .deadline_after_arrival_s
                .map(|d| f.arrival_s.saturating_add(d));
            Some(JobSpec {
                id,
                label: f.label,
                site: f.site,
                arrival_s: f.arrival_s,
                gpus: f.gpus,
                duration_s: f.duration_s,
                gpu_utilization: f.gpu_utilization,
                flex,
            })
        } else {
            let d = self.synthetic.as_mut()?.next()?;
            Some(JobSpec {
                id,
                label: d.label,
                site: d.site,
                arrival_s: d.arrival_s,
                gpus: d.gpus,
                duration_s: d.duration_s,
                gpu_utilization: d.gpu_utilization,
                flex: d.flex,
            })
        }
    }
}

/// Duration in whole seconds (at least 1) of 6·N·D FLOPs on `gpus` accelerators of peak
/// `peak_flops` at model FLOPs utilisation `mfu` (Kaplan et al. 2020; LLMCarbon F11).
pub fn duration_from_model_size(
    parameters: f64,
    tokens: f64,
    gpus: u32,
    peak_flops: f64,
    mfu: f64,
) -> u64 {
    seconds_to_whole(training_seconds(parameters, tokens, gpus, peak_flops, mfu))
}

/// Compute time, s (unrounded), of training `parameters` on `tokens` with `gpus` accelerators
/// of `peak_flops` at model FLOPs utilisation `mfu`: 6·N·D / (g·peak·MFU), the training-FLOP
/// count of Kaplan et al. (2020) over the delivered FLOP rate (LLMCarbon F11).
pub fn training_seconds(parameters: f64, tokens: f64, gpus: u32, peak_flops: f64, mfu: f64) -> f64 {
    6.0 * parameters * tokens / (f64::from(gpus) * peak_flops * mfu)
}

/// Longest job accepted, s: 1,000 years, far beyond any training run, and far from the
/// integer limits of simulated time.
pub const MAX_JOB_DURATION_S: u64 = crate::time::days(1_000 * 365);

/// Rounds a positive duration to whole seconds, at least 1 and at most
/// [`MAX_JOB_DURATION_S`].
pub fn seconds_to_whole(seconds: f64) -> u64 {
    (crate::engine::round::round(seconds).clamp(1.0, MAX_JOB_DURATION_S as f64)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_size_duration_matches_hand_calculation() {
        // GPT-3: 6 × 175e9 × 300e9 = 3.15e23 FLOP on 10,000 V100 at 125 TFLOP/s and 20% MFU.
        let s = duration_from_model_size(175e9, 300e9, 10_000, 125e12, 0.2);
        assert_eq!(s, 1_260_000);
    }

    #[test]
    fn fixed_jobs_come_out_in_order_with_ids() {
        let job = |t| FixedJobConfig {
            label: 0,
            site: 0,
            arrival_s: t,
            gpus: 1,
            duration_s: 10,
            gpu_utilization: 1.0,
            deadline_after_arrival_s: None,
            flex: Flexibility::default(),
        };
        let config = WorkloadConfig {
            labels: vec!["a".into()],
            fixed: vec![job(0), job(5), job(5)],
            synthetic: None,
        };
        let jobs: Vec<JobSpec> = JobStream::new(&config, 1, 100).collect();
        assert_eq!(
            jobs.iter().map(|j| (j.id, j.arrival_s)).collect::<Vec<_>>(),
            vec![(0, 0), (1, 5), (2, 5)]
        );
    }
}
