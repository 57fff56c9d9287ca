//! Calibration on history: log-linear trends of frontier training runs 2018–2024.
//!
//! Data: `data/models/epoch-frontier-2018-2024.csv`, the rows of Epoch AI's "Notable AI
//! Models" (snapshot of 2024-12-06, CC BY, `data/README.md`) flagged `Frontier model`
//! (Epoch's rule: in the top 10 by training compute when published), published from
//! 2018-01-01 to 2024-12-31. Method: ordinary least squares of `log10(value)` on the decimal
//! publication year, over the rows with a positive value; growth = `10^slope` per year;
//! 90% interval of the growth `10^(slope ± t₀.₉₅,ₙ₋₂·SE)`; 90% prediction interval of one run
//! at year `t`: `a + b·t ± t₀.₉₅,ₙ₋₂·s·√(1 + 1/n + (t − t̄)²/Sxx)`.

use crate::error::{DataError, DataErrorKind, Error, Result};
use std::path::Path;

/// The calibration data, built into the binary.
pub const FRONTIER_CSV: &str = include_str!("../../data/models/epoch-frontier-2018-2024.csv");

/// Columns fitted, with the name used in docs.
pub const FITTED_COLUMNS: &[&str] = &[
    "training_compute_flop",
    "parameters",
    "hardware_quantity",
    "training_power_draw_w",
    "training_compute_cost_2023_usd",
    "training_time_hours",
];

/// A fitted trend `log10 y = intercept + slope·t`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Rows used.
    pub n: usize,
    /// Intercept, log10 units.
    pub intercept: f64,
    /// Slope, log10 units per year.
    pub slope: f64,
    /// Standard error of the slope.
    pub slope_se: f64,
    /// Residual standard deviation, log10 units (orders of magnitude).
    pub residual_sd_log10: f64,
    /// Mean decimal year of the rows.
    pub mean_year: f64,
    /// Σ (t − t̄)².
    pub sxx: f64,
}

/// One-sided 95% quantile of Student's t with `df` degrees of freedom: the Cornish–Fisher
/// expansion around z₀.₉₅ = 1.644854 (within 0.002 of the table value from df = 10 on; the
/// fits here have df ≥ 27).
pub fn t95(df: usize) -> f64 {
    let z = 1.644_853_626_951_472_f64;
    let v = df.max(1) as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
}

impl Fit {
    /// Growth factor per year, `10^slope`.
    pub fn growth_per_year(&self) -> f64 {
        10f64.powf(self.slope)
    }

    /// 90% confidence interval of the growth factor.
    pub fn growth_ci90(&self) -> (f64, f64) {
        let h = t95(self.n - 2) * self.slope_se;
        (10f64.powf(self.slope - h), 10f64.powf(self.slope + h))
    }

    /// Fitted (median) value at decimal year `t`.
    pub fn value_at(&self, t: f64) -> f64 {
        10f64.powf(self.intercept + self.slope * t)
    }

    /// 90% prediction interval of one new run at decimal year `t`.
    pub fn prediction_interval90(&self, t: f64) -> (f64, f64) {
        let n = self.n as f64;
        let h = t95(self.n - 2)
            * self.residual_sd_log10
            * (1.0 + 1.0 / n + (t - self.mean_year).powi(2) / self.sxx).sqrt();
        let centre = self.intercept + self.slope * t;
        (10f64.powf(centre - h), 10f64.powf(centre + h))
    }
}

/// Decimal year of a `YYYY-MM-DD` date: year + (day of year − 1) / days in the year.
pub fn decimal_year(date: &str) -> Option<f64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let start = crate::time::days_from_civil(y, 1, 1);
    let next = crate::time::days_from_civil(y + 1, 1, 1);
    let day = crate::time::days_from_civil(y, m, d);
    Some(y as f64 + (day - start) as f64 / (next - start) as f64)
}

/// Fits `column` of the calibration CSV text (`file` names it in errors).
pub fn fit_column(text: &str, file: &Path, column: &str) -> Result<Fit> {
    let bad = |line: usize, what: String| {
        Error::Data(DataError::at(
            file,
            line,
            DataErrorKind::Malformed {
                reason: format!("expected {what}"),
            },
        ))
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("a header line ({e})")))?
        .clone();
    let index = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(1, format!("a column `{name}`")))
    };
    let (date_col, value_col) = (index("publication_date")?, index(column)?);
    let mut points = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| bad(line, format!("a CSV record ({e})")))?;
        let t = decimal_year(record.get(date_col).unwrap_or(""))
            .ok_or_else(|| bad(line, "a date YYYY-MM-DD in publication_date".into()))?;
        let raw = record.get(value_col).unwrap_or("").trim();
        if raw.is_empty() {
            continue;
        }
        let v: f64 = raw
            .parse()
            .map_err(|_| bad(line, format!("a number in {column}, found '{raw}'")))?;
        if v > 0.0 && v.is_finite() {
            points.push((t, v.log10()));
        }
    }
    if points.len() < 3 {
        return Err(bad(1, format!("at least 3 rows with a positive {column}")));
    }
    let n = points.len() as f64;
    let mean_t = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_t).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_t) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_t;
    let ss: f64 = points
        .iter()
        .map(|p| (p.1 - intercept - slope * p.0).powi(2))
        .sum();
    let residual_sd_log10 = (ss / (n - 2.0)).sqrt();
    Ok(Fit {
        n: points.len(),
        intercept,
        slope,
        slope_se: residual_sd_log10 / sxx.sqrt(),
        residual_sd_log10,
        mean_year: mean_t,
        sxx,
    })
}

/// The fit of `column` on the built-in calibration data.
pub fn built_in_fit(column: &str) -> Result<Fit> {
    fit_column(
        FRONTIER_CSV,
        Path::new("data/models/epoch-frontier-2018-2024.csv"),
        column,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t95_matches_the_table() {
        // Student t one-sided 95% quantiles (any statistics table).
        for (df, table) in [(10, 1.812), (27, 1.703), (30, 1.697), (60, 1.671)] {
            assert!((t95(df) - table).abs() < 0.002, "df {df}: {}", t95(df));
        }
    }

    #[test]
    fn decimal_years_count_days() {
        assert_eq!(decimal_year("2020-01-01"), Some(2020.0));
        assert_eq!(decimal_year("2021-07-02"), Some(2021.0 + 182.0 / 365.0));
        assert_eq!(decimal_year("2021-13-02"), None);
    }

    #[test]
    fn a_fit_recovers_an_exact_line() {
        let text = "publication_date,x\n2018-01-01,1e20\n2019-01-01,1e21\n2020-01-01,1e22\n2021-01-01,1e23\n";
        let f = fit_column(text, Path::new("t.csv"), "x").unwrap();
        assert!((f.growth_per_year() - 10.0).abs() < 1e-9);
        assert!(f.residual_sd_log10 < 1e-9);
        assert!((f.value_at(2019.0) / 1e21 - 1.0).abs() < 1e-9);
    }
}
