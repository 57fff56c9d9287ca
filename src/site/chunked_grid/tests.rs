use super::*;
use crate::site::grid::genmix::{LI_ET_AL_WATER, MACKNICK_FLEET_MEDIAN};
use crate::site::grid::presets::{preset, preset_names};
use crate::site::grid::synthetic::{ci_series, ewif_series, generate_evolving};
use crate::site::grid::trajectory::presets::de_lu;
use crate::site::procurement::{Ppa, PpaProfile, contract_supply};
use rand::SeedableRng;

/// 2023-11-15T13:00:00Z: a start in the middle of local days, about 45 days before a new
/// calendar year (a new year of the capacity trajectory).
const START: i64 = 1_700_053_200;

fn ppas() -> Vec<Ppa> {
    let table = HourlySeries::Table {
        start_unix: START - 7_200,
        values: Arc::new(vec![1.0, 0.0, 2.5, 4.0, 0.25]),
    };
    [
        (PpaProfile::Solar, 40.0, 20.0),
        (PpaProfile::Wind, 25.0, 11.0),
        (PpaProfile::Table(table), 1.0, 5.0),
    ]
    .into_iter()
    .map(|(profile, capacity_mw, co2_g_per_kwh)| Ppa {
        profile,
        capacity_mw,
        co2_g_per_kwh,
    })
    .collect()
}

fn grid(name: &str, trajectory: bool) -> SyntheticGrid {
    let p = preset(name).unwrap();
    SyntheticGrid {
        preset: p,
        emission: p.lifecycle_factors(),
        direct: p.direct_factors(),
        water: MACKNICK_FLEET_MEDIAN,
        withdrawal: LI_ET_AL_WATER,
        ewif_from_mix: true,
        trajectory: trajectory.then(de_lu),
    }
}

/// The columns as whole-window tables, as `SiteConfig::series_before_trend` builds them.
fn whole_window(grid: &SyntheticGrid, hours: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let g = generate_evolving(
        grid.preset,
        grid.trajectory.as_ref(),
        START,
        hours,
        &mut rng,
    );
    let (kw, co2) = contract_supply(&ppas(), START, hours, &g.solar_cf, &g.wind_cf);
    let mut columns = vec![Vec::new(); COLUMNS];
    columns[CI] = ci_series(&g.mixes, &grid.emission);
    columns[CI_DIRECT] = ci_series(&g.mixes, &grid.direct);
    columns[CI_MARGINAL] = ci_series(&g.margins, &grid.emission);
    columns[CFE_SHARE] = g.mixes.iter().map(|m| m.low_carbon_share()).collect();
    columns[EWIF] = ewif_series(&g.mixes, &grid.water);
    columns[EWIF_WITHDRAWAL] = ewif_series(&g.mixes, &grid.withdrawal);
    columns[CONTRACT_KW] = kw;
    columns[CONTRACT_CO2] = co2;
    columns
}

fn source(grid: &SyntheticGrid, hours: usize, seed: u64) -> GridColumns {
    GridColumns::new(
        grid.clone(),
        ppas(),
        START,
        hours,
        ChaCha8Rng::seed_from_u64(seed),
    )
}

#[test]
fn stretches_give_the_whole_window_values_bit_for_bit() {
    // Three stretches and a part (the window does not end on a local day), every preset,
    // with and without a capacity trajectory (storage cycles, a new year mid-window).
    let hours = 3 * STRETCH_HOURS + 101;
    for name in preset_names() {
        for trajectory in [false, true] {
            let g = grid(name, trajectory);
            let expected = whole_window(&g, hours, 7);
            let mut s = source(&g, hours, 7);
            for index in 0..hours {
                for (column, values) in expected.iter().enumerate() {
                    let v = s.value(index, column);
                    assert_eq!(
                        v.to_bits(),
                        values[index].to_bits(),
                        "{name} trajectory {trajectory} hour {index} column {column}"
                    );
                }
            }
            assert_eq!(s.stretches.state.next_hour(), hours);
        }
    }
}

#[test]
fn reads_out_of_order_give_the_same_values() {
    let hours = 2 * STRETCH_HOURS + 500;
    let g = grid("DE-LU", true);
    let expected = whole_window(&g, hours, 3);
    let mut s = source(&g, hours, 3);
    // Backwards (every step behind both stretches starts the window again), then strides.
    let order = (0..hours)
        .rev()
        .step_by(97)
        .chain((0..hours).step_by(STRETCH_HOURS - 5))
        .chain([hours - 1, 0, hours / 2, 1]);
    for index in order {
        assert_eq!(s.value(index, CI).to_bits(), expected[CI][index].to_bits());
    }
    // At most two stretches are held.
    assert!(
        s.stretches.current.values.len() + s.stretches.previous.values.len()
            <= 2 * (STRETCH_HOURS + 24) * COLUMNS
    );
    assert!(s.value(hours, CI).is_nan());
}

#[test]
fn columns_repeat_and_scale_as_tables_do() {
    let hours = STRETCH_HOURS + 30;
    let g = grid("US-CAL-CISO", false);
    let expected = whole_window(&g, hours, 11);
    let shared = Arc::new(Mutex::new(source(&g, hours, 11)));
    let chunked = GridColumns::series(&shared, CI_MARGINAL);
    let table = HourlySeries::Table {
        start_unix: START,
        values: Arc::new(expected[CI_MARGINAL].clone()),
    };
    assert_eq!(chunked.mean().to_bits(), table.mean().to_bits());
    assert_eq!(chunked.mean_abs().to_bits(), table.mean_abs().to_bits());
    // Before the start and beyond the end, the series repeats cyclically.
    for h in [
        -30_i64,
        -1,
        0,
        5,
        hours as i64 - 1,
        hours as i64,
        2 * hours as i64 + 7,
    ] {
        let t = START + unix_hours(h);
        assert_eq!(chunked.at(t).to_bits(), table.at(t).to_bits(), "hour {h}");
    }
    // A factor of the hour applied lazily equals the product taken over the table.
    let factor = |t: UnixSeconds| 1.0 - 1e-9 * (t - START) as f64;
    let HourlySeries::Chunked(c) = &chunked else {
        panic!("a chunked column")
    };
    let scaled = c.times(Arc::new(factor));
    for h in (0..hours).step_by(13) {
        let t = START + unix_hours(h as i64);
        assert_eq!(scaled.at(t).to_bits(), (table.at(t) * factor(t)).to_bits());
    }
    assert_eq!(chunked, chunked.clone());
    assert_ne!(HourlySeries::Chunked(scaled), chunked);
}

#[test]
fn only_windows_longer_than_a_leap_year_are_chunked() {
    assert!(!chunked(8_760));
    assert!(!chunked(8_784));
    assert!(chunked(8_785));
    // Read in order, any window is; read whole, as above.
    use crate::site::Reading;
    assert!(Reading::InOrder.chunked(1) && Reading::InOrder.chunked(8_760));
    assert!(!Reading::Whole.chunked(8_784) && Reading::Whole.chunked(8_785));
}
