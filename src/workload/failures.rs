//! Hardware failures, checkpoints and restarts of running jobs.
//!
//! Each accelerator fails independently at a constant rate (or with Weibull-distributed
//! times between failures); a job on `g` accelerators is interrupted at `g` times that
//! rate. An interrupted job loses the work done since its last checkpoint, waits for the
//! restart (repair or node swap, reload), and goes on from the checkpoint. The failure clock
//! runs through the restart (the hardware stays powered), so a failure can strike during it
//! and interruptions accrue over wall time, as Llama 3's were counted. Checkpoints are
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

/// How failures are shared between root causes that take out one accelerator, a whole node or
/// a whole switch domain (correlated failures).
///
/// Shares are of the interruptions of a job that spans whole switch domains (the way Llama 3
/// counted them), so for such a job the class mix does not change its interruption rate. A
/// smaller job is hit by every failure of the nodes and switches it touches, and an
/// accelerator's own rate of being taken down (the GPU-level rate) is
/// `rate × (gpu_share + node_share·gpus_per_node + switch_share·gpus_per_switch)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailureClasses {
    /// Share of failures confined to one accelerator.
    pub gpu_share: f64,
    /// Share that take out a whole node (host hardware, host maintenance, software).
    pub node_share: f64,
    /// Share that take out every node behind one switch (switches, cables).
    pub switch_share: f64,
    /// Accelerators behind one switch.
    pub gpus_per_switch: u32,
}

/// Llama 3 405B's 419 unexpected interruptions by root cause (Llama 3 Herd of Models, Table 5;
/// `shared/data/failures/llama3_405b_unexpected_interruptions.csv`), grouped by what each
/// takes out: accelerator (faulty GPU 148, HBM3 72, SRAM 19, GPU system processor 17, silent
/// data corruption 6, thermal interface and sensor 6: 268), switch (network switch or cable:
/// 35) and node (the other 116: host maintenance 32, NIC 7, SSD 3, power supply 3, chassis 2,
/// IO expansion board 2, CPU 2, system memory 2, and software bugs 54, NCCL watchdog timeouts
/// 7 and dependencies 2, which we assume stop one host's processes). Switch domain: 16 GPUs,
/// two servers behind one top-of-rack switch (Llama 3 §3.3.1).
pub const LLAMA3_CLASSES: FailureClasses = FailureClasses {
    gpu_share: 268.0 / 419.0,
    node_share: 116.0 / 419.0,
    switch_share: 35.0 / 419.0,
    gpus_per_switch: 16,
};

/// Every failure confined to one accelerator (independent accelerators).
pub const INDEPENDENT: FailureClasses = FailureClasses {
    gpu_share: 1.0,
    node_share: 0.0,
    switch_share: 0.0,
    gpus_per_switch: 1,
};

/// A published failure record a site can start from (`[sites.failures] preset`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailurePreset {
    /// Name used in scenarios.
    pub name: &'static str,
    /// Interruptions per accelerator-hour of a job spanning whole switch domains.
    pub rate_per_gpu_hour: f64,
    /// Root-cause classes.
    pub classes: FailureClasses,
}

/// Every failure takes out one whole node (records that count node failures).
const NODE_ONLY: FailureClasses = FailureClasses {
    gpu_share: 0.0,
    node_share: 1.0,
    switch_share: 0.0,
    gpus_per_switch: 1,
};

/// Built-in failure presets, each from the record in its comment.
pub const PRESETS: &[FailurePreset] = &[
    // Llama 3 405B: 419 unexpected interruptions in 54 days on 16,384 H100 (Table 5).
    FailurePreset {
        name: "llama3-405b",
        rate_per_gpu_hour: LLAMA3_FAILURES_PER_GPU_HOUR,
        classes: LLAMA3_CLASSES,
    },
    // OPT-175B on 992 A100 (124 nodes of 8): "~2 machines go down every day" (metaseq
    // `projects/OPT/chronicles`, in `shared/data/failures/training_run_interruptions.csv`):
    // node failures, 2 / (124 × 24) per node-hour = 2 / (992 × 24) per GPU-hour.
    FailurePreset {
        name: "opt-175b",
        rate_per_gpu_hour: 2.0 / (992.0 * 24.0),
        classes: NODE_ONLY,
    },
    // Meta's A100 research clusters (Kokolis et al., HPCA 2025, arXiv 2410.21680, 11 months):
    // 6.50 (RSC-1, ≈16k GPUs) and 2.34 (RSC-2, ≈8k GPUs) failures per 1,000 node-days, as
    // quoted in `training_run_interruptions.csv` (a secondary reading; 6.50 gives the paper's
    // projected 1.8 h MTTF at 16,384 GPUs). 8 GPUs per node.
    FailurePreset {
        name: "rsc-1",
        rate_per_gpu_hour: 6.50 / 1_000.0 / 24.0 / 8.0,
        classes: NODE_ONLY,
    },
    FailurePreset {
        name: "rsc-2",
        rate_per_gpu_hour: 2.34 / 1_000.0 / 24.0 / 8.0,
        classes: NODE_ONLY,
    },
];

/// A preset by name (case-insensitive).
pub fn preset(name: &str) -> Option<&'static FailurePreset> {
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// The failure process of one site's accelerators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailureModel {
    /// Interruptions per accelerator-hour of a job spanning whole switch domains.
    pub rate_per_gpu_hour: f64,
    /// Distribution of times between failures.
    pub law: FailureLaw,
    /// Root-cause classes.
    pub classes: FailureClasses,
    /// Accelerators per node of the site.
    pub gpus_per_node: u32,
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
    /// Interruptions per hour of a job on `gpus` accelerators placed on as few nodes and
    /// switch domains as possible: every class event in what it touches stops it.
    pub fn job_rate_per_hour(&self, gpus: u32) -> f64 {
        let c = &self.classes;
        let per = |group: u32| -> f64 {
            let group = group.max(1);
            f64::from(group) * f64::from(gpus.div_ceil(group))
        };
        self.rate_per_gpu_hour
            * (c.gpu_share * f64::from(gpus)
                + c.node_share * per(self.gpus_per_node)
                + c.switch_share * per(c.gpus_per_switch))
    }

    /// Rate at which one accelerator is taken down by a failure of any class, per hour.
    pub fn gpu_level_rate_per_hour(&self) -> f64 {
        let c = &self.classes;
        self.rate_per_gpu_hour
            * (c.gpu_share
                + c.node_share * f64::from(self.gpus_per_node.max(1))
                + c.switch_share * f64::from(c.gpus_per_switch.max(1)))
    }

    /// Mean time between interruptions of a job on `gpus` accelerators, s.
    pub fn job_mtbf_s(&self, gpus: u32) -> f64 {
        crate::time::SECONDS_PER_HOUR as f64 / self.job_rate_per_hour(gpus)
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

    fn model(rate_per_gpu_hour: f64, classes: FailureClasses) -> FailureModel {
        FailureModel {
            rate_per_gpu_hour,
            law: FailureLaw::Exponential,
            classes,
            gpus_per_node: 8,
        }
    }

    #[test]
    fn llama3_calibration_gives_its_mtbf() {
        for classes in [LLAMA3_CLASSES, INDEPENDENT] {
            let m = model(LLAMA3_FAILURES_PER_GPU_HOUR, classes);
            assert!((m.job_mtbf_s(16_384) / 3_600.0 - 3.093).abs() < 0.01);
        }
        let c = LLAMA3_CLASSES;
        assert!((c.gpu_share + c.node_share + c.switch_share - 1.0).abs() < 1e-12);
    }

    #[test]
    fn presets_reproduce_their_records() {
        let rate = |name: &str, gpus: u32| {
            let p = preset(name).unwrap();
            model(p.rate_per_gpu_hour, p.classes).job_rate_per_hour(gpus)
        };
        // Llama 3: 419 in 54 days at 16,384 GPUs.
        assert!((rate("llama3-405b", 16_384) * 54.0 * 24.0 - 419.0).abs() < 1e-9);
        // OPT-175B: 2 node failures a day on 992 GPUs.
        assert!((rate("OPT-175B", 992) * 24.0 - 2.0).abs() < 1e-12);
        // RSC-1: 6.50 per 1,000 node-days; 2,048 nodes → a 1.8 h MTTF at 16,384 GPUs.
        assert!((rate("rsc-1", 8) * 24.0 * 1_000.0 - 6.50).abs() < 1e-9);
        assert!((1.0 / rate("rsc-1", 16_384) - 1.8).abs() < 0.01);
        assert!((rate("rsc-2", 8) * 24.0 * 1_000.0 - 2.34).abs() < 1e-9);
        for p in PRESETS {
            let c = p.classes;
            assert!((c.gpu_share + c.node_share + c.switch_share - 1.0).abs() < 1e-12);
        }
        assert!(preset("nope").is_none());
    }

    #[test]
    fn correlated_classes_change_job_rates_not_the_gpu_level_rate() {
        // Same GPU-level rate, two mixes: independent, and Llama 3's.
        let correlated = model(1e-5, LLAMA3_CLASSES);
        let independent = model(correlated.gpu_level_rate_per_hour(), INDEPENDENT);
        assert!(
            (independent.gpu_level_rate_per_hour() - correlated.gpu_level_rate_per_hour()).abs()
                < 1e-18
        );
        // Correlated failures coincide: a large job sees fewer interruptions.
        let (a, b) = (
            independent.job_rate_per_hour(1_024),
            correlated.job_rate_per_hour(1_024),
        );
        assert!(b < 0.5 * a, "{a} {b}");
        // A one-GPU job is hit by its node's and switch's failures too.
        let one = correlated.job_rate_per_hour(1);
        let expected = 1e-5 * (268.0 + 116.0 * 8.0 + 35.0 * 16.0) / 419.0;
        assert!((one - expected).abs() < 1e-18, "{one}");
        assert!((correlated.gpu_level_rate_per_hour() - expected).abs() < 1e-18);
    }

    #[test]
    fn weibull_keeps_the_mean() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for shape in [0.7, 1.0, 2.0] {
            let m = FailureModel {
                law: FailureLaw::Weibull { shape },
                ..model(0.01, INDEPENDENT)
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
