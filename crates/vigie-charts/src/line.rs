//! Trends over years: one line per series.

use crate::axes::{self, BELOW, PLOT_HEIGHT};
use crate::scale::{YScale, clean, nice_ticks};
use crate::svg::{self, Esc, INK, LINE, Legend, N, PAD, WIDTH, colour};
use crate::{Series, Texts};

const KIND: &str = "line";

/// Dash pattern of each series (after the colour, so lines differ in print).
const DASHES: [&str; 5] = ["", "8 4", "2 4", "12 4 2 4", "5 3"];

/// Least vertical distance between two end labels.
const LABEL_GAP: f64 = 18.0;

/// A line per series over the years, e.g. appropriations against payments.
///
/// Values are plotted from a zero baseline (negative values extend it
/// downwards). A year missing inside a series breaks its line; every point
/// is marked (marker shape and dash differ per series), and the last value of
/// each series is written, through `format`, at the end of its line.
/// Returns the `empty` text as a chart when no series has a finite point.
pub fn line_chart(texts: &Texts, series: &[Series], format: &dyn Fn(f64) -> String) -> String {
    let lines: Vec<Vec<(i32, f64)>> = series.iter().map(|s| clean(&s.points)).collect();
    let mut years: Option<(i32, i32)> = None;
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for &(year, value) in lines.iter().flatten() {
        years = Some(match years {
            None => (year, year),
            Some((a, b)) => (a.min(year), b.max(year)),
        });
        lo = lo.min(value);
        hi = hi.max(value);
    }
    let Some((first, last)) = years else {
        return svg::empty(KIND, texts);
    };
    let (first, last) = (i64::from(first), i64::from(last));

    let ticks = nice_ticks(lo, hi);
    let labels: Vec<String> = ticks.iter().map(|&t| format(t)).collect();
    // (series, year, value, text) at the end of each line.
    let ends: Vec<(usize, i64, f64, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, points)| {
            let &(year, value) = points.last()?;
            Some((i, i64::from(year), value, format(value)))
        })
        .collect();

    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let legend = Legend::new(ends.iter().map(|e| (e.0, names[e.0])));
    let left = axes::left_margin(&labels);
    let end_width = svg::max_width(ends.iter().filter(|e| e.1 == last).map(|e| e.3.as_str()));
    let right = WIDTH - (end_width + 14.0).max(PAD + 8.0);
    let width = (right - left).max(1.0);
    let scale = YScale::new(&ticks, 8.0 + legend.height() + 16.0, PLOT_HEIGHT);
    let span = last - first;
    let x_of = |year: i64| {
        if span == 0 {
            left + width / 2.0
        } else {
            left + (year - first) as f64 / span as f64 * width
        }
    };

    let points: usize = lines.iter().map(Vec::len).sum();
    let mut out =
        String::with_capacity(2048 + 80 * labels.len() + 96 * points + 512 * series.len());
    let id = svg::chart_id(KIND, texts);
    svg::open(&mut out, KIND, &id, texts, scale.bottom() + BELOW);
    legend.write(&mut out, &names, 8.0, &|out, i, x, mid| {
        w!(
            out,
            r#"<path fill="none" stroke="{}" stroke-width="2.5"{} d="M{} {}h24"/>"#,
            colour(i),
            Dash(i),
            N(x),
            N(mid)
        );
        w!(out, r##"<path fill="{}" stroke="#fff" d=""##, colour(i));
        marker(out, i, x + 12.0, mid);
        out.push_str(r#""/>"#);
    });
    axes::value_grid(&mut out, &scale, &ticks, &labels, left, right);
    axes::zero_line(&mut out, &scale, left, right);
    axes::year_labels(
        &mut out,
        first,
        last,
        width / span.max(1) as f64,
        scale.bottom() + LINE,
        &x_of,
    );

    for (i, points) in lines.iter().enumerate() {
        if points.is_empty() {
            continue;
        }
        w!(
            out,
            r#"<g class="vc-series vc-s{i}"><path class="vc-line" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"{} d=""#,
            colour(i),
            Dash(i)
        );
        let mut previous: Option<i64> = None;
        for &(year, value) in points {
            let year = i64::from(year);
            let command = if previous == Some(year - 1) { 'L' } else { 'M' };
            w!(out, "{command}{} {}", N(x_of(year)), N(scale.y(value)));
            previous = Some(year);
        }
        w!(
            out,
            r##""/><path class="vc-marks" fill="{}" stroke="#fff" d=""##,
            colour(i)
        );
        for &(year, value) in points {
            marker(&mut out, i, x_of(i64::from(year)), scale.y(value));
        }
        out.push_str(r#""/></g>"#);
    }

    // End labels, pushed apart where lines end close together.
    let mut placed: Vec<(i64, f64, usize)> = ends
        .iter()
        .enumerate()
        .map(|(k, e)| (e.1, scale.y(e.2), k))
        .collect();
    placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    for group in placed.chunk_by_mut(|a, b| a.0 == b.0) {
        spread(group, scale.bottom());
    }
    // A white halo keeps the figures readable where they cross a line.
    w!(
        out,
        r##"<g class="vc-ends" fill="{INK}" stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">"##
    );
    for &(year, y, k) in &placed {
        let (i, _, _, text) = &ends[k];
        w!(
            out,
            r#"<text class="vc-s{i}" x="{}" y="{}">{}</text>"#,
            N(x_of(year) + 8.0),
            N(y + 5.5),
            Esc(text)
        );
    }
    out.push_str("</g>");
    svg::close(&mut out);
    out
}

/// Moves label centres (sorted by y) apart by [`LABEL_GAP`], keeping the
/// lowest above `bottom` when there is room.
fn spread(labels: &mut [(i64, f64, usize)], bottom: f64) {
    for k in 1..labels.len() {
        labels[k].1 = labels[k].1.max(labels[k - 1].1 + LABEL_GAP);
    }
    let mut limit = bottom;
    for label in labels.iter_mut().rev() {
        label.1 = label.1.min(limit);
        limit = label.1 - LABEL_GAP;
    }
}

/// ` stroke-dasharray="…"` of series `index`, or nothing.
struct Dash(usize);

impl std::fmt::Display for Dash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match DASHES[self.0 % DASHES.len()] {
            "" => Ok(()),
            dash => write!(f, r#" stroke-dasharray="{dash}""#),
        }
    }
}

/// Appends the marker of series `index` centred on `(x, y)` to a path:
/// circle, square, diamond, triangle up, triangle down.
fn marker(out: &mut String, index: usize, x: f64, y: f64) {
    match index % 5 {
        0 => w!(out, "M{} {}a4 4 0 1 0 8 0a4 4 0 1 0-8 0", N(x - 4.0), N(y)),
        1 => w!(out, "M{} {}h7v7h-7Z", N(x - 3.5), N(y - 3.5)),
        2 => w!(out, "M{} {}l5 5-5 5-5-5Z", N(x), N(y - 5.0)),
        3 => w!(out, "M{} {}l5 8.5h-10Z", N(x), N(y - 5.5)),
        _ => w!(out, "M{} {}l5-8.5h-10Z", N(x), N(y + 5.5)),
    }
}
