//! The report's chart kinds, drawn with plotters' SVG backend into strings. Every chart has
//! a title (inside the SVG), both axis labels (inside the SVG) and a caption (the HTML
//! figure's caption). plotters is built without font features: the SVG backend writes text
//! as `<text>` elements for the browser to set, so no system fonts are read at build or run
//! time.

use crate::error::{Error, Result};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// Series colours: the ten-colour "tab10" palette of matplotlib (Tableau 10), first six.
/// Data elements are drawn in these colours and axes in black or grey, so a test can tell
/// data from axes.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// Width of every chart, px.
pub const WIDTH: u32 = 760;
const FONT: &str = "sans-serif";

/// A drawn chart.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Title (also drawn in the SVG).
    pub title: String,
    /// x-axis label, with its unit.
    pub x_label: String,
    /// y-axis label, with its unit.
    pub y_label: String,
    /// One line saying what the chart shows.
    pub caption: String,
    /// The SVG element.
    pub svg: String,
}

/// Title, axis labels and caption of a chart to draw.
#[derive(Clone, Debug)]
pub struct Labels {
    /// Title.
    pub title: String,
    /// x-axis label, with its unit.
    pub x: String,
    /// y-axis label, with its unit.
    pub y: String,
    /// One-line caption.
    pub caption: String,
}

impl Labels {
    fn figure(self, svg: String) -> Figure {
        Figure {
            title: self.title,
            x_label: self.x,
            y_label: self.y,
            caption: self.caption,
            svg,
        }
    }
}

/// A line of a [`lines`] chart; NaN values leave gaps.
#[derive(Clone, Debug)]
pub struct Line {
    /// Legend entry.
    pub label: String,
    /// Points.
    pub points: Vec<(f64, f64)>,
    /// Index into [`PALETTE`].
    pub color: usize,
    /// Thin (1 px) rather than 2 px, for a secondary line (plotters draws a dashed line as
    /// one element per dash, too heavy for thousands of points).
    pub thin: bool,
}

/// A shaded band of a [`lines`] chart: `(x, low, high)`; NaN values leave gaps.
#[derive(Clone, Debug)]
pub struct Band {
    /// Legend entry.
    pub label: String,
    /// Points.
    pub points: Vec<(f64, f64, f64)>,
    /// Index into [`PALETTE`].
    pub color: usize,
}

fn draw_error<E: std::fmt::Display>(title: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::BadResult(format!("cannot draw the chart '{title}': {e}"))
}

/// The legend of the labelled series, drawn the same way in every chart that has one.
fn draw_legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    title: &str,
) -> Result<()> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 12))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(draw_error(title))
}

/// A tick label: up to four significant digits, exponent form for very large or small
/// numbers.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    // Below 1e-9 a tick is zero up to rounding (e.g. -2.2e-16 for a range starting at 0).
    if a < 1e-9 {
        "0".into()
    } else if !(1e-3..1e6).contains(&a) {
        format!("{v:.2e}")
    } else {
        let decimals = (3 - a.log10().floor() as i32).clamp(0, 4) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `lo..hi` padded by 5% (or by 1 around a single value), from finite values only.
fn range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    let pad = if hi > lo {
        (hi - lo) * 0.05
    } else {
        lo.abs().max(1.0) * 0.05
    };
    (lo - pad)..(hi + pad)
}

/// `lo..hi` of the finite values (widened around a single value).
fn exact_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        0.0..1.0
    } else if hi > lo {
        lo..hi
    } else {
        (lo - 0.5)..(hi + 0.5)
    }
}

/// Runs of consecutive items whose values are all finite.
fn runs<T: Copy>(items: &[T], finite: impl Fn(&T) -> bool) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for it in items {
        if finite(it) {
            run.push(*it);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Lines over shaded bands, on numeric axes.
pub fn lines(labels: Labels, height: u32, lines: &[Line], bands: &[Band]) -> Result<Figure> {
    let mut svg = String::new();
    {
        let title = labels.title.as_str();
        let err = draw_error(title);
        let xs = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .chain(bands.iter().flat_map(|b| b.points.iter().map(|p| p.0)));
        let x = exact_range(xs);
        let ys = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .chain(
                bands
                    .iter()
                    .flat_map(|b| b.points.iter().flat_map(|p| [p.1, p.2])),
            );
        let y = range(ys);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x, y)
            .map_err(&err)?;
        chart
            .configure_mesh()
            .x_desc(labels.x.as_str())
            .y_desc(labels.y.as_str())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;
        for band in bands {
            let c = color(band.color);
            for (k, run) in runs(&band.points, |p| p.1.is_finite() && p.2.is_finite())
                .into_iter()
                .enumerate()
            {
                let mut outline: Vec<(f64, f64)> = run.iter().map(|p| (p.0, p.2)).collect();
                outline.extend(run.iter().rev().map(|p| (p.0, p.1)));
                let drawn = chart
                    .draw_series(std::iter::once(Polygon::new(outline, c.mix(0.25).filled())))
                    .map_err(&err)?;
                if k == 0 {
                    drawn.label(band.label.as_str()).legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 16, y + 5)], c.mix(0.25).filled())
                    });
                }
            }
        }
        for line in lines {
            let c = color(line.color);
            let style = c.stroke_width(if line.thin { 1 } else { 2 });
            for (k, run) in runs(&line.points, |p| p.0.is_finite() && p.1.is_finite())
                .into_iter()
                .enumerate()
            {
                let drawn = chart
                    .draw_series(LineSeries::new(run, style))
                    .map_err(&err)?;
                if k == 0 {
                    drawn.label(line.label.as_str()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2))
                    });
                }
            }
        }
        draw_legend(&mut chart, title)?;
        root.present().map_err(&err)?;
    }
    Ok(labels.figure(svg))
}

/// One row of an [`hbars`] chart.
#[derive(Clone, Debug)]
pub struct HBar {
    /// Category label (drawn on the y axis).
    pub label: String,
    /// Value.
    pub value: f64,
    /// 95% interval, drawn as an error bar.
    pub ci: Option<(f64, f64)>,
}

/// Horizontal bars from zero (`bars`) or markers with error bars, one row per category,
/// the first at the top, with a line at zero.
pub fn hbars(labels: Labels, rows: &[HBar], bars: bool) -> Result<Figure> {
    let mut svg = String::new();
    {
        let title = labels.title.as_str();
        let err = draw_error(title);
        let n = rows.len().max(1) as i32;
        let x = range(
            rows.iter()
                .flat_map(|r| {
                    let (lo, hi) = r.ci.unwrap_or((r.value, r.value));
                    [r.value, lo, hi]
                })
                .chain([0.0]),
        );
        let longest = rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(4);
        let label_px = (longest as u32 * 7 + 20).clamp(60, 320);
        let height = 90 + 28 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(label_px)
            .build_cartesian_2d(x, (0..n - 1).into_segmented())
            .map_err(&err)?;
        // Row i is drawn at segment n-1-i so the first row is at the top.
        let names: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
        let y_of = move |v: &SegmentValue<i32>| -> String {
            match v {
                SegmentValue::CenterOf(k) => {
                    names.get((n - 1 - k) as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            }
        };
        chart
            .configure_mesh()
            .x_desc(labels.x.as_str())
            .y_desc(labels.y.as_str())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&y_of)
            .y_labels(n as usize + 1)
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .draw()
            .map_err(&err)?;
        for (i, r) in rows.iter().enumerate() {
            let k = n - 1 - i as i32;
            let c = color(if r.value < 0.0 { 3 } else { 0 });
            if bars {
                let mut rect = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(k)),
                        (r.value, SegmentValue::Exact(k + 1)),
                    ],
                    c.filled(),
                );
                rect.set_margin(5, 5, 0, 0);
                chart.draw_series(std::iter::once(rect)).map_err(&err)?;
            } else {
                let (lo, hi) = r.ci.unwrap_or((r.value, r.value));
                chart
                    .draw_series(std::iter::once(ErrorBar::new_horizontal(
                        SegmentValue::CenterOf(k),
                        lo,
                        r.value,
                        hi,
                        c.stroke_width(2),
                        10,
                    )))
                    .map_err(&err)?;
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (r.value, SegmentValue::CenterOf(k)),
                        4,
                        c.filled(),
                    )))
                    .map_err(&err)?;
            }
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Exact(n))],
                BLACK.stroke_width(1),
            )))
            .map_err(&err)?;
        root.present().map_err(&err)?;
    }
    Ok(labels.figure(svg))
}

/// Five-number summary of a box: (p5, p25, p50, p75, p95).
pub type BoxStats = (f64, f64, f64, f64, f64);

/// The value at quantile `q` of sorted `v` (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

/// The box of the positive finite values of `values`, and how many there were.
pub fn box_stats(values: &[f64]) -> Option<(BoxStats, usize)> {
    let mut v: Vec<f64> = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p| quantile(&v, p);
    Some(((q(0.05), q(0.25), q(0.5), q(0.75), q(0.95)), v.len()))
}

/// Vertical box plots (p25–p75 box, p50 line, p5–p95 whiskers) on a logarithmic y axis.
pub fn boxes(labels: Labels, rows: &[(String, BoxStats)]) -> Result<Figure> {
    let mut svg = String::new();
    {
        let title = labels.title.as_str();
        let err = draw_error(title);
        let n = rows.len().max(1) as i32;
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for (_, b) in rows {
            lo = lo.min(b.0);
            hi = hi.max(b.4);
        }
        if !lo.is_finite() || lo <= 0.0 {
            lo = 1e-3;
        }
        if hi <= lo {
            hi = lo * 10.0;
        }
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (0..n - 1).into_segmented(),
                ((lo / 1.5)..(hi * 1.5)).log_scale(),
            )
            .map_err(&err)?;
        let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let x_of = move |v: &SegmentValue<i32>| -> String {
            match v {
                SegmentValue::CenterOf(k) => names.get(*k as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            }
        };
        chart
            .configure_mesh()
            .x_desc(labels.x.as_str())
            .y_desc(labels.y.as_str())
            .x_label_formatter(&x_of)
            .x_labels(n as usize + 1)
            .y_label_formatter(&|v| tick(*v))
            .light_line_style(TRANSPARENT)
            .disable_x_mesh()
            .draw()
            .map_err(&err)?;
        for (i, (_, b)) in rows.iter().enumerate() {
            let k = i as i32;
            let c = color(i);
            chart
                .draw_series(std::iter::once(ErrorBar::new_vertical(
                    SegmentValue::CenterOf(k),
                    b.0,
                    b.2,
                    b.4,
                    c.stroke_width(1),
                    12,
                )))
                .map_err(&err)?;
            let mut rect = Rectangle::new(
                [
                    (SegmentValue::Exact(k), b.1),
                    (SegmentValue::Exact(k + 1), b.3),
                ],
                c.mix(0.5).filled(),
            );
            let width = WIDTH / (n as u32 + 1);
            rect.set_margin(0, 0, width / 4, width / 4);
            chart.draw_series(std::iter::once(rect)).map_err(&err)?;
            let mut median = Rectangle::new(
                [
                    (SegmentValue::Exact(k), b.2),
                    (SegmentValue::Exact(k + 1), b.2),
                ],
                c.stroke_width(2),
            );
            median.set_margin(0, 0, width / 4, width / 4);
            chart.draw_series(std::iter::once(median)).map_err(&err)?;
        }
        root.present().map_err(&err)?;
    }
    Ok(labels.figure(svg))
}

/// A vertical marker line of a [`histogram`].
#[derive(Clone, Debug)]
pub struct Marker {
    /// Legend entry (none when empty: the second line of a pair).
    pub label: String,
    /// Position.
    pub x: f64,
    /// Index into [`PALETTE`].
    pub color: usize,
    /// Dashed rather than solid.
    pub dashed: bool,
}

/// A histogram of `values` with vertical marker lines.
pub fn histogram(labels: Labels, values: &[f64], markers: &[Marker]) -> Result<Figure> {
    let mut svg = String::new();
    {
        let title = labels.title.as_str();
        let err = draw_error(title);
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let x = range(finite.iter().copied().chain(markers.iter().map(|m| m.x)));
        let bins = ((finite.len() as f64).sqrt().ceil() as usize).clamp(5, 40);
        let (lo, hi) = finite
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let width = if hi > lo {
            (hi - lo) / bins as f64
        } else {
            1.0
        };
        let mut counts = vec![0u32; bins];
        for v in &finite {
            let b = (((v - lo) / width) as usize).min(bins - 1);
            counts[b] += 1;
        }
        let top = f64::from(counts.iter().copied().max().unwrap_or(1)) * 1.15;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 280)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x, 0.0..top)
            .map_err(&err)?;
        chart
            .configure_mesh()
            .x_desc(labels.x.as_str())
            .y_desc(labels.y.as_str())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;
        let c = color(0);
        chart
            .draw_series(counts.iter().enumerate().map(|(b, &k)| {
                let x0 = lo + width * b as f64;
                let x1 = if hi > lo { x0 + width } else { lo + 0.02 };
                let mut r = Rectangle::new([(x0, 0.0), (x1, f64::from(k))], c.mix(0.6).filled());
                r.set_margin(0, 0, 1, 1);
                r
            }))
            .map_err(&err)?;
        for m in markers.iter().filter(|m| m.x.is_finite()) {
            let mc = color(m.color);
            let pts = vec![(m.x, 0.0), (m.x, top)];
            let drawn = if m.dashed {
                chart
                    .draw_series(DashedLineSeries::new(pts, 5, 4, mc.stroke_width(2)))
                    .map_err(&err)?
            } else {
                chart
                    .draw_series(LineSeries::new(pts, mc.stroke_width(2)))
                    .map_err(&err)?
            };
            if !m.label.is_empty() {
                drawn.label(m.label.as_str()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], mc.stroke_width(2))
                });
            }
        }
        draw_legend(&mut chart, title)?;
        root.present().map_err(&err)?;
    }
    Ok(labels.figure(svg))
}

/// A point of a [`scatter`] chart, with 95% intervals on both axes.
#[derive(Clone, Debug)]
pub struct ScatterPoint {
    /// Label drawn next to the point.
    pub label: String,
    /// x and its interval.
    pub x: (f64, f64, f64),
    /// y and its interval.
    pub y: (f64, f64, f64),
    /// On the Pareto front (drawn filled and joined by a line).
    pub front: bool,
}

/// Labelled points with error bars on both axes; the points marked `front` are joined.
pub fn scatter(labels: Labels, points: &[ScatterPoint]) -> Result<Figure> {
    let mut svg = String::new();
    {
        let title = labels.title.as_str();
        let err = draw_error(title);
        let fin = |a: f64, b: f64| if a.is_finite() { a } else { b };
        let x = range(
            points
                .iter()
                .flat_map(|p| [p.x.0, fin(p.x.1, p.x.0), fin(p.x.2, p.x.0)]),
        );
        let y = range(
            points
                .iter()
                .flat_map(|p| [p.y.0, fin(p.y.1, p.y.0), fin(p.y.2, p.y.0)]),
        );
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(&err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x, y)
            .map_err(&err)?;
        chart
            .configure_mesh()
            .x_desc(labels.x.as_str())
            .y_desc(labels.y.as_str())
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(&err)?;
        let mut front: Vec<(f64, f64)> = points
            .iter()
            .filter(|p| p.front)
            .map(|p| (p.x.0, p.y.0))
            .collect();
        front.sort_by(|a, b| a.0.total_cmp(&b.0));
        let fc = color(2);
        chart
            .draw_series(DashedLineSeries::new(front, 6, 4, fc.stroke_width(1)))
            .map_err(&err)?
            .label("Pareto front")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], fc));
        for p in points {
            let c = color(if p.front { 2 } else { 0 });
            let (x, y) = (p.x.0, p.y.0);
            chart
                .draw_series(std::iter::once(ErrorBar::new_horizontal(
                    y,
                    fin(p.x.1, x),
                    x,
                    fin(p.x.2, x),
                    c,
                    8,
                )))
                .map_err(&err)?;
            chart
                .draw_series(std::iter::once(ErrorBar::new_vertical(
                    x,
                    fin(p.y.1, y),
                    y,
                    fin(p.y.2, y),
                    c,
                    8,
                )))
                .map_err(&err)?;
            let marker = if p.front {
                c.filled()
            } else {
                c.stroke_width(2)
            };
            chart
                .draw_series(std::iter::once(Circle::new((x, y), 5, marker)))
                .map_err(&err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    p.label.clone(),
                    (x, y),
                    (FONT, 12).into_font().color(&BLACK),
                )))
                .map_err(&err)?;
        }
        draw_legend(&mut chart, title)?;
        root.present().map_err(&err)?;
    }
    Ok(labels.figure(svg))
}
