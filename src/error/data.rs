//! Errors in data files: hourly series, weather records, generation mixes, job traces, shard
//! parts and manifests. Each names the file, the line where there is one, and what went wrong
//! as a [`DataErrorKind`], so that a caller can tell a missing file from a bad row without
//! reading the message, and the message says what was expected.

use std::path::{Path, PathBuf};

/// One thing wrong with a data file.
///
/// Displayed as `cannot open PATH: REASON` for a file that cannot be opened, otherwise
/// `PATH: line N: WHAT` (or `PATH: WHAT` when the problem has no line, e.g. a JSON array).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    /// What went wrong.
    pub kind: DataErrorKind,
}

impl DataError {
    /// A problem in `path` at 1-based `line`.
    pub fn at(path: &std::path::Path, line: usize, kind: DataErrorKind) -> DataError {
        DataError {
            path: path.to_path_buf(),
            line: Some(line),
            kind,
        }
    }

    /// A problem in `path` as a whole (no line).
    pub fn file(path: &std::path::Path, kind: DataErrorKind) -> DataError {
        DataError {
            path: path.to_path_buf(),
            line: None,
            kind,
        }
    }
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        if let DataErrorKind::Open { reason } = &self.kind {
            return write!(f, "cannot open {path}: {reason}");
        }
        match self.line {
            Some(line) => write!(f, "{path}: line {line}: {}", self.kind),
            None => write!(f, "{path}: {}", self.kind),
        }
    }
}

impl std::error::Error for DataError {}

/// Opens the CSV file `path` and reads its header row: the first step of every CSV reader,
/// with the same errors for each (the file cannot be opened; the header cannot be read).
pub fn open_csv(path: &Path) -> Result<(csv::Reader<std::fs::File>, csv::StringRecord), DataError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| {
        DataError::file(
            path,
            DataErrorKind::Open {
                reason: e.to_string(),
            },
        )
    })?;
    let headers = reader
        .headers()
        .map_err(|e| {
            DataError::at(
                path,
                1,
                DataErrorKind::Header {
                    reason: e.to_string(),
                },
            )
        })?
        .clone();
    Ok((reader, headers))
}

/// The index of the first header column (trimmed) that `matches` accepts, or an error at
/// line 1 naming `column` and `expected` (` (expected ...)`, or empty).
pub fn find_column(
    path: &Path,
    headers: &csv::StringRecord,
    column: &str,
    matches: impl Fn(&str) -> bool,
    expected: &str,
) -> Result<usize, DataError> {
    headers
        .iter()
        .position(|h| matches(h.trim()))
        .ok_or_else(|| {
            DataError::at(
                path,
                1,
                DataErrorKind::MissingColumn {
                    column: column.to_string(),
                    expected: expected.to_string(),
                },
            )
        })
}

/// What is wrong with a data file. Fields hold the column or field name, the text found and
/// what was expected, as the message shows them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The file cannot be opened or read.
    #[error("cannot open the file: {reason}")]
    Open {
        /// The operating system's reason.
        reason: String,
    },
    /// The header line cannot be read.
    #[error("cannot read the header: {reason}")]
    Header {
        /// The CSV reader's reason.
        reason: String,
    },
    /// The header is not the one this reader writes or expects.
    #[error("the header is not {expected}")]
    WrongHeader {
        /// The expected header.
        expected: String,
    },
    /// A required column is not in the header.
    #[error("no `{column}` column in the header{expected}")]
    MissingColumn {
        /// The column.
        column: String,
        /// The expected header, as ` (expected ...)`, or empty.
        expected: String,
    },
    /// A row or document the CSV or JSON parser rejects.
    #[error("{reason}")]
    Malformed {
        /// The parser's reason.
        reason: String,
    },
    /// A required JSON field is absent.
    #[error("no `{field}`; expected {expected}")]
    MissingField {
        /// The field.
        field: String,
        /// What it should hold.
        expected: String,
    },
    /// A value is null.
    #[error("{field} is null; expected {expected}")]
    Null {
        /// The field and index.
        field: String,
        /// What it should hold.
        expected: String,
    },
    /// An array that must have entries is empty.
    #[error("`{field}` is empty")]
    Empty {
        /// The field.
        field: String,
    },
    /// Columns or arrays that must be as long as each other are not.
    #[error("{lengths}; expected equal lengths")]
    UnequalLengths {
        /// The lengths found.
        lengths: String,
    },
    /// A timestamp that does not parse.
    #[error("{field} {reason}")]
    BadTimestamp {
        /// The column or field.
        field: String,
        /// What is wrong with it and the expected form.
        reason: String,
    },
    /// The first timestamp is not on a whole hour.
    #[error("{field} {stamp} is not on a whole hour")]
    NotOnWholeHour {
        /// The column or field, as the message names it.
        field: String,
        /// The timestamp found.
        stamp: String,
    },
    /// A timestamp that does not follow the previous one by exactly one hour.
    #[error("{field} {stamp} breaks the hourly sequence (expected {expected})")]
    BrokenSequence {
        /// The column or field.
        field: String,
        /// The timestamp found.
        stamp: String,
        /// The timestamp expected.
        expected: String,
    },
    /// A value that is not a number.
    #[error("{field} `{raw}` is not a number{expected}")]
    NotANumber {
        /// The column or quantity.
        field: String,
        /// The text found.
        raw: String,
        /// What was expected, as ` (expected ...)`, or empty.
        expected: String,
    },
    /// A number outside its range.
    #[error("{field} {value} {requirement}")]
    OutOfRange {
        /// The column or quantity.
        field: String,
        /// The value found.
        value: String,
        /// The range it must be in, e.g. `must be finite and ≥ 0`.
        requirement: String,
    },
    /// A name that is not one of the known ones.
    #[error("unknown {field} '{value}'")]
    Unknown {
        /// What the name names.
        field: String,
        /// The name found.
        value: String,
    },
    /// A row with the wrong number of fields.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// Fields a row must have.
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// No data rows after the header.
    #[error("no data rows (expected at least one row after the header)")]
    NoRows,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_the_line_and_what_was_expected() {
        let p = Path::new("ci.csv");
        let open = DataError::file(
            p,
            DataErrorKind::Open {
                reason: "No such file".into(),
            },
        );
        assert_eq!(open.to_string(), "cannot open ci.csv: No such file");
        let row = DataError::at(
            p,
            7,
            DataErrorKind::NotANumber {
                field: "price".into(),
                raw: "n/a".into(),
                expected: String::new(),
            },
        );
        assert_eq!(
            row.to_string(),
            "ci.csv: line 7: price `n/a` is not a number"
        );
        assert_eq!(
            DataError::file(p, DataErrorKind::NoRows).to_string(),
            "ci.csv: no data rows (expected at least one row after the header)"
        );
    }
}
