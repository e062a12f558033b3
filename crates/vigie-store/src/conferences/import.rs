//! `vigie import conference`: one edition from one JSON file, all or
//! nothing, every problem named as `FILE:LINE: /json/pointer: reason`.
//!
//! An edition is known by its number: importing it again replaces it
//! (its programme items keep their database ids, by code, since
//! recommendations point to them), and importing the same file again
//! changes nothing and logs nothing. An item left out of the new file is
//! deleted with its roles; once recommendations point to it, the database
//! refuses that (their foreign key), and the whole import with it.

use std::collections::{BTreeSet, HashMap};

use vigie_domain::CountryCode;
use vigie_domain::conference::{ConferenceError as E, Edition, Problem, ValidEdition, iso_day};

use crate::conferences::Conferences;
use crate::db::on_pool;
use crate::log::Actor;
use crate::pipeline::{Problems, RecordKind, Records, Tx, on_tx};
use crate::reference::InstitutionIndex;
use crate::{ImportOptions, RecordImport, Result, StoreError};

impl Conferences<'_> {
    /// Imports (or replaces) the edition in `text`, read from `file`.
    pub async fn import(
        self,
        actor: &Actor,
        file: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        // The register documents the edition names, if it reads at all
        // (the pipeline reports it if not): only those are looked up.
        let named: Vec<i64> = vigie_import::json::read::<Edition>(file, text)
            .map(|e| e.documents.iter().filter_map(|d| d.document_id).collect())
            .unwrap_or_default();
        let mut documents = BTreeSet::new();
        for id in named {
            let n: i64 = on_pool!(&self.store.db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE id = $1").bind(id).fetch_one(pool).await?
            });
            if n > 0 {
                documents.insert(id);
            }
        }
        let kind = EditionKind {
            institutions: self.store.institution_index().await?,
            countries: self
                .store
                .list_countries()
                .await?
                .into_iter()
                .map(|c| c.code)
                .collect(),
            documents,
            stored: self
                .states()
                .await?
                .into_iter()
                .map(|(_, number, h)| (number, h))
                .collect(),
        };
        self.store
            .import_records(actor, file, text, options, kind)
            .await
    }
}

/// Conference editions, as the import pipeline reads them: one per file,
/// known by its number.
struct EditionKind {
    institutions: InstitutionIndex,
    countries: BTreeSet<CountryCode>,
    /// The register documents the file names that exist.
    documents: BTreeSet<i64>,
    stored: HashMap<String, [u8; 32]>,
}

impl EditionKind {
    /// What only the store can refuse: a host or participant country that
    /// is not one of this instance's, a register document that does not
    /// exist.
    fn reference_problems(&self, edition: &Edition) -> Vec<Problem> {
        let mut problems = Vec::new();
        let unknown = |c: &CountryCode| E::UnknownCountry(c.to_string());
        if !self.countries.contains(&edition.country) {
            problems.push(Problem {
                path: "/country".into(),
                error: unknown(&edition.country),
            });
        }
        for (i, p) in edition.participants.iter().enumerate() {
            if let Some(c) = p.country.filter(|c| !self.countries.contains(c)) {
                problems.push(Problem {
                    path: format!("/participants/{i}/country"),
                    error: unknown(&c),
                });
            }
        }
        for (i, d) in edition.documents.iter().enumerate() {
            if let Some(id) = d.document_id.filter(|id| !self.documents.contains(id)) {
                problems.push(Problem {
                    path: format!("/documents/{i}/document_id"),
                    error: E::UnknownDocument(id),
                });
            }
        }
        problems
    }
}

impl RecordKind for EditionKind {
    type Input = Edition;
    type Checked = ValidEdition;
    const RECORDS: Records = Records::Root;
    const NOUN: &'static str = "edition";
    const TRAIL: &'static str = "conference";
    const KEY_AT: &'static str = "/number";

    fn key(&self, e: &Edition) -> String {
        e.number.to_string()
    }

    fn check(&self, problems: &mut Problems<'_>, edition: Edition) -> Option<ValidEdition> {
        let mut found = self.reference_problems(&edition);
        let valid = edition
            .validate(&|code| self.institutions.contains_key(code.as_str()))
            .map_err(|more| found.extend(more))
            .ok();
        found.sort_by_key(|p| problems.line(&p.path));
        for p in &found {
            problems.error(&p.path, p.error.to_string());
        }
        valid.filter(|_| found.is_empty())
    }

    fn state(&self, e: &ValidEdition) -> Option<[u8; 32]> {
        Some(super::state(e.edition()))
    }

    fn stored(&self, key: &str) -> Option<[u8; 32]> {
        self.stored.get(key).copied()
    }

    async fn write(&self, tx: &mut Tx, e: &ValidEdition) -> Result<[u8; 32]> {
        let number =
            i32::try_from(e.number).map_err(|_| StoreError::Corrupt("edition number".into()))?;
        let questions: Vec<String> = e
            .program
            .iter()
            .map(|item| serde_json::to_string(&item.questions))
            .collect::<std::result::Result<_, _>>()
            .map_err(|err| StoreError::Corrupt(err.to_string()))?;
        on_tx!(tx, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO conferences (number, start_date, end_date, city, country, venue_fr, venue_en, title_fr, title_en, source) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (number) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date, \
                 city = excluded.city, country = excluded.country, venue_fr = excluded.venue_fr, venue_en = excluded.venue_en, \
                 title_fr = excluded.title_fr, title_en = excluded.title_en, source = excluded.source RETURNING id",
            )
            .bind(number)
            .bind(iso_day::format(e.start_date))
            .bind(iso_day::format(e.end_date))
            .bind(&e.city)
            .bind(e.country.as_str())
            .bind(e.venue.as_ref().map(|v| v.fr.as_str()))
            .bind(e.venue.as_ref().map(|v| v.en.as_str()))
            .bind(&e.title.fr)
            .bind(&e.title.en)
            .bind(&e.source)
            .fetch_one(&mut *conn)
            .await?;
            // Children are written again; programme items are kept by code.
            sqlx::query("DELETE FROM conference_roles WHERE session_id IN (SELECT id FROM conference_sessions WHERE conference_id = $1)")
                .bind(id).execute(&mut *conn).await?;
            for delete in [
                "DELETE FROM conference_institutions WHERE conference_id = $1",
                "DELETE FROM conference_participants WHERE conference_id = $1",
                "DELETE FROM conference_documents WHERE conference_id = $1",
            ] {
                sqlx::query(delete).bind(id).execute(&mut *conn).await?;
            }
            let stored_codes: Vec<String> = sqlx::query_scalar("SELECT code FROM conference_sessions WHERE conference_id = $1")
                .bind(id).fetch_all(&mut *conn).await?;
            for code in stored_codes.iter().filter(|c| e.item(c).is_none()) {
                sqlx::query("DELETE FROM conference_sessions WHERE conference_id = $1 AND code = $2")
                    .bind(id).bind(code).execute(&mut *conn).await?;
            }
            for (item, questions) in e.program.iter().zip(&questions) {
                sqlx::query(
                    "INSERT INTO conference_sessions (conference_id, code, kind, day, position, title_fr, title_en, theme_fr, theme_en, questions) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (conference_id, code) DO UPDATE SET kind = excluded.kind, day = excluded.day, \
                     position = excluded.position, title_fr = excluded.title_fr, title_en = excluded.title_en, \
                     theme_fr = excluded.theme_fr, theme_en = excluded.theme_en, questions = excluded.questions",
                )
                .bind(id)
                .bind(&item.code)
                .bind(item.kind.code())
                .bind(iso_day::format(item.day))
                .bind(i32::try_from(item.order).unwrap_or(i32::MAX))
                .bind(&item.title.fr)
                .bind(&item.title.en)
                .bind(item.theme.as_ref().map(|t| t.fr.as_str()))
                .bind(item.theme.as_ref().map(|t| t.en.as_str()))
                .bind(questions)
                .execute(&mut *conn)
                .await?;
            }
            for (position, r) in e.roles.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO conference_roles (session_id, position, role, name, affiliation_fr, affiliation_en, institution) \
                     SELECT id, $3, $4, $5, $6, $7, $8 FROM conference_sessions WHERE conference_id = $1 AND code = $2",
                )
                .bind(id)
                .bind(&r.item)
                .bind(position as i32)
                .bind(r.role.code())
                .bind(&r.name)
                .bind(&r.affiliation.fr)
                .bind(&r.affiliation.en)
                .bind(r.institution.as_ref().map(|c| c.as_str()))
                .execute(&mut *conn)
                .await?;
            }
            for (position, s) in e.institutions.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO conference_institutions (conference_id, position, institution, role, note_fr, note_en) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(position as i32)
                .bind(s.institution.as_str())
                .bind(s.role.code())
                .bind(s.note.as_ref().map(|n| n.fr.as_str()))
                .bind(s.note.as_ref().map(|n| n.en.as_str()))
                .execute(&mut *conn)
                .await?;
            }
            for (position, p) in e.participants.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO conference_participants (conference_id, position, country, category, institution, label_fr, label_en, expected, actual) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id)
                .bind(position as i32)
                .bind(p.country.map(|c| c.to_string()))
                .bind(p.category.code())
                .bind(p.institution.as_ref().map(|c| c.as_str()))
                .bind(p.label.as_ref().map(|l| l.fr.as_str()))
                .bind(p.label.as_ref().map(|l| l.en.as_str()))
                .bind(p.expected.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
                .bind(p.actual.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
                .execute(&mut *conn)
                .await?;
            }
            for (position, d) in e.documents.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO conference_documents (conference_id, position, kind, title_fr, title_en, language, url, document_id, session_code) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id)
                .bind(position as i32)
                .bind(d.kind.code())
                .bind(&d.title.fr)
                .bind(&d.title.en)
                .bind(&d.language)
                .bind(&d.url)
                .bind(d.document_id)
                .bind(&d.item)
                .execute(&mut *conn)
                .await?;
            }
        });
        Ok(super::state(e.edition()))
    }
}
