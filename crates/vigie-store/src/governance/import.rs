//! `vigie import governance|framework|assessments`: JSON files through the
//! import pipeline (`crate::pipeline`). Every record is read and checked
//! (its own rules, then the institutions, countries and framework it
//! names) before anything is written; a single problem and nothing is.
//! Records already stored as they are in the file are left alone and not
//! logged again.

use std::collections::{BTreeSet, HashMap};

use vigie_domain::governance::{Assessment, Framework, InstitutionProfile, Problem};

use super::records::{
    AssessmentRecord, LegalRecord, LineRecord, ProfileRecord, ScoreRecord, assessment_id,
    assessment_rows, assessment_state, framework_definition, framework_state, profile_rows,
    profile_state,
};
use crate::governance::Governance;
use crate::log::Actor;
use crate::pipeline::{Problems, RecordKind, Records, Tx, on_tx};
use crate::reference::InstitutionIndex;
use crate::{ImportOptions, RecordImport, Result};

/// The stored state of every governance record of one kind, by id.
type States = HashMap<String, [u8; 32]>;

impl Governance<'_> {
    async fn states_of(self, kind: &str) -> Result<States> {
        Ok(self
            .states()
            .await?
            .into_iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, id, h)| (id, h))
            .collect())
    }

    /// Imports institution profiles: `{"profiles": [InstitutionProfile…]}`.
    /// An institution or a reporting line naming an institution the store
    /// does not have is refused.
    pub async fn import_profiles(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let kind = Profiles {
            institutions: self.store.institution_index().await?,
            stored: self.states_of("institution_profile").await?,
        };
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }

    /// Imports one framework version (the file is the framework). A
    /// version already stored with other content is refused: assessments
    /// name the version they answered, so a published one never changes.
    pub async fn import_framework(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let kind = Frameworks {
            stored: self.states_of("assessment_framework").await?,
        };
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }

    /// Imports assessments: `{"assessments": [Assessment…]}`, each against
    /// the stored framework version it names; its country and assessor
    /// must be known, every score one of its question's bands.
    pub async fn import_assessments(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let kind = Assessments {
            institutions: self.store.institution_index().await?,
            countries: self
                .store
                .list_countries()
                .await?
                .iter()
                .map(|c| c.code.as_str().to_owned())
                .collect(),
            frameworks: self
                .frameworks()
                .await?
                .into_iter()
                .map(|f| (f.key(), f))
                .collect(),
            stored: self.states_of("assessment").await?,
        };
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }
}

/// The domain's problems of a record, reported at their place.
fn report(problems: &mut Problems<'_>, found: Vec<Problem>) {
    for p in found {
        problems.error(&p.path, p.error.to_string());
    }
}

fn unknown(code: &str) -> String {
    format!("unknown institution `{code}` (see `vigie institution list`)")
}

struct Profiles {
    institutions: InstitutionIndex,
    stored: States,
}

struct CheckedProfile {
    row: ProfileRecord,
    legal: Vec<LegalRecord>,
    lines: Vec<LineRecord>,
    state: [u8; 32],
}

impl RecordKind for Profiles {
    type Input = InstitutionProfile;
    type Checked = CheckedProfile;
    const RECORDS: Records = Records::List("profiles");
    const NOUN: &'static str = "the profile of";
    const TRAIL: &'static str = "institution_profile";
    const KEY_AT: &'static str = "/institution";

    fn key(&self, p: &InstitutionProfile) -> String {
        p.institution.as_str().to_owned()
    }

    fn check(&self, problems: &mut Problems<'_>, p: InstitutionProfile) -> Option<CheckedProfile> {
        report(problems, p.validate());
        let code = p.institution.as_str();
        if !self.institutions.contains_key(code) {
            problems.error("/institution", unknown(code));
        }
        for (i, r) in p.reporting_lines.iter().enumerate() {
            if !self.institutions.contains_key(r.to.as_str()) {
                problems.error(&format!("/reporting_lines/{i}/to"), unknown(r.to.as_str()));
            }
        }
        if problems.has_errors() {
            return None;
        }
        let (row, legal, lines) = profile_rows(&p);
        let state = profile_state(&row, &legal, &lines);
        Some(CheckedProfile {
            row,
            legal,
            lines,
            state,
        })
    }

    fn state(&self, c: &CheckedProfile) -> Option<[u8; 32]> {
        Some(c.state)
    }

    fn stored(&self, key: &str) -> Option<[u8; 32]> {
        self.stored.get(key).copied()
    }

    async fn write(&self, tx: &mut Tx, c: &CheckedProfile) -> Result<[u8; 32]> {
        let (row, legal, lines) = (&c.row, &c.legal, &c.lines);
        let id = &row.institution;
        on_tx!(tx, conn => {
            sqlx::query("DELETE FROM governance_legal_texts WHERE institution = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM governance_reporting_lines WHERE institution = $1").bind(id).execute(&mut *conn).await?;
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
            .execute(&mut *conn).await?;
            for t in legal {
                sqlx::query(
                    "INSERT INTO governance_legal_texts (institution, position, kind, number, date, title_fr, title_en, source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&t.institution).bind(t.position).bind(&t.kind).bind(&t.number).bind(&t.date)
                .bind(&t.title_fr).bind(&t.title_en).bind(&t.source)
                .execute(&mut *conn).await?;
            }
            for l in lines {
                sqlx::query(
                    "INSERT INTO governance_reporting_lines (institution, reports_to, nature_fr, nature_en) VALUES ($1, $2, $3, $4)",
                )
                .bind(&l.institution).bind(&l.reports_to).bind(&l.nature_fr).bind(&l.nature_en)
                .execute(&mut *conn).await?;
            }
        });
        Ok(c.state)
    }
}

struct Frameworks {
    stored: States,
}

struct CheckedFramework {
    framework: Framework,
    definition: String,
    state: [u8; 32],
}

impl RecordKind for Frameworks {
    type Input = Framework;
    type Checked = CheckedFramework;
    const RECORDS: Records = Records::Root;
    const NOUN: &'static str = "framework";
    const TRAIL: &'static str = "assessment_framework";
    const KEY_AT: &'static str = "/version";

    fn key(&self, f: &Framework) -> String {
        f.key()
    }

    fn check(&self, problems: &mut Problems<'_>, f: Framework) -> Option<CheckedFramework> {
        report(problems, f.validate());
        if problems.has_errors() {
            return None;
        }
        let definition = framework_definition(&f);
        let state = framework_state(
            &f.code,
            f.version,
            &f.title.fr,
            &f.title.en,
            f.illustrative,
            &definition,
        );
        if self.stored.get(&f.key()).is_some_and(|old| *old != state) {
            problems.error(
                "/version",
                format!(
                    "{} is already stored with other content; a published version never changes: publish version {}",
                    f.key(),
                    f.version + 1
                ),
            );
            return None;
        }
        Some(CheckedFramework {
            framework: f,
            definition,
            state,
        })
    }

    fn state(&self, c: &CheckedFramework) -> Option<[u8; 32]> {
        Some(c.state)
    }

    fn stored(&self, key: &str) -> Option<[u8; 32]> {
        self.stored.get(key).copied()
    }

    async fn write(&self, tx: &mut Tx, c: &CheckedFramework) -> Result<[u8; 32]> {
        let (f, definition) = (&c.framework, &c.definition);
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO assessment_frameworks (code, version, title_fr, title_en, illustrative, definition) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&f.code).bind(f.version).bind(&f.title.fr).bind(&f.title.en).bind(f.illustrative).bind(definition)
            .execute(&mut *conn).await?;
        });
        Ok(c.state)
    }
}

struct Assessments {
    institutions: InstitutionIndex,
    countries: BTreeSet<String>,
    frameworks: HashMap<String, Framework>,
    stored: States,
}

struct CheckedAssessment {
    head: AssessmentRecord,
    scores: Vec<ScoreRecord>,
    state: [u8; 32],
}

impl RecordKind for Assessments {
    type Input = Assessment;
    type Checked = CheckedAssessment;
    const RECORDS: Records = Records::List("assessments");
    const NOUN: &'static str = "assessment";
    const TRAIL: &'static str = "assessment";
    const KEY_AT: &'static str = "/year";

    fn key(&self, a: &Assessment) -> String {
        assessment_id(&a.framework, a.version, a.country.as_str(), a.year)
    }

    fn check(&self, problems: &mut Problems<'_>, a: Assessment) -> Option<CheckedAssessment> {
        let key = format!("{}@{}", a.framework, a.version);
        match self.frameworks.get(&key) {
            Some(f) => report(problems, a.validate(f)),
            None => problems.error(
                "/framework",
                format!("unknown framework {key} (import it first with `vigie import framework`)"),
            ),
        }
        if !self.countries.contains(a.country.as_str()) {
            problems.error(
                "/country",
                format!("{} is not a country of this instance", a.country),
            );
        }
        if !self.institutions.contains_key(a.assessor.as_str()) {
            problems.error("/assessor", unknown(a.assessor.as_str()));
        }
        if problems.has_errors() {
            return None;
        }
        let (head, scores) = assessment_rows(&a);
        let state = assessment_state(&head, &scores);
        Some(CheckedAssessment {
            head,
            scores,
            state,
        })
    }

    fn state(&self, c: &CheckedAssessment) -> Option<[u8; 32]> {
        Some(c.state)
    }

    fn stored(&self, key: &str) -> Option<[u8; 32]> {
        self.stored.get(key).copied()
    }

    async fn write(&self, tx: &mut Tx, c: &CheckedAssessment) -> Result<[u8; 32]> {
        let (head, scores) = (&c.head, &c.scores);
        on_tx!(tx, conn => {
            sqlx::query("DELETE FROM assessment_scores WHERE framework = $1 AND version = $2 AND country = $3 AND year = $4")
                .bind(&head.framework).bind(head.version).bind(&head.country).bind(head.year)
                .execute(&mut *conn).await?;
            sqlx::query(
                "INSERT INTO assessments (framework, version, country, year, assessor, illustrative) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (framework, version, country, year) DO UPDATE SET assessor = excluded.assessor, illustrative = excluded.illustrative",
            )
            .bind(&head.framework).bind(head.version).bind(&head.country).bind(head.year).bind(&head.assessor).bind(head.illustrative)
            .execute(&mut *conn).await?;
            for s in scores {
                sqlx::query(
                    "INSERT INTO assessment_scores (framework, version, country, year, question, score, note, evidence) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&s.framework).bind(s.version).bind(&s.country).bind(s.year).bind(&s.question).bind(s.score)
                .bind(&s.note).bind(&s.evidence)
                .execute(&mut *conn).await?;
            }
        });
        Ok(c.state)
    }
}
