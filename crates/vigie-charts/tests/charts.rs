//! The charts as a page would use them, checked on their SVG text.

use vigie_charts::{FunnelStep, Series, Texts, funnel, grouped_bars, line_chart, stacked_bars};

fn plain(v: f64) -> String {
    format!("{v}")
}

/// French-style amounts, as the web layer would format them.
fn french(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(ch);
    }
    format!("{}{grouped} Md", if n < 0 { "−" } else { "" })
}

fn texts() -> Texts {
    Texts::new(
        "Crédits & paiements",
        "Évolution des crédits votés et des paiements, 2000–2024",
        "Aucune donnée pour cette période",
    )
}

fn years(from: i32, to: i32, f: impl Fn(i32) -> f64) -> Vec<(i32, f64)> {
    (from..=to).map(|y| (y, f(y))).collect()
}

/// Five series over 25 years, with a gap, a negative value and a NaN.
fn sample() -> Vec<Series> {
    (0..5)
        .map(|s| {
            let mut points = years(2000, 2024, |y| {
                f64::from(y - 1990) * 1_000.0 * f64::from(s + 1) + 0.37
            });
            points.retain(|&(y, _)| y != 2010);
            points[3].1 = f64::NAN;
            if s == 4 {
                points[5].1 = -1_500.0;
            }
            Series::new(format!("Série {s} «R&D»"), points)
        })
        .collect()
}

fn steps() -> Vec<FunnelStep> {
    vec![
        FunnelStep::new("LFI", 1_000.0, "100 %"),
        FunnelStep::new("LFR", 500.0, "50 %"),
        FunnelStep::new("Engagement", 400.0, "40 %"),
        FunnelStep::new("Liquidation", 300.0, ""),
        FunnelStep::new("Ordonnancement", 250.0, "25 %"),
        FunnelStep::new("Paiement", 200.0, "20 %"),
    ]
}

/// Every chart of the crate on the sample data.
fn all_charts() -> Vec<(&'static str, String)> {
    let t = texts();
    let data = sample();
    vec![
        ("line", line_chart(&t, &data, &french)),
        ("stacked", stacked_bars(&t, &data, &french)),
        ("grouped", grouped_bars(&t, &data, &french)),
        ("funnel", funnel(&t, &steps(), &french)),
    ]
}

/// Well-formed XML for our subset: one root `<svg>`, tags balance, attribute
/// values are quoted and hold no `<`, every `&` starts a known entity, and
/// text holds no `>`.
fn assert_well_formed(svg: &str) {
    assert!(
        svg.starts_with("<svg "),
        "root: {}",
        &svg[..20.min(svg.len())]
    );
    assert!(svg.ends_with("</svg>"));
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        assert!(!rest[..open].contains('>'), "stray > in text");
        if stack.is_empty() && open > 0 {
            panic!("text outside the root: {:?}", &rest[..open]);
        }
        rest = &rest[open + 1..];
        let close = rest.find('>').expect("unclosed tag");
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        assert!(!tag.contains('<'), "< inside tag {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "closing {name}");
        } else {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "tag name {name:?}"
            );
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert!(rest.is_empty());
    assert_eq!(roots, 1);
    for (i, _) in svg.match_indices('&') {
        let entity = &svg[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "bare &: {}",
            &entity[..12.min(entity.len())]
        );
    }
}

/// Value of attribute `name` in the first tag of `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        .parse()
        .unwrap()
}

/// y of the zero line (`d="M{x} {y}H{x}"`).
fn zero_y(svg: &str) -> f64 {
    let d = attr(&svg[svg.find(r#"class="vc-zero""#).unwrap() - 6..], "d").unwrap();
    d[1..d.find('H').unwrap()]
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// The `<rect …>` tags in `svg`.
fn rects(svg: &str) -> Vec<&str> {
    svg.match_indices("<rect ")
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn every_chart_is_well_formed_and_self_contained() {
    for (kind, svg) in all_charts() {
        assert_well_formed(&svg);
        let root = &svg[..svg.find('>').unwrap()];
        assert!(root.contains(r#"viewBox="0 0 480 "#), "{kind}: {root}");
        assert!(root.contains(r#"width="100%""#), "{kind}");
        assert!(!root.contains(" height="), "{kind}: no fixed height");
        assert!(root.contains(r#"role="img""#), "{kind}");
        assert!(root.contains(r#"font-family="system-ui, sans-serif""#));
        assert!(root.contains(&format!("vc-{kind}")), "{kind}: class");
        assert!(svg.contains("<title id="), "{kind}");
        assert!(svg.contains("<desc id="), "{kind}");
        assert!(
            svg.contains("Évolution des crédits"),
            "{kind}: accents kept"
        );
        let lower = svg.to_lowercase();
        for banned in [
            "style=",
            "<style",
            "<script",
            "href",
            "javascript",
            "<image",
        ] {
            assert!(!lower.contains(banned), "{kind} contains {banned}");
        }
        for (i, _) in svg.match_indices("url(") {
            assert!(svg[i..].starts_with("url(#vc"), "{kind}: external url");
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{kind}");
        for (i, _) in svg.match_indices(" id=\"") {
            let id = &svg[i + 5..i + 5 + svg[i + 5..].find('"').unwrap()];
            assert_eq!(svg.matches(&format!(" id=\"{id}\"")).count(), 1, "{id}");
        }
    }
}

#[test]
fn coordinates_have_at_most_one_decimal() {
    for (kind, svg) in all_charts() {
        for (i, _) in svg.match_indices('<') {
            let tag = &svg[i..i + svg[i..].find('>').unwrap()];
            for name in ["x", "y", "width", "height", "d", "cx", "cy", "viewBox"] {
                let Some(value) = attr(tag, name) else {
                    continue;
                };
                for number in value
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .filter(|n| !n.is_empty())
                {
                    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
                    assert!(decimals <= 1, "{kind}: {name}={value}");
                }
            }
        }
    }
}

#[test]
fn text_is_escaped_everywhere() {
    let t = Texts::new(
        "Budget \"R&D <x>\"",
        "l'armée & <la> gendarmerie",
        "Rien < 1 & \"0\"",
    );
    let s = vec![Series::new("R&D <x>", vec![(2020, 1.0), (2021, 2.0)])];
    let lt = |_: f64| "<1 & 2>".to_owned();
    let charts = [
        line_chart(&t, &s, &lt),
        stacked_bars(&t, &s, &lt),
        grouped_bars(&t, &s, &lt),
        funnel(&t, &[FunnelStep::new("R&D <x>", 1.0, "<5 %>")], &lt),
        line_chart(&t, &[], &lt),
    ];
    for svg in &charts {
        assert_well_formed(svg);
        assert!(
            svg.contains("Budget &quot;R&amp;D &lt;x&gt;&quot;"),
            "{svg}"
        );
        assert!(svg.contains("l&#39;armée &amp; &lt;la&gt; gendarmerie"));
        assert!(!svg.contains("R&D"));
    }
    for svg in &charts[..4] {
        assert!(svg.contains("R&amp;D &lt;x&gt;"));
        assert!(svg.contains("&lt;1 &amp; 2&gt;"));
    }
    assert!(charts[3].contains("&lt;5 %&gt;"));
    assert!(charts[4].contains("Rien &lt; 1 &amp; &quot;0&quot;"));
    // Control characters cannot appear in XML at all.
    let bell = Texts::new("a\u{7}b", "", "");
    assert!(line_chart(&bell, &s, &plain).contains("<title id=\"vc"));
    assert!(!line_chart(&bell, &s, &plain).contains('\u{7}'));
}

#[test]
fn a_missing_year_breaks_the_line_into_two_segments() {
    let s = vec![Series::new(
        "Paiements",
        vec![
            (2004, 4.0),
            (2001, 1.0),
            (2000, 0.0),
            (2003, 3.0),
            (2005, 5.0),
        ],
    )];
    let svg = line_chart(&texts(), &s, &plain);
    let start = svg.find(r#"class="vc-line""#).unwrap();
    let d = attr(&svg[start - 6..], "d").unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(d.matches('L').count(), 3, "{d}");
    // Every point is marked, and the last one is labelled.
    let marks = &svg[svg.find(r#"class="vc-marks""#).unwrap() - 6..];
    assert_eq!(attr(marks, "d").unwrap().matches('M').count(), 5);
    assert!(svg.contains(r#"class="vc-ends""#));
    assert!(svg.contains(">5</text></g></svg>"), "end label last");

    let unbroken = line_chart(
        &texts(),
        &[Series::new("x", years(2000, 2024, f64::from))],
        &plain,
    );
    let start = unbroken.find(r#"class="vc-line""#).unwrap();
    assert_eq!(
        attr(&unbroken[start - 6..], "d")
            .unwrap()
            .matches('M')
            .count(),
        1
    );
}

#[test]
fn axis_ticks_are_nice_and_formatted_by_the_caller() {
    let s = vec![Series::new(
        "Crédits",
        vec![(2020, 0.0), (2021, 1_234_567.0)],
    )];
    for svg in [
        line_chart(&texts(), &s, &plain),
        stacked_bars(&texts(), &s, &plain),
        grouped_bars(&texts(), &s, &plain),
    ] {
        let ticks = &svg[svg.find(r#"class="vc-ticks""#).unwrap()..];
        let ticks = &ticks[..ticks.find("</g>").unwrap()];
        let labels: Vec<&str> = ticks
            .split("</text>")
            .filter_map(|t| t.rsplit_once('>').map(|(_, l)| l))
            .collect();
        assert_eq!(
            labels,
            [
                "0", "200000", "400000", "600000", "800000", "1000000", "1200000", "1400000"
            ]
        );
    }
    let svg = line_chart(&texts(), &s, &french);
    assert!(svg.contains("1\u{202f}200\u{202f}000 Md"));
}

#[test]
fn funnel_bars_are_proportional_to_values() {
    let svg = funnel(&texts(), &steps(), &french);
    let widths: Vec<f64> = rects(&svg)
        .into_iter()
        .filter(|r| r.contains(r#"class="vc-bar""#))
        .map(|r| num(r, "width"))
        .collect();
    assert_eq!(widths.len(), 6);
    assert_eq!(widths[1] * 2.0, widths[0]);
    for (w, v) in widths
        .iter()
        .zip([1000.0, 500.0, 400.0, 300.0, 250.0, 200.0])
    {
        assert!((w - widths[0] * v / 1000.0).abs() <= 0.05, "{w} for {v}");
    }
    for text in [
        "LFI",
        "Ordonnancement",
        "1\u{202f}000 Md (100 %)",
        "300 Md<",
        "25 %",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // Bars come in the given order, top to bottom.
    let tops: Vec<f64> = rects(&svg)
        .into_iter()
        .filter(|r| r.contains("vc-bar"))
        .map(|r| num(r, "y"))
        .collect();
    assert!(tops.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn funnel_wraps_long_labels_and_skips_non_finite_steps() {
    let long = "Loi de finances rectificative adoptée en session extraordinaire après la revue à mi-parcours";
    let svg = funnel(
        &texts(),
        &[
            FunnelStep::new(long, 10.0, "100 %"),
            FunnelStep::new("Perdu", f64::NAN, "?"),
            FunnelStep::new("Négatif", -3.0, ""),
        ],
        &plain,
    );
    assert_well_formed(&svg);
    assert!(!svg.contains("Perdu"));
    assert!(svg.contains("Négatif"));
    assert_eq!(
        svg.matches(r#"class="vc-bar""#).count(),
        1,
        "no bar below zero"
    );
    assert!(
        svg.matches("<text").count() >= 5,
        "label wrapped on two lines"
    );
}

#[test]
fn empty_data_shows_the_empty_text() {
    let t = texts();
    let nothing = [Series::new(
        "x",
        vec![(2020, f64::NAN), (2021, f64::INFINITY)],
    )];
    let charts = [
        line_chart(&t, &[], &plain),
        line_chart(&t, &nothing, &plain),
        stacked_bars(&t, &[], &plain),
        stacked_bars(
            &t,
            &[Series::new("x", vec![(2020, -5.0), (2021, 0.0)])],
            &plain,
        ),
        grouped_bars(&t, &nothing, &plain),
        funnel(&t, &[], &plain),
        funnel(&t, &[FunnelStep::new("LFI", f64::NAN, "")], &plain),
    ];
    for svg in &charts {
        assert_well_formed(svg);
        assert!(
            svg.contains(">Aucune donnée pour cette période</text>"),
            "{svg}"
        );
        assert!(svg.contains(r#"class="vc-empty""#));
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title"));
        assert!(!svg.contains("<rect") && !svg.contains("<path"));
    }
}

#[test]
fn single_points_are_drawn() {
    let one = [Series::new("Seule", vec![(2024, 42.0)])];
    let line = line_chart(&texts(), &one, &plain);
    assert_well_formed(&line);
    assert!(line.contains(">2024</text>"));
    assert!(line.contains(">42</text></g></svg>"));
    let marks = &line[line.find(r#"class="vc-marks""#).unwrap() - 6..];
    assert_eq!(attr(marks, "d").unwrap().matches('M').count(), 1);

    for svg in [
        stacked_bars(&texts(), &one, &plain),
        grouped_bars(&texts(), &one, &plain),
    ] {
        assert_well_formed(&svg);
        assert!(svg.contains(">2024</text>"));
        let bars = &svg[svg.find(r#"class="vc-bars""#).unwrap()..];
        assert_eq!(rects(bars).len(), 1);
    }
    let zero = funnel(&texts(), &[FunnelStep::new("LFI", 0.0, "")], &plain);
    assert_well_formed(&zero);
    assert!(zero.contains(">0</text>"));
}

#[test]
fn stacked_segments_add_up_to_the_total() {
    let cats = vec![
        Series::new("Personnel", vec![(2020, 30.0), (2021, 60.0), (2022, 12.3)]),
        Series::new("Biens et services", vec![(2020, 50.0), (2021, 100.0)]),
        Series::new(
            "Transferts",
            vec![(2020, -7.0), (2021, f64::NAN), (2022, 45.6)],
        ),
        Series::new(
            "Investissement",
            vec![(2020, 20.0), (2021, 40.0), (2022, 7.89)],
        ),
    ];
    let svg = stacked_bars(&texts(), &cats, &plain);
    assert_well_formed(&svg);
    let bars = &svg[svg.find(r#"class="vc-bars""#).unwrap()..];
    let mut by_year: Vec<(f64, Vec<(f64, f64)>)> = Vec::new();
    for rect in rects(bars) {
        let (x, y, h) = (num(rect, "x"), num(rect, "y"), num(rect, "height"));
        match by_year.iter_mut().find(|(bx, _)| *bx == x) {
            Some((_, segments)) => segments.push((y, h)),
            None => by_year.push((x, vec![(y, h)])),
        }
    }
    assert_eq!(by_year.len(), 3);
    let counts: Vec<usize> = by_year.iter().map(|(_, s)| s.len()).collect();
    assert_eq!(counts, [3, 3, 3], "negative and NaN values are not stacked");
    let baseline = zero_y(&svg);
    let mut heights = Vec::new();
    for (_, segments) in &by_year {
        let total: f64 = segments.iter().map(|s| s.1).sum();
        let top = segments.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
        let bottom = segments
            .iter()
            .map(|s| s.0 + s.1)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            (total - (baseline - top)).abs() < 1e-9,
            "sum {total} vs {}",
            baseline - top
        );
        assert!((bottom - baseline).abs() < 1e-9, "stacks stand on zero");
        // Segments touch: no gap, no overlap.
        let mut sorted = segments.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in sorted.windows(2) {
            assert!((pair[0].0 + pair[0].1 - pair[1].0).abs() < 1e-9);
        }
        heights.push(total);
    }
    // Totals 100, 200, 65.79: heights in proportion (within rounding).
    assert!((heights[1] - 2.0 * heights[0]).abs() <= 0.1, "{heights:?}");
    assert!(
        (heights[2] - 0.6579 * heights[0]).abs() <= 0.1,
        "{heights:?}"
    );
    for name in [
        "Personnel",
        "Biens et services",
        "Transferts",
        "Investissement",
    ] {
        assert!(svg.contains(&format!(">{name}</text>")), "legend {name}");
    }
}

#[test]
fn grouped_bars_hang_below_zero_for_negative_gaps() {
    let s = vec![
        Series::new("Programmé (LPM)", vec![(2022, 100.0), (2023, 120.0)]),
        Series::new("Écart", vec![(2022, -40.0), (2023, 30.0)]),
    ];
    let svg = grouped_bars(&texts(), &s, &plain);
    assert_well_formed(&svg);
    let zero = zero_y(&svg);
    let bars = rects(&svg[svg.find(r#"class="vc-bars""#).unwrap()..]);
    assert_eq!(bars.len(), 4);
    let negative: Vec<&&str> = bars.iter().filter(|r| r.contains("vc-neg")).collect();
    assert_eq!(negative.len(), 1);
    assert_eq!(num(negative[0], "y"), zero, "hangs from the zero line");
    for rect in bars.iter().filter(|r| !r.contains("vc-neg")) {
        assert!((num(rect, "y") + num(rect, "height") - zero).abs() < 1e-9);
    }
    // 100 is two and a half times 40.
    let h = |k: usize| num(bars[k], "height");
    assert!((h(0) - 2.5 * h(2)).abs() <= 0.15, "{} {}", h(0), h(2));
    assert!(
        svg.contains(">-40</text>") || svg.contains(">-50</text>"),
        "negative tick"
    );
    // Side by side: same year, different x.
    assert!(num(bars[0], "x") < num(bars[2], "x"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(all_charts(), all_charts());
}

#[test]
fn series_are_told_apart_without_colour() {
    let svg = line_chart(&texts(), &sample(), &plain);
    assert!(svg.matches("stroke-dasharray=").count() >= 4);
    for s in 0..5 {
        assert!(svg.contains(&format!(">Série {s} «R&amp;D»</text>")));
    }
    let bars = stacked_bars(&texts(), &sample(), &plain);
    assert!(bars.matches("<pattern ").count() >= 4);
    assert!(bars.contains("fill=\"url(#vc"));
}

#[test]
fn output_grows_linearly_with_the_years() {
    let t = texts();
    for (kind, svg) in all_charts() {
        assert!(svg.len() < 32 * 1024, "{kind}: {} bytes", svg.len());
    }
    // Ten times the years: output grows linearly, not quadratically.
    let long: Vec<Series> = (0..5)
        .map(|s| {
            Series::new(
                format!("s{s}"),
                years(1775, 2024, |y| f64::from(y * (s + 1))),
            )
        })
        .collect();
    let short: Vec<Series> = long
        .iter()
        .map(|s| Series::new(s.name.clone(), s.points[225..].to_vec()))
        .collect();
    let ratio =
        line_chart(&t, &long, &plain).len() as f64 / line_chart(&t, &short, &plain).len() as f64;
    assert!(ratio < 12.0, "{ratio}");
}
