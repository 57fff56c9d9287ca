//! The data files shipped in `data/` are the ones `data/README.md` describes: every digest
//! listed there matches its file, and every file under `data/` is listed (so a test or
//! scenario cannot start reading an unattributed file).

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::Path;

fn listed() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    readme
        .lines()
        .filter_map(|l| {
            let (hash, name) = l.split_once("  ")?;
            (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| (hash.to_string(), name.to_string()))
        })
        .collect()
}

#[test]
fn every_listed_digest_matches_its_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let files = listed();
    assert_eq!(files.len(), 8, "data/README.md lists {files:?}");
    for (hash, name) in files {
        let bytes = std::fs::read(root.join(&name)).unwrap();
        let got: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, hash, "data/{name}");
    }
}

#[test]
fn every_data_file_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let listed: BTreeSet<String> = listed().into_iter().map(|(_, n)| n).collect();
    for sub in ["grid", "weather"] {
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let name = format!("{sub}/{}", entry.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(&name), "{name} is not in data/README.md");
        }
    }
}

/// The shipped scenarios and tests read `data/`, never a folder beside the clone.
#[test]
fn nothing_reads_outside_the_clone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![
        root.join("src"),
        root.join("tests"),
        root.join("benches"),
        root.join("scenarios"),
    ];
    let needle = ["..", "/shared"].concat();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                assert!(
                    !text.contains(&needle),
                    "{} mentions {needle}",
                    path.display()
                );
            }
        }
    }
}
