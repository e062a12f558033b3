//! `vigie import recommendations` and the API's create: recommendations
//! checked against the workflow, the institutions, findings and conference
//! workshops the store knows, then written all or nothing.

use std::collections::{BTreeSet, HashMap};

use time::{Date, OffsetDateTime};
use vigie_domain::recommendation::{
    Milestone, Priority, Reason, RecommendationStatus, SourceKind, Theme, check_transition,
};
use vigie_domain::{Bilingual, CountryCode, InstitutionCode};

use super::recommendation_state;
use crate::db::on_pool;
use crate::recommendations::Recommendations;

use crate::log::Actor;
use crate::pipeline::{Problems, RecordKind, Records, Tx, blank, code, date, on_tx};
use crate::reference::InstitutionIndex;
use crate::{ImportOptions, RecordImport, Result};

/// The conference workshop a recommendation comes from.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkshopRef {
    conference: i32,
    session: String,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneInput {
    title: Bilingual,
    due: String,
    responsible: String,
    #[serde(default)]
    done_on: Option<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceInput {
    title: String,
    #[serde(default)]
    url: Option<String>,
    added_by: String,
    added_on: String,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryInput {
    to: String,
    reason: String,
    by: String,
    institution: String,
    on: String,
}

/// One recommendation as a file or the API gives it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationInput {
    code: String,
    source: String,
    #[serde(default)]
    workshop: Option<WorkshopRef>,
    #[serde(default)]
    finding: Option<String>,
    theme: String,
    priority: String,
    made_on: String,
    title: Bilingual,
    text: Bilingual,
    countries: Vec<String>,
    addressees: Vec<String>,
    #[serde(default)]
    illustrative: bool,
    #[serde(default)]
    source_note: String,
    #[serde(default)]
    milestones: Vec<MilestoneInput>,
    #[serde(default)]
    evidence: Vec<EvidenceInput>,
    #[serde(default)]
    history: Vec<HistoryInput>,
}

/// A recommendation that passed every check.
pub(super) struct Checked {
    code: String,
    source: SourceKind,
    session_id: Option<i64>,
    finding_id: Option<i64>,
    theme: Theme,
    priority: Priority,
    made_on: Date,
    title: Bilingual,
    text: Bilingual,
    countries: Vec<CountryCode>,
    addressees: Vec<InstitutionCode>,
    illustrative: bool,
    source_note: String,
    milestones: Vec<Milestone>,
    evidence: Vec<(String, Option<String>, String, OffsetDateTime)>,
    /// (from, to, reason, by, institution, at), the first from nothing.
    history: Vec<(
        Option<RecommendationStatus>,
        RecommendationStatus,
        String,
        String,
        String,
        OffsetDateTime,
    )>,
}

/// What the store knows that a recommendation must agree with.
struct Reference {
    countries: BTreeSet<CountryCode>,
    institutions: InstitutionIndex,
    /// (conference number, session code) → session id.
    workshops: HashMap<(i32, String), i64>,
    /// finding code → (id, source).
    findings: HashMap<String, (i64, String)>,
    codes: BTreeSet<String>,
    /// Who records them (user, institution): the first entry of each
    /// history.
    recorder: (String, String),
}

fn midnight(d: Date) -> OffsetDateTime {
    d.midnight().assume_utc()
}

impl Reference {
    fn institution(
        &self,
        problems: &mut Problems<'_>,
        field: &str,
        code: &str,
    ) -> Option<InstitutionCode> {
        if !self.institutions.contains_key(code) {
            problems.error(field, format!("unknown institution `{code}`"));
            return None;
        }
        code.parse()
            .map_err(|e: vigie_domain::Invalid| problems.error(field, e.reason))
            .ok()
    }
}

impl RecordKind for Reference {
    type Input = RecommendationInput;
    type Checked = Checked;
    const RECORDS: Records = Records::List("recommendations");
    const NOUN: &'static str = "recommendation";
    const TRAIL: &'static str = "recommendation";
    const ACTION: &'static str = "create";
    const KEY_AT: &'static str = "/code";

    fn key(&self, r: &RecommendationInput) -> String {
        r.code.clone()
    }

    fn check(&self, problems: &mut Problems<'_>, r: RecommendationInput) -> Option<Checked> {
        if r.code.trim().is_empty() {
            problems.error(
                "/code",
                "empty: every recommendation has a code (e.g. REC-2021-W1-01)",
            );
        } else if self.codes.contains(&r.code) {
            problems.error(
                "/code",
                format!("recommendation `{}` already exists", r.code),
            );
        }
        let source = code::<SourceKind>(problems, "/source", &r.source);
        let mut session_id = None;
        let mut finding_id = None;
        match source.map(SourceKind::finding) {
            None => {}
            Some(None) => {
                if r.finding.is_some() {
                    problems.error(
                        "/finding",
                        "a recommendation of a conference workshop names no finding",
                    );
                }
                match &r.workshop {
                    None => problems.error(
                        "/workshop",
                        "missing: name the workshop, e.g. {\"conference\": 1, \"session\": \"W2\"}",
                    ),
                    Some(w) => match self.workshops.get(&(w.conference, w.session.clone())) {
                        Some(id) => session_id = Some(*id),
                        None => problems.error(
                            "/workshop",
                            format!(
                                "unknown workshop: conference edition {} has no session `{}`",
                                w.conference, w.session
                            ),
                        ),
                    },
                }
            }
            Some(Some(kind)) => {
                if r.workshop.is_some() {
                    problems.error(
                        "/workshop",
                        format!(
                            "a recommendation of a {} names its finding, not a workshop",
                            kind.code()
                        ),
                    );
                }
                match &r.finding {
                    None => problems.error(
                        "/finding",
                        format!(
                            "missing: a recommendation of a {} names the finding it came from",
                            kind.code()
                        ),
                    ),
                    Some(code) => match self.findings.get(code) {
                        None => problems.error("/finding", format!("unknown finding `{code}`")),
                        Some((_, s)) if s != kind.code() => problems.error(
                            "/finding",
                            format!("`{code}` is a finding of a {s}, not of a {}", kind.code()),
                        ),
                        Some((id, _)) => finding_id = Some(*id),
                    },
                }
            }
        }
        let theme = code::<Theme>(problems, "/theme", &r.theme);
        let priority = code::<Priority>(problems, "/priority", &r.priority);
        let made_on = date(problems, "/made_on", &r.made_on);
        for (field, text) in [("/title", &r.title), ("/text", &r.text)] {
            if let Some(reason) = blank(text) {
                problems.error(field, reason);
            }
        }
        if r.countries.is_empty() {
            problems.error("/countries", "empty: name at least one country addressed");
        }
        let mut countries = Vec::new();
        for (i, c) in r.countries.iter().enumerate() {
            let at = format!("/countries/{i}");
            match code::<CountryCode>(problems, &at, c) {
                Some(c) if self.countries.contains(&c) => countries.push(c),
                Some(c) => problems.error(&at, format!("{c} is not a country of this instance")),
                None => {}
            }
        }
        if r.addressees.is_empty() {
            problems.error(
                "/addressees",
                "empty: name at least one addressee institution",
            );
        }
        let addressees: Vec<InstitutionCode> = r
            .addressees
            .iter()
            .enumerate()
            .filter_map(|(i, a)| self.institution(problems, &format!("/addressees/{i}"), a))
            .collect();
        let mut milestones = Vec::new();
        for (i, m) in r.milestones.iter().enumerate() {
            let f = |name: &str| format!("/milestones/{i}/{name}");
            let before_milestone = problems.count();
            if let Some(reason) = blank(&m.title) {
                problems.error(&f("title"), reason);
            }
            let due = date(problems, &f("due"), &m.due);
            let done_on = m
                .done_on
                .as_deref()
                .and_then(|d| date(problems, &f("done_on"), d));
            let responsible = self.institution(problems, &f("responsible"), &m.responsible);
            if let (Some(due), Some(responsible), Some(made_on), true) = (
                due,
                responsible,
                made_on,
                problems.count() == before_milestone,
            ) {
                match Milestone::new(
                    m.title.fr.trim(),
                    m.title.en.trim(),
                    due,
                    responsible,
                    done_on,
                    made_on,
                ) {
                    Ok(m) => milestones.push(m),
                    Err(e @ vigie_domain::recommendation::MilestoneError::DueBeforeMade { .. }) => {
                        problems.error(&f("due"), e.to_string())
                    }
                    Err(e) => problems.error(&f("done_on"), e.to_string()),
                }
            }
        }
        let mut evidence = Vec::new();
        for (i, e) in r.evidence.iter().enumerate() {
            if e.title.trim().is_empty() {
                problems.error(&format!("/evidence/{i}/title"), "empty");
            }
            let url = match e
                .url
                .as_deref()
                .map(|u| vigie_domain::WebLink::parse("url", u))
            {
                Some(Err(bad)) => {
                    problems.error(&format!("/evidence/{i}/url"), bad.reason);
                    None
                }
                Some(Ok(link)) => Some(link.to_string()),
                None => None,
            };
            if let Some(on) = date(problems, &format!("/evidence/{i}/added_on"), &e.added_on) {
                evidence.push((
                    e.title.trim().to_owned(),
                    url,
                    e.added_by.clone(),
                    midnight(on),
                ));
            }
        }
        let (user, institution) = self.recorder.clone();
        let mut history = Vec::new();
        if let Some(made_on) = made_on {
            history.push((
                None,
                RecommendationStatus::NotStarted,
                "recorded".to_owned(),
                user,
                institution,
                midnight(made_on),
            ));
        }
        let mut status = RecommendationStatus::NotStarted;
        let mut last = made_on;
        for (i, h) in r.history.iter().enumerate() {
            let f = |name: &str| format!("/history/{i}/{name}");
            let Some(to) = code::<RecommendationStatus>(problems, &f("to"), &h.to) else {
                continue;
            };
            if let Err(e) = check_transition(status, to) {
                problems.error(&f("to"), e.to_string());
            }
            status = to;
            let reason = Reason::new(&h.reason)
                .map_err(|e| problems.error(&f("reason"), e.reason))
                .ok();
            let institution = self.institution(problems, &f("institution"), &h.institution);
            let on = date(problems, &f("on"), &h.on);
            if let (Some(on), Some(prev)) = (on, last)
                && on < prev
            {
                problems.error(
                    &f("on"),
                    format!("before the previous change or the recommendation ({prev})"),
                );
            }
            last = on.or(last);
            if let (Some(reason), Some(institution), Some(on)) = (reason, institution, on) {
                let from = history.last().map(|h| h.1);
                history.push((
                    from,
                    to,
                    reason.to_string(),
                    h.by.clone(),
                    institution.to_string(),
                    midnight(on),
                ));
            }
        }
        if problems.has_errors() {
            return None;
        }
        Some(Checked {
            code: r.code,
            source: source?,
            session_id,
            finding_id,
            theme: theme?,
            priority: priority?,
            made_on: made_on?,
            title: r.title,
            text: r.text,
            countries,
            addressees,
            illustrative: r.illustrative,
            source_note: r.source_note,
            milestones,
            evidence,
            history,
        })
    }

    async fn write(&self, tx: &mut Tx, r: &Checked) -> Result<[u8; 32]> {
        on_tx!(tx, conn => {
            let status = r.history.last().map_or(RecommendationStatus::NotStarted, |h| h.1);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO recommendations (code, source, session_id, finding_id, theme, priority, made_on, title_fr, \
                 title_en, text_fr, text_en, status, illustrative, source_note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(&r.code)
            .bind(r.source.code())
            .bind(r.session_id)
            .bind(r.finding_id)
            .bind(r.theme.code())
            .bind(r.priority.code())
            .bind(r.made_on.to_string())
            .bind(r.title.fr.trim())
            .bind(r.title.en.trim())
            .bind(r.text.fr.trim())
            .bind(r.text.en.trim())
            .bind(status.code())
            .bind(r.illustrative)
            .bind(&r.source_note)
            .fetch_one(&mut *conn)
            .await?;
            for c in r.countries.iter().collect::<BTreeSet<_>>() {
                sqlx::query("INSERT INTO recommendation_countries (recommendation_id, country) VALUES ($1, $2)")
                    .bind(id).bind(c.as_str()).execute(&mut *conn).await?;
            }
            for a in r.addressees.iter().map(InstitutionCode::as_str).collect::<BTreeSet<_>>() {
                sqlx::query("INSERT INTO recommendation_addressees (recommendation_id, institution) VALUES ($1, $2)")
                    .bind(id).bind(a).execute(&mut *conn).await?;
            }
            for (position, m) in (0i32..).zip(&r.milestones) {
                sqlx::query(
                    "INSERT INTO recommendation_milestones (recommendation_id, position, title_fr, title_en, due, responsible, done_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id).bind(position).bind(m.title_fr()).bind(m.title_en()).bind(m.due().to_string())
                .bind(m.responsible().as_str()).bind(m.done_on().map(|d| d.to_string()))
                .execute(&mut *conn).await?;
            }
            for (title, url, by, at) in &r.evidence {
                sqlx::query(
                    "INSERT INTO recommendation_evidence (recommendation_id, title, url, added_by, added_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id).bind(title).bind(url).bind(by).bind(at).execute(&mut *conn).await?;
            }
            for (from, to, reason, by, institution, at) in &r.history {
                sqlx::query(
                    "INSERT INTO recommendation_history (recommendation_id, from_status, to_status, reason, username, institution, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id).bind(from.map(|s| s.code())).bind(to.code()).bind(reason).bind(by).bind(institution).bind(at)
                .execute(&mut *conn).await?;
            }
            let (_, state) = recommendation_state!(&mut *conn, id);
            Ok(state)
        })
    }
}

impl Recommendations<'_> {
    async fn reference(self, actor: &Actor) -> Result<Reference> {
        let countries = self
            .store
            .list_countries()
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect();
        let institutions = self.store.institution_index().await?;
        let (workshops, findings, codes) = on_pool!(&self.store.db, pool => {
            let w: Vec<(i32, String, i64)> = sqlx::query_as(
                "SELECT c.number, s.code, s.id FROM conference_sessions s JOIN conferences c ON c.id = s.conference_id",
            ).fetch_all(pool).await?;
            let f: Vec<(String, i64, String)> = sqlx::query_as("SELECT code, id, source FROM findings").fetch_all(pool).await?;
            let c: Vec<String> = sqlx::query_scalar("SELECT code FROM recommendations").fetch_all(pool).await?;
            (w, f, c)
        });
        Ok(Reference {
            countries,
            institutions,
            workshops: workshops
                .into_iter()
                .map(|(n, c, id)| ((n, c), id))
                .collect(),
            findings: findings
                .into_iter()
                .map(|(c, id, s)| (c, (id, s)))
                .collect(),
            codes: codes.into_iter().collect(),
            recorder: actor.names(),
        })
    }

    /// Imports a recommendations file (`{"recommendations": [ … ]}`): all
    /// are checked (every problem listed with its line and JSON path), then
    /// written with their logs in one transaction, or none.
    pub async fn import(
        self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        options: impl Into<ImportOptions>,
    ) -> Result<RecordImport> {
        let kind = self.reference(actor).await?;
        self.store
            .import_records(actor, file_name, text, options, kind)
            .await
    }

    /// Creates one recommendation (the API's POST), with the import's
    /// checks; errors name the field by JSON path. Returns its id.
    pub async fn create(self, actor: &Actor, input: RecommendationInput) -> Result<i64> {
        let kind = self.reference(actor).await?;
        let code = self.store.import_record(actor, kind, input).await?;
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_scalar("SELECT id FROM recommendations WHERE code = $1").bind(&code).fetch_one(pool).await?
        }))
    }
}
