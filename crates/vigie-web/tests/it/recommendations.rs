//! The recommendations contract: `GET /api/v1/recommendations` with its
//! filters and formats, the dashboard's figures against a hand-computed
//! example (JSON and CSV), `POST …/status` (422, 403, 401, 404), the pages
//! with CSRF for cookie sessions, overdue milestones on the home page, and
//! the findings.

use serde_json::{Value, json};
use vigie_store::ImportMode;

use crate::support::TestApp;

fn rec(code: &str, countries: &[&str], theme: &str, source: &str, to: &[&str]) -> Value {
    let mut r = json!({
        "code": code, "source": source, "theme": theme, "priority": "high", "made_on": "2021-03-18",
        "title": {"fr": code, "en": code}, "text": {"fr": "t", "en": "t"},
        "countries": countries, "addressees": ["MLI-DGMP-DSP"], "illustrative": true,
        "history": to.iter().enumerate().map(|(i, s)| json!({"to": s, "reason": "r", "by": "dcaf", "institution": "DCAF", "on": format!("2022-0{}-01", i + 1)})).collect::<Vec<_>>()
    });
    match source {
        "conference_workshop" => r["workshop"] = json!({"conference": 1, "session": "W1"}),
        "audit" => r["finding"] = json!("FND-MLI-BVG-2014-01"),
        _ => r["finding"] = json!("FND-NER-IGA-2020-01"),
    }
    r
}

/// The demo without its recommendations, and the six of the hand-computed
/// example (as in the domain's and the store's tests):
/// R1 MLI procurement workshop implemented; R2 MLI procurement audit
/// partially; R3 MLI judicial_followup audit not accepted; R4 MLI+NER
/// partners workshop in progress; R5 NER procurement inspection
/// implemented; R6 BFA parliamentary_control workshop not started.
async fn with_example() -> TestApp {
    let app = TestApp::demo().await;
    for table in [
        "meeting_recommendations",
        "recommendation_history",
        "recommendation_evidence",
        "recommendation_milestones",
        "recommendation_addressees",
        "recommendation_countries",
        "recommendations",
    ] {
        app.db
            .execute(&format!("DELETE FROM {table}"), None)
            .await
            .unwrap();
    }
    let recs = [
        rec(
            "R1",
            &["MLI"],
            "procurement",
            "conference_workshop",
            &["implemented"],
        ),
        rec(
            "R2",
            &["MLI"],
            "procurement",
            "audit",
            &["in_progress", "partially_implemented"],
        ),
        rec(
            "R3",
            &["MLI"],
            "judicial_followup",
            "audit",
            &["not_accepted"],
        ),
        rec(
            "R4",
            &["MLI", "NER"],
            "partners",
            "conference_workshop",
            &["in_progress"],
        ),
        rec(
            "R5",
            &["NER"],
            "procurement",
            "inspection",
            &["implemented"],
        ),
        rec(
            "R6",
            &["BFA"],
            "parliamentary_control",
            "conference_workshop",
            &[],
        ),
    ];
    let text = json!({"recommendations": recs}).to_string();
    app.db
        .store
        .recommendations()
        .import(
            &vigie_store::Actor::Cli,
            "example.json",
            &text,
            ImportMode::Apply,
        )
        .await
        .unwrap();
    app
}

#[tokio::test]
async fn the_dashboard_figures_match_the_hand_computed_example_in_json_and_csv() {
    let app = with_example().await;
    let reply = app.get("/api/v1/recommendations").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let j = reply.json();
    let d = &j["dashboard"];
    assert_eq!(d["overall"]["total"], 6);
    assert_eq!(d["overall"]["implemented"], 2);
    assert_eq!(d["overall"]["not_accepted"], 1);
    // (2 + ½) / (6 − 1) = 0.5
    assert_eq!(d["overall"]["implementation_rate"], "0.5");
    // MLI: (1 + ½) / 3 = 0.5; NER: 1 / 2; BFA: 0 / 1; procurement: 2.5 / 3.
    assert_eq!(d["by_country"]["MLI"]["total"], 4);
    assert_eq!(d["by_country"]["MLI"]["implementation_rate"], "0.5");
    assert_eq!(d["by_country"]["NER"]["implementation_rate"], "0.5");
    assert_eq!(d["by_country"]["BFA"]["implementation_rate"], "0");
    assert_eq!(
        d["by_theme"]["procurement"]["implementation_rate"],
        "0.8333"
    );
    assert_eq!(
        d["by_theme"]["judicial_followup"]["implementation_rate"],
        Value::Null
    );
    assert_eq!(d["by_source"]["audit"]["partially_implemented"], 1);

    // Filters.
    let codes = |j: &Value| -> Vec<String> {
        j["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes(&app.get("/api/v1/recommendations?country=ner").await.json()),
        ["R4", "R5"]
    );
    assert_eq!(
        codes(
            &app.get("/api/v1/recommendations?status=implemented")
                .await
                .json()
        ),
        ["R1", "R5"]
    );
    assert_eq!(
        codes(
            &app.get("/api/v1/recommendations?theme=procurement&source=audit")
                .await
                .json()
        ),
        ["R2"]
    );
    let filtered = app.get("/api/v1/recommendations?country=MLI").await.json();
    assert_eq!(filtered["dashboard"]["overall"]["total"], 4);

    // CSV: the list; XLSX: a workbook.
    let csv = app
        .get("/api/v1/recommendations?format=csv&country=NER")
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(
        lines[0]
            .starts_with("id,code,source,workshop,finding,theme,priority,made_on,status,countries"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(
        lines[1].contains(
            ",R4,conference_workshop,1/W1,,partners,high,2021-03-18,in_progress,MLI;NER,"
        ),
        "{}",
        lines[1]
    );
    // The figures as CSV, one line per dimension and key.
    let figures = app
        .get("/api/v1/recommendations/dashboard?format=csv")
        .await;
    assert_eq!(figures.status, 200);
    let lines: Vec<&str> = figures.body.lines().collect();
    assert_eq!(
        lines[0],
        "dimension,key,not_started,in_progress,partially_implemented,implemented,not_accepted,total,implementation_rate"
    );
    assert_eq!(lines[1], "overall,,1,1,1,2,1,6,0.5");
    assert!(
        lines.contains(&"country,MLI,0,1,1,1,1,4,0.5"),
        "{}",
        figures.body
    );
    assert!(
        lines.contains(&"country,BFA,1,0,0,0,0,1,0"),
        "{}",
        figures.body
    );
    assert!(
        lines.contains(&"theme,procurement,0,0,1,2,0,3,0.8333"),
        "{}",
        figures.body
    );
    assert!(
        lines.contains(&"theme,judicial_followup,0,0,0,0,1,1,"),
        "{}",
        figures.body
    );
    assert!(
        lines.contains(&"source,audit,0,0,1,0,1,2,0.5"),
        "{}",
        figures.body
    );
    let json = app
        .get("/api/v1/recommendations/dashboard?country=NER")
        .await
        .json();
    assert_eq!(json["overall"]["total"], 2);
    let xlsx = app.get("/api/v1/recommendations?format=xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"));

    // Bad filters.
    let bad = app.get("/api/v1/recommendations?status=done").await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("not_started"), "{}", bad.body);
    assert_eq!(
        app.get("/api/v1/recommendations?country=XXX").await.status,
        404
    );
    assert_eq!(
        app.get("/api/v1/recommendations?format=pdf").await.status,
        400
    );

    // The page shows the same figures.
    let page = app.get("/recommendations?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("id=\"rec-by-country-MLI\""),
        "by country"
    );
    assert!(page.body.contains("50.0\u{a0}%"), "MLI's rate");
    assert!(page.body.contains("<svg"), "charts");
    app.cleanup().await;
}

#[tokio::test]
async fn the_status_api_follows_the_contract() {
    let app = TestApp::demo().await;
    let facilitator = app.token("dcaf").await;
    let observer = app.token("bfa-osc-illustr").await;
    // REC-2021-W1-02 (MLI, in progress, addressed to MLI-DGMP-DSP).
    let detail = app.get("/api/v1/recommendations/REC-2021-W1-02").await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    let id = detail.json()["id"].as_i64().unwrap();
    assert_eq!(detail.json()["status"], "in_progress");
    assert_eq!(
        app.get(&format!("/api/v1/recommendations/{id}"))
            .await
            .json()["code"],
        "REC-2021-W1-02"
    );
    let url = format!("/api/v1/recommendations/{id}/status");

    // Without a reason, or with a blank one: 422.
    for body in [
        json!({"status": "implemented"}),
        json!({"status": "implemented", "reason": "  "}),
    ] {
        let reply = app.post_json(&url, &facilitator, body).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(
            reply.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("reason is mandatory"),
            "{}",
            reply.body
        );
    }
    // A move the workflow forbids: 422 naming the rule.
    let reply = app
        .post_json(
            &url,
            &facilitator,
            json!({"status": "not_started", "reason": "x"}),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .body
            .contains("cannot go from in_progress to not_started"),
        "{}",
        reply.body
    );
    // An unknown status: 422.
    assert_eq!(
        app.post_json(&url, &facilitator, json!({"status": "done", "reason": "x"}))
            .await
            .status,
        422
    );
    // Not an addressee: 403; an addressee of another country: 403.
    let reply = app
        .post_json(
            &url,
            &observer,
            json!({"status": "implemented", "reason": "x"}),
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    let other = app.token("bfa-arcop").await;
    assert_eq!(
        app.post_json(
            &url,
            &other,
            json!({"status": "implemented", "reason": "x"})
        )
        .await
        .status,
        403
    );
    // Unsigned: 401.
    let unsigned = app
        .call(
            "POST",
            &url,
            None,
            Some("application/json"),
            br#"{"status":"implemented","reason":"x"}"#.to_vec(),
        )
        .await;
    assert_eq!(unsigned.status, 401, "{}", unsigned.body);
    // Unknown id: 404.
    assert_eq!(
        app.post_json(
            "/api/v1/recommendations/999999/status",
            &facilitator,
            json!({"status": "implemented", "reason": "x"})
        )
        .await
        .status,
        404
    );
    assert_eq!(app.get("/api/v1/recommendations/999999").await.status, 404);

    // The addressee's auditor may; the answer is the recommendation now.
    let addressee = app.token("mli-dgmp-dsp").await;
    let reply = app
        .post_json(
            &url,
            &addressee,
            json!({"status": "partially_implemented", "reason": " décret adopté "}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let j = reply.json();
    assert_eq!(j["status"], "partially_implemented");
    let last = j["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from_status"], "in_progress");
    assert_eq!(last["reason"], "décret adopté");
    assert_eq!(last["username"], "mli-dgmp-dsp");
    assert_eq!(last["institution"], "MLI-DGMP-DSP");

    // Evidence: the same callers; a link that is not http(s) is refused.
    let url = format!("/api/v1/recommendations/{id}/evidence");
    let evidence = json!({"title": "Décret", "url": "https://example.org/decret"});
    assert_eq!(
        app.post_json(&url, &observer, evidence.clone())
            .await
            .status,
        403
    );
    assert_eq!(
        app.post_json(&url, &addressee, json!({"title": "x", "url": "ftp://x"}))
            .await
            .status,
        422
    );
    let reply = app.post_json(&url, &addressee, evidence).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json()["evidence"][0]["url"],
        "https://example.org/decret"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_page_form_needs_the_csrf_token_and_only_allowed_users_see_it() {
    let app = TestApp::demo().await;
    let id = app
        .get("/api/v1/recommendations/REC-2021-W2-02")
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let page_url = format!("/recommendations/{id}");
    // The public sees the page, no form.
    let public = app.get(&page_url).await;
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("rec-status-form"));
    let observer = app.sign_in("mli-osc-illustr", "demo").await;
    assert!(
        !app.get_with_cookie(&page_url, &observer)
            .await
            .body
            .contains("rec-status-form")
    );

    let session = app.sign_in("dcaf", "demo").await;
    let page = app.get_with_cookie(&page_url, &session).await;
    assert!(page.body.contains("rec-status-form"));
    // An overdue milestone is marked (due 2026-06-30, not done).
    assert!(
        page.body.contains("class=\"overdue\""),
        "overdue highlighted"
    );
    let token = page.csrf_token().unwrap();
    let action = format!("/recommendations/{id}/status");
    let refused = app
        .post_form(&action, "status=implemented&reason=fait", Some(&session))
        .await;
    assert_eq!(refused.status, 403, "no CSRF token");
    let done = app
        .post_form(
            &action,
            &format!("csrf_token={token}&status=implemented&reason=fait"),
            Some(&session),
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let after = app
        .get(&format!("/api/v1/recommendations/{id}"))
        .await
        .json();
    assert_eq!(after["status"], "implemented");
    // Without a reason, the page says why (422).
    let blank = app
        .post_form(
            &action,
            &format!("csrf_token={token}&status=in_progress&reason="),
            Some(&session),
        )
        .await;
    assert_eq!(blank.status, 422);
    // Mark milestone 1 done.
    let m = app
        .post_form(
            &format!("/recommendations/{id}/milestones/1/done"),
            &format!("csrf_token={token}&done_on=2026-07-01"),
            Some(&session),
        )
        .await;
    assert_eq!(m.status, 303, "{}", m.body);
    let after = app
        .get(&format!("/api/v1/recommendations/{id}"))
        .await
        .json();
    assert_eq!(after["milestones"][1]["done_on"], "2026-07-01");
    assert_eq!(after["milestones"][1]["overdue"], false);
    app.cleanup().await;
}

#[tokio::test]
async fn the_home_page_lists_the_institutions_overdue_milestones() {
    let app = TestApp::demo().await;
    // NER-TGI's milestone of REC-2021-W2-03 was due on 28 November 2026.
    let session = app.sign_in("ner-tgi", "demo").await;
    let home = app.get_with_cookie("/", &session).await;
    assert!(home.body.contains("id=\"home-overdue\""));
    assert!(home.body.contains("REC-2021-W2-03"), "{}", home.body);
    let public = app.get("/").await;
    assert!(!public.body.contains("id=\"home-overdue\""));
    app.cleanup().await;
}

#[tokio::test]
async fn findings_are_public_with_their_statistics() {
    let app = TestApp::demo().await;
    let page = app.get("/findings?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("FND-NER-IGA-2020-01"));
    let stats = app.get("/api/v1/findings/statistics").await.json();
    let ner2022 = stats["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["country"] == "NER" && s["year"] == 2022)
        .unwrap()
        .clone();
    assert_eq!(ner2022["referrals"], 2);
    let csv = app.get("/api/v1/findings/statistics?format=csv").await;
    assert!(
        csv.body
            .starts_with("country,year,findings,amount_at_stake_minor")
    );
    let list = app.get("/api/v1/findings?country=MLI").await.json();
    assert_eq!(list["findings"].as_array().unwrap().len(), 3);
    assert_eq!(list["referrals"].as_array().unwrap().len(), 1);
    app.cleanup().await;
}

#[tokio::test]
async fn the_facilitator_records_a_recommendation_and_bad_input_is_refused_whole() {
    let app = TestApp::demo().await;
    let facilitator = app.token("dcaf").await;
    let mut body = rec(
        "REC-2021-W3-99",
        &["NER"],
        "parliamentary_control",
        "conference_workshop",
        &["in_progress"],
    );
    body["addressees"] = json!(["NER-CDS"]);
    body["milestones"] = json!([{"title": {"fr": "Étape", "en": "Step"}, "due": "2021-03-17", "responsible": "NER-NOPE"}]);
    let reply = app
        .post_json("/api/v1/recommendations", &facilitator, body.clone())
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("request: /milestones/0/responsible: unknown institution `NER-NOPE`"),
        "{message}"
    );
    body["milestones"] = json!([{"title": {"fr": "Étape", "en": "Step"}, "due": "2021-03-17", "responsible": "NER-CDS"}]);
    let reply = app
        .post_json("/api/v1/recommendations", &facilitator, body.clone())
        .await;
    assert!(
        reply
            .body
            .contains("/milestones/0/due: before the recommendation was made (2021-03-18)"),
        "{}",
        reply.body
    );
    assert_eq!(
        app.get("/api/v1/recommendations/REC-2021-W3-99")
            .await
            .status,
        404,
        "nothing half-saved"
    );
    body["milestones"] = json!([{"title": {"fr": "Étape", "en": "Step"}, "due": "2022-03-17", "responsible": "NER-CDS"}]);
    // Not the facilitator: 403; unsigned: 401.
    let other = app.token("ner-cds").await;
    assert_eq!(
        app.post_json("/api/v1/recommendations", &other, body.clone())
            .await
            .status,
        403
    );
    let unsigned = app
        .call(
            "POST",
            "/api/v1/recommendations",
            None,
            Some("application/json"),
            body.to_string().into_bytes(),
        )
        .await;
    assert_eq!(unsigned.status, 401);
    let reply = app
        .post_json("/api/v1/recommendations", &facilitator, body.clone())
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["status"], "in_progress");
    // The same code again: 422.
    assert_eq!(
        app.post_json("/api/v1/recommendations", &facilitator, body)
            .await
            .status,
        422
    );
    app.cleanup().await;
}
