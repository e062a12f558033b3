//! Classification rules as data: a country's levels, the categories of
//! information, and who may classify and declassify at each level. Loaded
//! with the demo, or from CSV files by `vigie classification import` — the
//! same format, all or nothing, bad rows named by file, line and field.

use vigie_domain::ClassificationScheme;

use crate::db::{BeginWrite, on_pool};
use crate::demo::files::{DemoLevel, parse_authorities, parse_categories, parse_levels};
use crate::log::state::{self, AuthorityRecord, CategoryRecord};
use crate::log::{Actor, Change, LogConn};
use crate::{Result, Store, StoreError};

/// The file names `vigie classification import` reads from a directory.
pub const FILES: [&str; 3] = [
    "classification_levels.csv",
    "classification_categories.csv",
    "classification_authorities.csv",
];

/// Inserts levels, categories and authorities inside `$tx`.
macro_rules! insert_rules {
    ($tx:expr, $levels:expr, $categories:expr, $authorities:expr) => {{
            for l in $levels {
                sqlx::query(
                    "INSERT INTO classification_levels \
                     (country, rank, code, name_fr, name_en, max_years, illustrative, source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(l.country.as_str())
                .bind(l.rank)
                .bind(&l.definition.code)
                .bind(&l.definition.name_fr)
                .bind(&l.definition.name_en)
                .bind(l.definition.max_years.map(i32::from))
                .bind(l.illustrative)
                .bind(&l.source)
                .execute(&mut *$tx)
                .await?;
            }
            for c in $categories {
                sqlx::query(
                    "INSERT INTO classification_categories (code, treatment, default_level, tshwane, name_fr, name_en, \
                     description_fr, description_en, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&c.code)
                .bind(&c.treatment)
                .bind(&c.default_level)
                .bind(&c.tshwane)
                .bind(&c.name_fr)
                .bind(&c.name_en)
                .bind(&c.description_fr)
                .bind(&c.description_en)
                .bind(&c.source)
                .execute(&mut *$tx)
                .await?;
            }
            for a in $authorities {
                sqlx::query(
                    "INSERT INTO classification_authorities (country, level, action, authority_fr, authority_en, \
                     illustrative, source) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&a.country)
                .bind(&a.level)
                .bind(&a.action)
                .bind(&a.authority_fr)
                .bind(&a.authority_en)
                .bind(a.illustrative)
                .bind(&a.source)
                .execute(&mut *$tx)
                .await?;
            }
    }};
}
pub(crate) use insert_rules;

/// One log change per rule, with its state.
pub(crate) fn rule_changes<'a>(
    levels: impl IntoIterator<Item = &'a DemoLevel>,
    categories: impl IntoIterator<Item = &'a CategoryRecord>,
    authorities: impl IntoIterator<Item = &'a AuthorityRecord>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for l in levels {
        let d = &l.definition;
        let max = d.max_years.map(i32::from);
        let h = state::level(
            l.country.as_str(),
            l.rank,
            &d.code,
            &d.name_fr,
            &d.name_en,
            max,
            l.illustrative,
            &l.source,
        );
        changes.push(Change::new(
            "create",
            "classification_level",
            state::level_id(l.country.as_str(), l.rank),
            Some(h),
        ));
    }
    for c in categories {
        let h = state::category(c);
        changes.push(Change::new(
            "create",
            "classification_category",
            c.code.as_str(),
            Some(h),
        ));
    }
    for a in authorities {
        let h = state::authority(a);
        changes.push(Change::new(
            "create",
            "classification_authority",
            state::authority_id(&a.country, &a.level, &a.action),
            Some(h),
        ));
    }
    changes
}

/// What an import added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedRules {
    /// Levels added.
    pub levels: usize,
    /// Categories added.
    pub categories: usize,
    /// Authorities added.
    pub authorities: usize,
}

/// The files of an import, as `(name, text)`; any may be absent.
#[derive(Debug, Clone, Default)]
pub struct RuleFiles {
    /// `classification_levels.csv`.
    pub levels: Option<(String, String)>,
    /// `classification_categories.csv`.
    pub categories: Option<(String, String)>,
    /// `classification_authorities.csv`.
    pub authorities: Option<(String, String)>,
}

fn pair(file: &Option<(String, String)>) -> Option<(&str, &str)> {
    file.as_ref().map(|(n, t)| (n.as_str(), t.as_str()))
}

fn clash(file: &str, line: u64, field: &str, reason: String) -> StoreError {
    StoreError::BadData {
        file: file.into(),
        line,
        field: field.into(),
        reason,
    }
}

impl Store {
    /// Adds classification rules from CSV files, in one transaction, or
    /// nothing: every row must parse, name a known country, level and
    /// category, not redefine a stored rule, and each country's levels
    /// (stored and new) must form a valid scheme.
    pub async fn import_classification(
        &self,
        actor: &Actor,
        files: &RuleFiles,
    ) -> Result<ImportedRules> {
        let levels = match pair(&files.levels) {
            Some(f) => parse_levels(f)?,
            None => Vec::new(),
        };
        let categories = match pair(&files.categories) {
            Some(f) => parse_categories(f)?,
            None => Vec::new(),
        };
        let authorities = match pair(&files.authorities) {
            Some(f) => parse_authorities(f)?,
            None => Vec::new(),
        };
        let name =
            |f: &Option<(String, String)>| f.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
        let (levels_file, categories_file, authorities_file) = (
            name(&files.levels),
            name(&files.categories),
            name(&files.authorities),
        );

        let countries: Vec<String> = self
            .list_countries()
            .await?
            .into_iter()
            .map(|c| c.code.to_string())
            .collect();
        let mut schemes = std::collections::BTreeMap::new();
        for (line, l) in &levels {
            let code = l.country.to_string();
            if !countries.contains(&code) {
                return Err(clash(
                    &levels_file,
                    *line,
                    "country",
                    format!("unknown country `{code}` (add it with `vigie country add`)"),
                ));
            }
            schemes
                .entry(l.country)
                .or_insert_with(Vec::new)
                .push((*line, l));
        }
        for (country, rows) in &mut schemes {
            rows.sort_by_key(|(_, l)| l.rank);
            let mut defs: Vec<_> = match self.classification_scheme(*country).await? {
                Some(s) => s
                    .levels()
                    .filter_map(|l| s.definition(l).cloned())
                    .collect(),
                None => Vec::new(),
            };
            let stored = defs.len();
            for (line, l) in rows.iter() {
                if usize::try_from(l.rank).is_ok_and(|rank| rank < stored) {
                    return Err(clash(
                        &levels_file,
                        *line,
                        "rank",
                        format!("{country} already has a level of rank {}", l.rank),
                    ));
                }
                if usize::try_from(l.rank).ok() != Some(defs.len()) {
                    return Err(clash(
                        &levels_file,
                        *line,
                        "rank",
                        format!(
                            "{country}'s ranks must follow on from {} without gaps",
                            defs.len()
                        ),
                    ));
                }
                defs.push(l.definition.clone());
            }
            ClassificationScheme::new(*country, defs).map_err(|e| {
                // Name the row the rule is about.
                let line = rows
                    .iter()
                    .find(|(_, l)| l.definition.code == e.value)
                    .map_or(rows[0].0, |(line, _)| *line);
                clash(&levels_file, line, e.field, e.to_string())
            })?;
        }
        let stored_categories: Vec<String> = self
            .list_categories()
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect();
        for (line, c) in &categories {
            if stored_categories.contains(&c.code) {
                return Err(clash(
                    &categories_file,
                    *line,
                    "code",
                    format!("category `{}` already exists", c.code),
                ));
            }
        }
        for (line, a) in &authorities {
            let country = a
                .country
                .parse()
                .map_err(|e| crate::demo::files::bad(&authorities_file, *line, e))?;
            let known = self
                .classification_scheme(country)
                .await?
                .is_some_and(|s| s.level(&a.level).is_some())
                || levels
                    .iter()
                    .any(|(_, l)| l.country == country && l.definition.code == a.level);
            if !known {
                return Err(clash(
                    &authorities_file,
                    *line,
                    "level",
                    format!("`{}` is not a level of {}", a.level, a.country),
                ));
            }
        }
        let changes = rule_changes(
            levels.iter().map(|(_, l)| l),
            categories.iter().map(|(_, c)| c),
            authorities.iter().map(|(_, a)| a),
        );
        let level_rows: Vec<&DemoLevel> = levels.iter().map(|(_, l)| l).collect();
        let category_rows: Vec<&CategoryRecord> = categories.iter().map(|(_, c)| c).collect();
        let authority_rows: Vec<&AuthorityRecord> = authorities.iter().map(|(_, a)| a).collect();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            insert_rules!(tx, level_rows.iter().copied(), category_rows.iter().copied(), authority_rows.iter().copied());
            tx.append(actor, &changes).await?;
            tx.commit().await?;
        });
        Ok(ImportedRules {
            levels: levels.len(),
            categories: categories.len(),
            authorities: authorities.len(),
        })
    }
}
