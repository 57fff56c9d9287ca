//! The structure rule of ARCHITECTURE.md, checked on the source: imports run one way
//! (kernel ← physics and inputs ← ledger ← model ← orchestration ← CLI), top-level modules of
//! one layer form no circle, and no two files import each other, directly or through others.
//!
//! Imports are read from the text: every `crate::`, `super::` and `footprint::` path outside
//! comments and `#[cfg(test)]` modules, and in a module's own file the paths through its
//! private submodules. A directory module's `mod.rs` and its private submodules (`mod x;`,
//! the parts of one type's implementation) count as one unit for the cycle check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer of each top-level module; a module may import from its own layer or a lower one.
const LAYERS: &[(&str, u8)] = &[
    // kernel: the event engine, time and errors
    ("engine", 0),
    ("time", 0),
    ("error", 0),
    ("digest", 0),
    // physics and inputs: hardware, sites (climate, cooling, grid), workload
    ("hardware", 1),
    ("site", 1),
    ("workload", 1),
    // ledger: charges, per-replication results, the output columns computed from them
    ("accounting", 2),
    ("results", 2),
    ("metrics", 2),
    // model: scheduling policies and the datacenter model the engine drives
    ("scheduler", 3),
    ("world", 3),
    // orchestration: scenario input, runs, replications, output files, validation
    ("scenario", 4),
    ("run", 4),
    ("montecarlo", 4),
    ("report", 4),
    ("output", 4),
    ("validate", 4),
    ("budget", 4),
    ("projection", 4),
    // the command line (src/main.rs and its modules in src/cli/)
    ("main", 5),
    ("cli", 5),
];

/// A source file with its module path (`["site", "grid"]` for `src/site/grid.rs`).
struct Source {
    path: PathBuf,
    module: Vec<String>,
    text: String,
}

fn sources(root: &Path) -> Vec<Source> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root.join("src")).expect("under src");
                let mut module: Vec<String> = rel
                    .with_extension("")
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).expect("read source");
                out.push(Source { path, module, text });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The text without comments and without `#[cfg(test)]` items (test modules may import
/// anything they test with).
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut pending_cfg_test = false;
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let trimmed = line.trim();
        if skip_depth.is_none() && trimmed.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
            continue;
        }
        let opens = line.matches('{').count() as i32;
        let closes = line.matches('}').count() as i32;
        if pending_cfg_test && !trimmed.is_empty() {
            pending_cfg_test = false;
            if opens > closes {
                skip_depth = Some(depth);
            } else {
                // A one-line item (`mod tests;`, `use ...;`): skip just it.
                depth += opens - closes;
                continue;
            }
        }
        depth += opens - closes;
        match skip_depth {
            Some(d) if depth <= d => skip_depth = None,
            Some(_) => {}
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands the path starting at `s` (after a prefix such as `crate::`) into full paths:
/// `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn expand(s: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    let mut i = 0;
    let b = s.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    return i + 1;
                }
                i += expand(&s[i..], &path, out);
                // Skip `as alias` and anything else up to the next separator.
                while i < b.len() && b[i] != b',' && b[i] != b'}' {
                    i += 1;
                }
            }
        }
        let start = i;
        while i < b.len() && is_ident(b[i] as char) {
            i += 1;
        }
        if i > start {
            let ident = &s[start..i];
            if ident != "self" {
                path.push(ident.to_string());
            }
        }
        if s[i..].starts_with("::") {
            i += 2;
            continue;
        }
        out.push(path);
        return i;
    }
}

/// Every module path a file refers to, as absolute paths from the crate root.
fn references(src: &Source, private_children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let code = code(&src.text);
    let is_main = src.module == ["main"];
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let boundary = i == 0 || !is_ident(code[..i].chars().next_back().unwrap_or(' '));
        let mut matched = None;
        if boundary {
            for (p, base) in [
                ("crate::", Vec::new()),
                ("footprint::", Vec::new()),
                ("super::", {
                    let mut m = src.module.clone();
                    m.pop();
                    m
                }),
            ] {
                if rest.starts_with(p) && (p != "crate::" || !is_main) {
                    matched = Some((p.len(), base));
                    break;
                }
            }
            if matched.is_none() {
                for child in private_children {
                    if rest.starts_with(&format!("{child}::")) {
                        matched = Some((0, src.module.clone()));
                        break;
                    }
                }
            }
        }
        match matched {
            Some((len, mut base)) => {
                // `super::super::` climbs further.
                let mut j = i + len;
                while code[j..].starts_with("super::") {
                    base.pop();
                    j += "super::".len();
                }
                j += expand(&code[j..], &base, &mut out);
                i = j.max(i + 1);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// `mod x;` declarations without `pub`: the private parts of a module.
fn private_children(text: &str) -> BTreeSet<String> {
    code(text)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

struct Graph {
    /// File → files it imports (paths relative to the crate root, `src/...`).
    files: BTreeMap<String, BTreeSet<String>>,
    /// Unit (file, or mod.rs with its private parts) of each file.
    unit: BTreeMap<String, String>,
}

fn graph(root: &Path) -> Graph {
    let sources = sources(root);
    let by_module: BTreeMap<Vec<String>, String> = sources
        .iter()
        .filter(|s| s.module != ["main"])
        .map(|s| (s.module.clone(), rel(root, &s.path)))
        .collect();
    let mut files = BTreeMap::new();
    let mut unit = BTreeMap::new();
    for s in &sources {
        let me = rel(root, &s.path);
        let children = private_children(&s.text);
        for c in &children {
            let mut m = s.module.clone();
            m.push(c.clone());
            if let Some(f) = by_module.get(&m) {
                unit.insert(f.clone(), me.clone());
            }
        }
        let mut targets = BTreeSet::new();
        for mut path in references(s, &children) {
            // The longest prefix that is a module file.
            while !path.is_empty() && !by_module.contains_key(&path) {
                path.pop();
            }
            if let Some(f) = by_module.get(&path)
                && *f != me
                && !path.is_empty()
            {
                targets.insert(f.clone());
            }
        }
        files.insert(me, targets);
    }
    // Private parts of private parts belong to the same unit.
    let mut units = BTreeMap::new();
    for f in files.keys() {
        let mut u = f.clone();
        while let Some(parent) = unit.get(&u) {
            u = parent.clone();
        }
        units.insert(f.clone(), u);
    }
    Graph { files, unit: units }
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .expect("under root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Top-level module of a file: `src/site/grid.rs` → `site`, `src/main.rs` → `main`.
fn top(file: &str) -> String {
    let rest = file.strip_prefix("src/").expect("src file");
    let first = rest.split('/').next().expect("component");
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

/// Every circle of `edges` (strongly connected components with more than one node).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: order by finish time, then collect on the reversed graph.
    let nodes: Vec<&String> = edges.keys().collect();
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for &n in &nodes {
        if seen.contains(n) {
            continue;
        }
        let mut stack = vec![(n.clone(), false)];
        while let Some((v, done)) = stack.pop() {
            if done {
                order.push(v);
                continue;
            }
            if !seen.insert(v.clone()) {
                continue;
            }
            stack.push((v.clone(), true));
            for w in edges.get(&v).into_iter().flatten() {
                if !seen.contains(w) {
                    stack.push((w.clone(), false));
                }
            }
        }
    }
    let mut reverse: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (v, ws) in edges {
        for w in ws {
            reverse.entry(w.clone()).or_default().insert(v.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.into_iter().rev() {
        if assigned.contains(&v) {
            continue;
        }
        let mut comp = Vec::new();
        let mut stack = vec![v];
        while let Some(x) = stack.pop() {
            if !assigned.insert(x.clone()) {
                continue;
            }
            comp.push(x.clone());
            for w in reverse.get(&x).into_iter().flatten() {
                if !assigned.contains(w) {
                    stack.push(w.clone());
                }
            }
        }
        if comp.len() > 1 {
            comp.sort();
            out.push(comp);
        }
    }
    out
}

/// Every breach of the rule, as readable lines (empty when the rule holds).
fn breaches(root: &Path) -> Vec<String> {
    let g = graph(root);
    let mut out = Vec::new();
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut units: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, targets) in &g.files {
        let from = top(file);
        if file == "src/lib.rs" {
            continue;
        }
        let Some(from_layer) = layer(&from) else {
            out.push(format!("{file}: module `{from}` has no layer in LAYERS"));
            continue;
        };
        modules.entry(from.clone()).or_default();
        units.entry(g.unit[file].clone()).or_default();
        for t in targets {
            let to = top(t);
            if t == "src/lib.rs" {
                continue;
            }
            let to_layer = layer(&to).unwrap_or(u8::MAX);
            if to_layer > from_layer {
                out.push(format!(
                    "{file} imports {t}: `{from}` (layer {from_layer}) must not depend on `{to}` (layer {to_layer})"
                ));
            }
            if to != from {
                modules.entry(from.clone()).or_default().insert(to);
            }
            let (fu, tu) = (&g.unit[file], &g.unit[t]);
            if fu != tu {
                units.entry(fu.clone()).or_default().insert(tu.clone());
            }
        }
    }
    for c in circles(&modules) {
        out.push(format!("circle between modules: {}", c.join(" ↔ ")));
    }
    for c in circles(&units) {
        out.push(format!("circle between files: {}", c.join(" ↔ ")));
    }
    out
}

#[test]
fn imports_run_one_way_without_circles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = breaches(root);
    assert!(
        found.is_empty(),
        "the structure rule of ARCHITECTURE.md is broken:\n{}",
        found.join("\n")
    );
}

/// Files (or folders, ending in `/`) allowed to write seconds per hour or day as literals:
/// the definitions.
const TIME_LITERALS_ALLOWED: &[&str] = &["src/time.rs", "src/engine/event.rs"];

/// Module paths of the files declared as `#[cfg(test)] mod x;`: test modules kept in a file
/// of their own.
fn test_module_files(sources: &[Source]) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    for s in sources {
        let mut cfg_test = false;
        for line in s.text.lines().map(str::trim) {
            if line.starts_with("#[cfg(test)]") {
                cfg_test = true;
                continue;
            }
            if cfg_test
                && let Some(name) = line
                    .strip_prefix("mod ")
                    .or_else(|| line.strip_prefix("pub mod "))
                    .and_then(|rest| rest.strip_suffix(';'))
            {
                let mut m = s.module.clone();
                m.push(name.trim().to_string());
                out.insert(m);
            }
            if !line.starts_with("#[") {
                cfg_test = false;
            }
        }
    }
    out
}

/// Literal seconds per hour or day outside test modules, as `file: line` entries.
fn time_literals(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let all = sources(root);
    let test_files = test_module_files(&all);
    for s in &all {
        let file = rel(root, &s.path);
        if test_files.contains(&s.module)
            || TIME_LITERALS_ALLOWED
                .iter()
                .any(|a| file == *a || (a.ends_with('/') && file.starts_with(a)))
        {
            continue;
        }
        for line in code(&s.text).lines() {
            if line.contains("3_600") || line.contains("86_400") {
                out.push(format!("{file}: {}", line.trim()));
            }
        }
    }
    out
}

#[test]
fn time_units_come_from_time_rs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Test modules in files of their own are recognised (and only they are skipped).
    let test_files = test_module_files(&sources(root));
    assert!(test_files.contains(&vec!["site".to_string(), "climate".into(), "tests".into()]));
    assert!(!test_files.contains(&vec![
        "site".to_string(),
        "climate".into(),
        "weather".into()
    ]));
    let found = time_literals(root);
    assert!(
        found.is_empty(),
        "use crate::time's constants and helpers instead of literal seconds:\n{}",
        found.join("\n")
    );
}

/// The checker itself: a copy of the sources with a deliberate breach must fail it.
#[test]
fn the_check_catches_upward_imports_and_circles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = |from: &Path, to: &Path| {
        let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
        while let Some((a, b)) = stack.pop() {
            std::fs::create_dir_all(&b).expect("mkdir");
            for e in std::fs::read_dir(&a).expect("read dir") {
                let p = e.expect("entry").path();
                let q = b.join(p.file_name().expect("name"));
                if p.is_dir() {
                    stack.push((p, q));
                } else {
                    std::fs::copy(&p, &q).expect("copy");
                }
            }
        }
    };
    copy(&root.join("src"), &dir.path().join("src"));
    assert!(breaches(dir.path()).is_empty());

    // The model importing the scenario (orchestration): an upward import.
    let world = dir.path().join("src/world/totals.rs");
    let text = std::fs::read_to_string(&world).expect("read");
    std::fs::write(&world, format!("use crate::scenario::Scenario;\n{text}")).expect("write");
    let found = breaches(dir.path());
    assert!(
        found
            .iter()
            .any(|b| b.contains("src/world/totals.rs imports src/scenario/mod.rs")),
        "{found:?}"
    );
    std::fs::write(&world, text).expect("restore");

    // Two physics files importing each other (through a group): a circle.
    let psychro = dir.path().join("src/site/climate/psychro.rs");
    let text = std::fs::read_to_string(&psychro).expect("read");
    std::fs::write(&psychro, format!("use super::weather::{{self}};\n{text}")).expect("write");
    let found = breaches(dir.path());
    assert!(
        found.iter().any(|b| b.starts_with("circle between files")
            && b.contains("src/site/climate/psychro.rs")
            && b.contains("src/site/climate/weather.rs")),
        "{found:?}"
    );
    std::fs::write(&psychro, text).expect("restore");

    // A literal number of seconds per hour.
    let run = dir.path().join("src/run.rs");
    let text = std::fs::read_to_string(&run).expect("read");
    std::fs::write(&run, format!("{text}\nconst H: u64 = 3_600;\n")).expect("write");
    assert_eq!(time_literals(dir.path()).len(), 1);
    std::fs::write(&run, text).expect("restore");

    // Comments and test modules do not count.
    std::fs::write(
        &world,
        format!(
            "//! See [`crate::scenario`].\n{}\n#[cfg(test)]\nmod tests {{\n    use crate::scenario::Scenario;\n}}\n",
            std::fs::read_to_string(&world).expect("read")
        ),
    )
    .expect("write");
    assert!(breaches(dir.path()).is_empty());
}
