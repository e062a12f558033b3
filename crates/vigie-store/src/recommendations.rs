//! Recommendations follow-up (issue 7, item 4; decision 0012): imported
//! or created one by one, their status changed along the workflow with a
//! reason, milestones marked done, evidence added, each write logged in its
//! transaction (kind `recommendation`: the row, its countries, addressees,
//! milestones, evidence and status history).

mod counts;
mod import;
mod read;
mod write;

pub use import::RecommendationInput;
pub use read::{
    EvidenceRow, HistoryRow, MilestoneRow, OverdueMilestone, RecommendationDetail,
    RecommendationFilter, RecommendationRow, dashboard_items,
};
pub use write::StatusChange;

crate::area::area!(
    /// The recommendations area (`store.recommendations()`): the
    /// recommendations, their milestones, evidence and status history.
    Recommendations,
    recommendations
);

use vigie_domain::Role;

/// Who may change a recommendation's status (decision 0012): the
/// facilitator, or a user of one of its addressee institutions holding a
/// role that acts for that institution (producer, auditor,
/// parliamentarian). The one check the API and the pages share.
pub fn may_change_status(user: &crate::User, addressees: &[String]) -> bool {
    if user.roles.contains(&Role::Facilitator) {
        return true;
    }
    addressees.iter().any(|a| a == user.institution.as_str())
        && user
            .roles
            .iter()
            .any(|r| matches!(r, Role::Producer | Role::Auditor | Role::Parliamentarian))
}

/// Loads what the log hashes of recommendation `$id` through `$conn` (a
/// pool or `&mut *tx`) and hashes it: every write and `verify` share this,
/// so they agree by construction.
macro_rules! recommendation_state {
    ($conn:expr, $id:expr) => {{
        let m: $crate::recommendations::MainRow = sqlx::query_as(
            "SELECT code, source, session_id, finding_id, theme, priority, made_on, title_fr, title_en, text_fr, text_en, \
             status, illustrative, source_note FROM recommendations WHERE id = $1",
        )
        .bind($id)
        .fetch_one($conn)
        .await?;
        let countries: Vec<String> = sqlx::query_scalar(
            "SELECT country FROM recommendation_countries WHERE recommendation_id = $1 ORDER BY country",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        let addressees: Vec<String> = sqlx::query_scalar(
            "SELECT institution FROM recommendation_addressees WHERE recommendation_id = $1 ORDER BY institution",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        let milestones: Vec<(i32, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT position, title_fr, title_en, due, responsible, done_on FROM recommendation_milestones \
             WHERE recommendation_id = $1 ORDER BY position",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        let evidence: Vec<(String, Option<String>, Option<i64>, String, time::OffsetDateTime)> = sqlx::query_as(
            "SELECT title, url, document_id, added_by, added_at FROM recommendation_evidence \
             WHERE recommendation_id = $1 ORDER BY id",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        let history: Vec<(Option<String>, String, String, String, String, time::OffsetDateTime)> = sqlx::query_as(
            "SELECT from_status, to_status, reason, username, institution, at FROM recommendation_history \
             WHERE recommendation_id = $1 ORDER BY id",
        )
        .bind($id)
        .fetch_all($conn)
        .await?;
        $crate::recommendations::state_of(m, &countries, &addressees, &milestones, &evidence, &history)
    }};
}
pub(crate) use recommendation_state;

/// The `recommendations` row as the log hashes it.
pub(crate) type MainRow = (
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    bool,
    String,
);

/// The hash of a recommendation's rows (see [`recommendation_state!`]);
/// returns its code with it.
#[expect(clippy::type_complexity, reason = "the rows as selected")]
pub(crate) fn state_of(
    m: MainRow,
    countries: &[String],
    addressees: &[String],
    milestones: &[(i32, String, String, String, String, Option<String>)],
    evidence: &[(
        String,
        Option<String>,
        Option<i64>,
        String,
        time::OffsetDateTime,
    )],
    history: &[(
        Option<String>,
        String,
        String,
        String,
        String,
        time::OffsetDateTime,
    )],
) -> (String, [u8; 32]) {
    let s = |v: &str| v.to_owned();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let at = |t: &time::OffsetDateTime| {
        t.to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let head = vec![
        (s("code"), m.0.clone()),
        (s("source"), m.1),
        (s("session_id"), num(m.2)),
        (s("finding_id"), num(m.3)),
        (s("theme"), m.4),
        (s("priority"), m.5),
        (s("made_on"), m.6),
        (s("title_fr"), m.7),
        (s("title_en"), m.8),
        (s("text_fr"), m.9),
        (s("text_en"), m.10),
        (s("status"), m.11),
        (s("illustrative"), m.12.to_string()),
        (s("source_note"), m.13),
    ];
    let one = |k: &str, v: &[String]| {
        v.iter()
            .map(|x| vec![(s(k), x.clone())])
            .collect::<Vec<_>>()
    };
    let milestones = milestones
        .iter()
        .map(|r| {
            vec![
                (s("position"), r.0.to_string()),
                (s("title_fr"), r.1.clone()),
                (s("title_en"), r.2.clone()),
                (s("due"), r.3.clone()),
                (s("responsible"), r.4.clone()),
                (s("done_on"), opt(&r.5)),
            ]
        })
        .collect();
    let evidence = evidence
        .iter()
        .map(|r| {
            vec![
                (s("title"), r.0.clone()),
                (s("url"), opt(&r.1)),
                (s("document_id"), num(r.2)),
                (s("added_by"), r.3.clone()),
                (s("added_at"), at(&r.4)),
            ]
        })
        .collect();
    let history = history
        .iter()
        .map(|r| {
            vec![
                (s("from"), opt(&r.0)),
                (s("to"), r.1.clone()),
                (s("reason"), r.2.clone()),
                (s("username"), r.3.clone()),
                (s("institution"), r.4.clone()),
                (s("at"), at(&r.5)),
            ]
        })
        .collect();
    let h = crate::log::state::rows(
        "recommendation",
        &[
            vec![head],
            one("country", countries),
            one("institution", addressees),
            milestones,
            evidence,
            history,
        ],
    );
    (m.0, h)
}

impl Recommendations<'_> {
    /// (kind, code, state) of every recommendation, for `vigie log verify`.
    pub(crate) async fn states(self) -> crate::Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        crate::db::on_pool!(&self.store.db, pool => {
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM recommendations ORDER BY id").fetch_all(pool).await?;
            for id in ids {
                let (code, h) = recommendation_state!(pool, id);
                out.push(("recommendation", code, h));
            }
        });
        Ok(out)
    }
}
