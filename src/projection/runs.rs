//! The training runs of one class in one year, and the few of them that are simulated.
//!
//! **Sampling scheme.** All `n` runs of the class get a compute drawn from a log-normal
//! around the class median (cheap arithmetic, even for 10⁵ runs). When `n` is at most
//! `m = max_sampled_runs_per_class` every run is simulated with weight 1. Otherwise the
//! runs are sorted by compute and cut into `m` strata of consecutive ranks (sizes differing
//! by at most one); one representative per stratum is simulated, and its results are
//! scaled by the ratio `Σ compute of the stratum / compute of the representative` (a ratio
//! estimator: energy, carbon, water, hardware and cost are nearly proportional to compute
//! within a stratum). The representative of the top stratum is its largest run, so the
//! largest run of the year is always simulated; the others are drawn uniformly within their
//! stratum. `tests/it/projection.rs` measures the error against simulating every run.
//!
//! Regions and start times: the simulated runs take regions by systematic sampling over the
//! cumulative shares at positions `(k + u)/m'` (`u` uniform, `m'` simulated runs), shuffled
//! so that the region does not follow the compute rank; each region then gets its share of
//! the simulated runs to within one. Start times are spread the same way over the year
//! (positions `(k + v)/m'`, shuffled independently), so that the few simulated runs cover
//! the seasons of the grid and the weather evenly.

use rand::Rng;
use rand::seq::SliceRandom;
use rand_distr::StandardNormal;

/// One simulated run, standing for `weight` times its compute's worth of the class's runs.
#[derive(Clone, Debug, PartialEq)]
pub struct SampledRun {
    /// Compute, FLOP.
    pub compute_flop: f64,
    /// Multiplier of its simulated results (1 when every run is simulated).
    pub weight: f64,
    /// Index into the projection's regions.
    pub region: usize,
    /// Position of its start in the year, a fraction in [0, 1).
    pub start_fraction: f64,
}

/// Draws the `n` runs of a class with median compute `median_flop` and log10 spread
/// `sd_log10`, each limited to `max_flop` (a cap, `super::caps`; infinite for none), and
/// returns the simulated ones (at most `m`) and whether any run was limited. `shares` are
/// the regions' shares (sum 1).
pub fn sample_class<R: Rng>(
    n: u64,
    median_flop: f64,
    sd_log10: f64,
    max_flop: f64,
    m: u32,
    shares: &[f64],
    rng: &mut R,
) -> (Vec<SampledRun>, bool) {
    if n == 0 {
        return (Vec::new(), false);
    }
    let mut clipped = false;
    let mut computes: Vec<f64> = (0..n)
        .map(|_| {
            let z: f64 = rng.sample(StandardNormal);
            let drawn = median_flop * 10f64.powf(sd_log10 * z);
            if drawn > max_flop {
                clipped = true;
                max_flop
            } else {
                drawn
            }
        })
        .collect();
    let m = u64::from(m.max(1));
    let mut picked: Vec<(f64, f64)> = Vec::new();
    if n <= m {
        picked.extend(computes.iter().map(|&c| (c, 1.0)));
    } else {
        computes.sort_by(f64::total_cmp);
        for k in 0..m {
            let lo = (k * n / m) as usize;
            let hi = ((k + 1) * n / m) as usize;
            let stratum = &computes[lo..hi];
            let total: f64 = stratum.iter().sum();
            let rep = if k + 1 == m {
                stratum[stratum.len() - 1]
            } else {
                stratum[rng.random_range(0..stratum.len())]
            };
            picked.push((rep, total / rep));
        }
    }
    let count = picked.len();
    let u: f64 = rng.random();
    let mut positions: Vec<f64> = (0..count).map(|k| (k as f64 + u) / count as f64).collect();
    positions.shuffle(rng);
    let v: f64 = rng.random();
    let mut starts: Vec<f64> = (0..count).map(|k| (k as f64 + v) / count as f64).collect();
    starts.shuffle(rng);
    let runs = picked
        .into_iter()
        .zip(positions)
        .zip(starts)
        .map(|(((compute_flop, weight), position), start_fraction)| {
            let mut cumulative = 0.0;
            let mut region = shares.len().saturating_sub(1);
            for (i, s) in shares.iter().enumerate() {
                cumulative += s;
                if position < cumulative {
                    region = i;
                    break;
                }
            }
            SampledRun {
                compute_flop,
                weight,
                region,
                start_fraction,
            }
        })
        .collect();
    (runs, clipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_run_is_kept_up_to_the_sample_size() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (runs, clipped) = sample_class(5, 1e20, 0.5, f64::INFINITY, 8, &[1.0], &mut rng);
        assert!(!clipped);
        assert_eq!(runs.len(), 5);
        assert!(runs.iter().all(|r| r.weight == 1.0 && r.region == 0));
    }

    #[test]
    fn strata_carry_the_whole_compute_and_the_largest_run() {
        let mut a = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let mut b = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let (sampled, _) = sample_class(1000, 1e20, 0.7, f64::INFINITY, 10, &[0.5, 0.5], &mut a);
        // The same draws, all kept: the population.
        let (all, _) = sample_class(1000, 1e20, 0.7, f64::INFINITY, 1000, &[0.5, 0.5], &mut b);
        let total: f64 = all.iter().map(|r| r.compute_flop).sum();
        let estimated: f64 = sampled.iter().map(|r| r.compute_flop * r.weight).sum();
        assert!(
            (estimated / total - 1.0).abs() < 1e-9,
            "{estimated} vs {total}"
        );
        let largest = all.iter().map(|r| r.compute_flop).fold(0.0, f64::max);
        assert!(sampled.iter().any(|r| r.compute_flop == largest));
        assert_eq!(sampled.len(), 10);
        assert_eq!(sampled.iter().filter(|r| r.region == 0).count(), 5);
    }

    #[test]
    fn a_cap_limits_every_run_and_says_so() {
        let mut a = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut b = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (free, free_clipped) = sample_class(50, 1e20, 0.5, f64::INFINITY, 100, &[1.0], &mut a);
        let (capped, clipped) = sample_class(50, 1e20, 0.5, 1e20, 100, &[1.0], &mut b);
        assert!(!free_clipped && clipped);
        for (f, c) in free.iter().zip(&capped) {
            assert_eq!(c.compute_flop, f.compute_flop.min(1e20));
        }
        // A cap above every draw changes nothing.
        let mut c = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (high, high_clipped) = sample_class(50, 1e20, 0.5, 1e30, 100, &[1.0], &mut c);
        assert!(!high_clipped);
        assert_eq!(high, free);
    }
}
