//! Run folders that appear complete or not at all.
//!
//! Files are written into a hidden sibling folder, which is renamed into place only when
//! every file is complete; on error it is removed. A reader never sees half a result.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A run folder being written.
#[derive(Debug)]
pub struct RunFolder {
    partial: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl RunFolder {
    /// Prepares `target`, which must not exist or be an empty folder.
    pub fn create(target: PathBuf) -> Result<RunFolder> {
        if target.exists() {
            let empty = std::fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty {
                return Err(Error::Usage(format!(
                    "output folder {} already exists and is not empty: choose another --out or remove it",
                    target.display()
                )));
            }
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| Error::Output {
            path: parent.to_path_buf(),
            source,
        })?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("run");
        let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if partial.exists() {
            let _ = std::fs::remove_dir_all(&partial);
        }
        std::fs::create_dir(&partial).map_err(|source| Error::Output {
            path: partial.clone(),
            source,
        })?;
        Ok(RunFolder {
            partial,
            target,
            committed: false,
        })
    }

    /// A new folder `results_dir/<name>-<UTC timestamp>` (with `-2`, `-3`, ... if taken).
    pub fn create_timestamped(results_dir: &Path, name: &str) -> Result<RunFolder> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let stamp = crate::time::format_utc(now)
            .replace([':', '-'], "")
            .trim_end_matches('Z')
            .to_string();
        let base = results_dir.join(format!("{name}-{stamp}"));
        let mut candidate = base.clone();
        let mut k = 2;
        while candidate.exists() {
            candidate = PathBuf::from(format!("{}-{k}", base.display()));
            k += 1;
        }
        Self::create(candidate)
    }

    /// Path of a file inside the folder being written.
    pub fn file(&self, name: &str) -> PathBuf {
        self.partial.join(name)
    }

    /// The folder being written.
    pub fn path(&self) -> &Path {
        &self.partial
    }

    /// Where the folder will be once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the complete folder into place.
    pub fn commit(mut self) -> Result<PathBuf> {
        if self.target.exists() {
            std::fs::remove_dir(&self.target).map_err(|source| Error::Output {
                path: self.target.clone(),
                source,
            })?;
        }
        std::fs::rename(&self.partial, &self.target).map_err(|source| Error::Output {
            path: self.target.clone(),
            source,
        })?;
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_folder_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("run");
        {
            let f = RunFolder::create(target.clone()).unwrap();
            std::fs::write(f.file("a.csv"), "x").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let f = RunFolder::create(target.clone()).unwrap();
        std::fs::write(f.file("a.csv"), "x").unwrap();
        assert_eq!(f.commit().unwrap(), target);
        assert!(target.join("a.csv").exists());
        assert!(
            RunFolder::create(target).is_err(),
            "non-empty target refused"
        );
    }
}
