//! footprint against the minimal model (`benches/reference/minimal.rs`) on site-100k.
//!
//! Runs the two alternately, `RUNS` times each (`FOOTPRINT_MINIMAL_RUNS`, default 5), one
//! replication per run on this thread, and prints the median CPU time of each (this
//! thread's time on a CPU from `/proc/thread-self/schedstat`, so that other processes on a
//! shared machine count less than in wall time; wall time where that file is missing) and
//! their ratio. Both use the same synthetic hourly carbon intensity (the bench needs no
//! data files), footprint through its library on `scenarios/bench/site-100k.toml`.
//!
//! `FOOTPRINT_MINIMAL_SCALE=10` multiplies nodes and arrivals by 10 (a million GPUs at the
//! same load per GPU), for the growth from 1e5 to 1e6 GPUs.
//!
//! Run with `cargo bench --bench minimal`.

#[path = "reference/minimal.rs"]
mod minimal;
#[path = "reference/synthetic_ci.rs"]
mod synthetic_ci;

use footprint::results::NoJobs;
use footprint::scenario::Scenario;
use std::time::Instant;

/// Seconds this thread has spent on a CPU (wall-clock seconds since `origin` if unknown).
fn cpu_s(origin: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| origin.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("FOOTPRINT_MINIMAL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let scale: u32 = std::env::var("FOOTPRINT_MINIMAL_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scenarios/bench/site-100k.toml"))
        .expect("site-100k scenario");
    let text = synthetic_ci::reading_ci_csv(&text);
    let text = text
        .replace("nodes = 12500", &format!("nodes = {}", 12_500 * scale))
        .replace(
            "jobs_per_year = 1000000",
            &format!("jobs_per_year = {}", 1_000_000 * u64::from(scale)),
        );
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("ci.csv"), synthetic_ci::ci_csv()).expect("write ci.csv");
    let scenario = Scenario::from_toml(&text, "site-100k-synthetic.toml", tmp.path(), "site-100k")
        .expect("valid");
    let model = minimal::site_model(
        12_500 * scale,
        1e6 * f64::from(scale),
        (0..8_760).map(synthetic_ci::carbon_intensity).collect(),
    );
    let origin = Instant::now();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut ours_wall, mut theirs_wall) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (w, c) = (Instant::now(), cpu_s(origin));
        let (result, _) =
            footprint::run::run_replication(&scenario, 0, NoJobs).expect("footprint runs");
        ours.push(cpu_s(origin) - c);
        ours_wall.push(w.elapsed().as_secs_f64());
        let (w, c) = (Instant::now(), cpu_s(origin));
        let totals = minimal::run(&model, run as u64);
        theirs.push(cpu_s(origin) - c);
        theirs_wall.push(w.elapsed().as_secs_f64());
        eprintln!(
            "run {run}: footprint {:.3} s CPU ({} events, {:.0} kWh), minimal {:.3} s CPU ({} events, {:.0} kWh)",
            ours[run],
            result.events,
            result.sites[0].site.it_energy_kwh,
            theirs[run],
            totals.events,
            totals.it_energy_kwh
        );
    }
    let (a, b) = (median(&mut ours), median(&mut theirs));
    let (aw, bw) = (median(&mut ours_wall), median(&mut theirs_wall));
    println!(
        "site-100k ×{scale}: footprint {a:.3} s CPU ({aw:.3} s wall), minimal {b:.3} s CPU ({bw:.3} s wall): footprint/minimal = {:.2} CPU, {:.2} wall (medians of {runs} alternated runs)",
        a / b,
        aw / bw
    );
}
