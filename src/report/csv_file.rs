//! One CSV file of a run folder, read whole into memory and checked before any of it is
//! used: its size against `manifest.json`, a final line end, and every row's field count.
//! Columns are found by name, so added columns (sweep axes) do not disturb the report.

use crate::error::{DataError, DataErrorKind, Error, Result};
use crate::output::manifest::Manifest;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// A CSV file of a run folder, checked on opening and read row by row (never whole into
/// memory: a year of hourly rows for many points runs to hundreds of megabytes).
pub struct CsvFile {
    /// Where it is read from (named in every error).
    pub path: PathBuf,
    headers: Vec<String>,
}

fn open_error(path: &Path, e: std::io::Error, listed: bool) -> Error {
    let why = if listed {
        " (manifest.json lists it: the run folder is incomplete)"
    } else {
        ""
    };
    DataError::file(
        path,
        DataErrorKind::Open {
            reason: format!("{e}{why}"),
        },
    )
    .into()
}

/// The number of lines of the file at `path` (1 + its line ends), for an error message.
fn count_lines(path: &Path) -> usize {
    let Ok(file) = File::open(path) else {
        return 0;
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut lines = 1;
    loop {
        let Ok(buf) = reader.fill_buf() else {
            return lines;
        };
        if buf.is_empty() {
            return lines;
        }
        lines += memchr::memchr_iter(b'\n', buf).count();
        let n = buf.len();
        reader.consume(n);
    }
}

impl CsvFile {
    /// Opens `name` in the run folder `dir`: `None` when it is neither there nor listed in
    /// the manifest; an error when it is listed but missing, has another size than the
    /// manifest records, or ends in the middle of a line.
    pub fn open(dir: &Path, name: &str, manifest: &Manifest) -> Result<Option<CsvFile>> {
        let path = dir.join(name);
        let listed = manifest.files.iter().any(|f| f == name);
        if !listed && !path.exists() {
            return Ok(None);
        }
        let mut file = File::open(&path).map_err(|e| open_error(&path, e, listed))?;
        let size = file
            .metadata()
            .map_err(|e| open_error(&path, e, listed))?
            .len();
        if let Some(digest) = manifest.file_digests.iter().find(|d| d.path == name)
            && digest.bytes != size
        {
            return Err(DataError::at(
                &path,
                count_lines(&path),
                DataErrorKind::Malformed {
                    reason: format!(
                        "the file ends after {size} bytes, but manifest.json records {} bytes: it was truncated or changed after the run",
                        digest.bytes
                    ),
                },
            )
            .into());
        }
        if size > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))
                .and_then(|_| file.read_exact(&mut last))
                .map_err(|e| open_error(&path, e, listed))?;
            if last[0] != b'\n' {
                return Err(DataError::at(
                    &path,
                    count_lines(&path),
                    DataErrorKind::Malformed {
                        reason: "the last line has no line end: the file is truncated".into(),
                    },
                )
                .into());
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .from_path(&path)
            .map_err(|e| open_error(&path, std::io::Error::other(e), listed))?;
        let headers = reader
            .headers()
            .map_err(|e| {
                DataError::at(
                    &path,
                    1,
                    DataErrorKind::Header {
                        reason: e.to_string(),
                    },
                )
            })?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(Some(CsvFile { path, headers }))
    }

    /// The index of column `name`, or an error naming the file and the column.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            DataError::at(
                &self.path,
                1,
                DataErrorKind::MissingColumn {
                    column: name.to_string(),
                    expected: String::new(),
                },
            )
            .into()
        })
    }

    /// The index of column `name`, if the file has it.
    pub fn has_column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The header.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Calls `f` with every data row and its 1-based line; stops at the first error, which
    /// names the file and the line.
    pub fn for_each(&self, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        let file = File::open(&self.path).map_err(|e| open_error(&self.path, e, true))?;
        let mut reader = csv::ReaderBuilder::new()
            .buffer_capacity(1 << 20)
            .from_reader(file);
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => return Err(self.csv_error(&e)),
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            f(&Row {
                file: self,
                record: &record,
                line,
            })?;
        }
    }

    /// Calls `f` with every data row whose first field is `first`, as [`CsvFile::for_each`]
    /// does, but much faster when few rows match: lines are picked by their first bytes
    /// before the CSV parser sees them. Only picked rows have their fields checked; a file
    /// cut short is still caught by [`CsvFile::open`] (size and final line end).
    pub fn for_each_where(
        &self,
        first: &str,
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        // A name the CSV writer would quote (or split over lines) goes the slow way.
        if first.contains([',', '"', '\r', '\n']) {
            return self.for_each(|r| {
                if r.bytes(0) == first.as_bytes() {
                    f(r)
                } else {
                    Ok(())
                }
            });
        }
        let prefix = format!("{first},");
        let file = File::open(&self.path).map_err(|e| open_error(&self.path, e, true))?;
        let mut input = BufReader::with_capacity(1 << 20, file);
        let read_error = |e: std::io::Error| open_error(&self.path, e, true);
        let mut row = Vec::new();
        // The header line.
        input.read_until(b'\n', &mut row).map_err(read_error)?;
        let mut picked = Vec::new();
        let mut lines = Vec::new();
        let mut line = 2;
        loop {
            row.clear();
            if input.read_until(b'\n', &mut row).map_err(read_error)? == 0 {
                break;
            }
            if row.starts_with(prefix.as_bytes()) {
                picked.extend_from_slice(&row);
                lines.push(line);
            }
            line += 1;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&picked[..]);
        let mut record = csv::ByteRecord::new();
        let mut k = 0;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    let at = e.position().map_or(0, |p| p.line() as usize);
                    let line = lines.get(at.saturating_sub(1)).copied().unwrap_or(0);
                    return Err(DataError::at(
                        &self.path,
                        line,
                        DataErrorKind::Malformed {
                            reason: e.to_string(),
                        },
                    )
                    .into());
                }
            }
            let line = lines.get(k).copied().unwrap_or(0);
            k += 1;
            if record.len() != self.headers.len() {
                return Err(DataError::at(
                    &self.path,
                    line,
                    DataErrorKind::FieldCount {
                        expected: self.headers.len(),
                        found: record.len(),
                    },
                )
                .into());
            }
            f(&Row {
                file: self,
                record: &record,
                line,
            })?;
        }
    }

    fn csv_error(&self, e: &csv::Error) -> Error {
        let line = e.position().map_or(0, |p| p.line() as usize);
        let kind = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => DataErrorKind::FieldCount {
                expected: *expected_len as usize,
                found: *len as usize,
            },
            _ => DataErrorKind::Malformed {
                reason: e.to_string(),
            },
        };
        DataError::at(&self.path, line, kind).into()
    }
}

/// One data row of a [`CsvFile`].
pub struct Row<'a> {
    file: &'a CsvFile,
    record: &'a csv::ByteRecord,
    /// 1-based line.
    pub line: usize,
}

impl Row<'_> {
    /// The raw bytes of column `i`.
    pub fn bytes(&self, i: usize) -> &[u8] {
        self.record.get(i).unwrap_or(b"")
    }

    /// Column `i` as text.
    pub fn text(&self, i: usize) -> Result<&str> {
        std::str::from_utf8(self.bytes(i)).map_err(|_| {
            DataError::at(
                &self.file.path,
                self.line,
                DataErrorKind::Malformed {
                    reason: format!("`{}` is not UTF-8 text", self.file.headers[i]),
                },
            )
            .into()
        })
    }

    /// Column `i` as a number; an empty cell (an absent value) is NaN.
    pub fn num(&self, i: usize) -> Result<f64> {
        let raw = self.bytes(i);
        if raw.is_empty() {
            return Ok(f64::NAN);
        }
        let text = self.text(i)?;
        text.parse().map_err(|_| {
            DataError::at(
                &self.file.path,
                self.line,
                DataErrorKind::NotANumber {
                    field: self.file.headers[i].clone(),
                    raw: text.to_string(),
                    expected: String::new(),
                },
            )
            .into()
        })
    }
}
