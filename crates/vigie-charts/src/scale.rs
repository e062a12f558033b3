//! From values to positions: cleaning, nice ticks, scales.

/// Points with finite values, sorted by year, one per year (the first given).
pub(crate) fn clean(points: &[(i32, f64)]) -> Vec<(i32, f64)> {
    let mut out: Vec<(i32, f64)> = points
        .iter()
        .copied()
        .filter(|(_, v)| v.is_finite())
        .collect();
    out.sort_by_key(|&(year, _)| year); // stable: the first given stays first
    out.dedup_by_key(|&mut (year, _)| year);
    out
}

/// `n × 10^exp`, computed so that decimal steps come out as the nearest
/// `f64` (0.3, not 0.30000000000000004).
fn scaled(n: i64, exp: i32) -> f64 {
    if exp >= 0 {
        n as f64 * 10f64.powi(exp)
    } else {
        n as f64 / 10f64.powi(-exp)
    }
}

/// Ticks covering `lo..=hi` with a step of 1, 2 or 5 × 10ⁿ, about five
/// intervals (between 4 and 8). Always at least two ticks.
pub(crate) fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return vec![0.0, 1.0];
    }
    let (mut lo, mut hi) = (lo.min(hi), lo.max(hi));
    if hi - lo <= 0.0 {
        if lo > 0.0 {
            lo = 0.0;
        } else if hi < 0.0 {
            hi = 0.0;
        } else {
            hi = 1.0;
        }
    }
    let span = hi - lo;
    if !span.is_finite() {
        return vec![lo, hi];
    }
    let raw = span / 5.0;
    let mut exp = raw.log10().floor() as i32;
    let norm = raw / scaled(1, exp);
    let mut mantissa = match norm {
        n if n < 1.5 => 1,
        n if n < 3.0 => 2,
        n if n < 7.0 => 5,
        _ => 10,
    };
    if mantissa == 10 {
        mantissa = 1;
        exp += 1;
    }
    let step = scaled(mantissa, exp);
    // The tolerance absorbs rounding in the division (a maximum of exactly
    // 1.4e6 must not get a 1.6e6 tick).
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    (first..=last.max(first + 1))
        .map(|k| scaled(k * mantissa, exp))
        .collect()
}

/// Years between two year labels so that labels `px_per_year` apart do not
/// collide: 1, 2, 5, 10, 20, 50…
pub(crate) fn year_step(px_per_year: f64) -> i64 {
    const MIN_GAP: f64 = 52.0;
    let mut base: i64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = m * base;
            if step as f64 * px_per_year >= MIN_GAP || base >= 1_000_000_000 {
                return step;
            }
        }
        base *= 10;
    }
}

/// First multiple of `step` at or after `year`.
pub(crate) fn first_multiple(year: i64, step: i64) -> i64 {
    let rem = year.rem_euclid(step);
    if rem == 0 { year } else { year + step - rem }
}

/// Vertical scale: value to y, with `max` at `top` and `min` at `top + height`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YScale {
    pub(crate) top: f64,
    pub(crate) height: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
}

impl YScale {
    /// The scale spanning `ticks` (at least two, increasing).
    pub(crate) fn new(ticks: &[f64], top: f64, height: f64) -> Self {
        let min = ticks.first().copied().unwrap_or(0.0);
        let max = ticks.last().copied().unwrap_or(1.0);
        Self {
            top,
            height,
            min,
            max: if max > min { max } else { min + 1.0 },
        }
    }

    /// y of `value`.
    pub(crate) fn y(&self, value: f64) -> f64 {
        self.top + (self.max - value) / (self.max - self.min) * self.height
    }

    /// y of the bottom edge.
    pub(crate) fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_for_a_budget_range_step_by_two_hundred_thousand() {
        let expected: Vec<f64> = (0..=7).map(|k| f64::from(k) * 200_000.0).collect();
        assert_eq!(nice_ticks(0.0, 1_234_567.0), expected);
    }

    #[test]
    fn ticks_use_one_two_five_steps() {
        for (lo, hi) in [
            (0.0, 1.0),
            (0.0, 7.3),
            (0.0, 99.0),
            (-3.2, 11.0),
            (0.0, 0.004),
            (-1e12, 0.0),
            (0.0, 123_456_789_012.0),
        ] {
            let ticks = nice_ticks(lo, hi);
            assert!(
                ticks.len() >= 4 && ticks.len() <= 10,
                "{lo}..{hi}: {ticks:?}"
            );
            assert!(ticks[0] <= lo && *ticks.last().unwrap() >= hi, "{ticks:?}");
            let step = ticks[1] - ticks[0];
            let exp = step.log10().floor();
            let mantissa = (step / 10f64.powf(exp)).round();
            assert!([1.0, 2.0, 5.0].contains(&mantissa), "{lo}..{hi}: {step}");
            assert!(ticks.contains(&0.0) || lo > 0.0 || hi < 0.0);
        }
    }

    #[test]
    fn decimal_ticks_are_the_nearest_floats() {
        assert_eq!(
            nice_ticks(0.0, 1.0),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "no 0.6000000000000001"
        );
        assert!(nice_ticks(0.0, 0.7).contains(&0.3));
    }

    #[test]
    fn a_flat_or_broken_range_still_has_two_ticks() {
        assert!(nice_ticks(0.0, 0.0).len() >= 2);
        assert_eq!(nice_ticks(5.0, 5.0)[0], 0.0);
        assert_eq!(nice_ticks(f64::NAN, 1.0), vec![0.0, 1.0]);
    }

    #[test]
    fn year_labels_thin_out_when_crowded() {
        assert_eq!(year_step(60.0), 1);
        assert_eq!(year_step(20.0), 5);
        assert_eq!(year_step(0.5), 200);
        assert_eq!(first_multiple(2001, 5), 2005);
        assert_eq!(first_multiple(2000, 5), 2000);
        assert_eq!(first_multiple(-7, 5), -5);
    }

    #[test]
    fn cleaning_sorts_dedups_and_drops_non_finite() {
        let points = [
            (2003, 3.0),
            (2001, f64::NAN),
            (2002, 2.0),
            (2003, 9.0),
            (2004, f64::INFINITY),
        ];
        assert_eq!(clean(&points), vec![(2002, 2.0), (2003, 3.0)]);
    }
}
