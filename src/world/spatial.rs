//! Spatial shifting: the allowed site an arriving job is sent to.
//!
//! The planner compares, for every allowed site that can hold the job, the job's expected
//! footprint there: the forecast objective (for carbon, PUE × carbon intensity) over the
//! job's run starting at its *expected start* at that site, times the job's power there.
//! The expected start is the job's arrival there (after the transfer delay) if it can start
//! at once, otherwise the time the cluster's free-time index says enough nodes will be free
//! for the work already queued there and then the job ([`Cluster::expected_start`]).
//!
//! A job accepts waiting up to its latest planned start: the deadline minus its expected
//! run time minus a reserve of its slack kept for queueing surprises (the temporal
//! `slack_reserve`, 0.5 by default); a job without a deadline accepts no wait beyond its
//! transfer. Among the sites where it would start in time, it goes to the one with the
//! lowest expected footprint; if none, to the one where it is expected to start first (a
//! site with more work queued than it has nodes counts as starting later than any other).
//! Ties go to the job's home site, then to the lower site index.
//!
//! Why: ranking sites by "free now" first (the earlier rule) let small jobs fill the clean
//! site and then sent the large deferrable jobs, who arrived to find it full, straight to
//! dirty sites, although they could have waited for it within their slack. On
//! `scenarios/policies.toml` the two effects nearly cancelled, so the saving was small and
//! varied a lot between replications.
//!
//! [`Cluster::expected_start`]: crate::scheduler::Cluster::expected_start

use super::World;
use crate::engine::SimTime;
use crate::results::JobSink;
use crate::scheduler::SpatialConfig;
use crate::scheduler::temporal::DEFAULT_SLACK_RESERVE;

/// One site a job may go to, as the planner sees it on arrival.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Candidate {
    /// The site's index.
    pub site: u16,
    /// Expected start there.
    pub start_s: SimTime,
    /// Whether that start is no later than the job accepts.
    pub on_time: bool,
    /// Expected objective of the run from `start_s` (read only when on time).
    pub cost: f64,
}

/// The planner's choice among candidates offered one by one (ties go to the one offered
/// first: the job's home site, then the others in site order).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Choice {
    /// Cheapest on-time candidate: (cost, site).
    on_time: Option<(f64, u16)>,
    /// Earliest expected start: (start, site).
    earliest: Option<(SimTime, u16)>,
}

impl Choice {
    /// Considers one more candidate.
    pub fn offer(&mut self, c: Candidate) {
        if c.on_time && self.on_time.is_none_or(|(cost, _)| c.cost < cost) {
            self.on_time = Some((c.cost, c.site));
        }
        if self.earliest.is_none_or(|(start, _)| c.start_s < start) {
            self.earliest = Some((c.start_s, c.site));
        }
    }

    /// The cheapest site among those where the job starts in time, else the one where it
    /// is expected to start first; `None` if nothing was offered.
    pub fn site(&self) -> Option<u16> {
        self.on_time
            .map(|(_, site)| site)
            .or(self.earliest.map(|(_, site)| site))
    }
}

/// The latest start a job arriving at `now` accepts: `deadline − length − reserve ×
/// slack` with `slack = deadline − now − length`; `now` for a job without a deadline or
/// without slack.
pub(super) fn latest_start(
    now: SimTime,
    length_s: SimTime,
    deadline_at_s: Option<SimTime>,
    reserve: f64,
) -> SimTime {
    match deadline_at_s {
        Some(deadline) if deadline > now + length_s => {
            let slack = deadline - now - length_s;
            let kept = crate::engine::round::round(slack as f64 * reserve) as u64;
            deadline - length_s - kept.min(slack)
        }
        _ => now,
    }
}

impl<S: JobSink> World<'_, S> {
    /// The site spatial shifting sends a newly arrived job to (see the module doc); `None`
    /// when no allowed site can hold it.
    #[inline(never)]
    pub(super) fn spatial_site(
        &mut self,
        slot: u32,
        now: SimTime,
        spatial: SpatialConfig,
    ) -> Option<u16> {
        let spec = self.jobs[slot as usize].spec;
        let length = self.expected_wall_s(slot);
        let reserve = self
            .ops
            .temporal
            .map_or(DEFAULT_SLACK_RESERVE, |t| t.slack_reserve);
        let latest = latest_start(now, length, spec.flex.deadline_at_s, reserve);
        let mut choice = Choice::default();
        // The home site is offered first, so that it wins ties.
        let home = usize::from(spec.site);
        let others = (0..self.sites.len()).filter(|&i| i != home);
        for i in std::iter::once(home).chain(others) {
            let s = &self.sites[i];
            let slots = u64::from(s.cluster.slots_for(spec.gpus));
            if spec.flex.allowed_sites & (1 << i.min(63)) == 0 || slots > s.config.total_gpus() {
                continue;
            }
            let delay = if i as u16 == spec.site {
                0
            } else {
                spatial.transfer_delay_s
            };
            let ready = now + delay;
            // More work queued than the cluster has nodes: later than the index can tell.
            let start = if s.cluster.fits(spec.gpus) && s.policy.queued() == 0 {
                ready
            } else {
                s.cluster
                    .expected_start(now, spec.gpus, s.policy.queued_gpus())
                    .map_or(SimTime::MAX, |t| t.max(ready))
            };
            let on_time = start <= latest.max(ready);
            let cost = if on_time {
                let node = &s.config.node;
                let power_w = f64::from(spec.gpus)
                    * node.accelerator.power.compute_w(spec.gpu_utilization)
                    + slots as f64 * node.host_busy_w / f64::from(node.gpus_per_node);
                self.sites[i].extend_forecast(now, start + length);
                let f = self.sites[i].forecast.as_ref();
                f.map_or(0.0, |f| f.cost(start, length)) * power_w
            } else {
                f64::INFINITY
            };
            choice.offer(Candidate {
                site: i as u16,
                start_s: start,
                on_time,
                cost,
            });
        }
        choice.site()
    }
}

#[cfg(test)]
mod tests;
