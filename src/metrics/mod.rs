//! Headline metrics of a replication, by scope (`total` and one per site).
//!
//! These are the columns of `replications.csv` and the rows of `summary.csv`; names carry
//! their units.

use crate::engine::SimTime;
use crate::results::{ReplicationResult, SiteTotals};
use crate::time::to_hours;

pub mod cell;
pub mod doc;
pub mod hourly;
pub mod jobs;
pub mod run_files;

/// One metric value.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// `total` or `site:<name>`.
    pub scope: String,
    /// Name with unit, e.g. `it_energy_kwh`.
    pub name: &'static str,
    /// Value.
    pub value: f64,
}

/// One summary metric: its column name (with its unit), unit, meaning and how it is computed
/// from a scope's totals. Name, meaning and value sit together so that a column can never be
/// paired with another column's value.
#[derive(Clone, Copy)]
pub struct MetricDef {
    /// Name with unit, e.g. `it_energy_kwh`.
    pub name: &'static str,
    /// Unit (`1` for a dimensionless ratio, `count` for a number of things).
    pub unit: &'static str,
    /// One-line meaning (for `docs/outputs.md`).
    pub doc: &'static str,
    /// The value for one scope.
    pub value: for<'a> fn(&MetricInput<'a>) -> f64,
}

/// What a metric is computed from: the totals of one scope (a site, or the sum over sites).
pub struct MetricInput<'a> {
    /// The scope's totals.
    pub s: &'a SiteTotals,
    /// Length of the accounted window, s.
    pub window_s: SimTime,
}

impl MetricInput<'_> {
    /// Provisioned accelerator-seconds over the window.
    fn capacity_gpu_s(&self) -> f64 {
        self.s.gpus as f64 * self.window_s as f64
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// The summary metrics in output order: the columns of `replications.csv` and the rows of
/// `summary.csv`, per scope.
pub const METRICS: &[MetricDef] = &[
    MetricDef {
        name: "it_energy_kwh",
        unit: "kWh",
        doc: "site IT energy (accelerators, hosts, always-on), from power states",
        value: |m| m.s.site.it_energy_kwh,
    },
    MetricDef {
        name: "job_it_energy_kwh",
        unit: "kWh",
        doc: "IT energy charged to jobs",
        value: |m| m.s.jobs.it_energy_kwh,
    },
    MetricDef {
        name: "idle_it_energy_kwh",
        unit: "kWh",
        doc: "IT energy of provisioned but unallocated capacity and always-on power",
        value: |m| m.s.idle.it_energy_kwh,
    },
    MetricDef {
        name: "facility_energy_kwh",
        unit: "kWh",
        doc: "IT energy × PUE, hour by hour",
        value: |m| m.s.site.facility_energy_kwh,
    },
    MetricDef {
        name: "pue_effective",
        unit: "1",
        doc: "facility / IT energy over the window",
        value: |m| ratio(m.s.site.facility_energy_kwh, m.s.site.it_energy_kwh),
    },
    MetricDef {
        name: "peak_facility_power_kw",
        unit: "kW",
        doc: "largest hourly mean facility power (IT × PUE) of the site, what its grid connection must carry; total: Σ over sites (each site has its own connection)",
        value: |m| m.s.peak.peak_facility_kw,
    },
    MetricDef {
        name: "p99_facility_power_kw",
        unit: "kW",
        doc: "99th percentile of the hourly mean facility power (within 1 %); total: Σ over sites",
        value: |m| m.s.peak.p99_facility_kw,
    },
    MetricDef {
        name: "grid_limit_exceeded_hours",
        unit: "h",
        doc: "hours whose mean facility power exceeded `grid_connection_limit_kw` (0 without a limit); total: Σ over sites",
        value: |m| m.s.peak.hours_above_limit as f64,
    },
    MetricDef {
        name: "carbon_intensity_effective_g_per_kwh",
        unit: "gCO2e/kWh",
        doc: "operational carbon / facility energy",
        value: |m| {
            ratio(
                m.s.site.co2_operational_kg * 1_000.0,
                m.s.site.facility_energy_kwh,
            )
        },
    },
    MetricDef {
        name: "co2_operational_kg",
        unit: "kg CO2e",
        doc: "life-cycle operational carbon of facility energy: co2_scope2_location_kg + co2_scope3_cat3_kg",
        value: |m| m.s.site.co2_operational_kg,
    },
    MetricDef {
        name: "co2_scope1_kg",
        unit: "kg CO2e",
        doc: "Scope 1: refrigerant leakage and generator test runs of the site over the window",
        value: |m| m.s.co2_scope1_kg,
    },
    MetricDef {
        name: "co2_scope2_location_kg",
        unit: "kg CO2e",
        doc: "Scope 2 location-based: facility energy × grid combustion factor, hour by hour",
        value: |m| m.s.site.co2_scope2_location_kg,
    },
    MetricDef {
        name: "co2_scope2_market_kg",
        unit: "kg CO2e",
        doc: "Scope 2 market-based, annual matching: contracted MWh at their factors, the rest at the residual mix",
        value: |m| m.s.co2_scope2_market_kg,
    },
    MetricDef {
        name: "co2_scope2_market_hourly_kg",
        unit: "kg CO2e",
        doc: "Scope 2 market-based, hourly matching: only contracted supply (or battery) in the same hour counts",
        value: |m| m.s.matching.co2_market_hourly_kg,
    },
    MetricDef {
        name: "co2_scope3_cat3_kg",
        unit: "kg CO2e",
        doc: "Scope 3 category 3: upstream fuel chain (life-cycle − combustion factor) + life-cycle carbon of T&D losses",
        value: |m| m.s.site.co2_scope3_cat3_kg,
    },
    MetricDef {
        name: "cfe_score",
        unit: "1",
        doc: "24/7 CFE score: hourly matched contracted supply + grid CFE share × grid import, over facility energy",
        value: |m| crate::accounting::matching::cfe_score(&m.s.matching),
    },
    MetricDef {
        name: "contract_supply_kwh",
        unit: "kWh",
        doc: "clean energy delivered by the site's PPAs over the window",
        value: |m| m.s.matching.supply_kwh,
    },
    MetricDef {
        name: "cfe_matched_kwh",
        unit: "kWh",
        doc: "facility energy met in the same hour by contracted supply or the battery",
        value: |m| m.s.matching.matched_kwh,
    },
    MetricDef {
        name: "contract_surplus_kwh",
        unit: "kWh",
        doc: "Σ max(0, contracted supply − load) per hour (before storage)",
        value: |m| m.s.matching.surplus_kwh,
    },
    MetricDef {
        name: "contract_deficit_kwh",
        unit: "kWh",
        doc: "Σ max(0, load − contracted supply) per hour (before storage)",
        value: |m| m.s.matching.deficit_kwh,
    },
    MetricDef {
        name: "battery_discharge_kwh",
        unit: "kWh",
        doc: "stored contracted surplus delivered to the load",
        value: |m| m.s.matching.battery_discharge_kwh,
    },
    MetricDef {
        name: "co2_it_only_kg",
        unit: "kg CO2e",
        doc: "carbon of IT energy alone (no PUE; BLOOM's 'dynamic' figure when idle is 0)",
        value: |m| m.s.site.co2_it_only_kg,
    },
    MetricDef {
        name: "co2_marginal_kg",
        unit: "kg CO2e",
        doc: "consequential carbon: facility energy × marginal intensity, hour by hour (empty where a site has no marginal source)",
        value: |m| m.s.site.co2_marginal_kg,
    },
    MetricDef {
        name: "co2_idle_kg",
        unit: "kg CO2e",
        doc: "operational carbon of idle capacity (included in co2_operational_kg)",
        value: |m| m.s.idle.co2_operational_kg,
    },
    MetricDef {
        name: "co2_idle_it_only_kg",
        unit: "kg CO2e",
        doc: "carbon of idle IT energy alone (no PUE)",
        value: |m| m.s.idle.co2_it_only_kg,
    },
    MetricDef {
        name: "co2_embodied_kg",
        unit: "kg CO2e",
        doc: "Scope 3 category 2 (capital goods), amortised: embodied carbon charged to jobs by accelerator-hours held",
        value: |m| m.s.co2_embodied_kg,
    },
    MetricDef {
        name: "co2_embodied_provisioned_kg",
        unit: "kg CO2e",
        doc: "embodied carbon of all provisioned hardware over the window",
        value: |m| m.s.co2_embodied_provisioned_kg,
    },
    MetricDef {
        name: "adp_kg_sb_eq",
        unit: "kg Sb-eq",
        doc: "embodied minerals (abiotic depletion potential) of the accelerators and servers, charged to jobs by hours held",
        value: |m| m.s.adp_kg_sb_eq,
    },
    MetricDef {
        name: "co2_total_kg",
        unit: "kg CO2e",
        doc: "life-cycle total: co2_scope1_kg + co2_operational_kg + co2_embodied_kg",
        value: |m| m.s.co2_scope1_kg + m.s.site.co2_operational_kg + m.s.co2_embodied_kg,
    },
    MetricDef {
        name: "co2_total_it_only_kg",
        unit: "kg CO2e",
        doc: "co2_it_only_kg + co2_embodied_kg (BLOOM's life-cycle convention: no PUE)",
        value: |m| m.s.site.co2_it_only_kg + m.s.co2_embodied_kg,
    },
    MetricDef {
        name: "water_onsite_l",
        unit: "L",
        doc: "scope-1 water: IT energy × WUE (cooling towers, adiabatic assist)",
        value: |m| m.s.site.water_onsite_l,
    },
    MetricDef {
        name: "water_offsite_l",
        unit: "L",
        doc: "scope-2 water: facility energy × EWIF (electricity generation)",
        value: |m| m.s.site.water_offsite_l,
    },
    MetricDef {
        name: "water_total_l",
        unit: "L",
        doc: "on-site + off-site water",
        value: |m| m.s.site.water_total_l(),
    },
    MetricDef {
        name: "water_offsite_withdrawal_l",
        unit: "L",
        doc: "off-site water withdrawn: facility energy × withdrawal EWIF (≥ water_offsite_l, which is consumption)",
        value: |m| m.s.water_offsite_withdrawal_l,
    },
    MetricDef {
        name: "water_scarcity_weighted_l",
        unit: "L",
        doc: "water_total_l × the site's scarcity factor (AWARE 2.0, L world-eq per L consumed), summed over sites",
        value: |m| m.s.water_scarcity_weighted_l,
    },
    MetricDef {
        name: "water_embodied_l",
        unit: "L",
        doc: "fab water of the accelerators' and servers' logic dies, charged to jobs by hours held (not in water_total_l)",
        value: |m| m.s.water_embodied_l,
    },
    MetricDef {
        name: "wue_effective_l_per_kwh",
        unit: "L/kWh",
        doc: "on-site water / IT energy",
        value: |m| ratio(m.s.site.water_onsite_l, m.s.site.it_energy_kwh),
    },
    MetricDef {
        name: "energy_cost_usd",
        unit: "USD",
        doc: "facility energy × the hour's electricity price (negative prices lower it, below zero too)",
        value: |m| m.s.site.energy_cost_usd,
    },
    MetricDef {
        name: "hardware_cost_usd",
        unit: "USD",
        doc: "accelerator-hours held × (amortised capital or cloud price)",
        value: |m| m.s.hardware_cost_usd,
    },
    MetricDef {
        name: "cost_total_usd",
        unit: "USD",
        doc: "energy_cost_usd + hardware_cost_usd",
        value: |m| m.s.site.energy_cost_usd + m.s.hardware_cost_usd,
    },
    MetricDef {
        name: "gpu_hours",
        unit: "accelerator-h",
        doc: "accelerator-hours of compute",
        value: |m| m.s.gpu_hours,
    },
    MetricDef {
        name: "utilization",
        unit: "1",
        doc: "allocated accelerator-time / provisioned accelerator-time",
        value: |m| ratio(m.s.allocated_gpu_s, m.capacity_gpu_s()),
    },
    MetricDef {
        name: "jobs_submitted",
        unit: "count",
        doc: "jobs submitted in the window",
        value: |m| m.s.jobs_submitted as f64,
    },
    MetricDef {
        name: "jobs_completed",
        unit: "count",
        doc: "jobs that finished",
        value: |m| m.s.jobs_completed as f64,
    },
    MetricDef {
        name: "jobs_running_at_end",
        unit: "count",
        doc: "jobs cut off by the end of the window",
        value: |m| m.s.jobs_running as f64,
    },
    MetricDef {
        name: "jobs_queued_at_end",
        unit: "count",
        doc: "jobs never started",
        value: |m| m.s.jobs_queued as f64,
    },
    MetricDef {
        name: "wait_mean_s",
        unit: "s",
        doc: "mean wait of started jobs (arrival to first start, holds included)",
        value: |m| ratio(m.s.wait_sum_s, m.s.jobs_started as f64),
    },
    MetricDef {
        name: "wait_p95_s",
        unit: "s",
        doc: "95th percentile of waits of started jobs (1% bins)",
        value: |m| m.s.ops.wait_p95_s,
    },
    MetricDef {
        name: "wait_max_s",
        unit: "s",
        doc: "longest wait of a started job",
        value: |m| m.s.wait_max_s,
    },
    MetricDef {
        name: "bounded_slowdown_mean",
        unit: "1",
        doc: "mean of max(1, (wait + run) / max(run, 10 s)) over completed jobs",
        value: |m| m.s.ops.bounded_slowdown_mean,
    },
    MetricDef {
        name: "goodput",
        unit: "1",
        doc: "useful compute accelerator-hours / accelerator-hours held by jobs",
        value: |m| ratio(m.s.ops.useful_gpu_hours, m.s.ops.held_gpu_hours),
    },
    MetricDef {
        name: "effective_training_fraction",
        unit: "1",
        doc: "useful compute time / time holding accelerators (Llama 3's 'effective training time')",
        value: |m| m.s.ops.effective_training_fraction,
    },
    MetricDef {
        name: "interruptions",
        unit: "count",
        doc: "hardware interruptions of running jobs",
        value: |m| m.s.ops.interruptions as f64,
    },
    MetricDef {
        name: "checkpoints",
        unit: "count",
        doc: "checkpoints written",
        value: |m| m.s.ops.checkpoints as f64,
    },
    MetricDef {
        name: "pauses",
        unit: "count",
        doc: "pauses of interruptible jobs",
        value: |m| m.s.ops.pauses as f64,
    },
    MetricDef {
        name: "lost_gpu_hours",
        unit: "accelerator-h",
        doc: "compute accelerator-hours lost to interruptions",
        value: |m| m.s.ops.lost_gpu_hours,
    },
    MetricDef {
        name: "lost_energy_kwh",
        unit: "kWh",
        doc: "IT energy of the lost compute",
        value: |m| m.s.ops.lost.it_energy_kwh,
    },
    MetricDef {
        name: "lost_co2_kg",
        unit: "kg CO2e",
        doc: "operational carbon of the lost compute",
        value: |m| m.s.ops.lost.co2_operational_kg,
    },
    MetricDef {
        name: "deadline_jobs",
        unit: "count",
        doc: "jobs with a deadline that ended in the window",
        value: |m| m.s.ops.deadline_jobs as f64,
    },
    MetricDef {
        name: "deadline_misses",
        unit: "count",
        doc: "of which finished after (or were still running at) their deadline",
        value: |m| m.s.ops.deadline_misses as f64,
    },
    MetricDef {
        name: "makespan_hours",
        unit: "h",
        doc: "time of the last completion",
        value: |m| to_hours(m.s.ops.makespan_s),
    },
    MetricDef {
        name: "window_hours",
        unit: "h",
        doc: "length of the accounted window",
        value: |m| to_hours(m.window_s as f64),
    },
];

/// Metrics that are NaN, written as empty cells, where a scope has no source for them
/// (marginal carbon at a site without a marginal intensity): absent, never a made-up zero.
pub const ABSENT_WITHOUT_SOURCE: &[&str] = &["co2_marginal_kg"];

/// Whether `value` of metric `name` is a result footprint may write: finite and ≥ 0, or
/// NaN for a metric of [`ABSENT_WITHOUT_SOURCE`]. Money (`_usd`) may be negative: a
/// negative electricity price pays for the power taken, so energy cost, and with it total
/// cost, can fall below zero.
pub fn is_valid_value(name: &str, value: f64) -> bool {
    (value.is_finite() && (value >= 0.0 || name.ends_with("_usd")))
        || (value.is_nan() && ABSENT_WITHOUT_SOURCE.contains(&name))
}

/// The summary metric called `name`.
pub fn metric(name: &str) -> Option<&'static MetricDef> {
    METRICS.iter().find(|m| m.name == name)
}

/// The `(scope, metric)` names [`metrics`] returns for a scenario with these sites.
pub fn metric_names(site_names: &[String]) -> Vec<(String, String)> {
    std::iter::once("total".to_string())
        .chain(site_names.iter().map(|n| format!("site:{n}")))
        .flat_map(|scope| {
            METRICS
                .iter()
                .map(move |m| (scope.clone(), m.name.to_string()))
        })
        .collect()
}

/// All metrics of a replication: the total over sites first, then each site.
pub fn metrics(result: &ReplicationResult) -> Vec<Metric> {
    let mut total = SiteTotals {
        name: "total".into(),
        ..SiteTotals::default()
    };
    for s in &result.sites {
        total.gpus += s.gpus;
        total.site.add(&s.site);
        total.jobs.add(&s.jobs);
        total.idle.add(&s.idle);
        total.matching.add(&s.matching);
        total.co2_scope2_market_kg += s.co2_scope2_market_kg;
        total.co2_scope1_kg += s.co2_scope1_kg;
        total.hardware_cost_usd += s.hardware_cost_usd;
        total.co2_embodied_kg += s.co2_embodied_kg;
        total.co2_embodied_provisioned_kg += s.co2_embodied_provisioned_kg;
        total.adp_kg_sb_eq += s.adp_kg_sb_eq;
        total.water_offsite_withdrawal_l += s.water_offsite_withdrawal_l;
        total.water_scarcity_weighted_l += s.water_scarcity_weighted_l;
        total.water_embodied_l += s.water_embodied_l;
        total.gpu_hours += s.gpu_hours;
        total.allocated_gpu_s += s.allocated_gpu_s;
        total.jobs_submitted += s.jobs_submitted;
        total.jobs_completed += s.jobs_completed;
        total.jobs_running += s.jobs_running;
        total.jobs_queued += s.jobs_queued;
        total.wait_sum_s += s.wait_sum_s;
        total.jobs_started += s.jobs_started;
        total.wait_max_s = total.wait_max_s.max(s.wait_max_s);
        total.peak.peak_facility_kw += s.peak.peak_facility_kw;
        total.peak.p99_facility_kw += s.peak.p99_facility_kw;
        total.peak.hours_above_limit += s.peak.hours_above_limit;
        let (o, t) = (&s.ops, &mut total.ops);
        // Site-level p95 and slowdown combine approximately: job-weighted mean of sites'
        // (exact with one site); totals add up.
        let w = s.jobs_completed as f64;
        t.wait_p95_s = t.wait_p95_s.max(o.wait_p95_s);
        t.bounded_slowdown_mean += o.bounded_slowdown_mean * w;
        t.useful_gpu_hours += o.useful_gpu_hours;
        t.held_gpu_hours += o.held_gpu_hours;
        t.effective_training_fraction += o.effective_training_fraction * o.held_gpu_hours;
        t.interruptions += o.interruptions;
        t.checkpoints += o.checkpoints;
        t.pauses += o.pauses;
        t.lost_gpu_hours += o.lost_gpu_hours;
        t.lost.add(&o.lost);
        t.deadline_jobs += o.deadline_jobs;
        t.deadline_misses += o.deadline_misses;
        t.makespan_s = t.makespan_s.max(o.makespan_s);
    }
    total.ops.bounded_slowdown_mean =
        ratio(total.ops.bounded_slowdown_mean, total.jobs_completed as f64);
    total.ops.effective_training_fraction = ratio(
        total.ops.effective_training_fraction,
        total.ops.held_gpu_hours,
    );
    let mut out = Vec::with_capacity(METRICS.len() * (1 + result.sites.len()));
    let scopes = std::iter::once(("total".to_string(), &total))
        .chain(result.sites.iter().map(|s| (format!("site:{}", s.name), s)));
    for (scope, s) in scopes {
        let input = MetricInput {
            s,
            window_s: result.window_s,
        };
        for m in METRICS {
            out.push(Metric {
                scope: scope.clone(),
                name: m.name,
                value: (m.value)(&input),
            });
        }
    }
    out
}
