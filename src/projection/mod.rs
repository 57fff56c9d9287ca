//! Projections: where the footprint of AI training is heading, year by year.
//!
//! A scenario with a `[projection]` table (`crate::scenario::projection_schema`) describes a
//! range of years: run classes whose number, compute and training time grow, accelerator
//! generations entering and leaving service, MFU, and the regional split over the file's
//! `[[sites]]`. Each replication samples the file's uncertain keys once; then every year
//! draws its runs ([`runs`]), turns the simulated ones into jobs of an ordinary scenario and
//! runs it through the simulator ([`year`]). [`metrics`] turns a simulated year into the
//! rows of `projection.csv`; [`output`] writes the files; [`calibration`] fits the history
//! the defaults of `scenarios/projection-2018-2035.toml` come from; [`caps`] limits one run
//! by power, accelerator supply and budget; [`payers`] is the table
//! of budgets the cost of the largest run is compared with.
//!
//! Replications run in parallel and are gathered in replication order, so the files do not
//! depend on the thread count; `--shard i/n` runs replications `r` with `r mod n = i − 1`
//! and `footprint merge` gathers them back into the same bytes.

pub mod calibration;
pub mod caps;
pub mod metrics;
pub mod output;
pub mod payers;
pub mod runs;
pub mod year;

use crate::error::{Error, Result};
use crate::montecarlo::runner::Shard;
use crate::scenario::projection_schema::ProjectionSection;
use crate::scenario::template::ScenarioTemplate;
use rayon::prelude::*;

/// One replication's values: `values[y][m]` for year index `y` and metric `m` of
/// [`metrics::PROJECTION_METRICS`], and the sampled uncertain inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationValues {
    /// Replication index.
    pub replication: u64,
    /// Numeric readings of the uncertain inputs, in the template's order.
    pub inputs: Vec<f64>,
    /// Per year, per metric.
    pub values: Vec<Vec<f64>>,
}

/// What a projection run produced.
#[derive(Clone, Debug)]
pub struct ProjectionRun {
    /// Years, in order.
    pub years: Vec<i32>,
    /// Uncertain input key paths.
    pub inputs: Vec<String>,
    /// Replications run by this process, in replication order.
    pub replications: Vec<ReplicationValues>,
    /// Engine events, all years and replications.
    pub events: u64,
}

/// The `[projection]` of the template's replication `replication` (point 0), parsed.
pub fn section_of(template: &ScenarioTemplate, table: &toml::Table) -> Result<ProjectionSection> {
    let value = table
        .get("projection")
        .cloned()
        .ok_or_else(|| Error::Scenario {
            file: template.file.clone(),
            message: "no [projection] table".into(),
        })?;
    value
        .try_into()
        .map_err(|e: toml::de::Error| Error::Scenario {
            file: template.file.clone(),
            message: format!("`projection`: {}", e.message().trim()),
        })
}

/// Runs one replication: every year, in order.
pub fn run_replication(
    template: &ScenarioTemplate,
    replication: u64,
    cache: &year::SeriesCache,
) -> Result<(ReplicationValues, u64)> {
    let (table, inputs) = template.sampled_table(0, replication)?;
    let section = section_of(template, &table)?;
    let budgets = payers::budgets_usd();
    let context = metrics::Context {
        utilization: section.utilization,
        budgets_usd: &budgets,
    };
    let years: Vec<i32> = section.years().collect();
    let rep = year::Replication {
        cache,
        template,
        table,
        section,
        replication,
        point: 0,
    };
    let mut values = Vec::with_capacity(years.len());
    let mut events = 0;
    for y in years {
        let result = rep.run_year(y)?;
        events += result.events;
        values.push(
            metrics::PROJECTION_METRICS
                .iter()
                .map(|m| (m.value)(&result, &context))
                .collect(),
        );
    }
    Ok((
        ReplicationValues {
            replication,
            inputs,
            values,
        },
        events,
    ))
}

/// Checks a projection before anything is written: the template (every key, at its
/// bounds, with the `[projection]` checks of `ProjectionSection::problems`) and no sweep
/// axes. Returns the years.
pub fn check(template: &ScenarioTemplate) -> Result<Vec<i32>> {
    let fail = |message: String| Error::Scenario {
        file: template.file.clone(),
        message,
    };
    if template.points() > 1 {
        return Err(fail(
            "a projection cannot be swept (`{ sweep = [...] }` or --set with several values): give the key a distribution (`dist`) instead, or run one file per value".into(),
        ));
    }
    template.check()?;
    let (table, _) = template.sampled_table(0, 0)?;
    let section = section_of(template, &table)?;
    Ok(section.years().collect())
}

/// Runs `replications` replications (those of `shard` when given) on `threads` threads.
pub fn run(
    template: &ScenarioTemplate,
    replications: u64,
    shard: Option<Shard>,
    threads: Option<usize>,
    tick: &(dyn Fn() + Sync),
) -> Result<ProjectionRun> {
    let years = check(template)?;
    let owned: Vec<u64> = (0..replications)
        .filter(|r| shard.is_none_or(|s| r % s.count as u64 == (s.index - 1) as u64))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let cache = year::SeriesCache::default();
    let results: Vec<Result<(ReplicationValues, u64)>> = pool.install(|| {
        owned
            .par_iter()
            .map(|&r| {
                let out = run_replication(template, r, &cache);
                tick();
                out
            })
            .collect()
    });
    let mut out = Vec::with_capacity(results.len());
    let mut events = 0;
    for r in results {
        let (values, e) = r?;
        events += e;
        out.push(values);
    }
    Ok(ProjectionRun {
        years,
        inputs: template
            .uncertain
            .iter()
            .map(|u| u.path.to_string())
            .collect(),
        replications: out,
        events,
    })
}
