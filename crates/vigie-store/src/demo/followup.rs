//! The demo's findings and recommendations (`demo/findings.json`,
//! `demo/recommendations.json`, made by `demo/tools/generate_recommendations.py`)
//! and follow-up meetings (`demo/meetings.json`), loaded through the
//! importers as any oversight body's files would be, after the conference
//! editions whose workshops the recommendations name.

use crate::ImportMode;
use crate::db::on_pool;
use crate::log::Actor;
use crate::{Result, Store};

const FINDINGS: (&str, &str) = ("findings.json", include_str!("../../demo/findings.json"));
const RECOMMENDATIONS: (&str, &str) = (
    "recommendations.json",
    include_str!("../../demo/recommendations.json"),
);
const MEETINGS: (&str, &str) = ("meetings.json", include_str!("../../demo/meetings.json"));

impl Store {
    /// Loads the demo findings, recommendations and meetings, each if none
    /// is stored.
    pub(super) async fn load_demo_followup(&self) -> Result<()> {
        let (findings, recommendations, meetings): (i64, i64, i64) = on_pool!(&self.db, pool => {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM findings), (SELECT COUNT(*) FROM recommendations), \
                 (SELECT COUNT(*) FROM meetings)",
            )
                .fetch_one(pool)
                .await?
        });
        if findings == 0 {
            let (file, text) = FINDINGS;
            self.findings()
                .import(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        if recommendations == 0 {
            let (file, text) = RECOMMENDATIONS;
            self.recommendations()
                .import(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        if meetings == 0 {
            let (file, text) = MEETINGS;
            self.meetings()
                .import(&Actor::System, file, text, ImportMode::Apply)
                .await?;
        }
        Ok(())
    }
}
