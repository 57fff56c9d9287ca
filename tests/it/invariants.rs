//! Invariants of the simulation core: energy conservation, no over-allocation, identical
//! output for identical input, and EASY backfill never delaying the queue head's reservation.

use footprint::accounting::Sum;
use footprint::results::{JobRecord, JobStatus, ReplicationResult};
use footprint::scenario::Scenario;
use proptest::prelude::*;
use std::path::Path;

use crate::common::{self, run_audited};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1e-300)
}

/// Σ job + idle = site, for IT energy, facility energy, the carbon figures (marginal
/// included), water and cost; Scope 2 location + Scope 3 category 3 = life-cycle
/// operational; and the
/// streamed job records add up to the site's job totals.
pub(crate) fn assert_conservation(result: &ReplicationResult, jobs: &[JobRecord]) {
    for (i, site) in result.sites.iter().enumerate() {
        let pairs = [
            (
                "IT energy",
                site.site.it_energy_kwh,
                site.jobs.it_energy_kwh + site.idle.it_energy_kwh,
            ),
            (
                "facility energy",
                site.site.facility_energy_kwh,
                site.jobs.facility_energy_kwh + site.idle.facility_energy_kwh,
            ),
            (
                "operational CO2",
                site.site.co2_operational_kg,
                site.jobs.co2_operational_kg + site.idle.co2_operational_kg,
            ),
            (
                "Scope 2 location CO2",
                site.site.co2_scope2_location_kg,
                site.jobs.co2_scope2_location_kg + site.idle.co2_scope2_location_kg,
            ),
            (
                "Scope 3 category 3 CO2",
                site.site.co2_scope3_cat3_kg,
                site.jobs.co2_scope3_cat3_kg + site.idle.co2_scope3_cat3_kg,
            ),
            (
                "Scope 2 location + Scope 3 category 3 = life-cycle operational",
                site.site.co2_operational_kg,
                site.site.co2_scope2_location_kg + site.site.co2_scope3_cat3_kg,
            ),
            (
                "IT-only CO2",
                site.site.co2_it_only_kg,
                site.jobs.co2_it_only_kg + site.idle.co2_it_only_kg,
            ),
            (
                "marginal CO2",
                site.site.co2_marginal_kg,
                site.jobs.co2_marginal_kg + site.idle.co2_marginal_kg,
            ),
            (
                "on-site water",
                site.site.water_onsite_l,
                site.jobs.water_onsite_l + site.idle.water_onsite_l,
            ),
            (
                "off-site water",
                site.site.water_offsite_l,
                site.jobs.water_offsite_l + site.idle.water_offsite_l,
            ),
            (
                "energy cost",
                site.site.energy_cost_usd,
                site.jobs.energy_cost_usd + site.idle.energy_cost_usd,
            ),
        ];
        for (what, total, parts) in pairs {
            // Marginal carbon is NaN (absent) at a site without a marginal source: then
            // both sides are.
            assert!(
                close(total, parts, 1e-9) || (total.is_nan() && parts.is_nan()),
                "site {i} {what}: site {total} vs jobs + idle {parts}"
            );
        }
        // The records carry every charge, part-load surcharges included (settled when
        // the hour of a job's end closes).
        let of_records = |f: fn(&JobRecord) -> f64| {
            let mut sum = Sum::default();
            jobs.iter()
                .filter(|j| j.site as usize == i)
                .for_each(|j| sum.add(f(j)));
            sum.value()
        };
        for (what, records, totals) in [
            (
                "IT energy",
                of_records(|j| j.charges.it_energy_kwh),
                site.jobs.it_energy_kwh,
            ),
            (
                "facility energy",
                of_records(|j| j.charges.facility_energy_kwh),
                site.jobs.facility_energy_kwh,
            ),
            (
                "operational CO2",
                of_records(|j| j.charges.co2_operational_kg),
                site.jobs.co2_operational_kg,
            ),
            (
                "on-site water",
                of_records(|j| j.charges.water_onsite_l),
                site.jobs.water_onsite_l,
            ),
            (
                "energy cost",
                of_records(|j| j.charges.energy_cost_usd),
                site.jobs.energy_cost_usd,
            ),
        ] {
            assert!(
                close(records, totals, 1e-9),
                "site {i} {what}: job records {records} vs site job totals {totals}"
            );
        }
        assert!(site.site.it_energy_kwh > 0.0);
        // The peak hour draws at least the mean facility power of the window, and the p99
        // (1 % log bins, clipped to the peak) does not exceed it.
        let mean_kw = site.site.facility_energy_kwh / (result.window_s as f64 / 3_600.0);
        let p = site.peak;
        assert!(
            p.peak_facility_kw >= mean_kw * (1.0 - 1e-12),
            "site {i}: peak {} kW below the mean {mean_kw} kW",
            p.peak_facility_kw
        );
        assert!(p.p99_facility_kw <= p.peak_facility_kw && p.p99_facility_kw > 0.0);
        assert_eq!(p.hours_above_limit, 0, "no limit set");
    }
}

fn bench_scenario_with_days(days: u32, policy: &str) -> Scenario {
    let path = common::root().join("scenarios/bench/site-10k.toml");
    let text = std::fs::read_to_string(&path).expect("bench scenario");
    let text = text
        .replace("duration_days = 365", &format!("duration_days = {days}"))
        .replace("policy = \"fifo\"", &format!("policy = \"{policy}\""))
        .replace("jobs_per_year = 100000", "jobs_per_year = 300000");
    Scenario::from_toml(&text, "site-10k (test)", path.parent().unwrap(), "t").expect("valid")
}

#[test]
fn energy_is_conserved_on_the_default_scenario() {
    let scenario = Scenario::built_in_default().unwrap();
    let (result, jobs, _) = run_audited(&scenario);
    assert_conservation(&result, &jobs);
    let site = &result.sites[0];
    assert!(
        site.idle.it_energy_kwh > 0.0,
        "the default site has idle capacity"
    );
    assert!(
        site.site.co2_marginal_kg > 0.0,
        "the default site's grid preset gives a marginal intensity"
    );
    assert!(
        jobs.iter().any(|j| j.status == JobStatus::Running),
        "some jobs are cut by the window"
    );
}

#[test]
fn energy_is_conserved_with_hourly_carbon_intensity_and_both_policies() {
    for policy in ["fifo", "easy_backfill"] {
        let scenario = bench_scenario_with_days(20, policy);
        let (result, jobs, _) = run_audited(&scenario);
        assert_conservation(&result, &jobs);
        let site = &result.sites[0];
        // the CAISO series varies: the site's carbon is not a constant multiple of energy
        let hours = &site.hours;
        assert!(
            hours.iter().any(|h| h.factors.carbon_intensity_g_per_kwh
                != hours[0].factors.carbon_intensity_g_per_kwh)
        );
        assert_eq!(hours.len(), 20 * 24);
    }
}

fn fixed_jobs_scenario(
    nodes: u32,
    gpus_per_node: u32,
    policy: &str,
    jobs: &[(u32, u32, u32)],
) -> Scenario {
    fixed_jobs_scenario_cooled(nodes, gpus_per_node, policy, jobs, false)
}

/// A site at constant PUE, or (`cooled`) with a cooling system whose PUE and WUE follow
/// the hour's load.
fn fixed_jobs_scenario_cooled(
    nodes: u32,
    gpus_per_node: u32,
    policy: &str,
    jobs: &[(u32, u32, u32)],
    cooled: bool,
) -> Scenario {
    let facility = if cooled {
        "[sites.cooling]\nsystem = \"water_cooled_chiller\"\n[sites.weather]\npreset = \"US-TEX-ERCO\""
    } else {
        "pue = 1.3"
    };
    let mut text = format!(
        r#"
[simulation]
start = "2023-01-01T00:00:00Z"
[scheduler]
policy = "{policy}"
[[sites]]
name = "s"
{facility}
[sites.grid]
carbon_intensity_g_per_kwh = 300
[sites.cluster]
nodes = {nodes}
gpus_per_node = {gpus_per_node}
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1500
"#
    );
    for (i, (arrival_min, gpus, duration_min)) in jobs.iter().enumerate() {
        text.push_str(&format!(
            "[[workload.jobs]]\nname = \"j{i}\"\narrival_hours = {}\ngpus = {gpus}\nduration_hours = {}\ngpu_utilization = 0.{}\n",
            f64::from(*arrival_min) / 60.0,
            f64::from(*duration_min) / 60.0,
            5 + i % 5
        ));
    }
    Scenario::from_toml(&text, "generated", Path::new("."), "generated")
        .expect("generated scenario is valid")
}

fn job_strategy(max_gpus: u32) -> impl Strategy<Value = (u32, u32, u32)> {
    (
        0u32..600,
        prop_oneof![1u32..=max_gpus.min(8), Just(8u32), 8u32..=max_gpus],
        1u32..300,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Under both policies, at constant PUE or with part-load PUE and WUE: no node is ever
    /// over-allocated (the audit checks the cluster after every event and panics
    /// otherwise), energy, carbon, water and cost are conserved, and every job runs.
    #[test]
    fn no_over_allocation_and_conservation(
        nodes in 1u32..6,
        policy in prop_oneof![Just("fifo"), Just("easy_backfill")],
        jobs in proptest::collection::vec(job_strategy(16), 1..40),
        cooled in any::<bool>(),
    ) {
        let capacity = nodes * 4;
        let jobs: Vec<(u32, u32, u32)> = jobs
            .into_iter()
            .map(|(a, g, d)| (a, if g >= 4 { g.div_ceil(4).min(nodes) * 4 } else { g }, d))
            .filter(|&(_, g, _)| g <= capacity)
            .collect();
        prop_assume!(!jobs.is_empty());
        let scenario = fixed_jobs_scenario_cooled(nodes, 4, policy, &jobs, cooled);
        let (result, records, _) = run_audited(&scenario);
        assert_conservation(&result, &records);
        prop_assert_eq!(records.len(), jobs.len());
        prop_assert!(records.iter().all(|r| r.status == JobStatus::Completed));
    }

    /// EASY backfill never delays the reserved start of the queue head: with exact run
    /// times, every head starts no later than the first reservation made for it.
    #[test]
    fn easy_backfill_keeps_the_head_reservation(
        nodes in 2u32..6,
        jobs in proptest::collection::vec(job_strategy(32), 2..50),
    ) {
        let capacity = nodes * 8;
        let jobs: Vec<(u32, u32, u32)> = jobs.into_iter().filter(|&(_, g, _)| g.div_ceil(8) * 8 <= capacity || g < 8).collect();
        prop_assume!(jobs.len() >= 2);
        let scenario = fixed_jobs_scenario(nodes, 8, "easy_backfill", &jobs);
        let (_, records, audit) = run_audited(&scenario);
        let start_of = |id: u64| records.iter().find(|r| r.id == id).and_then(|r| r.start_s).expect("started");
        let mut checked = std::collections::HashSet::new();
        for r in &audit.reservations[0] {
            if checked.insert(r.job_id) {
                prop_assert!(start_of(r.job_id) <= r.start,
                    "job {} reserved at {} for {} started at {}", r.job_id, r.at, r.start, start_of(r.job_id));
            }
        }
    }
}

#[test]
fn backfill_actually_backfills() {
    // A long 2-node job blocks a 4-node head; short jobs behind it start at once.
    let scenario = fixed_jobs_scenario(
        4,
        8,
        "easy_backfill",
        &[(0, 16, 120), (1, 32, 60), (2, 8, 30), (3, 8, 200)],
    );
    let (_, records, audit) = run_audited(&scenario);
    let start = |i: u64| records.iter().find(|r| r.id == i).unwrap().start_s.unwrap();
    assert_eq!(
        start(2),
        120,
        "30-minute job backfilled at once (2 min arrival)"
    );
    assert_eq!(start(1), 120 * 60, "head starts when the first job ends");
    assert!(
        start(3) >= start(1),
        "a job that would delay the head waits"
    );
    assert!(!audit.reservations[0].is_empty());
    let fifo = fixed_jobs_scenario(
        4,
        8,
        "fifo",
        &[(0, 16, 120), (1, 32, 60), (2, 8, 30), (3, 8, 200)],
    );
    let (_, records, _) = run_audited(&fifo);
    assert!(
        records.iter().find(|r| r.id == 2).unwrap().start_s.unwrap() >= 120 * 60,
        "FIFO does not backfill"
    );
}

#[test]
fn identical_scenario_and_seed_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::root().join("scenarios/default.toml");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    common::run(&scenario, &a, &[]);
    common::run(&scenario, &b, &[]);
    common::run(&scenario, &c, &["--seed", "7"]);
    for file in ["jobs.csv", "hourly.csv", "summary.csv", "replications.csv"] {
        let x = std::fs::read(a.join(file)).unwrap();
        let y = std::fs::read(b.join(file)).unwrap();
        assert!(x == y, "{file} differs between two identical runs");
        assert!(!x.is_empty());
    }
    assert_ne!(
        std::fs::read(a.join("jobs.csv")).unwrap(),
        std::fs::read(c.join("jobs.csv")).unwrap(),
        "the seed matters"
    );
}

#[test]
fn built_in_default_equals_shipped_default_file() {
    let shipped = Scenario::from_file(&common::root().join("scenarios/default.toml")).unwrap();
    let built_in = Scenario::built_in_default().unwrap();
    assert_eq!(shipped.sha256, built_in.sha256);
    assert_eq!(shipped.workload, built_in.workload);
}

#[test]
fn cooling_parameters_replace_the_defaults_and_are_checked() {
    let base = std::fs::read_to_string(common::root().join("scenarios/default.toml")).unwrap();
    let with = |extra: &str| {
        base.replacen(
            "load_fraction = 0.7\n",
            &format!("load_fraction = 0.7\n{extra}"),
            1,
        )
    };
    let pue = |text: &str| {
        let s = Scenario::from_toml(text, "t", Path::new("."), "t").expect("valid");
        let (result, _, _) = run_audited(&s);
        result.sites[0].site.facility_energy_kwh / result.sites[0].site.it_energy_kwh
    };
    let lossy = with("[sites.cooling.parameters.electrical]\nups_efficiency = 0.90\n");
    assert!(pue(&lossy) > pue(&base) + 0.05, "a lossier UPS raises PUE");
    let typed = with("[sites.cooling.parameters]\ntype = \"air_cooled_chiller\"\n");
    assert_eq!(
        pue(&typed),
        pue(&base),
        "`type` among the parameters is ignored"
    );
    for (bad, expected) in [
        (
            "[sites.cooling.parameters.electrical]\nups_efficency = 0.9\n",
            "unknown field `ups_efficency`",
        ),
        (
            "[sites.cooling.parameters.electrical]\nups_efficiency = 1.5\n",
            "ups_efficiency = 1.5",
        ),
    ] {
        let e = Scenario::from_toml(&with(bad), "t.toml", Path::new("."), "t")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("sites[0].cooling.parameters") && e.contains(expected),
            "{e}"
        );
    }
}
