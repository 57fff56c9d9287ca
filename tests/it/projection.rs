//! Projections (issue 15): the zero-growth check against a plain multi-year simulation, the
//! sampling error against simulating every run, the historical calibration, bad input, and
//! determinism across threads and shards.

use crate::common::{edit, root};
use footprint::projection::{self, calibration, output};
use footprint::scenario::Scenario;
use footprint::scenario::template::ScenarioTemplate;
use std::path::Path;

/// A small projection: one site with constant factors, one class of three 10-day runs of
/// 1e23 FLOP a year on H100s, no growth.
pub(crate) const SMALL: &str = r#"[simulation]
start = "2024-01-01T00:00:00Z"
seed = 11

[[sites]]
name = "a"
pue = 1.2
wue_l_per_kwh = 0.5
[sites.grid]
carbon_intensity_g_per_kwh = 300
ewif_l_per_kwh = 2.0
[sites.cost]
electricity_usd_per_mwh = 80
[sites.cluster]
nodes = 1
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 500
host_busy_power_w = 1500

[projection]
first_year = 2024
last_year = 2026
anchor_year = 2024.5
frontier_compute_flop = 1e23
frontier_compute_growth_per_year = 1.0
mfu = 0.4
utilization = 0.7
max_sampled_runs_per_class = 100

[[projection.classes]]
name = "runs"
runs_per_year = 3
compute_fraction_of_frontier = 1.0
duration_days = 10

[[projection.hardware]]
accelerator = "H100"
enter_year = 2020
retire_year = 2040
price_usd = 30000

[[projection.regions]]
site = "a"
share = 1.0
"#;

fn template(text: &str) -> ScenarioTemplate {
    ScenarioTemplate::from_toml(text, "test.toml", Path::new("."), "test", &[]).expect("valid")
}

fn run(text: &str, reps: u64) -> projection::ProjectionRun {
    projection::run(&template(text), reps, None, Some(1), &|| {}).expect("runs")
}

fn mean(run: &projection::ProjectionRun, year: i32, metric: &str) -> f64 {
    output::statistics(run, year, metric).expect("metric").mean
}

#[test]
fn zero_growth_reproduces_a_plain_multi_year_simulation() {
    let projected = run(SMALL, 1);
    // The same nine runs, written as plain jobs over three years: 1e23 FLOP = 6·N·D with
    // N = 1e23 / (6 × 1e11), D = 1e11; 296 GPUs (1e23 / (10 days × 989.4 TFLOP/s × 0.4) =
    // 292.5, up to whole 8-GPU servers).
    let mut plain = SMALL[..SMALL.find("[projection]").unwrap()].to_string();
    for year_start_h in [0.0, 8_784.0, 17_544.0] {
        plain.push_str(&format!(
            "[[workload.jobs]]\ncount = 3\ngpus = 296\nparameters = {}\ntokens = 1e11\nmfu = 0.4\narrival_hours = {year_start_h}\n",
            1e23 / 6e11
        ));
    }
    let plain = plain.replace("nodes = 1\n", "nodes = 111\n").replace(
        "electricity_usd_per_mwh = 80\n",
        "electricity_usd_per_mwh = 80\ngpu_capex_usd = 30000\n",
    );
    let scenario = Scenario::from_toml(&plain, "plain.toml", Path::new("."), "plain").unwrap();
    let (result, _) = footprint::run::run_replication(&scenario, 0, Vec::new()).unwrap();
    let site = &result.sites[0];
    let years = [2024, 2025, 2026];
    let sum = |metric: &str| {
        years
            .iter()
            .map(|&y| mean(&projected, y, metric))
            .sum::<f64>()
    };
    let pairs = [
        ("energy_twh", site.jobs.facility_energy_kwh / 1e9),
        ("co2_operational_mt", site.jobs.co2_operational_kg / 1e9),
        (
            "water_total_gl",
            (site.jobs.water_onsite_l + site.jobs.water_offsite_l + site.water_embodied_l) / 1e9,
        ),
        ("co2_embodied_mt", site.co2_embodied_kg / 1e9),
        ("adp_t_sb_eq", site.adp_kg_sb_eq / 1e3),
        (
            "training_cost_usd",
            site.jobs.energy_cost_usd + site.hardware_cost_usd,
        ),
    ];
    for (metric, expected) in pairs {
        let got = sum(metric);
        assert!(expected > 0.0, "{metric}: nothing simulated");
        assert!(
            (got / expected - 1.0).abs() < 0.01,
            "{metric}: projection {got} vs plain {expected}"
        );
    }
    assert_eq!(mean(&projected, 2025, "runs_count"), 3.0);
    assert_eq!(mean(&projected, 2025, "largest_run_accelerators"), 296.0);
}

/// `SMALL` with `runs` runs of one class spread over 0.5 orders of magnitude, on an hourly
/// synthetic grid (so that start times matter), one year.
fn spread(runs: u32, sampled: u32) -> String {
    let text = edit(
        SMALL,
        "runs_per_year = 3",
        &format!("runs_per_year = {runs}"),
    );
    let text = edit(
        &text,
        "duration_days = 10",
        "duration_days = 10\ncompute_sd_log10 = 0.5",
    );
    let text = edit(
        &text,
        "max_sampled_runs_per_class = 100",
        &format!("max_sampled_runs_per_class = {sampled}"),
    );
    let text = edit(&text, "last_year = 2026", "last_year = 2024");
    let text = edit(
        &text,
        "frontier_compute_flop = 1e23",
        "frontier_compute_flop = 1e21",
    );
    edit(
        &text,
        "carbon_intensity_g_per_kwh = 300\newif_l_per_kwh = 2.0",
        "preset = \"DE-LU\"",
    )
}

#[test]
fn sampling_error_against_simulating_every_run() {
    // 300 runs a year, simulated in full and through 10 or 30 strata, 20 replications: the
    // same run population each time (the draws of compute come first), so the difference per
    // replication is the sampling error alone.
    let reps = 20;
    let full = run(&spread(300, 300), reps);
    let index = |metric: &str| {
        footprint::projection::metrics::PROJECTION_METRICS
            .iter()
            .position(|x| x.name == metric)
            .unwrap()
    };
    let errors = |sampled: &projection::ProjectionRun, metric: &str| -> Vec<f64> {
        let m = index(metric);
        let mut e: Vec<f64> = full
            .replications
            .iter()
            .zip(&sampled.replications)
            .map(|(f, s)| (s.values[0][m] / f.values[0][m] - 1.0).abs())
            .collect();
        e.sort_by(f64::total_cmp);
        e
    };
    let mut medians = Vec::new();
    for strata in [10, 30] {
        let sampled = run(&spread(300, strata), reps);
        // Energy, accelerator-hours and cost follow compute: the ratio estimator is exact
        // up to rounding to whole servers.
        for metric in ["energy_twh", "accelerator_hours", "training_cost_usd"] {
            let worst = errors(&sampled, metric)[reps as usize - 1];
            assert!(worst < 1e-3, "{metric}, {strata} strata: error {worst}");
        }
        // Carbon and water depend on when the runs happen on an hourly grid.
        for metric in ["co2_operational_mt", "water_total_gl"] {
            let e = errors(&sampled, metric);
            let (median, worst) = (e[e.len() / 2], e[e.len() - 1]);
            eprintln!(
                "sampling error of {metric} with {strata} of 300 runs: median {median:.4}, max {worst:.4} over {reps} replications"
            );
            assert!(
                median < 0.1 && worst < 0.3,
                "{metric}, {strata} strata: {median}, {worst}"
            );
            if metric == "co2_operational_mt" {
                medians.push(median);
            }
        }
        // The year's largest run is always simulated.
        let m = index("largest_run_compute_flop");
        for (f, s) in full.replications.iter().zip(&sampled.replications) {
            assert_eq!(f.values[0][m], s.values[0][m]);
        }
    }
    assert!(
        medians[1] < medians[0],
        "more strata, smaller error: {medians:?}"
    );
}

#[test]
fn historical_fit_gives_the_scenario_defaults() {
    let fit = calibration::built_in_fit("training_compute_flop").unwrap();
    let (lo, hi) = fit.growth_ci90();
    // The published-method check (reference sheet §1.1): 4.32×/year (3.85–4.85), 2.0e25 FLOP
    // at mid-2024, residual sd 0.38 orders of magnitude, 56 models.
    assert_eq!(fit.n, 56);
    assert!(
        (fit.growth_per_year() - 4.32).abs() < 0.02,
        "{}",
        fit.growth_per_year()
    );
    assert!(
        (lo - 3.85).abs() < 0.03 && (hi - 4.85).abs() < 0.03,
        "{lo}–{hi}"
    );
    let text = std::fs::read_to_string(root().join("scenarios/projection-2018-2035.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let p = &table["projection"];
    let level = p["frontier_compute_flop"].as_float().unwrap();
    assert!((level / fit.value_at(2024.5) - 1.0).abs() < 0.02, "{level}");
    let growth = &p["frontier_compute_growth_per_year"];
    let mean = growth["mean"].as_float().unwrap();
    let sd = growth["sd"].as_float().unwrap();
    assert!((mean - fit.growth_per_year()).abs() < 0.01);
    // The 90% interval of the fit as a normal's ±1.645 sd.
    assert!((sd - (hi - lo) / (2.0 * 1.645)).abs() < 0.01, "{sd}");
    let frontier = &p["classes"][0];
    assert!(
        (frontier["compute_sd_log10"].as_float().unwrap() - fit.residual_sd_log10).abs() < 0.005
    );
    let time = calibration::built_in_fit("training_time_hours").unwrap();
    let days = frontier["duration_days"].as_integer().unwrap() as f64;
    assert!(
        (days / (time.value_at(2024.5) / 24.0) - 1.0).abs() < 0.02,
        "{days}"
    );
}

#[test]
fn projected_history_stays_within_the_historical_spread() {
    let path = root().join("scenarios/projection-2018-2035.toml");
    let t = ScenarioTemplate::from_file(&path, &["projection.last_year=2024".to_string()]).unwrap();
    let run = projection::run(&t, 6, None, None, &|| {}).unwrap();
    let compute = calibration::built_in_fit("training_compute_flop").unwrap();
    let power = calibration::built_in_fit("training_power_draw_w").unwrap();
    for year in 2018..=2024 {
        let t = f64::from(year) + 0.5;
        let c = output::statistics(&run, year, "largest_run_compute_flop")
            .unwrap()
            .p50;
        let (lo, hi) = compute.prediction_interval90(t);
        assert!(
            lo <= c && c <= hi,
            "{year}: compute {c:e} outside {lo:e}–{hi:e}"
        );
        let w = output::statistics(&run, year, "largest_run_peak_power_mw")
            .unwrap()
            .p50
            * 1e6;
        let (lo, hi) = power.prediction_interval90(t);
        assert!(
            lo <= w && w <= hi,
            "{year}: power {w:e} W outside {lo:e}–{hi:e}"
        );
    }
}

pub(crate) fn rejected(text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let output = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for e in expect {
        assert!(stderr.contains(e), "expected `{e}` in:\n{stderr}");
    }
    assert!(stderr.contains("p.toml"), "{stderr}");
    assert!(!out.exists(), "an output folder was created");
}

#[test]
fn bad_projections_are_refused_before_any_output() {
    rejected(
        &edit(SMALL, "last_year = 2026", "last_year = 2020"),
        &["projection.last_year", "years out of order"],
    );
    rejected(
        &edit(SMALL, "retire_year = 2040", "retire_year = 2010"),
        &[
            "projection.hardware[0].retire_year",
            "retires in 2010 before it enters service in 2020",
        ],
    );
    rejected(
        &edit(
            SMALL,
            "share = 1.0\n",
            "share = 0.7\n[[projection.regions]]\nsite = \"a\"\nshare = 0.2\n",
        ),
        &["projection.regions", "sum to 0.9", "expected 1"],
    );
    rejected(
        &edit(
            SMALL,
            "frontier_compute_growth_per_year = 1.0",
            "frontier_compute_growth_per_year = 1e30",
        ),
        &["projection.frontier_compute_growth_per_year", "overflows"],
    );
    rejected(
        &edit(
            SMALL,
            "runs_per_year = 3",
            "runs_per_year = 3\nruns_growth_per_year = 1e9",
        ),
        &["projection.classes[0].runs_growth_per_year", "overflows"],
    );
    rejected(
        &edit(SMALL, "retire_year = 2040", "retire_year = 2025"),
        &["no accelerator generation is in service in 2025, 2026"],
    );
    rejected(
        &edit(SMALL, "site = \"a\"", "site = \"nowhere\""),
        &["projection.regions[0].site", "no site is called 'nowhere'"],
    );
    rejected(
        &edit(SMALL, "mfu = 0.4", "mfu = 0.4\nmfu_growth_per_year = 2.0"),
        &[
            "projection.mfu_growth_per_year",
            "expected it to stay in (0, 1]",
        ],
    );
    rejected(
        &edit(SMALL, "mfu = 0.4", "mfu = 0.4\nbogus = 1"),
        &["bogus"],
    );
}

fn run_cli(scenario: &Path, out: &Path, extra: &[&str]) {
    crate::common::run(scenario, out, extra);
}

#[test]
fn files_do_not_depend_on_threads_or_shards() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    // Uncertain inputs, so that replications differ and the sensitivity file is written.
    let text = edit(
        SMALL,
        "mfu = 0.4",
        "mfu = { dist = \"uniform\", min = 0.3, max = 0.5 }",
    );
    let text = edit(
        &text,
        "compute_fraction_of_frontier = 1.0",
        "compute_fraction_of_frontier = 1.0\ncompute_sd_log10 = 0.3",
    );
    // An uncertain power cap that binds in some replications (`projection_caps`).
    let text = format!(
        "{text}\n[projection.caps]\nlargest_run_power_mw = {{ dist = \"uniform\", min = 0.3, max = 1.5 }}\nlargest_run_power_year = 2024.5\n"
    );
    std::fs::write(&file, text).unwrap();
    let d = dir.path();
    run_cli(&file, &d.join("t1"), &["--reps", "6", "--threads", "1"]);
    run_cli(&file, &d.join("t2"), &["--reps", "6", "--threads", "2"]);
    run_cli(&file, &d.join("s1"), &["--reps", "6", "--shard", "1/2"]);
    run_cli(&file, &d.join("s2"), &["--reps", "6", "--shard", "2/2"]);
    let merged = assert_cmd::Command::cargo_bin("footprint")
        .unwrap()
        .arg("merge")
        .arg(d.join("s1"))
        .arg(d.join("s2"))
        .arg("--out")
        .arg(d.join("m"))
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    for name in [
        "projection.csv",
        "projection_replications.csv",
        "projection_inputs.csv",
        "projection_sensitivity.csv",
    ] {
        let a = std::fs::read(d.join("t1").join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(d.join("t2").join(name)).unwrap(),
            "{name}: threads"
        );
        assert_eq!(
            a,
            std::fs::read(d.join("m").join(name)).unwrap(),
            "{name}: shards"
        );
    }
    let text = std::fs::read_to_string(d.join("t1").join("projection.csv")).unwrap();
    assert!(text.starts_with("year,metric,statistic,value\n2024,energy_twh,mean,"));
    let rows = text.lines().count() - 1;
    assert_eq!(
        rows,
        3 * footprint::projection::metrics::PROJECTION_METRICS.len() * 4
    );
}

#[test]
fn metric_names_carry_their_unit() {
    let suffixes = [
        ("_twh", "TWh"),
        ("_gwh", "GWh"),
        ("_mt", "Mt CO2e"),
        ("_gl", "GL"),
        ("_t_sb_eq", "t Sb-eq"),
        ("_usd", "USD"),
        ("_mw", "MW"),
        ("_flop", "FLOP"),
    ];
    for m in footprint::projection::metrics::PROJECTION_METRICS {
        if let Some((_, unit)) = suffixes.iter().find(|(s, _)| m.name.ends_with(s)) {
            assert_eq!(m.unit, *unit, "{}", m.name);
        }
    }
}

#[test]
fn a_site_resized_after_resolution_equals_one_resolved_at_that_size() {
    // A projected year resolves its sites with one node and sizes them after planning its
    // runs (`SiteConfig::set_nodes`): the same site as resolved with that many nodes,
    // part-load design power included (unless given).
    let base = edit(
        &edit(SMALL, "pue = 1.2\nwue_l_per_kwh = 0.5\n", ""),
        "[sites.cost]",
        "[sites.cooling]\nsystem = \"water_cooled_chiller\"\n[sites.weather]\npreset = \"US-TEX-ERCO\"\n[sites.cost]",
    );
    let given = edit(
        &base,
        "system = \"water_cooled_chiller\"",
        "system = \"water_cooled_chiller\"\npart_load = { design_it_kw = 500 }",
    );
    for text in [base, given] {
        let text = &text[..text.find("[projection]").unwrap()];
        let job = "[[workload.jobs]]\ngpus = 1\nduration_hours = 1\n";
        let at = |nodes: &str| {
            let t = edit(text, "nodes = 1", &format!("nodes = {nodes}"));
            let s =
                Scenario::from_toml(&format!("{t}{job}"), "t", Path::new("."), "t").expect("valid");
            s.sites[0].clone()
        };
        let mut resized = at("1");
        let expected = at("37");
        assert!(expected.part_load.is_some());
        assert_ne!(resized, expected);
        resized.set_nodes(37);
        assert_eq!(resized, expected);
    }
}
