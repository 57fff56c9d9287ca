//! Grid carbon intensity: constant, or an hourly CSV in the Electricity Maps format.

use super::series::HourlySeries;
use crate::scenario::schema::CiColumn;
use crate::time::parse_utc;
use std::path::Path;
use std::sync::Arc;

/// Reads an Electricity Maps hourly zone file (the format of `shared/data/grid/*_hourly.csv`):
/// a `Datetime (UTC)` column and `Carbon Intensity gCO₂eq/kWh (direct)` / `(LCA)` columns.
///
/// Rows must be contiguous hours; values finite and ≥ 0. Errors name the line and say what
/// was expected.
pub fn read_electricity_maps_csv(path: &Path, column: CiColumn) -> Result<HourlySeries, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(std::io::BufReader::new(file));
    let headers = reader.headers().map_err(|e| format!("{}: cannot read the header: {e}", path.display()))?.clone();
    let time_col = headers
        .iter()
        .position(|h| h.trim().starts_with("Datetime"))
        .ok_or_else(|| format!("{}: no `Datetime (UTC)` column in the header", path.display()))?;
    let wanted = match column {
        CiColumn::Lca => "(LCA)",
        CiColumn::Direct => "(direct)",
    };
    let value_col = headers
        .iter()
        .position(|h| h.contains("Carbon Intensity") && h.trim_end().ends_with(wanted))
        .ok_or_else(|| format!("{}: no `Carbon Intensity gCO₂eq/kWh {wanted}` column in the header", path.display()))?;
    let mut start = None;
    let mut values = Vec::with_capacity(8_784);
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("{}: line {line}: {e}", path.display()))?;
        let stamp = record.get(time_col).unwrap_or("");
        let t = parse_utc(stamp).map_err(|e| format!("{}: line {line}: {e}", path.display()))?;
        let expected = start.map(|s: i64| s + 3_600 * values.len() as i64);
        match expected {
            None => {
                if t.rem_euclid(3_600) != 0 {
                    return Err(format!("{}: line {line}: first timestamp {stamp} is not on a whole hour", path.display()));
                }
                start = Some(t);
            }
            Some(e) if e != t => {
                return Err(format!(
                    "{}: line {line}: timestamp {stamp} breaks the hourly sequence (expected {})",
                    path.display(),
                    crate::time::format_utc(e)
                ));
            }
            Some(_) => {}
        }
        let raw = record.get(value_col).unwrap_or("").trim();
        let v: f64 = raw.parse().map_err(|_| {
            format!("{}: line {line}: carbon intensity `{raw}` is not a number", path.display())
        })?;
        if !v.is_finite() || v < 0.0 {
            return Err(format!("{}: line {line}: carbon intensity {v} must be finite and ≥ 0", path.display()));
        }
        values.push(v);
    }
    match start {
        Some(start_unix) => Ok(HourlySeries::Table { start_unix, values: Arc::new(values) }),
        None => Err(format!("{}: no data rows", path.display())),
    }
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
        let f = write(&format!("{HEADER}2023-01-01 00:00:00,X,1.5,2.5\n2023-01-01 01:00:00,X,3,4\n"));
        let lca = read_electricity_maps_csv(f.path(), CiColumn::Lca).unwrap();
        let direct = read_electricity_maps_csv(f.path(), CiColumn::Direct).unwrap();
        assert_eq!(lca.mean(), 3.25);
        assert_eq!(direct.mean(), 2.25);
    }

    #[test]
    fn gaps_and_garbage_are_reported_with_line() {
        let gap = write(&format!("{HEADER}2023-01-01 00:00:00,X,1,2\n2023-01-01 02:00:00,X,3,4\n"));
        let e = read_electricity_maps_csv(gap.path(), CiColumn::Lca).unwrap_err();
        assert!(e.contains("line 3") && e.contains("hourly sequence"), "{e}");
        let nan = write(&format!("{HEADER}2023-01-01 00:00:00,X,1,abc\n"));
        let e = read_electricity_maps_csv(nan.path(), CiColumn::Lca).unwrap_err();
        assert!(e.contains("line 2") && e.contains("not a number"), "{e}");
        let neg = write(&format!("{HEADER}2023-01-01 00:00:00,X,1,-4\n"));
        assert!(read_electricity_maps_csv(neg.path(), CiColumn::Lca).unwrap_err().contains("≥ 0"));
        let noheader = write("a,b\n1,2\n");
        assert!(read_electricity_maps_csv(noheader.path(), CiColumn::Lca).unwrap_err().contains("Datetime"));
    }
}
