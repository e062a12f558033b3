//! Results and their output, in Cardinal's shape:
//! `{"OCID":{id:{code:value}},"Buyer":…,"ProcuringEntity":…,"Tenderer":…,"Meta":{code:{key:value}}}`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::indicators::{Code, Group};

/// The results of one group: ids in first-flagged order.
#[derive(Debug, Default, Clone)]
pub(crate) struct GroupMap {
    ids: Vec<(String, BTreeMap<Code, f64>)>,
    index: HashMap<String, usize>,
}

impl GroupMap {
    fn set(&mut self, id: &str, code: Code, value: f64) {
        let position = match self.index.get(id) {
            Some(&position) => position,
            None => {
                self.index.insert(id.to_owned(), self.ids.len());
                self.ids.push((id.to_owned(), BTreeMap::new()));
                self.ids.len() - 1
            }
        };
        self.ids[position].1.insert(code, value);
    }
}

/// Results being built: groups in Cardinal's insertion order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Results {
    pub groups: Vec<(Group, GroupMap)>,
    pub meta: Vec<(Code, Vec<(String, f64)>)>,
}

impl Results {
    /// Cardinal's reduce step always creates OCID then Tenderer first.
    pub fn new() -> Self {
        Results {
            groups: vec![
                (Group::Ocid, GroupMap::default()),
                (Group::Tenderer, GroupMap::default()),
            ],
            meta: Vec::new(),
        }
    }

    pub fn set(&mut self, group: Group, id: &str, code: Code, value: f64) {
        let position = match self.groups.iter().position(|(g, _)| *g == group) {
            Some(position) => position,
            None => {
                self.groups.push((group, GroupMap::default()));
                self.groups.len() - 1
            }
        };
        self.groups[position].1.set(id, code, value);
    }

    pub fn get(&self, group: Group, id: &str, code: Code) -> Option<f64> {
        let (_, map) = self.groups.iter().find(|(g, _)| *g == group)?;
        map.ids[*map.index.get(id)?].1.get(&code).copied()
    }

    pub fn meta(&mut self, code: Code, key: &str, value: f64) {
        match self.meta.iter_mut().find(|(c, _)| *c == code) {
            Some((_, entries)) => entries.push((key.to_owned(), value)),
            None => self.meta.push((code, vec![(key.to_owned(), value)])),
        }
    }

    /// Cardinal drops an empty OCID, then an empty Tenderer group with
    /// `IndexMap::swap_remove`, which moves the last group into the hole.
    pub fn close(mut self) -> Self {
        for group in [Group::Ocid, Group::Tenderer] {
            if let Some(position) = self
                .groups
                .iter()
                .position(|(g, m)| *g == group && m.ids.is_empty())
            {
                self.groups.swap_remove(position);
            }
        }
        self.meta.sort_by_key(|(code, _)| *code);
        self
    }
}

/// The outcome of an evaluation.
#[derive(Debug, Clone)]
pub struct Report {
    pub(crate) results: Results,
    /// Lines skipped (not JSON, not UTF-8), each naming its line.
    pub warnings: Vec<String>,
    /// Lines read.
    pub lines: u64,
}

fn number(value: f64) -> String {
    // serde_json prints NaN and infinities as null, floats with ryu ("1.0").
    serde_json::to_string(&value).unwrap_or_else(|_| "null".to_owned())
}

fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

impl Report {
    /// Results as Cardinal prints them; `no_meta` leaves out `Meta`.
    pub fn to_json(&self, no_meta: bool) -> String {
        let mut out = String::from("{");
        for (i, (group, map)) in self.results.groups.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "\"{}\":{{", group.as_str());
            for (j, (id, flags)) in map.ids.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}:{{", string(id));
                let body: Vec<String> = flags
                    .iter()
                    .map(|(c, v)| format!("\"{}\":{}", c.as_str(), number(*v)))
                    .collect();
                out.push_str(&body.join(","));
                out.push('}');
            }
            out.push('}');
        }
        if !no_meta {
            if !self.results.groups.is_empty() {
                out.push(',');
            }
            out.push_str("\"Meta\":{");
            let body: Vec<String> = self
                .results
                .meta
                .iter()
                .map(|(code, entries)| {
                    let inner: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{}:{}", string(k), number(*v)))
                        .collect();
                    format!("\"{}\":{{{}}}", code.as_str(), inner.join(","))
                })
                .collect();
            out.push_str(&body.join(","));
            out.push('}');
        }
        out.push('}');
        out
    }

    /// Writes [`Report::to_json`] and a newline.
    pub fn write_json<W: Write>(&self, mut writer: W, no_meta: bool) -> io::Result<()> {
        writeln!(writer, "{}", self.to_json(no_meta))
    }

    /// One row per (group, id, indicator, value), after a header row.
    pub fn write_csv<W: Write>(&self, mut writer: W) -> io::Result<()> {
        writeln!(writer, "group,id,indicator,value")?;
        for (group, map) in &self.results.groups {
            for (id, flags) in &map.ids {
                for (code, value) in flags {
                    writeln!(
                        writer,
                        "{},{},{},{}",
                        group.as_str(),
                        csv_field(id),
                        code.as_str(),
                        number(*value)
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The flags of one organization or process: `(code, value)` in code order.
    pub fn flags_for<'s>(
        &'s self,
        group: Group,
        id: &'s str,
    ) -> impl Iterator<Item = (Code, f64)> + 's {
        self.results
            .groups
            .iter()
            .filter(move |(g, _)| *g == group)
            .filter_map(move |(_, map)| map.index.get(id).map(|&i| &map.ids[i].1))
            .flat_map(|flags| flags.iter().map(|(c, v)| (*c, *v)))
    }

    /// The ids with at least one flag in a group, in output order.
    pub fn ids(&self, group: Group) -> impl Iterator<Item = &str> + '_ {
        self.results
            .groups
            .iter()
            .filter(move |(g, _)| *g == group)
            .flat_map(|(_, map)| map.ids.iter().map(|(id, _)| id.as_str()))
    }

    /// Meta values (quartiles, fences) of one indicator.
    pub fn meta(&self, code: Code) -> impl Iterator<Item = (&str, f64)> + '_ {
        self.results
            .meta
            .iter()
            .filter(move |(c, _)| *c == code)
            .flat_map(|(_, entries)| entries.iter().map(|(k, v)| (k.as_str(), *v)))
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
