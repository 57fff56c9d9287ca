//! Hourly bands over replications (`hourly_bands.csv`): per point, site and hour, the 5th,
//! 50th and 95th percentiles of IT power, facility power, carbon intensity and water.
//!
//! Memory does not grow with the number of replications beyond what the quantiles need:
//! each (point, site, hour, quantity) cell keeps a sparse histogram of its values in
//! logarithmic bins 0.5% wide, plus the exact minimum and maximum. A replication's hourly
//! series is folded in as soon as it ends and then dropped. A percentile is read at the
//! geometric centre of the bin holding its nearest rank, clamped to the observed range, so
//! it is within 0.25% of the exact order statistic (and exact when every replication gave
//! the same value). Histograms add, so shards merge into exactly the bands one process
//! would have computed, whatever the thread count or order of arrival.

use crate::error::{DataError, DataErrorKind, Error, Result};
use crate::metrics::run_files::BAND_COLUMNS;
use crate::output::axes::{self, AxisColumn};
use crate::output::tables::num;
use crate::results::ReplicationResult;
use crate::time::SECONDS_PER_HOUR;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Header of a shard's band part file, written by [`Bands::write_part`].
const BAND_PART_HEADER: &str = "point,site,hour,quantity,bin,count,min,max";

/// Quantities with bands, in column order.
pub const QUANTITIES: [&str; 4] = [
    "it_power_kw",
    "facility_power_kw",
    "carbon_intensity_g_per_kwh",
    "water_l",
];

/// Bin width: values `v` and `v·GROWTH` fall in neighbouring bins.
const GROWTH: f64 = 1.005;
/// Values below this (in the quantity's unit) count as zero: far below any meaningful
/// power, intensity or water figure.
const SMALLEST: f64 = 1e-6;

fn bin_of(value: f64) -> u32 {
    // NaN falls in the zero bin too.
    if value.is_nan() || value < SMALLEST {
        return 0;
    }
    1 + ((value / SMALLEST).ln() / GROWTH.ln()) as u32
}

fn centre_of(bin: u32) -> f64 {
    if bin == 0 {
        return 0.0;
    }
    SMALLEST * GROWTH.powf(f64::from(bin - 1) + 0.5)
}

/// The values of one cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// (bin, count), sorted by bin.
    bins: Vec<(u32, u32)>,
    min: f64,
    max: f64,
    n: u64,
}

impl Cell {
    /// Adds a value (finite, ≥ 0).
    pub fn add(&mut self, value: f64) {
        self.add_count(bin_of(value), 1, value, value);
    }

    fn add_count(&mut self, bin: u32, count: u32, min: f64, max: f64) {
        if self.n == 0 {
            self.min = min;
            self.max = max;
        } else {
            self.min = self.min.min(min);
            self.max = self.max.max(max);
        }
        self.n += u64::from(count);
        match self.bins.binary_search_by_key(&bin, |b| b.0) {
            Ok(i) => self.bins[i].1 += count,
            Err(i) => self.bins.insert(i, (bin, count)),
        }
    }

    /// Adds every value of `other`.
    pub fn merge(&mut self, other: &Cell) {
        for &(bin, count) in &other.bins {
            self.add_count(bin, count, other.min, other.max);
        }
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The `q`-quantile (nearest rank), within 0.25% of the exact one.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for &(bin, count) in &self.bins {
            seen += u64::from(count);
            if seen >= rank {
                return centre_of(bin).clamp(self.min, self.max);
            }
        }
        self.max
    }
}

/// Bands of every point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bands {
    /// Site names.
    pub sites: Vec<String>,
    /// cells[point][site][hour][quantity].
    cells: Vec<Vec<Vec<[Cell; 4]>>>,
}

/// The four banded values of one hour of one site's results.
fn hour_values(row: &crate::accounting::HourRow, seconds: f64) -> [f64; 4] {
    let charges = row.charges();
    [
        row.it_energy_ws / seconds / 1_000.0,
        charges.facility_energy_kwh * SECONDS_PER_HOUR as f64 / seconds,
        row.factors.carbon_intensity_g_per_kwh,
        charges.water_onsite_l + charges.water_offsite_l,
    ]
}

impl Bands {
    /// Empty bands for `points` points and the given sites.
    pub fn new(points: usize, sites: Vec<String>) -> Bands {
        Bands {
            cells: vec![vec![Vec::new(); sites.len()]; points],
            sites,
        }
    }

    /// Folds in one replication of `point`.
    pub fn add(&mut self, point: usize, result: &ReplicationResult) {
        let Some(by_site) = self.cells.get_mut(point) else {
            return;
        };
        for (s, site) in result.sites.iter().enumerate() {
            let Some(hours) = by_site.get_mut(s) else {
                continue;
            };
            if hours.len() < site.hours.len() {
                hours.resize_with(site.hours.len(), Default::default);
            }
            for (h, row) in site.hours.iter().enumerate() {
                let start = h as u64 * SECONDS_PER_HOUR;
                let seconds = (result
                    .window_s
                    .min(start + SECONDS_PER_HOUR)
                    .saturating_sub(start)) as f64;
                if seconds <= 0.0 {
                    continue;
                }
                for (cell, v) in hours[h].iter_mut().zip(hour_values(row, seconds)) {
                    cell.add(v);
                }
            }
        }
    }

    /// Adds every value of `other` (same points and sites).
    pub fn merge(&mut self, other: &Bands) {
        for (mine, theirs) in self.cells.iter_mut().zip(&other.cells) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                if a.len() < b.len() {
                    a.resize_with(b.len(), Default::default);
                }
                for (ca, cb) in a.iter_mut().zip(b) {
                    for (x, y) in ca.iter_mut().zip(cb) {
                        x.merge(y);
                    }
                }
            }
        }
    }

    /// Writes `hourly_bands.csv` (through the csv crate's writer, like every other table).
    /// Each row names its point and the point's sweep-axis values.
    pub fn write_csv(
        &self,
        path: &Path,
        point_names: &[String],
        sweep: &[AxisColumn],
    ) -> Result<()> {
        let file = File::create(path).map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })?;
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        let e = |source| Error::Csv {
            path: path.to_path_buf(),
            source,
        };
        w.write_record(axes::header_with(BAND_COLUMNS, sweep))
            .map_err(e)?;
        for (p, by_site) in self.cells.iter().enumerate() {
            let point = point_names.get(p).map_or("", String::as_str);
            for (s, hours) in by_site.iter().enumerate() {
                for (h, cells) in hours.iter().enumerate() {
                    let hour = h.to_string();
                    for (q, cell) in QUANTITIES.iter().zip(cells) {
                        if cell.count() == 0 {
                            continue;
                        }
                        let (n, p5) = (cell.count().to_string(), num(cell.quantile(0.05)));
                        let (p50, p95) = (num(cell.quantile(0.5)), num(cell.quantile(0.95)));
                        let rest = [
                            self.sites[s].as_str(),
                            hour.as_str(),
                            q,
                            n.as_str(),
                            p5.as_str(),
                            p50.as_str(),
                            p95.as_str(),
                        ];
                        w.write_record(
                            std::iter::once(point)
                                .chain(axes::values_at(sweep, p))
                                .chain(rest),
                        )
                        .map_err(e)?;
                    }
                }
            }
        }
        w.flush().map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Writes the raw histograms (for `footprint merge`): one line per non-empty bin,
    /// `point,site,hour,quantity,bin,count,min,max`.
    pub fn write_part(&self, path: &Path) -> Result<()> {
        let io = |source| Error::Output {
            path: path.to_path_buf(),
            source,
        };
        let mut w = BufWriter::new(File::create(path).map_err(io)?);
        writeln!(w, "{BAND_PART_HEADER}").map_err(io)?;
        for (p, by_site) in self.cells.iter().enumerate() {
            for (s, hours) in by_site.iter().enumerate() {
                for (h, cells) in hours.iter().enumerate() {
                    for (q, cell) in cells.iter().enumerate() {
                        for &(bin, count) in &cell.bins {
                            writeln!(
                                w,
                                "{p},{s},{h},{q},{bin},{count},{},{}",
                                num(cell.min),
                                num(cell.max)
                            )
                            .map_err(io)?;
                        }
                    }
                }
            }
        }
        w.flush().map_err(io)
    }

    /// Reads a file written by [`Bands::write_part`] into bands shaped like `self`, and
    /// adds it. Errors name the file and line.
    pub fn merge_part(&mut self, path: &Path) -> Result<()> {
        let bad = |line: usize, what: &str| {
            Error::Data(DataError::at(
                path,
                line,
                DataErrorKind::Malformed {
                    reason: what.to_string(),
                },
            ))
        };
        let file = File::open(path).map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })?;
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|source| Error::Output {
                path: path.to_path_buf(),
                source,
            })?;
            if i == 0 {
                if line != BAND_PART_HEADER {
                    return Err(Error::Data(DataError::at(
                        path,
                        1,
                        DataErrorKind::WrongHeader {
                            expected: BAND_PART_HEADER.to_string(),
                        },
                    )));
                }
                continue;
            }
            let f: Vec<&str> = line.split(',').collect();
            if f.len() != 8 {
                return Err(Error::Data(DataError::at(
                    path,
                    i + 1,
                    DataErrorKind::FieldCount {
                        expected: 8,
                        found: f.len(),
                    },
                )));
            }
            let int = |k: usize| {
                f[k].parse::<u64>()
                    .map_err(|_| bad(i + 1, "expected whole numbers"))
            };
            let real = |k: usize| {
                f[k].parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(i + 1, "expected finite numbers"))
            };
            let (p, s, h, q) = (
                int(0)? as usize,
                int(1)? as usize,
                int(2)? as usize,
                int(3)? as usize,
            );
            let (bin, count) = (int(4)?, int(5)?);
            let (min, max) = (real(6)?, real(7)?);
            let hours = self
                .cells
                .get_mut(p)
                .and_then(|sites| sites.get_mut(s))
                .filter(|_| q < 4 && h < 10_000_000)
                .ok_or_else(|| bad(i + 1, "point, site or quantity out of range"))?;
            if hours.len() <= h {
                hours.resize_with(h + 1, Default::default);
            }
            let bin = u32::try_from(bin).map_err(|_| bad(i + 1, "bin out of range"))?;
            let count = u32::try_from(count).map_err(|_| bad(i + 1, "count out of range"))?;
            hours[h][q].add_count(bin, count, min, max);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_nearest_rank(values: &[f64], q: f64) -> f64 {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    #[test]
    fn quantiles_are_within_a_quarter_percent_of_the_exact_ones() {
        let values: Vec<f64> = (0..1_000)
            .map(|i| 1_000.0 + (i as f64 * 7.3) % 500.0)
            .collect();
        let mut cell = Cell::default();
        values.iter().for_each(|&v| cell.add(v));
        for q in [0.05, 0.5, 0.95] {
            let exact = exact_nearest_rank(&values, q);
            let got = cell.quantile(q);
            assert!(
                (got / exact - 1.0).abs() <= 0.0025,
                "q{q}: {got} vs {exact}"
            );
        }
        assert_eq!(cell.count(), 1_000);
    }

    #[test]
    fn identical_values_and_zero_come_back_exactly() {
        let mut cell = Cell::default();
        (0..20).for_each(|_| cell.add(261.3));
        assert_eq!(cell.quantile(0.05), 261.3);
        assert_eq!(cell.quantile(0.95), 261.3);
        let mut zero = Cell::default();
        zero.add(0.0);
        zero.add(0.0);
        assert_eq!(zero.quantile(0.5), 0.0);
    }

    #[test]
    fn merged_halves_equal_the_whole_in_any_order() {
        let values: Vec<f64> = (0..300).map(|i| ((i * 37) % 101) as f64 + 0.5).collect();
        let mut whole = Cell::default();
        values.iter().for_each(|&v| whole.add(v));
        let (mut a, mut b) = (Cell::default(), Cell::default());
        values.iter().rev().take(120).for_each(|&v| a.add(v));
        values.iter().take(180).for_each(|&v| b.add(v));
        let mut merged = Cell::default();
        merged.merge(&a);
        merged.merge(&b);
        assert_eq!(merged, whole);
    }
}
