//! The procurement downloads as open-data tables: the same rows as CSV,
//! XLSX or JSON, through the budget's machinery ([`Table`], [`xlsx`]).

use rust_decimal::Decimal;
use serde_json::Value;
use vigie_store::procurement::WithheldField;
use vigie_store::procurement::dashboard::Dashboard;
use vigie_store::procurement::flags::{Flag, Flags};

use super::figures::{CountryFigures, ProcessRow, names, percent_of};
use crate::budget::{Cell, Table};
use vigie_domain::Lang;

fn n(v: u64) -> Cell {
    Cell::Number(Decimal::from(v))
}

/// One row per process.
pub fn processes(rows: &[ProcessRow]) -> Table {
    let mut t = Table::new(
        "processes",
        vec![
            "ocid",
            "country",
            "date",
            "buyer_id",
            "buyer_name",
            "title",
            "method",
            "derogatory",
            "value",
            "currency",
            "flags",
            "withheld_fields",
        ],
    );
    for r in rows {
        t.push(vec![
            r.ocid.as_str().into(),
            r.country.as_str().into(),
            r.date.as_str().into(),
            r.buyer_id.as_str().into(),
            r.buyer_name.as_str().into(),
            r.title.as_str().into(),
            r.method.as_str().into(),
            if r.derogatory { "true" } else { "false" }.into(),
            r.value.into(),
            r.currency.as_str().into(),
            r.flags.as_str().into(),
            n(r.withheld_fields as u64),
        ]);
    }
    t
}

/// The countries side by side.
pub fn countries(rows: &[CountryFigures]) -> Table {
    let mut t = Table::new(
        "countries",
        vec![
            "country",
            "currency",
            "processes",
            "derogatory",
            "value",
            "derogatory_value",
            "derogatory_value_percent",
        ],
    );
    for r in rows {
        t.push(vec![
            r.country.as_str().into(),
            r.currency.clone().into(),
            n(r.processes),
            n(r.derogatory),
            r.value.into(),
            r.derogatory_value.into(),
            r.derogatory_value_percent.into(),
        ]);
    }
    t
}

/// A country's years and its suppliers, two tables.
pub fn dashboard(country: &str, d: &Dashboard) -> [Table; 2] {
    let currency: Cell = d.currency.clone().into();
    let mut years = Table::new(
        "years",
        vec![
            "country",
            "year",
            "currency",
            "processes",
            "derogatory",
            "value",
            "derogatory_value",
            "derogatory_value_percent",
        ],
    );
    for y in &d.years {
        years.push(vec![
            country.into(),
            y.year.into(),
            currency.clone(),
            n(y.processes),
            n(y.derogatory),
            y.value.into(),
            y.derogatory_value.into(),
            percent_of(y.derogatory_value, y.value).into(),
        ]);
    }
    let mut suppliers = Table::new(
        "suppliers",
        vec![
            "country",
            "supplier_id",
            "supplier_name",
            "currency",
            "processes",
            "value",
            "derogatory_value",
        ],
    );
    for s in &d.suppliers {
        suppliers.push(vec![
            country.into(),
            s.id.as_str().into(),
            s.name.as_str().into(),
            currency.clone(),
            n(s.processes),
            s.value.into(),
            s.derogatory_value.into(),
        ]);
    }
    [years, suppliers]
}

/// Several tables as one long table (a `table` column first, then every
/// column of every table), for CSV: one file a spreadsheet opens whole.
pub fn long(name: &str, tables: &[Table]) -> Table {
    let mut columns: Vec<&'static str> = vec!["table"];
    for t in tables {
        for c in &t.columns {
            if !columns.contains(c) {
                columns.push(c);
            }
        }
    }
    let mut out = Table::new(name, columns.clone());
    for t in tables {
        for row in &t.rows {
            let mut cells = vec![Cell::Text(t.name.clone())];
            cells.extend(columns[1..].iter().map(|c| {
                t.columns
                    .iter()
                    .position(|x| x == c)
                    .map_or(Cell::Empty, |i| row[i].clone())
            }));
            out.push(cells);
        }
    }
    out
}

/// A flag as the API writes it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FlagRow {
    /// `process`, `buyer` or `supplier`.
    pub group: &'static str,
    /// The ocid, buyer id or supplier id.
    pub id: String,
    /// The indicator's code.
    pub indicator: String,
    pub value: f64,
    pub name_fr: String,
    pub name_en: String,
}

fn flag_row(group: &'static str, id: &str, flag: &Flag) -> FlagRow {
    FlagRow {
        group,
        id: id.to_owned(),
        indicator: flag.code.to_owned(),
        value: flag.value,
        name_fr: names(flag.code, Lang::Fr).0,
        name_en: names(flag.code, Lang::En).0,
    }
}

/// Every flag, one row per (group, id, indicator).
pub fn flag_rows(f: &Flags) -> Vec<FlagRow> {
    f.rows()
        .map(|(group, id, flag)| flag_row(group, id, flag))
        .collect()
}

/// Where a list of flags is: the group's place (process, buyer,
/// supplier), the id, the indicator.
pub type FlagKey = (u8, String, String);

/// `limit` rows of flags after `after`, in the order of [`FlagKey`], and
/// the key of the last when more follow: only the page's rows are made.
pub fn flag_page(
    f: &Flags,
    after: Option<&FlagKey>,
    limit: usize,
) -> (Vec<FlagRow>, Option<FlagKey>) {
    use std::ops::Bound;
    let mut out = Vec::with_capacity(limit);
    let mut last = None;
    for (place, (group, map)) in (0u8..).zip(f.groups()) {
        let start = match after {
            Some((g, _, _)) if *g > place => continue,
            Some((g, id, _)) if *g == place => Bound::Included(id.clone()),
            _ => Bound::Unbounded,
        };
        for (id, flags) in map.range::<String, _>((start, Bound::Unbounded)) {
            let mut flags: Vec<&Flag> = flags.iter().collect();
            flags.sort_by_key(|flag| flag.code);
            for flag in flags {
                let key = (place, id.clone(), flag.code.to_owned());
                if after.is_some_and(|a| &key <= a) {
                    continue;
                }
                if out.len() == limit {
                    return (out, last);
                }
                out.push(flag_row(group, id, flag));
                last = Some(key);
            }
        }
    }
    (out, None)
}

/// The flags as a table.
pub fn flags(rows: &[FlagRow]) -> Table {
    let mut t = Table::new(
        "flags",
        vec!["group", "id", "indicator", "value", "name_fr", "name_en"],
    );
    for r in rows {
        let value =
            Decimal::from_f64_retain(r.value).map_or(Cell::Empty, |d| Cell::Number(d.normalize()));
        t.push(vec![
            r.group.into(),
            r.id.as_str().into(),
            r.indicator.as_str().into(),
            value,
            r.name_fr.as_str().into(),
            r.name_en.as_str().into(),
        ]);
    }
    t
}

/// One process as a long table of its fields (`path`, `value`, `level`):
/// every leaf of the redacted release by JSON pointer, then each withheld
/// field with its level and no value.
pub fn fields(release: &Value, withheld: &[WithheldField]) -> Table {
    let mut t = Table::new("process", vec!["path", "value", "level"]);
    let mut leaves = Vec::new();
    flatten(release, String::new(), &mut leaves);
    for (path, value) in leaves {
        t.push(vec![path.into(), value.into(), Cell::Empty]);
    }
    for w in withheld {
        t.push(vec![
            w.path.as_str().into(),
            Cell::Empty,
            w.level.as_str().into(),
        ]);
    }
    t
}

fn flatten(v: &Value, path: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                let key = k.replace('~', "~0").replace('/', "~1");
                flatten(v, format!("{path}/{key}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(v, format!("{path}/{i}"), out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((path, s.clone())),
        other => out.push((path, other.to_string())),
    }
}
