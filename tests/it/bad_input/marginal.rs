//! Marginal emissions: a bad marginal-intensity CSV, and the `carbon_marginal` objective
//! without a marginal source.

use super::*;

/// The base scenario with a marginal file `mci.csv` next to it.
fn with_marginal_csv() -> String {
    edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\nmarginal_carbon_intensity_csv = \"mci.csv\"",
    )
}

#[test]
fn marginal_csv_without_the_marginal_column() {
    let csv = "time_utc,carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,400\n";
    rejected(
        Some(&with_marginal_csv()),
        &[("mci.csv", csv)],
        &[
            "`sites[0].grid.marginal_carbon_intensity_csv`",
            "mci.csv",
            "no `marginal_carbon_intensity_g_per_kwh` column",
        ],
    );
}

#[test]
fn marginal_csv_with_a_gap_in_the_hours() {
    let csv = "time_utc,marginal_carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,400\n2023-01-01T02:00:00Z,410\n";
    rejected(
        Some(&with_marginal_csv()),
        &[("mci.csv", csv)],
        &[
            "`sites[0].grid.marginal_carbon_intensity_csv`",
            "mci.csv: line 3",
            "breaks the hourly sequence",
            "expected 2023-01-01T01:00:00Z",
        ],
    );
}

#[test]
fn marginal_csv_with_a_negative_value() {
    let csv = "time_utc,marginal_carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,400\n2023-01-01T01:00:00Z,-5\n";
    rejected(
        Some(&with_marginal_csv()),
        &[("mci.csv", csv)],
        &[
            "`sites[0].grid.marginal_carbon_intensity_csv`",
            "mci.csv: line 3",
            "marginal carbon intensity -5 must be finite and ≥ 0",
        ],
    );
}

#[test]
fn marginal_csv_above_the_maximum() {
    let csv = "time_utc,marginal_carbon_intensity_g_per_kwh\n2023-01-01T00:00:00Z,400\n2023-01-01T01:00:00Z,6000\n";
    rejected(
        Some(&with_marginal_csv()),
        &[("mci.csv", csv)],
        &[
            "`sites[0].grid.marginal_carbon_intensity_csv`",
            "mci.csv, line 3: marginal carbon intensity 6000 g/kWh is above the maximum 5000",
        ],
    );
}

#[test]
fn carbon_marginal_objective_without_a_marginal_source() {
    let text = edit(
        &with_classes(&base()),
        "policy = \"fifo\"",
        "policy = \"fifo\"\n[scheduler.temporal]\nobjective = \"carbon_marginal\"",
    );
    rejected_text(
        &text,
        &[
            "`scheduler.temporal.objective`",
            "needs a marginal carbon intensity at every site; alpha has none",
        ],
    );
}
