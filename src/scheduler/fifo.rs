//! First-come, first-served (optionally by priority class first).

use super::waiting::Waiting;
use super::{Cluster, Policy, QueuedJob, Started};
use crate::engine::SimTime;

/// Starts jobs in queue order; the first that does not fit blocks all behind it.
#[derive(Debug, Default)]
pub struct Fifo {
    queue: Waiting,
}

impl Fifo {
    /// A FIFO queue, by priority class first if `by_priority`.
    pub fn new(by_priority: bool) -> Self {
        Fifo {
            queue: Waiting::new(by_priority),
        }
    }
}

impl Policy for Fifo {
    fn submit(&mut self, job: QueuedJob) {
        self.queue.push(job);
    }

    fn schedule(&mut self, now: SimTime, cluster: &mut Cluster, started: &mut Vec<Started>) {
        self.queue.start_in_order(now, cluster, started);
    }

    fn queued(&self) -> usize {
        self.queue.len()
    }

    fn queued_gpus(&self) -> u64 {
        self.queue.gpus()
    }

    fn drain(&mut self) -> Vec<QueuedJob> {
        self.queue.drain()
    }

    /// The head does not fit: [`Waiting::start_in_order`] stops at it at once.
    fn blocked(&self, cluster: &Cluster) -> bool {
        self.queue.get(0).is_some_and(|job| !cluster.fits(job.gpus))
    }
}
