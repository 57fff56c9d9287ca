//! The control-variate estimator of a mean (Lavenberg & Welch 1981; Nelson 1990, "Control
//! variate remedies", *Operations Research* 38(6); Law & Kelton, *Simulation Modeling and
//! Analysis*, ch. 11).
//!
//! Given outputs `y_i` and `q` controls `z_i` whose expectation is known (here centred:
//! `z_i` = control − its expectation, mean 0), regress `y` on `[1, z]` by least squares.
//! The intercept `ȳ − β̂ᵀz̄` estimates `E[y]` without bias when `y` is linear in `z`
//! (jointly normal), and its variance is `σ̂² (1/n + z̄ᵀ S_zz⁻¹ z̄ / (n − 1))` with
//! `σ̂²` the residual variance on `n − q − 1` degrees of freedom. The share of `y`'s
//! variance the controls explain (R²) is removed, less a loss of degrees of freedom:
//! for one control of correlation ρ the variance falls by about `1 − ρ²`.

use super::stats::t975;

/// A control-variate estimate of a mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Controls used (those with a non-zero sample variance).
    pub q: usize,
    /// The estimate of the mean.
    pub mean: f64,
    /// Its Student-t 95% interval, `n − q − 1` degrees of freedom.
    pub ci95: (f64, f64),
}

fn mean(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let mut s = crate::accounting::Sum::default();
    let mut n = 0usize;
    v.for_each(|x| {
        s.add(x);
        n += 1;
    });
    s.value() / n as f64
}

/// Solves `a x = b` for a symmetric positive-definite `a` (Cholesky); `None` when `a` is
/// not positive definite to working precision (collinear controls).
fn solve_spd(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let q = b.len();
    let mut l = vec![vec![0.0; q]; q];
    for i in 0..q {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                // A pivot lost to rounding (or NaN): the control is (nearly) a combination
                // of others.
                if d.is_nan() || d <= 1e-10 * a[i][i] {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; q];
    for i in 0..q {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; q];
    for i in (0..q).rev() {
        x[i] = (y[i] - (i + 1..q).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// The control-variate estimate of `E[y]` from `y` and centred controls `z` (`z[i]` the
/// `q` controls of observation `i`, each of expectation 0). Controls without spread are
/// left out. `None` without a control left, with fewer than `q + 3` observations (the
/// interval needs two residual degrees of freedom), with non-finite values, or with
/// collinear controls.
pub fn estimate(y: &[f64], z: &[Vec<f64>]) -> Option<Estimate> {
    let n = y.len();
    if n == 0 || z.len() != n || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let width = z[0].len();
    if z.iter()
        .any(|r| r.len() != width || r.iter().any(|v| !v.is_finite()))
    {
        return None;
    }
    // Keep the controls that vary.
    let used: Vec<usize> = (0..width)
        .filter(|&k| z.iter().any(|r| r[k] != z[0][k]))
        .collect();
    let q = used.len();
    if q == 0 || n < q + 3 {
        return None;
    }
    let zu: Vec<Vec<f64>> = z
        .iter()
        .map(|r| used.iter().map(|&k| r[k]).collect())
        .collect();
    let my = mean(y.iter().copied());
    let mz: Vec<f64> = (0..q).map(|k| mean(zu.iter().map(|r| r[k]))).collect();
    // Deviations from the sample means: d[i][k] for the controls, dy[i] for y.
    let d: Vec<Vec<f64>> = zu
        .iter()
        .map(|r| r.iter().zip(&mz).map(|(v, m)| v - m).collect())
        .collect();
    let dy: Vec<f64> = y.iter().map(|v| v - my).collect();
    let cov = |a: &dyn Fn(usize) -> f64, b: &dyn Fn(usize) -> f64| {
        let mut s = crate::accounting::Sum::default();
        (0..n).for_each(|i| s.add(a(i) * b(i)));
        s.value() / (n - 1) as f64
    };
    let szz: Vec<Vec<f64>> = (0..q)
        .map(|a| (0..q).map(|b| cov(&|i| d[i][a], &|i| d[i][b])).collect())
        .collect();
    let szy: Vec<f64> = (0..q).map(|a| cov(&|i| d[i][a], &|i| dy[i])).collect();
    let beta = solve_spd(&szz, &szy)?;
    let adjusted = my - beta.iter().zip(&mz).map(|(b, m)| b * m).sum::<f64>();
    let mut ss = crate::accounting::Sum::default();
    for i in 0..n {
        let fitted: f64 = (0..q).map(|a| beta[a] * d[i][a]).sum();
        let r = dy[i] - fitted;
        ss.add(r * r);
    }
    let df = n - q - 1;
    let residual_var = ss.value() / df as f64;
    // z̄ᵀ S_zz⁻¹ z̄: how far the controls' sample mean is from their expectation.
    let mahalanobis: f64 = solve_spd(&szz, &mz)?
        .iter()
        .zip(&mz)
        .map(|(a, b)| a * b)
        .sum();
    let var = residual_var * (1.0 / n as f64 + mahalanobis / (n - 1) as f64);
    let half = t975(df) * var.max(0.0).sqrt();
    Some(Estimate {
        q,
        mean: adjusted,
        ci95: (adjusted - half, adjusted + half),
    })
}

#[cfg(test)]
mod tests;
