use super::*;

/// What the `csv` crate's default writer makes of the same rows (each cell through
/// [`Cell::write`], the path the tables took before).
fn csv_crate(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|c| {
                let mut s = String::new();
                c.write(&mut s);
                s
            })
            .collect();
        w.write_record(&fields).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

fn row_writer(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut w = RowWriter::new(Vec::new(), Path::new("mem.csv"));
    for row in rows {
        w.row(row.iter().copied()).expect("in memory");
    }
    let (bytes, hashing) = w.finish().expect("in memory");
    let digest = hashing.finish("mem.csv".into());
    assert_eq!(digest.bytes, bytes.len() as u64);
    assert_eq!(digest.blake3, blake3::hash(&bytes).to_hex().to_string());
    bytes
}

#[test]
fn rows_are_the_bytes_the_csv_crate_writes() {
    let mut rows = vec![
        vec![Cell::Text("point"), Cell::Text("a,b"), Cell::Text("x")],
        vec![Cell::Empty],
        vec![Cell::Text("")],
        vec![Cell::Empty, Cell::Empty],
        vec![
            Cell::Text("say \"hi\""),
            Cell::Int(u64::MAX),
            Cell::Num(-0.0),
        ],
        vec![
            Cell::Num(f64::NAN),
            Cell::Num(1e-7),
            Cell::Utc(1_672_531_200),
        ],
        vec![
            Cell::Text("multi\nline"),
            Cell::Num(123456.5),
            Cell::opt(None),
        ],
    ];
    // Enough rows to pass the flush threshold several times.
    for i in 0..20_000u64 {
        rows.push(vec![
            Cell::Text("base"),
            Cell::Int(i),
            Cell::Num(i as f64 / 3.6e6),
            Cell::Utc(i as i64 * 3_600),
            Cell::Empty,
        ]);
    }
    let ours = row_writer(&rows);
    assert!(ours.len() > 2 * FLUSH_BYTES);
    assert_eq!(ours, csv_crate(&rows));
}

struct Failing;

impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk full"))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_write_error_names_the_file() {
    let mut w = RowWriter::new(Failing, Path::new("out/jobs.csv"));
    w.row([Cell::Int(1)]).expect("buffered, not yet written");
    let err = w.finish().err().expect("the write fails").to_string();
    assert!(err.contains("out/jobs.csv"), "{err}");
}
