//! Grids that evolve: installed capacity by year, as multipliers of a synthetic preset's
//! calibrated fleets, so the hourly shape, the marginal unit and the water intensity of the
//! generated mix follow a decarbonisation plan (rather than one factor scaling intensity).
//!
//! A [`CapacityTrajectory`] is plain data (years and one value per year for each
//! technology), usable by any layer above `site`; [`presets`] holds the sourced plans of the
//! region presets. The generator ([`super::synthetic::generate_evolving`]) reads the
//! [`CapacityScale`] of each hour's calendar year.

pub mod presets;

/// Multipliers of a preset's calibrated fleets (1 = as calibrated) and added storage, for
/// one calendar year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CapacityScale {
    /// Solar fleet (its clear-sky peak output).
    pub solar: f64,
    /// Wind fleet (installed capacity).
    pub wind: f64,
    /// Coal units of the merit order (minimum and maximum output).
    pub coal: f64,
    /// Gas units of the merit order (minimum and maximum output).
    pub gas: f64,
    /// Demand.
    pub demand: f64,
    /// Storage added beyond the calibration year's (which the calibration already holds),
    /// MW of charge and discharge power.
    pub storage_mw: f64,
}

impl CapacityScale {
    /// The multiplier of a merit-order unit burning `source` (coal and gas; others 1).
    pub fn unit(&self, source: super::genmix::Source) -> f64 {
        match source {
            super::genmix::Source::Coal => self.coal,
            super::genmix::Source::Gas => self.gas,
            _ => 1.0,
        }
    }

    /// The calibrated preset, unchanged.
    pub const UNCHANGED: CapacityScale = CapacityScale {
        solar: 1.0,
        wind: 1.0,
        coal: 1.0,
        gas: 1.0,
        demand: 1.0,
        storage_mw: 0.0,
    };
}

/// Hours of discharge at full power of added storage (energy / power): the 4-hour
/// lithium-ion battery cycled about once a day of NREL's Annual Technology Baseline (2020
/// ATB, utility-scale battery storage: costs assume about one cycle a day, so a 4-hour
/// battery has a 16.7 % capacity factor; the ATB covers 2–10 h). A choice among the
/// ATB's durations, not a fleet statistic (the US fleet's weighted mean was 1.5 h in 2019,
/// EIA): set `storage_duration_h` for the fleet you mean.
pub const DEFAULT_STORAGE_DURATION_H: f64 = 4.0;

/// Round-trip efficiency of added storage: 85 %, the representative value NREL's 2020 ATB
/// adopts (after Cole and Frazier 2020). Measured: the US utility-scale battery fleet
/// averaged 82 % a month in 2019 (EIA, Power Plant Operations Report, "Today in Energy"
/// 46756). Set `storage_round_trip_efficiency` for the technology you mean.
pub const DEFAULT_STORAGE_ROUND_TRIP_EFFICIENCY: f64 = 0.85;

/// Capacity by calendar year: `years` strictly increasing, and for each technology one
/// value per year (a missing technology stays as calibrated). Between listed years values
/// are interpolated linearly; a simulated year outside `years` is an error
/// ([`CapacityTrajectory::check_covers`]), never an extrapolation.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityTrajectory {
    /// Calendar years, strictly increasing.
    pub years: Vec<i32>,
    /// Multiplier of the solar fleet per year.
    #[serde(default)]
    pub solar: Option<Vec<f64>>,
    /// Multiplier of the wind fleet per year.
    #[serde(default)]
    pub wind: Option<Vec<f64>>,
    /// Multiplier of the coal units per year.
    #[serde(default)]
    pub coal: Option<Vec<f64>>,
    /// Multiplier of the gas units per year.
    #[serde(default)]
    pub gas: Option<Vec<f64>>,
    /// Multiplier of demand per year.
    #[serde(default)]
    pub demand: Option<Vec<f64>>,
    /// Storage added beyond the calibration year's, MW, per year.
    #[serde(default)]
    pub storage_mw: Option<Vec<f64>>,
    /// Hours at full power of the added storage (default [`DEFAULT_STORAGE_DURATION_H`]).
    #[serde(default)]
    pub storage_duration_h: Option<f64>,
    /// Round-trip efficiency of the added storage (default
    /// [`DEFAULT_STORAGE_ROUND_TRIP_EFFICIENCY`]).
    #[serde(default)]
    pub storage_round_trip_efficiency: Option<f64>,
}

impl CapacityTrajectory {
    /// The technologies: name and values.
    fn series(&self) -> [(&'static str, Option<&Vec<f64>>); 6] {
        [
            ("solar", self.solar.as_ref()),
            ("wind", self.wind.as_ref()),
            ("coal", self.coal.as_ref()),
            ("gas", self.gas.as_ref()),
            ("demand", self.demand.as_ref()),
            ("storage_mw", self.storage_mw.as_ref()),
        ]
    }

    /// Checks the table: at least one year, years strictly increasing, one finite value
    /// ≥ 0 per year for every technology given (multipliers up to 100), storage duration
    /// and efficiency in range. The error names the field (relative to the table).
    pub fn validate(&self) -> Result<(), (String, String)> {
        if self.years.is_empty() {
            return Err(("years".into(), "expected at least one year".into()));
        }
        if let Some(w) = self.years.windows(2).find(|w| w[1] <= w[0]) {
            return Err((
                "years".into(),
                format!(
                    "years must be strictly increasing: {} is followed by {}",
                    w[0], w[1]
                ),
            ));
        }
        for (name, values) in self.series() {
            let Some(values) = values else { continue };
            if values.len() != self.years.len() {
                return Err((
                    name.into(),
                    format!(
                        "{} values for {} years ({:?}): expected one value per year",
                        values.len(),
                        self.years.len(),
                        self.years
                    ),
                ));
            }
            let max = if name == "storage_mw" { 1e7 } else { 100.0 };
            if let Some((i, v)) = values
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && (0.0..=max).contains(*v)))
            {
                return Err((
                    name.into(),
                    format!(
                        "value {v} for year {}: expected a finite number from 0 to {max}",
                        self.years[i]
                    ),
                ));
            }
        }
        if let Some(d) = self.storage_duration_h
            && !(d.is_finite() && (0.25..=100.0).contains(&d))
        {
            return Err((
                "storage_duration_h".into(),
                format!("{d}: expected hours from 0.25 to 100"),
            ));
        }
        if let Some(e) = self.storage_round_trip_efficiency
            && !(e.is_finite() && e > 0.0 && e <= 1.0)
        {
            return Err((
                "storage_round_trip_efficiency".into(),
                format!("{e}: expected a fraction above 0 and at most 1"),
            ));
        }
        Ok(())
    }

    /// Errors (naming `years`) unless the table covers every calendar year from `first` to
    /// `last`: a trajectory is never extrapolated.
    pub fn check_covers(&self, first: i32, last: i32) -> Result<(), (String, String)> {
        let (Some(&lo), Some(&hi)) = (self.years.first(), self.years.last()) else {
            return Err(("years".into(), "expected at least one year".into()));
        };
        if first < lo || last > hi {
            return Err((
                "years".into(),
                format!(
                    "the simulation covers {first}–{last} but the trajectory only {lo}–{hi}: expected years covering every simulated year"
                ),
            ));
        }
        Ok(())
    }

    /// Value of `values` in `year`, linear between listed years, clamped at the ends.
    fn interpolate(&self, values: &[f64], year: i64) -> f64 {
        let years = &self.years;
        let k = years.partition_point(|&y| i64::from(y) <= year);
        if k == 0 {
            return values[0];
        }
        if k == years.len() {
            return values[k - 1];
        }
        let (y0, y1) = (i64::from(years[k - 1]), i64::from(years[k]));
        let f = (year - y0) as f64 / (y1 - y0) as f64;
        values[k - 1] + f * (values[k] - values[k - 1])
    }

    /// The scale of calendar year `year` (a validated table).
    pub fn scale_for_year(&self, year: i64) -> CapacityScale {
        let get =
            |v: Option<&Vec<f64>>, default: f64| v.map_or(default, |v| self.interpolate(v, year));
        CapacityScale {
            solar: get(self.solar.as_ref(), 1.0),
            wind: get(self.wind.as_ref(), 1.0),
            coal: get(self.coal.as_ref(), 1.0),
            gas: get(self.gas.as_ref(), 1.0),
            demand: get(self.demand.as_ref(), 1.0),
            storage_mw: get(self.storage_mw.as_ref(), 0.0),
        }
    }

    /// Storage duration, h.
    pub fn storage_duration_h(&self) -> f64 {
        self.storage_duration_h
            .unwrap_or(DEFAULT_STORAGE_DURATION_H)
    }

    /// Storage round-trip efficiency.
    pub fn storage_round_trip_efficiency(&self) -> f64 {
        self.storage_round_trip_efficiency
            .unwrap_or(DEFAULT_STORAGE_ROUND_TRIP_EFFICIENCY)
    }
}

#[cfg(test)]
mod tests;
