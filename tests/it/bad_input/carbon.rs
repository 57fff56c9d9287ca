//! Bad input in carbon accounting by scope: residual mixes, PPA files, batteries and
//! custom fuel factors.

use super::*;

#[test]
fn residual_mix_below_zero() {
    let text = edit(
        &base(),
        "\n[[workload.jobs]]",
        "\n[sites.procurement]\nresidual_mix_g_per_kwh = -5\n\n[[workload.jobs]]",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].procurement.residual_mix_g_per_kwh`",
            "gCO2e/kWh from 0 to 5000",
        ],
    );
}

#[test]
fn ppa_csv_shorter_than_the_window() {
    let text = edit(
        &base(),
        "\n[[workload.jobs]]",
        "\n[[sites.procurement.ppa]]\ncsv = \"ppa.csv\"\n\n[[workload.jobs]]",
    );
    // 47 of the window's 48 hours
    let mut csv = "time_utc,supply_mw\n".to_string();
    for h in 0..47 {
        csv += &format!("2023-01-{:02}T{:02}:00:00Z,1.5\n", 1 + h / 24, h % 24);
    }
    rejected(
        Some(&text),
        &[("ppa.csv", &csv)],
        &[
            "`sites[0].procurement.ppa[0].csv`",
            "ppa.csv: 47 hourly rows",
            "do not cover the simulated window (48 hours from 2023-01-01T00:00:00Z)",
            "expected a row for every hour of the window",
        ],
    );
}

#[test]
fn battery_efficiency_above_one() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"DE-LU\"",
    );
    let text = edit(
        &text,
        "\n[[workload.jobs]]",
        "\n[[sites.procurement.ppa]]\ntechnology = \"solar\"\ncapacity_mw = 1\n\n[sites.procurement.battery]\nenergy_mwh = 4\npower_mw = 1\nround_trip_efficiency = 1.2\n\n[[workload.jobs]]",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].procurement.battery.round_trip_efficiency`",
            "a share above 0 and at most 1",
        ],
    );
}

#[test]
fn unknown_fuel_in_a_factor_table() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"US-TEX-ERCO\"\n\n[sites.grid.fuel_factors]\nlignite = { direct_g_per_kwh = 1044 }",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.fuel_factors.lignite`",
            "unknown fuel 'lignite': expected one of coal, gas, oil, nuclear, hydro, wind, solar, biomass, geothermal, other",
        ],
    );
}
