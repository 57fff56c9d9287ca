//! Time zones end to end: a site's 17:00–21:00 local power-cap window in Europe/Berlin caps
//! the UTC hours that daylight saving says, on the days around both 2023 transitions.

use crate::common::{MINIMAL_SCENARIO, edit, read_csv, run};
use std::collections::BTreeSet;

/// UTC hours (`time_utc` values) whose IT power is below the run's uncapped draw, for a
/// three-day window from `start` with one job computing throughout.
fn capped_hours(start: &str) -> BTreeSet<String> {
    let text = edit(
        MINIMAL_SCENARIO,
        "start = \"2023-01-01T00:00:00Z\"\nduration_days = 2",
        &format!("start = \"{start}\"\nduration_days = 3"),
    );
    let text = edit(
        &text,
        "name = \"alpha\"",
        "name = \"alpha\"\ntimezone = \"Europe/Berlin\"",
    );
    let text = edit(
        &text,
        "host_busy_power_w = 1000\n",
        "host_busy_power_w = 1000\n\n[sites.power_cap]\ngpu_cap_w = 400\ndaily_windows_local = [[17, 21]]\n",
    );
    let text = edit(&text, "duration_hours = 5", "duration_hours = 200");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("berlin.toml");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("out");
    run(&path, &out, &[]);
    let rows = read_csv(&out.join("hourly.csv"));
    let power = |r: &std::collections::HashMap<String, String>| -> f64 {
        r["it_power_kw"].parse().unwrap()
    };
    let uncapped = rows.iter().map(power).fold(0.0, f64::max);
    rows.iter()
        .filter(|r| power(r) < uncapped - 1e-9)
        .map(|r| r["time_utc"].clone())
        .collect()
}

fn hours(day: &str, utc: &[u32]) -> Vec<String> {
    utc.iter().map(|h| format!("{day}T{h:02}:00:00Z")).collect()
}

#[test]
fn berlin_peak_window_follows_both_daylight_saving_transitions() {
    // Spring: CET (UTC+1) on the 25th, CEST (UTC+2) from 01:00 UTC on the 26th.
    let mut spring: BTreeSet<String> = BTreeSet::new();
    spring.extend(hours("2023-03-25", &[16, 17, 18, 19]));
    spring.extend(hours("2023-03-26", &[15, 16, 17, 18]));
    spring.extend(hours("2023-03-27", &[15, 16, 17, 18]));
    assert_eq!(capped_hours("2023-03-25T00:00:00Z"), spring);
    // Autumn: CEST on the 28th, CET from 01:00 UTC on the 29th.
    let mut autumn: BTreeSet<String> = BTreeSet::new();
    autumn.extend(hours("2023-10-28", &[15, 16, 17, 18]));
    autumn.extend(hours("2023-10-29", &[16, 17, 18, 19]));
    autumn.extend(hours("2023-10-30", &[16, 17, 18, 19]));
    assert_eq!(capped_hours("2023-10-28T00:00:00Z"), autumn);
}

/// `jobs.csv` of a two-week run with the Helios weekly profile on the clock `clock`.
fn profiled_jobs(clock: &str) -> String {
    let text = edit(MINIMAL_SCENARIO, "duration_days = 2", "duration_days = 14");
    let text = edit(
        &text,
        "[[workload.jobs]]\nname = \"train\"\ngpus = 8\nduration_hours = 5\n",
        &format!(
            "[workload.arrivals]\njobs_per_day = 30\nprofile = \"helios-venus\"\n{clock}\n\n\
[[workload.classes]]\nname = \"small\"\nshare = 1\ngpus = [1, 2]\n\
duration_lognormal_mu = 7\nduration_lognormal_sigma = 1\n"
        ),
    );
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("profile.toml");
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("out");
    run(&path, &out, &[]);
    std::fs::read_to_string(out.join("jobs.csv")).unwrap()
}

#[test]
fn profile_time_zone_is_the_clock_of_its_hours() {
    // China keeps UTC+8 all year, so its zone and the fixed offset give the same arrivals;
    // New York's clock (UTC−5 in January) moves them.
    let shanghai = profiled_jobs("timezone = \"Asia/Shanghai\"");
    assert_eq!(shanghai, profiled_jobs("utc_offset_hours = 8"));
    assert_ne!(shanghai, profiled_jobs("timezone = \"America/New_York\""));
}
