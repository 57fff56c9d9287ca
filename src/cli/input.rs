//! Where a scenario comes from: a file, the built-in default, or standard input (`-`).
//!
//! A scenario read from standard input has no folder of its own, so its relative data paths
//! (`carbon_intensity_csv = "ci.csv"`) start from the current directory; it is named
//! `<stdin>` in messages and `stdin` in the default run folder name.

use footprint::Error;
use footprint::scenario::template::ScenarioTemplate;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How standard input is named in messages and in the manifest.
pub const STDIN_NAME: &str = "<stdin>";

/// True for the argument `-`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads all of standard input as scenario text; empty input (or only white space) and
/// bytes that are not UTF-8 are errors.
pub fn read_stdin() -> Result<String, Error> {
    read_scenario_text(std::io::stdin().lock())
}

fn read_scenario_text(mut reader: impl Read) -> Result<String, Error> {
    let fail = |message: String| Error::Scenario {
        file: STDIN_NAME.to_string(),
        message,
    };
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read standard input: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| fail(format!("standard input is not UTF-8 text: {e}")))?;
    if text.trim().is_empty() {
        return Err(fail(
            "standard input is empty: expected a scenario in TOML (`footprint run - < scenario.toml`)"
                .into(),
        ));
    }
    Ok(text)
}

/// The scenario of `path` (`-`: standard input), or the built-in default when none is
/// given, with `--set` overrides.
pub fn load(path: Option<&PathBuf>, overrides: &[String]) -> Result<ScenarioTemplate, Error> {
    match path {
        Some(p) if is_stdin(p) => {
            let text = read_stdin()?;
            ScenarioTemplate::from_toml(&text, STDIN_NAME, Path::new("."), "stdin", overrides)
        }
        Some(p) => ScenarioTemplate::from_file(p, overrides),
        None => ScenarioTemplate::built_in_default(overrides),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_input_are_refused_naming_stdin() {
        for text in ["", "  \n\t\n"] {
            let e = read_scenario_text(text.as_bytes()).unwrap_err().to_string();
            assert!(e.starts_with("<stdin>: standard input is empty"), "{e}");
        }
        let e = read_scenario_text(&[0xff, 0xfe][..])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not UTF-8"), "{e}");
        assert_eq!(read_scenario_text("a = 1\n".as_bytes()).unwrap(), "a = 1\n");
    }

    #[test]
    fn only_a_lone_dash_means_stdin() {
        assert!(is_stdin(Path::new("-")));
        assert!(!is_stdin(Path::new("./-")));
        assert!(!is_stdin(Path::new("-x.toml")));
    }
}
