//! Reading editions back, whole, from their rows.

use std::collections::HashMap;

use vigie_domain::conference::{
    Document, DocumentKind, Edition, Item, ItemKind, Participant, PartnerRole, Role, RoleKind,
    SupportingInstitution, Text, iso_day,
};
use vigie_domain::{CountryCode, InstitutionKind};

use crate::conferences::Conferences;
use crate::db::on_pool;
use crate::{Result, StoreError};

/// One edition in the list of editions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConferenceSummary {
    /// The database id: what URLs name.
    pub id: i64,
    /// The edition's number in the series.
    pub number: u32,
    /// City.
    pub city: String,
    /// Host state.
    pub country: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day.
    pub end_date: String,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
}

/// An edition as stored, with its database ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEdition {
    /// The database id.
    pub id: i64,
    /// The edition.
    pub edition: Edition,
    /// The database id of each programme item, by code: what
    /// recommendations point to.
    pub session_ids: HashMap<String, i64>,
}

type SummaryRow = (i64, i32, String, String, String, String, String, String);
type EditionRow = (
    i64,
    i32,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
);
type SessionRow = (
    i64,
    String,
    String,
    String,
    i32,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);
type RoleRow = (
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);
type InstitutionRow = (String, String, Option<String>, Option<String>);
type ParticipantRow = (
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
    Option<i32>,
);
type DocumentRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// The query of one edition's row, with its condition.
macro_rules! select_edition {
    ($condition:literal) => {
        concat!(
            "SELECT id, number, start_date, end_date, city, country, venue_fr, venue_en, \
             title_fr, title_en, source FROM conferences WHERE ",
            $condition
        )
    };
}

/// The rows of an edition's parts, each in its stored order.
struct Children {
    sessions: Vec<SessionRow>,
    roles: Vec<RoleRow>,
    institutions: Vec<InstitutionRow>,
    participants: Vec<ParticipantRow>,
    documents: Vec<DocumentRow>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("conference: {what} `{value}`"))
}

fn text(fr: String, en: String) -> Text {
    Text { fr, en }
}

fn optional_text(fr: Option<String>, en: Option<String>) -> Option<Text> {
    match (fr, en) {
        (Some(fr), Some(en)) => Some(Text { fr, en }),
        _ => None,
    }
}

fn day(value: &str) -> Result<time::Date> {
    iso_day::parse(value).ok_or_else(|| corrupt("day", value))
}

fn count(value: Option<i32>) -> Result<Option<u32>> {
    value
        .map(|v| u32::try_from(v).map_err(|_| corrupt("count", &v.to_string())))
        .transpose()
}

impl Conferences<'_> {
    /// Every edition, by number.
    pub async fn list(self) -> Result<Vec<ConferenceSummary>> {
        let rows: Vec<SummaryRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT id, number, city, country, start_date, end_date, title_fr, title_en \
                 FROM conferences ORDER BY number",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(id, number, city, country, start_date, end_date, title_fr, title_en)| {
                    Ok(ConferenceSummary {
                        id,
                        number: u32::try_from(number)
                            .map_err(|_| corrupt("number", &number.to_string()))?,
                        city,
                        country,
                        start_date,
                        end_date,
                        title_fr,
                        title_en,
                    })
                },
            )
            .collect()
    }

    /// The edition of that database id, whole.
    pub async fn get(self, id: i64) -> Result<Option<StoredEdition>> {
        let row: Option<EditionRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(select_edition!("id = $1")).bind(id).fetch_optional(pool).await?
        });
        match row {
            Some(row) => self.load(row).await.map(Some),
            None => Ok(None),
        }
    }

    /// The edition of that number, whole.
    pub async fn by_number(self, number: u32) -> Result<Option<StoredEdition>> {
        let Ok(number) = i32::try_from(number) else {
            return Ok(None);
        };
        let row: Option<EditionRow> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(select_edition!("number = $1")).bind(number).fetch_optional(pool).await?
        });
        match row {
            Some(row) => self.load(row).await.map(Some),
            None => Ok(None),
        }
    }

    async fn load(self, row: EditionRow) -> Result<StoredEdition> {
        let (id, number, start, end, city, country, venue_fr, venue_en, title_fr, title_en, source) =
            row;
        let rows: Children = on_pool!(&self.store.db, pool => {Children {
            sessions: sqlx::query_as(
                "SELECT id, code, kind, day, position, title_fr, title_en, theme_fr, theme_en, questions \
                 FROM conference_sessions WHERE conference_id = $1 ORDER BY day, position",
            ).bind(id).fetch_all(pool).await?,
            roles: sqlx::query_as(
                "SELECT s.code, r.role, r.name, r.affiliation_fr, r.affiliation_en, r.institution \
                 FROM conference_roles r JOIN conference_sessions s ON s.id = r.session_id \
                 WHERE s.conference_id = $1 ORDER BY r.position, r.id",
            ).bind(id).fetch_all(pool).await?,
            institutions: sqlx::query_as(
                "SELECT institution, role, note_fr, note_en FROM conference_institutions \
                 WHERE conference_id = $1 ORDER BY position, institution",
            ).bind(id).fetch_all(pool).await?,
            participants: sqlx::query_as(
                "SELECT country, category, institution, label_fr, label_en, expected, actual \
                 FROM conference_participants WHERE conference_id = $1 ORDER BY position",
            ).bind(id).fetch_all(pool).await?,
            documents: sqlx::query_as(
                "SELECT kind, title_fr, title_en, language, url, document_id, session_code \
                 FROM conference_documents WHERE conference_id = $1 ORDER BY position",
            ).bind(id).fetch_all(pool).await?,
        }});
        let Children {
            sessions,
            roles,
            institutions,
            participants,
            documents,
        } = rows;
        let mut session_ids = HashMap::new();
        let mut program = Vec::new();
        for (sid, code, kind, d, order, tfr, ten, thfr, then, questions) in sessions {
            session_ids.insert(code.clone(), sid);
            program.push(Item {
                kind: ItemKind::from_code(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                day: day(&d)?,
                order: u32::try_from(order).map_err(|_| corrupt("order", &order.to_string()))?,
                title: text(tfr, ten),
                theme: optional_text(thfr, then),
                questions: serde_json::from_str(&questions)
                    .map_err(|_| corrupt("questions", &questions))?,
                code,
            });
        }
        // A valid edition's programme is in day and order: it comes back so.
        let edition = Edition {
            number: u32::try_from(number).map_err(|_| corrupt("number", &number.to_string()))?,
            start_date: day(&start)?,
            end_date: day(&end)?,
            city,
            country: country.parse::<CountryCode>()?,
            venue: optional_text(venue_fr, venue_en),
            title: text(title_fr, title_en),
            source,
            institutions: institutions
                .into_iter()
                .map(|(code, role, nfr, nen)| {
                    Ok(SupportingInstitution {
                        institution: code.parse()?,
                        role: PartnerRole::from_code(&role)
                            .ok_or_else(|| corrupt("role", &role))?,
                        note: optional_text(nfr, nen),
                    })
                })
                .collect::<Result<_>>()?,
            program,
            roles: roles
                .into_iter()
                .map(|(item, role, name, afr, aen, institution)| {
                    Ok(Role {
                        item,
                        role: RoleKind::from_code(&role).ok_or_else(|| corrupt("role", &role))?,
                        name,
                        affiliation: text(afr, aen),
                        institution: institution.map(|c| c.parse()).transpose()?,
                    })
                })
                .collect::<Result<_>>()?,
            participants: participants
                .into_iter()
                .map(
                    |(country, category, institution, lfr, len, expected, actual)| {
                        Ok(Participant {
                            country: country.map(|c| c.parse()).transpose()?,
                            category: category.parse::<InstitutionKind>()?,
                            institution: institution.map(|c| c.parse()).transpose()?,
                            label: optional_text(lfr, len),
                            expected: count(expected)?,
                            actual: count(actual)?,
                        })
                    },
                )
                .collect::<Result<_>>()?,
            documents: documents
                .into_iter()
                .map(|(kind, tfr, ten, language, url, document_id, item)| {
                    Ok(Document {
                        kind: DocumentKind::from_code(&kind)
                            .ok_or_else(|| corrupt("kind", &kind))?,
                        title: text(tfr, ten),
                        language,
                        url: crate::web_links_only(url),
                        document_id,
                        item,
                    })
                })
                .collect::<Result<_>>()?,
        };
        Ok(StoredEdition {
            id,
            edition,
            session_ids,
        })
    }

    /// Every edition's state, for `vigie log verify`.
    pub(crate) async fn states(self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        for summary in self.list().await? {
            if let Some(stored) = self.get(summary.id).await? {
                let h = super::state(&stored.edition);
                out.push(("conference", summary.number.to_string(), h));
            }
        }
        Ok(out)
    }
}
