//! Follow-up meetings between the facilitator and a country's oversight
//! bodies (`vigie import meetings`), and the recommendations they advance.
//!
//! A file holds `{"meetings": [...]}`, read one meeting at a time so that
//! every bad one is reported; each meeting is checked against the
//! domain's rules and against what the store knows (institutions,
//! recommendations and the day each was made), every problem is reported
//! with its line and JSON pointer, and the file is written in one
//! transaction or not at all. A meeting is replaced whole by its code: the
//! minutes are one record, not a set of fields to merge.

use std::collections::{BTreeSet, HashMap};

use vigie_domain::meeting::{InstitutionFacts, Meeting};
use vigie_domain::{CountryCode, InstitutionCode, iso_day};

use crate::db::on_pool;
use crate::log::Actor;
use crate::pipeline::{Problems, RecordKind, Records, Tx, on_tx};
use crate::{ImportOptions, RecordImport, Result, Store, StoreError, page};

crate::area::area!(
    /// The meetings area (`store.meetings()`): follow-up meetings and the
    /// recommendations they advance.
    Meetings,
    meetings
);

/// The parts of a meeting kept as one text: everything but its keys.
#[derive(serde::Serialize)]
struct Minutes<'a> {
    place: &'a str,
    title: &'a vigie_domain::meeting::Bilingual,
    agenda: &'a [vigie_domain::meeting::Bilingual],
    decisions: &'a [vigie_domain::meeting::MeetingDecision],
    participants: &'a [InstitutionCode],
    recommendations: &'a [String],
    illustrative: bool,
    source: &'a str,
}

fn minutes(m: &Meeting) -> String {
    let minutes = Minutes {
        place: &m.place,
        title: &m.title,
        agenda: &m.agenda,
        decisions: &m.decisions,
        participants: &m.participants,
        recommendations: &m.recommendations,
        illustrative: m.illustrative,
        source: &m.source,
    };
    serde_json::to_string(&minutes).unwrap_or_else(|_| unreachable!("plain data serializes"))
}

/// The state the log vouches for: the row and its links, as stored.
pub(crate) fn meeting_state(
    code: &str,
    held_on: &str,
    country: &str,
    minutes: &str,
    participants: &BTreeSet<String>,
    recommendations: &BTreeSet<String>,
) -> [u8; 32] {
    let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(",");
    vigie_ledger::state_hash(
        "meeting",
        &[
            ("code", code),
            ("held_on", held_on),
            ("country", country),
            ("minutes", minutes),
            ("participants", &join(participants)),
            ("recommendations", &join(recommendations)),
        ],
    )
}

/// Meetings, as the import pipeline reads them: checked against the
/// institutions and recommendations the store knows, replaced whole by
/// their code.
struct MeetingKind {
    institutions: crate::reference::InstitutionIndex,
    /// Each recommendation's id and the day it was made.
    recommendations: HashMap<String, (i64, String)>,
    /// Each stored meeting's country, fixed when it was first stored.
    countries: HashMap<String, String>,
    stored: HashMap<String, [u8; 32]>,
}

impl MeetingKind {
    async fn load(store: &Store) -> Result<MeetingKind> {
        let recommendations: Vec<(String, i64, String)> = on_pool!(&store.db, pool => {
            sqlx::query_as("SELECT code, id, made_on FROM recommendations").fetch_all(pool).await?
        });
        let countries: Vec<(String, String)> = on_pool!(&store.db, pool => {
            sqlx::query_as("SELECT code, country FROM meetings").fetch_all(pool).await?
        });
        Ok(MeetingKind {
            institutions: store.institution_index().await?,
            recommendations: recommendations
                .into_iter()
                .map(|(code, id, made_on)| (code, (id, made_on)))
                .collect(),
            countries: countries.into_iter().collect(),
            stored: store
                .meetings()
                .states()
                .await?
                .into_iter()
                .map(|(_, code, h)| (code, h))
                .collect(),
        })
    }
}

/// A checked meeting and its state.
struct CheckedMeeting {
    meeting: Meeting,
    state: [u8; 32],
}

impl RecordKind for MeetingKind {
    type Input = Meeting;
    type Checked = CheckedMeeting;
    const RECORDS: Records = Records::List("meetings");
    const NOUN: &'static str = "meeting";
    const TRAIL: &'static str = "meeting";
    const KEY_AT: &'static str = "/code";

    fn key(&self, m: &Meeting) -> String {
        m.code.clone()
    }

    fn check(&self, problems: &mut Problems<'_>, m: Meeting) -> Option<CheckedMeeting> {
        // A meeting's country is fixed when it is first stored (issue 14):
        // re-importing its code replaces the minutes, never moves them.
        if let Some(stored) = self.countries.get(&m.code)
            && stored != m.country.as_str()
        {
            problems.error(
                "/country",
                format!(
                    "meeting `{}` is a meeting of {stored}: a file cannot move it to {} \
                     (a record's country is fixed when it is first stored)",
                    m.code, m.country
                ),
            );
        }
        let lookup = |c: &InstitutionCode| {
            self.institutions
                .get(c.as_str())
                .map(|&(kind, country)| InstitutionFacts { kind, country })
        };
        for p in m.problems(lookup) {
            problems.error(&p.pointer, p.reason);
        }
        let held_on = iso_day::format(m.held_on);
        for (j, code) in m.recommendations.iter().enumerate() {
            let at = format!("/recommendations/{j}");
            match self.recommendations.get(code) {
                None => problems.error(&at, format!("unknown recommendation `{code}`")),
                Some((_, made_on)) if made_on.as_str() > held_on.as_str() => problems.error(
                    &at,
                    format!("recommendation `{code}` was made on {made_on}, after the meeting ({held_on})"),
                ),
                Some(_) => {}
            }
        }
        if problems.has_errors() {
            return None;
        }
        let participants: BTreeSet<String> =
            m.participants.iter().map(ToString::to_string).collect();
        let recs: BTreeSet<String> = m.recommendations.iter().cloned().collect();
        let state = meeting_state(
            &m.code,
            &held_on,
            m.country.as_str(),
            &minutes(&m),
            &participants,
            &recs,
        );
        Some(CheckedMeeting { meeting: m, state })
    }

    fn state(&self, checked: &CheckedMeeting) -> Option<[u8; 32]> {
        Some(checked.state)
    }

    fn stored(&self, key: &str) -> Option<[u8; 32]> {
        self.stored.get(key).copied()
    }

    async fn write(&self, tx: &mut Tx, checked: &CheckedMeeting) -> Result<[u8; 32]> {
        let m = &checked.meeting;
        on_tx!(tx, conn => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO meetings (code, held_on, country, minutes) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET held_on = excluded.held_on, \
                 minutes = excluded.minutes RETURNING id",
            )
            .bind(&m.code)
            .bind(iso_day::format(m.held_on))
            .bind(m.country.as_str())
            .bind(minutes(m))
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM meeting_participants WHERE meeting_id = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM meeting_recommendations WHERE meeting_id = $1").bind(id).execute(&mut *conn).await?;
            for code in &m.participants {
                sqlx::query(
                    "INSERT INTO meeting_participants (meeting_id, institution_id) \
                     SELECT $1, id FROM institutions WHERE code = $2",
                )
                .bind(id)
                .bind(code.as_str())
                .execute(&mut *conn)
                .await?;
            }
            for code in &m.recommendations {
                let rec = self.recommendations.get(code).map(|(id, _)| *id);
                sqlx::query("INSERT INTO meeting_recommendations (meeting_id, recommendation_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(rec)
                    .execute(&mut *conn)
                    .await?;
            }
        });
        Ok(checked.state)
    }
}

impl Meetings<'_> {
    /// Imports the meetings of a JSON file (`file_name` is only for the
    /// messages), all or nothing.
    pub async fn import(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let kind = MeetingKind::load(self.store).await?;
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }

    /// The meetings, most recent first, of one country or all.
    pub async fn list(self, country: Option<CountryCode>) -> Result<Vec<Meeting>> {
        Ok(self.page(country, None, usize::MAX).await?.0)
    }

    /// A page of at most `limit` meetings, most recent first, of one
    /// country or all, after the key `after` (the day held and the code of
    /// the page before's last), and the key of this page's last meeting
    /// when another page follows. The database seeks the key, so that a
    /// page reads only its own minutes.
    pub async fn page(
        self,
        country: Option<CountryCode>,
        after: Option<&(String, String)>,
        limit: usize,
    ) -> Result<(Vec<Meeting>, Option<(String, String)>)> {
        let (on, code) = after.map(|(on, code)| (on.as_str(), code.as_str())).unzip();
        let mut rows: Vec<(String, String, String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT code, held_on, country, minutes FROM meetings \
                 WHERE ($1 IS NULL OR country = $1) \
                 AND ($2 IS NULL OR held_on < $2 OR (held_on = $2 AND code > $3)) \
                 ORDER BY held_on DESC, code LIMIT $4",
            )
            .bind(country.map(|c| c.to_string()))
            .bind(on)
            .bind(code)
            .bind(page::read_limit(limit))
            .fetch_all(pool)
            .await?
        });
        let next = page::cut(&mut rows, limit, |(code, held_on, ..)| {
            (held_on.clone(), code.clone())
        });
        let meetings = rows.iter().map(read_meeting).collect::<Result<_>>()?;
        Ok((meetings, next))
    }

    /// One meeting by its code.
    pub async fn get(self, code: &str) -> Result<Meeting> {
        let row: Option<(String, String, String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT code, held_on, country, minutes FROM meetings WHERE code = $1")
                .bind(code)
                .fetch_optional(pool)
                .await?
        });
        let row = row.ok_or_else(|| StoreError::NotFound {
            kind: "meeting",
            key: code.to_owned(),
        })?;
        read_meeting(&row)
    }

    /// The meetings that advanced a recommendation, oldest first.
    pub async fn advancing(self, recommendation_code: &str) -> Result<Vec<Meeting>> {
        let rows: Vec<(String, String, String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT m.code, m.held_on, m.country, m.minutes FROM meetings m \
                 JOIN meeting_recommendations mr ON mr.meeting_id = m.id \
                 JOIN recommendations r ON r.id = mr.recommendation_id \
                 WHERE r.code = $1 ORDER BY m.held_on, m.code",
            )
            .bind(recommendation_code)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(|r| read_meeting(&r)).collect()
    }

    /// Every meeting's state, for `verify`.
    pub(crate) async fn states(self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let rows: Vec<(String, String, String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT code, held_on, country, minutes FROM meetings ORDER BY code").fetch_all(pool).await?
        });
        let participants: Vec<(String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT m.code, i.code FROM meeting_participants p \
                 JOIN meetings m ON m.id = p.meeting_id JOIN institutions i ON i.id = p.institution_id",
            )
            .fetch_all(pool)
            .await?
        });
        let recommendations: Vec<(String, String)> = on_pool!(&self.store.db, pool => {
            sqlx::query_as(
                "SELECT m.code, r.code FROM meeting_recommendations mr \
                 JOIN meetings m ON m.id = mr.meeting_id JOIN recommendations r ON r.id = mr.recommendation_id",
            )
            .fetch_all(pool)
            .await?
        });
        let group = |pairs: Vec<(String, String)>| {
            let mut by: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (meeting, other) in pairs {
                by.entry(meeting).or_default().insert(other);
            }
            by
        };
        let (mut participants, mut recommendations) = (group(participants), group(recommendations));
        Ok(rows
            .into_iter()
            .map(|(code, held_on, country, minutes)| {
                let p = participants.remove(&code).unwrap_or_default();
                let r = recommendations.remove(&code).unwrap_or_default();
                let h = meeting_state(&code, &held_on, &country, &minutes, &p, &r);
                ("meeting", code, h)
            })
            .collect())
    }
}

/// A meeting from its row: the keys from columns, the rest from the minutes.
fn read_meeting(
    (code, held_on, country, minutes): &(String, String, String, String),
) -> Result<Meeting> {
    let mut value: serde_json::Value = serde_json::from_str(minutes)
        .map_err(|e| StoreError::Corrupt(format!("meeting `{code}`: {e}")))?;
    if let Some(object) = value.as_object_mut() {
        object.insert("code".into(), code.clone().into());
        object.insert("held_on".into(), held_on.clone().into());
        object.insert("country".into(), country.clone().into());
    }
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(format!("meeting `{code}`: {e}")))
}
