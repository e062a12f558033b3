//! Secrecy holds on every route: each one is called as the public and as
//! every demo role, with the ids of classified documents planted for the
//! purpose, and no answer may carry a title, reference or byte of content
//! that the policies keep from that caller — nor a passage removed from a
//! public version, nor a classified field of a contracting process.

use std::collections::{BTreeSet, HashSet};

use vigie_policy::{Action, Authorizer, Principal, Resource};
use vigie_store::Actor;
use vigie_store::documents::{Declassify, See};

use crate::support::TestApp;

/// Every route of the router, as (method, path); `{id}` and `{req}` are
/// filled in with planted documents and requests, `{country}` with countries
/// whose classified budget lines are known (and one that is not a country).
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/login/code"),
    ("POST", "/login/code"),
    ("GET", "/account"),
    ("POST", "/account/recovery-codes"),
    ("POST", "/account/second-factor/reset"),
    ("POST", "/account/second-factor/enrol"),
    ("GET", "/policies"),
    ("GET", "/budget"),
    ("GET", "/budget?lang=en"),
    ("GET", "/budget/import"),
    ("POST", "/budget/import"),
    ("GET", "/budget/import/{id}"),
    ("GET", "/budget/template.csv"),
    ("GET", "/budget/{country}"),
    ("GET", "/budget/{country}?year=2019&lang=en"),
    ("GET", "/procurement"),
    ("GET", "/procurement?country=BFA&lang=en"),
    ("GET", "/procurement/processes/{ocid}"),
    ("GET", "/procurement/processes/{ocid}?lang=en"),
    ("GET", "/procurement/suppliers/{supplier}"),
    ("GET", "/procurement/import"),
    ("POST", "/procurement/import"),
    ("GET", "/procurement/import/{id}"),
    ("GET", "/institutions"),
    ("GET", "/institutions?country=MLI&lang=en"),
    ("GET", "/assessments"),
    ("GET", "/assessments/{country}/{year}"),
    ("GET", "/conferences"),
    ("GET", "/conferences?lang=en"),
    ("GET", "/conferences/{id}"),
    ("GET", "/conferences/{id}?lang=en"),
    ("GET", "/recommendations"),
    (
        "GET",
        "/recommendations?country=MLI&status=in_progress&lang=en",
    ),
    ("GET", "/recommendations/{id}"),
    ("GET", "/recommendations/REC-2021-W1-01?lang=en"),
    ("POST", "/recommendations/{id}/status"),
    ("POST", "/recommendations/{id}/milestones/0/done"),
    ("POST", "/recommendations/{id}/evidence"),
    ("GET", "/findings"),
    ("GET", "/meetings"),
    ("GET", "/meetings?country=MLI&lang=en"),
    ("GET", "/meetings/{code}"),
    ("GET", "/documents"),
    ("GET", "/documents?q=SECRET"),
    ("GET", "/documents/new"),
    ("POST", "/documents/new"),
    ("GET", "/documents/{id}"),
    ("POST", "/documents/{id}/request"),
    ("POST", "/documents/{id}/declassify"),
    ("GET", "/access-requests"),
    ("POST", "/access-requests/{req}/decision"),
    ("POST", "/access-requests/{req}/appeal"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/budget"),
    ("GET", "/api/v1/budget?format=csv"),
    ("GET", "/api/v1/budget?format=xlsx"),
    ("GET", "/api/v1/budget/{country}"),
    ("GET", "/api/v1/budget/{country}?format=csv"),
    ("GET", "/api/v1/budget/{country}?format=xlsx"),
    ("GET", "/api/v1/budget/{country}/indicators"),
    (
        "GET",
        "/api/v1/budget/{country}/indicators?to=2021&format=csv",
    ),
    ("GET", "/api/v1/budget/{country}/indicators?format=xlsx"),
    ("GET", "/api/v1/procurement/processes"),
    (
        "GET",
        "/api/v1/procurement/processes?country=bfa&format=csv",
    ),
    ("GET", "/api/v1/procurement/processes?format=xlsx"),
    ("GET", "/api/v1/procurement/processes/{ocid}"),
    ("GET", "/api/v1/procurement/processes/{ocid}?format=csv"),
    ("GET", "/api/v1/procurement/processes/{ocid}?format=xlsx"),
    ("GET", "/api/v1/procurement/dashboard?country=BFA"),
    (
        "GET",
        "/api/v1/procurement/dashboard?country=BFA&format=xlsx",
    ),
    ("GET", "/api/v1/procurement/flags"),
    ("GET", "/api/v1/procurement/flags?country=BFA&format=csv"),
    ("GET", "/api/v1/institutions?country=NER&format=csv"),
    ("GET", "/api/v1/institutions?format=xlsx"),
    ("GET", "/api/v1/assessments"),
    ("GET", "/api/v1/assessments?country=BFA&format=xlsx"),
    ("GET", "/api/v1/conferences"),
    ("GET", "/api/v1/conferences/{id}"),
    ("GET", "/api/v1/recommendations"),
    ("GET", "/api/v1/recommendations?country=NER&format=csv"),
    (
        "GET",
        "/api/v1/recommendations?theme=procurement&format=xlsx",
    ),
    ("POST", "/api/v1/recommendations"),
    (
        "GET",
        "/api/v1/recommendations/dashboard?country=MLI&format=csv",
    ),
    ("GET", "/api/v1/recommendations/{id}"),
    ("POST", "/api/v1/recommendations/{id}/status"),
    ("POST", "/api/v1/recommendations/{id}/evidence"),
    ("GET", "/api/v1/findings"),
    ("GET", "/api/v1/findings?country=MLI&format=csv"),
    ("GET", "/api/v1/findings/statistics"),
    ("GET", "/api/v1/findings/statistics?format=xlsx"),
    ("GET", "/api/v1/meetings"),
    ("GET", "/api/v1/meetings?country=NER"),
    ("GET", "/api/v1/documents"),
    ("GET", "/api/v1/documents?q=SECRET&per_page=100"),
    ("POST", "/api/v1/documents"),
    ("GET", "/api/v1/documents.csv"),
    ("GET", "/api/v1/documents/{id}"),
    ("GET", "/api/v1/documents/{id}/content"),
    ("POST", "/api/v1/documents/{id}/declassify"),
    ("GET", "/api/v1/access-requests"),
    ("GET", "/api/v1/access-requests?view=to_answer"),
    ("POST", "/api/v1/access-requests"),
    ("GET", "/api/v1/access-requests/{req}"),
    ("POST", "/api/v1/access-requests/{req}/decision"),
    ("POST", "/api/v1/access-requests/{req}/appeal"),
    ("GET", "/log/checkpoint"),
    ("GET", "/log/key"),
    ("GET", "/log/entries?start=0&end=1000"),
    ("GET", "/log/proof/inclusion?index=0&size=10"),
    ("GET", "/log/proof/consistency?from=5&to=10"),
    ("GET", "/log/tile/0/000"),
    ("GET", "/log/tile/entries/000"),
    ("GET", "/healthz"),
    ("GET", "/static/vigie.css"),
    ("GET", "/no-such-page"),
];

/// The list above is the router's: a route added to `router.rs` without
/// being added here fails this test.
#[test]
fn the_enumeration_covers_every_route_of_the_router() {
    let source = include_str!("../../src/router.rs");
    let mut declared = Vec::new();
    for part in source.split(".route(").skip(1) {
        let path = part.trim_start().trim_start_matches('"');
        declared.push(&path[..path.find('"').unwrap()]);
    }
    assert!(declared.len() > 20, "{declared:?}");
    for path in declared {
        let pattern = path
            .replace("{*path}", "")
            .replace("{position}", "0")
            .replace("{id}", "{")
            .replace("{req}", "{")
            .replace("{country}", "{")
            .replace("{year}", "{")
            .replace("{ocid}", "{")
            .replace("{supplier}", "{")
            .replace("{code}", "{");
        let covered = ROUTES.iter().any(|(_, r)| {
            let r = r
                .split('?')
                .next()
                .unwrap()
                .replace("{req}", "{")
                .replace("{id}", "{")
                .replace("{country}", "{")
                .replace("{year}", "{")
                .replace("{ocid}", "{")
                .replace("{supplier}", "{")
                .replace("{code}", "{");
            r.ends_with(&pattern) || (pattern.ends_with('/') && r.contains(&pattern))
        });
        assert!(
            covered,
            "route `{path}` of router.rs is not enumerated in ROUTES"
        );
    }
}

/// Strings to look for in answers: text, and amounts (digits, maybe grouped
/// by `,` or U+202F). Amounts are many (every classified budget line, in
/// three forms), so they are looked up in a set, within the runs of digits
/// and separators of an answer (where any of them must lie), rather than
/// searched for one by one.
#[derive(Default)]
struct Strings {
    texts: Vec<String>,
    numbers: HashSet<String>,
    /// The byte lengths of `numbers`.
    lengths: BTreeSet<usize>,
}

impl Strings {
    fn is_number_char(c: char) -> bool {
        c.is_ascii_digit() || c == ',' || c == '\u{202f}'
    }

    fn push(&mut self, s: String) {
        if s.chars().all(Self::is_number_char) {
            self.lengths.insert(s.len());
            self.numbers.insert(s);
        } else {
            self.texts.push(s);
        }
    }

    fn extend(&mut self, strings: impl IntoIterator<Item = String>) {
        for s in strings {
            self.push(s);
        }
    }

    /// The strings `text` contains, each once.
    fn found_in(&self, text: &str) -> Vec<String> {
        let mut found: BTreeSet<String> = self
            .texts
            .iter()
            .filter(|s| text.contains(s.as_str()))
            .cloned()
            .collect();
        let shortest = self.lengths.first().copied().unwrap_or(usize::MAX);
        for run in text.split(|c: char| !Self::is_number_char(c)) {
            if run.len() < shortest {
                continue;
            }
            for len in &self.lengths {
                for start in 0..=run.len().saturating_sub(*len) {
                    if let Some(window) = run.get(start..start + len)
                        && self.numbers.contains(window)
                    {
                        found.insert(window.to_owned());
                    }
                }
            }
        }
        found.into_iter().collect()
    }
}

/// A planted document: unique strings in its title, reference and content.
struct Planted {
    id: i64,
    title: String,
    reference: String,
    content: String,
}

/// The countries whose demo budget has classified lines.
const BUDGET_COUNTRIES: [&str; 2] = ["BFA", "MLI"];

const CALLERS: &[&str] = &[
    "admin",
    "bfa-daf",
    "bfa-cdc",
    "bfa-asce-lc",
    "bfa-codes",
    "bfa-osc-illustr",
    "bfa-presse-illustr",
    "dcaf",
    "mli-bvg",
    "mli-daf",
    "unowas",
    "ptf-fra",
];

#[tokio::test]
async fn no_route_leaks_what_the_policies_keep_from_the_caller() {
    let app = TestApp::demo().await;
    let authorizer = Authorizer::load().unwrap();
    let store = &app.db.store;

    // Plant classified documents of two countries, one per level.
    let mut planted = Vec::new();
    for (service, country) in [("bfa-daf", "BFA"), ("mli-daf", "MLI")] {
        let token = app.token(service).await;
        for level in ["DR", "CD", "SD", "TSD"] {
            let tag = format!("{level}-{country}-7q3");
            let title = format!("TITRE-SECRET-{tag}");
            let reference = format!("REF-SECRET-{tag}");
            let content = format!("CONTENU-SECRET-{tag}");
            let reply = app
                .upload(
                    &token,
                    &[
                        ("title", &title),
                        ("reference", &reference),
                        ("country", country),
                        ("level", level),
                        ("category", "weapons_capabilities"),
                    ],
                    content.as_bytes(),
                )
                .await;
            assert_eq!(reply.status, 201, "{}", reply.body);
            planted.push(Planted {
                id: reply.json()["id"].as_i64().unwrap(),
                title,
                reference,
                content,
            });
        }
    }
    // A public version with a passage removed.
    let daf_user = store
        .user_by_username(&"bfa-daf".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let daf = store.principal(&daf_user).await.unwrap();
    let token = app.token("bfa-daf").await;
    let original = app
        .upload(
            &token,
            &[
                ("title", "Inventaire partiel 7q3"),
                ("reference", "INV-7q3"),
                ("country", "BFA"),
                ("level", "CD"),
                ("category", "weapons_capabilities"),
            ],
            b"Vehicules : 12. Emplacement : PASSAGE-RETIRE-7q3. Fin.",
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let public_version = store
        .documents()
        .declassify(
            &authorizer,
            &Actor::user(&daf_user),
            &daf,
            original,
            &Declassify {
                reasons: "Publication sans l'emplacement.".into(),
                remove: vec!["PASSAGE-RETIRE-7q3".into()],
            },
        )
        .await
        .unwrap()
        .public_version
        .unwrap();
    // An access request, for the request routes.
    let mp_token = app.token("bfa-codes").await;
    let request = app
        .post_json(
            "/api/v1/access-requests",
            &mp_token,
            serde_json::json!({"document_id": planted[2].id, "legal_basis": "art. 40", "purpose": "REQ-PURPOSE-7q3"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();

    // How the policies see each planted document, read through its own
    // producer (who may see everything their service registered).
    let mli_user = store
        .user_by_username(&"mli-daf".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let mli = store.principal(&mli_user).await.unwrap();
    let mut resources = Vec::new();
    for p in &planted {
        let producer = if p.reference.contains("-BFA-") {
            &daf
        } else {
            &mli
        };
        let permit = store
            .documents()
            .authorize::<See>(&authorizer, &Actor::System, producer, p.id)
            .await
            .unwrap();
        resources.push(permit.document().resource());
    }
    let original_resource = store
        .documents()
        .authorize::<See>(&authorizer, &Actor::System, &daf, original)
        .await
        .unwrap()
        .document()
        .resource();

    // A BFA process whose justification is classified CD.
    crate::procurement::secrecy::plant(&app).await;
    let procurement_secret = {
        use crate::procurement::secrecy::{SECRET, SECRET_OCID};
        let scheme = store
            .classification_scheme("BFA".parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let level = scheme.level("CD").unwrap();
        (
            SECRET,
            Resource::procurement_field(SECRET_OCID, level, "", 2022),
        )
    };

    let mut ids: Vec<i64> = planted.iter().map(|p| p.id).collect();
    ids.extend([original, public_version, 999_999]);

    // The demo's classified budget lines (BFA and MLI), with their levels as
    // the policies see them.
    let mut budget_lines = Vec::new();
    for country in BUDGET_COUNTRIES {
        let scheme = store
            .classification_scheme(country.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        for line in crate::budget::classified(country) {
            let level = scheme.level(&line.classification).unwrap();
            budget_lines.push((line, level));
        }
    }
    let mut checked = 0usize;
    let mut positive = 0usize;
    let mut budget_positive = 0usize;
    for caller in std::iter::once("@public").chain(CALLERS.iter().copied()) {
        let (token, principal) = if caller == "@public" {
            (None, Principal::public())
        } else {
            let user = store
                .user_by_username(&caller.parse().unwrap())
                .await
                .unwrap()
                .unwrap();
            (
                Some(app.token(caller).await),
                store.principal(&user).await.unwrap(),
            )
        };
        // What this caller must never receive.
        let mut forbidden = Strings::default();
        let mut allowed = Strings::default();
        let mut allowed_budget = Strings::default();
        for (p, resource) in planted.iter().zip(&resources) {
            let may_list = authorizer
                .decide(&principal, Action::List, resource, None)
                .permit;
            let may_read = authorizer
                .decide(&principal, Action::Consult, resource, None)
                .permit;
            let list_strings = [p.title.clone(), p.reference.clone()];
            if may_list {
                allowed.extend(list_strings)
            } else {
                forbidden.extend(list_strings)
            }
            if may_read {
                allowed.push(p.content.clone())
            } else {
                forbidden.push(p.content.clone())
            }
        }
        if !authorizer
            .decide(&principal, Action::Consult, &original_resource, None)
            .permit
        {
            forbidden.push("PASSAGE-RETIRE-7q3".into());
        }
        // A classified budget line's amount, written on its own in any
        // form, only to whom the policies let see it; its label only to
        // whom may see some classified line (the labels are alike in both
        // countries).
        let mut sees_a_classified_line = false;
        for (line, level) in &budget_lines {
            let resource = Resource::budget_line(0, *level, line.year);
            let forms = crate::budget::written_forms(&line.amount);
            if authorizer
                .decide(&principal, Action::Consult, &resource, None)
                .permit
            {
                sees_a_classified_line = true;
                allowed_budget.extend(forms);
            } else {
                forbidden.extend(forms);
            }
        }
        // The classified justification of the planted process.
        if authorizer
            .decide(&principal, Action::Consult, &procurement_secret.1, None)
            .permit
        {
            allowed.push(procurement_secret.0.into());
        } else {
            forbidden.push(procurement_secret.0.into());
        }
        if sees_a_classified_line {
            allowed.push("lot classifié".into());
        } else {
            forbidden.push("lot classifié".into());
        }

        for (method, route) in ROUTES {
            let uris: Vec<String> = if route.contains("{id}") {
                ids.iter()
                    .map(|id| route.replace("{id}", &id.to_string()))
                    .collect()
            } else if route.contains("{req}") {
                vec![route.replace("{req}", &request.to_string())]
            } else if route.contains("{ocid}") {
                [
                    crate::procurement::secrecy::SECRET_OCID,
                    "ocds-vigie-bfa-2021-003",
                    "no-such-ocid",
                ]
                .iter()
                .map(|o| route.replace("{ocid}", o))
                .collect()
            } else if route.contains("{supplier}") {
                [
                    crate::procurement::secrecy::SECRET_SUPPLIER,
                    "NO-SUCH-SUPPLIER",
                ]
                .iter()
                .map(|o| route.replace("{supplier}", o))
                .collect()
            } else if route.contains("{code}") {
                ["MTG-2021-MLI-01", "NO-SUCH-MEETING"]
                    .iter()
                    .map(|c| route.replace("{code}", c))
                    .collect()
            } else if route.contains("{country}") {
                BUDGET_COUNTRIES
                    .iter()
                    .chain(&["XYZ"])
                    .map(|c| route.replace("{country}", c).replace("{year}", "2023"))
                    .collect()
            } else {
                vec![(*route).to_owned()]
            };
            for uri in uris {
                let (content_type, body): (Option<&str>, Vec<u8>) =
                    match (*method, uri.starts_with("/api/")) {
                        ("GET", _) => (None, vec![]),
                        // Uploads: an empty multipart body (no file: no
                        // budget is imported in the middle of the check).
                        _ if uri == "/api/v1/documents"
                            || uri == "/budget/import"
                            || uri == "/procurement/import" =>
                        {
                            (
                                Some("multipart/form-data; boundary=x"),
                                b"--x--\r\n".to_vec(),
                            )
                        }
                        (_, true) => (Some("application/json"), b"{}".to_vec()),
                        (_, false) => (Some("application/x-www-form-urlencoded"), vec![]),
                    };
                let reply = app
                    .call(method, &uri, token.as_deref(), content_type, body)
                    .await;
                assert!(
                    reply.status < 500,
                    "{caller} {method} {uri}: {} {}",
                    reply.status,
                    reply.body
                );
                // A workbook is compressed: read its cells.
                let is_workbook = reply
                    .headers
                    .get("content-type")
                    .is_some_and(|ct| ct.to_str().unwrap().contains("spreadsheetml"));
                let cells = if is_workbook {
                    crate::budget::xlsx_text(&reply.bytes)
                } else {
                    String::new()
                };
                // `body` keeps every valid UTF-8 run of the bytes as it is,
                // so a secret in the bytes is in `body`.
                for text in [&reply.body, &cells] {
                    if let Some(secret) = forbidden.found_in(text).first() {
                        panic!(
                            "{caller} {method} {uri} ({}) leaks `{secret}`",
                            reply.status
                        );
                    }
                    positive += allowed.found_in(text).len();
                    budget_positive += allowed_budget.found_in(text).len();
                }
                checked += 1;
            }
        }
        // The public version itself is served to everyone, without the passage.
        let version = app
            .call(
                "GET",
                &format!("/api/v1/documents/{public_version}/content"),
                token.as_deref(),
                None,
                vec![],
            )
            .await;
        assert_eq!(version.status, 200, "{caller}");
        assert!(
            version.body.contains("Vehicules : 12.")
                && !version.body.contains("PASSAGE-RETIRE-7q3")
        );
    }
    // The enumeration can see what is allowed: it would see a leak.
    assert!(
        positive > 50,
        "only {positive} allowed strings seen in {checked} answers"
    );
    assert!(
        budget_positive > 1000,
        "only {budget_positive} classified amounts seen by those entitled"
    );
    assert!(checked > 500, "{checked}");
    app.cleanup().await;
}
