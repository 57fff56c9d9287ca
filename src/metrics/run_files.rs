//! The columns of the files computed over replications (`summary.csv`, `replications.csv`,
//! `comparisons.csv`, `sensitivity.csv`, `hourly_bands.csv`), each named once with its unit
//! and meaning: the writers in `montecarlo` take their headers from here, and
//! `docs/outputs.md` is generated from here, so a header and its documentation cannot drift.
//!
//! Some columns depend on the scenario: one per sweep axis ([`AXIS_COLUMN`], after the point
//! name, in every file that names a point), one per uncertain input and one per scope and
//! metric in `replications.csv`. They are documented once, generically.

/// One documented column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnDoc {
    /// Column name (with its unit where it has one).
    pub name: &'static str,
    /// Unit (`1` dimensionless, `count`, empty for text, or a sentence for a unit that
    /// depends on the row).
    pub unit: &'static str,
    /// One-line meaning.
    pub doc: &'static str,
}

const fn c(name: &'static str, unit: &'static str, doc: &'static str) -> ColumnDoc {
    ColumnDoc { name, unit, doc }
}

/// Prefix of the sweep-axis columns: `sweep:<key path>`, e.g. `sweep:sites[0].pue`.
pub const AXIS_PREFIX: &str = "sweep:";

/// Prefix of the uncertain-input columns of `replications.csv`: `input:<key path>`.
pub const INPUT_PREFIX: &str = "input:";

/// Prefix of the control-variate columns of `replications.csv`:
/// `control:<site>.offered_gpu_hours` and `control:<site>.expected_offered_gpu_hours`.
pub const CONTROL_PREFIX: &str = "control:";

/// Suffix of the control column holding what the replication drew.
pub const CONTROL_OFFERED: &str = ".offered_gpu_hours";

/// Suffix of the control column holding its expectation.
pub const CONTROL_EXPECTED: &str = ".expected_offered_gpu_hours";

/// The generic sweep-axis column, present after `point` in every file that names a point.
pub const AXIS_COLUMN: ColumnDoc = c(
    "sweep:<key path>",
    "unit of the swept key",
    "one column per sweep axis (the key path as written in the scenario or --set): its value at this point, as written in the scenario (strings unquoted); empty where the row is not one point",
);

/// The unit sentence of columns whose unit is the metric's.
const METRIC_UNIT: &str = "unit of `metric`";

/// Columns of `summary.csv`: one row per point × scope × metric, statistics over the
/// replications. Axis columns follow `point`.
pub const SUMMARY_COLUMNS: &[ColumnDoc] = &[
    c(
        "point",
        "",
        "sweep point name (`dimension=value;...`, or `base` without a sweep)",
    ),
    c("scope", "", "`total` or `site:<name>`"),
    c(
        "metric",
        "",
        "metric name (see Summary metrics; its unit is in the name)",
    ),
    c("n", "count", "replications"),
    c("mean", METRIC_UNIT, "mean over replications"),
    c(
        "sd",
        METRIC_UNIT,
        "sample standard deviation over replications (n − 1); empty below two replications",
    ),
    c(
        "mean_ci95_low",
        METRIC_UNIT,
        "lower end of the Student-t 95% confidence interval of the mean (how well the mean is known, not the spread of outcomes: see p5/p95); empty below two replications",
    ),
    c(
        "mean_ci95_high",
        METRIC_UNIT,
        "upper end of the Student-t 95% confidence interval of the mean; empty below two replications",
    ),
    c(
        "p5",
        METRIC_UNIT,
        "5th percentile of the replications: with p95, the spread of outcomes",
    ),
    c("p50", METRIC_UNIT, "median of the replications"),
    c("p95", METRIC_UNIT, "95th percentile of the replications"),
    c("min", METRIC_UNIT, "smallest replication"),
    c("max", METRIC_UNIT, "largest replication"),
];

/// The fixed leading columns of `replications.csv` (axis columns follow `point`); then one
/// [`INPUT_COLUMN`] per uncertain input and one [`SCOPE_METRIC_COLUMN`] per scope × metric.
pub const REPLICATION_COLUMNS: &[ColumnDoc] = &[
    c("point", "", "sweep point name"),
    c("replication", "count", "replication index"),
    c(
        "seed",
        "",
        "the replication's seed (derived from `simulation.seed` and the replication index)",
    ),
];

/// The generic uncertain-input column of `replications.csv`.
pub const INPUT_COLUMN: ColumnDoc = c(
    "input:<key path>",
    "unit of the uncertain key",
    "one column per uncertain input: the value drawn in this replication (a `choice` of strings: the index of the drawn value)",
);

/// The generic control-variate columns of `replications.csv` (with two or more sweep points
/// and synthetic arrivals in a window), after the inputs: what the replication drew, then
/// its expectation, per site.
pub const CONTROL_COLUMNS: &[ColumnDoc] = &[
    c(
        "control:<site>.offered_gpu_hours",
        "accelerator-h",
        "with two or more sweep points and synthetic arrivals, one column per site: GPU-hours (GPUs × duration) of the synthetic jobs homed at the site that arrive in the window, as this replication drew them; the control variate of `comparisons.csv`",
    ),
    c(
        "control:<site>.expected_offered_gpu_hours",
        "accelerator-h",
        "its expectation under the replication's scenario (mean arrivals × class shares × mean GPU count × mean capped duration)",
    ),
];

/// The generic metric column of `replications.csv`.
pub const SCOPE_METRIC_COLUMN: ColumnDoc = c(
    "<scope>.<metric>",
    "unit of the metric",
    "one column per scope (`total`, `site:<name>`) and summary metric: its value in this replication",
);

/// Columns of `comparisons.csv` (axis columns, of the compared point, follow `point`).
///
/// The interval columns keep the `delta_` prefix: the quantity is the paired difference,
/// and its interval is the interval of the *mean* difference, the only spread a paired
/// comparison has (the spread of each point's outcomes is in `summary.csv`).
pub const COMPARISON_COLUMNS: &[ColumnDoc] = &[
    c("point", "", "compared sweep point"),
    c(
        "baseline",
        "",
        "baseline sweep point (`comparison.baseline`, default the first)",
    ),
    c("scope", "", "`total` or `site:<name>`"),
    c("metric", "", "metric name"),
    c(
        "n_pairs",
        "count",
        "replications present at both points (paired by replication index)",
    ),
    c(
        "baseline_mean",
        METRIC_UNIT,
        "mean at the baseline over the pairs",
    ),
    c(
        "point_mean",
        METRIC_UNIT,
        "mean at the point over the pairs",
    ),
    c(
        "delta_mean",
        METRIC_UNIT,
        "mean of the paired differences (point − baseline)",
    ),
    c(
        "delta_sd",
        METRIC_UNIT,
        "sample standard deviation of the paired differences; empty below two pairs",
    ),
    c(
        "delta_ci95_low",
        METRIC_UNIT,
        "lower end of the Student-t 95% interval of the mean difference; empty below two pairs",
    ),
    c(
        "delta_ci95_high",
        METRIC_UNIT,
        "upper end of the Student-t 95% interval of the mean difference; empty below two pairs",
    ),
    c(
        "delta_relative",
        "1",
        "delta_mean / baseline_mean; empty when the baseline mean is 0",
    ),
    c(
        "delta_relative_ci95_low",
        "1",
        "lower end of the 95% interval of delta_relative (delta method); empty below two pairs or with a zero baseline mean",
    ),
    c(
        "delta_relative_ci95_high",
        "1",
        "upper end of the 95% interval of delta_relative; empty below two pairs or with a zero baseline mean",
    ),
    c(
        "unpaired_ci95_half_width",
        METRIC_UNIT,
        "half-width of the Welch 95% interval of the difference had the points used independent random numbers; empty below two pairs",
    ),
    c(
        "paired_to_unpaired_ci_width",
        "1",
        "paired half-width / unpaired half-width (below 1: pairing narrowed the interval); empty when either is missing or the unpaired width is 0",
    ),
    c(
        "cv_controls",
        "count",
        "controls q of the control-variate estimate: the sites whose offered work varies over the pairs (0 when the estimate is absent)",
    ),
    c(
        "cv_delta_mean",
        METRIC_UNIT,
        "control-variate estimate of the mean difference: delta_mean − β̂·(mean offered − expected offered GPU-hours of the baseline's replications, per site), β̂ regressed on the pairs; empty without synthetic arrivals in a window, below q + 3 pairs or with collinear controls",
    ),
    c(
        "cv_delta_ci95_low",
        METRIC_UNIT,
        "lower end of its 95% interval (Student t with n − q − 1 degrees of freedom); empty with cv_delta_mean",
    ),
    c(
        "cv_delta_ci95_high",
        METRIC_UNIT,
        "upper end of its 95% interval; empty with cv_delta_mean",
    ),
    c(
        "cv_to_unpaired_ci_width",
        "1",
        "control-variate half-width / unpaired half-width; empty with cv_delta_mean or a zero unpaired width",
    ),
];

/// Columns of `sensitivity.csv` (axis columns follow `point`, empty on `all` rows).
pub const SENSITIVITY_COLUMNS: &[ColumnDoc] = &[
    c(
        "point",
        "",
        "sweep point, or `all` for the effect of a sweep axis",
    ),
    c("metric", "", "headline metric (scope `total`)"),
    c(
        "input",
        "",
        "uncertain input's key path, sweep dimension, or `model_r2`",
    ),
    c(
        "method",
        "",
        "`src` (standardised regression coefficient), `r2` (the regression's R²) or `sweep_range` (range of the main effect relative to the overall mean)",
    ),
    c("value", "1", "the effect"),
    c(
        "rank",
        "count",
        "1 = largest |effect| for this point, metric and method (0 for `r2`)",
    ),
];

/// Columns of `hourly_bands.csv` (axis columns follow `point`).
pub const BAND_COLUMNS: &[ColumnDoc] = &[
    c("point", "", "sweep point name"),
    c("site", "", "site name"),
    c("hour", "count", "hour index from the window start"),
    c(
        "quantity",
        "",
        "`it_power_kw`, `facility_power_kw`, `carbon_intensity_g_per_kwh` or `water_l` (unit in the name)",
    ),
    c("n", "count", "replications with a value at this hour"),
    c(
        "p5",
        "unit of `quantity`",
        "5th percentile over replications (read from a histogram of bins 0.5% wide: within 0.25% of the exact order statistic)",
    ),
    c("p50", "unit of `quantity`", "median over replications"),
    c(
        "p95",
        "unit of `quantity`",
        "95th percentile over replications",
    ),
];

/// The names of `columns`, in order.
pub fn names(columns: &[ColumnDoc]) -> impl Iterator<Item = &'static str> + '_ {
    columns.iter().map(|c| c.name)
}

/// The column of sweep axis `key` (a key path): `sweep:<key>`.
pub fn axis_column(key: &str) -> String {
    format!("{AXIS_PREFIX}{key}")
}
