//! The waiting line of one site: submission order, or priority then submission order.

use super::{Cluster, QueuedJob, Started};
use crate::engine::SimTime;
use std::collections::VecDeque;

/// Jobs waiting to start.
#[derive(Debug, Default)]
pub struct Waiting {
    jobs: VecDeque<QueuedJob>,
    gpus: u64,
    by_priority: bool,
}

impl Waiting {
    /// An empty line; `by_priority` orders higher priorities first.
    pub fn new(by_priority: bool) -> Self {
        Waiting {
            jobs: VecDeque::new(),
            gpus: 0,
            by_priority,
        }
    }

    /// Adds a job behind every job of the same or higher priority (O(1) in FIFO order;
    /// in priority order, O(number of lower-priority jobs waiting)).
    pub fn push(&mut self, job: QueuedJob) {
        self.gpus += u64::from(job.gpus);
        if self.by_priority {
            let mut i = self.jobs.len();
            while i > 0 && self.jobs[i - 1].priority < job.priority {
                i -= 1;
            }
            self.jobs.insert(i, job);
        } else {
            self.jobs.push_back(job);
        }
    }

    /// The job at position `i`.
    pub fn get(&self, i: usize) -> Option<QueuedJob> {
        self.jobs.get(i).copied()
    }

    /// Removes the job at position `i`.
    pub fn remove(&mut self, i: usize) -> Option<QueuedJob> {
        let job = self.jobs.remove(i)?;
        self.gpus -= u64::from(job.gpus);
        Some(job)
    }

    /// Jobs waiting.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// True when nobody waits.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Accelerators requested by waiting jobs.
    pub fn gpus(&self) -> u64 {
        self.gpus
    }

    /// Starts jobs from the front while they fit; returns at the first that does not.
    pub fn start_in_order(
        &mut self,
        now: SimTime,
        cluster: &mut Cluster,
        started: &mut Vec<Started>,
    ) {
        while let Some(job) = self.get(0) {
            match cluster.allocate(job.gpus, now.saturating_add(job.duration_s)) {
                Some(allocation) => {
                    self.remove(0);
                    started.push(Started { job, allocation });
                }
                None => break,
            }
        }
    }

    /// Removes every job, in order.
    pub fn drain(&mut self) -> Vec<QueuedJob> {
        self.gpus = 0;
        self.jobs.drain(..).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: u64, priority: u8) -> QueuedJob {
        QueuedJob {
            slot: id as u32,
            id,
            gpus: 1,
            duration_s: 1,
            priority,
        }
    }

    #[test]
    fn priority_order_is_stable() {
        let mut w = Waiting::new(true);
        for (id, p) in [(0, 0), (1, 2), (2, 1), (3, 2), (4, 0)] {
            w.push(job(id, p));
        }
        let order: Vec<u64> = w.drain().iter().map(|j| j.id).collect();
        assert_eq!(order, vec![1, 3, 2, 0, 4]);
        let mut f = Waiting::new(false);
        f.push(job(0, 0));
        f.push(job(1, 5));
        assert_eq!(f.get(0).map(|j| j.id), Some(0));
        assert_eq!(f.gpus(), 2);
    }
}
