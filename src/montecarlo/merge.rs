//! `footprint merge`: shard folders into exactly the files one process would have written.

use super::runner::{Outcome, part_files, write_whole_run};
use super::table::Table;
use crate::error::{Error, Result};
use crate::output::RunFolder;
use crate::output::manifest::Manifest;
use std::path::PathBuf;

fn usage(message: String) -> Error {
    Error::Usage(message)
}

/// Merges the shard folders `dirs` into `folder` and commits it.
pub fn merge(dirs: &[PathBuf], folder: RunFolder) -> Result<Outcome> {
    let started = std::time::Instant::now();
    if dirs.is_empty() {
        return Err(usage("merge needs at least one shard folder".into()));
    }
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| Manifest::read(&d.join("manifest.json")))
        .collect::<Result<_>>()?;
    let first = &manifests[0];
    let mut seen: Vec<Option<&PathBuf>> = Vec::new();
    for (dir, m) in dirs.iter().zip(&manifests) {
        let shard = m.shard.as_deref().ok_or_else(|| {
            usage(format!(
                "{}: not a shard (run with --shard i/n); nothing to merge",
                dir.display()
            ))
        })?;
        let parsed = super::runner::Shard::parse(shard)?;
        let same = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
            if format!("{a:?}") != format!("{b:?}") {
                Err(usage(format!(
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
            return Err(usage(format!(
                "{} is shard {shard} but {} is one of {}: shard counts differ",
                dir.display(),
                dirs[0].display(),
                seen.len()
            )));
        }
        if let Some(other) = seen[parsed.index - 1] {
            return Err(usage(format!(
                "shard {shard} given twice: {} and {}",
                other.display(),
                dir.display()
            )));
        }
        seen[parsed.index - 1] = Some(dir);
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_none())
        .map(|(i, _)| format!("{}/{}", i + 1, seen.len()))
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!("missing shard(s) {}", missing.join(", "))));
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
    let metric_names: Vec<(String, String)> = header
        .iter()
        .skip(3 + first.inputs.len())
        .map(|h| match h.rsplit_once('.') {
            Some((s, m)) => (s.to_string(), m.to_string()),
            None => ("total".to_string(), h.clone()),
        })
        .collect();
    let mut table = Table {
        point_names: first.points.clone(),
        input_names: first.inputs.clone(),
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
        return Err(usage(format!(
            "replication {} of point '{}' appears twice",
            w[0].replication, table.point_names[w[0].point]
        )));
    }
    if table.rows.len() as u64 != expected {
        return Err(usage(format!(
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
    let out_dir = folder.path().to_path_buf();
    let mut files = write_whole_run(&out_dir, &first.axes, &table)?;
    files.push("manifest.json".into());
    let events: u64 = manifests.iter().map(|m| m.events).sum();
    let mut manifest = Manifest::read(&dirs[0].join("manifest.json"))?;
    manifest.shard = None;
    manifest.command = std::env::args().collect();
    manifest.events = events;
    manifest.files = files.clone();
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
    })
}
