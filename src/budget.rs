//! Run budgets: every run ends, within a documented horizon, event count and number of jobs
//! in the system, and what cannot finish is refused (or warned about, with the figure)
//! before it starts.
//!
//! Without these a valid scenario could run until the kernel's OOM killer stopped it: a job
//! that restarts from zero after each failure and never finishes (a site's hourly ledger then
//! grows with simulated time), or arrivals far above capacity (the queue then grows with
//! them). Each limit can be raised on the command line by those who mean it.

use crate::engine::SimTime;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::site::SiteConfig;
use crate::site::power_cap::CapSchedule;
use crate::time::{SECONDS_PER_DAY, hours_to_s, to_days, to_hours};
use crate::workload::failures::CheckpointInterval;
use crate::workload::synthetic::DurationModel;

/// Default horizon: simulated time a run may reach, years (a site's hourly ledger takes about
/// 1 MB per simulated year, so this keeps it near 100 MB per site).
pub const DEFAULT_HORIZON_YEARS: u64 = 100;
/// Default budget of engine events per replication (site-100k, the largest benchmark, handles
/// about 10⁷).
pub const DEFAULT_MAX_EVENTS: u64 = 1_000_000_000;
/// Default budget of jobs in the system (waiting or running) at once: a job takes a few
/// hundred bytes, so this keeps them under 1 GB.
pub const DEFAULT_MAX_JOBS: u64 = 1_000_000;
/// Offered load (accelerator-time asked / accelerator-time available) above which `check` and
/// `run` warn that the queue grows through the window.
pub const OVERLOAD_WARNING: f64 = 1.5;
/// Expected restarts of one uncheckpointed segment above which `check` and `run` warn.
pub const RESTART_WARNING: f64 = 10.0;

const SECONDS_PER_YEAR: u64 = crate::time::days(365);

/// The limits of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Simulated time a replication may reach, s.
    pub horizon_s: SimTime,
    /// Engine events per replication.
    pub max_events: u64,
    /// Jobs in the system (waiting or running) at once.
    pub max_jobs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            horizon_s: DEFAULT_HORIZON_YEARS * SECONDS_PER_YEAR,
            max_events: DEFAULT_MAX_EVENTS,
            max_jobs: DEFAULT_MAX_JOBS,
        }
    }
}

impl Limits {
    /// Limits from the command-line flags (`None`: the default).
    pub fn from_flags(
        max_years: Option<u64>,
        max_events: Option<u64>,
        max_jobs: Option<u64>,
    ) -> Result<Limits> {
        let d = Limits::default();
        let horizon_s = match max_years {
            None => d.horizon_s,
            Some(0) => return Err(Error::Usage("--max-years must be at least 1".into())),
            Some(y) if y > 1_000 => {
                return Err(Error::Usage(format!(
                    "--max-years {y}: at most 1000 (the longest window a scenario may have)"
                )));
            }
            Some(y) => y * SECONDS_PER_YEAR,
        };
        Ok(Limits {
            horizon_s,
            max_events: max_events.unwrap_or(d.max_events),
            max_jobs: max_jobs.unwrap_or(d.max_jobs),
        })
    }

    fn horizon_years(&self) -> f64 {
        self.horizon_s as f64 / SECONDS_PER_YEAR as f64
    }
}

/// A job's expected wall time to finish on `site`, hours, with the expected restarts of one
/// uncheckpointed segment; `None` when nothing slows it (no failures, no permanent cap).
fn expected_hours(
    site: &SiteConfig,
    gpus: u32,
    duration_s: f64,
    interval: CheckpointInterval,
) -> (f64, f64, f64) {
    let slowdown = match &site.power_cap {
        Some(cap) if matches!(cap.schedule, CapSchedule::Constant) => {
            1.0 / cap.speed(site.node.accelerator.tdp_w)
        }
        _ => 1.0,
    };
    let duration_h = to_hours(duration_s);
    let rate_per_h = site
        .failures
        .as_ref()
        .map_or(0.0, |f| f.job_rate_per_hour(gpus));
    let segment_h = match interval {
        CheckpointInterval::Never => duration_h,
        CheckpointInterval::Fixed(s) => to_hours(s).min(duration_h),
        // √(2·C·M): λ·W = √(2·C·λ) stays small whatever the rate.
        CheckpointInterval::YoungDaly => return (duration_h * slowdown, slowdown, 0.0),
    };
    let wall_segment_h = segment_h * slowdown;
    if rate_per_h <= 0.0 || segment_h <= 0.0 {
        return (duration_h * slowdown, slowdown, 0.0);
    }
    // Exponential failures: a segment of length W needs (e^{λW} − 1)/λ on average.
    let x = rate_per_h * wall_segment_h;
    let restarts = x.exp_m1();
    let hours = (duration_h / segment_h) * restarts / rate_per_h;
    (hours, slowdown, restarts)
}

/// Mean compute seconds of a synthetic duration model (a log-normal's mean, capped).
fn mean_duration_s(model: &DurationModel, gpus: f64) -> f64 {
    match *model {
        DurationModel::LogNormal { mu, sigma, max_s } => {
            (mu + sigma * sigma / 2.0).exp().min(max_s as f64)
        }
        DurationModel::ModelSize {
            parameters,
            tokens,
            mfu,
            peak_flops,
        } => 6.0 * parameters * tokens / (gpus * peak_flops * mfu),
    }
}

/// Checks `scenario` against `limits` before it runs: refuses (with [`Error::Limit`]) what
/// cannot finish, returns warnings with the figure for what will not finish in its window.
pub fn predict(scenario: &Scenario, limits: &Limits) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let refuse = |message: String| Err(Error::Limit(format!("{}: {message}", scenario.source)));
    if let Some(window) = scenario.duration_s
        && window > limits.horizon_s
    {
        return refuse(format!(
            "the window of {:.0} days is beyond the horizon of {:.0} years a run may reach (raise it with --max-years)",
            to_days(window as f64),
            limits.horizon_years()
        ));
    }
    // Fixed jobs submitted at one instant are all in the system at once.
    let fixed = &scenario.workload.fixed;
    let mut burst = 0u64;
    for (i, j) in fixed.iter().enumerate() {
        burst = if i > 0 && fixed[i - 1].arrival_s == j.arrival_s {
            burst + 1
        } else {
            1
        };
        if burst > limits.max_jobs {
            return refuse(format!(
                "more than {} fixed jobs are submitted at hour {:.0}, above the budget of {} jobs in the system (raise it with --max-jobs)",
                limits.max_jobs,
                to_hours(j.arrival_s as f64),
                limits.max_jobs
            ));
        }
    }
    let labels = &scenario.workload.labels;
    let mut jobs: Vec<(String, usize, u32, f64, CheckpointInterval, f64)> = scenario
        .workload
        .fixed
        .iter()
        .map(|j| {
            (
                format!("job '{}'", labels[j.label as usize]),
                usize::from(j.site),
                j.gpus,
                j.duration_s as f64,
                j.flex.checkpoint.interval,
                j.arrival_s as f64,
            )
        })
        .collect();
    if let Some(s) = &scenario.workload.synthetic {
        for c in &s.classes {
            if let Some(&gpus) = c.gpus.iter().max() {
                jobs.push((
                    format!("class '{}' (its {gpus}-GPU jobs)", labels[c.label as usize]),
                    usize::from(c.site),
                    gpus,
                    mean_duration_s(&c.duration, f64::from(gpus)),
                    c.flex.checkpoint.interval,
                    0.0,
                ));
            }
        }
    }
    for (what, site, gpus, duration_s, interval, arrival_s) in jobs {
        let Some(config) = scenario.sites.get(site) else {
            continue;
        };
        let (hours, slowdown, restarts) = expected_hours(config, gpus, duration_s, interval);
        if restarts <= RESTART_WARNING && slowdown <= 2.0 {
            continue;
        }
        let cause = if restarts > RESTART_WARNING {
            let mtbf_h = to_hours(duration_s) * slowdown / (restarts + 1.0).ln();
            format!(
                "on {gpus} GPUs at site '{}' it meets a failure every {:.3} h on average, and each uncheckpointed stretch of its work restarts about {restarts:.3e} times",
                config.name,
                mtbf_h.min(f64::MAX)
            )
        } else {
            format!(
                "the permanent power cap at site '{}' slows it {slowdown:.3e}-fold",
                config.name
            )
        };
        let end_s = arrival_s + hours_to_s(hours);
        // NaN or infinite expectations count as not fitting.
        let fits = |limit_s: f64| end_s.is_finite() && end_s <= limit_s;
        match scenario.duration_s {
            None if !fits(limits.horizon_s as f64) => {
                return refuse(format!(
                    "{what} would need about {hours:.3e} hours to finish: {cause}; without a window it would run to the horizon of {:.0} years: set checkpoint_interval_hours or checkpoint_young_daly, a lower failure rate, a milder cap, or a window (duration_days)",
                    limits.horizon_years()
                ));
            }
            Some(window) if !fits(window as f64) => warnings.push(format!(
                "{what} is expected to need about {hours:.3e} hours, beyond the window: {cause}"
            )),
            _ => {}
        }
    }
    if let (Some(s), Some(window)) = (&scenario.workload.synthetic, scenario.duration_s) {
        let shares: f64 = s.classes.iter().map(|c| c.share).sum();
        let gpu_s_per_job: f64 = s
            .classes
            .iter()
            .map(|c| {
                let mean_gpus =
                    c.gpus.iter().map(|&g| f64::from(g)).sum::<f64>() / c.gpus.len().max(1) as f64;
                c.share / shares * mean_gpus * mean_duration_s(&c.duration, mean_gpus)
            })
            .sum();
        // Every job is at least two events (its arrival and its end).
        let arrivals = s.rate_per_s * window as f64;
        if 2.0 * arrivals > limits.max_events as f64 {
            return refuse(format!(
                "about {arrivals:.3e} arrivals in the window make at least {:.3e} engine events, above the budget of {} per replication (raise it with --max-events)",
                2.0 * arrivals,
                limits.max_events
            ));
        }
        let capacity: f64 = scenario.sites.iter().map(|x| x.total_gpus() as f64).sum();
        let load = s.rate_per_s * gpu_s_per_job / capacity;
        if load > OVERLOAD_WARNING {
            let waiting = arrivals * (1.0 - 1.0 / load);
            let message = format!(
                "the offered load is {load:.1} times the capacity of {capacity:.0} GPUs ({:.3e} jobs a day of {:.3e} GPU-hours each on average): about {waiting:.3e} jobs would be waiting by the end of the window",
                s.rate_per_s * SECONDS_PER_DAY as f64,
                to_hours(gpu_s_per_job)
            );
            if waiting > limits.max_jobs as f64 {
                return refuse(format!(
                    "{message}, above the budget of {} jobs in the system (raise it with --max-jobs); check the arrival rate (jobs_per_day where jobs_per_year was meant?)",
                    limits.max_jobs
                ));
            }
            warnings.push(message);
        }
    }
    Ok(warnings)
}

/// The error of a run that met a limit while running.
pub fn exceeded(scenario: &Scenario, what: String) -> Error {
    Error::Limit(format!(
        "{}: stopped: {what}; nothing was written",
        scenario.source
    ))
}
