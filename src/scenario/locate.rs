//! Where a key is in a scenario file, so that every error can give a line.

use super::key_path::{KeyPath, Segment};
use crate::error::Problem;
use toml::de::{DeTable, DeValue};

/// Line and column (1-based) of the key at `path` (e.g. `sites[0].pue`) in `text`; for a
/// path that goes deeper than the file does, the deepest key that exists.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let path = KeyPath::parse(path).ok()?;
    let root = DeTable::parse(text).ok()?;
    let mut span = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut value: Option<&DeValue<'_>> = None;
    for segment in &path.0 {
        match segment {
            Segment::Key(k) => {
                let current = match (table, value) {
                    (Some(t), None) => t,
                    (_, Some(DeValue::Table(t))) => t,
                    _ => break,
                };
                let Some((key, v)) = current
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                else {
                    break;
                };
                span = Some(key.span());
                table = None;
                value = Some(v.get_ref());
            }
            Segment::Index(i) => {
                let Some(DeValue::Array(items)) = value else {
                    break;
                };
                let Some(item) = items.get(*i) else { break };
                span = Some(item.span());
                value = Some(item.get_ref());
            }
        }
    }
    let start = span?.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// Each problem with the line and column of its key in `text`, where the key is found.
pub fn with_lines(text: &str, problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem {
            location: locate(text, &p.key),
            ..p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[simulation]\nstart = \"x\"\n\n[[sites]]\nname = \"a\"\npue = 1.0\n[sites.cluster]\nnodes = 0\n\n[[sites]]\nname = \"b\"\n";

    #[test]
    fn finds_keys_in_tables_and_arrays_of_tables() {
        assert_eq!(locate(TEXT, "simulation.start"), Some((2, 1)));
        assert_eq!(locate(TEXT, "sites[0].pue"), Some((6, 1)));
        assert_eq!(locate(TEXT, "sites[0].cluster.nodes"), Some((8, 1)));
        assert_eq!(locate(TEXT, "sites[1].name"), Some((11, 1)));
        // deeper than the file: the deepest key that exists
        assert_eq!(
            locate(TEXT, "sites[0].cluster.gpus_per_node"),
            locate(TEXT, "sites[0].cluster")
        );
        assert_eq!(locate("", "a.b"), None);
    }

    #[test]
    fn lines_are_appended_to_problems() {
        let problem = |key: &str| Problem {
            key: key.into(),
            message: "expected 1".into(),
            location: None,
        };
        let p = with_lines(
            TEXT,
            vec![problem("sites[0].cluster.nodes"), problem("nowhere")],
        );
        assert_eq!(
            p[0].to_string(),
            "`sites[0].cluster.nodes`: expected 1 (line 8, column 1)"
        );
        assert_eq!(p[1].to_string(), "`nowhere`: expected 1");
    }
}
