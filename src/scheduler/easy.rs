//! EASY backfill (Lifka 1995, "The ANL/IBM SP scheduling system"; Mu'alem & Feitelson
//! 2001): jobs start in order; when the head does not fit it gets a reservation at the
//! earliest time enough nodes are expected free, and later jobs may start now if they
//! do not delay that reservation.

use super::waiting::Waiting;
use super::{Cluster, Policy, QueuedJob, Reservation, Started};
use crate::engine::SimTime;

/// EASY backfilling with exact run-time estimates.
#[derive(Debug)]
pub struct EasyBackfill {
    queue: Waiting,
    depth: usize,
    audit: Option<Vec<Reservation>>,
}

impl EasyBackfill {
    /// EASY over a queue (by priority class first if `by_priority`) that considers at most
    /// `depth` jobs behind the head per pass; `audit` records every reservation.
    pub fn new(by_priority: bool, depth: usize, audit: bool) -> Self {
        EasyBackfill {
            queue: Waiting::new(by_priority),
            depth,
            audit: audit.then(Vec::new),
        }
    }
}

impl Policy for EasyBackfill {
    fn submit(&mut self, job: QueuedJob) {
        self.queue.push(job);
    }

    fn schedule(&mut self, now: SimTime, cluster: &mut Cluster, started: &mut Vec<Started>) {
        // 1. Start jobs in order while they fit.
        self.queue.start_in_order(now, cluster, started);
        let Some(head) = self.queue.get(0) else {
            return;
        };
        // 2. Reserve for the head.
        let (shadow, mut extra) = cluster.reservation(now, head.gpus);
        if let Some(audit) = &mut self.audit {
            audit.push(Reservation {
                job_id: head.id,
                at: now,
                start: shadow,
            });
        }
        // 3. Backfill behind it without delaying the reservation.
        let mut i = 1;
        let mut examined = 0;
        while i < self.queue.len() && examined < self.depth {
            if cluster.allocated_slots()
                == u64::from(cluster.nodes()) * u64::from(cluster.gpus_per_node())
            {
                break;
            }
            examined += 1;
            let Some(job) = self.queue.get(i) else { break };
            let end = now.saturating_add(job.duration_s);
            let eligible = cluster.fits(job.gpus)
                && (end <= shadow || {
                    let taken = cluster.nodes_taken_from(job.gpus, shadow);
                    if taken <= extra {
                        extra -= taken;
                        true
                    } else {
                        false
                    }
                });
            if eligible && let Some(allocation) = cluster.allocate(job.gpus, end) {
                self.queue.remove(i);
                started.push(Started { job, allocation });
                continue;
            }
            i += 1;
        }
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

    fn reservations(&self) -> &[Reservation] {
        self.audit.as_deref().unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(slot: u32, gpus: u32, duration_s: u64) -> QueuedJob {
        QueuedJob {
            slot,
            id: u64::from(slot),
            gpus,
            duration_s,
            priority: 0,
        }
    }

    #[test]
    fn short_job_backfills_long_job_waits() {
        let mut cluster = Cluster::with_free_times(2, 8);
        let mut policy = EasyBackfill::new(false, 100, true);
        let mut started = vec![];
        policy.submit(job(0, 8, 100));
        policy.schedule(0, &mut cluster, &mut started);
        assert_eq!(started.len(), 1);
        // head needs both nodes: reserved at t=100; a 50 s job fits before, a 500 s one does not
        policy.submit(job(1, 16, 10));
        policy.submit(job(2, 8, 500));
        policy.submit(job(3, 8, 50));
        started.clear();
        policy.schedule(0, &mut cluster, &mut started);
        let ids: Vec<u32> = started.iter().map(|s| s.job.slot).collect();
        assert_eq!(ids, vec![3]);
        assert_eq!(policy.reservations().last().map(|r| r.start), Some(100));
        assert_eq!(policy.queued(), 2);
        assert_eq!(policy.queued_gpus(), 24);
    }
}
