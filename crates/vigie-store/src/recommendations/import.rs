//! `vigie import recommendations` and the API's create: recommendations
//! checked against the workflow, the institutions, findings and conference
//! workshops the store knows, then written all or nothing.

use std::collections::{BTreeSet, HashMap};

use serde_json::value::RawValue;
use time::{Date, OffsetDateTime};
use vigie_domain::recommendation::{
    Milestone, Priority, Reason, RecommendationStatus, SourceKind, Theme, check_transition,
};
use vigie_domain::{CountryCode, InstitutionCode};
use vigie_import::{ImportError, Location};

use super::recommendation_state;
use crate::ImportMode;
use crate::db::{BeginWrite, on_pool};
use vigie_domain::Bilingual;

use crate::json_file::{JsonFile, blank, parse_date};
use crate::log::{Actor, Change, LogConn};
use crate::reference::InstitutionIndex;
use crate::{Result, Store, StoreError};

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecommendationImport {
    /// The recommendations written, by code.
    pub recommendations: Vec<String>,
}

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

/// The lines of a recommendation's milestones, read from its raw text.
#[derive(serde::Deserialize)]
struct MilestoneLines<'a> {
    #[serde(default, borrow)]
    milestones: Vec<&'a RawValue>,
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
}

/// Where the recommendation being checked is, for its errors.
struct At<'a> {
    file: &'a JsonFile<'a>,
    line: u64,
    pointer: &'a str,
    milestone_lines: Vec<u64>,
}

impl At<'_> {
    fn error(&self, field: &str, reason: impl Into<String>) -> ImportError {
        self.file
            .error(self.line, &format!("{}{field}", self.pointer), reason)
    }
}

fn midnight(d: Date) -> OffsetDateTime {
    d.midnight().assume_utc()
}

impl Reference {
    fn institution(
        &self,
        at: &At<'_>,
        errors: &mut Vec<ImportError>,
        field: &str,
        code: &str,
    ) -> Option<InstitutionCode> {
        if !self.institutions.contains_key(code) {
            errors.push(at.error(field, format!("unknown institution `{code}`")));
            return None;
        }
        code.parse()
            .map_err(|e: vigie_domain::Invalid| errors.push(at.error(field, e.reason)))
            .ok()
    }

    fn check(
        &self,
        at: &At<'_>,
        actor: &Actor,
        r: RecommendationInput,
    ) -> std::result::Result<Checked, Vec<ImportError>> {
        let mut errors = Vec::new();
        let fail = |errors: &mut Vec<ImportError>, field: &str, reason: String| {
            errors.push(at.error(field, reason))
        };
        if r.code.trim().is_empty() {
            fail(
                &mut errors,
                "/code",
                "empty: every recommendation has a code (e.g. REC-2021-W1-01)".into(),
            );
        } else if self.codes.contains(&r.code) {
            fail(
                &mut errors,
                "/code",
                format!("recommendation `{}` already exists", r.code),
            );
        }
        let source = r
            .source
            .parse::<SourceKind>()
            .map_err(|e| fail(&mut errors, "/source", e.reason))
            .ok();
        let mut session_id = None;
        let mut finding_id = None;
        match source.map(SourceKind::finding) {
            None => {}
            Some(None) => {
                if r.finding.is_some() {
                    fail(
                        &mut errors,
                        "/finding",
                        "a recommendation of a conference workshop names no finding".into(),
                    );
                }
                match &r.workshop {
                    None => fail(
                        &mut errors,
                        "/workshop",
                        "missing: name the workshop, e.g. {\"conference\": 1, \"session\": \"W2\"}"
                            .into(),
                    ),
                    Some(w) => match self.workshops.get(&(w.conference, w.session.clone())) {
                        Some(id) => session_id = Some(*id),
                        None => fail(
                            &mut errors,
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
                    fail(
                        &mut errors,
                        "/workshop",
                        format!(
                            "a recommendation of a {} names its finding, not a workshop",
                            kind.code()
                        ),
                    );
                }
                match &r.finding {
                    None => fail(
                        &mut errors,
                        "/finding",
                        format!(
                            "missing: a recommendation of a {} names the finding it came from",
                            kind.code()
                        ),
                    ),
                    Some(code) => match self.findings.get(code) {
                        None => fail(&mut errors, "/finding", format!("unknown finding `{code}`")),
                        Some((_, s)) if s != kind.code() => fail(
                            &mut errors,
                            "/finding",
                            format!("`{code}` is a finding of a {s}, not of a {}", kind.code()),
                        ),
                        Some((id, _)) => finding_id = Some(*id),
                    },
                }
            }
        }
        let theme = r
            .theme
            .parse::<Theme>()
            .map_err(|e| fail(&mut errors, "/theme", e.reason))
            .ok();
        let priority = r
            .priority
            .parse::<Priority>()
            .map_err(|e| fail(&mut errors, "/priority", e.reason))
            .ok();
        let made_on = parse_date(&r.made_on)
            .map_err(|e| fail(&mut errors, "/made_on", e))
            .ok();
        for (field, text) in [("/title", &r.title), ("/text", &r.text)] {
            if let Some(reason) = blank(text) {
                fail(&mut errors, field, reason.into());
            }
        }
        if r.countries.is_empty() {
            fail(
                &mut errors,
                "/countries",
                "empty: name at least one country addressed".into(),
            );
        }
        let mut countries = Vec::new();
        for (i, c) in r.countries.iter().enumerate() {
            match c.parse::<CountryCode>() {
                Ok(c) if self.countries.contains(&c) => countries.push(c),
                Ok(c) => fail(
                    &mut errors,
                    &format!("/countries/{i}"),
                    format!("{c} is not a country of this instance"),
                ),
                Err(e) => fail(&mut errors, &format!("/countries/{i}"), e.reason),
            }
        }
        if r.addressees.is_empty() {
            fail(
                &mut errors,
                "/addressees",
                "empty: name at least one addressee institution".into(),
            );
        }
        let addressees: Vec<InstitutionCode> = r
            .addressees
            .iter()
            .enumerate()
            .filter_map(|(i, a)| self.institution(at, &mut errors, &format!("/addressees/{i}"), a))
            .collect();
        let mut milestones = Vec::new();
        for (i, m) in r.milestones.iter().enumerate() {
            let line = at.milestone_lines.get(i).copied().unwrap_or(at.line);
            let here = At {
                file: at.file,
                line,
                pointer: at.pointer,
                milestone_lines: Vec::new(),
            };
            let f = |name: &str| format!("/milestones/{i}/{name}");
            let before = errors.len();
            if let Some(reason) = blank(&m.title) {
                errors.push(here.error(&f("title"), reason));
            }
            let due = parse_date(&m.due)
                .map_err(|e| errors.push(here.error(&f("due"), e)))
                .ok();
            let done_on = m
                .done_on
                .as_deref()
                .map(parse_date)
                .transpose()
                .map_err(|e| errors.push(here.error(&f("done_on"), e)))
                .ok()
                .flatten();
            let responsible =
                self.institution(&here, &mut errors, &f("responsible"), &m.responsible);
            if let (Some(due), Some(responsible), Some(made_on), true) =
                (due, responsible, made_on, errors.len() == before)
            {
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
                        errors.push(here.error(&f("due"), e.to_string()))
                    }
                    Err(e) => errors.push(here.error(&f("done_on"), e.to_string())),
                }
            }
        }
        let mut evidence = Vec::new();
        for (i, e) in r.evidence.iter().enumerate() {
            if e.title.trim().is_empty() {
                fail(&mut errors, &format!("/evidence/{i}/title"), "empty".into());
            }
            let url = match e
                .url
                .as_deref()
                .map(|u| vigie_domain::WebLink::parse("url", u))
            {
                Some(Err(bad)) => {
                    fail(&mut errors, &format!("/evidence/{i}/url"), bad.reason);
                    None
                }
                Some(Ok(link)) => Some(link.to_string()),
                None => None,
            };
            if let Ok(on) = parse_date(&e.added_on)
                .map_err(|m| fail(&mut errors, &format!("/evidence/{i}/added_on"), m))
            {
                evidence.push((
                    e.title.trim().to_owned(),
                    url,
                    e.added_by.clone(),
                    midnight(on),
                ));
            }
        }
        let (user, institution) = actor.names();
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
            let Ok(to) =
                h.to.parse::<RecommendationStatus>()
                    .map_err(|e| fail(&mut errors, &f("to"), e.reason))
            else {
                continue;
            };
            if let Err(e) = check_transition(status, to) {
                fail(&mut errors, &f("to"), e.to_string());
            }
            status = to;
            let reason = Reason::new(&h.reason)
                .map_err(|e| fail(&mut errors, &f("reason"), e.reason))
                .ok();
            let institution = self.institution(at, &mut errors, &f("institution"), &h.institution);
            let on = parse_date(&h.on)
                .map_err(|e| fail(&mut errors, &f("on"), e))
                .ok();
            if let (Some(on), Some(prev)) = (on, last)
                && on < prev
            {
                fail(
                    &mut errors,
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
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(source), Some(theme), Some(priority), Some(made_on)) =
            (source, theme, priority, made_on)
        else {
            return Err(errors);
        };
        Ok(Checked {
            code: r.code,
            source,
            session_id,
            finding_id,
            theme,
            priority,
            made_on,
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
}

impl Store {
    async fn recommendation_reference(&self) -> Result<Reference> {
        let countries = self
            .list_countries()
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect();
        let institutions = self.institution_index().await?;
        let (workshops, findings, codes) = on_pool!(&self.db, pool => {
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
        })
    }

    /// Imports a recommendations file (`{"recommendations": [ … ]}`): all
    /// are checked (every problem listed with its line and JSON path), then
    /// written with their logs in one transaction, or none.
    pub async fn import_recommendations(
        &self,
        actor: &Actor,
        file_name: &str,
        text: &str,
        mode: ImportMode,
    ) -> Result<RecommendationImport> {
        let file = JsonFile {
            name: file_name,
            text,
        };
        let elements = file
            .elements("recommendations")
            .map_err(|e| StoreError::Rejected(vec![e]))?;
        let reference = self.recommendation_reference().await?;
        let mut errors = Vec::new();
        let mut checked = Vec::new();
        let mut seen = BTreeSet::new();
        for e in &elements {
            let input: RecommendationInput = match file.parse(e.line, &e.pointer, e.raw) {
                Ok(input) => input,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let milestone_lines = serde_json::from_str::<MilestoneLines<'_>>(e.raw.get())
                .map(|m| m.milestones.iter().map(|raw| file.line_of(raw)).collect())
                .unwrap_or_default();
            let at = At {
                file: &file,
                line: e.line,
                pointer: &e.pointer,
                milestone_lines,
            };
            if !input.code.is_empty() && !seen.insert(input.code.clone()) {
                errors.push(at.error(
                    "/code",
                    format!("recommendation `{}` appears twice in the file", input.code),
                ));
            }
            match reference.check(&at, actor, input) {
                Ok(c) => checked.push(c),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        let written = self.write_recommendations(actor, &checked, mode).await?;
        Ok(RecommendationImport {
            recommendations: written.into_iter().map(|(_, code)| code).collect(),
        })
    }

    /// Creates one recommendation (the API's POST), with the import's
    /// checks; errors name the field by JSON path. Returns its id.
    pub async fn create_recommendation(
        &self,
        actor: &Actor,
        input: RecommendationInput,
    ) -> Result<i64> {
        let reference = self.recommendation_reference().await?;
        let file = JsonFile {
            name: "request",
            text: "",
        };
        let at = At {
            file: &file,
            line: 0,
            pointer: "",
            milestone_lines: Vec::new(),
        };
        let checked = reference.check(&at, actor, input).map_err(|errors| {
            StoreError::Rejected(
                errors
                    .into_iter()
                    .map(|e| ImportError {
                        location: Location::File,
                        ..e
                    })
                    .collect(),
            )
        })?;
        let written = self
            .write_recommendations(actor, std::slice::from_ref(&checked), ImportMode::Apply)
            .await?;
        Ok(written.first().map(|(id, _)| *id).unwrap_or_default())
    }

    async fn write_recommendations(
        &self,
        actor: &Actor,
        checked: &[Checked],
        mode: ImportMode,
    ) -> Result<Vec<(i64, String)>> {
        let mut written = Vec::new();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut changes = Vec::new();
            for r in checked {
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
                .fetch_one(&mut *tx)
                .await?;
                for c in r.countries.iter().collect::<BTreeSet<_>>() {
                    sqlx::query("INSERT INTO recommendation_countries (recommendation_id, country) VALUES ($1, $2)")
                        .bind(id).bind(c.as_str()).execute(&mut *tx).await?;
                }
                for a in r.addressees.iter().map(InstitutionCode::as_str).collect::<BTreeSet<_>>() {
                    sqlx::query("INSERT INTO recommendation_addressees (recommendation_id, institution) VALUES ($1, $2)")
                        .bind(id).bind(a).execute(&mut *tx).await?;
                }
                for (position, m) in (0i32..).zip(&r.milestones) {
                    sqlx::query(
                        "INSERT INTO recommendation_milestones (recommendation_id, position, title_fr, title_en, due, responsible, done_on) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id).bind(position).bind(m.title_fr()).bind(m.title_en()).bind(m.due().to_string())
                    .bind(m.responsible().as_str()).bind(m.done_on().map(|d| d.to_string()))
                    .execute(&mut *tx).await?;
                }
                for (title, url, by, at) in &r.evidence {
                    sqlx::query(
                        "INSERT INTO recommendation_evidence (recommendation_id, title, url, added_by, added_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id).bind(title).bind(url).bind(by).bind(at).execute(&mut *tx).await?;
                }
                for (from, to, reason, by, institution, at) in &r.history {
                    sqlx::query(
                        "INSERT INTO recommendation_history (recommendation_id, from_status, to_status, reason, username, institution, at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id).bind(from.map(|s| s.code())).bind(to.code()).bind(reason).bind(by).bind(institution).bind(at)
                    .execute(&mut *tx).await?;
                }
                let (code, h) = recommendation_state!(&mut *tx, id);
                changes.push(Change::new("create", "recommendation", code.clone(), Some(h)));
                written.push((id, code));
            }
            tx.append(actor, &changes).await?;
            match mode {
                ImportMode::Apply => tx.commit().await?,
                ImportMode::DryRun => tx.rollback().await?,
            }
        });
        Ok(written)
    }
}
