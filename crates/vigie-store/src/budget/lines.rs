//! A view's lines, a page at a time, in the natural key's order.

use vigie_domain::FiscalYear;
use vigie_domain::budget::Scope;

use super::rows::{COLUMNS, KEY_ORDER, LineRow};
use super::{Budget, BudgetView, VisibleLine};
use crate::bind::{Bind, bind_all};
use crate::db::on_pool;
use crate::{Result, page};

/// The natural key after the country: the order of a country's lines.
const KEY: &str = "fiscal_year, scope, section, program, action, nature, cofog, stage, law";

/// Which of a view's lines to read.
#[derive(Debug, Clone, Default)]
pub struct LineQuery {
    /// Only this fiscal year's.
    pub year: Option<FiscalYear>,
    /// Only this scope's.
    pub scope: Option<Scope>,
    /// Those after this line (by id) in key order. A line the view does
    /// not admit, or that is gone, starts nothing: the page is empty.
    pub after: Option<i64>,
    /// At most this many (all when `None`: the downloads).
    pub limit: Option<usize>,
}

/// A page of lines.
#[derive(Debug, Clone)]
pub struct LinePage {
    /// The lines, in key order.
    pub lines: Vec<VisibleLine>,
    /// The line to start the next page after, when there is one.
    pub next: Option<i64>,
}

impl Budget<'_> {
    /// The lines `view` admits that `query` asks for. The classified lines
    /// of a year and level the reader may not see are left out by the
    /// query itself: they never leave the database.
    pub async fn lines(self, view: &BudgetView, query: &LineQuery) -> Result<LinePage> {
        let mut binds: Vec<Bind> = vec![Bind::Text(view.country().to_string())];
        let mut sql = format!("SELECT {COLUMNS} FROM budget_lines WHERE country = $1");
        if let Some(year) = query.year {
            binds.push(Bind::Int(year.year().into()));
            sql.push_str(&format!(" AND fiscal_year = ${}", binds.len()));
        }
        if let Some(scope) = query.scope {
            binds.push(Bind::Text(scope.code().to_owned()));
            sql.push_str(&format!(" AND scope = ${}", binds.len()));
        }
        let (admits, values) = view.admits(binds.len() + 1);
        binds.extend(values.into_iter().map(|v| Bind::Int(v.into())));
        sql.push_str(" AND ");
        sql.push_str(&admits);
        if let Some(id) = query.after {
            // The key of a line the reader may see: the cursor is its id
            // (a key of free text would not fit a cursor), and a forged id
            // of a line the view does not admit finds no key, so the
            // answer is the same as for an id that does not exist.
            binds.push(Bind::Int(id));
            let id = binds.len();
            let (admits, values) = view.admits(binds.len() + 1);
            binds.extend(values.into_iter().map(|v| Bind::Int(v.into())));
            sql.push_str(&format!(
                " AND ({KEY}) > (SELECT {KEY} FROM budget_lines WHERE id = ${id} AND country = $1 \
                 AND {admits})"
            ));
        }
        sql.push_str(&format!(" ORDER BY {KEY_ORDER}"));
        if let Some(limit) = query.limit {
            // One more than asked, to know whether a next page exists.
            sql.push_str(&format!(" LIMIT {}", page::read_limit(limit)));
        }
        let mut rows: Vec<LineRow> = on_pool!(&self.store.db, pool => {
            bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds).fetch_all(pool).await?
        });
        let next = query
            .limit
            .and_then(|limit| page::cut(&mut rows, limit, |r| r.id));
        let scheme = if rows.iter().any(|r| r.rank > 0) {
            self.store.classification_scheme(view.country()).await?
        } else {
            None
        };
        let lines = rows
            .iter()
            .map(|r| {
                Ok(VisibleLine {
                    id: r.id,
                    line: r.line(scheme.as_ref())?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(LinePage { lines, next })
    }
}
