//! Bars over years: stacked (composition) and grouped (comparison, gaps).

use std::collections::BTreeSet;

use crate::axes::{self, BELOW, PLOT_HEIGHT};
use crate::scale::{YScale, clean, nice_ticks};
use crate::svg::{self, INK, LINE, Legend, N, PAD, Paint, WIDTH, r1};
use crate::{Series, Texts};

/// One bar per year, split into one segment per category, stacked in the
/// order of `categories` from the bottom, e.g. spending by economic nature.
///
/// Only positive values are stacked (a composition has no negative parts;
/// show those with [`grouped_bars`]); the axis starts at zero and every year
/// between the first and the last gets a slot, so a missing year shows as a
/// gap. The legend lists the categories with their hatched colours.
/// Returns the `empty` text as a chart when no value is positive.
pub fn stacked_bars(
    texts: &Texts,
    categories: &[Series],
    format: &dyn Fn(f64) -> String,
) -> String {
    const KIND: &str = "stacked";
    let data: Vec<Vec<(i32, f64)>> = categories
        .iter()
        .map(|s| {
            let mut points = clean(&s.points);
            points.retain(|&(_, v)| v > 0.0);
            points
        })
        .collect();
    let years: BTreeSet<i32> = data.iter().flatten().map(|&(year, _)| year).collect();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return svg::empty(KIND, texts);
    };
    // Per year, the running total after each category.
    let stacks: Vec<(i32, Vec<f64>)> = years
        .iter()
        .map(|&year| {
            let mut total = 0.0;
            let tops = data
                .iter()
                .map(|points| {
                    if let Ok(k) = points.binary_search_by_key(&year, |p| p.0) {
                        total += points[k].1;
                    }
                    total
                })
                .collect();
            (year, tops)
        })
        .collect();
    let max = stacks
        .iter()
        .filter_map(|(_, tops)| tops.last().copied())
        .fold(0.0, f64::max);

    let frame = Frame::new(
        KIND,
        texts,
        categories,
        &data,
        (first, last),
        (0.0, max),
        format,
    );
    let bar = frame.band * 0.7;
    let cells: usize = data.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(3072 + 80 * frame.labels.len() + 80 * cells);
    frame.begin(&mut out, categories.len());
    out.push_str(r##"<g class="vc-bars" stroke="#fff" stroke-width="1">"##);
    for (c, points) in data.iter().enumerate() {
        if points.is_empty() {
            continue;
        }
        w!(
            out,
            r#"<g class="vc-series vc-s{c}" fill="{}">"#,
            Paint {
                id: &frame.id,
                index: c
            }
        );
        for (year, tops) in &stacks {
            let below = if c == 0 { 0.0 } else { tops[c - 1] };
            let (low, high) = (r1(frame.scale.y(below)), r1(frame.scale.y(tops[c])));
            if low - high < 0.05 {
                continue; // nothing in this category this year, or too thin
            }
            w!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
                N(frame.x(*year) + (frame.band - bar) / 2.0),
                N(high),
                N(bar),
                N(low - high)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    frame.finish(&mut out);
    out
}

/// Per year, one bar per series side by side, from a zero line, e.g. planned
/// by the programming law, voted in the initial finance law, and paid.
///
/// Negative values go below the zero line (for a "gap" variant: paid minus
/// planned), and those bars carry the class `vc-neg`. A series without a
/// value for a year leaves its place empty. Returns the `empty` text as a
/// chart when there is no finite value.
pub fn grouped_bars(texts: &Texts, series: &[Series], format: &dyn Fn(f64) -> String) -> String {
    const KIND: &str = "grouped";
    let data: Vec<Vec<(i32, f64)>> = series.iter().map(|s| clean(&s.points)).collect();
    let mut years: Option<(i32, i32)> = None;
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for &(year, value) in data.iter().flatten() {
        years = Some(match years {
            None => (year, year),
            Some((a, b)) => (a.min(year), b.max(year)),
        });
        lo = lo.min(value);
        hi = hi.max(value);
    }
    let Some(years) = years else {
        return svg::empty(KIND, texts);
    };

    let frame = Frame::new(KIND, texts, series, &data, years, (lo, hi), format);
    let present: Vec<usize> = (0..data.len()).filter(|&i| !data[i].is_empty()).collect();
    let bar = frame.band * 0.8 / present.len() as f64;
    let zero = r1(frame.scale.y(0.0));
    let cells: usize = data.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(3072 + 80 * frame.labels.len() + 80 * cells);
    frame.begin(&mut out, series.len());
    out.push_str(r#"<g class="vc-bars""#);
    if bar >= 4.0 {
        out.push_str(r##" stroke="#fff" stroke-width="1""##);
    }
    out.push('>');
    for (slot, &i) in present.iter().enumerate() {
        w!(
            out,
            r#"<g class="vc-series vc-s{i}" fill="{}">"#,
            Paint {
                id: &frame.id,
                index: i
            }
        );
        for &(year, value) in &data[i] {
            let end = r1(frame.scale.y(value));
            if (end - zero).abs() < 0.05 {
                continue;
            }
            let class = if value < 0.0 {
                r#" class="vc-neg""#
            } else {
                ""
            };
            w!(
                out,
                r#"<rect{class} x="{}" y="{}" width="{}" height="{}"/>"#,
                N(frame.x(year) + frame.band * 0.1 + slot as f64 * bar),
                N(end.min(zero)),
                N(bar),
                N((end - zero).abs())
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    frame.finish(&mut out);
    out
}

/// Geometry and texts common to both bar charts.
struct Frame<'a> {
    kind: &'static str,
    texts: &'a Texts,
    id: String,
    names: Vec<&'a str>,
    legend: Legend,
    ticks: Vec<f64>,
    labels: Vec<String>,
    scale: YScale,
    first: i64,
    last: i64,
    left: f64,
    right: f64,
    /// Width of one year's slot.
    band: f64,
}

impl<'a> Frame<'a> {
    fn new(
        kind: &'static str,
        texts: &'a Texts,
        series: &'a [Series],
        data: &[Vec<(i32, f64)>],
        (first, last): (i32, i32),
        (lo, hi): (f64, f64),
        format: &dyn Fn(f64) -> String,
    ) -> Self {
        let ticks = nice_ticks(lo.min(0.0), hi.max(0.0));
        let labels: Vec<String> = ticks.iter().map(|&t| format(t)).collect();
        let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
        let legend = Legend::new(
            (0..data.len())
                .filter(|&i| !data[i].is_empty())
                .map(|i| (i, names[i])),
        );
        let left = axes::left_margin(&labels);
        let right = WIDTH - PAD;
        let (first, last) = (i64::from(first), i64::from(last));
        Self {
            kind,
            texts,
            id: svg::chart_id(kind, texts),
            names,
            scale: YScale::new(&ticks, 8.0 + legend.height() + 16.0, PLOT_HEIGHT),
            legend,
            ticks,
            labels,
            first,
            last,
            left,
            right,
            band: (right - left).max(1.0) / (last - first + 1) as f64,
        }
    }

    /// Left edge of `year`'s slot.
    fn x(&self, year: i32) -> f64 {
        self.left + (i64::from(year) - self.first) as f64 * self.band
    }

    /// Opens the chart and writes the legend, hatchings and value grid.
    fn begin(&self, out: &mut String, series: usize) {
        svg::open(
            out,
            self.kind,
            &self.id,
            self.texts,
            self.scale.bottom() + BELOW,
        );
        svg::patterns(out, &self.id, series);
        let id = self.id.as_str();
        self.legend.write(out, &self.names, 8.0, &|out, i, x, mid| {
            w!(
                out,
                r#"<rect x="{}" y="{}" width="22" height="16" fill="{}" stroke="{INK}" stroke-width="0.5"/>"#,
                N(x),
                N(mid - 8.0),
                Paint { id, index: i }
            );
        });
        axes::value_grid(
            out,
            &self.scale,
            &self.ticks,
            &self.labels,
            self.left,
            self.right,
        );
    }

    /// Writes the zero line and year labels, and closes the chart.
    fn finish(&self, out: &mut String) {
        axes::zero_line(out, &self.scale, self.left, self.right);
        let half = self.band / 2.0;
        axes::year_labels(
            out,
            self.first,
            self.last,
            self.band,
            self.scale.bottom() + LINE,
            &|year| self.left + (year - self.first) as f64 * self.band + half,
        );
        svg::close(out);
    }
}
