//! `vigie import governance|framework|assessments`: JSON files into the
//! store, all or nothing. Every record is read and checked (its own rules,
//! then the institutions, countries and framework it names) before anything
//! is written; a single problem and nothing is. Records already stored as
//! they are in the file are left alone and not logged again.

use std::collections::{BTreeSet, HashMap};

use vigie_domain::governance::{Assessment, Framework, InstitutionProfile};
use vigie_import::ImportError;

use super::json::{JsonFile, problems};
use super::records::{
    assessment_id, assessment_rows, assessment_state, framework_definition, framework_state,
    profile_rows, profile_state,
};
use crate::budget::ImportMode;
use crate::db::{BeginWrite, on_pool};
use crate::log::{Actor, Change, LogConn};
use crate::{Result, Store, StoreError};

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GovernanceImport {
    /// Records read.
    pub read: u64,
    /// The ids of the records new or changed, each one log entry.
    pub written: Vec<String>,
    /// Records already stored as they are in the file.
    pub unchanged: u64,
}

fn rejected(errors: Vec<ImportError>) -> StoreError {
    StoreError::Rejected(errors)
}

impl Store {
    /// The current state of every governance record, by (kind, id).
    async fn governance_state_map(&self) -> Result<HashMap<(&'static str, String), [u8; 32]>> {
        Ok(self
            .governance_states()
            .await?
            .into_iter()
            .map(|(kind, id, h)| ((kind, id), h))
            .collect())
    }

    /// Imports institution profiles: `{"profiles": [InstitutionProfile…]}`.
    /// An institution or a reporting line naming an institution the store
    /// does not have is refused.
    pub async fn import_governance(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        mode: ImportMode,
    ) -> Result<GovernanceImport> {
        let file = JsonFile::parse(file_name, text).map_err(rejected)?;
        let known = self.institution_index().await?;
        let unknown =
            |code: &str| format!("unknown institution `{code}` (see `vigie institution list`)");
        let mut errors = Vec::new();
        let mut profiles: Vec<InstitutionProfile> = Vec::new();
        let mut seen = BTreeSet::new();
        for (at, value) in file.items("profiles").map_err(|e| rejected(vec![e]))? {
            let p: InstitutionProfile = match file.read(&at, value) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            errors.extend(problems(&file, &at, p.validate()));
            let code = p.institution.as_str();
            if !known.contains_key(code) {
                errors.push(file.error(&format!("{at}/institution"), unknown(code)));
            } else if !seen.insert(code.to_owned()) {
                errors.push(file.error(
                    &format!("{at}/institution"),
                    format!("`{code}` has two profiles in the file"),
                ));
            }
            for (i, r) in p.reporting_lines.iter().enumerate() {
                if !known.contains_key(r.to.as_str()) {
                    errors.push(file.error(
                        &format!("{at}/reporting_lines/{i}/to"),
                        unknown(r.to.as_str()),
                    ));
                }
            }
            profiles.push(p);
        }
        if !errors.is_empty() {
            return Err(rejected(errors));
        }
        let current = self.governance_state_map().await?;
        let mut report = GovernanceImport {
            read: profiles.len() as u64,
            ..Default::default()
        };
        let mut changes = Vec::new();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            for p in &profiles {
                let (row, legal, lines) = profile_rows(p);
                let h = profile_state(&row, &legal, &lines);
                let id = row.institution.clone();
                if current.get(&("institution_profile", id.clone())) == Some(&h) {
                    report.unchanged += 1;
                    continue;
                }
                sqlx::query("DELETE FROM governance_legal_texts WHERE institution = $1").bind(&id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM governance_reporting_lines WHERE institution = $1").bind(&id).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO governance_profiles (institution, functions_fr, functions_en, mandate_fr, mandate_en, \
                     access, access_note_fr, access_note_en, source, illustrative) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (institution) DO UPDATE SET functions_fr = excluded.functions_fr, \
                     functions_en = excluded.functions_en, mandate_fr = excluded.mandate_fr, mandate_en = excluded.mandate_en, \
                     access = excluded.access, access_note_fr = excluded.access_note_fr, \
                     access_note_en = excluded.access_note_en, source = excluded.source, illustrative = excluded.illustrative",
                )
                .bind(&row.institution).bind(&row.functions_fr).bind(&row.functions_en).bind(&row.mandate_fr)
                .bind(&row.mandate_en).bind(&row.access).bind(&row.access_note_fr).bind(&row.access_note_en)
                .bind(&row.source).bind(row.illustrative)
                .execute(&mut *tx).await?;
                for t in &legal {
                    sqlx::query(
                        "INSERT INTO governance_legal_texts (institution, position, kind, number, date, title_fr, title_en, source) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&t.institution).bind(t.position).bind(&t.kind).bind(&t.number).bind(&t.date)
                    .bind(&t.title_fr).bind(&t.title_en).bind(&t.source)
                    .execute(&mut *tx).await?;
                }
                for l in &lines {
                    sqlx::query(
                        "INSERT INTO governance_reporting_lines (institution, reports_to, nature_fr, nature_en) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&l.institution).bind(&l.reports_to).bind(&l.nature_fr).bind(&l.nature_en)
                    .execute(&mut *tx).await?;
                }
                changes.push(Change::new("import", "institution_profile", id.clone(), Some(h)));
                report.written.push(id);
            }
            tx.append(actor, &changes).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        Ok(report)
    }

    /// Imports one framework version (the file is the framework). A
    /// version already stored with other content is refused: assessments
    /// name the version they answered, so a published one never changes.
    pub async fn import_framework(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        mode: ImportMode,
    ) -> Result<GovernanceImport> {
        let file = JsonFile::parse(file_name, text).map_err(rejected)?;
        let f: Framework = file.read("", &file.root).map_err(|e| rejected(vec![e]))?;
        let problems = problems(&file, "", f.validate());
        if !problems.is_empty() {
            return Err(rejected(problems));
        }
        let definition = framework_definition(&f);
        let h = framework_state(
            &f.code,
            f.version,
            &f.title.fr,
            &f.title.en,
            f.illustrative,
            &definition,
        );
        let mut report = GovernanceImport {
            read: 1,
            ..Default::default()
        };
        let current = self.governance_state_map().await?;
        match current.get(&("assessment_framework", f.key())) {
            Some(old) if *old == h => {
                report.unchanged = 1;
                return Ok(report);
            }
            Some(_) => {
                return Err(rejected(vec![file.error(
                    "/version",
                    format!(
                        "{} is already stored with other content; a published version never changes: publish version {}",
                        f.key(),
                        f.version + 1
                    ),
                )]));
            }
            None => {}
        }
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO assessment_frameworks (code, version, title_fr, title_en, illustrative, definition) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&f.code).bind(f.version).bind(&f.title.fr).bind(&f.title.en).bind(f.illustrative).bind(&definition)
            .execute(&mut *tx).await?;
            tx.append(actor, &[Change::new("import", "assessment_framework", f.key(), Some(h))]).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        report.written.push(f.key());
        Ok(report)
    }

    /// Imports assessments: `{"assessments": [Assessment…]}`, each against
    /// the stored framework version it names; its country and assessor
    /// must be known, every score one of its question's bands.
    pub async fn import_assessments(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        mode: ImportMode,
    ) -> Result<GovernanceImport> {
        let file = JsonFile::parse(file_name, text).map_err(rejected)?;
        let known = self.institution_index().await?;
        let countries: BTreeSet<String> = self
            .list_countries()
            .await?
            .iter()
            .map(|c| c.code.as_str().to_owned())
            .collect();
        let frameworks: HashMap<String, Framework> = self
            .assessment_frameworks()
            .await?
            .into_iter()
            .map(|f| (f.key(), f))
            .collect();
        let mut errors = Vec::new();
        let mut assessments: Vec<Assessment> = Vec::new();
        let mut seen = BTreeSet::new();
        for (at, value) in file.items("assessments").map_err(|e| rejected(vec![e]))? {
            let a: Assessment = match file.read(&at, value) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let key = format!("{}@{}", a.framework, a.version);
            match frameworks.get(&key) {
                Some(f) => errors.extend(problems(&file, &at, a.validate(f))),
                None => errors.push(file.error(
                    &format!("{at}/framework"),
                    format!(
                        "unknown framework {key} (import it first with `vigie import framework`)"
                    ),
                )),
            }
            if !countries.contains(a.country.as_str()) {
                errors.push(file.error(
                    &format!("{at}/country"),
                    format!("{} is not a country of this instance", a.country),
                ));
            }
            if !known.contains_key(a.assessor.as_str()) {
                errors.push(file.error(
                    &format!("{at}/assessor"),
                    format!(
                        "unknown institution `{}` (see `vigie institution list`)",
                        a.assessor
                    ),
                ));
            }
            let id = assessment_id(&a.framework, a.version, a.country.as_str(), a.year);
            if !seen.insert(id.clone()) {
                errors.push(file.error(
                    &format!("{at}/year"),
                    format!("{id} appears twice in the file"),
                ));
            }
            assessments.push(a);
        }
        if !errors.is_empty() {
            return Err(rejected(errors));
        }
        let current = self.governance_state_map().await?;
        let mut report = GovernanceImport {
            read: assessments.len() as u64,
            ..Default::default()
        };
        let mut changes = Vec::new();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            for a in &assessments {
                let (head, scores) = assessment_rows(a);
                let h = assessment_state(&head, &scores);
                let id = assessment_id(&head.framework, head.version, &head.country, head.year);
                if current.get(&("assessment", id.clone())) == Some(&h) {
                    report.unchanged += 1;
                    continue;
                }
                sqlx::query("DELETE FROM assessment_scores WHERE framework = $1 AND version = $2 AND country = $3 AND year = $4")
                    .bind(&head.framework).bind(head.version).bind(&head.country).bind(head.year)
                    .execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO assessments (framework, version, country, year, assessor, illustrative) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (framework, version, country, year) DO UPDATE SET assessor = excluded.assessor, illustrative = excluded.illustrative",
                )
                .bind(&head.framework).bind(head.version).bind(&head.country).bind(head.year).bind(&head.assessor).bind(head.illustrative)
                .execute(&mut *tx).await?;
                for s in &scores {
                    sqlx::query(
                        "INSERT INTO assessment_scores (framework, version, country, year, question, score, note, evidence) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&s.framework).bind(s.version).bind(&s.country).bind(s.year).bind(&s.question).bind(s.score)
                    .bind(&s.note).bind(&s.evidence)
                    .execute(&mut *tx).await?;
                }
                changes.push(Change::new("import", "assessment", id.clone(), Some(h)));
                report.written.push(id);
            }
            tx.append(actor, &changes).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        Ok(report)
    }
}
