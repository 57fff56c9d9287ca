use super::*;
use crate::site::climate::presets::{preset, preset_names};
use crate::site::climate::synthetic::synthesize_warmed;
use crate::site::cooling::{CoolingSeries, by_name, names};
use crate::time::unix_hours;
use rand::SeedableRng;

/// 2023-11-15T13:00:00Z: about 45 days before a new calendar year (a new year of the
/// warming trend in the window).
const START: i64 = 1_700_053_200;

/// The columns as whole-window tables, as `SiteConfig::series_before_trend` builds them.
fn whole_window(
    p: &'static ClimatePreset,
    elevation_m: Option<f64>,
    warming: Option<Warming>,
    cooling: Option<(CoolingSystem, f64)>,
    hours: usize,
    seed: u64,
) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut weather = synthesize_warmed(p, START, hours, &mut rng, warming.as_ref());
    if let Some(e) = elevation_m {
        weather.elevation_m = e;
    }
    let wet = weather.wet_bulb_series();
    let mut columns = vec![vec![f64::NAN; hours]; COLUMNS];
    if let Some((system, load)) = &cooling {
        let cooled = CoolingSeries::evaluate(system, &weather, &wet, *load);
        for (c, s) in [
            (PUE, &cooled.pue),
            (WUE, &cooled.wue_l_per_kwh),
            (MOVERS, &cooled.movers_kw_per_kw),
        ] {
            columns[c] = (0..hours)
                .map(|h| s.at(weather.start_unix + unix_hours(h as i64)))
                .collect();
        }
    }
    columns[DRY_BULB] = weather.dry_bulb_c;
    columns[WET_BULB] = wet;
    columns
}

fn source(
    p: &'static ClimatePreset,
    elevation_m: Option<f64>,
    warming: Option<Warming>,
    cooling: Option<(CoolingSystem, f64)>,
    hours: usize,
    seed: u64,
) -> WeatherColumns {
    WeatherColumns::new(
        p,
        elevation_m,
        warming,
        cooling,
        START,
        hours,
        ChaCha8Rng::seed_from_u64(seed),
    )
}

#[test]
fn stretches_give_the_whole_window_values_bit_for_bit() {
    // Three stretches and a part, every climate preset, every cooling system (and none),
    // with and without warming and an elevation, read in order.
    let hours = 3 * STRETCH_HOURS + 101;
    let warming = Warming::new(2020, 0.5).unwrap();
    let mut cases = 0;
    for (i, name) in preset_names().into_iter().enumerate() {
        let p = preset(name).unwrap();
        let systems = names().iter().map(|n| Some((by_name(n).unwrap(), 0.6)));
        for (j, cooling) in std::iter::once(None).chain(systems).enumerate() {
            let (warm, elevation) = match (i + j) % 3 {
                0 => (None, None),
                1 => (Some(warming), None),
                _ => (Some(warming), Some(1_500.0)),
            };
            let expected = whole_window(p, elevation, warm, cooling.clone(), hours, 5);
            let mut s = source(p, elevation, warm, cooling, hours, 5);
            for index in 0..hours {
                for (column, values) in expected.iter().enumerate() {
                    assert_eq!(
                        s.value(index, column).to_bits(),
                        values[index].to_bits(),
                        "{name} case {j} hour {index} column {column}"
                    );
                }
            }
            assert_eq!(s.stretches.state.next_hour(), hours);
            cases += 1;
        }
    }
    assert!(cases > 10, "{cases} cases");
}

#[test]
fn reads_out_of_order_and_across_the_repetition_give_the_same_values() {
    let hours = 2 * STRETCH_HOURS + 500;
    let p = preset(preset_names()[0]).unwrap();
    let cooling = Some((by_name(names()[0]).unwrap(), 0.7));
    let expected = whole_window(p, None, None, cooling.clone(), hours, 3);
    let mut s = source(p, None, None, cooling.clone(), hours, 3);
    // Backwards (every step behind both stretches starts the window again), then strides.
    let order = (0..hours)
        .rev()
        .step_by(97)
        .chain((0..hours).step_by(STRETCH_HOURS - 5))
        .chain([hours - 1, 0, hours / 2, 1]);
    for index in order {
        for column in [DRY_BULB, PUE] {
            assert_eq!(
                s.value(index, column).to_bits(),
                expected[column][index].to_bits()
            );
        }
    }
    // At most two stretches are held.
    assert!(
        s.stretches.current.values.len() + s.stretches.previous.values.len()
            <= 2 * STRETCH_HOURS * COLUMNS
    );
    assert!(s.value(hours, DRY_BULB).is_nan());
    // As series: before the start and beyond the end, they repeat as tables do.
    let shared = Arc::new(Mutex::new(source(p, None, None, cooling, hours, 3)));
    for column in [WET_BULB, WUE, MOVERS] {
        let chunked = WeatherColumns::series(&shared, column);
        let table = HourlySeries::Table {
            start_unix: START,
            values: Arc::new(expected[column].clone()),
        };
        assert_eq!(chunked.mean().to_bits(), table.mean().to_bits());
        for h in [
            -30_i64,
            -1,
            0,
            5,
            hours as i64 - 1,
            hours as i64,
            3 * hours as i64 + 7,
        ] {
            let t = START + unix_hours(h);
            assert_eq!(chunked.at(t).to_bits(), table.at(t).to_bits(), "hour {h}");
        }
    }
}
