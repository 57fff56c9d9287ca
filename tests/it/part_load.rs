//! Part-load PUE and WUE: a lightly loaded site runs at a higher PUE, `enabled = false`
//! keeps the series' values, and bad `[sites.cooling.part_load]` input is a clear error.

use crate::common::{MINIMAL_SCENARIO, edit, run_audited};
use footprint::results::{JobRecord, ReplicationResult};
use footprint::scenario::Scenario;
use std::path::Path;

/// The minimal scenario on 8 nodes with a cooling system, a `job_gpus`-GPU job for the two
/// days, and `part_load` as the `[sites.cooling.part_load]` table.
fn cooled(job_gpus: u32, part_load: &str, extra_job: &str) -> String {
    let text = edit(
        MINIMAL_SCENARIO,
        "pue = 1.2",
        &format!(
            "[sites.cooling]\nsystem = \"water_cooled_chiller\"\n[sites.cooling.part_load]\n{part_load}\n[sites.weather]\npreset = \"US-TEX-ERCO\""
        ),
    );
    let text = edit(&text, "nodes = 2", "nodes = 8");
    let text = edit(&text, "gpus = 8\n", &format!("gpus = {job_gpus}\n"));
    let text = edit(&text, "duration_hours = 5", "duration_hours = 60");
    format!("{text}{extra_job}")
}

fn run(text: &str) -> (ReplicationResult, Vec<JobRecord>) {
    let scenario = Scenario::from_toml(text, "part-load", Path::new("."), "t")
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (result, jobs, _) = run_audited(&scenario);
    (result, jobs)
}

fn annual_pue(r: &ReplicationResult) -> f64 {
    r.sites[0].site.facility_energy_kwh / r.sites[0].site.it_energy_kwh
}

#[test]
fn a_lightly_loaded_site_runs_at_a_higher_pue_and_wue() {
    let (light, _) = run(&cooled(8, "", ""));
    let (busy, _) = run(&cooled(64, "", ""));
    assert!(
        annual_pue(&light) > annual_pue(&busy) + 0.01,
        "light {} vs busy {}",
        annual_pue(&light),
        annual_pue(&busy)
    );
    let wue =
        |r: &ReplicationResult| r.sites[0].site.water_onsite_l / r.sites[0].site.it_energy_kwh;
    assert!(
        wue(&light) > wue(&busy),
        "{} vs {}",
        wue(&light),
        wue(&busy)
    );
    // hour by hour, on the same weather
    for (a, b) in light.sites[0].hours.iter().zip(&busy.sites[0].hours) {
        assert!(a.factors.pue > b.factors.pue, "{a:?} vs {b:?}");
    }
}

#[test]
fn disabled_part_load_keeps_the_series_values_whatever_the_load() {
    let (light, _) = run(&cooled(8, "enabled = false", ""));
    let (busy, _) = run(&cooled(64, "enabled = false", ""));
    assert_eq!(light.sites[0].hours.len(), 48);
    for (a, b) in light.sites[0].hours.iter().zip(&busy.sites[0].hours) {
        assert_eq!(a.factors.pue, b.factors.pue);
        assert_eq!(a.factors.wue_l_per_kwh, b.factors.wue_l_per_kwh);
    }
}

#[test]
fn work_lost_to_failures_is_valued_at_the_series_pue() {
    let failing = "[sites.failures]\nrate_per_gpu_hour = 0.01\n";
    let on = edit(
        &cooled(64, "", ""),
        "[sites.cluster]",
        &format!("{failing}[sites.cluster]"),
    );
    let off = edit(
        &cooled(64, "enabled = false", ""),
        "[sites.cluster]",
        &format!("{failing}[sites.cluster]"),
    );
    let ((_, a), (_, b)) = (run(&on), run(&off));
    assert!(a[0].ops.interruptions > 0);
    let (x, y) = (a[0].ops.lost, b[0].ops.lost);
    assert!(x.it_energy_kwh > 0.0);
    for (p, q) in [
        (x.it_energy_kwh, y.it_energy_kwh),
        (x.facility_energy_kwh, y.facility_energy_kwh),
        (x.co2_operational_kg, y.co2_operational_kg),
        (x.water_onsite_l, y.water_onsite_l),
    ] {
        assert_eq!(p, q);
    }
    // while the job's own charges carry the part-load surcharge
    assert_ne!(
        a[0].charges.facility_energy_kwh,
        b[0].charges.facility_energy_kwh
    );
}

#[test]
fn bad_part_load_input_names_the_key() {
    for (table, expected) in [
        ("ups_no_load = 0.3", "ups_no_load"),
        ("ups_no_load_share = 2", "part_load.ups_no_load_share"),
        ("min_flow_fraction = -1", "part_load.min_flow_fraction"),
        ("design_it_kw = 0", "part_load.design_it_kw"),
    ] {
        let text = cooled(8, table, "");
        let e = Scenario::from_toml(&text, "part-load", Path::new("."), "t")
            .expect_err(table)
            .to_string();
        assert!(e.contains(expected), "{table}: {e}");
    }
}
