//! The minimal reference model (`benches/reference/minimal.rs`) and footprint simulate the
//! same site: their totals must agree within replication noise.
//!
//! Their random streams differ, so the check is statistical: over `REPS` replications
//! each, the means of every total must differ by less than `Z` standard errors of the
//! difference (plus 0.2% for the models' different tie-breaks within a second: footprint
//! runs its scheduling pass after every event of a second, the minimal model after each
//! event). A model that got the power, the placement or the hourly carbon weighting
//! wrong is off by far more: idle hosts at busy power alone would add 3% of the energy.

#[path = "../../benches/reference/minimal.rs"]
mod minimal;
#[path = "../../benches/reference/synthetic_ci.rs"]
mod synthetic_ci;

use footprint::results::NoJobs;
use footprint::scenario::Scenario;

/// Replications per model.
const REPS: u64 = 12;
/// Allowed difference of means, in standard errors.
const Z: f64 = 4.0;

/// `scenarios/bench/site-10k.toml` with the synthetic carbon intensity.
fn scenario(dir: &std::path::Path) -> Scenario {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench/site-10k.toml"),
    )
    .expect("site-10k scenario");
    let text = synthetic_ci::reading_ci_csv(&text);
    std::fs::write(dir.join("ci.csv"), synthetic_ci::ci_csv()).expect("write ci.csv");
    Scenario::from_toml(&text, "site-10k-synthetic.toml", dir, "site-10k").expect("valid")
}

/// Mean and standard error of the mean.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

#[test]
fn minimal_model_and_footprint_agree_within_noise() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sc = scenario(tmp.path());
    let model = minimal::site_model(
        1_250,
        100_000.0,
        (0..8_760).map(synthetic_ci::carbon_intensity).collect(),
    );
    let names = [
        "it_energy_kwh",
        "co2_kg",
        "allocated_gpu_h",
        "submitted",
        "completed",
    ];
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut theirs: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for rep in 0..REPS {
        let (result, _) = footprint::run::run_replication(&sc, rep, NoJobs).expect("runs");
        let s = &result.sites[0];
        let f = [
            s.site.it_energy_kwh,
            s.site.co2_operational_kg,
            s.allocated_gpu_s / 3_600.0,
            s.jobs_submitted as f64,
            s.jobs_completed as f64,
        ];
        let m = minimal::run(&model, 1_000 + rep);
        let g = [
            m.it_energy_kwh,
            m.co2_kg,
            m.allocated_gpu_s / 3_600.0,
            m.submitted as f64,
            m.completed as f64,
        ];
        for i in 0..names.len() {
            ours[i].push(f[i]);
            theirs[i].push(g[i]);
        }
        // Facility energy is IT energy × PUE in both.
        assert!((s.site.facility_energy_kwh / s.site.it_energy_kwh - 1.2).abs() < 1e-9);
        assert!((m.facility_energy_kwh / m.it_energy_kwh - 1.2).abs() < 1e-9);
    }
    for (i, name) in names.iter().enumerate() {
        let (a, sa) = mean_se(&ours[i]);
        let (b, sb) = mean_se(&theirs[i]);
        let allowed = Z * (sa * sa + sb * sb).sqrt() + 0.002 * a.abs();
        eprintln!("{name}: footprint {a:.1} ± {sa:.1}, minimal {b:.1} ± {sb:.1}");
        assert!(
            (a - b).abs() <= allowed,
            "{name}: footprint {a} ± {sa}, minimal {b} ± {sb}: difference {} > {allowed}",
            (a - b).abs()
        );
    }
}

/// The minimal model conserves what it integrates: with no jobs the site draws idle power
/// all year, and carbon is that energy times PUE times the mean hourly intensity.
#[test]
fn minimal_model_idle_site_is_exact() {
    let ci: Vec<f64> = (0..8_760).map(synthetic_ci::carbon_intensity).collect();
    let mut model = minimal::site_model(10, 1e-9, ci.clone());
    model.duration_s = 8_760 * 3_600;
    let t = minimal::run(&model, 1);
    assert_eq!(t.submitted, 0);
    let idle_w = 10.0 * (8.0 * 100.0 + 500.0);
    let kwh = idle_w * 8_760.0 / 1_000.0;
    assert!((t.it_energy_kwh - kwh).abs() < 1e-6 * kwh);
    let co2: f64 = ci
        .iter()
        .map(|c| idle_w / 1_000.0 * 1.2 * c / 1_000.0)
        .sum();
    assert!((t.co2_kg - co2).abs() < 1e-6 * co2);
}
