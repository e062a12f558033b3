//! R024 (price close to winning bid) and R058 (heavily discounted bid), both
//! on the second-lowest bid ratio: R024 flags ratios ≤ Q1 − 1.5·IQR (or the
//! threshold), R058 ratios ≥ Q3 + 1.5·IQR (or the threshold).

use crate::indicators::{Code, Group};
use crate::partial::Ratio;
use crate::report::Results;
use crate::stats::{Data, round_meta};

pub(crate) fn finalize_r024(threshold: Option<f64>, ratios: &[&Ratio], out: &mut Results) {
    let (lower_fence, q1) = match threshold {
        Some(threshold) => (threshold, 1.0),
        None => {
            let mut data = Data::new(ratios.iter().map(|r| r.ratio).collect());
            let (q1, q3) = (data.lower_quartile(), data.upper_quartile());
            out.meta(Code::R024, "q1", round_meta(q1));
            out.meta(Code::R024, "q3", round_meta(q3));
            ((q3 - q1).mul_add(-1.5, q1), q1)
        }
    };
    out.meta(Code::R024, "lower_fence", round_meta(lower_fence));
    // Skip when most processes have no difference: otherwise most are flagged.
    if q1 > 0.0 && lower_fence > 0.0 {
        for r in ratios.iter().filter(|r| r.ratio <= lower_fence) {
            // With lots, a process keeps its most suspicious (smallest) ratio.
            if out
                .get(Group::Ocid, &r.ocid, Code::R024)
                .is_none_or(|v| r.ratio < v)
            {
                out.set(Group::Ocid, &r.ocid, Code::R024, r.ratio);
            }
            for id in r.winner.iter().chain(&r.lowest_non_winner) {
                out.set(Group::Tenderer, id, Code::R024, 0.0);
            }
        }
    }
}

pub(crate) fn finalize_r058(threshold: Option<f64>, ratios: &[&Ratio], out: &mut Results) {
    let upper_fence = threshold.unwrap_or_else(|| {
        let mut data = Data::new(ratios.iter().map(|r| r.ratio).collect());
        let (q1, q3) = (data.lower_quartile(), data.upper_quartile());
        out.meta(Code::R058, "q1", round_meta(q1));
        out.meta(Code::R058, "q3", round_meta(q3));
        (q3 - q1).mul_add(1.5, q3)
    });
    out.meta(Code::R058, "upper_fence", round_meta(upper_fence));
    if upper_fence > 0.0 {
        for r in ratios.iter().filter(|r| r.ratio >= upper_fence) {
            // With lots, a process keeps its largest ratio.
            if out
                .get(Group::Ocid, &r.ocid, Code::R058)
                .is_none_or(|v| r.ratio > v)
            {
                out.set(Group::Ocid, &r.ocid, Code::R058, r.ratio);
            }
            for id in &r.winner {
                out.set(Group::Tenderer, id, Code::R058, 0.0);
            }
        }
    }
}
