//! The per-year metrics of `projection.csv`: one table of name (with its unit suffix),
//! unit, meaning and the function computing it from a simulated year, so that name and
//! value cannot drift apart.

use super::caps::Constraint;
use super::year::YearResult;

/// Hours in the 365-day year that accelerators in service are counted over.
const HOURS_PER_YEAR: f64 = 8_760.0;

/// What one metric needs besides the year's runs.
pub struct Context<'a> {
    /// Fleet utilisation (share of the year an accelerator in service trains).
    pub utilization: f64,
    /// Annual budgets of the payers of `payers::PAYERS`, USD.
    pub budgets_usd: &'a [f64],
}

/// One metric of `projection.csv`.
pub struct ProjectionMetric {
    /// Name, with its unit suffix.
    pub name: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Meaning.
    pub meaning: &'static str,
    /// Its value for one year of one replication.
    pub value: fn(&YearResult, &Context<'_>) -> f64,
}

fn total(y: &YearResult, f: impl Fn(&super::year::RunResult) -> f64) -> f64 {
    y.runs.iter().map(|r| r.total_factor() * f(r)).sum()
}

fn largest(y: &YearResult) -> Option<&super::year::RunResult> {
    y.runs
        .iter()
        .max_by(|a, b| a.compute_flop.total_cmp(&b.compute_flop))
}

fn embodied_kg(r: &super::year::RunResult) -> f64 {
    r.record.co2_embodied_gpu_kg + r.record.co2_embodied_server_kg
}

/// Every metric, in output order.
pub const PROJECTION_METRICS: &[ProjectionMetric] = &[
    ProjectionMetric {
        name: "energy_twh",
        unit: "TWh",
        meaning: "facility electricity of the year's training runs (IT × PUE)",
        value: |y, _| total(y, |r| r.record.charges.facility_energy_kwh) / 1e9,
    },
    ProjectionMetric {
        name: "it_energy_twh",
        unit: "TWh",
        meaning: "IT electricity of the year's training runs",
        value: |y, _| total(y, |r| r.record.charges.it_energy_kwh) / 1e9,
    },
    ProjectionMetric {
        name: "co2_operational_mt",
        unit: "Mt CO2e",
        meaning: "life-cycle carbon of that electricity, location-based (scope 2 + scope 3 cat. 3)",
        value: |y, _| total(y, |r| r.record.charges.co2_operational_kg) / 1e9,
    },
    ProjectionMetric {
        name: "co2_scope2_location_mt",
        unit: "Mt CO2e",
        meaning: "scope 2, location-based (combustion factors)",
        value: |y, _| total(y, |r| r.record.charges.co2_scope2_location_kg) / 1e9,
    },
    ProjectionMetric {
        name: "co2_scope3_cat3_mt",
        unit: "Mt CO2e",
        meaning: "scope 3 category 3: upstream fuel chain and T&D losses",
        value: |y, _| total(y, |r| r.record.charges.co2_scope3_cat3_kg) / 1e9,
    },
    ProjectionMetric {
        name: "co2_embodied_mt",
        unit: "Mt CO2e",
        meaning: "embodied carbon of accelerators and servers, amortised over the hours the runs hold them (scope 3 cat. 2)",
        value: |y, _| total(y, embodied_kg) / 1e9,
    },
    ProjectionMetric {
        name: "co2_total_mt",
        unit: "Mt CO2e",
        meaning: "operational + embodied",
        value: |y, _| total(y, |r| r.record.charges.co2_operational_kg + embodied_kg(r)) / 1e9,
    },
    ProjectionMetric {
        name: "water_onsite_gl",
        unit: "GL",
        meaning: "on-site (cooling) water consumed, IT energy × WUE",
        value: |y, _| total(y, |r| r.record.charges.water_onsite_l) / 1e9,
    },
    ProjectionMetric {
        name: "water_offsite_gl",
        unit: "GL",
        meaning: "off-site water consumed by electricity generation, facility energy × EWIF",
        value: |y, _| total(y, |r| r.record.charges.water_offsite_l) / 1e9,
    },
    ProjectionMetric {
        name: "water_embodied_gl",
        unit: "GL",
        meaning: "fab water of the accelerators and servers, amortised like embodied carbon",
        value: |y, _| total(y, |r| r.record.water_embodied_l) / 1e9,
    },
    ProjectionMetric {
        name: "water_total_gl",
        unit: "GL",
        meaning: "on-site + off-site + embodied",
        value: |y, _| {
            total(y, |r| {
                r.record.charges.water_onsite_l
                    + r.record.charges.water_offsite_l
                    + r.record.water_embodied_l
            }) / 1e9
        },
    },
    ProjectionMetric {
        name: "adp_t_sb_eq",
        unit: "t Sb-eq",
        meaning: "abiotic depletion (minerals) of the accelerators and servers, amortised like embodied carbon",
        value: |y, _| total(y, |r| r.record.adp_kg_sb_eq) / 1e3,
    },
    ProjectionMetric {
        name: "accelerator_hours",
        unit: "accelerator-h",
        meaning: "accelerator-hours held by the year's runs",
        value: |y, _| total(y, |r| r.record.allocated_gpus as f64 * held_hours(r)),
    },
    ProjectionMetric {
        name: "accelerators_in_service",
        unit: "accelerators",
        meaning: "accelerator-hours / (8,760 h × projection.utilization)",
        value: |y, c| {
            total(y, |r| r.record.allocated_gpus as f64 * held_hours(r))
                / (HOURS_PER_YEAR * c.utilization)
        },
    },
    ProjectionMetric {
        name: "runs_count",
        unit: "runs",
        meaning: "training runs in the year, all classes (simulated or not)",
        value: |y, _| y.runs_per_class.iter().sum::<u64>() as f64,
    },
    ProjectionMetric {
        name: "training_cost_usd",
        unit: "USD",
        meaning: "electricity and amortised accelerator cost of all the year's runs",
        value: |y, _| {
            total(y, |r| {
                r.record.charges.energy_cost_usd + r.record.hardware_cost_usd
            })
        },
    },
    ProjectionMetric {
        name: "frontier_run_cost_usd",
        unit: "USD",
        meaning: "mean cost of one run of the first class (the frontier class)",
        value: |y, _| {
            let n = y.runs_per_class.first().copied().unwrap_or(0);
            if n == 0 {
                return 0.0;
            }
            let cost: f64 = y
                .runs
                .iter()
                .filter(|r| r.class == 0)
                .map(|r| r.weight * r.run_cost_usd())
                .sum();
            cost / n as f64
        },
    },
    ProjectionMetric {
        name: "largest_run_compute_flop",
        unit: "FLOP",
        meaning: "compute of the year's largest run",
        value: |y, _| largest(y).map_or(0.0, |r| r.compute_flop),
    },
    ProjectionMetric {
        name: "largest_run_accelerators",
        unit: "accelerators",
        meaning: "accelerators of the year's largest run",
        value: |y, _| largest(y).map_or(0.0, |r| r.gpus as f64),
    },
    ProjectionMetric {
        name: "largest_run_peak_power_mw",
        unit: "MW",
        meaning: "facility power of the largest run averaged over the time it holds its accelerators (its peak when PUE is constant and no failure interrupts it)",
        value: |y, _| largest(y).map_or(0.0, |r| r.run_power_mw()),
    },
    ProjectionMetric {
        name: "largest_run_energy_gwh",
        unit: "GWh",
        meaning: "facility electricity of the largest run",
        value: |y, _| {
            largest(y).map_or(0.0, |r| {
                r.run_factor() * r.record.charges.facility_energy_kwh / 1e6
            })
        },
    },
    ProjectionMetric {
        name: "largest_run_cost_usd",
        unit: "USD",
        meaning: "electricity and amortised accelerator cost of the largest run",
        value: |y, _| largest(y).map_or(0.0, |r| r.run_cost_usd()),
    },
    ProjectionMetric {
        name: "payers_covering_largest_run",
        unit: "payers",
        meaning: "payers of data/budgets/ai-budgets.csv whose annual budget is at least the largest run's cost",
        value: |y, c| {
            let cost = largest(y).map_or(0.0, |r| r.run_cost_usd());
            c.budgets_usd.iter().filter(|&&b| b >= cost).count() as f64
        },
    },
    ProjectionMetric {
        name: "frontier_trend_compute_flop",
        unit: "FLOP",
        meaning: "median frontier compute the growth trend gives (before caps)",
        value: |y, _| y.frontier_trend_flop,
    },
    ProjectionMetric {
        name: "frontier_cap_compute_flop",
        unit: "FLOP",
        meaning: "largest compute the tightest cap of `[projection.caps]` allows a frontier run (0: no cap)",
        value: |y, _| {
            if y.frontier_cap_flop.is_finite() {
                y.frontier_cap_flop
            } else {
                0.0
            }
        },
    },
    ProjectionMetric {
        name: "binding_power_cap",
        unit: "0/1",
        meaning: "1 when the power cap limited the year's runs (the mean is the share of replications)",
        value: |y, _| f64::from(u8::from(y.binding == Constraint::Power)),
    },
    ProjectionMetric {
        name: "binding_supply_cap",
        unit: "0/1",
        meaning: "1 when the accelerator-supply cap limited the year's runs",
        value: |y, _| f64::from(u8::from(y.binding == Constraint::Supply)),
    },
    ProjectionMetric {
        name: "binding_budget_cap",
        unit: "0/1",
        meaning: "1 when the budget cap limited the year's runs",
        value: |y, _| f64::from(u8::from(y.binding == Constraint::Budget)),
    },
];

fn held_hours(r: &super::year::RunResult) -> f64 {
    match (r.record.start_s, r.record.end_s) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / crate::time::SECONDS_PER_HOUR as f64,
        _ => 0.0,
    }
}

/// The section of `docs/outputs.md` on `projection.csv` (from
/// `metrics::doc::PROJECTION_SECTION` to the end of the file).
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(crate::metrics::doc::PROJECTION_SECTION);
    out.push_str(
        "\nWritten by a scenario with a `[projection]` (`docs/projections.md`). Tidy: one row per\n\
         year × metric × statistic, columns exactly `year,metric,statistic,value`; `statistic`\n\
         is `mean`, `p5`, `p50` or `p95` over replications (percentiles by linear\n\
         interpolation). `projection_replications.csv` has the same metrics per replication\n\
         (`replication,year,metric,value`), `projection_inputs.csv` the sampled uncertain\n\
         inputs (`replication,input,value`) and `projection_sensitivity.csv` the standardised\n\
         regression coefficients of the log of the last year's headline metrics on those\n\
         inputs (`year,metric,input,method,value,rank`; `model_r2` is the R²). Generated from\n\
         `PROJECTION_METRICS` in `src/projection/metrics.rs`.\n\n\
         | metric | unit | meaning |\n|---|---|---|\n",
    );
    for m in PROJECTION_METRICS {
        let _ = writeln!(out, "| `{}` | {} | {} |", m.name, m.unit, m.meaning);
    }
    out
}

#[cfg(test)]
mod tests {
    /// Fails when the projection section of `docs/outputs.md` and the table disagree; with
    /// `FOOTPRINT_WRITE_DOCS=1` it rewrites that section.
    #[test]
    fn outputs_doc_has_the_projection_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/outputs.md");
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        let head = file
            .find(crate::metrics::doc::PROJECTION_SECTION)
            .map_or(file.clone(), |i| file[..i].to_string());
        let want = super::markdown();
        if std::env::var_os("FOOTPRINT_WRITE_DOCS").is_some() {
            std::fs::write(&path, format!("{head}{want}")).expect("write docs/outputs.md");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have.ends_with(&want),
            "docs/outputs.md is out of date: run `FOOTPRINT_WRITE_DOCS=1 cargo test --release --lib outputs_doc`"
        );
    }
}
