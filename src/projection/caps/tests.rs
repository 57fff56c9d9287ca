use super::*;

fn caps() -> CapsSection {
    CapsSection {
        largest_run_power_mw: None,
        largest_run_power_year: Some(2030.5),
        largest_run_power_growth_per_year: 1.0,
        accelerator_supply_h100e: None,
        accelerator_supply_year: Some(2030.5),
        accelerator_supply_growth_per_year: 1.0,
        largest_run_supply_share: 1.0,
        largest_run_cost_usd: None,
        largest_run_cost_year: Some(2030.5),
        largest_run_cost_growth_per_year: 1.0,
    }
}

fn hw() -> HardwareContext {
    HardwareContext {
        peak_flops: 2.0 * H100_PEAK_FLOPS,
        mfu: 0.4,
        facility_w_per_accelerator: 2_000.0,
        usd_per_accelerator_hour: 2.0,
        gpus_per_node: 8,
    }
}

#[test]
fn the_h100_unit_is_the_catalog_h100() {
    let h100 = crate::hardware::catalog::find("H100").expect("H100 in the catalog");
    assert_eq!(h100.peak_flops, H100_PEAK_FLOPS);
}

#[test]
fn no_cap_means_no_limit() {
    assert_eq!(max_accelerators(&caps(), 2030.5, &hw(), 86_400.0), None);
    let (flop, c) = max_compute_flop(None, 2030.5, &hw(), 86_400.0);
    assert!(flop.is_infinite());
    assert_eq!(c, Constraint::Growth);
}

#[test]
fn each_cap_gives_its_accelerator_count_and_the_tightest_wins() {
    let day_s = 86_400.0;
    // Power: 100 MW / 2 kW = 50,000 accelerators.
    let mut c = caps();
    c.largest_run_power_mw = Some(100.0);
    assert_eq!(
        max_accelerators(&c, 2030.5, &hw(), day_s),
        Some((50_000.0, Constraint::Power))
    );
    // Supply: 10% of 0.8e6 H100e = 8e4 H100e = 4e4 accelerators of twice the H100's
    // peak, below the power cap: supply binds.
    c.accelerator_supply_h100e = Some(0.8e6);
    c.largest_run_supply_share = 0.1;
    assert_eq!(
        max_accelerators(&c, 2030.5, &hw(), day_s),
        Some((40_000.0, Constraint::Supply))
    );
    // Budget: $0.96M / ($2 × 24 h) = 20,000 accelerators, the tightest.
    c.largest_run_cost_usd = Some(0.96e6);
    assert_eq!(
        max_accelerators(&c, 2030.5, &hw(), day_s),
        Some((20_000.0, Constraint::Budget))
    );
}

#[test]
fn caps_grow_from_their_year_and_round_down_to_whole_servers() {
    let mut c = caps();
    c.largest_run_power_mw = Some(0.1);
    c.largest_run_power_growth_per_year = 2.0;
    // 2031.5: 0.2 MW / 2 kW = 100 accelerators → 96 (12 servers of 8).
    assert_eq!(
        max_accelerators(&c, 2031.5, &hw(), 3_600.0),
        Some((96.0, Constraint::Power))
    );
    // 2029.5: 0.05 MW → 25 → 24.
    assert_eq!(
        max_accelerators(&c, 2029.5, &hw(), 3_600.0).map(|x| x.0),
        Some(24.0)
    );
    // The compute cap: N × peak × MFU × duration, just below.
    let (flop, _) = max_compute_flop(Some(&c), 2031.5, &hw(), 3_600.0);
    let exact = 96.0 * hw().peak_flops * 0.4 * 3_600.0;
    assert!(flop < exact && flop > exact * (1.0 - 1e-8));
    assert_eq!(
        (flop / (3_600.0 * hw().peak_flops * 0.4)).ceil(),
        96.0,
        "rounding the run up from its compute gives the cap's count"
    );
}
