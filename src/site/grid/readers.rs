//! Readers of hourly grid series: carbon intensity in the Electricity Maps format, and
//! electricity prices.

use crate::error::DataError;
use crate::site::series::{HourlySeries, read_hourly_csv};
use serde::Deserialize;
use std::path::Path;

/// Which Electricity Maps carbon-intensity column to read.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CiColumn {
    /// Lifecycle emissions (construction, fuel supply, combustion).
    #[default]
    Lca,
    /// Direct (combustion-only) emissions.
    Direct,
}

/// Reads an Electricity Maps hourly zone file (the format of `shared/data/grid/*_hourly.csv`):
/// a `Datetime (UTC)` column and `Carbon Intensity gCO₂eq/kWh (direct)` / `(LCA)` columns.
///
/// Rows must be contiguous hours; values finite and ≥ 0. Errors name the line and say what
/// was expected.
pub fn read_electricity_maps_csv(path: &Path, column: CiColumn) -> Result<HourlySeries, DataError> {
    let wanted = match column {
        CiColumn::Lca => "(LCA)",
        CiColumn::Direct => "(direct)",
    };
    let value_name = format!("Carbon Intensity gCO₂eq/kWh {wanted}");
    read_hourly_csv(
        path,
        ("Datetime (UTC)", &|h: &str| h.starts_with("Datetime")),
        (&value_name, &|h: &str| {
            h.contains("Carbon Intensity") && h.ends_with(wanted)
        }),
        "carbon intensity",
        0.0,
    )
}

/// Reads an hourly marginal (consequential) emission factor series, such as a WattTime
/// MOER export converted to gCO2e/kWh: a CSV with columns `time_utc` and
/// `marginal_carbon_intensity_g_per_kwh`. Rows must be contiguous hours; values finite and
/// ≥ 0; errors name the file and line.
pub fn read_marginal_csv(path: &Path) -> Result<HourlySeries, DataError> {
    read_hourly_csv(
        path,
        ("time_utc", &|h: &str| h == "time_utc"),
        ("marginal_carbon_intensity_g_per_kwh", &|h: &str| {
            h == "marginal_carbon_intensity_g_per_kwh"
        }),
        "marginal carbon intensity",
        0.0,
    )
}

/// Lowest electricity price accepted, USD/MWh: prices go negative in markets with much wind
/// and solar (a consumer is paid to take power), so they are allowed, down to the mirror
/// image of the highest price accepted (`electricity_usd_per_mwh` ≤ 100,000); anything
/// lower is taken for a unit or sign mistake.
pub const MIN_PRICE_USD_PER_MWH: f64 = -100_000.0;

/// Whether the header of the CSV at `path` has a column matching `wanted`.
fn has_column(path: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<bool, DataError> {
    let (_, headers) = crate::error::open_csv(path)?;
    Ok(headers.iter().any(|h| wanted(h.trim())))
}

/// The `(direct)` carbon-intensity column of an Electricity Maps hourly zone file, if the
/// file has one (a file with only the `(LCA)` column gives `Ok(None)`).
pub fn read_electricity_maps_direct_if_present(
    path: &Path,
) -> Result<Option<HourlySeries>, DataError> {
    let direct = |h: &str| h.contains("Carbon Intensity") && h.ends_with("(direct)");
    if !has_column(path, &direct)? {
        return Ok(None);
    }
    read_electricity_maps_csv(path, CiColumn::Direct).map(Some)
}

/// Reads the `Low Carbon Percentage` column of an Electricity Maps hourly zone file as a
/// share (0–1): the carbon-free share of the zone's consumption (renewables and nuclear).
/// `Ok(None)` when the file has no such column.
pub fn read_electricity_maps_cfe_share(path: &Path) -> Result<Option<HourlySeries>, DataError> {
    const COLUMN: &str = "Low Carbon Percentage";
    if !has_column(path, &|h: &str| h == COLUMN)? {
        return Ok(None);
    }
    let series = read_hourly_csv(
        path,
        ("Datetime (UTC)", &|h: &str| h.starts_with("Datetime")),
        (COLUMN, &|h: &str| h.trim() == COLUMN),
        "low-carbon percentage",
        0.0,
    )?;
    Ok(Some(match series {
        HourlySeries::Constant(v) => HourlySeries::Constant(v / 100.0),
        HourlySeries::Table { start_unix, values } => {
            if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| **v > 100.0) {
                // Line 1 is the header: hour i of the series is on line i + 2.
                return Err(DataError::at(
                    path,
                    i + 2,
                    crate::error::DataErrorKind::OutOfRange {
                        field: COLUMN.to_string(),
                        value: v.to_string(),
                        requirement: "is above 100 (expected a percentage from 0 to 100)"
                            .to_string(),
                    },
                ));
            }
            HourlySeries::Table {
                start_unix,
                values: std::sync::Arc::new(values.iter().map(|v| v / 100.0).collect()),
            }
        }
        // `read_hourly_csv` returns constants and tables only; a computed column is no
        // file's and is left as it is.
        chunked @ HourlySeries::Chunked(_) => chunked,
    }))
}

/// Reads hourly electricity prices: a CSV with columns `time_utc` and `price_usd_per_mwh`.
/// Prices may be negative, down to [`MIN_PRICE_USD_PER_MWH`].
pub fn read_price_csv(path: &Path) -> Result<HourlySeries, DataError> {
    read_hourly_csv(
        path,
        ("time_utc", &|h: &str| h == "time_utc"),
        ("price_usd_per_mwh", &|h: &str| h == "price_usd_per_mwh"),
        "price",
        MIN_PRICE_USD_PER_MWH,
    )
}

/// Reads a PPA's hourly delivered power: a CSV with columns `time_utc` and `supply_mw`.
pub fn read_ppa_csv(path: &Path) -> Result<HourlySeries, DataError> {
    read_hourly_csv(
        path,
        ("time_utc", &|h: &str| h == "time_utc"),
        ("supply_mw", &|h: &str| h == "supply_mw"),
        "contracted supply",
        0.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    const HEADER: &str = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n";

    #[test]
    fn reads_both_columns() {
        let f = write(&format!(
            "{HEADER}2023-01-01 00:00:00,X,1.5,2.5\n2023-01-01 01:00:00,X,3,4\n"
        ));
        let lca = read_electricity_maps_csv(f.path(), CiColumn::Lca).unwrap();
        let direct = read_electricity_maps_csv(f.path(), CiColumn::Direct).unwrap();
        assert_eq!(lca.mean(), 3.25);
        assert_eq!(direct.mean(), 2.25);
    }

    #[test]
    fn gaps_and_garbage_are_reported_with_line() {
        let gap = write(&format!(
            "{HEADER}2023-01-01 00:00:00,X,1,2\n2023-01-01 02:00:00,X,3,4\n"
        ));
        let e = read_electricity_maps_csv(gap.path(), CiColumn::Lca).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            matches!(e.kind, crate::error::DataErrorKind::BrokenSequence { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("hourly sequence"), "{e}");
        let nan = write(&format!("{HEADER}2023-01-01 00:00:00,X,1,abc\n"));
        let e = read_electricity_maps_csv(nan.path(), CiColumn::Lca)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("not a number"), "{e}");
        let neg = write(&format!("{HEADER}2023-01-01 00:00:00,X,1,-4\n"));
        assert!(
            read_electricity_maps_csv(neg.path(), CiColumn::Lca)
                .unwrap_err()
                .to_string()
                .contains("≥ 0")
        );
        let noheader = write("a,b\n1,2\n");
        assert!(
            read_electricity_maps_csv(noheader.path(), CiColumn::Lca)
                .unwrap_err()
                .to_string()
                .contains("Datetime")
        );
    }

    #[test]
    fn prices_may_be_negative_down_to_the_limit() {
        let f = write(
            "time_utc,price_usd_per_mwh\n2023-01-01 00:00:00,-35.5\n2023-01-01 01:00:00,40\n",
        );
        let s = read_price_csv(f.path()).unwrap();
        assert_eq!(s.at(1_672_531_200), -35.5);
        assert_eq!(s.mean(), 2.25);
        let low = write(
            "time_utc,price_usd_per_mwh\n2023-01-01 00:00:00,1\n2023-01-01 01:00:00,-100001\n",
        );
        let e = read_price_csv(low.path()).unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("-100001") && e.contains("≥ -100000"),
            "{e}"
        );
        let ok = write("time_utc,price_usd_per_mwh\n2023-01-01 00:00:00,-100000\n");
        assert!(read_price_csv(ok.path()).is_ok());
    }
}
