//! The import rules stated in the module documentation of `site`, checked on the sources.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn site_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/site")
}

/// Files under `sub` (relative to `src/site`) that mention any of `forbidden`.
fn offenders(sub: &str, forbidden: &[&str]) -> Vec<String> {
    sources(&site_dir().join(sub))
        .into_iter()
        // This file names the forbidden paths itself.
        .filter(|p| !p.ends_with("layout_tests.rs"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            forbidden
                .iter()
                .find(|f| text.contains(*f))
                .map(|f| format!("{} mentions {f}", p.display()))
        })
        .collect()
}

/// `prefix::module` for each prefix and module. The paths are built, not written out, so
/// that a scan of this file's text for imports does not mistake them for imports.
fn paths(prefixes: &[&str], modules: &[&str]) -> Vec<String> {
    prefixes
        .iter()
        .flat_map(|p| modules.iter().map(move |m| format!("{p}::{m}")))
        .collect()
}

#[test]
fn physics_does_not_import_the_layers_above() {
    let above = paths(
        &["crate"],
        &["scenario", "world", "scheduler", "output", "run"],
    );
    let above: Vec<&str> = above.iter().map(String::as_str).collect();
    assert_eq!(offenders("", &above), Vec::<String>::new());
}

#[test]
fn climate_cooling_and_grid_import_one_way() {
    let check = |group: &str, modules: &[&str]| {
        let forbidden = paths(&["site", "super"], modules);
        let forbidden: Vec<&str> = forbidden.iter().map(String::as_str).collect();
        assert_eq!(offenders(group, &forbidden), Vec::<String>::new());
    };
    // climate is a leaf; cooling may use climate; grid uses neither.
    check("climate", &["cooling", "grid"]);
    check("cooling", &["grid"]);
    check("grid", &["cooling", "climate"]);
    // Within climate, psychrometrics depend on nothing else there.
    let psychro = std::fs::read_to_string(site_dir().join("climate/psychro.rs")).unwrap();
    assert!(!psychro.contains("weather::") && !psychro.contains("synthetic::"));
}

/// Sibling modules that `file`'s code (not its comments) names as `super::<module>`.
fn sibling_uses(file: &Path, siblings: &[String]) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    siblings
        .iter()
        .filter(|s| {
            code.contains(&format!("super::{s}::")) || code.contains(&format!("super::{s};"))
        })
        .cloned()
        .collect()
}

#[test]
fn no_import_circle_between_files_of_a_group() {
    for group in ["climate", "cooling", "grid"] {
        let dir = site_dir().join(group);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "rs")
                    && !p.ends_with("mod.rs")
                    && !p.ends_with("tests.rs")
            })
            .collect();
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        let edges: Vec<Vec<usize>> = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                // A file's own name (an inline test module's `super::item` where the item
                // is named like its file) is not an edge between two files.
                sibling_uses(f, &names)
                    .iter()
                    .map(|n| names.iter().position(|m| m == n).unwrap())
                    .filter(|&j| j != i)
                    .collect()
            })
            .collect();
        // Depth-first search for a back edge: 0 unvisited, 1 on the stack, 2 done.
        fn visit(i: usize, edges: &[Vec<usize>], state: &mut [u8], path: &mut Vec<usize>) -> bool {
            state[i] = 1;
            path.push(i);
            for &j in &edges[i] {
                if state[j] == 1 {
                    path.push(j);
                    return true;
                }
                if state[j] == 0 && visit(j, edges, state, path) {
                    return true;
                }
            }
            path.pop();
            state[i] = 2;
            false
        }
        let mut state = vec![0u8; files.len()];
        for i in 0..files.len() {
            let mut path = Vec::new();
            if state[i] == 0 && visit(i, &edges, &mut state, &mut path) {
                let cycle: Vec<&str> = path.iter().map(|&k| names[k].as_str()).collect();
                panic!("import circle in site/{group}: {}", cycle.join(" → "));
            }
        }
        assert!(
            edges.iter().any(|e| !e.is_empty()),
            "{group}: the check sees imports"
        );
    }
}
