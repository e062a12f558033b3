//! The public dashboard's figures, from the recommendations' current
//! status: counts by status overall, per country, theme and source, and an
//! implementation rate.
//!
//! The rate (decision 0012) is `(implemented + ½ × partially implemented) /
//! accepted`, where accepted excludes `not_accepted`: a declined
//! recommendation is not an implementation failure of the addressee's
//! commitments, it is a refusal shown on its own. With nothing accepted the
//! rate is undefined (`None`), never 0 %. A recommendation addressed to two
//! countries counts once in each country, and once overall.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{RecommendationStatus, SourceKind, Theme};
use crate::CountryCode;

/// What the dashboard needs of one recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardItem {
    /// Countries addressed (each counted).
    pub countries: Vec<CountryCode>,
    /// Theme.
    pub theme: Theme,
    /// Source.
    pub source: SourceKind,
    /// Current status.
    pub status: RecommendationStatus,
}

/// How many recommendations are at each status, in
/// [`RecommendationStatus::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatusCounts(pub [u32; 5]);

impl StatusCounts {
    fn add(&mut self, status: RecommendationStatus, n: u32) {
        if let Some(i) = RecommendationStatus::ALL.iter().position(|s| *s == status) {
            self.0[i] += n;
        }
    }

    /// The count at one status.
    pub fn get(&self, status: RecommendationStatus) -> u32 {
        RecommendationStatus::ALL
            .iter()
            .position(|s| *s == status)
            .map_or(0, |i| self.0[i])
    }

    /// All of them.
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The implementation rate, a fraction in [0, 1]; `None` when nothing
    /// was accepted.
    pub fn implementation_rate(&self) -> Option<Decimal> {
        let accepted = self.total() - self.get(RecommendationStatus::NotAccepted);
        if accepted == 0 {
            return None;
        }
        let done = Decimal::from(self.get(RecommendationStatus::Implemented))
            + Decimal::from(self.get(RecommendationStatus::PartiallyImplemented)) / Decimal::TWO;
        Some(done / Decimal::from(accepted))
    }
}

/// Every figure of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// All recommendations.
    pub overall: StatusCounts,
    /// Per country addressed.
    pub by_country: BTreeMap<CountryCode, StatusCounts>,
    /// Per theme.
    pub by_theme: BTreeMap<Theme, StatusCounts>,
    /// Per source.
    pub by_source: BTreeMap<SourceKind, StatusCounts>,
}

impl Dashboard {
    /// Counts `items`.
    pub fn of(items: &[DashboardItem]) -> Dashboard {
        Dashboard::of_counted(items.iter().map(|item| (item, 1)))
    }

    /// Counts `n` recommendations alike for each `(item, n)`: the figures
    /// from counts kept per kind of recommendation rather than from the
    /// recommendations themselves.
    pub fn of_counted<'a>(items: impl IntoIterator<Item = (&'a DashboardItem, u32)>) -> Dashboard {
        let mut d = Dashboard::default();
        for (item, n) in items {
            d.overall.add(item.status, n);
            let mut countries = item.countries.clone();
            countries.sort_unstable();
            countries.dedup();
            for c in countries {
                d.by_country.entry(c).or_default().add(item.status, n);
            }
            d.by_theme
                .entry(item.theme)
                .or_default()
                .add(item.status, n);
            d.by_source
                .entry(item.source)
                .or_default()
                .add(item.status, n);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RecommendationStatus as S;

    /// A decimal from text, for readable expectations.
    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn item(
        countries: &[CountryCode],
        theme: Theme,
        source: SourceKind,
        status: S,
    ) -> DashboardItem {
        DashboardItem {
            countries: countries.to_vec(),
            theme,
            source,
            status,
        }
    }

    /// Six recommendations, computed by hand:
    /// MLI: implemented, partially, not_accepted, in_progress (shared with NER)
    /// NER: in_progress (shared), implemented; BFA: not_started.
    /// Overall: 2 implemented, 1 partial, 1 not accepted, 1 in progress,
    /// 1 not started → accepted 5 → (2 + 0.5) / 5 = 0.5.
    /// MLI: (1 + 0.5) / 3 = 0.5; NER: 1 / 2 = 0.5; BFA: 0 / 1 = 0.
    #[test]
    fn figures_match_the_hand_computed_example() {
        use CountryCode as C;
        let items = [
            item(
                &[C::MLI],
                Theme::Procurement,
                SourceKind::ConferenceWorkshop,
                S::Implemented,
            ),
            item(
                &[C::MLI],
                Theme::Procurement,
                SourceKind::Audit,
                S::PartiallyImplemented,
            ),
            item(
                &[C::MLI],
                Theme::JudicialFollowup,
                SourceKind::Audit,
                S::NotAccepted,
            ),
            item(
                &[C::MLI, C::NER],
                Theme::Partners,
                SourceKind::ConferenceWorkshop,
                S::InProgress,
            ),
            item(
                &[C::NER],
                Theme::Procurement,
                SourceKind::Inspection,
                S::Implemented,
            ),
            item(
                &[C::BFA],
                Theme::ParliamentaryControl,
                SourceKind::ConferenceWorkshop,
                S::NotStarted,
            ),
        ];
        let d = Dashboard::of(&items);
        assert_eq!(d.overall.0, [1, 1, 1, 2, 1]);
        assert_eq!(d.overall.implementation_rate(), Some(dec("0.5")));
        assert_eq!(d.by_country[&C::MLI].0, [0, 1, 1, 1, 1]);
        assert_eq!(
            d.by_country[&C::MLI].implementation_rate(),
            Some(dec("0.5"))
        );
        assert_eq!(
            d.by_country[&C::NER].implementation_rate(),
            Some(dec("0.5"))
        );
        assert_eq!(d.by_country[&C::BFA].implementation_rate(), Some(dec("0")));
        assert_eq!(d.by_theme[&Theme::Procurement].0, [0, 0, 1, 2, 0]);
        // (2 + 0.5) / 3
        assert_eq!(
            d.by_theme[&Theme::Procurement]
                .implementation_rate()
                .unwrap()
                .round_dp(4),
            dec("0.8333")
        );
        assert_eq!(d.by_source[&SourceKind::Audit].0, [0, 0, 1, 0, 1]);
        assert_eq!(
            d.by_source[&SourceKind::Audit].implementation_rate(),
            Some(dec("0.5"))
        );
        assert_eq!(
            d.by_theme[&Theme::JudicialFollowup].implementation_rate(),
            None
        );
        assert!(!d.by_country.contains_key(&C::TCD));
    }
}
