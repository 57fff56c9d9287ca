//! Evolving grids and warming weather: capacity trajectories and warming offsets.

use super::*;

/// The minimal scenario with a DE-LU synthetic grid and `grid_extra` in its grid table.
fn with_grid(grid_extra: &str) -> String {
    edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300\n",
        &format!("preset = \"DE-LU\"\n{grid_extra}"),
    )
}

#[test]
fn trajectory_with_missing_years() {
    let text =
        with_grid("[sites.grid.capacity_trajectory]\nyears = [2024, 2030]\nsolar = [1.5, 3.0]\n");
    rejected_text(
        &text,
        &[
            "`sites[0].grid.capacity_trajectory.years`",
            "the simulation covers 2023–2023 but the trajectory only 2024–2030",
            "expected years covering every simulated year",
        ],
    );
}

#[test]
fn trajectory_with_a_value_missing() {
    let text = with_grid(
        "[sites.grid.capacity_trajectory]\nyears = [2023, 2030, 2035]\nwind = [1.0, 2.0]\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.capacity_trajectory.wind`",
            "2 values for 3 years",
            "expected one value per year",
        ],
    );
}

#[test]
fn capacity_plan_of_a_region_without_one() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300\n",
        "preset = \"CA-ON\"\ncapacity_plan = true\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.capacity_plan`",
            "region 'CA-ON' has no built-in capacity plan (only DE-LU, US-CAL-CISO, ZA have one)",
        ],
    );
}

#[test]
fn trajectory_with_the_uniform_decarbonisation() {
    let text = with_grid("capacity_plan = true\ndecarbonization_per_year = 0.05\n");
    rejected_text(
        &text,
        &[
            "`sites[0].grid.decarbonization_per_year`",
            "a capacity trajectory already evolves the grid",
        ],
    );
}

#[test]
fn trajectory_without_a_preset() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300\n",
        "carbon_intensity_g_per_kwh = 300\ncapacity_plan = true\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.capacity_plan`",
            "only applies to a synthetic grid",
        ],
    );
}

#[test]
fn warming_given_twice_or_at_a_silly_rate() {
    let weather = |keys: &str| {
        edit(
            &base(),
            "pue = 1.2\n",
            &format!(
                "\n[sites.weather]\npreset = \"DE-LU\"\n{keys}\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n"
            ),
        )
    };
    rejected_text(
        &weather(
            "warming_c_per_decade = 0.3\nwarming_target_year = 2050\nwarming_target_anomaly_c = 1.0\n",
        ),
        &["`sites[0].weather.warming_c_per_decade`", "not both"],
    );
    rejected_text(
        &weather("warming_c_per_decade = 3\n"),
        &[
            "`sites[0].weather.warming_c_per_decade`",
            "expected a finite rate within ±2 °C per decade",
        ],
    );
    rejected_text(
        &weather("warming_target_year = 2050\n"),
        &["`sites[0].weather.warming_target_anomaly_c`", "missing"],
    );
}

#[test]
fn warming_of_a_weather_file() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\ncsv = \"weather.csv\"\nwarming_c_per_decade = 0.3\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let csv = "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01T00:00:00Z,10,50\n";
    rejected(
        Some(&text),
        &[("weather.csv", csv)],
        &[
            "`sites[0].weather.warming_c_per_decade`",
            "only applies to a synthetic climate",
        ],
    );
}

#[test]
fn capacity_plan_and_trajectory_together() {
    let text = with_grid(
        "capacity_plan = true\n[sites.grid.capacity_trajectory]\nyears = [2023]\nsolar = [1.0]\n",
    );
    rejected_text(&text, &["`sites[0].grid.capacity_plan`", "not both"]);
}

#[test]
fn capacity_plan_past_its_last_year() {
    // South Africa's built-in plan (the draft IRP 2023) ends in 2030: a run in 2031 is an
    // error naming the key, never an extrapolation.
    let text = edit(
        &edit(
            &base(),
            "start = \"2023-01-01T00:00:00Z\"",
            "start = \"2031-01-01T00:00:00Z\"",
        ),
        "carbon_intensity_g_per_kwh = 300\n",
        "preset = \"ZA\"\ncapacity_plan = true\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.capacity_plan`",
            "the simulation covers 2031–2031 but the trajectory only 2023–2030",
        ],
    );
}
