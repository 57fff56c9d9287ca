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
        use sha2::{Digest, Sha256};
        use std::io::Read;
        let mut reader = std::fs::File::open(file)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1 << 16];
        let mut bytes = 0u64;
        loop {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            bytes += n as u64;
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(FileDigest {
            path,
            bytes,
            sha256,
        })
    }
}
