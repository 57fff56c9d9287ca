//! `footprint merge`: shard folders into exactly the files one process would have written.

use super::runner::{Outcome, part_files, write_whole_run};
use super::table::Table;
use crate::error::{Error, Result};
use crate::output::RunFolder;
use crate::output::manifest::{FileDigest, Manifest};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Shards that cannot be merged, and why.
fn cannot_merge(message: String) -> Error {
    Error::Merge(message)
}

/// Checks that every file `manifest` lists in `dir` is there, with its recorded size and
/// BLAKE3 digest, and that `parts/` holds no file it does not list.
fn verify_files(dir: &Path, manifest: &Manifest) -> Result<()> {
    let no_blake3 = manifest
        .file_digests
        .iter()
        .chain(&manifest.input_digests)
        .any(|d| d.blake3.is_empty());
    if manifest.file_digests.is_empty() || no_blake3 {
        return Err(cannot_merge(format!(
            "{}: the manifest records no file sizes and BLAKE3 digests (written by an older footprint?); run the shard again",
            dir.display()
        )));
    }
    for d in &manifest.file_digests {
        let path = dir.join(&d.path);
        if !path.is_file() {
            return Err(cannot_merge(format!(
                "{}: missing, but the shard's manifest lists it ({} bytes): copy the whole shard folder or run the shard again",
                path.display(),
                d.bytes
            )));
        }
        let got = FileDigest::of(&path, d.path.clone()).map_err(|source| Error::Output {
            path: path.clone(),
            source,
        })?;
        if got.bytes != d.bytes {
            return Err(cannot_merge(format!(
                "{}: {} bytes, but the shard's manifest records {}: truncated or edited since the shard ran",
                path.display(),
                got.bytes,
                d.bytes
            )));
        }
        if got.blake3 != d.blake3 {
            return Err(cannot_merge(format!(
                "{}: BLAKE3 {} differs from the {} the shard's manifest records: edited since the shard ran",
                path.display(),
                got.blake3,
                d.blake3
            )));
        }
    }
    for kind in ["jobs", "hourly"] {
        for part in part_files(dir, kind) {
            let listed = part
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
                .is_some_and(|p| manifest.file_digests.iter().any(|d| d.path == p));
            if !listed {
                return Err(cannot_merge(format!(
                    "{}: not written by this shard (its manifest does not list it)",
                    part.display()
                )));
            }
        }
    }
    Ok(())
}

/// Merges the shard folders `dirs` into `folder` and commits it.
pub fn merge(dirs: &[PathBuf], folder: RunFolder, command: &[String]) -> Result<Outcome> {
    let started = std::time::Instant::now();
    if dirs.is_empty() {
        return Err(Error::Usage("merge needs at least one shard folder".into()));
    }
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| Manifest::read(&d.join("manifest.json")))
        .collect::<Result<_>>()?;
    let first = &manifests[0];
    let mut seen: Vec<Option<&PathBuf>> = Vec::new();
    for (dir, m) in dirs.iter().zip(&manifests) {
        let shard = m.shard.as_deref().ok_or_else(|| {
            cannot_merge(format!(
                "{}: not a shard (run with --shard i/n); nothing to merge",
                dir.display()
            ))
        })?;
        let parsed = super::runner::Shard::parse(shard)?;
        let same = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
            if format!("{a:?}") != format!("{b:?}") {
                Err(cannot_merge(format!(
                    "{} differs from {} in {what}: shards of different runs cannot be merged",
                    dir.display(),
                    dirs[0].display()
                )))
            } else {
                Ok(())
            }
        };
        same(
            "footprint version",
            &m.footprint_version,
            &first.footprint_version,
        )?;
        same(
            "scenario (SHA-256 of the file and --set overrides)",
            &m.scenario_sha256,
            &first.scenario_sha256,
        )?;
        same("replications", &m.replications, &first.replications)?;
        same("sweep points", &m.points, &first.points)?;
        same("uncertain inputs", &m.inputs, &first.inputs)?;
        if seen.is_empty() {
            seen = vec![None; parsed.count];
        }
        if seen.len() != parsed.count {
            return Err(cannot_merge(format!(
                "{} is shard {shard} but {} is one of {}: shard counts differ",
                dir.display(),
                dirs[0].display(),
                seen.len()
            )));
        }
        if let Some(other) = seen[parsed.index - 1] {
            return Err(cannot_merge(format!(
                "shard {shard} given twice: {} and {}",
                other.display(),
                dir.display()
            )));
        }
        seen[parsed.index - 1] = Some(dir);
    }
    for (dir, m) in dirs.iter().zip(&manifests) {
        verify_files(dir, m)?;
    }
    let mut inputs: BTreeMap<&str, (&FileDigest, &PathBuf)> = BTreeMap::new();
    for (dir, m) in dirs.iter().zip(&manifests) {
        for d in &m.input_digests {
            match inputs.get(d.path.as_str()) {
                Some((other, other_dir)) if other.blake3 != d.blake3 => {
                    return Err(cannot_merge(format!(
                        "{} and {} read different contents of the data file {} (BLAKE3 {} vs {}): shards of one run must read the same data",
                        other_dir.display(),
                        dir.display(),
                        d.path,
                        other.blake3,
                        d.blake3
                    )));
                }
                Some(_) => {}
                None => {
                    inputs.insert(d.path.as_str(), (d, dir));
                }
            }
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_none())
        .map(|(i, _)| format!("{}/{}", i + 1, seen.len()))
        .collect();
    if !missing.is_empty() {
        return Err(cannot_merge(format!(
            "missing shard(s) {}",
            missing.join(", ")
        )));
    }

    // Rows.
    let header_path = dirs[0].join("replications.csv");
    let mut reader = csv::Reader::from_path(&header_path).map_err(|source| Error::Csv {
        path: header_path.clone(),
        source,
    })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|source| Error::Csv {
            path: header_path.clone(),
            source,
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let first_input = crate::metrics::run_files::REPLICATION_COLUMNS.len() + first.axes.len();
    let control_sites = Table::control_sites_in(&header, first_input, first.inputs.len());
    let metric_names: Vec<(String, String)> = header
        .iter()
        .skip(first_input + first.inputs.len() + 2 * control_sites.len())
        .map(|h| match h.rsplit_once('.') {
            Some((s, m)) => (s.to_string(), m.to_string()),
            None => ("total".to_string(), h.clone()),
        })
        .collect();
    let mut table = Table {
        point_names: first.points.clone(),
        axes: first.axes.clone(),
        input_names: first.inputs.clone(),
        control_sites,
        metric_names,
        rows: Vec::new(),
    };
    for dir in dirs {
        table.read_replications(&dir.join("replications.csv"))?;
    }
    table.rows.sort_by_key(|r| (r.point, r.replication));
    let expected = first.points.len() as u64 * first.replications_run;
    let duplicate = table
        .rows
        .windows(2)
        .find(|w| (w[0].point, w[0].replication) == (w[1].point, w[1].replication));
    if let Some(w) = duplicate {
        return Err(cannot_merge(format!(
            "replication {} of point '{}' appears twice",
            w[0].replication, table.point_names[w[0].point]
        )));
    }
    if table.rows.len() as u64 != expected {
        return Err(cannot_merge(format!(
            "the shards hold {} replications, expected {expected}",
            table.rows.len()
        )));
    }

    // Detail parts.
    let parts_dir = folder.file("parts");
    std::fs::create_dir_all(&parts_dir).map_err(|source| Error::Output {
        path: parts_dir.clone(),
        source,
    })?;
    for dir in dirs {
        for kind in ["jobs", "hourly"] {
            for part in part_files(dir, kind) {
                let name = part.file_name().map(PathBuf::from).unwrap_or_default();
                std::fs::copy(&part, parts_dir.join(&name)).map_err(|source| Error::Output {
                    path: part.clone(),
                    source,
                })?;
            }
        }
    }
    let with_bands: Vec<&PathBuf> = dirs
        .iter()
        .filter(|d| d.join(super::runner::BANDS_PART).exists())
        .collect();
    let bands = if with_bands.is_empty() {
        None
    } else {
        let sites: Vec<String> = table
            .metric_names
            .iter()
            .filter_map(|(scope, _)| scope.strip_prefix("site:").map(str::to_string))
            .fold(Vec::new(), |mut v, s| {
                if !v.contains(&s) {
                    v.push(s);
                }
                v
            });
        let mut bands = super::bands::Bands::new(first.points.len(), sites);
        for dir in &with_bands {
            bands.merge_part(&dir.join(super::runner::BANDS_PART))?;
        }
        Some(bands)
    };
    let out_dir = folder.path().to_path_buf();
    let (mut files, known) =
        write_whole_run(&out_dir, first.baseline, &table, bands.as_ref(), &[])?;
    files.push("manifest.json".into());
    let events: u64 = manifests.iter().map(|m| m.events).sum();
    let mut manifest = Manifest::read(&dirs[0].join("manifest.json"))?;
    manifest.shard = None;
    manifest.command = command.to_vec();
    manifest.events = events;
    manifest.files = files.clone();
    manifest.record_files(&out_dir, &files, &known)?;
    manifest.input_digests = inputs.values().map(|(d, _)| (*d).clone()).collect();
    manifest.wall_time_s = started.elapsed().as_secs_f64();
    manifest.warnings = manifests.iter().flat_map(|m| m.warnings.clone()).collect();
    manifest.warnings.dedup();
    manifest.write(&folder.file("manifest.json"))?;
    let warnings = manifest.warnings.clone();
    let folder = folder.commit()?;
    Ok(Outcome {
        folder,
        table,
        files,
        wall_time_s: manifest.wall_time_s,
        events,
        replications_run: first.replications_run,
        warnings,
        baseline: first.baseline,
    })
}
