//! The derogatory-regime dashboard's figures, from what one reader may see.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde_json::Value;

use super::compiled::award_supplier_ids;
use super::view::ProcurementView;

/// One year of a country's (or the region's) processes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct YearShare {
    /// The year of the process (its tender's start, else its date).
    pub year: i32,
    /// Processes.
    pub processes: u64,
    /// Processes under the derogatory regime.
    pub derogatory: u64,
    /// Their value (contracts, else awards, else the tender's estimate).
    pub value: Decimal,
    /// The derogatory processes' value.
    pub derogatory_value: Decimal,
}

impl YearShare {
    /// The derogatory share of the year's value, when there is any value.
    pub fn value_share(&self) -> Option<Decimal> {
        (!self.value.is_zero()).then(|| self.derogatory_value / self.value)
    }
}

/// A supplier's awards.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SupplierTotal {
    /// The supplier's id in the releases.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Processes it was awarded.
    pub processes: u64,
    /// Their value.
    pub value: Decimal,
    /// The value of those under the derogatory regime.
    pub derogatory_value: Decimal,
}

/// What the dashboard shows, in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Dashboard {
    /// The currency of the values; processes in another are counted but
    /// not added up.
    pub currency: Option<String>,
    /// By year, oldest first.
    pub years: Vec<YearShare>,
    /// Suppliers by derogatory value, then value, largest first.
    pub suppliers: Vec<SupplierTotal>,
}

/// An OCDS value's amount, exactly (a JSON number or a string).
pub fn ocds_amount(value: &Value) -> Option<Decimal> {
    match value.get("amount")? {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn amount(v: &Value) -> Option<(Decimal, &str)> {
    Some((
        ocds_amount(v)?,
        v.get("currency").and_then(Value::as_str).unwrap_or(""),
    ))
}

fn sum(items: Option<&Value>, active: bool) -> Option<(Decimal, &str)> {
    let mut total: Option<(Decimal, &str)> = None;
    for item in items.and_then(Value::as_array).into_iter().flatten() {
        let status = item.get("status").and_then(Value::as_str).unwrap_or("");
        if active && matches!(status, "cancelled" | "unsuccessful" | "pending") {
            continue;
        }
        if let Some((a, c)) = item.get("value").and_then(amount) {
            let t = total.get_or_insert((Decimal::ZERO, c));
            if t.1 == c {
                t.0 += a;
            }
        }
    }
    total
}

/// A process's value: its contracts', else its awards', else the tender's
/// estimate, with its currency.
pub fn process_value(release: &Value) -> Option<(Decimal, &str)> {
    sum(release.get("contracts"), true)
        .or_else(|| sum(release.get("awards"), true))
        .or_else(|| release.pointer("/tender/value").and_then(amount))
}

/// Whether a process is under the derogatory regime (`tender/exemption`).
pub fn is_derogatory(release: &Value) -> bool {
    release
        .pointer("/tender/exemption")
        .is_some_and(Value::is_object)
}

/// The year a process counts in: its tender's start, else its date.
pub fn process_year(release: &Value) -> Option<i32> {
    ["/tender/tenderPeriod/startDate", "/date"]
        .iter()
        .filter_map(|p| release.pointer(p).and_then(Value::as_str))
        .find_map(|d| d.get(..4).and_then(|y| y.parse().ok()))
}

/// The name of a party of the release.
pub fn party_name<'a>(release: &'a Value, id: &str) -> Option<&'a str> {
    release
        .get("parties")
        .and_then(Value::as_array)?
        .iter()
        .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
        .and_then(|p| p.get("name").and_then(Value::as_str))
}

/// The dashboard of the processes in `view`, in the currency most of them
/// use.
pub fn dashboard(view: &ProcurementView) -> Dashboard {
    let mut builder = DashboardBuilder::default();
    for p in view.processes() {
        builder.add(p.release());
    }
    builder.finish().0
}

/// A supplier's derogatory value by year, in the dashboard's currency, for
/// the chart of the leading suppliers (the dashboard gives totals only).
pub type SupplierYears = BTreeMap<String, Vec<(i32, Decimal)>>;

/// The dashboard built a process at a time, in the order of the list
/// (most recent first): the currency most processes use is known only at
/// the end, so values are kept per currency until then.
#[derive(Debug, Default)]
pub(crate) struct DashboardBuilder {
    /// Processes with a value, per currency.
    currencies: HashMap<String, usize>,
    /// Per year: processes and derogatory processes.
    counts: BTreeMap<i32, (u64, u64)>,
    /// Per currency and year: value and derogatory value.
    values: HashMap<String, BTreeMap<i32, (Decimal, Decimal)>>,
    /// Per supplier, as first seen: its name, and the awards naming it.
    suppliers: BTreeMap<String, (String, u64)>,
    /// Per award currency and supplier: value and derogatory value.
    supplier_values: HashMap<String, HashMap<String, (Decimal, Decimal)>>,
    /// Per award currency (as given), supplier and year: derogatory value.
    supplier_years: HashMap<Option<String>, HashMap<String, BTreeMap<i32, Decimal>>>,
}

impl DashboardBuilder {
    /// Counts one process (as its reader may see it).
    pub(crate) fn add(&mut self, release: &Value) {
        if let Some((_, c)) = process_value(release) {
            *self.currencies.entry(c.to_owned()).or_default() += 1;
        }
        let Some(year) = process_year(release) else {
            return;
        };
        let derogatory = is_derogatory(release);
        let count = self.counts.entry(year).or_default();
        count.0 += 1;
        count.1 += u64::from(derogatory);
        if let Some((a, c)) = process_value(release) {
            let v = self
                .values
                .entry(c.to_owned())
                .or_default()
                .entry(year)
                .or_default();
            v.0 += a;
            if derogatory {
                v.1 += a;
            }
        }
        for award in release
            .get("awards")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let value = award.get("value").and_then(amount);
            let named: Vec<&Value> = award
                .get("suppliers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            for s in &named {
                let Some(id) = s.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let t = self.suppliers.entry(id.to_owned()).or_insert_with(|| {
                    let name = party_name(release, id)
                        .or(s.get("name").and_then(Value::as_str))
                        .unwrap_or(id);
                    (name.to_owned(), 0)
                });
                t.1 += 1;
                // A consortium shares the award equally: no one member is
                // credited with the whole of it.
                if let Some((a, c)) = value {
                    let share = a / Decimal::from(named.len());
                    let v = self
                        .supplier_values
                        .entry(c.to_owned())
                        .or_default()
                        .entry(id.to_owned())
                        .or_default();
                    v.0 += share;
                    if derogatory {
                        v.1 += share;
                    }
                }
            }
            if derogatory {
                self.add_supplier_year(award, year);
            }
        }
    }

    /// The chart's share of a derogatory award: among the suppliers named
    /// with an id, each once.
    fn add_supplier_year(&mut self, award: &Value, year: i32) {
        let named: Vec<&str> = award_supplier_ids(award).collect();
        let Some(value) = award.get("value") else {
            return;
        };
        let currency = value.get("currency").and_then(Value::as_str);
        let share = ocds_amount(value).unwrap_or_default() / Decimal::from(named.len().max(1));
        let mut seen: Vec<&str> = Vec::with_capacity(named.len());
        for id in named {
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            *self
                .supplier_years
                .entry(currency.map(str::to_owned))
                .or_default()
                .entry(id.to_owned())
                .or_default()
                .entry(year)
                .or_default() += share;
        }
    }

    /// The dashboard, and each supplier's derogatory value by year.
    pub(crate) fn finish(self) -> (Dashboard, SupplierYears) {
        let currency = self
            .currencies
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c);
        let mut values = currency
            .as_ref()
            .and_then(|c| self.values.get(c))
            .cloned()
            .unwrap_or_default();
        let years = self
            .counts
            .into_iter()
            .map(|(year, (processes, derogatory))| {
                let (value, derogatory_value) = values.remove(&year).unwrap_or_default();
                YearShare {
                    year,
                    processes,
                    derogatory,
                    value,
                    derogatory_value,
                }
            })
            .collect();
        let mut supplier_values = currency
            .as_ref()
            .and_then(|c| self.supplier_values.get(c))
            .cloned()
            .unwrap_or_default();
        let mut suppliers: Vec<SupplierTotal> = self
            .suppliers
            .into_iter()
            .map(|(id, (name, processes))| {
                let (value, derogatory_value) = supplier_values.remove(&id).unwrap_or_default();
                SupplierTotal {
                    id,
                    name,
                    processes,
                    value,
                    derogatory_value,
                }
            })
            .collect();
        suppliers.sort_by(|a, b| {
            b.derogatory_value
                .cmp(&a.derogatory_value)
                .then(b.value.cmp(&a.value))
                .then(a.id.cmp(&b.id))
        });
        let mut supplier_years = self.supplier_years;
        let by_year = supplier_years
            .remove(&currency)
            .unwrap_or_default()
            .into_iter()
            .map(|(id, years)| (id, years.into_iter().collect()))
            .collect();
        (
            Dashboard {
                currency,
                years,
                suppliers,
            },
            by_year,
        )
    }
}
