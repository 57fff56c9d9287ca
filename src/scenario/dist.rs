//! Distributions of uncertain scenario values.
//!
//! In a scenario, any number may be replaced by a table with a `dist` key, sampled once per
//! replication from the replication's `Parameters` stream:
//!
//! | `dist` | keys | meaning |
//! |---|---|---|
//! | `fixed` | `value` | always `value` |
//! | `uniform` | `min`, `max` | uniform on [min, max] |
//! | `normal` | `mean`, `sd`, optional `min`, `max` | normal, truncated to [min, max] by rejection |
//! | `lognormal` | `median`, `gsd` | log-normal with median and geometric sd (> 1, or 1 for fixed) |
//! | `triangular` | `min`, `mode`, `max` | triangular |
//! | `pert` | `min`, `mode`, `max` | Beta-PERT (λ = 4, Vose 2008) |
//! | `choice` | `values`, optional `weights` | one of the values (any TOML values: numbers, strings) |

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution as _, LogNormal, Normal, Triangular, weighted::WeightedIndex};

/// A parsed distribution.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// Always this value.
    Fixed(toml::Value),
    /// Uniform on [min, max].
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal, optionally truncated.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Lower truncation.
        min: f64,
        /// Upper truncation.
        max: f64,
    },
    /// Log-normal by median and geometric standard deviation.
    LogNormal {
        /// Median.
        median: f64,
        /// Geometric standard deviation (≥ 1).
        gsd: f64,
    },
    /// Triangular.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta-PERT.
    Pert {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// A discrete choice.
    Choice {
        /// The values.
        values: Vec<toml::Value>,
        /// Relative weights (equal when absent).
        weights: Vec<f64>,
    },
}

/// Distribution names, for error messages.
pub const NAMES: &[&str] = &[
    "fixed",
    "uniform",
    "normal",
    "lognormal",
    "triangular",
    "pert",
    "choice",
];

fn number(table: &toml::Table, key: &str) -> Result<f64, String> {
    match table.get(key) {
        Some(toml::Value::Float(f)) if f.is_finite() => Ok(*f),
        Some(toml::Value::Integer(i)) => Ok(*i as f64),
        Some(other) => Err(format!("`{key}` must be a finite number, found {other}")),
        None => Err(format!("missing `{key}`")),
    }
}

impl Distribution {
    /// Parses a `{ dist = ..., ... }` table, checking bounds and unknown keys.
    pub fn parse(table: &toml::Table) -> Result<Distribution, String> {
        let name = match table.get("dist") {
            Some(toml::Value::String(s)) => s.as_str(),
            _ => return Err("`dist` must be a string".into()),
        };
        let allowed: &[&str] = match name {
            "fixed" => &["value"],
            "uniform" => &["min", "max"],
            "normal" => &["mean", "sd", "min", "max"],
            "lognormal" => &["median", "gsd"],
            "triangular" | "pert" => &["min", "mode", "max"],
            "choice" => &["values", "weights"],
            other => {
                return Err(format!(
                    "unknown distribution '{other}': expected one of {}",
                    NAMES.join(", ")
                ));
            }
        };
        if let Some(k) = table
            .keys()
            .find(|k| *k != "dist" && !allowed.contains(&k.as_str()))
        {
            return Err(format!(
                "unknown key `{k}` for dist = \"{name}\": expected {}",
                allowed.join(", ")
            ));
        }
        let ordered = |min: f64, mode: f64, max: f64| {
            if min <= mode && mode <= max && min < max {
                Ok(())
            } else {
                Err(format!(
                    "expected min ≤ mode ≤ max and min < max, found {min}, {mode}, {max}"
                ))
            }
        };
        Ok(match name {
            "fixed" => Distribution::Fixed(table.get("value").cloned().ok_or("missing `value`")?),
            "uniform" => {
                let (min, max) = (number(table, "min")?, number(table, "max")?);
                if min > max {
                    return Err(format!("expected min ≤ max, found min {min} > max {max}"));
                }
                Distribution::Uniform { min, max }
            }
            "normal" => {
                let (mean, sd) = (number(table, "mean")?, number(table, "sd")?);
                if sd < 0.0 {
                    return Err(format!("expected sd ≥ 0, found {sd}"));
                }
                let min = if table.contains_key("min") {
                    number(table, "min")?
                } else {
                    f64::NEG_INFINITY
                };
                let max = if table.contains_key("max") {
                    number(table, "max")?
                } else {
                    f64::INFINITY
                };
                if min >= max || mean < min || mean > max {
                    return Err(format!(
                        "expected min < max with the mean inside, found [{min}, {max}] and mean {mean}"
                    ));
                }
                Distribution::Normal { mean, sd, min, max }
            }
            "lognormal" => {
                let (median, gsd) = (number(table, "median")?, number(table, "gsd")?);
                if median <= 0.0 || gsd < 1.0 {
                    return Err(format!(
                        "expected median > 0 and gsd ≥ 1, found {median} and {gsd}"
                    ));
                }
                Distribution::LogNormal { median, gsd }
            }
            "triangular" => {
                let (min, mode, max) = (
                    number(table, "min")?,
                    number(table, "mode")?,
                    number(table, "max")?,
                );
                ordered(min, mode, max)?;
                Distribution::Triangular { min, mode, max }
            }
            "pert" => {
                let (min, mode, max) = (
                    number(table, "min")?,
                    number(table, "mode")?,
                    number(table, "max")?,
                );
                ordered(min, mode, max)?;
                Distribution::Pert { min, mode, max }
            }
            _ => {
                let values = match table.get("values") {
                    Some(toml::Value::Array(a)) if !a.is_empty() => a.clone(),
                    _ => return Err("`values` must be a non-empty array".into()),
                };
                let weights = match table.get("weights") {
                    None => vec![1.0; values.len()],
                    Some(toml::Value::Array(w)) => {
                        let w: Result<Vec<f64>, String> = w
                            .iter()
                            .map(|v| match v {
                                toml::Value::Float(f) if *f >= 0.0 && f.is_finite() => Ok(*f),
                                toml::Value::Integer(i) if *i >= 0 => Ok(*i as f64),
                                other => Err(format!("weights must be numbers ≥ 0, found {other}")),
                            })
                            .collect();
                        w?
                    }
                    Some(other) => {
                        return Err(format!("`weights` must be an array, found {other}"));
                    }
                };
                if weights.len() != values.len() || weights.iter().sum::<f64>() <= 0.0 {
                    return Err(
                        "`weights` must have one non-negative weight per value, not all zero"
                            .into(),
                    );
                }
                Distribution::Choice { values, weights }
            }
        })
    }

    /// The lowest and highest values it can take, where bounded (for checking).
    pub fn extremes(&self) -> Vec<toml::Value> {
        let f = |x: f64| toml::Value::Float(x);
        match self {
            Distribution::Fixed(_) | Distribution::LogNormal { .. } => Vec::new(),
            Distribution::Uniform { min, max }
            | Distribution::Triangular { min, max, .. }
            | Distribution::Pert { min, max, .. } => vec![f(*min), f(*max)],
            Distribution::Normal { min, max, .. } => [*min, *max]
                .into_iter()
                .filter(|x| x.is_finite())
                .map(f)
                .collect(),
            Distribution::Choice { values, .. } => values.clone(),
        }
    }

    /// Draws one value.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> toml::Value {
        let f = |x: f64| toml::Value::Float(x);
        match self {
            Distribution::Fixed(v) => v.clone(),
            Distribution::Uniform { min, max } => f(if min == max {
                *min
            } else {
                rng.random_range(*min..=*max)
            }),
            Distribution::Normal { mean, sd, min, max } => {
                if *sd == 0.0 {
                    return f(*mean);
                }
                let normal = Normal::new(*mean, *sd).expect("checked sd");
                // Rejection: the mean lies inside, so acceptance is at least ~50% for any bounds
                // on one side; 10,000 tries bound the worst case, then clamp.
                for _ in 0..10_000 {
                    let x = normal.sample(rng);
                    if x >= *min && x <= *max {
                        return f(x);
                    }
                }
                f(mean.clamp(*min, *max))
            }
            Distribution::LogNormal { median, gsd } => f(LogNormal::new(median.ln(), gsd.ln())
                .expect("checked gsd")
                .sample(rng)),
            Distribution::Triangular { min, mode, max } => f(Triangular::new(*min, *max, *mode)
                .expect("checked order")
                .sample(rng)),
            Distribution::Pert { min, mode, max } => {
                let range = max - min;
                let alpha = 1.0 + 4.0 * (mode - min) / range;
                let beta = 1.0 + 4.0 * (max - mode) / range;
                f(min + range * Beta::new(alpha, beta).expect("positive shape").sample(rng))
            }
            Distribution::Choice { values, weights } => {
                let i = WeightedIndex::new(weights)
                    .expect("checked weights")
                    .sample(rng);
                values[i].clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn parse(text: &str) -> Result<Distribution, String> {
        let table: toml::Table = toml::from_str(&format!("x = {text}")).unwrap();
        match &table["x"] {
            toml::Value::Table(t) => Distribution::parse(t),
            _ => unreachable!(),
        }
    }

    fn mean_of(d: &Distribution, n: usize) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        (0..n)
            .map(|_| d.sample(&mut rng).as_float().unwrap())
            .sum::<f64>()
            / n as f64
    }

    #[test]
    fn sample_means_match_theory() {
        let n = 40_000;
        assert!(
            (mean_of(
                &parse("{ dist = \"uniform\", min = 1, max = 3 }").unwrap(),
                n
            ) - 2.0)
                .abs()
                < 0.02
        );
        assert!(
            (mean_of(
                &parse("{ dist = \"triangular\", min = 0, mode = 1, max = 5 }").unwrap(),
                n
            ) - 2.0)
                .abs()
                < 0.03
        );
        assert!(
            (mean_of(
                &parse("{ dist = \"pert\", min = 0, mode = 1, max = 5 }").unwrap(),
                n
            ) - 1.5)
                .abs()
                < 0.03
        );
        assert!(
            (mean_of(
                &parse("{ dist = \"normal\", mean = 10, sd = 2 }").unwrap(),
                n
            ) - 10.0)
                .abs()
                < 0.05
        );
        let ln = parse("{ dist = \"lognormal\", median = 2, gsd = 1.5 }").unwrap();
        assert!((mean_of(&ln, n) - 2.0 * (1.5f64.ln().powi(2) / 2.0).exp()).abs() < 0.03);
        let truncated = parse("{ dist = \"normal\", mean = 1, sd = 5, min = 0, max = 2 }").unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(
            (0..1000)
                .all(|_| (0.0..=2.0).contains(&truncated.sample(&mut rng).as_float().unwrap()))
        );
    }

    #[test]
    fn bad_distributions_are_explained() {
        let cases = [
            ("{ dist = \"uniform\", min = 3, max = 1 }", "min ≤ max"),
            ("{ dist = \"normal\", mean = 1, sd = -1 }", "sd ≥ 0"),
            (
                "{ dist = \"gamma\", k = 1 }",
                "unknown distribution 'gamma'",
            ),
            (
                "{ dist = \"triangular\", min = 0, mode = 9, max = 5 }",
                "min ≤ mode ≤ max",
            ),
            ("{ dist = \"uniform\", min = 0 }", "missing `max`"),
            (
                "{ dist = \"uniform\", min = 0, max = 1, mode = 2 }",
                "unknown key `mode`",
            ),
            ("{ dist = \"choice\", values = [] }", "non-empty"),
            ("{ dist = \"lognormal\", median = 1, gsd = 0.5 }", "gsd ≥ 1"),
        ];
        for (text, expected) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.contains(expected), "{text}: {e}");
        }
    }

    #[test]
    fn choice_respects_weights() {
        let d = parse("{ dist = \"choice\", values = [\"a\", \"b\"], weights = [1, 3] }").unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let b = (0..8000)
            .filter(|_| d.sample(&mut rng).as_str() == Some("b"))
            .count();
        assert!((b as f64 / 8000.0 - 0.75).abs() < 0.02);
    }
}
