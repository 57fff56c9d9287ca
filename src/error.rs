//! Library errors: each names the file, the key or line, and what was expected.

mod data;

pub use data::{DataError, DataErrorKind, find_column, open_csv};
use std::path::PathBuf;

/// One thing wrong with a scenario's values: the key path, what was expected and, once the
/// scenario text is known, where the key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Key path, e.g. `sites[0].pue`.
    pub key: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// Line and column (1-based) of the key in the scenario text, where found.
    pub location: Option<(usize, usize)>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.key, self.message)?;
        if let Some((line, column)) = self.location {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong between reading a scenario and writing results.
///
/// Non-exhaustive: later versions add kinds of failure without breaking callers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The scenario could not be read, parsed or validated.
    #[error("{file}: {message}")]
    Scenario {
        /// The scenario file (or "built-in default").
        file: String,
        /// What is wrong, with the key path and, where known, line and column.
        message: String,
    },
    /// An output file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CSV writer failed.
    #[error("cannot write {path}: {source}")]
    Csv {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: csv::Error,
    },
    /// A data file (hourly series, weather, generation mix, trace, shard part, manifest)
    /// is missing or malformed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Shard folders that cannot be merged: missing, incomplete, damaged, or from different
    /// scenarios or shard layouts.
    #[error("{0}")]
    Merge(String),
    /// Command-line usage that the parser alone cannot catch.
    #[error("{0}")]
    Usage(String),
    /// A run that cannot finish within a documented limit (events, queue, memory, horizon),
    /// predicted before it starts or met while running; the message names the cause and the
    /// flag that lifts the limit.
    #[error("{0}")]
    Limit(String),
    /// A replication produced a value no metric can take (not finite, or negative).
    #[error("{0}")]
    BadResult(String),
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
