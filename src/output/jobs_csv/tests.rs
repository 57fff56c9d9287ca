use super::*;
use crate::metrics::cell::Cell;
use crate::output::rows::push_row;
use crate::results::{JobOps, JobStatus};

fn context() -> RowContext {
    let names: Vec<&str> = JOB_COLUMNS.iter().map(|c| c.name).collect();
    RowContext {
        labels: vec!["1-gpu".into(), "big, \"quoted\"".into()],
        sites: vec!["a".into(), "b".into()],
        point: "pue=1.2".into(),
        sweep_at: after_point(names.iter().copied()),
        sweep: PointColumns {
            names: vec!["sweep:sites[0].pue".into()],
            values: vec!["1.2".into()],
        },
        replication: 0,
        start_unix: 1_672_531_200,
    }
}

fn record(i: u64) -> JobRecord {
    let x = i as f64;
    JobRecord {
        id: i,
        label: (i % 2) as u32,
        site: (i % 3) as u16,
        gpus: 1 + (i % 8) as u32,
        allocated_gpus: 8,
        nodes: 1,
        arrival_s: i * 37,
        duration_s: 3_600 + i,
        gpu_utilization: 0.75,
        start_s: (!i.is_multiple_of(5)).then_some(i * 37 + 11),
        end_s: (!i.is_multiple_of(7)).then_some(i * 37 + 5_000),
        status: if i.is_multiple_of(11) {
            JobStatus::Queued
        } else if i.is_multiple_of(7) {
            JobStatus::Running
        } else {
            JobStatus::Completed
        },
        gpu_hours: x / 3.6,
        charges: crate::accounting::Charges {
            it_energy_kwh: x * 0.013_422_222,
            co2_operational_kg: x / 7.0,
            co2_marginal_kg: f64::NAN,
            ..Default::default()
        },
        co2_embodied_gpu_kg: 6.5e-5 * x,
        co2_embodied_server_kg: 1.2e-4 / (x + 1.0),
        adp_kg_sb_eq: 2.07e-8 * x,
        water_embodied_l: -0.0,
        hardware_cost_usd: x * 2.5,
        ops: JobOps {
            wait_s: x / 3.0,
            deadline_at_s: (i.is_multiple_of(4)).then_some(9_000),
            deadline_missed: i.is_multiple_of(8),
            work_done_s: 3_600.0 + x,
            ..Default::default()
        },
    }
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("footprint-jobs-csv-{}-{name}", std::process::id()))
}

/// The file holds the header and the rows of `records` formatted in order on one thread.
fn expected(records: impl Iterator<Item = JobRecord>) -> Vec<u8> {
    let direct = context();
    let names: Vec<&str> = JOB_COLUMNS.iter().map(|c| c.name).collect();
    let mut bytes = Vec::new();
    push_row(
        &mut bytes,
        insert_after_point(&names, &direct.sweep)
            .into_iter()
            .map(Cell::Text),
    );
    for j in records {
        table_row(&direct, &mut bytes, &j);
    }
    bytes
}

/// The row of `j` cell by cell through the column table (`JobColumn::cell`) and the generic
/// row writer: the reference `push_job_row` must match.
fn table_row(context: &RowContext, buf: &mut Vec<u8>, j: &JobRecord) {
    let row = context.row(j);
    let (before, after) = JOB_COLUMNS.split_at(context.sweep_at);
    push_row(
        buf,
        before
            .iter()
            .map(|c| c.cell(&row))
            .chain(context.sweep.values.iter().map(|v| Cell::Text(v)))
            .chain(after.iter().map(|c| c.cell(&row))),
    );
}

/// `push_job_row` writes the table's cells, with the sweep values at any place (after
/// `point`, first, among the numeric columns, last) and of any number (none, one needing
/// quotes, two).
#[test]
fn the_fast_row_is_the_tables_row() {
    for sweep_at in [
        after_point(JOB_COLUMNS.iter().map(|c| c.name)),
        0,
        JOB_COLUMNS.len() - 3,
        JOB_COLUMNS.len(),
    ] {
        for values in [
            vec![],
            vec!["1.2".to_string()],
            vec!["a,b".into(), "x".into()],
        ] {
            let mut c = context();
            c.sweep_at = sweep_at;
            c.sweep.values = values;
            let (mut fast, mut table) = (Vec::new(), Vec::new());
            for i in 0..2_000 {
                fast.clear();
                table.clear();
                c.push(&mut fast, &record(i));
                table_row(&c, &mut table, &record(i));
                assert!(
                    fast == table,
                    "record {i}, sweep at {sweep_at}:\n{}\n{}",
                    String::from_utf8_lossy(&fast),
                    String::from_utf8_lossy(&table)
                );
            }
        }
    }
}

/// The bytes written are those of formatting the same records in order on one thread,
/// across several batches and a partial last one, whether the writer keeps up (a queue of
/// [`QUEUED_BATCHES`]) or the simulation formats most batches itself (no queue: a batch
/// goes to the writer only if it is idle at that instant); the digest is the file's.
#[test]
fn the_writer_thread_writes_what_one_thread_writes() {
    let n = 20 * BATCH_RECORDS as u64 + 5;
    let want = expected((0..n).map(record));
    for queued in [QUEUED_BATCHES, 0] {
        let path = temp(&format!("same-{queued}.csv"));
        let mut sink =
            JobsCsv::start(&path, "parts/jobs-00000.csv", context(), queued).expect("temp file");
        for i in 0..n {
            sink.record(&record(i));
        }
        let formatted_here = sink.formatted_here;
        let digest = sink.finish().expect("written");
        let written = std::fs::read(&path).expect("written");
        assert!(written == want, "queue {queued}: bytes differ");
        assert_eq!(
            digest,
            FileDigest::of(&path, "parts/jobs-00000.csv".into()).expect("written")
        );
        if queued == 0 {
            assert!(formatted_here > 0, "the simulation never formatted");
        }
        let _ = std::fs::remove_file(&path);
    }
}

/// A write error on the writer thread (a full disk: `/dev/full`) comes back from `finish`
/// naming the file, however many records are handed over after it.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_on_the_writer_thread_names_the_file() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let mut sink =
        JobsCsv::start(full, "jobs.csv", context(), QUEUED_BATCHES).expect("/dev/full opens");
    for i in 0..20 * BATCH_RECORDS as u64 {
        sink.record(&record(i));
    }
    let err = sink.finish().expect_err("the disk is full").to_string();
    assert!(err.contains("/dev/full"), "{err}");
}

/// Dropping an unfinished sink (the simulation failed) waits for the writer: when `drop`
/// returns, the batches handed over are in the file and nothing writes to it any more.
#[test]
fn dropping_an_unfinished_sink_waits_for_the_writer() {
    let path = temp("dropped.csv");
    let mut sink = JobsCsv::start(&path, "jobs.csv", context(), QUEUED_BATCHES).expect("temp file");
    for i in 0..2 * BATCH_RECORDS as u64 + 3 {
        sink.record(&record(i));
    }
    drop(sink);
    let written = std::fs::read(&path).expect("written");
    // The header and the two full batches; the 3 records of the open batch were never sent.
    assert_eq!(
        written.iter().filter(|&&b| b == b'\n').count(),
        1 + 2 * BATCH_RECORDS
    );
    let _ = std::fs::remove_file(&path);
}
