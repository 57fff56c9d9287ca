//! Carbon-, water- and cost-aware temporal shifting: when to run a deferrable job.
//!
//! A job with a deadline may start later than its arrival (or, if interruptible, run in
//! the cheapest hours before its deadline) when the forecast objective is lower then.
//! Objectives are per IT watt, from the site's hourly factors: carbon `PUE·CI`, marginal
//! carbon `PUE·MCI` (MCI the marginal intensity), water `WUE + PUE·EWIF`, cost `PUE·price`,
//! 24/7 CFE (chasing contracted supply and a clean grid, [`Objective::Cfe`]), or a weighted
//! sum of the three, each normalised by its mean (the price by its mean absolute value, as
//! prices may be negative) so the weights are comparable. The forecast is the real series with an error
//! model: none, Gaussian relative error, or persistence (the same hour yesterday).
//!
//! Deadlines are never missed by choice: a plan always fits before the deadline with the
//! job's expected checkpoint overhead and a reserve of slack for queueing, a pause is
//! cancelled when the rest of the plan would no longer fit, and a job whose slack is gone
//! starts at once.

use crate::accounting::HourFactors;
use crate::engine::{SECONDS_PER_HOUR, SimTime};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// What temporal and spatial shifting minimise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Objective {
    /// Operational carbon: PUE × CI.
    Carbon,
    /// Consequential carbon: PUE × marginal CI (what the extra load really emits).
    CarbonMarginal,
    /// Water: WUE + PUE × EWIF.
    Water,
    /// Electricity cost: PUE × price.
    Cost,
    /// 24/7 CFE: the share of an extra kWh that is not carbon-free,
    /// `PUE·(1 − g)·s̄/(s̄ + s)`, with `g` the grid's CFE share, `s` the contracted supply
    /// and `s̄` its mean: lowest when contracts deliver most and the grid is cleanest; with
    /// no contracts, `PUE·(1 − g)`.
    Cfe,
    /// `carbon·c/c̄ + water·w/w̄ + cost·p/p̄`.
    Weighted {
        /// Weight of carbon.
        carbon: f64,
        /// Weight of water.
        water: f64,
        /// Weight of cost.
        cost: f64,
    },
}

/// Mean of each objective component over a site's series, for normalisation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObjectiveScale {
    /// Mean PUE·CI.
    pub carbon: f64,
    /// Mean WUE + PUE·EWIF.
    pub water: f64,
    /// Mean PUE·|price|.
    pub cost: f64,
    /// Mean contracted supply, kW.
    pub contract_supply_kw: f64,
}

impl ObjectiveScale {
    /// The scale of a site's series: mean PUE times the mean of each factor, the price by
    /// its mean absolute value so that a series whose prices average zero or below (much
    /// wind and solar) still weighs cost.
    pub fn of(series: &crate::site::SiteSeries) -> ObjectiveScale {
        let pue = series.pue.mean();
        ObjectiveScale {
            carbon: pue * series.carbon_intensity_g_per_kwh.mean(),
            water: series.wue_l_per_kwh.mean() + pue * series.ewif_l_per_kwh.mean(),
            cost: pue * series.price_usd_per_mwh.mean_abs(),
            contract_supply_kw: series.contract_supply_kw.mean(),
        }
    }
}

impl Objective {
    /// The objective per IT watt during an hour with factors `f`.
    pub fn rate(&self, f: &HourFactors, scale: &ObjectiveScale) -> f64 {
        let carbon = f.pue * f.carbon_intensity_g_per_kwh;
        let water = f.wue_l_per_kwh + f.pue * f.ewif_l_per_kwh;
        let cost = f.pue * f.price_usd_per_mwh;
        match self {
            Objective::Carbon => carbon,
            Objective::CarbonMarginal => f.pue * f.marginal_carbon_intensity_g_per_kwh,
            Objective::Water => water,
            Objective::Cost => cost,
            Objective::Cfe => {
                let mean = scale.contract_supply_kw;
                let uncovered = if mean > 0.0 {
                    mean / (mean + f.contract_supply_kw)
                } else {
                    1.0
                };
                f.pue * (1.0 - f.grid_cfe_share) * uncovered
            }
            Objective::Weighted {
                carbon: wc,
                water: ww,
                cost: wp,
            } => {
                let n = |x: f64, m: f64| if m > 0.0 { x / m } else { 0.0 };
                wc * n(carbon, scale.carbon) + ww * n(water, scale.water) + wp * n(cost, scale.cost)
            }
        }
    }
}

/// How good the scheduler's forecast is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ForecastError {
    /// The real series.
    Perfect,
    /// The real value × max(0, 1 + sd·Z), Z standard normal, independent per hour: the
    /// factor is floored at 0, so a forecast keeps the sign of the real value (a negative
    /// price stays negative).
    /// White noise averages out over a job's run, so this overstates what a real forecast
    /// achieves; [`ForecastError::Issued`] is the realistic model.
    Gaussian {
        /// Relative standard deviation.
        relative_sd: f64,
    },
    /// Issued once a day: every hour of the day `d` days ahead takes the real value of the
    /// same hour on the last day before the issue.
    Persistence,
    /// Day-ahead forecasts issued once a day, with errors that come in blocks.
    Issued(IssuedError),
}

/// The error of a forecast issued once a day (at 00:00 UTC, and at the start of the
/// simulation): the forecast of the hour at lead `L` hours after the issue is
/// `actual × max(0, 1 + b + σ_h(L)·a_L)`, with
///
/// * `b ~ N(0, σ_b²)` a bias shared by every hour of the issue (a missed front, a wrong
///   wind forecast), `σ_b² = bias_variance_share × σ(12 h)²`;
/// * `a_L` a unit-variance AR(1) over lead hours with lag-1 correlation
///   `hourly_autocorrelation`, `σ_h(L)² = σ(L)² − σ_b²`;
/// * `σ(L)` the total relative sd at lead `L`: `mape_by_day[d] / √(2/π)` (the mean absolute
///   value of a normal error is `σ·√(2/π)`) at the middle of lead day `d`, linear between
///   day middles and constant beyond the first and last.
///
/// Each issue draws from its own stream (the site's forecast stream and the issue's
/// index), so a forecast does not depend on when the scheduler first looks at it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IssuedError {
    /// Mean absolute percentage error (as a fraction) of lead days 1 to 4.
    pub mape_by_day: [f64; 4],
    /// Share of the day-1 error variance that is a bias common to the whole issue.
    pub bias_variance_share: f64,
    /// Lag-1 autocorrelation of the hourly error component.
    pub hourly_autocorrelation: f64,
}

impl Default for IssuedError {
    /// Mean day-ahead skill of CarbonCast (Maji et al., BuildSys 2022; repository MAPE
    /// files) over its CISO, ERCO and DE results: day 1 to 4 mean MAPE 9.7/12.4/13.2/13.7 %
    /// (CISO), 11.5/12.6/13.1/13.2 % (ERCO), 13.3/17.2/18.2/19.7 % (DE)
    /// (`shared/reference/projections-and-physics.md` §8.1). Bias share 0.5 and hourly
    /// autocorrelation 0.95 are derived from the errors of a one-day persistence forecast on
    /// the 2023 Electricity Maps files of DE-LU, CISO, CA-ON and ZA (daily-mean share of the
    /// error variance 0.46–0.68, lag-1 autocorrelation 0.92–0.98): day-ahead errors come in
    /// weather-driven blocks, not white noise.
    fn default() -> Self {
        IssuedError {
            mape_by_day: [0.115, 0.1407, 0.1483, 0.1553],
            bias_variance_share: 0.5,
            hourly_autocorrelation: 0.95,
        }
    }
}

impl IssuedError {
    /// Checks the parameters; the message names the offending parameter.
    pub fn validate(&self) -> Result<(), String> {
        if self
            .mape_by_day
            .iter()
            .any(|m| !m.is_finite() || *m < 0.0 || *m > 2.0)
        {
            return Err(format!(
                "mape_by_day: expected 4 fractions in [0, 2], found {:?}",
                self.mape_by_day
            ));
        }
        if !(0.0..=1.0).contains(&self.bias_variance_share) {
            return Err(format!(
                "bias_variance_share: expected a fraction in [0, 1], found {}",
                self.bias_variance_share
            ));
        }
        if !(0.0..1.0).contains(&self.hourly_autocorrelation) {
            return Err(format!(
                "hourly_autocorrelation: expected a value in [0, 1), found {}",
                self.hourly_autocorrelation
            ));
        }
        Ok(())
    }

    /// Total relative sd of the error at `lead_h` hours after the issue.
    pub fn total_sd(&self, lead_h: usize) -> f64 {
        let sd = |d: usize| self.mape_by_day[d] / (2.0 / std::f64::consts::PI).sqrt();
        let x = (lead_h as f64 + 0.5 - 12.0) / 24.0; // 0 at the middle of day 1
        if x <= 0.0 {
            return sd(0);
        }
        let d = x.floor() as usize;
        if d >= 3 {
            return sd(3);
        }
        let f = x - d as f64;
        sd(d) * (1.0 - f) + sd(d + 1) * f
    }

    fn bias_sd(&self) -> f64 {
        self.bias_variance_share.sqrt() * self.total_sd(0)
    }
}

/// The random state of the current issue of an [`ForecastError::Issued`] forecast.
#[derive(Clone, Debug)]
struct IssueState {
    rng: ChaCha8Rng,
    bias: f64,
    /// AR(1) state at the last lead drawn, and that lead + 1.
    ar: f64,
    next_lead: usize,
}

/// Temporal shifting settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TemporalConfig {
    /// What to minimise.
    pub objective: Objective,
    /// Forecast quality.
    pub forecast: ForecastError,
    /// Pause and resume interruptible jobs (else only delay their start).
    pub allow_pause: bool,
    /// Fraction of a job's slack kept free for queueing: plans end this much before the
    /// deadline, so that contention for capacity does not turn a shift into a miss.
    pub slack_reserve: f64,
}

/// Default share of slack kept for queueing (an assumption; 0 plans right up to the deadline,
/// which is only safe on an uncontended cluster).
pub const DEFAULT_SLACK_RESERVE: f64 = 0.5;

/// The forecast objective of one site, hour by hour, with running integrals, as known at
/// the latest issue (see [`Forecast::issue_at`]).
#[derive(Clone, Debug)]
pub struct Forecast {
    objective: Objective,
    error: ForecastError,
    scale: ObjectiveScale,
    actual: Vec<f64>,
    forecast: Vec<f64>,
    prefix: Vec<f64>,
    rng: ChaCha8Rng,
    /// Seed of the per-issue streams.
    issue_seed: u64,
    /// Hour of simulated time 0 in the UTC day (issues are at 00:00 UTC).
    start_hour_of_day: u64,
    /// First hour covered by the current issue.
    issue_start_h: usize,
    issue: Option<IssueState>,
}

impl Forecast {
    /// An empty forecast for a simulation starting at `start_hour_of_day` (UTC); feed hours
    /// with [`Forecast::push_hour`]. `rng` drives the white-noise model, `issue_seed` the
    /// per-issue streams of the issued model.
    pub fn new(
        objective: Objective,
        error: ForecastError,
        scale: ObjectiveScale,
        rng: ChaCha8Rng,
        issue_seed: u64,
        start_hour_of_day: u64,
    ) -> Self {
        let mut f = Forecast {
            objective,
            error,
            scale,
            actual: Vec::new(),
            forecast: Vec::new(),
            prefix: vec![0.0],
            rng,
            issue_seed,
            start_hour_of_day: start_hour_of_day % 24,
            issue_start_h: 0,
            issue: None,
        };
        f.issue = f.new_issue_state(0);
        f
    }

    /// Hours known so far.
    pub fn hours(&self) -> usize {
        self.forecast.len()
    }

    /// The first hour of the issue current at `now`: the latest 00:00 UTC at or before
    /// `now`, or hour 0.
    pub fn issue_hour(&self, now: SimTime) -> usize {
        let h = (now / SECONDS_PER_HOUR) as usize;
        let first_midnight = ((24 - self.start_hour_of_day) % 24) as usize;
        if h < first_midnight {
            0
        } else {
            h - (h - first_midnight) % 24
        }
    }

    fn new_issue_state(&self, issue_start_h: usize) -> Option<IssueState> {
        let ForecastError::Issued(model) = self.error else {
            return None;
        };
        let mut rng = crate::engine::rng::member_rng(
            self.issue_seed,
            crate::engine::StreamId::Forecast,
            issue_start_h as u64,
        );
        let z: f64 = StandardNormal.sample(&mut rng);
        Some(IssueState {
            rng,
            bias: model.bias_sd() * z,
            ar: 0.0,
            next_lead: 0,
        })
    }

    /// Moves to the forecast issued last at or before `now`: hours from that issue on are
    /// forecast again with what was known then. Perfect and white-noise forecasts do not
    /// depend on the issue.
    pub fn issue_at(&mut self, now: SimTime) {
        if matches!(
            self.error,
            ForecastError::Perfect | ForecastError::Gaussian { .. }
        ) {
            return;
        }
        let start = self.issue_hour(now);
        if start == self.issue_start_h {
            return;
        }
        self.issue_start_h = start;
        self.issue = self.new_issue_state(start);
        for h in start..self.actual.len() {
            let value = self.forecast_value(h);
            self.forecast[h] = value;
            self.prefix[h + 1] = self.prefix[h] + value * SECONDS_PER_HOUR as f64;
        }
    }

    /// The forecast of hour `h` (known) under the current issue.
    fn forecast_value(&mut self, h: usize) -> f64 {
        let actual = self.actual[h];
        match self.error {
            ForecastError::Perfect => actual,
            ForecastError::Gaussian { relative_sd } => {
                let z: f64 = StandardNormal.sample(&mut self.rng);
                actual * (1.0 + relative_sd * z).max(0.0)
            }
            ForecastError::Persistence => {
                if h < self.issue_start_h {
                    return actual;
                }
                let days_ahead = (h - self.issue_start_h) / 24 + 1;
                match h.checked_sub(24 * days_ahead) {
                    Some(past) => self.actual[past],
                    None => actual,
                }
            }
            ForecastError::Issued(model) => {
                if h < self.issue_start_h {
                    return actual;
                }
                let lead = h - self.issue_start_h;
                let Some(state) = self.issue.as_mut() else {
                    return actual;
                };
                let rho = model.hourly_autocorrelation;
                while state.next_lead <= lead {
                    let z: f64 = StandardNormal.sample(&mut state.rng);
                    state.ar = if state.next_lead == 0 {
                        z
                    } else {
                        rho * state.ar + (1.0 - rho * rho).sqrt() * z
                    };
                    state.next_lead += 1;
                }
                let total = model.total_sd(lead);
                let hourly_sd = (total * total - model.bias_sd().powi(2)).max(0.0).sqrt();
                actual * (1.0 + state.bias + hourly_sd * state.ar).max(0.0)
            }
        }
    }

    /// Appends the next hour's real factors.
    pub fn push_hour(&mut self, f: &HourFactors) {
        let actual = self.objective.rate(f, &self.scale);
        self.actual.push(actual);
        let h = self.actual.len() - 1;
        let forecast = self.forecast_value(h);
        let last = *self.prefix.last().unwrap_or(&0.0);
        self.prefix.push(last + forecast * SECONDS_PER_HOUR as f64);
        self.forecast.push(forecast);
    }

    /// Forecast integral from 0 to `t` (hours up to `t` must be known).
    pub fn integral(&self, t: SimTime) -> f64 {
        let h = (t / SECONDS_PER_HOUR) as usize;
        let into = (t - h as u64 * SECONDS_PER_HOUR) as f64;
        match self.forecast.get(h) {
            Some(rate) => self.prefix[h] + rate * into,
            None => *self.prefix.last().unwrap_or(&0.0),
        }
    }

    /// Forecast objective of running over `[start, start + length)`.
    pub fn cost(&self, start: SimTime, length: SimTime) -> f64 {
        self.integral(start + length) - self.integral(start)
    }

    /// Forecast rate of hour `h`.
    pub fn rate(&self, h: usize) -> f64 {
        self.forecast.get(h).copied().unwrap_or(0.0)
    }

    /// Real rate of hour `h` (known hours only; 0 beyond).
    pub fn actual_rate(&self, h: usize) -> f64 {
        self.actual.get(h).copied().unwrap_or(0.0)
    }
}

/// The best start in `[earliest, latest]` for a run of `length` seconds: the one with the
/// lowest forecast cost among `earliest`, every hour boundary after it and `latest` for
/// which `room(start)` holds (capacity is free then); ties go to the earliest, and
/// `earliest` is the fallback. Hours up to `latest + length` must be known.
pub fn best_start(
    forecast: &Forecast,
    earliest: SimTime,
    latest: SimTime,
    length: SimTime,
    room: impl Fn(SimTime) -> bool,
) -> SimTime {
    if latest <= earliest {
        return earliest;
    }
    let first_cost = if room(earliest) {
        forecast.cost(earliest, length)
    } else {
        f64::INFINITY
    };
    let mut best = (first_cost, earliest);
    let mut t = (earliest / SECONDS_PER_HOUR + 1) * SECONDS_PER_HOUR;
    let consider = |s: SimTime, best: &mut (f64, SimTime)| {
        if !room(s) {
            return;
        }
        let c = forecast.cost(s, length);
        if c < best.0 - 1e-9 * best.0.abs() {
            *best = (c, s);
        }
    };
    while t < latest {
        consider(t, &mut best);
        t += SECONDS_PER_HOUR;
    }
    consider(latest, &mut best);
    best.1
}

/// Windows `[start, end)` for an interruptible job: the cheapest whole hours between
/// `earliest` (rounded up to an hour) and `deadline` with `room(hour)`, whose total is at
/// least `needed` seconds, merged when adjacent. `None` if they do not fit.
pub fn cheapest_windows(
    forecast: &Forecast,
    earliest: SimTime,
    deadline: SimTime,
    needed: SimTime,
    room: impl Fn(usize) -> bool,
) -> Option<Vec<(SimTime, SimTime)>> {
    let first = earliest.div_ceil(SECONDS_PER_HOUR) as usize;
    let last = (deadline / SECONDS_PER_HOUR) as usize;
    let count = needed.div_ceil(SECONDS_PER_HOUR) as usize;
    if last < first + count {
        return None;
    }
    let mut hours: Vec<usize> = (first..last).filter(|&h| room(h)).collect();
    if hours.len() < count {
        return None;
    }
    hours.sort_by(|&a, &b| {
        forecast
            .rate(a)
            .total_cmp(&forecast.rate(b))
            .then(a.cmp(&b))
    });
    hours.truncate(count);
    hours.sort_unstable();
    let mut windows: Vec<(SimTime, SimTime)> = Vec::new();
    for h in hours {
        let (s, e) = (
            h as u64 * SECONDS_PER_HOUR,
            (h as u64 + 1) * SECONDS_PER_HOUR,
        );
        match windows.last_mut() {
            Some(w) if w.1 == s => w.1 = e,
            _ => windows.push((s, e)),
        }
    }
    Some(windows)
}

/// Forecast objective of running a power profile (`(seconds, watts)` segments) from `start`.
pub fn profile_cost(forecast: &Forecast, profile: &[(u64, f64)], start: SimTime) -> f64 {
    let mut t = start;
    let mut cost = 0.0;
    for &(seconds, watts) in profile {
        cost += watts * forecast.cost(t, seconds);
        t += seconds;
    }
    cost
}

/// Forecast objective of running a power profile in windows, with a checkpoint write and a
/// restart between windows (approximated at the profile's first power).
pub fn windows_profile_cost(
    forecast: &Forecast,
    profile: &[(u64, f64)],
    windows: &[(SimTime, SimTime)],
    write_restart: u64,
) -> f64 {
    let watts = profile.first().map_or(0.0, |p| p.1);
    let mut left: u64 = profile.iter().map(|p| p.0).sum();
    let mut cost = 0.0;
    for (i, &(a, b)) in windows.iter().enumerate() {
        let overhead = if i > 0 { write_restart } else { 0 };
        let used = (b - a).min(left + overhead);
        cost += watts * forecast.cost(a, used);
        left = left.saturating_sub(used.saturating_sub(overhead));
        if left == 0 {
            break;
        }
    }
    cost
}

#[cfg(test)]
mod tests;
