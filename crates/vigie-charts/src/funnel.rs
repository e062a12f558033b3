//! The expenditure chain of one year, as horizontal bars.

use crate::svg::{self, Esc, INK, LINE, N, PAD, WIDTH, colour, r1};
use crate::{FunnelStep, Texts};

const KIND: &str = "funnel";
/// Thickness of a bar.
const BAR: f64 = 22.0;
/// Colour of the track behind each bar (the scale's full length).
const TRACK: &str = "#ebebeb";

/// Horizontal bars, one per step of the expenditure chain (initial and
/// amending finance laws, commitment, verification, authorisation,
/// payment), in the given order.
///
/// Each step shows its label, its value through `format` and the caller's
/// `share` text, above a bar whose length is proportional to the value (the
/// largest value spans the full width; negative values get no bar). Steps
/// with a non-finite value are left out; with none left, returns the `empty`
/// text as a chart.
pub fn funnel(texts: &Texts, steps: &[FunnelStep], format: &dyn Fn(f64) -> String) -> String {
    let steps: Vec<&FunnelStep> = steps.iter().filter(|s| s.value.is_finite()).collect();
    if steps.is_empty() {
        return svg::empty(KIND, texts);
    }
    let full = WIDTH - 2.0 * PAD;
    let max = steps.iter().map(|s| s.value).fold(0.0, f64::max);

    struct Row {
        lines: Vec<String>,
        amount: String,
        /// Amount on the label's line (else on a line of its own).
        beside: bool,
        top: f64,
    }
    let mut rows = Vec::with_capacity(steps.len());
    let mut y = 8.0;
    for step in &steps {
        let lines = svg::wrap(&step.label, full);
        let amount = match step.share.as_str() {
            "" => format(step.value),
            share => std::format!("{} ({share})", format(step.value)),
        };
        let beside = lines.len() <= 1
            && svg::max_width(lines.iter().map(String::as_str)) + 16.0 + svg::text_width(&amount)
                <= full;
        let text_lines = if beside { 1 } else { lines.len() + 1 };
        rows.push(Row {
            lines,
            amount,
            beside,
            top: y,
        });
        y += text_lines as f64 * LINE + 4.0 + BAR + 16.0;
    }

    let mut out = String::with_capacity(1024 + 400 * rows.len());
    let id = svg::chart_id(KIND, texts);
    svg::open(&mut out, KIND, &id, texts, y - 8.0);
    w!(out, r#"<g class="vc-steps" fill="{INK}">"#);
    for (i, (row, step)) in rows.iter().zip(&steps).enumerate() {
        w!(out, r#"<g class="vc-step vc-s{i}">"#);
        let baseline = |line: usize| row.top + LINE * line as f64 + 17.0;
        for (k, line) in row.lines.iter().enumerate() {
            w!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                N(PAD),
                N(baseline(k)),
                Esc(line)
            );
        }
        let amount_line = if row.beside { 0 } else { row.lines.len() };
        w!(
            out,
            r#"<text class="vc-amount" x="{}" y="{}" text-anchor="end">{}</text>"#,
            N(WIDTH - PAD),
            N(baseline(amount_line)),
            Esc(&row.amount)
        );
        let bar_top = row.top + (amount_line + 1) as f64 * LINE + 4.0;
        w!(
            out,
            r#"<rect class="vc-track" x="{}" y="{}" width="{}" height="{}" fill="{TRACK}"/>"#,
            N(PAD),
            N(bar_top),
            N(full),
            N(BAR)
        );
        let length = if max > 0.0 && step.value > 0.0 {
            r1(step.value / max * full)
        } else {
            0.0
        };
        if length > 0.0 {
            w!(
                out,
                r#"<rect class="vc-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                N(PAD),
                N(bar_top),
                N(length),
                N(BAR),
                colour(0)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    svg::close(&mut out);
    out
}
