//! Site physics: elevation and the grid-connection limit.

use super::*;

#[test]
fn elevation_below_the_dead_sea() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\npreset = \"DE-LU\"\nelevation_m = -500\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].weather.elevation_m`",
            "elevation -500 m",
            "Dead Sea",
            "expected metres above sea level",
        ],
    );
}

#[test]
fn weather_file_elevation_below_the_dead_sea() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\nopen_meteo_json = \"weather.json\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let json = r#"{"utc_offset_seconds": 0, "elevation": -1000.0,
        "hourly": {"time": ["2023-01-01T00:00", "2023-01-01T01:00"],
                   "temperature_2m": [10.0, 11.0], "relative_humidity_2m": [50.0, 55.0]}}"#;
    rejected(
        Some(&text),
        &[("weather.json", json)],
        &[
            "`sites[0].weather.open_meteo_json`",
            "weather.json: `elevation`",
            "elevation -1000 m",
            "expected metres above sea level",
        ],
    );
}

#[test]
fn negative_grid_connection_limit() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "pue = 1.2\ngrid_connection_limit_kw = -5\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid_connection_limit_kw`",
            "expected a limit from 0.001 to 10⁹ kW, found -5",
        ],
    );
}
