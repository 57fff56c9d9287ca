//! Strict first-come, first-served.

use super::{Cluster, Policy, QueuedJob, Started};
use crate::engine::SimTime;
use std::collections::VecDeque;

/// Starts jobs in submission order; the first that does not fit blocks all behind it.
#[derive(Debug, Default)]
pub struct Fifo {
    queue: VecDeque<QueuedJob>,
    queued_gpus: u64,
}

impl Policy for Fifo {
    fn submit(&mut self, job: QueuedJob) {
        self.queued_gpus += u64::from(job.gpus);
        self.queue.push_back(job);
    }

    fn schedule(&mut self, now: SimTime, cluster: &mut Cluster, started: &mut Vec<Started>) {
        while let Some(&job) = self.queue.front() {
            match cluster.allocate(job.gpus, now.saturating_add(job.duration_s)) {
                Some(allocation) => {
                    self.queue.pop_front();
                    self.queued_gpus -= u64::from(job.gpus);
                    started.push(Started { job, allocation });
                }
                None => break,
            }
        }
    }

    fn queued(&self) -> usize {
        self.queue.len()
    }

    fn queued_gpus(&self) -> u64 {
        self.queued_gpus
    }

    fn drain(&mut self) -> Vec<QueuedJob> {
        self.queued_gpus = 0;
        self.queue.drain(..).collect()
    }
}
