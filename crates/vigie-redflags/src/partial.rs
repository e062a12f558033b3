//! What one worker accumulates, and how two workers' accumulations merge.
//!
//! Per-process results are kept with their line number, so that the merged
//! output is in file order whatever the thread schedule. Cross-process
//! indicators keep only compact aggregates (counts per organization).

// hashbrown's maps: a fast seeded hash, and `entry_ref`, which copies a key
// only when it is new (most organizations recur on every line).
use hashbrown::{HashMap, HashSet};
use std::sync::Arc;

use crate::indicators::{Code, Group};

/// A result found while reading one release.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    pub line: u64,
    pub group: Group,
    pub id: String,
    pub code: Code,
    pub value: f64,
}

/// The second-lowest-bid ratio of one process (R024, R058), in one currency.
/// One is kept for every process with comparable bids until the end of the
/// file (the fences need them all), so it is kept small: exact-size text,
/// and tenderers shared with every other ratio naming them.
#[derive(Debug, Clone)]
pub(crate) struct Ratio {
    pub line: u64,
    /// The award's position among the process's units (0 unless `[vigie] lots`).
    pub unit: usize,
    pub ocid: Box<str>,
    /// `None` when the settings fix the currency; otherwise the bids' currency,
    /// kept only if it turns out to be the first currency of the file.
    pub currency: Option<Box<str>>,
    pub ratio: f64,
    /// The winning bid's tenderers (one, or a consortium's).
    pub winner: Box<[Arc<str>]>,
    pub lowest_non_winner: Box<[Arc<str>]>,
}

/// A process R036 would flag, if `currency` is the file's currency.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub line: u64,
    pub ocid: String,
    pub currency: Option<String>,
}

/// numerator / denominator, summed as mediants.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fraction {
    pub numerator: usize,
    pub denominator: usize,
}

impl Fraction {
    pub fn add(&mut self, numerator: usize, denominator: usize) {
        self.numerator += numerator;
        self.denominator += denominator;
    }

    #[expect(clippy::cast_precision_loss, reason = "counts of bids, as Cardinal")]
    pub fn ratio(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

#[derive(Debug, Default)]
pub(crate) struct Partial {
    pub lines: u64,
    pub warnings: Vec<String>,
    pub error: Option<(u64, String)>,
    pub flags: Vec<Flag>,
    /// (line, stage, currency) of the first currency Cardinal would observe.
    pub first_currency: Option<(u64, u8, String)>,
    pub ratios: Vec<Ratio>,
    pub r036: Vec<Candidate>,
    pub r025: HashMap<String, Fraction>,
    pub r038_buyer: HashMap<String, Fraction>,
    pub r038_procuring_entity: HashMap<String, Fraction>,
    pub r038_tenderer: HashMap<String, Fraction>,
    pub r048: HashMap<String, (usize, HashSet<String>)>,
    /// D002, D003, D004, D007, D008 aggregates.
    pub defence: crate::defence::Aggregates,
    /// Each organization id the ratios name, once.
    pub names: HashSet<Arc<str>>,
}

impl Partial {
    pub fn flag(&mut self, line: u64, group: Group, id: &str, code: Code, value: f64) {
        self.flags.push(Flag {
            line,
            group,
            id: id.to_owned(),
            code,
            value,
        });
    }

    /// `id`, shared with every ratio that names it.
    pub fn name(&mut self, id: &str) -> Arc<str> {
        Arc::clone(self.names.get_or_insert_with(id, |id| Arc::from(id)))
    }

    /// Records a currency Cardinal would fix as "the" currency if it came first.
    pub fn observe_currency(&mut self, line: u64, stage: u8, currency: &str) {
        if self
            .first_currency
            .as_ref()
            .is_none_or(|(l, s, _)| (line, stage) < (*l, *s))
        {
            self.first_currency = Some((line, stage, currency.to_owned()));
        }
    }

    pub fn merge(&mut self, other: Partial) {
        self.lines += other.lines;
        self.warnings.extend(other.warnings);
        if let Some((line, message)) = other.error
            && self.error.as_ref().is_none_or(|(l, _)| line < *l)
        {
            self.error = Some((line, message));
        }
        self.flags.extend(other.flags);
        if let Some((line, stage, currency)) = other.first_currency {
            self.observe_currency(line, stage, &currency);
        }
        self.ratios.extend(other.ratios);
        self.r036.extend(other.r036);
        for (mine, theirs) in [
            (&mut self.r025, other.r025),
            (&mut self.r038_buyer, other.r038_buyer),
            (&mut self.r038_procuring_entity, other.r038_procuring_entity),
            (&mut self.r038_tenderer, other.r038_tenderer),
        ] {
            for (id, fraction) in theirs {
                mine.entry(id)
                    .or_default()
                    .add(fraction.numerator, fraction.denominator);
            }
        }
        for (id, (count, codes)) in other.r048 {
            let entry = self.r048.entry(id).or_default();
            entry.0 += count;
            entry.1.extend(codes);
        }
        self.defence.merge(other.defence);
    }

    /// Puts line-numbered lists in file order (stable: same-line order kept).
    pub fn sort(&mut self) {
        self.flags.sort_by_key(|f| f.line);
        self.ratios.sort_by_key(|r| r.line);
        self.r036.sort_by_key(|c| c.line);
        self.defence.near_threshold.sort_by_key(|n| n.line);
        self.warnings.sort_by_key(|w| {
            w.strip_prefix("line ")
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.parse::<u64>().ok())
        });
    }
}
