//! Scenario templates: sweep axes and uncertain values, expanded into concrete scenarios.
//!
//! A value written `{ sweep = [a, b, ...] }` is a sweep axis; all axes form a cartesian
//! product of points (in key order). A value written `{ dist = "...", ... }` is uncertain
//! and sampled once per replication (see [`super::dist`]). `--set key=v1,v2`
//! on the command line does the same as editing the file. Everything else is a plain
//! scenario: it parses exactly as [`Scenario::from_toml`] would, line numbers included.

use super::cache::DataCache;
use super::dist::Distribution;
use super::key_path::{KeyPath, Segment};
use super::resolve::sha256_hex;
use super::{Scenario, ScenarioFile};
use crate::engine::rng::{StreamId, member_rng, name_hash, replication_seed};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Sets `path = value` in `root`, walking existing arrays by index.
fn set_path(
    root: &mut toml::Table,
    path: &KeyPath,
    value: toml::Value,
) -> std::result::Result<(), String> {
    // Find the longest existing prefix that ends in a table, then insert below it.
    match path.get_mut(root) {
        Ok(slot) => {
            *slot = value;
            return Ok(());
        }
        Err(e) if e.contains("out of range") => return Err(e),
        Err(_) => {}
    }
    let (last, parent) = path.0.split_last().ok_or("empty key path")?;
    let Segment::Key(key) = last else {
        return Err(format!("`{path}` must end with a key"));
    };
    if parent.is_empty() {
        root.insert(key.clone(), value);
        return Ok(());
    }
    let parent_path = KeyPath(parent.to_vec());
    match parent_path.get_mut(root) {
        Ok(toml::Value::Table(t)) => {
            t.insert(key.clone(), value);
            Ok(())
        }
        Ok(_) => Err(format!("`{parent_path}` is not a table")),
        Err(_) => path.set(root, value),
    }
}

/// A sweep axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Where.
    pub path: KeyPath,
    /// The values, in order.
    pub values: Vec<toml::Value>,
    /// Axes of the same group vary together (one dimension of the product).
    pub group: Option<String>,
    /// Names of the values, for point names.
    pub labels: Option<Vec<String>>,
}

/// One dimension of the sweep: a lone axis, or a group of axes that vary together.
#[derive(Clone, Debug, PartialEq)]
pub struct Dimension {
    /// Group name, or the lone axis's key path.
    pub name: String,
    /// Indices into [`ScenarioTemplate::axes`].
    pub axes: Vec<usize>,
    /// Number of values.
    pub len: usize,
    /// Value names (labels, or the values themselves).
    pub value_names: Vec<String>,
}

/// An uncertain value.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// Where.
    pub path: KeyPath,
    /// Its distribution.
    pub distribution: Distribution,
}

/// A scenario with sweep axes and uncertain values.
#[derive(Debug)]
pub struct ScenarioTemplate {
    /// The file (or "built-in default"), for errors.
    pub file: String,
    base_dir: PathBuf,
    default_name: String,
    text: String,
    /// The files the scenario was read from (itself and the files it extends).
    sources: super::extends::Sources,
    overrides: Vec<String>,
    /// SHA-256 of the text and the overrides.
    pub sha256: String,
    table: toml::Table,
    /// Sweep axes, in key order.
    pub axes: Vec<Axis>,
    /// Sweep dimensions, in order of their first axis.
    pub dimensions: Vec<Dimension>,
    /// Uncertain values, in key order.
    pub uncertain: Vec<Uncertain>,
    /// Base seed (`simulation.seed`, default 1).
    pub seed: u64,
    /// The point the others are compared with (`comparison.baseline`, default 0).
    pub baseline: usize,
    cache: DataCache,
    /// A plain scenario, resolved once (replications differ only by their seeds).
    plain: std::sync::OnceLock<Scenario>,
}

fn display_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The point index named by `comparison.baseline` (0 when absent).
fn baseline_of(
    table: &toml::Table,
    dimensions: &[Dimension],
    sources: &super::extends::Sources,
) -> std::result::Result<usize, String> {
    let Some(value) = table.get("comparison").and_then(|c| c.get("baseline")) else {
        return Ok(0);
    };
    let at = match sources.locate("comparison.baseline") {
        (_, None) => String::new(),
        (file, Some((l, c))) if sources.is_extended() => {
            format!(" (in {file}, line {l}, column {c})")
        }
        (_, Some((l, c))) => format!(" (line {l}, column {c})"),
    };
    let toml::Value::String(wanted) = value else {
        return Err(format!(
            "`comparison.baseline`{at}: expected the name of a sweep point, found {value}"
        ));
    };
    let names = point_names_of(dimensions);
    if let Some(i) = names.iter().position(|n| n == wanted) {
        return Ok(i);
    }
    if dimensions.len() == 1
        && let Some(i) = dimensions[0].value_names.iter().position(|n| n == wanted)
    {
        return Ok(i);
    }
    Err(if dimensions.is_empty() {
        format!(
            "`comparison.baseline`{at}: the scenario has no sweep, so there is nothing to compare"
        )
    } else {
        format!(
            "`comparison.baseline`{at}: no sweep point is called '{wanted}'; expected one of: {}",
            names.join(", ")
        )
    })
}

/// Point names in point order (`dimension=value;...`, or `base` without dimensions).
fn point_names_of(dimensions: &[Dimension]) -> Vec<String> {
    let points: usize = dimensions.iter().map(|d| d.len).product();
    (0..points).map(|p| point_name_of(dimensions, p)).collect()
}

fn point_levels_of(dimensions: &[Dimension], point: usize) -> Vec<usize> {
    let mut rest = point;
    let mut out: Vec<usize> = dimensions
        .iter()
        .rev()
        .map(|d| {
            let level = rest % d.len;
            rest /= d.len;
            level
        })
        .collect();
    out.reverse();
    out
}

fn point_name_of(dimensions: &[Dimension], point: usize) -> String {
    if dimensions.is_empty() {
        return "base".into();
    }
    dimensions
        .iter()
        .zip(point_levels_of(dimensions, point))
        .map(|(d, level)| format!("{}={}", d.name, d.value_names[level]))
        .collect::<Vec<_>>()
        .join(";")
}

/// Numeric reading of a sampled or swept value, for statistics (strings: index in the
/// list of choices).
pub fn numeric(v: &toml::Value, choices: &[toml::Value]) -> f64 {
    match v {
        toml::Value::Float(f) => *f,
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Boolean(b) => f64::from(u8::from(*b)),
        other => choices
            .iter()
            .position(|c| c == other)
            .map_or(f64::NAN, |i| i as f64),
    }
}

fn parse_set_value(raw: &str) -> toml::Value {
    toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_string()))
}

fn walk(
    value: &toml::Value,
    path: &mut Vec<Segment>,
    axes: &mut Vec<Axis>,
    uncertain: &mut Vec<Uncertain>,
    errors: &mut Vec<String>,
) {
    match value {
        toml::Value::Table(t) if t.contains_key("dist") => match Distribution::parse(t) {
            Ok(distribution) => uncertain.push(Uncertain {
                path: KeyPath(path.clone()),
                distribution,
            }),
            Err(e) => errors.push(format!("`{}`: {e}", KeyPath(path.clone()))),
        },
        toml::Value::Table(t) if t.contains_key("sweep") => {
            let key = KeyPath(path.clone());
            let unknown = t
                .keys()
                .find(|k| !["sweep", "group", "labels"].contains(&k.as_str()));
            let group = match t.get("group") {
                None => Ok(None),
                Some(toml::Value::String(g)) if !g.is_empty() => Ok(Some(g.clone())),
                Some(_) => Err("`group` must be a non-empty string"),
            };
            let labels = match t.get("labels") {
                None => Ok(None),
                Some(toml::Value::Array(a)) if a.iter().all(|v| v.is_str()) => Ok(Some(
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect::<Vec<_>>(),
                )),
                Some(_) => Err("`labels` must be a list of strings"),
            };
            match (unknown, &t["sweep"], group, labels) {
                (Some(k), _, _, _) => errors.push(format!("`{key}`: unknown key `{k}` in a sweep: expected sweep, group, labels")),
                (None, toml::Value::Array(values), Ok(group), Ok(labels)) if !values.is_empty() => {
                    if labels.as_ref().is_some_and(|l| l.len() != values.len()) {
                        errors.push(format!("`{key}`: `labels` must name every value of the sweep"));
                    } else {
                        axes.push(Axis { path: key, values: values.clone(), group, labels });
                    }
                }
                (None, _, Err(e), _) | (None, _, _, Err(e)) => errors.push(format!("`{key}`: {e}")),
                _ => errors.push(format!(
                    "`{key}`: a sweep is written {{ sweep = [v1, v2, ...] }} with a non-empty list (optional: group, labels)"
                )),
            }
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                path.push(Segment::Key(k.clone()));
                walk(v, path, axes, uncertain, errors);
                path.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                if v.is_table() {
                    path.push(Segment::Index(i));
                    walk(v, path, axes, uncertain, errors);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

impl ScenarioTemplate {
    /// Reads a scenario file with `key=v1,v2,...` overrides.
    pub fn from_file(path: &Path, overrides: &[String]) -> Result<ScenarioTemplate> {
        let source = super::SourceFile::read(path)?;
        Self::from_toml(
            &source.text,
            &source.file,
            &source.base_dir,
            &source.stem,
            overrides,
        )
    }

    /// The built-in default with overrides.
    pub fn built_in_default(overrides: &[String]) -> Result<ScenarioTemplate> {
        Self::from_toml(
            super::DEFAULT_SCENARIO_TOML,
            "built-in default",
            Path::new("."),
            "default",
            overrides,
        )
    }

    /// Parses scenario text with overrides.
    pub fn from_toml(
        text: &str,
        file: &str,
        base_dir: &Path,
        default_name: &str,
        overrides: &[String],
    ) -> Result<ScenarioTemplate> {
        let fail = |message: String| Error::Scenario {
            file: file.to_string(),
            message,
        };
        // Syntax errors carry line and column from the typed parser.
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                return Err(super::parse(text, file)
                    .err()
                    .unwrap_or_else(|| fail(super::describe_toml_error(text, &e))));
            }
        };
        let (mut table, sources) = super::extends::expand(table, text, file, base_dir)?;
        for o in overrides {
            let (key, values) = o.split_once('=').ok_or_else(|| {
                Error::Usage(format!("--set {o}: expected key=value or key=v1,v2,..."))
            })?;
            let path =
                KeyPath::parse(key.trim()).map_err(|e| Error::Usage(format!("--set {o}: {e}")))?;
            let values: Vec<toml::Value> = split_values(values)
                .iter()
                .map(|v| parse_set_value(v.trim()))
                .collect();
            let value = if values.len() == 1 {
                values
                    .into_iter()
                    .next()
                    .unwrap_or(toml::Value::Boolean(false))
            } else {
                let mut t = toml::Table::new();
                t.insert("sweep".into(), toml::Value::Array(values));
                toml::Value::Table(t)
            };
            set_path(&mut table, &path, value)
                .map_err(|e| Error::Usage(format!("--set {o}: {e}")))?;
        }
        let mut axes = Vec::new();
        let mut uncertain = Vec::new();
        let mut errors = Vec::new();
        walk(
            &toml::Value::Table(table.clone()),
            &mut Vec::new(),
            &mut axes,
            &mut uncertain,
            &mut errors,
        );
        let seed_varies = uncertain
            .iter()
            .map(|u| &u.path)
            .chain(axes.iter().map(|a| &a.path))
            .any(|p| p.to_string() == "simulation.seed");
        if seed_varies {
            errors.push("`simulation.seed`: the base seed cannot be swept or uncertain (replications vary it)".into());
        }
        if !errors.is_empty() {
            return Err(fail(if errors.len() == 1 {
                errors.remove(0)
            } else {
                format!("{} problems:\n  - {}", errors.len(), errors.join("\n  - "))
            }));
        }
        let dimensions = match dimensions_of(&axes) {
            Ok(d) => d,
            Err(e) => return Err(fail(e)),
        };
        let seed = match table.get("simulation").and_then(|s| s.get("seed")) {
            None => 1,
            Some(toml::Value::Integer(i)) if *i >= 0 => *i as u64,
            Some(other) => {
                return Err(fail(format!(
                    "`simulation.seed`: expected a whole number ≥ 0, found {other}"
                )));
            }
        };
        let baseline = match baseline_of(&table, &dimensions, &sources) {
            Ok(b) => b,
            Err(e) => return Err(fail(e)),
        };
        let mut hashed = text.to_string();
        for (base, base_text) in sources.bases() {
            hashed.push_str("\n#--extends ");
            hashed.push_str(base);
            hashed.push('\n');
            hashed.push_str(base_text);
        }
        for o in overrides {
            hashed.push_str("\n#--set ");
            hashed.push_str(o);
        }
        Ok(ScenarioTemplate {
            file: file.to_string(),
            base_dir: base_dir.to_path_buf(),
            default_name: default_name.to_string(),
            text: text.to_string(),
            sources,
            overrides: overrides.to_vec(),
            sha256: sha256_hex(&hashed),
            table,
            axes,
            dimensions,
            uncertain,
            seed,
            baseline,
            cache: DataCache::default(),
            plain: std::sync::OnceLock::new(),
        })
    }

    /// Size and SHA-256 of every data file read so far by this template's scenarios.
    pub fn data_digests(&self) -> Vec<crate::digest::FileDigest> {
        let mut all = self.cache.digests();
        all.extend(self.sources.digests().iter().cloned());
        all
    }

    /// Number of sweep points (1 without axes).
    pub fn points(&self) -> usize {
        self.dimensions.iter().map(|d| d.len).product()
    }

    /// The value index of each dimension at point `point` (last dimension fastest).
    pub fn point_levels(&self, point: usize) -> Vec<usize> {
        point_levels_of(&self.dimensions, point)
    }

    /// The value of each axis at point `point`, in axis order.
    pub fn point_values(&self, point: usize) -> Vec<&toml::Value> {
        let levels = self.point_levels(point);
        let mut out = vec![None; self.axes.len()];
        for (d, level) in self.dimensions.iter().zip(levels) {
            for &a in &d.axes {
                out[a] = Some(&self.axes[a].values[level]);
            }
        }
        out.into_iter().flatten().collect()
    }

    /// The name of a point: `dimension=value;...`, or `base` without axes.
    pub fn point_name(&self, point: usize) -> String {
        point_name_of(&self.dimensions, point)
    }

    /// Overrides given on the command line.
    pub fn overrides(&self) -> &[String] {
        &self.overrides
    }

    /// True when the template is a plain scenario.
    pub fn is_plain(&self) -> bool {
        self.axes.is_empty() && self.uncertain.is_empty() && self.overrides.is_empty()
    }

    /// The concrete scenario of replication `replication` of point `point`, with the sampled
    /// values of the uncertain inputs (numeric reading, in `uncertain` order).
    pub fn instantiate(&self, point: usize, replication: u64) -> Result<(Scenario, Vec<f64>)> {
        self.instantiate_with(point, replication, None)
    }

    /// [`ScenarioTemplate::instantiate`] with one uncertain value forced.
    fn instantiate_with(
        &self,
        point: usize,
        replication: u64,
        force: Option<(usize, toml::Value)>,
    ) -> Result<(Scenario, Vec<f64>)> {
        let fail = |message: String| Error::Scenario {
            file: self.file.clone(),
            message,
        };
        if self.is_plain()
            && let Some(scenario) = self.plain.get()
        {
            return Ok((scenario.clone(), Vec::new()));
        }
        if self.is_plain() && !self.sources.is_extended() {
            let raw = super::parse(&self.text, &self.file)?;
            let scenario = self.resolve(raw).map_err(fail)?;
            let _ = self.plain.set(scenario.clone());
            return Ok((scenario, Vec::new()));
        }
        let (table, inputs) = self.sampled_table_with(point, replication, force)?;
        let scenario = self.resolve_table(table, point, replication)?;
        if self.is_plain() {
            let _ = self.plain.set(scenario.clone());
        }
        Ok((scenario, inputs))
    }

    /// True when the file has a `[projection]` table (run by `crate::projection`).
    pub fn has_projection(&self) -> bool {
        self.table.contains_key("projection")
    }

    /// The TOML table of replication `replication` of point `point`: swept values set,
    /// uncertain values sampled (their numeric readings returned in `uncertain` order).
    /// A projection edits it year by year and resolves it with
    /// [`ScenarioTemplate::resolve_table`].
    pub fn sampled_table(&self, point: usize, replication: u64) -> Result<(toml::Table, Vec<f64>)> {
        self.sampled_table_with(point, replication, None)
    }

    fn sampled_table_with(
        &self,
        point: usize,
        replication: u64,
        force: Option<(usize, toml::Value)>,
    ) -> Result<(toml::Table, Vec<f64>)> {
        let fail = |message: String| Error::Scenario {
            file: self.file.clone(),
            message,
        };
        let mut table = self.table.clone();
        for (axis, value) in self.axes.iter().zip(self.point_values(point)) {
            set_path(&mut table, &axis.path, value.clone()).map_err(fail)?;
        }
        let seed = replication_seed(self.seed, replication);
        let mut inputs = Vec::with_capacity(self.uncertain.len());
        for (i, u) in self.uncertain.iter().enumerate() {
            // Each key draws from its own stream, named by its path: the same value at
            // every sweep point, whatever other keys are uncertain.
            let mut rng = member_rng(seed, StreamId::Parameters, name_hash(&u.path.to_string()));
            let mut v = u.distribution.sample(&mut rng);
            if let Some((j, forced)) = &force
                && *j == i
            {
                v = forced.clone();
            }
            let choices = match &u.distribution {
                Distribution::Choice { values, .. } => values.as_slice(),
                _ => &[],
            };
            inputs.push(numeric(&v, choices));
            set_path(&mut table, &u.path, v).map_err(fail)?;
        }
        Ok((table, inputs))
    }

    /// Parses and validates a table made by [`ScenarioTemplate::sampled_table`] (and edited);
    /// errors name the file, the key and its line, the point and the replication.
    pub fn resolve_table(
        &self,
        table: toml::Table,
        point: usize,
        replication: u64,
    ) -> Result<Scenario> {
        let fail = |message: String| Error::Scenario {
            file: self.file.clone(),
            message,
        };
        let raw: ScenarioFile = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| {
                let path = e.path().to_string();
                let message = e.inner().message().trim();
                // An unknown key is reported at its table: locate the key itself.
                let key = message
                    .strip_prefix("unknown field `")
                    .and_then(|rest| rest.split('`').next())
                    .map_or(path.clone(), |field| {
                        if path == "." || path.is_empty() {
                            field.to_string()
                        } else {
                            format!("{path}.{field}")
                        }
                    });
                let (file, location) = self.sources.locate(&key);
                let line =
                    location.map_or(String::new(), |(l, c)| format!(", line {l}, column {c}"));
                let point = if self.is_plain() {
                    String::new()
                } else {
                    format!(
                        "point {}, replication {replication}",
                        self.point_name(point)
                    )
                };
                let place = [point, line.trim_start_matches(", ").to_string()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(" ({place})")
                };
                Error::Scenario {
                    file: file.to_string(),
                    message: format!("at `{path}`: {message}{place}"),
                }
            })?;
        self.resolve(raw).map_err(|problems| {
            if self.is_plain() {
                fail(problems)
            } else {
                fail(format!(
                    "{problems} (point {}, replication {replication})",
                    self.point_name(point)
                ))
            }
        })
    }

    /// Validates one expanded scenario against this template's file and data cache.
    fn resolve(&self, raw: ScenarioFile) -> std::result::Result<Scenario, String> {
        super::resolve_located(
            raw,
            &self.sources,
            self.sha256.clone(),
            &self.file,
            &self.base_dir,
            &self.default_name,
            &self.cache,
        )
    }

    /// Checks every point (at replication 0), and every bounded uncertain value at its lowest
    /// and highest value, and returns the first point's scenario.
    pub fn check(&self) -> Result<Scenario> {
        let (first, _) = self.instantiate(0, 0)?;
        for p in 1..self.points() {
            self.instantiate(p, 0)?;
        }
        for (i, u) in self.uncertain.iter().enumerate() {
            for extreme in u.distribution.extremes() {
                self.instantiate_with(0, 0, Some((i, extreme.clone())))
                    .map_err(|e| match e {
                        Error::Scenario { file, message } => Error::Scenario {
                            file,
                            message: format!(
                                "{message}; `{}` can take the value {extreme}",
                                u.path
                            ),
                        },
                        other => other,
                    })?;
            }
        }
        Ok(first)
    }
}

/// Groups axes into dimensions (axes of one group vary together).
fn dimensions_of(axes: &[Axis]) -> std::result::Result<Vec<Dimension>, String> {
    let mut dims: Vec<Dimension> = Vec::new();
    for (i, axis) in axes.iter().enumerate() {
        let names = |a: &Axis| -> Vec<String> {
            a.labels
                .clone()
                .unwrap_or_else(|| a.values.iter().map(display_value).collect())
        };
        match &axis.group {
            Some(g) => match dims.iter_mut().find(|d| &d.name == g) {
                Some(d) => {
                    if d.len != axis.values.len() {
                        return Err(format!(
                            "`{}`: sweep group '{g}' has {} values here but {} elsewhere: grouped sweeps vary together and need equal lengths",
                            axis.path,
                            axis.values.len(),
                            d.len
                        ));
                    }
                    d.axes.push(i);
                    if axis.labels.is_some() {
                        d.value_names = names(axis);
                    }
                }
                None => dims.push(Dimension {
                    name: g.clone(),
                    axes: vec![i],
                    len: axis.values.len(),
                    value_names: names(axis),
                }),
            },
            None => dims.push(Dimension {
                name: axis.path.to_string(),
                axes: vec![i],
                len: axis.values.len(),
                value_names: names(axis),
            }),
        }
    }
    let mut points: usize = 1;
    for d in &dims {
        points = points
            .checked_mul(d.len)
            .filter(|&p| p <= MAX_POINTS)
            .ok_or_else(|| {
                format!(
                    "the sweep axes make more than {MAX_POINTS} points (their lengths: {}): run fewer values per axis",
                    dims.iter()
                        .map(|d| d.len.to_string())
                        .collect::<Vec<_>>()
                        .join(" × ")
                )
            })?;
    }
    Ok(dims)
}

/// Most sweep points one scenario may have (a million: far above any sweep a run folder can
/// usefully hold, and small enough that `points × replications` counts stay well in range).
pub const MAX_POINTS: usize = 1_000_000;

/// Splits `v1,v2,...` at commas outside brackets and quotes.
fn split_values(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' | '{' if !quoted => depth += 1,
            ']' | '}' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[simulation]
start = "2023-01-01T00:00:00Z"
seed = 5
[[sites]]
name = "a"
pue = { sweep = [1.1, 1.3] }
[sites.grid]
carbon_intensity_g_per_kwh = { dist = "uniform", min = 100, max = 200 }
[sites.cluster]
nodes = 2
gpus_per_node = 8
accelerator = "H100"
host_idle_power_w = 0
host_busy_power_w = 0
[[workload.jobs]]
gpus = 8
duration_hours = { sweep = [1, 2, 3] }
"#;

    fn template(overrides: &[&str]) -> ScenarioTemplate {
        let o: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        ScenarioTemplate::from_toml(BASE, "t.toml", Path::new("."), "t", &o).unwrap()
    }

    #[test]
    fn axes_form_a_cartesian_product_with_names() {
        let t = template(&[]);
        assert_eq!(t.points(), 6);
        assert_eq!(
            t.point_name(0),
            "sites[0].pue=1.1;workload.jobs[0].duration_hours=1"
        );
        assert_eq!(
            t.point_name(5),
            "sites[0].pue=1.3;workload.jobs[0].duration_hours=3"
        );
        let (s, inputs) = t.instantiate(4, 0).unwrap();
        assert_eq!(
            s.sites[0].series.pue,
            crate::site::HourlySeries::Constant(1.3)
        );
        assert_eq!(inputs.len(), 1);
        assert!((100.0..=200.0).contains(&inputs[0]));
    }

    #[test]
    fn sampling_depends_only_on_point_and_replication() {
        let t = template(&[]);
        let a = t.instantiate(1, 7).unwrap().1;
        let b = t.instantiate(1, 7).unwrap().1;
        let c = t.instantiate(1, 8).unwrap().1;
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn set_overrides_and_sweeps_from_the_command_line() {
        let t = template(&["sites[0].pue=1.5", "sites[0].cluster.nodes=2,4"]);
        assert_eq!(t.points(), 6);
        assert!(t.point_name(0).starts_with("sites[0].cluster.nodes=2;"));
        assert_ne!(t.sha256, template(&[]).sha256);
        let bad =
            ScenarioTemplate::from_toml(BASE, "t.toml", Path::new("."), "t", &["nope".to_string()]);
        assert!(bad.is_err());
    }

    #[test]
    fn bad_distributions_name_the_key() {
        let text = BASE.replace("min = 100, max = 200", "min = 300, max = 200");
        let e = ScenarioTemplate::from_toml(&text, "t.toml", Path::new("."), "t", &[])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("sites[0].grid.carbon_intensity_g_per_kwh") && e.contains("min ≤ max"),
            "{e}"
        );
        let text = BASE.replace("dist = \"uniform\"", "dist = \"weibul\"");
        let e = ScenarioTemplate::from_toml(&text, "t.toml", Path::new("."), "t", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown distribution 'weibul'"), "{e}");
    }

    #[test]
    fn grouped_sweeps_vary_together_and_take_labels() {
        let text = BASE
            .replace(
                "pue = { sweep = [1.1, 1.3] }",
                "pue = { sweep = [1.1, 1.3], group = \"g\", labels = [\"cool\", \"warm\"] }",
            )
            .replace(
                "duration_hours = { sweep = [1, 2, 3] }",
                "duration_hours = { sweep = [1, 2], group = \"g\" }",
            );
        let t = ScenarioTemplate::from_toml(&text, "t.toml", Path::new("."), "t", &[]).unwrap();
        assert_eq!(t.points(), 2);
        assert_eq!(t.point_name(1), "g=warm");
        let (s, _) = t.instantiate(1, 0).unwrap();
        assert_eq!(
            s.sites[0].series.pue,
            crate::site::HourlySeries::Constant(1.3)
        );
        assert_eq!(s.workload.fixed[0].duration_s, 7_200);
        let bad = text.replace("sweep = [1, 2], group", "sweep = [1, 2, 3], group");
        assert!(
            ScenarioTemplate::from_toml(&bad, "t.toml", Path::new("."), "t", &[])
                .unwrap_err()
                .to_string()
                .contains("equal lengths")
        );
    }

    #[test]
    fn values_split_at_top_level_commas() {
        assert_eq!(split_values("1,2"), vec!["1", "2"]);
        assert_eq!(split_values("[1,2],\"a,b\""), vec!["[1,2]", "\"a,b\""]);
    }
}
