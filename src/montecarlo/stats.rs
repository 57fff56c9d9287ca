//! Statistics of one metric over replications.

/// Summary statistics of a sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Statistics {
    /// Sample size.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1); `None` below 2 values.
    pub sd: Option<f64>,
    /// 95% confidence interval of the mean (Student t); `None` below 2 values.
    pub ci95: Option<(f64, f64)>,
    /// 5th, 50th and 95th percentiles (linear interpolation, type 7).
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Two-sided 97.5% quantile of Student's t with `df` degrees of freedom.
///
/// Exact table values for df ≤ 30 (any statistics textbook), then the Cornish–Fisher
/// expansion, accurate to < 1e-4 beyond.
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        return f64::NAN;
    }
    if df <= 30 {
        return TABLE[df - 1];
    }
    let z = 1.959_963_984_540_054_f64;
    let v = df as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl Statistics {
    /// Statistics of `values` (non-empty).
    pub fn of(values: &[f64]) -> Option<Statistics> {
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let mut sum = crate::accounting::Sum::default();
        values.iter().for_each(|&v| sum.add(v));
        let mean = sum.value() / n as f64;
        let (sd, ci95) = if n >= 2 {
            let mut ss = crate::accounting::Sum::default();
            values.iter().for_each(|&v| ss.add((v - mean) * (v - mean)));
            let sd = (ss.value() / (n - 1) as f64).sqrt();
            let half = t975(n - 1) * sd / (n as f64).sqrt();
            (Some(sd), Some((mean - half, mean + half)))
        } else {
            (None, None)
        };
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Statistics {
            n,
            mean,
            sd,
            ci95,
            p5: quantile(&sorted, 0.05),
            p50: quantile(&sorted, 0.5),
            p95: quantile(&sorted, 0.95),
            min: sorted[0],
            max: sorted[n - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_direct_computation() {
        let s = Statistics::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.mean, 5.0);
        assert!((s.sd.unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(s.p50, 4.5);
        assert_eq!(s.min, 2.0);
        assert_eq!(s.max, 9.0);
        let (lo, hi) = s.ci95.unwrap();
        assert!((hi - 5.0 - 2.365 * s.sd.unwrap() / 8f64.sqrt()).abs() < 1e-9);
        assert!((lo + hi) / 2.0 - 5.0 < 1e-12);
        let one = Statistics::of(&[3.0]).unwrap();
        assert_eq!((one.sd, one.ci95, one.p95), (None, None, 3.0));
        assert!((t975(1000) - 1.9623).abs() < 1e-3);
    }
}
