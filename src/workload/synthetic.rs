//! Synthetic jobs: a mixture of classes with Poisson arrivals.

use crate::engine::SimTime;
use crate::engine::inverse::{choose_by_cumulative, open_uniform, standard_normal_quantile};
use rand_chacha::ChaCha8Rng;

/// How a class's job durations are drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum DurationModel {
    /// `min(exp(μ + σ·Z), cap)` seconds, Z standard normal.
    LogNormal {
        /// μ, ln(seconds).
        mu: f64,
        /// σ, ln(seconds).
        sigma: f64,
        /// Cap, seconds (`u64::MAX` for none).
        max_s: u64,
    },
    /// 6·N·D FLOPs at a given MFU on the class's site accelerators.
    ModelSize {
        /// Parameters N.
        parameters: f64,
        /// Tokens D.
        tokens: f64,
        /// Model FLOPs utilisation.
        mfu: f64,
        /// Peak FLOP/s of the site's accelerator.
        peak_flops: f64,
    },
}

/// One class of synthetic jobs.
#[derive(Clone, Debug, PartialEq)]
pub struct JobClassConfig {
    /// Label index.
    pub label: u32,
    /// Site index.
    pub site: u16,
    /// Relative weight.
    pub share: f64,
    /// GPU counts, chosen uniformly.
    pub gpus: Vec<u32>,
    /// Duration model.
    pub duration: DurationModel,
    /// Utilisation while computing.
    pub gpu_utilization: f64,
    /// Slack of deferrable jobs, s: deadline = arrival + duration + slack.
    pub slack_s: Option<SimTime>,
    /// Flexibility (its `deadline_at_s` is set at submission).
    pub flex: super::Flexibility,
}

/// Poisson arrivals of a class mixture.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticConfig {
    /// Mean arrivals per second.
    pub rate_per_s: f64,
    /// Classes (non-empty, shares > 0).
    pub classes: Vec<JobClassConfig>,
    /// Weekly modulation of the rate, if any.
    pub profile: Option<super::arrivals::WeeklyProfile>,
    /// UTC instant of simulated time 0 (for the profile's weekdays and hours).
    pub start_unix: i64,
}

/// One synthetic draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    pub(crate) label: u32,
    pub(crate) site: u16,
    pub(crate) arrival_s: SimTime,
    pub(crate) gpus: u32,
    pub(crate) duration_s: u64,
    pub(crate) gpu_utilization: f64,
    pub(crate) flex: super::Flexibility,
}

/// Draws generated ahead per refill of a [`SyntheticStream`].
///
/// Each refill draws the arrivals of up to this many jobs, then their classes and GPU
/// counts, then their durations, in three loops. The jobs of a batch are independent once
/// their arrival is known, so the normal quantile and the exponential of one job's
/// duration overlap with the next job's instead of stalling on each library call in
/// turn (perf put the samples of the one-job-at-a-time generator on the instructions that
/// wait for `exp`). 64 draws of 56 bytes stay within a few kilobytes.
const BATCH: usize = 64;

/// Lazily generated synthetic jobs, each stochastic process on its own stream.
///
/// Every draw is an inverse transform of a fixed number of uniforms, so that sweep points
/// that change a parameter stay paired (common random numbers): candidate arrival `i`
/// takes uniforms `2i` and `2i + 1` of the arrivals stream (gap, then thinning), and job
/// `j` takes uniforms `2j`, `2j + 1` of the sizes stream (class, GPU count) and uniform
/// `j` of the durations stream (the normal deviate of a log-normal duration). Raising the
/// arrival rate compresses the same arrival pattern in time; changing a class share moves
/// only the jobs near the class boundary; changing a duration parameter rescales each
/// job's own duration.
///
/// Jobs are generated 64 at a time (`BATCH`). Each stream is read in the same order as one
/// job at a time (the three streams are independent, so only the order within each
/// matters), so the draws are the same bit for bit (tested against the one-at-a-time
/// generator); the batch past the window's end only draws numbers nothing reads.
pub struct SyntheticStream<'a> {
    config: &'a SyntheticConfig,
    window_end_s: SimTime,
    clock_s: f64,
    /// Mean candidate gap, s: 1 / (rate × peak profile factor).
    mean_gap_s: f64,
    /// Cumulative class shares, for the inverse transform of the class choice.
    cumulative_shares: Vec<f64>,
    arrivals: ChaCha8Rng,
    sizes: ChaCha8Rng,
    durations: ChaCha8Rng,
    /// Generated draws not yet handed out: `batch[next..]`.
    batch: Vec<Draw>,
    /// Index of the next draw in `batch`.
    next: usize,
    /// The arrivals reached the window's end: no more batches.
    ended: bool,
}

impl<'a> SyntheticStream<'a> {
    /// A stream that stops at the first arrival at or after `window_end_s`.
    ///
    /// The configuration is validated when the scenario is resolved (positive rate,
    /// non-empty classes with positive shares), so construction cannot fail.
    pub fn new(
        config: &'a SyntheticConfig,
        window_end_s: SimTime,
        arrivals: ChaCha8Rng,
        sizes: ChaCha8Rng,
        durations: ChaCha8Rng,
    ) -> Self {
        let peak = config.profile.as_ref().map_or(1.0, |p| p.max());
        let rate = config.rate_per_s * peak;
        let mean_gap_s = if rate > 0.0 && rate.is_finite() {
            1.0 / rate
        } else {
            f64::INFINITY
        };
        let cumulative_shares = config
            .classes
            .iter()
            .scan(0.0, |sum, c| {
                *sum += c.share;
                Some(*sum)
            })
            .collect();
        SyntheticStream {
            config,
            window_end_s,
            clock_s: 0.0,
            mean_gap_s,
            cumulative_shares,
            arrivals,
            sizes,
            durations,
            batch: Vec::with_capacity(BATCH),
            next: 0,
            ended: false,
        }
    }

    /// The next draw, without taking it.
    #[inline]
    pub fn peek(&mut self) -> Option<&Draw> {
        if self.next == self.batch.len() {
            self.refill();
        }
        self.batch.get(self.next)
    }

    /// The arrival time of the next job, or `None` at the window's end: candidates from
    /// the arrivals stream (gap, then thinning uniform) until one is kept.
    #[inline]
    fn next_arrival(&mut self) -> Option<f64> {
        loop {
            // Exponential gap by inverse transform: −ln(U) × mean gap.
            self.clock_s += -open_uniform(&mut self.arrivals).ln() * self.mean_gap_s;
            // Thinning uniform, drawn for every candidate so candidates stay aligned.
            let keep_u = open_uniform(&mut self.arrivals);
            let t = crate::engine::round::floor(self.clock_s);
            // An infinite gap (zero rate) also ends the stream.
            if t.is_nan() || t >= self.window_end_s as f64 {
                return None;
            }
            // Thinning: candidates come at the peak rate, kept with factor / peak.
            match &self.config.profile {
                None => return Some(t),
                Some(p) => {
                    let keep = p.factor_at(self.config.start_unix + t as i64) / p.max();
                    if keep_u < keep {
                        return Some(t);
                    }
                }
            }
        }
    }

    /// Generates the next batch into `batch`: arrivals first, then classes and GPU
    /// counts, then durations, each stream read in job order.
    #[cold]
    fn refill(&mut self) {
        self.batch.clear();
        self.next = 0;
        if self.ended {
            return;
        }
        let classes = &self.config.classes;
        while self.batch.len() < BATCH {
            let Some(t) = self.next_arrival() else {
                self.ended = true;
                break;
            };
            let class_u = open_uniform(&mut self.sizes);
            let gpus_u = open_uniform(&mut self.sizes);
            let class_index = choose_by_cumulative(&self.cumulative_shares, class_u);
            let class = &classes[class_index];
            let gpus_index =
                ((gpus_u * class.gpus.len() as f64) as usize).min(class.gpus.len() - 1);
            self.batch.push(Draw {
                // The class index until the durations loop below sets the label.
                label: class_index as u32,
                site: class.site,
                arrival_s: t as SimTime,
                gpus: class.gpus[gpus_index],
                duration_s: 0,
                gpu_utilization: class.gpu_utilization,
                flex: class.flex,
            });
        }
        for draw in &mut self.batch {
            let class = &classes[draw.label as usize];
            let duration_u = open_uniform(&mut self.durations);
            let duration_s = match class.duration {
                DurationModel::LogNormal { mu, sigma, max_s } => {
                    let z = standard_normal_quantile(duration_u);
                    let seconds = (mu + sigma * z).exp();
                    super::seconds_to_whole(seconds.min(max_s as f64))
                }
                DurationModel::ModelSize {
                    parameters,
                    tokens,
                    mfu,
                    peak_flops,
                } => {
                    super::duration_from_model_size(parameters, tokens, draw.gpus, peak_flops, mfu)
                }
            };
            draw.label = class.label;
            draw.duration_s = duration_s;
            draw.flex.deadline_at_s = class.slack_s.map(|slack| {
                draw.arrival_s
                    .saturating_add(duration_s)
                    .saturating_add(slack)
            });
        }
    }
}

impl Iterator for SyntheticStream<'_> {
    type Item = Draw;

    #[inline]
    fn next(&mut self) -> Option<Draw> {
        let draw = *self.peek()?;
        self.next += 1;
        Some(draw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::{StreamId, stream_rng};

    fn config() -> SyntheticConfig {
        SyntheticConfig {
            rate_per_s: 0.01,
            classes: vec![
                JobClassConfig {
                    label: 0,
                    site: 0,
                    share: 0.7,
                    gpus: vec![1],
                    duration: DurationModel::LogNormal {
                        mu: 6.85,
                        sigma: 2.18,
                        max_s: 14 * 86_400,
                    },
                    gpu_utilization: 1.0,
                    slack_s: None,
                    flex: crate::workload::Flexibility::default(),
                },
                JobClassConfig {
                    label: 1,
                    site: 0,
                    share: 0.3,
                    gpus: vec![64, 128],
                    duration: DurationModel::LogNormal {
                        mu: 11.0,
                        sigma: 0.8,
                        max_s: 30 * 86_400,
                    },
                    gpu_utilization: 1.0,
                    slack_s: None,
                    flex: crate::workload::Flexibility::default(),
                },
            ],
            profile: None,
            start_unix: 0,
        }
    }

    fn stream(c: &SyntheticConfig, seed: u64) -> SyntheticStream<'_> {
        SyntheticStream::new(
            c,
            10_000_000,
            stream_rng(seed, StreamId::Arrivals),
            stream_rng(seed, StreamId::Sizes),
            stream_rng(seed, StreamId::Durations),
        )
    }

    #[test]
    fn rates_shares_and_lognormal_median_match_parameters() {
        let c = config();
        let draws: Vec<Draw> = stream(&c, 7).collect();
        // 1e7 s × 0.01/s = 1e5 arrivals; Poisson sd ≈ 316.
        assert!(
            (draws.len() as f64 - 1e5).abs() < 1_500.0,
            "{}",
            draws.len()
        );
        let small: Vec<u64> = draws
            .iter()
            .filter(|d| d.label == 0)
            .map(|d| d.duration_s)
            .collect();
        let share = small.len() as f64 / draws.len() as f64;
        assert!((share - 0.7).abs() < 0.01, "{share}");
        let mut sorted = small.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2] as f64;
        assert!((median.ln() - 6.85).abs() < 0.05, "median {median}");
        assert!(small.iter().all(|&d| (1..=14 * 86_400).contains(&d)));
        assert!(draws.windows(2).all(|w| w[0].arrival_s <= w[1].arrival_s));
        assert!(
            draws
                .iter()
                .filter(|d| d.label == 1)
                .all(|d| d.gpus == 64 || d.gpus == 128)
        );
    }

    #[test]
    fn weekly_profile_shapes_arrivals_and_keeps_their_mean() {
        let mut c = config();
        c.profile = Some(
            crate::workload::arrivals::WeeklyProfile::new(
                &crate::workload::arrivals::HELIOS_VENUS,
                crate::time::zone::Zone::fixed_hours(8).unwrap(),
            )
            .unwrap(),
        );
        // 2023-01-02 00:00 UTC is a Monday; 20 weeks.
        c.start_unix = 1_672_617_600;
        let weeks = 20;
        let window = weeks * 7 * 86_400;
        let draws: Vec<Draw> = SyntheticStream::new(
            &c,
            window,
            stream_rng(5, StreamId::Arrivals),
            stream_rng(5, StreamId::Sizes),
            stream_rng(5, StreamId::Durations),
        )
        .collect();
        let expected = 0.01 * window as f64;
        assert!(
            (draws.len() as f64 / expected - 1.0).abs() < 0.02,
            "{} vs {expected}",
            draws.len()
        );
        let p = c.profile.as_ref().unwrap();
        let mut counts = [0.0f64; 168];
        for d in &draws {
            let t = c.start_unix + d.arrival_s as i64;
            // same weekday×hour as the profile indexes it
            let local = t + 8 * 3_600;
            let slot = (((local.div_euclid(86_400) + 3).rem_euclid(7)) * 24
                + local.rem_euclid(86_400) / 3_600) as usize;
            counts[slot] += 1.0;
            assert!(p.factor_at(t) > 0.0);
        }
        // counts follow the factors: mean arrivals per slot = rate · 3600 · weeks · factor
        let mut worst: f64 = 0.0;
        for (slot, &n) in counts.iter().enumerate() {
            let mean = 0.01 * 3_600.0 * weeks as f64 * p.factors[slot];
            worst = worst.max((n - mean).abs() / mean.sqrt().max(1.0));
        }
        assert!(
            worst < 4.5,
            "a slot is {worst} standard deviations off its profile"
        );
    }

    #[test]
    fn changed_parameters_keep_jobs_paired() {
        let base = config();
        let jobs = |c: &SyntheticConfig| -> Vec<Draw> { stream(c, 9).take(2_000).collect() };
        let a = jobs(&base);
        // Twice the rate: the same jobs, arriving in half the time.
        let mut faster = config();
        faster.rate_per_s = 0.02;
        for (x, y) in a.iter().zip(&jobs(&faster)) {
            assert_eq!(
                (x.label, x.gpus, x.duration_s),
                (y.label, y.gpus, y.duration_s)
            );
            assert!((x.arrival_s as f64 / 2.0 - y.arrival_s as f64).abs() <= 1.0);
        }
        // A longer log-normal median: each small job of the first class grows, the others
        // are untouched.
        let mut longer = config();
        if let DurationModel::LogNormal { mu, .. } = &mut longer.classes[0].duration {
            *mu += 1.0;
        }
        for (x, y) in a.iter().zip(&jobs(&longer)) {
            assert_eq!(
                (x.arrival_s, x.label, x.gpus),
                (y.arrival_s, y.label, y.gpus)
            );
            if x.label == 0 {
                assert!(y.duration_s >= x.duration_s);
            } else {
                assert_eq!(x.duration_s, y.duration_s);
            }
        }
        // A larger share of the first class: only jobs switch from the second class to the
        // first, never the other way.
        let mut shifted = config();
        shifted.classes[0].share = 0.8;
        shifted.classes[1].share = 0.2;
        let b = jobs(&shifted);
        assert!(
            a.iter()
                .zip(&b)
                .all(|(x, y)| x.label == y.label || (x.label == 1 && y.label == 0))
        );
        let switched = a.iter().zip(&b).filter(|(x, y)| x.label != y.label).count();
        assert!(
            (100..300).contains(&switched),
            "{switched} of 2000 switched"
        );
    }

    /// The generator as it was before batching, one job at a time with the three streams
    /// interleaved: the reference the batched stream must equal bit for bit.
    fn one_at_a_time(c: &SyntheticConfig, seed: u64, window_end_s: SimTime) -> Vec<Draw> {
        let mut arrivals = stream_rng(seed, StreamId::Arrivals);
        let mut sizes = stream_rng(seed, StreamId::Sizes);
        let mut durations = stream_rng(seed, StreamId::Durations);
        let peak = c.profile.as_ref().map_or(1.0, |p| p.max());
        let rate = c.rate_per_s * peak;
        let mean_gap_s = if rate > 0.0 && rate.is_finite() {
            1.0 / rate
        } else {
            f64::INFINITY
        };
        let cumulative: Vec<f64> = c
            .classes
            .iter()
            .scan(0.0, |sum, k| {
                *sum += k.share;
                Some(*sum)
            })
            .collect();
        let mut clock_s = 0.0f64;
        let mut out = Vec::new();
        'jobs: loop {
            let arrival_s = loop {
                clock_s += -open_uniform(&mut arrivals).ln() * mean_gap_s;
                let keep_u = open_uniform(&mut arrivals);
                let t = clock_s.floor();
                if t.is_nan() || t >= window_end_s as f64 {
                    break 'jobs;
                }
                match &c.profile {
                    None => break t,
                    Some(p) => {
                        if keep_u < p.factor_at(c.start_unix + t as i64) / p.max() {
                            break t;
                        }
                    }
                }
            };
            let class_u = open_uniform(&mut sizes);
            let gpus_u = open_uniform(&mut sizes);
            let class = &c.classes[choose_by_cumulative(&cumulative, class_u)];
            let gpus_index =
                ((gpus_u * class.gpus.len() as f64) as usize).min(class.gpus.len() - 1);
            let gpus = class.gpus[gpus_index];
            let duration_u = open_uniform(&mut durations);
            let duration_s = match class.duration {
                DurationModel::LogNormal { mu, sigma, max_s } => {
                    let z = standard_normal_quantile(duration_u);
                    crate::workload::seconds_to_whole((mu + sigma * z).exp().min(max_s as f64))
                }
                DurationModel::ModelSize {
                    parameters,
                    tokens,
                    mfu,
                    peak_flops,
                } => crate::workload::duration_from_model_size(
                    parameters, tokens, gpus, peak_flops, mfu,
                ),
            };
            let arrival_s = arrival_s as SimTime;
            let mut flex = class.flex;
            flex.deadline_at_s = class
                .slack_s
                .map(|slack| arrival_s.saturating_add(duration_s).saturating_add(slack));
            out.push(Draw {
                label: class.label,
                site: class.site,
                arrival_s,
                gpus,
                duration_s,
                gpu_utilization: class.gpu_utilization,
                flex,
            });
        }
        out
    }

    /// Batched generation draws exactly the jobs of the one-at-a-time generator: with and
    /// without a weekly profile, with model-size durations, slack and several sites, for
    /// windows that end inside a batch, on a batch boundary and before the first job, and
    /// with a zero rate.
    #[test]
    fn batches_draw_the_same_jobs_as_one_at_a_time() {
        let mut configs = vec![config()];
        let mut profiled = config();
        profiled.profile = Some(
            crate::workload::arrivals::WeeklyProfile::new(
                &crate::workload::arrivals::HELIOS_VENUS,
                crate::time::zone::Zone::fixed_hours(8).unwrap(),
            )
            .unwrap(),
        );
        profiled.start_unix = 1_672_617_600;
        configs.push(profiled);
        let mut mixed = config();
        mixed.classes[1].duration = DurationModel::ModelSize {
            parameters: 7e9,
            tokens: 1e11,
            mfu: 0.4,
            peak_flops: 989e12,
        };
        mixed.classes[1].site = 2;
        mixed.classes[0].slack_s = Some(86_400);
        mixed.classes.push(JobClassConfig {
            label: 7,
            site: 1,
            share: 0.05,
            gpus: vec![8, 16, 24],
            duration: DurationModel::LogNormal {
                mu: 30.0,
                sigma: 3.0,
                max_s: u64::MAX,
            },
            gpu_utilization: 0.6,
            slack_s: Some(u64::MAX),
            flex: crate::workload::Flexibility {
                priority: 3,
                interruptible: true,
                ..crate::workload::Flexibility::default()
            },
        });
        configs.push(mixed);
        let mut idle = config();
        idle.rate_per_s = 0.0;
        configs.push(idle);
        for (i, c) in configs.iter().enumerate() {
            for seed in [1, 2, 3] {
                let full = one_at_a_time(c, seed, 10_000_000);
                // Ends inside a batch, exactly after the 128th job, before the first one.
                let mut windows = vec![10_000_000, 0, 1];
                if let Some(d) = full.get(127) {
                    windows.push(d.arrival_s + 1);
                }
                for window in windows {
                    let reference = one_at_a_time(c, seed, window);
                    let batched: Vec<Draw> = SyntheticStream::new(
                        c,
                        window,
                        stream_rng(seed, StreamId::Arrivals),
                        stream_rng(seed, StreamId::Sizes),
                        stream_rng(seed, StreamId::Durations),
                    )
                    .collect();
                    assert_eq!(
                        batched, reference,
                        "config {i}, seed {seed}, window {window}"
                    );
                }
                assert_eq!(full.is_empty(), i == 3);
            }
        }
        // Once ended, the stream stays ended.
        let c = config();
        let mut s = SyntheticStream::new(
            &c,
            1_000,
            stream_rng(4, StreamId::Arrivals),
            stream_rng(4, StreamId::Sizes),
            stream_rng(4, StreamId::Durations),
        );
        let n = s.by_ref().count();
        assert_eq!(n, one_at_a_time(&c, 4, 1_000).len());
        assert!(s.next().is_none() && s.peek().is_none());
    }

    #[test]
    fn same_seed_same_jobs() {
        let c = config();
        let a: Vec<Draw> = stream(&c, 3).take(100).collect();
        let b: Vec<Draw> = stream(&c, 3).take(100).collect();
        assert_eq!(a, b);
    }
}
