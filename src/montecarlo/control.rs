//! The control variate of paired comparisons: the GPU-hours of work the synthetic jobs of
//! one replication offer, next to its expectation under the scenario.
//!
//! A control variate must be an input of the replication whose expectation is known
//! exactly (Law & Kelton, *Simulation Modeling and Analysis*, ch. 11): here, for each
//! site, the sum over the synthetic jobs homed there that arrive in the window of
//! `gpus × duration`, in GPU-hours. How much work each site's own jobs bring decides how
//! busy it is, and so how much room a policy has to move or delay work. It is
//! recomputed by drawing the replication's jobs again from the same streams the simulation
//! uses (no simulation), and its expectation follows from the generator in closed form:
//! mean arrivals × Σ over classes of share × mean GPU count × mean duration.
//!
//! It is absent (`None`) where it is not defined: no synthetic arrivals (fixed jobs or a
//! trace only) or no window (`simulation.duration_days` unset), where the arrivals are not
//! bounded.

use crate::engine::SimTime;
use crate::scenario::Scenario;
use crate::time::SECONDS_PER_HOUR;
use crate::workload::synthetic::SyntheticConfig;
use crate::workload::{DurationModel, JobStream, WorkloadConfig};

/// GPU-hours offered by the synthetic jobs of replication `replication` that arrive in the
/// window, by home site (in site order); `None` without synthetic arrivals or without a
/// window.
pub fn offered_gpu_hours(scenario: &Scenario, replication: u64) -> Option<Vec<f64>> {
    let synthetic = scenario.workload.synthetic.as_ref()?;
    let window_s = scenario.duration_s?;
    // The synthetic jobs alone: the same streams and draws as in the simulation, which
    // merges fixed jobs in without changing what the synthetic streams draw.
    let only_synthetic = WorkloadConfig {
        labels: Vec::new(),
        fixed: Vec::new(),
        synthetic: Some(synthetic.clone()),
    };
    let seed = crate::engine::rng::replication_seed(scenario.seed, replication);
    let mut sums = vec![crate::accounting::Sum::default(); scenario.sites.len()];
    for job in JobStream::new(&only_synthetic, seed, window_s) {
        if let Some(sum) = sums.get_mut(usize::from(job.site)) {
            sum.add(f64::from(job.gpus) * job.duration_s as f64);
        }
    }
    Some(
        sums.iter()
            .map(|s| s.value() / SECONDS_PER_HOUR as f64)
            .collect(),
    )
}

/// Expected value of [`offered_gpu_hours`] for `scenario`, by site; `None` where that is
/// absent.
pub fn expected_offered_gpu_hours(scenario: &Scenario) -> Option<Vec<f64>> {
    let synthetic = scenario.workload.synthetic.as_ref()?;
    let window_s = scenario.duration_s?;
    let arrivals = synthetic.rate_per_s * rate_integral_s(synthetic, window_s);
    let total_share: f64 = synthetic.classes.iter().map(|c| c.share).sum();
    let mut per_site = vec![0.0; scenario.sites.len()];
    for class in &synthetic.classes {
        // The GPU count is one entry of the list, each equally likely; a log-normal
        // duration is drawn independently of it.
        let n = class.gpus.len() as f64;
        let gpu_s = match class.duration {
            DurationModel::LogNormal { mu, sigma, max_s } => {
                let mean_gpus = class.gpus.iter().map(|&g| f64::from(g)).sum::<f64>() / n;
                mean_gpus * capped_lognormal_mean(mu, sigma, max_s as f64)
            }
            DurationModel::ModelSize {
                parameters,
                tokens,
                mfu,
                peak_flops,
            } => {
                class
                    .gpus
                    .iter()
                    .map(|&g| {
                        f64::from(g)
                            * crate::workload::duration_from_model_size(
                                parameters, tokens, g, peak_flops, mfu,
                            ) as f64
                    })
                    .sum::<f64>()
                    / n
            }
        };
        if let Some(site) = per_site.get_mut(usize::from(class.site)) {
            *site += arrivals * class.share / total_share * gpu_s / SECONDS_PER_HOUR as f64;
        }
    }
    Some(per_site)
}

/// `E[min(X, cap)]` for `ln X ~ N(μ, σ²)`:
/// `exp(μ + σ²/2) Φ((ln cap − μ − σ²)/σ) + cap (1 − Φ((ln cap − μ)/σ))`, the partial
/// expectation of the log-normal plus the capped tail (Johnson, Kotz & Balakrishnan,
/// *Continuous Univariate Distributions* vol. 1, ch. 14). Rounding each duration to whole
/// seconds is left out: it moves the mean by a small fraction of a second.
pub fn capped_lognormal_mean(mu: f64, sigma: f64, cap: f64) -> f64 {
    let uncapped = (mu + sigma * sigma / 2.0).exp();
    if !cap.is_finite() || cap >= crate::workload::MAX_JOB_DURATION_S as f64 {
        return uncapped;
    }
    if sigma <= 0.0 {
        return mu.exp().min(cap);
    }
    let ln_cap = cap.ln();
    uncapped * normal_cdf((ln_cap - mu - sigma * sigma) / sigma)
        + cap * normal_cdf(-(ln_cap - mu) / sigma)
}

/// Standard normal CDF, `erfc(−x/√2) / 2` (`libm`'s erfc, the port of musl's, keeps its
/// relative accuracy in the far tail, where `1 − erf` would cancel).
fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// `∫₀^W factor(start + t) dt`, s: the window length without a weekly profile; with one,
/// the factor of each local hour times the seconds of the window spent in it. A UTC hour
/// whose zone offset does not change is split where the local hour changes; one with a
/// daylight-saving transition is summed second by second.
fn rate_integral_s(synthetic: &SyntheticConfig, window_s: SimTime) -> f64 {
    let Some(profile) = &synthetic.profile else {
        return window_s as f64;
    };
    let start = synthetic.start_unix;
    let end = start + window_s as i64;
    let hour = SECONDS_PER_HOUR as i64;
    let mut sum = crate::accounting::Sum::default();
    let mut t = start;
    while t < end {
        let next = (t.div_euclid(hour) + 1) * hour;
        let stop = next.min(end);
        let offset = profile.zone.offset_s(t);
        if profile.zone.offset_s(stop - 1) == offset {
            // The local hour changes at most once in a UTC hour when the offset holds.
            let local = t + offset;
            let change = t + ((local.div_euclid(hour) + 1) * hour - local);
            let split = change.min(stop);
            sum.add(profile.factor_at(t) * (split - t) as f64);
            if split < stop {
                sum.add(profile.factor_at(split) * (stop - split) as f64);
            }
        } else {
            for s in t..stop {
                sum.add(profile.factor_at(s));
            }
        }
        t = stop;
    }
    sum.value()
}
