//! Lists that grow come in pages found by key (decision 0023): following
//! `next` yields every row the caller may see once, in order, whatever is
//! written meanwhile, and a cursor — ours or forged — never yields a row
//! the caller may not see.

use serde_json::Value;

use crate::support::{Reply, TestApp};

/// Registers a document of BFA's DAF, dated `dated`, at `level`.
async fn register(app: &TestApp, token: &str, reference: &str, level: &str, dated: &str) -> i64 {
    let mut fields = vec![
        ("title", "Note de pagination [illustratif]"),
        ("reference", reference),
        ("country", "BFA"),
        ("level", level),
        ("category", "weapons_capabilities"),
        ("dated", dated),
    ];
    if level != "NC" {
        fields.push(("declassify_on", "2040-01-01"));
    }
    let reply = app.upload(token, &fields, b"contenu").await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

async fn get(app: &TestApp, uri: &str, token: Option<&str>) -> Reply {
    app.call("GET", uri, token, None, vec![]).await
}

/// Every page from `uri` on, by `next`; also checks that the `Link` header
/// says the same as the body.
async fn walk(app: &TestApp, uri: &str, token: Option<&str>, rows: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut uri = uri.to_owned();
    for _ in 0..1_000 {
        let reply = get(app, &uri, token).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        let body = reply.json();
        all.extend(body[rows].as_array().unwrap().iter().cloned());
        let link = reply
            .headers
            .get("link")
            .map(|l| l.to_str().unwrap().to_owned());
        match body["next"].as_str() {
            Some(next) => {
                assert_eq!(link, Some(format!("<{next}>; rel=\"next\"")));
                uri = next.to_owned();
            }
            None => {
                assert_eq!(link, None, "{uri}");
                return all;
            }
        }
    }
    panic!("more than 1,000 pages from {uri}");
}

/// The list at `base` (ending in `?` or `&`), whole (`limit=1000`) and
/// walked `limit` rows at a time by `next`: more than one page, the same
/// rows in the same order. Returns the whole answer and the walked rows.
async fn pages_cover_the_list(
    app: &TestApp,
    base: &str,
    limit: usize,
    rows: &str,
    id: &str,
) -> (Value, Vec<Value>) {
    let whole = get(app, &format!("{base}limit=1000"), None).await.json();
    let expected = ids(whole[rows].as_array().unwrap(), id);
    assert!(expected.len() > limit, "{base}: more rows than a page");
    let walked = walk(app, &format!("{base}limit={limit}"), None, rows).await;
    assert_eq!(ids(&walked, id), expected, "{base}");
    (whole, walked)
}

fn ids(rows: &[Value], field: &str) -> Vec<String> {
    rows.iter().map(|r| r[field].to_string()).collect()
}

#[tokio::test]
async fn the_register_walked_by_key_shows_each_visible_document_once_and_nothing_else() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let mp = app.token("bfa-codes").await;
    let mut secret = Vec::new();
    for (i, dated) in [
        "2023-03-01",
        "2023-03-01",
        "2023-05-09",
        "2022-12-31",
        "2023-03-01",
    ]
    .iter()
    .enumerate()
    {
        register(&app, &daf, &format!("PG-NC-{i}"), "NC", dated).await;
        secret.push(register(&app, &daf, &format!("PG-SD-{i}"), "SD", dated).await);
    }

    for (who, token) in [("anonymous", None), ("deputy", Some(mp.as_str()))] {
        let whole = get(&app, "/api/v1/documents?per_page=100", token)
            .await
            .json();
        let expected = ids(whole["documents"].as_array().unwrap(), "id");
        assert_eq!(whole["total"].as_u64(), Some(expected.len() as u64));
        assert!(whole["next"].is_null());
        let walked = walk(&app, "/api/v1/documents?per_page=2", token, "documents").await;
        assert_eq!(ids(&walked, "id"), expected, "{who}");
        if token.is_none() {
            for id in &secret {
                assert!(!expected.contains(&id.to_string()), "{who} sees {id}");
            }
        }
    }

    // A document registered between two pages does not shift the next one.
    let first = get(&app, "/api/v1/documents?per_page=3", None).await.json();
    let next = first["next"].as_str().unwrap().to_owned();
    let before = get(&app, &next, None).await.json();
    register(&app, &daf, "PG-NC-new", "NC", "2030-01-01").await;
    let after = get(&app, &next, None).await.json();
    assert_eq!(after["documents"], before["documents"]);
    assert_eq!(
        after["total"].as_u64(),
        before["total"].as_u64().map(|t| t + 1)
    );

    // A forged cursor naming a secret document seeks past it, and shows
    // only what the anonymous reader sees anyway.
    let public: Vec<String> = ids(
        get(&app, "/api/v1/documents?per_page=100", None)
            .await
            .json()["documents"]
            .as_array()
            .unwrap(),
        "id",
    );
    let forged = base64_url(&format!("[\"2023-03-01\",{}]", secret[0]));
    let page = get(&app, &format!("/api/v1/documents?after={forged}"), None).await;
    assert_eq!(page.status, 200);
    for id in ids(page.json()["documents"].as_array().unwrap(), "id") {
        assert!(public.contains(&id), "forged cursor showed {id}");
    }

    // What is not a cursor is refused, saying which parameter.
    for bad in [
        "nope",
        &"A".repeat(2_000),
        &base64_url("[\"not a date\",1]"),
    ] {
        let reply = get(&app, &format!("/api/v1/documents?after={bad}"), None).await;
        assert_eq!(reply.status, 400, "{bad}");
        assert!(reply.body.contains("cursor"), "{}", reply.body);
    }
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// The register's page: its rows' references, and its links.
fn page_of(reply: &Reply) -> (Vec<String>, Option<String>, Option<String>) {
    let body = &reply.body;
    let refs = body
        .match_indices("<td><a href=\"/documents/")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            let rest = &rest[rest.find("\">").unwrap() + 2..];
            rest[..rest.find('<').unwrap()].to_owned()
        })
        .collect();
    let link = |rel: &str| {
        let at = body.find(&format!("rel=\"{rel}\""))?;
        let start = body[..at].rfind("href=\"")? + 6;
        Some(
            body[start..body[start..].find('"')? + start]
                .replace("&amp;", "&")
                .replace("&#38;", "&"),
        )
    };
    (refs, link("prev"), link("next"))
}

#[tokio::test]
async fn the_register_page_goes_forward_and_back_by_key() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    for i in 0..52 {
        register(&app, &daf, &format!("PG-{i:02}"), "NC", "2023-01-01").await;
    }
    let first = app.get("/documents?country=BFA").await;
    assert_eq!(first.status, 200);
    let (rows1, prev, next) = page_of(&first);
    assert_eq!(rows1.len(), 50, "{}", first.body);
    assert_eq!(prev, None);
    let next = next.expect("a next link");
    assert!(
        next.contains("after=") && next.contains("country=BFA"),
        "{next}"
    );

    let second = app.get(&next).await;
    let (rows2, prev, _) = page_of(&second);
    assert!(!rows2.is_empty());
    assert!(
        rows2.iter().all(|r| !rows1.contains(r)),
        "pages overlap: {rows1:?} {rows2:?} {next}"
    );
    let prev = prev.expect("a previous link");
    assert!(prev.contains("before="), "{prev}");
    let (back, _, _) = page_of(&app.get(&prev).await);
    assert_eq!(back, rows1);
}

#[tokio::test]
async fn processes_recommendations_and_findings_come_in_pages_over_the_same_figures() {
    let app = TestApp::demo().await;

    let (_, walked) = pages_cover_the_list(
        &app,
        "/api/v1/procurement/processes?",
        3,
        "processes",
        "ocid",
    )
    .await;
    // Most recent first: the order is the one the pages keep.
    let dates: Vec<&str> = walked.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    pages_cover_the_list(
        &app,
        "/api/v1/procurement/dashboard?country=BFA&",
        1,
        "suppliers",
        "id",
    )
    .await;

    let (whole, _) = pages_cover_the_list(
        &app,
        "/api/v1/recommendations?",
        2,
        "recommendations",
        "code",
    )
    .await;
    let second = get(&app, "/api/v1/recommendations?limit=2", None)
        .await
        .json();
    assert_eq!(
        second["dashboard"], whole["dashboard"],
        "figures are of every row"
    );

    pages_cover_the_list(&app, "/api/v1/findings?", 1, "findings", "code").await;
    let one = get(&app, "/api/v1/findings?limit=1", None).await.json();
    let code = &one["findings"][0]["code"];
    for r in one["referrals"].as_array().unwrap() {
        assert_eq!(&r["finding"], code, "a page's referrals are its findings'");
    }

    for (uri, id) in [
        ("/recommendations?limit=2", "rec-list"),
        ("/findings?limit=1", "findings-list"),
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, 200);
        let section = &page.body[page.body.find(&format!("id=\"{id}\"")).unwrap()..];
        assert!(section.contains("rel=\"next\""), "{uri}: no next link");
    }

    for bad in ["limit=0", "limit=1001", "after=%2F%2F"] {
        let reply = get(&app, &format!("/api/v1/procurement/processes?{bad}"), None).await;
        assert_eq!(reply.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn budget_lines_come_in_pages_and_a_forged_cursor_learns_nothing_of_a_withheld_line() {
    let app = TestApp::demo().await;
    let (whole, _) = pages_cover_the_list(&app, "/api/v1/budget/BFA?", 40, "lines", "id").await;
    assert!(
        whole["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["classification"].is_null()),
        "the public walks public lines"
    );

    // The id of a line only a deputy sees, as the public's cursor: the
    // same answer as an id that names no line, so the public learns
    // nothing of where it sits among the lines it sees.
    let mp = app.token("bfa-codes").await;
    let full = get(&app, "/api/v1/budget/BFA?limit=1000", Some(&mp))
        .await
        .json();
    let secret = full["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| !l["classification"].is_null())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let forged = get(
        &app,
        &format!(
            "/api/v1/budget/BFA?after={}",
            base64_url(&secret.to_string())
        ),
        None,
    )
    .await;
    let missing = get(
        &app,
        &format!("/api/v1/budget/BFA?after={}", base64_url("999999999")),
        None,
    )
    .await;
    assert_eq!((forged.status, missing.status), (200, 200));
    assert_eq!(forged.json()["lines"], serde_json::json!([]));
    assert_eq!(forged.body, missing.body);

    // The country page shows a year's lines a page at a time.
    let page = app.get("/budget/BFA?year=2023&limit=10").await;
    assert_eq!(page.status, 200);
    let rows = |body: &str| {
        let table = &body[body.find(r#"id="budget-lines""#).unwrap()..];
        table[..table.find("</table>").unwrap()]
            .matches("<tr")
            .count()
            - 1
    };
    assert_eq!(rows(&page.body), 10);
    let (_, _, next) = page_of(&page);
    let next = next.expect("a next link");
    assert!(
        next.contains("year=2023") && next.contains("after="),
        "{next}"
    );
    let second = app.get(&next).await;
    assert_eq!(second.status, 200);
    assert!(rows(&second.body) > 0);
}

/// The flags come in pages too, in the order (group, id, indicator): walked
/// a few rows at a time they are the whole list's rows, and the CSV's.
#[tokio::test]
async fn the_flags_come_in_pages_and_the_pages_are_the_whole_list() {
    let app = TestApp::demo().await;
    let row = |f: &Value| format!("{}|{}|{}", f["group"], f["id"], f["indicator"]);
    let whole = get(&app, "/api/v1/procurement/flags?limit=1000", None)
        .await
        .json();
    let expected: Vec<String> = whole["flags"].as_array().unwrap().iter().map(row).collect();
    assert!(expected.len() > 7, "{} flags", expected.len());
    let walked = walk(&app, "/api/v1/procurement/flags?limit=7", None, "flags").await;
    assert_eq!(walked.iter().map(row).collect::<Vec<_>>(), expected);
    let order = |r: &String| {
        let group = ["\"process\"", "\"buyer\"", "\"supplier\""]
            .iter()
            .position(|g| r.starts_with(g))
            .unwrap();
        (group, r.clone())
    };
    assert!(
        expected.windows(2).all(|w| order(&w[0]) < order(&w[1])),
        "{expected:?}"
    );
    // The CSV holds the same rows.
    let csv = get(&app, "/api/v1/procurement/flags?format=csv", None).await;
    let mut reader = csv::Reader::from_reader(csv.bytes.as_slice());
    let mut rows: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            format!("\"{}\"|\"{}\"|\"{}\"", &r[0], &r[1], &r[2])
        })
        .collect();
    rows.sort_by_key(order);
    assert_eq!(rows, expected);
    app.cleanup().await;
}

/// The meetings' API answers a list, as it always has; its pages are
/// linked by the `Link` header alone, and walked one meeting at a time
/// they are the whole list, most recent first. The page has its links too.
#[tokio::test]
async fn meetings_come_in_pages_linked_by_the_link_header() {
    let app = TestApp::demo().await;
    let whole = get(&app, "/api/v1/meetings?limit=1000", None).await;
    assert!(whole.headers.get("link").is_none());
    let expected = ids(whole.json().as_array().unwrap(), "code");
    assert!(expected.len() > 1, "the demo holds several meetings");

    let (mut walked, mut uri) = (Vec::new(), "/api/v1/meetings?limit=1".to_owned());
    for _ in 0..100 {
        let reply = get(&app, &uri, None).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        let page = reply.json();
        assert_eq!(page.as_array().unwrap().len(), 1);
        walked.extend(page.as_array().unwrap().iter().cloned());
        let Some(link) = reply.headers.get("link") else {
            break;
        };
        let link = link.to_str().unwrap();
        uri = link[1..link.find('>').unwrap()].to_owned();
        assert!(uri.starts_with("/api/v1/meetings?"), "{uri}");
    }
    assert_eq!(ids(&walked, "code"), expected);
    let days: Vec<&str> = walked
        .iter()
        .map(|m| m["held_on"].as_str().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");

    let page = app.get("/meetings?limit=1").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("rel=\"next\""), "no next link");
    let bad = get(&app, "/api/v1/meetings?after=%2F%2F", None).await;
    assert_eq!(bad.status, 400);
}

/// Every page of `uri` on, following the `Link` header, each a JSON list.
async fn walk_links(app: &TestApp, uri: &str, token: &str) -> Vec<Value> {
    let (mut all, mut uri) = (Vec::new(), uri.to_owned());
    for _ in 0..100 {
        let reply = get(app, &uri, Some(token)).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
        all.extend(reply.json().as_array().unwrap().iter().cloned());
        let Some(link) = reply.headers.get("link") else {
            return all;
        };
        let link = link.to_str().unwrap();
        uri = link[1..link.find('>').unwrap()].to_owned();
    }
    panic!("more than 100 pages from {uri}");
}

/// A deputy's requests and those their authority must answer come in pages
/// newest first, the same requests either side; another country's service
/// gets an empty list and no link to a next page, as if none existed. The
/// page of one list links to its next page.
#[tokio::test]
async fn access_requests_come_in_pages_and_another_service_sees_none() {
    let app = TestApp::demo().await;
    let daf = app.token("bfa-daf").await;
    let mp = app.token("bfa-codes").await;
    let mut made = Vec::new();
    for i in 0..5 {
        let document = register(&app, &daf, &format!("PG-REQ-{i}"), "SD", "2023-03-01").await;
        let reply = app
            .post_json(
                "/api/v1/access-requests",
                &mp,
                serde_json::json!({"document_id": document, "legal_basis": "Règlement, art. 40", "purpose": "Contrôle"}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        made.push(reply.json()["id"].as_i64().unwrap());
    }
    made.reverse();
    let ids = |rows: Vec<Value>| {
        rows.iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(walk_links(&app, "/api/v1/access-requests?limit=2", &mp).await),
        made
    );
    assert_eq!(
        ids(walk_links(&app, "/api/v1/access-requests?view=to_answer&limit=2", &daf).await),
        made
    );
    let mli = app.token("mli-daf").await;
    let other = get(
        &app,
        "/api/v1/access-requests?view=to_answer&limit=1",
        Some(&mli),
    )
    .await;
    assert_eq!((other.status, other.body.as_str()), (200, "[]"));
    assert!(other.headers.get("link").is_none());

    let session = app.sign_in("bfa-codes", "demo").await;
    let page = app
        .get_with_cookie("/access-requests?view=mine&limit=2", &session)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("id=\"request-{}\"", made[1])));
    assert!(!page.body.contains(&format!("id=\"request-{}\"", made[2])));
    assert!(page.body.contains("rel=\"next\""), "no next link");
}
