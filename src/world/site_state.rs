//! One site during a replication: its cluster, queue, power and hourly ledger.

use crate::accounting::histogram::LogHistogram;
use crate::accounting::matching::MatchTotals;
use crate::accounting::peak::PeakPower;
use crate::accounting::{ChargeTotals, HourRow, SiteIntensity, Sum, Sums, WS_PER_KWH};
use crate::engine::{Reservation, SECONDS_PER_HOUR, SimTime};
use crate::scheduler::temporal::Forecast;
use crate::scheduler::{Cluster, Policy};
use crate::site::SiteConfig;

/// Integer power constants of one site, mW.
#[derive(Clone, Copy, Debug)]
pub struct PowerTable {
    pub gpu_idle_milliwatts: u64,
    pub host_idle_node_milliwatts: u64,
    pub host_busy_slot_milliwatts: u64,
    pub always_on_milliwatts: u64,
}

/// Power in integer milliwatts: site, idle and job powers then add up exactly.
pub fn to_milliwatts(w: f64) -> u64 {
    crate::engine::round::round(w * 1_000.0).max(0.0) as u64
}

/// Totals of complete hours, added in hour order (the same sums as over the kept rows).
#[derive(Clone, Debug, Default)]
pub struct FoldedHours {
    pub site: ChargeTotals,
    pub idle: ChargeTotals,
    pub allocated_gpu_s: Sum,
    /// Peak hourly facility power.
    pub peak: PeakPower,
    /// Off-site water withdrawn, L (facility energy × withdrawal EWIF, hour by hour).
    pub water_offsite_withdrawal_l: Sum,
}

impl FoldedHours {
    /// Adds one hour's row, which covers `seconds` of the window (3,600 but for a last
    /// partial hour).
    pub fn add(&mut self, row: &HourRow, seconds: f64) {
        let charges = row.charges();
        self.peak.add_hour(charges.facility_energy_kwh, seconds);
        self.site.add(&charges);
        self.idle.add(&row.idle_charges());
        self.allocated_gpu_s.add(row.allocated_gpu_s);
        let f = &row.factors;
        self.water_offsite_withdrawal_l.add(
            row.it_energy_ws / crate::accounting::WS_PER_KWH * f.pue * f.ewif_withdrawal_l_per_kwh,
        );
    }
}

/// Lanes of [`SiteAggregates::per_job`]: the sums every ending job adds a term to.
pub mod job_lane {
    /// Embodied carbon of the accelerators and servers held, kg CO2e.
    pub const EMBODIED: usize = 0;
    /// Embodied minerals, kg Sb-eq.
    pub const ADP: usize = 1;
    /// Embodied fab water, L.
    pub const WATER_EMBODIED: usize = 2;
    /// Hardware cost, USD.
    pub const HARDWARE_COST: usize = 3;
    /// Accelerator-hours held.
    pub const GPU_HOURS: usize = 4;
    /// Accelerator-hours of useful (kept) compute.
    pub const USEFUL_GPU_HOURS: usize = 5;
    /// Wall seconds of useful compute.
    pub const USEFUL_WALL_S: usize = 6;
    /// Wall seconds holding accelerators.
    pub const HELD_WALL_S: usize = 7;
    /// Lanes.
    pub const LANES: usize = 8;
}

/// Running aggregates of a site's jobs.
#[derive(Default)]
pub struct SiteAggregates {
    pub job_totals: ChargeTotals,
    /// The sums every ending job adds to, in lanes ([`job_lane`]): one `Sum` each, added
    /// together.
    pub per_job: Sums<{ job_lane::LANES }>,
    pub lost_gpu_hours: Sum,
    pub lost: ChargeTotals,
    pub wait_sum_s: Sum,
    pub wait_max_s: f64,
    pub waits: LogHistogram,
    pub slowdown_sum: Sum,
    pub interruptions: u64,
    pub checkpoints: u64,
    pub pauses: u64,
    pub deadline_jobs: u64,
    pub deadline_misses: u64,
    pub makespan_s: SimTime,
    pub submitted: u64,
    pub started: u64,
    pub completed: u64,
    pub cut_off: u64,
    pub never_started: u64,
}

/// A site during a replication.
pub struct SiteState {
    pub config: SiteConfig,
    pub cluster: Cluster,
    pub policy: Box<dyn Policy>,
    pub intensity: SiteIntensity,
    pub forecast: Option<Forecast>,
    pub power: PowerTable,
    /// Σ over running jobs of their accelerators' state power, mW.
    pub active_gpu_milliwatts: u64,
    /// Σ over running jobs of their accelerators (those not at idle power by default).
    pub active_gpus: u64,
    /// Whether the power cap applies now.
    pub cap_active: bool,
    pub last_advance_s: SimTime,
    /// Hourly rows from hour `hours_base` on (all of them unless `fold_hours`).
    pub hours: std::collections::VecDeque<HourRow>,
    /// The hour of `hours[0]`.
    pub hours_base: usize,
    /// Fold each hour into `folded` once it is complete instead of keeping its row (when
    /// no hourly table is written): memory then stays flat in simulated time.
    pub fold_hours: bool,
    /// Totals of the hours folded so far, in hour order.
    pub folded: FoldedHours,
    /// When spooling (hourly rows streamed out rather than kept): the rows folded since the
    /// caller last took them ([`crate::world::World::take_spilled_hours`]), in hour order.
    pub spilled: Option<Vec<HourRow>>,
    /// Hourly matching with contracted supply, run as each hour completes.
    pub matching: MatchTotals,
    /// Hours before this one are matched.
    pub matched_through: usize,
    pub agg: SiteAggregates,
    pub pass_pending: bool,
    /// The place in the event order of a pass left out because the policy was blocked
    /// (see `World::request_pass`).
    pub pass_reserved: Option<Reservation>,
    /// Part-load PUE and WUE (sites whose cooling system has the model enabled).
    pub part_load: Option<super::part_load::PartLoadState>,
    /// Accelerators booked per hour by running and planned jobs (temporal shifting only):
    /// planners avoid hours that are already full, so shifted jobs do not herd.
    pub booked: Vec<u32>,
    /// The last `(utilisation bits, W)` of [`SiteState::compute_w`].
    pub compute_w_memo: Option<(u64, f64)>,
}

impl SiteState {
    /// Power of one accelerator computing at utilisation `u`, W: the accelerator's power
    /// curve, remembered for the last `u` asked (a class's jobs share one utilisation, and
    /// the curve may take a `powf`).
    pub fn compute_w(&mut self, u: f64) -> f64 {
        match self.compute_w_memo {
            Some((bits, w)) if bits == u.to_bits() => w,
            _ => self.compute_w_new(u),
        }
    }

    /// [`SiteState::compute_w`] for a utilisation other than the last one asked.
    #[cold]
    #[inline(never)]
    fn compute_w_new(&mut self, u: f64) -> f64 {
        let w = self.config.node.accelerator.power.compute_w(u);
        self.compute_w_memo = Some((u.to_bits(), w));
        w
    }

    /// Site IT power from node states, mW.
    pub fn site_power_milliwatts(&self) -> u64 {
        let gpn = u64::from(self.cluster.gpus_per_node());
        let total_gpus = u64::from(self.cluster.nodes()) * gpn;
        let idle_nodes = u64::from(self.cluster.idle_nodes());
        let busy_nodes = u64::from(self.cluster.nodes()) - idle_nodes;
        busy_nodes * gpn * self.power.host_busy_slot_milliwatts
            + idle_nodes * self.power.host_idle_node_milliwatts
            + self.active_gpu_milliwatts
            + (total_gpus - self.active_gpus) * self.power.gpu_idle_milliwatts
            + self.power.always_on_milliwatts
    }

    /// Power of unallocated capacity and always-on equipment, mW.
    pub fn idle_power_milliwatts(&self) -> u64 {
        let gpn = u64::from(self.cluster.gpus_per_node());
        let idle_nodes = u64::from(self.cluster.idle_nodes());
        idle_nodes * (gpn * self.power.gpu_idle_milliwatts + self.power.host_idle_node_milliwatts)
            + self.cluster.free_slots_on_busy_nodes()
                * (self.power.gpu_idle_milliwatts + self.power.host_busy_slot_milliwatts)
            + self.power.always_on_milliwatts
    }

    /// Moves the forecast to the issue current at `now` and makes sure it covers `until`
    /// (plus a day of look-ahead).
    pub fn extend_forecast(&mut self, now: SimTime, until: SimTime) {
        if let Some(f) = &mut self.forecast {
            f.issue_at(now);
            let hours = (until / SECONDS_PER_HOUR) as usize + 25;
            while f.hours() < hours {
                let h = f.hours();
                f.push_hour(&self.intensity.hour(h));
            }
        }
    }

    /// Adds (`add`) or removes accelerators booked over `[start, end)`.
    pub fn book(&mut self, start: SimTime, end: SimTime, gpus: u32, add: bool) {
        if end <= start {
            return;
        }
        let (first, last) = (
            (start / SECONDS_PER_HOUR) as usize,
            ((end - 1) / SECONDS_PER_HOUR) as usize,
        );
        if self.booked.len() <= last {
            self.booked.resize(last + 1, 0);
        }
        for b in &mut self.booked[first..=last] {
            *b = if add {
                *b + gpus
            } else {
                b.saturating_sub(gpus)
            };
        }
    }

    /// Whether `gpus` more accelerators fit in every hour of `[start, end)`.
    pub fn has_room(&self, start: SimTime, end: SimTime, gpus: u32) -> bool {
        let capacity = self.config.total_gpus();
        let (first, last) = (
            (start / SECONDS_PER_HOUR) as usize,
            ((end.max(start + 1) - 1) / SECONDS_PER_HOUR) as usize,
        );
        (first..=last).all(|h| {
            u64::from(self.booked.get(h).copied().unwrap_or(0)) + u64::from(gpus) <= capacity
        })
    }

    /// Integrates the current (constant) state from the last change up to `now`.
    ///
    /// Most events call this more than once at the same instant; only the first call has
    /// anything to integrate, so the check is inlined and the work is not.
    #[inline]
    pub fn advance(&mut self, now: SimTime) {
        if now > self.last_advance_s {
            self.integrate_to(now);
        }
    }

    /// [`SiteState::advance`] when `now` is past the last change.
    #[inline(never)]
    fn integrate_to(&mut self, now: SimTime) {
        let mut t = self.last_advance_s;
        let site_w = self.site_power_milliwatts() as f64 / 1_000.0;
        let idle_w = self.idle_power_milliwatts() as f64 / 1_000.0;
        let allocated = self.cluster.allocated_slots() as f64;
        let queued = self.policy.queued() as f64;
        while t < now {
            let hour = (t / SECONDS_PER_HOUR) as usize;
            let hour_end = (hour as u64 + 1) * SECONDS_PER_HOUR;
            let until = now.min(hour_end);
            let dt = (until - t) as f64;
            if self.hours_base + self.hours.len() <= hour {
                self.open_hours_through(hour);
            }
            let row = &mut self.hours[hour - self.hours_base];
            row.it_energy_ws += site_w * dt;
            row.idle_energy_ws += idle_w * dt;
            row.allocated_gpu_s += allocated * dt;
            row.queued_job_s += queued * dt;
            t = until;
            // Retire hours as they complete, so that a long step (a site without events
            // for months) does not hold all of its rows at once. Only a step that reaches
            // the end of an hour completes one: a step inside an hour leaves nothing new to
            // retire (a forecast that pulled later hours meanwhile lets the intensity
            // forget more, which waits for the next hour's end: memory, not results).
            if until == hour_end {
                self.retire_before(hour + 1);
            }
        }
        self.last_advance_s = now;
    }

    /// Matches the hours from `matched_through` up to (not including) `hour`, the last of
    /// them lasting `last_seconds` (3,600 except at the window's end).
    pub fn match_hours_before(&mut self, hour: usize, last_seconds: f64) {
        while self.matched_through < hour {
            let h = self.matched_through;
            let seconds = if h + 1 == hour {
                last_seconds
            } else {
                SECONDS_PER_HOUR as f64
            };
            let row = &mut self.hours[h - self.hours_base];
            let load_kwh = row.it_energy_ws / WS_PER_KWH * row.factors.pue;
            row.matched =
                self.matching
                    .step(load_kwh, seconds, &row.factors, &self.config.procurement);
            self.matched_through += 1;
        }
    }

    /// Opens the rows of the hours up to `hour`, each with its factors. Out of line: once
    /// an hour, where `advance` runs at every event.
    #[cold]
    #[inline(never)]
    fn open_hours_through(&mut self, hour: usize) {
        while self.hours_base + self.hours.len() <= hour {
            let h = self.hours_base + self.hours.len();
            self.hours.push_back(HourRow {
                factors: self.intensity.hour(h),
                ..HourRow::default()
            });
        }
    }

    /// Folds the rows of hours before `hour` (when folding) and forgets their factors.
    /// Out of line: once an hour, where `advance` runs at every event.
    #[inline(never)]
    fn retire_before(&mut self, hour: usize) {
        // Each hour's PUE is set from its load before anything reads it.
        self.close_part_load_hours(hour);
        self.match_hours_before(hour, SECONDS_PER_HOUR as f64);
        if self.fold_hours {
            while self.hours_base < hour
                && let Some(row) = self.hours.pop_front()
            {
                self.folded.add(&row, SECONDS_PER_HOUR as f64);
                if let Some(spilled) = &mut self.spilled {
                    spilled.push(row);
                }
                self.hours_base += 1;
            }
        }
        // Nothing asks for the factors of an hour before the current one again, except a
        // forecast that has not pulled them yet.
        let keep_from = self.forecast.as_ref().map_or(hour, |f| hour.min(f.hours()));
        self.intensity.forget_before(keep_from);
    }
}
