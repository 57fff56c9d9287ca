//! Run folders that appear complete or not at all, and never collide.
//!
//! The target name is reserved at start by creating it (an atomic `mkdir`: of two processes
//! asking for the same name, exactly one gets it; the other takes the next suffix). Files are
//! written into a hidden sibling `.<name>.partial-<pid>`, renamed onto the reserved (empty)
//! target only when every file is complete; on error or Ctrl-C both are removed. A reader never
//! sees half a result, and the final rename never deletes another run's finished work.

use crate::error::{Error, Result};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders of unfinished runs of this process, removed by [`remove_unfinished`] on Ctrl-C.
static UNFINISHED: Mutex<Vec<(PathBuf, Option<PathBuf>)>> = Mutex::new(Vec::new());

/// A run folder being written.
#[derive(Debug)]
pub struct RunFolder {
    partial: PathBuf,
    target: PathBuf,
    /// Whether this process created `target` (as its reservation) and so removes it on failure.
    reserved: bool,
    committed: bool,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Output {
        path: path.to_path_buf(),
        source,
    }
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// `path` with `-k` appended to its last component (kept as the OS gives it).
fn with_suffix(path: &Path, k: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or(OsStr::new("run")).to_os_string();
    name.push(format!("-{k}"));
    path.with_file_name(name)
}

/// Creates `path` if it is free; `Ok(false)` if something already has that name.
fn try_reserve(path: &Path) -> Result<bool> {
    match std::fs::create_dir(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error(path)(e)),
    }
}

/// Reserves the first free name among `base`, `base-2`, `base-3`, ...
fn reserve_free(base: &Path) -> Result<PathBuf> {
    if try_reserve(base)? {
        return Ok(base.to_path_buf());
    }
    for k in 2..=10_000 {
        let candidate = with_suffix(base, k);
        if try_reserve(&candidate)? {
            return Ok(candidate);
        }
    }
    Err(Error::Usage(format!(
        "no free run folder name next to {} (tried 10,000 suffixes)",
        base.display()
    )))
}

/// The process id in a `.<name>.partial-<pid>` folder name.
fn partial_pid(name: &OsStr) -> Option<u32> {
    let name = name.to_str()?;
    let (_, pid) = name.strip_prefix('.')?.rsplit_once(".partial-")?;
    // `<pid>` or `<pid>-<k>` (a second folder of the same target in one process).
    pid.split('-').next()?.parse().ok()
}

/// Whether process `pid` is alive; `None` where this cannot be told (no `/proc`).
fn process_alive(pid: u32) -> Option<bool> {
    Path::new("/proc/self")
        .exists()
        .then(|| Path::new(&format!("/proc/{pid}")).exists())
}

/// Removes the `.<name>.partial-<pid>` folders in `dir` whose process is dead (and the empty
/// folder it had reserved), and returns one message per folder removed or left (when it cannot
/// be told whether its process is alive).
pub fn clean_stale_partials(dir: &Path) -> Vec<String> {
    let mut messages = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return messages;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = partial_pid(&name) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let path = entry.path();
        match process_alive(pid) {
            Some(true) => {}
            Some(false) => {
                if std::fs::remove_dir_all(&path).is_ok() {
                    messages.push(format!(
                        "removed {}, left by process {pid}, which is no longer running",
                        path.display()
                    ));
                    // `.<target>.partial-<pid>` → `<target>`, removed only if still empty.
                    let text = name.to_string_lossy();
                    if let Some((target, _)) = text[1..].rsplit_once(".partial-") {
                        let reserved = dir.join(target);
                        if is_empty_dir(&reserved) {
                            let _ = std::fs::remove_dir(&reserved);
                        }
                    }
                }
            }
            None => messages.push(format!(
                "{} may be left by an interrupted run (process {pid}); remove it if no run is going on",
                path.display()
            )),
        }
    }
    messages
}

/// Removes the folders of every unfinished run of this process (for the Ctrl-C handler):
/// the hidden partial folder and the reserved target, if this process created it.
pub fn remove_unfinished() {
    let list = UNFINISHED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for (partial, reserved) in list.iter() {
        // Worker threads may still be creating files: retry until the folder is gone.
        for _ in 0..20 {
            if std::fs::remove_dir_all(partial).is_ok() || !partial.exists() {
                break;
            }
        }
        if let Some(target) = reserved {
            let _ = std::fs::remove_dir(target);
        }
    }
}

impl RunFolder {
    /// Prepares `target`, which must not exist or be an empty folder.
    pub fn create(target: PathBuf) -> Result<RunFolder> {
        let parent = parent_of(&target).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let reserved = try_reserve(&target)?;
        if !reserved && !is_empty_dir(&target) {
            return Err(Error::Usage(format!(
                "output folder {} already exists and is not empty: choose another --out or remove it",
                target.display()
            )));
        }
        Self::with_partial(target, reserved)
    }

    /// A new folder `results_dir/<name>-<UTC timestamp>` (with `-2`, `-3`, ... if taken,
    /// reserved atomically so that runs started at the same second never share a folder).
    pub fn create_timestamped(results_dir: &Path, name: &str) -> Result<RunFolder> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let stamp = crate::time::format_utc(now)
            .replace([':', '-'], "")
            .trim_end_matches('Z')
            .to_string();
        std::fs::create_dir_all(results_dir).map_err(io_error(results_dir))?;
        for message in clean_stale_partials(results_dir) {
            eprintln!("note: {message}");
        }
        let target = reserve_free(&results_dir.join(format!("{name}-{stamp}")))?;
        Self::with_partial(target, true)
    }

    fn with_partial(target: PathBuf, reserved: bool) -> Result<RunFolder> {
        let mut name = OsString::from(".");
        name.push(target.file_name().unwrap_or(OsStr::new("run")));
        name.push(format!(".partial-{}", std::process::id()));
        let mut partial = parent_of(&target).join(&name);
        let mut k = 1;
        loop {
            match std::fs::create_dir(&partial) {
                Ok(()) => break,
                // The same target twice in one process (a library caller): next suffix.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && k < 1_000 => {
                    let mut next = name.clone();
                    next.push(format!("-{k}"));
                    partial = parent_of(&target).join(next);
                    k += 1;
                }
                Err(e) => {
                    if reserved {
                        let _ = std::fs::remove_dir(&target);
                    }
                    return Err(io_error(&partial)(e));
                }
            }
        }
        UNFINISHED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((partial.clone(), reserved.then(|| target.clone())));
        Ok(RunFolder {
            partial,
            target,
            reserved,
            committed: false,
        })
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

    fn forget(&self) {
        UNFINISHED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|(p, _)| p != &self.partial);
    }

    /// Moves the complete folder into place and returns where it is. The target is normally
    /// the empty folder reserved at start; if another process filled it meanwhile (two runs
    /// given the same `--out`), this run goes to the next free `<target>-k` instead: finished
    /// work is never deleted.
    pub fn commit(mut self) -> Result<PathBuf> {
        let mut target = self.target.clone();
        if std::fs::rename(&self.partial, &target).is_err() {
            if is_empty_dir(&target) {
                // Platforms whose rename does not replace an empty folder.
                let _ = std::fs::remove_dir(&target);
            } else {
                target = reserve_free(&with_suffix(&self.target, 2))?;
                let _ = std::fs::remove_dir(&target);
            }
            std::fs::rename(&self.partial, &target).map_err(io_error(&target))?;
        }
        self.committed = true;
        self.forget();
        Ok(target)
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.partial);
            if self.reserved && is_empty_dir(&self.target) {
                let _ = std::fs::remove_dir(&self.target);
            }
            self.forget();
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

    #[test]
    fn same_second_runs_get_distinct_folders() {
        let dir = tempfile::tempdir().unwrap();
        let a = RunFolder::create_timestamped(dir.path(), "x").unwrap();
        let b = RunFolder::create_timestamped(dir.path(), "x").unwrap();
        assert_ne!(a.target(), b.target());
        std::fs::write(a.file("a.csv"), "a").unwrap();
        std::fs::write(b.file("b.csv"), "b").unwrap();
        let (pa, pb) = (a.commit().unwrap(), b.commit().unwrap());
        assert!(pa.join("a.csv").exists() && pb.join("b.csv").exists());
    }

    #[test]
    fn commit_onto_a_filled_target_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("run");
        let a = RunFolder::create(target.clone()).unwrap();
        let b = RunFolder::create(target.clone()).unwrap();
        std::fs::write(a.file("a.csv"), "a").unwrap();
        std::fs::write(b.file("b.csv"), "b").unwrap();
        assert_eq!(a.commit().unwrap(), target);
        let other = b.commit().unwrap();
        assert_eq!(other, dir.path().join("run-2"));
        assert!(target.join("a.csv").exists() && other.join("b.csv").exists());
    }

    #[test]
    fn stale_partials_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids above the kernel maximum (2^22) are never alive.
        let stale = dir.path().join(".x-1.partial-4999999");
        std::fs::create_dir(&stale).unwrap();
        std::fs::write(stale.join("a.csv"), "x").unwrap();
        std::fs::create_dir(dir.path().join("x-1")).unwrap();
        let messages = clean_stale_partials(dir.path());
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("4999999"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
