//! Validation: from the file's schema to model inputs, with an error per bad value.

use super::cache::DataCache;
use super::schema::{
    AcceleratorOverrides, ClusterSection, FixedJob, JobClass, ScenarioFile, SiteSection,
};
use super::schema::{
    CiColumn, ForecastName, HydroWaterName, ObjectiveName, ObjectiveWeights, SchedulerSection,
};
use super::{Expectation, OutputOptions, Scenario};
use crate::hardware::{Accelerator, AcceleratorPower, NodeType, PowerCurve, catalog};
use crate::metrics::METRICS;
use crate::output::tables::JOB_NUMERIC_COLUMNS;
use crate::scheduler::temporal::{DEFAULT_SLACK_RESERVE, ForecastError, Objective, TemporalConfig};
use crate::scheduler::{DEFAULT_BACKFILL_DEPTH, Operations, SpatialConfig};
use crate::site::power_cap::{CapSchedule, DEFAULT_THROUGHPUT_EXPONENT, PowerCap};
use crate::site::{
    HourlySeries, SiteConfig, SiteSeries, SyntheticGrid, SyntheticParts, cooling, genmix, grid,
    synthetic_grid, weather,
};
use crate::workload::Flexibility;
use crate::workload::failures::{
    CheckpointInterval, CheckpointPolicy, FailureLaw, FailureModel, LLAMA3_FAILURES_PER_GPU_HOUR,
};
use crate::workload::{
    DurationModel, FixedJobConfig, JobClassConfig, SyntheticConfig, WorkloadConfig,
    duration_from_model_size, seconds_to_whole,
};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use std::path::PathBuf;

/// All validation errors of one scenario, one per line.
#[derive(Debug)]
pub struct Problems(pub Vec<String>);

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
    problems: Vec<String>,
}

impl Checker {
    fn fail(&mut self, key: &str, message: impl fmt::Display) {
        self.problems.push(format!("`{key}`: {message}"));
    }

    /// A finite number within [min, max]; returns whether it is.
    fn range(&mut self, key: &str, value: f64, min: f64, max: f64, what: &str) -> bool {
        if value.is_finite() && value >= min && value <= max {
            true
        } else {
            self.fail(key, format!("expected {what}, found {value}"));
            false
        }
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

/// IT load as a fraction of the cooling plant's design load, when not given: an
/// assumption in the middle of the 0.2–0.8 chiller part-load range of Lei & Masanet's
/// large-site calculator (`reference/factors.md` D.0).
pub const DEFAULT_COOLING_LOAD_FRACTION: f64 = 0.7;

/// Most copies of one fixed job (`count`): more is a synthetic workload.
const MAX_FIXED_COPIES: u32 = 1_000_000;
/// Most nodes per site.
const MAX_NODES: u32 = 10_000_000;
/// Most expected synthetic arrivals in a window: keeps runs within memory and time.
const MAX_EXPECTED_ARRIVALS: f64 = 1e9;

/// Longest job, hours (1,000 years).
const MAX_JOB_HOURS: f64 = crate::workload::MAX_JOB_DURATION_S as f64 / 3_600.0;

/// Seconds in a day.
const DAY_S: f64 = 86_400.0;
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
        Ok(t) if t.rem_euclid(3_600) == 0 => t,
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
    let synthetic_hours = duration_s.map_or(8_760, |d| (d.div_ceil(3_600) as usize).max(24));
    let start_year = crate::time::civil_from_days(start_unix.div_euclid(86_400)).0 as i32;
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
        };
        if let Some(resolved) = resolve_site(&mut c, &mut warnings, site, &key, &ctx) {
            sites.push(resolved);
        }
    }

    let operations = resolve_operations(&mut c, &raw.scheduler);
    if operations.spatial.is_some() && raw.sites.len() < 2 {
        warnings.push("scheduler.spatial has no effect with a single site".into());
    }
    let workload = if sites.len() == raw.sites.len() {
        resolve_workload(&mut c, &raw, &sites, duration_s)
    } else {
        WorkloadConfig::default()
    };

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
        policy: raw.scheduler.policy,
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

/// What every site is resolved against.
struct SiteContext<'a> {
    base_dir: &'a Path,
    cache: &'a DataCache,
    synthetic_hours: usize,
    start_year: i32,
}

fn resolve_site(
    c: &mut Checker,
    warnings: &mut Vec<String>,
    site: &SiteSection,
    key: &str,
    ctx: &SiteContext<'_>,
) -> Option<SiteConfig> {
    let SiteContext {
        base_dir,
        cache,
        synthetic_hours,
        start_year,
    } = *ctx;
    let before = c.problems.len();
    if site.name.trim().is_empty() {
        c.fail(&format!("{key}.name"), "expected a non-empty name");
    }
    let grid = &site.grid;
    let hours = synthetic_hours;
    let sources = [
        grid.carbon_intensity_g_per_kwh.is_some(),
        grid.carbon_intensity_csv.is_some(),
        grid.preset.is_some(),
        grid.genmix_csv.is_some(),
    ];
    if sources.iter().filter(|&&x| x).count() != 1 {
        c.fail(
            &format!("{key}.grid"),
            "expected exactly one of carbon_intensity_g_per_kwh, carbon_intensity_csv, preset or genmix_csv",
        );
    }
    let column = grid.carbon_intensity_column.unwrap_or_default();
    if grid.carbon_intensity_column.is_some()
        && grid.carbon_intensity_csv.is_none()
        && grid.preset.is_none()
    {
        c.fail(
            &format!("{key}.grid.carbon_intensity_column"),
            "only applies with carbon_intensity_csv or preset",
        );
    }
    let mix_based = grid.preset.is_some() || grid.genmix_csv.is_some();
    for (name, given) in [
        ("emission_factors", grid.emission_factors.is_some()),
        ("water_factors", grid.water_factors.is_some()),
        ("hydro_water", grid.hydro_water.is_some()),
    ] {
        if given && !mix_based {
            c.fail(
                &format!("{key}.grid.{name}"),
                "only applies with preset or genmix_csv",
            );
        }
    }
    let emission = grid.emission_factors.as_deref().map(|n| {
        genmix::emission_set(n).unwrap_or_else(|| {
            c.fail(
                &format!("{key}.grid.emission_factors"),
                format!(
                    "unknown set '{n}': expected one of {}",
                    genmix::names().join(", ")
                ),
            );
            genmix::ELECTRICITY_MAPS_LIFECYCLE
        })
    });
    let hydro = match grid.hydro_water.unwrap_or_default() {
        HydroWaterName::Zero => genmix::HydroWater::Zero,
        HydroWaterName::ReservoirEvaporation => genmix::HydroWater::ReservoirEvaporation,
    };
    let water_name = grid
        .water_factors
        .as_deref()
        .unwrap_or("macknick_fleet_median");
    let water = genmix::water_set(water_name, hydro).unwrap_or_else(|| {
        c.fail(
            &format!("{key}.grid.water_factors"),
            format!(
                "unknown set '{water_name}': expected one of {}",
                genmix::water_set_names().join(", ")
            ),
        );
        genmix::MACKNICK_FLEET_MEDIAN
    });
    if let Some(e) = grid.ewif_l_per_kwh {
        c.range(
            &format!("{key}.grid.ewif_l_per_kwh"),
            e,
            0.0,
            1_000.0,
            "L/kWh from 0 to 1000",
        );
    }
    let mut synthetic = SyntheticParts {
        hours,
        ..SyntheticParts::default()
    };
    let mut ci = HourlySeries::Constant(0.0);
    let mut ewif = HourlySeries::Constant(grid.ewif_l_per_kwh.unwrap_or(0.0));
    if let Some(v) = grid.carbon_intensity_g_per_kwh {
        c.range(
            &format!("{key}.grid.carbon_intensity_g_per_kwh"),
            v,
            0.0,
            5_000.0,
            "gCO2e/kWh from 0 to 5000",
        );
        ci = HourlySeries::Constant(v);
    } else if let Some(path) = &grid.carbon_intensity_csv {
        let full = base_dir.join(path);
        let kind = if column == CiColumn::Lca {
            "em-lca"
        } else {
            "em-direct"
        };
        match cache.load(kind, &full, |p| grid::read_electricity_maps_csv(p, column)) {
            Ok(series) => ci = series,
            Err(e) => c.fail(&format!("{key}.grid.carbon_intensity_csv"), e),
        }
    } else if let Some(name) = &grid.preset {
        match synthetic_grid::preset(name) {
            Some(preset) => {
                let emission = emission.unwrap_or(match column {
                    CiColumn::Lca => preset.lifecycle_factors(),
                    CiColumn::Direct => preset.direct_factors(),
                });
                synthetic.grid = Some(SyntheticGrid {
                    preset,
                    emission,
                    water,
                    ewif_from_mix: grid.ewif_l_per_kwh.is_none(),
                });
            }
            None => c.fail(
                &format!("{key}.grid.preset"),
                format!(
                    "unknown region '{name}': expected one of {}",
                    synthetic_grid::preset_names().join(", ")
                ),
            ),
        }
    } else if let Some(path) = &grid.genmix_csv {
        let full = base_dir.join(path);
        match cache.load("genmix", &full, genmix::read_eia930_genmix_csv) {
            Ok(mix) => {
                ci = mix.ci_hourly(&emission.unwrap_or(genmix::CARBON_EXPLORER));
                if grid.ewif_l_per_kwh.is_none() {
                    ewif = mix.ewif_hourly(&water);
                }
            }
            Err(e) => c.fail(&format!("{key}.grid.genmix_csv"), e),
        }
    }
    if let Some(rate) = grid.decarbonization_per_year {
        if c.range(
            &format!("{key}.grid.decarbonization_per_year"),
            rate,
            0.0,
            0.99,
            "a yearly fall from 0 to 0.99",
        ) && rate > 0.0
        {
            let base_year = grid.decarbonization_base_year.unwrap_or(start_year);
            synthetic.decarbonization =
                synthetic_grid::Decarbonization::new(base_year, 1.0 - rate).ok();
        }
    } else if grid.decarbonization_base_year.is_some() {
        c.fail(
            &format!("{key}.grid.decarbonization_base_year"),
            "only applies with decarbonization_per_year",
        );
    }

    // Weather and cooling.
    let mut dry_bulb = None;
    let mut wet_bulb = None;
    let mut weather_record = None;
    if let Some(w) = &site.weather {
        let wkey = format!("{key}.weather");
        let given = [
            w.preset.is_some(),
            w.open_meteo_json.is_some(),
            w.csv.is_some(),
        ];
        if given.iter().filter(|&&x| x).count() != 1 {
            c.fail(
                &wkey,
                "expected exactly one of preset, open_meteo_json or csv",
            );
        } else if let Some(name) = &w.preset {
            match weather::preset(name) {
                Some(p) => synthetic.weather = Some(p),
                None => c.fail(
                    &format!("{wkey}.preset"),
                    format!(
                        "unknown climate '{name}': expected one of {}",
                        weather::preset_names().join(", ")
                    ),
                ),
            }
        } else {
            let (path, kind, field): (&PathBuf, &'static str, &str) =
                match (&w.open_meteo_json, &w.csv) {
                    (Some(p), _) => (p, "open-meteo", "open_meteo_json"),
                    (_, Some(p)) => (p, "weather-csv", "csv"),
                    _ => unreachable!("one source is given"),
                };
            let full = base_dir.join(path);
            let read = |p: &Path| -> Result<std::sync::Arc<weather::Weather>, String> {
                let w = if kind == "open-meteo" {
                    weather::read_open_meteo_json(p)
                } else {
                    weather::read_weather_csv(p)
                };
                w.map(std::sync::Arc::new)
            };
            match cache.load(kind, &full, read) {
                Ok(record) => {
                    let (db, wb) = crate::site::weather_columns(&record);
                    dry_bulb = Some(db);
                    wet_bulb = Some(wb);
                    weather_record = Some(record);
                }
                Err(e) => c.fail(&format!("{wkey}.{field}"), e),
            }
        }
    }
    let (pue, wue) = match (&site.cooling, site.pue) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.pue"),
                "give either a constant pue or [sites.cooling], not both",
            );
            (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
        }
        (None, None) => {
            c.fail(
                &format!("{key}.pue"),
                "expected a constant pue, or a [sites.cooling] table with a [sites.weather] table",
            );
            (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
        }
        (None, Some(p)) => {
            c.range(&format!("{key}.pue"), p, 1.0, 10.0, "a PUE from 1 to 10");
            let w = site.wue_l_per_kwh.unwrap_or(0.0);
            c.range(
                &format!("{key}.wue_l_per_kwh"),
                w,
                0.0,
                100.0,
                "L/kWh from 0 to 100",
            );
            (HourlySeries::Constant(p), HourlySeries::Constant(w))
        }
        (Some(cool), None) => {
            let ckey = format!("{key}.cooling");
            if site.wue_l_per_kwh.is_some() {
                c.fail(
                    &format!("{key}.wue_l_per_kwh"),
                    "comes from the cooling system: remove it or the [sites.cooling] table",
                );
            }
            let load = cool.load_fraction.unwrap_or(DEFAULT_COOLING_LOAD_FRACTION);
            c.range(
                &format!("{ckey}.load_fraction"),
                load,
                0.05,
                1.0,
                "a load fraction from 0.05 to 1",
            );
            let system = match (&cool.parameters, cooling::by_name(&cool.system)) {
                (Some(params), Some(_)) => {
                    let mut table = params.clone();
                    table.insert("type".into(), toml::Value::String(cool.system.clone()));
                    let parsed: Result<cooling::CoolingSystem, _> =
                        toml::Value::Table(table).try_into();
                    match parsed
                        .map_err(|e| e.message().trim().to_string())
                        .and_then(|s| s.validate().map(|_| s))
                    {
                        Ok(s) => Some(s),
                        Err(e) => {
                            c.fail(&format!("{ckey}.parameters"), e);
                            return None;
                        }
                    }
                }
                (_, found) => found,
            };
            match system {
                None => {
                    c.fail(
                        &format!("{ckey}.system"),
                        format!(
                            "unknown system '{}': expected one of {}",
                            cool.system,
                            cooling::names().join(", ")
                        ),
                    );
                    (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                }
                Some(system) => match (&weather_record, synthetic.weather) {
                    (Some(record), _) => (
                        system.pue_series(record, load),
                        system.wue_series(record, load),
                    ),
                    (None, Some(_)) => {
                        synthetic.cooling = Some((system, load));
                        (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                    }
                    (None, None) => {
                        if site.weather.is_none() {
                            c.fail(
                                &ckey,
                                "a cooling system needs [sites.weather] (a preset or a file)",
                            );
                        }
                        (HourlySeries::Constant(1.0), HourlySeries::Constant(0.0))
                    }
                },
            }
        }
    };

    c.range(
        &format!("{key}.grid.clean_energy_share"),
        grid.clean_energy_share,
        0.0,
        1.0,
        "a share from 0 to 1",
    );
    c.range(
        &format!("{key}.always_on_power_w"),
        site.always_on_power_w,
        0.0,
        1e10,
        "watts ≥ 0",
    );

    let cost = &site.cost;
    let price = match (cost.electricity_usd_per_mwh, &cost.electricity_price_csv) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.cost"),
                "give electricity_usd_per_mwh or electricity_price_csv, not both",
            );
            HourlySeries::Constant(0.0)
        }
        (Some(p), None) => {
            c.range(
                &format!("{key}.cost.electricity_usd_per_mwh"),
                p,
                0.0,
                1e5,
                "USD/MWh from 0 to 100000",
            );
            HourlySeries::Constant(p)
        }
        (None, Some(path)) => cache
            .load("price", &base_dir.join(path), grid::read_price_csv)
            .unwrap_or_else(|e| {
                c.fail(&format!("{key}.cost.electricity_price_csv"), e);
                HourlySeries::Constant(0.0)
            }),
        (None, None) => HourlySeries::Constant(0.0),
    };

    let node = resolve_node(c, warnings, &site.cluster, &format!("{key}.cluster"));
    if site.cluster.nodes == 0 || site.cluster.nodes > MAX_NODES {
        c.fail(
            &format!("{key}.cluster.nodes"),
            format!(
                "expected 1 to {MAX_NODES} nodes, found {}",
                site.cluster.nodes
            ),
        );
    }
    let e = &site.embodied;
    c.range(
        &format!("{key}.embodied.lifetime_years"),
        e.lifetime_years,
        0.01,
        100.0,
        "years from 0.01 to 100",
    );
    c.range(
        &format!("{key}.embodied.lifetime_utilization"),
        e.lifetime_utilization,
        0.001,
        1.0,
        "a fraction in (0, 1]",
    );
    let amortisation_hours = e.lifetime_years * 8_760.0 * e.lifetime_utilization;
    let gpu_hour_cost_usd = match (cost.gpu_capex_usd, cost.cloud_usd_per_gpu_hour) {
        (Some(_), Some(_)) => {
            c.fail(
                &format!("{key}.cost"),
                "give gpu_capex_usd or cloud_usd_per_gpu_hour, not both",
            );
            0.0
        }
        (Some(capex), None) => {
            c.non_negative(&format!("{key}.cost.gpu_capex_usd"), capex);
            capex / amortisation_hours
        }
        (None, Some(price)) => {
            c.non_negative(&format!("{key}.cost.cloud_usd_per_gpu_hour"), price);
            price
        }
        (None, None) => 0.0,
    };
    let failures = site.failures.as_ref().map(|f| {
        let fkey = format!("{key}.failures");
        let rate = f.rate_per_gpu_hour.unwrap_or(LLAMA3_FAILURES_PER_GPU_HOUR);
        c.range(
            &format!("{fkey}.rate_per_gpu_hour"),
            rate,
            0.0,
            1.0,
            "failures per accelerator-hour from 0 to 1",
        );
        let law = match f.weibull_shape {
            Some(k) => {
                c.range(
                    &format!("{fkey}.weibull_shape"),
                    k,
                    0.1,
                    20.0,
                    "a Weibull shape from 0.1 to 20",
                );
                FailureLaw::Weibull { shape: k }
            }
            None => FailureLaw::Exponential,
        };
        FailureModel {
            rate_per_gpu_hour: rate,
            law,
        }
    });
    let power_cap = site.power_cap.as_ref().map(|p| {
        let pkey = format!("{key}.power_cap");
        c.range(
            &format!("{pkey}.gpu_cap_w"),
            p.gpu_cap_w,
            1.0,
            1e5,
            "watts from 1 to 100000",
        );
        let exponent = p.throughput_exponent.unwrap_or(DEFAULT_THROUGHPUT_EXPONENT);
        c.range(
            &format!("{pkey}.throughput_exponent"),
            exponent,
            0.0,
            3.0,
            "an exponent from 0 to 3",
        );
        let schedule = match (&p.daily_windows_utc, p.carbon_above_g_per_kwh) {
            (Some(_), Some(_)) => {
                c.fail(
                    &pkey,
                    "give daily_windows_utc or carbon_above_g_per_kwh, not both",
                );
                CapSchedule::Constant
            }
            (Some(windows), None) => {
                if windows
                    .iter()
                    .any(|w| w[0] > 23 || w[1] > 24 || w[0] == w[1])
                {
                    c.fail(
                        &format!("{pkey}.daily_windows_utc"),
                        "expected [[start_hour, end_hour], ...] with hours 0–24 and start ≠ end",
                    );
                }
                CapSchedule::Daily(windows.iter().map(|w| (w[0], w[1])).collect())
            }
            (None, Some(threshold)) => {
                c.non_negative(&format!("{pkey}.carbon_above_g_per_kwh"), threshold);
                CapSchedule::CarbonAbove(threshold)
            }
            (None, None) => CapSchedule::Constant,
        };
        PowerCap {
            gpu_cap_w: p.gpu_cap_w,
            schedule,
            throughput_exponent: exponent,
        }
    });
    if c.problems.len() > before {
        return None;
    }
    Some(SiteConfig {
        failures,
        power_cap,
        name: site.name.clone(),
        nodes: site.cluster.nodes,
        node: node?,
        series: SiteSeries {
            pue,
            wue_l_per_kwh: wue,
            carbon_intensity_g_per_kwh: ci,
            ewif_l_per_kwh: ewif,
            price_usd_per_mwh: price,
            dry_bulb_c: dry_bulb,
            wet_bulb_c: wet_bulb,
        },
        synthetic,
        embodied_amortisation_hours: amortisation_hours,
        clean_energy_share: grid.clean_energy_share,
        always_on_power_w: site.always_on_power_w,
        gpu_hour_cost_usd,
    })
}

fn resolve_node(
    c: &mut Checker,
    warnings: &mut Vec<String>,
    cluster: &ClusterSection,
    key: &str,
) -> Option<NodeType> {
    let before = c.problems.len();
    if cluster.gpus_per_node == 0 || cluster.gpus_per_node > 64 {
        c.fail(
            &format!("{key}.gpus_per_node"),
            format!("expected 1 to 64, found {}", cluster.gpus_per_node),
        );
    }
    c.range(
        &format!("{key}.host_idle_power_w"),
        cluster.host_idle_power_w,
        0.0,
        1e5,
        "watts from 0 to 100000",
    );
    c.range(
        &format!("{key}.host_busy_power_w"),
        cluster.host_busy_power_w,
        0.0,
        1e5,
        "watts from 0 to 100000",
    );
    c.non_negative(
        &format!("{key}.server_embodied_kg_co2e"),
        cluster.server_embodied_kg_co2e,
    );
    let accelerator = resolve_accelerator(
        c,
        warnings,
        &cluster.accelerator,
        &cluster.accelerator_overrides,
        key,
    );
    if c.problems.len() > before {
        return None;
    }
    Some(NodeType {
        accelerator: accelerator?,
        gpus_per_node: cluster.gpus_per_node,
        host_idle_w: cluster.host_idle_power_w,
        host_busy_w: cluster.host_busy_power_w,
        server_embodied_kg_co2e: cluster.server_embodied_kg_co2e,
    })
}

fn resolve_accelerator(
    c: &mut Checker,
    warnings: &mut Vec<String>,
    name: &str,
    o: &AcceleratorOverrides,
    key: &str,
) -> Option<Accelerator> {
    let okey = format!("{key}.accelerator_overrides");
    let spec = catalog::find(name);
    let (peak_tflops, tdp_w) = match spec {
        Some(s) => (
            o.peak_tflops.unwrap_or(s.peak_flops / 1e12),
            o.tdp_w.unwrap_or(s.tdp_w),
        ),
        None => match (o.peak_tflops, o.tdp_w) {
            (Some(p), Some(t)) => (p, t),
            _ => {
                c.fail(
                    &format!("{key}.accelerator"),
                    format!(
                        "unknown accelerator '{name}': expected one of {} (see `footprint catalog`), or give \
                         peak_tflops and tdp_w in accelerator_overrides",
                        catalog::known_names().join(", ")
                    ),
                );
                return None;
            }
        },
    };
    let before = c.problems.len();
    c.range(
        &format!("{okey}.peak_tflops"),
        peak_tflops,
        1e-3,
        1e6,
        "TFLOP/s from 0.001 to 1e6",
    );
    c.range(
        &format!("{okey}.tdp_w"),
        tdp_w,
        1.0,
        1e5,
        "watts from 1 to 100000",
    );
    let idle_w = o.idle_power_w.unwrap_or_else(|| {
        spec.map_or(tdp_w * catalog::DEFAULT_IDLE_FRACTION_OF_TDP, |s| {
            if o.tdp_w.is_some() {
                tdp_w * (s.idle_power_w / s.tdp_w)
            } else {
                s.idle_power_w
            }
        })
    });
    let max_w = o.max_power_w.unwrap_or(tdp_w);
    c.non_negative(&format!("{okey}.idle_power_w"), idle_w);
    if max_w < idle_w || !max_w.is_finite() {
        c.fail(
            &format!("{okey}.max_power_w"),
            format!("expected at least the idle power {idle_w} W, found {max_w}"),
        );
    }
    let checkpoint_w = o.checkpoint_power_w.unwrap_or(0.15 * tdp_w);
    c.non_negative(&format!("{okey}.checkpoint_power_w"), checkpoint_w);
    let curve = match (&o.power_curve, o.power_exponent) {
        (Some(_), Some(_)) => {
            c.fail(&okey, "give either power_curve or power_exponent, not both");
            PowerCurve::Polynomial { exponent: 1.0 }
        }
        (Some(points), None) => {
            let ckey = format!("{okey}.power_curve");
            let ok_shape = points.len() >= 2
                && points.first().is_some_and(|p| p[0] == 0.0)
                && points.last().is_some_and(|p| p[0] == 1.0)
                && points.windows(2).all(|w| w[1][0] > w[0][0])
                && points.iter().all(|p| p[1].is_finite() && p[1] >= 0.0);
            if !ok_shape {
                c.fail(&ckey, "expected [[u, watts], ...] with u strictly increasing from 0 to 1 and watts ≥ 0");
            }
            PowerCurve::PiecewiseLinear(points.iter().map(|p| (p[0], p[1])).collect())
        }
        (None, exponent) => {
            let k = exponent.unwrap_or(1.0);
            c.range(
                &format!("{okey}.power_exponent"),
                k,
                0.01,
                100.0,
                "an exponent from 0.01 to 100",
            );
            PowerCurve::Polynomial { exponent: k }
        }
    };
    let embodied = match (o.embodied_kg_co2e, spec.and_then(|s| s.embodied_kg_co2e)) {
        (Some(v), _) => {
            c.non_negative(&format!("{okey}.embodied_kg_co2e"), v);
            v
        }
        (None, Some(v)) => v,
        (None, None) => {
            warnings.push(format!(
                "{key}: no published embodied carbon for accelerator '{name}': counted as 0; set \
                 accelerator_overrides.embodied_kg_co2e"
            ));
            0.0
        }
    };
    if c.problems.len() > before {
        return None;
    }
    Some(Accelerator {
        name: spec.map_or_else(|| name.to_string(), |s| s.name.to_string()),
        peak_flops: peak_tflops * 1e12,
        tdp_w,
        power: AcceleratorPower {
            idle_w,
            max_w,
            checkpoint_w,
            curve,
        },
        embodied_kg_co2e: embodied,
    })
}

fn site_index(
    c: &mut Checker,
    sites: &[SiteConfig],
    name: &Option<String>,
    key: &str,
) -> Option<u16> {
    match name {
        None => Some(0),
        Some(n) => match sites.iter().position(|s| &s.name == n) {
            Some(i) => Some(i as u16),
            None => {
                let names: Vec<&str> = sites.iter().map(|s| s.name.as_str()).collect();
                c.fail(
                    key,
                    format!("no site named '{n}': expected one of {}", names.join(", ")),
                );
                None
            }
        },
    }
}

fn check_gpus(c: &mut Checker, gpus: u32, site: &SiteConfig, key: &str) -> bool {
    if gpus == 0 {
        c.fail(key, "expected at least 1 GPU, found 0");
        return false;
    }
    let gpn = site.node.gpus_per_node;
    let slots = if gpus >= gpn {
        u64::from(gpus.div_ceil(gpn)) * u64::from(gpn)
    } else {
        u64::from(gpus)
    };
    if slots > site.total_gpus() {
        c.fail(
            key,
            format!(
                "a job of {gpus} GPUs cannot fit on site '{}' ({} nodes × {gpn} = {} GPUs)",
                site.name,
                site.nodes,
                site.total_gpus()
            ),
        );
        return false;
    }
    true
}

fn check_utilization(c: &mut Checker, u: f64, key: &str) {
    c.range(key, u, 0.0, 1.0, "a utilisation in [0, 1]");
}

fn check_mfu(c: &mut Checker, mfu: Option<f64>, key: &str) -> Option<f64> {
    match mfu {
        Some(m) if m.is_finite() && m > 0.0 && m <= 1.0 => Some(m),
        Some(m) => {
            c.fail(
                key,
                format!("expected a model FLOPs utilisation in (0, 1], found {m}"),
            );
            None
        }
        None => {
            c.fail(key, "expected mfu with parameters and tokens");
            None
        }
    }
}

fn resolve_fixed(
    c: &mut Checker,
    job: &FixedJob,
    key: &str,
    sites: &[SiteConfig],
    duration_s: Option<u64>,
) -> Option<FixedJobConfig> {
    let before = c.problems.len();
    let site = site_index(c, sites, &job.site, &format!("{key}.site"))?;
    let s = &sites[site as usize];
    let fits = check_gpus(c, job.gpus, s, &format!("{key}.gpus"));
    if job.count == 0 || job.count > MAX_FIXED_COPIES {
        c.fail(
            &format!("{key}.count"),
            format!("expected 1 to {MAX_FIXED_COPIES}, found {}", job.count),
        );
    }
    check_utilization(c, job.gpu_utilization, &format!("{key}.gpu_utilization"));
    if c.range(
        &format!("{key}.arrival_hours"),
        job.arrival_hours,
        0.0,
        MAX_DAYS * 24.0,
        "hours ≥ 0",
    ) && let Some(window) = duration_s
        && job.arrival_hours * 3_600.0 >= window as f64
    {
        c.fail(
            &format!("{key}.arrival_hours"),
            format!(
                "{} h is not before the end of the window ({} h)",
                job.arrival_hours,
                window as f64 / 3_600.0
            ),
        );
    }
    let given = [
        job.duration_hours.is_some(),
        job.gpu_hours.is_some(),
        job.parameters.is_some() || job.tokens.is_some(),
    ];
    let duration = if given.iter().filter(|&&g| g).count() != 1 {
        c.fail(
            key,
            "expected exactly one of duration_hours, gpu_hours, or parameters + tokens + mfu",
        );
        None
    } else if let Some(h) = job.duration_hours {
        c.range(
            &format!("{key}.duration_hours"),
            h,
            1.0 / 3_600.0,
            MAX_JOB_HOURS,
            "hours from 1 s to 1,000 years",
        )
        .then(|| seconds_to_whole(h * 3_600.0))
    } else if let Some(gh) = job.gpu_hours {
        let ok = c.range(
            &format!("{key}.gpu_hours"),
            gh / f64::from(job.gpus.max(1)),
            1.0 / 3_600.0,
            MAX_JOB_HOURS,
            "GPU-hours giving a duration from 1 s to 1,000 years",
        );
        (ok && fits).then(|| seconds_to_whole(gh * 3_600.0 / f64::from(job.gpus)))
    } else {
        model_duration(c, job.parameters, job.tokens, job.mfu, key).and_then(|(n, d, m)| {
            let hours = 6.0 * n * d
                / (f64::from(job.gpus.max(1)) * s.node.accelerator.peak_flops * m)
                / 3_600.0;
            let ok = c.range(
                &format!("{key}.parameters"),
                hours,
                0.0,
                MAX_JOB_HOURS,
                "a model size whose training lasts at most 1,000 years (6·N·D / (g·peak·MFU))",
            );
            (fits && ok)
                .then(|| duration_from_model_size(n, d, job.gpus, s.node.accelerator.peak_flops, m))
        })
    };
    if job.mfu.is_some() && job.parameters.is_none() {
        c.fail(
            &format!("{key}.mfu"),
            "only applies with parameters and tokens",
        );
    }
    let flex = resolve_flex(
        c,
        key,
        FlexInput {
            deadline_or_slack_hours: job.deadline_hours,
            deadline_key: "deadline_hours",
            allowed_sites: &job.allowed_sites,
            priority: job.priority,
            interruptible: job.interruptible,
            checkpoint_interval_hours: job.checkpoint_interval_hours,
            checkpoint_young_daly: job.checkpoint_young_daly,
            checkpoint_write_s: job.checkpoint_write_s,
            restart_s: job.restart_s,
        },
        sites,
    );
    if flex.allowed_sites & (1u64 << site.min(63)) == 0 {
        c.fail(
            &format!("{key}.site"),
            format!(
                "site '{}' is not among the job's allowed_sites",
                sites[site as usize].name
            ),
        );
    }
    if let (Some(d), Some(duration)) = (flex.deadline_s, duration)
        && d < duration
    {
        c.fail(
            &format!("{key}.deadline_hours"),
            format!(
                "{} h is shorter than the job itself ({} h)",
                d as f64 / 3_600.0,
                duration as f64 / 3_600.0
            ),
        );
    }
    if c.problems.len() > before {
        return None;
    }
    Some(FixedJobConfig {
        label: 0,
        site,
        arrival_s: (job.arrival_hours * 3_600.0).round() as u64,
        gpus: job.gpus,
        duration_s: duration?,
        gpu_utilization: job.gpu_utilization,
        flex,
    })
}

fn model_duration(
    c: &mut Checker,
    parameters: Option<f64>,
    tokens: Option<f64>,
    mfu: Option<f64>,
    key: &str,
) -> Option<(f64, f64, f64)> {
    let n = parameters.filter(|&n| c.positive(&format!("{key}.parameters"), n));
    let d = tokens.filter(|&d| c.positive(&format!("{key}.tokens"), d));
    if parameters.is_none() {
        c.fail(
            &format!("{key}.parameters"),
            "expected the parameter count with tokens",
        );
    }
    if tokens.is_none() {
        c.fail(
            &format!("{key}.tokens"),
            "expected the token count with parameters",
        );
    }
    let m = check_mfu(c, mfu, &format!("{key}.mfu"));
    Some((n?, d?, m?))
}

fn resolve_class(
    c: &mut Checker,
    class: &JobClass,
    key: &str,
    sites: &[SiteConfig],
    label: u32,
) -> Option<JobClassConfig> {
    let before = c.problems.len();
    let site = site_index(c, sites, &class.site, &format!("{key}.site"))?;
    let s = &sites[site as usize];
    if class.name.trim().is_empty() {
        c.fail(&format!("{key}.name"), "expected a non-empty name");
    }
    c.positive(&format!("{key}.share"), class.share);
    if class.gpus.is_empty() {
        c.fail(
            &format!("{key}.gpus"),
            "expected a non-empty list of GPU counts",
        );
    }
    for (j, &g) in class.gpus.iter().enumerate() {
        check_gpus(c, g, s, &format!("{key}.gpus[{j}]"));
    }
    check_utilization(c, class.gpu_utilization, &format!("{key}.gpu_utilization"));
    let lognormal =
        class.duration_lognormal_mu.is_some() || class.duration_lognormal_sigma.is_some();
    let model = class.parameters.is_some() || class.tokens.is_some();
    let duration = match (lognormal, model) {
        (true, false) => {
            if class.mfu.is_some() {
                c.fail(
                    &format!("{key}.mfu"),
                    "only applies with parameters and tokens",
                );
            }
            let mu = class.duration_lognormal_mu;
            let sigma = class.duration_lognormal_sigma;
            if mu.is_none() {
                c.fail(
                    &format!("{key}.duration_lognormal_mu"),
                    "expected with duration_lognormal_sigma",
                );
            }
            if sigma.is_none() {
                c.fail(
                    &format!("{key}.duration_lognormal_sigma"),
                    "expected with duration_lognormal_mu",
                );
            }
            let mu_ok = mu.is_some_and(|m| {
                c.range(
                    &format!("{key}.duration_lognormal_mu"),
                    m,
                    -10.0,
                    30.0,
                    "ln(seconds) from -10 to 30",
                )
            });
            let sigma_ok = sigma.is_some_and(|v| {
                c.range(
                    &format!("{key}.duration_lognormal_sigma"),
                    v,
                    0.0,
                    10.0,
                    "a σ from 0 to 10",
                )
            });
            let max_s = match class.duration_max_hours {
                Some(h) => c
                    .positive(&format!("{key}.duration_max_hours"), h)
                    .then(|| (h * 3_600.0).round().max(1.0) as u64),
                None => Some(u64::MAX),
            };
            match (mu, sigma, max_s) {
                (Some(mu), Some(sigma), Some(max_s)) if mu_ok && sigma_ok => {
                    Some(DurationModel::LogNormal { mu, sigma, max_s })
                }
                _ => None,
            }
        }
        (false, true) => {
            if class.duration_max_hours.is_some() {
                c.fail(
                    &format!("{key}.duration_max_hours"),
                    "only applies to log-normal durations",
                );
            }
            model_duration(c, class.parameters, class.tokens, class.mfu, key).map(
                |(parameters, tokens, mfu)| DurationModel::ModelSize {
                    parameters,
                    tokens,
                    mfu,
                    peak_flops: s.node.accelerator.peak_flops,
                },
            )
        }
        _ => {
            c.fail(
                key,
                "expected exactly one duration model: duration_lognormal_mu + duration_lognormal_sigma, or \
                 parameters + tokens + mfu",
            );
            None
        }
    };
    let flex = resolve_flex(
        c,
        key,
        FlexInput {
            deadline_or_slack_hours: class.slack_hours,
            deadline_key: "slack_hours",
            allowed_sites: &class.allowed_sites,
            priority: class.priority,
            interruptible: class.interruptible,
            checkpoint_interval_hours: class.checkpoint_interval_hours,
            checkpoint_young_daly: class.checkpoint_young_daly,
            checkpoint_write_s: class.checkpoint_write_s,
            restart_s: class.restart_s,
        },
        sites,
    );
    if flex.allowed_sites & (1u64 << site.min(63)) == 0 {
        c.fail(
            &format!("{key}.site"),
            format!(
                "site '{}' is not among the class's allowed_sites",
                sites[site as usize].name
            ),
        );
    }
    if c.problems.len() > before {
        return None;
    }
    Some(JobClassConfig {
        label,
        site,
        share: class.share,
        gpus: class.gpus.clone(),
        duration: duration?,
        gpu_utilization: class.gpu_utilization,
        flex,
    })
}

fn resolve_workload(
    c: &mut Checker,
    raw: &ScenarioFile,
    sites: &[SiteConfig],
    duration_s: Option<u64>,
) -> WorkloadConfig {
    let w = &raw.workload;
    let mut labels = Vec::new();
    let mut fixed = Vec::new();
    if w.jobs.is_empty() && w.classes.is_empty() {
        c.fail(
            "workload",
            "expected at least one [[workload.jobs]] or [[workload.classes]]",
        );
    }
    for (i, job) in w.jobs.iter().enumerate() {
        let key = format!("workload.jobs[{i}]");
        if let Some(mut f) = resolve_fixed(c, job, &key, sites, duration_s) {
            f.label = labels.len() as u32;
            labels.push(job.name.clone().unwrap_or_else(|| format!("job-{i}")));
            for _ in 0..job.count {
                fixed.push(f);
            }
        }
    }
    fixed.sort_by_key(|f| f.arrival_s);
    let synthetic = if w.classes.is_empty() {
        if w.arrivals.is_some() {
            c.fail(
                "workload.arrivals",
                "only applies with [[workload.classes]]",
            );
        }
        None
    } else {
        if duration_s.is_none() {
            c.fail(
                "simulation.duration_days",
                "expected a window length: synthetic arrivals ([[workload.classes]]) need one",
            );
        }
        let rate_per_s = match &w.arrivals {
            None => {
                c.fail(
                    "workload.arrivals",
                    "expected jobs_per_day or jobs_per_year for [[workload.classes]]",
                );
                None
            }
            Some(a) => match (a.jobs_per_day, a.jobs_per_year) {
                (Some(d), None) => c
                    .positive("workload.arrivals.jobs_per_day", d)
                    .then(|| d / 86_400.0),
                (None, Some(y)) => c
                    .positive("workload.arrivals.jobs_per_year", y)
                    .then(|| y / (365.0 * 86_400.0)),
                _ => {
                    c.fail(
                        "workload.arrivals",
                        "expected exactly one of jobs_per_day or jobs_per_year",
                    );
                    None
                }
            },
        };
        let mut classes = Vec::new();
        for (i, class) in w.classes.iter().enumerate() {
            let label = labels.len() as u32;
            if let Some(cfg) =
                resolve_class(c, class, &format!("workload.classes[{i}]"), sites, label)
            {
                labels.push(class.name.clone());
                classes.push(cfg);
            }
        }
        if let (Some(rate), Some(window)) = (rate_per_s, duration_s)
            && rate * window as f64 > MAX_EXPECTED_ARRIVALS
        {
            c.fail(
                "workload.arrivals",
                format!("{:.3e} expected arrivals in the window: expected at most {MAX_EXPECTED_ARRIVALS:.0e}", rate * window as f64),
            );
        }
        rate_per_s.map(|rate_per_s| SyntheticConfig {
            rate_per_s,
            classes,
        })
    };
    WorkloadConfig {
        labels,
        fixed,
        synthetic,
    }
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
            if !JOB_NUMERIC_COLUMNS.contains(&e.metric.as_str()) {
                c.fail(
                    &format!("{key}.metric"),
                    format!(
                        "expected a numeric jobs.csv column: {}",
                        JOB_NUMERIC_COLUMNS.join(", ")
                    ),
                );
            }
        }
        None => {
            if !METRICS.iter().any(|(m, _)| *m == e.metric) {
                let names: Vec<&str> = METRICS.iter().map(|(m, _)| *m).collect();
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

/// The operations fields shared by fixed jobs and classes.
struct FlexInput<'a> {
    deadline_or_slack_hours: Option<f64>,
    deadline_key: &'static str,
    allowed_sites: &'a Option<Vec<String>>,
    priority: u8,
    interruptible: bool,
    checkpoint_interval_hours: Option<f64>,
    checkpoint_young_daly: bool,
    checkpoint_write_s: Option<f64>,
    restart_s: Option<f64>,
}

/// Default checkpoint write time, s: an assumption (Llama 3 checkpoints are 1 MB–4 GB per
/// GPU, `shared/data/failures/training_run_interruptions.csv`, which parallel file
/// systems write in well under a minute).
pub const DEFAULT_CHECKPOINT_WRITE_S: f64 = 60.0;
/// Default time from an interruption to computing again, s: an assumption (detection,
/// swapping the node and reloading; BLOOM lost 1.5 h per crash on average including lost
/// work, `training_run_interruptions.csv`).
pub const DEFAULT_RESTART_S: f64 = 600.0;

fn resolve_flex(c: &mut Checker, key: &str, f: FlexInput<'_>, sites: &[SiteConfig]) -> Flexibility {
    let deadline_s = f.deadline_or_slack_hours.and_then(|h| {
        c.range(
            &format!("{key}.{}", f.deadline_key),
            h,
            0.0,
            MAX_DAYS * 24.0,
            "hours ≥ 0",
        )
        .then(|| (h * 3_600.0).round() as u64)
    });
    let allowed_sites = match f.allowed_sites {
        None => u64::MAX,
        Some(names) => {
            let mut mask = 0u64;
            for (j, n) in names.iter().enumerate() {
                match sites.iter().position(|s| &s.name == n) {
                    Some(i) if i < 64 => mask |= 1 << i,
                    _ => c.fail(
                        &format!("{key}.allowed_sites[{j}]"),
                        format!("no site named '{n}'"),
                    ),
                }
            }
            if names.is_empty() {
                c.fail(
                    &format!("{key}.allowed_sites"),
                    "expected at least one site",
                );
            }
            mask
        }
    };
    let interval = match (f.checkpoint_interval_hours, f.checkpoint_young_daly) {
        (Some(_), true) => {
            c.fail(
                key,
                "give checkpoint_interval_hours or checkpoint_young_daly, not both",
            );
            CheckpointInterval::Never
        }
        (Some(h), false) => {
            c.positive(&format!("{key}.checkpoint_interval_hours"), h);
            CheckpointInterval::Fixed(h * 3_600.0)
        }
        (None, true) => CheckpointInterval::YoungDaly,
        (None, false) => CheckpointInterval::Never,
    };
    let write = f.checkpoint_write_s.unwrap_or(DEFAULT_CHECKPOINT_WRITE_S);
    let restart = f.restart_s.unwrap_or(DEFAULT_RESTART_S);
    c.range(
        &format!("{key}.checkpoint_write_s"),
        write,
        0.0,
        86_400.0,
        "seconds from 0 to 86400",
    );
    c.range(
        &format!("{key}.restart_s"),
        restart,
        0.0,
        30.0 * 86_400.0,
        "seconds from 0 to 30 days",
    );
    if f.interruptible && deadline_s.is_none() {
        c.fail(
            &format!("{key}.interruptible"),
            format!("only applies to deferrable jobs (with {})", f.deadline_key),
        );
    }
    Flexibility {
        deadline_s,
        allowed_sites,
        priority: f.priority,
        interruptible: f.interruptible,
        checkpoint: CheckpointPolicy {
            interval,
            write_s: write.round() as u64,
            restart_s: restart.round() as u64,
        },
    }
}

fn objective(
    c: &mut Checker,
    key: &str,
    name: ObjectiveName,
    weights: Option<&ObjectiveWeights>,
) -> Objective {
    match (name, weights) {
        (ObjectiveName::Carbon, _) => Objective::Carbon,
        (ObjectiveName::Water, _) => Objective::Water,
        (ObjectiveName::Cost, _) => Objective::Cost,
        (ObjectiveName::Weighted, Some(w)) => {
            for (k, v) in [("carbon", w.carbon), ("water", w.water), ("cost", w.cost)] {
                c.non_negative(&format!("{key}.weights.{k}"), v);
            }
            if w.carbon + w.water + w.cost <= 0.0 {
                c.fail(
                    &format!("{key}.weights"),
                    "expected at least one positive weight",
                );
            }
            Objective::Weighted {
                carbon: w.carbon,
                water: w.water,
                cost: w.cost,
            }
        }
        (ObjectiveName::Weighted, None) => {
            c.fail(
                &format!("{key}.weights"),
                "expected { carbon = ..., water = ..., cost = ... } with objective = \"weighted\"",
            );
            Objective::Carbon
        }
    }
}

fn resolve_operations(c: &mut Checker, s: &SchedulerSection) -> Operations {
    let temporal = s.temporal.as_ref().map(|t| {
        let forecast = match (t.forecast, t.forecast_error_sd) {
            (ForecastName::Gaussian, Some(sd)) => {
                c.range(
                    "scheduler.temporal.forecast_error_sd",
                    sd,
                    0.0,
                    10.0,
                    "a relative sd from 0 to 10",
                );
                ForecastError::Gaussian { relative_sd: sd }
            }
            (ForecastName::Gaussian, None) => {
                c.fail(
                    "scheduler.temporal.forecast_error_sd",
                    "expected with forecast = \"gaussian\"",
                );
                ForecastError::Perfect
            }
            (_, Some(_)) => {
                c.fail(
                    "scheduler.temporal.forecast_error_sd",
                    "only applies with forecast = \"gaussian\"",
                );
                ForecastError::Perfect
            }
            (ForecastName::Perfect, None) => ForecastError::Perfect,
            (ForecastName::Persistence, None) => ForecastError::Persistence,
        };
        let slack_reserve = t.slack_reserve.unwrap_or(DEFAULT_SLACK_RESERVE);
        c.range(
            "scheduler.temporal.slack_reserve",
            slack_reserve,
            0.0,
            1.0,
            "a fraction from 0 to 1",
        );
        TemporalConfig {
            objective: objective(c, "scheduler.temporal", t.objective, t.weights.as_ref()),
            forecast,
            allow_pause: t.allow_pause,
            slack_reserve,
        }
    });
    let spatial = s.spatial.as_ref().map(|sp| {
        c.range(
            "scheduler.spatial.transfer_delay_hours",
            sp.transfer_delay_hours,
            0.0,
            24.0 * 365.0,
            "hours ≥ 0",
        );
        let weights = s.temporal.as_ref().and_then(|t| t.weights.as_ref());
        SpatialConfig {
            objective: objective(c, "scheduler.spatial", sp.objective, weights),
            transfer_delay_s: (sp.transfer_delay_hours * 3_600.0).round() as u64,
        }
    });
    if let (Some(t), Some(sp)) = (&temporal, &spatial)
        && t.objective != sp.objective
    {
        c.fail(
            "scheduler.spatial.objective",
            "must equal scheduler.temporal.objective (one forecast per site)",
        );
    }
    let depth = s.backfill_depth.unwrap_or(DEFAULT_BACKFILL_DEPTH);
    if depth == 0 {
        c.fail("scheduler.backfill_depth", "expected at least 1");
    }
    Operations {
        priority: s.priority,
        backfill_depth: depth,
        temporal,
        spatial,
    }
}
