//! Cost of hourly physics: a one-year, four-site run with synthetic weather, cooling models
//! and synthetic grids (generated anew each replication), against the same run with
//! constant PUE and carbon intensity. Target (issue 3): at most 1.5× the constant run; the
//! part-load PUE of issue 13 included (`hourly-no-part-load` shows what it adds).
//!
//! `cargo bench --bench physics`

use criterion::{Criterion, criterion_group, criterion_main};
use footprint::results::NoJobs;
use footprint::run::run_replication;
use footprint::scenario::Scenario;
use std::path::Path;
use std::time::Duration;

const REGIONS: [(&str, &str); 4] = [
    ("US-CAL-CISO", "US-CAL-CISO"),
    ("DE-LU", "DE-LU"),
    ("CA-ON", "DE-LU"),
    ("ZA", "US-CAL-CISO"),
];

/// The benchmark scenario; `hourly` picks presets and cooling models over constants.
pub fn four_sites(hourly: bool) -> String {
    four_sites_with(hourly, true)
}

/// The same, with the part-load PUE model on or off (`part_load`; hourly runs only).
pub fn four_sites_with(hourly: bool, part_load: bool) -> String {
    let mut s = String::from(
        "[simulation]\nstart = \"2023-01-01T00:00:00Z\"\nduration_days = 365\nseed = 5\n[scheduler]\npolicy = \"easy_backfill\"\n",
    );
    for (i, (grid, weather)) in REGIONS.iter().enumerate() {
        s.push_str(&format!("[[sites]]\nname = \"s{i}\"\n"));
        if hourly {
            s.push_str(&format!(
                "[sites.cooling]\nsystem = \"chiller_waterside_economizer\"\n[sites.cooling.part_load]\nenabled = {part_load}\n[sites.weather]\npreset = \"{weather}\"\n[sites.grid]\npreset = \"{grid}\"\n"
            ));
        } else {
            s.push_str("pue = 1.15\nwue_l_per_kwh = 1.8\n[sites.grid]\ncarbon_intensity_g_per_kwh = 300\newif_l_per_kwh = 1.5\n");
        }
        s.push_str(
            "[sites.cluster]\nnodes = 250\ngpus_per_node = 8\naccelerator = \"H100\"\nhost_idle_power_w = 500\nhost_busy_power_w = 1000\n",
        );
    }
    s.push_str("[workload.arrivals]\njobs_per_year = 200000\n");
    for i in 0..4 {
        s.push_str(&format!(
            "[[workload.classes]]\nname = \"c{i}\"\nsite = \"s{i}\"\nshare = 1\ngpus = [1, 8, 64]\nduration_lognormal_mu = 8.5\nduration_lognormal_sigma = 1.5\nduration_max_hours = 336\n"
        ));
    }
    s
}

fn bench_physics(c: &mut Criterion) {
    let mut group = c.benchmark_group("four-sites-one-year");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, hourly, part_load) in [
        ("constant", false, false),
        ("hourly-physics", true, true),
        ("hourly-no-part-load", true, false),
    ] {
        let text = four_sites_with(hourly, part_load);
        let scenario = Scenario::from_toml(&text, name, Path::new("."), name).expect("valid");
        group.bench_function(name, |b| {
            b.iter(|| {
                run_replication(&scenario, 0, NoJobs)
                    .expect("runs")
                    .0
                    .events
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_physics);
criterion_main!(benches);
