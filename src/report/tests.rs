use super::read::columns;
use crate::metrics::hourly::HOURLY_COLUMNS;
use crate::metrics::jobs::job_column;
use crate::metrics::run_files::{self, ColumnDoc};
use crate::montecarlo::bands::QUANTITIES;

/// The names of a file's fixed columns.
fn names(columns: &[ColumnDoc]) -> Vec<&'static str> {
    run_files::names(columns).collect()
}

#[test]
fn every_column_the_report_reads_is_in_its_files_table() {
    use columns::*;
    for c in [
        summary::POINT,
        summary::SCOPE,
        summary::METRIC,
        summary::N,
        summary::MEAN,
        summary::CI_LOW,
        summary::CI_HIGH,
        summary::P5,
        summary::P95,
    ] {
        assert!(
            names(run_files::SUMMARY_COLUMNS).contains(&c),
            "summary.csv has no {c}"
        );
    }
    for c in [
        hourly::POINT,
        hourly::REPLICATION,
        hourly::SITE,
        hourly::HOUR,
        hourly::TIME,
        hourly::IT_POWER,
        hourly::FACILITY_ENERGY,
        hourly::PUE,
        hourly::CARBON,
        hourly::MARGINAL,
        hourly::WATER_ONSITE,
        hourly::WATER_OFFSITE,
        hourly::SUPPLY,
        hourly::MATCHED,
    ] {
        assert!(
            HOURLY_COLUMNS.iter().any(|h| h.name == c),
            "hourly.csv has no {c}"
        );
    }
    for c in [
        bands::POINT,
        bands::SITE,
        bands::HOUR,
        bands::QUANTITY,
        bands::P5,
        bands::P95,
    ] {
        assert!(
            names(run_files::BAND_COLUMNS).contains(&c),
            "hourly_bands.csv has no {c}"
        );
    }
    for q in ["facility_power_kw", "carbon_intensity_g_per_kwh", "water_l"] {
        assert!(QUANTITIES.contains(&q), "no band of {q}");
    }
    for c in [
        jobs::POINT,
        jobs::REPLICATION,
        jobs::CLASS,
        jobs::ENERGY,
        jobs::CO2,
        jobs::WATER_ONSITE,
        jobs::WATER_OFFSITE,
    ] {
        assert!(job_column(c).is_some(), "jobs.csv has no {c}");
    }
    for c in [
        comparisons::POINT,
        comparisons::SCOPE,
        comparisons::METRIC,
        comparisons::DELTA,
        comparisons::DELTA_LOW,
        comparisons::DELTA_HIGH,
    ] {
        assert!(
            names(run_files::COMPARISON_COLUMNS).contains(&c),
            "comparisons.csv has no {c}"
        );
    }
    for c in [
        sensitivity::POINT,
        sensitivity::METRIC,
        sensitivity::INPUT,
        sensitivity::METHOD,
        sensitivity::VALUE,
    ] {
        assert!(
            names(run_files::SENSITIVITY_COLUMNS).contains(&c),
            "sensitivity.csv has no {c}"
        );
    }
}
