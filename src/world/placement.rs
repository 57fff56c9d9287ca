//! Where and when an arriving job runs: spatial and temporal shifting, then submission.

use super::job::SlotState;
use super::{EPS_S, Kind, RANK_ARRIVAL, World};
use crate::engine::{SECONDS_PER_HOUR, Scheduler, SimTime};
use crate::results::JobSink;
use crate::scheduler::QueuedJob;
use crate::scheduler::temporal::{
    best_start, cheapest_windows, profile_cost, windows_profile_cost,
};
use crate::workload::JobSpec;

impl<S: JobSink> World<'_, S> {
    /// Checkpoint interval of a job at its site, compute seconds (infinite: never).
    pub(super) fn checkpoint_every(&self, spec: &JobSpec) -> f64 {
        let site = &self.sites[spec.site as usize];
        let mtbf = site
            .config
            .failures
            .map_or(f64::INFINITY, |f| f.job_mtbf_s(spec.gpus));
        spec.flex
            .checkpoint
            .interval_s(mtbf)
            .unwrap_or(f64::INFINITY)
    }

    /// Expected wall time of the remaining work, with checkpoint writes.
    pub(super) fn expected_wall_s(&self, slot: u32) -> u64 {
        let job = &self.jobs[slot as usize];
        let every = job.checkpoint_every_s;
        let checkpoints = if every.is_finite() {
            crate::engine::round::floor(job.remaining_work_s / every)
        } else {
            0.0
        };
        crate::engine::round::ceil(
            job.remaining_work_s + checkpoints * job.spec.flex.checkpoint.write_s as f64,
        )
        .max(1.0) as u64
    }

    pub(super) fn submit(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let duration_s = self.expected_wall_s(slot);
        let job = &mut self.jobs[slot as usize];
        job.state = SlotState::Queued;
        let site_index = job.spec.site;
        let queued = QueuedJob {
            slot,
            id: job.spec.id,
            gpus: job.spec.gpus,
            duration_s,
            priority: job.spec.flex.priority,
        };
        let site = &mut self.sites[site_index as usize];
        site.advance(now);
        site.policy.submit(queued);
        self.request_pass(site_index, scheduler);
    }

    /// Where and when a newly arrived job should run.
    pub(super) fn place(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let spec = self.jobs[slot as usize].spec;
        let mut site = spec.site;
        let mut earliest = now;
        if let Some(spatial) = self.ops.spatial
            && self.sites.len() > 1
            && let Some(i) = self.spatial_site(slot, now, spatial)
        {
            if i != spec.site {
                earliest = now + spatial.transfer_delay_s;
            }
            site = i;
        }
        self.jobs[slot as usize].spec.site = site;
        self.jobs[slot as usize].checkpoint_every_s =
            self.checkpoint_every(&self.jobs[slot as usize].spec);
        self.jobs[slot as usize].until_checkpoint_s = self.jobs[slot as usize].checkpoint_every_s;
        let length = self.expected_wall_s(slot);
        let mut start = earliest;
        if let (Some(temporal), Some(deadline)) = (self.ops.temporal, spec.flex.deadline_at_s)
            && deadline > earliest + length
        {
            start = self.plan_in_time(slot, now, site, earliest, length, temporal, deadline);
        }
        if start > now {
            self.jobs[slot as usize].state = SlotState::Held;
            scheduler.schedule_at(start, RANK_ARRIVAL, Kind::Release { slot });
        } else {
            self.submit(slot, now, scheduler);
        }
    }

    /// Temporal shifting of a job with a deadline: books and returns its planned start (its
    /// windows too, when it pauses). Out of line, so that placing a job without a plan
    /// stays small.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn plan_in_time(
        &mut self,
        slot: u32,
        now: SimTime,
        site: u16,
        earliest: SimTime,
        length: u64,
        temporal: crate::scheduler::temporal::TemporalConfig,
        deadline: SimTime,
    ) -> SimTime {
        let spec = self.jobs[slot as usize].spec;
        let mut start = earliest;
        let reserve =
            ((deadline - earliest - length) as f64 * temporal.slack_reserve).round() as u64;
        let deadline = deadline - reserve;
        self.jobs[slot as usize].plan_deadline_at_s = Some(deadline);
        let profile = self.power_profile(slot);
        let site_state = &mut self.sites[site as usize];
        site_state.extend_forecast(now, deadline + length);
        let slots = site_state.cluster.slots_for(spec.gpus);
        if let Some(forecast) = &site_state.forecast {
            let write_restart = spec.flex.checkpoint.write_s + spec.flex.checkpoint.restart_s;
            let hour_room = |h: usize| {
                site_state.has_room(
                    h as u64 * SECONDS_PER_HOUR,
                    (h as u64 + 1) * SECONDS_PER_HOUR,
                    slots,
                )
            };
            let windows = (temporal.allow_pause && spec.flex.interruptible)
                .then(|| {
                    let plan = cheapest_windows(forecast, earliest, deadline, length, hour_room)?;
                    let overhead = (plan.len() as u64).saturating_sub(1) * write_restart;
                    cheapest_windows(forecast, earliest, deadline, length + overhead, hour_room)
                })
                .flatten();
            let room = |s: SimTime| site_state.has_room(s, s + length, slots);
            let shift = best_start(forecast, earliest, deadline - length, length, room);
            // The planner ranks starts by the objective at constant power; the job's
            // real profile (compute, checkpoint writes) is then compared with starting
            // at once, so that a shift never costs more than not shifting.
            let profile_cost = |s: SimTime| profile_cost(forecast, &profile, s);
            let shift = if shift != earliest && profile_cost(shift) >= profile_cost(earliest) {
                earliest
            } else {
                shift
            };
            match windows {
                Some(w)
                    if w.len() > 1
                        && windows_profile_cost(forecast, &profile, &w, write_restart)
                            < profile_cost(shift) =>
                {
                    start = w[0].0.max(earliest);
                    self.jobs[slot as usize].windows = w;
                }
                _ => start = shift,
            }
        }
        let planned: Vec<(SimTime, SimTime)> = match self.jobs[slot as usize].windows.as_slice() {
            [] => vec![(start, start + length)],
            w => w.to_vec(),
        };
        for &(a, b) in &planned {
            self.sites[site as usize].book(a, b, slots, true);
        }
        self.jobs[slot as usize].bookings = planned;
        start
    }

    /// The job's expected IT power over its run from a start: (seconds, watts) segments of
    /// compute and checkpoint writes.
    pub(super) fn power_profile(&self, slot: u32) -> Vec<(u64, f64)> {
        let job = &self.jobs[slot as usize];
        let site = &self.sites[job.spec.site as usize];
        let node = &site.config.node;
        let gpus = f64::from(job.spec.gpus);
        let slots = f64::from(site.cluster.slots_for(job.spec.gpus));
        let host = slots * node.host_busy_w / f64::from(node.gpus_per_node);
        let idle = (slots - gpus) * node.accelerator.power.idle_w;
        let compute_w =
            gpus * node.accelerator.power.compute_w(job.spec.gpu_utilization) + idle + host;
        let write_w = gpus * node.accelerator.power.checkpoint_w + idle + host;
        let mut out = Vec::new();
        let mut left = job.remaining_work_s;
        let every = job.checkpoint_every_s;
        while left > EPS_S {
            let chunk = left.min(every);
            out.push((chunk.ceil() as u64, compute_w));
            left -= chunk;
            if left > EPS_S {
                out.push((job.spec.flex.checkpoint.write_s.max(1), write_w));
            }
            if out.len() > 100_000 {
                // a pathological interval: one segment for the rest
                out.push((left.ceil() as u64, compute_w));
                break;
            }
        }
        out
    }
}
