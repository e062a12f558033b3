//! D009 — derogatory process without the required opinion: above
//! `threshold` (any value if unset: every exemption then needs one), a
//! derogatory-regime process has no `tender/exemption/opinion` with a `body`
//! and a `date`. The opinion (e.g. of a defence council) is the only outside
//! check on an exempted purchase.

use crate::defence::{blank, process_value};
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;
use crate::settings::DFlag;

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    flag: &DFlag,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    if !release.is_derogatory() {
        return;
    }
    if let Some(threshold) = flag.threshold {
        match process_value(ctx, release) {
            Some((amount, _)) if amount > threshold => {}
            _ => return,
        }
    }
    let opinion = &release.tender.value.exemption.value.opinion;
    if !opinion.present || blank(opinion.value.body.get()) || blank(opinion.value.date.get()) {
        partial.flag(line, Group::Ocid, ocid, Code::D009, 1.0);
    }
}
