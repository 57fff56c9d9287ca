//! Size and SHA-256 of files: the inputs a run read and the files it wrote, recorded in
//! `manifest.json` and verified by `footprint merge`.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Size and SHA-256 of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Path: relative to the run folder for written files, as read for input files.
    pub path: String,
    /// Size, bytes.
    pub bytes: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

impl FileDigest {
    /// Reads `file` and records it under the name `path`.
    pub fn of(file: &Path, path: String) -> std::io::Result<FileDigest> {
        use std::io::Read;
        let mut reader = std::fs::File::open(file)?;
        let mut hashing = Hashing::new();
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hashing.update(&buffer[..n]);
        }
        Ok(hashing.finish(path))
    }
}

/// Size and SHA-256 of bytes as they are written, so that a large output file (`jobs.csv`)
/// need not be read back for `manifest.json`: its writer hashes each block it writes.
#[derive(Clone, Default)]
pub struct Hashing {
    hasher: sha2::Sha256,
    bytes: u64,
}

impl Hashing {
    /// Nothing hashed yet.
    pub fn new() -> Hashing {
        Hashing::default()
    }

    /// Adds the next bytes of the file.
    pub fn update(&mut self, data: &[u8]) {
        use sha2::Digest;
        self.hasher.update(data);
        self.bytes += data.len() as u64;
    }

    /// The digest of every byte added, recorded under the name `path`.
    pub fn finish(self, path: String) -> FileDigest {
        use sha2::Digest;
        let sha256 = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        FileDigest {
            path,
            bytes: self.bytes,
            sha256,
        }
    }
}
