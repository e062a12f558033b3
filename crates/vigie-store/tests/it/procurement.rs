//! Procurement on the storage layer: the OCDS import (all or nothing,
//! compiled with the merge rules, idempotent), the log that vouches for
//! every process, and classified fields kept from readers who may not see
//! them.

use std::io::Cursor;

use serde_json::{Value, json};
use vigie_domain::CountryCode;
use vigie_import::ImportError;
use vigie_ledger::{SigningKey, VerifierKey};
use vigie_policy::{Authorizer, Principal};
use vigie_store::budget::ImportMode;
use vigie_store::log::LogProblem;
use vigie_store::procurement::ProcurementImport;
use vigie_store::testing::TestStore;
use vigie_store::{Actor, Store, StoreError, Writer};

/// A producer and classification authority of a stewardship, as the
/// policies see them.
fn producer(id: &str, country: CountryCode, institution: &str, clearance: u8) -> Principal {
    Principal {
        id: id.into(),
        country: Some(country),
        institution: institution.into(),
        institution_kind: Some(vigie_domain::InstitutionKind::ArmyStewardship),
        roles: vec![
            vigie_domain::Role::Producer,
            vigie_domain::Role::ClassificationAuthority,
        ],
        clearance,
        mandates: Vec::new(),
        grants: Vec::new(),
    }
}

struct Env {
    t: TestStore,
    authorizer: Authorizer,
}

impl Env {
    async fn empty() -> Env {
        Env {
            t: TestStore::new().await.unwrap(),
            authorizer: Authorizer::load().unwrap(),
        }
    }

    async fn demo() -> Env {
        let env = Env::empty().await;
        env.store().load_demo().await.unwrap();
        env
    }

    fn store(&self) -> &Store {
        &self.t.store
    }

    async fn import_by(
        &self,
        writer: Writer<'_>,
        name: &str,
        file: String,
    ) -> Result<ProcurementImport, StoreError> {
        self.store()
            .import_ocds_by(
                writer,
                &Actor::Cli,
                name,
                Cursor::new(file.into_bytes()),
                ImportMode::Apply,
                &mut |_| {},
            )
            .await
    }

    async fn import(&self, name: &str, file: String) -> Result<ProcurementImport, StoreError> {
        self.import_by(Writer::Operator, name, file).await
    }

    async fn rejected(&self, name: &str, file: String) -> Vec<ImportError> {
        match self.import(name, file).await {
            Err(StoreError::Rejected(errors)) => errors,
            other => panic!("expected the file to be rejected, got {other:?}"),
        }
    }

    async fn count(&self, table: &str) -> i64 {
        self.t.count(table).await.unwrap()
    }

    async fn user(&self, name: &str) -> (Principal, Actor) {
        let user = self
            .store()
            .user_by_username(&name.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        (
            self.store().principal(&user).await.unwrap(),
            Actor::user(&user),
        )
    }

    async fn log_size(&self) -> u64 {
        self.store().log_head().await.unwrap().size()
    }

    async fn verify(&self) -> Result<(), LogProblem> {
        self.store()
            .verify_log(&verifier(), None)
            .await
            .unwrap()
            .map(|_| ())
    }
}

fn verifier() -> VerifierKey {
    SigningKey::from_seed("vigie-test/procurement", &[7; 32])
        .unwrap()
        .verifier()
}

/// A minimal valid OCDS 1.1 release of a BFA process.
fn release(ocid: &str, id: &str, date: &str, tag: &str, extra: Value) -> Value {
    let mut r = json!({
        "ocid": ocid,
        "id": id,
        "date": date,
        "tag": [tag],
        "initiationType": "tender",
        "country": "BFA",
        "buyer": {"id": "BFA-MDAC", "name": "Ministère de la Défense"},
    });
    if let (Value::Object(r), Value::Object(extra)) = (&mut r, extra) {
        r.extend(extra);
    }
    r
}

fn package(releases: &[Value]) -> String {
    json!({
        "uri": "https://example.org/test.json",
        "publishedDate": "2024-01-01T00:00:00Z",
        "publisher": {"name": "test"},
        "version": "1.1",
        "releases": releases,
    })
    .to_string()
}

/// A derogatory process in two releases: the tender, then the award.
fn two_releases() -> Vec<Value> {
    vec![
        release(
            "ocds-test-1",
            "ocds-test-1-tender",
            "2023-02-01T00:00:00Z",
            "tender",
            json!({"tender": {"id": "t1", "title": "Illustrative vehicles", "procurementMethod": "direct",
                "exemption": {"legalBasis": "Décret illustratif, art. 3", "justification": "SECRET-JUSTIFICATION"}}}),
        ),
        release(
            "ocds-test-1",
            "ocds-test-1-award",
            "2023-03-01T00:00:00Z",
            "award",
            json!({"parties": [{"id": "SUP-1", "name": "Fictive Supplier SARL", "roles": ["supplier"]}],
                "awards": [{"id": "a1", "status": "active", "value": {"amount": 1000, "currency": "XOF"},
                    "suppliers": [{"id": "SUP-1", "name": "Fictive Supplier SARL"}]}]}),
        ),
    ]
}

#[tokio::test]
async fn releases_are_compiled_per_process_and_a_second_import_changes_nothing() {
    let env = Env::empty().await;
    let file = package(&two_releases());
    let report = env.import("p.json", file.clone()).await.unwrap();
    assert_eq!(
        (report.releases, report.written, report.unchanged),
        (2, 2, 0)
    );
    assert_eq!(report.processes, vec!["ocds-test-1".to_owned()]);

    let view = env
        .store()
        .procurement_process(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            "ocds-test-1",
        )
        .await
        .unwrap();
    let r = view.release();
    assert_eq!(
        r["tender"]["title"], "Illustrative vehicles",
        "from the first release"
    );
    assert_eq!(
        r["awards"][0]["suppliers"][0]["id"], "SUP-1",
        "from the second"
    );
    assert_eq!(r["tag"], json!(["compiled"]));
    assert_eq!(view.country(), CountryCode::BFA);

    let size = env.log_size().await;
    let again = env.import("p.json", file).await.unwrap();
    assert_eq!(
        (again.written, again.unchanged, again.processes.len()),
        (0, 2, 0)
    );
    assert_eq!(
        env.log_size().await,
        size,
        "nothing changed, nothing logged"
    );
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_file_with_one_bad_release_stores_nothing_and_names_every_problem() {
    let env = Env::empty().await;
    let mut releases = two_releases();
    releases.push(release(
        "ocds-test-2",
        "r2",
        "2023-01-01T00:00:00Z",
        "tender",
        json!({"country": "ZZZ"}),
    ));
    let mut no_country = release(
        "ocds-test-3",
        "r3",
        "2023-01-01T00:00:00Z",
        "tender",
        json!({}),
    );
    no_country.as_object_mut().unwrap().remove("country");
    releases.push(no_country);
    let errors = env.rejected("bad.json", package(&releases)).await;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown.contains(
            &"bad.json: /releases/2/country: ZZZ is not a country of this instance".to_owned()
        ),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with("bad.json: /releases/3/country: missing")),
        "{shown:#?}"
    );
    for table in [
        "ocds_releases",
        "procurement_processes",
        "procurement_suppliers",
        "countries",
    ] {
        assert_eq!(env.count(table).await, 0, "{table}: all or nothing");
    }
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn invalid_json_is_named_by_line() {
    let env = Env::empty().await;
    let good = two_releases()[0].to_string();
    let errors = env
        .rejected("lines.jsonl", format!("{good}\n{{\"ocid\": ]}}\n"))
        .await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().starts_with("lines.jsonl:2:"),
        "{}",
        errors[0]
    );
    assert_eq!(env.count("ocds_releases").await, 0);
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_producer_imports_only_its_own_country() {
    let env = Env::empty().await;
    let producer = producer("mli-daf", CountryCode::MLI, "MLI-DAF", 4);
    let writer = Writer::User {
        principal: &producer,
        authorizer: &env.authorizer,
    };
    let errors = match env
        .import_by(writer, "p.json", package(&two_releases()))
        .await
    {
        Err(StoreError::Refused(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0]
            .reason
            .contains("only its own country's contracts (MLI)"),
        "{}",
        errors[0]
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_log_names_a_process_changed_behind_its_back() {
    let env = Env::empty().await;
    env.import("p.json", package(&two_releases()))
        .await
        .unwrap();
    env.verify().await.unwrap();
    env.t
        .tamper(
            "UPDATE procurement_processes SET compiled = REPLACE(compiled, '1000', '10')",
            None,
        )
        .await
        .unwrap();
    let problem = env.verify().await.unwrap_err();
    assert!(
        format!("{problem:?}").contains("ocds-test-1"),
        "{problem:?}"
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_classified_field_reaches_only_readers_the_policies_entitle() {
    let env = Env::demo().await;
    let mut releases = two_releases();
    releases[0]["classification"] =
        json!([{"path": "/tender/exemption/justification", "level": "CD"}]);
    env.import("p.json", package(&releases)).await.unwrap();

    // The public: the field is gone, and it is told what was withheld.
    let public = env
        .store()
        .procurement_process(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            "ocds-test-1",
        )
        .await
        .unwrap();
    assert!(
        !public
            .release()
            .to_string()
            .contains("SECRET-JUSTIFICATION")
    );
    assert_eq!(
        public.release()["tender"]["exemption"]["legalBasis"],
        "Décret illustratif, art. 3"
    );
    assert_eq!(public.withheld().len(), 1);
    assert_eq!(public.withheld()[0].path, "/tender/exemption/justification");
    assert_eq!(public.withheld()[0].level, "CD");
    let listed = env
        .store()
        .procurement_view(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            Some(CountryCode::BFA),
        )
        .await
        .unwrap();
    assert!(
        listed
            .processes()
            .iter()
            .all(|p| !p.release().to_string().contains("SECRET-JUSTIFICATION"))
    );

    // Mali's commission is foreign to the process: withheld too.
    let (mli, mli_actor) = env.user("mli-cdspc").await;
    let foreign = env
        .store()
        .procurement_process(&env.authorizer, &mli_actor, &mli, "ocds-test-1")
        .await
        .unwrap();
    assert!(
        !foreign
            .release()
            .to_string()
            .contains("SECRET-JUSTIFICATION")
    );

    // Burkina Faso's defence commission sees it, and the reading is logged.
    let (codes, actor) = env.user("bfa-codes").await;
    let before = env.log_size().await;
    let seen = env
        .store()
        .procurement_process(&env.authorizer, &actor, &codes, "ocds-test-1")
        .await
        .unwrap();
    assert_eq!(
        seen.release()["tender"]["exemption"]["justification"],
        "SECRET-JUSTIFICATION"
    );
    assert!(seen.withheld().is_empty());
    assert_eq!(env.log_size().await, before + 1, "one read logged");
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn the_demo_contracts_are_loaded_for_the_five_countries() {
    let env = Env::demo().await;
    let view = env
        .store()
        .procurement_view(&env.authorizer, &Actor::System, &Principal::public(), None)
        .await
        .unwrap();
    let mut countries: Vec<CountryCode> = view.processes().iter().map(|p| p.country()).collect();
    countries.sort();
    countries.dedup();
    assert_eq!(countries, CountryCode::G5_SAHEL.to_vec());
    assert!(view.processes().len() >= 100, "{}", view.processes().len());
    assert!(view.is_partial(), "some demo justifications are classified");
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn every_flag_fires_on_the_demo_contracts() {
    let env = Env::demo().await;
    let view = env
        .store()
        .procurement_view(&env.authorizer, &Actor::System, &Principal::public(), None)
        .await
        .unwrap();
    let flags = vigie_store::procurement::flags::flags(&view);
    let mut fired: Vec<&str> = flags.rows().map(|(_, _, f)| f.code).collect();
    fired.sort_unstable();
    fired.dedup();
    let all: Vec<&str> = vigie_redflags::INDICATORS.iter().map(|i| i.code).collect();
    let missing: Vec<&&str> = all.iter().filter(|c| !fired.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "never fired on the demo: {missing:?}; fired: {fired:?}"
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_huge_wrong_file_lists_the_first_thousand_problems_and_counts_the_rest() {
    let env = Env::empty().await;
    let mut file = String::new();
    for i in 0..1005 {
        let mut r = release(
            &format!("ocds-test-{i}"),
            "r",
            "2023-01-01T00:00:00Z",
            "tender",
            json!({}),
        );
        r.as_object_mut().unwrap().remove("country");
        file.push_str(&r.to_string());
        file.push('\n');
    }
    let errors = env.rejected("many.jsonl", file).await;
    assert_eq!(errors.len(), 1001);
    assert_eq!(
        errors[999].to_string().split(':').nth(1),
        Some("1000"),
        "{}",
        errors[999]
    );
    assert_eq!(
        errors[1000].to_string(),
        "many.jsonl: … and 5 more problem(s), not listed"
    );
    env.t.cleanup().await.unwrap();
}

/// The rejected file's errors, whichever of the two refusals it is.
fn refusals(result: Result<ProcurementImport, StoreError>) -> Vec<ImportError> {
    match result {
        Err(StoreError::Refused(e)) => e,
        other => panic!("expected the file to be refused, got {other:?}"),
    }
}

/// Issue 14, class 1: a process's country is fixed when it is first
/// stored; no release, whoever sends it, moves it to another country.
#[tokio::test]
async fn a_stored_process_keeps_its_country_and_service() {
    let env = Env::demo().await;
    env.import("p.json", package(&two_releases()))
        .await
        .unwrap();
    let stored = |env: &Env| {
        let store = env.store().clone();
        let authorizer = Authorizer::load().unwrap();
        async move {
            store
                .procurement_process(
                    &authorizer,
                    &Actor::System,
                    &Principal::public(),
                    "ocds-test-1",
                )
                .await
                .unwrap()
        }
    };
    let before = stored(&env).await;
    let mut moved = release(
        "ocds-test-1",
        "ocds-test-1-mli",
        "2023-04-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t1", "title": "Now Mali's"}}),
    );
    moved["country"] = json!("MLI");

    // Mali's stewardship, a producer cleared to the top: refused, naming
    // the process and why.
    let mli = producer("mli-daf", CountryCode::MLI, "MLI-DAF", 4);
    let as_mli = Writer::User {
        principal: &mli,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_mli, "m.json", package(&[moved.clone()]))
            .await,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].column.ends_with("/country"), "{}", errors[0]);
    assert!(
        errors[0].reason.contains(
            "`ocds-test-1` is a contracting process of BFA: a release cannot move it to MLI"
        ),
        "{}",
        errors[0]
    );
    // The operator cannot move it either: it is a rule of the record.
    let errors = refusals(env.import("m.json", package(&[moved])).await);
    assert!(
        errors[0].reason.contains("cannot move it to MLI"),
        "{}",
        errors[0]
    );
    let after = stored(&env).await;
    assert_eq!(after.country(), CountryCode::BFA);
    assert_eq!(after.release(), before.release());

    // A process a service recorded is that service's: another producer of
    // the same country may not change it.
    let daf = producer("bfa-daf", CountryCode::BFA, "BFA-DAF", 4);
    let as_daf = Writer::User {
        principal: &daf,
        authorizer: &env.authorizer,
    };
    let own = release(
        "ocds-test-2",
        "ocds-test-2-tender",
        "2024-01-01T00:00:00Z",
        "tender",
        json!({"tender": {"id": "t2", "title": "Recorded by the stewardship"}}),
    );
    env.import_by(as_daf, "own.json", package(&[own]))
        .await
        .unwrap();
    let other = producer("bfa-dgmp", CountryCode::BFA, "BFA-DGMP", 4);
    let as_other = Writer::User {
        principal: &other,
        authorizer: &env.authorizer,
    };
    let update = release(
        "ocds-test-2",
        "ocds-test-2-update",
        "2024-02-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t2", "title": "Rewritten"}}),
    );
    let errors = refusals(
        env.import_by(as_other, "u.json", package(std::slice::from_ref(&update)))
            .await,
    );
    assert!(
        errors[0].reason.contains("it was recorded by BFA-DAF"),
        "{}",
        errors[0]
    );
    env.import_by(as_daf, "u.json", package(&[update]))
        .await
        .unwrap();
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

/// Issue 14, class 3: classifying a field through an import is a
/// `classify` decision that weighs the writer's role and clearance; and a
/// process with fields above a producer's clearance is not theirs to write.
#[tokio::test]
async fn classifying_a_field_by_import_is_a_policy_decision() {
    let env = Env::demo().await;
    let classify = |level: &str| {
        release(
            "ocds-test-3",
            &format!("ocds-test-3-{level}"),
            "2024-01-01T00:00:00Z",
            "tender",
            json!({"tender": {"id": "t3", "title": "Classified in the file",
                "exemption": {"legalBasis": "Décret illustratif", "justification": "WHY"}},
                "classification": [{"path": "/tender/exemption/justification", "level": level}]}),
        )
    };
    // A producer who is no classification authority may not classify.
    let mut clerk = producer("bfa-daf-clerk", CountryCode::BFA, "BFA-DAF", 4);
    clerk.roles = vec![vigie_domain::Role::Producer];
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_clerk, "c.json", package(&[classify("CD")]))
            .await,
    );
    assert!(
        errors[0].column.ends_with("/classification/0/level"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    // An authority cleared to CD classifies at CD, not at SD.
    let authority = producer("bfa-daf-cd", CountryCode::BFA, "BFA-DAF", 2);
    let as_authority = Writer::User {
        principal: &authority,
        authorizer: &env.authorizer,
    };
    let errors = refusals(
        env.import_by(as_authority, "c.json", package(&[classify("SD")]))
            .await,
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    env.import_by(as_authority, "c.json", package(&[classify("CD")]))
        .await
        .unwrap();
    // The clerk, cleared to DR only, may no longer write the process.
    clerk.clearance = 1;
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let update = release(
        "ocds-test-3",
        "ocds-test-3-update",
        "2024-02-01T00:00:00Z",
        "tenderUpdate",
        json!({"tender": {"id": "t3", "title": "Rewritten"}}),
    );
    let errors = refusals(env.import_by(as_clerk, "u.json", package(&[update])).await);
    assert!(
        errors[0]
            .reason
            .contains("holds fields classified above your clearance"),
        "{}",
        errors[0]
    );
    env.t.cleanup().await.unwrap();
}

/// A classified award's amount (decision 0014): distinctive, so that a leak
/// anywhere is found by text.
const SECRET_AMOUNT: i64 = 987_654_321;
const REDACT_OCID: &str = "ocds-test-redact";
const REDACT_SUPPLIER: &str = "SUP-REDACT";

/// A release of the redaction process with `awards` (`(id, amount)`) and
/// the positional `classified` paths, as a publisher writes them.
fn with_awards(id: &str, date: &str, awards: &[(&str, i64)], classified: &[&str]) -> Value {
    let awards: Vec<Value> = awards
        .iter()
        .map(|(id, amount)| {
            json!({"id": id, "status": "active", "value": {"amount": amount, "currency": "XOF"},
                "suppliers": [{"id": REDACT_SUPPLIER, "name": "Fictive Redact SARL"}]})
        })
        .collect();
    let list: Vec<Value> = classified
        .iter()
        .map(|p| json!({"path": p, "level": "CD"}))
        .collect();
    let mut extra = json!({
        "parties": [{"id": REDACT_SUPPLIER, "name": "Fictive Redact SARL", "roles": ["supplier"]}],
        "awards": awards,
    });
    if !list.is_empty() {
        extra["classification"] = Value::Array(list);
    }
    release(REDACT_OCID, id, date, "award", extra)
}

/// Everything the public gets of the redaction process, as text: the
/// process, the register (what `vigie export ocds` writes), the supplier's
/// processes, the dashboard and the red flags of each.
async fn public_text(env: &Env) -> String {
    let public = Principal::public();
    let s = env.store();
    let one = s
        .procurement_process(&env.authorizer, &Actor::System, &public, REDACT_OCID)
        .await
        .unwrap();
    let all = s
        .procurement_view(&env.authorizer, &Actor::Cli, &public, None)
        .await
        .unwrap();
    let supplier = s
        .supplier_view(&env.authorizer, &Actor::System, &public, REDACT_SUPPLIER)
        .await
        .unwrap();
    let mut out = one.release().to_string();
    for view in [&all, &supplier] {
        for p in view.processes() {
            out.push_str(&p.release().to_string());
        }
        let dashboard = vigie_store::procurement::dashboard::dashboard(view);
        out.push_str(&serde_json::to_string(&dashboard).unwrap());
        let flags = vigie_store::procurement::flags::flags(view);
        out.push_str(&serde_json::to_string(&flags).unwrap());
    }
    out
}

/// The dashboard's value of the supplier's processes, as the public sees it.
async fn public_value(env: &Env) -> rust_decimal::Decimal {
    let view = env
        .store()
        .supplier_view(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            REDACT_SUPPLIER,
        )
        .await
        .unwrap();
    let d = vigie_store::procurement::dashboard::dashboard(&view);
    d.years.iter().map(|y| y.value).sum()
}

/// The awards' amounts the public gets, in the compiled release's order.
async fn public_awards(env: &Env) -> Vec<(String, Option<i64>)> {
    let p = env
        .store()
        .procurement_process(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            REDACT_OCID,
        )
        .await
        .unwrap();
    p.release()["awards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["value"]["amount"].as_i64(),
            )
        })
        .collect()
}

/// A cleared reader (Burkina Faso's court of auditors) still sees the
/// classified amount.
async fn cleared_sees_the_secret(env: &Env) {
    let (cdc, actor) = env.user("bfa-cdc").await;
    let seen = env
        .store()
        .procurement_process(&env.authorizer, &actor, &cdc, REDACT_OCID)
        .await
        .unwrap();
    assert!(
        seen.release()
            .to_string()
            .contains(&SECRET_AMOUNT.to_string()),
        "{}",
        seen.release()
    );
    assert!(seen.withheld().is_empty());
}

fn assert_hidden(text: &str) {
    assert!(
        !text.contains(&SECRET_AMOUNT.to_string()),
        "the classified amount leaks: {text}"
    );
}

#[tokio::test]
async fn a_classified_award_stays_hidden_when_a_later_release_reorders_the_awards() {
    let env = Env::demo().await;
    // The compiled release keeps the first release's order: A-2, then A-1.
    env.import(
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-2", 22_000), ("A-1", 11_000)],
            &[],
        )]),
    )
    .await
    .unwrap();
    // The later release lists A-1 first and classifies its value there.
    env.import(
        "2.json",
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-2".into(), Some(22_000)), ("A-1".into(), None)],
        "A-2 is not withheld in its place"
    );
    assert_eq!(public_value(&env).await, 22_000.into());
    let p = env
        .store()
        .procurement_process(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            REDACT_OCID,
        )
        .await
        .unwrap();
    assert_eq!(p.withheld()[0].path, "/awards/id=A-1/value");
    assert_eq!(p.withheld()[0].pointers, ["/awards/1/value"]);
    cleared_sees_the_secret(&env).await;
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_classified_award_stays_hidden_when_a_release_inserts_one_before_it() {
    let env = Env::demo().await;
    env.import(
        "1.json",
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // An earlier release, imported later: its award comes first.
    env.import(
        "2.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-0", 5_000)],
            &[],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-0".into(), Some(5_000)), ("A-1".into(), None)]
    );
    assert_eq!(public_value(&env).await, 5_000.into());
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_removed_classified_award_leaves_nothing_hidden_wrongly() {
    let env = Env::demo().await;
    env.import(
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // The merge never drops an item by id (and the schema refuses
    // `awards: null`): an award leaves the compiled release when the
    // publisher republishes the release that carried it without it. The
    // entry stays, by id, naming nothing now.
    env.import(
        "2.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-2", 22_000)],
            &["/awards/id=A-1/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    // The award now first is not the classified one: it is shown whole.
    assert_eq!(public_awards(&env).await, [("A-2".into(), Some(22_000))]);
    assert_eq!(public_value(&env).await, 22_000.into());
    let p = env
        .store()
        .procurement_process(
            &env.authorizer,
            &Actor::System,
            &Principal::public(),
            REDACT_OCID,
        )
        .await
        .unwrap();
    assert_eq!(p.withheld()[0].path, "/awards/id=A-1/value");
    assert!(p.withheld()[0].pointers.is_empty(), "nothing left to mark");
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_classified_award_with_a_duplicate_id_is_hidden_whole() {
    let env = Env::demo().await;
    // Two awards share `A-1`: the merge makes them one, and the one
    // classified by position is found by that id.
    env.import(
        "p.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", 11_000), ("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/1/value"],
        )]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-1".into(), None), ("A-2".into(), Some(22_000))]
    );
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_whole_classified_award_is_withheld_by_id_and_the_others_keep_their_fields() {
    let env = Env::demo().await;
    env.import(
        "p.json",
        package(&[
            with_awards("r1", "2023-03-01T00:00:00Z", &[("A-2", 22_000)], &[]),
            with_awards(
                "r2",
                "2023-04-01T00:00:00Z",
                &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
                &["/awards/0"],
            ),
        ]),
    )
    .await
    .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(public_awards(&env).await, [("A-2".into(), Some(22_000))]);
    cleared_sees_the_secret(&env).await;
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn a_process_compiled_before_ids_withholds_the_whole_array_of_a_position() {
    let env = Env::demo().await;
    env.import(
        "p.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    // As a row compiled by an earlier version holds it: a position.
    env.t
        .tamper(
            "UPDATE procurement_processes SET compiled = REPLACE(compiled, '/awards/id=A-1/value', '/awards/0/value')",
            None,
        )
        .await
        .unwrap();
    assert_hidden(&public_text(&env).await);
    assert!(public_awards(&env).await.is_empty(), "withheld whole");
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn an_empty_id_in_a_classification_path_is_an_error_of_the_file() {
    let env = Env::demo().await;
    let errors = env
        .rejected(
            "p.jsonl",
            with_awards(
                "r1",
                "2023-03-01T00:00:00Z",
                &[("A-1", 1)],
                &["/awards/id=/value"],
            )
            .to_string(),
        )
        .await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .starts_with("p.jsonl:1: /classification/0/path: "),
        "{}",
        errors[0]
    );
    env.t.cleanup().await.unwrap();
}

#[tokio::test]
async fn restating_a_classification_by_another_position_classifies_nothing_anew() {
    let env = Env::demo().await;
    let authority = producer("bfa-daf-cd", CountryCode::BFA, "BFA-DAF", 2);
    let as_authority = Writer::User {
        principal: &authority,
        authorizer: &env.authorizer,
    };
    env.import_by(
        as_authority,
        "1.json",
        package(&[with_awards(
            "r1",
            "2023-03-01T00:00:00Z",
            &[("A-1", SECRET_AMOUNT), ("A-2", 22_000)],
            &["/awards/0/value"],
        )]),
    )
    .await
    .unwrap();
    // A producer who may not classify lists the awards the other way round.
    let mut clerk = producer("bfa-daf-clerk", CountryCode::BFA, "BFA-DAF", 4);
    clerk.roles = vec![vigie_domain::Role::Producer];
    let as_clerk = Writer::User {
        principal: &clerk,
        authorizer: &env.authorizer,
    };
    let reordered = |classified: &str| {
        package(&[with_awards(
            "r2",
            "2023-04-01T00:00:00Z",
            &[("A-2", 22_000), ("A-1", SECRET_AMOUNT)],
            &[classified],
        )])
    };
    // Position 0 of this release is A-2: that would classify it anew.
    let errors = refusals(
        env.import_by(as_clerk, "2.json", reordered("/awards/0/value"))
            .await,
    );
    assert!(
        errors[0].reason.contains("may not classify"),
        "{}",
        errors[0]
    );
    // Position 1 is A-1, classified already: nothing new.
    env.import_by(as_clerk, "2.json", reordered("/awards/1/value"))
        .await
        .unwrap();
    assert_hidden(&public_text(&env).await);
    assert_eq!(
        public_awards(&env).await,
        [("A-1".into(), None), ("A-2".into(), Some(22_000))]
    );
    env.t.cleanup().await.unwrap();
}
