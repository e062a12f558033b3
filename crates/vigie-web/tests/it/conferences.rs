//! The conferences API contract on the demo (scripts rely on it) and the
//! pages in both languages.

use axum::body::Body;
use axum::http::Request;

use crate::support::TestApp;

const WORKSHOP_1_FR: &str = "Le régime dérogatoire des marchés publics de défense et de sécurité : état des lieux et évolutions possibles";
const WORKSHOP_1_EN: &str = "The derogatory regime for defense and security public procurement: inventory and possible developments";

async fn first_id(app: &TestApp) -> i64 {
    let list = app.get("/api/v1/conferences").await.json();
    list[0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_api_lists_the_first_edition_and_serves_it_whole() {
    let app = TestApp::demo().await;
    let reply = app.get("/api/v1/conferences").await;
    assert_eq!(reply.status, 200);
    let list = reply.json();
    let editions = list.as_array().unwrap();
    assert_eq!(editions.len(), 1);
    let first = &editions[0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["city"], "Bamako");
    assert_eq!(first["start_date"], "2021-03-17");
    assert_eq!(first["end_date"], "2021-03-18");
    assert!(first["id"].is_i64());

    let id = first_id(&app).await;
    let e = app.get(&format!("/api/v1/conferences/{id}")).await.json();
    assert_eq!(e["id"], id);
    assert_eq!(e["number"], 1);
    let sessions = e["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 9, "opening, S1–S4, W1–W4");
    let workshops = e["workshops"].as_array().unwrap();
    assert_eq!(workshops.len(), 4);
    let codes: Vec<&str> = workshops
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["W1", "W2", "W3", "W4"]);
    for w in workshops {
        assert!(!w["title"].as_str().unwrap().is_empty());
        assert!(w["moderator"].is_null(), "{w}");
        assert!(w["rapporteur"].is_null(), "{w}");
        assert_eq!(w["day"], "2021-03-18");
        assert!(w["id"].is_i64());
    }
    assert_eq!(workshops[0]["title"], WORKSHOP_1_FR, "French by default");
    assert_eq!(workshops[0]["title_en"], WORKSHOP_1_EN);
    assert_eq!(
        workshops[2]["questions_en"][0],
        "What alliance Parliaments-Civil Society and Media for more transparency and accountability?"
    );
    let opening = &sessions[0];
    assert_eq!(opening["code"], "O");
    assert_eq!(opening["roles"].as_array().unwrap().len(), 5);
    assert!(
        opening["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"].is_null())
    );

    let en = app
        .get(&format!("/api/v1/conferences/{id}?lang=en"))
        .await
        .json();
    assert_eq!(en["workshops"][0]["title"], WORKSHOP_1_EN);
    let by_header = app
        .send(
            Request::get(format!("/api/v1/conferences/{id}"))
                .header("accept-language", "en-GB,en;q=0.8")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .json();
    assert_eq!(by_header["workshops"][0]["title"], WORKSHOP_1_EN);

    // The id, never the number; a number that is no id is a 404.
    assert_eq!(
        app.get(&format!("/api/v1/conferences/{}", id + 1000))
            .await
            .status,
        404
    );
    assert_eq!(app.get("/api/v1/conferences/first").await.status, 404);
    app.cleanup().await;
}

#[tokio::test]
async fn the_pages_show_the_programme_in_both_languages() {
    let app = TestApp::demo().await;
    let id = first_id(&app).await;
    let list = app.get("/conferences").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains(&format!("href=\"/conferences/{id}\"")),
        "{}",
        list.body
    );
    assert!(list.body.contains("17 mars 2021 – 18 mars 2021"));
    assert!(list.body.contains("id=\"nav-conferences\""));

    let fr = app.get(&format!("/conferences/{id}")).await;
    assert_eq!(fr.status, 200);
    let en = app.get(&format!("/conferences/{id}?lang=en")).await;
    assert_eq!(en.status, 200);
    for (page, lang) in [(&fr.body, "fr"), (&en.body, "en")] {
        let titles = app
            .get(&format!("/api/v1/conferences/{id}?lang={lang}"))
            .await
            .json();
        for w in titles["workshops"].as_array().unwrap() {
            let title = w["title"]
                .as_str()
                .unwrap()
                .replace('\'', "&#x27;")
                .replace('"', "&quot;");
            assert!(page.contains(&title), "{lang}: {title}");
        }
        for code in ["W1", "W2", "W3", "W4"] {
            assert!(page.contains(&format!("id=\"recommendations-{code}\"")));
        }
        // Each workshop's recommendations, and only the edition's.
        assert!(page.contains("REC-2021-W1-01") && page.contains("REC-2021-W4-04"));
        assert!(!page.contains("REC-NER-IGA-2020-01"));
        assert!(page.contains("id=\"participants-table\""));
        assert!(page.contains("Arthur BANGA"));
    }
    assert!(fr.body.contains(WORKSHOP_1_FR));
    assert!(fr.body.contains("non publié"));
    assert!(fr.body.contains("Questions directrices"));
    assert!(en.body.contains(WORKSHOP_1_EN));
    assert!(en.body.contains("not published"));
    assert!(en.body.contains("17 March 2021 – 18 March 2021"));
    assert!(en.body.contains("Alioune Blondin Beye Peacekeeping School"));
    assert_eq!(app.get("/conferences/999999").await.status, 404);
    app.cleanup().await;
}
