//! The minimal model: the site-100k benchmark model (`scenarios/bench/site-100k.toml`)
//! written in the simplest correct way, as a yardstick for footprint's cost per event.
//!
//! It does only what that scenario needs and nothing footprint adds (no per-job
//! attribution, no phases, failures, policies other than FIFO, no hourly table):
//!
//! - Poisson arrivals at `jobs_per_year / (365 × 86,400)` per second, each time floored to
//!   a whole second; arrivals stop at the end of the window;
//! - each job picks a class by share, a GPU count uniformly from the class's list and a
//!   duration `round(min(exp(μ + σZ), cap))` seconds (at least 1);
//! - strict FIFO: the head of the queue starts as soon as it fits, nobody passes it;
//! - best-fit placement: a job smaller than a node goes to a node with the fewest free
//!   GPUs that still fit it (nodes kept in buckets by free count, the last node of the
//!   bucket taken); a job of a node or more takes whole idle nodes;
//! - site power, piecewise constant between events: running GPUs at their busy power,
//!   the others at idle power, busy nodes' hosts at busy power and idle nodes' at idle
//!   power; times PUE for facility energy; carbon is facility energy times the hour's
//!   carbon intensity, integrated exactly by splitting intervals at hour boundaries.
//!
//! Its random streams differ from footprint's, so the two agree in distribution, not
//! draw by draw: `tests/it/minimal_model.rs` checks that their totals agree within noise,
//! and `benches/minimal.rs` reports footprint's CPU time over this model's.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, StandardNormal};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// One job class.
#[derive(Clone, Debug)]
pub struct Class {
    /// Relative weight.
    pub share: f64,
    /// GPU counts, chosen uniformly.
    pub gpus: Vec<u32>,
    /// Log-normal μ of the duration, ln(seconds).
    pub mu: f64,
    /// Log-normal σ of the duration, ln(seconds).
    pub sigma: f64,
    /// Duration cap, seconds.
    pub max_s: u64,
}

/// The site and workload.
#[derive(Clone, Debug)]
pub struct Model {
    /// Nodes.
    pub nodes: u32,
    /// GPUs per node.
    pub gpus_per_node: u32,
    /// Power of a GPU running a job, W.
    pub gpu_busy_w: f64,
    /// Power of an unallocated GPU, W.
    pub gpu_idle_w: f64,
    /// Host power of a node with at least one GPU allocated, W.
    pub host_busy_w: f64,
    /// Host power of a node with no GPU allocated, W.
    pub host_idle_w: f64,
    /// Power usage effectiveness.
    pub pue: f64,
    /// Carbon intensity of each hour from the start, g/kWh (the last hour repeats).
    pub carbon_intensity_g_per_kwh: Vec<f64>,
    /// Mean arrivals per 365-day year.
    pub jobs_per_year: f64,
    /// Job classes.
    pub classes: Vec<Class>,
    /// Window, seconds.
    pub duration_s: u64,
}

/// What a run adds up.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    /// Site IT energy, kWh.
    pub it_energy_kwh: f64,
    /// Facility energy, kWh.
    pub facility_energy_kwh: f64,
    /// Operational carbon, kg CO2e.
    pub co2_kg: f64,
    /// GPU-seconds allocated to jobs.
    pub allocated_gpu_s: f64,
    /// Jobs submitted within the window.
    pub submitted: u64,
    /// Jobs started.
    pub started: u64,
    /// Jobs completed within the window.
    pub completed: u64,
    /// Events handled (arrivals and completions).
    pub events: u64,
}

/// The site model of `scenarios/bench/site-100k.toml` with `nodes` nodes, `jobs_per_year`
/// arrivals and the given hourly carbon intensity.
pub fn site_model(nodes: u32, jobs_per_year: f64, carbon_intensity_g_per_kwh: Vec<f64>) -> Model {
    Model {
        nodes,
        gpus_per_node: 8,
        gpu_busy_w: 630.0,
        gpu_idle_w: 100.0,
        host_busy_w: 1_000.0,
        host_idle_w: 500.0,
        pue: 1.2,
        carbon_intensity_g_per_kwh,
        jobs_per_year,
        classes: vec![
            Class {
                share: 0.70,
                gpus: vec![1],
                mu: 6.85,
                sigma: 2.18,
                max_s: 336 * 3_600,
            },
            Class {
                share: 0.25,
                gpus: vec![8],
                mu: 8.5,
                sigma: 1.5,
                max_s: 336 * 3_600,
            },
            Class {
                share: 0.05,
                gpus: vec![64, 128, 256, 512],
                mu: 11.0,
                sigma: 0.8,
                max_s: 720 * 3_600,
            },
        ],
        duration_s: 365 * 86_400,
    }
}

/// Free GPUs per node, with nodes grouped in buckets by free count for best fit.
struct Nodes {
    free: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    position: Vec<usize>,
}

impl Nodes {
    fn new(nodes: u32, per_node: u32) -> Self {
        let mut buckets = vec![Vec::new(); per_node as usize + 1];
        buckets[per_node as usize] = (0..nodes).collect();
        Nodes {
            free: vec![per_node; nodes as usize],
            buckets,
            position: (0..nodes as usize).collect(),
        }
    }

    fn set_free(&mut self, node: u32, free: u32) {
        let (n, old) = (node as usize, self.free[node as usize] as usize);
        let pos = self.position[n];
        self.buckets[old].swap_remove(pos);
        if let Some(&moved) = self.buckets[old].get(pos) {
            self.position[moved as usize] = pos;
        }
        self.position[n] = self.buckets[free as usize].len();
        self.buckets[free as usize].push(node);
        self.free[n] = free;
    }
}

/// Runs the model with random seed `seed`.
pub fn run(m: &Model, seed: u64) -> Totals {
    let per_node = m.gpus_per_node;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let interarrival = Exp::new(m.jobs_per_year / (365.0 * 86_400.0)).expect("positive rate");
    let total_share: f64 = m.classes.iter().map(|c| c.share).sum();
    let mut nodes = Nodes::new(m.nodes, per_node);
    // Running jobs: (end, job) in a min-heap; each job's (first node, nodes, GPUs per node).
    let mut ends: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut running: Vec<(Vec<u32>, u32)> = Vec::new();
    let mut free_ids: Vec<usize> = Vec::new();
    let mut queue: VecDeque<(u32, u64)> = VecDeque::new();
    let mut totals = Totals::default();
    let (mut busy_gpus, mut clock_s, mut last_s) = (0u64, 0.0f64, 0u64);
    clock_s += interarrival.sample(&mut rng);
    let mut next_arrival = clock_s.floor() as u64;
    let ci = &m.carbon_intensity_g_per_kwh;
    loop {
        let next_end = ends.peek().map_or(u64::MAX, |r| r.0.0);
        let now = next_end.min(next_arrival).min(m.duration_s);
        // Integrate the constant power of [last_s, now), split at hour boundaries.
        let idle_nodes = nodes.buckets[per_node as usize].len() as f64;
        let busy_nodes = f64::from(m.nodes) - idle_nodes;
        let total_gpus = f64::from(m.nodes) * f64::from(per_node);
        let power_w = busy_gpus as f64 * m.gpu_busy_w
            + (total_gpus - busy_gpus as f64) * m.gpu_idle_w
            + busy_nodes * m.host_busy_w
            + idle_nodes * m.host_idle_w;
        let mut t = last_s;
        while t < now {
            let hour = (t / 3_600) as usize;
            let until = now.min((hour as u64 + 1) * 3_600);
            let kwh = power_w * (until - t) as f64 / 3.6e6;
            totals.it_energy_kwh += kwh;
            totals.co2_kg += kwh * m.pue * ci[hour.min(ci.len() - 1)] / 1_000.0;
            t = until;
        }
        totals.allocated_gpu_s += busy_gpus as f64 * (now - last_s) as f64;
        last_s = now;
        if now >= m.duration_s {
            break;
        }
        totals.events += 1;
        if next_end <= next_arrival {
            // Completion first at equal times: it frees GPUs for the arrival.
            let Reverse((_, id)) = ends.pop().expect("peeked");
            let (held, each) = std::mem::take(&mut running[id]);
            for node in held {
                let free = nodes.free[node as usize] + each;
                nodes.set_free(node, free);
                busy_gpus -= u64::from(each);
            }
            free_ids.push(id);
            totals.completed += 1;
        } else {
            let mut pick = rng.random::<f64>() * total_share;
            let class = m
                .classes
                .iter()
                .find(|c| {
                    pick -= c.share;
                    pick < 0.0
                })
                .unwrap_or(&m.classes[m.classes.len() - 1]);
            let gpus = class.gpus[rng.random_range(0..class.gpus.len())];
            let z: f64 = StandardNormal.sample(&mut rng);
            let seconds = (class.mu + class.sigma * z).exp().min(class.max_s as f64);
            queue.push_back((gpus, seconds.round().max(1.0) as u64));
            totals.submitted += 1;
            clock_s += interarrival.sample(&mut rng);
            next_arrival = clock_s.floor() as u64;
        }
        // Strict FIFO: start the head while it fits.
        while let Some(&(gpus, duration_s)) = queue.front() {
            let held = if gpus < per_node {
                match (gpus..=per_node).find(|&f| !nodes.buckets[f as usize].is_empty()) {
                    Some(f) => {
                        let node = *nodes.buckets[f as usize].last().expect("non-empty");
                        nodes.set_free(node, f - gpus);
                        (vec![node], gpus)
                    }
                    None => break,
                }
            } else {
                let k = gpus.div_ceil(per_node) as usize;
                if nodes.buckets[per_node as usize].len() < k {
                    break;
                }
                let mut held = Vec::with_capacity(k);
                for _ in 0..k {
                    let node = *nodes.buckets[per_node as usize].last().expect("counted");
                    nodes.set_free(node, 0);
                    held.push(node);
                }
                (held, per_node)
            };
            queue.pop_front();
            busy_gpus += held.0.len() as u64 * u64::from(held.1);
            let id = free_ids.pop().unwrap_or_else(|| {
                running.push((Vec::new(), 0));
                running.len() - 1
            });
            running[id] = held;
            ends.push(Reverse((now + duration_s, id)));
            totals.started += 1;
        }
    }
    totals.facility_energy_kwh = totals.it_energy_kwh * m.pue;
    totals
}
