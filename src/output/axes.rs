//! Sweep axes as output columns: one column per axis, holding the axis's value at each
//! point, so that a table can be grouped or plotted by a swept value without parsing the
//! point name. The manifest stores the same records, so that `footprint merge` writes the
//! same columns from the shards.

use crate::metrics::run_files::{ColumnDoc, axis_column};
use crate::scenario::template::ScenarioTemplate;
use serde::{Deserialize, Serialize};

/// One sweep axis: its column and its value at every point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxisColumn {
    /// Key path of the swept value, e.g. `sites[0].pue`.
    pub key: String,
    /// Column name in the CSV files: `sweep:<key>`.
    pub column: String,
    /// Sweep dimension (the group name, or the key path of a lone axis).
    pub dimension: String,
    /// The swept values in sweep order, as the CSV cells write them (strings unquoted,
    /// numbers and other values as TOML writes them).
    pub values: Vec<String>,
    /// Index into `values` at each point, by point index.
    pub level_at_point: Vec<usize>,
}

impl AxisColumn {
    /// The value of this axis at `point` (empty for a point out of range).
    pub fn value_at(&self, point: usize) -> &str {
        self.level_at_point
            .get(point)
            .and_then(|&l| self.values.get(l))
            .map_or("", String::as_str)
    }
}

/// A value as a CSV cell: strings without their quotes, everything else as TOML writes it.
fn cell_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The axis columns of `template`, in the template's axis order (key order).
pub fn of_template(template: &ScenarioTemplate) -> Vec<AxisColumn> {
    let points = template.points();
    let levels: Vec<Vec<usize>> = (0..points).map(|p| template.point_levels(p)).collect();
    template
        .axes
        .iter()
        .enumerate()
        .map(|(a, axis)| {
            let d = template
                .dimensions
                .iter()
                .position(|d| d.axes.contains(&a))
                .unwrap_or(0);
            let key = axis.path.to_string();
            AxisColumn {
                column: axis_column(&key),
                dimension: template
                    .dimensions
                    .get(d)
                    .map_or_else(|| key.clone(), |dim| dim.name.clone()),
                key,
                values: axis.values.iter().map(cell_text).collect(),
                level_at_point: levels
                    .iter()
                    .map(|l| l.get(d).copied().unwrap_or(0))
                    .collect(),
            }
        })
        .collect()
}

/// For each sweep dimension (in order of its first axis): its name and the index of its
/// value at each point.
pub fn dimension_levels(axes: &[AxisColumn]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for a in axes {
        if !out.iter().any(|(d, _)| d == &a.dimension) {
            out.push((a.dimension.clone(), a.level_at_point.clone()));
        }
    }
    out
}

/// The axis columns of one point: their names and values, in column order (for the files
/// written per point, `jobs.csv` and `hourly.csv`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PointColumns {
    /// Column names (`sweep:<key>`).
    pub names: Vec<String>,
    /// The point's value of each.
    pub values: Vec<String>,
}

/// The axis columns of `point`.
pub fn at_point(axes: &[AxisColumn], point: usize) -> PointColumns {
    PointColumns {
        names: header(axes).map(str::to_string).collect(),
        values: values_at(axes, point).map(str::to_string).collect(),
    }
}

/// `columns` with `sweep`'s names inserted after the `point` column (at the start when
/// there is none).
pub fn insert_after_point<'a>(columns: &[&'a str], sweep: &'a PointColumns) -> Vec<&'a str> {
    let at = after_point(columns.iter().copied());
    let mut out = columns[..at].to_vec();
    out.extend(sweep.names.iter().map(String::as_str));
    out.extend_from_slice(&columns[at..]);
    out
}

/// The names of the fixed `columns` with the axis columns after `point`.
pub fn header_with<'a>(columns: &[ColumnDoc], axes: &'a [AxisColumn]) -> Vec<&'a str> {
    let names: Vec<&'a str> = columns.iter().map(|c| c.name).collect();
    let at = after_point(names.iter().copied());
    let mut out = names[..at].to_vec();
    out.extend(header(axes));
    out.extend_from_slice(&names[at..]);
    out
}

/// Index just after the `point` column among `columns` (0 when there is none).
pub fn after_point<'a>(mut columns: impl Iterator<Item = &'a str>) -> usize {
    columns.position(|c| c == "point").map_or(0, |i| i + 1)
}

/// The column names of `axes`.
pub fn header(axes: &[AxisColumn]) -> impl Iterator<Item = &str> {
    axes.iter().map(|a| a.column.as_str())
}

/// The values of `axes` at `point`, in column order.
pub fn values_at(axes: &[AxisColumn], point: usize) -> impl Iterator<Item = &str> {
    axes.iter().map(move |a| a.value_at(point))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn grouped_axes_share_levels_and_keep_their_own_values() {
        let text = r#"
[simulation]
start = "2023-01-01T00:00:00Z"
duration_days = 1
[scheduler]
policy = { sweep = ["fifo", "easy_backfill"], group = "p", labels = ["f", "e"] }
backfill_depth = { sweep = [1, 2], group = "p" }
[[sites]]
name = "a"
pue = { sweep = [1.1, 1.3, 1.5] }
[sites.grid]
carbon_intensity_g_per_kwh = 100.0
[sites.cluster]
nodes = 1
gpus_per_node = 8
accelerator = "H100-SXM"
[workload]
"#;
        let t = ScenarioTemplate::from_toml(text, "t.toml", Path::new("."), "t", &[]).unwrap();
        let axes = of_template(&t);
        let keys: Vec<&str> = axes.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "scheduler.backfill_depth",
                "scheduler.policy",
                "sites[0].pue"
            ]
        );
        assert_eq!(axes[1].column, "sweep:scheduler.policy");
        assert_eq!(
            (axes[0].dimension.as_str(), axes[1].dimension.as_str()),
            ("p", "p")
        );
        assert_eq!(axes[2].dimension, "sites[0].pue");
        // Six points, the last dimension fastest; values, not labels.
        let at = |p: usize| values_at(&axes, p).collect::<Vec<_>>();
        assert_eq!(at(0), ["1", "fifo", "1.1"]);
        assert_eq!(at(4), ["2", "easy_backfill", "1.3"]);
        assert_eq!(dimension_levels(&axes).len(), 2);
        assert_eq!(axes[1].value_at(99), "");
    }
}
