//! Hardware failures, checkpoints and restarts of running jobs.
//!
//! Each accelerator fails independently at a constant rate (or with Weibull-distributed
//! times between failures); a job on `g` accelerators is interrupted at `g` times that
//! rate. An interrupted job loses the work done since its last checkpoint, waits for the
//! restart (repair or node swap, reload), and goes on from the checkpoint. Checkpoints are
//! written at a fixed compute interval or at the Young/Daly optimum.

use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Weibull};

/// Unexpected interruptions per accelerator-hour in Llama 3 405B pre-training: 419
/// interruptions in a 54-day snapshot on 16,384 H100s (Llama 3 Herd of Models, §3.3.4 and
/// Table 5; `shared/data/failures/`): 419 / (16,384 × 54 × 24) = 1.973e-5 per GPU-hour,
/// a job-level MTBF of 3.09 h at full scale.
pub const LLAMA3_FAILURES_PER_GPU_HOUR: f64 = 419.0 / (16_384.0 * 54.0 * 24.0);

/// Shape of the times between failures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FailureLaw {
    /// Memoryless: exponential times between failures.
    Exponential,
    /// Weibull with this shape (< 1: infant mortality, > 1: wear-out), same mean.
    Weibull {
        /// Shape k > 0.
        shape: f64,
    },
}

/// The failure process of one site's accelerators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailureModel {
    /// Failures per accelerator-hour.
    pub rate_per_gpu_hour: f64,
    /// Distribution of times between failures.
    pub law: FailureLaw,
}

fn gamma(x: f64) -> f64 {
    // Lanczos approximation (g = 7, n = 9), relative error < 1e-13 for x > 0.5.
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        std::f64::consts::PI / ((std::f64::consts::PI * x).sin() * gamma(1.0 - x))
    } else {
        let x = x - 1.0;
        let t = x + 7.5;
        let mut a = C[0];
        for (i, c) in C.iter().enumerate().skip(1) {
            a += c / (x + i as f64);
        }
        (2.0 * std::f64::consts::PI).sqrt() * t.powf(x + 0.5) * (-t).exp() * a
    }
}

impl FailureModel {
    /// Mean time between interruptions of a job on `gpus` accelerators, s.
    pub fn job_mtbf_s(&self, gpus: u32) -> f64 {
        crate::time::SECONDS_PER_HOUR as f64 / (self.rate_per_gpu_hour * f64::from(gpus))
    }

    /// Running time until the next interruption of a job on `gpus` accelerators, s
    /// (`f64::INFINITY` when the rate is 0).
    pub fn time_to_failure_s(&self, gpus: u32, rng: &mut ChaCha8Rng) -> f64 {
        if self.rate_per_gpu_hour <= 0.0 || gpus == 0 {
            return f64::INFINITY;
        }
        let mean = self.job_mtbf_s(gpus);
        match self.law {
            FailureLaw::Exponential => {
                Exp::new(1.0 / mean).map_or(f64::INFINITY, |d| d.sample(rng))
            }
            FailureLaw::Weibull { shape } => {
                let scale = mean / gamma(1.0 + 1.0 / shape);
                Weibull::new(scale, shape).map_or(f64::INFINITY, |d| d.sample(rng))
            }
        }
    }
}

/// How often a job checkpoints.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CheckpointInterval {
    /// Never (a failure restarts the job from the beginning).
    Never,
    /// Every this many seconds of compute.
    Fixed(f64),
    /// At the Young/Daly optimum for the job's MTBF and checkpoint time.
    YoungDaly,
}

/// Checkpoint and restart behaviour of a job.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CheckpointPolicy {
    /// Interval.
    pub interval: CheckpointInterval,
    /// Time to write one checkpoint, s (at checkpoint power, no progress).
    pub write_s: u64,
    /// Time from an interruption to resumed compute (detection, repair or swap, reload), s
    /// (accelerators held at idle power).
    pub restart_s: u64,
}

impl Default for CheckpointPolicy {
    fn default() -> Self {
        CheckpointPolicy {
            interval: CheckpointInterval::Never,
            write_s: 0,
            restart_s: 0,
        }
    }
}

/// Young (1974) / Daly (2006) first-order optimum checkpoint interval `√(2·C·M)` for
/// checkpoint time `C` and mean time between failures `M` (both s).
pub fn young_daly_interval_s(write_s: f64, mtbf_s: f64) -> f64 {
    (2.0 * write_s.max(1.0) * mtbf_s).sqrt()
}

impl CheckpointPolicy {
    /// Compute seconds between checkpoints for a job with the given MTBF (`None`: never).
    pub fn interval_s(&self, mtbf_s: f64) -> Option<f64> {
        match self.interval {
            CheckpointInterval::Never => None,
            CheckpointInterval::Fixed(s) => Some(s.max(1.0)),
            CheckpointInterval::YoungDaly if mtbf_s.is_finite() => {
                Some(young_daly_interval_s(self.write_s as f64, mtbf_s))
            }
            CheckpointInterval::YoungDaly => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn llama3_calibration_gives_its_mtbf() {
        let m = FailureModel {
            rate_per_gpu_hour: LLAMA3_FAILURES_PER_GPU_HOUR,
            law: FailureLaw::Exponential,
        };
        assert!((m.job_mtbf_s(16_384) / 3_600.0 - 3.093).abs() < 0.01);
    }

    #[test]
    fn weibull_keeps_the_mean() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for shape in [0.7, 1.0, 2.0] {
            let m = FailureModel {
                rate_per_gpu_hour: 0.01,
                law: FailureLaw::Weibull { shape },
            };
            let n = 50_000;
            let mean = (0..n)
                .map(|_| m.time_to_failure_s(10, &mut rng))
                .sum::<f64>()
                / n as f64;
            assert!(
                (mean / m.job_mtbf_s(10) - 1.0).abs() < 0.03,
                "shape {shape}: {mean}"
            );
        }
        assert!((gamma(5.0) - 24.0).abs() < 1e-9);
        assert!((gamma(0.5) - std::f64::consts::PI.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn young_daly_interval() {
        // C = 60 s, M = 3.09 h → √(2 · 60 · 11,124) ≈ 1,155 s
        assert!((young_daly_interval_s(60.0, 3.09 * 3_600.0) - 1_155.4).abs() < 1.0);
        let p = CheckpointPolicy {
            interval: CheckpointInterval::Never,
            write_s: 60,
            restart_s: 600,
        };
        assert_eq!(p.interval_s(1e4), None);
    }
}
