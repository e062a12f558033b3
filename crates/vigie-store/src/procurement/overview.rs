//! What the procurement pages derive from the whole register — each
//! country's dashboard, the red flags, the most recent processes — read
//! once per version of the register and per reader's visibility, never per
//! request (decision 0029).
//!
//! A reader's register is the stored one with the fields removed whose
//! decision denies them, and a decision depends only on a [`Judged`]: the
//! buyer's country, the field's level, the producing service and the year.
//! So two readers whose decisions agree on every `Judged` the register holds
//! see the same register to the byte, and share its overview. The first
//! reading of a version streams the register once (a process at a time:
//! memory holds the figures, not the releases) and records the `Judged`
//! it met; a later reader is matched by asking Cedar about those few.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use vigie_domain::CountryCode;
use vigie_policy::{Authorizer, Decision, Principal};

use super::dashboard::{Dashboard, DashboardBuilder, SupplierYears, is_derogatory};
use super::flags::{Flag, Flagger, Flags};
use super::view::{Judged, ProcessView, Redactor, Which, reading};
use crate::Result;
use crate::db::on_pool;
use crate::log::Actor;
use crate::procurement::Procurement;

/// How many of a country's most recent processes an overview keeps (the
/// dashboard's list; the downloads read them all).
pub const RECENT: usize = 200;

/// Overviews kept at once: one per visibility met since the register last
/// changed (the public's, and one per distinct clearance that read it).
const KEPT: usize = 8;

/// One country's part of the register, as one reader may see it.
#[derive(Debug, Clone, Default)]
pub struct CountryOverview {
    /// Its processes.
    pub processes: u64,
    /// Those under the derogatory regime.
    pub derogatory: u64,
    /// Whether some field of one of them is withheld from the reader.
    pub partial: bool,
    /// By year and by supplier.
    pub dashboard: Dashboard,
    /// Each supplier's derogatory value by year, in the dashboard's currency.
    pub supplier_years: SupplierYears,
    /// The flags about its processes, its buyers, and the parties to its
    /// processes (raised over the whole register).
    pub flags: Flags,
    /// Per indicator, how many of those processes, buyers and suppliers
    /// raise it.
    pub flag_counts: BTreeMap<&'static str, [usize; 3]>,
    /// Its [`RECENT`] most recent processes, most recent first.
    pub recent: Vec<ProcessView>,
}

/// The whole register, as one reader may see it.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    countries: BTreeMap<CountryCode, CountryOverview>,
    /// Every buyer's and every supplier's flags (a country's part keeps
    /// those of its own; a process's flags are only in its country's part).
    buyers: BTreeMap<String, Vec<Flag>>,
    suppliers: BTreeMap<String, Vec<Flag>>,
    /// Each party's most recent process (in its `parties`).
    party_process: HashMap<String, String>,
}

impl Overview {
    /// A country's part (empty for a country with no process).
    pub fn country(&self, country: CountryCode) -> &CountryOverview {
        static EMPTY: std::sync::LazyLock<CountryOverview> =
            std::sync::LazyLock::new(CountryOverview::default);
        self.countries.get(&country).unwrap_or(&EMPTY)
    }

    /// Every flag raised on the register: buyer and supplier indicators
    /// compare a process with all the others, as Cardinal does over a
    /// whole publication. Assembled from the countries' parts on each call
    /// (each process's flags are kept once, in its country's).
    pub fn flags(&self) -> Flags {
        Flags {
            processes: self
                .countries
                .values()
                .flat_map(|c| c.flags.processes.iter())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            buyers: self.buyers.clone(),
            suppliers: self.suppliers.clone(),
        }
    }

    /// A process's flags.
    pub fn process_flags(&self, ocid: &str) -> Option<&Vec<Flag>> {
        self.countries
            .values()
            .find_map(|c| c.flags.processes.get(ocid))
    }

    /// A buyer's (or procuring entity's) flags.
    pub fn buyer_flags(&self, id: &str) -> Option<&Vec<Flag>> {
        self.buyers.get(id)
    }

    /// A supplier's (or tenderer's) flags.
    pub fn supplier_flags(&self, id: &str) -> Option<&Vec<Flag>> {
        self.suppliers.get(id)
    }

    /// The most recent process that names `party` among its parties: where
    /// a tenderer that never won is described.
    pub fn party_process(&self, party: &str) -> Option<&str> {
        self.party_process.get(party).map(String::as_str)
    }
}

/// An overview, with what it was computed for.
struct Kept {
    version: i64,
    /// Every `Judged` of the register, with a process it was met in.
    judged: Vec<(Judged, String)>,
    /// The decisions it was computed with, one per `judged`.
    permits: Vec<bool>,
    overview: Arc<Overview>,
    /// The processes whose classified field it shows, each with the
    /// `judged` that showed the first one: the readings to log.
    shown: Vec<(String, usize)>,
}

/// The overviews kept, shared by every clone of the store.
#[derive(Default)]
pub(crate) struct Overviews {
    kept: Mutex<Vec<Arc<Kept>>>,
    /// One overview is computed at a time: a burst of first readers waits
    /// for it rather than streaming the register each.
    computing: tokio::sync::Mutex<()>,
}

/// The overviews kept, even after a panic while the lock was held: each is
/// whole (it is added in one push).
fn locked(kept: &Mutex<Vec<Arc<Kept>>>) -> std::sync::MutexGuard<'_, Vec<Arc<Kept>>> {
    kept.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl std::fmt::Debug for Overviews {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Overviews")
    }
}

impl Procurement<'_> {
    /// The register's version: one more at each import.
    async fn version(self) -> Result<i64> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_scalar("SELECT version FROM procurement_version WHERE id = 1")
                .fetch_one(pool)
                .await?
        }))
    }

    /// The register's overview as `who` may see it. A reading that shows a
    /// classified field is logged, process by process, as a view would be.
    pub async fn overview(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
    ) -> Result<Arc<Overview>> {
        let version = self.version().await?;
        let kept = match self.kept(version, authorizer, who).await? {
            Some(kept) => kept,
            None => {
                let _one = self.store.overviews.computing.lock().await;
                match self.kept(version, authorizer, who).await? {
                    Some(kept) => kept,
                    None => {
                        let kept = Arc::new(self.compute(version, authorizer, who).await?);
                        if self.version().await? == version {
                            let mut all = locked(&self.store.overviews.kept);
                            all.retain(|k| k.version == version);
                            if all.len() == KEPT {
                                all.remove(0);
                            }
                            all.push(kept.clone());
                        }
                        kept
                    }
                }
            }
        };
        if !kept.shown.is_empty() {
            // The reader's own decisions name the policies that showed them.
            let mut redactor = Redactor::new(self.store, authorizer, who);
            let mut events = Vec::with_capacity(kept.shown.len());
            for (ocid, at) in &kept.shown {
                let (judged, sample) = &kept.judged[*at];
                let at = redactor.decide(judged, sample).await?;
                events.push(reading(ocid, redactor.decision(at)));
            }
            self.store.record_events(actor, &events).await?;
        }
        Ok(kept.overview.clone())
    }

    /// The overview kept for `version` that `who` may read: the one
    /// computed with the decisions `who` gets.
    async fn kept(
        self,
        version: i64,
        authorizer: &Authorizer,
        who: &Principal,
    ) -> Result<Option<Arc<Kept>>> {
        let candidates: Vec<Arc<Kept>> = {
            let all = locked(&self.store.overviews.kept);
            all.iter()
                .filter(|k| k.version == version)
                .cloned()
                .collect()
        };
        // Each decision is asked of Cedar once, however many candidates.
        let mut redactor = Redactor::new(self.store, authorizer, who);
        for kept in candidates {
            let mut same = true;
            for ((judged, sample), permit) in kept.judged.iter().zip(&kept.permits) {
                let at = redactor.decide(judged, sample).await?;
                if redactor.decision(at).permit != *permit {
                    same = false;
                    break;
                }
            }
            if same {
                return Ok(Some(kept));
            }
        }
        Ok(None)
    }

    /// Streams the register once, as `who` may see it.
    async fn compute(self, version: i64, authorizer: &Authorizer, who: &Principal) -> Result<Kept> {
        let mut redactor = Redactor::new(self.store, authorizer, who);
        let mut builder = Builder::default();
        self.stream(
            Which::all(None),
            &mut redactor,
            |process, shown, text, _| builder.add(process, shown, text.as_deref()),
        )
        .await?;
        Ok(builder.finish(version, redactor.decisions()))
    }
}

/// One country's figures while the register streams by.
#[derive(Default)]
struct CountryBuilder {
    processes: u64,
    derogatory: u64,
    partial: bool,
    dashboard: DashboardBuilder,
    buyers: BTreeSet<String>,
    parties: BTreeSet<String>,
    recent: Vec<ProcessView>,
}

#[derive(Default)]
struct Builder {
    countries: BTreeMap<CountryCode, CountryBuilder>,
    /// Every process's country, to tell the flags apart by country.
    country_of: HashMap<String, CountryCode>,
    flagger: Flagger,
    shown: Vec<(String, usize)>,
    party_process: HashMap<String, String>,
}

impl Builder {
    fn add(&mut self, process: ProcessView, shown: Option<usize>, text: Option<&str>) {
        if let Some(at) = shown {
            self.shown.push((process.ocid().to_owned(), at));
        }
        self.flagger.add(&process, text);
        let c = self.countries.entry(process.country()).or_default();
        let release = process.release();
        c.processes += 1;
        c.derogatory += u64::from(is_derogatory(release));
        c.partial |= !process.withheld().is_empty();
        c.dashboard.add(release);
        if let Some(b) = release.pointer("/buyer/id").and_then(Value::as_str)
            && !c.buyers.contains(b)
        {
            c.buyers.insert(b.to_owned());
        }
        for party in release
            .get("parties")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = party.get("id").and_then(Value::as_str) {
                if !c.parties.contains(id) {
                    c.parties.insert(id.to_owned());
                }
                if !self.party_process.contains_key(id) {
                    self.party_process
                        .insert(id.to_owned(), process.ocid().to_owned());
                }
            }
        }
        self.country_of
            .insert(process.ocid().to_owned(), process.country());
        if c.recent.len() < RECENT {
            c.recent.push(process);
        }
    }

    fn finish(self, version: i64, decisions: &[(Judged, String, Decision)]) -> Kept {
        let mut flags = self.flagger.finish();
        let mut by_country: BTreeMap<CountryCode, BTreeMap<String, Vec<Flag>>> = BTreeMap::new();
        for (ocid, list) in std::mem::take(&mut flags.processes) {
            if let Some(c) = self.country_of.get(&ocid) {
                by_country.entry(*c).or_default().insert(ocid, list);
            }
        }
        drop(self.country_of);
        let countries = self
            .countries
            .into_iter()
            .map(|(code, c)| {
                let pick = |m: &BTreeMap<String, Vec<_>>, keep: &dyn Fn(&str) -> bool| {
                    m.iter()
                        .filter(|(k, _)| keep(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                };
                let of_country = Flags {
                    processes: by_country.remove(&code).unwrap_or_default(),
                    buyers: pick(&flags.buyers, &|k| c.buyers.contains(k)),
                    suppliers: pick(&flags.suppliers, &|k| c.parties.contains(k)),
                };
                let (dashboard, supplier_years) = c.dashboard.finish();
                let overview = CountryOverview {
                    processes: c.processes,
                    derogatory: c.derogatory,
                    partial: c.partial,
                    dashboard,
                    supplier_years,
                    flag_counts: of_country.counts(),
                    flags: of_country,
                    recent: c.recent,
                };
                (code, overview)
            })
            .collect();
        Kept {
            version,
            judged: decisions
                .iter()
                .map(|(judged, ocid, _)| (judged.clone(), ocid.clone()))
                .collect(),
            permits: decisions.iter().map(|(_, _, d)| d.permit).collect(),
            overview: Arc::new(Overview {
                countries,
                buyers: flags.buyers,
                suppliers: flags.suppliers,
                party_process: self.party_process,
            }),
            shown: self.shown,
        }
    }
}
