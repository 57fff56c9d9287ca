//! Scenarios: read a TOML file, check every value, and build the model inputs.
//!
//! Parsing (serde, unknown keys rejected) and validation are separate: parse errors carry
//! the key path and line/column from the TOML parser; validation errors carry the key path
//! and say what was expected. Nothing is read from disk after a [`Scenario`] is built.

pub mod cache;
pub mod carbon_schema;
pub mod dist;
pub mod extends;
pub mod json_schema;
pub mod key_path;
pub mod locate;
pub mod projection_schema;
pub mod resolve;
pub mod schema;
pub mod template;
pub mod water_schema;

pub use schema::{CiColumn, Expectation, PolicyName, ScenarioFile};

use crate::error::{Error, Result};
use crate::site::SiteConfig;
use crate::time::UnixSeconds;
use crate::workload::WorkloadConfig;
use std::path::{Path, PathBuf};

/// The built-in default scenario (also shipped as `scenarios/default.toml`): a few
/// hundred H100s for a month of mixed jobs, runnable without any data files.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/default.toml");

/// A scenario file's text and what names it.
pub(crate) struct SourceFile {
    /// The text.
    pub text: String,
    /// The path as given, for messages.
    pub file: String,
    /// Folder that relative data paths start from.
    pub base_dir: PathBuf,
    /// File name without extension: the default run name.
    pub stem: String,
}

impl SourceFile {
    /// Reads a scenario file.
    pub fn read(path: &Path) -> Result<SourceFile> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Scenario {
            file: file.clone(),
            message: format!("cannot read the file: {e}"),
        })?;
        Ok(SourceFile {
            text,
            file,
            base_dir: path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
            stem: path
                .file_stem()
                // Bytes that are not UTF-8 become '_' so that the default run name stays valid.
                .map(|s| s.to_string_lossy().replace('\u{FFFD}', "_"))
                .unwrap_or_else(|| "scenario".to_string()),
        })
    }
}

/// Which output files a scenario asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputOptions {
    /// Write `jobs.csv`.
    pub jobs_csv: bool,
    /// Write `hourly.csv`.
    pub hourly_csv: bool,
}

/// A validated scenario, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Short name (run folder prefix).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Where it came from: a path, or "built-in default".
    pub source: String,
    /// SHA-256 of the scenario text, hex.
    pub sha256: String,
    /// UTC start instant, a whole hour.
    pub start_unix: UnixSeconds,
    /// Window length, s; `None` for "until the last job ends".
    pub duration_s: Option<u64>,
    /// Keep going after the window until all jobs end.
    pub drain: bool,
    /// Base seed.
    pub seed: u64,
    /// Queueing policy.
    pub policy: crate::scheduler::PolicyKind,
    /// Operations layered on it (priority, backfill depth, temporal and spatial shifting).
    pub operations: crate::scheduler::Operations,
    /// Sites, in file order.
    pub sites: Vec<SiteConfig>,
    /// Jobs.
    pub workload: WorkloadConfig,
    /// Output files.
    pub output: OutputOptions,
    /// Published figures to reproduce (`footprint validate`).
    pub expectations: Vec<Expectation>,
    /// Things the user should know (e.g. unknown embodied carbon counted as zero).
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Reads and validates a scenario file; relative data paths are relative to its folder.
    pub fn from_file(path: &Path) -> Result<Scenario> {
        let source = SourceFile::read(path)?;
        Self::from_toml(&source.text, &source.file, &source.base_dir, &source.stem)
    }

    /// The built-in default scenario.
    pub fn built_in_default() -> Result<Scenario> {
        Self::from_toml(
            DEFAULT_SCENARIO_TOML,
            "built-in default",
            Path::new("."),
            "default",
        )
    }

    /// Parses and validates scenario text. `file` names it in errors, `base_dir` anchors
    /// relative data paths and `default_name` is used when `simulation.name` is absent.
    pub fn from_toml(
        text: &str,
        file: &str,
        base_dir: &Path,
        default_name: &str,
    ) -> Result<Scenario> {
        if has_extends(text) {
            // A scenario built on another file: merged and checked like any template.
            let template =
                template::ScenarioTemplate::from_toml(text, file, base_dir, default_name, &[])?;
            return template.instantiate(0, 0).map(|(scenario, _)| scenario);
        }
        let raw = parse(text, file)?;
        let cache = cache::DataCache::default();
        resolve_located(
            raw,
            &extends::Sources::single(text, file),
            resolve::sha256_hex(text),
            file,
            base_dir,
            default_name,
            &cache,
        )
        .map_err(|message| Error::Scenario {
            file: file.to_string(),
            message,
        })
    }
}

/// Whether scenario text has a top-level `extends` key.
fn has_extends(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key(extends::EXTENDS_KEY))
}

/// Validates a parsed scenario; each problem carries the file and line of its key.
pub(crate) fn resolve_located(
    raw: ScenarioFile,
    sources: &extends::Sources,
    sha256: String,
    file: &str,
    base_dir: &Path,
    default_name: &str,
    cache: &cache::DataCache,
) -> std::result::Result<Scenario, String> {
    resolve::resolve(raw, sha256, file, base_dir, default_name, cache)
        .map_err(|e| resolve::Problems(sources.with_lines(e.0)).to_string())
}

/// Parses TOML into the schema, reporting the key path and line/column of any error.
pub fn parse(text: &str, file: &str) -> Result<ScenarioFile> {
    let deserializer = toml::Deserializer::parse(text).map_err(|e| Error::Scenario {
        file: file.to_string(),
        message: describe_toml_error(text, &e),
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut message = describe_toml_error(text, &inner);
        if path != "." && !path.is_empty() {
            message = format!("at `{path}`: {message}");
        }
        Error::Scenario {
            file: file.to_string(),
            message,
        }
    })
}

/// A TOML error as a message with line and column, reworded where the parser's own words
/// blame the wrong thing: an unquoted date-time reaches serde as a map, and an integer above
/// 2^63 − 1 (TOML integers are signed 64-bit) as a bare parse failure.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let mut what = error.message().trim().to_string();
    let Some(span) = error.span() else {
        return what;
    };
    let start = span.start.min(text.len());
    let token: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ']' && *c != '}')
        .collect();
    let datetime_like = token.len() >= 8
        && token.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && token.as_bytes()[4] == b'-';
    if what.starts_with("invalid type: map") && datetime_like {
        what = format!(
            "expected a quoted date-time string, found the unquoted TOML date-time {token}: write it in quotes, \"{token}\""
        );
    } else if !token.is_empty()
        && token
            .trim_start_matches(['+', '-'])
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'_')
        && token.bytes().any(|b| b.is_ascii_digit())
        && token.replace('_', "").parse::<i64>().is_err()
    {
        what = format!(
            "the integer {token} does not fit in a TOML integer (signed 64-bit: from -9223372036854775808 to 9223372036854775807)"
        );
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{what} (line {line}, column {column})")
}
