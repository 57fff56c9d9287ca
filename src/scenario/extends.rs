//! `extends = "base.toml"`: a scenario written as changes to another file.
//!
//! The merge rule (documented in `docs/scenario.md`): the extending file is laid over its
//! base; tables merge key by key, recursively; everything else replaces the base's value
//! whole: scalars, arrays (so `[[sites]]` in the extending file replaces every site of the
//! base) and the value tables `{ sweep = ... }` and `{ dist = ... }`. A base may extend
//! another file, to any depth; a file met twice on the way is a cycle and an error. The path
//! is relative to the folder of the file that writes it, and so are the data paths of a
//! base (keys named `csv` or `path`, or ending in `_csv` or `_json`). Each problem is reported in the
//! file and at the line where its key is written.

use super::key_path::{KeyPath, Segment};
use super::locate;
use crate::digest::FileDigest;
use crate::error::{Error, Problem};
use std::path::{Path, PathBuf};

/// The key naming the base file.
pub const EXTENDS_KEY: &str = "extends";

/// One file of a scenario: the file itself, or one of its bases.
#[derive(Clone, Debug)]
struct Layer {
    /// The file as named in messages.
    file: String,
    /// Its text.
    text: String,
    /// Its table as written (without `extends`), to tell which file a merged key came from.
    table: toml::Value,
}

/// The files a scenario was read from: the file itself first, then its base, the base's
/// base, and so on.
#[derive(Clone, Debug)]
pub struct Sources {
    layers: Vec<Layer>,
    digests: Vec<FileDigest>,
}

/// Whether a key holds a data path (relative to the file that writes it).
pub fn is_path_key(key: &str) -> bool {
    key == "csv" || key == "path" || key.ends_with("_csv") || key.ends_with("_json")
}

fn is_value_table(t: &toml::Table) -> bool {
    t.contains_key("sweep") || t.contains_key("dist")
}

/// `over` laid on `base`: tables merge key by key, anything else replaces.
pub fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o))
                if !is_value_table(b) && !is_value_table(&o) =>
            {
                merge(b, o)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Makes the relative data paths of `table` relative to `dir` (the base file's folder, as
/// seen from the extending file's folder).
fn rebase_paths(table: &mut toml::Table, dir: &Path) {
    let rebase = |v: &mut toml::Value| {
        if let toml::Value::String(s) = v
            && Path::new(s.as_str()).is_relative()
        {
            *s = dir.join(s.as_str()).display().to_string();
        }
    };
    for (key, value) in table.iter_mut() {
        match value {
            toml::Value::Table(t) if is_path_key(key) && is_value_table(t) => {
                for list in ["sweep", "values"] {
                    if let Some(toml::Value::Array(a)) = t.get_mut(list) {
                        a.iter_mut().for_each(rebase);
                    }
                }
            }
            toml::Value::Table(t) => rebase_paths(t, dir),
            toml::Value::Array(a) => {
                for item in a.iter_mut() {
                    if let toml::Value::Table(t) = item {
                        rebase_paths(t, dir);
                    }
                }
            }
            v if is_path_key(key) => rebase(v),
            _ => {}
        }
    }
}

fn at(text: &str, key: &str) -> String {
    locate::locate(text, key).map_or(String::new(), |(l, c)| format!(" (line {l}, column {c})"))
}

/// Reads the bases of a scenario whose table (parsed from `text`, named `file`, in folder
/// `base_dir`) may have an `extends` key, and returns the merged table (without `extends`)
/// and where every key came from. Without `extends`, the table is returned as it is.
pub fn expand(
    mut table: toml::Table,
    text: &str,
    file: &str,
    base_dir: &Path,
) -> Result<(toml::Table, Sources), Error> {
    let mut sources = Sources {
        layers: Vec::new(),
        digests: Vec::new(),
    };
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut merged_bases: Option<toml::Table> = None;
    // Walk down the chain of bases, then merge back up from the deepest.
    let mut pending: Vec<(toml::Table, PathBuf)> = Vec::new();
    let (mut current_file, mut current_text, mut current_dir) =
        (file.to_string(), text.to_string(), base_dir.to_path_buf());
    // The folder of the current file relative to the first file's folder.
    let mut relative_dir = PathBuf::new();
    loop {
        let extends = table.remove(EXTENDS_KEY);
        sources.layers.push(Layer {
            file: current_file.clone(),
            text: current_text.clone(),
            table: toml::Value::Table(table.clone()),
        });
        pending.push((table, relative_dir.clone()));
        let Some(extends) = extends else { break };
        let fail = |message: String| Error::Scenario {
            file: current_file.clone(),
            message,
        };
        let toml::Value::String(target) = extends else {
            return Err(fail(format!(
                "`{EXTENDS_KEY}`{}: expected the path of the scenario file this one builds on, found {extends}",
                at(&current_text, EXTENDS_KEY)
            )));
        };
        let path = current_dir.join(&target);
        let canonical = std::fs::canonicalize(&path).map_err(|e| {
            fail(format!(
                "`{EXTENDS_KEY}`{}: cannot read {} ({e}): expected a scenario file, relative to the folder of {current_file}",
                at(&current_text, EXTENDS_KEY),
                path.display()
            ))
        })?;
        if chain.is_empty()
            && let Ok(own) = std::fs::canonicalize(Path::new(file))
        {
            chain.push(own);
        }
        if chain.contains(&canonical) {
            let mut names: Vec<String> = sources.layers.iter().map(|l| l.file.clone()).collect();
            names.push(path.display().to_string());
            return Err(fail(format!(
                "`{EXTENDS_KEY}`{}: a cycle: {}; a file cannot build on itself",
                at(&current_text, EXTENDS_KEY),
                names.join(" extends ")
            )));
        }
        chain.push(canonical);
        let next_text = std::fs::read_to_string(&path).map_err(|e| {
            fail(format!(
                "`{EXTENDS_KEY}`{}: cannot read {}: {e}",
                at(&current_text, EXTENDS_KEY),
                path.display()
            ))
        })?;
        let next_file = path.display().to_string();
        table = toml::from_str(&next_text).map_err(|e| Error::Scenario {
            file: next_file.clone(),
            message: super::describe_toml_error(&next_text, &e),
        })?;
        if let Ok(d) = FileDigest::of(&path, next_file.clone()) {
            sources.digests.push(d);
        }
        relative_dir = relative_dir.join(Path::new(&target).parent().unwrap_or(Path::new("")));
        current_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        current_file = next_file;
        current_text = next_text;
    }
    // Each file's own paths are rebased before it is laid on its (already rebased) bases.
    while let Some((mut t, dir)) = pending.pop() {
        if !dir.as_os_str().is_empty() {
            rebase_paths(&mut t, &dir);
        }
        if let Some(mut base) = merged_bases.take() {
            merge(&mut base, t);
            t = base;
        }
        merged_bases = Some(t);
    }
    Ok((merged_bases.unwrap_or_default(), sources))
}

fn step<'a>(value: &'a toml::Value, segment: &Segment) -> Option<&'a toml::Value> {
    match (segment, value) {
        (Segment::Key(k), toml::Value::Table(t)) => t.get(k),
        (Segment::Index(i), toml::Value::Array(a)) => a.get(*i),
        _ => None,
    }
}

impl Sources {
    /// A scenario read from one file, with no base.
    pub fn single(text: &str, file: &str) -> Sources {
        Sources {
            layers: vec![Layer {
                file: file.to_string(),
                text: text.to_string(),
                table: toml::Value::Boolean(false),
            }],
            digests: Vec::new(),
        }
    }

    /// Whether the scenario has bases.
    pub fn is_extended(&self) -> bool {
        self.layers.len() > 1
    }

    /// The text of the scenario file itself.
    pub fn text(&self) -> &str {
        &self.layers[0].text
    }

    /// Size and SHA-256 of every base file read.
    pub fn digests(&self) -> &[FileDigest] {
        &self.digests
    }

    /// The texts of the bases with their names, for the scenario's digest.
    pub fn bases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.layers[1..]
            .iter()
            .map(|l| (l.file.as_str(), l.text.as_str()))
    }

    /// The layer that wrote the value at `path`: the most derived file that has the key,
    /// unless a more derived file replaced the value above it whole (an array, a scalar,
    /// a sweep or a distribution).
    fn owner(&self, path: &str) -> usize {
        if !self.is_extended() {
            return 0;
        }
        let Ok(path) = KeyPath::parse(path) else {
            return 0;
        };
        let mut candidates: Vec<(usize, &toml::Value)> = self
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| (i, &l.table))
            .collect();
        let mut owner = 0;
        for segment in &path.0 {
            let next: Vec<(usize, &toml::Value)> = candidates
                .iter()
                .filter_map(|(i, v)| step(v, segment).map(|x| (*i, x)))
                .collect();
            let Some(&(first, value)) = next.first() else {
                break;
            };
            owner = first;
            let merges = matches!(value, toml::Value::Table(t) if !is_value_table(t));
            candidates = if merges { next } else { vec![(first, value)] };
        }
        owner
    }

    /// The file that writes the key at `path`, and the line and column there.
    pub fn locate(&self, path: &str) -> (&str, Option<(usize, usize)>) {
        let layer = &self.layers[self.owner(path)];
        (&layer.file, locate::locate(&layer.text, path))
    }

    /// Each problem with the place of its key: line and column in the scenario file itself,
    /// or, for a key written in a base, that file's name with the line and column.
    pub fn with_lines(&self, problems: Vec<Problem>) -> Vec<Problem> {
        problems
            .into_iter()
            .map(|p| {
                let owner = self.owner(&p.key);
                let layer = &self.layers[owner];
                let location = locate::locate(&layer.text, &p.key);
                if owner == 0 {
                    Problem { location, ..p }
                } else {
                    let place =
                        location.map_or(String::new(), |(l, c)| format!(", line {l}, column {c}"));
                    Problem {
                        message: format!("{} (in {}{place})", p.message, layer.file),
                        location: None,
                        ..p
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn tables_merge_key_by_key_and_everything_else_replaces() {
        let mut base = table(
            "a = 1\nlist = [1, 2]\n[t]\nx = 1\ny = 2\n[t.deep]\nz = 3\n[s]\npue = { sweep = [1.1, 1.2] }\nwue = { dist = \"uniform\", min = 0.0, max = 1.0 }\n",
        );
        merge(
            &mut base,
            table(
                "list = [3]\n[t]\ny = 5\n[t.deep]\nw = 4\n[s]\npue = 1.3\nwue = { dist = \"normal\", mean = 1.0, sd = 0.1 }\n",
            ),
        );
        let want = table(
            "a = 1\nlist = [3]\n[t]\nx = 1\ny = 5\n[t.deep]\nz = 3\nw = 4\n[s]\npue = 1.3\nwue = { dist = \"normal\", mean = 1.0, sd = 0.1 }\n",
        );
        assert_eq!(base, want);
    }

    #[test]
    fn base_data_paths_are_rebased_and_others_are_not() {
        let mut t = table(
            "name = \"x.csv\"\n[[sites]]\n[sites.grid]\ncarbon_intensity_csv = \"ci.csv\"\ngenmix_csv = { sweep = [\"a.csv\", \"/abs/b.csv\"] }\n[sites.weather]\nopen_meteo_json = \"w.json\"\n",
        );
        rebase_paths(&mut t, Path::new("../common"));
        let grid = &t["sites"][0]["grid"];
        assert_eq!(
            grid["carbon_intensity_csv"].as_str(),
            Some("../common/ci.csv")
        );
        assert_eq!(
            grid["genmix_csv"]["sweep"][0].as_str(),
            Some("../common/a.csv")
        );
        assert_eq!(grid["genmix_csv"]["sweep"][1].as_str(), Some("/abs/b.csv"));
        assert_eq!(
            t["sites"][0]["weather"]["open_meteo_json"].as_str(),
            Some("../common/w.json")
        );
        assert_eq!(t["name"].as_str(), Some("x.csv"));
    }

    /// Every data path of the scenario schema is named as [`is_path_key`] expects, so that
    /// the paths of a base are rebased (a new path key with another name fails here).
    #[test]
    fn every_path_key_of_the_schema_is_recognised() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scenario");
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with("schema.rs") {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let line = line.trim();
                if (line.contains("PathBuf>") || line.ends_with(": PathBuf,"))
                    && let Some(name) = line.strip_prefix("pub ").and_then(|l| l.split(':').next())
                {
                    keys.push(name.to_string());
                }
            }
        }
        assert!(keys.len() >= 7, "{keys:?}");
        for k in keys {
            assert!(
                is_path_key(&k),
                "{k} holds a path but is not rebased in a base file"
            );
        }
    }
}
