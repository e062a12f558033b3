//! R038 — excessive disqualified bids: buyers, procuring entities and
//! tenderers whose ratio of disqualified to submitted bids is an outlier
//! (≥ Q3 + 1.5·IQR, or the threshold), with enough processes or bids.

use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::{Fraction, Partial};
use crate::report::Results;
use crate::settings::R038;
use crate::stats::{Data, round_meta};
use hashbrown::HashMap;

pub(crate) fn fold(release: &Release<'_>, partial: &mut Partial) {
    let mut submitted = 0;
    let mut disqualified = 0;
    for bid in release.submitted_bids() {
        let increment = usize::from(bid.status.get() == Some("disqualified"));
        submitted += 1;
        disqualified += increment;
        for id in bid.tenderers.items.iter().filter_map(|t| t.value.id()) {
            partial
                .r038_tenderer
                .entry_ref(id)
                .or_default()
                .add(increment, 1);
        }
    }
    if submitted == 0 {
        return;
    }
    if let Some(id) = release.buyer.value.id() {
        partial
            .r038_buyer
            .entry_ref(id)
            .or_default()
            .add(disqualified, submitted);
    }
    if let Some(id) = release.tender.value.procuring_entity.value.id() {
        partial
            .r038_procuring_entity
            .entry_ref(id)
            .or_default()
            .add(disqualified, submitted);
    }
}

fn flag(
    settings: &R038,
    fractions: &HashMap<String, Fraction>,
    minimum: usize,
    group: Group,
    out: &mut Results,
) {
    let mut ratios: Vec<(&String, f64)> = fractions
        .iter()
        .filter(|(_, f)| f.denominator >= minimum)
        .map(|(id, f)| (id, f.ratio()))
        .collect();
    if ratios.is_empty() {
        return;
    }
    ratios.sort_by(|a, b| a.0.cmp(b.0));
    let name = group.as_str();
    let upper_fence = settings.threshold.unwrap_or_else(|| {
        let mut data = Data::new(ratios.iter().map(|r| r.1).collect());
        let (q1, q3) = (data.lower_quartile(), data.upper_quartile());
        out.meta(Code::R038, &format!("{name}_q1"), round_meta(q1));
        out.meta(Code::R038, &format!("{name}_q3"), round_meta(q3));
        (q3 - q1).mul_add(1.5, q3)
    });
    out.meta(
        Code::R038,
        &format!("{name}_upper_fence"),
        round_meta(upper_fence),
    );
    if upper_fence > 0.0 {
        for (id, ratio) in ratios {
            if ratio >= upper_fence {
                out.set(group, id, Code::R038, ratio);
            }
        }
    }
}

pub(crate) fn finalize(settings: &R038, partial: &Partial, out: &mut Results) {
    let processes = settings.minimum_contracting_processes.unwrap_or(2);
    flag(settings, &partial.r038_buyer, processes, Group::Buyer, out);
    flag(
        settings,
        &partial.r038_procuring_entity,
        processes,
        Group::ProcuringEntity,
        out,
    );
    let bids = settings.minimum_submitted_bids.unwrap_or(2);
    flag(settings, &partial.r038_tenderer, bids, Group::Tenderer, out);
}
