//! Fuzzing the scenario parser and validator: a proptest generator of scenario TOML with
//! extreme values (0, negative, 1e300, NaN, infinities, 64-bit limits, wrong types) in every
//! field it knows. Each case is parsed, validated and checked against the run budgets; an
//! accepted case is then run for one replication under tight budgets. A panic anywhere is a
//! failure, printed with the scenario that caused it (which then becomes a regression test
//! in `tests/it/hostile.rs`).
//!
//! Ignored by default; `.ci/run` runs it for `FOOTPRINT_FUZZ_SECONDS` (default 10) seconds:
//! `FOOTPRINT_FUZZ_SECONDS=120 cargo test --release --test it fuzz_scenarios -- --ignored --nocapture`.
//! It prints the number of cases executed; `FOOTPRINT_FUZZ_SEED` replays a seed, and
//! `FOOTPRINT_FUZZ_LOG=FILE` writes each case to FILE before running it.

use footprint::budget::{Limits, predict};
use footprint::results::NoJobs;
use footprint::run::{RunOptions, run_replication_with};
use footprint::scenario::template::ScenarioTemplate;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::Path;
use std::time::{Duration, Instant};

/// A TOML float: usually one of `typical` (which holds edge values too), now and then an
/// extreme or a wrong type, so that a fair share of cases pass validation and run.
fn float(typical: &'static [f64]) -> BoxedStrategy<String> {
    let special = prop::sample::select(vec![
        "0.0",
        "-1.0",
        "1e-300",
        "1e300",
        "-1e300",
        "nan",
        "inf",
        "-inf",
        "1.7976931348623157e308",
        "5e-324",
        "\"text\"",
        "true",
        "9223372036854775807",
    ]);
    prop_oneof![
        40 => prop::sample::select(typical.to_vec()).prop_map(|v| format!("{v:e}")),
        1 => special.prop_map(str::to_string),
        1 => any::<f64>().prop_map(|v| if v.is_finite() { format!("{v:e}") } else { "nan".into() }),
    ]
    .boxed()
}

/// A TOML integer, sometimes extreme.
fn int(typical: &'static [i64]) -> BoxedStrategy<String> {
    let special = prop::sample::select(vec![
        "0",
        "-1",
        "4294967295",
        "4294967296",
        "65535",
        "65536",
        "9223372036854775807",
        "-9223372036854775808",
        "1.5",
        "\"8\"",
    ]);
    prop_oneof![
        40 => prop::sample::select(typical.to_vec()).prop_map(|v| v.to_string()),
        1 => special.prop_map(str::to_string),
    ]
    .boxed()
}

/// `key = value` or nothing.
fn maybe(key: &'static str, value: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => value.prop_map(move |v| format!("{key} = {v}\n")),
    ]
    .boxed()
}

fn scenario() -> impl Strategy<Value = String> {
    let simulation = (
        maybe("duration_days", float(&[0.5, 1.0, 2.0, 7.0, 30.0, 365.0, 1e6])),
        maybe("drain", prop::sample::select(vec!["true", "false"]).prop_map(str::to_string).boxed()),
        int(&[0, 1, 7, 42]),
        prop::sample::select(vec![
            "\"2023-01-01T00:00:00Z\"",
            "\"2023-01-01T00:00:00Z\"",
            "\"2023-01-01T00:00:00Z\"",
            "\"2023-06-01T00:00:00Z\"",
            "\"2023-06-01T00:00:00Z\"",
            "\"2023-06-01T00:00:00Z\"",
            "2023-01-01T00:00:00Z",
            "\"2023-01-01T00:30:00Z\"",
            "\"9999-12-31T23:00:00Z\"",
            "\"1900-01-01T00:00:00Z\"",
        ]),
        prop::sample::select(vec![
            "\"fifo\"",
            "\"fifo\"",
            "\"easy_backfill\"",
            "\"easy_backfill\"",
            "\"fifo\"",
            "\"easy_backfill\"",
            "\"fifo\"",
            "\"easy_backfill\"",
            "\"fifo\"",
            "\"bogus\"",
        ]),
    )
        .prop_map(|(duration, drain, seed, start, policy)| {
            format!(
                "[simulation]\nstart = {start}\n{duration}{drain}seed = {seed}\n\n[scheduler]\npolicy = {policy}\n"
            )
        });
    let site = (
        maybe("pue", float(&[1.1, 1.2, 1.5, 1.0])),
        maybe("always_on_power_w", float(&[0.0, 1000.0, 1e10, 2e10])),
        prop_oneof![
            float(&[300.0, 0.0, 5000.0, 5001.0]).prop_map(|v| format!("carbon_intensity_g_per_kwh = {v}\n")),
            prop::sample::select(vec!["US-CAL-CISO", "ZA", "DE-LU", "CA-ON", "US-TEX-ERCO", "nowhere"])
                .prop_map(|p| format!("preset = \"{p}\"\n")),
        ],
        maybe("decarbonization_per_year", float(&[0.05, 0.5, 0.99, 1.5])),
        maybe("decarbonization_base_year", int(&[1900, 2023, 2030, 2200, 2147483647])),
        (int(&[1, 2, 16, 2048, 10_000_000]), int(&[1, 4, 8, 1_000_000])),
        (float(&[500.0, 0.0, 1e5]), float(&[1000.0, 0.0, 1e5])),
        prop_oneof![
            2 => Just(String::new()),
            1 => maybe("rate_per_gpu_hour", float(&[1.973e-5, 1e-3, 1.0, 1e3]))
                .prop_map(|r| format!("\n[sites.failures]\n{r}")),
        ],
        prop_oneof![
            2 => Just(String::new()),
            1 => (float(&[1.0, 200.0, 300.0, 700.0, 1e5]), maybe("dvfs_exponent", float(&[1.0, 3.0, 0.0])))
                .prop_map(|(c, e)| format!("\n[sites.power_cap]\ngpu_cap_w = {c}\n{e}")),
        ],
    )
        .prop_map(|(pue, always_on, grid, decarb, base_year, (nodes, gpn), (idle, busy), failures, cap)| {
            let pue = if pue.is_empty() { "pue = 1.2\n".to_string() } else { pue };
            format!(
                "\n[[sites]]\nname = \"alpha\"\n{pue}{always_on}\n[sites.grid]\n{grid}{decarb}{base_year}\n[sites.cluster]\nnodes = {nodes}\ngpus_per_node = {gpn}\naccelerator = \"H100\"\nhost_idle_power_w = {idle}\nhost_busy_power_w = {busy}\n{failures}{cap}"
            )
        });
    let job = (
        int(&[1, 8, 16, 16384, 4294967295]),
        float(&[5.0, 0.01, 100.0, 1296.0, 1e9]),
        maybe("count", int(&[1, 3, 1_000_000])),
        maybe("checkpoint_interval_hours", float(&[1.0, 1e-9, 1e300])),
        maybe("arrival_hours", float(&[0.0, 10.0, 1e9])),
    )
        .prop_map(|(gpus, hours, count, ckpt, arrival)| {
            format!("\n[[workload.jobs]]\nname = \"train\"\ngpus = {gpus}\nduration_hours = {hours}\n{count}{ckpt}{arrival}")
        });
    let classes = prop_oneof![
        2 => Just(String::new()),
        1 => (
            float(&[10.0, 100.0, 1e5, 1e9]),
            int(&[1, 8, 0, 1_000_000_000]),
            float(&[2.0, 6.85, 11.0, 30.0]),
            float(&[0.0, 0.8, 2.18, 10.0]),
            maybe("duration_max_hours", float(&[1.0, 336.0, 1e9])),
        )
            .prop_map(|(rate, gpus, mu, sigma, cap)| format!(
                "\n[workload.arrivals]\njobs_per_day = {rate}\n\n[[workload.classes]]\nname = \"c\"\nshare = 1\ngpus = [{gpus}]\nduration_lognormal_mu = {mu}\nduration_lognormal_sigma = {sigma}\n{cap}"
            )),
    ];
    (simulation, site, job, classes).prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}"))
}

/// Budgets of the short run of an accepted case.
fn tight() -> Limits {
    Limits {
        horizon_s: 2 * 365 * 86_400,
        max_events: 500_000,
        max_jobs: 10_000,
    }
}

/// What a case did.
enum Outcome {
    Refused(String),
    Ran,
    Stopped,
}

fn exercise(text: &str) -> Outcome {
    let template = match ScenarioTemplate::from_toml(text, "fuzz.toml", Path::new("."), "fuzz", &[])
    {
        Ok(t) => t,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let scenario = match template.check() {
        Ok(s) => s,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    if let Err(e) = predict(&scenario, &tight()) {
        return Outcome::Refused(e.to_string());
    }
    let options = RunOptions {
        progress: None,
        audit: false,
        limits: tight(),
        fold_hours: true,
        hour_sink: None,
    };
    match run_replication_with(&scenario, 0, NoJobs, options) {
        Ok((result, _, _)) => {
            for m in footprint::metrics::metrics(&result) {
                // The rule the runner applies before writing: finite and ≥ 0, money may be
                // negative, and a metric without a source (marginal carbon) is NaN.
                assert!(
                    footprint::metrics::is_valid_value(m.name, m.value),
                    "metric {} of {} is {}",
                    m.name,
                    m.scope,
                    m.value
                );
            }
            Outcome::Ran
        }
        Err(_) => Outcome::Stopped,
    }
}

#[test]
#[ignore]
fn fuzz_scenario_parser_validator_and_short_runs() {
    let seconds: u64 = std::env::var("FOOTPRINT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("FOOTPRINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    println!("fuzz: seed {seed} (FOOTPRINT_FUZZ_SEED), {seconds} s (FOOTPRINT_FUZZ_SECONDS)");
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = scenario();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut cases, mut refused, mut ran, mut stopped) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let mut reasons: std::collections::HashMap<String, u64> = Default::default();
    while Instant::now() < deadline {
        let text = strategy.new_tree(&mut runner).expect("a case").current();
        if let Ok(log) = std::env::var("FOOTPRINT_FUZZ_LOG") {
            // The case about to run, for finding one that hangs.
            std::fs::write(log, &text).expect("FOOTPRINT_FUZZ_LOG is writable");
        }
        let started = Instant::now();
        match std::panic::catch_unwind(|| exercise(&text)) {
            Ok(Outcome::Refused(message)) => {
                refused += 1;
                // The key blamed first (the text between the first backticks), or the message.
                let key = message
                    .split('`')
                    .nth(1)
                    .map_or(message.clone(), |k| k.trim_start_matches("at ").to_string());
                *reasons.entry(key).or_insert(0u64) += 1;
            }
            Ok(Outcome::Ran) => ran += 1,
            Ok(Outcome::Stopped) => stopped += 1,
            Err(_) => panic!("case {cases} (seed {seed}) panicked on this scenario:\n{text}"),
        }
        let took = started.elapsed();
        if took > Duration::from_secs(5) {
            println!("fuzz: slow case ({:.1} s):\n{text}", took.as_secs_f64());
        }
        slowest = slowest.max(took);
        cases += 1;
    }
    println!(
        "fuzz: {cases} cases executed: {refused} refused with an error, {ran} ran, {stopped} stopped by a budget; slowest case {:.2} s",
        slowest.as_secs_f64()
    );
    let mut reasons: Vec<(String, u64)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (key, n) in reasons.iter().take(8) {
        println!(
            "fuzz: refused {n} times first for {}",
            key.chars().take(100).collect::<String>()
        );
    }
    assert!(cases > 0);
}
