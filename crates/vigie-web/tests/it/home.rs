//! `GET /`: countries and institutions, in French and English.

use axum::body::Body;
use axum::http::{Request, header};

use crate::support::TestApp;

#[tokio::test]
async fn the_home_page_lists_the_five_countries_in_french_by_default() {
    let app = TestApp::demo().await;
    let reply = app.get("/").await;
    assert_eq!(reply.status, 200);
    let html = &reply.body;
    assert!(html.contains(r#"<html lang="fr">"#));
    for name in ["Burkina Faso", "Mali", "Mauritanie", "Niger", "Tchad"] {
        assert!(html.contains(&format!("{name} <small>")), "{name} missing");
    }
    assert!(html.contains("Commission défense et sécurité du Parlement"));
    assert!(
        html.contains("Bureau du Vérificateur général"),
        "an attested Malian body"
    );
    assert!(html.contains("illustratif"), "placeholders are labelled");
    // The SIPRI figure, in French number format: BFA 2023 constant-2022 USD.
    assert!(html.contains("Dépenses militaires 2023 (SIPRI)"), "{html}");
    assert!(html.contains("mot de passe « demo »"), "demo banner");
    app.cleanup().await;
}

#[tokio::test]
async fn english_by_query_is_remembered_in_a_cookie() {
    let app = TestApp::demo().await;
    let reply = app.get("/?lang=en").await;
    assert!(reply.body.contains(r#"<html lang="en">"#));
    assert!(reply.body.contains("Chad <small>"));
    assert!(
        reply
            .body
            .contains("Parliament defense and security commission")
    );
    assert!(
        reply
            .body
            .contains("Military expenditure 2023 (SIPRI): US$")
    );
    let cookie = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("vigie_lang=en"))
        .unwrap();
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert_eq!(reply.headers["vary"], "accept-language, cookie");

    // The next visit, without the query, stays in English.
    let reply = app.get_with_cookie("/", "vigie_lang=en").await;
    assert!(reply.body.contains(r#"<html lang="en">"#));
    assert!(reply.set_cookies().is_empty(), "no need to set it again");
    app.cleanup().await;
}

#[tokio::test]
async fn accept_language_picks_english_unless_a_choice_was_remembered() {
    let app = TestApp::demo().await;
    let english = Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .unwrap();
    assert!(app.send(english).await.body.contains(r#"<html lang="en">"#));
    let remembered = Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .header(header::COOKIE, "vigie_lang=fr")
        .body(Body::empty())
        .unwrap();
    assert!(
        app.send(remembered)
            .await
            .body
            .contains(r#"<html lang="fr">"#)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_language_switch_is_visible_on_every_page() {
    let app = TestApp::demo().await;
    for path in ["/", "/login"] {
        let reply = app.get(path).await;
        assert!(
            reply.body.contains(&format!(r#"href="{path}?lang=en""#)),
            "{path}"
        );
        assert!(
            reply
                .body
                .contains(r#"<strong lang="fr" aria-current="true">Français</strong>"#),
            "{path}"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn an_empty_database_says_how_to_load_the_demo() {
    let app = TestApp::empty().await;
    let reply = app.get("/").await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("vigie serve --demo"));
    assert!(!reply.body.contains("demo-banner"));
    app.cleanup().await;
}

#[tokio::test]
async fn unknown_pages_are_a_localized_404_with_safe_headers() {
    let app = TestApp::empty().await;
    let reply = app.get("/nowhere?lang=en").await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("This page does not exist."));
    assert_eq!(reply.headers["x-frame-options"], "DENY");
    assert!(
        reply.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_policies_in_force_are_public_and_explained() {
    let app = TestApp::empty().await;
    let reply = app.get("/policies").await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains("Règles d&#39;accès en vigueur")
            || reply.body.contains("Règles d'accès en vigueur")
    );
    for file in vigie_policy::POLICY_FILES {
        assert!(
            reply.body.contains(&format!(r#"id="{}""#, file.name)),
            "{}",
            file.name
        );
    }
    assert!(reply.body.contains(r#"id="rule-audit-mandate""#));
    assert!(
        reply
            .body
            .contains("Un magistrat ou un inspecteur consulte")
    );
    let english = app.get("/policies?lang=en").await;
    assert!(english.body.contains("A magistrate or inspector consults"));
    assert!(english.body.contains("presumption-of-disclosure"));
    app.cleanup().await;
}
