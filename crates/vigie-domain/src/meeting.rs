//! Follow-up meetings: the bilateral working meetings between the
//! facilitator and a country's oversight bodies that the conference note
//! announces after each edition, and the recommendations they advance.
//!
//! A meeting is the record of what was agreed, so its rules are about who
//! was there and what was decided: the facilitator and at least one
//! national oversight body of the meeting's country, an agenda, decisions.

use time::Date;

pub use crate::Bilingual;
use crate::{CountryCode, InstitutionCode, InstitutionKind};

/// One decision taken at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeetingDecision {
    /// What was decided.
    pub text: Bilingual,
    /// Who carries it out, if the minutes say.
    #[serde(default)]
    pub responsible: Option<InstitutionCode>,
}

/// A follow-up meeting, as its minutes record it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Stable code, such as `MTG-2021-MLI-01`: how people name the meeting.
    pub code: String,
    /// The day it was held.
    #[serde(with = "crate::iso_day")]
    pub held_on: Date,
    /// The country whose oversight bodies met the facilitator.
    pub country: CountryCode,
    /// Where, as the minutes say (a city, an institution's premises).
    pub place: String,
    /// Its title.
    pub title: Bilingual,
    /// The institutions present, the facilitator included.
    pub participants: Vec<InstitutionCode>,
    /// The items discussed, in order.
    pub agenda: Vec<Bilingual>,
    /// What was decided, in order.
    pub decisions: Vec<MeetingDecision>,
    /// Codes of the recommendations the meeting advanced.
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// True when the record is an example, not a real meeting.
    pub illustrative: bool,
    /// Where the record comes from.
    pub source: String,
}

/// What a meeting's rules need to know of an institution it names.
#[derive(Debug, Clone, Copy)]
pub struct InstitutionFacts {
    /// Its kind.
    pub kind: InstitutionKind,
    /// Its country, for a national one.
    pub country: Option<CountryCode>,
}

/// A meeting's rule broken, with the field (a JSON pointer relative to the
/// meeting) it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingProblem {
    /// Where, as a JSON pointer below the meeting (`/participants/2`).
    pub pointer: String,
    /// What is wrong.
    pub reason: String,
}

impl Meeting {
    /// Every rule the meeting breaks; `institution` looks up a code and
    /// answers `None` for an unknown one.
    pub fn problems(
        &self,
        institution: impl Fn(&InstitutionCode) -> Option<InstitutionFacts>,
    ) -> Vec<MeetingProblem> {
        let mut out = Vec::new();
        let mut add =
            |pointer: String, reason: String| out.push(MeetingProblem { pointer, reason });
        for lang in self.title.blank() {
            add(format!("/title/{lang}"), "the text is empty".into());
        }
        if self.code.trim().is_empty() || self.code.chars().any(char::is_whitespace) {
            add("/code".into(), "the code is empty or holds spaces".into());
        }
        if self.place.trim().is_empty() {
            add("/place".into(), "the place is empty".into());
        }
        let mut facilitator = false;
        let mut national_body = false;
        for (i, code) in self.participants.iter().enumerate() {
            let Some(facts) = institution(code) else {
                add(
                    format!("/participants/{i}"),
                    format!("unknown institution `{code}`"),
                );
                continue;
            };
            facilitator |= facts.kind == InstitutionKind::Facilitator;
            if facts.kind.is_national() {
                if facts.country != Some(self.country) {
                    add(
                        format!("/participants/{i}"),
                        format!("`{code}` is not an institution of {}", self.country),
                    );
                } else if facts.kind.is_oversight_body() {
                    national_body = true;
                }
            }
            if self.participants[..i].contains(code) {
                add(
                    format!("/participants/{i}"),
                    format!("`{code}` is listed twice"),
                );
            }
        }
        if !facilitator {
            add(
                "/participants".into(),
                "the facilitator is not among the participants".into(),
            );
        }
        if !national_body {
            add(
                "/participants".into(),
                format!(
                    "no oversight body of {} is among the participants",
                    self.country
                ),
            );
        }
        if self.agenda.is_empty() {
            add("/agenda".into(), "the agenda is empty".into());
        }
        for (i, item) in self.agenda.iter().enumerate() {
            for lang in item.blank() {
                add(format!("/agenda/{i}/{lang}"), "the text is empty".into());
            }
        }
        for (i, d) in self.decisions.iter().enumerate() {
            for lang in d.text.blank() {
                add(
                    format!("/decisions/{i}/text/{lang}"),
                    "the text is empty".into(),
                );
            }
            if let Some(code) = &d.responsible
                && institution(code).is_none()
            {
                add(
                    format!("/decisions/{i}/responsible"),
                    format!("unknown institution `{code}`"),
                );
            }
        }
        for (i, code) in self.recommendations.iter().enumerate() {
            if self.recommendations[..i].contains(code) {
                add(
                    format!("/recommendations/{i}"),
                    format!("`{code}` is listed twice"),
                );
            }
        }
        if self.source.trim().is_empty() {
            add("/source".into(), "say where the record comes from".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(code: &InstitutionCode) -> Option<InstitutionFacts> {
        let (kind, country) = match code.as_str() {
            "DCAF" => (InstitutionKind::Facilitator, None),
            "MLI-BVG" => (InstitutionKind::CourtOfAuditors, Some("MLI")),
            "MLI-PRESSE" => (InstitutionKind::Press, Some("MLI")),
            "NER-IGA" => (InstitutionKind::ArmedForcesInspectorate, Some("NER")),
            _ => return None,
        };
        Some(InstitutionFacts {
            kind,
            country: country.map(|c| c.parse().unwrap()),
        })
    }

    fn text(s: &str) -> Bilingual {
        Bilingual {
            fr: format!("{s} (fr)"),
            en: s.into(),
        }
    }

    fn meeting(participants: &[&str]) -> Meeting {
        Meeting {
            code: "MTG-2021-MLI-01".into(),
            held_on: time::macros::date!(2021 - 05 - 12),
            country: "MLI".parse().unwrap(),
            place: "Bamako".into(),
            title: text("Follow-up with the Auditor General"),
            participants: participants.iter().map(|c| c.parse().unwrap()).collect(),
            agenda: vec![text("Access to procurement files")],
            decisions: vec![MeetingDecision {
                text: text("A joint review of exempt contracts"),
                responsible: Some("MLI-BVG".parse().unwrap()),
            }],
            recommendations: vec!["REC-1".into()],
            illustrative: true,
            source: "illustrative".into(),
        }
    }

    fn reasons(m: &Meeting) -> Vec<String> {
        m.problems(facts)
            .into_iter()
            .map(|p| format!("{}: {}", p.pointer, p.reason))
            .collect()
    }

    #[test]
    fn a_meeting_of_the_facilitator_and_a_national_oversight_body_is_valid() {
        assert_eq!(
            reasons(&meeting(&["DCAF", "MLI-BVG"])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_meeting_needs_the_facilitator_and_an_oversight_body_of_its_country() {
        assert_eq!(
            reasons(&meeting(&["MLI-BVG"])),
            ["/participants: the facilitator is not among the participants"]
        );
        // The press is not an oversight body; another country's body does not count.
        assert_eq!(
            reasons(&meeting(&["DCAF", "MLI-PRESSE", "NER-IGA"])),
            [
                "/participants/2: `NER-IGA` is not an institution of MLI",
                "/participants: no oversight body of MLI is among the participants",
            ]
        );
    }

    #[test]
    fn unknown_institutions_duplicates_and_empty_texts_are_named() {
        let mut m = meeting(&["DCAF", "MLI-BVG", "MLI-XYZ", "DCAF"]);
        m.agenda.push(Bilingual {
            fr: " ".into(),
            en: "Budget".into(),
        });
        m.decisions[0].responsible = Some("MLI-NOPE".parse().unwrap());
        m.recommendations.push("REC-1".into());
        assert_eq!(
            reasons(&m),
            [
                "/participants/2: unknown institution `MLI-XYZ`",
                "/participants/3: `DCAF` is listed twice",
                "/agenda/1/fr: the text is empty",
                "/decisions/0/responsible: unknown institution `MLI-NOPE`",
                "/recommendations/1: `REC-1` is listed twice",
            ]
        );
    }

    #[test]
    fn dates_are_read_and_written_as_iso() {
        let m = meeting(&["DCAF", "MLI-BVG"]);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["held_on"], "2021-05-12");
        let back: Meeting = serde_json::from_value(json).unwrap();
        assert_eq!(back, m);
    }
}
