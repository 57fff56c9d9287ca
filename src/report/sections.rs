//! The report's sections, each built from what the run folder has: a section whose data
//! the run did not write is left out (or says which file it would need).

use super::chart::{self, Band, HBar, Labels, Line, Marker, ScatterPoint};
use super::html::{Part, Section, table};
use super::options::Options;
use super::read::{Run, SiteHours, columns};
use crate::error::{Error, Result};
use crate::metrics;
use crate::montecarlo::sensitivity::HEADLINE_METRICS;

/// Headline metrics of the distribution and paired-difference charts: the sensitivity
/// ranking's metrics and the mean wait.
const DISTRIBUTION_METRICS: [&str; 6] = [
    HEADLINE_METRICS[0],
    HEADLINE_METRICS[1],
    HEADLINE_METRICS[2],
    HEADLINE_METRICS[3],
    HEADLINE_METRICS[4],
    "wait_mean_s",
];

/// Job classes drawn at most in a job-footprint chart (those with the most jobs).
pub const MAX_CLASSES: usize = 12;

/// Hours in the week charts.
const WEEK_HOURS: usize = 7 * 24;

/// A number with four significant digits (exponent form beyond 1e9 or below 1e-3).
pub fn number(v: f64) -> String {
    if v.is_nan() {
        return "–".into();
    }
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e9).contains(&a) {
        format!("{v:.3e}")
    } else {
        let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
        format!("{v:.decimals$}")
    }
}

fn unit_of(metric: &str) -> &'static str {
    metrics::metric(metric).map_or("", |m| m.unit)
}

/// `name (unit)`, or `name` for a count-free dimensionless metric.
fn with_unit(metric: &str) -> String {
    match unit_of(metric) {
        "" | "1" => metric.to_string(),
        u => format!("{metric} ({u})"),
    }
}

fn summary_row<'a>(
    run: &'a Run,
    point: &str,
    scope: &str,
    metric: &str,
) -> Option<&'a super::read::SummaryRow> {
    run.summary
        .iter()
        .find(|r| r.point == point && r.scope == scope && r.metric == metric)
}

fn interval(ci: (f64, f64)) -> String {
    if ci.0.is_finite() && ci.1.is_finite() {
        format!("[{}, {}]", number(ci.0), number(ci.1))
    } else {
        "–".into()
    }
}

/// 1. The summary table (scope `total`) and the run's provenance.
pub fn summary(run: &Run) -> Section {
    let points = &run.manifest.points;
    let mut metrics_in_order: Vec<&str> = Vec::new();
    for r in run.summary.iter().filter(|r| r.scope == "total") {
        if !metrics_in_order.contains(&r.metric.as_str()) {
            metrics_in_order.push(&r.metric);
        }
    }
    let mut parts = Vec::new();
    if points.len() == 1 {
        let header = [
            "metric",
            "unit",
            "mean",
            "95% CI of the mean",
            "p5 – p95",
            "replications",
        ]
        .map(String::from);
        let rows: Vec<Vec<String>> = metrics_in_order
            .iter()
            .filter_map(|m| summary_row(run, &points[0], "total", m))
            .map(|r| {
                vec![
                    r.metric.clone(),
                    unit_of(&r.metric).to_string(),
                    number(r.mean),
                    interval(r.ci),
                    if r.n > 1.0 {
                        format!("{} – {}", number(r.p5_p95.0), number(r.p5_p95.1))
                    } else {
                        "–".into()
                    },
                    number(r.n),
                ]
            })
            .collect();
        parts.push(Part::Table(table(&header, &rows)));
    } else {
        let mut header = vec!["metric".to_string(), "unit".to_string()];
        header.extend(points.iter().map(|p| format!("{p}: mean [95% CI]")));
        let rows: Vec<Vec<String>> = metrics_in_order
            .iter()
            .map(|m| {
                let mut row = vec![m.to_string(), unit_of(m).to_string()];
                row.extend(
                    points
                        .iter()
                        .map(|p| match summary_row(run, p, "total", m) {
                            Some(r) if r.ci.0.is_finite() => {
                                format!("{} {}", number(r.mean), interval(r.ci))
                            }
                            Some(r) => number(r.mean),
                            None => "–".into(),
                        }),
                );
                row
            })
            .collect();
        parts.push(Part::Table(table(&header, &rows)));
    }
    parts.push(Part::Note(
        "Scope: the sum over sites (per-site rows are in summary.csv). The 95% CI is the Student-t interval of the mean over replications; p5 – p95 is the spread of single replications.".into(),
    ));
    Section {
        id: "summary".into(),
        heading: "1. Summary".into(),
        parts,
    }
}

/// 1. Provenance: scenario, seed, version, data files and their hashes.
pub fn provenance(run: &Run) -> Section {
    let m = &run.manifest;
    let mut rows = vec![
        vec!["scenario".into(), m.scenario_name.clone()],
        vec!["scenario source".into(), m.scenario_source.clone()],
        vec!["scenario SHA-256".into(), m.scenario_sha256.clone()],
        vec!["seed".into(), m.seed.to_string()],
        vec!["footprint version".into(), m.footprint_version.clone()],
        vec![
            "replications per point".into(),
            format!("{} run ({} requested)", m.replications_run, m.replications),
        ],
        vec!["points".into(), m.points.join(", ")],
        vec![
            "baseline point".into(),
            m.points.get(m.baseline).cloned().unwrap_or_default(),
        ],
        vec!["uncertain inputs".into(), m.inputs.join(", ")],
        vec!["overrides (--set)".into(), m.overrides.join(" ")],
        vec!["command".into(), m.command.join(" ")],
        vec!["started (UTC)".into(), m.started_utc.clone()],
        vec!["wall time (s)".into(), number(m.wall_time_s)],
        vec!["run folder".into(), run.dir.display().to_string()],
    ];
    rows.extend(m.warnings.iter().map(|w| vec!["warning".into(), w.clone()]));
    let mut parts = vec![Part::Table(table(&["field".into(), "value".into()], &rows))];
    let files = |digests: &[crate::digest::FileDigest]| -> Vec<Vec<String>> {
        digests
            .iter()
            .map(|d| vec![d.path.clone(), d.bytes.to_string(), d.blake3.clone()])
            .collect()
    };
    let header = ["file", "bytes", "BLAKE3"].map(String::from);
    parts.push(Part::Heading("Input data files".into()));
    if m.input_digests.is_empty() {
        parts.push(Part::Note(
            "none: the scenario uses built-in presets only".into(),
        ));
    } else {
        parts.push(Part::Table(table(&header, &files(&m.input_digests))));
    }
    parts.push(Part::Heading("Output files".into()));
    parts.push(Part::Table(table(&header, &files(&m.file_digests))));
    Section {
        id: "provenance".into(),
        heading: "Provenance".into(),
        parts,
    }
}

/// Daily means of `v` (a day: 24 consecutive values from the start; NaNs skipped).
fn daily(v: &[f64]) -> Vec<(f64, f64)> {
    v.chunks(24)
        .enumerate()
        .map(|(d, c)| {
            let (s, k) = c
                .iter()
                .filter(|x| x.is_finite())
                .fold((0.0, 0usize), |(s, k), x| (s + x, k + 1));
            (d as f64, if k > 0 { s / k as f64 } else { f64::NAN })
        })
        .collect()
}

/// The first hour and length of the week drawn for a site.
fn week_of(site: &SiteHours, options: &Options) -> Result<(usize, usize)> {
    let n = site.time_utc.len();
    let start = match &options.week_start {
        Some(day) => site
            .time_utc
            .iter()
            .position(|t| t.starts_with(day.as_str()))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--week-start {day}: site '{}' has no hour on that day (its window runs from {} to {})",
                    site.site,
                    site.time_utc.first().map_or("", String::as_str),
                    site.time_utc.last().map_or("", String::as_str)
                ))
            })?,
        None => {
            let facility = site.series.get(columns::hourly::FACILITY_ENERGY);
            let peak = facility.map_or(0, |f| {
                f.iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_finite())
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map_or(0, |(i, _)| i)
            });
            let days = n.div_ceil(24);
            let day = (peak / 24).saturating_sub(3).min(days.saturating_sub(7));
            day * 24
        }
    };
    Ok((start, WEEK_HOURS.min(n - start)))
}

struct SiteView<'a> {
    site: &'a SiteHours,
    run: &'a Run,
    start_label: String,
}

impl SiteView<'_> {
    fn series(&self, name: &str) -> Option<&Vec<f64>> {
        self.site.series.get(name)
    }

    /// A band of `hourly_bands.csv` for this site, if the run has one.
    fn band(&self, quantity: &str) -> Option<&super::read::Band> {
        self.run
            .bands
            .get(&(self.site.site.clone(), quantity.to_string()))
    }

    /// Water per hour: on-site + off-site.
    fn water(&self) -> Option<Vec<f64>> {
        let on = self.series(columns::hourly::WATER_ONSITE)?;
        let off = self.series(columns::hourly::WATER_OFFSITE)?;
        Some(on.iter().zip(off).map(|(a, b)| a + b).collect())
    }
}

/// One hourly quantity to draw: line(s) and the band quantity.
struct Quantity {
    what: &'static str,
    y: &'static str,
    lines: Vec<(String, Vec<f64>, usize, bool)>,
    band: Option<(&'static str, usize)>,
}

fn site_quantities(v: &SiteView<'_>) -> Vec<Quantity> {
    use columns::hourly as c;
    let mut out = Vec::new();
    let mut power = Vec::new();
    if let Some(it) = v.series(c::IT_POWER) {
        power.push(("IT power".to_string(), it.clone(), 0, false));
    }
    if let Some(f) = v.series(c::FACILITY_ENERGY) {
        power.push(("facility power".to_string(), f.clone(), 1, false));
    }
    if !power.is_empty() {
        out.push(Quantity {
            what: "IT and facility power",
            y: "power (kW)",
            lines: power,
            band: Some(("facility_power_kw", 1)),
        });
    }
    if let Some(p) = v.series(c::PUE) {
        out.push(Quantity {
            what: "PUE",
            y: "PUE (1)",
            lines: vec![("PUE".into(), p.clone(), 2, false)],
            band: None,
        });
    }
    let mut carbon = Vec::new();
    if let Some(a) = v.series(c::CARBON) {
        carbon.push(("average".to_string(), a.clone(), 0, false));
    }
    if let Some(m) = v
        .series(c::MARGINAL)
        .filter(|m| m.iter().any(|x| x.is_finite()))
    {
        carbon.push(("marginal".to_string(), m.clone(), 3, true));
    }
    if !carbon.is_empty() {
        out.push(Quantity {
            what: "carbon intensity",
            y: "carbon intensity (gCO2e/kWh)",
            lines: carbon,
            band: Some(("carbon_intensity_g_per_kwh", 0)),
        });
    }
    if let Some(w) = v.water() {
        out.push(Quantity {
            what: "water (on-site + off-site)",
            y: "water (L per hour)",
            lines: vec![("water".into(), w, 4, false)],
            band: Some(("water_l", 4)),
        });
    }
    out
}

fn hourly_figure(
    v: &SiteView<'_>,
    q: &Quantity,
    window: Option<(usize, usize)>,
) -> Result<chart::Figure> {
    let site = &v.site.site;
    let band = q
        .band
        .and_then(|(name, color)| v.band(name).map(|b| (b, color)));
    let (lines, bands, title, x, caption) = match window {
        None => {
            let lines: Vec<Line> = q
                .lines
                .iter()
                .map(|(label, values, color, dashed)| Line {
                    label: label.clone(),
                    points: daily(values),
                    color: *color,
                    thin: *dashed,
                })
                .collect();
            let bands: Vec<Band> = band
                .map(|(b, color)| Band {
                    label: "p5–p95 over replications".into(),
                    points: daily(&b.p5)
                        .into_iter()
                        .zip(daily(&b.p95))
                        .map(|((d, lo), (_, hi))| (d, lo, hi))
                        .collect(),
                    color,
                })
                .into_iter()
                .collect();
            let with_band = if bands.is_empty() {
                String::new()
            } else {
                ", shaded between the daily means of the hourly 5th and 95th percentiles over replications"
                    .into()
            };
            (
                lines,
                bands,
                format!("{site}: {} over the window", q.what),
                format!("days since {}", v.start_label),
                format!(
                    "Daily means of the hourly {} of site {site} in replication 0 of point {}{with_band}.",
                    q.what, v.run.shown_point
                ),
            )
        }
        Some((start, len)) => {
            let slice = |values: &[f64]| -> Vec<(f64, f64)> {
                values
                    .iter()
                    .skip(start)
                    .take(len)
                    .enumerate()
                    .map(|(h, &y)| (h as f64, y))
                    .collect()
            };
            let lines: Vec<Line> = q
                .lines
                .iter()
                .map(|(label, values, color, dashed)| Line {
                    label: label.clone(),
                    points: slice(values),
                    color: *color,
                    thin: *dashed,
                })
                .collect();
            let bands: Vec<Band> = band
                .map(|(b, color)| Band {
                    label: "p5–p95 over replications".into(),
                    points: slice(&b.p5)
                        .into_iter()
                        .zip(slice(&b.p95))
                        .map(|((h, lo), (_, hi))| (h, lo, hi))
                        .collect(),
                    color,
                })
                .into_iter()
                .collect();
            let first = v.site.time_utc.get(start).cloned().unwrap_or_default();
            let with_band = if bands.is_empty() {
                String::new()
            } else {
                ", shaded between the hourly 5th and 95th percentiles over replications".into()
            };
            (
                lines,
                bands,
                format!("{site}: {}, week from {first}", q.what),
                format!("hours since {first}"),
                format!(
                    "Hourly {} of site {site} over {len} hours from {first}, replication 0 of point {}{with_band}.",
                    q.what, v.run.shown_point
                ),
            )
        }
    };
    chart::lines(
        Labels {
            title,
            x,
            y: q.y.to_string(),
            caption,
        },
        280,
        &lines,
        &bands,
    )
}

/// 2. Per site: hourly power, PUE, carbon intensity and water, over the window and a week.
/// 7. (procurement) hourly contracted supply against load, with the CFE score.
pub fn sites(run: &Run, options: &Options) -> Result<Vec<Section>> {
    let mut out = Vec::new();
    if run.hours.is_empty() {
        return Ok(out);
    }
    let mut parts = Vec::new();
    let mut supply_parts = Vec::new();
    for site in &run.hours {
        let start_label = site
            .time_utc
            .first()
            .map_or("the window start".into(), |t| t.clone());
        let v = SiteView {
            site,
            run,
            start_label,
        };
        let (start, len) = week_of(site, options)?;
        let week_reason = if options.week_start.is_some() {
            "the week chosen with --week-start".to_string()
        } else {
            let peak = site
                .series
                .get(columns::hourly::FACILITY_ENERGY)
                .and_then(|f| {
                    f.iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_finite())
                        .max_by(|a, b| a.1.total_cmp(b.1))
                        .map(|(i, _)| i)
                });
            match peak {
                Some(h) => format!(
                    "the week around the hour of peak facility power ({})",
                    site.time_utc[h]
                ),
                None => "the first week".into(),
            }
        };
        parts.push(Part::Heading(format!("Site {}", site.site)));
        let quantities = site_quantities(&v);
        for q in &quantities {
            parts.push(Part::Figure(hourly_figure(&v, q, None)?));
        }
        parts.push(Part::Note(format!("Site {}: {week_reason}.", site.site)));
        for q in &quantities {
            parts.push(Part::Figure(hourly_figure(&v, q, Some((start, len)))?));
        }
        // 7. Procurement: contracted clean supply against load.
        let supply = site.series.get(columns::hourly::SUPPLY);
        let load = site.series.get(columns::hourly::FACILITY_ENERGY);
        if let (Some(supply), Some(load)) = (supply, load)
            && supply.iter().any(|s| *s > 0.0)
        {
            let cfe = summary_row(
                run,
                &run.shown_point,
                &format!("site:{}", site.site),
                "cfe_score",
            )
            .map_or(f64::NAN, |r| r.mean);
            let mut lines = vec![
                ("load (facility power)".to_string(), load.clone(), 1, false),
                (
                    "contracted clean supply".to_string(),
                    supply.clone(),
                    2,
                    false,
                ),
            ];
            if let Some(m) = site.series.get(columns::hourly::MATCHED) {
                lines.push(("load matched by clean supply".into(), m.clone(), 0, true));
            }
            let q = Quantity {
                what: "clean supply against load",
                y: "power (kW)",
                lines,
                band: None,
            };
            supply_parts.push(Part::Heading(format!(
                "Site {}: CFE score {}",
                site.site,
                number(cfe)
            )));
            let mut whole = hourly_figure(&v, &q, None)?;
            whole.caption = format!(
                "{} Hourly CFE score over the window (cfe_score): {}.",
                whole.caption,
                number(cfe)
            );
            supply_parts.push(Part::Figure(whole));
            supply_parts.push(Part::Figure(hourly_figure(&v, &q, Some((start, len)))?));
        }
    }
    out.push(Section {
        id: "sites".into(),
        heading: format!("2. Hourly, by site (point {})", run.shown_point),
        parts,
    });
    if !supply_parts.is_empty() {
        out.push(Section {
            id: "procurement".into(),
            heading: "7. Procurement: hourly clean supply against load".into(),
            parts: supply_parts,
        });
    }
    Ok(out)
}

/// 3. Per-job footprints by job class.
pub fn jobs(run: &Run) -> Result<Option<Section>> {
    if run.jobs.is_empty() {
        return Ok(None);
    }
    let mut classes: Vec<&super::read::JobClass> = run.jobs.iter().collect();
    classes.sort_by_key(|k| std::cmp::Reverse(k.energy_kwh.len()));
    let capped = classes.len() > MAX_CLASSES;
    classes.truncate(MAX_CLASSES);
    let mut parts = Vec::new();
    type Pick = fn(&super::read::JobClass) -> &Vec<f64>;
    let kinds: [(&str, &str, &str, Pick); 3] = [
        (
            "facility energy",
            "facility_energy_kwh",
            "energy per job (kWh)",
            |k| &k.energy_kwh,
        ),
        (
            "life-cycle carbon",
            "co2_total_kg",
            "CO2e per job (kg CO2e)",
            |k| &k.co2_kg,
        ),
        (
            "water",
            "water_onsite_l + water_offsite_l",
            "water per job (L)",
            |k| &k.water_l,
        ),
    ];
    for (what, column, y, pick) in kinds {
        let rows: Vec<(String, chart::BoxStats)> = classes
            .iter()
            .filter_map(|k| {
                chart::box_stats(pick(k)).map(|(b, n)| (format!("{} (n={n})", k.name), b))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let more = if capped {
            format!("; the {MAX_CLASSES} classes with most jobs")
        } else {
            String::new()
        };
        parts.push(Part::Figure(chart::boxes(
            Labels {
                title: format!("{what} per job, by job class"),
                x: "job class (jobs with a positive value)".into(),
                y: y.into(),
                caption: format!(
                    "Per-job {what} ({column} in jobs.csv), replication 0 of point {}: box from the 25th to the 75th percentile, line at the median, whiskers from the 5th to the 95th percentile; logarithmic axis{more}.",
                    run.shown_point
                ),
            },
            &rows,
        )?));
    }
    Ok(Some(Section {
        id: "jobs".into(),
        heading: "3. Per-job footprints by job class".into(),
        parts,
    }))
}

/// 4. Monte Carlo distributions of the headline metrics with their intervals.
pub fn distributions(run: &Run) -> Result<Option<Section>> {
    if run.replications.is_empty() {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for metric in DISTRIBUTION_METRICS {
        let Some(values) = run.replications.get(metric) else {
            continue;
        };
        if !values.iter().any(|v| v.is_finite()) {
            continue;
        }
        let Some(s) = summary_row(run, &run.shown_point, "total", metric) else {
            continue;
        };
        let markers = vec![
            Marker {
                label: "mean".into(),
                x: s.mean,
                color: 1,
                dashed: false,
            },
            Marker {
                label: "95% CI of the mean".into(),
                x: s.ci.0,
                color: 3,
                dashed: true,
            },
            Marker {
                label: String::new(),
                x: s.ci.1,
                color: 3,
                dashed: true,
            },
            Marker {
                label: "p5 and p95".into(),
                x: s.p5_p95.0,
                color: 4,
                dashed: true,
            },
            Marker {
                label: String::new(),
                x: s.p5_p95.1,
                color: 4,
                dashed: true,
            },
        ];
        parts.push(Part::Figure(chart::histogram(
            Labels {
                title: format!("{metric}: distribution over replications"),
                x: with_unit(metric),
                y: "replications (count)".into(),
                caption: format!(
                    "Histogram of {metric} over the {} replications of point {} (scope total), mean {} with 95% CI {}, p5 – p95 {} – {}.",
                    values.len(),
                    run.shown_point,
                    number(s.mean),
                    interval(s.ci),
                    number(s.p5_p95.0),
                    number(s.p5_p95.1)
                ),
            },
            values,
            &markers,
        )?));
    }
    Ok((!parts.is_empty()).then(|| Section {
        id: "distributions".into(),
        heading: "4. Monte Carlo distributions".into(),
        parts,
    }))
}

/// 5. The sensitivity ranking as tornado charts.
pub fn sensitivity(run: &Run) -> Result<Option<Section>> {
    if run.effects.is_empty() {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for metric in HEADLINE_METRICS {
        let mut rows: Vec<HBar> = run
            .effects
            .iter()
            .filter(|e| e.point == run.shown_point && e.metric == *metric && e.method == "src")
            .map(|e| HBar {
                label: e.input.clone(),
                value: e.value,
                ci: None,
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        let r2 = run
            .effects
            .iter()
            .find(|e| e.point == run.shown_point && e.metric == *metric && e.method == "r2")
            .map_or(f64::NAN, |e| e.value);
        parts.push(Part::Figure(chart::hbars(
            Labels {
                title: format!("what drives {metric}"),
                x: "standardised regression coefficient (1)".into(),
                y: "uncertain input".into(),
                caption: format!(
                    "Standardised regression coefficients of {metric} on the uncertain inputs over the replications of point {} (sensitivity.csv), largest effect first; the linear model explains R² = {} of the variance.",
                    run.shown_point,
                    number(r2)
                ),
            },
            &rows,
            true,
        )?));
    }
    let mut sweep: Vec<HBar> = run
        .effects
        .iter()
        .filter(|e| e.method == "sweep_range")
        .map(|e| HBar {
            label: format!("{} → {}", e.input, e.metric),
            value: e.value,
            ci: None,
        })
        .collect();
    if !sweep.is_empty() {
        sweep.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
        parts.push(Part::Figure(chart::hbars(
            Labels {
                title: "what drives the results: sweep axes".into(),
                x: "range of the main effect / mean (1)".into(),
                y: "sweep axis → metric".into(),
                caption: "For each sweep axis and headline metric, the range (max − min) of the metric's mean over the axis's values, relative to the overall mean (sensitivity.csv), largest first.".into(),
            },
            &sweep,
            true,
        )?));
    }
    Ok((!parts.is_empty()).then(|| Section {
        id: "sensitivity".into(),
        heading: "5. Sensitivity ranking".into(),
        parts,
    }))
}

/// Whether `a` is dominated by some other point (lower or equal in both, lower in one).
fn dominated(a: (f64, f64), all: &[(f64, f64)]) -> bool {
    all.iter()
        .any(|b| b.0 <= a.0 && b.1 <= a.1 && (b.0 < a.0 || b.1 < a.1))
}

/// 6. Swept runs: paired differences against the baseline, and the Pareto chart.
pub fn sweep(run: &Run, options: &Options) -> Result<Option<Section>> {
    let points = &run.manifest.points;
    if points.len() < 2 {
        return Ok(None);
    }
    let mut parts = Vec::new();
    let baseline = &run.shown_point;
    for metric in DISTRIBUTION_METRICS {
        let rows: Vec<HBar> = points
            .iter()
            .filter(|p| *p != baseline)
            .filter_map(|p| {
                run.deltas
                    .iter()
                    .find(|d| &d.point == p && d.metric == metric)
            })
            .filter(|d| d.mean.is_finite())
            .map(|d| HBar {
                label: d.point.clone(),
                value: d.mean,
                ci: (d.ci.0.is_finite() && d.ci.1.is_finite()).then_some(d.ci),
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        parts.push(Part::Figure(chart::hbars(
            Labels {
                title: format!("{metric}: paired difference against {baseline}"),
                x: format!("Δ {}", with_unit(metric)),
                y: "point".into(),
                caption: format!(
                    "Mean paired difference of {metric} (scope total) of each point minus the baseline {baseline}, replication by replication, with its 95% interval (comparisons.csv); left of zero is lower than the baseline."
                ),
            },
            &rows,
            false,
        )?));
    }
    let (mx, my) = (&options.pareto.0, &options.pareto.1);
    let mut pts = Vec::new();
    for p in points {
        let (Some(x), Some(y)) = (
            summary_row(run, p, "total", mx),
            summary_row(run, p, "total", my),
        ) else {
            continue;
        };
        pts.push((p.clone(), x, y));
    }
    if pts.len() >= 2 {
        let xy: Vec<(f64, f64)> = pts.iter().map(|(_, x, y)| (x.mean, y.mean)).collect();
        let scatter: Vec<ScatterPoint> = pts
            .iter()
            .map(|(p, x, y)| ScatterPoint {
                label: p.clone(),
                x: (x.mean, x.ci.0, x.ci.1),
                y: (y.mean, y.ci.0, y.ci.1),
                front: !dominated((x.mean, y.mean), &xy),
            })
            .collect();
        parts.push(Part::Figure(chart::scatter(
            Labels {
                title: format!("trade-off: {my} against {mx}"),
                x: with_unit(mx),
                y: with_unit(my),
                caption: format!(
                    "Mean {mx} and {my} (scope total) of each point with their 95% intervals (summary.csv); filled points joined by the dashed line are the Pareto front (no other point is lower in both)."
                ),
            },
            &scatter,
        )?));
    } else {
        return Err(Error::Usage(format!(
            "--pareto {mx},{my}: summary.csv has no such metric for the points (expected metric names of summary.csv, e.g. co2_total_kg,wait_mean_s)"
        )));
    }
    Ok(Some(Section {
        id: "sweep".into(),
        heading: format!("6. Sweep: points against the baseline {baseline}"),
        parts,
    }))
}

/// 7. Projections: a fan chart per metric by year.
pub fn projection(run: &Run) -> Result<Option<Section>> {
    if run.projection.is_empty() {
        return Ok(None);
    }
    let mut metrics_in_order: Vec<&str> = Vec::new();
    for r in &run.projection {
        if !metrics_in_order.contains(&r.metric.as_str()) {
            metrics_in_order.push(&r.metric);
        }
    }
    let mut parts = Vec::new();
    for metric in metrics_in_order {
        let stat = |s: &str| -> Vec<(f64, f64)> {
            let mut v: Vec<(f64, f64)> = run
                .projection
                .iter()
                .filter(|r| r.metric == metric && r.statistic == s)
                .map(|r| (r.year, r.value))
                .collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            v
        };
        let (p5, p50, p95, mean) = (stat("p5"), stat("p50"), stat("p95"), stat("mean"));
        let band: Vec<(f64, f64, f64)> = p5
            .iter()
            .filter_map(|&(y, lo)| p95.iter().find(|q| q.0 == y).map(|q| (y, lo, q.1)))
            .collect();
        let mut lines = Vec::new();
        if !p50.is_empty() {
            lines.push(Line {
                label: "median (p50)".into(),
                points: p50,
                color: 0,
                thin: false,
            });
        }
        if !mean.is_empty() {
            lines.push(Line {
                label: "mean".into(),
                points: mean,
                color: 1,
                thin: true,
            });
        }
        let bands: Vec<Band> = (!band.is_empty())
            .then(|| Band {
                label: "p5–p95".into(),
                points: band,
                color: 0,
            })
            .into_iter()
            .collect();
        parts.push(Part::Figure(chart::lines(
            Labels {
                title: format!("{metric}: projection by year"),
                x: "year".into(),
                y: with_unit(metric),
                caption: format!(
                    "Projected {metric} by year (projection.csv): median, mean and the band from the 5th to the 95th percentile."
                ),
            },
            300,
            &lines,
            &bands,
        )?));
    }
    Ok(Some(Section {
        id: "projection".into(),
        heading: "7. Projections".into(),
        parts,
    }))
}
