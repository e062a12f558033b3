//! R048 — heterogeneous supplier: suppliers whose awarded items span an
//! outlying number of classification prefixes (`digits` first characters),
//! among suppliers of at least `minimum_contracting_processes` processes.

use hashbrown::HashSet;

use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::report::Results;
use crate::settings::R048;
use crate::stats::{Data, round_meta};

pub(crate) fn fold(release: &Release<'_>, digits: usize, partial: &mut Partial) {
    let mut observed: HashSet<&str> = HashSet::new();
    for award in release.awards.items.iter().map(|a| &a.value) {
        if award.status.get().is_none() || !award.items.present {
            continue;
        }
        // One supplier only: all suppliers need not supply all items.
        let [supplier] = &award.suppliers.items[..] else {
            continue;
        };
        let Some(supplier) = supplier.value.id() else {
            continue;
        };
        if award.status.get() != Some("active") {
            continue;
        }
        for item in award.items.items.iter().map(|i| &i.value) {
            let Some(id) = item.classification.value.id() else {
                continue;
            };
            let entry = partial.r048.entry_ref(supplier).or_default();
            if observed.insert(supplier) {
                entry.0 += 1;
            }
            let prefix = id
                .char_indices()
                .nth(digits)
                .map_or(id, |(end, _)| &id[..end]);
            entry.1.get_or_insert_with(prefix, str::to_owned);
        }
    }
}

pub(crate) fn finalize(settings: &R048, partial: &Partial, out: &mut Results) {
    let minimum = settings.minimum_contracting_processes.unwrap_or(20);
    let mut lengths: Vec<(&String, f64)> = partial
        .r048
        .iter()
        .filter(|(_, (count, _))| *count >= minimum)
        .map(|(id, (_, codes))| {
            #[expect(clippy::cast_precision_loss, reason = "a count of codes")]
            let length = codes.len() as f64;
            (id, length)
        })
        .collect();
    lengths.sort_by(|a, b| a.0.cmp(b.0));
    #[expect(clippy::cast_precision_loss, reason = "a count of codes")]
    let upper_fence = settings.threshold.map_or_else(
        || {
            let mut data = Data::new(lengths.iter().map(|l| l.1).collect());
            let (q1, q3) = (data.lower_quartile(), data.upper_quartile());
            out.meta(Code::R048, "q1", round_meta(q1));
            out.meta(Code::R048, "q3", round_meta(q3));
            (q3 - q1).mul_add(1.5, q3)
        },
        |t| t as f64,
    );
    out.meta(Code::R048, "upper_fence", round_meta(upper_fence));
    for (id, length) in lengths {
        if length >= upper_fence {
            out.set(Group::Tenderer, id, Code::R048, length);
        }
    }
}
