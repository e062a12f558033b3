//! Redaction by position (security review, class 2; decision 0014): a
//! classified award, named by its position in the release that declares
//! it, must stay hidden from the public when other releases reorder the
//! awards, insert one before it, or repeat its id, and leave nothing else
//! hidden once it is removed — on the page, in the
//! API in every format, on the dashboard, in the red flags and in the OCDS
//! export — while a cleared reader still sees it.

use serde_json::{Value, json};
use vigie_policy::{Authorizer, Principal};
use vigie_store::Actor;

use crate::procurement::{import, text_of};
use crate::support::TestApp;

const OCID: &str = "ocds-vigie-bfa-test-redact";
const DUPLICATE_OCID: &str = "ocds-vigie-bfa-test-redact-dup";
const REMOVED_OCID: &str = "ocds-vigie-bfa-test-redact-removed";
const SUPPLIER: &str = "VIGIE-TEST-REDACT-SUP";
/// The classified award's amount: distinctive in every way it is written.
const SECRET: i64 = 987_654_321;

/// Every way a page or file may write [`SECRET`]: plain, and grouped in
/// thousands as either language does.
fn secret_forms() -> Vec<String> {
    let mut forms = vec![SECRET.to_string()];
    for sep in [" ", "\u{a0}", "\u{202f}", ",", "."] {
        forms.push(format!("987{sep}654{sep}321"));
    }
    forms
}

fn shows_secret(text: &str) -> bool {
    secret_forms().iter().any(|f| text.contains(f.as_str()))
}

/// A BFA release of `ocid` dated `date` with `awards` (`(id, amount)`) and
/// the publisher's positional `classified` paths.
fn release(ocid: &str, date: &str, awards: &[(&str, i64)], classified: &[&str]) -> Value {
    let awards: Vec<Value> = awards
        .iter()
        .map(|(id, amount)| {
            json!({"id": id, "status": "active", "value": {"amount": amount, "currency": "XOF"},
                "suppliers": [{"id": SUPPLIER, "name": "Société redaction (test)"}]})
        })
        .collect();
    let mut r = json!({
        "ocid": ocid,
        "id": format!("{ocid}-{date}"),
        "date": format!("{date}T00:00:00Z"),
        "tag": ["award"],
        "initiationType": "tender",
        "country": "BFA",
        "buyer": {"id": "BFA-DAF", "name": "Intendance militaire (test)"},
        "tender": {"id": format!("{ocid}-tender"), "title": format!("Objet {ocid}"), "procurementMethod": "open"},
        "parties": [{"id": SUPPLIER, "name": "Société redaction (test)", "roles": ["supplier"]}],
        "awards": awards,
    });
    if !classified.is_empty() {
        let list: Vec<Value> = classified
            .iter()
            .map(|p| json!({"path": p, "level": "CD"}))
            .collect();
        r["classification"] = Value::Array(list);
    }
    r
}

/// The attacks, in the order a publisher's files would bring them.
async fn plant(app: &TestApp) {
    // The compiled release keeps this order: A-2, then A-1.
    import(
        app,
        vec![
            release(OCID, "2022-05-01", &[("A-2", 22_000), ("A-1", 11_000)], &[]),
            // Reordered: A-1 first here, and classified by that position.
            release(
                OCID,
                "2022-06-01",
                &[("A-1", SECRET), ("A-2", 22_000)],
                &["/awards/0/value"],
            ),
            // Repeated id: the second `A-1` is the classified one.
            release(
                DUPLICATE_OCID,
                "2022-06-01",
                &[("A-1", 11_000), ("A-1", SECRET), ("A-2", 22_000)],
                &["/awards/1/value"],
            ),
            release(
                REMOVED_OCID,
                "2022-06-01",
                &[("A-1", SECRET), ("A-2", 22_000)],
                &["/awards/0/value"],
            ),
        ],
    )
    .await;
    import(
        app,
        vec![
            // Inserted before them: an earlier release, imported later.
            release(OCID, "2022-04-01", &[("A-0", 5_000)], &[]),
            // Removed: the release republished without it, its entry kept
            // by id.
            release(
                REMOVED_OCID,
                "2022-06-01",
                &[("A-2", 22_000)],
                &["/awards/id=A-1/value"],
            ),
        ],
    )
    .await;
}

/// Every procurement answer the planted processes are in.
fn uris() -> Vec<String> {
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        for ocid in [OCID, DUPLICATE_OCID, REMOVED_OCID] {
            out.push(format!("/procurement/processes/{ocid}?lang={lang}"));
        }
        out.push(format!("/procurement?lang={lang}"));
        out.push(format!("/procurement?country=BFA&lang={lang}"));
        out.push(format!("/procurement/suppliers/{SUPPLIER}?lang={lang}"));
    }
    for format in ["json", "csv", "xlsx"] {
        for ocid in [OCID, DUPLICATE_OCID, REMOVED_OCID] {
            out.push(format!(
                "/api/v1/procurement/processes/{ocid}?format={format}"
            ));
        }
        for api in [
            "processes?country=BFA&",
            "processes?",
            "dashboard?country=BFA&",
            "dashboard?",
            "flags?country=BFA&",
            "flags?",
        ] {
            out.push(format!("/api/v1/procurement/{api}format={format}"));
        }
    }
    out
}

#[tokio::test]
async fn a_classified_award_stays_hidden_from_the_public_whatever_the_releases_do() {
    let app = TestApp::demo().await;
    plant(&app).await;

    for uri in uris() {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        assert!(!shows_secret(&text_of(&reply)), "{uri} leaks the award");
    }

    // The other awards are shown, in their place; the classified one is
    // marked withheld in its row and listed by id.
    let json = app
        .get(&format!("/api/v1/procurement/processes/{OCID}"))
        .await
        .json();
    let awards: Vec<(&str, Option<i64>)> = json["release"]["awards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["value"]["amount"].as_i64()))
        .collect();
    assert_eq!(
        awards,
        [("A-0", Some(5_000)), ("A-2", Some(22_000)), ("A-1", None)],
        "A-0 was inserted first, A-1 is third: neither position it was classified at"
    );
    assert_eq!(
        json["withheld"],
        json!([{"path": "/awards/id=A-1/value", "level": "CD"}])
    );
    let page = app
        .get(&format!("/procurement/processes/{OCID}?lang=en"))
        .await;
    assert!(page.body.contains("/awards/id=A-1/value"));
    assert_eq!(
        page.body.matches("withheld (level CD)").count(),
        2,
        "the list and A-1's row"
    );
    assert!(page.body.contains("22,000"), "A-2 is shown");
    let duplicate = app
        .get(&format!("/api/v1/procurement/processes/{DUPLICATE_OCID}"))
        .await
        .json();
    // Read as meant (decision 0019), the repeated id is suffixed with its
    // position, and the classified position names that award alone.
    assert_eq!(duplicate["release"]["awards"][0]["id"], "A-1");
    assert_eq!(duplicate["release"]["awards"][0]["value"]["amount"], 11_000);
    assert_eq!(duplicate["release"]["awards"][1]["id"], "A-1-2");
    assert!(duplicate["release"]["awards"][1].get("value").is_none());
    assert_eq!(duplicate["release"]["awards"][2]["value"]["amount"], 22_000);
    assert_eq!(
        duplicate["withheld"],
        json!([{"path": "/awards/id=A-1-2/value", "level": "CD"}])
    );

    let removed = app
        .get(&format!("/api/v1/procurement/processes/{REMOVED_OCID}"))
        .await
        .json();
    assert_eq!(
        removed["release"]["awards"],
        json!([{"id": "A-2", "status": "active", "value": {"amount": 22_000, "currency": "XOF"},
            "suppliers": [{"id": SUPPLIER, "name": "Société redaction (test)"}]}]),
        "the award now first is shown whole"
    );
    let page = app
        .get(&format!("/procurement/processes/{REMOVED_OCID}?lang=en"))
        .await;
    assert!(page.body.contains("22,000"));
    assert_eq!(
        page.body.matches("withheld (level CD)").count(),
        1,
        "the list only"
    );

    // `vigie export ocds`: the public's view of the register, as written.
    let view = app
        .db
        .store
        .procurement()
        .view(
            &Authorizer::load().unwrap(),
            &Actor::Cli,
            &Principal::public(),
            None,
        )
        .await
        .unwrap();
    for p in view.processes() {
        assert!(!shows_secret(&p.release().to_string()), "{}", p.ocid());
    }

    // Burkina Faso's court of auditors is cleared: it sees the award.
    let session = app.sign_in("bfa-cdc", "demo").await;
    for ocid in [OCID, DUPLICATE_OCID] {
        let page = app
            .get_with_cookie(&format!("/procurement/processes/{ocid}"), &session)
            .await;
        assert_eq!(page.status, 200);
        assert!(shows_secret(&page.body), "bfa-cdc sees {ocid}'s award");
        let json = app
            .get_with_cookie(&format!("/api/v1/procurement/processes/{ocid}"), &session)
            .await
            .json();
        assert!(shows_secret(&json["release"].to_string()), "{ocid}");
        assert_eq!(json["withheld"], json!([]));
    }
    app.cleanup().await;
}
