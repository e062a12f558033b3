//! The demo's findings and recommendations (`demo/findings.json`,
//! `demo/recommendations.json`, made by `demo/tools/generate_recommendations.py`),
//! loaded through the importers as any oversight body's files would be.

use crate::budget::ImportMode;
use crate::db::on_pool;
use crate::log::Actor;
use crate::{Result, Store};

const FINDINGS: (&str, &str) = ("findings.json", include_str!("../../demo/findings.json"));
const RECOMMENDATIONS: (&str, &str) = (
    "recommendations.json",
    include_str!("../../demo/recommendations.json"),
);

impl Store {
    /// Loads the demo findings and recommendations, each if none is stored.
    pub(super) async fn load_demo_followup(&self) -> Result<()> {
        self.ensure_demo_conference_stub().await?;
        let (findings, recommendations): (i64, i64) = on_pool!(&self.db, pool => {
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM findings), (SELECT COUNT(*) FROM recommendations)")
                .fetch_one(pool)
                .await?
        });
        if findings == 0 {
            let (file, text) = FINDINGS;
            self.import_findings(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        if recommendations == 0 {
            let (file, text) = RECOMMENDATIONS;
            self.import_recommendations(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        Ok(())
    }

    // TEMPORARY until the conference loader lands (merge removes this).
    // Inserts edition 1 (Bamako, 17–18 March 2021) and its workshops W1–W4
    // if absent, so that the recommendations can name their workshop.
    // Not logged: the conference kinds belong to the conference loader.
    pub(crate) async fn ensure_demo_conference_stub(&self) -> Result<()> {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO conferences (number, start_date, end_date, city) VALUES (1, '2021-03-17', '2021-03-18', 'Bamako') \
                 ON CONFLICT (number) DO NOTHING",
            )
            .execute(&mut *tx)
            .await?;
            let id: i64 = sqlx::query_scalar("SELECT id FROM conferences WHERE number = 1").fetch_one(&mut *tx).await?;
            for code in ["W1", "W2", "W3", "W4"] {
                sqlx::query(
                    "INSERT INTO conference_sessions (conference_id, code, kind) VALUES ($1, $2, 'workshop') \
                     ON CONFLICT (conference_id, code) DO NOTHING",
                )
                .bind(id)
                .bind(code)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
