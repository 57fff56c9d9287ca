//! A running job's phases: compute, checkpoint writes, restarts after failures, pauses, and
//! power-cap changes, each charged when it ends.

use super::job::{Job, Phase, SlotState};
use super::part_load::PartLoadState;
use super::site_state::to_milliwatts;
use super::{EPS_S, Kind, RANK_ARRIVAL, RANK_FIRST, World};
use crate::accounting::Charges;
use crate::engine::rng::{StreamId, job_seed, stream_rng};
use crate::engine::{SECONDS_PER_HOUR, Scheduler, SimTime};
use crate::results::{JobSink, JobStatus};

/// Power (mW) and speed of an accelerator computing under an active power cap that would
/// draw `uncapped_w`. Out of line: only capped sites, and only while the cap applies.
#[cold]
#[inline(never)]
fn capped_compute(cap: &crate::site::power_cap::PowerCap, uncapped_w: f64) -> (u64, f64) {
    (
        to_milliwatts(uncapped_w.min(cap.gpu_cap_w)),
        cap.speed(uncapped_w),
    )
}

/// Starts (or resumes) a running job's failure clock and schedules the failure it leads
/// to. Out of line: only sites with a failure model have one.
#[inline(never)]
fn start_failure_clock(
    job: &mut Job,
    slot: u32,
    model: crate::workload::failures::FailureModel,
    replication_seed: u64,
    now: SimTime,
    scheduler: &mut Scheduler<Kind>,
) {
    // A paused job resumes its failure clock; otherwise the next draw of the job's own
    // stream (so each job's failure history is the same under every policy).
    let (id, gpus) = (job.spec.id, job.spec.gpus);
    let state = job.failure.get_or_insert_with(Default::default);
    let left = match state.left_s.take() {
        Some(left) => Some(left),
        None => {
            let rng = state.rng.get_or_insert_with(|| {
                stream_rng(job_seed(replication_seed, id), StreamId::Failures)
            });
            let ttf = model.time_to_failure_s(gpus, rng);
            (ttf.is_finite() && ttf < 1e15).then(|| ttf.ceil().max(1.0) as u64)
        }
    };
    state.due_s = None;
    if let Some(left) = left {
        let at = now + left;
        state.due_s = Some(at);
        scheduler.schedule_at(
            at,
            RANK_FIRST,
            Kind::Failure {
                slot,
                generation: job.failure_generation,
            },
        );
    }
}

/// A phase entered at a part-load site: the job's anchor in the open hour, and the
/// surcharge settled if the phase starts a new hour. Out of line: only sites with
/// part-load PUE take it, and the phase handlers stay small.
#[cold]
#[inline(never)]
fn part_load_enter(p: &mut PartLoadState, job: &mut Job, now: SimTime) {
    if let Some(c) = p.ledger.enter(&mut job.anchor, now) {
        job.charges.add(&c);
    }
}

/// A phase closed at a part-load site (see [`part_load_enter`]).
#[cold]
#[inline(never)]
fn part_load_close(p: &mut PartLoadState, job: &mut Job, power_w: f64, now: SimTime) {
    if let Some(c) = p
        .ledger
        .close_phase(&mut job.anchor, power_w, job.phase_start_s, now)
    {
        job.charges.add(&c);
    }
}

impl<S: JobSink> World<'_, S> {
    /// Power an accelerator of `job` draws in `phase` at its site now, mW, and the speed.
    pub(super) fn phase_power(&mut self, slot: u32, phase: Phase) -> (u64, f64) {
        let job = &self.jobs[slot as usize];
        let site = &mut self.sites[job.spec.site as usize];
        let uncapped = match phase {
            Phase::Compute => site.compute_w(job.spec.gpu_utilization),
            _ => 0.0,
        };
        let accel = &site.config.node.accelerator.power;
        let cap = site.config.power_cap.as_ref().filter(|_| site.cap_active);
        match phase {
            Phase::Compute => match cap {
                Some(c) => capped_compute(c, uncapped),
                None => (to_milliwatts(uncapped), 1.0),
            },
            Phase::Checkpoint { .. } => {
                let w = cap.map_or(accel.checkpoint_w, |c| accel.checkpoint_w.min(c.gpu_cap_w));
                (to_milliwatts(w), 1.0)
            }
            Phase::Restart => (site.power.gpu_idle_milliwatts, 1.0),
        }
    }

    /// Starts `phase` for a running job at `now` (the previous phase is closed).
    pub(super) fn enter_phase(
        &mut self,
        slot: u32,
        phase: Phase,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let (state_milliwatts, speed) = self.phase_power(slot, phase);
        let job = &mut self.jobs[slot as usize];
        let site = &mut self.sites[job.spec.site as usize];
        let gpus = u64::from(job.spec.gpus);
        let slots = job.allocation.slots();
        debug_assert!(
            !job.phase_open,
            "entering a phase before closing the previous one"
        );
        job.phase = phase;
        job.phase_open = true;
        job.speed = speed;
        job.gpu_state_milliwatts = gpus * state_milliwatts;
        job.power_milliwatts = gpus * state_milliwatts
            + (slots - gpus) * site.power.gpu_idle_milliwatts
            + slots * site.power.host_busy_slot_milliwatts;
        job.phase_start_s = now;
        job.k_phase_start = site.intensity.at(now);
        // (The site's job totals take the surcharges hour by hour, when each hour closes.)
        if let Some(p) = &mut site.part_load {
            part_load_enter(p, job, now);
        }
        job.phase_generation = job.phase_generation.wrapping_add(1);
        site.active_gpu_milliwatts += job.gpu_state_milliwatts;
        site.active_gpus += gpus;
        let length = match phase {
            Phase::Compute => {
                let work = job.remaining_work_s.min(job.until_checkpoint_s);
                crate::engine::round::ceil(work / speed).max(1.0) as u64
            }
            Phase::Checkpoint { .. } => job.spec.flex.checkpoint.write_s.max(1),
            Phase::Restart => job.spec.flex.checkpoint.restart_s.max(1),
        };
        scheduler.schedule_at(
            now + length,
            RANK_FIRST,
            Kind::Phase {
                slot,
                generation: job.phase_generation,
            },
        );
    }

    /// Charges the current phase up to `now` and takes the job's power off the site.
    pub(super) fn close_phase(&mut self, slot: u32, now: SimTime) {
        let job = &mut self.jobs[slot as usize];
        if !job.phase_open {
            return;
        }
        job.phase_open = false;
        let site = &mut self.sites[job.spec.site as usize];
        site.advance(now);
        let seconds = (now - job.phase_start_s) as f64;
        // One lookup serves both the phase's integral and the next phase's start.
        let k_now = site.intensity.at(now);
        let delta = k_now.since(&job.k_phase_start);
        let power_w = job.power_milliwatts as f64 / 1_000.0;
        let charges = Charges::for_phase(power_w, seconds, &delta);
        // Only the job's record reads its own charges.
        if S::KEEPS_RECORDS {
            job.charges.add(&charges);
        }
        site.agg.job_totals.add(&charges);
        if let Some(p) = &mut site.part_load {
            part_load_close(p, job, power_w, now);
        }
        site.active_gpu_milliwatts -= job.gpu_state_milliwatts;
        site.active_gpus -= u64::from(job.spec.gpus);
        job.gpu_state_milliwatts = 0;
        if job.phase == Phase::Compute {
            let work = (seconds * job.speed).min(job.remaining_work_s);
            job.remaining_work_s -= work;
            job.until_checkpoint_s -= work;
            job.work_since_checkpoint_s += work;
            job.compute_wall_since_checkpoint_s += seconds;
            if let Some(i) = &mut job.failure {
                i.charges_since_checkpoint.add(&charges);
            }
        }
        job.phase_start_s = now;
        job.k_phase_start = k_now;
    }

    pub(super) fn schedule_failure(
        &mut self,
        slot: u32,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let job = &mut self.jobs[slot as usize];
        job.failure_generation = job.failure_generation.wrapping_add(1);
        let Some(model) = self.sites[job.spec.site as usize].config.failures else {
            return;
        };
        start_failure_clock(job, slot, model, self.replication_seed, now, scheduler);
    }

    pub(super) fn on_phase_end(
        &mut self,
        slot: u32,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let phase = self.jobs[slot as usize].phase;
        self.close_phase(slot, now);
        let site = self.jobs[slot as usize].spec.site;
        match phase {
            Phase::Compute => {
                let job = &self.jobs[slot as usize];
                if job.remaining_work_s <= EPS_S {
                    self.finish(slot, now, JobStatus::Completed);
                    self.request_pass(site, scheduler);
                } else if job.until_checkpoint_s <= EPS_S {
                    self.enter_phase(
                        slot,
                        Phase::Checkpoint { then_pause: false },
                        now,
                        scheduler,
                    );
                } else {
                    self.enter_phase(slot, Phase::Compute, now, scheduler);
                }
            }
            Phase::Checkpoint { then_pause } => {
                let job = &mut self.jobs[slot as usize];
                job.checkpoints += 1;
                job.useful_compute_wall_s += job.compute_wall_since_checkpoint_s;
                job.compute_wall_since_checkpoint_s = 0.0;
                job.work_since_checkpoint_s = 0.0;
                if let Some(i) = &mut job.failure {
                    i.charges_since_checkpoint = Charges::default();
                }
                job.until_checkpoint_s = job.checkpoint_every_s;
                if then_pause {
                    job.pauses += 1;
                    job.failure_generation = job.failure_generation.wrapping_add(1);
                    // Stop the failure clock; it resumes where it stood.
                    if let Some(i) = &mut job.failure {
                        i.left_s = i.due_s.take().map(|due| due.saturating_sub(now).max(1));
                    }
                    self.release(slot, now);
                    let job = &mut self.jobs[slot as usize];
                    if !job.windows.is_empty() {
                        job.windows.remove(0);
                    }
                    match job.windows.first() {
                        Some(&(start, _)) if start > now => {
                            scheduler.schedule_at(start, RANK_ARRIVAL, Kind::Release { slot });
                        }
                        _ => self.submit(slot, now, scheduler),
                    }
                    self.request_pass(site, scheduler);
                } else {
                    self.enter_phase(slot, Phase::Compute, now, scheduler);
                }
            }
            // The failure clock kept running through the restart (see `on_failure`).
            Phase::Restart => self.enter_phase(slot, Phase::Compute, now, scheduler),
        }
    }

    #[inline(never)]
    pub(super) fn on_failure(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        self.close_phase(slot, now);
        let job = &mut self.jobs[slot as usize];
        job.interruptions += 1;
        job.lost_gpu_s += f64::from(job.spec.gpus) * job.compute_wall_since_checkpoint_s;
        // Failures are only scheduled once the job has its failure state.
        if let Some(i) = &mut job.failure {
            let since = std::mem::take(&mut i.charges_since_checkpoint);
            i.lost.add(&since);
        }
        job.remaining_work_s += job.work_since_checkpoint_s;
        job.until_checkpoint_s = job.checkpoint_every_s;
        job.work_since_checkpoint_s = 0.0;
        job.compute_wall_since_checkpoint_s = 0.0;
        job.failure_generation = job.failure_generation.wrapping_add(1);
        if let Phase::Checkpoint { then_pause: true } = job.phase {
            // the pause is abandoned with the checkpoint; keep running
            job.windows.clear();
        }
        self.enter_phase(slot, Phase::Restart, now, scheduler);
        // The accelerators stay powered through detection, swap and reload, so the next failure
        // is drawn now, not when compute resumes: one can strike during the restart, which
        // then starts over (Llama 3 counts interruptions over wall time).
        self.schedule_failure(slot, now, scheduler);
    }

    #[inline(never)]
    pub(super) fn on_pause(&mut self, slot: u32, now: SimTime, scheduler: &mut Scheduler<Kind>) {
        let job = &mut self.jobs[slot as usize];
        if job.phase == Phase::Restart {
            job.windows.clear();
            return;
        }
        // Work left as of now (a compute phase is still open; a checkpoint write is not work).
        let computing = job.phase == Phase::Compute;
        let done = if computing {
            ((now - job.phase_start_s) as f64 * job.speed).min(job.remaining_work_s)
        } else {
            0.0
        };
        let remaining = job.remaining_work_s - done;
        let every = job.checkpoint_every_s;
        let writes = if every.is_finite() {
            (remaining / every).floor()
        } else {
            0.0
        };
        let checkpoint = job.spec.flex.checkpoint;
        let needed = (remaining + writes * checkpoint.write_s as f64).ceil() as u64
            + checkpoint.write_s
            + checkpoint.restart_s;
        let feasible = match (job.windows.get(1).map(|w| w.0), job.plan_deadline_at_s) {
            (Some(start), Some(deadline)) => start.max(now) + needed <= deadline,
            _ => false,
        };
        if !feasible {
            // Deadlines are never missed by choice: keep running to the end.
            job.windows.clear();
            return;
        }
        if !computing {
            // The checkpoint being written becomes the pause's checkpoint.
            job.phase = Phase::Checkpoint { then_pause: true };
            return;
        }
        self.close_phase(slot, now);
        self.enter_phase(slot, Phase::Checkpoint { then_pause: true }, now, scheduler);
    }

    #[inline(never)]
    pub(super) fn on_cap_check(
        &mut self,
        site_index: u16,
        now: SimTime,
        scheduler: &mut Scheduler<Kind>,
    ) {
        let hour = (now / SECONDS_PER_HOUR) as usize;
        let hour_start = self.start_unix + crate::time::unix_hours(hour as i64);
        let site = &mut self.sites[site_index as usize];
        let ci = site.intensity.hour(hour).carbon_intensity_g_per_kwh;
        let active = site
            .config
            .power_cap
            .as_ref()
            .is_some_and(|c| c.active(hour_start, ci));
        if active != site.cap_active {
            site.advance(now);
            site.cap_active = active;
            let running: Vec<u32> = (0..self.jobs.len() as u32)
                .filter(|&s| {
                    let j = &self.jobs[s as usize];
                    j.state == SlotState::Running
                        && j.spec.site == site_index
                        && j.phase != Phase::Restart
                })
                .collect();
            for slot in running {
                let phase = self.jobs[slot as usize].phase;
                self.close_phase(slot, now);
                self.enter_phase(slot, phase, now, scheduler);
            }
        }
        let more = self.live_jobs > 0 || self.next_job.is_some();
        let next = (hour as u64 + 1) * SECONDS_PER_HOUR;
        if more && next < self.window_end_s {
            scheduler.schedule_at(next, RANK_ARRIVAL, Kind::CapCheck { site: site_index });
        }
    }
}
