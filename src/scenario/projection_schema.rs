//! `[projection]`: a range of years whose training workload grows, run year by year through
//! the same simulator (`crate::projection`). This file mirrors the TOML and checks what can
//! be checked without running: year order, hardware generations in service every year,
//! regional shares summing to 1, and growth that stays finite and within the budgets below.
//! Every key is documented in `docs/scenario.md`; the method in `docs/projections.md`.

use schemars::JsonSchema;
use serde::Deserialize;

/// Most runs of one class in one year: a class larger than this is a typing error (a
/// growth rate of 40 instead of 1.40), not a workload, and the run list would not fit in
/// memory. The sampling scheme simulates at most `max_sampled_runs_per_class` of them.
pub const MAX_RUNS_PER_CLASS_YEAR: f64 = 1e7;
/// Largest compute of one run, FLOP: 1e36, four orders of magnitude above the naive 2035
/// extrapolation of the 2018–2024 frontier trend (2e32, `docs/projections.md`), so that
/// only a growth rate that overflows is refused.
pub const MAX_RUN_COMPUTE_FLOP: f64 = 1e36;
/// Tolerance of "the regional shares sum to 1".
pub const SHARE_SUM_TOLERANCE: f64 = 1e-6;

/// `[projection]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectionSection {
    /// First projected calendar year.
    pub first_year: i32,
    /// Last projected calendar year (≥ `first_year`).
    pub last_year: i32,
    /// Decimal year at which the trend values below hold (e.g. 2024.5, mid-2024).
    pub anchor_year: f64,
    /// Compute of the median frontier run at `anchor_year`, FLOP.
    pub frontier_compute_flop: f64,
    /// Frontier compute growth, × per year, until `growth_change_year`.
    pub frontier_compute_growth_per_year: f64,
    /// Year from which `frontier_compute_growth_per_year_after` applies (default: never).
    pub growth_change_year: Option<f64>,
    /// Frontier compute growth, × per year, from `growth_change_year` on.
    pub frontier_compute_growth_per_year_after: Option<f64>,
    /// Model FLOPs utilisation at `anchor_year`, in (0, 1].
    pub mfu: f64,
    /// MFU growth, × per year (default 1); MFU must stay ≤ 1 in every year.
    #[serde(default = "one")]
    pub mfu_growth_per_year: f64,
    /// Share of the year an accelerator in service trains: accelerators in service =
    /// accelerator-hours / (8,760 h × utilisation). In (0, 1].
    pub utilization: f64,
    /// Most runs of one class simulated per year; above it runs are sampled (default 16).
    #[serde(default = "default_samples")]
    pub max_sampled_runs_per_class: u32,
    /// Runs larger than this are simulated at this many accelerators and their
    /// extensive results scaled up (default 16,384).
    #[serde(default = "default_max_gpus")]
    pub max_simulated_gpus: u32,
    /// `[[projection.classes]]`: kinds of training runs.
    pub classes: Vec<RunClassSection>,
    /// `[[projection.hardware]]`: accelerator generations.
    pub hardware: Vec<HardwareGenerationSection>,
    /// `[[projection.regions]]`: where training happens.
    pub regions: Vec<RegionSection>,
    /// `[projection.caps]`: physical and financial limits on the largest run
    /// (`crate::projection::caps`); without it growth is unlimited.
    #[serde(default)]
    pub caps: Option<CapsSection>,
}

/// `[projection.caps]`: limits on one training run. Each cap is a value at its own decimal
/// year that changes by its growth factor per year; a run's compute is the smaller of what
/// growth gives and what the tightest cap allows (`crate::projection::caps`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapsSection {
    /// Facility power one run may draw at `largest_run_power_year`, MW.
    pub largest_run_power_mw: Option<f64>,
    /// Decimal year of `largest_run_power_mw` (e.g. 2030.5).
    pub largest_run_power_year: Option<f64>,
    /// Growth of the power cap, × per year (default 1).
    #[serde(default = "one")]
    pub largest_run_power_growth_per_year: f64,
    /// Accelerators produced for AI in the year at `accelerator_supply_year`, in
    /// H100-equivalents (peak FLOP/s of the H100-SXM5-80GB).
    pub accelerator_supply_h100e: Option<f64>,
    /// Decimal year of `accelerator_supply_h100e`.
    pub accelerator_supply_year: Option<f64>,
    /// Growth of the accelerator supply, × per year (default 1).
    #[serde(default = "one")]
    pub accelerator_supply_growth_per_year: f64,
    /// Share of a year's accelerator supply one run may use, in (0, 1] (default 1).
    #[serde(default = "one")]
    pub largest_run_supply_share: f64,
    /// Cost one run may have at `largest_run_cost_year` (amortised accelerators +
    /// electricity, as the metric `largest_run_cost_usd`), USD.
    pub largest_run_cost_usd: Option<f64>,
    /// Decimal year of `largest_run_cost_usd`.
    pub largest_run_cost_year: Option<f64>,
    /// Growth of the budget cap, × per year (default 1).
    #[serde(default = "one")]
    pub largest_run_cost_growth_per_year: f64,
}

/// One cap's trajectory: `value × growth^(t − year)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapTrajectory {
    /// Value at `year`.
    pub value: f64,
    /// Decimal year of `value`.
    pub year: f64,
    /// × per year.
    pub growth_per_year: f64,
}

impl CapTrajectory {
    /// The cap in decimal year `t`.
    pub fn at(&self, t: f64) -> f64 {
        self.value * self.growth_per_year.powf(t - self.year)
    }
}

impl CapsSection {
    fn trajectory(value: Option<f64>, year: Option<f64>, growth: f64) -> Option<CapTrajectory> {
        Some(CapTrajectory {
            value: value?,
            year: year?,
            growth_per_year: growth,
        })
    }

    /// The power cap, MW.
    pub fn power_mw(&self) -> Option<CapTrajectory> {
        Self::trajectory(
            self.largest_run_power_mw,
            self.largest_run_power_year,
            self.largest_run_power_growth_per_year,
        )
    }

    /// The accelerator supply, H100-equivalents per year.
    pub fn supply_h100e(&self) -> Option<CapTrajectory> {
        Self::trajectory(
            self.accelerator_supply_h100e,
            self.accelerator_supply_year,
            self.accelerator_supply_growth_per_year,
        )
    }

    /// The budget cap, USD.
    pub fn cost_usd(&self) -> Option<CapTrajectory> {
        Self::trajectory(
            self.largest_run_cost_usd,
            self.largest_run_cost_year,
            self.largest_run_cost_growth_per_year,
        )
    }

    /// Every problem, as (key under `projection.caps`, what was expected), for the years
    /// `first..=last`.
    pub fn problems(&self, first: i32, last: i32) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut fail = |key: &str, message: String| out.push((key.to_string(), message));
        if !(self.largest_run_supply_share > 0.0 && self.largest_run_supply_share <= 1.0) {
            fail(
                "largest_run_supply_share",
                format!(
                    "expected a fraction in (0, 1], found {}",
                    self.largest_run_supply_share
                ),
            );
        }
        for (key, value, year_key, year, growth_key, growth) in [
            (
                "largest_run_power_mw",
                self.largest_run_power_mw,
                "largest_run_power_year",
                self.largest_run_power_year,
                "largest_run_power_growth_per_year",
                self.largest_run_power_growth_per_year,
            ),
            (
                "accelerator_supply_h100e",
                self.accelerator_supply_h100e,
                "accelerator_supply_year",
                self.accelerator_supply_year,
                "accelerator_supply_growth_per_year",
                self.accelerator_supply_growth_per_year,
            ),
            (
                "largest_run_cost_usd",
                self.largest_run_cost_usd,
                "largest_run_cost_year",
                self.largest_run_cost_year,
                "largest_run_cost_growth_per_year",
                self.largest_run_cost_growth_per_year,
            ),
        ] {
            if !(growth.is_finite() && growth > 0.0) {
                fail(growth_key, format!("expected a number > 0, found {growth}"));
                continue;
            }
            let (v, y) = match (value, year) {
                (None, None) => continue,
                (Some(_), None) => {
                    fail(year_key, format!("expected the decimal year of {key}"));
                    continue;
                }
                (None, Some(_)) => {
                    fail(key, format!("expected a value with {year_key}"));
                    continue;
                }
                (Some(v), Some(y)) => (v, y),
            };
            if !(y.is_finite() && (1900.0..=2200.0).contains(&y)) {
                fail(
                    year_key,
                    format!("expected a year from 1900 to 2200, found {y}"),
                );
                continue;
            }
            if !(v.is_finite() && v > 0.0) {
                fail(key, format!("expected a number > 0, found {v}"));
                continue;
            }
            let trajectory = CapTrajectory {
                value: v,
                year: y,
                growth_per_year: growth,
            };
            for at_year in [first, last] {
                let t = f64::from(at_year) + 0.5;
                let at = trajectory.at(t);
                if !(at.is_finite() && at > 0.0 && at < 1e30) {
                    fail(
                        growth_key,
                        format!(
                            "{v} × {growth}^({t} − {y}) = {at:e} in {at_year}: the growth overflows; expected a cap between 0 and 1e30"
                        ),
                    );
                }
            }
        }
        out
    }
}

fn one() -> f64 {
    1.0
}
fn default_samples() -> u32 {
    16
}
fn default_max_gpus() -> u32 {
    16_384
}

/// `[[projection.classes]]`: a kind of training run.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunClassSection {
    /// Name (e.g. `frontier`).
    pub name: String,
    /// Runs per year at `anchor_year`.
    pub runs_per_year: f64,
    /// Growth of the number of runs, × per year (default 1).
    #[serde(default = "one")]
    pub runs_growth_per_year: f64,
    /// Median compute of a run as a fraction of the frontier compute of its year (1 for
    /// the frontier class).
    pub compute_fraction_of_frontier: f64,
    /// Standard deviation of log10(compute) around the median (default 0).
    #[serde(default)]
    pub compute_sd_log10: f64,
    /// Wall-clock training time at `anchor_year`, days.
    pub duration_days: f64,
    /// Growth of the training time, × per year (default 1).
    #[serde(default = "one")]
    pub duration_growth_per_year: f64,
}

/// `[[projection.hardware]]`: an accelerator generation; runs of a year use the newest one
/// in service (`enter_year ≤ year < retire_year`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HardwareGenerationSection {
    /// Catalog name (`footprint catalog`), or any name with every override given.
    pub accelerator: String,
    /// First year in service.
    pub enter_year: i32,
    /// First year out of service (> `enter_year`).
    pub retire_year: i32,
    /// Purchase price of one accelerator with its share of the server, USD; amortised like
    /// embodied carbon (`[sites.embodied]`).
    pub price_usd: f64,
    /// Replaces catalog values (peak, TDP, embodied carbon, ADP, fab water...): the keys of
    /// `[sites.cluster.accelerator_overrides]`, checked when a year is resolved.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub overrides: toml::Table,
}

/// `[[projection.regions]]`: a share of the runs trained at one site.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSection {
    /// Name of a `[[sites]]` entry: its grid, cooling, failures and costs apply.
    pub site: String,
    /// Share of the runs (all shares sum to 1).
    pub share: f64,
}

impl ProjectionSection {
    /// The frontier compute trend at decimal year `t`, FLOP (not checked for overflow).
    pub fn frontier_compute_at(&self, t: f64) -> f64 {
        let change = self.growth_change_year.unwrap_or(f64::INFINITY);
        let after = self
            .frontier_compute_growth_per_year_after
            .unwrap_or(self.frontier_compute_growth_per_year);
        let g = self.frontier_compute_growth_per_year;
        if t <= change || !change.is_finite() {
            self.frontier_compute_flop * g.powf(t - self.anchor_year)
        } else if change <= self.anchor_year {
            self.frontier_compute_flop * after.powf(t - self.anchor_year)
        } else {
            self.frontier_compute_flop * g.powf(change - self.anchor_year) * after.powf(t - change)
        }
    }

    /// MFU in decimal year `t`.
    pub fn mfu_at(&self, t: f64) -> f64 {
        self.mfu * self.mfu_growth_per_year.powf(t - self.anchor_year)
    }

    /// The years, first to last.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// The generation in service in `year` that entered last (file order breaks ties).
    pub fn generation_for(&self, year: i32) -> Option<&HardwareGenerationSection> {
        self.hardware
            .iter()
            .filter(|g| g.enter_year <= year && year < g.retire_year)
            .fold(
                None,
                |best: Option<&HardwareGenerationSection>, g| match best {
                    Some(b) if b.enter_year >= g.enter_year => Some(b),
                    _ => Some(g),
                },
            )
    }

    /// Every problem, as (key path, what was expected).
    pub fn problems(&self, site_names: &[String]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut fail =
            |key: &str, message: String| out.push((format!("projection.{key}"), message));
        if self.last_year < self.first_year {
            fail(
                "last_year",
                format!(
                    "expected a year ≥ first_year {}, found {} (years out of order)",
                    self.first_year, self.last_year
                ),
            );
        }
        if !(1900..=2200).contains(&self.first_year) || !(1900..=2200).contains(&self.last_year) {
            fail(
                "first_year",
                format!(
                    "expected years from 1900 to 2200, found {}–{}",
                    self.first_year, self.last_year
                ),
            );
        }
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !(self.anchor_year.is_finite() && (1900.0..=2200.0).contains(&self.anchor_year)) {
            fail(
                "anchor_year",
                format!(
                    "expected a year from 1900 to 2200, found {}",
                    self.anchor_year
                ),
            );
        }
        for (key, v) in [
            ("frontier_compute_flop", self.frontier_compute_flop),
            (
                "frontier_compute_growth_per_year",
                self.frontier_compute_growth_per_year,
            ),
            ("mfu_growth_per_year", self.mfu_growth_per_year),
        ] {
            if !positive(v) {
                fail(key, format!("expected a number > 0, found {v}"));
            }
        }
        match (
            self.growth_change_year,
            self.frontier_compute_growth_per_year_after,
        ) {
            (Some(_), None) | (None, Some(_)) => fail(
                "growth_change_year",
                "expected growth_change_year and frontier_compute_growth_per_year_after together"
                    .into(),
            ),
            (Some(y), Some(g)) => {
                if !y.is_finite() {
                    fail("growth_change_year", format!("expected a year, found {y}"));
                }
                if !positive(g) {
                    fail(
                        "frontier_compute_growth_per_year_after",
                        format!("expected a number > 0, found {g}"),
                    );
                }
            }
            (None, None) => {}
        }
        if !(self.mfu > 0.0 && self.mfu <= 1.0) {
            fail(
                "mfu",
                format!("expected a fraction in (0, 1], found {}", self.mfu),
            );
        }
        if !(self.utilization > 0.0 && self.utilization <= 1.0) {
            fail(
                "utilization",
                format!("expected a fraction in (0, 1], found {}", self.utilization),
            );
        }
        if self.max_sampled_runs_per_class == 0 {
            fail(
                "max_sampled_runs_per_class",
                "expected at least 1 run".into(),
            );
        }
        if self.max_simulated_gpus == 0 {
            fail(
                "max_simulated_gpus",
                "expected at least 1 accelerator".into(),
            );
        }
        if !out.is_empty() {
            return out;
        }
        let mut fail =
            |key: String, message: String| out.push((format!("projection.{key}"), message));
        for year in self.years() {
            let t = f64::from(year) + 0.5;
            let mfu = self.mfu_at(t);
            if !(mfu > 0.0 && mfu <= 1.0) {
                fail(
                    "mfu_growth_per_year".into(),
                    format!(
                        "MFU {} × {}^({t} − {}) = {mfu} in {year}: expected it to stay in (0, 1]",
                        self.mfu, self.mfu_growth_per_year, self.anchor_year
                    ),
                );
                break;
            }
        }
        if self.classes.is_empty() {
            fail(
                "classes".into(),
                "expected at least one [[projection.classes]]".into(),
            );
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, c) in self.classes.iter().enumerate() {
            let key = |k: &str| format!("classes[{i}].{k}");
            if c.name.trim().is_empty() || !names.insert(c.name.clone()) {
                fail(
                    key("name"),
                    format!("expected a unique non-empty name, found '{}'", c.name),
                );
            }
            for (k, v) in [
                ("runs_growth_per_year", c.runs_growth_per_year),
                (
                    "compute_fraction_of_frontier",
                    c.compute_fraction_of_frontier,
                ),
                ("duration_days", c.duration_days),
                ("duration_growth_per_year", c.duration_growth_per_year),
            ] {
                if !positive(v) {
                    fail(key(k), format!("expected a number > 0, found {v}"));
                }
            }
            if !(c.runs_per_year.is_finite() && c.runs_per_year >= 0.0) {
                fail(
                    key("runs_per_year"),
                    format!("expected a number ≥ 0, found {}", c.runs_per_year),
                );
            }
            if !(c.compute_sd_log10.is_finite() && (0.0..=3.0).contains(&c.compute_sd_log10)) {
                fail(
                    key("compute_sd_log10"),
                    format!(
                        "expected 0 to 3 orders of magnitude, found {}",
                        c.compute_sd_log10
                    ),
                );
            }
            // Growth that overflows: the count and the compute must stay finite and within
            // the budgets in every year (checked at the first and last, the extremes of a
            // monotone trend; the two-phase frontier trend is monotone in each phase).
            for year in [self.first_year, self.last_year] {
                let t = f64::from(year) + 0.5;
                let runs = c.runs_per_year * c.runs_growth_per_year.powf(t - self.anchor_year);
                if !(runs.is_finite() && runs <= MAX_RUNS_PER_CLASS_YEAR) {
                    fail(
                        key("runs_growth_per_year"),
                        format!(
                            "{} runs × {}^({t} − {}) = {runs:e} runs in {year}: the growth overflows; expected at most {MAX_RUNS_PER_CLASS_YEAR:e} runs of one class a year",
                            c.runs_per_year, c.runs_growth_per_year, self.anchor_year
                        ),
                    );
                }
                let days = c.duration_days * c.duration_growth_per_year.powf(t - self.anchor_year);
                if !(1.0 / 24.0..=3650.0).contains(&days) {
                    fail(
                        key("duration_growth_per_year"),
                        format!("training time {days} days in {year}: expected 1 hour to 10 years"),
                    );
                }
            }
        }
        for year in [self.first_year, self.last_year] {
            let t = f64::from(year) + 0.5;
            let biggest = self
                .classes
                .iter()
                .map(|c| c.compute_fraction_of_frontier * 10f64.powf(3.0 * c.compute_sd_log10))
                .fold(0.0, f64::max);
            let flop = self.frontier_compute_at(t) * biggest.max(1.0);
            if !(flop.is_finite() && flop <= MAX_RUN_COMPUTE_FLOP && flop > 0.0) {
                fail(
                    "frontier_compute_growth_per_year".into(),
                    format!(
                        "the frontier trend gives {flop:e} FLOP per run in {year} (3 sd above the median): the growth overflows; expected at most {MAX_RUN_COMPUTE_FLOP:e}"
                    ),
                );
            }
        }
        if self.hardware.is_empty() {
            fail(
                "hardware".into(),
                "expected at least one [[projection.hardware]]".into(),
            );
        }
        for (i, g) in self.hardware.iter().enumerate() {
            if g.retire_year <= g.enter_year {
                fail(
                    format!("hardware[{i}].retire_year"),
                    format!(
                        "'{}' retires in {} before it enters service in {}: expected retire_year > enter_year",
                        g.accelerator, g.retire_year, g.enter_year
                    ),
                );
            }
            if !(g.price_usd.is_finite() && g.price_usd >= 0.0) {
                fail(
                    format!("hardware[{i}].price_usd"),
                    format!("expected a price ≥ 0, found {}", g.price_usd),
                );
            }
        }
        if !self.hardware.is_empty() && self.hardware.iter().all(|g| g.retire_year > g.enter_year) {
            let missing: Vec<String> = self
                .years()
                .filter(|&y| self.generation_for(y).is_none())
                .map(|y| y.to_string())
                .collect();
            if !missing.is_empty() {
                fail(
                    "hardware".into(),
                    format!(
                        "no accelerator generation is in service in {}: expected one with enter_year ≤ year < retire_year every year",
                        missing.join(", ")
                    ),
                );
            }
        }
        if self.regions.is_empty() {
            fail(
                "regions".into(),
                "expected at least one [[projection.regions]]".into(),
            );
        }
        let mut sum = 0.0;
        for (i, r) in self.regions.iter().enumerate() {
            if !site_names.contains(&r.site) {
                fail(
                    format!("regions[{i}].site"),
                    format!(
                        "no site is called '{}'; expected one of: {}",
                        r.site,
                        site_names.join(", ")
                    ),
                );
            }
            if !(r.share.is_finite() && r.share >= 0.0) {
                fail(
                    format!("regions[{i}].share"),
                    format!("expected a share ≥ 0, found {}", r.share),
                );
            }
            sum += r.share;
        }
        if let Some(caps) = &self.caps {
            for (key, message) in caps.problems(self.first_year, self.last_year) {
                fail(format!("caps.{key}"), message);
            }
        }
        if !self.regions.is_empty() && (sum - 1.0).abs() > SHARE_SUM_TOLERANCE {
            fail(
                "regions".into(),
                format!(
                    "the regional shares sum to {}: expected 1",
                    (sum * 1e9).round() / 1e9
                ),
            );
        }
        out
    }
}
