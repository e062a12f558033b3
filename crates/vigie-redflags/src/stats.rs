//! Order statistics as statrs 0.16 computes them (Cardinal's dependency):
//! quantiles by the R-8 ("median-unbiased") estimator, so fences match to the bit.

/// A sample; sorted once.
#[derive(Debug)]
pub(crate) struct Data(Vec<f64>);

impl Data {
    pub fn new(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        Data(values)
    }

    pub fn quantile(&mut self, tau: f64) -> f64 {
        let n = self.0.len();
        if !(0.0..=1.0).contains(&tau) || n == 0 {
            return f64::NAN;
        }
        #[expect(clippy::cast_precision_loss, reason = "as statrs")]
        let h = (n as f64 + 1.0 / 3.0) * tau + 1.0 / 3.0;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "as statrs: truncation is the point"
        )]
        let hf = h as i64;
        if hf <= 0 || tau == 0.0 {
            return self.0[0];
        }
        let Ok(index) = usize::try_from(hf) else {
            return f64::NAN;
        };
        if index >= n || tau == 1.0 {
            return self.0[n - 1];
        }
        let a = self.0[index - 1];
        let b = self.0[index];
        #[expect(clippy::cast_precision_loss, reason = "as statrs")]
        let fraction = h - hf as f64;
        a + fraction * (b - a)
    }

    pub fn percentile(&mut self, p: usize) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a percentage")]
        self.quantile(p as f64 / 100.0)
    }

    pub fn lower_quartile(&mut self) -> f64 {
        self.quantile(0.25)
    }

    pub fn upper_quartile(&mut self) -> f64 {
        self.quantile(0.75)
    }
}

/// Cardinal rounds Meta values to 4 decimals when it prints them.
pub(crate) fn round_meta(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r8_quartiles() {
        let mut d = Data::new(vec![1.0, 2.0, 3.0, 4.0]);
        // h = (4 + 1/3) * 0.25 + 1/3 = 1.4166…: 1 + 0.4166… * (2 - 1)
        assert!((d.lower_quartile() - 1.416_666_666_666_666_7).abs() < 1e-12);
        assert!(Data::new(vec![]).lower_quartile().is_nan());
        assert_eq!(Data::new(vec![5.0]).upper_quartile(), 5.0);
    }
}
