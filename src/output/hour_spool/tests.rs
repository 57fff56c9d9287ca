use super::*;

fn row(site: usize, h: usize) -> HourRow {
    let x = (site * 10_000 + h) as f64;
    let mut r = HourRow {
        it_energy_ws: x * 3.6e6 + 0.1,
        idle_energy_ws: x / 7.0,
        allocated_gpu_s: x * 3.0,
        queued_job_s: -x,
        ..Default::default()
    };
    r.factors.pue = 1.0 + x / 1e9;
    r.factors.grid_cfe_share = 1.0 / (x + 3.0);
    r.factors.marginal_carbon_intensity_g_per_kwh = f64::NAN;
    r.matched.residual_g_per_kwh = x + 0.5;
    r.matched.co2_market_hourly_kg = f64::MIN_POSITIVE * x;
    r
}

fn same(a: &HourRow, b: &HourRow) -> bool {
    fields(a)
        .iter()
        .zip(fields(b))
        .all(|(x, y)| x.to_bits() == y.to_bits())
}

/// Rows come back bit for bit, site by site in hour order, across full blocks and the
/// open one; the scratch file is gone once the spool is.
#[test]
fn rows_come_back_bit_for_bit_per_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hourly.csv.spool");
    let mut spool = HourSpool::create(&path, 3).expect("created");
    let hours = 3 * BLOCK_ROWS + 17;
    for h in 0..hours {
        for site in 0..3 {
            if site == 2 && h >= 5 {
                continue;
            }
            spool.hour(site, &row(site, h));
        }
    }
    assert_eq!(spool.rows(0), hours);
    assert_eq!(spool.rows(2), 5);
    for site in 0..3 {
        let mut h = 0;
        spool
            .for_each(site, |r| {
                assert!(same(r, &row(site, h)), "site {site} hour {h}");
                h += 1;
                Ok(())
            })
            .expect("read back");
        assert_eq!(h, spool.rows(site));
    }
    // Only whole blocks went to the file; the rest is in memory.
    let on_disk = std::fs::metadata(&path).expect("scratch file").len() as usize;
    assert_eq!(on_disk, 2 * 3 * BLOCK_ROWS * ROW_BYTES);
    drop(spool);
    assert!(!path.exists());
}

#[test]
fn a_row_round_trips_through_its_fields() {
    let r = row(1, 2);
    assert!(same(&row_of(&fields(&r)), &r));
    assert!(!same(&row(1, 3), &r));
}
