//! One module per indicator. Each has a `fold` (per release, into the
//! worker's [`Partial`]) and, when it compares processes, a `finalize` (once,
//! on the merged aggregates). Cardinal's order of evaluation is kept because
//! it decides the order of groups in the output.

pub(crate) mod d001;
pub(crate) mod d002;
pub(crate) mod d003;
pub(crate) mod d004;
pub(crate) mod d005;
pub(crate) mod d006;
pub(crate) mod d007;
pub(crate) mod d008;
pub(crate) mod d009;
pub(crate) mod r003;
pub(crate) mod r018;
pub(crate) mod r024;
pub(crate) mod r025;
pub(crate) mod r028;
pub(crate) mod r030;
pub(crate) mod r035;
pub(crate) mod r036;
pub(crate) mod r038;
pub(crate) mod r044;
pub(crate) mod r048;
pub(crate) mod slbr;

use std::collections::HashSet;

use crate::model::Release;
use crate::partial::Partial;
use crate::settings::{Settings, pipe_set};

/// An indicator's code, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    R003,
    R018,
    R024,
    R025,
    R028,
    R030,
    R035,
    R036,
    R038,
    R044,
    R048,
    R058,
    D001,
    D002,
    D003,
    D004,
    D005,
    D006,
    D007,
    D008,
    D009,
}

impl Code {
    pub const ALL: [Code; 21] = [
        Code::R003,
        Code::R018,
        Code::R024,
        Code::R025,
        Code::R028,
        Code::R030,
        Code::R035,
        Code::R036,
        Code::R038,
        Code::R044,
        Code::R048,
        Code::R058,
        Code::D001,
        Code::D002,
        Code::D003,
        Code::D004,
        Code::D005,
        Code::D006,
        Code::D007,
        Code::D008,
        Code::D009,
    ];

    pub fn as_str(self) -> &'static str {
        crate::catalog::INDICATORS[self as usize].code
    }
}

/// What a result is about: Cardinal's four groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// A contracting process, by `ocid`.
    Ocid,
    /// `buyer/id`.
    Buyer,
    /// `tender/procuringEntity/id`.
    ProcuringEntity,
    /// A tenderer or supplier, by organization id.
    Tenderer,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Ocid => "OCID",
            Group::Buyer => "Buyer",
            Group::ProcuringEntity => "ProcuringEntity",
            Group::Tenderer => "Tenderer",
        }
    }

    pub fn parse(text: &str) -> Option<Group> {
        [
            Group::Ocid,
            Group::Buyer,
            Group::ProcuringEntity,
            Group::Tenderer,
        ]
        .into_iter()
        .find(|g| g.as_str() == text)
    }
}

/// Settings resolved once for all workers.
#[derive(Debug)]
pub(crate) struct Ctx<'s> {
    pub settings: &'s Settings,
    pub exclusions: HashSet<String>,
    pub no_price_comparison: HashSet<String>,
    pub price_comparison: HashSet<String>,
    pub r003_methods: HashSet<String>,
    pub r018_methods: HashSet<String>,
    pub second_lowest: bool,
}

impl<'s> Ctx<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        let set = |v: Option<&str>| pipe_set(v).into_iter().collect::<HashSet<_>>();
        Ctx {
            settings,
            exclusions: set(settings.exclude_procurement_method_details.as_deref()),
            no_price_comparison: set(settings.no_price_comparison_procurement_methods.as_deref()),
            price_comparison: set(settings.price_comparison_procurement_methods.as_deref()),
            r003_methods: set(settings
                .r003
                .as_ref()
                .and_then(|r| r.procurement_methods.as_deref())),
            r018_methods: set(Some(
                settings
                    .r018
                    .as_ref()
                    .and_then(|m| m.as_deref())
                    .unwrap_or("open|selective"),
            )),
            second_lowest: settings.r024.is_some() || settings.r058.is_some(),
        }
    }

    /// Whether `tender/procurementMethodDetails` passes an allow list
    /// (if non-empty) or else a deny list, as Cardinal's
    /// `matches_procurement_method_details`.
    pub fn matches_details(
        release: &Release<'_>,
        include: &HashSet<String>,
        exclude: &HashSet<String>,
    ) -> bool {
        match release.tender.value.procurement_method_details.get() {
            Some(details) if include.is_empty() => !exclude.contains(details),
            Some(details) => include.contains(details),
            None => include.is_empty(),
        }
    }

    /// Price-comparison methods only (R024, R028, R036, R058).
    pub fn compares_prices(&self, release: &Release<'_>) -> bool {
        Self::matches_details(release, &self.price_comparison, &self.no_price_comparison)
    }

    /// An empty set matches every `tender/procurementMethod`.
    pub fn matches_method(release: &Release<'_>, set: &HashSet<String>) -> bool {
        set.is_empty()
            || release
                .tender
                .value
                .procurement_method
                .get()
                .is_some_and(|m| set.contains(m))
    }

    /// Folds one release into the worker's partial results, if Cardinal
    /// would evaluate it (an `ocid`, not cancelled, not excluded).
    pub fn fold(&self, release: &Release<'_>, line: u64, partial: &mut Partial) {
        let Some(ocid) = release.ocid.get() else {
            return;
        };
        if release.is_cancelled()
            || !Self::matches_details(release, &HashSet::new(), &self.exclusions)
        {
            return;
        }
        let s = self.settings;
        if self.second_lowest {
            slbr::fold(self, release, line, ocid, partial);
        }
        if s.r003.is_some() {
            r003::fold(self, release, line, ocid, partial);
        }
        if s.r018.is_some() {
            r018::fold(self, release, line, ocid, partial);
        }
        if s.r025.is_some() {
            r025::fold(self, release, partial);
        }
        if s.r028 {
            r028::fold(self, release, line, ocid, partial);
        }
        if s.r030 {
            r030::fold(self, release, line, ocid, partial);
        }
        if let Some(threshold) = s.r035 {
            r035::fold(
                release,
                line,
                ocid,
                threshold.map_or(1, |t| t.max(1)),
                partial,
            );
        }
        if s.r036 {
            r036::fold(self, release, line, ocid, partial);
        }
        if s.r038.is_some() {
            r038::fold(release, partial);
        }
        if s.r044 {
            r044::fold(release, line, ocid, partial);
        }
        if let Some(r048) = &s.r048 {
            r048::fold(release, r048.digits.unwrap_or(2), partial);
        }
        crate::defence::fold(self, release, line, ocid, partial);
    }
}
