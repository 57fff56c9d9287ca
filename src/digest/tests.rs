use super::*;

/// The digest is standard BLAKE3 (what `b3sum` prints): the published test vector of the
/// empty input, and of `abc` (BLAKE3 reference implementation, `test_vectors.json` / the
/// spec's examples).
#[test]
fn digests_are_standard_blake3_hex() {
    let empty = Hashing::new().finish("empty".into());
    assert_eq!(
        empty.blake3,
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
    );
    assert_eq!(empty.bytes, 0);
    let mut abc = Hashing::new();
    abc.update(b"abc");
    let abc = abc.finish("abc".into());
    assert_eq!(
        abc.blake3,
        "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85"
    );
    assert_eq!(abc.bytes, 3);
}

/// Hashing block by block, as the writers do, gives the digest of the whole, and reading
/// the file back ([`FileDigest::of`], as `merge` does) gives the same.
#[test]
fn blocks_and_the_file_read_back_agree() {
    let data: Vec<u8> = (0..3_000_017u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut blocks = Hashing::new();
    for block in data.chunks(65_537) {
        blocks.update(block);
    }
    let blocks = blocks.finish("x.csv".into());
    assert_eq!(blocks.blake3, blake3::hash(&data).to_hex().to_string());
    assert_eq!(blocks.bytes, data.len() as u64);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.csv");
    std::fs::write(&path, &data).expect("temp file");
    let read = FileDigest::of(&path, "x.csv".into()).expect("readable");
    assert_eq!(read, blocks);
}

/// A manifest entry written before digests were BLAKE3 (with `sha256`) still parses, with an
/// empty `blake3`, so that `merge` can say why it refuses it.
#[test]
fn an_old_sha256_entry_reads_as_no_blake3() {
    let old: FileDigest =
        serde_json::from_str(r#"{"path":"replications.csv","bytes":12,"sha256":"00ff"}"#)
            .expect("parses");
    assert_eq!(old.blake3, "");
}
