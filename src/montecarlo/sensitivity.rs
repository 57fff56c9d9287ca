//! What drives the result: a ranking of inputs by their effect on headline metrics.
//!
//! - Uncertain inputs: **standardised regression coefficients** (SRC; Saltelli et al. 2008,
//!   "Global Sensitivity Analysis: The Primer", §1.2.5), per sweep point over its
//!   replications: regress the standardised metric on the standardised inputs; an SRC of
//!   0.8 means one sd of that input moves the metric by 0.8 sd. The model's R² says how much
//!   of the variance the linear model explains (SRCs are trustworthy when it is near 1).
//! - Sweep axes: the **range of the main effect**: the mean metric at each value of the axis
//!   (over all other axes and replications), max − min, relative to the overall mean.

use super::table::Table;

/// Metrics (scope `total`) ranked in `sensitivity.csv`.
pub const HEADLINE_METRICS: &[&str] = &[
    "co2_total_kg",
    "co2_operational_kg",
    "water_total_l",
    "facility_energy_kwh",
    "cost_total_usd",
];

/// One effect of one input on one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// Point name, or `all` for sweep effects.
    pub point: String,
    /// Metric name.
    pub metric: String,
    /// Input key path (or `model_r2`).
    pub input: String,
    /// `src`, `r2` or `sweep_range`.
    pub method: &'static str,
    /// The effect.
    pub value: f64,
    /// 1 = largest |effect| for this point, metric and method (0 for `r2`).
    pub rank: usize,
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// Solves `a·x = b` by Gaussian elimination with partial pivoting; None if singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            let (top, bottom) = a.split_at_mut(row);
            for (x, y) in bottom[0][col..].iter_mut().zip(&top[col][col..]) {
                *x -= f * y;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// Standardised regression coefficients of `y` on the columns of `x` (one Vec per input),
/// and R²; inputs that do not vary get 0. None when there are too few replications.
pub fn src(x: &[Vec<f64>], y: &[f64]) -> Option<(Vec<f64>, f64)> {
    let n = y.len();
    let k = x.len();
    let (my, sy) = mean_sd(y);
    let varying: Vec<usize> = (0..k).filter(|&j| mean_sd(&x[j]).1 > 0.0).collect();
    if n < varying.len() + 2 || sy == 0.0 {
        return None;
    }
    let z: Vec<Vec<f64>> = varying
        .iter()
        .map(|&j| {
            let (m, s) = mean_sd(&x[j]);
            x[j].iter().map(|v| (v - m) / s).collect()
        })
        .collect();
    let zy: Vec<f64> = y.iter().map(|v| (v - my) / sy).collect();
    let p = varying.len();
    let a: Vec<Vec<f64>> = (0..p)
        .map(|i| {
            (0..p)
                .map(|j| z[i].iter().zip(&z[j]).map(|(a, b)| a * b).sum())
                .collect()
        })
        .collect();
    let b: Vec<f64> = (0..p)
        .map(|i| z[i].iter().zip(&zy).map(|(a, b)| a * b).sum())
        .collect();
    let beta = solve(a, b)?;
    let fitted: Vec<f64> = (0..n)
        .map(|r| (0..p).map(|i| beta[i] * z[i][r]).sum())
        .collect();
    let ss_res: f64 = fitted.iter().zip(&zy).map(|(f, y)| (y - f) * (y - f)).sum();
    let ss_tot: f64 = zy.iter().map(|y| y * y).sum();
    let mut out = vec![0.0; k];
    for (i, &j) in varying.iter().enumerate() {
        out[j] = beta[i];
    }
    Some((out, 1.0 - ss_res / ss_tot))
}

fn rank(effects: &mut [Effect]) {
    let mut order: Vec<usize> = (0..effects.len()).collect();
    order.sort_by(|&a, &b| {
        effects[b]
            .value
            .abs()
            .total_cmp(&effects[a].value.abs())
            .then(a.cmp(&b))
    });
    for (r, i) in order.into_iter().enumerate() {
        effects[i].rank = r + 1;
    }
}

/// All effects. `axes` gives, per sweep axis, its key path and the index of its value at
/// each point.
pub fn effects(table: &Table, axes: &[(String, Vec<usize>)]) -> Vec<Effect> {
    let mut out = Vec::new();
    for metric in HEADLINE_METRICS {
        let Some(m) = table.metric_index("total", metric) else {
            continue;
        };
        if !table.input_names.is_empty() {
            for (p, point) in table.point_names.iter().enumerate() {
                let rows: Vec<_> = table.rows.iter().filter(|r| r.point == p).collect();
                let y: Vec<f64> = rows.iter().map(|r| r.metrics[m]).collect();
                let x: Vec<Vec<f64>> = (0..table.input_names.len())
                    .map(|i| rows.iter().map(|r| r.inputs[i]).collect())
                    .collect();
                if let Some((coefficients, r2)) = src(&x, &y) {
                    let mut block: Vec<Effect> = table
                        .input_names
                        .iter()
                        .zip(coefficients)
                        .map(|(input, value)| Effect {
                            point: point.clone(),
                            metric: metric.to_string(),
                            input: input.clone(),
                            method: "src",
                            value,
                            rank: 0,
                        })
                        .collect();
                    rank(&mut block);
                    out.extend(block);
                    out.push(Effect {
                        point: point.clone(),
                        metric: metric.to_string(),
                        input: "model_r2".into(),
                        method: "r2",
                        value: r2,
                        rank: 0,
                    });
                }
            }
        }
        if !axes.is_empty() && !table.rows.is_empty() {
            let grand =
                table.rows.iter().map(|r| r.metrics[m]).sum::<f64>() / table.rows.len() as f64;
            let mut block = Vec::new();
            for (path, value_of_point) in axes {
                let levels = value_of_point.iter().copied().max().unwrap_or(0) + 1;
                let mut sums = vec![(0.0, 0usize); levels];
                for r in &table.rows {
                    let s = &mut sums[value_of_point[r.point]];
                    s.0 += r.metrics[m];
                    s.1 += 1;
                }
                let means: Vec<f64> = sums
                    .iter()
                    .filter(|s| s.1 > 0)
                    .map(|s| s.0 / s.1 as f64)
                    .collect();
                let range = means.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                    - means.iter().copied().fold(f64::INFINITY, f64::min);
                block.push(Effect {
                    point: "all".into(),
                    metric: metric.to_string(),
                    input: path.clone(),
                    method: "sweep_range",
                    value: if grand != 0.0 {
                        range / grand.abs()
                    } else {
                        0.0
                    },
                    rank: 0,
                });
            }
            rank(&mut block);
            out.extend(block);
        }
    }
    out
}

/// Writes `sensitivity.csv`; each row of one point carries that point's sweep-axis values
/// (empty on the `all` rows of sweep effects).
pub fn write(
    path: &std::path::Path,
    effects: &[Effect],
    table: &Table,
) -> crate::error::Result<()> {
    use crate::error::Error;
    use crate::metrics::run_files::SENSITIVITY_COLUMNS;
    use crate::output::axes;
    let err = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(axes::header_with(SENSITIVITY_COLUMNS, &table.axes))
        .map_err(err)?;
    let point_of: std::collections::HashMap<&str, usize> = table
        .point_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let none = vec![""; table.axes.len()];
    for e in effects {
        let sweep: Vec<&str> = match point_of.get(e.point.as_str()) {
            Some(&p) => axes::values_at(&table.axes, p).collect(),
            None => none.clone(),
        };
        let (value, rank) = (crate::output::tables::num(e.value), e.rank.to_string());
        let rest = [e.metric.as_str(), &e.input, e.method, &value, &rank];
        w.write_record(std::iter::once(e.point.as_str()).chain(sweep).chain(rest))
            .map_err(err)?;
    }
    w.flush().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn src_recovers_linear_weights() {
        // y = 3·a − 1·b + 0·c, inputs independent: SRC ∝ weight × sd(input).
        let n = 400;
        let a: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 53) % 97) as f64).collect();
        let c: Vec<f64> = (0..n).map(|i| ((i * 71) % 89) as f64).collect();
        let y: Vec<f64> = (0..n).map(|i| 3.0 * a[i] - b[i]).collect();
        let (s, r2) = src(&[a.clone(), b.clone(), c], &y).unwrap();
        assert!((r2 - 1.0).abs() < 1e-9);
        let (_, sa) = mean_sd(&a);
        let (_, sb) = mean_sd(&b);
        let (_, sy) = mean_sd(&y);
        assert!((s[0] - 3.0 * sa / sy).abs() < 1e-9);
        assert!((s[1] + sb / sy).abs() < 1e-9);
        assert!(s[2].abs() < 1e-9);
    }

    #[test]
    fn too_few_replications_give_nothing() {
        assert!(src(&[vec![1.0, 2.0]], &[1.0, 2.0]).is_none());
    }
}
