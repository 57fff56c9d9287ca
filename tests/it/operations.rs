//! Operations: scheduling policies, temporal and spatial shifting, power capping, failures
//! and checkpoints.

use footprint::results::{JobRecord, JobStatus, ReplicationResult};
use footprint::scenario::Scenario;
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

use crate::common::{self, run_audited as run};

fn scenario(text: &str, base: &Path) -> Scenario {
    Scenario::from_toml(text, "test", base, "test").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// An Electricity Maps CSV with the given hourly values from 2023-01-01.
fn ci_csv(dir: &Path, values: &[f64]) -> std::path::PathBuf {
    let path = dir.join("ci.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)").unwrap();
    for (h, v) in values.iter().enumerate() {
        let (d, hh) = (h / 24, h % 24);
        let (month, day) = if d < 31 { (1, d + 1) } else { (2, d - 30) };
        writeln!(f, "2023-{month:02}-{day:02} {hh:02}:00:00,X,{v},{v}").unwrap();
    }
    path
}

fn one_site(nodes: u32, grid: &str, extra_site: &str) -> String {
    format!(
        r#"
[simulation]
start = "2023-01-01T00:00:00Z"
[scheduler]
policy = "easy_backfill"
[scheduler.temporal]
objective = "carbon"
forecast = "perfect"
[[sites]]
name = "s"
pue = 1.2
{extra_site}
[sites.grid]
{grid}
[sites.cluster]
nodes = {nodes}
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1500
"#
    )
}

fn job(
    gpus: u32,
    arrival_h: f64,
    duration_h: f64,
    deadline_h: Option<f64>,
    interruptible: bool,
    ckpt_h: Option<f64>,
) -> String {
    let mut s = format!(
        "[[workload.jobs]]\ngpus = {gpus}\narrival_hours = {arrival_h}\nduration_hours = {duration_h}\n"
    );
    if let Some(d) = deadline_h {
        s.push_str(&format!("deadline_hours = {d}\n"));
    }
    if interruptible {
        s.push_str("interruptible = true\n");
    }
    if let Some(c) = ckpt_h {
        s.push_str(&format!("checkpoint_interval_hours = {c}\n"));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A deferrable job alone on a site: it never misses a feasible deadline, shifting never
    /// raises its operational carbon (perfect forecast), and pausing conserves its work.
    #[test]
    fn shifting_alone_meets_deadlines_saves_carbon_and_conserves_work(
        values in proptest::collection::vec(20.0f64..800.0, 24 * 20),
        arrival_h in 0.0f64..100.0,
        duration_h in 1.0f64..48.0,
        slack_h in 0.0f64..120.0,
        interruptible in any::<bool>(),
        ckpt in proptest::option::of(0.5f64..6.0),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let csv = ci_csv(dir.path(), &values);
        let grid = format!("carbon_intensity_csv = {:?}", csv.display().to_string());
        // The deadline leaves room for checkpoint writes and pause/resume overheads.
        let overhead_h = 0.5;
        let deadline = duration_h + overhead_h + slack_h;
        let base = one_site(4, &grid, "");
        let shifted = scenario(&format!("{base}{}", job(16, arrival_h, duration_h, Some(deadline), interruptible, ckpt)), dir.path());
        let plain = scenario(&format!("{}{}", base.replace("[scheduler.temporal]\nobjective = \"carbon\"\nforecast = \"perfect\"\n", ""), job(16, arrival_h, duration_h, Some(deadline), false, ckpt)), dir.path());
        let (_, a, _) = run(&shifted);
        let (_, b, _) = run(&plain);
        let (a, b) = (&a[0], &b[0]);
        prop_assert_eq!(a.status, JobStatus::Completed);
        // Starting at arrival is a feasible schedule whenever it meets the deadline.
        if !b.ops.deadline_missed {
            prop_assert!(!a.ops.deadline_missed, "deadline missed: {:?}", a);
        }
        prop_assert!((a.ops.work_done_s - (duration_h * 3_600.0).round()).abs() < 1e-6, "work {} vs {}", a.ops.work_done_s, duration_h * 3_600.0);
        prop_assert!(a.charges.co2_operational_kg <= b.charges.co2_operational_kg * (1.0 + 1e-9) + 1e-9,
            "shifted {} > at arrival {} ({} pauses)", a.charges.co2_operational_kg, b.charges.co2_operational_kg, a.ops.pauses);
    }

    /// Under every policy and operation, no node is over-allocated and energy is conserved
    /// (the audit checks the cluster and the power bookkeeping after every event).
    #[test]
    fn no_over_allocation_under_any_operation(
        policy in prop_oneof![Just("fifo"), Just("easy_backfill")],
        priority in any::<bool>(),
        capped in any::<bool>(),
        failures in any::<bool>(),
        spatial in any::<bool>(),
        part_load in any::<bool>(),
        seed in 0u64..1_000,
    ) {
        let text = format!(r#"
[simulation]
start = "2023-05-01T00:00:00Z"
duration_days = 3
seed = {seed}
[scheduler]
policy = "{policy}"
priority = {priority}
[scheduler.temporal]
objective = "carbon"
forecast = "perfect"
{spatial_table}
[[sites]]
name = "a"
{facility}
{cap}
{fail}
[sites.grid]
carbon_intensity_g_per_kwh = 300
[sites.cluster]
nodes = 4
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 400
host_busy_power_w = 1200
[[sites]]
name = "b"
pue = 1.1
[sites.grid]
carbon_intensity_g_per_kwh = 50
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "A100-80GB"
host_idle_power_w = 300
host_busy_power_w = 900
[workload.arrivals]
jobs_per_day = 40
[[workload.classes]]
name = "small"
share = 0.7
gpus = [1, 2, 4]
duration_lognormal_mu = 8.5
duration_lognormal_sigma = 1.0
slack_hours = 12
interruptible = true
checkpoint_interval_hours = 1
priority = 1
[[workload.classes]]
name = "big"
share = 0.3
gpus = [8, 16]
duration_lognormal_mu = 9.5
duration_lognormal_sigma = 0.8
checkpoint_young_daly = true
allowed_sites = ["a"]
"#,
            facility = if part_load {
                "[sites.cooling]\nsystem = \"chiller_waterside_economizer\"\n[sites.weather]\npreset = \"DE-LU\""
            } else {
                "pue = 1.3"
            },
            spatial_table = if spatial { "[scheduler.spatial]\ntransfer_delay_hours = 0.5" } else { "" },
            cap = if capped { "[sites.power_cap]\ngpu_cap_w = 450\ndaily_windows_utc = [[8, 20]]" } else { "" },
            fail = if failures { "[sites.failures]\nrate_per_gpu_hour = 0.02" } else { "" },
        );
        let s = scenario(&text, Path::new("."));
        let (result, jobs, _) = run(&s);
        // Σ job + idle = site for every charge, and the records add up to the job totals.
        crate::invariants::assert_conservation(&result, &jobs);
        for j in jobs.iter().filter(|j| j.status == JobStatus::Completed) {
            prop_assert!(j.ops.work_done_s > 0.0);
        }
        if failures {
            prop_assert!(jobs.iter().map(|j| j.ops.interruptions).sum::<u32>() > 0);
        }
        if spatial {
            prop_assert!(jobs.iter().filter(|j| j.label == 1).all(|j| j.site == 0), "data residency");
        }
    }
}

fn llama3_run(checkpoint: &str) -> (ReplicationResult, JobRecord) {
    llama3_run_seeded(checkpoint, 3)
}

fn llama3_run_seeded(checkpoint: &str, seed: u64) -> (ReplicationResult, JobRecord) {
    let text = format!(
        r#"
[simulation]
start = "2024-01-01T00:00:00Z"
duration_days = 54
seed = {seed}
[[sites]]
name = "meta"
pue = 1.1
[sites.failures]
[sites.grid]
carbon_intensity_g_per_kwh = 400
[sites.cluster]
nodes = 2048
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 940
host_busy_power_w = 2800
[[workload.jobs]]
name = "llama3-405b"
gpus = 16384
duration_hours = 2000
{checkpoint}
"#
    );
    let s = scenario(&text, Path::new("."));
    let (result, jobs, _) = run(&s);
    (result, jobs[0])
}

fn failures_run(failures: &str, gpus: u32, days: u32, seed: u64) -> JobRecord {
    let text = format!(
        r#"
[simulation]
start = "2022-01-01T00:00:00Z"
duration_days = {days}
seed = {seed}
[[sites]]
name = "s"
pue = 1.1
[sites.failures]
{failures}
[sites.grid]
carbon_intensity_g_per_kwh = 400
[sites.cluster]
nodes = {nodes}
gpus_per_node = 8
accelerator = "A100"
host_idle_power_w = 500
host_busy_power_w = 1500
[[workload.jobs]]
name = "big"
gpus = {gpus}
duration_hours = 100000
checkpoint_interval_hours = 1
checkpoint_write_s = 10
restart_s = 600
"#,
        nodes = gpus.div_ceil(8)
    );
    let s = scenario(&text, Path::new("."));
    run(&s).1[0]
}

/// OPT-175B's logbook: about 2 machines down a day on 992 A100.
#[test]
fn opt_175b_preset_gives_two_interruptions_a_day() {
    let (runs, days) = (20u64, 54u32);
    let total: u32 = (1..=runs)
        .map(|seed| {
            failures_run("preset = \"opt-175b\"", 992, days, seed)
                .ops
                .interruptions
        })
        .sum();
    let per_day = f64::from(total) / (runs as f64 * f64::from(days));
    eprintln!("OPT-175B preset: {per_day} interruptions a day");
    assert!((per_day / 2.0 - 1.0).abs() < 0.05, "{per_day}");
}

/// Same GPU-level rate, two class mixes: a 1,024-GPU job sees 4.19 times fewer interruptions
/// when failures come in node and switch groups (Llama 3's mix) than when every accelerator
/// fails alone.
#[test]
fn correlated_failures_interrupt_large_jobs_less() {
    // GPU-level rate of the Llama 3 mix at 1e-3: 1e-3 × (268 + 116·8 + 35·16) / 419.
    let gpu_level = 1e-3 * (268.0 + 116.0 * 8.0 + 35.0 * 16.0) / 419.0;
    let independent = format!("rate_per_gpu_hour = {gpu_level}\ngpu_share = 1");
    let (mut a, mut b) = (0u32, 0u32);
    for seed in 1..=5 {
        a += failures_run(&independent, 1_024, 10, seed)
            .ops
            .interruptions;
        b += failures_run("rate_per_gpu_hour = 1e-3", 1_024, 10, seed)
            .ops
            .interruptions;
    }
    // Expected: 5 × 240 h × 1,024 × 1e-3 = 1,229 (Poisson: ±2.9%) and 4.19 times that.
    let ratio = f64::from(a) / f64::from(b);
    assert!((ratio / 4.19 - 1.0).abs() < 0.1, "{a} {b} {ratio}");
}

/// The failure clock runs through restarts (a failure can strike while the job restarts), so
/// interruptions accrue over the whole 54-day wall time, as Meta counted them.
#[test]
fn llama3_mean_interruptions_within_2_percent_of_419() {
    let runs = 40u64;
    let total: u32 = (1..=runs)
        .map(|seed| {
            llama3_run_seeded(
                "checkpoint_young_daly = true\ncheckpoint_write_s = 10\nrestart_s = 300",
                seed,
            )
            .1
            .ops
            .interruptions
        })
        .sum();
    let mean = f64::from(total) / runs as f64;
    eprintln!("Llama 3: mean {mean} interruptions over {runs} replications");
    assert!((mean / 419.0 - 1.0).abs() < 0.02, "mean {mean}");
}

/// With restarts as long as the mean time between failures, some failures strike during a
/// restart: the interruption count still follows the wall-time rate.
#[test]
fn failures_strike_during_restarts() {
    // 16,384 GPUs at the Llama 3 rate: MTBF 3.09 h; a 3-hour restart.
    let runs = 20u64;
    let total: u32 = (1..=runs)
        .map(|seed| {
            llama3_run_seeded(
                "checkpoint_interval_hours = 1\ncheckpoint_write_s = 10\nrestart_s = 10800",
                seed,
            )
            .1
            .ops
            .interruptions
        })
        .sum();
    let mean = f64::from(total) / runs as f64;
    // Counting only while computing would give 419 × compute share (about half here).
    assert!((mean / 419.0 - 1.0).abs() < 0.03, "mean {mean}");
}

#[test]
fn llama3_failures_match_the_published_interruption_count() {
    // 419 unexpected interruptions in 54 days on 16,384 H100s; Poisson 95% range 379–459.
    // Young/Daly with a 10 s checkpoint write (Llama 3's checkpoints are 1 MB–4 GB per GPU)
    // and a 5-minute restart: both assumptions, stated in the issue notes.
    let (_, young_daly) =
        llama3_run("checkpoint_young_daly = true\ncheckpoint_write_s = 10\nrestart_s = 300");
    let (_, three_hourly) =
        llama3_run("checkpoint_interval_hours = 3\ncheckpoint_write_s = 60\nrestart_s = 600");
    for j in [&young_daly, &three_hourly] {
        assert!(
            (379..=459).contains(&j.ops.interruptions),
            "interruptions {}",
            j.ops.interruptions
        );
        assert!(j.ops.lost_gpu_hours > 0.0 && j.ops.lost.co2_operational_kg > 0.0);
    }
    eprintln!(
        "Llama 3 calibration: {} interruptions (Young/Daly, effective training {:.1}%), {} interruptions (3-hourly checkpoints, effective {:.1}%, {:.0} GPU-h lost)",
        young_daly.ops.interruptions,
        100.0 * young_daly.ops.effective_training_fraction,
        three_hourly.ops.interruptions,
        100.0 * three_hourly.ops.effective_training_fraction,
        three_hourly.ops.lost_gpu_hours
    );
    // Meta reports > 90% effective training time: reachable with checkpoints at the
    // Young/Daly interval (≈ 8 min here), not with 3-hourly ones (a finding: with a job
    // MTBF of 3.1 h a 3-hour interval loses about half the work; see the issue notes).
    assert!(
        young_daly.ops.effective_training_fraction > 0.9,
        "{}",
        young_daly.ops.effective_training_fraction
    );
    assert!(
        three_hourly.ops.effective_training_fraction < young_daly.ops.effective_training_fraction
    );
}

#[test]
fn power_cap_slows_jobs_and_lowers_power() {
    let base = one_site(4, "carbon_intensity_g_per_kwh = 300", "");
    let capped = one_site(
        4,
        "carbon_intensity_g_per_kwh = 300",
        "[sites.power_cap]\ngpu_cap_w = 490",
    );
    let j = job(32, 0.0, 10.0, None, false, None);
    let (_, a, _) = run(&scenario(&format!("{base}{j}"), Path::new(".")));
    let (_, b, _) = run(&scenario(&format!("{capped}{j}"), Path::new(".")));
    let (a, b) = (a[0], b[0]);
    let run_s = |r: &JobRecord| (r.end_s.unwrap() - r.start_s.unwrap()) as f64;
    // 700 W capped to 490 W over 100 W static: clock (390/600)^(1/3) = 0.866; 72% of the step
    // follows the clock, so the run is 0.72/0.866 + 0.28 = 1.111 times longer
    let clock = (390.0 / 600.0f64).powf(1.0 / 3.0);
    assert!((run_s(&b) / run_s(&a) - (0.72 / clock + 0.28)).abs() < 1e-3);
    assert_eq!(b.ops.work_done_s, a.ops.work_done_s);
    assert!(b.charges.it_energy_kwh < a.charges.it_energy_kwh);
}

#[test]
fn temporal_shifting_on_real_grids() {
    let grid_dir = common::root().join("data/grid");
    // Mean relative carbon reduction of one job type over many nominal start times.
    let reduction = |zone: &str, gpus: u32, duration_h: f64, early_h: f64, late_h: f64| -> f64 {
        let csv = grid_dir.join(format!("{zone}_2023_hourly.csv"));
        let grid = format!("carbon_intensity_csv = {:?}", csv.display().to_string());
        let base = one_site(gpus / 8, &grid, "");
        let mut saved = 0.0;
        let mut total = 0.0;
        for k in 0..60 {
            let nominal_h = 48.0 + 139.0 * f64::from(k); // spread over the year, all hours of day
            let shifted = format!(
                "{base}{}",
                job(
                    gpus,
                    nominal_h - early_h,
                    duration_h,
                    Some(duration_h + early_h + late_h),
                    false,
                    None
                )
            );
            let plain = format!(
                "{}{}",
                base.replace(
                    "[scheduler.temporal]\nobjective = \"carbon\"\nforecast = \"perfect\"\n",
                    ""
                ),
                job(gpus, nominal_h, duration_h, None, false, None)
            );
            let (_, a, _) = run(&scenario(&shifted, Path::new(".")));
            let (_, b, _) = run(&scenario(&plain, Path::new(".")));
            saved += b[0].charges.co2_operational_kg - a[0].charges.co2_operational_kg;
            total += b[0].charges.co2_operational_kg;
        }
        saved / total
    };
    let long_de = reduction("DE-LU", 256, 8.0 * 24.0, 24.0, 24.0);
    let long_ca = reduction("US-CAL-CISO", 256, 8.0 * 24.0, 24.0, 24.0);
    let short_ca = reduction("US-CAL-CISO", 64, 24.0, 0.0, 7.0 * 24.0);
    eprintln!(
        "temporal shifting: 8-day 256-GPU job ±24 h: {:.2}% (DE), {:.2}% (CAISO); 24-h job with a week of slack (CAISO): {:.2}%",
        100.0 * long_de,
        100.0 * long_ca,
        100.0 * short_ca
    );
    assert!(
        (0.0..0.05).contains(&long_de) && (0.0..0.05).contains(&long_ca),
        "a few percent at most"
    );
    assert!(
        short_ca > 2.0 * long_ca.max(0.005),
        "short flexible jobs gain clearly more"
    );
}

#[test]
fn day_ahead_forecasts_save_less_than_perfect_and_more_than_persistence() {
    // An 8-hour, 64-GPU job with 24 hours of slack, started at 120 times over 2023 on the
    // real DE-LU hourly file, planned with each forecast and charged at the real intensity.
    let csv = common::root().join("data/grid/DE-LU_2023_hourly.csv");
    let grid = format!("carbon_intensity_csv = {:?}", csv.display().to_string());
    let base = one_site(8, &grid, "");
    let plain_base = base.replace(
        "[scheduler.temporal]\nobjective = \"carbon\"\nforecast = \"perfect\"\n",
        "",
    );
    let saving = |forecast: &str| -> f64 {
        let with = base.replace(
            "forecast = \"perfect\"",
            &format!("forecast = \"{forecast}\""),
        );
        let (mut saved, mut total) = (0.0, 0.0);
        for k in 0..120 {
            let nominal_h = 30.0 + 71.0 * f64::from(k);
            let shifted = format!("{with}{}", job(64, nominal_h, 8.0, Some(32.0), false, None));
            let plain = format!("{plain_base}{}", job(64, nominal_h, 8.0, None, false, None));
            let (_, a, _) = run(&scenario(&shifted, Path::new(".")));
            let (_, b, _) = run(&scenario(&plain, Path::new(".")));
            saved += b[0].charges.co2_operational_kg - a[0].charges.co2_operational_kg;
            total += b[0].charges.co2_operational_kg;
        }
        saved / total
    };
    let (perfect, day_ahead, persistence) = (
        saving("perfect"),
        saving("day_ahead"),
        saving("persistence"),
    );
    eprintln!(
        "DE-LU 2023, 8-h job with 24 h of slack: saving {:.2}% perfect, {:.2}% day-ahead, {:.2}% persistence",
        100.0 * perfect,
        100.0 * day_ahead,
        100.0 * persistence
    );
    assert!(perfect > day_ahead && day_ahead > persistence);
}
