//! Scheduler operations: priority, backfill depth, temporal and spatial shifting.

use super::*;

pub(super) fn objective(
    c: &mut Checker,
    key: &str,
    name: ObjectiveName,
    weights: Option<&ObjectiveWeights>,
) -> Objective {
    match (name, weights) {
        (ObjectiveName::Carbon, _) => Objective::Carbon,
        (ObjectiveName::CarbonMarginal, _) => Objective::CarbonMarginal,
        (ObjectiveName::Water, _) => Objective::Water,
        (ObjectiveName::Cost, _) => Objective::Cost,
        (ObjectiveName::Cfe, _) => Objective::Cfe,
        (ObjectiveName::Weighted, Some(w)) => {
            for (k, v) in [("carbon", w.carbon), ("water", w.water), ("cost", w.cost)] {
                c.non_negative(&format!("{key}.weights.{k}"), v);
            }
            if w.carbon + w.water + w.cost <= 0.0 {
                c.fail(
                    &format!("{key}.weights"),
                    "expected at least one positive weight",
                );
            }
            Objective::Weighted {
                carbon: w.carbon,
                water: w.water,
                cost: w.cost,
            }
        }
        (ObjectiveName::Weighted, None) => {
            c.fail(
                &format!("{key}.weights"),
                "expected { carbon = ..., water = ..., cost = ... } with objective = \"weighted\"",
            );
            Objective::Carbon
        }
    }
}

pub(super) fn resolve_operations(c: &mut Checker, s: &SchedulerSection) -> Operations {
    let temporal = s.temporal.as_ref().map(|t| {
        let forecast = match (t.forecast, t.forecast_error_sd) {
            (ForecastName::Gaussian, Some(sd)) => {
                c.range(
                    "scheduler.temporal.forecast_error_sd",
                    sd,
                    0.0,
                    10.0,
                    "a relative sd from 0 to 10",
                );
                ForecastError::Gaussian { relative_sd: sd }
            }
            (ForecastName::Gaussian, None) => {
                c.fail(
                    "scheduler.temporal.forecast_error_sd",
                    "expected with forecast = \"gaussian\"",
                );
                ForecastError::Perfect
            }
            (_, Some(_)) => {
                c.fail(
                    "scheduler.temporal.forecast_error_sd",
                    "only applies with forecast = \"gaussian\"",
                );
                ForecastError::Perfect
            }
            (ForecastName::Perfect, None) => ForecastError::Perfect,
            (ForecastName::Persistence, None) => ForecastError::Persistence,
            (ForecastName::DayAhead, None) => {
                let default = IssuedError::default();
                let model = IssuedError {
                    mape_by_day: t.forecast_mape_by_day.unwrap_or(default.mape_by_day),
                    bias_variance_share: t
                        .forecast_bias_share
                        .unwrap_or(default.bias_variance_share),
                    hourly_autocorrelation: t
                        .forecast_hourly_autocorrelation
                        .unwrap_or(default.hourly_autocorrelation),
                };
                if let Err(e) = model.validate() {
                    let (key, message) = e.split_once(": ").unwrap_or(("", e.as_str()));
                    let key = match key {
                        "mape_by_day" => "forecast_mape_by_day",
                        "bias_variance_share" => "forecast_bias_share",
                        _ => "forecast_hourly_autocorrelation",
                    };
                    c.fail(&format!("scheduler.temporal.{key}"), message);
                }
                ForecastError::Issued(model)
            }
        };
        if t.forecast != ForecastName::DayAhead {
            for (key, given) in [
                ("forecast_mape_by_day", t.forecast_mape_by_day.is_some()),
                ("forecast_bias_share", t.forecast_bias_share.is_some()),
                (
                    "forecast_hourly_autocorrelation",
                    t.forecast_hourly_autocorrelation.is_some(),
                ),
            ] {
                if given {
                    c.fail(
                        &format!("scheduler.temporal.{key}"),
                        "only applies with forecast = \"day_ahead\"",
                    );
                }
            }
        }
        let slack_reserve = t.slack_reserve.unwrap_or(DEFAULT_SLACK_RESERVE);
        c.range(
            "scheduler.temporal.slack_reserve",
            slack_reserve,
            0.0,
            1.0,
            "a fraction from 0 to 1",
        );
        TemporalConfig {
            objective: objective(c, "scheduler.temporal", t.objective, t.weights.as_ref()),
            forecast,
            allow_pause: t.allow_pause,
            slack_reserve,
        }
    });
    let spatial = s.spatial.as_ref().map(|sp| {
        c.range(
            "scheduler.spatial.transfer_delay_hours",
            sp.transfer_delay_hours,
            0.0,
            24.0 * 365.0,
            "hours ≥ 0",
        );
        let weights = s.temporal.as_ref().and_then(|t| t.weights.as_ref());
        SpatialConfig {
            objective: objective(c, "scheduler.spatial", sp.objective, weights),
            transfer_delay_s: crate::time::hours_to_s(sp.transfer_delay_hours).round() as u64,
        }
    });
    if let (Some(t), Some(sp)) = (&temporal, &spatial)
        && t.objective != sp.objective
    {
        c.fail(
            "scheduler.spatial.objective",
            "must equal scheduler.temporal.objective (one forecast per site)",
        );
    }
    let depth = s.backfill_depth.unwrap_or(DEFAULT_BACKFILL_DEPTH);
    if depth == 0 {
        c.fail("scheduler.backfill_depth", "expected at least 1");
    }
    Operations {
        priority: s.priority,
        backfill_depth: depth,
        temporal,
        spatial,
    }
}
