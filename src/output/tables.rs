//! The CSV files: tidy, one header row, units in column names.
//!
//! Numbers are written with Rust's shortest round-trip formatting, so equal results give
//! byte-identical files on every platform.

use crate::error::{Error, Result};
use crate::results::{JobRecord, JobSink, ReplicationResult};
use crate::scenario::Scenario;
use crate::time::format_utc;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

type Writer = csv::Writer<BufWriter<File>>;

fn open(path: &Path) -> Result<Writer> {
    let file = File::create(path).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(
        1 << 16,
        file,
    )))
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// Formats a number for CSV: shortest round-trip representation (parsing gives back the
/// same bits), `0` for zero.
pub fn num(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// The leading columns of `jobs.csv`; [`JOB_NUMERIC_COLUMNS`] follow.
pub const JOB_COLUMNS: &[&str] = &[
    "point",
    "replication",
    "job_id",
    "name",
    "site",
    "status",
    "gpus",
    "allocated_gpus",
    "nodes",
    "arrival_s",
    "start_s",
    "end_s",
    "wait_s",
    "run_s",
    "deadline_s",
    "deadline_missed",
    // followed by JOB_NUMERIC_COLUMNS
];

/// The numeric columns of `jobs.csv` (from `gpu_hours` on), in order.
pub const JOB_NUMERIC_COLUMNS: &[&str] = &[
    "gpu_hours",
    "it_energy_kwh",
    "facility_energy_kwh",
    "co2_operational_kg",
    "co2_market_kg",
    "co2_it_only_kg",
    "co2_embodied_gpu_kg",
    "co2_embodied_server_kg",
    "co2_total_kg",
    "water_onsite_l",
    "water_offsite_l",
    "energy_cost_usd",
    "hardware_cost_usd",
    "interruptions",
    "checkpoints",
    "pauses",
    "lost_gpu_hours",
    "lost_co2_kg",
    "effective_training_fraction",
    "work_done_s",
];

/// The values of [`JOB_NUMERIC_COLUMNS`] for one job at a site with the given contracted
/// clean-energy share.
pub fn job_numbers(j: &JobRecord, clean_energy_share: f64) -> [f64; 20] {
    let c = &j.charges;
    [
        j.gpu_hours,
        c.it_energy_kwh,
        c.facility_energy_kwh,
        c.co2_operational_kg,
        c.co2_operational_kg * (1.0 - clean_energy_share),
        c.co2_it_only_kg,
        j.co2_embodied_gpu_kg,
        j.co2_embodied_server_kg,
        c.co2_operational_kg + j.co2_embodied_gpu_kg + j.co2_embodied_server_kg,
        c.water_onsite_l,
        c.water_offsite_l,
        c.energy_cost_usd,
        j.hardware_cost_usd,
        f64::from(j.ops.interruptions),
        f64::from(j.ops.checkpoints),
        f64::from(j.ops.pauses),
        j.ops.lost_gpu_hours,
        j.ops.lost.co2_operational_kg,
        j.ops.effective_training_fraction,
        j.ops.work_done_s,
    ]
}

/// Streams job records to `jobs.csv` as jobs end.
pub struct JobsCsv {
    writer: Writer,
    path: PathBuf,
    labels: Vec<String>,
    sites: Vec<String>,
    clean_share: Vec<f64>,
    point: String,
    replication: String,
    window_end_s: u64,
    error: Option<csv::Error>,
    row: Vec<String>,
}

impl JobsCsv {
    /// Creates the file and writes the header.
    pub fn create(
        path: &Path,
        scenario: &Scenario,
        point: &str,
        replication: u64,
    ) -> Result<JobsCsv> {
        let mut writer = open(path)?;
        let header: Vec<&str> = JOB_COLUMNS
            .iter()
            .chain(JOB_NUMERIC_COLUMNS)
            .copied()
            .collect();
        writer.write_record(&header).map_err(csv_error(path))?;
        Ok(JobsCsv {
            writer,
            path: path.to_path_buf(),
            labels: scenario.workload.labels.clone(),
            sites: scenario.sites.iter().map(|s| s.name.clone()).collect(),
            clean_share: scenario
                .sites
                .iter()
                .map(|s| s.clean_energy_share)
                .collect(),
            point: point.to_string(),
            replication: replication.to_string(),
            window_end_s: 0,
            error: None,
            row: Vec::with_capacity(JOB_COLUMNS.len()),
        })
    }

    /// Flushes; reports the first write error, if any.
    pub fn finish(mut self, window_end_s: u64) -> Result<()> {
        self.window_end_s = window_end_s;
        if let Some(e) = self.error.take() {
            return Err(Error::Csv {
                path: self.path,
                source: e,
            });
        }
        self.writer.flush().map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })
    }
}

impl JobSink for JobsCsv {
    fn record(&mut self, j: &JobRecord) {
        if self.error.is_some() {
            return;
        }
        let opt = |v: Option<u64>| v.map_or(String::new(), |x| x.to_string());
        let run_s = match (j.start_s, j.end_s) {
            (Some(a), Some(b)) => (b - a).to_string(),
            _ => "0".to_string(),
        };
        let wait = num(j.ops.wait_s);
        self.row.clear();
        self.row.extend([
            self.point.clone(),
            self.replication.clone(),
            j.id.to_string(),
            self.labels
                .get(j.label as usize)
                .cloned()
                .unwrap_or_default(),
            self.sites.get(j.site as usize).cloned().unwrap_or_default(),
            j.status.as_str().to_string(),
            j.gpus.to_string(),
            j.allocated_gpus.to_string(),
            j.nodes.to_string(),
            j.arrival_s.to_string(),
            opt(j.start_s),
            opt(j.end_s),
            wait,
            run_s,
            opt(j.ops.deadline_s),
            if j.ops.deadline_s.is_some() {
                j.ops.deadline_missed.to_string()
            } else {
                String::new()
            },
        ]);
        let share = self
            .clean_share
            .get(j.site as usize)
            .copied()
            .unwrap_or(0.0);
        self.row
            .extend(job_numbers(j, share).iter().map(|&v| num(v)));
        if let Err(e) = self.writer.write_record(&self.row) {
            self.error = Some(e);
        }
    }
}

/// Columns of `hourly.csv`.
pub const HOURLY_COLUMNS: &[&str] = &[
    "point",
    "replication",
    "site",
    "hour",
    "time_utc",
    "it_power_kw",
    "it_energy_kwh",
    "idle_energy_kwh",
    "facility_energy_kwh",
    "pue",
    "wue_l_per_kwh",
    "carbon_intensity_g_per_kwh",
    "ewif_l_per_kwh",
    "price_usd_per_mwh",
    "dry_bulb_c",
    "wet_bulb_c",
    "co2_operational_kg",
    "water_onsite_l",
    "water_offsite_l",
    "energy_cost_usd",
    "utilization",
    "queued_jobs_mean",
];

/// Writes `hourly.csv`: one row per site and hour of the window.
pub fn write_hourly(
    path: &Path,
    scenario: &Scenario,
    point: &str,
    replication: u64,
    result: &ReplicationResult,
) -> Result<()> {
    let mut w = open(path)?;
    let e = csv_error(path);
    w.write_record(HOURLY_COLUMNS).map_err(&e)?;
    for site in &result.sites {
        let capacity = site.gpus as f64;
        for (h, row) in site.hours.iter().enumerate() {
            let hour_start = h as u64 * 3_600;
            let hour_unix = scenario.start_unix + hour_start as i64;
            let charges = row.charges();
            let series = &site.weather;
            let seconds = (result.window_s.min(hour_start + 3_600) - hour_start) as f64;
            w.write_record([
                point,
                &replication.to_string(),
                &site.name,
                &h.to_string(),
                &format_utc(hour_unix),
                &num(row.it_energy_ws / seconds / 1_000.0),
                &num(row.it_energy_ws / 3.6e6),
                &num(row.idle_energy_ws / 3.6e6),
                &num(charges.facility_energy_kwh),
                &num(row.factors.pue),
                &num(row.factors.wue_l_per_kwh),
                &num(row.factors.carbon_intensity_g_per_kwh),
                &num(row.factors.ewif_l_per_kwh),
                &num(row.factors.price_usd_per_mwh),
                &weather(&series.dry_bulb_c, hour_unix),
                &weather(&series.wet_bulb_c, hour_unix),
                &num(charges.co2_operational_kg),
                &num(charges.water_onsite_l),
                &num(charges.water_offsite_l),
                &num(charges.energy_cost_usd),
                &num(if capacity > 0.0 {
                    row.allocated_gpu_s / (capacity * seconds)
                } else {
                    0.0
                }),
                &num(row.queued_job_s / seconds),
            ])
            .map_err(&e)?;
        }
    }
    w.flush().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })
}

fn weather(series: &Option<crate::site::HourlySeries>, hour_unix: i64) -> String {
    series
        .as_ref()
        .map_or(String::new(), |s| num(s.at(hour_unix)))
}
