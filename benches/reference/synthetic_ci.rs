//! The synthetic hourly carbon intensity that the minimal model and footprint both read in
//! `benches/minimal.rs` and `tests/it/minimal_model.rs` (included by `#[path]` in both, as a
//! bench cannot import a test module): daily and seasonal swings around 250 g/kWh.

use std::fmt::Write as _;

/// The carbon intensity of hour `hour` of the year, g/kWh.
pub fn carbon_intensity(hour: usize) -> f64 {
    let day = (hour % 24) as f64 / 24.0 * std::f64::consts::TAU;
    let year = hour as f64 / 8_760.0 * std::f64::consts::TAU;
    250.0 + 120.0 * day.sin() + 60.0 * year.cos()
}

/// The hourly CSV of 2023 for [`carbon_intensity`], in the Electricity Maps layout.
pub fn ci_csv() -> String {
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut s = String::from("Datetime (UTC),Carbon Intensity gCO₂eq/kWh (LCA)\n");
    let mut hour = 0;
    for (m, &n) in days.iter().enumerate() {
        for d in 1..=n {
            for h in 0..24 {
                let _ = writeln!(
                    s,
                    "2023-{:02}-{d:02} {h:02}:00:00,{}",
                    m + 1,
                    carbon_intensity(hour)
                );
                hour += 1;
            }
        }
    }
    s
}

/// `text` (a scenario) with its `carbon_intensity_csv` line pointing at `ci.csv`, the file
/// [`ci_csv`] is written to.
pub fn reading_ci_csv(text: &str) -> String {
    let start = text.find("carbon_intensity_csv").expect("grid key");
    let end = start + text[start..].find('\n').expect("line end");
    format!(
        "{}carbon_intensity_csv = \"ci.csv\"{}",
        &text[..start],
        &text[end..]
    )
}
