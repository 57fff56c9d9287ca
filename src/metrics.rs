//! Headline metrics of a replication, by scope (`total` and one per site).
//!
//! These are the columns of `replications.csv` and the rows of `summary.csv`; names carry
//! their units.

use crate::results::{ReplicationResult, SiteTotals};

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

/// Metric names in output order, with a one-line meaning (for docs and `--help`).
pub const METRICS: &[(&str, &str)] = &[
    (
        "it_energy_kwh",
        "site IT energy (accelerators, hosts, always-on), from power states",
    ),
    ("job_it_energy_kwh", "IT energy charged to jobs"),
    (
        "idle_it_energy_kwh",
        "IT energy of provisioned but unallocated capacity and always-on power",
    ),
    ("facility_energy_kwh", "IT energy × PUE, hour by hour"),
    ("pue_effective", "facility / IT energy over the window"),
    (
        "carbon_intensity_effective_g_per_kwh",
        "operational carbon / facility energy",
    ),
    (
        "co2_operational_kg",
        "location-based carbon of facility energy",
    ),
    (
        "co2_market_kg",
        "market-based: location-based × (1 − contracted clean share)",
    ),
    (
        "co2_it_only_kg",
        "carbon of IT energy alone (no PUE; BLOOM's 'dynamic' figure when idle is 0)",
    ),
    (
        "co2_idle_kg",
        "operational carbon of idle capacity (included in co2_operational_kg)",
    ),
    (
        "co2_idle_it_only_kg",
        "carbon of idle IT energy alone (no PUE)",
    ),
    (
        "co2_embodied_kg",
        "embodied carbon charged to jobs by accelerator-hours held",
    ),
    (
        "co2_embodied_provisioned_kg",
        "embodied carbon of all provisioned hardware over the window",
    ),
    ("co2_total_kg", "co2_operational_kg + co2_embodied_kg"),
    (
        "co2_total_it_only_kg",
        "co2_it_only_kg + co2_embodied_kg (BLOOM's life-cycle convention: no PUE)",
    ),
    (
        "water_onsite_l",
        "scope-1 water: IT energy × WUE (cooling towers, adiabatic assist)",
    ),
    (
        "water_offsite_l",
        "scope-2 water: facility energy × EWIF (electricity generation)",
    ),
    ("water_total_l", "on-site + off-site water"),
    ("wue_effective_l_per_kwh", "on-site water / IT energy"),
    ("energy_cost_usd", "facility energy × electricity price"),
    (
        "hardware_cost_usd",
        "accelerator-hours held × (amortised capital or cloud price)",
    ),
    ("cost_total_usd", "energy_cost_usd + hardware_cost_usd"),
    ("gpu_hours", "accelerator-hours of compute"),
    (
        "utilization",
        "allocated accelerator-time / provisioned accelerator-time",
    ),
    ("jobs_submitted", "jobs submitted in the window"),
    ("jobs_completed", "jobs that finished"),
    (
        "jobs_running_at_end",
        "jobs cut off by the end of the window",
    ),
    ("jobs_queued_at_end", "jobs never started"),
    (
        "wait_mean_s",
        "mean wait of started jobs (arrival to first start, holds included)",
    ),
    (
        "wait_p95_s",
        "95th percentile of waits of started jobs (1% bins)",
    ),
    ("wait_max_s", "longest wait of a started job"),
    (
        "bounded_slowdown_mean",
        "mean of max(1, (wait + run) / max(run, 10 s)) over completed jobs",
    ),
    (
        "goodput",
        "useful compute accelerator-hours / accelerator-hours held by jobs",
    ),
    (
        "effective_training_fraction",
        "useful compute time / time holding accelerators (Llama 3's 'effective training time')",
    ),
    ("interruptions", "hardware interruptions of running jobs"),
    ("checkpoints", "checkpoints written"),
    ("pauses", "pauses of interruptible jobs"),
    (
        "lost_gpu_hours",
        "compute accelerator-hours lost to interruptions",
    ),
    ("lost_energy_kwh", "IT energy of the lost compute"),
    ("lost_co2_kg", "operational carbon of the lost compute"),
    (
        "deadline_jobs",
        "jobs with a deadline that ended in the window",
    ),
    (
        "deadline_misses",
        "of which finished after (or were still running at) their deadline",
    ),
    ("makespan_hours", "time of the last completion"),
    ("window_hours", "length of the accounted window"),
];

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn site_values(s: &SiteTotals, window_s: u64) -> Vec<f64> {
    let capacity_gpu_s = s.gpus as f64 * window_s as f64;
    let c = &s.site;
    vec![
        c.it_energy_kwh,
        s.jobs.it_energy_kwh,
        s.idle.it_energy_kwh,
        c.facility_energy_kwh,
        ratio(c.facility_energy_kwh, c.it_energy_kwh),
        ratio(c.co2_operational_kg * 1_000.0, c.facility_energy_kwh),
        c.co2_operational_kg,
        c.co2_operational_kg * (1.0 - s.clean_energy_share),
        c.co2_it_only_kg,
        s.idle.co2_operational_kg,
        s.idle.co2_it_only_kg,
        s.co2_embodied_kg,
        s.co2_embodied_provisioned_kg,
        c.co2_operational_kg + s.co2_embodied_kg,
        c.co2_it_only_kg + s.co2_embodied_kg,
        c.water_onsite_l,
        c.water_offsite_l,
        c.water_total_l(),
        ratio(c.water_onsite_l, c.it_energy_kwh),
        c.energy_cost_usd,
        s.hardware_cost_usd,
        c.energy_cost_usd + s.hardware_cost_usd,
        s.gpu_hours,
        ratio(s.allocated_gpu_s, capacity_gpu_s),
        s.jobs_submitted as f64,
        s.jobs_completed as f64,
        s.jobs_running as f64,
        s.jobs_queued as f64,
        ratio(s.wait_sum_s, s.jobs_started as f64),
        s.ops.wait_p95_s,
        s.wait_max_s,
        s.ops.bounded_slowdown_mean,
        ratio(s.ops.useful_gpu_hours, s.ops.held_gpu_hours),
        s.ops.effective_training_fraction,
        s.ops.interruptions as f64,
        s.ops.checkpoints as f64,
        s.ops.pauses as f64,
        s.ops.lost_gpu_hours,
        s.ops.lost.it_energy_kwh,
        s.ops.lost.co2_operational_kg,
        s.ops.deadline_jobs as f64,
        s.ops.deadline_misses as f64,
        s.ops.makespan_s / 3_600.0,
        window_s as f64 / 3_600.0,
    ]
}

/// The `(scope, metric)` names [`metrics`] returns for a scenario with these sites.
pub fn metric_names(site_names: &[String]) -> Vec<(String, String)> {
    std::iter::once("total".to_string())
        .chain(site_names.iter().map(|n| format!("site:{n}")))
        .flat_map(|scope| {
            METRICS
                .iter()
                .map(move |(m, _)| (scope.clone(), m.to_string()))
        })
        .collect()
}

/// All metrics of a replication: the total over sites first, then each site.
pub fn metrics(result: &ReplicationResult) -> Vec<Metric> {
    let mut total = SiteTotals {
        name: "total".into(),
        ..SiteTotals::default()
    };
    let mut market_kg = 0.0;
    for s in &result.sites {
        total.gpus += s.gpus;
        total.site.add(&s.site);
        total.jobs.add(&s.jobs);
        total.idle.add(&s.idle);
        market_kg += s.site.co2_operational_kg * (1.0 - s.clean_energy_share);
        total.hardware_cost_usd += s.hardware_cost_usd;
        total.co2_embodied_kg += s.co2_embodied_kg;
        total.co2_embodied_provisioned_kg += s.co2_embodied_provisioned_kg;
        total.gpu_hours += s.gpu_hours;
        total.allocated_gpu_s += s.allocated_gpu_s;
        total.jobs_submitted += s.jobs_submitted;
        total.jobs_completed += s.jobs_completed;
        total.jobs_running += s.jobs_running;
        total.jobs_queued += s.jobs_queued;
        total.wait_sum_s += s.wait_sum_s;
        total.jobs_started += s.jobs_started;
        total.wait_max_s = total.wait_max_s.max(s.wait_max_s);
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
    total.clean_energy_share = if total.site.co2_operational_kg > 0.0 {
        1.0 - market_kg / total.site.co2_operational_kg
    } else {
        0.0
    };
    let mut out = Vec::with_capacity(METRICS.len() * (1 + result.sites.len()));
    let scopes = std::iter::once(("total".to_string(), &total))
        .chain(result.sites.iter().map(|s| (format!("site:{}", s.name), s)));
    for (scope, s) in scopes {
        for (&(name, _), value) in METRICS.iter().zip(site_values(s, result.window_s)) {
            out.push(Metric {
                scope: scope.clone(),
                name,
                value,
            });
        }
    }
    out
}
