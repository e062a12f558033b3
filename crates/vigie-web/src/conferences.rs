//! Conference editions as the API serves them and the pages show them: one
//! view, built once from the stored edition in the reader's language, so
//! that a page never says something the JSON does not.
//!
//! Every text comes as `title` (in the request's language, `?lang=` or
//! `Accept-Language`) and as `title_fr` / `title_en`, like the budget API's
//! `name_fr` / `name_en`. `id` is the database id that URLs name; `number`
//! is the edition's place in the series ("the first edition").

use std::collections::HashMap;

use serde::Serialize;
use vigie_domain::conference::{Edition, Item, ItemKind, Role, RoleKind, Text, iso_day};
use vigie_domain::{Institution, Lang};
use vigie_store::conferences::{ConferenceSummary, StoredEdition};

/// One edition in the list.
#[derive(Debug, Clone, Serialize)]
pub struct EditionSummary {
    pub id: i64,
    pub number: u32,
    pub city: String,
    pub country: String,
    pub start_date: String,
    pub end_date: String,
    pub title: String,
    pub title_fr: String,
    pub title_en: String,
}

impl EditionSummary {
    pub fn of(s: &ConferenceSummary, lang: Lang) -> EditionSummary {
        EditionSummary {
            id: s.id,
            number: s.number,
            city: s.city.clone(),
            country: s.country.clone(),
            start_date: s.start_date.clone(),
            end_date: s.end_date.clone(),
            title: lang.pick(&s.title_fr, &s.title_en).to_owned(),
            title_fr: s.title_fr.clone(),
            title_en: s.title_en.clone(),
        }
    }
}

/// A role in an item, as published.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub role: &'static str,
    pub name: Option<String>,
    pub affiliation: String,
    pub institution: Option<String>,
}

impl RoleView {
    fn of(r: &Role, lang: Lang) -> RoleView {
        RoleView {
            role: r.role.code(),
            name: r.name.clone(),
            affiliation: r.affiliation.get(lang).to_owned(),
            institution: r.institution.as_ref().map(ToString::to_string),
        }
    }
}

/// A programme item.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// The database id recommendations point to.
    pub id: Option<i64>,
    pub code: String,
    pub kind: &'static str,
    pub day: String,
    pub order: u32,
    pub title: String,
    pub title_fr: String,
    pub title_en: String,
    pub theme: Option<String>,
    pub theme_fr: Option<String>,
    pub theme_en: Option<String>,
    pub questions: Vec<String>,
    pub questions_fr: Vec<String>,
    pub questions_en: Vec<String>,
    pub roles: Vec<RoleView>,
}

impl SessionView {
    fn of(e: &StoredEdition, item: &Item, lang: Lang) -> SessionView {
        let pick = |t: &Option<Text>, l: Lang| t.as_ref().map(|t| t.get(l).to_owned());
        let all = |l: Lang| item.questions.iter().map(|q| q.get(l).to_owned()).collect();
        SessionView {
            id: e.session_ids.get(&item.code).copied(),
            code: item.code.clone(),
            kind: item.kind.code(),
            day: iso_day::format(item.day),
            order: item.order,
            title: item.title.get(lang).to_owned(),
            title_fr: item.title.fr.clone(),
            title_en: item.title.en.clone(),
            theme: pick(&item.theme, lang),
            theme_fr: pick(&item.theme, Lang::Fr),
            theme_en: pick(&item.theme, Lang::En),
            questions: all(lang),
            questions_fr: all(Lang::Fr),
            questions_en: all(Lang::En),
            roles: e
                .edition
                .roles_in(&item.code)
                .map(|r| RoleView::of(r, lang))
                .collect(),
        }
    }

    /// The first holder of a role, if the source names one.
    pub fn first(&self, role: RoleKind) -> Option<&RoleView> {
        self.roles.iter().find(|r| r.role == role.code())
    }

    /// Every holder of a role.
    pub fn all(&self, role: RoleKind) -> Vec<&RoleView> {
        self.roles
            .iter()
            .filter(|r| r.role == role.code())
            .collect()
    }

    /// A workshop's moderator, if published.
    pub fn moderator(&self) -> Option<&RoleView> {
        self.first(RoleKind::Moderator)
    }

    /// A workshop's rapporteur, if published.
    pub fn rapporteur(&self) -> Option<&RoleView> {
        self.first(RoleKind::Rapporteur)
    }

    /// The roles shown in a list: all, but a workshop's moderator and
    /// rapporteur, which have their own place.
    pub fn listed_roles(&self) -> Vec<&RoleView> {
        let own = [RoleKind::Moderator.code(), RoleKind::Rapporteur.code()];
        self.roles
            .iter()
            .filter(|r| !self.is_workshop() || !own.contains(&r.role))
            .collect()
    }

    /// Whether this item is a workshop.
    pub fn is_workshop(&self) -> bool {
        self.kind == ItemKind::Workshop.code()
    }
}

/// A workshop with its moderator and rapporteur (`null` when the source
/// does not name them) and its experts.
#[derive(Debug, Clone, Serialize)]
pub struct WorkshopView {
    #[serde(flatten)]
    pub session: SessionView,
    pub moderator: Option<RoleView>,
    pub rapporteur: Option<RoleView>,
    pub experts: Vec<RoleView>,
}

/// An organiser, partner or funder.
#[derive(Debug, Clone, Serialize)]
pub struct SupporterView {
    pub institution: String,
    pub name: String,
    pub role: &'static str,
    pub note: Option<String>,
}

/// Invited participants of one category.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    pub country: Option<String>,
    pub category: &'static str,
    pub institution: Option<String>,
    /// The institution's name, or the source's description.
    pub label: Option<String>,
    pub expected: Option<u32>,
    pub actual: Option<u32>,
}

/// A document of the edition.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub kind: &'static str,
    pub title: String,
    pub title_fr: String,
    pub title_en: String,
    pub language: String,
    pub url: Option<String>,
    pub document_id: Option<i64>,
    pub item: Option<String>,
}

/// One edition, whole.
#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    #[serde(flatten)]
    pub summary: EditionSummary,
    pub venue: Option<String>,
    pub source: String,
    pub days: Vec<String>,
    pub sessions: Vec<SessionView>,
    pub workshops: Vec<WorkshopView>,
    pub institutions: Vec<SupporterView>,
    pub participants: Vec<ParticipantView>,
    pub documents: Vec<DocumentView>,
}

impl EditionView {
    /// The view of a stored edition; `institutions` gives names to codes.
    pub fn of(stored: &StoredEdition, institutions: &[Institution], lang: Lang) -> EditionView {
        let e: &Edition = &stored.edition;
        let names: HashMap<&str, &str> = institutions
            .iter()
            .map(|i| (i.code().as_str(), i.name(lang)))
            .collect();
        let name = |code: &str| names.get(code).map_or(code, |n| *n).to_owned();
        let sessions: Vec<SessionView> = e
            .program
            .iter()
            .map(|item| SessionView::of(stored, item, lang))
            .collect();
        let workshops = sessions
            .iter()
            .filter(|s| s.is_workshop())
            .map(|s| WorkshopView {
                moderator: s.first(RoleKind::Moderator).cloned(),
                rapporteur: s.first(RoleKind::Rapporteur).cloned(),
                experts: s.all(RoleKind::Expert).into_iter().cloned().collect(),
                session: s.clone(),
            })
            .collect();
        let start = iso_day::format(e.start_date);
        let end = iso_day::format(e.end_date);
        EditionView {
            summary: EditionSummary {
                id: stored.id,
                number: e.number,
                city: e.city.clone(),
                country: e.country.to_string(),
                start_date: start,
                end_date: end,
                title: e.title.get(lang).to_owned(),
                title_fr: e.title.fr.clone(),
                title_en: e.title.en.clone(),
            },
            venue: e.venue.as_ref().map(|v| v.get(lang).to_owned()),
            source: e.source.clone(),
            days: e.days().into_iter().map(iso_day::format).collect(),
            sessions,
            workshops,
            institutions: e
                .institutions
                .iter()
                .map(|s| SupporterView {
                    institution: s.institution.to_string(),
                    name: name(s.institution.as_str()),
                    role: s.role.code(),
                    note: s.note.as_ref().map(|n| n.get(lang).to_owned()),
                })
                .collect(),
            participants: e
                .participants
                .iter()
                .map(|p| ParticipantView {
                    country: p.country.map(|c| c.to_string()),
                    category: p.category.code(),
                    institution: p.institution.as_ref().map(ToString::to_string),
                    label: p
                        .label
                        .as_ref()
                        .map(|l| l.get(lang).to_owned())
                        .or_else(|| p.institution.as_ref().map(|c| name(c.as_str()))),
                    expected: p.expected,
                    actual: p.actual,
                })
                .collect(),
            documents: e
                .documents
                .iter()
                .map(|d| DocumentView {
                    kind: d.kind.code(),
                    title: d.title.get(lang).to_owned(),
                    title_fr: d.title.fr.clone(),
                    title_en: d.title.en.clone(),
                    language: d.language.clone(),
                    url: d.url.clone(),
                    document_id: d.document_id,
                    item: d.item.clone(),
                })
                .collect(),
        }
    }
}
