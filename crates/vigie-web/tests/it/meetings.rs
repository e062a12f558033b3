//! Follow-up meetings on the demo: the list and one meeting in both
//! languages, the JSON, and the links both ways with recommendations and
//! with the conference workshops they came from.

use crate::support::TestApp;

#[tokio::test]
async fn the_meetings_are_listed_by_country_and_shown_with_their_decisions() {
    let app = TestApp::demo().await;
    let all = app.get("/meetings").await;
    assert_eq!(all.status, 200);
    for code in [
        "MTG-2021-MLI-01",
        "MTG-2021-NER-01",
        "MTG-2021-BFA-01",
        "MTG-2022-MLI-02",
    ] {
        assert!(all.body.contains(&format!("/meetings/{code}")), "{code}");
    }
    let mali = app.get("/meetings?country=MLI&lang=en").await;
    assert!(mali.body.contains("/meetings/MTG-2021-MLI-01"));
    assert!(!mali.body.contains("/meetings/MTG-2021-NER-01"));
    assert_eq!(app.get("/meetings?country=mali").await.status, 404);
    assert_eq!(app.get("/meetings?country=XYZ").await.status, 404);

    let fr = app.get("/meetings/MTG-2021-NER-01").await;
    assert_eq!(fr.status, 200);
    assert!(fr.body.contains("Ordre du jour"));
    assert!(fr.body.contains("Inspection générale des armées (NER-IGA)"));
    assert!(
        fr.body
            .contains("Préparer un format de publication des marchés dérogatoires")
    );
    assert!(
        fr.body
            .contains(r#"href="/recommendations/REC-NER-IGA-2020-01""#)
    );
    assert!(fr.body.contains(r#"id="meeting-illustrative""#));
    let en = app.get("/meetings/MTG-2021-NER-01?lang=en").await;
    assert!(
        en.body
            .contains("Prepare a publication format for derogatory contracts")
    );
    assert!(
        en.body
            .contains("General Inspectorate of the Armed Forces (NER-IGA)")
    );
    assert_eq!(app.get("/meetings/NO-SUCH-MEETING").await.status, 404);
    app.cleanup().await;
}

#[tokio::test]
async fn the_api_gives_the_minutes_as_json() {
    let app = TestApp::demo().await;
    let reply = app.get("/api/v1/meetings?country=BFA").await;
    assert_eq!(reply.status, 200);
    let list = reply.json();
    let meetings = list.as_array().unwrap();
    assert_eq!(meetings.len(), 1);
    let m = &meetings[0];
    assert_eq!(m["code"], "MTG-2021-BFA-01");
    assert_eq!(m["held_on"], "2021-09-01");
    assert_eq!(m["country"], "BFA");
    assert_eq!(m["participants"][0], "DCAF");
    assert_eq!(m["recommendations"][0], "REC-2021-W1-01");
    assert_eq!(m["illustrative"], true);
    app.cleanup().await;
}

#[tokio::test]
async fn recommendations_show_their_meetings_and_workshops_their_recommendations() {
    let app = TestApp::demo().await;
    let rec = app.get("/recommendations/REC-2021-W1-01?lang=en").await;
    assert_eq!(rec.status, 200);
    assert!(rec.body.contains(r#"href="/meetings/MTG-2021-BFA-01""#));
    let id = app.get("/api/v1/conferences").await.json()[0]["id"]
        .as_i64()
        .unwrap();
    assert!(
        rec.body.contains(&format!(
            r#"href="/conferences/{id}#session-W1" id="rec-workshop-link""#
        )),
        "the workshop links to its edition's page"
    );
    let alone = app.get("/recommendations/REC-2021-W4-01?lang=en").await;
    assert!(
        alone
            .body
            .contains("No follow-up meeting has dealt with it yet.")
    );

    let id = app.get("/api/v1/conferences").await.json()[0]["id"]
        .as_i64()
        .unwrap();
    let edition = app.get(&format!("/conferences/{id}?lang=en")).await;
    assert!(edition.body.contains("Recommendations from this workshop"));
    let w2 = edition
        .body
        .split(r#"id="recommendations-W2""#)
        .nth(1)
        .unwrap();
    let w2 = &w2[..w2.find("</div>").unwrap()];
    assert!(w2.contains("REC-2021-W2-01"), "{w2}");
    assert!(!w2.contains("REC-2021-W1-01"), "{w2}");
    app.cleanup().await;
}
