//! Hourly rows streamed to a scratch file during a run, so that writing `hourly.csv` does
//! not keep every site-hour in memory.
//!
//! `hourly.csv` is written site by site, but the simulation completes hours for all sites
//! together. Each complete row goes into its site's block (the row's fields as
//! little-endian `f64`, [`ROW_BYTES`] bytes); a full block of [`BLOCK_ROWS`] rows is appended
//! to the scratch file and only its offset is kept. What stays in memory is one partly
//! filled block per site plus 8 bytes per block: 8 / [`BLOCK_ROWS`] bytes per site-hour.
//! The scratch file sits in the run's folder and is removed once the table is written, so
//! it never appears among the run's outputs. Reading the rows back gives them bit for bit.

use crate::accounting::HourRow;
use crate::accounting::matching::HourMatch;
use crate::error::{Error, Result};
use crate::results::HourSink;
use crate::site::HourFactors;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// `f64` fields in an [`HourRow`] (4 accumulated, 12 factors, 11 matching figures).
const ROW_FIELDS: usize = 27;
/// Bytes of one row in the scratch file.
pub const ROW_BYTES: usize = ROW_FIELDS * 8;
/// Rows per block: 128 rows are 27 KiB, so a site holds at most that much in memory.
pub const BLOCK_ROWS: usize = 128;

/// The fields of a row in a fixed order. The destructuring names every field, so a field
/// added to the row types fails to compile here instead of being dropped silently.
fn fields(row: &HourRow) -> [f64; ROW_FIELDS] {
    let HourRow {
        it_energy_ws,
        idle_energy_ws,
        allocated_gpu_s,
        queued_job_s,
        factors,
        matched,
    } = *row;
    let HourFactors {
        pue,
        carbon_intensity_g_per_kwh,
        marginal_carbon_intensity_g_per_kwh,
        carbon_intensity_direct_g_per_kwh,
        td_loss_fraction,
        wue_l_per_kwh,
        ewif_l_per_kwh,
        ewif_withdrawal_l_per_kwh,
        price_usd_per_mwh,
        contract_supply_kw,
        contract_co2_g_per_kwh,
        grid_cfe_share,
    } = factors;
    let HourMatch {
        load_kwh,
        supply_kwh,
        matched_kwh,
        surplus_kwh,
        deficit_kwh,
        battery_charge_kwh,
        battery_discharge_kwh,
        grid_import_kwh,
        cfe_kwh,
        co2_market_hourly_kg,
        residual_g_per_kwh,
    } = matched;
    [
        it_energy_ws,
        idle_energy_ws,
        allocated_gpu_s,
        queued_job_s,
        pue,
        carbon_intensity_g_per_kwh,
        marginal_carbon_intensity_g_per_kwh,
        carbon_intensity_direct_g_per_kwh,
        td_loss_fraction,
        wue_l_per_kwh,
        ewif_l_per_kwh,
        ewif_withdrawal_l_per_kwh,
        price_usd_per_mwh,
        contract_supply_kw,
        contract_co2_g_per_kwh,
        grid_cfe_share,
        load_kwh,
        supply_kwh,
        matched_kwh,
        surplus_kwh,
        deficit_kwh,
        battery_charge_kwh,
        battery_discharge_kwh,
        grid_import_kwh,
        cfe_kwh,
        co2_market_hourly_kg,
        residual_g_per_kwh,
    ]
}

/// The row of [`fields`]' values.
fn row_of(f: &[f64; ROW_FIELDS]) -> HourRow {
    HourRow {
        it_energy_ws: f[0],
        idle_energy_ws: f[1],
        allocated_gpu_s: f[2],
        queued_job_s: f[3],
        factors: HourFactors {
            pue: f[4],
            carbon_intensity_g_per_kwh: f[5],
            marginal_carbon_intensity_g_per_kwh: f[6],
            carbon_intensity_direct_g_per_kwh: f[7],
            td_loss_fraction: f[8],
            wue_l_per_kwh: f[9],
            ewif_l_per_kwh: f[10],
            ewif_withdrawal_l_per_kwh: f[11],
            price_usd_per_mwh: f[12],
            contract_supply_kw: f[13],
            contract_co2_g_per_kwh: f[14],
            grid_cfe_share: f[15],
        },
        matched: HourMatch {
            load_kwh: f[16],
            supply_kwh: f[17],
            matched_kwh: f[18],
            surplus_kwh: f[19],
            deficit_kwh: f[20],
            battery_charge_kwh: f[21],
            battery_discharge_kwh: f[22],
            grid_import_kwh: f[23],
            cfe_kwh: f[24],
            co2_market_hourly_kg: f[25],
            residual_g_per_kwh: f[26],
        },
    }
}

/// One site's rows: the offsets of its blocks in the scratch file and the block being filled.
#[derive(Default)]
struct SiteRows {
    blocks: Vec<u64>,
    open: Vec<u8>,
    rows: usize,
}

/// Rows of every site, spooled to a scratch file (see the module documentation).
pub struct HourSpool {
    file: Option<File>,
    path: PathBuf,
    end: u64,
    sites: Vec<SiteRows>,
    error: Option<std::io::Error>,
}

impl HourSpool {
    /// Creates the scratch file at `path` for `sites` sites.
    pub fn create(path: &Path, sites: usize) -> Result<HourSpool> {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|source| Error::Output {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(HourSpool {
            file: Some(file),
            path: path.to_path_buf(),
            end: 0,
            sites: (0..sites).map(|_| SiteRows::default()).collect(),
            error: None,
        })
    }

    /// Rows spooled for site `site` so far.
    pub fn rows(&self, site: usize) -> usize {
        self.sites.get(site).map_or(0, |s| s.rows)
    }

    /// Calls `each` with every row of site `site`, in hour order.
    pub fn for_each(
        &mut self,
        site: usize,
        mut each: impl FnMut(&HourRow) -> Result<()>,
    ) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(self.io_error(e));
        }
        let Some(rows) = self.sites.get(site) else {
            return Ok(());
        };
        let mut block = vec![0u8; BLOCK_ROWS * ROW_BYTES];
        let file = self.file.as_mut();
        if let Some(file) = file {
            for &offset in &rows.blocks {
                let read = file
                    .seek(SeekFrom::Start(offset))
                    .and_then(|_| file.read_exact(&mut block));
                if let Err(e) = read {
                    return Err(Error::Output {
                        path: self.path.clone(),
                        source: e,
                    });
                }
                for bytes in block.chunks_exact(ROW_BYTES) {
                    each(&decode(bytes))?;
                }
            }
        }
        for bytes in rows.open.chunks_exact(ROW_BYTES) {
            each(&decode(bytes))?;
        }
        Ok(())
    }

    fn io_error(&self, source: std::io::Error) -> Error {
        Error::Output {
            path: self.path.clone(),
            source,
        }
    }
}

fn decode(bytes: &[u8]) -> HourRow {
    let mut f = [0.0; ROW_FIELDS];
    for (v, b) in f.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut le = [0u8; 8];
        le.copy_from_slice(b);
        *v = f64::from_le_bytes(le);
    }
    row_of(&f)
}

impl HourSink for HourSpool {
    fn hour(&mut self, site: usize, row: &HourRow) {
        let Some(s) = self.sites.get_mut(site) else {
            return;
        };
        for v in fields(row) {
            s.open.extend_from_slice(&v.to_le_bytes());
        }
        s.rows += 1;
        if s.open.len() < BLOCK_ROWS * ROW_BYTES || self.error.is_some() {
            return;
        }
        if let Some(file) = &mut self.file {
            let written = file
                .seek(SeekFrom::Start(self.end))
                .and_then(|_| file.write_all(&s.open));
            match written {
                Ok(()) => {
                    s.blocks.push(self.end);
                    self.end += s.open.len() as u64;
                    s.open.clear();
                }
                Err(e) => self.error = Some(e),
            }
        }
    }
}

impl Drop for HourSpool {
    /// The scratch file is never an output: it goes with the spool.
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests;
