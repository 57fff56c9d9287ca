//! Whole-model benchmarks: the issue-2 benchmark sites, defined in
//! `scenarios/bench/site-10k.toml` and `site-100k.toml` so that other tools can run the
//! same thing. They read the CAISO 2023 series shipped in `data/grid`.
//!
//! `cargo bench --bench scenarios`. Wall time and peak memory of the command-line run
//! (`/usr/bin/time -v target/release/footprint run scenarios/bench/site-100k.toml`) are
//! reported in the issue notes; this measures the simulation itself.

use criterion::{Criterion, criterion_group, criterion_main};
use footprint::results::NoJobs;
use footprint::run::run_replication;
use footprint::scenario::Scenario;
use std::path::Path;
use std::time::Duration;

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/bench")
        .join(name);
    Scenario::from_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn bench_sites(c: &mut Criterion) {
    let mut group = c.benchmark_group("site-year");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for name in ["site-10k.toml", "site-100k.toml"] {
        let scenario = load(name);
        group.bench_function(name.trim_end_matches(".toml"), |b| {
            b.iter(|| {
                let (result, _) = run_replication(&scenario, 0, NoJobs).expect("runs");
                result.events
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sites);
criterion_main!(benches);
