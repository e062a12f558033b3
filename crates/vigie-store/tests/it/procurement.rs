//! Procurement on the storage layer: the OCDS import (all or nothing,
//! compiled with the merge rules, idempotent), the log that vouches for
//! every process, and classified fields kept from readers who may not see
//! them. Who may write a process is in `ownership`, redaction of array
//! items by their id in `redaction`.

mod lenient;
mod overview;
mod ownership;
mod redaction;

use std::io::Cursor;

use serde_json::{Value, json};
use vigie_domain::CountryCode;
use vigie_import::ImportError;
use vigie_ledger::{SigningKey, VerifierKey};
use vigie_policy::{Authorizer, Principal};
use vigie_store::ImportMode;
use vigie_store::ImportOptions;
use vigie_store::log::LogProblem;
use vigie_store::procurement::{ProcessView, ProcurementImport};
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
            .procurement()
            .import_by(
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

    /// `vigie import ocds --strict`: every deviation an error, nothing corrected.
    async fn import_strict(
        &self,
        name: &str,
        file: String,
    ) -> Result<ProcurementImport, StoreError> {
        let options = ImportOptions {
            mode: ImportMode::Apply,
            strict: true,
        };
        self.store()
            .procurement()
            .import(
                &Actor::Cli,
                name,
                Cursor::new(file.into_bytes()),
                options,
                &mut |_| {},
            )
            .await
    }

    async fn rejected(&self, name: &str, file: String) -> Vec<ImportError> {
        match self.import(name, file).await {
            Err(StoreError::Rejected(errors)) => errors,
            other => panic!("expected the file to be rejected, got {other:?}"),
        }
    }

    /// A process as the public sees it.
    async fn public_process(&self, ocid: &str) -> ProcessView {
        self.store()
            .procurement()
            .process(&self.authorizer, &Actor::System, &Principal::public(), ocid)
            .await
            .unwrap()
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
    assert_eq!(report.processes, 1);

    let view = env.public_process("ocds-test-1").await;
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
    assert_eq!((again.written, again.unchanged, again.processes), (0, 2, 0));
    assert_eq!(
        env.log_size().await,
        size,
        "nothing changed, nothing logged"
    );
    env.verify().await.unwrap();
    env.t.cleanup().await.unwrap();
}

/// A process new to the store is compiled from its first release while the
/// file is read; a second release of it, batches later, compiles it again
/// from both. The import does not keep whose each process is past a bound
/// (2,048): a process named again past it is read back, and still keeps
/// its country. The trail holds one entry per process, and vouches for
/// what is stored.
#[tokio::test]
async fn new_processes_compile_as_read_and_again_when_the_file_adds_a_release() {
    const N: usize = 2_300;
    let env = Env::empty().await;
    let mut releases: Vec<Value> = (1..=N)
        .map(|n| {
            release(
                &format!("ocds-many-{n:04}"),
                &format!("ocds-many-{n:04}-tender"),
                "2023-02-01T00:00:00Z",
                "tender",
                json!({"tender": {"id": "t", "title": format!("Illustrative purchase {n}")}}),
            )
        })
        .collect();

    let mut moved = release(
        "ocds-many-0002",
        "ocds-many-0002-award",
        "2023-03-01T00:00:00Z",
        "award",
        json!({}),
    );
    moved["country"] = json!("MLI");
    let mut file = releases.clone();
    file.push(moved);
    let refused = env.import("moved.json", package(&file)).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("`ocds-many-0002` is a contracting process of BFA"),
        "{refused}"
    );

    releases.push(release(
        "ocds-many-0001",
        "ocds-many-0001-award",
        "2023-03-01T00:00:00Z",
        "award",
        json!({"awards": [{"id": "a1", "status": "active", "value": {"amount": 7, "currency": "XOF"}}]}),
    ));
    let before = env.log_size().await;
    let report = env.import("many.json", package(&releases)).await.unwrap();
    assert_eq!(
        (report.releases, report.written, report.processes),
        (N as u64 + 1, N as u64 + 1, N as u64)
    );
    // One entry per process, and one for Burkina Faso, which this empty
    // store gets with its first contracts.
    let mut entries = Vec::new();
    let end = env.log_size().await;
    while before + (entries.len() as u64) < end {
        let from = before + entries.len() as u64;
        entries.extend(env.store().log_entries(from, end).await.unwrap());
    }
    assert_eq!(entries.len(), N + 1);
    let mut kinds: Vec<(String, String)> = entries
        .iter()
        .map(|(_, leaf)| {
            let e = vigie_ledger::Entry::decode(leaf).unwrap();
            (e.object_type, e.object_id)
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), N + 1, "no object twice");
    assert_eq!(
        kinds
            .iter()
            .filter(|(t, _)| t == "procurement_process")
            .count(),
        N
    );
    let view = |ocid: &'static str| {
        let env = &env;
        async move { env.public_process(ocid).await.release().clone() }
    };
    let first = view("ocds-many-0001").await;
    assert_eq!(first["tender"]["title"], "Illustrative purchase 1");
    assert_eq!(first["awards"][0]["value"]["amount"], 7, "and its award");
    let last = view("ocds-many-2300").await;
    assert_eq!(last["tender"]["title"], "Illustrative purchase 2300");
    env.verify().await.unwrap();
    // `verify` reads the processes a batch at a time: a change behind the
    // log's back in the last batch is still named.
    let changed = env
        .t
        .tamper_compiled(|text| text.replace("Illustrative purchase 2300", "Another purchase"))
        .await
        .unwrap();
    assert_eq!(changed, 1);
    let problem = env.verify().await.unwrap_err();
    assert!(
        format!("{problem:?}").contains("ocds-many-2300"),
        "{problem:?}"
    );
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

/// Rows written before OCDS JSON was stored compressed (decision 0021)
/// hold the JSON text (PostgreSQL's migration converts it to bytes as it
/// is): they still read and verify, and an import packs them again.
#[tokio::test]
async fn a_process_stored_before_compression_reads_verifies_and_is_packed_again() {
    let env = Env::empty().await;
    let file = package(&two_releases());
    env.import("p.json", file.clone()).await.unwrap();
    let plain = |sql: &str| {
        let sql = sql.to_owned();
        let t = &env.t;
        async move {
            for (key, text) in t.ocds_pairs(&sql).await.unwrap() {
                let update = if sql.contains("compiled") {
                    format!("UPDATE procurement_processes SET compiled = $1 WHERE ocid = '{key}'")
                } else {
                    format!("UPDATE ocds_releases SET body = $1 WHERE release_id = '{key}'")
                };
                assert_eq!(t.tamper(&update, Some(text.into_bytes())).await.unwrap(), 1);
            }
        }
    };
    plain("SELECT ocid, compiled FROM procurement_processes").await;
    plain("SELECT release_id, body FROM ocds_releases").await;
    let stored = |sql: &'static str| env.t.ocds_pairs(sql);
    let text_before = stored("SELECT ocid, compiled FROM procurement_processes")
        .await
        .unwrap();
    assert!(text_before[0].1.starts_with('{'));

    env.verify().await.unwrap();
    let view = env.public_process("ocds-test-1").await;
    assert_eq!(view.release()["tender"]["title"], "Illustrative vehicles");

    // The same file again: the bytes differ, the content does not.
    env.import("p.json", file).await.unwrap();
    env.verify().await.unwrap();
    assert_eq!(
        stored("SELECT ocid, compiled FROM procurement_processes")
            .await
            .unwrap(),
        text_before
    );
    let bytes = env
        .t
        .byte_pairs("SELECT ocid, compiled FROM procurement_processes")
        .await
        .unwrap();
    assert_eq!(bytes[0].1[0], 0, "packed again");
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
        .tamper_compiled(|text| text.replace("1000", "10"))
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
    let public = env.public_process("ocds-test-1").await;
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
        .procurement()
        .view(
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
        .procurement()
        .process(&env.authorizer, &mli_actor, &mli, "ocds-test-1")
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
        .procurement()
        .process(&env.authorizer, &actor, &codes, "ocds-test-1")
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
        .procurement()
        .view(&env.authorizer, &Actor::System, &Principal::public(), None)
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
        .procurement()
        .view(&env.authorizer, &Actor::System, &Principal::public(), None)
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
