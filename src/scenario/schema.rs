//! The scenario file as written: TOML, one struct per table, unknown keys rejected.
//!
//! Every key is documented in `docs/scenario.md`. Units are in key names. These structs
//! only mirror the file; [`super::resolve`] checks values and builds the model inputs.

use schemars::JsonSchema;
use serde::Deserialize;
use std::path::PathBuf;

/// The whole file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// `[simulation]`: time window, seed, name.
    pub simulation: SimulationSection,
    /// `[scheduler]`: queueing policy.
    #[serde(default)]
    pub scheduler: SchedulerSection,
    /// `[[sites]]`: one or more datacenters.
    pub sites: Vec<SiteSection>,
    /// `[workload]`: fixed jobs and synthetic job classes (built by the projection when a
    /// `[projection]` is given).
    #[serde(default)]
    pub workload: WorkloadSection,
    /// `[output]`: which files to write.
    #[serde(default)]
    pub output: OutputSection,
    /// `[[expect]]`: published figures this scenario must reproduce (`footprint validate`).
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// `[comparison]`: which sweep point the others are compared with.
    #[serde(default)]
    pub comparison: ComparisonSection,
    /// `[projection]`: run a range of years with a growing workload (`crate::projection`).
    pub projection: Option<super::projection_schema::ProjectionSection>,
}

/// `[comparison]`: the baseline of `comparisons.csv`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparisonSection {
    /// The baseline point: its full name (`policy=fifo;site=de`) or, with one sweep
    /// dimension, its value name (`fifo`). Default: the first point.
    pub baseline: Option<String>,
}

/// A published figure that a reference scenario must reproduce.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Case id, e.g. `V01`.
    pub case: String,
    /// What the figure is.
    pub what: String,
    /// A metric of `summary.csv` (with `scope`), or a column of `jobs.csv` (with `job`).
    pub metric: String,
    /// Scope of a summary metric: `total` (default) or `site:<name>`.
    pub scope: Option<String>,
    /// Name of the job whose `jobs.csv` column `metric` is compared.
    pub job: Option<String>,
    /// The published value.
    pub published: f64,
    /// Relative tolerance, e.g. 0.001 for ±0.1%.
    pub tolerance: f64,
    /// Factor applied to the simulated value first (unit conversion, e.g. 2.20462 kg → lb).
    #[serde(default = "one_f")]
    pub scale: f64,
    /// When set, compare `numerator / (scale × simulated)` (e.g. requests per 500 mL).
    pub numerator: Option<f64>,
    /// Where the published figure comes from.
    pub source: String,
}

/// `[simulation]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationSection {
    /// Short name used for the run folder; defaults to the file stem.
    pub name: Option<String>,
    /// Free text shown in the manifest.
    pub description: Option<String>,
    /// UTC start instant, on a whole hour, e.g. `2023-01-01T00:00:00Z`.
    pub start: String,
    /// Length of the simulated window, days. Optional when the workload is only fixed jobs:
    /// the run then lasts until the last job ends.
    pub duration_days: Option<f64>,
    /// Keep simulating after the window until every submitted job has finished.
    #[serde(default)]
    pub drain: bool,
    /// Base seed of all random streams.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_seed() -> u64 {
    1
}

/// Scheduling policies.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyName {
    /// Strict first-come first-served: the head of the queue blocks everything behind it.
    #[default]
    Fifo,
    /// EASY backfill (Lifka 1995): later jobs may start if they do not delay the head.
    EasyBackfill,
}

/// `[scheduler]`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchedulerSection {
    /// `"fifo"` (default) or `"easy_backfill"`.
    #[serde(default)]
    pub policy: PolicyName,
    /// Order queues by job priority first (priority classes).
    #[serde(default)]
    pub priority: bool,
    /// Jobs behind the head that EASY considers per pass (default 100).
    pub backfill_depth: Option<usize>,
    /// `[scheduler.temporal]`: carbon-, water- or cost-aware temporal shifting.
    pub temporal: Option<TemporalSection>,
    /// `[scheduler.spatial]`: spatial shifting across sites.
    pub spatial: Option<SpatialSection>,
}

/// What shifting minimises.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveName {
    /// PUE × carbon intensity.
    #[default]
    Carbon,
    /// PUE × marginal carbon intensity (every site needs a marginal source).
    CarbonMarginal,
    /// WUE + PUE × EWIF.
    Water,
    /// PUE × electricity price.
    Cost,
    /// 24/7 CFE: chase contracted clean supply and a clean grid.
    Cfe,
    /// Weighted sum (`weights`).
    Weighted,
}

/// Forecast error models.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ForecastName {
    /// Day-ahead forecasts issued daily, with a per-issue bias and an AR(1) hourly error
    /// growing with lead time (the default).
    #[default]
    DayAhead,
    /// The real series.
    Perfect,
    /// Gaussian relative error (`forecast_error_sd`), independent per hour.
    Gaussian,
    /// Same hour of the last day before the daily issue.
    Persistence,
}

/// Weights of a weighted objective.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveWeights {
    /// Weight of carbon.
    #[serde(default)]
    pub carbon: f64,
    /// Weight of water.
    #[serde(default)]
    pub water: f64,
    /// Weight of cost.
    #[serde(default)]
    pub cost: f64,
}

/// `[scheduler.temporal]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemporalSection {
    /// `carbon` (default), `water`, `cost` or `weighted`.
    #[serde(default)]
    pub objective: ObjectiveName,
    /// With `objective = "weighted"`.
    pub weights: Option<ObjectiveWeights>,
    /// `day_ahead` (default), `perfect`, `gaussian` or `persistence`.
    #[serde(default)]
    pub forecast: ForecastName,
    /// Relative sd of the Gaussian forecast error.
    pub forecast_error_sd: Option<f64>,
    /// Day-ahead: mean absolute percentage error (fractions) of lead days 1 to 4.
    pub forecast_mape_by_day: Option<[f64; 4]>,
    /// Day-ahead: share of the day-1 error variance that is a per-issue bias.
    pub forecast_bias_share: Option<f64>,
    /// Day-ahead: lag-1 autocorrelation of the hourly error.
    pub forecast_hourly_autocorrelation: Option<f64>,
    /// Pause and resume interruptible jobs (default true).
    #[serde(default = "yes")]
    pub allow_pause: bool,
    /// Fraction of each job's slack kept for queueing (default 0.5).
    pub slack_reserve: Option<f64>,
}

/// `[scheduler.spatial]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpatialSection {
    /// `carbon` (default), `water`, `cost` or `weighted` (weights from the temporal table).
    #[serde(default)]
    pub objective: ObjectiveName,
    /// Delay before a job sent to another site can start there, hours (default 0).
    #[serde(default)]
    pub transfer_delay_hours: f64,
}

/// `[[sites]]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteSection {
    /// Unique site name.
    pub name: String,
    /// IANA time zone of the site's clock, e.g. `Europe/Berlin` (default UTC): the hours of
    /// `power_cap.daily_windows_local` are read on it, daylight saving included.
    pub timezone: Option<String>,
    /// Power usage effectiveness (facility energy / IT energy), constant, ≥ 1; or give
    /// `[sites.cooling]` for an hourly PUE from the weather.
    pub pue: Option<f64>,
    /// On-site water per kWh of IT energy, L/kWh, constant (default 0; with `pue`).
    pub wue_l_per_kwh: Option<f64>,
    /// `[sites.cooling]`: a cooling system whose PUE and WUE follow the weather.
    pub cooling: Option<CoolingSection>,
    /// `[sites.weather]`: hourly outdoor temperature and humidity.
    pub weather: Option<WeatherSection>,
    /// Always-on power outside the nodes (storage, network, spare nodes), W; counted as
    /// idle (default 0).
    #[serde(default)]
    pub always_on_power_w: f64,
    /// `[sites.cost]`: electricity price and hardware cost.
    #[serde(default)]
    pub cost: CostSection,
    /// `[sites.grid]`: the electricity supply.
    pub grid: GridSection,
    /// `[sites.cluster]`: the GPU cluster.
    pub cluster: ClusterSection,
    /// `[sites.embodied]`: amortisation of embodied emissions.
    #[serde(default)]
    pub embodied: EmbodiedSection,
    /// `[sites.water]`: hydro allocation, withdrawal and scarcity conventions.
    #[serde(default)]
    pub water: crate::scenario::water_schema::WaterSection,
    /// `[sites.failures]`: accelerator failures (absent: none).
    pub failures: Option<FailuresSection>,
    /// `[sites.power_cap]`: accelerator power cap (absent: none).
    pub power_cap: Option<PowerCapSection>,
    /// Grid-connection limit, kW: hours whose mean facility power exceeds it are counted
    /// (absent: no limit).
    pub grid_connection_limit_kw: Option<f64>,
    /// `[sites.procurement]`: contractual instruments for market-based Scope 2.
    #[serde(default)]
    pub procurement: super::carbon_schema::ProcurementSection,
    /// `[sites.scope1]`: refrigerant leakage and generator tests (absent: none).
    #[serde(default)]
    pub scope1: super::carbon_schema::Scope1Section,
}

/// `[sites.failures]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailuresSection {
    /// Failures per accelerator-hour (default: Llama 3 405B, 1.973e-5).
    pub rate_per_gpu_hour: Option<f64>,
    /// Weibull shape of times between failures (absent: exponential).
    pub weibull_shape: Option<f64>,
    /// Published record to start from: `llama3-405b` (default), `opt-175b`, `rsc-1`, `rsc-2`.
    pub preset: Option<String>,
    /// Share of failures confined to one accelerator.
    pub gpu_share: Option<f64>,
    /// Share of failures that take out a whole node.
    pub node_share: Option<f64>,
    /// Share of failures that take out every node behind one switch.
    pub switch_share: Option<f64>,
    /// Accelerators behind one switch.
    pub gpus_per_switch: Option<u32>,
}

/// `[sites.power_cap]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerCapSection {
    /// Cap per accelerator while computing, W.
    pub gpu_cap_w: f64,
    /// Daily windows `[[start_hour, end_hour], ...]` (UTC) when the cap applies.
    pub daily_windows_utc: Option<Vec<[u32; 2]>>,
    /// Daily windows `[[start_hour, end_hour], ...]` in the site's local time (its
    /// `timezone`), e.g. `[[17, 21]]` for a 17:00–21:00 peak across daylight saving.
    pub daily_windows_local: Option<Vec<[u32; 2]>>,
    /// Apply the cap only in hours with carbon intensity above this, gCO2e/kWh.
    pub carbon_above_g_per_kwh: Option<f64>,
    /// Static power that does not follow the clock, W (default: the accelerator's idle power).
    pub static_power_w: Option<f64>,
    /// Exponent α of dynamic power in the clock, `P_dyn ∝ f^α` (default 3).
    pub dvfs_exponent: Option<f64>,
    /// Share of step time that scales with the clock (default 0.72, McDonald et al. 2022).
    pub compute_bound_share: Option<f64>,
}

/// `[sites.cooling]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoolingSection {
    /// `water_cooled_chiller`, `chiller_waterside_economizer`, `airside_economizer_adiabatic`,
    /// `air_cooled_chiller` or `direct_liquid_cooling`.
    pub system: String,
    /// IT load as a fraction of the cooling design load (default 0.7).
    pub load_fraction: Option<f64>,
    /// `[sites.cooling.parameters]`: replace the system's large-site defaults (nested tables
    /// as in `docs/models-weather-cooling.md`, e.g. `electrical.ups_efficiency`).
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub parameters: Option<toml::Table>,
    /// `[sites.cooling.part_load]`: how PUE and WUE follow the hour's IT load (see
    /// [`crate::site::cooling::PartLoad`]; on by default).
    pub part_load: Option<crate::site::cooling::PartLoad>,
}

/// `[sites.weather]`: exactly one source.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeatherSection {
    /// Synthetic climate preset (`US-CAL-CISO`, `DE-LU`, `US-TEX-ERCO`).
    pub preset: Option<String>,
    /// Open-Meteo hourly JSON (the format of `shared/data/weather`).
    pub open_meteo_json: Option<PathBuf>,
    /// CSV with `time_utc,dry_bulb_c,relative_humidity_pct`.
    pub csv: Option<PathBuf>,
    /// Elevation of the site above sea level, m (−430 to 8,849): sets the barometric
    /// pressure of the psychrometrics and air densities. Default: the file's `elevation`
    /// (Open-Meteo), the preset's, or 0 for a CSV.
    pub elevation_m: Option<f64>,
    /// Warming of a preset's climate, °C per decade after its calibration year (or
    /// `warming_base_year`); dry-bulb and dew point move together. Default: none.
    pub warming_c_per_decade: Option<f64>,
    /// With `warming_target_anomaly_c`: the year that is that much warmer than the base year
    /// (the rate follows); instead of `warming_c_per_decade`.
    pub warming_target_year: Option<i32>,
    /// Warming of `warming_target_year` over the base year, °C.
    pub warming_target_anomaly_c: Option<f64>,
    /// Year whose climate is the preset's (default: the preset's calibration year).
    pub warming_base_year: Option<i32>,
}

/// Water use of hydropower in the generation mix.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HydroWaterName {
    /// None (Li et al. 2023).
    #[default]
    Zero,
    /// Reservoir evaporation, 17 L/kWh (Macknick et al. 2012).
    ReservoirEvaporation,
}

pub use crate::site::grid::CiColumn;

/// `[sites.grid]`: exactly one of a constant or a CSV series.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridSection {
    /// Constant carbon intensity, gCO2e per kWh.
    pub carbon_intensity_g_per_kwh: Option<f64>,
    /// Hourly CSV in the Electricity Maps format (path relative to the scenario file).
    pub carbon_intensity_csv: Option<PathBuf>,
    /// Column of that CSV: `"lca"` (default) or `"direct"`.
    pub carbon_intensity_column: Option<CiColumn>,
    /// Hourly marginal (consequential) carbon intensity: CSV with columns `time_utc` and
    /// `marginal_carbon_intensity_g_per_kwh` (path relative to the scenario file). With
    /// any carbon-intensity source; replaces a preset's merit-order margin.
    pub marginal_carbon_intensity_csv: Option<PathBuf>,
    /// Synthetic hourly generation mix calibrated to a region (`US-CAL-CISO`, `DE-LU`,
    /// `CA-ON`, `ZA`, `US-TEX-ERCO`).
    pub preset: Option<String>,
    /// Hourly generation by source, EIA-930 columns (`WND,SUN,WAT,OIL,NG,COL,NUC,OTH`).
    pub genmix_csv: Option<PathBuf>,
    /// Emission factor set for a generation mix (default: the preset's own lifecycle or
    /// direct factors; `carbon_explorer` for `genmix_csv`).
    pub emission_factors: Option<String>,
    /// Water factor set for a generation mix (default `macknick_fleet_median`).
    pub water_factors: Option<String>,
    /// Hydropower water: `zero` (default, Li et al.) or `reservoir_evaporation`.
    pub hydro_water: Option<HydroWaterName>,
    /// Yearly relative fall of carbon intensity, e.g. 0.05 for −5%/year (default 0).
    pub decarbonization_per_year: Option<f64>,
    /// Year whose intensity is unchanged by the trend (default: the start year).
    pub decarbonization_base_year: Option<i32>,
    /// With `preset`: follow the region's built-in, sourced capacity plan (solar, wind,
    /// coal and storage by year; `DE-LU`, `US-CAL-CISO` and `ZA`). Default false: the
    /// calibration year's fleet.
    pub capacity_plan: Option<bool>,
    /// With `preset`: installed capacity by year as multipliers of the calibrated fleets
    /// (and storage added, MW), replacing any built-in plan.
    pub capacity_trajectory: Option<crate::site::grid::trajectory::CapacityTrajectory>,
    /// Off-site water intensity of electricity (EWIF), L per kWh, constant (default: from
    /// the generation mix, else 0).
    pub ewif_l_per_kwh: Option<f64>,
    /// Combustion-only carbon intensity with `carbon_intensity_g_per_kwh`, gCO2e/kWh
    /// (default: the same value, no upstream share).
    pub carbon_intensity_direct_g_per_kwh: Option<f64>,
    /// Transmission and distribution losses, share of generation (default: the region
    /// preset's, else 0).
    pub td_loss_fraction: Option<f64>,
    /// Carbon-free share of the grid's supply, constant (default: from the generation mix,
    /// else 0).
    pub grid_cfe_share: Option<f64>,
    /// Per-fuel emission factors replacing those of the set, by source name.
    pub fuel_factors: Option<std::collections::BTreeMap<String, super::carbon_schema::FuelFactor>>,
}

/// `[sites.cost]`: what electricity and accelerators cost.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostSection {
    /// Constant electricity price, USD/MWh (default 0).
    pub electricity_usd_per_mwh: Option<f64>,
    /// Hourly prices: CSV with columns `time_utc,price_usd_per_mwh`.
    pub electricity_price_csv: Option<PathBuf>,
    /// Purchase cost of one accelerator with its share of the server, USD; amortised like
    /// embodied carbon (lifetime × utilisation).
    pub gpu_capex_usd: Option<f64>,
    /// Cloud price of one accelerator-hour, USD (alternative to `gpu_capex_usd`).
    pub cloud_usd_per_gpu_hour: Option<f64>,
}

/// `[sites.cluster]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterSection {
    /// Number of nodes.
    pub nodes: u32,
    /// Accelerators per node.
    pub gpus_per_node: u32,
    /// Accelerator name from the catalog (`footprint catalog`), or any name when
    /// `accelerator_overrides` gives every field.
    pub accelerator: String,
    /// Host power of a node with no allocated accelerator, W.
    pub host_idle_power_w: f64,
    /// Host power of a node with at least one allocated accelerator, W.
    pub host_busy_power_w: f64,
    /// Embodied emissions of one server without its accelerators, kgCO2e.
    /// Default 2,500 (BLOOM, Luccioni et al. 2022).
    #[serde(default = "default_server_embodied")]
    pub server_embodied_kg_co2e: f64,
    /// Abiotic depletion (minerals) of one server without its accelerators, kg Sb-eq.
    /// Default 0.37 (EcoLogits' AWS p5.48xlarge host without GPUs, via BoaviztAPI).
    pub server_adp_kg_sb_eq: Option<f64>,
    /// Fab water of one server without its accelerators, L. Default: two 588 mm² host CPU
    /// dies by the TSMC method (`docs/accounting-water-materials.md`).
    pub server_embodied_water_l: Option<f64>,
    /// `[sites.cluster.accelerator_overrides]`: replace catalog values.
    #[serde(default)]
    pub accelerator_overrides: AcceleratorOverrides,
}

fn default_server_embodied() -> f64 {
    2_500.0
}

/// Overrides of catalog values for the cluster's accelerator; all optional.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceleratorOverrides {
    /// Peak dense BF16/FP16 throughput, TFLOP/s.
    pub peak_tflops: Option<f64>,
    /// Thermal design power, W.
    pub tdp_w: Option<f64>,
    /// Idle power, W.
    pub idle_power_w: Option<f64>,
    /// Power at utilisation 1, W (default: TDP).
    pub max_power_w: Option<f64>,
    /// Power while checkpointing, W (default: 15% of TDP).
    pub checkpoint_power_w: Option<f64>,
    /// Exponent k of `idle + (max − idle)·u^k` (default 1).
    pub power_exponent: Option<f64>,
    /// Piecewise-linear curve `[[u, watts], ...]` from u = 0 to u = 1; replaces the
    /// polynomial.
    pub power_curve: Option<Vec<[f64; 2]>>,
    /// Embodied emissions per accelerator, kgCO2e (required for an accelerator not in the
    /// catalog).
    pub embodied_kg_co2e: Option<f64>,
    /// Abiotic depletion (minerals) per accelerator, kg Sb-eq (required for an accelerator
    /// not in the catalog).
    pub adp_kg_sb_eq: Option<f64>,
    /// Fab water per accelerator, L (required for an accelerator not in the catalog).
    pub embodied_water_l: Option<f64>,
    /// `[sites.cluster.accelerator_overrides.boavizta]`: the card's parts; its carbon and
    /// ADP are then Boavizta's bottom-up GPU model of them (instead of the catalog's).
    pub boavizta: Option<crate::hardware::embodied::BoaviztaGpuInputs>,
    /// Lowest power limit the driver accepts, W (default: catalog; none when unpublished).
    pub min_power_limit_w: Option<f64>,
    /// Highest power limit the driver accepts, W (default: catalog; none when unpublished).
    pub max_power_limit_w: Option<f64>,
}

/// `[sites.embodied]`: how embodied emissions are amortised (BLOOM defaults).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbodiedSection {
    /// Hardware lifetime, years (default 6).
    #[serde(default = "default_lifetime")]
    pub lifetime_years: f64,
    /// Expected average utilisation over the lifetime, fraction (default 0.85).
    #[serde(default = "default_lifetime_utilization")]
    pub lifetime_utilization: f64,
}

fn default_lifetime() -> f64 {
    6.0
}
fn default_lifetime_utilization() -> f64 {
    0.85
}

impl Default for EmbodiedSection {
    fn default() -> Self {
        EmbodiedSection {
            lifetime_years: default_lifetime(),
            lifetime_utilization: default_lifetime_utilization(),
        }
    }
}

/// `[workload]`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSection {
    /// `[[workload.jobs]]`: jobs given one by one.
    #[serde(default)]
    pub jobs: Vec<FixedJob>,
    /// `[[workload.classes]]`: synthetic job classes, mixed by `share`.
    #[serde(default)]
    pub classes: Vec<JobClass>,
    /// `[workload.arrivals]`: arrival process of synthetic jobs.
    pub arrivals: Option<ArrivalsSection>,
    /// A job trace to replay: CSV with `arrival_s`, `gpus`, `duration_s` (and optionally
    /// `name`, `site`, `gpu_utilization`), relative to the scenario file.
    pub trace_csv: Option<PathBuf>,
    /// `[workload.trace]`: a job log to replay in one of several formats.
    pub trace: Option<TraceSection>,
}

/// Formats of a job log.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceFormat {
    /// footprint's CSV: `arrival_s`, `gpus`, `duration_s` (as `trace_csv`).
    #[default]
    Csv,
    /// A `jobs.csv` written by footprint: one replication of it.
    JobsCsv,
    /// Slurm `sacct --parsable2` output.
    Sacct,
    /// The Standard Workload Format of the Parallel Workloads Archive.
    Swf,
}

/// `[workload.trace]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceSection {
    /// The log, relative to the scenario file.
    pub path: PathBuf,
    /// `csv` (default), `jobs_csv`, `sacct` or `swf`.
    #[serde(default)]
    pub format: TraceFormat,
    /// `sacct`: IANA time zone of the log's `Submit` times (the clock of the machine that ran
    /// sacct). Required with `sacct`.
    pub timezone: Option<String>,
    /// `jobs_csv`: the sweep point whose jobs are replayed (default: the first row's).
    pub point: Option<String>,
    /// `jobs_csv`: the replication whose jobs are replayed (default: the first row's).
    pub replication: Option<u64>,
    /// `sacct` and `swf`: site of the replayed jobs (default: the first site).
    pub site: Option<String>,
}

/// One explicitly given job (or `count` identical ones).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixedJob {
    /// Name in `jobs.csv`.
    pub name: Option<String>,
    /// How many identical copies, submitted together (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Submission time, hours after the start (default 0).
    #[serde(default)]
    pub arrival_hours: f64,
    /// Accelerators used (gang-scheduled).
    pub gpus: u32,
    /// Site name (default: the first site).
    pub site: Option<String>,
    /// Accelerator utilisation while computing, for the power curve (default 1).
    #[serde(default = "one_f")]
    pub gpu_utilization: f64,
    /// Wall-clock compute time, hours.
    pub duration_hours: Option<f64>,
    /// Accelerator-hours (duration = gpu_hours / gpus).
    pub gpu_hours: Option<f64>,
    /// Model parameters N (with `tokens` and `mfu`: duration = 6·N·D / (g·peak·MFU)).
    pub parameters: Option<f64>,
    /// Training tokens D.
    pub tokens: Option<f64>,
    /// Model FLOPs utilisation, in (0, 1].
    pub mfu: Option<f64>,
    /// Latest completion, hours after arrival: the job is deferrable.
    pub deadline_hours: Option<f64>,
    /// Sites the job may run at (data residency; default all).
    pub allowed_sites: Option<Vec<String>>,
    /// Priority class (higher first with `scheduler.priority`; default 0).
    #[serde(default)]
    pub priority: u8,
    /// May be paused and resumed at checkpoints by temporal shifting (default false).
    #[serde(default)]
    pub interruptible: bool,
    /// Checkpoint every this many hours of compute.
    pub checkpoint_interval_hours: Option<f64>,
    /// Checkpoint at the Young/Daly optimum for the site's failure rate.
    #[serde(default)]
    pub checkpoint_young_daly: bool,
    /// Time to write a checkpoint, s (default 60).
    pub checkpoint_write_s: Option<f64>,
    /// Time from an interruption (or a resume) to computing again, s (default 600).
    pub restart_s: Option<f64>,
}

fn one() -> u32 {
    1
}
fn one_f() -> f64 {
    1.0
}

/// One synthetic job class.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobClass {
    /// Class name in `jobs.csv`.
    pub name: String,
    /// Relative weight among classes (normalised).
    pub share: f64,
    /// GPU counts, chosen uniformly.
    pub gpus: Vec<u32>,
    /// Site name (default: the first site).
    pub site: Option<String>,
    /// Accelerator utilisation while computing (default 1).
    #[serde(default = "one_f")]
    pub gpu_utilization: f64,
    /// μ of the log-normal duration, ln(seconds).
    pub duration_lognormal_mu: Option<f64>,
    /// σ of the log-normal duration, ln(seconds).
    pub duration_lognormal_sigma: Option<f64>,
    /// Cap on durations, hours.
    pub duration_max_hours: Option<f64>,
    /// Model parameters N (alternative to a duration distribution).
    pub parameters: Option<f64>,
    /// Training tokens D.
    pub tokens: Option<f64>,
    /// Model FLOPs utilisation.
    pub mfu: Option<f64>,
    /// Slack beyond the job's duration, hours: deadline = arrival + duration + slack.
    pub slack_hours: Option<f64>,
    /// Sites the job may run at (data residency; default all).
    pub allowed_sites: Option<Vec<String>>,
    /// Priority class (higher first with `scheduler.priority`; default 0).
    #[serde(default)]
    pub priority: u8,
    /// May be paused and resumed at checkpoints by temporal shifting (default false).
    #[serde(default)]
    pub interruptible: bool,
    /// Checkpoint every this many hours of compute.
    pub checkpoint_interval_hours: Option<f64>,
    /// Checkpoint at the Young/Daly optimum for the site's failure rate.
    #[serde(default)]
    pub checkpoint_young_daly: bool,
    /// Time to write a checkpoint, s (default 60).
    pub checkpoint_write_s: Option<f64>,
    /// Time from an interruption (or a resume) to computing again, s (default 600).
    pub restart_s: Option<f64>,
}

/// `[workload.arrivals]`: Poisson arrivals at a constant rate.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrivalsSection {
    /// Mean arrivals per day.
    pub jobs_per_day: Option<f64>,
    /// Mean arrivals per year (365 days).
    pub jobs_per_year: Option<f64>,
    /// Built-in weekly submission profile: `helios-venus` (Helios Venus cluster, 2020).
    pub profile: Option<String>,
    /// Your own weekly profile: 168 factors, Monday 00:00 to Sunday 23:00 local time.
    pub weekly_profile: Option<Vec<f64>>,
    /// Local time of the profile = UTC + this many hours (default 0; Helios is +8).
    pub utc_offset_hours: Option<i64>,
    /// IANA time zone of the profile's clock, e.g. `America/New_York` (instead of
    /// `utc_offset_hours`; follows daylight saving).
    pub timezone: Option<String>,
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSection {
    /// Write `jobs.csv` (one row per job; large for big workloads). Default true.
    #[serde(default = "yes")]
    pub jobs_csv: bool,
    /// Write `hourly.csv` (one row per site and hour). Default true.
    #[serde(default = "yes")]
    pub hourly_csv: bool,
}

fn yes() -> bool {
    true
}

impl Default for OutputSection {
    fn default() -> Self {
        OutputSection {
            jobs_csv: true,
            hourly_csv: true,
        }
    }
}
