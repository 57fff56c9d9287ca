//! Size and BLAKE3 digest of files: the inputs a run read and the files it wrote, recorded in
//! `manifest.json` and verified by `footprint merge`.
//!
//! BLAKE3 rather than SHA-256 because a run hashes every byte it writes, and `jobs.csv` is
//! the largest output: on this project's machine BLAKE3 hashes about 3 times as fast as
//! SHA-256 even with the SHA instructions (`cargo bench --bench csv -- digest`;
//! docs/performance.md, "`jobs.csv` within 1.3×"). It is as
//! much a cryptographic hash (collision and preimage resistant), and `b3sum FILE` (the
//! BLAKE3 team's command-line tool) prints the same hex, so a user can check a file by hand.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Size and BLAKE3 digest of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Path: relative to the run folder for written files, as read for input files.
    pub path: String,
    /// Size, bytes.
    pub bytes: u64,
    /// BLAKE3 (32-byte output), lowercase hex: what `b3sum` prints. Empty when read from a
    /// manifest written before digests were BLAKE3 (it held `sha256`), which `merge` refuses.
    #[serde(default)]
    pub blake3: String,
}

impl FileDigest {
    /// Reads `file` and records it under the name `path`.
    pub fn of(file: &Path, path: String) -> std::io::Result<FileDigest> {
        use std::io::Read;
        let mut reader = std::fs::File::open(file)?;
        let mut hashing = Hashing::new();
        // Large reads: BLAKE3 hashes several chunks at once with SIMD when given many.
        let mut buffer = vec![0u8; 1 << 18];
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

/// Size and BLAKE3 of bytes as they are written, so that a large output file (`jobs.csv`)
/// need not be read back for `manifest.json`: its writer hashes each block it writes.
#[derive(Clone, Default)]
pub struct Hashing {
    hasher: blake3::Hasher,
    bytes: u64,
}

impl Hashing {
    /// Nothing hashed yet.
    pub fn new() -> Hashing {
        Hashing::default()
    }

    /// Adds the next bytes of the file.
    pub fn update(&mut self, data: &[u8]) {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
    }

    /// The digest of every byte added, recorded under the name `path`.
    pub fn finish(self, path: String) -> FileDigest {
        FileDigest {
            path,
            bytes: self.bytes,
            blake3: self.hasher.finalize().to_hex().to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
