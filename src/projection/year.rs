//! One projected year of one replication: the year's runs become fixed jobs of a scenario
//! whose sites are the projection's regions, fitted with the year's accelerator, and the
//! ordinary simulator runs it (`run::run_replication`): cooling and weather, grid, failures
//! and checkpoints, the scheduler and the ledger are the same as for any scenario.
//!
//! Each region's cluster is sized to hold all its simulated runs at once, so runs never
//! queue (a projection is about how much training happens, not about one operator's
//! queue); the footprint is the sum of the runs' own charges (`jobs.csv` quantities),
//! not the idle capacity of these made-up clusters.

use super::caps::{Constraint, HardwareContext, max_compute_flop};
use super::runs::{SampledRun, sample_class};
use crate::engine::rng::{StreamId, member_rng, name_hash, replication_seed, splitmix64};
use crate::error::{Error, Result};
use crate::results::JobRecord;
use crate::scenario::projection_schema::ProjectionSection;
use crate::scenario::template::ScenarioTemplate;
use crate::site::{SiteSeries, SyntheticParts};
use crate::time::SECONDS_PER_HOUR;

/// Seconds in the 365-day year over which runs start.
const YEAR_S: f64 = 365.0 * crate::time::SECONDS_PER_DAY as f64;

/// One simulated run and what it stands for.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Class index.
    pub class: usize,
    /// Compute, FLOP.
    pub compute_flop: f64,
    /// Accelerators of the real run.
    pub gpus: u64,
    /// Real accelerators / simulated accelerators (≥ 1; above 1 for runs larger than
    /// `max_simulated_gpus`).
    pub scale: f64,
    /// Stratum weight (see `runs`).
    pub weight: f64,
    /// The simulated job's record.
    pub record: JobRecord,
}

impl RunResult {
    /// Factor from the simulated job to the real run.
    pub fn run_factor(&self) -> f64 {
        self.scale
    }

    /// Factor from the simulated job to the runs it stands for.
    pub fn total_factor(&self) -> f64 {
        self.scale * self.weight
    }

    /// Cost of the real run: energy and accelerator-hours, USD.
    pub fn run_cost_usd(&self) -> f64 {
        self.scale * (self.record.charges.energy_cost_usd + self.record.hardware_cost_usd)
    }

    /// Facility power of the real run averaged over the time it holds its accelerators, MW
    /// (its peak when PUE is constant and no failure interrupts it).
    pub fn run_power_mw(&self) -> f64 {
        let held_s = match (self.record.start_s, self.record.end_s) {
            (Some(a), Some(b)) if b > a => (b - a) as f64,
            _ => return 0.0,
        };
        self.scale * self.record.charges.facility_energy_kwh
            / (held_s / SECONDS_PER_HOUR as f64)
            / 1e3
    }
}

/// What one year of one replication produced.
#[derive(Clone, Debug, Default)]
pub struct YearResult {
    /// Calendar year.
    pub year: i32,
    /// Runs of each class that year (all of them, simulated or not).
    pub runs_per_class: Vec<u64>,
    /// The simulated runs.
    pub runs: Vec<RunResult>,
    /// Engine events.
    pub events: u64,
    /// Median frontier compute the growth trend gives this year, FLOP (before caps).
    pub frontier_trend_flop: f64,
    /// Largest compute the caps allow a frontier run this year, FLOP (infinite without
    /// caps).
    pub frontier_cap_flop: f64,
    /// The constraint that limited the year's runs ([`Constraint::Growth`] when none did).
    pub binding: Constraint,
}

/// Synthetic series drawn once per (site, year) and shared by the replications whose site
/// inputs agree (all but the decarbonisation trend, applied per replication): the weather
/// and grid of a projected year are one draw, the same for every replication.
pub type SeriesCache = std::sync::Mutex<
    std::collections::HashMap<(usize, i32), (SiteSeries, SyntheticParts, SiteSeries)>,
>;

/// A year's runs: the count per class, the simulated ones with their class, and how the
/// caps shaped them.
struct YearPlan {
    counts: Vec<u64>,
    runs: Vec<(usize, SampledRun)>,
    frontier_trend_flop: f64,
    frontier_cap_flop: f64,
    binding: Constraint,
}

/// One planned run as a job of the year's scenario.
struct PlannedJob {
    /// Arrival, hours after 1 January.
    arrival_h: f64,
    /// Site index.
    site: usize,
    /// Simulated accelerators.
    gpus: u64,
    /// Duration, hours.
    duration_h: f64,
    /// Its class's name (the job's label).
    name: String,
}

/// The year-independent inputs of one replication.
pub struct Replication<'a> {
    /// Series shared between replications.
    pub cache: &'a SeriesCache,
    /// The template (for resolving and its errors).
    pub template: &'a ScenarioTemplate,
    /// The replication's sampled table.
    pub table: toml::Table,
    /// Its `[projection]`.
    pub section: ProjectionSection,
    /// Replication index.
    pub replication: u64,
    /// Sweep point.
    pub point: usize,
}

fn fail(template: &ScenarioTemplate, message: String) -> Error {
    Error::Scenario {
        file: template.file.clone(),
        message,
    }
}

/// Peak FLOP/s of a generation: its override, else the catalog's.
fn peak_flops(table: &toml::Table, index: usize, name: &str) -> Option<f64> {
    let over = table
        .get("projection")
        .and_then(|p| p.get("hardware"))
        .and_then(|h| h.get(index))
        .and_then(|g| g.get("overrides"))
        .and_then(|o| o.get("peak_tflops"))
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
    over.map(|t| t * 1e12)
        .or_else(|| crate::hardware::catalog::find(name).map(|s| s.peak_flops))
}

impl Replication<'_> {
    /// The runs of `year` (drawn from the replication's `Projection` stream for that year
    /// and class) with the real accelerator count and the simulated one of each.
    ///
    /// With caps (`hw`), the frontier trend is limited to the cap of a frontier run and
    /// every run's compute to the cap of its class (`super::caps`).
    fn plan_year(&self, year: i32, hw: Option<&HardwareContext>) -> Result<YearPlan> {
        let p = &self.section;
        let t = f64::from(year) + 0.5;
        let duration_s = |c: &crate::scenario::projection_schema::RunClassSection| {
            c.duration_days
                * c.duration_growth_per_year.powf(t - p.anchor_year)
                * crate::time::SECONDS_PER_DAY as f64
        };
        let cap = |c: &crate::scenario::projection_schema::RunClassSection| match hw {
            Some(hw) => max_compute_flop(p.caps.as_ref(), t, hw, duration_s(c)),
            None => (f64::INFINITY, Constraint::Growth),
        };
        let frontier_trend_flop = p.frontier_compute_at(t);
        let (frontier_cap_flop, frontier_constraint) = p
            .classes
            .first()
            .map_or((f64::INFINITY, Constraint::Growth), cap);
        let frontier_sd = p.classes.first().map_or(0.0, |c| c.compute_sd_log10);
        let frontier = frontier_trend_flop.min(super::caps::trend_limit_flop(
            frontier_cap_flop,
            frontier_sd,
        ));
        let mut limited = frontier < frontier_trend_flop;
        let seed = replication_seed(self.template.seed, self.replication);
        let shares: Vec<f64> = p.regions.iter().map(|r| r.share).collect();
        let mut counts = Vec::new();
        let mut runs = Vec::new();
        for (c, class) in p.classes.iter().enumerate() {
            let n =
                (class.runs_per_year * class.runs_growth_per_year.powf(t - p.anchor_year)).round();
            if !(n.is_finite() && n >= 0.0) {
                return Err(fail(
                    self.template,
                    format!("`projection.classes[{c}]`: {n} runs in {year}: expected a count"),
                ));
            }
            let n = n as u64;
            counts.push(n);
            let member = splitmix64(name_hash(&format!("{year}/{c}")));
            let mut rng = member_rng(seed, StreamId::Projection, member);
            let median = frontier * class.compute_fraction_of_frontier;
            let (max_flop, _) = cap(class);
            let (sampled, clipped) = sample_class(
                n,
                median,
                class.compute_sd_log10,
                max_flop,
                p.max_sampled_runs_per_class,
                &shares,
                &mut rng,
            );
            limited |= clipped;
            for r in sampled {
                runs.push((c, r));
            }
        }
        Ok(YearPlan {
            counts,
            runs,
            frontier_trend_flop,
            frontier_cap_flop,
            binding: if limited {
                frontier_constraint
            } else {
                Constraint::Growth
            },
        })
    }

    /// The year's table without `[projection]`: sites fitted with the year's accelerator
    /// (and its overrides) and price, the simulation starting on 1 January.
    fn year_table(
        &self,
        year: i32,
        gen_index: usize,
        accelerator: &str,
        price_usd: f64,
    ) -> toml::Table {
        let mut table = self.table.clone();
        table.remove("projection");
        let overrides = self
            .table
            .get("projection")
            .and_then(|p| p.get("hardware"))
            .and_then(|h| h.get(gen_index))
            .and_then(|g| g.get("overrides"))
            .cloned()
            .unwrap_or_else(|| toml::Value::Table(toml::Table::new()));
        if let Some(toml::Value::Array(list)) = table.get_mut("sites") {
            for site in list.iter_mut() {
                let Some(site) = site.as_table_mut() else {
                    continue;
                };
                if let Some(toml::Value::Table(cluster)) = site.get_mut("cluster") {
                    cluster.insert("accelerator".into(), accelerator.into());
                    cluster.insert("accelerator_overrides".into(), overrides.clone());
                }
                let cost = site
                    .entry("cost")
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                if let Some(cost) = cost.as_table_mut() {
                    cost.remove("cloud_usd_per_gpu_hour");
                    cost.insert("gpu_capex_usd".into(), price_usd.into());
                }
            }
        }
        if let Some(toml::Value::Table(sim)) = table.get_mut("simulation") {
            sim.insert("start".into(), format!("{year}-01-01T00:00:00Z").into());
            sim.remove("duration_days");
            sim.insert("drain".into(), false.into());
        }
        let mut output = toml::Table::new();
        output.insert("jobs_csv".into(), false.into());
        output.insert("hourly_csv".into(), false.into());
        table.insert("output".into(), toml::Value::Table(output));
        table
    }

    /// Resolves a year's table with `jobs` as its workload.
    fn resolve(
        &self,
        year: i32,
        mut table: toml::Table,
        jobs: Vec<toml::Value>,
    ) -> Result<crate::scenario::Scenario> {
        let mut workload = toml::Table::new();
        workload.insert("jobs".into(), toml::Value::Array(jobs));
        table.insert("workload".into(), toml::Value::Table(workload));
        let mut scenario = self
            .template
            .resolve_table(table, self.point, self.replication)
            .map_err(|e| match e {
                Error::Scenario { file, message } => Error::Scenario {
                    file,
                    message: format!("projected year {year}: {message}"),
                },
                other => other,
            })?;
        // Each year draws its own weather, grid and failures.
        scenario.seed = splitmix64(self.template.seed ^ splitmix64(year as u64));
        let weather_seed = replication_seed(scenario.seed, 0);
        for (s, site) in scenario.sites.iter_mut().enumerate() {
            let mut parts = site.synthetic.clone();
            parts.decarbonization = None;
            let cached = self
                .cache
                .lock()
                .ok()
                .and_then(|c| c.get(&(s, year)).cloned())
                .filter(|(fixed, p, _)| *fixed == site.series && *p == parts)
                .map(|(_, _, drawn)| drawn);
            let drawn = match cached {
                Some(d) => d,
                None => {
                    let d = site.series_before_trend(
                        scenario.start_unix,
                        weather_seed,
                        s,
                        crate::site::Reading::Whole,
                    );
                    if let Ok(mut c) = self.cache.lock() {
                        c.entry((s, year))
                            .or_insert_with(|| (site.series.clone(), parts.clone(), d.clone()));
                    }
                    d
                }
            };
            site.series = site.with_trend(drawn, scenario.start_unix, crate::site::Reading::Whole);
            site.synthetic = SyntheticParts {
                hours: parts.hours,
                ..SyntheticParts::default()
            };
        }
        Ok(scenario)
    }

    /// What the caps need about the year's accelerator and regions, read from the year's
    /// resolved `scenario`: per region, the facility power of one busy accelerator
    /// (full-utilisation power + host busy power per accelerator, × the mean PUE of the
    /// year's series) and the cost of one accelerator-hour (amortised price + that power at
    /// the mean electricity price); the largest of each over the regions.
    fn hardware_context(
        &self,
        year: i32,
        scenario: &crate::scenario::Scenario,
        peak_flops: f64,
        mfu: f64,
    ) -> Result<HardwareContext> {
        if self.section.regions.is_empty() {
            return Err(fail(
                self.template,
                "`projection.regions`: expected at least one region".into(),
            ));
        }
        let mut hw = HardwareContext {
            peak_flops,
            mfu,
            facility_w_per_accelerator: 0.0,
            usd_per_accelerator_hour: 0.0,
            gpus_per_node: 1,
        };
        for region in &self.section.regions {
            let Some(site) = scenario.sites.iter().find(|s| s.name == region.site) else {
                continue;
            };
            let node = &site.node;
            let gpn = f64::from(node.gpus_per_node.max(1));
            let w = (node.accelerator.power.max_w + node.host_busy_w / gpn)
                * site.series.pue.mean().max(1.0);
            let usd = site.gpu_hour_cost_usd + w / 1e6 * site.series.price_usd_per_mwh.mean();
            hw.facility_w_per_accelerator = hw.facility_w_per_accelerator.max(w);
            hw.usd_per_accelerator_hour = hw.usd_per_accelerator_hour.max(usd);
            hw.gpus_per_node = hw.gpus_per_node.max(u64::from(node.gpus_per_node));
        }
        if !(hw.facility_w_per_accelerator > 0.0 && hw.usd_per_accelerator_hour > 0.0) {
            return Err(fail(
                self.template,
                format!(
                    "`projection.caps`: in {year} one accelerator draws {} W and costs {} USD an hour: expected both > 0 for the caps (give sites.cost.gpu_capex_usd via projection.hardware price_usd, and an accelerator with power)",
                    hw.facility_w_per_accelerator, hw.usd_per_accelerator_hour
                ),
            ));
        }
        Ok(hw)
    }

    /// Resolves the year's table once, each site with one node and one probe job (one
    /// accelerator for an hour, checkpointed as the year's runs are), whose resolved form
    /// gives the planned runs' settings ([`Replication::workload`]).
    fn resolve_sites(
        &self,
        year: i32,
        mut table: toml::Table,
        sites: &[toml::Value],
    ) -> Result<crate::scenario::Scenario> {
        if let Some(toml::Value::Array(list)) = table.get_mut("sites") {
            for site in list.iter_mut() {
                if let Some(toml::Value::Table(cluster)) =
                    site.as_table_mut().and_then(|t| t.get_mut("cluster"))
                {
                    cluster.insert("nodes".into(), 1.into());
                }
            }
        }
        let probes = sites
            .iter()
            .filter_map(|site| Some((site.get("name")?.as_str()?, site)))
            .map(|(name, site)| {
                let mut probe = toml::Table::new();
                probe.insert("name".into(), "probe".into());
                probe.insert("gpus".into(), 1.into());
                probe.insert("site".into(), name.into());
                probe.insert("arrival_hours".into(), 0.0.into());
                probe.insert("duration_hours".into(), 1.0.into());
                if site.get("failures").is_some() {
                    probe.insert("checkpoint_young_daly".into(), true.into());
                }
                toml::Value::Table(probe)
            })
            .collect();
        self.resolve(year, table, probes)
    }

    /// The planned runs (in arrival order) as the year's fixed jobs: each one its site's
    /// probe job with the run's arrival, size and duration, converted as the scenario
    /// converts `arrival_hours` and `duration_hours`.
    fn workload(
        &self,
        year: i32,
        scenario: &crate::scenario::Scenario,
        jobs: &[&PlannedJob],
    ) -> Result<crate::workload::WorkloadConfig> {
        use crate::time::hours_to_s;
        let probes = &scenario.workload.fixed;
        let mut fixed = Vec::with_capacity(jobs.len());
        let mut labels = Vec::with_capacity(jobs.len());
        for job in jobs {
            let probe = probes.iter().find(|f| usize::from(f.site) == job.site);
            let (Some(probe), Ok(gpus)) = (probe, u32::try_from(job.gpus)) else {
                return Err(fail(
                    self.template,
                    format!(
                        "projected year {year}: a run of {} accelerators on site {}: expected at most {} accelerators on a site of the scenario",
                        job.gpus,
                        job.site,
                        u32::MAX
                    ),
                ));
            };
            if job.duration_h > crate::scenario::resolve::MAX_JOB_HOURS {
                return Err(fail(
                    self.template,
                    format!(
                        "projected year {year}: a run of {} h: expected at most {} h (1,000 years)",
                        job.duration_h,
                        crate::scenario::resolve::MAX_JOB_HOURS
                    ),
                ));
            }
            fixed.push(crate::workload::FixedJobConfig {
                label: labels.len() as u32,
                arrival_s: hours_to_s(job.arrival_h).round() as u64,
                gpus,
                duration_s: crate::workload::seconds_to_whole(hours_to_s(job.duration_h)),
                ..*probe
            });
            labels.push(job.name.clone());
        }
        fixed.sort_by_key(|f| f.arrival_s);
        Ok(crate::workload::WorkloadConfig {
            labels,
            fixed,
            synthetic: None,
        })
    }

    /// Runs `year` through the simulator.
    pub fn run_year(&self, year: i32) -> Result<YearResult> {
        let p = &self.section;
        let t = f64::from(year) + 0.5;
        let (gen_index, generation) = p
            .hardware
            .iter()
            .enumerate()
            .filter(|(_, g)| g.enter_year <= year && year < g.retire_year)
            .fold(None, |best: Option<(usize, _)>, (i, g)| match best {
                Some((_, b)) if b_enter(b) >= g.enter_year => best,
                _ => Some((i, g)),
            })
            .ok_or_else(|| {
                fail(
                    self.template,
                    format!(
                        "`projection.hardware`: no accelerator generation in service in {year}"
                    ),
                )
            })?;
        let peak = peak_flops(&self.table, gen_index, &generation.accelerator).ok_or_else(|| {
            fail(
                self.template,
                format!(
                    "`projection.hardware[{gen_index}].accelerator`: '{}' is not in the catalog: expected a catalog name (`footprint catalog`) or overrides.peak_tflops",
                    generation.accelerator
                ),
            )
        })?;
        let mfu = p.mfu_at(t);
        let table = self.year_table(
            year,
            gen_index,
            &generation.accelerator,
            generation.price_usd,
        );
        let sites = table
            .get("sites")
            .and_then(|s| s.as_array())
            .cloned()
            .unwrap_or_default();
        // The year's scenario is resolved once; with caps before planning (the caps read
        // its accelerator power and prices), without them only for a year with runs.
        let mut resolved = None;
        let hw = match &p.caps {
            Some(_) => {
                let scenario = self.resolve_sites(year, table.clone(), &sites)?;
                let hw = self.hardware_context(year, &scenario, peak, mfu)?;
                resolved = Some(scenario);
                Some(hw)
            }
            None => None,
        };
        let plan = self.plan_year(year, hw.as_ref())?;
        let site_index = |name: &str| {
            sites
                .iter()
                .position(|s| s.get("name").and_then(|n| n.as_str()) == Some(name))
        };
        let gpus_per_node = |s: usize| -> u64 {
            sites[s]
                .get("cluster")
                .and_then(|c| c.get("gpus_per_node"))
                .and_then(|v| v.as_integer())
                .map_or(1, |v| v.max(1) as u64)
        };
        let mut jobs = Vec::new();
        let mut plans = Vec::new();
        let mut site_gpus = vec![0u64; sites.len()];
        for (c, run) in &plan.runs {
            let class = &p.classes[*c];
            let region = &p.regions[run.region];
            let s = site_index(&region.site).ok_or_else(|| {
                fail(
                    self.template,
                    format!(
                        "`projection.regions[{}].site`: no site '{}'",
                        run.region, region.site
                    ),
                )
            })?;
            let node = gpus_per_node(s);
            let days = class.duration_days * class.duration_growth_per_year.powf(t - p.anchor_year);
            let target_s = days * crate::time::SECONDS_PER_DAY as f64;
            let mut gpus = (run.compute_flop / (target_s * peak * mfu)).ceil().max(1.0);
            if gpus > node as f64 {
                gpus = (gpus / node as f64).ceil() * node as f64;
            }
            if !(gpus.is_finite() && gpus < 1e15) {
                return Err(fail(
                    self.template,
                    format!(
                        "`projection`: a run of {:e} FLOP in {year} needs {gpus:e} accelerators: the growth overflows",
                        run.compute_flop
                    ),
                ));
            }
            let duration_s = (run.compute_flop / (gpus * peak * mfu)).max(1.0);
            let cap = (u64::from(p.max_simulated_gpus) / node).max(1) * node;
            let simulated = (gpus as u64).min(cap);
            let scale = gpus / simulated as f64;
            let latest = (YEAR_S - duration_s).max(0.0);
            let arrival_h = (run.start_fraction * latest / SECONDS_PER_HOUR as f64).floor();
            site_gpus[s] += simulated;
            jobs.push(PlannedJob {
                arrival_h,
                site: s,
                gpus: simulated,
                duration_h: duration_s / SECONDS_PER_HOUR as f64,
                name: class.name.clone(),
            });
            plans.push((*c, run.clone(), gpus as u64, scale));
        }
        let empty = YearResult {
            year,
            runs_per_class: plan.counts.clone(),
            runs: Vec::new(),
            events: 0,
            frontier_trend_flop: plan.frontier_trend_flop,
            frontier_cap_flop: plan.frontier_cap_flop,
            binding: plan.binding,
        };
        if jobs.is_empty() {
            // A year without runs: nothing to simulate.
            return Ok(empty);
        }
        // The simulator sorts fixed jobs by arrival (stably): keep the plan in that order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by(|&a, &b| jobs[a].arrival_h.total_cmp(&jobs[b].arrival_h));
        let plans: Vec<_> = order.iter().map(|&i| plans[i].clone()).collect();
        let mut scenario = match resolved {
            Some(scenario) => scenario,
            None => self.resolve_sites(year, table, &sites)?,
        };
        let sorted: Vec<&PlannedJob> = order.iter().map(|&i| &jobs[i]).collect();
        scenario.workload = self.workload(year, &scenario, &sorted)?;
        // Room for every run at once.
        for (s, site) in scenario.sites.iter_mut().enumerate() {
            let nodes = site_gpus[s].div_ceil(gpus_per_node(s)).max(1);
            if nodes > u64::from(crate::scenario::resolve::MAX_NODES) {
                return Err(fail(
                    self.template,
                    format!(
                        "projected year {year}: `sites[{s}].cluster.nodes`: the year's runs need {nodes} nodes: expected at most {}",
                        crate::scenario::resolve::MAX_NODES
                    ),
                ));
            }
            site.set_nodes(nodes as u32);
        }
        let (result, records) =
            crate::run::run_replication(&scenario, self.replication, Vec::<JobRecord>::new())?;
        let mut by_id = records;
        by_id.sort_by_key(|r| r.id);
        if by_id.len() != plans.len() {
            return Err(fail(
                self.template,
                format!(
                    "projected year {year}: {} runs planned but {} simulated",
                    plans.len(),
                    by_id.len()
                ),
            ));
        }
        let runs = plans
            .into_iter()
            .zip(by_id)
            .map(|((class, run, gpus, scale), record)| RunResult {
                class,
                compute_flop: run.compute_flop,
                gpus,
                scale,
                weight: run.weight,
                record,
            })
            .collect();
        Ok(YearResult {
            runs,
            events: result.events,
            ..empty
        })
    }
}

fn b_enter(g: &crate::scenario::projection_schema::HardwareGenerationSection) -> i32 {
    g.enter_year
}
