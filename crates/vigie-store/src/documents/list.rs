//! Listing the register: the database filters by what the caller may see
//! (a [`vigie_policy::ListFilter`], held to Cedar by a property test), then
//! every row of the page is decided by Cedar itself before it leaves.

use std::fmt::Write as _;

use time::Date;
use vigie_domain::CountryCode;
use vigie_policy::{Action, Authorizer, Clause, ListFilter, Principal};

use super::rows::{DocumentRow, select_documents};
use super::{Document, logged};
use crate::Result;
use crate::bind::{Bind, bind_all};
use crate::db::on_pool;
use crate::documents::Documents;
use crate::log::{Actor, Event};

/// The most rows a page holds.
pub const MAX_PER_PAGE: u32 = 100;

/// Search and filters over the register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentQuery {
    /// Words in the title or reference (case-insensitive substring).
    pub text: Option<String>,
    /// Only this country.
    pub country: Option<CountryCode>,
    /// Only this rank (0: public).
    pub rank: Option<u8>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this producing service.
    pub service: Option<String>,
    /// 1-based page, counted from the first row; ignored when `seek` is set.
    pub page: u32,
    /// Rows per page (at most [`MAX_PER_PAGE`]).
    pub per_page: u32,
    /// Where the page starts, by key rather than by position: a page found
    /// this way does not shift when rows are added, and the register index
    /// seeks to it instead of counting the rows before it.
    pub seek: Option<Seek>,
}

/// A document's place in the register's order (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentKey {
    pub dated: Date,
    pub id: i64,
}

impl DocumentKey {
    /// The key of a listed document.
    pub fn of(d: &Document) -> DocumentKey {
        DocumentKey {
            dated: d.dated,
            id: d.id,
        }
    }
}

/// A page next to a row seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seek {
    /// The rows that come after this key (older).
    After(DocumentKey),
    /// The rows that come just before it (newer), for a "previous" link.
    Before(DocumentKey),
}

/// One page of what a caller may see, and how many rows match in all.
#[derive(Debug, Clone)]
pub struct DocumentPage {
    /// The rows of this page, newest first.
    pub documents: Vec<Document>,
    /// How many documents the caller may see that match the query.
    pub total: u64,
    /// Whether more rows follow in the direction of the page: older ones,
    /// or newer ones for a page `Before` a key.
    pub more: bool,
}

/// `WHERE` conditions and their parameters, numbered `$1`….
#[derive(Clone, Default)]
struct Where {
    sql: String,
    binds: Vec<Bind>,
}

impl Where {
    fn param(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn and(&mut self, condition: &str) {
        self.sql.push_str(if self.sql.is_empty() {
            "WHERE "
        } else {
            " AND "
        });
        self.sql.push_str(condition);
    }

    fn from(filter: &ListFilter, q: &DocumentQuery, backend: crate::Backend) -> Where {
        let mut w = Where::default();
        let visible = w.any_of(filter.clauses.iter());
        w.and(&visible);
        w.filters(q, backend);
        w
    }

    /// `(clause) OR (clause)…`: what any of `clauses` admits (nothing for
    /// none).
    fn any_of<'a>(&mut self, clauses: impl Iterator<Item = &'a Clause>) -> String {
        let mut any = Vec::new();
        for c in clauses {
            let mut all = vec!["1 = 1".to_owned()];
            if let Some(country) = c.country {
                all.push(format!(
                    "d.country = {}",
                    self.param(Bind::Text(country.to_string()))
                ));
            }
            if let Some(service) = &c.producing_service {
                all.push(format!(
                    "d.producing_service = {}",
                    self.param(Bind::Text(service.clone()))
                ));
            }
            if let Some(max) = c.max_rank {
                all.push(format!(
                    "d.rank <= {}",
                    self.param(Bind::Int(i64::from(max)))
                ));
            }
            if let Some(ids) = &c.ids {
                let ids: Vec<i64> = ids.iter().filter_map(|i| i.parse().ok()).collect();
                let mut list = String::new();
                for id in ids {
                    let p = self.param(Bind::Int(id));
                    let _ = write!(list, "{}{p}", if list.is_empty() { "" } else { ", " });
                }
                all.push(if list.is_empty() {
                    "1 = 0".into()
                } else {
                    format!("d.id IN ({list})")
                });
            }
            any.push(format!("({})", all.join(" AND ")));
        }
        if any.is_empty() {
            "(1 = 0)".to_owned()
        } else {
            format!("({})", any.join(" OR "))
        }
    }

    /// The query's own filters: text, country, level, category, service.
    fn filters(&mut self, q: &DocumentQuery, backend: crate::Backend) {
        if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let condition = search(self, text, backend);
            self.and(&condition);
        }
        if let Some(country) = q.country {
            let p = self.param(Bind::Text(country.to_string()));
            self.and(&format!("d.country = {p}"));
        }
        if let Some(rank) = q.rank {
            let p = self.param(Bind::Int(i64::from(rank)));
            self.and(&format!("d.rank = {p}"));
        }
        if let Some(category) = &q.category {
            let p = self.param(Bind::Text(category.clone()));
            self.and(&format!("d.category = {p}"));
        }
        if let Some(service) = &q.service {
            let p = self.param(Bind::Text(service.clone()));
            self.and(&format!("d.producing_service = {p}"));
        }
    }

    /// The register's count for `filter` and `q` (without text) from the
    /// counts kept at write time (migration 0019): the groups the clauses
    /// admit, plus the documents only a grant opens, counted one by one
    /// (a grant names a few).
    fn counted(filter: &ListFilter, q: &DocumentQuery, backend: crate::Backend) -> [Where; 2] {
        let (granted, general): (Vec<&Clause>, Vec<&Clause>) =
            filter.clauses.iter().partition(|c| c.ids.is_some());
        let mut groups = Where::default();
        let visible = groups.any_of(general.iter().copied());
        groups.and(&visible);
        groups.filters(q, backend);
        let mut grants = Where::default();
        let opened = grants.any_of(granted.into_iter());
        grants.and(&opened);
        let already = grants.any_of(general.into_iter());
        grants.and(&format!("NOT {already}"));
        grants.filters(q, backend);
        [groups, grants]
    }
}

/// Titles or references holding `text`, case-insensitively, through the
/// trigram index of migration 0017 wherever the text is long enough to
/// use it (three characters).
fn search(w: &mut Where, text: &str, backend: crate::Backend) -> String {
    if backend == crate::Backend::Sqlite && text.chars().count() >= 3 {
        // A phrase of the trigram tokenizer matches a substring; inside
        // double quotes only a double quote is special (doubled).
        let phrase = w.param(Bind::Text(format!("\"{}\"", text.replace('"', "\"\""))));
        return format!(
            "d.id IN (SELECT rowid FROM documents_search WHERE documents_search MATCH {phrase})"
        );
    }
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let p = w.param(Bind::Text(format!("%{escaped}%")));
    // Case-insensitive either way: SQLite's LIKE is (for ASCII),
    // PostgreSQL's ILIKE is (for all of Unicode; its pg_trgm indexes serve
    // it), and neither needs a LOWER() on every row.
    let like = match backend {
        crate::Backend::Sqlite => "LIKE",
        crate::Backend::Postgres => "ILIKE",
    };
    format!("(d.title {like} {p} ESCAPE '\\' OR d.reference {like} {p} ESCAPE '\\')")
}

/// `(dated, id) OP key`, the register index's own order, its parameters
/// added to `w`.
fn seek(w: &mut Where, op: &str, key: &DocumentKey, backend: crate::Backend) -> String {
    let dated = w.param(Bind::Text(key.dated.to_string()));
    let id = w.param(Bind::Int(key.id));
    // PostgreSQL's column is a DATE; SQLite's is the same text.
    let dated = match backend {
        crate::Backend::Sqlite => dated,
        crate::Backend::Postgres => format!("CAST({dated} AS DATE)"),
    };
    format!("(d.dated, d.id) {op} ({dated}, {id})")
}

impl Documents<'_> {
    /// How many documents `filter` admits that match `query` (no text),
    /// from the counts kept at write time.
    async fn kept_count(&self, filter: &ListFilter, query: &DocumentQuery) -> Result<i64> {
        let [groups, grants] = Where::counted(filter, query, self.store.backend());
        let granted = filter.clauses.iter().any(|c| c.ids.is_some());
        let groups_sql = format!(
            "SELECT CAST(COALESCE(SUM(d.n), 0) AS BIGINT) FROM documents_counts d {}",
            groups.sql
        );
        let grants_sql = format!("SELECT COUNT(*) FROM documents d {}", grants.sql);
        Ok(on_pool!(&self.store.db, pool => {
            let general: i64 = bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(groups_sql)), &groups.binds)
                .fetch_one(pool)
                .await?;
            let only_granted: i64 = if granted {
                bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(grants_sql)), &grants.binds)
                    .fetch_one(pool)
                    .await?
            } else {
                0
            };
            general + only_granted
        }))
    }

    /// The documents `who` may see that match `query`, one page of them,
    /// with the count. Rows of classified documents on the page are logged
    /// (one entry per page, naming them), as every sight of classified
    /// metadata is.
    pub async fn list(
        self,
        authorizer: &Authorizer,
        actor: &Actor,
        who: &Principal,
        query: &DocumentQuery,
    ) -> Result<DocumentPage> {
        let filter = authorizer.list_filter(who);
        let backend = self.store.backend();
        let mut w = Where::from(&filter, query, backend);
        // The count is of every matching row, wherever the page starts.
        let matching = w.clone();
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let (order, offset) = match &query.seek {
            None => (
                "DESC",
                i64::from(query.page.max(1) - 1) * i64::from(per_page),
            ),
            Some(Seek::After(key)) => {
                let condition = seek(&mut w, "<", key, backend);
                w.and(&condition);
                ("DESC", 0)
            }
            Some(Seek::Before(key)) => {
                let condition = seek(&mut w, ">", key, backend);
                w.and(&condition);
                ("ASC", 0)
            }
        };
        // One row more than the page tells whether another page follows.
        let fetch = per_page + 1;
        let ids_sql = |window: &str| {
            format!(
                "SELECT d.id{window} FROM documents d {} \
                 ORDER BY d.dated {order}, d.id {order} LIMIT {fetch} OFFSET {offset}",
                w.sql
            )
        };
        // The page's ids come from the register index. Without a text, the
        // count comes from the counts kept at write time; with one, from
        // the matching rows (found through the search index): in the same
        // pass as the page, a window over them, for a first page.
        let searching = query.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        let count_sql = format!("SELECT COUNT(*) FROM documents d {}", matching.sql);
        let (mut ids, total): (Vec<i64>, i64) = if searching && query.seek.is_none() {
            on_pool!(&self.store.db, pool => {
                let rows: Vec<(i64, i64)> = bind_all!(
                    sqlx::query_as(sqlx::AssertSqlSafe(ids_sql(", COUNT(*) OVER ()"))),
                    &w.binds
                )
                .fetch_all(pool)
                .await?;
                let total = match rows.first() {
                    Some((_, total)) => *total,
                    None if offset == 0 => 0,
                    None => {
                        bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)), &matching.binds)
                            .fetch_one(pool)
                            .await?
                    }
                };
                (rows.into_iter().map(|(id, _)| id).collect(), total)
            })
        } else {
            let ids = on_pool!(&self.store.db, pool => {
                bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(ids_sql(""))), &w.binds)
                    .fetch_all(pool)
                    .await?
            });
            let total = if searching {
                on_pool!(&self.store.db, pool => {
                    bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)), &matching.binds)
                        .fetch_one(pool)
                        .await?
                })
            } else {
                self.kept_count(&filter, query).await?
            };
            (ids, total)
        };
        let more = ids.len() > per_page as usize;
        ids.truncate(per_page as usize);
        let rows: Vec<DocumentRow> = if ids.is_empty() {
            Vec::new()
        } else {
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            let rows_sql = format!(
                "{} WHERE d.id IN ({}) ORDER BY d.dated DESC, d.id DESC",
                select_documents!(""),
                list.join(", ")
            );
            on_pool!(&self.store.db, pool => {
                sqlx::query_as(sqlx::AssertSqlSafe(rows_sql)).fetch_all(pool).await?
            })
        };
        let countries = rows
            .iter()
            .map(DocumentRow::country)
            .collect::<Result<Vec<_>>>()?;
        let schemes = self.schemes_of(countries).await?;
        let mut documents = Vec::with_capacity(rows.len());
        let mut seen_classified = Vec::new();
        let mut policies = Vec::new();
        for row in rows {
            let doc = schemes.document(row)?;
            let decision = authorizer.decide(who, Action::List, &doc.resource(), None);
            if !decision.permit {
                // INVARIANT: the filter agrees with the policies (property
                // tested); should it ever not, the row stays hidden.
                tracing::error!(
                    document = doc.id,
                    who = who.id,
                    "list filter admitted a row Cedar refuses"
                );
                continue;
            }
            if !doc.level.is_public() {
                seen_classified.push(doc.id.to_string());
                for p in decision.policies {
                    if !policies.contains(&p) {
                        policies.push(p);
                    }
                }
            }
            documents.push(doc);
        }
        if !seen_classified.is_empty() {
            let decision = vigie_policy::Decision {
                permit: true,
                policies,
            };
            let event = Event {
                action: "see",
                object_type: "document_register",
                object_id: seen_classified.join(","),
                decision: Some(logged(&decision)),
            };
            self.store
                .record_events(actor, std::slice::from_ref(&event))
                .await?;
        }
        Ok(DocumentPage {
            documents,
            total: u64::try_from(total).unwrap_or(0),
            more,
        })
    }
}
