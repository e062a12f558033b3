//! Reading governance back: the domain records for pages and the API, and
//! the state of each for `vigie log verify`. Everything here is public
//! information (the inventory and the assessments carry no classified
//! field), so reads take no reader.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use vigie_domain::governance::{
    Assessment, Bilingual, Evidence, Framework, InstitutionProfile, LegalText, QuestionScore,
    ReportingLine,
};

use super::records::{
    AssessmentRecord, LegalRecord, LineRecord, ProfileRecord, ScoreRecord, assessment_id,
    assessment_state, framework_state, profile_state,
};
use crate::db::on_pool;
use crate::governance::Governance;
use crate::{Result, StoreError};

/// An `assessment_frameworks` row.
#[derive(sqlx::FromRow)]
pub(crate) struct FrameworkRow {
    pub code: String,
    pub version: i32,
    pub title_fr: String,
    pub title_en: String,
    pub illustrative: bool,
    pub definition: String,
}

/// Every profile's rows, grouped by institution.
type ProfileRows = BTreeMap<String, (ProfileRecord, Vec<LegalRecord>, Vec<LineRecord>)>;

/// A stored vocabulary code back into its type (`by_mandate` → `AccessPower::ByMandate`).
fn code<T: DeserializeOwned>(what: &str, code: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).map_err(|_| {
        StoreError::Corrupt(format!("stored {what} `{code}` is not in the vocabulary"))
    })
}

fn corrupt(what: &str) -> impl Fn(vigie_domain::Invalid) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("stored {what}: {e}"))
}

impl Governance<'_> {
    async fn profile_rows(self) -> Result<ProfileRows> {
        let (profiles, legal, lines): (Vec<ProfileRecord>, Vec<LegalRecord>, Vec<LineRecord>) = on_pool!(&self.store.db, pool => {
            (
                sqlx::query_as("SELECT * FROM governance_profiles ORDER BY institution").fetch_all(pool).await?,
                sqlx::query_as("SELECT * FROM governance_legal_texts ORDER BY institution, position").fetch_all(pool).await?,
                sqlx::query_as("SELECT * FROM governance_reporting_lines ORDER BY institution, reports_to").fetch_all(pool).await?,
            )
        });
        let mut out: ProfileRows = profiles
            .into_iter()
            .map(|p| (p.institution.clone(), (p, Vec::new(), Vec::new())))
            .collect();
        for t in legal {
            if let Some(entry) = out.get_mut(&t.institution) {
                entry.1.push(t);
            }
        }
        for l in lines {
            if let Some(entry) = out.get_mut(&l.institution) {
                entry.2.push(l);
            }
        }
        Ok(out)
    }

    async fn assessment_rows(
        self,
    ) -> Result<BTreeMap<String, (AssessmentRecord, Vec<ScoreRecord>)>> {
        let (heads, scores): (Vec<AssessmentRecord>, Vec<ScoreRecord>) = on_pool!(&self.store.db, pool => {
            (
                sqlx::query_as("SELECT * FROM assessments").fetch_all(pool).await?,
                sqlx::query_as("SELECT * FROM assessment_scores ORDER BY question").fetch_all(pool).await?,
            )
        });
        let mut out: BTreeMap<String, (AssessmentRecord, Vec<ScoreRecord>)> = heads
            .into_iter()
            .map(|a| {
                (
                    assessment_id(&a.framework, a.version, &a.country, a.year),
                    (a, Vec::new()),
                )
            })
            .collect();
        for s in scores {
            if let Some(entry) =
                out.get_mut(&assessment_id(&s.framework, s.version, &s.country, s.year))
            {
                entry.1.push(s);
            }
        }
        Ok(out)
    }

    async fn framework_rows(self) -> Result<Vec<FrameworkRow>> {
        Ok(on_pool!(&self.store.db, pool => {
            sqlx::query_as("SELECT * FROM assessment_frameworks ORDER BY code, version").fetch_all(pool).await?
        }))
    }

    /// (kind, id, state) of every profile, framework and assessment, for
    /// `vigie log verify` and for an import to tell what is unchanged.
    pub(crate) async fn states(self) -> Result<Vec<(&'static str, String, [u8; 32])>> {
        let mut out = Vec::new();
        for (code, (p, legal, lines)) in self.profile_rows().await? {
            out.push((
                "institution_profile",
                code,
                profile_state(&p, &legal, &lines),
            ));
        }
        for f in self.framework_rows().await? {
            let h = framework_state(
                &f.code,
                f.version,
                &f.title_fr,
                &f.title_en,
                f.illustrative,
                &f.definition,
            );
            out.push((
                "assessment_framework",
                format!("{}@{}", f.code, f.version),
                h,
            ));
        }
        for (id, (a, scores)) in self.assessment_rows().await? {
            out.push(("assessment", id, assessment_state(&a, &scores)));
        }
        Ok(out)
    }

    /// Every institution profile, by institution code.
    pub async fn profiles(self) -> Result<Vec<InstitutionProfile>> {
        self.profile_rows()
            .await?
            .into_values()
            .map(|(p, legal, lines)| {
                Ok(InstitutionProfile {
                    institution: p.institution.parse().map_err(corrupt("institution"))?,
                    functions: Bilingual {
                        fr: p.functions_fr,
                        en: p.functions_en,
                    },
                    mandate: Bilingual {
                        fr: p.mandate_fr,
                        en: p.mandate_en,
                    },
                    legal_bases: legal
                        .into_iter()
                        .map(|t| {
                            Ok(LegalText {
                                kind: code("legal text kind", &t.kind)?,
                                number: t.number,
                                date: t.date,
                                title: Bilingual {
                                    fr: t.title_fr,
                                    en: t.title_en,
                                },
                                source: t.source,
                            })
                        })
                        .collect::<Result<_>>()?,
                    access: code("access power", &p.access)?,
                    access_note: Bilingual {
                        fr: p.access_note_fr,
                        en: p.access_note_en,
                    },
                    reporting_lines: lines
                        .into_iter()
                        .map(|l| {
                            Ok(ReportingLine {
                                to: l.reports_to.parse().map_err(corrupt("reporting line"))?,
                                nature: Bilingual {
                                    fr: l.nature_fr,
                                    en: l.nature_en,
                                },
                            })
                        })
                        .collect::<Result<_>>()?,
                    source: p.source,
                    illustrative: p.illustrative,
                })
            })
            .collect()
    }

    /// Every framework version, by code then version.
    pub async fn frameworks(self) -> Result<Vec<Framework>> {
        self.framework_rows()
            .await?
            .into_iter()
            .map(|f| {
                serde_json::from_str(&f.definition).map_err(|e| {
                    StoreError::Corrupt(format!("framework {}@{}: {e}", f.code, f.version))
                })
            })
            .collect()
    }

    /// Every assessment, by framework, country and year.
    pub async fn assessments(self) -> Result<Vec<Assessment>> {
        self.assessment_rows()
            .await?
            .into_values()
            .map(|(a, scores)| {
                Ok(Assessment {
                    country: a.country.parse().map_err(corrupt("country"))?,
                    assessor: a.assessor.parse().map_err(corrupt("assessor"))?,
                    framework: a.framework,
                    version: a.version,
                    year: a.year,
                    illustrative: a.illustrative,
                    scores: scores
                        .into_iter()
                        .map(|s| {
                            let evidence: Vec<Evidence> = serde_json::from_str(&s.evidence)
                                .map_err(|e| {
                                    StoreError::Corrupt(format!("evidence of {}: {e}", s.question))
                                })?;
                            Ok(QuestionScore {
                                question: s.question,
                                score: s.score,
                                evidence,
                                note: s.note,
                            })
                        })
                        .collect::<Result<_>>()?,
                })
            })
            .collect()
    }
}
