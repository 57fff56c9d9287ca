//! CSV rows formatted straight into one byte buffer and written to the file in large blocks.
//!
//! The large tables (`jobs.csv`: a row per job, `hourly.csv`: a row per site-hour) go through
//! here rather than through the `csv` crate's writer, whose per-field state machine and the
//! `core::fmt` float formatting cost several microseconds a row (docs/performance.md, issue 11
//! status). Each cell appends its bytes to the buffer ([`Cell::push_csv`], which quotes as
//! the `csv` crate does); when the buffer holds [`FLUSH_BYTES`] it goes to the file in one
//! `write_all`. The bytes written are the same as the `csv` crate's default writer gives
//! (tested in `output::rows::tests`). Adding a column to a table is one entry in its column
//! list; nothing here knows the columns. Each block written is also hashed
//! ([`crate::digest::Hashing`]), so the size and BLAKE3 that `manifest.json` records come
//! without reading the file back.

use crate::digest::Hashing;
use crate::error::{Error, Result};
use crate::metrics::cell::Cell;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Buffer size at which the rows go to the file: 256 KiB, a few hundred rows, large enough
/// that the system call per block is negligible beside formatting.
pub const FLUSH_BYTES: usize = 1 << 18;

/// Writes CSV rows to one file through one reused buffer.
pub struct RowWriter<W: Write = File> {
    out: W,
    buf: Vec<u8>,
    path: PathBuf,
    hashing: Hashing,
}

impl RowWriter<File> {
    /// Creates (truncates) the file at `path`.
    pub fn create(path: &Path) -> Result<RowWriter<File>> {
        let file = File::create(path).map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(RowWriter::new(file, path))
    }
}

impl<W: Write> RowWriter<W> {
    /// Writes to `out`; `path` names it in errors.
    pub fn new(out: W, path: &Path) -> RowWriter<W> {
        RowWriter {
            out,
            buf: Vec::with_capacity(FLUSH_BYTES + 4096),
            path: path.to_path_buf(),
            hashing: Hashing::new(),
        }
    }

    /// Appends one row: the cells separated by `,`, ended by `\n` (see [`push_row`]).
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> Result<()> {
        push_row(&mut self.buf, cells);
        if self.buf.len() >= FLUSH_BYTES {
            self.flush_buffer()?;
        }
        Ok(())
    }

    /// Appends rows already formatted by [`push_row`] (on another thread).
    pub fn rows(&mut self, bytes: &[u8]) -> Result<()> {
        if self.buf.len() + bytes.len() < FLUSH_BYTES {
            self.buf.extend_from_slice(bytes);
            return Ok(());
        }
        self.flush_buffer()?;
        self.hashing.update(bytes);
        self.out.write_all(bytes).map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })
    }

    /// Appends a header row of column names.
    pub fn header<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.row(names.into_iter().map(Cell::Text))
    }

    /// Writes what is buffered and flushes the file; returns the inner writer and the size
    /// and BLAKE3 of every byte written.
    pub fn finish(mut self) -> Result<(W, Hashing)> {
        self.flush_buffer()?;
        self.out.flush().map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })?;
        Ok((self.out, self.hashing))
    }

    fn flush_buffer(&mut self) -> Result<()> {
        self.hashing.update(&self.buf);
        let written = self.out.write_all(&self.buf);
        self.buf.clear();
        written.map_err(|source| Error::Output {
            path: self.path.clone(),
            source,
        })
    }
}

/// Appends one CSV row to `buf`: the cells separated by `,`, ended by `\n`. A row of one
/// empty cell is written `""`, as the `csv` crate does, so that it is not read as a blank
/// line.
pub fn push_row<'a>(buf: &mut Vec<u8>, cells: impl IntoIterator<Item = Cell<'a>>) {
    let start = buf.len();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        cell.push_csv(buf);
    }
    if buf.len() == start {
        buf.extend_from_slice(b"\"\"");
    }
    buf.push(b'\n');
}

#[cfg(test)]
mod tests;
