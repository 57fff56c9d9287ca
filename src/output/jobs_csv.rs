//! `jobs.csv`, written on its own thread while the simulation runs.
//!
//! Formatting the rows of a site-100k run takes about twice the CPU time of simulating its
//! jobs (docs/performance.md, "`jobs.csv` on a writer thread"), so the simulation does not
//! format as it goes: it copies each finished [`JobRecord`] into a batch of
//! [`BATCH_RECORDS`] and hands full batches to a writer thread over a bounded channel, which
//! formats, writes and hashes them in the order received. When the writer is behind (the
//! channel holds [`QUEUED_BATCHES`] batches), the simulation formats the batch itself and
//! hands over the bytes instead, so that both threads format while the writer lags. One
//! channel in the order the jobs ended, one writer per file, and a row's text depends only on
//! its record: the bytes are those a single thread writes, whoever formatted each batch,
//! whatever the number of threads or shards.
//!
//! Errors: a write error stops the writer thread; the simulation's next hand-over sees the
//! closed channel and stops sending, and [`JobsCsv::finish`] returns the error (naming the
//! file), so the run fails and its folder is removed as for any other error. Dropping a
//! `JobsCsv` without finishing (the simulation failed) closes the channel and waits for the
//! thread, so no file is written after the run folder is gone.

use super::axes::{PointColumns, after_point, insert_after_point};
use super::rows::RowWriter;
use crate::digest::FileDigest;
use crate::error::{Error, Result};
use crate::metrics::jobs::{JOB_COLUMNS, JobRow, push_job_row};
use crate::results::{JobRecord, JobSink};
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

/// Records per batch handed to the writer.
pub const BATCH_RECORDS: usize = 1024;

/// Full batches that may wait for the writer before the simulation formats a batch itself.
pub const QUEUED_BATCHES: usize = 4;

/// What the writer thread needs to turn records into rows.
struct RowContext {
    labels: Vec<String>,
    sites: Vec<String>,
    point: String,
    sweep: PointColumns,
    /// Index of the first column after `point`, where the sweep columns go.
    sweep_at: usize,
    replication: u64,
    start_unix: crate::time::UnixSeconds,
}

impl RowContext {
    /// Appends the row of `j` to `buf`.
    fn push(&self, buf: &mut Vec<u8>, j: &JobRecord) {
        push_job_row(buf, &self.row(j), self.sweep_at, &self.sweep.values);
    }

    /// What the columns of `j`'s row are computed from.
    fn row<'a>(&'a self, j: &'a JobRecord) -> JobRow<'a> {
        JobRow {
            job: j,
            point: &self.point,
            replication: self.replication,
            label: self.labels.get(j.label as usize).map_or("", String::as_str),
            site: self.sites.get(j.site as usize).map_or("", String::as_str),
            start_unix: self.start_unix,
        }
    }
}

/// A batch handed to the writer: records to format, or rows the simulation formatted.
enum Batch {
    Records(Vec<JobRecord>),
    Rows(Vec<u8>),
}

/// Streams job records to `jobs.csv` as jobs end, through a writer thread.
pub struct JobsCsv {
    batch: Vec<JobRecord>,
    context: Arc<RowContext>,
    /// `None` once the writer has stopped (after an error) or the file is finished.
    to_writer: Option<SyncSender<Batch>>,
    /// Emptied batches coming back, so that batches are allocated only while the writer is
    /// behind.
    spare: Receiver<Batch>,
    spare_records: Vec<Vec<JobRecord>>,
    spare_rows: Vec<Vec<u8>>,
    /// Batches formatted by the simulation's thread.
    formatted_here: usize,
    writer: Option<JoinHandle<Result<FileDigest>>>,
}

impl JobsCsv {
    /// Creates the file, writes the header (the point's sweep-axis columns after `point`)
    /// and starts the writer thread. `name` is the file's path relative to the run folder,
    /// recorded in its digest.
    pub fn create(
        path: &Path,
        name: &str,
        scenario: &Scenario,
        point: &str,
        sweep: PointColumns,
        replication: u64,
    ) -> Result<JobsCsv> {
        let names: Vec<&str> = JOB_COLUMNS.iter().map(|c| c.name).collect();
        let context = RowContext {
            labels: scenario.workload.labels.clone(),
            sites: scenario.sites.iter().map(|s| s.name.clone()).collect(),
            point: point.to_string(),
            sweep_at: after_point(names.iter().copied()),
            sweep,
            replication,
            start_unix: scenario.start_unix,
        };
        JobsCsv::start(path, name, context, QUEUED_BATCHES)
    }

    /// Creates the file, writes the header and starts the writer thread, which may fall
    /// `queued` batches behind before the simulation formats.
    fn start(path: &Path, name: &str, context: RowContext, queued: usize) -> Result<JobsCsv> {
        let mut writer = RowWriter::create(path)?;
        let names: Vec<&str> = JOB_COLUMNS.iter().map(|c| c.name).collect();
        writer.header(insert_after_point(&names, &context.sweep))?;
        let context = Arc::new(context);
        let (to_writer, batches) = sync_channel::<Batch>(queued);
        let (give_back, spare) = sync_channel::<Batch>(2 * queued + 2);
        let name = name.to_string();
        let rows = Arc::clone(&context);
        let thread = std::thread::Builder::new()
            .name("jobs.csv".into())
            .spawn(move || -> Result<FileDigest> {
                let mut text = Vec::new();
                for batch in batches {
                    let emptied = match batch {
                        Batch::Records(mut records) => {
                            text.clear();
                            for j in &records {
                                rows.push(&mut text, j);
                            }
                            writer.rows(&text)?;
                            records.clear();
                            Batch::Records(records)
                        }
                        Batch::Rows(mut bytes) => {
                            writer.rows(&bytes)?;
                            bytes.clear();
                            Batch::Rows(bytes)
                        }
                    };
                    // The simulation may have finished and dropped its end, or hold enough
                    // spares: then the batch is freed here.
                    let _ = give_back.try_send(emptied);
                }
                let (_, hashing) = writer.finish()?;
                Ok(hashing.finish(name))
            })
            .map_err(|source| Error::Output {
                path: PathBuf::from(path),
                source,
            })?;
        Ok(JobsCsv {
            batch: Vec::with_capacity(BATCH_RECORDS),
            context,
            to_writer: Some(to_writer),
            spare,
            spare_records: Vec::new(),
            spare_rows: Vec::new(),
            formatted_here: 0,
            writer: Some(thread),
        })
    }

    /// Takes back the batches the writer has emptied.
    fn collect_spares(&mut self) {
        while let Ok(batch) = self.spare.try_recv() {
            match batch {
                Batch::Records(r) => self.spare_records.push(r),
                Batch::Rows(b) => self.spare_rows.push(b),
            }
        }
    }

    /// Hands the current batch to the writer, formatted here if the writer is behind; drops
    /// the channel if the writer has stopped.
    fn send_batch(&mut self) {
        self.collect_spares();
        let next = self
            .spare_records
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(BATCH_RECORDS));
        let full = std::mem::replace(&mut self.batch, next);
        let Some(to_writer) = &self.to_writer else {
            return;
        };
        let sent = match to_writer.try_send(Batch::Records(full)) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(Batch::Records(mut records))) => {
                let mut bytes = self.spare_rows.pop().unwrap_or_default();
                for j in &records {
                    self.context.push(&mut bytes, j);
                }
                records.clear();
                self.spare_records.push(records);
                self.formatted_here += 1;
                to_writer.send(Batch::Rows(bytes)).map_err(drop)
            }
            Err(_) => Err(()),
        };
        if sent.is_err() {
            self.to_writer = None;
        }
    }

    /// Writes the remaining rows and waits for the file to be complete; returns its size and
    /// BLAKE3 digest, or the first write error.
    pub fn finish(mut self) -> Result<FileDigest> {
        if !self.batch.is_empty() {
            self.send_batch();
        }
        self.to_writer = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            // A panic on the writer thread is a bug: it goes on here, where it would have
            // happened without the thread.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => unreachable!("the writer thread is taken only here and in drop"),
        }
    }
}

impl Drop for JobsCsv {
    fn drop(&mut self) {
        // Not finished (the simulation failed): stop the writer before the folder goes.
        self.to_writer = None;
        if let Some(thread) = self.writer.take() {
            let _ = thread.join();
        }
    }
}

impl JobSink for JobsCsv {
    fn record(&mut self, j: &JobRecord) {
        if self.to_writer.is_none() {
            return;
        }
        self.batch.push(*j);
        if self.batch.len() == BATCH_RECORDS {
            self.send_batch();
        }
    }
}

#[cfg(test)]
mod tests;
