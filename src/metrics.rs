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
    ("it_energy_kwh", "site IT energy (accelerators + hosts), from node power states"),
    ("job_it_energy_kwh", "IT energy charged to jobs"),
    ("idle_it_energy_kwh", "IT energy of provisioned but unallocated capacity"),
    ("facility_energy_kwh", "IT energy × PUE"),
    ("pue_effective", "facility / IT energy over the window"),
    ("co2_operational_kg", "location-based carbon of facility energy"),
    ("co2_it_only_kg", "carbon of IT energy alone (no PUE; BLOOM's 'dynamic' figure when idle is 0)"),
    ("co2_idle_kg", "operational carbon of idle capacity (included in co2_operational_kg)"),
    ("co2_embodied_kg", "embodied carbon charged to jobs by accelerator-hours held"),
    ("co2_embodied_provisioned_kg", "embodied carbon of all provisioned hardware over the window"),
    ("co2_total_kg", "co2_operational_kg + co2_embodied_kg"),
    ("gpu_hours", "accelerator-hours of compute"),
    ("utilization", "allocated accelerator-time / provisioned accelerator-time"),
    ("jobs_submitted", "jobs submitted in the window"),
    ("jobs_completed", "jobs that finished"),
    ("jobs_running_at_end", "jobs cut off by the end of the window"),
    ("jobs_queued_at_end", "jobs never started"),
    ("wait_mean_s", "mean wait of started jobs"),
    ("wait_max_s", "longest wait of a started job"),
    ("window_hours", "length of the accounted window"),
];

fn site_values(s: &SiteTotals, window_s: u64) -> [f64; 20] {
    let capacity_gpu_s = s.gpus as f64 * window_s as f64;
    [
        s.it_energy_kwh,
        s.jobs.it_energy_kwh,
        s.idle.it_energy_kwh,
        s.facility_energy_kwh,
        if s.it_energy_kwh > 0.0 { s.facility_energy_kwh / s.it_energy_kwh } else { 0.0 },
        s.co2_operational_kg,
        s.co2_it_only_kg,
        s.idle.co2_operational_kg,
        s.co2_embodied_kg,
        s.co2_embodied_provisioned_kg,
        s.co2_operational_kg + s.co2_embodied_kg,
        s.gpu_hours,
        if capacity_gpu_s > 0.0 { s.allocated_gpu_s / capacity_gpu_s } else { 0.0 },
        s.jobs_submitted as f64,
        s.jobs_completed as f64,
        s.jobs_running as f64,
        s.jobs_queued as f64,
        if s.jobs_started > 0 { s.wait_sum_s / s.jobs_started as f64 } else { 0.0 },
        s.wait_max_s,
        window_s as f64 / 3_600.0,
    ]
}

/// All metrics of a replication: the total over sites first, then each site.
pub fn metrics(result: &ReplicationResult) -> Vec<Metric> {
    let mut total = SiteTotals { name: "total".into(), ..SiteTotals::default() };
    for s in &result.sites {
        total.gpus += s.gpus;
        total.it_energy_kwh += s.it_energy_kwh;
        total.jobs.add(&s.jobs);
        total.idle.add(&s.idle);
        total.facility_energy_kwh += s.facility_energy_kwh;
        total.co2_operational_kg += s.co2_operational_kg;
        total.co2_it_only_kg += s.co2_it_only_kg;
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
    }
    let mut out = Vec::with_capacity(METRICS.len() * (1 + result.sites.len()));
    let scopes = std::iter::once(("total".to_string(), &total))
        .chain(result.sites.iter().map(|s| (format!("site:{}", s.name), s)));
    for (scope, s) in scopes {
        for (&(name, _), value) in METRICS.iter().zip(site_values(s, result.window_s)) {
            out.push(Metric { scope: scope.clone(), name, value });
        }
    }
    out
}
