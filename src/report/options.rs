//! What the report shows, as chosen on the command line.

use crate::error::{Error, Result};

/// Choices of what the report shows.
#[derive(Clone, Debug)]
pub struct Options {
    /// First day (`YYYY-MM-DD`, UTC) of the week drawn hour by hour; `None`: the week around
    /// each site's hour of peak facility power.
    pub week_start: Option<String>,
    /// The two metrics (scope `total`) of the Pareto chart of a swept run: x, y.
    pub pareto: (String, String),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            week_start: None,
            pareto: ("co2_total_kg".into(), "wait_mean_s".into()),
        }
    }
}

impl Options {
    /// Checks the options before any file is read.
    pub fn check(&self) -> Result<()> {
        for m in [&self.pareto.0, &self.pareto.1] {
            if crate::metrics::metric(m).is_none() {
                return Err(Error::Usage(format!(
                    "--pareto: unknown metric '{m}' (expected two metric names of summary.csv, e.g. co2_total_kg,wait_mean_s)"
                )));
            }
        }
        if let Some(day) = &self.week_start {
            let b = day.as_bytes();
            let ok = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if !ok {
                return Err(Error::Usage(format!(
                    "--week-start '{day}': expected a UTC date as YYYY-MM-DD"
                )));
            }
        }
        Ok(())
    }
}
