//! Validation: from the file's schema to model inputs, with an error per bad value.

use super::cache::DataCache;
use super::schema::{
    AcceleratorOverrides, ClusterSection, FailuresSection, FixedJob, JobClass, PowerCapSection,
    ScenarioFile, SiteSection,
};
use super::schema::{CiColumn, ForecastName, ObjectiveName, ObjectiveWeights, SchedulerSection};
use super::{Expectation, OutputOptions, Scenario};
use crate::error::Problem;
use crate::hardware::{
    Accelerator, AcceleratorPower, NodeType, PowerCurve, PowerLimitRange, catalog, power_limits,
};
use crate::metrics::jobs::{job_column, job_number_names};
use crate::metrics::{METRICS, metric};
use crate::scheduler::temporal::{
    DEFAULT_SLACK_RESERVE, ForecastError, IssuedError, Objective, TemporalConfig,
};
use crate::scheduler::{DEFAULT_BACKFILL_DEPTH, Operations, PolicyKind, SpatialConfig};
use crate::site::climate::{presets, psychro, weather};
use crate::site::grid::{self, decarbonization::Decarbonization, genmix};
use crate::site::power_cap::{
    CapSchedule, DEFAULT_COMPUTE_BOUND_SHARE, DEFAULT_DVFS_EXPONENT, PowerCap,
};
use crate::site::{HourlySeries, SiteConfig, SiteSeries, SyntheticGrid, SyntheticParts, cooling};
use crate::workload::Flexibility;
use crate::workload::failures::{
    self, CheckpointInterval, CheckpointPolicy, FailureClasses, FailureLaw, FailureModel,
};
use crate::workload::{
    DurationModel, FixedJobConfig, JobClassConfig, SyntheticConfig, WorkloadConfig,
    duration_from_model_size, seconds_to_whole, training_seconds,
};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use std::path::PathBuf;

mod carbon;
mod embodied;
mod operations;
mod site;
mod trace;
mod water;
mod workload;

use operations::resolve_operations;
use site::{SiteContext, resolve_site};
use workload::resolve_workload;
pub use workload::{DEFAULT_CHECKPOINT_WRITE_S, DEFAULT_RESTART_S};

/// All validation errors of one scenario, one per line.
#[derive(Debug)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() == 1 {
            write!(f, "{}", self.0[0])
        } else {
            write!(f, "{} problems:", self.0.len())?;
            for p in &self.0 {
                write!(f, "\n  - {p}")?;
            }
            Ok(())
        }
    }
}

/// Checks values and records what is wrong, by key path.
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, key: &str, message: impl fmt::Display) {
        self.problems.push(Problem {
            key: key.to_string(),
            message: message.to_string(),
            location: None,
        });
    }

    /// A finite number within [min, max]; returns whether it is.
    fn range(&mut self, key: &str, value: f64, min: f64, max: f64, what: &str) -> bool {
        if value.is_finite() && value >= min && value <= max {
            return true;
        }
        // The bound broken is stated with the figure, so the message never contradicts the
        // real limit whatever `what` says.
        let why = if !value.is_finite() {
            "not a finite number".to_string()
        } else if value < min {
            format!("below the minimum {}", limit(min))
        } else {
            format!("above the maximum {}", limit(max))
        };
        self.fail(key, format!("expected {what}, found {value} ({why})"));
        false
    }

    fn positive(&mut self, key: &str, value: f64) -> bool {
        if value.is_finite() && value > 0.0 {
            true
        } else {
            self.fail(key, format!("expected a number > 0, found {value}"));
            false
        }
    }

    fn non_negative(&mut self, key: &str, value: f64) -> bool {
        self.range(key, value, 0.0, f64::MAX, "a number ≥ 0")
    }
}

/// A limit as written in messages: plain below a million, else in exponent form (`1e10`).
fn limit(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// IT load as a fraction of the cooling plant's design load, when not given: an
/// assumption in the middle of the 0.2–0.8 chiller part-load range of Lei & Masanet's
/// large-site calculator (`reference/factors.md` D.0).
pub const DEFAULT_COOLING_LOAD_FRACTION: f64 = 0.7;

/// Most copies of one fixed job (`count`): more is a synthetic workload.
const MAX_FIXED_COPIES: u32 = 1_000_000;
/// Most nodes per site.
pub const MAX_NODES: u32 = 10_000_000;
/// Most expected synthetic arrivals in a window: keeps runs within memory and time.
const MAX_EXPECTED_ARRIVALS: f64 = 1e9;

/// Longest job, hours (1,000 years).
pub const MAX_JOB_HOURS: f64 =
    crate::workload::MAX_JOB_DURATION_S as f64 / crate::time::SECONDS_PER_HOUR as f64;

/// Seconds in a day.
const DAY_S: f64 = crate::time::SECONDS_PER_DAY as f64;
/// Longest window accepted, days (1,000 years): keeps times far from u64 limits.
const MAX_DAYS: f64 = 365_000.0;

pub(super) fn resolve(
    raw: ScenarioFile,
    sha256: String,
    file: &str,
    base_dir: &Path,
    default_name: &str,
    cache: &DataCache,
) -> Result<Scenario, Problems> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let mut warnings = Vec::new();
    let sim = &raw.simulation;

    let start_unix = match crate::time::parse_utc(&sim.start) {
        Ok(t) if t.rem_euclid(crate::time::SECONDS_PER_HOUR as i64) == 0 => t,
        Ok(_) => {
            c.fail(
                "simulation.start",
                format!(
                    "expected a whole UTC hour (minutes and seconds 0), found '{}'",
                    sim.start
                ),
            );
            0
        }
        Err(e) => {
            c.fail("simulation.start", e);
            0
        }
    };
    let duration_s = sim.duration_days.and_then(|d| {
        c.range(
            "simulation.duration_days",
            d,
            1.0 / 24.0,
            MAX_DAYS,
            "a number of days from 1/24 to 365000",
        )
        .then(|| (d * DAY_S).round() as u64)
    });
    let name = sim.name.clone().unwrap_or_else(|| default_name.to_string());
    if name.is_empty()
        || !name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch))
    {
        c.fail(
            "simulation.name",
            format!("expected letters, digits, '-', '_' or '.', found '{name}'"),
        );
    }

    if raw.sites.is_empty() {
        c.fail("sites", "expected at least one [[sites]] table");
    }
    // Synthetic weather and grids cover the window (a year when it is open-ended).
    let synthetic_hours = duration_s.map_or(8_760, |d| {
        (d.div_ceil(crate::time::SECONDS_PER_HOUR) as usize).max(24)
    });
    let start_year =
        crate::time::civil_from_days(start_unix.div_euclid(crate::time::SECONDS_PER_DAY as i64)).0
            as i32;
    let mut sites = Vec::with_capacity(raw.sites.len());
    for (i, site) in raw.sites.iter().enumerate() {
        let key = format!("sites[{i}]");
        if raw.sites[..i].iter().any(|s| s.name == site.name) {
            c.fail(
                &format!("{key}.name"),
                format!("site name '{}' is used twice", site.name),
            );
        }
        let ctx = SiteContext {
            base_dir,
            cache,
            synthetic_hours,
            start_year,
            start_unix,
            window_hours: duration_s.map_or(8_760, |d| {
                d.div_ceil(crate::time::SECONDS_PER_HOUR) as usize
            }),
        };
        if let Some(resolved) = resolve_site(&mut c, &mut warnings, site, &key, &ctx) {
            sites.push(resolved);
        }
    }

    let operations = resolve_operations(&mut c, &raw.scheduler);
    for (key, objective) in [
        (
            "scheduler.temporal.objective",
            operations.temporal.map(|t| t.objective),
        ),
        (
            "scheduler.spatial.objective",
            operations.spatial.map(|s| s.objective),
        ),
    ] {
        let without: Vec<&str> = sites
            .iter()
            .filter(|s| !s.has_marginal())
            .map(|s| s.name.as_str())
            .collect();
        if objective == Some(Objective::CarbonMarginal) && !without.is_empty() {
            c.fail(
                key,
                format!(
                    "\"carbon_marginal\" needs a marginal carbon intensity at every site; {} has none: expected grid.preset or grid.marginal_carbon_intensity_csv there",
                    without.join(", ")
                ),
            );
        }
    }
    if operations.spatial.is_some() && raw.sites.len() < 2 {
        warnings.push("scheduler.spatial has no effect with a single site".into());
    }
    let workload = if sites.len() == raw.sites.len() {
        resolve_workload(
            &mut c,
            &raw,
            &sites,
            duration_s,
            start_unix,
            (base_dir, cache),
        )
    } else {
        WorkloadConfig::default()
    };

    if let Some(projection) = &raw.projection {
        let names: Vec<String> = raw.sites.iter().map(|s| s.name.clone()).collect();
        for (key, message) in projection.problems(&names) {
            c.fail(&key, message);
        }
    }
    for (i, e) in raw.expect.iter().enumerate() {
        check_expectation(&mut c, e, &format!("expect[{i}]"), &workload, &sites);
    }
    if !c.problems.is_empty() {
        return Err(Problems(c.problems));
    }
    Ok(Scenario {
        name,
        description: sim.description.clone(),
        source: file.to_string(),
        sha256,
        start_unix,
        duration_s,
        drain: sim.drain,
        seed: sim.seed,
        policy: match raw.scheduler.policy {
            super::schema::PolicyName::Fifo => PolicyKind::Fifo,
            super::schema::PolicyName::EasyBackfill => PolicyKind::EasyBackfill,
        },
        operations,
        sites,
        workload,
        output: OutputOptions {
            jobs_csv: raw.output.jobs_csv,
            hourly_csv: raw.output.hourly_csv,
        },
        expectations: raw.expect,
        warnings,
    })
}

/// Lower-case hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check_expectation(
    c: &mut Checker,
    e: &Expectation,
    key: &str,
    workload: &WorkloadConfig,
    sites: &[SiteConfig],
) {
    match &e.job {
        Some(job) => {
            if !workload.labels.iter().any(|l| l == job) {
                c.fail(
                    &format!("{key}.job"),
                    format!("no job or class named '{job}'"),
                );
            }
            if e.scope.is_some() {
                c.fail(
                    &format!("{key}.scope"),
                    "only applies to summary metrics, not with `job`",
                );
            }
            if job_column(&e.metric).is_none_or(|col| !col.is_number()) {
                let names: Vec<&str> = job_number_names().collect();
                c.fail(
                    &format!("{key}.metric"),
                    format!("expected a numeric jobs.csv column: {}", names.join(", ")),
                );
            }
        }
        None => {
            if metric(&e.metric).is_none() {
                let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
                c.fail(
                    &format!("{key}.metric"),
                    format!("expected a summary metric: {}", names.join(", ")),
                );
            }
            if let Some(scope) = &e.scope {
                let known = scope == "total"
                    || scope
                        .strip_prefix("site:")
                        .is_some_and(|n| sites.iter().any(|s| s.name == n));
                if !known {
                    c.fail(
                        &format!("{key}.scope"),
                        format!("expected `total` or `site:<name>` of a site, found '{scope}'"),
                    );
                }
            }
        }
    }
    if !(e.published.is_finite() && e.published != 0.0) {
        c.fail(
            &format!("{key}.published"),
            "expected a finite, non-zero number",
        );
    }
    c.range(
        &format!("{key}.tolerance"),
        e.tolerance,
        1e-9,
        1.0,
        "a relative tolerance in (0, 1]",
    );
    if !(e.scale.is_finite() && e.scale != 0.0) {
        c.fail(
            &format!("{key}.scale"),
            "expected a finite, non-zero factor",
        );
    }
}
