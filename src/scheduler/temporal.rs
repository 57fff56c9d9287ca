//! Carbon-, water- and cost-aware temporal shifting: when to run a deferrable job.
//!
//! A job with a deadline may start later than its arrival (or, if interruptible, run in
//! the cheapest hours before its deadline) when the forecast objective is lower then.
//! Objectives are per IT watt, from the site's hourly factors: carbon `PUE·CI`, water
//! `WUE + PUE·EWIF`, cost `PUE·price`, or a weighted sum of the three, each normalised by
//! its mean so the weights are comparable. The forecast is the real series with an error
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
    /// Water: WUE + PUE × EWIF.
    Water,
    /// Electricity cost: PUE × price.
    Cost,
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
    /// Mean PUE·price.
    pub cost: f64,
}

impl Objective {
    /// The objective per IT watt during an hour with factors `f`.
    pub fn rate(&self, f: &HourFactors, scale: &ObjectiveScale) -> f64 {
        let carbon = f.pue * f.carbon_intensity_g_per_kwh;
        let water = f.wue_l_per_kwh + f.pue * f.ewif_l_per_kwh;
        let cost = f.pue * f.price_usd_per_mwh;
        match self {
            Objective::Carbon => carbon,
            Objective::Water => water,
            Objective::Cost => cost,
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
    /// The real value × (1 + sd·Z), Z standard normal, independent per hour, floored at 0.
    Gaussian {
        /// Relative standard deviation.
        relative_sd: f64,
    },
    /// The real value of the same hour the day before.
    Persistence,
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

/// The forecast objective of one site, hour by hour, with running integrals.
#[derive(Clone, Debug)]
pub struct Forecast {
    objective: Objective,
    error: ForecastError,
    scale: ObjectiveScale,
    actual: Vec<f64>,
    forecast: Vec<f64>,
    prefix: Vec<f64>,
    rng: ChaCha8Rng,
}

impl Forecast {
    /// An empty forecast; feed hours with [`Forecast::push_hour`].
    pub fn new(
        objective: Objective,
        error: ForecastError,
        scale: ObjectiveScale,
        rng: ChaCha8Rng,
    ) -> Self {
        Forecast {
            objective,
            error,
            scale,
            actual: Vec::new(),
            forecast: Vec::new(),
            prefix: vec![0.0],
            rng,
        }
    }

    /// Hours known so far.
    pub fn hours(&self) -> usize {
        self.forecast.len()
    }

    /// Appends the next hour's real factors.
    pub fn push_hour(&mut self, f: &HourFactors) {
        let actual = self.objective.rate(f, &self.scale);
        let h = self.actual.len();
        let forecast = match self.error {
            ForecastError::Perfect => actual,
            ForecastError::Gaussian { relative_sd } => {
                let z: f64 = StandardNormal.sample(&mut self.rng);
                (actual * (1.0 + relative_sd * z)).max(0.0)
            }
            ForecastError::Persistence => {
                if h >= 24 {
                    self.actual[h - 24]
                } else {
                    actual
                }
            }
        };
        self.actual.push(actual);
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
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn forecast(values: &[f64], error: ForecastError) -> Forecast {
        let scale = ObjectiveScale {
            carbon: 1.0,
            water: 1.0,
            cost: 1.0,
        };
        let mut f = Forecast::new(
            Objective::Carbon,
            error,
            scale,
            ChaCha8Rng::seed_from_u64(1),
        );
        for &v in values {
            f.push_hour(&HourFactors {
                pue: 1.0,
                carbon_intensity_g_per_kwh: v,
                ..HourFactors::default()
            });
        }
        f
    }

    #[test]
    fn best_start_finds_the_trough_and_never_does_worse_than_now() {
        let f = forecast(
            &[300.0, 300.0, 100.0, 100.0, 300.0, 300.0],
            ForecastError::Perfect,
        );
        assert_eq!(
            best_start(&f, 600, 4 * 3_600, 2 * 3_600, |_| true),
            2 * 3_600
        );
        let s = best_start(&f, 600, 600, 3_600, |_| true);
        assert_eq!(s, 600);
        for earliest in (0..3 * 3_600).step_by(900) {
            let s = best_start(&f, earliest, 4 * 3_600, 3_600, |_| true);
            assert!(f.cost(s, 3_600) <= f.cost(earliest, 3_600));
        }
        // no room in the trough: the next best
        assert_eq!(
            best_start(&f, 600, 4 * 3_600, 2 * 3_600, |s| s != 2 * 3_600),
            3_600
        );
    }

    #[test]
    fn cheapest_windows_cover_the_need_before_the_deadline() {
        let f = forecast(&[5.0, 1.0, 9.0, 2.0, 1.0, 8.0], ForecastError::Perfect);
        let w = cheapest_windows(&f, 0, 6 * 3_600, 3 * 3_600, |_| true).unwrap();
        assert_eq!(w, vec![(3_600, 7_200), (3 * 3_600, 5 * 3_600)]);
        assert!(cheapest_windows(&f, 0, 2 * 3_600, 3 * 3_600, |_| true).is_none());
        let w = cheapest_windows(&f, 0, 6 * 3_600, 3 * 3_600, |h| h != 1).unwrap();
        assert_eq!(w, vec![(0, 3_600), (3 * 3_600, 5 * 3_600)]);
    }

    #[test]
    fn persistence_uses_yesterday() {
        let values: Vec<f64> = (0..48).map(f64::from).collect();
        let f = forecast(&values, ForecastError::Persistence);
        assert_eq!(f.rate(30), 6.0);
        assert_eq!(f.rate(5), 5.0);
        let g = forecast(&values, ForecastError::Gaussian { relative_sd: 0.1 });
        assert!(g.rate(30) != 30.0 && (g.rate(30) - 30.0).abs() < 15.0);
    }
}
