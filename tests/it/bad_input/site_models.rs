//! Weather, cooling and grid models and their files.

use super::*;

#[test]
fn cooling_without_weather() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cooling`",
            "a cooling system needs [sites.weather]",
        ],
    );
}

#[test]
fn constant_pue_and_cooling() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "pue = 1.2\n\n[sites.weather]\npreset = \"DE-LU\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "give either a constant pue or [sites.cooling], not both",
        ],
    );
}

#[test]
fn neither_pue_nor_cooling() {
    let text = edit(&base(), "pue = 1.2\n", "");
    rejected_text(
        &text,
        &[
            "`sites[0].pue`",
            "expected a constant pue, or a [sites.cooling] table",
        ],
    );
}

#[test]
fn unknown_cooling_system_lists_the_known_ones() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\npreset = \"DE-LU\"\n\n[sites.cooling]\nsystem = \"swamp_cooler\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].cooling.system`",
            "unknown system 'swamp_cooler'",
            "expected one of",
            "air_cooled_chiller",
        ],
    );
}

#[test]
fn two_weather_sources() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "pue = 1.2\n\n[sites.weather]\npreset = \"DE-LU\"\ncsv = \"weather.csv\"\n",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].weather`",
            "expected exactly one of preset, open_meteo_json or csv",
        ],
    );
}

#[test]
fn weather_csv_with_humidity_out_of_range() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\ncsv = \"weather.csv\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let csv = "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,10,50\n2023-01-01 01:00:00,10,150\n";
    rejected(
        Some(&text),
        &[("weather.csv", csv)],
        &[
            "`sites[0].weather.csv`",
            "weather.csv: line 3",
            "relative humidity 150",
            "expected a percentage",
        ],
    );
}

#[test]
fn bad_weather_file_is_not_reported_as_missing_weather() {
    let text = edit(
        &base(),
        "pue = 1.2\n",
        "\n[sites.weather]\ncsv = \"weather.csv\"\n\n[sites.cooling]\nsystem = \"air_cooled_chiller\"\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(SCENARIO), &text).unwrap();
    fs::write(
        tmp.path().join("weather.csv"),
        "time_utc,dry_bulb_c,relative_humidity_pct\n2023-01-01 00:00:00,x,50\n",
    )
    .unwrap();
    let out = footprint(tmp.path())
        .arg("check")
        .arg(tmp.path().join(SCENARIO))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`sites[0].weather.csv`"), "{stderr}");
    assert!(
        !stderr.contains("needs [sites.weather]"),
        "misleading second error:\n{stderr}"
    );
}

#[test]
fn unknown_grid_preset_lists_the_known_ones() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "preset = \"Atlantis\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.preset`",
            "unknown region 'Atlantis'",
            "expected one of",
            "US-CAL-CISO",
        ],
    );
}

#[test]
fn emission_factors_without_a_generation_mix() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\nemission_factors = \"li_et_al\"",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.emission_factors`",
            "only applies with preset or genmix_csv",
        ],
    );
}

#[test]
fn genmix_csv_with_negative_generation() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "genmix_csv = \"mix.csv\"",
    );
    let csv = "timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH\n\
               2023-01-01 00:00:00+00:00,1,1,1,1,1,1,1,1\n\
               2023-01-01 01:00:00+00:00,1,1,1,1,-1,1,1,1\n";
    rejected(
        Some(&text),
        &[("mix.csv", csv)],
        &[
            "`sites[0].grid.genmix_csv`",
            "mix.csv: line 3",
            "NG -1 must be finite and ≥ 0",
        ],
    );
}

#[test]
fn decarbonisation_rate_out_of_range() {
    let text = edit(
        &base(),
        "carbon_intensity_g_per_kwh = 300",
        "carbon_intensity_g_per_kwh = 300\ndecarbonization_per_year = 1.5",
    );
    rejected_text(
        &text,
        &[
            "`sites[0].grid.decarbonization_per_year`",
            "a yearly fall from 0 to 0.99",
            "found 1.5",
        ],
    );
}
