//! Tests of temporal shifting: objectives, forecasts and their error models, plans.

use super::*;
use rand::SeedableRng;

#[test]
fn cfe_objective_prefers_contracted_supply_and_a_clean_grid() {
    let scale = ObjectiveScale {
        carbon: 1.0,
        water: 1.0,
        cost: 1.0,
        contract_supply_kw: 100.0,
    };
    let hour = |supply: f64, g: f64| HourFactors {
        pue: 1.2,
        contract_supply_kw: supply,
        grid_cfe_share: g,
        ..HourFactors::default()
    };
    let rate = |f| Objective::Cfe.rate(&f, &scale);
    assert_eq!(rate(hour(0.0, 0.0)), 1.2);
    assert_eq!(rate(hour(100.0, 0.0)), 0.6);
    assert!(rate(hour(300.0, 0.0)) < rate(hour(100.0, 0.0)));
    assert!(rate(hour(100.0, 0.5)) < rate(hour(100.0, 0.0)));
    let no_contracts = ObjectiveScale {
        contract_supply_kw: 0.0,
        ..scale
    };
    assert_eq!(
        Objective::Cfe.rate(&hour(0.0, 0.25), &no_contracts),
        1.2 * 0.75
    );
}

fn forecast(values: &[f64], error: ForecastError) -> Forecast {
    let scale = ObjectiveScale {
        carbon: 1.0,
        water: 1.0,
        cost: 1.0,
        contract_supply_kw: 0.0,
    };
    let mut f = Forecast::new(
        Objective::Carbon,
        error,
        scale,
        ChaCha8Rng::seed_from_u64(1),
        7,
        0,
    );
    for &v in values {
        f.push_hour(&HourFactors {
            pue: 1.0,
            carbon_intensity_g_per_kwh: v,
            ..HourFactors::default()
        });
    }
    f
}

/// Negative prices (paid to take power) stay negative in a noisy forecast, so the
/// cheapest hours are still the ones chosen.
#[test]
fn forecasts_keep_the_sign_of_negative_prices() {
    let scale = ObjectiveScale {
        carbon: 1.0,
        water: 1.0,
        cost: 1.0,
        contract_supply_kw: 0.0,
    };
    for error in [
        ForecastError::Gaussian { relative_sd: 0.5 },
        ForecastError::Issued(IssuedError::default()),
    ] {
        let mut f = Forecast::new(
            Objective::Cost,
            error,
            scale,
            ChaCha8Rng::seed_from_u64(3),
            7,
            0,
        );
        let prices: Vec<f64> = (0..48)
            .map(|h| if h % 2 == 0 { -40.0 } else { 60.0 })
            .collect();
        for &p in &prices {
            f.push_hour(&HourFactors {
                pue: 1.0,
                price_usd_per_mwh: p,
                ..HourFactors::default()
            });
        }
        f.issue_at(24 * 3_600);
        for (h, &p) in prices.iter().enumerate() {
            let r = f.rate(h);
            assert!(r * p >= 0.0, "{error:?}: hour {h}: price {p}, forecast {r}");
        }
        assert!((0..48).any(|h| f.rate(h) < 0.0), "{error:?}");
    }
}

/// Prices averaging below zero keep a positive cost scale, so the weighted objective
/// still prefers the hours that pay for power; without negative values the scale is
/// the plain mean.
#[test]
fn the_cost_scale_is_the_mean_absolute_price() {
    use crate::site::{HourlySeries, SiteSeries};
    let table = |v: Vec<f64>| HourlySeries::Table {
        start_unix: 0,
        values: std::sync::Arc::new(v),
    };
    let mut series = SiteSeries::constant(1.5, 300.0);
    series.price_usd_per_mwh = table(vec![-60.0, -20.0, 20.0]);
    let scale = ObjectiveScale::of(&series);
    assert!((scale.cost - 1.5 * 100.0 / 3.0).abs() < 1e-12);
    let weighted = Objective::Weighted {
        carbon: 0.0,
        water: 0.0,
        cost: 1.0,
    };
    let at = |price: f64| {
        weighted.rate(
            &HourFactors {
                pue: 1.5,
                price_usd_per_mwh: price,
                ..HourFactors::default()
            },
            &scale,
        )
    };
    assert!(at(-60.0) < at(-20.0) && at(-20.0) < 0.0 && at(20.0) > 0.0);
    series.price_usd_per_mwh = table(vec![10.0, 20.0, 60.0]);
    assert_eq!(
        ObjectiveScale::of(&series).cost,
        1.5 * series.price_usd_per_mwh.mean()
    );
}

#[test]
fn best_start_finds_the_trough_and_never_does_worse_than_now() {
    let f = forecast(
        &[300.0, 300.0, 100.0, 100.0, 300.0, 300.0],
        ForecastError::Perfect,
    );
    assert_eq!(
        best_start(&f, 600, 4 * 3_600, 2 * 3_600, |_| true),
        2 * 3_600
    );
    let s = best_start(&f, 600, 600, 3_600, |_| true);
    assert_eq!(s, 600);
    for earliest in (0..3 * 3_600).step_by(900) {
        let s = best_start(&f, earliest, 4 * 3_600, 3_600, |_| true);
        assert!(f.cost(s, 3_600) <= f.cost(earliest, 3_600));
    }
    // no room in the trough: the next best
    assert_eq!(
        best_start(&f, 600, 4 * 3_600, 2 * 3_600, |s| s != 2 * 3_600),
        3_600
    );
}

#[test]
fn cheapest_windows_cover_the_need_before_the_deadline() {
    let f = forecast(&[5.0, 1.0, 9.0, 2.0, 1.0, 8.0], ForecastError::Perfect);
    let w = cheapest_windows(&f, 0, 6 * 3_600, 3 * 3_600, |_| true).unwrap();
    assert_eq!(w, vec![(3_600, 7_200), (3 * 3_600, 5 * 3_600)]);
    assert!(cheapest_windows(&f, 0, 2 * 3_600, 3 * 3_600, |_| true).is_none());
    let w = cheapest_windows(&f, 0, 6 * 3_600, 3 * 3_600, |h| h != 1).unwrap();
    assert_eq!(w, vec![(0, 3_600), (3 * 3_600, 5 * 3_600)]);
}

#[test]
fn persistence_uses_the_last_day_before_the_issue() {
    let values: Vec<f64> = (0..96).map(f64::from).collect();
    let mut f = forecast(&values, ForecastError::Persistence);
    // Issued at hour 0 there is no earlier day: the first day is the real series.
    assert_eq!(f.rate(5), 5.0);
    f.issue_at(24 * 3_600 + 100);
    // One day ahead: the same hour yesterday; two days ahead: still the last known day.
    assert_eq!(f.rate(30), 6.0);
    assert_eq!(f.rate(50), 2.0);
    assert_eq!(f.cost(24 * 3_600, 3_600), 0.0);
    // Issues are at 00:00 UTC: with a start at 20:00 UTC the second issue is at hour 4.
    let mut late = Forecast::new(
        Objective::Carbon,
        ForecastError::Persistence,
        ObjectiveScale {
            carbon: 1.0,
            water: 1.0,
            cost: 1.0,
            contract_supply_kw: 0.0,
        },
        ChaCha8Rng::seed_from_u64(1),
        7,
        20,
    );
    assert_eq!(late.issue_hour(3 * 3_600), 0);
    assert_eq!(late.issue_hour(4 * 3_600), 4);
    assert_eq!(late.issue_hour(27 * 3_600 + 5), 4);
    assert_eq!(late.issue_hour(28 * 3_600), 28);
    for &v in &values {
        late.push_hour(&HourFactors {
            pue: 1.0,
            carbon_intensity_g_per_kwh: v,
            ..HourFactors::default()
        });
    }
    late.issue_at(28 * 3_600);
    assert_eq!(late.rate(28), 4.0);
    let g = forecast(&values, ForecastError::Gaussian { relative_sd: 0.1 });
    assert!(g.rate(30) != 30.0 && (g.rate(30) - 30.0).abs() < 15.0);
}

/// Mean absolute relative error of the issued forecasts of lead day `day` (0-based) over
/// `issues` daily issues of a flat series.
fn issued_errors(model: IssuedError, issues: usize) -> (Vec<f64>, f64) {
    let hours = (issues + 4) * 24;
    let mut f = forecast(&vec![100.0; hours], ForecastError::Issued(model));
    let mut by_day = [0.0; 4];
    let mut lag1 = (0.0, 0.0);
    for issue in 0..issues {
        let start = issue * 24;
        f.issue_at(start as u64 * 3_600);
        for (day, sum) in by_day.iter_mut().enumerate() {
            for h in 0..24 {
                let e = f.rate(start + day * 24 + h) / 100.0 - 1.0;
                *sum += e.abs();
                if day == 0 && h > 0 {
                    let prev = f.rate(start + h - 1) / 100.0 - 1.0;
                    lag1.0 += e * prev;
                    lag1.1 += e * e;
                }
            }
        }
    }
    (
        by_day.iter().map(|s| s / (issues * 24) as f64).collect(),
        lag1.0 / lag1.1,
    )
}

#[test]
fn issued_errors_follow_the_published_skill_and_come_in_blocks() {
    let model = IssuedError::default();
    let (mape, lag1) = issued_errors(model, 2_000);
    for (day, &got) in mape.iter().enumerate() {
        // The MAPE of day d is the mean of its hours' spreads, which grow through the
        // day; within 10% of the published day figure.
        let target = model.mape_by_day[day];
        assert!(
            (got / target - 1.0).abs() < 0.1,
            "day {}: {got} vs {target}",
            day + 1
        );
    }
    assert!(mape[3] > mape[0]);
    // Errors of neighbouring hours are strongly correlated (bias + AR(1)), unlike white
    // noise.
    assert!(lag1 > 0.9, "lag-1 correlation {lag1}");
    let white = forecast(&[100.0; 200], ForecastError::Gaussian { relative_sd: 0.1 });
    let e: Vec<f64> = (0..200).map(|h| white.rate(h) / 100.0 - 1.0).collect();
    let r = e.windows(2).map(|w| w[0] * w[1]).sum::<f64>() / e.iter().map(|x| x * x).sum::<f64>();
    assert!(r.abs() < 0.2, "white noise lag-1 {r}");
}

#[test]
fn an_issue_does_not_depend_on_when_its_hours_are_read() {
    let model = ForecastError::Issued(IssuedError::default());
    let values: Vec<f64> = (0..120).map(|h| 100.0 + f64::from(h % 24)).collect();
    // All hours known, then the second issue.
    let mut a = forecast(&values, model);
    a.issue_at(24 * 3_600);
    // Hours fed after the issue, a few at a time.
    let mut b = forecast(&values[..30], model);
    b.issue_at(24 * 3_600);
    for &v in &values[30..] {
        b.push_hour(&HourFactors {
            pue: 1.0,
            carbon_intensity_g_per_kwh: v,
            ..HourFactors::default()
        });
    }
    for h in 24..120 {
        assert_eq!(a.rate(h), b.rate(h), "hour {h}");
    }
    assert!(IssuedError::default().validate().is_ok());
    let bad = IssuedError {
        hourly_autocorrelation: 1.0,
        ..IssuedError::default()
    };
    assert!(
        bad.validate()
            .unwrap_err()
            .contains("hourly_autocorrelation")
    );
}
