use super::*;

/// A rate whose every field is `v` per W·s (IT-only carbon aside).
fn flat(v: f64) -> Cumulative {
    let f = HourFactors {
        pue: 0.0,
        carbon_intensity_g_per_kwh: 1.0,
        carbon_intensity_direct_g_per_kwh: 1.0,
        marginal_carbon_intensity_g_per_kwh: 1.0,
        ewif_l_per_kwh: 1.0,
        price_usd_per_mwh: 1.0,
        ..HourFactors::default()
    };
    surcharge_rate(&f, v, v)
}

#[test]
fn surcharge_rate_scales_every_factor_by_the_pue_difference_and_leaves_it_only_carbon() {
    let f = HourFactors {
        pue: 1.2,
        wue_l_per_kwh: 0.5,
        carbon_intensity_g_per_kwh: 300.0,
        carbon_intensity_direct_g_per_kwh: 250.0,
        marginal_carbon_intensity_g_per_kwh: 600.0,
        ewif_l_per_kwh: 2.0,
        price_usd_per_mwh: 80.0,
        td_loss_fraction: 0.05,
        ..HourFactors::default()
    };
    let r = surcharge_rate(&f, 1.5, 0.8);
    let whole = Cumulative::rates(&HourFactors {
        pue: 1.5,
        wue_l_per_kwh: 0.8,
        ..f
    });
    let base = Cumulative::rates(&f);
    // base + surcharge = the rates at the true PUE and WUE, IT-only carbon apart
    for (a, b, c) in [
        (r.pue_s, base.pue_s, whole.pue_s),
        (r.pue_ci_s, base.pue_ci_s, whole.pue_ci_s),
        (r.pue_mci_s, base.pue_mci_s, whole.pue_mci_s),
        (
            r.pue_ci_direct_s,
            base.pue_ci_direct_s,
            whole.pue_ci_direct_s,
        ),
        (r.pue_ci_loss_s, base.pue_ci_loss_s, whole.pue_ci_loss_s),
        (r.wue_s, base.wue_s, whole.wue_s),
        (r.pue_ewif_s, base.pue_ewif_s, whole.pue_ewif_s),
        (r.pue_price_s, base.pue_price_s, whole.pue_price_s),
    ] {
        assert!((a + b - c).abs() < 1e-9 * c.abs(), "{a} + {b} vs {c}");
    }
    assert_eq!(r.ci_s, 0.0);
}

#[test]
fn a_phase_across_hours_is_priced_hour_by_hour() {
    let mut ledger = SurchargeLedger::default();
    let mut job = Anchor::default();
    // starts 30 min into hour 0, at 1 kW
    assert!(ledger.enter(&mut job, 1_800).is_none());
    ledger.close(flat(1.0), 3_600.0);
    ledger.close(flat(2.0), 3_600.0);
    ledger.close(flat(4.0), 3_600.0);
    // ends 15 min into hour 3
    let c = ledger
        .close_phase(&mut job, 1_000.0, 1_800, 3 * 3_600 + 900)
        .expect("closed hours are priced");
    // 1,800 s at 1 + 3,600 s at 2 + 3,600 s at 4, per W·s × 1 kW
    let expected = 1_000.0 * (1_800.0 * 1.0 + 3_600.0 * 2.0 + 3_600.0 * 4.0) / 3.6e6;
    assert!((c.facility_energy_kwh - expected).abs() < 1e-12, "{c:?}");
    assert_eq!(c.it_energy_kwh, 0.0);
    assert_eq!(job.hour, 3);
    assert_eq!(job.energy_ws, 1_000.0 * 900.0);
    // the rest waits for hour 3 to close; hours 0–2 are forgotten
    assert_eq!(ledger.held_hours(), 1);
    ledger.close(flat(8.0), 3_600.0);
    let rest = ledger.settle_closed(&mut job).expect("hour 3 is closed");
    assert!((rest.facility_energy_kwh - 900.0 * 1_000.0 * 8.0 / 3.6e6).abs() < 1e-12);
    assert!(!job.held);
}

#[test]
fn phases_within_one_hour_add_up_before_the_hour_closes() {
    let mut ledger = SurchargeLedger::default();
    let mut job = Anchor::default();
    ledger.enter(&mut job, 100);
    assert!(ledger.close_phase(&mut job, 500.0, 100, 700).is_none());
    ledger.enter(&mut job, 700);
    assert!(ledger.close_phase(&mut job, 2_000.0, 700, 1_000).is_none());
    assert_eq!(job.energy_ws, 500.0 * 600.0 + 2_000.0 * 300.0);
    assert!(ledger.settle_closed(&mut job).is_none(), "hour 0 is open");
    ledger.close(flat(3.0), 3_600.0);
    let c = ledger.settle_closed(&mut job).unwrap();
    assert!((c.facility_energy_kwh - job_energy() * 3.0 / 3.6e6).abs() < 1e-12);
    fn job_energy() -> f64 {
        500.0 * 600.0 + 2_000.0 * 300.0
    }
}

#[test]
fn a_held_reference_keeps_its_hours_and_the_rest_are_forgotten() {
    let mut ledger = SurchargeLedger::default();
    let mut paused = Anchor::default();
    ledger.enter(&mut paused, 10);
    assert!(ledger.close_phase(&mut paused, 1.0, 10, 20).is_none());
    for _ in 0..50 {
        ledger.close(flat(1.0), 3_600.0);
    }
    // the paused job's hour and every later one are held
    assert_eq!(ledger.held_hours(), 51);
    let mut resumed = paused;
    let c = ledger.enter(&mut resumed, 50 * 3_600 + 5).unwrap();
    assert!((c.facility_energy_kwh - 10.0 / 3.6e6).abs() < 1e-18);
    assert_eq!(ledger.held_hours(), 1);
    assert!(resumed.held && resumed.hour == 50);
}
