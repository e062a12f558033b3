//! The SVG vocabulary shared by every chart: escaping, numbers, the outer
//! element, the palette and its hatchings, the legend, the empty chart.

use std::fmt;

use crate::Texts;

/// Width of every viewBox. A phone shows it at about half size, so text at
/// [`FONT`] units stays readable.
pub(crate) const WIDTH: f64 = 480.0;
/// Font size of every text, in viewBox units.
pub(crate) const FONT: f64 = 16.0;
/// Height of one line of text.
pub(crate) const LINE: f64 = 24.0;
/// Space left and right of the drawing.
pub(crate) const PAD: f64 = 16.0;
/// Text colour.
pub(crate) const INK: &str = "#1a1a1a";
/// Colour of the empty-chart message.
const MUTED: &str = "#595959";

/// Series colours. Lightness (CIE L*) 22, 59, 40, 73, 50, 28: the first four
/// stay apart in greyscale; hatching, dashes and markers do the rest.
const PALETTE: [&str; 6] = [
    "#173463", "#c77c12", "#a8324a", "#8fb8de", "#2a8577", "#5c3a1e",
];

/// Hatching drawn over each palette colour in bars: `(patternTransform, shapes)`.
/// The first colour stays plain.
const HATCHES: [Option<(&str, &str)>; 6] = [
    None,
    Some((
        "rotate(45)",
        r##"<path d="M4 0V8" stroke="#1a1a1a" stroke-opacity="0.45" stroke-width="2"/>"##,
    )),
    Some(("", r##"<circle cx="4" cy="4" r="1.5" fill="#fff"/>"##)),
    Some((
        "rotate(45)",
        r##"<path d="M4 0V8M0 4H8" stroke="#173463" stroke-opacity="0.6" stroke-width="1.2"/>"##,
    )),
    Some(("", r##"<path d="M0 4H8" stroke="#fff" stroke-width="2"/>"##)),
    Some((
        "rotate(-45)",
        r##"<path d="M4 0V8" stroke="#fff" stroke-width="2"/>"##,
    )),
];

/// Text made safe for XML content and attribute values.
pub(crate) struct Esc<'a>(pub(crate) &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut done = 0;
        for (i, ch) in s.char_indices() {
            let with = match ch {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' | '\r' => continue,
                // Not allowed anywhere in XML 1.0: dropped.
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "",
                _ => continue,
            };
            f.write_str(&s[done..i])?;
            f.write_str(with)?;
            done = i + ch.len_utf8();
        }
        f.write_str(&s[done..])
    }
}

/// A coordinate, written with at most one decimal and no trailing `.0`.
#[derive(Clone, Copy)]
pub(crate) struct N(pub(crate) f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = if self.0.is_finite() {
            // Saturating cast; coordinates are far inside i64 anyway.
            (self.0 * 10.0).round() as i64
        } else {
            0
        };
        if tenths < 0 {
            f.write_str("-")?;
        }
        let abs = tenths.unsigned_abs();
        write!(f, "{}", abs / 10)?;
        match abs % 10 {
            0 => Ok(()),
            d => write!(f, ".{d}"),
        }
    }
}

/// Rounds to one decimal, as [`N`] writes it. Differences of rounded values
/// are exact to one decimal, so stacked heights add up to the total.
pub(crate) fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Width of `text` at [`FONT`], estimated for a proportional sans-serif.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT * 0.58
}

/// Widest of `texts` (0 if none).
pub(crate) fn max_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    texts.into_iter().map(text_width).fold(0.0, f64::max)
}

/// Colour of series `index`.
pub(crate) fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// Fill of series `index` in bars: its colour, hatched from the second on.
pub(crate) struct Paint<'a> {
    pub(crate) id: &'a str,
    pub(crate) index: usize,
}

impl fmt::Display for Paint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slot = self.index % PALETTE.len();
        match HATCHES[slot] {
            Some(_) => write!(f, "url(#{}-p{slot})", self.id),
            None => f.write_str(PALETTE[slot]),
        }
    }
}

/// Writes the `<defs>` with the hatchings of the first `count` series.
pub(crate) fn patterns(out: &mut String, id: &str, count: usize) {
    let used = count.min(PALETTE.len());
    if !HATCHES[..used].iter().any(Option::is_some) {
        return;
    }
    out.push_str("<defs>");
    for (slot, hatch) in HATCHES[..used].iter().enumerate() {
        let Some((transform, shapes)) = hatch else {
            continue;
        };
        w!(
            out,
            r#"<pattern id="{id}-p{slot}" width="8" height="8" patternUnits="userSpaceOnUse""#
        );
        if !transform.is_empty() {
            w!(out, r#" patternTransform="{transform}""#);
        }
        w!(
            out,
            r#"><rect width="8" height="8" fill="{}"/>{shapes}</pattern>"#,
            PALETTE[slot]
        );
    }
    out.push_str("</defs>");
}

/// An id prefix for this chart's `<title>`, `<desc>` and patterns. Several
/// charts can share a page, so it is derived from the chart's kind and texts
/// (FNV-1a): charts with the same texts have the same referenced content.
pub(crate) fn chart_id(kind: &str, texts: &Texts) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for part in [kind, &texts.title, &texts.desc] {
        for byte in part.bytes().chain([0]) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    format!("vc{hash:08x}")
}

/// Writes the opening `<svg>` with its `<title>` and `<desc>`.
pub(crate) fn open(out: &mut String, kind: &str, id: &str, texts: &Texts, height: f64) {
    w!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{id}-t" aria-describedby="{id}-d" class="vigie-chart vc-{kind}" font-family="system-ui, sans-serif" font-size="{}"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        N(WIDTH),
        N(height.ceil()),
        N(FONT),
        Esc(&texts.title),
        Esc(&texts.desc),
    );
}

/// Writes the closing tag.
pub(crate) fn close(out: &mut String) {
    out.push_str("</svg>");
}

/// Splits `text` into lines no wider than `width` (a word longer than that
/// gets a line of its own).
pub(crate) fn wrap(text: &str, width: f64) -> Vec<String> {
    let max = ((width / (FONT * 0.58)).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > max {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if len > 0 {
        lines.push(line);
    }
    lines
}

/// A chart with nothing to draw: the caller's `empty` text, centred.
pub(crate) fn empty(kind: &str, texts: &Texts) -> String {
    let lines = wrap(&texts.empty, WIDTH - 2.0 * PAD);
    let height = 32.0 + lines.len().max(1) as f64 * LINE;
    let id = chart_id(kind, texts);
    let mut out = String::with_capacity(512 + texts.empty.len());
    open(&mut out, kind, &id, texts, height);
    w!(
        out,
        r#"<g class="vc-empty" fill="{MUTED}" text-anchor="middle">"#
    );
    for (i, line) in lines.iter().enumerate() {
        w!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            N(WIDTH / 2.0),
            N(16.0 + LINE * (i as f64 + 0.75)),
            Esc(line)
        );
    }
    out.push_str("</g>");
    close(&mut out);
    out
}

/// Where the legend puts each item: `(series index, x, row)`.
pub(crate) struct Legend {
    items: Vec<(usize, f64, usize)>,
    /// Number of rows.
    pub(crate) rows: usize,
}

/// Width of a legend swatch and the gap after it.
const SWATCH: f64 = 30.0;

impl Legend {
    /// Lays out `(index, name)` items in rows across the chart.
    pub(crate) fn new<'a>(items: impl IntoIterator<Item = (usize, &'a str)>) -> Self {
        let mut placed = Vec::new();
        let (mut x, mut row) = (PAD, 0);
        for (index, name) in items {
            let width = SWATCH + text_width(name);
            if x > PAD && x + width > WIDTH - PAD {
                row += 1;
                x = PAD;
            }
            placed.push((index, x, row));
            x += width + 20.0;
        }
        let rows = placed.last().map_or(0, |&(_, _, row)| row + 1);
        Self {
            items: placed,
            rows,
        }
    }

    /// Height taken by the legend.
    pub(crate) fn height(&self) -> f64 {
        self.rows as f64 * LINE
    }

    /// Writes the legend with its first row at `top`; `swatch` draws the key
    /// of a series at `(x, middle y)`.
    pub(crate) fn write(
        &self,
        out: &mut String,
        names: &[&str],
        top: f64,
        swatch: &dyn Fn(&mut String, usize, f64, f64),
    ) {
        if self.items.is_empty() {
            return;
        }
        w!(out, r#"<g class="vc-legend" fill="{INK}">"#);
        for &(index, x, row) in &self.items {
            let mid = top + LINE * (row as f64 + 0.5);
            w!(out, r#"<g class="vc-key vc-s{index}">"#);
            swatch(out, index, x, mid);
            w!(
                out,
                r#"<text x="{}" y="{}">{}</text></g>"#,
                N(x + SWATCH),
                N(mid + 5.5),
                Esc(names[index])
            );
        }
        out.push_str("</g>");
    }
}
