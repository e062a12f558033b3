//! D001 — derogatory regime without its grounds: `tender/exemption` is
//! present but its `legalBasis` or its `justification` is missing or blank.
//! An exemption from the procurement code is lawful only by a cited text and
//! for a stated reason; without them, the public cannot check either.

use crate::defence::blank;
use crate::indicators::{Code, Group};
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(release: &Release<'_>, line: u64, ocid: &str, partial: &mut Partial) {
    if !release.is_derogatory() {
        return;
    }
    let exemption = &release.tender.value.exemption.value;
    if blank(exemption.legal_basis.get()) || blank(exemption.justification.get()) {
        partial.flag(line, Group::Ocid, ocid, Code::D001, 1.0);
    }
}
