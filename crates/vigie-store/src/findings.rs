//! Findings of audits, inspections and parliamentary inquiries, their
//! referral to a court or prosecutor and the cases' outcomes (issue 7,
//! item 5), imported all or nothing and vouched for by the log (kind
//! `finding`: the row and its referrals), with public statistics per
//! country and year.

mod import;
mod read;

pub use read::{FindingRow, FindingStatistics, ReferralRow};

crate::area::area!(
    /// The findings area (`store.findings()`): audit and inspection
    /// findings, their referrals to courts and outcomes.
    Findings,
    findings
);

/// Loads what the log hashes of finding `$id` through `$conn` (a pool or
/// `&mut *tx`), and hashes it: the write and `verify` share this.
macro_rules! finding_state {
    ($conn:expr, $id:expr) => {{
        let main: (String, String, String, String, String, String, Option<String>, Option<i64>, Option<String>, String, String, String, bool, String) = sqlx::query_as(
            "SELECT code, country, institution, source, title_fr, title_en, audited_institution, amount_minor, currency, \
             period_from, period_to, reported_on, illustrative, source_note FROM findings WHERE id = $1",
        )
        .bind($id)
        .fetch_one($conn)
        .await?;
        let referrals: Vec<(String, String, String, String, Option<String>, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT court, referred_on, case_ref, outcome, outcome_on, recovered_minor, recovered_currency \
             FROM finding_referrals WHERE finding_id = $1 ORDER BY id",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let head = vec![
            ("code".to_owned(), main.0.clone()),
            ("country".to_owned(), main.1),
            ("institution".to_owned(), main.2),
            ("source".to_owned(), main.3),
            ("title_fr".to_owned(), main.4),
            ("title_en".to_owned(), main.5),
            ("audited_institution".to_owned(), opt(&main.6)),
            ("amount_minor".to_owned(), num(main.7)),
            ("currency".to_owned(), opt(&main.8)),
            ("period_from".to_owned(), main.9),
            ("period_to".to_owned(), main.10),
            ("reported_on".to_owned(), main.11),
            ("illustrative".to_owned(), main.12.to_string()),
            ("source_note".to_owned(), main.13),
        ];
        let referrals = referrals
            .into_iter()
            .map(|r| {
                vec![
                    ("court".to_owned(), r.0),
                    ("referred_on".to_owned(), r.1),
                    ("case_ref".to_owned(), r.2),
                    ("outcome".to_owned(), r.3),
                    ("outcome_on".to_owned(), opt(&r.4)),
                    ("recovered_minor".to_owned(), num(r.5)),
                    ("recovered_currency".to_owned(), opt(&r.6)),
                ]
            })
            .collect();
        (main.0, $crate::log::state::rows("finding", &[vec![head], referrals]))
    }};
}
pub(crate) use finding_state;

impl Findings<'_> {
    /// (kind, code, state) of every finding, for `vigie log verify`.
    pub(crate) async fn states(self) -> crate::Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        crate::db::on_pool!(&self.store.db, pool => {
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM findings ORDER BY id").fetch_all(pool).await?;
            for id in ids {
                let (code, h) = finding_state!(pool, id);
                out.push(("finding", code, h));
            }
        });
        Ok(out)
    }
}
