//! BLOOM's training footprint (Luccioni et al. 2022), reproduced from the simulator's own
//! CSV output: cases V01, V02, V03 and V05 of `shared/reference/published-footprints.md`.

use crate::common::*;

#[test]
fn bloom_reference_cases_hold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bloom");
    run(&root().join("scenarios/reference/bloom.toml"), &out, &[]);
    let summary = read_csv(&out.join("summary.csv"));
    let jobs = read_csv(&out.join("jobs.csv"));
    assert_eq!(jobs.len(), 1, "one training run");
    assert_eq!(jobs[0]["status"], "completed");

    // V07 precondition: the job used exactly the published GPU-hours (integer seconds: ≤ 1e-7).
    assert_within(
        "GPU-hours",
        column_sum(&jobs, "gpu_hours"),
        1_082_990.0,
        1e-7,
    );
    // V07: the GPUs are busy 1,082,990 of 1,089,669 GPU-hours of the published window.
    assert_within(
        "V07 occupancy",
        summary_mean(&summary, "total", "utilization"),
        1_082_990.0 / 1_089_669.0,
        1e-4,
    );

    // V01: dynamic energy 1,082,990 GPU-h × 400 W = 433,196 kWh (±0.1%).
    assert_within(
        "V01 energy",
        column_sum(&jobs, "it_energy_kwh"),
        433_196.0,
        0.001,
    );
    assert_within(
        "V01 energy (jobs)",
        summary_mean(&summary, "total", "job_it_energy_kwh"),
        433_196.0,
        0.001,
    );
    // V02: dynamic CO2 at 57 g/kWh, no PUE: 24.69 t (±0.5%).
    assert_within(
        "V02 CO2",
        column_sum(&jobs, "co2_it_only_kg"),
        24_690.0,
        0.005,
    );
    // V03: with PUE 1.2: 29.6 t (±2%).
    assert_within(
        "V03 CO2 with PUE",
        column_sum(&jobs, "co2_operational_kg"),
        29_600.0,
        0.02,
    );
    // V05: embodied, servers 7.57 t, GPUs 3.64 t, total 11.2 t (±1%).
    let servers = column_sum(&jobs, "co2_embodied_server_kg");
    let gpus = column_sum(&jobs, "co2_embodied_gpu_kg");
    assert_within("V05 servers", servers, 7_570.0, 0.01);
    assert_within("V05 GPUs", gpus, 3_640.0, 0.01);
    assert_within("V05 total", servers + gpus, 11_200.0, 0.01);
    assert_within(
        "V05 total (summary)",
        summary_mean(&summary, "total", "co2_embodied_kg"),
        11_200.0,
        0.01,
    );
}
