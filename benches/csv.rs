//! Cost of writing `jobs.csv` (issues 11 and 14): formatting one row per job, and the digest
//! of the file for `manifest.json`.
//!
//! - `jobs_row`: [`push_job_row`] on 10,000 records shaped like site-10k's (whole seconds,
//!   UTC instants a few minutes apart, fifteen 17-digit reals per row of which one below
//!   1e-5, zeros and small counts); throughput in rows.
//! - `digest`: the file digest over 4 MiB in blocks of 400 KiB (the size of a batch of
//!   `jobs.csv` rows), BLAKE3 (what `manifest.json` records, [`Hashing`]) against SHA-256
//!   (what it recorded before); throughput in bytes.
//!
//! `cargo bench --bench csv` (about 20 s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use footprint::accounting::Charges;
use footprint::digest::Hashing;
use footprint::metrics::jobs::{JobRow, push_job_row};
use footprint::results::{JobOps, JobRecord, JobStatus};
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;

const ROWS: usize = 10_000;

/// Records like those of site-10k: 1–8 GPUs, minutes to hours, energies and carbon from
/// products of measured-looking reals.
fn records() -> Vec<JobRecord> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
    let mut arrival = 0u64;
    (0..ROWS as u64)
        .map(|id| {
            arrival += rng.random_range(0..600);
            let gpus = [1u32, 2, 4, 8][rng.random_range(0..4)];
            let duration = rng.random_range(60..20_000u64);
            let gpu_hours = f64::from(gpus) * duration as f64 / 3_600.0;
            let kwh = gpu_hours * rng.random_range(0.5..0.8);
            let facility = kwh * rng.random_range(1.1..1.3);
            let co2 = facility * rng.random_range(0.2..0.4);
            JobRecord {
                id,
                label: 0,
                site: 0,
                gpus,
                allocated_gpus: gpus,
                nodes: 1,
                arrival_s: arrival,
                start_s: Some(arrival),
                end_s: Some(arrival + duration),
                duration_s: duration,
                gpu_utilization: 1.0,
                status: JobStatus::Completed,
                gpu_hours,
                charges: Charges {
                    it_energy_kwh: kwh,
                    facility_energy_kwh: facility,
                    co2_operational_kg: co2,
                    co2_scope2_location_kg: co2 * 0.77,
                    co2_scope3_cat3_kg: co2 * 0.23,
                    co2_it_only_kg: kwh * 0.31,
                    co2_marginal_kg: f64::NAN,
                    water_onsite_l: 0.0,
                    water_offsite_l: 0.0,
                    energy_cost_usd: facility * 0.0135,
                },
                co2_embodied_gpu_kg: gpu_hours * 0.00367,
                co2_embodied_server_kg: gpu_hours * 0.0070,
                adp_kg_sb_eq: gpu_hours * 1.17e-6,
                water_embodied_l: 0.0,
                hardware_cost_usd: 0.0,
                ops: JobOps {
                    effective_training_fraction: 1.0,
                    work_done_s: duration as f64,
                    ..Default::default()
                },
            }
        })
        .collect()
}

fn jobs_row(c: &mut Criterion) {
    let records = records();
    let mut group = c.benchmark_group("jobs_row");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.measurement_time(Duration::from_secs(5));
    let mut out = Vec::with_capacity(ROWS * 512);
    group.bench_function("push_job_row", |b| {
        b.iter(|| {
            out.clear();
            for job in &records {
                let row = JobRow {
                    job,
                    point: "base",
                    replication: 0,
                    label: "1-gpu",
                    site: "bench",
                    start_unix: 1_672_531_200,
                };
                push_job_row(&mut out, &row, 1, &[]);
            }
            black_box(out.len())
        })
    });
    group.finish();
}

fn digest(c: &mut Criterion) {
    let data: Vec<u8> = (0..4u32 << 20)
        .map(|i| b"0123456789.,-\n"[(i.wrapping_mul(2_654_435_761) >> 28) as usize % 14])
        .collect();
    let block = 400 << 10;
    let mut group = c.benchmark_group("digest");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("blake3", |b| {
        b.iter(|| {
            let mut h = Hashing::new();
            for chunk in data.chunks(block) {
                h.update(chunk);
            }
            black_box(h.finish(String::new()))
        })
    });
    group.bench_function("sha256", |b| {
        b.iter(|| {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            for chunk in data.chunks(block) {
                h.update(chunk);
            }
            black_box(h.finalize())
        })
    });
    group.finish();
}

criterion_group!(benches, jobs_row, digest);
criterion_main!(benches);
