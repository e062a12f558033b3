//! The rules of an edition, one at a time.

use time::macros::date;

use super::*;
use crate::InstitutionKind;

fn text(s: &str) -> Text {
    Text {
        fr: format!("{s} (fr)"),
        en: format!("{s} (en)"),
    }
}

fn item(code: &str, kind: ItemKind, day: Date, order: u32) -> Item {
    Item {
        code: code.into(),
        kind,
        day,
        order,
        title: text(code),
        theme: None,
        questions: vec![text("why?")],
    }
}

fn edition() -> Edition {
    Edition {
        number: 1,
        start_date: date!(2021 - 03 - 17),
        end_date: date!(2021 - 03 - 18),
        city: "Bamako".into(),
        country: CountryCode::MLI,
        venue: None,
        title: text("conference"),
        source: "a note".into(),
        institutions: vec![SupportingInstitution {
            institution: "DCAF".parse().unwrap(),
            role: PartnerRole::Organiser,
            note: None,
        }],
        program: vec![
            item("W1", ItemKind::Workshop, date!(2021 - 03 - 18), 1),
            item("O", ItemKind::Opening, date!(2021 - 03 - 17), 1),
        ],
        roles: vec![Role {
            item: "O".into(),
            role: RoleKind::OpeningSpeaker,
            name: None,
            affiliation: text("director"),
            institution: Some("DCAF".parse().unwrap()),
        }],
        participants: vec![Participant {
            country: Some(CountryCode::BFA),
            category: InstitutionKind::Press,
            institution: None,
            label: None,
            expected: None,
            actual: None,
        }],
        documents: vec![Document {
            kind: DocumentKind::ConceptNote,
            title: text("note"),
            language: "en".into(),
            url: None,
            document_id: None,
            item: None,
        }],
    }
}

fn known(code: &InstitutionCode) -> bool {
    code.as_str() == "DCAF"
}

fn problems(e: Edition) -> Vec<(String, ConferenceError)> {
    e.validate(&known)
        .unwrap_err()
        .into_iter()
        .map(|p| (p.path, p.error))
        .collect()
}

#[test]
fn a_valid_edition_passes_with_its_programme_in_day_order() {
    let valid = edition().validate(&known).unwrap();
    let codes: Vec<&str> = valid.program.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["O", "W1"]);
    assert_eq!(valid.days(), [date!(2021 - 03 - 17), date!(2021 - 03 - 18)]);
}

#[test]
fn an_edition_may_not_end_before_it_starts() {
    let mut e = edition();
    e.end_date = date!(2021 - 03 - 16);
    let found = problems(e);
    assert_eq!(found[0].0, "/end_date");
    assert_eq!(
        found[0].1.to_string(),
        "ends on 2021-03-16, before it starts (2021-03-17)"
    );
}

#[test]
fn an_item_is_on_a_day_of_the_edition() {
    let mut e = edition();
    e.program[0].day = date!(2021 - 03 - 19);
    assert_eq!(
        problems(e),
        [(
            "/program/0/day".into(),
            ConferenceError::DayOutside {
                day: date!(2021 - 03 - 19),
                start: date!(2021 - 03 - 17),
                end: date!(2021 - 03 - 18)
            }
        )]
    );
}

#[test]
fn codes_are_well_formed_and_unique_and_orders_too() {
    let mut e = edition();
    e.program
        .push(item("W1", ItemKind::Workshop, date!(2021 - 03 - 18), 1));
    e.program
        .push(item("w2", ItemKind::Workshop, date!(2021 - 03 - 18), 2));
    assert_eq!(
        problems(e),
        [
            (
                "/program/2/code".into(),
                ConferenceError::DuplicateCode("W1".into())
            ),
            (
                "/program/2/order".into(),
                ConferenceError::DuplicateOrder {
                    day: date!(2021 - 03 - 18),
                    order: 1
                }
            ),
            (
                "/program/3/code".into(),
                ConferenceError::BadCode("w2".into())
            ),
        ]
    );
}

#[test]
fn an_unknown_institution_is_refused_wherever_it_is_named() {
    let mut e = edition();
    e.institutions[0].institution = "NOPE".parse().unwrap();
    e.roles[0].institution = Some("NOPE".parse().unwrap());
    let found = problems(e);
    assert_eq!(
        found,
        [
            (
                "/institutions/0/institution".into(),
                ConferenceError::UnknownInstitution("NOPE".into())
            ),
            (
                "/roles/0/institution".into(),
                ConferenceError::UnknownInstitution("NOPE".into())
            ),
        ]
    );
}

#[test]
fn a_role_or_document_on_an_unknown_item_is_refused() {
    let mut e = edition();
    e.roles[0].item = "S9".into();
    e.documents[0].item = Some("W7".into());
    assert_eq!(
        problems(e),
        [
            (
                "/roles/0/item".into(),
                ConferenceError::UnknownItem("S9".into())
            ),
            (
                "/documents/0/item".into(),
                ConferenceError::UnknownItem("W7".into())
            ),
        ]
    );
}

#[test]
fn documents_texts_and_participants_follow_their_rules() {
    let mut e = edition();
    e.documents[0].url = Some("ftp://example.org/note.pdf".into());
    e.documents[0].document_id = Some(3);
    e.documents[0].language = "de".into();
    e.title.en = " ".into();
    e.participants[0].country = None;
    e.number = 0;
    let found: Vec<String> = problems(e).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        found,
        [
            "/number",
            "/title/en",
            "/participants/0/country",
            "/documents/0/language",
            "/documents/0",
            "/documents/0/url",
        ]
    );
}
