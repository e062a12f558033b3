//! The frame shared by charts over years: value grid, zero line, year labels.

use crate::scale::{YScale, first_multiple, year_step};
use crate::svg::{INK, LINE, N};

/// Grid line colour.
const GRID: &str = "#d0d0d0";
/// Zero line colour.
const BASE: &str = "#4d4d4d";

/// Height of the plotting area of charts over years.
pub(crate) const PLOT_HEIGHT: f64 = 280.0;
/// Space below the plot for the year labels.
pub(crate) const BELOW: f64 = LINE + 12.0;

/// Writes the horizontal grid and the value labels, right-aligned before
/// `left`, across to `right`.
pub(crate) fn value_grid(
    out: &mut String,
    scale: &YScale,
    ticks: &[f64],
    labels: &[String],
    left: f64,
    right: f64,
) {
    w!(
        out,
        r#"<path class="vc-grid" fill="none" stroke="{GRID}" d=""#
    );
    for &tick in ticks {
        w!(out, "M{} {}H{}", N(left), N(scale.y(tick)), N(right));
    }
    w!(
        out,
        r#""/><g class="vc-ticks" fill="{INK}" text-anchor="end">"#
    );
    for (&tick, label) in ticks.iter().zip(labels) {
        w!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            N(left - 8.0),
            N(scale.y(tick) + 5.5),
            crate::svg::Esc(label)
        );
    }
    out.push_str("</g>");
}

/// Writes the zero line (drawn over the bars so the baseline stays visible).
pub(crate) fn zero_line(out: &mut String, scale: &YScale, left: f64, right: f64) {
    if scale.min <= 0.0 && scale.max >= 0.0 {
        w!(
            out,
            r#"<path class="vc-zero" stroke="{BASE}" stroke-width="1.5" d="M{} {}H{}"/>"#,
            N(left),
            N(scale.y(0.0)),
            N(right)
        );
    }
}

/// Writes year labels under the plot for years `first..=last`, thinned out
/// to multiples of 2, 5, 10… when the years are close together.
pub(crate) fn year_labels(
    out: &mut String,
    first: i64,
    last: i64,
    px_per_year: f64,
    baseline: f64,
    x_of: &dyn Fn(i64) -> f64,
) {
    let step = if first == last {
        1
    } else {
        year_step(px_per_year)
    };
    w!(
        out,
        r#"<g class="vc-years" fill="{INK}" text-anchor="middle">"#
    );
    let mut year = first_multiple(first, step);
    while year <= last {
        w!(
            out,
            r#"<text x="{}" y="{}">{year}</text>"#,
            N(x_of(year)),
            N(baseline)
        );
        year += step;
    }
    out.push_str("</g>");
}

/// Left margin that fits the value labels.
pub(crate) fn left_margin(labels: &[String]) -> f64 {
    crate::svg::PAD + crate::svg::max_width(labels.iter().map(String::as_str)) + 8.0
}
