//! R025 — excessive unsuccessful bids: tenderers whose ratio of winning to
//! submitted valid bids is an outlier (≤ Q1 − 1.5·IQR, or the threshold),
//! among tenderers with many bids (≥ the 75th percentile of bid counts).
//! The processes are those of R024 (see `slbr` for the `[vigie]` options).

use hashbrown::HashSet;

use crate::indicators::slbr::{self, units};
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::stats::{Data, round_meta};

pub(crate) fn fold(ctx: &Ctx<'_>, release: &Release<'_>, partial: &mut Partial) {
    for unit in units(ctx, release) {
        // Each tenderer counts once per process (per lot), however many bids.
        let mut tenderers = HashSet::new();
        for bid in &unit.bids {
            if bid.status.get() == Some("valid")
                && let Some(ids) = slbr::tenderers(ctx, bid)
            {
                tenderers.extend(ids);
            }
        }
        for id in tenderers {
            let won = usize::from(unit.suppliers.contains(&id));
            partial.r025.entry_ref(id).or_default().add(won, 1);
        }
    }
}

pub(crate) fn finalize(settings: &crate::settings::R025, partial: &Partial, out: &mut Results) {
    let mut entries: Vec<_> = partial.r025.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    #[expect(clippy::cast_precision_loss, reason = "bid counts")]
    let upper_fence = Data::new(entries.iter().map(|(_, f)| f.denominator as f64).collect())
        .percentile(settings.percentile.unwrap_or(75));
    let (lower_fence, q1) = match settings.threshold {
        Some(threshold) => (threshold, 1.0),
        None => {
            let mut data = Data::new(entries.iter().map(|(_, f)| f.ratio()).collect());
            let (q1, q3) = (data.lower_quartile(), data.upper_quartile());
            out.meta(Code::R025, "q1", round_meta(q1));
            out.meta(Code::R025, "q3", round_meta(q3));
            ((q3 - q1).mul_add(-1.5, q1), q1)
        }
    };
    out.meta(Code::R025, "upper_fence", round_meta(upper_fence));
    out.meta(Code::R025, "lower_fence", round_meta(lower_fence));
    if q1 > 0.0 && lower_fence > 0.0 {
        for (id, fraction) in entries {
            let ratio = fraction.ratio();
            #[expect(clippy::cast_precision_loss, reason = "bid counts")]
            let many = fraction.denominator as f64 >= upper_fence;
            if many && ratio <= lower_fence {
                out.set(Group::Tenderer, id, Code::R025, ratio);
            }
        }
    }
}
