//! Paired comparisons of sweep points against a baseline point (`comparisons.csv`).
//!
//! Replication `r` of every point draws from the same random streams (common random
//! numbers, see [`crate::engine::rng`]), so point `p` and the baseline `b` form pairs
//! `(x_p,r, x_b,r)`. The difference `d_r = x_p,r − x_b,r` cancels the noise the two share;
//! its Student-t interval is then narrower than the interval of the difference of two
//! independent means. `comparisons.csv` reports both widths and their ratio, so the
//! variance reduction of a comparison is measured, not assumed.
//!
//! Pairing cannot remove the noise that acts on the difference itself: how much work a
//! replication's jobs bring decides how much room a policy has, and that changes the
//! saving from one replication to the next. Beside the paired figures, a control-variate
//! estimate ([`super::cv`]) regresses the differences on how far each replication's
//! offered work, per site, lies from its known expectation ([`super::control`]) and
//! removes the part it explains.

use super::Statistics;
use super::stats::t975;
use super::table::Table;
use crate::error::{Error, Result};
use crate::metrics::run_files::COMPARISON_COLUMNS;
use crate::output::axes;
use crate::output::tables::num;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// One paired comparison of one metric of one point against the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Compared point.
    pub point: usize,
    /// Baseline point.
    pub baseline: usize,
    /// Index into [`Table::metric_names`].
    pub metric: usize,
    /// Replications present at both points.
    pub n_pairs: usize,
    /// Mean of the metric at the baseline over the pairs.
    pub baseline_mean: f64,
    /// Mean of the metric at the point over the pairs.
    pub point_mean: f64,
    /// Mean of the per-replication differences (point − baseline).
    pub delta_mean: f64,
    /// Their sample sd (n − 1); `None` below two pairs.
    pub delta_sd: Option<f64>,
    /// Student-t 95% interval of the mean difference; `None` below two pairs.
    pub delta_ci95: Option<(f64, f64)>,
    /// `delta_mean / baseline_mean`; `None` when the baseline mean is 0.
    pub relative: Option<f64>,
    /// 95% interval of the relative difference (delta method on the ratio of the two
    /// means, which accounts for the baseline's own uncertainty and its covariance with
    /// the difference); `None` below two pairs or with a zero baseline mean.
    pub relative_ci95: Option<(f64, f64)>,
    /// Half-width of the Welch 95% interval of the difference of the two means as if the
    /// points had been run with independent random numbers; `None` below two pairs.
    pub unpaired_half_width: Option<f64>,
    /// Paired half-width / unpaired half-width: below 1 when pairing narrows the interval;
    /// `None` when either is missing or the unpaired width is 0.
    pub width_ratio: Option<f64>,
    /// Control-variate estimate of the mean difference, the controls being the baseline's
    /// offered GPU-hours per site less their expectation; `None` without control columns,
    /// with a missing control value, or where [`super::cv::estimate`] is absent.
    pub cv: Option<super::cv::Estimate>,
    /// Control-variate half-width / unpaired half-width; `None` without `cv` or with a zero
    /// unpaired width.
    pub cv_width_ratio: Option<f64>,
}

fn mean(values: &[f64]) -> f64 {
    let mut s = crate::accounting::Sum::default();
    values.iter().for_each(|&v| s.add(v));
    s.value() / values.len() as f64
}

fn covariance(a: &[f64], ma: f64, b: &[f64], mb: f64) -> f64 {
    let mut s = crate::accounting::Sum::default();
    a.iter()
        .zip(b)
        .for_each(|(&x, &y)| s.add((x - ma) * (y - mb)));
    s.value() / (a.len() - 1) as f64
}

/// Welch–Satterthwaite degrees of freedom of two independent samples of size `n` with
/// variances `va`, `vb`.
fn welch_df(va: f64, vb: f64, n: usize) -> usize {
    let n = n as f64;
    let (a, b) = (va / n, vb / n);
    if a + b <= 0.0 {
        return (2.0 * n - 2.0) as usize;
    }
    let df = (a + b).powi(2) / (a * a / (n - 1.0) + b * b / (n - 1.0));
    (df.floor() as usize).max(1)
}

/// Compares `point` with `baseline` on metric column `metric`, pairing rows by
/// replication index. `None` when no replication is present at both.
pub fn compare(table: &Table, point: usize, baseline: usize, metric: usize) -> Option<Comparison> {
    let of = |p: usize| -> Vec<(u64, f64)> {
        table
            .rows
            .iter()
            .filter(|r| r.point == p)
            .map(|r| (r.replication, r.metrics[metric]))
            .collect()
    };
    let at_point = of(point);
    let at_baseline = of(baseline);
    let mut xs = Vec::new();
    let mut bs = Vec::new();
    let mut reps = Vec::new();
    for &(rep, x) in &at_point {
        if let Some(&(_, b)) = at_baseline.iter().find(|(r, _)| *r == rep) {
            xs.push(x);
            bs.push(b);
            reps.push(rep);
        }
    }
    let n = xs.len();
    if n == 0 {
        return None;
    }
    let deltas: Vec<f64> = xs.iter().zip(&bs).map(|(x, b)| x - b).collect();
    let stats = Statistics::of(&deltas)?;
    let (mx, mb) = (mean(&xs), mean(&bs));
    let relative = (mb != 0.0).then(|| stats.mean / mb);
    let (unpaired_half_width, relative_ci95) = if n >= 2 {
        let (vx, vb) = (covariance(&xs, mx, &xs, mx), covariance(&bs, mb, &bs, mb));
        let unpaired = t975(welch_df(vx, vb, n)) * ((vx + vb) / n as f64).sqrt();
        let rel = relative.map(|r| {
            // R = d̄ / b̄; Var(R) ≈ (Var(d̄) − 2R·Cov(d̄, b̄) + R²·Var(b̄)) / b̄².
            let vd = stats.sd.unwrap_or(0.0).powi(2);
            let cdb = covariance(&deltas, stats.mean, &bs, mb);
            let var_r = (vd - 2.0 * r * cdb + r * r * vb) / (n as f64 * mb * mb);
            let half = t975(n - 1) * var_r.max(0.0).sqrt();
            (r - half, r + half)
        });
        (Some(unpaired), rel)
    } else {
        (None, None)
    };
    let width_ratio = match (stats.ci95, unpaired_half_width) {
        (Some((lo, hi)), Some(u)) if u > 0.0 => Some((hi - lo) / 2.0 / u),
        _ => None,
    };
    let cv =
        centred_controls(table, baseline, &reps).and_then(|z| super::cv::estimate(&deltas, &z));
    let cv_width_ratio = match (&cv, unpaired_half_width) {
        (Some(e), Some(u)) if u > 0.0 => Some((e.ci95.1 - e.ci95.0) / 2.0 / u),
        _ => None,
    };
    Some(Comparison {
        point,
        baseline,
        metric,
        n_pairs: n,
        baseline_mean: mb,
        point_mean: mx,
        delta_mean: stats.mean,
        delta_sd: stats.sd,
        delta_ci95: stats.ci95,
        relative,
        relative_ci95,
        unpaired_half_width,
        width_ratio,
        cv,
        cv_width_ratio,
    })
}

/// The baseline's controls (offered − expected GPU-hours per site) in the replications
/// `reps`, in that order; `None` without control columns or with a missing value.
fn centred_controls(table: &Table, baseline: usize, reps: &[u64]) -> Option<Vec<Vec<f64>>> {
    let q = table.control_sites.len();
    if q == 0 {
        return None;
    }
    reps.iter()
        .map(|&rep| {
            let row = table
                .rows
                .iter()
                .find(|r| r.point == baseline && r.replication == rep)?;
            let z: Vec<f64> = (0..q)
                .map(|k| {
                    row.controls.get(k).copied().unwrap_or(f64::NAN)
                        - row.controls.get(q + k).copied().unwrap_or(f64::NAN)
                })
                .collect();
            z.iter().all(|v| v.is_finite()).then_some(z)
        })
        .collect()
}

/// Every point other than the baseline against the baseline, every metric, in point then
/// metric order.
pub fn all(table: &Table, baseline: usize) -> Vec<Comparison> {
    (0..table.point_names.len())
        .filter(|&p| p != baseline)
        .flat_map(|p| {
            (0..table.metric_names.len()).filter_map(move |m| compare(table, p, baseline, m))
        })
        .collect()
}

/// Writes `comparisons.csv`: every point against the baseline, per scope × metric (empty
/// cells where a figure needs two pairs or a non-zero baseline mean).
pub fn write(path: &Path, table: &Table, baseline: usize) -> Result<()> {
    let file = File::create(path).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    w.write_record(axes::header_with(COMPARISON_COLUMNS, &table.axes))
        .map_err(e)?;
    let opt = |v: Option<f64>| v.map_or(String::new(), num);
    for c in all(table, baseline) {
        let (scope, metric) = &table.metric_names[c.metric];
        let cells = [
            table.point_names[c.baseline].clone(),
            scope.clone(),
            metric.clone(),
            c.n_pairs.to_string(),
            num(c.baseline_mean),
            num(c.point_mean),
            num(c.delta_mean),
            opt(c.delta_sd),
            opt(c.delta_ci95.map(|x| x.0)),
            opt(c.delta_ci95.map(|x| x.1)),
            opt(c.relative),
            opt(c.relative_ci95.map(|x| x.0)),
            opt(c.relative_ci95.map(|x| x.1)),
            opt(c.unpaired_half_width),
            opt(c.width_ratio),
            c.cv.as_ref().map_or(0, |e| e.q).to_string(),
            opt(c.cv.as_ref().map(|e| e.mean)),
            opt(c.cv.as_ref().map(|e| e.ci95.0)),
            opt(c.cv.as_ref().map(|e| e.ci95.1)),
            opt(c.cv_width_ratio),
        ];
        w.write_record(
            std::iter::once(table.point_names[c.point].as_str())
                .chain(axes::values_at(&table.axes, c.point))
                .chain(cells.iter().map(String::as_str)),
        )
        .map_err(e)?;
    }
    w.flush().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::table::Row;

    fn table(a: &[f64], b: &[f64]) -> Table {
        let mut rows = Vec::new();
        for (r, &v) in a.iter().enumerate() {
            rows.push(Row {
                point: 0,
                replication: r as u64,
                seed: 0,
                inputs: vec![],
                controls: vec![],
                metrics: vec![v],
            });
        }
        for (r, &v) in b.iter().enumerate() {
            rows.push(Row {
                point: 1,
                replication: r as u64,
                seed: 0,
                inputs: vec![],
                controls: vec![],
                metrics: vec![v],
            });
        }
        Table {
            point_names: vec!["a".into(), "b".into()],
            axes: vec![],
            input_names: vec![],
            control_sites: vec![],
            metric_names: vec![("total".into(), "m".into())],
            rows,
        }
    }

    #[test]
    fn paired_difference_matches_a_direct_computation() {
        // Shared noise (10, 20, 30, 40) plus a constant effect of −1 ± small noise.
        let base = [10.0, 20.0, 30.0, 40.0];
        let other = [9.1, 18.9, 29.0, 39.0];
        let c = compare(&table(&base, &other), 1, 0, 0).unwrap();
        let d = [-0.9, -1.1, -1.0, -1.0];
        let md = d.iter().sum::<f64>() / 4.0;
        assert!((c.delta_mean - md).abs() < 1e-12);
        let sd = (d.iter().map(|x| (x - md).powi(2)).sum::<f64>() / 3.0).sqrt();
        assert!((c.delta_sd.unwrap() - sd).abs() < 1e-12);
        let (lo, hi) = c.delta_ci95.unwrap();
        assert!((hi - lo - 2.0 * 3.182 * sd / 2.0).abs() < 1e-9);
        // The unpaired interval sees the shared spread of ±13 and is far wider.
        assert!(c.width_ratio.unwrap() < 0.02, "{:?}", c.width_ratio);
        assert!((c.relative.unwrap() - md / 25.0).abs() < 1e-12);
        let (rl, rh) = c.relative_ci95.unwrap();
        assert!(rl < c.relative.unwrap() && c.relative.unwrap() < rh);
    }

    #[test]
    fn independent_samples_gain_nothing_from_pairing() {
        // With no shared component the paired and unpaired widths are of the same order.
        let a = [1.0, 3.0, 2.0, 5.0, 4.0, 2.5, 3.5, 1.5];
        let b = [2.0, 1.0, 4.0, 3.0, 5.0, 1.5, 2.5, 4.5];
        let c = compare(&table(&a, &b), 1, 0, 0).unwrap();
        let ratio = c.width_ratio.unwrap();
        assert!(ratio > 0.6 && ratio < 1.6, "{ratio}");
    }

    #[test]
    fn unmatched_replications_are_left_out_and_single_pairs_have_no_interval() {
        let c = compare(&table(&[1.0, 2.0, 3.0], &[2.0]), 1, 0, 0).unwrap();
        assert_eq!(c.n_pairs, 1);
        assert_eq!(c.delta_mean, 1.0);
        assert_eq!(
            (c.delta_ci95, c.width_ratio, c.relative_ci95),
            (None, None, None)
        );
        assert!(compare(&table(&[], &[2.0]), 1, 0, 0).is_none());
        assert_eq!(all(&table(&[1.0], &[2.0]), 0).len(), 1);
    }

    #[test]
    fn the_control_variate_uses_the_baselines_offered_work_less_its_expectation() {
        // Point − baseline = 5 + 0.01 × (offered − expected) of the baseline: the estimate
        // removes the part the control explains and recovers 5 with a near-zero interval.
        let offered = [1_010.0, 990.0, 1_030.0, 1_000.0, 1_050.0];
        let base = [10.0, 20.0, 30.0, 40.0, 50.0];
        let other: Vec<f64> = base
            .iter()
            .zip(&offered)
            .map(|(b, o)| b + 5.0 + 0.01 * (o - 1_000.0))
            .collect();
        let mut t = table(&base, &other);
        t.control_sites = vec!["s".into()];
        for row in &mut t.rows {
            let o = offered[row.replication as usize];
            // The point's own controls are not used: only the baseline's count.
            row.controls = if row.point == 0 {
                vec![o, 1_000.0]
            } else {
                vec![0.0, 0.0]
            };
        }
        let c = compare(&t, 1, 0, 0).unwrap();
        let cv = c.cv.clone().unwrap();
        assert_eq!(cv.q, 1);
        assert!((cv.mean - 5.0).abs() < 1e-9, "{}", cv.mean);
        assert!((c.delta_mean - 5.0).abs() > 0.1);
        assert!(c.cv_width_ratio.unwrap() < 1e-6);
        // A missing control value leaves the estimate out.
        t.rows[0].controls[0] = f64::NAN;
        let c = compare(&t, 1, 0, 0).unwrap();
        assert_eq!((c.cv, c.cv_width_ratio), (None, None));
    }
}
