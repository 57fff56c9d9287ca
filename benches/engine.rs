//! Event-queue throughput on the classic hold model.
//!
//! The hold model (Jones 1986; used by Brown 1988 to evaluate the calendar queue) keeps the
//! number of pending events constant: after pre-filling the queue with `N` events, each
//! *hold* operation pops the earliest event and pushes a new one at its time plus an
//! exponentially distributed increment. It is the usual yardstick for a simulation's
//! pending event set, because a simulation in steady state does exactly that.
//!
//! The increments have a mean of 1e9 seconds. Times are whole seconds (`SimTime = u64`), so
//! a small mean would truncate most increments to a few distinct integers and turn the
//! benchmark into a test of ties; with a mean of 1e9 the truncation is negligible and the
//! distribution is effectively continuous, as in the literature.
//!
//! Increments are drawn ahead of time into a ring buffer, so the random number generator's
//! cost does not dominate the measurement. Each benchmark iteration is a batch of `BATCH`
//! hold operations on a queue filled once and reused across iterations; throughput is
//! reported in hold operations (one pop plus one push) per second.
//!
//! Three queues are compared at each size: [`LaneQueue`] (the engine's: the calendar queue,
//! or a sorted array while at most 33 events are pending, with a lane for events at the
//! current instant, which the hold model never uses), the
//! calendar queue alone and the binary heap alone; the engine's queue should be at least
//! as fast as the heap at every size.
//!
//! A second group, `jobs/site-100k`, draws the synthetic jobs of `scenarios/bench/site-100k.toml`
//! (three log-normal classes, a million jobs a year) through [`JobStream`], the other half of
//! the engine's per-job cost: jobs per second.
//!
//! Run with `cargo bench --bench engine`; it takes about a minute on two cores.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use footprint::engine::event::{Event, EventQueue};
use footprint::engine::lane::LaneQueue;
use footprint::engine::queue::{BinaryHeapQueue, CalendarQueue};
use footprint::workload::{
    DurationModel, Flexibility, JobClassConfig, JobStream, SyntheticConfig, WorkloadConfig,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};

/// Mean increment in seconds (see the module docs for why it is this large).
const MEAN: f64 = 1e9;

/// Pre-drawn increments; a power of two so the index is a mask.
const RING: usize = 1 << 20;

/// Hold operations per benchmark iteration.
const BATCH: u64 = 200_000;

/// Pending-event counts to measure.
const SIZES: [usize; 5] = [10, 50, 1_000, 100_000, 1_000_000];

/// A queue in the hold model's steady state, with the state needed to continue it.
struct Hold<'a, Q> {
    queue: Q,
    ring: &'a [u64],
    pos: usize,
    seq: u64,
}

impl<'a, Q: EventQueue<u64>> Hold<'a, Q> {
    /// Fills `queue` with `n` events at times `Exp(MEAN)` after time 0.
    fn new(mut queue: Q, n: usize, ring: &'a [u64]) -> Self {
        for i in 0..n {
            queue.push(Event::new(ring[i % RING], 0, i as u64, i as u64));
        }
        Hold {
            queue,
            ring,
            pos: n,
            seq: n as u64,
        }
    }

    /// Runs `ops` hold operations.
    #[inline(never)]
    fn run(&mut self, ops: u64) {
        for _ in 0..ops {
            let e = self.queue.pop().expect("hold model never empties");
            let dt = self.ring[self.pos & (RING - 1)];
            self.pos = self.pos.wrapping_add(1);
            self.queue
                .push(Event::new(e.time + dt, 0, self.seq, black_box(e.kind)));
            self.seq += 1;
        }
    }
}

/// Exponential increments with mean [`MEAN`], truncated to whole seconds.
fn increments() -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let exp = Exp::new(1.0 / MEAN).expect("positive rate");
    (0..RING).map(|_| exp.sample(&mut rng) as u64).collect()
}

/// Benchmarks hold batches on a filled queue, reusing it across iterations.
fn bench_queue<Q: EventQueue<u64>>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    queue: Q,
    n: usize,
    ring: &[u64],
) {
    let mut hold = Hold::new(queue, n, ring);
    // Settle into the steady state before measuring.
    hold.run(2 * n as u64);
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                hold.run(BATCH);
            }
            start.elapsed()
        })
    });
}

fn hold_model(c: &mut Criterion) {
    let ring = increments();
    for n in SIZES {
        let mut group = c.benchmark_group(format!("hold/{n}"));
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .throughput(Throughput::Elements(BATCH));
        bench_queue(&mut group, "lane", LaneQueue::new(), n, &ring);
        bench_queue(&mut group, "calendar", CalendarQueue::new(), n, &ring);
        bench_queue(&mut group, "binary_heap", BinaryHeapQueue::new(), n, &ring);
        group.finish();
    }
}

/// The workload of `scenarios/bench/site-100k.toml`: a million jobs a year in three classes.
fn site_100k_workload() -> WorkloadConfig {
    let class =
        |label: u32, share: f64, gpus: Vec<u32>, mu: f64, sigma: f64, max_h: u64| JobClassConfig {
            label,
            site: 0,
            share,
            gpus,
            duration: DurationModel::LogNormal {
                mu,
                sigma,
                max_s: max_h * 3_600,
            },
            gpu_utilization: 0.9,
            slack_s: None,
            flex: Flexibility::default(),
        };
    WorkloadConfig {
        labels: vec!["1-gpu".into(), "8-gpu".into(), "large".into()],
        fixed: Vec::new(),
        synthetic: Some(SyntheticConfig {
            rate_per_s: 1e6 / (365.0 * 86_400.0),
            classes: vec![
                class(0, 0.70, vec![1], 6.85, 2.18, 336),
                class(1, 0.25, vec![8], 8.5, 1.5, 336),
                class(2, 0.05, vec![64, 128, 256, 512], 11.0, 0.8, 720),
            ],
            profile: None,
            start_unix: 1_672_531_200,
        }),
    }
}

/// Jobs drawn per iteration of the job-generation bench.
const JOBS: u64 = 100_000;

fn job_generation(c: &mut Criterion) {
    let workload = site_100k_workload();
    let mut group = c.benchmark_group("jobs");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(JOBS));
    let mut seed = 0;
    group.bench_function("site-100k", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                seed += 1;
                let mut stream = JobStream::new(&workload, seed, u64::MAX);
                for _ in 0..JOBS {
                    black_box(stream.next());
                }
            }
            start.elapsed()
        })
    });
    group.finish();
}

criterion_group!(benches, hold_model, job_generation);
criterion_main!(benches);
