//! The derogatory-regime dashboard's figures, from what one reader may see.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde_json::Value;

use super::view::{ProcessView, ProcurementView};

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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dashboard {
    /// The currency of the values; processes in another are counted but
    /// not added up.
    pub currency: Option<String>,
    /// By year, oldest first.
    pub years: Vec<YearShare>,
    /// Suppliers by derogatory value, then value, largest first.
    pub suppliers: Vec<SupplierTotal>,
}

fn amount(v: &Value) -> Option<(Decimal, &str)> {
    let amount = v.get("amount")?;
    let amount: Decimal = match amount {
        Value::Number(n) => n.to_string().parse().ok()?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    Some((
        amount,
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
    let processes: &[ProcessView] = view.processes();
    let mut currencies: HashMap<&str, usize> = HashMap::new();
    for p in processes {
        if let Some((_, c)) = process_value(p.release()) {
            *currencies.entry(c).or_default() += 1;
        }
    }
    let currency = currencies
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_owned());
    let mut years: BTreeMap<i32, YearShare> = BTreeMap::new();
    let mut suppliers: BTreeMap<String, SupplierTotal> = BTreeMap::new();
    for p in processes {
        let release = p.release();
        let Some(year) = process_year(release) else {
            continue;
        };
        let derogatory = is_derogatory(release);
        let value = process_value(release)
            .filter(|(_, c)| Some(*c) == currency.as_deref())
            .map_or(Decimal::ZERO, |(a, _)| a);
        let y = years.entry(year).or_insert_with(|| YearShare {
            year,
            ..YearShare::default()
        });
        y.processes += 1;
        y.value += value;
        if derogatory {
            y.derogatory += 1;
            y.derogatory_value += value;
        }
        for award in release
            .get("awards")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let award_value = award
                .get("value")
                .and_then(amount)
                .filter(|(_, c)| Some(*c) == currency.as_deref())
                .map_or(Decimal::ZERO, |(a, _)| a);
            let named: Vec<&Value> = award
                .get("suppliers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            // A consortium shares the award equally: no one member is
            // credited with the whole of it.
            let share = if named.is_empty() {
                Decimal::ZERO
            } else {
                award_value / Decimal::from(named.len())
            };
            for s in named {
                let Some(id) = s.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let name = party_name(release, id)
                    .or(s.get("name").and_then(Value::as_str))
                    .unwrap_or(id);
                let t = suppliers
                    .entry(id.to_owned())
                    .or_insert_with(|| SupplierTotal {
                        id: id.to_owned(),
                        name: name.to_owned(),
                        processes: 0,
                        value: Decimal::ZERO,
                        derogatory_value: Decimal::ZERO,
                    });
                t.processes += 1;
                t.value += share;
                if derogatory {
                    t.derogatory_value += share;
                }
            }
        }
    }
    let mut suppliers: Vec<SupplierTotal> = suppliers.into_values().collect();
    suppliers.sort_by(|a, b| {
        b.derogatory_value
            .cmp(&a.derogatory_value)
            .then(b.value.cmp(&a.value))
            .then(a.id.cmp(&b.id))
    });
    Dashboard {
        currency,
        years: years.into_values().collect(),
        suppliers,
    }
}
