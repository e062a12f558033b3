//! R003 — short submission period: fewer days between `tender/tenderPeriod`
//! start and end than the threshold (15, or per `procurementMethodDetails`).
//! Days are whole days of the exact duration, truncated, as chrono's `num_days`.

use crate::dates::parse_datetime;
use crate::indicators::{Code, Ctx, Group};
use crate::model::Release;
use crate::partial::Partial;

pub(crate) fn fold(
    ctx: &Ctx<'_>,
    release: &Release<'_>,
    line: u64,
    ocid: &str,
    partial: &mut Partial,
) {
    let Some(settings) = &ctx.settings.r003 else {
        return;
    };
    let tender = &release.tender.value;
    if !Ctx::matches_method(release, &ctx.r003_methods) {
        return;
    }
    let period = &tender.tender_period.value;
    let (Some(start), Some(end)) = (period.start_date.get(), period.end_date.get()) else {
        return;
    };
    let (Some(start), Some(end)) = (parse_datetime(start), parse_datetime(end)) else {
        return;
    };
    let days = (end - start).whole_days();
    let threshold = tender
        .procurement_method_details
        .get()
        .and_then(|d| settings.procurement_method_details.get(d).copied())
        .unwrap_or(settings.threshold.unwrap_or(15));
    if days < threshold {
        partial.flag(line, Group::Ocid, ocid, Code::R003, 1.0);
    }
}
