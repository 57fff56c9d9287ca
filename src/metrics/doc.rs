//! `docs/outputs.md`, generated from the column tables so that the reference of every output
//! column cannot drift from the code (a test compares the file with [`outputs_markdown`]).

use super::METRICS;
use super::hourly::HOURLY_COLUMNS;
use super::jobs::JOB_COLUMNS;
use super::run_files::{
    AXIS_COLUMN, BAND_COLUMNS, COMPARISON_COLUMNS, CONTROL_COLUMNS, ColumnDoc, INPUT_COLUMN,
    REPLICATION_COLUMNS, SCOPE_METRIC_COLUMN, SENSITIVITY_COLUMNS, SUMMARY_COLUMNS,
};
use std::fmt::Write;

fn table<'a>(out: &mut String, rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>) {
    out.push_str("| column | unit | meaning |\n|---|---|---|\n");
    for (name, unit, doc) in rows {
        let unit = if unit.is_empty() { "text" } else { unit };
        // Writing to a String cannot fail.
        let _ = writeln!(out, "| `{name}` | {unit} | {} |", doc.replace('|', "\\|"));
    }
}

/// Heading of the section of `docs/outputs.md` written from the projection's metric table
/// (`crate::projection::metrics`), after the sections generated here.
pub const PROJECTION_SECTION: &str = "\n## `projection.csv`\n";

/// `rows` with the generic sweep-axis row after `point`.
fn with_axis<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> {
    rows.flat_map(|row| {
        let axis =
            (row.0 == "point").then_some((AXIS_COLUMN.name, AXIS_COLUMN.unit, AXIS_COLUMN.doc));
        std::iter::once(row).chain(axis)
    })
}

/// A section for one of the files computed over replications: its fixed columns with the
/// axis column after `point`, then `extra` (the generic columns that follow).
fn run_file(out: &mut String, file: &str, what: &str, columns: &[ColumnDoc], extra: &[ColumnDoc]) {
    let _ = write!(out, "\n## `{file}`\n\n{what}\n\n");
    let rows = columns.iter().chain(extra).map(|c| (c.name, c.unit, c.doc));
    table(out, with_axis(rows));
}

/// The text of `docs/outputs.md` up to [`PROJECTION_SECTION`].
pub fn outputs_markdown() -> String {
    let mut out = String::from(
        "# Output columns\n\n\
         Generated from the column tables in `src/metrics/` (`METRICS`, `JOB_COLUMNS`,\n\
         `HOURLY_COLUMNS`, and `run_files.rs` for the files over replications); do not edit\n\
         by hand. After changing a table, regenerate with\n\
         `FOOTPRINT_WRITE_DOCS=1 cargo test --release --lib outputs_doc`. Unit `1` is a\n\
         dimensionless ratio, `count` a number of things, `text` a name or label.\n\n\
         Every file that names a sweep point has, right after `point`, one column per sweep\n\
         axis, `sweep:<key path>`, holding the value of that axis at the point (the point\n\
         name only labels it): a table can be grouped or plotted by a swept value as it is.\n\
         `manifest.json` lists the same axes (`axes`: key, column, dimension, values and the\n\
         value index at each point).\n\n\
         ## Summary metrics\n\n\
         The rows of `summary.csv` (per sweep point × scope × metric, with statistics over\n\
         replications) and the `scope.metric` columns of `replications.csv`, for the scope\n\
         `total` and each `site:<name>`.\n\n",
    );
    table(&mut out, METRICS.iter().map(|m| (m.name, m.unit, m.doc)));
    out.push_str(
        "\n## `jobs.csv`\n\nOne row per job of replication 0 of each point, in the order jobs end.\n\n",
    );
    table(
        &mut out,
        with_axis(JOB_COLUMNS.iter().map(|c| (c.name, c.unit, c.doc))),
    );
    out.push_str(
        "\n## `hourly.csv`\n\nOne row per site and hour of replication 0 of each point.\n\n",
    );
    table(
        &mut out,
        with_axis(HOURLY_COLUMNS.iter().map(|c| (c.name, c.unit, c.doc))),
    );
    run_file(
        &mut out,
        "summary.csv",
        "One row per sweep point, scope and metric: statistics over the replications. \
         `mean_ci95_low`/`mean_ci95_high` bound the *mean* (they narrow as replications are \
         added); `p5`/`p95` bound the outcomes.",
        SUMMARY_COLUMNS,
        &[],
    );
    run_file(
        &mut out,
        "replications.csv",
        "One row per sweep point and replication.",
        REPLICATION_COLUMNS,
        &[
            INPUT_COLUMN,
            CONTROL_COLUMNS[0],
            CONTROL_COLUMNS[1],
            SCOPE_METRIC_COLUMN,
        ],
    );
    run_file(
        &mut out,
        "comparisons.csv",
        "With two or more sweep points: one row per point other than the baseline, scope and \
         metric, paired by replication. The interval columns keep the `delta_` prefix: the \
         only interval a paired difference has is that of its mean.",
        COMPARISON_COLUMNS,
        &[],
    );
    run_file(
        &mut out,
        "sensitivity.csv",
        "With uncertain inputs or a sweep: the effect of each input on each headline metric.",
        SENSITIVITY_COLUMNS,
        &[],
    );
    run_file(
        &mut out,
        "hourly_bands.csv",
        "With two or more replications and `output.hourly_csv`: per point, site, hour and \
         quantity, percentiles over the replications.",
        BAND_COLUMNS,
        &[],
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units carried by name suffixes (the project's naming rule), most specific first.
    const SUFFIX_UNITS: &[(&str, &str)] = &[
        ("_g_per_kwh", "gCO2e/kWh"),
        ("_l_per_kwh", "L/kWh"),
        ("_usd_per_mwh", "USD/MWh"),
        ("_kwh", "kWh"),
        ("_kw", "kW"),
        ("_kg_sb_eq", "kg Sb-eq"),
        ("_kg", "kg CO2e"),
        ("_l", "L"),
        ("_usd", "USD"),
        ("gpu_hours", "accelerator-h"),
        ("_hours", "h"),
        ("_s", "s"),
        ("_c", "°C"),
    ];

    #[test]
    fn units_agree_with_name_suffixes_and_names_are_unique() {
        let all: Vec<(&str, &str)> = METRICS
            .iter()
            .map(|m| (m.name, m.unit))
            .chain(JOB_COLUMNS.iter().map(|c| (c.name, c.unit)))
            .chain(HOURLY_COLUMNS.iter().map(|c| (c.name, c.unit)))
            .chain(
                [
                    SUMMARY_COLUMNS,
                    REPLICATION_COLUMNS,
                    COMPARISON_COLUMNS,
                    CONTROL_COLUMNS,
                    SENSITIVITY_COLUMNS,
                    BAND_COLUMNS,
                ]
                .concat()
                .into_iter()
                .map(|c| (c.name, c.unit)),
            )
            .collect();
        for (name, unit) in all {
            if let Some((_, want)) = SUFFIX_UNITS.iter().find(|(s, _)| name.ends_with(s)) {
                assert_eq!(unit, *want, "{name}");
            }
        }
        for names in [
            METRICS.iter().map(|m| m.name).collect::<Vec<_>>(),
            JOB_COLUMNS.iter().map(|c| c.name).collect(),
            HOURLY_COLUMNS.iter().map(|c| c.name).collect(),
            SUMMARY_COLUMNS.iter().map(|c| c.name).collect(),
            REPLICATION_COLUMNS.iter().map(|c| c.name).collect(),
            COMPARISON_COLUMNS.iter().map(|c| c.name).collect(),
            SENSITIVITY_COLUMNS.iter().map(|c| c.name).collect(),
            BAND_COLUMNS.iter().map(|c| c.name).collect(),
        ] {
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "duplicate column in {names:?}");
        }
    }

    /// Fails when `docs/outputs.md` and the tables disagree; with `FOOTPRINT_WRITE_DOCS=1` it
    /// rewrites the file instead.
    #[test]
    fn outputs_doc_matches_the_tables() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/outputs.md");
        let want = outputs_markdown();
        // The sections from `PROJECTION_SECTION` on belong to the projection's own table
        // (`crate::projection::metrics`, checked by its own test) and are kept as they are.
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        let tail = file
            .find(PROJECTION_SECTION)
            .map_or(String::new(), |i| file[i..].to_string());
        if std::env::var_os("FOOTPRINT_WRITE_DOCS").is_some() {
            std::fs::write(&path, format!("{want}{tail}")).expect("write docs/outputs.md");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        let have = have
            .find(PROJECTION_SECTION)
            .map_or(have.clone(), |i| have[..i].to_string());
        assert!(
            have == want,
            "docs/outputs.md is out of date: run `FOOTPRINT_WRITE_DOCS=1 cargo test --release --lib outputs_doc`"
        );
    }
}
