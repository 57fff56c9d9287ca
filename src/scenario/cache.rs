//! Data files read once per run, however many sweep points and replications use them.

use crate::digest::FileDigest;
use crate::error::{DataError, DataErrorKind};
use crate::site::cooling::CoolingCache;
use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Entry = Result<Arc<dyn Any + Send + Sync>, DataError>;

/// A cache of parsed data files, keyed by (kind, path). Thread-safe.
#[derive(Default)]
pub struct DataCache {
    entries: Mutex<HashMap<(&'static str, PathBuf), Entry>>,
    /// Size and BLAKE3 of every file read, by path (for the run manifest).
    digests: Mutex<BTreeMap<PathBuf, FileDigest>>,
    cooling: CoolingCache,
}

impl std::fmt::Debug for DataCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataCache")
    }
}

impl DataCache {
    /// The cooling series of real weather records, evaluated once per record, system and
    /// load fraction.
    pub fn cooling(&self) -> &CoolingCache {
        &self.cooling
    }

    /// The parsed contents of `path` as `kind`, reading it with `read` the first time.
    pub fn load<T: Any + Send + Sync + Clone>(
        &self,
        kind: &'static str,
        path: &Path,
        read: impl FnOnce(&Path) -> Result<T, DataError>,
    ) -> Result<T, DataError> {
        let key = (kind, path.to_path_buf());
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = entries.entry(key).or_insert_with(|| {
            let value = read(path).map(|v| Arc::new(v) as Arc<dyn Any + Send + Sync>);
            if value.is_ok()
                && let Ok(d) = FileDigest::of(path, path.display().to_string())
            {
                self.digests
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(path.to_path_buf(), d);
            }
            value
        });
        match entry {
            Ok(any) => any.downcast_ref::<T>().cloned().ok_or_else(|| {
                DataError::file(
                    path,
                    DataErrorKind::Malformed {
                        reason: format!("read as two kinds of data ({kind})"),
                    },
                )
            }),
            Err(e) => Err(e.clone()),
        }
    }
}

impl DataCache {
    /// Size and BLAKE3 of every data file read so far, in path order.
    pub fn digests(&self) -> Vec<FileDigest> {
        self.digests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_file_once() {
        let cache = DataCache::default();
        let mut reads = 0;
        for _ in 0..3 {
            let v: u32 = cache
                .load("n", Path::new("x"), |_| {
                    reads += 1;
                    Ok(7)
                })
                .unwrap();
            assert_eq!(v, 7);
        }
        assert_eq!(reads, 1);
        let bad = DataError::file(Path::new("y"), DataErrorKind::NoRows);
        let e: Result<u32, DataError> = cache.load("n", Path::new("y"), |_| Err(bad.clone()));
        assert_eq!(e, Err(bad));
    }
}
