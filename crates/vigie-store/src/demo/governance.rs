//! The demo's governance: profiles of the five countries' institutions,
//! Vigie's illustrative framework and illustrative assessments, imported
//! through the same importers as anyone's files (`demo/governance/`, made
//! by `demo/tools/generate_governance.py`; sources in `demo/README.md`).

use crate::ImportMode;
use crate::db::on_pool;
use crate::log::Actor;
use crate::{Result, Store};

const PROFILES: (&str, &str) = (
    "governance/profiles.json",
    include_str!("../../demo/governance/profiles.json"),
);
const FRAMEWORK: (&str, &str) = (
    "governance/framework.json",
    include_str!("../../demo/governance/framework.json"),
);
const ASSESSMENTS: (&str, &str) = (
    "governance/assessments.json",
    include_str!("../../demo/governance/assessments.json"),
);

impl Store {
    /// Imports the demo's profiles, framework and assessments, in that order.
    pub(crate) async fn load_demo_governance(&self) -> Result<()> {
        let actor = Actor::System;
        self.governance()
            .import_profiles(&actor, PROFILES.0, PROFILES.1, ImportMode::Apply)
            .await?;
        self.governance()
            .import_framework(&actor, FRAMEWORK.0, FRAMEWORK.1, ImportMode::Apply)
            .await?;
        self.governance()
            .import_assessments(&actor, ASSESSMENTS.0, ASSESSMENTS.1, ImportMode::Apply)
            .await?;
        Ok(())
    }

    /// Whether any institution profile is stored.
    pub(crate) async fn has_governance(&self) -> Result<bool> {
        let n: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM governance_profiles").fetch_one(pool).await?
        });
        Ok(n > 0)
    }
}
